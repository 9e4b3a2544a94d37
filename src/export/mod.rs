//! Writers: events as text (CSV, JSON, Markdown, a terminal table).

pub mod events;
