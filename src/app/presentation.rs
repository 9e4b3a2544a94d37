//! Presentation mode: full screen, one event at a time on a caption card over the dimmed lanes,
//! stepping through the currently filtered events in date order with a short glide.

use egui::{Align2, Key, RichText};

use super::document::Document;
use super::lanes_view::LanesView;
use crate::date::format_period;
use crate::timescale::{TimeWindow, day_range_center};

/// How long one step's glide takes, in seconds.
const GLIDE_SECONDS: f64 = 0.45;

pub struct Presentation {
    /// Position in `document.scene.date_order()`.
    pub position: usize,
    saved_window: Option<TimeWindow>,
    saved_selection: Option<u32>,
    glide: Option<Glide>,
}

struct Glide {
    from: TimeWindow,
    to: TimeWindow,
    started: f64,
}

/// What a key press asks of the presentation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
    Next,
    Previous,
    First,
    Last,
    Leave,
}

/// Reads presentation keys; Right/Space/PageDown, Left/PageUp, Home/End, Esc.
pub fn step_from_keys(ctx: &egui::Context) -> Option<Step> {
    ctx.input(|i| {
        let pressed = |keys: &[Key]| keys.iter().any(|k| i.key_pressed(*k));
        if pressed(&[Key::Escape]) {
            Some(Step::Leave)
        } else if pressed(&[Key::ArrowRight, Key::Space, Key::PageDown]) {
            Some(Step::Next)
        } else if pressed(&[Key::ArrowLeft, Key::PageUp]) {
            Some(Step::Previous)
        } else if pressed(&[Key::Home]) {
            Some(Step::First)
        } else if pressed(&[Key::End]) {
            Some(Step::Last)
        } else {
            None
        }
    })
}

/// The window centred on an event, wide enough to show its neighbours in date order: the event
/// in the middle third, the farther neighbour at 80 % of the half-width, and at least two
/// months across.
pub fn window_for(document: &Document, position: usize) -> Option<TimeWindow> {
    let order = document.scene.date_order();
    let event = document
        .scene
        .timeline()
        .events
        .get(*order.get(position)? as usize)?;
    let (first, last) = event.day_range();
    let center = day_range_center(first, last);
    let neighbour_distance = |offset: isize| {
        let index = position.checked_add_signed(offset)?;
        let neighbour = document
            .scene
            .timeline()
            .events
            .get(*order.get(index)? as usize)?;
        let (n_first, n_last) = neighbour.day_range();
        Some((day_range_center(n_first, n_last) - center).abs())
    };
    let reach = [neighbour_distance(-1), neighbour_distance(1)]
        .into_iter()
        .flatten()
        .fold(0.0_f64, f64::max);
    let min_width_days = (reach * 2.5).max(60.0);
    Some(TimeWindow::around_days(first, last, 1.0, min_width_days))
}

impl Presentation {
    /// Starts at the selected event when it is visible, else at the first; `None` when no event
    /// is visible.
    pub fn enter(ctx: &egui::Context, document: &Document, view: &mut LanesView) -> Option<Self> {
        if document.scene.date_order().is_empty() {
            return None;
        }
        let position = view
            .selected
            .and_then(|s| document.scene.date_order().iter().position(|&e| e == s))
            .unwrap_or(0);
        let mut presentation = Presentation {
            position,
            saved_window: view.window,
            saved_selection: view.selected,
            glide: None,
        };
        ctx.send_viewport_cmd(egui::ViewportCommand::Fullscreen(true));
        presentation.go_to(ctx, document, view, position);
        Some(presentation)
    }

    /// Leaves full screen and puts back the view as it was before presenting.
    pub fn leave(self, ctx: &egui::Context, view: &mut LanesView) {
        ctx.send_viewport_cmd(egui::ViewportCommand::Fullscreen(false));
        view.pending_window = self.saved_window;
        view.selected = self.saved_selection;
        view.dimmed = false;
    }

    pub fn current_event(&self, document: &Document) -> Option<u32> {
        document.scene.date_order().get(self.position).copied()
    }

    pub fn step(
        &mut self,
        ctx: &egui::Context,
        document: &Document,
        view: &mut LanesView,
        step: Step,
    ) {
        let last = document.scene.date_order().len().saturating_sub(1);
        let target = match step {
            Step::Next => (self.position + 1).min(last),
            Step::Previous => self.position.saturating_sub(1),
            Step::First => 0,
            Step::Last => last,
            Step::Leave => return,
        };
        self.go_to(ctx, document, view, target);
    }

