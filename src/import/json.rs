//! JSON with byte positions: every value and every object key keeps where it was written, so that
//! import warnings can point at the event or key they are about (serde_json keeps no positions).
//!
//! Syntax is checked first by serde_json, whose error messages and positions are good; this reader
//! then only has to walk text already known to be valid JSON.

use std::ops::Range;

use serde::de::IgnoredAny;

pub type Span = Range<usize>;

/// Deeper nesting than this is refused: the reader recurses, and no timeline nests this deep.
const MAX_DEPTH: usize = 128;

#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    /// The number as written (`1963`, `-4.6e9`): TimelineJS years do not all fit a float exactly.
    Number(String),
    String(String),
    Array(Vec<Spanned>),
    Object(Vec<Member>),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Spanned {
    pub value: Value,
    /// From the first byte of the value to just after its last.
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Member {
    pub key: String,
    pub key_span: Span,
    pub value: Spanned,
}

impl Spanned {
    /// The members of an object; empty for any other value.
    pub fn members(&self) -> &[Member] {
        match &self.value {
            Value::Object(members) => members,
            _ => &[],
        }
    }

    /// The first member named `key`, if this is an object that has one.
    pub fn get(&self, key: &str) -> Option<&Member> {
        self.members().iter().find(|member| member.key == key)
    }

    pub fn is_null(&self) -> bool {
        self.value == Value::Null
    }
}

/// A JSON syntax error, with serde_json's message and the byte offset it points at.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SyntaxError {
    pub message: String,
    pub offset: usize,
}

/// Parses JSON text into positioned values. Offsets are relative to `text`.
pub fn parse(text: &str) -> Result<Spanned, SyntaxError> {
    if let Err(error) = serde_json::from_str::<IgnoredAny>(text) {
        return Err(SyntaxError {
            message: serde_error_message(&error),
            offset: offset_of(text, error.line(), error.column()),
        });
    }
    let mut reader = Reader {
        text,
        position: 0,
        too_deep: false,
    };
    let value = reader.value(0);
    value.ok_or_else(|| SyntaxError {
        // serde_json skips deep values without a limit; anything else is unreachable for text
        // serde_json accepted, but a bug here must not become a panic.
        message: if reader.too_deep {
            format!("values nest deeper than {MAX_DEPTH} levels")
        } else {
            "the JSON could not be read".into()
        },
        offset: reader.position.min(text.len()),
    })
}

/// serde_json's message without its " at line L column C" suffix (positions are given apart).
fn serde_error_message(error: &serde_json::Error) -> String {
    let full = error.to_string();
    match full.rfind(" at line ") {
        Some(index) => full[..index].to_string(),
        None => full,
    }
}

/// The byte offset of serde_json's 1-based line and (byte) column, clamped into the text.
fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let mut line_start = 0;
    for _ in 1..line {
        match text[line_start..].find('\n') {
            Some(index) => line_start += index + 1,
            None => return text.len(),
        }
    }
    let line_end = text[line_start..]
        .find('\n')
        .map_or(text.len(), |index| line_start + index);
    let mut offset = (line_start + column.saturating_sub(1)).min(line_end);
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

struct Reader<'t> {
    text: &'t str,
    position: usize,
    too_deep: bool,
}

