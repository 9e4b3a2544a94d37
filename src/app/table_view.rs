//! View > Table (Ctrl+T): the visible events as rows under the lanes, from the same scene.
//! Rows are virtualised (only those on screen are laid out), so a million rows scroll like ten.
//! A click on a header sorts by that column, a second click reverses; a click on a row selects
//! its event in the lanes (and pans to it), Ctrl/Shift-click picks several rows for Ctrl+C, and
//! a selection made in the lanes scrolls the table to its row.

use egui_extras::{Column as TableColumn, TableBuilder};

use std::sync::Arc;

use egui::accesskit::Role;

use crate::event_table::{Column, Names, Sort, cell_text, rows_as_tsv, sorted_rows};
use crate::model::Timeline;

use super::document::Document;

const ROW_HEIGHT_PX: f32 = 20.0;

/// What the table asks of the app this frame.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TableAction {
    /// Select this event (in the lanes too) and bring it into view.
    Select(u32),
}

/// The table's own state: its sort, the rows it shows, and which rows are picked for copying.
#[derive(Debug, Default)]
pub struct TableView {
    pub open: bool,
    sort: Option<Sort>,
    rows: Vec<u32>,
    /// The scene revision and sort the rows were built for.
    built_for: Option<(u64, Option<Sort>)>,
    /// Rows picked with click, Ctrl-click and Shift-click (event indices), for Ctrl+C.
    picked: Vec<u32>,
    /// The lanes' selection last frame, to scroll to a new one once.
    last_selected: Option<u32>,
    /// People's and cartels' names, built once per timeline (not per frame: a file with
    /// thousands of people made every frame rebuild two maps). Keyed by the timeline itself:
    /// holding its `Arc` means a new document can never reuse a stale key.
    names: Option<(Arc<Timeline>, Names)>,
}

impl TableView {
    /// A table, shown or not.
    pub fn new(open: bool) -> TableView {
        TableView {
            open,
            ..TableView::default()
        }
    }

    /// The rows, in the order shown (event indices).
    pub fn rows(&self) -> &[u32] {
        &self.rows
    }

    /// Rows picked for copying.
    pub fn picked(&self) -> &[u32] {
        &self.picked
    }

    pub fn sort(&self) -> Option<Sort> {
        self.sort
    }

    /// Sorts by `column` as a click on its header does.
    pub fn click_header(&mut self, column: Column) {
        self.sort = Some(Sort::clicked(self.sort, column));
    }

    /// The picked rows (or the selected event) as tab-separated text with a header.
    pub fn copied_text(&self, document: &Document, selected: Option<u32>) -> Option<String> {
        let rows: Vec<u32> = if self.picked.is_empty() {
            selected.into_iter().collect()
        } else {
            self.picked.clone()
        };
        (!rows.is_empty()).then(|| rows_as_tsv(document.scene.timeline(), &rows))
    }

    /// Rebuilds the rows when the scene's visible events or the sort changed.
    fn refresh(&mut self, document: &Document) {
        let wanted = (document.scene.revision(), self.sort);
        if self.built_for != Some(wanted) {
            self.rows = sorted_rows(&document.scene, self.sort);
            let scene = &document.scene;
            self.picked.retain(|&event| scene.is_visible(event));
            self.built_for = Some(wanted);
        }
        let timeline = document.scene.shared_timeline();
        if !matches!(&self.names, Some((built, _)) if Arc::ptr_eq(built, timeline)) {
            self.names = Some((timeline.clone(), Names::of(timeline)));
        }
    }

