//! Hostile and extreme input, file-system faults while a file is watched, and link safety:
//! the real app through egui_kittest. Nothing may panic, hang, or lose what is on screen.

#[path = "support/ui.rs"]
mod ui_support;

use std::path::Path;

use chronolanes::app::{ChronolanesApp, DEFAULT_WINDOW_SIZE, Startup};
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use ui_support::wait_until;

fn start_with(path: &Path, allow_missing_glyphs: bool) -> Harness<'static, ChronolanesApp> {
    let startup = Startup {
        file: Some(path.to_path_buf()),
        fresh: true,
        ..Startup::default()
    };
    let mut builder = Harness::builder().with_size(egui::Vec2::from(DEFAULT_WINDOW_SIZE));
    if allow_missing_glyphs {
        builder = builder.allow_missing_glyphs();
    }
    let mut harness = builder.build_eframe(move |cc| ChronolanesApp::new(cc, startup));
    wait_until(&mut harness, "the file loads", |app| !app.is_loading());
    harness.run_steps(3);
    harness
}

/// Zooms in and out, pans, hovers and fits: the things a user does first.
fn exercise(harness: &mut Harness<'static, ChronolanesApp>) {
    let Some(plot) = harness.state().view.last_plot_rect else {
        return;
    };
    for (x, delta) in [(0.5, 400.0), (0.2, -900.0), (0.8, 300.0)] {
        let pos = plot.lerp_inside(egui::vec2(x, 0.5));
        harness.hover_at(pos);
        harness.event(ui_support::wheel_event(delta));
        harness.run_steps(3);
    }
    for y in [0.1, 0.5, 0.9] {
        harness.hover_at(plot.lerp_inside(egui::vec2(0.5, y)));
        harness.run_steps(1);
    }
    harness.remove_cursor();
    harness.key_press(Key::Home);
    harness.key_press(Key::ArrowRight);
    harness.key_press(Key::Enter);
    harness.run_steps(3);
}

fn timeline_file(dir: &Path, name: &str, people: &str, events: &[String]) -> std::path::PathBuf {
    let text = format!(
        "Timeline(title: \"{name}\", {people} sources: [Source(id: \"s\", title: \"S\")], events: [{}])",
        events.join(",\n")
    );
    let path = dir.join(format!("{name}.ron"));
    std::fs::write(&path, text).unwrap();
    path
}

fn event(id: &str, kind: &str, date: &str, title: &str, extra: &str) -> String {
    format!(
        "Event(id: \"{id}\", kind: {kind}, date: \"{date}\", title: \"{title}\", sources: [\"s\"], {extra})"
    )
}

#[test]
fn extreme_but_valid_timelines_render_and_respond() {
    let dir = tempfile::tempdir().unwrap();
    let cases: Vec<(&str, String, Vec<String>)> = vec![
        ("empty", String::new(), vec![]),
        (
            "one",
            String::new(),
            vec![event("a", "Arrest", "2025-02-27", "Alone", "")],
        ),
        (
            "one-day",
            String::new(),
            (0..200)
                .map(|i| {
                    event(
                        &format!("e{i}"),
                        "Court",
                        "2025-02-27",
                        &format!("Same day {i}"),
                        "",
                    )
                })
                .collect(),
        ),
        (
            "extremes",
            String::new(),
            vec![
                event("old", "Other", "-9999-01-01", "Earliest", ""),
                event("new", "Other", "9999-12-31", "Latest", ""),
                event("span", "Violence", "-9999", "Everything", "end: \"9999\""),
            ],
        ),
        (
            "long-title",
            String::new(),
            vec![event(
                "t",
                "Arrest",
                "2000",
                &"Very long title ".repeat(625),
                "",
            )],
        ),
        (
            "one-month",
            String::new(),
            (0..1000)
                .map(|i| {
                    event(
                        &format!("m{i}"),
                        "Extradition",
                        &format!("2025-03-{:02}", i % 31 + 1),
                        &format!("M{i}"),
                        "",
                    )
                })
                .collect(),
        ),
    ];
    for (name, people, events) in cases {
        let path = timeline_file(dir.path(), name, &people, &events);
        let mut harness = start_with(&path, false);
        let total = events.len();
        harness.get_by_label(&format!("{total} of {total} events"));
        assert!(
            harness.state().banner.is_none(),
            "{name}: {:?}",
            harness.state().banner
        );
        exercise(&mut harness);
        let window = harness.state().view.window.unwrap();
        assert!(
            window.width_days() >= 1.0 - 1e-9 && window.width_days() <= 2000.0 * 366.0,
            "{name}: {window:?}"
        );
        if name == "one" {
            // Fit all gives a sensible window around a single event: a month, centred on it.
            harness.key_press(Key::Home);
            harness.run_steps(3);
            let window = harness.state().view.window.unwrap();
            let day = chronolanes::date::Date::parse("2025-02-27")
                .unwrap()
                .first_day() as f64;
            assert!(
                window.start_day < day && window.end_day > day + 1.0,
                "{window:?}"
            );
            assert!(window.width_days() <= 31.0, "{window:?}");
        }
        if name == "one-month" {
            assert!(
                !harness.state().view.last_layout.dense_lanes.is_empty(),
                "1,000 events in a month become density"
            );
        }
    }
}

