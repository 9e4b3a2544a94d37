//! Checks that need the whole timeline: ids, references, date order, colours, links, duplicates.
//!
//! Errors make the loader reject the file; warnings let it load. Each problem points at the value
//! to fix: for a duplicate id the second occurrence, for a bad reference that reference.

use std::cell::OnceCell;
use std::collections::HashSet;
use std::hash::BuildHasher;

use hashbrown::hash_table::Entry;
use hashbrown::{DefaultHashBuilder, HashTable};

use crate::diagnostic::Problem;
use crate::load::{EventSpans, SourceMap, Span};
use crate::model::{Cartel, Event, Person, Source, Timeline};
use crate::suggest::closest;

/// All semantic problems of a decoded timeline.
///
/// Built for a million events: ids are looked up in tables of 4-byte indices with a fast seeded
/// hasher, each reference is hashed once, and an event's spans are only looked for (see
/// [`SourceMap::event_spans`]) when it has a problem.
pub fn validate(timeline: &Timeline, map: &SourceMap) -> Vec<Problem> {
    let mut problems = Vec::new();
    let span_or_default = |spans: Option<&Span>| spans.cloned().unwrap_or_default();

    for (era, spans) in timeline.eras.iter().zip(&map.eras) {
        if era.end.last_day() < era.start.first_day() {
            problems.push(Problem::error(
                spans.end.clone(),
                format!(
                    "era `{}` ends ({}) before it starts ({})",
                    era.title, era.end, era.start
                ),
            ));
        }
    }

    let cartel_ids = check_ids(
        "cartel",
        IdTable::new(&timeline.cartels, |c: &Cartel| c.id.as_str()),
        |index| span_or_default(map.cartels.get(index).map(|s| &s.id)),
        &mut problems,
    );
    let person_ids = check_ids(
        "person",
        IdTable::new(&timeline.people, |p: &Person| p.id.as_str()),
        |index| span_or_default(map.people.get(index).map(|s| &s.id)),
        &mut problems,
    );
    let source_ids = check_ids(
        "source",
        IdTable::new(&timeline.sources, |s: &Source| s.id.as_str()),
        |index| span_or_default(map.sources.get(index).map(|s| &s.id)),
        &mut problems,
    );
    check_ids(
        "event",
        IdTable::new(&timeline.events, |e: &Event| e.id.as_str()),
        |index| map.event_spans(index).id,
        &mut problems,
    );

    for (cartel, spans) in timeline.cartels.iter().zip(&map.cartels) {
        if let Some(color) = &cartel.color
            && !is_hex_color(color)
        {
            problems.push(Problem::error(
                spans.color.clone(),
                format!(
                    "colour `{color}` of cartel `{}` is not `#rgb` or `#rrggbb`",
                    cartel.id
                ),
            ));
        }
    }
    for (source, spans) in timeline.sources.iter().zip(&map.sources) {
        if let Some(url) = &source.url
            && !is_openable_link(url)
        {
            problems.push(Problem::warning(
                spans.url.clone(),
                format!("link `{url}` of source `{}` is not http(s) or mailto: it is shown but never opened", source.id),
            ));
        }
    }

    let undecoded: HashSet<&str> = map.undecoded_ids.iter().map(String::as_str).collect();
    let mut cartels = References::new("cartel", &cartel_ids, &undecoded);
    let mut people = References::new("person", &person_ids, &undecoded);
    let mut sources = References::new("source", &source_ids, &undecoded);

    for (person, spans) in timeline.people.iter().zip(&map.people) {
        for (index, cartel) in person.cartels.iter().enumerate() {
            cartels.check(
                cartel,
                || span_or_default(spans.cartels.get(index)),
                &mut problems,
            );
        }
    }

    let hasher = DefaultHashBuilder::default();
    // (kind, date, title) → the first event with them, as an index.
    let mut seen_events: HashTable<u32> = HashTable::with_capacity(timeline.events.len());
    let key_of = |index: u32| {
        timeline
            .events
            .get(index as usize)
            .map(|e| (e.kind, e.date, e.title.as_str()))
    };
    for (event_index, event) in timeline.events.iter().enumerate() {
        let spans_cell: OnceCell<EventSpans> = OnceCell::new();
        let spans = || spans_cell.get_or_init(|| map.event_spans(event_index));
        if let Some(end) = event.end
            && end.last_day() < event.date.first_day()
        {
            problems.push(Problem::error(
                spans().end.clone(),
                format!(
                    "event `{}` ends ({end}) before its date ({})",
                    event.id, event.date
                ),
            ));
        }
        for (index, person) in event.people.iter().enumerate() {
            people.check(
                person,
                || span_or_default(spans().people.get(index)),
                &mut problems,
            );
        }
        for (index, cartel) in event.cartels.iter().enumerate() {
            cartels.check(
                cartel,
                || span_or_default(spans().cartels.get(index)),
                &mut problems,
            );
        }
        for (index, source) in event.sources.iter().enumerate() {
            sources.check(
                source,
                || span_or_default(spans().sources.get(index)),
                &mut problems,
            );
        }
        for (index, dispute) in event.disputed.iter().enumerate() {
            sources.check(
                &dispute.source,
                || span_or_default(spans().dispute_sources.get(index)),
                &mut problems,
            );
        }
        if event.sources.is_empty() {
            problems.push(Problem::warning(
                spans().start.clone(),
                format!("event `{}` cites no sources", event.id),
            ));
        }
        let key = (event.kind, event.date, event.title.as_str());
        let entry = seen_events.entry(
            hasher.hash_one(key),
            |&other| key_of(other) == Some(key),
            |&other| hasher.hash_one(key_of(other)),
        );
        match entry {
            Entry::Occupied(first) => {
                // Later copies keep pointing at the first one.
                let first_id = timeline
                    .events
                    .get(*first.get() as usize)
                    .map_or("", |e| e.id.as_str());
                problems.push(Problem::warning(
                    spans().title.clone(),
                    format!(
                        "event `{}` has the same kind, date and title as `{first_id}`",
                        event.id
                    ),
                ));
            }
            Entry::Vacant(slot) => {
                slot.insert(event_index as u32);
            }
        }
    }

    cartels.report_unused(
        |index| span_or_default(map.cartels.get(index).map(|s| &s.id)),
        &mut problems,
    );
    people.report_unused(
        |index| span_or_default(map.people.get(index).map(|s| &s.id)),
        &mut problems,
    );
    sources.report_unused(
        |index| span_or_default(map.sources.get(index).map(|s| &s.id)),
        &mut problems,
    );
    problems
}

