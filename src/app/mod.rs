//! The desktop viewer (eframe/egui): panels on top of the pure core.
//!
//! `ChronolanesApp` owns the state; each panel, the menu bar and the floating windows are small
//! modules with a `ui` function. Actions that change the whole app (open, reload, grouping,
//! present…) are collected as [`Command`]s during the frame and applied once at its end.

mod article_reader;
mod compare;
mod details_panel;
pub mod document;
mod filter_panel;
pub mod lanes_view;
mod loader;
mod menu;
mod overview_strip;
mod presentation;
mod screenshot;
pub mod table_view;
pub mod theme;
mod watch;
mod windows;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use egui::{Key, KeyboardShortcut, Modifiers, RichText};
use serde::{Deserialize, Serialize};

use crate::diagnostic::{Counts, plural};
use crate::filter::Filter;
use crate::lanes::Grouping;
use crate::model::{Interned, Timeline};
use compare::{CompareMode, Polled};
use details_panel::{DetailsAction, details_ui};
use document::{Document, LoadOutcome, Origin, load_bundled};
use filter_panel::FilterPanel;
use lanes_view::{LanesView, ViewAction};
use loader::{BackgroundLoad, Phase, Purpose};
use presentation::{Presentation, Step};
use watch::FileWatcher;
pub use windows::{AppWindow, AppWindows, SHORTCUTS};

/// The window's inner size at start, also the size of `--screenshot` pictures.
pub const DEFAULT_WINDOW_SIZE: [f32; 2] = [1400.0, 860.0];
const MAX_RECENT_FILES: usize = 10;

// The keys that the menus show next to their items, and that `handle_keys` reads: one
// definition, so a menu never shows a key that does something else.
const OPEN: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::O);
const RELOAD: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::R);
const QUIT: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::Q);
const TABLE: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::T);
const SEARCH: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::F);
/// Ctrl+1, 2, 3: the groupings in the order of [`Grouping::ALL`] (kind, person, cartel).
const GROUPING_SHORTCUTS: [KeyboardShortcut; 3] = [
    KeyboardShortcut::new(Modifiers::COMMAND, Key::Num1),
    KeyboardShortcut::new(Modifiers::COMMAND, Key::Num2),
    KeyboardShortcut::new(Modifiers::COMMAND, Key::Num3),
];
const FIT_ALL_KEY: Key = Key::Home;
const PRESENT_KEY: Key = Key::F5;
const SHORTCUTS_KEY: Key = Key::F1;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum ThemeChoice {
    Light,
    Dark,
    #[default]
    System,
    /// White on black, 7:1 text (View > Theme > High contrast).
    HighContrast,
}

/// What eframe persists between runs.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    pub recent_files: Vec<PathBuf>,
    pub theme: ThemeChoice,
    pub grouping: Grouping,
    pub show_labels: bool,
    /// Lanes the filter leaves without events stay on screen (View > Show empty lanes).
    pub show_empty_lanes: bool,
    /// Long stretches without events drawn as narrow breaks (View > Compress empty years).
    pub compress_empty_years: bool,
    /// The event table under the lanes (View > Table).
    pub show_table: bool,
    /// No glide when presenting, no egui animations (View > Reduce motion).
    pub reduce_motion: bool,
    pub last_file: Option<PathBuf>,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            recent_files: Vec::new(),
            theme: ThemeChoice::System,
            grouping: Grouping::Kind,
            show_labels: true,
            show_empty_lanes: false,
            compress_empty_years: false,
            show_table: false,
            reduce_motion: theme::reduce_motion_from_env(),
            last_file: None,
        }
    }
}

/// How the app starts.
#[derive(Clone, Debug, Default)]
pub struct Startup {
    /// The file to open; the bundled timeline when `None`.
    pub file: Option<PathBuf>,
    /// Save the first complete frame here and exit.
    pub screenshot: Option<PathBuf>,
    /// Ignore persisted settings (tests, screenshots).
    pub fresh: bool,
    /// Compare the file with this older version of it (`--compare OLD`).
    pub compare: Option<PathBuf>,
    /// What to show once the file is on screen (the command line's view options).
    pub view: StartView,
}

/// The first view, from the command line: filters, grouping, time range, selection, and
/// whether to start presenting. Applied once, when the startup file is on screen.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct StartView {
    pub filter: Filter,
    pub grouping: Option<Grouping>,
    pub window: Option<crate::timescale::TimeWindow>,
    /// An event id.
    pub select: Option<String>,
    pub present: bool,
    /// The id of the story to present (`--present STORY`); with `present`.
    pub present_story: Option<String>,
    /// Compress long stretches with no visible event (`--compress`).
    pub compress: bool,
    /// Open the event table (`--table`).
    pub table: bool,
}

/// Whole-app actions, applied at the end of the frame.
#[derive(Clone, Debug, PartialEq)]
pub enum Command {
    OpenDialog,
    Open(PathBuf),
    Reload,
    Quit,
    FitAll,
    SetGrouping(Grouping),
    ClearFilters,
    /// Present: asks which story first when the file has stories.
    Present,
    /// Present a story (an index in the timeline's stories), or the visible events (`None`).
    PresentStory(Option<usize>),
    /// Draw event titles next to their markers (View > Show labels), remembered in the settings.
    SetShowLabels(bool),
    /// Keep lanes without visible events on screen (View > Show empty lanes), remembered.
    SetShowEmptyLanes(bool),
    SetCompressEmptyYears(bool),
    /// The event table under the lanes (View > Table, Ctrl+T), remembered.
    SetShowTable(bool),
    /// Light, dark or the system's theme, remembered in the settings.
    SetTheme(ThemeChoice),
    /// Skip animations (View > Reduce motion), remembered.
    SetReduceMotion(bool),
    /// Open one of the floating windows (Help > Keyboard shortcuts, About…).
    ShowWindow(AppWindow),
    /// Write the converted timeline of an imported TimelineJS file as RON.
    SaveAsRon,
    /// Save what is on screen (range, filters, grouping, theme) as a picture or a listing.
    Export(ExportKind),
    /// File > Compare with…: pick the older version to compare the open timeline with.
    CompareDialog,
    /// Compare the open timeline with this older version of it (leaving any other comparison).
    Compare(PathBuf),
    /// Back to the normal view (File > Stop comparing, Esc).
    StopComparing,
    /// Show only the events with these changes (the Changes section; nothing chosen: all).
    ShowChanges(crate::compare::ChangeSet),
    /// Select a removed event (an index into the old timeline), or none.
    SelectRemoved(Option<u32>),
}

