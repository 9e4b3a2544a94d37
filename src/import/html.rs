//! HTML fragments (TimelineJS headlines, texts, credits) turned into plain text.
//!
//! Not an HTML parser: tags are dropped, block ends and `<br>` become line breaks, entities are
//! decoded and whitespace is collapsed as a browser would. Text that merely contains `<` (as in
//! "a < b") is kept: only `<` followed by a tag name, `/` or `!`, and closed by `>`, is a tag.
//! Entities are decoded by the `htmlize` crate, which follows the WHATWG list.

use std::borrow::Cow;

/// Plain text with one line per paragraph, `<br>` or list item; no empty lines, no spaces at the
/// ends of lines.
pub fn html_to_text(html: &str) -> String {
    let mut text = PlainText::default();
    let mut rest = html;
    loop {
        let next_tag = next_tag(rest);
        let text_end = next_tag.as_ref().map_or(rest.len(), |(start, _)| *start);
        // Entities are decoded only in the text between tags, so that `&lt;b&gt;` stays text.
        for character in decode_entities(&rest[..text_end]).chars() {
            text.push(character);
        }
        let Some((start, tag)) = next_tag else {
            break;
        };
        rest = &rest[start + tag.length..];
        if let Some(skip_until) = tag.skip_content_until() {
            rest = skip_past_closing_tag(rest, skip_until);
        }
        if tag.breaks_line() {
            text.line_break();
        }
    }
    text.finish()
}

/// Plain text on one line: what [`html_to_text`] puts on separate lines is joined by spaces.
pub fn html_to_line(html: &str) -> String {
    html_to_text(html).replace('\n', " ")
}

/// Decodes every HTML5 character reference as a browser does in text: the 2,231 named ones
/// (`&eacute;`, `&rarr;`, also the few that browsers accept without `;`, such as `&copy`) and
/// numeric ones (`&#8217;`, `&#x2019;`, with the Windows-1252 reading of `&#150;`); anything
/// else, such as `&unknown;` or `AT&T`, is left as written.
pub fn decode_entities(text: &str) -> Cow<'_, str> {
    htmlize::unescape(text)
}

/// The first tag in `text` and where it starts.
fn next_tag(text: &str) -> Option<(usize, Tag)> {
    let mut search_from = 0;
    while let Some(offset) = text.get(search_from..)?.find('<') {
        let start = search_from + offset;
        if let Some(tag) = tag_at(&text[start..]) {
            return Some((start, tag));
        }
        search_from = start + 1;
    }
    None
}

/// Builds lines of text with whitespace collapsed.
#[derive(Default)]
struct PlainText {
    lines: Vec<String>,
    line: String,
    space_pending: bool,
}

impl PlainText {
    fn push(&mut self, character: char) {
        // A soft hyphen only marks where a browser may break a word.
        if character == '\u{ad}' {
            return;
        }
        // U+00A0 (`&nbsp;`) counts as whitespace here: plain text has no use for it.
        if character.is_whitespace() {
            self.space_pending = true;
            return;
        }
        if self.space_pending && !self.line.is_empty() {
            self.line.push(' ');
        }
        self.space_pending = false;
        self.line.push(character);
    }

    fn line_break(&mut self) {
        if !self.line.is_empty() {
            self.lines.push(std::mem::take(&mut self.line));
        }
        self.space_pending = false;
    }

    fn finish(mut self) -> String {
        self.line_break();
        self.lines.join("\n")
    }
}

struct Tag {
    /// Lowercase name (`p`, `br`), empty for comments and declarations.
    name: String,
    closing: bool,
    /// Bytes from `<` to just after `>`.
    length: usize,
}

impl Tag {
    fn breaks_line(&self) -> bool {
        const BLOCKS: &[&str] = &[
            "address",
            "article",
            "aside",
            "blockquote",
            "br",
            "dd",
            "div",
            "dl",
            "dt",
            "figcaption",
            "figure",
            "footer",
            "h1",
            "h2",
            "h3",
            "h4",
            "h5",
            "h6",
            "header",
            "hr",
            "li",
            "ol",
            "p",
            "pre",
            "section",
            "table",
            "tr",
            "ul",
        ];
        BLOCKS.contains(&self.name.as_str())
    }

    /// Elements whose content is not text: their content is dropped with them.
    fn skip_content_until(&self) -> Option<&'static str> {
        if self.closing {
            return None;
        }
        match self.name.as_str() {
            "script" => Some("script"),
            "style" => Some("style"),
            _ => None,
        }
    }
}

/// The tag starting at `text` (which starts with `<`), if it is one.
fn tag_at(text: &str) -> Option<Tag> {
    let after = text.get(1..)?;
    if let Some(comment) = after.strip_prefix("!--") {
        let end = comment.find("-->")?;
        return Some(Tag {
            name: String::new(),
            closing: false,
            length: 4 + end + 3,
        });
    }
    let (closing, name_start) = match after.as_bytes().first()? {
        b'/' => (true, 2),
        b'!' | b'?' => (false, 2),
        b if b.is_ascii_alphabetic() => (false, 1),
        _ => return None,
    };
    let name: String = text[name_start..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_lowercase())
        .collect();
    if closing && name.is_empty() {
        return None;
    }
    // Find the closing `>`, skipping quoted attribute values (which may contain `>`).
    let mut quote = None;
    for (index, byte) in text.bytes().enumerate().skip(name_start + name.len()) {
        match (quote, byte) {
            (None, b'"' | b'\'') => quote = Some(byte),
            (Some(open), _) if byte == open => quote = None,
            (None, b'>') => {
                return Some(Tag {
                    name,
                    closing,
                    length: index + 1,
                });
            }
            (None, b'<') => return None,
            _ => {}
        }
    }
    None
}

