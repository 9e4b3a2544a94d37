//! The command line: the clap definitions, the exit codes, and [`run`], which hands each
//! subcommand to its file (`check.rs`, `list.rs`, `render.rs`, `publish.rs`, `import.rs`,
//! `generate.rs`).
//! Without a subcommand, `main` opens the viewer.
//!
//! The commands sit on top of the core (open, filter, export, …); nothing in the core imports
//! this module.

mod check;
mod diff;
mod export;
mod generate;
mod import;
mod list;
mod publish;
mod render;

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};

use crate::date::Date;
use crate::diagnostic::{Counts, plural};
use crate::export::events::EventFormat;
use crate::filter::Filter;
use crate::model::{KindSelector, Timeline};
use crate::open::open_file;

/// Exit code when a file has errors.
pub const EXIT_ERRORS: u8 = 1;
/// Exit code when a file cannot be read or the arguments are wrong.
pub const EXIT_UNUSABLE: u8 = 2;

#[derive(Parser, Debug)]
#[command(
    name = "chronolanes",
    version,
    about = "Timelines as interactive lanes on one time axis.",
    long_about = "Timelines as interactive lanes on one time axis.\n\nWithout a subcommand, opens the viewer on FILE (or on the bundled Mexico–US extraditions timeline).",
    args_conflicts_with_subcommands = true
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,

    /// Render the window's first complete frame to this PNG file and exit (needs a display).
    #[arg(long, value_name = "OUT.png")]
    pub screenshot: Option<PathBuf>,

    /// Timeline to open (RON, or TimelineJS JSON/CSV); the bundled timeline when left out.
    pub file: Option<PathBuf>,

    /// Open in compare mode: FILE shown against OLD, an earlier version of it (any format).
    #[arg(long, value_name = "OLD")]
    pub compare: Option<PathBuf>,

    /// The view to open on: filters, grouping, time range, selection, presenting.
    #[command(flatten)]
    pub view: ViewArgs,
}

/// What the viewer shows first, so that a command line pasted into a chat opens the same view
/// for a colleague. The filters mean what they mean in `list`.
#[derive(Args, Debug, Clone, Default)]
pub struct ViewArgs {
    #[command(flatten)]
    pub filter: FilterArgs,
    /// One lane per kind, person or cartel.
    #[arg(long, value_name = "kind|person|cartel")]
    pub group_by: Option<crate::lanes::Grouping>,
    /// The time range shown, as FROM..TO in the file's date syntax (`2013..2025`,
    /// `2025-02..2025-03-15`); TO is inclusive. Without it the view fits the visible events.
    #[arg(long, value_name = "FROM..TO", value_parser = parse_window)]
    pub window: Option<crate::timescale::TimeWindow>,
    /// Select the event with this id (its details show, and it is brought into view).
    #[arg(long, value_name = "ID")]
    pub select: Option<String>,
    /// Start presenting: the visible events in date order, or the story with this id. Put FILE
    /// before `--present` (a word after it is taken as the story).
    #[arg(long, value_name = "STORY", num_args = 0..=1)]
    pub present: Option<Option<String>>,
    /// Draw long stretches with no visible event as narrow breaks on the time axis (as View >
    /// Compress empty years does).
    #[arg(long)]
    pub compress: bool,
    /// Open the event table under the lanes (as View > Table does).
    #[arg(long)]
    pub table: bool,
}

