//! Chronolanes: timelines from RON files as lanes on one time axis.
//!
//! Data flows one way: file → [`open`] (RON through [`load`]: parse + [`validate`]; TimelineJS
//! through [`import`]) → [`model::Timeline`] + [`diagnostic::Diagnostic`]s → [`filter`] → layout
//! → painters (the app, SVG/PNG) or writers. Everything but the [`app`] and the [`cli`] commands
//! on top of it is pure and tested without a window.

pub mod app;
pub mod axis_breaks;
pub mod cli;
pub mod compare;
pub mod date;
pub mod diagnostic;
pub mod diff;
pub mod event_table;
pub mod evidence;
pub mod export;
pub mod filter;
pub mod flat_lists;
pub mod fs_util;
pub mod generate;
pub mod import;
pub mod index;
pub mod lanes;
pub mod layout;
pub mod load;
pub mod model;
pub mod navigation;
pub mod open;
pub mod palette;
pub mod quotes_check;
pub mod scene;
pub mod source_map;
pub mod suggest;
pub mod timescale;
pub mod validate;
pub mod write_ron;
