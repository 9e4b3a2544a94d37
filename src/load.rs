//! File text → [`Timeline`] + diagnostics.
//!
//! Decoding walks the RON tokens directly into the model, keeping the position of every value that
//! validation may need to point at (the [`SourceMap`]). A wrong value is reported and skipped so
//! that one pass reports every problem; only a syntax error stops the pass.

use std::borrow::Cow;
use std::io::Read as _;
use std::ops::Range;
use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

use crate::date::Date;
use crate::diagnostic::{Diagnostic, Problem, Severity, locate, quoted};
use crate::model::{
    Cartel, Dispute, Era, Event, FORMAT_VERSION, Interned, Interner, Kind, Person, PolicyKind,
    References, Source, Timeline,
};
use crate::ron_lexer::{LexError, Lexer, Token, TokenKind};
use crate::suggest::closest;
use crate::validate;
use crate::validate::EarlyChecks;

/// Files larger than this are refused before reading: a timeline is text, and a larger file is
/// almost surely not one (or would exhaust memory).
pub const MAX_FILE_BYTES: u64 = 512 * 1024 * 1024;

/// Deeper nesting than this is refused: no valid timeline nests more than a handful of levels.
pub const MAX_NESTING: usize = 128;

/// Decoding stops after this many errors: a file with thousands of errors is not a timeline (a
/// 10 MB list of numbers would otherwise give millions of diagnostics and exhaust memory).
pub const MAX_DECODE_ERRORS: usize = 1000;

/// The result of loading: the timeline if it has no errors, and every diagnostic.
#[derive(Clone, Debug, Default)]
pub struct Loaded {
    pub timeline: Option<Timeline>,
    pub diagnostics: Vec<Diagnostic>,
}

impl Loaded {
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }

    fn failed(diagnostic: Diagnostic) -> Loaded {
        Loaded {
            timeline: None,
            diagnostics: vec![diagnostic],
        }
    }
}

/// Why a file could not be read at all (as opposed to read and found wrong).
#[derive(Debug)]
pub enum ReadError {
    Io(std::io::Error),
    /// Over [`MAX_FILE_BYTES`]: the size found (at least that many bytes).
    TooLarge(u64),
    Directory,
    /// A device, pipe or socket: reading it might never end (`/dev/zero`) or block forever.
    NotAFile,
}

impl std::fmt::Display for ReadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ReadError::Io(error) => write!(f, "{error}"),
            ReadError::TooLarge(bytes) => write!(
                f,
                "the file is {} MiB; files over {} MiB are refused",
                bytes / (1024 * 1024),
                MAX_FILE_BYTES / (1024 * 1024)
            ),
            ReadError::Directory => f.write_str("it is a directory, not a timeline file"),
            ReadError::NotAFile => {
                f.write_str("not a regular file (a device, pipe or socket is never read)")
            }
        }
    }
}

impl std::error::Error for ReadError {}

/// Reads a file's bytes, refusing directories, devices, pipes and files over [`MAX_FILE_BYTES`]
/// before reading.
pub fn read_file_bytes(path: &Path) -> Result<Vec<u8>, ReadError> {
    // Checked on the path first: opening a pipe would block until something writes to it.
    check_readable(&std::fs::metadata(path).map_err(ReadError::Io)?)?;
    let file = std::fs::File::open(path).map_err(ReadError::Io)?;
    // And again on what was opened, in case the path changed in between.
    let metadata = file.metadata().map_err(ReadError::Io)?;
    check_readable(&metadata)?;
    // A file that grows while it is read (a log being written) still stops at the limit.
    let mut bytes = Vec::with_capacity(usize::try_from(metadata.len()).unwrap_or(0));
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(ReadError::Io)?;
    let read = bytes.len() as u64;
    if read > MAX_FILE_BYTES {
        return Err(ReadError::TooLarge(read));
    }
    Ok(bytes)
}

fn check_readable(metadata: &std::fs::Metadata) -> Result<(), ReadError> {
    if metadata.is_dir() {
        return Err(ReadError::Directory);
    }
    if !metadata.is_file() {
        return Err(ReadError::NotAFile);
    }
    if metadata.len() > MAX_FILE_BYTES {
        return Err(ReadError::TooLarge(metadata.len()));
    }
    Ok(())
}

/// Reads and loads a RON timeline file.
pub fn load_file(path: &Path) -> Result<Loaded, ReadError> {
    Ok(load_bytes(&read_file_bytes(path)?))
}

/// Loads bytes: checks UTF-8 (naming the line and column of the first bad byte) and a BOM.
pub fn load_bytes(bytes: &[u8]) -> Loaded {
    match std::str::from_utf8(bytes) {
        Ok(text) => load_str(text),
        Err(error) => not_utf8(bytes, &error),
    }
}

fn not_utf8(bytes: &[u8], error: &std::str::Utf8Error) -> Loaded {
    let valid_up_to = error.valid_up_to();
    // The prefix is valid UTF-8 by definition, so positions can be counted on it.
    let prefix = std::str::from_utf8(&bytes[..valid_up_to]).unwrap_or_default();
    let bad_byte = bytes.get(valid_up_to).copied().unwrap_or_default();
    let message = match error.error_len() {
        Some(_) => format!(
            "the file is not valid UTF-8: byte 0x{bad_byte:02x} cannot start or continue a character here (was the file saved as Latin-1 or Windows-1252? save it as UTF-8)"
        ),
        None => {
            "the file is not valid UTF-8: it ends in the middle of a character (is it cut short?)"
                .to_string()
        }
    };
    let problem = Problem::error(valid_up_to..bytes.len().min(valid_up_to + 1), message);
    Loaded {
        timeline: None,
        diagnostics: locate(prefix, vec![problem]),
    }
}

/// Loads RON text (a leading BOM is ignored): parse, then validate.
pub fn load_str(text: &str) -> Loaded {
    load_text(text, None, None).unwrap_or_default()
}

/// Sees every decoded event once, in order, right after the loader checked it — while its
/// strings are still in the processor's cache, and for large files on the loader's second
/// thread. This is how [`crate::index`] builds its index during the load.
pub trait EventVisitor: Send {
    /// Called when the list of events begins, with what was decoded before it (people, cartels
    /// and sources are usually written first, but need not be).
    fn begin_events(&mut self, _timeline: &Timeline) {}

    /// The next event; its index in `timeline.events` is the number of events visited before.
    fn visit(&mut self, event: &Event);
}

/// Progress of a load running on another thread, and the way to cancel it. Share it (e.g. in an
/// `Arc`) between the thread that loads and the one that draws a progress bar.
#[derive(Debug, Default)]
pub struct LoadProgress {
    total_bytes: AtomicU64,
    read_bytes: AtomicU64,
    parsed_bytes: AtomicU64,
    cancelled: AtomicBool,
}

impl LoadProgress {
    pub fn new() -> LoadProgress {
        LoadProgress::default()
    }

    /// Asks the load to stop; it returns `None` soon after (within a few thousand events).
    pub fn cancel(&self) {
        self.cancelled.store(true, Ordering::Relaxed);
    }

    pub fn is_cancelled(&self) -> bool {
        self.cancelled.load(Ordering::Relaxed)
    }

    /// Size of the file, once known (0 before).
    pub fn total_bytes(&self) -> u64 {
        self.total_bytes.load(Ordering::Relaxed)
    }

    pub fn read_bytes(&self) -> u64 {
        self.read_bytes.load(Ordering::Relaxed)
    }

    pub fn parsed_bytes(&self) -> u64 {
        self.parsed_bytes.load(Ordering::Relaxed)
    }

    /// Share of the work done, 0–1: reading counts for a tenth, parsing for the rest (validation
    /// after parsing is quick).
    pub fn fraction(&self) -> f32 {
        let total = self.total_bytes();
        if total == 0 {
            return 0.0;
        }
        let read = self.read_bytes().min(total) as f64 / total as f64;
        let parsed = self.parsed_bytes().min(total) as f64 / total as f64;
        (0.1 * read + 0.9 * parsed) as f32
    }
}

