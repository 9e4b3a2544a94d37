//! `chronolanes generate` as a user runs it: the file it writes passes `check`, and it never
//! replaces an existing file unless told to.

use std::process::Command;

fn chronolanes() -> Command {
    Command::new(env!("CARGO_BIN_EXE_chronolanes"))
}

#[test]
fn generated_file_passes_check_with_no_problems() {
    let directory = tempfile::tempdir().unwrap();
    let path = directory.path().join("generated.ron");
    let generated = chronolanes()
        .args(["generate", "--events", "200", "--seed", "9", "-o"])
        .arg(&path)
        .output()
        .unwrap();
    assert!(
        generated.status.success(),
        "{}",
        String::from_utf8_lossy(&generated.stderr)
    );
    assert!(String::from_utf8_lossy(&generated.stdout).contains("200 events"));

    let checked = chronolanes()
        .arg("check")
        .arg("--deny-warnings")
        .arg(&path)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&checked.stdout);
    assert!(checked.status.success(), "{stdout}");
    assert_eq!(stdout.trim(), "checked 1 file: 0 errors, 0 warnings");

    // No temporary file is left beside the output.
    let names: Vec<String> = std::fs::read_dir(directory.path())
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["generated.ron"]);
}

#[test]
fn refuses_to_overwrite_without_force() {
    let directory = tempfile::tempdir().unwrap();
    let path = directory.path().join("existing.ron");
    std::fs::write(&path, "keep me").unwrap();

    let refused = chronolanes()
        .args(["generate", "--events", "10", "-o"])
        .arg(&path)
        .output()
        .unwrap();
    assert_eq!(refused.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&refused.stderr).contains("pass --force to overwrite"),
        "{}",
        String::from_utf8_lossy(&refused.stderr)
    );
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "keep me");

    let forced = chronolanes()
        .args(["generate", "--events", "10", "--force", "-o"])
        .arg(&path)
        .output()
        .unwrap();
    assert!(forced.status.success());
    assert!(
        std::fs::read_to_string(&path)
            .unwrap()
            .contains("Synthetic timeline: 10 events")
    );
}

#[test]
fn same_arguments_write_the_same_bytes() {
    let directory = tempfile::tempdir().unwrap();
    let write = |name: &str, seed: &str| {
        let path = directory.path().join(name);
        let status = chronolanes()
            .args([
                "generate",
                "--events",
                "300",
                "--people",
                "50",
                "--cartels",
                "7",
            ])
            .args(["--seed", seed, "-o"])
            .arg(&path)
            .status()
            .unwrap();
        assert!(status.success());
        std::fs::read(path).unwrap()
    };
    assert_eq!(write("a.ron", "3"), write("b.ron", "3"));
    assert_ne!(write("c.ron", "3"), write("d.ron", "4"));
}
