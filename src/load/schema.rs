//! Format 1 of a timeline file: the records `Timeline`, `Era`, `Cartel`, `Person`, `Source`,
//! `Event`, `Quote`, `Dispute`, `Story` and `Step`, their fields, and how each field's value becomes the model.
//!
//! Decoding walks the RON tokens (through [`ReadRon`]) directly into the model, keeping the
//! position of every value that validation may need to point at (the [`SourceMap`]). A wrong value
//! is reported and skipped so that one pass reports every problem; only a syntax error stops the
//! pass.

use super::EventVisitor;
use super::read::LoadProgress;
use super::ron_lexer::TokenKind;
use super::ron_reader::{Fatal, Parse, ReadRon, RecordField, RonReader};
use crate::date::DateRange;
use crate::diagnostic::{Problem, quoted};
use crate::model::{
    Cartel, Dispute, Era, Event, FORMAT_VERSION, Interned, Kind, Person, PolicyKind, Quote,
    References, Source, Step, Story, Timeline,
};
use crate::source_map::{
    EntitySpans, EraSpans, EventSpans, PersonSpans, SourceMap, SourceSpans, Span, StorySpans,
};
use crate::suggest::closest;
use crate::validate::EarlyChecks;

/// Declares the fields of one record as an enum with a variant per field, with its `name`,
/// whether it is `required`, and `ALL` fields in the order messages list them ("expected one of:
/// …"). Adding a field is one line here plus its arm in the record's decoding `match`, which the
/// compiler then asks for.
macro_rules! record_fields {
    (@required required) => { true };
    (@required optional) => { false };
    ($(#[$doc:meta])* $field:ident in $record:literal {
        $($variant:ident = $name:literal, $presence:ident;)+
    }) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub(super) enum $field {
            $($variant,)+
        }

        impl $field {
            /// Every field, in the order messages list them.
            pub(super) const ALL: [$field; [$($name),+].len()] = [$($field::$variant),+];

            /// The field's name as written in the file.
            pub(super) const fn name(self) -> &'static str {
                match self {
                    $($field::$variant => $name,)+
                }
            }

            /// Whether a record without this field is an error.
            pub(super) const fn required(self) -> bool {
                match self {
                    $($field::$variant => record_fields!(@required $presence),)+
                }
            }
        }

        impl RecordField for $field {
            const RECORD: &'static str = $record;
            const FIELDS: &'static [Self] = &$field::ALL;
            const NAMES: &'static [&'static str] = &{
                let mut names = [""; $field::ALL.len()];
                let mut index = 0;
                while index < names.len() {
                    names[index] = $field::ALL[index].name();
                    index += 1;
                }
                names
            };
            const REQUIRED_BITS: u64 = {
                let mut bits = 0;
                let mut index = 0;
                while index < $field::ALL.len() {
                    if $field::ALL[index].required() {
                        bits |= 1 << index;
                    }
                    index += 1;
                }
                bits
            };
        }

        // A record's fields given are kept as bits of a `u64`.
        const _: () = assert!($field::ALL.len() <= 64);
    };
}

record_fields! {
    /// The fields of `Timeline(…)`, the whole file.
    TimelineField in "Timeline" {
        Format = "format", optional;
        Title = "title", required;
        Description = "description", optional;
        Eras = "eras", optional;
        Cartels = "cartels", optional;
        People = "people", optional;
        Sources = "sources", optional;
        Events = "events", optional;
        Stories = "stories", optional;
    }
}

record_fields! {
    /// The fields of `Era(…)`.
    EraField in "Era" {
        Title = "title", required;
        Start = "start", required;
        End = "end", required;
    }
}

record_fields! {
    /// The fields of `Cartel(…)`.
    CartelField in "Cartel" {
        Id = "id", required;
        Name = "name", required;
        Aliases = "aliases", optional;
        Color = "color", optional;
    }
}

record_fields! {
    /// The fields of `Person(…)`.
    PersonField in "Person" {
        Id = "id", required;
        Name = "name", required;
        Aliases = "aliases", optional;
        Cartels = "cartels", optional;
    }
}

record_fields! {
    /// The fields of `Source(…)`.
    SourceField in "Source" {
        Id = "id", required;
        Outlet = "outlet", optional;
        Title = "title", required;
        Url = "url", optional;
        Published = "published", optional;
        Archive = "archive", optional;
    }
}

record_fields! {
    /// The fields of `Event(…)`.
    EventField in "Event" {
        Id = "id", required;
        Kind = "kind", required;
        Date = "date", required;
        End = "end", optional;
        Title = "title", required;
        Summary = "summary", optional;
        Place = "place", optional;
        People = "people", optional;
        Cartels = "cartels", optional;
        Sources = "sources", optional;
        Quotes = "quotes", optional;
        Tags = "tags", optional;
        Disputed = "disputed", optional;
    }
}

