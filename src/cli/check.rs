//! `chronolanes check FILE... [--deny-warnings] [--brief] [--archive-dir DIR]
//! [--require-archives]`: every problem of every file as `FILE:LINE:COL: error|warning: MESSAGE`,
//! then a summary. RON and TimelineJS files alike; quotes are checked against the sources'
//! archived articles (see [`crate::quotes_check`]).

use std::path::PathBuf;
use std::process::ExitCode;

use crate::diagnostic::{Counts, plural};
use crate::evidence::ArchiveBase;
use crate::open::open_file;
use crate::quotes_check::{ArchiveOptions, check_quotes_in_text};

use super::{EXIT_ERRORS, EXIT_UNUSABLE, display_name, stdout_failure, try_write_stdout};

/// The options of `check`.
#[derive(Clone, Debug, Default)]
pub struct CheckOptions {
    /// Fail on warnings too.
    pub deny_warnings: bool,
    /// One-line diagnostics, without excerpts.
    pub brief: bool,
    /// Where archives are, instead of beside each file.
    pub archive_dir: Option<PathBuf>,
    /// Warn about archives that cannot be read.
    pub require_archives: bool,
}

/// Checks `files` in order; the exit code says whether any has errors (or warnings, when denied)
/// or could not be read.
pub fn run_check(files: &[PathBuf], options: &CheckOptions) -> ExitCode {
    let CheckOptions {
        deny_warnings,
        brief,
        ..
    } = *options;
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
        let mut opened = match open_file(path) {
            Ok(opened) => opened,
            Err(error) => {
                eprintln!("{name}: error: cannot read the file: {error}");
                unreadable += 1;
                continue;
            }
        };
        // A file that names no archive (most, and every generated one) costs nothing more.
        if let Some(timeline) = &opened.loaded.timeline
            && (options.require_archives || timeline.sources.iter().any(|s| s.archive.is_some()))
        {
            let archives = ArchiveOptions {
                base: match &options.archive_dir {
                    Some(directory) => ArchiveBase::Directory(directory),
                    None => ArchiveBase::TimelineFile(path),
                },
                require_archives: options.require_archives,
            };
            let (quote_diagnostics, _) = check_quotes_in_text(timeline, &opened.text(), archives);
            let diagnostics = &mut opened.loaded.diagnostics;
            diagnostics.extend(quote_diagnostics);
            // Stable: the loader's order is kept among diagnostics at one place.
            diagnostics.sort_by_key(|d| (d.line, d.column));
        }
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