/// Ids of one kind of entity → the index of the first entity with that id. Holds 4-byte indices
/// rather than strings: the event table alone has a million entries.
struct IdTable<'t, T> {
    items: &'t [T],
    id_of: fn(&T) -> &str,
    table: HashTable<u32>,
    hasher: DefaultHashBuilder,
}

impl<'t, T> IdTable<'t, T> {
    fn new(items: &'t [T], id_of: fn(&T) -> &str) -> Self {
        IdTable {
            items,
            id_of,
            table: HashTable::with_capacity(items.len()),
            hasher: DefaultHashBuilder::default(),
        }
    }

    fn id(&self, index: u32) -> &'t str {
        self.items.get(index as usize).map_or("", self.id_of)
    }

    /// Adds entity `index`; false when an earlier entity has the same id.
    fn insert(&mut self, index: u32) -> bool {
        let id = self.id(index);
        let (items, id_of, hasher) = (self.items, self.id_of, &self.hasher);
        let id_at = |other: u32| items.get(other as usize).map_or("", id_of);
        match self.table.entry(
            hasher.hash_one(id),
            |&other| id_at(other) == id,
            |&other| hasher.hash_one(id_at(other)),
        ) {
            Entry::Occupied(_) => false,
            Entry::Vacant(slot) => {
                slot.insert(index);
                true
            }
        }
    }

    /// The index of the first entity with `id`.
    fn get(&self, id: &str) -> Option<u32> {
        self.table
            .find(self.hasher.hash_one(id), |&other| self.id(other) == id)
            .copied()
    }
}

/// Reports empty, blank-containing and duplicate ids; returns the table of ids.
fn check_ids<'t, T>(
    what: &str,
    mut ids: IdTable<'t, T>,
    span_of: impl Fn(usize) -> Span,
    problems: &mut Vec<Problem>,
) -> IdTable<'t, T> {
    for index in 0..ids.items.len() {
        let id = ids.id(index as u32);
        if id.is_empty() {
            problems.push(Problem::error(
                span_of(index),
                format!("{what} id is empty"),
            ));
        } else if id.chars().any(char::is_whitespace) {
            problems.push(Problem::error(
                span_of(index),
                format!("{what} id `{id}` contains whitespace"),
            ));
        }
        if !ids.insert(index as u32) {
            problems.push(Problem::error(
                span_of(index),
                format!("duplicate {what} id `{id}`"),
            ));
        }
    }
    ids
}

