//! Checking a timeline's quotes against its sources' archived articles: the evidence check that
//! `chronolanes check` and the app's loader run after loading a file.
//!
//! Pure but for reading the archives (local files, never the network; see [`crate::evidence`]).
//! Each archive is read once per check, however many quotes it has to answer for. A quote that is
//! not found is a warning at the quote; an archive that cannot be read is silent unless archives
//! are required (`check --require-archives`), and is reported in [`QuotesCheck::archives`] for the
//! app to mark.

use std::path::Path;
use std::sync::Arc;

use crate::diagnostic::{Diagnostic, Problem, locate, quoted};
use crate::evidence::{
    ArchiveBase, ArchiveError, ArchiveText, QuoteMatch, find_quote, read_archive,
    resolve_archive_path,
};
use crate::model::Timeline;
use crate::source_map::SourceMap;

/// How long a closest passage may be in a message before its end is cut: enough to recognise the
/// sentence, short enough for one line of a terminal or the diagnostics window.
const MAX_CLOSEST_CHARS: usize = 120;

/// Which quote of an event: one of its `quotes`, or the quote of one of its disputes.
#[derive(Clone, Copy)]
enum QuoteAt {
    Event(usize),
    Dispute(usize),
}

/// Where archives are found and whether they must be readable.
#[derive(Clone, Copy, Debug)]
pub struct ArchiveOptions<'a> {
    /// The timeline file's folder, or `check --archive-dir DIR`.
    pub base: ArchiveBase<'a>,
    /// `check --require-archives`: an archive that cannot be read, or a quoted source without
    /// one, is a warning rather than silent.
    pub require_archives: bool,
}

