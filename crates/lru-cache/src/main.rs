//! The lru-cache demo: `cargo lab demo lru-cache` runs this binary and renders the
//! report it prints as JSON.

evidence::demo_main!(lru_cache::demo::run);
