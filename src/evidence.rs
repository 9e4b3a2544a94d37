//! Evidence: saved copies ("archives") of the articles a timeline cites, and the quotes that must
//! be found in them.
//!
//! Pure and offline: an archive is a local file, plain text (`.txt`, `.md`) or HTML (`.html`,
//! `.htm`), read with a size limit and never fetched from the network. [`find_quote`] looks for a
//! quote the way an editor reads it, not byte for byte: see [`find_quote`] for the rules.

use std::fmt;
use std::io::Read as _;
use std::ops::Range;
use std::path::{Path, PathBuf};

use crate::import::html::html_to_text;

/// Archives larger than this are refused before reading: a saved article is at most a few hundred
/// KB of text, so a larger file is not one, and reading it would slow every check.
pub const MAX_ARCHIVE_BYTES: u64 = 16 * 1024 * 1024;

/// How many characters of normalised text may lie between two parts of a quote that an ellipsis
/// separates: about three lines of a newspaper column. Farther apart, the parts are not one
/// passage any more, and the quote would put together words the article does not say together.
pub const MAX_OMISSION_CHARS: usize = 300;

/// The share of a quote's words that a passage must contain, in the quote's order, to be offered
/// as the closest passage when the quote is not found. Half the words is where a passage stops
/// being a misquote of the quote and becomes another sentence on the same subject.
pub const MIN_CLOSEST_SHARE: f64 = 0.5;

/// Only the first this many words of a long quote are compared when looking for the closest
/// passage, which bounds its cost (the comparison is quadratic in the number of words).
const MAX_CLOSEST_WORDS: usize = 200;

/// How many of the windows sharing the most words with a quote are compared word by word.
const CLOSEST_CANDIDATES: usize = 16;

/// How an archive's bytes are turned into text, chosen by the file's extension.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ArchiveFormat {
    /// `.txt` and `.md`: the text as it is.
    PlainText,
    /// `.html` and `.htm`: `<script>` and `<style>` contents and tags removed, entities decoded.
    Html,
}

impl ArchiveFormat {
    /// The format of a file by its extension (any case); `None` for any other extension.
    pub fn of_path(path: &Path) -> Option<ArchiveFormat> {
        let extension = path.extension()?.to_str()?.to_ascii_lowercase();
        match extension.as_str() {
            "txt" | "md" => Some(ArchiveFormat::PlainText),
            "html" | "htm" => Some(ArchiveFormat::Html),
            _ => None,
        }
    }
}

/// The text of an archived article, ready to be searched for quotes.
///
/// Holds the text as a reader shows it (for HTML, the text without markup) and, built once, its
/// normalised form with the way back to the text's byte offsets: quotes are matched on the
/// normalised form, and [`QuoteMatch`] gives byte ranges in [`ArchiveText::text`].
#[derive(Clone, Debug)]
pub struct ArchiveText {
    text: String,
    normalized: Normalized,
}

impl ArchiveText {
    /// Text read as it is (a leading byte-order mark is dropped).
    pub fn from_plain_text(text: &str) -> ArchiveText {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text).to_string();
        let normalized = Normalized::new(&text);
        ArchiveText { text, normalized }
    }

    /// HTML made plain text: `<script>` and `<style>` elements are dropped with their contents,
    /// other tags are removed (block ends become line breaks) and entities are decoded.
    pub fn from_html(html: &str) -> ArchiveText {
        let html = html.strip_prefix('\u{feff}').unwrap_or(html);
        // `html_to_text` skips the contents of `<script>` and `<style>` itself (tested below), so
        // nothing needs removing first.
        ArchiveText::from_plain_text(&html_to_text(html))
    }

    /// The text a reader shows, and the one [`QuoteMatch`] ranges index.
    pub fn text(&self) -> &str {
        &self.text
    }
}

/// Why an archive could not be read. The messages name no path: the caller knows which archive
/// it asked for and where the timeline names it.
#[derive(Debug)]
pub enum ArchiveError {
    /// A URL: archives are local files, and nothing is ever fetched.
    NotLocal,
    /// An extension other than `.txt`, `.md`, `.html` or `.htm` (lowercase, without the dot;
    /// empty when there is none).
    UnsupportedType { extension: String },
    /// No file at that path.
    Missing,
    /// A directory, device, pipe or socket: reading one might never end, or block forever.
    NotAFile,
    /// Over [`MAX_ARCHIVE_BYTES`]: the size found (at least that many bytes).
    TooLarge { bytes: u64 },
    /// Not UTF-8: where the first bad byte is (1-based line and column in characters), and the
    /// byte (`None` when the file ends in the middle of a character).
    NotUtf8 {
        line: u32,
        column: u32,
        byte: Option<u8>,
    },
    /// Any other failure to read.
    Io(std::io::Error),
}

