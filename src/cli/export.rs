//! `chronolanes export FILE --to timelinejs -o OUT.json [filters] [--group-by …]`: the events
//! that match the filters of `list` (with `--until` for its `--to`) in another tool's format.

use std::path::PathBuf;
use std::process::ExitCode;

use crate::export::timelinejs::timelinejs_json;
use crate::fs_util::{Existing, write_atomically_with};
use crate::scene::Scene;

use super::{ExportFilterArgs, file_write_failure, open_for_output};

/// The formats `export --to` writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportFormat {
    /// Knight Lab TimelineJS 3 JSON, which `chronolanes import` reads back.
    Timelinejs,
}

/// What `chronolanes export` was asked for.
pub struct ExportRequest {
    pub file: PathBuf,
    pub format: ExportFormat,
    pub output: PathBuf,
    pub grouping: crate::lanes::Grouping,
    pub filter: ExportFilterArgs,
    pub force: bool,
}

/// Writes the events of `request.file` that match its filters to `request.output`; never over
/// the input, and over an existing file only with `--force`.
pub fn run_export(request: &ExportRequest) -> ExitCode {
    let output = &request.output;
    let filter = request.filter.to_filter();
    let timeline = match open_for_output(&request.file, output, request.force, &filter) {
        Ok(timeline) => timeline,
        Err(code) => return code,
    };
    let scene = Scene::new(timeline, request.grouping, &filter);
    let text = match request.format {
        ExportFormat::Timelinejs => timelinejs_json(&scene),
    };
    // `Keep` also refuses a file that appeared since the check above.
    let existing = if request.force {
        Existing::Replace
    } else {
        Existing::Keep
    };
    if let Err(error) = write_atomically_with(output, existing, |file| {
        std::io::Write::write_all(file, text.as_bytes())
    }) {
        return file_write_failure(output, &error);
    }
    eprintln!(
        "{}: exported {} → {}",
        request.file.display(),
        crate::diagnostic::plural(scene.visible_count(), "event"),
        output.display()
    );
    ExitCode::SUCCESS
}