/// `FROM..TO` → the days from FROM's first to TO's last, inclusive (the syntax of
/// [`crate::date::DateRange`], which story steps share).
fn parse_window(text: &str) -> Result<crate::timescale::TimeWindow, String> {
    crate::date::DateRange::parse(text).map(crate::timescale::TimeWindow::of_range)
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Check timeline files (RON, or TimelineJS JSON/CSV) and print every problem as
    /// FILE:LINE:COL: error|warning: MESSAGE.
    Check {
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
        /// Fail (exit 1) on warnings too.
        #[arg(long)]
        deny_warnings: bool,
        /// Print only the one-line diagnostics, without source excerpts.
        #[arg(long)]
        brief: bool,
        /// Look for the sources' archived articles in DIR instead of beside each file.
        #[arg(long, value_name = "DIR")]
        archive_dir: Option<PathBuf>,
        /// Warn when a source's archive cannot be read, or a quoted source has none (silent
        /// otherwise).
        #[arg(long)]
        require_archives: bool,
    },
    /// List the events of a timeline that match the filters, sorted by date.
    List {
        #[arg(value_name = "FILE")]
        file: PathBuf,
        #[command(flatten)]
        filter: FilterArgs,
        /// Output format.
        #[arg(long, value_enum, default_value_t = EventFormat::Table)]
        format: EventFormat,
    },
    /// Write a deterministic synthetic timeline (invented names) for benchmarks and tests.
    Generate {
        /// Number of events.
        #[arg(long)]
        events: usize,
        /// Number of people (at most one per event, so that each is referred to).
        #[arg(long, default_value_t = crate::generate::DEFAULT_PEOPLE)]
        people: usize,
        /// Number of cartels (at most one per person).
        #[arg(long, default_value_t = crate::generate::DEFAULT_CARTELS)]
        cartels: usize,
        /// Seed: the same seed and counts always give the same file.
        #[arg(long, default_value_t = crate::generate::DEFAULT_SEED)]
        seed: u64,
        /// The RON file to write.
        #[arg(short = 'o', long, value_name = "FILE.ron")]
        output: PathBuf,
        /// Replace the output file if it exists.
        #[arg(long)]
        force: bool,
    },
    /// Convert a TimelineJS timeline (JSON, or the Google Sheets template as CSV) to format v1.
    Import {
        /// The TimelineJS file: .json, or .csv exported from the Google Sheets template.
        #[arg(value_name = "FILE")]
        file: PathBuf,
        /// Write the timeline here (RON) instead of to standard output.
        #[arg(short = 'o', long, value_name = "OUT.ron")]
        output: Option<PathBuf>,
        /// Replace OUT if it exists.
        #[arg(long)]
        force: bool,
    },
    /// Draw the lanes as a picture (SVG, or PNG), without a display.
    Render {
        #[arg(value_name = "FILE")]
        file: PathBuf,
        /// Output file: OUT.svg or OUT.png.
        #[arg(short = 'o', long, value_name = "OUT")]
        output: PathBuf,
        /// Width of the picture in pixels; the height follows the number of lanes.
        #[arg(long, value_name = "PX", default_value_t = crate::export::svg::DEFAULT_WIDTH_PX)]
        width: u32,
        /// One lane per kind, person or cartel.
        #[arg(long, value_name = "kind|person|cartel", default_value = "kind")]
        group_by: crate::lanes::Grouping,
        #[command(flatten)]
        filter: FilterArgs,
        /// Overwrite OUT if it exists.
        #[arg(long)]
        force: bool,
        /// Light text on a dark background.
        #[arg(long)]
        dark: bool,
        /// Draw long stretches with no event (whole years, over a quarter of the range) as
        /// narrow marked breaks on the axis, so the years with events get the width.
        #[arg(long)]
        compress: bool,
    },
    /// Write the timeline as one web page that works from disk, with no network request: the
    /// lanes with tooltips, details, filters, zoom, and the events as a list.
    Publish {
        #[arg(value_name = "FILE")]
        file: PathBuf,
        /// The HTML file to write.
        #[arg(short = 'o', long, value_name = "OUT.html")]
        output: PathBuf,
        /// One lane per kind, person or cartel.
        #[arg(long, value_name = "kind|person|cartel", default_value = "kind")]
        group_by: crate::lanes::Grouping,
        #[command(flatten)]
        filter: FilterArgs,
        /// Overwrite OUT if it exists.
        #[arg(long)]
        force: bool,
        /// Show this story of the file as slides (Next/Prev, Left/Right keys).
        #[arg(long, value_name = "ID")]
        story: Option<String>,
    },
    /// Write the events that match the filters in another tool's format (TimelineJS 3 JSON,
    /// which `import` reads back to the same events).
    Export {
        #[arg(value_name = "FILE")]
        file: PathBuf,
        /// Output format.
        #[arg(long = "to", value_enum, value_name = "FORMAT")]
        format: export::ExportFormat,
        /// The file to write.
        #[arg(short = 'o', long, value_name = "OUT.json")]
        output: PathBuf,
        /// Which lane names become TimelineJS groups: kind, person or cartel.
        #[arg(long, value_name = "kind|person|cartel", default_value = "kind")]
        group_by: crate::lanes::Grouping,
        #[command(flatten)]
        filter: ExportFilterArgs,
        /// Replace OUT if it exists.
        #[arg(long)]
        force: bool,
    },
    /// Compare two versions of a timeline: events added, removed and changed, and its entries.
    ///
    /// Events are matched by id; eras, people, cartels and sources are compared too. Exits 0
    /// when nothing differs, 1 when something does, 2 when a file cannot be read or has errors.
    Diff {
        /// The earlier version: RON, TimelineJS .json, or a .csv of the TimelineJS template.
        #[arg(value_name = "OLD")]
        old: PathBuf,
        /// The later version, in any of the same formats.
        #[arg(value_name = "NEW")]
        new: PathBuf,
        #[command(flatten)]
        filter: FilterArgs,
        /// Output format.
        #[arg(long, value_enum, default_value_t = crate::export::diff_report::DiffFormat::Table)]
        format: crate::export::diff_report::DiffFormat,
    },
}

