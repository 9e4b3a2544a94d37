//! Which events to show: the one definition behind `chronolanes list`, the app's filter panel
//! and the exporters, all of which filter through [`crate::scene::Scene`] (evaluated over the
//! index's flat arrays). [`CompiledFilter::matches`] judges one event at a time: the test oracle.
//!
//! Repeated values of one criterion are OR, different criteria are AND. People and cartels match
//! by id, name or alias, case-insensitively; an event matches a cartel when it names it or names a
//! person who belongs to it. Dates match when the event's period overlaps the range, each date
//! taken at its own precision, inclusive.

use std::collections::{HashMap, HashSet};

use crate::date::Date;
use crate::model::{Cartel, Event, KindSelector, Person, Timeline};

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Filter {
    pub kinds: Vec<KindSelector>,
    /// Person ids, names or aliases.
    pub people: Vec<String>,
    /// Cartel ids, names or aliases.
    pub cartels: Vec<String>,
    pub from: Option<Date>,
    pub to: Option<Date>,
    /// Case-insensitive substring; blank means no text criterion.
    pub search: String,
    /// Only events that a source disputes (that have a `disputed` entry).
    pub disputed_only: bool,
}

impl Filter {
    /// True when the filter lets every event through.
    pub fn is_empty(&self) -> bool {
        self.kinds.is_empty()
            && self.people.is_empty()
            && self.cartels.is_empty()
            && self.from.is_none()
            && self.to.is_none()
            && self.search.trim().is_empty()
            && !self.disputed_only
    }

    /// Resolves names against the timeline once, so that matching each event is cheap.
    pub fn compile<'t>(&self, timeline: &'t Timeline) -> CompiledFilter<'t> {
        let people_by_id: HashMap<&str, &Person> =
            timeline.people.iter().map(|p| (p.id.as_str(), p)).collect();
        let cartels_by_id: HashMap<&str, &Cartel> = timeline
            .cartels
            .iter()
            .map(|c| (c.id.as_str(), c))
            .collect();

        let mut unmatched = Vec::new();
        let wanted_people = resolve_names(
            "person",
            &self.people,
            timeline
                .people
                .iter()
                .map(|p| (p.id.as_str(), p.name.as_str(), &p.aliases[..])),
            &mut unmatched,
        );
        let wanted_cartels = resolve_names(
            "cartel",
            &self.cartels,
            timeline
                .cartels
                .iter()
                .map(|c| (c.id.as_str(), c.name.as_str(), &c.aliases[..])),
            &mut unmatched,
        );
        let members_of_wanted_cartels = timeline
            .people
            .iter()
            .filter(|p| {
                p.cartels
                    .iter()
                    .any(|c| wanted_cartels.contains(c.as_str()))
            })
            .map(|p| p.id.as_str())
            .collect();
        let search = Needle::new(&self.search.trim().to_lowercase());
        CompiledFilter {
            filter: self.clone(),
            people_by_id,
            cartels_by_id,
            wanted_people,
            wanted_cartels,
            members_of_wanted_cartels,
            search,
            unmatched,
        }
    }
}

/// The ids of the entities (id, name, aliases) that any of `values` names; a value that names none
/// is reported in `unmatched`.
fn resolve_names<'t>(
    what: &str,
    values: &[String],
    entities: impl Iterator<Item = (&'t str, &'t str, &'t [String])> + Clone,
    unmatched: &mut Vec<String>,
) -> HashSet<&'t str> {
    let mut wanted = HashSet::new();
    for value in values {
        let mut found = false;
        for (id, name, aliases) in entities.clone() {
            if names_match(value, id, name, aliases) {
                wanted.insert(id);
                found = true;
            }
        }
        if !found {
            unmatched.push(format!("no {what} matches `{value}`"));
        }
    }
    wanted
}

fn names_match(value: &str, id: &str, name: &str, aliases: &[String]) -> bool {
    let value = value.trim();
    id.eq_ignore_ascii_case(value)
        || eq_ignore_case(name, value)
        || aliases.iter().any(|alias| eq_ignore_case(alias, value))
}

fn eq_ignore_case(a: &str, b: &str) -> bool {
    a.eq_ignore_ascii_case(b) || a.to_lowercase() == b.to_lowercase()
}

