//! Where each visible event is drawn for one time window and width: its x, its sub-row inside the
//! lane, its span bar and precision bracket, its whole title beside it (right, or left when the
//! plot ends first), and which markers are too close to tell apart and become one counted
//! cluster. Dense lanes become per-column counts instead of thousands of overlapping markers.
//!
//! Pure: the app's egui painter and the SVG writer both draw from this, so a title placed or a
//! cluster formed here means the same thing on screen and on paper.
//!
//! How titles never overlap: every row of a lane keeps the horizontal extents already taken in it
//! (markers, cluster badges, span bars, and title boxes, each kept a marker radius apart) as
//! sorted disjoint intervals. Events are placed left to right; each goes into the first row where
//! its marker and its title box (right of the marker, else left of it when the plot ends first)
//! are free; a title wrapped onto several lines also needs its box free in the rows below. Markers
//! closer than a marker's width form a cluster from the start; an event that finds no row up to
//! [`LayoutParams::rows_per_lane`] is merged with the one placed before it into a cluster (which
//! shows a count instead of titles). So every event ends up either with its whole title or inside
//! a cluster.

use std::ops::Range;

use crate::axis_breaks::{AxisBreak, CompressedTimeToScreen};
use crate::date::Precision;
use crate::lanes::LaneEvents;
use crate::model::{Kind, PolicyKind, Timeline};
use crate::timescale::{TimeToScreen, TimeWindow};

/// Rows of a lane drawn as density columns.
const DENSE_LANE_ROWS: usize = 2;

/// Geometry and options of one drawing of the lanes.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LayoutParams {
    pub window: TimeWindow,
    /// Where the time area starts on screen and how wide it is.
    pub left_px: f64,
    pub width_px: f64,
    /// The most sub-rows a lane grows to so that its titles fit (see the module comment); a lane
    /// uses only the rows it needs ([`LanesLayout::lane_boxes`]).
    pub rows_per_lane: usize,
    pub marker_radius_px: f64,
    pub show_labels: bool,
    /// Lanes with more than this many events per pixel of width are drawn as density.
    pub density_events_per_px: f64,
    /// Width of one density column.
    pub density_column_px: f64,
    /// The longest line of a title. A longer title, or one with less room beside its marker, is
    /// wrapped at spaces onto the rows below its marker; it is never cut.
    pub max_label_px: f64,
    /// Top of the first lane.
    pub top_px: f64,
    /// Height of one sub-row, which is also one line of a title.
    pub row_px: f64,
    /// Space above the first and below the last row of each lane.
    pub lane_padding_px: f64,
}

impl LayoutParams {
    pub fn time_to_screen(&self) -> TimeToScreen {
        TimeToScreen::new(self.window, self.left_px, self.width_px)
    }

    /// The mapping with `breaks` drawn compressed (see [`crate::axis_breaks`]).
    pub fn compressed_time_to_screen(&self, breaks: &[AxisBreak]) -> CompressedTimeToScreen {
        CompressedTimeToScreen::new(self.window, self.left_px, self.width_px, breaks)
    }
}

impl Default for LayoutParams {
    fn default() -> Self {
        LayoutParams {
            window: TimeWindow::new(0.0, 365.0),
            left_px: 0.0,
            width_px: 800.0,
            rows_per_lane: 3,
            marker_radius_px: 5.0,
            show_labels: true,
            density_events_per_px: 0.5,
            density_column_px: 2.0,
            max_label_px: 340.0,
            top_px: 0.0,
            row_px: 20.0,
            lane_padding_px: 4.0,
        }
    }
}

/// One event placed in one lane.
#[derive(Clone, Debug, PartialEq)]
pub struct PlacedEvent {
    pub event: u32,
    pub lane: u32,
    pub row: u32,
    /// Marker centre.
    pub x: f64,
    /// The bar of a span (`end` given): start and end x.
    pub span: Option<(f64, f64)>,
    /// The whole month or year of a coarse date, drawn as a faint bracket.
    pub bracket: Option<(f64, f64)>,
    pub circa: bool,
    /// Left edge of the title's box, when the title is drawn (see [`LanesLayout::labels`] for
    /// its side and lines).
    pub label_x: Option<f64>,
    /// The cluster (index into [`LanesLayout::clusters`]) this event's marker is merged into: its
    /// marker and title are not drawn, the cluster's badge is; its span bar and bracket still are.
    pub cluster: Option<u32>,
}

/// Which side of its marker a title is on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LabelSide {
    /// Starts just right of the marker (left-aligned text).
    Right,
    /// Ends just left of the marker (right-aligned text): the plot ends before the title would.
    Left,
}

/// A whole title placed beside its marker.
#[derive(Clone, Debug, PartialEq)]
pub struct TitleLabel {
    pub event: u32,
    pub lane: u32,
    /// The row of the first line (the marker's row); line `i` is on row `row + i`.
    pub row: u32,
    pub side: LabelSide,
    /// The box of all lines: `x0..x1` lies inside the plot, `y0..y1` spans the rows used.
    pub x0: f64,
    pub x1: f64,
    pub y0: f64,
    pub y1: f64,
    /// Byte offsets in the title where the second, third… lines start (empty: one line).
    pub line_starts: Vec<usize>,
}

impl TitleLabel {
    pub fn line_count(&self) -> usize {
        self.line_starts.len() + 1
    }

    /// The lines of `title` (the event's title), without the spaces where it was wrapped.
    pub fn lines<'a>(&'a self, title: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        let starts = std::iter::once(0).chain(self.line_starts.iter().copied());
        let ends = self
            .line_starts
            .iter()
            .copied()
            .chain(std::iter::once(title.len()));
        starts
            .zip(ends)
            .map(move |(start, end)| title.get(start..end).unwrap_or("").trim())
    }
}

/// Markers too close to tell apart, drawn as one badge with their count ("13").
#[derive(Clone, Debug, PartialEq)]
pub struct Cluster {
    pub lane: u32,
    pub row: u32,
    /// Badge centre.
    pub x: f64,
    /// The badge box (the count is drawn centred in it).
    pub x0: f64,
    pub x1: f64,
    pub y0: f64,
    pub y1: f64,
    /// The member events, in date order.
    pub events: Vec<u32>,
    /// The x of the leftmost and rightmost member markers (the same for markers on one date;
    /// painters may draw a thin line between them under the badge).
    pub markers_x: (f64, f64),
    /// Every member has the same date (same day, or same month or year for coarse dates): no zoom
    /// separates them, so the UI offers them as a list to pick from.
    pub same_day: bool,
}

impl Cluster {
    pub fn count(&self) -> usize {
        self.events.len()
    }
}

/// Where one lane is, vertically.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LaneBox {
    pub top_px: f64,
    pub height_px: f64,
    /// Sub-rows in use (at least one).
    pub rows: u32,
}

/// A column of a dense lane: how many events start in it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct DensityColumn {
    pub lane: u32,
    pub x0: f64,
    pub x1: f64,
    pub count: u32,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct LanesLayout {
    /// Every event in the window in a lane not drawn as density, clustered or not.
    pub placed: Vec<PlacedEvent>,
    pub density: Vec<DensityColumn>,
    /// Lanes drawn as density (no individual markers).
    pub dense_lanes: Vec<u32>,
    /// Titles neither drawn nor in a cluster: only when there is no room at all (a plot narrower
    /// than a word, or a lane limited to fewer rows than a wrapped title needs).
    pub hidden_labels: usize,
    /// The titles drawn, in the order of `placed`.
    pub labels: Vec<TitleLabel>,
    pub clusters: Vec<Cluster>,
    /// One per lane, top to bottom from [`LayoutParams::top_px`].
    pub lane_boxes: Vec<LaneBox>,
    /// Row height and lane padding the boxes were made with.
    pub row_px: f64,
    pub lane_padding_px: f64,
}

