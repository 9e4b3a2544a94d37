//! The TimelineJS importer on real TimelineJS files (`../shared/fixtures/timelinejs/`).

use chronolanes::date::{Date, Precision};
use chronolanes::import::{ImportFormat, Imported, detect_format, import_timelinejs};
use chronolanes::load::load_str;
use chronolanes::model::{Event, Timeline};
use chronolanes::write_ron::timeline_to_ron;

const FIXTURES: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../shared/fixtures/timelinejs/"
);

fn import_fixture(name: &str) -> Result<Imported, chronolanes::import::ImportFailure> {
    let path = std::path::PathBuf::from(FIXTURES).join(name);
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let format = detect_format(&path).expect("fixture extension");
    import_timelinejs(&bytes, name, format)
}

fn imported(name: &str) -> Imported {
    match import_fixture(name) {
        Ok(imported) => imported,
        Err(failure) => panic!("{name} failed: {:#?}", failure.diagnostics()),
    }
}

/// Writes the timeline as RON and loads it back: no errors, and the same timeline.
fn assert_checks_and_round_trips(name: &str, timeline: &Timeline) {
    let text = timeline_to_ron(timeline);
    let loaded = load_str(&text);
    let errors: Vec<String> = loaded
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(|d| d.one_line(name))
        .collect();
    assert!(errors.is_empty(), "{name}: {errors:#?}");
    // Warnings allowed, but only the expected kind: events whose slide had no media.
    for warning in &loaded.diagnostics {
        assert!(
            warning.message.ends_with("cites no sources"),
            "{name}: unexpected warning {}",
            warning.one_line(name)
        );
    }
    let reloaded = loaded.timeline.expect("timeline");
    assert_eq!(
        reloaded.events, timeline.events,
        "{name}: events differ after the round trip"
    );
    assert_eq!(
        &reloaded, timeline,
        "{name}: timeline differs after the round trip"
    );
}

fn dates(events: &[Event]) -> Vec<String> {
    events
        .iter()
        .map(|e| match e.end {
            Some(end) => format!("{}..{}", e.date, end),
            None => e.date.to_string(),
        })
        .collect()
}

#[test]
fn houston_gives_its_18_events_with_their_dates_and_precisions() {
    let imported = imported("houston.json");
    let timeline = &imported.timeline;
    assert_eq!(&*timeline.title, "Whitney Houston 1963 - 2012");
    assert!(
        timeline
            .description
            .as_deref()
            .is_some_and(|d| d.starts_with("Houston's voice caught the imagination"))
    );
    assert_eq!(
        dates(&timeline.events),
        [
            "1963-08-09",
            "1978",
            "1978",
            "1978",
            "1983",
            "1985",
            "1986",
            "1987",
            "1988",
            "1989",
            "1991",
            "1992",
            "1992",
            "2002",
            "2004",
            "2005",
            "2010",
            "2012-02-11"
        ]
    );
    assert_eq!(timeline.events[0].date.precision(), Precision::Day);
    assert_eq!(timeline.events[1].date.precision(), Precision::Year);
    assert_eq!(&*timeline.events[0].title, "A Musical Heritage");
    assert_eq!(&*timeline.events[17].title, "Whitney Houston 1963-2012");
    // HTML in text is plain text now.
    assert!(timeline.events.iter().all(|e| {
        let summary = e.summary.as_deref().unwrap_or_default();
        !summary.contains('<') && !summary.contains("&amp;")
    }));
    // Protocol-relative media URLs become https; credits lose their links.
    let flickr = timeline
        .sources
        .iter()
        .find(|s| s.outlet.as_deref() == Some("flickr/Amanda Benham"))
        .expect("the Diane Sawyer photo's source");
    assert_eq!(
        flickr.url.as_deref(),
        Some(
            "https://upload.wikimedia.org/wikipedia/commons/d/dd/ABC_-_Good_Morning_America_-_Diane_Sawyer.jpg"
        )
    );
    assert!(imported.warnings.is_empty(), "{:?}", imported.warnings);
    assert_checks_and_round_trips("houston.json", timeline);
}

