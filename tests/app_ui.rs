//! The real app driven through egui_kittest, as a user would: no display or GPU needed.

#[path = "support/ui.rs"]
mod ui_support;

use std::path::Path;

use chronolanes::app::document::BUNDLED_TIMELINE;
use chronolanes::app::{ChronolanesApp, Startup};
use chronolanes::filter::{Filter, matching_events};
use chronolanes::load::load_str;
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use ui_support::{click_at, click_event, start, wait_loaded, wait_until};

fn bundled() -> Harness<'static, ChronolanesApp> {
    start(Startup::default())
}

fn total_events() -> usize {
    load_str(BUNDLED_TIMELINE).timeline.unwrap().events.len()
}

#[test]
fn starts_on_the_bundled_timeline_with_lane_labels() {
    let harness = bundled();
    assert_eq!(
        harness.state().window_title(),
        "Mexico–US extraditions, 1985–2025 — Chronolanes"
    );
    for lane in [
        "Arrests",
        "Releases",
        "Extraditions",
        "Court",
        "Violence",
        "Policy",
        "Other",
    ] {
        harness.get_by_label(lane);
    }
    // No event of the bundled timeline is an escape (Caro Quintero was freed by a court), and a
    // kind without events gets no lane.
    assert!(harness.query_by_label("Escapes").is_none());
    let total = total_events();
    harness.get_by_label(&format!("{total} of {total} events"));
    harness.get_by_label("bundled timeline");
    assert!(
        !harness.state().view.last_layout.placed.is_empty(),
        "events are drawn"
    );
}

#[test]
fn checking_a_cartel_updates_the_event_count() {
    let mut harness = bundled();
    let timeline = load_str(BUNDLED_TIMELINE).timeline.unwrap();
    let expected = matching_events(
        &timeline,
        &Filter {
            cartels: vec!["sinaloa".into()],
            ..Filter::default()
        },
    )
    .len();
    assert!(expected > 0 && expected < timeline.events.len());
    harness.get_by_label_contains("Sinaloa Cartel (").click();
    harness.run_steps(2);
    harness.get_by_label(&format!("{expected} of {} events", timeline.events.len()));
    // Only Sinaloa events are laid out now.
    let drawn: std::collections::HashSet<u32> = harness
        .state()
        .view
        .last_layout
        .placed
        .iter()
        .map(|p| p.event)
        .collect();
    assert_eq!(drawn.len(), expected);
}

#[test]
fn clicking_an_event_shows_its_details_and_sources() {
    let mut harness = bundled();
    click_event(&mut harness, "camarena-murder-1985");
    let state = harness.state();
    let index = state
        .document
        .scene
        .event_by_id("camarena-murder-1985")
        .unwrap();
    assert_eq!(state.view.selected, Some(index));
    let event = state.document.scene.timeline().events[index as usize].clone();
    let source_titles: Vec<String> = event
        .sources()
        .iter()
        .map(|id| {
            state
                .document
                .scene
                .timeline()
                .sources
                .iter()
                .find(|s| &s.id == id)
                .unwrap()
                .title
                .clone()
        })
        .collect();
    harness.get_by_label(&event.title);
    for title in source_titles {
        harness.get_by_label(&title);
    }
    // Esc clears the selection.
    harness.key_press(Key::Escape);
    harness.run_steps(2);
    assert_eq!(harness.state().view.selected, None);
    harness.get_by_label("Click an event to see its details and sources.");
}

#[test]
fn arrow_keys_step_through_events_in_date_order() {
    let mut harness = bundled();
    harness.key_press(Key::ArrowRight);
    harness.run_steps(2);
    let state = harness.state();
    let first = state.document.scene.date_order()[0];
    assert_eq!(state.view.selected, Some(first));
    harness.key_press(Key::ArrowRight);
    harness.run_steps(2);
    let second = harness.state().document.scene.date_order()[1];
    assert_eq!(harness.state().view.selected, Some(second));
    harness.key_press(Key::ArrowLeft);
    harness.run_steps(2);
    assert_eq!(harness.state().view.selected, Some(first));
}

