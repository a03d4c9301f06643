//! One shop, stored twice: normalised in SQLite ([`SqlShop`]) and as order documents in
//! redb ([`DocShop`]), each counting the reads, writes and bytes its operations cost.
//!
//! The data set ([`Shop::generate`]) is seeded: customers, products with stock, and
//! orders of one to five lines.

use std::collections::BTreeSet;

use rand::RngExt;
use redb::{ReadableDatabase, ReadableTable, TableDefinition};
use rusqlite::{Connection, params};
use serde::{Deserialize, Serialize};

use evidence::workload::rng;

/// A customer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Customer {
    /// Primary key.
    pub id: i64,
    /// Display name.
    pub name: String,
}

/// A product.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Product {
    /// Primary key.
    pub id: i64,
    /// Display name.
    pub name: String,
    /// Price in cents.
    pub price: i64,
    /// Units in stock; never negative.
    pub stock: i64,
}

/// An order and its lines `(product id, quantity)`, products distinct.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Order {
    /// Primary key.
    pub id: i64,
    /// The customer who placed it.
    pub customer: i64,
    /// `(product id, quantity)`.
    pub lines: Vec<(i64, i64)>,
}

/// The whole data set.
#[derive(Debug, Clone)]
pub struct Shop {
    /// Customers, id = position.
    pub customers: Vec<Customer>,
    /// Products, id = position.
    pub products: Vec<Product>,
    /// Orders, id = position.
    pub orders: Vec<Order>,
}

impl Shop {
    /// `orders` orders by `orders / 10` customers (at least 10) over 200 products.
    ///
    /// ```
    /// let shop = sql_nosql_contract::shop::Shop::generate(100, 1);
    /// assert_eq!(shop.orders.len(), 100);
    /// assert!(shop.orders.iter().all(|o| (1..=5).contains(&o.lines.len())));
    /// ```
    pub fn generate(orders: usize, seed: u64) -> Shop {
        let mut r = rng(seed);
        let customers = (0..(orders / 10).max(10) as i64)
            .map(|id| Customer {
                id,
                name: format!("customer {id}"),
            })
            .collect::<Vec<_>>();
        let products = (0..200i64)
            .map(|id| Product {
                id,
                name: format!("product {id}"),
                price: r.random_range(100..10_000),
                stock: 1_000_000,
            })
            .collect::<Vec<_>>();
        let orders = (0..orders as i64)
            .map(|id| {
                let n = r.random_range(1..=5usize);
                let mut ids = BTreeSet::new();
                while ids.len() < n {
                    ids.insert(r.random_range(0..products.len() as i64));
                }
                Order {
                    id,
                    customer: r.random_range(0..customers.len() as i64),
                    lines: ids
                        .into_iter()
                        .map(|p| (p, r.random_range(1..=3)))
                        .collect(),
                }
            })
            .collect();
        Shop {
            customers,
            products,
            orders,
        }
    }
}

/// What an order page shows, whichever store it came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderDoc {
    /// The order id.
    pub id: i64,
    /// Embedded: the customer's name at the time of writing.
    pub customer_name: String,
    /// Embedded: each line with the product's name and price.
    pub lines: Vec<LineDoc>,
    /// A field added later: old documents lack it and read as `None`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gift_note: Option<String>,
}

/// One line of an order document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LineDoc {
    /// The product's id.
    pub product: i64,
    /// Embedded copy of the product's name.
    pub name: String,
    /// Embedded copy of the product's price, in cents.
    pub price: i64,
    /// Units.
    pub qty: i64,
}

/// Reads, writes and bytes an operation cost.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Cost {
    /// Rows or documents read.
    pub reads: u64,
    /// Rows or documents written.
    pub writes: u64,
    /// Bytes read plus bytes written.
    pub bytes: u64,
}

/// The shop in SQLite: four tables, foreign keys, a CHECK on stock.
pub struct SqlShop {
    db: Connection,
}