/// What File > Export writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExportKind {
    ViewSvg,
    ViewPng,
    EventsCsv,
    EventsMarkdown,
}

impl ExportKind {
    fn extension(self) -> &'static str {
        match self {
            ExportKind::ViewSvg => "svg",
            ExportKind::ViewPng => "png",
            ExportKind::EventsCsv => "csv",
            ExportKind::EventsMarkdown => "md",
        }
    }
}

pub struct ChronolanesApp {
    pub settings: Settings,
    pub document: Document,
    pub filter: Filter,
    pub filter_panel: FilterPanel,
    pub view: LanesView,
    /// View > Table: the visible events as rows.
    pub table: table_view::TableView,
    /// A problem with the file on screen that the user should know about (failed reload…).
    pub banner: Option<String>,
    /// Diagnostics of the last failed load, when it differs from the document's.
    pub failed_diagnostics: Option<(String, Vec<crate::diagnostic::Diagnostic>)>,
    /// Which of the diagnostics, shortcuts and about windows are open.
    pub windows: AppWindows,
    /// Set while presenting (F5).
    pub presentation: Option<Presentation>,
    /// Whether the chooser of what to present (all events or a story) is open.
    pub story_chooser_open: bool,
    /// Set while comparing with an older version of the timeline.
    pub compare: Option<CompareMode>,
    /// The article reader, while open ("Open in article" in the details panel).
    pub article_reader: Option<article_reader::ArticleReader>,
    /// A file being loaded off the UI thread.
    loading: Option<BackgroundLoad>,
    commands: Vec<Command>,
    watcher: Option<FileWatcher>,
    screenshot: Option<screenshot::Screenshot>,
    window_title: String,
    filter_at_last_apply: Filter,
    /// The command line's view, until the startup file is on screen.
    start_view: Option<StartView>,
    /// Where shrinking a window larger than the screen stands (see `fit_window_to_screen`).
    screen_fit: ScreenFit,
    /// The command line set the time window (`--window`): a refit must not replace it.
    start_window_given: bool,
}

/// A window larger than its screen is shrunk to the screen once, at start.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
enum ScreenFit {
    /// The screen's size is not known yet.
    #[default]
    Unknown,
    /// Asked the window to take `size`; pictures wait until it has, for at most `frames_left`
    /// frames (a window manager may refuse).
    Resizing {
        size: egui::Vec2,
        frames_left: u8,
    },
    Done,
}

impl ChronolanesApp {
    pub fn new(cc: &eframe::CreationContext<'_>, startup: Startup) -> Self {
        let settings = if startup.fresh || startup.screenshot.is_some() {
            Settings::default()
        } else {
            cc.storage
                .and_then(|storage| eframe::get_value(storage, eframe::APP_KEY))
                .unwrap_or_default()
        };
        Self::with_settings(&cc.egui_ctx, startup, settings)
    }

    /// Builds the app without eframe's creation context (tests).
    pub fn with_settings(ctx: &egui::Context, startup: Startup, settings: Settings) -> Self {
        theme::apply(ctx, settings.theme);
        theme::apply_motion(ctx, settings.reduce_motion);
        install_fallback_font(ctx);
        let mut app = ChronolanesApp {
            document: Document::empty(Origin::Bundled, Vec::new()),
            filter: Filter::default(),
            filter_panel: FilterPanel::default(),
            view: LanesView::with_labels(settings.show_labels)
                .compressed(settings.compress_empty_years),
            table: table_view::TableView::new(settings.show_table),
            banner: None,
            failed_diagnostics: None,
            windows: AppWindows::default(),
            presentation: None,
            story_chooser_open: false,
            compare: None,
            article_reader: None,
            loading: None,
            commands: Vec::new(),
            watcher: None,
            screenshot: startup.screenshot.map(screenshot::Screenshot::new),
            window_title: String::new(),
            filter_at_last_apply: Filter::default(),
            start_view: (startup.view != StartView::default()).then(|| startup.view.clone()),
            screen_fit: ScreenFit::default(),
            start_window_given: startup.view.window.is_some(),
            settings,
        };
        match &startup.file {
            Some(path) => {
                // The window opens at once; the file arrives when loaded.
                app.document = Document::empty(Origin::File(path.clone()), Vec::new());
                app.start_load(ctx, path, Purpose::Open { at_startup: true });
            }
            None => app.open_outcome(ctx, load_bundled(), true),
        }
        if let Some(old) = &startup.compare {
            app.compare = Some(CompareMode::start(ctx, old));
        }
        app
    }

    /// An app showing `timeline` at once, as if loaded from `path` (benchmarks and tests that
    /// build timelines in memory).
    pub fn with_timeline(
        ctx: &egui::Context,
        path: &Path,
        timeline: Timeline,
        settings: Settings,
    ) -> Self {
        let mut app = Self::with_settings(
            ctx,
            Startup {
                fresh: true,
                ..Startup::default()
            },
            settings,
        );
        app.document = Document::new(
            Origin::File(path.to_path_buf()),
            timeline,
            Vec::new(),
            app.settings.grouping,
        );
        app.view.window = None;
        app.view.fit_all(&app.document);
        app
    }

    /// Puts a load outcome on screen. At startup a broken file still gets a window, empty, with
    /// its diagnostics shown; later a broken file leaves the current timeline in place.
    fn open_outcome(&mut self, ctx: &egui::Context, outcome: LoadOutcome, at_startup: bool) {
        let origin = outcome.origin.clone();
        match outcome.timeline {
            Some(timeline) => {
                let document = Document::new(
                    origin.clone(),
                    timeline,
                    outcome.diagnostics,
                    self.settings.grouping,
                );
                self.show_new_document(document);
                if at_startup {
                    self.apply_start_view();
                }
            }
            None => {
                let message = describe_failure(&origin, &outcome.diagnostics);
                if at_startup {
                    self.document = Document::empty(origin.clone(), outcome.diagnostics);
                    self.document.scene.set_grouping(self.settings.grouping);
                    self.windows.open(AppWindow::Diagnostics);
                } else {
                    self.failed_diagnostics = Some((origin.file_name(), outcome.diagnostics));
                }
                self.banner = Some(message);
                if !at_startup {
                    return;
                }
            }
        }
        self.watch(ctx, &origin);
    }