record_fields! {
    /// The fields of `Quote(…)`, in an event's `quotes` list.
    QuoteField in "Quote" {
        Source = "source", required;
        Text = "text", required;
    }
}

record_fields! {
    /// The fields of `Dispute(…)`, in an event's `disputed` list.
    DisputeField in "Dispute" {
        Date = "date", optional;
        Source = "source", required;
        Note = "note", optional;
        Quote = "quote", optional;
    }
}

record_fields! {
    /// The fields of `Story(…)`, in the timeline's `stories` list.
    StoryField in "Story" {
        Id = "id", required;
        Title = "title", required;
        Steps = "steps", required;
    }
}

record_fields! {
    /// The fields of `Step(…)`, in a story's `steps`: `event` and `note`, or `title`, `note` and
    /// `window`.
    StepField in "Step" {
        Event = "event", optional;
        Title = "title", optional;
        Note = "note", optional;
        Window = "window", optional;
    }
}

/// From this size on, events are decoded and checked on two threads
/// ([`Decoder::events_pipelined`]); below, a thread would cost more than it saves.
pub(crate) const PIPELINE_MIN_BYTES: usize = 1 << 20;

/// What [`decode_text`] found.
pub(super) struct Decoded<'t> {
    /// The timeline and where its values were written; `None` after a syntax error or when the
    /// top level is not a timeline (the problems say why).
    pub(super) timeline: Option<(Timeline, SourceMap<'t>)>,
    pub(super) problems: Vec<Problem>,
    /// The per-event checks run while decoding, when asked for.
    pub(super) early_checks: Option<EarlyChecks>,
    /// Whether `progress` was cancelled (then the rest means nothing).
    pub(super) cancelled: bool,
}

/// Decodes `text` (a leading BOM is skipped), reporting to `progress` and showing each event to
/// `visitor`. With `early_checks`, runs [`EarlyChecks`] on each event as it is decoded.
pub(super) fn decode_text<'t>(
    text: &'t str,
    progress: Option<&'t LoadProgress>,
    visitor: Option<&'t mut (dyn EventVisitor + 't)>,
    early_checks: bool,
) -> Decoded<'t> {
    let text_without_bom = text.strip_prefix('\u{feff}');
    let bom_length = text.len() - text_without_bom.map_or(text.len(), str::len);
    // Skipping the BOM in the lexer keeps every span relative to the original text.
    let mut decoder = Decoder::new(text, bom_length, progress);
    decoder.early = early_checks.then(EarlyChecks::default);
    decoder.visitor = visitor;
    let result = decoder.document();
    if let Some(progress) = progress {
        progress.parsed_up_to(decoder.reader.offset() as u64);
    }
    Decoded {
        timeline: result.ok().flatten(),
        problems: decoder.reader.problems,
        early_checks: decoder.early,
        cancelled: decoder.reader.cancelled,
    }
}

/// The positions of the event that starts at byte `start` of `text`, found by decoding it again
/// (see [`SourceMap::event_spans`]); default spans if it does not decode.
fn read_event_spans(text: &str, start: usize) -> EventSpans {
    let mut decoder = Decoder::new(text, start, None);
    decoder.record_event_spans = true;
    let mut events = Vec::with_capacity(1);
    match decoder.event(&mut events) {
        Ok(()) => decoder.last_event_spans.unwrap_or_default(),
        Err(Fatal) => EventSpans::default(),
    }
}

/// Reads format-1 records into the model.
struct Decoder<'t> {
    reader: RonReader<'t>,
    map: SourceMap<'t>,
    /// The per-event checks of validation, run on each event as it is decoded (see
    /// [`EarlyChecks`]); `None` when not asked for.
    early: Option<EarlyChecks>,
    /// Whether [`Decoder::event`] keeps the spans of every reference (when reading an event again
    /// for [`SourceMap::event_spans`]) or only where the event starts (the first pass).
    record_event_spans: bool,
    last_event_spans: Option<EventSpans>,
    /// Reused by [`Decoder::event`] for its people, cartels, sources and tags (which end up in one
    /// [`References`] allocation).
    reference_lists: [Vec<Interned>; 4],
    /// Whether [`Decoder::events_pipelined`] runs the early checks on its own thread.
    pipelined: bool,
    visitor: Option<&'t mut (dyn EventVisitor + 't)>,
}

impl<'t> ReadRon<'t> for Decoder<'t> {
    fn ron(&mut self) -> &mut RonReader<'t> {
        &mut self.reader
    }
}

impl<'t> Decoder<'t> {
    fn new(text: &'t str, offset: usize, progress: Option<&'t LoadProgress>) -> Self {
        Decoder {
            reader: RonReader::new(text, offset, progress),
            map: SourceMap::new(text, read_event_spans),
            early: None,
            record_event_spans: false,
            last_event_spans: None,
            reference_lists: Default::default(),
            pipelined: false,
            visitor: None,
        }
    }

