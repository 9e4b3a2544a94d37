//! The built binary's `check` and `list`: exit codes and exact output on small files.

use std::process::{Command, Output};

const BINARY: &str = env!("CARGO_BIN_EXE_chronolanes");

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

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn check_a_clean_file_exits_0() {
    let output = run(&["check", "tests/data/good.ron"]);
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(stdout(&output), "checked 1 file: 0 errors, 0 warnings\n");
}

#[test]
fn check_prints_each_problem_on_one_line_with_line_and_column() {
    let output = run(&["check", "--brief", "tests/data/broken.ron"]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        stdout(&output),
        "tests/data/broken.ron:3:25: warning: person `caro-quintero` is never referred to\n\
         tests/data/broken.ron:6:44: error: date: `2025-02-30` is not a date: February 2025 has 28 days\n\
         tests/data/broken.ron:7:76: error: unknown person `caro-quinteo`; did you mean `caro-quintero`?\n\
         checked 1 file: 2 errors, 1 warning\n"
    );
}

#[test]
fn check_shows_an_excerpt_with_a_caret() {
    let output = run(&["check", "tests/data/broken.ron"]);
    let text = stdout(&output);
    assert!(
        text.contains(
            "tests/data/broken.ron:6:44: error: date: `2025-02-30` is not a date: February 2025 has 28 days\n   |\n 6 |         Event(id: \"a\", kind: Arrest, date: \"2025-02-30\", title: \"Bad date\", sources: [\"s\"]),\n   |                                            ^\n"
        ),
        "{text}"
    );
}

#[test]
fn warnings_pass_unless_denied() {
    let output = run(&["check", "tests/data/warnings.ron"]);
    assert_eq!(output.status.code(), Some(0));
    assert!(stdout(&output).ends_with("checked 1 file: 0 errors, 3 warnings\n"));
    let denied = run(&[
        "check",
        "--deny-warnings",
        "--brief",
        "tests/data/warnings.ron",
    ]);
    assert_eq!(denied.status.code(), Some(1));
    assert_eq!(
        stdout(&denied),
        "tests/data/warnings.ron:3:26: warning: source `unused` is never referred to\n\
         tests/data/warnings.ron:3:63: warning: link `ftp://example.org/x` of source `unused` is not http(s) or mailto: it is shown but never opened\n\
         tests/data/warnings.ron:5:9: warning: event `a` cites no sources\n\
         checked 1 file: 0 errors, 3 warnings\n"
    );
}

