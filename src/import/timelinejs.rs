//! Knight Lab TimelineJS (JSON, or the Google Sheets template as CSV) → format v1.
//!
//! Both inputs are first read into the same [`Slide`]s, each value keeping where it was written
//! and how to name it ("`start_date.month`" in JSON, "column `Month`" in CSV); one mapping then
//! turns slides into a [`Timeline`], so JSON and CSV follow the same rules and messages.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::path::Path;

use crate::date::{Date, MAX_YEAR, MIN_YEAR, days_in_month, format_year};
use crate::diagnostic::{Problem, Severity, locate};
use crate::export::timelinejs::EXTENSION_KEY;
use crate::model::{
    Era, Event, FORMAT_VERSION, Interned, Kind, KindSelector, PolicyKind, References, Source,
    Timeline,
};
use crate::validate::is_openable_link;

use super::html::{html_to_line, html_to_text};
use super::json::{self, Spanned, Value};
use super::{ImportFailure, ImportFormat, Imported};

type Span = Range<usize>;

/// Longest generated id part taken from a headline or credit, in characters.
const MAX_SLUG_CHARS: usize = 48;
/// Longest headline quoted in a message.
const MAX_QUOTED_CHARS: usize = 60;

/// See [`super::import_timelinejs`].
pub(crate) fn import(
    bytes: &[u8],
    file_name: &str,
    format: ImportFormat,
) -> Result<Imported, ImportFailure> {
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => text,
        Err(error) => return Err(not_utf8(bytes, error.valid_up_to())),
    };
    // A byte-order mark trips serde_json and the first CSV column name. Three spaces in its place
    // keep every byte offset valid in `text`, which positions are computed on.
    let parse_text: Cow<str> = match text.strip_prefix('\u{feff}') {
        Some(rest) => Cow::Owned(format!("   {rest}")),
        None => Cow::Borrowed(text),
    };
    let read = match format {
        ImportFormat::TimelineJsJson => read_json(&parse_text),
        ImportFormat::TimelineJsCsv => read_csv(&parse_text),
    };
    let (timeline, problems) = match read {
        Ok(document) => build(document, file_stem(file_name)),
        Err(problems) => (None, problems),
    };
    let (errors, warnings): (Vec<_>, Vec<_>) = locate(text, problems)
        .into_iter()
        .partition(|d| d.severity == Severity::Error);
    match timeline {
        Some(timeline) if errors.is_empty() => Ok(Imported { timeline, warnings }),
        _ if errors.is_empty() => Err(ImportFailure {
            errors: locate(
                text,
                vec![Problem::error(
                    0..0,
                    "nothing could be imported from the file",
                )],
            ),
            warnings,
        }),
        _ => Err(ImportFailure { errors, warnings }),
    }
}

fn not_utf8(bytes: &[u8], valid_up_to: usize) -> ImportFailure {
    let prefix = std::str::from_utf8(&bytes[..valid_up_to]).unwrap_or_default();
    let bad_byte = bytes.get(valid_up_to).copied().unwrap_or_default();
    let problem = Problem::error(
        valid_up_to..valid_up_to + 1,
        format!(
            "the file is not valid UTF-8 (byte 0x{bad_byte:02x}); save or export it as UTF-8 and import it again"
        ),
    );
    ImportFailure {
        errors: locate(prefix, vec![problem]),
        warnings: Vec::new(),
    }
}

/// `dir/houston.json` → `houston`.
fn file_stem(file_name: &str) -> String {
    Path::new(file_name)
        .file_stem()
        .map(|stem| stem.to_string_lossy().into_owned())
        .filter(|stem| !stem.trim().is_empty())
        .unwrap_or_else(|| "Imported timeline".to_string())
}

// ---- what both formats are read into ---------------------------------------------------------

/// A value from the file, where it was written, and how messages name it.
#[derive(Clone, Debug)]
struct Field {
    text: String,
    span: Span,
    /// "`start_date.month`" or "column `Month`".
    name: String,
}

#[derive(Clone, Debug, Default)]
struct DateParts {
    year: Option<Field>,
    month: Option<Field>,
    day: Option<Field>,
    /// The first time-of-day part given (hour, minute…), which format v1 cannot keep.
    time: Option<Field>,
    display: Option<Field>,
}

impl DateParts {
    fn is_empty(&self) -> bool {
        self.year.is_none() && self.month.is_none() && self.day.is_none()
    }
}

#[derive(Clone, Debug, Default)]
struct Media {
    url: Option<Field>,
    credit: Option<Field>,
    caption: Option<Field>,
}

/// A TimelineJS slide: the title, an event or an era.
#[derive(Clone, Debug, Default)]
struct Slide {
    /// The slide's object or row, for messages about it as a whole.
    at: Span,
    /// How messages name the slide when it has no headline: "event 4", "the row".
    position_name: String,
    headline: Option<Field>,
    text: Option<Field>,
    display_date: Option<Field>,
    group: Option<Field>,
    unique_id: Option<Field>,
    start: DateParts,
    end: DateParts,
    media: Media,
    /// What `chronolanes export --to timelinejs` keeps for the way back (see
    /// [`crate::export::timelinejs`]).
    extension: Option<SlideExtension>,
}

/// A slide's `chronolanes` object: the exact kind, the dates in the file syntax, the summary as
/// written and the ids of the event's sources.
#[derive(Clone, Debug, Default)]
struct SlideExtension {
    kind: Option<Field>,
    date: Option<Field>,
    end: Option<Field>,
    summary: Option<String>,
    sources: Vec<String>,
}

#[derive(Debug, Default)]
struct Document {
    title: Option<Slide>,
    eras: Vec<Slide>,
    events: Vec<Slide>,
    /// The sources of the top-level `chronolanes` object (a file Chronolanes exported).
    sources: Vec<Source>,
    /// Warnings found while reading.
    problems: Vec<Problem>,
}

/// Collects what a file has that Chronolanes ignores, for one warning listing it all.
#[derive(Default)]
struct Ignored {
    names: Vec<String>,
    first: Option<Span>,
}

impl Ignored {
    fn note(&mut self, name: impl Into<String>, span: &Span) {
        let name = name.into();
        if !self.names.contains(&name) {
            self.names.push(name);
        }
        if self.first.is_none() {
            self.first = Some(span.clone());
        }
    }

    fn into_problem(self, what: &str) -> Option<Problem> {
        let span = self.first?;
        let names: Vec<String> = self.names.iter().map(|n| format!("`{n}`")).collect();
        Some(Problem::warning(
            span,
            format!(
                "ignored {what} Chronolanes has no place for: {}",
                names.join(", ")
            ),
        ))
    }
}

// ---- JSON ------------------------------------------------------------------------------------

fn read_json(text: &str) -> Result<Document, Vec<Problem>> {
    let root = json::parse(text).map_err(|error| {
        let at = error.offset;
        vec![Problem::error(
            at..at,
            format!("not valid JSON: {}", error.message),
        )]
    })?;
    let Value::Object(members) = &root.value else {
        return Err(vec![Problem::error(
            root.span.start..root.span.start,
            format!(
                "expected a TimelineJS object `{{\"events\": […]}}`, found {}",
                describe(&root.value)
            ),
        )]);
    };
    let mut reader = JsonReader::default();
    let mut document = Document::default();
    let mut events = None;
    for member in members {
        match member.key.as_str() {
            "events" => events = Some(member),
            "title" => {
                if member.value.members().is_empty() {
                    reader.ignored.note("title", &member.key_span);
                } else {
                    document.title = Some(reader.slide(&member.value, "the title slide".into()));
                }
            }
            "eras" => match &member.value.value {
                Value::Array(items) => {
                    for (index, item) in items.iter().enumerate() {
                        document
                            .eras
                            .push(reader.slide(item, format!("era {}", index + 1)));
                    }
                }
                Value::Null => {}
                other => reader.problems.push(Problem::warning(
                    member.value.span.clone(),
                    format!(
                        "`eras` should be a list, found {}; ignored",
                        describe(other)
                    ),
                )),
            },
            // The time axis scale ("human" or "cosmological"): Chronolanes has one.
            "scale" => {}
            EXTENSION_KEY => document.sources = extension_sources(&member.value),
            other => reader.ignored.note(other, &member.key_span),
        }
    }
    let Some(events) = events else {
        let message = if root.get("timeline").is_some() {
            "this looks like a TimelineJS 2 file (`timeline`, not `events`); only TimelineJS 3 JSON can be imported".to_string()
        } else {
            "no `events` list: a TimelineJS file is `{\"title\": {…}, \"events\": […]}`".to_string()
        };
        return Err(vec![Problem::error(
            root.span.start..root.span.start,
            message,
        )]);
    };
    let Value::Array(items) = &events.value.value else {
        return Err(vec![Problem::error(
            events.value.span.clone(),
            format!(
                "`events` should be a list, found {}",
                describe(&events.value.value)
            ),
        )]);
    };
    for (index, item) in items.iter().enumerate() {
        let position_name = format!("event {}", index + 1);
        if !matches!(item.value, Value::Object(_)) {
            reader.problems.push(Problem::warning(
                item.span.clone(),
                format!(
                    "{position_name} is {}, not an object; skipped",
                    describe(&item.value)
                ),
            ));
            continue;
        }
        let slide = reader.slide(item, position_name);
        if slide.start.year.is_none() {
            let quoted = quoted_headline(&slide).unwrap_or_default();
            reader.problems.push(Problem::warning(
                item.span.start..item.span.start + 1,
                format!(
                    "{}{quoted} has no `start_date.year`; skipped (TimelineJS needs one for every event)",
                    slide.position_name
                ),
            ));
            continue;
        }
        document.events.push(slide);
    }
    let JsonReader {
        mut problems,
        ignored,
    } = reader;
    problems.extend(ignored.into_problem("keys"));
    document.problems = problems;
    Ok(document)
}