const ORDERS: TableDefinition<i64, &[u8]> = TableDefinition::new("orders");
const BY_PRODUCT: TableDefinition<(i64, i64), ()> = TableDefinition::new("orders_by_product");
const STOCK: TableDefinition<i64, i64> = TableDefinition::new("stock");

impl SqlShop {
    /// Loads `shop` into an in-memory database, one transaction per order.
    ///
    /// # Errors
    ///
    /// Any SQLite error.
    pub fn load(shop: &Shop) -> rusqlite::Result<SqlShop> {
        let db = Connection::open_in_memory()?;
        db.execute_batch(
            "PRAGMA foreign_keys = ON;
             CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT NOT NULL);
             CREATE TABLE products (id INTEGER PRIMARY KEY, name TEXT NOT NULL,
                 price INTEGER NOT NULL, stock INTEGER NOT NULL CHECK (stock >= 0));
             CREATE TABLE orders (id INTEGER PRIMARY KEY,
                 customer_id INTEGER NOT NULL REFERENCES customers (id));
             CREATE TABLE order_lines (order_id INTEGER NOT NULL REFERENCES orders (id),
                 product_id INTEGER NOT NULL REFERENCES products (id),
                 qty INTEGER NOT NULL CHECK (qty > 0), PRIMARY KEY (order_id, product_id));
             CREATE INDEX order_lines_product ON order_lines (product_id);",
        )?;
        {
            let tx = db.unchecked_transaction()?;
            for c in &shop.customers {
                tx.execute("INSERT INTO customers VALUES (?, ?)", params![c.id, c.name])?;
            }
            for p in &shop.products {
                tx.execute(
                    "INSERT INTO products VALUES (?, ?, ?, ?)",
                    params![p.id, p.name, p.price, p.stock],
                )?;
            }
            tx.commit()?;
        }
        let store = SqlShop { db };
        for o in &shop.orders {
            store.place(o)?;
        }
        Ok(store)
    }

    /// Places an order in one transaction: the order, its lines, and the stock taken;
    /// the CHECK on stock rolls the whole order back if any product would go negative.
    ///
    /// # Errors
    ///
    /// The constraint violation (or any other SQLite error); nothing is written then.
    pub fn place(&self, o: &Order) -> rusqlite::Result<()> {
        let tx = self.db.unchecked_transaction()?;
        tx.execute(
            "INSERT INTO orders (id, customer_id) VALUES (?, ?)",
            params![o.id, o.customer],
        )?;
        for &(p, q) in &o.lines {
            tx.execute(
                "INSERT INTO order_lines VALUES (?, ?, ?)",
                params![o.id, p, q],
            )?;
            tx.execute(
                "UPDATE products SET stock = stock - ? WHERE id = ?",
                params![q, p],
            )?;
        }
        tx.commit()
    }

    /// The connection, for plans and counters.
    pub fn connection(&self) -> &Connection {
        &self.db
    }

    /// An order page by one join of four tables; reads = rows the join returned.
    ///
    /// # Errors
    ///
    /// Any SQLite error.
    pub fn order_page(&self, id: i64) -> rusqlite::Result<(Option<OrderDoc>, Cost)> {
        let mut stmt = self.db.prepare(ORDER_PAGE_SQL)?;
        let mut cost = Cost::default();
        let mut doc: Option<OrderDoc> = None;
        let mut rows = stmt.query([id])?;
        while let Some(r) = rows.next()? {
            let (customer_name, product, name, price, qty): (String, i64, String, i64, i64) =
                (r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?);
            cost.reads += 1;
            cost.bytes += (customer_name.len() + name.len() + 24) as u64;
            doc.get_or_insert_with(|| OrderDoc {
                id,
                customer_name,
                lines: Vec::new(),
                gift_note: None,
            })
            .lines
            .push(LineDoc {
                product,
                name,
                price,
                qty,
            });
        }
        Ok((doc, cost))
    }

    /// Renames a product: one row.
    ///
    /// # Errors
    ///
    /// Any SQLite error.
    pub fn rename(&self, product: i64, name: &str) -> rusqlite::Result<Cost> {
        let n = self.db.execute(
            "UPDATE products SET name = ? WHERE id = ?",
            params![name, product],
        )?;
        Ok(Cost {
            reads: 0,
            writes: n as u64,
            bytes: name.len() as u64,
        })
    }

    /// The ids of the orders containing `product`, through the index on
    /// `order_lines (product_id)`.
    ///
    /// # Errors
    ///
    /// Any SQLite error.
    pub fn orders_with(&self, product: i64) -> rusqlite::Result<(Vec<i64>, Cost)> {
        let mut stmt = self.db.prepare(ORDERS_WITH_SQL)?;
        let ids: Vec<i64> = stmt
            .query_map([product], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        let cost = Cost {
            reads: ids.len() as u64,
            writes: 0,
            bytes: 8 * ids.len() as u64,
        };
        Ok((ids, cost))
    }
}

