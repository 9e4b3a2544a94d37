//! Compressed empty years: long stretches of time with no visible event are drawn as narrow,
//! marked bands on the axis (say "1986–2012 · no events"), so that the years that do hold events
//! get the width.
//!
//! [`find_breaks`] decides which stretches are compressed; [`CompressedTimeToScreen`] is the
//! piecewise-linear day ↔ x mapping that draws them. It stands in for the linear
//! [`TimeToScreen`] (same fields and method names), and with no breaks it computes exactly what
//! `TimeToScreen` does, so painters can use it for both settings.
//!
//! The mapping is one global function of the day for a given zoom: outside breaks a day is
//! `px_per_day` wide; inside a compressed break it is `band_px / break days` wide, so a whole
//! break is `band_px` wide at every zoom. The window only says which part of that function is on
//! screen. That is what keeps ticks, hit-testing, panning and zooming exact on both sides of a
//! break: panning moves the window along the same function ([`CompressedTimeToScreen::panned`]),
//! zooming changes `px_per_day` and keeps the day under the pointer where it was
//! ([`CompressedTimeToScreen::zoomed`]).

use crate::date::{civil_from_days, days_from_civil, format_year};
use crate::lanes::LaneEvents;
use crate::timescale::{Tick, TickStep, TimeToScreen, TimeWindow, choose_step, ticks};

/// Width of a compressed break on screen.
pub const BREAK_BAND_PX: f64 = 24.0;
/// A stretch is compressed only when it is longer than this fraction of the visible events'
/// range: shorter quiet spells are part of the story's rhythm and keep their true width. (It
/// also means there are at most three breaks.)
pub const MIN_BREAK_FRACTION: f64 = 0.25;
/// … and only when it holds at least this many whole calendar years: breaks are labelled with
/// years, and two quiet years are not worth a discontinuity in the axis.
pub const MIN_BREAK_YEARS: i32 = 3;

/// Whole calendar years with no visible event, drawn compressed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AxisBreak {
    /// 1 January of `from_year` (day number).
    pub start_day: i64,
    /// 1 January of the year after `to_year` (exclusive end).
    pub end_day: i64,
    /// First empty year (SVG `data-from`).
    pub from_year: i32,
    /// Last empty year, inclusive (SVG `data-to`).
    pub to_year: i32,
}

impl AxisBreak {
    /// The break covering the calendar years `from_year..=to_year`.
    pub fn years(from_year: i32, to_year: i32) -> AxisBreak {
        AxisBreak {
            start_day: days_from_civil(from_year, 1, 1),
            end_day: days_from_civil(to_year.saturating_add(1), 1, 1),
            from_year,
            to_year,
        }
    }

    /// "1986–2012 · no events".
    pub fn label(&self) -> String {
        format!(
            "{}–{} · no events",
            format_year(self.from_year),
            format_year(self.to_year)
        )
    }

    fn days(&self) -> f64 {
        (self.end_day - self.start_day) as f64
    }

    /// Days of the break inside `[start_day, end_day]`.
    fn overlap_days(&self, start_day: f64, end_day: f64) -> f64 {
        (end_day.min(self.end_day as f64) - start_day.max(self.start_day as f64)).max(0.0)
    }
}

/// The stretches to compress for these visible events: every gap between them (no event of any
/// lane covers a day of it) whose whole calendar years number at least [`MIN_BREAK_YEARS`] and
/// are longer than [`MIN_BREAK_FRACTION`] of the events' whole range. Only whole years are
/// compressed, so a break's label names exactly the days it stands for; the months around it are
/// drawn at their true width. Sorted by date.
///
/// Cost: linear in the events (each lane is already sorted by start), plus sorting the covered
/// stretches of all lanes; run it when the filter changes, not per frame.
pub fn find_breaks(lanes: &[LaneEvents]) -> Vec<AxisBreak> {
    // Covered stretches per lane, merged in one pass over the lane's start order.
    let mut covered: Vec<(i64, i64)> = Vec::new();
    for lane in lanes {
        let mut current: Option<(i64, i64)> = None;
        for (&first, &end) in lane.first_days.iter().zip(&lane.end_days) {
            let (first, end) = (i64::from(first), i64::from(end).max(i64::from(first)));
            current = match current {
                Some((start, stop)) if first <= stop => Some((start, stop.max(end))),
                Some(done) => {
                    covered.push(done);
                    Some((first, end))
                }
                None => Some((first, end)),
            };
        }
        covered.extend(current);
    }
    covered.sort_unstable();
    let (Some(&(range_start, _)), Some(range_end)) =
        (covered.first(), covered.iter().map(|&(_, end)| end).max())
    else {
        return Vec::new();
    };
    let range_days = (range_end - range_start) as f64;
    let mut breaks = Vec::new();
    let mut covered_until = range_start;
    for &(start, end) in &covered {
        if start > covered_until
            && let Some(found) = whole_years_between(covered_until, start)
            && found.to_year - found.from_year + 1 >= MIN_BREAK_YEARS
            && found.days() > MIN_BREAK_FRACTION * range_days
        {
            breaks.push(found);
        }
        covered_until = covered_until.max(end);
    }
    breaks
}

