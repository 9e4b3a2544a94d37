//! Tokens of RON text, with byte spans.
//!
//! The loader reads RON through this lexer rather than through serde so that every value keeps
//! its position (diagnostics point at the offending token) and so that one bad value does not stop
//! the report of all the others.

use std::borrow::Cow;
use std::ops::Range;

use crate::diagnostic::quoted;

#[derive(Clone, Debug, PartialEq)]
pub enum TokenKind<'a> {
    LParen,
    RParen,
    LBracket,
    RBracket,
    LBrace,
    RBrace,
    Colon,
    Comma,
    Hash,
    Bang,
    /// A string literal with its escapes decoded. Borrowed from the text when it has no escapes
    /// (almost always), so that lexing and peeking a string does not allocate.
    Str(Cow<'a, str>),
    Int(i64),
    Float(f64),
    Char(char),
    Ident(&'a str),
    Eof,
}

impl TokenKind<'_> {
    /// How a user would name this token in "expected X, found Y".
    pub fn describe(&self) -> String {
        match self {
            TokenKind::LParen => "`(`".into(),
            TokenKind::RParen => "`)`".into(),
            TokenKind::LBracket => "`[`".into(),
            TokenKind::RBracket => "`]`".into(),
            TokenKind::LBrace => "`{`".into(),
            TokenKind::RBrace => "`}`".into(),
            TokenKind::Colon => "`:`".into(),
            TokenKind::Comma => "`,`".into(),
            TokenKind::Hash => "`#`".into(),
            TokenKind::Bang => "`!`".into(),
            TokenKind::Str(_) => "a string".into(),
            TokenKind::Int(_) | TokenKind::Float(_) => "a number".into(),
            TokenKind::Char(_) => "a character".into(),
            TokenKind::Ident(name) => quoted(name),
            TokenKind::Eof => "the end of the file".into(),
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Token<'a> {
    pub kind: TokenKind<'a>,
    pub span: Range<usize>,
}

/// A lexical error: what is wrong and where.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LexError {
    pub message: String,
    pub span: Range<usize>,
}

pub struct Lexer<'a> {
    text: &'a str,
    position: usize,
    peeked: Option<Token<'a>>,
}

impl<'a> Lexer<'a> {
    /// Starts lexing at `offset` (a character boundary), e.g. after a byte-order mark.
    pub fn new_at(text: &'a str, offset: usize) -> Self {
        Lexer {
            text,
            position: offset.min(text.len()),
            peeked: None,
        }
    }

