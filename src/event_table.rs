//! The event table: one row per visible event of a [`Scene`], its columns, their cell texts,
//! sorting by any column, and the rows as tab-separated text for a spreadsheet. Pure: the app's
//! table view draws from it (only the rows on screen ask for their cells), tests read it
//! without a window.

use std::collections::HashMap;

use crate::model::{Event, Timeline};
use crate::scene::Scene;

/// A column of the table, left to right.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Column {
    Date,
    End,
    Kind,
    Title,
    People,
    Cartels,
    Sources,
    Quotes,
    Disputes,
}

impl Column {
    pub const ALL: [Column; 9] = [
        Column::Date,
        Column::End,
        Column::Kind,
        Column::Title,
        Column::People,
        Column::Cartels,
        Column::Sources,
        Column::Quotes,
        Column::Disputes,
    ];

    /// The header, also the first line of copied rows.
    pub fn title(self) -> &'static str {
        match self {
            Column::Date => "Date",
            Column::End => "End",
            Column::Kind => "Kind",
            Column::Title => "Title",
            Column::People => "People",
            Column::Cartels => "Cartels",
            Column::Sources => "Sources",
            Column::Quotes => "Quotes",
            Column::Disputes => "Disputes",
        }
    }
}

/// Which column the rows are sorted by, and which way. Ties keep the date order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Sort {
    pub column: Column,
    pub descending: bool,
}

impl Sort {
    /// The sort after a click on `column`'s header: by it, ascending; a second click reverses.
    pub fn clicked(current: Option<Sort>, column: Column) -> Sort {
        match current {
            Some(sort) if sort.column == column => Sort {
                column,
                descending: !sort.descending,
            },
            _ => Sort {
                column,
                descending: false,
            },
        }
    }
}

/// People's and cartels' names by id, for cells that show names rather than ids.
/// Owned, so the table view can keep it between frames (built once per timeline, not per frame).
#[derive(Debug, Default)]
pub struct Names {
    people: HashMap<Box<str>, Box<str>>,
    cartels: HashMap<Box<str>, Box<str>>,
}

impl Names {
    pub fn of(timeline: &Timeline) -> Names {
        Names {
            people: (timeline.people.iter())
                .map(|p| (p.id.as_str().into(), p.name.as_str().into()))
                .collect(),
            cartels: (timeline.cartels.iter())
                .map(|c| (c.id.as_str().into(), c.name.as_str().into()))
                .collect(),
        }
    }

