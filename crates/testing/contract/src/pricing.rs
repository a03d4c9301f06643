//! The function under test: an order's price with quantity discount tiers, rounding to
//! the minor unit (and to 5 rappen for Swiss cash), and a per-currency limit.

use std::fmt;

/// A currency the pricer accepts, with its limit and its rounding step.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Currency {
    /// Euro: cents, at most €1,000,000.00 per order.
    Eur,
    /// Japanese yen: no minor unit, at most ¥150,000,000 per order.
    Jpy,
    /// Swiss franc, paid in cash: rappen, rounded to the nearest 5 (the smallest coin),
    /// at most CHF 1,000,000.00 per order.
    Chf,
}

impl Currency {
    /// Every currency, for generators and tables.
    pub const ALL: [Currency; 3] = [Currency::Eur, Currency::Jpy, Currency::Chf];

    /// The largest total an order may have, in minor units.
    pub const fn limit(self) -> u64 {
        match self {
            Currency::Eur | Currency::Chf => 100_000_000,
            Currency::Jpy => 150_000_000,
        }
    }

    /// The step totals are rounded to, in minor units: 5 for Swiss cash, else 1.
    pub const fn step(self) -> u64 {
        match self {
            Currency::Chf => 5,
            Currency::Eur | Currency::Jpy => 1,
        }
    }
}

/// One order line: `quantity` units at `unit_price` minor units (cents, yen, rappen).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Order {
    /// The price of one unit, in minor units.
    pub unit_price: u64,
    /// How many units.
    pub quantity: u32,
    /// The currency of the price and the total.
    pub currency: Currency,
}

impl Order {
    /// An order of `quantity` units at `unit_price` minor units.
    pub const fn new(unit_price: u64, quantity: u32, currency: Currency) -> Self {
        Order {
            unit_price,
            quantity,
            currency,
        }
    }
}

/// Why an order has no price.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PriceError {
    /// Zero units: there is nothing to charge.
    EmptyOrder,
    /// `unit_price × quantity` does not fit in 64 bits.
    Overflow,
    /// The total is above the currency's limit.
    AboveLimit {
        /// The total the order would have.
        total: u64,
        /// The currency's limit.
        limit: u64,
    },
}

impl fmt::Display for PriceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PriceError::EmptyOrder => write!(f, "an order of zero units has no price"),
            PriceError::Overflow => write!(f, "unit price × quantity does not fit in 64 bits"),
            PriceError::AboveLimit { total, limit } => {
                write!(f, "the total {total} is above the currency's limit {limit}")
            }
        }
    }
}

impl std::error::Error for PriceError {}

/// A pricing function: the correct [`price`] or one of its mutants.
pub type PriceFn = fn(&Order) -> Result<u64, PriceError>;

/// The discount of the tier `quantity` falls in, in basis points: 10% from 100 units,
/// 5% from 10, none below.
pub const fn tier_bps(quantity: u32) -> u64 {
    if quantity >= 100 {
        1_000
    } else if quantity >= 10 {
        500
    } else {
        0
    }
}

/// The price of `order` in minor units: `unit_price × quantity`, less the tier's
/// discount rounded half up to the minor unit, rounded to the currency's step (nearest,
/// halves up), at most the currency's limit.
///
/// # Errors
///
/// [`PriceError::EmptyOrder`] for zero units, [`PriceError::Overflow`] when the
/// subtotal does not fit in 64 bits, [`PriceError::AboveLimit`] when the total is above
/// [`Currency::limit`].
///
/// ```
/// use testing_contract::{price, Currency, Order, PriceError};
///
/// assert_eq!(price(&Order::new(1_000, 9, Currency::Eur)), Ok(9_000));
/// assert_eq!(price(&Order::new(1_000, 10, Currency::Eur)), Ok(9_500)); // 5% off
/// assert_eq!(price(&Order::new(1_000, 100, Currency::Eur)), Ok(90_000)); // 10% off
/// assert_eq!(price(&Order::new(33, 1, Currency::Chf)), Ok(35)); // cash rounding
/// assert_eq!(price(&Order::new(1, 0, Currency::Eur)), Err(PriceError::EmptyOrder));
/// ```
pub fn price(order: &Order) -> Result<u64, PriceError> {
    if order.quantity == 0 {
        return Err(PriceError::EmptyOrder);
    }
    let subtotal = order
        .unit_price
        .checked_mul(u64::from(order.quantity))
        .ok_or(PriceError::Overflow)?;
    let bps = tier_bps(order.quantity);
    // Half up: add half the divisor before dividing. u128 because subtotal × bps can
    // exceed 64 bits.
    let discount = ((u128::from(subtotal) * u128::from(bps) + 5_000) / 10_000) as u64;
    let total = round_to_step(subtotal - discount, order.currency.step());
    let limit = order.currency.limit();
    if total > limit {
        return Err(PriceError::AboveLimit { total, limit });
    }
    Ok(total)
}

/// `amount` rounded to the nearest multiple of `step`, halves up (in u128, so a total
/// near `u64::MAX` cannot overflow; the result saturates).
pub(crate) fn round_to_step(amount: u64, step: u64) -> u64 {
    let rounded = (u128::from(amount) + u128::from(step / 2)) / u128::from(step) * u128::from(step);
    u64::try_from(rounded).unwrap_or(u64::MAX)
}
