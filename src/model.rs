//! The data of a timeline file, format version 1.
//!
//! These types are what the loader produces and what the writers (RON, CSV, JSON, SVG) consume.
//! They implement `Serialize` so that a [`Timeline`] can be written back as RON with the `ron` crate;
//! reading goes through [`crate::load`], which reports every problem with its line and column.

use std::sync::Arc;

use serde::Serialize;

use crate::date::{Date, DateRange};

/// The only format version this build understands.
pub const FORMAT_VERSION: u32 = 1;

#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Timeline {
    pub format: u32,
    pub title: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub eras: Vec<Era>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub cartels: Vec<Cartel>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub people: Vec<Person>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<Source>,
    pub events: Vec<Event>,
    /// Guided paths through the events, for presenting (optional; after the events in files).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub stories: Vec<Story>,
}

impl Timeline {
    /// Position of each person by id, for resolving references (a million events resolve
    /// millions: hashbrown's default hasher is several times faster than std's SipHash here).
    pub fn person_index(&self) -> hashbrown::HashMap<&str, usize> {
        self.people
            .iter()
            .enumerate()
            .map(|(i, p)| (p.id.as_str(), i))
            .collect()
    }

    /// Position of each cartel by id, for resolving references.
    pub fn cartel_index(&self) -> hashbrown::HashMap<&str, usize> {
        self.cartels
            .iter()
            .enumerate()
            .map(|(i, c)| (c.id.as_str(), i))
            .collect()
    }
}

/// A short string that many events repeat — the ids they reference, their tags — stored once
/// and shared: a million events name a few thousand people and sources, and a `String` per
/// reference would cost an allocation each (about 200 bytes per event). Reads as a `&str`.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Interned(Arc<str>);

impl Interned {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::ops::Deref for Interned {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl AsRef<str> for Interned {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl std::borrow::Borrow<str> for Interned {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Interned {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(&*self.0, f)
    }
}

impl std::fmt::Display for Interned {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<&str> for Interned {
    fn from(text: &str) -> Self {
        Interned(Arc::from(text))
    }
}

impl From<String> for Interned {
    fn from(text: String) -> Self {
        Interned(Arc::from(text))
    }
}

impl From<&String> for Interned {
    fn from(text: &String) -> Self {
        Interned(Arc::from(text.as_str()))
    }
}

impl PartialEq<str> for Interned {
    fn eq(&self, other: &str) -> bool {
        &*self.0 == other
    }
}

impl PartialEq<&str> for Interned {
    fn eq(&self, other: &&str) -> bool {
        &*self.0 == *other
    }
}

impl PartialEq<String> for Interned {
    fn eq(&self, other: &String) -> bool {
        &*self.0 == other.as_str()
    }
}

impl PartialEq<Interned> for String {
    fn eq(&self, other: &Interned) -> bool {
        self.as_str() == &*other.0
    }
}

impl PartialEq<Interned> for &str {
    fn eq(&self, other: &Interned) -> bool {
        *self == &*other.0
    }
}

impl Serialize for Interned {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

/// Hands out one [`Interned`] per distinct string, so equal references share their text.
#[derive(Debug, Default)]
pub struct Interner {
    strings: hashbrown::HashSet<Interned>,
}

impl Interner {
    pub fn intern(&mut self, text: &str) -> Interned {
        if let Some(existing) = self.strings.get(text) {
            return existing.clone();
        }
        let interned = Interned::from(text);
        self.strings.insert(interned.clone());
        interned
    }
}

/// A shaded background band, e.g. a presidency.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Era {
    pub title: String,
    pub start: Date,
    pub end: Date,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Cartel {
    pub id: String,
    pub name: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
    /// `#rgb` or `#rrggbb`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub color: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Person {
    pub id: String,
    pub name: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
    /// Ids of the cartels the person belongs to.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub cartels: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Source {
    pub id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub outlet: Option<String>,
    pub title: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub published: Option<Date>,
    /// A saved copy of the article (`.txt`, `.md`, `.html`, `.htm`), relative to the timeline
    /// file's folder: what `check` finds the event's quotes in (see [`crate::quotes_check`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub archive: Option<String>,
}

/// Text fields are `Box<str>` and the lists one boxed slice ([`References`]): they never grow
/// once loaded, and a million events save a capacity word per field and an allocation per list.
/// Serialized as format v1 writes it (each list its own field, empty ones left out).
#[derive(Clone, Debug, PartialEq)]
pub struct Event {
    pub id: Box<str>,
    pub kind: Kind,
    pub date: Date,
    /// Makes the event a span from `date` to `end`.
    pub end: Option<Date>,
    pub title: Box<str>,
    pub summary: Option<Box<str>>,
    pub place: Option<Box<str>>,
    /// People, cartels, sources and tags: read them with [`Event::people`] and the like.
    pub references: References,
    /// Words from the event's sources that support it, as the editor reads them in the article.
    pub quotes: Box<[Quote]>,
    pub disputed: Box<[Dispute]>,
}

/// Words from one of an event's sources that support the event (`Quote(source: "ID", text: "…")`).
/// `source` is one of the event's `sources`; `text` is looked for in that source's archive.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Quote {
    pub source: String,
    pub text: String,
}

/// The people, cartels and sources an event names, and its tags, in one allocation: most
/// events name one or two of each, and four separate lists cost four allocations and four
/// pointers per event.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct References {
    /// People, then cartels, then sources, then tags.
    items: Box<[Interned]>,
    people_end: u32,
    cartels_end: u32,
    sources_end: u32,
}

impl References {
    pub fn new<P, C, S, T>(people: P, cartels: C, sources: S, tags: T) -> References
    where
        P: IntoIterator<Item: Into<Interned>>,
        C: IntoIterator<Item: Into<Interned>>,
        S: IntoIterator<Item: Into<Interned>>,
        T: IntoIterator<Item: Into<Interned>>,
    {
        let mut items: Vec<Interned> = people.into_iter().map(Into::into).collect();
        // A list longer than u32::MAX items cannot come from a file under the size limit.
        let end = |items: &Vec<Interned>| u32::try_from(items.len()).unwrap_or(u32::MAX);
        let people_end = end(&items);
        items.extend(cartels.into_iter().map(Into::into));
        let cartels_end = end(&items);
        items.extend(sources.into_iter().map(Into::into));
        let sources_end = end(&items);
        items.extend(tags.into_iter().map(Into::into));
        References {
            items: items.into_boxed_slice(),
            people_end,
            cartels_end,
            sources_end,
        }
    }

