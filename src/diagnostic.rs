//! Problems found in a file, each with a 1-based line and column, and their rendering in the
//! `FILE:LINE:COL: error: MESSAGE` form that editors and CI problem matchers parse.

use std::fmt::Write as _;
use std::ops::Range;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Error,
    Warning,
}

impl Severity {
    pub fn label(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// A problem located by byte range; turned into a [`Diagnostic`] by [`locate`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    pub severity: Severity,
    pub span: Range<usize>,
    pub message: String,
}

impl Problem {
    pub fn error(span: Range<usize>, message: impl Into<String>) -> Problem {
        Problem {
            severity: Severity::Error,
            span,
            message: one_line_message(message.into()),
        }
    }

    pub fn warning(span: Range<usize>, message: impl Into<String>) -> Problem {
        Problem {
            severity: Severity::Warning,
            span,
            message: one_line_message(message.into()),
        }
    }
}

/// Longest message kept whole; longer ones (a value quoted from a hostile file) lose their middle.
pub const MAX_MESSAGE_CHARS: usize = 400;

/// Keeps the `FILE:LINE:COL: error: MESSAGE` form one line and readable whatever a file holds:
/// control characters (line breaks, tabs, NUL, escape sequences) are escaped and the middle of
/// an overlong message is cut, keeping its start (what is wrong) and end (what was expected).
fn one_line_message(message: String) -> String {
    let length = message.chars().count();
    if length <= MAX_MESSAGE_CHARS && !message.chars().any(char::is_control) {
        return message;
    }
    let mut escaped = String::with_capacity(message.len().min(4 * MAX_MESSAGE_CHARS));
    for character in message.chars() {
        push_shown(&mut escaped, character);
    }
    let length = escaped.chars().count();
    if length <= MAX_MESSAGE_CHARS {
        return escaped;
    }
    let tail_chars = (MAX_MESSAGE_CHARS - 1) / 2;
    let head_chars = MAX_MESSAGE_CHARS - 1 - tail_chars;
    let head: String = escaped.chars().take(head_chars).collect();
    let tail: String = escaped.chars().skip(length - tail_chars).collect();
    format!("{head}…{tail}")
}

/// Pushes a character as a one-line message shows it: control characters as escapes.
fn push_shown(out: &mut String, character: char) {
    if character.is_control() {
        out.extend(character.escape_default());
    } else {
        out.push(character);
    }
}

/// A value from the file as a message shows it: in backticks, control characters escaped, and
/// cut to its first characters when long (a 10 MB id must not make a 10 MB message).
pub fn quoted(value: &str) -> String {
    const MAX_QUOTED_CHARS: usize = 60;
    let mut shown = String::from("`");
    for (count, character) in value.chars().enumerate() {
        if count == MAX_QUOTED_CHARS {
            shown.push('…');
            break;
        }
        push_shown(&mut shown, character);
    }
    shown.push('`');
    shown
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    /// 1-based line.
    pub line: u32,
    /// 1-based column, counted in characters (not bytes).
    pub column: u32,
    /// One line, no trailing period.
    pub message: String,
    /// Byte range in the text, used for the source excerpt.
    pub span: Range<usize>,
}

impl Diagnostic {
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// A diagnostic that is about the file as a whole (line 1, column 1).
    pub fn whole_file(severity: Severity, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity,
            line: 1,
            column: 1,
            message: message.into(),
            span: 0..0,
        }
    }

    /// `FILE:LINE:COL: error: MESSAGE`
    pub fn one_line(&self, file_name: &str) -> String {
        format!(
            "{file_name}:{}:{}: {}: {}",
            self.line,
            self.column,
            self.severity.label(),
            self.message
        )
    }

    /// The one-line form followed by the offending source line and a caret under the column.
    pub fn with_excerpt(&self, file_name: &str, text: &str) -> String {
        let mut out = self.one_line(file_name);
        let Some(line_text) = text.lines().nth(self.line.saturating_sub(1) as usize) else {
            return out;
        };
        // Long or binary lines make excerpts useless; the one-line form already says everything.
        const MAX_EXCERPT_CHARS: usize = 160;
        if line_text.chars().count() > MAX_EXCERPT_CHARS || line_text.chars().any(char::is_control)
        {
            return out;
        }
        let gutter = self.line.to_string();
        let pad = " ".repeat(gutter.len());
        let caret_indent = " ".repeat(self.column.saturating_sub(1) as usize);
        let _ = write!(
            out,
            "\n {pad} |\n {gutter} | {line_text}\n {pad} | {caret_indent}^"
        );
        out
    }
}

