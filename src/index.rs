//! An index of a loaded timeline, built once per load, that keeps the viewer's per-frame and
//! per-filter-change work small with a million events.
//!
//! - **Order**: events sorted by period start ([`TimelineIndex::order`],
//!   [`TimelineIndex::periods_by_start`]).
//! - **Filtering**: flat per-event arrays (kind, period, people and cartels as indices, bigrams
//!   of the text), so that a filter change is one pass that reads event text only for the few
//!   events a search text may match ([`TimelineIndex::apply_filter`] → [`Visibility`]). The
//!   result is the same set as [`crate::filter::matching_events`].
//!
//! [`load_indexed`] loads a file and builds the index as the events are decoded;
//! [`TimelineIndex::new`] indexes a timeline that is already loaded.
//!
//! Day numbers are stored as `i32` (years ±9999 are ±3.7 million days) to halve the memory.

use hashbrown::HashMap;

use crate::filter::{CompiledFilter, Filter, Needle, may_lowercase_to_ascii};
use crate::flat_lists::FlatLists;
use crate::load::{EventVisitor, LoadProgress, Loaded, load_bytes_visiting};
use crate::model::{Event, Interned, Kind, Timeline};

/// Below this many events, one thread filters: starting threads would cost more than it saves.
const PARALLEL_FILTER_THRESHOLD: usize = 50_000;

/// No entity with the referenced id (only possible for timelines not checked by the loader).
const UNKNOWN: u32 = u32::MAX;

/// Loads a timeline file's bytes as the app does: progress and cancellation through `progress`
/// (`None` when cancelled), and the index built while the events are decoded — on the loader's
/// second thread for large files, while the events' text is still in the cache. The index comes
/// with the timeline, i.e. when the file has no errors.
pub fn load_indexed(
    bytes: &[u8],
    progress: &LoadProgress,
) -> Option<(Loaded, Option<TimelineIndex>)> {
    let mut builder = IndexBuilder::default();
    let loaded = load_bytes_visiting(bytes, progress, &mut builder)?;
    let index = loaded
        .timeline
        .as_ref()
        .map(|timeline| builder.finish(timeline));
    Some((loaded, index))
}

#[derive(Clone, Debug, Default)]
pub struct TimelineIndex {
    /// Event indices sorted by period start, then period end, then file order.
    order: Vec<u32>,
    /// First day of the period of `order[k]`, ascending.
    starts: Vec<i32>,
    /// Last day of the period of `order[k]`.
    ends: Vec<i32>,
    /// Per event index: period, kind (index in [`Kind::ALL`]), text bigrams, references.
    event_starts: Vec<i32>,
    event_ends: Vec<i32>,
    kinds: Vec<u8>,
    bigrams: Vec<Bigrams>,
    /// Each event's people and cartels as entity indices.
    people: FlatLists,
    cartels: FlatLists,
    /// Per person: the index of the last person with the same id, which is the one
    /// [`crate::filter`] looks names up in (ids are unique in any timeline the loader accepts).
    person_representative: Vec<u32>,
    cartel_representative: Vec<u32>,
}

/// The entity indices of `ids` (references to unknown ids become [`UNKNOWN`]).
fn resolve<'a>(
    ids: &'a [Interned],
    lookup: &'a HashMap<String, u32>,
) -> impl Iterator<Item = u32> + 'a {
    ids.iter()
        .map(|id| lookup.get(id.as_str()).copied().unwrap_or(UNKNOWN))
}

/// The pairs of adjacent ASCII characters in an event's own text — title, summary, place, tags,
/// quotes — hashed into 256 bits. A text search can only match an event that has every bigram of the
/// search's ASCII parts, so a filter change rejects most events with a 32-byte read instead of
/// reading their text (for a million events ~100 MB scattered over the heap). Candidates are
/// checked exactly: there are no false negatives.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct Bigrams([u64; 4]);

impl Bigrams {
    const ALL: Bigrams = Bigrams([u64::MAX; 4]);

    /// `| 0x20` lowercases ASCII letters and maps bytes equal ignoring ASCII case to the same
    /// value, which is all a prefilter needs (the search goes through the same mapping).
    fn bit(a: u8, b: u8) -> usize {
        let pair = u32::from(a | 0x20) << 8 | u32::from(b | 0x20);
        (pair.wrapping_mul(0x9E37_79B1) >> 24) as usize
    }