impl LanesLayout {
    /// Centre y of a row of a lane (a marker's y, or the middle of a title line).
    pub fn row_center_y(&self, lane: u32, row: u32) -> Option<f64> {
        let lane_box = self.lane_boxes.get(lane as usize)?;
        Some(lane_box.top_px + self.lane_padding_px + (f64::from(row) + 0.5) * self.row_px)
    }

    /// The lane and row under a y, if any.
    pub fn lane_row_at(&self, y: f64) -> Option<(u32, u32)> {
        let lane = self
            .lane_boxes
            .partition_point(|lane_box| lane_box.top_px + lane_box.height_px <= y);
        let lane_box = self.lane_boxes.get(lane)?;
        if y < lane_box.top_px || self.row_px <= 0.0 {
            return None;
        }
        let row = ((y - lane_box.top_px - self.lane_padding_px) / self.row_px)
            .floor()
            .clamp(0.0, f64::from(lane_box.rows.max(1) - 1));
        Some((lane as u32, row as u32))
    }

    /// Height of all lanes together.
    pub fn height_px(&self) -> f64 {
        self.lane_boxes
            .iter()
            .map(|lane_box| lane_box.height_px)
            .sum()
    }
}

/// The marker drawn for an event: policy subkinds are told apart by shape.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MarkerShape {
    Circle,
    Diamond,
    TriangleDown,
    TriangleUp,
    Square,
    Hexagon,
    Star,
    Cross,
}

impl MarkerShape {
    pub fn of(kind: Kind) -> MarkerShape {
        match kind.policy() {
            None => MarkerShape::Circle,
            Some(PolicyKind::FtoDesignation) => MarkerShape::Diamond,
            Some(PolicyKind::TariffDeadline) => MarkerShape::TriangleDown,
            Some(PolicyKind::Tariff) => MarkerShape::TriangleUp,
            Some(PolicyKind::Law) => MarkerShape::Square,
            Some(PolicyKind::Agreement) => MarkerShape::Hexagon,
            Some(PolicyKind::Statement) => MarkerShape::Star,
            Some(PolicyKind::Other) => MarkerShape::Cross,
        }
    }

    /// The outline as points around `(x, y)` for radius `r` (closed polygon; a circle is
    /// approximated so both painters can draw every shape the same way).
    pub fn outline(self, x: f64, y: f64, r: f64) -> Vec<(f64, f64)> {
        let polygon = |corners: usize, rotation: f64, radius_of: &dyn Fn(usize) -> f64| {
            (0..corners)
                .map(|i| {
                    let angle = rotation + std::f64::consts::TAU * i as f64 / corners as f64;
                    let radius = radius_of(i);
                    (x + radius * angle.cos(), y + radius * angle.sin())
                })
                .collect::<Vec<_>>()
        };
        use std::f64::consts::FRAC_PI_2;
        match self {
            MarkerShape::Circle => polygon(20, 0.0, &|_| r),
            MarkerShape::Diamond => polygon(4, 0.0, &|_| r * 1.25),
            MarkerShape::TriangleDown => polygon(3, FRAC_PI_2, &|_| r * 1.3),
            MarkerShape::TriangleUp => polygon(3, -FRAC_PI_2, &|_| r * 1.3),
            MarkerShape::Square => polygon(4, std::f64::consts::FRAC_PI_4, &|_| r * 1.2),
            MarkerShape::Hexagon => polygon(6, 0.0, &|_| r * 1.15),
            MarkerShape::Star => polygon(10, -FRAC_PI_2, &|i| {
                if i % 2 == 0 { r * 1.4 } else { r * 0.6 }
            }),
            MarkerShape::Cross => {
                let (a, b) = (r * 1.2, r * 0.4);
                vec![
                    (x - b, y - a),
                    (x + b, y - a),
                    (x + b, y - b),
                    (x + a, y - b),
                    (x + a, y + b),
                    (x + b, y + b),
                    (x + b, y + a),
                    (x - b, y + a),
                    (x - b, y + b),
                    (x - a, y + b),
                    (x - a, y - b),
                    (x - b, y - b),
                ]
            }
        }
    }

    /// Whether the outline is convex (painters may fill convex shapes directly).
    pub fn is_convex(self) -> bool {
        !matches!(self, MarkerShape::Star | MarkerShape::Cross)
    }
}

/// Lays out the visible part of every lane on a linear time axis. `measure_px` gives the width
/// of a text in pixels, in the font titles are drawn with (the app measures with egui's fonts,
/// the SVG writer with [`crate::export::text_metrics`]); it is called with whole titles, with
/// parts of long titles when they are wrapped, and with cluster counts.
pub fn layout_lanes(
    timeline: &Timeline,
    lanes: &[LaneEvents],
    params: &LayoutParams,
    measure_px: &dyn Fn(&str) -> f64,
) -> LanesLayout {
    let axis = CompressedTimeToScreen::linear(params.time_to_screen());
    lay_out(timeline, lanes, params, &axis, measure_px)
}

/// As [`layout_lanes`], with `breaks` ([`crate::axis_breaks::find_breaks`]) drawn compressed:
/// every x comes from [`LayoutParams::compressed_time_to_screen`].
pub fn layout_lanes_compressed(
    timeline: &Timeline,
    lanes: &[LaneEvents],
    params: &LayoutParams,
    breaks: &[AxisBreak],
    measure_px: &dyn Fn(&str) -> f64,
) -> LanesLayout {
    let axis = params.compressed_time_to_screen(breaks);
    lay_out(timeline, lanes, params, &axis, measure_px)
}

/// The window that shows every visible event (`day_range`: first and last day, inclusive) in a
/// plot `width_px` wide, with `breaks` compressed (none: the linear [`TimeWindow::fitting`]).
/// Markers get a margin; titles never need one, since a title with no room to its right is
/// placed left of its marker and wrapped to at most the room there, so the first and last
/// titles are inside the plot. With nothing visible, the twenty years before 2025.
pub fn fit_all_window(
    day_range: Option<(i64, i64)>,
    breaks: &[AxisBreak],
    width_px: f64,
) -> TimeWindow {
    match day_range {
        Some((first, last)) => crate::axis_breaks::fit_window(first, last, breaks, width_px),
        None => {
            let end = crate::date::days_from_civil(2025, 1, 1) as f64;
            TimeWindow::new(end - 365.0 * 20.0, end)
        }
    }
}

/// An event of a lane in the window, before it gets a row.
#[derive(Clone, Debug)]
struct Candidate {
    /// Position in the lane's start order (the date order of cluster members).
    position: usize,
    event: u32,
    x: f64,
    span: Option<(f64, f64)>,
    bracket: Option<(f64, f64)>,
    circa: bool,
    day_range: (i64, i64),
    /// Right end of what is drawn on the marker's row: the marker, or the span bar.
    body_right: f64,
    /// Whether the marker is inside the plot (a coarse date's marker may lie outside while its
    /// bracket reaches in): only then is a title drawn.
    on_screen: bool,
}

