//! The cases: each runs the answer on a generated shop (2,000 orders, seed 7) and
//! compares the result with what the data says, computed in plain Rust, plus the
//! counted cost where the access pattern is the point.

use std::collections::{BTreeMap, BTreeSet};

use redb::{ReadableDatabase, TableDefinition};
use rusqlite::StatementStatus;

use crate::ShopAnswers;
use crate::shop::{LineDoc, OrderDoc, Shop, SqlShop};

const ORDERS: usize = 2_000;
const SEED: u64 = 7;

fn shop() -> (Shop, SqlShop) {
    let shop = Shop::generate(ORDERS, SEED);
    let sql = SqlShop::load(&shop).expect("the shop loads into SQLite");
    (shop, sql)
}

/// Runs `sql` with `args`, returns its rows as strings and its full-scan steps.
fn run(db: &SqlShop, sql: &str, args: &[i64], what: &str) -> (Vec<Vec<String>>, i32) {
    let mut stmt = db
        .connection()
        .prepare(sql)
        .unwrap_or_else(|e| panic!("{what}: SQLite cannot prepare {sql:?}: {e}"));
    let columns = stmt.column_count();
    let mut out = Vec::new();
    let mut rows = stmt
        .query(rusqlite::params_from_iter(args.iter()))
        .unwrap_or_else(|e| panic!("{what}: running {sql:?} failed: {e}"));
    while let Some(row) = rows.next().expect("a row") {
        out.push(
            (0..columns)
                .map(|i| match row.get_ref(i).expect("a column") {
                    rusqlite::types::ValueRef::Integer(v) => v.to_string(),
                    rusqlite::types::ValueRef::Text(t) => String::from_utf8_lossy(t).into(),
                    other => format!("{other:?}"),
                })
                .collect(),
        );
    }
    drop(rows);
    let fullscan = stmt.get_status(StatementStatus::FullscanStep);
    (out, fullscan)
}

