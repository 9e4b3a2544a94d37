//! The central lanes view: egui_plot supplies the date axis, panning and the plot frame; the
//! lanes are painted from the pure [`layout`](crate::layout) with the plot's transform.

use std::borrow::Cow;

use egui::{Align2, Color32, FontId, Pos2, Rect, RichText, Stroke, Vec2};
use egui_plot::{GridInput, GridMark, Plot, PlotBounds};

use super::document::Document;
use shape_batch::ShapeBatch;

pub mod accessibility;
pub mod keyboard;
mod shape_batch;
use crate::date::format_period;
use crate::layout::{LanesLayout, LayoutParams, MarkerShape, hit_test, layout_lanes};
use crate::model::KindLane;
use crate::timescale::{TickStep, TimeToScreen, TimeWindow, choose_step, tick_label, ticks};

/// Approximate width of a character of the label font, for label fitting. Generous, so a
/// label judged to fit really does.
const LABEL_CHAR_PX: f64 = 6.6;
const LABEL_FONT_SIZE: f32 = 12.0;
const AXIS_CHAR_PX: f64 = 7.0;
const MAX_LABEL_CHARS: usize = 48;
const LANE_LABEL_WIDTH: f32 = 150.0;
/// How much one point of vertical wheel scrolling zooms: the window's width changes by a factor
/// of e^(0.003 · points), so a 100-point notch zooms by about 26 %.
const WHEEL_ZOOM_PER_POINT: f64 = 0.003;
/// Zoom to an event: its own length free on each side, so it takes the middle third of the view.
const ZOOM_TO_MARGIN: f64 = 1.0;
const ZOOM_TO_MIN_WIDTH_DAYS: f64 = 60.0;

/// What the view asks the app to do.
#[derive(Clone, Debug, PartialEq)]
pub enum ViewAction {
    Select(Option<u32>),
    ClearFilters,
}

/// The view's own state: the visible time window and what is selected or hovered.
pub struct LanesView {
    /// The window shown last frame; `None` until the first fit.
    pub window: Option<TimeWindow>,
    /// A window to move to at the next frame (fit all, zoom to event, keyboard stepping).
    pub pending_window: Option<TimeWindow>,
    pub selected: Option<u32>,
    pub hovered: Option<u32>,
    pub show_labels: bool,
    /// The layout drawn last frame, kept for hit-testing and tests.
    pub last_layout: LanesLayout,
    /// Screen rectangle of the time area last frame.
    pub last_plot_rect: Option<Rect>,
    /// Darken everything (presentation mode draws its card over the lanes).
    pub dimmed: bool,
    /// The lane the keyboard is in (Up/Down), for events shown in several lanes.
    pub keyboard_lane: Option<usize>,
    last_geometry: Option<LaneGeometry>,
}

impl Default for LanesView {
    fn default() -> Self {
        LanesView {
            window: None,
            pending_window: None,
            selected: None,
            hovered: None,
            show_labels: true,
            last_layout: LanesLayout::default(),
            last_plot_rect: None,
            dimmed: false,
            keyboard_lane: None,
            last_geometry: None,
        }
    }
}

/// The zoom factor for one frame's input: wheel up (positive `scroll_y` points) and pinch out
/// (`pinch` above 1) zoom in, giving a factor below 1 for [`TimeWindow::zoomed_around`].
fn wheel_zoom_factor(scroll_y: f32, pinch: f32) -> f64 {
    (-f64::from(scroll_y) * WHEEL_ZOOM_PER_POINT).exp() / f64::from(pinch)
}

/// Truncates long titles so one label cannot cover the whole view.
pub fn short_title(title: &str) -> Cow<'_, str> {
    if title.chars().count() > MAX_LABEL_CHARS {
        let mut short: String = title.chars().take(MAX_LABEL_CHARS - 1).collect();
        short.push('…');
        Cow::Owned(short)
    } else {
        Cow::Borrowed(title)
    }
}

/// Characters of [`short_title`], without building it (layout measures every placed title).
fn short_title_chars(title: &str) -> usize {
    title
        .chars()
        .take(MAX_LABEL_CHARS + 1)
        .count()
        .min(MAX_LABEL_CHARS)
}