/// The whole calendar years inside the empty days `[first_empty, end_empty)`.
fn whole_years_between(first_empty: i64, end_empty: i64) -> Option<AxisBreak> {
    let (year, month, day) = civil_from_days(first_empty);
    let from_year = if (month, day) == (1, 1) {
        year
    } else {
        year.checked_add(1)?
    };
    // The first day after the gap lies in `year_after` (on 1 January or later): only the years
    // before it are wholly empty.
    let (year_after, _, _) = civil_from_days(end_empty);
    let to_year = year_after.checked_sub(1)?;
    (to_year >= from_year).then(|| AxisBreak::years(from_year, to_year))
}

/// A compressed break as drawn: where its band is.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct BreakBand {
    pub axis_break: AxisBreak,
    /// Screen x of the break's first and end day (not clipped to the plot: a band at the edge of
    /// the window may be partly outside it).
    pub x0: f64,
    pub x1: f64,
}

/// Maps days to screen x for one window drawn into `[left_px, left_px + width_px]`, drawing each
/// break as a band `band_px` wide. With no breaks (or none in the window) it is exactly
/// [`TimeToScreen`].
#[derive(Clone, Debug, PartialEq)]
pub struct CompressedTimeToScreen {
    pub window: TimeWindow,
    pub left_px: f64,
    pub width_px: f64,
    /// Width of a whole break; a break narrower than this at the current zoom is simply drawn at
    /// its true width (it is not "compressed" then).
    pub band_px: f64,
    /// Pixels per day outside breaks.
    px_per_day: f64,
    /// Sorted, disjoint.
    breaks: Vec<AxisBreak>,
}

impl CompressedTimeToScreen {
    /// The mapping that shows `window` in `width_px`, with `breaks` ([`find_breaks`]) drawn
    /// [`BREAK_BAND_PX`] wide.
    pub fn new(
        window: TimeWindow,
        left_px: f64,
        width_px: f64,
        breaks: &[AxisBreak],
    ) -> CompressedTimeToScreen {
        Self::with_band(window, left_px, width_px, breaks, BREAK_BAND_PX)
    }

    /// As [`new`](Self::new) with another band width.
    pub fn with_band(
        window: TimeWindow,
        left_px: f64,
        width_px: f64,
        breaks: &[AxisBreak],
        band_px: f64,
    ) -> CompressedTimeToScreen {
        let linear = TimeToScreen::new(window, left_px, width_px);
        let mut breaks: Vec<AxisBreak> = breaks
            .iter()
            .copied()
            .filter(|b| b.end_day > b.start_day)
            .collect();
        breaks.sort_by_key(|b| b.start_day);
        // Overlapping breaks would make the mapping ambiguous; none come from `find_breaks`.
        breaks.dedup_by(|later, earlier| later.start_day < earlier.end_day);
        let band_px = if band_px.is_finite() && band_px > 0.0 {
            band_px
        } else {
            BREAK_BAND_PX
        };
        let mut map = CompressedTimeToScreen {
            window: linear.window,
            left_px: linear.left_px,
            width_px: linear.width_px,
            band_px,
            px_per_day: linear.px_per_day(),
            breaks,
        };
        match map.solve_px_per_day() {
            Some(px_per_day) => map.px_per_day = px_per_day,
            // A window that lies inside a break (only a hand-made window can) has no days to
            // stretch: it is drawn linearly, without breaks, so the mapping stays consistent.
            None => map.breaks.clear(),
        }
        map
    }