/// Like [`read_file_bytes`], in chunks, counting bytes read in `progress`. `Ok(None)` when the
/// load was cancelled.
pub fn read_file_with_progress(
    path: &Path,
    progress: &LoadProgress,
) -> Result<Option<Vec<u8>>, ReadError> {
    const CHUNK: usize = 8 << 20;
    // Same checks as `read_file_bytes`: on the path (opening a pipe would block), then on what
    // was opened.
    check_readable(&std::fs::metadata(path).map_err(ReadError::Io)?)?;
    let mut file = std::fs::File::open(path).map_err(ReadError::Io)?;
    let metadata = file.metadata().map_err(ReadError::Io)?;
    check_readable(&metadata)?;
    progress
        .total_bytes
        .store(metadata.len(), Ordering::Relaxed);
    let mut bytes = Vec::with_capacity(usize::try_from(metadata.len()).unwrap_or(0));
    loop {
        if progress.is_cancelled() {
            return Ok(None);
        }
        // `take` keeps a file that grows while being read within the limit too.
        let limit = (MAX_FILE_BYTES + 1).saturating_sub(bytes.len() as u64);
        let read = (&mut file)
            .take((CHUNK as u64).min(limit))
            .read_to_end(&mut bytes)
            .map_err(ReadError::Io)?;
        progress
            .read_bytes
            .store(bytes.len() as u64, Ordering::Relaxed);
        if bytes.len() as u64 > MAX_FILE_BYTES {
            return Err(ReadError::TooLarge(bytes.len() as u64));
        }
        if read == 0 {
            progress
                .total_bytes
                .store(bytes.len() as u64, Ordering::Relaxed);
            return Ok(Some(bytes));
        }
    }
}

/// The loader for the app: [`load_bytes`] that reports parsed bytes in `progress`, stops when it
/// is cancelled (then `None`), and shows each event to `visitor` as it is decoded. See
/// [`crate::index::load_indexed`].
pub fn load_bytes_visiting(
    bytes: &[u8],
    progress: &LoadProgress,
    visitor: &mut dyn EventVisitor,
) -> Option<Loaded> {
    progress
        .total_bytes
        .fetch_max(bytes.len() as u64, Ordering::Relaxed);
    match std::str::from_utf8(bytes) {
        Ok(text) => load_text(text, Some(progress), Some(visitor)),
        Err(error) => Some(not_utf8(bytes, &error)),
    }
}

/// From this size on, events are decoded and checked on two threads
/// ([`Decoder::events_pipelined`]); below, a thread would cost more than it saves.
pub(crate) const PIPELINE_MIN_BYTES: usize = 1 << 20;

fn load_text<'a>(
    text: &'a str,
    progress: Option<&'a LoadProgress>,
    visitor: Option<&'a mut (dyn EventVisitor + 'a)>,
) -> Option<Loaded> {
    let (decoded, mut problems, cancelled) = decode_with(text, progress, visitor);
    if cancelled {
        return None;
    }
    let timeline = match decoded {
        Some((timeline, source_map)) => {
            problems.extend(validate::validate(&timeline, &source_map));
            Some(timeline)
        }
        None => None,
    };
    if progress.is_some_and(LoadProgress::is_cancelled) {
        return None;
    }
    let diagnostics = locate(text, problems);
    let has_errors = diagnostics.iter().any(Diagnostic::is_error);
    if diagnostics.is_empty() && timeline.is_none() {
        return Some(Loaded::failed(Diagnostic::whole_file(
            Severity::Error,
            "the file could not be read as a timeline",
        )));
    }
    Some(Loaded {
        timeline: if has_errors { None } else { timeline },
        diagnostics,
    })
}

/// Where each value that validation points at was written. Indices follow the timeline's vectors.
///
/// Events are by far the most numerous, so only where each one starts is kept (8 bytes per event);
/// [`SourceMap::event_spans`] reads an event again to find its other positions when a problem
/// needs one, which a clean file never does.
#[derive(Clone, Debug, Default)]
pub struct SourceMap<'t> {
    text: &'t str,
    pub eras: Vec<EraSpans>,
    pub cartels: Vec<EntitySpans>,
    pub people: Vec<PersonSpans>,
    pub sources: Vec<SourceSpans>,
    /// Byte offset of each decoded event (its name or opening parenthesis).
    event_starts: Vec<usize>,
    /// Ids of entities that were written but failed to decode: references to them are not
    /// reported as unknown (the entity's own error says what is wrong).
    pub undecoded_ids: Vec<String>,
    /// Checks done while decoding (see [`EarlyChecks`]); `None` when the map was not made by
    /// the decoder.
    early: Option<EarlyChecks>,
}

impl SourceMap<'_> {
    pub(crate) fn early_checks(&self) -> Option<&EarlyChecks> {
        self.early.as_ref()
    }

    /// Number of decoded events (the length of the timeline's `events`).
    pub fn event_count(&self) -> usize {
        self.event_starts.len()
    }

    /// The positions of event `index`'s values, found by decoding the event again from where it
    /// starts (it decoded the first time, so it decodes the same way). Default spans when `index`
    /// is out of range.
    pub fn event_spans(&self, index: usize) -> EventSpans {
        let Some(&start) = self.event_starts.get(index) else {
            return EventSpans::default();
        };
        let mut decoder = Decoder::new(self.text, start);
        decoder.record_event_spans = true;
        let mut events = Vec::with_capacity(1);
        match decoder.event(&mut events) {
            Ok(()) => decoder.last_event_spans.unwrap_or_default(),
            Err(Fatal) => EventSpans::default(),
        }
    }
}

pub type Span = Range<usize>;

#[derive(Clone, Debug, Default)]
pub struct EraSpans {
    pub start: Span,
    pub end: Span,
}

#[derive(Clone, Debug, Default)]
pub struct EntitySpans {
    pub id: Span,
    pub color: Span,
}

#[derive(Clone, Debug, Default)]
pub struct PersonSpans {
    pub id: Span,
    pub cartels: Vec<Span>,
}

#[derive(Clone, Debug, Default)]
pub struct SourceSpans {
    pub id: Span,
    pub url: Span,
}

#[derive(Clone, Debug, Default)]
pub struct EventSpans {
    /// The event's name (`Event`) or opening parenthesis.
    pub start: Span,
    pub id: Span,
    pub end: Span,
    pub title: Span,
    pub people: Vec<Span>,
    pub cartels: Vec<Span>,
    pub sources: Vec<Span>,
    /// For each dispute: its source reference.
    pub dispute_sources: Vec<Span>,
}

/// A syntax error has been recorded and decoding cannot go on.
struct Fatal;

/// A struct as written in the file: where it starts and which of its fields it gives.
struct Written {
    start: Span,
    /// One bit per field, by index in the struct's field list (no struct has more than 64).
    given: u64,
}

type Parse<T> = Result<T, Fatal>;

/// Decodes text into a timeline and the positions of its values. `None` after a syntax error or
/// when the top level is not a timeline; the problems say why.
pub fn decode(text: &str) -> (Option<(Timeline, SourceMap<'_>)>, Vec<Problem>) {
    let (decoded, problems, _) = decode_with(text, None, None);
    (decoded, problems)
}

/// [`decode`] reporting to `progress`; the flag says it was cancelled.
type Decoded<'t> = (Option<(Timeline, SourceMap<'t>)>, Vec<Problem>, bool);

fn decode_with<'t>(
    text: &'t str,
    progress: Option<&'t LoadProgress>,
    visitor: Option<&'t mut (dyn EventVisitor + 't)>,
) -> Decoded<'t> {
    let text_without_bom = text.strip_prefix('\u{feff}');
    let bom_length = text.len() - text_without_bom.map_or(text.len(), str::len);
    // Skipping the BOM in the lexer keeps every span relative to the original text.
    let mut decoder = Decoder::new(text, bom_length);
    decoder.progress = progress;
    decoder.visitor = visitor;
    let result = decoder.document();
    if let Some(progress) = progress {
        progress
            .parsed_bytes
            .store(decoder.lexer.offset() as u64, Ordering::Relaxed);
    }
    (result.ok().flatten(), decoder.problems, decoder.cancelled)
}

struct Decoder<'t> {
    lexer: Lexer<'t>,
    problems: Vec<Problem>,
    map: SourceMap<'t>,
    /// Whether [`Decoder::event`] keeps the spans of every reference (when reading an event again
    /// for [`SourceMap::event_spans`]) or only where the event starts (the first pass).
    record_event_spans: bool,
    last_event_spans: Option<EventSpans>,
    /// Reused by [`Decoder::strings`], and by [`Decoder::event`] for its people, cartels,
    /// sources and tags (which end up in one [`References`] allocation).
    scratch: Vec<String>,
    reference_lists: [Vec<Interned>; 4],
    interner: Interner,
    /// Whether [`Decoder::events_pipelined`] runs the early checks on its own thread.
    pipelined: bool,
    progress: Option<&'t LoadProgress>,
    visitor: Option<&'t mut (dyn EventVisitor + 't)>,
    /// List items read, to report progress every few thousand.
    items_read: u32,
    cancelled: bool,
    /// Set once [`MAX_DECODE_ERRORS`] errors are recorded: the next token read stops decoding.
    gave_up: bool,
}

