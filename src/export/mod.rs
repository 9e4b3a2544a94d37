//! Writers: events as text (CSV, JSON, Markdown, a terminal table), and the lanes as a picture
//! (SVG, and PNG rasterised from it).

pub mod events;
pub mod png;
pub mod svg;
pub mod text_metrics;
