//! One frame of the real app's lanes view with a large generated timeline, on the CPU: the app's
//! UI code through `egui::Context::run_ui`, then `tessellate` (what is handed to the GPU). No
//! window or GPU is needed.

use std::hint::black_box;
use std::path::Path;

mod common;

use chronolanes::app::{ChronolanesApp, Settings};
use chronolanes::generate::{GenerateOptions, generate};
use chronolanes::timescale::TimeWindow;
use common::frame;
use criterion::{Criterion, criterion_group, criterion_main};

fn frames(c: &mut Criterion) {
    let events = std::env::var("CHRONOLANES_BENCH_EVENTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000_000);
    let timeline = generate(GenerateOptions {
        events,
        ..GenerateOptions::default()
    });
    let ctx = egui::Context::default();
    let mut app = ChronolanesApp::with_timeline(
        &ctx,
        Path::new("generated.ron"),
        timeline,
        Settings::default(),
    );
    // Let panels settle and the first fit happen.
    for _ in 0..4 {
        frame(&ctx, &mut app);
    }
    let all = app.view.window.expect("a window after the first frames");

    let mut group = c.benchmark_group(format!("frame_{events}_events"));
    group.sample_size(20);
    group.bench_function("zoomed_out_to_all", |b| {
        b.iter(|| {
            app.view.pending_window = Some(all);
            black_box(frame(&ctx, &mut app))
        })
    });
    // A month in the thick of it: around the median event, where a month holds thousands.
    let order = app.document.scene.index().order();
    let median = order[order.len() / 2];
    let median_day = app.document.scene.timeline().events[median as usize]
        .date
        .first_day() as f64;
    let month = TimeWindow::new(median_day - 15.0, median_day + 15.0);
    group.bench_function("zoomed_in_to_one_month", |b| {
        b.iter(|| {
            app.view.pending_window = Some(month);
            black_box(frame(&ctx, &mut app))
        })
    });
    group.finish();
}

criterion_group!(benches, frames);
criterion_main!(benches);
