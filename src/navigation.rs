//! Moving the selection by keyboard over a [`Scene`]'s visible events, and the sentence a screen
//! reader says for an event. Pure: the lanes view maps keys to these calls.
//!
//! Left/Right step through every visible event by date ([`step_by_date`]); Up/Down move to the
//! lane above or below, to the event nearest in date to the one selected ([`step_to_lane`]). An
//! event in several lanes (two cartels) is in each; the view remembers which lane the reader is
//! in, so Up then Down comes back to the same lane.

use crate::date::format_period;
use crate::diagnostic::plural;
use crate::event_table::{Column, Names, cell_text};
use crate::model::Timeline;
use crate::scene::Scene;

/// Which way Up/Down move between lanes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LaneDirection {
    Up,
    Down,
}

/// The previous (`forward` false) or next visible event in date order after `selected`; with
/// nothing selected (or a hidden event), the first or the last. `None` when nothing is visible.
/// At either end the selection stays where it is.
pub fn step_by_date(scene: &Scene, selected: Option<u32>, forward: bool) -> Option<u32> {
    let order = scene.date_order();
    let last = order.len().checked_sub(1)?;
    let current = selected.and_then(|s| order.iter().position(|&e| e == s));
    let next = match (current, forward) {
        (None, true) => 0,
        (None, false) => last,
        (Some(i), true) => (i + 1).min(last),
        (Some(i), false) => i.saturating_sub(1),
    };
    order.get(next).copied()
}

/// The lanes (indices into [`Scene::lanes`]) that show `event`, top to bottom.
pub fn lanes_of(scene: &Scene, event: u32) -> Vec<usize> {
    let Some(first_day) = first_day_of(scene, event) else {
        return Vec::new();
    };
    scene
        .lane_events()
        .iter()
        .enumerate()
        .filter(|(_, lane)| {
            // Events are in date order: only those starting on the same day can be it.
            let from = lane.first_days.partition_point(|&d| d < first_day);
            let to = lane.first_days.partition_point(|&d| d <= first_day);
            lane.events
                .get(from..to)
                .is_some_and(|e| e.contains(&event))
        })
        .map(|(index, _)| index)
        .collect()
}

/// Up or Down from `selected`, seen in `current_lane` (else its first lane): the event nearest
/// in date in the next lane that way with a visible event, and that lane. Ties go to the
/// earlier event. `None` at the top or bottom lane, or with nothing selected.
pub fn step_to_lane(
    scene: &Scene,
    selected: u32,
    current_lane: Option<usize>,
    direction: LaneDirection,
) -> Option<(usize, u32)> {
    let day = first_day_of(scene, selected)?;
    let lanes = lanes_of(scene, selected);
    let from = current_lane
        .filter(|lane| lanes.contains(lane))
        .or_else(|| lanes.first().copied())?;
    let lane_events = scene.lane_events();
    let candidates: Box<dyn Iterator<Item = usize>> = match direction {
        LaneDirection::Up => Box::new((0..from).rev()),
        LaneDirection::Down => Box::new(from + 1..lane_events.len()),
    };
    candidates
        .into_iter()
        .find_map(|lane| nearest_in_lane(scene, lane, day).map(|event| (lane, event)))
}

/// The visible event of `lane` whose first day is nearest `day` (the earlier on a tie).
pub fn nearest_in_lane(scene: &Scene, lane: usize, day: i32) -> Option<u32> {
    let lane = scene.lane_events().get(lane)?;
    let at = lane.first_days.partition_point(|&d| d < day);
    let before = at.checked_sub(1);
    let after = (at < lane.events.len()).then_some(at);
    let distance = |i: usize| {
        lane.first_days
            .get(i)
            .map(|&d| (i64::from(d) - i64::from(day)).abs())
    };
    let best = match (before, after) {
        (Some(b), Some(a)) if distance(a) < distance(b) => a,
        (Some(b), _) => b,
        (None, Some(a)) => a,
        (None, None) => return None,
    };
    lane.events.get(best).copied()
}

fn first_day_of(scene: &Scene, event: u32) -> Option<i32> {
    let event = scene.timeline().events.get(event as usize)?;
    i32::try_from(event.date.first_day()).ok()
}

