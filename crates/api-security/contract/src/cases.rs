//! The conformance cases, in teaching order: the limiter's burst, its refusals and
//! refill, its keys and threads, the window bound and the model test; then the policy's
//! 401, 403 and 404, and the whole role × route matrix.
//!
//! Times are exact [`Duration`]s passed to [`Limiter::check_at`], so no case waits on a
//! clock or depends on how fast the machine is.

use std::sync::Arc;
use std::thread;
use std::time::Duration;

use proptest::prelude::*;
use testkit::property::{TestCaseError, check_explained, same, steps};

use crate::naive::interval_and_capacity;
use crate::{
    Access, Caller, Column, Limiter, Policy, RetryAfter, Role, Route, TableOracle, TokenBucket,
    expected_access,
};

const MS: Duration = Duration::from_millis(1);

/// Sends `n` requests for `key` at `now` and counts the ones let through.
fn passes<L: Limiter>(limiter: &L, key: &str, now: Duration, n: usize) -> usize {
    (0..n)
        .filter(|_| limiter.check_at(key, now).is_ok())
        .count()
}

/// A new key may send `burst` requests at the same instant, and the next one at that
/// instant is refused: the burst is the bucket's size, and a fresh key starts full.
pub fn a_fresh_key_gets_its_burst_at_once<L: Limiter>() {
    let limiter = L::new(10.0, 5);
    let now = Duration::from_secs(1);
    let passed = passes(&limiter, "alice", now, 5);
    assert_eq!(
        passed, 5,
        "a new key with burst 5 sent 5 requests at the same instant and {passed} passed: \
         a fresh key starts with its whole burst available"
    );
    assert!(
        limiter.check_at("alice", now).is_err(),
        "the 6th request at the same instant passed: burst 5 means at most 5 at once"
    );
}

/// A refusal carries the exact wait: at 4 requests per second (one every 250 ms) with
/// burst 2, the third request at t = 0 must wait 250 ms; 100 ms later, 150 ms; a request
/// one nanosecond early is still refused, one on time passes.
pub fn a_refusal_says_when_the_next_request_passes<L: Limiter>() {
    let limiter = L::new(4.0, 2);
    let t0 = Duration::from_secs(10);
    assert_eq!(passes(&limiter, "k", t0, 2), 2, "burst 2 at t0");
    assert_eq!(
        limiter.check_at("k", t0),
        Err(RetryAfter(250 * MS)),
        "at 4 requests/s the emission interval is 250 ms: with the burst spent at t0, the \
         next request passes at t0 + 250 ms, so RetryAfter must say 250 ms"
    );
    assert_eq!(
        limiter.check_at("k", t0 + 100 * MS),
        Err(RetryAfter(150 * MS)),
        "100 ms later the wait is 150 ms: RetryAfter is measured from `now`, not from the \
         last refusal"
    );
    assert!(
        limiter
            .check_at("k", t0 + 250 * MS - Duration::from_nanos(1))
            .is_err(),
        "a request 1 ns before t0 + 250 ms passed: the interval is not over yet"
    );
    assert_eq!(
        limiter.check_at("k", t0 + 250 * MS),
        Ok(()),
        "a request at exactly t0 + 250 ms, the time RetryAfter promised, was refused"
    );
}

/// After the burst, requests pass at the rate: 10 per second with burst 1, a request
/// every 10 ms for 10 s (1,000 requests) lets exactly 100 through, one per 100 ms.
pub fn requests_pass_again_at_the_rate<L: Limiter>() {
    let limiter = L::new(10.0, 1);
    let passed = (0..1_000u32)
        .filter(|i| limiter.check_at("k", *i * 10 * MS).is_ok())
        .count();
    assert_eq!(
        passed, 100,
        "10 requests/s, burst 1, one request every 10 ms from t = 0 to 9.99 s: the ones at \
         0, 100, 200, ... 9,900 ms should pass, 100 in all; {passed} passed"
    );
}

/// Idle time refills the bucket only up to the burst: a key that sent one request and
/// then waited an hour may send 3 at once (burst 3), not 36,000.
pub fn an_idle_key_saves_up_no_more_than_its_burst<L: Limiter>() {
    let limiter = L::new(10.0, 3);
    assert_eq!(limiter.check_at("k", Duration::ZERO), Ok(()));
    let later = Duration::from_secs(3_600);
    let passed = passes(&limiter, "k", later, 10);
    assert_eq!(
        passed, 3,
        "after an hour idle at 10 requests/s with burst 3, 10 requests at one instant let \
         {passed} through: credit is capped at the burst (a token bucket never holds more \
         than its size; in GCRA, the stored time is max(tat, now))"
    );
}

