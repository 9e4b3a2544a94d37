//! The left panel: kinds, cartels, people, date range and text, with the semantics of
//! `chronolanes list` (the panel only edits a [`Filter`]; matching is in `crate::filter`).

use egui::{Color32, RichText, TextEdit};

use super::document::Document;
use super::lanes_view::color_from_rgb;
use crate::date::Date;
use crate::filter::Filter;
use crate::model::{Kind, KindLane, KindSelector};

/// Text typed into the panel that is not (yet) part of the filter.
#[derive(Default)]
pub struct FilterPanel {
    pub person_query: String,
    pub cartel_query: String,
    pub from_text: String,
    pub to_text: String,
}

/// The selector a kind checkbox stands for.
fn selector_of(lane: KindLane) -> KindSelector {
    match lane {
        KindLane::Arrest => KindSelector::Exact(Kind::Arrest),
        KindLane::Release => KindSelector::Exact(Kind::Release),
        KindLane::Escape => KindSelector::Exact(Kind::Escape),
        KindLane::Extradition => KindSelector::Exact(Kind::Extradition),
        KindLane::Court => KindSelector::Exact(Kind::Court),
        KindLane::Violence => KindSelector::Exact(Kind::Violence),
        KindLane::Policy => KindSelector::AnyPolicy,
        KindLane::Other => KindSelector::Exact(Kind::Other),
    }
}

/// Adds or removes `value` from a list, as a checkbox does.
fn toggle<T: PartialEq + Clone>(list: &mut Vec<T>, value: &T, on: bool) {
    let present = list.contains(value);
    if on && !present {
        list.push(value.clone());
    } else if !on && present {
        list.retain(|v| v != value);
    }
}

impl FilterPanel {
    /// Forgets typed text (dates, list searches); called with "Clear all".
    pub fn clear(&mut self) {
        *self = FilterPanel::default();
    }

    /// Shows the panel; returns true when the filter changed.
    pub fn ui(&mut self, ui: &mut egui::Ui, document: &Document, filter: &mut Filter) -> bool {
        let before = filter.clone();
        egui::ScrollArea::vertical().show(ui, |ui| {
            ui.horizontal(|ui| {
                ui.heading("Filters");
                ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                    if ui
                        .add_enabled(
                            !filter.is_empty()
                                || !self.from_text.is_empty()
                                || !self.to_text.is_empty(),
                            egui::Button::new("Clear all"),
                        )
                        .clicked()
                    {
                        *filter = Filter::default();
                        self.clear();
                    }
                });
            });
            ui.horizontal(|ui| {
                let label = ui.label("Search");
                ui.add(
                    TextEdit::singleline(&mut filter.search)
                        .id(search_box_id())
                        .hint_text("titles, places, names…")
                        .desired_width(f32::INFINITY),
                )
                .labelled_by(label.id);
            });
            if document.counts.disputed > 0 {
                ui.checkbox(
                    &mut filter.disputed_only,
                    format!("Disputed ({})", document.counts.disputed),
                )
                .on_hover_text("Only events that a source disputes");
            }
            ui.separator();
            self.kinds_ui(ui, document, filter);
            ui.separator();
            self.dates_ui(ui, filter);
            ui.separator();
            self.cartels_ui(ui, document, filter);
            ui.separator();
            self.people_ui(ui, document, filter);
        });
        *filter != before
    }

    fn kinds_ui(&mut self, ui: &mut egui::Ui, document: &Document, filter: &mut Filter) {
        ui.label(RichText::new("Kinds").strong());
        for lane in KindLane::ALL {
            let count = document.counts.kinds.get(&lane).copied().unwrap_or(0);
            if count == 0 {
                continue;
            }
            let selector = selector_of(lane);
            let mut checked = filter.kinds.contains(&selector);
            ui.horizontal(|ui| {
                let (rect, _) =
                    ui.allocate_exact_size(egui::vec2(10.0, 10.0), egui::Sense::hover());
                ui.painter()
                    .rect_filled(rect, 2.0, color_from_rgb(lane.color_rgb()));
                if ui
                    .checkbox(&mut checked, format!("{} ({count})", lane.label()))
                    .changed()
                {
                    toggle(&mut filter.kinds, &selector, checked);
                }
            });
        }
    }

    fn dates_ui(&mut self, ui: &mut egui::Ui, filter: &mut Filter) {
        ui.label(RichText::new("Dates").strong());
        egui::Grid::new("date_range").num_columns(2).show(ui, |ui| {
            ui.label("From");
            filter.from = date_field(ui, &mut self.from_text, "e.g. 2013");
            ui.end_row();
            ui.label("To");
            filter.to = date_field(ui, &mut self.to_text, "e.g. 2025-03");
            ui.end_row();
        });
    }

    fn cartels_ui(&mut self, ui: &mut egui::Ui, document: &Document, filter: &mut Filter) {
        let cartels = &document.scene.timeline().cartels;
        if cartels.is_empty() {
            return;
        }
        ui.label(RichText::new("Cartels").strong());
        let entries = cartels.iter().enumerate().map(|(i, c)| Entry {
            id: &c.id,
            name: &c.name,
            aliases: &c.aliases,
            count: document.counts.cartels.get(i).copied().unwrap_or(0),
            color: c
                .color
                .as_deref()
                .and_then(crate::lanes::parse_hex_color)
                .map(color_from_rgb),
        });
        checklist_ui(
            ui,
            "cartels",
            &mut self.cartel_query,
            entries,
            &mut filter.cartels,
        );
    }

    fn people_ui(&mut self, ui: &mut egui::Ui, document: &Document, filter: &mut Filter) {
        let people = &document.scene.timeline().people;
        if people.is_empty() {
            return;
        }
        ui.label(RichText::new("People").strong());
        let entries = people.iter().enumerate().map(|(i, p)| Entry {
            id: &p.id,
            name: &p.name,
            aliases: &p.aliases,
            count: document.counts.people.get(i).copied().unwrap_or(0),
            color: None,
        });
        checklist_ui(
            ui,
            "people",
            &mut self.person_query,
            entries,
            &mut filter.people,
        );
    }
}

