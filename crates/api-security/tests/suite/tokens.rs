//! Token validation claim by claim, the forged tokens, API key storage, and the limiter
//! beyond the contract (eviction, bad configuration).

use std::time::Duration;

use api_security::auth::{Claims, forge, unix_now};
use api_security::demo::{AUDIENCE, ISSUER, tokens_for_demo, worst_excess};
use api_security::{ApiKeys, Caller, RateLimiter, Role, TokenError, Tokens};

const ALICE: Caller = Caller {
    user: 1,
    role: Role::Customer,
};

fn claims(f: impl FnOnce(&mut Claims)) -> Claims {
    let now = unix_now();
    let mut c = Claims {
        sub: "1".into(),
        role: "customer".into(),
        iss: ISSUER.into(),
        aud: AUDIENCE.into(),
        exp: now + 600,
        nbf: now,
        iat: now,
    };
    f(&mut c);
    c
}

fn hs256() -> jsonwebtoken::Header {
    jsonwebtoken::Header::new(jsonwebtoken::Algorithm::HS256)
}

#[test]
fn a_valid_token_proves_its_caller() {
    let tokens = tokens_for_demo();
    assert_eq!(
        tokens.verify(&tokens.issue(ALICE, Duration::from_secs(60))),
        Ok(ALICE)
    );
}

#[test]
fn forged_tokens_are_refused_for_the_right_reason() {
    let tokens = tokens_for_demo();
    let valid = tokens.issue(ALICE, Duration::from_secs(60));
    assert_eq!(
        tokens.verify(&forge::alg_none(&valid)),
        Err(TokenError::Malformed)
    );
    assert_eq!(
        tokens.verify(&forge::promote_to_admin(&valid)),
        Err(TokenError::BadSignature)
    );
    assert_eq!(
        tokens.verify(&forge::with_alg(&valid, "HS512")),
        Err(TokenError::WrongAlgorithm)
    );
    // The edit really changed the role: decoded without checks it says admin.
    let edited: Claims =
        jsonwebtoken::dangerous::insecure_decode_claims(forge::promote_to_admin(&valid)).unwrap();
    assert_eq!(edited.role, "admin");
    let other_key = Tokens::new(b"another secret, also 32 bytes or more!!", ISSUER, AUDIENCE);
    assert_eq!(
        tokens.verify(&other_key.issue(ALICE, Duration::from_secs(60))),
        Err(TokenError::BadSignature)
    );
}

#[test]
fn every_registered_claim_is_checked() {
    let tokens = tokens_for_demo();
    let now = unix_now();
    let check = |c: Claims| tokens.verify(&tokens.sign(&hs256(), &c));
    assert_eq!(
        check(claims(|c| c.exp = now - 120)),
        Err(TokenError::Expired)
    );
    // Within the 30 s leeway, still valid.
    assert_eq!(check(claims(|c| c.exp = now - 5)), Ok(ALICE));
    assert_eq!(
        check(claims(|c| c.nbf = now + 600)),
        Err(TokenError::NotYetValid)
    );
    assert_eq!(
        check(claims(|c| c.aud = "billing".into())),
        Err(TokenError::WrongAudience)
    );
    assert_eq!(
        check(claims(|c| c.iss = "https://evil.test".into())),
        Err(TokenError::WrongIssuer)
    );
    assert_eq!(
        check(claims(|c| c.role = "root".into())),
        Err(TokenError::BadClaims)
    );
    assert_eq!(
        check(claims(|c| c.sub = "alice".into())),
        Err(TokenError::BadClaims)
    );
    // A correctly signed token without `aud` at all: its claims do not parse as Claims.
    let key = jsonwebtoken::EncodingKey::from_secret(api_security::demo::SECRET).unwrap();
    let no_audience = serde_json::json!({"sub": "1", "role": "customer", "iss": ISSUER, "exp": now + 600, "nbf": now});
    let missing = jsonwebtoken::encode(&hs256(), &no_audience, &key).unwrap();
    assert_eq!(tokens.verify(&missing), Err(TokenError::Malformed));
    assert_eq!(tokens.verify("not.a.token"), Err(TokenError::Malformed));
    assert_eq!(tokens.verify(""), Err(TokenError::Malformed));
}

#[test]
#[should_panic(expected = "an HS256 secret needs at least 32 bytes")]
fn a_short_secret_is_refused() {
    let _ = Tokens::new(b"short", ISSUER, AUDIENCE);
}

#[test]
fn api_keys_are_stored_hashed_and_checked_whole() {
    let mut keys = ApiKeys::default();
    let mut rng = evidence::workload::rng(5);
    let alice = keys.issue(ALICE, &mut rng);
    let bob = keys.issue(
        Caller {
            user: 2,
            role: Role::Customer,
        },
        &mut rng,
    );
    assert!(
        alice.starts_with("lab_") && alice.len() == 4 + 8 + 1 + 32,
        "{alice}"
    );
    assert_eq!(keys.verify(&alice), Some(ALICE));
    assert_eq!(keys.verify(&bob).map(|c| c.user), Some(2));
    // Bob's id with Alice's secret, a truncated key, garbage: all refused.
    let (bob_prefix, _) = bob.rsplit_once('_').unwrap();
    let (_, alice_secret) = alice.rsplit_once('_').unwrap();
    assert_eq!(keys.verify(&format!("{bob_prefix}_{alice_secret}")), None);
    assert_eq!(keys.verify(&alice[..alice.len() - 1]), None);
    assert_eq!(keys.verify("lab_"), None);
    assert_eq!(keys.verify(""), None);
    let stored = keys.stored_bytes();
    for key in [&alice, &bob] {
        let (_, secret) = key.rsplit_once('_').unwrap();
        assert!(
            !stored.windows(secret.len()).any(|w| w == secret.as_bytes()),
            "a secret is stored in the clear"
        );
    }
}

#[test]
fn the_limiter_forgets_keys_whose_bucket_is_full_again() {
    let limiter = RateLimiter::new(10.0, 2);
    for i in 0..100 {
        limiter
            .check_at(&format!("k{i}"), Duration::from_millis(i))
            .unwrap();
    }
    assert_eq!(limiter.len(), 100);
    // Key i's TAT is i ms + 100 ms: at 150 ms, keys 0..=50 carry nothing.
    assert_eq!(limiter.retain_recent(Duration::from_millis(150)), 51);
    assert_eq!(limiter.len(), 49);
    assert_eq!(limiter.retain_recent(Duration::from_secs(1)), 49);
    assert!(limiter.is_empty());
}

#[test]
#[should_panic(expected = "rate_per_sec must be a finite number above zero")]
fn a_zero_rate_is_refused() {
    let _ = RateLimiter::new(0.0, 1);
}

#[test]
#[should_panic(expected = "burst must be at least 1")]
fn a_zero_burst_is_refused() {
    let _ = RateLimiter::new(1.0, 0);
}

#[test]
fn worst_excess_finds_the_densest_window() {
    // At 1/s: 3 requests at 0 s, then one at 10 s: the densest window holds 3 in 0 s.
    let s = 1_000_000_000;
    assert_eq!(worst_excess(&[0, 0, 0, 10 * s], 1.0), 3.0);
    // 4 requests 0.5 s apart at 1/s: 4 − 1.5 = 2.5.
    assert_eq!(worst_excess(&[0, s / 2, s, 3 * s / 2], 1.0), 2.5);
    assert_eq!(worst_excess(&[], 1.0), 0.0);
}