#[test]
fn grouping_by_person_shows_person_lanes() {
    let mut harness = bundled();
    harness.get_by_label("View").click();
    harness.run_steps(2);
    harness.get_by_label("Person").click();
    harness.run_steps(3);
    harness.get_by_label("Rafael Caro Quintero");
    harness.get_by_label("Joaquín Guzmán Loera");
    // The person lanes are taller than the window: the last one is scrolled to with the wheel
    // over the lane labels (lanes outside the visible rows get no label widget).
    let labels = harness.state().view.last_label_rect.unwrap();
    harness.hover_at(labels.center());
    harness.run_steps(1);
    harness.event(ui_support::wheel_event(-20_000.0));
    harness.run_steps(10);
    harness.get_by_label("Unassigned");
    assert!(harness.query_by_label("Arrests").is_none());
}

#[test]
fn menu_items_show_their_keyboard_shortcuts() {
    let mut harness = bundled();
    // A button's accessible label is its text followed by its shortcut text. The harness reports
    // Linux, so the modifier is written "Ctrl".
    for (menu, items) in [
        (
            "File",
            &["Open… Ctrl+O", "Reload Ctrl+R", "Quit Ctrl+Q"][..],
        ),
        ("View", &["Fit all Home", "Present F5"][..]),
        ("Help", &["Keyboard shortcuts F1"][..]),
    ] {
        harness.get_by_label(menu).click();
        harness.run_steps(2);
        for item in items {
            harness.get_by_label(item);
        }
        harness.key_press(Key::Escape);
        harness.run_steps(2);
    }
}

#[test]
fn help_menu_and_f1_open_the_shortcuts_window() {
    let mut harness = bundled();
    assert!(harness.query_by_label("Keyboard shortcuts").is_none());
    harness.get_by_label("Help").click();
    harness.run_steps(2);
    harness.get_by_label("Keyboard shortcuts F1").click();
    harness.run_steps(3);
    harness.get_by_label("Show these shortcuts");
    // F1 toggles it.
    harness.key_press(Key::F1);
    harness.run_steps(3);
    assert!(harness.query_by_label("Show these shortcuts").is_none());
    harness.key_press(Key::F1);
    harness.run_steps(3);
    harness.get_by_label("Show these shortcuts");
}

#[test]
fn scrolling_zooms_time_and_home_fits_all() {
    let mut harness = bundled();
    let before = harness.state().view.window.unwrap();
    let plot = harness.state().view.last_plot_rect.unwrap();
    harness.hover_at(plot.center());
    harness.run_steps(1);
    harness.event(ui_support::wheel_event(200.0));
    harness.run_steps(10);
    let zoomed = harness.state().view.window.unwrap();
    assert!(
        zoomed.width_days() < before.width_days() * 0.9,
        "{before:?} -> {zoomed:?}"
    );
    harness.remove_cursor();
    harness.key_press(Key::Home);
    harness.run_steps(3);
    let fitted = harness.state().view.window.unwrap();
    assert!((fitted.width_days() - before.width_days()).abs() < 1.0);
}

#[test]
fn no_match_says_so_with_a_clear_button() {
    let mut harness = bundled();
    harness.get_by_label("Search").click();
    harness.run_steps(1);
    harness
        .get_by_label("Search")
        .type_text("zzzz-no-such-event");
    harness.run_steps(3);
    let total = total_events();
    harness.get_by_label(&format!("0 of {total} events"));
    harness.get_by_label("No events match the filters.");
    harness.get_by_label("Clear filters").click();
    harness.run_steps(3);
    harness.get_by_label(&format!("{total} of {total} events"));
}

const SMALL: &str = r#"Timeline(
    title: "Small",
    sources: [Source(id: "s", title: "Source S")],
    events: [
        Event(id: "a", kind: Arrest, date: "2020-01-05", title: "First", sources: ["s"]),
        Event(id: "b", kind: Court, date: "2021", title: "Second", sources: ["s"]),
    ],
)
"#;

fn write(path: &Path, text: &str) {
    std::fs::write(path, text).unwrap();
}

