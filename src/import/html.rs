//! HTML fragments (TimelineJS headlines, texts, credits) turned into plain text.
//!
//! Not an HTML parser: tags are dropped, block ends and `<br>` become line breaks, entities are
//! decoded and whitespace is collapsed as a browser would. Text that merely contains `<` (as in
//! "a < b") is kept: only `<` followed by a tag name, `/` or `!`, and closed by `>`, is a tag.

/// Plain text with one line per paragraph, `<br>` or list item; no empty lines, no spaces at the
/// ends of lines.
pub fn html_to_text(html: &str) -> String {
    let mut text = PlainText::default();
    let mut rest = html;
    while let Some(character) = rest.chars().next() {
        match character {
            '<' => match tag_at(rest) {
                Some(tag) => {
                    rest = &rest[tag.length..];
                    if let Some(skip_until) = tag.skip_content_until() {
                        rest = skip_past_closing_tag(rest, skip_until);
                    }
                    if tag.breaks_line() {
                        text.line_break();
                    }
                    continue;
                }
                None => text.push(character),
            },
            '&' => {
                if let Some((decoded, length)) = entity_at(rest) {
                    text.push(decoded);
                    rest = &rest[length..];
                    continue;
                }
                text.push(character);
            }
            _ => text.push(character),
        }
        rest = &rest[character.len_utf8()..];
    }
    text.finish()
}

/// Plain text on one line: what [`html_to_text`] puts on separate lines is joined by spaces.
pub fn html_to_line(html: &str) -> String {
    html_to_text(html).replace('\n', " ")
}

/// Decodes `&name;`, `&#233;` and `&#xE9;`; anything else is left as written.
pub fn decode_entities(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(index) = rest.find('&') {
        out.push_str(&rest[..index]);
        rest = &rest[index..];
        match entity_at(rest) {
            Some((decoded, length)) => {
                out.push(decoded);
                rest = &rest[length..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
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

/// The entity starting at `text` (which starts with `&`): its character and its length in bytes.
fn entity_at(text: &str) -> Option<(char, usize)> {
    // The longest entity names are short; a `;` further away is not an entity's.
    const MAX_ENTITY_BYTES: usize = 12;
    let window = text.get(1..)?;
    let end = window
        .bytes()
        .take(MAX_ENTITY_BYTES)
        .position(|b| b == b';')?;
    let body = &window[..end];
    let character = if let Some(number) = body.strip_prefix('#') {
        let code = match number.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => number.parse().ok()?,
        };
        match code {
            // Windows-1252 codes sent as numbers, as browsers read them.
            0x91 | 0x92 => '\u{2019}',
            0x93 | 0x94 => '\u{201d}',
            0x96 => '\u{2013}',
            0x97 => '\u{2014}',
            0 => '\u{fffd}',
            _ => char::from_u32(code).unwrap_or('\u{fffd}'),
        }
    } else {
        named_entity(body)?
    };
    Some((character, 1 + end + 1))
}

/// The named entities people and editors actually write: markup, typography and Latin-1.
fn named_entity(name: &str) -> Option<char> {
    let character = match name {
        "amp" | "AMP" => '&',
        "lt" | "LT" => '<',
        "gt" | "GT" => '>',
        "quot" | "QUOT" => '"',
        "apos" => '\'',
        "nbsp" => '\u{a0}',
        "ensp" | "emsp" | "thinsp" => ' ',
        "shy" => '\u{ad}',
        "zwnj" => '\u{200c}',
        "zwj" => '\u{200d}',
        "lrm" => '\u{200e}',
        "rlm" => '\u{200f}',
        "ndash" => '–',
        "mdash" => '—',
        "hellip" => '…',
        "lsquo" => '‘',
        "rsquo" => '’',
        "sbquo" => '‚',
        "ldquo" => '“',
        "rdquo" => '”',
        "bdquo" => '„',
        "laquo" => '«',
        "raquo" => '»',
        "lsaquo" => '‹',
        "rsaquo" => '›',
        "bull" => '•',
        "middot" => '·',
        "prime" => '′',
        "Prime" => '″',
        "dagger" => '†',
        "Dagger" => '‡',
        "permil" => '‰',
        "trade" => '™',
        "copy" => '©',
        "reg" => '®',
        "deg" => '°',
        "plusmn" => '±',
        "times" => '×',
        "divide" => '÷',
        "minus" => '−',
        "frac14" => '¼',
        "frac12" => '½',
        "frac34" => '¾',
        "sup1" => '¹',
        "sup2" => '²',
        "sup3" => '³',
        "micro" => 'µ',
        "para" => '¶',
        "sect" => '§',
        "cent" => '¢',
        "pound" => '£',
        "yen" => '¥',
        "euro" => '€',
        "curren" => '¤',
        "iexcl" => '¡',
        "iquest" => '¿',
        "ordf" => 'ª',
        "ordm" => 'º',
        "not" => '¬',
        "macr" => '¯',
        "acute" => '´',
        "cedil" => '¸',
        "uml" => '¨',
        "brvbar" => '¦',
        "larr" => '←',
        "rarr" => '→',
        "uarr" => '↑',
        "darr" => '↓',
        "Agrave" => 'À',
        "Aacute" => 'Á',
        "Acirc" => 'Â',
        "Atilde" => 'Ã',
        "Auml" => 'Ä',
        "Aring" => 'Å',
        "AElig" => 'Æ',
        "Ccedil" => 'Ç',
        "Egrave" => 'È',
        "Eacute" => 'É',
        "Ecirc" => 'Ê',
        "Euml" => 'Ë',
        "Igrave" => 'Ì',
        "Iacute" => 'Í',
        "Icirc" => 'Î',
        "Iuml" => 'Ï',
        "ETH" => 'Ð',
        "Ntilde" => 'Ñ',
        "Ograve" => 'Ò',
        "Oacute" => 'Ó',
        "Ocirc" => 'Ô',
        "Otilde" => 'Õ',
        "Ouml" => 'Ö',
        "Oslash" => 'Ø',
        "Ugrave" => 'Ù',
        "Uacute" => 'Ú',
        "Ucirc" => 'Û',
        "Uuml" => 'Ü',
        "Yacute" => 'Ý',
        "THORN" => 'Þ',
        "szlig" => 'ß',
        "agrave" => 'à',
        "aacute" => 'á',
        "acirc" => 'â',
        "atilde" => 'ã',
        "auml" => 'ä',
        "aring" => 'å',
        "aelig" => 'æ',
        "ccedil" => 'ç',
        "egrave" => 'è',
        "eacute" => 'é',
        "ecirc" => 'ê',
        "euml" => 'ë',
        "igrave" => 'ì',
        "iacute" => 'í',
        "icirc" => 'î',
        "iuml" => 'ï',
        "eth" => 'ð',
        "ntilde" => 'ñ',
        "ograve" => 'ò',
        "oacute" => 'ó',
        "ocirc" => 'ô',
        "otilde" => 'õ',
        "ouml" => 'ö',
        "oslash" => 'ø',
        "ugrave" => 'ù',
        "uacute" => 'ú',
        "ucirc" => 'û',
        "uuml" => 'ü',
        "yacute" => 'ý',
        "thorn" => 'þ',
        "yuml" => 'ÿ',
        "OElig" => 'Œ',
        "oelig" => 'œ',
        "Scaron" => 'Š',
        "scaron" => 'š',
        "Yuml" => 'Ÿ',
        _ => return None,
    };
    Some(character)
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
