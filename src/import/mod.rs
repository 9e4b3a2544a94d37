//! Timelines from other tools, turned into format v1.
//!
//! Pure: bytes in, [`Timeline`] and diagnostics out. Files are opened through [`crate::open`],
//! which calls [`import_timelinejs`] for a TimelineJS file, so that the app and every command
//! show its warnings like load warnings; `chronolanes import` lives in `cli/import.rs`.

pub mod html;
pub mod json;
pub mod timelinejs;

use std::path::Path;

use crate::diagnostic::Diagnostic;
use crate::model::Timeline;

/// The formats `chronolanes import` reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ImportFormat {
    /// Knight Lab TimelineJS 3 JSON (`{"title": …, "events": […], "eras": […]}`).
    TimelineJsJson,
    /// The TimelineJS Google Sheets template, exported as CSV.
    TimelineJsCsv,
}

impl ImportFormat {
    /// For messages: "TimelineJS JSON".
    pub fn label(self) -> &'static str {
        match self {
            ImportFormat::TimelineJsJson => "TimelineJS JSON",
            ImportFormat::TimelineJsCsv => "TimelineJS spreadsheet (CSV)",
        }
    }
}

/// A successful import: the timeline, and what was changed or dropped on the way.
#[derive(Clone, Debug)]
pub struct Imported {
    pub timeline: Timeline,
    /// Warnings, each with its line and column in the *input* file, sorted by position.
    pub warnings: Vec<Diagnostic>,
}

/// Why a file could not be imported. Nothing usable came out of it.
#[derive(Clone, Debug)]
pub struct ImportFailure {
    /// At least one; each with its line and column in the input file.
    pub errors: Vec<Diagnostic>,
    /// Warnings found before giving up.
    pub warnings: Vec<Diagnostic>,
}

impl ImportFailure {
    /// Errors and warnings together, by position.
    pub fn diagnostics(&self) -> Vec<Diagnostic> {
        let mut all: Vec<Diagnostic> = self.errors.iter().chain(&self.warnings).cloned().collect();
        all.sort_by_key(|d| (d.line, d.column, d.severity));
        all
    }
}

/// The import format a file's extension names (`.json`, `.csv`, any case). To open a file, use
/// [`crate::open::detect_format`], which also recognises a file by its content.
pub fn detect_format(path: &Path) -> Option<ImportFormat> {
    let extension = path.extension()?.to_str()?.to_ascii_lowercase();
    match extension.as_str() {
        "json" => Some(ImportFormat::TimelineJsJson),
        "csv" => Some(ImportFormat::TimelineJsCsv),
        _ => None,
    }
}

/// Converts a TimelineJS file's bytes into a format v1 timeline.
///
/// `file_name` gives the title when the file has none (its stem: `houston.json` → "houston").
/// The result always passes [`crate::load::load_str`] without errors once written with
/// [`crate::write_ron::timeline_to_ron`] (warnings such as "cites no sources" may remain).
pub fn import_timelinejs(
    bytes: &[u8],
    file_name: &str,
    format: ImportFormat,
) -> Result<Imported, ImportFailure> {
    timelinejs::import(bytes, file_name, format)
}
