//! The oracle passes the named cases it is compared against in the model test, so a
//! bug in the oracle cannot hide behind agreement.

use std::borrow::Borrow;
use std::hash::Hash;
use std::num::NonZeroUsize;

use lru_cache_contract::Cache;
use lru_cache_contract::naive::NaiveLru;

lru_cache_contract::correctness_tests!(lru_cache_contract::naive::NaiveLru);

/// The cost case can fail: the naive oracle scans its list, and the case says so with
/// the counts.
#[test]
#[should_panic(expected = "that grows like n, expected constant")]
fn the_naive_oracle_fails_the_cost_case() {
    lru_cache_contract::cases::work_per_operation_does_not_grow::<
        lru_cache_contract::naive::NaiveLru<lru_cache_contract::cases::CountedKey, u64>,
    >();
}

/// A cache whose `get` forgets to count as a use: the naive model with `get` answered
/// by `peek`. Everything but recency is right, so only the model-based case catches it.
struct GetIsPeek(NaiveLru<u32, u32>);

impl Cache<u32, u32> for GetIsPeek {
    fn with_capacity(capacity: NonZeroUsize) -> Self {
        GetIsPeek(NaiveLru::with_capacity(capacity))
    }
    fn get<Q>(&mut self, key: &Q) -> Option<&u32>
    where
        u32: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        self.0.peek(key)
    }
    fn get_mut<Q>(&mut self, key: &Q) -> Option<&mut u32>
    where
        u32: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        self.0.get_mut(key)
    }
    fn peek<Q>(&self, key: &Q) -> Option<&u32>
    where
        u32: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        self.0.peek(key)
    }
    fn put(&mut self, key: u32, value: u32) -> Option<u32> {
        self.0.put(key, value)
    }
    fn remove<Q>(&mut self, key: &Q) -> Option<u32>
    where
        u32: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        self.0.remove(key)
    }
    fn len(&self) -> usize {
        self.0.len()
    }
    fn capacity(&self) -> NonZeroUsize {
        self.0.capacity()
    }
    fn keys_in_order(&self) -> Vec<&u32> {
        self.0.keys_in_order()
    }
}

/// A property failure tells the shrunk sequence in words, one numbered operation per
/// line, so the learner can replay it by hand. Shrinking is random (it starts from
/// proptest's random cases), so the test checks the form, not the one shortest case:
/// usually a cache of capacity 2, sometimes 3 (seen in CI), filled, then a get.
#[test]
fn a_model_failure_lists_the_operations_in_words() {
    let failure = std::panic::catch_unwind(|| {
        lru_cache_contract::cases::agrees_with_a_naive_model::<GetIsPeek>();
    })
    .expect_err("a cache whose get is not a use fails the model case");
    let message = failure
        .downcast_ref::<String>()
        .cloned()
        .or_else(|| failure.downcast_ref::<&str>().map(|s| s.to_string()))
        .expect("the failure message is text");
    let told = message
        .split_once("the shortest failing case found: a new cache of capacity ")
        .map(|(_, rest)| rest)
        .unwrap_or_else(|| panic!("no sequence in words in:\n{message}"));
    let (capacity, steps) = told.split_once(", then\n").expect("the steps follow");
    let capacity: usize = capacity.parse().expect("a capacity in figures");
    assert!((2..=4).contains(&capacity), "{message}");
    let lines: Vec<&str> = steps.lines().collect();
    assert!(lines.len() >= 3, "at least two puts and a get:\n{message}");
    for (i, line) in lines.iter().enumerate() {
        assert!(
            line.starts_with(&format!("  {}. ", i + 1)),
            "step {} is numbered: {line:?}\n{message}",
            i + 1
        );
    }
    assert!(lines[0].contains("put("), "{message}");
    assert!(steps.contains("get("), "{message}");
}
