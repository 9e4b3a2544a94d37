//! `chronolanes diff OLD NEW [--format table|json|markdown] [the filter options of list]`.

use std::io::Write as _;
use std::path::Path;
use std::process::ExitCode;

use crate::diagnostic::{Counts, plural};
use crate::diff::diff;
use crate::export::diff_report::{DiffFormat, write_diff};
use crate::filter::Filter;
use crate::model::Timeline;
use crate::open::open_file;

use super::EXIT_UNUSABLE;

/// Exit code when the two timelines differ (as `diff(1)` and `git diff --exit-code` do).
pub const EXIT_DIFFERENT: u8 = 1;

/// Compares `old` with `new` and prints the report. Exits 0 when nothing differs, 1 when
/// something does, 2 when either file cannot be read or has errors (both are opened first, so
/// that one run shows the problems of both).
pub fn run_diff(old: &Path, new: &Path, filter: &Filter, format: DiffFormat) -> ExitCode {
    let (Some(old_timeline), Some(new_timeline)) = (open_timeline(old), open_timeline(new)) else {
        return ExitCode::from(EXIT_UNUSABLE);
    };
    // A value that names nobody in either file is most likely a typo; in one file only, it is
    // what the comparison is about (a person added or removed).
    let old_unmatched = filter.compile(&old_timeline).unmatched_values().to_vec();
    for message in filter.compile(&new_timeline).unmatched_values() {
        if old_unmatched.contains(message) {
            eprintln!("warning: {message}");
        }
    }

    let mut changes = diff(&old_timeline, &new_timeline);
    changes.retain_events_matching(&old_timeline, &new_timeline, filter);
    let report = write_diff(&changes, format);
    if let Err(error) = std::io::stdout().lock().write_all(report.as_bytes()) {
        // A reader that stopped early (`| head`) is not a failure; anything else is.
        if error.kind() != std::io::ErrorKind::BrokenPipe {
            eprintln!("chronolanes: cannot write to standard output: {error}");
            return ExitCode::from(EXIT_UNUSABLE);
        }
    }
    if changes.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(EXIT_DIFFERENT)
    }
}

/// Opens a timeline to compare through [`crate::open`] (RON, or a TimelineJS JSON/CSV file
/// converted in memory, so a RON file and the TimelineJS file it was imported from compare
/// equal). A file that cannot be read or has errors gets its diagnostics printed to stderr the
/// way `check` prints them, and gives `None`.
fn open_timeline(path: &Path) -> Option<Timeline> {
    let name = path.display().to_string();
    let mut opened = match open_file(path) {
        Ok(opened) => opened,
        Err(error) => {
            eprintln!("{name}: error: cannot read the file: {error}");
            return None;
        }
    };
    if !opened.loaded.has_errors()
        && let Some(timeline) = opened.loaded.timeline.take()
    {
        return Some(timeline);
    }
    let text = opened.text();
    for diagnostic in &opened.loaded.diagnostics {
        eprintln!("{}", diagnostic.with_excerpt(&name, &text));
    }
    match Counts::of(&opened.loaded.diagnostics).errors {
        // The loaders explain every failure; this guards against one that does not.
        0 => eprintln!("{name}: error: no timeline could be read from the file"),
        errors => eprintln!(
            "{name}: {}; fix them and compare again",
            plural(errors, "error")
        ),
    }
    None
}