impl<'t> Decoder<'t> {
    fn new(text: &'t str, offset: usize) -> Self {
        Decoder {
            lexer: Lexer::new_at(text, offset),
            problems: Vec::new(),
            map: SourceMap {
                text,
                early: Some(EarlyChecks::default()),
                ..SourceMap::default()
            },
            record_event_spans: false,
            last_event_spans: None,
            scratch: Vec::new(),
            reference_lists: Default::default(),
            interner: Interner::default(),
            pipelined: false,
            progress: None,
            visitor: None,
            items_read: 0,
            cancelled: false,
            gave_up: false,
        }
    }
}

/// The fields each struct accepts, in the order the error message lists them.
const TIMELINE_FIELDS: &[&str] = &[
    "format",
    "title",
    "description",
    "eras",
    "cartels",
    "people",
    "sources",
    "events",
];
const ERA_FIELDS: &[&str] = &["title", "start", "end"];
const CARTEL_FIELDS: &[&str] = &["id", "name", "aliases", "color"];
const PERSON_FIELDS: &[&str] = &["id", "name", "aliases", "cartels"];
const SOURCE_FIELDS: &[&str] = &["id", "outlet", "title", "url", "published"];
const EVENT_FIELDS: &[&str] = &[
    "id", "kind", "date", "end", "title", "summary", "place", "people", "cartels", "sources",
    "tags", "disputed",
];
const DISPUTE_FIELDS: &[&str] = &["date", "source", "note"];

/// The required fields of each struct, as bits by index in its field list above: checking them
/// is one mask test per struct (a million events in a large file).
const TIMELINE_REQUIRED: u64 = field_bits(&[1]); // title
const ERA_REQUIRED: u64 = field_bits(&[0, 1, 2]); // title, start, end
const CARTEL_REQUIRED: u64 = field_bits(&[0, 1]); // id, name
const PERSON_REQUIRED: u64 = field_bits(&[0, 1]); // id, name
const SOURCE_REQUIRED: u64 = field_bits(&[0, 2]); // id, title
const EVENT_REQUIRED: u64 = field_bits(&[0, 1, 2, 4]); // id, kind, date, title
const DISPUTE_REQUIRED: u64 = field_bits(&[0, 1]); // date, source

const fn field_bits(indices: &[usize]) -> u64 {
    let mut bits = 0;
    let mut at = 0;
    while at < indices.len() {
        bits |= 1 << indices[at];
        at += 1;
    }
    bits
}

impl<'t> Decoder<'t> {
    // ---- tokens ------------------------------------------------------------------------------

    /// Every few thousand list items: publish how far parsing got, and stop when cancelled.
    fn report_progress(&mut self) -> Parse<()> {
        const EVERY: u32 = 4096;
        self.items_read = self.items_read.wrapping_add(1);
        if !self.items_read.is_multiple_of(EVERY) {
            return Ok(());
        }
        let Some(progress) = self.progress else {
            return Ok(());
        };
        progress
            .parsed_bytes
            .store(self.lexer.offset() as u64, Ordering::Relaxed);
        if progress.is_cancelled() {
            self.cancelled = true;
            return Err(Fatal);
        }
        Ok(())
    }

    fn lex_failed(&mut self, error: LexError) -> Fatal {
        self.problems
            .push(Problem::error(error.span, error.message));
        Fatal
    }

