//! The lanes as a standalone SVG picture: title, lanes with their labels and colours, eras, the
//! date axis, markers, spans, precision brackets, event titles, cluster badges, compressed empty
//! years, a legend and a footer naming the sources.
//!
//! This is the second painter of the one lane layout: it draws a [`Scene`] — the same visible
//! events, lanes (empty ones folded as the scene says) and fit range as the app — with positions,
//! rows, titles and clusters from [`layout_lanes_compressed`], ticks from
//! [`CompressedTimeToScreen::ticks`] and marker shapes from [`MarkerShape`]. Only drawing
//! decisions live here: nothing is filtered again, so File > Export draws exactly the scene on
//! screen.
//!
//! What tools reading the picture can rely on:
//! - every drawn event is a `<g class="event" data-id="ID" data-lane="N">`, lane by lane in date
//!   order, holding its `<title>` and its marks;
//! - every title drawn is a `<text class="event-label" data-id="ID">`, whole, one `<tspan>` per
//!   line when it is wrapped (never cut with "…");
//! - markers too close to tell apart are one `<g class="cluster" data-ids="ID ID …">` with a badge
//!   and the count as `<text class="cluster-count">`. The members keep their `event` groups
//!   (with span bars and brackets) but draw no marker of their own: the badge stands for them;
//! - a compressed stretch of empty years (`compress`) is a
//!   `<g class="axis-break" data-from="1986" data-to="2012">`: a narrow band with zig-zag edges
//!   across the lanes and the axis, labelled "1986–2012 · no events" under the axis.

use std::fmt::Write as _;

use crate::axis_breaks::{CompressedTimeToScreen, find_breaks};
use crate::date::format_period;
use crate::diagnostic::plural;
use crate::export::text_metrics::{FONT_FAMILY, fit_text, text_width_px, wrap_text};
use crate::index::Visibility;
use crate::lanes::Grouping;
use crate::layout::{
    LabelSide, LanesLayout, LayoutParams, MarkerShape, fit_all_window, layout_lanes_compressed,
};
use crate::model::{Kind, KindLane, PolicyKind, Timeline};
use crate::scene::Scene;
use crate::timescale::TimeWindow;

pub const DEFAULT_WIDTH_PX: u32 = 1600;
pub const MIN_WIDTH_PX: u32 = 480;
pub const MAX_WIDTH_PX: u32 = 16_000;
/// Character width the axis allows per label character when choosing the tick step (the axis
/// font is 12 px DejaVu Sans, whose digits are 7.6 px wide and letters mostly narrower).
pub const AXIS_CHAR_PX: f64 = 7.5;

const PAD: f64 = 24.0;
const TITLE_PX: f64 = 22.0;
const DESCRIPTION_PX: f64 = 13.0;
const LANE_LABEL_PX: f64 = 13.0;
const LANE_COUNT_PX: f64 = 11.0;
const LABEL_PX: f64 = 12.0;
const AXIS_PX: f64 = 12.0;
const ERA_PX: f64 = 11.0;
const LEGEND_PX: f64 = 12.0;
const FOOTER_PX: f64 = 11.5;
/// Most sub-rows a lane may grow to so that its titles fit. Lanes take only the rows they need
/// (the bundled timeline needs at most 8 at 1366 px); beyond this, markers merge into clusters.
const MAX_ROWS_PER_LANE: usize = 12;
const ROW_PX: f64 = 20.0;
const LANE_PAD_PX: f64 = 4.0;
const MARKER_RADIUS_PX: f64 = 5.5;
/// The longest line of a title: about 64 characters, so that most titles are one line (a
/// narrower limit wraps many of them, often leaving one word alone on a second line), and one
/// long title does not cover half the picture.
const MAX_LABEL_PX: f64 = 420.0;
const ERA_ROW_PX: f64 = 20.0;
const MAX_ERA_ROWS: usize = 3;
const AXIS_HEIGHT_PX: f64 = 40.0;
/// The line under the tick labels where compressed breaks are named.
const BREAK_LABEL_LINE_PX: f64 = 16.0;
const BREAK_LABEL_PX: f64 = 11.0;
const CLUSTER_COUNT_PX: f64 = 11.0;
/// A cluster's tooltip lists this many titles, then "… N more".
const CLUSTER_TOOLTIP_TITLES: usize = 20;
const LEGEND_LINE_PX: f64 = 22.0;
const FOOTER_LINE_PX: f64 = 16.0;
/// Distance from a text's vertical centre down to its baseline, as a fraction of its size
/// (DejaVu Sans: x-height 0.55 em, cap height 0.73 em).
const CENTER_TO_BASELINE: f64 = 0.36;

/// How to draw a scene (what to draw — filter, grouping, empty lanes — is the [`Scene`]'s).
#[derive(Clone, Debug, PartialEq)]
pub struct RenderOptions {
    /// Width of the picture; the height follows the number of lanes.
    pub width_px: u32,
    /// The time shown; `None` fits every visible event, as the app's "fit all".
    pub window: Option<TimeWindow>,
    pub dark: bool,
    pub show_labels: bool,
    /// Draw long stretches with no visible event as narrow marked breaks
    /// ([`crate::axis_breaks`]), so the years that hold events get the width.
    pub compress: bool,
}

impl Default for RenderOptions {
    fn default() -> Self {
        RenderOptions {
            width_px: DEFAULT_WIDTH_PX,
            window: None,
            dark: false,
            show_labels: true,
            compress: false,
        }
    }
}

/// An SVG document and what it shows.
#[derive(Clone, Debug, PartialEq)]
pub struct Rendering {
    pub svg: String,
    pub width_px: u32,
    pub height_px: u32,
    /// Events passing the filter.
    pub visible_events: usize,
    /// Events drawn with a marker (in the window, in a lane not drawn as density).
    pub markers: usize,
    /// Titles neither drawn whole nor counted in a cluster: only when the layout had no room at
    /// all (a picture narrower than a word).
    pub hidden_labels: usize,
    /// Cluster badges drawn, and the events they stand for.
    pub clusters: usize,
    pub clustered_events: usize,
    /// Compressed breaks drawn on the axis.
    pub axis_breaks: usize,
}

/// The SVG text of the picture.
pub fn render_svg(scene: &Scene, options: &RenderOptions) -> String {
    render(scene, options).svg
}

/// Colours of one theme: background, text and lane colours from [`crate::palette`] (as the
/// app's), the SVG's own greys for grid, axis and eras.
struct Palette {
    background: String,
    text: String,
    muted: String,
    grid: &'static str,
    axis: &'static str,
    separator: &'static str,
    zebra: &'static str,
    /// Colour and opacities of the era bands across the lanes (as `fill-opacity`, which every
    /// SVG viewer understands, unlike `#rrggbbaa`).
    era_shade: &'static str,
    era_shade_opacities: [f64; 2],
    era_boxes: [&'static str; 2],
    era_text: &'static str,
    neutral_marker: u32,
    colors: &'static crate::palette::Palette,
}

impl Palette {
    fn new(dark: bool) -> Palette {
        let colors = crate::palette::Palette::light_or_dark(dark);
        let (background, text, muted) = (
            hex(colors.background_rgb),
            hex(colors.text_rgb),
            hex(colors.muted_text_rgb),
        );
        if dark {
            Palette {
                background,
                text,
                muted,
                grid: "#2c3038",
                axis: "#6b7079",
                separator: "#30343c",
                zebra: "#1b1e24",
                era_shade: "#ffffff",
                era_shade_opacities: [0.04, 0.07],
                era_boxes: ["#262a33", "#2e333d"],
                era_text: "#b9bdc5",
                neutral_marker: colors.neutral_marker_rgb,
                colors,
            }
        } else {
            Palette {
                background,
                text,
                muted,
                grid: "#e6e7ea",
                axis: "#8a8e95",
                separator: "#dcdde0",
                zebra: "#fafafb",
                era_shade: "#000000",
                era_shade_opacities: [0.04, 0.07],
                era_boxes: ["#eceef1", "#e2e5ea"],
                era_text: "#4a4e55",
                neutral_marker: colors.neutral_marker_rgb,
                colors,
            }
        }
    }

    /// A lane's colour as text, as readable as the palette promises.
    fn lane_text(&self, rgb: u32) -> String {
        hex(self.colors.lane_text_rgb(rgb))
    }

    /// A lane's colour for markers, bars and badges.
    fn marker(&self, rgb: u32) -> String {
        hex(self.colors.marker_rgb(rgb))
    }
}

fn hex(rgb: u32) -> String {
    format!("#{:06x}", rgb & 0xff_ffff)
}

/// Escapes text for XML content and attribute values, dropping characters XML 1.0 cannot hold.
pub fn escape_xml(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&apos;"),
            '\t' | '\n' | '\r' => escaped.push(' '),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => escaped.push(c),
        }
    }
    escaped
}

