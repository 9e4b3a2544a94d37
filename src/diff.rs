//! What changed between two versions of a timeline: the comparison behind `chronolanes diff`
//! (and, later, the app's compare mode).
//!
//! Pure: two [`Timeline`]s in, a [`TimelineDiff`] out. Events are matched by id; the timeline's
//! own entries (its title and description, eras, people, cartels, sources) by their ids, eras by
//! title. Only what a reader of the timeline would see counts as a change: the order of events
//! and entries in the file, the file's formatting and the order of the items of a list (people,
//! tags, aliases…) do not. Dates are compared with their precision and circa mark, so `2013` →
//! `2013-07-15` and `2013` → `~2013` are changes; values are reported in the file syntax.

use std::cmp::Ordering;
use std::hash::Hash;

use crate::date::Date;
use crate::filter::Filter;
use crate::model::{Dispute, Event, Kind, Quote, Timeline};

/// What happened to an event or an entry between the old and the new file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Change {
    /// Only in the new file.
    Added,
    /// Only in the old file.
    Removed,
    /// In both, with at least one field changed (or, for an event, its id: see
    /// [`EventChange::renamed_from`]).
    Changed,
}

impl Change {
    /// `added`, `removed`, `changed`: the name in reports.
    pub fn name(self) -> &'static str {
        match self {
            Change::Added => "added",
            Change::Removed => "removed",
            Change::Changed => "changed",
        }
    }
}

/// A field that can change. Events and entries share the names their files use.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Field {
    /// An event's id, when the event was renamed (see [`EventChange::renamed_from`]).
    Id,
    Date,
    /// An event's or an era's end.
    End,
    Kind,
    Title,
    Summary,
    Place,
    People,
    /// An event's cartels, or a person's memberships.
    Cartels,
    Sources,
    /// An event's quotes, each as `source: text`.
    Quotes,
    Tags,
    Disputed,
    /// The timeline's description.
    Description,
    /// An era's start.
    Start,
    Name,
    Aliases,
    Color,
    Outlet,
    Url,
    Published,
    /// A source's archived copy.
    Archive,
}

impl Field {
    /// The field's name in files and reports: `date`, `sources`, `aliases`…
    pub fn name(self) -> &'static str {
        match self {
            Field::Id => "id",
            Field::Date => "date",
            Field::End => "end",
            Field::Kind => "kind",
            Field::Title => "title",
            Field::Summary => "summary",
            Field::Place => "place",
            Field::People => "people",
            Field::Cartels => "cartels",
            Field::Sources => "sources",
            Field::Quotes => "quotes",
            Field::Tags => "tags",
            Field::Disputed => "disputed",
            Field::Description => "description",
            Field::Start => "start",
            Field::Name => "name",
            Field::Aliases => "aliases",
            Field::Color => "color",
            Field::Outlet => "outlet",
            Field::Url => "url",
            Field::Published => "published",
            Field::Archive => "archive",
        }
    }
}

/// A field's value on one side of a change.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Value {
    /// The field is not set (an event without `end`, a source without `url`).
    Absent,
    /// One value; dates in the file syntax (`~2013-07`), kinds as the command line writes them
    /// (`policy:tariff-deadline`).
    Text(String),
    /// A list (people, tags, aliases, disputed dates), in the file's order.
    List(Vec<String>),
}

/// One field whose value differs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldChange {
    pub field: Field,
    pub old: Value,
    pub new: Value,
}

/// One event that differs, keyed by its id.
#[derive(Clone, Debug, PartialEq)]
pub struct EventChange {
    /// The id in the new file; in the old one for a removed event.
    pub id: String,
    pub change: Change,
    /// The fields that differ, in the order files write them; empty for added and removed
    /// events. A renamed event's first field is [`Field::Id`].
    pub fields: Vec<FieldChange>,
    /// Position in the old timeline's events (none for an added event).
    pub old_event: Option<usize>,
    /// Position in the new timeline's events (none for a removed event).
    pub new_event: Option<usize>,
    /// The new date; the old one for a removed event. Reports are sorted by it.
    pub date: Date,
    /// The new title; the old one for a removed event.
    pub title: String,
}

impl EventChange {
    /// The old id when the event was renamed: an event removed and an event added with the same
    /// kind, date and title are one event whose id changed.
    pub fn renamed_from(&self) -> Option<&str> {
        self.fields
            .iter()
            .find(|field| field.field == Field::Id)
            .and_then(|field| match &field.old {
                Value::Text(old_id) => Some(old_id.as_str()),
                _ => None,
            })
    }

    /// The change of one field, if it changed.
    pub fn field(&self, field: Field) -> Option<&FieldChange> {
        self.fields.iter().find(|change| change.field == field)
    }
}

/// The kinds of the timeline's own entries.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum EntityKind {
    /// The timeline's title and description.
    Timeline,
    Era,
    Person,
    Cartel,
    Source,
}

impl EntityKind {
    /// `timeline`, `era`, `person`, `cartel`, `source`: the name in reports.
    pub fn name(self) -> &'static str {
        match self {
            EntityKind::Timeline => "timeline",
            EntityKind::Era => "era",
            EntityKind::Person => "person",
            EntityKind::Cartel => "cartel",
            EntityKind::Source => "source",
        }
    }
}

