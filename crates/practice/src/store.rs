//! Versioned JSON files that are never lost: the learner's state in `.lab/`.
//!
//! Every file is an object with a `"schema"` number beside the data. [`Store::open`]
//! never fails: a missing file is an empty state; a file that cannot be read, is not
//! JSON, is cut short, has the wrong shape or carries a newer schema than this build
//! knows is *kept as it is*: the store opens read-only with the default data and says
//! why ([`Store::read_only`]), and [`Store::save`] refuses to write over it. The learner
//! can move the file away to start afresh, or upgrade lab to read it; nothing they did
//! is overwritten by an older or confused lab.
//!
//! Writes are atomic: the new text goes to a temporary file of its own in the same
//! directory, which is flushed to disk and renamed over the old file, so a crash leaves
//! either the old file or the new one, never half of each. Changes go through
//! [`update`], which reads, changes and writes the file under an exclusive lock on a
//! lock file beside it, so two writers (the terminal drill and the web page, two checks
//! in one server) never lose each other's changes.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use serde::Serialize;
use serde::de::DeserializeOwned;

/// A JSON file holding `T` under a schema number.
#[derive(Debug)]
pub struct Store<T> {
    path: PathBuf,
    schema: u32,
    data: T,
    read_only: Option<String>,
}

/// Why a save did not happen.
#[derive(Debug)]
pub enum SaveError {
    /// The store opened read-only; the reason is [`Store::read_only`]'s.
    ReadOnly(String),
    /// The directory or file could not be written.
    Io {
        /// The file being saved.
        path: PathBuf,
        /// What the operating system said.
        error: std::io::Error,
    },
}

impl std::fmt::Display for SaveError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SaveError::ReadOnly(why) => write!(f, "not saved: {why}"),
            SaveError::Io { path, error } => {
                write!(f, "cannot save {}: {error}", path.display())
            }
        }
    }
}

impl std::error::Error for SaveError {}

impl<T: Serialize + DeserializeOwned + Default> Store<T> {
    /// Opens `path`, a file of schema `schema` (files without a `"schema"` field are
    /// read as schema 1, the first). Never fails; see the module documentation.
    pub fn open(path: impl Into<PathBuf>, schema: u32) -> Store<T> {
        let path = path.into();
        let (data, read_only) = match fs::read(&path) {
            // No file yet, or a parent that is not a directory: nothing to keep, and a
            // save will say what is in the way.
            Err(e)
                if matches!(
                    e.kind(),
                    std::io::ErrorKind::NotFound | std::io::ErrorKind::NotADirectory
                ) =>
            {
                (T::default(), None)
            }
            Err(e) => (
                T::default(),
                Some(format!("{} cannot be read ({e})", path.display())),
            ),
            Ok(bytes) => match parse(&bytes, schema) {
                Ok(data) => (data, None),
                Err(why) => (T::default(), Some(format!("{} {why}", path.display()))),
            },
        };
        let read_only = read_only.map(|why| {
            format!("{why}; it is kept as it is and nothing is saved over it (move it away to start afresh)")
        });
        Store {
            path,
            schema,
            data,
            read_only,
        }
    }

    /// The data (the default when the file was missing or unreadable).
    pub fn get(&self) -> &T {
        &self.data
    }

    /// The data, to change before [`Store::save`].
    pub fn get_mut(&mut self) -> &mut T {
        &mut self.data
    }

    /// Why this store will not save, when it opened read-only: one line naming the file
    /// and what is wrong with it.
    pub fn read_only(&self) -> Option<&str> {
        self.read_only.as_deref()
    }

    /// The file's path.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Writes the data atomically (temporary file, flushed, renamed over the old one),
    /// creating the directory if needed.
    ///
    /// # Errors
    ///
    /// [`SaveError::ReadOnly`] when the file was unreadable or newer (it is left alone);
    /// [`SaveError::Io`] when the directory or file cannot be written.
    pub fn save(&self) -> Result<(), SaveError> {
        if let Some(why) = &self.read_only {
            return Err(SaveError::ReadOnly(why.clone()));
        }
        save(&self.path, self.schema, &self.data)
    }