    /// The linear mapping, without breaks.
    pub fn linear(map: TimeToScreen) -> CompressedTimeToScreen {
        Self::new(map.window, map.left_px, map.width_px, &[])
    }

    /// Pixels per day outside breaks (the zoom the user sees and ticks are chosen for).
    pub fn px_per_day(&self) -> f64 {
        self.px_per_day
    }

    /// The breaks this mapping knows, compressed or not at this zoom.
    pub fn breaks(&self) -> &[AxisBreak] {
        &self.breaks
    }

    /// Pixels per day inside `b` at the zoom `px_per_day`: a whole break is `band_px` wide, or
    /// its true width when that is narrower.
    fn break_px_per_day(&self, b: &AxisBreak, px_per_day: f64) -> f64 {
        (self.band_px / b.days()).min(px_per_day)
    }

    /// The `px_per_day` at which the window fills the width: the width as a function of it is
    /// continuous and increasing (each break adds `min(band/days, px_per_day)` per day of it in
    /// the window), so the one root is found by trying which breaks are compressed, in order of
    /// their band density. `None` when no day of the window lies outside a break.
    fn solve_px_per_day(&self) -> Option<f64> {
        let linear = self.px_per_day;
        let (start, end) = (self.window.start_day, self.window.end_day);
        let mut in_window: Vec<(f64, f64)> = self
            .breaks
            .iter()
            .map(|b| (self.band_px / b.days(), b.overlap_days(start, end)))
            .filter(|&(_, days)| days > 0.0)
            .collect();
        if in_window.is_empty() {
            return Some(linear);
        }
        in_window.sort_by(|a, b| a.0.total_cmp(&b.0));
        let total_days = self.window.width_days();
        let break_days: f64 = in_window.iter().map(|&(_, days)| days).sum();
        let normal_days = total_days - break_days;
        // The first `compressed` breaks (the least dense bands) are compressed.
        for compressed in 0..=in_window.len() {
            let (squeezed, kept) = in_window.split_at(compressed);
            let band_width: f64 = squeezed.iter().map(|&(rate, days)| rate * days).sum();
            let stretched_days = normal_days + kept.iter().map(|&(_, days)| days).sum::<f64>();
            if stretched_days <= 0.0 {
                continue;
            }
            let px_per_day = (self.width_px - band_width) / stretched_days;
            let above = squeezed.last().is_none_or(|&(rate, _)| rate < px_per_day);
            let below = kept.first().is_none_or(|&(rate, _)| px_per_day <= rate);
            if px_per_day > 0.0 && px_per_day.is_finite() && above && below {
                return Some(px_per_day);
            }
        }
        None
    }

    /// Pixels from `from_day` to `to_day` at the zoom `px_per_day` (negative when `to_day` is
    /// earlier).
    fn px_between(&self, from_day: f64, to_day: f64, px_per_day: f64) -> f64 {
        let squeezed: f64 = self
            .breaks
            .iter()
            .map(|b| {
                let inside = |day: f64| day.clamp(b.start_day as f64, b.end_day as f64);
                (px_per_day - self.break_px_per_day(b, px_per_day))
                    * (inside(to_day) - inside(from_day))
            })
            .sum();
        (to_day - from_day) * px_per_day - squeezed
    }

    /// The day `offset_px` pixels after `from_day` (before it when negative) at the zoom
    /// `px_per_day`: walks the pieces of the mapping from `from_day`.
    fn day_after_px(&self, from_day: f64, offset_px: f64, px_per_day: f64) -> f64 {
        let mut day = from_day;
        let mut left_px = offset_px;
        if offset_px >= 0.0 {
            for b in self.breaks.iter().filter(|b| b.end_day as f64 > from_day) {
                let (b0, b1) = (b.start_day as f64, b.end_day as f64);
                if b0 > day {
                    let piece = (b0 - day) * px_per_day;
                    if piece >= left_px {
                        return day + left_px / px_per_day;
                    }
                    left_px -= piece;
                    day = b0;
                }
                let rate = self.break_px_per_day(b, px_per_day);
                let piece = (b1 - day) * rate;
                if piece >= left_px {
                    return day + left_px / rate;
                }
                left_px -= piece;
                day = b1;
            }
        } else {
            for b in self
                .breaks
                .iter()
                .rev()
                .filter(|b| (b.start_day as f64) < from_day)
            {
                let (b0, b1) = (b.start_day as f64, b.end_day as f64);
                if b1 < day {
                    let piece = (day - b1) * px_per_day;
                    if piece >= -left_px {
                        return day + left_px / px_per_day;
                    }
                    left_px += piece;
                    day = b1;
                }
                let rate = self.break_px_per_day(b, px_per_day);
                let piece = (day - b0) * rate;
                if piece >= -left_px {
                    return day + left_px / rate;
                }
                left_px += piece;
                day = b0;
            }
        }
        day + left_px / px_per_day
    }

