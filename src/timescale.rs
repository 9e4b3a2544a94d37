//! The time axis: a pure mapping between day numbers and screen x, and calendar ticks that adapt
//! to the zoom (centuries … days) with labels like "1985", "Mar 2025", "27 Feb 2025".
//!
//! Time is measured in days (f64, days since 1970-01-01), so every calendar date is an exact
//! integer and the mapping keeps precision across the whole -9999..9999 range.

use crate::date::{civil_from_days, days_from_civil, format_year, month_short_name};

/// Narrowest view: one day across.
pub const MIN_WINDOW_DAYS: f64 = 1.0;
/// Widest view: 2000 years across.
pub const MAX_WINDOW_DAYS: f64 = 2000.0 * 365.2425;

/// A visible span of time, `start_day < end_day`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct TimeWindow {
    pub start_day: f64,
    pub end_day: f64,
}

impl TimeWindow {
    pub fn new(start_day: f64, end_day: f64) -> Self {
        TimeWindow { start_day, end_day }
    }

    /// The days of `range`: from its first day to the end of its last.
    pub fn of_range(range: crate::date::DateRange) -> Self {
        TimeWindow::new(range.first_day() as f64, range.last_day() as f64 + 1.0)
    }

    pub fn width_days(&self) -> f64 {
        self.end_day - self.start_day
    }

    pub fn center_day(&self) -> f64 {
        (self.start_day + self.end_day) / 2.0
    }

    /// The same window with its width clamped to [`MIN_WINDOW_DAYS`, `MAX_WINDOW_DAYS`],
    /// keeping its centre.
    pub fn clamped(&self) -> TimeWindow {
        let width = self.width_days();
        let clamped = if width.is_finite() {
            width.clamp(MIN_WINDOW_DAYS, MAX_WINDOW_DAYS)
        } else {
            MAX_WINDOW_DAYS
        };
        let center = if self.center_day().is_finite() {
            self.center_day()
        } else {
            0.0
        };
        TimeWindow::new(center - clamped / 2.0, center + clamped / 2.0)
    }

    /// A window showing days `first..=last` (inclusive day numbers) with a margin on each side,
    /// so that markers at the edges are not cut; clamped.
    pub fn fitting(first_day: i64, last_day: i64) -> TimeWindow {
        let start = first_day as f64;
        let end = last_day as f64 + 1.0;
        let margin = ((end - start) * 0.05).max(1.0);
        let window = TimeWindow::new(start - margin, end + margin);
        if window.width_days() < 30.0 {
            // A single day or a few: show a month around them, so neighbours are in context.
            let center = window.center_day();
            return TimeWindow::new(center - 15.0, center + 15.0);
        }
        window.clamped()
    }

    /// A window `width_days` wide centred on `center_day`, clamped.
    pub fn centered(center_day: f64, width_days: f64) -> TimeWindow {
        let half = width_days / 2.0;
        TimeWindow::new(center_day - half, center_day + half).clamped()
    }

    /// A window centred on days `first..=last` (inclusive day numbers) that shows `margin` times
    /// the range's length on each side of it, and is at least `min_width_days` wide; clamped.
    /// Zooming to an event uses it: a margin of 1 puts the event in the middle third.
    pub fn around_days(first_day: i64, last_day: i64, margin: f64, min_width_days: f64) -> Self {
        let length = day_range_length(first_day, last_day);
        let width = (length * (1.0 + 2.0 * margin)).max(min_width_days);
        TimeWindow::centered(day_range_center(first_day, last_day), width)
    }

    /// Zoomed by `factor` around `anchor_day`: below 1 zooms in, above 1 zooms out, and the
    /// anchor keeps its place in the window (the day under the pointer stays under the pointer).
    /// The width stays within [`MIN_WINDOW_DAYS`, `MAX_WINDOW_DAYS`]; at a limit the anchor
    /// still keeps its place, the zoom just stops.
    pub fn zoomed_around(&self, anchor_day: f64, factor: f64) -> TimeWindow {
        let width = self.width_days();
        if !(factor.is_finite() && factor > 0.0 && anchor_day.is_finite() && width > 0.0) {
            return self.clamped();
        }
        let new_width = (width * factor).clamp(MIN_WINDOW_DAYS, MAX_WINDOW_DAYS);
        // The factor actually applied once the width is clamped; scaling both sides' distances
        // to the anchor by it keeps the anchor's fraction of the width.
        let applied = new_width / width;
        TimeWindow::new(
            anchor_day - (anchor_day - self.start_day) * applied,
            anchor_day + (self.end_day - anchor_day) * applied,
        )
    }