    /// The events list of a large file: this thread decodes, a second one runs the early checks
    /// (see [`EarlyChecks`]) on batches of decoded events, in order, and keeps them. The result
    /// and the problems are the same as decoding and checking on one thread; the two halves of
    /// the work take about as long each, so a load takes about half the time on two cores.
    fn events_pipelined(&mut self, events: &mut Vec<Event>) -> Parse<()> {
        const BATCH: usize = 4096;
        let Some(mut early) = self.early.take() else {
            return self.list("events", |d| d.event(events)).map(drop);
        };
        // Events go to the checker (and the visitor) there instead of here.
        let mut checked = std::mem::take(events);
        let mut visitor = self.visitor.take();
        std::thread::scope(|scope| {
            // A few batches in flight keep both threads busy without holding many events twice.
            let (sender, receiver) = std::sync::mpsc::sync_channel::<Vec<Event>>(4);
            // Emptied batches go back to be refilled: allocating them on one thread and freeing
            // them on the other made the allocator's locks a bottleneck.
            let (recycle, recycled) = std::sync::mpsc::channel::<Vec<Event>>();
            let checker = scope.spawn(move || {
                for mut batch in receiver {
                    checked.reserve(batch.len());
                    for event in batch.drain(..) {
                        early.event(&event, &checked);
                        if let Some(visitor) = &mut visitor {
                            visitor.visit(&event);
                        }
                        checked.push(event);
                    }
                    let _ = recycle.send(batch);
                }
                (checked, early, visitor)
            });
            self.pipelined = true;
            let mut batch = Vec::with_capacity(BATCH);
            let listed = self.list("events", |d| {
                d.event(&mut batch)?;
                if batch.len() >= BATCH {
                    let empty = recycled
                        .try_recv()
                        .unwrap_or_else(|_| Vec::with_capacity(BATCH));
                    // Sending fails only when the checker has stopped, which it does only after
                    // the sender is dropped below.
                    let _ = sender.send(std::mem::replace(&mut batch, empty));
                }
                Ok(())
            });
            self.pipelined = false;
            if !batch.is_empty() {
                let _ = sender.send(batch);
            }
            drop(sender);
            let (checked, early, visitor) = checker
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            *events = checked;
            self.early = Some(early);
            self.visitor = visitor;
            listed.map(drop)
        })
    }

    fn document(&mut self) -> Parse<Option<(Timeline, SourceMap<'t>)>> {
        // `#![enable(…)]` attributes, as the ron crate may write them.
        let mut attributes = false;
        while self.peek()?.kind == TokenKind::Hash {
            attributes = true;
            self.next()?;
            self.expect(
                TokenKind::Bang,
                "after `#` (an attribute is `#![enable(…)]`)",
            )?;
            if self.peek()?.kind != TokenKind::LBracket {
                let token = self.next()?;
                return Err(self.syntax_error(token.span, "expected `[` after `#!`"));
            }
            self.skip_value()?;
        }
        let first = self.peek()?;
        if first.kind == TokenKind::Eof {
            let has_content = self
                .reader
                .text()
                .trim_start_matches('\u{feff}')
                .chars()
                .any(|c| !c.is_whitespace());
            let message = if attributes {
                "expected `Timeline(…)` after the attributes, found the end of the file"
            } else if has_content {
                "the file holds only comments: expected `Timeline(…)`"
            } else {
                "the file is empty: expected `Timeline(…)`"
            };
            return Err(self.syntax_error(first.span, message));
        }
        let timeline = self.timeline()?;
        let after = self.next()?;
        if after.kind != TokenKind::Eof {
            return Err(self.syntax_error(
                after.span,
                format!(
                    "unexpected {} after the end of the timeline",
                    after.kind.describe()
                ),
            ));
        }
        Ok(timeline.map(|timeline| (timeline, std::mem::take(&mut self.map))))
    }

