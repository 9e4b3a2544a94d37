//! The central lanes view, painted from the pure [`layout`](crate::layout): lanes as tall as
//! their titles need (every title whole, beside its marker, never cut), cluster badges for
//! markers too close to tell apart, the date axis under the lanes and the
//! [overview strip](super::overview_strip) under the axis.
//!
//! Why the time area is painted here rather than by egui_plot: egui_plot maps x linearly, and
//! "compress empty years" needs the piecewise mapping of [`CompressedTimeToScreen`]; the lanes
//! also scroll vertically with a sticky column of lane labels, which a plot's y axis does not
//! give either. So one mapping (linear when nothing is compressed) places markers, ticks, break
//! bands, hit-testing, wheel zoom and drag pan alike, and they stay exact on both sides of a
//! break. The axis ticks come from the same pure code the SVG writer uses.
//!
//! Input: the wheel over the time area zooms around the pointer (Shift+wheel pans), a drag pans
//! time and scrolls the lanes; the wheel over the lane labels or the scrollbar scrolls the lanes.
//! Only lanes inside the visible rows are painted and get label widgets, so a frame's work
//! follows what is on screen (500 person lanes cost about as much as 20).

use egui::{Align2, Color32, FontId, Pos2, Rect, RichText, Sense, Stroke, StrokeKind, Vec2};

use super::document::Document;
use super::overview_strip::{OverviewStrip, STRIP_HEIGHT_PX};
use shape_batch::ShapeBatch;

pub mod accessibility;
pub mod keyboard;
mod shape_batch;
use crate::axis_breaks::{AxisBreak, CompressedTimeToScreen, find_breaks};
use crate::date::format_period;
use crate::layout::{
    Hit, LabelSide, LanesLayout, LayoutParams, MarkerShape, fit_all_window, hit_at,
    layout_lanes_compressed,
};
use crate::model::KindLane;
use crate::timescale::TimeWindow;

const LABEL_FONT_SIZE: f32 = 12.0;
/// Character width the axis allows per label character when choosing the tick step.
const AXIS_CHAR_PX: f64 = 7.5;
const AXIS_FONT_SIZE: f32 = 11.5;
/// The lane labels' column is as wide as the widest label (plus a margin), within these limits:
/// a person's full name fits, and the time area keeps most of the width.
const MIN_LANE_LABEL_WIDTH: f32 = 110.0;
const MAX_LANE_LABEL_WIDTH: f32 = 240.0;
const SCROLLBAR_WIDTH: f32 = 10.0;
/// The axis under the lanes: tick labels, then a line for the names of compressed breaks.
const AXIS_HEIGHT: f32 = 34.0;
/// One sub-row of a lane, which is also one line of a title.
const ROW_PX: f64 = 18.0;
const LANE_PAD_PX: f64 = 3.0;
const MARKER_RADIUS_PX: f32 = 5.0;
/// Most sub-rows a lane grows to so that its titles fit; beyond, markers merge into clusters.
const MAX_ROWS_PER_LANE: usize = 12;
/// The longest line of a title (about 55 characters); longer titles wrap onto the rows below.
const MAX_LABEL_PX: f64 = 360.0;
/// How much one point of vertical wheel scrolling zooms: the window's width changes by a factor
/// of e^(0.003 · points), so a 100-point notch zooms by about 26 %.
const WHEEL_ZOOM_PER_POINT: f64 = 0.003;
/// Zoom to an event: its own length free on each side, so it takes the middle third of the view.
const ZOOM_TO_MARGIN: f64 = 1.0;
const ZOOM_TO_MIN_WIDTH_DAYS: f64 = 60.0;
/// A cluster's tooltip lists this many titles, then "… N more".
const CLUSTER_TOOLTIP_TITLES: usize = 20;

/// What the view asks the app to do.
#[derive(Clone, Debug, PartialEq)]
pub enum ViewAction {
    Select(Option<u32>),
    ClearFilters,
}

/// The events of a same-day cluster offered as a list to pick one from (a click on its badge).
#[derive(Clone, Debug, PartialEq)]
pub struct ClusterList {
    pub events: Vec<u32>,
    /// Where the list opens (the badge).
    pub anchor: Pos2,
}

/// The breaks found for one scene, so they are not searched for every frame.
struct BreaksCache {
    revision: u64,
    breaks: Vec<AxisBreak>,
}

/// The view's own state: the visible time window and what is selected or hovered.
pub struct LanesView {
    /// The window shown last frame; `None` until the first fit.
    pub window: Option<TimeWindow>,
    /// A window to move to at the next frame (zoom to event, keyboard stepping, presenting).
    pub pending_window: Option<TimeWindow>,
    /// Fit all visible events at the next frame (the fit needs the frame's width and breaks).
    pub pending_fit: bool,
    pub selected: Option<u32>,
    pub hovered: Option<u32>,
    /// The cluster badge under the pointer (index into `last_layout.clusters`).
    pub hovered_cluster: Option<usize>,
    pub show_labels: bool,
    /// Long stretches with no visible event drawn as narrow breaks (View > Compress empty years).
    pub compress: bool,
    /// The layout drawn last frame, in screen coordinates, kept for hit-testing and tests.
    pub last_layout: LanesLayout,
    /// Screen rectangle of the time area (the visible part of the lanes) last frame.
    pub last_plot_rect: Option<Rect>,
    /// Screen rectangle of the lane labels' column last frame (the wheel scrolls over it).
    pub last_label_rect: Option<Rect>,
    /// Darken everything (presentation mode draws its card over the lanes).
    pub dimmed: bool,
    /// The lane the keyboard is in (Up/Down), for events shown in several lanes.
    pub keyboard_lane: Option<usize>,
    /// How far the lanes are scrolled up, in points.
    pub scroll_px: f32,
    /// The open list of a same-day cluster.
    pub cluster_list: Option<ClusterList>,
    pub overview: OverviewStrip,
    last_map: Option<CompressedTimeToScreen>,
    breaks_cache: Option<BreaksCache>,
}

impl Default for LanesView {
    fn default() -> Self {
        LanesView {
            window: None,
            pending_window: None,
            pending_fit: false,
            selected: None,
            hovered: None,
            hovered_cluster: None,
            show_labels: true,
            compress: false,
            last_layout: LanesLayout::default(),
            last_plot_rect: None,
            last_label_rect: None,
            dimmed: false,
            keyboard_lane: None,
            scroll_px: 0.0,
            cluster_list: None,
            overview: OverviewStrip::default(),
            last_map: None,
            breaks_cache: None,
        }
    }
}

