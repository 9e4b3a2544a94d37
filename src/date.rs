//! Dates with precision: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, optionally circa (`~`).
//!
//! A [`Date`] is a *period*, not an instant: `1985` means "some time in 1985". Its first and last
//! day (as day numbers in the proleptic Gregorian calendar, astronomical years, so `-0043` is
//! 44 BC) are what sorting, overlap tests and drawing use; the precision is kept so that display and
//! export never invent detail the source did not give.

use std::cmp::Ordering;
use std::fmt;

/// Smallest and largest year the format allows.
pub const MIN_YEAR: i32 = -9999;
pub const MAX_YEAR: i32 = 9999;

const MONTH_SHORT_NAMES: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// How much of a date is known.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Precision {
    Year,
    Month,
    Day,
}

/// A calendar period at year, month or day precision, possibly approximate ("circa").
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Date {
    year: i16,
    /// 1–12, or 0 at year precision.
    month: u8,
    /// 1–31, or 0 at year or month precision.
    day: u8,
    circa: bool,
}

/// Why a date string was rejected. The message is meant for users, and names the text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DateError(pub String);

impl fmt::Display for DateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for DateError {}

impl Date {
    /// A year-precision date. `None` outside -9999..=9999.
    pub fn from_year(year: i32) -> Option<Date> {
        Self::new(year, None, None, false)
    }

    /// Builds a date from its parts, checking ranges and the length of the month.
    pub fn new(year: i32, month: Option<u32>, day: Option<u32>, circa: bool) -> Option<Date> {
        if !(MIN_YEAR..=MAX_YEAR).contains(&year) {
            return None;
        }
        let month = match month {
            None => 0,
            Some(m @ 1..=12) => m,
            Some(_) => return None,
        };
        let day = match (month, day) {
            (_, None) => 0,
            (0, Some(_)) => return None,
            (m, Some(d)) if d >= 1 && d <= days_in_month(year, m) => d,
            _ => return None,
        };
        Some(Date {
            year: year as i16,
            month: month as u8,
            day: day as u8,
            circa,
        })
    }

    /// Parses the file syntax: `[~]YYYY[-MM[-DD]]`, with an optional `-` before the year.
    pub fn parse(text: &str) -> Result<Date, DateError> {
        let shape_error = || {
            DateError(format!(
                "`{text}` is not a date: expected YYYY, YYYY-MM or YYYY-MM-DD (optionally ~ for circa)"
            ))
        };
        if text.trim().is_empty() {
            return Err(DateError(
                "empty date: expected YYYY, YYYY-MM or YYYY-MM-DD".into(),
            ));
        }
        let (circa, rest) = match text.strip_prefix('~') {
            Some(rest) => (true, rest),
            None => (false, text),
        };
        let (negative, rest) = match rest.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, rest),
        };
        let mut parts = rest.split('-');
        let year_text = parts.next().unwrap_or_default();
        let month_text = parts.next();
        let day_text = parts.next();
        if parts.next().is_some() {
            return Err(shape_error());
        }
        let digits = |part: &str, len: usize| -> Option<u32> {
            if part.len() == len && part.bytes().all(|b| b.is_ascii_digit()) {
                part.parse().ok()
            } else {
                None
            }
        };
        let year = digits(year_text, 4).ok_or_else(shape_error)? as i32;
        let year = if negative { -year } else { year };
        let month = match month_text {
            None => None,
            Some(m) => Some(digits(m, 2).ok_or_else(shape_error)?),
        };
        let day = match day_text {
            None => None,
            Some(d) => Some(digits(d, 2).ok_or_else(shape_error)?),
        };
        if let Some(m) = month
            && !(1..=12).contains(&m)
        {
            return Err(DateError(format!(
                "`{text}` is not a date: month {m:02} is outside 01–12"
            )));
        }
        if let (Some(m), Some(d)) = (month, day) {
            let length = days_in_month(year, m);
            if d < 1 || d > length {
                return Err(DateError(format!(
                    "`{text}` is not a date: {} {} has {length} days",
                    month_long_name(m),
                    format_year(year)
                )));
            }
        }
        Date::new(year, month, day, circa).ok_or_else(shape_error)
    }

    pub fn year(self) -> i32 {
        i32::from(self.year)
    }

    pub fn month(self) -> Option<u32> {
        (self.month != 0).then_some(u32::from(self.month))
    }

    pub fn day(self) -> Option<u32> {
        (self.day != 0).then_some(u32::from(self.day))
    }

    pub fn is_circa(self) -> bool {
        self.circa
    }

    pub fn precision(self) -> Precision {
        match (self.month, self.day) {
            (0, _) => Precision::Year,
            (_, 0) => Precision::Month,
            _ => Precision::Day,
        }
    }

    /// The first day of the period, as a day number (days since 1970-01-01).
    pub fn first_day(self) -> i64 {
        days_from_civil(
            self.year(),
            self.month().unwrap_or(1),
            self.day().unwrap_or(1),
        )
    }

    /// The last day of the period (inclusive), as a day number.
    pub fn last_day(self) -> i64 {
        let month = self.month().unwrap_or(12);
        let day = self
            .day()
            .unwrap_or_else(|| days_in_month(self.year(), month));
        days_from_civil(self.year(), month, day)
    }

    /// The same period without the circa mark.
    pub fn exact(self) -> Date {
        Date {
            circa: false,
            ..self
        }
    }

    /// The date in the file syntax (`~-0043-03`); parsing it gives the same date back.
    pub fn to_file_syntax(self) -> String {
        let mut out = String::with_capacity(12);
        if self.circa {
            out.push('~');
        }
        if self.year < 0 {
            out.push('-');
        }
        out.push_str(&format!("{:04}", self.year.unsigned_abs()));
        if let Some(month) = self.month() {
            out.push_str(&format!("-{month:02}"));
        }
        if let Some(day) = self.day() {
            out.push_str(&format!("-{day:02}"));
        }
        out
    }

    /// The date for people, at its precision: "27 Feb 2025", "Feb 2025", "2013", "c. 1985", "44 BC".
    pub fn to_human(self) -> String {
        let mut out = String::new();
        if self.circa {
            out.push_str("c. ");
        }
        if let Some(day) = self.day() {
            out.push_str(&format!("{day} "));
        }
        if let Some(month) = self.month() {
            out.push_str(month_short_name(month));
            out.push(' ');
        }
        out.push_str(&format_year(self.year()));
        out
    }

    /// The first day of a period as a day-precision date.
    pub fn from_day_number(day_number: i64) -> Date {
        let (year, month, day) = civil_from_days(day_number);
        Date {
            year: year.clamp(MIN_YEAR, MAX_YEAR) as i16,
            month: month as u8,
            day: day as u8,
            circa: false,
        }
    }
}