    /// "Name, Name": an id the file does not define is shown as written.
    fn join<'a>(
        map: &'a HashMap<Box<str>, Box<str>>,
        ids: impl Iterator<Item = &'a str>,
    ) -> String {
        ids.map(|id| map.get(id).map_or(id, |name| &**name))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// The text of one cell: dates at their precision in the file's syntax (`2013`, `~2025-02`,
/// so a circa date is marked), names rather than ids, counts as numbers.
pub fn cell_text(event: &Event, column: Column, names: &Names) -> String {
    match column {
        Column::Date => event.date.to_file_syntax(),
        Column::End => event.end.map(|d| d.to_file_syntax()).unwrap_or_default(),
        Column::Kind => event.kind.label().to_string(),
        Column::Title => event.title.to_string(),
        Column::People => Names::join(&names.people, event.people().iter().map(|id| &**id)),
        Column::Cartels => Names::join(&names.cartels, event.cartels().iter().map(|id| &**id)),
        Column::Sources => event.sources().len().to_string(),
        // Quotes and disputes only when there are some: the columns stay quiet otherwise.
        Column::Quotes => count_when_present(event.quotes.len()),
        Column::Disputes => count_when_present(event.disputed.len()),
    }
}

fn count_when_present(count: usize) -> String {
    match count {
        0 => String::new(),
        n => n.to_string(),
    }
}

/// The rows of the table: the scene's visible events in date order, or sorted by `sort`. Ties
/// keep the date order either way round; sorting by text ignores case.
pub fn sorted_rows(scene: &Scene, sort: Option<Sort>) -> Vec<u32> {
    let mut rows = scene.date_order().to_vec();
    let Some(sort) = sort else {
        return rows;
    };
    let timeline = scene.timeline();
    let event = |index: u32| timeline.events.get(index as usize);
    // One key per row, computed once (a million rows sort in well under a second), then a
    // stable sort, so that equal keys stay in date order.
    let names = Names::of(timeline);
    let key = |index: u32| -> SortKey {
        let Some(event) = event(index) else {
            return SortKey::Count(0);
        };
        match sort.column {
            Column::Date => SortKey::Count(0),
            Column::End => SortKey::Date(event.end),
            Column::Sources => SortKey::Count(event.sources().len()),
            Column::Quotes => SortKey::Count(event.quotes.len()),
            Column::Disputes => SortKey::Count(event.disputed.len()),
            Column::Kind | Column::Title | Column::People | Column::Cartels => {
                SortKey::Text(cell_text(event, sort.column, &names).to_lowercase())
            }
        }
    };
    if sort.column == Column::Date {
        // Already in date order; the other way round is newest first.
        if sort.descending {
            rows.reverse();
        }
        return rows;
    }
    let mut keyed: Vec<(SortKey, u32)> = rows.iter().map(|&i| (key(i), i)).collect();
    keyed.sort_by(|(a, _), (b, _)| {
        let order = a.cmp(b);
        if sort.descending {
            order.reverse()
        } else {
            order
        }
    });
    rows = keyed.into_iter().map(|(_, i)| i).collect();
    rows
}

/// What a column sorts by.
#[derive(Debug, PartialEq, Eq, PartialOrd, Ord)]
enum SortKey {
    Count(usize),
    /// No end sorts first.
    Date(Option<crate::date::Date>),
    Text(String),
}

/// `rows` as tab-separated text with a header line, ready to paste into a spreadsheet. Tabs and
/// line breaks inside a cell become spaces, so each event stays one line.
pub fn rows_as_tsv(timeline: &Timeline, rows: &[u32]) -> String {
    let names = Names::of(timeline);
    let clean = |text: String| text.replace(['\t', '\n', '\r'], " ");
    let mut out = Column::ALL.map(Column::title).join("\t");
    out.push('\n');
    for event in rows.iter().filter_map(|&i| timeline.events.get(i as usize)) {
        let cells: Vec<String> = Column::ALL
            .iter()
            .map(|&column| clean(cell_text(event, column, &names)))
            .collect();
        out.push_str(&cells.join("\t"));
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::filter::Filter;
    use crate::lanes::Grouping;
    use crate::load::load_str;

    const TIMELINE: &str = r#"Timeline(
  title: "T",
  cartels: [Cartel(id: "sin", name: "Sinaloa Cartel")],
  people: [Person(id: "chapo", name: "Joaquín Guzmán", cartels: ["sin"])],
  sources: [Source(id: "s", title: "S"), Source(id: "t", title: "T")],
  events: [
    Event(id: "b", kind: Court, date: "2019-02", title: "beta\tverdict", people: ["chapo"], sources: ["s", "t"],
          quotes: [Quote(source: "s", text: "found guilty")],
          disputed: [Dispute(date: "2019-03", source: "t")]),
    Event(id: "a", kind: Arrest, date: "~2016", end: "2017", title: "Alpha arrest", cartels: ["sin"], sources: ["s"]),
    Event(id: "c", kind: Escape, date: "2015-07-11", title: "Gamma", sources: ["s"]),
  ],
)"#;

    fn scene() -> Scene {
        let loaded = load_str(TIMELINE);
        let timeline = loaded
            .timeline
            .unwrap_or_else(|| panic!("{:?}", loaded.diagnostics));
        Scene::new(timeline, Grouping::Kind, &Filter::default())
    }

    fn ids(scene: &Scene, rows: &[u32]) -> Vec<String> {
        rows.iter()
            .map(|&i| scene.timeline().events[i as usize].id.to_string())
            .collect()
    }

    #[test]
    fn rows_are_the_date_order_until_a_header_is_clicked_and_a_second_click_reverses() {
        let scene = scene();
        assert_eq!(ids(&scene, &sorted_rows(&scene, None)), ["c", "a", "b"]);
        let by_title = Sort::clicked(None, Column::Title);
        assert_eq!(
            ids(&scene, &sorted_rows(&scene, Some(by_title))),
            ["a", "b", "c"]
        );
        let reversed = Sort::clicked(Some(by_title), Column::Title);
        assert!(reversed.descending);
        assert_eq!(
            ids(&scene, &sorted_rows(&scene, Some(reversed))),
            ["c", "b", "a"]
        );
        // Ties stay in date order the other way round too: c and a have one source each.
        let fewest_last = Sort {
            column: Column::Sources,
            descending: true,
        };
        assert_eq!(
            ids(&scene, &sorted_rows(&scene, Some(fewest_last))),
            ["b", "c", "a"]
        );
        // Another column starts ascending again.
        let by_sources = Sort::clicked(Some(reversed), Column::Sources);
        assert!(!by_sources.descending);
        assert_eq!(
            ids(&scene, &sorted_rows(&scene, Some(by_sources))),
            ["c", "a", "b"]
        );
        let by_people = Sort {
            column: Column::People,
            descending: false,
        };
        // No people sorts first; ties keep the date order.
        assert_eq!(
            ids(&scene, &sorted_rows(&scene, Some(by_people))),
            ["c", "a", "b"]
        );
    }

    #[test]
    fn cells_show_dates_at_their_precision_names_and_counts() {
        let scene = scene();
        let timeline = scene.timeline();
        let names = Names::of(timeline);
        let a = &timeline.events[1];
        let cells: Vec<String> = Column::ALL
            .iter()
            .map(|&c| cell_text(a, c, &names))
            .collect();
        assert_eq!(
            cells,
            [
                "~2016",
                "2017",
                "Arrest",
                "Alpha arrest",
                "",
                "Sinaloa Cartel",
                "1",
                "",
                ""
            ]
        );
        let b = &timeline.events[0];
        assert_eq!(cell_text(b, Column::People, &names), "Joaquín Guzmán");
        assert_eq!(cell_text(b, Column::Disputes, &names), "1");
        assert_eq!(cell_text(b, Column::Quotes, &names), "1");
        assert_eq!(cell_text(b, Column::Date, &names), "2019-02");
    }

    #[test]
    fn copied_rows_are_tab_separated_with_a_header_one_line_per_event() {
        let scene = scene();
        let tsv = rows_as_tsv(scene.timeline(), &[0, 2]);
        let lines: Vec<&str> = tsv.lines().collect();
        assert_eq!(
            lines,
            [
                "Date\tEnd\tKind\tTitle\tPeople\tCartels\tSources\tQuotes\tDisputes",
                "2019-02\t\tCourt\tbeta verdict\tJoaquín Guzmán\t\t2\t1\t1",
                "2015-07-11\t\tEscape\tGamma\t\t\t1\t\t",
            ]
        );
    }

    #[test]
    fn the_rows_follow_the_filter() {
        let mut scene = scene();
        scene.set_filter(&Filter {
            cartels: vec!["sin".into()],
            ..Filter::default()
        });
        // The cartel's own event and its member's.
        assert_eq!(ids(&scene, &sorted_rows(&scene, None)), ["a", "b"]);
    }
}