/// The zoom factor for one frame's input: wheel up (positive `scroll_y` points) and pinch out
/// (`pinch` above 1) zoom in, giving a factor below 1 (fewer days on screen).
fn wheel_zoom_factor(scroll_y: f32, pinch: f32) -> f64 {
    (-f64::from(scroll_y) * WHEEL_ZOOM_PER_POINT).exp() / f64::from(pinch)
}

/// The lanes in `range` (the visible rows) with their boxes in `layout`: what the labels and
/// the lane strips both walk.
fn lanes_with_boxes<'a>(
    document: &'a Document,
    layout: &'a LanesLayout,
    range: std::ops::Range<usize>,
) -> impl Iterator<Item = (usize, &'a crate::lanes::Lane, &'a crate::layout::LaneBox)> + 'a {
    range.filter_map(move |index| {
        let lane = document.scene.lanes().get(index)?;
        let lane_box = layout.lane_boxes.get(index)?;
        Some((index, lane, lane_box))
    })
}

pub fn color_from_rgb(rgb: u32) -> Color32 {
    Color32::from_rgb((rgb >> 16) as u8, (rgb >> 8) as u8, rgb as u8)
}

/// The scroll offset kept inside the content: `content_px` of lanes in a view `view_px` high.
fn clamp_scroll(scroll_px: f32, content_px: f32, view_px: f32) -> f32 {
    scroll_px.clamp(0.0, (content_px - view_px).max(0.0))
}

/// Moves a layout made for one scroll offset to another: everything vertical shifts by `dy`.
fn shift_layout(layout: &mut LanesLayout, dy: f64) {
    for lane_box in &mut layout.lane_boxes {
        lane_box.top_px += dy;
    }
    for label in &mut layout.labels {
        label.y0 += dy;
        label.y1 += dy;
    }
    for cluster in &mut layout.clusters {
        cluster.y0 += dy;
        cluster.y1 += dy;
    }
}

/// The lanes (a range of indices) whose boxes overlap `top..bottom`: the only ones painted.
fn lanes_between(layout: &LanesLayout, top: f64, bottom: f64) -> std::ops::Range<usize> {
    let first = layout
        .lane_boxes
        .partition_point(|b| b.top_px + b.height_px <= top);
    let end = layout.lane_boxes.partition_point(|b| b.top_px < bottom);
    first..end.max(first)
}

impl LanesView {
    pub fn with_labels(show_labels: bool) -> Self {
        LanesView {
            show_labels,
            ..LanesView::default()
        }
    }

    /// This view with empty years compressed or not (the persisted setting at startup).
    pub fn compressed(self, compress: bool) -> Self {
        LanesView { compress, ..self }
    }

    /// The linear window that shows every visible event (the view refines it for its width and
    /// breaks when it fits).
    pub fn fit_all_window(document: &Document) -> TimeWindow {
        document.scene.fit_window()
    }

    /// Fits every visible event at the next frame (with room for the first and last titles).
    pub fn fit_all(&mut self, _document: &Document) {
        self.pending_window = None;
        self.pending_fit = true;
    }

    /// Turns compressed empty years on or off, and refits (the same window would show other
    /// years with the other mapping).
    pub fn set_compress(&mut self, compress: bool) {
        if self.compress != compress {
            self.compress = compress;
            self.pending_window = None;
            self.pending_fit = true;
        }
    }

    /// The mapping of days to screen x used last frame (compressed or linear).
    pub fn time_map(&self) -> Option<&CompressedTimeToScreen> {
        self.last_map.as_ref()
    }

    /// After a filter change: a selected event the filter hides is deselected, and when no
    /// matching event is left in the window, the view fits the matching events (rather than
    /// leave the reader looking at empty lanes, wondering whether the filter found anything).
    pub fn follow_filter(&mut self, document: &Document) {
        let scene = &document.scene;
        if self.selected.is_some_and(|event| !scene.is_visible(event)) {
            self.selected = None;
        }
        self.cluster_list = None;
        let shown = self.pending_window.or(self.window);
        if !self.pending_fit
            && scene.visible_count() > 0
            && shown.is_some_and(|window| !scene.any_visible_in(window.start_day, window.end_day))
        {
            self.fit_all(document);
        }
    }

    /// Zooms so the event fills the middle third of the view (at least two months across, so
    /// a one-day event shows its neighbours).
    pub fn zoom_to(&mut self, document: &Document, event: u32) {
        if let Some(e) = document.scene.timeline().events.get(event as usize) {
            let (first, last) = e.day_range();
            self.pending_fit = false;
            self.pending_window = Some(TimeWindow::around_days(
                first,
                last,
                ZOOM_TO_MARGIN,
                ZOOM_TO_MIN_WIDTH_DAYS,
            ));
        }
    }

    /// Pans (without zooming) so that the event is on screen.
    pub fn keep_in_view(&mut self, document: &Document, event: u32) {
        let (Some(window), Some(e)) = (
            self.pending_window.or(self.window),
            document.scene.timeline().events.get(event as usize),
        ) else {
            return;
        };
        let (first, last) = e.day_range();
        self.pending_window = Some(window.panned_to_show(first, last));
    }

    /// The breaks of the scene's visible events when compressing (cached per scene revision).
    fn breaks(&mut self, document: &Document) -> Vec<AxisBreak> {
        if !self.compress {
            return Vec::new();
        }
        let revision = document.scene.revision();
        if self
            .breaks_cache
            .as_ref()
            .is_none_or(|cache| cache.revision != revision)
        {
            self.breaks_cache = Some(BreaksCache {
                revision,
                breaks: find_breaks(document.scene.lane_events()),
            });
        }
        self.breaks_cache
            .as_ref()
            .map(|cache| cache.breaks.clone())
            .unwrap_or_default()
    }