    /// Shows a newly opened timeline from its start: no filter, no selection, everything fitted.
    fn show_new_document(&mut self, document: Document) {
        self.document = document;
        self.filter = Filter::default();
        self.filter_panel.clear();
        self.filter_at_last_apply = Filter::default();
        self.view.selected = None;
        self.view.window = None;
        self.view.fit_all(&self.document);
        self.banner = None;
        self.failed_diagnostics = None;
        if let Some(path) = self.document.origin.path().map(Path::to_path_buf) {
            self.remember_recent(&path);
        }
        self.compare_again();
    }

    /// Compares the document on screen again (a new file, or a reload) and shows the result.
    fn compare_again(&mut self) {
        if let Some(compare) = &mut self.compare {
            compare.recompute(&self.document.scene);
            compare.apply(&mut self.document.scene, &self.filter);
        }
    }

    /// Applies the Changes choice, the filter and the grouping to compare mode's marks.
    fn apply_comparison(&mut self) {
        if let Some(compare) = &mut self.compare {
            compare.apply(&mut self.document.scene, &self.filter);
        }
    }

    /// Takes a finished load of the old file, and reloads it when it changed on disk.
    fn poll_compare(&mut self, ctx: &egui::Context) {
        let Some(compare) = &mut self.compare else {
            return;
        };
        match compare.poll(ctx, &self.document.scene) {
            Some(Polled::Compared) => {
                if self.banner.is_some() && self.banner == compare.problem_shown {
                    self.banner = None;
                    self.failed_diagnostics = None;
                }
                compare.problem_shown = None;
                self.apply_comparison();
            }
            Some(Polled::Failed {
                message,
                file_name,
                diagnostics,
            }) => {
                compare.problem_shown = Some(message.clone());
                self.banner = Some(message);
                // "Show all" in the banner lists the old file's problems.
                self.failed_diagnostics = Some((file_name, diagnostics));
            }
            None => {}
        }
    }

    /// Shows the command line's view on the startup file: its filters and grouping, its time
    /// range (else the filtered events fitted), its selection, presenting. Names that match
    /// nothing and an unknown id are said in the banner (and on standard error), as `list`
    /// warns about them.
    fn apply_start_view(&mut self) {
        let Some(view) = self.start_view.take() else {
            return;
        };
        let mut problems: Vec<String> = view
            .filter
            .compile(self.document.scene.timeline())
            .unmatched_values()
            .to_vec();
        if let Some(grouping) = view.grouping {
            self.settings.grouping = grouping;
            self.document.scene.set_grouping(grouping);
        }
        self.filter_panel.from_text = view.filter.from.map(|d| d.to_string()).unwrap_or_default();
        self.filter_panel.to_text = view.filter.to.map(|d| d.to_string()).unwrap_or_default();
        self.document.scene.set_filter(&view.filter);
        self.filter = view.filter.clone();
        self.filter_at_last_apply = view.filter;
        self.apply_comparison();
        if view.compress {
            self.settings.compress_empty_years = true;
            self.view.set_compress(true);
        }
        self.view.fit_all(&self.document);
        if let Some(window) = view.window {
            self.view.pending_window = Some(window);
        }
        if let Some(id) = &view.select {
            match self.document.scene.event_by_id(id) {
                Some(event) if self.document.scene.is_visible(event) => {
                    self.view.selected = Some(event);
                    if view.window.is_none() {
                        self.view.zoom_to(&self.document, event);
                    }
                }
                Some(_) => problems.push(format!("--select `{id}`: the filters hide this event")),
                None => problems.push(format!("--select: no event has the id `{id}`")),
            }
        }
        if view.table {
            self.commands.push(Command::SetShowTable(true));
        }
        if let Some(id) = &view.present_story {
            let stories = &self.document.scene.timeline().stories;
            match stories.iter().position(|story| story.id == *id) {
                Some(index) => self.commands.push(Command::PresentStory(Some(index))),
                None => problems.push(format!("--present: no story has the id `{id}`")),
            }
        } else if view.present {
            self.commands.push(Command::PresentStory(None));
        }
        if !problems.is_empty() {
            for problem in &problems {
                eprintln!("warning: {problem}");
            }
            self.banner = Some(problems.join("; "));
        }
    }

    fn watch(&mut self, ctx: &egui::Context, origin: &Origin) {
        self.watcher = origin.path().and_then(|path| {
            let ctx = ctx.clone();
            FileWatcher::new(path, move || ctx.request_repaint()).ok()
        });
    }

    fn remember_recent(&mut self, path: &Path) {
        let path = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
        self.settings.recent_files.retain(|p| p != &path);
        self.settings.recent_files.insert(0, path.clone());
        self.settings.recent_files.truncate(MAX_RECENT_FILES);
        self.settings.last_file = Some(path);
    }

    /// Asks for a whole-app action, applied at the end of the next frame (as a menu item does;
    /// tests use it for the commands that follow a file dialog).
    pub fn push_command(&mut self, command: Command) {
        self.commands.push(command);
    }

    /// True while a file is being loaded in the background.
    pub fn is_loading(&self) -> bool {
        self.loading.is_some() || self.compare.as_ref().is_some_and(CompareMode::is_loading)
    }

    fn start_load(&mut self, ctx: &egui::Context, path: &Path, purpose: Purpose) {
        if let Some(previous) = self.loading.take() {
            previous.cancel();
        }
        let filter = match purpose {
            Purpose::Reload => self.filter.clone(),
            Purpose::Open { .. } => Filter::default(),
        };
        let wake = ctx.clone();
        self.loading = Some(BackgroundLoad::spawn(
            path,
            purpose,
            self.settings.grouping,
            filter,
            move || wake.request_repaint(),
        ));
    }