    fn timeline(&mut self) -> Parse<Option<Timeline>> {
        let mut timeline = Timeline {
            format: FORMAT_VERSION,
            ..Timeline::default()
        };
        let written = self.record(|decoder, field| match field {
            TimelineField::Format => decoder.format_version(),
            TimelineField::Title => {
                if let Some((value, _)) = decoder.string("title")? {
                    timeline.title = value;
                }
                Ok(())
            }
            TimelineField::Description => {
                timeline.description = decoder.optional_string("description")?.map(|v| v.0);
                Ok(())
            }
            TimelineField::Eras => decoder
                .list("eras", |d| d.era(&mut timeline.eras))
                .map(drop),
            TimelineField::Cartels => decoder
                .list("cartels", |d| d.cartel(&mut timeline.cartels))
                .map(drop),
            TimelineField::People => decoder
                .list("people", |d| d.person(&mut timeline.people))
                .map(drop),
            TimelineField::Sources => decoder
                .list("sources", |d| d.source(&mut timeline.sources))
                .map(drop),
            TimelineField::Events => {
                if let Some(early) = &mut decoder.early {
                    early.begin_events(&timeline);
                }
                if let Some(visitor) = &mut decoder.visitor {
                    visitor.begin_events(&timeline);
                }
                if decoder.reader.text().len() >= PIPELINE_MIN_BYTES {
                    decoder.events_pipelined(&mut timeline.events)
                } else {
                    decoder
                        .list("events", |d| d.event(&mut timeline.events))
                        .map(drop)
                }
            }
            TimelineField::Stories => decoder
                .list("stories", |d| d.story(&mut timeline.stories))
                .map(drop),
        })?;
        if let Some(early) = &mut self.early {
            early.finish(&timeline);
        }
        let Some(written) = written else {
            return Ok(None);
        };
        self.missing(&written);
        Ok(Some(timeline))
    }

    fn format_version(&mut self) -> Parse<()> {
        let token = self.peek()?;
        match token.kind {
            TokenKind::Int(version) => {
                self.next()?;
                if version != i64::from(FORMAT_VERSION) {
                    self.error(
                        token.span,
                        format!("unsupported format {version}: this version of Chronolanes reads format {FORMAT_VERSION}"),
                    );
                }
                Ok(())
            }
            _ => self.wrong_type("the number 1", "format"),
        }
    }

    fn era(&mut self, eras: &mut Vec<Era>) -> Parse<()> {
        let (mut title, mut start, mut end) = (None, None, None);
        let written = self.record(|d, field| {
            match field {
                EraField::Title => title = d.string("Era title")?.map(|v| v.0),
                EraField::Start => start = d.date("Era start")?,
                EraField::End => end = d.date("Era end")?,
            }
            Ok(())
        })?;
        let Some(written) = written else {
            return Ok(());
        };
        self.missing(&written);
        if let (Some(title), Some((start, start_span)), Some((end, end_span))) = (title, start, end)
        {
            eras.push(Era { title, start, end });
            self.map.eras.push(EraSpans {
                start: start_span,
                end: end_span,
            });
        }
        Ok(())
    }

    fn cartel(&mut self, cartels: &mut Vec<Cartel>) -> Parse<()> {
        let (mut id, mut name, mut aliases, mut color) = (None, None, Vec::new(), None);
        let written = self.record(|d, field| {
            match field {
                CartelField::Id => id = d.string("Cartel id")?,
                CartelField::Name => name = d.string("Cartel name")?.map(|v| v.0),
                CartelField::Aliases => aliases = d.strings("aliases", None)?,
                CartelField::Color => color = d.optional_string("color")?,
            }
            Ok(())
        })?;
        let Some(written) = written else {
            return Ok(());
        };
        let complete = self.missing(&written);
        match (id, name) {
            (Some((id, id_span)), Some(name)) if complete => {
                let color_span = color.as_ref().map(|c| c.1.clone()).unwrap_or_default();
                cartels.push(Cartel {
                    id,
                    name,
                    aliases,
                    color: color.map(|c| c.0),
                });
                self.map.cartels.push(EntitySpans {
                    id: id_span,
                    color: color_span,
                });
            }
            (Some((id, _)), _) => self.map.undecoded_ids.push(id),
            _ => {}
        }
        Ok(())
    }

    fn person(&mut self, people: &mut Vec<Person>) -> Parse<()> {
        let (mut id, mut name, mut aliases, mut memberships) = (None, None, Vec::new(), Vec::new());
        let written = self.record(|d, field| {
            match field {
                PersonField::Id => id = d.string("Person id")?,
                PersonField::Name => name = d.string("Person name")?.map(|v| v.0),
                PersonField::Aliases => aliases = d.strings("aliases", None)?,
                PersonField::Cartels => memberships = d.string_list("cartels")?,
            }
            Ok(())
        })?;
        let Some(written) = written else {
            return Ok(());
        };
        self.missing(&written);
        match (id, name) {
            (Some((id, id_span)), Some(name)) => {
                let (cartels, spans) = memberships.into_iter().unzip();
                people.push(Person {
                    id,
                    name,
                    aliases,
                    cartels,
                });
                self.map.people.push(PersonSpans {
                    id: id_span,
                    cartels: spans,
                });
            }
            (Some((id, _)), None) => self.map.undecoded_ids.push(id),
            _ => {}
        }
        Ok(())
    }

