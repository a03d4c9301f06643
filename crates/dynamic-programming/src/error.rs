//! The one error of the crate: a table that would be too large to allocate.

use std::fmt;

/// The most bytes one DP table may take: 1 GiB. A table is (states) × (bytes per state);
/// an input that needs more (a knapsack capacity of `u32::MAX` with items as heavy, a
/// coin amount of `u32::MAX`, two 20,000-char strings for [`edit_script`]) gets
/// [`Error::TableTooLarge`] from the `try_` functions, and a panic with the same message
/// from the others, before anything is allocated.
///
/// [`edit_script`]: crate::edit_script
pub const MAX_TABLE_BYTES: usize = 1 << 30;

/// What the `try_` functions refuse.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Error {
    /// The DP table for the input would take more than [`MAX_TABLE_BYTES`] (or more
    /// than `usize` can count).
    TableTooLarge {
        /// The function that refused: `"knapsack"`, `"coin_change"`, ...
        what: &'static str,
        /// The states the table would hold, `None` when their number overflows `usize`.
        cells: Option<usize>,
        /// The bytes they would take, `None` when that overflows `usize`.
        bytes: Option<usize>,
        /// What made the table large, for the message: "capacity 4294967295", ...
        because: String,
    },
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::TableTooLarge {
                what,
                cells,
                bytes,
                because,
            } => {
                let show = |n: &Option<usize>| {
                    n.map_or("more than usize::MAX".to_string(), |n| n.to_string())
                };
                write!(
                    f,
                    "{what}: {because} needs a table of {} cells, {} bytes, above the limit \
                     of {MAX_TABLE_BYTES} bytes; split the input or use an algorithm whose \
                     memory does not grow with it",
                    show(cells),
                    show(bytes)
                )
            }
        }
    }
}

impl std::error::Error for Error {}

/// Checks a table of `cells` states of `bytes_per_cell` bytes against
/// [`MAX_TABLE_BYTES`]; `cells` is `None` when counting them already overflowed.
pub(crate) fn check_table(
    what: &'static str,
    cells: Option<usize>,
    bytes_per_cell: usize,
    because: impl FnOnce() -> String,
) -> Result<usize, Error> {
    let bytes = cells.and_then(|c| c.checked_mul(bytes_per_cell));
    match (cells, bytes) {
        (Some(cells), Some(b)) if b <= MAX_TABLE_BYTES => Ok(cells),
        _ => Err(Error::TableTooLarge {
            what,
            cells,
            bytes,
            because: because(),
        }),
    }
}
