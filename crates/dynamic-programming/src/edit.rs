//! Edit distance (Levenshtein, unit costs, over `char`s): the distance, the classic
//! table it comes from, and the script of edits read back from that table.

use crate::bit_parallel;
use crate::error::{Error, check_table};

/// One step of an edit script turning `a` into `b`, read left to right.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Edit {
    /// The char is in both strings here: it costs nothing.
    Keep(char),
    /// The char is added (it is in `b`, not `a`).
    Insert(char),
    /// The char is removed (it is in `a`, not `b`).
    Delete(char),
    /// The first char of `a` becomes the second, of `b`.
    Substitute(char, char),
}

impl Edit {
    /// What the edit costs: 0 for a keep, 1 for the rest.
    ///
    /// ```
    /// use dynamic_programming::{Edit, edit_distance, edit_script};
    /// assert_eq!(Edit::Keep('a').cost() + Edit::Substitute('a', 'b').cost(), 1);
    /// let cost: usize = edit_script("flaw", "lawn").iter().map(|e| e.cost()).sum();
    /// assert_eq!(cost, edit_distance("flaw", "lawn"));
    /// ```
    pub fn cost(self) -> usize {
        usize::from(!matches!(self, Edit::Keep(_)))
    }
}

/// The Levenshtein distance between `a` and `b`: the fewest single-`char` inserts,
/// deletes and substitutions that turn `a` into `b`. Symmetric; counted in `char`s
/// (Unicode scalar values), so `"café"` to `"cafe"` is 1, not the 2 that bytes would
/// give.
///
/// It runs the bit-parallel algorithm of Myers (1999) as Hyyrö (2003) applies it to
/// Levenshtein distance ([`bit_parallel`]): O(⌈m/64⌉ · n) word operations for
/// the shorter string's m chars and the longer one's n, O(⌈m/64⌉) extra memory. The
/// classic table it equals is [`edit_distance_table`] (O(nm) time and memory) and
/// [`edit_distance_two_rows`] (O(nm) time, O(min(n, m)) memory).
///
/// ```
/// use dynamic_programming::edit_distance;
/// assert_eq!(edit_distance("kitten", "sitting"), 3);
/// assert_eq!(edit_distance("", "abc"), 3);
/// assert_eq!(edit_distance("café", "cafe"), 1);
/// ```
pub fn edit_distance(a: &str, b: &str) -> usize {
    bit_parallel::levenshtein(a, b)
}

/// The edits that turn `a` into `b` at the least cost: applying them to `a`
/// ([`apply_script`]) gives `b`, and the edits other than [`Edit::Keep`] number
/// [`edit_distance(a, b)`](edit_distance). Where several scripts are cheapest it prefers,
/// walking back from the end, a keep, then a substitution, then a delete, then an insert.
///
/// It fills the full (n + 1) × (m + 1) table of [`edit_distance_table`] (4 bytes a
/// cell) and walks back from the last cell, one edit per step.
///
/// # Panics
///
/// When the table would exceed [`MAX_TABLE_BYTES`](crate::MAX_TABLE_BYTES) (two strings
/// of about 16,000 chars each); [`try_edit_script`] returns the error instead.
///
/// ```
/// use dynamic_programming::{Edit, edit_script};
/// assert_eq!(
///     edit_script("cat", "cut"),
///     [Edit::Keep('c'), Edit::Substitute('a', 'u'), Edit::Keep('t')]
/// );
/// ```
pub fn edit_script(a: &str, b: &str) -> Vec<Edit> {
    try_edit_script(a, b).unwrap_or_else(|e| panic!("{e}"))
}

/// [`edit_script`], with a table that would be too large returned as an error.
///
/// # Errors
///
/// [`Error::TableTooLarge`] when (n + 1) × (m + 1) cells of 4 bytes exceed
/// [`MAX_TABLE_BYTES`](crate::MAX_TABLE_BYTES).
///
/// ```
/// let long = "x".repeat(40_000);
/// assert!(dynamic_programming::try_edit_script(&long, &long).is_err());
/// ```
pub fn try_edit_script(a: &str, b: &str) -> Result<Vec<Edit>, Error> {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let table = Table::fill(&a, &b, "edit_script")?;
    let mut script = Vec::with_capacity(a.len().max(b.len()));
    let (mut i, mut j) = (a.len(), b.len());
    while i > 0 || j > 0 {
        let here = table.get(i, j);
        if i > 0 && j > 0 && a[i - 1] == b[j - 1] && here == table.get(i - 1, j - 1) {
            script.push(Edit::Keep(a[i - 1]));
            (i, j) = (i - 1, j - 1);
        } else if i > 0 && j > 0 && here == table.get(i - 1, j - 1) + 1 {
            script.push(Edit::Substitute(a[i - 1], b[j - 1]));
            (i, j) = (i - 1, j - 1);
        } else if i > 0 && here == table.get(i - 1, j) + 1 {
            script.push(Edit::Delete(a[i - 1]));
            i -= 1;
        } else {
            script.push(Edit::Insert(b[j - 1]));
            j -= 1;
        }
    }
    script.reverse();
    Ok(script)
}

