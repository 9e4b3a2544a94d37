//! `chronolanes diff OLD NEW` as a user runs it, on the pairs of files in `tests/data/diff/`:
//! what is reported, in which order and format, and the exit codes.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use chronolanes::load::load_str;
use chronolanes::write_ron::timeline_to_ron;
use serde_json::json;

const DATA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/diff/");
const TIMELINEJS_FIXTURES: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../shared/fixtures/timelinejs/"
);

fn data(name: &str) -> String {
    format!("{DATA}{name}")
}

fn chronolanes(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_chronolanes"))
        .args(args)
        .output()
        .expect("run chronolanes")
}

fn stdout_of(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).expect("UTF-8 output")
}

fn stderr_of(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// Runs `diff` with `--format json` and parses the report.
fn json_diff(old: &str, new: &str, options: &[&str]) -> (Option<i32>, serde_json::Value) {
    let mut args = vec!["diff", old, new, "--format", "json"];
    args.extend_from_slice(options);
    let output = chronolanes(&args);
    let report = serde_json::from_str(&stdout_of(&output))
        .unwrap_or_else(|error| panic!("{error}: {}{}", stdout_of(&output), stderr_of(&output)));
    (output.status.code(), report)
}

fn event_ids(report: &serde_json::Value) -> Vec<&str> {
    report["events"]
        .as_array()
        .expect("events")
        .iter()
        .map(|event| event["id"].as_str().expect("an id"))
        .collect()
}

#[test]
fn every_kind_of_change_is_reported_with_old_and_new_values_sorted_by_date() {
    let (code, report) = json_diff(&data("old.ron"), &data("new.ron"), &[]);
    assert_eq!(code, Some(1));
    assert_eq!(
        report["events"],
        json!([
            {"id": "arrest-2014", "change": "changed", "fields": [
                {"field": "kind", "old": "arrest", "new": "other"},
                {"field": "title", "old": "Arrested in Mazatlán", "new": "Captured in Mazatlán"},
                {"field": "summary", "old": null, "new": "Marines found him in a flat."},
                {"field": "place", "old": "Mazatlán", "new": "Mazatlán, Sinaloa"},
                {"field": "people", "old": ["guzman"], "new": ["guzman", "zambada"]},
                {"field": "tags", "old": ["marines"], "new": ["marines", "dea"]},
            ]},
            {"id": "escape", "change": "changed", "fields": [
                {"field": "date", "old": "2015", "new": "2015-07-11"},
                {"field": "sources", "old": ["reuters", "ap"], "new": ["reuters"]},
            ]},
            {"id": "raid", "change": "changed", "fields": [
                {"field": "cartels", "old": [], "new": ["sinaloa"]},
            ]},
            {"id": "recaptured", "change": "changed", "fields": [
                {"field": "date", "old": "2016-01-08", "new": "~2016-01-08"},
                {"field": "end", "old": null, "new": "2016-01-09"},
                {"field": "disputed", "old": [], "new": ["2016-01-07 per ap (local press)"]},
            ]},
            {"id": "talks", "change": "removed", "fields": []},
            {"id": "extradited-2017", "change": "changed", "fields": [
                {"field": "id", "old": "extradition", "new": "extradited-2017"},
            ]},
            {"id": "ovidio-arrest", "change": "added", "fields": []},
        ])
    );
}

#[test]
fn the_timeline_eras_people_cartels_and_sources_are_compared() {
    let (_, report) = json_diff(&data("old.ron"), &data("new.ron"), &[]);
    assert_eq!(
        report["entities"],
        json!([
            {"kind": "timeline", "id": "", "change": "changed", "fields": [
                {"field": "title", "old": "Extraditions, 2014–2017",
                 "new": "Mexico–US extraditions, 2014–2017"},
            ]},
            {"kind": "era", "id": "Peña Nieto presidency", "change": "changed", "fields": [
                {"field": "title", "old": "Peña Nieto", "new": "Peña Nieto presidency"},
            ]},
            {"kind": "era", "id": "Trump presidency", "change": "added", "fields": []},
            {"kind": "person", "id": "ovidio", "change": "added", "fields": []},
            {"kind": "cartel", "id": "sinaloa", "change": "changed", "fields": [
                {"field": "aliases", "old": ["CDS"], "new": ["CDS", "Pacific Cartel"]},
            ]},
            {"kind": "source", "id": "ap", "change": "changed", "fields": [
                {"field": "published", "old": null, "new": "2017-01-20"},
            ]},
            {"kind": "source", "id": "reuters", "change": "changed", "fields": [
                {"field": "url", "old": "https://example.org/reuters",
                 "new": "https://example.org/reuters-2014"},
            ]},
        ])
    );
}

#[test]
fn the_table_reads_in_a_terminal_and_names_the_rename() {
    let output = chronolanes(&["diff", &data("old.ron"), &data("new.ron")]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr_of(&output));
    assert_eq!(
        stdout_of(&output),
        r#"DATE         CHANGE   ID               WHAT
2014-02-22   changed  arrest-2014      kind: arrest → other
                                       title: "Arrested in Mazatlán" → "Captured in Mazatlán"
                                       summary: (none) → "Marines found him in a flat."
                                       place: "Mazatlán" → "Mazatlán, Sinaloa"
                                       people: +zambada
                                       tags: +dea
2015-07-11   changed  escape           date: 2015 → 2015-07-11
                                       sources: −ap
2016-01-08   changed  raid             cartels: +sinaloa
~2016-01-08  changed  recaptured       date: 2016-01-08 → ~2016-01-08
                                       end: (none) → 2016-01-09
                                       disputed: +2016-01-07 per ap (local press)
2016-05      removed  talks            "Extradition approved"
2017-01-19   renamed  extradited-2017  id renamed from extradition
2023-01-05   added    ovidio-arrest    "Ovidio Guzmán arrested"

ENTRY     CHANGE   ID                     WHAT
timeline  changed                         title: "Extraditions, 2014–2017" → "Mexico–US extraditions, 2014–2017"
era       changed  Peña Nieto presidency  title: "Peña Nieto" → "Peña Nieto presidency"
era       added    Trump presidency       "Trump presidency"
person    added    ovidio                 "Ovidio Guzmán"
cartel    changed  sinaloa                aliases: +Pacific Cartel
source    changed  ap                     published: (none) → 2017-01-20
source    changed  reuters                url: https://example.org/reuters → https://example.org/reuters-2014

7 events: 5 changed, 1 added, 1 removed; 7 entries: 5 changed, 2 added
"#
    );
}

#[test]
fn markdown_is_a_table_an_editor_can_paste() {
    let output = chronolanes(&[
        "diff",
        &data("old.ron"),
        &data("new.ron"),
        "--format",
        "markdown",
    ]);
    assert_eq!(output.status.code(), Some(1));
    let text = stdout_of(&output);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines[..5],
        [
            "**Changes:** 7 events: 5 changed, 1 added, 1 removed; 7 entries: 5 changed, 2 added",
            "",
            "| Date | Event | Id | Change | Field | Old | New |",
            "|---|---|---|---|---|---|---|",
            "| 22 Feb 2014 | Captured in Mazatlán | `arrest-2014` | changed | kind | arrest | other |",
        ]
    );
    assert!(
        lines.contains(&"| May 2016 | Extradition approved | `talks` | removed |  |  |  |"),
        "{text}"
    );
    assert!(
        lines.contains(
            &"| 19 Jan 2017 | Sent to New York | `extradited-2017` | changed | id | extradition | extradited-2017 |"
        ),
        "{text}"
    );
    // Every row of both tables has the header's seven cells.
    let rows = lines
        .iter()
        .filter(|line| line.starts_with('|') && !line.starts_with("|---"));
    for line in rows {
        assert_eq!(line.matches(" |").count(), 7, "{line}");
    }
}