/// One entry of the timeline that differs: the timeline itself, an era, a person, a cartel or a
/// source.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EntityChange {
    pub kind: EntityKind,
    /// The entry's id; an era's (new) title; empty for the timeline itself, which has none.
    pub id: String,
    pub change: Change,
    /// The fields that differ; empty for added and removed entries.
    pub fields: Vec<FieldChange>,
    /// For people: the name; a person's, cartel's or source's name or title, an era's title
    /// (the new one; the old one when removed).
    pub label: String,
}

/// How many events (or entries) were added, removed and changed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ChangeCounts {
    pub added: usize,
    pub removed: usize,
    pub changed: usize,
}

impl ChangeCounts {
    fn of(changes: impl Iterator<Item = Change>) -> ChangeCounts {
        let mut counts = ChangeCounts::default();
        for change in changes {
            match change {
                Change::Added => counts.added += 1,
                Change::Removed => counts.removed += 1,
                Change::Changed => counts.changed += 1,
            }
        }
        counts
    }

    pub fn total(self) -> usize {
        self.added + self.removed + self.changed
    }
}

/// Everything that differs between two timelines.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct TimelineDiff {
    /// Sorted by date (the new one; the old one for removed events), then id.
    pub events: Vec<EventChange>,
    /// The timeline itself first, then eras by start, then people, cartels and sources by id.
    pub entities: Vec<EntityChange>,
}

impl TimelineDiff {
    /// True when the two timelines are the same to a reader.
    pub fn is_empty(&self) -> bool {
        self.events.is_empty() && self.entities.is_empty()
    }

    pub fn event_counts(&self) -> ChangeCounts {
        ChangeCounts::of(self.events.iter().map(|event| event.change))
    }

    pub fn entity_counts(&self) -> ChangeCounts {
        ChangeCounts::of(self.entities.iter().map(|entity| entity.change))
    }

    /// The change of the event with this id (its new id; the old one if removed).
    pub fn event(&self, id: &str) -> Option<&EventChange> {
        self.events.iter().find(|event| event.id == id)
    }

    /// Keeps the events that `filter` selects: an added event if it matches in the new file, a
    /// removed one if it matches in the old, a changed one if it matches in either (an event
    /// that a change takes out of the selection — a person removed from it — is a change to
    /// that selection). Entries are not events and stay.
    pub fn retain_events_matching(&mut self, old: &Timeline, new: &Timeline, filter: &Filter) {
        if filter.is_empty() {
            return;
        }
        let old_filter = filter.compile(old);
        let new_filter = filter.compile(new);
        let matches_old = |change: &EventChange| {
            change
                .old_event
                .and_then(|index| old.events.get(index))
                .is_some_and(|event| old_filter.matches(event))
        };
        let matches_new = |change: &EventChange| {
            change
                .new_event
                .and_then(|index| new.events.get(index))
                .is_some_and(|event| new_filter.matches(event))
        };
        self.events.retain(|change| match change.change {
            Change::Added => matches_new(change),
            Change::Removed => matches_old(change),
            Change::Changed => matches_new(change) || matches_old(change),
        });
    }
}

/// Compares two versions of a timeline.
pub fn diff(old: &Timeline, new: &Timeline) -> TimelineDiff {
    let mut entities = Vec::new();
    if let Some(change) = timeline_entry(old, new) {
        entities.push(change);
    }
    entities.extend(era_changes(old, new));
    entities.extend(entity_changes(
        EntityKind::Person,
        &old.people,
        &new.people,
        |person| (&person.id, &person.name),
        |fields, old, new| {
            fields.text(Field::Name, &old.name, &new.name);
            fields.set(Field::Aliases, &old.aliases, &new.aliases);
            fields.set(Field::Cartels, &old.cartels, &new.cartels);
        },
    ));
    entities.extend(entity_changes(
        EntityKind::Cartel,
        &old.cartels,
        &new.cartels,
        |cartel| (&cartel.id, &cartel.name),
        |fields, old, new| {
            fields.text(Field::Name, &old.name, &new.name);
            fields.set(Field::Aliases, &old.aliases, &new.aliases);
            fields.optional_text(Field::Color, old.color.as_deref(), new.color.as_deref());
        },
    ));
    entities.extend(entity_changes(
        EntityKind::Source,
        &old.sources,
        &new.sources,
        |source| (&source.id, &source.title),
        |fields, old, new| {
            fields.optional_text(Field::Outlet, old.outlet.as_deref(), new.outlet.as_deref());
            fields.text(Field::Title, &old.title, &new.title);
            fields.optional_text(Field::Url, old.url.as_deref(), new.url.as_deref());
            fields.optional_date(Field::Published, old.published, new.published);
            fields.optional_text(
                Field::Archive,
                old.archive.as_deref(),
                new.archive.as_deref(),
            );
        },
    ));
    TimelineDiff {
        events: event_changes(old, new),
        entities,
    }
}