    /// Reloads the open file, keeping zoom, filters and selection where they still apply; a
    /// failed reload keeps the last good timeline and says why in the banner.
    pub fn reload(&mut self, ctx: &egui::Context) {
        if let Some(path) = self.document.origin.path().map(Path::to_path_buf) {
            self.start_load(ctx, &path, Purpose::Reload);
        }
    }

    fn poll_loading(&mut self, ctx: &egui::Context) {
        let Some(loading) = &self.loading else { return };
        let Some(loaded) = loading.poll() else {
            // Keep the progress bar moving.
            ctx.request_repaint_after(std::time::Duration::from_millis(50));
            return;
        };
        self.loading = None;
        match (loaded.purpose, loaded.document) {
            (Purpose::Open { at_startup }, None) => {
                self.open_outcome(ctx, loaded.outcome, at_startup)
            }
            (Purpose::Open { at_startup }, Some(document)) => {
                let origin = document.origin.clone();
                self.show_new_document(document);
                // The command line's view applies to a FILE loaded off the thread as well.
                if at_startup {
                    self.apply_start_view();
                }
                self.watch(ctx, &origin);
            }
            (Purpose::Reload, None) => {
                let outcome = loaded.outcome;
                self.banner = Some(format!(
                    "{} — showing the last good version",
                    describe_failure(&outcome.origin, &outcome.diagnostics)
                ));
                self.failed_diagnostics = Some((outcome.origin.file_name(), outcome.diagnostics));
            }
            (Purpose::Reload, Some(document)) => {
                let was_empty = self.document.scene.timeline().events.is_empty();
                let selected_id = self
                    .view
                    .selected
                    .and_then(|i| self.document.scene.timeline().events.get(i as usize))
                    .map(|e| e.id.clone());
                let filter_used = self.filter.clone();
                self.document = document;
                // Filters naming people or cartels that are gone no longer apply.
                let timeline = self.document.scene.timeline();
                self.filter
                    .people
                    .retain(|p| timeline.people.iter().any(|x| &x.id == p));
                self.filter
                    .cartels
                    .retain(|c| timeline.cartels.iter().any(|x| &x.id == c));
                self.filter_at_last_apply = filter_used;
                self.view.selected =
                    selected_id.and_then(|id| self.document.scene.event_by_id(&id));
                if was_empty {
                    self.view.fit_all(&self.document);
                }
                self.banner = None;
                self.failed_diagnostics = None;
                self.compare_again();
            }
        }
    }

    fn loading_ui(&mut self, ui: &mut egui::Ui) {
        let Some(loading) = &self.loading else { return };
        let bytes = loading.bytes();
        let megabytes = |bytes: u64| bytes as f64 / 1_000_000.0;
        let text = match loading.phase() {
            Phase::Reading => format!(
                "Reading {:.1} of {:.1} MB",
                megabytes(bytes.read),
                megabytes(bytes.total)
            ),
            Phase::Parsing => format!(
                "Parsing and checking {:.1} of {:.1} MB",
                megabytes(bytes.parsed),
                megabytes(bytes.total)
            ),
            Phase::BuildingLanes => "Building lanes…".to_string(),
        };
        let fraction = bytes.fraction;
        let mut cancel = false;
        ui.horizontal(|ui| {
            ui.label(format!("Loading {}", loading.path.display()));
            ui.add(
                egui::ProgressBar::new(fraction)
                    .text(text)
                    .desired_width(320.0)
                    .animate(fraction >= 1.0),
            );
            cancel = ui.button("Cancel").clicked();
        });
        if cancel && let Some(loading) = self.loading.take() {
            loading.cancel();
        }
    }

    /// Writes the timeline on screen as RON to `target`, atomically, never over the file it came
    /// from. The error is a message for the banner.
    pub fn save_as_ron(&self, target: &Path) -> Result<(), String> {
        if let Some(source) = self.document.origin.path()
            && crate::fs_util::same_file(source, target)
        {
            return Err(format!(
                "not saved: {} is the opened file; choose another name",
                target.display()
            ));
        }
        let text = crate::write_ron::timeline_to_ron(self.document.scene.timeline());
        crate::fs_util::write_atomically(target, text.as_bytes())
            .map_err(|error| format!("could not save {}: {error}", target.display()))
    }

    /// The bytes File > Export writes: the view as on screen, or the filtered events in the
    /// `list` formats.
    pub fn export_bytes(&self, kind: ExportKind, dark: bool) -> Result<Vec<u8>, String> {
        use crate::export::events::{EventFormat, write_events};
        use crate::export::svg::{MAX_WIDTH_PX, MIN_WIDTH_PX, RenderOptions, render_svg};
        let picture = || {
            let width_px = self
                .view
                .last_plot_rect
                .map_or(1600.0, |r| r.width() + 150.0)
                .round()
                .clamp(MIN_WIDTH_PX as f32, MAX_WIDTH_PX as f32) as u32;
            // The scene on screen, drawn: no second filtering.
            render_svg(
                &self.document.scene,
                &RenderOptions {
                    width_px,
                    window: self.view.window,
                    dark,
                    show_labels: self.view.show_labels,
                    // The lanes view does not compress empty years yet.
                    compress: false,
                },
            )
        };
        Ok(match kind {
            ExportKind::ViewSvg => picture().into_bytes(),
            ExportKind::ViewPng => crate::export::png::render_png(&picture())?,
            ExportKind::EventsCsv => {
                write_events(&self.document.scene, EventFormat::Csv).into_bytes()
            }
            ExportKind::EventsMarkdown => {
                write_events(&self.document.scene, EventFormat::Markdown).into_bytes()
            }
        })
    }

    /// Writes an export to `target`: atomically, and never over the opened timeline file.
    pub fn export_to(&self, kind: ExportKind, target: &Path, dark: bool) -> Result<(), String> {
        if let Some(source) = self.document.origin.path()
            && crate::fs_util::same_file(source, target)
        {
            return Err(format!(
                "not exported: {} is the opened timeline; choose another name",
                target.display()
            ));
        }
        let bytes = self.export_bytes(kind, dark)?;
        crate::fs_util::write_atomically(target, &bytes)
            .map_err(|error| format!("could not export to {}: {error}", target.display()))
    }

