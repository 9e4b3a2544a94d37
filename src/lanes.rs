//! Lanes: which horizontal band each event is drawn in, for grouping by kind, person or cartel,
//! and a per-lane index of the visible events in date order (sorted by start), so that a frame
//! finds the events in its time window by binary search instead of scanning the file. Which
//! lanes are shown for a filter is [`crate::scene::Scene`]'s to decide.

use std::collections::HashMap;

use crate::flat_lists::FlatLists;
use crate::model::{KindLane, Timeline};

#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize,
)]
pub enum Grouping {
    #[default]
    Kind,
    Person,
    Cartel,
}

impl Grouping {
    pub const ALL: [Grouping; 3] = [Grouping::Kind, Grouping::Person, Grouping::Cartel];

    pub fn label(self) -> &'static str {
        match self {
            Grouping::Kind => "Kind",
            Grouping::Person => "Person",
            Grouping::Cartel => "Cartel",
        }
    }
}

impl std::str::FromStr for Grouping {
    type Err = String;
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        match text.to_ascii_lowercase().as_str() {
            "kind" => Ok(Grouping::Kind),
            "person" => Ok(Grouping::Person),
            "cartel" => Ok(Grouping::Cartel),
            _ => Err(format!(
                "unknown grouping `{text}`; expected kind, person or cartel"
            )),
        }
    }
}

/// Label used for events with no person (or no cartel) when grouping by person (cartel).
pub const UNASSIGNED: &str = "Unassigned";

/// What a lane stands for.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum LaneKey {
    Kind(KindLane),
    /// Index into `timeline.people`.
    Person(usize),
    /// Index into `timeline.cartels`.
    Cartel(usize),
    Unassigned,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Lane {
    pub key: LaneKey,
    pub label: String,
    /// `0xRRGGBB`.
    pub color_rgb: u32,
}

/// The lanes of one timeline for one grouping, and which lanes each event appears in.
#[derive(Clone, Debug, Default)]
pub struct LaneAssignment {
    pub grouping: Grouping,
    pub lanes: Vec<Lane>,
    /// For each event (by index), the lanes it is drawn in: one for kinds, one or more for people
    /// and cartels.
    pub lanes_of_event: FlatLists,
}

/// Colours of person and cartel lanes without a colour of their own, in order of first appearance.
pub const LANE_PALETTE: [u32; 10] = [
    0x1f77b4, 0xd62728, 0x2ca02c, 0x9467bd, 0xff7f0e, 0x17becf, 0x8c564b, 0xe377c2, 0xbcbd22,
    0x7f7f7f,
];
/// The colour of the "Unassigned" lane.
pub const UNASSIGNED_COLOR: u32 = 0x95a5a6;

/// Parses `#rgb` / `#rrggbb` into `0xRRGGBB`.
pub fn parse_hex_color(text: &str) -> Option<u32> {
    let hex = text.strip_prefix('#')?;
    if !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    match hex.len() {
        6 => u32::from_str_radix(hex, 16).ok(),
        3 => {
            let short = u32::from_str_radix(hex, 16).ok()?;
            let (r, g, b) = ((short >> 8) & 0xf, (short >> 4) & 0xf, short & 0xf);
            Some((r * 0x11) << 16 | (g * 0x11) << 8 | (b * 0x11))
        }
        _ => None,
    }
}

impl LaneAssignment {
    pub fn new(timeline: &Timeline, grouping: Grouping) -> Self {
        match grouping {
            Grouping::Kind => by_kind(timeline),
            Grouping::Person => by_entity(timeline, Grouping::Person),
            Grouping::Cartel => by_entity(timeline, Grouping::Cartel),
        }
    }
}

fn by_kind(timeline: &Timeline) -> LaneAssignment {
    let present: Vec<KindLane> = KindLane::ALL
        .into_iter()
        .filter(|lane| timeline.events.iter().any(|e| e.kind.lane() == *lane))
        .collect();
    // The lane of each kind lane, indexed by its discriminant (an array: a million lookups).
    let mut lane_of = [None; KindLane::ALL.len()];
    for (lane, &kind_lane) in present.iter().enumerate() {
        if let Some(slot) = lane_of.get_mut(kind_lane as usize) {
            *slot = Some(lane as u32);
        }
    }
    LaneAssignment {
        grouping: Grouping::Kind,
        lanes: present
            .iter()
            .map(|&lane| Lane {
                key: LaneKey::Kind(lane),
                label: lane.label().to_string(),
                color_rgb: lane.color_rgb(),
            })
            .collect(),
        lanes_of_event: FlatLists::from_lists(timeline.events.iter().map(|e| {
            lane_of
                .get(e.kind.lane() as usize)
                .and_then(Option::as_ref)
                .map(std::slice::from_ref)
                .unwrap_or_default()
        })),
    }
}

