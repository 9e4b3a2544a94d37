//! Resident memory per event of a large timeline, loaded as the app loads it: the file read,
//! parsed, checked and indexed (`index::load_indexed`), its text freed, then the document the
//! lanes view draws from (`Scene::with_index` and `Document::from_scene`: lanes, filter, counts).
//!
//! `cargo bench --bench memory` (1M generated events; `CHRONOLANES_BENCH_EVENTS` changes that).
//! The file is generated first by a child process, so that generating leaves nothing in this
//! one's memory. Prints, in bytes per event above what the process used before loading:
//! the peak while loading (file text and timeline together), the timeline after the text is
//! freed, and the whole document. Linux only (reads `/proc/self/status`).

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

use chronolanes::app::document::{Document, Origin};
use chronolanes::filter::Filter;
use chronolanes::generate::{GenerateOptions, generate_file};
use chronolanes::index::load_indexed;
use chronolanes::lanes::Grouping;
use chronolanes::load::{LoadProgress, read_file_bytes};
use chronolanes::scene::Scene;

const GENERATE_INTO: &str = "CHRONOLANES_MEMORY_GENERATE_INTO";

/// `VmRSS` and `VmHWM` (peak) of this process, in bytes.
fn resident_and_peak() -> (u64, u64) {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let kilobytes = |key: &str| {
        status
            .lines()
            .find_map(|line| line.strip_prefix(key))
            .and_then(|rest| {
                rest.trim()
                    .trim_end_matches("kB")
                    .trim()
                    .parse::<u64>()
                    .ok()
            })
            .unwrap_or(0)
            * 1024
    };
    (kilobytes("VmRSS:"), kilobytes("VmHWM:"))
}

fn generated_file(events: usize) -> PathBuf {
    let path = std::env::temp_dir().join(format!("chronolanes-memory-{events}.ron"));
    if !path.exists() {
        let status = Command::new(std::env::current_exe().expect("the bench's own path"))
            .env(GENERATE_INTO, &path)
            .env("CHRONOLANES_BENCH_EVENTS", events.to_string())
            .status()
            .expect("the generating child runs");
        assert!(status.success(), "generating {} failed", path.display());
    }
    path
}

fn main() -> ExitCode {
    let events: usize = std::env::var("CHRONOLANES_BENCH_EVENTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000_000);
    if let Some(target) = std::env::var_os(GENERATE_INTO) {
        let options = GenerateOptions {
            events,
            ..GenerateOptions::default()
        };
        return match generate_file(options, Path::new(&target), true) {
            Ok(_) => ExitCode::SUCCESS,
            Err(error) => {
                eprintln!("{error}");
                ExitCode::FAILURE
            }
        };
    }
    // `cargo bench` passes `--bench`; any other argument filters benches, and none is named here.
    if std::env::args()
        .skip(1)
        .any(|a| a != "--bench" && !a.starts_with('-'))
    {
        return ExitCode::SUCCESS;
    }
    let path = generated_file(events);
    let (before, _) = resident_and_peak();
    let bytes = read_file_bytes(&path).expect("the generated file reads");
    let file_bytes = bytes.len();
    let (loaded, index) = load_indexed(&bytes, &LoadProgress::new()).expect("not cancelled");
    drop(bytes);
    let (after_load, peak_loading) = resident_and_peak();
    let (Some(timeline), Some(index)) = (loaded.timeline, index) else {
        eprintln!("the generated file has errors");
        return ExitCode::FAILURE;
    };
    let building = std::time::Instant::now();
    let scene = Scene::with_index(timeline, index, Grouping::Kind, &Filter::default());
    let document = Document::from_scene(Origin::File(path.clone()), scene, loaded.diagnostics);
    let build_time = building.elapsed();
    let (with_document, peak) = resident_and_peak();
    let per_event = |bytes: u64| bytes.saturating_sub(before) as f64 / events as f64;
    println!(
        "memory_{events}_events ({:.1} MB file, {} events loaded)",
        file_bytes as f64 / 1e6,
        document.scene.timeline().events.len()
    );
    println!(
        "  peak while loading (text + timeline + index): {:7.0} B/event",
        per_event(peak_loading)
    );
    println!(
        "  timeline + index, text freed:                 {:7.0} B/event",
        per_event(after_load)
    );
    println!(
        "  app document (lanes, filter, counts too):     {:7.0} B/event",
        per_event(with_document)
    );
    println!(
        "  (building the document took {:.0} ms)",
        build_time.as_secs_f64() * 1e3
    );
    println!(
        "  peak overall:                                 {:7.0} B/event",
        per_event(peak)
    );
    ExitCode::SUCCESS
}
