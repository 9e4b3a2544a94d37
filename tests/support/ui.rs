//! What the kittest UI tests share: starting the app on a file, waiting for the background
//! load, and pointer input as a user's mouse sends it. Included by path (`#[path]`) in each UI
//! test file, so a file that needs only some of these leaves the rest unused.
#![allow(dead_code)]

use std::time::{Duration, Instant};

use chronolanes::app::{ChronolanesApp, DEFAULT_WINDOW_SIZE, Startup};
use egui::{Modifiers, Pos2};
use egui_kittest::Harness;

/// The app as it starts for a user with no saved settings (`fresh`), its file loaded.
pub fn start(startup: Startup) -> Harness<'static, ChronolanesApp> {
    let startup = Startup {
        fresh: true,
        ..startup
    };
    let mut harness = Harness::builder()
        .with_size(egui::Vec2::from(DEFAULT_WINDOW_SIZE))
        .build_eframe(move |cc| ChronolanesApp::new(cc, startup));
    harness.run_steps(2);
    wait_loaded(&mut harness);
    harness.run_steps(2);
    harness
}

/// Files load off the UI thread: runs frames until the load is done, for at most 10 s.
pub fn wait_loaded(harness: &mut Harness<'static, ChronolanesApp>) {
    let deadline = Instant::now() + Duration::from_secs(10);
    while harness.state().is_loading() {
        assert!(
            Instant::now() < deadline,
            "loading did not finish within 10 s"
        );
        std::thread::sleep(Duration::from_millis(5));
        harness.run_steps(1);
    }
    harness.run_steps(1);
}

/// Runs frames until `done` holds (a watched file was reloaded, a load finished), for at most
/// 8 s, then two more so that what followed is drawn.
pub fn wait_until(
    harness: &mut Harness<'static, ChronolanesApp>,
    what: &str,
    done: impl Fn(&ChronolanesApp) -> bool,
) {
    let deadline = Instant::now() + Duration::from_secs(8);
    loop {
        harness.run_steps(1);
        if done(harness.state()) {
            break;
        }
        assert!(Instant::now() < deadline, "timed out waiting until {what}");
        std::thread::sleep(Duration::from_millis(20));
    }
    harness.run_steps(2);
}

/// A primary click at `pos`: the pointer moves there first, as a mouse does.
pub fn click_at(harness: &mut Harness<'static, ChronolanesApp>, pos: Pos2) {
    harness.hover_at(pos);
    harness.run_steps(1);
    for pressed in [true, false] {
        harness.event(egui::Event::PointerButton {
            pos,
            button: egui::PointerButton::Primary,
            pressed,
            modifiers: Modifiers::NONE,
        });
    }
    harness.run_steps(2);
}

/// Clicks the marker of the event with this id where the lanes view drew it.
pub fn click_event(harness: &mut Harness<'static, ChronolanesApp>, id: &str) {
    let state = harness.state();
    let index = state
        .document
        .scene
        .event_by_id(id)
        .unwrap_or_else(|| panic!("event {id} exists"));
    let pos = state
        .view
        .marker_screen_position(index)
        .unwrap_or_else(|| panic!("event {id} is drawn"));
    click_at(harness, pos);
}

/// The texts the last frame put on the clipboard (Ctrl+C, Copy), in order.
pub fn copied_texts(harness: &Harness<'static, ChronolanesApp>) -> Vec<String> {
    harness
        .output()
        .platform_output
        .commands
        .iter()
        .filter_map(|command| match command {
            egui::OutputCommand::CopyText(text) => Some(text.clone()),
            _ => None,
        })
        .collect()
}

/// A vertical mouse-wheel turn of `delta_y` points (positive zooms the time axis in), as a
/// mouse sends it.
pub fn wheel_event(delta_y: f32) -> egui::Event {
    egui::Event::MouseWheel {
        unit: egui::MouseWheelUnit::Point,
        delta: egui::vec2(0.0, delta_y),
        phase: egui::TouchPhase::Move,
        source: egui::MouseWheelSource::Unknown,
        modifiers: egui::Modifiers::NONE,
    }
}
