//! Evidence in the app: an event's quotes under each of its sources in the details panel, and the
//! article reader, a window with a source's archived text in which every quote of the event from
//! that source is highlighted, the first one scrolled into view.
//!
//! The archives were read and the quotes checked by the loader (see [`crate::quotes_check`]);
//! here they are only shown. Finding where a quote lies in the text is done once, when the
//! reader opens, not every frame.

use std::ops::Range;
use std::sync::Arc;

use egui::text::{CCursor, LayoutJob, TextFormat};
use egui::{Color32, FontId, RichText};

use super::document::Document;
use crate::evidence::{ArchiveText, QuoteMatch, find_quote};
use crate::model::Event;
use crate::quotes_check::ArchiveStatus;

/// Highlight behind quoted words: a yellow marker, readable under dark and light text.
const HIGHLIGHT_LIGHT: Color32 = Color32::from_rgb(255, 232, 120);
const HIGHLIGHT_DARK: Color32 = Color32::from_rgb(110, 90, 20);
const ARTICLE_FONT_SIZE: f32 = 14.0;

/// The reader window of one source's archived article.
pub struct ArticleReader {
    /// The window's title: the source's outlet or title.
    title: String,
    /// The archive's name, as the timeline writes it.
    archive_name: String,
    archive: Arc<ArchiveText>,
    /// Byte ranges of [`ArchiveText::text`] to highlight, in order, not overlapping.
    highlights: Vec<Range<usize>>,
    /// The event's quotes from this source that are not in the article (the check warned).
    not_found: Vec<String>,
    /// Set when opened: the first highlight is scrolled into view once its place is known.
    scroll_to_first: bool,
}

impl ArticleReader {
    /// The reader for source `source_id` of event `event_index`, when its archive was read.
    pub fn open(document: &Document, event_index: u32, source_id: &str) -> Option<ArticleReader> {
        let timeline = document.scene.timeline();
        let event = timeline.events.get(event_index as usize)?;
        let source_index = timeline.sources.iter().position(|s| s.id == source_id)?;
        let source = timeline.sources.get(source_index)?;
        let ArchiveStatus::Read(archive) = document.archives.get(source_index)? else {
            return None;
        };
        let (highlights, not_found) = quote_ranges(archive, quotes_from(event, source_id));
        Some(ArticleReader {
            title: source
                .outlet
                .clone()
                .unwrap_or_else(|| source.title.clone()),
            archive_name: source.archive.clone().unwrap_or_default(),
            archive: Arc::clone(archive),
            highlights,
            not_found,
            scroll_to_first: true,
        })
    }

    /// Draws the window; false once the user closed it.
    pub fn ui(&mut self, ctx: &egui::Context) -> bool {
        let mut open = true;
        egui::Window::new(format!("{} — article", self.title))
            .id(egui::Id::unique("article_reader"))
            .open(&mut open)
            .default_size([560.0, 480.0])
            .vscroll(false)
            .show(ctx, |ui| self.contents_ui(ui));
        open
    }

    fn contents_ui(&mut self, ui: &mut egui::Ui) {
        ui.weak(format!(
            "Saved copy: {} · {} highlighted",
            self.archive_name,
            plural_quotes(self.highlights.len())
        ));
        for quote in &self.not_found {
            ui.colored_label(
                ui.visuals().warn_fg_color,
                format!("Not found in this copy: “{quote}”"),
            );
        }
        ui.separator();
        egui::ScrollArea::vertical()
            .auto_shrink([false, false])
            .show(ui, |ui| {
                let job = self.layout_job(ui);
                let galley = ui.painter().layout_job(job);
                let first = self.highlights.first().map(|range| {
                    let before = self.archive.text().get(..range.start).unwrap_or_default();
                    galley.pos_from_cursor(CCursor::new(before.chars().count()))
                });
                let response = ui.label(galley);
                if self.scroll_to_first
                    && let Some(rect) = first
                {
                    ui.scroll_to_rect(
                        rect.translate(response.rect.min.to_vec2()),
                        Some(egui::Align::Center),
                    );
                    self.scroll_to_first = false;
                }
            });
    }