/// A refused request changes nothing: 1,000 refusals within the interval do not push the
/// next allowed time back (a limiter that counted them would lock a retrying client out
/// for ever).
pub fn a_refused_request_costs_nothing<L: Limiter>() {
    let limiter = L::new(1.0, 1);
    assert_eq!(limiter.check_at("k", Duration::ZERO), Ok(()));
    let refused = (0..1_000u64)
        .filter(|i| {
            limiter
                .check_at("k", Duration::from_micros(*i * 999))
                .is_err()
        })
        .count();
    assert_eq!(
        refused, 1_000,
        "1 request/s, burst 1: every request in the first second after one that passed is refused"
    );
    assert_eq!(
        limiter.check_at("k", Duration::from_secs(1)),
        Ok(()),
        "after 1,000 refusals the request at t = 1 s was refused: refusals must not be \
         counted (store the new time only when a request passes)"
    );
}

/// Each key has its own budget: exhausting `alice` leaves `bob` and 1,000 other keys
/// their full burst, and `alice` stays refused.
pub fn keys_are_independent<L: Limiter>() {
    let limiter = L::new(1.0, 2);
    let now = Duration::from_secs(5);
    assert_eq!(passes(&limiter, "alice", now, 5), 2, "alice: burst 2 of 5");
    assert_eq!(
        passes(&limiter, "bob", now, 5),
        2,
        "bob got a different number than his burst of 2 after alice used hers: one key's \
         requests must not spend another's budget"
    );
    for i in 0..1_000 {
        let key = format!("user-{i}");
        let passed = passes(&limiter, &key, now, 3);
        assert_eq!(
            passed, 2,
            "{key} (after {i} other keys) got {passed} requests of burst 2: every key \
             starts full, whatever the others did"
        );
    }
    assert!(
        limiter.check_at("alice", now).is_err(),
        "alice passed again at the same instant after other keys were added: a key's state \
         must survive other keys' inserts"
    );
}

/// Shared by 8 threads at once, one hot key lets exactly its burst through (no lost
/// update lets an extra request pass), and each thread's own key gets its whole burst.
pub fn threads_sharing_a_key_get_exactly_its_burst<L: Limiter + 'static>() {
    const THREADS: usize = 8;
    const BURST: u32 = 100;
    let limiter = Arc::new(L::new(1.0, BURST));
    let now = Duration::from_secs(1);
    let counts = testkit::watchdog::within(
        Duration::from_secs(30),
        "8 threads calling check_at",
        move || {
            let workers: Vec<_> = (0..THREADS)
                .map(|t| {
                    let limiter = Arc::clone(&limiter);
                    thread::spawn(move || {
                        let own = format!("thread-{t}");
                        let mut hot = 0;
                        let mut mine = 0;
                        for _ in 0..BURST {
                            hot += usize::from(limiter.check_at("hot", now).is_ok());
                            mine += usize::from(limiter.check_at(&own, now).is_ok());
                        }
                        (hot, mine)
                    })
                })
                .collect();
            // When a worker panics, the others may panic too on a lock it poisoned:
            // report the first panic that is not about poisoning, which is the cause.
            let mut counts = Vec::new();
            let mut panics = Vec::new();
            for worker in workers {
                match worker.join() {
                    Ok(count) => counts.push(count),
                    Err(payload) => panics.push(payload),
                }
            }
            if !panics.is_empty() {
                let text = |p: &Box<dyn std::any::Any + Send>| {
                    p.downcast_ref::<String>()
                        .cloned()
                        .or_else(|| p.downcast_ref::<&str>().map(|s| s.to_string()))
                        .unwrap_or_default()
                };
                let cause = panics
                    .iter()
                    .position(|p| !text(p).contains("PoisonError"))
                    .unwrap_or(0);
                std::panic::resume_unwind(panics.swap_remove(cause));
            }
            counts
        },
    );
    let hot: usize = counts.iter().map(|c| c.0).sum();
    assert_eq!(
        hot, BURST as usize,
        "8 threads sent 100 requests each on one key with burst 100 at one instant and \
         {hot} passed: a read-modify-write without a lock or compare-and-swap lets two \
         threads spend the same credit"
    );
    for (t, (_, mine)) in counts.iter().enumerate() {
        assert_eq!(
            *mine, BURST as usize,
            "thread {t}'s own key got {mine} of its burst of 100"
        );
    }
}

