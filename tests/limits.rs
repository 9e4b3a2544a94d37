//! Limits that turn exhaustion into clear messages: file size, what counts as a file, nesting,
//! the number of errors, and the work a hostile timeline can cause.

use std::fs::File;
use std::time::{Duration, Instant};

use chronolanes::load::{
    MAX_DECODE_ERRORS, MAX_FILE_BYTES, MAX_NESTING, ReadError, load_file, load_str, read_file_bytes,
};

#[test]
fn a_file_over_512_mib_is_refused_before_reading() {
    let directory = tempfile::tempdir().expect("temporary directory");
    let path = directory.path().join("huge.ron");
    // Sparse: 513 MiB of size, no disk used and nothing to read quickly.
    let file = File::create(&path).expect("create");
    file.set_len(513 * 1024 * 1024).expect("set_len");
    drop(file);
    let started = Instant::now();
    let error = read_file_bytes(&path).expect_err("refused");
    // Reading 513 MiB (even of holes) takes far longer than looking at the size.
    assert!(started.elapsed() < Duration::from_millis(200));
    assert!(
        matches!(error, ReadError::TooLarge(bytes) if bytes == 513 * 1024 * 1024),
        "{error:?}"
    );
    assert_eq!(
        error.to_string(),
        "the file is 513 MiB; files over 512 MiB are refused"
    );
    assert!(matches!(load_file(&path), Err(ReadError::TooLarge(_))));
}

#[test]
fn the_size_limit_is_512_mib_exactly() {
    assert_eq!(MAX_FILE_BYTES, 512 * 1024 * 1024);
    let directory = tempfile::tempdir().expect("temporary directory");
    let path = directory.path().join("just-over.ron");
    File::create(&path)
        .and_then(|file| file.set_len(MAX_FILE_BYTES + 1))
        .expect("sparse file");
    assert!(matches!(
        read_file_bytes(&path),
        Err(ReadError::TooLarge(bytes)) if bytes == MAX_FILE_BYTES + 1
    ));
}

#[test]
fn a_directory_gives_a_clear_error() {
    let directory = tempfile::tempdir().expect("temporary directory");
    let error = read_file_bytes(directory.path()).expect_err("refused");
    assert!(matches!(error, ReadError::Directory), "{error:?}");
    assert_eq!(error.to_string(), "it is a directory, not a timeline file");
}

#[cfg(unix)]
#[test]
fn a_device_is_refused_instead_of_read_forever() {
    // `/dev/zero` never ends: reading it would exhaust memory.
    let error = read_file_bytes(std::path::Path::new("/dev/zero")).expect_err("refused");
    assert!(matches!(error, ReadError::NotAFile), "{error:?}");
    assert!(error.to_string().starts_with("not a regular file"));
}

#[test]
fn a_missing_file_says_so() {
    let directory = tempfile::tempdir().expect("temporary directory");
    let error = read_file_bytes(&directory.path().join("nope.ron")).expect_err("missing");
    match error {
        ReadError::Io(io) => assert_eq!(io.kind(), std::io::ErrorKind::NotFound),
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_small_file_is_read_whole() {
    let directory = tempfile::tempdir().expect("temporary directory");
    let path = directory.path().join("t.ron");
    std::fs::write(&path, "Timeline(title: \"T\", events: [])").expect("write");
    let loaded = load_file(&path).expect("readable");
    assert_eq!(loaded.timeline.map(|t| t.title).as_deref(), Some("T"));
}

#[test]
fn nesting_is_bounded_with_a_clear_message() {
    let text = format!(
        "Timeline(title: \"T\", events: [Event(id: \"e\", tags: {}",
        "[".repeat(MAX_NESTING + 5)
    );
    let loaded = load_str(&text);
    let messages: Vec<&str> = loaded
        .diagnostics
        .iter()
        .map(|d| d.message.as_str())
        .collect();
    assert!(
        messages.contains(&"values nest deeper than 128 levels"),
        "{messages:?}"
    );
    // Just under the limit is only the usual type error.
    let text = format!(
        "Timeline(title: \"T\", events: [Event(id: \"e\", tags: {}{})])",
        "[".repeat(MAX_NESTING),
        "]".repeat(MAX_NESTING)
    );
    let loaded = load_str(&text);
    assert!(
        loaded
            .diagnostics
            .iter()
            .all(|d| !d.message.contains("nest deeper")),
        "{:?}",
        loaded.diagnostics
    );
}

/// Loads text that must finish quickly despite being built to be slow.
fn time_load(text: &str) -> (chronolanes::load::Loaded, Duration) {
    let started = Instant::now();
    let loaded = load_str(text);
    (loaded, started.elapsed())
}

#[test]
fn thousands_of_errors_stop_at_the_error_limit() {
    // A 10 MB list of numbers where events belong: one error per item, were there no limit.
    let text = format!(
        "Timeline(title: \"T\", events: [{}])",
        "1,".repeat(5_000_000)
    );
    let (loaded, elapsed) = time_load(&text);
    assert!(elapsed < Duration::from_secs(2), "{elapsed:?}");
    assert_eq!(loaded.diagnostics.len(), MAX_DECODE_ERRORS + 1);
    assert!(
        loaded
            .diagnostics
            .last()
            .is_some_and(|d| d.message.starts_with("stopping after 1000 errors"))
    );
}

#[test]
fn thousands_of_unknown_references_are_reported_without_minutes_of_suggestions() {
    // Each unknown id is one typo away from one of 3,000 people: before suggestions had a
    // budget this took 27 s in a debug build.
    let people = 3_000;
    let mut text = String::from("Timeline(title: \"T\", people: [");
    for i in 0..people {
        text.push_str(&format!("Person(id: \"person-{i:05}\", name: \"P\"),"));
    }
    text.push_str("], events: [");
    for i in 0..people {
        text.push_str(&format!(
            "Event(id: \"e{i}\", kind: Arrest, date: \"1985\", title: \"A\", people: [\"persn-{i:05}\"]),"
        ));
    }
    text.push_str("])");
    let (loaded, elapsed) = time_load(&text);
    assert!(elapsed < Duration::from_secs(2), "{elapsed:?}");
    let unknown: Vec<&str> = loaded
        .diagnostics
        .iter()
        .filter(|d| d.message.starts_with("unknown person"))
        .map(|d| d.message.as_str())
        .collect();
    assert_eq!(unknown.len(), people);
    // The first ones still get their suggestion.
    assert_eq!(
        unknown[0],
        "unknown person `persn-00000`; did you mean `person-00000`?"
    );
}

#[test]
fn megabyte_ids_are_compared_without_quadratic_work() {
    // Two ids of 200,000 characters one edit apart: an edit distance between them would take
    // minutes (400 s before the fix) and gigabytes.
    let long = "x".repeat(200_000);
    let text = format!(
        "Timeline(title: \"T\", people: [Person(id: \"{long}\", name: \"P\")], events: [Event(id: \"e\", kind: Arrest, date: \"1985\", title: \"A\", people: [\"{long}y\"])])"
    );
    let (loaded, elapsed) = time_load(&text);
    assert!(elapsed < Duration::from_secs(1), "{elapsed:?}");
    assert!(
        loaded
            .diagnostics
            .iter()
            .any(|d| d.message.starts_with("unknown person `xxxx") && d.message.len() < 200)
    );
}
