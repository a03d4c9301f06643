//! Model-based: random inserts, removes, lookups and ranges against `BTreeMap`, with the
//! structural check after every step (the contract's model test has no remove: the
//! exercise does not write it).

use std::collections::BTreeMap;
use std::ops::Bound;

use proptest::prelude::*;

use indexing::BPlusTree;

#[derive(Debug, Clone)]
enum Op {
    Insert(u16, u32),
    Remove(u16),
    Get(u16),
    Range(u16, u16),
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        5 => (0..300u16, any::<u32>()).prop_map(|(k, v)| Op::Insert(k, v)),
        4 => (0..300u16).prop_map(Op::Remove),
        1 => (0..300u16).prop_map(Op::Get),
        1 => (0..300u16, 0..300u16).prop_map(|(a, b)| Op::Range(a.min(b), a.max(b))),
    ]
}

proptest! {
    #[test]
    fn agrees_with_btreemap_under_inserts_and_removes(
        order in 3usize..=9,
        ops in proptest::collection::vec(op(), 1..400),
    ) {
        let mut tree = BPlusTree::new(order);
        let mut model = BTreeMap::new();
        for op in &ops {
            match *op {
                Op::Insert(k, v) => prop_assert_eq!(tree.insert(k, v), model.insert(k, v)),
                Op::Remove(k) => prop_assert_eq!(tree.remove(&k), model.remove(&k)),
                Op::Get(k) => prop_assert_eq!(tree.get(&k), model.get(&k)),
                Op::Range(a, b) => {
                    let r = (Bound::Excluded(a), Bound::Included(b));
                    let got: Vec<_> = if a == b { Vec::new() } else { tree.range(r).collect() };
                    let want: Vec<_> = if a == b { Vec::new() } else { model.range(r).collect() };
                    prop_assert_eq!(got, want);
                }
            }
            prop_assert_eq!(tree.len(), model.len());
            if let Err(e) = tree.check() {
                return Err(TestCaseError::fail(format!("after {op:?}: {e}")));
            }
        }
        prop_assert!(tree.iter().eq(model.iter()));
    }
}
