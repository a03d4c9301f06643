//! The reference answers to the exercise: four queries and two layouts.

use sql_nosql_contract::ShopAnswers;
use sql_nosql_contract::shop::{LineDoc, ORDER_PAGE_SQL, ORDERS_WITH_SQL, OrderDoc, Shop};

/// The reference [`ShopAnswers`].
///
/// ```
/// use sql_nosql::answers::Answers;
/// use sql_nosql::ShopAnswers;
/// let key = Answers.customer_order_key(1, 2);
/// assert!(key < Answers.customer_order_key(1, 10));
/// assert!(Answers.customer_order_key(1, i64::MAX) < Answers.customer_order_key(2, 0));
/// ```
#[derive(Debug, Default, Clone, Copy)]
pub struct Answers;

impl ShopAnswers for Answers {
    fn order_page_sql(&self) -> &'static str {
        ORDER_PAGE_SQL
    }

    fn orders_with_product_sql(&self) -> &'static str {
        ORDERS_WITH_SQL
    }

    fn top_customers_sql(&self) -> &'static str {
        "SELECT c.name, sum(p.price * l.qty) AS total \
         FROM customers c JOIN orders o ON o.customer_id = c.id \
         JOIN order_lines l ON l.order_id = o.id JOIN products p ON p.id = l.product_id \
         GROUP BY c.id ORDER BY total DESC, c.name LIMIT 5"
    }

    fn never_ordered_sql(&self) -> &'static str {
        "SELECT p.id FROM products p \
         WHERE NOT EXISTS (SELECT 1 FROM order_lines l WHERE l.product_id = p.id) \
         ORDER BY p.id"
    }

    fn order_document(&self, shop: &Shop, order: i64) -> OrderDoc {
        let o = &shop.orders[order as usize];
        let mut lines: Vec<LineDoc> = o
            .lines
            .iter()
            .map(|&(p, qty)| {
                let product = &shop.products[p as usize];
                LineDoc {
                    product: p,
                    name: product.name.clone(),
                    price: product.price,
                    qty,
                }
            })
            .collect();
        lines.sort_by_key(|l| l.product);
        OrderDoc {
            id: order,
            customer_name: shop.customers[o.customer as usize].name.clone(),
            lines,
            gift_note: None,
        }
    }

    /// Customer then order, each as 8 big-endian bytes with the sign bit flipped, so
    /// byte order is numeric order (negative ids included).
    fn customer_order_key(&self, customer: i64, order: i64) -> Vec<u8> {
        let mut key = Vec::with_capacity(16);
        key.extend_from_slice(&((customer as u64) ^ (1 << 63)).to_be_bytes());
        key.extend_from_slice(&((order as u64) ^ (1 << 63)).to_be_bytes());
        key
    }
}
