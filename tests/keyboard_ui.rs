//! Issue #15, "keyboard alone": every step here is a key press (Tab, Space, arrows, Ctrl+…,
//! F5, Esc); the state is read back from the app and the AccessKit tree, never clicked.

#[path = "support/keyboard.rs"]
mod keyboard;
#[path = "support/ui.rs"]
mod ui_support;

use chronolanes::app::SHORTCUTS;
use chronolanes::event_table::{Column, Sort};
use chronolanes::navigation::{LaneDirection, lanes_of, step_to_lane};
use egui::accesskit::Role;
use egui::{Key, Modifiers};
use egui_kittest::kittest::Queryable;
use keyboard::{focused, settle, start, tab_until};

#[test]
fn filter_one_cartel_step_through_events_and_move_between_lanes() {
    let mut harness = start();
    let timeline = harness.state().document.scene.timeline().clone();
    let sinaloa = timeline
        .cartels
        .iter()
        .find(|c| c.name == "Sinaloa Cartel")
        .expect("the bundled timeline has the Sinaloa Cartel");
    let sinaloa_id = sinaloa.id.to_string();

    // Tab to the cartel's checkbox in the filter panel, Space ticks it.
    tab_until(&mut harness, 80, |label, role| {
        role == Role::CheckBox && label.starts_with("Sinaloa Cartel (")
    });
    harness.key_press(Key::Space);
    settle(&mut harness);
    assert_eq!(harness.state().filter.cartels, vec![sinaloa_id.clone()]);
    let visible = harness.state().document.scene.date_order().to_vec();
    assert!(visible.len() > 3 && visible.len() < timeline.events.len());
    let expected = chronolanes::scene::Scene::new(
        timeline.clone(),
        harness.state().document.scene.grouping(),
        &chronolanes::filter::Filter {
            cartels: vec![sinaloa_id.clone()],
            ..Default::default()
        },
    );
    assert_eq!(visible, expected.date_order());

    // On to the lanes; they take the arrows while focused.
    tab_until(&mut harness, 80, |label, _| label.starts_with("Lanes: "));
    harness.key_press(Key::ArrowRight);
    settle(&mut harness);
    assert_eq!(harness.state().view.selected, Some(visible[0]));
    harness.key_press(Key::ArrowRight);
    harness.key_press(Key::ArrowRight);
    settle(&mut harness);
    assert_eq!(harness.state().view.selected, Some(visible[2]));
    harness.key_press(Key::ArrowLeft);
    settle(&mut harness);
    assert_eq!(harness.state().view.selected, Some(visible[1]));
    // The lanes still have the focus: the arrows moved the selection, not egui's focus.
    assert!(focused(&harness).is_some_and(|(label, _)| label.starts_with("Lanes: ")));

    // Down: into another lane, to its event nearest in date; Up comes back to the first lane.
    let scene_lanes = |h: &egui_kittest::Harness<'static, chronolanes::app::ChronolanesApp>, e| {
        lanes_of(&h.state().document.scene, e)
    };
    let from = visible[1];
    let from_lanes = scene_lanes(&harness, from);
    let scene = &harness.state().document.scene;
    let ((lane, expected), key) = match step_to_lane(scene, from, None, LaneDirection::Down) {
        Some(found) => (found, Key::ArrowDown),
        None => (
            step_to_lane(scene, from, None, LaneDirection::Up).expect("a lane above or below"),
            Key::ArrowUp,
        ),
    };
    harness.key_press(key);
    settle(&mut harness);
    let now = harness.state().view.selected.expect("still selected");
    assert_eq!(now, expected);
    assert!(scene_lanes(&harness, now).contains(&lane));
    assert!(!from_lanes.contains(&lane), "moved to another lane");
    assert_eq!(harness.state().view.keyboard_lane, Some(lane));
    // And the way back lands in the lane it came from.
    harness.key_press(if key == Key::ArrowDown {
        Key::ArrowUp
    } else {
        Key::ArrowDown
    });
    settle(&mut harness);
    let back = harness.state().view.selected.expect("selected");
    assert!(
        scene_lanes(&harness, back)
            .iter()
            .any(|l| from_lanes.contains(l)),
        "back in the first lane"
    );

    // + zooms in around the selection, - zooms back out.
    let width = |h: &egui_kittest::Harness<'static, chronolanes::app::ChronolanesApp>| {
        h.state().view.window.expect("a window").width_days()
    };
    let before = width(&harness);
    harness.key_press(Key::Plus);
    settle(&mut harness);
    assert!(
        width(&harness) < before * 0.8,
        "{} then {}",
        before,
        width(&harness)
    );
    harness.key_press(Key::Minus);
    settle(&mut harness);
    assert!((width(&harness) - before).abs() < before * 0.05);
}

