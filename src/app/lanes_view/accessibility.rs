//! The lanes for a screen reader and a keyboard user. The events are painted shapes AccessKit
//! cannot see, so the view adds: a focusable node over the lanes (a Tab stop, with a visible
//! focus ring, that takes the arrow keys), and under it one node for the selected event whose
//! label is its spoken description ([`crate::navigation::spoken_description`]) in a polite live
//! region, so a screen reader announces each new selection.

use egui::accesskit::{Live, Role};
use egui::{Rect, Stroke};

use super::keyboard::lanes_focus_id;
use crate::app::document::Document;
use crate::navigation::spoken_description;

/// The id of the selected event's node (one id for every event, so a change of selection is a
/// change of the live region's text, which screen readers announce).
pub fn selected_event_node_id() -> egui::Id {
    egui::Id::unique("chronolanes-selected-event")
}

/// The label of the lanes' own node: what they are and how to use them.
pub fn lanes_label(document: &Document) -> String {
    format!(
        "Lanes: {} visible events in {} lanes. Left and Right step by date, Up and Down change lane.",
        document.scene.visible_count(),
        document.scene.lanes().len()
    )
}

/// Adds the focusable lanes node over `frame` (the time area) and the selected event's node.
pub fn lanes_nodes_ui(
    ui: &mut egui::Ui,
    frame: Rect,
    document: &Document,
    selected: Option<u32>,
    selected_at: Option<egui::Pos2>,
) {
    // Focusable only: clicks and drags still reach the plot underneath.
    let response = ui.interact(
        frame,
        lanes_focus_id(),
        egui::Sense::focusable_noninteractive(),
    );
    response.widget_info(|| egui::WidgetInfo::labeled(Role::Group, true, lanes_label(document)));
    if response.has_focus() {
        // Arrows are the lanes' own while they have the focus; Tab still leaves.
        ui.memory_mut(|memory| {
            memory.set_focus_lock_filter(
                lanes_focus_id(),
                egui::EventFilter {
                    horizontal_arrows: true,
                    vertical_arrows: true,
                    tab: false,
                    escape: false,
                },
            )
        });
        let stroke = Stroke::new(2.0, ui.visuals().selection.stroke.color);
        ui.painter()
            .rect_stroke(frame.shrink(1.0), 2.0, stroke, egui::StrokeKind::Inside);
    }
    let Some(label) = selected.and_then(|e| spoken_description(document.scene.timeline(), e))
    else {
        return;
    };
    let bounds = selected_at.map_or(frame, |center| {
        Rect::from_center_size(center, egui::vec2(12.0, 12.0))
    });
    // A child Ui whose accessibility parent is the lanes node, holding one hover-only widget:
    // the event's node sits inside the lanes in the tree, and its bounds are the marker's.
    ui.scope_builder(
        egui::UiBuilder::new()
            .id_salt("selected-event")
            .max_rect(frame)
            .accessibility_parent(lanes_focus_id()),
        |ui| {
            let id = selected_event_node_id();
            let response = ui.interact(bounds, id, egui::Sense::hover());
            response.widget_info(|| egui::WidgetInfo::selected(Role::ListItem, true, true, &label));
            ui.ctx()
                .accesskit_node_builder(id, |node| node.set_live(Live::Polite));
        },
    );
}