/// A title's lines and width, once it has been measured and wrapped.
#[derive(Clone, Debug)]
struct LabelShape {
    width_px: f64,
    line_starts: Vec<usize>,
}

/// Where one item (a single event or a cluster) of a lane went.
#[derive(Clone, Debug)]
struct ItemPlacement {
    /// Candidates (in x order) of the item: one, or a cluster's.
    members: Range<usize>,
    row: u32,
    /// A single event's title: side, box x range, lines.
    label: Option<(LabelSide, f64, f64, Vec<usize>)>,
    /// A cluster's badge x range.
    badge: Option<(f64, f64)>,
    /// Its extents in [`Scratch::taken`], to give them back when it is merged into the next item.
    taken: Range<usize>,
}

/// Buffers reused from lane to lane.
#[derive(Default)]
struct Scratch {
    candidates: Vec<Candidate>,
    /// Per candidate, its title once measured and wrapped (`None` inside: no room anywhere).
    labels: Vec<Option<Option<LabelShape>>>,
    placements: Vec<ItemPlacement>,
    /// Per row, the taken extents: sorted and disjoint.
    rows: Vec<Vec<(f64, f64)>>,
    /// Every extent taken, in order, as (row, from, to): placements own consecutive ranges.
    taken: Vec<(usize, f64, f64)>,
}

fn lay_out(
    timeline: &Timeline,
    lanes: &[LaneEvents],
    params: &LayoutParams,
    axis: &CompressedTimeToScreen,
    measure_px: &dyn Fn(&str) -> f64,
) -> LanesLayout {
    let mut layout = LanesLayout {
        row_px: params.row_px,
        lane_padding_px: params.lane_padding_px,
        ..LanesLayout::default()
    };
    let window = axis.window;
    let max_rows = params.rows_per_lane.max(1);
    let mut scratch = Scratch::default();
    let mut top = params.top_px;
    for (lane_index, lane) in lanes.iter().enumerate() {
        let lane_id = lane_index as u32;
        // Density is decided by what starts in the window: long spans from the left do not make a
        // lane crowded.
        let starting = lane.count_starting_in(window.start_day, window.end_day);
        let rows = if starting as f64 > params.width_px * params.density_events_per_px {
            layout.dense_lanes.push(lane_id);
            density(lane, lane_id, params, axis, &mut layout.density);
            DENSE_LANE_ROWS.min(max_rows)
        } else {
            let lane_top = top;
            lay_out_lane(
                timeline,
                lane,
                lane_id,
                lane_top,
                params,
                axis,
                measure_px,
                &mut scratch,
                &mut layout,
            )
        };
        let height = rows as f64 * params.row_px + 2.0 * params.lane_padding_px;
        layout.lane_boxes.push(LaneBox {
            top_px: top,
            height_px: height,
            rows: rows as u32,
        });
        top += height;
    }
    layout
}

/// Places one lane's events; returns the rows it uses.
#[allow(clippy::too_many_arguments)]
fn lay_out_lane(
    timeline: &Timeline,
    lane: &LaneEvents,
    lane_id: u32,
    lane_top: f64,
    params: &LayoutParams,
    axis: &CompressedTimeToScreen,
    measure_px: &dyn Fn(&str) -> f64,
    scratch: &mut Scratch,
    layout: &mut LanesLayout,
) -> usize {
    collect_candidates(timeline, lane, params, axis, &mut scratch.candidates);
    if scratch.candidates.is_empty() {
        return 1;
    }
    scratch.labels.clear();
    scratch.labels.resize(scratch.candidates.len(), None);
    place_items(timeline, params, axis, measure_px, scratch);
    commit(lane_id, lane_top, params, scratch, layout)
}

/// The lane's events in the window, in x order (coarse dates sit mid-period, so start order is
/// not x order).
fn collect_candidates(
    timeline: &Timeline,
    lane: &LaneEvents,
    params: &LayoutParams,
    axis: &CompressedTimeToScreen,
    out: &mut Vec<Candidate>,
) {
    out.clear();
    let window = axis.window;
    let radius = params.marker_radius_px;
    let (left, right) = (axis.left_px, axis.left_px + axis.width_px);
    for position in lane.in_window(window.start_day, window.end_day) {
        let (Some(&event_index), Some(&end_day)) =
            (lane.events.get(position), lane.end_days.get(position))
        else {
            continue;
        };
        if f64::from(end_day) < window.start_day {
            continue;
        }
        let Some(event) = timeline.events.get(event_index as usize) else {
            continue;
        };
        let (first_day, last_day) = event.day_range();
        let (start_x, end_x) = (
            axis.x_from_day(first_day as f64),
            axis.x_from_day(last_day as f64 + 1.0),
        );
        let is_span = event.end.is_some();
        let coarse = event.date.precision() != Precision::Day;
        let x = if is_span {
            start_x.max(left - radius).min(end_x)
        } else {
            (start_x + end_x) / 2.0
        };
        out.push(Candidate {
            position,
            event: event_index,
            x,
            span: is_span.then_some((start_x, end_x)),
            bracket: (coarse && !is_span).then_some((start_x, end_x)),
            circa: event.date.is_circa() || event.end.is_some_and(|d| d.is_circa()),
            day_range: (first_day, last_day),
            body_right: if is_span {
                end_x.max(x + radius)
            } else {
                x + radius
            },
            on_screen: x >= left - radius && x <= right + radius,
        });
    }
    out.sort_by(|a, b| a.x.total_cmp(&b.x).then(a.position.cmp(&b.position)));
}

/// Whether `from..to` keeps `gap` away from every extent of a row (sorted, disjoint: only the
/// last extent starting before `to` can reach it).
fn is_free(row: Option<&Vec<(f64, f64)>>, from: f64, to: f64, gap: f64) -> bool {
    let Some(row) = row else {
        return true;
    };
    let before = row.partition_point(|&(start, _)| start < to + gap);
    before == 0
        || row
            .get(before - 1)
            .is_none_or(|&(_, end)| end + gap <= from)
}

fn take(
    rows: &mut Vec<Vec<(f64, f64)>>,
    taken: &mut Vec<(usize, f64, f64)>,
    row: usize,
    from: f64,
    to: f64,
) {
    if rows.len() <= row {
        rows.resize_with(row + 1, Vec::new);
    }
    if let Some(extents) = rows.get_mut(row) {
        let at = extents.partition_point(|&(start, _)| start < from);
        extents.insert(at, (from, to));
        taken.push((row, from, to));
    }
}

/// Gives back an extent taken with [`take`].
fn release(rows: &mut [Vec<(f64, f64)>], row: usize, from: f64) {
    if let Some(extents) = rows.get_mut(row) {
        let at = extents.partition_point(|&(start, _)| start < from);
        if extents.get(at).is_some_and(|&(start, _)| start == from) {
            extents.remove(at);
        }
    }
}

