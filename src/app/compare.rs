//! Compare mode in the app (File > Compare with…, `chronolanes NEW --compare OLD`): the open
//! timeline shown against an older version of it.
//!
//! [`CompareMode`] owns the old file (loaded off the UI thread and watched like the open one),
//! the [`Comparison`] and the Changes choice; what to mark where is decided by the pure
//! [`crate::compare`], and this module only draws it: the Changes section of the left panel,
//! the changed fields above the details, and over the lanes a "+" on added events, a "Δ" on
//! changed ones with a faint marker at a moved event's old date joined to its new one, and the
//! ghosts of removed events (dashed outlines where they were, clickable).

use std::path::{Path, PathBuf};
use std::sync::Arc;

use egui::{Align2, Color32, FontId, Pos2, Rect, RichText, Sense, Shape, Stroke, Vec2};

use super::Command;
use super::document::{Document, Origin};
use super::lanes_view::{LanesView, color_from_rgb};
use super::loader::{BackgroundLoad, Purpose};
use super::watch::FileWatcher;
use crate::compare::{ChangeSet, CompareMark, Comparison, Ghost, lanes_of_ghosts};
use crate::date::format_period;
use crate::diff::{Change, EventChange};
use crate::export::diff_report::one_value;
use crate::filter::Filter;
use crate::lanes::Grouping;
use crate::layout::LanesLayout;
use crate::scene::Scene;
use crate::timescale::TimeToScreen;

/// Removed events listed by title in the Changes section; more are summed up.
const MAX_REMOVED_LISTED: usize = 200;

/// Radius of the disc of a "+", "−" or "Δ" badge.
const BADGE_RADIUS: f32 = 6.5;

/// The colours of the three kinds of change, readable on light and dark backgrounds.
fn change_color(change: Change, dark: bool) -> Color32 {
    match (change, dark) {
        (Change::Added, false) => Color32::from_rgb(20, 140, 50),
        (Change::Added, true) => Color32::from_rgb(90, 210, 110),
        (Change::Removed, false) => Color32::from_rgb(200, 40, 40),
        (Change::Removed, true) => Color32::from_rgb(255, 110, 100),
        (Change::Changed, false) => Color32::from_rgb(190, 110, 0),
        (Change::Changed, true) => Color32::from_rgb(255, 185, 60),
    }
}

/// The sign drawn on a marker and beside each choice of the Changes section.
fn change_sign(change: Change) -> &'static str {
    match change {
        Change::Added => "+",
        Change::Removed => "−",
        Change::Changed => "Δ",
    }
}

/// What a load or reload of the old file brought, for the app to act on.
pub enum Polled {
    /// A new comparison: apply it to the scene.
    Compared,
    /// The old file could not be loaded: the message for the banner, and the file's name and
    /// diagnostics for the diagnostics window.
    Failed {
        message: String,
        file_name: String,
        diagnostics: Vec<crate::diagnostic::Diagnostic>,
    },
}

/// The app's state while comparing.
pub struct CompareMode {
    /// The old version's file.
    pub old_path: PathBuf,
    /// `None` until the old file first loads.
    comparison: Option<Comparison>,
    loading: Option<BackgroundLoad>,
    watcher: Option<FileWatcher>,
    /// The Changes choice: nothing chosen shows everything.
    pub shown: ChangeSet,
    /// The removed event selected (an index into the old timeline): the details panel shows it.
    pub selected_ghost: Option<u32>,
    /// Why the last load of the old file failed (the comparison is then the last good one).
    pub problem: Option<String>,
    /// The message the app put in its banner for that failure, to take it down again.
    pub problem_shown: Option<String>,
    /// The ghosts shown, and where: (ghost, lane on screen), recomputed by [`Self::apply`].
    ghosts: Vec<Ghost>,
    ghost_lanes: Vec<(usize, u32)>,
}

impl CompareMode {
    /// Starts loading and watching `old_path`; the comparison comes when it is loaded.
    pub fn start(ctx: &egui::Context, old_path: &Path) -> CompareMode {
        let watcher = {
            let ctx = ctx.clone();
            FileWatcher::new(old_path, move || ctx.request_repaint()).ok()
        };
        let mut mode = CompareMode {
            old_path: old_path.to_path_buf(),
            comparison: None,
            loading: None,
            watcher,
            shown: ChangeSet::default(),
            selected_ghost: None,
            problem: None,
            problem_shown: None,
            ghosts: Vec::new(),
            ghost_lanes: Vec::new(),
        };
        mode.load(ctx, Purpose::Open { at_startup: false });
        mode
    }