/// The changed fields of one event, in the order files write them.
fn event_fields(old: &Event, new: &Event) -> Vec<FieldChange> {
    let mut fields = Fields::default();
    fields.date(Field::Date, old.date, new.date);
    fields.optional_date(Field::End, old.end, new.end);
    if old.kind != new.kind {
        fields.push(
            Field::Kind,
            Value::Text(old.kind.cli_name()),
            Value::Text(new.kind.cli_name()),
        );
    }
    fields.text(Field::Title, &old.title, &new.title);
    fields.optional_text(
        Field::Summary,
        old.summary.as_deref(),
        new.summary.as_deref(),
    );
    fields.optional_text(Field::Place, old.place.as_deref(), new.place.as_deref());
    fields.set(Field::People, old.people(), new.people());
    fields.set(Field::Cartels, old.cartels(), new.cartels());
    fields.set(Field::Sources, old.sources(), new.sources());
    // Few events have quotes or disputes; only those pay for formatting them.
    if !(old.quotes.is_empty() && new.quotes.is_empty()) {
        let quotes = |event: &Event| event.quotes.iter().map(quote_text).collect::<Vec<_>>();
        fields.set(Field::Quotes, &quotes(old), &quotes(new));
    }
    fields.set(Field::Tags, old.tags(), new.tags());
    if !(old.disputed.is_empty() && new.disputed.is_empty()) {
        let disputes = |event: &Event| event.disputed.iter().map(dispute_text).collect::<Vec<_>>();
        fields.set(Field::Disputed, &disputes(old), &disputes(new));
    }
    fields.0
}

/// `2013-07-14 per reuters (note) "quote"`, or without a date `per reuters (note)`: one
/// dispute as one comparable, readable value.
fn dispute_text(dispute: &Dispute) -> String {
    let mut text = match dispute.date {
        Some(date) => format!("{} per {}", date.to_file_syntax(), dispute.source),
        None => format!("per {}", dispute.source),
    };
    if let Some(note) = &dispute.note {
        text.push_str(&format!(" ({note})"));
    }
    if let Some(quote) = &dispute.quote {
        text.push_str(&format!(" \"{quote}\""));
    }
    text
}

/// `reuters: words`: one quote as one comparable, readable value.
fn quote_text(quote: &Quote) -> String {
    format!("{}: {}", quote.source, quote.text)
}

/// The events of both files, matched by id, then removed/added pairs matched as renames.
fn event_changes(old: &Timeline, new: &Timeline) -> Vec<EventChange> {
    let pairing = pair_by_key(&old.events, &new.events, |event| &*event.id);
    let mut changes = Vec::new();
    for &(old_index, new_index) in &pairing.both {
        let (Some(old_event), Some(new_event)) =
            (old.events.get(old_index), new.events.get(new_index))
        else {
            continue;
        };
        let fields = event_fields(old_event, new_event);
        if !fields.is_empty() {
            changes.push(changed_event(old_index, new_index, new_event, fields));
        }
    }

    // A removed and an added event with the same kind, date and title are most likely one event
    // whose id was edited. Only a unique pair counts: with two candidates on either side, any
    // pairing would be a guess, and a wrong "renamed" hides a real removal.
    let renames = unique_pairs(
        pairing
            .removed
            .iter()
            .filter_map(|&index| Some((rename_key(old.events.get(index)?), index))),
        pairing
            .added
            .iter()
            .filter_map(|&index| Some((rename_key(new.events.get(index)?), index))),
    );
    let mut renamed_old = vec![false; old.events.len()];
    let mut renamed_new = vec![false; new.events.len()];
    for (old_index, new_index) in renames {
        let (Some(old_event), Some(new_event)) =
            (old.events.get(old_index), new.events.get(new_index))
        else {
            continue;
        };
        let mut fields = vec![FieldChange {
            field: Field::Id,
            old: Value::Text(old_event.id.to_string()),
            new: Value::Text(new_event.id.to_string()),
        }];
        fields.extend(event_fields(old_event, new_event));
        changes.push(changed_event(old_index, new_index, new_event, fields));
        mark(&mut renamed_old, old_index);
        mark(&mut renamed_new, new_index);
    }

    for &index in &pairing.added {
        if let Some(event) = new.events.get(index)
            && !is_marked(&renamed_new, index)
        {
            changes.push(EventChange {
                id: event.id.to_string(),
                change: Change::Added,
                fields: Vec::new(),
                old_event: None,
                new_event: Some(index),
                date: event.date,
                title: event.title.to_string(),
            });
        }
    }
    for &index in &pairing.removed {
        if let Some(event) = old.events.get(index)
            && !is_marked(&renamed_old, index)
        {
            changes.push(EventChange {
                id: event.id.to_string(),
                change: Change::Removed,
                fields: Vec::new(),
                old_event: Some(index),
                new_event: None,
                date: event.date,
                title: event.title.to_string(),
            });
        }
    }
    changes.sort_by(event_order);
    changes
}

fn changed_event(
    old_index: usize,
    new_index: usize,
    new_event: &Event,
    fields: Vec<FieldChange>,
) -> EventChange {
    EventChange {
        id: new_event.id.to_string(),
        change: Change::Changed,
        fields,
        old_event: Some(old_index),
        new_event: Some(new_index),
        date: new_event.date,
        title: new_event.title.to_string(),
    }
}

fn mark(marks: &mut [bool], index: usize) {
    if let Some(mark) = marks.get_mut(index) {
        *mark = true;
    }
}

fn is_marked(marks: &[bool], index: usize) -> bool {
    marks.get(index).copied().unwrap_or(false)
}

/// The title and description of the timeline itself.
fn timeline_entry(old: &Timeline, new: &Timeline) -> Option<EntityChange> {
    let mut fields = Fields::default();
    fields.text(Field::Title, &old.title, &new.title);
    fields.optional_text(
        Field::Description,
        old.description.as_deref(),
        new.description.as_deref(),
    );
    (!fields.0.is_empty()).then(|| EntityChange {
        kind: EntityKind::Timeline,
        id: String::new(),
        change: Change::Changed,
        fields: fields.0,
        label: new.title.clone(),
    })
}

