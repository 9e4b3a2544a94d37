//! Compare mode: what the app marks when it shows a timeline against an older version of it.
//!
//! Pure: a [`Comparison`] holds the old timeline and the [`TimelineDiff`] of the two (see
//! [`crate::diff`]), indexed by the new timeline's events, and answers what the lanes view and
//! the panels need:
//! - which events the Changes choice ([`ChangeSet`]) leaves visible ([`Comparison::only_events`]);
//! - the mark of a visible event ([`Comparison::mark_of`]): a "+" badge for an added one, a
//!   changed one's old marker day when its date moved (a faint marker there, joined to the new);
//! - the ghosts of removed events ([`Comparison::ghosts`]): where they were (their old days) and
//!   in which lanes of the new timeline's grouping, lanes the scene must then show
//!   ([`crate::scene::Scene::set_required_lanes`]).
//!
//! It knows nothing of egui; the app's `compare` module draws what it says.

use std::collections::HashSet;
use std::sync::Arc;

use crate::diff::{Change, ChangeCounts, EventChange, TimelineDiff, diff};
use crate::filter::Filter;
use crate::index::Visibility;
use crate::lanes::{Grouping, Lane, LaneAssignment, LaneKey, UNASSIGNED};
use crate::model::{Event, Timeline};

/// Which changes the Changes section shows. Nothing chosen shows everything: every event of the
/// new timeline and the ghosts of the removed ones. Choices add up ("added" and "changed").
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ChangeSet {
    pub added: bool,
    pub removed: bool,
    pub changed: bool,
}

impl ChangeSet {
    /// True when nothing is chosen: no restriction.
    pub fn is_everything(self) -> bool {
        !(self.added || self.removed || self.changed)
    }

    /// Whether events with this change are shown.
    pub fn shows(self, change: Change) -> bool {
        self.is_everything()
            || match change {
                Change::Added => self.added,
                Change::Removed => self.removed,
                Change::Changed => self.changed,
            }
    }

    /// Whether an unchanged event is shown: only when nothing is chosen.
    pub fn shows_unchanged(self) -> bool {
        self.is_everything()
    }

    /// The choice for one kind of change, as its checkbox edits it.
    pub fn get_mut(&mut self, change: Change) -> &mut bool {
        match change {
            Change::Added => &mut self.added,
            Change::Removed => &mut self.removed,
            Change::Changed => &mut self.changed,
        }
    }
}

/// What compare mode draws on an event of the new timeline.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum CompareMark {
    /// Only in the new file: a "+" badge.
    Added,
    /// In both, with changed fields. `old_marker_day` is the day the old version's marker stood
    /// on, when it differs from the new one's: a faint marker there, joined to the new marker.
    Changed { old_marker_day: Option<f64> },
}

/// A removed event, drawn faint where it was.
#[derive(Clone, Debug, PartialEq)]
pub struct Ghost {
    /// Index into the old timeline's events.
    pub old_event: u32,
    /// The day its marker stood on (see [`marker_day`]).
    pub marker_day: f64,
    /// Its first and last day.
    pub day_range: (i64, i64),
    /// The lanes it had, in the new timeline's grouping: a person's lane when the person is
    /// still in the new timeline, else "Unassigned"; the kind's lane, which the new timeline may
    /// lack (the scene then adds it).
    pub lanes: Vec<Lane>,
}

/// A timeline compared with its older version.
#[derive(Clone, Debug)]
pub struct Comparison {
    old: Arc<Timeline>,
    diff: TimelineDiff,
    /// For each event of the new timeline, its entry in `diff.events` (none when unchanged).
    change_of_new: Vec<Option<u32>>,
    /// The entries of `diff.events` of removed events, in date order.
    removed: Vec<u32>,
}

impl Comparison {
    /// Compares `new` with `old`.
    pub fn new(old: Arc<Timeline>, new: &Timeline) -> Comparison {
        let diff = diff(&old, new);
        let mut change_of_new = vec![None; new.events.len()];
        let mut removed = Vec::new();
        for (position, change) in diff.events.iter().enumerate() {
            match change.new_event {
                Some(new_event) => {
                    if let Some(slot) = change_of_new.get_mut(new_event) {
                        *slot = Some(position as u32);
                    }
                }
                None => removed.push(position as u32),
            }
        }
        Comparison {
            old,
            diff,
            change_of_new,
            removed,
        }
    }

