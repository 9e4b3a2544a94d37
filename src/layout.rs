//! Where each visible event is drawn for one time window and width: its x, its sub-row inside the
//! lane, its span bar and precision bracket, and whether its title fits beside it. Dense lanes
//! become per-column counts instead of thousands of overlapping markers.
//!
//! Pure: the app's egui painter and the SVG writer both draw from this, so a label hidden or a
//! tick chosen here means the same thing on screen and on paper.

use crate::date::Precision;
use crate::lanes::LaneEvents;
use crate::model::{Kind, PolicyKind, Timeline};
use crate::timescale::{TimeToScreen, TimeWindow};

/// Geometry and options of one drawing of the lanes.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LayoutParams {
    pub window: TimeWindow,
    /// Where the time area starts on screen and how wide it is.
    pub left_px: f64,
    pub width_px: f64,
    /// Sub-rows per lane: events that would collide are stacked.
    pub rows_per_lane: usize,
    pub marker_radius_px: f64,
    pub show_labels: bool,
    /// Lanes with more than this many events per pixel of width are drawn as density.
    pub density_events_per_px: f64,
    /// Width of one density column.
    pub density_column_px: f64,
}

impl LayoutParams {
    pub fn time_to_screen(&self) -> TimeToScreen {
        TimeToScreen::new(self.window, self.left_px, self.width_px)
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
    /// Where the title starts, when it fits.
    pub label_x: Option<f64>,
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
    pub placed: Vec<PlacedEvent>,
    pub density: Vec<DensityColumn>,
    /// Lanes drawn as density (no individual markers).
    pub dense_lanes: Vec<u32>,
    /// Titles left out because they did not fit (shown on hover instead).
    pub hidden_labels: usize,
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

/// Lays out the visible part of every lane. `measure_px` gives a title's width in pixels.
pub fn layout_lanes(
    timeline: &Timeline,
    lanes: &[LaneEvents],
    params: &LayoutParams,
    measure_px: &dyn Fn(&str) -> f64,
) -> LanesLayout {
    let mut layout = LanesLayout::default();
    let map = params.time_to_screen();
    let window = params.window;
    let right_px = params.left_px + params.width_px;
    let rows = params.rows_per_lane.max(1);
    let radius = params.marker_radius_px;
    let gap = radius;

    for (lane_index, lane) in lanes.iter().enumerate() {
        let lane_id = lane_index as u32;
        let candidates = lane.in_window(window.start_day, window.end_day);
        // Density is decided by what starts in the window: long spans from the left do not make a
        // lane crowded.
        let starting = lane.count_starting_in(window.start_day, window.end_day);
        if starting as f64 > params.width_px * params.density_events_per_px {
            layout.dense_lanes.push(lane_id);
            density(lane, lane_id, params, &map, &mut layout.density);
            continue;
        }
        // Pass 1: give each event a row, preferring one with room for its title too.
        let mut row_end = vec![f64::NEG_INFINITY; rows];
        let first_placed = layout.placed.len();
        let mut label_widths = Vec::new();
        for position in candidates {
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
                map.x_from_day(first_day as f64),
                map.x_from_day(last_day as f64 + 1.0),
            );
            let is_span = event.end.is_some();
            let coarse = event.date.precision() != Precision::Day;
            let x = if is_span {
                start_x.max(params.left_px - radius).min(end_x)
            } else {
                (start_x + end_x) / 2.0
            };
            let span = is_span.then_some((start_x, end_x));
            let bracket = (coarse && !is_span).then_some((start_x, end_x));
            let body_right = if is_span {
                end_x.max(x + radius)
            } else {
                x + radius
            };
            let label_width = if params.show_labels {
                measure_px(&event.title)
            } else {
                0.0
            };
            let with_label_right = body_right.max(x + radius + gap + label_width);
            let left = x - radius;
            let row = (0..rows)
                .find(|&r| row_end[r] + gap <= left && params.show_labels)
                .or_else(|| (0..rows).find(|&r| row_end[r] + gap <= left))
                .unwrap_or_else(|| {
                    (0..rows)
                        .min_by(|&a, &b| row_end[a].total_cmp(&row_end[b]))
                        .unwrap_or(0)
                });
            let reserve_label = row_end[row] + gap <= left && params.show_labels;
            row_end[row] = row_end[row].max(if reserve_label {
                with_label_right
            } else {
                body_right
            });
            label_widths.push(label_width);
            layout.placed.push(PlacedEvent {
                event: event_index,
                lane: lane_id,
                row: row as u32,
                x,
                span,
                bracket,
                circa: event.date.is_circa() || event.end.is_some_and(|d| d.is_circa()),
                label_x: None,
            });
        }
        if !params.show_labels {
            continue;
        }
        // Pass 2: a title is shown when it ends before the next marker of its row.
        let placed = &mut layout.placed[first_placed..];
        for row in 0..rows as u32 {
            let in_row: Vec<usize> = (0..placed.len())
                .filter(|&i| placed[i].row == row)
                .collect();
            for (k, &i) in in_row.iter().enumerate() {
                let label_x = placed[i].x + radius + gap / 2.0;
                let next_left = in_row
                    .get(k + 1)
                    .map(|&next| placed[next].x - radius)
                    .unwrap_or(f64::INFINITY);
                let fits = label_x + label_widths[i] + gap <= next_left && label_x < right_px;
                if fits {
                    placed[i].label_x = Some(label_x);
                } else {
                    layout.hidden_labels += 1;
                }
            }
        }
    }
    layout
}

/// Counts per column by binary search: the cost follows the width, not the number of events.
fn density(
    lane: &LaneEvents,
    lane_id: u32,
    params: &LayoutParams,
    map: &TimeToScreen,
    out: &mut Vec<DensityColumn>,
) {
    let column = params.density_column_px.max(1.0);
    let mut x0 = params.left_px;
    let right = params.left_px + params.width_px;
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
        let measure =
            |i: u32| format!("A long title number {}", i + 1).chars().count() as f64 * 7.0;
        for a in &layout.placed {
            for b in &layout.placed {
                if a.event == b.event || a.row != b.row {
                    continue;
                }
                if let (Some(ax), Some(bx)) = (a.label_x, b.label_x) {
                    let (first, first_x, second_x) =
                        if ax < bx { (a, ax, bx) } else { (b, bx, ax) };
                    assert!(first_x + measure(first.event) <= second_x, "labels overlap");
                }
            }
        }
        assert!(layout.hidden_labels > 0);
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
}
