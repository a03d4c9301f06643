//! The full-history oracle passes the named cases too: a bug in a case that no correct
//! CRDT could pass would show here first.

mod history {
    pub type GCounter = replication_contract::HistoryCounter;
    pub type PnCounter = replication_contract::HistoryCounter;
    pub type OrSet<T> = replication_contract::HistorySet<T>;
}

replication_contract::conformance_tests!(history);
