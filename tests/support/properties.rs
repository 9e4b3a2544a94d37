//! The properties every load must have, whatever the input: shared by `tests/properties.rs`,
//! `tests/bad_files.rs` and the fuzz targets in `fuzz/` (which include this file by path), so
//! that CI and the fuzzers check exactly the same thing.
//!
//! Each check returns `Err(why)` rather than panicking so that callers can add the input to the
//! report (proptest shrinks it; the fuzzer saves it).

#![allow(dead_code)]

use std::time::{Duration, Instant};

use chronolanes::diagnostic::Diagnostic;
use chronolanes::load::{Loaded, load_bytes, load_str};

/// A load slower than this counts as a hang. Generous for debug builds of small inputs: a real
/// hang (an endless loop, a quadratic blow-up on a few kilobytes) takes far longer.
pub const MAX_LOAD_TIME: Duration = Duration::from_secs(1);

/// Loads `bytes`, timing it, and checks every property: positions inside the file, the round
/// trip of a file without errors, and the time limit.
pub fn check_load(bytes: &[u8]) -> Result<Loaded, String> {
    let started = Instant::now();
    let loaded = load_bytes(bytes);
    let elapsed = started.elapsed();
    if elapsed > MAX_LOAD_TIME {
        return Err(format!(
            "loading {} bytes took {elapsed:?} (limit {MAX_LOAD_TIME:?})",
            bytes.len()
        ));
    }
    check_positions(bytes, &loaded.diagnostics)?;
    check_round_trip(&loaded)?;
    Ok(loaded)
}

/// Every diagnostic's line and column lie inside the file: line ≤ number of lines, column ≤
/// that line's length in characters + 1 (just after its last character), span inside the bytes.
///
/// Lines are separated by `\n` (a `\r` before it counts as a character of the line, as in
/// [`chronolanes::diagnostic::locate`]); invalid UTF-8 counts as one character per bad sequence.
pub fn check_positions(bytes: &[u8], diagnostics: &[Diagnostic]) -> Result<(), String> {
    let text = String::from_utf8_lossy(bytes);
    let lines: Vec<&str> = text.split('\n').collect();
    for diagnostic in diagnostics {
        let shown = diagnostic.one_line("input");
        let line = diagnostic.line as usize;
        let Some(line_text) = line.checked_sub(1).and_then(|index| lines.get(index)) else {
            return Err(format!(
                "{shown}: line {line} is outside the file ({} lines)",
                lines.len()
            ));
        };
        let line_length = line_text.chars().count();
        if diagnostic.column == 0 || diagnostic.column as usize > line_length + 1 {
            return Err(format!(
                "{shown}: column {} is outside line {line} ({line_length} characters)",
                diagnostic.column
            ));
        }
        if diagnostic.span.start > bytes.len() || diagnostic.span.end > bytes.len() {
            return Err(format!(
                "{shown}: span {:?} is outside the file ({} bytes)",
                diagnostic.span,
                bytes.len()
            ));
        }
        if diagnostic.span.start > diagnostic.span.end {
            return Err(format!("{shown}: span {:?} is reversed", diagnostic.span));
        }
    }
    Ok(())
}

/// A file that loads without errors gives the same timeline after writing it with `ron::ser`
/// (struct names on, as the app's writers use) and loading the text again.
pub fn check_round_trip(loaded: &Loaded) -> Result<(), String> {
    let Some(timeline) = &loaded.timeline else {
        return Ok(());
    };
    let config = ron::ser::PrettyConfig::new().struct_names(true);
    let written = ron::ser::to_string_pretty(timeline, config)
        .map_err(|error| format!("ron could not write a loaded timeline: {error}"))?;
    let again = load_str(&written);
    if again.has_errors() {
        let problems: Vec<String> = again
            .diagnostics
            .iter()
            .map(|d| d.one_line("written.ron"))
            .collect();
        return Err(format!(
            "the written timeline does not load again:\n{}\n--- written text:\n{written}",
            problems.join("\n")
        ));
    }
    if again.timeline.as_ref() != Some(timeline) {
        return Err(format!(
            "the timeline changed in a write → load round trip:\nbefore: {timeline:?}\nafter:  {:?}",
            again.timeline
        ));
    }
    Ok(())
}
