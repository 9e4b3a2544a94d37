//! The command line: `check`, `list`, and (without a subcommand) the viewer.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};

use crate::date::Date;
use crate::diagnostic::{Counts, plural};
use crate::export::events::{EventFormat, write_events};
use crate::filter::Filter;
use crate::load::{ReadError, load_bytes, read_file_bytes};
use crate::model::{KindSelector, Timeline};

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

    /// Timeline to open (RON); the bundled timeline when left out.
    pub file: Option<PathBuf>,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Check timeline files and print every problem as FILE:LINE:COL: error|warning: MESSAGE.
    Check {
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
        /// Fail (exit 1) on warnings too.
        #[arg(long)]
        deny_warnings: bool,
        /// Print only the one-line diagnostics, without source excerpts.
        #[arg(long)]
        brief: bool,
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
    /// Case-insensitive text in title, summary, place, tags, or names of people and cartels.
    #[arg(long, value_name = "TEXT")]
    pub search: Option<String>,
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
        } => check(&files, deny_warnings, brief),
        Command::List {
            file,
            filter,
            format,
        } => list(&file, &filter.to_filter(), format),
        Command::Generate {
            events,
            people,
            cartels,
            seed,
            output,
            force,
        } => crate::generate::command(
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
        } => crate::import::command::run_import(&file, output.as_deref(), force),
        Command::Render {
            file,
            output,
            width,
            group_by,
            filter,
            force,
            dark,
        } => crate::export::render_command::run_render(
            &crate::export::render_command::RenderRequest {
                file,
                output,
                width,
                grouping: group_by,
                filter,
                force,
                dark,
            },
        ),
    }
}

/// A file's name as the user gave it, for diagnostics.
fn display_name(path: &Path) -> String {
    path.display().to_string()
}

fn check(files: &[PathBuf], deny_warnings: bool, brief: bool) -> ExitCode {
    let mut total = Counts::default();
    let mut unreadable = 0;
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    for (position, path) in files.iter().enumerate() {
        let name = display_name(path);
        let bytes = match read_file_bytes(path) {
            Ok(bytes) => bytes,
            Err(error) => {
                eprintln!("{name}: error: cannot read the file: {error}");
                unreadable += 1;
                continue;
            }
        };
        let loaded = load_bytes(&bytes);
        // Only excerpts need the text; converting it is a second pass over a large clean file.
        let text = if loaded.diagnostics.is_empty() {
            Default::default()
        } else {
            String::from_utf8_lossy(&bytes)
        };
        for diagnostic in &loaded.diagnostics {
            let line = if brief {
                diagnostic.one_line(&name)
            } else {
                diagnostic.with_excerpt(&name, &text)
            };
            let _ = writeln!(out, "{line}");
        }
        let counts = Counts::of(&loaded.diagnostics);
        total.errors += counts.errors;
        total.warnings += counts.warnings;
        if position + 1 == files.len() {
            // Freeing a million events one by one takes longer than the process needs to exit,
            // which frees them at once.
            std::mem::forget(loaded);
        }
    }
    let checked = files.len() - unreadable;
    let mut summary = format!(
        "checked {}: {}, {}",
        plural(checked, "file"),
        plural(total.errors, "error"),
        plural(total.warnings, "warning")
    );
    if unreadable > 0 {
        summary.push_str(&format!(
            "; {} could not be read",
            plural(unreadable, "file")
        ));
    }
    let _ = writeln!(out, "{summary}");
    if unreadable > 0 {
        ExitCode::from(EXIT_UNUSABLE)
    } else if total.errors > 0 || (deny_warnings && total.warnings > 0) {
        ExitCode::from(EXIT_ERRORS)
    } else {
        ExitCode::SUCCESS
    }
}

/// Loads a timeline for a command that needs one; prints why not and gives the exit code.
pub fn load_for_command(path: &Path) -> Result<Timeline, ExitCode> {
    let name = display_name(path);
    let bytes = read_file_bytes(path).map_err(|error: ReadError| {
        eprintln!("{name}: error: cannot read the file: {error}");
        ExitCode::from(EXIT_UNUSABLE)
    })?;
    let loaded = load_bytes(&bytes);
    match loaded.timeline {
        Some(timeline) if !loaded.has_errors() => Ok(timeline),
        _ => {
            let text = String::from_utf8_lossy(&bytes);
            for diagnostic in loaded.diagnostics.iter().filter(|d| d.is_error()) {
                eprintln!("{}", diagnostic.with_excerpt(&name, &text));
            }
            let counts = Counts::of(&loaded.diagnostics);
            eprintln!(
                "{name}: {}; fix them and run again",
                plural(counts.errors, "error")
            );
            Err(ExitCode::from(EXIT_ERRORS))
        }
    }
}

fn list(path: &Path, filter: &Filter, format: EventFormat) -> ExitCode {
    let timeline = match load_for_command(path) {
        Ok(timeline) => timeline,
        Err(code) => return code,
    };
    for message in filter.compile(&timeline).unmatched_values() {
        eprintln!("warning: {message}");
    }
    let scene = crate::scene::Scene::new(timeline, crate::lanes::Grouping::Kind, filter);
    let _ = std::io::stdout().write_all(write_events(&scene, format).as_bytes());
    ExitCode::SUCCESS
}
