//! `chronolanes render FILE -o OUT.svg|OUT.png`: the lanes as a picture, without a display.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::export::png::render_png;
use crate::export::svg::{MAX_WIDTH_PX, MIN_WIDTH_PX, RenderOptions, render};
use crate::filter::Filter;
use crate::fs_util::write_atomically;
use crate::lanes::Grouping;
use crate::scene::Scene;
use crate::timescale::TimeWindow;

use super::{
    EXIT_ERRORS, EXIT_UNUSABLE, FilterArgs, file_write_failure, open_for_output, write_stdout,
};

/// What the output file's extension asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PictureFormat {
    Svg,
    Png,
}

impl PictureFormat {
    pub fn of(path: &Path) -> Result<PictureFormat, String> {
        let extension = path
            .extension()
            .map(|e| e.to_string_lossy().to_ascii_lowercase());
        match extension.as_deref() {
            Some("svg") => Ok(PictureFormat::Svg),
            Some("png") => Ok(PictureFormat::Png),
            _ => Err(format!(
                "`{}`: the output must end in .svg or .png",
                path.display()
            )),
        }
    }
}

/// The arguments of `render`.
#[derive(Clone, Debug)]
pub struct RenderRequest {
    pub file: PathBuf,
    pub output: PathBuf,
    pub width: u32,
    pub grouping: Grouping,
    pub filter: FilterArgs,
    pub force: bool,
    pub dark: bool,
    /// Draw long stretches without events as narrow breaks (`--compress`).
    pub compress: bool,
}

/// The time shown: `--from`/`--to` where given, the rest fitted to the scene's visible events.
/// `None` when neither is given: the picture then fits the events itself, knowing its plot
/// width and breaks, so that the first and last titles fit.
pub fn window_for(scene: &Scene, filter: &Filter) -> Option<TimeWindow> {
    if filter.from.is_none() && filter.to.is_none() {
        return None;
    }
    // The plot width only matters with breaks; without them this is the linear fit.
    let fitted = scene.fit_window();
    let start = filter
        .from
        .map_or(fitted.start_day, |d| d.first_day() as f64);
    let end = filter
        .to
        .map_or(fitted.end_day, |d| d.last_day() as f64 + 1.0);
    Some(if start < end {
        TimeWindow::new(start, end)
    } else {
        // `--from` after every event (or after `--to`): show a year from `--from` on.
        TimeWindow::new(start, start + 365.0)
    })
}

/// Draws the timeline of `request.file` (any format [`crate::open`] knows) into `request.output`,
/// then says what it wrote.
pub fn run_render(request: &RenderRequest) -> ExitCode {
    let output = &request.output;
    let format = match PictureFormat::of(output) {
        Ok(format) => format,
        Err(message) => {
            eprintln!("error: {message}");
            return ExitCode::from(EXIT_UNUSABLE);
        }
    };
    if !(MIN_WIDTH_PX..=MAX_WIDTH_PX).contains(&request.width) {
        eprintln!(
            "error: --width must be between {MIN_WIDTH_PX} and {MAX_WIDTH_PX} pixels, not {}",
            request.width
        );
        return ExitCode::from(EXIT_UNUSABLE);
    }
    let filter = request.filter.to_filter();
    let timeline = match open_for_output(&request.file, output, request.force, &filter) {
        Ok(timeline) => timeline,
        Err(code) => return code,
    };
    // The same scene as the app's for this file, grouping and filter: the same lanes (empty
    // ones folded) and events.
    let scene = Scene::new(timeline, request.grouping, &filter);
    let options = RenderOptions {
        width_px: request.width,
        window: window_for(&scene, &filter),
        dark: request.dark,
        show_labels: true,
        compress: request.compress,
    };
    let rendering = render(&scene, &options);
    if rendering.visible_events == 0 {
        eprintln!("warning: no events match the filters; the picture has empty lanes");
    }
    let bytes = match format {
        PictureFormat::Svg => rendering.svg.clone().into_bytes(),
        PictureFormat::Png => match render_png(&rendering.svg) {
            Ok(bytes) => bytes,
            Err(message) => {
                eprintln!("error: {message}");
                return ExitCode::from(EXIT_ERRORS);
            }
        },
    };
    if let Err(error) = write_atomically(output, &bytes) {
        return file_write_failure(output, &error);
    }
    let hidden = match rendering.hidden_labels {
        0 => String::new(),
        n => format!(
            "; {} did not fit (narrow the dates with --from/--to)",
            crate::diagnostic::plural(n, "title")
        ),
    };
    let clusters = match rendering.clusters {
        0 => String::new(),
        n => format!(
            " ({} in {})",
            rendering.clustered_events,
            crate::diagnostic::plural(n, "cluster")
        ),
    };
    let breaks = match rendering.axis_breaks {
        0 => String::new(),
        n => format!(", {}", crate::diagnostic::plural(n, "axis break")),
    };
    let summary = format!(
        "wrote {}: {}×{} px, {}{clusters}{breaks}{hidden}\n",
        output.display(),
        rendering.width_px,
        rendering.height_px,
        crate::diagnostic::plural(rendering.markers, "marker"),
    );
    match write_stdout(summary.as_bytes()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(code) => code,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn without_from_or_to_the_picture_fits_the_window_itself() {
        let loaded = crate::load::load_str(
            r#"Timeline(title: "T", sources: [Source(id: "s", title: "S")], events: [
                Event(id: "a", kind: Arrest, date: "2013-07-15", title: "A", sources: ["s"]),
                Event(id: "b", kind: Court, date: "2020-07-15", title: "B", sources: ["s"])])"#,
        );
        let scene = Scene::new(loaded.timeline.unwrap(), Grouping::Kind, &Filter::default());
        assert_eq!(window_for(&scene, &Filter::default()), None);
        let from = crate::date::Date::parse("2019").unwrap();
        let window = window_for(
            &scene,
            &Filter {
                from: Some(from),
                ..Filter::default()
            },
        )
        .expect("a window from --from");
        assert_eq!(window.start_day, from.first_day() as f64);
        // The end is the fitted one: after the last event.
        let last = crate::date::Date::parse("2020-07-15").unwrap();
        assert!(window.end_day > last.first_day() as f64);
    }

    #[test]
    fn format_follows_the_extension() {
        assert_eq!(
            PictureFormat::of(Path::new("a/lanes.SVG")),
            Ok(PictureFormat::Svg)
        );
        assert_eq!(
            PictureFormat::of(Path::new("lanes.png")),
            Ok(PictureFormat::Png)
        );
        assert!(PictureFormat::of(Path::new("lanes.pdf")).is_err());
        assert!(PictureFormat::of(Path::new("lanes")).is_err());
    }
}
