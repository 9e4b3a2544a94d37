//! Reading RON values on top of the lexer: records with named fields, lists, `Some(…)`, strings
//! and dates, each wrong value reported with its position and skipped so that one pass reports
//! every problem. Which records exist and what their fields mean is the schema's business
//! ([`super::schema`]).

use std::borrow::Cow;
use std::marker::PhantomData;

use super::read::LoadProgress;
use super::ron_lexer::{LexError, Lexer, Token, TokenKind};
use crate::date::Date;
use crate::diagnostic::{Problem, quoted};
use crate::model::{Interned, Interner};
use crate::source_map::Span;
use crate::suggest::closest;

/// Deeper nesting than this is refused: no valid timeline nests more than a handful of levels.
pub const MAX_NESTING: usize = 128;

/// Decoding stops after this many errors: a file with thousands of errors is not a timeline (a
/// 10 MB list of numbers would otherwise give millions of diagnostics and exhaust memory).
pub const MAX_DECODE_ERRORS: usize = 1000;

/// A syntax error has been recorded and decoding cannot go on.
pub(super) struct Fatal;

pub(super) type Parse<T> = Result<T, Fatal>;

/// The fields of one kind of record (`Event(…)`, `Source(…)`, …): an enum with one variant per
/// field, made by the schema's `record_fields!`.
pub(super) trait RecordField: Copy + 'static {
    /// The record's name as written before its parenthesis: `Event` in `Event(…)`.
    const RECORD: &'static str;
    /// Every field, in the order messages list them. At most 64: [`Written`] keeps one bit each.
    const FIELDS: &'static [Self];
    /// The fields' names, in the same order.
    const NAMES: &'static [&'static str];
    /// Bit `i` is set when `FIELDS[i]` is required: checking them is one mask test per record
    /// (a million events in a large file).
    const REQUIRED_BITS: u64;
}

/// A record as written in the file: where it starts and which of its fields it gives.
pub(super) struct Written<F> {
    pub(super) start: Span,
    /// One bit per field, by index in [`RecordField::FIELDS`].
    given: u64,
    fields: PhantomData<F>,
}

/// The state of reading one text: tokens, problems found so far, progress.
pub(super) struct RonReader<'t> {
    lexer: Lexer<'t>,
    pub(super) problems: Vec<Problem>,
    /// Set once [`MAX_DECODE_ERRORS`] errors are recorded: the next token read stops decoding.
    gave_up: bool,
    progress: Option<&'t LoadProgress>,
    /// List items read, to report progress every few thousand.
    items_read: u32,
    /// Whether reading stopped because `progress` was cancelled.
    pub(super) cancelled: bool,
    /// Reused by [`ReadRon::strings`].
    scratch: Vec<String>,
    /// Shares equal strings read by [`ReadRon::interned_strings`].
    interner: Interner,
}

impl<'t> RonReader<'t> {
    /// Reads `text` from byte `offset` (after a BOM, or where an event starts when reading it
    /// again): spans stay relative to the whole text.
    pub(super) fn new(text: &'t str, offset: usize, progress: Option<&'t LoadProgress>) -> Self {
        RonReader {
            lexer: Lexer::new_at(text, offset),
            problems: Vec::new(),
            gave_up: false,
            progress,
            items_read: 0,
            cancelled: false,
            scratch: Vec::new(),
            interner: Interner::default(),
        }
    }

    /// The whole text being read.
    pub(super) fn text(&self) -> &'t str {
        self.lexer.text()
    }

    /// Bytes read so far.
    pub(super) fn offset(&self) -> usize {
        self.lexer.offset()
    }
}

