//! The demo: the same five operations on the shop in SQLite (normalised) and in redb
//! (order documents), each counted in reads, writes and bytes, side by side.
//!
//! 1. **Order page**: a four-table join against one document read; both pages equal.
//! 2. **Rename a product**: one row against every document that embeds it (found by
//!    reading them all).
//! 3. **Orders containing product X**: an index search against a scan of every document,
//!    or a secondary index the application keeps by hand.
//! 4. **Add a field**: `ALTER TABLE ... ADD COLUMN` rewrites no row; the document store
//!    writes nothing, and reads old documents (without the field) beside new ones.
//! 5. **Stock never negative**: SQLite's CHECK constraint rolls the order's transaction
//!    back; redb stores whatever the application writes, so the invariant lives in
//!    application code.

use std::time::Instant;

use rusqlite::StatementStatus;

use evidence::format::{count, nanos};
use evidence::{Claim, DemoConfig, Report, Table};

use crate::shop::{Cost, DocShop, ORDER_PAGE_SQL, ORDERS_WITH_SQL, Order, OrderDoc, Shop, SqlShop};

/// Runs the demo; `config.size` is the number of orders.
///
/// # Example
///
/// ```no_run
/// let report = sql_nosql::demo::run(&evidence::DemoConfig { seed: 1, size: 1_000 });
/// assert!(report.all_hold());
/// ```
pub fn run(config: &DemoConfig) -> Report {
    let mut report = Report::new(
        "sql-nosql",
        format!(
            "One shop, {} orders, in SQLite (normalised) and redb (documents), seed {}",
            count(config.size as u64),
            config.seed
        ),
    );
    if let Err(e) = run_inner(&mut report, config) {
        report.claims.push(Claim::new(
            "both stores run the five operations",
            format!("error: {e}"),
            false,
        ));
    }
    report
}

type AnyResult<T> = Result<T, Box<dyn std::error::Error + Send + Sync>>;

fn cell(c: &Cost) -> String {
    format!(
        "{} read, {} written, {} B",
        count(c.reads),
        count(c.writes),
        count(c.bytes)
    )
}

