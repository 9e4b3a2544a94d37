//! `chronolanes import` as a user runs it: exit codes, output, warnings, and file safety.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use chronolanes::load::load_str;

const FIXTURES: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../shared/fixtures/timelinejs/"
);

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(FIXTURES).join(name)
}

fn chronolanes(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_chronolanes"))
        .args(args)
        .output()
        .expect("run chronolanes")
}

fn arg(path: &Path) -> &str {
    path.to_str().expect("UTF-8 path")
}

fn stderr_of(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn writes_a_loadable_timeline_to_stdout_and_exits_0() {
    for name in [
        "houston.json",
        "marktwain.json",
        "eras.json",
        "women_in_computing.csv",
        "my-own-timeline.csv",
    ] {
        let output = chronolanes(&["import", arg(&fixture(name))]);
        assert_eq!(
            output.status.code(),
            Some(0),
            "{name}: {}",
            stderr_of(&output)
        );
        let text = String::from_utf8(output.stdout).expect("UTF-8 output");
        let loaded = load_str(&text);
        assert!(!loaded.has_errors(), "{name}: {:?}", loaded.diagnostics);
        assert!(
            text.starts_with(&format!("// Imported from {name} ")),
            "{name}: {}",
            &text[..80]
        );
    }
}

#[test]
fn warnings_are_printed_as_file_line_col() {
    let path = fixture("marktwain.json");
    let output = chronolanes(&["import", arg(&path)]);
    assert_eq!(output.status.code(), Some(0));
    let stderr = stderr_of(&output);
    let prefix = format!("{}:", path.display());
    let warnings: Vec<&str> = stderr
        .lines()
        .filter(|l| l.contains(": warning: "))
        .collect();
    assert_eq!(warnings.len(), 6, "{stderr}");
    for line in &warnings {
        let rest = line
            .strip_prefix(&prefix)
            .unwrap_or_else(|| panic!("{line}"));
        let mut parts = rest.splitn(3, ':');
        let line_number: u32 = parts.next().unwrap().parse().expect("line number");
        let column: u32 = parts.next().unwrap().parse().expect("column");
        assert!(line_number >= 1 && column >= 1, "{line}");
        assert!(parts.next().unwrap().starts_with(" warning: "), "{line}");
    }
    assert!(
        stderr.contains(&format!(
            "{prefix}34:27: warning: times of day are dropped: format v1 dates stop at the day (16 dates gave one)"
        )),
        "{stderr}"
    );
}

#[test]
fn csv_warnings_give_the_line_where_the_row_starts_and_name_the_column() {
    let directory = tempfile::tempdir().unwrap();
    let sheet = directory.path().join("sheet.csv");
    std::fs::write(
        &sheet,
        "Year,Month,Headline,Text\n\
         1999,,A,\"a cell\nover three\nlines\"\n\
         ,,No year,\n\
         2001,14,B,\n",
    )
    .unwrap();
    let output = chronolanes(&["import", arg(&sheet)]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr_of(&output));
    let stderr = stderr_of(&output);
    let name = sheet.display();
    assert!(
        stderr.contains(&format!(
            "{name}:5:1: warning: row (`No year`) skipped: column `Year` is empty"
        )),
        "{stderr}"
    );
    assert!(
        stderr.contains(&format!(
            "{name}:6:1: warning: column `Month` of event `B` is `14`, not a month 1–12"
        )),
        "{stderr}"
    );
}

#[test]
fn a_file_that_cannot_be_imported_exits_1_and_writes_nothing() {
    let directory = tempfile::tempdir().unwrap();
    let out = directory.path().join("cosmo.ron");
    let path = fixture("cosmo.json");
    let output = chronolanes(&["import", arg(&path), "-o", arg(&out)]);
    assert_eq!(output.status.code(), Some(1));
    assert!(!out.exists());
    let stderr = stderr_of(&output);
    assert!(
        stderr.contains(&format!(
            "{}:21:25: error: year -13800000000 of event `The Big Bang` is outside -9999..9999",
            path.display()
        )),
        "{stderr}"
    );
    assert!(stderr.contains("7 errors; nothing written"), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");

    let output = chronolanes(&["import", arg(&path)]);
    assert_eq!(output.status.code(), Some(1));
    assert!(output.stdout.is_empty());

    let broken = directory.path().join("broken.json");
    std::fs::write(&broken, "{\"events\": [\n  {\"start_date\": }\n]}").unwrap();
    let output = chronolanes(&["import", arg(&broken)]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr_of(&output).contains(&format!(
            "{}:2:18: error: not valid JSON: expected value",
            broken.display()
        )),
        "{}",
        stderr_of(&output)
    );

    let no_year = directory.path().join("no-year.csv");
    std::fs::write(&no_year, "Month,Headline\n1,A\n").unwrap();
    let output = chronolanes(&["import", arg(&no_year)]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr_of(&output).contains(&format!(
            "{}:1:1: error: missing column `Year`",
            no_year.display()
        )),
        "{}",
        stderr_of(&output)
    );
}

#[test]
fn unreadable_files_and_bad_arguments_exit_2() {
    let directory = tempfile::tempdir().unwrap();
    let missing = directory.path().join("missing.json");
    let output = chronolanes(&["import", arg(&missing)]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr_of(&output).contains("cannot read the file"),
        "{}",
        stderr_of(&output)
    );

    let unknown = directory.path().join("timeline.xml");
    std::fs::write(&unknown, "<x/>").unwrap();
    let output = chronolanes(&["import", arg(&unknown)]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr_of(&output).contains("cannot tell the format"),
        "{}",
        stderr_of(&output)
    );

    assert_eq!(chronolanes(&["import"]).status.code(), Some(2));
    let houston = fixture("houston.json");
    assert_eq!(
        chronolanes(&["import", arg(&houston), "--bogus"])
            .status
            .code(),
        Some(2)
    );
}

#[test]
fn output_file_passes_check_and_is_never_overwritten_without_force() {
    let directory = tempfile::tempdir().unwrap();
    let out = directory.path().join("houston.ron");
    let houston = fixture("houston.json");

    let output = chronolanes(&["import", arg(&houston), "-o", arg(&out)]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr_of(&output));
    assert!(output.stdout.is_empty(), "nothing on stdout with -o");
    assert!(
        stderr_of(&output).contains("imported 18 events"),
        "{}",
        stderr_of(&output)
    );
    let check = chronolanes(&["check", "--brief", arg(&out)]);
    assert_eq!(
        check.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&check.stdout)
    );

    std::fs::write(&out, "precious").unwrap();
    let output = chronolanes(&["import", arg(&houston), "--output", arg(&out)]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr_of(&output).contains("already exists; add --force"),
        "{}",
        stderr_of(&output)
    );
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "precious");

    let output = chronolanes(&["import", arg(&houston), "-o", arg(&out), "--force"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr_of(&output));
    assert!(
        std::fs::read_to_string(&out)
            .unwrap()
            .contains("Whitney Houston 1963 - 2012")
    );

    // No temporary files left behind.
    let names: Vec<_> = std::fs::read_dir(directory.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names, ["houston.ron"]);
}

#[test]
fn refuses_to_write_over_the_input_even_with_force() {
    let directory = tempfile::tempdir().unwrap();
    let sheet = directory.path().join("sheet.csv");
    let original = "Year,Headline\n1999,A\n";
    std::fs::write(&sheet, original).unwrap();
    let same_through_dots = directory.path().join(".").join("sheet.csv");
    let output = chronolanes(&[
        "import",
        arg(&sheet),
        "-o",
        arg(&same_through_dots),
        "--force",
    ]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr_of(&output).contains("is the input file: refusing to write over it"),
        "{}",
        stderr_of(&output)
    );
    assert_eq!(std::fs::read_to_string(&sheet).unwrap(), original);
}
