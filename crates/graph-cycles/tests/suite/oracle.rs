//! No oracle implements the graph traits: the oracles answer only whether a cycle exists,
//! and the helpers check the cycles and orders a graph returns. Both are checked here on
//! the named cases' graphs, so a bug in them cannot hide behind agreement.

use graph_cycles_contract::cases::{
    directed_cycle_problem, order_problem, undirected_cycle_problem,
};
use graph_cycles_contract::naive::{directed_has_cycle, undirected_has_cycle};

/// A graph and whether it has a cycle: `(nodes, edges, cyclic)`.
type Known = (usize, &'static [(usize, usize)], bool);

#[test]
fn the_directed_oracle_answers_the_named_graphs() {
    let cases: [Known; 9] = [
        (0, &[], false),
        (3, &[], false),
        (2, &[(0, 1), (1, 1)], true),
        (2, &[(0, 1), (1, 0)], true),
        (4, &[(0, 1), (0, 2), (1, 3), (2, 3)], false),
        (5, &[(0, 1), (2, 3), (3, 4), (4, 2)], true),
        (6, &[(0, 1), (1, 2), (5, 3), (3, 4), (4, 3)], true),
        (3, &[(0, 1), (2, 1)], false),
        (
            6,
            &[(0, 1), (0, 2), (1, 3), (2, 3), (3, 4), (1, 4), (5, 4)],
            false,
        ),
    ];
    for (n, edges, cyclic) in cases {
        assert_eq!(directed_has_cycle(n, edges), cyclic, "{n} nodes, {edges:?}");
    }
}

#[test]
fn the_undirected_oracle_answers_the_named_graphs() {
    let cases: [Known; 7] = [
        (0, &[], false),
        (3, &[], false),
        (2, &[(0, 1), (1, 1)], true),
        (2, &[(0, 1)], false),
        (2, &[(0, 1), (1, 0)], true),
        (4, &[(0, 1), (0, 2), (1, 3), (2, 3)], true),
        (5, &[(0, 1), (2, 3), (3, 4)], false),
    ];
    for (n, edges, cyclic) in cases {
        assert_eq!(
            undirected_has_cycle(n, edges),
            cyclic,
            "{n} nodes, {edges:?}"
        );
    }
}

#[test]
fn the_cycle_checks_accept_real_cycles_and_name_what_is_wrong() {
    let edges = [(0, 1), (1, 2), (2, 0), (2, 2)];
    assert_eq!(directed_cycle_problem(&edges, &[1, 2, 0]), None);
    assert_eq!(directed_cycle_problem(&edges, &[2]), None, "a self-loop");
    assert_eq!(
        directed_cycle_problem(&edges, &[]),
        Some("an empty cycle".to_string())
    );
    assert_eq!(
        directed_cycle_problem(&edges, &[0, 1, 0]),
        Some("[0, 1, 0] repeats a node".to_string())
    );
    assert_eq!(
        directed_cycle_problem(&edges, &[0, 2, 1]),
        Some("[0, 2, 1] uses 0 -> 2, which is not an edge".to_string()),
        "direction matters"
    );
    assert_eq!(
        undirected_cycle_problem(&edges, &[0, 2, 1]),
        None,
        "not undirected"
    );
    assert!(
        undirected_cycle_problem(&[(0, 1)], &[0, 1]).is_some(),
        "one edge walked there and back is not a cycle"
    );
    assert_eq!(undirected_cycle_problem(&[(0, 1), (1, 0)], &[0, 1]), None);
}

#[test]
fn the_order_check_wants_every_node_once_and_every_edge_forward() {
    let edges = [(0, 1), (0, 2), (1, 2)];
    assert_eq!(order_problem(3, &edges, &[0, 1, 2]), None);
    assert_eq!(
        order_problem(3, &edges, &[0, 2, 1]),
        Some("[0, 2, 1] puts 2 before 1, but 1 -> 2 is an edge".to_string())
    );
    assert_eq!(
        order_problem(3, &edges, &[0, 1]),
        Some("[0, 1] has 2 nodes, the graph 3".to_string())
    );
    assert_eq!(
        order_problem(3, &edges, &[0, 0, 1]),
        Some("[0, 0, 1] is not a permutation of 0..3".to_string())
    );
}
