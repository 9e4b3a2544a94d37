//! What the app benches share: one frame of the real app on the CPU, as eframe would run it
//! in a window of the app's default size, but with no window or GPU.

use chronolanes::app::{ChronolanesApp, DEFAULT_WINDOW_SIZE};

fn input() -> egui::RawInput {
    egui::RawInput {
        screen_rect: Some(egui::Rect::from_min_size(
            egui::Pos2::ZERO,
            egui::Vec2::from(DEFAULT_WINDOW_SIZE),
        )),
        ..egui::RawInput::default()
    }
}

/// Runs the app's UI code through `egui::Context::run_ui`, then `tessellate` (what would be
/// handed to the GPU); returns the number of meshes, so the work cannot be optimised away.
pub fn frame(ctx: &egui::Context, app: &mut ChronolanesApp) -> usize {
    let mut output = ctx.run_ui(input(), |ui| app.frame_ui(ui));
    // No renderer here to upload the font atlas to.
    output.textures_delta.clear();
    let shapes = std::mem::take(&mut output.shapes);
    ctx.tessellate(shapes, output.pixels_per_point).len()
}
