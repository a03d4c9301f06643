//! Authentication: HS256 JSON Web Tokens validated claim by claim, and API keys stored
//! as SHA-256 hashes and compared in constant time.
//!
//! The tokens go through the `jsonwebtoken` crate with a crypto provider of this
//! module's own: HMAC-SHA-256 only, on the RustCrypto `hmac` and `sha2` crates. The
//! crate's built-in backends would compile RSA, ECDSA and EdDSA (`rust_crypto`) or a C
//! library (`aws_lc_rs`) for an API that signs with one shared secret; a provider that
//! knows one algorithm also refuses every other one a token's header may ask for.

use std::collections::HashMap;
use std::fmt;
use std::sync::Once;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use hmac::{Hmac, KeyInit, Mac};
use jsonwebtoken::crypto::{CryptoProvider, JwtSigner, JwtVerifier, KeyUtils};
use jsonwebtoken::errors::ErrorKind;
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use rand::{Rng, RngExt};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::policy::{Caller, Role};

/// Seconds of clock skew allowed on `exp` and `nbf` between the issuer and this server.
pub const LEEWAY_SECS: u64 = 30;

/// The claims this API's tokens carry (RFC 7519, section 4.1, plus `role`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Claims {
    /// Subject: the user id, as a string.
    pub sub: String,
    /// The user's role name ([`Role::name`]).
    pub role: String,
    /// Issuer: who minted the token.
    pub iss: String,
    /// Audience: the API it is for.
    pub aud: String,
    /// Expiry, seconds since the Unix epoch.
    pub exp: u64,
    /// Not before, seconds since the Unix epoch.
    pub nbf: u64,
    /// Issued at, seconds since the Unix epoch.
    pub iat: u64,
}

/// Why a token was refused. Each becomes `401` with
/// `WWW-Authenticate: Bearer error="invalid_token"` (RFC 6750, section 3.1).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TokenError {
    /// Not three base64url parts of JSON, claims that do not parse as [`Claims`] (one
    /// missing), or a header naming no algorithm this crate knows (`alg: none` lands
    /// here: `jsonwebtoken` has no such algorithm).
    Malformed,
    /// A known algorithm other than HS256 (the allow-list has one entry).
    WrongAlgorithm,
    /// The HMAC does not match: the header or claims were changed, or another key signed.
    BadSignature,
    /// `exp` is in the past (beyond the leeway).
    Expired,
    /// `nbf` is in the future (beyond the leeway).
    NotYetValid,
    /// `iss` is not this API's issuer.
    WrongIssuer,
    /// `aud` is not this API.
    WrongAudience,
    /// A registered claim has the wrong type, or `sub` or `role` does not name a user
    /// and a role.
    BadClaims,
}

impl TokenError {
    /// The `WWW-Authenticate` header value for the 401.
    ///
    /// ```
    /// use api_security::TokenError;
    /// assert_eq!(
    ///     TokenError::Expired.www_authenticate(),
    ///     r#"Bearer realm="orders", error="invalid_token", error_description="the token expired""#
    /// );
    /// ```
    pub fn www_authenticate(&self) -> String {
        format!(r#"Bearer realm="orders", error="invalid_token", error_description="{self}""#)
    }
}

impl fmt::Display for TokenError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            TokenError::Malformed => "the token is malformed or names an unknown algorithm",
            TokenError::WrongAlgorithm => "the token is not signed with HS256",
            TokenError::BadSignature => "the token's signature does not match",
            TokenError::Expired => "the token expired",
            TokenError::NotYetValid => "the token is not valid yet",
            TokenError::WrongIssuer => "the token comes from another issuer",
            TokenError::WrongAudience => "the token is for another audience",
            TokenError::BadClaims => "the token's claims are missing or invalid",
        })
    }
}

impl std::error::Error for TokenError {}

/// Mints and validates this API's HS256 tokens.
///
/// ```
/// use std::time::Duration;
/// use api_security::{Caller, Role, TokenError, Tokens};
///
/// let tokens = Tokens::new(b"a secret of at least 32 bytes, from a vault", "https://auth.lab", "orders");
/// let alice = Caller { user: 1, role: Role::Customer };
/// let token = tokens.issue(alice, Duration::from_secs(300));
/// assert_eq!(tokens.verify(&token), Ok(alice));
///
/// let expired = tokens.issue_at(alice, api_security::auth::unix_now() - 3_600, Duration::from_secs(300));
/// assert_eq!(tokens.verify(&expired), Err(TokenError::Expired));
/// ```
pub struct Tokens {
    encoding: EncodingKey,
    decoding: DecodingKey,
    validation: Validation,
    issuer: String,
    audience: String,
}