#[test]
fn right_to_left_emoji_and_combining_names_do_not_break_anything() {
    let dir = tempfile::tempdir().unwrap();
    let people = "people: [Person(id: \"p1\", name: \"مؤسسة العدل\"), Person(id: \"p2\", name: \"אליהו 🙂 Cafe\u{301}\")],";
    let events = vec![
        event(
            "r",
            "Arrest",
            "2020-05-01",
            "اعتقال في المدينة",
            "people: [\"p1\"]",
        ),
        event(
            "e",
            "Release",
            "2020-06-01",
            "🚔🚨 released 👮‍♀️ Zoë",
            "people: [\"p2\"]",
        ),
    ];
    let path = timeline_file(dir.path(), "scripts", people, &events);
    let mut harness = start_with(&path, true);
    harness.get_by_label("2 of 2 events");
    harness.get_by_label("View").click();
    harness.run_steps(2);
    harness.get_by_label("Person").click();
    harness.run_steps(3);
    exercise(&mut harness);
}

#[test]
fn five_hundred_people_grouped_by_person() {
    let dir = tempfile::tempdir().unwrap();
    let people: Vec<String> = (0..500)
        .map(|i| format!("Person(id: \"p{i}\", name: \"Person {i}\")"))
        .collect();
    let people = format!("people: [{}],", people.join(","));
    let events: Vec<String> = (0..500)
        .map(|i| {
            event(
                &format!("e{i}"),
                "Arrest",
                &format!("{}-01-01", 1900 + i / 5),
                &format!("E{i}"),
                &format!("people: [\"p{i}\"]"),
            )
        })
        .collect();
    let path = timeline_file(dir.path(), "crowd", &people, &events);
    let mut harness = start_with(&path, false);
    harness.get_by_label("View").click();
    harness.run_steps(2);
    harness.get_by_label("Person").click();
    harness.run_steps(3);
    assert_eq!(harness.state().document.scene.lanes().len(), 500);
    exercise(&mut harness);
}

const GOOD: &str = r#"Timeline(title: "Watched", sources: [Source(id: "s", title: "S")], events: [
    Event(id: "a", kind: Arrest, date: "2020-01-05", title: "First", sources: ["s"]),
    Event(id: "b", kind: Court, date: "2021", title: "Second", sources: ["s"]),
])"#;

fn banner_contains(app: &ChronolanesApp, text: &str) -> bool {
    app.banner.as_deref().is_some_and(|b| b.contains(text))
}

