//! Broken files and what the loader must say about them.
//!
//! `tests/bad/NAME.ron` + `NAME.expected` (format in `tests/bad/README.md`): every expected
//! diagnostic appears at its line and column, no unexpected error appears, a file expecting no
//! error loads, and the properties of `support/properties.rs` hold (no panic, positions inside
//! the file, under a second). Cases too large to commit are generated below.

#[path = "support/properties.rs"]
mod properties;

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use chronolanes::diagnostic::{Diagnostic, Severity};
use chronolanes::load::{Loaded, MAX_NESTING, load_bytes, load_str};

const BAD_DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/bad");
const BUNDLED: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/timelines/mexico-us-extraditions.ron"
);

/// One `LINE:COL: severity: fragment` line of an expectation file.
#[derive(Debug)]
struct Expected {
    line: u32,
    column: u32,
    severity: Severity,
    fragment: String,
}

impl Expected {
    fn matches(&self, diagnostic: &Diagnostic) -> bool {
        diagnostic.line == self.line
            && diagnostic.column == self.column
            && diagnostic.severity == self.severity
            && diagnostic.message.contains(&self.fragment)
    }
}

fn parse_expectations(text: &str) -> Result<Vec<Expected>, String> {
    let mut out = Vec::new();
    for (index, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let bad = || {
            format!(
                "line {}: `{line}` is not `LINE:COL: severity: fragment`",
                index + 1
            )
        };
        let mut parts = line.splitn(4, ':');
        let (Some(at_line), Some(at_column), Some(severity), Some(fragment)) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(bad());
        };
        let severity = match severity.trim() {
            "error" => Severity::Error,
            "warning" => Severity::Warning,
            _ => return Err(bad()),
        };
        out.push(Expected {
            line: at_line.trim().parse().map_err(|_| bad())?,
            column: at_column.trim().parse().map_err(|_| bad())?,
            severity,
            fragment: fragment.trim().to_string(),
        });
    }
    if out.is_empty() {
        return Err("no expectation: a broken file must expect at least one diagnostic".into());
    }
    Ok(out)
}

/// Loads without letting a panic end the test: the panic becomes a failure naming the file.
fn load_catching(bytes: &[u8]) -> Result<Loaded, String> {
    catch_unwind(AssertUnwindSafe(|| properties::check_load(bytes)))
        .map_err(|panic| {
            let message = panic
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_default();
            format!("the loader panicked: {message}")
        })
        .and_then(|checked| checked)
}

/// Every way `diagnostics` disagrees with `expected`, as readable lines.
fn compare(loaded: &Loaded, expected: &[Expected]) -> Vec<String> {
    let mut failures = Vec::new();
    let shown = |d: &Diagnostic| {
        format!(
            "{}:{}: {}: {}",
            d.line,
            d.column,
            d.severity.label(),
            d.message
        )
    };
    for expectation in expected {
        if !loaded.diagnostics.iter().any(|d| expectation.matches(d)) {
            failures.push(format!("missing expected diagnostic {expectation:?}"));
        }
    }
    for diagnostic in loaded.diagnostics.iter().filter(|d| d.is_error()) {
        if !expected.iter().any(|e| e.matches(diagnostic)) {
            failures.push(format!("unexpected error {}", shown(diagnostic)));
        }
    }
    let expects_errors = expected.iter().any(|e| e.severity == Severity::Error);
    if !expects_errors && loaded.timeline.is_none() {
        failures.push("a file with only warnings must load, but it did not".into());
    }
    if expects_errors && loaded.timeline.is_some() {
        failures.push("a file with errors must not load, but it did".into());
    }
    if !failures.is_empty() {
        let all: Vec<String> = loaded.diagnostics.iter().map(shown).collect();
        failures.push(format!("all diagnostics:\n      {}", all.join("\n      ")));
    }
    failures
}

