//! The LRU demo run on your `LruCache` (`cargo lab demo lru-cache --mine`): prints the
//! report as JSON for `lab` to render. Arguments: seed and size.

use lru_cache_exercise::LruCache;

fn main() {
    let mut args = std::env::args().skip(1).map(|a| a.parse::<u64>());
    let (Some(Ok(seed)), Some(Ok(size))) = (args.next(), args.next()) else {
        eprintln!("usage: demo <seed> <size>");
        std::process::exit(2);
    };
    let config = evidence::DemoConfig {
        seed,
        size: size as usize,
    };
    let report = lru_cache::demo::run_with::<LruCache<u64, u64>>(&config, "your LruCache");
    println!(
        "{}",
        serde_json::to_string(&report).expect("reports serialize")
    );
}