/// The text after `</name…>` (case-insensitive), or nothing when it is never closed.
fn skip_past_closing_tag<'t>(text: &'t str, name: &str) -> &'t str {
    let lower = text.to_ascii_lowercase();
    let closing = format!("</{name}");
    match lower.find(&closing) {
        Some(index) => {
            let rest = &text[index..];
            match rest.find('>') {
                Some(end) => &rest[end + 1..],
                None => "",
            }
        }
        None => "",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drops_tags_and_keeps_their_text() {
        assert_eq!(
            html_to_text(
                "Take <a href=\"https://en.wikipedia.org/wiki/Ada\">Ada <i>Lovelace</i></a>: a <b>first</b>."
            ),
            "Take Ada Lovelace: a first."
        );
        assert_eq!(
            html_to_text("<span class='x' title=\"a > b\">kept</span>"),
            "kept"
        );
    }

    #[test]
    fn paragraphs_and_breaks_become_lines() {
        assert_eq!(
            html_to_text("<p>One.</p><p>Two<br/>three<BR>four</p>\n\n<p></p>"),
            "One.\nTwo\nthree\nfour"
        );
        assert_eq!(
            html_to_line("Whitney Houston<br/> 1963 - 2012"),
            "Whitney Houston 1963 - 2012"
        );
        assert_eq!(
            html_to_text("<ul><li>a</li><li>b</li></ul>"),
            "a\nb",
            "list items are lines"
        );
    }

    #[test]
    fn collapses_whitespace_as_a_browser_does() {
        assert_eq!(
            html_to_text("  many \t spaces\nand a\r\nsource line break  "),
            "many spaces and a source line break"
        );
        assert_eq!(html_to_text("a&nbsp;&nbsp; b"), "a b");
        assert_eq!(html_to_text(""), "");
        assert_eq!(html_to_text("<p> </p>"), "");
    }

    #[test]
    fn decodes_named_and_numeric_entities() {
        assert_eq!(
            html_to_text("Tom &amp; Jerry &lt;3 caf&eacute; &#233;t&#xE9; &#x27;q&#39;"),
            "Tom & Jerry <3 café été 'q'"
        );
        assert_eq!(
            decode_entities("&aacute;&iacute;&oacute;&uacute;&ntilde;&uuml;&ccedil;&Eacute;"),
            "áíóúñüçÉ"
        );
        assert_eq!(
            decode_entities("&quot;x&quot; &apos;y&apos; &mdash; &hellip;"),
            "\"x\" 'y' — …"
        );
        // Not entities: left as written.
        assert_eq!(
            decode_entities("AT&T; R&D &unknown; &#xZZ; & done"),
            "AT&T; R&D &unknown; &#xZZ; & done"
        );
        assert_eq!(decode_entities("&#0;&#1114112;"), "\u{fffd}\u{fffd}");
    }

    #[test]
    fn decodes_every_html5_entity_and_numeric_references() {
        assert_eq!(
            decode_entities("caf&eacute; &hellip; A &rarr; B &#8217;s &#x2019;s"),
            "café … A → B ’s ’s"
        );
        // Names beyond Latin-1 and typography, and two-character ones.
        assert_eq!(
            decode_entities("&Scedil;&oacute;&ccaron; &check; &NotEqualTilde;"),
            "Şóč ✓ \u{2242}\u{338}"
        );
        // A few old names work without `;`, as in browsers.
        assert_eq!(decode_entities("&copy 2025 &amp co"), "© 2025 & co");
        // Windows-1252 codes sent as numbers read as browsers read them.
        assert_eq!(decode_entities("&#150; &#147;q&#148;"), "– “q”");
        assert_eq!(
            html_to_text("<p>Ni&ntilde;o &foo; &rarr;</p>"),
            "Niño &foo; →"
        );
    }

    #[test]
    fn entities_decode_to_text_not_tags() {
        assert_eq!(html_to_text("&lt;b&gt;bold&lt;/b&gt;"), "<b>bold</b>");
    }

    #[test]
    fn a_lone_less_than_sign_is_text() {
        assert_eq!(html_to_text("a < b and 3<4"), "a < b and 3<4");
        assert_eq!(html_to_text("x <y"), "x <y");
    }

    #[test]
    fn drops_comments_scripts_and_styles() {
        assert_eq!(
            html_to_text("a<!-- note -->b<script>alert('<p>')</script>c<style>p{}</style>d"),
            "abcd"
        );
        assert_eq!(html_to_text("a<script>never closed"), "a");
    }

    #[test]
    fn blockquote_with_cite_reads_as_a_quote() {
        assert_eq!(
            html_to_text(
                "<blockquote>There is no demand. <cite>Edith Clarke, engineer</cite></blockquote>"
            ),
            "There is no demand. Edith Clarke, engineer"
        );
    }
}