#[test]
fn a_broken_reload_keeps_the_last_good_timeline_and_shows_a_banner() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("small.ron");
    write(&path, SMALL);
    let mut harness = start(Startup {
        file: Some(path.clone()),
        ..Startup::default()
    });
    harness.get_by_label("2 of 2 events");
    assert_eq!(harness.state().window_title(), "Small — Chronolanes");
    // A half-saved file: the closing brackets are missing.
    write(&path, &SMALL[..SMALL.len() - 8]);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::R);
    harness.run_steps(1);
    wait_loaded(&mut harness);
    harness.run_steps(2);
    let banner = harness
        .state()
        .banner
        .clone()
        .expect("a banner explains the failed reload");
    assert!(
        banner.starts_with(&format!("{}:", path.display())),
        "{banner}"
    );
    assert!(banner.contains(": error: "), "{banner}");
    harness.get_by_label_contains(": error: ");
    harness.get_by_label("2 of 2 events");
    // Fixing the file brings the new version.
    write(&path, &SMALL.replace("\"Second\"", "\"Second, fixed\""));
    harness.key_press_modifiers(Modifiers::COMMAND, Key::R);
    harness.run_steps(1);
    wait_loaded(&mut harness);
    harness.run_steps(2);
    assert_eq!(harness.state().banner, None);
    assert_eq!(
        &*harness.state().document.scene.timeline().events[1].title,
        "Second, fixed"
    );
}

#[test]
fn a_save_in_an_editor_reloads_the_file_keeping_the_selection() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("watched.ron");
    write(&path, SMALL);
    let mut harness = start(Startup {
        file: Some(path.clone()),
        ..Startup::default()
    });
    harness.key_press(Key::ArrowRight);
    harness.run_steps(2);
    assert_eq!(harness.state().view.selected, Some(0));
    // Save-by-rename, as many editors do.
    let temporary = dir.path().join(".watched.ron.tmp");
    write(&temporary, &SMALL.replace("\"First\"", "\"First, edited\""));
    std::fs::rename(&temporary, &path).unwrap();
    wait_until(&mut harness, "the renamed-over file is reloaded", |app| {
        &*app.document.scene.timeline().events[0].title == "First, edited"
    });
    assert_eq!(harness.state().view.selected, Some(0));
}

#[test]
fn a_broken_file_at_startup_opens_with_its_diagnostics() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("broken.ron");
    write(&path, "Timeline(\n  title: \"x\",\n  evnts: [],\n)");
    let harness = start(Startup {
        file: Some(path.clone()),
        ..Startup::default()
    });
    assert!(harness.state().windows.diagnostics_open);
    let expected = format!(
        "{}:3:3: error: unknown field `evnts` in Timeline",
        path.display()
    );
    // In the banner and in the diagnostics window.
    assert_eq!(harness.get_all_by_label_contains(&expected).count(), 2);
    harness.get_by_label("0 of 0 events");
}

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/fixtures/timelinejs");

#[test]
fn a_timelinejs_file_opens_converted_and_saves_as_ron_never_over_its_source() {
    let dir = tempfile::tempdir().unwrap();
    let source = dir.path().join("houston.json");
    std::fs::copy(format!("{FIXTURES}/houston.json"), &source).unwrap();
    let mut harness = start(Startup {
        file: Some(source.clone()),
        ..Startup::default()
    });
    harness.get_by_label("18 of 18 events");
    assert_eq!(
        harness.state().window_title(),
        "Whitney Houston 1963 - 2012 — Chronolanes"
    );
    // File > Save as… is offered for imported files.
    harness.get_by_label("File").click();
    harness.run_steps(2);
    harness.get_by_label("Save as Chronolanes file…");
    harness.key_press(Key::Escape);
    harness.run_steps(1);

    let refused = harness.state().save_as_ron(&source).unwrap_err();
    assert!(refused.contains("is the opened file"), "{refused}");
    assert!(
        std::fs::read_to_string(&source)
            .unwrap()
            .trim_start()
            .starts_with('{'),
        "the source is untouched"
    );

    let target = dir.path().join("houston.ron");
    harness.state().save_as_ron(&target).unwrap();
    let saved = load_str(&std::fs::read_to_string(&target).unwrap());
    assert!(!saved.has_errors(), "{:?}", saved.diagnostics);
    assert_eq!(
        saved.timeline.unwrap().events,
        harness.state().document.scene.timeline().events
    );
}

