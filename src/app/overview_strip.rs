//! The overview strip under the lanes' time axis: the density of all visible events over their
//! whole time range, with the lanes' current window drawn as a box. Dragging the box pans,
//! dragging one of its edges moves that end of the window, dragging elsewhere on the strip picks
//! a new range, and a click outside the box centres the window there.
//!
//! The arithmetic (density bins, which part of the box is grabbed, where a drag moves it) is in
//! egui-free functions with unit tests; [`OverviewStrip::ui`] only reads the pointer and paints.
//! The strip maps days to x with the same [`CompressedTimeToScreen`] as the lanes (with the same
//! breaks when empty years are compressed), so the strip and the lanes agree on what is where.

use egui::{Color32, Mesh, Rect, Sense, Stroke, StrokeKind};

use crate::axis_breaks::{AxisBreak, CompressedTimeToScreen};
use crate::lanes::LaneEvents;
use crate::layout::fit_all_window;
use crate::timescale::TimeWindow;

use super::document::Document;

/// Height of the strip.
pub const STRIP_HEIGHT_PX: f32 = 26.0;
/// A press this close to an edge of the window's box grabs the edge.
const EDGE_GRAB_PX: f64 = 5.0;
/// The narrowest box a drag leaves (a zoom to a few pixels of the strip, not to nothing).
const MIN_BOX_PX: f64 = 3.0;

/// What a press on the strip took hold of.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StripGrab {
    /// The window's box: dragging pans.
    Move,
    /// The left edge of the box: dragging moves the window's start.
    StartEdge,
    /// The right edge: dragging moves the window's end.
    EndEdge,
    /// Outside the box: dragging spans a new window.
    NewRange,
}

/// What a press at `x_px` grabs, given the box `box_px` (left, right) of the current window.
pub fn grab_at(box_px: (f64, f64), x_px: f64) -> StripGrab {
    let (x0, x1) = box_px;
    // With a box narrower than two grab zones, its middle still moves it.
    let edge = EDGE_GRAB_PX.min((x1 - x0) / 3.0).max(1.0);
    if (x_px - x0).abs() <= edge {
        StripGrab::StartEdge
    } else if (x_px - x1).abs() <= edge {
        StripGrab::EndEdge
    } else if x_px > x0 && x_px < x1 {
        StripGrab::Move
    } else {
        StripGrab::NewRange
    }
}

/// The box after dragging from `press_x_px` to `now_x_px` with `grab` held, when the box was
/// `box_px` at the press. `None` for a new range narrower than [`MIN_BOX_PX`] (a click, not a
/// drag).
pub fn dragged_box(
    grab: StripGrab,
    box_px: (f64, f64),
    press_x_px: f64,
    now_x_px: f64,
) -> Option<(f64, f64)> {
    let (x0, x1) = box_px;
    let dx = now_x_px - press_x_px;
    match grab {
        StripGrab::Move => Some((x0 + dx, x1 + dx)),
        StripGrab::StartEdge => Some(((x0 + dx).min(x1 - MIN_BOX_PX), x1)),
        StripGrab::EndEdge => Some((x0, (x1 + dx).max(x0 + MIN_BOX_PX))),
        StripGrab::NewRange => {
            let (from, to) = (press_x_px.min(now_x_px), press_x_px.max(now_x_px));
            (to - from >= MIN_BOX_PX).then_some((from, to))
        }
    }
}

/// The box `box_px` moved so that its centre is at `x_px` (a click on the strip).
pub fn centered_box(box_px: (f64, f64), x_px: f64) -> (f64, f64) {
    let half = (box_px.1 - box_px.0) / 2.0;
    (x_px - half, x_px + half)
}

/// How many events start in each of `bins` equal columns of the strip drawn by `map`.
pub fn density_bins(lanes: &[LaneEvents], map: &CompressedTimeToScreen, bins: usize) -> Vec<u32> {
    let mut counts = vec![0u32; bins];
    if bins == 0 || map.width_px <= 0.0 {
        return counts;
    }
    let column_px = map.width_px / bins as f64;
    for lane in lanes {
        for &day in &lane.first_days {
            let column = ((map.x_from_day(f64::from(day)) - map.left_px) / column_px).floor();
            if column >= 0.0
                && let Some(count) = counts.get_mut(column as usize)
            {
                *count = count.saturating_add(1);
            }
        }
    }
    counts
}