impl fmt::Debug for Tokens {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Never the key.
        f.debug_struct("Tokens")
            .field("issuer", &self.issuer)
            .field("audience", &self.audience)
            .finish_non_exhaustive()
    }
}

impl Tokens {
    /// Tokens signed with `secret` (RFC 7518 asks for at least 256 bits for HS256),
    /// issued by `issuer` for `audience`.
    ///
    /// # Panics
    ///
    /// If `secret` is shorter than 32 bytes: a short HMAC key can be guessed offline
    /// from any one token.
    pub fn new(secret: &[u8], issuer: &str, audience: &str) -> Self {
        assert!(
            secret.len() >= 32,
            "an HS256 secret needs at least 32 bytes, got {}",
            secret.len()
        );
        install_provider();
        let mut validation = Validation::new(Algorithm::HS256);
        validation.set_issuer(&[issuer]);
        validation.set_audience(&[audience]);
        validation.set_required_spec_claims(&["exp", "nbf", "iss", "aud", "sub"]);
        validation.validate_exp = true;
        validation.validate_nbf = true;
        validation.leeway = LEEWAY_SECS;
        Tokens {
            encoding: EncodingKey::from_secret(secret).expect("an HMAC key accepts any bytes"),
            decoding: DecodingKey::from_secret(secret).expect("an HMAC key accepts any bytes"),
            validation,
            issuer: issuer.to_owned(),
            audience: audience.to_owned(),
        }
    }

    /// A token for `caller`, valid from now for `ttl`.
    pub fn issue(&self, caller: Caller, ttl: Duration) -> String {
        self.issue_at(caller, unix_now(), ttl)
    }

    /// A token for `caller` issued at `iat` (seconds since the Unix epoch), valid for
    /// `ttl` from then: with an `iat` in the past, an expired token for the tests.
    pub fn issue_at(&self, caller: Caller, iat: u64, ttl: Duration) -> String {
        let claims = Claims {
            sub: caller.user.to_string(),
            role: caller.role.name().to_owned(),
            iss: self.issuer.clone(),
            aud: self.audience.clone(),
            exp: iat + ttl.as_secs(),
            nbf: iat,
            iat,
        };
        self.sign(&Header::new(Algorithm::HS256), &claims)
    }

    /// Signs arbitrary claims under `header`: for tests that need a token with a wrong
    /// audience or issuer, correctly signed.
    pub fn sign(&self, header: &Header, claims: &Claims) -> String {
        jsonwebtoken::encode(header, claims, &self.encoding)
            .expect("the HS256 provider signs any claims")
    }

    /// Validates `token` completely (the signature with the configured key, `alg` from
    /// the allow-list, `exp`, `nbf`, `iss`, `aud`, and that `sub` and `role` name a user
    /// and a role) and returns the caller it proves.
    ///
    /// # Errors
    ///
    /// The first check that failed, as a [`TokenError`].
    pub fn verify(&self, token: &str) -> Result<Caller, TokenError> {
        let data = jsonwebtoken::decode::<Claims>(token, &self.decoding, &self.validation)
            .map_err(|e| match e.kind() {
                ErrorKind::InvalidSignature => TokenError::BadSignature,
                ErrorKind::InvalidAlgorithm | ErrorKind::UnsupportedAlgorithm => {
                    TokenError::WrongAlgorithm
                }
                ErrorKind::ExpiredSignature => TokenError::Expired,
                ErrorKind::ImmatureSignature => TokenError::NotYetValid,
                ErrorKind::InvalidIssuer => TokenError::WrongIssuer,
                ErrorKind::InvalidAudience => TokenError::WrongAudience,
                ErrorKind::MissingRequiredClaim(_) | ErrorKind::InvalidClaimFormat(_) => {
                    TokenError::BadClaims
                }
                _ => TokenError::Malformed,
            })?;
        let user = data.claims.sub.parse().map_err(|_| TokenError::BadClaims)?;
        let role = Role::parse(&data.claims.role).ok_or(TokenError::BadClaims)?;
        Ok(Caller { user, role })
    }
}

