//! The event table with a generated timeline (1M events by default; set
//! `CHRONOLANES_BENCH_EVENTS` to change): sorting every visible event (once per sort or filter
//! change), and what scrolling costs per frame: the cell texts of the rows on screen (the table
//! is virtualised, so a frame lays out only those, wherever it is scrolled to).
//!
//! `CHRONOLANES_BENCH_EVENTS=100000 cargo bench --bench table`

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};

use chronolanes::event_table::{Column, Names, Sort, cell_text, sorted_rows};
use chronolanes::filter::Filter;
use chronolanes::generate::{GenerateOptions, generate};
use chronolanes::lanes::Grouping;
use chronolanes::scene::Scene;

/// Rows a 240-point table panel shows at 20 points a row, with a margin: a tall window's worth.
const ROWS_ON_SCREEN: usize = 40;

fn bench_events() -> usize {
    std::env::var("CHRONOLANES_BENCH_EVENTS")
        .ok()
        .and_then(|text| text.parse().ok())
        .unwrap_or(1_000_000)
}

fn table(c: &mut Criterion) {
    let events = bench_events();
    let timeline = generate(GenerateOptions {
        events,
        ..GenerateOptions::default()
    });
    let scene = Scene::new(timeline, Grouping::Kind, &Filter::default());
    let names = Names::of(scene.timeline());
    let by_date_descending = Some(Sort {
        column: Column::Date,
        descending: true,
    });
    let mut group = c.benchmark_group(format!("table/{events}"));
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(5));
    group.bench_function("sorted_rows by date descending", |b| {
        b.iter(|| black_box(sorted_rows(&scene, by_date_descending)))
    });
    group.bench_function("sorted_rows by title", |b| {
        b.iter(|| {
            black_box(sorted_rows(
                &scene,
                Some(Sort {
                    column: Column::Title,
                    descending: false,
                }),
            ))
        })
    });
    let rows = sorted_rows(&scene, by_date_descending);
    // Scrolling: each frame shows the next screenful, walking down the whole table.
    let mut first_row = 0usize;
    group.bench_function("one scrolled frame of cell texts", |b| {
        b.iter(|| {
            first_row = (first_row + ROWS_ON_SCREEN * 97) % rows.len().max(1);
            let mut characters = 0usize;
            for &event in rows.iter().skip(first_row).take(ROWS_ON_SCREEN) {
                let Some(event) = scene.timeline().events.get(event as usize) else {
                    continue;
                };
                for column in Column::ALL {
                    characters += cell_text(event, column, &names).len();
                }
            }
            black_box(characters)
        })
    });
    group.finish();
}

criterion_group!(benches, table);
criterion_main!(benches);
