//! `chronolanes render`: the SVG is read back as XML and checked against the library's own
//! filter, lanes and ticks; the PNG is decoded; the command refuses to overwrite what it should
//! not. The binary runs without a display.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use chronolanes::axis_breaks::{AxisBreak, CompressedTimeToScreen};
use chronolanes::export::svg::AXIS_CHAR_PX;
use chronolanes::export::text_metrics::text_width_px;
use chronolanes::filter::{Filter, matching_events};
use chronolanes::lanes::{Grouping, LaneAssignment};
use chronolanes::load::load_str;
use chronolanes::model::Timeline;
use chronolanes::scene::Scene;
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
    render_svg_and_summary(dir, name, extra).0
}

/// As [`render_svg`], with what the command printed on standard output.
fn render_svg_and_summary(dir: &Path, name: &str, extra: &[&str]) -> (String, String) {
    let out = dir.join(name);
    let out_text = out.to_string_lossy().into_owned();
    let mut args = vec!["render", BUNDLED, "-o", &out_text];
    args.extend_from_slice(extra);
    let output = run(&args);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    (
        std::fs::read_to_string(&out).unwrap(),
        String::from_utf8_lossy(&output.stdout).into_owned(),
    )
}

/// The lines of a `<text>`: its `<tspan>`s when it has some, else its own text.
fn text_lines<'a>(node: roxmltree::Node<'a, '_>) -> Vec<&'a str> {
    let tspans: Vec<&str> = node
        .children()
        .filter(|c| c.has_tag_name("tspan"))
        .map(|c| c.text().unwrap_or_default())
        .collect();
    if tspans.is_empty() {
        vec![node.text().unwrap_or_default()]
    } else {
        tspans
    }
}

/// The box of each line of a `<text>` drawn at `size` px: left, right, top, bottom. The x and
/// y of a line are its `<tspan>`'s, or the text's own.
fn line_boxes(node: roxmltree::Node) -> Vec<(f64, f64, f64, f64)> {
    let size = attr_f64(node, "font-size");
    let bold = node.attribute("font-weight") == Some("bold");
    let anchor = node.attribute("text-anchor");
    let positioned: Vec<(roxmltree::Node, &str)> = {
        let tspans: Vec<roxmltree::Node> = node
            .children()
            .filter(|c| c.has_tag_name("tspan"))
            .collect();
        if tspans.is_empty() {
            vec![(node, node.text().unwrap_or_default())]
        } else {
            tspans
                .into_iter()
                .map(|t| (t, t.text().unwrap_or_default()))
                .collect()
        }
    };
    positioned
        .into_iter()
        .map(|(at, text)| {
            let (x, y) = (attr_f64(at, "x"), attr_f64(at, "y"));
            let width = text_width_px(text, size, bold);
            let (left, right) = match anchor {
                Some("middle") => (x - width / 2.0, x + width / 2.0),
                Some("end") => (x - width, x),
                _ => (x, x + width),
            };
            // Ascenders reach about 0.76 em above the baseline, descenders 0.24 em below.
            (left, right, y - 0.76 * size, y + 0.24 * size)
        })
        .collect()
}

