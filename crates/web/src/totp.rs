//! Codes from an authenticator app (TOTP, RFC 6238) as a second step of signing in with a
//! local account: 30-second steps, 6 digits, HMAC-SHA1, the step before and after the
//! current one accepted for clock skew, and no step accepted twice for one account (the
//! store records the last step used in one conditional update). `referat users totp`
//! turns it on with [`new_secret`] and shows [`uri`]; [`refusal`] is what the sign-in
//! handler asks once the password was right.
//!
//! It does not count failures or answer requests: the sign-in handler treats a refusal
//! like a wrong password (audit log, delay, rate limit).

use hmac::{Hmac, Mac};
use sha1::Sha1;

use crate::{AppError, AppState, blocking};

/// Seconds per step.
pub const STEP_SECONDS: i64 = 30;

/// Digits of a code.
pub const DIGITS: u32 = 6;

/// Steps accepted before and after the current one, for a phone whose clock is off.
const SKEW_STEPS: i64 = 1;

/// Bytes of a new secret: 160 bits, as RFC 4226 recommends for HMAC-SHA1.
const SECRET_BYTES: usize = 20;

/// The issuer and label prefix the authenticator app shows.
const ISSUER: &str = "referat";

const BASE32: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/// `bytes` in base32 (RFC 4648) without padding, as authenticator apps take secrets.
pub fn encode_base32(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(5) * 8);
    let (mut buffer, mut bits) = (0u32, 0u32);
    for &byte in bytes {
        buffer = (buffer << 8) | u32::from(byte);
        bits += 8;
        while bits >= 5 {
            bits -= 5;
            out.push(char::from(BASE32[((buffer >> bits) & 31) as usize]));
        }
    }
    if bits > 0 {
        out.push(char::from(BASE32[((buffer << (5 - bits)) & 31) as usize]));
    }
    out
}

/// The bytes of a base32 secret; case, spaces and `=` padding do not matter. `None` when
/// another character is in it.
pub fn decode_base32(text: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(text.len() * 5 / 8);
    let (mut buffer, mut bits) = (0u32, 0u32);
    for byte in text.bytes() {
        if byte == b' ' || byte == b'=' {
            continue;
        }
        let upper = byte.to_ascii_uppercase();
        let value = BASE32.iter().position(|&symbol| symbol == upper)?;
        // `value` < 32, so it fits.
        buffer = ((buffer << 5) | value as u32) & 0xFFFF;
        bits += 5;
        if bits >= 8 {
            bits -= 8;
            out.push(((buffer >> bits) & 0xFF) as u8);
        }
    }
    Some(out)
}

/// A new random secret in base32.
pub fn new_secret() -> Result<String, String> {
    let mut bytes = [0u8; SECRET_BYTES];
    getrandom::fill(&mut bytes).map_err(|err| format!("ingen tilfældighed: {err}"))?;
    Ok(encode_base32(&bytes))
}

/// The `otpauth://` URI an authenticator app reads (as a QR code or pasted) for `email`.
pub fn uri(email: &str, secret: &str) -> String {
    let label: String = email
        .bytes()
        .map(|byte| {
            if byte.is_ascii_alphanumeric() || b"@-._~+".contains(&byte) {
                char::from(byte).to_string()
            } else {
                format!("%{byte:02X}")
            }
        })
        .collect();
    format!("otpauth://totp/{ISSUER}:{label}?secret={secret}&issuer={ISSUER}")
}

/// The HOTP value (RFC 4226) of `key` at `counter` with `digits` digits.
pub fn hotp(key: &[u8], counter: u64, digits: u32) -> u32 {
    // HMAC takes a key of any length.
    let mut mac = Hmac::<Sha1>::new_from_slice(key).expect("HMAC accepts any key length");
    mac.update(&counter.to_be_bytes());
    let hash = mac.finalize().into_bytes();
    // Dynamic truncation: the low 4 bits of the last byte pick 4 bytes.
    let offset = usize::from(hash[hash.len() - 1] & 0x0F);
    let value = u32::from_be_bytes([
        hash[offset] & 0x7F,
        hash[offset + 1],
        hash[offset + 2],
        hash[offset + 3],
    ]);
    value % 10u32.pow(digits)
}

/// The step of Unix time `seconds`.
pub fn step_at(seconds: i64) -> i64 {
    seconds.div_euclid(STEP_SECONDS)
}

/// The code of `key` for `step`, zero-padded to [`DIGITS`].
pub fn code(key: &[u8], step: i64) -> String {
    let counter = u64::try_from(step).unwrap_or(0);
    format!(
        "{:0width$}",
        hotp(key, counter, DIGITS),
        width = DIGITS as usize
    )
}

/// The step within the skew around `now` whose code is `given`, if any. `given` may carry
/// spaces (apps show "123 456"); the comparison takes the same time wherever it differs.
pub fn matching_step(key: &[u8], given: &str, now: i64) -> Option<i64> {
    let given: String = given.chars().filter(|c| !c.is_whitespace()).collect();
    if given.len() != DIGITS as usize || !given.bytes().all(|byte| byte.is_ascii_digit()) {
        return None;
    }
    let current = step_at(now);
    (current - SKEW_STEPS..=current + SKEW_STEPS).find(|&step| {
        let expected = code(key, step);
        expected
            .bytes()
            .zip(given.bytes())
            .fold(0u8, |diff, (a, b)| diff | (a ^ b))
            == 0
    })
}

