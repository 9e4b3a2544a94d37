//! Compare mode (`chronolanes NEW --compare OLD`, File > Compare with…) driven through
//! egui_kittest, on the pair of `tests/data/diff/` (old.ron → new.ron: 1 added, 1 removed — the
//! only policy event —, 5 changed, among them a re-dated and a renamed event).

#[path = "support/ui.rs"]
mod ui_support;

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use chronolanes::app::{ChronolanesApp, Command, Startup};
use chronolanes::compare::marker_day;
use chronolanes::diff::Field;
use chronolanes::timescale::TimeToScreen;
use egui::{Key, Pos2};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use ui_support::{click_at, click_event, wait_loaded, wait_until};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/diff")
        .join(name)
}

/// The app comparing `file` against `old`, both loaded.
fn start(file: PathBuf, old: PathBuf) -> Harness<'static, ChronolanesApp> {
    ui_support::start(Startup {
        file: Some(file),
        compare: Some(old),
        ..Startup::default()
    })
}

/// The ids of the events laid out on screen.
fn drawn_ids(app: &ChronolanesApp) -> HashSet<String> {
    let timeline = app.document.scene.timeline();
    app.view
        .last_layout
        .placed
        .iter()
        .map(|p| timeline.events[p.event as usize].id.to_string())
        .collect()
}

fn set(ids: &[&str]) -> HashSet<String> {
    ids.iter().map(|id| id.to_string()).collect()
}

#[test]
fn compare_mode_counts_the_changes_and_choosing_changed_leaves_only_those() {
    let mut harness = start(fixture("new.ron"), fixture("old.ron"));
    harness.get_by_label("Changes");
    harness.get_by_label("Since old.ron");
    harness.get_by_label("Added (1)");
    harness.get_by_label("Removed (1)");
    harness.get_by_label("Changed (5)");
    harness.get_by_label("6 of 6 events");
    // The removed policy event keeps its lane, which the new file no longer has.
    harness.get_by_label("Policy");

    harness.get_by_label("Changed (5)").click();
    harness.run_steps(3);
    harness.get_by_label("5 of 6 events");
    assert_eq!(
        drawn_ids(harness.state()),
        set(&[
            "arrest-2014",
            "escape",
            "recaptured",
            "extradited-2017",
            "raid"
        ])
    );
    // And the added one too; unchecking both shows everything again.
    harness.get_by_label("Added (1)").click();
    harness.run_steps(3);
    harness.get_by_label("6 of 6 events");
    assert!(
        harness
            .state()
            .document
            .scene
            .lanes()
            .iter()
            .all(|l| l.label != "Policy")
    );
    harness.get_by_label("Added (1)").click();
    harness.run_steps(2);
    harness.get_by_label("Changed (5)").click();
    harness.run_steps(3);
    harness.get_by_label("6 of 6 events");

    // Only the removed: no event of the new file, the ghost's lane, no "no match" card.
    harness.get_by_label("Removed (1)").click();
    harness.run_steps(3);
    harness.get_by_label("0 of 6 events");
    let labels: Vec<String> = harness
        .state()
        .document
        .scene
        .lanes()
        .iter()
        .map(|l| l.label.clone())
        .collect();
    assert_eq!(labels, ["Policy"]);
    assert!(
        harness
            .query_by_label("No events match the filters.")
            .is_none()
    );
}

#[test]
fn the_details_panel_lists_each_changed_field_old_to_new() {
    let mut harness = start(fixture("new.ron"), fixture("old.ron"));
    click_event(&mut harness, "escape");
    harness.get_by_label("Changed since old.ron");
    harness.get_by_label("date: 2015 → 2015-07-11");
    harness.get_by_label("sources: reuters, ap → reuters");
    // Then the usual details.
    harness.get_by_label("Escapes through a tunnel");

    click_event(&mut harness, "extradited-2017");
    harness.get_by_label("id: extradition → extradited-2017");
    click_event(&mut harness, "arrest-2014");
    harness.get_by_label("kind: arrest → other");
    harness.get_by_label("title: \"Arrested in Mazatlán\" → \"Captured in Mazatlán\"");
    harness.get_by_label("summary: (none) → \"Marines found him in a flat.\"");
    click_event(&mut harness, "ovidio-arrest");
    harness.get_by_label("Added: not in old.ron");
    // An unchanged field is not listed.
    assert!(harness.query_by_label_contains("date: ").is_none());
}