/// A date text field: the date when the text is valid, `None` (and a red frame) otherwise.
fn date_field(ui: &mut egui::Ui, text: &mut String, hint: &str) -> Option<Date> {
    let parsed = (!text.trim().is_empty()).then(|| Date::parse(text.trim()));
    let invalid = matches!(parsed, Some(Err(_)));
    let mut edit = TextEdit::singleline(text)
        .hint_text(hint)
        .desired_width(110.0);
    if invalid {
        edit = edit.text_color(Color32::from_rgb(220, 60, 60));
    }
    let response = ui.add(edit);
    if let Some(Err(error)) = &parsed {
        response.on_hover_text(format!("Ignored: {error}"));
    }
    parsed.and_then(Result::ok)
}

struct Entry<'t> {
    id: &'t str,
    name: &'t str,
    aliases: &'t [String],
    count: usize,
    color: Option<Color32>,
}

/// The search box's id, for Ctrl+F.
pub fn search_box_id() -> egui::Id {
    egui::Id::unique("chronolanes-filter-search")
}

/// A searchable list of checkboxes; checked ids are kept in `selected`. Only the rows in view
/// are laid out, so thousands of people cost no more per frame than ten.
fn checklist_ui<'t>(
    ui: &mut egui::Ui,
    id_salt: &str,
    query: &mut String,
    entries: impl Iterator<Item = Entry<'t>>,
    selected: &mut Vec<String>,
) {
    ui.add(
        TextEdit::singleline(query)
            .hint_text(format!("Find {id_salt}…"))
            .desired_width(f32::INFINITY),
    );
    let needle = query.trim().to_lowercase();
    let shown: Vec<Entry<'t>> = entries
        .filter(|entry| {
            // A checked entry stays visible so it can be unchecked.
            needle.is_empty()
                || selected.iter().any(|s| s == entry.id)
                || entry.name.to_lowercase().contains(&needle)
                || entry.id.to_lowercase().contains(&needle)
                || entry
                    .aliases
                    .iter()
                    .any(|a| a.to_lowercase().contains(&needle))
        })
        .collect();
    let row_height = ui.spacing().interact_size.y;
    egui::ScrollArea::vertical()
        .id_salt(id_salt)
        .max_height(220.0)
        .show_rows(ui, row_height, shown.len(), |ui, rows| {
            for entry in shown.get(rows).unwrap_or_default() {
                let mut checked = selected.iter().any(|s| s == entry.id);
                ui.horizontal(|ui| {
                    if let Some(color) = entry.color {
                        let (rect, _) =
                            ui.allocate_exact_size(egui::vec2(10.0, 10.0), egui::Sense::hover());
                        ui.painter().rect_filled(rect, 2.0, color);
                    }
                    let label = format!("{} ({})", entry.name, entry.count);
                    let response = ui.checkbox(&mut checked, label);
                    let response = if entry.aliases.is_empty() {
                        response
                    } else {
                        response.on_hover_text(format!("Also: {}", entry.aliases.join(", ")))
                    };
                    if response.changed() {
                        toggle(selected, &entry.id.to_string(), checked);
                    }
                });
            }
        });
}
