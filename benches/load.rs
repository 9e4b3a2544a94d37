//! Load + validate + index a generated timeline (1M events by default; set
//! `CHRONOLANES_BENCH_EVENTS` to change). Throughput is in bytes of RON text.
//!
//! `cargo bench --bench load`

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, SamplingMode, Throughput, criterion_group, criterion_main};

use chronolanes::generate::{GenerateOptions, generate, write_generated_ron};
use chronolanes::index::{TimelineIndex, load_indexed};
use chronolanes::load::{LoadProgress, decode, load_bytes};
use chronolanes::validate::validate;

fn bench_events() -> usize {
    std::env::var("CHRONOLANES_BENCH_EVENTS")
        .ok()
        .and_then(|text| text.parse().ok())
        .unwrap_or(1_000_000)
}

/// The RON text of a generated timeline (seed 1, default people and cartels).
fn generated_text(events: usize) -> Vec<u8> {
    let timeline = generate(GenerateOptions {
        events,
        ..GenerateOptions::default()
    });
    let mut text = Vec::new();
    write_generated_ron(&timeline, &mut text).expect("writing to memory cannot fail");
    text
}

fn load(c: &mut Criterion) {
    let events = bench_events();
    let text = generated_text(events);
    // A bench of a file that does not load cleanly would measure the wrong thing.
    let loaded = load_bytes(&text);
    assert!(
        loaded.diagnostics.is_empty(),
        "{:?}",
        loaded.diagnostics.first()
    );
    drop(loaded);

    let mut group = c.benchmark_group(format!("load_{events}_events"));
    group
        .sample_size(10)
        .sampling_mode(SamplingMode::Flat)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(20))
        .throughput(Throughput::Bytes(text.len() as u64));
    // What opening a file costs in the app: parse, check, and build the viewer's index
    // (`load_indexed`, as the app loads). Dropping the result is left out: the app frees the
    // previous timeline, not the new one.
    group.bench_function("parse_validate_index", |b| {
        b.iter_with_large_drop(|| load_indexed(black_box(&text), &LoadProgress::new()))
    });
    group.bench_function("parse_validate", |b| {
        b.iter_with_large_drop(|| load_bytes(black_box(&text)))
    });
    group.finish();

    // The parts: parsing alone, validation alone.
    let text_str = std::str::from_utf8(&text).expect("generated text is UTF-8");
    let mut group = c.benchmark_group(format!("load_parts_{events}_events"));
    group
        .sample_size(10)
        .sampling_mode(SamplingMode::Flat)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(15));
    group.bench_function("decode", |b| {
        b.iter_with_large_drop(|| decode(black_box(text_str)))
    });
    let (decoded, _) = decode(text_str);
    let (timeline, map) = decoded.expect("decodes");
    group.bench_function("validate", |b| {
        b.iter(|| validate(black_box(&timeline), black_box(&map)))
    });
    group.finish();
    drop(map);

    let mut group = c.benchmark_group(format!("index_{events}_events"));
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(5));
    group.bench_function("build", |b| {
        b.iter_with_large_drop(|| TimelineIndex::new(black_box(&timeline)))
    });
    group.finish();
}

criterion_group!(benches, load);
criterion_main!(benches);
