//! Loading off the UI thread, with progress and cancel: the window keeps drawing (and the last
//! timeline stays usable) while a large file is read, parsed, validated and indexed.

use std::io::Read as _;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU8, AtomicU64, Ordering};
use std::sync::mpsc::{Receiver, channel};

use super::document::{Document, LoadOutcome, Origin};
use crate::diagnostic::{Diagnostic, Severity};
use crate::filter::Filter;
use crate::import::load_any;
use crate::lanes::Grouping;
use crate::load::{MAX_FILE_BYTES, ReadError};

/// Read in pieces so progress moves and a cancel is seen quickly.
const CHUNK_BYTES: usize = 4 * 1024 * 1024;

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
    Indexing,
}

/// Shared between the loading thread and the UI.
#[derive(Default)]
struct Progress {
    bytes_read: AtomicU64,
    bytes_total: AtomicU64,
    phase: AtomicU8,
    cancelled: AtomicBool,
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
            progress.cancelled.store(true, Ordering::Relaxed);
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
        self.progress.cancelled.store(true, Ordering::Relaxed);
    }

    pub fn phase(&self) -> Phase {
        match self.progress.phase.load(Ordering::Relaxed) {
            0 => Phase::Reading,
            1 => Phase::Parsing,
            _ => Phase::Indexing,
        }
    }

    /// Bytes read and the file's size.
    pub fn bytes(&self) -> (u64, u64) {
        (
            self.progress.bytes_read.load(Ordering::Relaxed),
            self.progress.bytes_total.load(Ordering::Relaxed),
        )
    }
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
    let bytes = match read_with_progress(path, progress) {
        Ok(Some(bytes)) => bytes,
        Ok(None) => return None,
        Err(error) => return finish(failure(origin, describe_read_error(&error))),
    };
    progress.phase.store(1, Ordering::Relaxed);
    let loaded = load_any(path, &bytes);
    drop(bytes);
    if progress.cancelled.load(Ordering::Relaxed) {
        return None;
    }
    progress.phase.store(2, Ordering::Relaxed);
    let outcome = LoadOutcome {
        origin: origin.clone(),
        timeline: None,
        diagnostics: loaded.diagnostics,
    };
    let Some(timeline) = loaded.timeline else {
        return finish(outcome);
    };
    let mut document = Document::new(origin, timeline, outcome.diagnostics.clone());
    document.set_grouping(grouping, filter);
    document.apply_filter(filter);
    if progress.cancelled.load(Ordering::Relaxed) {
        return None;
    }
    Some(Loaded {
        purpose,
        outcome,
        document: Some(document),
    })
}

/// Reads the whole file in chunks; `Ok(None)` when cancelled.
fn read_with_progress(path: &Path, progress: &Progress) -> Result<Option<Vec<u8>>, ReadError> {
    let metadata = std::fs::metadata(path).map_err(ReadError::Io)?;
    if metadata.is_dir() {
        return Err(ReadError::NotAFile);
    }
    if metadata.len() > MAX_FILE_BYTES {
        return Err(ReadError::TooLarge(metadata.len()));
    }
    progress
        .bytes_total
        .store(metadata.len(), Ordering::Relaxed);
    let mut file = std::fs::File::open(path).map_err(ReadError::Io)?;
    let mut bytes = Vec::with_capacity(metadata.len() as usize);
    let mut chunk = vec![0u8; CHUNK_BYTES];
    loop {
        if progress.cancelled.load(Ordering::Relaxed) {
            return Ok(None);
        }
        let read = file.read(&mut chunk).map_err(ReadError::Io)?;
        if read == 0 {
            return Ok(Some(bytes));
        }
        // A file that grows while being read could exceed the limit checked above.
        if (bytes.len() + read) as u64 > MAX_FILE_BYTES {
            return Err(ReadError::TooLarge((bytes.len() + read) as u64));
        }
        bytes.extend_from_slice(&chunk[..read]);
        progress
            .bytes_read
            .store(bytes.len() as u64, Ordering::Relaxed);
    }
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