#[test]
fn marktwain_keeps_its_ends_drops_times_and_lists_ignored_keys() {
    let imported = imported("marktwain.json");
    let timeline = &imported.timeline;
    assert_eq!(timeline.events.len(), 17);
    assert_eq!(
        timeline.title, "marktwain",
        "no headline in the title slide"
    );
    let hannibal = timeline
        .events
        .iter()
        .find(|e| &*e.title == "Hannibal, Missouri")
        .expect("Hannibal");
    assert_eq!(hannibal.date, Date::parse("1920-01-05").unwrap());
    assert_eq!(hannibal.end, Some(Date::parse("1923-01-05").unwrap()));
    let get_started = timeline.events.last().expect("events");
    assert_eq!(
        get_started.date.to_string(),
        "2014",
        "empty month and day strings"
    );
    let messages: Vec<&str> = imported
        .warnings
        .iter()
        .map(|d| d.message.as_str())
        .collect();
    assert_eq!(
        messages
            .iter()
            .filter(|m| m.starts_with("times of day are dropped"))
            .count(),
        1,
        "{messages:#?}"
    );
    assert!(
        messages.contains(
            &"ignored keys Chronolanes has no place for: `type`, `location`, `background`, `start_date.thumbnail`"
        ),
        "{messages:#?}"
    );
    // The same media on five slides: one source.
    let etc: Vec<&Event> = timeline
        .events
        .iter()
        .filter(|e| e.sources().iter().any(|s| s == "etc"))
        .collect();
    assert_eq!(etc.len(), 5);
    assert_checks_and_round_trips("marktwain.json", timeline);
}

#[test]
fn eras_json_gives_its_eras_and_spans() {
    let imported = imported("eras.json");
    let timeline = &imported.timeline;
    assert_eq!(&*timeline.title, "Eras Test");
    let eras: Vec<String> = timeline
        .eras
        .iter()
        .map(|e| format!("{} {}..{}", e.title, e.start, e.end))
        .collect();
    assert_eq!(
        eras,
        [
            "Era Test 650-700 0650..0700",
            "Era Test 600-650 0600..0650",
            "Era Test 700-720 0700..0720"
        ]
    );
    assert_eq!(timeline.events.len(), 20);
    let spans = dates(&timeline.events);
    assert_eq!(spans[0], "0602..0629");
    assert_eq!(spans[2], "0622-08-09..0622-08-23");
    assert_eq!(spans[4], "0627-12-12");
    assert_checks_and_round_trips("eras.json", timeline);
}

#[test]
fn cosmo_fails_with_the_out_of_range_message() {
    let failure = import_fixture("cosmo.json").expect_err("cosmo.json must not import");
    let first = failure.errors.first().expect("an error");
    assert_eq!(
        first.one_line("cosmo.json"),
        "cosmo.json:21:25: error: year -13800000000 of event `The Big Bang` is outside -9999..9999, the years a Chronolanes date can hold"
    );
    // Every event out of range is named; the one in range (-3500) is not.
    assert_eq!(failure.errors.len(), 7);
    assert!(
        failure
            .errors
            .iter()
            .all(|e| !e.message.contains("wheeled"))
    );
}

fn check_sheet(name: &str, title: &str) {
    let imported = imported(name);
    let timeline = &imported.timeline;
    assert_eq!(timeline.title, title, "{name}: the title row is the title");
    assert!(
        timeline
            .description
            .as_deref()
            .is_some_and(|d| d.starts_with("In this sample timeline, we'll walk you through")),
        "{name}"
    );
    assert_eq!(timeline.events.len(), 10, "{name}");
    assert!(
        !timeline.events.iter().any(|e| &*e.title == title),
        "{name}: the title row is no event"
    );
    let spans = dates(&timeline.events);
    assert_eq!(spans[0], "1815-12-10..1852-11-27", "{name}");
    assert_eq!(spans[2], "1943-07..1946", "{name}");
    assert_eq!(
        spans.iter().filter(|s| s.contains("..")).count(),
        3,
        "{name}: spans come from End Year"
    );
    let eniac = &timeline.events[3];
    assert_eq!(&*eniac.title, "The First Computer");
    // The quoted multi-line cell is one summary.
    assert_eq!(
        eniac.summary.as_deref().map(|s| s.lines().count()),
        Some(2),
        "{name}"
    );
    assert!(
        timeline
            .events
            .iter()
            .any(|e| &*e.title == "\"The Mother of the Internet\""),
        "{name}: doubled quotes"
    );
    let messages: Vec<&str> = imported
        .warnings
        .iter()
        .map(|d| d.message.as_str())
        .collect();
    assert_eq!(
        messages,
        ["ignored columns Chronolanes has no place for: `Background`"]
    );
    assert_checks_and_round_trips(name, timeline);
}

#[test]
fn women_in_computing_sheet_imports_with_title_row_and_spans() {
    check_sheet("women_in_computing.csv", "Women in Computing");
}

#[test]
fn blank_template_sheet_imports_with_title_row_and_spans() {
    check_sheet("my-own-timeline.csv", "MY OWN CSV");
}

#[test]
fn formats_are_detected_by_extension() {
    use std::path::Path;
    assert_eq!(
        detect_format(Path::new("a/houston.JSON")),
        Some(ImportFormat::TimelineJsJson)
    );
    assert_eq!(
        detect_format(Path::new("sheet.csv")),
        Some(ImportFormat::TimelineJsCsv)
    );
    assert_eq!(detect_format(Path::new("timeline.ron")), None);
    assert_eq!(detect_format(Path::new("json")), None);
}
