//! What the kittest UI tests share.

/// A vertical mouse-wheel turn of `delta_y` points (positive zooms the time axis in), as a
/// mouse sends it.
pub fn wheel_event(delta_y: f32) -> egui::Event {
    egui::Event::MouseWheel {
        unit: egui::MouseWheelUnit::Point,
        delta: egui::vec2(0.0, delta_y),
        phase: egui::TouchPhase::Move,
        source: egui::MouseWheelSource::Unknown,
        modifiers: egui::Modifiers::NONE,
    }
}
