//! `export --to timelinejs`: TimelineJS 3 JSON that `import` reads back to the same events (id,
//! kind, dates, title, summary, sources), on the bundled timeline and on every importable
//! fixture in `../shared/fixtures/timelinejs/`; and what TimelineJS itself is shown.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use chronolanes::export::timelinejs::timelinejs_json;
use chronolanes::filter::Filter;
use chronolanes::import::{ImportFormat, import_timelinejs};
use chronolanes::lanes::Grouping;
use chronolanes::load::load_str;
use chronolanes::model::Timeline;
use chronolanes::scene::Scene;

const FIXTURES: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../shared/fixtures/timelinejs/"
);
const BUNDLED: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/timelines/mexico-us-extraditions.ron"
);

fn import(bytes: &[u8], name: &str) -> Timeline {
    let format = if name.ends_with(".csv") {
        ImportFormat::TimelineJsCsv
    } else {
        ImportFormat::TimelineJsJson
    };
    match import_timelinejs(bytes, name, format) {
        Ok(imported) => imported.timeline,
        Err(failure) => panic!("{name}: {:#?}", failure.diagnostics()),
    }
}

fn export(timeline: Timeline, grouping: Grouping) -> String {
    timelinejs_json(&Scene::new(timeline, grouping, &Filter::default()))
}

/// What a round trip keeps of each event, sorted by id: id, kind, date, end, title, summary,
/// and each cited source's id, outlet, title, link and publication date.
fn comparable(timeline: &Timeline) -> Vec<String> {
    let mut events: Vec<String> = timeline
        .events
        .iter()
        .map(|event| {
            let sources: Vec<String> = event
                .sources()
                .iter()
                .map(|id| {
                    let source = timeline.sources.iter().find(|s| s.id == *id);
                    format!(
                        "{id}={:?}",
                        source.map(|s| (&s.outlet, &s.title, &s.url, s.published))
                    )
                })
                .collect();
            format!(
                "{} {:?} {} {:?} {:?} {:?} {sources:?}",
                event.id, event.kind, event.date, event.end, event.title, event.summary
            )
        })
        .collect();
    events.sort();
    events
}

#[test]
fn the_bundled_timeline_comes_back_from_timelinejs_unchanged() {
    let text = std::fs::read_to_string(BUNDLED).expect("bundled timeline");
    let original = load_str(&text).timeline.expect("loads");
    for grouping in Grouping::ALL {
        let json = export(original.clone(), grouping);
        let back = import(json.as_bytes(), "exported.json");
        assert_eq!(comparable(&back), comparable(&original), "{grouping:?}");
        assert_eq!(back.title, original.title);
        assert_eq!(back.eras, original.eras);
    }
}

#[test]
fn every_fixture_survives_import_export_import() {
    for name in [
        "houston.json",
        "marktwain.json",
        "eras.json",
        "women_in_computing.csv",
        "my-own-timeline.csv",
    ] {
        let bytes = std::fs::read(PathBuf::from(FIXTURES).join(name)).expect("fixture");
        let first = import(&bytes, name);
        assert!(!first.events.is_empty(), "{name}");
        let json = export(first.clone(), Grouping::Kind);
        let second = import(json.as_bytes(), "exported.json");
        assert_eq!(comparable(&second), comparable(&first), "{name}");
        assert_eq!(second.eras, first.eras, "{name}");
    }
}

