//! The longest strictly increasing subsequence, in O(n log n) and in the O(n²) DP it
//! improves on.

/// A longest strictly increasing subsequence of `xs`, in O(n log n) time and O(n)
/// memory. See [`longest_increasing_subsequence_by_ord`] for the method; this is it
/// for `i64`.
///
/// ```
/// use dynamic_programming::longest_increasing_subsequence;
/// assert_eq!(longest_increasing_subsequence(&[10, 9, 2, 5, 3, 7, 101, 18]), [2, 3, 7, 18]);
/// assert_eq!(longest_increasing_subsequence(&[7, 7, 7]), [7]);
/// assert!(longest_increasing_subsequence(&[]).is_empty());
/// ```
pub fn longest_increasing_subsequence(xs: &[i64]) -> Vec<i64> {
    longest_increasing_subsequence_by_ord(xs)
}

/// A longest strictly increasing subsequence of `xs` for any ordered `T`: O(n log n)
/// comparisons, O(n) memory. Of the subsequences of greatest length, it returns the one
/// whose elements are smallest from the end (the last element as small as possible,
/// then the one before it, ...).
///
/// `tails[k]` holds the index of the smallest element that ends an increasing
/// subsequence of length k + 1 so far; those elements increase with k, so each new
/// element finds its place by binary search: the first tail not smaller than it is
/// replaced (equal elements replace, so the subsequence stays strict), or the element
/// extends the longest. `prev[i]` remembers the tail before element i, to walk back.
/// (Patience sorting: the tails are the tops of the piles.)
///
/// ```
/// use dynamic_programming::longest_increasing_subsequence_by_ord;
/// let words = ["pear", "apple", "fig", "kiwi", "banana", "plum"];
/// assert_eq!(longest_increasing_subsequence_by_ord(&words), ["apple", "fig", "kiwi", "plum"]);
/// ```
pub fn longest_increasing_subsequence_by_ord<T: Ord + Clone>(xs: &[T]) -> Vec<T> {
    let mut tails: Vec<usize> = Vec::new();
    let mut prev: Vec<Option<usize>> = Vec::with_capacity(xs.len());
    for (i, x) in xs.iter().enumerate() {
        let place = tails.partition_point(|&t| xs[t] < *x);
        prev.push(place.checked_sub(1).map(|p| tails[p]));
        if place == tails.len() {
            tails.push(i);
        } else {
            tails[place] = i;
        }
    }
    walk_back(xs, tails.last().copied(), &prev)
}

/// The O(n²) DP the binary search improves on: `len[i]`, the longest increasing
/// subsequence ending at element i, is 1 + the largest `len[j]` over the earlier
/// `j` with `xs[j] < xs[i]`. Exactly n(n − 1)/2 comparisons; the demo counts them
/// against [`longest_increasing_subsequence_by_ord`].
///
/// ```
/// use dynamic_programming::longest_increasing_subsequence_quadratic;
/// assert_eq!(longest_increasing_subsequence_quadratic(&[3, 1, 2]), [1, 2]);
/// ```
pub fn longest_increasing_subsequence_quadratic<T: Ord + Clone>(xs: &[T]) -> Vec<T> {
    let mut len = vec![1usize; xs.len()];
    let mut prev: Vec<Option<usize>> = vec![None; xs.len()];
    let mut end: Option<usize> = None;
    for i in 0..xs.len() {
        for j in 0..i {
            if xs[j] < xs[i] && len[j] + 1 > len[i] {
                len[i] = len[j] + 1;
                prev[i] = Some(j);
            }
        }
        if end.is_none_or(|e| len[i] > len[e]) {
            end = Some(i);
        }
    }
    walk_back(xs, end, &prev)
}

/// The subsequence ending at `end`, following `prev` back to its start.
fn walk_back<T: Clone>(xs: &[T], end: Option<usize>, prev: &[Option<usize>]) -> Vec<T> {
    let mut out = Vec::new();
    let mut at = end;
    while let Some(i) = at {
        out.push(xs[i].clone());
        at = prev[i];
    }
    out.reverse();
    out
}