    pub fn ui(
        &mut self,
        ui: &mut egui::Ui,
        document: &Document,
        selected: Option<u32>,
    ) -> Option<TableAction> {
        self.refresh(document);
        let mut action = None;
        let timeline = document.scene.timeline();
        let no_names = Names::default();
        let names = self.names.as_ref().map_or(&no_names, |(_, names)| names);
        let scroll_to = (selected != self.last_selected)
            .then_some(selected)
            .flatten()
            .and_then(|event| self.rows.iter().position(|&row| row == event));
        self.last_selected = selected;

        let mut clicked_header = None;
        let mut builder = TableBuilder::new(ui)
            .striped(true)
            .resizable(true)
            .sense(egui::Sense::click())
            .cell_layout(egui::Layout::left_to_right(egui::Align::Center))
            // Every column fits beside the filters and details at 1366 px; the title takes
            // what is left, and long cells end in "…" (the whole text is in the details).
            .column(TableColumn::initial(78.0).at_least(60.0))
            .column(TableColumn::initial(70.0).at_least(40.0))
            .column(TableColumn::initial(84.0).at_least(50.0))
            .column(TableColumn::remainder().at_least(140.0).clip(true))
            .column(TableColumn::initial(140.0).at_least(60.0).clip(true))
            .column(TableColumn::initial(120.0).at_least(60.0).clip(true))
            .column(TableColumn::initial(60.0).at_least(40.0))
            .column(TableColumn::initial(56.0).at_least(40.0))
            .column(TableColumn::initial(66.0).at_least(40.0));
        if let Some(row) = scroll_to {
            builder = builder.scroll_to_row(row, Some(egui::Align::Center));
        }
        let picked = &mut self.picked;
        let rows = &self.rows;
        builder
            .header(ROW_HEIGHT_PX + 2.0, |mut header| {
                for column in Column::ALL {
                    header.col(|ui| {
                        let arrow = match self.sort {
                            Some(sort) if sort.column == column && sort.descending => " ▼",
                            Some(sort) if sort.column == column => " ▲",
                            _ => "",
                        };
                        let text =
                            egui::RichText::new(format!("{}{arrow}", column.title())).strong();
                        if ui
                            .add(egui::Button::new(text).frame(false))
                            .on_hover_text("Sort by this column; click again to reverse")
                            .clicked()
                        {
                            clicked_header = Some(column);
                        }
                    });
                }
            })
            .body(|body| {
                body.rows(ROW_HEIGHT_PX, rows.len(), |mut row| {
                    let Some(&event_index) = rows.get(row.index()) else {
                        return;
                    };
                    let Some(event) = timeline.events.get(event_index as usize) else {
                        return;
                    };
                    let is_selected =
                        selected == Some(event_index) || picked.contains(&event_index);
                    row.set_selected(is_selected);
                    for column in Column::ALL {
                        // Not selectable: a click on the text selects the row.
                        let text = cell_text(event, column, names);
                        let (_, cell) = row.col(|ui| {
                            ui.add(egui::Label::new(text.as_str()).truncate().selectable(false));
                        });
                        // Each cell is a Tab stop (the table senses clicks): name it for a
                        // screen reader. The first cell's node becomes the row's, below.
                        cell.widget_info(|| {
                            egui::WidgetInfo::labeled(
                                Role::Cell,
                                true,
                                format!("{}: {text}", column.title()),
                            )
                        });
                    }
                    let response = row.response();
                    // The row as a screen reader meets it (and as Tab focuses it): a Row node
                    // named by its date, kind and title, its cells the Labels inside.
                    response.widget_info(|| {
                        let label = format!(
                            "{}, {}: {}",
                            cell_text(event, Column::Date, names),
                            cell_text(event, Column::Kind, names),
                            event.title
                        );
                        egui::WidgetInfo::selected(Role::Row, true, is_selected, label)
                    });
                    if response.clicked() {
                        let modifiers = response.ctx.input(|i| i.modifiers);
                        pick(picked, rows, event_index, selected, modifiers);
                        action = Some(TableAction::Select(event_index));
                    }
                });
            });
        if let Some(column) = clicked_header {
            self.click_header(column);
        }
        action
    }
}

/// Updates the picked rows for a click on `event`: alone, added or removed with Ctrl, or the
/// range from the selection with Shift.
fn pick(
    picked: &mut Vec<u32>,
    rows: &[u32],
    event: u32,
    selected: Option<u32>,
    modifiers: egui::Modifiers,
) {
    if modifiers.command {
        if let Some(position) = picked.iter().position(|&e| e == event) {
            picked.remove(position);
        } else {
            picked.push(event);
        }
    } else if modifiers.shift
        && let Some(anchor) = selected.and_then(|s| rows.iter().position(|&r| r == s))
        && let Some(end) = rows.iter().position(|&r| r == event)
    {
        let (from, to) = (anchor.min(end), anchor.max(end));
        *picked = rows.get(from..=to).map(<[u32]>::to_vec).unwrap_or_default();
    } else {
        *picked = vec![event];
    }
}