    /// The same window moved later by `days` (earlier when negative).
    pub fn shifted(&self, days: f64) -> TimeWindow {
        TimeWindow::new(self.start_day + days, self.end_day + days)
    }

    /// This window when days `first..=last` are inside it with a tenth of its width to spare on
    /// each side; otherwise the same width centred on them (a pan, never a zoom), so that
    /// stepping through events keeps the zoom the user chose.
    pub fn panned_to_show(&self, first_day: i64, last_day: i64) -> TimeWindow {
        let margin = self.width_days() * 0.1;
        let (start, end) = (first_day as f64, last_day as f64 + 1.0);
        if start >= self.start_day + margin && end <= self.end_day - margin {
            return *self;
        }
        let center = day_range_center(first_day, last_day);
        let half = self.width_days() / 2.0;
        TimeWindow::new(center - half, center + half)
    }

    /// The window `fraction` of the way from this one to `to` (0 is this, 1 is `to`), edge by
    /// edge: the presentation's glide from one event to the next.
    pub fn interpolated(&self, to: TimeWindow, fraction: f64) -> TimeWindow {
        let lerp = |from: f64, to: f64| from + (to - from) * fraction;
        TimeWindow::new(
            lerp(self.start_day, to.start_day),
            lerp(self.end_day, to.end_day),
        )
    }
}

/// The middle of days `first..=last` (inclusive day numbers): a day covers `[day, day + 1)`, so
/// the range ends at `last + 1`.
pub fn day_range_center(first_day: i64, last_day: i64) -> f64 {
    (first_day as f64 + last_day as f64 + 1.0) / 2.0
}

/// How many days `first..=last` covers (inclusive day numbers).
fn day_range_length(first_day: i64, last_day: i64) -> f64 {
    last_day as f64 - first_day as f64 + 1.0
}

/// Maps days to screen x for one window drawn into `[left_px, left_px + width_px]`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct TimeToScreen {
    pub window: TimeWindow,
    pub left_px: f64,
    pub width_px: f64,
}

impl TimeToScreen {
    pub fn new(window: TimeWindow, left_px: f64, width_px: f64) -> Self {
        TimeToScreen {
            window,
            left_px,
            width_px: width_px.max(1.0),
        }
    }

    pub fn px_per_day(&self) -> f64 {
        self.width_px / self.window.width_days().max(f64::MIN_POSITIVE)
    }

    pub fn x_from_day(&self, day: f64) -> f64 {
        self.left_px + (day - self.window.start_day) * self.px_per_day()
    }

    pub fn day_from_x(&self, x: f64) -> f64 {
        self.window.start_day + (x - self.left_px) / self.px_per_day()
    }

    /// The window after the picture is dragged `delta_px` to the right (left when negative): the
    /// day that was drawn at x is then drawn at x + `delta_px`. The width does not change.
    pub fn panned_by_px(&self, delta_px: f64) -> TimeWindow {
        self.window.shifted(-delta_px / self.px_per_day())
    }

    /// The window zoomed by `factor` around the day drawn at `x_px`, which stays at `x_px`
    /// (see [`TimeWindow::zoomed_around`]).
    pub fn zoomed_around_x(&self, x_px: f64, factor: f64) -> TimeWindow {
        self.window.zoomed_around(self.day_from_x(x_px), factor)
    }
}

/// How far apart ticks are, in calendar units.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TickStep {
    Years(u32),
    Months(u32),
    Weeks,
    Days,
}

impl TickStep {
    /// From coarse to fine.
    const ALL: [TickStep; 15] = [
        TickStep::Years(1000),
        TickStep::Years(500),
        TickStep::Years(200),
        TickStep::Years(100),
        TickStep::Years(50),
        TickStep::Years(20),
        TickStep::Years(10),
        TickStep::Years(5),
        TickStep::Years(2),
        TickStep::Years(1),
        TickStep::Months(6),
        TickStep::Months(3),
        TickStep::Months(1),
        TickStep::Weeks,
        TickStep::Days,
    ];

    /// Average length in days, for spacing decisions.
    pub fn approx_days(self) -> f64 {
        match self {
            TickStep::Years(n) => f64::from(n) * 365.2425,
            TickStep::Months(n) => f64::from(n) * 30.436875,
            TickStep::Weeks => 7.0,
            TickStep::Days => 1.0,
        }
    }

    /// Widest label this step produces, in characters ("27 Feb 2025" is 11).
    fn label_chars(self) -> f64 {
        match self {
            TickStep::Years(_) => 7.0,
            TickStep::Months(_) => 8.0,
            TickStep::Weeks | TickStep::Days => 11.0,
        }
    }

