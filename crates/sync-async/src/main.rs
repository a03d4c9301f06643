//! The sync-async demo: `cargo lab demo sync-async` runs this binary and renders the
//! report it prints as JSON.

#![forbid(unsafe_code)]

evidence::demo_main!(sync_async::demo::run);
