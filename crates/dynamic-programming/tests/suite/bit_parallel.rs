//! The bit-parallel edit distance equals the classic table: on random strings of every
//! length up to 200 chars (one word, two, three, four), at the word boundaries 63, 64,
//! 65, 128 and 129 exactly, with ASCII and non-ASCII chars on either side, and on a few
//! cases worked out by hand.

use proptest::prelude::*;
use testkit::property::{check, same};

use dynamic_programming::bit_parallel::levenshtein;
use dynamic_programming::{edit_distance, edit_distance_table, edit_distance_two_rows};

fn chars(s: &str) -> Vec<char> {
    s.chars().collect()
}

/// Compares the bit-parallel distance (both ways round) with the full table and the
/// two rows.
fn agrees(a: &str, b: &str) -> Result<(), TestCaseError> {
    let expected = edit_distance_table(&chars(a), &chars(b));
    same(
        edit_distance_two_rows(&chars(a), &chars(b)),
        expected,
        || format!("two rows against the table on {a:?}, {b:?}"),
    )?;
    same(levenshtein(a, b), expected, || {
        format!(
            "bit-parallel against the table on {} and {} chars: {a:?}, {b:?}",
            a.chars().count(),
            b.chars().count()
        )
    })?;
    same(levenshtein(b, a), expected, || {
        format!("bit-parallel, the other way round, on {b:?}, {a:?}")
    })
}

/// A string of exactly `len` chars from `alphabet`, picked by `picks`.
fn exact(len: usize, alphabet: &'static str) -> impl Strategy<Value = String> {
    let letters: Vec<char> = alphabet.chars().collect();
    prop::collection::vec(0..letters.len(), len)
        .prop_map(move |picks| picks.into_iter().map(|i| letters[i]).collect())
}

#[test]
fn equals_the_table_on_random_lengths_up_to_four_words() {
    check(&("[ab]{0,200}", "[abc]{0,200}"), |(a, b)| agrees(&a, &b));
}

#[test]
fn equals_the_table_on_random_unicode() {
    check(&("[aé🦀日]{0,150}", "[aé🦀x]{0,150}"), |(a, b)| {
        agrees(&a, &b)
    });
}

#[test]
fn equals_the_table_at_word_boundaries() {
    for len in [1, 63, 64, 65, 127, 128, 129, 192] {
        check(
            &(exact(len, "ab"), 0..=len + 70, prop::bool::ANY),
            |(pattern, text_len, unicode)| {
                // The text: the pattern with its chars mixed up, cut or padded to text_len.
                let mut text: String = pattern.chars().rev().collect();
                while text.chars().count() < text_len {
                    text.push(if unicode { 'é' } else { 'a' });
                }
                let text: String = text.chars().take(text_len).collect();
                let pattern = if unicode {
                    pattern.replace('b', "🦀")
                } else {
                    pattern
                };
                agrees(&pattern, &text)
            },
        );
    }
}

#[test]
fn equals_the_table_on_long_equal_length_strings() {
    check(&(exact(129, "abé"), exact(129, "abé")), |(a, b)| {
        agrees(&a, &b)
    });
    check(&(exact(64, "ab🦀"), exact(64, "ab🦀")), |(a, b)| {
        agrees(&a, &b)
    });
}

#[test]
fn worked_examples_across_word_sizes() {
    for (a, b, d) in [
        ("", "", 0),
        ("a", "", 1),
        ("kitten", "sitting", 3),
        ("café", "cafe", 1),
    ] {
        assert_eq!(edit_distance(a, b), d, "edit_distance({a:?}, {b:?})");
    }
    for len in [63, 64, 65, 128, 129, 1_000] {
        let a = "x".repeat(len);
        assert_eq!(edit_distance(&a, &a), 0, "two equal strings of {len} chars");
        assert_eq!(edit_distance(&a, ""), len, "{len} chars against none");
        let b = "y".repeat(len);
        assert_eq!(edit_distance(&a, &b), len, "{len} substitutions");
        let shifted = format!("{}z", &a[1..]);
        assert_eq!(
            edit_distance(&a, &shifted),
            1,
            "{len} chars with the last substituted"
        );
        let c = "é".repeat(len);
        let d = "é".repeat(len + 1);
        assert_eq!(
            edit_distance(&c, &d),
            1,
            "{len} and {} two-byte chars",
            len + 1
        );
    }
}
