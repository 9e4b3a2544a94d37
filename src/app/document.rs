//! The open timeline and what is derived from it: lanes for the current grouping, the visibility
//! of each event under the current filter, and the per-lane index the view draws from.
//!
//! Derived data is recomputed when the timeline, the grouping or the filter changes, never per
//! frame.

use std::path::{Path, PathBuf};

use crate::diagnostic::Diagnostic;
use crate::filter::Filter;
use crate::flat_lists::FlatLists;
use crate::index::{TimelineIndex, Visibility};
use crate::lanes::{Grouping, LaneAssignment, LaneEvents, VisiblePeriod, index_in_date_order};
use crate::model::Timeline;

/// The bundled default timeline, embedded in the binary.
pub const BUNDLED_TIMELINE: &str = include_str!("../../timelines/mexico-us-extraditions.ron");

/// Where the timeline on screen came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Origin {
    Bundled,
    File(PathBuf),
}

impl Origin {
    pub fn path(&self) -> Option<&Path> {
        match self {
            Origin::Bundled => None,
            Origin::File(path) => Some(path),
        }
    }

    /// For the status bar and messages.
    pub fn describe(&self) -> String {
        match self {
            Origin::Bundled => "bundled timeline".into(),
            Origin::File(path) => path.display().to_string(),
        }
    }

    /// True for a TimelineJS file converted on opening (it can be saved as a Chronolanes file).
    pub fn is_import(&self) -> bool {
        self.path().and_then(crate::import::detect_format).is_some()
    }

    /// The name diagnostics are prefixed with.
    pub fn file_name(&self) -> String {
        match self {
            Origin::Bundled => "mexico-us-extraditions.ron".into(),
            Origin::File(path) => path.display().to_string(),
        }
    }
}

/// The outcome of reading and loading one file: a timeline, or why there is none.
#[derive(Clone, Debug)]
pub struct LoadOutcome {
    pub origin: Origin,
    pub timeline: Option<Timeline>,
    pub diagnostics: Vec<Diagnostic>,
}

impl LoadOutcome {
    pub fn first_error(&self) -> Option<&Diagnostic> {
        self.diagnostics.iter().find(|d| d.is_error())
    }
}

pub fn load_bundled() -> LoadOutcome {
    let loaded = crate::load::load_str(BUNDLED_TIMELINE);
    LoadOutcome {
        origin: Origin::Bundled,
        timeline: loaded.timeline,
        diagnostics: loaded.diagnostics,
    }
}

/// The timeline on screen with its derived data.
pub struct Document {
    pub origin: Origin,
    pub timeline: Timeline,
    /// Warnings (and, for a document opened broken, errors) of the load that produced it.
    pub diagnostics: Vec<Diagnostic>,
    /// Built once per load (while loading, for files): sorted periods and the arrays a filter
    /// change runs over.
    pub index: TimelineIndex,
    pub grouping: Grouping,
    /// The lanes. Its `lanes_of_event` (by event index) is empty: the document keeps them in
    /// start order instead, in `lanes_by_start`, and a million events need only one of the two.
    pub lanes: LaneAssignment,
    /// The lanes of each event in the index's start order, for rebuilding `lane_events`.
    lanes_by_start: FlatLists,
    /// Which events pass the filter.
    pub visible: Visibility,
    /// The visible events of each lane, sorted by start.
    pub lane_events: Vec<LaneEvents>,
    /// Every visible event once, in date order (for stepping with Left/Right).
    pub visible_in_order: Vec<u32>,
    /// First and last day of the visible events, for "fit all".
    pub visible_day_range: Option<(i64, i64)>,
    /// Events per kind lane, person and cartel in the whole file, for the filter panel.
    pub counts: EntityCounts,
    /// Errors and warnings among `diagnostics`, counted once for the status bar.
    pub diagnostic_counts: crate::diagnostic::Counts,
}

/// How many events of the file name each kind, person and cartel (a cartel also counts the
/// events of its members, as the filter does).
#[derive(Clone, Debug, Default)]
pub struct EntityCounts {
    pub kinds: std::collections::HashMap<crate::model::KindLane, usize>,
    /// Policy subkinds present, in legend order.
    pub policies: Vec<crate::model::PolicyKind>,
    pub people: Vec<usize>,
    pub cartels: Vec<usize>,
}

