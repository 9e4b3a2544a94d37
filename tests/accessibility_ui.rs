//! Issue #15, "screen readers": the app as AccessKit shows it. The selected event is a node
//! labelled as a screen reader says it, inside the lanes' node, and a live region; the table's
//! rows and cells are nodes.

#[path = "support/keyboard.rs"]
mod keyboard;

use chronolanes::navigation::spoken_description;
use egui::accesskit::{Live, Role};
use egui::{Key, Modifiers};
use egui_kittest::kittest::{NodeT, Queryable};
use keyboard::{settle, start};

#[test]
fn the_selected_event_is_a_node_labelled_as_it_is_spoken() {
    let mut harness = start();
    assert!(
        harness.query_all_by_role(Role::ListItem).next().is_none(),
        "no event node before a selection"
    );
    harness.key_press(Key::ArrowRight);
    settle(&mut harness);
    let first = harness.state().document.scene.date_order()[0];
    let timeline = harness.state().document.scene.timeline().clone();
    let spoken = spoken_description(&timeline, first).expect("a description");
    let event = &timeline.events[first as usize];
    assert!(spoken.contains(&*event.title), "{spoken}");
    assert!(
        spoken.ends_with("sources.") || spoken.ends_with("source."),
        "{spoken}"
    );

    let node = harness.get_by_label(&spoken);
    let node = node.accesskit_node();
    assert_eq!(node.role(), Role::ListItem);
    assert_eq!(node.live(), Live::Polite);
    // Inside the lanes' node (through the Ui that holds it).
    let mut ancestor = node.parent();
    let mut inside_lanes = false;
    while let Some(up) = ancestor {
        if up.label().is_some_and(|l| l.starts_with("Lanes: ")) {
            inside_lanes = true;
            break;
        }
        ancestor = up.parent();
    }
    assert!(
        inside_lanes,
        "the event's node is not inside the lanes' node"
    );

    // A new selection changes the node's label (what the live region announces).
    harness.key_press(Key::ArrowRight);
    settle(&mut harness);
    let second = harness.state().document.scene.date_order()[1];
    let spoken_next = spoken_description(&timeline, second).expect("a description");
    assert!(harness.query_by_label(&spoken).is_none() || spoken == spoken_next);
    harness.get_by_label(&spoken_next);
}

#[test]
fn the_table_is_exposed_as_rows_and_cells() {
    let mut harness = start();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::T);
    settle(&mut harness);
    let rows = harness.state().table.rows().to_vec();
    let timeline = harness.state().document.scene.timeline().clone();
    let row_labels: Vec<String> = harness
        .query_all_by_role(Role::Row)
        .map(|node| node.accesskit_node().label().unwrap_or_default())
        .collect();
    // Virtualised: the rows on screen, in table order, from the first.
    assert!(row_labels.len() >= 3, "{row_labels:?}");
    assert!(row_labels.len() < rows.len());
    for (label, &event) in row_labels.iter().zip(&rows) {
        let event = &timeline.events[event as usize];
        assert_eq!(
            label,
            &format!(
                "{}, {}: {}",
                event.date.to_file_syntax(),
                event.kind.label(),
                event.title
            )
        );
    }
    let first = &timeline.events[rows[0] as usize];
    harness.get_by_role_and_label(Role::Cell, &format!("Title: {}", first.title));
    assert!(harness.query_all_by_role(Role::Cell).any(|cell| {
        cell.accesskit_node().label().as_deref() == Some("Sources: 1")
            || cell
                .accesskit_node()
                .label()
                .is_some_and(|l| l.starts_with("Sources: "))
    }));
}