impl fmt::Display for ArchiveError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ArchiveError::NotLocal => f.write_str(
                "archives are local files: a URL is never fetched (save the article and name the file)",
            ),
            ArchiveError::UnsupportedType { extension } if extension.is_empty() => f.write_str(
                "the file has no extension: archives are read as .txt, .md, .html or .htm",
            ),
            ArchiveError::UnsupportedType { extension } => write!(
                f,
                "archives are read as .txt, .md, .html or .htm, not .{extension}"
            ),
            ArchiveError::Missing => f.write_str("no such file"),
            ArchiveError::NotAFile => f.write_str(
                "not a regular file (a directory, device, pipe or socket is never read)",
            ),
            ArchiveError::TooLarge { bytes } => write!(
                f,
                "archive is {} MB; the limit is {} MB",
                megabytes(*bytes),
                MAX_ARCHIVE_BYTES / (1024 * 1024)
            ),
            ArchiveError::NotUtf8 {
                line,
                column,
                byte: Some(byte),
            } => write!(
                f,
                "archive is not valid UTF-8: byte 0x{byte:02x} at line {line}, column {column} (save it as UTF-8)"
            ),
            ArchiveError::NotUtf8 { byte: None, .. } => f.write_str(
                "archive is not valid UTF-8: it ends in the middle of a character (is it cut short?)",
            ),
            ArchiveError::Io(error) => write!(f, "cannot read it: {error}"),
        }
    }
}

impl std::error::Error for ArchiveError {}

/// Megabytes (MiB) for a message, rounded *up* to a tenth so that a file just over the limit
/// never reads as being at it ("16.1 MB", not "16 MB"); whole numbers without the decimal.
fn megabytes(bytes: u64) -> String {
    const MEBIBYTE: u64 = 1024 * 1024;
    let tenths = bytes.saturating_mul(10).div_ceil(MEBIBYTE);
    if tenths.is_multiple_of(10) {
        format!("{}", tenths / 10)
    } else {
        format!("{}.{}", tenths / 10, tenths % 10)
    }
}

