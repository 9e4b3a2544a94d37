//! Presentation mode driven through egui_kittest: entering, stepping through a filtered set, the
//! card showing the right event, and Esc restoring the view.

#[path = "support/ui.rs"]
mod ui_support;

use chronolanes::app::{ChronolanesApp, Startup};
use chronolanes::model::KindSelector;
use egui::Key;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

fn start() -> Harness<'static, ChronolanesApp> {
    ui_support::start(Startup::default())
}

/// Runs long enough for a step's glide to finish.
fn settle(harness: &mut Harness<'static, ChronolanesApp>) {
    for _ in 0..40 {
        harness.step();
    }
}

/// The bundled timeline has a story, so Present first asks what to present.
fn choose_all_visible_events(harness: &mut Harness<'static, ChronolanesApp>) {
    // A new window is laid out unseen in its first frame.
    harness.run_steps(4);
    harness
        .get_by_label("All visible events (date order)")
        .click();
    settle(harness);
}

fn current_title(harness: &Harness<'static, ChronolanesApp>) -> String {
    let state = harness.state();
    let presentation = state.presentation.as_ref().expect("presenting");
    let event = presentation
        .current_event(&state.document)
        .expect("an event");
    state.document.scene.timeline().events[event as usize]
        .title
        .to_string()
}

#[test]
fn steps_through_the_filtered_events_and_esc_restores_the_view() {
    let mut harness = start();
    // Only extraditions.
    harness.get_by_label_contains("Extraditions (").click();
    harness.run_steps(2);
    let extraditions: Vec<u32> = harness.state().document.scene.date_order().to_vec();
    assert!(extraditions.len() > 3);
    assert!(extraditions.iter().all(|&e| {
        KindSelector::parse("extradition")
            .unwrap()
            .matches(harness.state().document.scene.timeline().events[e as usize].kind)
    }));
    let window_before = harness.state().view.window.unwrap();

    harness.key_press(Key::F5);
    choose_all_visible_events(&mut harness);
    let total = extraditions.len();
    harness.get_by_label(&format!("1 / {total}"));
    let first_title = current_title(&harness);
    assert_eq!(
        first_title,
        *harness.state().document.scene.timeline().events[extraditions[0] as usize].title
    );
    harness.get_by_label(&first_title);

    for key in [Key::ArrowRight, Key::Space, Key::PageDown] {
        harness.key_press(key);
        settle(&mut harness);
    }
    harness.get_by_label(&format!("4 / {total}"));
    assert_eq!(
        current_title(&harness),
        *harness.state().document.scene.timeline().events[extraditions[3] as usize].title
    );
    // The view glided so the current event is in the middle of the window.
    let window = harness.state().view.window.unwrap();
    let (first, last) =
        harness.state().document.scene.timeline().events[extraditions[3] as usize].day_range();
    let center = (first + last + 1) as f64 / 2.0;
    assert!(
        (window.center_day() - center).abs() < window.width_days() * 0.05,
        "{window:?} vs {center}"
    );

    harness.key_press(Key::ArrowLeft);
    settle(&mut harness);
    harness.get_by_label(&format!("3 / {total}"));
    harness.key_press(Key::End);
    settle(&mut harness);
    harness.get_by_label(&format!("{total} / {total}"));
    harness.key_press(Key::ArrowRight);
    settle(&mut harness);
    harness.get_by_label(&format!("{total} / {total}"));
    harness.key_press(Key::Home);
    settle(&mut harness);
    harness.get_by_label(&format!("1 / {total}"));

    harness.key_press(Key::Escape);
    settle(&mut harness);
    assert!(harness.state().presentation.is_none());
    assert!(harness.query_by_label(&format!("1 / {total}")).is_none());
    let restored = harness.state().view.window.unwrap();
    assert!((restored.start_day - window_before.start_day).abs() < 1e-6);
    assert!((restored.end_day - window_before.end_day).abs() < 1e-6);
    // The filter panel is back.
    harness.get_by_label_contains("Extraditions (");
}

#[test]
fn view_menu_present_starts_presenting_at_the_first_visible_event() {
    let mut harness = start();
    assert!(harness.state().presentation.is_none());
    harness.get_by_label("View").click();
    harness.run_steps(2);
    // The item shows its key: its accessible label is "Present" then the shortcut text "F5".
    harness.get_by_label("Present F5").click();
    choose_all_visible_events(&mut harness);
    let state = harness.state();
    assert!(state.presentation.is_some());
    let total = state.document.scene.date_order().len();
    let first = state.document.scene.date_order()[0];
    assert_eq!(state.view.selected, Some(first));
    harness.get_by_label(&format!("1 / {total}"));
    harness.get_by_label(&current_title(&harness));
    // Presenting hides the menu bar and the panels.
    assert!(harness.query_by_label("View").is_none());
}
