//! The sql-nosql contract: the seeded shop stored in SQLite and in redb ([`shop`]), and
//! what the exercise writes for question 14: four SQL queries and two document-store
//! layouts ([`ShopAnswers`]), checked by [`cases`] on the generated data.
//!
//! The exercise depends on this crate only, so it runs exactly the reference's cases:
//!
//! ```text
//! // exercises/sql-nosql/tests/conformance.rs
//! sql_nosql_contract::conformance_tests!(sql_nosql_exercise::Answers);
//! ```

#![forbid(unsafe_code)]

pub mod cases;
pub mod shop;

use shop::{OrderDoc, Shop};

/// Four queries on the normalised schema and two layouts for the document store.
///
/// The schema (see [`shop::SqlShop::load`]):
///
/// ```sql
/// customers (id INTEGER PRIMARY KEY, name TEXT)
/// products (id INTEGER PRIMARY KEY, name TEXT, price INTEGER, stock INTEGER)
/// orders (id INTEGER PRIMARY KEY, customer_id INTEGER REFERENCES customers (id))
/// order_lines (order_id, product_id, qty, PRIMARY KEY (order_id, product_id))
/// -- and an index order_lines_product ON order_lines (product_id)
/// ```
pub trait ShopAnswers {
    /// SQL 1, the order page: for the order `?1`, one row per line with the columns
    /// (customer name, product id, product name, price, qty), by product id.
    fn order_page_sql(&self) -> &'static str;

    /// SQL 2: the ids of the orders containing product `?1`, ascending, found through
    /// the index on `order_lines (product_id)` (no full scan).
    fn orders_with_product_sql(&self) -> &'static str;

    /// SQL 3: the five customers who spent the most: (customer name, total in cents),
    /// total = sum of price × qty over all their order lines, highest first, ties by
    /// name.
    fn top_customers_sql(&self) -> &'static str;

    /// SQL 4: the ids of the products no order contains, ascending.
    fn never_ordered_sql(&self) -> &'static str;

    /// Layout 1, for "show an order page" in one read: the order's document, embedding
    /// the customer's name and each line's product name and price (lines by product
    /// id).
    fn order_document(&self, shop: &Shop, order: i64) -> OrderDoc;

    /// Layout 2, for "list a customer's orders": the key of the entry `(customer,
    /// order)` in a sorted key-value table, such that all of one customer's keys are
    /// contiguous and in ascending order id, between `customer_order_key(c, 0)` and
    /// `customer_order_key(c, i64::MAX)`.
    fn customer_order_key(&self, customer: i64, order: i64) -> Vec<u8>;
}

testkit::conformance! {
    /// Expands to one `#[test]` per case for an answers type with a `Default`.
    ///
    /// ```text
    /// sql_nosql_contract::conformance_tests!(sql_nosql_exercise::Answers);
    /// ```
    macro conformance_tests($($answers:ident)::+) {
        /// The answers under test.
        type ConformanceAnswers = $($answers)::+;
    }
    cases [$crate::cases] {
        the_order_page_is_one_join::<ConformanceAnswers>(),
        orders_with_a_product_use_the_index::<ConformanceAnswers>(),
        top_customers_by_total_spent::<ConformanceAnswers>(),
        products_never_ordered::<ConformanceAnswers>(),
        the_order_document_embeds_what_the_page_shows::<ConformanceAnswers>(),
        a_customers_orders_are_one_key_range::<ConformanceAnswers>(),
    }
}
