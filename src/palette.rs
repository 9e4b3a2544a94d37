//! The colours of the three themes (light, dark, high contrast) and the WCAG contrast arithmetic
//! that keeps lane colours readable on each: one source of colour for the app and the SVG/PNG
//! export.
//!
//! Lane colours come from the timeline (a cartel's `color`), from the kinds and from a fixed
//! palette; no single colour reads on both a white and a near-black background (4.5:1 on white
//! needs a relative luminance under 0.18, 4.5:1 on #1b1b1b one over 0.21). So a lane keeps its
//! hue and each theme nudges it toward its text colour, only as far as WCAG AA needs: text 4.5:1,
//! markers and other graphics 3:1 (the high-contrast theme asks 7:1 and 4.5:1).

/// Which of the palettes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PaletteKind {
    Light,
    Dark,
    HighContrast,
}

/// The colours of one theme, as `0xRRGGBB`, and the contrast it promises.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Palette {
    pub kind: PaletteKind,
    /// Behind the lanes and the text.
    pub background_rgb: u32,
    /// Body text.
    pub text_rgb: u32,
    /// Secondary text (axis labels, era titles, counts).
    pub muted_text_rgb: u32,
    /// Markers that carry no lane colour (legend shapes when lanes are not kinds).
    pub neutral_marker_rgb: u32,
    /// Least contrast of any text against the background (WCAG AA: 4.5).
    pub min_text_ratio: f64,
    /// Least contrast of markers and lane stripes against the background (WCAG AA: 3).
    pub min_marker_ratio: f64,
}

/// WCAG 2 AA for normal text.
pub const WCAG_AA_TEXT: f64 = 4.5;
/// WCAG 2 AA for graphical objects (WCAG 2.1, 1.4.11).
pub const WCAG_AA_GRAPHICS: f64 = 3.0;

pub const LIGHT: Palette = Palette {
    kind: PaletteKind::Light,
    background_rgb: 0xffffff,
    text_rgb: 0x1e1e1e,
    muted_text_rgb: 0x5f636a,
    neutral_marker_rgb: 0x6b6f76,
    min_text_ratio: WCAG_AA_TEXT,
    min_marker_ratio: WCAG_AA_GRAPHICS,
};

/// The background is egui's dark panel grey, the lighter of its dark backgrounds, so a colour
/// that passes here passes on the darker plot and SVG backgrounds too.
pub const DARK: Palette = Palette {
    kind: PaletteKind::Dark,
    background_rgb: 0x1b1b1b,
    text_rgb: 0xe6e6e6,
    muted_text_rgb: 0xa6aab2,
    neutral_marker_rgb: 0xa0a4ab,
    min_text_ratio: WCAG_AA_TEXT,
    min_marker_ratio: WCAG_AA_GRAPHICS,
};

/// White on black, and more than AA asks: 7:1 text (AAA), 4.5:1 markers.
pub const HIGH_CONTRAST: Palette = Palette {
    kind: PaletteKind::HighContrast,
    background_rgb: 0x000000,
    text_rgb: 0xffffff,
    muted_text_rgb: 0xd8d8d8,
    neutral_marker_rgb: 0xc8c8c8,
    min_text_ratio: 7.0,
    min_marker_ratio: WCAG_AA_TEXT,
};

/// Every palette, for tests and the theme menu.
pub const ALL: [&Palette; 3] = [&LIGHT, &DARK, &HIGH_CONTRAST];

/// How far (of the way to the text colour) one nudge moves a colour: fine enough that the
/// colour that passes is close to the least change that would.
const NUDGE_STEPS: u32 = 40;

impl Palette {
    pub fn of(kind: PaletteKind) -> &'static Palette {
        match kind {
            PaletteKind::Light => &LIGHT,
            PaletteKind::Dark => &DARK,
            PaletteKind::HighContrast => &HIGH_CONTRAST,
        }
    }

    /// Light or dark (the export's `dark` option).
    pub fn light_or_dark(dark: bool) -> &'static Palette {
        if dark { &DARK } else { &LIGHT }
    }

    pub fn is_dark(&self) -> bool {
        relative_luminance(self.background_rgb) < 0.5
    }

    /// A lane's colour as text (lane labels, titles drawn in the lane's colour).
    pub fn lane_text_rgb(&self, lane_rgb: u32) -> u32 {
        readable(
            lane_rgb,
            self.text_rgb,
            self.background_rgb,
            self.min_text_ratio,
        )
    }

    /// A lane's colour for markers, bars and stripes.
    pub fn marker_rgb(&self, lane_rgb: u32) -> u32 {
        readable(
            lane_rgb,
            self.text_rgb,
            self.background_rgb,
            self.min_marker_ratio,
        )
    }
}

/// `color` unchanged when it has `min_ratio` against `background`, else mixed toward `toward`
/// by the least step of [`NUDGE_STEPS`] that gets there (`toward` itself at worst).
pub fn readable(color: u32, toward: u32, background: u32, min_ratio: f64) -> u32 {
    (0..=NUDGE_STEPS)
        .map(|step| mix(color, toward, f64::from(step) / f64::from(NUDGE_STEPS)))
        .find(|&candidate| contrast_ratio(candidate, background) >= min_ratio)
        .unwrap_or(toward)
}

