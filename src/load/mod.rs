//! File text → [`Timeline`] + diagnostics.
//!
//! Loading is split by job: `read` reads a file's bytes within limits, with progress and
//! cancelling; `ron_lexer` and `ron_reader` read RON values, reporting each wrong value with its
//! position; `schema` knows format 1's records and decodes them into the model and a
//! [`SourceMap`]; then [`crate::validate`] checks the whole. This module ties them together.

mod read;
mod ron_lexer;
mod ron_reader;
mod schema;

pub use read::{LoadProgress, MAX_FILE_BYTES, ReadError, read_file_bytes, read_file_with_progress};
pub use ron_reader::{MAX_DECODE_ERRORS, MAX_NESTING};
// For the tests that need a file large enough to be decoded on two threads.
#[cfg(test)]
pub(crate) use schema::PIPELINE_MIN_BYTES;
// The source map's types, under the paths they had when they were defined here.
pub use crate::source_map::{
    EntitySpans, EraSpans, EventSpans, PersonSpans, SourceMap, SourceSpans, Span,
};

use std::path::Path;

use crate::diagnostic::{Diagnostic, Problem, Severity, locate};
use crate::model::{Event, Timeline};
use crate::validate;

/// The result of loading: the timeline if it has no errors, and every diagnostic.
#[derive(Clone, Debug, Default)]
pub struct Loaded {
    pub timeline: Option<Timeline>,
    pub diagnostics: Vec<Diagnostic>,
}

impl Loaded {
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }

    fn failed(diagnostic: Diagnostic) -> Loaded {
        Loaded {
            timeline: None,
            diagnostics: vec![diagnostic],
        }
    }
}

/// Reads and loads a RON timeline file.
pub fn load_file(path: &Path) -> Result<Loaded, ReadError> {
    Ok(load_bytes(&read_file_bytes(path)?))
}

/// Loads bytes: checks UTF-8 (naming the line and column of the first bad byte) and a BOM.
pub fn load_bytes(bytes: &[u8]) -> Loaded {
    match std::str::from_utf8(bytes) {
        Ok(text) => load_str(text),
        Err(error) => not_utf8(bytes, &error),
    }
}

fn not_utf8(bytes: &[u8], error: &std::str::Utf8Error) -> Loaded {
    let valid_up_to = error.valid_up_to();
    // The prefix is valid UTF-8 by definition, so positions can be counted on it.
    let prefix = std::str::from_utf8(&bytes[..valid_up_to]).unwrap_or_default();
    let bad_byte = bytes.get(valid_up_to).copied().unwrap_or_default();
    let message = match error.error_len() {
        Some(_) => format!(
            "the file is not valid UTF-8: byte 0x{bad_byte:02x} cannot start or continue a character here (was the file saved as Latin-1 or Windows-1252? save it as UTF-8)"
        ),
        None => {
            "the file is not valid UTF-8: it ends in the middle of a character (is it cut short?)"
                .to_string()
        }
    };
    let problem = Problem::error(valid_up_to..bytes.len().min(valid_up_to + 1), message);
    Loaded {
        timeline: None,
        diagnostics: locate(prefix, vec![problem]),
    }
}

/// Loads RON text (a leading BOM is ignored): parse, then validate.
pub fn load_str(text: &str) -> Loaded {
    load_text(text, None, None).unwrap_or_default()
}

/// Sees every decoded event once, in order, right after the loader checked it — while its
/// strings are still in the processor's cache, and for large files on the loader's second
/// thread. This is how the viewer's index (`index::load_indexed`) is built during the load.
pub trait EventVisitor: Send {
    /// Called when the list of events begins, with what was decoded before it (people, cartels
    /// and sources are usually written first, but need not be).
    fn begin_events(&mut self, _timeline: &Timeline) {}

    /// The next event; its index in `timeline.events` is the number of events visited before.
    fn visit(&mut self, event: &Event);
}

