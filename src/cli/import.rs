//! `chronolanes import FILE.json|FILE.csv [-o OUT.ron] [--force]`.

use std::path::Path;
use std::process::ExitCode;

use crate::diagnostic::{Counts, plural};
use crate::fs_util::{check_output_path, write_atomically};
use crate::import::ImportFormat;
use crate::load::{load_str, read_file_bytes};
use crate::open::{detect_format, load_as};
use crate::write_ron::timeline_to_ron;

use super::{EXIT_ERRORS, EXIT_UNUSABLE, file_write_failure, write_stdout};

/// Imports `input` and writes the timeline to `output` (stdout when `None`). Diagnostics go to
/// stderr as `FILE:LINE:COL: warning|error: MESSAGE`, with FILE as the user gave it.
pub fn run_import(input: &Path, output: Option<&Path>, force: bool) -> ExitCode {
    let name = input.display().to_string();
    if let Some(output) = output
        && let Err(message) = check_output_path(input, output, force)
    {
        eprintln!("{}: error: {message}", output.display());
        return ExitCode::from(EXIT_UNUSABLE);
    }
    let bytes = match read_file_bytes(input) {
        Ok(bytes) => bytes,
        Err(error) => {
            eprintln!("{name}: error: cannot read the file: {error}");
            return ExitCode::from(EXIT_UNUSABLE);
        }
    };
    // The format is decided where every command decides it; only TimelineJS can be imported.
    let format = detect_format(input, &bytes);
    let Some(import_format) = format.import_format() else {
        eprintln!(
            "{name}: error: cannot tell the format: expected a TimelineJS .json file or a .csv export of the TimelineJS Google Sheets template"
        );
        return ExitCode::from(EXIT_UNUSABLE);
    };
    let loaded = load_as(format, input, &bytes);
    for diagnostic in &loaded.diagnostics {
        eprintln!("{}", diagnostic.one_line(&name));
    }
    let counts = Counts::of(&loaded.diagnostics);
    let timeline = match loaded.timeline {
        Some(timeline) if counts.errors == 0 => timeline,
        _ => {
            eprintln!(
                "{name}: {}; nothing written",
                plural(counts.errors, "error")
            );
            return ExitCode::from(EXIT_ERRORS);
        }
    };
    let file_name = input
        .file_name()
        .map_or_else(|| name.clone(), |n| n.to_string_lossy().into_owned());

    let mut text = header_comment(&file_name, import_format);
    text.push_str(&timeline_to_ron(&timeline));
    // The writer and the loader are tested to agree; this guards users against a bug in either.
    let reloaded = load_str(&text);
    if reloaded.has_errors() {
        for diagnostic in reloaded.diagnostics.iter().filter(|d| d.is_error()) {
            eprintln!("{}", diagnostic.one_line("<converted timeline>"));
        }
        eprintln!(
            "{name}: error: the converted timeline does not load (a bug in Chronolanes); nothing written"
        );
        return ExitCode::from(EXIT_ERRORS);
    }

    let summary = format!(
        "{name}: imported {}, {}, {} ({})",
        plural(timeline.events.len(), "event"),
        plural(timeline.eras.len(), "era"),
        plural(timeline.sources.len(), "source"),
        plural(counts.warnings, "warning")
    );
    match output {
        Some(output) => {
            if let Err(error) = write_atomically(output, text.as_bytes()) {
                return file_write_failure(output, &error);
            }
            eprintln!("{summary} → {}", output.display());
        }
        None => {
            if let Err(code) = write_stdout(text.as_bytes()) {
                return code;
            }
            eprintln!("{summary}");
        }
    }
    ExitCode::SUCCESS
}

/// Where the file came from, as a RON comment (the file name only: paths may be private).
fn header_comment(file_name: &str, format: ImportFormat) -> String {
    let one_line: String = file_name
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    format!(
        "// Imported from {one_line} ({}) by `chronolanes import`.\n",
        format.label()
    )
}