/// Eras have no id: they are matched by title, and an era removed and one added with the same
/// start and end are one era whose title changed. Sorted by start, then title.
fn era_changes(old: &Timeline, new: &Timeline) -> Vec<EntityChange> {
    let pairing = pair_by_key(&old.eras, &new.eras, |era| era.title.as_str());
    let mut changes: Vec<(Date, EntityChange)> = Vec::new();
    let mut push_changed = |old_index: usize, new_index: usize, mut fields: Fields| {
        let (Some(old_era), Some(new_era)) = (old.eras.get(old_index), new.eras.get(new_index))
        else {
            return;
        };
        fields.date(Field::Start, old_era.start, new_era.start);
        fields.date(Field::End, old_era.end, new_era.end);
        if !fields.0.is_empty() {
            changes.push((
                new_era.start,
                EntityChange {
                    kind: EntityKind::Era,
                    id: new_era.title.clone(),
                    change: Change::Changed,
                    fields: fields.0,
                    label: new_era.title.clone(),
                },
            ));
        }
    };
    for &(old_index, new_index) in &pairing.both {
        push_changed(old_index, new_index, Fields::default());
    }
    let retitled = unique_pairs(
        pairing.removed.iter().filter_map(|&index| {
            let era = old.eras.get(index)?;
            Some(((era.start, era.end), index))
        }),
        pairing.added.iter().filter_map(|&index| {
            let era = new.eras.get(index)?;
            Some(((era.start, era.end), index))
        }),
    );
    let mut retitled_old = vec![false; old.eras.len()];
    let mut retitled_new = vec![false; new.eras.len()];
    for &(old_index, new_index) in &retitled {
        if let (Some(old_era), Some(new_era)) = (old.eras.get(old_index), new.eras.get(new_index)) {
            let mut fields = Fields::default();
            fields.text(Field::Title, &old_era.title, &new_era.title);
            push_changed(old_index, new_index, fields);
            mark(&mut retitled_old, old_index);
            mark(&mut retitled_new, new_index);
        }
    }
    for (eras, indices, marks, change) in [
        (&new.eras, &pairing.added, &retitled_new, Change::Added),
        (&old.eras, &pairing.removed, &retitled_old, Change::Removed),
    ] {
        for &index in indices {
            if let Some(era) = eras.get(index)
                && !is_marked(marks, index)
            {
                changes.push((
                    era.start,
                    EntityChange {
                        kind: EntityKind::Era,
                        id: era.title.clone(),
                        change,
                        fields: Vec::new(),
                        label: era.title.clone(),
                    },
                ));
            }
        }
    }
    changes.sort_by(|(a_start, a), (b_start, b)| {
        a_start
            .cmp(b_start)
            .then_with(|| a.id.cmp(&b.id))
            .then_with(|| a.change.cmp(&b.change))
    });
    changes.into_iter().map(|(_, change)| change).collect()
}

/// People, cartels or sources matched by id, sorted by id. `id_and_label` gives an entry's id
/// and the name reports show; `compare` adds the fields that differ.
fn entity_changes<T>(
    kind: EntityKind,
    old: &[T],
    new: &[T],
    id_and_label: impl Fn(&T) -> (&String, &String),
    compare: impl Fn(&mut Fields, &T, &T),
) -> Vec<EntityChange> {
    let pairing = pair_by_key(old, new, |entry| id_and_label(entry).0.as_str());
    let record = |entry: &T, change: Change, fields: Vec<FieldChange>| {
        let (id, label) = id_and_label(entry);
        EntityChange {
            kind,
            id: id.clone(),
            change,
            fields,
            label: label.clone(),
        }
    };
    let mut changes = Vec::new();
    for &(old_index, new_index) in &pairing.both {
        if let (Some(old_entry), Some(new_entry)) = (old.get(old_index), new.get(new_index)) {
            let mut fields = Fields::default();
            compare(&mut fields, old_entry, new_entry);
            if !fields.0.is_empty() {
                changes.push(record(new_entry, Change::Changed, fields.0));
            }
        }
    }
    changes.extend(
        pairing
            .added
            .iter()
            .filter_map(|&index| new.get(index))
            .map(|entry| record(entry, Change::Added, Vec::new())),
    );
    changes.extend(
        pairing
            .removed
            .iter()
            .filter_map(|&index| old.get(index))
            .map(|entry| record(entry, Change::Removed, Vec::new())),
    );
    changes.sort_by(|a, b| a.id.cmp(&b.id).then_with(|| a.change.cmp(&b.change)));
    changes
}

/// The changed fields of one event or entry, collected in the order they are compared.
#[derive(Default)]
struct Fields(Vec<FieldChange>);

impl Fields {
    fn push(&mut self, field: Field, old: Value, new: Value) {
        self.0.push(FieldChange { field, old, new });
    }

    fn text(&mut self, field: Field, old: &str, new: &str) {
        if old != new {
            self.push(field, Value::Text(old.into()), Value::Text(new.into()));
        }
    }

    fn optional_text(&mut self, field: Field, old: Option<&str>, new: Option<&str>) {
        if old != new {
            let value = |text: Option<&str>| text.map_or(Value::Absent, |t| Value::Text(t.into()));
            self.push(field, value(old), value(new));
        }
    }