    pub fn ui(&mut self, ui: &mut egui::Ui, document: &Document) -> Option<ViewAction> {
        let mut action = None;
        let full = ui.available_rect_before_wrap();
        ui.advance_cursor_after_rect(full);
        // Columns: lane labels | time area | scrollbar; rows: lanes, axis, overview strip.
        let lanes_bottom =
            (full.bottom() - AXIS_HEIGHT - STRIP_HEIGHT_PX - 4.0).max(full.top() + 40.0);
        let label_width = lane_label_width(ui, document).min(full.width() * 0.25);
        let time_x = full.left() + label_width
            ..=(full.right() - SCROLLBAR_WIDTH).max(full.left() + label_width + 50.0);
        let lanes_rect = Rect::from_x_y_ranges(time_x.clone(), full.top()..=lanes_bottom);
        let label_column = Rect::from_x_y_ranges(
            full.left()..=full.left() + label_width - 8.0,
            lanes_rect.y_range(),
        );
        let scrollbar_rect =
            Rect::from_x_y_ranges(lanes_rect.right()..=full.right(), lanes_rect.y_range());
        let axis_rect =
            Rect::from_x_y_ranges(time_x.clone(), lanes_bottom..=lanes_bottom + AXIS_HEIGHT);
        let strip_rect = Rect::from_x_y_ranges(
            time_x,
            axis_rect.bottom()..=axis_rect.bottom() + STRIP_HEIGHT_PX,
        );
        let (left_px, width_px) = (f64::from(lanes_rect.left()), f64::from(lanes_rect.width()));

        let breaks = self.breaks(document);
        let fitted = || fit_all_window(document.scene.fit_day_range(), &breaks, width_px);
        // A window asked for after a fit (the command line's `--window`) wins over the fit.
        let mut window = match (self.pending_window.take(), self.pending_fit) {
            (Some(window), _) => window,
            (None, true) => fitted(),
            (None, false) => self.window.unwrap_or_else(fitted),
        };
        self.pending_fit = false;

        // Input. The time area takes clicks and drags; the wheel depends on where it is.
        let response = ui.interact(
            lanes_rect,
            egui::Id::unique("lanes time area"),
            Sense::click_and_drag(),
        );
        let (scroll, pinch, pointer) = ui
            .ctx()
            .input(|i| (i.smooth_scroll_delta, i.zoom_delta(), i.pointer.hover_pos()));
        let map = CompressedTimeToScreen::new(window, left_px, width_px, &breaks);
        if response.hovered() {
            // Vertical wheel (and pinch) zooms time around the pointer; horizontal wheel (or
            // Shift+wheel, which egui turns into a horizontal scroll) pans it.
            let factor = wheel_zoom_factor(scroll.y, pinch);
            if (factor - 1.0).abs() > 1e-6 {
                let anchor_x = pointer.map_or(left_px + width_px / 2.0, |p| f64::from(p.x));
                window = map.zoomed(anchor_x, factor);
            }
            if scroll.x != 0.0 {
                window = CompressedTimeToScreen::new(window, left_px, width_px, &breaks)
                    .panned(f64::from(scroll.x));
            }
        }
        if response.dragged() {
            let delta = response.drag_delta();
            if delta.x != 0.0 {
                window = CompressedTimeToScreen::new(window, left_px, width_px, &breaks)
                    .panned(f64::from(delta.x));
            }
            self.scroll_px -= delta.y;
        }
        if pointer.is_some_and(|p| label_column.contains(p) || scrollbar_rect.contains(p)) {
            self.scroll_px -= scroll.y;
        }
        if let Some(asked) = self
            .overview
            .ui(ui, strip_rect, document, &breaks, window.clamped())
        {
            window = asked;
        }
        let map = CompressedTimeToScreen::new(window.clamped(), left_px, width_px, &breaks);
        self.window = Some(map.window);
        self.last_plot_rect = Some(lanes_rect);
        self.last_label_rect = Some(label_column);

        // The layout, for the current scroll; then the scroll is kept inside the lanes.
        let params = LayoutParams {
            window: map.window,
            left_px,
            width_px,
            rows_per_lane: MAX_ROWS_PER_LANE,
            marker_radius_px: f64::from(MARKER_RADIUS_PX),
            show_labels: self.show_labels,
            max_label_px: MAX_LABEL_PX,
            top_px: f64::from(lanes_rect.top() - self.scroll_px),
            row_px: ROW_PX,
            lane_padding_px: LANE_PAD_PX,
            ..LayoutParams::default()
        };
        let font = FontId::proportional(LABEL_FONT_SIZE);
        let mut layout = ui.ctx().fonts_mut(|fonts| {
            // The fonts are locked once for the whole layout, which measures every title in
            // the window (thousands when zoomed into a month of a million events).
            let fonts = std::cell::RefCell::new(fonts);
            let measure = |text: &str| {
                let mut fonts = fonts.borrow_mut();
                text.chars()
                    .map(|c| f64::from(fonts.glyph_width(&font, c)))
                    .sum::<f64>()
                    + 1.0
            };
            layout_lanes_compressed(
                document.scene.timeline(),
                document.scene.lane_events(),
                &params,
                &breaks,
                &measure,
            )
        });
        let content_px = layout.height_px() as f32;
        let clamped = clamp_scroll(self.scroll_px, content_px, lanes_rect.height());
        if clamped != self.scroll_px {
            shift_layout(&mut layout, f64::from(self.scroll_px - clamped));
            self.scroll_px = clamped;
        }
        let visible_lanes = lanes_between(
            &layout,
            f64::from(lanes_rect.top()),
            f64::from(lanes_rect.bottom()),
        );

        let dark = ui.visuals().dark_mode;
        let painter = ui.painter().with_clip_rect(lanes_rect);
        self.paint_grid_and_axis(ui, &painter, &map, lanes_rect, axis_rect, dark);
        self.paint_eras(&painter, document, &map, lanes_rect, dark);
        paint_lanes(&painter, document, &layout, visible_lanes.clone(), dark);
        self.lane_labels_ui(ui, document, &layout, visible_lanes.clone(), label_column);
        paint_breaks(ui, &map, lanes_rect, axis_rect, dark);
        if self.dimmed {
            // Presenting: everything but the current event recedes behind the caption card.
            painter.rect_filled(
                lanes_rect,
                0.0,
                Color32::from_black_alpha(if dark { 150 } else { 110 }),
            );
        }
        self.paint_events(&painter, document, &layout, visible_lanes.clone(), dark);
        self.scrollbar_ui(ui, scrollbar_rect, content_px, lanes_rect.height());

        // Hover and click, with the same layout that was painted.
        self.hovered = None;
        self.hovered_cluster = None;
        if let Some(pointer) = response.hover_pos() {
            match hit_at(
                &layout,
                f64::from(pointer.x),
                f64::from(pointer.y),
                f64::from(MARKER_RADIUS_PX) + 3.0,
            ) {
                Some(Hit::Event(event)) => self.hovered = Some(event),
                Some(Hit::Cluster(index)) => self.hovered_cluster = Some(index),
                None => {}
            }
        }
        if let Some(hovered) = self.hovered {
            response
                .clone()
                .on_hover_ui_at_pointer(|ui| event_tooltip_ui(ui, document, hovered));
        } else if let Some(cluster) = self.hovered_cluster.and_then(|i| layout.clusters.get(i)) {
            response
                .clone()
                .on_hover_ui_at_pointer(|ui| cluster_tooltip_ui(ui, document, cluster));
        }
        if response.double_clicked() {
            match self.hovered {
                Some(event) => {
                    action = Some(ViewAction::Select(Some(event)));
                    self.zoom_to(document, event);
                }
                None if self.hovered_cluster.is_none() => self.fit_all(document),
                None => {}
            }
        } else if response.clicked() {
            match self.hovered_cluster.and_then(|i| layout.clusters.get(i)) {
                Some(cluster) if cluster.same_day => {
                    self.cluster_list = Some(ClusterList {
                        events: cluster.events.clone(),
                        anchor: Pos2::new(cluster.x1 as f32 + 4.0, cluster.y0 as f32),
                    });
                }
                Some(cluster) => {
                    self.cluster_list = None;
                    self.zoom_to_members(document, &cluster.events);
                }
                None => {
                    self.cluster_list = None;
                    action = Some(ViewAction::Select(self.hovered));
                }
            }
        }
        if let Some(picked) = self.cluster_list_ui(ui, document) {
            action = Some(ViewAction::Select(Some(picked)));
        }

        // Lanes kept on screen with nothing visible hold compare mode's ghosts: nothing to clear.
        if document.scene.visible_count() == 0
            && document.scene.lanes().is_empty()
            && !document.scene.timeline().events.is_empty()
        {
            let card = Rect::from_center_size(lanes_rect.center(), egui::vec2(280.0, 70.0));
            let clear = ui
                .scope_builder(egui::UiBuilder::new().max_rect(card), |ui| {
                    egui::Frame::popup(ui.style())
                        .show(ui, |ui| {
                            ui.vertical_centered(|ui| {
                                ui.label("No events match the filters.");
                                ui.button("Clear filters").clicked()
                            })
                            .inner
                        })
                        .inner
                })
                .inner;
            if clear {
                action = Some(ViewAction::ClearFilters);
            }
        }
        self.last_layout = layout;
        self.last_map = Some(map);
        let selected_at = self.selected.and_then(|e| self.marker_screen_position(e));
        accessibility::lanes_nodes_ui(ui, lanes_rect, document, self.selected, selected_at);
        action
    }