#[test]
fn equal_files_exit_0_with_empty_lists() {
    let (code, report) = json_diff(&data("old.ron"), &data("old.ron"), &[]);
    assert_eq!(code, Some(0));
    assert_eq!(report, json!({"events": [], "entities": []}));

    let output = chronolanes(&["diff", &data("old.ron"), &data("old.ron")]);
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(stdout_of(&output), "no differences\n");
}

#[test]
fn reordered_events_entries_and_lists_and_other_formatting_are_not_changes() {
    let (code, report) = json_diff(&data("old.ron"), &data("reordered.ron"), &[]);
    assert_eq!(
        (code, &report),
        (Some(0), &json!({"events": [], "entities": []}))
    );
}

#[test]
fn the_filter_options_of_list_select_events_in_the_new_file_or_the_old() {
    // `talks` was removed: it matches in the old file only.
    let (code, report) = json_diff(&data("old.ron"), &data("new.ron"), &["--kind", "policy"]);
    assert_eq!(code, Some(1));
    assert_eq!(event_ids(&report), ["talks"]);

    // `arrest-2014` gained Zambada; `raid` names him in both; the added event names Ovidio.
    let (_, report) = json_diff(
        &data("old.ron"),
        &data("new.ron"),
        &["--person", "Ismael Zambada"],
    );
    assert_eq!(event_ids(&report), ["arrest-2014", "raid"]);

    // A date range selects by each event's date in the file it is taken from.
    let (_, report) = json_diff(
        &data("old.ron"),
        &data("new.ron"),
        &["--from", "2017", "--search", "arrested"],
    );
    assert_eq!(event_ids(&report), ["ovidio-arrest"]);
    // Entries are not events: they are reported whatever the filter.
    assert_eq!(report["entities"].as_array().map(Vec::len), Some(7));
}

