//! The scene: what of a timeline is shown, in which lane, in what order and over what range, for
//! one grouping and one filter. The app's document, `list`, `render` and the exports all read
//! it, so a filter, a lane or an order never means two things.
//!
//! A [`Scene`] owns the timeline (shared, [`Arc`]), its [`TimelineIndex`], the [`Visibility`]
//! of every event under the filter, the lanes of the grouping with their visible events, the
//! visible events in date order, the day range that fits them, and an id → event table. It is
//! built once per load and updated per filter, grouping or empty-lanes change, each rebuilding
//! only what depends on it; the app reads it every frame. It knows nothing of egui.
//!
//! # Date order
//!
//! Events are in **date order** when sorted by the first day of their period, then the last day
//! of their period (a day before its month, a month before its year, a short span before a long
//! one starting the same day), then their position in the file (ties keep the author's order).
//! This is the one order of `list`, the events exports, stepping with Left/Right, the
//! presentation and each lane's events. [`TimelineIndex::order`] sorts every event this way once
//! per load; [`crate::filter::sort_in_date_order`] sorts a few events the same way.
//!
//! # Empty lanes
//!
//! A lane whose events the filter hides all is *folded*: left out of [`Scene::lanes`] unless
//! [`Scene::set_show_empty_lanes`] asks for every lane. [`Scene::folded_lane_count`] says how many
//! are left out. Folding keeps the order and the colour of the lanes that stay.
//!
//! # Compare mode
//!
//! The app's compare mode ([`crate::compare`]) narrows a scene further: [`Scene::set_only_events`]
//! hides every event outside a set whatever the filter (the Changes section's choice), and
//! [`Scene::set_required_lanes`] keeps lanes on screen that have no visible event, or that the
//! timeline does not have at all, for the ghosts of removed events drawn in them.

use std::collections::HashSet;
use std::hash::BuildHasher;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, OnceLock};

use hashbrown::{DefaultHashBuilder, HashTable};

use crate::filter::Filter;
use crate::flat_lists::FlatLists;
use crate::index::{TimelineIndex, Visibility};
use crate::lanes::{
    Grouping, Lane, LaneAssignment, LaneEvents, LaneKey, VisiblePeriod, index_in_date_order,
};
use crate::model::Timeline;
use crate::timescale::TimeWindow;

/// A timeline as shown for one grouping and one filter: the index, the visible events, the
/// lanes (with or without the empty ones), the date order, the fit range and events by id.
#[derive(Debug)]
pub struct Scene {
    timeline: Arc<Timeline>,
    /// Built once per timeline (while loading, for files): sorted periods and the flat arrays a
    /// filter change runs over.
    index: TimelineIndex,
    filter: Filter,
    grouping: Grouping,
    show_empty_lanes: bool,
    /// Every lane of the grouping, shown or folded.
    all_lanes: Vec<Lane>,
    /// The lanes (indices into `all_lanes`) of each event, in date order: list `k` belongs to
    /// event `index.order()[k]`, so that a filter change reads them front to back. Kept instead
    /// of the assignment's lists by event index: a million events need only one of the two.
    lanes_by_date: FlatLists,
    visible: Visibility,
    /// The lanes shown, in lane order: all of them, or those with a visible event.
    lanes: Vec<Lane>,
    /// The visible events of each shown lane (same positions as `lanes`), in date order.
    lane_events: Vec<LaneEvents>,
    /// Position in `all_lanes` of each shown lane, to unfold the others in their places.
    shown_lane_positions: Vec<u32>,
    /// Every visible event once, in date order.
    date_order: Vec<u32>,
    /// First and last day of the visible events.
    fit_day_range: Option<(i64, i64)>,
    /// Compare mode's restriction: only these events may be visible. `None`: the filter alone.
    only_events: Option<Visibility>,
    /// Lanes shown even without a visible event: in their place when the grouping has them,
    /// after the others when it does not (compare mode's ghosts need them).
    required_lanes: Vec<Lane>,
    /// Built on the first lookup by id: most scenes are never asked, and for a million events
    /// the table costs ~10 MB and ~40 ms.
    events_by_id: OnceLock<EventsById>,
    /// Changes whenever the visible events or lanes change, and differs between scenes.
    revision: u64,
}

