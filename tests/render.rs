//! `chronolanes render`: the SVG is read back as XML and checked against the library's own
//! filter, lanes and ticks; the PNG is decoded; the command refuses to overwrite what it should
//! not. The binary runs without a display.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use chronolanes::export::svg::AXIS_CHAR_PX;
use chronolanes::export::text_metrics::text_width_px;
use chronolanes::filter::{Filter, matching_events};
use chronolanes::lanes::{Grouping, LaneAssignment};
use chronolanes::load::load_str;
use chronolanes::model::Timeline;
use chronolanes::timescale::{TimeWindow, choose_step, ticks};

const BINARY: &str = env!("CARGO_BIN_EXE_chronolanes");
const BUNDLED: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/timelines/mexico-us-extraditions.ron"
);

fn bundled() -> Timeline {
    let text = std::fs::read_to_string(BUNDLED).unwrap();
    load_str(&text).timeline.unwrap()
}

/// Runs the binary with no display available.
fn run(args: &[&str]) -> Output {
    Command::new(BINARY)
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .output()
        .expect("the binary runs")
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// Renders the bundled timeline to an SVG with extra arguments and returns its text.
fn render_svg(dir: &Path, name: &str, extra: &[&str]) -> String {
    let out = dir.join(name);
    let out_text = out.to_string_lossy().into_owned();
    let mut args = vec!["render", BUNDLED, "-o", &out_text];
    args.extend_from_slice(extra);
    let output = run(&args);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    std::fs::read_to_string(&out).unwrap()
}

fn attr_f64(node: roxmltree::Node, name: &str) -> f64 {
    node.attribute(name)
        .unwrap_or_else(|| panic!("<{}> without {name}", node.tag_name().name()))
        .parse()
        .unwrap()
}

fn with_class<'a, 'i>(
    document: &'a roxmltree::Document<'i>,
    class: &'a str,
) -> impl Iterator<Item = roxmltree::Node<'a, 'i>> + 'a {
    document
        .descendants()
        .filter(move |n| n.attribute("class") == Some(class))
}

fn texts_with_class(document: &roxmltree::Document, class: &str) -> Vec<String> {
    with_class(document, class)
        .map(|n| n.text().unwrap_or_default().to_string())
        .collect()
}

fn marker_ids(document: &roxmltree::Document) -> Vec<String> {
    let mut ids: Vec<String> = document
        .descendants()
        .filter_map(|n| n.attribute("data-id"))
        .map(str::to_string)
        .collect();
    ids.sort();
    ids
}

#[test]
fn bundled_timeline_has_one_marker_per_event_and_every_lane_label() {
    let dir = tempfile::tempdir().unwrap();
    let svg = render_svg(dir.path(), "lanes.svg", &[]);
    let document = roxmltree::Document::parse(&svg).expect("well-formed SVG");
    let timeline = bundled();

    let mut expected: Vec<String> = timeline.events.iter().map(|e| e.id.to_string()).collect();
    expected.sort();
    assert_eq!(marker_ids(&document), expected);
    // Each event's group shows its marker and names it in a <title>.
    for group in document
        .descendants()
        .filter(|n| n.has_attribute("data-id"))
    {
        assert!(
            group
                .children()
                .any(|c| c.attribute("class") == Some("marker")),
            "{:?} has no marker",
            group.attribute("data-id")
        );
        let title = group
            .children()
            .find(|c| c.has_tag_name("title"))
            .and_then(|t| t.text())
            .unwrap_or_default();
        let event = timeline
            .events
            .iter()
            .find(|e| Some(&*e.id) == group.attribute("data-id"))
            .unwrap();
        assert!(title.starts_with(&*event.title), "{title}");
    }

    let lanes: Vec<String> = LaneAssignment::new(&timeline, Grouping::Kind)
        .lanes
        .into_iter()
        .map(|l| l.label)
        .collect();
    assert_eq!(texts_with_class(&document, "lane-label"), lanes);
    assert_eq!(
        texts_with_class(&document, "title"),
        ["Mexico–US extraditions, 1985–2025"]
    );
    let footer = texts_with_class(&document, "footer").join(" ");
    assert!(
        footer.starts_with("61 events · sources: VICE News, "),
        "{footer}"
    );
    let legend = texts_with_class(&document, "legend");
    for entry in [
        "Arrests (8)",
        "Policy (17)",
        "FTO designation",
        "tariff deadline",
    ] {
        assert!(legend.iter().any(|l| l == entry), "{entry} in {legend:?}");
    }
}

