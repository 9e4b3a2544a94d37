//! The lanes as a standalone SVG picture: title, lanes with their labels and colours, eras, the
//! date axis, markers, spans, precision brackets, event titles, a legend and a footer naming the
//! sources.
//!
//! This is the second painter of the one lane layout: visibility comes from [`Filter`], lanes
//! from [`LaneAssignment`], positions, rows and which titles fit from [`layout_lanes`], ticks from
//! [`choose_step`]/[`ticks`], marker shapes from [`MarkerShape`]. Only drawing decisions live here.

use std::fmt::Write as _;

use crate::date::format_period;
use crate::diagnostic::plural;
use crate::export::text_metrics::{FONT_FAMILY, fit_text, text_width_px, wrap_text};
use crate::filter::Filter;
use crate::lanes::{Grouping, LaneAssignment, LaneEvents, index_visible};
use crate::layout::{LanesLayout, LayoutParams, MarkerShape, layout_lanes};
use crate::model::{Kind, KindLane, PolicyKind, Timeline};
use crate::timescale::{TimeToScreen, TimeWindow, choose_step, ticks};

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
/// Most sub-rows a lane gets: more rows show more titles in clusters but make every lane taller.
const MAX_ROWS_PER_LANE: usize = 5;
const ROW_PX: f64 = 20.0;
const LANE_PAD_PX: f64 = 4.0;
const MARKER_RADIUS_PX: f64 = 5.5;
/// One long title must not cover half the picture.
const MAX_LABEL_PX: f64 = 340.0;
const ERA_ROW_PX: f64 = 20.0;
const MAX_ERA_ROWS: usize = 3;
const AXIS_HEIGHT_PX: f64 = 40.0;
const LEGEND_LINE_PX: f64 = 22.0;
const FOOTER_LINE_PX: f64 = 16.0;
/// Distance from a text's vertical centre down to its baseline, as a fraction of its size
/// (DejaVu Sans: x-height 0.55 em, cap height 0.73 em).
const CENTER_TO_BASELINE: f64 = 0.36;

/// What to draw and how.
#[derive(Clone, Debug, PartialEq)]
pub struct RenderOptions {
    /// Width of the picture; the height follows the number of lanes.
    pub width_px: u32,
    /// The time shown; `None` fits every visible event, as the app's "fit all".
    pub window: Option<TimeWindow>,
    pub grouping: Grouping,
    pub filter: Filter,
    pub dark: bool,
    pub show_labels: bool,
}