fn cases(extension: &str) -> Vec<PathBuf> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(BAD_DIR)
        .expect("tests/bad exists")
        .map(|entry| entry.expect("readable tests/bad entry").path())
        .filter(|path| path.extension().is_some_and(|e| e == extension))
        .collect();
    paths.sort();
    paths
}

fn expectation_path(case: &Path) -> PathBuf {
    case.with_extension("expected")
}

#[test]
fn every_bad_file_gives_its_expected_diagnostics() {
    let ron_files = cases("ron");
    assert!(
        ron_files.len() >= 30,
        "only {} broken files in tests/bad",
        ron_files.len()
    );
    let mut failures = Vec::new();
    for path in &ron_files {
        let name = path.file_name().unwrap_or_default().to_string_lossy();
        let bytes = std::fs::read(path).expect("readable case");
        let expected = std::fs::read_to_string(expectation_path(path))
            .map_err(|error| format!("no readable {name} expectation: {error}"))
            .and_then(|text| parse_expectations(&text));
        let outcome = expected.and_then(|expected| {
            let loaded = load_catching(&bytes)?;
            Ok(compare(&loaded, &expected))
        });
        match outcome {
            Ok(problems) if problems.is_empty() => {}
            Ok(problems) => failures.push(format!("{name}:\n    {}", problems.join("\n    "))),
            Err(problem) => failures.push(format!("{name}: {problem}")),
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} broken files are not reported as expected:\n{}",
        failures.len(),
        ron_files.len(),
        failures.join("\n")
    );
}

#[test]
fn every_expectation_file_has_its_case() {
    for expectation in cases("expected") {
        let has_case = ["ron", "json"]
            .iter()
            .any(|extension| expectation.with_extension(extension).exists());
        assert!(has_case, "{} has no case beside it", expectation.display());
    }
}

/// Loads generated text, checking the properties; fails with the reason.
fn load_generated(what: &str, text: &[u8]) -> Loaded {
    match load_catching(text) {
        Ok(loaded) => loaded,
        Err(why) => panic!("{what}: {why}"),
    }
}

fn one_lines(loaded: &Loaded) -> Vec<String> {
    loaded
        .diagnostics
        .iter()
        .map(|d| d.one_line("t.ron"))
        .collect()
}

#[test]
fn a_10_mb_string_loads_within_a_second() {
    let long = "Cártel ".repeat(10 * 1024 * 1024 / 8);
    assert!(long.len() >= 10_000_000);
    let text =
        format!("Timeline(\n    title: \"T\",\n    description: \"{long}\",\n    events: [],\n)\n");
    let started = Instant::now();
    let loaded = load_str(&text);
    let elapsed = started.elapsed();
    assert!(
        elapsed < Duration::from_secs(1),
        "a 10 MB string took {elapsed:?}"
    );
    assert!(!loaded.has_errors(), "{:?}", one_lines(&loaded));
    let description = loaded.timeline.and_then(|t| t.description);
    assert_eq!(description.as_deref(), Some(long.as_str()));
}

#[test]
fn a_10_mb_string_in_the_wrong_place_gives_short_messages() {
    let long = "x".repeat(10 * 1024 * 1024);
    // As an unterminated string, a duplicated id and an unknown reference: each message quotes
    // at most the start of the value.
    let unterminated = format!("Timeline(title: \"T\", description: \"{long}");
    let loaded = load_generated("unterminated 10 MB string", unterminated.as_bytes());
    assert_eq!(
        one_lines(&loaded),
        ["t.ron:1:35: error: unterminated string: no closing `\"` before the end of the file"]
    );
    let references = format!(
        "Timeline(title: \"T\", sources: [Source(id: \"{long}\", title: \"S\"), Source(id: \"{long}\", title: \"S\")],\n events: [Event(id: \"e\", kind: Arrest, date: \"1985\", title: \"E\", sources: [\"{long}y\"])])"
    );
    let loaded = load_generated("10 MB ids", references.as_bytes());
    let found = one_lines(&loaded);
    assert!(found.len() >= 2, "{found:?}");
    for line in &found {
        assert!(line.chars().count() < 500, "overlong message: {line:.200}…");
    }
    assert!(
        found
            .iter()
            .any(|line| line.contains("error: duplicate source id `xxxx")),
        "{found:?}"
    );
    assert!(
        found
            .iter()
            .any(|line| line.starts_with("t.ron:2:76: error: unknown source `xxxx")),
        "{found:?}"
    );
}

