//! Watches the open file for changes made by any editor.
//!
//! The *directory* is watched, not the file: editors that save by writing a temporary file and
//! renaming it over the original replace the file's inode, which a watch on the file would lose.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

use notify::{RecommendedWatcher, RecursiveMode, Watcher};

/// How long to wait after the last change before reloading: editors write in several steps.
const SETTLE: Duration = Duration::from_millis(200);

pub struct FileWatcher {
    // Kept alive for as long as the watch should last.
    _watcher: RecommendedWatcher,
    changes: Receiver<()>,
    last_change: Option<Instant>,
}

impl FileWatcher {
    /// Starts watching `path`; `wake` is called from the watcher thread so the UI runs a frame.
    pub fn new(path: &Path, wake: impl Fn() + Send + 'static) -> notify::Result<Self> {
        let path = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
        let directory = path
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_else(|| PathBuf::from("."));
        let file_name = path.file_name().map(|n| n.to_os_string());
        let (sender, changes) = channel();
        let mut watcher =
            notify::recommended_watcher(move |result: notify::Result<notify::Event>| {
                let Ok(event) = result else { return };
                let concerns_file = event
                    .paths
                    .iter()
                    .any(|p| p.file_name().map(|n| n.to_os_string()) == file_name);
                if concerns_file && !matches!(event.kind, notify::EventKind::Access(_)) {
                    let _ = sender.send(());
                    wake();
                }
            })?;
        watcher.watch(&directory, RecursiveMode::NonRecursive)?;
        Ok(FileWatcher {
            _watcher: watcher,
            changes,
            last_change: None,
        })
    }

    /// True once changes have settled and the file should be reloaded. Call every frame; when a
    /// change is pending, `request_repaint_after` tells the caller when to look again.
    pub fn poll(&mut self) -> (bool, Option<Duration>) {
        while self.changes.try_recv().is_ok() {
            self.last_change = Some(Instant::now());
        }
        match self.last_change {
            Some(at) if at.elapsed() >= SETTLE => {
                self.last_change = None;
                (true, None)
            }
            Some(at) => (false, Some(SETTLE.saturating_sub(at.elapsed()))),
            None => (false, None),
        }
    }
}