/// Revisions are unique across scenes, so a view caching rows of one scene never takes another
/// scene's rows for its own.
static NEXT_REVISION: AtomicU64 = AtomicU64::new(1);

fn next_revision() -> u64 {
    NEXT_REVISION.fetch_add(1, Ordering::Relaxed)
}

/// Event indices hashed by event id. Only indices are stored (4 bytes a slot): the ids stay in
/// the timeline, where lookups compare them.
#[derive(Debug)]
struct EventsById {
    hasher: DefaultHashBuilder,
    slots: HashTable<u32>,
}

impl EventsById {
    fn new(timeline: &Timeline) -> EventsById {
        let hasher = DefaultHashBuilder::default();
        let mut slots = HashTable::with_capacity(timeline.events.len());
        let id_of = |slot: &u32| {
            timeline
                .events
                .get(*slot as usize)
                .map_or("", |event| &*event.id)
        };
        for (position, event) in timeline.events.iter().enumerate() {
            let hash = hasher.hash_one(&*event.id);
            // Ids are unique in a checked timeline; in one built in code the first event with
            // an id is the one found, as a search from the start would find it.
            if slots.find(hash, |slot| id_of(slot) == &*event.id).is_none() {
                slots.insert_unique(hash, position as u32, |slot| hasher.hash_one(id_of(slot)));
            }
        }
        EventsById { hasher, slots }
    }

    fn find(&self, timeline: &Timeline, id: &str) -> Option<u32> {
        let hash = self.hasher.hash_one(id);
        self.slots
            .find(hash, |&slot| {
                timeline
                    .events
                    .get(slot as usize)
                    .is_some_and(|event| &*event.id == id)
            })
            .copied()
    }
}

impl Scene {
    /// The scene of `timeline` in `grouping` under `filter`, empty lanes folded; the index is
    /// built here. What `list`, `render` and the exports start from.
    pub fn new(timeline: impl Into<Arc<Timeline>>, grouping: Grouping, filter: &Filter) -> Scene {
        let timeline = timeline.into();
        let index = TimelineIndex::new(&timeline);
        Scene::with_index(timeline, index, grouping, filter)
    }

    /// [`Scene::new`] with an index already built (the app's loader builds it while decoding).
    /// An index of another timeline (another number of events) is built again.
    pub fn with_index(
        timeline: impl Into<Arc<Timeline>>,
        index: TimelineIndex,
        grouping: Grouping,
        filter: &Filter,
    ) -> Scene {
        let timeline = timeline.into();
        let index = if index.len() == timeline.events.len() {
            index
        } else {
            TimelineIndex::new(&timeline)
        };
        let (all_lanes, lanes_by_date) = lanes_in_date_order(&timeline, grouping, &index);
        let mut scene = Scene {
            visible: Visibility::all(timeline.events.len()),
            timeline,
            index,
            filter: Filter::default(),
            grouping,
            show_empty_lanes: false,
            all_lanes,
            lanes_by_date,
            lanes: Vec::new(),
            lane_events: Vec::new(),
            shown_lane_positions: Vec::new(),
            date_order: Vec::new(),
            fit_day_range: None,
            only_events: None,
            required_lanes: Vec::new(),
            events_by_id: OnceLock::new(),
            revision: next_revision(),
        };
        scene.set_filter(filter);
        scene
    }

    /// The timeline shown.
    pub fn timeline(&self) -> &Timeline {
        &self.timeline
    }

    /// The timeline shown, to hand to another thread without copying it.
    pub fn shared_timeline(&self) -> &Arc<Timeline> {
        &self.timeline
    }

    pub fn index(&self) -> &TimelineIndex {
        &self.index
    }

    /// The filter the visible events pass.
    pub fn filter(&self) -> &Filter {
        &self.filter
    }

    pub fn grouping(&self) -> Grouping {
        self.grouping
    }

    /// Which events pass the filter.
    pub fn visibility(&self) -> &Visibility {
        &self.visible
    }

    /// Whether event `event_index` passes the filter (false when out of range).
    pub fn is_visible(&self, event_index: u32) -> bool {
        self.visible.is_visible(event_index as usize)
    }

    /// Number of events that pass the filter.
    pub fn visible_count(&self) -> usize {
        self.visible.count()
    }

