//! Reading a file's bytes: size and file-type limits, progress, cancelling.

use std::io::Read as _;
use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

/// Files larger than this are refused before reading: a timeline is text, and a larger file is
/// almost surely not one (or would exhaust memory).
pub const MAX_FILE_BYTES: u64 = 512 * 1024 * 1024;

/// Why a file could not be read at all (as opposed to read and found wrong).
#[derive(Debug)]
pub enum ReadError {
    Io(std::io::Error),
    /// Over [`MAX_FILE_BYTES`]: the size found (at least that many bytes).
    TooLarge(u64),
    Directory,
    /// A device, pipe or socket: reading it might never end (`/dev/zero`) or block forever.
    NotAFile,
}

impl std::fmt::Display for ReadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ReadError::Io(error) => write!(f, "{error}"),
            ReadError::TooLarge(bytes) => write!(
                f,
                "the file is {} MiB; files over {} MiB are refused",
                bytes / (1024 * 1024),
                MAX_FILE_BYTES / (1024 * 1024)
            ),
            ReadError::Directory => f.write_str("it is a directory, not a timeline file"),
            ReadError::NotAFile => {
                f.write_str("not a regular file (a device, pipe or socket is never read)")
            }
        }
    }
}

impl std::error::Error for ReadError {}

/// Reads a file's bytes, refusing directories, devices, pipes and files over [`MAX_FILE_BYTES`]
/// before reading.
pub fn read_file_bytes(path: &Path) -> Result<Vec<u8>, ReadError> {
    // Checked on the path first: opening a pipe would block until something writes to it.
    check_readable(&std::fs::metadata(path).map_err(ReadError::Io)?)?;
    let file = std::fs::File::open(path).map_err(ReadError::Io)?;
    // And again on what was opened, in case the path changed in between.
    let metadata = file.metadata().map_err(ReadError::Io)?;
    check_readable(&metadata)?;
    // A file that grows while it is read (a log being written) still stops at the limit.
    let mut bytes = Vec::with_capacity(usize::try_from(metadata.len()).unwrap_or(0));
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(ReadError::Io)?;
    let read = bytes.len() as u64;
    if read > MAX_FILE_BYTES {
        return Err(ReadError::TooLarge(read));
    }
    Ok(bytes)
}

fn check_readable(metadata: &std::fs::Metadata) -> Result<(), ReadError> {
    if metadata.is_dir() {
        return Err(ReadError::Directory);
    }
    if !metadata.is_file() {
        return Err(ReadError::NotAFile);
    }
    if metadata.len() > MAX_FILE_BYTES {
        return Err(ReadError::TooLarge(metadata.len()));
    }
    Ok(())
}

/// Progress of a load running on another thread, and the way to cancel it. Share it (e.g. in an
/// `Arc`) between the thread that loads and the one that draws a progress bar.
#[derive(Debug, Default)]
pub struct LoadProgress {
    total_bytes: AtomicU64,
    read_bytes: AtomicU64,
    parsed_bytes: AtomicU64,
    cancelled: AtomicBool,
}

impl LoadProgress {
    pub fn new() -> LoadProgress {
        LoadProgress::default()
    }

    /// Asks the load to stop; it returns `None` soon after (within a few thousand events).
    pub fn cancel(&self) {
        self.cancelled.store(true, Ordering::Relaxed);
    }

    pub fn is_cancelled(&self) -> bool {
        self.cancelled.load(Ordering::Relaxed)
    }

    /// Size of the file, once known (0 before).
    pub fn total_bytes(&self) -> u64 {
        self.total_bytes.load(Ordering::Relaxed)
    }

    pub fn read_bytes(&self) -> u64 {
        self.read_bytes.load(Ordering::Relaxed)
    }

    pub fn parsed_bytes(&self) -> u64 {
        self.parsed_bytes.load(Ordering::Relaxed)
    }

    /// Share of the work done, 0–1: reading counts for a tenth, parsing for the rest (validation
    /// after parsing is quick).
    pub fn fraction(&self) -> f32 {
        let total = self.total_bytes();
        if total == 0 {
            return 0.0;
        }
        let read = self.read_bytes().min(total) as f64 / total as f64;
        let parsed = self.parsed_bytes().min(total) as f64 / total as f64;
        (0.1 * read + 0.9 * parsed) as f32
    }

    /// The bytes to parse are known to be at least `bytes` (when the load starts from bytes
    /// already in memory rather than from [`read_file_with_progress`]).
    pub(super) fn at_least_total_bytes(&self, bytes: u64) {
        self.total_bytes.fetch_max(bytes, Ordering::Relaxed);
    }

    /// Parsing has reached byte `offset`.
    pub(super) fn parsed_up_to(&self, offset: u64) {
        self.parsed_bytes.store(offset, Ordering::Relaxed);
    }
}

/// Like [`read_file_bytes`], in chunks, counting bytes read in `progress`. `Ok(None)` when the
/// load was cancelled.
pub fn read_file_with_progress(
    path: &Path,
    progress: &LoadProgress,
) -> Result<Option<Vec<u8>>, ReadError> {
    const CHUNK: usize = 8 << 20;
    // Same checks as `read_file_bytes`: on the path (opening a pipe would block), then on what
    // was opened.
    check_readable(&std::fs::metadata(path).map_err(ReadError::Io)?)?;
    let mut file = std::fs::File::open(path).map_err(ReadError::Io)?;
    let metadata = file.metadata().map_err(ReadError::Io)?;
    check_readable(&metadata)?;
    progress
        .total_bytes
        .store(metadata.len(), Ordering::Relaxed);
    let mut bytes = Vec::with_capacity(usize::try_from(metadata.len()).unwrap_or(0));
    loop {
        if progress.is_cancelled() {
            return Ok(None);
        }
        // `take` keeps a file that grows while being read within the limit too.
        let limit = (MAX_FILE_BYTES + 1).saturating_sub(bytes.len() as u64);
        let read = (&mut file)
            .take((CHUNK as u64).min(limit))
            .read_to_end(&mut bytes)
            .map_err(ReadError::Io)?;
        progress
            .read_bytes
            .store(bytes.len() as u64, Ordering::Relaxed);
        if bytes.len() as u64 > MAX_FILE_BYTES {
            return Err(ReadError::TooLarge(bytes.len() as u64));
        }
        if read == 0 {
            progress
                .total_bytes
                .store(bytes.len() as u64, Ordering::Relaxed);
            return Ok(Some(bytes));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reading_with_progress_counts_bytes_and_can_be_cancelled() {
        const TEXT: &str = "Timeline(title: \"T\", events: [])";
        let directory = tempfile::tempdir().unwrap();
        let path = directory.path().join("t.ron");
        std::fs::write(&path, TEXT).unwrap();
        let progress = LoadProgress::new();
        let bytes = read_file_with_progress(&path, &progress).unwrap().unwrap();
        assert_eq!(bytes, TEXT.as_bytes());
        assert_eq!(progress.read_bytes(), TEXT.len() as u64);
        assert!(progress.fraction() > 0.09 && progress.fraction() < 0.11);
        progress.cancel();
        assert!(read_file_with_progress(&path, &progress).unwrap().is_none());
        assert!(matches!(
            read_file_with_progress(directory.path(), &progress),
            Err(ReadError::Directory)
        ));
    }
}