/// A stretch of time written `FROM..TO` (`2013..2025`, `2025-02..2025-03-15`): from FROM's first
/// day to TO's last, inclusive. The one syntax of `--window` and of a story step's `window`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct DateRange {
    pub from: Date,
    pub to: Date,
}

impl DateRange {
    /// Parses `FROM..TO`; the message names the text and says what is wrong.
    pub fn parse(text: &str) -> Result<DateRange, String> {
        let (from, to) = text
            .split_once("..")
            .ok_or_else(|| format!("`{text}` is not a range: write FROM..TO, as in 2013..2025"))?;
        let from = Date::parse(from.trim()).map_err(|error| error.to_string())?;
        let to = Date::parse(to.trim()).map_err(|error| error.to_string())?;
        if to.last_day() < from.first_day() {
            return Err(format!("`{text}`: the range ends before it starts"));
        }
        Ok(DateRange { from, to })
    }

    /// The first day of FROM.
    pub fn first_day(self) -> i64 {
        self.from.first_day()
    }

    /// The last day of TO (inclusive).
    pub fn last_day(self) -> i64 {
        self.to.last_day()
    }
}

impl fmt::Display for DateRange {
    /// `FROM..TO` in the file syntax; [`DateRange::parse`] reads it back.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}..{}", self.from, self.to)
    }
}

impl serde::Serialize for DateRange {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.to_string())
    }
}

/// "1985 – 2013"; a missing or identical end gives the start alone.
pub fn format_period(start: Date, end: Option<Date>) -> String {
    match end {
        Some(end) if end != start => format!("{} – {}", start.to_human(), end.to_human()),
        _ => start.to_human(),
    }
}

impl Ord for Date {
    /// By period start, then period end (the shorter period first), then exact before circa.
    fn cmp(&self, other: &Self) -> Ordering {
        self.first_day()
            .cmp(&other.first_day())
            .then_with(|| self.last_day().cmp(&other.last_day()))
            .then_with(|| self.circa.cmp(&other.circa))
    }
}

impl PartialOrd for Date {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_file_syntax())
    }
}

impl std::str::FromStr for Date {
    type Err = DateError;
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Date::parse(text)
    }
}

impl serde::Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.to_file_syntax())
    }
}

/// "1985", "44 BC" (astronomical year 0 is 1 BC).
pub fn format_year(year: i32) -> String {
    if year >= 1 {
        year.to_string()
    } else {
        format!("{} BC", 1 - year)
    }
}

pub fn month_short_name(month: u32) -> &'static str {
    MONTH_SHORT_NAMES
        .get((month as usize).wrapping_sub(1))
        .copied()
        .unwrap_or("?")
}

fn month_long_name(month: u32) -> &'static str {
    const NAMES: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    NAMES
        .get((month as usize).wrapping_sub(1))
        .copied()
        .unwrap_or("?")
}

pub fn is_leap_year(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

pub fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap_year(year) => 29,
        2 => 28,
        _ => 0,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm; any year).