    pub fn x_from_day(&self, day: f64) -> f64 {
        self.left_px + self.px_between(self.window.start_day, day, self.px_per_day)
    }

    pub fn day_from_x(&self, x: f64) -> f64 {
        self.day_after_px(self.window.start_day, x - self.left_px, self.px_per_day)
    }

    /// The breaks drawn compressed in this window, with their bands.
    pub fn bands(&self) -> Vec<BreakBand> {
        let (start, end) = (self.window.start_day, self.window.end_day);
        self.breaks
            .iter()
            .filter(|b| b.overlap_days(start, end) > 0.0)
            .filter(|b| self.break_px_per_day(b, self.px_per_day) < self.px_per_day)
            .map(|&b| BreakBand {
                axis_break: b,
                x0: self.x_from_day(b.start_day as f64),
                x1: self.x_from_day(b.end_day as f64),
            })
            .collect()
    }

    /// The tick step for this zoom, as [`choose_step`] picks it for a linear axis with the same
    /// pixels per day.
    pub fn choose_step(&self, char_width_px: f64) -> TickStep {
        let days_shown_linearly = self.width_px / self.px_per_day;
        choose_step(
            TimeWindow::new(0.0, days_shown_linearly),
            self.width_px,
            char_width_px,
        )
    }

    /// Ticks of `step` in the window, without those inside a compressed break or on its edges
    /// (the band's own label names those years). Each stretch between breaks gets its own ticks,
    /// so a break cannot use up the tick budget of [`ticks`].
    pub fn ticks(&self, step: TickStep) -> Vec<Tick> {
        let bands = self.bands();
        let mut stretches = Vec::with_capacity(bands.len() + 1);
        let mut from = self.window.start_day;
        for band in &bands {
            stretches.push((from, band.axis_break.start_day as f64));
            from = band.axis_break.end_day as f64;
        }
        stretches.push((from, self.window.end_day));
        let mut all: Vec<Tick> = Vec::new();
        for (start, end) in stretches.into_iter().filter(|(start, end)| end > start) {
            for tick in ticks(TimeWindow::new(start, end), step) {
                let on_a_band = bands.iter().any(|band| {
                    let b = band.axis_break;
                    tick.day >= b.start_day as f64 && tick.day <= b.end_day as f64
                });
                if !on_a_band && all.last().is_none_or(|last| last.day < tick.day) {
                    all.push(tick);
                }
            }
        }
        all
    }

    /// The window after dragging the picture `dx_px` to the right: the day under any point moves
    /// with the pointer, breaks included.
    pub fn panned(&self, dx_px: f64) -> TimeWindow {
        let start = self.day_after_px(self.window.start_day, -dx_px, self.px_per_day);
        let end = self.day_after_px(start, self.width_px, self.px_per_day);
        TimeWindow::new(start, end)
    }

    /// The window after zooming about `anchor_x`: `factor` > 1 shows that many times more days
    /// outside breaks (zooms out), < 1 zooms in. The day under `anchor_x` stays under it.
    pub fn zoomed(&self, anchor_x: f64, factor: f64) -> TimeWindow {
        if !(factor.is_finite() && factor > 0.0) {
            return self.window;
        }
        let anchor_day = self.day_from_x(anchor_x);
        let px_per_day = self.px_per_day / factor;
        let start = self.day_after_px(anchor_day, self.left_px - anchor_x, px_per_day);
        let end = self.day_after_px(start, self.width_px, px_per_day);
        TimeWindow::new(start, end)
    }
}