/// Counts errors and warnings, for summaries and the status bar.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    pub errors: usize,
    pub warnings: usize,
}

impl Counts {
    pub fn of(diagnostics: &[Diagnostic]) -> Counts {
        let errors = diagnostics.iter().filter(|d| d.is_error()).count();
        Counts {
            errors,
            warnings: diagnostics.len() - errors,
        }
    }
}

/// "1 error", "2 warnings"
pub fn plural(count: usize, noun: &str) -> String {
    if count == 1 {
        format!("1 {noun}")
    } else {
        format!("{count} {noun}s")
    }
}

const BYTE_ORDER_MARK: char = '\u{feff}';

/// Gives every problem its line and column, in one pass over the text, sorted by position.
///
/// One pass rather than a line table: a million-event file has tens of millions of lines, and
/// most files have no problem at all.
pub fn locate(text: &str, mut problems: Vec<Problem>) -> Vec<Diagnostic> {
    problems.sort_by_key(|p| (p.span.start, p.severity));
    let mut line = 1u32;
    let mut column = 1u32;
    let mut chars = text.char_indices().peekable();
    problems
        .into_iter()
        .map(|problem| {
            let target = problem.span.start.min(text.len());
            while let Some(&(index, character)) = chars.peek() {
                if index >= target {
                    break;
                }
                if character == '\n' {
                    line += 1;
                    column = 1;
                } else if !(index == 0 && character == BYTE_ORDER_MARK) {
                    // Editors hide a leading BOM: it is not a column.
                    column += 1;
                }
                chars.next();
            }
            Diagnostic {
                severity: problem.severity,
                line,
                column,
                message: problem.message,
                span: problem.span,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_are_one_based_and_count_characters() {
        let text = "ab\n→x\n";
        let at = |offset| {
            let d = &locate(text, vec![Problem::error(offset..offset, "m")])[0];
            (d.line, d.column)
        };
        assert_eq!(at(0), (1, 1));
        assert_eq!(at(1), (1, 2));
        assert_eq!(at(3), (2, 1));
        // '→' is three bytes but one column.
        assert_eq!(at(6), (2, 2));
        assert_eq!(at(100), (3, 1));
    }

    #[test]
    fn a_leading_byte_order_mark_is_not_a_column() {
        let text = "\u{feff}ab\n\u{feff}c";
        let at = |offset| {
            let d = &locate(text, vec![Problem::error(offset..offset, "m")])[0];
            (d.line, d.column)
        };
        assert_eq!(at(0), (1, 1));
        assert_eq!(at(3), (1, 1));
        assert_eq!(at(4), (1, 2));
        // Only the file's first character is a BOM; elsewhere U+FEFF is a character like any.
        assert_eq!(at(9), (2, 2));
    }

    #[test]
    fn sorts_by_position() {
        let located = locate(
            "a\nb\nc",
            vec![Problem::warning(4..5, "c"), Problem::error(0..1, "a")],
        );
        let messages: Vec<&str> = located.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(messages, ["a", "c"]);
        assert_eq!((located[1].line, located[1].column), (3, 1));
    }

    #[test]
    fn messages_stay_on_one_line_and_bounded() {
        let problem = Problem::error(0..1, "unknown person `a\nb\tc\u{1b}[31m`");
        assert_eq!(problem.message, "unknown person `a\\nb\\tc\\u{1b}[31m`");
        let long = format!("duplicate id `{}`; expected something", "x".repeat(10_000));
        let message = Problem::warning(0..1, long).message;
        assert_eq!(message.chars().count(), MAX_MESSAGE_CHARS);
        assert!(message.starts_with("duplicate id `xxx"), "{message}");
        assert!(message.ends_with("xxx`; expected something"), "{message}");
    }

    #[test]
    fn quoted_values_are_short_and_escaped() {
        assert_eq!(quoted("el-chapo"), "`el-chapo`");
        assert_eq!(quoted("a\nb"), "`a\\nb`");
        let long = quoted(&"é".repeat(1000));
        assert_eq!(long, format!("`{}…`", "é".repeat(60)));
    }

    #[test]
    fn excerpt_points_at_the_column() {
        let text = "Timeline(\n  titel: \"x\",\n)";
        let diagnostic = &locate(text, vec![Problem::error(12..17, "unknown field `titel`")])[0];
        assert_eq!(
            diagnostic.with_excerpt("a.ron", text),
            "a.ron:2:3: error: unknown field `titel`\n   |\n 2 |   titel: \"x\",\n   |   ^"
        );
    }
}
