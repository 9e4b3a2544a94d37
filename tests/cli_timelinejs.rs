//! `check`, `list` and `render` on TimelineJS files (`../shared/fixtures/timelinejs/`): the same
//! `FILE:LINE:COL: warning|error: MESSAGE` lines and exit codes as for RON, the same timeline as
//! `import` makes, whatever the file is called.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use chronolanes::import::{ImportFormat, import_timelinejs};
use chronolanes::model::Timeline;

const FIXTURES: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../shared/fixtures/timelinejs/"
);

/// Every fixture that imports (cosmo.json does not: its years are out of range).
const IMPORTABLE: &[&str] = &[
    "houston.json",
    "marktwain.json",
    "eras.json",
    "women_in_computing.csv",
    "my-own-timeline.csv",
];

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(FIXTURES).join(name)
}

fn arg(path: &Path) -> &str {
    path.to_str().expect("UTF-8 path")
}

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_chronolanes"))
        .args(args)
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .output()
        .expect("the binary runs")
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// The timeline `import` makes of a fixture, in process.
fn imported(name: &str) -> Timeline {
    let bytes = std::fs::read(fixture(name)).expect("the fixture exists");
    let format = if name.ends_with(".csv") {
        ImportFormat::TimelineJsCsv
    } else {
        ImportFormat::TimelineJsJson
    };
    match import_timelinejs(&bytes, name, format) {
        Ok(imported) => imported.timeline,
        Err(failure) => panic!("{name}: {:#?}", failure.diagnostics()),
    }
}

/// The `FILE:LINE:COL: severity: MESSAGE` lines of a text.
fn diagnostic_lines(text: &str) -> Vec<&str> {
    text.lines()
        .filter(|line| line.contains(": warning: ") || line.contains(": error: "))
        .collect()
}

#[test]
fn check_prints_the_import_warnings_as_import_does_and_exits_0() {
    for name in IMPORTABLE {
        let path = fixture(name);
        let check = run(&["check", "--brief", arg(&path)]);
        assert_eq!(check.status.code(), Some(0), "{name}: {}", stdout(&check));
        let import = run(&["import", arg(&path)]);
        let import_stderr = stderr(&import);
        let warnings = diagnostic_lines(&import_stderr);
        let check_stdout = stdout(&check);
        assert_eq!(diagnostic_lines(&check_stdout), warnings, "{name}");
        assert!(
            check_stdout.ends_with(&format!(
                "checked 1 file: 0 errors, {}\n",
                chronolanes::diagnostic::plural(warnings.len(), "warning")
            )),
            "{name}: {check_stdout}"
        );
    }
}

#[test]
fn check_names_line_and_column_and_denies_warnings_on_request() {
    let path = fixture("marktwain.json");
    let output = run(&["check", "--brief", arg(&path)]);
    let text = stdout(&output);
    assert!(
        text.contains(&format!(
            "{}:34:27: warning: times of day are dropped: format v1 dates stop at the day (16 dates gave one)\n",
            path.display()
        )),
        "{text}"
    );
    assert!(
        text.ends_with("checked 1 file: 0 errors, 6 warnings\n"),
        "{text}"
    );

    let denied = run(&["check", "--deny-warnings", arg(&path)]);
    assert_eq!(denied.status.code(), Some(1));
    // Without --brief, each line is followed by its excerpt and a caret under the column.
    let line_27 = std::fs::read_to_string(&path)
        .unwrap()
        .lines()
        .nth(26)
        .unwrap()
        .to_string();
    assert!(
        stdout(&denied).contains(&format!(
            "{}:27:13: warning: ignored keys Chronolanes has no place for: `type`, `location`, `background`, `start_date.thumbnail`\n    |\n 27 | {line_27}\n    | {}^\n",
            path.display(),
            " ".repeat(12)
        )),
        "{}",
        stdout(&denied)
    );
}

#[test]
fn check_of_a_file_that_cannot_be_imported_exits_1_with_its_errors() {
    let path = fixture("cosmo.json");
    let output = run(&["check", "--brief", arg(&path)]);
    assert_eq!(output.status.code(), Some(1));
    let text = stdout(&output);
    assert!(
        text.contains(&format!(
            "{}:21:25: error: year -13800000000 of event `The Big Bang` is outside -9999..9999, the years a Chronolanes date can hold\n",
            path.display()
        )),
        "{text}"
    );
    assert!(text.contains("checked 1 file: 7 errors, "), "{text}");

    // Several files of different formats: one summary, the worst exit code.
    let output = run(&[
        "check",
        "--brief",
        arg(&fixture("houston.json")),
        concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/good.ron"),
        arg(&path),
    ]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stdout(&output).contains("checked 3 files: 7 errors, "),
        "{}",
        stdout(&output)
    );
}