#[test]
fn exports_write_what_is_on_screen_and_never_the_opened_file() {
    use chronolanes::app::ExportKind;
    let dir = tempfile::tempdir().unwrap();
    let source = dir.path().join("bundled.ron");
    std::fs::write(&source, BUNDLED_TIMELINE).unwrap();
    let mut harness = start(Startup {
        file: Some(source.clone()),
        ..Startup::default()
    });
    harness.get_by_label_contains("Sinaloa Cartel (").click();
    harness.run_steps(3);

    // The listings are the `list` formats of the filtered events (golden files).
    let golden = |name: &str| {
        std::fs::read_to_string(format!(
            "{}/tests/golden/{name}",
            env!("CARGO_MANIFEST_DIR")
        ))
        .unwrap()
    };
    let csv = dir.path().join("events.csv");
    harness
        .state()
        .export_to(ExportKind::EventsCsv, &csv, false)
        .unwrap();
    assert_eq!(
        std::fs::read_to_string(&csv).unwrap(),
        golden("bundled-sinaloa.csv")
    );
    let markdown = dir.path().join("events.md");
    harness
        .state()
        .export_to(ExportKind::EventsMarkdown, &markdown, false)
        .unwrap();
    assert_eq!(
        std::fs::read_to_string(&markdown).unwrap(),
        golden("bundled-sinaloa.md")
    );

    // The picture holds the events on screen, in the lanes on screen.
    let svg_path = dir.path().join("view.svg");
    harness
        .state()
        .export_to(ExportKind::ViewSvg, &svg_path, false)
        .unwrap();
    let svg = std::fs::read_to_string(&svg_path).unwrap();
    let document = roxmltree::Document::parse(&svg).unwrap();
    let mut ids: Vec<String> = document
        .descendants()
        // Event groups (titles carry the event's data-id too).
        .filter(|n| n.attribute("class") == Some("event"))
        .filter_map(|n| n.attribute("data-id"))
        .map(String::from)
        .collect();
    ids.sort();
    let state = harness.state();
    let mut expected: Vec<String> = state
        .document
        .scene
        .date_order()
        .iter()
        .map(|&i| {
            state.document.scene.timeline().events[i as usize]
                .id
                .to_string()
        })
        .collect();
    expected.sort();
    assert_eq!(ids, expected);
    let png_path = dir.path().join("view.png");
    harness
        .state()
        .export_to(ExportKind::ViewPng, &png_path, false)
        .unwrap();
    assert!(resvg::tiny_skia::Pixmap::load_png(&png_path).is_ok());

    // Never over the opened timeline.
    let error = harness
        .state()
        .export_to(ExportKind::EventsCsv, &source, false)
        .unwrap_err();
    assert!(error.contains("is the opened timeline"), "{error}");
    assert_eq!(std::fs::read_to_string(&source).unwrap(), BUNDLED_TIMELINE);
}

/// Issue #13: filtered to Los Zetas and grouped by person, the lanes are exactly the people
/// named by a Los Zetas event; the others are folded, counted, and one click shows them.
#[test]
fn los_zetas_by_person_shows_only_people_with_visible_events_and_counts_the_rest() {
    let mut harness = bundled();
    let timeline = load_str(BUNDLED_TIMELINE).timeline.unwrap();
    let zetas = Filter {
        cartels: vec!["zetas".into()],
        ..Filter::default()
    };
    // The oracle: names of the people the matching events name (and "Unassigned" when one
    // names nobody), worked out from the file rather than from the app.
    let matching = matching_events(&timeline, &zetas);
    let mut expected: Vec<&str> = Vec::new();
    for &event in &matching {
        let people = timeline.events[event].people();
        if people.is_empty() && !expected.contains(&"Unassigned") {
            expected.push("Unassigned");
        }
        for id in people {
            let person = timeline.people.iter().find(|p| p.id == **id).unwrap();
            if !expected.contains(&person.name.as_str()) {
                expected.push(&person.name);
            }
        }
    }
    assert!(!expected.is_empty() && expected.len() < timeline.people.len());

    harness.get_by_label_contains("Los Zetas (").click();
    harness.run_steps(2);
    harness.get_by_label("View").click();
    harness.run_steps(2);
    harness.get_by_label("Person").click();
    harness.run_steps(3);
    harness.key_press(Key::Escape);
    harness.run_steps(2);
    for name in &expected {
        harness.get_by_label(name);
    }
    let hidden: Vec<&str> = timeline
        .people
        .iter()
        .map(|p| p.name.as_str())
        .filter(|name| !expected.contains(name))
        .collect();
    for name in &hidden {
        assert!(harness.query_by_label(name).is_none(), "{name} is shown");
    }
    // Every person lane and "Unassigned", less those shown.
    let folded = timeline.people.len() + 1 - expected.len();
    harness.get_by_label(&format!("{folded} empty lanes hidden"));

    harness.get_by_label("Show").click();
    harness.run_steps(3);
    assert!(harness.state().settings.show_empty_lanes);
    for name in &hidden {
        harness.get_by_label(name);
    }
    assert!(
        harness
            .query_by_label_contains("empty lanes hidden")
            .is_none()
    );
}