    fn add(&mut self, text: &str) {
        let ascii = text.is_ascii();
        if !ascii && may_lowercase_to_ascii(text) {
            // Lowercasing this text makes ASCII out of other characters: no shortcut.
            *self = Bigrams::ALL;
            return;
        }
        let mut words = self.0;
        let mut set = |a: u8, b: u8| {
            let bit = Bigrams::bit(a, b);
            words[bit / 64] |= 1 << (bit % 64);
        };
        for pair in text.as_bytes().windows(2) {
            if let [a, b] = *pair
                && (ascii || (a.is_ascii() && b.is_ascii()))
            {
                set(a, b);
            }
        }
        self.0 = words;
    }

    fn of_event(event: &Event) -> Bigrams {
        let mut bigrams = Bigrams::default();
        bigrams.add(&event.title);
        let own_texts = (event.summary.iter().chain(&event.place).map(|text| &**text))
            .chain(event.tags().iter().map(Interned::as_str))
            .chain(event.quotes.iter().map(|quote| quote.text.as_str()));
        for text in own_texts {
            bigrams.add(text);
        }
        bigrams
    }

    fn of_needle(needle: &Needle) -> Bigrams {
        let mut bigrams = Bigrams::default();
        for run in needle.ascii_runs() {
            bigrams.add(run);
        }
        bigrams
    }

    fn contains(self, other: Bigrams) -> bool {
        self.0
            .iter()
            .zip(other.0)
            .all(|(mine, theirs)| mine & theirs == theirs)
    }
}

/// Which events pass a filter: one bit per event index.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Visibility {
    bits: Vec<u64>,
    len: usize,
    count: usize,
}

impl Visibility {
    /// Every one of `len` events visible.
    pub fn all(len: usize) -> Visibility {
        let mut bits = vec![u64::MAX; len.div_ceil(64)];
        if !len.is_multiple_of(64)
            && let Some(last) = bits.last_mut()
        {
            *last = (1u64 << (len % 64)) - 1;
        }
        Visibility {
            bits,
            len,
            count: len,
        }
    }

    /// Whether event `event_index` (an index into `timeline.events`) is visible; false when out
    /// of range.
    pub fn is_visible(&self, event_index: usize) -> bool {
        self.bits
            .get(event_index / 64)
            .is_some_and(|word| word & (1 << (event_index % 64)) != 0)
    }

    /// The events `indices` of `len` visible, the others hidden (indices past `len` are left
    /// out).
    pub fn from_indices(len: usize, indices: impl IntoIterator<Item = usize>) -> Visibility {
        let mut bits = vec![0u64; len.div_ceil(64)];
        for index in indices {
            if let Some(word) = bits.get_mut(index / 64)
                && index < len
            {
                *word |= 1 << (index % 64);
            }
        }
        let count = bits.iter().map(|w| w.count_ones() as usize).sum();
        Visibility { bits, len, count }
    }

    /// Hides the events that `other` hides (an event past `other`'s length counts as hidden).
    pub fn intersect(&mut self, other: &Visibility) {
        for (index, word) in self.bits.iter_mut().enumerate() {
            *word &= other.bits.get(index).copied().unwrap_or(0);
        }
        self.count = self.bits.iter().map(|w| w.count_ones() as usize).sum();
    }

    /// Number of visible events.
    pub fn count(&self) -> usize {
        self.count
    }

    /// Number of events the visibility is about.
    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Visible event indices, ascending.
    pub fn iter(&self) -> impl Iterator<Item = usize> + '_ {
        self.bits
            .iter()
            .enumerate()
            .flat_map(|(word_index, &word)| {
                let mut rest = word;
                std::iter::from_fn(move || {
                    if rest == 0 {
                        return None;
                    }
                    let bit = rest.trailing_zeros() as usize;
                    rest &= rest - 1;
                    Some(word_index * 64 + bit)
                })
            })
    }
}

fn day(day_number: i64) -> i32 {
    day_number.clamp(i64::from(i32::MIN), i64::from(i32::MAX)) as i32
}

fn kind_index(kind: Kind) -> u8 {
    Kind::ALL.iter().position(|&k| k == kind).unwrap_or(0) as u8
}

/// Entity ids → index of the last entity with each (as `HashMap::from_iter` keeps the last).
fn last_index<'t>(ids: impl Iterator<Item = &'t str>) -> HashMap<String, u32> {
    let mut last = HashMap::new();
    for (index, id) in ids.enumerate() {
        last.insert(id.to_string(), index as u32);
    }
    last
}