/// A [`Filter`] resolved against one timeline.
///
/// Fields are visible to the crate so that [`crate::index`] can evaluate the same filter over
/// its flat arrays.
pub struct CompiledFilter<'t> {
    pub(crate) filter: Filter,
    pub(crate) people_by_id: HashMap<&'t str, &'t Person>,
    pub(crate) cartels_by_id: HashMap<&'t str, &'t Cartel>,
    pub(crate) wanted_people: HashSet<&'t str>,
    pub(crate) wanted_cartels: HashSet<&'t str>,
    pub(crate) members_of_wanted_cartels: HashSet<&'t str>,
    pub(crate) search: Needle,
    pub(crate) unmatched: Vec<String>,
}

impl<'t> CompiledFilter<'t> {
    /// Filter values that name no person or cartel of the timeline, as messages for users.
    pub fn unmatched_values(&self) -> &[String] {
        &self.unmatched
    }

    /// Whether `event` passes, judged on its own: the definition the index's fast evaluation
    /// ([`crate::index::TimelineIndex::apply_filter`]) is tested against. Showing events goes
    /// through the scene.
    pub fn matches(&self, event: &Event) -> bool {
        let filter = &self.filter;
        if !filter.kinds.is_empty() && !filter.kinds.iter().any(|k| k.matches(event.kind)) {
            return false;
        }
        if filter.disputed_only && event.disputed.is_empty() {
            return false;
        }
        if !filter.people.is_empty()
            && !event
                .people()
                .iter()
                .any(|p| self.wanted_people.contains(p.as_str()))
        {
            return false;
        }
        if !filter.cartels.is_empty()
            && !event
                .cartels()
                .iter()
                .any(|c| self.wanted_cartels.contains(c.as_str()))
            && !event
                .people()
                .iter()
                .any(|p| self.members_of_wanted_cartels.contains(p.as_str()))
        {
            return false;
        }
        let (first_day, last_day) = event.day_range();
        if let Some(from) = filter.from
            && last_day < from.first_day()
        {
            return false;
        }
        if let Some(to) = filter.to
            && first_day > to.last_day()
        {
            return false;
        }
        self.search.is_empty() || self.text_matches(event)
    }

    fn text_matches(&self, event: &Event) -> bool {
        let contains = |haystack: &str| self.search.is_in(haystack);
        contains(&event.title)
            || event.summary.as_deref().is_some_and(contains)
            || event.place.as_deref().is_some_and(contains)
            || event.tags().iter().any(|t| contains(t))
            || event.quotes.iter().any(|q| contains(&q.text))
            || event.people().iter().any(|id| {
                self.people_by_id
                    .get(id.as_str())
                    .is_some_and(|p| contains(&p.name) || p.aliases.iter().any(|a| contains(a)))
            })
            || event.cartels().iter().any(|id| {
                self.cartels_by_id
                    .get(id.as_str())
                    .is_some_and(|c| contains(&c.name) || c.aliases.iter().any(|a| contains(a)))
            })
    }
}

/// `needle` must already be lowercase. Same as `haystack.to_lowercase().contains(needle)`.
#[cfg(test)]
fn contains_ignore_case(haystack: &str, needle: &str) -> bool {
    Needle::new(needle).is_in(haystack)
}

/// A lowercase search text, prepared once per filter to be looked for in many texts.
///
/// [`Needle::is_in`] is exactly `haystack.to_lowercase().contains(needle)`, without allocating
/// in the common cases. Lowercasing maps ASCII to ASCII and every other character to non-ASCII
/// characters — except `İ` (U+0130) and the Kelvin sign (U+212A), see the test below — so
/// ASCII parts of the needle can be looked for as bytes, ignoring ASCII case.
#[derive(Clone, Debug, Default)]
pub(crate) struct Needle {
    text: String,
    /// The longest ASCII run of the text: a text containing the needle contains it.
    ascii_run: String,
    /// Where in `ascii_run` its least common byte is, to scan for that byte first.
    anchor: usize,
}

impl Needle {
    pub(crate) fn new(lowercase: &str) -> Needle {
        let ascii_run = lowercase
            .split(|c: char| !c.is_ascii())
            .max_by_key(|run| run.len())
            .unwrap_or_default()
            .to_string();
        let anchor = ascii_run
            .bytes()
            .enumerate()
            .min_by_key(|&(_, byte)| commonness(byte))
            .map_or(0, |(at, _)| at);
        Needle {
            text: lowercase.to_string(),
            ascii_run,
            anchor,
        }
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.text.is_empty()
    }