    /// The whole text being lexed.
    pub fn text(&self) -> &'a str {
        self.text
    }

    /// Bytes consumed so far, for progress reports.
    pub fn offset(&self) -> usize {
        self.position
    }

    pub fn peek(&mut self) -> Result<&Token<'a>, LexError> {
        let token = match self.peeked.take() {
            Some(token) => token,
            None => self.lex()?,
        };
        Ok(self.peeked.insert(token))
    }

    pub fn next_token(&mut self) -> Result<Token<'a>, LexError> {
        match self.peeked.take() {
            Some(token) => Ok(token),
            None => self.lex(),
        }
    }

    fn bytes(&self) -> &'a [u8] {
        self.text.as_bytes()
    }

    fn byte_at(&self, offset: usize) -> Option<u8> {
        self.bytes().get(offset).copied()
    }

    fn error<T>(&self, message: impl Into<String>, span: Range<usize>) -> Result<T, LexError> {
        Err(LexError {
            message: message.into(),
            span,
        })
    }

    fn skip_trivia(&mut self) -> Result<(), LexError> {
        loop {
            match self.byte_at(self.position) {
                Some(b' ' | b'\t' | b'\n' | b'\r') => self.position += 1,
                Some(b'/') if self.byte_at(self.position + 1) == Some(b'/') => {
                    let rest = &self.bytes()[self.position..];
                    self.position += memchr::memchr(b'\n', rest).unwrap_or(rest.len());
                }
                Some(b'/') if self.byte_at(self.position + 1) == Some(b'*') => {
                    self.skip_block_comment()?
                }
                _ => return Ok(()),
            }
        }
    }

    /// Block comments nest in RON, as in Rust.
    fn skip_block_comment(&mut self) -> Result<(), LexError> {
        let start = self.position;
        let mut depth = 0usize;
        while self.position < self.text.len() {
            let pair = (self.byte_at(self.position), self.byte_at(self.position + 1));
            match pair {
                (Some(b'/'), Some(b'*')) => {
                    depth += 1;
                    self.position += 2;
                }
                (Some(b'*'), Some(b'/')) => {
                    depth -= 1;
                    self.position += 2;
                    if depth == 0 {
                        return Ok(());
                    }
                }
                _ => self.position += 1,
            }
        }
        self.error("unterminated block comment", start..start + 2)
    }

    fn lex(&mut self) -> Result<Token<'a>, LexError> {
        self.skip_trivia()?;
        let start = self.position;
        let Some(byte) = self.byte_at(start) else {
            return Ok(Token {
                kind: TokenKind::Eof,
                span: start..start,
            });
        };
        let single = |kind| Some(kind);
        let punctuation = match byte {
            b'(' => single(TokenKind::LParen),
            b')' => single(TokenKind::RParen),
            b'[' => single(TokenKind::LBracket),
            b']' => single(TokenKind::RBracket),
            b'{' => single(TokenKind::LBrace),
            b'}' => single(TokenKind::RBrace),
            b':' => single(TokenKind::Colon),
            b',' => single(TokenKind::Comma),
            b'#' => single(TokenKind::Hash),
            b'!' => single(TokenKind::Bang),
            _ => None,
        };
        if let Some(kind) = punctuation {
            self.position += 1;
            return Ok(Token {
                kind,
                span: start..start + 1,
            });
        }
        match byte {
            b'"' => self.string(),
            b'r' if matches!(self.byte_at(start + 1), Some(b'"' | b'#'))
                && self.raw_string_follows() =>
            {
                self.raw_string()
            }
            b'\'' => self.char_literal(),
            b'0'..=b'9' | b'-' | b'+' | b'.' => self.number(),
            b'A'..=b'Z' | b'a'..=b'z' | b'_' => Ok(self.ident()),
            _ => {
                let character = self.text[start..].chars().next().unwrap_or('\u{fffd}');
                let shown = if character.is_control()
                    || character.is_whitespace()
                    || is_invisible(character)
                {
                    format!("U+{:04X}", u32::from(character))
                } else {
                    format!("`{character}` (U+{:04X})", u32::from(character))
                };
                self.error(
                    format!("unexpected character {shown}"),
                    start..start + character.len_utf8(),
                )
            }
        }
    }

    fn raw_string_follows(&self) -> bool {
        let mut offset = self.position + 1;
        while self.byte_at(offset) == Some(b'#') {
            offset += 1;
        }
        self.byte_at(offset) == Some(b'"')
    }

    fn ident(&mut self) -> Token<'a> {
        let start = self.position;
        let length = self.bytes()[start..]
            .iter()
            .position(|b| !(b.is_ascii_alphanumeric() || *b == b'_'))
            .unwrap_or(self.text.len() - start);
        self.position += length;
        Token {
            kind: TokenKind::Ident(&self.text[start..start + length]),
            span: start..start + length,
        }
    }

    fn number(&mut self) -> Result<Token<'a>, LexError> {
        let start = self.position;
        let mut end = start;
        if matches!(self.byte_at(end), Some(b'-' | b'+')) {
            end += 1;
        }
        while let Some(b) = self.byte_at(end) {
            let exponent_sign = matches!(b, b'-' | b'+')
                && matches!(self.byte_at(end - 1), Some(b'e' | b'E'))
                && !self.text[start..end].starts_with("0x");
            if b.is_ascii_alphanumeric() || b == b'_' || b == b'.' || exponent_sign {
                end += 1;
            } else {
                break;
            }
        }
        self.position = end.max(start + 1);
        let text = &self.text[start..self.position];
        let cleaned: String = text.chars().filter(|&c| c != '_').collect();
        let kind = if let Ok(int) = cleaned.parse::<i64>() {
            TokenKind::Int(int)
        } else if let Some(hex) = cleaned.strip_prefix("0x")
            && let Ok(int) = i64::from_str_radix(hex, 16)
        {
            TokenKind::Int(int)
        } else if let Ok(float) = cleaned.parse::<f64>()
            && cleaned.bytes().any(|b| b.is_ascii_digit())
        {
            TokenKind::Float(float)
        } else {
            return self.error(
                format!("{} is not a valid number", quoted(text)),
                start..end,
            );
        };
        Ok(Token {
            kind,
            span: start..self.position,
        })
    }

    fn string(&mut self) -> Result<Token<'a>, LexError> {
        let start = self.position;
        let body = start + 1;
        let rest = &self.bytes()[body..];
        // Strings are most of a timeline's bytes: find their end with SIMD.
        let run = memchr::memchr2(b'"', b'\\', rest).unwrap_or(rest.len());
        if self.byte_at(body + run) == Some(b'"') {
            // No escapes: the value is a slice of the text.
            self.position = body + run + 1;
            return Ok(Token {
                kind: TokenKind::Str(Cow::Borrowed(&self.text[body..body + run])),
                span: start..self.position,
            });
        }
        let mut value = String::new();
        let mut offset = body;
        loop {
            // Copy the run of plain characters in one go.
            let rest = &self.bytes()[offset..];
            let run = memchr::memchr2(b'"', b'\\', rest).unwrap_or(rest.len());
            value.push_str(&self.text[offset..offset + run]);
            offset += run;
            match self.byte_at(offset) {
                None => {
                    return self.error(
                        "unterminated string: no closing `\"` before the end of the file",
                        start..start + 1,
                    );
                }
                Some(b'"') => {
                    self.position = offset + 1;
                    return Ok(Token {
                        kind: TokenKind::Str(Cow::Owned(value)),
                        span: start..self.position,
                    });
                }
                _ => {
                    let (character, length) = self.escape(offset)?;
                    if let Some(character) = character {
                        value.push(character);
                    }
                    offset += length;
                }
            }
        }
    }

    /// Decodes the escape at `offset` (pointing at the backslash): (character, bytes consumed).
    /// A backslash before a line break continues the string on the next line, as in Rust.
    fn escape(&self, offset: usize) -> Result<(Option<char>, usize), LexError> {
        let simple = match self.byte_at(offset + 1) {
            Some(b'"') => Some('"'),
            Some(b'\'') => Some('\''),
            Some(b'\\') => Some('\\'),
            Some(b'/') => Some('/'),
            Some(b'n') => Some('\n'),
            Some(b't') => Some('\t'),
            Some(b'r') => Some('\r'),
            Some(b'0') => Some('\0'),
            Some(b'b') => Some('\u{8}'),
            Some(b'f') => Some('\u{c}'),
            _ => None,
        };
        if let Some(character) = simple {
            return Ok((Some(character), 2));
        }
        match self.byte_at(offset + 1) {
            Some(b'\n' | b'\r') => {
                let rest = &self.bytes()[offset + 1..];
                let skipped = rest
                    .iter()
                    .position(|b| !b.is_ascii_whitespace())
                    .unwrap_or(rest.len());
                Ok((None, 1 + skipped))
            }
            Some(b'u') => self.unicode_escape(offset),
            Some(b'x') => {
                let digits = self.text.get(offset + 2..offset + 4).unwrap_or("");
                match u8::from_str_radix(digits, 16) {
                    Ok(code) if code < 0x80 => Ok((Some(char::from(code)), 4)),
                    _ => self.error(
                        "invalid `\\x` escape: expected two hex digits 00–7F",
                        offset..offset + 2,
                    ),
                }
            }
            _ => {
                let next = self.text[offset + 1..].chars().next();
                let shown = next.map(String::from).unwrap_or_default();
                self.error(
                    format!("unknown escape `\\{shown}` in string"),
                    offset..offset + 1 + next.map_or(0, char::len_utf8),
                )
            }
        }
    }

    /// `\u{1F600}` or the JSON-style `\u00e9`.
    fn unicode_escape(&self, offset: usize) -> Result<(Option<char>, usize), LexError> {
        let invalid = || LexError {
            message: "invalid unicode escape: expected `\\u{XXXX}` with 1–6 hex digits".into(),
            span: offset..offset + 2,
        };
        let after_u = offset + 2;
        let (digits, length) = if self.byte_at(after_u) == Some(b'{') {
            let rest = self.text.get(after_u + 1..).ok_or_else(invalid)?;
            let close = rest.find('}').filter(|&i| (1..=6).contains(&i));
            let close = close.ok_or_else(invalid)?;
            (&rest[..close], 2 + 1 + close + 1)
        } else {
            (self.text.get(after_u..after_u + 4).ok_or_else(invalid)?, 6)
        };
        let code = u32::from_str_radix(digits, 16).map_err(|_| invalid())?;
        let character = char::from_u32(code).ok_or_else(|| LexError {
            message: format!("`\\u{{{digits}}}` is not a Unicode scalar value"),
            span: offset..offset + length,
        })?;
        Ok((Some(character), length))
    }

    fn raw_string(&mut self) -> Result<Token<'a>, LexError> {
        let start = self.position;
        let mut offset = start + 1;
        let mut hashes = 0;
        while self.byte_at(offset) == Some(b'#') {
            hashes += 1;
            offset += 1;
        }
        offset += 1; // the opening quote
        let closing = format!("\"{}", "#".repeat(hashes));
        match self.text[offset..].find(&closing) {
            Some(length) => {
                let value = &self.text[offset..offset + length];
                self.position = offset + length + closing.len();
                Ok(Token {
                    kind: TokenKind::Str(Cow::Borrowed(value)),
                    span: start..self.position,
                })
            }
            None => self.error(
                format!("unterminated raw string: no closing {}", quoted(&closing)),
                start..offset,
            ),
        }
    }

    fn char_literal(&mut self) -> Result<Token<'a>, LexError> {
        let start = self.position;
        let unterminated = LexError {
            message: "unterminated character literal".into(),
            span: start..start + 1,
        };
        let (character, length) = match self.byte_at(start + 1) {
            Some(b'\\') => {
                let (character, length) = self.escape(start + 1)?;
                (character.ok_or(unterminated.clone())?, length)
            }
            Some(_) => {
                let character = self.text[start + 1..]
                    .chars()
                    .next()
                    .ok_or(unterminated.clone())?;
                (character, character.len_utf8())
            }
            None => return Err(unterminated),
        };
        let end = start + 1 + length;
        if self.byte_at(end) != Some(b'\'') {
            return Err(unterminated);
        }
        self.position = end + 1;
        Ok(Token {
            kind: TokenKind::Char(character),
            span: start..self.position,
        })
    }
}

