//! Where each value of a timeline file was written: the positions diagnostics point at.
//!
//! The loader fills a [`SourceMap`] while it decodes; validation reads it to say where a problem
//! is. It lives apart from both so that neither imports the other's internals: `load` depends on
//! `validate` (it runs the checks), and both depend on this module, which depends on nothing.

use std::ops::Range;

/// A byte range in the file's text.
pub type Span = Range<usize>;

/// Reads event positions again from the text, given where the event starts. The loader provides
/// it; this module cannot call the loader itself without a circle of imports.
pub(crate) type ReadEventSpans = fn(text: &str, start: usize) -> EventSpans;

/// Where each value that validation points at was written. Indices follow the timeline's vectors.
///
/// Events are by far the most numerous, so only where each one starts is kept (8 bytes per event);
/// [`SourceMap::event_spans`] reads an event again to find its other positions when a problem
/// needs one, which a clean file never does.
#[derive(Clone, Debug, Default)]
pub struct SourceMap<'t> {
    text: &'t str,
    pub eras: Vec<EraSpans>,
    pub cartels: Vec<EntitySpans>,
    pub people: Vec<PersonSpans>,
    pub sources: Vec<SourceSpans>,
    pub stories: Vec<StorySpans>,
    /// Byte offset of each decoded event (its name or opening parenthesis).
    event_starts: Vec<usize>,
    /// Ids of entities that were written but failed to decode: references to them are not
    /// reported as unknown (the entity's own error says what is wrong).
    pub undecoded_ids: Vec<String>,
    /// How to find an event's positions again; `None` when the map was not made by the loader
    /// (then every event's spans are empty).
    read_event_spans: Option<ReadEventSpans>,
}

impl<'t> SourceMap<'t> {
    /// An empty map of `text`, whose events' positions `read_event_spans` can find again.
    pub(crate) fn new(text: &'t str, read_event_spans: ReadEventSpans) -> SourceMap<'t> {
        SourceMap {
            text,
            read_event_spans: Some(read_event_spans),
            ..SourceMap::default()
        }
    }

    /// Records that the next event starts at byte `offset`.
    pub(crate) fn push_event_start(&mut self, offset: usize) {
        self.event_starts.push(offset);
    }

    /// Number of decoded events (the length of the timeline's `events`).
    pub fn event_count(&self) -> usize {
        self.event_starts.len()
    }

    /// The positions of event `index`'s values, found by decoding the event again from where it
    /// starts (it decoded the first time, so it decodes the same way). Default spans when `index`
    /// is out of range.
    pub fn event_spans(&self, index: usize) -> EventSpans {
        match (self.event_starts.get(index), self.read_event_spans) {
            (Some(&start), Some(read_event_spans)) => read_event_spans(self.text, start),
            _ => EventSpans::default(),
        }
    }
}

/// Where an era's dates were written.
#[derive(Clone, Debug, Default)]
pub struct EraSpans {
    pub start: Span,
    pub end: Span,
}

/// Where a cartel's id and colour were written.
#[derive(Clone, Debug, Default)]
pub struct EntitySpans {
    pub id: Span,
    pub color: Span,
}

/// Where a person's id and each of their cartel references were written.
#[derive(Clone, Debug, Default)]
pub struct PersonSpans {
    pub id: Span,
    pub cartels: Vec<Span>,
}

/// Where a source's id, link and archive were written.
#[derive(Clone, Debug, Default)]
pub struct SourceSpans {
    pub id: Span,
    pub url: Span,
    pub archive: Span,
}

/// Where a story and its steps were written.
#[derive(Clone, Debug, Default)]
pub struct StorySpans {
    /// The story's name (`Story`) or opening parenthesis.
    pub start: Span,
    pub id: Span,
    /// For each step: its event reference, or where a note step starts.
    pub steps: Vec<Span>,
}

/// Where an event's values were written (see [`SourceMap::event_spans`]).
#[derive(Clone, Debug, Default)]
pub struct EventSpans {
    /// The event's name (`Event`) or opening parenthesis.
    pub start: Span,
    pub id: Span,
    pub end: Span,
    pub title: Span,
    pub people: Vec<Span>,
    pub cartels: Vec<Span>,
    pub sources: Vec<Span>,
    /// For each quote: its source reference.
    pub quote_sources: Vec<Span>,
    /// For each quote: its text.
    pub quote_texts: Vec<Span>,
    /// For each dispute: its source reference.
    pub dispute_sources: Vec<Span>,
    /// For each dispute: its quote (an empty span when it has none).
    pub dispute_quotes: Vec<Span>,
}