/// Seconds since the Unix epoch, now.
pub fn unix_now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

/// The attacks a token check must refuse, built from a valid token the attacker holds.
pub mod forge {
    use super::base64url;

    /// The token with its header replaced by `{"alg":"none","typ":"JWT"}` and its
    /// signature removed: the 2015 attack on libraries that trusted the header.
    pub fn alg_none(token: &str) -> String {
        let claims = token.split('.').nth(1).unwrap_or_default();
        format!(
            "{}.{claims}.",
            base64url::encode(br#"{"alg":"none","typ":"JWT"}"#)
        )
    }

    /// The token with `"role":"customer"` changed to `"role":"admin"` in its claims and
    /// the old signature kept: what a customer who edits their own token sends.
    pub fn promote_to_admin(token: &str) -> String {
        let mut parts = token.split('.');
        let (header, claims, signature) = (
            parts.next().unwrap_or_default(),
            parts.next().unwrap_or_default(),
            parts.next().unwrap_or_default(),
        );
        let json = base64url::decode(claims).unwrap_or_default();
        let edited =
            String::from_utf8_lossy(&json).replace(r#""role":"customer""#, r#""role":"admin""#);
        format!(
            "{header}.{}.{signature}",
            base64url::encode(edited.as_bytes())
        )
    }

    /// The token with the header's algorithm swapped for `alg` (say `HS512`), signature
    /// kept.
    pub fn with_alg(token: &str, alg: &str) -> String {
        let rest = token.split_once('.').map_or("", |(_, rest)| rest);
        let header = format!(r#"{{"alg":"{alg}","typ":"JWT"}}"#);
        format!("{}.{rest}", base64url::encode(header.as_bytes()))
    }
}

/// Base64url without padding (RFC 4648, section 5), the JWT encoding; enough for
/// [`forge`], which must rebuild token parts by hand.
mod base64url {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

    pub fn encode(bytes: &[u8]) -> String {
        let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
        for chunk in bytes.chunks(3) {
            let n = chunk
                .iter()
                .enumerate()
                .fold(0u32, |n, (i, b)| n | u32::from(*b) << (16 - 8 * i));
            for i in 0..=chunk.len() {
                out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
            }
        }
        out
    }

    pub fn decode(text: &str) -> Option<Vec<u8>> {
        let mut out = Vec::with_capacity(text.len() * 3 / 4);
        let (mut bits, mut n) = (0u32, 0u32);
        for c in text.bytes() {
            let v = ALPHABET.iter().position(|a| *a == c)? as u32;
            n = n << 6 | v;
            bits += 6;
            if bits >= 8 {
                bits -= 8;
                out.push((n >> bits) as u8);
            }
        }
        Some(out)
    }
}

/// API keys for machine clients: `lab_<id>_<secret>`, shown once at issue; the store
/// keeps the id in the clear (to find the entry and to let secret scanners recognise a
/// leaked key by its prefix) and only the SHA-256 of the whole key.
///
/// A fast hash is enough here, unlike for passwords: the key carries 128 random bits,
/// so a stolen table cannot be guessed against.
///
/// ```
/// use api_security::{ApiKeys, Caller, Role};
///
/// let mut keys = ApiKeys::default();
/// let support = Caller { user: 3, role: Role::Support };
/// let key = keys.issue(support, &mut evidence::workload::rng(7));
/// assert_eq!(keys.verify(&key), Some(support));
/// assert_eq!(keys.verify(&key.replace('a', "b")), None);
/// assert!(!keys.stored_bytes().windows(key.len()).any(|w| w == key.as_bytes()));
/// ```
#[derive(Debug, Default, Clone)]
pub struct ApiKeys {
    by_id: HashMap<String, StoredKey>,
}

#[derive(Debug, Clone)]
struct StoredKey {
    hash: [u8; 32],
    caller: Caller,
}

impl ApiKeys {
    /// Issues a key for `caller` from `rng` (in production, the operating system's
    /// CSPRNG; the demo seeds one to be repeatable) and returns it: the only time the key
    /// exists in the clear on this side.
    pub fn issue<R: Rng + ?Sized>(&mut self, caller: Caller, rng: &mut R) -> String {
        let id = format!("{:08x}", rng.random::<u32>());
        let secret = format!("{:032x}", rng.random::<u128>());
        let key = format!("lab_{id}_{secret}");
        self.by_id.insert(
            id,
            StoredKey {
                hash: sha256(key.as_bytes()),
                caller,
            },
        );
        key
    }

    /// The caller a presented key belongs to, or `None`. The hash of the presented key
    /// is compared with the stored one in constant time, so the time taken does not
    /// reveal how many leading bytes matched.
    pub fn verify(&self, presented: &str) -> Option<Caller> {
        let id = presented.strip_prefix("lab_")?.split('_').next()?;
        let stored = self.by_id.get(id)?;
        constant_time_eq(&sha256(presented.as_bytes()), &stored.hash).then_some(stored.caller)
    }

    /// Everything the store holds, as bytes (ids and hashes): what a database dump would
    /// leak, for the test that no key appears in it.
    pub fn stored_bytes(&self) -> Vec<u8> {
        let mut out = Vec::new();
        for (id, stored) in &self.by_id {
            out.extend_from_slice(id.as_bytes());
            out.extend_from_slice(&stored.hash);
        }
        out
    }
}

/// SHA-256 of `bytes`.
pub fn sha256(bytes: &[u8]) -> [u8; 32] {
    Sha256::digest(bytes).into()
}

/// Whether `a == b`, looking at every byte whatever the first difference: the loop
/// ORs the differences together and branches once, at the end. `black_box` keeps the
/// optimiser from turning it back into an early exit.
pub fn constant_time_eq(a: &[u8; 32], b: &[u8; 32]) -> bool {
    let diff = a
        .iter()
        .zip(b)
        .fold(0u8, |acc, (x, y)| acc | std::hint::black_box(x ^ y));
    diff == 0
}

/// Installs the HS256-only provider as `jsonwebtoken`'s process default, once.
fn install_provider() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        // Err only if another provider was installed first; then that one serves.
        let _ = HS256_ONLY.install_default();
    });
}