/// One lane per person (or cartel) that has events, ordered by their first event's date, then an
/// "Unassigned" lane for events with none.
fn by_entity(timeline: &Timeline, grouping: Grouping) -> LaneAssignment {
    let person_index = timeline.person_index();
    let cartel_index = timeline.cartel_index();
    // The entities of each event, deduplicated, in the order they are named.
    let entities_of_event: Vec<Vec<usize>> = timeline
        .events
        .iter()
        .map(|event| {
            let mut entities = Vec::new();
            let mut add = |index: usize| {
                if !entities.contains(&index) {
                    entities.push(index);
                }
            };
            match grouping {
                Grouping::Person => {
                    for id in event.people() {
                        if let Some(&i) = person_index.get(id.as_str()) {
                            add(i);
                        }
                    }
                }
                _ => {
                    for id in event.cartels() {
                        if let Some(&i) = cartel_index.get(id.as_str()) {
                            add(i);
                        }
                    }
                    for id in event.people() {
                        let Some(person) = person_index
                            .get(id.as_str())
                            .and_then(|&i| timeline.people.get(i))
                        else {
                            continue;
                        };
                        for cartel in &person.cartels {
                            if let Some(&i) = cartel_index.get(cartel.as_str()) {
                                add(i);
                            }
                        }
                    }
                }
            }
            entities
        })
        .collect();

    // First event day of each entity; entities without events get no lane.
    let mut first_day: HashMap<usize, (i64, usize)> = HashMap::new();
    for (event, entities) in timeline.events.iter().zip(&entities_of_event) {
        for &entity in entities {
            let candidate = (event.date.first_day(), entity);
            first_day
                .entry(entity)
                .and_modify(|current| *current = (*current).min(candidate))
                .or_insert(candidate);
        }
    }
    let mut ordered: Vec<(i64, usize)> = first_day.into_values().collect();
    ordered.sort_unstable();

    let mut lanes: Vec<Lane> = ordered
        .iter()
        .enumerate()
        .map(|(position, &(_, entity))| match grouping {
            Grouping::Person => Lane {
                key: LaneKey::Person(entity),
                label: timeline
                    .people
                    .get(entity)
                    .map(|p| p.name.clone())
                    .unwrap_or_default(),
                color_rgb: LANE_PALETTE[position % LANE_PALETTE.len()],
            },
            _ => {
                let cartel = timeline.cartels.get(entity);
                Lane {
                    key: LaneKey::Cartel(entity),
                    label: cartel.map(|c| c.name.clone()).unwrap_or_default(),
                    color_rgb: cartel
                        .and_then(|c| c.color.as_deref())
                        .and_then(parse_hex_color)
                        .unwrap_or(LANE_PALETTE[position % LANE_PALETTE.len()]),
                }
            }
        })
        .collect();
    let lane_of_entity: HashMap<usize, u32> = ordered
        .iter()
        .enumerate()
        .map(|(lane, &(_, entity))| (entity, lane as u32))
        .collect();
    let mut lanes_of_event: Vec<Vec<u32>> = entities_of_event
        .iter()
        .map(|entities| {
            entities
                .iter()
                .filter_map(|e| lane_of_entity.get(e).copied())
                .collect()
        })
        .collect();
    if lanes_of_event.iter().any(Vec::is_empty) {
        let unassigned = lanes.len() as u32;
        lanes.push(Lane {
            key: LaneKey::Unassigned,
            label: UNASSIGNED.to_string(),
            color_rgb: UNASSIGNED_COLOR,
        });
        for lanes_of in lanes_of_event.iter_mut().filter(|l| l.is_empty()) {
            lanes_of.push(unassigned);
        }
    }
    LaneAssignment {
        grouping,
        lanes,
        lanes_of_event: FlatLists::from_lists(lanes_of_event.iter().map(Vec::as_slice)),
    }
}

