//! The menu bar. It reads the app and returns what the user chose as [`Command`]s, which the app
//! applies at the end of the frame; it changes nothing itself.

use egui::Button;

use super::windows::AppWindow;
use super::{
    ChronolanesApp, Command, ExportKind, FIT_ALL_KEY, GROUPING_SHORTCUTS, OPEN, PRESENT_KEY, QUIT,
    RELOAD, SHORTCUTS_KEY, TABLE, ThemeChoice,
};

/// Opens the File menu from the keyboard (as F10 does in most desktop apps); then arrows, Tab
/// and Enter or Space move through and choose its items, Esc closes it.
const MENU_KEY: egui::Key = egui::Key::F10;
use crate::lanes::Grouping;

/// File, View and Help; the commands chosen this frame.
pub fn menu_bar_ui(ui: &mut egui::Ui, app: &ChronolanesApp) -> Vec<Command> {
    let mut commands = Vec::new();
    let open_from_keyboard = ui.input(|i| i.key_pressed(MENU_KEY));
    egui::MenuBar::new().ui(ui, |ui| {
        let file = ui.menu_button("File", |ui| file_menu_ui(ui, app, &mut commands));
        if open_from_keyboard {
            // The focus goes on "File": Down then reaches the menu's first item.
            egui::Popup::open_id(ui.ctx(), egui::Popup::default_response_id(&file.response));
            file.response.request_focus();
        }
        ui.menu_button("View", |ui| view_menu_ui(ui, app, &mut commands));
        ui.menu_button("Help", |ui| help_menu_ui(ui, &mut commands));
    });
    commands
}

fn file_menu_ui(ui: &mut egui::Ui, app: &ChronolanesApp, commands: &mut Vec<Command>) {
    let ctx = ui.ctx().clone();
    let shortcut = |shortcut| ctx.format_shortcut(shortcut);
    if ui
        .add(Button::new("Open…").shortcut_text(shortcut(&OPEN)))
        .clicked()
    {
        commands.push(Command::OpenDialog);
    }
    ui.menu_button("Open Recent", |ui| {
        if app.settings.recent_files.is_empty() {
            ui.weak("No recent files");
        }
        for path in &app.settings.recent_files {
            if ui.button(path.display().to_string()).clicked() {
                commands.push(Command::Open(path.clone()));
            }
        }
    });
    let can_reload = app.document.origin.path().is_some();
    if ui
        .add_enabled(
            can_reload,
            Button::new("Reload").shortcut_text(shortcut(&RELOAD)),
        )
        .clicked()
    {
        commands.push(Command::Reload);
    }
    ui.separator();
    if ui
        .button("Compare with…")
        .on_hover_text("Show what changed since an older version of this timeline")
        .clicked()
    {
        commands.push(Command::CompareDialog);
    }
    if ui
        .add_enabled(app.compare.is_some(), Button::new("Stop comparing"))
        .on_hover_text("Back to the normal view (Esc)")
        .clicked()
    {
        commands.push(Command::StopComparing);
    }
    ui.separator();
    for (kind, label) in [
        (ExportKind::ViewSvg, "Export view as SVG…"),
        (ExportKind::ViewPng, "Export view as PNG…"),
        (ExportKind::EventsCsv, "Export events as CSV…"),
        (ExportKind::EventsMarkdown, "Export events as Markdown…"),
    ] {
        if ui.button(label).clicked() {
            commands.push(Command::Export(kind));
        }
    }
    if ui
        .add_enabled(
            app.document.origin.is_import(),
            Button::new("Save as Chronolanes file…"),
        )
        .on_disabled_hover_text("For TimelineJS files opened in Chronolanes")
        .clicked()
    {
        commands.push(Command::SaveAsRon);
    }
    ui.separator();
    if ui
        .add(Button::new("Quit").shortcut_text(shortcut(&QUIT)))
        .clicked()
    {
        commands.push(Command::Quit);
    }
}

fn view_menu_ui(ui: &mut egui::Ui, app: &ChronolanesApp, commands: &mut Vec<Command>) {
    if ui
        .add(Button::new("Fit all").shortcut_text(FIT_ALL_KEY.name()))
        .clicked()
    {
        commands.push(Command::FitAll);
    }
    if ui
        .add_enabled(
            app.document.scene.visible_count() > 0,
            Button::new("Present").shortcut_text(PRESENT_KEY.name()),
        )
        .on_disabled_hover_text("No visible event to present")
        .clicked()
    {
        commands.push(Command::Present);
    }
    ui.separator();
    ui.label("Group lanes by");
    for (grouping, shortcut) in Grouping::ALL.into_iter().zip(&GROUPING_SHORTCUTS) {
        // A radio keeps its name ("Person") for screen readers and tests; the key is beside it.
        let chosen = ui
            .horizontal(|ui| {
                let clicked = ui
                    .radio(app.settings.grouping == grouping, grouping.label())
                    .clicked();
                ui.weak(ui.ctx().format_shortcut(shortcut));
                clicked
            })
            .inner;
        if chosen {
            commands.push(Command::SetGrouping(grouping));
        }
    }
    ui.separator();
    let mut show_labels = app.view.show_labels;
    if ui.checkbox(&mut show_labels, "Show labels").changed() {
        commands.push(Command::SetShowLabels(show_labels));
    }
    if ui
        .add(
            Button::selectable(app.table.open, "Table")
                .shortcut_text(ui.ctx().format_shortcut(&TABLE)),
        )
        .on_hover_text("The visible events as rows under the lanes")
        .clicked()
    {
        commands.push(Command::SetShowTable(!app.table.open));
    }
    let mut show_empty_lanes = app.settings.show_empty_lanes;
    if ui
        .checkbox(&mut show_empty_lanes, "Show empty lanes")
        .on_hover_text("Keep the lanes whose events the filters hide")
        .changed()
    {
        commands.push(Command::SetShowEmptyLanes(show_empty_lanes));
    }
    let mut compress = app.settings.compress_empty_years;
    if ui
        .checkbox(&mut compress, "Compress empty years")
        .on_hover_text("Draw long stretches with no event as narrow breaks on the time axis")
        .changed()
    {
        commands.push(Command::SetCompressEmptyYears(compress));
    }
    ui.separator();
    ui.label("Theme");
    for (choice, label) in [
        (ThemeChoice::Light, "Light"),
        (ThemeChoice::Dark, "Dark"),
        (ThemeChoice::System, "System"),
        (ThemeChoice::HighContrast, "High contrast"),
    ] {
        if ui.radio(app.settings.theme == choice, label).clicked() {
            commands.push(Command::SetTheme(choice));
        }
    }
    ui.separator();
    let mut reduce_motion = app.settings.reduce_motion;
    if ui
        .checkbox(&mut reduce_motion, "Reduce motion")
        .on_hover_text("Presenting jumps from event to event instead of gliding")
        .changed()
    {
        commands.push(Command::SetReduceMotion(reduce_motion));
    }
}

fn help_menu_ui(ui: &mut egui::Ui, commands: &mut Vec<Command>) {
    if ui
        .add(Button::new("Keyboard shortcuts").shortcut_text(SHORTCUTS_KEY.name()))
        .clicked()
    {
        commands.push(Command::ShowWindow(AppWindow::Shortcuts));
    }
    if ui.button("About").clicked() {
        commands.push(Command::ShowWindow(AppWindow::About));
    }
}
