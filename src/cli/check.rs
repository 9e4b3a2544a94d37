//! `chronolanes check FILE... [--deny-warnings] [--brief]`: every problem of every file as
//! `FILE:LINE:COL: error|warning: MESSAGE`, then a summary. RON and TimelineJS files alike.

use std::path::PathBuf;
use std::process::ExitCode;

use crate::diagnostic::{Counts, plural};
use crate::open::open_file;

use super::{EXIT_ERRORS, EXIT_UNUSABLE, display_name, stdout_failure, try_write_stdout};

/// Checks `files` in order; the exit code says whether any has errors (or warnings, when denied)
/// or could not be read.
pub fn run_check(files: &[PathBuf], deny_warnings: bool, brief: bool) -> ExitCode {
    let mut total = Counts::default();
    let mut unreadable = 0;
    // Once the reader of a pipe is gone (`check … | head`), the rest is not printed, but every
    // file is still checked: the exit code is the verdict, and it must not depend on the reader.
    let mut reader_gone = false;
    let mut print = |text: &str| -> Result<(), ExitCode> {
        if reader_gone {
            return Ok(());
        }
        match try_write_stdout(text.as_bytes()) {
            Ok(()) => Ok(()),
            Err(error) if error.kind() == std::io::ErrorKind::BrokenPipe => {
                reader_gone = true;
                Ok(())
            }
            Err(error) => Err(stdout_failure(&error)),
        }
    };
    for (position, path) in files.iter().enumerate() {
        let name = display_name(path);
        let opened = match open_file(path) {
            Ok(opened) => opened,
            Err(error) => {
                eprintln!("{name}: error: cannot read the file: {error}");
                unreadable += 1;
                continue;
            }
        };
        let diagnostics = &opened.loaded.diagnostics;
        if !diagnostics.is_empty() {
            // Only excerpts need the text; converting it is a second pass over a large file.
            let text = if brief {
                Default::default()
            } else {
                opened.text()
            };
            let mut lines = String::new();
            for diagnostic in diagnostics {
                if brief {
                    lines.push_str(&diagnostic.one_line(&name));
                } else {
                    lines.push_str(&diagnostic.with_excerpt(&name, &text));
                }
                lines.push('\n');
            }
            if let Err(code) = print(&lines) {
                return code;
            }
        }
        let counts = Counts::of(diagnostics);
        total.errors += counts.errors;
        total.warnings += counts.warnings;
        if position + 1 == files.len() {
            // Freeing a million events one by one takes longer than the process needs to exit,
            // which frees them at once.
            std::mem::forget(opened);
        }
    }
    let checked = files.len() - unreadable;
    let mut summary = format!(
        "checked {}: {}, {}",
        plural(checked, "file"),
        plural(total.errors, "error"),
        plural(total.warnings, "warning")
    );
    if unreadable > 0 {
        summary.push_str(&format!(
            "; {} could not be read",
            plural(unreadable, "file")
        ));
    }
    summary.push('\n');
    if let Err(code) = print(&summary) {
        return code;
    }
    if unreadable > 0 {
        ExitCode::from(EXIT_UNUSABLE)
    } else if total.errors > 0 || (deny_warnings && total.warnings > 0) {
        ExitCode::from(EXIT_ERRORS)
    } else {
        ExitCode::SUCCESS
    }
}