/// WCAG 2 relative luminance of an sRGB colour `0xRRGGBB`: 0 for black, 1 for white.
pub fn relative_luminance(rgb: u32) -> f64 {
    let linear = |shift: u32| {
        let channel = f64::from((rgb >> shift) & 0xff) / 255.0;
        if channel <= 0.04045 {
            channel / 12.92
        } else {
            ((channel + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * linear(16) + 0.7152 * linear(8) + 0.0722 * linear(0)
}

/// WCAG 2 contrast ratio of two colours, from 1 (same) to 21 (black on white).
pub fn contrast_ratio(a: u32, b: u32) -> f64 {
    let (la, lb) = (relative_luminance(a), relative_luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

/// `a` mixed with `b`: `amount` 0 is `a`, 1 is `b` (per sRGB channel, rounded).
pub fn mix(a: u32, b: u32, amount: f64) -> u32 {
    let channel = |shift: u32| {
        let (ca, cb) = (
            f64::from((a >> shift) & 0xff),
            f64::from((b >> shift) & 0xff),
        );
        ((ca + (cb - ca) * amount).round().clamp(0.0, 255.0) as u32) << shift
    };
    channel(16) | channel(8) | channel(0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::KindLane;

    /// Every lane colour the app can draw without a timeline's own: the kinds', the palette for
    /// people and cartels, "Unassigned"; and a few a timeline might give its cartels (too
    /// light, too dark, mid grey).
    fn lane_colours() -> Vec<u32> {
        let mut colours: Vec<u32> = KindLane::ALL.iter().map(|k| k.color_rgb()).collect();
        colours.extend(crate::lanes::LANE_PALETTE);
        colours.push(crate::lanes::UNASSIGNED_COLOR);
        colours.extend([0xffff00, 0xffffff, 0x000000, 0x777777, 0xaabbcc, 0x123456]);
        colours
    }

    #[test]
    fn known_ratios() {
        assert!((contrast_ratio(0x000000, 0xffffff) - 21.0).abs() < 1e-9);
        assert!((contrast_ratio(0x777777, 0x777777) - 1.0).abs() < 1e-9);
        // The figures the brief measured before this module: the raw kind colours fail as text.
        let escape = contrast_ratio(KindLane::Escape.color_rgb(), 0xffffff);
        assert!((2.9..3.1).contains(&escape), "{escape}");
        assert!(escape < WCAG_AA_TEXT);
    }

    #[test]
    fn every_palette_meets_wcag_aa_for_text_and_markers() {
        for palette in ALL {
            let background = palette.background_rgb;
            assert!(palette.min_text_ratio >= WCAG_AA_TEXT);
            assert!(palette.min_marker_ratio >= WCAG_AA_GRAPHICS);
            for (what, rgb, least) in [
                ("text", palette.text_rgb, palette.min_text_ratio),
                ("muted text", palette.muted_text_rgb, palette.min_text_ratio),
                (
                    "neutral marker",
                    palette.neutral_marker_rgb,
                    palette.min_marker_ratio,
                ),
            ] {
                let ratio = contrast_ratio(rgb, background);
                assert!(
                    ratio >= least,
                    "{:?} {what} #{rgb:06x}: {ratio:.2}",
                    palette.kind
                );
            }
            for lane in lane_colours() {
                let text = palette.lane_text_rgb(lane);
                let marker = palette.marker_rgb(lane);
                let (text_ratio, marker_ratio) = (
                    contrast_ratio(text, background),
                    contrast_ratio(marker, background),
                );
                assert!(
                    text_ratio >= palette.min_text_ratio,
                    "{:?} lane #{lane:06x} as text #{text:06x}: {text_ratio:.2}",
                    palette.kind
                );
                assert!(
                    marker_ratio >= palette.min_marker_ratio,
                    "{:?} lane #{lane:06x} as marker #{marker:06x}: {marker_ratio:.2}",
                    palette.kind
                );
            }
        }
    }

    #[test]
    fn colours_change_only_as_much_as_contrast_needs() {
        for palette in ALL {
            for lane in lane_colours() {
                for (adjusted, least) in [
                    (palette.lane_text_rgb(lane), palette.min_text_ratio),
                    (palette.marker_rgb(lane), palette.min_marker_ratio),
                ] {
                    if contrast_ratio(lane, palette.background_rgb) >= least {
                        assert_eq!(
                            adjusted, lane,
                            "{:?}: a passing colour is kept",
                            palette.kind
                        );
                        continue;
                    }
                    // One nudge less would still fail: the change is the least of the steps.
                    let step = (0..=NUDGE_STEPS)
                        .find(|&s| {
                            mix(
                                lane,
                                palette.text_rgb,
                                f64::from(s) / f64::from(NUDGE_STEPS),
                            ) == adjusted
                        })
                        .expect("the adjusted colour is a mix toward the text colour");
                    assert!(step > 0);
                    let one_less = mix(
                        lane,
                        palette.text_rgb,
                        f64::from(step - 1) / f64::from(NUDGE_STEPS),
                    );
                    assert!(contrast_ratio(one_less, palette.background_rgb) < least);
                }
            }
        }
    }

    #[test]
    fn the_escape_and_court_lanes_are_darkened_on_white_and_extradition_lightened_on_dark() {
        let escape = LIGHT.lane_text_rgb(KindLane::Escape.color_rgb());
        assert!(relative_luminance(escape) < relative_luminance(KindLane::Escape.color_rgb()));
        let court = LIGHT.lane_text_rgb(KindLane::Court.color_rgb());
        assert!(relative_luminance(court) < relative_luminance(KindLane::Court.color_rgb()));
        let extradition = DARK.lane_text_rgb(KindLane::Extradition.color_rgb());
        assert!(
            relative_luminance(extradition) > relative_luminance(KindLane::Extradition.color_rgb())
        );
    }
}