pub fn color_from_rgb(rgb: u32) -> Color32 {
    Color32::from_rgb((rgb >> 16) as u8, (rgb >> 8) as u8, rgb as u8)
}

impl LanesView {
    pub fn with_labels(show_labels: bool) -> Self {
        LanesView {
            show_labels,
            ..LanesView::default()
        }
    }

    /// The window that shows every visible event.
    pub fn fit_all_window(document: &Document) -> TimeWindow {
        document.scene.fit_window()
    }

    pub fn fit_all(&mut self, document: &Document) {
        self.pending_window = Some(Self::fit_all_window(document));
    }

    /// After a filter change: a selected event the filter hides is deselected, and when no
    /// matching event is left in the window, the view fits the matching events (rather than
    /// leave the reader looking at empty lanes, wondering whether the filter found anything).
    pub fn follow_filter(&mut self, document: &Document) {
        let scene = &document.scene;
        if self.selected.is_some_and(|event| !scene.is_visible(event)) {
            self.selected = None;
        }
        let shown = self.pending_window.or(self.window);
        if scene.visible_count() > 0
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

    pub fn ui(&mut self, ui: &mut egui::Ui, document: &Document) -> Option<ViewAction> {
        let mut action = None;
        let lane_count = document.scene.lanes().len().max(1);
        let window_now = self
            .pending_window
            .take()
            .or(self.window)
            .unwrap_or_else(|| Self::fit_all_window(document));
        // Lane labels are real widgets in a column left of the plot (readable by screen readers
        // and tests), aligned with the lanes after the plot has placed its frame.
        let full = ui.available_rect_before_wrap();
        let label_column =
            Rect::from_x_y_ranges(full.left()..=full.left() + LANE_LABEL_WIDTH, full.y_range());
        let plot_area = Rect::from_x_y_ranges(
            full.left() + LANE_LABEL_WIDTH..=full.right(),
            full.y_range(),
        );
        let plot_width = f64::from(ui.available_width() - LANE_LABEL_WIDTH).max(100.0);

        let plot = Plot::new("lanes")
            .allow_zoom(false)
            .allow_scroll(false)
            .allow_boxed_zoom(false)
            .allow_double_click_reset(false)
            .allow_drag([true, false])
            .show_grid([true, false])
            .show_x(false)
            .show_y(false)
            .set_margin_fraction(Vec2::ZERO)
            .show_axes([true, false])
            .x_grid_spacer(move |input: GridInput| {
                let window = TimeWindow::new(input.bounds.0, input.bounds.1);
                let step = choose_step(window, plot_width, AXIS_CHAR_PX);
                ticks(window, step)
                    .into_iter()
                    .map(|t| GridMark {
                        value: t.day,
                        step_size: step.approx_days(),
                    })
                    .collect()
            })
            .x_axis_formatter(|mark, _range| {
                tick_label(mark.value, TickStep::from_approx_days(mark.step_size))
            });

        // egui turns Shift+wheel into a horizontal scroll, so `scroll.x` covers both.
        let (scroll_y, scroll_x, pinch) = ui.ctx().input(|i| {
            let scroll = i.smooth_scroll_delta;
            (scroll.y, scroll.x, i.zoom_delta())
        });
        let mut plot_ui_scope = ui.new_child(egui::UiBuilder::new().max_rect(plot_area));
        let response = plot.show(&mut plot_ui_scope, |plot_ui| {
            let mut window = window_now;
            if plot_ui.response().hovered() {
                // Vertical wheel (and pinch) zooms time around the pointer; horizontal wheel
                // (or Shift+wheel) pans it.
                let factor = wheel_zoom_factor(scroll_y, pinch);
                if (factor - 1.0).abs() > 1e-6 {
                    let anchor_day = plot_ui
                        .pointer_coordinate()
                        .map_or(window.center_day(), |p| p.x);
                    window = window.zoomed_around(anchor_day, factor);
                }
                if scroll_x != 0.0 {
                    window = TimeToScreen::new(window, 0.0, plot_width)
                        .panned_by_px(f64::from(scroll_x));
                }
            }
            let window = window.clamped();
            plot_ui.set_plot_bounds(PlotBounds::from_min_max(
                [window.start_day, -(lane_count as f64)],
                [window.end_day, 0.0],
            ));
        });

        let transform = response.transform;
        let bounds = transform.bounds();
        let window = TimeWindow::new(bounds.min()[0], bounds.max()[0]);
        self.window = Some(window);
        let frame = *transform.frame();
        self.last_plot_rect = Some(frame);
        ui.advance_cursor_after_rect(full);

        let lane_height = frame.height() / lane_count as f32;
        let rows_per_lane = ((lane_height / 17.0).floor() as usize).clamp(1, 4);
        let row_height = lane_height / rows_per_lane as f32;
        let marker_radius = marker_radius_for_row(row_height);
        let params = LayoutParams {
            window,
            left_px: f64::from(frame.left()),
            width_px: f64::from(frame.width()),
            rows_per_lane,
            marker_radius_px: f64::from(marker_radius),
            show_labels: self.show_labels,
            ..LayoutParams::default()
        };
        let measure = |title: &str| short_title_chars(title) as f64 * LABEL_CHAR_PX;
        let layout = layout_lanes(
            document.scene.timeline(),
            document.scene.lane_events(),
            &params,
            &measure,
        );

        let geometry = LaneGeometry {
            frame,
            lane_height,
            row_height,
            rows_per_lane,
        };
        let painter = ui.painter().with_clip_rect(frame);
        let dark = ui.visuals().dark_mode;
        // With hundreds of lanes a label would be a smear: lanes too thin for text go unlabelled
        // (the tooltip still names each event's people and cartels).
        let labelled = lane_height >= 11.0;
        for (index, lane) in document
            .scene
            .lanes()
            .iter()
            .enumerate()
            .filter(|_| labelled)
        {
            let top = frame.top() + index as f32 * lane_height;
            let rect = Rect::from_x_y_ranges(
                label_column.left()..=label_column.right() - 8.0,
                top..=top + lane_height,
            );
            let color =
                color_from_rgb(super::theme::palette(ui.ctx()).lane_text_rgb(lane.color_rgb));
            ui.scope_builder(
                egui::UiBuilder::new()
                    .max_rect(rect)
                    .layout(egui::Layout::right_to_left(egui::Align::Center)),
                |ui| {
                    ui.add(
                        egui::Label::new(RichText::new(&lane.label).color(color).strong())
                            .truncate(),
                    )
                },
            );
        }
        self.paint_eras(&painter, document, &params, &geometry, dark);
        self.paint_lanes(&painter, document, &geometry, dark);
        if self.dimmed {
            // Presenting: everything but the current event recedes behind the caption card.
            painter.rect_filled(
                frame,
                0.0,
                Color32::from_black_alpha(if dark { 150 } else { 110 }),
            );
        }
        self.paint_events(&painter, document, &layout, &geometry, marker_radius, dark);

        // Hover and click, with the same layout that was painted.
        let plot_response = &response.response;
        self.hovered = None;
        if let Some(pointer) = plot_response.hover_pos()
            && let Some((lane, row)) = geometry.lane_row_at(pointer.y)
        {
            let hit = hit_test(
                &layout,
                f64::from(pointer.x),
                lane,
                Some(row),
                f64::from(marker_radius) + 3.0,
            )
            .or_else(|| {
                hit_test(
                    &layout,
                    f64::from(pointer.x),
                    lane,
                    None,
                    f64::from(marker_radius) + 3.0,
                )
            });
            self.hovered = hit.map(|p| p.event);
        }
        if let Some(hovered) = self.hovered {
            plot_response
                .clone()
                .on_hover_ui_at_pointer(|ui| event_tooltip_ui(ui, document, hovered));
        }
        if plot_response.double_clicked() {
            match self.hovered {
                Some(event) => {
                    action = Some(ViewAction::Select(Some(event)));
                    self.zoom_to(document, event);
                }
                None => self.fit_all(document),
            }
        } else if plot_response.clicked() {
            action = Some(ViewAction::Select(self.hovered));
        }

        // Lanes kept on screen with nothing visible hold compare mode's ghosts: nothing to clear.
        if document.scene.visible_count() == 0
            && document.scene.lanes().is_empty()
            && !document.scene.timeline().events.is_empty()
        {
            let center = frame.center();
            let card = Rect::from_center_size(center, egui::vec2(280.0, 70.0));
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
        self.last_geometry = Some(geometry);
        let selected_at = self.selected.and_then(|e| self.marker_screen_position(e));
        accessibility::lanes_nodes_ui(ui, frame, document, self.selected, selected_at);
        action
    }

    fn paint_eras(
        &self,
        painter: &egui::Painter,
        document: &Document,
        params: &LayoutParams,
        geometry: &LaneGeometry,
        dark: bool,
    ) {
        let map = params.time_to_screen();
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
        for (index, era) in document.scene.timeline().eras.iter().enumerate() {
            let x0 = map.x_from_day(era.start.first_day() as f64) as f32;
            let x1 = map.x_from_day(era.end.last_day() as f64 + 1.0) as f32;
            if x1 < geometry.frame.left() || x0 > geometry.frame.right() {
                continue;
            }
            let band = Rect::from_x_y_ranges(x0..=x1, geometry.frame.y_range());
            painter.rect_filled(band, 0.0, fills[index % 2]);
            // Alternate title heights so titles of adjacent eras do not collide.
            let title_y = geometry.frame.bottom() - 4.0 - (index % 2) as f32 * 14.0;
            let title_x = x0.max(geometry.frame.left()) + 4.0;
            let galley =
                painter.layout_no_wrap(era.title.clone(), FontId::proportional(11.0), text_color);
            if galley.size().x < (x1 - title_x).max(0.0) {
                painter.galley(
                    Pos2::new(title_x, title_y - galley.size().y),
                    galley,
                    text_color,
                );
            }
        }
    }

    fn paint_lanes(
        &self,
        painter: &egui::Painter,
        document: &Document,
        geometry: &LaneGeometry,
        dark: bool,
    ) {
        let separator = if dark {
            Color32::from_gray(60)
        } else {
            Color32::from_gray(215)
        };
        let palette = super::theme::palette(painter.ctx());
        for (index, lane) in document.scene.lanes().iter().enumerate() {
            let top = geometry.frame.top() + index as f32 * geometry.lane_height;
            let color = color_from_rgb(palette.marker_rgb(lane.color_rgb));
            let strip = Rect::from_min_size(
                Pos2::new(geometry.frame.left(), top),
                egui::vec2(4.0, geometry.lane_height),
            );
            painter.rect_filled(strip.shrink2(egui::vec2(0.0, 2.0)), 1.0, color);
            if index > 0 {
                painter.hline(geometry.frame.x_range(), top, Stroke::new(1.0, separator));
            }
        }
    }

    fn paint_events(
        &self,
        painter: &egui::Painter,
        document: &Document,
        layout: &LanesLayout,
        geometry: &LaneGeometry,
        radius: f32,
        dark: bool,
    ) {
        let text_color = if dark {
            Color32::from_gray(225)
        } else {
            Color32::from_gray(30)
        };
        let highlight = if dark { Color32::WHITE } else { Color32::BLACK };
        let palette = super::theme::palette(painter.ctx());
        // Shapes are batched into meshes, cut only where a title has to go between them.
        let mut batch = ShapeBatch::new(painter);
        for column in &layout.density {
            let Some(lane) = document.scene.lanes().get(column.lane as usize) else {
                continue;
            };
            let top = geometry.frame.top() + column.lane as f32 * geometry.lane_height;
            let fraction = ((column.count as f32).ln_1p() / 6.0).clamp(0.1, 1.0);
            let height = (geometry.lane_height - 6.0) * fraction;
            let bottom = top + geometry.lane_height - 3.0;
            batch.rect_filled(
                Rect::from_x_y_ranges(
                    column.x0 as f32..=column.x1 as f32,
                    (bottom - height)..=bottom,
                ),
                0.0,
                color_from_rgb(palette.marker_rgb(lane.color_rgb)),
            );
        }
        for placed in &layout.placed {
            let (Some(event), Some(lane)) = (
                document.scene.timeline().events.get(placed.event as usize),
                document.scene.lanes().get(placed.lane as usize),
            ) else {
                continue;
            };
            let selected = self.selected == Some(placed.event);
            let faded = self.dimmed && !selected;
            let color = color_from_rgb(palette.marker_rgb(lane.color_rgb));
            let color = if faded {
                color.gamma_multiply(0.3)
            } else {
                color
            };
            let text_color = if faded {
                text_color.gamma_multiply(0.3)
            } else {
                text_color
            };
            let y = geometry.row_center_y(placed.lane, placed.row);
            let hovered = self.hovered == Some(placed.event);
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
            let center = Pos2::new(placed.x as f32, y);
            let shape = MarkerShape::of(event.kind);
            let r = if hovered || selected {
                radius * 1.3
            } else {
                radius
            };
            batch_marker(&mut batch, shape, center, r, color, placed.circa);
            if !event.disputed.is_empty() {
                // A small dot on the marker's upper right: a source disputes this event.
                let mark = center + egui::vec2(r * 0.85, -r * 0.85);
                batch.circle_filled(mark, (r * 0.45).max(2.0), DISPUTED_MARK);
            }
            if selected {
                batch.circle_stroke(center, r + 4.0, Stroke::new(2.0, highlight));
            }
            if let Some(label_x) = placed.label_x {
                // The title covers this event's shapes and is covered by the next events'.
                batch.flush(painter);
                painter.text(
                    Pos2::new(label_x as f32, y),
                    Align2::LEFT_CENTER,
                    short_title(&event.title),
                    FontId::proportional(LABEL_FONT_SIZE),
                    if selected { highlight } else { text_color },
                );
            }
        }
        batch.flush(painter);
    }
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

/// Where lanes and rows are on screen.
#[derive(Clone, Copy, Debug)]
struct LaneGeometry {
    frame: Rect,
    lane_height: f32,
    row_height: f32,
    rows_per_lane: usize,
}

impl LaneGeometry {
    fn row_center_y(&self, lane: u32, row: u32) -> f32 {
        let lane_top = self.frame.top() + lane as f32 * self.lane_height;
        // Rows are centred in the lane, so one row sits on the lane's middle.
        let used = self.row_height * self.rows_per_lane as f32;
        let offset = (self.lane_height - used) / 2.0;
        lane_top + offset + (row as f32 + 0.5) * self.row_height
    }

    fn lane_row_at(&self, y: f32) -> Option<(u32, u32)> {
        if y < self.frame.top() || y > self.frame.bottom() || self.lane_height <= 0.0 {
            return None;
        }
        let lane = ((y - self.frame.top()) / self.lane_height).floor();
        let lane_top = self.frame.top() + lane * self.lane_height;
        let used = self.row_height * self.rows_per_lane as f32;
        let offset = (self.lane_height - used) / 2.0;
        let row = ((y - lane_top - offset) / self.row_height)
            .floor()
            .clamp(0.0, self.rows_per_lane as f32 - 1.0);
        Some((lane as u32, row as u32))
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

/// A marker's radius in a row this high.
fn marker_radius_for_row(row_height: f32) -> f32 {
    (row_height * 0.28).clamp(3.0, 6.0)
}

impl LanesView {
    /// Centre y of a row of a lane as drawn last frame, and the markers' radius then (compare
    /// mode draws its marks over the lanes with them). A row past the lane's last is its last.
    pub fn row_center_and_radius(&self, lane: u32, row: u32) -> Option<(f32, f32)> {
        let geometry = self.last_geometry.as_ref()?;
        let last_row = geometry.rows_per_lane.saturating_sub(1) as u32;
        Some((
            geometry.row_center_y(lane, row.min(last_row)),
            marker_radius_for_row(geometry.row_height),
        ))
    }

    /// Sub-rows of every lane last frame.
    pub fn rows_per_lane(&self) -> u32 {
        self.last_geometry
            .as_ref()
            .map_or(1, |geometry| geometry.rows_per_lane as u32)
    }

    /// Where an event's marker was drawn last frame (its first lane), e.g. to click it.
    pub fn marker_screen_position(&self, event: u32) -> Option<Pos2> {
        let geometry = self.last_geometry.as_ref()?;
        let placed = self.last_layout.placed.iter().find(|p| p.event == event)?;
        Some(Pos2::new(
            placed.x as f32,
            geometry.row_center_y(placed.lane, placed.row),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn title_width_is_measured_on_the_shortened_title() {
        for title in ["", "Short", &"é".repeat(MAX_LABEL_CHARS), &"x".repeat(200)] {
            assert_eq!(short_title_chars(title), short_title(title).chars().count());
        }
    }
}