    fn source(&mut self, sources: &mut Vec<Source>) -> Parse<()> {
        let (mut id, mut outlet, mut title, mut url, mut published, mut archive) =
            (None, None, None, None, None, None);
        let written = self.record(|d, field| {
            match field {
                SourceField::Id => id = d.string("Source id")?,
                SourceField::Outlet => outlet = d.optional_string("outlet")?.map(|v| v.0),
                SourceField::Title => title = d.string("Source title")?.map(|v| v.0),
                SourceField::Url => url = d.optional_string("url")?,
                SourceField::Published => published = d.optional_date("published")?.map(|v| v.0),
                SourceField::Archive => archive = d.optional_string("archive")?,
            }
            Ok(())
        })?;
        let Some(written) = written else {
            return Ok(());
        };
        self.missing(&written);
        match (id, title) {
            (Some((id, id_span)), Some(title)) => {
                let url_span = url.as_ref().map(|u| u.1.clone()).unwrap_or_default();
                let archive_span = archive.as_ref().map(|a| a.1.clone()).unwrap_or_default();
                sources.push(Source {
                    id,
                    outlet,
                    title,
                    url: url.map(|u| u.0),
                    published,
                    archive: archive.map(|a| a.0),
                });
                self.map.sources.push(SourceSpans {
                    id: id_span,
                    url: url_span,
                    archive: archive_span,
                });
            }
            (Some((id, _)), None) => self.map.undecoded_ids.push(id),
            _ => {}
        }
        Ok(())
    }

    /// Decodes one event. The first pass keeps only where it starts; a second reading (see
    /// [`SourceMap::event_spans`]) keeps every span in `last_event_spans`.
    fn event(&mut self, events: &mut Vec<Event>) -> Parse<()> {
        let mut id = None;
        let mut kind = None;
        let mut date = None;
        let mut end = None;
        let mut title = None;
        let mut summary = None;
        let mut place = None;
        let [mut people, mut cartels, mut sources, mut tags] =
            std::mem::take(&mut self.reference_lists).map(|mut list| {
                list.clear();
                list
            });
        let mut disputed = Vec::new();
        let mut dispute_sources = Vec::new();
        let mut dispute_quotes = Vec::new();
        let mut quotes = Vec::new();
        let mut quote_sources = Vec::new();
        let mut quote_texts = Vec::new();
        let mut people_spans = Vec::new();
        let mut cartel_spans = Vec::new();
        let mut source_spans = Vec::new();
        let record = self.record_event_spans;
        let mut fields_ok = true;
        let written = self.record(|d, field| {
            let before = d.reader.problems.len();
            match field {
                EventField::Id => id = d.string("Event id")?,
                EventField::Kind => kind = d.kind()?,
                EventField::Date => date = d.date("date")?,
                EventField::End => end = d.optional_date("end")?,
                EventField::Title => title = d.string("Event title")?,
                EventField::Summary => summary = d.optional_string("summary")?.map(|v| v.0),
                EventField::Place => place = d.optional_string("place")?.map(|v| v.0),
                EventField::People => {
                    d.interned_strings("people", record.then_some(&mut people_spans), &mut people)?
                }
                EventField::Cartels => d.interned_strings(
                    "cartels",
                    record.then_some(&mut cartel_spans),
                    &mut cartels,
                )?,
                EventField::Sources => d.interned_strings(
                    "sources",
                    record.then_some(&mut source_spans),
                    &mut sources,
                )?,
                EventField::Quotes => {
                    // A list written twice keeps the last, like the other lists.
                    quotes.clear();
                    quote_sources.clear();
                    quote_texts.clear();
                    d.optional(|d| {
                        d.list("quotes", |d| {
                            d.quote(&mut quotes, &mut quote_sources, &mut quote_texts)
                        })?;
                        Ok(Some(()))
                    })?;
                }
                EventField::Tags => d.interned_strings("tags", None, &mut tags)?,
                EventField::Disputed => {
                    d.optional(|d| {
                        d.list("disputed", |d| {
                            d.dispute(&mut disputed, &mut dispute_sources, &mut dispute_quotes)
                        })?;
                        Ok(Some(()))
                    })?;
                }
            }
            fields_ok &= d.reader.problems.len() == before;
            Ok(())
        })?;
        let Some(written) = written else {
            return Ok(());
        };
        let complete = self.missing(&written);
        match (id, kind, date, title) {
            (Some((id, id_span)), Some(kind), Some((date, _)), Some((title, title_span)))
                if complete && fields_ok =>
            {
                if record {
                    self.last_event_spans = Some(EventSpans {
                        start: written.start.clone(),
                        id: id_span,
                        end: end.as_ref().map(|e| e.1.clone()).unwrap_or_default(),
                        title: title_span,
                        people: people_spans,
                        cartels: cartel_spans,
                        sources: source_spans,
                        quote_sources,
                        quote_texts,
                        dispute_sources,
                        dispute_quotes,
                    });
                }
                let event = Event {
                    id: id.into(),
                    kind,
                    date,
                    end: end.map(|e| e.0),
                    title: title.into(),
                    summary: summary.map(Into::into),
                    place: place.map(Into::into),
                    references: References::new(
                        people.drain(..),
                        cartels.drain(..),
                        sources.drain(..),
                        tags.drain(..),
                    ),
                    quotes: quotes.into(),
                    disputed: disputed.into(),
                };
                if !record && !self.pipelined {
                    if let Some(early) = &mut self.early {
                        early.event(&event, events);
                    }
                    if let Some(visitor) = &mut self.visitor {
                        visitor.visit(&event);
                    }
                }
                events.push(event);
                self.map.push_event_start(written.start.start);
            }
            (Some((id, _)), ..) => self.map.undecoded_ids.push(id),
            _ => {}
        }
        // Their space serves the next event (which empties them first).
        self.reference_lists = [people, cartels, sources, tags];
        Ok(())
    }