/// Splits `title` at spaces into lines no wider than `max_px`: the byte offsets where lines
/// after the first start, and the widest line. `None` when a single word is wider.
fn wrap_title(
    title: &str,
    max_px: f64,
    measure_px: &dyn Fn(&str) -> f64,
) -> Option<(Vec<usize>, f64)> {
    let mut line_starts = Vec::new();
    let mut line_start = 0;
    let mut line_end: Option<usize> = None;
    let mut widest: f64 = 0.0;
    let words = title.split(' ').scan(0usize, |offset, word| {
        let start = *offset;
        *offset += word.len() + 1;
        Some((start, start + word.len()))
    });
    for (word_start, word_end) in words.filter(|(start, end)| end > start) {
        let line = title.get(line_start..word_end)?;
        if measure_px(line) <= max_px {
            line_end = Some(word_end);
            continue;
        }
        // The word starts a new line; the line so far is done.
        let done = title.get(line_start..line_end?)?;
        widest = widest.max(measure_px(done));
        line_starts.push(word_start);
        line_start = word_start;
        if measure_px(title.get(word_start..word_end)?) > max_px {
            return None;
        }
        line_end = Some(word_end);
    }
    let last_line = title.get(line_start..)?.trim_end();
    widest = widest.max(measure_px(last_line));
    Some((line_starts, widest))
}

/// The title of a candidate as it would be drawn: one line when it fits the longest line and the
/// larger room beside the marker, else wrapped to that. `None` when it cannot be drawn at all.
fn label_shape(
    title: &str,
    candidate: &Candidate,
    params: &LayoutParams,
    axis: &CompressedTimeToScreen,
    measure_px: &dyn Fn(&str) -> f64,
) -> Option<LabelShape> {
    let radius = params.marker_radius_px;
    let (left, right) = (axis.left_px, axis.left_px + axis.width_px);
    let room_right = right - (candidate.x + radius * 1.5);
    let room_left = (candidate.x - radius * 1.5) - left;
    let line_px = params.max_label_px.min(room_right.max(room_left));
    if !candidate.on_screen || line_px <= 0.0 {
        return None;
    }
    let width_px = measure_px(title);
    if width_px <= line_px {
        return Some(LabelShape {
            width_px,
            line_starts: Vec::new(),
        });
    }
    let (line_starts, width_px) = wrap_title(title, line_px, measure_px)?;
    Some(LabelShape {
        width_px,
        line_starts,
    })
}

/// Places the lane's items left to right. Markers closer than a marker's width cannot be told
/// apart: they start out as one cluster. An item that finds no row with room (up to
/// `rows_per_lane`) is merged with the item placed just before it, which is taken back, and the
/// merged cluster is placed instead; this repeats backwards while needed. Each merge leaves one
/// item fewer, so a lane costs at most twice its items; and the first item always fits, since the
/// rows are empty then.
fn place_items(
    timeline: &Timeline,
    params: &LayoutParams,
    axis: &CompressedTimeToScreen,
    measure_px: &dyn Fn(&str) -> f64,
    scratch: &mut Scratch,
) {
    scratch.placements.clear();
    scratch.taken.clear();
    scratch.rows.iter_mut().for_each(Vec::clear);
    let merge_px = 2.0 * params.marker_radius_px;
    let mut start = 0;
    while start < scratch.candidates.len() {
        let mut end = start + 1;
        while let (Some(previous), Some(next)) =
            (scratch.candidates.get(end - 1), scratch.candidates.get(end))
        {
            if next.x - previous.x >= merge_px {
                break;
            }
            end += 1;
        }
        let mut members = start..end;
        start = end;
        loop {
            if let Some(placement) =
                try_place(timeline, params, axis, measure_px, members.clone(), scratch)
            {
                scratch.placements.push(placement);
                break;
            }
            match scratch.placements.pop() {
                Some(previous) => {
                    for (row, from, _) in scratch.taken.drain(previous.taken.clone()).rev() {
                        release(&mut scratch.rows, row, from);
                    }
                    members = previous.members.start..members.end;
                }
                None => {
                    // Nothing left to merge with and no room even in empty rows: a title with
                    // more lines than the lane may have rows. The marker alone, without it.
                    let placement = force_place(params, members.clone(), scratch);
                    scratch.placements.push(placement);
                    break;
                }
            }
        }
    }
}

/// The extents an item takes: its row, from, to.
fn body_of(
    members: &[Candidate],
    params: &LayoutParams,
    measure_px: &dyn Fn(&str) -> f64,
) -> ((f64, f64), Option<(f64, f64)>) {
    let radius = params.marker_radius_px;
    let x_min = members.first().map_or(0.0, |c| c.x);
    let x_max = members.last().map_or(0.0, |c| c.x);
    let body_right = members
        .iter()
        .map(|c| c.body_right)
        .fold(x_max + radius, f64::max);
    if members.len() < 2 {
        return ((x_min - radius, body_right), None);
    }
    // A badge with the count, centred over the markers it stands for.
    let center = (x_min + x_max) / 2.0;
    let half = badge_half_width(members.len(), radius, measure_px);
    (
        (
            (x_min - radius).min(center - half),
            body_right.max(center + half),
        ),
        Some((center - half, center + half)),
    )
}

/// The first row (and side, for a title) with room for the item, or `None`.
fn try_place(
    timeline: &Timeline,
    params: &LayoutParams,
    axis: &CompressedTimeToScreen,
    measure_px: &dyn Fn(&str) -> f64,
    members: Range<usize>,
    scratch: &mut Scratch,
) -> Option<ItemPlacement> {
    let gap = params.marker_radius_px;
    let max_rows = params.rows_per_lane.max(1);
    let (left, right) = (axis.left_px, axis.left_px + axis.width_px);
    let member_slice = scratch.candidates.get(members.clone())?;
    let (body, badge) = body_of(member_slice, params, measure_px);
    let single = member_slice.first().filter(|_| badge.is_none());
    if let Some(candidate) = single
        && params.show_labels
        && let Some(slot) = scratch.labels.get_mut(members.start)
        && slot.is_none()
    {
        let title = timeline
            .events
            .get(candidate.event as usize)
            .map_or("", |e| &*e.title);
        *slot = Some(label_shape(title, candidate, params, axis, measure_px));
    }
    let shape = single
        .and_then(|_| scratch.labels.get(members.start))
        .and_then(|slot| slot.as_ref())
        .and_then(Option::as_ref);
    let taken_from = scratch.taken.len();
    let Some((candidate, shape)) = single.zip(shape) else {
        // A cluster, or a marker without a title.
        let row = (0..max_rows).find(|&row| is_free(scratch.rows.get(row), body.0, body.1, gap))?;
        take(&mut scratch.rows, &mut scratch.taken, row, body.0, body.1);
        return Some(ItemPlacement {
            members,
            row: row as u32,
            label: None,
            badge,
            taken: taken_from..scratch.taken.len(),
        });
    };
    let lines = shape.line_starts.len() + 1;
    let start_x = candidate.x + gap * 1.5;
    let end_x = candidate.x - gap * 1.5;
    let sides = [
        (LabelSide::Right, (start_x, start_x + shape.width_px)),
        (LabelSide::Left, (end_x - shape.width_px, end_x)),
    ];
    for row in 0..max_rows.saturating_sub(lines - 1) {
        for (side, (x0, x1)) in sides {
            if x0 < left || x1 > right {
                continue;
            }
            let (from, to) = (body.0.min(x0), body.1.max(x1));
            let rows = &scratch.rows;
            let free = is_free(rows.get(row), from, to, gap)
                && (1..lines).all(|below| is_free(rows.get(row + below), x0, x1, gap));
            if free {
                take(&mut scratch.rows, &mut scratch.taken, row, from, to);
                for below in 1..lines {
                    take(&mut scratch.rows, &mut scratch.taken, row + below, x0, x1);
                }
                return Some(ItemPlacement {
                    members,
                    row: row as u32,
                    label: Some((side, x0, x1, shape.line_starts.clone())),
                    badge: None,
                    taken: taken_from..scratch.taken.len(),
                });
            }
        }
    }
    None
}