/// Issue #13: a filter whose events are all outside the window refits the view to them, and a
/// selected event the filter hides is deselected (the details panel no longer shows it).
#[test]
fn a_filter_that_leaves_nothing_on_screen_refits_and_deselects_what_it_hides() {
    let mut harness = bundled();
    click_event(&mut harness, "rcq-arrested-1985");
    assert!(harness.state().view.selected.is_some());
    harness.key_press(Key::Enter);
    harness.run_steps(10);
    let zoomed = harness.state().view.window.unwrap();
    assert!(zoomed.width_days() < 2000.0, "{zoomed:?}");

    harness.get_by_label("Search").click();
    harness.run_steps(1);
    harness.get_by_label("Search").type_text("Sheinbaum");
    harness.run_steps(10);
    assert_eq!(harness.state().view.selected, None);
    harness.get_by_label("Click an event to see its details and sources.");
    let window = harness.state().view.window.unwrap();
    let timeline = load_str(BUNDLED_TIMELINE).timeline.unwrap();
    let matching = matching_events(
        &timeline,
        &Filter {
            search: "Sheinbaum".into(),
            ..Filter::default()
        },
    );
    assert!(!matching.is_empty());
    for event in matching {
        let (first, last) = timeline.events[event].day_range();
        assert!(
            window.start_day <= first as f64 && last as f64 <= window.end_day,
            "{} is outside {window:?}",
            timeline.events[event].id
        );
    }
}

fn start_on(view: chronolanes::app::StartView) -> Harness<'static, ChronolanesApp> {
    start(Startup {
        view,
        ..Startup::default()
    })
}

/// Issue #13 item 7: the command line's view (`--cartel zetas --group-by person --select ID`)
/// opens filtered, grouped and with the event selected and in view.
#[test]
fn the_command_line_view_opens_filtered_grouped_and_selected() {
    let zetas = Filter {
        cartels: vec!["zetas".into()],
        ..Filter::default()
    };
    let mut harness = start_on(chronolanes::app::StartView {
        filter: zetas.clone(),
        grouping: Some(chronolanes::lanes::Grouping::Person),
        select: Some("z40-captured-2013".into()),
        ..Default::default()
    });
    harness.run_steps(10);
    let timeline = load_str(BUNDLED_TIMELINE).timeline.unwrap();
    let expected = matching_events(&timeline, &zetas).len();
    harness.get_by_label(&format!("{expected} of {} events", timeline.events.len()));
    // Grouped by person: his lane (his name is also a link in the details panel).
    assert!(
        harness
            .query_all_by_label("Miguel Ángel Treviño Morales")
            .count()
            >= 2
    );
    assert!(harness.query_by_label("Arrests").is_none());
    let app = harness.state();
    let selected = app.view.selected.expect("the event is selected");
    let event = &timeline.events[selected as usize];
    assert_eq!(&*event.id, "z40-captured-2013");
    let window = app.view.window.unwrap();
    let (first, last) = event.day_range();
    assert!(window.start_day <= first as f64 && last as f64 <= window.end_day);
    assert!(app.banner.is_none(), "{:?}", app.banner);
}