/// The loader for the app: [`load_bytes`] that reports parsed bytes in `progress`, stops when it
/// is cancelled (then `None`), and shows each event to `visitor` as it is decoded.
pub fn load_bytes_visiting(
    bytes: &[u8],
    progress: &LoadProgress,
    visitor: &mut dyn EventVisitor,
) -> Option<Loaded> {
    progress.at_least_total_bytes(bytes.len() as u64);
    match std::str::from_utf8(bytes) {
        Ok(text) => load_text(text, Some(progress), Some(visitor)),
        Err(error) => Some(not_utf8(bytes, &error)),
    }
}

fn load_text<'a>(
    text: &'a str,
    progress: Option<&'a LoadProgress>,
    visitor: Option<&'a mut (dyn EventVisitor + 'a)>,
) -> Option<Loaded> {
    // The per-event checks run while decoding, when each event's strings are in the cache.
    let decoded = schema::decode_text(text, progress, visitor, true);
    if decoded.cancelled {
        return None;
    }
    let mut problems = decoded.problems;
    let timeline = match decoded.timeline {
        Some((timeline, source_map)) => {
            problems.extend(validate::validate_after_early_checks(
                &timeline,
                &source_map,
                decoded.early_checks.as_ref(),
            ));
            Some(timeline)
        }
        None => None,
    };
    if progress.is_some_and(LoadProgress::is_cancelled) {
        return None;
    }
    let diagnostics = locate(text, problems);
    let has_errors = diagnostics.iter().any(Diagnostic::is_error);
    if diagnostics.is_empty() && timeline.is_none() {
        return Some(Loaded::failed(Diagnostic::whole_file(
            Severity::Error,
            "the file could not be read as a timeline",
        )));
    }
    Some(Loaded {
        timeline: if has_errors { None } else { timeline },
        diagnostics,
    })
}