/// A coordinate with one decimal: enough for a picture, short in the file.
fn num(value: f64) -> String {
    if value.is_finite() {
        let rounded = (value * 10.0).round() / 10.0;
        if rounded == rounded.trunc() {
            format!("{}", rounded as i64)
        } else {
            format!("{rounded:.1}")
        }
    } else {
        "0".into()
    }
}

fn points(outline: &[(f64, f64)]) -> String {
    outline
        .iter()
        .map(|&(x, y)| format!("{},{}", num(x), num(y)))
        .collect::<Vec<_>>()
        .join(" ")
}

/// "61 events · sources: VICE News, Reuters": the distinct outlets (or, without one, titles) of
/// the sources the visible events cite, in the order the file lists its sources.
pub fn footer_text(timeline: &Timeline, visible: &Visibility) -> String {
    let visible_events: Vec<_> = visible
        .iter()
        .filter_map(|index| timeline.events.get(index))
        .collect();
    let mut names: Vec<&str> = Vec::new();
    for source in &timeline.sources {
        let cited = visible_events
            .iter()
            .any(|event| event.sources().iter().any(|id| *id == source.id));
        let name = source
            .outlet
            .as_deref()
            .filter(|outlet| !outlet.trim().is_empty())
            .unwrap_or(&source.title)
            .trim();
        if cited && !name.is_empty() && !names.contains(&name) {
            names.push(name);
        }
    }
    let count = plural(visible_events.len(), "event");
    if names.is_empty() {
        count
    } else {
        format!("{count} · sources: {}", names.join(", "))
    }
}

/// A legend sample.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Swatch {
    Shape(MarkerShape, u32),
    Hollow(u32),
    Bracket(u32),
    Bar(u32),
}

#[derive(Clone, Debug, PartialEq)]
struct LegendItem {
    swatch: Option<Swatch>,
    text: String,
    heading: bool,
}

const SWATCH_PX: f64 = 18.0;

impl LegendItem {
    fn width(&self) -> f64 {
        let swatch = if self.swatch.is_some() {
            SWATCH_PX
        } else {
            0.0
        };
        swatch + text_width_px(&self.text, LEGEND_PX, self.heading)
    }
}

const HEADING_GAP_PX: f64 = 8.0;
const ENTRY_GAP_PX: f64 = 18.0;

impl LegendItem {
    fn advance(&self) -> f64 {
        self.width()
            + if self.heading {
                HEADING_GAP_PX
            } else {
                ENTRY_GAP_PX
            }
    }
}

/// Places legend items left to right, wrapping: a group (a heading and its entries) starts a new
/// line rather than being split, unless it is wider than a line by itself.
fn flow_legend(items: &[LegendItem], left: f64, right: f64) -> Vec<(f64, usize)> {
    let mut placed = Vec::with_capacity(items.len());
    let (mut x, mut line) = (left, 0usize);
    for (index, item) in items.iter().enumerate() {
        let needed = if item.heading {
            let group_width: f64 = items
                .iter()
                .skip(index + 1)
                .take_while(|next| !next.heading)
                .map(LegendItem::advance)
                .sum::<f64>()
                + item.advance()
                - ENTRY_GAP_PX;
            if group_width <= right - left {
                group_width
            } else {
                // Too wide for any line: keep the heading with its first entry only.
                item.advance() + items.get(index + 1).map_or(0.0, LegendItem::width)
            }
        } else {
            item.width()
        };
        if x > left && x + needed > right {
            line += 1;
            x = left;
        }
        placed.push((x, line));
        x += item.advance();
    }
    placed
}

/// An era's box in the strip above the lanes.
#[derive(Clone, Debug, PartialEq)]
struct EraBox {
    index: usize,
    x0: f64,
    x1: f64,
    row: usize,
    /// 0 for the first era of its row, 1 for the next…: neighbours get alternating shades.
    position_in_row: usize,
    title: String,
}

/// Eras overlapping the window, given rows so that overlapping eras (say, a Mexican and a US
/// presidency) sit on different rows.
fn era_boxes(timeline: &Timeline, map: &CompressedTimeToScreen) -> Vec<EraBox> {
    let (left, right) = (map.left_px, map.left_px + map.width_px);
    let mut boxes: Vec<EraBox> = timeline
        .eras
        .iter()
        .enumerate()
        .filter_map(|(index, era)| {
            let x0 = map.x_from_day(era.start.first_day() as f64);
            let x1 = map.x_from_day(era.end.last_day() as f64 + 1.0).max(x0);
            (x1 > left && x0 < right).then(|| EraBox {
                index,
                x0: x0.max(left),
                x1: x1.min(right),
                row: 0,
                position_in_row: 0,
                title: String::new(),
            })
        })
        .collect();
    boxes.sort_by(|a, b| a.x0.total_cmp(&b.x0).then(a.x1.total_cmp(&b.x1)));
    let mut row_ends: Vec<f64> = Vec::new();
    let mut boxes_in_row: Vec<usize> = Vec::new();
    for era in &mut boxes {
        let free = row_ends.iter().position(|&end| end <= era.x0 + 0.5);
        era.row = match free {
            Some(row) => row,
            None if row_ends.len() < MAX_ERA_ROWS => {
                row_ends.push(f64::NEG_INFINITY);
                row_ends.len() - 1
            }
            None => row_ends
                .iter()
                .enumerate()
                .min_by(|a, b| a.1.total_cmp(b.1))
                .map(|(row, _)| row)
                .unwrap_or(0),
        };
        if let Some(end) = row_ends.get_mut(era.row) {
            *end = era.x1;
        }
        let title = timeline
            .eras
            .get(era.index)
            .map(|e| e.title.as_str())
            .unwrap_or("");
        era.title = era_title(title, era.x1 - era.x0 - 8.0);
        era.position_in_row = boxes_in_row.get(era.row).copied().unwrap_or(0);
        if let Some(count) = boxes_in_row.get_mut(era.row) {
            *count += 1;
        } else {
            boxes_in_row.push(1);
        }
    }
    boxes
}

/// The era's title as it fits its box: whole, else without a trailing "(…)", else shortened
/// with "…"; empty when only a stub like "P…" would fit.
fn era_title(title: &str, room_px: f64) -> String {
    if text_width_px(title, ERA_PX, false) <= room_px {
        return title.to_string();
    }
    let without_aside = title.split(" (").next().unwrap_or(title).trim();
    if text_width_px(without_aside, ERA_PX, false) <= room_px {
        return without_aside.to_string();
    }
    let fitted = fit_text(without_aside, ERA_PX, false, room_px);
    if fitted.chars().count() >= 6 {
        fitted
    } else {
        String::new()
    }
}

/// Appends formatted text to the document; writing to a `String` cannot fail.
macro_rules! emit {
    ($out:expr, $($arg:tt)*) => {
        let _ = writeln!($out, $($arg)*);
    };
}

/// The picture and its numbers.
pub fn render(scene: &Scene, options: &RenderOptions) -> Rendering {
    let page = Page::new(scene, options);
    let svg = write_svg(&page, &Palette::new(options.dark));
    Rendering {
        svg,
        width_px: page.width_px as u32,
        height_px: page.height_px as u32,
        visible_events: page.visible_events,
        markers: page.markers,
        hidden_labels: page.hidden_labels,
        clusters: page.clusters.len(),
        clustered_events: page.clusters.iter().map(|c| c.ids.len()).sum(),
        axis_breaks: page.breaks.len(),
    }
}

/// Where everything on the picture goes: sizes and positions in pixels, texts already fitted to
/// their room, colours of lanes and events. Computed by [`Page::new`] from the timeline and the
/// options, written out by [`write_svg`] with a [`Palette`]; nothing here knows SVG.
#[derive(Clone, Debug, PartialEq)]
struct Page<'t> {
    width_px: f64,
    height_px: f64,
    window: TimeWindow,
    plot_left_px: f64,
    plot_width_px: f64,
    /// The timeline's title as written (for the document's `<title>`), and fitted to the width.
    full_title: &'t str,
    title: String,
    title_baseline_px: f64,
    /// At most two lines, [`DESCRIPTION_LINE_PX`] apart.
    description: Vec<String>,
    description_baseline_px: f64,
    /// Top of the era strip, which is also the top of the clipped time area.
    era_top_px: f64,
    lanes_top_px: f64,
    lanes_bottom_px: f64,
    /// Top to bottom, each as tall as the layout's lane box says.
    lanes: Vec<PageLane>,
    eras: Vec<EraBox>,
    ticks: Vec<AxisTick>,
    /// Compressed empty stretches, left to right.
    breaks: Vec<PageBreak>,
    density: Vec<DensityBar>,
    events: Vec<PageEvent<'t>>,
    labels: Vec<EventLabel<'t>>,
    clusters: Vec<PageCluster<'t>>,
    /// Said across the first lane when no event is visible.
    empty_message: Option<&'static str>,
    legend: Vec<PlacedLegendItem>,
    footer: Vec<String>,
    footer_top_px: f64,
    visible_events: usize,
    markers: usize,
    hidden_labels: usize,
}

