//! Chronolanes: timelines from RON files as lanes on one time axis.
//!
//! Data flows one way: file text → [`load`] (parse + [`validate`]) → [`model::Timeline`] +
//! [`diagnostic::Diagnostic`]s → [`filter`] → layout → painters (the app, SVG/PNG) or writers.
//! Everything but the app module is pure and tested without a window.

pub mod app;
pub mod cli;
pub mod date;
pub mod diagnostic;
pub mod export;
pub mod filter;
pub mod generate;
pub mod index;
pub mod load;
pub mod model;
pub mod ron_lexer;
pub mod suggest;
pub mod validate;
