//! [`Timeline`] → RON text in format v1, as a person would write it.
//!
//! Written by hand rather than with `ron::ser`: named structs, optional values as plain values
//! (no `Some(…)` and no `#![enable(implicit_some)]` header), empty fields left out, short records
//! on one line and events one field per line, non-ASCII text kept readable. Whatever this writes,
//! [`crate::load::load_str`] reads back to an equal timeline.

use crate::date::Date;
use crate::model::{Cartel, Dispute, Era, Event, Kind, Person, Source, Timeline};

const INDENT: &str = "    ";

/// The timeline as format v1 RON text, ending with a newline.
pub fn timeline_to_ron(timeline: &Timeline) -> String {
    // Events dominate; ~300 bytes each is typical, so one allocation usually suffices.
    let mut out = String::with_capacity(1024 + timeline.events.len() * 320);
    out.push_str("Timeline(\n");
    out.push_str(INDENT);
    out.push_str("format: ");
    out.push_str(&timeline.format.to_string());
    out.push_str(",\n");
    line_field(&mut out, 1, "title", &timeline.title);
    if let Some(description) = &timeline.description {
        line_field(&mut out, 1, "description", description);
    }
    list(&mut out, "eras", &timeline.eras, era);
    list(&mut out, "cartels", &timeline.cartels, cartel);
    list(&mut out, "people", &timeline.people, person);
    list(&mut out, "sources", &timeline.sources, source);
    if timeline.events.is_empty() {
        out.push_str(INDENT);
        out.push_str("events: [],\n");
    } else {
        out.push_str(INDENT);
        out.push_str("events: [\n");
        for item in &timeline.events {
            event(&mut out, item);
        }
        out.push_str(INDENT);
        out.push_str("],\n");
    }
    out.push_str(")\n");
    out
}

/// Appends `text` as a RON string literal, escaping only what must be escaped.
pub fn push_string_literal(out: &mut String, text: &str) {
    out.push('"');
    let needs_escape = |c: char| c == '"' || c == '\\' || c.is_control();
    if !text.chars().any(needs_escape) {
        out.push_str(text);
    } else {
        for character in text.chars() {
            match character {
                '"' => out.push_str("\\\""),
                '\\' => out.push_str("\\\\"),
                '\n' => out.push_str("\\n"),
                '\r' => out.push_str("\\r"),
                '\t' => out.push_str("\\t"),
                c if c.is_control() => {
                    out.push_str(&format!("\\u{{{:x}}}", u32::from(c)));
                }
                c => out.push(c),
            }
        }
    }
    out.push('"');
}

/// A list of short records, one per line; nothing when empty.
fn list<T>(out: &mut String, name: &str, items: &[T], write: fn(&mut String, &T)) {
    if items.is_empty() {
        return;
    }
    out.push_str(INDENT);
    out.push_str(name);
    out.push_str(": [\n");
    for item in items {
        out.push_str(INDENT);
        out.push_str(INDENT);
        write(out, item);
        out.push_str(",\n");
    }
    out.push_str(INDENT);
    out.push_str("],\n");
}

/// `name: "value",` on its own line at `depth`.
fn line_field(out: &mut String, depth: usize, name: &str, value: &str) {
    for _ in 0..depth {
        out.push_str(INDENT);
    }
    out.push_str(name);
    out.push_str(": ");
    push_string_literal(out, value);
    out.push_str(",\n");
}

/// Writes `name: value` inside a one-line record, with `, ` before every field but the first.
struct Inline<'o> {
    out: &'o mut String,
    first: bool,
}

impl<'o> Inline<'o> {
    fn open(out: &'o mut String, type_name: &str) -> Self {
        out.push_str(type_name);
        out.push('(');
        Inline { out, first: true }
    }

    fn name(&mut self, name: &str) {
        if !self.first {
            self.out.push_str(", ");
        }
        self.first = false;
        self.out.push_str(name);
        self.out.push_str(": ");
    }

    fn string(&mut self, name: &str, value: &str) {
        self.name(name);
        push_string_literal(self.out, value);
    }

    fn optional(&mut self, name: &str, value: Option<&str>) {
        if let Some(value) = value {
            self.string(name, value);
        }
    }

    fn date(&mut self, name: &str, value: Date) {
        self.string(name, &value.to_file_syntax());
    }

    fn strings(&mut self, name: &str, values: &[String]) {
        if values.is_empty() {
            return;
        }
        self.name(name);
        push_string_list(self.out, values);
    }