/// A lane and where it is.
#[derive(Clone, Debug, PartialEq)]
struct PageLane {
    /// Fitted to the label column.
    label: String,
    color_rgb: u32,
    /// Visible events in the lane.
    event_count: usize,
    top_px: f64,
    height_px: f64,
}

#[derive(Clone, Debug, PartialEq)]
struct AxisTick {
    x_px: f64,
    /// Nudged inwards from `x_px` at the edges so that the label is not cut by the canvas.
    label_center_px: f64,
    label: String,
}

/// A compressed break: its band (not clipped: the drawing clips it to the time area) and its
/// label under the axis.
#[derive(Clone, Debug, PartialEq)]
struct PageBreak {
    from_year: i32,
    to_year: i32,
    x0_px: f64,
    x1_px: f64,
    /// "1986–2012 · no events".
    label: String,
    /// Centred under the band, nudged inwards at the edges of the canvas.
    label_center_px: f64,
}

/// A column of a lane drawn as density: taller for more events.
#[derive(Clone, Debug, PartialEq)]
struct DensityBar {
    x0_px: f64,
    x1_px: f64,
    top_px: f64,
    height_px: f64,
    color_rgb: u32,
}

/// One placed event's marks.
#[derive(Clone, Debug, PartialEq)]
struct PageEvent<'t> {
    id: &'t str,
    lane: u32,
    /// "Title — 27 Feb 2025 · Arrest".
    tooltip: String,
    color_rgb: u32,
    /// The bracket of a coarse date: from x, to x, and the y of its bottom.
    bracket: Option<(f64, f64, f64)>,
    span: Option<SpanBar>,
    /// The marker's outline; `None` when its centre lies outside the time area, or when the
    /// event is in a cluster (the badge stands for it).
    marker: Option<Vec<(f64, f64)>>,
    /// Circa dates have hollow markers.
    circa: bool,
}

/// The bar of an event with an end date.
#[derive(Clone, Debug, PartialEq)]
struct SpanBar {
    x0_px: f64,
    x1_px: f64,
    y_px: f64,
    dashed: bool,
}

/// An event's whole title beside its marker, one or more lines.
#[derive(Clone, Debug, PartialEq)]
struct EventLabel<'t> {
    id: &'t str,
    /// Left of the title's box (right side of the marker), or right of it (left side, drawn
    /// right-aligned so that the text ends next to the marker).
    x_px: f64,
    anchor_end: bool,
    first_baseline_px: f64,
    lines: Vec<String>,
}

/// A cluster badge with its count.
#[derive(Clone, Debug, PartialEq)]
struct PageCluster<'t> {
    /// Members in date order.
    ids: Vec<&'t str>,
    lane: u32,
    x0_px: f64,
    x1_px: f64,
    y0_px: f64,
    y1_px: f64,
    /// The leftmost and rightmost member markers, joined by a thin line under the badge.
    markers_x: (f64, f64),
    color_rgb: u32,
    /// "13 events on 27 Feb 2025: title; title; …".
    tooltip: String,
}

#[derive(Clone, Debug, PartialEq)]
struct PlacedLegendItem {
    item: LegendItem,
    x_px: f64,
    middle_px: f64,
}

const DESCRIPTION_LINE_PX: f64 = 18.0;

impl<'t> Page<'t> {
    /// The page of `scene` as `options` ask.
    fn new(scene: &'t Scene, options: &RenderOptions) -> Page<'t> {
        let width = f64::from(options.width_px.clamp(MIN_WIDTH_PX, MAX_WIDTH_PX));

        // What is shown is the scene's: its visible events, its lanes (empty ones folded or
        // not, as it says) and their events in date order.
        let timeline = scene.timeline();
        let visible = scene.visibility();
        let visible_events = scene.visible_count();
        let lane_events = scene.lane_events();
        let lanes: Vec<&crate::lanes::Lane> = scene.lanes().iter().collect();

        // Header.
        let text_width = width - 2.0 * PAD;
        let title = fit_text(&timeline.title, TITLE_PX, true, text_width);
        let description = timeline
            .description
            .as_deref()
            .map(|d| wrap_text(d, DESCRIPTION_PX, false, text_width, 2))
            .unwrap_or_default();
        let title_baseline = PAD + TITLE_PX * 0.8;
        let description_baseline = title_baseline + 24.0;
        let header_bottom = if description.is_empty() {
            title_baseline + 18.0
        } else {
            description_baseline + DESCRIPTION_LINE_PX * (description.len() - 1) as f64 + 16.0
        };

        // Columns: lane labels, then the time area.
        let widest_label = lanes
            .iter()
            .map(|lane| text_width_px(&lane.label, LANE_LABEL_PX, true))
            .fold(0.0, f64::max);
        let label_column = (widest_label + 22.0).clamp(90.0, (width * 0.28).max(90.0));
        let plot_left = PAD + label_column;
        let plot_right = width - PAD;
        let plot_width = plot_right - plot_left;

        // The time axis: breaks (when asked) are found among the visible events, and the
        // window fits them so that the first and last titles are inside the picture.
        let breaks = if options.compress {
            find_breaks(lane_events)
        } else {
            Vec::new()
        };
        let window = options
            .window
            .map(|w| w.clamped())
            .unwrap_or_else(|| fit_all_window(scene.fit_day_range(), &breaks, plot_width));
        let params = LayoutParams {
            window,
            left_px: plot_left,
            width_px: plot_width,
            rows_per_lane: MAX_ROWS_PER_LANE,
            marker_radius_px: MARKER_RADIUS_PX,
            show_labels: options.show_labels,
            max_label_px: MAX_LABEL_PX,
            row_px: ROW_PX,
            lane_padding_px: LANE_PAD_PX,
            ..LayoutParams::default()
        };
        let map = params.compressed_time_to_screen(&breaks);

        // Rows from top to bottom.
        let eras = era_boxes(timeline, &map);
        let era_rows = eras.iter().map(|e| e.row + 1).max().unwrap_or(0);
        let era_top = header_bottom;
        let lanes_top =
            era_top + era_rows as f64 * ERA_ROW_PX + if era_rows > 0 { 4.0 } else { 0.0 };

        // The layout the app draws, at this size: lanes grow the rows their titles need.
        let measure = |text: &str| text_width_px(text, LABEL_PX, false);
        let layout = layout_lanes_compressed(
            timeline,
            lane_events,
            &LayoutParams {
                top_px: lanes_top,
                ..params
            },
            &breaks,
            &measure,
        );
        // With no lane at all (nothing visible), one empty lane's height holds the message.
        let lanes_bottom = lanes_top + layout.height_px().max(ROW_PX + 2.0 * LANE_PAD_PX);

        let step = map.choose_step(AXIS_CHAR_PX);
        let axis_ticks = map
            .ticks(step)
            .into_iter()
            .map(|tick| {
                let x = map.x_from_day(tick.day);
                AxisTick {
                    x_px: x,
                    label_center_px: centered_on_canvas(x, &tick.label, AXIS_PX, width),
                    label: tick.label,
                }
            })
            .collect();
        let page_breaks: Vec<PageBreak> = map
            .bands()
            .into_iter()
            .map(|band| {
                let label = band.axis_break.label();
                let middle = (band.x0.max(plot_left) + band.x1.min(plot_right)) / 2.0;
                PageBreak {
                    from_year: band.axis_break.from_year,
                    to_year: band.axis_break.to_year,
                    x0_px: band.x0,
                    x1_px: band.x1,
                    label_center_px: centered_on_canvas(middle, &label, BREAK_LABEL_PX, width),
                    label,
                }
            })
            .collect();
        let axis_height = AXIS_HEIGHT_PX
            + if page_breaks.is_empty() {
                0.0
            } else {
                BREAK_LABEL_LINE_PX
            };

        let neutral_rgb = Palette::new(options.dark).neutral_marker;
        let legend_items = legend_items(timeline, visible, &layout, scene.grouping(), neutral_rgb);
        let legend_places = flow_legend(&legend_items, PAD, width - PAD);
        let legend_lines = legend_places.iter().map(|(_, l)| l + 1).max().unwrap_or(0);
        let legend_top = lanes_bottom + axis_height;
        let legend = legend_items
            .into_iter()
            .zip(&legend_places)
            .map(|(item, &(x, line))| PlacedLegendItem {
                item,
                x_px: x,
                middle_px: legend_top + line as f64 * LEGEND_LINE_PX + LEGEND_LINE_PX / 2.0,
            })
            .collect();
        let footer = wrap_text(
            &footer_with_folded_lanes(&footer_text(timeline, visible), scene.folded_lane_count()),
            FOOTER_PX,
            false,
            text_width,
            3,
        );
        let footer_top = legend_top + legend_lines as f64 * LEGEND_LINE_PX + 10.0;
        let height = (footer_top + footer.len() as f64 * FOOTER_LINE_PX + PAD - 6.0).ceil();

        let page_lanes = lanes
            .iter()
            .zip(&layout.lane_boxes)
            .enumerate()
            .map(|(index, (lane, lane_box))| PageLane {
                label: fit_text(&lane.label, LANE_LABEL_PX, true, label_column - 16.0),
                color_rgb: lane.color_rgb,
                event_count: lane_events.get(index).map_or(0, |l| l.events.len()),
                top_px: lane_box.top_px,
                height_px: lane_box.height_px,
            })
            .collect();
        let events = place_events(timeline, &layout, &lanes, plot_left, plot_right);
        let labels = title_labels(timeline, &layout);
        let clusters = cluster_badges(timeline, &layout, &lanes, plot_left, plot_right);
        let empty_message = (visible_events == 0).then_some(if timeline.events.is_empty() {
            "This timeline has no events."
        } else {
            "No events match the filters."
        });

        Page {
            width_px: width,
            height_px: height,
            window,
            plot_left_px: plot_left,
            plot_width_px: plot_width,
            full_title: &timeline.title,
            title,
            title_baseline_px: title_baseline,
            description,
            description_baseline_px: description_baseline,
            era_top_px: era_top,
            lanes_top_px: lanes_top,
            lanes_bottom_px: lanes_bottom,
            lanes: page_lanes,
            eras,
            ticks: axis_ticks,
            breaks: page_breaks,
            density: density_bars(&layout, &lanes),
            events,
            labels,
            clusters,
            empty_message,
            legend,
            footer,
            footer_top_px: footer_top,
            visible_events,
            markers: layout.placed.len(),
            hidden_labels: layout.hidden_labels,
        }
    }

    fn plot_right_px(&self) -> f64 {
        self.plot_left_px + self.plot_width_px
    }
}

/// The centre for a text of `size_px` meant to be centred on `x`, moved inwards so that the
/// whole text stays on a canvas `width_px` wide.
fn centered_on_canvas(x: f64, text: &str, size_px: f64, width_px: f64) -> f64 {
    let half = text_width_px(text, size_px, false) / 2.0;
    x.clamp(PAD + half, (width_px - PAD - half).max(PAD + half))
}

/// The footer's text with "N empty lanes hidden" after the event count, when the scene folds
/// lanes (there, and not at the end, so that a long list of sources cannot push it off).
fn footer_with_folded_lanes(footer: &str, folded_lanes: usize) -> String {
    if folded_lanes == 0 {
        return footer.to_string();
    }
    let hidden = format!("{} hidden", plural(folded_lanes, "empty lane"));
    match footer.split_once(" · ") {
        Some((count, rest)) => format!("{count} · {hidden} · {rest}"),
        None => format!("{footer} · {hidden}"),
    }
}

/// The columns of lanes drawn as density.
fn density_bars(layout: &LanesLayout, lanes: &[&crate::lanes::Lane]) -> Vec<DensityBar> {
    layout
        .density
        .iter()
        .filter_map(|column| {
            let lane = lanes.get(column.lane as usize)?;
            let lane_box = layout.lane_boxes.get(column.lane as usize)?;
            let fraction = (f64::from(column.count).ln_1p() / 6.0).clamp(0.1, 1.0);
            let height = (lane_box.height_px - 6.0) * fraction;
            let bottom = lane_box.top_px + lane_box.height_px - 3.0;
            Some(DensityBar {
                x0_px: column.x0,
                x1_px: column.x1,
                top_px: bottom - height,
                height_px: height,
                color_rgb: lane.color_rgb,
            })
        })
        .collect()
}

/// Each placed event's marks, lane by lane in date order.
fn place_events<'t>(
    timeline: &'t Timeline,
    layout: &LanesLayout,
    lanes: &[&crate::lanes::Lane],
    plot_left: f64,
    plot_right: f64,
) -> Vec<PageEvent<'t>> {
    let radius = MARKER_RADIUS_PX;
    // The layout places events left to right; the picture lists each lane's events in date
    // order, as the app and `list` do, so that tools reading `data-id`s see the scene's order.
    let mut in_date_order: Vec<&crate::layout::PlacedEvent> = layout.placed.iter().collect();
    in_date_order.sort_by_key(|placed| {
        (
            placed.lane,
            crate::filter::date_order_key(timeline, placed.event as usize),
        )
    });
    let (view_left, view_right) = (plot_left - radius, plot_right + radius);
    in_date_order
        .into_iter()
        .filter_map(|placed| {
            let event = timeline.events.get(placed.event as usize)?;
            let rgb = lanes.get(placed.lane as usize)?.color_rgb;
            let y = layout.row_center_y(placed.lane, placed.row)?;
            let bracket = placed
                .bracket
                .map(|(x0, x1)| (x0.max(view_left), x1.min(view_right), y + radius + 2.0));
            // The bar runs under the row's text, where the bracket of a coarse date would be,
            // so the event's own title (which starts on the bar) stays readable.
            let span = placed.span.map(|(x0, x1)| SpanBar {
                x0_px: x0.max(view_left),
                x1_px: x1.max(x0 + 2.0).min(view_right),
                y_px: y + radius + 3.0,
                dashed: placed.circa,
            });
            // A coarse date's marker sits mid-period and may lie outside a narrow window while
            // its bracket reaches in: the bracket is drawn, the marker is not. A clustered
            // event's marker is the cluster's badge.
            let marker =
                (placed.cluster.is_none() && placed.x >= view_left && placed.x <= view_right)
                    .then(|| MarkerShape::of(event.kind).outline(placed.x, y, radius));
            Some(PageEvent {
                id: &event.id,
                lane: placed.lane,
                tooltip: format!(
                    "{} — {} · {}",
                    event.title,
                    format_period(event.date, event.end),
                    event.kind.label()
                ),
                color_rgb: rgb,
                bracket,
                span,
                marker,
                circa: placed.circa,
            })
        })
        .collect()
}

