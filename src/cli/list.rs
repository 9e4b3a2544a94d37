//! `chronolanes list FILE [filters] [--format …]`: the events that match, sorted by date.

use std::path::Path;
use std::process::ExitCode;

use crate::export::events::{EventFormat, write_events};
use crate::filter::{Filter, matching_events};

use super::{open_for_command, write_stdout};

/// Prints the events of the timeline at `path` that match `filter`, in `format`.
pub fn run_list(path: &Path, filter: &Filter, format: EventFormat) -> ExitCode {
    let timeline = match open_for_command(path) {
        Ok(timeline) => timeline,
        Err(code) => return code,
    };
    for message in filter.compile(&timeline).unmatched_values() {
        eprintln!("warning: {message}");
    }
    let indices = matching_events(&timeline, filter);
    match write_stdout(write_events(&timeline, &indices, format).as_bytes()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(code) => code,
    }
}