/// Gathers the per-event arrays of a [`TimelineIndex`] one event at a time, in file order.
#[derive(Debug, Default)]
struct IndexBuilder {
    event_starts: Vec<i32>,
    event_ends: Vec<i32>,
    kinds: Vec<u8>,
    bigrams: Vec<Bigrams>,
    /// Filled while visiting when the people and cartels came before the events.
    references: Option<BuilderReferences>,
}

#[derive(Debug)]
struct BuilderReferences {
    people_by_id: HashMap<String, u32>,
    cartels_by_id: HashMap<String, u32>,
    people_count: usize,
    cartels_count: usize,
    people: FlatLists,
    cartels: FlatLists,
}

impl EventVisitor for IndexBuilder {
    fn begin_events(&mut self, timeline: &Timeline) {
        if self.references.is_none() {
            self.references = Some(BuilderReferences {
                people_by_id: last_index(timeline.people.iter().map(|p| p.id.as_str())),
                cartels_by_id: last_index(timeline.cartels.iter().map(|c| c.id.as_str())),
                people_count: timeline.people.len(),
                cartels_count: timeline.cartels.len(),
                people: FlatLists::default(),
                cartels: FlatLists::default(),
            });
        }
    }

    fn visit(&mut self, event: &Event) {
        let (first, last) = event.day_range();
        self.event_starts.push(day(first));
        self.event_ends.push(day(last));
        self.kinds.push(kind_index(event.kind));
        self.bigrams.push(Bigrams::of_event(event));
        if let Some(references) = &mut self.references {
            references
                .people
                .push(resolve(event.people(), &references.people_by_id));
            references
                .cartels
                .push(resolve(event.cartels(), &references.cartels_by_id));
        }
    }
}

impl IndexBuilder {
    /// The index of `timeline`, whose events were all visited.
    fn finish(mut self, timeline: &Timeline) -> TimelineIndex {
        let events = &timeline.events;
        if self.event_starts.len() != events.len() {
            // Not the visited timeline: start again.
            self = IndexBuilder::default();
            self.begin_events(timeline);
            for event in events {
                self.visit(event);
            }
        }
        let (people, cartels) = match self.references.take() {
            // The references were resolved against every person and cartel.
            Some(references)
                if references.people_count == timeline.people.len()
                    && references.cartels_count == timeline.cartels.len() =>
            {
                (references.people, references.cartels)
            }
            _ => {
                let people_by_id = last_index(timeline.people.iter().map(|p| p.id.as_str()));
                let cartels_by_id = last_index(timeline.cartels.iter().map(|c| c.id.as_str()));
                let (mut people, mut cartels) = (FlatLists::default(), FlatLists::default());
                for event in events {
                    people.push(resolve(event.people(), &people_by_id));
                    cartels.push(resolve(event.cartels(), &cartels_by_id));
                }
                (people, cartels)
            }
        };

        // Sorting packed keys (start, end, index) keeps the sort on one contiguous array.
        let biased = |day: i32| u128::from((day as u32) ^ 0x8000_0000);
        let mut keys: Vec<u128> = self
            .event_starts
            .iter()
            .zip(&self.event_ends)
            .enumerate()
            .map(|(e, (&start, &end))| biased(start) << 64 | biased(end) << 32 | e as u128)
            .collect();
        keys.sort_unstable();
        let unbiased = |bits: u128| ((bits as u32) ^ 0x8000_0000) as i32;
        let order: Vec<u32> = keys.iter().map(|&key| key as u32).collect();
        let starts: Vec<i32> = keys.iter().map(|&key| unbiased(key >> 64)).collect();
        let ends: Vec<i32> = keys.iter().map(|&key| unbiased(key >> 32)).collect();
        drop(keys);

        let representatives = |last: &HashMap<String, u32>, ids: Vec<&str>| -> Vec<u32> {
            ids.into_iter()
                .map(|id| last.get(id).copied().unwrap_or(UNKNOWN))
                .collect()
        };
        let people_by_id = last_index(timeline.people.iter().map(|p| p.id.as_str()));
        let cartels_by_id = last_index(timeline.cartels.iter().map(|c| c.id.as_str()));
        let mut index = TimelineIndex {
            order,
            starts,
            ends,
            event_starts: self.event_starts,
            event_ends: self.event_ends,
            kinds: self.kinds,
            bigrams: self.bigrams,
            people,
            cartels,
            person_representative: representatives(
                &people_by_id,
                timeline.people.iter().map(|p| p.id.as_str()).collect(),
            ),
            cartel_representative: representatives(
                &cartels_by_id,
                timeline.cartels.iter().map(|c| c.id.as_str()).collect(),
            ),
        };
        index.shrink_to_fit();
        index
    }
}