    /// Decodes one `Quote(source: "ID", text: "…")`, keeping where its source and text were
    /// written (the checks of its source and of its text point at them).
    fn quote(
        &mut self,
        quotes: &mut Vec<Quote>,
        source_spans: &mut Vec<Span>,
        text_spans: &mut Vec<Span>,
    ) -> Parse<()> {
        let (mut source, mut text) = (None, None);
        let written = self.record(|d, field| {
            match field {
                QuoteField::Source => source = d.string("Quote source")?,
                QuoteField::Text => text = d.string("Quote text")?,
            }
            Ok(())
        })?;
        let Some(written) = written else {
            return Ok(());
        };
        self.missing(&written);
        if let (Some((source, source_span)), Some((text, text_span))) = (source, text) {
            quotes.push(Quote { source, text });
            source_spans.push(source_span);
            text_spans.push(text_span);
        }
        Ok(())
    }

    /// Decodes one `Dispute(…)`. Its date is optional (a source may disagree about a count or a
    /// role rather than the date), but a dispute with neither a date nor a note says nothing.
    fn dispute(
        &mut self,
        disputes: &mut Vec<Dispute>,
        source_spans: &mut Vec<Span>,
        quote_spans: &mut Vec<Span>,
    ) -> Parse<()> {
        let (mut date, mut source, mut note, mut quote) = (None, None, None, None);
        // Whether `date` or `note` was written at all: one written with a wrong value has its
        // own error, and is not also reported as absent.
        let mut date_or_note_written = false;
        let written = self.record(|d, field| {
            match field {
                DisputeField::Date => {
                    date_or_note_written = true;
                    date = d.optional_date("Dispute date")?;
                }
                DisputeField::Source => source = d.string("Dispute source")?,
                DisputeField::Note => {
                    date_or_note_written = true;
                    note = d.optional_string("note")?.map(|v| v.0);
                }
                DisputeField::Quote => quote = d.optional_string("Dispute quote")?,
            }
            Ok(())
        })?;
        let Some(written) = written else {
            return Ok(());
        };
        let complete = self.missing(&written);
        if complete && !date_or_note_written {
            self.error(
                written.start.clone(),
                "a dispute needs a `date` (the date this source gives) or a `note` (what it says differently)",
            );
            return Ok(());
        }
        if let Some((source, source_span)) = source {
            let quote_span = quote.as_ref().map(|q| q.1.clone()).unwrap_or_default();
            disputes.push(Dispute {
                date: date.map(|d| d.0),
                source,
                note,
                quote: quote.map(|q| q.0),
            });
            source_spans.push(source_span);
            quote_spans.push(quote_span);
        }
        Ok(())
    }

    /// Decodes one `Story(id: "…", title: "…", steps: […])`, keeping where its id and each
    /// step's event reference were written (validation checks them against the events).
    fn story(&mut self, stories: &mut Vec<Story>) -> Parse<()> {
        let (mut id, mut title) = (None, None);
        let mut steps = Vec::new();
        let mut step_spans = Vec::new();
        let written = self.record(|d, field| {
            match field {
                StoryField::Id => id = d.string("Story id")?,
                StoryField::Title => title = d.string("Story title")?.map(|v| v.0),
                StoryField::Steps => {
                    // Steps written twice keep the last, like the other lists.
                    steps.clear();
                    step_spans.clear();
                    d.list("steps", |d| d.step(&mut steps, &mut step_spans))?;
                }
            }
            Ok(())
        })?;
        let Some(written) = written else {
            return Ok(());
        };
        let complete = self.missing(&written);
        match (id, title) {
            (Some((id, id_span)), Some(title)) if complete => {
                stories.push(Story { id, title, steps });
                self.map.stories.push(StorySpans {
                    start: written.start,
                    id: id_span,
                    steps: step_spans,
                });
            }
            (Some((id, _)), _) => self.map.undecoded_ids.push(id),
            _ => {}
        }
        Ok(())
    }

