//! The linked-list demo: `cargo lab demo linked-list` runs this binary and renders the
//! report it prints as JSON.

#![forbid(unsafe_code)]

evidence::demo_main!(linked_list::demo::run);
