//! The lru-cache demo: `cargo lab demo lru-cache` runs this binary and renders the
//! report it prints as JSON.

#![forbid(unsafe_code)]

evidence::demo_main!(lru_cache::demo::run);
