//! `chronolanes list FILE [filters] [--format …]`: the events that match, sorted by date.

use std::path::Path;
use std::process::ExitCode;

use crate::export::events::{EventFormat, write_events};
use crate::filter::Filter;
use crate::lanes::Grouping;
use crate::scene::Scene;

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
    // The grouping does not change which events are listed or their order.
    let scene = Scene::new(timeline, Grouping::Kind, filter);
    match write_stdout(write_events(&scene, format).as_bytes()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(code) => code,
    }
}
