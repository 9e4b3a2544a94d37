//! One way to open a timeline file, whatever its format: a Chronolanes RON file, a TimelineJS JSON
//! file, or the TimelineJS Google Sheets template exported as CSV.
//!
//! The format is decided here and nowhere else: by the file's extension first (`.ron`, `.json`,
//! `.csv`, any case), then, for any other name, by its first bytes. TimelineJS files are converted
//! in memory; their warnings and errors come back as [`Diagnostic`]s with the line and column in
//! the file as written, exactly like those of a RON file, so `check`, `list`, `render` and the app
//! report every format the same way.
//!
//! [`Diagnostic`]: crate::diagnostic::Diagnostic

use std::borrow::Cow;
use std::path::Path;

use crate::import::{ImportFormat, detect_format as import_format_of, import_timelinejs};
use crate::load::{Loaded, ReadError, load_bytes, read_file_bytes};

/// The formats a timeline file can be opened from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum FileFormat {
    /// Chronolanes format v1 (RON).
    Ron,
    /// A TimelineJS file, converted on opening.
    TimelineJs(ImportFormat),
}

impl FileFormat {
    /// For messages: "RON", "TimelineJS JSON".
    pub fn label(self) -> &'static str {
        match self {
            FileFormat::Ron => "RON",
            FileFormat::TimelineJs(format) => format.label(),
        }
    }

    /// The TimelineJS flavour, or `None` for a Chronolanes file.
    pub fn import_format(self) -> Option<ImportFormat> {
        match self {
            FileFormat::Ron => None,
            FileFormat::TimelineJs(format) => Some(format),
        }
    }
}

/// The format of a file named `path` whose content is `bytes`.
///
/// The extension wins when it names a format, so that a broken `timeline.json` is reported as
/// broken JSON, not as RON. Any other name (`notes.txt`, a file without extension) is recognised
/// by its content: a first non-blank character `{` is a TimelineJS JSON object (a RON timeline
/// starts with `Timeline(` or `(`, and a map is never one); a first line naming the template's
/// `Year` and `Headline` columns is the CSV export; anything else is read as RON, whose
/// diagnostics then say what is wrong.
pub fn detect_format(path: &Path, bytes: &[u8]) -> FileFormat {
    let extension = path
        .extension()
        .and_then(|extension| extension.to_str())
        .map(str::to_ascii_lowercase);
    if extension.as_deref() == Some("ron") {
        return FileFormat::Ron;
    }
    if let Some(format) = import_format_of(path) {
        return FileFormat::TimelineJs(format);
    }
    format_of_content(bytes)
}

/// The format `bytes` look like, without a name to go by.
fn format_of_content(bytes: &[u8]) -> FileFormat {
    const BYTE_ORDER_MARK: &[u8] = b"\xef\xbb\xbf";
    let bytes = bytes.strip_prefix(BYTE_ORDER_MARK).unwrap_or(bytes);
    let first_visible = bytes.iter().find(|byte| !byte.is_ascii_whitespace());
    if first_visible == Some(&b'{') {
        return FileFormat::TimelineJs(ImportFormat::TimelineJsJson);
    }
    let first_line = bytes
        .split(|&byte| byte == b'\n')
        .next()
        .unwrap_or_default();
    if names_template_columns(&String::from_utf8_lossy(first_line)) {
        return FileFormat::TimelineJs(ImportFormat::TimelineJsCsv);
    }
    FileFormat::Ron
}

/// True when a CSV header line names both columns the TimelineJS template requires.
fn names_template_columns(header: &str) -> bool {
    let names: Vec<&str> = header
        .split(',')
        .map(|name| name.trim().trim_matches('"').trim())
        .collect();
    ["Year", "Headline"]
        .iter()
        .all(|required| names.iter().any(|name| name.eq_ignore_ascii_case(required)))
}

/// Decodes `bytes` as `format`: RON is loaded and validated, TimelineJS converted in memory (its
/// warnings become the diagnostics; a file that cannot be converted has its errors and no
/// timeline). `path` names the file; a TimelineJS file without a title takes its stem as title.
pub fn load_as(format: FileFormat, path: &Path, bytes: &[u8]) -> Loaded {
    let Some(import_format) = format.import_format() else {
        return load_bytes(bytes);
    };
    let file_name = path
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default();
    match import_timelinejs(bytes, &file_name, import_format) {
        Ok(imported) => Loaded {
            timeline: Some(imported.timeline),
            diagnostics: imported.warnings,
        },
        Err(failure) => Loaded {
            timeline: None,
            diagnostics: failure.diagnostics(),
        },
    }
}