/// The titles the layout placed, whole, line by line.
fn title_labels<'t>(timeline: &'t Timeline, layout: &LanesLayout) -> Vec<EventLabel<'t>> {
    layout
        .labels
        .iter()
        .filter_map(|label| {
            let event = timeline.events.get(label.event as usize)?;
            let first_row_center = layout.row_center_y(label.lane, label.row)?;
            let anchor_end = label.side == LabelSide::Left;
            Some(EventLabel {
                id: &event.id,
                x_px: if anchor_end { label.x1 } else { label.x0 },
                anchor_end,
                first_baseline_px: first_row_center + CENTER_TO_BASELINE * LABEL_PX,
                lines: label.lines(&event.title).map(str::to_string).collect(),
            })
        })
        .collect()
}

/// The cluster badges, with their members' ids and a tooltip listing their titles. A cluster
/// of markers outside the time area (coarse dates whose brackets reach into a narrow window) is
/// not drawn, as such a marker alone is not.
fn cluster_badges<'t>(
    timeline: &'t Timeline,
    layout: &LanesLayout,
    lanes: &[&crate::lanes::Lane],
    plot_left: f64,
    plot_right: f64,
) -> Vec<PageCluster<'t>> {
    let (view_left, view_right) = (plot_left - MARKER_RADIUS_PX, plot_right + MARKER_RADIUS_PX);
    layout
        .clusters
        .iter()
        .filter(|cluster| cluster.x >= view_left && cluster.x <= view_right)
        .map(|cluster| {
            let members: Vec<&crate::model::Event> = cluster
                .events
                .iter()
                .filter_map(|&index| timeline.events.get(index as usize))
                .collect();
            let when = match members.first() {
                Some(first) if cluster.same_day => {
                    format!(" on {}", format_period(first.date, first.end))
                }
                _ => String::new(),
            };
            let mut titles: Vec<String> = members
                .iter()
                .take(CLUSTER_TOOLTIP_TITLES)
                .map(|event| event.title.to_string())
                .collect();
            if members.len() > CLUSTER_TOOLTIP_TITLES {
                titles.push(format!("… {} more", members.len() - CLUSTER_TOOLTIP_TITLES));
            }
            PageCluster {
                ids: members.iter().map(|event| &*event.id).collect(),
                lane: cluster.lane,
                x0_px: cluster.x0,
                x1_px: cluster.x1,
                y0_px: cluster.y0,
                y1_px: cluster.y1,
                markers_x: cluster.markers_x,
                color_rgb: lanes
                    .get(cluster.lane as usize)
                    .map_or(0x6b6f76, |lane| lane.color_rgb),
                tooltip: format!(
                    "{}{when}: {}",
                    plural(cluster.count(), "event"),
                    titles.join("; ")
                ),
            }
        })
        .collect()
}

/// A zig-zag line down from `top` to `bottom` around `x` (a break band's edge).
fn zig_zag(x: f64, top: f64, bottom: f64) -> String {
    const STEP_PX: f64 = 5.0;
    const AMPLITUDE_PX: f64 = 2.5;
    let mut path = format!("M{} {}", num(x), num(top));
    let mut y = top;
    let mut outwards = true;
    while y < bottom {
        y = (y + STEP_PX).min(bottom);
        let dx = if outwards {
            AMPLITUDE_PX
        } else {
            -AMPLITUDE_PX
        };
        let _ = write!(path, "L{} {}", num(x + dx), num(y));
        outwards = !outwards;
    }
    path
}

