//! Issue #13 in the app: whole titles inside the plot, folded lanes by person, same-day clusters
//! with their list, compressed empty years that keep dates exact, and the overview strip.

#[path = "support/ui.rs"]
mod ui_support;

use std::collections::BTreeSet;
use std::time::{Duration, Instant};

use chronolanes::app::{ChronolanesApp, DEFAULT_WINDOW_SIZE, StartView, Startup};
use chronolanes::compare::marker_day;
use chronolanes::date::Date;
use chronolanes::filter::Filter;
use chronolanes::lanes::Grouping;
use chronolanes::timescale::TimeWindow;
use egui::{Modifiers, Pos2};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

type App = Harness<'static, ChronolanesApp>;

fn start(view: StartView) -> App {
    let startup = Startup {
        fresh: true,
        view,
        ..Startup::default()
    };
    let mut harness = Harness::builder()
        .with_size(egui::Vec2::from(DEFAULT_WINDOW_SIZE))
        .build_eframe(move |cc| ChronolanesApp::new(cc, startup));
    harness.run_steps(2);
    let deadline = Instant::now() + Duration::from_secs(10);
    while harness.state().is_loading() {
        assert!(Instant::now() < deadline, "loading within 10 s");
        std::thread::sleep(Duration::from_millis(5));
        harness.run_steps(1);
    }
    harness.run_steps(4);
    harness
}

fn day(text: &str) -> f64 {
    Date::parse(text).unwrap().first_day() as f64
}

fn press(harness: &mut App, pos: Pos2, pressed: bool) {
    harness.event(egui::Event::PointerButton {
        pos,
        button: egui::PointerButton::Primary,
        pressed,
        modifiers: Modifiers::NONE,
    });
}

fn click_at(harness: &mut App, pos: Pos2) {
    harness.hover_at(pos);
    harness.run_steps(1);
    press(harness, pos, true);
    press(harness, pos, false);
    harness.run_steps(3);
}

#[test]
fn every_title_drawn_at_fit_all_lies_inside_the_plot_with_the_last_event() {
    for compress in [false, true] {
        let harness = start(StartView {
            compress,
            ..StartView::default()
        });
        let app = harness.state();
        let plot = app.view.last_plot_rect.expect("lanes drawn");
        let layout = &app.view.last_layout;
        assert!(!layout.labels.is_empty());
        for label in &layout.labels {
            assert!(
                label.x0 >= f64::from(plot.left()) - 0.5
                    && label.x1 <= f64::from(plot.right()) + 0.5,
                "compress {compress}: title of event {} at {}..{} outside {plot:?}",
                label.event,
                label.x0,
                label.x1
            );
        }
        // The last event has its whole title inside the plot, or is counted in a badge there.
        let last = *app.document.scene.date_order().last().unwrap();
        let placed = layout.placed.iter().find(|p| p.event == last).unwrap();
        match placed.cluster {
            None => {
                let label = layout.labels.iter().find(|l| l.event == last).unwrap();
                assert!(label.x1 <= f64::from(plot.right()) + 0.5);
            }
            Some(cluster) => {
                let cluster = &layout.clusters[cluster as usize];
                assert!(cluster.x1 <= f64::from(plot.right()) + 0.5);
            }
        }
        // No title is cut: each one's lines put together are the whole title.
        let timeline = app.document.scene.timeline();
        for label in &layout.labels {
            let title = &timeline.events[label.event as usize].title;
            let joined: Vec<&str> = label.lines(title).collect();
            assert_eq!(
                joined.join(" "),
                title.split_whitespace().collect::<Vec<_>>().join(" ")
            );
        }
    }
}

#[test]
fn los_zetas_by_person_shows_exactly_the_people_with_visible_events() {
    let harness = start(StartView {
        filter: Filter {
            cartels: vec!["zetas".into()],
            ..Filter::default()
        },
        grouping: Some(Grouping::Person),
        ..StartView::default()
    });
    let app = harness.state();
    let scene = &app.document.scene;
    assert!(scene.visible_count() > 0, "Los Zetas has events");
    let timeline = scene.timeline();
    let mut expected = BTreeSet::new();
    for &event in scene.date_order() {
        let people = timeline.events[event as usize].people();
        if people.is_empty() {
            expected.insert(chronolanes::lanes::UNASSIGNED.to_string());
        }
        for id in people {
            let person = timeline.people.iter().find(|p| p.id == *id);
            expected.insert(person.map_or_else(|| id.to_string(), |p| p.name.clone()));
        }
    }
    let shown: BTreeSet<String> = scene.lanes().iter().map(|l| l.label.clone()).collect();
    assert_eq!(shown, expected);
    assert_eq!(app.view.last_layout.lane_boxes.len(), expected.len());
    assert!(
        scene.folded_lane_count() > 0,
        "the other people's lanes fold"
    );
}