    fn apply_commands(&mut self, ctx: &egui::Context) {
        for command in std::mem::take(&mut self.commands) {
            match command {
                Command::OpenDialog => {
                    let picked = rfd::FileDialog::new()
                        .add_filter("Timelines (RON, TimelineJS)", &["ron", "json", "csv"])
                        .add_filter("Chronolanes timeline", &["ron"])
                        .add_filter("TimelineJS", &["json", "csv"])
                        .add_filter("All files", &["*"])
                        .pick_file();
                    if let Some(path) = picked {
                        self.commands.push(Command::Open(path));
                        ctx.request_repaint();
                    }
                }
                Command::Open(path) => {
                    self.start_load(ctx, &path, Purpose::Open { at_startup: false })
                }
                Command::Reload => self.reload(ctx),
                Command::Quit => ctx.send_viewport_cmd(egui::ViewportCommand::Close),
                Command::FitAll => self.view.fit_all(&self.document),
                Command::SetGrouping(grouping) => {
                    self.settings.grouping = grouping;
                    self.document.scene.set_grouping(grouping);
                    self.apply_comparison();
                }
                Command::ClearFilters => {
                    self.filter = Filter::default();
                    self.filter_panel.clear();
                    // The Changes choice filters too: "Clear filters" shows every change again.
                    if let Some(compare) = &mut self.compare {
                        compare.shown = crate::compare::ChangeSet::default();
                    }
                    self.apply_comparison();
                }
                Command::SaveAsRon => {
                    let suggested = self
                        .document
                        .origin
                        .path()
                        .and_then(Path::file_stem)
                        .map(|stem| format!("{}.ron", stem.to_string_lossy()))
                        .unwrap_or_else(|| "timeline.ron".into());
                    // The native save dialog asks before replacing an existing file.
                    let picked = rfd::FileDialog::new()
                        .add_filter("Chronolanes timeline", &["ron"])
                        .set_file_name(suggested)
                        .save_file();
                    if let Some(target) = picked {
                        self.banner = self.save_as_ron(&target).err();
                    }
                }
                Command::Export(kind) => {
                    let stem = self
                        .document
                        .origin
                        .path()
                        .and_then(Path::file_stem)
                        .map_or_else(
                            || "timeline".to_string(),
                            |s| s.to_string_lossy().into_owned(),
                        );
                    // The native save dialog asks before replacing an existing file.
                    let picked = rfd::FileDialog::new()
                        .add_filter(kind.extension().to_uppercase(), &[kind.extension()])
                        .set_file_name(format!("{stem}.{}", kind.extension()))
                        .save_file();
                    if let Some(target) = picked {
                        let dark = ctx.theme() == egui::Theme::Dark;
                        self.banner = self.export_to(kind, &target, dark).err();
                    }
                }
                Command::Present => {
                    if self.document.scene.timeline().stories.is_empty() {
                        self.commands.push(Command::PresentStory(None));
                        ctx.request_repaint();
                    } else if self.presentation.is_none() {
                        self.story_chooser_open = true;
                    }
                }
                Command::PresentStory(story) => {
                    self.story_chooser_open = false;
                    if self.presentation.is_none() {
                        self.presentation =
                            Presentation::enter(ctx, &self.document, &mut self.view, story);
                    }
                }
                Command::SetShowLabels(show_labels) => {
                    self.view.show_labels = show_labels;
                    self.settings.show_labels = show_labels;
                }
                Command::SetShowTable(show) => {
                    self.settings.show_table = show;
                    self.table.open = show;
                }
                Command::SetShowEmptyLanes(show) => {
                    self.settings.show_empty_lanes = show;
                    self.document.scene.set_show_empty_lanes(show);
                }
                Command::SetCompressEmptyYears(compress) => {
                    self.settings.compress_empty_years = compress;
                    self.view.set_compress(compress);
                }
                Command::SetTheme(choice) => {
                    self.settings.theme = choice;
                    theme::apply(ctx, choice);
                }
                Command::SetReduceMotion(reduce) => {
                    self.settings.reduce_motion = reduce;
                    theme::apply_motion(ctx, reduce);
                }
                Command::ShowWindow(window) => self.windows.open(window),
                Command::CompareDialog => {
                    let picked = rfd::FileDialog::new()
                        .set_title("Compare with an older version")
                        .add_filter("Timelines (RON, TimelineJS)", &["ron", "json", "csv"])
                        .add_filter("All files", &["*"])
                        .pick_file();
                    if let Some(path) = picked {
                        self.commands.push(Command::Compare(path));
                        ctx.request_repaint();
                    }
                }
                Command::Compare(path) => {
                    self.stop_comparing();
                    self.compare = Some(CompareMode::start(ctx, &path));
                }
                Command::StopComparing => self.stop_comparing(),
                Command::ShowChanges(shown) => {
                    if let Some(compare) = &mut self.compare {
                        compare.shown = shown;
                    }
                    self.apply_comparison();
                }
                Command::SelectRemoved(old_event) => self.select_removed(old_event),
            }
        }
    }

    /// Leaves compare mode: the normal view of the same timeline.
    fn stop_comparing(&mut self) {
        if let Some(compare) = self.compare.take() {
            if self.banner.is_some() && self.banner == compare.problem_shown {
                self.banner = None;
                self.failed_diagnostics = None;
            }
            compare.leave(&mut self.document.scene);
        }
    }

    /// Selects a removed event (shown from the old timeline) and pans to its ghost.
    fn select_removed(&mut self, old_event: Option<u32>) {
        let Some(compare) = &mut self.compare else {
            return;
        };
        compare.selected_ghost = old_event;
        if old_event.is_none() {
            return;
        }
        self.view.selected = None;
        let day_range = old_event
            .zip(compare.comparison())
            .and_then(|(index, c)| c.old_timeline().events.get(index as usize))
            .map(|event| event.day_range());
        if let (Some((first, last)), Some(window)) =
            (day_range, self.view.pending_window.or(self.view.window))
        {
            self.view.pending_window = Some(window.panned_to_show(first, last));
        }
    }

