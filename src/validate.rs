//! Checks that need the whole timeline: ids, references, date order, colours, links, duplicates.
//!
//! Errors make the loader reject the file; warnings let it load. Each problem points at the value
//! to fix: for a duplicate id the second occurrence, for a bad reference that reference.

use std::cell::{OnceCell, RefCell};
use std::collections::HashSet;
use std::hash::BuildHasher;

use hashbrown::hash_table::Entry;
use hashbrown::{DefaultHashBuilder, HashTable};

use crate::diagnostic::{Problem, quoted};
use crate::model::{Cartel, Event, Person, Source, Step, Timeline};
use crate::source_map::{EventSpans, SourceMap, Span};
use crate::suggest::Suggester;

/// All semantic problems of a decoded timeline.
///
/// Built for a million events: ids are looked up in tables of 4-byte indices with a fast seeded
/// hasher, each reference is hashed once, and an event's spans are only looked for (see
/// [`SourceMap::event_spans`]) when it has a problem.
pub fn validate(timeline: &Timeline, map: &SourceMap) -> Vec<Problem> {
    validate_after_early_checks(timeline, map, None)
}

/// [`validate`], given the [`EarlyChecks`] the loader ran on each event as it decoded it
/// (`None`: they are run here).
pub(crate) fn validate_after_early_checks(
    timeline: &Timeline,
    map: &SourceMap,
    early: Option<&EarlyChecks>,
) -> Vec<Problem> {
    let mut problems = Vec::new();
    let span_or_default = |spans: Option<&Span>| spans.cloned().unwrap_or_default();

    for (era, spans) in timeline.eras.iter().zip(&map.eras) {
        if era.end.last_day() < era.start.first_day() {
            problems.push(Problem::error(
                spans.end.clone(),
                format!(
                    "era {} ends ({}) before it starts ({})",
                    quoted(&era.title),
                    era.end,
                    era.start
                ),
            ));
        }
    }

    let cartel_ids = check_ids(
        "cartel",
        IdTable::new(&timeline.cartels, |c: &Cartel| c.id.as_str()),
        |index| span_or_default(map.cartels.get(index).map(|s| &s.id)),
        &mut problems,
    );
    let person_ids = check_ids(
        "person",
        IdTable::new(&timeline.people, |p: &Person| p.id.as_str()),
        |index| span_or_default(map.people.get(index).map(|s| &s.id)),
        &mut problems,
    );
    let source_ids = check_ids(
        "source",
        IdTable::new(&timeline.sources, |s: &Source| s.id.as_str()),
        |index| span_or_default(map.sources.get(index).map(|s| &s.id)),
        &mut problems,
    );
    let computed;
    let early = match early {
        Some(early) => early,
        None => {
            computed = EarlyChecks::run(timeline);
            &computed
        }
    };
    // Event ids, as `check_ids` reports them, for the events found odd while decoding.
    for &(index, oddities) in &early.odd_ids {
        let Some(event) = timeline.events.get(index as usize) else {
            continue;
        };
        let id = &*event.id;
        let span = map.event_spans(index as usize).id;
        if id.is_empty() {
            problems.push(Problem::error(span.clone(), "event id is empty"));
        } else if oddities & BLANK_ID != 0 {
            problems.push(Problem::error(
                span.clone(),
                format!("event id {} contains whitespace", quoted(id)),
            ));
        }
        if oddities & DUPLICATE_ID != 0 {
            problems.push(Problem::error(
                span,
                format!("duplicate event id {}", quoted(id)),
            ));
        }
    }

    for (cartel, spans) in timeline.cartels.iter().zip(&map.cartels) {
        if let Some(color) = &cartel.color
            && !is_hex_color(color)
        {
            problems.push(Problem::error(
                spans.color.clone(),
                format!(
                    "colour {} of cartel {} is not `#rgb` or `#rrggbb`",
                    quoted(color),
                    quoted(&cartel.id)
                ),
            ));
        }
    }
    for (source, spans) in timeline.sources.iter().zip(&map.sources) {
        if let Some(url) = &source.url
            && !is_openable_link(url)
        {
            problems.push(Problem::warning(
                spans.url.clone(),
                format!(
                    "link {} of source {} is not http(s) or mailto: it is shown but never opened",
                    quoted(url),
                    quoted(&source.id)
                ),
            ));
        }
    }

    let undecoded: HashSet<&str> = map.undecoded_ids.iter().map(String::as_str).collect();
    let used = |kind: usize| {
        early
            .used
            .as_ref()
            .map(|used| used[kind].clone())
            .unwrap_or_default()
    };
    // One budget for the whole file: a file with thousands of unknown references must not
    // spend minutes on suggestions.
    let suggester = RefCell::new(Suggester::new());
    let mut cartels = References::new("cartel", &cartel_ids, &undecoded, &suggester, used(CARTELS));
    let mut people = References::new("person", &person_ids, &undecoded, &suggester, used(PEOPLE));
    let mut sources = References::new("source", &source_ids, &undecoded, &suggester, used(SOURCES));

    for (person, spans) in timeline.people.iter().zip(&map.people) {
        for (index, cartel) in person.cartels.iter().enumerate() {
            cartels.check(
                cartel,
                || span_or_default(spans.cartels.get(index)),
                &mut problems,
            );
        }
    }

    // Events were checked as they were decoded; only those with a problem, or all of them when
    // their references could not be resolved then (people, cartels or sources after the
    // events), are looked at again.
    let all_events = 0..timeline.events.len() as u32;
    let revisit: &mut dyn Iterator<Item = u32> = if early.used.is_some() {
        &mut early.flagged.iter().copied()
    } else {
        &mut all_events.into_iter()
    };
    let mut duplicate_keys = early.duplicate_keys.iter().peekable();
    for event_index in revisit {
        let Some(event) = timeline.events.get(event_index as usize) else {
            continue;
        };
        let spans_cell: OnceCell<EventSpans> = OnceCell::new();
        let spans = || spans_cell.get_or_init(|| map.event_spans(event_index as usize));
        if let Some(end) = event.end
            && end.last_day() < event.date.first_day()
        {
            problems.push(Problem::error(
                spans().end.clone(),
                format!(
                    "event {} ends ({end}) before its date ({})",
                    quoted(&event.id),
                    event.date
                ),
            ));
        }
        for (index, person) in event.people().iter().enumerate() {
            people.check(
                person,
                || span_or_default(spans().people.get(index)),
                &mut problems,
            );
        }
        for (index, cartel) in event.cartels().iter().enumerate() {
            cartels.check(
                cartel,
                || span_or_default(spans().cartels.get(index)),
                &mut problems,
            );
        }
        for (index, source) in event.sources().iter().enumerate() {
            sources.check(
                source,
                || span_or_default(spans().sources.get(index)),
                &mut problems,
            );
        }
        for (index, dispute) in event.disputed.iter().enumerate() {
            sources.check(
                &dispute.source,
                || span_or_default(spans().dispute_sources.get(index)),
                &mut problems,
            );
        }
        for (index, quote) in event.quotes.iter().enumerate() {
            if quotes_own_source(event, &quote.source) {
                continue;
            }
            let hint = suggester
                .borrow_mut()
                .closest(&quote.source, event.sources().iter().map(|s| s.as_str()))
                .map(|close| format!("; did you mean {}?", quoted(close)))
                .unwrap_or_default();
            problems.push(Problem::error(
                span_or_default(spans().quote_sources.get(index)),
                format!(
                    "quote from {}, which is not one of the sources of event {}{hint}",
                    quoted(&quote.source),
                    quoted(&event.id)
                ),
            ));
        }
        if event.sources().is_empty() {
            problems.push(Problem::warning(
                spans().start.clone(),
                format!("event {} cites no sources", quoted(&event.id)),
            ));
        }
        // Ascending by event, like the events visited.
        while duplicate_keys
            .next_if(|(later, _)| *later < event_index)
            .is_some()
        {}
        if let Some((_, first)) = duplicate_keys.next_if(|(later, _)| *later == event_index) {
            // Later copies keep pointing at the first one.
            let first_id = timeline.events.get(*first as usize).map_or("", |e| &*e.id);
            problems.push(Problem::warning(
                spans().title.clone(),
                format!(
                    "event {} has the same kind, date and title as {}",
                    quoted(&event.id),
                    quoted(first_id)
                ),
            ));
        }
    }

    cartels.report_unused(
        |index| span_or_default(map.cartels.get(index).map(|s| &s.id)),
        &mut problems,
    );
    people.report_unused(
        |index| span_or_default(map.people.get(index).map(|s| &s.id)),
        &mut problems,
    );
    sources.report_unused(
        |index| span_or_default(map.sources.get(index).map(|s| &s.id)),
        &mut problems,
    );
    check_stories(timeline, map, &suggester, &mut problems);
    problems
}

