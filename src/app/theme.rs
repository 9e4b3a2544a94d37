//! The app's themes on egui: light, dark, the system's, and high contrast (white on black, thick
//! focus rings), each with its [`Palette`] from the pure [`crate::palette`].

use egui::{Color32, Stroke};

use super::ThemeChoice;
use super::lanes_view::color_from_rgb as color;
use crate::palette::{self, Palette, PaletteKind};

/// Where the chosen theme is kept in egui's memory, for painters that only have a context.
fn high_contrast_id() -> egui::Id {
    egui::Id::unique("chronolanes-high-contrast")
}

/// Shows the app in `choice`.
pub fn apply(ctx: &egui::Context, choice: ThemeChoice) {
    let high_contrast = choice == ThemeChoice::HighContrast;
    // High contrast replaces the dark visuals; leaving it puts egui's own back.
    ctx.set_visuals_of(
        egui::Theme::Dark,
        if high_contrast {
            high_contrast_visuals()
        } else {
            egui::Visuals::dark()
        },
    );
    ctx.data_mut(|data| data.insert_temp(high_contrast_id(), high_contrast));
    ctx.set_theme(match choice {
        ThemeChoice::Light => egui::ThemePreference::Light,
        ThemeChoice::Dark | ThemeChoice::HighContrast => egui::ThemePreference::Dark,
        ThemeChoice::System => egui::ThemePreference::System,
    });
}

/// egui's own animation time (collapsing headers, scrolling), restored when motion is allowed.
const DEFAULT_ANIMATION_SECONDS: f32 = 0.2;

/// Reduced motion: egui's animations off (its `animation_time` of 0, which the presentation's
/// glide also reads, see [`motion_reduced`]). Neither egui nor eframe 0.37 reports the
/// system's "reduce motion" setting, so the app has View > Reduce motion, and the environment
/// variable [`REDUCE_MOTION_ENV`] sets its default.
pub fn apply_motion(ctx: &egui::Context, reduce: bool) {
    ctx.all_styles_mut(|style| {
        style.animation_time = if reduce {
            0.0
        } else {
            DEFAULT_ANIMATION_SECONDS
        };
    });
}

/// True when animations should be skipped (View > Reduce motion).
pub fn motion_reduced(ctx: &egui::Context) -> bool {
    ctx.global_style().animation_time <= 0.0
}

/// `CHRONOLANES_REDUCE_MOTION=1` starts the app with motion reduced (until changed in View).
pub const REDUCE_MOTION_ENV: &str = "CHRONOLANES_REDUCE_MOTION";

/// The default of View > Reduce motion: from [`REDUCE_MOTION_ENV`] (set and not `0`).
pub fn reduce_motion_from_env() -> bool {
    std::env::var(REDUCE_MOTION_ENV).is_ok_and(|value| !value.is_empty() && value != "0")
}

/// The palette of the theme on screen.
pub fn palette(ctx: &egui::Context) -> &'static Palette {
    let high_contrast = ctx.data(|data| data.get_temp::<bool>(high_contrast_id()));
    match (high_contrast, ctx.theme()) {
        (Some(true), _) => Palette::of(PaletteKind::HighContrast),
        (_, egui::Theme::Dark) => Palette::of(PaletteKind::Dark),
        (_, egui::Theme::Light) => Palette::of(PaletteKind::Light),
    }
}

/// egui's dark visuals made starker: black panels, white text and outlines, a yellow focus and
/// selection ring (told apart from every lane colour).
fn high_contrast_visuals() -> egui::Visuals {
    let colors = &palette::HIGH_CONTRAST;
    let background = color(colors.background_rgb);
    let text = color(colors.text_rgb);
    let focus = Color32::from_rgb(0xff, 0xd7, 0x00);
    let mut visuals = egui::Visuals::dark();
    visuals.override_text_color = Some(text);
    visuals.panel_fill = background;
    visuals.window_fill = background;
    visuals.extreme_bg_color = background;
    visuals.faint_bg_color = Color32::from_gray(24);
    visuals.window_stroke = Stroke::new(1.5, text);
    visuals.hyperlink_color = Color32::from_rgb(0x8c, 0xd8, 0xff);
    visuals.selection.bg_fill = Color32::from_rgb(0x00, 0x3a, 0x8c);
    visuals.selection.stroke = Stroke::new(2.0, focus);
    for widget in [
        &mut visuals.widgets.noninteractive,
        &mut visuals.widgets.inactive,
        &mut visuals.widgets.hovered,
        &mut visuals.widgets.active,
        &mut visuals.widgets.open,
    ] {
        widget.fg_stroke = Stroke::new(widget.fg_stroke.width.max(1.5), text);
        widget.bg_stroke = Stroke::new(widget.bg_stroke.width.max(1.0), text);
    }
    visuals.widgets.inactive.bg_fill = Color32::from_gray(20);
    visuals.widgets.inactive.weak_bg_fill = Color32::from_gray(20);
    visuals.widgets.hovered.bg_stroke = Stroke::new(2.0, focus);
    visuals.widgets.active.bg_stroke = Stroke::new(2.5, focus);
    visuals
}