    /// The step a tick spacing (in days) came from: lets an axis formatter that only sees the
    /// spacing pick the matching label style.
    pub fn from_approx_days(days: f64) -> TickStep {
        TickStep::ALL
            .into_iter()
            .min_by(|a, b| {
                let da = (a.approx_days() - days).abs();
                let db = (b.approx_days() - days).abs();
                da.total_cmp(&db)
            })
            .unwrap_or(TickStep::Years(1))
    }
}

/// One labelled position on the axis.
#[derive(Clone, Debug, PartialEq)]
pub struct Tick {
    pub day: f64,
    pub label: String,
}

/// The label of a tick at `day` for a step: "1985" for years, "Mar 2025" for months and
/// quarters, "27 Feb 2025" for weeks and days.
pub fn tick_label(day: f64, step: TickStep) -> String {
    let (year, month, day_of_month) = civil_from_days(day.round() as i64);
    match step {
        TickStep::Years(_) => format_year(year),
        TickStep::Months(_) => format!("{} {}", month_short_name(month), format_year(year)),
        TickStep::Weeks | TickStep::Days => format!(
            "{day_of_month} {} {}",
            month_short_name(month),
            format_year(year)
        ),
    }
}

/// The finest step whose labels do not crowd each other at this zoom.
pub fn choose_step(window: TimeWindow, width_px: f64, char_width_px: f64) -> TickStep {
    let px_per_day = width_px / window.width_days().max(f64::MIN_POSITIVE);
    TickStep::ALL
        .into_iter()
        .rev()
        .find(|step| {
            let needed_px = step.label_chars() * char_width_px + 2.0 * char_width_px;
            step.approx_days() * px_per_day >= needed_px
        })
        .unwrap_or(TickStep::Years(1000))
}

