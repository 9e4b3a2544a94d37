//! Presenting a story of the file (the bundled timeline's `chapo`) through egui_kittest: Present
//! asks what to present, the card shows the step's note above the event and "3 / 6" progress, a
//! note step shows its title and note with the view on its window, arrows step, Esc leaves.

use chronolanes::app::{ChronolanesApp, DEFAULT_WINDOW_SIZE, StartView, Startup};
use chronolanes::date::DateRange;
use chronolanes::timescale::TimeWindow;
use egui::Key;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

fn start(view: StartView) -> Harness<'static, ChronolanesApp> {
    let mut harness = Harness::builder()
        .with_size(egui::Vec2::from(DEFAULT_WINDOW_SIZE))
        .build_eframe(move |cc| {
            ChronolanesApp::new(
                cc,
                Startup {
                    fresh: true,
                    view,
                    ..Startup::default()
                },
            )
        });
    harness.run_steps(4);
    harness
}

/// Runs long enough for a step's glide to finish.
fn settle(harness: &mut Harness<'static, ChronolanesApp>) {
    for _ in 0..40 {
        harness.step();
    }
}

const FIRST_NOTE: &str = "2017: the most infamous Mexican drug trafficker is sent north; VICE says he now serves life in a U.S. prison.";

#[test]
fn present_asks_which_story_then_shows_notes_and_progress() {
    let mut harness = start(StartView::default());
    harness.key_press(Key::F5);
    // A new window is laid out unseen in its first frame.
    harness.run_steps(4);
    assert!(harness.state().presentation.is_none());
    harness.get_by_label("All visible events (date order)");
    harness
        .get_by_label("El Chapo: extradition, trial and after (6 steps)")
        .click();
    settle(&mut harness);
    assert_eq!(
        harness.state().presentation.as_ref().unwrap().story,
        Some(0)
    );
    harness.get_by_label("1 / 6");
    harness.get_by_label(FIRST_NOTE);
    harness.get_by_label("El Chapo extradited to the United States");

    harness.key_press(Key::ArrowRight);
    settle(&mut harness);
    harness.key_press(Key::Space);
    settle(&mut harness);
    harness.get_by_label("3 / 6");
    harness.get_by_label(
        "Extradited cooperators testify at his trial, which ends with a conviction in 2019.",
    );
    harness.get_by_label("El Chapo convicted in U.S. trial");
    assert!(harness.query_by_label(FIRST_NOTE).is_none());

    // The note step: its title and note, the view on its window.
    harness.key_press(Key::ArrowRight);
    settle(&mut harness);
    harness.key_press(Key::ArrowRight);
    settle(&mut harness);
    harness.get_by_label("5 / 6");
    harness.get_by_label("After the standoff");
    harness.get_by_label(
        "According to VICE, high-profile capture operations all but cease afterwards.",
    );
    let window = harness.state().view.window.unwrap();
    let expected = TimeWindow::of_range(DateRange::parse("2019..2025").unwrap());
    assert!(
        (window.start_day - expected.start_day).abs() < 1.0,
        "{window:?}"
    );
    assert!(
        (window.end_day - expected.end_day).abs() < 1.0,
        "{window:?}"
    );
    assert_eq!(harness.state().view.selected, None);

    harness.key_press(Key::ArrowLeft);
    settle(&mut harness);
    harness.get_by_label("4 / 6");
    harness.key_press(Key::Escape);
    settle(&mut harness);
    assert!(harness.state().presentation.is_none());
    assert!(harness.query_by_label("4 / 6").is_none());
    harness.get_by_label("View");
}

#[test]
fn the_chooser_works_by_keyboard_and_esc_closes_it() {
    let mut harness = start(StartView::default());
    harness.key_press(Key::F5);
    // A new window is laid out unseen in its first frame.
    harness.run_steps(4);
    assert!(harness.state().story_chooser_open);
    harness.key_press(Key::Escape);
    harness.run_steps(2);
    assert!(!harness.state().story_chooser_open);
    assert!(harness.state().presentation.is_none());

    // The first choice has focus: Tab moves to the story, Enter picks it.
    harness.key_press(Key::F5);
    // A new window is laid out unseen in its first frame.
    harness.run_steps(4);
    harness.key_press(Key::Tab);
    harness.run_steps(1);
    harness.key_press(Key::Enter);
    settle(&mut harness);
    assert_eq!(
        harness.state().presentation.as_ref().unwrap().story,
        Some(0)
    );
    harness.get_by_label("1 / 6");
}

#[test]
fn present_story_on_the_command_line_starts_it() {
    let mut harness = start(StartView {
        present: true,
        present_story: Some("chapo".into()),
        ..StartView::default()
    });
    settle(&mut harness);
    assert_eq!(
        harness.state().presentation.as_ref().unwrap().story,
        Some(0)
    );
    harness.get_by_label("1 / 6");
    harness.get_by_label(FIRST_NOTE);
}