/// Story ids are unique, each event step names an event of the file, and a story has steps.
/// (A step's shape and window are checked by the loader, which sees what was written.)
fn check_stories(
    timeline: &Timeline,
    map: &SourceMap,
    suggester: &RefCell<Suggester>,
    problems: &mut Vec<Problem>,
) {
    if timeline.stories.is_empty() {
        return;
    }
    let event_ids: HashSet<&str> = timeline.events.iter().map(|e| &*e.id).collect();
    let undecoded: HashSet<&str> = map.undecoded_ids.iter().map(String::as_str).collect();
    // Sorted so the suggestion does not depend on hash order; built at the first unknown id.
    let candidates: OnceCell<Vec<&str>> = OnceCell::new();
    let mut story_ids = HashSet::new();
    for (index, story) in timeline.stories.iter().enumerate() {
        let spans = map.stories.get(index);
        if !story_ids.insert(story.id.as_str()) {
            problems.push(Problem::error(
                spans.map(|s| s.id.clone()).unwrap_or_default(),
                format!("duplicate story id {}", quoted(&story.id)),
            ));
        }
        if story.steps.is_empty() {
            problems.push(Problem::warning(
                spans.map(|s| s.start.clone()).unwrap_or_default(),
                format!("story {} has no steps", quoted(&story.id)),
            ));
        }
        for (step_index, step) in story.steps.iter().enumerate() {
            let Step::Event { event, .. } = step else {
                continue;
            };
            if event_ids.contains(event.as_str()) || undecoded.contains(event.as_str()) {
                continue;
            }
            let candidates = candidates.get_or_init(|| {
                let mut ids: Vec<&str> = event_ids.iter().copied().collect();
                ids.sort_unstable();
                ids
            });
            let hint = suggester
                .borrow_mut()
                .closest(event, candidates.iter().copied())
                .map(|close| format!("; did you mean {}?", quoted(close)))
                .unwrap_or_default();
            problems.push(Problem::error(
                spans
                    .and_then(|s| s.steps.get(step_index))
                    .cloned()
                    .unwrap_or_default(),
                format!(
                    "story {} shows unknown event {}{hint}",
                    quoted(&story.id),
                    quoted(event)
                ),
            ));
        }
    }
}