#[test]
fn file_system_faults_keep_the_last_good_timeline_and_recover() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("watched.ron");
    std::fs::write(&path, GOOD).unwrap();
    let mut harness = start_with(&path, false);
    harness.get_by_label("2 of 2 events");
    let still_shows_last_good = |harness: &Harness<'static, ChronolanesApp>| {
        assert_eq!(harness.state().document.scene.timeline().events.len(), 2);
        harness.get_by_label("2 of 2 events");
    };
    let restore = |harness: &mut Harness<'static, ChronolanesApp>, title: &str| {
        std::fs::write(&path, GOOD.replace("\"Watched\"", &format!("\"{title}\""))).unwrap();
        let wanted = title.to_string();
        wait_until(harness, "the good file loads again", move |app| {
            app.banner.is_none() && app.document.scene.timeline().title == wanted
        });
    };

    // Deleted.
    std::fs::remove_file(&path).unwrap();
    wait_until(&mut harness, "the banner says the file is gone", |app| {
        banner_contains(app, "the file is gone")
    });
    still_shows_last_good(&harness);
    restore(&mut harness, "Back after delete");

    // Renamed away, then back.
    let elsewhere = dir.path().join("moved.ron");
    std::fs::rename(&path, &elsewhere).unwrap();
    wait_until(&mut harness, "the banner says the file is gone", |app| {
        banner_contains(app, "the file is gone")
    });
    still_shows_last_good(&harness);
    std::fs::rename(&elsewhere, &path).unwrap();
    wait_until(&mut harness, "the renamed file is back", |app| {
        app.banner.is_none()
    });

    // Truncated to zero.
    std::fs::File::create(&path).unwrap();
    wait_until(&mut harness, "the banner says the file is empty", |app| {
        banner_contains(app, "empty")
    });
    still_shows_last_good(&harness);
    restore(&mut harness, "Back after truncation");

    // Replaced by a directory.
    std::fs::remove_file(&path).unwrap();
    std::fs::create_dir(&path).unwrap();
    wait_until(&mut harness, "the banner says it is a directory", |app| {
        banner_contains(app, "directory")
    });
    still_shows_last_good(&harness);
    std::fs::remove_dir(&path).unwrap();
    restore(&mut harness, "Back after directory");

    // Replaced by save-by-rename.
    let temporary = dir.path().join(".watched.ron.swp");
    std::fs::write(
        &temporary,
        GOOD.replace("\"Watched\"", "\"Saved by rename\""),
    )
    .unwrap();
    std::fs::rename(&temporary, &path).unwrap();
    wait_until(&mut harness, "the renamed-over file loads", |app| {
        app.document.scene.timeline().title == "Saved by rename"
    });

    // Made unreadable (root can read anything: then this step is skipped, saying so).
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o000)).unwrap();
    if std::fs::read(&path).is_err() {
        harness.key_press_modifiers(Modifiers::COMMAND, Key::R);
        wait_until(&mut harness, "the banner says permission denied", |app| {
            banner_contains(app, "permission denied")
        });
        still_shows_last_good(&harness);
    } else {
        eprintln!("skipped the unreadable-file step: running as root, which can read any file");
    }
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
    restore(&mut harness, "Readable again");
}

#[test]
fn only_http_https_and_mailto_links_open_and_only_on_click() {
    let dir = tempfile::tempdir().unwrap();
    let urls = [
        ("web", "https://example.org/article"),
        ("mail", "mailto:desk@example.org"),
        ("js", "javascript:alert(1)"),
        ("file", "file:///etc/passwd"),
        ("data", "data:text/html,<b>x</b>"),
        ("relative", "../secret.html"),
    ];
    let sources: Vec<String> = urls
        .iter()
        .map(|(id, url)| format!("Source(id: \"{id}\", title: \"Source {id}\", url: \"{url}\")"))
        .collect();
    let cited: Vec<String> = urls.iter().map(|(id, _)| format!("\"{id}\"")).collect();
    let text = format!(
        "Timeline(title: \"Links\", sources: [{}], events: [Event(id: \"e\", kind: Arrest, date: \"2020\", title: \"Linked\", sources: [{}])])",
        sources.join(", "),
        cited.join(", ")
    );
    let path = dir.path().join("links.ron");
    std::fs::write(&path, text).unwrap();
    let mut harness = start_with(&path, false);
    harness.key_press(Key::ArrowRight);
    harness.run_steps(3);
    let opened = |harness: &Harness<'static, ChronolanesApp>| -> Vec<String> {
        harness
            .output()
            .platform_output
            .commands
            .iter()
            .filter_map(|c| match c {
                egui::OutputCommand::OpenUrl(open) => Some(open.url.clone()),
                _ => None,
            })
            .collect()
    };
    // Nothing opens by itself.
    assert!(opened(&harness).is_empty());
    for (_, url) in &urls[2..] {
        let node = harness.get_by_label(url);
        assert_ne!(
            node.accesskit_node().role(),
            egui::accesskit::Role::Link,
            "{url} must not be a link"
        );
        node.click();
        harness.step();
        assert!(opened(&harness).is_empty(), "{url} was opened");
    }
    for (_, url) in &urls[..2] {
        harness.get_by_label(url).click();
        harness.step();
        assert_eq!(opened(&harness), [url.to_string()]);
        harness.run_steps(1);
    }
}
