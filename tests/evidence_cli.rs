//! `check` against archived articles (`--archive-dir`, `--require-archives`), and the evidence in
//! `list`'s output: exit codes and exact diagnostics on small files, and the bundled timeline
//! checked against the five articles it was written from (`../shared/sources`).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const BINARY: &str = env!("CARGO_BIN_EXE_chronolanes");
const EVIDENCE: &str = "tests/data/evidence/evidence.ron";
const BUNDLED: &str = "timelines/mexico-us-extraditions.ron";
/// The longest passage the bundled timeline may quote from an article.
const MAX_QUOTE_CHARS: usize = 300;

fn run(args: &[&str]) -> Output {
    Command::new(BINARY)
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("the binary runs")
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// The five articles: `../shared/sources` from the repository, as the issue runs the check, or
/// from the folder above a worktree that sits one level deeper.
fn sources_dir() -> PathBuf {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest
        .ancestors()
        .skip(1)
        .take(2)
        .map(|folder| folder.join("shared/sources"))
        .find(|dir| dir.join("README.md").is_file())
        .unwrap_or_else(|| panic!("the articles are expected in ../shared/sources/"))
}

#[test]
fn a_quote_not_in_its_archive_warns_at_the_quote_with_the_closest_passage() {
    // The HTML archive says "conviction", the quote "sentence"; quote marks, the line break and
    // the markup around the rest do not matter, nor the ellipsis in the other event's quote.
    let output = run(&["check", "--brief", EVIDENCE]);
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(
        stdout(&output),
        "tests/data/evidence/evidence.ron:28:50: warning: quote not found in articles/wire.html; closest: 'He was “released” in 2013 after a court overturned his'\n\
         checked 1 file: 0 errors, 1 warning\n"
    );
    let denied = run(&["check", "--brief", "--deny-warnings", EVIDENCE]);
    assert_eq!(denied.status.code(), Some(1));
}

#[test]
fn archive_dir_resolves_archives_elsewhere_and_require_archives_warns_at_the_archive() {
    // The corrected copies hold every quote; `articles/missing.txt` is nowhere.
    let corrected = run(&[
        "check",
        "--brief",
        "--archive-dir",
        "tests/data/evidence/corrected",
        EVIDENCE,
    ]);
    assert_eq!(stdout(&corrected), "checked 1 file: 0 errors, 0 warnings\n");
    let required = run(&[
        "check",
        "--brief",
        "--require-archives",
        "--archive-dir",
        "tests/data/evidence/corrected",
        EVIDENCE,
    ]);
    assert_eq!(
        stdout(&required),
        "tests/data/evidence/evidence.ron:7:81: warning: archive `articles/missing.txt` of source `press` cannot be read: no such file\n\
         checked 1 file: 0 errors, 1 warning\n"
    );
    // In a folder without the articles, nothing can be checked: silent unless required.
    let elsewhere = run(&["check", "--brief", "--archive-dir", "tests/data", EVIDENCE]);
    assert_eq!(stdout(&elsewhere), "checked 1 file: 0 errors, 0 warnings\n");
    let elsewhere_required = run(&[
        "check",
        "--brief",
        "--require-archives",
        "--archive-dir",
        "tests/data",
        EVIDENCE,
    ]);
    assert!(
        stdout(&elsewhere_required).ends_with("checked 1 file: 0 errors, 3 warnings\n"),
        "{}",
        stdout(&elsewhere_required)
    );
}

#[test]
fn the_bundled_timeline_checks_clean_against_its_articles() {
    let dir = sources_dir();
    let output = run(&[
        "check",
        "--archive-dir",
        dir.to_str().expect("a UTF-8 path"),
        "--require-archives",
        "--deny-warnings",
        BUNDLED,
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
    assert_eq!(stdout(&output), "checked 1 file: 0 errors, 0 warnings\n");
}

/// The budget: a 60-event timeline checked against its 5 articles in under 50 ms. The
/// limit here is ten times that, for a debug build on a busy machine; a quadratic slip in the
/// closest-passage search would still blow it.
#[test]
fn checking_the_bundled_quotes_against_their_articles_is_fast() {
    use chronolanes::evidence::ArchiveBase;
    use chronolanes::quotes_check::{ArchiveOptions, check_quotes};
    use chronolanes::source_map::SourceMap;

    let text = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(BUNDLED))
        .expect("the bundled timeline is readable");
    let timeline = chronolanes::load::load_str(&text)
        .timeline
        .expect("the bundled timeline loads");
    let dir = sources_dir();
    let options = ArchiveOptions {
        base: ArchiveBase::Directory(&dir),
        require_archives: true,
    };
    let started = std::time::Instant::now();
    let checked = check_quotes(&timeline, &SourceMap::default(), options);
    let elapsed = started.elapsed();
    eprintln!(
        "{} events checked against 5 articles in {elapsed:?}",
        timeline.events.len()
    );
    assert!(checked.problems.is_empty(), "{:?}", checked.problems);
    assert!(
        elapsed < std::time::Duration::from_millis(500),
        "{elapsed:?}"
    );
}

#[test]
fn list_json_of_the_bundled_timeline_has_quotes_on_every_event_and_its_disputes() {
    let output = run(&["list", "--format", "json", BUNDLED]);
    assert_eq!(output.status.code(), Some(0));
    let events: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let events = events.as_array().unwrap();
    assert_eq!(events.len(), 61);
    for event in events {
        let quotes = event["quotes"].as_array().unwrap();
        assert!(!quotes.is_empty(), "{} has no quote", event["id"]);
        let sources = event["sources"].as_array().unwrap();
        for quote in quotes {
            assert!(sources.contains(&quote["source"]), "{}", event["id"]);
            // "Quote short passages only": the articles are not copied into the repository.
            let chars = quote["text"].as_str().unwrap().chars().count();
            assert!(
                (1..=MAX_QUOTE_CHARS).contains(&chars),
                "{}: a quote of {chars} characters",
                event["id"]
            );
        }
    }
    // A count disputed without a date: the note says what the source says instead.
    let transfer = events
        .iter()
        .find(|e| e["id"] == "transfer-29-2025-02-27")
        .unwrap();
    let disputes = transfer["disputed"].as_array().unwrap();
    assert!(
        disputes
            .iter()
            .any(|d| d.get("date").is_none() && d["note"].is_string()),
        "{disputes:?}"
    );
}

#[test]
fn search_finds_words_only_a_quote_holds_and_disputed_keeps_the_disputed() {
    let output = run(&[
        "list",
        "--format",
        "csv",
        "--search",
        "biggest transfer",
        EVIDENCE,
    ]);
    assert_eq!(
        stdout(&output),
        "id,date,end,kind,title,people,cartels,place,sources\n\
         transfer,2025-02-27,,extradition,Mexico hands 29 cartel figures to the United States,,,,reuters;press\n"
    );
    let disputed = run(&["list", "--format", "csv", "--disputed", EVIDENCE]);
    let ids: Vec<String> = stdout(&disputed)
        .lines()
        .skip(1)
        .map(|line| line.split(',').next().unwrap_or_default().to_string())
        .collect();
    assert_eq!(ids, ["transfer"]);
}