#[test]
fn check_several_files_sums_up_and_unreadable_is_2() {
    let output = run(&[
        "check",
        "--brief",
        "tests/data/good.ron",
        "tests/data/broken.ron",
    ]);
    assert_eq!(output.status.code(), Some(1));
    assert!(stdout(&output).ends_with("checked 2 files: 2 errors, 1 warning\n"));
    let missing = run(&[
        "check",
        "tests/data/good.ron",
        "tests/data/no-such-file.ron",
    ]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(
        stderr(&missing).starts_with("tests/data/no-such-file.ron: error: cannot read the file:")
    );
    assert!(
        stdout(&missing)
            .ends_with("checked 1 file: 0 errors, 0 warnings; 1 file could not be read\n")
    );
}

#[test]
fn bad_arguments_exit_2() {
    assert_eq!(run(&["check"]).status.code(), Some(2));
    assert_eq!(
        run(&["list", "tests/data/good.ron", "--kind", "arrests"])
            .status
            .code(),
        Some(2)
    );
    assert_eq!(
        run(&["list", "tests/data/good.ron", "--from", "Feb 2025"])
            .status
            .code(),
        Some(2)
    );
}

#[test]
fn the_bundled_timeline_passes_with_deny_warnings() {
    let output = run(&[
        "check",
        "--deny-warnings",
        "timelines/mexico-us-extraditions.ron",
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
}

#[test]
fn list_table_is_sorted_by_start() {
    let output = run(&["list", "tests/data/good.ron"]);
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(
        stdout(&output),
        "DATE           KIND                    ID          TITLE\n\
         Jan 2017       extradition             extradited  El Chapo extradited\n\
         2019           court                   convicted   Convicted in New York\n\
         c. 8 Oct 2021  policy:agreement        talks       Bicentennial talks\n\
         20 Feb 2025    policy:fto-designation  fto         Cartels designated\n"
    );
}

#[test]
fn list_csv_with_filters() {
    let output = run(&[
        "list",
        "tests/data/good.ron",
        "--format",
        "csv",
        "--cartel",
        "cds",
        "--to",
        "2019",
    ]);
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(
        stdout(&output),
        "id,date,end,kind,title,people,cartels,place,sources\n\
         extradited,2017-01,,extradition,El Chapo extradited,guzman,,,vice\n\
         convicted,2019,,court,Convicted in New York,guzman,,\"Brooklyn, New York\",vice\n"
    );
}

#[test]
fn list_json_and_markdown() {
    let output = run(&[
        "list",
        "tests/data/good.ron",
        "--format",
        "json",
        "--kind",
        "policy",
        "--search",
        "BICENTENNIAL",
    ]);
    let value: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(value.as_array().unwrap().len(), 1);
    assert_eq!(value[0]["id"], "talks");
    assert_eq!(value[0]["date"], "~2021-10-08");
    let output = run(&[
        "list",
        "tests/data/good.ron",
        "--format",
        "markdown",
        "--person",
        "el chapo",
        "--from",
        "2018",
    ]);
    assert_eq!(
        stdout(&output),
        "| Date | Kind | Event | People | Cartels | Place | Sources | Id |\n\
         |---|---|---|---|---|---|---|---|\n\
         | 2019 | Court | Convicted in New York | Joaquín Guzmán |  | Brooklyn, New York | VICE News | `convicted` |\n"
    );
}

#[test]
fn list_of_a_broken_file_prints_diagnostics_and_exits_1() {
    let output = run(&["list", "tests/data/broken.ron"]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(stdout(&output), "");
    assert!(stderr(&output).contains("tests/data/broken.ron:6:44: error: date: `2025-02-30`"));
}

#[test]
fn list_warns_about_filter_values_that_match_nothing() {
    let output = run(&["list", "tests/data/good.ron", "--person", "zambada"]);
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(stderr(&output), "warning: no person matches `zambada`\n");
}

#[test]
fn random_bytes_and_truncated_files_give_diagnostics_not_crashes() {
    let dir = tempfile::tempdir().unwrap();
    let bundled = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/timelines/mexico-us-extraditions.ron"
    ))
    .unwrap();
    let mut seed = 0x9e37_79b9_7f4a_7c15_u64;
    let mut cases: Vec<Vec<u8>> = (0..5)
        .map(|_| {
            (0..4096)
                .map(|_| {
                    seed ^= seed << 13;
                    seed ^= seed >> 7;
                    seed ^= seed << 17;
                    seed as u8
                })
                .collect()
        })
        .collect();
    cases.extend(
        [100, 2000, bundled.len() / 2, bundled.len() - 3].map(|cut| bundled[..cut].to_vec()),
    );
    for (index, bytes) in cases.iter().enumerate() {
        let path = dir.path().join(format!("case{index}.ron"));
        std::fs::write(&path, bytes).unwrap();
        let output = run(&["check", "--brief", path.to_str().unwrap()]);
        assert_eq!(
            output.status.code(),
            Some(1),
            "case {index}: {}",
            stderr(&output)
        );
        assert!(stdout(&output).contains(": error: "), "case {index}");
    }
}

#[test]
fn list_csv_and_markdown_of_the_bundled_timeline_match_the_golden_files() {
    for (format, golden) in [
        ("csv", "bundled-sinaloa.csv"),
        ("markdown", "bundled-sinaloa.md"),
    ] {
        let output = run(&[
            "list",
            "timelines/mexico-us-extraditions.ron",
            "--cartel",
            "sinaloa",
            "--format",
            format,
        ]);
        let expected = std::fs::read_to_string(format!(
            "{}/tests/golden/{golden}",
            env!("CARGO_MANIFEST_DIR")
        ))
        .unwrap();
        assert_eq!(stdout(&output), expected, "{format}");
    }
}

/// The viewer's view options are checked before any window opens: a bad value exits 2 with the
/// message `list` gives for it (these runs need no display because they never get that far).
#[test]
fn bad_view_options_exit_2_before_a_window_opens() {
    let list = run(&["list", "tests/data/good.ron", "--from", "2013-02-30"]);
    let view = run(&["tests/data/good.ron", "--from", "2013-02-30"]);
    assert_eq!(view.status.code(), Some(2));
    assert_eq!(list.status.code(), Some(2));
    // The same reason as `list` gives, for the same option.
    let reason = |output: &Output| {
        stderr(output)
            .lines()
            .find(|line| line.starts_with("error:"))
            .map(str::to_string)
            .unwrap_or_default()
    };
    assert_eq!(reason(&view), reason(&list));
    assert!(
        reason(&view).contains("February 2013 has 28 days"),
        "{}",
        reason(&view)
    );

    for (args, expected) in [
        (
            vec!["--window", "2025..2013"],
            "the range ends before it starts",
        ),
        (vec!["--window", "2013"], "is not a range: write FROM..TO"),
        (vec!["--window", "2013..soon"], "--window"),
        (vec!["--group-by", "outlet"], "--group-by"),
        (vec!["--kind", "arrests"], "--kind"),
        // The bundled timeline's story is `chapo`.
        (
            vec!["--present", "chapoo"],
            "--present: no story has the id `chapoo`; did you mean `chapo`? its stories are: chapo",
        ),
        (
            vec!["tests/data/good.ron", "--present", "chapo"],
            "--present: no story has the id `chapo`; the timeline has no stories",
        ),
    ] {
        let output = run(&args);
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        assert!(
            stderr(&output).contains(expected),
            "{args:?}: {}",
            stderr(&output)
        );
    }
}
