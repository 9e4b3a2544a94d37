//! A generated 100,000-event file opened in the real app: it loads in the background with a
//! progress bar, then zoom out, zoom in and hover still behave, and a frame stays cheap because
//! only what is visible is laid out.

#[path = "support/ui.rs"]
mod ui_support;

use std::time::{Duration, Instant};

use chronolanes::app::{ChronolanesApp, DEFAULT_WINDOW_SIZE, Settings, Startup};
use chronolanes::generate::{GenerateOptions, generate_file};
use egui::Key;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;

fn wheel(harness: &mut Harness<'static, ChronolanesApp>, pos: egui::Pos2, delta: f32) {
    harness.hover_at(pos);
    harness.event(ui_support::wheel_event(delta));
    harness.run_steps(3);
}

#[test]
fn a_hundred_thousand_events_zoom_out_zoom_in_and_hover() {
    let total = 100_000;
    let directory = tempfile::tempdir().unwrap();
    let path = directory.path().join("generated.ron");
    let options = GenerateOptions {
        events: total,
        ..GenerateOptions::default()
    };
    generate_file(options, &path, false).unwrap();
    let startup = Startup {
        file: Some(path),
        fresh: true,
        ..Startup::default()
    };
    let mut harness = Harness::builder()
        .with_size(egui::Vec2::from(DEFAULT_WINDOW_SIZE))
        .build_eframe(move |cc| {
            ChronolanesApp::with_settings(&cc.egui_ctx, startup, Settings::default())
        });
    // The window is up at once, loading in the background with a way to cancel.
    assert!(harness.state().is_loading());
    harness.get_by_label("Cancel");
    let deadline = Instant::now() + Duration::from_secs(60);
    while harness.state().is_loading() {
        assert!(Instant::now() < deadline, "100,000 events load within 60 s");
        std::thread::sleep(Duration::from_millis(10));
        harness.run_steps(1);
    }
    harness.run_steps(4);
    assert!(harness.query_by_label("Cancel").is_none());
    assert_eq!(harness.state().document.scene.visible_count(), total);
    let plot = harness.state().view.last_plot_rect.expect("lanes drawn");

    // Zoomed out to everything: dense lanes are drawn as counts, not 100,000 markers.
    let all = harness.state().view.window.unwrap();
    let layout = &harness.state().view.last_layout;
    assert!(
        !layout.dense_lanes.is_empty(),
        "dense lanes become density columns"
    );
    assert!(
        layout.placed.len() < 5_000,
        "{} markers laid out",
        layout.placed.len()
    );
    let counted: u32 = layout.density.iter().map(|c| c.count).sum();
    assert!(
        counted > 50_000,
        "density columns count the events ({counted})"
    );

    // Zoom in to about two months: individual events come back, with titles, and a frame is quick.
    for _ in 0..3 {
        wheel(&mut harness, plot.center(), 600.0);
    }
    let zoomed = harness.state().view.window.unwrap();
    assert!(
        zoomed.width_days() < all.width_days() / 100.0,
        "{all:?} -> {zoomed:?}"
    );
    let started = Instant::now();
    harness.run_steps(10);
    let per_frame = started.elapsed() / 10;
    let layout = &harness.state().view.last_layout;
    assert!(
        !layout.placed.is_empty(),
        "events are drawn one by one when zoomed in"
    );
    assert!(
        layout.placed.iter().any(|p| p.label_x.is_some()),
        "some titles fit"
    );
    // Generous: a debug build on a shared 2-core machine; the release bench measures the real cost.
    assert!(
        per_frame.as_millis() < 400,
        "a zoomed-in frame took {per_frame:?}"
    );

    // Hover finds the event under the pointer.
    let inside = plot.shrink(10.0);
    let placed = layout
        .placed
        .iter()
        .find(|p| p.span.is_none() && inside.x_range().contains(p.x as f32))
        .expect("a dated marker inside the view")
        .clone();
    let pos = harness
        .state()
        .view
        .marker_screen_position(placed.event)
        .unwrap();
    harness.hover_at(pos);
    harness.run_steps(2);
    assert!(
        harness.state().view.hovered.is_some(),
        "hovering a marker finds an event"
    );

    // Zoom back out and fit all.
    for _ in 0..3 {
        wheel(&mut harness, plot.center(), -600.0);
    }
    harness.remove_cursor();
    harness.key_press(Key::Home);
    harness.run_steps(3);
    let fitted = harness.state().view.window.unwrap();
    assert!((fitted.width_days() - all.width_days()).abs() < 1.0);
}