#[test]
fn slides_show_dates_at_their_precision_groups_escaped_text_and_media() {
    let text = r#"Timeline(title: "T <b>", description: "About & more",
  eras: [Era(title: "Term", start: "2012-12", end: "2018")],
  sources: [Source(id: "r", outlet: "Reuters", title: "A <script>", url: "https://example.org/a?b=1&c=2"),
            Source(id: "w", title: "Wire")],
  events: [
    Event(id: "a", kind: Policy(Law), date: "~1985", title: "Law <i>", summary: "One\nTwo & three",
      sources: ["w", "r"], quotes: [Quote(source: "r", text: "He said \"no\"")]),
    Event(id: "b", kind: Arrest, date: "2016-01-08", end: "2016-02", title: "B", sources: ["w"]),
  ],
)"#;
    let timeline = load_str(text).timeline.expect("loads");
    let json: serde_json::Value =
        serde_json::from_str(&export(timeline, Grouping::Kind)).expect("JSON");
    assert_eq!(json["title"]["text"]["headline"], "T &lt;b&gt;");
    assert_eq!(json["title"]["text"]["text"], "<p>About &amp; more</p>");
    let a = &json["events"][0];
    assert_eq!(a["unique_id"], "a");
    assert_eq!(a["start_date"], serde_json::json!({"year": "1985"}));
    assert_eq!(a["display_date"], "c. 1985");
    assert_eq!(a["group"], "Policy");
    assert_eq!(a["text"]["headline"], "Law &lt;i&gt;");
    assert_eq!(
        a["text"]["text"],
        "<p>One</p><p>Two &amp; three</p>\
         <blockquote>“He said &quot;no&quot;” — Reuters: A &lt;script&gt;</blockquote>\
         <p>Sources:</p><ul><li>Wire</li>\
         <li><a href=\"https://example.org/a?b=1&amp;c=2\">Reuters: A &lt;script&gt;</a></li></ul>"
    );
    // The first source with a link, not the first source.
    assert_eq!(a["media"]["url"], "https://example.org/a?b=1&c=2");
    assert_eq!(a["media"]["credit"], "Reuters");
    let b = &json["events"][1];
    assert_eq!(
        b["start_date"],
        serde_json::json!({"year": "2016", "month": "1", "day": "8"})
    );
    assert_eq!(
        b["end_date"],
        serde_json::json!({"year": "2016", "month": "2"})
    );
    assert_eq!(b["display_date"], "8 Jan 2016 – Feb 2016");
    assert_eq!(b["group"], "Arrests");
    assert!(b.get("media").is_none());
    assert_eq!(json["eras"][0]["text"]["headline"], "Term");
    assert_eq!(
        json["eras"][0]["start_date"],
        serde_json::json!({"year": "2012", "month": "12"})
    );
}

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_chronolanes"))
        .args(args)
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .output()
        .expect("the binary runs")
}

fn arg(path: &Path) -> &str {
    path.to_str().expect("UTF-8 path")
}

#[test]
fn the_command_filters_never_overwrites_without_force_and_imports_back() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("out.json");
    let export = |extra: &[&str]| {
        let mut args = vec!["export", BUNDLED, "--to", "timelinejs", "-o", arg(&out)];
        args.extend_from_slice(extra);
        run(&args)
    };
    let first = export(&["--kind", "extradition"]);
    assert!(first.status.success(), "{first:?}");
    let written = std::fs::read_to_string(&out).expect("written");
    let json: serde_json::Value = serde_json::from_str(&written).expect("JSON");
    let events = json["events"].as_array().expect("events");
    assert!(!events.is_empty());
    assert!(
        events
            .iter()
            .all(|e| e["chronolanes"]["kind"] == "extradition")
    );

    let again = export(&[]);
    assert_eq!(again.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&again.stderr).contains("already exists; add --force"),
        "{again:?}"
    );
    assert_eq!(std::fs::read_to_string(&out).expect("kept"), written);

    let forced = export(&["--force"]);
    assert!(forced.status.success(), "{forced:?}");
    let back = run(&["import", arg(&out)]);
    assert!(back.status.success(), "{back:?}");
    let reloaded = load_str(&String::from_utf8_lossy(&back.stdout))
        .timeline
        .expect("the import loads");
    let bundled = load_str(&std::fs::read_to_string(BUNDLED).expect("bundled"))
        .timeline
        .expect("loads");
    assert_eq!(reloaded.events.len(), bundled.events.len());
}