type HmacSha256 = Hmac<Sha256>;

static HS256_ONLY: CryptoProvider = CryptoProvider {
    signer_factory: new_signer,
    verifier_factory: new_verifier,
    key_utils: KeyUtils::new_unimplemented(),
};

fn new_signer(
    algorithm: &Algorithm,
    key: &EncodingKey,
) -> jsonwebtoken::errors::Result<Box<dyn JwtSigner>> {
    if *algorithm != Algorithm::HS256 {
        return Err(ErrorKind::UnsupportedAlgorithm.into());
    }
    let mac =
        HmacSha256::new_from_slice(key.as_bytes()).map_err(|_| ErrorKind::InvalidKeyFormat)?;
    Ok(Box::new(Hs256(mac)))
}

fn new_verifier(
    algorithm: &Algorithm,
    key: &DecodingKey,
) -> jsonwebtoken::errors::Result<Box<dyn JwtVerifier>> {
    if *algorithm != Algorithm::HS256 {
        return Err(ErrorKind::UnsupportedAlgorithm.into());
    }
    let mac = HmacSha256::new_from_slice(key.try_get_as_bytes()?)
        .map_err(|_| ErrorKind::InvalidKeyFormat)?;
    Ok(Box::new(Hs256(mac)))
}

/// HMAC-SHA-256 keyed once, cloned per message.
struct Hs256(HmacSha256);

impl jsonwebtoken::signature::Signer<Vec<u8>> for Hs256 {
    fn try_sign(&self, msg: &[u8]) -> Result<Vec<u8>, jsonwebtoken::signature::Error> {
        let mut mac = self.0.clone();
        mac.update(msg);
        Ok(mac.finalize().into_bytes().to_vec())
    }
}

impl jsonwebtoken::signature::Verifier<Vec<u8>> for Hs256 {
    fn verify(
        &self,
        msg: &[u8],
        signature: &Vec<u8>,
    ) -> Result<(), jsonwebtoken::signature::Error> {
        let mut mac = self.0.clone();
        mac.update(msg);
        // `verify_slice` compares in constant time.
        mac.verify_slice(signature)
            .map_err(|_| jsonwebtoken::signature::Error::new())
    }
}

impl JwtSigner for Hs256 {
    fn algorithm(&self) -> Algorithm {
        Algorithm::HS256
    }
}

impl JwtVerifier for Hs256 {
    fn algorithm(&self) -> Algorithm {
        Algorithm::HS256
    }
}
