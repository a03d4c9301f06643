//! Edit distance in O(⌈m/64⌉ · n) word operations: the bit-vector algorithm of Myers
//! (1999) as Hyyrö (2003) uses it for the Levenshtein distance of two whole strings.
//!
//! # The idea
//!
//! Fill the classic table one column per char of the text (the longer string, n chars),
//! with the pattern (the shorter, m chars) down the rows. Two neighbouring cells of the
//! table differ by −1, 0 or +1 (a unit-cost edit changes a distance by at most one), so
//! a column is known from its first cell and the m vertical differences between cells,
//! and those fit in two m-bit words: `vp` (bit i set: the difference into row i + 1 is
//! +1) and `vn` (it is −1). The first column is 0, 1, ..., m: `vp` all ones, `vn` zero.
//!
//! Moving to the next column, the recurrence `min(up + 1, left + 1, diagonal + cost)`
//! turns into a handful of AND, OR, XOR, shift and one addition over whole words,
//! with `eq`, the bits of the pattern's rows whose char equals the text's next char,
//! precomputed per char. The one hard part is a chain of matches down a column that a
//! single −1 can run along; the addition `(eq & vp) + vp` lets the carry run it,
//! 64 rows at a time. The steps per column, with `xv = eq | vn`:
//!
//! ```text
//! xh = (((eq & vp) + vp) ^ vp) | eq
//! hp = vn | !(xh | vp)          horizontal differences +1 ...
//! hn = vp & xh                  ... and −1, one per row
//! score += bit m−1 of hp − bit m−1 of hn      the bottom cell, D[m][j]
//! hp = hp << 1 | 1              row 0 grows by one per column: its difference is +1
//! hn = hn << 1
//! vp = hn | !(xv | hp)
//! vn = hp & xv
//! ```
//!
//! The bottom cell, which starts at m, moves by the horizontal difference of the last
//! row, so the distance is m plus their sum.
//!
//! # Blocks
//!
//! A pattern longer than 64 chars is split into ⌈m/64⌉ words, updated bottom word last
//! for each text char. What crosses from one word into the next is the horizontal
//! difference at the boundary row (−1, 0 or +1): it is shifted into the next word's
//! `hp` or `hn`, and when it is −1 it also stands in for the carry of the addition
//! (Myers' block algorithm sets bit 0 of that word's `eq`).

/// The Levenshtein distance of `a` and `b`, counted in `char`s. See the module docs.
///
/// ```
/// use dynamic_programming::bit_parallel::levenshtein;
/// assert_eq!(levenshtein("kitten", "sitting"), 3);
/// let (a, b) = ("ab".repeat(100), "ba".repeat(100));
/// assert_eq!(levenshtein(&a, &b), 2);
/// ```
pub fn levenshtein(a: &str, b: &str) -> usize {
    let (len_a, len_b) = if a.is_ascii() && b.is_ascii() {
        (a.len(), b.len())
    } else {
        (a.chars().count(), b.chars().count())
    };
    // The distance is symmetric: the shorter string is the pattern, in as few words as
    // possible.
    let (pattern, m, text) = if len_a <= len_b {
        (a, len_a, b)
    } else {
        (b, len_b, a)
    };
    match m {
        0 => len_a.max(len_b),
        1..=64 => one_word(pattern, m, text),
        _ => blocks(pattern, m, text),
    }
}

/// A pattern of 1 to 64 chars: one word, and the masks of ASCII chars on the stack, so
/// an ASCII pattern allocates nothing.
fn one_word(pattern: &str, m: usize, text: &str) -> usize {
    let mut ascii = [0u64; 128];
    // Other chars, sorted by char for binary search (a pattern has at most 64).
    let mut other: Vec<(char, u64)> = Vec::new();
    for (i, c) in pattern.chars().enumerate() {
        let bit = 1u64 << i;
        if c.is_ascii() {
            ascii[c as usize] |= bit;
        } else {
            match other.binary_search_by_key(&c, |&(k, _)| k) {
                Ok(at) => other[at].1 |= bit,
                Err(at) => other.insert(at, (c, bit)),
            }
        }
    }
    let eq_of = |c: char| {
        if c.is_ascii() {
            ascii[c as usize]
        } else {
            other
                .binary_search_by_key(&c, |&(k, _)| k)
                .map_or(0, |at| other[at].1)
        }
    };
    let last = 1u64 << (m - 1);
    // Bits above m − 1 hold garbage that only ever moves upwards (carries, left
    // shifts), so they never reach the rows that count.
    let (mut vp, mut vn) = (!0u64, 0u64);
    let mut score = m;
    for c in text.chars() {
        let eq = eq_of(c);
        let xv = eq | vn;
        let xh = ((eq & vp).wrapping_add(vp) ^ vp) | eq;
        let hp = vn | !(xh | vp);
        let hn = vp & xh;
        if hp & last != 0 {
            score += 1;
        } else if hn & last != 0 {
            score -= 1;
        }
        let hp = (hp << 1) | 1;
        let hn = hn << 1;
        vp = hn | !(xv | hp);
        vn = hp & xv;
    }
    score
}