impl TimelineIndex {
    /// Indexes a loaded timeline; O(n log n), once per load. [`load_indexed`] does the same
    /// while loading, faster.
    pub fn new(timeline: &Timeline) -> TimelineIndex {
        let mut builder = IndexBuilder::default();
        builder.begin_events(timeline);
        for event in &timeline.events {
            builder.visit(event);
        }
        builder.finish(timeline)
    }

    fn shrink_to_fit(&mut self) {
        self.event_starts.shrink_to_fit();
        self.event_ends.shrink_to_fit();
        self.kinds.shrink_to_fit();
        self.bigrams.shrink_to_fit();
        self.people.shrink_to_fit();
        self.cartels.shrink_to_fit();
    }

    /// Number of events indexed.
    pub fn len(&self) -> usize {
        self.order.len()
    }

    pub fn is_empty(&self) -> bool {
        self.order.is_empty()
    }

    /// Event indices by period start, then period end, then file order.
    pub fn order(&self) -> &[u32] {
        &self.order
    }

    /// Every event as `(index, first day, last day)`, by period start (the [`order`](Self::order)).
    pub fn periods_by_start(&self) -> impl Iterator<Item = (u32, i64, i64)> + '_ {
        self.order
            .iter()
            .zip(self.starts.iter().zip(&self.ends))
            .map(|(&event, (&first, &last))| (event, i64::from(first), i64::from(last)))
    }

    /// First and last day (inclusive) of event `event_index`'s period, as in
    /// [`Event::day_range`].
    pub fn day_range(&self, event_index: usize) -> Option<(i64, i64)> {
        Some((
            i64::from(*self.event_starts.get(event_index)?),
            i64::from(*self.event_ends.get(event_index)?),
        ))
    }

    /// The events of `timeline` (the one this index was built from) that pass `filter`: the same
    /// set as [`crate::filter::matching_events`], computed in one pass over flat arrays (split
    /// over the available cores for large timelines). Meant to run once per filter change.
    pub fn apply_filter(&self, timeline: &Timeline, filter: &Filter) -> Visibility {
        let len = timeline.events.len();
        if filter.is_empty() {
            return Visibility::all(len);
        }
        let compiled = filter.compile(timeline);
        if len != self.len() {
            // Not the indexed timeline: still answer correctly, the slow way.
            return from_predicate(len, |e| {
                timeline
                    .events
                    .get(e)
                    .is_some_and(|ev| compiled.matches(ev))
            });
        }
        let plan = Plan::new(self, timeline, &compiled);
        let words = len.div_ceil(64);
        let threads = if len < PARALLEL_FILTER_THRESHOLD {
            1
        } else {
            std::thread::available_parallelism().map_or(1, |n| n.get().min(8))
        };
        let mut bits = vec![0u64; words];
        let chunk_words = words.div_ceil(threads).max(1);
        std::thread::scope(|scope| {
            for (chunk_index, chunk) in bits.chunks_mut(chunk_words).enumerate() {
                let plan = &plan;
                let first_event = chunk_index * chunk_words * 64;
                let mut work = move || {
                    for (offset, word) in chunk.iter_mut().enumerate() {
                        let base = first_event + offset * 64;
                        let mut value = 0u64;
                        for bit in 0..64.min(len.saturating_sub(base)) {
                            if plan.passes(base + bit) {
                                value |= 1 << bit;
                            }
                        }
                        *word = value;
                    }
                };
                if threads == 1 {
                    work();
                } else {
                    scope.spawn(work);
                }
            }
        });
        let count = bits.iter().map(|w| w.count_ones() as usize).sum();
        Visibility { bits, len, count }
    }
}

fn from_predicate(len: usize, passes: impl Fn(usize) -> bool) -> Visibility {
    let mut bits = vec![0u64; len.div_ceil(64)];
    let mut count = 0;
    for event in 0..len {
        if passes(event) {
            bits[event / 64] |= 1 << (event % 64);
            count += 1;
        }
    }
    Visibility { bits, len, count }
}