/// The sources of a top-level `chronolanes` object: `{"sources": [{"id", "title", "outlet",
/// "url", "published"}]}`. A source without an id or title is left out (events citing it then
/// cite an unknown source, which loading reports).
fn extension_sources(value: &Spanned) -> Vec<Source> {
    let text = |item: &Spanned, key: &str| match item.get(key).map(|m| &m.value.value) {
        Some(Value::String(text)) => Some(text.clone()),
        _ => None,
    };
    let Some(Value::Array(items)) = value.get("sources").map(|m| &m.value.value) else {
        return Vec::new();
    };
    items
        .iter()
        .filter_map(|item| {
            Some(Source {
                id: text(item, "id")?,
                outlet: text(item, "outlet"),
                title: text(item, "title")?,
                url: text(item, "url"),
                published: text(item, "published").and_then(|d| Date::parse(&d).ok()),
                archive: None,
            })
        })
        .collect()
}

/// "a list", "a number"… for messages.
fn describe(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

#[derive(Default)]
struct JsonReader {
    problems: Vec<Problem>,
    ignored: Ignored,
}

impl JsonReader {
    fn slide(&mut self, value: &Spanned, position_name: String) -> Slide {
        let mut slide = Slide {
            at: value.span.start..value.span.start + 1,
            position_name,
            ..Slide::default()
        };
        for member in value.members() {
            let key = member.key.as_str();
            match key {
                "start_date" => slide.start = self.date(&member.value, key),
                "end_date" => slide.end = self.date(&member.value, key),
                "text" => {
                    for inner in member.value.members() {
                        let slot = match inner.key.as_str() {
                            "headline" => &mut slide.headline,
                            "text" => &mut slide.text,
                            other => {
                                self.ignored.note(format!("text.{other}"), &inner.key_span);
                                continue;
                            }
                        };
                        *slot = self.field(&inner.value, &format!("text.{}", inner.key));
                    }
                }
                "media" => {
                    for inner in member.value.members() {
                        let slot = match inner.key.as_str() {
                            "url" => &mut slide.media.url,
                            "credit" => &mut slide.media.credit,
                            "caption" => &mut slide.media.caption,
                            // Presentation details of the media, with no place in a source.
                            "thumbnail" | "alt" | "title" | "link" | "link_target" => continue,
                            other => {
                                self.ignored.note(format!("media.{other}"), &inner.key_span);
                                continue;
                            }
                        };
                        *slot = self.field(&inner.value, &format!("media.{}", inner.key));
                    }
                }
                "group" => slide.group = self.field(&member.value, key),
                "display_date" => slide.display_date = self.field(&member.value, key),
                "unique_id" => slide.unique_id = self.field(&member.value, key),
                EXTENSION_KEY => slide.extension = Some(self.extension(&member.value)),
                "background" | "autolink" => {
                    if !member.value.is_null() {
                        self.ignored.note(key, &member.key_span);
                    }
                }
                other => self.ignored.note(other, &member.key_span),
            }
        }
        slide
    }

    /// A slide's `chronolanes` object (see [`SlideExtension`]).
    fn extension(&mut self, value: &Spanned) -> SlideExtension {
        let mut extension = SlideExtension::default();
        for member in value.members() {
            let name = format!("{EXTENSION_KEY}.{}", member.key);
            match member.key.as_str() {
                "kind" => extension.kind = self.field(&member.value, &name),
                "date" => extension.date = self.field(&member.value, &name),
                "end" => extension.end = self.field(&member.value, &name),
                // As written: the summary may begin or end with spaces.
                "summary" => {
                    if let Value::String(text) = &member.value.value {
                        extension.summary = Some(text.clone());
                    }
                }
                "sources" => {
                    if let Value::Array(items) = &member.value.value {
                        extension.sources = items
                            .iter()
                            .filter_map(|item| match &item.value {
                                Value::String(id) => Some(id.clone()),
                                _ => None,
                            })
                            .collect();
                    }
                }
                _ => self.ignored.note(name, &member.key_span),
            }
        }
        extension
    }

    fn date(&mut self, value: &Spanned, key: &str) -> DateParts {
        let mut parts = DateParts::default();
        for member in value.members() {
            let name = format!("{key}.{}", member.key);
            let field = self.field(&member.value, &name);
            match member.key.as_str() {
                "year" => parts.year = field,
                "month" => parts.month = field,
                "day" => parts.day = field,
                "hour" | "minute" | "second" | "millisecond" => {
                    if parts.time.is_none() {
                        parts.time = field;
                    }
                }
                "display_date" => parts.display = field,
                // How TimelineJS formats the date for display: Chronolanes has its own.
                "format" => {}
                _ => self.ignored.note(name, &member.key_span),
            }
        }
        parts
    }

    /// A scalar as text; `None` for null and empty strings.
    fn field(&mut self, value: &Spanned, name: &str) -> Option<Field> {
        let text = match &value.value {
            Value::Null => return None,
            Value::String(text) => text.trim().to_string(),
            Value::Number(number) => number.clone(),
            Value::Bool(flag) => flag.to_string(),
            other => {
                self.problems.push(Problem::warning(
                    value.span.start..value.span.start + 1,
                    format!(
                        "`{name}` should be text, found {}; ignored",
                        describe(other)
                    ),
                ));
                return None;
            }
        };
        (!text.is_empty()).then(|| Field {
            text,
            span: value.span.clone(),
            name: format!("`{name}`"),
        })
    }
}

// ---- CSV -------------------------------------------------------------------------------------

/// The columns of the TimelineJS Google Sheets template.
const CSV_COLUMNS: &[&str] = &[
    "Year",
    "Month",
    "Day",
    "Time",
    "End Year",
    "End Month",
    "End Day",
    "End Time",
    "Display Date",
    "Headline",
    "Text",
    "Media",
    "Media Credit",
    "Media Caption",
    "Media Thumbnail",
    "Type",
    "Group",
    "Background",
    "Alt Text",
];
const REQUIRED_CSV_COLUMNS: &[&str] = &["Year", "Headline"];
/// Template columns reported when used, then ignored. `Media Thumbnail` and `Alt Text` are
/// ignored silently: they only serve the display of the media, which is a source here.
const IGNORED_CSV_COLUMNS: &[&str] = &["Background"];

fn read_csv(text: &str) -> Result<Document, Vec<Problem>> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut records = reader.records();
    let header = match records.next() {
        None => {
            return Err(vec![Problem::error(
                0..0,
                format!(
                    "the file is empty: expected the TimelineJS header row ({})",
                    CSV_COLUMNS.join(", ")
                ),
            )]);
        }
        Some(Err(error)) => return Err(vec![csv_error(&error)]),
        Some(Ok(header)) => header,
    };
    let header_at = record_start(&header);
    let mut columns: HashMap<&'static str, usize> = HashMap::new();
    let mut ignored = Ignored::default();
    for (index, name) in header.iter().enumerate() {
        let name = name.trim();
        match CSV_COLUMNS.iter().find(|c| c.eq_ignore_ascii_case(name)) {
            Some(column) => {
                columns.entry(column).or_insert(index);
            }
            None if name.is_empty() => {}
            None => ignored.note(name, &header_at),
        }
    }
    let missing: Vec<Problem> = REQUIRED_CSV_COLUMNS
        .iter()
        .filter(|column| !columns.contains_key(*column))
        .map(|column| {
            Problem::error(
                header_at.clone(),
                format!(
                    "missing column `{column}`: the first row must name the TimelineJS template's columns ({})",
                    CSV_COLUMNS.join(", ")
                ),
            )
        })
        .collect();
    if !missing.is_empty() {
        return Err(missing);
    }

    let mut document = Document::default();
    for result in records {
        let record = result.map_err(|error| vec![csv_error(&error)])?;
        if record.iter().all(|cell| cell.trim().is_empty()) {
            continue;
        }
        let at = record_start(&record);
        let cell = |column: &str| -> Option<Field> {
            let text = record.get(*columns.get(column)?)?.trim();
            (!text.is_empty()).then(|| Field {
                text: text.to_string(),
                span: at.clone(),
                name: format!("column `{column}`"),
            })
        };
        for column in IGNORED_CSV_COLUMNS {
            if cell(column).is_some() {
                ignored.note(*column, &header_at);
            }
        }
        let slide = Slide {
            at: at.clone(),
            position_name: "the row".into(),
            extension: None,
            headline: cell("Headline"),
            text: cell("Text"),
            display_date: cell("Display Date"),
            group: cell("Group"),
            unique_id: None,
            start: DateParts {
                year: cell("Year"),
                month: cell("Month"),
                day: cell("Day"),
                time: cell("Time"),
                display: None,
            },
            end: DateParts {
                year: cell("End Year"),
                month: cell("End Month"),
                day: cell("End Day"),
                time: cell("End Time"),
                display: None,
            },
            media: Media {
                url: cell("Media"),
                credit: cell("Media Credit"),
                caption: cell("Media Caption"),
            },
        };
        let row_type = cell("Type").map(|f| f.text.to_ascii_lowercase());
        match row_type.as_deref() {
            Some("title") => {
                if document.title.is_some() {
                    document.problems.push(Problem::warning(
                        at,
                        "a second row with `title` in column `Type`; only the first gives the timeline's title, this one is skipped",
                    ));
                } else {
                    document.title = Some(slide);
                }
            }
            Some("era") => document.eras.push(slide),
            _ if slide.start.year.is_none() => {
                let quoted = quoted_headline(&slide).unwrap_or_default();
                document.problems.push(Problem::warning(
                    at,
                    format!(
                        "row{quoted} skipped: column `Year` is empty (only the `title` row may leave it empty)"
                    ),
                ));
            }
            _ => document.events.push(slide),
        }
    }
    document.problems.extend(ignored.into_problem("columns"));
    Ok(document)
}

