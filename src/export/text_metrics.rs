//! Text widths in the bundled DejaVu Sans fonts: the SVG writer needs them to fit labels, and
//! the PNG rasteriser draws with exactly these fonts, so a label judged to fit here does fit on
//! the picture.
//!
//! The advances are read from `assets/fonts/DejaVuSans.ttf` and `DejaVuSans-Bold.ttf` (built into
//! the program) with `ttf-parser`, once per process.

use std::sync::LazyLock;

/// The regular face, as the PNG rasteriser also loads it.
pub const REGULAR_FONT: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");
/// The bold face (titles, lane labels, legend headings).
pub const BOLD_FONT: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans-Bold.ttf");

/// The family name the SVG asks for and the PNG rasteriser provides.
pub const FONT_FAMILY: &str = "DejaVu Sans";

/// Characters the font does not have count as one em: wider than any letter it has, so a label
/// never turns out longer than measured (the rasteriser draws a box of about that width).
const FALLBACK_EM: f64 = 1.0;
/// Shaping may kern pairs closer but never further apart; a small margin covers rounding in the
/// rasteriser.
const SAFETY: f64 = 1.02;
/// Code points below this (ASCII, Latin-1 and Latin Extended-A: nearly every character of the
/// names and titles in a timeline) are looked up once, when the font is read.
const TABLE_END: usize = 0x180;

/// One face's horizontal advances, in ems.
struct Advances {
    /// `None` only if the bundled font could not be read: then every character counts an em.
    face: Option<ttf_parser::Face<'static>>,
    units_per_em: f64,
    /// Advances of U+0000..[`TABLE_END`]; `None` where the font has no glyph.
    table: Vec<Option<f64>>,
}

impl Advances {
    fn read(font: &'static [u8]) -> Advances {
        let face = ttf_parser::Face::parse(font, 0).ok();
        let units_per_em = face
            .as_ref()
            .map_or(1.0, |face| f64::from(face.units_per_em().max(1)));
        let mut advances = Advances {
            face,
            units_per_em,
            table: Vec::new(),
        };
        advances.table = (0..TABLE_END as u32)
            .map(|code| char::from_u32(code).and_then(|c| advances.em_in_font(c)))
            .collect();
        advances
    }

    /// The advance of `c` in ems as the font says; `None` when the font has no glyph for it.
    fn em_in_font(&self, c: char) -> Option<f64> {
        let face = self.face.as_ref()?;
        // Glyph 0 is the "missing glyph" box.
        let glyph = face.glyph_index(c).filter(|glyph| glyph.0 != 0)?;
        let units = face.glyph_hor_advance(glyph)?;
        Some(f64::from(units) / self.units_per_em)
    }

    /// The advance of `c` in ems.
    fn em(&self, c: char) -> f64 {
        let advance = match self.table.get(c as usize) {
            Some(known) => *known,
            None => self.em_in_font(c),
        };
        advance.unwrap_or(FALLBACK_EM)
    }
}

static REGULAR: LazyLock<Advances> = LazyLock::new(|| Advances::read(REGULAR_FONT));
static BOLD: LazyLock<Advances> = LazyLock::new(|| Advances::read(BOLD_FONT));

fn advances(bold: bool) -> &'static Advances {
    if bold { &BOLD } else { &REGULAR }
}

/// Width of `text` in pixels at `size_px`, an upper bound of what the rasteriser draws.
pub fn text_width_px(text: &str, size_px: f64, bold: bool) -> f64 {
    let advances = advances(bold);
    let ems: f64 = text.chars().map(|c| advances.em(c)).sum();
    ems * size_px * SAFETY
}

/// `text` if it fits in `max_px`, else its longest prefix (cut at a character) followed by "…"
/// that does; an empty string when not even the ellipsis fits.
pub fn fit_text(text: &str, size_px: f64, bold: bool, max_px: f64) -> String {
    if text_width_px(text, size_px, bold) <= max_px {
        return text.to_string();
    }
    let ellipsis = text_width_px("…", size_px, bold);
    let mut used = ellipsis;
    let mut fitted = String::new();
    let advances = advances(bold);
    for c in text.chars() {
        let width = advances.em(c) * size_px * SAFETY;
        if used + width > max_px {
            break;
        }
        used += width;
        fitted.push(c);
    }
    if used > max_px {
        return String::new();
    }
    // No dangling space before the ellipsis.
    let trimmed = fitted.trim_end();
    format!("{trimmed}…")
}

