//! Writes that fail say so: a command whose output cannot be written (a full disk: `/dev/full`;
//! a missing directory) exits 2 with a message, while a reader that goes away early
//! (`chronolanes list f | head -1`) is no error: the command stops quietly and exits 0.

use std::io::{BufRead as _, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

const BINARY: &str = env!("CARGO_BIN_EXE_chronolanes");
const BUNDLED: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/timelines/mexico-us-extraditions.ron"
);
const FULL_DISK: &str =
    "chronolanes: cannot write to standard output: No space left on device (os error 28)\n";

fn arg(path: &Path) -> &str {
    path.to_str().expect("UTF-8 path")
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// Runs the binary with its standard output on `/dev/full`, where every write fails with ENOSPC.
fn run_into_full_disk(args: &[&str]) -> Output {
    let full = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .expect("/dev/full exists on Linux");
    Command::new(BINARY)
        .args(args)
        .stdout(Stdio::from(full))
        .stderr(Stdio::piped())
        .output()
        .expect("the binary runs")
}

/// Runs the binary with its standard output on a pipe whose reader reads `lines` lines, then
/// closes its end (as `| head -n LINES` does); further writes fail with EPIPE.
fn run_into_closed_pipe(args: &[&str], lines: usize) -> (Vec<String>, Output) {
    let mut child = Command::new(BINARY)
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary runs");
    let stdout = child.stdout.take().expect("a piped stdout");
    let read: Vec<String> = BufReader::new(stdout)
        .lines()
        .take(lines)
        .map(|line| line.expect("a line of output"))
        .collect();
    // The reader (and with it the pipe's last read end) is dropped here.
    let output = child.wait_with_output().expect("the binary ends");
    (read, output)
}

/// A generated timeline large enough that listing it overflows a pipe's buffer (64 KiB on Linux),
/// so that the command is still writing when its reader goes away.
fn large_timeline(directory: &Path) -> PathBuf {
    let path = directory.join("large.ron");
    let output = Command::new(BINARY)
        .args(["generate", "--events", "3000", "-o", arg(&path)])
        .output()
        .expect("the binary runs");
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    path
}

#[test]
fn list_into_a_closed_pipe_stops_quietly_with_0() {
    let directory = tempfile::tempdir().unwrap();
    let large = large_timeline(directory.path());
    let (read, output) = run_into_closed_pipe(&["list", arg(&large)], 1);
    assert_eq!(read.len(), 1);
    assert!(read[0].starts_with("DATE "), "{read:?}");
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(stderr(&output), "");
}

#[test]
fn list_onto_a_full_disk_exits_2_with_a_message() {
    let output = run_into_full_disk(&["list", BUNDLED]);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(stderr(&output), FULL_DISK);
    let output = run_into_full_disk(&["list", BUNDLED, "--format", "json"]);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(stderr(&output), FULL_DISK);
}

#[test]
fn check_into_a_closed_pipe_keeps_its_verdict_and_onto_a_full_disk_exits_2() {
    let directory = tempfile::tempdir().unwrap();
    // Many errors, so that the report is still being written when the reader goes away.
    let broken = directory.path().join("broken.ron");
    let mut text = String::from("Timeline(format: 1, title: \"T\", events: [\n");
    for index in 0..2000 {
        text.push_str(&format!(
            "    Event(id: \"e{index}\", kind: Arrest, date: \"2025-02-30\", title: \"Bad date\"),\n"
        ));
    }
    text.push_str("])\n");
    std::fs::write(&broken, text).unwrap();
    let (read, output) = run_into_closed_pipe(&["check", "--brief", arg(&broken)], 1);
    assert_eq!(read.len(), 1);
    assert!(read[0].contains(": error: "), "{read:?}");
    // The verdict is the file's, not the reader's.
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert_eq!(stderr(&output), "");

    let output = run_into_full_disk(&["check", BUNDLED]);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(stderr(&output), FULL_DISK);
}

#[test]
fn import_to_standard_output_closed_or_full() {
    let directory = tempfile::tempdir().unwrap();
    let sheet = directory.path().join("sheet.csv");
    let mut text = String::from("Year,Headline,Text\n");
    for year in 1000..3000 {
        text.push_str(&format!(
            "{year},Event of {year},Something happened in {year}\n"
        ));
    }
    std::fs::write(&sheet, text).unwrap();

    let (read, output) = run_into_closed_pipe(&["import", arg(&sheet)], 1);
    assert!(
        read[0].starts_with("// Imported from sheet.csv"),
        "{read:?}"
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(stderr(&output), "");

    let output = run_into_full_disk(&["import", arg(&sheet)]);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(stderr(&output), FULL_DISK);
}

#[test]
fn render_and_generate_report_a_full_disk_after_writing_their_file() {
    let directory = tempfile::tempdir().unwrap();
    let svg = directory.path().join("lanes.svg");
    let output = run_into_full_disk(&["render", BUNDLED, "-o", arg(&svg)]);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(stderr(&output), FULL_DISK);
    assert!(svg.exists(), "the picture itself was written");

    // Its one line of output into a closed pipe: no panic, success.
    let (_, output) = run_into_closed_pipe(&["render", BUNDLED, "-o", arg(&svg), "--force"], 0);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(stderr(&output), "");

    let generated = directory.path().join("generated.ron");
    let output = run_into_full_disk(&["generate", "--events", "10", "-o", arg(&generated)]);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(stderr(&output), FULL_DISK);
}

#[test]
fn an_output_file_that_cannot_be_written_exits_2_naming_it() {
    let directory = tempfile::tempdir().unwrap();
    for (args, output_name) in [
        (vec!["render", BUNDLED], "lanes.svg"),
        (vec!["render", BUNDLED], "lanes.png"),
        (vec!["import"], "timeline.ron"),
    ] {
        let out = directory.path().join("no-such-directory").join(output_name);
        let mut args = args.clone();
        let sheet = directory.path().join("sheet.csv");
        std::fs::write(&sheet, "Year,Headline\n1999,A\n").unwrap();
        if args[0] == "import" {
            args.push(arg(&sheet));
        }
        args.extend(["-o", arg(&out)]);
        let output = Command::new(BINARY).args(&args).output().unwrap();
        assert_eq!(
            output.status.code(),
            Some(2),
            "{args:?}: {}",
            stderr(&output)
        );
        assert_eq!(
            stderr(&output),
            format!(
                "chronolanes: cannot write {}: No such file or directory (os error 2)\n",
                out.display()
            ),
            "{args:?}"
        );
    }
}