/// The byte range of a record's first byte: the physical line where the row starts.
fn record_start(record: &csv::StringRecord) -> Span {
    let start = record
        .position()
        .map_or(0, |position| usize::try_from(position.byte()).unwrap_or(0));
    start..start + 1
}

fn csv_error(error: &csv::Error) -> Problem {
    let at = error
        .position()
        .map_or(0, |position| usize::try_from(position.byte()).unwrap_or(0));
    Problem::error(at..at, format!("not a readable CSV file: {error}"))
}

// ---- slides → timeline -----------------------------------------------------------------------

/// An event before ids are given out.
struct EventDraft {
    event: Event,
    unique_id: Option<Field>,
    source: Option<SourceDraft>,
    /// The source ids of the slide's `chronolanes` object, which replace its media's source.
    source_ids: Option<Vec<String>>,
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
struct SourceDraft {
    outlet: Option<String>,
    title: String,
    url: Option<String>,
}

#[derive(Default)]
struct Builder {
    problems: Vec<Problem>,
    /// Where a time of day was first given, and how many dates gave one.
    times: Option<(Span, usize)>,
}

fn build(document: Document, file_stem: String) -> (Option<Timeline>, Vec<Problem>) {
    let mut builder = Builder {
        problems: document.problems,
        times: None,
    };
    let (title, description) = match &document.title {
        Some(slide) => (
            slide.headline.as_ref().map(|f| html_to_line(&f.text)),
            slide
                .text
                .as_ref()
                .map(|f| html_to_text(&f.text))
                .filter(|t| !t.is_empty()),
        ),
        None => (None, None),
    };
    let title = title.filter(|t| !t.is_empty()).unwrap_or(file_stem);

    let mut failed = false;
    let mut eras = Vec::new();
    for slide in &document.eras {
        match builder.era(slide) {
            Ok(Some(era)) => eras.push(era),
            Ok(None) => {}
            Err(()) => failed = true,
        }
    }
    let mut drafts = Vec::new();
    for slide in &document.events {
        match builder.event(slide) {
            Ok(Some(draft)) => drafts.push(draft),
            Ok(None) => {}
            Err(()) => failed = true,
        }
    }
    if let Some((span, count)) = builder.times.take() {
        builder.problems.push(Problem::warning(
            span,
            format!(
                "times of day are dropped: format v1 dates stop at the day ({} gave one)",
                if count == 1 {
                    "1 date".to_string()
                } else {
                    format!("{count} dates")
                }
            ),
        ));
    }
    if failed {
        return (None, builder.problems);
    }
    let (events, sources) = builder.assign_ids(drafts, document.sources);
    let timeline = Timeline {
        format: FORMAT_VERSION,
        title,
        description,
        eras,
        cartels: Vec::new(),
        people: Vec::new(),
        sources,
        events,
        stories: Vec::new(),
    };
    (Some(timeline), builder.problems)
}

impl Builder {
    fn warn(&mut self, span: &Span, message: String) {
        self.problems.push(Problem::warning(span.clone(), message));
    }

    fn error(&mut self, span: &Span, message: String) {
        self.problems.push(Problem::error(span.clone(), message));
    }

    fn era(&mut self, slide: &Slide) -> Result<Option<Era>, ()> {
        let owner = owner_name(slide, "era");
        let start = self.date(&slide.start, &owner);
        let end = self.date(&slide.end, &owner);
        let (start, end) = (start?, end?);
        let Some(start) = start else {
            self.warn(&slide.at, format!("{owner} has no start year; skipped"));
            return Ok(None);
        };
        let end = match end {
            Some(end) => end,
            None => {
                self.warn(
                    &slide.at,
                    format!("{owner} has no end date; it ends where it starts"),
                );
                start
            }
        };
        if end.last_day() < start.first_day() {
            self.warn(
                &slide.at,
                format!("{owner} ends ({end}) before it starts ({start}); skipped"),
            );
            return Ok(None);
        }
        let title = slide
            .headline
            .as_ref()
            .map(|f| html_to_line(&f.text))
            .filter(|t| !t.is_empty())
            .unwrap_or_else(|| capitalized(&slide.position_name));
        Ok(Some(Era { title, start, end }))
    }

    fn event(&mut self, slide: &Slide) -> Result<Option<EventDraft>, ()> {
        let owner = owner_name(slide, "event");
        let start = self.date(&slide.start, &owner);
        let end = self.date(&slide.end, &owner);
        let (Some(date), end) = (start?, end?) else {
            return Ok(None);
        };
        if slide.end.year.is_none() && !slide.end.is_empty() {
            let part = [&slide.end.month, &slide.end.day]
                .into_iter()
                .flatten()
                .next();
            if let Some(part) = part {
                self.warn(
                    &part.span,
                    format!(
                        "{} of {owner} has no end year; the end date is ignored",
                        part.name
                    ),
                );
            }
        }
        let end = match end {
            Some(end) if end.last_day() < date.first_day() => {
                self.warn(
                    &slide
                        .end
                        .year
                        .as_ref()
                        .map_or(slide.at.clone(), |f| f.span.clone()),
                    format!(
                        "{owner} ends ({end}) before it starts ({date}); the end date is dropped"
                    ),
                );
                None
            }
            Some(end) if end == date => None,
            other => other,
        };

        let text = slide
            .text
            .as_ref()
            .map(|f| html_to_text(&f.text))
            .filter(|t| !t.is_empty());
        let source = slide_source(&slide.media);
        let headline = slide
            .headline
            .as_ref()
            .map(|f| html_to_line(&f.text))
            .filter(|t| !t.is_empty());
        let title = match headline {
            Some(headline) => headline,
            None => {
                let (title, taken_from) = if let Some(text) = &text {
                    (
                        shorten(text.lines().next().unwrap_or_default(), 80),
                        "its text",
                    )
                } else if let Some(caption) = slide
                    .media
                    .caption
                    .as_ref()
                    .map(|f| html_to_line(&f.text))
                    .filter(|c| !c.is_empty())
                {
                    (caption, "its media caption")
                } else {
                    (format!("Untitled ({})", date.to_human()), "its date")
                };
                self.warn(
                    &slide.at,
                    format!("{owner} has no headline; it is titled “{title}” after {taken_from}"),
                );
                title
            }
        };
        let display_date = slide
            .display_date
            .as_ref()
            .or(slide.start.display.as_ref())
            .map(|f| html_to_line(&f.text))
            .filter(|d| !d.is_empty());
        let summary = match (display_date, text) {
            (Some(shown), Some(text)) => Some(format!("Shown as: {shown}\n{text}")),
            (Some(shown), None) => Some(format!("Shown as: {shown}")),
            (None, text) => text,
        };
        let group = slide
            .group
            .as_ref()
            .map(|f| html_to_line(&f.text))
            .filter(|g| !g.is_empty());
        let (kind, tags) = match group {
            Some(group) => match kind_from_group(&group) {
                Some(kind) => (kind, Vec::<Interned>::new()),
                None => (Kind::Other, vec![group.into()]),
            },
            None => (Kind::Other, Vec::new()),
        };
        let (kind, tags, date, end, summary, source_ids) = match &slide.extension {
            Some(extension) => {
                let exported = self.exported_values(extension, &owner)?;
                (
                    exported.kind.unwrap_or(kind),
                    if exported.kind.is_some() {
                        Vec::new()
                    } else {
                        tags
                    },
                    exported.date.unwrap_or(date),
                    exported.end.or(end),
                    extension.summary.clone(),
                    Some(extension.sources.clone()),
                )
            }
            None => (kind, tags, date, end, summary, None),
        };
        Ok(Some(EventDraft {
            event: Event {
                id: Box::default(),
                kind,
                date,
                end,
                title: title.into(),
                summary: summary.map(Into::into),
                place: None,
                references: References::new(
                    [] as [Interned; 0],
                    [] as [Interned; 0],
                    [] as [Interned; 0],
                    tags,
                ),
                quotes: Box::default(),
                disputed: Box::default(),
            },
            unique_id: slide.unique_id.clone(),
            source,
            source_ids,
        }))
    }