/// Splits `text` at spaces into lines no wider than `max_px`; at most `max_lines`, the last one
/// shortened with "…" when text is left over.
pub fn wrap_text(
    text: &str,
    size_px: f64,
    bold: bool,
    max_px: f64,
    max_lines: usize,
) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut current = String::new();
    for word in text.split_whitespace() {
        let candidate = if current.is_empty() {
            word.to_string()
        } else {
            format!("{current} {word}")
        };
        if current.is_empty() || text_width_px(&candidate, size_px, bold) <= max_px {
            current = candidate;
        } else {
            lines.push(std::mem::take(&mut current));
            current = word.to_string();
        }
    }
    if !current.is_empty() {
        lines.push(current);
    }
    if max_lines > 0 && lines.len() > max_lines {
        let rest = lines.split_off(max_lines - 1).join(" ");
        lines.push(rest);
    }
    lines
        .into_iter()
        .take(max_lines.max(1))
        .map(|line| fit_text(&line, size_px, bold, max_px))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_follow_the_font_advances() {
        // "Hi" in DejaVu Sans: H = 1540, i = 569 units.
        let expected = (1540.0 + 569.0) / 2048.0 * 20.0 * SAFETY;
        assert!((text_width_px("Hi", 20.0, false) - expected).abs() < 1e-9);
        assert!(text_width_px("Sheinbaum", 12.0, true) > text_width_px("Sheinbaum", 12.0, false));
        // Accented capitals are as wide as their base letter; unknown characters count an em.
        assert_eq!(
            text_width_px("Á", 12.0, false),
            text_width_px("A", 12.0, false)
        );
        assert!((text_width_px("漢", 10.0, false) - 10.0 * SAFETY).abs() < 1e-9);
    }

    /// Width in font units at 2048 units per em (both DejaVu faces), as a `text_width_px` at
    /// 2048 px without the safety margin.
    fn units(text: &str, bold: bool) -> f64 {
        text_width_px(text, 2048.0, bold) / SAFETY
    }

    #[test]
    fn ascii_widths_are_the_fonts_advances() {
        // The advances the hand-typed tables used to hold (DejaVu Sans 2.37).
        assert_eq!(units("Sheinbaum", false), 11_573.0);
        assert_eq!(units("Sheinbaum", true), 12_922.0);
        assert_eq!(units("1985–2025", false), 1303.0 * 8.0 + 1024.0);
        assert_eq!(units("El Chapo", false), 9_050.0);
    }

    #[test]
    fn non_ascii_characters_are_measured_by_their_glyphs() {
        // Accented letters are as wide as their base letter.
        assert_eq!(units("é", false), units("e", false));
        assert_eq!(units("ñ", true), units("n", true));
        // Punctuation the pictures use.
        assert_eq!(units("–", false), 1024.0);
        assert_eq!(units("→", false), 1716.0);
        assert_eq!(units("…", false), 2048.0);
        // Beyond Latin Extended-A, where the old tables counted a whole em: Romanian Ș, Cyrillic.
        assert_eq!(units("Ș", false), units("S", false));
        assert!(units("Жуков", false) < 5.0 * 2048.0);
        assert!(units("Жуков", false) > 4.0 * 1024.0);
    }

    #[test]
    fn fitting_cuts_with_an_ellipsis_within_the_width() {
        let title = "Trump designates Mexican cartels as Foreign Terrorist Organizations";
        assert_eq!(fit_text(title, 12.0, false, 1000.0), title);
        let short = fit_text(title, 12.0, false, 120.0);
        assert!(short.ends_with('…') && short.len() < title.len(), "{short}");
        assert!(text_width_px(&short, 12.0, false) <= 120.0);
        assert_eq!(fit_text(title, 12.0, false, 2.0), "");
    }

    #[test]
    fn wrapping_keeps_words_and_limits_lines() {
        let text = "one two three four five six seven eight nine ten";
        let width = text_width_px("one two three", 10.0, false) + 0.5;
        let lines = wrap_text(text, 10.0, false, width, 10);
        assert_eq!(
            lines,
            ["one two three", "four five six", "seven eight", "nine ten"]
        );
        let capped = wrap_text(text, 10.0, false, width, 2);
        assert_eq!(capped.len(), 2);
        assert!(capped[1].starts_with("four") && capped[1].ends_with('…'));
    }
}
