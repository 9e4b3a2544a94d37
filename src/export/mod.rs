//! Writers: events as text (CSV, JSON, Markdown, a terminal table), the report of `diff`, and the
//! lanes as a picture (SVG, and PNG rasterised from it), and the lanes as a web page (`publish`).

pub mod diff_report;
pub mod events;
pub mod png;
pub mod publish;
pub mod svg;
pub mod text_metrics;