    fn close(self) {
        self.out.push(')');
    }
}

fn push_string_list(out: &mut String, values: &[impl AsRef<str>]) {
    out.push('[');
    for (index, value) in values.iter().enumerate() {
        if index > 0 {
            out.push_str(", ");
        }
        push_string_literal(out, value.as_ref());
    }
    out.push(']');
}

fn era(out: &mut String, era: &Era) {
    let mut record = Inline::open(out, "Era");
    record.string("title", &era.title);
    record.date("start", era.start);
    record.date("end", era.end);
    record.close();
}

fn cartel(out: &mut String, cartel: &Cartel) {
    let mut record = Inline::open(out, "Cartel");
    record.string("id", &cartel.id);
    record.string("name", &cartel.name);
    record.strings("aliases", &cartel.aliases);
    record.optional("color", cartel.color.as_deref());
    record.close();
}

fn person(out: &mut String, person: &Person) {
    let mut record = Inline::open(out, "Person");
    record.string("id", &person.id);
    record.string("name", &person.name);
    record.strings("aliases", &person.aliases);
    record.strings("cartels", &person.cartels);
    record.close();
}

fn source(out: &mut String, source: &Source) {
    let mut record = Inline::open(out, "Source");
    record.string("id", &source.id);
    record.optional("outlet", source.outlet.as_deref());
    record.string("title", &source.title);
    record.optional("url", source.url.as_deref());
    if let Some(published) = source.published {
        record.date("published", published);
    }
    record.close();
}

fn dispute(out: &mut String, dispute: &Dispute) {
    let mut record = Inline::open(out, "Dispute");
    record.date("date", dispute.date);
    record.string("source", &dispute.source);
    record.optional("note", dispute.note.as_deref());
    record.close();
}

/// The kind as written in files: `Arrest`, `Policy(Law)`.
pub fn kind_to_ron(kind: Kind) -> String {
    match kind {
        Kind::Policy(policy) => format!("Policy({})", policy.variant_name()),
        other => other.unit_variant_name().unwrap_or("Other").to_string(),
    }
}