/// Applies `script` to `a`: the string it produces, or `None` when the script does not
/// fit `a` (a keep, delete or substitution names a char `a` does not have there, or the
/// script ends before `a` does).
///
/// ```
/// use dynamic_programming::{apply_script, edit_script};
/// let script = edit_script("kitten", "sitting");
/// assert_eq!(apply_script("kitten", &script).as_deref(), Some("sitting"));
/// assert_eq!(apply_script("mitten", &script), None);
/// ```
pub fn apply_script(a: &str, script: &[Edit]) -> Option<String> {
    let mut source = a.chars();
    let mut out = String::with_capacity(a.len());
    for &edit in script {
        match edit {
            Edit::Keep(c) => {
                (source.next()? == c).then_some(())?;
                out.push(c);
            }
            Edit::Insert(c) => out.push(c),
            Edit::Delete(c) => (source.next()? == c).then_some(())?,
            Edit::Substitute(from, to) => {
                (source.next()? == from).then_some(())?;
                out.push(to);
            }
        }
    }
    source.next().is_none().then_some(out)
}

/// The edit distance by the classic full table (Wagner and Fischer, 1974): cell (i, j)
/// holds the distance between the first i chars of `a` and the first j of `b`, filled
/// row by row. O(nm) time and (n + 1)(m + 1) cells of 4 bytes: the demo counts those
/// bytes against [`edit_distance_two_rows`].
///
/// # Panics
///
/// When the table would exceed [`MAX_TABLE_BYTES`](crate::MAX_TABLE_BYTES).
///
/// ```
/// let (a, b): (Vec<char>, Vec<char>) = ("flaw".chars().collect(), "lawn".chars().collect());
/// assert_eq!(dynamic_programming::edit_distance_table(&a, &b), 2);
/// ```
pub fn edit_distance_table(a: &[char], b: &[char]) -> usize {
    let table = Table::fill(a, b, "edit_distance_table").unwrap_or_else(|e| panic!("{e}"));
    table.get(a.len(), b.len()) as usize
}

/// The edit distance keeping two rows of the table: each row reads only the one above,
/// so the shorter string is the row and memory is 2 × (min(n, m) + 1) cells, O(nm)
/// time. The path is lost; [`edit_script`] needs the full table.
///
/// ```
/// let (a, b): (Vec<char>, Vec<char>) = ("saturday".chars().collect(), "sunday".chars().collect());
/// assert_eq!(dynamic_programming::edit_distance_two_rows(&a, &b), 3);
/// ```
pub fn edit_distance_two_rows(a: &[char], b: &[char]) -> usize {
    let (long, short) = if a.len() >= b.len() { (a, b) } else { (b, a) };
    // Row 0: turning "" into the first j chars of `short` takes j inserts.
    let mut prev: Vec<usize> = (0..=short.len()).collect();
    let mut cur = vec![0; short.len() + 1];
    for (i, x) in long.iter().enumerate() {
        cur[0] = i + 1;
        for (j, y) in short.iter().enumerate() {
            let diagonal = prev[j] + usize::from(x != y);
            cur[j + 1] = diagonal.min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[short.len()]
}

/// The full edit-distance table, row-major, (n + 1) × (m + 1) cells of `u32` (a table
/// under [`MAX_TABLE_BYTES`](crate::MAX_TABLE_BYTES) has fewer than 2^28 cells, so no
/// distance overflows).
struct Table {
    cells: Vec<u32>,
    width: usize,
}

impl Table {
    fn fill(a: &[char], b: &[char], what: &'static str) -> Result<Table, Error> {
        let width = b.len() + 1;
        let cells = (a.len() + 1).checked_mul(width);
        let count = check_table(what, cells, size_of::<u32>(), || {
            format!("strings of {} and {} chars", a.len(), b.len())
        })?;
        let mut cells = vec![0u32; count];
        for (j, cell) in cells[..width].iter_mut().enumerate() {
            *cell = j as u32;
        }
        for (i, x) in a.iter().enumerate() {
            let (above, rest) = cells.split_at_mut((i + 1) * width);
            let above = &above[i * width..];
            let row = &mut rest[..width];
            row[0] = i as u32 + 1;
            for (j, y) in b.iter().enumerate() {
                let diagonal = above[j] + u32::from(x != y);
                row[j + 1] = diagonal.min(above[j + 1] + 1).min(row[j] + 1);
            }
        }
        Ok(Table { cells, width })
    }

    fn get(&self, i: usize, j: usize) -> u32 {
        self.cells[i * self.width + j]
    }
}