#[test]
fn a_filter_value_that_names_nobody_in_either_file_is_warned_about() {
    let output = chronolanes(&[
        "diff",
        &data("old.ron"),
        &data("new.ron"),
        "--person",
        "ovidio",
        "--person",
        "nobody",
    ]);
    assert_eq!(output.status.code(), Some(1));
    // `ovidio` is only in the new file: that is what the comparison shows, not a typo.
    assert_eq!(stderr_of(&output), "warning: no person matches `nobody`\n");
}

#[test]
fn a_file_with_errors_prints_its_diagnostics_and_exits_2() {
    let broken = data("broken.ron");
    let output = chronolanes(&["diff", &data("old.ron"), &broken]);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(stdout_of(&output), "");
    let stderr = stderr_of(&output);
    let first_line = stderr.lines().next().unwrap_or_default();
    assert!(
        first_line.starts_with(&format!("{broken}:4:49: error: ")),
        "{stderr}"
    );
    assert!(first_line.contains("2015-02-30"), "{stderr}");
    // The source excerpt, as `check` prints it, and the count.
    assert!(
        stderr.contains(" 4 |         Event(id: \"escape\""),
        "{stderr}"
    );
    assert!(
        stderr.ends_with(&format!("{broken}: 1 error; fix them and compare again\n")),
        "{stderr}"
    );
}

#[test]
fn both_files_are_checked_before_giving_up() {
    let broken = data("broken.ron");
    let missing = data("no-such-file.ron");
    let output = chronolanes(&["diff", &missing, &broken]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = stderr_of(&output);
    assert!(
        stderr.starts_with(&format!("{missing}: error: cannot read the file: ")),
        "{stderr}"
    );
    assert!(
        stderr.contains(&format!("{broken}:4:49: error: ")),
        "{stderr}"
    );
}

fn timelinejs_fixture(name: &str) -> PathBuf {
    PathBuf::from(TIMELINEJS_FIXTURES).join(name)
}

fn arg(path: &Path) -> &str {
    path.to_str().expect("UTF-8 path")
}

#[test]
fn a_timelinejs_file_and_the_ron_imported_from_it_compare_equal() {
    let directory = tempfile::tempdir().expect("temporary directory");
    for name in [
        "houston.json",
        "marktwain.json",
        "eras.json",
        "women_in_computing.csv",
        "my-own-timeline.csv",
    ] {
        let fixture = timelinejs_fixture(name);
        let ron = directory.path().join(format!("{name}.ron"));
        let imported = chronolanes(&["import", arg(&fixture), "-o", arg(&ron)]);
        assert_eq!(imported.status.code(), Some(0), "{}", stderr_of(&imported));

        for (old, new) in [(&ron, &fixture), (&fixture, &ron)] {
            let (code, report) = json_diff(arg(old), arg(new), &[]);
            assert_eq!(
                (code, &report),
                (Some(0), &json!({"events": [], "entities": []})),
                "{name}"
            );
        }
    }
}

#[test]
fn a_timelinejs_file_compared_with_an_edited_import_shows_the_edit() {
    let directory = tempfile::tempdir().expect("temporary directory");
    let fixture = timelinejs_fixture("houston.json");
    let ron = directory.path().join("houston.ron");
    let imported = chronolanes(&["import", arg(&fixture), "-o", arg(&ron)]);
    assert_eq!(imported.status.code(), Some(0), "{}", stderr_of(&imported));
    let text = std::fs::read_to_string(&ron).expect("imported RON");
    let mut timeline = load_str(&text).timeline.expect("the import loads");
    // Drop the last event: the comparison names exactly that one.
    let removed = timeline.events.pop().expect("an event");
    std::fs::write(&ron, timeline_to_ron(&timeline)).expect("write the edited timeline");

    let (code, report) = json_diff(arg(&fixture), arg(&ron), &[]);
    assert_eq!(code, Some(1));
    assert_eq!(
        report["events"],
        json!([{"id": &*removed.id, "change": "removed", "fields": []}])
    );
}
