//! File-system helpers shared by the commands and the app.

use std::fs::File;
use std::io::{self, Write as _};
use std::path::{Path, PathBuf};

/// Whether [`write_atomically_with`] may replace a file that already exists at its path.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Existing {
    Replace,
    /// Fail with [`io::ErrorKind::AlreadyExists`] and leave that file as it is, even when it
    /// appeared while the new one was being written.
    Keep,
}

/// Writes `bytes` to `path` so that readers see either the old file or the whole new one, never a
/// part (see [`write_atomically_with`]). Replaces an existing file; callers decide whether that
/// is allowed.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> io::Result<()> {
    write_atomically_with(path, Existing::Replace, |file| file.write_all(bytes))
}

/// Lets `write` fill a temporary file in the same directory as `path` (same file system, so
/// that the rename is atomic), flushes it to disk, then renames it to `path` and makes the rename
/// durable. With [`Existing::Keep`] the rename refuses to replace a file, atomically where the
/// system allows it. On any error the temporary file is removed and `path` is untouched.
/// Returns what `write` returned.
pub fn write_atomically_with<T>(
    path: &Path,
    existing: Existing,
    write: impl FnOnce(&mut File) -> io::Result<T>,
) -> io::Result<T> {
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
    // Hidden and named after the target, so that a leftover (after a power cut) says what it
    // was; `tempfile` picks a name no other file has and deletes the file when it is dropped,
    // which is what happens to it on every error below.
    let prefix = format!(".{}.", file_name.to_string_lossy());
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix).suffix(".tmp");
    // `tempfile` makes files only their owner can read; an export or a saved timeline gets the
    // permissions any new file gets (0666 less the umask).
    #[cfg(unix)]
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o666));
    let mut temporary = builder
        .tempfile_in(&directory)
        .map_err(without_temporary_path)?;
    let written = write(temporary.as_file_mut())?;
    temporary.as_file().sync_all()?;
    let persisted = match existing {
        Existing::Replace => temporary.persist(path),
        Existing::Keep => temporary.persist_noclobber(path),
    };
    persisted.map_err(|error| error.error)?;
    sync_directory(&directory);
    Ok(written)
}

/// Makes the rename itself durable where the platform allows it; best effort, since the new
/// file is complete either way and only a power cut right now could lose the rename.
fn sync_directory(directory: &Path) {
    #[cfg(unix)]
    if let Ok(handle) = File::open(directory) {
        // Not every file system can sync a directory (some report an error): nothing to do then.
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

/// `tempfile`'s error without the "at path …/.name.XXXX.tmp" it appends: the user asked to
/// write `name` and never sees the temporary file, so the message says only what went wrong
/// (the caller names the file). `tempfile` keeps the OS error private, so its text is cut.
fn without_temporary_path(error: io::Error) -> io::Error {
    let message = error.to_string();
    match message.split_once(" at path ") {
        Some((what_went_wrong, _)) if error.get_ref().is_some() => {
            io::Error::new(error.kind(), what_went_wrong.to_string())
        }
        _ => error,
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

    /// Names in `directory`, sorted.
    fn names_in(directory: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(directory)
            .unwrap()
            .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn a_failing_write_leaves_the_old_file_and_no_temporary_file() {
        let directory = tempfile::tempdir().unwrap();
        let path = directory.path().join("out.ron");
        std::fs::write(&path, "old").unwrap();
        let error = write_atomically_with(&path, Existing::Replace, |file| {
            file.write_all(b"half of the new")?;
            Err::<(), _>(io::Error::other("the disk is full"))
        })
        .unwrap_err();
        assert_eq!(error.to_string(), "the disk is full");
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "old");
        assert_eq!(names_in(directory.path()), ["out.ron"]);
    }

    #[test]
    fn keep_refuses_an_existing_file_and_leaves_it_as_it_was() {
        let directory = tempfile::tempdir().unwrap();
        let path = directory.path().join("out.ron");
        std::fs::write(&path, "keep me").unwrap();
        let error = write_atomically_with(&path, Existing::Keep, |file| file.write_all(b"new"))
            .unwrap_err();
        assert_eq!(error.kind(), io::ErrorKind::AlreadyExists);
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "keep me");
        assert_eq!(names_in(directory.path()), ["out.ron"]);

        // A new name is written, and what `write` returns is handed back.
        let new_path = directory.path().join("new.ron");
        let length = write_atomically_with(&new_path, Existing::Keep, |file| {
            file.write_all(b"twelve bytes")?;
            Ok(file.metadata()?.len())
        })
        .unwrap();
        assert_eq!(length, 12);
        assert_eq!(std::fs::read_to_string(&new_path).unwrap(), "twelve bytes");
        assert_eq!(names_in(directory.path()), ["new.ron", "out.ron"]);
    }

    #[cfg(unix)]
    #[test]
    fn written_files_are_readable_by_others_as_new_files_are() {
        use std::os::unix::fs::PermissionsExt as _;
        let directory = tempfile::tempdir().unwrap();
        let path = directory.path().join("out.svg");
        write_atomically(&path, b"<svg/>").unwrap();
        let plain = directory.path().join("plain.svg");
        std::fs::write(&plain, b"<svg/>").unwrap();
        let mode = |path: &Path| std::fs::metadata(path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&path), mode(&plain));
    }

    #[test]
    fn fails_cleanly_when_the_directory_does_not_exist() {
        let directory = tempfile::tempdir().unwrap();
        let path = directory.path().join("missing").join("out.ron");
        let error = write_atomically(&path, b"x").unwrap_err();
        // The message is the OS's, without the temporary file the user never asked for.
        assert_eq!(error.kind(), io::ErrorKind::NotFound);
        assert!(!error.to_string().contains(".tmp"), "{error}");
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
