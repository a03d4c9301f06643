//! The longest common subsequence: the edit-distance table with only keeps and gaps.

use crate::error::{Error, check_table};

/// A longest common subsequence of `a` and `b`: the longest sequence whose elements
/// appear in both, in order but not necessarily side by side. Where several tie, the
/// walk back prefers dropping an element of `a`.
///
/// `len[i][j]`, the LCS length of the first `i` elements of `a` and the first `j` of
/// `b`, is `len[i−1][j−1] + 1` when `a[i−1] == b[j−1]`, else the larger of
/// `len[i−1][j]` and `len[i][j−1]`. O(nm) time and (n + 1)(m + 1) cells of 4 bytes,
/// then a walk back from the last cell.
///
/// # Panics
///
/// When the table would exceed [`MAX_TABLE_BYTES`](crate::MAX_TABLE_BYTES); [`try_lcs`]
/// returns the error instead.
///
/// ```
/// use dynamic_programming::lcs;
/// let a: Vec<char> = "ABCBDAB".chars().collect();
/// let b: Vec<char> = "BDCABA".chars().collect();
/// assert_eq!(lcs(&a, &b).len(), 4); // BCBA, BDAB and BCAB all have 4
/// assert_eq!(lcs(&[1, 2, 3], &[4, 5]), Vec::<i32>::new());
/// ```
pub fn lcs<T: Eq + Clone>(a: &[T], b: &[T]) -> Vec<T> {
    try_lcs(a, b).unwrap_or_else(|e| panic!("{e}"))
}

/// [`lcs`], with a table that would be too large returned as an error.
///
/// # Errors
///
/// [`Error::TableTooLarge`] when (n + 1) × (m + 1) cells of 4 bytes exceed
/// [`MAX_TABLE_BYTES`](crate::MAX_TABLE_BYTES).
///
/// ```
/// let a = vec![0u8; 100_000];
/// assert!(dynamic_programming::try_lcs(&a, &a).is_err());
/// ```
pub fn try_lcs<T: Eq + Clone>(a: &[T], b: &[T]) -> Result<Vec<T>, Error> {
    let width = b.len() + 1;
    let count = check_table(
        "lcs",
        (a.len() + 1).checked_mul(width),
        size_of::<u32>(),
        || format!("sequences of {} and {} elements", a.len(), b.len()),
    )?;
    let mut len = vec![0u32; count];
    for (i, x) in a.iter().enumerate() {
        for (j, y) in b.iter().enumerate() {
            len[(i + 1) * width + j + 1] = if x == y {
                len[i * width + j] + 1
            } else {
                len[i * width + j + 1].max(len[(i + 1) * width + j])
            };
        }
    }
    let mut out = Vec::with_capacity(len[count - 1] as usize);
    let (mut i, mut j) = (a.len(), b.len());
    while i > 0 && j > 0 {
        if a[i - 1] == b[j - 1] {
            out.push(a[i - 1].clone());
            (i, j) = (i - 1, j - 1);
        } else if len[(i - 1) * width + j] >= len[i * width + j - 1] {
            i -= 1;
        } else {
            j -= 1;
        }
    }
    out.reverse();
    Ok(out)
}
