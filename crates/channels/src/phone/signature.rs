//! Our own webhook signature for call events: `sha256=` + hex HMAC-SHA256 of the raw body, the form
//! GitHub uses, so PBX glue can reuse existing examples.

use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;
use subtle::ConstantTimeEq;

/// The header the signature travels in.
pub const SIGNATURE_HEADER: &str = "X-Klantbeeld-Signature";

const PREFIX: &str = "sha256=";

/// `sha256=` + lower-case hex of HMAC-SHA256(secret, body).
pub fn sign_body(secret: &str, body: &[u8]) -> String {
    let mut signature = String::with_capacity(PREFIX.len() + 64);
    signature.push_str(PREFIX);
    for byte in mac(secret, body) {
        signature.push(hex_digit(byte >> 4));
        signature.push(hex_digit(byte & 0x0f));
    }
    signature
}

/// Whether `header` signs `body` with `secret`, compared in constant time. A missing or empty
/// secret verifies nothing, so a forgotten setting cannot open the hook to anyone.
pub fn verify_body(secret: &str, body: &[u8], header: Option<&str>) -> bool {
    let Some(given) = header
        .map(str::trim)
        .and_then(|h| h.strip_prefix(PREFIX))
        .and_then(decode_hex)
    else {
        return false;
    };
    !secret.is_empty() && bool::from(mac(secret, body).ct_eq(&given))
}

fn mac(secret: &str, body: &[u8]) -> Vec<u8> {
    let mut mac =
        Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("HMAC accepts keys of any length");
    mac.update(body);
    mac.finalize().into_bytes().to_vec()
}

fn hex_digit(nibble: u8) -> char {
    char::from(if nibble < 10 {
        b'0' + nibble
    } else {
        b'a' + nibble - 10
    })
}

fn decode_hex(text: &str) -> Option<Vec<u8>> {
    if !text.len().is_multiple_of(2) {
        return None;
    }
    // Digit by digit: `u8::from_str_radix` would also take a sign, as in `+f`.
    text.as_bytes()
        .chunks(2)
        .map(|pair| {
            let high = char::from(*pair.first()?).to_digit(16)?;
            let low = char::from(*pair.get(1)?).to_digit(16)?;
            u8::try_from(high << 4 | low).ok()
        })
        .collect()
}
