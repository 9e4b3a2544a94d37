//! [`Timeline`] → RON text in format v1, as a person would write it.
//!
//! Written by hand rather than with `ron::ser`: named structs, optional values as plain values
//! (no `Some(…)` and no `#![enable(implicit_some)]` header), empty fields left out, short records
//! on one line, non-ASCII text kept readable. Events are laid out one field per line
//! ([`Layout::Readable`], for files people edit) or one event per line ([`Layout::Compact`], for
//! generated timelines of a million events). Whatever this writes, [`crate::load::load_str`]
//! reads back to an equal timeline.
//!
//! This is the project's only RON writer: imports and "Save as" use [`timeline_to_ron`], and
//! `chronolanes generate` streams through [`write_timeline`].

use std::convert::Infallible;
use std::io::{self, Write};

use crate::date::Date;
use crate::model::{
    Cartel, Dispute, Era, Event, Kind, Person, Quote, Source, Step, Story, Timeline,
};

const INDENT: &str = "    ";
/// Records of a list (`Era(…)`, `Event(…)`) sit at this depth, an event's fields one deeper.
const RECORD_DEPTH: usize = 2;
const EVENT_FIELD_DEPTH: usize = RECORD_DEPTH + 1;
/// [`write_timeline`] hands its text to the output in pieces of about this size, so that a
/// million events never sit in memory as one string (they are about 300 MB of text).
const FLUSH_BYTES: usize = 64 * 1024;

/// How events are laid out; everything else in the file is the same in both.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Layout {
    /// Each event's fields on lines of their own, as a person edits a file.
    Readable,
    /// Each event on one line: a fifth less text, for generated timelines.
    Compact,
}

/// The timeline as format v1 RON text in the [`Layout::Readable`] layout, ending with a newline.
pub fn timeline_to_ron(timeline: &Timeline) -> String {
    // Events dominate; ~300 bytes each is typical, so one allocation usually suffices.
    let mut text = String::with_capacity(1024 + timeline.events.len() * 320);
    // Keeping everything in `text` cannot fail.
    let Ok(()) = write_text(timeline, Layout::Readable, &mut text, |_| {
        Ok::<(), Infallible>(())
    });
    text
}

/// Streams the timeline as format v1 RON text to `out`, in pieces of about 64 KiB, and flushes
/// it. Memory stays small whatever the number of events.
pub fn write_timeline(timeline: &Timeline, layout: Layout, mut out: impl Write) -> io::Result<()> {
    let mut text = String::with_capacity(FLUSH_BYTES + 4096);
    write_text(timeline, layout, &mut text, |text| {
        out.write_all(text.as_bytes())?;
        text.clear();
        Ok::<(), io::Error>(())
    })?;
    out.write_all(text.as_bytes())?;
    out.flush()
}

/// Appends the timeline to `text`, calling `hand_over` whenever `text` has grown past
/// [`FLUSH_BYTES`]; `hand_over` may take the text away (and clear it) or leave it.
fn write_text<E>(
    timeline: &Timeline,
    layout: Layout,
    text: &mut String,
    mut hand_over: impl FnMut(&mut String) -> Result<(), E>,
) -> Result<(), E> {
    text.push_str("Timeline(\n");
    text.push_str(INDENT);
    text.push_str("format: ");
    text.push_str(&timeline.format.to_string());
    text.push_str(",\n");
    line_field(text, 1, "title", &timeline.title);
    if let Some(description) = &timeline.description {
        line_field(text, 1, "description", description);
    }
    list(text, "eras", &timeline.eras, era);
    list(text, "cartels", &timeline.cartels, cartel);
    list(text, "people", &timeline.people, person);
    list(text, "sources", &timeline.sources, source);
    text.push_str(INDENT);
    if timeline.events.is_empty() {
        text.push_str("events: [],\n");
    } else {
        text.push_str("events: [\n");
        for item in &timeline.events {
            if text.len() >= FLUSH_BYTES {
                hand_over(text)?;
            }
            push_indent(text, RECORD_DEPTH);
            event(text, item, layout);
            text.push_str(",\n");
        }
        text.push_str(INDENT);
        text.push_str("],\n");
    }
    // After the events, whose ids the steps name.
    for (index, item) in timeline.stories.iter().enumerate() {
        if index == 0 {
            text.push_str(INDENT);
            text.push_str("stories: [\n");
        }
        push_indent(text, RECORD_DEPTH);
        story(text, item);
        text.push_str(",\n");
    }
    if !timeline.stories.is_empty() {
        text.push_str(INDENT);
        text.push_str("],\n");
    }
    text.push_str(")\n");
    Ok(())
}

