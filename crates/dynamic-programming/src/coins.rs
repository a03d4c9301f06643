//! Coin change: the fewest coins, and the greedy rule that only some coin systems obey.

use crate::error::{Error, check_table};

/// The fewest coins from `coins` (each usable any number of times) that sum to
/// `amount`, or `None` when no combination does. Coins of value 0 are ignored; an
/// amount of 0 takes `Some(0)` coins.
///
/// `best[x] = 1 + min(best[x − c])` over the coins `c ≤ x`, with `best[0] = 0`, filled
/// for x = 1, 2, ..., amount: O(c · amount) time, amount + 1 cells of 4 bytes.
///
/// # Panics
///
/// When the table would exceed [`MAX_TABLE_BYTES`](crate::MAX_TABLE_BYTES): an amount
/// above about 268 million; [`try_coin_change`] returns the error instead.
///
/// ```
/// use dynamic_programming::coin_change;
/// assert_eq!(coin_change(&[1, 3, 4], 6), Some(2)); // 3 + 3; greedy pays 4 + 1 + 1
/// assert_eq!(coin_change(&[2], 3), None);
/// assert_eq!(coin_change(&[], 0), Some(0));
/// ```
pub fn coin_change(coins: &[u32], amount: u32) -> Option<u32> {
    try_coin_change(coins, amount).unwrap_or_else(|e| panic!("{e}"))
}

/// [`coin_change`], with a table that would be too large returned as an error.
///
/// # Errors
///
/// [`Error::TableTooLarge`] when amount + 1 cells of 4 bytes exceed
/// [`MAX_TABLE_BYTES`](crate::MAX_TABLE_BYTES).
///
/// ```
/// use dynamic_programming::try_coin_change;
/// assert!(try_coin_change(&[1, 2], u32::MAX).is_err());
/// assert_eq!(try_coin_change(&[u32::MAX], u32::MAX), Ok(Some(1)));
/// ```
pub fn try_coin_change(coins: &[u32], amount: u32) -> Result<Option<u32>, Error> {
    if amount == 0 {
        return Ok(Some(0));
    }
    let mut coins: Vec<u32> = coins
        .iter()
        .copied()
        .filter(|&c| c > 0 && c <= amount)
        .collect();
    coins.sort_unstable();
    coins.dedup();
    if coins.is_empty() {
        return Ok(None);
    }
    if coins.len() == 1 {
        // One coin: no table needed, whatever the amount.
        let c = coins[0];
        return Ok(amount.is_multiple_of(c).then(|| amount / c));
    }
    let cells = check_table(
        "coin_change",
        (amount as usize).checked_add(1),
        size_of::<u32>(),
        || format!("amount {amount}"),
    )?;
    // u32::MAX stands for "cannot be made"; a real count is at most the amount.
    const IMPOSSIBLE: u32 = u32::MAX;
    let mut best = vec![IMPOSSIBLE; cells];
    best[0] = 0;
    for x in 1..cells {
        let mut fewest = IMPOSSIBLE;
        for &c in coins.iter().take_while(|&&c| c as usize <= x) {
            let before = best[x - c as usize];
            if before != IMPOSSIBLE {
                fewest = fewest.min(before + 1);
            }
        }
        best[x] = fewest;
    }
    Ok(Some(best[amount as usize]).filter(|&n| n != IMPOSSIBLE))
}

/// The greedy rule: take the largest coin that fits, again and again. Optimal for
/// "canonical" systems such as 1, 5, 10, 25, wrong for others (1, 3, 4 pays 6 as
/// 4 + 1 + 1), and it can miss an amount that can be made (coins 3 and 5 for 9: 5, then
/// stuck at 4). The demo compares it with [`coin_change`].
///
/// ```
/// use dynamic_programming::greedy_coin_change;
/// assert_eq!(greedy_coin_change(&[1, 3, 4], 6), Some(3));
/// assert_eq!(greedy_coin_change(&[3, 5], 9), None);
/// ```
pub fn greedy_coin_change(coins: &[u32], amount: u32) -> Option<u32> {
    let mut coins: Vec<u32> = coins.iter().copied().filter(|&c| c > 0).collect();
    coins.sort_unstable_by(|a, b| b.cmp(a));
    let mut rest = amount;
    let mut used = 0u32;
    for c in coins {
        used += rest / c;
        rest %= c;
    }
    (rest == 0).then_some(used)
}