/// Ticks inside the window at calendar boundaries of `step`.
pub fn ticks(window: TimeWindow, step: TickStep) -> Vec<Tick> {
    // A window wider than the clamp never reaches here from the UI; guard anyway so a bad
    // window cannot produce millions of ticks.
    let max_ticks = 400;
    let start = window.start_day.floor().max(-4_000_000.0) as i64;
    let end = window.end_day.ceil().min(4_000_000.0) as i64;
    let mut days = Vec::new();
    match step {
        TickStep::Years(n) => {
            let n = i64::from(n.max(1));
            let (first_year, _, _) = civil_from_days(start);
            let mut year = (i64::from(first_year)).div_euclid(n) * n;
            while days.len() < max_ticks {
                let day = days_from_civil(year as i32, 1, 1);
                if day > end {
                    break;
                }
                days.push(day);
                year += n;
            }
        }
        TickStep::Months(n) => {
            let n = i64::from(n.max(1));
            let (first_year, first_month, _) = civil_from_days(start);
            let mut month_index =
                (i64::from(first_year) * 12 + i64::from(first_month) - 1).div_euclid(n) * n;
            while days.len() < max_ticks {
                let year = month_index.div_euclid(12) as i32;
                let month = month_index.rem_euclid(12) as u32 + 1;
                let day = days_from_civil(year, month, 1);
                if day > end {
                    break;
                }
                days.push(day);
                month_index += n;
            }
        }
        TickStep::Weeks => {
            // Mondays: day 0 (1970-01-01) was a Thursday.
            let mut day = start - (start - 4).rem_euclid(7);
            while day <= end && days.len() < max_ticks {
                days.push(day);
                day += 7;
            }
        }
        TickStep::Days => {
            let mut day = start;
            while day <= end && days.len() < max_ticks {
                days.push(day);
                day += 1;
            }
        }
    }
    days.into_iter()
        .map(|day| day as f64)
        .filter(|&day| day >= window.start_day && day <= window.end_day)
        .map(|day| Tick {
            day,
            label: tick_label(day, step),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::date::Date;

    fn day(text: &str) -> f64 {
        Date::parse(text).unwrap().first_day() as f64
    }

    fn labels(from: &str, to: &str, width_px: f64) -> Vec<String> {
        let window = TimeWindow::new(day(from), day(to));
        let step = choose_step(window, width_px, 7.0);
        ticks(window, step).into_iter().map(|t| t.label).collect()
    }

    #[test]
    fn mapping_round_trips() {
        let map = TimeToScreen::new(
            TimeWindow::new(day("1985-01-01"), day("2025-01-01")),
            100.0,
            800.0,
        );
        assert_eq!(map.x_from_day(day("1985-01-01")), 100.0);
        assert_eq!(map.x_from_day(day("2025-01-01")), 900.0);
        for x in [100.0, 333.3, 899.0] {
            assert!((map.x_from_day(map.day_from_x(x)) - x).abs() < 1e-6);
        }
    }

    #[test]
    fn centuries_for_millennia() {
        assert_eq!(
            labels("0001-01-01", "2000-01-01", 2500.0),
            [
                "100", "200", "300", "400", "500", "600", "700", "800", "900", "1000", "1100",
                "1200", "1300", "1400", "1500", "1600", "1700", "1800", "1900", "2000"
            ]
        );
    }

    #[test]
    fn decades_then_years() {
        assert_eq!(
            labels("1980-06-01", "2025-06-01", 1000.0),
            [
                "1985", "1990", "1995", "2000", "2005", "2010", "2015", "2020", "2025"
            ]
        );
        assert_eq!(
            labels("1985-06-01", "1990-06-01", 400.0),
            ["1986", "1987", "1988", "1989", "1990"]
        );
    }

    #[test]
    fn quarters_months_weeks_days() {
        assert_eq!(
            labels("2024-01-15", "2025-01-15", 600.0),
            ["Apr 2024", "Jul 2024", "Oct 2024", "Jan 2025"]
        );
        assert_eq!(
            labels("2024-12-15", "2025-04-15", 1000.0),
            ["Jan 2025", "Feb 2025", "Mar 2025", "Apr 2025"]
        );
        assert_eq!(
            labels("2025-02-01", "2025-03-01", 700.0),
            ["3 Feb 2025", "10 Feb 2025", "17 Feb 2025", "24 Feb 2025"]
        );
        assert_eq!(
            labels("2025-02-25", "2025-03-01", 800.0),
            [
                "25 Feb 2025",
                "26 Feb 2025",
                "27 Feb 2025",
                "28 Feb 2025",
                "1 Mar 2025"
            ]
        );
    }

    #[test]
    fn bc_years_are_labelled_bc() {
        assert_eq!(
            labels("-0100-01-01", "0001-01-01", 500.0),
            ["101 BC", "81 BC", "61 BC", "41 BC", "21 BC", "1 BC"]
        );
        assert_eq!(
            tick_label(day("-0043-03-15"), TickStep::Days),
            "15 Mar 44 BC"
        );
    }

    #[test]
    fn window_is_clamped_between_a_day_and_2000_years() {
        let tiny = TimeWindow::new(10.0, 10.1).clamped();
        assert!((tiny.width_days() - MIN_WINDOW_DAYS).abs() < 1e-9);
        assert!((tiny.center_day() - 10.05).abs() < 1e-9);
        let huge = TimeWindow::new(-3_000_000.0, 3_000_000.0).clamped();
        assert!((huge.width_days() - MAX_WINDOW_DAYS).abs() < 1e-6);
        let fit = TimeWindow::fitting(100, 100);
        assert!(fit.start_day < 100.0 && fit.end_day > 101.0 && fit.width_days() <= 31.0);
    }

    /// The bundled timeline's span drawn 1200 px wide from x = 150.
    fn map_1985_to_2025() -> TimeToScreen {
        TimeToScreen::new(
            TimeWindow::new(day("1985-01-01"), day("2025-06-01")),
            150.0,
            1200.0,
        )
    }

    #[test]
    fn day_to_x_to_day_round_trips() {
        let map = map_1985_to_2025();
        for text in ["1985-01-01", "2000-02-29", "2025-02-27"] {
            let d = day(text);
            assert!(
                (map.day_from_x(map.x_from_day(d)) - d).abs() < 1e-6,
                "{text}"
            );
        }
    }

    #[test]
    fn zooming_keeps_the_day_under_the_pointer_at_the_pointer() {
        let map = map_1985_to_2025();
        for (x, factor) in [(150.0, 0.5), (400.0, 0.2), (1111.0, 3.0), (1350.0, 0.9)] {
            let day_under_pointer = map.day_from_x(x);
            let zoomed = map.zoomed_around_x(x, factor);
            assert!(
                (zoomed.width_days() - map.window.width_days() * factor).abs() < 1e-6,
                "zoom by {factor}"
            );
            let after = TimeToScreen::new(zoomed, map.left_px, map.width_px);
            assert!(
                (after.x_from_day(day_under_pointer) - x).abs() < 1e-6,
                "x {x}, factor {factor}: {zoomed:?}"
            );
        }
    }

    #[test]
    fn zoom_stops_at_a_day_and_at_2000_years_with_the_pointer_day_in_place() {
        let map = map_1985_to_2025();
        let x = 500.0;
        let anchor = map.day_from_x(x);
        let mut window = map.window;
        for _ in 0..100 {
            window = window.zoomed_around(anchor, 0.5);
        }
        assert!(
            (window.width_days() - MIN_WINDOW_DAYS).abs() < 1e-9,
            "{window:?}"
        );
        let fraction = (anchor - window.start_day) / window.width_days();
        assert!((fraction - (x - 150.0) / 1200.0).abs() < 1e-6);
        for _ in 0..100 {
            window = window.zoomed_around(anchor, 2.0);
        }
        assert!(
            (window.width_days() - MAX_WINDOW_DAYS).abs() < 1e-6,
            "{window:?}"
        );
        let fraction = (anchor - window.start_day) / window.width_days();
        assert!((fraction - (x - 150.0) / 1200.0).abs() < 1e-6);
        // A factor that makes no sense changes nothing.
        for factor in [0.0, -1.0, f64::NAN, f64::INFINITY] {
            assert_eq!(window.zoomed_around(anchor, factor), window);
        }
    }

    #[test]
    fn panning_by_pixels_moves_every_day_by_that_many_pixels() {
        let map = map_1985_to_2025();
        for delta_px in [-300.0, 1.0, 42.5] {
            let panned = map.panned_by_px(delta_px);
            assert!((panned.width_days() - map.window.width_days()).abs() < 1e-9);
            let after = TimeToScreen::new(panned, map.left_px, map.width_px);
            for text in ["1990-01-01", "2025-02-27"] {
                let d = day(text);
                assert!(
                    (after.x_from_day(d) - (map.x_from_day(d) + delta_px)).abs() < 1e-6,
                    "{text} by {delta_px} px"
                );
            }
        }
    }

    #[test]
    fn centring_puts_the_days_in_the_middle_with_their_margin() {
        // 27 Feb 2025, a single day, zoomed to as the app does: at least 60 days across.
        let d = day("2025-02-27") as i64;
        let window = TimeWindow::around_days(d, d, 1.0, 60.0);
        assert_eq!(window.center_day(), d as f64 + 0.5);
        assert_eq!(window.width_days(), 60.0);
        // A 100-day span with a margin of its own length each side: it fills the middle third.
        let (first, last) = (d, d + 99);
        let window = TimeWindow::around_days(first, last, 1.0, 60.0);
        assert_eq!(window.center_day(), day_range_center(first, last));
        assert_eq!(window.width_days(), 300.0);
        assert_eq!(window.start_day, first as f64 - 100.0);
        assert_eq!(window.end_day, last as f64 + 1.0 + 100.0);
    }

    #[test]
    fn panning_to_show_keeps_a_shown_range_and_centres_a_hidden_one() {
        let window = TimeWindow::new(day("2020-01-01"), day("2021-01-01"));
        let inside = day("2020-06-01") as i64;
        assert_eq!(window.panned_to_show(inside, inside + 3), window);
        // Near the edge (inside the 10 % margin) or off screen: same width, range in the middle.
        for first in [day("2020-01-10") as i64, day("2023-05-05") as i64] {
            let moved = window.panned_to_show(first, first + 3);
            assert!((moved.width_days() - window.width_days()).abs() < 1e-9);
            assert!((moved.center_day() - day_range_center(first, first + 3)).abs() < 1e-9);
        }
    }

    #[test]
    fn fitting_shows_the_whole_range_with_a_margin() {
        let (first, last) = (day("1985-02-07") as i64, day("2025-02-27") as i64);
        let fit = TimeWindow::fitting(first, last);
        let length = (last - first + 1) as f64;
        assert!((fit.start_day - (first as f64 - length * 0.05)).abs() < 1e-9);
        assert!((fit.end_day - (last as f64 + 1.0 + length * 0.05)).abs() < 1e-9);
    }

    #[test]
    fn interpolation_goes_edge_by_edge_from_one_window_to_the_other() {
        let from = TimeWindow::new(0.0, 100.0);
        let to = TimeWindow::new(1000.0, 1010.0);
        assert_eq!(from.interpolated(to, 0.0), from);
        assert_eq!(from.interpolated(to, 1.0), to);
        assert_eq!(from.interpolated(to, 0.5), TimeWindow::new(500.0, 555.0));
    }

    #[test]
    fn step_recovered_from_spacing() {
        for step in TickStep::ALL {
            assert_eq!(TickStep::from_approx_days(step.approx_days()), step);
        }
    }
}