/// The expected order page of `order`, from the data.
fn page(shop: &Shop, order: i64) -> OrderDoc {
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

/// SQL 1 returns, for several orders, exactly the page the data implies.
pub fn the_order_page_is_one_join<A: ShopAnswers + Default>() {
    let a = A::default();
    let (shop, sql) = shop();
    for order in [0i64, 1, 999, 1_999] {
        let (rows, _) = run(&sql, a.order_page_sql(), &[order], "order_page_sql");
        let p = page(&shop, order);
        let expected: Vec<Vec<String>> = p
            .lines
            .iter()
            .map(|l| {
                vec![
                    p.customer_name.clone(),
                    l.product.to_string(),
                    l.name.clone(),
                    l.price.to_string(),
                    l.qty.to_string(),
                ]
            })
            .collect();
        assert_eq!(
            rows, expected,
            "order_page_sql for order {order}: expected one row per line (customer name, \
             product id, product name, price, qty) by product id: join orders, customers, \
             order_lines and products"
        );
    }
}

/// SQL 2 returns the orders containing a product, with zero full-scan steps: SQLite
/// must search `order_lines_product`, not scan `order_lines`.
pub fn orders_with_a_product_use_the_index<A: ShopAnswers + Default>() {
    let a = A::default();
    let (shop, sql) = shop();
    for product in [0i64, 17, 199] {
        let (rows, fullscan) = run(
            &sql,
            a.orders_with_product_sql(),
            &[product],
            "orders_with_product_sql",
        );
        let expected: Vec<Vec<String>> = shop
            .orders
            .iter()
            .filter(|o| o.lines.iter().any(|l| l.0 == product))
            .map(|o| vec![o.id.to_string()])
            .collect();
        assert_eq!(
            rows, expected,
            "orders_with_product_sql for product {product}: the order ids, ascending, once each"
        );
        assert_eq!(
            fullscan, 0,
            "orders_with_product_sql stepped {fullscan} rows of a full scan; filter \
             order_lines on product_id so SQLite searches order_lines_product"
        );
    }
}

/// SQL 3 returns the five biggest spenders and their totals.
pub fn top_customers_by_total_spent<A: ShopAnswers + Default>() {
    let a = A::default();
    let (shop, sql) = shop();
    let (rows, _) = run(&sql, a.top_customers_sql(), &[], "top_customers_sql");
    let mut totals: BTreeMap<&str, i64> = BTreeMap::new();
    for o in &shop.orders {
        let name = shop.customers[o.customer as usize].name.as_str();
        for &(p, qty) in &o.lines {
            *totals.entry(name).or_default() += shop.products[p as usize].price * qty;
        }
    }
    let mut ranked: Vec<(&str, i64)> = totals.into_iter().collect();
    ranked.sort_by(|x, y| y.1.cmp(&x.1).then(x.0.cmp(y.0)));
    let expected: Vec<Vec<String>> = ranked
        .iter()
        .take(5)
        .map(|(n, t)| vec![n.to_string(), t.to_string()])
        .collect();
    assert_eq!(
        rows, expected,
        "top_customers_sql: (name, sum of price * qty), highest total first, ties by name, \
         five rows: GROUP BY the customer, ORDER BY the total DESC, LIMIT 5"
    );
}

/// SQL 4 returns the products no order line mentions.
pub fn products_never_ordered<A: ShopAnswers + Default>() {
    let a = A::default();
    let (shop, sql) = shop();
    let (rows, _) = run(&sql, a.never_ordered_sql(), &[], "never_ordered_sql");
    let ordered: BTreeSet<i64> = shop
        .orders
        .iter()
        .flat_map(|o| o.lines.iter().map(|l| l.0))
        .collect();
    let expected: Vec<Vec<String>> = shop
        .products
        .iter()
        .filter(|p| !ordered.contains(&p.id))
        .map(|p| vec![p.id.to_string()])
        .collect();
    // The shop orders almost every product: drop some lines' products so the answer is
    // not empty by accident.
    sql.connection()
        .execute("DELETE FROM order_lines WHERE product_id IN (3, 4)", [])
        .expect("delete");
    let (after, _) = run(&sql, a.never_ordered_sql(), &[], "never_ordered_sql");
    let mut expected_after = expected.clone();
    for p in [3i64, 4] {
        if !expected_after.contains(&vec![p.to_string()]) {
            expected_after.push(vec![p.to_string()]);
        }
    }
    expected_after.sort_by_key(|r| r[0].parse::<i64>().unwrap_or(0));
    assert_eq!(rows, expected, "never_ordered_sql on the generated shop");
    assert_eq!(
        after, expected_after,
        "never_ordered_sql after deleting every line of products 3 and 4: those two must \
         appear (a LEFT JOIN with IS NULL, or NOT EXISTS)"
    );
}

/// Layout 1 builds, for every order, the document the order page shows.
pub fn the_order_document_embeds_what_the_page_shows<A: ShopAnswers + Default>() {
    let a = A::default();
    let shop = Shop::generate(ORDERS, SEED);
    for order in [0i64, 5, 1_234, 1_999] {
        assert_eq!(
            a.order_document(&shop, order),
            page(&shop, order),
            "order_document({order}): the customer's name and each line's product id, \
             name, price and qty, lines by product id: everything the page shows, so one \
             read serves it"
        );
    }
}

/// Layout 2: a range between a customer's lowest and highest key reads exactly that
/// customer's orders, in ascending order id, and nothing else (counted).
pub fn a_customers_orders_are_one_key_range<A: ShopAnswers + Default>() {
    const T: TableDefinition<&[u8], ()> = TableDefinition::new("customer_orders");
    let a = A::default();
    let shop = Shop::generate(ORDERS, SEED);
    let db = redb::Database::builder()
        .create_with_backend(redb::backends::InMemoryBackend::new())
        .expect("an in-memory redb");
    let tx = db.begin_write().expect("write");
    {
        let mut t = tx.open_table(T).expect("table");
        for o in &shop.orders {
            t.insert(a.customer_order_key(o.customer, o.id).as_slice(), ())
                .expect("insert");
        }
    }
    tx.commit().expect("commit");
    let read = db.begin_read().expect("read");
    let t = read.open_table(T).expect("table");
    for customer in [0i64, 1, 9, 150, 199] {
        let lo = a.customer_order_key(customer, 0);
        let hi = a.customer_order_key(customer, i64::MAX);
        let mut keys = Vec::new();
        for entry in t.range(lo.as_slice()..=hi.as_slice()).expect("range") {
            keys.push(entry.expect("entry").0.value().to_vec());
        }
        let expected: Vec<Vec<u8>> = shop
            .orders
            .iter()
            .filter(|o| o.customer == customer)
            .map(|o| a.customer_order_key(customer, o.id))
            .collect();
        assert_eq!(
            keys.len(),
            expected.len(),
            "customer {customer}: the key range read {} entries, the customer has {} \
             orders; keys must sort by customer first, then order id, byte by byte \
             (fixed-width big-endian numbers sort like the numbers)",
            keys.len(),
            expected.len()
        );
        assert_eq!(
            keys, expected,
            "customer {customer}: the range must list exactly their orders, ascending"
        );
    }
}