    fn part(&self, from: u32, to: u32) -> &[Interned] {
        self.items
            .get(from as usize..to as usize)
            .unwrap_or_default()
    }

    pub fn people(&self) -> &[Interned] {
        self.part(0, self.people_end)
    }

    pub fn cartels(&self) -> &[Interned] {
        self.part(self.people_end, self.cartels_end)
    }

    pub fn sources(&self) -> &[Interned] {
        self.part(self.cartels_end, self.sources_end)
    }

    pub fn tags(&self) -> &[Interned] {
        self.items
            .get(self.sources_end as usize..)
            .unwrap_or_default()
    }
}

impl std::fmt::Debug for References {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("References")
            .field("people", &self.people())
            .field("cartels", &self.cartels())
            .field("sources", &self.sources())
            .field("tags", &self.tags())
            .finish()
    }
}

impl Serialize for Event {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct as _;
        let mut out = serializer.serialize_struct("Event", 13)?;
        out.serialize_field("id", &self.id)?;
        out.serialize_field("kind", &self.kind)?;
        out.serialize_field("date", &self.date)?;
        match &self.end {
            Some(end) => out.serialize_field("end", end)?,
            None => out.skip_field("end")?,
        }
        out.serialize_field("title", &self.title)?;
        for (name, value) in [("summary", &self.summary), ("place", &self.place)] {
            match value {
                Some(value) => out.serialize_field(name, value)?,
                None => out.skip_field(name)?,
            }
        }
        let lists = [
            ("people", self.people()),
            ("cartels", self.cartels()),
            ("sources", self.sources()),
        ];
        for (name, list) in lists {
            if list.is_empty() {
                out.skip_field(name)?;
            } else {
                out.serialize_field(name, list)?;
            }
        }
        // Quotes follow the sources they come from, as `write_ron` writes them.
        if self.quotes.is_empty() {
            out.skip_field("quotes")?;
        } else {
            out.serialize_field("quotes", &self.quotes)?;
        }
        if self.tags().is_empty() {
            out.skip_field("tags")?;
        } else {
            out.serialize_field("tags", self.tags())?;
        }
        if self.disputed.is_empty() {
            out.skip_field("disputed")?;
        } else {
            out.serialize_field("disputed", &self.disputed)?;
        }
        out.end()
    }
}

impl Event {
    pub fn people(&self) -> &[Interned] {
        self.references.people()
    }

    pub fn cartels(&self) -> &[Interned] {
        self.references.cartels()
    }