    /// The lanes shown, top to bottom: without the folded ones unless
    /// [`show_empty_lanes`](Self::show_empty_lanes). Position `k` here is lane `k` of
    /// [`lane_events`](Self::lane_events) and of the layout.
    pub fn lanes(&self) -> &[Lane] {
        &self.lanes
    }

    /// The visible events of each lane of [`lanes`](Self::lanes), in date order.
    pub fn lane_events(&self) -> &[LaneEvents] {
        &self.lane_events
    }

    /// Number of lanes of the grouping left out because the filter hides all their events
    /// (0 while [`show_empty_lanes`](Self::show_empty_lanes)).
    pub fn folded_lane_count(&self) -> usize {
        // Required lanes that the grouping lacks are shown but are not among `all_lanes`.
        let shown = self
            .shown_lane_positions
            .iter()
            .filter(|&&position| (position as usize) < self.all_lanes.len())
            .count();
        self.all_lanes.len().saturating_sub(shown)
    }

    /// Whether lanes with no visible event are shown (false by default: they are folded).
    pub fn show_empty_lanes(&self) -> bool {
        self.show_empty_lanes
    }

    /// Every visible event once, in [date order](self#date-order): what `list` prints, the
    /// exports write and Left/Right steps through.
    pub fn date_order(&self) -> &[u32] {
        &self.date_order
    }

    /// First and last day (inclusive) of the visible events, for "fit all"; `None` when no
    /// event is visible.
    pub fn fit_day_range(&self) -> Option<(i64, i64)> {
        self.fit_day_range
    }

    /// The window that shows every visible event, with a margin: the app's "fit all" and the
    /// picture's default. With nothing visible, the twenty years before 2025 (an empty
    /// timeline still gets an axis).
    pub fn fit_window(&self) -> TimeWindow {
        // Linear, so the width does not matter; the layout owns the rule and the fallback.
        crate::layout::fit_all_window(self.fit_day_range, &[], 1.0)
    }

    /// Whether a visible event's period overlaps the days from `start_day` to `end_day`
    /// (fractional days, as a window has): a binary search per lane.
    pub fn any_visible_in(&self, start_day: f64, end_day: f64) -> bool {
        self.lane_events.iter().any(|lane| {
            let candidates = lane.in_window(start_day, end_day);
            // `in_window` may include events that ended before the window starts.
            lane.end_days
                .get(candidates)
                .is_some_and(|ends| ends.iter().any(|&end| f64::from(end) > start_day))
        })
    }

    /// A number that changes whenever the visible events, their order or the lanes change (and
    /// is never the same for two scenes): views that cache what they derive compare it.
    pub fn revision(&self) -> u64 {
        self.revision
    }

    /// The index of the event with `id`, visible or not.
    pub fn event_by_id(&self, id: &str) -> Option<u32> {
        self.events_by_id
            .get_or_init(|| EventsById::new(&self.timeline))
            .find(&self.timeline, id)
    }

    /// Shows the events that pass `filter`: the visibility through the index's flat arrays,
    /// then the lanes' events, the date order and the fit range in one pass over the events in
    /// date order (tens of milliseconds for a million events). Call it when the filter changes.
    pub fn set_filter(&mut self, filter: &Filter) {
        self.filter.clone_from(filter);
        self.visible = self.index.apply_filter(&self.timeline, filter);
        if let Some(only) = &self.only_events {
            self.visible.intersect(only);
        }
        self.rebuild_visible_parts();
    }

    /// Shows only the events of `only` (among those the filter passes); `None` lifts the
    /// restriction. For compare mode's Changes choice: "only the changed events".
    pub fn set_only_events(&mut self, only: Option<Visibility>) {
        if only == self.only_events {
            return;
        }
        self.only_events = only;
        let filter = self.filter.clone();
        self.set_filter(&filter);
    }

    /// Keeps `lanes` on screen even with no visible event: a lane of the grouping stays in its
    /// place (with its own label and colour), one the grouping lacks is added after the others.
    /// Matched by [`Lane::key`]. No event is visited.
    pub fn set_required_lanes(&mut self, lanes: Vec<Lane>) {
        if lanes == self.required_lanes {
            return;
        }
        self.required_lanes = lanes;
        let per_lane = self.events_of_every_lane();
        self.show_lanes(per_lane);
    }