    /// The article as one wrapped text, quoted passages on a highlight.
    fn layout_job(&self, ui: &egui::Ui) -> LayoutJob {
        let text = self.archive.text();
        let plain = TextFormat {
            font_id: FontId::proportional(ARTICLE_FONT_SIZE),
            color: ui.visuals().text_color(),
            ..TextFormat::default()
        };
        let marked = TextFormat {
            background: if ui.visuals().dark_mode {
                HIGHLIGHT_DARK
            } else {
                HIGHLIGHT_LIGHT
            },
            ..plain.clone()
        };
        let mut job = LayoutJob::default();
        job.wrap.max_width = ui.available_width();
        let mut at = 0;
        for range in &self.highlights {
            job.append(
                text.get(at..range.start).unwrap_or_default(),
                0.0,
                plain.clone(),
            );
            job.append(
                text.get(range.clone()).unwrap_or_default(),
                0.0,
                marked.clone(),
            );
            at = range.end;
        }
        job.append(text.get(at..).unwrap_or_default(), 0.0, plain);
        job
    }
}

fn plural_quotes(count: usize) -> String {
    match count {
        1 => "1 passage".into(),
        _ => format!("{count} passages"),
    }
}

/// The event's quotes from `source_id`: its own, then those of its disputes.
fn quotes_from<'e>(event: &'e Event, source_id: &'e str) -> impl Iterator<Item = &'e str> {
    let own = event
        .quotes
        .iter()
        .filter(move |q| q.source == source_id)
        .map(|q| q.text.as_str());
    let disputes = event
        .disputed
        .iter()
        .filter(move |d| d.source == source_id)
        .filter_map(|d| d.quote.as_deref());
    own.chain(disputes)
}

/// Where each quote lies in the archive (every part of a quote with ellipses), sorted and merged
/// where they overlap; and the quotes that are not found.
fn quote_ranges<'q>(
    archive: &ArchiveText,
    quotes: impl Iterator<Item = &'q str>,
) -> (Vec<Range<usize>>, Vec<String>) {
    let mut ranges: Vec<Range<usize>> = Vec::new();
    let mut not_found = Vec::new();
    for quote in quotes {
        match find_quote(archive, quote) {
            QuoteMatch::Found { parts } => ranges.extend(parts),
            QuoteMatch::NotFound { .. } => not_found.push(quote.to_string()),
            QuoteMatch::Empty => {}
        }
    }
    ranges.sort_by_key(|range| range.start);
    let mut merged: Vec<Range<usize>> = Vec::with_capacity(ranges.len());
    for range in ranges {
        match merged.last_mut() {
            Some(last) if range.start <= last.end => last.end = last.end.max(range.end),
            _ => merged.push(range),
        }
    }
    (merged, not_found)
}

/// Under a source in the details panel: the event's quotes from it, and what became of its
/// archive. True when "Open in article" was clicked.
pub fn source_evidence_ui(
    ui: &mut egui::Ui,
    document: &Document,
    event: &Event,
    source_id: &str,
) -> bool {
    for quote in event.quotes.iter().filter(|q| q.source == source_id) {
        ui.label(RichText::new(format!("“{}”", quote.text)).italics());
    }
    let timeline = document.scene.timeline();
    let Some(source_index) = timeline.sources.iter().position(|s| s.id == source_id) else {
        return false;
    };
    let Some(archive) = timeline
        .sources
        .get(source_index)
        .and_then(|s| s.archive.as_deref())
    else {
        return false;
    };
    match document.archives.get(source_index) {
        Some(ArchiveStatus::Read(_)) => ui
            .button("Open in article")
            .on_hover_text(format!(
                "Read the saved copy ({archive}) with the quotes marked"
            ))
            .clicked(),
        Some(ArchiveStatus::Unreadable(why)) => {
            ui.colored_label(
                ui.visuals().warn_fg_color,
                format!("Saved copy {archive} cannot be read: {why}"),
            );
            false
        }
        // The bundled timeline: its articles are not shipped with the app.
        Some(ArchiveStatus::None) | None => {
            ui.weak(format!("Saved copy: {archive} (not opened)"));
            false
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_quote_is_highlighted_once_in_text_order() {
        let archive = ArchiveText::from_plain_text(
            "Mexico sent 29 cartel figures to the United States on Thursday, officials said.",
        );
        let (ranges, not_found) = quote_ranges(
            &archive,
            [
                "officials said",
                "Mexico sent 29 … the United States",
                "29 cartel figures",
                "not in the article",
            ]
            .into_iter(),
        );
        let marked: Vec<&str> = ranges.iter().map(|r| &archive.text()[r.clone()]).collect();
        assert_eq!(
            marked,
            [
                "Mexico sent 29 cartel figures",
                "the United States",
                "officials said"
            ]
        );
        assert_eq!(not_found, ["not in the article"]);
    }
}