    fn peek(&mut self) -> Parse<Token<'t>> {
        if self.gave_up {
            return Err(Fatal);
        }
        match self.lexer.peek() {
            Ok(token) => Ok(token.clone()),
            Err(error) => Err(self.lex_failed(error)),
        }
    }

    fn next(&mut self) -> Parse<Token<'t>> {
        if self.gave_up {
            return Err(Fatal);
        }
        self.lexer
            .next_token()
            .map_err(|error| self.lex_failed(error))
    }

    fn syntax_error(&mut self, span: Span, message: impl Into<String>) -> Fatal {
        self.problems.push(Problem::error(span, message));
        Fatal
    }

    /// Records an error and goes on, unless the file has so many that it is not worth going on.
    fn error(&mut self, span: Span, message: impl Into<String>) {
        self.problems.push(Problem::error(span.clone(), message));
        if self.problems.len() >= MAX_DECODE_ERRORS && !self.gave_up {
            self.gave_up = true;
            self.problems.push(Problem::error(
                span,
                format!("stopping after {MAX_DECODE_ERRORS} errors: fix these and check again"),
            ));
        }
    }

    /// Consumes a punctuation token or fails with "expected X context, found Y".
    fn expect(&mut self, wanted: TokenKind<'static>, context: &str) -> Parse<Span> {
        let token = self.next()?;
        if token.kind == wanted {
            Ok(token.span)
        } else {
            Err(self.syntax_error(
                token.span,
                format!(
                    "expected {} {context}, found {}",
                    wanted.describe(),
                    token.kind.describe()
                ),
            ))
        }
    }

    /// Skips one value of any shape, checking that brackets match and nest at most
    /// [`MAX_NESTING`] deep.
    fn skip_value(&mut self) -> Parse<()> {
        // The closing bracket each open bracket needs, and where it was opened.
        let mut closers: Vec<(TokenKind<'static>, Span)> = Vec::new();
        loop {
            let token = self.next()?;
            match token.kind {
                TokenKind::LParen | TokenKind::LBracket | TokenKind::LBrace => {
                    if closers.len() >= MAX_NESTING {
                        return Err(self.syntax_error(
                            token.span,
                            format!("values nest deeper than {MAX_NESTING} levels"),
                        ));
                    }
                    let closer = match token.kind {
                        TokenKind::LParen => TokenKind::RParen,
                        TokenKind::LBracket => TokenKind::RBracket,
                        _ => TokenKind::RBrace,
                    };
                    closers.push((closer, token.span));
                }
                TokenKind::RParen | TokenKind::RBracket | TokenKind::RBrace => {
                    match closers.last() {
                        Some((closer, _)) if *closer == token.kind => {
                            closers.pop();
                        }
                        Some((closer, _)) => {
                            let message = format!(
                                "expected {}, found {}",
                                closer.describe(),
                                token.kind.describe()
                            );
                            return Err(self.syntax_error(token.span, message));
                        }
                        None => {
                            let message =
                                format!("expected a value, found {}", token.kind.describe());
                            return Err(self.syntax_error(token.span, message));
                        }
                    }
                }
                TokenKind::Eof => {
                    let error = match closers.pop() {
                        Some((closer, opened)) => self.syntax_error(
                            opened,
                            format!(
                                "this bracket is never closed: expected {} before the end of the file",
                                closer.describe()
                            ),
                        ),
                        None => self.syntax_error(
                            token.span,
                            "expected a value, found the end of the file",
                        ),
                    };
                    return Err(error);
                }
                TokenKind::Colon | TokenKind::Comma if closers.is_empty() => {
                    return Err(self.syntax_error(
                        token.span,
                        format!("expected a value, found {}", token.kind.describe()),
                    ));
                }
                // `Name(…)` is one value: keep going into the parenthesis.
                TokenKind::Ident(_) if self.peek()?.kind == TokenKind::LParen => continue,
                _ => {}
            }
            if closers.is_empty() {
                return Ok(());
            }
        }
    }

    /// Reports a value of the wrong type and skips it.
    fn wrong_type(&mut self, expected: &str, context: &str) -> Parse<()> {
        let token = self.peek()?;
        let found = match &token.kind {
            TokenKind::LBracket => "a list".to_string(),
            TokenKind::LParen => "a parenthesised value".to_string(),
            TokenKind::LBrace => "a map".to_string(),
            TokenKind::Ident("Some") => {
                "`Some(…)` (only optional fields are written with `Some`)".to_string()
            }
            other => other.describe(),
        };
        let message = format!("{context}: expected {expected}, found {found}");
        if matches!(
            token.kind,
            TokenKind::RParen
                | TokenKind::RBracket
                | TokenKind::RBrace
                | TokenKind::Comma
                | TokenKind::Colon
                | TokenKind::Eof
        ) {
            // Not a value of the wrong type but no value at all: nothing to skip, and going on
            // would report the same token again.
            return Err(self.syntax_error(token.span, message));
        }
        self.error(token.span, message);
        self.skip_value()
    }

    // ---- generic shapes -------------------------------------------------------------------

    /// Reads `Name(field: value, …)` (the name may be left out), calling `field` for each known
    /// field. Unknown and repeated fields are reported. Returns where the struct starts and which
    /// fields it gives, or `None` when the value is not a struct at all (reported and skipped).
    fn structure(
        &mut self,
        type_name: &str,
        fields: &[&str],
        mut field: impl FnMut(&mut Self, usize, Span) -> Parse<()>,
    ) -> Parse<Option<Written>> {
        let first = self.peek()?;
        let start = first.span.clone();
        match first.kind {
            TokenKind::Ident(name) => {
                self.next()?;
                if self.peek()?.kind != TokenKind::LParen {
                    self.error(
                        start,
                        format!("expected `{type_name}(…)`, found {}", quoted(name)),
                    );
                    return Ok(None);
                }
                if name != type_name {
                    self.error(
                        start.clone(),
                        format!(
                            "expected `{type_name}(…)`, found {}",
                            quoted(&format!("{name}(…)"))
                        ),
                    );
                }
                self.next()?;
            }
            TokenKind::LParen => {
                self.next()?;
            }
            _ => {
                self.wrong_type(&format!("`{type_name}(…)`"), type_name)?;
                return Ok(None);
            }
        }
        // One bit per field (no struct has more than 64).
        let mut seen = 0u64;
        loop {
            let token = self.next()?;
            let name = match token.kind {
                TokenKind::RParen => {
                    return Ok(Some(Written { start, given: seen }));
                }
                TokenKind::Ident(name) => name,
                TokenKind::Eof => {
                    return Err(self.syntax_error(
                        start,
                        format!("`{type_name}(` is never closed: expected `)` before the end of the file"),
                    ));
                }
                other => {
                    return Err(self.syntax_error(
                        token.span,
                        format!(
                            "expected a field name or `)` in {type_name}, found {}",
                            other.describe()
                        ),
                    ));
                }
            };
            let colon = self.next()?;
            if colon.kind != TokenKind::Colon {
                // The message is built only on this path: formatting it for every field was a
                // measurable part of loading large files.
                return Err(self.syntax_error(
                    colon.span,
                    format!(
                        "expected `:` after field name {}, found {}",
                        quoted(name),
                        colon.kind.describe()
                    ),
                ));
            }
            match fields.iter().position(|&known| known == name) {
                Some(index) => {
                    let bit = 1u64 << (index % 64);
                    if seen & bit != 0 {
                        self.error(
                            token.span.clone(),
                            format!("field {} is given twice in {type_name}", quoted(name)),
                        );
                    }
                    seen |= bit;
                    field(self, index, token.span.clone())?;
                }
                None => {
                    let hint = closest(name, fields.iter().copied())
                        .map(|close| format!("did you mean `{close}`? "))
                        .unwrap_or_default();
                    self.error(
                        token.span.clone(),
                        format!(
                            "unknown field {} in {type_name}; {hint}expected one of: {}",
                            quoted(name),
                            fields.join(", ")
                        ),
                    );
                    self.skip_value()?;
                }
            }
            let after = self.peek()?;
            match after.kind {
                TokenKind::Comma => {
                    self.next()?;
                }
                TokenKind::RParen | TokenKind::Eof => {}
                other => {
                    return Err(self.syntax_error(
                        after.span,
                        format!(
                            "expected `,` or `)` after the value of {}, found {}",
                            quoted(name),
                            other.describe()
                        ),
                    ));
                }
            }
        }
    }

    /// Reads `[item, item, …]`; `item` reads one element.
    fn list(&mut self, context: &str, mut item: impl FnMut(&mut Self) -> Parse<()>) -> Parse<bool> {
        if self.peek()?.kind != TokenKind::LBracket {
            self.wrong_type("a list `[…]`", context)?;
            return Ok(false);
        }
        let open = self.next()?.span;
        loop {
            let token = self.peek()?;
            match token.kind {
                TokenKind::RBracket => {
                    self.next()?;
                    return Ok(true);
                }
                TokenKind::Eof => {
                    return Err(self.syntax_error(
                        open,
                        format!("the list of `{context}` is never closed: expected `]`"),
                    ));
                }
                TokenKind::RParen | TokenKind::RBrace => {
                    return Err(self.syntax_error(
                        token.span,
                        format!(
                            "expected `]` to close the list of `{context}`, found {}",
                            token.kind.describe()
                        ),
                    ));
                }
                _ => {
                    item(self)?;
                    self.report_progress()?;
                }
            }
            let after = self.peek()?;
            match after.kind {
                TokenKind::Comma => {
                    self.next()?;
                }
                TokenKind::RBracket => {}
                other => {
                    return Err(self.syntax_error(
                        after.span,
                        format!(
                            "expected `,` or `]` in the list of `{context}`, found {}",
                            other.describe()
                        ),
                    ));
                }
            }
        }
    }

    /// Unwraps `Some(…)` around an optional value; `None` means absent.
    fn optional<T>(
        &mut self,
        read: impl FnOnce(&mut Self) -> Parse<Option<T>>,
    ) -> Parse<Option<T>> {
        match self.peek()?.kind {
            TokenKind::Ident("None") => {
                self.next()?;
                Ok(None)
            }
            TokenKind::Ident("Some") => {
                self.next()?;
                self.expect(TokenKind::LParen, "after `Some`")?;
                let value = read(self)?;
                self.expect(TokenKind::RParen, "to close `Some(`")?;
                Ok(value)
            }
            _ => read(self),
        }
    }

    fn string(&mut self, context: &str) -> Parse<Option<(String, Span)>> {
        Ok(self
            .string_value(context)?
            .map(|(value, span)| (value.into_owned(), span)))
    }

    /// A string as written (borrowed from the text unless it has escapes).
    fn string_value(&mut self, context: &str) -> Parse<Option<(Cow<'t, str>, Span)>> {
        let token = self.peek()?;
        if let TokenKind::Str(value) = token.kind {
            self.next()?;
            return Ok(Some((value, token.span)));
        }
        self.wrong_type("a string", context)?;
        Ok(None)
    }

    fn optional_string(&mut self, context: &str) -> Parse<Option<(String, Span)>> {
        self.optional(|decoder| decoder.string(context))
    }

    /// A list of strings, each with its span.
    fn string_list(&mut self, context: &str) -> Parse<Vec<(String, Span)>> {
        let mut out = Vec::new();
        self.optional(|decoder| {
            decoder.list(context, |decoder| {
                if let Some(item) = decoder.string(context)? {
                    out.push(item);
                }
                Ok(())
            })?;
            Ok(Some(()))
        })?;
        Ok(out)
    }

    /// A list of strings; their spans are pushed to `spans` only when given.
    fn strings(&mut self, context: &str, spans: Option<&mut Vec<Span>>) -> Parse<Vec<String>> {
        // Items gather in a reused buffer, then move to a vector of exactly their number: a
        // million events keep their lists, and growing vectors leave up to 4× the space.
        let mut items = std::mem::take(&mut self.scratch);
        items.clear();
        let read = self.each_string(context, spans, |_, value| items.push(value.into_owned()));
        #[allow(clippy::drain_collect)] // keeps the buffer's allocation for the next list
        let out: Vec<String> = items.drain(..).collect();
        self.scratch = items;
        read?;
        Ok(out)
    }

    /// [`strings`](Self::strings) for the lists of events (references and tags), shared through
    /// the decoder's interner, into `items` (emptied first: a list written twice keeps the last).
    fn interned_strings(
        &mut self,
        context: &str,
        spans: Option<&mut Vec<Span>>,
        items: &mut Vec<Interned>,
    ) -> Parse<()> {
        items.clear();
        self.each_string(context, spans, |interner, value| {
            items.push(interner.intern(&value))
        })
    }

    /// Reads an optional list of strings, handing each to `item` and its span to `spans`.
    fn each_string(
        &mut self,
        context: &str,
        mut spans: Option<&mut Vec<Span>>,
        mut item: impl FnMut(&mut Interner, Cow<'t, str>),
    ) -> Parse<()> {
        self.optional(|decoder| {
            decoder.list(context, |decoder| {
                if let Some((value, span)) = decoder.string_value(context)? {
                    item(&mut decoder.interner, value);
                    if let Some(spans) = spans.as_deref_mut() {
                        spans.push(span);
                    }
                }
                Ok(())
            })?;
            Ok(Some(()))
        })
        .map(drop)
    }

    fn date(&mut self, context: &str) -> Parse<Option<(Date, Span)>> {
        // Parsed from the token, borrowed from the text: no string is allocated for a date.
        let token = self.peek()?;
        let TokenKind::Str(text) = token.kind else {
            self.wrong_type("a string", context)?;
            return Ok(None);
        };
        self.next()?;
        let span = token.span;
        match Date::parse(&text) {
            Ok(date) => Ok(Some((date, span))),
            Err(error) => {
                self.error(span, format!("{context}: {error}"));
                Ok(None)
            }
        }
    }

    fn optional_date(&mut self, context: &str) -> Parse<Option<(Date, Span)>> {
        self.optional(|decoder| decoder.date(context))
    }

    fn kind(&mut self) -> Parse<Option<Kind>> {
        const EXPECTED: &str = "Arrest, Release, Escape, Extradition, Court, Violence, Other or Policy(FtoDesignation | TariffDeadline | Tariff | Law | Agreement | Statement | Other)";
        let token = self.peek()?;
        let TokenKind::Ident(name) = token.kind else {
            self.wrong_type(&format!("a kind ({EXPECTED})"), "kind")?;
            return Ok(None);
        };
        self.next()?;
        if name == "Policy" {
            if self.peek()?.kind != TokenKind::LParen {
                self.error(
                    token.span,
                    "a policy kind needs its subkind, e.g. `Policy(Law)`",
                );
                return Ok(None);
            }
            self.next()?;
            let inner = self.next()?;
            let policy = match inner.kind {
                TokenKind::Ident(sub) => {
                    let found = PolicyKind::ALL
                        .into_iter()
                        .find(|p| p.variant_name() == sub);
                    if found.is_none() {
                        let hint = closest(sub, PolicyKind::ALL.iter().map(|p| p.variant_name()))
                            .map(|close| format!("did you mean `{close}`? "))
                            .unwrap_or_default();
                        self.error(
                            inner.span,
                            format!("unknown policy kind {}; {hint}expected one of: FtoDesignation, TariffDeadline, Tariff, Law, Agreement, Statement, Other", quoted(sub)),
                        );
                    }
                    found
                }
                other => {
                    return Err(self.syntax_error(
                        inner.span,
                        format!(
                            "expected a policy kind inside `Policy(…)`, found {}",
                            other.describe()
                        ),
                    ));
                }
            };
            self.expect(TokenKind::RParen, "to close `Policy(`")?;
            return Ok(policy.map(Kind::Policy));
        }
        let found = Kind::ALL
            .into_iter()
            .find(|kind| kind.unit_variant_name() == Some(name));
        if found.is_none() {
            let names = Kind::ALL
                .iter()
                .filter_map(|kind| kind.unit_variant_name())
                .chain(["Policy"]);
            let hint = closest(name, names)
                .map(|close| format!("did you mean `{close}`? "))
                .unwrap_or_default();
            self.error(
                token.span,
                format!("unknown kind {}; {hint}expected {EXPECTED}", quoted(name)),
            );
            if self.peek()?.kind == TokenKind::LParen {
                self.skip_value()?;
            }
        }
        Ok(found)
    }

    /// Reports each `required` field (bits by index in `fields`) that `written` does not give,
    /// in the order of `fields`; true when none is missing. A field given with a wrong value is
    /// not missing: its own error says what is wrong.
    fn missing(
        &mut self,
        written: &Written,
        type_name: &str,
        fields: &[&str],
        required: u64,
    ) -> bool {
        let absent = required & !written.given;
        if absent == 0 {
            return true;
        }
        for (index, name) in fields.iter().enumerate() {
            if absent & (1u64 << (index % 64)) != 0 {
                self.error(
                    written.start.clone(),
                    format!("missing field `{name}` in {type_name}"),
                );
            }
        }
        false
    }

    // ---- the format ---------------------------------------------------------------------

    /// The events list of a large file: this thread decodes, a second one runs the early checks
    /// (see [`EarlyChecks`]) on batches of decoded events, in order, and keeps them. The result
    /// and the problems are the same as decoding and checking on one thread; the two halves of
    /// the work take about as long each, so a load takes about half the time on two cores.
    fn events_pipelined(&mut self, events: &mut Vec<Event>) -> Parse<()> {
        const BATCH: usize = 4096;
        let Some(mut early) = self.map.early.take() else {
            return self.list("events", |d| d.event(events)).map(drop);
        };
        // Events go to the checker (and the visitor) there instead of here.
        let mut checked = std::mem::take(events);
        let mut visitor = self.visitor.take();
        std::thread::scope(|scope| {
            // A few batches in flight keep both threads busy without holding many events twice.
            let (sender, receiver) = std::sync::mpsc::sync_channel::<Vec<Event>>(4);
            // Emptied batches go back to be refilled: allocating them on one thread and freeing
            // them on the other made the allocator's locks a bottleneck.
            let (recycle, recycled) = std::sync::mpsc::channel::<Vec<Event>>();
            let checker = scope.spawn(move || {
                for mut batch in receiver {
                    checked.reserve(batch.len());
                    for event in batch.drain(..) {
                        early.event(&event, &checked);
                        if let Some(visitor) = &mut visitor {
                            visitor.visit(&event);
                        }
                        checked.push(event);
                    }
                    let _ = recycle.send(batch);
                }
                (checked, early, visitor)
            });
            self.pipelined = true;
            let mut batch = Vec::with_capacity(BATCH);
            let listed = self.list("events", |d| {
                d.event(&mut batch)?;
                if batch.len() >= BATCH {
                    let empty = recycled
                        .try_recv()
                        .unwrap_or_else(|_| Vec::with_capacity(BATCH));
                    // Sending fails only when the checker has stopped, which it does only after
                    // the sender is dropped below.
                    let _ = sender.send(std::mem::replace(&mut batch, empty));
                }
                Ok(())
            });
            self.pipelined = false;
            if !batch.is_empty() {
                let _ = sender.send(batch);
            }
            drop(sender);
            let (checked, early, visitor) = checker
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            *events = checked;
            self.map.early = Some(early);
            self.visitor = visitor;
            listed.map(drop)
        })
    }

    fn document(&mut self) -> Parse<Option<(Timeline, SourceMap<'t>)>> {
        // `#![enable(…)]` attributes, as the ron crate may write them.
        let mut attributes = false;
        while self.peek()?.kind == TokenKind::Hash {
            attributes = true;
            self.next()?;
            self.expect(
                TokenKind::Bang,
                "after `#` (an attribute is `#![enable(…)]`)",
            )?;
            if self.peek()?.kind != TokenKind::LBracket {
                let token = self.next()?;
                return Err(self.syntax_error(token.span, "expected `[` after `#!`"));
            }
            self.skip_value()?;
        }
        let first = self.peek()?;
        if first.kind == TokenKind::Eof {
            let has_content = self
                .lexer
                .text()
                .trim_start_matches('\u{feff}')
                .chars()
                .any(|c| !c.is_whitespace());
            let message = if attributes {
                "expected `Timeline(…)` after the attributes, found the end of the file"
            } else if has_content {
                "the file holds only comments: expected `Timeline(…)`"
            } else {
                "the file is empty: expected `Timeline(…)`"
            };
            return Err(self.syntax_error(first.span, message));
        }
        let timeline = self.timeline()?;
        let after = self.next()?;
        if after.kind != TokenKind::Eof {
            return Err(self.syntax_error(
                after.span,
                format!(
                    "unexpected {} after the end of the timeline",
                    after.kind.describe()
                ),
            ));
        }
        Ok(timeline.map(|timeline| (timeline, std::mem::take(&mut self.map))))
    }

    fn timeline(&mut self) -> Parse<Option<Timeline>> {
        let mut timeline = Timeline {
            format: FORMAT_VERSION,
            ..Timeline::default()
        };
        let written =
            self.structure(
                "Timeline",
                TIMELINE_FIELDS,
                |decoder, field, _| match TIMELINE_FIELDS[field] {
                    "format" => decoder.format_version(),
                    "title" => {
                        if let Some((value, _)) = decoder.string("title")? {
                            timeline.title = value;
                        }
                        Ok(())
                    }
                    "description" => {
                        timeline.description = decoder.optional_string("description")?.map(|v| v.0);
                        Ok(())
                    }
                    "eras" => decoder
                        .list("eras", |d| d.era(&mut timeline.eras))
                        .map(drop),
                    "cartels" => decoder
                        .list("cartels", |d| d.cartel(&mut timeline.cartels))
                        .map(drop),
                    "people" => decoder
                        .list("people", |d| d.person(&mut timeline.people))
                        .map(drop),
                    "sources" => decoder
                        .list("sources", |d| d.source(&mut timeline.sources))
                        .map(drop),
                    _ => {
                        if let Some(early) = &mut decoder.map.early {
                            early.begin_events(&timeline);
                        }
                        if let Some(visitor) = &mut decoder.visitor {
                            visitor.begin_events(&timeline);
                        }
                        if decoder.map.text.len() >= PIPELINE_MIN_BYTES {
                            decoder.events_pipelined(&mut timeline.events)
                        } else {
                            decoder
                                .list("events", |d| d.event(&mut timeline.events))
                                .map(drop)
                        }
                    }
                },
            )?;
        if let Some(early) = &mut self.map.early {
            early.finish(&timeline);
        }
        let Some(written) = written else {
            return Ok(None);
        };
        self.missing(&written, "Timeline", TIMELINE_FIELDS, TIMELINE_REQUIRED);
        Ok(Some(timeline))
    }

    fn format_version(&mut self) -> Parse<()> {
        let token = self.peek()?;
        match token.kind {
            TokenKind::Int(version) => {
                self.next()?;
                if version != i64::from(FORMAT_VERSION) {
                    self.error(
                        token.span,
                        format!("unsupported format {version}: this version of Chronolanes reads format {FORMAT_VERSION}"),
                    );
                }
                Ok(())
            }
            _ => self.wrong_type("the number 1", "format"),
        }
    }

    fn era(&mut self, eras: &mut Vec<Era>) -> Parse<()> {
        let (mut title, mut start, mut end) = (None, None, None);
        let written = self.structure("Era", ERA_FIELDS, |d, field, _| {
            match field {
                0 => title = d.string("Era title")?.map(|v| v.0),
                1 => start = d.date("Era start")?,
                _ => end = d.date("Era end")?,
            }
            Ok(())
        })?;
        let Some(written) = written else {
            return Ok(());
        };
        self.missing(&written, "Era", ERA_FIELDS, ERA_REQUIRED);
        if let (Some(title), Some((start, start_span)), Some((end, end_span))) = (title, start, end)
        {
            eras.push(Era { title, start, end });
            self.map.eras.push(EraSpans {
                start: start_span,
                end: end_span,
            });
        }
        Ok(())
    }

    fn cartel(&mut self, cartels: &mut Vec<Cartel>) -> Parse<()> {
        let (mut id, mut name, mut aliases, mut color) = (None, None, Vec::new(), None);
        let written = self.structure("Cartel", CARTEL_FIELDS, |d, field, _| {
            match field {
                0 => id = d.string("Cartel id")?,
                1 => name = d.string("Cartel name")?.map(|v| v.0),
                2 => aliases = d.strings("aliases", None)?,
                _ => color = d.optional_string("color")?,
            }
            Ok(())
        })?;
        let Some(written) = written else {
            return Ok(());
        };
        let complete = self.missing(&written, "Cartel", CARTEL_FIELDS, CARTEL_REQUIRED);
        match (id, name) {
            (Some((id, id_span)), Some(name)) if complete => {
                let color_span = color.as_ref().map(|c| c.1.clone()).unwrap_or_default();
                cartels.push(Cartel {
                    id,
                    name,
                    aliases,
                    color: color.map(|c| c.0),
                });
                self.map.cartels.push(EntitySpans {
                    id: id_span,
                    color: color_span,
                });
            }
            (Some((id, _)), _) => self.map.undecoded_ids.push(id),
            _ => {}
        }
        Ok(())
    }

    fn person(&mut self, people: &mut Vec<Person>) -> Parse<()> {
        let (mut id, mut name, mut aliases, mut memberships) = (None, None, Vec::new(), Vec::new());
        let written = self.structure("Person", PERSON_FIELDS, |d, field, _| {
            match field {
                0 => id = d.string("Person id")?,
                1 => name = d.string("Person name")?.map(|v| v.0),
                2 => aliases = d.strings("aliases", None)?,
                _ => memberships = d.string_list("cartels")?,
            }
            Ok(())
        })?;
        let Some(written) = written else {
            return Ok(());
        };
        self.missing(&written, "Person", PERSON_FIELDS, PERSON_REQUIRED);
        match (id, name) {
            (Some((id, id_span)), Some(name)) => {
                let (cartels, spans) = memberships.into_iter().unzip();
                people.push(Person {
                    id,
                    name,
                    aliases,
                    cartels,
                });
                self.map.people.push(PersonSpans {
                    id: id_span,
                    cartels: spans,
                });
            }
            (Some((id, _)), None) => self.map.undecoded_ids.push(id),
            _ => {}
        }
        Ok(())
    }

    fn source(&mut self, sources: &mut Vec<Source>) -> Parse<()> {
        let (mut id, mut outlet, mut title, mut url, mut published) =
            (None, None, None, None, None);
        let written = self.structure("Source", SOURCE_FIELDS, |d, field, _| {
            match field {
                0 => id = d.string("Source id")?,
                1 => outlet = d.optional_string("outlet")?.map(|v| v.0),
                2 => title = d.string("Source title")?.map(|v| v.0),
                3 => url = d.optional_string("url")?,
                _ => published = d.optional_date("published")?.map(|v| v.0),
            }
            Ok(())
        })?;
        let Some(written) = written else {
            return Ok(());
        };
        self.missing(&written, "Source", SOURCE_FIELDS, SOURCE_REQUIRED);
        match (id, title) {
            (Some((id, id_span)), Some(title)) => {
                let url_span = url.as_ref().map(|u| u.1.clone()).unwrap_or_default();
                sources.push(Source {
                    id,
                    outlet,
                    title,
                    url: url.map(|u| u.0),
                    published,
                });
                self.map.sources.push(SourceSpans {
                    id: id_span,
                    url: url_span,
                });
            }
            (Some((id, _)), None) => self.map.undecoded_ids.push(id),
            _ => {}
        }
        Ok(())
    }

    /// Decodes one event. The first pass keeps only where it starts; a second reading (see
    /// [`SourceMap::event_spans`]) keeps every span in `last_event_spans`.
    fn event(&mut self, events: &mut Vec<Event>) -> Parse<()> {
        let mut id = None;
        let mut kind = None;
        let mut date = None;
        let mut end = None;
        let mut title = None;
        let mut summary = None;
        let mut place = None;
        let [mut people, mut cartels, mut sources, mut tags] =
            std::mem::take(&mut self.reference_lists).map(|mut list| {
                list.clear();
                list
            });
        let mut disputed = Vec::new();
        let mut dispute_sources = Vec::new();
        let mut people_spans = Vec::new();
        let mut cartel_spans = Vec::new();
        let mut source_spans = Vec::new();
        let record = self.record_event_spans;
        let mut fields_ok = true;
        let written = self.structure("Event", EVENT_FIELDS, |d, field, _| {
            let before = d.problems.len();
            match field {
                0 => id = d.string("Event id")?,
                1 => kind = d.kind()?,
                2 => date = d.date("date")?,
                3 => end = d.optional_date("end")?,
                4 => title = d.string("Event title")?,
                5 => summary = d.optional_string("summary")?.map(|v| v.0),
                6 => place = d.optional_string("place")?.map(|v| v.0),
                7 => {
                    d.interned_strings("people", record.then_some(&mut people_spans), &mut people)?
                }
                8 => d.interned_strings(
                    "cartels",
                    record.then_some(&mut cartel_spans),
                    &mut cartels,
                )?,
                9 => d.interned_strings(
                    "sources",
                    record.then_some(&mut source_spans),
                    &mut sources,
                )?,
                10 => d.interned_strings("tags", None, &mut tags)?,
                _ => {
                    d.optional(|d| {
                        d.list("disputed", |d| {
                            d.dispute(&mut disputed, &mut dispute_sources)
                        })?;
                        Ok(Some(()))
                    })?;
                }
            }
            fields_ok &= d.problems.len() == before;
            Ok(())
        })?;
        let Some(written) = written else {
            return Ok(());
        };
        let complete = self.missing(&written, "Event", EVENT_FIELDS, EVENT_REQUIRED);
        match (id, kind, date, title) {
            (Some((id, id_span)), Some(kind), Some((date, _)), Some((title, title_span)))
                if complete && fields_ok =>
            {
                if record {
                    self.last_event_spans = Some(EventSpans {
                        start: written.start.clone(),
                        id: id_span,
                        end: end.as_ref().map(|e| e.1.clone()).unwrap_or_default(),
                        title: title_span,
                        people: people_spans,
                        cartels: cartel_spans,
                        sources: source_spans,
                        dispute_sources,
                    });
                }
                let event = Event {
                    id: id.into(),
                    kind,
                    date,
                    end: end.map(|e| e.0),
                    title: title.into(),
                    summary: summary.map(Into::into),
                    place: place.map(Into::into),
                    references: References::new(
                        people.drain(..),
                        cartels.drain(..),
                        sources.drain(..),
                        tags.drain(..),
                    ),
                    disputed: disputed.into(),
                };
                if !record && !self.pipelined {
                    if let Some(early) = &mut self.map.early {
                        early.event(&event, events);
                    }
                    if let Some(visitor) = &mut self.visitor {
                        visitor.visit(&event);
                    }
                }
                events.push(event);
                self.map.event_starts.push(written.start.start);
            }
            (Some((id, _)), ..) => self.map.undecoded_ids.push(id),
            _ => {}
        }
        // Their space serves the next event (which empties them first).
        self.reference_lists = [people, cartels, sources, tags];
        Ok(())
    }

    fn dispute(&mut self, disputes: &mut Vec<Dispute>, spans: &mut Vec<Span>) -> Parse<()> {
        let (mut date, mut source, mut note) = (None, None, None);
        let written = self.structure("Dispute", DISPUTE_FIELDS, |d, field, _| {
            match field {
                0 => date = d.date("Dispute date")?,
                1 => source = d.string("Dispute source")?,
                _ => note = d.optional_string("note")?.map(|v| v.0),
            }
            Ok(())
        })?;
        let Some(written) = written else {
            return Ok(());
        };
        self.missing(&written, "Dispute", DISPUTE_FIELDS, DISPUTE_REQUIRED);
        if let (Some((date, _)), Some((source, source_span))) = (date, source) {
            disputes.push(Dispute { date, source, note });
            spans.push(source_span);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn diagnostics(text: &str) -> Vec<String> {
        load_str(text)
            .diagnostics
            .iter()
            .map(|d| d.one_line("t.ron"))
            .collect()
    }

    const MINIMAL: &str = r#"Timeline(
    title: "T",
    sources: [Source(id: "s", title: "S")],
    events: [
        Event(id: "a", kind: Arrest, date: "1985", title: "A", sources: ["s"]),
    ],
)"#;

    #[test]
    fn loads_a_minimal_timeline() {
        let loaded = load_str(MINIMAL);
        assert!(loaded.diagnostics.is_empty(), "{:?}", loaded.diagnostics);
        let timeline = loaded.timeline.unwrap();
        assert_eq!(&*timeline.title, "T");
        assert_eq!(timeline.events[0].date, Date::parse("1985").unwrap());
        assert_eq!(timeline.format, 1);
    }

    #[test]
    fn accepts_bom_some_and_trailing_commas() {
        let text = "\u{feff}Timeline(title: Some(\"T\"), description: Some(\"d\"), events: [],)";
        // `title` is required and plain; `Some` is for optional fields.
        assert!(load_str(text).has_errors());
        let text = "\u{feff}#![enable(implicit_some)]\nTimeline(title: \"T\", description: Some(\"d\"), events: [],)";
        let loaded = load_str(text);
        assert!(!loaded.has_errors(), "{:?}", loaded.diagnostics);
        assert_eq!(loaded.timeline.unwrap().description.as_deref(), Some("d"));
    }

    #[test]
    fn reports_unknown_field_with_expected_list_at_its_position() {
        assert_eq!(
            diagnostics("Timeline(\n  titel: \"x\",\n)"),
            [
                "t.ron:2:3: error: unknown field `titel` in Timeline; did you mean `title`? expected one of: format, title, description, eras, cartels, people, sources, events",
                "t.ron:1:1: error: missing field `title` in Timeline"
            ]
            .iter()
            .map(|s| s.to_string())
            .rev()
            .collect::<Vec<_>>()
        );
    }

    #[test]
    fn reports_several_problems_in_one_pass() {
        let text = r#"Timeline(
  title: "T",
  events: [
    Event(id: "a", kind: Arest, date: "2025-02-30", title: "A"),
    Event(id: "b", kind: Arrest, date: "2025", title: 5),
  ],
)"#;
        let found = diagnostics(text);
        assert!(
            found.iter().any(|d| d
                .starts_with("t.ron:4:26: error: unknown kind `Arest`; did you mean `Arrest`?")),
            "{found:?}"
        );
        assert!(
            found.iter().any(|d| d.starts_with(
                "t.ron:4:39: error: date: `2025-02-30` is not a date: February 2025 has 28 days"
            )),
            "{found:?}"
        );
        assert!(
            found
                .iter()
                .any(|d| d == "t.ron:5:55: error: Event title: expected a string, found a number"),
            "{found:?}"
        );
    }

    #[test]
    fn syntax_errors_name_the_token() {
        assert_eq!(
            diagnostics("Timeline(title: \"T\" events: [])"),
            ["t.ron:1:21: error: expected `,` or `)` after the value of `title`, found `events`"]
        );
        assert_eq!(
            diagnostics(""),
            ["t.ron:1:1: error: the file is empty: expected `Timeline(…)`"]
        );
        assert_eq!(
            diagnostics("Timeline(title: \"T\""),
            [
                "t.ron:1:1: error: `Timeline(` is never closed: expected `)` before the end of the file"
            ]
        );
    }

    #[test]
    fn rejects_other_format_versions() {
        assert_eq!(
            diagnostics("Timeline(format: 2, title: \"T\")"),
            ["t.ron:1:18: error: unsupported format 2: this version of Chronolanes reads format 1"]
        );
    }

    #[test]
    fn invalid_utf8_names_its_position() {
        let loaded = load_bytes(b"Timeline(\n  title: \"\xff\")");
        assert_eq!(
            loaded.diagnostics[0].one_line("t.ron"),
            "t.ron:2:11: error: the file is not valid UTF-8: byte 0xff cannot start or continue a character here (was the file saved as Latin-1 or Windows-1252? save it as UTF-8)"
        );
        // A multi-byte character cut off by the end of the file.
        let loaded = load_bytes("Timeline(title: \"é".as_bytes().split_last().unwrap().1);
        assert_eq!(
            loaded.diagnostics[0].one_line("t.ron"),
            "t.ron:1:18: error: the file is not valid UTF-8: it ends in the middle of a character (is it cut short?)"
        );
    }

    #[test]
    fn a_field_with_a_wrong_value_is_not_also_missing() {
        assert_eq!(
            diagnostics("Timeline(title: 5)"),
            ["t.ron:1:17: error: title: expected a string, found a number"]
        );
        assert_eq!(
            diagnostics("Timeline(title: \"T\", sources: [Source(id: [\"s\"], title: \"S\")])"),
            ["t.ron:1:43: error: Source id: expected a string, found a list"]
        );
        assert_eq!(
            diagnostics("Timeline(title: Some(\"T\"))"),
            [
                "t.ron:1:17: error: title: expected a string, found `Some(…)` (only optional fields are written with `Some`)"
            ]
        );
    }

    #[test]
    fn a_missing_value_or_wrong_closing_bracket_is_reported_once() {
        assert_eq!(
            diagnostics("Timeline(title: )"),
            ["t.ron:1:17: error: title: expected a string, found `)`"]
        );
        assert_eq!(
            diagnostics("Timeline(title: \"T\", events: [\n)"),
            ["t.ron:2:1: error: expected `]` to close the list of `events`, found `)`"]
        );
        assert_eq!(
            diagnostics("Timeline(title: \"T\", extra: "),
            [
                "t.ron:1:22: error: unknown field `extra` in Timeline; expected one of: format, title, description, eras, cartels, people, sources, events",
                "t.ron:1:29: error: expected a value, found the end of the file"
            ]
        );
        assert_eq!(
            diagnostics("Timeline(title: \"T\", extra: [(1, 2)"),
            [
                "t.ron:1:22: error: unknown field `extra` in Timeline; expected one of: format, title, description, eras, cartels, people, sources, events",
                "t.ron:1:29: error: this bracket is never closed: expected `]` before the end of the file"
            ]
        );
    }

    #[test]
    fn a_file_of_comments_or_attributes_only_says_so() {
        assert_eq!(
            diagnostics("// notes\n/* more */\n"),
            ["t.ron:3:1: error: the file holds only comments: expected `Timeline(…)`"]
        );
        assert_eq!(
            diagnostics("#![enable(implicit_some)]"),
            [
                "t.ron:1:26: error: expected `Timeline(…)` after the attributes, found the end of the file"
            ]
        );
        assert_eq!(
            diagnostics("\u{feff}"),
            ["t.ron:1:1: error: the file is empty: expected `Timeline(…)`"]
        );
    }

    #[test]
    fn required_field_bits_name_the_required_fields() {
        let names = |fields: &[&'static str], bits: u64| -> Vec<&'static str> {
            (0..fields.len())
                .filter(|index| bits & (1 << index) != 0)
                .map(|index| fields[index])
                .collect()
        };
        assert_eq!(names(TIMELINE_FIELDS, TIMELINE_REQUIRED), ["title"]);
        assert_eq!(names(ERA_FIELDS, ERA_REQUIRED), ["title", "start", "end"]);
        assert_eq!(names(CARTEL_FIELDS, CARTEL_REQUIRED), ["id", "name"]);
        assert_eq!(names(PERSON_FIELDS, PERSON_REQUIRED), ["id", "name"]);
        assert_eq!(names(SOURCE_FIELDS, SOURCE_REQUIRED), ["id", "title"]);
        assert_eq!(
            names(EVENT_FIELDS, EVENT_REQUIRED),
            ["id", "kind", "date", "title"]
        );
        assert_eq!(names(DISPUTE_FIELDS, DISPUTE_REQUIRED), ["date", "source"]);
    }

    #[test]
    fn decoding_stops_after_too_many_errors() {
        let text = format!("Timeline(title: \"T\", events: [{}])", "1,".repeat(100_000));
        let found = diagnostics(&text);
        assert_eq!(found.len(), MAX_DECODE_ERRORS + 1);
        assert_eq!(
            found.last().map(String::as_str),
            Some("t.ron:1:2029: error: stopping after 1000 errors: fix these and check again")
        );
    }

    #[test]
    fn event_spans_are_found_again_on_demand() {
        let text = r#"Timeline(
    title: "T",
    people: [Person(id: "p", name: "P"), Person(id: "q", name: "Q")],
    sources: [Source(id: "s", title: "S")],
    events: [
        Event(id: "a", kind: Arrest, date: "1985", title: "A", sources: ["s"], people: ["p"]),
        ( /* no name */ id: "b\u{e9}", kind: Policy(Law), date: "1986", end: "1987",
          title: "B \"quoted\"", people: ["q", "p"], sources: ["s"],
          disputed: [Dispute(date: "1986-02", source: "s")]),
    ],
)"#;
        let (decoded, problems) = decode(text);
        assert!(problems.is_empty(), "{problems:?}");
        let (timeline, map) = decoded.unwrap();
        assert_eq!(map.event_count(), 2);
        let slice = |span: &Span| &text[span.clone()];
        let first = map.event_spans(0);
        assert_eq!(slice(&first.start), "Event");
        assert_eq!(slice(&first.id), "\"a\"");
        assert_eq!(first.end, 0..0);
        let second = map.event_spans(1);
        assert_eq!(slice(&second.start), "(");
        assert_eq!(slice(&second.id), "\"b\\u{e9}\"");
        assert_eq!(slice(&second.end), "\"1987\"");
        assert_eq!(slice(&second.title), "\"B \\\"quoted\\\"\"");
        let people: Vec<&str> = second.people.iter().map(slice).collect();
        assert_eq!(people, ["\"q\"", "\"p\""]);
        assert_eq!(second.sources.len(), 1);
        assert_eq!(slice(&second.dispute_sources[0]), "\"s\"");
        assert_eq!(&*timeline.events[1].id, "bé");
        assert_eq!(map.event_spans(2).id, 0..0);
    }

    fn generated_text(events: usize) -> String {
        use crate::generate::{GenerateOptions, generate, write_generated_ron};
        let mut bytes = Vec::new();
        write_generated_ron(
            &generate(GenerateOptions {
                events,
                ..GenerateOptions::default()
            }),
            &mut bytes,
        )
        .unwrap();
        String::from_utf8(bytes).unwrap()
    }

    /// Counts the events it sees and checks they come in order.
    #[derive(Default)]
    struct Counter {
        began: usize,
        titles: Vec<String>,
    }

    impl EventVisitor for Counter {
        fn begin_events(&mut self, _timeline: &Timeline) {
            self.began += 1;
        }

        fn visit(&mut self, event: &Event) {
            self.titles.push(event.title.to_string());
        }
    }

    #[test]
    fn load_with_progress_reports_parsed_bytes_and_shows_every_event() {
        // Large enough to decode and check on two threads.
        let text = generated_text(6000);
        assert!(text.len() > PIPELINE_MIN_BYTES);
        let progress = LoadProgress::new();
        let mut counter = Counter::default();
        let loaded =
            load_bytes_visiting(text.as_bytes(), &progress, &mut counter).expect("not cancelled");
        assert!(
            loaded.diagnostics.is_empty(),
            "{:?}",
            loaded.diagnostics.first()
        );
        assert_eq!(progress.parsed_bytes(), text.len() as u64);
        assert_eq!(progress.total_bytes(), text.len() as u64);
        let timeline = loaded.timeline.expect("loads");
        assert_eq!(counter.began, 1);
        let titles: Vec<String> = timeline
            .events
            .iter()
            .map(|e| e.title.to_string())
            .collect();
        assert_eq!(counter.titles, titles);
        // Same result as the plain loader.
        assert_eq!(Some(timeline), load_str(&text).timeline);
    }

    #[test]
    fn a_cancelled_load_returns_nothing() {
        let text = generated_text(10_000);
        let progress = LoadProgress::new();
        progress.cancel();
        assert!(load_bytes_visiting(text.as_bytes(), &progress, &mut Counter::default()).is_none());
        // Parsing stopped early.
        assert!(progress.parsed_bytes() < text.len() as u64 / 2);
    }

    #[test]
    fn files_with_errors_load_with_progress_too() {
        let progress = LoadProgress::new();
        let mut counter = Counter::default();
        let loaded = load_bytes_visiting(b"Timeline(title: 1)", &progress, &mut counter).unwrap();
        assert!(loaded.has_errors() && loaded.timeline.is_none());
        let loaded = load_bytes_visiting(b"\xff", &progress, &mut counter).unwrap();
        assert!(loaded.has_errors());
    }

    #[test]
    fn reading_with_progress_counts_bytes_and_can_be_cancelled() {
        let directory = tempfile::tempdir().unwrap();
        let path = directory.path().join("t.ron");
        std::fs::write(&path, MINIMAL).unwrap();
        let progress = LoadProgress::new();
        let bytes = read_file_with_progress(&path, &progress).unwrap().unwrap();
        assert_eq!(bytes, MINIMAL.as_bytes());
        assert_eq!(progress.read_bytes(), MINIMAL.len() as u64);
        assert!(progress.fraction() > 0.09 && progress.fraction() < 0.11);
        progress.cancel();
        assert!(read_file_with_progress(&path, &progress).unwrap().is_none());
        assert!(matches!(
            read_file_with_progress(directory.path(), &progress),
            Err(ReadError::Directory)
        ));
    }

    #[test]
    fn deep_nesting_is_refused_without_overflow() {
        let text = format!("Timeline(title: \"T\", x: {})", "[".repeat(10_000));
        let found = diagnostics(&text);
        assert!(
            found.iter().any(|d| d.contains("nest deeper than 128")),
            "{found:?}"
        );
    }
}