    /// The kind and dates of a slide's `chronolanes` object; a value that does not parse is an
    /// error at it (the file says it came from Chronolanes, so it was changed by hand).
    fn exported_values(
        &mut self,
        extension: &SlideExtension,
        owner: &str,
    ) -> Result<ExportedValues, ()> {
        let mut failed = false;
        let kind = match &extension.kind {
            Some(field) => match KindSelector::parse(&field.text) {
                Ok(KindSelector::Exact(kind)) => Some(kind),
                Ok(KindSelector::AnyPolicy) => Some(Kind::Policy(PolicyKind::Other)),
                Err(message) => {
                    self.error(&field.span, format!("{} of {owner}: {message}", field.name));
                    failed = true;
                    None
                }
            },
            None => None,
        };
        let mut date_of = |field: &Option<Field>| match field {
            Some(field) => match Date::parse(&field.text) {
                Ok(date) => Some(date),
                Err(error) => {
                    self.error(&field.span, format!("{} of {owner}: {error}", field.name));
                    failed = true;
                    None
                }
            },
            None => None,
        };
        let date = date_of(&extension.date);
        let end = date_of(&extension.end);
        if failed {
            return Err(());
        }
        Ok(ExportedValues { kind, date, end })
    }

    /// The date the parts give: `Ok(None)` when no year is given, `Err` when an error was
    /// recorded. Parts that cannot be kept are dropped with a warning, lowering the precision.
    fn date(&mut self, parts: &DateParts, owner: &str) -> Result<Option<Date>, ()> {
        let Some(year_field) = &parts.year else {
            return Ok(None);
        };
        let year = match parse_whole_number(&year_field.text) {
            WholeNumber::Value(year)
                if (i128::from(MIN_YEAR)..=i128::from(MAX_YEAR)).contains(&year) =>
            {
                year as i32
            }
            WholeNumber::Value(_) | WholeNumber::TooLarge => {
                self.error(
                    &year_field.span,
                    format!(
                        "year {} of {owner} is outside {MIN_YEAR}..{MAX_YEAR}, the years a Chronolanes date can hold",
                        year_field.text
                    ),
                );
                return Err(());
            }
            WholeNumber::NotANumber => {
                self.error(
                    &year_field.span,
                    format!(
                        "{} of {owner} is `{}`, not a year (a whole number such as 1963 or -43)",
                        year_field.name, year_field.text
                    ),
                );
                return Err(());
            }
        };
        let mut month = None;
        if let Some(field) = &parts.month {
            match parse_whole_number(&field.text) {
                WholeNumber::Value(m @ 1..=12) => month = Some(m as u32),
                _ => self.warn(
                    &field.span,
                    format!(
                        "{} of {owner} is `{}`, not a month 1–12; the date keeps only its year",
                        field.name, field.text
                    ),
                ),
            }
        }
        let mut day = None;
        if let Some(field) = &parts.day {
            match (month, &parts.month) {
                (Some(month), _) => match parse_whole_number(&field.text) {
                    WholeNumber::Value(d) if d >= 1 && d <= i128::from(days_in_month(year, month)) => {
                        day = Some(d as u32);
                    }
                    _ => self.warn(
                        &field.span,
                        format!(
                            "{} of {owner} is `{}`, not a day of {}-{month:02}; the date keeps only its month",
                            field.name, field.text, format_year(year)
                        ),
                    ),
                },
                (None, None) => self.warn(
                    &field.span,
                    format!(
                        "{} of {owner} is given without a month; the day is dropped",
                        field.name
                    ),
                ),
                // The month's own warning already says the date keeps only its year.
                (None, Some(_)) => {}
            }
        }
        if let Some(time) = &parts.time {
            match &mut self.times {
                Some((_, count)) => *count += 1,
                None => self.times = Some((time.span.clone(), 1)),
            }
        }
        match Date::new(year, month, day, false) {
            Some(date) => Ok(Some(date)),
            None => {
                self.error(
                    &year_field.span,
                    format!("the date of {owner} cannot be represented"),
                );
                Err(())
            }
        }
    }

    /// Gives every event a unique id and every distinct media a source.
    fn assign_ids(
        &mut self,
        drafts: Vec<EventDraft>,
        exported_sources: Vec<Source>,
    ) -> (Vec<Event>, Vec<Source>) {
        let mut event_ids = UniqueNames::default();
        // Ids written in the file come first: a generated id must never take one of them.
        let mut explicit: Vec<Option<(String, bool)>> = Vec::with_capacity(drafts.len());
        for draft in &drafts {
            let claimed = draft.unique_id.as_ref().map(|field| {
                let id = field.text.split_whitespace().collect::<Vec<_>>().join("-");
                if id != field.text {
                    self.warn(
                        &field.span,
                        format!(
                            "{} `{}` contains spaces, which ids cannot; the id is `{id}`",
                            field.name, field.text
                        ),
                    );
                }
                let first = event_ids.used.insert(id.clone());
                (id, first)
            });
            explicit.push(claimed);
        }
        let mut source_ids = UniqueNames::default();
        let mut source_by_media: HashMap<SourceDraft, String> = HashMap::new();
        // Sources a Chronolanes export listed keep their ids; media sources get others.
        for source in &exported_sources {
            source_ids.used.insert(source.id.clone());
        }
        let mut sources = exported_sources;
        let mut events = Vec::with_capacity(drafts.len());
        for (draft, claimed) in drafts.into_iter().zip(explicit) {
            let mut event = draft.event;
            let id = match (claimed, &draft.unique_id) {
                (Some((id, true)), _) => id,
                (Some((id, false)), Some(field)) => {
                    let renamed = event_ids.claim(&id);
                    self.warn(
                        &field.span,
                        format!(
                            "duplicate {} `{id}`: this event's id is `{renamed}`",
                            field.name
                        ),
                    );
                    renamed
                }
                _ => {
                    let base = format!(
                        "{}-{}",
                        slug(&event.title, "event"),
                        slug(&format_year(event.date.year()), "year")
                    );
                    event_ids.claim(&base)
                }
            };
            event.id = id.into();
            if let Some(ids) = draft.source_ids {
                let tags = event.tags().to_vec();
                event.references =
                    References::new(event.people().to_vec(), event.cartels().to_vec(), ids, tags);
            } else if let Some(media) = draft.source {
                let id = match source_by_media.get(&media) {
                    Some(id) => id.clone(),
                    None => {
                        let id = source_ids.claim(&source_id_base(&media));
                        sources.push(Source {
                            id: id.clone(),
                            outlet: media.outlet.clone(),
                            title: media.title.clone(),
                            url: media.url.clone(),
                            published: None,
                            archive: None,
                        });
                        source_by_media.insert(media, id.clone());
                        id
                    }
                };
                let tags = event.tags().to_vec();
                event.references = References::new(
                    event.people().to_vec(),
                    event.cartels().to_vec(),
                    [id],
                    tags,
                );
            }
            events.push(event);
        }
        (events, sources)
    }
}

/// What a slide's `chronolanes` object gives (see [`Builder::exported_values`]).
struct ExportedValues {
    kind: Option<Kind>,
    date: Option<Date>,
    end: Option<Date>,
}

/// Ids given out so far; a taken id gets `-2`, `-3`… appended.
#[derive(Default)]
struct UniqueNames {
    used: HashSet<String>,
}

impl UniqueNames {
    fn claim(&mut self, base: &str) -> String {
        if self.used.insert(base.to_string()) {
            return base.to_string();
        }
        let mut counter = 2usize;
        loop {
            let candidate = format!("{base}-{counter}");
            if self.used.insert(candidate.clone()) {
                return candidate;
            }
            counter += 1;
        }
    }
}

/// "event `Hawaii`", or the slide's position when it has no headline.
fn owner_name(slide: &Slide, what: &str) -> String {
    match slide
        .headline
        .as_ref()
        .map(|f| html_to_line(&f.text))
        .filter(|h| !h.is_empty())
    {
        Some(headline) => format!("{what} `{}`", shorten(&headline, MAX_QUOTED_CHARS)),
        None => slide.position_name.clone(),
    }
}

/// " (`Headline`)" for messages about a slide that is skipped.
fn quoted_headline(slide: &Slide) -> Option<String> {
    let headline = html_to_line(&slide.headline.as_ref()?.text);
    (!headline.is_empty()).then(|| format!(" (`{}`)", shorten(&headline, MAX_QUOTED_CHARS)))
}

fn capitalized(text: &str) -> String {
    let mut characters = text.chars();
    match characters.next() {
        Some(first) => first.to_uppercase().chain(characters).collect(),
        None => String::new(),
    }
}

/// At most `max` characters, cut at a word boundary when there is one, with "…" when cut.
fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let cut: String = text.chars().take(max).collect();
    let cut = match cut.rfind(' ') {
        Some(space) if space > max / 2 => &cut[..space],
        _ => &cut,
    };
    format!("{}…", cut.trim_end_matches([' ', ',', ';', ':']))
}

