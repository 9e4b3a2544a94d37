//! Loading off the UI thread, with progress and cancel: the window keeps drawing (and the last
//! timeline stays usable) while a large file is read, parsed, validated and indexed.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, channel};

use super::document::{Document, LoadOutcome, Origin};
use crate::diagnostic::{Diagnostic, Severity};
use crate::filter::Filter;
use crate::index::TimelineIndex;
use crate::lanes::Grouping;
use crate::load::{LoadProgress, ReadError, read_file_with_progress};
use crate::open::{FileFormat, detect_format, load_as};
use crate::quotes_check::{ArchiveOptions, ArchiveStatus, check_quotes_in_text};
use crate::scene::Scene;

/// Why a file is being loaded: a new file replaces everything, a reload keeps the user's view.
#[derive(Clone, Debug, PartialEq)]
pub enum Purpose {
    Open { at_startup: bool },
    Reload,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Phase {
    Reading,
    Parsing,
    /// Lanes, counts and the filter: after the last byte is parsed.
    BuildingLanes,
}

/// Shared between the loading thread and the UI.
#[derive(Default)]
struct Progress {
    /// Bytes read and parsed; cancelling it stops reading and parsing within a few thousand
    /// events.
    load: LoadProgress,
    building_lanes: AtomicBool,
}

/// What the loading thread hands back.
pub struct Loaded {
    pub purpose: Purpose,
    pub outcome: LoadOutcome,
    /// The ready-to-show document when the file loaded without errors.
    pub document: Option<Document>,
}

pub struct BackgroundLoad {
    pub path: PathBuf,
    progress: Arc<Progress>,
    receiver: Receiver<Loaded>,
}

impl BackgroundLoad {
    /// Starts loading `path` on a new thread. The document is built with `grouping` and
    /// `filter`, so that nothing heavy is left for the UI thread.
    pub fn spawn(
        path: &Path,
        purpose: Purpose,
        grouping: Grouping,
        filter: Filter,
        wake: impl Fn() + Send + 'static,
    ) -> Self {
        let progress = Arc::new(Progress::default());
        let (sender, receiver) = channel();
        let thread_progress = Arc::clone(&progress);
        let thread_path = path.to_path_buf();
        let spawned = std::thread::Builder::new()
            .name("chronolanes-load".into())
            .spawn(move || {
                let loaded =
                    load_in_background(&thread_path, purpose, grouping, &filter, &thread_progress);
                if let Some(loaded) = loaded {
                    let _ = sender.send(loaded);
                }
                wake();
            });
        if spawned.is_err() {
            progress.load.cancel();
        }
        BackgroundLoad {
            path: path.to_path_buf(),
            progress,
            receiver,
        }
    }

    /// The result, once the thread is done.
    pub fn poll(&self) -> Option<Loaded> {
        self.receiver.try_recv().ok()
    }

    /// Asks the thread to stop; its result, if any, is dropped with this value.
    pub fn cancel(&self) {
        self.progress.load.cancel();
    }

    pub fn phase(&self) -> Phase {
        let load = &self.progress.load;
        if self.progress.building_lanes.load(Ordering::Relaxed) {
            Phase::BuildingLanes
        } else if load.total_bytes() == 0 || load.read_bytes() < load.total_bytes() {
            Phase::Reading
        } else {
            Phase::Parsing
        }
    }

    /// The file's size, and the bytes read and parsed so far.
    pub fn bytes(&self) -> ByteProgress {
        let load = &self.progress.load;
        ByteProgress {
            total: load.total_bytes(),
            read: load.read_bytes(),
            parsed: load.parsed_bytes(),
            fraction: load.fraction(),
        }
    }
}

/// For the progress bar.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ByteProgress {
    pub total: u64,
    pub read: u64,
    pub parsed: u64,
    /// Share of reading and parsing done, 0–1.
    pub fraction: f32,
}

fn failure(origin: Origin, message: String) -> LoadOutcome {
    LoadOutcome {
        origin,
        timeline: None,
        diagnostics: vec![Diagnostic::whole_file(Severity::Error, message)],
    }
}