/// The densities drawn last, and what they were computed for.
struct DensityCache {
    revision: u64,
    map: CompressedTimeToScreen,
    bins: Vec<u32>,
}

/// The strip's state between frames: the drag in progress and the cached densities.
#[derive(Default)]
pub struct OverviewStrip {
    /// The grab, the box at the press and the pointer's x at the press.
    drag: Option<(StripGrab, (f64, f64), f64)>,
    cache: Option<DensityCache>,
    /// Screen rectangle of the strip last frame (tests drag on it).
    pub last_rect: Option<Rect>,
    /// The window's box on screen last frame.
    pub last_box_px: Option<(f64, f64)>,
}

impl OverviewStrip {
    /// Draws the strip in `rect` for the lanes' `window`; returns the window a drag or click on
    /// it asks for.
    pub fn ui(
        &mut self,
        ui: &mut egui::Ui,
        rect: Rect,
        document: &Document,
        breaks: &[AxisBreak],
        window: TimeWindow,
    ) -> Option<TimeWindow> {
        self.last_rect = Some(rect);
        let scene = &document.scene;
        let (left, width) = (f64::from(rect.left()), f64::from(rect.width()).max(1.0));
        let whole = fit_all_window(scene.fit_day_range(), breaks, width);
        let map = CompressedTimeToScreen::new(whole, left, width, breaks);
        let bins = rect.width().max(1.0) as usize / 2;
        let stale = self
            .cache
            .as_ref()
            .is_none_or(|c| c.revision != scene.revision() || c.map != map || c.bins.len() != bins);
        if stale {
            self.cache = Some(DensityCache {
                revision: scene.revision(),
                bins: density_bins(scene.lane_events(), &map, bins),
                map: map.clone(),
            });
        }

        let visuals = ui.visuals();
        let dark = visuals.dark_mode;
        let painter = ui.painter().with_clip_rect(rect);
        painter.rect_filled(rect, 2.0, visuals.extreme_bg_color);
        let bar_color = if dark {
            Color32::from_gray(150)
        } else {
            Color32::from_gray(120)
        };
        if let Some(cache) = &self.cache {
            let most = cache.bins.iter().copied().max().unwrap_or(0).max(1);
            let column_px = rect.width() / cache.bins.len().max(1) as f32;
            let mut mesh = Mesh::default();
            for (index, &count) in cache.bins.iter().enumerate().filter(|(_, c)| **c > 0) {
                // Logarithmic, so a lone event still shows next to a busy month.
                let fraction = (count as f32).ln_1p() / (most as f32).ln_1p();
                let height = (rect.height() - 4.0) * fraction.clamp(0.15, 1.0);
                let x0 = rect.left() + index as f32 * column_px;
                mesh.add_colored_rect(
                    Rect::from_x_y_ranges(
                        x0..=x0 + column_px.max(1.0),
                        rect.bottom() - 2.0 - height..=rect.bottom() - 2.0,
                    ),
                    bar_color,
                );
            }
            painter.add(mesh);
        }
        let box_px = (
            map.x_from_day(window.start_day),
            map.x_from_day(window.end_day),
        );
        self.last_box_px = Some(box_px);
        let box_rect = Rect::from_x_y_ranges(
            (box_px.0 as f32).max(rect.left() - 2.0)..=(box_px.1 as f32).min(rect.right() + 2.0),
            rect.y_range(),
        );
        let accent = visuals.selection.bg_fill;
        painter.rect_filled(box_rect, 2.0, accent.gamma_multiply(0.25));
        painter.rect_stroke(box_rect, 2.0, Stroke::new(1.5, accent), StrokeKind::Inside);

        let response = ui
            .interact(
                rect,
                egui::Id::unique("overview strip"),
                Sense::click_and_drag(),
            )
            .on_hover_text("Overview: drag the box to pan, its edges or a new range to zoom");
        if let Some(pointer) = response.hover_pos() {
            let cursor = match grab_at(box_px, f64::from(pointer.x)) {
                StripGrab::StartEdge | StripGrab::EndEdge => egui::CursorIcon::ResizeHorizontal,
                StripGrab::Move => egui::CursorIcon::Grab,
                StripGrab::NewRange => egui::CursorIcon::Crosshair,
            };
            ui.ctx().set_cursor_icon(cursor);
        }
        let window_of = |(x0, x1): (f64, f64)| {
            TimeWindow::new(map.day_from_x(x0), map.day_from_x(x1)).clamped()
        };
        // The drag starts where the button went down (egui reports it a few points later).
        if response.drag_started()
            && let Some(press) = ui
                .ctx()
                .input(|i| i.pointer.press_origin())
                .or(response.interact_pointer_pos())
        {
            let press_x = f64::from(press.x);
            self.drag = Some((grab_at(box_px, press_x), box_px, press_x));
        }
        let mut asked = None;
        if let (Some((grab, at_press, press_x)), Some(now)) =
            (self.drag, response.interact_pointer_pos())
            && response.dragged()
            && let Some(dragged) = dragged_box(grab, at_press, press_x, f64::from(now.x))
        {
            asked = Some(window_of(dragged));
        }
        if response.drag_stopped() {
            self.drag = None;
        }
        if response.clicked()
            && let Some(click) = response.interact_pointer_pos()
            && grab_at(box_px, f64::from(click.x)) == StripGrab::NewRange
        {
            asked = Some(window_of(centered_box(box_px, f64::from(click.x))));
        }
        asked
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn presses_grab_the_edges_the_box_or_a_new_range() {
        let box_px = (100.0, 200.0);
        assert_eq!(grab_at(box_px, 98.0), StripGrab::StartEdge);
        assert_eq!(grab_at(box_px, 203.0), StripGrab::EndEdge);
        assert_eq!(grab_at(box_px, 150.0), StripGrab::Move);
        assert_eq!(grab_at(box_px, 20.0), StripGrab::NewRange);
        assert_eq!(grab_at(box_px, 300.0), StripGrab::NewRange);
        // A box a few pixels wide still moves when grabbed in its middle.
        assert_eq!(grab_at((100.0, 106.0), 103.0), StripGrab::Move);
    }

    #[test]
    fn drags_pan_resize_or_span_a_new_window() {
        let box_px = (100.0, 200.0);
        assert_eq!(
            dragged_box(StripGrab::Move, box_px, 150.0, 180.0),
            Some((130.0, 230.0))
        );
        assert_eq!(
            dragged_box(StripGrab::StartEdge, box_px, 100.0, 60.0),
            Some((60.0, 200.0))
        );
        // An edge dragged past the other stops just short of it.
        assert_eq!(
            dragged_box(StripGrab::EndEdge, box_px, 200.0, 10.0),
            Some((100.0, 100.0 + MIN_BOX_PX))
        );
        assert_eq!(
            dragged_box(StripGrab::NewRange, box_px, 400.0, 320.0),
            Some((320.0, 400.0))
        );
        assert_eq!(dragged_box(StripGrab::NewRange, box_px, 400.0, 401.0), None);
        assert_eq!(centered_box(box_px, 500.0), (450.0, 550.0));
    }

    #[test]
    fn density_counts_each_event_once_in_its_column() {
        let lane = |days: &[i32]| LaneEvents {
            events: (0..days.len() as u32).collect(),
            first_days: days.to_vec(),
            end_days: days.iter().map(|d| d + 1).collect(),
            running_max_end: days.iter().map(|d| d + 1).collect(),
        };
        let lanes = [lane(&[0, 1, 99]), lane(&[50, 150])];
        let map = CompressedTimeToScreen::new(TimeWindow::new(0.0, 100.0), 10.0, 100.0, &[]);
        let bins = density_bins(&lanes, &map, 4);
        // Day 150 lies outside the strip's range and is not counted anywhere.
        assert_eq!(bins, vec![2, 0, 1, 1]);
    }
}
