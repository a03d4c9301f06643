//! The transactions demo: `cargo lab demo transactions` runs this binary and renders the
//! report it prints as JSON. With the subcommand `transfer-child` it is the crash test's
//! child instead (see `transactions::crash`).

#![forbid(unsafe_code)]

use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some(transactions::crash::CHILD) {
        return transactions::crash::child_main(&args[1..]);
    }
    evidence::demo::main(
        include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/topic.toml")),
        transactions::demo::run,
    )
}