/// The first item of a lane when even empty rows cannot hold its title: its marker (or badge)
/// in the first row.
fn force_place(
    params: &LayoutParams,
    members: Range<usize>,
    scratch: &mut Scratch,
) -> ItemPlacement {
    let no_measure = |_: &str| 0.0;
    let member_slice = scratch.candidates.get(members.clone()).unwrap_or_default();
    let (body, badge) = body_of(member_slice, params, &no_measure);
    let taken_from = scratch.taken.len();
    take(&mut scratch.rows, &mut scratch.taken, 0, body.0, body.1);
    ItemPlacement {
        members,
        row: 0,
        label: None,
        badge,
        taken: taken_from..scratch.taken.len(),
    }
}

/// Half the width of a cluster badge: room for the count, and never narrower than a marker.
fn badge_half_width(count: usize, radius: f64, measure_px: &dyn Fn(&str) -> f64) -> f64 {
    let text_px = measure_px(&count.to_string());
    (radius + 3.0).max(text_px / 2.0 + 4.0)
}

/// Writes the lane's successful attempt into the layout; returns the rows used.
fn commit(
    lane_id: u32,
    lane_top: f64,
    params: &LayoutParams,
    scratch: &Scratch,
    layout: &mut LanesLayout,
) -> usize {
    let row_top = |row: usize| lane_top + params.lane_padding_px + row as f64 * params.row_px;
    let badge_half_height = params.marker_radius_px + 3.0;
    let mut rows_used = 1;
    for placement in &scratch.placements {
        let Some(members) = scratch.candidates.get(placement.members.clone()) else {
            continue;
        };
        let row = placement.row as usize;
        let cluster = placement.badge.map(|(x0, x1)| {
            let mut by_date: Vec<&Candidate> = members.iter().collect();
            by_date.sort_by_key(|c| c.position);
            let same_day = members.windows(2).all(|pair| match pair {
                [a, b] => a.day_range == b.day_range,
                _ => true,
            });
            let center_y = row_top(row) + params.row_px / 2.0;
            layout.clusters.push(Cluster {
                lane: lane_id,
                row: placement.row,
                x: (x0 + x1) / 2.0,
                x0,
                x1,
                y0: center_y - badge_half_height,
                y1: center_y + badge_half_height,
                events: by_date.iter().map(|c| c.event).collect(),
                markers_x: (
                    members.first().map_or(0.0, |c| c.x),
                    members.last().map_or(0.0, |c| c.x),
                ),
                same_day,
            });
            (layout.clusters.len() - 1) as u32
        });
        let mut lines = 1;
        for (offset, candidate) in members.iter().enumerate() {
            let index = placement.members.start + offset;
            let label_x = placement.label.as_ref().map(|(_, x0, _, _)| *x0);
            if let Some((side, x0, x1, line_starts)) = &placement.label {
                lines = line_starts.len() + 1;
                layout.labels.push(TitleLabel {
                    event: candidate.event,
                    lane: lane_id,
                    row: placement.row,
                    side: *side,
                    x0: *x0,
                    x1: *x1,
                    y0: row_top(row),
                    y1: row_top(row + lines),
                    line_starts: line_starts.clone(),
                });
            } else if cluster.is_none()
                && candidate.on_screen
                && scratch.labels.get(index).is_some_and(|slot| slot.is_some())
            {
                // Measured, so titles are wanted, yet not drawn.
                layout.hidden_labels += 1;
            }
            layout.placed.push(PlacedEvent {
                event: candidate.event,
                lane: lane_id,
                row: placement.row,
                x: candidate.x,
                span: candidate.span,
                bracket: candidate.bracket,
                circa: candidate.circa,
                label_x,
                cluster,
            });
        }
        rows_used = rows_used.max(row + lines);
    }
    rows_used
}

/// Counts per column by binary search: the cost follows the width, not the number of events.
fn density(
    lane: &LaneEvents,
    lane_id: u32,
    params: &LayoutParams,
    map: &CompressedTimeToScreen,
    out: &mut Vec<DensityColumn>,
) {
    let column = params.density_column_px.max(1.0);
    let mut x0 = map.left_px;
    let right = map.left_px + map.width_px;
    // Column edges only move right: each is searched for among the starts inside the window
    // (a short slice that stays in cache), and each column's right edge is the next one's left.
    let starts = lane.first_days.as_slice();
    let first = starts.partition_point(|&day| f64::from(day) < map.day_from_x(x0));
    let last = starts.partition_point(|&day| f64::from(day) < map.day_from_x(right));
    let in_window = starts.get(first..last.max(first)).unwrap_or_default();
    let position_of = |x: f64| {
        let day = map.day_from_x(x);
        first + in_window.partition_point(|&start| f64::from(start) < day)
    };
    let mut from = first;
    while x0 < right {
        let x1 = (x0 + column).min(right);
        let to = position_of(x1);
        let count = to.saturating_sub(from);
        from = to;
        if count > 0 {
            out.push(DensityColumn {
                lane: lane_id,
                x0,
                x1,
                count: count.min(u32::MAX as usize) as u32,
            });
        }
        x0 = x1;
    }
}

/// The placed event under a point, if any: `lane_row_at` maps a y to (lane, row).
pub fn hit_test(
    layout: &LanesLayout,
    x: f64,
    lane: u32,
    row: Option<u32>,
    radius_px: f64,
) -> Option<&PlacedEvent> {
    layout
        .placed
        .iter()
        .filter(|p| p.lane == lane && row.is_none_or(|r| p.row == r))
        .filter_map(|p| {
            let distance = match p.span {
                Some((x0, x1)) if x >= x0 && x <= x1 => 0.0,
                _ => (p.x - x).abs(),
            };
            (distance <= radius_px).then_some((distance, p))
        })
        .min_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, p)| p)
}

/// What is under the pointer in the drawn layout.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Hit {
    /// An event: its marker, span bar or title.
    Event(u32),
    /// A cluster badge (index into [`LanesLayout::clusters`]).
    Cluster(usize),
}