/// Filter options shared by every command that selects events.
#[derive(Args, Debug, Clone, Default)]
pub struct FilterArgs {
    /// Kind: arrest, release, escape, extradition, court, violence, other, policy, or a policy
    /// subkind such as policy:tariff-deadline. Repeat for "any of".
    #[arg(long = "kind", value_name = "K")]
    pub kinds: Vec<KindSelector>,
    /// Person id, name or alias (case-insensitive). Repeat for "any of".
    #[arg(long = "person", value_name = "P")]
    pub people: Vec<String>,
    /// Cartel id, name or alias; also matches events of its members. Repeat for "any of".
    #[arg(long = "cartel", value_name = "C")]
    pub cartels: Vec<String>,
    /// Keep events whose period overlaps from this date on (YYYY, YYYY-MM or YYYY-MM-DD).
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub from: Option<Date>,
    /// Keep events whose period overlaps up to this date, inclusive (`--to 2013` includes 2013).
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub to: Option<Date>,
    /// Case-insensitive text in title, summary, place, tags, quotes, or names of people and
    /// cartels.
    #[arg(long, value_name = "TEXT")]
    pub search: Option<String>,
    /// Only events that a source disputes.
    #[arg(long)]
    pub disputed: bool,
}

/// The filter options of `list` for `export`, whose `--to` names the format: the last date is
/// `--until` there.
#[derive(Args, Debug, Clone, Default)]
pub struct ExportFilterArgs {
    /// As `list --kind`.
    #[arg(long = "kind", value_name = "K")]
    pub kinds: Vec<KindSelector>,
    /// As `list --person`.
    #[arg(long = "person", value_name = "P")]
    pub people: Vec<String>,
    /// As `list --cartel`.
    #[arg(long = "cartel", value_name = "C")]
    pub cartels: Vec<String>,
    /// As `list --from`.
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub from: Option<Date>,
    /// As `list --to`: events whose period overlaps up to this date, inclusive.
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub until: Option<Date>,
    /// As `list --search`.
    #[arg(long, value_name = "TEXT")]
    pub search: Option<String>,
    /// As `list --disputed`.
    #[arg(long)]
    pub disputed: bool,
}

impl ExportFilterArgs {
    pub fn to_filter(&self) -> Filter {
        FilterArgs {
            kinds: self.kinds.clone(),
            people: self.people.clone(),
            cartels: self.cartels.clone(),
            from: self.from,
            to: self.until,
            search: self.search.clone(),
            disputed: self.disputed,
        }
        .to_filter()
    }
}

impl FilterArgs {
    pub fn to_filter(&self) -> Filter {
        Filter {
            kinds: self.kinds.clone(),
            people: self.people.clone(),
            cartels: self.cartels.clone(),
            from: self.from,
            to: self.to,
            search: self.search.clone().unwrap_or_default(),
            disputed_only: self.disputed,
        }
    }
}

fn parse_date(text: &str) -> Result<Date, String> {
    Date::parse(text).map_err(|error| error.to_string())
}

/// Runs a subcommand; `None` means no subcommand was given (the caller opens the viewer).
pub fn run(command: Command) -> ExitCode {
    match command {
        Command::Check {
            files,
            deny_warnings,
            brief,
            archive_dir,
            require_archives,
        } => check::run_check(
            &files,
            &check::CheckOptions {
                deny_warnings,
                brief,
                archive_dir,
                require_archives,
            },
        ),
        Command::List {
            file,
            filter,
            format,
        } => list::run_list(&file, &filter.to_filter(), format),
        Command::Generate {
            events,
            people,
            cartels,
            seed,
            output,
            force,
        } => generate::run_generate(
            crate::generate::GenerateOptions {
                events,
                people,
                cartels,
                seed,
            },
            &output,
            force,
        ),
        Command::Import {
            file,
            output,
            force,
        } => import::run_import(&file, output.as_deref(), force),
        Command::Render {
            file,
            output,
            width,
            group_by,
            filter,
            force,
            dark,
            compress,
        } => render::run_render(&render::RenderRequest {
            file,
            output,
            width,
            grouping: group_by,
            filter,
            force,
            dark,
            compress,
        }),
        Command::Publish {
            file,
            output,
            group_by,
            filter,
            force,
            story,
        } => publish::run_publish(&publish::PublishRequest {
            file,
            output,
            grouping: group_by,
            filter,
            force,
            story,
        }),
        Command::Export {
            file,
            format,
            output,
            group_by,
            filter,
            force,
        } => export::run_export(&export::ExportRequest {
            file,
            format,
            output,
            grouping: group_by,
            filter,
            force,
        }),
        Command::Diff {
            old,
            new,
            filter,
            format,
        } => diff::run_diff(&old, &new, &filter.to_filter(), format),
    }
}

