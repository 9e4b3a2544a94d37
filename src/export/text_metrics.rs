//! Text widths in the bundled DejaVu Sans fonts, without loading a font: the SVG writer needs
//! them to fit labels, and the PNG rasteriser draws with exactly these fonts, so a label judged
//! to fit here does fit on the picture.
//!
//! The tables are the fonts' horizontal advances (units per em: 2048) for U+0020..U+017F (ASCII,
//! Latin-1 and Latin Extended-A: every name in the bundled timeline), taken from
//! `assets/fonts/DejaVuSans.ttf` and `DejaVuSans-Bold.ttf`.

/// Units per em of both fonts.
const UNITS_PER_EM: f64 = 2048.0;
/// First code point of the tables.
const FIRST: u32 = 0x20;
/// Characters outside the tables count as one em: wider than any letter in them, so a label
/// never turns out longer than measured.
const FALLBACK_ADVANCE: u16 = 2048;
/// Shaping may kern pairs closer but never further apart; a small margin covers rounding in the
/// rasteriser.
const SAFETY: f64 = 1.02;

/// The family name the SVG asks for and the PNG rasteriser provides.
pub const FONT_FAMILY: &str = "DejaVu Sans";

const REGULAR_ADVANCES: [u16; 352] = [
    651, 821, 942, 1716, 1303, 1946, 1597, 563, 799, 799, 1024, 1716, 651, 739, 651, 690, 1303,
    1303, 1303, 1303, 1303, 1303, 1303, 1303, 1303, 1303, 690, 690, 1716, 1716, 1716, 1087, 2048,
    1401, 1405, 1430, 1577, 1294, 1178, 1587, 1540, 604, 604, 1343, 1141, 1767, 1532, 1612, 1235,
    1612, 1423, 1300, 1251, 1499, 1401, 2025, 1403, 1251, 1403, 799, 690, 799, 1716, 1024, 1024,
    1255, 1300, 1126, 1300, 1260, 721, 1300, 1298, 569, 569, 1186, 569, 1995, 1298, 1253, 1300,
    1300, 842, 1067, 803, 1298, 1212, 1675, 1212, 1212, 1075, 1303, 690, 1303, 1716, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 651, 821,
    1303, 1303, 1303, 1303, 690, 1024, 1024, 2048, 965, 1253, 1716, 739, 2048, 1024, 1024, 1716,
    821, 821, 1024, 1303, 1303, 651, 1024, 821, 965, 1253, 1985, 1985, 1985, 1087, 1401, 1401,
    1401, 1401, 1401, 1401, 1995, 1430, 1294, 1294, 1294, 1294, 604, 604, 604, 604, 1587, 1532,
    1612, 1612, 1612, 1612, 1612, 1716, 1612, 1499, 1499, 1499, 1499, 1251, 1239, 1290, 1255, 1255,
    1255, 1255, 1255, 1255, 2011, 1126, 1260, 1260, 1260, 1260, 569, 569, 569, 569, 1253, 1298,
    1253, 1253, 1253, 1253, 1253, 1716, 1253, 1298, 1298, 1298, 1298, 1212, 1300, 1212, 1401, 1255,
    1401, 1255, 1401, 1255, 1430, 1126, 1430, 1126, 1430, 1126, 1430, 1126, 1577, 1300, 1587, 1300,
    1294, 1260, 1294, 1260, 1294, 1260, 1294, 1260, 1294, 1260, 1587, 1300, 1587, 1300, 1587, 1300,
    1587, 1300, 1540, 1298, 1876, 1423, 604, 569, 604, 569, 604, 569, 604, 569, 604, 569, 1208,
    1138, 604, 569, 1343, 1186, 1186, 1141, 569, 1141, 569, 1141, 768, 1141, 700, 1151, 582, 1532,
    1298, 1532, 1298, 1532, 1298, 1666, 1532, 1298, 1612, 1253, 1612, 1253, 1612, 1253, 2191, 2095,
    1423, 842, 1423, 842, 1423, 842, 1300, 1067, 1300, 1067, 1300, 1067, 1300, 1067, 1251, 803,
    1251, 803, 1251, 803, 1499, 1298, 1499, 1298, 1499, 1298, 1499, 1298, 1499, 1298, 1499, 1298,
    2025, 1675, 1251, 1212, 1251, 1403, 1075, 1403, 1075, 1403, 1075, 721,
];
const BOLD_ADVANCES: [u16; 352] = [
    713, 934, 1067, 1716, 1425, 2052, 1786, 627, 936, 936, 1071, 1716, 778, 850, 778, 748, 1425,
    1425, 1425, 1425, 1425, 1425, 1425, 1425, 1425, 1425, 819, 819, 1716, 1716, 1716, 1188, 2048,
    1585, 1561, 1503, 1700, 1399, 1399, 1681, 1714, 762, 762, 1587, 1305, 2038, 1714, 1741, 1501,
    1741, 1577, 1475, 1397, 1663, 1585, 2259, 1579, 1483, 1485, 936, 748, 936, 1716, 1024, 1024,
    1382, 1466, 1214, 1466, 1389, 891, 1466, 1458, 702, 702, 1362, 702, 2134, 1458, 1407, 1466,
    1466, 1010, 1219, 979, 1458, 1335, 1892, 1321, 1335, 1192, 1458, 748, 1458, 1716, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 713,
    934, 1425, 1425, 1303, 1425, 748, 1024, 1024, 2048, 1155, 1323, 1716, 850, 2048, 1024, 1024,
    1716, 897, 897, 1024, 1507, 1303, 778, 1024, 897, 1155, 1323, 2120, 2120, 2120, 1188, 1585,
    1585, 1585, 1585, 1585, 1585, 2222, 1503, 1399, 1399, 1399, 1399, 762, 762, 762, 762, 1716,
    1714, 1741, 1741, 1741, 1741, 1741, 1716, 1741, 1663, 1663, 1663, 1663, 1483, 1511, 1473, 1382,
    1382, 1382, 1382, 1382, 1382, 2146, 1214, 1389, 1389, 1389, 1389, 702, 702, 702, 702, 1407,
    1458, 1407, 1407, 1407, 1407, 1407, 1716, 1407, 1458, 1458, 1458, 1458, 1335, 1466, 1335, 1585,
    1382, 1585, 1382, 1585, 1382, 1503, 1214, 1503, 1214, 1503, 1214, 1503, 1214, 1700, 1466, 1716,
    1466, 1399, 1389, 1399, 1389, 1399, 1389, 1399, 1389, 1399, 1389, 1681, 1466, 1681, 1466, 1681,
    1466, 1681, 1466, 1714, 1458, 1994, 1618, 762, 702, 762, 702, 762, 702, 762, 702, 762, 702,
    1524, 1404, 762, 702, 1587, 1362, 1362, 1305, 702, 1305, 702, 1305, 982, 1305, 1140, 1315, 760,
    1714, 1458, 1714, 1458, 1714, 1458, 2013, 1714, 1458, 1741, 1407, 1741, 1407, 1741, 1407, 2390,
    2241, 1577, 1010, 1577, 1010, 1577, 1010, 1475, 1219, 1475, 1219, 1475, 1219, 1475, 1219, 1397,
    979, 1397, 979, 1397, 979, 1663, 1458, 1663, 1458, 1663, 1458, 1663, 1458, 1663, 1458, 1663,
    1458, 2259, 1892, 1483, 1335, 1483, 1485, 1192, 1485, 1192, 1485, 1192, 891,
];