const WANTED: u8 = 1;
const MEMBER_OF_WANTED_CARTEL: u8 = 2;
const NAME_MATCHES_TEXT: u8 = 4;

/// A compiled filter turned into flags over the index's arrays.
struct Plan<'a> {
    index: &'a TimelineIndex,
    events: &'a [Event],
    /// Bit `i` set when `Kind::ALL[i]` passes.
    kinds: u16,
    /// Only events with a dispute pass.
    disputed_only: bool,
    people_criterion: bool,
    cartel_criterion: bool,
    from_day: Option<i64>,
    to_day: Option<i64>,
    search: &'a Needle,
    search_bigrams: Bigrams,
    some_person_name_matches: bool,
    some_cartel_name_matches: bool,
    /// Flags per person / cartel index (set on the representative of each id).
    person_flags: Vec<u8>,
    cartel_flags: Vec<u8>,
}

impl<'a> Plan<'a> {
    fn new(
        index: &'a TimelineIndex,
        timeline: &'a Timeline,
        compiled: &'a CompiledFilter<'a>,
    ) -> Self {
        let filter = &compiled.filter;
        let search = &compiled.search;
        let kinds = if filter.kinds.is_empty() {
            u16::MAX
        } else {
            Kind::ALL
                .iter()
                .enumerate()
                .filter(|(_, kind)| filter.kinds.iter().any(|s| s.matches(**kind)))
                .fold(0, |mask, (i, _)| mask | 1 << i)
        };
        let names_match = |name: &str, aliases: &[String]| {
            !search.is_empty() && (search.is_in(name) || aliases.iter().any(|a| search.is_in(a)))
        };
        let mut person_flags = vec![0u8; timeline.people.len()];
        for (person, &representative) in timeline.people.iter().zip(&index.person_representative) {
            let mut flags = 0;
            if compiled.wanted_people.contains(person.id.as_str()) {
                flags |= WANTED;
            }
            if compiled
                .members_of_wanted_cartels
                .contains(person.id.as_str())
            {
                flags |= MEMBER_OF_WANTED_CARTEL;
            }
            if let Some(slot) = person_flags.get_mut(representative as usize) {
                *slot |= flags;
            }
        }
        for (slot, person) in person_flags.iter_mut().zip(&timeline.people) {
            // Only representatives are referred to, and each names itself.
            if names_match(&person.name, &person.aliases) {
                *slot |= NAME_MATCHES_TEXT;
            }
        }
        let mut cartel_flags = vec![0u8; timeline.cartels.len()];
        for (cartel, &representative) in timeline.cartels.iter().zip(&index.cartel_representative) {
            if compiled.wanted_cartels.contains(cartel.id.as_str())
                && let Some(slot) = cartel_flags.get_mut(representative as usize)
            {
                *slot |= WANTED;
            }
        }
        for (slot, cartel) in cartel_flags.iter_mut().zip(&timeline.cartels) {
            if names_match(&cartel.name, &cartel.aliases) {
                *slot |= NAME_MATCHES_TEXT;
            }
        }
        Plan {
            index,
            events: &timeline.events,
            kinds,
            disputed_only: filter.disputed_only,
            people_criterion: !filter.people.is_empty(),
            cartel_criterion: !filter.cartels.is_empty(),
            from_day: filter.from.map(|d| d.first_day()),
            to_day: filter.to.map(|d| d.last_day()),
            search,
            search_bigrams: Bigrams::of_needle(search),
            some_person_name_matches: person_flags.iter().any(|f| f & NAME_MATCHES_TEXT != 0),
            some_cartel_name_matches: cartel_flags.iter().any(|f| f & NAME_MATCHES_TEXT != 0),
            person_flags,
            cartel_flags,
        }
    }

    fn person_has(&self, people: &[u32], flag: u8) -> bool {
        people.iter().any(|&p| {
            self.person_flags
                .get(p as usize)
                .is_some_and(|flags| flags & flag != 0)
        })
    }

    fn cartel_has(&self, cartels: &[u32], flag: u8) -> bool {
        cartels.iter().any(|&c| {
            self.cartel_flags
                .get(c as usize)
                .is_some_and(|flags| flags & flag != 0)
        })
    }