/// Where relative archive paths are resolved.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ArchiveBase<'a> {
    /// Relative to the folder of this timeline file (the default).
    TimelineFile(&'a Path),
    /// Relative to this directory instead (`check --archive-dir DIR`).
    Directory(&'a Path),
}

/// The file an `archive` field names. An absolute path is used as it is; a URL is refused
/// ([`ArchiveError::NotLocal`]): nothing is fetched.
pub fn resolve_archive_path(archive: &str, base: ArchiveBase<'_>) -> Result<PathBuf, ArchiveError> {
    if archive.contains("://") {
        return Err(ArchiveError::NotLocal);
    }
    let folder = match base {
        // `Path::new("t.ron").parent()` is `Some("")`: the current directory, as the file was.
        ArchiveBase::TimelineFile(timeline) => timeline.parent().unwrap_or(Path::new("")),
        ArchiveBase::Directory(directory) => directory,
    };
    Ok(folder.join(archive))
}

/// Reads an archive: plain text or HTML by its extension, refused when over
/// [`MAX_ARCHIVE_BYTES`] (checked before reading) or not UTF-8. Never touches the network.
pub fn read_archive(path: &Path) -> Result<ArchiveText, ArchiveError> {
    let format = ArchiveFormat::of_path(path).ok_or_else(|| ArchiveError::UnsupportedType {
        extension: path
            .extension()
            .map(|extension| extension.to_string_lossy().to_ascii_lowercase())
            .unwrap_or_default(),
    })?;
    let bytes = read_limited(path)?;
    let text = std::str::from_utf8(&bytes).map_err(|error| not_utf8(&bytes, &error))?;
    Ok(match format {
        ArchiveFormat::PlainText => ArchiveText::from_plain_text(text),
        ArchiveFormat::Html => ArchiveText::from_html(text),
    })
}

/// The file's bytes, refusing what is not a regular file or is over the limit before reading.
fn read_limited(path: &Path) -> Result<Vec<u8>, ArchiveError> {
    // Checked on the path first: opening a pipe would block until something writes to it.
    check_archive_metadata(&std::fs::metadata(path).map_err(io_error)?)?;
    let file = std::fs::File::open(path).map_err(io_error)?;
    // And again on what was opened, in case the path changed in between.
    let metadata = file.metadata().map_err(io_error)?;
    check_archive_metadata(&metadata)?;
    // A file that grows while it is read still stops just past the limit.
    let mut bytes = Vec::with_capacity(usize::try_from(metadata.len()).unwrap_or(0));
    file.take(MAX_ARCHIVE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(io_error)?;
    let read = bytes.len() as u64;
    if read > MAX_ARCHIVE_BYTES {
        return Err(ArchiveError::TooLarge { bytes: read });
    }
    Ok(bytes)
}

fn check_archive_metadata(metadata: &std::fs::Metadata) -> Result<(), ArchiveError> {
    if !metadata.is_file() {
        return Err(ArchiveError::NotAFile);
    }
    if metadata.len() > MAX_ARCHIVE_BYTES {
        return Err(ArchiveError::TooLarge {
            bytes: metadata.len(),
        });
    }
    Ok(())
}

fn io_error(error: std::io::Error) -> ArchiveError {
    match error.kind() {
        std::io::ErrorKind::NotFound => ArchiveError::Missing,
        _ => ArchiveError::Io(error),
    }
}

fn not_utf8(bytes: &[u8], error: &std::str::Utf8Error) -> ArchiveError {
    let valid_up_to = error.valid_up_to();
    // Valid UTF-8 by definition, so lines and characters can be counted on it.
    let prefix = bytes
        .get(..valid_up_to)
        .and_then(|prefix| std::str::from_utf8(prefix).ok())
        .unwrap_or_default();
    let line_start = prefix.rfind('\n').map_or(0, |index| index + 1);
    let line = prefix.matches('\n').count() + 1;
    let column = prefix.get(line_start..).unwrap_or_default().chars().count() + 1;
    ArchiveError::NotUtf8 {
        line: u32::try_from(line).unwrap_or(u32::MAX),
        column: u32::try_from(column).unwrap_or(u32::MAX),
        byte: error
            .error_len()
            .and_then(|_| bytes.get(valid_up_to).copied()),
    }
}

/// The outcome of looking for a quote in an archive.
#[derive(Clone, Debug, PartialEq)]
pub enum QuoteMatch {
    /// Found. One byte range of [`ArchiveText::text`] per part of the quote (several when
    /// ellipses leave words out), in order: what a reader highlights.
    Found { parts: Vec<Range<usize>> },
    /// Not found; the most similar passage when one shares at least [`MIN_CLOSEST_SHARE`] of the
    /// quote's words in order.
    NotFound { closest: Option<ClosestPassage> },
    /// Nothing to look for: the quote has no letter or digit (it is empty, or only marks, dashes
    /// and ellipses).
    Empty,
}

/// The passage most like a quote that was not found.
#[derive(Clone, Debug, PartialEq)]
pub struct ClosestPassage {
    /// Byte range in [`ArchiveText::text`], from the first to the last of the quote's words that
    /// it contains.
    pub range: Range<usize>,
    /// That text on one line (runs of whitespace and line breaks as one space), for messages.
    pub passage: String,
    /// The share of the quote's words the passage contains in the quote's order, 0–1.
    pub share: f64,
}

/// Looks for a quote in an archive the way an editor reads it:
///
/// - case does not matter, and a run of whitespace or line breaks is one space;
/// - quotation marks and apostrophes of every style are ignored: straight `'` `"`, curly `‘ ’ “ ”`,
///   low `‚ „`, reversed `‛ ‟`, guillemets `« » ‹ ›`, primes `′ ″`, and `` ` `` and `´` typed as
///   apostrophes;
/// - dashes are one dash, whatever their kind (`-` `‐` `‑` `‒` `–` `—` `―`, the minus sign `−`,
///   and a run like `--`), with or without spaces around them;
/// - soft hyphens and zero-width characters are ignored;
/// - an ellipsis in the quote (`…`, or three or more dots, alone or in brackets as `[…]` or
///   `(...)`) stands for omitted words: the parts around it must each appear, in order, with at
///   most [`MAX_OMISSION_CHARS`] characters of normalised text between one part and the next;
/// - a quote (and each part) matches whole words: "he said" is not found in "she said".
///
/// The first place in the text where the whole quote matches is returned.
pub fn find_quote(archive: &ArchiveText, quote: &str) -> QuoteMatch {
    let parts = quote_parts(quote);
    if parts.is_empty() {
        return QuoteMatch::Empty;
    }
    match archive.normalized.find_parts(&parts) {
        Some(found) => QuoteMatch::Found {
            parts: found
                .into_iter()
                .map(|range| archive.normalized.original_range(range))
                .collect(),
        },
        None => QuoteMatch::NotFound {
            closest: archive
                .normalized
                .closest_passage(&parts)
                .map(|(range, share)| {
                    let range = archive.normalized.original_range(range);
                    let passage = archive
                        .text
                        .get(range.clone())
                        .unwrap_or_default()
                        .split_whitespace()
                        .collect::<Vec<_>>()
                        .join(" ");
                    ClosestPassage {
                        range,
                        passage,
                        share,
                    }
                }),
        },
    }
}

/// The quote's parts between ellipses, each normalised; parts without a letter or digit (empty,
/// or a lone dash or comma left by the cut) are left out: they are evidence of nothing.
fn quote_parts(quote: &str) -> Vec<String> {
    let mut parts = Vec::new();
    let mut part_start = 0;
    let mut rest_start = 0;
    while let Some((start, end)) = next_ellipsis(quote, rest_start) {
        parts.push(&quote[part_start..start]);
        part_start = end;
        rest_start = end;
    }
    parts.push(&quote[part_start..]);
    parts
        .into_iter()
        .map(|part| Normalized::new(part).text)
        .filter(|part| part.chars().any(char::is_alphanumeric))
        .collect()
}

/// The byte range of the next ellipsis at or after `from` (`…` or three or more dots), widened to
/// the brackets around it when it is written `[…]` or `(…)`.
fn next_ellipsis(text: &str, from: usize) -> Option<(usize, usize)> {
    let rest = text.get(from..)?;
    let (offset, length) = rest.char_indices().find_map(|(index, character)| {
        if character == '…' {
            return Some((index, character.len_utf8()));
        }
        let dots = rest[index..]
            .bytes()
            .take_while(|&byte| byte == b'.')
            .count();
        (dots >= 3).then_some((index, dots))
    })?;
    let (mut start, mut end) = (from + offset, from + offset + length);
    let before = text[..start].chars().next_back();
    let after = text[end..].chars().next();
    if matches!(
        (before, after),
        (Some('['), Some(']')) | (Some('('), Some(')'))
    ) {
        start -= 1;
        end += 1;
    }
    Some((start, end))
}

/// How a character takes part in matching.
#[derive(Clone, Copy, PartialEq, Eq)]
enum CharClass {
    Space,
    /// Quotation marks, apostrophes, soft hyphens and zero-width characters: dropped.
    Ignored,
    Dash,
    Kept,
}

fn class_of(character: char) -> CharClass {
    const IGNORED: &[char] = &[
        '\'', '"', '‘', '’', '‚', '‛', '“', '”', '„', '‟', '«', '»', '‹', '›', '′', '″', '`', '´',
        '＂', '＇', // quotation marks and apostrophes, fullwidth ones last
        '\u{ad}', '\u{200b}', '\u{200c}', '\u{200d}', '\u{2060}', '\u{feff}', // invisible
    ];
    const DASHES: &[char] = &[
        '-', '‐', '‑', '‒', '–', '—', '―', '−', '⁃', '﹘', '﹣', '－',
    ];
    if character.is_whitespace() {
        CharClass::Space
    } else if IGNORED.contains(&character) {
        CharClass::Ignored
    } else if DASHES.contains(&character) {
        CharClass::Dash
    } else {
        CharClass::Kept
    }
}

/// A stretch of normalised text and the stretch of original text it came from.
#[derive(Clone, Copy, Debug)]
struct Segment {
    normalized_start: u32,
    normalized_len: u32,
    original_start: u32,
    original_len: u32,
    /// Byte for byte: every character in it has the same length in both texts, so any character
    /// boundary inside maps to the same offset from the start. Otherwise it is one character of
    /// the original (lowercased to a different length), mapped as a whole.
    aligned: bool,
}

/// Text normalised for matching (see [`find_quote`]), and the way back to the original's bytes.
///
/// The map is a list of segments rather than an offset per character: ordinary text lowercases
/// byte for byte, so only dropped characters and collapsed whitespace start a new segment, and a
/// 16 MB archive does not need 128 MB of offsets.
#[derive(Clone, Debug, Default)]
struct Normalized {
    text: String,
    segments: Vec<Segment>,
}

impl Normalized {
    fn new(original: &str) -> Normalized {
        let mut normalized = Normalized {
            text: String::with_capacity(original.len()),
            segments: Vec::new(),
        };
        // The first whitespace character of a run not yet written: written as one space before
        // the next kept character, and not at all at the ends or next to a dash.
        let mut pending_space: Option<(usize, char)> = None;
        let mut after_dash = false;
        for (offset, character) in original.char_indices() {
            match class_of(character) {
                CharClass::Space => {
                    pending_space.get_or_insert((offset, character));
                }
                CharClass::Ignored => {}
                CharClass::Dash => {
                    pending_space = None;
                    if !after_dash {
                        normalized.push('-', offset, character);
                        after_dash = true;
                    }
                }
                CharClass::Kept => {
                    if let Some((space_offset, space)) = pending_space.take()
                        && !after_dash
                        && !normalized.text.is_empty()
                    {
                        normalized.push(' ', space_offset, space);
                    }
                    after_dash = false;
                    let mut lower = character.to_lowercase();
                    match (lower.next(), lower.next()) {
                        (Some(single), None) => normalized.push(single, offset, character),
                        _ => normalized.push_expanded(character.to_lowercase(), offset, character),
                    }
                }
            }
        }
        normalized
    }

    /// Appends one character standing for one original character.
    fn push(&mut self, character: char, original_offset: usize, original: char) {
        let start = self.text.len();
        self.text.push(character);
        let aligned = character.len_utf8() == original.len_utf8();
        self.add_segment(start, original_offset, original.len_utf8(), aligned);
    }

    /// Appends several characters standing for one original character (`İ` lowercases to two).
    fn push_expanded(
        &mut self,
        characters: impl Iterator<Item = char>,
        original_offset: usize,
        original: char,
    ) {
        let start = self.text.len();
        self.text.extend(characters);
        self.add_segment(start, original_offset, original.len_utf8(), false);
    }

    fn add_segment(
        &mut self,
        normalized_start: usize,
        original_start: usize,
        original_len: usize,
        aligned: bool,
    ) {
        // Offsets fit in u32: archives are at most 16 MB, and quotes shorter still.
        let normalized_len = (self.text.len() - normalized_start) as u32;
        let (normalized_start, original_start, original_len) = (
            normalized_start as u32,
            original_start as u32,
            original_len as u32,
        );
        if let Some(last) = self.segments.last_mut()
            && aligned
            && last.aligned
            && last.normalized_start + last.normalized_len == normalized_start
            && last.original_start + last.original_len == original_start
        {
            last.normalized_len += normalized_len;
            last.original_len += original_len;
            return;
        }
        self.segments.push(Segment {
            normalized_start,
            normalized_len,
            original_start,
            original_len,
            aligned,
        });
    }

    /// The segment holding normalised byte `offset`.
    fn segment_at(&self, offset: usize) -> Option<&Segment> {
        let after = self
            .segments
            .partition_point(|segment| segment.normalized_start as usize <= offset);
        self.segments.get(after.checked_sub(1)?)
    }

    /// The original bytes a non-empty range of normalised text (on character boundaries) came
    /// from.
    fn original_range(&self, range: Range<usize>) -> Range<usize> {
        let start = match self.segment_at(range.start) {
            Some(segment) if segment.aligned => {
                segment.original_start as usize + (range.start - segment.normalized_start as usize)
            }
            Some(segment) => segment.original_start as usize,
            None => 0,
        };
        let end = match self.segment_at(range.end.saturating_sub(1)) {
            Some(segment) if segment.aligned => {
                segment.original_start as usize + (range.end - segment.normalized_start as usize)
            }
            Some(segment) => (segment.original_start + segment.original_len) as usize,
            None => start,
        };
        start..end.max(start)
    }

    /// Where each part is found, in order, each within [`MAX_OMISSION_CHARS`] of the previous
    /// one: the chain starting at the earliest place that works.
    fn find_parts(&self, parts: &[String]) -> Option<Vec<Range<usize>>> {
        let (first, rest) = parts.split_first()?;
        let mut from = 0;
        while let Some(start) = self.find_word_aligned(first, from, self.text.len()) {
            let mut found = Vec::with_capacity(parts.len());
            found.push(start..start + first.len());
            if self.extend_chain(rest, &mut found) {
                return Some(found);
            }
            from = start + next_char_len(&self.text, start);
        }
        None
    }

    /// Finds each part after the last one found, at its earliest place: the earliest is always
    /// best, since it leaves the most room for the next part.
    fn extend_chain(&self, parts: &[String], found: &mut Vec<Range<usize>>) -> bool {
        for part in parts {
            let previous_end = found.last().map_or(0, |range| range.end);
            // A character is at most 4 bytes: this window holds every start within the limit.
            let mut window_end =
                (previous_end + MAX_OMISSION_CHARS * 4 + 1 + part.len()).min(self.text.len());
            while !self.text.is_char_boundary(window_end) {
                window_end -= 1;
            }
            let Some(start) = self.find_word_aligned(part, previous_end, window_end) else {
                return false;
            };
            let gap = self.text[previous_end..start].chars().count();
            if gap > MAX_OMISSION_CHARS {
                return false;
            }
            found.push(start..start + part.len());
        }
        true
    }

    /// The first place at or after `from` where `needle` lies within `..until` and starts and ends
    /// on word boundaries.
    fn find_word_aligned(&self, needle: &str, mut from: usize, until: usize) -> Option<usize> {
        let haystack = self.text.get(..until)?;
        while let Some(offset) = haystack.get(from..)?.find(needle) {
            let start = from + offset;
            let end = start + needle.len();
            if is_word_boundary(haystack, start, needle)
                && is_word_boundary_after(&self.text, end, needle)
            {
                return Some(start);
            }
            from = start + next_char_len(haystack, start);
        }
        None
    }

    /// The passage sharing the most of the quote's words in order, if it shares at least
    /// [`MIN_CLOSEST_SHARE`] of them: its normalised byte range and the share.
    ///
    /// Windows a little longer than the quote slide over the text's words; the ones holding the
    /// most of the quote's words (in any order, counted in one pass) are then compared word by
    /// word in order (a longest common subsequence), and the best one wins.
    fn closest_passage(&self, parts: &[String]) -> Option<(Range<usize>, f64)> {
        let quote_words: Vec<&str> = parts
            .iter()
            .flat_map(|part| words(part).map(|(_, word)| word))
            .take(MAX_CLOSEST_WORDS)
            .collect();
        if quote_words.is_empty() {
            return None;
        }
        let mut word_ids: hashbrown::HashMap<&str, usize> = hashbrown::HashMap::new();
        let mut wanted_counts: Vec<u32> = Vec::new();
        let quote_ids: Vec<usize> = quote_words
            .iter()
            .map(|word| {
                let next_id = word_ids.len();
                let id = *word_ids.entry(word).or_insert(next_id);
                if id == wanted_counts.len() {
                    wanted_counts.push(0);
                }
                if let Some(count) = wanted_counts.get_mut(id) {
                    *count += 1;
                }
                id
            })
            .collect();
        // The text's words, each with the id of the quote word it equals.
        let text_words: Vec<(Range<usize>, Option<usize>)> = words(&self.text)
            .map(|(range, word)| (range, word_ids.get(word).copied()))
            .collect();
        if text_words.is_empty() {
            return None;
        }
        let window = (quote_ids.len() + quote_ids.len() / 2 + 1).min(text_words.len());
        let needed = (quote_ids.len() as f64 * MIN_CLOSEST_SHARE).ceil() as u32;

        // Words of the quote in each window, in any order (an upper bound of the in-order count).
        let mut in_window = vec![0_u32; wanted_counts.len()];
        let mut shared = 0_u32;
        let mut candidates: Vec<(u32, usize)> = Vec::new();
        for (index, (_, id)) in text_words.iter().enumerate() {
            if let Some(id) = *id
                && let (Some(count), Some(&wanted)) = (in_window.get_mut(id), wanted_counts.get(id))
            {
                if *count < wanted {
                    shared += 1;
                }
                *count += 1;
            }
            if index >= window
                && let Some((_, Some(id))) = text_words.get(index - window)
                && let (Some(count), Some(&wanted)) =
                    (in_window.get_mut(*id), wanted_counts.get(*id))
            {
                *count -= 1;
                if *count < wanted {
                    shared -= 1;
                }
            }
            if index + 1 >= window && shared >= needed.max(1) {
                candidates.push((shared, index + 1 - window));
            }
        }
        candidates.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));

        let mut best: Option<(usize, Range<usize>)> = None;
        let mut compared: Vec<usize> = Vec::new();
        for &(shared, start) in &candidates {
            // The in-order count is at most the any-order one, and candidates come best first:
            // once the best in-order count reaches a window's any-order count, none can beat it.
            let best_count = best.as_ref().map_or(0, |(count, _)| *count);
            if compared.len() == CLOSEST_CANDIDATES || best_count >= shared as usize {
                break;
            }
            // Overlapping windows mostly hold the same passage: compare distinct ones.
            if compared
                .iter()
                .any(|&other| other.abs_diff(start) < window.div_ceil(2))
            {
                continue;
            }
            compared.push(start);
            let Some(slice) = text_words.get(start..start + window) else {
                continue;
            };
            let window_ids: Vec<Option<usize>> = slice.iter().map(|(_, id)| *id).collect();
            if let Some((count, first, last)) = in_order(&quote_ids, &window_ids)
                && best
                    .as_ref()
                    .is_none_or(|(best_count, _)| count > *best_count)
                && let (Some((first_range, _)), Some((last_range, _))) =
                    (slice.get(first), slice.get(last))
            {
                best = Some((count, first_range.start..last_range.end));
            }
        }
        let (count, range) = best?;
        let share = count as f64 / quote_ids.len() as f64;
        (share >= MIN_CLOSEST_SHARE).then_some((range, share))
    }
}

