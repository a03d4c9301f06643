//! Exercise: write the tests. `tests_for` receives a pricing function, either the
//! correct `price` or a mutant with one planted bug, and must panic (with `assert!` or
//! `assert_eq!`) when the function is wrong and return quietly when it is right.
//!
//! The rules of `price`, which your tests check:
//!
//! - 0 units is `Err(PriceError::EmptyOrder)`;
//! - the subtotal is `unit_price × quantity` in minor units (cents, yen, rappen); past
//!   `u64::MAX` it is `Err(PriceError::Overflow)`;
//! - 10 to 99 units get 5% off, 100 or more 10% off; the discount is rounded half up
//!   to the minor unit;
//! - a CHF total is rounded to the nearest 5 rappen (halves up);
//! - a total above `Currency::limit()` is `Err(PriceError::AboveLimit { total, limit })`;
//!   exactly the limit is allowed.
//!
//! Run `cargo lab check testing`: each case runs your suite against the correct
//! function (it must pass) and one mutant (it must fail).

#![forbid(unsafe_code)]

pub use testing_contract::{Currency, Order, PriceError, PriceFn};

/// Your test suite for a pricing function.
///
/// # Panics
///
/// When `price` breaks one of the rules above.
pub fn tests_for(price: PriceFn) {
    // TODO: call `price` on orders chosen to expose each rule, and assert the exact
    // answer, for example:
    // assert_eq!(price(&Order::new(1_000, 1, Currency::Eur)), Ok(1_000), "one unit");
    // Think about both sides of every boundary.
    let _ = price;
    todo!("write the tests: assert what price() must return for well-chosen orders")
}