/// The window that shows all visible events `first_day..=last_day` with `breaks` compressed: the
/// events take the middle 1/1.1 of the width and the margins are plain days, as
/// [`TimeWindow::fitting`] gives them on a linear axis (which is what this returns when no break
/// lies between the events).
pub fn fit_window(
    first_day: i64,
    last_day: i64,
    breaks: &[AxisBreak],
    width_px: f64,
) -> TimeWindow {
    let (start, end) = (first_day as f64, last_day as f64 + 1.0);
    let inside: Vec<AxisBreak> = breaks
        .iter()
        .copied()
        .filter(|b| b.overlap_days(start, end) > 0.0)
        .collect();
    if inside.is_empty() {
        return TimeWindow::fitting(first_day, last_day);
    }
    // The events' range alone, drawn into the middle of the width, gives the zoom; the margins
    // are then that many pixels of ordinary days on each side.
    let events_width_px = width_px.max(1.0) / 1.1;
    let margin_px = (width_px.max(1.0) - events_width_px) / 2.0;
    let core =
        CompressedTimeToScreen::new(TimeWindow::new(start, end), 0.0, events_width_px, &inside);
    if core.breaks.is_empty() {
        return TimeWindow::fitting(first_day, last_day);
    }
    let margin_days = margin_px / core.px_per_day;
    TimeWindow::new(start - margin_days, end + margin_days)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::date::Date;
    use crate::lanes::{Grouping, LaneAssignment, index_visible};
    use crate::load::load_str;
    use proptest::prelude::*;

    const BUNDLED: &str = include_str!("../timelines/mexico-us-extraditions.ron");

    fn day(text: &str) -> f64 {
        Date::parse(text).unwrap().first_day() as f64
    }

    fn lanes_of(text: &str) -> Vec<LaneEvents> {
        let loaded = load_str(text);
        let timeline = loaded
            .timeline
            .unwrap_or_else(|| panic!("{:?}", loaded.diagnostics));
        let assignment = LaneAssignment::new(&timeline, Grouping::Kind);
        index_visible(&timeline, &assignment, &vec![true; timeline.events.len()])
    }

    /// Arrests on these dates (`"2020"`, or a span `"1985..2015"`).
    fn timeline_with_dates(dates: &[&str]) -> Vec<LaneEvents> {
        let events: Vec<String> = dates
            .iter()
            .enumerate()
            .map(|(i, date)| {
                let period = match date.split_once("..") {
                    Some((start, end)) => format!(r#"date: "{start}", end: "{end}""#),
                    None => format!(r#"date: "{date}""#),
                };
                format!(r#"Event(id: "e{i}", kind: Arrest, {period}, title: "E", sources: ["s"])"#)
            })
            .collect();
        lanes_of(&format!(
            r#"Timeline(title: "T", sources: [Source(id: "s", title: "S")], events: [{}])"#,
            events.join(",")
        ))
    }

    #[test]
    fn the_bundled_timeline_has_one_break_from_1986_to_2012() {
        let breaks = find_breaks(&lanes_of(BUNDLED));
        assert_eq!(breaks, [AxisBreak::years(1986, 2012)]);
        assert_eq!(breaks[0].label(), "1986–2012 · no events");
        assert_eq!(breaks[0].start_day as f64, day("1986-01-01"));
        assert_eq!(breaks[0].end_day as f64, day("2013-01-01"));
    }

    #[test]
    fn short_or_relatively_small_gaps_are_not_compressed() {
        // Two whole empty years (2011, 2012): too few.
        assert_eq!(
            find_breaks(&timeline_with_dates(&["2010-06-01", "2013-03-01"])),
            []
        );
        // At most six empty years in a range of thirty: less than a quarter.
        assert_eq!(
            find_breaks(&timeline_with_dates(&[
                "1990-01-01",
                "1996-06-01",
                "2001-06-01",
                "2008-01-01",
                "2014-01-01",
                "2020-01-01"
            ])),
            []
        );
        // Only the whole years of a gap are compressed: 2001-03 … 2009-10 leaves 2002–2008.
        assert_eq!(
            find_breaks(&timeline_with_dates(&["2000", "2001-03-01", "2009-10-01"])),
            [AxisBreak::years(2002, 2008)]
        );
        // A span covers its whole period: 1980, 1985–2015 and 2020 leave no long gap.
        assert_eq!(
            find_breaks(&timeline_with_dates(&["1980", "2020"])).len(),
            1
        );
        assert_eq!(
            find_breaks(&timeline_with_dates(&["1980", "1985..2015", "2020"])),
            []
        );
        assert_eq!(find_breaks(&[]), []);
    }

    fn bundled_map(width_px: f64) -> CompressedTimeToScreen {
        let breaks = find_breaks(&lanes_of(BUNDLED));
        let window = fit_window(
            day("1985-01-01") as i64,
            day("2025-12-31") as i64,
            &breaks,
            width_px,
        );
        CompressedTimeToScreen::new(window, 100.0, width_px, &breaks)
    }

    #[test]
    fn a_break_is_a_narrow_band_and_the_rest_shares_the_width() {
        let map = bundled_map(1200.0);
        let bands = map.bands();
        assert_eq!(bands.len(), 1);
        let band = bands[0];
        assert!((band.x1 - band.x0 - BREAK_BAND_PX).abs() < 1e-9, "{band:?}");
        // The fitted window puts the first and last event days 1/22 of the width from the edges.
        let margin = 1200.0 * (1.0 - 1.0 / 1.1) / 2.0;
        assert!((map.x_from_day(day("1985-01-01")) - (100.0 + margin)).abs() < 1e-6);
        assert!((map.x_from_day(day("2026-01-01")) - (1300.0 - margin)).abs() < 1e-6);
        // Outside the band, a year is a year: 1985 is as wide as 2014.
        let year = |y: &str, next: &str| map.x_from_day(day(next)) - map.x_from_day(day(y));
        assert!((year("1985-01-01", "1986-01-01") - year("2014-01-01", "2015-01-01")).abs() < 1e-6);
        // 1985 and 2013–2025 get all but the band: far wider than on a linear axis.
        let linear = TimeToScreen::new(map.window, 100.0, 1200.0);
        assert!(year("2014-01-01", "2015-01-01") > 2.0 * linear.px_per_day() * 365.0);
    }

    #[test]
    fn without_breaks_it_is_the_linear_mapping() {
        let window = TimeWindow::new(day("1985-01-01"), day("2025-01-01"));
        let linear = TimeToScreen::new(window, 100.0, 800.0);
        let map = CompressedTimeToScreen::linear(linear);
        for d in [day("1980-05-05"), day("1999-01-01"), day("2030-01-01")] {
            assert_eq!(map.x_from_day(d), linear.x_from_day(d));
        }
        for x in [0.0, 333.3, 900.0] {
            assert_eq!(map.day_from_x(x), linear.day_from_x(x));
        }
        assert_eq!(map.px_per_day(), linear.px_per_day());
        // A break outside the window changes nothing either.
        let far =
            CompressedTimeToScreen::new(window, 100.0, 800.0, &[AxisBreak::years(1900, 1950)]);
        assert_eq!(
            far.x_from_day(day("2000-01-01")),
            linear.x_from_day(day("2000-01-01"))
        );
        assert!(far.bands().is_empty());
    }

    #[test]
    fn ticks_inside_the_break_are_dropped_and_both_sides_keep_theirs() {
        let map = bundled_map(1200.0);
        let step = map.choose_step(7.0);
        assert_eq!(step, TickStep::Years(1));
        let labels: Vec<String> = map.ticks(step).into_iter().map(|t| t.label).collect();
        assert!(labels.contains(&"1985".to_string()), "{labels:?}");
        assert!(labels.contains(&"2014".to_string()), "{labels:?}");
        assert!(labels.contains(&"2025".to_string()), "{labels:?}");
        for inside in ["1986", "1990", "2012", "2013"] {
            assert!(!labels.contains(&inside.to_string()), "{labels:?}");
        }
    }

    #[test]
    fn panning_and_zooming_keep_the_day_under_the_pointer() {
        let map = bundled_map(1200.0);
        for anchor_x in [150.0, 400.0, 700.0, 1250.0] {
            let anchor_day = map.day_from_x(anchor_x);
            for factor in [0.5, 0.9, 1.3, 3.0] {
                let zoomed = map.zoomed(anchor_x, factor);
                let after = CompressedTimeToScreen::new(zoomed, 100.0, 1200.0, map.breaks());
                assert!(
                    (after.x_from_day(anchor_day) - anchor_x).abs() < 1e-6,
                    "{anchor_x} ×{factor}: {}",
                    after.x_from_day(anchor_day)
                );
                assert!((after.px_per_day() - map.px_per_day() / factor).abs() < 1e-9);
            }
        }
        for dx in [-500.0, -30.0, 12.5, 300.0] {
            let panned = map.panned(dx);
            let after = CompressedTimeToScreen::new(panned, 100.0, 1200.0, map.breaks());
            for x in [120.0, 600.0, 1100.0] {
                let d = map.day_from_x(x);
                assert!((after.x_from_day(d) - (x + dx)).abs() < 1e-6, "{dx} {x}");
            }
        }
    }

    #[test]
    fn a_window_inside_a_break_is_drawn_linearly() {
        let breaks = [AxisBreak::years(1986, 2012)];
        let window = TimeWindow::new(day("1990-01-01"), day("1995-01-01"));
        let map = CompressedTimeToScreen::new(window, 0.0, 500.0, &breaks);
        assert!(map.bands().is_empty());
        assert!((map.x_from_day(day("1995-01-01")) - 500.0).abs() < 1e-9);
        assert!((map.day_from_x(250.0) - window.center_day()).abs() < 1e-9);
    }

    fn check_mapping(map: &CompressedTimeToScreen) -> Result<(), TestCaseError> {
        let (left, right) = (map.left_px, map.left_px + map.width_px);
        prop_assert!((map.x_from_day(map.window.start_day) - left).abs() < 1e-6);
        prop_assert!(
            (map.x_from_day(map.window.end_day) - right).abs() < 1e-6,
            "{} != {right}",
            map.x_from_day(map.window.end_day)
        );
        let mut previous = f64::NEG_INFINITY;
        for i in -20..=120 {
            let x = left + map.width_px * f64::from(i) / 100.0;
            let d = map.day_from_x(x);
            prop_assert!(d > previous, "not monotonic at x = {x}");
            previous = d;
            prop_assert!(
                (map.x_from_day(d) - x).abs() < 1e-6,
                "x {x} → {d} → {}",
                map.x_from_day(d)
            );
        }
        let span = map.window.width_days();
        let mut previous = f64::NEG_INFINITY;
        for i in -20..=120 {
            let d = map.window.start_day + span * f64::from(i) / 100.0;
            let x = map.x_from_day(d);
            prop_assert!(x > previous, "not monotonic at day {d}");
            previous = x;
            prop_assert!((map.day_from_x(x) - d).abs() < 1e-6 * span.max(1.0));
        }
        Ok(())
    }

    proptest! {
        #[test]
        fn the_compressed_mapping_is_monotonic_and_invertible(
            starts in prop::collection::vec(1900i32..2100, 0..4),
            lengths in prop::collection::vec(1i32..60, 4),
            window_start in -20_000.0f64..60_000.0,
            window_days in 1.0f64..80_000.0,
            width_px in 50.0f64..4000.0,
            band_px in 1.0f64..60.0,
        ) {
            // Disjoint breaks: each starts after the previous one ends.
            let mut breaks = Vec::new();
            let mut from = 1900;
            for (start, length) in starts.iter().zip(&lengths) {
                let from_year = from.max(*start);
                let to_year = from_year + length - 1;
                breaks.push(AxisBreak::years(from_year, to_year));
                from = to_year + 2;
            }
            let window = TimeWindow::new(window_start, window_start + window_days);
            let map = CompressedTimeToScreen::with_band(window, 10.0, width_px, &breaks, band_px);
            check_mapping(&map)?;
            for band in map.bands() {
                let whole = map.x_from_day(band.axis_break.end_day as f64)
                    - map.x_from_day(band.axis_break.start_day as f64);
                prop_assert!(whole <= band_px + 1e-6);
            }
            // Zooming and panning stay consistent with a mapping made from their window.
            let zoomed = map.zoomed(10.0 + width_px / 3.0, 0.7);
            let after = CompressedTimeToScreen::with_band(zoomed, 10.0, width_px, &breaks, band_px);
            check_mapping(&after)?;
        }
    }
}
