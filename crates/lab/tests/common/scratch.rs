//! A scratch copy of the workspace, for the tests that edit an exercise (the learner's
//! own files are never touched): copied sources, the lru-cache stub restored, `lab` run
//! in the copy with the test run's target directory, and a correct lru-cache solution.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use super::workspace;

/// Copies the workspace's sources (not `target`, `.git` or `.lab`) to `to`.
pub fn copy_workspace(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let name = entry.file_name();
        if ["target", ".git", ".lab"].iter().any(|skip| name == *skip) {
            continue;
        }
        let (source, target) = (entry.path(), to.join(&name));
        if source.is_dir() {
            copy_workspace(&source, &target);
        } else {
            fs::copy(&source, &target).unwrap();
        }
    }
}

pub struct Scratch {
    /// The copy's root.
    pub root: PathBuf,
}

impl Scratch {
    /// A fresh copy. Only one test may use a copy at a time: copies build into the real
    /// target directory, and cargo names a workspace member's artifacts after its path
    /// relative to the workspace root, so two copies would overwrite each other's test
    /// binaries.
    pub fn new(name: &str) -> Scratch {
        let root =
            Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&root);
        copy_workspace(&workspace(), &root);
        // Start from the shipped stub even if the learner has been working on theirs.
        let exercise = root.join("exercises/lru-cache");
        fs::copy(
            exercise.join("pristine/src/lib.rs.stub"),
            exercise.join("src/lib.rs"),
        )
        .unwrap();
        Scratch { root }
    }

    /// Runs `lab` in the copy. It builds into the real target directory, so the
    /// dependencies compiled for this test run are reused, and never uses the network.
    pub fn lab(&self, args: &[&str]) -> Output {
        self.command(args).output().unwrap()
    }

    /// The `lab` command with the copy's environment, not yet started.
    pub fn command(&self, args: &[&str]) -> Command {
        let bin = PathBuf::from(env!("CARGO_BIN_EXE_lab"));
        let target_dir = bin
            .parent()
            .and_then(Path::parent)
            .expect("target/<profile>/lab");
        let mut command = Command::new(&bin);
        command
            .args(args)
            .current_dir(&self.root)
            .env("CARGO_TARGET_DIR", target_dir)
            .env("CARGO_NET_OFFLINE", "true")
            // `--mine` builds in the release profile; a dev build checks the same
            // mechanics here in seconds instead of a minute.
            .env("LAB_MINE_PROFILE", "dev")
            .env("NO_COLOR", "1")
            .env_remove("LAB_DIR");
        command
    }

    pub fn stub_path(&self) -> PathBuf {
        self.root.join("exercises/lru-cache/src/lib.rs")
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.root);
    }
}

pub fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

/// The number of cases the lru-cache exercise runs, from its manifest.
pub fn case_count(root: &Path) -> usize {
    let manifest = evidence::manifest::Manifest::load(&root.join("crates/lru-cache")).unwrap();
    manifest
        .exercise
        .expect("lru-cache has an exercise")
        .cases
        .len()
}

/// A correct exercise: a cache that delegates to the reference. The exercise may not
/// depend on the reference, so the scratch copy's manifest gets the dependency first.
pub fn solve(scratch: &Scratch) -> String {
    let manifest = scratch.root.join("exercises/lru-cache/Cargo.toml");
    let text = fs::read_to_string(&manifest).unwrap();
    if !text.contains("lru-cache.workspace") {
        fs::write(
            &manifest,
            text.replace(
                "lru-cache-contract.workspace = true",
                "lru-cache-contract.workspace = true\nlru-cache.workspace = true",
            ),
        )
        .unwrap();
    }
    r#"
use std::borrow::Borrow;
use std::hash::Hash;
use std::num::NonZeroUsize;

pub use lru_cache_contract::Cache;

pub struct LruCache<K, V>(lru_cache::LruCache<K, V>);

impl<K: Hash + Eq + Clone, V> Cache<K, V> for LruCache<K, V> {
    fn with_capacity(capacity: NonZeroUsize) -> Self { LruCache(lru_cache::LruCache::new(capacity)) }
    fn get<Q: Hash + Eq + ?Sized>(&mut self, key: &Q) -> Option<&V> where K: Borrow<Q> { self.0.get(key) }
    fn get_mut<Q: Hash + Eq + ?Sized>(&mut self, key: &Q) -> Option<&mut V> where K: Borrow<Q> { self.0.get_mut(key) }
    fn peek<Q: Hash + Eq + ?Sized>(&self, key: &Q) -> Option<&V> where K: Borrow<Q> { self.0.peek(key) }
    fn put(&mut self, key: K, value: V) -> Option<V> { self.0.put(key, value) }
    fn remove<Q: Hash + Eq + ?Sized>(&mut self, key: &Q) -> Option<V> where K: Borrow<Q> { self.0.remove(key) }
    fn len(&self) -> usize { self.0.len() }
    fn capacity(&self) -> NonZeroUsize { self.0.capacity() }
    fn keys_in_order(&self) -> Vec<&K> { self.0.iter().map(|(k, _)| k).collect() }
}
"#
    .to_string()
}