/// One request in a property case: which key, and how long after the previous request.
#[derive(Debug, Clone, Copy)]
struct Request {
    key: usize,
    gap_ns: u64,
}

/// A random limiter configuration and request sequence.
#[derive(Debug, Clone)]
struct Scenario {
    rate: f64,
    burst: u32,
    requests: Vec<Request>,
}

const KEYS: [&str; 3] = ["alice", "bob", "carol"];

fn scenarios() -> impl Strategy<Value = Scenario> {
    let rate = prop_oneof![
        Just(0.5),
        Just(1.0),
        Just(3.0),
        Just(10.0),
        Just(250.0),
        0.1f64..2_000.0
    ];
    let gap = prop_oneof![
        Just(0u64),
        1u64..1_000_000,
        1_000_000u64..100_000_000,
        100_000_000u64..3_000_000_000,
    ];
    let request = (0..KEYS.len(), gap).prop_map(|(key, gap_ns)| Request { key, gap_ns });
    (rate, 1u32..8, prop::collection::vec(request, 1..120)).prop_map(|(rate, burst, requests)| {
        Scenario {
            rate,
            burst,
            requests,
        }
    })
}

fn explain(s: &Scenario) -> String {
    let mut t = 0u64;
    let lines = s.requests.iter().map(|r| {
        t += r.gap_ns;
        format!("check_at({:?}, {t} ns)", KEYS[r.key])
    });
    format!(
        "RateLimiter::new({}, {}), then\n{}",
        s.rate,
        s.burst,
        steps(lines)
    )
}

/// The property the issue states: over any window of length W, at most
/// `burst + rate × W` requests of one key pass. Checked on every pair of passed requests
/// of every key (the window from the first to the last of them), for random rates,
/// bursts and request times, including many at the same instant.
pub fn no_window_lets_more_than_burst_plus_rate_times_its_length<L: Limiter>() {
    check_explained(&scenarios(), explain, |s| {
        let limiter = L::new(s.rate, s.burst);
        let mut passed: Vec<Vec<u64>> = vec![Vec::new(); KEYS.len()];
        let mut t = 0u64;
        for r in &s.requests {
            t += r.gap_ns;
            if limiter
                .check_at(KEYS[r.key], Duration::from_nanos(t))
                .is_ok()
            {
                passed[r.key].push(t);
            }
        }
        for (key, times) in passed.iter().enumerate() {
            for i in 0..times.len() {
                for j in i..times.len() {
                    let window_s = (times[j] - times[i]) as f64 / 1e9;
                    let count = (j - i + 1) as f64;
                    let bound = f64::from(s.burst) + s.rate * window_s;
                    if count > bound + 1e-9 {
                        return Err(TestCaseError::fail(format!(
                            "{} requests of {:?} passed between {} ns and {} ns, a window \
                             of {window_s} s; burst {} + rate {} × {window_s} s allows at \
                             most {bound:.3}",
                            j - i + 1,
                            KEYS[key],
                            times[i],
                            times[j],
                            s.burst,
                            s.rate
                        )));
                    }
                }
            }
        }
        Ok(())
    });
}

/// Model-based: every decision, and every `RetryAfter`, equals the naive
/// [`TokenBucket`]'s (GCRA and a token bucket with the same interval and burst decide
/// alike to the nanosecond).
pub fn agrees_with_the_token_bucket_model<L: Limiter>() {
    check_explained(&scenarios(), explain, |s| {
        let limiter = L::new(s.rate, s.burst);
        let model = TokenBucket::new(s.rate, s.burst);
        let (interval, _) = interval_and_capacity(s.rate, s.burst);
        let mut t = 0u64;
        for (step, r) in s.requests.iter().enumerate() {
            t += r.gap_ns;
            let now = Duration::from_nanos(t);
            same(
                limiter.check_at(KEYS[r.key], now),
                model.check_at(KEYS[r.key], now),
                || {
                    format!(
                        "step {} (the emission interval is {interval} ns, ceil(1e9 / rate))",
                        step + 1
                    )
                },
            )?;
        }
        Ok(())
    });
}