impl<'a> ArchiveOptions<'a> {
    /// Archives beside the timeline file `path`, not required: how the app and a plain `check`
    /// look for them.
    pub fn beside(path: &'a Path) -> ArchiveOptions<'a> {
        ArchiveOptions {
            base: ArchiveBase::TimelineFile(path),
            require_archives: false,
        }
    }
}

/// What became of one source's archive.
#[derive(Clone, Debug)]
pub enum ArchiveStatus {
    /// The source names no archive.
    None,
    /// Read: its text, shared with whoever shows it (the app's article reader).
    Read(Arc<ArchiveText>),
    /// Named but not readable, and why (in words, for the details panel).
    Unreadable(String),
}

/// The outcome of [`check_quotes`].
#[derive(Clone, Debug, Default)]
pub struct QuotesCheck {
    /// Warnings: quotes not found, and (when archives are required) archives not read.
    pub problems: Vec<Problem>,
    /// By source index, as in `timeline.sources`.
    pub archives: Vec<ArchiveStatus>,
}

/// Reads every archive the timeline's sources name (once each) and looks for every quote (the
/// events' and the disputes') in its source's archive. `map` gives the positions the warnings
/// point at; spans are empty where it has none.
pub fn check_quotes(timeline: &Timeline, map: &SourceMap, options: ArchiveOptions) -> QuotesCheck {
    let mut problems = Vec::new();
    let archives: Vec<ArchiveStatus> = timeline
        .sources
        .iter()
        .enumerate()
        .map(|(index, source)| {
            let Some(archive) = &source.archive else {
                return ArchiveStatus::None;
            };
            match resolve_archive_path(archive, options.base).and_then(|path| read_archive(&path)) {
                Ok(text) => ArchiveStatus::Read(Arc::new(text)),
                Err(error) => {
                    if options.require_archives {
                        let span = map.sources.get(index).map(|s| s.archive.clone());
                        problems.push(Problem::warning(
                            span.unwrap_or_default(),
                            unreadable_message(archive, &source.id, &error),
                        ));
                    }
                    ArchiveStatus::Unreadable(error.to_string())
                }
            }
        })
        .collect();
    // Source id → index of the first source with it (validation reports duplicates).
    let mut index_of_source = hashbrown::HashMap::new();
    for (index, source) in timeline.sources.iter().enumerate() {
        index_of_source.entry(source.id.as_str()).or_insert(index);
    }
    let mut quoted_without_archive = vec![false; timeline.sources.len()];

    for (event_index, event) in timeline.events.iter().enumerate() {
        if event.quotes.is_empty() && event.disputed.iter().all(|d| d.quote.is_none()) {
            continue;
        }
        // Spans are found again only for an event with a problem (see `SourceMap::event_spans`).
        let spans = std::cell::OnceCell::new();
        let span_of = |at: QuoteAt| {
            let spans = spans.get_or_init(|| map.event_spans(event_index));
            let span = match at {
                QuoteAt::Event(index) => spans.quote_texts.get(index),
                QuoteAt::Dispute(index) => spans.dispute_quotes.get(index),
            };
            span.cloned().unwrap_or_default()
        };
        let event_quotes = event
            .quotes
            .iter()
            .enumerate()
            .map(|(index, quote)| (&quote.source, &quote.text, QuoteAt::Event(index)));
        let dispute_quotes = event
            .disputed
            .iter()
            .enumerate()
            .filter_map(|(index, dispute)| {
                let text = dispute.quote.as_ref()?;
                Some((&dispute.source, text, QuoteAt::Dispute(index)))
            });
        for (source_id, text, at) in event_quotes.chain(dispute_quotes) {
            let Some(&source_index) = index_of_source.get(source_id.as_str()) else {
                // An unknown source is an error of its own (validation's).
                continue;
            };
            let (Some(source), Some(status)) = (
                timeline.sources.get(source_index),
                archives.get(source_index),
            ) else {
                continue;
            };
            let archive_text = match status {
                ArchiveStatus::Read(text) => text,
                ArchiveStatus::None => {
                    if let Some(flag) = quoted_without_archive.get_mut(source_index) {
                        *flag = true;
                    }
                    continue;
                }
                ArchiveStatus::Unreadable(_) => continue,
            };
            let archive = source.archive.as_deref().unwrap_or_default();
            let message = match find_quote(archive_text, text) {
                QuoteMatch::Found { .. } => continue,
                QuoteMatch::Empty => format!(
                    "quote has no words to look for in {archive} (only marks, dashes or an ellipsis)"
                ),
                QuoteMatch::NotFound { closest } => {
                    let mut message = format!("quote not found in {archive}");
                    if let Some(closest) = closest {
                        message.push_str(&format!("; closest: '{}'", cut(&closest.passage)));
                    }
                    message
                }
            };
            problems.push(Problem::warning(span_of(at), message));
        }
    }

    if options.require_archives {
        for (index, source) in timeline.sources.iter().enumerate() {
            if quoted_without_archive.get(index) == Some(&true) {
                let span = map.sources.get(index).map(|s| s.id.clone());
                problems.push(Problem::warning(
                    span.unwrap_or_default(),
                    format!(
                        "source {} is quoted but has no archive to check the quotes against",
                        quoted(&source.id)
                    ),
                ));
            }
        }
    }
    QuotesCheck { problems, archives }
}

/// [`check_quotes`] for a file's RON `text`, whose `timeline` was loaded from it: the warnings as
/// diagnostics with their line and column. Nothing is read, and the text is not decoded again,
/// when no source names an archive and archives are not required.
pub fn check_quotes_in_text(
    timeline: &Timeline,
    text: &str,
    options: ArchiveOptions,
) -> (Vec<Diagnostic>, Vec<ArchiveStatus>) {
    let any_archive = timeline.sources.iter().any(|s| s.archive.is_some());
    let any_quote = timeline
        .events
        .iter()
        .any(|e| !e.quotes.is_empty() || e.disputed.iter().any(|d| d.quote.is_some()));
    // Something to read, or quotes to report as unverifiable.
    let something_to_check = any_archive || (options.require_archives && any_quote);
    if !something_to_check {
        return (
            Vec::new(),
            vec![ArchiveStatus::None; timeline.sources.len()],
        );
    }
    // The loader's map is gone by now; decoding again is cheap next to reading the articles, and
    // only files that name archives pay for it. A text that does not decode (a TimelineJS file)
    // leaves the spans empty.
    let (decoded, _) = crate::load::decode(text);
    let map = decoded.map(|(_, map)| map).unwrap_or_default();
    let check = check_quotes(timeline, &map, options);
    (locate(text, check.problems), check.archives)
}

fn unreadable_message(archive: &str, source: &str, error: &ArchiveError) -> String {
    format!(
        "archive {} of source {} cannot be read: {error}",
        quoted(archive),
        quoted(source)
    )
}

/// The passage cut to [`MAX_CLOSEST_CHARS`] characters, with `…` where it was cut.
fn cut(passage: &str) -> String {
    match passage.char_indices().nth(MAX_CLOSEST_CHARS) {
        Some((end, _)) => format!("{}…", passage.get(..end).unwrap_or_default()),
        None => passage.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::load_str;

    /// A folder with `reuters.txt` and `wire.html`, removed when dropped.
    fn archives() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("reuters.txt"),
            "Mexico sent 29 cartel figures\nto the United States on Thursday, officials said.\n\
             The 72-year-old co-founded the Guadalajara Cartel.",
        )
        .unwrap();
        std::fs::write(
            dir.path().join("wire.html"),
            "<html><head><style>p { x }</style></head><body><p>He was \u{201c}released\u{201d} in 2013 &mdash; after a court ruling.</p></body></html>",
        )
        .unwrap();
        dir
    }

