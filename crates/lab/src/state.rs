//! The learner's progress cache: `.lab/state.json` at the workspace root (git ignores
//! `.lab/`, which also holds `reset`'s backups). `LAB_DIR` moves the whole directory,
//! which is how the CLI's tests keep away from a learner's real state.
//!
//! Everything here can be recomputed: progress is whatever the tests said last time,
//! and hints only remember how far the learner has read. Deleting the file loses nothing
//! but the cache; an unreadable file is treated as empty, with a warning.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

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

    /// Reads the state, or an empty one if there is none or it cannot be read.
    pub fn load(root: &Path) -> State {
        let path = Self::path(root);
        match fs::read_to_string(&path) {
            Ok(text) => serde_json::from_str(&text).unwrap_or_else(|e| {
                eprintln!(
                    "warning: ignoring {} ({e}); it is only a cache of progress",
                    path.display()
                );
                State::default()
            }),
            Err(_) => State::default(),
        }
    }

    /// Writes the state atomically (a temporary file renamed over the old one).
    ///
    /// # Errors
    ///
    /// The directory or file cannot be written.
    pub fn save(&self, root: &Path) -> Result<(), LabError> {
        let path = Self::path(root);
        let dir = path
            .parent()
            .expect("the state file is inside the lab directory");
        let write = || -> std::io::Result<()> {
            fs::create_dir_all(dir)?;
            let temporary = dir.join("state.json.tmp");
            let text = serde_json::to_string_pretty(self).expect("state is plain data");
            fs::write(&temporary, text + "\n")?;
            fs::rename(&temporary, &path)
        };
        write().map_err(|e| LabError::io(format!("cannot save progress to {}", path.display()), e))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn state_round_trips_and_a_corrupt_file_is_ignored() {
        let root = std::env::temp_dir().join(format!("lab-state-test-{}", std::process::id()));
        let _ = fs::remove_dir_all(&root);
        assert!(
            State::load(&root).progress.is_empty(),
            "no file: empty state"
        );

        let mut state = State::default();
        state.hints_read.insert("lru-cache".into(), 2);
        state.progress.insert(
            "lru-cache".into(),
            Progress {
                passed: 3,
                total: 17,
                builds: true,
            },
        );
        state.save(&root).unwrap();
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

        fs::write(State::path(&root), "{ not json").unwrap();
        assert!(State::load(&root).progress.is_empty());
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