    /// Groups the lanes by `grouping`. The visibility stays: only the lanes are rebuilt.
    pub fn set_grouping(&mut self, grouping: Grouping) {
        if grouping == self.grouping {
            return;
        }
        self.grouping = grouping;
        (self.all_lanes, self.lanes_by_date) =
            lanes_in_date_order(&self.timeline, grouping, &self.index);
        self.rebuild_visible_parts();
    }

    /// Shows or folds the lanes with no visible event: no event is visited.
    pub fn set_show_empty_lanes(&mut self, show: bool) {
        if show == self.show_empty_lanes {
            return;
        }
        self.show_empty_lanes = show;
        let per_lane = self.events_of_every_lane();
        self.show_lanes(per_lane);
    }

    /// The events of every lane of the grouping, shown or folded (a folded lane has none), taken
    /// out of the shown lanes to show them again.
    fn events_of_every_lane(&mut self) -> Vec<LaneEvents> {
        let mut per_lane = vec![LaneEvents::default(); self.all_lanes.len()];
        let shown = std::mem::take(&mut self.lane_events)
            .into_iter()
            .zip(std::mem::take(&mut self.shown_lane_positions));
        for (events, position) in shown {
            // Lanes the grouping lacks have a position past `all_lanes` and no events.
            if let Some(slot) = per_lane.get_mut(position as usize) {
                *slot = events;
            }
        }
        per_lane
    }

    /// The lanes' events, the date order and the fit range of the current visibility and
    /// grouping: one pass over the events in date order.
    fn rebuild_visible_parts(&mut self) {
        self.revision = next_revision();
        let visible = &self.visible;
        let lanes_by_date = &self.lanes_by_date;
        let visible_periods = self
            .index
            .periods_by_start()
            .enumerate()
            .filter(|(_, (event, _, _))| visible.is_visible(*event as usize))
            .map(|(position, (event, first_day, last_day))| VisiblePeriod {
                event,
                first_day,
                last_day,
                lanes: lanes_by_date.of(position),
            });
        let mut date_order = Vec::with_capacity(visible.count());
        let mut day_range: Option<(i64, i64)> = None;
        let per_lane = index_in_date_order(
            self.all_lanes.len(),
            visible_periods.inspect(|period| {
                date_order.push(period.event);
                day_range = Some(match day_range {
                    Some((low, high)) => (low.min(period.first_day), high.max(period.last_day)),
                    None => (period.first_day, period.last_day),
                });
            }),
        );
        self.date_order = date_order;
        self.fit_day_range = day_range;
        self.show_lanes(per_lane);
    }

    /// Keeps the lanes to show, given the events of every lane of the grouping.
    fn show_lanes(&mut self, per_lane: Vec<LaneEvents>) {
        // Every change of the shown lanes goes through here.
        self.revision = next_revision();
        self.lanes.clear();
        self.lane_events.clear();
        self.shown_lane_positions.clear();
        let required: HashSet<&LaneKey> =
            self.required_lanes.iter().map(|lane| &lane.key).collect();
        for ((position, lane), events) in self.all_lanes.iter().enumerate().zip(per_lane) {
            if self.show_empty_lanes || !events.events.is_empty() || required.contains(&lane.key) {
                self.lanes.push(lane.clone());
                self.lane_events.push(events);
                self.shown_lane_positions.push(position as u32);
            }
        }
        // Required lanes the grouping has no place for come last, empty.
        let in_grouping: HashSet<&LaneKey> = self.all_lanes.iter().map(|lane| &lane.key).collect();
        let mut added = HashSet::new();
        for lane in &self.required_lanes {
            if !in_grouping.contains(&lane.key) && added.insert(&lane.key) {
                self.lanes.push(lane.clone());
                self.lane_events.push(LaneEvents::default());
                self.shown_lane_positions.push(u32::MAX);
            }
        }
    }
}