/// Appends `text` as a RON string literal, escaping only what must be escaped.
fn push_string_literal(out: &mut String, text: &str) {
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

fn push_indent(out: &mut String, depth: usize) {
    for _ in 0..depth {
        out.push_str(INDENT);
    }
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
        push_indent(out, RECORD_DEPTH);
        write(out, item);
        out.push_str(",\n");
    }
    out.push_str(INDENT);
    out.push_str("],\n");
}

/// `name: "value",` on its own line at `depth`.
fn line_field(out: &mut String, depth: usize, name: &str, value: &str) {
    push_indent(out, depth);
    out.push_str(name);
    out.push_str(": ");
    push_string_literal(out, value);
    out.push_str(",\n");
}

/// Writes the `name: value` fields of one record: on one line separated by `, `, or (for a
/// readable event) each on a line of its own at [`EVENT_FIELD_DEPTH`], ending with `,`.
struct Record<'o> {
    out: &'o mut String,
    one_field_per_line: bool,
    first: bool,
}

impl<'o> Record<'o> {
    fn open(out: &'o mut String, type_name: &str, one_field_per_line: bool) -> Self {
        out.push_str(type_name);
        out.push('(');
        if one_field_per_line {
            out.push('\n');
        }
        Record {
            out,
            one_field_per_line,
            first: true,
        }
    }

    fn name(&mut self, name: &str) {
        if self.one_field_per_line {
            push_indent(self.out, EVENT_FIELD_DEPTH);
        } else if !self.first {
            self.out.push_str(", ");
        }
        self.first = false;
        self.out.push_str(name);
        self.out.push_str(": ");
    }

    fn end_field(&mut self) {
        if self.one_field_per_line {
            self.out.push_str(",\n");
        }
    }

    fn string(&mut self, name: &str, value: &str) {
        self.name(name);
        push_string_literal(self.out, value);
        self.end_field();
    }

    fn optional(&mut self, name: &str, value: Option<&str>) {
        if let Some(value) = value {
            self.string(name, value);
        }
    }

    fn date(&mut self, name: &str, value: Date) {
        self.string(name, &value.to_file_syntax());
    }

    /// The kind as written in files: `Arrest`, `Policy(Law)`.
    fn kind(&mut self, kind: Kind) {
        self.name("kind");
        match kind {
            Kind::Policy(policy) => {
                self.out.push_str("Policy(");
                self.out.push_str(policy.variant_name());
                self.out.push(')');
            }
            other => self
                .out
                .push_str(other.unit_variant_name().unwrap_or("Other")),
        }
        self.end_field();
    }

    fn strings(&mut self, name: &str, values: &[impl AsRef<str>]) {
        if values.is_empty() {
            return;
        }
        self.name(name);
        self.out.push('[');
        for (index, value) in values.iter().enumerate() {
            if index > 0 {
                self.out.push_str(", ");
            }
            push_string_literal(self.out, value.as_ref());
        }
        self.out.push(']');
        self.end_field();
    }

    /// A list of short records: inline in a one-line record, one per line in a readable event.
    fn records<T>(&mut self, name: &str, items: &[T], write: fn(&mut String, &T)) {
        if items.is_empty() {
            return;
        }
        self.name(name);
        self.out.push('[');
        if self.one_field_per_line {
            self.out.push('\n');
            for item in items {
                push_indent(self.out, EVENT_FIELD_DEPTH + 1);
                write(self.out, item);
                self.out.push_str(",\n");
            }
            push_indent(self.out, EVENT_FIELD_DEPTH);
        } else {
            for (index, item) in items.iter().enumerate() {
                if index > 0 {
                    self.out.push_str(", ");
                }
                write(self.out, item);
            }
        }
        self.out.push(']');
        self.end_field();
    }

