//! The open timeline as the app holds it: its [`Scene`] (what is shown, in which lane, in what
//! order) and what the app shows around it (where it came from, its diagnostics, the filter
//! panel's counts).
//!
//! The scene is rebuilt in part when the grouping, the filter or the empty-lanes switch changes,
//! never per frame.

use std::path::{Path, PathBuf};

use crate::diagnostic::Diagnostic;
use crate::filter::Filter;
use crate::flat_lists::FlatLists;
use crate::lanes::Grouping;
use crate::model::Timeline;
use crate::scene::Scene;

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

/// The timeline on screen: its scene and the app's data about it.
pub struct Document {
    pub origin: Origin,
    /// Warnings (and, for a document opened broken, errors) of the load that produced it.
    pub diagnostics: Vec<Diagnostic>,
    /// The timeline, its index, the visible events, the lanes shown, the date order and the fit
    /// range: what the lanes view, stepping, the presentation and the exports read.
    pub scene: Scene,
    /// Events per kind lane, person and cartel in the whole file, for the filter panel.
    pub counts: EntityCounts,
    /// Errors and warnings among `diagnostics`, counted once for the status bar.
    pub diagnostic_counts: crate::diagnostic::Counts,
    /// What became of each source's archive (by index in `timeline.sources`), read by the
    /// loader: the details panel marks the unreadable, the article reader shows the rest. Empty
    /// when nothing was read (the bundled timeline, whose articles are not shipped).
    pub archives: Vec<crate::quotes_check::ArchiveStatus>,
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
    /// Events a source disputes (the filter panel's "Disputed").
    pub disputed: usize,
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
            disputed: timeline
                .events
                .iter()
                .filter(|e| !e.disputed.is_empty())
                .count(),
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

impl Document {
    /// A document in `grouping` with every event visible; the index is built here.
    pub fn new(
        origin: Origin,
        timeline: Timeline,
        diagnostics: Vec<Diagnostic>,
        grouping: Grouping,
    ) -> Self {
        let scene = Scene::new(timeline, grouping, &Filter::default());
        Document::from_scene(origin, scene, diagnostics)
    }

    /// A document showing `scene` (built off the UI thread by the loader).
    pub fn from_scene(origin: Origin, scene: Scene, diagnostics: Vec<Diagnostic>) -> Self {
        Document {
            counts: EntityCounts::of(scene.timeline()),
            diagnostic_counts: crate::diagnostic::Counts::of(&diagnostics),
            origin,
            diagnostics,
            scene,
            archives: Vec::new(),
        }
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
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::filter::matching_events;

    /// Lanes as a user sees them: each lane's label and its events' ids, top to bottom.
    type LaneIds = Vec<(String, Vec<String>)>;

    /// The lanes of the app's document, after the user chose `grouping` and `filter` (applied
    /// one after the other, as the app applies changes).
    fn app_lanes(document: &mut Document, grouping: Grouping, filter: &Filter) -> LaneIds {
        document.scene.set_grouping(grouping);
        document.scene.set_filter(filter);
        scene_lanes(&document.scene)
    }

    fn scene_lanes(scene: &Scene) -> LaneIds {
        let timeline = scene.timeline();
        scene
            .lanes()
            .iter()
            .zip(scene.lane_events())
            .map(|(lane, events)| {
                let ids = events
                    .events
                    .iter()
                    .filter_map(|&e| timeline.events.get(e as usize))
                    .map(|event| event.id.to_string());
                (lane.label.clone(), ids.collect())
            })
            .collect()
    }

    /// The lanes `chronolanes render` draws, read from its SVG: the lane labels top to bottom,
    /// and the `data-id`s of the events of each lane (`data-lane`) in drawing order. Built as
    /// `render` builds its scene, from the timeline alone, not from the app's document.
    fn render_lanes(timeline: &Timeline, grouping: Grouping, filter: &Filter) -> LaneIds {
        use crate::export::svg::{MAX_WIDTH_PX, RenderOptions, render};
        let options = RenderOptions {
            // Wide enough for every lane label to be drawn whole.
            width_px: MAX_WIDTH_PX,
            window: None,
            dark: false,
            show_labels: true,
            compress: false,
        };
        let scene = Scene::new(timeline.clone(), grouping, filter);
        let svg = render(&scene, &options).svg;
        let picture = roxmltree::Document::parse(&svg).expect("well-formed SVG");
        let has_class =
            |node: &roxmltree::Node, class: &str| node.attribute("class") == Some(class);
        let mut lanes: LaneIds = picture
            .descendants()
            .filter(|node| has_class(node, "lane-label"))
            .map(|node| (node.text().unwrap_or_default().to_string(), Vec::new()))
            .collect();
        for node in picture.descendants().filter(|n| has_class(n, "event")) {
            let lane: usize = node.attribute("data-lane").unwrap().parse().unwrap();
            let id = node.attribute("data-id").unwrap().to_string();
            lanes[lane].1.push(id);
        }
        lanes
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
    fn the_app_and_render_show_the_same_lanes_in_every_grouping_and_filter() {
        let timeline = load_bundled().timeline.expect("the bundled timeline loads");
        let filters = [
            Filter::default(),
            Filter {
                cartels: vec!["Los Zetas".into()],
                ..Filter::default()
            },
            Filter {
                people: vec!["Rafael Caro Quintero".into()],
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
        for grouping in Grouping::ALL {
            for filter in &filters {
                let app = app_lanes(&mut document, grouping, filter);
                let context = format!("{grouping:?} {filter:?}");
                assert!(!app.is_empty(), "{context}");
                assert!(app.iter().all(|(_, ids)| !ids.is_empty()), "{context}");
                assert_eq!(app, render_lanes(&timeline, grouping, filter), "{context}");
                // What `render` and `list` build for themselves.
                let scene = Scene::new(timeline.clone(), grouping, filter);
                assert_eq!(app, scene_lanes(&scene), "{context}");

                // Every matching event is shown, and stepping goes through them in date order.
                let matching = matching_events(&timeline, filter);
                let matching: Vec<u32> = matching.into_iter().map(|e| e as u32).collect();
                assert_eq!(document.scene.date_order(), matching, "{context}");
                assert_eq!(scene.date_order(), matching, "{context}");
                assert_eq!(document.scene.visible_count(), matching.len());
            }
        }
    }

    #[test]
    fn a_document_opened_broken_has_no_lanes() {
        let document = Document::empty(Origin::File("broken.ron".into()), Vec::new());
        assert_eq!(document.scene.timeline().title, "broken.ron");
        assert!(document.scene.lanes().is_empty());
        assert_eq!(document.scene.fit_day_range(), None);
    }
}