impl Default for RenderOptions {
    fn default() -> Self {
        RenderOptions {
            width_px: DEFAULT_WIDTH_PX,
            window: None,
            grouping: Grouping::Kind,
            filter: Filter::default(),
            dark: false,
            show_labels: true,
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
    /// Titles left out because they did not fit.
    pub hidden_labels: usize,
}

/// The SVG text of the picture.
pub fn render_svg(timeline: &Timeline, options: &RenderOptions) -> String {
    render(timeline, options).svg
}

/// Whether each event passes the filter, by the filter's one definition.
fn visibility(timeline: &Timeline, filter: &Filter) -> Vec<bool> {
    let compiled = filter.compile(timeline);
    timeline
        .events
        .iter()
        .map(|event| compiled.matches(event))
        .collect()
}

fn fitting(timeline: &Timeline, visible: &[bool]) -> TimeWindow {
    let range = timeline
        .events
        .iter()
        .zip(visible)
        .filter(|(_, visible)| **visible)
        .map(|(event, _)| event.day_range())
        .reduce(|(a0, a1), (b0, b1)| (a0.min(b0), a1.max(b1)));
    match range {
        Some((first, last)) => TimeWindow::fitting(first, last),
        // Nothing to fit: the twenty years before 2025, as the app shows an empty timeline.
        None => {
            let end = crate::date::days_from_civil(2025, 1, 1) as f64;
            TimeWindow::new(end - 365.0 * 20.0, end)
        }
    }
}

/// The window that shows every event passing `filter` (the app's "fit all").
pub fn fitting_window(timeline: &Timeline, filter: &Filter) -> TimeWindow {
    fitting(timeline, &visibility(timeline, filter))
}

/// Colours of one theme.
struct Palette {
    background: &'static str,
    text: &'static str,
    muted: &'static str,
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
    dark: bool,
}

impl Palette {
    fn new(dark: bool) -> Palette {
        if dark {
            Palette {
                background: "#16181d",
                text: "#e6e6e6",
                muted: "#9a9ea6",
                grid: "#2c3038",
                axis: "#6b7079",
                separator: "#30343c",
                zebra: "#1b1e24",
                era_shade: "#ffffff",
                era_shade_opacities: [0.04, 0.07],
                era_boxes: ["#262a33", "#2e333d"],
                era_text: "#b9bdc5",
                neutral_marker: 0xa0a4ab,
                dark,
            }
        } else {
            Palette {
                background: "#ffffff",
                text: "#1e1e1e",
                muted: "#6b6f76",
                grid: "#e6e7ea",
                axis: "#8a8e95",
                separator: "#dcdde0",
                zebra: "#fafafb",
                era_shade: "#000000",
                era_shade_opacities: [0.04, 0.07],
                era_boxes: ["#eceef1", "#e2e5ea"],
                era_text: "#4a4e55",
                neutral_marker: 0x6b6f76,
                dark,
            }
        }
    }

    /// Lane colours read a little lighter on a dark background.
    fn lane_text(&self, rgb: u32) -> String {
        if self.dark {
            hex(mix(rgb, 0xffffff, 0.3))
        } else {
            hex(mix(rgb, 0x000000, 0.1))
        }
    }
}

fn hex(rgb: u32) -> String {
    format!("#{:06x}", rgb & 0xff_ffff)
}

/// `a` moved towards `b` by `amount` (0..1), per channel.
fn mix(a: u32, b: u32, amount: f64) -> u32 {
    let channel = |shift: u32| {
        let (ca, cb) = (
            f64::from((a >> shift) & 0xff),
            f64::from((b >> shift) & 0xff),
        );
        ((ca + (cb - ca) * amount).round().clamp(0.0, 255.0) as u32) << shift
    };
    channel(16) | channel(8) | channel(0)
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
pub fn footer_text(timeline: &Timeline, visible: &[bool]) -> String {
    let visible_events: Vec<_> = timeline
        .events
        .iter()
        .zip(visible)
        .filter(|(_, v)| **v)
        .map(|(event, _)| event)
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
fn era_boxes(timeline: &Timeline, map: &TimeToScreen) -> Vec<EraBox> {
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

/// Sub-rows per lane: no more than the busiest lane can fill, and fewer when there are many lanes,
/// so that a picture of thirty people stays a reasonable height.
fn rows_per_lane(lane_count: usize, busiest_lane_events: usize) -> usize {
    let most = match lane_count {
        0..=10 => MAX_ROWS_PER_LANE,
        11..=20 => MAX_ROWS_PER_LANE - 1,
        _ => MAX_ROWS_PER_LANE - 2,
    };
    busiest_lane_events.clamp(1, most)
}

/// Appends formatted text to the document; writing to a `String` cannot fail.
macro_rules! emit {
    ($out:expr, $($arg:tt)*) => {
        let _ = writeln!($out, $($arg)*);
    };
}

/// The picture and its numbers.
pub fn render(timeline: &Timeline, options: &RenderOptions) -> Rendering {
    let width = f64::from(options.width_px.clamp(MIN_WIDTH_PX, MAX_WIDTH_PX));
    let palette = Palette::new(options.dark);

    // What is shown: the same steps as the app's document (filter → lanes → per-lane index).
    let visible = visibility(timeline, &options.filter);
    let visible_events = visible.iter().filter(|&&v| v).count();
    let assignment = LaneAssignment::new(timeline, options.grouping);
    // Lanes the filter leaves empty are left out of the picture.
    let (lane_ids, lane_events): (Vec<usize>, Vec<LaneEvents>) =
        index_visible(timeline, &assignment, &visible)
            .into_iter()
            .enumerate()
            .filter(|(_, lane)| !lane.events.is_empty())
            .unzip();
    let lanes: Vec<&crate::lanes::Lane> = lane_ids
        .iter()
        .filter_map(|&id| assignment.lanes.get(id))
        .collect();
    let window = options
        .window
        .map(|w| w.clamped())
        .unwrap_or_else(|| fitting(timeline, &visible));

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
        description_baseline + 18.0 * (description.len() - 1) as f64 + 16.0
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
    let map = TimeToScreen::new(window, plot_left, plot_width);

    // Rows from top to bottom.
    let eras = era_boxes(timeline, &map);
    let era_rows = eras.iter().map(|e| e.row + 1).max().unwrap_or(0);
    let era_top = header_bottom;
    let lanes_top = era_top + era_rows as f64 * ERA_ROW_PX + if era_rows > 0 { 4.0 } else { 0.0 };
    let busiest = lane_events
        .iter()
        .map(|l| l.events.len())
        .max()
        .unwrap_or(1);
    let rows_per_lane = rows_per_lane(lanes.len(), busiest);
    let lane_height = rows_per_lane as f64 * ROW_PX + 2.0 * LANE_PAD_PX;
    let lanes_bottom = lanes_top + lanes.len().max(1) as f64 * lane_height;
    let row_center = |lane: u32, row: u32| {
        lanes_top + f64::from(lane) * lane_height + LANE_PAD_PX + (f64::from(row) + 0.5) * ROW_PX
    };

    // The layout the app would draw at this size.
    let params = LayoutParams {
        window,
        left_px: plot_left,
        width_px: plot_width,
        rows_per_lane,
        marker_radius_px: MARKER_RADIUS_PX,
        show_labels: options.show_labels,
        ..LayoutParams::default()
    };
    let label_text = |title: &str| fit_text(title, LABEL_PX, false, MAX_LABEL_PX);
    let measure = |title: &str| text_width_px(&label_text(title), LABEL_PX, false);
    let layout = layout_lanes(timeline, &lane_events, &params, &measure);

    let step = choose_step(window, plot_width, AXIS_CHAR_PX);
    let axis_ticks = ticks(window, step);

    let legend = legend_items(timeline, &visible, &layout, options.grouping, &palette);
    let legend_places = flow_legend(&legend, PAD, width - PAD);
    let legend_lines = legend_places.iter().map(|(_, l)| l + 1).max().unwrap_or(0);
    let legend_top = lanes_bottom + AXIS_HEIGHT_PX;
    let footer = wrap_text(
        &footer_text(timeline, &visible),
        FOOTER_PX,
        false,
        text_width,
        3,
    );
    let footer_top = legend_top + legend_lines as f64 * LEGEND_LINE_PX + 10.0;
    let height = (footer_top + footer.len() as f64 * FOOTER_LINE_PX + PAD - 6.0).ceil();

    let mut out = String::with_capacity(64 * 1024);
    emit!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}" font-family="{FONT_FAMILY}, Verdana, sans-serif" data-window-start="{ws}" data-window-end="{we}" data-plot-left="{pl}" data-plot-width="{pw}">"#,
        w = num(width),
        h = num(height),
        ws = window.start_day,
        we = window.end_day,
        pl = plot_left,
        pw = plot_width,
    );
    emit!(out, "<title>{}</title>", escape_xml(&timeline.title));
    emit!(out, "<desc>Drawn by Chronolanes</desc>");
    emit!(
        out,
        r#"<defs><clipPath id="plot-area"><rect x="{}" y="{}" width="{}" height="{}"/></clipPath></defs>"#,
        num(plot_left),
        num(era_top),
        num(plot_width),
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
        num(title_baseline),
        palette.text,
        escape_xml(&title)
    );
    for (line, text) in description.iter().enumerate() {
        emit!(
            out,
            r#"<text class="description" x="{}" y="{}" font-size="{DESCRIPTION_PX}" fill="{}">{}</text>"#,
            num(PAD),
            num(description_baseline + 18.0 * line as f64),
            palette.muted,
            escape_xml(text)
        );
    }

    // Lane backgrounds, labels and colour strips.
    for (index, lane) in lanes.iter().enumerate() {
        let top = lanes_top + index as f64 * lane_height;
        let middle = top + lane_height / 2.0;
        if index % 2 == 1 {
            emit!(
                out,
                r#"<rect x="{}" y="{}" width="{}" height="{}" fill="{}"/>"#,
                num(PAD),
                num(top),
                num(width - 2.0 * PAD),
                num(lane_height),
                palette.zebra
            );
        }
        let label = fit_text(&lane.label, LANE_LABEL_PX, true, label_column - 16.0);
        emit!(
            out,
            r#"<text class="lane-label" x="{}" y="{}" font-size="{LANE_LABEL_PX}" font-weight="bold" text-anchor="end" fill="{}">{}</text>"#,
            num(plot_left - 12.0),
            num(middle - 1.0),
            palette.lane_text(lane.color_rgb),
            escape_xml(&label)
        );
        let count = lane_events.get(index).map_or(0, |l| l.events.len());
        emit!(
            out,
            r#"<text class="lane-count" x="{}" y="{}" font-size="{LANE_COUNT_PX}" text-anchor="end" fill="{}">{}</text>"#,
            num(plot_left - 12.0),
            num(middle + 14.0),
            palette.muted,
            escape_xml(&plural(count, "event"))
        );
    }

    // Everything on the time area is clipped to it.
    emit!(out, r#"<g clip-path="url(#plot-area)">"#);
    // Only the first row of eras shades the lanes: overlapping bands would add up to blocks
    // of grey that mean nothing; the strip above shows every era.
    for era in eras.iter().filter(|era| era.row == 0) {
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
    for tick in &axis_ticks {
        let x = map.x_from_day(tick.day);
        emit!(
            out,
            r#"<line x1="{x}" y1="{}" x2="{x}" y2="{}" stroke="{}" stroke-width="1"/>"#,
            num(era_top),
            num(lanes_bottom),
            palette.grid,
            x = num(x)
        );
    }
    for era in &eras {
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
    for index in 1..lanes.len() {
        let y = lanes_top + index as f64 * lane_height;
        emit!(
            out,
            r#"<line x1="{}" y1="{y}" x2="{}" y2="{y}" stroke="{}" stroke-width="1"/>"#,
            num(plot_left),
            num(plot_right),
            palette.separator,
            y = num(y)
        );
    }
    for (index, lane) in lanes.iter().enumerate() {
        let top = lanes_top + index as f64 * lane_height;
        emit!(
            out,
            r#"<rect class="lane-strip" x="{}" y="{}" width="4" height="{}" rx="1" fill="{}"/>"#,
            num(plot_left),
            num(top + 3.0),
            num(lane_height - 6.0),
            hex(lane.color_rgb)
        );
    }
    draw_events(
        &mut out,
        timeline,
        &layout,
        &lanes,
        &palette,
        lane_height,
        lanes_top,
        plot_left,
        plot_right,
        &row_center,
        &label_text,
    );
    if visible_events == 0 {
        let message = if timeline.events.is_empty() {
            "This timeline has no events."
        } else {
            "No events match the filters."
        };
        emit!(
            out,
            r#"<text class="empty" x="{}" y="{}" font-size="14" text-anchor="middle" fill="{}">{}</text>"#,
            num(plot_left + plot_width / 2.0),
            num(lanes_top + lane_height / 2.0 + CENTER_TO_BASELINE * 14.0),
            palette.muted,
            message
        );
    }
    emit!(out, "</g>");

    // Axis.
    emit!(
        out,
        r#"<line x1="{}" y1="{y}" x2="{}" y2="{y}" stroke="{}" stroke-width="1"/>"#,
        num(plot_left),
        num(plot_right),
        palette.axis,
        y = num(lanes_bottom + 0.5)
    );
    for tick in &axis_ticks {
        let x = map.x_from_day(tick.day);
        emit!(
            out,
            r#"<line x1="{x}" y1="{}" x2="{x}" y2="{}" stroke="{}" stroke-width="1"/>"#,
            num(lanes_bottom),
            num(lanes_bottom + 5.0),
            palette.axis,
            x = num(x)
        );
        // Labels at the edges are nudged inwards so none is cut by the canvas.
        let half = text_width_px(&tick.label, AXIS_PX, false) / 2.0;
        let center = x.clamp(PAD + half, (width - PAD - half).max(PAD + half));
        emit!(
            out,
            r#"<text class="tick-label" x="{}" y="{}" font-size="{AXIS_PX}" text-anchor="middle" fill="{}">{}</text>"#,
            num(center),
            num(lanes_bottom + 20.0),
            palette.muted,
            escape_xml(&tick.label)
        );
    }

    // Legend.
    for (item, &(x, line)) in legend.iter().zip(&legend_places) {
        let middle = legend_top + line as f64 * LEGEND_LINE_PX + LEGEND_LINE_PX / 2.0;
        let mut text_x = x;
        if let Some(swatch) = item.swatch {
            draw_swatch(&mut out, swatch, x + 6.0, middle, &palette);
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
                palette.muted
            } else {
                palette.text
            },
            escape_xml(&item.text)
        );
    }

    // Footer.
    for (line, text) in footer.iter().enumerate() {
        emit!(
            out,
            r#"<text class="footer" x="{}" y="{}" font-size="{FOOTER_PX}" fill="{}">{}</text>"#,
            num(PAD),
            num(footer_top + FOOTER_LINE_PX * line as f64 + FOOTER_PX),
            palette.muted,
            escape_xml(text)
        );
    }
    emit!(out, "</svg>");

    Rendering {
        svg: out,
        width_px: width as u32,
        height_px: height as u32,
        visible_events,
        markers: layout.placed.len(),
        hidden_labels: layout.hidden_labels,
    }
}

/// Density columns, then each event's marks, then titles on top.
#[allow(clippy::too_many_arguments)]
fn draw_events(
    out: &mut String,
    timeline: &Timeline,
    layout: &LanesLayout,
    lanes: &[&crate::lanes::Lane],
    palette: &Palette,
    lane_height: f64,
    lanes_top: f64,
    plot_left: f64,
    plot_right: f64,
    row_center: &dyn Fn(u32, u32) -> f64,
    label_text: &dyn Fn(&str) -> String,
) {
    let radius = MARKER_RADIUS_PX;
    for column in &layout.density {
        let Some(lane) = lanes.get(column.lane as usize) else {
            continue;
        };
        let top = lanes_top + f64::from(column.lane) * lane_height;
        let fraction = (f64::from(column.count).ln_1p() / 6.0).clamp(0.1, 1.0);
        let height = (lane_height - 6.0) * fraction;
        let bottom = top + lane_height - 3.0;
        emit!(
            out,
            r#"<rect class="density" x="{}" y="{}" width="{}" height="{}" fill="{}"/>"#,
            num(column.x0),
            num(bottom - height),
            num(column.x1 - column.x0),
            num(height),
            hex(lane.color_rgb)
        );
    }
    let placed_with = || {
        layout.placed.iter().filter_map(|placed| {
            let event = timeline.events.get(placed.event as usize)?;
            let lane = lanes.get(placed.lane as usize)?;
            Some((placed, event, lane.color_rgb))
        })
    };
    // One group per placed event holds all its marks, so each carries the event's id and title.
    let (view_left, view_right) = (plot_left - radius, plot_right + radius);
    for (placed, event, rgb) in placed_with() {
        let y = row_center(placed.lane, placed.row);
        let color = hex(rgb);
        let tooltip = format!(
            "{} — {} · {}",
            event.title,
            format_period(event.date, event.end),
            event.kind.label()
        );
        emit!(
            out,
            r#"<g class="event" data-id="{}" data-lane="{}"><title>{}</title>"#,
            escape_xml(&event.id),
            placed.lane,
            escape_xml(&tooltip)
        );
        if let Some((x0, x1)) = placed.bracket {
            let bracket_y = y + radius + 2.0;
            emit!(
                out,
                r#"<path class="bracket" d="M{} {}V{}H{}V{}" fill="none" stroke="{color}" stroke-opacity="0.45" stroke-width="1.5"/>"#,
                num(x0.max(view_left)),
                num(bracket_y - 4.0),
                num(bracket_y),
                num(x1.min(view_right)),
                num(bracket_y - 4.0)
            );
        }
        // The bar runs under the row's text, where the bracket of a coarse date would be, so
        // the event's own title (which starts on the bar) stays readable.
        if let Some((x0, x1)) = placed.span {
            let bar_y = y + radius + 3.0;
            let x1 = x1.max(x0 + 2.0);
            let dash = if placed.circa {
                r#" stroke-dasharray="6 3""#
            } else {
                ""
            };
            emit!(
                out,
                r#"<line class="span" x1="{}" y1="{y}" x2="{}" y2="{y}" stroke="{color}" stroke-opacity="0.75" stroke-width="3"{dash}/>"#,
                num(x0.max(view_left)),
                num(x1.min(view_right)),
                y = num(bar_y)
            );
        }
        // A coarse date's marker sits mid-period and may lie outside a narrow window while its
        // bracket reaches in: the bracket is drawn, the marker is not.
        if placed.x >= view_left && placed.x <= view_right {
            let outline = MarkerShape::of(event.kind).outline(placed.x, y, radius);
            let paint = if placed.circa {
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
                points(&outline)
            );
        }
        emit!(out, "</g>");
    }
    for (placed, event, _) in placed_with() {
        let Some(label_x) = placed.label_x else {
            continue;
        };
        // The layout lets the last title of a row run past the right edge; shorten it instead.
        let room = (plot_right - label_x - 2.0).min(MAX_LABEL_PX);
        let text = fit_text(&label_text(&event.title), LABEL_PX, false, room);
        if text.chars().count() < 5 && text != *event.title {
            continue;
        }
        let y = row_center(placed.lane, placed.row);
        emit!(
            out,
            r#"<text class="event-label" x="{}" y="{}" font-size="{LABEL_PX}" fill="{}" stroke="{}" stroke-width="3" stroke-linejoin="round" paint-order="stroke">{}</text>"#,
            num(label_x),
            num(y + CENTER_TO_BASELINE * LABEL_PX),
            palette.text,
            palette.background,
            escape_xml(&text)
        );
    }
}

fn draw_swatch(out: &mut String, swatch: Swatch, x: f64, y: f64, palette: &Palette) {
    match swatch {
        Swatch::Shape(shape, rgb) => {
            emit!(
                out,
                r#"<polygon class="legend-swatch" points="{}" fill="{}"/>"#,
                points(&shape.outline(x, y, 5.0)),
                hex(rgb)
            );
        }
        Swatch::Hollow(rgb) => {
            emit!(
                out,
                r#"<polygon class="legend-swatch" points="{}" fill="{}" stroke="{}" stroke-width="1.6"/>"#,
                points(&MarkerShape::Circle.outline(x, y, 5.0)),
                palette.background,
                hex(rgb)
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
                hex(rgb)
            );
        }
        Swatch::Bar(rgb) => {
            emit!(
                out,
                r#"<line class="legend-swatch" x1="{}" y1="{y}" x2="{}" y2="{y}" stroke="{}" stroke-opacity="0.75" stroke-width="3"/>"#,
                num(x - 6.0),
                num(x + 7.0),
                hex(rgb),
                y = num(y + 2.0)
            );
        }
    }
}

/// Kinds present (with their colours when lanes are kinds), policy subkinds by shape, and what
/// brackets, hollow markers and bars mean when any are drawn.
fn legend_items(
    timeline: &Timeline,
    visible: &[bool],
    layout: &LanesLayout,
    grouping: Grouping,
    palette: &Palette,
) -> Vec<LegendItem> {
    let visible_kinds: Vec<Kind> = timeline
        .events
        .iter()
        .zip(visible)
        .filter(|(_, v)| **v)
        .map(|(event, _)| event.kind)
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
        palette.neutral_marker
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
    let neutral = palette.neutral_marker;
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
        let t = timeline();
        assert_eq!(
            footer_text(&t, &[true, true, true]),
            "3 events · sources: VICE News, Court record, Reuters"
        );
        // Only the sources of visible events, in the file's order.
        assert_eq!(
            footer_text(&t, &[false, false, true]),
            "1 event · sources: Reuters"
        );
        assert_eq!(footer_text(&t, &[false, false, false]), "0 events");
    }

    #[test]
    fn the_document_parses_and_escapes_titles() {
        let rendering = render(&timeline(), &RenderOptions::default());
        let document = roxmltree::Document::parse(&rendering.svg).expect("well-formed SVG");
        let title = document
            .descendants()
            .find(|n| n.has_tag_name("text") && n.attribute("class") == Some("title"))
            .and_then(|n| n.text());
        assert_eq!(title, Some("Caro Quintero & <the> \"DEA\""));
        let ids: Vec<&str> = document
            .descendants()
            .filter_map(|n| n.attribute("data-id"))
            .collect();
        // Lane by lane: Arrests, Court, Policy.
        assert_eq!(ids, ["arrest", "later", "law"]);
        assert_eq!(rendering.markers, 3);
        assert_eq!(rendering.width_px, DEFAULT_WIDTH_PX);
    }

    #[test]
    fn circa_markers_are_hollow_and_policy_subkinds_have_their_shape() {
        let svg = render_svg(&timeline(), &RenderOptions::default());
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
        let t = timeline();
        let all = render(&t, &RenderOptions::default());
        let court_only = render(
            &t,
            &RenderOptions {
                filter: Filter {
                    kinds: vec![crate::model::KindSelector::parse("court").unwrap()],
                    ..Filter::default()
                },
                ..RenderOptions::default()
            },
        );
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
            &timeline(),
            &RenderOptions {
                filter: Filter {
                    search: "nothing like this".into(),
                    ..Filter::default()
                },
                dark: true,
                ..RenderOptions::default()
            },
        );
        assert!(svg.contains("No events match the filters."));
        assert!(!svg.contains("data-id"));
    }

    #[test]
    fn rows_follow_the_busiest_lane_and_shrink_with_many_lanes() {
        assert_eq!(rows_per_lane(3, 1), 1);
        assert_eq!(rows_per_lane(3, 2), 2);
        assert_eq!(rows_per_lane(8, 18), 5);
        assert_eq!(rows_per_lane(15, 18), 4);
        assert_eq!(rows_per_lane(30, 18), 3);
        assert_eq!(rows_per_lane(0, 0), 1);
    }

    #[test]
    fn numbers_are_short_and_finite() {
        assert_eq!(num(12.0), "12");
        assert_eq!(num(12.345), "12.3");
        assert_eq!(num(-0.04), "0");
        assert_eq!(num(f64::NAN), "0");
    }
}
