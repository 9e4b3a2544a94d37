//! The reports of `chronolanes diff`: a terminal table, JSON, and a Markdown table for reviews.

use std::fmt::Write as _;

use serde::Serialize;

use crate::diff::{
    Change, ChangeCounts, EntityChange, EventChange, Field, FieldChange, TimelineDiff, Value,
};
use crate::export::events::markdown_cell;

/// The output formats of `chronolanes diff --format`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum DiffFormat {
    Table,
    Json,
    Markdown,
}

/// Writes `diff` in `format`.
pub fn write_diff(diff: &TimelineDiff, format: DiffFormat) -> String {
    match format {
        DiffFormat::Table => table(diff),
        DiffFormat::Json => json(diff),
        DiffFormat::Markdown => markdown(diff),
    }
}

/// "4 events: 2 changed, 1 added, 1 removed; 1 entry: 1 changed", or "no differences".
pub fn summary(diff: &TimelineDiff) -> String {
    if diff.is_empty() {
        return "no differences".into();
    }
    let describe = |counts: ChangeCounts, singular: &str, plural: &str| {
        let parts: Vec<String> = [
            (counts.changed, "changed"),
            (counts.added, "added"),
            (counts.removed, "removed"),
        ]
        .into_iter()
        .filter(|(count, _)| *count > 0)
        .map(|(count, what)| format!("{count} {what}"))
        .collect();
        let total = counts.total();
        let noun = if total == 1 { singular } else { plural };
        format!("{total} {noun}: {}", parts.join(", "))
    };
    let mut sections = Vec::new();
    if !diff.events.is_empty() {
        sections.push(describe(diff.event_counts(), "event", "events"));
    }
    if !diff.entities.is_empty() {
        sections.push(describe(diff.entity_counts(), "entry", "entries"));
    }
    sections.join("; ")
}

// ---- JSON -------------------------------------------------------------------------------------

#[derive(Serialize)]
struct JsonReport<'d> {
    events: Vec<JsonRecord<'d>>,
    entities: Vec<JsonRecord<'d>>,
}

/// One event (no `kind`) or one entry.
#[derive(Serialize)]
struct JsonRecord<'d> {
    #[serde(skip_serializing_if = "Option::is_none")]
    kind: Option<&'static str>,
    id: &'d str,
    change: &'static str,
    fields: Vec<JsonField<'d>>,
}

#[derive(Serialize)]
struct JsonField<'d> {
    field: &'static str,
    /// `null` when absent.
    old: Option<JsonValue<'d>>,
    new: Option<JsonValue<'d>>,
}

/// A string, or an array of strings.
#[derive(Serialize)]
#[serde(untagged)]
enum JsonValue<'d> {
    Text(&'d str),
    List(&'d [String]),
}

fn json_value(value: &Value) -> Option<JsonValue<'_>> {
    match value {
        Value::Absent => None,
        Value::Text(text) => Some(JsonValue::Text(text)),
        Value::List(items) => Some(JsonValue::List(items)),
    }
}

fn json_fields(fields: &[FieldChange]) -> Vec<JsonField<'_>> {
    fields
        .iter()
        .map(|change| JsonField {
            field: change.field.name(),
            old: json_value(&change.old),
            new: json_value(&change.new),
        })
        .collect()
}

