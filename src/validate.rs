//! Checks that need the whole timeline: ids, references, date order, colours, links, duplicates.
//!
//! Errors make the loader reject the file; warnings let it load. Each problem points at the value
//! to fix: for a duplicate id the second occurrence, for a bad reference that reference.

use std::collections::{HashMap, HashSet};

use crate::diagnostic::{Problem, quoted};
use crate::load::{SourceMap, Span};
use crate::model::Timeline;
use crate::suggest::Suggester;

/// All semantic problems of a decoded timeline.
pub fn validate(timeline: &Timeline, map: &SourceMap) -> Vec<Problem> {
    let mut problems = Vec::new();
    let span_or_default = |spans: Option<&Span>| spans.cloned().unwrap_or_default();

    for (era, spans) in timeline.eras.iter().zip(&map.eras) {
        if era.end.last_day() < era.start.first_day() {
            problems.push(Problem::error(
                spans.end.clone(),
                format!(
                    "era {} ends ({}) before it starts ({})",
                    quoted(&era.title),
                    era.end,
                    era.start
                ),
            ));
        }
    }

    let cartel_ids = check_ids(
        "cartel",
        timeline.cartels.iter().map(|c| c.id.as_str()),
        map.cartels.iter().map(|s| &s.id),
        &mut problems,
    );
    let person_ids = check_ids(
        "person",
        timeline.people.iter().map(|p| p.id.as_str()),
        map.people.iter().map(|s| &s.id),
        &mut problems,
    );
    let source_ids = check_ids(
        "source",
        timeline.sources.iter().map(|s| s.id.as_str()),
        map.sources.iter().map(|s| &s.id),
        &mut problems,
    );
    check_ids(
        "event",
        timeline.events.iter().map(|e| e.id.as_str()),
        map.events.iter().map(|s| &s.id),
        &mut problems,
    );

    for (cartel, spans) in timeline.cartels.iter().zip(&map.cartels) {
        if let Some(color) = &cartel.color
            && !is_hex_color(color)
        {
            problems.push(Problem::error(
                spans.color.clone(),
                format!(
                    "colour {} of cartel {} is not `#rgb` or `#rrggbb`",
                    quoted(color),
                    quoted(&cartel.id)
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
                format!(
                    "link {} of source {} is not http(s) or mailto: it is shown but never opened",
                    quoted(url),
                    quoted(&source.id)
                ),
            ));
        }
    }

    let mut references = References {
        undecoded: map.undecoded_ids.iter().map(String::as_str).collect(),
        people: Known::new(&person_ids),
        cartels: Known::new(&cartel_ids),
        sources: Known::new(&source_ids),
        suggester: Suggester::new(),
    };
    let mut used_cartels = HashSet::new();
    let mut used_people = HashSet::new();
    let mut used_sources = HashSet::new();

    for (person, spans) in timeline.people.iter().zip(&map.people) {
        for (index, cartel) in person.cartels.iter().enumerate() {
            let span = span_or_default(spans.cartels.get(index));
            references.check("cartel", cartel, span, &mut problems);
            used_cartels.insert(cartel.as_str());
        }
    }

    let mut seen_events: HashMap<(crate::model::Kind, crate::date::Date, &str), &str> =
        HashMap::new();
    for (event, spans) in timeline.events.iter().zip(&map.events) {
        if let Some(end) = event.end
            && end.last_day() < event.date.first_day()
        {
            problems.push(Problem::error(
                spans.end.clone(),
                format!(
                    "event {} ends ({end}) before its date ({})",
                    quoted(&event.id),
                    event.date
                ),
            ));
        }
        for (index, person) in event.people.iter().enumerate() {
            let span = span_or_default(spans.people.get(index));
            references.check("person", person, span, &mut problems);
            used_people.insert(person.as_str());
        }
        for (index, cartel) in event.cartels.iter().enumerate() {
            let span = span_or_default(spans.cartels.get(index));
            references.check("cartel", cartel, span, &mut problems);
            used_cartels.insert(cartel.as_str());
        }
        for (index, source) in event.sources.iter().enumerate() {
            let span = span_or_default(spans.sources.get(index));
            references.check("source", source, span, &mut problems);
            used_sources.insert(source.as_str());
        }
        for (index, dispute) in event.disputed.iter().enumerate() {
            let span = span_or_default(spans.dispute_sources.get(index));
            references.check("source", &dispute.source, span, &mut problems);
            used_sources.insert(dispute.source.as_str());
        }
        if event.sources.is_empty() {
            problems.push(Problem::warning(
                spans.start.clone(),
                format!("event {} cites no sources", quoted(&event.id)),
            ));
        }
        let key = (event.kind, event.date, event.title.as_str());
        if let Some(first) = seen_events.insert(key, &event.id) {
            problems.push(Problem::warning(
                spans.title.clone(),
                format!(
                    "event {} has the same kind, date and title as {}",
                    quoted(&event.id),
                    quoted(first)
                ),
            ));
            // Keep pointing later copies at the first one.
            seen_events.insert(key, first);
        }
    }

    unused(
        "cartel",
        timeline.cartels.iter().map(|c| c.id.as_str()),
        map.cartels.iter().map(|s| &s.id),
        &used_cartels,
        &mut problems,
    );
    unused(
        "person",
        timeline.people.iter().map(|p| p.id.as_str()),
        map.people.iter().map(|s| &s.id),
        &used_people,
        &mut problems,
    );
    unused(
        "source",
        timeline.sources.iter().map(|s| s.id.as_str()),
        map.sources.iter().map(|s| &s.id),
        &used_sources,
        &mut problems,
    );
    problems
}

/// Reports empty, blank-containing and duplicate ids; returns the set of ids (first occurrences).
fn check_ids<'t>(
    what: &str,
    ids: impl Iterator<Item = &'t str>,
    spans: impl Iterator<Item = &'t Span>,
    problems: &mut Vec<Problem>,
) -> HashSet<&'t str> {
    let mut seen = HashSet::new();
    for (id, span) in ids.zip(spans) {
        if id.is_empty() {
            problems.push(Problem::error(span.clone(), format!("{what} id is empty")));
        } else if id.chars().any(char::is_whitespace) {
            problems.push(Problem::error(
                span.clone(),
                format!("{what} id {} contains whitespace", quoted(id)),
            ));
        }
        if !seen.insert(id) {
            problems.push(Problem::error(
                span.clone(),
                format!("duplicate {what} id {}", quoted(id)),
            ));
        }
    }
    seen
}