#[test]
fn open_the_table_sort_by_date_descending_and_copy_two_rows() {
    let mut harness = start();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::T);
    settle(&mut harness);
    assert!(harness.state().table.open);

    // Tab to the Date header; Space sorts ascending, Space again descending.
    tab_until(&mut harness, 120, |label, role| {
        role == Role::Button && label.starts_with("Date")
    });
    harness.key_press(Key::Space);
    settle(&mut harness);
    harness.key_press(Key::Space);
    settle(&mut harness);
    assert_eq!(
        harness.state().table.sort(),
        Some(Sort {
            column: Column::Date,
            descending: true
        })
    );
    let rows = harness.state().table.rows().to_vec();
    let timeline = harness.state().document.scene.timeline().clone();
    let first_day = |e: u32| timeline.events[e as usize].date.first_day();
    assert!(rows.windows(2).all(|w| first_day(w[0]) >= first_day(w[1])));
    assert!(first_day(rows[0]) > first_day(rows[rows.len() - 1]));

    // Tab on to the first row: Space picks it; Tab past its cells to the next row, and
    // Ctrl+Space picks that one too.
    tab_until(&mut harness, 40, |_, role| role == Role::Row);
    harness.key_press(Key::Space);
    settle(&mut harness);
    tab_until(&mut harness, Column::ALL.len() + 1, |_, role| {
        role == Role::Row
    });
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Space);
    settle(&mut harness);
    assert_eq!(harness.state().table.picked(), &rows[..2]);

    // Ctrl+C (egui's Copy event, as the window system sends it) copies both, with a header.
    harness.event(egui::Event::Copy);
    harness.run_steps(1);
    let copied = ui_support::copied_texts(&harness);
    assert_eq!(copied.len(), 1, "{copied:?}");
    let lines: Vec<&str> = copied[0].lines().collect();
    assert_eq!(lines.len(), 3, "{lines:?}");
    assert!(lines[0].starts_with("Date\tEnd\tKind\tTitle"));
    for (line, &event) in lines[1..].iter().zip(&rows[..2]) {
        let event = &timeline.events[event as usize];
        assert!(line.starts_with(&event.date.to_file_syntax()), "{line}");
        assert!(line.contains(&*event.title), "{line}");
    }
}

#[test]
fn start_and_leave_presenting_by_keyboard() {
    let mut harness = start();
    // The bundled timeline has a story, so F5 first asks what to present; its first choice,
    // all visible events in date order, has the focus and Enter takes it.
    harness.key_press(Key::F5);
    harness.run_steps(4);
    assert!(harness.state().story_chooser_open);
    harness.key_press(Key::Enter);
    settle(&mut harness);
    let first = harness.state().document.scene.date_order()[0];
    let current = |h: &egui_kittest::Harness<'static, chronolanes::app::ChronolanesApp>| {
        h.state()
            .presentation
            .as_ref()
            .and_then(|p| p.current_event(&h.state().document))
    };
    assert_eq!(current(&harness), Some(first));
    harness.key_press(Key::ArrowRight);
    settle(&mut harness);
    assert_eq!(
        current(&harness),
        Some(harness.state().document.scene.date_order()[1])
    );
    harness.key_press(Key::Escape);
    settle(&mut harness);
    assert!(harness.state().presentation.is_none());
}