/// References to one kind of entity: checks that each names a known id and remembers which
/// entities are used.
struct References<'a, 't, T> {
    what: &'static str,
    ids: &'a IdTable<'t, T>,
    undecoded: &'a HashSet<&'t str>,
    /// By entity index (of the first entity with each id).
    used: Vec<bool>,
    /// Sorted known ids for suggestions, built at the first unknown reference.
    candidates: OnceCell<Vec<&'t str>>,
}

impl<'a, 't, T> References<'a, 't, T> {
    fn new(what: &'static str, ids: &'a IdTable<'t, T>, undecoded: &'a HashSet<&'t str>) -> Self {
        References {
            what,
            ids,
            undecoded,
            used: vec![false; ids.items.len()],
            candidates: OnceCell::new(),
        }
    }

    fn check(&mut self, id: &str, span: impl FnOnce() -> Span, problems: &mut Vec<Problem>) {
        if let Some(index) = self.ids.get(id) {
            if let Some(used) = self.used.get_mut(index as usize) {
                *used = true;
            }
            return;
        }
        if self.undecoded.contains(id) {
            return;
        }
        // Sorted so the suggestion does not depend on hash order.
        let candidates = self.candidates.get_or_init(|| {
            let mut ids: Vec<&str> = self.ids.table.iter().map(|&i| self.ids.id(i)).collect();
            ids.sort_unstable();
            ids
        });
        let hint = closest(id, candidates.iter().copied())
            .map(|close| format!("; did you mean `{close}`?"))
            .unwrap_or_default();
        problems.push(Problem::error(
            span(),
            format!("unknown {} `{id}`{hint}", self.what),
        ));
    }

    fn report_unused(&self, span_of: impl Fn(usize) -> Span, problems: &mut Vec<Problem>) {
        for index in 0..self.ids.items.len() {
            let id = self.ids.id(index as u32);
            let used = self
                .ids
                .get(id)
                .and_then(|first| self.used.get(first as usize))
                .copied()
                .unwrap_or(false);
            if !used {
                problems.push(Problem::warning(
                    span_of(index),
                    format!("{} `{id}` is never referred to", self.what),
                ));
            }
        }
    }
}

