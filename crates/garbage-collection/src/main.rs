//! The garbage-collection demo: `cargo lab demo garbage-collection` runs this binary and
//! renders the report it prints as JSON.

#![forbid(unsafe_code)]

evidence::demo_main!(garbage_collection::demo::run);
