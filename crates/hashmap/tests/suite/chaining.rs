//! The separate-chaining map, the reference's complete alternative solution, passes the
//! contract's cases too, including the differential tests against std's map.

hashmap_contract::conformance_tests!(hashmap::chaining::ChainedHashMap);

use hashmap::chaining::ChainedHashMap;

/// What the contract's cases leave out: emptiness, membership, the capacity before the
/// bucket array doubles (one entry per bucket) and the `Debug` text.
#[test]
fn the_chained_map_answers_the_small_questions() {
    let mut map: ChainedHashMap<u32, &str> = ChainedHashMap::new();
    assert!(map.is_empty() && !map.contains_key(&1));
    map.insert(1, "one");
    assert!(!map.is_empty() && map.contains_key(&1) && !map.contains_key(&2));
    assert_eq!(format!("{map:?}"), r#"{1: "one"}"#);
    assert!(map.capacity() >= map.len());
    let before = map.capacity();
    for key in 2..=before as u32 {
        map.insert(key, "more");
    }
    assert_eq!(map.capacity(), before, "one entry per bucket fits");
    map.insert(0, "one too many");
    assert_eq!(
        map.capacity(),
        2 * before,
        "the next entry doubles the array"
    );
}
