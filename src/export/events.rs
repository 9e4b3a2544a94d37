//! The event listings of `chronolanes list` and of the app's "Export events" commands: the
//! visible events of a scene, in its date order.

use std::collections::HashMap;
use std::fmt::Write as _;

use serde::Serialize;

use crate::date::format_period;
use crate::model::{Dispute, Event, Interned, Quote, Timeline};
use crate::scene::Scene;

/// The output formats of `chronolanes list --format`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum EventFormat {
    Table,
    Csv,
    Json,
    Markdown,
}

/// The CSV columns, exactly.
pub const CSV_COLUMNS: [&str; 9] = [
    "id", "date", "end", "kind", "title", "people", "cartels", "place", "sources",
];

/// Writes the visible events of `scene`, in its [date order](crate::scene#date-order), in
/// `format`.
pub fn write_events(scene: &Scene, format: EventFormat) -> String {
    let timeline = scene.timeline();
    let events = (scene.date_order().iter()).filter_map(|&i| timeline.events.get(i as usize));
    match format {
        EventFormat::Table => table(events),
        EventFormat::Csv => csv(events),
        EventFormat::Json => json(events),
        EventFormat::Markdown => markdown(timeline, events),
    }
}

fn csv<'t>(events: impl Iterator<Item = &'t Event>) -> String {
    let mut writer = ::csv::Writer::from_writer(Vec::new());
    // Writing to memory cannot fail; errors would only come from the sink.
    let _ = writer.write_record(CSV_COLUMNS);
    for event in events {
        let end = event.end.map(|d| d.to_file_syntax()).unwrap_or_default();
        let _ = writer.write_record([
            &*event.id,
            &event.date.to_file_syntax(),
            &end,
            &event.kind.cli_name(),
            &event.title,
            &event.people().join(";"),
            &event.cartels().join(";"),
            event.place.as_deref().unwrap_or(""),
            &event.sources().join(";"),
        ]);
    }
    let bytes = writer.into_inner().unwrap_or_default();
    String::from_utf8(bytes).unwrap_or_default()
}

#[derive(Serialize)]
struct JsonEvent<'t> {
    id: &'t str,
    date: String,
    end: Option<String>,
    kind: String,
    title: &'t str,
    people: &'t [Interned],
    cartels: &'t [Interned],
    place: Option<&'t str>,
    sources: &'t [Interned],
    /// `[{"source": "ID", "text": "…"}]`, empty when the event has none.
    quotes: &'t [Quote],
    /// `[{"date": "2019", "source": "ID", "note": "…", "quote": "…"}]`, absent values left out.
    disputed: &'t [Dispute],
}

fn json<'t>(events: impl Iterator<Item = &'t Event>) -> String {
    let rows: Vec<JsonEvent> = events
        .map(|event| JsonEvent {
            id: &event.id,
            date: event.date.to_file_syntax(),
            end: event.end.map(|d| d.to_file_syntax()),
            kind: event.kind.cli_name(),
            title: &event.title,
            people: event.people(),
            cartels: event.cartels(),
            place: event.place.as_deref(),
            sources: event.sources(),
            quotes: &event.quotes,
            disputed: &event.disputed,
        })
        .collect();
    let mut out = serde_json::to_string_pretty(&rows).unwrap_or_else(|_| "[]".into());
    out.push('\n');
    out
}