    pub fn sources(&self) -> &[Interned] {
        self.references.sources()
    }

    pub fn tags(&self) -> &[Interned] {
        self.references.tags()
    }

    /// The last date of the event's period: its `end`, or its date.
    pub fn last_date(&self) -> Date {
        self.end.unwrap_or(self.date)
    }

    /// First and last day (inclusive) of the whole period, each date at its precision.
    pub fn day_range(&self) -> (i64, i64) {
        let first = self.date.first_day();
        (first, self.last_date().last_day().max(first))
    }
}

/// A source that disagrees with the event: about its date (`date`, another date it gives), or
/// about something else it says (a count, a role, a charge), which `note` describes. A dispute has
/// a date or a note or both (the loader rejects one with neither).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Dispute {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<Date>,
    pub source: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// The source's own words for what it says differently.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub quote: Option<String>,
}

impl Dispute {
    /// How a reader is told of the dispute: `SOURCE says: note (date)`, `SOURCE says: note`
    /// without a date, `SOURCE says: date` without a note. `source_name` is the source's outlet
    /// or title, as the caller shows sources.
    pub fn describe(&self, source_name: &str) -> String {
        match (&self.note, self.date) {
            (Some(note), Some(date)) => {
                format!("{source_name} says: {note} ({})", date.to_human())
            }
            (Some(note), None) => format!("{source_name} says: {note}"),
            (None, Some(date)) => format!("{source_name} says: {}", date.to_human()),
            // The loader refuses a dispute with neither; one built in code still reads sensibly.
            (None, None) => format!("{source_name} disagrees"),
        }
    }
}

/// A story: steps through the timeline in the teller's order and words, for presenting
/// (`Story(id: "…", title: "…", steps: […])`).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Story {
    pub id: String,
    pub title: String,
    pub steps: Vec<Step>,
}

/// One step of a [`Story`]: an event of the file with an optional note shown above its summary
/// (`Step(event: "ID", note: "…")`), or a titled note over a stretch of time
/// (`Step(title: "…", note: "…", window: "2013..2025")`).
#[derive(Clone, Debug, PartialEq)]
pub enum Step {
    Event {
        /// The id of one of the timeline's events.
        event: String,
        note: Option<String>,
    },
    Note {
        title: String,
        note: Option<String>,
        /// The time shown with the note; without one the view stays where it is.
        window: Option<DateRange>,
    },
}

impl Serialize for Step {
    /// As files write it: one `Step(…)` record with the fields of its variant, absent ones left
    /// out (a derived enum would write `Event(…)` and `Note(…)`, which files do not).
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct as _;
        let mut out = serializer.serialize_struct("Step", 4)?;
        let (event, title, note, window) = match self {
            Step::Event { event, note } => (Some(event), None, note, &None),
            Step::Note {
                title,
                note,
                window,
            } => (None, Some(title), note, window),
        };
        match event {
            Some(event) => out.serialize_field("event", event)?,
            None => out.skip_field("event")?,
        }
        match title {
            Some(title) => out.serialize_field("title", title)?,
            None => out.skip_field("title")?,
        }
        match note {
            Some(note) => out.serialize_field("note", note)?,
            None => out.skip_field("note")?,
        }
        match window {
            Some(window) => out.serialize_field("window", window)?,
            None => out.skip_field("window")?,
        }
        out.end()
    }
}

impl Step {
    /// The teller's words for the step, if any.
    pub fn note(&self) -> Option<&str> {
        match self {
            Step::Event { note, .. } | Step::Note { note, .. } => note.as_deref(),
        }
    }
}

/// What happened. Policy events share one lane and differ by [`PolicyKind`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub enum Kind {
    Arrest,
    Release,
    Escape,
    Extradition,
    Court,
    Violence,
    Policy(PolicyKind),
    Other,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub enum PolicyKind {
    FtoDesignation,
    TariffDeadline,
    Tariff,
    Law,
    Agreement,
    Statement,
    Other,
}

/// A kind without its policy subkind: the unit of lanes and of the kind filter's checkboxes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum KindLane {
    Arrest,
    Release,
    Escape,
    Extradition,
    Court,
    Violence,
    Policy,
    Other,
}

impl KindLane {
    /// In lane order.
    pub const ALL: [KindLane; 8] = [
        KindLane::Arrest,
        KindLane::Release,
        KindLane::Escape,
        KindLane::Extradition,
        KindLane::Court,
        KindLane::Violence,
        KindLane::Policy,
        KindLane::Other,
    ];