/// `None` when cancelled.
fn load_in_background(
    path: &Path,
    purpose: Purpose,
    grouping: Grouping,
    filter: &Filter,
    progress: &Progress,
) -> Option<Loaded> {
    let origin = Origin::File(path.to_path_buf());
    let finish = |outcome: LoadOutcome| {
        Some(Loaded {
            purpose: purpose.clone(),
            outcome,
            document: None,
        })
    };
    let bytes = match read_file_with_progress(path, &progress.load) {
        Ok(Some(bytes)) => bytes,
        Ok(None) => return None,
        Err(error) => return finish(failure(origin, describe_read_error(&error))),
    };
    let (mut loaded, index) = match detect_format(path, &bytes) {
        // RON, the format files of a million events come in: decoded with progress and cancel,
        // and the index is built while decoding.
        FileFormat::Ron => crate::index::load_indexed(&bytes, &progress.load)?,
        format => (load_as(format, path, &bytes), None),
    };
    let archives = check_evidence(path, &bytes, &mut loaded);
    drop(bytes);
    if progress.load.is_cancelled() {
        return None;
    }
    progress.building_lanes.store(true, Ordering::Relaxed);
    let outcome = LoadOutcome {
        origin: origin.clone(),
        timeline: None,
        diagnostics: loaded.diagnostics,
    };
    let Some(timeline) = loaded.timeline else {
        return finish(outcome);
    };
    let index = index.unwrap_or_else(|| TimelineIndex::new(&timeline));
    let scene = Scene::with_index(timeline, index, grouping, filter);
    let mut document = Document::from_scene(origin, scene, outcome.diagnostics.clone());
    document.archives = archives;
    if progress.load.is_cancelled() {
        return None;
    }
    Some(Loaded {
        purpose,
        outcome,
        document: Some(document),
    })
}

/// Checks the quotes of a loaded timeline against the archives beside the file (here, off the UI
/// thread: articles are read from disk), adding the warnings to its diagnostics. Returns what
/// became of each source's archive, for the details panel and the article reader.
fn check_evidence(
    path: &Path,
    bytes: &[u8],
    loaded: &mut crate::load::Loaded,
) -> Vec<ArchiveStatus> {
    let Some(timeline) = &loaded.timeline else {
        return Vec::new();
    };
    let text = String::from_utf8_lossy(bytes);
    let (diagnostics, archives) =
        check_quotes_in_text(timeline, &text, ArchiveOptions::beside(path));
    if !diagnostics.is_empty() {
        loaded.diagnostics.extend(diagnostics);
        loaded.diagnostics.sort_by_key(|d| (d.line, d.column));
    }
    archives
}

/// What happened to a file that cannot be read, in words for the banner.
fn describe_read_error(error: &ReadError) -> String {
    match error {
        ReadError::Io(io) if io.kind() == std::io::ErrorKind::NotFound => {
            "the file is gone (deleted or renamed); it will load again when it is back".into()
        }
        ReadError::Io(io) if io.kind() == std::io::ErrorKind::PermissionDenied => {
            "cannot read the file: permission denied".into()
        }
        ReadError::NotAFile => "is no longer a file (a directory has its name)".into(),
        other => format!("cannot read the file: {other}"),
    }
}

#[cfg(test)]
mod tests {
    use std::sync::mpsc::Receiver;
    use std::time::{Duration, Instant};

    use super::*;
    use crate::generate::{GenerateOptions, generate, write_generated_ron};

    /// A generated RON file of `events` events in a temporary directory.
    fn generated_file(events: usize) -> (tempfile::TempDir, PathBuf) {
        let directory = tempfile::tempdir().expect("a temporary directory");
        let path = directory.path().join("generated.ron");
        let timeline = generate(GenerateOptions {
            events,
            ..GenerateOptions::default()
        });
        let file = std::fs::File::create(&path).expect("the file is created");
        write_generated_ron(&timeline, std::io::BufWriter::new(file)).expect("the file is written");
        (directory, path)
    }

