//! The lanes by keyboard: Left/Right step through the visible events by date, Up/Down move to
//! the nearest event in the lane above or below, +/− zoom around the selection, Enter zooms to
//! it. The keys act when the lanes have the keyboard focus (Tab to them) or when nothing has it
//! (so a reader who never pressed Tab can still step); a focused checkbox or table row keeps its
//! arrows for egui's own focus moves. The "which event" logic is the pure
//! [`crate::navigation`].

use egui::Key;

use super::LanesView;
use crate::app::document::Document;
use crate::navigation::{LaneDirection, step_by_date, step_to_lane};

/// One key press's zoom: in by this factor (of the window's width), out by its inverse.
const KEY_ZOOM_FACTOR: f64 = 0.7;

/// The id of the lanes' focusable area (Tab stops there; tests focus it).
pub fn lanes_focus_id() -> egui::Id {
    egui::Id::unique("chronolanes-lanes-focus")
}

/// True when the lanes take the arrow keys this frame.
pub fn lanes_have_keys(ctx: &egui::Context) -> bool {
    ctx.memory(|memory| match memory.focused() {
        None => true,
        Some(id) => id == lanes_focus_id(),
    })
}

/// Applies this frame's lane keys to the view. Returns true when the selection changed.
pub fn handle_lane_keys(ctx: &egui::Context, view: &mut LanesView, document: &Document) -> bool {
    let pressed = |key| ctx.input(|i| i.key_pressed(key) && !i.modifiers.any());
    let scene = &document.scene;
    let before = view.selected;
    let select = |view: &mut LanesView, event: Option<u32>, lane: Option<usize>| {
        if let Some(event) = event {
            view.selected = Some(event);
            view.keyboard_lane = lane;
            view.keep_in_view(document, event);
        }
    };
    if pressed(Key::ArrowRight) {
        select(view, step_by_date(scene, view.selected, true), None);
    }
    if pressed(Key::ArrowLeft) {
        select(view, step_by_date(scene, view.selected, false), None);
    }
    for (key, direction) in [
        (Key::ArrowUp, LaneDirection::Up),
        (Key::ArrowDown, LaneDirection::Down),
    ] {
        if !pressed(key) {
            continue;
        }
        match view.selected {
            Some(selected) => {
                if let Some((lane, event)) =
                    step_to_lane(scene, selected, view.keyboard_lane, direction)
                {
                    select(view, Some(event), Some(lane));
                }
            }
            // Nothing selected yet: start at the first event, as Right does.
            None => select(view, step_by_date(scene, None, true), None),
        }
    }
    // "+" comes as Plus or as Equals (the unshifted key), "−" as Minus; Shift is allowed.
    let zoom_in = ctx.input(|i| {
        (i.key_pressed(Key::Plus) || i.key_pressed(Key::Equals)) && !i.modifiers.command
    });
    let zoom_out = ctx.input(|i| i.key_pressed(Key::Minus) && !i.modifiers.command);
    if zoom_in || zoom_out {
        let factor = if zoom_in {
            KEY_ZOOM_FACTOR
        } else {
            1.0 / KEY_ZOOM_FACTOR
        };
        zoom_around_selection(view, document, factor);
    }
    if pressed(Key::Enter)
        && let Some(selected) = view.selected
    {
        view.zoom_to(document, selected);
    }
    view.selected != before
}

/// Zooms the time axis by `factor` around the selected event's start (else the middle).
fn zoom_around_selection(view: &mut LanesView, document: &Document, factor: f64) {
    let Some(window) = view.pending_window.or(view.window) else {
        return;
    };
    let anchor_day = view
        .selected
        .and_then(|e| document.scene.timeline().events.get(e as usize))
        .map_or(window.center_day(), |event| event.day_range().0 as f64);
    view.pending_window = Some(window.zoomed_around(anchor_day, factor));
}