pub fn days_from_civil(year: i32, month: u32, day: u32) -> i64 {
    let year = i64::from(year) - i64::from(month <= 2);
    let era = year.div_euclid(400);
    let year_of_era = year.rem_euclid(400);
    let month_from_march = (i64::from(month) + 9) % 12;
    let day_of_year = (153 * month_from_march + 2) / 5 + i64::from(day) - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// The inverse of [`days_from_civil`]: (year, month, day).
pub fn civil_from_days(day_number: i64) -> (i32, u32, u32) {
    let z = day_number + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z.rem_euclid(146_097);
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_from_march = (5 * day_of_year + 2) / 153;
    let day = (day_of_year - (153 * month_from_march + 2) / 5 + 1) as u32;
    let month = if month_from_march < 10 {
        month_from_march + 3
    } else {
        month_from_march - 9
    } as u32;
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (
        year.clamp(i64::from(i32::MIN), i64::from(i32::MAX)) as i32,
        month,
        day,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> Date {
        Date::parse(text).unwrap()
    }

    #[test]
    fn parses_each_precision_and_circa() {
        assert_eq!(date("1985").precision(), Precision::Year);
        assert_eq!(date("2025-03").precision(), Precision::Month);
        assert_eq!(date("2025-02-27").precision(), Precision::Day);
        assert!(date("~1985").is_circa());
        assert!(!date("1985").is_circa());
        assert_eq!(date("-0043").year(), -43);
    }

    #[test]
    fn rejects_malformed_and_impossible_dates() {
        for bad in [
            "",
            "   ",
            "Feb 2025",
            "2025-13",
            "2025-00",
            "2025-02-30",
            "2023-02-29",
            "85",
            "1985-1-2",
            "1985-01-02-03",
            "~",
            "+1985",
            "1985-02-00",
            "10000",
            "1985 ",
        ] {
            assert!(Date::parse(bad).is_err(), "{bad:?} should be rejected");
        }
        assert!(
            Date::parse("2025-02-30")
                .unwrap_err()
                .0
                .contains("February 2025 has 28 days")
        );
        assert!(Date::parse("2025-13").unwrap_err().0.contains("month 13"));
    }

    #[test]
    fn leap_years_follow_the_gregorian_rules() {
        assert!(Date::parse("2024-02-29").is_ok());
        assert!(Date::parse("2000-02-29").is_ok());
        assert!(Date::parse("1900-02-29").is_err());
        // Astronomical year 0 (1 BC) and -4 (5 BC) are leap years in the proleptic calendar.
        assert!(Date::parse("0000-02-29").is_ok());
        assert!(Date::parse("-0004-02-29").is_ok());
        assert!(Date::parse("-0001-02-29").is_err());
    }

    #[test]
    fn a_period_spans_its_whole_precision() {
        let year = date("1985");
        assert_eq!(year.first_day(), date("1985-01-01").first_day());
        assert_eq!(year.last_day(), date("1985-12-31").first_day());
        let february = date("2024-02");
        assert_eq!(february.last_day() - february.first_day(), 28);
        assert_eq!(date("1970-01-01").first_day(), 0);
    }

    #[test]
    fn day_numbers_round_trip_across_eras() {
        for day_number in (-4_000_000..4_000_000).step_by(997) {
            let (y, m, d) = civil_from_days(day_number);
            assert_eq!(days_from_civil(y, m, d), day_number);
        }
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(
            days_from_civil(2000, 3, 1) - days_from_civil(2000, 2, 28),
            2
        );
    }

    #[test]
    fn orders_by_period_start() {
        let mut dates = [
            date("2025-02-27"),
            date("1985"),
            date("2025-02"),
            date("-0043-03-15"),
            date("1985-02-07"),
        ];
        dates.sort();
        let texts: Vec<String> = dates.iter().map(|d| d.to_file_syntax()).collect();
        assert_eq!(
            texts,
            ["-0043-03-15", "1985", "1985-02-07", "2025-02", "2025-02-27"]
        );
    }

    #[test]
    fn formats_for_people_at_their_precision() {
        assert_eq!(date("2025-02-27").to_human(), "27 Feb 2025");
        assert_eq!(date("2025-02").to_human(), "Feb 2025");
        assert_eq!(date("2013").to_human(), "2013");
        assert_eq!(date("~1985").to_human(), "c. 1985");
        assert_eq!(date("-0043").to_human(), "44 BC");
        assert_eq!(date("0000").to_human(), "1 BC");
        assert_eq!(
            format_period(date("1985"), Some(date("2013"))),
            "1985 – 2013"
        );
        assert_eq!(format_period(date("1985"), None), "1985");
    }

    #[test]
    fn file_syntax_round_trips() {
        for text in [
            "1985",
            "~2025-02",
            "-0043-03-15",
            "0001-01-01",
            "9999-12-31",
            "-9999",
        ] {
            assert_eq!(date(text).to_file_syntax(), text);
        }
    }
}
