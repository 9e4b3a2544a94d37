//! The app while it loads a large file: how long each UI frame takes on the UI thread (the real
//! app through `egui::Context::run_ui` + `tessellate`, no GPU) while the loading thread reads,
//! parses, checks and indexes a generated file, and how long until the timeline is on screen.
//!
//! `cargo bench --bench loading` (1M events; `CHRONOLANES_BENCH_EVENTS` changes that). Frames are
//! paced at 60 per second, as a window with vsync would draw them (the app itself asks for one
//! every 50 ms while loading); a frame that takes longer than its 16.7 ms is a visible stutter.

use std::path::Path;
use std::time::{Duration, Instant};

mod common;

use chronolanes::app::{ChronolanesApp, Settings, Startup};
use chronolanes::generate::{GenerateOptions, generate_file};

fn percentile(sorted: &[Duration], fraction: f64) -> Duration {
    let position = ((sorted.len() as f64 - 1.0) * fraction).round() as usize;
    sorted.get(position).copied().unwrap_or_default()
}

fn main() {
    // `cargo bench` passes `--bench`; a name to filter by means another bench was asked for.
    if std::env::args().skip(1).any(|a| !a.starts_with('-')) {
        return;
    }
    let events: usize = std::env::var("CHRONOLANES_BENCH_EVENTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000_000);
    let path = std::env::temp_dir().join(format!("chronolanes-loading-{events}.ron"));
    if !path.exists() {
        let options = GenerateOptions {
            events,
            ..GenerateOptions::default()
        };
        generate_file(options, &path, true).expect("the generated file is written");
    }
    let megabytes = std::fs::metadata(&path).map_or(0.0, |m| m.len() as f64 / 1e6);

    let ctx = egui::Context::default();
    let started = Instant::now();
    let mut app = ChronolanesApp::with_settings(
        &ctx,
        Startup {
            file: Some(path.clone()),
            fresh: true,
            ..Startup::default()
        },
        Settings::default(),
    );
    let frame_budget = Duration::from_secs_f64(1.0 / 60.0);
    let mut frame_times = Vec::new();
    while app.is_loading() {
        let frame_started = Instant::now();
        std::hint::black_box(common::frame(&ctx, &mut app));
        let frame_time = frame_started.elapsed();
        frame_times.push(frame_time);
        std::thread::sleep(frame_budget.saturating_sub(frame_time));
        assert!(
            started.elapsed() < Duration::from_secs(120),
            "loading did not finish"
        );
    }
    let until_shown = started.elapsed();
    let loaded = app.document.scene.timeline().events.len();
    frame_times.sort_unstable();
    println!(
        "loading_{events}_events: {} ({megabytes:.1} MB) on screen after {:.2} s ({:.0} MB/s), {loaded} events",
        display(&path),
        until_shown.as_secs_f64(),
        megabytes / until_shown.as_secs_f64()
    );
    let over_budget = frame_times.iter().filter(|&&t| t > frame_budget).count();
    println!(
        "  UI frames while loading: {} frames, median {:.2} ms, 95th percentile {:.2} ms, max {:.2} ms, {over_budget} over 16.7 ms",
        frame_times.len(),
        percentile(&frame_times, 0.5).as_secs_f64() * 1e3,
        percentile(&frame_times, 0.95).as_secs_f64() * 1e3,
        frame_times
            .last()
            .copied()
            .unwrap_or_default()
            .as_secs_f64()
            * 1e3,
    );
}

fn display(path: &Path) -> String {
    path.file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned())
}
