//! Presentation mode: full screen, one step at a time on a caption card over the dimmed lanes,
//! with a short glide between steps. The steps are the currently filtered events in date order,
//! or a story of the file (see [`crate::model::Story`]): its events with the teller's notes, and
//! titled notes over a stretch of time.

use egui::{Align2, Key, RichText};

use super::document::Document;
use super::lanes_view::LanesView;
use crate::date::{DateRange, format_period};
use crate::model::Step as StoryStep;
use crate::timescale::{TimeWindow, day_range_center};

/// How long one step's glide takes, in seconds.
const GLIDE_SECONDS: f64 = 0.45;

pub struct Presentation {
    /// Position in the steps: in `document.scene.date_order()`, or in the story's steps.
    pub position: usize,
    /// The story presented (an index in the timeline's `stories`); `None`: the visible events in
    /// date order.
    pub story: Option<usize>,
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

/// What one step of a presentation shows.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Shown<'d> {
    /// An event (its index in the timeline), with the story's note for it.
    Event { event: u32, note: Option<&'d str> },
    /// A story's titled note, with the view on `window` when it has one.
    Note {
        title: &'d str,
        note: Option<&'d str>,
        window: Option<DateRange>,
    },
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

/// The window of step `position` of `presentation`: a note's own window (or none: the view
/// stays), or one centred on the event, wide enough to show the events of the steps before and
/// after it: the event in the middle third, the farther neighbour at 80 % of the half-width, and
/// at least two months across.
pub fn window_for(
    presentation: &Presentation,
    document: &Document,
    position: usize,
) -> Option<TimeWindow> {
    let day_range_at = |position: usize| match presentation.shown(document, position)? {
        Shown::Event { event, .. } => document
            .scene
            .timeline()
            .events
            .get(event as usize)
            .map(|e| e.day_range()),
        Shown::Note { .. } => None,
    };
    let (first, last) = match presentation.shown(document, position)? {
        Shown::Note { window, .. } => return window.map(TimeWindow::of_range),
        Shown::Event { .. } => day_range_at(position)?,
    };
    let center = day_range_center(first, last);
    let neighbour_distance = |offset: isize| {
        let (n_first, n_last) = day_range_at(position.checked_add_signed(offset)?)?;
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
    /// Presents `story` (an index in the timeline's stories) from its first step, or (`None`)
    /// the visible events from the selected one when it is visible, else from the first. `None`
    /// when there is nothing to present.
    pub fn enter(
        ctx: &egui::Context,
        document: &Document,
        view: &mut LanesView,
        story: Option<usize>,
    ) -> Option<Self> {
        let position = match story {
            Some(_) => 0,
            None => view
                .selected
                .and_then(|s| document.scene.date_order().iter().position(|&e| e == s))
                .unwrap_or(0),
        };
        let mut presentation = Presentation {
            position,
            story,
            saved_window: view.window,
            saved_selection: view.selected,
            glide: None,
        };
        if presentation.step_count(document) == 0 {
            return None;
        }
        ctx.send_viewport_cmd(egui::ViewportCommand::Fullscreen(true));
        presentation.go_to(ctx, document, view, position);
        Some(presentation)
    }

    /// How many steps there are.
    pub fn step_count(&self, document: &Document) -> usize {
        match self.story {
            Some(story) => document
                .scene
                .timeline()
                .stories
                .get(story)
                .map_or(0, |s| s.steps.len()),
            None => document.scene.date_order().len(),
        }
    }

    /// What step `position` shows; `None` past the end, or for a story step whose event is no
    /// longer in the file (after a reload).
    pub fn shown<'d>(&self, document: &'d Document, position: usize) -> Option<Shown<'d>> {
        let Some(story) = self.story else {
            let event = *document.scene.date_order().get(position)?;
            return Some(Shown::Event { event, note: None });
        };
        let story = document.scene.timeline().stories.get(story)?;
        match story.steps.get(position)? {
            StoryStep::Event { event, note } => Some(Shown::Event {
                event: document.scene.event_by_id(event)?,
                note: note.as_deref(),
            }),
            StoryStep::Note {
                title,
                note,
                window,
            } => Some(Shown::Note {
                title,
                note: note.as_deref(),
                window: *window,
            }),
        }
    }

    /// Leaves full screen and puts back the view as it was before presenting.
    pub fn leave(self, ctx: &egui::Context, view: &mut LanesView) {
        ctx.send_viewport_cmd(egui::ViewportCommand::Fullscreen(false));
        view.pending_window = self.saved_window;
        view.selected = self.saved_selection;
        view.dimmed = false;
    }

    /// The event of the current step; `None` on a note step.
    pub fn current_event(&self, document: &Document) -> Option<u32> {
        match self.shown(document, self.position)? {
            Shown::Event { event, .. } => Some(event),
            Shown::Note { .. } => None,
        }
    }

    pub fn step(
        &mut self,
        ctx: &egui::Context,
        document: &Document,
        view: &mut LanesView,
        step: Step,
    ) {
        let last = self.step_count(document).saturating_sub(1);
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
        self.position = position.min(self.step_count(document).saturating_sub(1));
        view.selected = self.current_event(document);
        if let Some(to) = window_for(self, document, self.position) {
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

    /// The caption card with the current step, over the lanes: the story's note above the event
    /// (its date, title and summary), or a note step's title and note; progress as "3 / 12".
    pub fn card_ui(&self, ctx: &egui::Context, document: &Document) {
        let Some(shown) = self.shown(document, self.position) else {
            return;
        };
        let total = self.step_count(document);
        let screen = ctx.content_rect();
        egui::Area::new(egui::Id::unique("presentation_card"))
            .anchor(Align2::CENTER_BOTTOM, egui::vec2(0.0, -40.0))
            .order(egui::Order::Foreground)
            .show(ctx, |ui| {
                egui::Frame::popup(ui.style())
                    .inner_margin(24.0)
                    .show(ui, |ui| {
                        ui.set_width((screen.width() * 0.6).clamp(320.0, 1100.0));
                        let story = self
                            .story
                            .and_then(|s| document.scene.timeline().stories.get(s));
                        let heading = match shown {
                            Shown::Event { event, .. } => document
                                .scene
                                .timeline()
                                .events
                                .get(event as usize)
                                .map(|e| format_period(e.date, e.end))
                                .unwrap_or_default(),
                            Shown::Note { window, .. } => window
                                .map(|w| format_period(w.from, Some(w.to)))
                                .unwrap_or_default(),
                        };
                        ui.horizontal(|ui| {
                            ui.label(RichText::new(heading).size(26.0).strong());
                            ui.with_layout(
                                egui::Layout::right_to_left(egui::Align::Center),
                                |ui| {
                                    ui.label(
                                        RichText::new(format!("{} / {total}", self.position + 1))
                                            .size(22.0),
                                    );
                                    if let Some(story) = story {
                                        ui.label(RichText::new(&story.title).size(18.0).weak());
                                    }
                                },
                            );
                        });
                        let (event, note) = match shown {
                            Shown::Event { event, note } => (event, note),
                            Shown::Note { title, note, .. } => {
                                ui.label(RichText::new(title).size(34.0).strong());
                                if let Some(note) = note {
                                    ui.label(RichText::new(note).size(24.0));
                                }
                                keys_hint(ui);
                                return;
                            }
                        };
                        let Some(event) = document.scene.timeline().events.get(event as usize)
                        else {
                            return;
                        };
                        if let Some(note) = note {
                            ui.label(RichText::new(note).size(24.0).italics());
                            ui.add_space(6.0);
                        }
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
                        keys_hint(ui);
                    });
            });
    }
}

fn keys_hint(ui: &mut egui::Ui) {
    ui.add_space(4.0);
    ui.label(
        RichText::new("→ / Space next · ← back · Home / End · Esc leaves")
            .size(13.0)
            .weak(),
    );
}

/// The chooser Present opens when the file has stories: "All visible events (date order)" or
/// one of the stories. Returns the choice once made: `Some(None)` for all visible events,
/// `Some(Some(index))` for a story. Clears `open` when closed (Esc or the close button).
/// Keyboard: Tab / arrows move between the choices (the first has focus on opening), Enter or
/// Space picks.
pub fn chooser_ui(
    ctx: &egui::Context,
    document: &Document,
    open: &mut bool,
) -> Option<Option<usize>> {
    let mut choice = None;
    let mut still_open = *open;
    egui::Window::new("Present")
        .collapsible(false)
        .resizable(false)
        .anchor(Align2::CENTER_CENTER, egui::Vec2::ZERO)
        .open(&mut still_open)
        .show(ctx, |ui| {
            ui.label("What to present:");
            let all = ui.button("All visible events (date order)");
            if !ctx.memory(|m| m.focused().is_some()) {
                all.request_focus();
            }
            if all.clicked() {
                choice = Some(None);
            }
            for (index, story) in document.scene.timeline().stories.iter().enumerate() {
                let label = format!("{} ({} steps)", story.title, story.steps.len());
                if ui.button(label).clicked() {
                    choice = Some(Some(index));
                }
            }
        });
    if ctx.input(|i| i.key_pressed(Key::Escape)) || choice.is_some() {
        still_open = false;
    }
    *open = still_open;
    choice
}
