//! A filter change over a generated timeline (1M events by default; set
//! `CHRONOLANES_BENCH_EVENTS` to change): recomputing the visibility of every event with
//! `TimelineIndex::apply_filter`, and the whole change as the app makes it (`Scene::set_filter`:
//! visibility, then the lanes' visible events, the date order and the fit range).
//!
//! `cargo bench --bench filter`

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};

use chronolanes::app::document::{Document, Origin};
use chronolanes::filter::Filter;
use chronolanes::generate::{GenerateOptions, generate};
use chronolanes::index::TimelineIndex;
use chronolanes::lanes::Grouping;
use chronolanes::model::KindSelector;

fn bench_events() -> usize {
    std::env::var("CHRONOLANES_BENCH_EVENTS")
        .ok()
        .and_then(|text| text.parse().ok())
        .unwrap_or(1_000_000)
}

fn filter(c: &mut Criterion) {
    let events = bench_events();
    let timeline = generate(GenerateOptions {
        events,
        ..GenerateOptions::default()
    });
    let index = TimelineIndex::new(&timeline);
    let person = &timeline.people[10];
    let cartel = &timeline.cartels[3];
    let cases = [
        (
            "cartel",
            Filter {
                cartels: vec![cartel.name.clone()],
                ..Filter::default()
            },
        ),
        (
            "person",
            Filter {
                people: vec![person.name.clone()],
                ..Filter::default()
            },
        ),
        (
            "kind",
            Filter {
                kinds: vec![KindSelector::AnyPolicy],
                ..Filter::default()
            },
        ),
        (
            // Typed text: searched in titles, summaries, places, tags and names.
            "text",
            Filter {
                search: "juárez".into(),
                ..Filter::default()
            },
        ),
        (
            "text_ascii",
            Filter {
                search: "tunnel".into(),
                ..Filter::default()
            },
        ),
    ];
    let mut group = c.benchmark_group(format!("filter_{events}_events"));
    group
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(5));
    for (name, filter) in &cases {
        let visible = index.apply_filter(&timeline, filter).count();
        eprintln!("{name}: {visible} of {events} events visible");
        group.bench_function(*name, |b| {
            b.iter(|| index.apply_filter(black_box(&timeline), black_box(filter)))
        });
    }
    group.finish();

    // What the app does on a filter change: the visibility above, then each lane's visible
    // events and the date-ordered list for stepping, rebuilt from the index's sorted arrays.
    let mut document = Document::new(Origin::Bundled, timeline, Vec::new(), Grouping::Kind);
    let mut group = c.benchmark_group(format!("app_filter_change_{events}_events"));
    group
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(5));
    for (name, filter) in &cases {
        group.bench_function(*name, |b| {
            b.iter(|| document.scene.set_filter(black_box(filter)))
        });
    }
    group.bench_function("cleared", |b| {
        b.iter(|| document.scene.set_filter(black_box(&Filter::default())))
    });
    group.finish();
}

criterion_group!(benches, filter);
criterion_main!(benches);