    /// The criteria of [`CompiledFilter::matches`], cheapest first.
    fn passes(&self, event: usize) -> bool {
        let index = self.index;
        let kind = index.kinds.get(event).copied().unwrap_or(0);
        if self.kinds & (1 << kind) == 0 {
            return false;
        }
        // Few events are disputed; their list is read only when the criterion is set.
        if self.disputed_only
            && self
                .events
                .get(event)
                .is_none_or(|event| event.disputed.is_empty())
        {
            return false;
        }
        // Each array is read only when its criterion is set: a filter change streams through
        // as little memory as it can.
        if self.from_day.is_some() || self.to_day.is_some() {
            let (first_day, last_day) = index.day_range(event).unwrap_or((0, 0));
            if self.from_day.is_some_and(|from| last_day < from)
                || self.to_day.is_some_and(|to| first_day > to)
            {
                return false;
            }
        }
        if self.people_criterion && !self.person_has(index.people.of(event), WANTED) {
            return false;
        }
        if self.cartel_criterion
            && !self.cartel_has(index.cartels.of(event), WANTED)
            && !self.person_has(index.people.of(event), MEMBER_OF_WANTED_CARTEL)
        {
            return false;
        }
        if self.search.is_empty()
            || (self.some_person_name_matches
                && self.person_has(index.people.of(event), NAME_MATCHES_TEXT))
            || (self.some_cartel_name_matches
                && self.cartel_has(index.cartels.of(event), NAME_MATCHES_TEXT))
        {
            return true;
        }
        if !index
            .bigrams
            .get(event)
            .is_some_and(|bigrams| bigrams.contains(self.search_bigrams))
        {
            return false;
        }
        let Some(event) = self.events.get(event) else {
            return false;
        };
        let contains = |text: &str| self.search.is_in(text);
        contains(&event.title)
            || event.summary.as_deref().is_some_and(contains)
            || event.place.as_deref().is_some_and(contains)
            || event.tags().iter().any(|t| contains(t))
            || event.quotes.iter().any(|q| contains(&q.text))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::date::Date;
    use crate::filter::matching_events;
    use crate::generate::{GenerateOptions, generate};
    use crate::model::{KindSelector, References};

    #[test]
    fn the_order_is_by_period_start() {
        let timeline = generate(GenerateOptions {
            events: 3000,
            ..GenerateOptions::default()
        });
        let index = TimelineIndex::new(&timeline);
        assert_eq!(index.order().len(), timeline.events.len());
        assert!(index.order().windows(2).all(|pair| {
            timeline.events[pair[0] as usize].date.first_day()
                <= timeline.events[pair[1] as usize].date.first_day()
        }));
    }

    fn assert_same_as_matching_events(
        timeline: &Timeline,
        index: &TimelineIndex,
        filter: Filter,
    ) -> usize {
        let visibility = index.apply_filter(timeline, &filter);
        let mut expected = matching_events(timeline, &filter);
        expected.sort_unstable();
        let found: Vec<usize> = visibility.iter().collect();
        assert_eq!(found, expected, "{filter:?}");
        assert_eq!(visibility.count(), expected.len());
        for event in 0..timeline.events.len() {
            assert_eq!(
                visibility.is_visible(event),
                expected.binary_search(&event).is_ok()
            );
        }
        visibility.count()
    }

    #[test]
    fn filters_give_the_same_events_as_matching_events() {
        // Large enough for the multi-threaded path.
        let timeline = generate(GenerateOptions {
            events: PARALLEL_FILTER_THRESHOLD + 1234,
            people: 300,
            cartels: 12,
            seed: 4,
        });
        let index = TimelineIndex::new(&timeline);
        let person = &timeline.people[3];
        let cartel = &timeline.cartels[2];
        let filters = [
            Filter::default(),
            Filter {
                cartels: vec![cartel.name.to_uppercase()],
                ..Filter::default()
            },
            Filter {
                people: vec![person.id.clone(), "nobody".into()],
                ..Filter::default()
            },
            Filter {
                people: vec!["nobody".into()],
                ..Filter::default()
            },
            Filter {
                kinds: vec![
                    KindSelector::AnyPolicy,
                    KindSelector::parse("escape").unwrap(),
                ],
                ..Filter::default()
            },
            Filter {
                search: "culiacán".into(),
                ..Filter::default()
            },
            Filter {
                search: " CULIAC ".into(),
                ..Filter::default()
            },
            Filter {
                // Matches people's names, which events refer to by id.
                search: person.name.split(' ').nth(1).unwrap().to_lowercase(),
                ..Filter::default()
            },
            Filter {
                search: "cartel".into(),
                from: Date::parse("2001").ok(),
                to: Date::parse("2003-06").ok(),
                ..Filter::default()
            },
            Filter {
                cartels: vec![cartel.id.clone()],
                kinds: vec![KindSelector::parse("arrest").unwrap()],
                search: "a".into(),
                ..Filter::default()
            },
        ];
        let len = timeline.events.len();
        let selective = filters
            .into_iter()
            .map(|filter| assert_same_as_matching_events(&timeline, &index, filter))
            .filter(|&count| count > 0 && count < len)
            .count();
        // The comparison means something only if most filters keep some events but not all.
        assert!(selective >= 8, "{selective}");
    }

    #[test]
    fn quote_search_and_the_disputed_filter_agree_with_matching_events() {
        let mut timeline = generate(GenerateOptions {
            events: PARALLEL_FILTER_THRESHOLD + 500,
            people: 50,
            cartels: 6,
            seed: 11,
        });
        // Words found only in quotes, on every 97th event (some of them disputed).
        for event in timeline.events.iter_mut().step_by(97) {
            let source = event.sources().first().map(|s| s.to_string());
            event.quotes = Box::new([crate::model::Quote {
                source: source.unwrap_or_default(),
                text: "Handed over in a “good faith” GESTURE, officials said".into(),
            }]);
        }
        let index = TimelineIndex::new(&timeline);
        let len = timeline.events.len();
        let quoted = len.div_ceil(97);
        let disputed = timeline
            .events
            .iter()
            .filter(|e| !e.disputed.is_empty())
            .count();
        assert!(disputed > 0 && disputed < len, "{disputed}");
        let cases = [
            (
                Filter {
                    search: "good faith” gesture".into(),
                    ..Filter::default()
                },
                quoted,
            ),
            (
                Filter {
                    disputed_only: true,
                    ..Filter::default()
                },
                disputed,
            ),
        ];
        for (filter, expected) in cases {
            assert_eq!(
                assert_same_as_matching_events(&timeline, &index, filter),
                expected
            );
        }
        let both = Filter {
            disputed_only: true,
            search: "GESTURE".into(),
            kinds: vec![KindSelector::parse("arrest").unwrap()],
            ..Filter::default()
        };
        assert_same_as_matching_events(&timeline, &index, both);
    }

    #[test]
    fn filters_agree_on_duplicate_ids_and_unknown_references() {
        // Timelines built in code may break the loader's rules; the index must still agree.
        let mut timeline = generate(GenerateOptions {
            events: 200,
            people: 20,
            cartels: 4,
            seed: 8,
        });
        timeline.people[5].id = timeline.people[6].id.clone();
        timeline.people[5].name = "Zeta Unique".into();
        let event = &mut timeline.events[0];
        event.references = References::new(
            ["ghost"],
            event.cartels().to_vec(),
            event.sources().to_vec(),
            event.tags().to_vec(),
        );
        let index = TimelineIndex::new(&timeline);
        for filter in [
            Filter {
                search: "zeta unique".into(),
                ..Filter::default()
            },
            Filter {
                people: vec!["Zeta Unique".into()],
                ..Filter::default()
            },
            Filter {
                cartels: vec![timeline.people[5].cartels[0].clone()],
                ..Filter::default()
            },
        ] {
            assert_same_as_matching_events(&timeline, &index, filter);
        }
        // Another timeline than the indexed one still gets a right answer.
        let other = generate(GenerateOptions {
            events: 10,
            ..GenerateOptions::default()
        });
        assert_same_as_matching_events(
            &other,
            &index,
            Filter {
                search: "e".into(),
                ..Filter::default()
            },
        );
    }

    proptest::proptest! {
        #[test]
        fn text_filters_agree_with_matching_events_on_any_text(
            titles in proptest::collection::vec("[a-zA-Z áÁéσΣİ\u{212A}]{0,12}", 1..40),
            search in "[a-zA-Zá éσİ\u{212A}]{1,4}",
        ) {
            let mut timeline = generate(GenerateOptions {
                events: titles.len(),
                ..GenerateOptions::default()
            });
            for (event, title) in timeline.events.iter_mut().zip(&titles) {
                event.title = title.as_str().into();
                event.summary = None;
                event.place = Some(title.chars().rev().collect::<String>().into());
                event.references = without_tags(event);
                // The title's second half as a quote: text only a quote holds.
                let half: String = title.chars().skip(title.chars().count() / 2).collect();
                event.quotes = Box::new([crate::model::Quote {
                    source: String::new(),
                    text: format!("{half}{half}"),
                }]);
            }
            let index = TimelineIndex::new(&timeline);
            let filter = Filter { search, ..Filter::default() };
            let mut expected = matching_events(&timeline, &filter);
            expected.sort_unstable();
            let found: Vec<usize> = index.apply_filter(&timeline, &filter).iter().collect();
            proptest::prop_assert_eq!(found, expected);
        }
    }

    /// The event's references with its tags left out, so that only the text set by a test
    /// can match a search.
    fn without_tags(event: &Event) -> References {
        References::new(
            event.people().to_vec(),
            event.cartels().to_vec(),
            event.sources().to_vec(),
            [] as [Interned; 0],
        )
    }

    #[test]
    fn text_filters_see_through_special_lowercasing() {
        let mut timeline = generate(GenerateOptions {
            events: 4,
            ..GenerateOptions::default()
        });
        timeline.events[0].title = "Flight to İSTANBUL".into();
        timeline.events[1].title = "Seized 5 \u{212A}G".into();
        timeline.events[2].title = "Ciudad Juárez".into();
        timeline.events[3].title = "Plain".into();
        for event in &mut timeline.events {
            event.summary = None;
            event.place = None;
            event.references = without_tags(event);
        }
        let index = TimelineIndex::new(&timeline);
        for (search, expected) in [
            ("i̇stanbul", vec![0]),
            ("5 kg", vec![1]),
            ("JUÁREZ", vec![2]),
            ("juarez", vec![]),
            ("plain", vec![3]),
        ] {
            let filter = Filter {
                search: search.into(),
                ..Filter::default()
            };
            let found: Vec<usize> = index.apply_filter(&timeline, &filter).iter().collect();
            assert_eq!(found, expected, "{search}");
            let mut listed = matching_events(&timeline, &filter);
            listed.sort_unstable();
            assert_eq!(found, listed, "{search}");
        }
    }

    fn assert_same_index(a: &TimelineIndex, b: &TimelineIndex) {
        assert_eq!(a.order, b.order);
        assert_eq!(a.starts, b.starts);
        assert_eq!(a.ends, b.ends);
        assert_eq!(a.event_starts, b.event_starts);
        assert_eq!(a.kinds, b.kinds);
        assert_eq!(a.bigrams, b.bigrams);
        assert_eq!(a.people, b.people);
        assert_eq!(a.cartels, b.cartels);
        assert_eq!(a.person_representative, b.person_representative);
    }

    #[test]
    fn the_index_built_while_loading_is_the_index_of_the_loaded_timeline() {
        use crate::generate::write_generated_ron;
        use crate::load::LoadProgress;
        // Large enough for the loader's second thread; and a file with the people last.
        let mut text = Vec::new();
        let generated = generate(GenerateOptions {
            events: 6000,
            ..GenerateOptions::default()
        });
        write_generated_ron(&generated, &mut text).unwrap();
        assert!(text.len() > crate::load::PIPELINE_MIN_BYTES);
        let small = r#"Timeline(title: "T",
  events: [Event(id: "e", kind: Arrest, date: "1985", title: "E", people: ["p"], sources: ["s"])],
  people: [Person(id: "p", name: "P")],
  sources: [Source(id: "s", title: "S")],
)"#;
        for bytes in [&text[..], small.as_bytes()] {
            let (loaded, index) = load_indexed(bytes, &LoadProgress::new()).unwrap();
            let timeline = loaded.timeline.expect("loads");
            assert_same_index(&index.expect("indexed"), &TimelineIndex::new(&timeline));
        }
        let index = load_indexed(small.as_bytes(), &LoadProgress::new())
            .unwrap()
            .1
            .unwrap();
        assert_eq!(index.people.of(0), [0]);
        // No index for a file with errors.
        let (loaded, index) = load_indexed(b"Timeline(title: 1)", &LoadProgress::new()).unwrap();
        assert!(loaded.has_errors() && index.is_none());
    }

    #[test]
    fn visibility_all_and_iteration() {
        let all = Visibility::all(130);
        assert_eq!(all.count(), 130);
        assert_eq!(all.iter().count(), 130);
        assert!(all.is_visible(129) && !all.is_visible(130));
        assert_eq!(Visibility::all(0).iter().count(), 0);
    }
}
