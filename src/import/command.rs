//! `chronolanes import FILE.json|FILE.csv [-o OUT.ron] [--force]`.

use std::io::Write as _;
use std::path::Path;
use std::process::ExitCode;

use crate::cli::{EXIT_ERRORS, EXIT_UNUSABLE};
use crate::diagnostic::{Counts, plural};
use crate::fs_util::{check_output_path, write_atomically};
use crate::load::{load_str, read_file_bytes};
use crate::write_ron::timeline_to_ron;

use super::{ImportFormat, detect_format, import_timelinejs};

/// Imports `input` and writes the timeline to `output` (stdout when `None`). Diagnostics go to
/// stderr as `FILE:LINE:COL: warning|error: MESSAGE`, with FILE as the user gave it.
pub fn run_import(input: &Path, output: Option<&Path>, force: bool) -> ExitCode {
    let name = input.display().to_string();
    let Some(format) = detect_format(input) else {
        eprintln!(
            "{name}: error: cannot tell the format from the file name: expected a TimelineJS .json file or a .csv export of the TimelineJS Google Sheets template"
        );
        return ExitCode::from(EXIT_UNUSABLE);
    };
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
    let file_name = input
        .file_name()
        .map_or_else(|| name.clone(), |n| n.to_string_lossy().into_owned());
    let imported = match import_timelinejs(&bytes, &file_name, format) {
        Ok(imported) => imported,
        Err(failure) => {
            for diagnostic in failure.diagnostics() {
                eprintln!("{}", diagnostic.one_line(&name));
            }
            eprintln!(
                "{name}: {}; nothing written",
                plural(failure.errors.len(), "error")
            );
            return ExitCode::from(EXIT_ERRORS);
        }
    };
    for warning in &imported.warnings {
        eprintln!("{}", warning.one_line(&name));
    }

    let mut text = header_comment(&file_name, format);
    text.push_str(&timeline_to_ron(&imported.timeline));
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

    let timeline = &imported.timeline;
    let summary = format!(
        "{name}: imported {}, {}, {} ({})",
        plural(timeline.events.len(), "event"),
        plural(timeline.eras.len(), "era"),
        plural(timeline.sources.len(), "source"),
        plural(Counts::of(&imported.warnings).warnings, "warning")
    );
    match output {
        Some(output) => {
            if let Err(error) = write_atomically(output, text.as_bytes()) {
                eprintln!(
                    "{}: error: cannot write the file: {error}",
                    output.display()
                );
                return ExitCode::from(EXIT_UNUSABLE);
            }
            eprintln!("{summary} → {}", output.display());
        }
        None => {
            if let Err(error) = std::io::stdout().lock().write_all(text.as_bytes()) {
                eprintln!("error: cannot write to standard output: {error}");
                return ExitCode::from(EXIT_UNUSABLE);
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