/// The order page as SQL: a join of four tables.
pub const ORDER_PAGE_SQL: &str = "SELECT c.name, p.id, p.name, p.price, l.qty \
     FROM orders o JOIN customers c ON c.id = o.customer_id \
     JOIN order_lines l ON l.order_id = o.id JOIN products p ON p.id = l.product_id \
     WHERE o.id = ? ORDER BY l.product_id";

/// The orders containing a product, as SQL.
pub const ORDERS_WITH_SQL: &str =
    "SELECT order_id FROM order_lines WHERE product_id = ? ORDER BY order_id";

/// Errors of the document store.
pub type DocResult<T> = Result<T, Box<dyn std::error::Error + Send + Sync>>;

/// The shop in redb: one JSON document per order, keyed by order id, embedding the
/// customer's name and each product's name and price; a hand-kept secondary index
/// `(product, order)`; stock per product.
pub struct DocShop {
    db: redb::Database,
}

impl DocShop {
    /// Writes every order as a document into an in-memory redb database.
    ///
    /// # Errors
    ///
    /// Any redb or encoding error.
    pub fn load(shop: &Shop) -> DocResult<DocShop> {
        let db =
            redb::Database::builder().create_with_backend(redb::backends::InMemoryBackend::new())?;
        let tx = db.begin_write()?;
        {
            let mut orders = tx.open_table(ORDERS)?;
            let mut by_product = tx.open_table(BY_PRODUCT)?;
            let mut stock = tx.open_table(STOCK)?;
            for p in &shop.products {
                stock.insert(p.id, p.stock)?;
            }
            for o in &shop.orders {
                let doc = OrderDoc {
                    id: o.id,
                    customer_name: shop.customers[o.customer as usize].name.clone(),
                    lines: o
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
                        .collect(),
                    gift_note: None,
                };
                orders.insert(o.id, serde_json::to_vec(&doc)?.as_slice())?;
                for &(p, qty) in &o.lines {
                    by_product.insert((p, o.id), ())?;
                    let left = stock.get(p)?.map_or(0, |v| v.value()) - qty;
                    stock.insert(p, left)?;
                }
            }
        }
        tx.commit()?;
        Ok(DocShop { db })
    }

    /// An order page: one get of one document.
    ///
    /// # Errors
    ///
    /// Any redb or decoding error.
    pub fn order_page(&self, id: i64) -> DocResult<(Option<OrderDoc>, Cost)> {
        let tx = self.db.begin_read()?;
        let orders = tx.open_table(ORDERS)?;
        let Some(bytes) = orders.get(id)? else {
            return Ok((None, Cost::default()));
        };
        let raw = bytes.value();
        let cost = Cost {
            reads: 1,
            writes: 0,
            bytes: raw.len() as u64,
        };
        Ok((Some(serde_json::from_slice(raw)?), cost))
    }