enum WholeNumber {
    Value(i128),
    /// Digits beyond what any calendar could mean.
    TooLarge,
    NotANumber,
}

/// `1963`, `-43`, `+5`, `05`, `1963.0`, `-1.38e10`: TimelineJS parts come as strings or numbers.
fn parse_whole_number(text: &str) -> WholeNumber {
    let text = text.trim();
    let digits = text.strip_prefix(['-', '+']).unwrap_or(text);
    if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
        return match text.parse::<i128>() {
            Ok(value) => WholeNumber::Value(value),
            Err(_) => WholeNumber::TooLarge,
        };
    }
    match text.parse::<f64>() {
        Ok(value) if value.is_finite() && value.fract() == 0.0 => {
            if value.abs() < 1e30 {
                WholeNumber::Value(value as i128)
            } else {
                WholeNumber::TooLarge
            }
        }
        _ => WholeNumber::NotANumber,
    }
}

/// The kind a TimelineJS group names, case-insensitively, singular or plural: "Arrests" →
/// `Arrest`, "Policy" → `Policy(Other)`, "policy: tariff deadline" → `Policy(TariffDeadline)`.
pub fn kind_from_group(group: &str) -> Option<Kind> {
    let key = group_key(group);
    let singular = if let Some(stem) = key.strip_suffix("ies") {
        format!("{stem}y")
    } else {
        key.strip_suffix('s').unwrap_or(&key).to_string()
    };
    Kind::ALL.into_iter().find(|&kind| {
        let mut names = vec![group_key(&kind.cli_name()), group_key(&kind.label())];
        if kind == Kind::Policy(PolicyKind::Other) {
            names.push("policy".into());
        }
        names.iter().any(|name| *name == key || *name == singular)
    })
}

/// Lowercase words joined by `-`, `policy : law` → `policy:law`.
fn group_key(text: &str) -> String {
    text.to_lowercase()
        .split(|c: char| c.is_whitespace() || c == '_' || c == '-')
        .filter(|word| !word.is_empty())
        .collect::<Vec<_>>()
        .join("-")
        .replace("-:", ":")
        .replace(":-", ":")
}

/// The source a slide's media gives, if it gives anything.
fn slide_source(media: &Media) -> Option<SourceDraft> {
    let raw_url = media.url.as_ref().map_or("", |f| f.text.trim());
    let credit = media
        .credit
        .as_ref()
        .map(|f| html_to_line(&f.text))
        .unwrap_or_default();
    let caption = media
        .caption
        .as_ref()
        .map(|f| html_to_line(&f.text))
        .unwrap_or_default();
    if raw_url.is_empty() && credit.is_empty() && caption.is_empty() {
        return None;
    }
    // Protocol-relative URLs (`//host/path`) are how TimelineJS examples link media.
    let absolute = match raw_url.strip_prefix("//") {
        Some(rest) => format!("https://{rest}"),
        None => raw_url.to_string(),
    };
    let lower = absolute.to_ascii_lowercase();
    let url = ((lower.starts_with("http://") || lower.starts_with("https://"))
        && is_openable_link(&absolute)
        && !absolute.contains(char::is_whitespace))
    .then(|| absolute.clone());
    // The media may be an embed (`<blockquote>…`, `<iframe …>`): its text, if any, names it.
    let url_as_text = if raw_url.contains('<') {
        html_to_line(raw_url)
    } else {
        absolute
    };
    let title = [caption, credit.clone(), url_as_text]
        .into_iter()
        .find(|t| !t.is_empty())
        .unwrap_or_else(|| "Embedded media".to_string());
    Some(SourceDraft {
        outlet: (!credit.is_empty()).then_some(credit),
        title,
        url,
    })
}

/// A readable id for a source: its outlet, else its web site, else its title.
fn source_id_base(source: &SourceDraft) -> String {
    let host = source.url.as_deref().and_then(|url| {
        let rest = url.split_once("://")?.1;
        let host = rest.split(['/', '?', '#']).next()?;
        Some(host.strip_prefix("www.").unwrap_or(host).to_string())
    });
    [
        source.outlet.as_deref(),
        host.as_deref(),
        Some(source.title.as_str()),
    ]
    .into_iter()
    .flatten()
    .map(|text| slug(text, ""))
    .find(|slug| !slug.is_empty())
    .unwrap_or_else(|| "source".to_string())
}

/// Lowercase letters and digits joined by `-`, accents folded (`Rózsa Péter's` →
/// `rozsa-peters`), at most [`MAX_SLUG_CHARS`] characters; `fallback` when nothing is left.
pub fn slug(text: &str, fallback: &str) -> String {
    let mut out = String::new();
    let mut dash_pending = false;
    for character in text.chars() {
        // Apostrophes join: "Houston's" → "houstons", not "houston-s".
        if matches!(character, '\'' | '’' | '‘') {
            continue;
        }
        let folded = fold_accent(character);
        for c in folded.chars() {
            if c.is_alphanumeric() {
                if dash_pending && !out.is_empty() {
                    out.push('-');
                }
                dash_pending = false;
                out.extend(c.to_lowercase());
            } else {
                dash_pending = true;
            }
        }
    }
    if out.chars().count() > MAX_SLUG_CHARS {
        let cut: String = out.chars().take(MAX_SLUG_CHARS).collect();
        out = match cut.rfind('-') {
            Some(dash) if dash > MAX_SLUG_CHARS / 2 => cut[..dash].to_string(),
            _ => cut.trim_end_matches('-').to_string(),
        };
    }
    if out.is_empty() {
        fallback.to_string()
    } else {
        out
    }
}