#[test]
fn ctrl_f_focuses_the_search_and_ctrl_digits_group_the_lanes() {
    let mut harness = start();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::F);
    settle(&mut harness);
    assert_eq!(
        focused(&harness).map(|(_, role)| role),
        Some(Role::TextInput),
        "the search box has the cursor"
    );
    harness.key_press(Key::Escape);
    settle(&mut harness);
    for (key, grouping) in [
        (Key::Num3, chronolanes::lanes::Grouping::Cartel),
        (Key::Num2, chronolanes::lanes::Grouping::Person),
        (Key::Num1, chronolanes::lanes::Grouping::Kind),
    ] {
        harness.key_press_modifiers(Modifiers::COMMAND, key);
        settle(&mut harness);
        assert_eq!(harness.state().document.scene.grouping(), grouping);
    }
}

#[test]
fn f10_opens_the_file_menu_and_the_keyboard_reaches_its_items() {
    let mut harness = start();
    harness.key_press(Key::F10);
    settle(&mut harness);
    assert!(
        harness
            .query_all_by_label_contains("Open…")
            .next()
            .is_some(),
        "the File menu is open"
    );
    assert_eq!(
        focused(&harness).map(|(label, _)| label),
        Some("File".into())
    );
    // Down moves into the menu: a menu item has the focus.
    harness.key_press(Key::ArrowDown);
    settle(&mut harness);
    let (label, role) = focused(&harness).expect("a focused item");
    assert_eq!(role, Role::Button, "{label}");
    assert_ne!(label, "File");
}

/// F1 and the README list the same shortcuts: every row of the one table is in the README.
#[test]
fn the_readme_lists_every_shortcut() {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md"))
        .expect("README.md");
    let missing: Vec<String> = SHORTCUTS
        .iter()
        .map(|(keys, action)| format!("| {keys} | {action} |"))
        .filter(|row| !readme.contains(row.as_str()))
        .collect();
    assert!(missing.is_empty(), "README.md lacks: {missing:#?}");
}

/// View > Reduce motion (or `CHRONOLANES_REDUCE_MOTION=1`): presenting jumps to each event at
/// once; with motion allowed, it glides there over several frames.
#[test]
fn reduced_motion_skips_the_presentation_glide() {
    let window_after_steps = |reduce_motion: bool| {
        let mut harness = egui_kittest::Harness::builder()
            .with_size(egui::Vec2::from(chronolanes::app::DEFAULT_WINDOW_SIZE))
            // 60 frames a second, so two frames are far less than a glide.
            .with_step_dt(1.0 / 60.0)
            .build_eframe(|cc| {
                chronolanes::app::ChronolanesApp::with_settings(
                    &cc.egui_ctx,
                    chronolanes::app::Startup {
                        fresh: true,
                        ..Default::default()
                    },
                    chronolanes::app::Settings {
                        reduce_motion,
                        ..Default::default()
                    },
                )
            });
        harness.run_steps(4);
        harness.key_press(Key::F5);
        harness.run_steps(4);
        harness.key_press(Key::Enter);
        harness.run_steps(40);
        let before = harness.state().view.window.expect("a window");
        harness.key_press(Key::End);
        // One frame: the key starts the step and the view draws its first position (a glide's
        // start is where it was; reduced motion is already there).
        harness.step();
        let soon = harness.state().view.window.expect("a window");
        harness.run_steps(60);
        let settled = harness.state().view.window.expect("a window");
        (before, soon, settled)
    };
    let (before, soon, settled) = window_after_steps(true);
    assert_ne!(before, settled, "End moved to the last event");
    assert_eq!(
        soon, settled,
        "there in one frame, no glide, with reduced motion"
    );
    let (_, _, gliding_settled) = window_after_steps(false);
    assert_eq!(gliding_settled, settled, "the same last event either way");
}