    fn handle_keys(&mut self, ctx: &egui::Context) {
        if ctx.input_mut(|i| i.consume_shortcut(&OPEN)) {
            self.commands.push(Command::OpenDialog);
        }
        if ctx.input_mut(|i| i.consume_shortcut(&RELOAD)) {
            self.commands.push(Command::Reload);
        }
        if ctx.input_mut(|i| i.consume_shortcut(&QUIT)) {
            self.commands.push(Command::Quit);
        }
        if ctx.input_mut(|i| i.consume_shortcut(&TABLE)) {
            self.commands.push(Command::SetShowTable(!self.table.open));
        }
        if self.presentation.is_none() && ctx.input_mut(|i| i.consume_shortcut(&SEARCH)) {
            ctx.memory_mut(|memory| memory.request_focus(filter_panel::search_box_id()));
        }
        for (shortcut, grouping) in GROUPING_SHORTCUTS.iter().zip(Grouping::ALL) {
            if ctx.input_mut(|i| i.consume_shortcut(shortcut)) {
                self.commands.push(Command::SetGrouping(grouping));
            }
        }
        // Ctrl+C copies the table's picked rows (or the selected event) unless a text field
        // has the keyboard, which copies its own text. (A focused row or button does not stop
        // it: the keyboard user got to the rows with Tab.)
        if self.table.open
            && !ctx.text_edit_focused()
            && ctx.input(|i| i.events.iter().any(|e| matches!(e, egui::Event::Copy)))
            && let Some(text) = self.table.copied_text(&self.document, self.view.selected)
        {
            ctx.copy_text(text);
        }
        let dropped: Vec<PathBuf> = ctx.input(|i| {
            i.raw
                .dropped_files
                .iter()
                .map(|f| f.path().to_path_buf())
                .filter(|p| !p.as_os_str().is_empty())
                .collect()
        });
        if let Some(path) = dropped.into_iter().next() {
            self.commands.push(Command::Open(path));
        }
        // Keys typed into a text field are its own; a focused checkbox, button or the lanes
        // leave F5, F1, Home and Esc to the app (the arrows are the lanes' when they take them).
        if ctx.text_edit_focused() {
            return;
        }
        let pressed = |key| ctx.input(|i| i.key_pressed(key));
        if let Some(presentation) = &mut self.presentation {
            match presentation::step_from_keys(ctx) {
                Some(Step::Leave) => {
                    if let Some(presentation) = self.presentation.take() {
                        presentation.leave(ctx, &mut self.view);
                    }
                }
                Some(step) => presentation.step(ctx, &self.document, &mut self.view, step),
                None => {}
            }
            return;
        }
        if pressed(PRESENT_KEY) {
            self.commands.push(Command::Present);
        }
        if pressed(SHORTCUTS_KEY) {
            self.windows.toggle(AppWindow::Shortcuts);
        }
        if pressed(FIT_ALL_KEY) {
            self.commands.push(Command::FitAll);
        }
        if pressed(Key::Escape) {
            // Esc clears the selection first; with nothing selected it leaves compare mode.
            let ghost_selected = self
                .compare
                .as_ref()
                .is_some_and(|c| c.selected_ghost.is_some());
            if self.view.selected.is_some() || ghost_selected {
                self.view.selected = None;
                self.commands.push(Command::SelectRemoved(None));
            } else if self.compare.is_some() {
                self.commands.push(Command::StopComparing);
            }
        }
        if lanes_view::keyboard::lanes_have_keys(ctx) {
            lanes_view::keyboard::handle_lane_keys(ctx, &mut self.view, &self.document);
        }
    }

    /// Selects the previous or next visible event in date order and keeps it on screen.
    pub fn step_selection(&mut self, direction: i32) {
        let next = crate::navigation::step_by_date(
            &self.document.scene,
            self.view.selected,
            direction > 0,
        );
        if let Some(event) = next {
            self.view.selected = Some(event);
            self.view.keep_in_view(&self.document, event);
        }
    }

    fn status_bar_ui(&mut self, ui: &mut egui::Ui) {
        ui.horizontal(|ui| {
            ui.label(self.document.origin.describe());
            ui.separator();
            ui.label(format!(
                "{} of {} events",
                self.document.scene.visible_count(),
                self.document.scene.timeline().events.len()
            ));
            if let Some(command) = folded_lanes_ui(ui, &self.document) {
                self.commands.push(command);
            }
            let counts = self.document.diagnostic_counts;
            let failed = self
                .failed_diagnostics
                .as_ref()
                .map(|(_, d)| Counts::of(d))
                .unwrap_or_default();
            let (errors, warnings) = (
                counts.errors + failed.errors,
                counts.warnings + failed.warnings,
            );
            if errors + warnings > 0 {
                ui.separator();
                let text = format!(
                    "{}, {}",
                    plural(errors, "error"),
                    plural(warnings, "warning")
                );
                let color = if errors > 0 {
                    ui.visuals().error_fg_color
                } else {
                    ui.visuals().warn_fg_color
                };
                if ui
                    .link(RichText::new(text).color(color))
                    .on_hover_text("Show all diagnostics")
                    .clicked()
                {
                    self.windows.open(AppWindow::Diagnostics);
                }
            }
        });
    }

    fn banner_ui(&mut self, ui: &mut egui::Ui) {
        let Some(message) = self.banner.clone() else {
            return;
        };
        egui::Frame::new()
            .fill(ui.visuals().error_fg_color.gamma_multiply(0.18))
            .inner_margin(6.0)
            .show(ui, |ui| {
                ui.horizontal(|ui| {
                    ui.label(RichText::new(message).color(ui.visuals().strong_text_color()));
                    if ui.button("Show all").clicked() {
                        self.windows.open(AppWindow::Diagnostics);
                    }
                    if ui.button("Dismiss").clicked() {
                        self.banner = None;
                    }
                });
            });
    }

    fn update_title(&mut self, ctx: &egui::Context) {
        let title = format!("{} — Chronolanes", self.document.scene.timeline().title);
        if title != self.window_title {
            ctx.send_viewport_cmd(egui::ViewportCommand::Title(title.clone()));
            self.window_title = title;
        }
    }

    /// The window title the app asks for ("<timeline title> — Chronolanes").
    pub fn window_title(&self) -> &str {
        &self.window_title
    }