/// Without valid credentials every route answers 401, whether or not the order exists:
/// authentication comes before anything else, and an anonymous caller learns nothing.
pub fn anonymous_callers_get_401_everywhere<P: Policy>() {
    for route in Route::ALL {
        for owner in [Some(Column::ORDER_OWNER), None] {
            let got = P::decide(None, route, owner);
            assert_eq!(
                got,
                Access::Unauthenticated,
                "an anonymous caller on {route} (order owner {owner:?}) got {got:?}: with no \
                 valid credentials the answer is 401 before any other check"
            );
        }
    }
}

/// Function-level authorization: a customer on `GET /admin/users`, support on
/// `POST /orders` or `DELETE /orders/{id}` get 403, and the role check comes before the
/// object check (support deleting a missing order is still 403).
pub fn a_customer_cannot_use_admin_routes<P: Policy>() {
    let customer = Caller {
        user: 1,
        role: Role::Customer,
    };
    let support = Caller {
        user: 3,
        role: Role::Support,
    };
    let cases = [
        (customer, Route::ListUsers, None),
        (support, Route::ListUsers, None),
        (support, Route::CreateOrder, None),
        (support, Route::DeleteOrder, Some(1)),
        (support, Route::DeleteOrder, None),
    ];
    for (caller, route, owner) in cases {
        let got = P::decide(Some(caller), route, owner);
        assert_eq!(
            got,
            Access::Forbidden,
            "{caller:?} on {route} (order owner {owner:?}) got {got:?}: the roles allowed on \
             this route are {:?}, so the answer is 403, decided before looking at any order",
            route.roles()
        );
    }
}

/// Object-level authorization (OWASP API1, BOLA): customer 2 reading or deleting
/// customer 1's order gets 404, not 200 (the leak) and not 403 (which confirms the id
/// exists).
pub fn another_customers_order_is_not_found<P: Policy>() {
    let bob = Caller {
        user: 2,
        role: Role::Customer,
    };
    for route in [Route::ReadOrder, Route::DeleteOrder] {
        let got = P::decide(Some(bob), route, Some(1));
        assert_eq!(
            got,
            Access::NotFound,
            "customer 2 on {route} for customer 1's order got {got:?}: compare the order's \
             owner with the caller, and answer 404 so the caller cannot tell a foreign id \
             from a missing one"
        );
        let own = P::decide(Some(bob), route, Some(2));
        assert_eq!(
            own,
            Access::Allow,
            "customer 2 on {route} for their own order got {own:?}"
        );
    }
}

/// A missing order is 404 for every caller who may use the route, admins included.
pub fn a_missing_order_is_404_even_for_admins<P: Policy>() {
    for column in [Column::Owner, Column::Support, Column::Admin] {
        let caller = column.caller();
        let got = P::decide(caller, Route::ReadOrder, None);
        assert_eq!(
            got,
            Access::NotFound,
            "{} reading an order that does not exist got {got:?}",
            column.name()
        );
    }
}

/// The whole matrix: every route × every caller, against the table in
/// [`expected_access`]; then every role, user and owner combination against the
/// [`TableOracle`]. The failure prints the matrix you produced beside the expected one.
pub fn the_role_route_matrix_holds<P: Policy>() {
    let mut wrong = Vec::new();
    let mut table = String::new();
    for route in Route::ALL {
        table.push_str(&format!("\n  {:<22}", route.to_string()));
        for column in Column::ALL {
            let got = P::decide(column.caller(), route, Some(Column::ORDER_OWNER));
            let expected = expected_access(column, route);
            table.push_str(&format!(" {:>3}", got.status(route)));
            if got != expected {
                wrong.push(format!(
                    "{route} as {}: got {got:?} ({}), expected {expected:?} ({})",
                    column.name(),
                    got.status(route),
                    expected.status(route)
                ));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "{} cells of the authorization matrix are wrong (order 1 belongs to user 1; columns: \
         anonymous, owner, another customer, support, admin):{table}\n{}",
        wrong.len(),
        wrong.join("\n")
    );
    for user in 1..=4u64 {
        for role in Role::ALL {
            for route in Route::ALL {
                for owner in [None, Some(1), Some(2), Some(3), Some(4)] {
                    let caller = Some(Caller { user, role });
                    let got = P::decide(caller, route, owner);
                    let expected = TableOracle::decide(caller, route, owner);
                    assert_eq!(
                        got, expected,
                        "{role:?} user {user} on {route} with order owner {owner:?}"
                    );
                }
            }
        }
    }
}