fn boxes_overlap(a: (f64, f64, f64, f64), b: (f64, f64, f64, f64)) -> bool {
    a.0 < b.1 && b.0 < a.1 && a.2 < b.3 && b.2 < a.3
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
    let mut ids: Vec<String> = with_class(document, "event")
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
    // Each event's group shows its marker, or the event is counted in a cluster's badge (which
    // stands for its marker), and names it in a <title>.
    let clustered: HashSet<&str> = with_class(&document, "cluster")
        .flat_map(|c| c.attribute("data-ids").unwrap().split(' '))
        .collect();
    for group in with_class(&document, "event") {
        let id = group.attribute("data-id").unwrap();
        assert!(
            group
                .children()
                .any(|c| c.attribute("class") == Some("marker"))
                != clustered.contains(id),
            "{id} has no marker and is in no cluster, or both"
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
    // The kinds of lanes without a Sinaloa event are folded, and the footer says so.
    let folded = Scene::new(timeline, Grouping::Kind, &filter).folded_lane_count();
    assert!(folded > 0);
    let footer = texts_with_class(&document, "footer").join(" ");
    assert!(
        footer.starts_with(&format!(
            "{} events · {} hidden · sources:",
            expected.len(),
            chronolanes::diagnostic::plural(folded, "empty lane")
        )),
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
                let text = text_lines(node).join(" ");
                for (left, right, top, bottom) in line_boxes(node) {
                    inside(left, top, &text);
                    inside(right, bottom, &text);
                }
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

/// What a render of the bundled timeline shows of its events: the lines of each title drawn,
/// and the ids of each cluster with the count its badge shows.
struct Shown {
    titles: Vec<(String, Vec<String>)>,
    clusters: Vec<(Vec<String>, String)>,
}

fn shown(document: &roxmltree::Document) -> Shown {
    let titles = with_class(document, "event-label")
        .map(|n| {
            let lines = text_lines(n).into_iter().map(str::to_string).collect();
            (n.attribute("data-id").unwrap().to_string(), lines)
        })
        .collect();
    let clusters = with_class(document, "cluster")
        .map(|c| {
            let ids = c
                .attribute("data-ids")
                .unwrap()
                .split(' ')
                .map(str::to_string)
                .collect();
            let count = c
                .descendants()
                .find(|n| n.attribute("class") == Some("cluster-count"))
                .and_then(|n| n.text())
                .unwrap_or_default()
                .to_string();
            (ids, count)
        })
        .collect();
    Shown { titles, clusters }
}

#[test]
fn every_event_has_its_whole_title_or_is_in_a_cluster_and_no_titles_overlap() {
    let dir = tempfile::tempdir().unwrap();
    let timeline = bundled();
    let mut clustered_at_1366 = Vec::new();
    for width in ["1366", "1920"] {
        for compress in [false, true] {
            let mut args = vec!["--width", width];
            if compress {
                args.push("--compress");
            }
            let case = format!("{width} {args:?}");
            let (svg, summary) =
                render_svg_and_summary(dir.path(), &format!("{width}{compress}.svg"), &args);
            assert!(!summary.contains("did not fit"), "{case}: {summary}");
            let document = roxmltree::Document::parse(&svg).unwrap();
            let Shown { titles, clusters } = shown(&document);
            for (ids, count) in &clusters {
                assert!(ids.len() >= 2, "{case}: {ids:?}");
                assert_eq!(count, &ids.len().to_string(), "{case}: {ids:?}");
            }
            for event in &timeline.events {
                let words: Vec<&str> = event.title.split_whitespace().collect();
                let titled: Vec<&Vec<String>> = titles
                    .iter()
                    .filter(|(id, _)| *id == *event.id)
                    .map(|(_, lines)| lines)
                    .collect();
                let in_clusters = clusters
                    .iter()
                    .filter(|(ids, _)| ids.iter().any(|id| *id == *event.id))
                    .count();
                match (titled.as_slice(), in_clusters) {
                    ([lines], 0) => assert_eq!(
                        lines.join(" ").split_whitespace().collect::<Vec<_>>(),
                        words,
                        "{case}: the title of {} is not whole",
                        event.id
                    ),
                    ([], 1) => {}
                    _ => panic!(
                        "{case}: {} has {} titles and is in {in_clusters} clusters",
                        event.id,
                        titled.len()
                    ),
                }
            }
            // No two titles (nor a title and a badge) cover each other.
            let label_boxes: Vec<(String, (f64, f64, f64, f64))> =
                with_class(&document, "event-label")
                    .flat_map(|n| {
                        let id = n.attribute("data-id").unwrap().to_string();
                        line_boxes(n).into_iter().map(move |b| (id.clone(), b))
                    })
                    .collect();
            let badges: Vec<(f64, f64, f64, f64)> = with_class(&document, "cluster-badge")
                .map(|r| {
                    let (x, y) = (attr_f64(r, "x"), attr_f64(r, "y"));
                    (x, x + attr_f64(r, "width"), y, y + attr_f64(r, "height"))
                })
                .collect();
            for (index, (id, line)) in label_boxes.iter().enumerate() {
                for (other_id, other) in label_boxes.iter().skip(index + 1) {
                    assert!(
                        id == other_id || !boxes_overlap(*line, *other),
                        "{case}: the titles of {id} and {other_id} overlap"
                    );
                }
                for badge in &badges {
                    assert!(
                        !boxes_overlap(*line, *badge),
                        "{case}: a badge covers the title of {id}"
                    );
                }
            }
            let breaks: Vec<(&str, &str)> = with_class(&document, "axis-break")
                .map(|b| {
                    (
                        b.attribute("data-from").unwrap(),
                        b.attribute("data-to").unwrap(),
                    )
                })
                .collect();
            if compress {
                assert_eq!(breaks, [("1986", "2012")], "{case}");
                assert_eq!(
                    texts_with_class(&document, "break-label"),
                    ["1986–2012 · no events"]
                );
            } else {
                assert!(breaks.is_empty(), "{case}");
            }
            if width == "1366" {
                clustered_at_1366.push(clusters.iter().map(|(ids, _)| ids.len()).sum::<usize>());
            }
        }
    }
    // The years with events get the width: compressed, more of them have their title.
    assert!(
        clustered_at_1366[1] < clustered_at_1366[0],
        "{clustered_at_1366:?}"
    );
}

#[test]
fn compressed_ticks_are_exact_on_both_sides_of_the_break_and_1985_shows_with_2025() {
    let dir = tempfile::tempdir().unwrap();
    let svg = render_svg(
        dir.path(),
        "compressed.svg",
        &["--width", "1366", "--compress"],
    );
    let document = roxmltree::Document::parse(&svg).unwrap();
    let root = document.root_element();
    let window = TimeWindow::new(
        attr_f64(root, "data-window-start"),
        attr_f64(root, "data-window-end"),
    );
    let map = CompressedTimeToScreen::new(
        window,
        attr_f64(root, "data-plot-left"),
        attr_f64(root, "data-plot-width"),
        &[AxisBreak::years(1986, 2012)],
    );
    let expected = map.ticks(map.choose_step(AXIS_CHAR_PX));
    let labels = texts_with_class(&document, "tick-label");
    let expected_labels: Vec<String> = expected.iter().map(|t| t.label.clone()).collect();
    assert_eq!(labels, expected_labels);
    assert!(labels.contains(&"1985".to_string()) && labels.contains(&"2025".to_string()));
    assert!(!labels.iter().any(|l| l == "2000"), "{labels:?}");
    // Each tick label is centred on the x the compressed mapping gives its day (moved inwards
    // only where it would leave the 24 px margin of the canvas).
    let width = attr_f64(root, "width");
    for (node, tick) in with_class(&document, "tick-label").zip(&expected) {
        let half = text_width_px(&tick.label, 12.0, false) / 2.0;
        let x = map
            .x_from_day(tick.day)
            .clamp(24.0 + half, width - 24.0 - half);
        assert!((attr_f64(node, "x") - x).abs() < 0.06, "{}", tick.label);
    }
    // Camarena's kidnapping (1985) and the transfers of 2025 are both titled.
    let Shown { titles, .. } = shown(&document);
    let titled = |id: &str| titles.iter().any(|(t, _)| t == id);
    let timeline = bundled();
    let first = timeline
        .events
        .iter()
        .min_by_key(|e| e.day_range())
        .unwrap();
    let last = timeline
        .events
        .iter()
        .max_by_key(|e| e.day_range())
        .unwrap();
    assert!(titled(&first.id) && titled(&last.id), "{titles:?}");
}

#[test]
fn the_footer_says_how_many_empty_lanes_are_hidden() {
    let dir = tempfile::tempdir().unwrap();
    let svg = render_svg(
        dir.path(),
        "zetas.svg",
        &["--cartel", "zetas", "--group-by", "person"],
    );
    let document = roxmltree::Document::parse(&svg).unwrap();
    let filter = Filter {
        cartels: vec!["zetas".into()],
        ..Filter::default()
    };
    let scene = Scene::new(bundled(), Grouping::Person, &filter);
    let folded = scene.folded_lane_count();
    assert!(folded > 10, "{folded}");
    let footer = texts_with_class(&document, "footer").join(" ");
    assert!(
        footer.starts_with(&format!(
            "{} events · {folded} empty lanes hidden · sources:",
            scene.visible_count()
        )),
        "{footer}"
    );
    let labels = texts_with_class(&document, "lane-label");
    let expected: Vec<String> = scene.lanes().iter().map(|l| l.label.clone()).collect();
    assert_eq!(labels, expected);
    // Without folded lanes, nothing is said.
    let all = render_svg(dir.path(), "all.svg", &[]);
    assert!(!all.contains("empty lane"));
}