    /// Dates compare with their precision and circa mark: `2013` and `2013-07-15` differ.
    fn date(&mut self, field: Field, old: Date, new: Date) {
        self.optional_date(field, Some(old), Some(new));
    }

    fn optional_date(&mut self, field: Field, old: Option<Date>, new: Option<Date>) {
        if old != new {
            let value = |date: Option<Date>| {
                date.map_or(Value::Absent, |d| Value::Text(d.to_file_syntax()))
            };
            self.push(field, value(old), value(new));
        }
    }

    /// Lists compare as sets: reordering people or tags changes nothing a reader sees.
    fn set<S: AsRef<str>>(&mut self, field: Field, old: &[S], new: &[S]) {
        // Most lists are unchanged and in the same order: no sorting (or allocating) for them.
        let same_order =
            old.len() == new.len() && old.iter().zip(new).all(|(a, b)| a.as_ref() == b.as_ref());
        if !same_order && sorted_unique(old) != sorted_unique(new) {
            let value =
                |list: &[S]| Value::List(list.iter().map(|s| s.as_ref().to_owned()).collect());
            self.push(field, value(old), value(new));
        }
    }
}

fn sorted_unique<S: AsRef<str>>(list: &[S]) -> Vec<&str> {
    let mut items: Vec<&str> = list.iter().map(AsRef::as_ref).collect();
    items.sort_unstable();
    items.dedup();
    items
}

/// Which items of two lists share a key, and which are only in one of them. Indices, each list
/// in its own order.
#[derive(Debug, Default, PartialEq, Eq)]
struct Pairing {
    /// (old index, new index)
    both: Vec<(usize, usize)>,
    /// Old items whose key the new list does not have.
    removed: Vec<usize>,
    /// New items whose key the old list does not have.
    added: Vec<usize>,
}

/// Matches items by key. A key repeated in one list (which validation reports as an error) is
/// matched once, first with first; its other occurrences count as added or removed.
fn pair_by_key<'t, T>(old: &'t [T], new: &'t [T], key: impl Fn(&'t T) -> &'t str) -> Pairing {
    // hashbrown: a million ids hash several times faster than with std's SipHash.
    let mut old_by_key: hashbrown::HashMap<&str, usize> =
        hashbrown::HashMap::with_capacity(old.len());
    for (index, item) in old.iter().enumerate() {
        old_by_key.entry(key(item)).or_insert(index);
    }
    let mut paired_old = vec![false; old.len()];
    let mut pairing = Pairing::default();
    for (new_index, item) in new.iter().enumerate() {
        match old_by_key.remove(key(item)) {
            Some(old_index) => {
                mark(&mut paired_old, old_index);
                pairing.both.push((old_index, new_index));
            }
            None => pairing.added.push(new_index),
        }
    }
    pairing.removed = (0..old.len())
        .filter(|&index| !is_marked(&paired_old, index))
        .collect();
    pairing
}

/// Pairs old and new items by key where exactly one of each has that key.
fn unique_pairs<K: Eq + Hash>(
    old: impl Iterator<Item = (K, usize)>,
    new: impl Iterator<Item = (K, usize)>,
) -> Vec<(usize, usize)> {
    #[derive(Default)]
    struct Candidates {
        old: Vec<usize>,
        new: Vec<usize>,
    }
    let mut by_key: hashbrown::HashMap<K, Candidates> = hashbrown::HashMap::new();
    for (key, index) in old {
        by_key.entry(key).or_default().old.push(index);
    }
    for (key, index) in new {
        by_key.entry(key).or_default().new.push(index);
    }
    let mut pairs: Vec<(usize, usize)> = by_key
        .into_values()
        .filter_map(
            |candidates| match (&candidates.old[..], &candidates.new[..]) {
                ([old], [new]) => Some((*old, *new)),
                _ => None,
            },
        )
        .collect();
    // The map's order is arbitrary; the callers sort their records, but keep this deterministic.
    pairs.sort_unstable();
    pairs
}

/// The order `chronolanes list` uses: period start, then id (then added before removed, for an
/// id both added and removed, which only duplicate ids can give).
fn event_order(a: &EventChange, b: &EventChange) -> Ordering {
    a.date
        .first_day()
        .cmp(&b.date.first_day())
        .then_with(|| a.id.cmp(&b.id))
        .then_with(|| a.change.cmp(&b.change))
}

