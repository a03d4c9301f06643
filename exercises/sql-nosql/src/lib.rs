//! # Exercise: the same shop, queried as SQL and laid out as documents
//!
//! Question 14 asks you to compare SQL and NoSQL databases. The strong answer is about
//! access patterns: a normalised schema answers questions nobody planned with a join,
//! while a document or key-value store answers the planned ones in one read, because
//! its keys and documents were laid out for them.
//!
//! Write both sides for the seeded shop the cases generate (customers, products,
//! orders, order lines). The schema is in the contract's `ShopAnswers` docs:
//!
//! - four SQL queries, run on SQLite; the cases compare their rows with the data, and
//!   one counts SQLite's full-scan steps (it must be zero: use the index);
//! - two layouts for the document store: the order document that serves an order page
//!   in one read, and a key for `(customer, order)` whose byte order lists one
//!   customer's orders as one contiguous range (the cases store the keys in redb and
//!   count what a range reads).
//!
//! Run `cargo lab check sql-nosql`; stuck, run `cargo lab hint sql-nosql`. Each
//! `// TODO:` marks a place to edit.

// The stub's parameters (and `LineDoc`) are unused until you fill in the bodies; delete
// this line once every `todo!()` is gone.
#![allow(unused_variables, unused_imports)]

pub use sql_nosql_contract::ShopAnswers;
use sql_nosql_contract::shop::{LineDoc, OrderDoc, Shop};

/// Your answers.
#[derive(Debug, Default, Clone, Copy)]
pub struct Answers;

impl ShopAnswers for Answers {
    fn order_page_sql(&self) -> &'static str {
        // TODO: join orders, customers, order_lines and products for order ?1.
        todo!("SELECT customer name, product id, name, price, qty ... ORDER BY product id")
    }

    fn orders_with_product_sql(&self) -> &'static str {
        // TODO: order ids from order_lines for product ?1, ascending.
        todo!("the orders containing product ?1")
    }

    fn top_customers_sql(&self) -> &'static str {
        // TODO: group by customer, sum price * qty, highest first, ties by name, 5 rows.
        todo!("the five biggest spenders")
    }

    fn never_ordered_sql(&self) -> &'static str {
        // TODO: products with no order line, ascending id.
        todo!("the products nobody ordered")
    }

    fn order_document(&self, shop: &Shop, order: i64) -> OrderDoc {
        // TODO: copy the customer's name and each line's product name and price into
        // one document (lines by product id; gift_note None).
        todo!("the order document")
    }

    fn customer_order_key(&self, customer: i64, order: i64) -> Vec<u8> {
        // TODO: bytes that sort by customer, then by order id.
        todo!("the (customer, order) key")
    }
}