    /// Zooms so that a cluster's members (in date order) take the middle third of the view:
    /// markers closer than a marker's width at this zoom are days apart, so they separate.
    fn zoom_to_members(&mut self, document: &Document, members: &[u32]) {
        let events = &document.scene.timeline().events;
        let days = members
            .iter()
            .filter_map(|&m| events.get(m as usize))
            .map(|e| e.day_range().0);
        let (Some(first), Some(last)) = (days.clone().min(), days.max()) else {
            return;
        };
        self.pending_fit = false;
        self.pending_window = Some(TimeWindow::around_days(first, last, ZOOM_TO_MARGIN, 4.0));
    }

    /// Vertical grid lines and the axis under the lanes, with ticks from the mapping.
    fn paint_grid_and_axis(
        &self,
        ui: &egui::Ui,
        painter: &egui::Painter,
        map: &CompressedTimeToScreen,
        lanes_rect: Rect,
        axis_rect: Rect,
        dark: bool,
    ) {
        let grid = if dark {
            Color32::from_gray(48)
        } else {
            Color32::from_gray(228)
        };
        let axis_color = ui.visuals().text_color();
        let axis_painter = ui
            .painter()
            .with_clip_rect(axis_rect.expand2(Vec2::new(40.0, 0.0)));
        axis_painter.hline(
            axis_rect.x_range(),
            axis_rect.top() + 0.5,
            Stroke::new(1.0, axis_color.gamma_multiply(0.6)),
        );
        let step = map.choose_step(AXIS_CHAR_PX);
        let ticks = map.ticks(step);
        // A stretch between breaks (or a break and the window's edge) too short to hold a tick
        // of this step, say the months of 1985 before "1986–2012", is named by its year in its
        // middle: otherwise nothing on the axis would date its events.
        let mut stretches = Vec::new();
        let mut from = map.window.start_day;
        for band in map.bands() {
            stretches.push((from, band.axis_break.start_day as f64));
            from = band.axis_break.end_day as f64;
        }
        if !stretches.is_empty() {
            stretches.push((from, map.window.end_day));
        }
        for (start, end) in stretches {
            let (x0, x1) = (map.x_from_day(start) as f32, map.x_from_day(end) as f32);
            let has_tick = ticks.iter().any(|t| t.day >= start && t.day <= end);
            if has_tick || x1 - x0 < 30.0 {
                continue;
            }
            let (year, _, _) = crate::date::civil_from_days(((start + end) / 2.0) as i64);
            axis_painter.text(
                Pos2::new((x0 + x1) / 2.0, axis_rect.top() + 5.0),
                Align2::CENTER_TOP,
                crate::date::format_year(year),
                FontId::proportional(AXIS_FONT_SIZE),
                axis_color,
            );
        }
        for tick in ticks {
            let x = map.x_from_day(tick.day) as f32;
            if x < lanes_rect.left() || x > lanes_rect.right() {
                continue;
            }
            painter.vline(x, lanes_rect.y_range(), Stroke::new(1.0, grid));
            axis_painter.vline(
                x,
                axis_rect.top()..=axis_rect.top() + 4.0,
                Stroke::new(1.0, axis_color),
            );
            axis_painter.text(
                Pos2::new(x, axis_rect.top() + 5.0),
                Align2::CENTER_TOP,
                tick.label,
                FontId::proportional(AXIS_FONT_SIZE),
                axis_color,
            );
        }
    }

