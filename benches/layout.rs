//! The pure lane layout for one frame with 2,000 visible events (titles placed beside markers,
//! sub-rows, clusters), on a linear axis and with empty years compressed. The app runs this every
//! frame for what is visible, so it has to stay far below a millisecond.
//!
//! `cargo bench --bench layout`

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};

use chronolanes::axis_breaks::find_breaks;
use chronolanes::generate::{GenerateOptions, generate};
use chronolanes::lanes::{Grouping, LaneAssignment, index_visible};
use chronolanes::layout::{LayoutParams, fit_all_window, layout_lanes, layout_lanes_compressed};

const EVENTS: usize = 2_000;

fn layout(c: &mut Criterion) {
    let timeline = generate(GenerateOptions {
        events: EVENTS,
        ..GenerateOptions::default()
    });
    let assignment = LaneAssignment::new(&timeline, Grouping::Kind);
    let lanes = index_visible(&timeline, &assignment, &vec![true; timeline.events.len()]);
    let breaks = find_breaks(&lanes);
    let range = timeline
        .events
        .iter()
        .map(|e| e.day_range())
        .reduce(|(a0, a1), (b0, b1)| (a0.min(b0), a1.max(b1)));
    let width_px = 1500.0;
    let params = LayoutParams {
        window: fit_all_window(range, &[], width_px),
        left_px: 150.0,
        width_px,
        rows_per_lane: 12,
        // Every event is laid out one by one: no lane is drawn as density.
        density_events_per_px: f64::INFINITY,
        ..LayoutParams::default()
    };
    // About what egui's font measuring costs per call is not the point here: a cheap measure.
    let measure = |text: &str| text.len() as f64 * 6.6;
    let laid_out = layout_lanes(&timeline, &lanes, &params, &measure);
    assert_eq!(laid_out.placed.len(), EVENTS);

    let mut group = c.benchmark_group(format!("layout_{EVENTS}_visible_events"));
    group.bench_function("linear", |b| {
        b.iter(|| black_box(layout_lanes(&timeline, &lanes, &params, &measure)))
    });
    let compressed = LayoutParams {
        window: fit_all_window(range, &breaks, width_px),
        ..params
    };
    group.bench_function("compressed", |b| {
        b.iter(|| {
            black_box(layout_lanes_compressed(
                &timeline,
                &lanes,
                &compressed,
                &breaks,
                &measure,
            ))
        })
    });
    group.finish();
}

criterion_group!(benches, layout);
criterion_main!(benches);
