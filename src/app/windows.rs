//! The app's floating windows: diagnostics, keyboard shortcuts and about. [`AppWindows`] owns
//! which of them are open; each is drawn by its own function.

use egui::RichText;

use super::document::Document;
use crate::diagnostic::Diagnostic;

/// Keyboard shortcuts: the one list that Help > Keyboard shortcuts (F1) shows and that a test
/// finds, row by row, in the README's table. Every action has a key; the mouse is never needed.
pub const SHORTCUTS: &[(&str, &str)] = &[
    ("Ctrl+O", "Open a timeline file"),
    ("Ctrl+R", "Reload the file"),
    ("Ctrl+Q", "Quit"),
    (
        "F10",
        "Open the File menu; arrows, Tab and Enter or Space choose an item, Esc closes",
    ),
    (
        "Tab / Shift+Tab",
        "Move the keyboard focus: menus, filters, details, table, lanes",
    ),
    (
        "Space",
        "Tick the focused checkbox, press the focused button or table row",
    ),
    ("Ctrl+F", "Put the cursor in the filter search box"),
    (
        "Esc",
        "Leave a text box or menu; clear the selection; with none, stop comparing",
    ),
    ("Home / double-click empty space", "Fit all visible events"),
    ("Mouse wheel", "Zoom the time axis"),
    ("Drag / Shift+wheel", "Pan the time axis"),
    ("Click", "Select an event"),
    (
        "Left / Right",
        "Lanes: previous / next visible event by date",
    ),
    (
        "Up / Down",
        "Lanes: nearest event in the lane above / below",
    ),
    ("+ / -", "Lanes: zoom in / out around the selected event"),
    (
        "Enter / double-click event",
        "Lanes: zoom to the selected event",
    ),
    (
        "Ctrl+1 / Ctrl+2 / Ctrl+3",
        "Group lanes by kind / person / cartel",
    ),
    ("Ctrl+T", "Show or hide the event table"),
    (
        "Ctrl+C",
        "Table: copy the picked rows as tab-separated text",
    ),
    (
        "Click / Ctrl+click / Shift+click a row",
        "Table: select / pick more / pick a range",
    ),
    (
        "Space / Ctrl+Space on a focused row",
        "Table: select the row / pick it too",
    ),
    ("F5", "Present: one event at a time, full screen"),
    ("Right / Space / PageDown", "Presenting: next event"),
    (
        "Left / PageUp, Home / End",
        "Presenting: back, first / last",
    ),
    ("Esc", "Presenting: leave"),
    ("F1", "Show these shortcuts"),
];

/// More diagnostics than this are summarised: a window of a million lines helps nobody and
/// costs every frame.
const MAX_DIAGNOSTICS_SHOWN: usize = 500;

/// One of the app's floating windows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AppWindow {
    Diagnostics,
    Shortcuts,
    About,
}

/// Which floating windows are open.
#[derive(Clone, Debug, Default)]
pub struct AppWindows {
    pub diagnostics_open: bool,
    pub shortcuts_open: bool,
    pub about_open: bool,
}

impl AppWindows {
    pub fn open(&mut self, window: AppWindow) {
        *self.flag(window) = true;
    }

    pub fn toggle(&mut self, window: AppWindow) {
        let open = self.flag(window);
        *open = !*open;
    }

    fn flag(&mut self, window: AppWindow) -> &mut bool {
        match window {
            AppWindow::Diagnostics => &mut self.diagnostics_open,
            AppWindow::Shortcuts => &mut self.shortcuts_open,
            AppWindow::About => &mut self.about_open,
        }
    }

    /// Draws the open windows. `failed` is the file name and diagnostics of the last failed
    /// load, when it is not the document on screen.
    pub fn ui(
        &mut self,
        ctx: &egui::Context,
        document: &Document,
        failed: Option<&(String, Vec<Diagnostic>)>,
    ) {
        egui::Window::new("Diagnostics")
            .open(&mut self.diagnostics_open)
            .default_size([640.0, 320.0])
            .show(ctx, |ui| diagnostics_ui(ui, document, failed));
        egui::Window::new("Keyboard shortcuts")
            .open(&mut self.shortcuts_open)
            .resizable(false)
            .show(ctx, shortcuts_ui);
        egui::Window::new("About Chronolanes")
            .open(&mut self.about_open)
            .resizable(false)
            .show(ctx, about_ui);
    }
}

/// The diagnostics of the last failed load (if any), then those of the document on screen.
fn diagnostics_ui(
    ui: &mut egui::Ui,
    document: &Document,
    failed: Option<&(String, Vec<Diagnostic>)>,
) {
    egui::ScrollArea::vertical().show(ui, |ui| {
        let mut sections: Vec<(String, String, &[Diagnostic])> = Vec::new();
        if let Some((name, diagnostics)) = failed {
            sections.push((
                format!("{name} (last load failed; showing the previous timeline)"),
                name.clone(),
                diagnostics,
            ));
        }
        let name = document.origin.file_name();
        sections.push((name.clone(), name, &document.diagnostics));
        for (heading, file_name, diagnostics) in sections {
            ui.label(RichText::new(&heading).strong());
            if diagnostics.is_empty() {
                ui.weak("No problems.");
            }
            for diagnostic in diagnostics.iter().take(MAX_DIAGNOSTICS_SHOWN) {
                let color = if diagnostic.is_error() {
                    ui.visuals().error_fg_color
                } else {
                    ui.visuals().warn_fg_color
                };
                ui.label(
                    RichText::new(diagnostic.one_line(&file_name))
                        .monospace()
                        .color(color),
                );
            }
            if diagnostics.len() > MAX_DIAGNOSTICS_SHOWN {
                ui.weak(format!(
                    "… and {} more (run `chronolanes check` for all of them)",
                    diagnostics.len() - MAX_DIAGNOSTICS_SHOWN
                ));
            }
            ui.add_space(6.0);
        }
    });
}

fn shortcuts_ui(ui: &mut egui::Ui) {
    egui::Grid::new("shortcuts").striped(true).show(ui, |ui| {
        for (keys, action) in SHORTCUTS {
            ui.label(RichText::new(*keys).monospace());
            ui.label(*action);
            ui.end_row();
        }
    });
}

fn about_ui(ui: &mut egui::Ui) {
    ui.label(format!("Chronolanes {}", env!("CARGO_PKG_VERSION")));
    ui.label("Timelines as interactive lanes on one time axis.");
    ui.label(
        "The bundled timeline is built from five news articles; every event cites its sources.",
    );
}