    const TIMELINE: &str = r#"Timeline(title: "T",
  sources: [
    Source(id: "reuters", title: "R", archive: "reuters.txt"),
    Source(id: "wire", title: "W", archive: "wire.html"),
    Source(id: "gone", title: "G", archive: "missing.txt"),
  ],
  events: [
    Event(id: "a", kind: Extradition, date: "2025-02-27", title: "A", sources: ["reuters", "wire", "gone"],
      quotes: [
        Quote(source: "reuters", text: "MEXICO sent 29 cartel figures to the United States"),
        Quote(source: "wire", text: "He was 'released' in 2013 - after a court ruling"),
        Quote(source: "reuters", text: "Mexico sent … to the United States on Thursday"),
        Quote(source: "reuters", text: "The 72-year-old founded the Guadalajara Cartel"),
        Quote(source: "gone", text: "anything"),
      ],
      disputed: [Dispute(source: "wire", note: "A year later", quote: "released in 2014")]),
  ],
)"#;

    /// "LINE:COL message" of each quote-check warning of `text`.
    fn warnings(text: &str, dir: &Path, require_archives: bool) -> Vec<String> {
        let loaded = load_str(text);
        assert!(!loaded.has_errors(), "{:?}", loaded.diagnostics);
        let timeline = loaded.timeline.unwrap();
        let options = ArchiveOptions {
            base: ArchiveBase::Directory(dir),
            require_archives,
        };
        check_quotes_in_text(&timeline, text, options)
            .0
            .iter()
            .map(|d| format!("{}:{} {}", d.line, d.column, d.message))
            .collect()
    }

    #[test]
    fn quotes_are_found_across_line_breaks_html_quote_marks_dashes_and_ellipses() {
        let dir = archives();
        assert_eq!(
            warnings(TIMELINE, dir.path(), false),
            [
                "13:40 quote not found in reuters.txt; closest: 'The 72-year-old co-founded the Guadalajara Cartel'",
                "16:71 quote not found in wire.html; closest: 'released” in'",
            ]
        );
    }

    #[test]
    fn unreadable_archives_warn_at_the_archive_field_only_when_required() {
        let dir = archives();
        let found = warnings(TIMELINE, dir.path(), true);
        assert_eq!(
            found.first().map(String::as_str),
            Some("5:45 archive `missing.txt` of source `gone` cannot be read: no such file")
        );
        assert_eq!(found.len(), 3, "{found:?}");
    }

    #[test]
    fn archives_are_found_beside_the_timeline_or_in_the_archive_dir() {
        let dir = archives();
        let timeline = load_str(TIMELINE).timeline.unwrap();
        let map = crate::load::decode(TIMELINE).0.unwrap().1;
        // Beside a timeline file in `dir`: the same archives as `--archive-dir dir`.
        let file = dir.path().join("t.ron");
        let beside = check_quotes(&timeline, &map, ArchiveOptions::beside(&file));
        assert_eq!(beside.problems.len(), 2);
        assert!(matches!(beside.archives[0], ArchiveStatus::Read(_)));
        assert!(
            matches!(&beside.archives[2], ArchiveStatus::Unreadable(why) if why == "no such file")
        );
        // Elsewhere, nothing is found: unreadable archives are silent by default.
        let elsewhere = tempfile::tempdir().unwrap();
        let options = ArchiveOptions {
            base: ArchiveBase::Directory(elsewhere.path()),
            require_archives: false,
        };
        let check = check_quotes(&timeline, &map, options);
        assert!(check.problems.is_empty(), "{:?}", check.problems);
        assert!(
            check
                .archives
                .iter()
                .all(|status| matches!(status, ArchiveStatus::Unreadable(_)))
        );
    }

    #[test]
    fn a_quoted_source_without_archive_warns_only_when_archives_are_required() {
        let text = r#"Timeline(title: "T",
  sources: [Source(id: "s", title: "S")],
  events: [Event(id: "a", kind: Arrest, date: "1985", title: "A", sources: ["s"],
    quotes: [Quote(source: "s", text: "held")])],
)"#;
        let dir = tempfile::tempdir().unwrap();
        assert!(warnings(text, dir.path(), false).is_empty());
        assert_eq!(
            warnings(text, dir.path(), true),
            ["2:24 source `s` is quoted but has no archive to check the quotes against"]
        );
    }
}