/// Ids of one kind of entity → the index of the first entity with that id. Holds 4-byte indices
/// rather than strings: the event table alone has a million entries.
struct IdTable<'t, T> {
    items: &'t [T],
    id_of: fn(&T) -> &str,
    table: HashTable<u32>,
    hasher: DefaultHashBuilder,
}

impl<'t, T> IdTable<'t, T> {
    fn new(items: &'t [T], id_of: fn(&T) -> &str) -> Self {
        IdTable {
            items,
            id_of,
            table: HashTable::with_capacity(items.len()),
            hasher: DefaultHashBuilder::default(),
        }
    }

    fn id(&self, index: u32) -> &'t str {
        self.items.get(index as usize).map_or("", self.id_of)
    }

    /// Adds entity `index`; false when an earlier entity has the same id.
    fn insert(&mut self, index: u32) -> bool {
        let id = self.id(index);
        let (items, id_of, hasher) = (self.items, self.id_of, &self.hasher);
        let id_at = |other: u32| items.get(other as usize).map_or("", id_of);
        match self.table.entry(
            hasher.hash_one(id),
            |&other| id_at(other) == id,
            |&other| hasher.hash_one(id_at(other)),
        ) {
            Entry::Occupied(_) => false,
            Entry::Vacant(slot) => {
                slot.insert(index);
                true
            }
        }
    }

    /// The index of the first entity with `id`.
    fn get(&self, id: &str) -> Option<u32> {
        self.table
            .find(self.hasher.hash_one(id), |&other| self.id(other) == id)
            .copied()
    }
}

/// Reports empty, blank-containing and duplicate ids; returns the table of ids.
fn check_ids<'t, T>(
    what: &str,
    mut ids: IdTable<'t, T>,
    span_of: impl Fn(usize) -> Span,
    problems: &mut Vec<Problem>,
) -> IdTable<'t, T> {
    for index in 0..ids.items.len() {
        let id = ids.id(index as u32);
        if id.is_empty() {
            problems.push(Problem::error(
                span_of(index),
                format!("{what} id is empty"),
            ));
        } else if id.chars().any(char::is_whitespace) {
            problems.push(Problem::error(
                span_of(index),
                format!("{what} id {} contains whitespace", quoted(id)),
            ));
        }
        if !ids.insert(index as u32) {
            problems.push(Problem::error(
                span_of(index),
                format!("duplicate {what} id {}", quoted(id)),
            ));
        }
    }
    ids
}

/// References to one kind of entity: checks that each names a known id and remembers which
/// entities are used.
struct References<'a, 't, T> {
    what: &'static str,
    ids: &'a IdTable<'t, T>,
    undecoded: &'a HashSet<&'t str>,
    /// Shared by every kind of reference: one suggestion budget per file.
    suggester: &'a RefCell<Suggester>,
    /// By entity index (of the first entity with each id).
    used: Vec<bool>,
    /// Sorted known ids for suggestions, built at the first unknown reference.
    candidates: OnceCell<Vec<&'t str>>,
}