    /// The runs of ASCII characters in the needle: a text that contains the needle contains
    /// each of them, ignoring ASCII case (unless it holds `İ` or the Kelvin sign).
    pub(crate) fn ascii_runs(&self) -> impl Iterator<Item = &str> {
        self.text.split(|c: char| !c.is_ascii())
    }

    pub(crate) fn is_in(&self, haystack: &str) -> bool {
        let ascii_haystack = haystack.is_ascii();
        let special = !ascii_haystack && may_lowercase_to_ascii(haystack);
        if !special
            && !contains_ascii_ignore_case(
                haystack.as_bytes(),
                self.ascii_run.as_bytes(),
                self.anchor,
            )
        {
            return false;
        }
        if self.ascii_run.len() == self.text.len() && !special {
            // The needle is all ASCII, and was found.
            return true;
        }
        if ascii_haystack {
            // Lowercase ASCII holds no other character than ASCII.
            return false;
        }
        haystack.to_lowercase().contains(&self.text)
    }
}

/// How common a byte is in text, to pick the rarest byte of a needle to scan for.
fn commonness(byte: u8) -> u8 {
    const BY_FREQUENCY: &[u8] = b" etaoinshrdlcumwfgypbvkjxqz";
    BY_FREQUENCY
        .iter()
        .position(|&b| b == byte.to_ascii_lowercase())
        .map_or(0, |rank| (BY_FREQUENCY.len() - rank) as u8)
}

/// True when `text` holds `İ` (C4 B0) or the Kelvin sign (E2 84 AA).
pub(crate) fn may_lowercase_to_ascii(text: &str) -> bool {
    let bytes = text.as_bytes();
    let mut from = 0;
    while let Some(offset) = bytes
        .get(from..)
        .and_then(|rest| memchr::memchr2(0xC4, 0xE2, rest))
    {
        let rest = bytes.get(from + offset..).unwrap_or_default();
        if rest.starts_with(&[0xC4, 0xB0]) || rest.starts_with(&[0xE2, 0x84, 0xAA]) {
            return true;
        }
        from += offset + 1;
    }
    false
}

/// `needle` is lowercase ASCII; `anchor` is an index into it. Bytes of multi-byte characters
/// never equal ASCII bytes, so a byte search is exact.
fn contains_ascii_ignore_case(haystack: &[u8], needle: &[u8], anchor: usize) -> bool {
    let Some(&anchor_byte) = needle.get(anchor) else {
        return true;
    };
    let Some(last_start) = haystack.len().checked_sub(needle.len()) else {
        return false;
    };
    let (lower, upper) = (anchor_byte, anchor_byte.to_ascii_uppercase());
    // Anchor positions that leave room for the whole needle around them.
    let mut from = anchor;
    let end = last_start + anchor;
    while let Some(window) = haystack.get(from..=end) {
        let Some(offset) = memchr::memchr2(lower, upper, window) else {
            return false;
        };
        let start = from + offset - anchor;
        if haystack
            .get(start..start + needle.len())
            .is_some_and(|candidate| candidate.eq_ignore_ascii_case(needle))
        {
            return true;
        }
        from += offset + 1;
    }
    false
}

/// Indices of the matching events, in [date order](crate::scene#date-order), matched one event
/// at a time by [`CompiledFilter::matches`].
///
/// The test oracle of the filter: the product filters through [`crate::scene::Scene`] (the
/// index's flat arrays), and tests check that both find the same events.
pub fn matching_events(timeline: &Timeline, filter: &Filter) -> Vec<usize> {
    let compiled = filter.compile(timeline);
    let mut indices: Vec<usize> = timeline
        .events
        .iter()
        .enumerate()
        .filter(|(_, event)| compiled.matches(event))
        .map(|(index, _)| index)
        .collect();
    sort_in_date_order(timeline, &mut indices);
    indices
}

/// Sorts event indices in [date order](crate::scene#date-order): first day of the period, then
/// its last day, then file order. [`crate::index::TimelineIndex::order`] is every event in this
/// order, sorted once per load; this sorts a few.
pub fn sort_in_date_order(timeline: &Timeline, indices: &mut [usize]) {
    indices.sort_unstable_by_key(|&index| date_order_key(timeline, index));
}

