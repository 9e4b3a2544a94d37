//! Writers: events as text (CSV, JSON, Markdown, a terminal table), the report of `diff`, the
//! lanes as a picture (SVG, and PNG rasterised from it), the lanes as a web page (`publish`), and
//! TimelineJS 3 JSON.

pub mod diff_report;
pub mod events;
pub mod png;
pub mod publish;
pub mod svg;
pub mod text_metrics;
pub mod timelinejs;