/// The cluster, title or marker at `(x, y)` with the layout's own lane boxes: a badge or a title
/// box first (what is drawn on top), then the nearest unclustered marker or span of the row
/// within `radius_px`, then of the lane.
pub fn hit_at(layout: &LanesLayout, x: f64, y: f64, radius_px: f64) -> Option<Hit> {
    let (lane, row) = layout.lane_row_at(y)?;
    if let Some(index) = layout
        .clusters
        .iter()
        .position(|c| c.lane == lane && c.row == row && x >= c.x0 && x <= c.x1)
    {
        return Some(Hit::Cluster(index));
    }
    if let Some(label) = layout
        .labels
        .iter()
        .find(|l| l.lane == lane && x >= l.x0 && x <= l.x1 && y >= l.y0 && y <= l.y1)
    {
        return Some(Hit::Event(label.event));
    }
    let nearest = |row: Option<u32>| {
        layout
            .placed
            .iter()
            .filter(|p| p.cluster.is_none() && p.lane == lane && row.is_none_or(|r| p.row == r))
            .filter_map(|p| {
                let distance = match p.span {
                    Some((x0, x1)) if x >= x0 && x <= x1 => 0.0,
                    _ => (p.x - x).abs(),
                };
                (distance <= radius_px).then_some((distance, p.event))
            })
            .min_by(|a, b| a.0.total_cmp(&b.0))
            .map(|(_, event)| Hit::Event(event))
    };
    nearest(Some(row)).or_else(|| nearest(None))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lanes::{Grouping, LaneAssignment, index_visible};
    use crate::load::load_str;

    fn timeline(events: &str) -> Timeline {
        let text = format!(
            r#"Timeline(title: "T", sources: [Source(id: "s", title: "S")], events: [{events}])"#
        );
        let loaded = load_str(&text);
        loaded
            .timeline
            .unwrap_or_else(|| panic!("{:?}", loaded.diagnostics))
    }

    fn lay_out(timeline: &Timeline, window: TimeWindow, width_px: f64) -> LanesLayout {
        let assignment = LaneAssignment::new(timeline, Grouping::Kind);
        let visible = vec![true; timeline.events.len()];
        let lanes = index_visible(timeline, &assignment, &visible);
        let params = LayoutParams {
            window,
            width_px,
            ..LayoutParams::default()
        };
        // 7 px per character, as a typical UI font.
        layout_lanes(timeline, &lanes, &params, &|text| {
            text.chars().count() as f64 * 7.0
        })
    }

    fn day(text: &str) -> f64 {
        crate::date::Date::parse(text).unwrap().first_day() as f64
    }

    #[test]
    fn culls_events_outside_the_window() {
        let t = timeline(
            r#"Event(id: "a", kind: Arrest, date: "1985-02-07", title: "A", sources: ["s"]),
               Event(id: "b", kind: Arrest, date: "2025-02-27", title: "B", sources: ["s"])"#,
        );
        let layout = lay_out(
            &t,
            TimeWindow::new(day("2025-01-01"), day("2025-04-01")),
            900.0,
        );
        let events: Vec<u32> = layout.placed.iter().map(|p| p.event).collect();
        assert_eq!(events, [1]);
    }

    #[test]
    fn coarse_dates_get_a_bracket_over_their_period_and_spans_a_bar() {
        let t = timeline(
            r#"Event(id: "y", kind: Arrest, date: "2013", title: "Y", sources: ["s"]),
               Event(id: "s", kind: Court, date: "2013-03", end: "2014", title: "S", sources: ["s"])"#,
        );
        let window = TimeWindow::new(day("2013-01-01"), day("2015-01-01"));
        let layout = lay_out(&t, window, 730.0);
        let year = layout.placed.iter().find(|p| p.event == 0).unwrap();
        let (x0, x1) = year.bracket.unwrap();
        assert!(
            (x0 - 0.0).abs() < 1e-9 && (x1 - 365.0).abs() < 1e-9,
            "{x0} {x1}"
        );
        assert!((year.x - 182.5).abs() < 1e-9);
        let span = layout.placed.iter().find(|p| p.event == 1).unwrap();
        let (s0, s1) = span.span.unwrap();
        assert!((s0 - (day("2013-03-01") - day("2013-01-01"))).abs() < 1e-9);
        assert!((s1 - 730.0).abs() < 1e-9);
        assert_eq!(span.bracket, None);
    }

    #[test]
    fn colliding_titles_stack_in_rows_and_never_overlap() {
        let events: Vec<String> = (1..=9)
            .map(|d| format!(r#"Event(id: "e{d}", kind: Arrest, date: "2025-02-0{d}", title: "A long title number {d}", sources: ["s"])"#))
            .collect();
        let t = timeline(&events.join(","));
        let layout = lay_out(
            &t,
            TimeWindow::new(day("2025-01-25"), day("2025-02-15")),
            600.0,
        );
        assert_eq!(layout.placed.len(), 9);
        let rows: std::collections::HashSet<u32> = layout.placed.iter().map(|p| p.row).collect();
        assert!(rows.len() > 1, "events stack into several rows");
        check_no_overlap(&t, &layout, 0.0, 600.0);
        // Three rows cannot give nine titles 147 px long each a place within three weeks: the
        // rest are counted in clusters, none is cut or left out.
        assert!(!layout.clusters.is_empty());
        check_every_event_titled_or_clustered(&t, &layout, 9);
    }

    #[test]
    fn dense_lanes_become_counts_per_column() {
        let events: Vec<String> = (0..400)
            .map(|i| format!(r#"Event(id: "e{i}", kind: Arrest, date: "2025-01-{:02}", title: "E{i}", sources: ["s"])"#, i % 28 + 1))
            .collect();
        let t = timeline(&events.join(","));
        let layout = lay_out(
            &t,
            TimeWindow::new(day("2025-01-01"), day("2025-02-01")),
            310.0,
        );
        assert!(layout.placed.is_empty());
        assert_eq!(layout.dense_lanes, [0]);
        let total: u32 = layout.density.iter().map(|c| c.count).sum();
        assert_eq!(total, 400);
    }

    #[test]
    fn each_density_column_counts_the_events_starting_in_it() {
        let events: Vec<String> = (0..600)
            .map(|i| format!(r#"Event(id: "e{i}", kind: Arrest, date: "2024-{:02}-{:02}", title: "E{i}", sources: ["s"])"#, i % 12 + 1, i % 28 + 1))
            .collect();
        let t = timeline(&events.join(","));
        let assignment = LaneAssignment::new(&t, Grouping::Kind);
        let lanes = index_visible(&t, &assignment, &vec![true; t.events.len()]);
        let params = LayoutParams {
            window: TimeWindow::new(day("2024-02-10"), day("2024-09-20")),
            left_px: 37.5,
            width_px: 301.0,
            density_events_per_px: 0.1,
            ..LayoutParams::default()
        };
        let layout = layout_lanes(&t, &lanes, &params, &|_| 0.0);
        assert_eq!(layout.dense_lanes, [0]);
        let map = params.time_to_screen();
        let mut x0 = params.left_px;
        let mut expected = Vec::new();
        while x0 < params.left_px + params.width_px {
            let x1 = (x0 + params.density_column_px).min(params.left_px + params.width_px);
            let count = lanes[0].count_starting_in(map.day_from_x(x0), map.day_from_x(x1));
            if count > 0 {
                expected.push((x0, x1, count as u32));
            }
            x0 = x1;
        }
        let columns: Vec<(f64, f64, u32)> = layout
            .density
            .iter()
            .map(|c| (c.x0, c.x1, c.count))
            .collect();
        assert_eq!(columns, expected);
    }

    #[test]
    fn hit_test_finds_the_marker_or_span_under_the_pointer() {
        let t = timeline(
            r#"Event(id: "a", kind: Arrest, date: "2025-02-10", title: "A", sources: ["s"]),
               Event(id: "b", kind: Court, date: "2025-02-01", end: "2025-02-20", title: "B", sources: ["s"])"#,
        );
        let layout = lay_out(
            &t,
            TimeWindow::new(day("2025-02-01"), day("2025-03-01")),
            280.0,
        );
        let a = layout.placed.iter().find(|p| p.event == 0).unwrap();
        assert_eq!(
            hit_test(&layout, a.x + 3.0, 0, None, 6.0).map(|p| p.event),
            Some(0)
        );
        assert_eq!(hit_test(&layout, a.x + 30.0, 0, None, 6.0), None);
        assert_eq!(
            hit_test(&layout, 150.0, 1, None, 6.0).map(|p| p.event),
            Some(1)
        );
    }

    fn measure_7px(text: &str) -> f64 {
        text.chars().count() as f64 * 7.0
    }

    fn lay_out_with(timeline: &Timeline, params: &LayoutParams) -> LanesLayout {
        let assignment = LaneAssignment::new(timeline, Grouping::Kind);
        let lanes = index_visible(timeline, &assignment, &vec![true; timeline.events.len()]);
        layout_lanes(timeline, &lanes, params, &measure_7px)
    }

    /// Titles lie inside the plot and overlap no other title, and no marker or badge but their
    /// own, in every row they use.
    fn check_no_overlap(timeline: &Timeline, layout: &LanesLayout, left: f64, right: f64) {
        for label in &layout.labels {
            assert!(
                label.x0 >= left - 1e-9 && label.x1 <= right + 1e-9,
                "{label:?} outside {left}..{right}"
            );
            let rows = label.row..label.row + label.line_count() as u32;
            for other in &layout.labels {
                let shares_rows =
                    other.row < rows.end && rows.start < other.row + other.line_count() as u32;
                if other.event != label.event && other.lane == label.lane && shares_rows {
                    assert!(
                        other.x1 <= label.x0 || label.x1 <= other.x0,
                        "titles overlap: {label:?} {other:?}"
                    );
                }
            }
            for placed in layout
                .placed
                .iter()
                .filter(|p| p.lane == label.lane && p.event != label.event && p.cluster.is_none())
            {
                if rows.contains(&placed.row) {
                    let radius = LayoutParams::default().marker_radius_px;
                    assert!(
                        placed.x + radius <= label.x0 || label.x1 <= placed.x - radius,
                        "title of {} covers the marker of {}",
                        label.event,
                        placed.event
                    );
                }
            }
            for cluster in layout.clusters.iter().filter(|c| c.lane == label.lane) {
                if rows.contains(&cluster.row) {
                    assert!(cluster.x1 <= label.x0 || label.x1 <= cluster.x0);
                }
            }
            let title = &timeline.events[label.event as usize].title;
            let joined: Vec<&str> = label.lines(title).collect();
            assert_eq!(
                joined.join(" "),
                title.split_whitespace().collect::<Vec<_>>().join(" ")
            );
        }
    }

    /// Each of the `expected` events drawn is either titled once or in exactly one cluster.
    fn check_every_event_titled_or_clustered(
        timeline: &Timeline,
        layout: &LanesLayout,
        expected: usize,
    ) {
        assert_eq!(layout.hidden_labels, 0);
        assert_eq!(layout.placed.len(), expected);
        for placed in &layout.placed {
            let titled = layout
                .labels
                .iter()
                .filter(|l| l.event == placed.event && l.lane == placed.lane)
                .count();
            let clustered = layout
                .clusters
                .iter()
                .filter(|c| c.lane == placed.lane && c.events.contains(&placed.event))
                .count();
            assert_eq!(
                (titled, clustered, placed.cluster.is_some()),
                if placed.cluster.is_some() {
                    (0, 1, true)
                } else {
                    (1, 0, false)
                },
                "{}",
                timeline.events[placed.event as usize].title
            );
        }
    }

    #[test]
    fn a_title_with_no_room_to_the_right_goes_left() {
        let t = timeline(
            r#"Event(id: "a", kind: Arrest, date: "2025-02-01", title: "Early event", sources: ["s"]),
               Event(id: "b", kind: Arrest, date: "2025-02-27", title: "The last event of the month", sources: ["s"])"#,
        );
        let params = LayoutParams {
            window: TimeWindow::new(day("2025-01-31"), day("2025-02-28")),
            left_px: 50.0,
            width_px: 560.0,
            ..LayoutParams::default()
        };
        let layout = lay_out_with(&t, &params);
        let side = |event: u32| {
            layout
                .labels
                .iter()
                .find(|l| l.event == event)
                .map(|l| l.side)
        };
        assert_eq!(side(0), Some(LabelSide::Right));
        assert_eq!(side(1), Some(LabelSide::Left));
        let last = layout.labels.iter().find(|l| l.event == 1).unwrap();
        let marker = layout.placed.iter().find(|p| p.event == 1).unwrap();
        assert!(last.x1 < marker.x && last.x0 >= 50.0, "{last:?}");
        check_no_overlap(&t, &layout, 50.0, 610.0);
    }

    #[test]
    fn two_titles_that_would_overlap_get_two_rows() {
        let t = timeline(
            r#"Event(id: "a", kind: Arrest, date: "2025-02-01", title: "A title of thirty characters..", sources: ["s"]),
               Event(id: "b", kind: Arrest, date: "2025-02-03", title: "Another one", sources: ["s"])"#,
        );
        let params = LayoutParams {
            window: TimeWindow::new(day("2025-01-31"), day("2025-03-31")),
            width_px: 590.0,
            ..LayoutParams::default()
        };
        let layout = lay_out_with(&t, &params);
        let rows: Vec<(u32, LabelSide)> = layout.labels.iter().map(|l| (l.row, l.side)).collect();
        assert_eq!(rows, [(0, LabelSide::Right), (1, LabelSide::Right)]);
        assert_eq!(layout.lane_boxes[0].rows, 2);
        assert_eq!(
            layout.lane_boxes[0].height_px,
            2.0 * params.row_px + 2.0 * params.lane_padding_px
        );
        // With room for one row only, the two become a cluster rather than losing a title.
        let one_row = lay_out_with(
            &t,
            &LayoutParams {
                rows_per_lane: 1,
                ..params
            },
        );
        assert!(one_row.labels.is_empty());
        assert_eq!(one_row.clusters.len(), 1);
        assert_eq!(one_row.clusters[0].events, [0, 1]);
        assert!(!one_row.clusters[0].same_day);
    }

    #[test]
    fn a_title_longer_than_a_line_wraps_onto_the_rows_below_and_is_whole() {
        let title = "Extradited Mexican Drug Kingpins Are Being Offered To Cooperate With U.S. Authorities Or Face Harsher Sentences";
        let t = timeline(&format!(
            r#"Event(id: "a", kind: Arrest, date: "2021-10-10", title: "{title}", sources: ["s"])"#
        ));
        let params = LayoutParams {
            window: TimeWindow::new(day("2021-10-01"), day("2021-11-01")),
            width_px: 1000.0,
            rows_per_lane: 6,
            ..LayoutParams::default()
        };
        let layout = lay_out_with(&t, &params);
        let label = &layout.labels[0];
        assert!(label.line_count() >= 3, "{label:?}");
        assert!(label.x1 - label.x0 <= params.max_label_px);
        assert!(
            label
                .lines(title)
                .all(|line| measure_7px(line) <= params.max_label_px)
        );
        assert_eq!(layout.lane_boxes[0].rows as usize, label.line_count());
        assert_eq!(
            label.y1 - label.y0,
            label.line_count() as f64 * params.row_px
        );
        check_no_overlap(&t, &layout, 0.0, 1000.0);
    }

    #[test]
    fn six_same_day_events_are_one_cluster_flagged_same_day() {
        let events: Vec<String> = (0..6)
            .map(|i| format!(r#"Event(id: "e{i}", kind: Arrest, date: "2025-02-27", title: "Handed over {i}", sources: ["s"])"#))
            .chain([r#"Event(id: "x", kind: Arrest, date: "2025-01-10", title: "Before", sources: ["s"])"#.to_string()])
            .collect();
        let t = timeline(&events.join(","));
        let layout = lay_out(
            &t,
            TimeWindow::new(day("2025-01-01"), day("2025-04-01")),
            900.0,
        );
        assert_eq!(layout.clusters.len(), 1);
        let cluster = &layout.clusters[0];
        assert_eq!(cluster.count(), 6);
        assert!(cluster.same_day);
        // Date order, then id: the order the lane keeps.
        assert_eq!(cluster.events, [0, 1, 2, 3, 4, 5]);
        assert!(cluster.x0 < cluster.x && cluster.x < cluster.x1);
        check_every_event_titled_or_clustered(&t, &layout, 7);
        assert_eq!(
            hit_at(&layout, cluster.x, (cluster.y0 + cluster.y1) / 2.0, 6.0),
            Some(Hit::Cluster(0))
        );
        let before = layout.placed.iter().find(|p| p.event == 6).unwrap();
        let y = layout.row_center_y(0, before.row).unwrap();
        assert_eq!(hit_at(&layout, before.x + 2.0, y, 6.0), Some(Hit::Event(6)));
        let title = layout.labels.iter().find(|l| l.event == 6).unwrap();
        assert_eq!(hit_at(&layout, title.x1 - 1.0, y, 6.0), Some(Hit::Event(6)));
    }

    #[test]
    fn clusters_split_when_zoomed_in() {
        let t = timeline(
            r#"Event(id: "a", kind: Arrest, date: "2025-02-01", title: "A", sources: ["s"]),
               Event(id: "b", kind: Arrest, date: "2025-02-02", title: "B", sources: ["s"]),
               Event(id: "c", kind: Arrest, date: "2025-02-04", title: "C", sources: ["s"])"#,
        );
        let year = lay_out(
            &t,
            TimeWindow::new(day("2024-07-01"), day("2025-07-01")),
            900.0,
        );
        assert_eq!(year.clusters.len(), 1);
        assert_eq!(year.clusters[0].events, [0, 1, 2]);
        assert!(year.labels.is_empty());
        let month = lay_out(
            &t,
            TimeWindow::new(day("2025-01-20"), day("2025-02-20")),
            900.0,
        );
        assert!(month.clusters.is_empty());
        assert_eq!(month.labels.len(), 3);
    }

    /// The bundled timeline laid out as `render` would at this picture width: every event has
    /// its whole title or is in a cluster, and the last title lies inside the plot.
    fn check_bundled(picture_width_px: f64, compress: bool) {
        use crate::axis_breaks::find_breaks;
        use crate::export::text_metrics::text_width_px;
        let loaded = load_str(include_str!("../timelines/mexico-us-extraditions.ron"));
        let t = loaded.timeline.unwrap();
        let assignment = LaneAssignment::new(&t, Grouping::Kind);
        let lanes = index_visible(&t, &assignment, &vec![true; t.events.len()]);
        let breaks = if compress {
            find_breaks(&lanes)
        } else {
            Vec::new()
        };
        let range = t
            .events
            .iter()
            .map(|e| e.day_range())
            .reduce(|(a0, a1), (b0, b1)| (a0.min(b0), a1.max(b1)));
        // As the SVG: 24 px padding each side and a lane-label column.
        let (left, width) = (24.0 + 150.0, picture_width_px - 48.0 - 150.0);
        let params = LayoutParams {
            window: fit_all_window(range, &breaks, width),
            left_px: left,
            width_px: width,
            rows_per_lane: 12,
            marker_radius_px: 5.5,
            ..LayoutParams::default()
        };
        let measure = |text: &str| text_width_px(text, 12.0, false);
        let layout = layout_lanes_compressed(&t, &lanes, &params, &breaks, &measure);
        check_every_event_titled_or_clustered(&t, &layout, t.events.len());
        check_no_overlap(&t, &layout, left, left + width);
        let last = t
            .events
            .iter()
            .enumerate()
            .max_by_key(|(_, e)| e.day_range())
            .unwrap()
            .0;
        let last_placed = layout
            .placed
            .iter()
            .find(|p| p.event == last as u32)
            .unwrap();
        assert!(last_placed.x < left + width - 5.5, "{last_placed:?}");
        // Lanes grow only as far as they need, below the limit of 12 (the corrected bundled
        // timeline's Other lane, nine events, needs nine rows at 1366 px).
        assert!(
            layout.lane_boxes.iter().all(|b| b.rows <= 10),
            "{:?}",
            layout.lane_boxes
        );
    }

    #[test]
    fn the_bundled_timeline_at_1366_and_1920_px_titles_or_clusters_every_event() {
        for width in [1366.0, 1920.0] {
            for compress in [false, true] {
                check_bundled(width, compress);
            }
        }
    }

    #[test]
    fn compressed_layout_puts_events_where_the_compressed_mapping_says() {
        let t = timeline(
            r#"Event(id: "a", kind: Arrest, date: "1985-02-07", title: "A", sources: ["s"]),
               Event(id: "b", kind: Arrest, date: "2013-07-15", title: "B", sources: ["s"]),
               Event(id: "c", kind: Arrest, date: "2020-07-15", title: "C", sources: ["s"])"#,
        );
        let assignment = LaneAssignment::new(&t, Grouping::Kind);
        let lanes = index_visible(&t, &assignment, &[true; 3]);
        let breaks = crate::axis_breaks::find_breaks(&lanes);
        assert_eq!(breaks, [AxisBreak::years(1986, 2012)]);
        let params = LayoutParams {
            window: fit_all_window(
                Some((day("1985-02-07") as i64, day("2020-07-15") as i64)),
                &breaks,
                1000.0,
            ),
            width_px: 1000.0,
            ..LayoutParams::default()
        };
        let layout = layout_lanes_compressed(&t, &lanes, &params, &breaks, &measure_7px);
        let map = params.compressed_time_to_screen(&breaks);
        for placed in &layout.placed {
            let (first, last) = t.events[placed.event as usize].day_range();
            let expected = (map.x_from_day(first as f64) + map.x_from_day(last as f64 + 1.0)) / 2.0;
            assert!((placed.x - expected).abs() < 1e-9);
        }
        let x = |event: u32| layout.placed.iter().find(|p| p.event == event).unwrap().x;
        // 1985 to 2013 is the band and a few months; 2013 to 2020 is most of the width.
        assert!(
            x(1) - x(0) < 200.0 && x(2) - x(1) > 600.0,
            "{} {} {}",
            x(0),
            x(1),
            x(2)
        );
    }

    #[test]
    fn lane_boxes_stack_and_find_rows() {
        let t = timeline(
            r#"Event(id: "a", kind: Arrest, date: "2025-02-01", title: "A", sources: ["s"]),
               Event(id: "b", kind: Court, date: "2025-02-03", title: "B", sources: ["s"])"#,
        );
        let params = LayoutParams {
            window: TimeWindow::new(day("2025-01-01"), day("2025-03-01")),
            top_px: 100.0,
            ..LayoutParams::default()
        };
        let layout = lay_out_with(&t, &params);
        assert_eq!(layout.lane_boxes.len(), 2);
        assert_eq!(layout.lane_boxes[0].top_px, 100.0);
        assert_eq!(layout.lane_boxes[1].top_px, 128.0);
        assert_eq!(layout.height_px(), 56.0);
        assert_eq!(layout.row_center_y(1, 0), Some(142.0));
        assert_eq!(layout.lane_row_at(99.0), None);
        assert_eq!(layout.lane_row_at(101.0), Some((0, 0)));
        assert_eq!(layout.lane_row_at(140.0), Some((1, 0)));
        assert_eq!(layout.lane_row_at(156.5), None);
    }
}