/// A day number as `i32`; dates are limited to years ±9999, far inside its range.
fn day_number(day: i64) -> i32 {
    day.clamp(i64::from(i32::MIN), i64::from(i32::MAX)) as i32
}

/// The visible events of one lane in [date order](crate::scene#date-order) (so sorted by
/// start): flat arrays for binary search. Day numbers
/// are `i32` (years ±9999 are ±3.7 million days), half the memory of `f64` for a million events.
#[derive(Clone, Debug, Default)]
pub struct LaneEvents {
    /// Event indices, in date order.
    pub events: Vec<u32>,
    /// First day of each event's period.
    pub first_days: Vec<i32>,
    /// Day after the last day of each event's period (exclusive end).
    pub end_days: Vec<i32>,
    /// Running maximum of `end_days`: the first event whose running maximum reaches a window's
    /// start is the first that can overlap it (binary search, even with long spans).
    pub running_max_end: Vec<i32>,
}

impl LaneEvents {
    /// Positions (into `events`) of the events that may overlap `[start_day, end_day]`: none that
    /// overlaps is left out; callers skip the few in the range that ended before the window.
    pub fn in_window(&self, start_day: f64, end_day: f64) -> std::ops::Range<usize> {
        let from = self
            .running_max_end
            .partition_point(|&end| f64::from(end) <= start_day);
        let to = self
            .first_days
            .partition_point(|&day| f64::from(day) <= end_day);
        from..to.max(from)
    }

    /// Number of events starting in `[start_day, end_day)`, by binary search (for density).
    pub fn count_starting_in(&self, start_day: f64, end_day: f64) -> usize {
        let from = self
            .first_days
            .partition_point(|&day| f64::from(day) < start_day);
        let to = self
            .first_days
            .partition_point(|&day| f64::from(day) < end_day);
        to.saturating_sub(from)
    }
}

/// For each lane, its visible events in date order, from a per-event visibility. The scene
/// builds the same from its index ([`index_in_date_order`]) without sorting.
pub fn index_visible(
    timeline: &Timeline,
    assignment: &LaneAssignment,
    visible: &[bool],
) -> Vec<LaneEvents> {
    let order = date_order(timeline);
    let periods = order.iter().filter_map(|&event_index| {
        let event = timeline.events.get(event_index as usize)?;
        let is_visible = visible.get(event_index as usize).copied().unwrap_or(false);
        let (first, last) = event.day_range();
        let lanes = assignment.lanes_of_event.of(event_index as usize);
        is_visible.then_some(VisiblePeriod {
            event: event_index,
            first_day: first,
            last_day: last,
            lanes,
        })
    });
    index_in_date_order(assignment.lanes.len(), periods)
}

/// Every event index in [date order](crate::scene#date-order).
fn date_order(timeline: &Timeline) -> Vec<u32> {
    let mut order: Vec<u32> = (0..timeline.events.len() as u32).collect();
    crate::filter::sort_in_date_order_u32(timeline, &mut order);
    order
}

/// A visible event, as [`index_in_date_order`] takes it.
#[derive(Clone, Copy, Debug)]
pub struct VisiblePeriod<'a> {
    pub event: u32,
    pub first_day: i64,
    pub last_day: i64,
    /// The lanes it is drawn in.
    pub lanes: &'a [u32],
}