    fn paint_eras(
        &self,
        painter: &egui::Painter,
        document: &Document,
        map: &CompressedTimeToScreen,
        lanes_rect: Rect,
        dark: bool,
    ) {
        let fills = if dark {
            [Color32::from_white_alpha(10), Color32::from_white_alpha(18)]
        } else {
            [Color32::from_black_alpha(9), Color32::from_black_alpha(16)]
        };
        let text_color = if dark {
            Color32::from_gray(150)
        } else {
            Color32::from_gray(110)
        };
        let mut title_lines_right = [f32::NEG_INFINITY; 2];
        for (index, era) in document.scene.timeline().eras.iter().enumerate() {
            let x0 = map.x_from_day(era.start.first_day() as f64) as f32;
            let x1 = map.x_from_day(era.end.last_day() as f64 + 1.0) as f32;
            if x1 < lanes_rect.left() || x0 > lanes_rect.right() {
                continue;
            }
            let band = Rect::from_x_y_ranges(x0..=x1, lanes_rect.y_range());
            painter.rect_filled(band, 0.0, fills[index % 2]);
            // Titles go on one of two lines at the bottom, each on the first line where it
            // does not run into the title before it (eras may overlap, e.g. two countries').
            let title_x = x0.max(lanes_rect.left()) + 4.0;
            let galley =
                painter.layout_no_wrap(era.title.clone(), FontId::proportional(11.0), text_color);
            let free_line = title_lines_right
                .iter()
                .position(|&right| title_x >= right + 8.0);
            if let Some(line) = free_line
                && galley.size().x < (x1 - title_x).max(0.0)
            {
                let title_y = lanes_rect.bottom() - 4.0 - line as f32 * 14.0;
                title_lines_right[line] = title_x + galley.size().x;
                painter.galley(
                    Pos2::new(title_x, title_y - galley.size().y),
                    galley,
                    text_color,
                );
            }
        }
    }

    /// Lane labels are real widgets (readable by screen readers and tests) in a column left of
    /// the lanes, each at its lane's first row, or at the top of the lanes area while its lane
    /// is scrolled partly above it (sticky), so a tall lane stays named.
    fn lane_labels_ui(
        &self,
        ui: &mut egui::Ui,
        document: &Document,
        layout: &LanesLayout,
        visible_lanes: std::ops::Range<usize>,
        label_column: Rect,
    ) {
        let row_px = (ROW_PX + 2.0 * LANE_PAD_PX) as f32;
        for (_, lane, lane_box) in lanes_with_boxes(document, layout, visible_lanes) {
            let (top, bottom) = (
                lane_box.top_px as f32,
                (lane_box.top_px + lane_box.height_px) as f32,
            );
            let label_top = top.max(label_column.top()).min(bottom - row_px);
            let rect =
                Rect::from_x_y_ranges(label_column.x_range(), label_top..=label_top + row_px);
            let color =
                color_from_rgb(super::theme::palette(ui.ctx()).lane_text_rgb(lane.color_rgb));
            ui.scope_builder(
                egui::UiBuilder::new()
                    .max_rect(rect)
                    .layout(egui::Layout::right_to_left(egui::Align::Center)),
                |ui| {
                    ui.set_clip_rect(label_column);
                    ui.add(
                        egui::Label::new(RichText::new(&lane.label).color(color).strong())
                            .truncate(),
                    )
                },
            );
        }
    }

    /// The vertical scrollbar right of the lanes, when they are taller than the area.
    fn scrollbar_ui(&mut self, ui: &mut egui::Ui, rect: Rect, content_px: f32, view_px: f32) {
        if content_px <= view_px + 0.5 || view_px <= 0.0 {
            return;
        }
        let track = rect.shrink2(Vec2::new(2.0, 0.0));
        let thumb_px = (view_px * view_px / content_px)
            .max(24.0)
            .min(track.height());
        let travel_px = (track.height() - thumb_px).max(1.0);
        let scrollable_px = content_px - view_px;
        let response = ui
            .interact(
                rect,
                egui::Id::unique("lanes scrollbar"),
                Sense::click_and_drag(),
            )
            .on_hover_text("Scroll the lanes (or use the wheel over the lane names)");
        if response.dragged() {
            self.scroll_px += response.drag_delta().y * scrollable_px / travel_px;
        } else if response.clicked()
            && let Some(pointer) = response.interact_pointer_pos()
        {
            // A click on the track moves the thumb's centre there.
            let fraction = (pointer.y - track.top() - thumb_px / 2.0) / travel_px;
            self.scroll_px = fraction.clamp(0.0, 1.0) * scrollable_px;
        }
        self.scroll_px = clamp_scroll(self.scroll_px, content_px, view_px);
        let thumb_top = track.top() + self.scroll_px / scrollable_px * travel_px;
        let visuals = ui.visuals();
        let painter = ui.painter();
        painter.rect_filled(track, 4.0, visuals.extreme_bg_color);
        let thumb_color = if response.hovered() || response.dragged() {
            visuals.widgets.hovered.bg_fill
        } else {
            visuals.widgets.inactive.bg_fill
        };
        painter.rect_filled(
            Rect::from_x_y_ranges(track.x_range(), thumb_top..=thumb_top + thumb_px),
            4.0,
            thumb_color,
        );
    }

    /// The list of a same-day cluster's events: picking one selects it.
    fn cluster_list_ui(&mut self, ui: &egui::Ui, document: &Document) -> Option<u32> {
        let list = self.cluster_list.clone()?;
        let timeline = document.scene.timeline();
        let mut picked = None;
        let mut close = ui.ctx().input(|i| i.key_pressed(egui::Key::Escape));
        egui::Area::new(egui::Id::unique("cluster list"))
            .fixed_pos(list.anchor)
            .order(egui::Order::Foreground)
            .constrain(true)
            .show(ui.ctx(), |ui| {
                egui::Frame::popup(ui.style()).show(ui, |ui| {
                    ui.set_max_width(420.0);
                    let date = list
                        .events
                        .first()
                        .and_then(|&e| timeline.events.get(e as usize))
                        .map(|e| format_period(e.date, e.end))
                        .unwrap_or_default();
                    ui.horizontal(|ui| {
                        ui.strong(format!("{} events on {date}", list.events.len()));
                        if ui.small_button("Close").clicked() {
                            close = true;
                        }
                    });
                    egui::ScrollArea::vertical()
                        .max_height(320.0)
                        .show(ui, |ui| {
                            for &event in &list.events {
                                let Some(e) = timeline.events.get(event as usize) else {
                                    continue;
                                };
                                let selected = self.selected == Some(event);
                                if ui.selectable_label(selected, &e.title).clicked() {
                                    picked = Some(event);
                                }
                            }
                        });
                });
            });
        if close {
            self.cluster_list = None;
        }
        picked
    }

