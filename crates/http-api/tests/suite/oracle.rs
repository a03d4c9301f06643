//! The naive model gives the status-code table the issue asks for, step by step: the
//! oracle the random sequences are checked against is right on the named scenarios.

use http_api_contract::model::{Model, Op, Tag};

fn statuses(ops: &[Op]) -> Vec<u16> {
    let mut model = Model::new();
    ops.iter().map(|op| model.apply(op).status).collect()
}

#[test]
fn the_model_follows_the_status_code_table() {
    let ops = [
        Op::Create { quantity: 2 },
        Op::Create { quantity: 0 },
        Op::Create { quantity: 1001 },
        Op::Read {
            id: 1,
            tag: Tag::Missing,
        },
        Op::Read {
            id: 1,
            tag: Tag::Current,
        },
        Op::Read {
            id: 1,
            tag: Tag::Stale,
        },
        Op::Read {
            id: 2,
            tag: Tag::Missing,
        },
        Op::Replace {
            id: 1,
            tag: Tag::Missing,
            quantity: 3,
        },
        Op::Replace {
            id: 1,
            tag: Tag::Stale,
            quantity: 3,
        },
        Op::Replace {
            id: 1,
            tag: Tag::Current,
            quantity: 0,
        },
        Op::Replace {
            id: 1,
            tag: Tag::Current,
            quantity: 3,
        },
        Op::Replace {
            id: 9,
            tag: Tag::Current,
            quantity: 3,
        },
        Op::ListAll { limit: 1 },
        Op::ListAll { limit: 0 },
        Op::ListAll { limit: 101 },
        Op::Delete { id: 1 },
        Op::Delete { id: 1 },
    ];
    assert_eq!(
        statuses(&ops),
        [
            201, 422, 422, 200, 304, 200, 404, 428, 412, 422, 200, 404, 200, 400, 400, 204, 404
        ]
    );
}

#[test]
fn the_model_numbers_and_versions_orders() {
    let mut model = Model::new();
    assert_eq!(
        model.apply(&Op::Create { quantity: 5 }).order,
        Some((1, 5, 1))
    );
    assert_eq!(model.apply(&Op::Create { quantity: 0 }).order, None);
    assert_eq!(
        model.apply(&Op::Create { quantity: 6 }).order,
        Some((2, 6, 1))
    );
    let replaced = model.apply(&Op::Replace {
        id: 1,
        tag: Tag::Current,
        quantity: 7,
    });
    assert_eq!(replaced.order, Some((1, 7, 2)));
    model.apply(&Op::Delete { id: 1 });
    // Ids are not reused after a delete.
    assert_eq!(
        model.apply(&Op::Create { quantity: 8 }).order,
        Some((3, 8, 1))
    );
    assert_eq!(model.apply(&Op::ListAll { limit: 5 }).ids, Some(vec![2, 3]));
}