/// [`index_visible`] from the visible events in date order: linear in their number. The scene
/// reads them front to back from arrays sorted once per load (the
/// [`crate::index::TimelineIndex`] and [`FlatLists::reordered`]).
pub fn index_in_date_order<'a>(
    lane_count: usize,
    visible_in_date_order: impl Iterator<Item = VisiblePeriod<'a>>,
) -> Vec<LaneEvents> {
    let mut lanes: Vec<LaneEvents> = vec![LaneEvents::default(); lane_count];
    for period in visible_in_date_order {
        let first_day = day_number(period.first_day);
        let end_day = day_number(period.last_day.saturating_add(1));
        for &lane_index in period.lanes {
            if let Some(lane) = lanes.get_mut(lane_index as usize) {
                lane.events.push(period.event);
                lane.first_days.push(first_day);
                lane.end_days.push(end_day);
                let previous = lane.running_max_end.last().copied().unwrap_or(i32::MIN);
                lane.running_max_end.push(previous.max(end_day));
            }
        }
    }
    lanes
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::load_str;

    const TIMELINE: &str = r##"Timeline(
  title: "T",
  cartels: [Cartel(id: "gdl", name: "Guadalajara Cartel", color: "#abc"), Cartel(id: "sin", name: "Sinaloa Cartel")],
  people: [
    Person(id: "rcq", name: "Rafael Caro Quintero", cartels: ["gdl"]),
    Person(id: "chapo", name: "El Chapo", cartels: ["sin"]),
  ],
  sources: [Source(id: "s", title: "S")],
  events: [
    Event(id: "x", kind: Extradition, date: "2025-02-27", title: "X", people: ["rcq", "chapo"], sources: ["s"]),
    Event(id: "k", kind: Violence, date: "1985", title: "K", cartels: ["gdl"], sources: ["s"]),
    Event(id: "c", kind: Policy(Law), date: "2017", end: "2019", title: "C", people: ["chapo"], sources: ["s"]),
    Event(id: "t", kind: Policy(TariffDeadline), date: "2025-03-04", title: "T", sources: ["s"]),
  ],
)"##;

    fn labels(grouping: Grouping) -> (Vec<String>, Vec<Vec<u32>>) {
        let timeline = load_str(TIMELINE).timeline.unwrap();
        let assignment = LaneAssignment::new(&timeline, grouping);
        (
            assignment.lanes.iter().map(|l| l.label.clone()).collect(),
            (0..assignment.lanes_of_event.len())
                .map(|event| assignment.lanes_of_event.of(event).to_vec())
                .collect(),
        )
    }

    #[test]
    fn kind_lanes_only_for_present_kinds_in_kind_order() {
        let (lanes, of_event) = labels(Grouping::Kind);
        assert_eq!(lanes, ["Extraditions", "Violence", "Policy"]);
        assert_eq!(of_event, [vec![0], vec![1], vec![2], vec![2]]);
    }

    #[test]
    fn person_lanes_by_first_event_with_unassigned() {
        let (lanes, of_event) = labels(Grouping::Person);
        assert_eq!(lanes, ["El Chapo", "Rafael Caro Quintero", "Unassigned"]);
        // The extradition of both appears in both lanes.
        assert_eq!(of_event, [vec![1, 0], vec![2], vec![0], vec![2]]);
    }

    #[test]
    fn cartel_lanes_through_people_too() {
        let (lanes, of_event) = labels(Grouping::Cartel);
        assert_eq!(
            lanes,
            ["Guadalajara Cartel", "Sinaloa Cartel", "Unassigned"]
        );
        assert_eq!(of_event, [vec![0, 1], vec![0], vec![1], vec![2]]);
        let timeline = load_str(TIMELINE).timeline.unwrap();
        assert_eq!(
            LaneAssignment::new(&timeline, Grouping::Cartel).lanes[0].color_rgb,
            0xaabbcc
        );
    }

    #[test]
    fn window_search_finds_spans_started_before_the_window() {
        let timeline = load_str(TIMELINE).timeline.unwrap();
        let assignment = LaneAssignment::new(&timeline, Grouping::Kind);
        let index = index_visible(&timeline, &assignment, &[true; 4]);
        let policy = &index[2];
        let day = |t: &str| crate::date::Date::parse(t).unwrap().first_day() as f64;
        let found: Vec<u32> = policy
            .in_window(day("2018-06-01"), day("2018-07-01"))
            .map(|i| policy.events[i])
            .collect();
        // The 2017–2019 span overlaps; the window search may include candidates that callers
        // check against end_days, but must not miss it.
        assert!(found.contains(&2));
        assert_eq!(
            policy.count_starting_in(day("2025-01-01"), day("2026-01-01")),
            1
        );
        let hidden = index_visible(&timeline, &assignment, &[true, true, false, true]);
        assert_eq!(hidden[2].events, [3]);
    }

    #[test]
    fn hex_colors() {
        assert_eq!(parse_hex_color("#2a9d8f"), Some(0x2a9d8f));
        assert_eq!(parse_hex_color("#fff"), Some(0xffffff));
        assert_eq!(parse_hex_color("red"), None);
        assert_eq!(parse_hex_color("#12345"), None);
    }
}