#[test]
fn a_filtered_render_draws_exactly_the_matching_events() {
    let dir = tempfile::tempdir().unwrap();
    let svg = render_svg(dir.path(), "sinaloa.svg", &["--cartel", "sinaloa"]);
    let document = roxmltree::Document::parse(&svg).unwrap();
    let timeline = bundled();
    let filter = Filter {
        cartels: vec!["sinaloa".into()],
        ..Filter::default()
    };
    let mut expected: Vec<String> = matching_events(&timeline, &filter)
        .into_iter()
        .map(|i| timeline.events[i].id.to_string())
        .collect();
    expected.sort();
    assert!(expected.len() > 5 && expected.len() < timeline.events.len());
    assert_eq!(marker_ids(&document), expected);
    let footer = texts_with_class(&document, "footer").join(" ");
    assert!(
        footer.starts_with(&format!("{} events · sources:", expected.len())),
        "{footer}"
    );
}

#[test]
fn person_lanes_are_labelled_with_names_as_written() {
    let dir = tempfile::tempdir().unwrap();
    let svg = render_svg(
        dir.path(),
        "people.svg",
        &["--group-by", "person", "--kind", "extradition"],
    );
    let document = roxmltree::Document::parse(&svg).unwrap();
    let labels = texts_with_class(&document, "lane-label");
    assert!(
        labels.iter().any(|l| l == "Joaquín Guzmán Loera"),
        "{labels:?}"
    );
    assert!(
        labels.iter().any(|l| l == "Rafael Caro Quintero"),
        "{labels:?}"
    );
    // Lanes of people without an extradition are left out.
    assert!(!labels.iter().any(|l| l == "Donald Trump"), "{labels:?}");
}

#[test]
fn tick_labels_for_a_known_window_are_the_apps() {
    let dir = tempfile::tempdir().unwrap();
    let svg = render_svg(
        dir.path(),
        "q1.svg",
        &["--from", "2025-01", "--to", "2025-04"],
    );
    let document = roxmltree::Document::parse(&svg).unwrap();
    let labels = texts_with_class(&document, "tick-label");
    assert_eq!(
        labels,
        ["Jan 2025", "Feb 2025", "Mar 2025", "Apr 2025", "May 2025"]
    );
    // The same ticks the time scale gives for the window and width the picture reports.
    let root = document.root_element();
    let window = TimeWindow::new(
        attr_f64(root, "data-window-start"),
        attr_f64(root, "data-window-end"),
    );
    let plot_width = attr_f64(root, "data-plot-width");
    let expected: Vec<String> = ticks(window, choose_step(window, plot_width, AXIS_CHAR_PX))
        .into_iter()
        .map(|t| t.label)
        .collect();
    assert_eq!(labels, expected);
}

/// Every drawn coordinate (and every text's extent) of a picture lies on its canvas.
fn assert_inside_canvas(svg: &str) {
    let document = roxmltree::Document::parse(svg).unwrap();
    let root = document.root_element();
    let (width, height) = (attr_f64(root, "width"), attr_f64(root, "height"));
    let inside = |x: f64, y: f64, what: &str| {
        assert!(
            (0.0..=width).contains(&x) && (0.0..=height).contains(&y),
            "{what} at ({x}, {y}) outside {width}×{height}"
        );
    };
    let mut checked = 0;
    for node in document.descendants().filter(|n| n.is_element()) {
        match node.tag_name().name() {
            "polygon" => {
                for point in node.attribute("points").unwrap().split(' ') {
                    let (x, y) = point.split_once(',').unwrap();
                    inside(x.parse().unwrap(), y.parse().unwrap(), "polygon point");
                }
            }
            "text" => {
                let (x, y) = (attr_f64(node, "x"), attr_f64(node, "y"));
                let size = attr_f64(node, "font-size");
                let bold = node.attribute("font-weight") == Some("bold");
                let text_width = text_width_px(node.text().unwrap_or_default(), size, bold);
                let (left, right) = match node.attribute("text-anchor") {
                    Some("middle") => (x - text_width / 2.0, x + text_width / 2.0),
                    Some("end") => (x - text_width, x),
                    _ => (x, x + text_width),
                };
                let text = node.text().unwrap_or_default();
                inside(left, y - size, text);
                inside(right, y, text);
            }
            "line" => {
                inside(attr_f64(node, "x1"), attr_f64(node, "y1"), "line start");
                inside(attr_f64(node, "x2"), attr_f64(node, "y2"), "line end");
            }
            "rect" if node.has_attribute("x") => {
                let (x, y) = (attr_f64(node, "x"), attr_f64(node, "y"));
                inside(x, y, "rect corner");
                inside(
                    x + attr_f64(node, "width"),
                    y + attr_f64(node, "height"),
                    "rect corner",
                );
            }
            _ => continue,
        }
        checked += 1;
    }
    assert!(checked > 50, "only {checked} elements checked");
}

