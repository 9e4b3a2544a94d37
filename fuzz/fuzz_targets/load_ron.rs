//! Load + validate of arbitrary bytes as a RON timeline: never panics, never hangs (libFuzzer's
//! `-timeout`), every diagnostic lies inside the file, and a file without errors survives a
//! write → load round trip. The properties are the ones CI checks in `tests/properties.rs`.

#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../../tests/support/properties.rs"]
mod properties;

fuzz_target!(|data: &[u8]| {
    if let Err(why) = properties::check_load(data) {
        panic!("{why}");
    }
});