/// Latin letters with accents → their base letters, so ids stay easy to type.
fn fold_accent(character: char) -> Cow<'static, str> {
    let base = match character {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ą' => "a",
        'À' | 'Á' | 'Â' | 'Ã' | 'Ä' | 'Å' | 'Ā' | 'Ą' => "a",
        'æ' | 'Æ' => "ae",
        'ç' | 'ć' | 'č' | 'Ç' | 'Ć' | 'Č' => "c",
        'ď' | 'đ' | 'Ď' | 'Đ' | 'ð' | 'Ð' => "d",
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ę' | 'ě' => "e",
        'È' | 'É' | 'Ê' | 'Ë' | 'Ē' | 'Ę' | 'Ě' => "e",
        'ğ' | 'Ğ' => "g",
        'ì' | 'í' | 'î' | 'ï' | 'ī' | 'ı' | 'Ì' | 'Í' | 'Î' | 'Ï' | 'Ī' | 'İ' => "i",
        'ł' | 'Ł' | 'ľ' | 'Ľ' => "l",
        'ñ' | 'ń' | 'ň' | 'Ñ' | 'Ń' | 'Ň' => "n",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ő' => "o",
        'Ò' | 'Ó' | 'Ô' | 'Õ' | 'Ö' | 'Ø' | 'Ō' | 'Ő' => "o",
        'œ' | 'Œ' => "oe",
        'ř' | 'Ř' => "r",
        'ś' | 'š' | 'ş' | 'Ś' | 'Š' | 'Ş' => "s",
        'ß' => "ss",
        'ť' | 'Ť' | 'ţ' | 'Ţ' => "t",
        'þ' | 'Þ' => "th",
        'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' | 'ű' => "u",
        'Ù' | 'Ú' | 'Û' | 'Ü' | 'Ū' | 'Ů' | 'Ű' => "u",
        'ý' | 'ÿ' | 'Ý' | 'Ÿ' => "y",
        'ź' | 'ż' | 'ž' | 'Ź' | 'Ż' | 'Ž' => "z",
        other => return Cow::Owned(other.to_string()),
    };
    Cow::Borrowed(base)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::date::Precision;
    use crate::diagnostic::Diagnostic;
    use crate::model::PolicyKind;

    fn json(text: &str) -> Result<Imported, ImportFailure> {
        import(
            text.as_bytes(),
            "dir/sample.json",
            ImportFormat::TimelineJsJson,
        )
    }

    fn csv(text: &str) -> Result<Imported, ImportFailure> {
        import(text.as_bytes(), "sheet.csv", ImportFormat::TimelineJsCsv)
    }

    /// A JSON file with one event given as the JSON of its members.
    fn one_event(members: &str) -> String {
        format!("{{\"events\": [{{{members}}}]}}")
    }

    fn imported(result: Result<Imported, ImportFailure>) -> Imported {
        match result {
            Ok(imported) => imported,
            Err(failure) => panic!("import failed: {:?}", failure.diagnostics()),
        }
    }

    fn lines(diagnostics: &[Diagnostic]) -> Vec<String> {
        diagnostics.iter().map(|d| d.one_line("f")).collect()
    }

    fn first_event(members: &str) -> (Event, Vec<String>) {
        let imported = imported(json(&one_event(members)));
        let warnings = lines(&imported.warnings);
        (imported.timeline.events[0].clone(), warnings)
    }

    #[test]
    fn precision_follows_the_parts_given_as_strings_or_numbers() {
        let cases = [
            (r#""year": "1963""#, "1963", Precision::Year),
            (r#""year": 1963, "month": 8"#, "1963-08", Precision::Month),
            (
                r#""year": "1963", "month": "08", "day": "9""#,
                "1963-08-09",
                Precision::Day,
            ),
            (
                r#""year": 1963.0, "month": "", "day": null"#,
                "1963",
                Precision::Year,
            ),
            (r#""year": "-43""#, "-0043", Precision::Year),
            (
                r#""year": -43, "month": 3, "day": 15"#,
                "-0043-03-15",
                Precision::Day,
            ),
        ];
        for (parts, expected, precision) in cases {
            let (event, warnings) = first_event(&format!(
                r#""start_date": {{{parts}}}, "text": {{"headline": "H"}}"#
            ));
            assert_eq!(event.date.to_file_syntax(), expected, "{parts}");
            assert_eq!(event.date.precision(), precision, "{parts}");
            assert!(warnings.is_empty(), "{parts}: {warnings:?}");
        }
    }

    #[test]
    fn times_are_dropped_with_one_warning_for_the_whole_file() {
        let text = r#"{"events": [
  {"start_date": {"year": 2000, "month": 1, "day": 5, "hour": "6", "minute": "45"}, "text": {"headline": "A"}},
  {"start_date": {"year": 2001, "hour": 7}, "end_date": {"year": 2002, "second": 1}, "text": {"headline": "B"}},
  {"start_date": {"year": 2003, "hour": ""}, "text": {"headline": "C"}}
]}"#;
        let imported = imported(json(text));
        assert_eq!(
            lines(&imported.warnings),
            [
                "f:2:63: warning: times of day are dropped: format v1 dates stop at the day (3 dates gave one)"
            ]
        );
        assert_eq!(
            imported.timeline.events[0].date.to_file_syntax(),
            "2000-01-05"
        );
    }

    #[test]
    fn a_year_out_of_range_is_an_error_naming_the_headline() {
        let text = "{\"events\": [\n {\"start_date\": {\"year\": \"-13800000000\"}, \"text\": {\"headline\": \"The Big Bang\"}},\n {\"start_date\": {\"year\": 10000}, \"text\": {\"headline\": \"Far <i>future</i>\"}}\n]}";
        let failure = json(text).unwrap_err();
        assert_eq!(
            lines(&failure.errors),
            [
                "f:2:26: error: year -13800000000 of event `The Big Bang` is outside -9999..9999, the years a Chronolanes date can hold",
                "f:3:26: error: year 10000 of event `Far future` is outside -9999..9999, the years a Chronolanes date can hold",
            ]
        );
        let failure = json(&one_event(
            r#""start_date": {"year": "99999999999999999999999999999999999999999"}"#,
        ))
        .unwrap_err();
        assert!(failure.errors[0].message.contains("is outside -9999..9999"));
    }

    #[test]
    fn a_year_that_is_not_a_number_is_an_error() {
        let failure = json(&one_event(
            r#""start_date": {"year": "c. 1900"}, "text": {"headline": "Old"}"#,
        ))
        .unwrap_err();
        assert_eq!(
            failure.errors[0].message,
            "`start_date.year` of event `Old` is `c. 1900`, not a year (a whole number such as 1963 or -43)"
        );
    }

    #[test]
    fn impossible_months_and_days_lower_the_precision_with_a_warning() {
        let (event, warnings) = first_event(
            r#""start_date": {"year": 1990, "month": 13, "day": 1}, "text": {"headline": "M"}"#,
        );
        assert_eq!(event.date.to_file_syntax(), "1990");
        assert_eq!(
            warnings,
            [
                "f:1:52: warning: `start_date.month` of event `M` is `13`, not a month 1–12; the date keeps only its year"
            ]
        );
        let (event, warnings) = first_event(
            r#""start_date": {"year": 2023, "month": 2, "day": 29}, "text": {"headline": "D"}"#,
        );
        assert_eq!(event.date.to_file_syntax(), "2023-02");
        assert!(warnings[0].contains("`29`, not a day of 2023-02; the date keeps only its month"));
        let (event, warnings) = first_event(r#""start_date": {"year": 2023, "day": 3}"#);
        assert_eq!(event.date.to_file_syntax(), "2023");
        assert!(
            warnings
                .iter()
                .any(|w| w.contains("`start_date.day` of event 1 is given without a month"))
        );
    }

    #[test]
    fn end_dates_make_spans_and_a_backwards_end_is_dropped() {
        let (event, warnings) = first_event(
            r#""start_date": {"year": 602}, "end_date": {"year": "629"}, "text": {"headline": "War"}"#,
        );
        assert_eq!(
            event.end.map(|d| d.to_file_syntax()).as_deref(),
            Some("0629")
        );
        assert!(warnings.is_empty());
        let (event, warnings) = first_event(
            r#""start_date": {"year": 1990}, "end_date": {"year": 1980}, "text": {"headline": "Back"}"#,
        );
        assert_eq!(event.end, None);
        assert!(
            warnings[0].contains(
                "event `Back` ends (1980) before it starts (1990); the end date is dropped"
            )
        );
        let (event, _) = first_event(
            r#""start_date": {"year": 1990}, "end_date": {"year": 1990}, "text": {"headline": "Same"}"#,
        );
        assert_eq!(event.end, None, "an end equal to the start adds nothing");
    }

    #[test]
    fn headline_and_text_become_plain_text_and_display_date_leads_the_summary() {
        let (event, _) = first_event(
            r#""start_date": {"year": 1963}, "display_date": "Summer &amp; fall 1963",
               "text": {"headline": "Caf&eacute;<br/> opening", "text": "<p>First &lt;p&gt;.</p><p>Second   line</p>"}"#,
        );
        assert_eq!(&*event.title, "Café opening");
        assert_eq!(
            event.summary.as_deref(),
            Some("Shown as: Summer & fall 1963\nFirst <p>.\nSecond line")
        );
        let (event, _) = first_event(
            r#""start_date": {"year": 1963, "display_date": "c. 1963"}, "text": {"headline": "H"}"#,
        );
        assert_eq!(event.summary.as_deref(), Some("Shown as: c. 1963"));
    }

    #[test]
    fn an_event_without_headline_is_titled_from_its_text_or_media() {
        let (event, warnings) = first_event(
            r#""start_date": {"year": 1900}, "text": {"headline": "", "text": "<p>Born in Florida.</p><p>More.</p>"}"#,
        );
        assert_eq!(&*event.title, "Born in Florida.");
        assert_eq!(
            warnings,
            [
                "f:1:13: warning: event 1 has no headline; it is titled “Born in Florida.” after its text"
            ]
        );
        let (event, _) = first_event(
            r#""start_date": {"year": 1900}, "media": {"url": "https://x.org/v", "caption": "a tweet"}"#,
        );
        assert_eq!(&*event.title, "a tweet");
        let (event, _) = first_event(r#""start_date": {"year": 1900, "month": 2}"#);
        assert_eq!(&*event.title, "Untitled (Feb 1900)");
    }

    #[test]
    fn groups_name_kinds_case_insensitively_singular_or_plural() {
        let cases = [
            ("Arrests", Some(Kind::Arrest)),
            ("arrest", Some(Kind::Arrest)),
            ("extradition", Some(Kind::Extradition)),
            ("EXTRADITIONS", Some(Kind::Extradition)),
            ("Court", Some(Kind::Court)),
            ("courts", Some(Kind::Court)),
            ("Violence", Some(Kind::Violence)),
            ("Releases", Some(Kind::Release)),
            ("escape", Some(Kind::Escape)),
            ("Policy", Some(Kind::Policy(PolicyKind::Other))),
            ("policies", Some(Kind::Policy(PolicyKind::Other))),
            (
                "Policy: tariff deadlines",
                Some(Kind::Policy(PolicyKind::TariffDeadline)),
            ),
            (
                "policy:fto-designation",
                Some(Kind::Policy(PolicyKind::FtoDesignation)),
            ),
            ("Policy : Law", Some(Kind::Policy(PolicyKind::Law))),
            ("Other", Some(Kind::Other)),
            ("Early life", None),
            ("Arrested", None),
            ("Law", None),
        ];
        for (group, kind) in cases {
            assert_eq!(kind_from_group(group), kind, "{group}");
        }
    }

    #[test]
    fn other_groups_become_tags() {
        let (event, _) = first_event(
            r#""start_date": {"year": 1}, "group": "Arrests", "text": {"headline": "A"}"#,
        );
        assert_eq!((event.kind, event.tags().len()), (Kind::Arrest, 0));
        let (event, _) = first_event(
            r#""start_date": {"year": 1}, "group": " Early life ", "text": {"headline": "A"}"#,
        );
        assert_eq!(event.kind, Kind::Other);
        assert_eq!(event.tags(), ["Early life"]);
        let (event, _) = first_event(r#""start_date": {"year": 1}, "text": {"headline": "A"}"#);
        assert_eq!((event.kind, event.tags().len()), (Kind::Other, 0));
    }

    #[test]
    fn ids_come_from_unique_id_or_headline_and_year_and_never_repeat() {
        let text = r#"{"events": [
  {"start_date": {"year": 1978}, "text": {"headline": "Houston's First Recording!"}},
  {"start_date": {"year": 1978}, "text": {"headline": "Houston's First Recording!"}},
  {"start_date": {"year": -43}, "text": {"headline": "Ides of March"}},
  {"start_date": {"year": 1}, "unique_id": "chosen"},
  {"start_date": {"year": 2}, "unique_id": "chosen"},
  {"start_date": {"year": 3}, "unique_id": "two words"},
  {"start_date": {"year": 1990}, "text": {"headline": "Chosen"}},
  {"start_date": {"year": 1990}, "text": {"headline": "Rózsa Péter"}, "unique_id": ""}
]}"#;
        let imported = imported(json(text));
        let ids: Vec<&str> = imported.timeline.events.iter().map(|e| &*e.id).collect();
        assert_eq!(
            ids,
            [
                "houstons-first-recording-1978",
                "houstons-first-recording-1978-2",
                "ides-of-march-44-bc",
                "chosen",
                "chosen-2",
                "two-words",
                "chosen-1990",
                "rozsa-peter-1990",
            ]
        );
        let warnings = lines(&imported.warnings);
        assert!(
            warnings.contains(
                &"f:6:44: warning: duplicate `unique_id` `chosen`: this event's id is `chosen-2`"
                    .to_string()
            ),
            "{warnings:?}"
        );
        assert!(warnings.contains(&"f:7:44: warning: `unique_id` `two words` contains spaces, which ids cannot; the id is `two-words`".to_string()), "{warnings:?}");
    }

    #[test]
    fn slugs_are_short_lowercase_and_folded() {
        assert_eq!(
            slug("Whitney Houston<br/> 1963-2012", "x"),
            "whitney-houston-br-1963-2012"
        );
        assert_eq!(
            slug("Karen Spärck Jones — “search”", "x"),
            "karen-sparck-jones-search"
        );
        assert_eq!(slug("!!!", "event"), "event");
        assert_eq!(slug("東京 2020", "x"), "東京-2020");
        let long = slug(&"word ".repeat(40), "x");
        assert!(
            long.chars().count() <= MAX_SLUG_CHARS && !long.ends_with('-'),
            "{long}"
        );
    }

    #[test]
    fn media_becomes_one_cited_source_per_distinct_media() {
        let text = r#"{"events": [
  {"start_date": {"year": 1}, "text": {"headline": "A"},
   "media": {"url": "//www.flickr.com/photos/x/", "credit": "flickr/<a href='http://f.com/u'>tm&amp;co</a>", "caption": "A <b>photo</b>"}},
  {"start_date": {"year": 2}, "text": {"headline": "B"},
   "media": {"url": "//www.flickr.com/photos/x/", "credit": "flickr/<a href='http://f.com/u'>tm&amp;co</a>", "caption": "A <b>photo</b>"}},
  {"start_date": {"year": 3}, "text": {"headline": "C"}, "media": {"url": "/static/img/family.jpg", "caption": "Family"}},
  {"start_date": {"year": 4}, "text": {"headline": "D"}, "media": {"url": "https://youtu.be/abc", "caption": "", "credit": "Arista"}},
  {"start_date": {"year": 5}, "text": {"headline": "E"}, "media": {"url": "javascript:alert(1)"}},
  {"start_date": {"year": 6}, "text": {"headline": "F"}, "media": {"url": "", "caption": "", "credit": null}},
  {"start_date": {"year": 7}, "text": {"headline": "G"}, "media": {"url": "<blockquote>Quote <cite>Someone</cite></blockquote>"}}
]}"#;
        let timeline = imported(json(text)).timeline;
        let sources: Vec<(&str, Option<&str>, &str, Option<&str>)> = timeline
            .sources
            .iter()
            .map(|s| {
                (
                    s.id.as_str(),
                    s.outlet.as_deref(),
                    s.title.as_str(),
                    s.url.as_deref(),
                )
            })
            .collect();
        assert_eq!(
            sources,
            [
                (
                    "flickr-tm-co",
                    Some("flickr/tm&co"),
                    "A photo",
                    Some("https://www.flickr.com/photos/x/")
                ),
                ("family", None, "Family", None),
                (
                    "arista",
                    Some("Arista"),
                    "Arista",
                    Some("https://youtu.be/abc")
                ),
                ("javascript-alert-1", None, "javascript:alert(1)", None),
                ("quote-someone", None, "Quote Someone", None),
            ]
        );
        let cited: Vec<Box<[crate::model::Interned]>> =
            timeline.events.iter().map(|e| e.sources().into()).collect();
        assert_eq!(cited[0], cited[1], "the same media is one source");
        assert!(cited[5].is_empty(), "an empty media is ignored");
    }

    #[test]
    fn title_slide_gives_title_and_description_or_the_file_name_does() {
        let text = r#"{"title": {"text": {"headline": "Whitney Houston<br/> 1963 - 2012", "text": "<p>Her voice.</p>"}}, "events": []}"#;
        let timeline = imported(json(text)).timeline;
        assert_eq!(&*timeline.title, "Whitney Houston 1963 - 2012");
        assert_eq!(timeline.description.as_deref(), Some("Her voice."));
        let timeline = imported(json(r#"{"events": []}"#)).timeline;
        assert_eq!(&*timeline.title, "sample");
        assert_eq!(timeline.description, None);
    }

    #[test]
    fn eras_keep_their_headlines_and_dates() {
        let text = r#"{"eras": [
  {"start_date": {"year": 650}, "end_date": {"year": 700}, "text": {"headline": "Late"}},
  {"start_date": {"year": 700}, "text": {"headline": "Open"}},
  {"start_date": {"year": 700}, "end_date": {"year": 600}},
  {"end_date": {"year": 600}}
], "events": []}"#;
        let imported = imported(json(text));
        let eras: Vec<(String, String, String)> = imported
            .timeline
            .eras
            .iter()
            .map(|e| {
                (
                    e.title.clone(),
                    e.start.to_file_syntax(),
                    e.end.to_file_syntax(),
                )
            })
            .collect();
        assert_eq!(
            eras,
            [
                ("Late".to_string(), "0650".to_string(), "0700".to_string()),
                ("Open".to_string(), "0700".to_string(), "0700".to_string()),
            ]
        );
        let warnings = lines(&imported.warnings);
        assert_eq!(warnings.len(), 3, "{warnings:?}");
        assert!(warnings[0].ends_with("era `Open` has no end date; it ends where it starts"));
        assert!(warnings[1].ends_with("era 3 ends (0600) before it starts (0700); skipped"));
        assert!(warnings[2].ends_with("era 4 has no start year; skipped"));
    }

    #[test]
    fn ignored_keys_are_listed_in_one_warning() {
        let text = r##"{"scale": "human", "events": [
  {"start_date": {"year": 1, "thumbnail": ""}, "background": {"color": "#000"}, "location": {}, "text": {"headline": "A"}},
  {"start_date": {"year": 2}, "background": {"color": "#000"}, "autolink": false, "type": "x", "text": {"headline": "B"}}
]}"##;
        assert_eq!(
            lines(&imported(json(text)).warnings),
            [
                "f:2:30: warning: ignored keys Chronolanes has no place for: `start_date.thumbnail`, `background`, `location`, `autolink`, `type`"
            ]
        );
    }

    #[test]
    fn events_without_a_start_year_are_skipped_with_a_warning() {
        let text =
            r#"{"events": [{"text": {"headline": "No date"}}, {"start_date": {"year": 5}}, 7]}"#;
        let imported = imported(json(text));
        assert_eq!(imported.timeline.events.len(), 1);
        assert_eq!(
            lines(&imported.warnings)[..2],
            [
                "f:1:13: warning: event 1 (`No date`) has no `start_date.year`; skipped (TimelineJS needs one for every event)",
                "f:1:48: warning: event 2 has no headline; it is titled “Untitled (5)” after its date",
            ]
        );
        assert!(
            lines(&imported.warnings)[2].ends_with("event 3 is a number, not an object; skipped")
        );
    }

    #[test]
    fn files_that_are_not_timelinejs_json_fail_with_a_position() {
        let failure = json("{\n  \"events\": [\n    {\"a\": 1,}\n  ]\n}").unwrap_err();
        assert_eq!(
            lines(&failure.errors),
            ["f:3:13: error: not valid JSON: key must be a string"]
        );
        let failure = json("[1, 2]").unwrap_err();
        assert!(
            failure.errors[0]
                .message
                .contains("expected a TimelineJS object")
        );
        let failure = json(r#"{"title": {}}"#).unwrap_err();
        assert!(failure.errors[0].message.starts_with("no `events` list"));
        let failure = json(r#"{"timeline": {"date": []}}"#).unwrap_err();
        assert!(failure.errors[0].message.contains("TimelineJS 2"));
        let failure = json(r#"{"events": {}}"#).unwrap_err();
        assert_eq!(
            lines(&failure.errors),
            ["f:1:12: error: `events` should be a list, found an object"]
        );
        let failure = json("").unwrap_err();
        assert!(failure.errors[0].message.starts_with("not valid JSON"));
    }

    #[test]
    fn invalid_utf8_and_a_byte_order_mark() {
        let failure = import(
            b"{\"events\": [\xff]}",
            "x.json",
            ImportFormat::TimelineJsJson,
        )
        .unwrap_err();
        assert!(
            lines(&failure.errors)[0].starts_with("f:1:13: error: the file is not valid UTF-8")
        );
        let with_bom = "\u{feff}{\"events\": [{\"start_date\": {\"year\": 1}, \"text\": {\"headline\": \"A\"}}]}";
        assert_eq!(imported(json(with_bom)).timeline.events.len(), 1);
        let with_bom = "\u{feff}Year,Headline\n1999,A\n";
        assert_eq!(imported(csv(with_bom)).timeline.events.len(), 1);
    }

    const CSV_HEADER: &str = "Year,Month,Day,Time,End Year,End Month,End Day,End Time,Display Date,Headline,Text,Media,Media Credit,Media Caption,Media Thumbnail,Type,Group,Background";

    #[test]
    fn csv_rows_map_like_json_slides() {
        let text = format!(
            "{CSV_HEADER}\n\
             ,,,,,,,,,My <i>title</i>,\"<p class=\"\"lead\"\">About.</p>\",,,,,title,,\n\
             1815,12,10,,1852,11,27,,,Ada,\"Line one\nline two, \"\"quoted\"\"\",//x.org/a.jpg,Wiki,,,,Arrests,\n\
             1940,,,,1945,,,,,War years,,,,,,era,,\n\
             1943,7,,10:00,1946,,,,Mid-1943,ENIAC,,,,,,,Computing,\n"
        );
        let imported = imported(csv(&text));
        let timeline = &imported.timeline;
        assert_eq!(&*timeline.title, "My title");
        assert_eq!(timeline.description.as_deref(), Some("About."));
        assert_eq!(timeline.eras.len(), 1);
        assert_eq!(&*timeline.eras[0].title, "War years");
        let ada = &timeline.events[0];
        assert_eq!(
            (
                ada.date.to_file_syntax(),
                ada.end.map(|d| d.to_file_syntax())
            ),
            ("1815-12-10".into(), Some("1852-11-27".into()))
        );
        assert_eq!(
            ada.summary.as_deref(),
            Some("Line one line two, \"quoted\"")
        );
        assert_eq!(ada.kind, Kind::Arrest);
        assert_eq!(
            timeline.sources[0].url.as_deref(),
            Some("https://x.org/a.jpg")
        );
        let eniac = &timeline.events[1];
        assert_eq!(eniac.date.to_file_syntax(), "1943-07");
        assert_eq!(eniac.summary.as_deref(), Some("Shown as: Mid-1943"));
        assert_eq!(eniac.tags(), ["Computing"]);
        assert_eq!(
            lines(&imported.warnings),
            [
                "f:6:1: warning: times of day are dropped: format v1 dates stop at the day (1 date gave one)"
            ]
        );
    }

    #[test]
    fn csv_columns_are_found_by_name_in_any_order() {
        let text = "headline , Notes,YEAR,Month,Alt Text,Background\n\"Moon, landing\",x,1969,7,alt,#000\n";
        let imported = imported(csv(text));
        assert_eq!(&*imported.timeline.events[0].title, "Moon, landing");
        assert_eq!(imported.timeline.events[0].date.to_file_syntax(), "1969-07");
        assert_eq!(
            lines(&imported.warnings),
            ["f:1:1: warning: ignored columns Chronolanes has no place for: `Notes`, `Background`"]
        );
    }

    #[test]
    fn a_missing_required_column_is_an_error_naming_it() {
        let failure = csv("Month,Day,Headline\n1,2,A\n").unwrap_err();
        assert_eq!(failure.errors.len(), 1);
        assert!(
            failure.errors[0]
                .one_line("f")
                .starts_with("f:1:1: error: missing column `Year`"),
            "{:?}",
            failure.errors
        );
        let failure = csv("Year\n1\n").unwrap_err();
        assert!(
            failure.errors[0]
                .message
                .starts_with("missing column `Headline`")
        );
        let failure = csv("").unwrap_err();
        assert!(failure.errors[0].message.starts_with("the file is empty"));
    }

    #[test]
    fn csv_rows_without_year_are_skipped_with_their_physical_line() {
        let text = "Year,Headline,Text\n1999,A,\"two\nlines\"\n,No year,\n,,\n2000,B,\n";
        let imported = imported(csv(text));
        assert_eq!(imported.timeline.events.len(), 2);
        assert_eq!(
            lines(&imported.warnings),
            [
                "f:4:1: warning: row (`No year`) skipped: column `Year` is empty (only the `title` row may leave it empty)"
            ]
        );
    }

    #[test]
    fn csv_messages_name_the_column() {
        let text = "Year,Month,Headline\n1999,13,A\n";
        assert_eq!(
            lines(&imported(csv(text)).warnings),
            [
                "f:2:1: warning: column `Month` of event `A` is `13`, not a month 1–12; the date keeps only its year"
            ]
        );
        let failure = csv("Year,Headline\n12000,Far\n").unwrap_err();
        assert_eq!(
            lines(&failure.errors),
            [
                "f:2:1: error: year 12000 of event `Far` is outside -9999..9999, the years a Chronolanes date can hold"
            ]
        );
    }

    #[test]
    fn whole_numbers_from_strings_and_numbers() {
        assert!(matches!(parse_whole_number("05"), WholeNumber::Value(5)));
        assert!(matches!(parse_whole_number("+5"), WholeNumber::Value(5)));
        assert!(matches!(
            parse_whole_number("-1.38e10"),
            WholeNumber::Value(-13_800_000_000)
        ));
        assert!(matches!(parse_whole_number("1.5"), WholeNumber::NotANumber));
        assert!(matches!(parse_whole_number("NaN"), WholeNumber::NotANumber));
        assert!(matches!(parse_whole_number("1e300"), WholeNumber::TooLarge));
    }
}