/// A file's name as the user gave it, for diagnostics.
fn display_name(path: &Path) -> String {
    path.display().to_string()
}

/// What the commands that write a picture, a page or an export do first: refuse an output that
/// would replace the input (or an existing file without `--force`) before any work, open the
/// input, and warn about filter values that match nothing in it. Gives the timeline, or the exit
/// code after saying why not.
fn open_for_output(
    input: &Path,
    output: &Path,
    force: bool,
    filter: &Filter,
) -> Result<Timeline, ExitCode> {
    if let Err(message) = crate::fs_util::check_output_path(input, output, force) {
        eprintln!("{}: error: {message}", output.display());
        return Err(ExitCode::from(EXIT_UNUSABLE));
    }
    let timeline = open_for_command(input)?;
    for message in filter.compile(&timeline).unmatched_values() {
        eprintln!("warning: {message}");
    }
    Ok(timeline)
}

/// Opens a timeline (any format [`crate::open`] knows) for a command that needs one; prints why
/// not and gives the exit code: [`EXIT_UNUSABLE`] when the file cannot be read, [`EXIT_ERRORS`]
/// (after its errors, with excerpts) when it has errors.
fn open_for_command(path: &Path) -> Result<Timeline, ExitCode> {
    let name = display_name(path);
    let mut opened = open_file(path).map_err(|error| {
        eprintln!("{name}: error: cannot read the file: {error}");
        ExitCode::from(EXIT_UNUSABLE)
    })?;
    if !opened.loaded.has_errors()
        && let Some(timeline) = opened.loaded.timeline.take()
    {
        return Ok(timeline);
    }
    let text = opened.text();
    for diagnostic in opened.loaded.diagnostics.iter().filter(|d| d.is_error()) {
        eprintln!("{}", diagnostic.with_excerpt(&name, &text));
    }
    let counts = Counts::of(&opened.loaded.diagnostics);
    eprintln!(
        "{name}: {}; fix them and run again",
        plural(counts.errors, "error")
    );
    Err(ExitCode::from(EXIT_ERRORS))
}

/// Writes a command's results to standard output, whole, and flushes them, so that a failed write
/// is seen: `print!` would panic on one, and what is left in the buffer at exit is dropped
/// silently.
fn try_write_stdout(bytes: &[u8]) -> std::io::Result<()> {
    let mut out = std::io::stdout().lock();
    out.write_all(bytes)?;
    out.flush()
}

/// [`try_write_stdout`] for a command that stops when its output cannot go anywhere. `Err` holds
/// the code to exit with: success when the reader closed the pipe (`chronolanes list f | head -1`
/// has what it asked for; Rust ignores SIGPIPE, so this is an `EPIPE` error, and it is not one for
/// the user), [`EXIT_UNUSABLE`] with a message for any other failure (a full disk, a closed
/// descriptor).
fn write_stdout(bytes: &[u8]) -> Result<(), ExitCode> {
    match try_write_stdout(bytes) {
        Ok(()) => Ok(()),
        Err(error) if error.kind() == std::io::ErrorKind::BrokenPipe => Err(ExitCode::SUCCESS),
        Err(error) => Err(stdout_failure(&error)),
    }
}

/// Says that standard output cannot be written; the exit code for it.
fn stdout_failure(error: &std::io::Error) -> ExitCode {
    eprintln!("chronolanes: cannot write to standard output: {error}");
    ExitCode::from(EXIT_UNUSABLE)
}

/// Says that an output file cannot be written; the exit code for it.
fn file_write_failure(output: &Path, error: &std::io::Error) -> ExitCode {
    eprintln!("chronolanes: cannot write {}: {error}", output.display());
    ExitCode::from(EXIT_UNUSABLE)
}