/// A file opened: its format, what loading it gave, and its bytes for source excerpts.
#[derive(Debug)]
pub struct OpenedFile {
    pub format: FileFormat,
    pub loaded: Loaded,
    bytes: Vec<u8>,
}

impl OpenedFile {
    /// The file's text, for [`crate::diagnostic::Diagnostic::with_excerpt`]. Bytes that are not
    /// UTF-8 show as U+FFFD; lines and columns before the first of them are unchanged.
    pub fn text(&self) -> Cow<'_, str> {
        String::from_utf8_lossy(&self.bytes)
    }
}

/// Reads a file (with [`read_file_bytes`]'s limits), detects its format and loads it.
pub fn open_file(path: &Path) -> Result<OpenedFile, ReadError> {
    let bytes = read_file_bytes(path)?;
    let format = detect_format(path, &bytes);
    let loaded = load_as(format, path, &bytes);
    Ok(OpenedFile {
        format,
        loaded,
        bytes,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const RON: &[u8] = b"Timeline(format: 1, title: \"T\", events: [])";
    const JSON: &[u8] = b"{\"events\": []}";
    const CSV: &[u8] = b"Year,Month,Headline\n1999,,A\n";

    fn json() -> FileFormat {
        FileFormat::TimelineJs(ImportFormat::TimelineJsJson)
    }

    fn csv() -> FileFormat {
        FileFormat::TimelineJs(ImportFormat::TimelineJsCsv)
    }

    #[test]
    fn the_extension_decides_whatever_the_content() {
        assert_eq!(detect_format(Path::new("a/t.RON"), JSON), FileFormat::Ron);
        assert_eq!(detect_format(Path::new("t.json"), RON), json());
        assert_eq!(detect_format(Path::new("t.Csv"), RON), csv());
    }

    #[test]
    fn other_names_are_recognised_by_their_content() {
        assert_eq!(detect_format(Path::new("t.txt"), RON), FileFormat::Ron);
        assert_eq!(detect_format(Path::new("timeline"), JSON), json());
        assert_eq!(
            detect_format(Path::new("t.txt"), b"\xef\xbb\xbf \n\t{\"events\": []}"),
            json()
        );
        assert_eq!(detect_format(Path::new("sheet"), CSV), csv());
        assert_eq!(
            detect_format(Path::new("sheet"), b"\"headline\" , \"YEAR\"\r\nA,1999\r\n"),
            csv()
        );
        // One of the two required columns is not enough: the RON loader says what is wrong.
        assert_eq!(
            detect_format(Path::new("sheet"), b"Year,Text\n1999,A\n"),
            FileFormat::Ron
        );
        assert_eq!(detect_format(Path::new("empty"), b""), FileFormat::Ron);
        assert_eq!(
            detect_format(Path::new("binary"), b"\xff\xfe{"),
            FileFormat::Ron
        );
    }

    #[test]
    fn timelinejs_warnings_and_errors_are_diagnostics_at_their_line_and_column() {
        let sheet = b"Year,Month,Headline\n1999,14,A\n";
        let loaded = load_as(csv(), Path::new("dir/sheet.csv"), sheet);
        let timeline = loaded.timeline.expect("the sheet converts");
        assert_eq!(timeline.title, "sheet");
        let lines: Vec<String> = loaded
            .diagnostics
            .iter()
            .map(|d| d.one_line("sheet.csv"))
            .collect();
        assert_eq!(
            lines,
            [
                "sheet.csv:2:1: warning: column `Month` of event `A` is `14`, not a month 1–12; the date keeps only its year"
            ]
        );

        let broken = b"{\"events\": [\n  {\"start_date\": }\n]}";
        let loaded = load_as(json(), Path::new("broken.json"), broken);
        assert!(loaded.timeline.is_none());
        let first = loaded.diagnostics.first().expect("an error");
        assert!(
            first
                .one_line("broken.json")
                .starts_with("broken.json:2:18: error: not valid JSON: expected value"),
            "{first:?}"
        );
    }

    #[test]
    fn open_file_reads_detects_and_keeps_the_text_for_excerpts() {
        let directory = tempfile::tempdir().expect("a temporary directory");
        let path = directory.path().join("notes.txt");
        std::fs::write(&path, b"{\"events\": [\n  {\"start_date\": }\n]}").expect("written");
        let opened = open_file(&path).expect("readable");
        assert_eq!(opened.format, json());
        assert!(opened.loaded.has_errors());
        let excerpt = opened.loaded.diagnostics[0].with_excerpt("notes.txt", &opened.text());
        assert!(
            excerpt.ends_with(" 2 |   {\"start_date\": }\n   |                  ^"),
            "{excerpt}"
        );
        assert!(matches!(
            open_file(directory.path()),
            Err(ReadError::Directory)
        ));
    }
}