impl<'a, 't, T> References<'a, 't, T> {
    /// `used`: entities already known to be referred to, by index (may be empty).
    fn new(
        what: &'static str,
        ids: &'a IdTable<'t, T>,
        undecoded: &'a HashSet<&'t str>,
        suggester: &'a RefCell<Suggester>,
        mut used: Vec<bool>,
    ) -> Self {
        used.resize(ids.items.len(), false);
        References {
            what,
            ids,
            undecoded,
            suggester,
            used,
            candidates: OnceCell::new(),
        }
    }

    fn check(&mut self, id: &str, span: impl FnOnce() -> Span, problems: &mut Vec<Problem>) {
        if let Some(index) = self.ids.get(id) {
            if let Some(used) = self.used.get_mut(index as usize) {
                *used = true;
            }
            return;
        }
        if self.undecoded.contains(id) {
            return;
        }
        // Sorted so the suggestion does not depend on hash order.
        let candidates = self.candidates.get_or_init(|| {
            let mut ids: Vec<&str> = self.ids.table.iter().map(|&i| self.ids.id(i)).collect();
            ids.sort_unstable();
            ids
        });
        let hint = self
            .suggester
            .borrow_mut()
            .closest(id, candidates.iter().copied())
            .map(|close| format!("; did you mean {}?", quoted(close)))
            .unwrap_or_default();
        problems.push(Problem::error(
            span(),
            format!("unknown {} {}{hint}", self.what, quoted(id)),
        ));
    }

    fn report_unused(&self, span_of: impl Fn(usize) -> Span, problems: &mut Vec<Problem>) {
        for index in 0..self.ids.items.len() {
            let id = self.ids.id(index as u32);
            let used = self
                .ids
                .get(id)
                .and_then(|first| self.used.get(first as usize))
                .copied()
                .unwrap_or(false);
            if !used {
                problems.push(Problem::warning(
                    span_of(index),
                    format!("{} {} is never referred to", self.what, quoted(id)),
                ));
            }
        }
    }
}

const PEOPLE: usize = 0;
const CARTELS: usize = 1;
const SOURCES: usize = 2;
/// Oddities of an event id, see [`EarlyChecks::odd_ids`].
const BLANK_ID: u8 = 1;
const DUPLICATE_ID: u8 = 2;

/// The per-event checks of [`validate`], done by the decoder right after it reads each event,
/// while the event's strings are still in the processor's cache: reading a million events'
/// strings again afterwards costs more than the checks themselves. [`validate`] then revisits
/// only the events flagged here, and reports their problems in the same order as ever.
#[derive(Clone, Debug, Default)]
pub(crate) struct EarlyChecks {
    hasher: DefaultHashBuilder,
    /// Event ids → the first event with each, as an index.
    event_ids: FirstSeen,
    /// (kind, date, title) → the first event with them.
    event_keys: FirstSeen,
    /// Events whose id is empty or blank-containing ([`BLANK_ID`]) or repeats an earlier one
    /// ([`DUPLICATE_ID`]), ascending.
    odd_ids: Vec<(u32, u8)>,
    /// Events with a problem other than their id, ascending: a period that ends before it
    /// starts, no source, a reference to an unknown id, or the same kind, date and title as an
    /// earlier event.
    flagged: Vec<u32>,
    /// (event, first event with the same kind, date and title), ascending.
    duplicate_keys: Vec<(u32, u32)>,
    /// Ids of people, cartels and sources as they were when the events began.
    entities: Option<[EntityIds; 3]>,
    /// Which people, cartels and sources events refer to (by index of the first entity with each
    /// id); `None` when the entities were not all known before the events.
    used: Option<[Vec<bool>; 3]>,
}

#[derive(Clone, Debug, Default)]
struct EntityIds {
    first_index: hashbrown::HashMap<String, u32>,
    count: usize,
    used: Vec<bool>,
}

impl EntityIds {
    fn new<'t>(ids: impl ExactSizeIterator<Item = &'t str>) -> EntityIds {
        let count = ids.len();
        let mut first_index = hashbrown::HashMap::with_capacity(count);
        for (index, id) in ids.enumerate() {
            first_index.entry(id.to_string()).or_insert(index as u32);
        }
        EntityIds {
            first_index,
            count,
            used: vec![false; count],
        }
    }

    /// Marks the entity `id` names as used; false when no entity has that id.
    fn resolve(&mut self, id: &str) -> bool {
        match self.first_index.get(id) {
            Some(&index) => {
                if let Some(used) = self.used.get_mut(index as usize) {
                    *used = true;
                }
                true
            }
            None => false,
        }
    }
}

impl EarlyChecks {
    /// The checks of a whole decoded timeline at once (when the loader did not run them while
    /// decoding).
    fn run(timeline: &Timeline) -> EarlyChecks {
        let mut checks = EarlyChecks::default();
        checks.begin_events(timeline);
        for (index, event) in timeline.events.iter().enumerate() {
            checks.event(event, timeline.events.get(..index).unwrap_or_default());
        }
        checks.finish(timeline);
        checks
    }