#[test]
fn a_removed_event_is_a_ghost_shown_from_the_old_timeline() {
    let mut harness = start(fixture("new.ron"), fixture("old.ron"));
    // Its ghost, in the Policy lane (empty, so in its last row), at its old date: a click on it
    // shows it.
    let ghost = {
        let app = harness.state();
        let comparison = app.compare.as_ref().unwrap().comparison().unwrap();
        let talks = comparison
            .old_timeline()
            .events
            .iter()
            .find(|e| &*e.id == "talks")
            .unwrap();
        let lanes = app.document.scene.lanes();
        let lane = lanes.iter().position(|l| l.label == "Policy").unwrap() as u32;
        let (frame, window) = (app.view.last_plot_rect.unwrap(), app.view.window.unwrap());
        let map = TimeToScreen::new(window, f64::from(frame.left()), f64::from(frame.width()));
        let x = map.x_from_day(marker_day(talks)) as f32;
        let (y, _) = app
            .view
            .row_center_and_radius(lane, app.view.rows_per_lane() - 1)
            .unwrap();
        Pos2::new(x, y)
    };
    click_at(&mut harness, ghost);
    harness.get_by_label("Removed: only in old.ron");
    harness.key_press(Key::Escape);
    harness.run_steps(3);
    assert!(harness.query_by_label("Removed: only in old.ron").is_none());

    // And from the list of the Changes section.
    harness
        .get_by_label("Extradition approved (2016-05)")
        .click();
    harness.run_steps(3);
    harness.get_by_label("Removed: only in old.ron");
    harness.get_by_label("Extradition approved");
    // Its source, as the old file names it.
    harness.get_by_label("Extradited to New York");
    harness.get_by_label("id: talks");
    assert_eq!(harness.state().view.selected, None);

    // Esc clears the selection; a second Esc leaves compare mode.
    harness.key_press(Key::Escape);
    harness.run_steps(3);
    harness.get_by_label("Click an event to see its details and sources.");
    assert!(harness.state().compare.is_some());
    harness.key_press(Key::Escape);
    harness.run_steps(3);
    assert!(harness.state().compare.is_none());
    assert!(harness.query_by_label("Changes").is_none());
    assert!(
        harness
            .state()
            .document
            .scene
            .lanes()
            .iter()
            .all(|l| l.label != "Policy")
    );
    harness.get_by_label("6 of 6 events");
}

#[test]
fn stop_comparing_returns_to_the_normal_view() {
    let mut harness = start(fixture("new.ron"), fixture("old.ron"));
    harness.get_by_label("Changed (5)").click();
    harness.run_steps(3);
    harness.get_by_label("5 of 6 events");
    // The Changes section's button.
    harness.get_by_label("Stop comparing").click();
    harness.run_steps(3);
    assert!(harness.state().compare.is_none());
    assert!(harness.query_by_label("Changes").is_none());
    harness.get_by_label("6 of 6 events");
    assert_eq!(drawn_ids(harness.state()).len(), 6);

    // Comparing again, through the command File > Compare with… gives after its dialog.
    harness
        .state_mut()
        .push_command(Command::Compare(fixture("old.ron")));
    harness.run_steps(2);
    wait_loaded(&mut harness);
    harness.run_steps(2);
    harness.get_by_label("Changed (5)");
    // File > Stop comparing: the menu's item comes first (its popup covers the section's).
    harness.get_by_label("File").click();
    harness.run_steps(2);
    harness.get_by_label("Compare with…");
    let buttons: Vec<_> = harness.get_all_by_label("Stop comparing").collect();
    assert_eq!(buttons.len(), 2);
    buttons[0].click();
    harness.run_steps(3);
    assert!(harness.state().compare.is_none());
    harness.get_by_label("6 of 6 events");
}

#[test]
fn both_files_are_watched_and_a_broken_old_file_keeps_the_last_comparison() {
    let dir = tempfile::tempdir().unwrap();
    let (old, new) = (dir.path().join("old.ron"), dir.path().join("new.ron"));
    let old_text = std::fs::read_to_string(fixture("old.ron")).unwrap();
    let new_text = std::fs::read_to_string(fixture("new.ron")).unwrap();
    std::fs::write(&old, &old_text).unwrap();
    std::fs::write(&new, &new_text).unwrap();
    let mut harness = start(new.clone(), old.clone());
    harness.get_by_label("Changed (5)");

    // A half-saved old file: the comparison stays, the banner says why.
    std::fs::write(&old, &old_text[..old_text.len() - 8]).unwrap();
    wait_until(&mut harness, "the broken old file was reported", |app| {
        app.banner.is_some()
    });
    let banner = harness.state().banner.clone().unwrap();
    assert!(banner.contains("old.ron"), "{banner}");
    assert!(
        banner.contains("comparing with its last good version"),
        "{banner}"
    );
    harness.get_by_label("Changed (5)");
    // "Show all" lists the old file's errors.
    let (name, diagnostics) = harness.state().failed_diagnostics.clone().unwrap();
    assert!(name.ends_with("old.ron"), "{name}");
    assert!(diagnostics.iter().any(|d| d.is_error()));

    // Fixed, with the raid's cartels as the new file has them: one change fewer.
    let fixed = old_text.replace(
        r#"people: ["zambada"], sources: ["reuters"]),"#,
        r#"people: ["zambada"], cartels: ["sinaloa"], sources: ["reuters"]),"#,
    );
    assert_ne!(fixed, old_text);
    std::fs::write(&old, &fixed).unwrap();
    wait_until(&mut harness, "the fixed old file was compared", |app| {
        app.banner.is_none()
    });
    assert!(harness.state().failed_diagnostics.is_none());
    harness.get_by_label("Changed (4)");

    // The new file changes: compared again.
    let retitled = new_text.replace("\"Escapes through a tunnel\"", "\"Escapes again\"");
    assert_ne!(retitled, new_text);
    std::fs::write(&new, retitled).unwrap();
    wait_until(&mut harness, "the new file was compared again", |app| {
        app.compare
            .as_ref()
            .and_then(|c| c.comparison())
            .and_then(|c| c.diff().event("escape"))
            .is_some_and(|change| change.field(Field::Title).is_some())
    });
    harness.get_by_label("Changed (4)");
}