impl EntityCounts {
    fn of(timeline: &Timeline) -> Self {
        use std::collections::HashMap;
        let person_index = timeline.person_index();
        let cartel_index = timeline.cartel_index();
        let mut counts = EntityCounts {
            kinds: HashMap::new(),
            policies: Vec::new(),
            people: vec![0; timeline.people.len()],
            cartels: vec![0; timeline.cartels.len()],
        };
        // Each person's cartels as indices, resolved once rather than for every event.
        let mut member_cartels = FlatLists::default();
        for person in &timeline.people {
            member_cartels.push(
                person
                    .cartels
                    .iter()
                    .filter_map(|c| cartel_index.get(c.as_str()).map(|&i| i as u32)),
            );
        }
        let mut cartels_of_event = Vec::new();
        for event in &timeline.events {
            *counts.kinds.entry(event.kind.lane()).or_default() += 1;
            if let Some(policy) = event.kind.policy()
                && !counts.policies.contains(&policy)
            {
                counts.policies.push(policy);
            }
            cartels_of_event.clear();
            for id in event.people() {
                if let Some(&p) = person_index.get(id.as_str()) {
                    if let Some(count) = counts.people.get_mut(p) {
                        *count += 1;
                    }
                    cartels_of_event.extend(member_cartels.of(p).iter().map(|&c| c as usize));
                }
            }
            cartels_of_event.extend(
                event
                    .cartels()
                    .iter()
                    .filter_map(|c| cartel_index.get(c.as_str()).copied()),
            );
            cartels_of_event.sort_unstable();
            cartels_of_event.dedup();
            for &c in &cartels_of_event {
                if let Some(count) = counts.cartels.get_mut(c) {
                    *count += 1;
                }
            }
        }
        counts.policies.sort_unstable();
        counts
    }
}

/// The lanes of `grouping`, and each event's lanes in the index's start order (moved out of the
/// assignment, which then lists none by event index).
fn lanes_in_start_order(
    timeline: &Timeline,
    grouping: Grouping,
    index: &TimelineIndex,
) -> (LaneAssignment, FlatLists) {
    let mut lanes = LaneAssignment::new(timeline, grouping);
    let by_start = std::mem::take(&mut lanes.lanes_of_event).reordered(index.order());
    (lanes, by_start)
}

impl Document {
    /// A document in `grouping` with every event visible; the index is built here.
    pub fn new(
        origin: Origin,
        timeline: Timeline,
        diagnostics: Vec<Diagnostic>,
        grouping: Grouping,
    ) -> Self {
        let index = TimelineIndex::new(&timeline);
        Document::build(
            origin,
            timeline,
            index,
            diagnostics,
            grouping,
            &Filter::default(),
        )
    }

    /// A document from a timeline and its index (built while loading), in `grouping` and
    /// filtered by `filter`: each derived structure is computed once.
    pub fn build(
        origin: Origin,
        timeline: Timeline,
        index: TimelineIndex,
        diagnostics: Vec<Diagnostic>,
        grouping: Grouping,
        filter: &Filter,
    ) -> Self {
        let (lanes, lanes_by_start) = lanes_in_start_order(&timeline, grouping, &index);
        let mut document = Document {
            lanes_by_start,
            lanes,
            counts: EntityCounts::of(&timeline),
            diagnostic_counts: crate::diagnostic::Counts::of(&diagnostics),
            visible: Visibility::all(timeline.events.len()),
            origin,
            timeline,
            diagnostics,
            index,
            grouping,
            lane_events: Vec::new(),
            visible_in_order: Vec::new(),
            visible_day_range: None,
        };
        document.apply_filter(filter);
        document
    }