    /// The lane label: "Arrests", "Court", "Policy"…
    pub fn label(self) -> &'static str {
        match self {
            KindLane::Arrest => "Arrests",
            KindLane::Release => "Releases",
            KindLane::Escape => "Escapes",
            KindLane::Extradition => "Extraditions",
            KindLane::Court => "Court",
            KindLane::Violence => "Violence",
            KindLane::Policy => "Policy",
            KindLane::Other => "Other",
        }
    }

    /// The command-line name: `arrest`, `policy`…
    pub fn cli_name(self) -> &'static str {
        match self {
            KindLane::Arrest => "arrest",
            KindLane::Release => "release",
            KindLane::Escape => "escape",
            KindLane::Extradition => "extradition",
            KindLane::Court => "court",
            KindLane::Violence => "violence",
            KindLane::Policy => "policy",
            KindLane::Other => "other",
        }
    }

    /// Default lane colour as `0xRRGGBB`, chosen to be told apart on light and dark backgrounds.
    pub fn color_rgb(self) -> u32 {
        match self {
            KindLane::Arrest => 0x2f6fdf,
            KindLane::Release => 0x2a9d4f,
            KindLane::Escape => 0xe07b00,
            KindLane::Extradition => 0x8e44ad,
            KindLane::Court => 0x16a3b8,
            KindLane::Violence => 0xd62828,
            KindLane::Policy => 0xb8860b,
            KindLane::Other => 0x7f8c8d,
        }
    }
}

impl PolicyKind {
    pub const ALL: [PolicyKind; 7] = [
        PolicyKind::FtoDesignation,
        PolicyKind::TariffDeadline,
        PolicyKind::Tariff,
        PolicyKind::Law,
        PolicyKind::Agreement,
        PolicyKind::Statement,
        PolicyKind::Other,
    ];

    /// For legends: "FTO designation", "tariff deadline"…
    pub fn label(self) -> &'static str {
        match self {
            PolicyKind::FtoDesignation => "FTO designation",
            PolicyKind::TariffDeadline => "tariff deadline",
            PolicyKind::Tariff => "tariff",
            PolicyKind::Law => "law",
            PolicyKind::Agreement => "agreement",
            PolicyKind::Statement => "statement",
            PolicyKind::Other => "other policy",
        }
    }

    fn cli_suffix(self) -> &'static str {
        match self {
            PolicyKind::FtoDesignation => "fto-designation",
            PolicyKind::TariffDeadline => "tariff-deadline",
            PolicyKind::Tariff => "tariff",
            PolicyKind::Law => "law",
            PolicyKind::Agreement => "agreement",
            PolicyKind::Statement => "statement",
            PolicyKind::Other => "other",
        }
    }

    /// The RON variant name, as written in files.
    pub fn variant_name(self) -> &'static str {
        match self {
            PolicyKind::FtoDesignation => "FtoDesignation",
            PolicyKind::TariffDeadline => "TariffDeadline",
            PolicyKind::Tariff => "Tariff",
            PolicyKind::Law => "Law",
            PolicyKind::Agreement => "Agreement",
            PolicyKind::Statement => "Statement",
            PolicyKind::Other => "Other",
        }
    }
}

impl Kind {
    /// Every kind, policy subkinds included, in lane order.
    pub const ALL: [Kind; 14] = [
        Kind::Arrest,
        Kind::Release,
        Kind::Escape,
        Kind::Extradition,
        Kind::Court,
        Kind::Violence,
        Kind::Policy(PolicyKind::FtoDesignation),
        Kind::Policy(PolicyKind::TariffDeadline),
        Kind::Policy(PolicyKind::Tariff),
        Kind::Policy(PolicyKind::Law),
        Kind::Policy(PolicyKind::Agreement),
        Kind::Policy(PolicyKind::Statement),
        Kind::Policy(PolicyKind::Other),
        Kind::Other,
    ];

    pub fn lane(self) -> KindLane {
        match self {
            Kind::Arrest => KindLane::Arrest,
            Kind::Release => KindLane::Release,
            Kind::Escape => KindLane::Escape,
            Kind::Extradition => KindLane::Extradition,
            Kind::Court => KindLane::Court,
            Kind::Violence => KindLane::Violence,
            Kind::Policy(_) => KindLane::Policy,
            Kind::Other => KindLane::Other,
        }
    }

    pub fn policy(self) -> Option<PolicyKind> {
        match self {
            Kind::Policy(policy) => Some(policy),
            _ => None,
        }
    }