    fn spawn(path: &Path) -> (BackgroundLoad, Receiver<()>) {
        let (woken, wakes) = channel();
        let load = BackgroundLoad::spawn(
            path,
            Purpose::Open { at_startup: false },
            Grouping::Kind,
            Filter::default(),
            move || {
                let _ = woken.send(());
            },
        );
        (load, wakes)
    }

    #[test]
    fn a_ron_file_loads_with_parse_progress_and_its_index() {
        let (_directory, path) = generated_file(2_000);
        let (load, wakes) = spawn(&path);
        wakes
            .recv_timeout(Duration::from_secs(60))
            .expect("the load ends");
        let total = std::fs::metadata(&path).expect("metadata").len();
        let bytes = load.bytes();
        assert_eq!(
            (bytes.read, bytes.parsed, bytes.total),
            (total, total, total)
        );
        assert_eq!(bytes.fraction, 1.0);
        assert_eq!(load.phase(), Phase::BuildingLanes);
        let document = load
            .poll()
            .and_then(|loaded| loaded.document)
            .expect("a document");
        assert_eq!(document.scene.timeline().events.len(), 2_000);
        assert_eq!(document.scene.index().len(), 2_000);
        assert_eq!(document.scene.visible_count(), 2_000);
    }

    #[test]
    fn cancelling_while_parsing_stops_the_load_without_a_result() {
        // Large enough that parsing (in a debug build) takes far longer than the polling below.
        let (_directory, path) = generated_file(60_000);
        let (load, wakes) = spawn(&path);
        let deadline = Instant::now() + Duration::from_secs(60);
        let mut parsed_when_cancelled = None;
        while Instant::now() < deadline {
            let bytes = load.bytes();
            if bytes.parsed > 0 {
                parsed_when_cancelled = Some((bytes.parsed, bytes.total));
                load.cancel();
                break;
            }
            std::thread::sleep(Duration::from_micros(200));
        }
        let (parsed, total) = parsed_when_cancelled.expect("parsing started");
        assert!(parsed < total, "cancelled mid-parse: {parsed} of {total}");
        wakes
            .recv_timeout(Duration::from_secs(60))
            .expect("the thread ends soon after the cancel");
        let progress_after = load.bytes().parsed;
        assert!(
            progress_after < total,
            "parsing stopped at {progress_after} of {total}"
        );
        assert!(load.poll().is_none(), "a cancelled load hands nothing back");
    }

    #[test]
    fn a_timelinejs_file_is_converted_whatever_its_name() {
        let directory = tempfile::tempdir().expect("a temporary directory");
        // No `.json`: the content tells the format, as for every command.
        let path = directory.path().join("exported timeline.txt");
        let json = r#"{"title": {"text": {"headline": "Moon"}}, "events": [
            {"start_date": {"year": 1969, "month": 7, "day": 20},
             "text": {"headline": "Landing"}, "group": "other"}]}"#;
        std::fs::write(&path, json).expect("the file is written");
        let (load, wakes) = spawn(&path);
        wakes
            .recv_timeout(Duration::from_secs(60))
            .expect("the load ends");
        let loaded = load.poll().expect("an outcome");
        let messages: Vec<String> = loaded
            .outcome
            .diagnostics
            .iter()
            .map(|d| d.one_line("t"))
            .collect();
        let document = loaded.document.expect("a document");
        assert_eq!(document.scene.timeline().title, "Moon", "{messages:#?}");
        assert_eq!(document.scene.timeline().events.len(), 1);
    }

    #[test]
    fn an_unreadable_path_is_an_error_outcome() {
        let directory = tempfile::tempdir().expect("a temporary directory");
        let (load, wakes) = spawn(directory.path());
        wakes
            .recv_timeout(Duration::from_secs(60))
            .expect("the load ends");
        let loaded = load.poll().expect("an outcome");
        assert!(loaded.document.is_none());
        let error = loaded.outcome.first_error().expect("an error");
        assert!(error.message.contains("directory"), "{}", error.message);
    }
}
