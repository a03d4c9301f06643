//! The sql-nosql demo: `cargo lab demo sql-nosql` runs this binary and renders the
//! report it prints as JSON.

#![forbid(unsafe_code)]

evidence::demo_main!(sql_nosql::demo::run);