/// [`sort_in_date_order`] for compact `u32` indices.
pub fn sort_in_date_order_u32(timeline: &Timeline, indices: &mut [u32]) {
    indices.sort_unstable_by_key(|&index| date_order_key(timeline, index as usize));
}

/// What events are sorted by in date order; indices out of range go last.
pub fn date_order_key(timeline: &Timeline, index: usize) -> (i64, i64, usize) {
    let (first_day, last_day) = timeline
        .events
        .get(index)
        .map_or((i64::MAX, i64::MAX), Event::day_range);
    (first_day, last_day, index)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::load_str;

    const TIMELINE: &str = r#"Timeline(
  title: "T",
  cartels: [
    Cartel(id: "sinaloa", name: "Sinaloa Cartel", aliases: ["CDS"]),
    Cartel(id: "cjng", name: "Jalisco New Generation Cartel", aliases: ["CJNG"]),
  ],
  people: [
    Person(id: "guzman", name: "Joaquín Guzmán", aliases: ["El Chapo"], cartels: ["sinaloa"]),
    Person(id: "oseguera", name: "Nemesio Oseguera", aliases: ["El Mencho"], cartels: ["cjng"]),
  ],
  sources: [Source(id: "s", title: "S")],
  events: [
    Event(id: "chapo-arrest", kind: Arrest, date: "2016-01-08", title: "Guzmán recaptured", people: ["guzman"], sources: ["s"]),
    Event(id: "chapo-extradited", kind: Extradition, date: "2017-01", title: "Sent north", people: ["guzman"], sources: ["s"], place: "Ciudad Juárez"),
    Event(id: "fto", kind: Policy(FtoDesignation), date: "2025-02-20", title: "Cartels designated", cartels: ["sinaloa", "cjng"], sources: ["s"]),
    Event(id: "tariff", kind: Policy(TariffDeadline), date: "2025-03-04", title: "Tariff deadline", sources: ["s"], tags: ["trade"]),
    Event(id: "raid", kind: Violence, date: "2013", end: "2015", title: "Years of raids", cartels: ["cjng"], sources: ["s"]),
    Event(id: "a-1985", kind: Violence, date: "1985", title: "Year event", sources: ["s"]),
    Event(id: "b-1985", kind: Court, date: "1985-01-01", title: "Day event", sources: ["s"]),
  ],
)"#;

    fn ids(filter: Filter) -> Vec<String> {
        let timeline = load_str(TIMELINE).timeline.expect("test timeline loads");
        matching_events(&timeline, &filter)
            .into_iter()
            .map(|i| timeline.events[i].id.to_string())
            .collect()
    }

    fn date(text: &str) -> Option<Date> {
        Some(Date::parse(text).unwrap())
    }

    #[test]
    fn no_filter_lists_all_in_date_order() {
        // Both 1985 events start on 1 January; the day ends before the year, so it comes first
        // whatever the ids (the ids would put the year first).
        assert_eq!(
            ids(Filter::default()),
            [
                "b-1985",
                "a-1985",
                "raid",
                "chapo-arrest",
                "chapo-extradited",
                "fto",
                "tariff"
            ]
        );
    }

    #[test]
    fn kinds_or_within_and_policy_matches_subkinds() {
        let policy = KindSelector::parse("policy").unwrap();
        assert_eq!(
            ids(Filter {
                kinds: vec![policy],
                ..Filter::default()
            }),
            ["fto", "tariff"]
        );
        let deadline = KindSelector::parse("policy:tariff-deadline").unwrap();
        let arrest = KindSelector::parse("arrest").unwrap();
        assert_eq!(
            ids(Filter {
                kinds: vec![deadline, arrest],
                ..Filter::default()
            }),
            ["chapo-arrest", "tariff"]
        );
    }

    #[test]
    fn people_match_id_name_or_alias_case_insensitively() {
        for value in ["guzman", "JOAQUÍN GUZMÁN", "el chapo"] {
            assert_eq!(
                ids(Filter {
                    people: vec![value.into()],
                    ..Filter::default()
                }),
                ["chapo-arrest", "chapo-extradited"],
                "{value}"
            );
        }
    }

    #[test]
    fn cartel_matches_directly_or_through_members() {
        assert_eq!(
            ids(Filter {
                cartels: vec!["cds".into()],
                ..Filter::default()
            }),
            ["chapo-arrest", "chapo-extradited", "fto"]
        );
        assert_eq!(
            ids(Filter {
                cartels: vec!["CJNG".into(), "sinaloa".into()],
                ..Filter::default()
            }),
            ["raid", "chapo-arrest", "chapo-extradited", "fto"]
        );
    }

    #[test]
    fn different_criteria_are_and() {
        assert_eq!(
            ids(Filter {
                cartels: vec!["sinaloa".into()],
                kinds: vec![KindSelector::parse("arrest").unwrap()],
                ..Filter::default()
            }),
            ["chapo-arrest"]
        );
    }

    #[test]
    fn date_range_overlaps_periods_at_their_precision() {
        // `--to 2013` includes all of 2013, so the 2013–2015 span overlaps.
        assert_eq!(
            ids(Filter {
                from: date("2013-12-31"),
                to: date("2013"),
                ..Filter::default()
            }),
            ["raid"]
        );
        // A month-precision event overlaps a day inside its month.
        assert_eq!(
            ids(Filter {
                from: date("2017-01-20"),
                to: date("2017-01-20"),
                ..Filter::default()
            }),
            ["chapo-extradited"]
        );
        assert_eq!(
            ids(Filter {
                from: date("2016"),
                ..Filter::default()
            }),
            ["chapo-arrest", "chapo-extradited", "fto", "tariff"]
        );
    }

    #[test]
    fn search_covers_text_fields_and_names() {
        let search = |text: &str| {
            ids(Filter {
                search: text.into(),
                ..Filter::default()
            })
        };
        assert_eq!(search("RECAPTURED"), ["chapo-arrest"]);
        assert_eq!(search("juárez"), ["chapo-extradited"]);
        assert_eq!(search("trade"), ["tariff"]);
        assert_eq!(search("mencho"), Vec::<String>::new());
        assert_eq!(search("jalisco"), ["raid", "fto"]);
        assert_eq!(search("chapo"), ["chapo-arrest", "chapo-extradited"]);
    }

    #[test]
    fn only_two_characters_outside_ascii_lowercase_to_ascii() {
        // The fast path of `contains_ignore_case` relies on this; a Unicode update would show here.
        let found: Vec<char> = (0..=0x10_FFFF_u32)
            .filter_map(char::from_u32)
            .filter(|c| !c.is_ascii() && c.to_lowercase().any(|l| l.is_ascii()))
            .collect();
        assert_eq!(found, ['\u{130}', '\u{212A}']);
    }

    #[test]
    fn text_search_agrees_with_lowercasing_the_text() {
        let haystacks = [
            "Culiacán, Sinaloa",
            "CULIACÁN",
            "İstanbul",
            "5 \u{212A} units",
            "ΣΑΣ and σας",
            "Straße",
            "",
            "ab",
            "Ciudad JUÁREZ",
            "ciudad juarez",
        ];
        let needles = [
            "culiac", "cán", "án", "i", "k", "σας", "ss", "straße", "abc", "b", " ",
        ];
        for haystack in haystacks {
            for needle in needles {
                assert_eq!(
                    contains_ignore_case(haystack, needle),
                    haystack.to_lowercase().contains(needle),
                    "{haystack:?} {needle:?}"
                );
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn text_search_agrees_on_any_text(
            haystack in "([a-zA-Z áÁéσΣİ\u{212A}]|\\PC){0,24}",
            needle in "[a-zA-Zá éσİ\u{212A}]{1,4}",
        ) {
            let needle = needle.to_lowercase();
            proptest::prop_assert_eq!(
                contains_ignore_case(&haystack, &needle),
                haystack.to_lowercase().contains(&needle)
            );
        }
    }

    #[test]
    fn reports_values_that_match_nothing() {
        let timeline = load_str(TIMELINE).timeline.unwrap();
        let filter = Filter {
            people: vec!["zambada".into()],
            ..Filter::default()
        };
        assert_eq!(
            filter.compile(&timeline).unmatched_values(),
            ["no person matches `zambada`"]
        );
    }
}