/// Advances of the punctuation used in titles and in the picture itself.
fn extra_advance(c: char, bold: bool) -> Option<u16> {
    let (regular, bold_advance) = match c {
        '–' => (1024, 1024),
        '—' => (2048, 2048),
        '‘' | '’' => (651, 778),
        '“' | '”' => (1061, 1346),
        '…' => (2048, 2048),
        '→' | '≈' => (1716, 1716),
        '·' => (651, 778),
        '•' => (1208, 1309),
        '€' => (1303, 1425),
        _ => return None,
    };
    Some(if bold { bold_advance } else { regular })
}

fn advance(c: char, bold: bool) -> u16 {
    let table: &[u16] = if bold {
        &BOLD_ADVANCES
    } else {
        &REGULAR_ADVANCES
    };
    let from_table = u32::from(c)
        .checked_sub(FIRST)
        .and_then(|i| table.get(i as usize))
        .copied()
        .filter(|&a| a > 0);
    from_table
        .or_else(|| extra_advance(c, bold))
        .unwrap_or(FALLBACK_ADVANCE)
}

/// Width of `text` in pixels at `size_px`, an upper bound of what the rasteriser draws.
pub fn text_width_px(text: &str, size_px: f64, bold: bool) -> f64 {
    let units: u64 = text.chars().map(|c| u64::from(advance(c, bold))).sum();
    units as f64 / UNITS_PER_EM * size_px * SAFETY
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
    for c in text.chars() {
        let width = f64::from(advance(c, bold)) / UNITS_PER_EM * size_px * SAFETY;
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