    /// One frame of the whole UI.
    /// The default window (1400×860) is larger than a 1366×768 laptop screen, and a size saved
    /// on a bigger monitor may be too: such a window is shrunk to the screen once, at start, so
    /// that no part of the lanes is drawn off-screen. The screen's size is known only once the
    /// window is up (and never under kittest, where nothing happens).
    fn fit_window_to_screen(&mut self, ctx: &egui::Context) {
        let (monitor, inner) = ctx.input(|i| (i.viewport().monitor_size, i.viewport().inner_rect));
        let (Some(monitor), Some(inner)) = (monitor, inner) else {
            return;
        };
        match self.screen_fit {
            ScreenFit::Unknown => {
                let fitted = inner.size().min(monitor);
                if fitted == inner.size() {
                    self.screen_fit = ScreenFit::Done;
                } else {
                    ctx.send_viewport_cmd(egui::ViewportCommand::InnerSize(fitted));
                    self.screen_fit = ScreenFit::Resizing {
                        size: fitted,
                        frames_left: 60,
                    };
                }
            }
            ScreenFit::Resizing { size, frames_left } => {
                if (inner.size() - size).length() < 1.0 || frames_left == 0 {
                    self.screen_fit = ScreenFit::Done;
                    // The first view was fitted to the old width: fit it again at the new one,
                    // unless the command line asked for a window of its own.
                    if !self.start_window_given {
                        self.view.fit_all(&self.document);
                    }
                } else {
                    self.screen_fit = ScreenFit::Resizing {
                        size,
                        frames_left: frames_left - 1,
                    };
                }
                ctx.request_repaint();
            }
            ScreenFit::Done => {}
        }
    }

    pub fn frame_ui(&mut self, ui: &mut egui::Ui) {
        let ctx = ui.ctx().clone();
        if let Some(watcher) = &mut self.watcher {
            let (changed, again_in) = watcher.poll();
            if changed {
                self.commands.push(Command::Reload);
            }
            if let Some(delay) = again_in {
                ctx.request_repaint_after(delay);
            }
        }
        self.fit_window_to_screen(&ctx);
        self.poll_loading(&ctx);
        self.poll_compare(&ctx);
        self.handle_keys(&ctx);
        self.update_title(&ctx);
        if let Some(presentation) = &mut self.presentation {
            presentation.animate(&ctx, &mut self.view);
            egui::CentralPanel::default().show(ui, |ui| {
                ui.label(RichText::new(&self.document.scene.timeline().title).heading());
                // Clicks on the dimmed lanes do nothing while presenting.
                let _ = self.view.ui(ui, &self.document);
            });
            presentation.card_ui(&ctx, &self.document);
            self.apply_commands(&ctx);
            return;
        }
        if self.story_chooser_open
            && let Some(choice) =
                presentation::chooser_ui(&ctx, &self.document, &mut self.story_chooser_open)
        {
            self.commands.push(Command::PresentStory(choice));
        }

        let menu_commands = egui::Panel::top("menu_bar")
            .show(ui, |ui| menu::menu_bar_ui(ui, self))
            .inner;
        self.commands.extend(menu_commands);
        egui::Panel::bottom("status_bar").show(ui, |ui| self.status_bar_ui(ui));
        if self.loading.is_some() {
            egui::Panel::top("loading").show(ui, |ui| self.loading_ui(ui));
        }
        if self.banner.is_some() {
            egui::Panel::top("banner").show(ui, |ui| self.banner_ui(ui));
        }
        egui::Panel::left("filters")
            .resizable(true)
            .default_size(250.0)
            .show(ui, |ui| {
                if let Some(compare) = &self.compare {
                    self.commands.extend(compare.changes_ui(ui));
                    ui.separator();
                }
                self.filter_panel.ui(ui, &self.document, &mut self.filter);
            });
        let details_action = egui::Panel::right("details")
            .resizable(true)
            .default_size(300.0)
            .show(ui, |ui| {
                let selected = self.view.selected;
                let shown_removed = self
                    .compare
                    .as_ref()
                    .is_some_and(|compare| compare.details_ui(ui, selected));
                if shown_removed {
                    None
                } else {
                    details_ui(ui, &self.document, selected)
                }
            })
            .inner;
        match details_action {
            Some(DetailsAction::FilterPerson(id)) if !self.filter.people.contains(&id) => {
                self.filter.people.push(id);
            }
            Some(DetailsAction::FilterCartel(id)) if !self.filter.cartels.contains(&id) => {
                self.filter.cartels.push(id);
            }
            Some(DetailsAction::OpenArticle(source)) => {
                self.article_reader = self.view.selected.and_then(|event| {
                    article_reader::ArticleReader::open(&self.document, event, &source)
                });
            }
            _ => {}
        }
        if let Some(reader) = &mut self.article_reader
            && !reader.ui(ui.ctx())
        {
            self.article_reader = None;
        }
        // Recompute visibility once per filter change, before the view draws.
        if self.filter != self.filter_at_last_apply {
            self.document.scene.set_filter(&self.filter);
            self.filter_at_last_apply = self.filter.clone();
            self.apply_comparison();
            self.view.follow_filter(&self.document);
        }
        // Every new document (opened, reloaded, loaded off the thread) gets the setting here,
        // once: the scene does nothing when it already shows lanes this way.
        self.document
            .scene
            .set_show_empty_lanes(self.settings.show_empty_lanes);
        if self.table.open {
            let table_action = egui::Panel::bottom("table")
                .resizable(true)
                .default_size(240.0)
                .show(ui, |ui| {
                    self.table.ui(ui, &self.document, self.view.selected)
                })
                .inner;
            if let Some(table_view::TableAction::Select(event)) = table_action {
                self.view.selected = Some(event);
                self.view.keep_in_view(&self.document, event);
            }
        }
        let view_action = egui::CentralPanel::default()
            .show(ui, |ui| {
                ui.horizontal(|ui| {
                    ui.label(RichText::new(&self.document.scene.timeline().title).heading());
                    ui.add_space(24.0);
                    lanes_view::policy_legend_ui(ui, &self.document);
                });
                let action = self.view.ui(ui, &self.document);
                let removed = self
                    .compare
                    .as_ref()
                    .and_then(|compare| compare.paint_overlay(ui, &self.view, &self.document));
                match removed {
                    Some(old_event) => {
                        self.commands.push(Command::SelectRemoved(Some(old_event)));
                        None
                    }
                    None => action,
                }
            })
            .inner;
        match view_action {
            Some(ViewAction::Select(selection)) => {
                self.view.selected = selection;
                if let Some(compare) = &mut self.compare {
                    compare.selected_ghost = None;
                }
            }
            Some(ViewAction::ClearFilters) => self.commands.push(Command::ClearFilters),
            None => {}
        }
        self.windows
            .ui(&ctx, &self.document, self.failed_diagnostics.as_ref());
        self.apply_commands(&ctx);
        // The picture waits for the files (the old one too, when comparing) and the view.
        let busy = self.is_loading()
            || self.view.pending_window.is_some()
            || self.view.pending_fit
            || matches!(self.screen_fit, ScreenFit::Resizing { .. });
        if let Some(screenshot) = &mut self.screenshot {
            screenshot.after_frame(&ctx, busy);
        }
    }
}