#[test]
fn nothing_is_drawn_outside_the_canvas() {
    let dir = tempfile::tempdir().unwrap();
    let cases: [&[&str]; 5] = [
        &[],
        &["--width", "480"],
        &["--from", "2025-01", "--to", "2025-04", "--dark"],
        &["--group-by", "person", "--from", "2019", "--width", "900"],
        &["--group-by", "cartel", "--to", "2014"],
    ];
    for (index, extra) in cases.iter().enumerate() {
        let svg = render_svg(dir.path(), &format!("case{index}.svg"), extra);
        assert_inside_canvas(&svg);
    }
}

#[test]
fn png_has_the_requested_width_the_svg_height_and_real_content() {
    let dir = tempfile::tempdir().unwrap();
    let svg = render_svg(dir.path(), "lanes.svg", &["--width", "1000"]);
    let document = roxmltree::Document::parse(&svg).unwrap();
    let svg_height = attr_f64(document.root_element(), "height");

    let png_path = dir.path().join("lanes.png");
    let output = run(&[
        "render",
        BUNDLED,
        "-o",
        &png_path.to_string_lossy(),
        "--width",
        "1000",
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.starts_with("wrote "), "{stdout}");
    let png = std::fs::read(&png_path).unwrap();
    let pixmap = resvg::tiny_skia::Pixmap::decode_png(&png).expect("a PNG");
    assert_eq!(pixmap.width(), 1000);
    assert_eq!(f64::from(pixmap.height()), svg_height);
    let colours: HashSet<[u8; 4]> = pixmap
        .pixels()
        .iter()
        .map(|p| [p.red(), p.green(), p.blue(), p.alpha()])
        .collect();
    assert!(colours.len() > 200, "only {} colours", colours.len());
    // Mostly background, but with plenty of ink (text, markers, lines).
    let ink = pixmap
        .pixels()
        .iter()
        .filter(|p| p.red() < 200 || p.green() < 200 || p.blue() < 200)
        .count();
    let total = pixmap.pixels().len();
    assert!(ink > total / 50 && ink < total / 2, "{ink} of {total}");
}

fn copy_of_bundled(dir: &Path) -> PathBuf {
    let path = dir.join("timeline.ron");
    std::fs::copy(BUNDLED, &path).unwrap();
    path
}

#[test]
fn an_existing_output_is_kept_unless_forced() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("lanes.svg");
    std::fs::write(&out, "keep me").unwrap();
    let out_text = out.to_string_lossy().into_owned();
    let refused = run(&["render", BUNDLED, "-o", &out_text]);
    assert_eq!(refused.status.code(), Some(2));
    assert!(stderr(&refused).contains("already exists; add --force"));
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "keep me");

    let forced = run(&["render", BUNDLED, "-o", &out_text, "--force"]);
    assert_eq!(forced.status.code(), Some(0), "{}", stderr(&forced));
    assert!(std::fs::read_to_string(&out).unwrap().starts_with("<svg"));
    // The temporary file was renamed, not left behind.
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
}

#[test]
fn the_timeline_itself_is_never_overwritten() {
    let dir = tempfile::tempdir().unwrap();
    let timeline = copy_of_bundled(dir.path());
    // Even with a picture extension and --force, through another spelling of the same path.
    let svg_named = dir.path().join("timeline.svg");
    std::fs::rename(&timeline, &svg_named).unwrap();
    let other_spelling = dir.path().join(".").join("timeline.svg");
    let output = run(&[
        "render",
        &svg_named.to_string_lossy(),
        "-o",
        &other_spelling.to_string_lossy(),
        "--force",
    ]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("is the input file: refusing to write over it"),
        "{}",
        stderr(&output)
    );
    assert_eq!(
        std::fs::read_to_string(&svg_named).unwrap(),
        std::fs::read_to_string(BUNDLED).unwrap()
    );
}

#[test]
fn wrong_output_extension_and_width_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("lanes.pdf");
    let output = run(&["render", BUNDLED, "-o", &pdf.to_string_lossy()]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("must end in .svg or .png"));
    let png = dir.path().join("lanes.png");
    let output = run(&[
        "render",
        BUNDLED,
        "-o",
        &png.to_string_lossy(),
        "--width",
        "10",
    ]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("--width must be between"));
    assert!(!pdf.exists() && !png.exists());
}

#[test]
fn a_broken_file_prints_diagnostics_exits_1_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("broken.svg");
    let output = run(&[
        "render",
        "tests/data/broken.ron",
        "-o",
        &out.to_string_lossy(),
    ]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("tests/data/broken.ron:6:44: error: date:"),
        "{}",
        stderr(&output)
    );
    assert!(!out.exists());
}