#[test]
fn a_same_day_cluster_shows_its_count_and_its_list_to_pick_from() {
    let mut harness = start(StartView {
        window: Some(TimeWindow::new(day("2024-10-01"), day("2025-06-01"))),
        ..StartView::default()
    });
    let feb_27 = day("2025-02-27") as i64;
    let (center, members) = {
        let app = harness.state();
        let timeline = app.document.scene.timeline();
        let cluster = app
            .view
            .last_layout
            .clusters
            .iter()
            .filter(|c| c.same_day && c.count() >= 2)
            .find(|c| timeline.events[c.events[0] as usize].day_range().0 == feb_27)
            .expect("a same-day cluster on 27 Feb 2025")
            .clone();
        // Every member is dated that day and stands in the badge, not with its own title.
        for &member in &cluster.events {
            assert_eq!(timeline.events[member as usize].day_range().0, feb_27);
            assert!(
                !app.view
                    .last_layout
                    .labels
                    .iter()
                    .any(|l| l.event == member)
            );
        }
        let center = Pos2::new(
            ((cluster.x0 + cluster.x1) / 2.0) as f32,
            ((cluster.y0 + cluster.y1) / 2.0) as f32,
        );
        (center, cluster.events)
    };
    click_at(&mut harness, center);
    assert_eq!(
        harness
            .state()
            .view
            .cluster_list
            .as_ref()
            .map(|l| l.events.clone()),
        Some(members.clone())
    );
    harness.get_by_label_contains(&format!("{} events on 27", members.len()));
    let pick = members[members.len() - 1];
    let title = harness.state().document.scene.timeline().events[pick as usize]
        .title
        .clone();
    harness.get_by_label(&title).click();
    harness.run_steps(3);
    assert_eq!(harness.state().view.selected, Some(pick));
}

#[test]
fn compress_on_and_off_keeps_each_markers_date_under_it() {
    let mut harness = start(StartView::default());
    for compress in [false, true, false] {
        let command = chronolanes::app::Command::SetCompressEmptyYears(compress);
        harness.state_mut().push_command(command);
        harness.run_steps(4);
        let app = harness.state();
        let map = app.view.time_map().expect("a mapping");
        assert_eq!(
            !map.bands().is_empty(),
            compress,
            "breaks only when compressing"
        );
        let timeline = app.document.scene.timeline();
        let plot = app.view.last_plot_rect.unwrap();
        let mut checked = 0;
        for placed in &app.view.last_layout.placed {
            if placed.x < f64::from(plot.left()) || placed.x > f64::from(plot.right()) {
                continue;
            }
            let expected = marker_day(&timeline.events[placed.event as usize]);
            let under = map.day_from_x(placed.x);
            assert!(
                (under - expected).abs() < 1e-3,
                "compress {compress}: event {} at day {expected} shows day {under}",
                placed.event
            );
            checked += 1;
        }
        assert_eq!(checked, app.document.scene.visible_count());
        // The first view with compress shows 1985 and 2013–2025 at once.
        let window = app.view.window.unwrap();
        assert!(window.start_day < day("1985-07-01") && window.end_day > day("2025-06-01"));
    }
}

#[test]
fn dragging_the_overview_box_moves_the_window() {
    let mut harness = start(StartView {
        window: Some(TimeWindow::new(day("2010-01-01"), day("2015-01-01"))),
        ..StartView::default()
    });
    let (strip, (x0, x1), before) = {
        let view = &harness.state().view;
        (
            view.overview.last_rect.expect("the strip is drawn"),
            view.overview.last_box_px.unwrap(),
            view.window.unwrap(),
        )
    };
    let from = Pos2::new(((x0 + x1) / 2.0) as f32, strip.center().y);
    let to = from + egui::vec2(60.0, 0.0);
    harness.hover_at(from);
    harness.run_steps(1);
    press(&mut harness, from, true);
    harness.run_steps(1);
    for step in 1..=6 {
        harness.hover_at(from + egui::vec2(10.0 * step as f32, 0.0));
        harness.run_steps(1);
    }
    press(&mut harness, to, false);
    harness.run_steps(3);
    let after = harness.state().view.window.unwrap();
    let px_per_day = (x1 - x0) / before.width_days();
    let moved_days = after.start_day - before.start_day;
    assert!(
        (moved_days - 60.0 / px_per_day).abs() < 2.0 / px_per_day,
        "{before:?} -> {after:?}"
    );
    assert!((after.width_days() - before.width_days()).abs() < 1.0);
}

#[test]
fn the_wheel_over_500_person_lanes_scrolls_them_and_only_visible_lanes_get_labels() {
    let timeline = chronolanes::generate::generate(chronolanes::generate::GenerateOptions {
        events: 3_000,
        people: 500,
        ..Default::default()
    });
    let settings = chronolanes::app::Settings {
        grouping: Grouping::Person,
        ..Default::default()
    };
    let mut harness = Harness::builder()
        .with_size(egui::Vec2::from(DEFAULT_WINDOW_SIZE))
        .build_eframe(move |cc| {
            ChronolanesApp::with_timeline(
                &cc.egui_ctx,
                std::path::Path::new("generated.ron"),
                timeline,
                settings,
            )
        });
    harness.run_steps(4);
    let (lanes, labels) = {
        let view = &harness.state().view;
        (
            view.last_layout.lane_boxes.len(),
            view.last_label_rect.expect("label column"),
        )
    };
    assert!(lanes > 300, "{lanes} person lanes");
    assert_eq!(harness.state().view.scroll_px, 0.0);
    let first_lane = harness.state().document.scene.lanes()[0].label.clone();
    let last_lane = harness.state().document.scene.lanes()[lanes - 1]
        .label
        .clone();
    assert!(
        harness.query_by_label(&last_lane).is_none(),
        "off-screen lanes are culled"
    );
    harness.hover_at(labels.center());
    harness.run_steps(1);
    for _ in 0..400 {
        harness.event(ui_support::wheel_event(-400.0));
    }
    harness.run_steps(20);
    let view = &harness.state().view;
    assert!(view.scroll_px > 1000.0, "scrolled {}", view.scroll_px);
    // The wheel over the labels scrolls; it does not zoom time.
    harness.get_by_label(&last_lane);
    assert!(harness.query_by_label(&first_lane).is_none());
}
