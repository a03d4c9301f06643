//! The test kit of interview-lab: what every topic's contract needs to turn its cases
//! into tests, and nothing else.
//!
//! A topic's *contract* crate (`crates/<id>/contract`) holds the trait the reference and
//! the learner's exercise both implement, the named cases in teaching order, and a naive
//! oracle. The exercise depends on the contract only, so it runs exactly the reference's
//! cases and cannot import the solution. This crate gives every contract the same three
//! tools:
//!
//! - [`conformance!`]: one macro that turns a contract's case list into a
//!   `conformance_tests!` macro, which expands to one `#[test]` per case for the
//!   implementation it is given;
//! - [`counted`]: keys whose comparisons and hashes are counted, so a case can check
//!   how an operation's work grows with the input, exactly;
//! - [`alloc`]: a counting global allocator, so a case can check the extra memory an
//!   operation needs (O(1) space is 0 bytes allocated);
//! - [`property`]: the proptest runner and comparison the model-based cases share, so
//!   every property failure reads the same way (the shortest failing input, what came
//!   out, what was expected);
//! - [`watchdog`]: runs concurrent work under a time limit, so a deadlock fails a test
//!   in bounded time instead of hanging it.
//!
//! It depends on proptest and rand only: exercises build it on a learner's first
//! `cargo lab check`, so it stays small.
//!
//! # Example
//!
//! A contract with a trait and two cases (in a real contract the cases are in teaching
//! order and the trait has more than one method):
//!
//! ```text
//! pub trait Counter { fn new() -> Self; fn bump(&mut self) -> u32; }
//!
//! pub mod cases {
//!     use super::Counter;
//!     pub fn starts_at_one<C: Counter>() { assert_eq!(C::new().bump(), 1); }
//!     pub fn counts_up<C: Counter>() { let mut c = C::new(); c.bump(); assert_eq!(c.bump(), 2); }
//! }
//!
//! testkit::conformance! {
//!     /// One test per case: `counter_contract::conformance_tests!(my_crate::MyCounter);`
//!     macro conformance_tests($($counter:ident)::+) {
//!         type Subject = $($counter)::+;
//!     }
//!     cases [$crate::cases] {
//!         starts_at_one::<Subject>(),
//!         counts_up::<Subject>(),
//!     }
//! }
//! ```
//!
//! and in the exercise's `tests/conformance.rs`, one line:
//!
//! ```text
//! counter_contract::conformance_tests!(counter_exercise::MyCounter);
//! ```

// `unsafe` only in `alloc`, for the `GlobalAlloc` impl (an unsafe trait); the workspace
// denies it everywhere else.

pub mod alloc;
pub mod counted;
pub mod property;
pub mod watchdog;

/// Defines a contract's `conformance_tests!` macro from its case list.
///
/// The input has two parts, and an optional third:
///
/// 1. `macro conformance_tests(<pattern>) { <setup> }`: the pattern the generated macro
///    takes (the types or functions under test) and the items it expands to before the
///    tests (type aliases, constants), written as in any `macro_rules!`;
/// 2. `cases [$crate::path] { case::<Types>(args), ... }`: where the case functions
///    live, then one call per case. Each becomes `#[test] fn case() { path::case::<Types>(args); }`,
///    so the test is named after its case;
/// 3. optionally `macro correctness_tests; costs { case::<Types>(args), ... }`: cases
///    about cost (work or memory growing with the input), which `conformance_tests!`
///    runs after the others and a second macro, named here, leaves out: a naive oracle
///    is correct but slow, and is checked with that one.
///
/// Doc comments and attributes before each `macro` go on the generated macro. The
/// generated macros are exported from the contract crate; invoke one once per module.
///
/// The case calls are parsed here, where `$crate` means nothing yet: name the contract's
/// own types through aliases in the setup (`type DropCounter = $crate::cases::DropCounter;`),
/// whose tokens pass through untouched.
#[macro_export]
macro_rules! conformance {
    (
        $(#[$meta:meta])*
        macro $name:ident ( $($pattern:tt)* ) { $($setup:tt)* }
        $(#[$correct_meta:meta])*
        macro $correct:ident;
        cases [ $($path:tt)+ ] {
            $( $case:ident $( :: < $($ty:ty),+ $(,)? > )? ( $($arg:expr),* $(,)? ) ),+ $(,)?
        }
        costs {
            $( $cost:ident $( :: < $($cty:ty),+ $(,)? > )? ( $($carg:expr),* $(,)? ) ),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        #[macro_export]
        macro_rules! $name {
            ( $($pattern)* ) => {
                $($setup)*
                use $($path)+ as __conformance_cases;
                $(
                    #[test]
                    fn $case() {
                        __conformance_cases::$case $( ::< $($ty),+ > )? ( $($arg),* );
                    }
                )+
                $(
                    #[test]
                    fn $cost() {
                        __conformance_cases::$cost $( ::< $($cty),+ > )? ( $($carg),* );
                    }
                )+
            };
        }

        $(#[$correct_meta])*
        #[macro_export]
        macro_rules! $correct {
            ( $($pattern)* ) => {
                $($setup)*
                use $($path)+ as __conformance_cases;
                $(
                    #[test]
                    fn $case() {
                        __conformance_cases::$case $( ::< $($ty),+ > )? ( $($arg),* );
                    }
                )+
            };
        }
    };
    (
        $(#[$meta:meta])*
        macro $name:ident ( $($pattern:tt)* ) { $($setup:tt)* }
        cases [ $($path:tt)+ ] {
            $( $case:ident $( :: < $($ty:ty),+ $(,)? > )? ( $($arg:expr),* $(,)? ) ),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        #[macro_export]
        macro_rules! $name {
            ( $($pattern)* ) => {
                $($setup)*
                use $($path)+ as __conformance_cases;
                $(
                    #[test]
                    fn $case() {
                        __conformance_cases::$case $( ::< $($ty),+ > )? ( $($arg),* );
                    }
                )+
            };
        }
    };
}
