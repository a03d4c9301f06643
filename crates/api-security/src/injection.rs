//! SQL injection against a real SQLite database: one search written twice, by string
//! concatenation and as a parameterised query.

use rusqlite::{Connection, params};

/// The classic input: it closes the string literal and adds a condition every row meets.
pub const CLASSIC: &str = "' OR '1'='1";

/// An in-memory orders table of SQLite (bundled), with `rows` orders spread over
/// `owners` owners, items named `item-<n>`.
///
/// # Errors
///
/// SQLite's, if the database cannot be created.
///
/// ```
/// let db = api_security::injection::Orders::new(100, 10).unwrap();
/// assert_eq!(db.search_parameterised("item-7").unwrap(), 1);
/// assert_eq!(db.search_parameterised(api_security::injection::CLASSIC).unwrap(), 0);
/// assert_eq!(db.search_concatenated(api_security::injection::CLASSIC).unwrap(), 100);
/// ```
#[derive(Debug)]
pub struct Orders {
    db: Connection,
}

impl Orders {
    /// The table, filled (`rows` and `owners` at least 0 and 1).
    ///
    /// # Errors
    ///
    /// SQLite's, if the database cannot be created.
    pub fn new(rows: i64, owners: i64) -> rusqlite::Result<Self> {
        let db = Connection::open_in_memory()?;
        db.execute_batch(
            "CREATE TABLE orders (id INTEGER PRIMARY KEY, owner INTEGER NOT NULL, item TEXT NOT NULL)",
        )?;
        {
            let tx = db.unchecked_transaction()?;
            {
                let mut insert =
                    tx.prepare("INSERT INTO orders (id, owner, item) VALUES (?1, ?2, ?3)")?;
                for id in 0..rows {
                    insert.execute(params![id, id % owners.max(1), format!("item-{id}")])?;
                }
            }
            tx.commit()?;
        }
        Ok(Orders { db })
    }

    /// The search done wrong: `item` is pasted into the SQL text, so the input
    /// [`CLASSIC`] makes the condition `item = '' OR '1'='1'`, true for every row.
    /// Returns the rows that came back.
    ///
    /// # Errors
    ///
    /// SQLite's, for instance a syntax error when the input holds a lone quote.
    pub fn search_concatenated(&self, item: &str) -> rusqlite::Result<usize> {
        let sql = format!("SELECT id, owner, item FROM orders WHERE item = '{item}'");
        let mut statement = self.db.prepare(&sql)?;
        let rows = statement.query_map([], |_| Ok(()))?;
        rows.count_rows()
    }

    /// The search done right: the SQL text is fixed and `item` is bound as a value
    /// (`?1`), so no input can change what the query means. Returns the rows that came
    /// back.
    ///
    /// # Errors
    ///
    /// SQLite's.
    pub fn search_parameterised(&self, item: &str) -> rusqlite::Result<usize> {
        let mut statement = self
            .db
            .prepare("SELECT id, owner, item FROM orders WHERE item = ?1")?;
        let rows = statement.query_map([item], |_| Ok(()))?;
        rows.count_rows()
    }
}

/// Counting the rows of a query, stopping at the first error.
trait CountRows {
    fn count_rows(self) -> rusqlite::Result<usize>;
}

impl<I: Iterator<Item = rusqlite::Result<()>>> CountRows for I {
    fn count_rows(self) -> rusqlite::Result<usize> {
        let mut n = 0;
        for row in self {
            row?;
            n += 1;
        }
        Ok(n)
    }
}