fn run_inner(report: &mut Report, config: &DemoConfig) -> AnyResult<()> {
    let shop = Shop::generate(config.size, config.seed);
    let t = Instant::now();
    let sql = SqlShop::load(&shop)?;
    let sql_load = t.elapsed();
    let t = Instant::now();
    let docs = DocShop::load(&shop)?;
    let doc_load = t.elapsed();
    report.notes.push(format!(
        "Loading: SQLite {} (a transaction per order), redb {} (one transaction).",
        nanos(sql_load.as_nanos() as f64),
        nanos(doc_load.as_nanos() as f64)
    ));
    let mut table = Table::new(
        "The same operation on both stores",
        [
            "operation",
            "SQLite (normalised)",
            "redb (documents)",
            "note",
        ],
    );

    // 1. Order page.
    let order = &shop.orders[shop.orders.len() / 2];
    let (sql_page, sql_cost) = sql.order_page(order.id)?;
    let (doc_page, doc_cost) = docs.order_page(order.id)?;
    let plan: Vec<String> = sql
        .connection()
        .prepare(&format!("EXPLAIN QUERY PLAN {ORDER_PAGE_SQL}"))?
        .query_map([order.id], |r| r.get::<_, String>(3))?
        .collect::<rusqlite::Result<_>>()?;
    table.push([
        "show an order page".to_string(),
        format!("{}, a join of {} tables", cell(&sql_cost), plan.len()),
        cell(&doc_cost),
        format!("{} lines", order.lines.len()),
    ]);
    report.claims.push(Claim::new(
        "an order page is one document read in the document store, a join of four tables \
         in SQL, and both show the same page",
        format!(
            "redb: {} document, {} B; SQLite: {} rows from \"{}\"",
            doc_cost.reads,
            doc_cost.bytes,
            sql_cost.reads,
            plan.join("; ")
        ),
        doc_cost.reads == 1
            && sql_page.is_some()
            && sql_page == doc_page
            && plan.len() == 4
            && plan.iter().all(|l| l.starts_with("SEARCH"))
            && sql_cost.reads == order.lines.len() as u64,
    ));

    // 2. Rename a product; 3. orders containing it.
    let product = most_ordered(&shop);
    let holders = shop
        .orders
        .iter()
        .filter(|o| o.lines.iter().any(|l| l.0 == product))
        .count() as u64;
    let new_name = format!("product {product}, renamed");
    let sql_rename = sql.rename(product, &new_name)?;
    let doc_rename = docs.rename(product, &new_name)?;
    table.push([
        "rename a product".to_string(),
        cell(&sql_rename),
        cell(&doc_rename),
        format!("{} orders embed it", count(holders)),
    ]);
    let any_holder = shop
        .orders
        .iter()
        .find(|o| o.lines.iter().any(|l| l.0 == product))
        .map_or(0, |o| o.id);
    let renamed_sql = sql.order_page(any_holder)?.0;
    let renamed_doc = docs.order_page(any_holder)?.0;
    let shows_new = |p: &Option<OrderDoc>| {
        p.as_ref()
            .is_some_and(|p| p.lines.iter().any(|l| l.name == new_name))
    };
    report.claims.push(Claim::new(
        "renaming a product writes one row in SQL, and every order document that embeds \
         its name in the document store",
        format!(
            "SQLite: {} row written; redb: {} documents read, {} rewritten",
            sql_rename.writes,
            count(doc_rename.reads),
            count(doc_rename.writes)
        ),
        sql_rename.writes == 1
            && doc_rename.writes == holders
            && holders > 1
            && doc_rename.reads == shop.orders.len() as u64
            && shows_new(&renamed_sql)
            && shows_new(&renamed_doc),
    ));

    let mut stmt = sql.connection().prepare(ORDERS_WITH_SQL)?;
    let (sql_ids, sql_with) = sql.orders_with(product)?;
    let _ = stmt.query_map([product], |r| r.get::<_, i64>(0))?.count();
    let fullscan = stmt.get_status(StatementStatus::FullscanStep);
    drop(stmt);
    let with_plan: String = sql.connection().query_row(
        &format!("EXPLAIN QUERY PLAN {ORDERS_WITH_SQL}"),
        [product],
        |r| r.get(3),
    )?;
    let (scan_ids, scan_cost) = docs.orders_with_scan(product)?;
    let (index_ids, index_cost) = docs.orders_with_index(product)?;
    table.push([
        "all orders containing product X".to_string(),
        format!("{} ({with_plan})", cell(&sql_with)),
        format!(
            "scan: {}; hand-kept index: {}",
            cell(&scan_cost),
            cell(&index_cost)
        ),
        format!("{} orders", count(sql_ids.len() as u64)),
    ]);
    report.claims.push(Claim::new(
        "\"orders containing product X\" is an index search in SQL; the document store \
         reads every document unless the application keeps its own index",
        format!(
            "SQLite: \"{with_plan}\", {fullscan} full-scan steps, {} rows; redb scan: {} \
             documents; redb index: {} entries",
            count(sql_with.reads),
            count(scan_cost.reads),
            count(index_cost.reads)
        ),
        with_plan.starts_with("SEARCH order_lines USING")
            && with_plan.contains("order_lines_product (product_id=?)")
            && fullscan == 0
            && sql_ids == scan_ids
            && sql_ids == index_ids
            && sql_ids.len() as u64 == holders
            && scan_cost.reads == shop.orders.len() as u64
            && index_cost.reads == holders,
    ));

    // 4. Add a field.
    let changes_before = sql.connection().total_changes();
    sql.connection()
        .execute_batch("ALTER TABLE orders ADD COLUMN gift_note TEXT")?;
    let rewritten = sql.connection().total_changes() - changes_before;
    let nulls: i64 = sql.connection().query_row(
        "SELECT count(*) FROM orders WHERE gift_note IS NULL",
        [],
        |r| r.get(0),
    )?;
    let new_id = shop.orders.len() as i64;
    let new_doc = OrderDoc {
        id: new_id,
        customer_name: shop.customers[0].name.clone(),
        lines: Vec::new(),
        gift_note: Some("happy birthday".to_string()),
    };
    let put = docs.put(&new_doc)?;
    let old = docs.order_page(0)?.0;
    let new = docs.order_page(new_id)?.0;
    table.push([
        "add a field (gift_note)".to_string(),
        format!("ALTER TABLE: {rewritten} rows rewritten"),
        format!("nothing to migrate; the new order: {}", cell(&put)),
        "old rows/documents read the field as empty".to_string(),
    ]);
    report.claims.push(Claim::new(
        "adding a field is a schema change in SQL (no row rewritten in SQLite) and nothing \
         at all in the document store, whose readers must handle old documents without it",
        format!(
            "SQLite: {rewritten} rows rewritten, {} rows read gift_note as NULL; redb: {} \
             document written, old document reads {:?}, new reads {:?}",
            count(nulls as u64),
            put.writes,
            old.as_ref().and_then(|d| d.gift_note.clone()),
            new.as_ref().and_then(|d| d.gift_note.clone())
        ),
        rewritten == 0
            && nulls == shop.orders.len() as i64
            && put.writes == 1
            && old.is_some_and(|d| d.gift_note.is_none())
            && new.is_some_and(|d| d.gift_note.is_some()),
    ));

    // 5. Stock never negative.
    let scarce = 199i64;
    let stock: i64 =
        sql.connection()
            .query_row("SELECT stock FROM products WHERE id = ?", [scarce], |r| {
                r.get(0)
            })?;
    let orders_before: i64 =
        sql.connection()
            .query_row("SELECT count(*) FROM orders", [], |r| r.get(0))?;
    let greedy = Order {
        id: new_id + 1,
        customer: 0,
        lines: vec![(0, 1), (scarce, stock + 1)],
    };
    let refused = sql.place(&greedy).is_err();
    let orders_after: i64 = sql
        .connection()
        .query_row("SELECT count(*) FROM orders", [], |r| r.get(0))?;
    let stock_after: i64 =
        sql.connection()
            .query_row("SELECT stock FROM products WHERE id = ?", [scarce], |r| {
                r.get(0)
            })?;
    let doc_stock = docs.stock(scarce)?;
    let checked = docs.take_stock(scarce, doc_stock + 1, true).is_err();
    let unchecked = docs.take_stock(scarce, doc_stock + 1, false)?;
    table.push([
        "stock never negative".to_string(),
        format!(
            "CHECK (stock >= 0) rolled the order back: {} orders before and after",
            count(orders_after as u64)
        ),
        format!("application code: checked refuses; unchecked stores stock {unchecked}"),
        format!("ordered {} of {stock}", stock + 1),
    ]);
    report.tables.push(table);
    report.claims.push(Claim::new(
        "a cross-entity invariant (stock never negative) is a constraint plus a transaction \
         in SQL; in the key-value store it holds only if every writer's code checks it",
        format!(
            "SQLite refused the order: {refused}, orders {orders_before} -> {orders_after}, \
             stock {stock} -> {stock_after}; redb with a check refused: {checked}, without \
             one stored {unchecked}"
        ),
        refused
            && orders_before == orders_after
            && stock == stock_after
            && checked
            && unchecked < 0,
    ));
    Ok(())
}

/// The product in the most orders (lowest id on a tie).
fn most_ordered(shop: &Shop) -> i64 {
    let mut counts = vec![0u64; shop.products.len()];
    for o in &shop.orders {
        for &(p, _) in &o.lines {
            counts[p as usize] += 1;
        }
    }
    (0..counts.len())
        .max_by_key(|&p| (counts[p], std::cmp::Reverse(p)))
        .unwrap_or(0) as i64
}