    fn paint_events(
        &self,
        painter: &egui::Painter,
        document: &Document,
        layout: &LanesLayout,
        visible_lanes: std::ops::Range<usize>,
        dark: bool,
    ) {
        let radius = MARKER_RADIUS_PX;
        let text_color = if dark {
            Color32::from_gray(225)
        } else {
            Color32::from_gray(30)
        };
        let highlight = if dark { Color32::WHITE } else { Color32::BLACK };
        let lanes = document.scene.lanes();
        let shown = |lane: u32| visible_lanes.contains(&(lane as usize));
        // One readable colour per visible lane, worked out once a frame: `marker_rgb` searches
        // for enough contrast (powers of each channel per try), too dear to repeat for each of
        // the thousands of markers and density columns of a large file.
        let palette = super::theme::palette(painter.ctx());
        let lane_colors: Vec<Color32> = lanes
            .iter()
            .enumerate()
            .map(|(index, lane)| {
                if visible_lanes.contains(&index) {
                    color_from_rgb(palette.marker_rgb(lane.color_rgb))
                } else {
                    Color32::GRAY
                }
            })
            .collect();
        let lane_color = |lane: u32| {
            lane_colors
                .get(lane as usize)
                .copied()
                .unwrap_or(Color32::GRAY)
        };
        // Shapes are batched into one mesh; titles and badges go on top of them.
        let mut batch = ShapeBatch::new(painter);
        for column in layout.density.iter().filter(|c| shown(c.lane)) {
            let Some(lane_box) = layout.lane_boxes.get(column.lane as usize) else {
                continue;
            };
            let (top, height) = (lane_box.top_px as f32, lane_box.height_px as f32);
            let fraction = ((column.count as f32).ln_1p() / 6.0).clamp(0.1, 1.0);
            let bar_height = (height - 6.0) * fraction;
            let bottom = top + height - 3.0;
            batch.rect_filled(
                Rect::from_x_y_ranges(
                    column.x0 as f32..=column.x1 as f32,
                    (bottom - bar_height)..=bottom,
                ),
                0.0,
                lane_color(column.lane),
            );
        }
        for placed in layout.placed.iter().filter(|p| shown(p.lane)) {
            let Some(event) = document.scene.timeline().events.get(placed.event as usize) else {
                continue;
            };
            let Some(y) = layout.row_center_y(placed.lane, placed.row) else {
                continue;
            };
            let y = y as f32;
            let selected = self.selected == Some(placed.event);
            let faded = self.dimmed && !selected;
            let color = lane_color(placed.lane);
            let color = if faded {
                color.gamma_multiply(0.3)
            } else {
                color
            };
            if let Some((x0, x1)) = placed.bracket {
                let (x0, x1) = (x0 as f32, x1 as f32);
                let faint = color.gamma_multiply(0.35);
                let bracket_y = y + radius + 2.0;
                batch.line_segment(
                    [Pos2::new(x0, bracket_y), Pos2::new(x1, bracket_y)],
                    Stroke::new(1.5, faint),
                );
                for x in [x0, x1] {
                    batch.line_segment(
                        [Pos2::new(x, bracket_y - 4.0), Pos2::new(x, bracket_y)],
                        Stroke::new(1.5, faint),
                    );
                }
            }
            if let Some((x0, x1)) = placed.span {
                let bar = Rect::from_x_y_ranges(
                    (x0 as f32)..=(x1 as f32).max(x0 as f32 + 2.0),
                    (y - radius * 0.6)..=(y + radius * 0.6),
                );
                if placed.circa {
                    batch.dashed_rect(bar, Stroke::new(1.5, color), 5.0, 3.0);
                } else {
                    batch.rect_filled(bar, 2.0, color.gamma_multiply(0.75));
                }
            }
            if placed.cluster.is_some() {
                // The cluster's badge stands for the marker.
                continue;
            }
            let center = Pos2::new(placed.x as f32, y);
            let hovered = self.hovered == Some(placed.event);
            let r = if hovered || selected {
                radius * 1.3
            } else {
                radius
            };
            batch_marker(
                &mut batch,
                MarkerShape::of(event.kind),
                center,
                r,
                color,
                placed.circa,
            );
            if !event.disputed.is_empty() {
                // A small dot on the marker's upper right: a source disputes this event.
                let mark = center + egui::vec2(r * 0.85, -r * 0.85);
                batch.circle_filled(mark, (r * 0.45).max(2.0), DISPUTED_MARK);
            }
            if selected {
                batch.circle_stroke(center, r + 4.0, Stroke::new(2.0, highlight));
            }
        }
        batch.flush(painter);

        let font = FontId::proportional(LABEL_FONT_SIZE);
        for label in layout.labels.iter().filter(|l| shown(l.lane)) {
            let Some(event) = document.scene.timeline().events.get(label.event as usize) else {
                continue;
            };
            let selected = self.selected == Some(label.event);
            let color = if selected {
                highlight
            } else if self.dimmed {
                text_color.gamma_multiply(0.3)
            } else {
                text_color
            };
            let (x, align) = match label.side {
                LabelSide::Right => (label.x0 as f32, Align2::LEFT_CENTER),
                LabelSide::Left => (label.x1 as f32, Align2::RIGHT_CENTER),
            };
            for (line_index, line) in label.lines(&event.title).enumerate() {
                let Some(y) = layout.row_center_y(label.lane, label.row + line_index as u32) else {
                    continue;
                };
                painter.text(Pos2::new(x, y as f32), align, line, font.clone(), color);
            }
        }

        let background = painter.ctx().global_style().visuals.panel_fill;
        for (index, cluster) in layout
            .clusters
            .iter()
            .enumerate()
            .filter(|(_, c)| shown(c.lane))
        {
            let color = lane_color(cluster.lane);
            let color = if self.dimmed {
                color.gamma_multiply(0.3)
            } else {
                color
            };
            let middle = ((cluster.y0 + cluster.y1) / 2.0) as f32;
            let (from, to) = cluster.markers_x;
            if to - from > 1.0 {
                // The members' true spread, under the badge.
                painter.hline(from as f32..=to as f32, middle, Stroke::new(2.0, color));
            }
            let badge = Rect::from_x_y_ranges(
                cluster.x0 as f32..=cluster.x1 as f32,
                cluster.y0 as f32..=cluster.y1 as f32,
            );
            let hovered = self.hovered_cluster == Some(index);
            painter.rect_filled(badge, badge.height() / 2.0, color);
            painter.rect_stroke(
                badge,
                badge.height() / 2.0,
                Stroke::new(
                    if hovered { 2.0 } else { 1.5 },
                    if hovered { highlight } else { background },
                ),
                StrokeKind::Outside,
            );
            painter.text(
                badge.center(),
                Align2::CENTER_CENTER,
                cluster.count().to_string(),
                FontId::proportional(11.0),
                Color32::WHITE,
            );
        }
    }
}

