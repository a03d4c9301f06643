//! The naive oracle: the orders as a plain list, and the status code and order each
//! request should get, written straight from the table with no HTTP in it.
//! [`crate::cases::agrees_with_the_model`] runs random request sequences against a
//! server and this model side by side.

use std::fmt;

/// Which ETag a conditional request sends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tag {
    /// No precondition header.
    Missing,
    /// The ETag the server last gave for this order.
    Current,
    /// An ETag the order never had.
    Stale,
}

/// One request of a random sequence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Op {
    /// `POST /orders` with this quantity (0 or over 1000 is out of range: 422).
    Create {
        /// The quantity sent.
        quantity: u64,
    },
    /// `GET /orders/{id}`, with `If-None-Match` per `tag`.
    Read {
        /// The id asked for.
        id: u64,
        /// The `If-None-Match` sent.
        tag: Tag,
    },
    /// `PUT /orders/{id}` with this quantity, `If-Match` per `tag`.
    Replace {
        /// The id asked for.
        id: u64,
        /// The `If-Match` sent.
        tag: Tag,
        /// The quantity sent.
        quantity: u64,
    },
    /// `DELETE /orders/{id}`.
    Delete {
        /// The id asked for.
        id: u64,
    },
    /// `GET /orders?limit=` and the pages after it, following `next` to the end.
    ListAll {
        /// The page size sent (0 or over 100 is a bad limit: 400).
        limit: usize,
    },
}

impl fmt::Display for Op {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let tag = |tag: &Tag, header: &str| match tag {
            Tag::Missing => String::new(),
            Tag::Current => format!(" with {header}: <its current ETag>"),
            Tag::Stale => format!(" with {header}: <an ETag it never had>"),
        };
        match self {
            Op::Create { quantity } => {
                write!(
                    f,
                    "POST /orders {{\"item\":\"tea\",\"quantity\":{quantity}}}"
                )
            }
            Op::Read { id, tag: t } => write!(f, "GET /orders/{id}{}", tag(t, "If-None-Match")),
            Op::Replace {
                id,
                tag: t,
                quantity,
            } => write!(
                f,
                "PUT /orders/{id} {{\"item\":\"tea\",\"quantity\":{quantity}}}{}",
                tag(t, "If-Match")
            ),
            Op::Delete { id } => write!(f, "DELETE /orders/{id}"),
            Op::ListAll { limit } => write!(f, "GET /orders?limit={limit}, then every next page"),
        }
    }
}

/// What the model expects of one request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Expected {
    /// The status code.
    pub status: u16,
    /// For 200 and 201 on one order: its id, quantity and version.
    pub order: Option<(u64, u64, u64)>,
    /// For a list: every id, in order, across all pages.
    pub ids: Option<Vec<u64>>,
}

/// The orders as a list of `(id, quantity, version)`, searched linearly.
#[derive(Debug, Clone, Default)]
pub struct Model {
    orders: Vec<(u64, u64, u64)>,
    created: u64,
}

impl Model {
    /// An empty model.
    pub fn new() -> Model {
        Model::default()
    }

    /// The ids of the orders there are now.
    pub fn ids(&self) -> Vec<u64> {
        self.orders.iter().map(|o| o.0).collect()
    }

    /// What `op` should get, and the model's state after it.
    pub fn apply(&mut self, op: &Op) -> Expected {
        let valid = |q: u64| (1..=1000).contains(&q);
        let just = |status| Expected {
            status,
            order: None,
            ids: None,
        };
        let found = |orders: &Vec<(u64, u64, u64)>, id: u64| orders.iter().position(|o| o.0 == id);
        match *op {
            Op::Create { quantity } => {
                if !valid(quantity) {
                    return just(422);
                }
                self.created += 1;
                let order = (self.created, quantity, 1);
                self.orders.push(order);
                Expected {
                    order: Some(order),
                    ..just(201)
                }
            }
            Op::Read { id, tag } => match found(&self.orders, id) {
                None => just(404),
                Some(_) if tag == Tag::Current => just(304),
                Some(i) => Expected {
                    order: Some(self.orders[i]),
                    ..just(200)
                },
            },
            Op::Replace { id, tag, quantity } => match found(&self.orders, id) {
                None => just(404),
                Some(_) if tag == Tag::Missing => just(428),
                Some(_) if tag == Tag::Stale => just(412),
                Some(_) if !valid(quantity) => just(422),
                Some(i) => {
                    let (id, _, version) = self.orders[i];
                    self.orders[i] = (id, quantity, version + 1);
                    Expected {
                        order: Some(self.orders[i]),
                        ..just(200)
                    }
                }
            },
            Op::Delete { id } => match found(&self.orders, id) {
                None => just(404),
                Some(i) => {
                    self.orders.remove(i);
                    just(204)
                }
            },
            Op::ListAll { limit } => {
                if !(1..=100).contains(&limit) {
                    return just(400);
                }
                Expected {
                    ids: Some(self.ids()),
                    ..just(200)
                }
            }
        }
    }
}
