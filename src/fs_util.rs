//! File-system helpers shared by the commands and the app.

use std::fs::{File, OpenOptions};
use std::io::{self, Write as _};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU32, Ordering};

/// Writes `bytes` to `path` so that readers see either the old file or the whole new one, never a
/// part: the bytes go to a temporary file in the same directory (same file system, so the rename
/// is atomic), which is flushed to disk and then renamed over `path`. Replaces an existing file;
/// callers decide whether that is allowed. On error the temporary file is removed.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let directory = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let file_name = path.file_name().ok_or_else(|| {
        io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("`{}` does not name a file", path.display()),
        )
    })?;
    let (temporary_path, mut file) = create_temporary(&directory, &file_name.to_string_lossy())?;
    let written = file
        .write_all(bytes)
        .and_then(|()| file.sync_all())
        .and_then(|()| {
            drop(file);
            std::fs::rename(&temporary_path, path)
        });
    if let Err(error) = written {
        let _ = std::fs::remove_file(&temporary_path);
        return Err(error);
    }
    sync_directory(&directory);
    Ok(())
}

/// Creates a new, hidden temporary file beside the target; never reuses an existing file.
fn create_temporary(directory: &Path, file_name: &str) -> io::Result<(PathBuf, File)> {
    static COUNTER: AtomicU32 = AtomicU32::new(0);
    let process = std::process::id();
    loop {
        let attempt = COUNTER.fetch_add(1, Ordering::Relaxed);
        let candidate = directory.join(format!(".{file_name}.{process}-{attempt}.tmp"));
        match OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&candidate)
        {
            Ok(file) => return Ok((candidate, file)),
            Err(error) if error.kind() == io::ErrorKind::AlreadyExists && attempt < 10_000 => {}
            Err(error) => return Err(error),
        }
    }
}

/// Makes the rename itself durable where the platform allows it; best effort.
fn sync_directory(directory: &Path) {
    #[cfg(unix)]
    if let Ok(handle) = File::open(directory) {
        let _ = handle.sync_all();
    }
    #[cfg(not(unix))]
    let _ = directory;
}

/// Whether two paths name the same file: through links and other spellings when both exist, or
/// spelled the same.
pub fn same_file(a: &Path, b: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt as _;
        if let (Ok(a), Ok(b)) = (std::fs::metadata(a), std::fs::metadata(b))
            && (a.dev(), a.ino()) == (b.dev(), b.ino())
        {
            return true;
        }
    }
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => a == b,
    }
}

/// For commands that write `output` from `input`: never over the input, and over an existing
/// file only with `--force`. The error completes "OUTPUT …".
pub fn check_output_path(input: &Path, output: &Path, force: bool) -> Result<(), String> {
    if same_file(input, output) {
        return Err("is the input file: refusing to write over it".into());
    }
    match std::fs::metadata(output) {
        Ok(metadata) if metadata.is_dir() => Err("is a directory; give a file name".into()),
        Ok(_) if !force => Err("already exists; add --force to replace it".into()),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_a_new_file_and_replaces_an_old_one_without_leftovers() {
        let directory = tempfile::tempdir().unwrap();
        let path = directory.path().join("out.ron");
        write_atomically(&path, b"first").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"first");
        write_atomically(&path, b"second, longer").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"second, longer");
        let names: Vec<_> = std::fs::read_dir(directory.path())
            .unwrap()
            .map(|entry| entry.unwrap().file_name())
            .collect();
        assert_eq!(names, ["out.ron"]);
    }

    #[test]
    fn fails_cleanly_when_the_directory_does_not_exist() {
        let directory = tempfile::tempdir().unwrap();
        let path = directory.path().join("missing").join("out.ron");
        assert!(write_atomically(&path, b"x").is_err());
        assert!(!path.exists());
    }

    #[test]
    fn refuses_a_path_without_a_file_name() {
        let error = write_atomically(Path::new("/"), b"x").unwrap_err();
        assert_eq!(error.kind(), io::ErrorKind::InvalidInput);
    }

    #[test]
    fn same_file_sees_through_spellings_and_links() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("t.ron");
        std::fs::write(&file, "x").unwrap();
        assert!(same_file(&file, &dir.path().join(".").join("t.ron")));
        let link = dir.path().join("hard.svg");
        std::fs::hard_link(&file, &link).unwrap();
        assert!(same_file(&file, &link));
        assert!(!same_file(&file, &dir.path().join("other.svg")));
    }
}