/// Characters that show as nothing (or reorder the text around them): named by code point only,
/// since quoting them would show an empty or misleading quote.
fn is_invisible(character: char) -> bool {
    matches!(
        character,
        '\u{ad}' | '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2060}'..='\u{2064}' | '\u{2066}'..='\u{2069}' | '\u{feff}'
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A lexer from the start of `text`.
    fn lexer(text: &str) -> Lexer<'_> {
        Lexer::new_at(text, 0)
    }

    fn kinds(text: &str) -> Vec<TokenKind<'_>> {
        let mut lexer = lexer(text);
        let mut out = Vec::new();
        loop {
            let token = lexer.next_token().unwrap();
            if token.kind == TokenKind::Eof {
                return out;
            }
            out.push(token.kind);
        }
    }

    #[test]
    fn lexes_structure_strings_and_comments() {
        assert_eq!(
            kinds(
                "Event( // note\n id: \"a\\\"b\\u{e9}\", /* x /* nested */ */ n: -1, r: r#\"q\"\"#)"
            ),
            vec![
                TokenKind::Ident("Event"),
                TokenKind::LParen,
                TokenKind::Ident("id"),
                TokenKind::Colon,
                TokenKind::Str("a\"bé".into()),
                TokenKind::Comma,
                TokenKind::Ident("n"),
                TokenKind::Colon,
                TokenKind::Int(-1),
                TokenKind::Comma,
                TokenKind::Ident("r"),
                TokenKind::Colon,
                TokenKind::Str("q\"".into()),
                TokenKind::RParen,
            ]
        );
    }

    #[test]
    fn strings_without_escapes_borrow_the_text() {
        let mut lexer = lexer(r#""plain" "esc\"aped" r"raw""#);
        let kinds: Vec<bool> = (0..3)
            .map(|_| match lexer.next_token().unwrap().kind {
                TokenKind::Str(Cow::Borrowed(_)) => true,
                TokenKind::Str(Cow::Owned(_)) => false,
                other => panic!("{other:?}"),
            })
            .collect();
        assert_eq!(kinds, [true, false, true]);
    }

    #[test]
    fn reports_unterminated_string_at_its_opening_quote() {
        let mut lexer = lexer("x: \"abc");
        lexer.next_token().unwrap();
        lexer.next_token().unwrap();
        let error = lexer.next_token().unwrap_err();
        assert_eq!(error.span.start, 3);
        assert!(error.message.contains("unterminated string"));
    }

    #[test]
    fn names_invisible_characters_by_code_point() {
        let error = lexer("\u{feff}").next_token().unwrap_err();
        assert_eq!(error.message, "unexpected character U+FEFF");
        let error = lexer("\u{202e}x").next_token().unwrap_err();
        assert_eq!(
            (error.message.as_str(), error.span),
            ("unexpected character U+202E", 0..3)
        );
        let error = lexer("@").next_token().unwrap_err();
        assert_eq!(error.message, "unexpected character `@` (U+0040)");
    }

    #[test]
    fn never_panics_on_odd_input() {
        for text in [
            "'",
            "'\\",
            "\"\\u{",
            "\"\\u{110000}\"",
            "r#\"",
            "-",
            "1e",
            "/*",
            "\"\\x",
            "0x",
        ] {
            let mut lexer = lexer(text);
            for _ in 0..10 {
                if matches!(
                    lexer.next_token(),
                    Err(_)
                        | Ok(Token {
                            kind: TokenKind::Eof,
                            ..
                        })
                ) {
                    break;
                }
            }
        }
    }
}