/// Why a sign-in whose password was right is refused for want of a code (in Danish, for
/// the form), or `None` when the account has no TOTP or the code is right and unused. A
/// right code is used up by this call.
pub(crate) async fn refusal(
    state: &AppState,
    user: &store::User,
    given: Option<&str>,
    now: i64,
) -> Result<Option<&'static str>, AppError> {
    if !user.has_totp {
        return Ok(None);
    }
    let given = given.map(str::trim).unwrap_or_default().to_owned();
    if given.is_empty() {
        return Ok(Some(
            "Din konto kræver også koden fra godkendelsesappen. Skriv den og prøv igen.",
        ));
    }
    let email = user.email.clone();
    let accepted = blocking(state, move |store| {
        let Some((secret, _)) = store.totp(&email)? else {
            // TOTP was turned off since the account was read: nothing more to ask.
            return Ok(true);
        };
        let key = decode_base32(&secret).ok_or_else(|| {
            AppError::Internal(format!("TOTP-hemmeligheden for {email} er ikke base32"))
        })?;
        match matching_step(&key, &given, now) {
            Some(step) => Ok(store.use_totp_step(&email, step)?),
            None => Ok(false),
        }
    })
    .await?;
    Ok((!accepted).then_some(
        "Koden fra godkendelsesappen er forkert eller allerede brugt. Vent på den næste kode.",
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The key of the SHA-1 test vectors of RFC 4226 and RFC 6238.
    const KEY: &[u8] = b"12345678901234567890";

    #[test]
    fn hotp_matches_rfc_4226() {
        let expected = [
            755_224, 287_082, 359_152, 969_429, 338_314, 254_676, 287_922, 162_583, 399_871,
            520_489,
        ];
        for (counter, value) in expected.into_iter().enumerate() {
            assert_eq!(hotp(KEY, counter as u64, 6), value, "counter {counter}");
        }
    }

    #[test]
    fn totp_matches_rfc_6238_sha1() {
        // Appendix B, SHA1: time, 8-digit code; the 6-digit code is its last 6 digits.
        let vectors = [
            (59, "94287082"),
            (1_111_111_109, "07081804"),
            (1_111_111_111, "14050471"),
            (1_234_567_890, "89005924"),
            (2_000_000_000, "69279037"),
            (20_000_000_000, "65353130"),
        ];
        for (time, eight) in vectors {
            let step = step_at(time);
            assert_eq!(
                format!("{:08}", hotp(KEY, step as u64, 8)),
                eight,
                "time {time}"
            );
            assert_eq!(code(KEY, step), eight[2..], "time {time}");
            assert_eq!(matching_step(KEY, &eight[2..], time), Some(step));
        }
    }

    #[test]
    fn a_code_is_accepted_one_step_early_or_late_and_no_further() {
        let now = 1_111_111_111;
        let current = step_at(now);
        for offset in -1..=1 {
            let given = code(KEY, current + offset);
            assert_eq!(matching_step(KEY, &given, now), Some(current + offset));
        }
        for offset in [-2, 2] {
            assert_eq!(matching_step(KEY, &code(KEY, current + offset), now), None);
        }
        let spaced = code(KEY, current);
        let spaced = format!(" {} {} ", &spaced[..3], &spaced[3..]);
        assert_eq!(matching_step(KEY, &spaced, now), Some(current));
        for bad in ["", "12345", "1234567", "12345a", "١٢٣٤٥٦"] {
            assert_eq!(matching_step(KEY, bad, now), None, "{bad:?}");
        }
    }

    #[test]
    fn base32_round_trips_and_matches_rfc_4648() {
        assert_eq!(encode_base32(b"foobar"), "MZXW6YTBOI");
        assert_eq!(encode_base32(b"f"), "MY");
        assert_eq!(encode_base32(b""), "");
        assert_eq!(decode_base32("MZXW6YTBOI======").unwrap(), b"foobar");
        assert_eq!(decode_base32("mzxw 6ytb oi").unwrap(), b"foobar");
        assert_eq!(decode_base32("MZ1W"), None);
        assert_eq!(encode_base32(KEY), "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
        let secret = new_secret().unwrap();
        assert_eq!(secret.len(), 32);
        assert_eq!(decode_base32(&secret).unwrap().len(), SECRET_BYTES);
        assert_ne!(secret, new_secret().unwrap());
    }

    #[test]
    fn the_uri_names_referat_and_the_account() {
        assert_eq!(
            uri("sekr@greve.dk", "GEZDGNBV"),
            "otpauth://totp/referat:sekr@greve.dk?secret=GEZDGNBV&issuer=referat"
        );
        assert_eq!(
            uri("a b@x.dk", "A"),
            "otpauth://totp/referat:a%20b@x.dk?secret=A&issuer=referat"
        );
    }
}