    /// Decodes one step: `Step(event: "ID", note: "…")` or `Step(title: "…", note: "…",
    /// window: "FROM..TO")`. A step with both an event and a title, or with neither, or an event
    /// step with a window, is an error at the step.
    fn step(&mut self, steps: &mut Vec<Step>, spans: &mut Vec<Span>) -> Parse<()> {
        let (mut event, mut title, mut note, mut window) = (None, None, None, None);
        // Whether `event` or `title` was written at all: one written with a wrong value has its
        // own error, and is not also reported as absent.
        let (mut event_given, mut title_given) = (false, false);
        let mut fields_ok = true;
        let written = self.record(|d, field| {
            let before = d.reader.problems.len();
            match field {
                StepField::Event => {
                    event_given = true;
                    event = d.string("Step event")?;
                }
                StepField::Title => {
                    title_given = true;
                    title = d.string("Step title")?.map(|v| v.0);
                }
                StepField::Note => note = d.optional_string("note")?.map(|v| v.0),
                StepField::Window => {
                    if let Some((text, span)) = d.optional_string("window")? {
                        match DateRange::parse(&text) {
                            Ok(range) => window = Some((range, span)),
                            Err(message) => d.error(span, format!("bad window: {message}")),
                        }
                    }
                }
            }
            fields_ok &= d.reader.problems.len() == before;
            Ok(())
        })?;
        let Some(written) = written else {
            return Ok(());
        };
        if event_given == title_given {
            let message = if event_given {
                "a step shows an event or a titled note, not both: remove `event` or `title`"
            } else {
                "a step needs an `event` (the id of an event to show) or a `title` (for a note over a `window`)"
            };
            self.error(written.start, message);
            return Ok(());
        }
        if event_given && let Some((_, window_span)) = &window {
            self.error(
                window_span.clone(),
                "an event step shows its event: a `window` goes with a titled note step",
            );
            return Ok(());
        }
        if !fields_ok {
            return Ok(());
        }
        match (event, title) {
            (Some((event, event_span)), None) => {
                steps.push(Step::Event { event, note });
                spans.push(event_span);
            }
            (None, Some(title)) => {
                steps.push(Step::Note {
                    title,
                    note,
                    window: window.map(|w| w.0),
                });
                spans.push(written.start);
            }
            _ => {}
        }
        Ok(())
    }

    fn kind(&mut self) -> Parse<Option<Kind>> {
        const EXPECTED: &str = "Arrest, Release, Escape, Extradition, Court, Violence, Other or Policy(FtoDesignation | TariffDeadline | Tariff | Law | Agreement | Statement | Other)";
        let token = self.peek()?;
        let TokenKind::Ident(name) = token.kind else {
            self.wrong_type(&format!("a kind ({EXPECTED})"), "kind")?;
            return Ok(None);
        };
        self.next()?;
        if name == "Policy" {
            if self.peek()?.kind != TokenKind::LParen {
                self.error(
                    token.span,
                    "a policy kind needs its subkind, e.g. `Policy(Law)`",
                );
                return Ok(None);
            }
            self.next()?;
            let inner = self.next()?;
            let policy = match inner.kind {
                TokenKind::Ident(sub) => {
                    let found = PolicyKind::ALL
                        .into_iter()
                        .find(|p| p.variant_name() == sub);
                    if found.is_none() {
                        let hint = closest(sub, PolicyKind::ALL.iter().map(|p| p.variant_name()))
                            .map(|close| format!("did you mean `{close}`? "))
                            .unwrap_or_default();
                        self.error(
                            inner.span,
                            format!("unknown policy kind {}; {hint}expected one of: FtoDesignation, TariffDeadline, Tariff, Law, Agreement, Statement, Other", quoted(sub)),
                        );
                    }
                    found
                }
                other => {
                    return Err(self.syntax_error(
                        inner.span,
                        format!(
                            "expected a policy kind inside `Policy(…)`, found {}",
                            other.describe()
                        ),
                    ));
                }
            };
            self.expect(TokenKind::RParen, "to close `Policy(`")?;
            return Ok(policy.map(Kind::Policy));
        }
        let found = Kind::ALL
            .into_iter()
            .find(|kind| kind.unit_variant_name() == Some(name));
        if found.is_none() {
            let names = Kind::ALL
                .iter()
                .filter_map(|kind| kind.unit_variant_name())
                .chain(["Policy"]);
            let hint = closest(name, names)
                .map(|close| format!("did you mean `{close}`? "))
                .unwrap_or_default();
            self.error(
                token.span,
                format!("unknown kind {}; {hint}expected {EXPECTED}", quoted(name)),
            );
            if self.peek()?.kind == TokenKind::LParen {
                self.skip_value()?;
            }
        }
        Ok(found)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The names of the fields whose bits are set in `F::REQUIRED_BITS`, the mask the decoder
    /// checks records against.
    fn required_names<F: RecordField>() -> Vec<&'static str> {
        F::NAMES
            .iter()
            .enumerate()
            .filter(|(index, _)| F::REQUIRED_BITS & (1 << index) != 0)
            .map(|(_, name)| *name)
            .collect()
    }