#[test]
fn the_content_decides_when_the_name_does_not() {
    let directory = tempfile::tempdir().unwrap();
    for (name, renamed) in [
        ("marktwain.json", "marktwain.txt"),
        ("women_in_computing.csv", "women in computing"),
    ] {
        let copy = directory.path().join(renamed);
        std::fs::copy(fixture(name), &copy).unwrap();
        let original = run(&["check", "--brief", arg(&fixture(name))]);
        let renamed_check = run(&["check", "--brief", arg(&copy)]);
        assert_eq!(renamed_check.status.code(), Some(0), "{renamed}");
        assert_eq!(
            stdout(&renamed_check).replace(arg(&copy), "FILE"),
            stdout(&original).replace(arg(&fixture(name)), "FILE"),
            "{renamed}"
        );
        let original = run(&["list", arg(&fixture(name))]);
        let renamed_list = run(&["list", arg(&copy)]);
        assert_eq!(renamed_list.status.code(), Some(0), "{renamed}");
        assert_eq!(stdout(&renamed_list), stdout(&original), "{renamed}");
    }
}

#[test]
fn list_prints_every_imported_event() {
    for name in IMPORTABLE {
        let timeline = imported(name);
        let output = run(&["list", arg(&fixture(name)), "--format", "json"]);
        assert_eq!(output.status.code(), Some(0), "{name}: {}", stderr(&output));
        let listed: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
        let listed = listed.as_array().expect("a JSON array");
        assert_eq!(listed.len(), timeline.events.len(), "{name}");
        let mut ids: Vec<&str> = listed.iter().filter_map(|e| e["id"].as_str()).collect();
        ids.sort_unstable();
        let mut expected: Vec<&str> = timeline.events.iter().map(|e| &*e.id).collect();
        expected.sort_unstable();
        assert_eq!(ids, expected, "{name}");
    }
}

#[test]
fn list_of_a_timelinejs_file_is_list_of_its_import() {
    let directory = tempfile::tempdir().unwrap();
    for name in IMPORTABLE {
        let ron = directory.path().join(format!("{name}.ron"));
        let import = run(&["import", arg(&fixture(name)), "-o", arg(&ron)]);
        assert_eq!(import.status.code(), Some(0), "{name}: {}", stderr(&import));
        for format in ["table", "csv", "markdown"] {
            let direct = run(&["list", arg(&fixture(name)), "--format", format]);
            let through_ron = run(&["list", arg(&ron), "--format", format]);
            assert_eq!(direct.status.code(), Some(0), "{name}");
            assert!(!direct.stdout.is_empty(), "{name}");
            assert_eq!(stdout(&direct), stdout(&through_ron), "{name} as {format}");
        }
    }
}

#[test]
fn list_and_render_of_a_file_that_cannot_be_imported_exit_1_and_write_nothing() {
    let path = fixture("cosmo.json");
    let output = run(&["list", arg(&path)]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(stdout(&output), "");
    let text = stderr(&output);
    assert!(
        text.contains(&format!(
            "{}:21:25: error: year -13800000000 of event `The Big Bang` is outside -9999..9999, the years a Chronolanes date can hold\n",
            path.display()
        )),
        "{text}"
    );
    assert!(
        text.ends_with(&format!(
            "{}: 7 errors; fix them and run again\n",
            path.display()
        )),
        "{text}"
    );

    let directory = tempfile::tempdir().unwrap();
    let out = directory.path().join("cosmo.svg");
    let output = run(&["render", arg(&path), "-o", arg(&out)]);
    assert_eq!(output.status.code(), Some(1));
    assert!(!out.exists());
}

#[test]
fn render_draws_one_marker_per_imported_event() {
    let directory = tempfile::tempdir().unwrap();
    for name in ["houston.json", "women_in_computing.csv"] {
        let out = directory.path().join(format!("{name}.svg"));
        let output = run(&["render", arg(&fixture(name)), "-o", arg(&out)]);
        assert_eq!(output.status.code(), Some(0), "{name}: {}", stderr(&output));
        assert!(
            stdout(&output).starts_with(&format!("wrote {}: ", out.display())),
            "{}",
            stdout(&output)
        );
        let svg = std::fs::read_to_string(&out).unwrap();
        let document = roxmltree::Document::parse(&svg).expect("well-formed SVG");
        let mut drawn: Vec<&str> = document
            .descendants()
            // Event groups (titles carry the event's data-id too).
            .filter(|n| n.attribute("class") == Some("event"))
            .filter_map(|n| n.attribute("data-id"))
            .collect();
        drawn.sort_unstable();
        let timeline = imported(name);
        let mut expected: Vec<&str> = timeline.events.iter().map(|e| &*e.id).collect();
        expected.sort_unstable();
        assert_eq!(drawn, expected, "{name}");
        assert!(
            svg.contains(&xml_escaped(&timeline.title)),
            "{name}: the title"
        );
    }
}

fn xml_escaped(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}