/// `{"events": [...], "entities": [...]}` as issue #16 gives it. A renamed event is `changed`
/// with an `id` field from the old id to the new.
fn json(diff: &TimelineDiff) -> String {
    let report = JsonReport {
        events: diff
            .events
            .iter()
            .map(|event| JsonRecord {
                kind: None,
                id: &event.id,
                change: event.change.name(),
                fields: json_fields(&event.fields),
            })
            .collect(),
        entities: diff
            .entities
            .iter()
            .map(|entity| JsonRecord {
                kind: Some(entity.kind.name()),
                id: &entity.id,
                change: entity.change.name(),
                fields: json_fields(&entity.fields),
            })
            .collect(),
    };
    // Serializing strings and arrays to memory cannot fail.
    let mut out = serde_json::to_string_pretty(&report)
        .unwrap_or_else(|_| r#"{"events": [], "entities": []}"#.into());
    out.push('\n');
    out
}

// ---- Values for people ------------------------------------------------------------------------

/// Free text is quoted so that its start and end are visible; dates, kinds and ids are not.
fn is_prose(field: Field) -> bool {
    matches!(
        field,
        Field::Title
            | Field::Summary
            | Field::Place
            | Field::Description
            | Field::Name
            | Field::Outlet
    )
}

/// One side of a field change as reports show it (and the app's details panel): dates in the
/// file syntax, free text quoted on one line, lists joined, `(none)` for an absent value.
pub fn one_value(field: Field, value: &Value) -> String {
    match value {
        Value::Absent => "(none)".into(),
        Value::Text(text) if is_prose(field) => format!("\"{}\"", one_line(text)),
        Value::Text(text) => one_line(text),
        Value::List(items) if items.is_empty() => "(none)".into(),
        Value::List(items) => items.join(", "),
    }
}

/// Line breaks in a value would break the table's rows.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `date: 2013 → 2013-07-15`; a list as what it gained and lost: `sources: +trt −reuters`.
fn describe_field(change: &FieldChange) -> String {
    let name = change.field.name();
    if let (Value::List(old), Value::List(new)) = (&change.old, &change.new) {
        let gained = new
            .iter()
            .filter(|item| !old.contains(item))
            .map(|item| format!("+{item}"));
        let lost = old
            .iter()
            .filter(|item| !new.contains(item))
            .map(|item| format!("−{item}"));
        let items: Vec<String> = gained.chain(lost).collect();
        return format!("{name}: {}", items.join(" "));
    }
    format!(
        "{name}: {} → {}",
        one_value(change.field, &change.old),
        one_value(change.field, &change.new)
    )
}

/// The lines that say what happened to an event: its fields, or its title when it came or went.
fn event_details(event: &EventChange) -> Vec<String> {
    match event.change {
        Change::Added | Change::Removed => vec![format!("\"{}\"", one_line(&event.title))],
        Change::Changed => event
            .fields
            .iter()
            .map(|field| match (field.field, &field.old) {
                (Field::Id, Value::Text(old_id)) => format!("id renamed from {old_id}"),
                _ => describe_field(field),
            })
            .collect(),
    }
}

fn entity_details(entity: &EntityChange) -> Vec<String> {
    match entity.change {
        Change::Added | Change::Removed => vec![format!("\"{}\"", one_line(&entity.label))],
        Change::Changed => entity.fields.iter().map(describe_field).collect(),
    }
}

// ---- Table ------------------------------------------------------------------------------------

/// Aligned columns for a terminal, one line per changed field, then a summary line:
///
/// ```text
/// DATE        CHANGE   ID      WHAT
/// 2015-07-11  changed  escape  date: 2015 → 2015-07-11
///                              sources: −ap
/// ```
fn table(diff: &TimelineDiff) -> String {
    let mut out = String::new();
    if !diff.events.is_empty() {
        let rows: Vec<([String; 3], Vec<String>)> = diff
            .events
            .iter()
            .map(|event| {
                let change = if event.renamed_from().is_some() {
                    "renamed"
                } else {
                    event.change.name()
                };
                (
                    [event.date.to_file_syntax(), change.into(), event.id.clone()],
                    event_details(event),
                )
            })
            .collect();
        aligned(&mut out, ["DATE", "CHANGE", "ID"], &rows);
        out.push('\n');
    }
    if !diff.entities.is_empty() {
        let rows: Vec<([String; 3], Vec<String>)> = diff
            .entities
            .iter()
            .map(|entity| {
                (
                    [
                        entity.kind.name().into(),
                        entity.change.name().into(),
                        entity.id.clone(),
                    ],
                    entity_details(entity),
                )
            })
            .collect();
        aligned(&mut out, ["ENTRY", "CHANGE", "ID"], &rows);
        out.push('\n');
    }
    let _ = writeln!(out, "{}", summary(diff));
    out
}

/// Three left columns padded to their widest cell, then the detail lines, each further line
/// indented under the first.
fn aligned(out: &mut String, header: [&str; 3], rows: &[([String; 3], Vec<String>)]) {
    let mut widths = header.map(|cell| cell.chars().count());
    for (cells, _) in rows {
        for (width, cell) in widths.iter_mut().zip(cells) {
            *width = (*width).max(cell.chars().count());
        }
    }
    let indent = widths.iter().map(|width| width + 2).sum::<usize>();
    let pad = |out: &mut String, cells: &[&str; 3]| {
        for (width, cell) in widths.iter().zip(cells) {
            let padding = width - cell.chars().count();
            let _ = write!(out, "{cell}{}  ", " ".repeat(padding));
        }
    };
    pad(out, &header);
    out.push_str("WHAT\n");
    for (cells, details) in rows {
        pad(
            out,
            &[cells[0].as_str(), cells[1].as_str(), cells[2].as_str()],
        );
        let mut lines = details.iter();
        let _ = writeln!(out, "{}", lines.next().map_or("", String::as_str));
        for line in lines {
            let _ = writeln!(out, "{}{line}", " ".repeat(indent));
        }
    }
}

// ---- Markdown ---------------------------------------------------------------------------------

/// Pipe tables an editor can paste into a review: one row per changed field, so that each row
/// reads on its own ("15 Jul 2013 · Sent north · date · 2013 → 2013-07-15").
fn markdown(diff: &TimelineDiff) -> String {
    let mut out = format!("**Changes:** {}\n", summary(diff));
    if !diff.events.is_empty() {
        out.push_str(
            "\n| Date | Event | Id | Change | Field | Old | New |\n|---|---|---|---|---|---|---|\n",
        );
        for event in &diff.events {
            let leading = [
                event.date.to_human(),
                event.title.clone(),
                format!("`{}`", event.id),
                event.change.name().to_string(),
            ];
            markdown_rows(&mut out, &leading, &event.fields);
        }
    }
    if !diff.entities.is_empty() {
        out.push_str(
            "\n| Entry | Id | Name | Change | Field | Old | New |\n|---|---|---|---|---|---|---|\n",
        );
        for entity in &diff.entities {
            let id = if entity.id.is_empty() {
                String::new()
            } else {
                format!("`{}`", entity.id)
            };
            let leading = [
                entity.kind.name().to_string(),
                id,
                entity.label.clone(),
                entity.change.name().to_string(),
            ];
            markdown_rows(&mut out, &leading, &entity.fields);
        }
    }
    out
}

/// One row per field (one row with empty field cells for an added or removed record).
fn markdown_rows(out: &mut String, leading: &[String; 4], fields: &[FieldChange]) {
    let mut row = |field: &str, old: &str, new: &str| {
        out.push('|');
        for cell in leading.iter().map(String::as_str).chain([field, old, new]) {
            let _ = write!(out, " {} |", markdown_cell(cell));
        }
        out.push('\n');
    };
    if fields.is_empty() {
        row("", "", "");
    }
    for change in fields {
        let cell = |value: &Value| match value {
            Value::Absent => String::new(),
            Value::Text(text) => text.clone(),
            Value::List(items) => items.join(", "),
        };
        row(change.field.name(), &cell(&change.old), &cell(&change.new));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diff::diff;
    use crate::load::load_str;

    const OLD: &str = r#"Timeline(
  title: "T",
  people: [Person(id: "chapo", name: "Joaquín Guzmán", aliases: ["El Chapo"])],
  sources: [Source(id: "ap", title: "AP"), Source(id: "trt", title: "TRT")],
  events: [
    Event(id: "escape", kind: Escape, date: "2015", title: "Escapes | tunnel", people: ["chapo"], sources: ["ap"]),
    Event(id: "old-id", kind: Arrest, date: "2016-01-08", title: "Arrested", sources: ["ap"]),
    Event(id: "gone", kind: Other, date: "1990", title: "Dropped", sources: ["ap"]),
  ],
)"#;

    const NEW: &str = r#"Timeline(
  title: "T",
  people: [Person(id: "chapo", name: "Joaquín Guzmán", aliases: ["El Chapo", "Shorty"])],
  sources: [Source(id: "ap", title: "AP"), Source(id: "trt", title: "TRT")],
  events: [
    Event(id: "escape", kind: Escape, date: "2015-07-11", title: "Escapes | tunnel", people: ["chapo"], sources: ["ap", "trt"]),
    Event(id: "new-id", kind: Arrest, date: "2016-01-08", title: "Arrested", sources: ["ap"]),
    Event(id: "added", kind: Court, date: "2019", title: "Convicted", summary: "In\nBrooklyn", sources: ["trt"]),
  ],
)"#;

    fn report(format: DiffFormat) -> String {
        let old = load_str(OLD).timeline.expect("old loads");
        let new = load_str(NEW).timeline.expect("new loads");
        write_diff(&diff(&old, &new), format)
    }

    #[test]
    fn table_has_one_line_per_field_and_a_summary() {
        assert_eq!(
            report(DiffFormat::Table),
            "DATE        CHANGE   ID      WHAT\n\
             1990        removed  gone    \"Dropped\"\n\
             2015-07-11  changed  escape  date: 2015 → 2015-07-11\n\
             \x20                            sources: +trt\n\
             2016-01-08  renamed  new-id  id renamed from old-id\n\
             2019        added    added   \"Convicted\"\n\
             \n\
             ENTRY   CHANGE   ID     WHAT\n\
             person  changed  chapo  aliases: +Shorty\n\
             \n\
             4 events: 2 changed, 1 added, 1 removed; 1 entry: 1 changed\n"
        );
    }

    #[test]
    fn json_is_the_issue_s_shape_with_file_syntax_dates_and_list_arrays() {
        let value: serde_json::Value =
            serde_json::from_str(&report(DiffFormat::Json)).expect("valid JSON");
        assert_eq!(
            value,
            serde_json::json!({
                "events": [
                    {"id": "gone", "change": "removed", "fields": []},
                    {"id": "escape", "change": "changed", "fields": [
                        {"field": "date", "old": "2015", "new": "2015-07-11"},
                        {"field": "sources", "old": ["ap"], "new": ["ap", "trt"]},
                    ]},
                    {"id": "new-id", "change": "changed", "fields": [
                        {"field": "id", "old": "old-id", "new": "new-id"},
                    ]},
                    {"id": "added", "change": "added", "fields": []},
                ],
                "entities": [
                    {"kind": "person", "id": "chapo", "change": "changed", "fields": [
                        {"field": "aliases", "old": ["El Chapo"], "new": ["El Chapo", "Shorty"]},
                    ]},
                ],
            })
        );
    }

    #[test]
    fn json_keys_come_in_the_issue_s_order_and_absent_values_are_null() {
        let old = load_str(OLD).timeline.expect("old loads");
        let mut new = old.clone();
        if let Some(event) = new.events.first_mut() {
            event.end = event.date.into();
        }
        let text = write_diff(&diff(&old, &new), DiffFormat::Json);
        let compact: String = text.split_whitespace().collect();
        assert!(
            compact.contains(r#"{"id":"escape","change":"changed","fields":[{"field":"end","old":null,"new":"2015"}]}"#),
            "{text}"
        );
    }

    #[test]
    fn equal_timelines_give_empty_lists_and_no_differences() {
        let timeline = load_str(OLD).timeline.expect("loads");
        let same = diff(&timeline, &timeline);
        assert_eq!(
            write_diff(&same, DiffFormat::Json),
            "{\n  \"events\": [],\n  \"entities\": []\n}\n"
        );
        assert_eq!(write_diff(&same, DiffFormat::Table), "no differences\n");
        assert_eq!(
            write_diff(&same, DiffFormat::Markdown),
            "**Changes:** no differences\n"
        );
    }

    #[test]
    fn markdown_has_a_row_per_field_with_escaped_cells() {
        assert_eq!(
            report(DiffFormat::Markdown),
            "**Changes:** 4 events: 2 changed, 1 added, 1 removed; 1 entry: 1 changed\n\
             \n\
             | Date | Event | Id | Change | Field | Old | New |\n\
             |---|---|---|---|---|---|---|\n\
             | 1990 | Dropped | `gone` | removed |  |  |  |\n\
             | 11 Jul 2015 | Escapes \\| tunnel | `escape` | changed | date | 2015 | 2015-07-11 |\n\
             | 11 Jul 2015 | Escapes \\| tunnel | `escape` | changed | sources | ap | ap, trt |\n\
             | 8 Jan 2016 | Arrested | `new-id` | changed | id | old-id | new-id |\n\
             | 2019 | Convicted | `added` | added |  |  |  |\n\
             \n\
             | Entry | Id | Name | Change | Field | Old | New |\n\
             |---|---|---|---|---|---|---|\n\
             | person | `chapo` | Joaquín Guzmán | changed | aliases | El Chapo | El Chapo, Shorty |\n"
        );
    }
}