/// The masks of a pattern longer than 64 chars: `words` words per char, ASCII chars in
/// a flat array, others in a sorted list.
struct Masks {
    words: usize,
    ascii: Vec<u64>,
    other_chars: Vec<char>,
    other: Vec<u64>,
    zero: Vec<u64>,
}

impl Masks {
    fn new(pattern: &str, words: usize) -> Masks {
        let mut other_chars: Vec<char> = pattern.chars().filter(|c| !c.is_ascii()).collect();
        other_chars.sort_unstable();
        other_chars.dedup();
        let mut masks = Masks {
            words,
            ascii: vec![0; 128 * words],
            other: vec![0; other_chars.len() * words],
            other_chars,
            zero: vec![0; words],
        };
        for (i, c) in pattern.chars().enumerate() {
            let (word, bit) = (i / 64, 1u64 << (i % 64));
            let row = if c.is_ascii() {
                c as usize
            } else {
                masks
                    .other_chars
                    .binary_search(&c)
                    .expect("every char of the pattern was listed")
            };
            if c.is_ascii() {
                masks.ascii[row * words + word] |= bit;
            } else {
                masks.other[row * words + word] |= bit;
            }
        }
        masks
    }

    fn of(&self, c: char) -> &[u64] {
        let w = self.words;
        if c.is_ascii() {
            let at = c as usize * w;
            &self.ascii[at..at + w]
        } else {
            match self.other_chars.binary_search(&c) {
                Ok(row) => &self.other[row * w..(row + 1) * w],
                Err(_) => &self.zero,
            }
        }
    }
}

/// A pattern of more than 64 chars, in ⌈m/64⌉ words (Myers' block algorithm, with
/// every block computed: the whole column is needed for the distance).
fn blocks(pattern: &str, m: usize, text: &str) -> usize {
    let words = m.div_ceil(64);
    let masks = Masks::new(pattern, words);
    let mut vp = vec![!0u64; words];
    let mut vn = vec![0u64; words];
    let last_bit = 1u64 << ((m - 1) % 64);
    let mut score = m;
    for c in text.chars() {
        let eqs = masks.of(c);
        // The horizontal difference entering the top word: row 0 grows by one per column.
        let mut carry_in = 1i32;
        for (w, (&eq, (pv, nv))) in eqs.iter().zip(vp.iter_mut().zip(vn.iter_mut())).enumerate() {
            let high = if w + 1 == words { last_bit } else { 1 << 63 };
            carry_in = advance(eq, pv, nv, carry_in, high);
        }
        score = score.wrapping_add_signed(carry_in as isize);
    }
    score
}

/// One word of one column: updates `vp` and `vn` in place, given the horizontal
/// difference `h_in` at the row above the word, and returns the one at the word's row
/// `high` (its last row).
#[inline(always)]
fn advance(mut eq: u64, vp: &mut u64, vn: &mut u64, h_in: i32, high: u64) -> i32 {
    let (pv, mv) = (*vp, *vn);
    let xv = eq | mv;
    // A −1 coming in is the carry the addition would have received from the word below.
    if h_in < 0 {
        eq |= 1;
    }
    let xh = ((eq & pv).wrapping_add(pv) ^ pv) | eq;
    let mut hp = mv | !(xh | pv);
    let mut hn = pv & xh;
    let h_out = if hp & high != 0 {
        1
    } else if hn & high != 0 {
        -1
    } else {
        0
    };
    hp <<= 1;
    hn <<= 1;
    if h_in < 0 {
        hn |= 1;
    } else if h_in > 0 {
        hp |= 1;
    }
    *vp = hn | !(xv | hp);
    *vn = hp & xv;
    h_out
}