/// "3 empty lanes hidden  Show" in the status bar, beside the event count, when the filters
/// fold lanes; the menu's View > Show empty lanes does the same.
fn folded_lanes_ui(ui: &mut egui::Ui, document: &Document) -> Option<Command> {
    let folded = document.scene.folded_lane_count();
    if folded == 0 {
        return None;
    }
    ui.separator();
    let text = format!("{} hidden", crate::diagnostic::plural(folded, "empty lane"));
    ui.label(RichText::new(text).weak());
    ui.link("Show")
        .on_hover_text("Show the lanes whose events the filters hide (View > Show empty lanes)")
        .clicked()
        .then_some(Command::SetShowEmptyLanes(true))
}

fn describe_failure(origin: &Origin, diagnostics: &[crate::diagnostic::Diagnostic]) -> String {
    let name = origin.file_name();
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    match diagnostics.iter().find(|d| d.is_error()) {
        Some(first) if errors > 1 => format!("{} (and {} more)", first.one_line(&name), errors - 1),
        Some(first) => first.one_line(&name),
        None => format!("{name}: could not be loaded"),
    }
}

/// DejaVu Sans, bundled, as the last fallback: timelines use arrows, dashes and accents that
/// egui's default font lacks, and the app must not depend on the machine's fonts for them.
fn install_fallback_font(ctx: &egui::Context) {
    static DEJAVU_SANS: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");
    ctx.add_font(egui::epaint::text::FontInsert::new(
        "DejaVuSans",
        egui::FontData::from_static(DEJAVU_SANS),
        vec![
            egui::epaint::text::InsertFontFamily {
                family: egui::FontFamily::Proportional,
                priority: egui::epaint::text::FontPriority::Lowest,
            },
            egui::epaint::text::InsertFontFamily {
                family: egui::FontFamily::Monospace,
                priority: egui::epaint::text::FontPriority::Lowest,
            },
        ],
    ));
}

/// Names of the people with these ids (the id itself when unknown).
pub fn names_of_people(timeline: &Timeline, ids: &[Interned]) -> Vec<String> {
    ids.iter()
        .map(|id| {
            timeline
                .people
                .iter()
                .find(|p| p.id == *id)
                .map_or_else(|| id.to_string(), |p| p.name.clone())
        })
        .collect()
}

/// Names of the cartels with these ids (the id itself when unknown).
pub fn names_of_cartels(timeline: &Timeline, ids: &[Interned]) -> Vec<String> {
    ids.iter()
        .map(|id| {
            timeline
                .cartels
                .iter()
                .find(|c| c.id == *id)
                .map_or_else(|| id.to_string(), |c| c.name.clone())
        })
        .collect()
}

impl eframe::App for ChronolanesApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        self.frame_ui(ui);
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        if self.screenshot.is_none() {
            eframe::set_value(storage, eframe::APP_KEY, &self.settings);
        }
    }
}

/// `Err` with a message when the timeline at `file` (the bundled one when `None`) opens and has
/// no story `id`. A file that does not open passes: the app shows why it does not.
pub fn check_story_id(file: Option<&Path>, id: &str) -> Result<(), String> {
    let loaded = match file {
        Some(path) => match crate::open::open_file(path) {
            Ok(opened) => opened.loaded,
            Err(_) => return Ok(()),
        },
        None => crate::load::load_str(document::BUNDLED_TIMELINE),
    };
    let Some(timeline) = &loaded.timeline else {
        return Ok(());
    };
    if timeline.stories.iter().any(|story| story.id == id) {
        return Ok(());
    }
    let ids: Vec<&str> = timeline.stories.iter().map(|s| s.id.as_str()).collect();
    let known = if ids.is_empty() {
        "the timeline has no stories".to_string()
    } else {
        format!("its stories are: {}", ids.join(", "))
    };
    let hint = crate::suggest::closest(id, ids.iter().copied())
        .map(|close| format!("did you mean `{close}`? "))
        .unwrap_or_default();
    Err(format!(
        "--present: no story has the id `{id}`; {hint}{known}"
    ))
}

/// Opens the viewer as `startup` says; with its `screenshot`, saves the first complete frame as
/// PNG and exits.
pub fn launch(startup: Startup) -> ExitCode {
    let taking_screenshot = startup.screenshot.is_some();
    let result = screenshot::Outcome::default();
    let shared_result = result.clone();
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_inner_size(DEFAULT_WINDOW_SIZE)
            .with_min_inner_size([640.0, 400.0])
            .with_title("Chronolanes")
            .with_app_id("chronolanes"),
        persist_window: !taking_screenshot,
        ..Default::default()
    };
    let run = eframe::run_native(
        "chronolanes",
        options,
        Box::new(move |cc| {
            let mut app = ChronolanesApp::new(cc, startup);
            if let Some(screenshot) = &mut app.screenshot {
                screenshot.set_outcome(shared_result);
            }
            Ok(Box::new(app))
        }),
    );
    if let Err(error) = run {
        eprintln!("error: could not open the window: {error}");
        return ExitCode::FAILURE;
    }
    if taking_screenshot {
        return match result.take() {
            Some(Ok(path)) => {
                eprintln!("saved {}", path.display());
                ExitCode::SUCCESS
            }
            Some(Err(error)) => {
                eprintln!("error: {error}");
                ExitCode::FAILURE
            }
            None => {
                eprintln!("error: the window closed before a screenshot was taken");
                ExitCode::FAILURE
            }
        };
    }
    ExitCode::SUCCESS
}