/// Decodes text into a timeline and the positions of its values, without validating it. `None`
/// after a syntax error or when the top level is not a timeline; the problems say why.
pub fn decode(text: &str) -> (Option<(Timeline, SourceMap<'_>)>, Vec<Problem>) {
    let decoded = schema::decode_text(text, None, None, false);
    (decoded.timeline, decoded.problems)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::date::Date;

    fn diagnostics(text: &str) -> Vec<String> {
        load_str(text)
            .diagnostics
            .iter()
            .map(|d| d.one_line("t.ron"))
            .collect()
    }

    const MINIMAL: &str = r#"Timeline(
    title: "T",
    sources: [Source(id: "s", title: "S")],
    events: [
        Event(id: "a", kind: Arrest, date: "1985", title: "A", sources: ["s"]),
    ],
)"#;

    #[test]
    fn loads_a_minimal_timeline() {
        let loaded = load_str(MINIMAL);
        assert!(loaded.diagnostics.is_empty(), "{:?}", loaded.diagnostics);
        let timeline = loaded.timeline.unwrap();
        assert_eq!(&*timeline.title, "T");
        assert_eq!(timeline.events[0].date, Date::parse("1985").unwrap());
        assert_eq!(timeline.format, 1);
    }

    #[test]
    fn accepts_bom_some_and_trailing_commas() {
        let text = "\u{feff}Timeline(title: Some(\"T\"), description: Some(\"d\"), events: [],)";
        // `title` is required and plain; `Some` is for optional fields.
        assert!(load_str(text).has_errors());
        let text = "\u{feff}#![enable(implicit_some)]\nTimeline(title: \"T\", description: Some(\"d\"), events: [],)";
        let loaded = load_str(text);
        assert!(!loaded.has_errors(), "{:?}", loaded.diagnostics);
        assert_eq!(loaded.timeline.unwrap().description.as_deref(), Some("d"));
    }

    #[test]
    fn reports_unknown_field_with_expected_list_at_its_position() {
        assert_eq!(
            diagnostics("Timeline(\n  titel: \"x\",\n)"),
            [
                "t.ron:2:3: error: unknown field `titel` in Timeline; did you mean `title`? expected one of: format, title, description, eras, cartels, people, sources, events, stories",
                "t.ron:1:1: error: missing field `title` in Timeline"
            ]
            .iter()
            .map(|s| s.to_string())
            .rev()
            .collect::<Vec<_>>()
        );
    }

    #[test]
    fn reports_several_problems_in_one_pass() {
        let text = r#"Timeline(
  title: "T",
  events: [
    Event(id: "a", kind: Arest, date: "2025-02-30", title: "A"),
    Event(id: "b", kind: Arrest, date: "2025", title: 5),
  ],
)"#;
        let found = diagnostics(text);
        assert!(
            found.iter().any(|d| d
                .starts_with("t.ron:4:26: error: unknown kind `Arest`; did you mean `Arrest`?")),
            "{found:?}"
        );
        assert!(
            found.iter().any(|d| d.starts_with(
                "t.ron:4:39: error: date: `2025-02-30` is not a date: February 2025 has 28 days"
            )),
            "{found:?}"
        );
        assert!(
            found
                .iter()
                .any(|d| d == "t.ron:5:55: error: Event title: expected a string, found a number"),
            "{found:?}"
        );
    }

    #[test]
    fn syntax_errors_name_the_token() {
        assert_eq!(
            diagnostics("Timeline(title: \"T\" events: [])"),
            ["t.ron:1:21: error: expected `,` or `)` after the value of `title`, found `events`"]
        );
        assert_eq!(
            diagnostics(""),
            ["t.ron:1:1: error: the file is empty: expected `Timeline(…)`"]
        );
        assert_eq!(
            diagnostics("Timeline(title: \"T\""),
            [
                "t.ron:1:1: error: `Timeline(` is never closed: expected `)` before the end of the file"
            ]
        );
    }

    #[test]
    fn rejects_other_format_versions() {
        assert_eq!(
            diagnostics("Timeline(format: 2, title: \"T\")"),
            ["t.ron:1:18: error: unsupported format 2: this version of Chronolanes reads format 1"]
        );
    }

    #[test]
    fn invalid_utf8_names_its_position() {
        let loaded = load_bytes(b"Timeline(\n  title: \"\xff\")");
        assert_eq!(
            loaded.diagnostics[0].one_line("t.ron"),
            "t.ron:2:11: error: the file is not valid UTF-8: byte 0xff cannot start or continue a character here (was the file saved as Latin-1 or Windows-1252? save it as UTF-8)"
        );
        // A multi-byte character cut off by the end of the file.
        let loaded = load_bytes("Timeline(title: \"é".as_bytes().split_last().unwrap().1);
        assert_eq!(
            loaded.diagnostics[0].one_line("t.ron"),
            "t.ron:1:18: error: the file is not valid UTF-8: it ends in the middle of a character (is it cut short?)"
        );
    }

    #[test]
    fn a_field_with_a_wrong_value_is_not_also_missing() {
        assert_eq!(
            diagnostics("Timeline(title: 5)"),
            ["t.ron:1:17: error: title: expected a string, found a number"]
        );
        assert_eq!(
            diagnostics("Timeline(title: \"T\", sources: [Source(id: [\"s\"], title: \"S\")])"),
            ["t.ron:1:43: error: Source id: expected a string, found a list"]
        );
        assert_eq!(
            diagnostics("Timeline(title: Some(\"T\"))"),
            [
                "t.ron:1:17: error: title: expected a string, found `Some(…)` (only optional fields are written with `Some`)"
            ]
        );
    }

    #[test]
    fn a_missing_value_or_wrong_closing_bracket_is_reported_once() {
        assert_eq!(
            diagnostics("Timeline(title: )"),
            ["t.ron:1:17: error: title: expected a string, found `)`"]
        );
        assert_eq!(
            diagnostics("Timeline(title: \"T\", events: [\n)"),
            ["t.ron:2:1: error: expected `]` to close the list of `events`, found `)`"]
        );
        assert_eq!(
            diagnostics("Timeline(title: \"T\", extra: "),
            [
                "t.ron:1:22: error: unknown field `extra` in Timeline; expected one of: format, title, description, eras, cartels, people, sources, events, stories",
                "t.ron:1:29: error: expected a value, found the end of the file"
            ]
        );
        assert_eq!(
            diagnostics("Timeline(title: \"T\", extra: [(1, 2)"),
            [
                "t.ron:1:22: error: unknown field `extra` in Timeline; expected one of: format, title, description, eras, cartels, people, sources, events, stories",
                "t.ron:1:29: error: this bracket is never closed: expected `]` before the end of the file"
            ]
        );
    }

    #[test]
    fn a_file_of_comments_or_attributes_only_says_so() {
        assert_eq!(
            diagnostics("// notes\n/* more */\n"),
            ["t.ron:3:1: error: the file holds only comments: expected `Timeline(…)`"]
        );
        assert_eq!(
            diagnostics("#![enable(implicit_some)]"),
            [
                "t.ron:1:26: error: expected `Timeline(…)` after the attributes, found the end of the file"
            ]
        );
        assert_eq!(
            diagnostics("\u{feff}"),
            ["t.ron:1:1: error: the file is empty: expected `Timeline(…)`"]
        );
    }

    #[test]
    fn decoding_stops_after_too_many_errors() {
        let text = format!("Timeline(title: \"T\", events: [{}])", "1,".repeat(100_000));
        let found = diagnostics(&text);
        assert_eq!(found.len(), MAX_DECODE_ERRORS + 1);
        assert_eq!(
            found.last().map(String::as_str),
            Some("t.ron:1:2029: error: stopping after 1000 errors: fix these and check again")
        );
    }

    fn generated_text(events: usize) -> String {
        use crate::generate::{GenerateOptions, generate, write_generated_ron};
        let mut bytes = Vec::new();
        write_generated_ron(
            &generate(GenerateOptions {
                events,
                ..GenerateOptions::default()
            }),
            &mut bytes,
        )
        .unwrap();
        String::from_utf8(bytes).unwrap()
    }

    /// Counts the events it sees and checks they come in order.
    #[derive(Default)]
    struct Counter {
        began: usize,
        titles: Vec<String>,
    }

    impl EventVisitor for Counter {
        fn begin_events(&mut self, _timeline: &Timeline) {
            self.began += 1;
        }

        fn visit(&mut self, event: &Event) {
            self.titles.push(event.title.to_string());
        }
    }

    #[test]
    fn load_with_progress_reports_parsed_bytes_and_shows_every_event() {
        // Large enough to decode and check on two threads.
        let text = generated_text(6000);
        assert!(text.len() > PIPELINE_MIN_BYTES);
        let progress = LoadProgress::new();
        let mut counter = Counter::default();
        let loaded =
            load_bytes_visiting(text.as_bytes(), &progress, &mut counter).expect("not cancelled");
        assert!(
            loaded.diagnostics.is_empty(),
            "{:?}",
            loaded.diagnostics.first()
        );
        assert_eq!(progress.parsed_bytes(), text.len() as u64);
        assert_eq!(progress.total_bytes(), text.len() as u64);
        let timeline = loaded.timeline.expect("loads");
        assert_eq!(counter.began, 1);
        let titles: Vec<String> = timeline
            .events
            .iter()
            .map(|e| e.title.to_string())
            .collect();
        assert_eq!(counter.titles, titles);
        // Same result as the plain loader.
        assert_eq!(Some(timeline), load_str(&text).timeline);
    }

    #[test]
    fn a_cancelled_load_returns_nothing() {
        let text = generated_text(10_000);
        let progress = LoadProgress::new();
        progress.cancel();
        assert!(load_bytes_visiting(text.as_bytes(), &progress, &mut Counter::default()).is_none());
        // Parsing stopped early.
        assert!(progress.parsed_bytes() < text.len() as u64 / 2);
    }

    #[test]
    fn files_with_errors_load_with_progress_too() {
        let progress = LoadProgress::new();
        let mut counter = Counter::default();
        let loaded = load_bytes_visiting(b"Timeline(title: 1)", &progress, &mut counter).unwrap();
        assert!(loaded.has_errors() && loaded.timeline.is_none());
        let loaded = load_bytes_visiting(b"\xff", &progress, &mut counter).unwrap();
        assert!(loaded.has_errors());
    }

    #[test]
    fn deep_nesting_is_refused_without_overflow() {
        let text = format!("Timeline(title: \"T\", x: {})", "[".repeat(10_000));
        let found = diagnostics(&text);
        assert!(
            found.iter().any(|d| d.contains("nest deeper than 128")),
            "{found:?}"
        );
    }
}