    fn close(self) {
        if self.one_field_per_line {
            push_indent(self.out, RECORD_DEPTH);
        }
        self.out.push(')');
    }
}

fn era(out: &mut String, era: &Era) {
    let mut record = Record::open(out, "Era", false);
    record.string("title", &era.title);
    record.date("start", era.start);
    record.date("end", era.end);
    record.close();
}

fn cartel(out: &mut String, cartel: &Cartel) {
    let mut record = Record::open(out, "Cartel", false);
    record.string("id", &cartel.id);
    record.string("name", &cartel.name);
    record.strings("aliases", &cartel.aliases);
    record.optional("color", cartel.color.as_deref());
    record.close();
}

fn person(out: &mut String, person: &Person) {
    let mut record = Record::open(out, "Person", false);
    record.string("id", &person.id);
    record.string("name", &person.name);
    record.strings("aliases", &person.aliases);
    record.strings("cartels", &person.cartels);
    record.close();
}

fn source(out: &mut String, source: &Source) {
    let mut record = Record::open(out, "Source", false);
    record.string("id", &source.id);
    record.optional("outlet", source.outlet.as_deref());
    record.string("title", &source.title);
    record.optional("url", source.url.as_deref());
    if let Some(published) = source.published {
        record.date("published", published);
    }
    record.optional("archive", source.archive.as_deref());
    record.close();
}

fn dispute(out: &mut String, dispute: &Dispute) {
    let mut record = Record::open(out, "Dispute", false);
    if let Some(date) = dispute.date {
        record.date("date", date);
    }
    record.string("source", &dispute.source);
    record.optional("note", dispute.note.as_deref());
    record.optional("quote", dispute.quote.as_deref());
    record.close();
}

fn quote(out: &mut String, quote: &Quote) {
    let mut record = Record::open(out, "Quote", false);
    record.string("source", &quote.source);
    record.string("text", &quote.text);
    record.close();
}

/// A story on its first line, then each step on a line of its own.
fn story(out: &mut String, story: &Story) {
    let mut record = Record::open(out, "Story", false);
    record.string("id", &story.id);
    record.string("title", &story.title);
    record.name("steps");
    if story.steps.is_empty() {
        record.out.push_str("[]");
    } else {
        record.out.push_str("[\n");
        for item in &story.steps {
            push_indent(record.out, RECORD_DEPTH + 1);
            step(record.out, item);
            record.out.push_str(",\n");
        }
        push_indent(record.out, RECORD_DEPTH);
        record.out.push(']');
    }
    record.close();
}

fn step(out: &mut String, step: &Step) {
    let mut record = Record::open(out, "Step", false);
    match step {
        Step::Event { event, note } => {
            record.string("event", event);
            record.optional("note", note.as_deref());
        }
        Step::Note {
            title,
            note,
            window,
        } => {
            record.string("title", title);
            record.optional("note", note.as_deref());
            if let Some(window) = window {
                record.string("window", &window.to_string());
            }
        }
    }
    record.close();
}