    /// `arrest`, `policy:tariff-deadline`: the form used by the CLI and CSV.
    pub fn cli_name(self) -> String {
        match self {
            Kind::Policy(policy) => format!("policy:{}", policy.cli_suffix()),
            other => other.lane().cli_name().to_string(),
        }
    }

    /// For people: "Arrest", "Policy: tariff deadline".
    pub fn label(self) -> String {
        match self {
            Kind::Policy(policy) => format!("Policy: {}", policy.label()),
            Kind::Arrest => "Arrest".into(),
            Kind::Release => "Release".into(),
            Kind::Escape => "Escape".into(),
            Kind::Extradition => "Extradition".into(),
            Kind::Court => "Court".into(),
            Kind::Violence => "Violence".into(),
            Kind::Other => "Other".into(),
        }
    }

    /// The unit variant's name in files (`Arrest`); `None` for policy kinds.
    pub fn unit_variant_name(self) -> Option<&'static str> {
        match self {
            Kind::Arrest => Some("Arrest"),
            Kind::Release => Some("Release"),
            Kind::Escape => Some("Escape"),
            Kind::Extradition => Some("Extradition"),
            Kind::Court => Some("Court"),
            Kind::Violence => Some("Violence"),
            Kind::Other => Some("Other"),
            Kind::Policy(_) => None,
        }
    }
}

/// What `--kind` accepts: one kind exactly, or every policy subkind at once.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum KindSelector {
    Exact(Kind),
    AnyPolicy,
}

impl KindSelector {
    pub fn matches(self, kind: Kind) -> bool {
        match self {
            KindSelector::Exact(wanted) => wanted == kind,
            KindSelector::AnyPolicy => matches!(kind, Kind::Policy(_)),
        }
    }

    /// Parses `arrest`, `policy`, `policy:fto-designation` (case-insensitive).
    pub fn parse(text: &str) -> Result<KindSelector, String> {
        let wanted = text.trim().to_ascii_lowercase();
        if wanted == "policy" {
            return Ok(KindSelector::AnyPolicy);
        }
        Kind::ALL
            .into_iter()
            .find(|kind| kind.cli_name() == wanted)
            .map(KindSelector::Exact)
            .ok_or_else(|| {
                let names: Vec<String> = Kind::ALL.iter().map(|k| k.cli_name()).collect();
                format!(
                    "unknown kind `{text}`; expected one of: policy, {}",
                    names.join(", ")
                )
            })
    }
}

impl std::str::FromStr for KindSelector {
    type Err = String;
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        KindSelector::parse(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cli_names_round_trip_for_every_kind() {
        for kind in Kind::ALL {
            assert_eq!(
                KindSelector::parse(&kind.cli_name()),
                Ok(KindSelector::Exact(kind))
            );
        }
        assert_eq!(
            Kind::Policy(PolicyKind::TariffDeadline).cli_name(),
            "policy:tariff-deadline"
        );
        assert_eq!(KindSelector::parse("Policy"), Ok(KindSelector::AnyPolicy));
        assert!(KindSelector::parse("arrests").is_err());
    }

    #[test]
    fn policy_selector_matches_every_subkind_only() {
        for policy in PolicyKind::ALL {
            assert!(KindSelector::AnyPolicy.matches(Kind::Policy(policy)));
        }
        assert!(!KindSelector::AnyPolicy.matches(Kind::Other));
    }
}

#[cfg(test)]
mod interning_tests {
    use crate::load::load_str;

    #[test]
    fn events_naming_the_same_person_share_one_copy_of_the_id() {
        let text = r#"Timeline(title: "T",
            people: [Person(id: "chapo", name: "El Chapo")],
            sources: [Source(id: "s", title: "S")],
            events: [
                Event(id: "a", kind: Arrest, date: "2016-01-08", title: "A", people: ["chapo"], sources: ["s"], tags: ["dea"]),
                Event(id: "b", kind: Extradition, date: "2017-01-19", title: "B", people: ["chapo"], sources: ["s"], tags: ["dea"]),
            ])"#;
        let timeline = load_str(text).timeline.expect("loads");
        let [first, second] = &timeline.events[..] else {
            panic!("two events");
        };
        assert_eq!(first.people(), ["chapo"]);
        assert!(std::ptr::eq(
            first.people()[0].as_str(),
            second.people()[0].as_str()
        ));
        assert!(std::ptr::eq(
            first.sources()[0].as_str(),
            second.sources()[0].as_str()
        ));
        assert!(std::ptr::eq(
            first.tags()[0].as_str(),
            second.tags()[0].as_str()
        ));
    }
}