    fn load(&mut self, ctx: &egui::Context, purpose: Purpose) {
        if let Some(previous) = self.loading.take() {
            previous.cancel();
        }
        let wake = ctx.clone();
        // The old file is read, checked and indexed like any other (RON or TimelineJS); only its
        // timeline is kept.
        self.loading = Some(BackgroundLoad::spawn(
            &self.old_path,
            purpose,
            Grouping::Kind,
            Filter::default(),
            move || wake.request_repaint(),
        ));
    }

    /// True while the old file is being loaded.
    pub fn is_loading(&self) -> bool {
        self.loading.is_some()
    }

    /// The comparison, once the old file is loaded.
    pub fn comparison(&self) -> Option<&Comparison> {
        self.comparison.as_ref()
    }

    /// The old file's name, for messages.
    pub fn old_name(&self) -> String {
        self.old_path.file_name().map_or_else(
            || self.old_path.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        )
    }

    /// Reloads the old file when it changed on disk, and takes a finished load. Call every frame.
    pub fn poll(&mut self, ctx: &egui::Context, new: &Scene) -> Option<Polled> {
        if let Some(watcher) = &mut self.watcher {
            let (changed, again_in) = watcher.poll();
            if changed {
                self.load(ctx, Purpose::Reload);
            }
            if let Some(delay) = again_in {
                ctx.request_repaint_after(delay);
            }
        }
        let loading = self.loading.as_ref()?;
        let Some(loaded) = loading.poll() else {
            ctx.request_repaint_after(std::time::Duration::from_millis(50));
            return None;
        };
        self.loading = None;
        match loaded.document {
            Some(document) => {
                let old = Arc::clone(document.scene.shared_timeline());
                self.comparison = Some(Comparison::new(old, new.timeline()));
                self.problem = None;
                Some(Polled::Compared)
            }
            None => {
                let outcome = loaded.outcome;
                let file_name = Origin::File(self.old_path.clone()).file_name();
                let first = outcome
                    .first_error()
                    .map(|d| d.one_line(&file_name))
                    .unwrap_or_else(|| format!("{}: could not be loaded", self.old_path.display()));
                let message = if self.comparison.is_some() {
                    format!("{first} — comparing with its last good version")
                } else {
                    format!("{first} — nothing to compare with")
                };
                self.problem = Some(message.clone());
                Some(Polled::Failed {
                    message,
                    file_name,
                    diagnostics: outcome.diagnostics,
                })
            }
        }
    }

    /// Compares again, with the new timeline of a reload or another file.
    pub fn recompute(&mut self, new: &Scene) {
        if let Some(comparison) = &mut self.comparison {
            let old = Arc::clone(comparison.shared_old_timeline());
            *comparison = Comparison::new(old, new.timeline());
        }
        self.selected_ghost = self.selected_ghost.filter(|&old| {
            self.comparison
                .as_ref()
                .is_some_and(|c| c.removed_change(old).is_some())
        });
    }

    /// Shows in `scene` what the Changes choice and `filter` leave: the events, and the lanes
    /// the ghosts need. Call when the comparison, the choice, the filter or the grouping change.
    pub fn apply(&mut self, scene: &mut Scene, filter: &Filter) {
        let Some(comparison) = &self.comparison else {
            return;
        };
        scene.set_only_events(comparison.only_events(self.shown, scene.timeline().events.len()));
        self.ghosts = comparison.ghosts(self.shown, filter, scene.timeline(), scene.grouping());
        scene.set_required_lanes(lanes_of_ghosts(&self.ghosts));
        let lane_of_key: std::collections::HashMap<&crate::lanes::LaneKey, u32> = scene
            .lanes()
            .iter()
            .enumerate()
            .map(|(position, lane)| (&lane.key, position as u32))
            .collect();
        self.ghost_lanes = self
            .ghosts
            .iter()
            .enumerate()
            .flat_map(|(ghost, g)| {
                g.lanes
                    .iter()
                    .filter_map(|lane| {
                        lane_of_key
                            .get(&lane.key)
                            .map(|&position| (ghost, position))
                    })
                    .collect::<Vec<_>>()
            })
            .collect();
    }

    /// Takes the restriction and the ghosts' lanes out of `scene` (leaving compare mode).
    pub fn leave(self, scene: &mut Scene) {
        scene.set_only_events(None);
        scene.set_required_lanes(Vec::new());
    }

