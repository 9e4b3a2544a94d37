//! The TimelineJS importer on arbitrary bytes, read as JSON and as CSV: never panics, never
//! hangs, every diagnostic lies inside the input, and an imported timeline written as RON loads
//! again without errors and unchanged (the properties of `tests/support/properties.rs`).
//!
//! Run: `cargo +nightly fuzz run import_timelinejs` (see docs/reliability.md).

#![no_main]

use chronolanes::import::{ImportFormat, import_timelinejs};
use chronolanes::load::Loaded;
use libfuzzer_sys::fuzz_target;

#[path = "../../tests/support/properties.rs"]
mod properties;

fuzz_target!(|data: &[u8]| {
    for (format, file_name) in [
        (ImportFormat::TimelineJsJson, "fuzz.json"),
        (ImportFormat::TimelineJsCsv, "fuzz.csv"),
    ] {
        let started = std::time::Instant::now();
        let result = import_timelinejs(data, file_name, format);
        let elapsed = started.elapsed();
        assert!(
            elapsed < properties::MAX_LOAD_TIME,
            "importing {} bytes as {format:?} took {elapsed:?}",
            data.len()
        );
        let loaded = match result {
            Ok(imported) => Loaded {
                timeline: Some(imported.timeline),
                diagnostics: imported.warnings,
            },
            Err(failure) => Loaded {
                timeline: None,
                diagnostics: failure.diagnostics(),
            },
        };
        if let Err(why) = properties::check_positions(data, &loaded.diagnostics) {
            panic!("{format:?}: {why}");
        }
        if let Err(why) = properties::check_round_trip(&loaded) {
            panic!("{format:?}: {why}");
        }
    }
});