    /// Renames a product: every document that embeds it is read and rewritten. With no
    /// index the store reads every document to find them.
    ///
    /// # Errors
    ///
    /// Any redb or encoding error.
    pub fn rename(&self, product: i64, name: &str) -> DocResult<Cost> {
        let mut cost = Cost::default();
        let tx = self.db.begin_write()?;
        {
            let mut orders = tx.open_table(ORDERS)?;
            let mut changed = Vec::new();
            for entry in orders.iter()? {
                let (k, v) = entry?;
                cost.reads += 1;
                cost.bytes += v.value().len() as u64;
                let mut doc: OrderDoc = serde_json::from_slice(v.value())?;
                let mut hit = false;
                for line in doc.lines.iter_mut().filter(|l| l.product == product) {
                    line.name = name.to_string();
                    hit = true;
                }
                if hit {
                    changed.push((k.value(), serde_json::to_vec(&doc)?));
                }
            }
            for (k, bytes) in changed {
                cost.writes += 1;
                cost.bytes += bytes.len() as u64;
                orders.insert(k, bytes.as_slice())?;
            }
        }
        tx.commit()?;
        Ok(cost)
    }

    /// The orders containing `product` by reading every document.
    ///
    /// # Errors
    ///
    /// Any redb or decoding error.
    pub fn orders_with_scan(&self, product: i64) -> DocResult<(Vec<i64>, Cost)> {
        let tx = self.db.begin_read()?;
        let orders = tx.open_table(ORDERS)?;
        let mut cost = Cost::default();
        let mut ids = Vec::new();
        for entry in orders.iter()? {
            let (k, v) = entry?;
            cost.reads += 1;
            cost.bytes += v.value().len() as u64;
            let doc: OrderDoc = serde_json::from_slice(v.value())?;
            if doc.lines.iter().any(|l| l.product == product) {
                ids.push(k.value());
            }
        }
        Ok((ids, cost))
    }

    /// The orders containing `product` through the hand-kept `(product, order)` index:
    /// a range over the product's entries.
    ///
    /// # Errors
    ///
    /// Any redb error.
    pub fn orders_with_index(&self, product: i64) -> DocResult<(Vec<i64>, Cost)> {
        let tx = self.db.begin_read()?;
        let index = tx.open_table(BY_PRODUCT)?;
        let mut ids = Vec::new();
        for entry in index.range((product, 0)..=(product, i64::MAX))? {
            ids.push(entry?.0.value().1);
        }
        let cost = Cost {
            reads: ids.len() as u64,
            writes: 0,
            bytes: 16 * ids.len() as u64,
        };
        Ok((ids, cost))
    }

    /// Writes a document as is (a new order, or one carrying a new field).
    ///
    /// # Errors
    ///
    /// Any redb or encoding error.
    pub fn put(&self, doc: &OrderDoc) -> DocResult<Cost> {
        let bytes = serde_json::to_vec(doc)?;
        let tx = self.db.begin_write()?;
        tx.open_table(ORDERS)?.insert(doc.id, bytes.as_slice())?;
        tx.commit()?;
        Ok(Cost {
            reads: 0,
            writes: 1,
            bytes: bytes.len() as u64,
        })
    }

    /// Takes `qty` units of `product`, checking in application code when `checked`; the
    /// store itself accepts any number. Returns the stock after.
    ///
    /// # Errors
    ///
    /// "insufficient stock" when checked and the stock would go negative; any redb
    /// error.
    pub fn take_stock(&self, product: i64, qty: i64, checked: bool) -> DocResult<i64> {
        let tx = self.db.begin_write()?;
        let left = {
            let mut stock = tx.open_table(STOCK)?;
            let left = stock.get(product)?.map_or(0, |v| v.value()) - qty;
            if checked && left < 0 {
                return Err("insufficient stock".into());
            }
            stock.insert(product, left)?;
            left
        };
        tx.commit()?;
        Ok(left)
    }

    /// The stock of `product`.
    ///
    /// # Errors
    ///
    /// Any redb error.
    pub fn stock(&self, product: i64) -> DocResult<i64> {
        let tx = self.db.begin_read()?;
        let stock = tx.open_table(STOCK)?;
        Ok(stock.get(product)?.map_or(0, |v| v.value()))
    }
}
