//! The lru-cache demo run on the learner's `LruCache` (`cargo lab demo lru-cache
//! --mine`): the same measurements as the reference's demo, printed as JSON for `lab`.

#![forbid(unsafe_code)]

use lru_cache::demo::{Key, run_with};
use lru_cache_exercise::LruCache;

fn main() -> std::process::ExitCode {
    evidence::demo::main(include_str!("../../topic.toml"), |config| {
        run_with::<LruCache<Key, u64>>(config, "your LruCache")
    })
}
