//! `--screenshot OUT.png`: saves the first complete frame through eframe's viewport screenshot,
//! then closes the window.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// Frames to let pass before the picture: the first frames settle panel sizes and text layout.
const SETTLE_FRAMES: u32 = 4;

/// Where the screenshot ended up, shared between the render thread's callback and `launch`.
#[derive(Clone, Default)]
pub struct Outcome(Arc<Mutex<Option<Result<PathBuf, String>>>>);

impl Outcome {
    fn set(&self, result: Result<PathBuf, String>) {
        if let Ok(mut slot) = self.0.lock() {
            *slot = Some(result);
        }
    }

    fn is_set(&self) -> bool {
        self.0.lock().map(|slot| slot.is_some()).unwrap_or(true)
    }

    pub fn take(&self) -> Option<Result<PathBuf, String>> {
        self.0.lock().ok().and_then(|mut slot| slot.take())
    }
}

pub struct Screenshot {
    path: PathBuf,
    frames: u32,
    requested: bool,
    outcome: Outcome,
}

impl Screenshot {
    pub fn new(path: PathBuf) -> Self {
        Screenshot {
            path,
            frames: 0,
            requested: false,
            outcome: Outcome::default(),
        }
    }

    pub fn set_outcome(&mut self, outcome: Outcome) {
        self.outcome = outcome;
    }

    /// Counts a frame towards the picture; `busy` (a file still loading, a view still moving)
    /// starts the count again, so the picture shows the view the command line asked for.
    pub fn after_frame(&mut self, ctx: &egui::Context, busy: bool) {
        self.frames = if busy { 0 } else { self.frames + 1 };
        if self.outcome.is_set() {
            ctx.send_viewport_cmd(egui::ViewportCommand::Close);
            return;
        }
        if !self.requested && self.frames >= SETTLE_FRAMES {
            self.requested = true;
            let path = self.path.clone();
            let outcome = self.outcome.clone();
            let repaint = ctx.clone();
            ctx.request_screenshot(move |image| {
                outcome.set(save_png(&path, &image));
                repaint.request_repaint();
            });
        }
        ctx.request_repaint();
    }
}

/// Encodes the frame as PNG (through tiny-skia, which resvg already brings) and writes it.
pub fn save_png(path: &Path, image: &egui::ColorImage) -> Result<PathBuf, String> {
    let [width, height] = image.size;
    let size = resvg::tiny_skia::IntSize::from_wh(width as u32, height as u32)
        .ok_or_else(|| format!("the window has an empty size ({width}×{height})"))?;
    let rgba: Vec<u8> = image.pixels.iter().flat_map(|p| p.to_array()).collect();
    let pixmap = resvg::tiny_skia::Pixmap::from_vec(rgba, size)
        .ok_or("the screenshot has an unexpected size")?;
    let png = pixmap
        .encode_png()
        .map_err(|e| format!("cannot encode PNG: {e}"))?;
    std::fs::write(path, png).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    Ok(path.to_path_buf())
}
