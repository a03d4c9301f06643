//! Mutants of [`price`](crate::price): each one small change a mutation tool would plant
//! (an operator swapped, a bound moved by one, a branch dropped), compiled in beside the
//! correct function, so a suite can be run against every one and its kills counted.

use crate::pricing::{Order, PriceError, PriceFn, round_to_step};

/// What kind of change a mutant makes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// An operator replaced (`-` by `+`, `>` by `>=`, a rounding constant).
    OperatorSwap,
    /// A bound moved by one.
    OffByOne,
    /// A branch or a check removed.
    DroppedBranch,
}

impl Kind {
    /// The kind in a few words.
    pub const fn label(self) -> &'static str {
        match self {
            Kind::OperatorSwap => "operator swap",
            Kind::OffByOne => "off by one",
            Kind::DroppedBranch => "dropped branch",
        }
    }
}

/// One planted bug.
#[derive(Debug, Clone, Copy)]
pub struct Mutant {
    /// A short name, as a mutation report would print it.
    pub name: &'static str,
    /// What kind of change it is.
    pub kind: Kind,
    /// Whether no order can tell it from the correct function (an equivalent mutant,
    /// which no test can kill).
    pub equivalent: bool,
    /// The orders that tell it apart, or why none can.
    pub note: &'static str,
    /// The mutated function.
    pub price: PriceFn,
}

/// The mutated pricing function: [`price`](crate::price) with change `m` applied.
fn mutated(order: &Order, m: u8) -> Result<u64, PriceError> {
    let q = order.quantity;
    if m == 1 {
        // zero-quantity check dropped
    } else if m == 21 {
        if q < 1 {
            return Err(PriceError::EmptyOrder);
        }
    } else if q == 0 {
        return Err(PriceError::EmptyOrder);
    }
    let subtotal = if m == 2 {
        order.unit_price.wrapping_mul(u64::from(q))
    } else {
        order
            .unit_price
            .checked_mul(u64::from(q))
            .ok_or(PriceError::Overflow)?
    };
    let bps: u64 = match m {
        3 => tiers(q, 101, 10, 1_000, 500),
        4 => tiers(q, 99, 10, 1_000, 500),
        5 => tiers(q, 100, 11, 1_000, 500),
        6 => tiers(q, 100, 9, 1_000, 500),
        7 => tiers(q, u32::MAX, 10, 0, 500),
        8 => tiers(q, 100, u32::MAX, 1_000, 0),
        9 => tiers(q, 100, 10, 500, 1_000),
        22 => {
            // the middle tier tested first, with its upper bound spelled out
            if (10..100).contains(&q) {
                500
            } else if q >= 100 {
                1_000
            } else {
                0
            }
        }
        _ => tiers(q, 100, 10, 1_000, 500),
    };
    let (half, divisor) = match m {
        11 => (0, 10_000),
        12 => (9_999, 10_000),
        13 => (4_999, 10_000),
        14 => (500, 1_000),
        _ => (5_000, 10_000),
    };
    let discount = ((u128::from(subtotal) * u128::from(bps) + half) / divisor) as u64;
    let step = order.currency.step();
    let before = match m {
        10 => subtotal.saturating_add(discount),
        20 => round_to_step(subtotal, step).saturating_sub(discount),
        _ => subtotal.saturating_sub(discount),
    };
    let total = match m {
        18 => before,
        19 => before / step * step,
        20 => before,
        _ => round_to_step(before, step),
    };
    let limit = match m {
        23 => 100_000_000,
        _ => order.currency.limit(),
    };
    let over = match m {
        15 => total >= limit,
        16 => false,
        17 => subtotal > limit,
        _ => total > limit,
    };
    if over {
        return Err(PriceError::AboveLimit { total, limit });
    }
    Ok(total)
}

fn tiers(q: u32, top: u32, middle: u32, top_bps: u64, middle_bps: u64) -> u64 {
    if q >= top {
        top_bps
    } else if q >= middle {
        middle_bps
    } else {
        0
    }
}

macro_rules! mutants {
    ($( $n:literal $f:ident $name:literal $kind:ident $eq:literal $note:literal; )+) => {
        $(
            fn $f(order: &Order) -> Result<u64, PriceError> {
                mutated(order, $n)
            }
        )+
        /// Every mutant, in the order the demo's table lists them.
        pub const MUTANTS: &[Mutant] = &[
            $( Mutant { name: $name, kind: Kind::$kind, equivalent: $eq, note: $note, price: $f }, )+
        ];
    };
}

mutants! {
    1 m01 "zero-quantity check dropped" DroppedBranch false
        "an order of 0 units prices at 0 instead of EmptyOrder";
    2 m02 "overflow check dropped (wrapping multiply)" DroppedBranch false
        "a subtotal above u64::MAX wraps to a small number instead of Overflow";
    3 m03 "tier boundary 100 -> 101" OffByOne false
        "exactly 100 units get 5% instead of 10%";
    4 m04 "tier boundary 100 -> 99" OffByOne false
        "99 units get 10% instead of 5%";
    5 m05 "tier boundary 10 -> 11" OffByOne false
        "exactly 10 units pay full price instead of 5% off";
    6 m06 "tier boundary 10 -> 9" OffByOne false
        "9 units get 5% off";
    7 m07 "10% tier dropped" DroppedBranch false
        "100 units or more get 5% instead of 10%";
    8 m08 "5% tier dropped" DroppedBranch false
        "10 to 99 units pay full price";
    9 m09 "tier rates swapped" OperatorSwap false
        "10 to 99 units get 10%, 100 or more 5%";
    10 m10 "discount added, not subtracted" OperatorSwap false
        "any discounted order costs more than its subtotal";
    11 m11 "discount truncated, not rounded" OperatorSwap false
        "a discount whose exact value has a fraction of .5 or more loses a minor unit";
    12 m12 "discount rounded up" OperatorSwap false
        "a discount whose exact value has a fraction between 0 and .5 gains a minor unit";
    13 m13 "discount rounded half down" OffByOne false
        "only a discount of exactly half a minor unit differs (21 units at 10 cents: 5% of 210 is 10.5, rounded to 10 instead of 11), one discounted order in twenty";
    14 m14 "discount in per mille, not basis points" OperatorSwap false
        "the discount is ten times too big: 50% and 100% off";
    15 m15 "limit test >= instead of >" OperatorSwap false
        "a total of exactly the limit is refused";
    16 m16 "limit check dropped" DroppedBranch false
        "a total above the limit is charged";
    17 m17 "limit checked on the subtotal" OperatorSwap false
        "an order whose subtotal is above the limit but whose discounted total is not is refused";
    18 m18 "cash rounding dropped" DroppedBranch false
        "a CHF total not a multiple of 5 rappen is charged as is";
    19 m19 "cash rounding down, not to nearest" OperatorSwap false
        "a CHF total ending in 3 or 4 (8 or 9) rounds down instead of up";
    20 m20 "cash rounding before the discount" OperatorSwap false
        "a discounted CHF order whose subtotal is not a multiple of 5 can land on the other side of a rounding half";
    21 m21 "zero check written as quantity < 1" OperatorSwap true
        "for an unsigned quantity, < 1 and == 0 are the same test";
    22 m22 "middle tier tested first with its upper bound" OperatorSwap true
        "10..100 then >= 100 assigns every quantity the same tier";
    23 m23 "EUR limit used for every currency" DroppedBranch false
        "a JPY total between ¥100,000,000 and ¥150,000,000 is refused";
}