    /// The data and, if the store opened read-only, why.
    pub fn into_parts(self) -> (T, Option<String>) {
        (self.data, self.read_only)
    }
}

/// Writes `data` to `path` under `schema`, atomically.
///
/// # Panics
///
/// `data` does not serialize to a JSON object.
fn save<T: Serialize>(path: &Path, schema: u32, data: &T) -> Result<(), SaveError> {
    let mut value = serde_json::to_value(data).expect("state is plain data");
    let serde_json::Value::Object(map) = &mut value else {
        panic!("a store's data serializes to a JSON object");
    };
    map.insert("schema".into(), schema.into());
    let text = serde_json::to_string_pretty(&value).expect("plain data") + "\n";
    write_atomically(path, text.as_bytes()).map_err(|error| SaveError::Io {
        path: path.to_path_buf(),
        error,
    })
}

/// Reads the file at `path`, applies `change` to its data and saves it, all under an
/// exclusive lock on `.<name>.lock` in the same directory (waiting for another holder),
/// so concurrent updates, from threads or processes, are applied one after another and
/// none is lost. Returns what `change` returns.
///
/// # Errors
///
/// [`SaveError::ReadOnly`] when the file cannot be read or is newer (it is left alone
/// and `change` is not called); [`SaveError::Io`] when the directory, the lock or the
/// file cannot be written.
pub fn update<T, R>(
    path: &Path,
    schema: u32,
    change: impl FnOnce(&mut T) -> R,
) -> Result<R, SaveError>
where
    T: Serialize + DeserializeOwned + Default,
{
    let io = |error| SaveError::Io {
        path: path.to_path_buf(),
        error,
    };
    let dir = path.parent().unwrap_or(Path::new("."));
    fs::create_dir_all(dir).map_err(io)?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let lock = fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(dir.join(format!(".{name}.lock")))
        .map_err(io)?;
    lock.lock().map_err(io)?;
    let mut store: Store<T> = Store::open(path, schema);
    if let Some(why) = store.read_only() {
        return Err(SaveError::ReadOnly(why.to_string()));
    }
    let result = change(store.get_mut());
    store.save()?;
    // Closing the file releases the lock.
    drop(lock);
    Ok(result)
}

/// Parses a file's bytes, checking the schema first so a newer file is refused before
/// its unknown shape is.
fn parse<T: DeserializeOwned>(bytes: &[u8], schema: u32) -> Result<T, String> {
    let value: serde_json::Value = serde_json::from_slice(bytes).map_err(|e| {
        if e.is_eof() {
            format!("is cut short ({e})")
        } else {
            format!("is not valid JSON ({e})")
        }
    })?;
    let serde_json::Value::Object(mut map) = value else {
        return Err("is not a JSON object".to_string());
    };
    let found = match map.remove("schema") {
        None => 1,
        Some(serde_json::Value::Number(n)) => n
            .as_u64()
            .and_then(|n| u32::try_from(n).ok())
            .ok_or_else(|| format!("has a schema number that is not a version ({n})"))?,
        Some(other) => return Err(format!("has a schema that is not a number ({other})")),
    };
    if found > schema {
        return Err(format!(
            "was written by a newer lab (schema {found}; this one reads up to {schema})"
        ));
    }
    serde_json::from_value(serde_json::Value::Object(map))
        .map_err(|e| format!("does not have the expected fields ({e})"))
}