fn event(out: &mut String, event: &Event, layout: Layout) {
    let mut record = Record::open(out, "Event", layout == Layout::Readable);
    record.string("id", &event.id);
    record.kind(event.kind);
    record.date("date", event.date);
    if let Some(end) = event.end {
        record.date("end", end);
    }
    record.string("title", &event.title);
    record.optional("summary", event.summary.as_deref());
    record.optional("place", event.place.as_deref());
    record.strings("people", event.people());
    record.strings("cartels", event.cartels());
    record.strings("sources", event.sources());
    record.records("quotes", &event.quotes, quote);
    record.strings("tags", event.tags());
    record.records("disputed", &event.disputed, dispute);
    record.close();
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::date::DateRange;
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
                    archive: Some("articles/reuters \"a\".html".into()),
                },
                Source {
                    id: "wire".into(),
                    outlet: None,
                    title: "Wire".into(),
                    url: None,
                    published: None,
                    archive: None,
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
                    references: References::new(
                        ["el-chapo"],
                        ["sinaloa"],
                        ["reuters", "wire"],
                        ["a tag"],
                    ),
                    quotes: Box::new([
                        Quote {
                            source: "reuters".into(),
                            text: "He was \"arrested\"\nat dawn".into(),
                        },
                        Quote {
                            source: "wire".into(),
                            text: "Arrested.".into(),
                        },
                    ]),
                    disputed: Box::new([
                        Dispute {
                            date: Some(date("2016")),
                            source: "wire".into(),
                            note: Some("note".into()),
                            quote: None,
                        },
                        Dispute {
                            date: None,
                            source: "reuters".into(),
                            note: Some("Counts 55, not 29.".into()),
                            quote: Some("55 prisoners".into()),
                        },
                    ]),
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
                    quotes: Box::default(),
                    disputed: Box::default(),
                },
            ],
            stories: vec![Story {
                id: "chapo".into(),
                title: "The \"arrest\"".into(),
                steps: vec![
                    Step::Event {
                        event: "arrest-1".into(),
                        note: Some("First\nline".into()),
                    },
                    Step::Event {
                        event: "law".into(),
                        note: None,
                    },
                    Step::Note {
                        title: "Years later".into(),
                        note: None,
                        window: Some(DateRange::parse("2013..~2025-02").unwrap()),
                    },
                ],
            }],
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

    #[test]
    fn compact_layout_puts_each_event_on_one_line_and_loads_the_same() {
        let timeline = full_timeline();
        let mut bytes = Vec::new();
        write_timeline(&timeline, Layout::Compact, &mut bytes).unwrap();
        let text = String::from_utf8(bytes).unwrap();
        assert!(
            text.contains(
                "        Event(id: \"law\", kind: Policy(TariffDeadline), date: \"2025\", \
                 title: \"Deadline\", sources: [\"wire\"]),\n"
            ),
            "{text}"
        );
        assert!(
            text.contains(
                ", quotes: [Quote(source: \"reuters\", text: \"He was \\\"arrested\\\"\\nat dawn\"), Quote(source: \"wire\", text: \"Arrested.\")], tags: [\"a tag\"], disputed: [Dispute(date: \"2016\", source: \"wire\", note: \"note\"), Dispute(source: \"reuters\", note: \"Counts 55, not 29.\", quote: \"55 prisoners\")]),\n"
            ),
            "{text}"
        );
        // Only the events differ from the readable layout.
        let readable = timeline_to_ron(&timeline);
        let before_events = |text: &str| text[..text.find("    events: [").unwrap()].to_string();
        assert_eq!(before_events(&text), before_events(&readable));
        let loaded = load_str(&text);
        assert!(loaded.diagnostics.is_empty(), "{:?}", loaded.diagnostics);
        assert_eq!(loaded.timeline, Some(timeline));
    }

    #[test]
    fn streaming_in_pieces_writes_the_same_text_as_one_string() {
        let mut timeline = full_timeline();
        // Enough events for several pieces of `FLUSH_BYTES`.
        let template = timeline.events[0].clone();
        timeline.events = (0..1_000)
            .map(|index| Event {
                id: format!("event-{index}").into(),
                ..template.clone()
            })
            .collect();
        let text = timeline_to_ron(&timeline);
        assert!(text.len() > 3 * FLUSH_BYTES, "{}", text.len());
        let mut bytes = Vec::new();
        write_timeline(&timeline, Layout::Readable, &mut bytes).unwrap();
        assert_eq!(String::from_utf8(bytes).unwrap(), text);
    }

    #[test]
    fn a_failing_output_is_reported() {
        struct Full;
        impl Write for Full {
            fn write(&mut self, _: &[u8]) -> io::Result<usize> {
                Err(io::Error::new(io::ErrorKind::StorageFull, "disk full"))
            }
            fn flush(&mut self) -> io::Result<()> {
                Ok(())
            }
        }
        let error = write_timeline(&full_timeline(), Layout::Compact, Full).unwrap_err();
        assert_eq!(error.kind(), io::ErrorKind::StorageFull);
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