impl Reader<'_> {
    fn byte(&self) -> Option<u8> {
        self.text.as_bytes().get(self.position).copied()
    }

    fn skip_whitespace(&mut self) {
        while matches!(self.byte(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.position += 1;
        }
    }

    fn value(&mut self, depth: usize) -> Option<Spanned> {
        if depth > MAX_DEPTH {
            self.too_deep = true;
            return None;
        }
        self.skip_whitespace();
        let start = self.position;
        let value = match self.byte()? {
            b'{' => self.object(depth)?,
            b'[' => self.array(depth)?,
            b'"' => Value::String(self.string()?),
            b't' => self.literal("true", Value::Bool(true))?,
            b'f' => self.literal("false", Value::Bool(false))?,
            b'n' => self.literal("null", Value::Null)?,
            _ => self.number()?,
        };
        Some(Spanned {
            value,
            span: start..self.position,
        })
    }

    fn literal(&mut self, word: &str, value: Value) -> Option<Value> {
        if self.text[self.position..].starts_with(word) {
            self.position += word.len();
            Some(value)
        } else {
            None
        }
    }

    fn number(&mut self) -> Option<Value> {
        let start = self.position;
        while matches!(
            self.byte(),
            Some(b'0'..=b'9' | b'-' | b'+' | b'.' | b'e' | b'E')
        ) {
            self.position += 1;
        }
        (self.position > start).then(|| Value::Number(self.text[start..self.position].to_string()))
    }

    /// Reads a string literal; serde_json decodes its escapes (surrogate pairs included).
    fn string(&mut self) -> Option<String> {
        let start = self.position;
        let bytes = self.text.as_bytes();
        let mut index = start + 1;
        loop {
            match bytes.get(index)? {
                b'"' => break,
                b'\\' => index += 2,
                _ => index += 1,
            }
        }
        self.position = index + 1;
        let literal = self.text.get(start..self.position)?;
        if literal.contains('\\') {
            serde_json::from_str(literal).ok()
        } else {
            Some(literal[1..literal.len() - 1].to_string())
        }
    }

    fn array(&mut self, depth: usize) -> Option<Value> {
        self.position += 1;
        let mut items = Vec::new();
        loop {
            self.skip_whitespace();
            match self.byte()? {
                b']' => {
                    self.position += 1;
                    return Some(Value::Array(items));
                }
                b',' => self.position += 1,
                _ => items.push(self.value(depth + 1)?),
            }
        }
    }

    fn object(&mut self, depth: usize) -> Option<Value> {
        self.position += 1;
        let mut members = Vec::new();
        loop {
            self.skip_whitespace();
            match self.byte()? {
                b'}' => {
                    self.position += 1;
                    return Some(Value::Object(members));
                }
                b',' => self.position += 1,
                b'"' => {
                    let key_start = self.position;
                    let key = self.string()?;
                    let key_span = key_start..self.position;
                    self.skip_whitespace();
                    if self.byte()? != b':' {
                        return None;
                    }
                    self.position += 1;
                    let value = self.value(depth + 1)?;
                    members.push(Member {
                        key,
                        key_span,
                        value,
                    });
                }
                _ => return None,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_positions_of_values_and_keys() {
        let text = "{\n  \"events\": [ {\"year\": \"1963\"}, 12 ],\n  \"é\": null }";
        let root = parse(text).unwrap();
        let events = root.get("events").unwrap();
        assert_eq!(&text[events.key_span.clone()], "\"events\"");
        let Value::Array(items) = &events.value.value else {
            panic!("not an array")
        };
        assert_eq!(&text[items[0].span.clone()], "{\"year\": \"1963\"}");
        assert_eq!(items[1].value, Value::Number("12".into()));
        assert!(root.get("é").unwrap().value.is_null());
    }

    #[test]
    fn decodes_escapes_like_serde_json() {
        let root = parse(r#"{"a": "x\"y\u00e9\ud83d\ude00\n"}"#).unwrap();
        assert_eq!(
            root.get("a").unwrap().value.value,
            Value::String("x\"yé😀\n".into())
        );
    }

    #[test]
    fn syntax_errors_carry_serde_json_message_and_position() {
        let text = "{\n  \"a\": 1,\n  \"b\" 2\n}";
        let error = parse(text).unwrap_err();
        assert_eq!(error.message, "expected `:`");
        assert_eq!(&text[error.offset..error.offset + 1], "2");
        let error = parse("{\"a\": [1, 2").unwrap_err();
        assert!(error.message.contains("EOF"), "{}", error.message);
        assert_eq!(error.offset, 10, "serde_json points at the last byte read");
    }

    #[test]
    fn deep_nesting_is_refused_without_overflow() {
        let text = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
        let error = parse(&text).unwrap_err();
        assert_eq!(error.message, "values nest deeper than 128 levels");
    }
}