/// The longest common subsequence of the quote's words and a window's: its length and the
/// window indices of its first and last word.
fn in_order(quote: &[usize], window: &[Option<usize>]) -> Option<(usize, usize, usize)> {
    let columns = window.len() + 1;
    // lengths[i * columns + j]: LCS of quote[i..] and window[j..], filled from the end so that
    // the walk below reads the alignment from the front.
    let mut lengths = vec![0_u16; (quote.len() + 1) * columns];
    for i in (0..quote.len()).rev() {
        for j in (0..window.len()).rev() {
            let value = if window[j] == Some(quote[i]) {
                lengths[(i + 1) * columns + j + 1] + 1
            } else {
                lengths[(i + 1) * columns + j].max(lengths[i * columns + j + 1])
            };
            lengths[i * columns + j] = value;
        }
    }
    let total = usize::from(lengths[0]);
    if total == 0 {
        return None;
    }
    let (mut i, mut j) = (0, 0);
    let (mut first, mut last) = (None, 0);
    while i < quote.len() && j < window.len() {
        if window[j] == Some(quote[i])
            && lengths[i * columns + j] == lengths[(i + 1) * columns + j + 1] + 1
        {
            first.get_or_insert(j);
            last = j;
            i += 1;
            j += 1;
        } else if lengths[(i + 1) * columns + j] >= lengths[i * columns + j + 1] {
            i += 1;
        } else {
            j += 1;
        }
    }
    Some((total, first?, last))
}

