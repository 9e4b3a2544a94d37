//! The desktop viewer (eframe/egui).

use std::path::PathBuf;
use std::process::ExitCode;

pub fn launch(_file: Option<PathBuf>, _screenshot: Option<PathBuf>) -> ExitCode {
    eprintln!("the viewer is not built yet");
    ExitCode::FAILURE
}