/// `--window 2025-02..2025-03` shows February and March 2025; an unknown `--select` id is said
/// in the banner rather than ignored.
#[test]
fn the_command_line_window_is_shown_and_an_unknown_id_is_reported() {
    let window = chronolanes::timescale::TimeWindow::new(
        chronolanes::date::Date::parse("2025-02")
            .unwrap()
            .first_day() as f64,
        chronolanes::date::Date::parse("2025-03")
            .unwrap()
            .last_day() as f64
            + 1.0,
    );
    let mut harness = start_on(chronolanes::app::StartView {
        window: Some(window),
        select: Some("no-such-event".into()),
        ..Default::default()
    });
    harness.run_steps(10);
    let shown = harness.state().view.window.unwrap();
    assert!(
        (shown.start_day - window.start_day).abs() < 0.5,
        "{shown:?}"
    );
    assert!((shown.end_day - window.end_day).abs() < 0.5, "{shown:?}");
    assert_eq!(harness.state().view.selected, None);
    let banner = harness.state().banner.clone().unwrap_or_default();
    assert!(
        banner.contains("no event has the id `no-such-event`"),
        "{banner}"
    );
}

/// Issue #15 item 1: Ctrl+T opens the event table: one row per visible event, sortable by a
/// header click (again to reverse), a row click selects the event in the lanes, a selection in
/// the lanes scrolls the table to its row, and Ctrl+C copies rows as tab-separated text.
#[test]
fn the_event_table_lists_sorts_selects_and_copies() {
    let mut harness = bundled();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::T);
    harness.run_steps(3);
    assert!(harness.state().table.open);
    harness.get_by_label("Title");
    let timeline = load_str(BUNDLED_TIMELINE).timeline.unwrap();
    assert_eq!(harness.state().table.rows().len(), timeline.events.len());
    // Date order first: the first row is the earliest event.
    let first = harness.state().table.rows()[0];
    assert_eq!(&*timeline.events[first as usize].id, "camarena-murder-1985");

    // Sort by title, then reverse.
    harness.get_by_label("Title").click();
    harness.run_steps(2);
    let titles = |harness: &Harness<'static, ChronolanesApp>| -> Vec<String> {
        harness
            .state()
            .table
            .rows()
            .iter()
            .map(|&i| timeline.events[i as usize].title.to_lowercase())
            .collect()
    };
    let ascending = titles(&harness);
    assert!(ascending.windows(2).all(|w| w[0] <= w[1]), "{ascending:?}");
    harness.get_by_label("Title ▲").click();
    harness.run_steps(2);
    let descending = titles(&harness);
    assert!(descending.windows(2).all(|w| w[0] >= w[1]));

    // A row click selects the event (its details show).
    let top = harness.state().table.rows()[0];
    let top_title = timeline.events[top as usize].title.to_string();
    // The table is under the lanes: its cell is the lowest node with that title.
    let row_cell = harness
        .query_all_by_label(&top_title)
        .map(|node| node.rect())
        .max_by(|a, b| a.top().total_cmp(&b.top()))
        .expect("the first row's title cell");
    click_at(&mut harness, row_cell.center());
    assert_eq!(harness.state().view.selected, Some(top));

    // Ctrl+C copies the picked row with a header.
    harness.event(egui::Event::Copy);
    harness.run_steps(1);
    let copied = ui_support::copied_texts(&harness);
    assert_eq!(copied.len(), 1, "{copied:?}");
    let lines: Vec<&str> = copied[0].lines().collect();
    assert_eq!(
        lines[0],
        "Date\tEnd\tKind\tTitle\tPeople\tCartels\tSources\tQuotes\tDisputes"
    );
    assert_eq!(lines.len(), 2);
    assert!(lines[1].contains(&top_title), "{}", lines[1]);

    // Selecting in the lanes scrolls the table: sorted by title descending, the earliest
    // event's row is far down, and appears once the event is selected by keyboard.
    let earliest_title = timeline.events[first as usize].title.to_string();
    let before = harness.query_all_by_label(&earliest_title).count();
    harness.key_press(Key::Escape);
    harness.run_steps(1);
    harness.key_press(Key::ArrowRight);
    harness.run_steps(5);
    assert_eq!(harness.state().view.selected, Some(first));
    let after = harness.query_all_by_label(&earliest_title).count();
    assert!(after > before, "{before} -> {after}");
}