/// Width of the lane labels' column: the widest label in bold body text, and a margin.
fn lane_label_width(ui: &egui::Ui, document: &Document) -> f32 {
    let font = egui::TextStyle::Body.resolve(ui.style());
    let widest = ui.ctx().fonts_mut(|fonts| {
        document
            .scene
            .lanes()
            .iter()
            .map(|lane| {
                // Bold glyphs are a little wider than regular ones.
                1.08 * lane
                    .label
                    .chars()
                    .map(|c| fonts.glyph_width(&font, c))
                    .sum::<f32>()
            })
            .fold(0.0, f32::max)
    });
    (widest + 20.0).clamp(MIN_LANE_LABEL_WIDTH, MAX_LANE_LABEL_WIDTH)
}

/// Lane separators and each lane's colour strip, for the lanes on screen.
fn paint_lanes(
    painter: &egui::Painter,
    document: &Document,
    layout: &LanesLayout,
    visible_lanes: std::ops::Range<usize>,
    dark: bool,
) {
    let separator = if dark {
        Color32::from_gray(60)
    } else {
        Color32::from_gray(215)
    };
    let clip = painter.clip_rect();
    for (index, lane, lane_box) in lanes_with_boxes(document, layout, visible_lanes) {
        let top = lane_box.top_px as f32;
        let strip = Rect::from_min_size(
            Pos2::new(clip.left(), top),
            egui::vec2(4.0, lane_box.height_px as f32),
        );
        painter.rect_filled(
            strip.shrink2(egui::vec2(0.0, 2.0)),
            1.0,
            color_from_rgb(super::theme::palette(painter.ctx()).marker_rgb(lane.color_rgb)),
        );
        if index > 0 {
            painter.hline(clip.x_range(), top, Stroke::new(1.0, separator));
        }
    }
}

/// Compressed breaks: a band in the background colour over the lanes and the axis, with
/// zig-zag edges (a tear in the axis) and its name ("1986–2012 · no events") under the ticks.
fn paint_breaks(
    ui: &egui::Ui,
    map: &CompressedTimeToScreen,
    lanes_rect: Rect,
    axis_rect: Rect,
    dark: bool,
) {
    let background = ui.visuals().panel_fill;
    let edge_color = if dark {
        Color32::from_gray(160)
    } else {
        Color32::from_gray(110)
    };
    let text_color = ui.visuals().text_color();
    let area = Rect::from_x_y_ranges(lanes_rect.x_range(), lanes_rect.top()..=axis_rect.bottom());
    let painter = ui.painter().with_clip_rect(area);
    for band in map.bands() {
        let (x0, x1) = (band.x0 as f32, band.x1 as f32);
        if x1 < area.left() || x0 > area.right() {
            continue;
        }
        let (top, bottom) = (lanes_rect.top(), axis_rect.top() + 16.0);
        painter.rect_filled(
            Rect::from_x_y_ranges(x0..=x1, top..=bottom),
            0.0,
            background,
        );
        for (x, inwards) in [(x0, 1.0), (x1, -1.0)] {
            let x = x + inwards * 2.5;
            let mut points = Vec::new();
            let mut y = top;
            let mut side = 0.0;
            while y < bottom {
                points.push(Pos2::new(x + side, y));
                y += 4.0;
                side = if side == 0.0 { 2.5 * inwards } else { 0.0 };
            }
            points.push(Pos2::new(x + side, bottom));
            painter.add(egui::Shape::line(points, Stroke::new(1.2, edge_color)));
        }
        // The name, centred under the band but kept inside the time area.
        let label = band.axis_break.label();
        let galley =
            painter.layout_no_wrap(label, FontId::proportional(AXIS_FONT_SIZE), text_color);
        let half = galley.size().x / 2.0;
        let center = ((x0 + x1) / 2.0).clamp(
            area.left() + half,
            (area.right() - half).max(area.left() + half),
        );
        painter.galley(
            Pos2::new(center - half, axis_rect.top() + 18.0),
            galley,
            text_color,
        );
    }
}

/// A cluster's count and date, then its titles (the first [`CLUSTER_TOOLTIP_TITLES`], then how
/// many more), and what a click does.
fn cluster_tooltip_ui(ui: &mut egui::Ui, document: &Document, cluster: &crate::layout::Cluster) {
    let events = &document.scene.timeline().events;
    let first = cluster.events.first().and_then(|&e| events.get(e as usize));
    let last = cluster.events.last().and_then(|&e| events.get(e as usize));
    let heading = match (first, last) {
        (Some(first), _) if cluster.same_day => format!(
            "{} events on {}",
            cluster.count(),
            format_period(first.date, None)
        ),
        (Some(first), Some(last)) => format!(
            "{} events, {} – {}",
            cluster.count(),
            format_period(first.date, None),
            format_period(last.date, None)
        ),
        _ => format!("{} events", cluster.count()),
    };
    ui.strong(heading);
    for &event in cluster.events.iter().take(CLUSTER_TOOLTIP_TITLES) {
        if let Some(e) = events.get(event as usize) {
            ui.label(format!("• {}", e.title));
        }
    }
    if cluster.count() > CLUSTER_TOOLTIP_TITLES {
        ui.label(format!(
            "… {} more",
            cluster.count() - CLUSTER_TOOLTIP_TITLES
        ));
    }
    ui.weak(if cluster.same_day {
        "Click to pick one from a list"
    } else {
        "Click to zoom in until they separate"
    });
}

/// The dot on the marker of an event a source disputes: orange-red, apart from every lane colour.
const DISPUTED_MARK: Color32 = Color32::from_rgb(0xff, 0x45, 0x00);

