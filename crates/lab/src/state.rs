//! The learner's progress cache: `.lab/state.json` at the workspace root (git ignores
//! `.lab/`, which also holds `reset`'s backups). `LAB_DIR` moves the whole directory,
//! which is how the CLI's tests keep away from a learner's real state.
//!
//! Everything here can be recomputed: progress is whatever the tests said last time,
//! and hints only remember how far the learner has read. Deleting the file loses nothing
//! but the cache. The file carries a schema number and is written atomically
//! (`practice::store`); a file that cannot be read, or that a newer lab wrote, is kept
//! as it is: lab warns once, works from an empty state and saves nothing over it.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Once;

use practice::store::{self, Store};

use serde::{Deserialize, Serialize};

use crate::LabError;

/// What `lab` remembers between runs.
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct State {
    /// How many hints of each topic the learner has read.
    #[serde(default)]
    pub hints_read: BTreeMap<String, usize>,
    /// Each topic's last `check` result.
    #[serde(default)]
    pub progress: BTreeMap<String, Progress>,
}

/// The schema of `.lab/state.json` this build writes and reads up to.
pub const SCHEMA: u32 = 1;

/// Prints a store's read-only reason once per process (state is loaded many times).
pub fn warn_read_only(why: &str) {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| eprintln!("warning: {why}"));
}

/// One exercise's last `check` result.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Progress {
    /// Cases passing, at the last check that built.
    pub passed: usize,
    /// Cases in all, at the last check that built; 0 before any did.
    pub total: usize,
    /// Whether the last check built: a compile error keeps the counts of the last build
    /// that worked, so one typo does not wipe out the learner's progress.
    #[serde(default = "built")]
    pub builds: bool,
}

fn built() -> bool {
    true
}

impl Default for Progress {
    fn default() -> Self {
        Progress {
            passed: 0,
            total: 0,
            builds: true,
        }
    }
}

impl Progress {
    /// Every case passed at the last check that built.
    pub fn solved(self) -> bool {
        self.total > 0 && self.passed == self.total
    }
}

/// Where `lab` keeps what it writes: `$LAB_DIR` if set, else `.lab/` in the workspace.
pub fn lab_dir(root: &Path) -> PathBuf {
    std::env::var_os("LAB_DIR")
        .filter(|d| !d.is_empty())
        .map_or_else(|| root.join(".lab"), PathBuf::from)
}

impl State {
    /// The state file in [`lab_dir`].
    pub fn path(root: &Path) -> PathBuf {
        lab_dir(root).join("state.json")
    }

    /// Reads the state: an empty one if there is none, or if it cannot be read (then
    /// with a warning, and read-only).
    pub fn load(root: &Path) -> State {
        let (state, read_only) = Store::<State>::open(Self::path(root), SCHEMA).into_parts();
        if let Some(why) = &read_only {
            warn_read_only(why);
        }
        state
    }

    /// Reads the state, applies `change` and writes it back, under the lock
    /// `practice::store::update` takes, so two checks (or a check and a hint) saving at
    /// once lose neither change. A state file that cannot be read is left alone:
    /// `change` then runs on an empty state that is not saved (the warning says why).
    ///
    /// # Errors
    ///
    /// The directory or file cannot be written.
    pub fn update<R>(root: &Path, change: impl FnOnce(&mut State) -> R) -> Result<R, LabError> {
        let mut change = Some(change);
        let saved = store::update(&Self::path(root), SCHEMA, |state: &mut State| {
            change.take().map(|f| f(state))
        });
        match (saved, change) {
            (Ok(Some(result)), _) => Ok(result),
            // Not read: `change` was never called, so it runs on a state not saved.
            (Err(store::SaveError::ReadOnly(why)), Some(f)) => {
                warn_read_only(&why);
                Ok(f(&mut State::load(root)))
            }
            (Err(e), _) => Err(LabError::failure(e.to_string())),
            (Ok(None), _) => {
                unreachable!("store::update calls the change exactly once when it saves")
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use std::fs;

    #[test]
    fn state_round_trips_and_a_corrupt_file_is_kept_and_not_saved_over() {
        let root = std::env::temp_dir().join(format!("lab-state-test-{}", std::process::id()));
        let _ = fs::remove_dir_all(&root);
        assert!(
            State::load(&root).progress.is_empty(),
            "no file: empty state"
        );

        State::update(&root, |state| {
            state.hints_read.insert("lru-cache".into(), 2);
            state.progress.insert(
                "lru-cache".into(),
                Progress {
                    passed: 3,
                    total: 17,
                    builds: true,
                },
            );
        })
        .unwrap();
        let loaded = State::load(&root);
        assert_eq!(loaded.hints_read["lru-cache"], 2);
        assert_eq!(
            loaded.progress["lru-cache"],
            Progress {
                passed: 3,
                total: 17,
                builds: true,
            }
        );

        assert!(
            fs::read_to_string(State::path(&root))
                .unwrap()
                .contains("\"schema\": 1")
        );

        fs::write(State::path(&root), "{ not json").unwrap();
        assert!(State::load(&root).progress.is_empty());
        let seen = State::update(&root, |state| {
            state.hints_read.insert("hashmap".into(), 1);
            state.hints_read.len()
        })
        .unwrap();
        assert_eq!(seen, 1, "the change runs on an empty state");
        assert_eq!(
            fs::read_to_string(State::path(&root)).unwrap(),
            "{ not json"
        );

        fs::write(State::path(&root), r#"{"schema": 7, "progress": {}}"#).unwrap();
        State::update(&root, |state| {
            state.hints_read.insert("hashmap".into(), 1);
        })
        .unwrap();
        assert!(
            fs::read_to_string(State::path(&root))
                .unwrap()
                .contains("\"schema\": 7")
        );
        fs::remove_dir_all(&root).unwrap();
    }

    #[test]
    fn solved_means_every_case_of_a_compiled_exercise_passes() {
        assert!(
            Progress {
                passed: 17,
                total: 17,
                builds: true,
            }
            .solved()
        );
        assert!(
            !Progress {
                passed: 16,
                total: 17,
                builds: true,
            }
            .solved()
        );
        assert!(
            !Progress {
                passed: 0,
                total: 0,
                builds: true,
            }
            .solved(),
            "did not compile"
        );
    }
}