    /// The Changes section at the top of the left panel: the counts, the choice, the removed
    /// events to pick from.
    pub fn changes_ui(&self, ui: &mut egui::Ui) -> Vec<Command> {
        let mut commands = Vec::new();
        let dark = ui.visuals().dark_mode;
        ui.horizontal(|ui| {
            ui.heading("Changes");
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                if ui
                    .button("Stop comparing")
                    .on_hover_text("Back to the normal view (Esc)")
                    .clicked()
                {
                    commands.push(Command::StopComparing);
                }
            });
        });
        ui.label(format!("Since {}", self.old_name()))
            .on_hover_text(self.old_path.display().to_string());
        if let Some(problem) = &self.problem {
            ui.label(RichText::new(problem).color(ui.visuals().error_fg_color));
        }
        let Some(comparison) = &self.comparison else {
            if self.loading.is_some() {
                ui.horizontal(|ui| {
                    ui.spinner();
                    ui.label(format!("Loading {}…", self.old_name()));
                });
            }
            return commands;
        };
        let counts = comparison.counts();
        if counts.total() == 0 {
            ui.weak("No event differs.");
        }
        for (change, count) in [
            (Change::Added, counts.added),
            (Change::Removed, counts.removed),
            (Change::Changed, counts.changed),
        ] {
            let mut checked = self.shown.shows(change) && !self.shown.is_everything();
            ui.horizontal(|ui| {
                ui.add_sized(
                    [12.0, 12.0],
                    egui::Label::new(
                        RichText::new(change_sign(change))
                            .strong()
                            .color(change_color(change, dark)),
                    ),
                );
                let label = format!("{} ({count})", capitalized(change.name()));
                if ui
                    .add_enabled(count > 0, egui::Checkbox::new(&mut checked, label))
                    .changed()
                {
                    let mut shown = self.shown;
                    *shown.get_mut(change) = checked;
                    commands.push(Command::ShowChanges(shown));
                }
            });
        }
        let entities = comparison.diff().entity_counts().total();
        if entities > 0 {
            ui.weak(format!(
                "And {entities} change(s) to the title, eras, people, cartels or sources: \
                 `chronolanes diff` lists them."
            ));
        }
        if counts.removed > 0 {
            ui.add_space(4.0);
            ui.label(RichText::new("Removed events").strong());
            // Listed always (a collapsed list hides what the user came for); long lists scroll.
            egui::ScrollArea::vertical()
                .id_salt("removed_events")
                .max_height(150.0)
                .show(ui, |ui| {
                    for change in comparison.removed_changes().take(MAX_REMOVED_LISTED) {
                        let Some(old_event) = change.old_event else {
                            continue;
                        };
                        let selected = self.selected_ghost == Some(old_event as u32);
                        let text = format!("{} ({})", change.title, change.date.to_file_syntax());
                        if ui
                            .selectable_label(selected, text)
                            .on_hover_text("Show this removed event")
                            .clicked()
                        {
                            commands.push(Command::SelectRemoved(Some(old_event as u32)));
                        }
                    }
                    if counts.removed > MAX_REMOVED_LISTED {
                        ui.weak(format!(
                            "… and {} more (`chronolanes diff` lists them all)",
                            counts.removed - MAX_REMOVED_LISTED
                        ));
                    }
                });
        }
        commands
    }

    /// Above the details: how the selected event changed, field by field, old → new. A removed
    /// event (selected among the ghosts) is shown whole, from the old timeline; then this
    /// returns true and the usual details are not drawn.
    pub fn details_ui(&self, ui: &mut egui::Ui, selected: Option<u32>) -> bool {
        let Some(comparison) = &self.comparison else {
            return false;
        };
        let dark = ui.visuals().dark_mode;
        if let Some(old_event) = self.selected_ghost {
            removed_event_ui(ui, comparison, old_event, &self.old_name(), dark);
            return true;
        }
        let Some(change) = selected.and_then(|event| comparison.change_of_new(event)) else {
            return false;
        };
        changed_fields_ui(ui, change, &self.old_name(), dark);
        false
    }

    /// Draws the marks over the lanes drawn last by `view`; returns the removed event whose
    /// ghost was clicked.
    pub fn paint_overlay(
        &self,
        ui: &mut egui::Ui,
        view: &LanesView,
        document: &Document,
    ) -> Option<u32> {
        let comparison = self.comparison.as_ref()?;
        let (frame, window) = (view.last_plot_rect?, view.window?);
        let map = TimeToScreen::new(window, f64::from(frame.left()), f64::from(frame.width()));
        let painter = ui.painter().with_clip_rect(frame);
        let dark = ui.visuals().dark_mode;
        let timeline = document.scene.timeline();
        let background = ui.visuals().panel_fill;
        for placed in &view.last_layout.placed {
            let Some(mark) = comparison.mark_of(timeline, placed.event) else {
                continue;
            };
            // A clustered event's mark goes on its cluster's badge: the cluster holds a change.
            let (x, row) = placed
                .cluster
                .and_then(|cluster| view.last_layout.clusters.get(cluster as usize))
                .map_or((placed.x, placed.row), |cluster| (cluster.x, cluster.row));
            let Some((y, radius)) = view.row_center_and_radius(placed.lane, row) else {
                continue;
            };
            let center = Pos2::new(x as f32, y);
            let change = match mark {
                CompareMark::Added => Change::Added,
                CompareMark::Changed { .. } => Change::Changed,
            };
            let color = change_color(change, dark);
            if let CompareMark::Changed {
                old_marker_day: Some(old_day),
            } = mark
            {
                // The old date: a faint dashed ring (a circa date's ring is solid, in the lane's
                // colour), joined to the new marker by a thin line.
                let old_center = Pos2::new(map.x_from_day(old_day) as f32, y);
                let faint = color.gamma_multiply(0.7);
                if (center - old_center).length() > 2.0 * radius {
                    let toward_new = (center - old_center).normalized();
                    painter.line_segment(
                        [
                            old_center + toward_new * radius,
                            center - toward_new * radius,
                        ],
                        Stroke::new(1.5, faint),
                    );
                }
                dashed_ring(&painter, old_center, radius, Stroke::new(1.5, faint));
            }
            badge(&painter, center, radius, change, color, background);
        }
        let mut clicked = None;
        for &(ghost, lane) in &self.ghost_lanes {
            let Some(ghost) = self.ghosts.get(ghost) else {
                continue;
            };
            let x = map.x_from_day(ghost.marker_day);
            let Some((_, radius)) = view.row_center_and_radius(lane, 0) else {
                continue;
            };
            let row = free_row(
                &view.last_layout,
                lane,
                x,
                f64::from(radius),
                view.rows_per_lane(),
            );
            let Some((y, _)) = view.row_center_and_radius(lane, row) else {
                continue;
            };
            let center = Pos2::new(x as f32, y);
            if !frame.expand(radius).contains(center) {
                continue;
            }
            let lane_color = document
                .scene
                .lanes()
                .get(lane as usize)
                .map_or(Color32::GRAY, |l| color_from_rgb(l.color_rgb));
            let selected = self.selected_ghost == Some(ghost.old_event);
            paint_ghost(&painter, center, radius, lane_color, selected, dark);
            badge(
                &painter,
                center,
                radius,
                Change::Removed,
                change_color(Change::Removed, dark),
                background,
            );
            let hit = Rect::from_center_size(center, Vec2::splat(2.0 * radius + 6.0));
            let response = ui.interact(
                hit,
                ui.scope_id().with(("ghost", ghost.old_event, lane)),
                Sense::click(),
            );
            let response = response.on_hover_ui_at_pointer(|ui| {
                if let Some(event) = comparison
                    .old_timeline()
                    .events
                    .get(ghost.old_event as usize)
                {
                    ui.strong(&event.title);
                    ui.label(format_period(event.date, event.end));
                    ui.label(format!("Removed: only in {}", self.old_name()));
                }
            });
            if response.clicked() {
                clicked = Some(ghost.old_event);
            }
        }
        clicked
    }
}