#[test]
fn ten_thousand_open_brackets_of_any_kind_are_refused_at_the_nesting_limit() {
    for (opener, name) in [
        ("[", "lists"),
        ("(", "parentheses"),
        ("{", "maps"),
        ("x(", "structs"),
    ] {
        for prefix in [
            "Timeline(title: \"T\", events: [Event(id: \"e\", tags: ",
            "",
        ] {
            let text = format!("{prefix}{}", opener.repeat(10_000));
            let loaded = load_generated(name, text.as_bytes());
            let found = one_lines(&loaded);
            assert!(loaded.has_errors(), "{name}: {found:?}");
            let nesting = found
                .iter()
                .find(|line| line.contains(&format!("nest deeper than {MAX_NESTING} levels")));
            // A top-level `(` or `x(` starts a timeline written without its name: its content
            // is then a field name, so nesting is never reached and a syntax error says so.
            if !prefix.is_empty() || opener == "[" || opener == "{" {
                assert!(nesting.is_some(), "{name} after {prefix:?}: {found:?}");
            }
        }
    }
}

#[test]
fn the_bundled_timeline_cut_anywhere_gives_an_error_inside_the_file() {
    let full = std::fs::read(BUNDLED).expect("bundled timeline");
    assert!(!load_bytes(&full).has_errors());
    // About 400 cut points spread over the file, plus every one of its first 200 bytes: cuts
    // inside a multi-byte character give invalid UTF-8, the others an unclosed bracket or string.
    let step = full.len() / 400;
    let cuts = (0..200).chain((200..full.len()).step_by(step.max(1)));
    for cut in cuts {
        let truncated = &full[..cut];
        let loaded = load_generated(&format!("cut at byte {cut}"), truncated);
        let first_error = loaded.diagnostics.iter().find(|d| d.is_error());
        assert!(
            first_error.is_some(),
            "cut at byte {cut}: no error: {:?}",
            one_lines(&loaded)
        );
    }
}

/// The one TimelineJS case: enabled once `chronolanes::import` (branch `import`) is merged.
#[test]
fn timelinejs_json_with_wrong_types_gives_its_expected_diagnostics() {
    let case = Path::new(BAD_DIR).join("timelinejs-wrong-types.json");
    let bytes = std::fs::read(&case).expect("readable case");
    let expected = std::fs::read_to_string(expectation_path(&case))
        .map_err(|error| error.to_string())
        .and_then(|text| parse_expectations(&text))
        .expect("valid expectations");
    let diagnostics = import_timelinejs_json(&bytes);
    let loaded = Loaded {
        timeline: None,
        diagnostics,
    };
    properties::check_positions(&bytes, &loaded.diagnostics).expect("positions inside the file");
    let failures: Vec<String> = compare(&loaded, &expected)
        .into_iter()
        // An import that fails gives no timeline; whether it loads is checked by the importer.
        .filter(|failure| !failure.starts_with("a file with"))
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The importer's diagnostics for a TimelineJS JSON file.
fn import_timelinejs_json(bytes: &[u8]) -> Vec<Diagnostic> {
    use chronolanes::import::{ImportFormat, import_timelinejs};
    match import_timelinejs(
        bytes,
        "timelinejs-wrong-types.json",
        ImportFormat::TimelineJsJson,
    ) {
        Ok(imported) => imported.warnings,
        Err(failure) => failure.diagnostics(),
    }
}