    /// The old version.
    pub fn old_timeline(&self) -> &Timeline {
        &self.old
    }

    /// The old version, shared: to compare it with another new version without copying it.
    pub fn shared_old_timeline(&self) -> &Arc<Timeline> {
        &self.old
    }

    pub fn diff(&self) -> &TimelineDiff {
        &self.diff
    }

    /// Events added, removed and changed, in the whole files.
    pub fn counts(&self) -> ChangeCounts {
        self.diff.event_counts()
    }

    /// The change of an event of the new timeline; `None` when it is unchanged.
    pub fn change_of_new(&self, new_event: u32) -> Option<&EventChange> {
        let position = (*self.change_of_new.get(new_event as usize)?)?;
        self.diff.events.get(position as usize)
    }

    /// The change of a removed event, by its index in the old timeline.
    pub fn removed_change(&self, old_event: u32) -> Option<&EventChange> {
        self.removed_changes()
            .find(|change| change.old_event == Some(old_event as usize))
    }

    /// The removed events, in date order.
    pub fn removed_changes(&self) -> impl Iterator<Item = &EventChange> + '_ {
        self.removed
            .iter()
            .filter_map(|&position| self.diff.events.get(position as usize))
    }

    /// The events of the new timeline (of `new_len`) that `shown` leaves visible, or `None`
    /// when it leaves them all.
    pub fn only_events(&self, shown: ChangeSet, new_len: usize) -> Option<Visibility> {
        if shown.shows_unchanged() {
            return None;
        }
        let kept = self
            .change_of_new
            .iter()
            .enumerate()
            .filter(|(_, position)| {
                position
                    .and_then(|p| self.diff.events.get(p as usize))
                    .is_some_and(|change| shown.shows(change.change))
            })
            .map(|(event, _)| event);
        Some(Visibility::from_indices(new_len, kept))
    }

    /// The mark of an event of the new timeline (`None`: unchanged).
    pub fn mark_of(&self, new: &Timeline, new_event: u32) -> Option<CompareMark> {
        let change = self.change_of_new(new_event)?;
        match change.change {
            Change::Added => Some(CompareMark::Added),
            Change::Removed => None,
            Change::Changed => {
                let old_day = change
                    .old_event
                    .and_then(|index| self.old.events.get(index))
                    .map(marker_day);
                let new_day = new.events.get(new_event as usize).map(marker_day);
                let old_marker_day = match (old_day, new_day) {
                    (Some(old), Some(new)) if old != new => Some(old),
                    _ => None,
                };
                Some(CompareMark::Changed { old_marker_day })
            }
        }
    }

    /// The ghosts of the removed events that `shown` and `filter` leave visible (the filter is
    /// applied to the old timeline, where these events are), with their lanes in `grouping` of
    /// `new`.
    pub fn ghosts(
        &self,
        shown: ChangeSet,
        filter: &Filter,
        new: &Timeline,
        grouping: Grouping,
    ) -> Vec<Ghost> {
        if !shown.shows(Change::Removed) || self.removed.is_empty() {
            return Vec::new();
        }
        let compiled = filter.compile(&self.old);
        let old_lanes = LaneAssignment::new(&self.old, grouping);
        let person_index = new.person_index();
        let cartel_index = new.cartel_index();
        // An old lane as a lane of the new timeline's grouping.
        let translate = |lane: &Lane| -> Lane {
            let unassigned = || Lane {
                key: LaneKey::Unassigned,
                label: UNASSIGNED.to_string(),
                color_rgb: crate::lanes::UNASSIGNED_COLOR,
            };
            let key = match lane.key {
                LaneKey::Kind(kind) => LaneKey::Kind(kind),
                LaneKey::Person(old_index) => {
                    let id = self.old.people.get(old_index).map(|p| p.id.as_str());
                    match id.and_then(|id| person_index.get(id)) {
                        Some(&new_index) => LaneKey::Person(new_index),
                        None => return unassigned(),
                    }
                }
                LaneKey::Cartel(old_index) => {
                    let id = self.old.cartels.get(old_index).map(|c| c.id.as_str());
                    match id.and_then(|id| cartel_index.get(id)) {
                        Some(&new_index) => LaneKey::Cartel(new_index),
                        None => return unassigned(),
                    }
                }
                LaneKey::Unassigned => return unassigned(),
            };
            Lane {
                key,
                label: lane.label.clone(),
                color_rgb: lane.color_rgb,
            }
        };
        self.removed_changes()
            .filter_map(|change| {
                let index = change.old_event?;
                let event = self.old.events.get(index)?;
                if !compiled.matches(event) {
                    return None;
                }
                let mut lanes: Vec<Lane> = Vec::new();
                for &lane in old_lanes.lanes_of_event.of(index) {
                    if let Some(old_lane) = old_lanes.lanes.get(lane as usize) {
                        let lane = translate(old_lane);
                        if !lanes.iter().any(|l| l.key == lane.key) {
                            lanes.push(lane);
                        }
                    }
                }
                Some(Ghost {
                    old_event: index as u32,
                    marker_day: marker_day(event),
                    day_range: event.day_range(),
                    lanes,
                })
            })
            .collect()
    }
}