/// The page as an SVG document in the colours of `palette`.
fn write_svg(page: &Page, palette: &Palette) -> String {
    let mut out = String::with_capacity(64 * 1024);
    let (width, plot_left, plot_right) = (page.width_px, page.plot_left_px, page.plot_right_px());
    let (era_top, lanes_top, lanes_bottom) =
        (page.era_top_px, page.lanes_top_px, page.lanes_bottom_px);
    emit!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}" font-family="{FONT_FAMILY}, Verdana, sans-serif" data-window-start="{ws}" data-window-end="{we}" data-plot-left="{pl}" data-plot-width="{pw}">"#,
        w = num(width),
        h = num(page.height_px),
        ws = page.window.start_day,
        we = page.window.end_day,
        pl = plot_left,
        pw = page.plot_width_px,
    );
    emit!(out, "<title>{}</title>", escape_xml(page.full_title));
    emit!(out, "<desc>Drawn by Chronolanes</desc>");
    emit!(
        out,
        r#"<defs><clipPath id="plot-area"><rect x="{}" y="{}" width="{}" height="{}"/></clipPath></defs>"#,
        num(plot_left),
        num(era_top),
        num(page.plot_width_px),
        num(lanes_bottom - era_top)
    );
    emit!(
        out,
        r#"<rect width="100%" height="100%" fill="{}"/>"#,
        palette.background
    );

    // Title and description.
    emit!(
        out,
        r#"<text class="title" x="{}" y="{}" font-size="{TITLE_PX}" font-weight="bold" fill="{}">{}</text>"#,
        num(PAD),
        num(page.title_baseline_px),
        palette.text,
        escape_xml(&page.title)
    );
    for (line, text) in page.description.iter().enumerate() {
        emit!(
            out,
            r#"<text class="description" x="{}" y="{}" font-size="{DESCRIPTION_PX}" fill="{}">{}</text>"#,
            num(PAD),
            num(page.description_baseline_px + DESCRIPTION_LINE_PX * line as f64),
            palette.muted,
            escape_xml(text)
        );
    }

    // Lane backgrounds, labels and counts. A lane of one row has its label and count centred;
    // a taller one has them beside its first rows, next to its first titles.
    for (index, lane) in page.lanes.iter().enumerate() {
        let top = lane.top_px;
        if index % 2 == 1 {
            emit!(
                out,
                r#"<rect x="{}" y="{}" width="{}" height="{}" fill="{}"/>"#,
                num(PAD),
                num(top),
                num(width - 2.0 * PAD),
                num(lane.height_px),
                palette.zebra
            );
        }
        // In a lane of one row the two lines share its 28 px; the count must not reach into
        // the next lane's label.
        let label_baseline = top + (lane.height_px / 2.0 - 0.5).min(19.0);
        let count_baseline = (label_baseline + 15.0).min(top + lane.height_px - 3.0);
        emit!(
            out,
            r#"<text class="lane-label" x="{}" y="{}" font-size="{LANE_LABEL_PX}" font-weight="bold" text-anchor="end" fill="{}">{}</text>"#,
            num(plot_left - 12.0),
            num(label_baseline),
            palette.lane_text(lane.color_rgb),
            escape_xml(&lane.label)
        );
        emit!(
            out,
            r#"<text class="lane-count" x="{}" y="{}" font-size="{LANE_COUNT_PX}" text-anchor="end" fill="{}">{}</text>"#,
            num(plot_left - 12.0),
            num(count_baseline),
            palette.muted,
            escape_xml(&plural(lane.event_count, "event"))
        );
    }

    // The background of the time area is clipped to it.
    emit!(out, r#"<g clip-path="url(#plot-area)">"#);
    // Only the first row of eras shades the lanes: overlapping bands would add up to blocks
    // of grey that mean nothing; the strip above shows every era.
    for era in page.eras.iter().filter(|era| era.row == 0) {
        emit!(
            out,
            r#"<rect class="era-band" x="{}" y="{}" width="{}" height="{}" fill="{}" fill-opacity="{}"/>"#,
            num(era.x0),
            num(lanes_top),
            num(era.x1 - era.x0),
            num(lanes_bottom - lanes_top),
            palette.era_shade,
            palette.era_shade_opacities[era.position_in_row % 2]
        );
    }
    for tick in &page.ticks {
        emit!(
            out,
            r#"<line x1="{x}" y1="{}" x2="{x}" y2="{}" stroke="{}" stroke-width="1"/>"#,
            num(era_top),
            num(lanes_bottom),
            palette.grid,
            x = num(tick.x_px)
        );
    }
    for era in &page.eras {
        let top = era_top + era.row as f64 * ERA_ROW_PX;
        let fill = palette.era_boxes[era.position_in_row % 2];
        emit!(
            out,
            r#"<rect class="era" x="{}" y="{}" width="{}" height="{}" rx="3" fill="{fill}" stroke="{}" stroke-width="1"/>"#,
            num(era.x0 + 0.5),
            num(top + 1.0),
            num((era.x1 - era.x0 - 1.0).max(0.5)),
            num(ERA_ROW_PX - 3.0),
            palette.background
        );
        if !era.title.is_empty() {
            emit!(
                out,
                r#"<text class="era-title" x="{}" y="{}" font-size="{ERA_PX}" fill="{}">{}</text>"#,
                num(era.x0 + 4.0),
                num(top + 1.0 + (ERA_ROW_PX - 3.0) / 2.0 + CENTER_TO_BASELINE * ERA_PX),
                palette.era_text,
                escape_xml(&era.title)
            );
        }
    }
    for lane in page.lanes.iter().skip(1) {
        emit!(
            out,
            r#"<line x1="{}" y1="{y}" x2="{}" y2="{y}" stroke="{}" stroke-width="1"/>"#,
            num(plot_left),
            num(plot_right),
            palette.separator,
            y = num(lane.top_px)
        );
    }
    for lane in &page.lanes {
        emit!(
            out,
            r#"<rect class="lane-strip" x="{}" y="{}" width="4" height="{}" rx="1" fill="{}"/>"#,
            num(plot_left),
            num(lane.top_px + 3.0),
            num(lane.height_px - 6.0),
            palette.marker(lane.color_rgb)
        );
    }
    emit!(out, "</g>");

    // Breaks: over the background, under the events (whose titles may cross a band).
    for band in &page.breaks {
        write_break(&mut out, page, band, palette);
    }

    // Events, titles and badges, clipped to the time area.
    emit!(out, r#"<g clip-path="url(#plot-area)">"#);
    write_events(&mut out, page, palette);
    if let Some(message) = page.empty_message {
        emit!(
            out,
            r#"<text class="empty" x="{}" y="{}" font-size="14" text-anchor="middle" fill="{}">{}</text>"#,
            num(plot_left + page.plot_width_px / 2.0),
            num((lanes_top + lanes_bottom) / 2.0 + CENTER_TO_BASELINE * 14.0),
            palette.muted,
            message
        );
    }
    emit!(out, "</g>");

    // Axis: the line is interrupted where a break's band crosses it.
    let mut segment_start = plot_left;
    for band in &page.breaks {
        let (x0, x1) = (band.x0_px.max(plot_left), band.x1_px.min(plot_right));
        if x0 > segment_start {
            write_axis_segment(&mut out, segment_start, x0, lanes_bottom, palette);
        }
        segment_start = segment_start.max(x1);
    }
    if plot_right > segment_start {
        write_axis_segment(&mut out, segment_start, plot_right, lanes_bottom, palette);
    }
    for tick in &page.ticks {
        emit!(
            out,
            r#"<line x1="{x}" y1="{}" x2="{x}" y2="{}" stroke="{}" stroke-width="1"/>"#,
            num(lanes_bottom),
            num(lanes_bottom + 5.0),
            palette.axis,
            x = num(tick.x_px)
        );
        emit!(
            out,
            r#"<text class="tick-label" x="{}" y="{}" font-size="{AXIS_PX}" text-anchor="middle" fill="{}">{}</text>"#,
            num(tick.label_center_px),
            num(lanes_bottom + 20.0),
            palette.muted,
            escape_xml(&tick.label)
        );
    }

    // Legend.
    for placed in &page.legend {
        let (item, middle) = (&placed.item, placed.middle_px);
        let mut text_x = placed.x_px;
        if let Some(swatch) = item.swatch {
            write_swatch(&mut out, swatch, placed.x_px + 6.0, middle, palette);
            text_x += SWATCH_PX;
        }
        emit!(
            out,
            r#"<text class="legend" x="{}" y="{}" font-size="{LEGEND_PX}"{} fill="{}">{}</text>"#,
            num(text_x),
            num(middle + CENTER_TO_BASELINE * LEGEND_PX),
            if item.heading {
                r#" font-weight="bold""#
            } else {
                ""
            },
            if item.heading {
                &palette.muted
            } else {
                &palette.text
            },
            escape_xml(&item.text)
        );
    }

    // Footer.
    for (line, text) in page.footer.iter().enumerate() {
        emit!(
            out,
            r#"<text class="footer" x="{}" y="{}" font-size="{FOOTER_PX}" fill="{}">{}</text>"#,
            num(PAD),
            num(page.footer_top_px + FOOTER_LINE_PX * line as f64 + FOOTER_PX),
            palette.muted,
            escape_xml(text)
        );
    }
    emit!(out, "</svg>");
    out
}

fn write_axis_segment(out: &mut String, x0: f64, x1: f64, lanes_bottom: f64, palette: &Palette) {
    emit!(
        out,
        r#"<line class="axis" x1="{}" y1="{y}" x2="{}" y2="{y}" stroke="{}" stroke-width="1"/>"#,
        num(x0),
        num(x1),
        palette.axis,
        y = num(lanes_bottom + 0.5)
    );
}

/// A compressed break: a band the background colour (so grid lines, eras and lane stripes stop
/// at it) from the era strip down across the axis, zig-zag edges, and its label under the tick
/// labels.
fn write_break(out: &mut String, page: &Page, band: &PageBreak, palette: &Palette) {
    let (top, bottom) = (page.era_top_px, page.lanes_bottom_px + 8.0);
    let label = escape_xml(&band.label);
    emit!(
        out,
        r#"<g class="axis-break" data-from="{}" data-to="{}"><title>{label}</title>"#,
        band.from_year,
        band.to_year
    );
    // A band at the edge of the window is cut at the time area's edge, where it has no
    // zig-zag: the break goes on beyond the picture.
    let (left, right) = (page.plot_left_px, page.plot_right_px());
    let (x0, x1) = (band.x0_px.max(left), band.x1_px.min(right));
    emit!(
        out,
        r#"<rect class="break-band" x="{}" y="{}" width="{}" height="{}" fill="{}"/>"#,
        num(x0),
        num(top),
        num((x1 - x0).max(0.0)),
        num(bottom - top),
        palette.background
    );
    for (x, inwards) in [(band.x0_px, 1.0), (band.x1_px, -1.0)] {
        // Each edge zig-zags inside the band, so the band reads as a tear in the axis.
        if x >= left && x <= right {
            emit!(
                out,
                r#"<path class="break-edge" d="{}" fill="none" stroke="{}" stroke-width="1.2"/>"#,
                zig_zag(x + inwards * 2.5, top, bottom),
                palette.axis
            );
        }
    }
    emit!(
        out,
        r#"<text class="break-label" x="{}" y="{}" font-size="{BREAK_LABEL_PX}" text-anchor="middle" fill="{}">{label}</text>"#,
        num(band.label_center_px),
        num(page.lanes_bottom_px + AXIS_HEIGHT_PX - 4.0),
        palette.text,
    );
    emit!(out, "</g>");
}

/// Density columns, then each event's marks, then titles, then cluster badges on top.
fn write_events(out: &mut String, page: &Page, palette: &Palette) {
    for bar in &page.density {
        emit!(
            out,
            r#"<rect class="density" x="{}" y="{}" width="{}" height="{}" fill="{}"/>"#,
            num(bar.x0_px),
            num(bar.top_px),
            num(bar.x1_px - bar.x0_px),
            num(bar.height_px),
            palette.marker(bar.color_rgb)
        );
    }
    // One group per placed event holds all its marks, so each carries the event's id and title.
    for event in &page.events {
        let color = palette.marker(event.color_rgb);
        emit!(
            out,
            r#"<g class="event" data-id="{}" data-lane="{}"><title>{}</title>"#,
            escape_xml(event.id),
            event.lane,
            escape_xml(&event.tooltip)
        );
        if let Some((x0, x1, bottom)) = event.bracket {
            emit!(
                out,
                r#"<path class="bracket" d="M{} {}V{}H{}V{}" fill="none" stroke="{color}" stroke-opacity="0.45" stroke-width="1.5"/>"#,
                num(x0),
                num(bottom - 4.0),
                num(bottom),
                num(x1),
                num(bottom - 4.0)
            );
        }
        if let Some(span) = &event.span {
            let dash = if span.dashed {
                r#" stroke-dasharray="6 3""#
            } else {
                ""
            };
            emit!(
                out,
                r#"<line class="span" x1="{}" y1="{y}" x2="{}" y2="{y}" stroke="{color}" stroke-opacity="0.75" stroke-width="3"{dash}/>"#,
                num(span.x0_px),
                num(span.x1_px),
                y = num(span.y_px)
            );
        }
        if let Some(outline) = &event.marker {
            let paint = if event.circa {
                format!(
                    r#"fill="{}" stroke="{color}" stroke-width="1.6""#,
                    palette.background
                )
            } else {
                format!(
                    r#"fill="{color}" stroke="{}" stroke-width="1""#,
                    palette.background
                )
            };
            emit!(
                out,
                r#"<polygon class="marker" points="{}" {paint}/>"#,
                points(outline)
            );
        }
        emit!(out, "</g>");
    }
    for label in &page.labels {
        let anchor = if label.anchor_end {
            r#" text-anchor="end""#
        } else {
            ""
        };
        let _ = write!(
            out,
            r#"<text class="event-label" data-id="{}" x="{}" y="{}" font-size="{LABEL_PX}"{anchor} fill="{}" stroke="{}" stroke-width="3" stroke-linejoin="round" paint-order="stroke">"#,
            escape_xml(label.id),
            num(label.x_px),
            num(label.first_baseline_px),
            palette.text,
            palette.background,
        );
        if let [line] = label.lines.as_slice() {
            out.push_str(&escape_xml(line));
        } else {
            for (index, line) in label.lines.iter().enumerate() {
                let _ = write!(
                    out,
                    r#"<tspan x="{}" y="{}">{}</tspan>"#,
                    num(label.x_px),
                    num(label.first_baseline_px + index as f64 * ROW_PX),
                    escape_xml(line)
                );
            }
        }
        emit!(out, "</text>");
    }
    for cluster in &page.clusters {
        write_cluster(out, cluster, palette);
    }
}

/// A badge in the lane's colour with the count in it, over a thin line joining the leftmost and
/// rightmost member markers.
fn write_cluster(out: &mut String, cluster: &PageCluster, palette: &Palette) {
    let ids: Vec<String> = cluster.ids.iter().map(|id| escape_xml(id)).collect();
    let color = palette.marker(cluster.color_rgb);
    let middle = (cluster.y0_px + cluster.y1_px) / 2.0;
    emit!(
        out,
        r#"<g class="cluster" data-ids="{}" data-lane="{}"><title>{}</title>"#,
        ids.join(" "),
        cluster.lane,
        escape_xml(&cluster.tooltip)
    );
    let (from, to) = cluster.markers_x;
    if to - from > 0.5 {
        emit!(
            out,
            r#"<line class="cluster-spread" x1="{}" y1="{y}" x2="{}" y2="{y}" stroke="{color}" stroke-width="2"/>"#,
            num(from),
            num(to),
            y = num(middle)
        );
    }
    let height = cluster.y1_px - cluster.y0_px;
    emit!(
        out,
        r#"<rect class="cluster-badge" x="{}" y="{}" width="{}" height="{}" rx="{}" fill="{color}" stroke="{}" stroke-width="1.5"/>"#,
        num(cluster.x0_px),
        num(cluster.y0_px),
        num(cluster.x1_px - cluster.x0_px),
        num(height),
        num(height / 2.0),
        palette.background
    );
    emit!(
        out,
        r##"<text class="cluster-count" x="{}" y="{}" font-size="{CLUSTER_COUNT_PX}" font-weight="bold" text-anchor="middle" fill="#ffffff">{}</text>"##,
        num((cluster.x0_px + cluster.x1_px) / 2.0),
        num(middle + CENTER_TO_BASELINE * CLUSTER_COUNT_PX),
        cluster.ids.len()
    );
    emit!(out, "</g>");
}

fn write_swatch(out: &mut String, swatch: Swatch, x: f64, y: f64, palette: &Palette) {
    match swatch {
        Swatch::Shape(shape, rgb) => {
            emit!(
                out,
                r#"<polygon class="legend-swatch" points="{}" fill="{}"/>"#,
                points(&shape.outline(x, y, 5.0)),
                palette.marker(rgb)
            );
        }
        Swatch::Hollow(rgb) => {
            emit!(
                out,
                r#"<polygon class="legend-swatch" points="{}" fill="{}" stroke="{}" stroke-width="1.6"/>"#,
                points(&MarkerShape::Circle.outline(x, y, 5.0)),
                palette.background,
                palette.marker(rgb)
            );
        }
        Swatch::Bracket(rgb) => {
            emit!(
                out,
                r#"<path class="legend-swatch" d="M{} {}V{}H{}V{}" fill="none" stroke="{}" stroke-opacity="0.6" stroke-width="1.5"/>"#,
                num(x - 6.0),
                num(y - 2.0),
                num(y + 3.0),
                num(x + 6.0),
                num(y - 2.0),
                palette.marker(rgb)
            );
        }
        Swatch::Bar(rgb) => {
            emit!(
                out,
                r#"<line class="legend-swatch" x1="{}" y1="{y}" x2="{}" y2="{y}" stroke="{}" stroke-opacity="0.75" stroke-width="3"/>"#,
                num(x - 6.0),
                num(x + 7.0),
                palette.marker(rgb),
                y = num(y + 2.0)
            );
        }
    }
}

/// Kinds present (with their colours when lanes are kinds), policy subkinds by shape, and what
/// brackets, hollow markers and bars mean when any are drawn.
fn legend_items(
    timeline: &Timeline,
    visible: &Visibility,
    layout: &LanesLayout,
    grouping: Grouping,
    neutral_rgb: u32,
) -> Vec<LegendItem> {
    let visible_kinds: Vec<Kind> = visible
        .iter()
        .filter_map(|index| timeline.events.get(index))
        .map(|event| event.kind)
        .collect();
    let heading = |text: &str| LegendItem {
        swatch: None,
        text: text.to_string(),
        heading: true,
    };
    let entry = |swatch: Swatch, text: String| LegendItem {
        swatch: Some(swatch),
        text,
        heading: false,
    };
    let mut items = Vec::new();
    let by_kind = grouping == Grouping::Kind;
    if by_kind {
        let present: Vec<(KindLane, usize)> = KindLane::ALL
            .into_iter()
            .map(|lane| {
                let count = visible_kinds.iter().filter(|k| k.lane() == lane).count();
                (lane, count)
            })
            .filter(|(_, count)| *count > 0)
            .collect();
        if !present.is_empty() {
            items.push(heading("Kinds"));
            for (lane, count) in present {
                items.push(entry(
                    Swatch::Shape(MarkerShape::Circle, lane.color_rgb()),
                    format!("{} ({count})", lane.label()),
                ));
            }
        }
    }
    let policies: Vec<PolicyKind> = PolicyKind::ALL
        .into_iter()
        .filter(|p| visible_kinds.iter().any(|k| k.policy() == Some(*p)))
        .collect();
    // Marker colours are kinds only when lanes are; otherwise shapes are shown in grey.
    let shape_color = if by_kind {
        KindLane::Policy.color_rgb()
    } else {
        neutral_rgb
    };
    if !policies.is_empty() {
        items.push(heading(if by_kind { "Policy" } else { "Policy shapes" }));
        for policy in policies {
            items.push(entry(
                Swatch::Shape(MarkerShape::of(Kind::Policy(policy)), shape_color),
                policy.label().to_string(),
            ));
        }
    }
    let neutral = neutral_rgb;
    let mut dates = Vec::new();
    if layout.placed.iter().any(|p| p.bracket.is_some()) {
        dates.push(entry(
            Swatch::Bracket(neutral),
            "known to the month or year".into(),
        ));
    }
    if layout.placed.iter().any(|p| p.circa) {
        dates.push(entry(Swatch::Hollow(neutral), "approximate (circa)".into()));
    }
    if layout.placed.iter().any(|p| p.span.is_some()) {
        dates.push(entry(Swatch::Bar(neutral), "period".into()));
    }
    if !dates.is_empty() {
        items.push(heading("Dates"));
        items.extend(dates);
    }
    items
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::filter::Filter;
    use crate::load::load_str;

    const TIMELINE: &str = r##"Timeline(
  title: "Caro Quintero & <the> \"DEA\"",
  description: "Two events.",
  eras: [Era(title: "Peña Nieto presidency", start: "2012-12-01", end: "2018-11-30")],
  sources: [
    Source(id: "a", outlet: "VICE News", title: "A"),
    Source(id: "b", outlet: "VICE News", title: "B"),
    Source(id: "c", title: "Court record"),
    Source(id: "d", outlet: "Reuters", title: "D"),
  ],
  events: [
    Event(id: "arrest", kind: Arrest, date: "2013-08", title: "Arrest <1>", sources: ["b", "c"]),
    Event(id: "law", kind: Policy(Law), date: "~2016", end: "2017", title: "Law & order", sources: ["a"]),
    Event(id: "later", kind: Court, date: "2017-05-02", title: "Court", sources: ["d"]),
  ],
)"##;

    fn timeline() -> Timeline {
        let loaded = load_str(TIMELINE);
        loaded
            .timeline
            .unwrap_or_else(|| panic!("{:?}", loaded.diagnostics))
    }

    /// The test timeline by kind, filtered by `filter`.
    fn scene_with(filter: &Filter) -> Scene {
        Scene::new(timeline(), Grouping::Kind, filter)
    }

    fn scene() -> Scene {
        scene_with(&Filter::default())
    }

    fn court_only() -> Filter {
        Filter {
            kinds: vec![crate::model::KindSelector::parse("court").unwrap()],
            ..Filter::default()
        }
    }

    fn search(text: &str) -> Filter {
        Filter {
            search: text.into(),
            ..Filter::default()
        }
    }

    #[test]
    fn xml_text_is_escaped_and_invalid_characters_dropped() {
        assert_eq!(
            escape_xml(r#"Tom & "Jerry" <b>'s</b>"#),
            "Tom &amp; &quot;Jerry&quot; &lt;b&gt;&apos;s&lt;/b&gt;"
        );
        assert_eq!(escape_xml("a\u{1}b\u{FFFF}c\nd"), "abc d");
        assert_eq!(escape_xml("Peña – →"), "Peña – →");
    }

    #[test]
    fn footer_counts_visible_events_and_names_each_outlet_once() {
        let footer = |filter: &Filter| {
            let scene = scene_with(filter);
            footer_text(scene.timeline(), scene.visibility())
        };
        assert_eq!(
            footer(&Filter::default()),
            "3 events · sources: VICE News, Court record, Reuters"
        );
        // Only the sources of visible events, in the file's order.
        assert_eq!(footer(&court_only()), "1 event · sources: Reuters");
        assert_eq!(footer(&search("nothing like this")), "0 events");
    }

    #[test]
    fn the_document_parses_and_escapes_titles() {
        let rendering = render(&scene(), &RenderOptions::default());
        let document = roxmltree::Document::parse(&rendering.svg).expect("well-formed SVG");
        let title = document
            .descendants()
            .find(|n| n.has_tag_name("text") && n.attribute("class") == Some("title"))
            .and_then(|n| n.text());
        assert_eq!(title, Some("Caro Quintero & <the> \"DEA\""));
        let ids: Vec<&str> = document
            .descendants()
            .filter(|n| n.attribute("class") == Some("event"))
            .filter_map(|n| n.attribute("data-id"))
            .collect();
        // Lane by lane: Arrests, Court, Policy.
        assert_eq!(ids, ["arrest", "later", "law"]);
        assert_eq!(rendering.markers, 3);
        assert_eq!(rendering.width_px, DEFAULT_WIDTH_PX);
    }

    #[test]
    fn the_page_geometry_is_computed_without_writing_svg() {
        let t = scene();
        let page = Page::new(&t, &RenderOptions::default());
        let labels: Vec<&str> = page.lanes.iter().map(|l| l.label.as_str()).collect();
        assert_eq!(labels, ["Arrests", "Court", "Policy"]);
        let ids: Vec<&str> = page.events.iter().map(|e| e.id).collect();
        assert_eq!(ids, ["arrest", "later", "law"]);
        // Every marker lies in its lane's band, and on the time area give or take its radius.
        for event in &page.events {
            let lane = &page.lanes[event.lane as usize];
            let outline = event
                .marker
                .as_deref()
                .expect("every event is in the window");
            for &(x, y) in outline {
                assert!(
                    (lane.top_px..=lane.top_px + lane.height_px).contains(&y),
                    "{y}"
                );
                assert!(x >= page.plot_left_px - MARKER_RADIUS_PX, "{x}");
                assert!(x <= page.plot_right_px() + MARKER_RADIUS_PX, "{x}");
            }
        }
        // The law (circa 2016 to 2017) has a dashed bar; the arrest (known to the month) a
        // bracket.
        let law = &page.events[2];
        assert!(law.circa && law.span.as_ref().is_some_and(|bar| bar.dashed));
        assert!(page.events[0].bracket.is_some() && page.events[0].span.is_none());
        // Only colours depend on the theme: the same geometry in the dark.
        let dark = Page::new(
            &t,
            &RenderOptions {
                dark: true,
                ..RenderOptions::default()
            },
        );
        assert_eq!(
            (dark.height_px, &dark.lanes, &dark.events),
            (page.height_px, &page.lanes, &page.events)
        );
        assert_eq!(
            page.height_px,
            render(&t, &RenderOptions::default()).height_px as f64
        );
    }

    #[test]
    fn circa_markers_are_hollow_and_policy_subkinds_have_their_shape() {
        let svg = render_svg(&scene(), &RenderOptions::default());
        let document = roxmltree::Document::parse(&svg).unwrap();
        let polygon_of = |id: &str| {
            document
                .descendants()
                .find(|n| n.attribute("data-id") == Some(id))
                .and_then(|g| {
                    g.children()
                        .find(|c| c.attribute("class") == Some("marker"))
                })
                .unwrap()
        };
        let law = polygon_of("law");
        assert_eq!(law.attribute("fill"), Some("#ffffff"));
        // A square has four corners, a circle twenty.
        assert_eq!(law.attribute("points").unwrap().split(' ').count(), 4);
        let arrest = polygon_of("arrest");
        assert_eq!(arrest.attribute("fill"), Some("#2f6fdf"));
        assert_eq!(arrest.attribute("points").unwrap().split(' ').count(), 20);
    }

    #[test]
    fn lanes_left_empty_by_the_filter_are_not_drawn_and_the_height_follows_lanes() {
        let all = render(&scene(), &RenderOptions::default());
        let court_only = render(&scene_with(&court_only()), &RenderOptions::default());
        let labels = |svg: &str| -> Vec<String> {
            let document = roxmltree::Document::parse(svg).unwrap();
            document
                .descendants()
                .filter(|n| n.attribute("class") == Some("lane-label"))
                .filter_map(|n| n.text().map(str::to_string))
                .collect()
        };
        assert_eq!(labels(&all.svg), ["Arrests", "Court", "Policy"]);
        assert_eq!(labels(&court_only.svg), ["Court"]);
        assert!(court_only.height_px < all.height_px);
    }

    #[test]
    fn no_matching_events_says_so() {
        let svg = render_svg(
            &scene_with(&search("nothing like this")),
            &RenderOptions {
                dark: true,
                ..RenderOptions::default()
            },
        );
        assert!(svg.contains("No events match the filters."));
        assert!(!svg.contains("data-id"));
    }

    /// A timeline of these events (RON `Event(...)` entries, citing source "s").
    fn scene_of(events: &str) -> Scene {
        let text = format!(
            r#"Timeline(title: "T", sources: [Source(id: "s", title: "S")], events: [{events}])"#
        );
        let loaded = load_str(&text);
        let timeline = loaded
            .timeline
            .unwrap_or_else(|| panic!("{:?}", loaded.diagnostics));
        Scene::new(timeline, Grouping::Kind, &Filter::default())
    }

    fn with_class<'a, 'i>(
        document: &'a roxmltree::Document<'i>,
        class: &'a str,
    ) -> impl Iterator<Item = roxmltree::Node<'a, 'i>> + 'a {
        document
            .descendants()
            .filter(move |n| n.attribute("class") == Some(class))
    }

    #[test]
    fn same_day_events_are_one_badge_with_their_count_and_keep_their_groups() {
        let events: Vec<String> = (0..6)
            .map(|i| format!(r#"Event(id: "e{i}", kind: Arrest, date: "2025-02-27", title: "Handed over {i}", sources: ["s"])"#))
            .chain([r#"Event(id: "x", kind: Arrest, date: "2024-06-10", title: "Earlier", sources: ["s"])"#.to_string()])
            .collect();
        let rendering = render(&scene_of(&events.join(",")), &RenderOptions::default());
        assert_eq!((rendering.clusters, rendering.clustered_events), (1, 6));
        let document = roxmltree::Document::parse(&rendering.svg).unwrap();
        let cluster = with_class(&document, "cluster").next().expect("a cluster");
        assert_eq!(cluster.attribute("data-ids"), Some("e0 e1 e2 e3 e4 e5"));
        let count = cluster
            .descendants()
            .find(|n| n.attribute("class") == Some("cluster-count"))
            .and_then(|n| n.text());
        assert_eq!(count, Some("6"));
        let tooltip = cluster
            .children()
            .find(|n| n.has_tag_name("title"))
            .and_then(|n| n.text())
            .unwrap_or_default();
        assert!(
            tooltip.starts_with("6 events on 27 Feb 2025: Handed over 0; Handed over 1"),
            "{tooltip}"
        );
        // Every event keeps its group; only the one outside the cluster draws a marker.
        let with_marker: Vec<&str> = with_class(&document, "event")
            .filter(|g| g.children().any(|c| c.attribute("class") == Some("marker")))
            .filter_map(|g| g.attribute("data-id"))
            .collect();
        assert_eq!(with_class(&document, "event").count(), 7);
        assert_eq!(with_marker, ["x"]);
        let titled: Vec<&str> = with_class(&document, "event-label")
            .filter_map(|n| n.attribute("data-id"))
            .collect();
        assert_eq!(titled, ["x"]);
    }

    #[test]
    fn a_long_title_is_drawn_whole_on_several_lines_and_the_lane_grows() {
        let title = "Extradited Mexican drug kingpins are being offered to cooperate with U.S. authorities or face harsher sentences, prosecutors say";
        let one = scene_of(&format!(
            r#"Event(id: "a", kind: Court, date: "2021-10-10", title: "{title}", sources: ["s"]),
               Event(id: "b", kind: Court, date: "2023-01-10", title: "Short", sources: ["s"])"#
        ));
        let options = RenderOptions {
            width_px: 900,
            ..RenderOptions::default()
        };
        let rendering = render(&one, &options);
        assert_eq!(rendering.hidden_labels, 0);
        let document = roxmltree::Document::parse(&rendering.svg).unwrap();
        let label = with_class(&document, "event-label")
            .find(|n| n.attribute("data-id") == Some("a"))
            .expect("the long title is drawn");
        let lines: Vec<&str> = label
            .children()
            .filter(|c| c.has_tag_name("tspan"))
            .filter_map(|c| c.text())
            .collect();
        assert!(lines.len() >= 2, "{lines:?}");
        assert_eq!(lines.join(" "), title);
        for line in &lines {
            assert!(
                text_width_px(line, LABEL_PX, false) <= MAX_LABEL_PX,
                "{line}"
            );
        }
        // The lane is as tall as the lines, and the page with it.
        let page = Page::new(&one, &options);
        assert_eq!(
            page.lanes[0].height_px,
            lines.len() as f64 * ROW_PX + 2.0 * LANE_PAD_PX
        );
        let short = scene_of(
            r#"Event(id: "b", kind: Court, date: "2023-01-10", title: "Short", sources: ["s"])"#,
        );
        assert!(Page::new(&short, &options).height_px < page.height_px);
    }

    #[test]
    fn compressed_empty_years_are_a_marked_break_without_ticks_inside() {
        let scene = scene_of(
            r#"Event(id: "a", kind: Arrest, date: "1985-02-07", title: "Kidnapped", sources: ["s"]),
               Event(id: "b", kind: Arrest, date: "2013-07-15", title: "Freed", sources: ["s"]),
               Event(id: "c", kind: Court, date: "2020-07-15", title: "Convicted", sources: ["s"])"#,
        );
        let plain = render(&scene, &RenderOptions::default());
        assert_eq!(plain.axis_breaks, 0);
        assert!(!plain.svg.contains("axis-break"));
        let compressed = render(
            &scene,
            &RenderOptions {
                compress: true,
                ..RenderOptions::default()
            },
        );
        assert_eq!(compressed.axis_breaks, 1);
        let document = roxmltree::Document::parse(&compressed.svg).unwrap();
        let band = with_class(&document, "axis-break").next().expect("a break");
        assert_eq!(
            (band.attribute("data-from"), band.attribute("data-to")),
            (Some("1986"), Some("2012"))
        );
        let label = with_class(&document, "break-label")
            .next()
            .and_then(|n| n.text());
        assert_eq!(label, Some("1986–2012 · no events"));
        assert_eq!(with_class(&document, "break-edge").count(), 2);
        let labels: Vec<&str> = with_class(&document, "tick-label")
            .filter_map(|n| n.text())
            .collect();
        // Years, or months with the year ("Jan 2014").
        let ticks: Vec<i32> = labels
            .iter()
            .filter_map(|label| label.rsplit(' ').next()?.parse().ok())
            .collect();
        assert!(ticks.contains(&1985) && ticks.contains(&2020), "{ticks:?}");
        assert!(
            !ticks.iter().any(|year| (1986..=2012).contains(year)),
            "{ticks:?}"
        );
        // Every title is drawn: the seven years with events get the width.
        assert_eq!(with_class(&document, "event-label").count(), 3);
    }

    #[test]
    fn the_footer_says_how_many_empty_lanes_are_hidden_after_the_count() {
        assert_eq!(
            footer_with_folded_lanes("3 events · sources: Reuters", 2),
            "3 events · 2 empty lanes hidden · sources: Reuters"
        );
        assert_eq!(
            footer_with_folded_lanes("0 events", 1),
            "0 events · 1 empty lane hidden"
        );
        assert_eq!(footer_with_folded_lanes("3 events", 0), "3 events");
        let rendering = render(&scene_with(&court_only()), &RenderOptions::default());
        assert!(
            rendering
                .svg
                .contains("1 event · 2 empty lanes hidden · sources: Reuters"),
            "{}",
            rendering.svg
        );
    }

    #[test]
    fn numbers_are_short_and_finite() {
        assert_eq!(num(12.0), "12");
        assert_eq!(num(12.345), "12.3");
        assert_eq!(num(-0.04), "0");
        assert_eq!(num(f64::NAN), "0");
    }
}