/// `#rgb` or `#rrggbb`.
pub fn is_hex_color(text: &str) -> bool {
    text.strip_prefix('#')
        .is_some_and(|hex| matches!(hex.len(), 3 | 6) && hex.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// Links the app may open in a browser: http, https and mailto, nothing else.
pub fn is_openable_link(url: &str) -> bool {
    let lower = url.trim().to_ascii_lowercase();
    let has_host = |rest: &str| !rest.is_empty() && !rest.starts_with('/');
    if let Some(rest) = lower.strip_prefix("https://") {
        return has_host(rest);
    }
    if let Some(rest) = lower.strip_prefix("http://") {
        return has_host(rest);
    }
    lower
        .strip_prefix("mailto:")
        .is_some_and(|rest| rest.contains('@'))
}

#[cfg(test)]
mod tests {
    use crate::load::load_str;

    /// Loads `events` (RON list items) inside a timeline with people, cartels and sources, and
    /// returns "LINE:COL severity: message" for every diagnostic.
    fn check(extra: &str) -> Vec<String> {
        let text = format!(
            r##"Timeline(
  title: "T",
  cartels: [Cartel(id: "sinaloa", name: "Sinaloa Cartel", color: "#2a9d8f")],
  people: [Person(id: "caro-quintero", name: "Rafael Caro Quintero", cartels: ["sinaloa"])],
  sources: [Source(id: "reuters", title: "R", url: "https://example.org")],
  events: [
    Event(id: "base", kind: Arrest, date: "1985", title: "Base", people: ["caro-quintero"], sources: ["reuters"]),
{extra}
  ],
)"##
        );
        load_str(&text)
            .diagnostics
            .iter()
            .map(|d| {
                format!(
                    "{}:{} {}: {}",
                    d.line,
                    d.column,
                    d.severity.label(),
                    d.message
                )
            })
            .collect()
    }

    #[test]
    fn a_clean_file_has_no_diagnostics() {
        assert_eq!(check(""), Vec::<String>::new());
    }

    #[test]
    fn unknown_reference_suggests_the_closest_id() {
        assert_eq!(
            check(
                r#"    Event(id: "e", kind: Court, date: "1986", title: "E", people: ["caro-quinteo"], sources: ["reuters"]),"#
            ),
            ["8:68 error: unknown person `caro-quinteo`; did you mean `caro-quintero`?"]
        );
    }

    #[test]
    fn duplicate_id_points_at_the_second_occurrence() {
        assert_eq!(
            check(
                r#"    Event(id: "base", kind: Court, date: "1986", title: "E", sources: ["reuters"]),"#
            ),
            ["8:15 error: duplicate event id `base`"]
        );
    }

    #[test]
    fn end_before_date_is_an_error_but_same_period_is_not() {
        assert_eq!(
            check(
                r#"    Event(id: "e", kind: Court, date: "1986-05", end: "1986-04-30", title: "E", sources: ["reuters"]),"#
            ),
            ["8:55 error: event `e` ends (1986-04-30) before its date (1986-05)"]
        );
        assert_eq!(
            check(
                r#"    Event(id: "e", kind: Court, date: "1986-05-03", end: "1986-05", title: "E", sources: ["reuters"]),"#
            ),
            Vec::<String>::new()
        );
    }

    #[test]
    fn ids_must_be_non_empty_and_without_whitespace() {
        assert_eq!(
            check(
                r#"    Event(id: "", kind: Court, date: "1986", title: "E", sources: ["reuters"]), Event(id: "a b", kind: Court, date: "1987", title: "F", sources: ["reuters"]),"#
            ),
            [
                "8:15 error: event id is empty",
                "8:91 error: event id `a b` contains whitespace"
            ]
        );
    }

    #[test]
    fn warns_about_missing_sources_and_exact_duplicates() {
        assert_eq!(
            check(
                r#"    Event(id: "e", kind: Arrest, date: "1985", title: "Base", sources: ["reuters"]),
    Event(id: "f", kind: Violence, date: "1990", title: "F"),"#
            ),
            [
                "8:55 warning: event `e` has the same kind, date and title as `base`",
                "9:5 warning: event `f` cites no sources"
            ]
        );
    }

    #[test]
    fn bad_colour_era_order_and_links() {
        let text = r#"Timeline(
  title: "T",
  eras: [Era(title: "E", start: "2000", end: "1999-12")],
  cartels: [Cartel(id: "c", name: "C", color: "red")],
  sources: [Source(id: "s", title: "S", url: "javascript:alert(1)"), Source(id: "unused", title: "U")],
  events: [Event(id: "e", kind: Arrest, date: "1985", title: "E", cartels: ["c"], sources: ["s"])],
)"#;
        let found: Vec<String> = load_str(text)
            .diagnostics
            .iter()
            .map(|d| format!("{}:{} {}", d.line, d.column, d.message))
            .collect();
        assert_eq!(
            found,
            [
                "3:46 era `E` ends (1999-12) before it starts (2000)",
                "4:47 colour `red` of cartel `c` is not `#rgb` or `#rrggbb`",
                "5:46 link `javascript:alert(1)` of source `s` is not http(s) or mailto: it is shown but never opened",
                "5:81 source `unused` is never referred to",
            ]
        );
    }

    #[test]
    fn unused_people_and_cartels_warn() {
        let text = r#"Timeline(title: "T",
  cartels: [Cartel(id: "c", name: "C")],
  people: [Person(id: "p", name: "P")],
  events: [])"#;
        let found: Vec<String> = load_str(text)
            .diagnostics
            .iter()
            .map(|d| d.message.clone())
            .collect();
        assert_eq!(
            found,
            [
                "cartel `c` is never referred to",
                "person `p` is never referred to"
            ]
        );
    }

    #[test]
    fn link_rules() {
        use super::is_openable_link;
        assert!(is_openable_link("https://example.org/a"));
        assert!(is_openable_link("HTTP://example.org"));
        assert!(is_openable_link("mailto:desk@example.org"));
        for bad in [
            "javascript:alert(1)",
            "file:///etc/passwd",
            "data:text/html,x",
            "/relative",
            "example.org",
            "https://",
        ] {
            assert!(!is_openable_link(bad), "{bad}");
        }
    }
}