    #[test]
    fn required_field_bits_name_the_required_fields() {
        assert_eq!(required_names::<TimelineField>(), ["title"]);
        assert_eq!(required_names::<EraField>(), ["title", "start", "end"]);
        assert_eq!(required_names::<CartelField>(), ["id", "name"]);
        assert_eq!(required_names::<PersonField>(), ["id", "name"]);
        assert_eq!(required_names::<SourceField>(), ["id", "title"]);
        assert_eq!(
            required_names::<EventField>(),
            ["id", "kind", "date", "title"]
        );
        assert_eq!(required_names::<DisputeField>(), ["source"]);
        assert_eq!(required_names::<QuoteField>(), ["source", "text"]);
        assert_eq!(required_names::<StoryField>(), ["id", "title", "steps"]);
        assert!(required_names::<StepField>().is_empty());
    }

    #[test]
    fn an_unknown_field_lists_the_fields_of_its_record_in_order() {
        let text = r#"Timeline(title: "T", wrong: 1,
  eras: [Era(wrong: 1, title: "E", start: "1990", end: "1991")],
  cartels: [Cartel(wrong: 1, id: "c", name: "C")],
  people: [Person(wrong: 1, id: "p", name: "P")],
  sources: [Source(wrong: 1, id: "s", title: "S")],
  events: [Event(wrong: 1, id: "e", kind: Arrest, date: "1985", title: "E", sources: ["s"],
    disputed: [Dispute(wrong: 1, date: "1985", source: "s")])],
)"#;
        let messages: Vec<String> = decode_text(text, None, None, false)
            .problems
            .into_iter()
            .map(|problem| problem.message)
            .collect();
        assert_eq!(
            messages,
            [
                "unknown field `wrong` in Timeline; expected one of: format, title, description, eras, cartels, people, sources, events, stories",
                "unknown field `wrong` in Era; expected one of: title, start, end",
                "unknown field `wrong` in Cartel; expected one of: id, name, aliases, color",
                "unknown field `wrong` in Person; expected one of: id, name, aliases, cartels",
                "unknown field `wrong` in Source; expected one of: id, outlet, title, url, published, archive",
                "unknown field `wrong` in Event; expected one of: id, kind, date, end, title, summary, place, people, cartels, sources, quotes, tags, disputed",
                "unknown field `wrong` in Dispute; expected one of: date, source, note, quote",
            ]
        );
    }

    #[test]
    fn event_spans_are_found_again_on_demand() {
        let text = r#"Timeline(
    title: "T",
    people: [Person(id: "p", name: "P"), Person(id: "q", name: "Q")],
    sources: [Source(id: "s", title: "S")],
    events: [
        Event(id: "a", kind: Arrest, date: "1985", title: "A", sources: ["s"], people: ["p"]),
        ( /* no name */ id: "b\u{e9}", kind: Policy(Law), date: "1986", end: "1987",
          title: "B \"quoted\"", people: ["q", "p"], sources: ["s"],
          disputed: [Dispute(date: "1986-02", source: "s")]),
    ],
)"#;
        let decoded = decode_text(text, None, None, false);
        assert!(decoded.problems.is_empty(), "{:?}", decoded.problems);
        let (timeline, map) = decoded.timeline.unwrap();
        assert_eq!(map.event_count(), 2);
        let slice = |span: &Span| &text[span.clone()];
        let first = map.event_spans(0);
        assert_eq!(slice(&first.start), "Event");
        assert_eq!(slice(&first.id), "\"a\"");
        assert_eq!(first.end, 0..0);
        let second = map.event_spans(1);
        assert_eq!(slice(&second.start), "(");
        assert_eq!(slice(&second.id), "\"b\\u{e9}\"");
        assert_eq!(slice(&second.end), "\"1987\"");
        assert_eq!(slice(&second.title), "\"B \\\"quoted\\\"\"");
        let people: Vec<&str> = second.people.iter().map(slice).collect();
        assert_eq!(people, ["\"q\"", "\"p\""]);
        assert_eq!(second.sources.len(), 1);
        assert_eq!(slice(&second.dispute_sources[0]), "\"s\"");
        assert_eq!(&*timeline.events[1].id, "bé");
        assert_eq!(map.event_spans(2).id, 0..0);
    }
}