/// What makes a removed and an added event one renamed event.
fn rename_key(event: &Event) -> (Kind, Date, &str) {
    (event.kind, event.date, &event.title)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::load_str;

    /// A small timeline; tests make the new version by replacing text in it.
    const OLD: &str = r#"Timeline(
  title: "Extraditions",
  description: "Transfers north",
  eras: [Era(title: "Calderón", start: "2006-12-01", end: "2012-11-30")],
  cartels: [Cartel(id: "sinaloa", name: "Sinaloa Cartel", aliases: ["CDS"])],
  people: [
    Person(id: "chapo", name: "Joaquín Guzmán", aliases: ["El Chapo", "Shorty"], cartels: ["sinaloa"]),
    Person(id: "mayo", name: "Ismael Zambada"),
  ],
  sources: [
    Source(id: "reuters", outlet: "Reuters", title: "R", url: "https://example.org/r"),
    Source(id: "ap", title: "AP story"),
  ],
  events: [
    Event(id: "arrest", kind: Arrest, date: "2014-02-22", title: "Arrested in Mazatlán", place: "Mazatlán", people: ["chapo"], sources: ["reuters"], tags: ["marines", "dea"]),
    Event(id: "escape", kind: Escape, date: "2015", title: "Escapes through a tunnel", people: ["chapo"], sources: ["reuters", "ap"]),
    Event(id: "extradited", kind: Extradition, date: "2017-01-19", title: "Sent to New York", people: ["chapo", "mayo"], sources: ["ap"]),
  ],
)"#;

    fn load(text: &str) -> Timeline {
        let loaded = load_str(text);
        assert!(!loaded.has_errors(), "{:?}", loaded.diagnostics);
        loaded.timeline.expect("a timeline")
    }

    /// `OLD` compared with `OLD` after each (from, to) replacement.
    fn diff_after(replacements: &[(&str, &str)]) -> TimelineDiff {
        let mut new = OLD.to_string();
        for (from, to) in replacements {
            assert!(new.contains(from), "`{from}` is not in the timeline");
            new = new.replacen(from, to, 1);
        }
        diff(&load(OLD), &load(&new))
    }

    fn text(value: &str) -> Value {
        Value::Text(value.into())
    }

    fn list(values: &[&str]) -> Value {
        Value::List(values.iter().map(|v| v.to_string()).collect())
    }

    fn field(field: Field, old: Value, new: Value) -> FieldChange {
        FieldChange { field, old, new }
    }

    /// The single changed event's fields.
    fn only_changed_fields(diff: &TimelineDiff) -> &[FieldChange] {
        let [event] = &diff.events[..] else {
            panic!("one changed event expected: {:#?}", diff.events);
        };
        assert_eq!(event.change, Change::Changed);
        &event.fields
    }

    #[test]
    fn the_same_timeline_reordered_and_reformatted_has_no_changes() {
        let reordered = r#"Timeline(title: "Extraditions", description: "Transfers north",
  eras: [Era(title: "Calderón", start: "2006-12-01", end: "2012-11-30")],
  people: [Person(id: "mayo", name: "Ismael Zambada"),
           Person(id: "chapo", name: "Joaquín Guzmán", aliases: ["Shorty", "El Chapo"], cartels: ["sinaloa"])],
  cartels: [Cartel(id: "sinaloa", name: "Sinaloa Cartel", aliases: ["CDS"])],
  sources: [Source(id: "ap", title: "AP story"),
            Source(id: "reuters", outlet: Some("Reuters"), title: "R", url: "https://example.org/r")],
  events: [
    Event(id: "extradited", kind: Extradition, date: "2017-01-19", title: "Sent to New York", people: ["mayo", "chapo"], sources: ["ap"]),
    // a comment
    Event(id: "escape", title: "Escapes through a tunnel", kind: Escape, date: "2015", people: ["chapo"], sources: ["ap", "reuters"]),
    Event(id: "arrest", kind: Arrest, date: "2014-02-22", title: "Arrested in Mazatlán", place: "Mazatlán",
          people: ["chapo"], sources: ["reuters"], tags: ["dea", "marines"],),
  ])"#;
        let changes = diff(&load(OLD), &load(reordered));
        assert!(changes.is_empty(), "{changes:#?}");
        assert_eq!(changes.event_counts(), ChangeCounts::default());
    }

    #[test]
    fn a_more_precise_date_is_a_change_in_the_file_syntax() {
        let changes = diff_after(&[(r#"date: "2015""#, r#"date: "2015-07-11""#)]);
        assert_eq!(
            only_changed_fields(&changes),
            [field(Field::Date, text("2015"), text("2015-07-11"))]
        );
        assert_eq!(changes.events[0].id, "escape");
    }

    #[test]
    fn a_date_made_circa_and_a_new_end_are_changes() {
        let changes = diff_after(&[(
            r#"date: "2017-01-19""#,
            r#"date: "~2017-01-19", end: "2017-01-20""#,
        )]);
        assert_eq!(
            only_changed_fields(&changes),
            [
                field(Field::Date, text("2017-01-19"), text("~2017-01-19")),
                field(Field::End, Value::Absent, text("2017-01-20")),
            ]
        );
    }

    #[test]
    fn every_event_field_is_compared_and_reported_in_file_order() {
        let changes = diff_after(&[(
            r#"Event(id: "arrest", kind: Arrest, date: "2014-02-22", title: "Arrested in Mazatlán", place: "Mazatlán", people: ["chapo"], sources: ["reuters"], tags: ["marines", "dea"])"#,
            r#"Event(id: "arrest", kind: Policy(Statement), date: "2014-02-22", title: "Captured in Mazatlán", summary: "At dawn.", people: ["mayo"], cartels: ["sinaloa"], sources: ["ap"], tags: ["marines"], disputed: [Dispute(date: "2014-02-21", source: "ap", note: "night")])"#,
        )]);
        assert_eq!(
            only_changed_fields(&changes),
            [
                field(Field::Kind, text("arrest"), text("policy:statement")),
                field(
                    Field::Title,
                    text("Arrested in Mazatlán"),
                    text("Captured in Mazatlán")
                ),
                field(Field::Summary, Value::Absent, text("At dawn.")),
                field(Field::Place, text("Mazatlán"), Value::Absent),
                field(Field::People, list(&["chapo"]), list(&["mayo"])),
                field(Field::Cartels, list(&[]), list(&["sinaloa"])),
                field(Field::Sources, list(&["reuters"]), list(&["ap"])),
                field(Field::Tags, list(&["marines", "dea"]), list(&["marines"])),
                field(
                    Field::Disputed,
                    list(&[]),
                    list(&["2014-02-21 per ap (night)"])
                ),
            ]
        );
    }

    #[test]
    fn added_and_removed_events_sort_by_their_own_date() {
        let changes = diff_after(&[
            (
                r#"    Event(id: "escape", kind: Escape, date: "2015", title: "Escapes through a tunnel", people: ["chapo"], sources: ["reuters", "ap"]),
"#,
                "",
            ),
            (
                "  ],\n)",
                r#"    Event(id: "trial", kind: Court, date: "2016-05", title: "Trial date set", sources: ["ap"]),
    Event(id: "early", kind: Other, date: "1993", title: "First arrest", sources: ["ap"]),
  ],
)"#,
            ),
        ]);
        let summary: Vec<(&str, Change, Option<usize>, Option<usize>)> = changes
            .events
            .iter()
            .map(|e| (e.id.as_str(), e.change, e.old_event, e.new_event))
            .collect();
        assert_eq!(
            summary,
            [
                ("early", Change::Added, None, Some(3)),
                ("escape", Change::Removed, Some(1), None),
                ("trial", Change::Added, None, Some(2)),
            ]
        );
        assert!(changes.events.iter().all(|e| e.fields.is_empty()));
        assert_eq!(changes.events[1].title, "Escapes through a tunnel");
        assert_eq!(
            changes.event_counts(),
            ChangeCounts {
                added: 2,
                removed: 1,
                changed: 0
            }
        );
    }

    #[test]
    fn an_event_with_a_new_id_but_the_same_kind_date_and_title_is_one_rename() {
        let changes = diff_after(&[(r#"id: "escape""#, r#"id: "escape-2015""#)]);
        let [event] = &changes.events[..] else {
            panic!("one record for the rename: {:#?}", changes.events);
        };
        assert_eq!(event.id, "escape-2015");
        assert_eq!(event.change, Change::Changed);
        assert_eq!(event.renamed_from(), Some("escape"));
        assert_eq!(
            event.fields,
            [field(Field::Id, text("escape"), text("escape-2015"))]
        );
        assert_eq!((event.old_event, event.new_event), (Some(1), Some(1)));
    }

    #[test]
    fn a_rename_also_reports_the_other_fields_that_changed() {
        let changes = diff_after(&[(
            r#"id: "escape", kind: Escape, date: "2015", title: "Escapes through a tunnel", people: ["chapo"]"#,
            r#"id: "tunnel", kind: Escape, date: "2015", title: "Escapes through a tunnel", people: ["chapo", "mayo"]"#,
        )]);
        let fields = only_changed_fields(&changes);
        assert_eq!(
            fields,
            [
                field(Field::Id, text("escape"), text("tunnel")),
                field(Field::People, list(&["chapo"]), list(&["chapo", "mayo"])),
            ]
        );
    }

    #[test]
    fn two_candidates_for_a_rename_are_not_guessed_between() {
        // Two new events look like the removed one: pairing either would be a guess.
        let changes = diff_after(&[(
            r#"Event(id: "escape", kind: Escape, date: "2015", title: "Escapes through a tunnel", people: ["chapo"], sources: ["reuters", "ap"]),"#,
            r#"Event(id: "escape-a", kind: Escape, date: "2015", title: "Escapes through a tunnel", sources: ["ap"]),
    Event(id: "escape-b", kind: Escape, date: "2015", title: "Escapes through a tunnel", sources: ["ap"]),"#,
        )]);
        let summary: Vec<(&str, Change)> = changes
            .events
            .iter()
            .map(|e| (e.id.as_str(), e.change))
            .collect();
        assert_eq!(
            summary,
            [
                ("escape", Change::Removed),
                ("escape-a", Change::Added),
                ("escape-b", Change::Added),
            ]
        );
    }

    #[test]
    fn quotes_undated_disputes_and_archives_are_compared() {
        let changes = diff_after(&[
            (
                r#"url: "https://example.org/r")"#,
                r#"url: "https://example.org/r", archive: "reuters.html")"#,
            ),
            (
                r#"sources: ["ap"])"#,
                r#"sources: ["ap"], quotes: [Quote(source: "ap", text: "flown to New York")],
                    disputed: [Dispute(source: "ap", note: "Two people, not one", quote: "two men")])"#,
            ),
        ]);
        assert_eq!(
            only_changed_fields(&changes),
            [
                field(Field::Quotes, list(&[]), list(&["ap: flown to New York"])),
                field(
                    Field::Disputed,
                    list(&[]),
                    list(&["per ap (Two people, not one) \"two men\""])
                ),
            ]
        );
        let [source] = &changes.entities[..] else {
            panic!("one changed source: {:#?}", changes.entities);
        };
        assert_eq!(source.id, "reuters");
        assert_eq!(
            source.fields,
            [field(Field::Archive, Value::Absent, text("reuters.html"))]
        );
    }

    #[test]
    fn a_different_date_precision_is_not_a_rename() {
        let changes = diff_after(&[(
            r#"id: "escape", kind: Escape, date: "2015""#,
            r#"id: "tunnel", kind: Escape, date: "2015-07""#,
        )]);
        let summary: Vec<(&str, Change)> = changes
            .events
            .iter()
            .map(|e| (e.id.as_str(), e.change))
            .collect();
        assert_eq!(
            summary,
            [("escape", Change::Removed), ("tunnel", Change::Added)]
        );
    }

    #[test]
    fn the_timeline_eras_people_cartels_and_sources_are_compared() {
        let changes = diff_after(&[
            (
                r#"title: "Extraditions""#,
                r#"title: "Extraditions, 2014–2017""#,
            ),
            (r#"title: "Calderón""#, r#"title: "Calderón presidency""#),
            (r#""El Chapo", "Shorty""#, r#""El Chapo""#),
            (
                r#"Person(id: "mayo", name: "Ismael Zambada")"#,
                r#"Person(id: "mayo", name: "Ismael Zambada", cartels: ["sinaloa"])"#,
            ),
            (
                r#"url: "https://example.org/r""#,
                r#"url: "https://example.org/r2", published: "2014-02""#,
            ),
            (
                r#"Source(id: "ap", title: "AP story"),"#,
                r#"Source(id: "ap", title: "AP story"), Source(id: "nyt", title: "NYT"),"#,
            ),
            (
                r#"cartels: [Cartel(id: "sinaloa", name: "Sinaloa Cartel", aliases: ["CDS"])]"#,
                r#"cartels: [Cartel(id: "sinaloa", name: "Sinaloa Cartel", aliases: ["CDS"]), Cartel(id: "cjng", name: "CJNG")]"#,
            ),
        ]);
        assert!(changes.events.is_empty(), "{:#?}", changes.events);
        let summary: Vec<(&str, &str, Change, Vec<&str>)> = changes
            .entities
            .iter()
            .map(|e| {
                (
                    e.kind.name(),
                    e.id.as_str(),
                    e.change,
                    e.fields.iter().map(|f| f.field.name()).collect(),
                )
            })
            .collect();
        assert_eq!(
            summary,
            [
                ("timeline", "", Change::Changed, vec!["title"]),
                ("era", "Calderón presidency", Change::Changed, vec!["title"]),
                ("person", "chapo", Change::Changed, vec!["aliases"]),
                ("person", "mayo", Change::Changed, vec!["cartels"]),
                ("cartel", "cjng", Change::Added, vec![]),
                ("source", "nyt", Change::Added, vec![]),
                (
                    "source",
                    "reuters",
                    Change::Changed,
                    vec!["url", "published"]
                ),
            ]
        );
        let published = &changes.entities[6].fields[1];
        assert_eq!(
            (&published.old, &published.new),
            (&Value::Absent, &text("2014-02"))
        );
        assert_eq!(changes.entities[2].label, "Joaquín Guzmán");
        assert_eq!(
            changes.entity_counts(),
            ChangeCounts {
                added: 2,
                removed: 0,
                changed: 5
            }
        );
    }

    #[test]
    fn an_era_with_new_dates_is_changed_and_a_new_era_is_added() {
        let changes = diff_after(&[(
            r#"eras: [Era(title: "Calderón", start: "2006-12-01", end: "2012-11-30")]"#,
            r#"eras: [Era(title: "Peña Nieto", start: "2012-12-01", end: "2018-11-30"), Era(title: "Calderón", start: "2006-12", end: "2012-11-30")]"#,
        )]);
        let [calderon, pena] = &changes.entities[..] else {
            panic!("two era changes: {:#?}", changes.entities);
        };
        assert_eq!(
            (calderon.id.as_str(), calderon.change),
            ("Calderón", Change::Changed)
        );
        assert_eq!(
            calderon.fields,
            [field(Field::Start, text("2006-12-01"), text("2006-12"))]
        );
        assert_eq!(
            (pena.id.as_str(), pena.change),
            ("Peña Nieto", Change::Added)
        );
    }

    #[test]
    fn the_filter_keeps_events_matching_in_the_new_file_or_the_old_for_removed_and_changed() {
        let old = load(OLD);
        let new_text = OLD
            // Loses mayo: matches `--person mayo` only in the old file.
            .replacen(r#"people: ["chapo", "mayo"]"#, r#"people: ["chapo"]"#, 1)
            // Removed; named chapo in the old file.
            .replacen(
                r#"    Event(id: "escape", kind: Escape, date: "2015", title: "Escapes through a tunnel", people: ["chapo"], sources: ["reuters", "ap"]),
"#,
                "",
                1,
            )
            // Gains a summary; names only chapo.
            .replacen(
                r#"place: "Mazatlán""#,
                r#"place: "Mazatlán", summary: "Marines""#,
                1,
            );
        let new = load(&new_text);
        let ids = |filter: &Filter| {
            let mut changes = diff(&old, &new);
            changes.retain_events_matching(&old, &new, filter);
            changes
                .events
                .iter()
                .map(|e| e.id.clone())
                .collect::<Vec<_>>()
        };
        let person = |name: &str| Filter {
            people: vec![name.into()],
            ..Filter::default()
        };
        assert_eq!(ids(&Filter::default()), ["arrest", "escape", "extradited"]);
        assert_eq!(ids(&person("mayo")), ["extradited"]);
        assert_eq!(ids(&person("El Chapo")), ["arrest", "escape", "extradited"]);
        let escapes = Filter {
            kinds: vec![crate::model::KindSelector::Exact(Kind::Escape)],
            ..Filter::default()
        };
        assert_eq!(ids(&escapes), ["escape"]);
    }
}