/// A pipe table an editor can paste into a document: dates for people, names rather than ids.
fn markdown<'t>(timeline: &Timeline, events: impl Iterator<Item = &'t Event>) -> String {
    let people: HashMap<&str, &str> = timeline
        .people
        .iter()
        .map(|p| (p.id.as_str(), p.name.as_str()))
        .collect();
    let cartels: HashMap<&str, &str> = timeline
        .cartels
        .iter()
        .map(|c| (c.id.as_str(), c.name.as_str()))
        .collect();
    let sources: HashMap<&str, &str> = timeline
        .sources
        .iter()
        .map(|s| {
            (
                s.id.as_str(),
                s.outlet.as_deref().unwrap_or(s.title.as_str()),
            )
        })
        .collect();
    let names = |ids: &[Interned], lookup: &HashMap<&str, &str>| -> String {
        ids.iter()
            .map(|id| lookup.get(id.as_str()).copied().unwrap_or(id.as_str()))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let mut out = String::from(
        "| Date | Kind | Event | People | Cartels | Place | Sources | Id |\n|---|---|---|---|---|---|---|---|\n",
    );
    let mut events_with_quotes = Vec::new();
    for event in events {
        if !event.quotes.is_empty() {
            events_with_quotes.push(event);
        }
        let cells = [
            format_period(event.date, event.end),
            event.kind.label(),
            event.title.to_string(),
            names(event.people(), &people),
            names(event.cartels(), &cartels),
            event.place.as_deref().unwrap_or_default().to_string(),
            names(event.sources(), &sources),
            format!("`{}`", event.id),
        ];
        out.push('|');
        for cell in cells {
            let _ = write!(out, " {} |", markdown_cell(&cell));
        }
        out.push('\n');
    }
    // Quotes as block quotes under a heading per event, after the table: a table cell cannot
    // hold paragraphs, and an editor reads the evidence after the list of events.
    for event in events_with_quotes {
        let _ = write!(
            out,
            "\n### {} — {} (`{}`)\n",
            format_period(event.date, event.end),
            one_line(&event.title),
            event.id
        );
        for quote in &event.quotes {
            let source = sources.get(quote.source.as_str()).copied();
            let _ = write!(
                out,
                "\n> {} — {}\n",
                one_line(&quote.text),
                one_line(source.unwrap_or(quote.source.as_str()))
            );
        }
    }
    out
}

/// Text on one line, runs of whitespace as one space: a line break would end a heading or a
/// block quote.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Pipes would end the cell and line breaks the row. Shared with the diff report.
pub(crate) fn markdown_cell(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace('|', "\\|")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Aligned columns for a terminal: date, kind, id, title.
fn table<'t>(events: impl Iterator<Item = &'t Event>) -> String {
    let rows: Vec<[String; 4]> = events
        .map(|event| {
            [
                format_period(event.date, event.end),
                event.kind.cli_name(),
                event.id.to_string(),
                event.title.replace(['\n', '\r'], " "),
            ]
        })
        .collect();
    let header = ["DATE", "KIND", "ID", "TITLE"].map(String::from);
    let mut widths = [0usize; 3];
    for row in std::iter::once(&header).chain(&rows) {
        for (width, cell) in widths.iter_mut().zip(row) {
            *width = (*width).max(cell.chars().count());
        }
    }
    let mut out = String::new();
    for row in std::iter::once(&header).chain(&rows) {
        for (width, cell) in widths.iter().zip(row) {
            let padding = width - cell.chars().count();
            let _ = write!(out, "{cell}{}  ", " ".repeat(padding));
        }
        let _ = writeln!(out, "{}", row[3]);
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
  cartels: [Cartel(id: "guadalajara", name: "Guadalajara Cartel")],
  people: [Person(id: "rcq", name: "Rafael Caro Quintero", cartels: ["guadalajara"])],
  sources: [Source(id: "reuters", outlet: "Reuters", title: "R"), Source(id: "trt", title: "TRT piece")],
  events: [
    Event(id: "kiki", kind: Violence, date: "~1985-02", title: "Camarena killed, \"brutally\"", place: "Guadalajara, Jalisco", cartels: ["guadalajara"], sources: ["reuters"]),
    Event(id: "x29", kind: Extradition, date: "2025-02-27", end: "2025-02-28", title: "29 sent | north", people: ["rcq"], sources: ["reuters", "trt"],
      quotes: [Quote(source: "trt", text: "29 “sent”\n north")],
      disputed: [Dispute(source: "reuters", note: "Counts 55."), Dispute(date: "2025-02-26", source: "trt")]),
  ],
)"#;

    fn output(format: EventFormat) -> String {
        let timeline = load_str(TIMELINE).timeline.unwrap();
        write_events(
            &Scene::new(timeline, Grouping::Kind, &Filter::default()),
            format,
        )
    }

    #[test]
    fn only_the_visible_events_are_written_in_date_order() {
        let mut timeline = load_str(TIMELINE).timeline.unwrap();
        // The 2025 event first in the file: still written after the 1985 one.
        timeline.events.reverse();
        let mut scene = Scene::new(timeline, Grouping::Kind, &Filter::default());
        let ids = |scene: &Scene| -> Vec<String> {
            let csv = write_events(scene, EventFormat::Csv);
            csv.lines()
                .skip(1)
                .map(|line| line.split(',').next().unwrap_or_default().to_string())
                .collect()
        };
        assert_eq!(ids(&scene), ["kiki", "x29"]);
        scene.set_filter(&Filter {
            people: vec!["rcq".into()],
            ..Filter::default()
        });
        assert_eq!(ids(&scene), ["x29"]);
    }

    #[test]
    fn csv_has_the_exact_columns_and_quoting() {
        assert_eq!(
            output(EventFormat::Csv),
            "id,date,end,kind,title,people,cartels,place,sources\n\
             kiki,~1985-02,,violence,\"Camarena killed, \"\"brutally\"\"\",,guadalajara,\"Guadalajara, Jalisco\",reuters\n\
             x29,2025-02-27,2025-02-28,extradition,29 sent | north,rcq,,,reuters;trt\n"
        );
    }

    #[test]
    fn json_lists_are_arrays() {
        let value: serde_json::Value = serde_json::from_str(&output(EventFormat::Json)).unwrap();
        assert_eq!(value[1]["sources"], serde_json::json!(["reuters", "trt"]));
        assert_eq!(value[0]["end"], serde_json::Value::Null);
        assert_eq!(value[0]["date"], "~1985-02");
        let keys: Vec<&String> = value[0].as_object().unwrap().keys().collect();
        // The CSV's columns, then quotes and disputes.
        assert_eq!(keys.len(), CSV_COLUMNS.len() + 2);
        assert_eq!(value[0]["quotes"], serde_json::json!([]));
        assert_eq!(
            value[1]["quotes"],
            serde_json::json!([{"source": "trt", "text": "29 “sent”\n north"}])
        );
        assert_eq!(
            value[1]["disputed"],
            serde_json::json!([
                {"source": "reuters", "note": "Counts 55."},
                {"date": "2025-02-26", "source": "trt"}
            ])
        );
    }

    #[test]
    fn markdown_escapes_pipes_and_uses_names() {
        assert_eq!(
            output(EventFormat::Markdown),
            "| Date | Kind | Event | People | Cartels | Place | Sources | Id |\n\
             |---|---|---|---|---|---|---|---|\n\
             | c. Feb 1985 | Violence | Camarena killed, \"brutally\" |  | Guadalajara Cartel | Guadalajara, Jalisco | Reuters | `kiki` |\n\
             | 27 Feb 2025 – 28 Feb 2025 | Extradition | 29 sent \\| north | Rafael Caro Quintero |  |  | Reuters, TRT piece | `x29` |\n\
             \n\
             ### 27 Feb 2025 – 28 Feb 2025 — 29 sent | north (`x29`)\n\
             \n\
             > 29 “sent” north — TRT piece\n"
        );
    }

    #[test]
    fn table_aligns_columns() {
        assert_eq!(
            output(EventFormat::Table),
            "DATE                       KIND         ID    TITLE\n\
             c. Feb 1985                violence     kiki  Camarena killed, \"brutally\"\n\
             27 Feb 2025 – 28 Feb 2025  extradition  x29   29 sent | north\n"
        );
    }
}