/// What a screen reader says for an event: "Arrest, 1985: Caro Quintero arrested. Guadalajara
/// Cartel. 3 sources." — kind, date (or period), title, cartels when any, how many sources.
pub fn spoken_description(timeline: &Timeline, event: u32) -> Option<String> {
    let e = timeline.events.get(event as usize)?;
    let mut text = format!(
        "{}, {}: {}",
        e.kind.label(),
        format_period(e.date, e.end),
        e.title.trim_end_matches('.')
    );
    text.push('.');
    let cartels = cell_text(e, Column::Cartels, &Names::of(timeline));
    if !cartels.is_empty() {
        text.push(' ');
        text.push_str(&cartels);
        text.push('.');
    }
    text.push(' ');
    text.push_str(&plural(e.sources().len(), "source"));
    text.push('.');
    Some(text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::filter::Filter;
    use crate::lanes::Grouping;
    use crate::load::load_str;

    /// Cartel lanes, top to bottom in order of first appearance: gdl (1985…), sin (1989…),
    /// then "Unassigned" (the event with no cartel).
    const TIMELINE: &str = r#"Timeline(
  title: "T",
  cartels: [Cartel(id: "gdl", name: "Guadalajara Cartel"), Cartel(id: "sin", name: "Sinaloa Cartel")],
  sources: [Source(id: "s", title: "S"), Source(id: "t", title: "T"), Source(id: "u", title: "U")],
  events: [
    Event(id: "arrest", kind: Arrest, date: "1985", title: "Caro Quintero arrested", cartels: ["gdl"], sources: ["s", "t", "u"]),
    Event(id: "split", kind: Other, date: "1989", title: "The cartel splits.", cartels: ["gdl", "sin"], sources: ["s"]),
    Event(id: "escape", kind: Escape, date: "2001-01-19", title: "Escape", cartels: ["sin"], sources: ["s"]),
    Event(id: "late", kind: Court, date: "2019-02", end: "2019-07", title: "Verdict", cartels: ["sin"], sources: ["s"]),
    Event(id: "law", kind: Policy(Law), date: "1990", title: "A law", sources: ["s"]),
  ],
)"#;

    fn scene(filter: &Filter) -> Scene {
        let loaded = load_str(TIMELINE);
        let timeline = loaded
            .timeline
            .unwrap_or_else(|| panic!("{:?}", loaded.diagnostics));
        Scene::new(timeline, Grouping::Cartel, filter)
    }

    fn id(scene: &Scene, event: Option<u32>) -> Option<String> {
        event.map(|e| scene.timeline().events[e as usize].id.to_string())
    }

    fn event(scene: &Scene, id: &str) -> u32 {
        scene.event_by_id(id).expect("event")
    }

    #[test]
    fn left_and_right_walk_the_visible_events_by_date_and_stop_at_the_ends() {
        let scene = scene(&Filter::default());
        let mut selected = None;
        let mut seen = Vec::new();
        for _ in 0..6 {
            selected = step_by_date(&scene, selected, true);
            seen.extend(id(&scene, selected));
        }
        assert_eq!(
            seen,
            ["arrest", "split", "law", "escape", "late", "late"].map(String::from)
        );
        assert_eq!(
            id(&scene, step_by_date(&scene, None, false)).as_deref(),
            Some("late")
        );
        let first = event(&scene, "arrest");
        assert_eq!(step_by_date(&scene, Some(first), false), Some(first));
    }

    #[test]
    fn stepping_skips_what_the_filter_hides() {
        let filter = Filter {
            cartels: vec!["sin".into()],
            ..Filter::default()
        };
        let scene = scene(&filter);
        let split = event(&scene, "split");
        assert_eq!(
            id(&scene, step_by_date(&scene, Some(split), true)).as_deref(),
            Some("escape")
        );
        assert_eq!(
            step_by_date(
                &Scene::new(
                    scene.shared_timeline().clone(),
                    Grouping::Cartel,
                    &Filter {
                        cartels: vec!["nobody".into()],
                        ..Filter::default()
                    }
                ),
                None,
                true
            ),
            None
        );
    }

    #[test]
    fn up_and_down_go_to_the_nearest_event_by_date_in_the_next_lane() {
        let scene = scene(&Filter::default());
        let labels: Vec<&str> = scene.lanes().iter().map(|l| l.label.as_str()).collect();
        assert_eq!(
            labels,
            ["Guadalajara Cartel", "Sinaloa Cartel", "Unassigned"]
        );
        let arrest = event(&scene, "arrest");
        // 1985 in Guadalajara: down to Sinaloa's nearest, the 1989 split (not 2001).
        let (lane, down) = step_to_lane(&scene, arrest, None, LaneDirection::Down).expect("down");
        assert_eq!(
            (lane, id(&scene, Some(down)).as_deref()),
            (1, Some("split"))
        );
        // The split is in both cartels' lanes: from Sinaloa's, down is Unassigned's law…
        let (lane, law) = step_to_lane(&scene, down, Some(1), LaneDirection::Down).expect("down");
        assert_eq!((lane, id(&scene, Some(law)).as_deref()), (2, Some("law")));
        // …and from Guadalajara's, up is nothing: it is the top lane.
        assert_eq!(step_to_lane(&scene, down, Some(0), LaneDirection::Up), None);
        assert_eq!(step_to_lane(&scene, law, None, LaneDirection::Down), None);
        // Up from 2019 in Sinaloa: Guadalajara's nearest is the split (1989), its last.
        let late = event(&scene, "late");
        let (lane, up) = step_to_lane(&scene, late, None, LaneDirection::Up).expect("up");
        assert_eq!((lane, id(&scene, Some(up)).as_deref()), (0, Some("split")));
        assert_eq!(lanes_of(&scene, down), vec![0, 1]);
    }

    #[test]
    fn the_spoken_description_names_kind_date_title_cartels_and_sources() {
        let scene = scene(&Filter::default());
        let timeline = scene.timeline();
        assert_eq!(
            spoken_description(timeline, event(&scene, "arrest")).as_deref(),
            Some("Arrest, 1985: Caro Quintero arrested. Guadalajara Cartel. 3 sources.")
        );
        assert_eq!(
            spoken_description(timeline, event(&scene, "split")).as_deref(),
            Some("Other, 1989: The cartel splits. Guadalajara Cartel, Sinaloa Cartel. 1 source.")
        );
        let late = spoken_description(timeline, event(&scene, "late")).expect("text");
        assert_eq!(
            late,
            "Court, Feb 2019 – Jul 2019: Verdict. Sinaloa Cartel. 1 source."
        );
        assert_eq!(
            spoken_description(timeline, event(&scene, "law")).as_deref(),
            Some("Policy: law, 1990: A law. 1 source.")
        );
        assert_eq!(spoken_description(timeline, 99), None);
    }
}