/// The row of `lane` where a ghost at `x` covers no title and no marker: the lowest free one
/// (events fill a lane from the top), else the last. The layout knows nothing of ghosts.
fn free_row(layout: &LanesLayout, lane: u32, x: f64, radius: f64, rows: u32) -> u32 {
    // The ghost and its badge.
    let reach = radius * 2.5;
    let taken = |row: u32| {
        let under_title = layout.labels.iter().any(|label| {
            label.lane == lane
                && (label.row..label.row + label.line_count() as u32).contains(&row)
                && label.x0 - reach < x
                && x < label.x1 + reach
        });
        under_title
            || layout
                .placed
                .iter()
                .any(|p| p.lane == lane && p.row == row && (p.x - x).abs() < reach)
    };
    let last = rows.saturating_sub(1);
    (0..rows).rev().find(|&row| !taken(row)).unwrap_or(last)
}

/// "added" → "Added".
fn capitalized(word: &str) -> String {
    let mut chars = word.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// The sign of a change in a small disc at the upper right of a marker.
fn badge(
    painter: &egui::Painter,
    center: Pos2,
    radius: f32,
    change: Change,
    color: Color32,
    background: Color32,
) {
    let above = center + Vec2::new(radius + 4.0, -radius - 4.0);
    // In a lane's top row the badge would be cut by the plot's edge: below the marker then.
    let at = if above.y - BADGE_RADIUS < painter.clip_rect().top() {
        center + Vec2::new(radius + 4.0, radius + 4.0)
    } else {
        above
    };
    painter.circle(at, BADGE_RADIUS, background, Stroke::new(1.2, color));
    painter.text(
        at,
        Align2::CENTER_CENTER,
        change_sign(change),
        FontId::proportional(11.0),
        color,
    );
}

/// A removed event: a faint disc with a dashed outline in its lane's colour.
fn paint_ghost(
    painter: &egui::Painter,
    center: Pos2,
    radius: f32,
    color: Color32,
    selected: bool,
    dark: bool,
) {
    painter.circle_filled(center, radius, color.gamma_multiply(0.3));
    dashed_ring(painter, center, radius + 1.0, Stroke::new(1.5, color));
    if selected {
        let highlight = if dark { Color32::WHITE } else { Color32::BLACK };
        painter.circle_stroke(center, radius + 4.0, Stroke::new(2.0, highlight));
    }
}

/// A circle drawn as dashes.
fn dashed_ring(painter: &egui::Painter, center: Pos2, radius: f32, stroke: Stroke) {
    let outline: Vec<Pos2> = (0..=24)
        .map(|i| center + Vec2::angled(std::f32::consts::TAU * i as f32 / 24.0) * radius)
        .collect();
    painter.add(Shape::dashed_line(&outline, stroke, 2.5, 2.0));
}

/// "Changed since old.ron" and each changed field as `field: old → new`, in a frame.
fn changed_fields_ui(ui: &mut egui::Ui, change: &EventChange, old_name: &str, dark: bool) {
    let color = change_color(change.change, dark);
    egui::Frame::group(ui.style())
        .stroke(Stroke::new(1.0, color))
        .show(ui, |ui| {
            ui.set_width(ui.available_width());
            match change.change {
                Change::Added => {
                    ui.label(
                        RichText::new(format!("Added: not in {old_name}"))
                            .strong()
                            .color(color),
                    );
                }
                Change::Removed | Change::Changed => {
                    ui.label(
                        RichText::new(format!("Changed since {old_name}"))
                            .strong()
                            .color(color),
                    );
                    for field in &change.fields {
                        ui.label(format!(
                            "{}: {} → {}",
                            field.field.name(),
                            one_value(field.field, &field.old),
                            one_value(field.field, &field.new)
                        ));
                    }
                }
            }
        });
    ui.add_space(4.0);
}

/// A removed event, from the old timeline: what it was and where it stood.
fn removed_event_ui(
    ui: &mut egui::Ui,
    comparison: &Comparison,
    old_event: u32,
    old_name: &str,
    dark: bool,
) {
    let old = comparison.old_timeline();
    let Some(event) = old.events.get(old_event as usize) else {
        return;
    };
    egui::ScrollArea::vertical().show(ui, |ui| {
        ui.label(
            RichText::new(format!("Removed: only in {old_name}"))
                .strong()
                .color(change_color(Change::Removed, dark)),
        );
        super::details_panel::event_header_ui(ui, event);
        for (heading, names) in [
            ("People", super::names_of_people(old, event.people())),
            ("Cartels", super::names_of_cartels(old, event.cartels())),
        ] {
            if !names.is_empty() {
                ui.add_space(6.0);
                ui.label(RichText::new(heading).strong());
                ui.label(names.join(", "));
            }
        }
        ui.add_space(6.0);
        ui.label(RichText::new("Sources").strong());
        if event.sources().is_empty() {
            ui.weak("No sources cited.");
        }
        for id in event.sources() {
            let title = old
                .sources
                .iter()
                .find(|s| s.id == *id)
                .map_or_else(|| id.to_string(), |s| s.title.clone());
            ui.label(title);
        }
        ui.add_space(6.0);
        ui.weak(format!("id: {}", event.id));
    });
}
