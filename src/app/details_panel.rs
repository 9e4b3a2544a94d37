//! The right panel: everything about the selected event, with its sources.

use egui::RichText;

use super::article_reader::source_evidence_ui;
use super::document::Document;
use crate::date::format_period;
use crate::model::Event;
use crate::validate::is_openable_link;

/// What a click in the details asks for.
#[derive(Clone, Debug, PartialEq)]
pub enum DetailsAction {
    FilterPerson(String),
    FilterCartel(String),
    /// Open the reader on this source's archived article (see `article_reader`).
    OpenArticle(String),
}

/// What an event is, as the details panel opens with it: its title, dates at their precision,
/// kind, place and summary. Also used for a removed event in compare mode.
pub fn event_header_ui(ui: &mut egui::Ui, event: &Event) {
    ui.heading(&event.title);
    ui.label(RichText::new(format_period(event.date, event.end)).strong());
    ui.label(event.kind.label());
    if let Some(place) = &event.place {
        ui.label(format!("Place: {place}"));
    }
    if let Some(summary) = &event.summary {
        ui.add_space(4.0);
        ui.label(summary);
    }
}

/// Shows the selected event; returns a filter to add when a person or cartel is clicked.
pub fn details_ui(
    ui: &mut egui::Ui,
    document: &Document,
    selected: Option<u32>,
) -> Option<DetailsAction> {
    let mut action = None;
    let Some(event) = selected.and_then(|i| document.scene.timeline().events.get(i as usize))
    else {
        ui.add_space(8.0);
        ui.weak("Click an event to see its details and sources.");
        return None;
    };
    egui::ScrollArea::vertical().show(ui, |ui| {
        event_header_ui(ui, event);
        if !event.people().is_empty() {
            ui.add_space(6.0);
            ui.label(RichText::new("People").strong());
            for id in event.people() {
                let person = document
                    .scene
                    .timeline()
                    .people
                    .iter()
                    .find(|p| &p.id == id);
                let name = person.map_or(id.as_str(), |p| p.name.as_str());
                let response = ui
                    .link(name)
                    .on_hover_text("Show only events with this person");
                if response.clicked() {
                    action = Some(DetailsAction::FilterPerson(id.to_string()));
                }
                if let Some(aliases) = person.map(|p| &p.aliases).filter(|a| !a.is_empty()) {
                    ui.weak(format!("  also {}", aliases.join(", ")));
                }
            }
        }
        if !event.cartels().is_empty() {
            ui.add_space(6.0);
            ui.label(RichText::new("Cartels").strong());
            for id in event.cartels() {
                let name = document
                    .scene
                    .timeline()
                    .cartels
                    .iter()
                    .find(|c| &c.id == id)
                    .map_or(id.as_str(), |c| c.name.as_str());
                if ui
                    .link(name)
                    .on_hover_text("Show only events of this cartel")
                    .clicked()
                {
                    action = Some(DetailsAction::FilterCartel(id.to_string()));
                }
            }
        }
        if !event.tags().is_empty() {
            ui.add_space(6.0);
            ui.label(RichText::new("Tags").strong());
            ui.label(event.tags().join(", "));
        }
        ui.add_space(6.0);
        ui.label(RichText::new("Sources").strong());
        if event.sources().is_empty() {
            ui.weak("No sources cited.");
        }
        for id in event.sources() {
            if source_ui(ui, document, event, id) {
                action = Some(DetailsAction::OpenArticle(id.to_string()));
            }
        }
        if !event.disputed.is_empty() {
            ui.add_space(6.0);
            ui.label(RichText::new("Disputed").strong());
            for dispute in &event.disputed {
                ui.label(dispute.describe(&source_name(document, &dispute.source)));
                if let Some(quote) = &dispute.quote {
                    ui.label(RichText::new(format!("“{quote}”")).italics());
                }
            }
        }
        ui.add_space(6.0);
        ui.weak(format!("id: {}", event.id));
    });
    action
}

fn source_name(document: &Document, id: &str) -> String {
    document
        .scene
        .timeline()
        .sources
        .iter()
        .find(|s| s.id == id)
        .map(|s| s.outlet.clone().unwrap_or_else(|| s.title.clone()))
        .unwrap_or_else(|| id.to_string())
}

/// One source, with the event's quotes from it; true when its article is to be opened.
fn source_ui(ui: &mut egui::Ui, document: &Document, event: &Event, id: &str) -> bool {
    let Some(source) = document
        .scene
        .timeline()
        .sources
        .iter()
        .find(|s| s.id == id)
    else {
        ui.label(id);
        return false;
    };
    ui.group(|ui| {
        ui.set_width(ui.available_width());
        if let Some(outlet) = &source.outlet {
            ui.label(RichText::new(outlet).strong());
        }
        ui.label(&source.title);
        if let Some(published) = source.published {
            ui.weak(format!("Published {}", published.to_human()));
        }
        if let Some(url) = &source.url {
            if is_openable_link(url) {
                // Opens in the system browser only on a click; nothing is fetched by the app.
                ui.hyperlink_to(url, url);
            } else {
                ui.label(url)
                    .on_hover_text("Not an http(s) or mailto link: shown, never opened");
            }
        }
        source_evidence_ui(ui, document, event, id)
    })
    .inner
}