    fn go_to(
        &mut self,
        ctx: &egui::Context,
        document: &Document,
        view: &mut LanesView,
        position: usize,
    ) {
        self.position = position.min(document.scene.date_order().len().saturating_sub(1));
        view.selected = self.current_event(document);
        if let Some(to) = window_for(document, self.position) {
            // Reduced motion: the same window at once, no glide.
            let from = match view.window {
                Some(from) if !super::theme::motion_reduced(ctx) => from,
                _ => to,
            };
            self.glide = Some(Glide {
                from,
                to,
                started: ctx.input(|i| i.time),
            });
        }
    }

    /// Moves the view along the glide; call once per frame before the lanes are drawn.
    pub fn animate(&mut self, ctx: &egui::Context, view: &mut LanesView) {
        view.dimmed = true;
        let Some(glide) = &self.glide else { return };
        let t = ((ctx.input(|i| i.time) - glide.started) / GLIDE_SECONDS).clamp(0.0, 1.0);
        // Ease in and out so the motion starts and stops softly.
        let eased = t * t * (3.0 - 2.0 * t);
        view.pending_window = Some(glide.from.interpolated(glide.to, eased));
        if t >= 1.0 {
            self.glide = None;
        } else {
            ctx.request_repaint();
        }
    }

    /// The caption card with the current event, over the lanes.
    pub fn card_ui(&self, ctx: &egui::Context, document: &Document) {
        let Some(event) = self
            .current_event(document)
            .and_then(|e| document.scene.timeline().events.get(e as usize))
        else {
            return;
        };
        let total = document.scene.date_order().len();
        let screen = ctx.content_rect();
        egui::Area::new(egui::Id::unique("presentation_card"))
            .anchor(Align2::CENTER_BOTTOM, egui::vec2(0.0, -40.0))
            .order(egui::Order::Foreground)
            .show(ctx, |ui| {
                egui::Frame::popup(ui.style())
                    .inner_margin(24.0)
                    .show(ui, |ui| {
                        ui.set_width((screen.width() * 0.6).clamp(320.0, 1100.0));
                        ui.horizontal(|ui| {
                            ui.label(
                                RichText::new(format_period(event.date, event.end))
                                    .size(26.0)
                                    .strong(),
                            );
                            ui.with_layout(
                                egui::Layout::right_to_left(egui::Align::Center),
                                |ui| {
                                    ui.label(
                                        RichText::new(format!("{} / {total}", self.position + 1))
                                            .size(22.0),
                                    );
                                },
                            );
                        });
                        ui.label(RichText::new(&*event.title).size(34.0).strong());
                        if let Some(summary) = &event.summary {
                            ui.label(RichText::new(&**summary).size(22.0));
                        }
                        let people =
                            super::names_of_people(document.scene.timeline(), event.people());
                        if !people.is_empty() {
                            ui.label(
                                RichText::new(format!("People: {}", people.join(", "))).size(19.0),
                            );
                        }
                        let cartels =
                            super::names_of_cartels(document.scene.timeline(), event.cartels());
                        if !cartels.is_empty() {
                            ui.label(
                                RichText::new(format!("Cartels: {}", cartels.join(", ")))
                                    .size(19.0),
                            );
                        }
                        let sources: Vec<String> = event
                            .sources()
                            .iter()
                            .filter_map(|id| {
                                document
                                    .scene
                                    .timeline()
                                    .sources
                                    .iter()
                                    .find(|s| &s.id == id)
                            })
                            .map(|s| match &s.outlet {
                                Some(outlet) => format!("{outlet}: {}", s.title),
                                None => s.title.clone(),
                            })
                            .collect();
                        if !sources.is_empty() {
                            ui.add_space(6.0);
                            ui.label(
                                RichText::new(format!("Sources: {}", sources.join(" · ")))
                                    .size(16.0)
                                    .weak(),
                            );
                        }
                        ui.add_space(4.0);
                        ui.label(
                            RichText::new("→ / Space next · ← back · Home / End · Esc leaves")
                                .size(13.0)
                                .weak(),
                        );
                    });
            });
    }
}