    /// An empty document standing in for a file that could not be loaded at all.
    pub fn empty(origin: Origin, diagnostics: Vec<Diagnostic>) -> Self {
        let title = origin
            .path()
            .and_then(|p| p.file_name())
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "Untitled".into());
        let timeline = Timeline {
            title,
            ..Timeline::default()
        };
        Document::new(origin, timeline, diagnostics, Grouping::Kind)
    }

    pub fn set_grouping(&mut self, grouping: Grouping, filter: &Filter) {
        if grouping != self.grouping {
            self.grouping = grouping;
            (self.lanes, self.lanes_by_start) =
                lanes_in_start_order(&self.timeline, grouping, &self.index);
            self.apply_filter(filter);
        }
    }

    /// Recomputes visibility and the per-lane index: once per filter change, through the
    /// index's flat arrays (tens of milliseconds for a million events).
    pub fn apply_filter(&mut self, filter: &Filter) {
        self.visible = self.index.apply_filter(&self.timeline, filter);
        let visible = &self.visible;
        let lanes_by_start = &self.lanes_by_start;
        let visible_periods = self
            .index
            .periods_by_start()
            .enumerate()
            .filter(|(_, (event, _, _))| visible.is_visible(*event as usize))
            .map(|(position, (event, first_day, last_day))| VisiblePeriod {
                event,
                first_day,
                last_day,
                lanes: lanes_by_start.of(position),
            });
        // One pass builds the lanes, the date order and the day range together.
        let mut in_order = Vec::with_capacity(visible.count());
        let mut day_range: Option<(i64, i64)> = None;
        self.lane_events = index_in_date_order(
            self.lanes.lanes.len(),
            visible_periods.inspect(|period| {
                in_order.push(period.event);
                day_range = Some(match day_range {
                    Some((low, high)) => (low.min(period.first_day), high.max(period.last_day)),
                    None => (period.first_day, period.last_day),
                });
            }),
        );
        self.visible_in_order = in_order;
        self.visible_day_range = day_range;
    }

    /// Number of events that pass the filter.
    pub fn visible_count(&self) -> usize {
        self.visible.count()
    }

    pub fn is_visible(&self, event: u32) -> bool {
        self.visible.is_visible(event as usize)
    }

    pub fn event_index_by_id(&self, id: &str) -> Option<u32> {
        self.timeline
            .events
            .iter()
            .position(|e| &*e.id == id)
            .map(|i| i as u32)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::filter::matching_events;
    use crate::lanes::index_visible;

    /// What each lane shows, as sorted sets (the order of events starting the same day may
    /// differ between the two ways of building lanes).
    fn lane_sets(lanes: &[LaneEvents]) -> Vec<Vec<u32>> {
        lanes
            .iter()
            .map(|lane| {
                assert!(lane.first_days.is_sorted(), "each lane is sorted by start");
                let mut events = lane.events.clone();
                events.sort_unstable();
                events
            })
            .collect()
    }

    #[test]
    fn entity_counts_are_what_filtering_by_each_entity_shows() {
        let timeline = load_bundled().timeline.expect("the bundled timeline loads");
        let counts = EntityCounts::of(&timeline);
        for (cartel, &count) in timeline.cartels.iter().zip(&counts.cartels) {
            let filter = Filter {
                cartels: vec![cartel.id.clone()],
                ..Filter::default()
            };
            assert_eq!(
                count,
                matching_events(&timeline, &filter).len(),
                "{}",
                cartel.id
            );
        }
        for (person, &count) in timeline.people.iter().zip(&counts.people) {
            let filter = Filter {
                people: vec![person.id.clone()],
                ..Filter::default()
            };
            assert_eq!(
                count,
                matching_events(&timeline, &filter).len(),
                "{}",
                person.id
            );
        }
        assert!(counts.cartels.iter().any(|&c| c > 1));
    }

    #[test]
    fn filter_changes_through_the_index_show_what_the_filter_matches_in_every_grouping() {
        let timeline = load_bundled().timeline.expect("the bundled timeline loads");
        let filters = [
            Filter::default(),
            Filter {
                cartels: vec!["Sinaloa Cartel".into()],
                ..Filter::default()
            },
            Filter {
                search: "extradit".into(),
                ..Filter::default()
            },
            Filter {
                from: crate::date::Date::parse("2019").ok(),
                to: crate::date::Date::parse("2023-06").ok(),
                ..Filter::default()
            },
        ];
        let mut document = Document::new(
            Origin::Bundled,
            timeline.clone(),
            Vec::new(),
            Grouping::Kind,
        );
        for grouping in [Grouping::Kind, Grouping::Person, Grouping::Cartel] {
            for filter in &filters {
                document.set_grouping(grouping, filter);
                document.apply_filter(filter);
                let matching = matching_events(&timeline, filter);
                let mut visible = vec![false; timeline.events.len()];
                for &event in &matching {
                    visible[event] = true;
                }
                let assignment = LaneAssignment::new(&timeline, grouping);
                assert_eq!(assignment.lanes, document.lanes.lanes);
                let expected = index_visible(&timeline, &assignment, &visible);
                assert_eq!(document.visible_count(), matching.len(), "{filter:?}");
                assert_eq!(
                    lane_sets(&document.lane_events),
                    lane_sets(&expected),
                    "{grouping:?} {filter:?}"
                );
                let mut in_order = document.visible_in_order.clone();
                let days: Vec<i64> = in_order
                    .iter()
                    .map(|&e| timeline.events[e as usize].day_range().0)
                    .collect();
                assert!(days.is_sorted(), "stepping goes by date");
                in_order.sort_unstable();
                let mut matching: Vec<u32> = matching.iter().map(|&e| e as u32).collect();
                matching.sort_unstable();
                assert_eq!(in_order, matching);
            }
        }
    }
}
