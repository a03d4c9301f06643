//! A contract test between two services, and the renamed field it catches that both
//! services' own unit tests miss.
//!
//! The *order service* (the provider) answers a quote as JSON; the *billing service*
//! (the consumer) reads the total from it. In release 2 the order service renames
//! `total_minor` to `amount_minor` and updates its own tests; billing's tests parse a
//! fixture written by hand, so they still pass. Consumer-driven contracts (Pact's
//! model) close the gap: billing's test records the fields it reads into a
//! [`Contract`], and the provider's build checks its real responses against every
//! consumer's contract.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::{Currency, Order, price};

/// The order service's quote, release 1.
#[derive(Debug, Serialize)]
pub struct QuoteV1 {
    /// The order id.
    pub order_id: u64,
    /// The total in minor units.
    pub total_minor: u64,
    /// The currency code.
    pub currency: &'static str,
}

/// The order service's quote, release 2: `total_minor` renamed to `amount_minor`.
#[derive(Debug, Serialize)]
pub struct QuoteV2 {
    /// The order id.
    pub order_id: u64,
    /// The total in minor units (renamed).
    pub amount_minor: u64,
    /// The currency code.
    pub currency: &'static str,
}

/// What billing reads from a quote.
#[derive(Debug, Deserialize, PartialEq, Eq)]
pub struct BillingView {
    /// The total to invoice, in minor units.
    pub total_minor: u64,
    /// The currency code.
    pub currency: String,
}

/// Which release of the order service answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Release {
    /// `total_minor`.
    V1,
    /// `amount_minor`.
    V2,
}

fn code(c: Currency) -> &'static str {
    match c {
        Currency::Eur => "EUR",
        Currency::Jpy => "JPY",
        Currency::Chf => "CHF",
    }
}

/// The order service's handler: the quote for `order`, as JSON text.
///
/// # Panics
///
/// If the order has no price (the example orders all do).
pub fn provider_quote(release: Release, order_id: u64, order: &Order) -> String {
    let total = price(order).expect("the example orders have prices");
    let currency = code(order.currency);
    match release {
        Release::V1 => serde_json::to_string(&QuoteV1 {
            order_id,
            total_minor: total,
            currency,
        }),
        Release::V2 => serde_json::to_string(&QuoteV2 {
            order_id,
            amount_minor: total,
            currency,
        }),
    }
    .expect("a quote serialises")
}

/// The billing service's parser.
///
/// # Errors
///
/// When the JSON lacks a field billing reads.
pub fn consumer_parse(json: &str) -> Result<BillingView, String> {
    serde_json::from_str(json).map_err(|e| e.to_string())
}

/// The provider's unit test: its quote carries the priced total under the field name
/// its own struct uses. Passes for both releases.
pub fn provider_unit_test(release: Release) -> bool {
    let order = Order::new(1_000, 10, Currency::Eur);
    let v: Value = match serde_json::from_str(&provider_quote(release, 7, &order)) {
        Ok(v) => v,
        Err(_) => return false,
    };
    let field = match release {
        Release::V1 => "total_minor",
        Release::V2 => "amount_minor",
    };
    v[field] == 9_500u64
}

/// Billing's own fixture: the quote as billing's developer wrote it down.
pub const CONSUMER_FIXTURE: &str = r#"{"order_id":7,"total_minor":9500,"currency":"EUR"}"#;

/// Billing's unit test, against its fixture. Passes whatever the provider ships.
pub fn consumer_unit_test() -> bool {
    consumer_parse(CONSUMER_FIXTURE)
        == Ok(BillingView {
            total_minor: 9_500,
            currency: "EUR".into(),
        })
}

/// A consumer-driven contract: the fields a consumer reads, with their JSON types.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Contract {
    /// `(field, type)`: "number" or "string".
    pub fields: Vec<(String, &'static str)>,
}

/// Billing's contract, recorded from its fixture (the fields it reads, which are the
/// fields of [`BillingView`]).
pub fn consumer_contract() -> Contract {
    let v: Value = serde_json::from_str(CONSUMER_FIXTURE).expect("the fixture is JSON");
    let fields = ["total_minor", "currency"]
        .iter()
        .map(|f| {
            let kind = if v[*f].is_number() {
                "number"
            } else {
                "string"
            };
            ((*f).to_string(), kind)
        })
        .collect();
    Contract { fields }
}

/// The provider's contract verification: replays the consumer's interaction against
/// the real provider and returns the fields the response is missing or mistyped.
pub fn verify_provider(release: Release, contract: &Contract) -> Vec<String> {
    let order = Order::new(1_000, 10, Currency::Eur);
    let v: Value = serde_json::from_str(&provider_quote(release, 7, &order)).expect("JSON");
    contract
        .fields
        .iter()
        .filter(|(f, kind)| match *kind {
            "number" => !v[f.as_str()].is_number(),
            _ => !v[f.as_str()].is_string(),
        })
        .map(|(f, _)| f.clone())
        .collect()
}