    /// Called when the events begin: people, cartels and sources written before them are known.
    pub(crate) fn begin_events(&mut self, timeline: &Timeline) {
        if self.entities.is_none() {
            self.entities = Some([
                EntityIds::new(timeline.people.iter().map(|p| p.id.as_str())),
                EntityIds::new(timeline.cartels.iter().map(|c| c.id.as_str())),
                EntityIds::new(timeline.sources.iter().map(|s| s.id.as_str())),
            ]);
        }
    }

    /// Checks `event`, about to follow `earlier` in the timeline.
    pub(crate) fn event(&mut self, event: &Event, earlier: &[Event]) {
        let index = earlier.len() as u32;
        let hasher = &self.hasher;

        let id = &*event.id;
        let mut oddities = 0;
        if id.is_empty() || id.chars().any(char::is_whitespace) {
            oddities |= BLANK_ID;
        }
        let same_id = |other: u32| earlier.get(other as usize).is_some_and(|e| &*e.id == id);
        if self
            .event_ids
            .first_or_insert(hasher.hash_one(id), index, same_id)
            .is_some()
        {
            oddities |= DUPLICATE_ID;
        }
        if oddities != 0 {
            self.odd_ids.push((index, oddities));
        }

        let mut flagged = event.sources().is_empty()
            || !event
                .quotes
                .iter()
                .all(|quote| quotes_own_source(event, &quote.source))
            || event
                .end
                .is_some_and(|end| end.last_day() < event.date.first_day());
        let key = (event.kind, event.date, &*event.title);
        let same_key = |other: u32| {
            earlier
                .get(other as usize)
                .is_some_and(|e| (e.kind, e.date, &*e.title) == key)
        };
        if let Some(first) = self
            .event_keys
            .first_or_insert(hasher.hash_one(key), index, same_key)
        {
            self.duplicate_keys.push((index, first));
            flagged = true;
        }

        if let Some([people, cartels, sources]) = &mut self.entities {
            // `&` on booleans: every reference is marked, even after an unknown one.
            let known = event
                .people()
                .iter()
                .fold(true, |ok, p| ok & people.resolve(p))
                & event
                    .cartels()
                    .iter()
                    .fold(true, |ok, c| ok & cartels.resolve(c))
                & event
                    .sources()
                    .iter()
                    .fold(true, |ok, s| ok & sources.resolve(s))
                & event
                    .disputed
                    .iter()
                    .fold(true, |ok, d| ok & sources.resolve(&d.source));
            flagged |= !known;
        }
        if flagged {
            self.flagged.push(index);
        }
    }

    /// Called at the end: references were resolved only if no person, cartel or source came
    /// after the events began.
    pub(crate) fn finish(&mut self, timeline: &Timeline) {
        self.event_ids = FirstSeen::default();
        self.event_keys = FirstSeen::default();
        self.used = match self.entities.take() {
            Some([people, cartels, sources])
                if people.count == timeline.people.len()
                    && cartels.count == timeline.cartels.len()
                    && sources.count == timeline.sources.len() =>
            {
                Some([people.used, cartels.used, sources.used])
            }
            _ => None,
        };
    }
}

/// The first item (by index) with each key. Slots hold a 32-bit hash and the index, so that
/// growing the table never reads keys again (for a million events they are no longer in the
/// cache); keys are compared only when their hashes are equal.
#[derive(Clone, Debug, Default)]
struct FirstSeen {
    table: HashTable<(u32, u32)>,
}

impl FirstSeen {
    /// The index of an earlier item whose key `same_key` says equal, or `None` after recording
    /// `index` as the first with its key. `hash` must be the key's hash.
    fn first_or_insert(
        &mut self,
        hash: u64,
        index: u32,
        same_key: impl Fn(u32) -> bool,
    ) -> Option<u32> {
        let short = hash as u32;
        // The table takes its bucket from the low bits and a tag from the top 7: spread them.
        let spread = |short: u32| u64::from(short).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        match self.table.entry(
            spread(short),
            |&(other_hash, other)| other_hash == short && same_key(other),
            |&(other_hash, _)| spread(other_hash),
        ) {
            Entry::Occupied(first) => Some(first.get().1),
            Entry::Vacant(slot) => {
                slot.insert((short, index));
                None
            }
        }
    }
}

/// Whether `source` is one of `event`'s sources: a quote must come from an article the event
/// cites, or the reader could not find it where the event sends them.
fn quotes_own_source(event: &Event, source: &str) -> bool {
    event.sources().iter().any(|cited| cited == source)
}