fn event(out: &mut String, event: &Event) {
    const FIELD_DEPTH: usize = 3;
    out.push_str(INDENT);
    out.push_str(INDENT);
    out.push_str("Event(\n");
    line_field(out, FIELD_DEPTH, "id", &event.id);
    for _ in 0..FIELD_DEPTH {
        out.push_str(INDENT);
    }
    out.push_str("kind: ");
    out.push_str(&kind_to_ron(event.kind));
    out.push_str(",\n");
    line_field(out, FIELD_DEPTH, "date", &event.date.to_file_syntax());
    if let Some(end) = event.end {
        line_field(out, FIELD_DEPTH, "end", &end.to_file_syntax());
    }
    line_field(out, FIELD_DEPTH, "title", &event.title);
    if let Some(summary) = &event.summary {
        line_field(out, FIELD_DEPTH, "summary", summary);
    }
    if let Some(place) = &event.place {
        line_field(out, FIELD_DEPTH, "place", place);
    }
    for (name, values) in [
        ("people", &event.people()),
        ("cartels", &event.cartels()),
        ("sources", &event.sources()),
        ("tags", &event.tags()),
    ] {
        if values.is_empty() {
            continue;
        }
        for _ in 0..FIELD_DEPTH {
            out.push_str(INDENT);
        }
        out.push_str(name);
        out.push_str(": ");
        push_string_list(out, values);
        out.push_str(",\n");
    }
    if !event.disputed.is_empty() {
        for _ in 0..FIELD_DEPTH {
            out.push_str(INDENT);
        }
        out.push_str("disputed: [\n");
        for item in &event.disputed {
            for _ in 0..=FIELD_DEPTH {
                out.push_str(INDENT);
            }
            dispute(out, item);
            out.push_str(",\n");
        }
        for _ in 0..FIELD_DEPTH {
            out.push_str(INDENT);
        }
        out.push_str("],\n");
    }
    out.push_str(INDENT);
    out.push_str(INDENT);
    out.push_str("),\n");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::load_str;
    use crate::model::{PolicyKind, References};
    use proptest::prelude::*;

    fn date(text: &str) -> Date {
        Date::parse(text).unwrap()
    }

    fn full_timeline() -> Timeline {
        Timeline {
            format: 1,
            title: "Mexico–US \"extraditions\"".into(),
            description: Some("Line one\nline two\\ with a backslash\ttab".into()),
            eras: vec![Era {
                title: "Term".into(),
                start: date("2012-12-01"),
                end: date("2018-11-30"),
            }],
            cartels: vec![Cartel {
                id: "sinaloa".into(),
                name: "Sinaloa Cartel".into(),
                aliases: vec!["CDS".into()],
                color: Some("#2a9d8f".into()),
            }],
            people: vec![Person {
                id: "el-chapo".into(),
                name: "Joaquín Guzmán Loera".into(),
                aliases: vec!["El Chapo".into()],
                cartels: vec!["sinaloa".into()],
            }],
            sources: vec![
                Source {
                    id: "reuters".into(),
                    outlet: Some("Reuters".into()),
                    title: "A \"good faith\" gesture".into(),
                    url: Some("https://example.org/a?b=c&d".into()),
                    published: Some(date("2025-02")),
                },
                Source {
                    id: "wire".into(),
                    outlet: None,
                    title: "Wire".into(),
                    url: None,
                    published: None,
                },
            ],
            events: vec![
                Event {
                    id: "arrest-1".into(),
                    kind: Kind::Arrest,
                    date: date("~-0043-03-15"),
                    end: Some(date("-0043-04")),
                    title: "Arrested".into(),
                    summary: Some("Shown as: Ides\ncontrol \u{1} char".into()),
                    place: Some("Mexico".into()),
                    references: References::new(["el-chapo"], ["sinaloa"], ["reuters"], ["a tag"]),
                    disputed: Box::new([Dispute {
                        date: date("2016"),
                        source: "wire".into(),
                        note: Some("note".into()),
                    }]),
                },
                Event {
                    id: "law".into(),
                    kind: Kind::Policy(PolicyKind::TariffDeadline),
                    date: date("2025"),
                    end: None,
                    title: "Deadline".into(),
                    summary: None,
                    place: None,
                    references: References::new(
                        [] as [&str; 0],
                        [] as [&str; 0],
                        ["wire"],
                        [] as [&str; 0],
                    ),
                    disputed: Box::default(),
                },
            ],
        }
    }

    #[test]
    fn every_field_round_trips_through_the_loader() {
        let timeline = full_timeline();
        let text = timeline_to_ron(&timeline);
        let loaded = load_str(&text);
        assert!(
            loaded.diagnostics.is_empty(),
            "{:?}\n{text}",
            loaded.diagnostics
        );
        assert_eq!(loaded.timeline, Some(timeline));
    }

    #[test]
    fn writes_plain_optional_values_and_leaves_out_empty_fields() {
        let text = timeline_to_ron(&full_timeline());
        assert!(!text.contains("Some("), "{text}");
        assert!(!text.contains("implicit_some"), "{text}");
        assert!(
            text.contains("        Source(id: \"wire\", title: \"Wire\"),\n"),
            "{text}"
        );
        assert!(
            text.contains("            kind: Policy(TariffDeadline),\n"),
            "{text}"
        );
        assert!(
            text.contains("            date: \"~-0043-03-15\",\n"),
            "{text}"
        );
        assert!(
            text.contains("Joaquín"),
            "non-ASCII is kept readable: {text}"
        );
        // The second event has no summary, people, tags…
        let second = &text[text.find("id: \"law\"").unwrap()..];
        assert!(!second.contains("summary"), "{second}");
        assert!(!second.contains("tags"), "{second}");
        assert!(text.starts_with("Timeline(\n    format: 1,\n    title: "));
        assert!(text.ends_with("    ],\n)\n"));
    }

    #[test]
    fn an_empty_timeline_loads() {
        let timeline = Timeline {
            format: 1,
            title: String::new(),
            ..Timeline::default()
        };
        let text = timeline_to_ron(&timeline);
        assert_eq!(
            text,
            "Timeline(\n    format: 1,\n    title: \"\",\n    events: [],\n)\n"
        );
        assert_eq!(load_str(&text).timeline, Some(timeline));
    }

    proptest! {
        #[test]
        fn any_text_round_trips(title in any::<String>(), summary in any::<String>()) {
            let mut timeline = full_timeline();
            timeline.title = title;
            timeline.events[1].summary = Some(summary.into());
            let text = timeline_to_ron(&timeline);
            let loaded = load_str(&text);
            prop_assert!(!loaded.has_errors(), "{:?}", loaded.diagnostics);
            prop_assert_eq!(loaded.timeline, Some(timeline));
        }
    }
}