/// Writes `bytes` to `path` through a temporary file of its own in the same directory
/// (created if missing), flushed to disk before the rename: readers see the old file or
/// the new one, never a mix. lab's stories and backups use it too.
///
/// # Errors
///
/// The directory or file cannot be written; the temporary file is removed.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    fs::create_dir_all(dir)?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    // One name per write: threads of one process writing at once must not share it.
    static NEXT: AtomicU64 = AtomicU64::new(0);
    let temporary = dir.join(format!(
        ".{name}.{}.{}.tmp",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    ));
    let result = (|| {
        let mut file = fs::File::create(&temporary)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        fs::rename(&temporary, path)
    })();
    if result.is_err() {
        let _ = fs::remove_file(&temporary);
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;
    use std::collections::BTreeMap;

    #[derive(Debug, Default, PartialEq, Serialize, Deserialize)]
    struct Data {
        #[serde(default)]
        scores: BTreeMap<String, u32>,
    }

    fn scratch(name: &str) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("practice-store-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        dir
    }

    fn sample() -> Data {
        let mut d = Data::default();
        d.scores.insert("q11".into(), 7);
        d
    }

    #[test]
    fn a_missing_file_is_empty_and_writable_and_round_trips() {
        let dir = scratch("roundtrip");
        let path = dir.join("nested").join("s.json");
        let mut store: Store<Data> = Store::open(&path, 2);
        assert_eq!(store.get(), &Data::default());
        assert!(store.read_only().is_none());
        *store.get_mut() = sample();
        store.save().unwrap();
        let text = fs::read_to_string(&path).unwrap();
        assert!(text.contains("\"schema\": 2"), "{text}");
        let again: Store<Data> = Store::open(&path, 2);
        assert_eq!(again.get(), &sample());
        let leftovers: Vec<_> = fs::read_dir(path.parent().unwrap())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(leftovers.len(), 1, "no temporary file left: {leftovers:?}");
        fs::remove_dir_all(&dir).unwrap();
    }

    /// Eight threads each add 25 scores through `update` at once: with the lock and a
    /// temporary file per write, all 200 are there and the file parses.
    #[test]
    fn concurrent_updates_lose_nothing() {
        let dir = scratch("concurrent");
        let path = dir.join("s.json");
        std::thread::scope(|scope| {
            for t in 0..8 {
                let path = &path;
                scope.spawn(move || {
                    for i in 0..25 {
                        update(path, 1, |d: &mut Data| {
                            d.scores.insert(format!("{t}-{i}"), i);
                        })
                        .unwrap();
                    }
                });
            }
        });
        let store: Store<Data> = Store::open(&path, 1);
        assert!(store.read_only().is_none());
        assert_eq!(store.get().scores.len(), 200);
        let files: Vec<String> = fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".tmp"))
            .collect();
        assert!(files.is_empty(), "temporary files left: {files:?}");
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn update_leaves_a_broken_file_alone_and_does_not_call_the_change() {
        let dir = scratch("update-broken");
        fs::create_dir_all(&dir).unwrap();
        let path = dir.join("s.json");
        fs::write(&path, "{ broken").unwrap();
        let mut called = false;
        let result = update(&path, 1, |_: &mut Data| called = true);
        assert!(matches!(result, Err(SaveError::ReadOnly(_))));
        assert!(!called);
        assert_eq!(fs::read_to_string(&path).unwrap(), "{ broken");
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn into_parts_gives_the_data_and_the_reason() {
        let dir = scratch("parts");
        fs::create_dir_all(&dir).unwrap();
        let path = dir.join("s.json");
        fs::write(&path, r#"{"schema":1,"scores":{"b":2}}"#).unwrap();
        let (data, why) = Store::<Data>::open(&path, 1).into_parts();
        assert_eq!(data.scores["b"], 2);
        assert_eq!(why, None);
        fs::write(&path, "nope").unwrap();
        let (data, why) = Store::<Data>::open(&path, 1).into_parts();
        assert_eq!(data, Data::default());
        assert!(why.unwrap().contains("not valid JSON"));
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_file_without_a_schema_is_schema_one() {
        let dir = scratch("legacy");
        let path = dir.join("s.json");
        fs::create_dir_all(&dir).unwrap();
        fs::write(&path, r#"{"scores":{"a":1}}"#).unwrap();
        let store: Store<Data> = Store::open(&path, 1);
        assert!(store.read_only().is_none());
        assert_eq!(store.get().scores["a"], 1);
        fs::remove_dir_all(&dir).unwrap();
    }

    /// Every way a file can be broken: each opens read-only with a reason naming the
    /// file, and a save leaves the bytes exactly as they were.
    #[test]
    fn a_broken_or_newer_file_is_kept_and_never_overwritten() {
        let dir = scratch("broken");
        fs::create_dir_all(&dir).unwrap();
        let good = r#"{"schema":1,"scores":{"a":1}}"#;
        let cases: Vec<(&str, Vec<u8>, &str)> = vec![
            (
                "truncated",
                good.as_bytes()[..good.len() - 5].to_vec(),
                "cut short",
            ),
            ("empty", Vec::new(), "cut short"),
            ("not-json", b"scores = 1".to_vec(), "not valid JSON"),
            ("binary", vec![0xff, 0xfe, 0x00, 0x01], "not valid JSON"),
            ("array", b"[1,2]".to_vec(), "not a JSON object"),
            (
                "newer",
                br#"{"schema":9,"scores":{}}"#.to_vec(),
                "newer lab (schema 9",
            ),
            (
                "schema-text",
                br#"{"schema":"one"}"#.to_vec(),
                "not a number",
            ),
            (
                "schema-negative",
                br#"{"schema":-1}"#.to_vec(),
                "not a version",
            ),
            (
                "wrong-shape",
                br#"{"schema":1,"scores":[1]}"#.to_vec(),
                "expected fields",
            ),
        ];
        for (name, bytes, why) in cases {
            let path = dir.join(format!("{name}.json"));
            fs::write(&path, &bytes).unwrap();
            let mut store: Store<Data> = Store::open(&path, 1);
            let reason = store
                .read_only()
                .unwrap_or_else(|| panic!("{name}: not read-only"));
            assert!(reason.contains(why), "{name}: {reason}");
            assert!(reason.contains(&format!("{name}.json")), "{name}: {reason}");
            assert_eq!(store.get(), &Data::default(), "{name}: default data");
            *store.get_mut() = sample();
            assert!(
                matches!(store.save(), Err(SaveError::ReadOnly(_))),
                "{name}"
            );
            assert_eq!(fs::read(&path).unwrap(), bytes, "{name}: file untouched");
        }
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_path_through_a_file_opens_empty_and_its_save_says_why() {
        let dir = scratch("through-file");
        fs::write(&dir, b"a file").unwrap();
        let store: Store<Data> = Store::open(dir.join("s.json"), 1);
        assert!(store.read_only().is_none());
        let err = store.save().unwrap_err().to_string();
        assert!(
            err.contains("cannot save") && err.contains("s.json"),
            "{err}"
        );
        assert_eq!(fs::read(&dir).unwrap(), b"a file");
        fs::remove_file(&dir).unwrap();
    }

    #[test]
    fn a_directory_in_place_of_the_file_is_kept() {
        let dir = scratch("dir-as-file");
        fs::create_dir_all(dir.join("s.json")).unwrap();
        let store: Store<Data> = Store::open(dir.join("s.json"), 1);
        assert!(store.read_only().unwrap().contains("cannot be read"));
        assert!(matches!(store.save(), Err(SaveError::ReadOnly(_))));
        assert!(dir.join("s.json").is_dir());
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn an_unwritable_directory_is_an_io_error_naming_the_file() {
        let dir = scratch("unwritable");
        let store: Store<Data> = Store::open(dir.join("s.json"), 1);
        assert!(store.read_only().is_none(), "a missing file is writable");
        // Then a regular file appears where the directory should be: creating the
        // directory fails, for root too, unlike permission bits.
        fs::write(&dir, b"in the way").unwrap();
        match store.save() {
            Err(e @ SaveError::Io { .. }) => assert!(e.to_string().contains("s.json"), "{e}"),
            other => panic!("expected an I/O error, got {other:?}"),
        }
        fs::remove_file(&dir).unwrap();
    }
}