/// The words of normalised text (runs of letters and digits) with their byte ranges.
fn words(text: &str) -> impl Iterator<Item = (Range<usize>, &str)> {
    let mut rest = text.char_indices().peekable();
    std::iter::from_fn(move || {
        let (start, _) = rest.find(|(_, character)| character.is_alphanumeric())?;
        let mut end = text.len();
        while let Some(&(offset, character)) = rest.peek() {
            if !character.is_alphanumeric() {
                end = offset;
                break;
            }
            rest.next();
        }
        Some((start..end, &text[start..end]))
    })
}

fn next_char_len(text: &str, offset: usize) -> usize {
    text.get(offset..)
        .and_then(|rest| rest.chars().next())
        .map_or(1, char::len_utf8)
}

/// Whether a match of `needle` starting at `start` does not begin inside a word: either the
/// needle itself starts with a non-word character, or the text before it ends one.
fn is_word_boundary(text: &str, start: usize, needle: &str) -> bool {
    let needle_starts_word = needle.chars().next().is_some_and(char::is_alphanumeric);
    let previous_in_word = text[..start]
        .chars()
        .next_back()
        .is_some_and(char::is_alphanumeric);
    !(needle_starts_word && previous_in_word)
}

/// Whether a match of `needle` ending at `end` does not stop inside a word.
fn is_word_boundary_after(text: &str, end: usize, needle: &str) -> bool {
    let needle_ends_word = needle
        .chars()
        .next_back()
        .is_some_and(char::is_alphanumeric);
    let next_in_word = text
        .get(end..)
        .and_then(|rest| rest.chars().next())
        .is_some_and(char::is_alphanumeric);
    !(needle_ends_word && next_in_word)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn archive(text: &str) -> ArchiveText {
        ArchiveText::from_plain_text(text)
    }

    /// The archive's text at each part of a found quote; panics with the outcome otherwise.
    fn found_texts<'a>(archive: &'a ArchiveText, quote: &str) -> Vec<&'a str> {
        match find_quote(archive, quote) {
            QuoteMatch::Found { parts } => parts
                .into_iter()
                .map(|range| &archive.text()[range])
                .collect(),
            other => panic!("{quote:?} not found: {other:?}"),
        }
    }

    fn is_found(archive: &ArchiveText, quote: &str) -> bool {
        matches!(find_quote(archive, quote), QuoteMatch::Found { .. })
    }

    #[test]
    fn html_drops_script_and_style_contents_and_tags_and_decodes_entities() {
        let page = ArchiveText::from_html(
            "<html><head><style>p { color: red }</style>\
             <script>var hidden = \"Caf&eacute; secret\";</script></head>\
             <body><p>Caf&eacute; &amp; &#8220;bar&#8221;&nbsp;closed</p>\
             <SCRIPT type=\"text/javascript\">track(\"the reader\")</SCRIPT><p>The reader</p></body></html>",
        );
        assert_eq!(page.text(), "Café & “bar” closed\nThe reader");
        assert_eq!(
            found_texts(&page, "café & bar closed"),
            ["Café & “bar” closed"]
        );
        assert!(!is_found(&page, "secret"));
        assert!(!is_found(&page, "color: red"));
        assert!(!is_found(&page, "track"));
    }

    #[test]
    fn archives_are_read_by_extension() {
        let dir = tempfile::tempdir().unwrap();
        let html = dir.path().join("page.HTM");
        std::fs::write(&html, "<p>Dear&nbsp;<b>reader</b></p><script>x</script>").unwrap();
        assert_eq!(read_archive(&html).unwrap().text(), "Dear reader");
        let markdown = dir.path().join("notes.md");
        std::fs::write(&markdown, "\u{feff}# Title\n\n<b>kept</b> as written").unwrap();
        assert_eq!(
            read_archive(&markdown).unwrap().text(),
            "# Title\n\n<b>kept</b> as written"
        );
        let pdf = dir.path().join("article.pdf");
        std::fs::write(&pdf, "%PDF").unwrap();
        assert_eq!(
            read_archive(&pdf).unwrap_err().to_string(),
            "archives are read as .txt, .md, .html or .htm, not .pdf"
        );
        assert_eq!(
            read_archive(&dir.path().join("gone.txt"))
                .unwrap_err()
                .to_string(),
            "no such file"
        );
        let folder = dir.path().join("folder.txt");
        std::fs::create_dir(&folder).unwrap();
        assert!(matches!(read_archive(&folder), Err(ArchiveError::NotAFile)));
    }

    #[test]
    fn archives_over_16_mb_are_refused_before_reading() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("huge.txt");
        // Sparse: no 16 MB are written, and none are read (the size is checked first).
        let file = std::fs::File::create(&path).unwrap();
        file.set_len(MAX_ARCHIVE_BYTES + 1).unwrap();
        drop(file);
        let error = read_archive(&path).unwrap_err();
        assert!(
            matches!(error, ArchiveError::TooLarge { bytes } if bytes == MAX_ARCHIVE_BYTES + 1)
        );
        assert_eq!(error.to_string(), "archive is 16.1 MB; the limit is 16 MB");
        assert_eq!(
            ArchiveError::TooLarge {
                bytes: 40 * 1024 * 1024
            }
            .to_string(),
            "archive is 40 MB; the limit is 16 MB"
        );
    }

    #[test]
    fn archives_that_are_not_utf8_are_refused_with_the_place_of_the_bad_byte() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("latin1.txt");
        std::fs::write(&path, b"first line\nCaf\xe9 society").unwrap();
        let error = read_archive(&path).unwrap_err();
        assert_eq!(
            error.to_string(),
            "archive is not valid UTF-8: byte 0xe9 at line 2, column 4 (save it as UTF-8)"
        );
        let cut = dir.path().join("cut.html");
        std::fs::write(&cut, "caf\u{e9}".as_bytes().split_last().unwrap().1).unwrap();
        assert!(matches!(
            read_archive(&cut),
            Err(ArchiveError::NotUtf8 { byte: None, .. })
        ));
    }

    #[test]
    fn archive_paths_resolve_against_the_timeline_folder_or_the_archive_dir() {
        let timeline = Path::new("stories/mexico.ron");
        assert_eq!(
            resolve_archive_path("articles/vice.txt", ArchiveBase::TimelineFile(timeline)).unwrap(),
            Path::new("stories/articles/vice.txt")
        );
        assert_eq!(
            resolve_archive_path(
                "vice.txt",
                ArchiveBase::TimelineFile(Path::new("mexico.ron"))
            )
            .unwrap(),
            Path::new("vice.txt")
        );
        assert_eq!(
            resolve_archive_path("vice.txt", ArchiveBase::Directory(Path::new("/saved"))).unwrap(),
            Path::new("/saved/vice.txt")
        );
        assert!(matches!(
            resolve_archive_path(
                "https://example.com/a.html",
                ArchiveBase::TimelineFile(timeline)
            ),
            Err(ArchiveError::NotLocal)
        ));
    }

    #[test]
    fn line_breaks_and_runs_of_whitespace_inside_a_quote_are_one_space() {
        let text = archive("Mexico wants\n  him\r\n\tbad, said one person.");
        assert_eq!(
            found_texts(&text, "Mexico wants him bad"),
            ["Mexico wants\n  him\r\n\tbad"]
        );
        assert_eq!(
            found_texts(&text, "wants  him\nbad,"),
            ["wants\n  him\r\n\tbad,"]
        );
    }

    #[test]
    fn case_does_not_matter() {
        let text = archive("“Mexico wants him bad,” said one person.");
        assert_eq!(
            found_texts(&text, "MEXICO WANTS HIM BAD"),
            ["Mexico wants him bad"]
        );
        let accents = archive("ÉL DIJO: Señor Treviño");
        assert_eq!(found_texts(&accents, "señor TREVIÑO"), ["Señor Treviño"]);
    }

    #[test]
    fn quotation_marks_and_apostrophes_of_every_style_are_ignored() {
        let text = archive("known as “El Mini Lic,” the son of El Chapo’s former right-hand man");
        let marks = [
            ('\'', '\''),
            ('"', '"'),
            ('‘', '’'),
            ('“', '”'),
            ('«', '»'),
            ('‹', '›'),
            ('„', '“'),
            ('‚', '‘'),
            ('»', '«'),
        ];
        for (open, close) in marks {
            let quote =
                format!("known as {open}El Mini Lic,{close} the son of El Chapo{close}s former");
            assert_eq!(
                found_texts(&text, &quote),
                ["known as “El Mini Lic,” the son of El Chapo’s former"],
                "{quote}"
            );
            let apostrophe = format!("El Chapo{open}s former right-hand man");
            assert!(is_found(&text, &apostrophe), "{apostrophe}");
        }
        // Without any mark at all, too.
        assert!(is_found(
            &text,
            "known as El Mini Lic, the son of El Chapos former"
        ));
    }

    #[test]
    fn dashes_of_every_kind_are_one_dash_with_or_without_spaces() {
        let text =
            archive("what had—until then—been a quietly touchy subject; ex–Sinaloa Cartel boss");
        for dash in [
            "-", "‐", "‑", "‒", "–", "—", "―", "−", "--", " - ", " — ", "– ",
        ] {
            let quote = format!("what had{dash}until then{dash}been");
            assert_eq!(
                found_texts(&text, &quote),
                ["what had—until then—been"],
                "{quote}"
            );
            let prefix = format!("ex{dash}Sinaloa Cartel boss");
            assert!(is_found(&text, &prefix), "{prefix}");
        }
        assert!(!is_found(&text, "what had until then been"));
    }

    #[test]
    fn an_ellipsis_stands_for_omitted_words_in_order() {
        let text = archive(
            "Mexico has extradited 29 alleged drug traffickers to the US amid mounting pressure \
             from the Trump administration to crack down on fentanyl smuggling or face tariffs.",
        );
        for ellipsis in ["…", "...", "....", " … ", "[…]", " [...] ", "(...)"] {
            let quote = format!("Mexico has extradited 29{ellipsis}to crack down on fentanyl");
            assert_eq!(
                found_texts(&text, &quote),
                ["Mexico has extradited 29", "to crack down on fentanyl"],
                "{quote}"
            );
        }
        // Leading and trailing ellipses only mark a cut sentence.
        assert_eq!(found_texts(&text, "…face tariffs…"), ["face tariffs"]);
        // Out of order: not found.
        assert!(!is_found(
            &text,
            "to crack down on fentanyl … Mexico has extradited 29"
        ));
        // Every part must be there.
        assert!(!is_found(
            &text,
            "Mexico has extradited 29 … to stop fentanyl"
        ));
    }

    #[test]
    fn an_ellipsis_does_not_join_parts_farther_apart_than_the_limit() {
        let filler = |chars: usize| "x".repeat(chars - 2);
        // Between "begin" and "end": a space, the filler, a space = exactly the limit.
        let near = archive(&format!("begin {} end", filler(MAX_OMISSION_CHARS)));
        assert!(is_found(&near, "begin … end"));
        let far = archive(&format!("begin {} end", filler(MAX_OMISSION_CHARS + 1)));
        assert!(!is_found(&far, "begin … end"));
        // A later start that is close enough is found even when the first one is not.
        let later = archive(&format!(
            "begin {} begin and then end",
            filler(MAX_OMISSION_CHARS + 10)
        ));
        let QuoteMatch::Found { parts } = find_quote(&later, "begin … end") else {
            panic!("the second begin is close enough");
        };
        assert_eq!(&later.text()[parts[0].clone()], "begin");
        assert!(parts[0].start > MAX_OMISSION_CHARS);
    }

    #[test]
    fn quotes_match_whole_words_only() {
        let text = archive("she said the shipment arrived");
        assert!(!is_found(&text, "he said"));
        assert!(!is_found(&text, "the ship"));
        assert!(is_found(&text, "said the shipment"));
    }

    #[test]
    fn ranges_point_into_the_original_text_across_dropped_and_multibyte_characters() {
        // `İ` lowercases to two characters; `’` and `“ ”` are dropped; NBSP is whitespace.
        let text = archive("İstanbul’s «market»\u{a0}opens — “at dawn”, he wrote");
        assert_eq!(
            found_texts(&text, "İSTANBUL'S market opens - at dawn"),
            ["İstanbul’s «market»\u{a0}opens — “at dawn"]
        );
        assert_eq!(found_texts(&text, "market"), ["market"]);
    }

    #[test]
    fn a_near_miss_names_the_closest_passage() {
        let text = archive(
            "Caro Quintero was sent to New York, where he has been indicted on drug-trafficking \
             charges. The 72-year-old co-founded the Guadalajara Cartel, once one of Latin \
             America’s most powerful drug groups.",
        );
        let QuoteMatch::NotFound {
            closest: Some(closest),
        } = find_quote(
            &text,
            "The 72-year-old founded the Guadalajara Cartel, once Latin America's most powerful",
        )
        else {
            panic!("expected a near miss");
        };
        assert_eq!(
            closest.passage,
            "The 72-year-old co-founded the Guadalajara Cartel, once one of Latin America’s most powerful"
        );
        // Every word of the quote is there, in order, but with others between them.
        assert_eq!(closest.share, 1.0);
        assert_eq!(&text.text()[closest.range], closest.passage);
        // Nothing like it: no passage is offered.
        assert_eq!(
            find_quote(&text, "Sheinbaum confirmed drone flights over Sinaloa"),
            QuoteMatch::NotFound { closest: None }
        );
    }

    #[test]
    fn a_quote_of_marks_alone_is_empty() {
        let text = archive("anything");
        assert_eq!(find_quote(&text, " “…” — "), QuoteMatch::Empty);
        assert_eq!(find_quote(&text, ""), QuoteMatch::Empty);
    }
}