/// `#rgb` or `#rrggbb`.
pub fn is_hex_color(text: &str) -> bool {
    text.strip_prefix('#')
        .is_some_and(|hex| matches!(hex.len(), 3 | 6) && hex.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// Links the app may open in a browser: http, https and mailto, nothing else.
pub fn is_openable_link(url: &str) -> bool {
    let lower = url.trim().to_ascii_lowercase();
    let has_host = |rest: &str| !rest.is_empty() && !rest.starts_with('/');
    if let Some(rest) = lower.strip_prefix("https://") {
        return has_host(rest);
    }
    if let Some(rest) = lower.strip_prefix("http://") {
        return has_host(rest);
    }
    lower
        .strip_prefix("mailto:")
        .is_some_and(|rest| rest.contains('@'))
}

#[cfg(test)]
mod tests {
    use crate::load::load_str;
    use crate::model::Step;
    use crate::source_map::SourceMap;

    /// Loads `events` (RON list items) inside a timeline with people, cartels and sources, and
    /// returns "LINE:COL severity: message" for every diagnostic.
    fn check(extra: &str) -> Vec<String> {
        let text = format!(
            r##"Timeline(
  title: "T",
  cartels: [Cartel(id: "sinaloa", name: "Sinaloa Cartel", color: "#2a9d8f")],
  people: [Person(id: "caro-quintero", name: "Rafael Caro Quintero", cartels: ["sinaloa"])],
  sources: [Source(id: "reuters", title: "R", url: "https://example.org")],
  events: [
    Event(id: "base", kind: Arrest, date: "1985", title: "Base", people: ["caro-quintero"], sources: ["reuters"]),
{extra}
  ],
)"##
        );
        load_str(&text)
            .diagnostics
            .iter()
            .map(|d| {
                format!(
                    "{}:{} {}: {}",
                    d.line,
                    d.column,
                    d.severity.label(),
                    d.message
                )
            })
            .collect()
    }

    /// "LINE:COL message" for every diagnostic of `text`.
    fn positioned_messages(text: &str) -> Vec<String> {
        load_str(text)
            .diagnostics
            .iter()
            .map(|d| format!("{}:{} {}", d.line, d.column, d.message))
            .collect()
    }

    #[test]
    fn a_clean_file_has_no_diagnostics() {
        assert_eq!(check(""), Vec::<String>::new());
    }

    #[test]
    fn unknown_reference_suggests_the_closest_id() {
        assert_eq!(
            check(
                r#"    Event(id: "e", kind: Court, date: "1986", title: "E", people: ["caro-quinteo"], sources: ["reuters"]),"#
            ),
            ["8:68 error: unknown person `caro-quinteo`; did you mean `caro-quintero`?"]
        );
    }

    #[test]
    fn duplicate_id_points_at_the_second_occurrence() {
        assert_eq!(
            check(
                r#"    Event(id: "base", kind: Court, date: "1986", title: "E", sources: ["reuters"]),"#
            ),
            ["8:15 error: duplicate event id `base`"]
        );
    }

    #[test]
    fn end_before_date_is_an_error_but_same_period_is_not() {
        assert_eq!(
            check(
                r#"    Event(id: "e", kind: Court, date: "1986-05", end: "1986-04-30", title: "E", sources: ["reuters"]),"#
            ),
            ["8:55 error: event `e` ends (1986-04-30) before its date (1986-05)"]
        );
        assert_eq!(
            check(
                r#"    Event(id: "e", kind: Court, date: "1986-05-03", end: "1986-05", title: "E", sources: ["reuters"]),"#
            ),
            Vec::<String>::new()
        );
    }

    #[test]
    fn ids_must_be_non_empty_and_without_whitespace() {
        assert_eq!(
            check(
                r#"    Event(id: "", kind: Court, date: "1986", title: "E", sources: ["reuters"]), Event(id: "a b", kind: Court, date: "1987", title: "F", sources: ["reuters"]),"#
            ),
            [
                "8:15 error: event id is empty",
                "8:91 error: event id `a b` contains whitespace"
            ]
        );
    }

    #[test]
    fn warns_about_missing_sources_and_exact_duplicates() {
        assert_eq!(
            check(
                r#"    Event(id: "e", kind: Arrest, date: "1985", title: "Base", sources: ["reuters"]),
    Event(id: "f", kind: Violence, date: "1990", title: "F"),"#
            ),
            [
                "8:55 warning: event `e` has the same kind, date and title as `base`",
                "9:5 warning: event `f` cites no sources"
            ]
        );
    }

    #[test]
    fn bad_colour_era_order_and_links() {
        let text = r#"Timeline(
  title: "T",
  eras: [Era(title: "E", start: "2000", end: "1999-12")],
  cartels: [Cartel(id: "c", name: "C", color: "red")],
  sources: [Source(id: "s", title: "S", url: "javascript:alert(1)"), Source(id: "unused", title: "U")],
  events: [Event(id: "e", kind: Arrest, date: "1985", title: "E", cartels: ["c"], sources: ["s"])],
)"#;
        let found = positioned_messages(text);
        assert_eq!(
            found,
            [
                "3:46 era `E` ends (1999-12) before it starts (2000)",
                "4:47 colour `red` of cartel `c` is not `#rgb` or `#rrggbb`",
                "5:46 link `javascript:alert(1)` of source `s` is not http(s) or mailto: it is shown but never opened",
                "5:81 source `unused` is never referred to",
            ]
        );
    }

    #[test]
    fn unused_people_and_cartels_warn() {
        let text = r#"Timeline(title: "T",
  cartels: [Cartel(id: "c", name: "C")],
  people: [Person(id: "p", name: "P")],
  events: [])"#;
        let found: Vec<String> = load_str(text)
            .diagnostics
            .iter()
            .map(|d| d.message.clone())
            .collect();
        assert_eq!(
            found,
            [
                "cartel `c` is never referred to",
                "person `p` is never referred to"
            ]
        );
    }

    #[test]
    fn a_repeated_event_is_found_among_thousands() {
        // Enough events for the decoder's tables to grow several times, and a file large enough
        // to be decoded and checked on two threads.
        use crate::generate::{GenerateOptions, generate, write_generated_ron};
        let mut bytes = Vec::new();
        let timeline = generate(GenerateOptions {
            events: 6000,
            ..GenerateOptions::default()
        });
        write_generated_ron(&timeline, &mut bytes).unwrap();
        let text = String::from_utf8(bytes).unwrap();
        assert!(text.len() > crate::load::PIPELINE_MIN_BYTES);
        let early = text.find("Event(id: \"court-").unwrap();
        let line = &text[early..early + text[early..].find('\n').unwrap() + 1];
        let id = &line[11..line[11..].find('"').unwrap() + 11];
        let repeated = text.replacen("    ],\n)", &format!("        {line}    ],\n)"), 1);
        let found: Vec<String> = load_str(&repeated)
            .diagnostics
            .iter()
            .map(|d| d.message.clone())
            .collect();
        assert_eq!(
            found,
            [
                format!("duplicate event id `{id}`"),
                format!("event `{id}` has the same kind, date and title as `{id}`"),
            ]
        );
    }

    #[test]
    fn people_and_sources_after_the_events_are_checked_the_same() {
        let text = r#"Timeline(title: "T",
  events: [
    Event(id: "e", kind: Arrest, date: "1985", title: "E", people: ["p", "ghost"], sources: ["s"]),
    Event(id: "f", kind: Arrest, date: "1986", title: "F", cartels: ["c"], sources: ["s"]),
  ],
  cartels: [Cartel(id: "c", name: "C")],
  people: [Person(id: "p", name: "P"), Person(id: "q", name: "Q")],
  sources: [Source(id: "s", title: "S"), Source(id: "t", title: "T")],
)"#;
        let found = positioned_messages(text);
        assert_eq!(
            found,
            [
                "3:74 unknown person `ghost`",
                "7:51 person `q` is never referred to",
                "8:53 source `t` is never referred to",
            ]
        );
    }

    #[test]
    fn a_source_map_not_from_the_decoder_gives_the_same_messages() {
        let text = r#"Timeline(title: "T",
  people: [Person(id: "p", name: "P"), Person(id: "p", name: "Q")],
  sources: [Source(id: "s", title: "S")],
  events: [
    Event(id: "e", kind: Arrest, date: "1985", end: "1984", title: "E", people: ["x"], sources: ["s"]),
    Event(id: "e", kind: Arrest, date: "1985", title: "E"),
    Event(id: "a b", kind: Court, date: "1985", title: "E", people: ["p"], sources: ["s"]),
  ],
)"#;
        let messages = |diagnostics: Vec<crate::diagnostic::Diagnostic>| -> Vec<String> {
            let mut found: Vec<String> = diagnostics.into_iter().map(|d| d.message).collect();
            found.sort();
            found
        };
        let from_load = messages(load_str(text).diagnostics);
        let (decoded, _) = crate::load::decode(text);
        let (timeline, _) = decoded.unwrap();
        let problems = super::validate(&timeline, &SourceMap::default());
        let without_map = messages(crate::diagnostic::locate(text, problems));
        assert_eq!(from_load, without_map);
        assert_eq!(from_load.len(), 7, "{from_load:?}");
    }

    #[test]
    fn a_quote_must_come_from_one_of_the_events_sources() {
        let text = r#"Timeline(title: "T",
  sources: [Source(id: "reuters", title: "R"), Source(id: "wire", title: "W")],
  events: [
    Event(id: "e", kind: Arrest, date: "1985", title: "E", sources: ["reuters"],
      quotes: [Quote(source: "reuters", text: "held"), Quote(source: "reuter", text: "seized")]),
    Event(id: "f", kind: Arrest, date: "1986", title: "F", sources: ["reuters"],
      quotes: [Quote(source: "wire", text: "freed")]),
  ],
)"#;
        assert_eq!(
            positioned_messages(text),
            [
                // Quoting a source does not cite it: `wire` is still not referred to.
                "2:59 source `wire` is never referred to",
                "5:70 quote from `reuter`, which is not one of the sources of event `e`; did you mean `reuters`?",
                "7:30 quote from `wire`, which is not one of the sources of event `f`",
            ]
        );
    }

    #[test]
    fn stories_load_and_their_mistakes_are_pointed_at() {
        let text = r#"Timeline(title: "T",
  sources: [Source(id: "s", title: "S")],
  events: [
    Event(id: "chapo-arrest", kind: Arrest, date: "2016-01-08", title: "A", sources: ["s"]),
  ],
  stories: [
    Story(id: "good", title: "Good", steps: [
      Step(event: "chapo-arrest", note: "He is caught."),
      Step(title: "Later", note: "Years pass.", window: "2016..2019-06"),
      Step(title: "No window"),
    ]),
    Story(id: "bad", title: "Bad", steps: [
      Step(event: "chapo-arest"),
      Step(title: "W", window: "2019..2016"),
      Step(title: "W", window: "2019"),
      Step(event: "chapo-arrest", title: "Both"),
      Step(note: "Neither"),
      Step(event: "chapo-arrest", window: "2016..2017"),
    ]),
    Story(id: "good", title: "Again", steps: []),
  ],
)"#;
        assert_eq!(
            positioned_messages(text),
            [
                "13:19 story `bad` shows unknown event `chapo-arest`; did you mean `chapo-arrest`?",
                "14:32 bad window: `2019..2016`: the range ends before it starts",
                "15:32 bad window: `2019` is not a range: write FROM..TO, as in 2013..2025",
                "16:7 a step shows an event or a titled note, not both: remove `event` or `title`",
                "17:7 a step needs an `event` (the id of an event to show) or a `title` (for a note over a `window`)",
                "18:43 an event step shows its event: a `window` goes with a titled note step",
                "20:5 story `good` has no steps",
                "20:15 duplicate story id `good`",
            ]
        );
        let good_only = format!(
            "{}  ],\n)",
            &text[..text.find("    Story(id: \"bad\"").unwrap()]
        );
        let clean = load_str(&good_only);
        assert!(clean.diagnostics.is_empty(), "{:?}", clean.diagnostics);
        let stories = clean.timeline.unwrap().stories;
        assert_eq!(stories.len(), 1);
        assert_eq!(
            stories[0].steps,
            [
                Step::Event {
                    event: "chapo-arrest".into(),
                    note: Some("He is caught.".into())
                },
                Step::Note {
                    title: "Later".into(),
                    note: Some("Years pass.".into()),
                    window: Some(crate::date::DateRange::parse("2016..2019-06").unwrap()),
                },
                Step::Note {
                    title: "No window".into(),
                    note: None,
                    window: None
                },
            ]
        );
    }

    #[test]
    fn a_dispute_needs_a_date_or_a_note() {
        let text = r#"Timeline(title: "T",
  sources: [Source(id: "s", title: "S")],
  events: [
    Event(id: "e", kind: Arrest, date: "1985", title: "E", sources: ["s"],
      disputed: [Dispute(source: "s", note: "Counts 55, not 29."), Dispute(source: "s", quote: "55")]),
  ],
)"#;
        assert_eq!(
            positioned_messages(text),
            [
                // The event is rejected, so its source counts as unused, as after any error in it.
                "2:24 source `s` is never referred to",
                "5:68 a dispute needs a `date` (the date this source gives) or a `note` (what it says differently)",
            ]
        );
        let without_date = text.replace(r#", Dispute(source: "s", quote: "55")"#, "");
        let loaded = load_str(&without_date);
        assert!(loaded.diagnostics.is_empty(), "{:?}", loaded.diagnostics);
        let event = &loaded.timeline.unwrap().events[0];
        assert_eq!(event.disputed[0].date, None);
        assert_eq!(
            event.disputed[0].note.as_deref(),
            Some("Counts 55, not 29.")
        );
    }

    #[test]
    fn link_rules() {
        use super::is_openable_link;
        assert!(is_openable_link("https://example.org/a"));
        assert!(is_openable_link("HTTP://example.org"));
        assert!(is_openable_link("mailto:desk@example.org"));
        for bad in [
            "javascript:alert(1)",
            "file:///etc/passwd",
            "data:text/html,x",
            "/relative",
            "example.org",
            "https://",
        ] {
            assert!(!is_openable_link(bad), "{bad}");
        }
    }
}