/// The marker shapes of the policy subkinds present, as one line (shown above the lanes).
pub fn policy_legend_ui(ui: &mut egui::Ui, document: &Document) {
    let present = document.counts.policies.iter().copied();
    let color = color_from_rgb(KindLane::Policy.color_rgb());
    for policy in present {
        let (rect, _) = ui.allocate_exact_size(egui::vec2(12.0, 12.0), egui::Sense::hover());
        let shape = MarkerShape::of(crate::model::Kind::Policy(policy));
        paint_marker(ui.painter(), shape, rect.center(), 4.5, color, false);
        ui.label(RichText::new(policy.label()).small());
    }
}

/// Fills (or, for circa dates, outlines) a marker on its own (the legend).
pub fn paint_marker(
    painter: &egui::Painter,
    shape: MarkerShape,
    center: Pos2,
    radius: f32,
    color: Color32,
    hollow: bool,
) {
    let mut batch = ShapeBatch::new(painter);
    batch_marker(&mut batch, shape, center, radius, color, hollow);
    batch.flush(painter);
}

/// Fills (or, for circa dates, outlines) a marker. Shapes other than circles are drawn as a
/// fan from the centre, which is right for every marker shape (all are star-shaped around it).
fn batch_marker(
    batch: &mut ShapeBatch,
    shape: MarkerShape,
    center: Pos2,
    radius: f32,
    color: Color32,
    hollow: bool,
) {
    if shape == MarkerShape::Circle {
        if hollow {
            batch.circle_stroke(center, radius, Stroke::new(1.6, color));
        } else {
            batch.circle_filled(center, radius, color);
        }
        return;
    }
    let outline: Vec<Pos2> = shape
        .outline(f64::from(center.x), f64::from(center.y), f64::from(radius))
        .into_iter()
        .map(|(x, y)| Pos2::new(x as f32, y as f32))
        .collect();
    if hollow {
        let mut closed = outline;
        if let Some(&first) = closed.first() {
            closed.push(first);
        }
        batch.line(closed, Stroke::new(1.6, color));
        return;
    }
    batch.fan_filled(center, &outline, color);
}

/// Title, date at its precision, kind, people and cartels.
pub fn event_tooltip_ui(ui: &mut egui::Ui, document: &Document, event_index: u32) {
    let Some(event) = document.scene.timeline().events.get(event_index as usize) else {
        return;
    };
    ui.strong(&event.title);
    ui.label(format_period(event.date, event.end));
    ui.label(event.kind.label());
    let people = super::names_of_people(document.scene.timeline(), event.people());
    if !people.is_empty() {
        ui.label(format!("People: {}", people.join(", ")));
    }
    let cartels = super::names_of_cartels(document.scene.timeline(), event.cartels());
    if !cartels.is_empty() {
        ui.label(format!("Cartels: {}", cartels.join(", ")));
    }
}

impl LanesView {
    /// Centre y of a row of a lane as drawn last frame, and the markers' radius (compare mode
    /// draws its marks over the lanes with them). A row past the lane's last is its last.
    pub fn row_center_and_radius(&self, lane: u32, row: u32) -> Option<(f32, f32)> {
        let lane_box = self.last_layout.lane_boxes.get(lane as usize)?;
        let row = row.min(lane_box.rows.saturating_sub(1));
        let y = self.last_layout.row_center_y(lane, row)?;
        Some((y as f32, MARKER_RADIUS_PX))
    }

    /// The most sub-rows any lane had last frame.
    pub fn rows_per_lane(&self) -> u32 {
        self.last_layout
            .lane_boxes
            .iter()
            .map(|lane_box| lane_box.rows)
            .max()
            .unwrap_or(1)
            .max(1)
    }

    /// Where an event's marker was drawn last frame (its first lane), e.g. to click it; for a
    /// clustered event, its cluster's badge.
    pub fn marker_screen_position(&self, event: u32) -> Option<Pos2> {
        let layout = &self.last_layout;
        let placed = layout.placed.iter().find(|p| p.event == event)?;
        if let Some(cluster) = placed.cluster.and_then(|c| layout.clusters.get(c as usize)) {
            return Some(Pos2::new(
                cluster.x as f32,
                ((cluster.y0 + cluster.y1) / 2.0) as f32,
            ));
        }
        let y = layout.row_center_y(placed.lane, placed.row)?;
        Some(Pos2::new(placed.x as f32, y as f32))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::LaneBox;

    fn boxes(heights: &[f64]) -> LanesLayout {
        let mut top = 100.0;
        let lane_boxes = heights
            .iter()
            .map(|&height_px| {
                let lane_box = LaneBox {
                    top_px: top,
                    height_px,
                    rows: 1,
                };
                top += height_px;
                lane_box
            })
            .collect();
        LanesLayout {
            lane_boxes,
            row_px: 20.0,
            ..LanesLayout::default()
        }
    }

    #[test]
    fn only_lanes_overlapping_the_visible_rows_are_painted() {
        let layout = boxes(&[20.0; 500]);
        // Lanes from y = 100, 20 px each: 300..500 holds lanes 10 to 19.
        assert_eq!(lanes_between(&layout, 300.0, 500.0), 10..20);
        assert_eq!(lanes_between(&layout, 305.0, 501.0), 10..21);
        assert_eq!(lanes_between(&layout, 0.0, 50.0), 0..0);
    }

    #[test]
    fn scrolling_stays_inside_the_lanes_and_shifts_the_layout() {
        assert_eq!(clamp_scroll(-5.0, 1000.0, 400.0), 0.0);
        assert_eq!(clamp_scroll(900.0, 1000.0, 400.0), 600.0);
        // Lanes shorter than the view do not scroll.
        assert_eq!(clamp_scroll(50.0, 300.0, 400.0), 0.0);
        let mut layout = boxes(&[20.0, 30.0]);
        shift_layout(&mut layout, -40.0);
        assert_eq!(layout.lane_boxes[1].top_px, 80.0);
        assert_eq!(layout.lane_row_at(85.0), Some((1, 0)));
    }

    #[test]
    fn wheel_up_zooms_in() {
        assert!(wheel_zoom_factor(100.0, 1.0) < 1.0);
        assert!(wheel_zoom_factor(-100.0, 1.0) > 1.0);
        assert!((wheel_zoom_factor(0.0, 1.0) - 1.0).abs() < 1e-12);
    }
}