/// Every lane of `grouping`, and each event's lanes in the index's date order.
fn lanes_in_date_order(
    timeline: &Timeline,
    grouping: Grouping,
    index: &TimelineIndex,
) -> (Vec<Lane>, FlatLists) {
    let assignment = LaneAssignment::new(timeline, grouping);
    let by_date = assignment.lanes_of_event.reordered(index.order());
    (assignment.lanes, by_date)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::date::Date;
    use crate::filter::{matching_events, sort_in_date_order};
    use crate::generate::{GenerateOptions, generate};
    use crate::load::load_str;

    /// The bundled timeline, read here rather than through the app that embeds it: the scene
    /// sits below the app.
    fn bundled() -> Timeline {
        load_str(include_str!("../timelines/mexico-us-extraditions.ron"))
            .timeline
            .expect("the bundled timeline loads")
    }

    /// A timeline of `events` citing one source `s`.
    fn timeline_of(events: &[&str]) -> Timeline {
        let text = format!(
            r#"Timeline(title: "T", sources: [Source(id: "s", title: "S")], events: [{}])"#,
            events.join(", ")
        );
        let loaded = load_str(&text);
        loaded
            .timeline
            .unwrap_or_else(|| panic!("{:?}", loaded.diagnostics))
    }

    fn cartel(name: &str) -> Filter {
        Filter {
            cartels: vec![name.into()],
            ..Filter::default()
        }
    }

    /// Each shown lane's label with the ids of its events, in order.
    fn lane_ids(scene: &Scene) -> Vec<(String, Vec<String>)> {
        scene
            .lanes()
            .iter()
            .zip(scene.lane_events())
            .map(|(lane, events)| {
                let ids = events.events.iter().map(|&e| {
                    let event = &scene.timeline().events[e as usize];
                    event.id.to_string()
                });
                (lane.label.clone(), ids.collect())
            })
            .collect()
    }

    #[test]
    fn los_zetas_by_person_shows_only_the_people_with_visible_events() {
        let timeline = bundled();
        let mut scene = Scene::new(timeline.clone(), Grouping::Person, &cartel("Los Zetas"));
        let all_people_lanes = LaneAssignment::new(&timeline, Grouping::Person).lanes;
        assert_eq!(all_people_lanes.len(), 29);
        let matching = matching_events(&timeline, &cartel("Los Zetas"));
        assert!(!matching.is_empty());
        // Exactly the lanes in which a matching event is drawn, in the order of all lanes.
        let assignment = LaneAssignment::new(&timeline, Grouping::Person);
        let expected: Vec<&str> = all_people_lanes
            .iter()
            .enumerate()
            .filter(|(lane, _)| {
                matching
                    .iter()
                    .any(|&e| assignment.lanes_of_event.of(e).contains(&(*lane as u32)))
            })
            .map(|(_, lane)| lane.label.as_str())
            .collect();
        let shown: Vec<&str> = scene.lanes().iter().map(|l| l.label.as_str()).collect();
        assert_eq!(shown, expected);
        assert_eq!(shown.len(), 6, "{shown:?}");
        assert_eq!(scene.folded_lane_count(), 23);
        assert!(scene.lane_events().iter().all(|l| !l.events.is_empty()));
        // Folded lanes keep their colours.
        for lane in scene.lanes() {
            let original = all_people_lanes.iter().find(|l| l.key == lane.key).unwrap();
            assert_eq!(lane.color_rgb, original.color_rgb);
        }

        // Showing empty lanes brings back all 29, the same events in the same lanes.
        let folded = lane_ids(&scene);
        scene.set_show_empty_lanes(true);
        assert_eq!(scene.lanes(), &all_people_lanes[..]);
        assert_eq!(scene.folded_lane_count(), 0);
        let unfolded: Vec<_> = lane_ids(&scene)
            .into_iter()
            .filter(|(_, ids)| !ids.is_empty())
            .collect();
        assert_eq!(unfolded, folded);
        // And the switch holds across filter and grouping changes.
        scene.set_filter(&Filter::default());
        scene.set_grouping(Grouping::Cartel);
        scene.set_filter(&cartel("Los Zetas"));
        assert_eq!(
            scene.lanes(),
            &LaneAssignment::new(&timeline, Grouping::Cartel).lanes[..]
        );
        scene.set_show_empty_lanes(false);
        let cartel_lanes = LaneAssignment::new(&timeline, Grouping::Cartel).lanes;
        assert!(scene.lanes().len() < cartel_lanes.len());
        assert!(scene.lanes().iter().any(|lane| lane.label == "Los Zetas"));
        assert_eq!(
            scene.folded_lane_count(),
            cartel_lanes.len() - scene.lanes().len()
        );
    }

    #[test]
    fn nothing_visible_folds_every_lane() {
        let filter = Filter {
            search: "no such text anywhere".into(),
            ..Filter::default()
        };
        let mut scene = Scene::new(bundled(), Grouping::Kind, &filter);
        assert_eq!(scene.visible_count(), 0);
        assert!(scene.lanes().is_empty() && scene.lane_events().is_empty());
        // Every kind but Escape: no event of the bundled timeline is an escape (Caro Quintero
        // was freed by a court), and a kind without events has no lane to fold.
        assert_eq!(scene.folded_lane_count(), 7);
        assert_eq!(scene.fit_day_range(), None);
        assert!(scene.date_order().is_empty());
        scene.set_show_empty_lanes(true);
        assert_eq!(scene.lanes().len(), 7);
    }

    #[test]
    fn the_fit_range_is_the_span_of_the_visible_events() {
        let timeline = bundled();
        for filter in [
            Filter::default(),
            cartel("Los Zetas"),
            Filter {
                from: Date::parse("2019").ok(),
                to: Date::parse("2023-06").ok(),
                ..Filter::default()
            },
        ] {
            let scene = Scene::new(timeline.clone(), Grouping::Kind, &filter);
            let periods: Vec<(i64, i64)> = matching_events(&timeline, &filter)
                .iter()
                .map(|&e| timeline.events[e].day_range())
                .collect();
            let first = periods.iter().map(|p| p.0).min();
            let last = periods.iter().map(|p| p.1).max();
            assert_eq!(scene.fit_day_range(), first.zip(last), "{filter:?}");
        }
        // The whole bundled timeline: from the first 1985 event to the last of 2025.
        let (first, last) = Scene::new(timeline, Grouping::Kind, &Filter::default())
            .fit_day_range()
            .unwrap();
        assert_eq!(crate::date::civil_from_days(first).0, 1985);
        assert_eq!(crate::date::civil_from_days(last).0, 2025);
    }

    /// Three events on one day and year/month/day periods starting on the same day.
    const TIES: &str = r#"Timeline(
  title: "Ties",
  sources: [Source(id: "s", title: "S")],
  events: [
    Event(id: "z-same-day", kind: Arrest, date: "2020-03-01", title: "Z", sources: ["s"]),
    Event(id: "year", kind: Court, date: "2020", title: "Year", sources: ["s"]),
    Event(id: "a-same-day", kind: Arrest, date: "2020-03-01", title: "A", sources: ["s"]),
    Event(id: "month", kind: Court, date: "2020-03", title: "Month", sources: ["s"]),
    Event(id: "m-same-day", kind: Arrest, date: "2020-03-01", title: "M", sources: ["s"]),
    Event(id: "first-day", kind: Arrest, date: "2020-01-01", title: "Day", sources: ["s"]),
    Event(id: "span", kind: Court, date: "2020-01-01", end: "2020-02", title: "Span", sources: ["s"]),
  ],
)"#;

    #[test]
    fn any_visible_in_finds_overlapping_periods_only_among_visible_events() {
        let timeline = timeline_of(&[
            r#"Event(id: "a", kind: Arrest, date: "2001-03", title: "A", sources: ["s"])"#,
            r#"Event(id: "b", kind: Court, date: "2010", end: "2012", title: "B", sources: ["s"])"#,
        ]);
        let day = |text: &str| Date::parse(text).unwrap().first_day() as f64;
        let mut scene = Scene::new(timeline, Grouping::Kind, &Filter::default());
        // March 2001 overlaps a window from mid-March; it ends before April.
        assert!(scene.any_visible_in(day("2001-03-15"), day("2001-06-01")));
        assert!(!scene.any_visible_in(day("2001-04-01"), day("2009-12-31")));
        // Inside the span of b.
        assert!(scene.any_visible_in(day("2011-01-01"), day("2011-02-01")));
        scene.set_filter(&Filter {
            search: "A".into(),
            ..Filter::default()
        });
        assert!(!scene.any_visible_in(day("2011-01-01"), day("2011-02-01")));
        // The fit window holds every visible event.
        let window = scene.fit_window();
        assert!(window.start_day <= day("2001-03-01") && window.end_day >= day("2001-04-01"));
    }

    #[test]
    fn date_order_is_first_day_then_last_day_then_file_order() {
        let timeline = load_str(TIES).timeline.expect("loads");
        let scene = Scene::new(timeline.clone(), Grouping::Kind, &Filter::default());
        let ids: Vec<&str> = scene
            .date_order()
            .iter()
            .map(|&e| &*scene.timeline().events[e as usize].id)
            .collect();
        // 1 Jan: the day, the span to February, the year. 1 Mar: the three days in file order,
        // then the month.
        assert_eq!(
            ids,
            [
                "first-day",
                "span",
                "year",
                "z-same-day",
                "a-same-day",
                "m-same-day",
                "month"
            ]
        );
        // `list`'s oracle and each lane agree.
        let listed: Vec<u32> = matching_events(&timeline, &Filter::default())
            .into_iter()
            .map(|e| e as u32)
            .collect();
        assert_eq!(listed, scene.date_order());
        for events in scene.lane_events() {
            let in_lane: Vec<u32> = scene
                .date_order()
                .iter()
                .copied()
                .filter(|e| events.events.contains(e))
                .collect();
            assert_eq!(events.events, in_lane);
        }
    }

    #[test]
    fn the_index_sorts_every_event_in_date_order() {
        // Coarse dates make many ties among 5,000 events.
        let timeline = generate(GenerateOptions {
            events: 5000,
            ..GenerateOptions::default()
        });
        let scene = Scene::new(timeline, Grouping::Person, &Filter::default());
        let mut sorted: Vec<usize> = (0..scene.timeline().events.len()).collect();
        sort_in_date_order(scene.timeline(), &mut sorted);
        let order: Vec<usize> = scene.index().order().iter().map(|&e| e as usize).collect();
        assert_eq!(order, sorted);
        let order_u32: Vec<u32> = sorted.iter().map(|&e| e as u32).collect();
        assert_eq!(scene.date_order(), order_u32);
    }

    #[test]
    fn grouping_changes_keep_the_visible_events() {
        let timeline = bundled();
        let filter = cartel("Sinaloa Cartel");
        let mut scene = Scene::new(timeline.clone(), Grouping::Kind, &filter);
        let visible_before = scene.visibility().clone();
        let order_before = scene.date_order().to_vec();
        for grouping in [Grouping::Person, Grouping::Cartel, Grouping::Kind] {
            scene.set_grouping(grouping);
            assert_eq!(scene.grouping(), grouping);
            assert_eq!(scene.visibility(), &visible_before);
            assert_eq!(scene.date_order(), order_before);
            assert_eq!(scene.filter(), &filter);
            let fresh = Scene::new(timeline.clone(), grouping, &filter);
            assert_eq!(lane_ids(&scene), lane_ids(&fresh), "{grouping:?}");
        }
    }

    #[test]
    fn events_are_found_by_id() {
        let timeline = bundled();
        let scene = Scene::new(timeline.clone(), Grouping::Kind, &cartel("Los Zetas"));
        for (position, event) in timeline.events.iter().enumerate() {
            // Hidden events too.
            assert_eq!(scene.event_by_id(&event.id), Some(position as u32));
        }
        assert_eq!(scene.event_by_id("no-such-event"), None);
        assert_eq!(scene.event_by_id(""), None);
        // In a timeline built in code with a repeated id, the first event has it.
        let mut repeated = load_str(TIES).timeline.unwrap();
        repeated.events[4].id = "year".into();
        let scene = Scene::new(repeated, Grouping::Kind, &Filter::default());
        assert_eq!(scene.event_by_id("year"), Some(1));
    }

    #[test]
    fn an_index_of_another_timeline_is_rebuilt() {
        let timeline = bundled();
        let other = TimelineIndex::new(&load_str(TIES).timeline.unwrap());
        let scene = Scene::with_index(timeline.clone(), other, Grouping::Kind, &Filter::default());
        assert_eq!(scene.index().len(), timeline.events.len());
        assert_eq!(scene.date_order().len(), timeline.events.len());
    }
}