struct References<'t> {
    undecoded: HashSet<&'t str>,
    people: Known<'t>,
    cartels: Known<'t>,
    sources: Known<'t>,
    /// One budget for the whole file: a file with thousands of unknown references must not
    /// spend minutes on suggestions.
    suggester: Suggester,
}

/// The ids of one namespace, as a set for lookups and sorted for suggestions (sorted once, so
/// the suggestion does not depend on hash order and costs no sort per unknown reference).
struct Known<'t> {
    set: &'t HashSet<&'t str>,
    sorted: Vec<&'t str>,
}

impl<'t> Known<'t> {
    fn new(set: &'t HashSet<&'t str>) -> Known<'t> {
        let mut sorted: Vec<&str> = set.iter().copied().collect();
        sorted.sort_unstable();
        Known { set, sorted }
    }
}

impl References<'_> {
    fn check(&mut self, what: &str, id: &str, span: Span, problems: &mut Vec<Problem>) {
        let known = match what {
            "person" => &self.people,
            "cartel" => &self.cartels,
            _ => &self.sources,
        };
        if known.set.contains(id) || self.undecoded.contains(id) {
            return;
        }
        let hint = self
            .suggester
            .closest(id, known.sorted.iter().copied())
            .map(|close| format!("; did you mean {}?", quoted(close)))
            .unwrap_or_default();
        problems.push(Problem::error(
            span,
            format!("unknown {what} {}{hint}", quoted(id)),
        ));
    }
}

fn unused<'t>(
    what: &str,
    ids: impl Iterator<Item = &'t str>,
    spans: impl Iterator<Item = &'t Span>,
    used: &HashSet<&str>,
    problems: &mut Vec<Problem>,
) {
    for (id, span) in ids.zip(spans) {
        if !used.contains(id) {
            problems.push(Problem::warning(
                span.clone(),
                format!("{what} {} is never referred to", quoted(id)),
            ));
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