/// Reading RON values. The format's decoder implements [`ReadRon::ron`] and gets every other
/// method; callbacks (a record's fields, a list's items) receive the decoder itself, so that they
/// can read nested records of the format.
pub(super) trait ReadRon<'t>: Sized {
    fn ron(&mut self) -> &mut RonReader<'t>;

    // ---- tokens ------------------------------------------------------------------------------

    /// Every few thousand list items: publish how far parsing got, and stop when cancelled.
    fn report_progress(&mut self) -> Parse<()> {
        const EVERY: u32 = 4096;
        let reader = self.ron();
        reader.items_read = reader.items_read.wrapping_add(1);
        if !reader.items_read.is_multiple_of(EVERY) {
            return Ok(());
        }
        let Some(progress) = reader.progress else {
            return Ok(());
        };
        progress.parsed_up_to(reader.lexer.offset() as u64);
        if progress.is_cancelled() {
            reader.cancelled = true;
            return Err(Fatal);
        }
        Ok(())
    }

    fn lex_failed(&mut self, error: LexError) -> Fatal {
        self.ron()
            .problems
            .push(Problem::error(error.span, error.message));
        Fatal
    }

    fn peek(&mut self) -> Parse<Token<'t>> {
        let reader = self.ron();
        if reader.gave_up {
            return Err(Fatal);
        }
        match reader.lexer.peek() {
            Ok(token) => Ok(token.clone()),
            Err(error) => Err(self.lex_failed(error)),
        }
    }

    fn next(&mut self) -> Parse<Token<'t>> {
        let reader = self.ron();
        if reader.gave_up {
            return Err(Fatal);
        }
        match reader.lexer.next_token() {
            Ok(token) => Ok(token),
            Err(error) => Err(self.lex_failed(error)),
        }
    }

    fn syntax_error(&mut self, span: Span, message: impl Into<String>) -> Fatal {
        self.ron().problems.push(Problem::error(span, message));
        Fatal
    }

    /// Records an error and goes on, unless the file has so many that it is not worth going on.
    fn error(&mut self, span: Span, message: impl Into<String>) {
        let reader = self.ron();
        reader.problems.push(Problem::error(span.clone(), message));
        if reader.problems.len() >= MAX_DECODE_ERRORS && !reader.gave_up {
            reader.gave_up = true;
            reader.problems.push(Problem::error(
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

    /// Reads a record `Name(field: value, …)` of the fields `F` (the name may be left out),
    /// calling `field` for each known field. Unknown and repeated fields are reported. Returns
    /// where the record starts and which fields it gives, or `None` when the value is not a
    /// record at all (reported and skipped).
    fn record<F: RecordField>(
        &mut self,
        mut field: impl FnMut(&mut Self, F) -> Parse<()>,
    ) -> Parse<Option<Written<F>>> {
        let type_name = F::RECORD;
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
        // One bit per field (no record has more than 64).
        let mut seen = 0u64;
        loop {
            let token = self.next()?;
            let name = match token.kind {
                TokenKind::RParen => {
                    return Ok(Some(Written {
                        start,
                        given: seen,
                        fields: PhantomData,
                    }));
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
            let known = F::NAMES.iter().position(|&known| known == name);
            match known.and_then(|index| Some((index, *F::FIELDS.get(index)?))) {
                Some((index, known)) => {
                    let bit = 1u64 << (index % 64);
                    if seen & bit != 0 {
                        self.error(
                            token.span.clone(),
                            format!("field {} is given twice in {type_name}", quoted(name)),
                        );
                    }
                    seen |= bit;
                    field(self, known)?;
                }
                None => {
                    let hint = closest(name, F::NAMES.iter().copied())
                        .map(|close| format!("did you mean `{close}`? "))
                        .unwrap_or_default();
                    self.error(
                        token.span.clone(),
                        format!(
                            "unknown field {} in {type_name}; {hint}expected one of: {}",
                            quoted(name),
                            F::NAMES.join(", ")
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

    /// Reports each required field that `written` does not give, in the order of
    /// [`RecordField::FIELDS`]; true when none is missing. A field given with a wrong value is
    /// not missing: its own error says what is wrong.
    fn missing<F: RecordField>(&mut self, written: &Written<F>) -> bool {
        let absent = F::REQUIRED_BITS & !written.given;
        if absent == 0 {
            return true;
        }
        for (index, name) in F::NAMES.iter().enumerate() {
            if absent & (1u64 << (index % 64)) != 0 {
                self.error(
                    written.start.clone(),
                    format!("missing field `{name}` in {}", F::RECORD),
                );
            }
        }
        false
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

    // ---- values -----------------------------------------------------------------------------

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
        self.optional(|reader| reader.string(context))
    }

    /// A list of strings, each with its span.
    fn string_list(&mut self, context: &str) -> Parse<Vec<(String, Span)>> {
        let mut out = Vec::new();
        self.optional(|reader| {
            reader.list(context, |reader| {
                if let Some(item) = reader.string(context)? {
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
        let mut items = std::mem::take(&mut self.ron().scratch);
        items.clear();
        let read = self.each_string(context, spans, |_, value| items.push(value.into_owned()));
        #[allow(clippy::drain_collect)] // keeps the buffer's allocation for the next list
        let out: Vec<String> = items.drain(..).collect();
        self.ron().scratch = items;
        read?;
        Ok(out)
    }

    /// [`strings`](Self::strings) for lists of which many are alike (an event's references and
    /// tags), shared through the reader's interner, into `items` (emptied first: a list written
    /// twice keeps the last).
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
        self.optional(|reader| {
            reader.list(context, |reader| {
                if let Some((value, span)) = reader.string_value(context)? {
                    item(&mut reader.ron().interner, value);
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
        self.optional(|reader| reader.date(context))
    }
}