/// The lanes the ghosts are drawn in, each once: the lanes a scene must show for them.
pub fn lanes_of_ghosts(ghosts: &[Ghost]) -> Vec<Lane> {
    let mut seen = HashSet::new();
    ghosts
        .iter()
        .flat_map(|ghost| &ghost.lanes)
        .filter(|lane| seen.insert(lane.key.clone()))
        .cloned()
        .collect()
}

/// The day an event's marker stands on, as the layout places it: a span's start, the middle of
/// a single date's period (a whole month or year for a coarse date).
pub fn marker_day(event: &Event) -> f64 {
    let (first_day, last_day) = event.day_range();
    if event.end.is_some() {
        first_day as f64
    } else {
        (first_day as f64 + last_day as f64 + 1.0) / 2.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::load_str;
    use crate::model::KindLane;
    use crate::scene::Scene;

    fn fixture(name: &str) -> Timeline {
        let path = format!("{}/tests/data/diff/{name}", env!("CARGO_MANIFEST_DIR"));
        let text = std::fs::read_to_string(&path).expect("the fixture is there");
        load_str(&text).timeline.expect("the fixture loads")
    }

    /// `tests/data/diff/new.ron` compared with `old.ron` (every change is listed there).
    fn pair() -> (Comparison, Timeline) {
        let new = fixture("new.ron");
        (Comparison::new(Arc::new(fixture("old.ron")), &new), new)
    }

    fn index_of(timeline: &Timeline, id: &str) -> u32 {
        timeline.events.iter().position(|e| &*e.id == id).expect(id) as u32
    }

    fn ids(timeline: &Timeline, visibility: &Visibility) -> Vec<String> {
        let mut ids: Vec<String> = visibility
            .iter()
            .map(|e| timeline.events[e].id.to_string())
            .collect();
        ids.sort();
        ids
    }

    #[test]
    fn counts_and_the_changes_choice_select_the_events() {
        let (comparison, new) = pair();
        let counts = comparison.counts();
        assert_eq!((counts.added, counts.removed, counts.changed), (1, 1, 5));
        let len = new.events.len();
        assert_eq!(comparison.only_events(ChangeSet::default(), len), None);
        let changed = ChangeSet {
            changed: true,
            ..ChangeSet::default()
        };
        let only = comparison.only_events(changed, len).unwrap();
        assert_eq!(
            ids(&new, &only),
            [
                "arrest-2014",
                "escape",
                "extradited-2017",
                "raid",
                "recaptured"
            ]
        );
        let added = ChangeSet {
            added: true,
            ..ChangeSet::default()
        };
        let only = comparison.only_events(added, len).unwrap();
        assert_eq!(ids(&new, &only), ["ovidio-arrest"]);
        // Removed events are not in the new timeline: choosing them hides every new event.
        let removed = ChangeSet {
            removed: true,
            ..ChangeSet::default()
        };
        assert_eq!(comparison.only_events(removed, len).unwrap().count(), 0);
    }

    #[test]
    fn a_re_dated_event_keeps_its_old_marker_day_and_an_added_one_is_marked() {
        let (comparison, new) = pair();
        let old = comparison.old_timeline();
        // `2015` → `2015-07-11`: the old marker stood in the middle of 2015.
        let escape = index_of(&new, "escape");
        let old_escape = &old.events[index_of(old, "escape") as usize];
        assert_eq!(
            comparison.mark_of(&new, escape),
            Some(CompareMark::Changed {
                old_marker_day: Some(marker_day(old_escape))
            })
        );
        let (first, last) = old_escape.day_range();
        assert_eq!(marker_day(old_escape), (first + last + 1) as f64 / 2.0);
        // Same date, other fields changed: no old marker.
        assert_eq!(
            comparison.mark_of(&new, index_of(&new, "raid")),
            Some(CompareMark::Changed {
                old_marker_day: None
            })
        );
        assert_eq!(
            comparison.mark_of(&new, index_of(&new, "ovidio-arrest")),
            Some(CompareMark::Added)
        );
        // The renamed event is a change, with its old id.
        let renamed = comparison
            .change_of_new(index_of(&new, "extradited-2017"))
            .unwrap();
        assert_eq!(renamed.renamed_from(), Some("extradition"));
    }

    #[test]
    fn a_ghost_goes_in_its_old_lane_which_the_scene_then_shows() {
        let (comparison, new) = pair();
        let talks = index_of(comparison.old_timeline(), "talks");
        let ghosts = comparison.ghosts(
            ChangeSet::default(),
            &Filter::default(),
            &new,
            Grouping::Kind,
        );
        assert_eq!(ghosts.len(), 1);
        assert_eq!(ghosts[0].old_event, talks);
        // The new file has no policy event left: its lane is added, after the others.
        assert_eq!(ghosts[0].lanes.len(), 1);
        assert_eq!(ghosts[0].lanes[0].key, LaneKey::Kind(KindLane::Policy));
        let mut scene = Scene::new(new.clone(), Grouping::Kind, &Filter::default());
        assert!(scene.lanes().iter().all(|l| l.label != "Policy"));
        scene.set_required_lanes(lanes_of_ghosts(&ghosts));
        assert_eq!(scene.lanes().last().unwrap().label, "Policy");

        // Choosing only removed events hides every new event, yet the ghost's lane stays.
        let removed = ChangeSet {
            removed: true,
            ..ChangeSet::default()
        };
        scene.set_only_events(comparison.only_events(removed, new.events.len()));
        assert_eq!(scene.visible_count(), 0);
        let labels: Vec<&str> = scene.lanes().iter().map(|l| l.label.as_str()).collect();
        assert_eq!(labels, ["Policy"]);
        assert_eq!(scene.folded_lane_count(), 5);
        scene.set_required_lanes(Vec::new());
        assert!(scene.lanes().is_empty());

        // Filters apply to ghosts in the old timeline; "changed" leaves none.
        let arrests = Filter {
            kinds: vec![crate::model::KindSelector::Exact(
                crate::model::Kind::Arrest,
            )],
            ..Filter::default()
        };
        assert!(
            comparison
                .ghosts(ChangeSet::default(), &arrests, &new, Grouping::Kind)
                .is_empty()
        );
        let changed = ChangeSet {
            changed: true,
            ..ChangeSet::default()
        };
        assert!(
            comparison
                .ghosts(changed, &Filter::default(), &new, Grouping::Kind)
                .is_empty()
        );
    }

    #[test]
    fn by_cartel_a_ghost_goes_in_the_lane_of_its_cartel_in_the_new_timeline() {
        let (comparison, new) = pair();
        // `talks` names the Sinaloa cartel, which is in the new timeline at its own index.
        let ghosts = comparison.ghosts(
            ChangeSet::default(),
            &Filter::default(),
            &new,
            Grouping::Cartel,
        );
        let sinaloa = new.cartels.iter().position(|c| c.id == "sinaloa").unwrap();
        assert_eq!(ghosts[0].lanes.len(), 1);
        assert_eq!(ghosts[0].lanes[0].key, LaneKey::Cartel(sinaloa));
        // That lane is shown already: nothing is added.
        let mut scene = Scene::new(new.clone(), Grouping::Cartel, &Filter::default());
        let before = scene.lanes().to_vec();
        scene.set_required_lanes(lanes_of_ghosts(&ghosts));
        assert_eq!(scene.lanes(), &before[..]);
    }
}
