//! A real window under a display (Xvfb in CI): `chronolanes --screenshot` must save the first
//! complete frame at the window's size, and it must show something.
//!
//! Runs only when `CHRONOLANES_DISPLAY_TESTS` is set (scripts/test.sh sets it after installing
//! Xvfb and Mesa); otherwise it says it was skipped and why.

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use chronolanes::app::DEFAULT_WINDOW_SIZE;

fn display_tests_enabled() -> bool {
    if std::env::var_os("CHRONOLANES_DISPLAY_TESTS").is_some() {
        return true;
    }
    eprintln!(
        "skipped: needs a display and Mesa; run scripts/test.sh (it runs the tests under Xvfb with CHRONOLANES_DISPLAY_TESTS=1)"
    );
    false
}

#[test]
fn screenshot_of_the_bundled_timeline_is_window_sized_and_not_blank() {
    if !display_tests_enabled() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("window.png");
    let mut child = Command::new(env!("CARGO_BIN_EXE_chronolanes"))
        .arg("--screenshot")
        .arg(&out)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary starts");
    let deadline = Instant::now() + Duration::from_secs(120);
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("--screenshot did not exit within 120 s");
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    let output = child.wait_with_output().unwrap();
    assert!(
        status.success(),
        "exit {status}: {}",
        String::from_utf8_lossy(&output.stderr)
    );

    let pixmap = resvg::tiny_skia::Pixmap::load_png(&out).expect("a PNG was written");
    assert_eq!(
        (pixmap.width(), pixmap.height()),
        (DEFAULT_WINDOW_SIZE[0] as u32, DEFAULT_WINDOW_SIZE[1] as u32)
    );
    let pixels = pixmap.pixels();
    let background = pixels[pixels.len() / 2];
    let differing = pixels.iter().filter(|p| **p != background).count();
    let distinct: std::collections::HashSet<[u8; 4]> = pixels
        .iter()
        .map(|p| [p.red(), p.green(), p.blue(), p.alpha()])
        .collect();
    assert!(
        differing > pixels.len() / 50,
        "the picture is (nearly) one colour"
    );
    assert!(
        distinct.len() > 100,
        "only {} colours: text and markers are missing",
        distinct.len()
    );
}

#[test]
fn screenshot_of_a_broken_file_still_renders_and_exits_0() {
    if !display_tests_enabled() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let broken = dir.path().join("broken.ron");
    std::fs::write(&broken, "Timeline(title: \"x\", events: [Event(id: 1)])").unwrap();
    let out = dir.path().join("broken.png");
    let status = Command::new(env!("CARGO_BIN_EXE_chronolanes"))
        .arg("--screenshot")
        .arg(&out)
        .arg(&broken)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .unwrap();
    assert!(status.success());
    assert!(resvg::tiny_skia::Pixmap::load_png(&out).is_ok());
}
