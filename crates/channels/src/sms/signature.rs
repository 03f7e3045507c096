//! The providers' webhook signatures, computed exactly as they document them, and compared in
//! constant time so a forger learns nothing from how long a rejection takes.

use base64::{Engine, engine::general_purpose::STANDARD};
use hmac::{Hmac, KeyInit, Mac};
use sha1::Sha1;
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

use super::form;

/// Twilio's `X-Twilio-Signature`: base64(HMAC-SHA1(auth token, URL + every POST parameter sorted by
/// name, as name then value)). `params` are the decoded form fields; for a GET webhook pass none.
pub fn sign_twilio(auth_token: &str, url: &str, params: &[(String, String)]) -> String {
    STANDARD.encode(twilio_mac(auth_token, url, params))
}

/// MessageBird's `MessageBird-Signature`: base64(HMAC-SHA256(signing key, timestamp + "\n" + query +
/// "\n" + SHA-256(body) as raw bytes)). The query is canonicalised first (pairs sorted by name,
/// re-encoded), as MessageBird's SDKs do, so the order a proxy passes them on in does not matter.
pub fn sign_messagebird(signing_key: &str, timestamp: &str, query: &str, body: &[u8]) -> String {
    STANDARD.encode(messagebird_mac(signing_key, timestamp, query, body))
}

/// Whether `header` is Twilio's signature of this request. Also tries the URL with the default
/// port added or removed, as Twilio's own libraries do, because proxies differ in which they pass on.
pub(crate) fn verify_twilio(
    auth_token: &str,
    url: &str,
    params: &[(String, String)],
    header: &str,
) -> bool {
    let Some(given) = decode_base64(header) else {
        return false;
    };
    let mut valid = equal(&twilio_mac(auth_token, url, params), &given);
    if let Some(other) = toggle_default_port(url) {
        valid |= equal(&twilio_mac(auth_token, &other, params), &given);
    }
    valid
}

pub(crate) fn verify_messagebird(
    signing_key: &str,
    timestamp: &str,
    query: &str,
    body: &[u8],
    header: &str,
) -> bool {
    if timestamp.is_empty() || !timestamp.bytes().all(|b| b.is_ascii_digit()) {
        return false;
    }
    decode_base64(header).is_some_and(|given| {
        equal(
            &messagebird_mac(signing_key, timestamp, query, body),
            &given,
        )
    })
}

fn twilio_mac(auth_token: &str, url: &str, params: &[(String, String)]) -> Vec<u8> {
    let mut sorted: Vec<&(String, String)> = params.iter().collect();
    sorted.sort();
    let mut mac = Hmac::<Sha1>::new_from_slice(auth_token.as_bytes())
        .expect("HMAC accepts keys of any length");
    mac.update(url.as_bytes());
    for (key, value) in sorted {
        mac.update(key.as_bytes());
        mac.update(value.as_bytes());
    }
    mac.finalize().into_bytes().to_vec()
}

fn messagebird_mac(signing_key: &str, timestamp: &str, query: &str, body: &[u8]) -> Vec<u8> {
    let query = match form::decode(query) {
        Ok(mut pairs) => {
            pairs.sort();
            form::encode(&pairs)
        }
        // Not decodable: sign the raw text, which a genuine request never needs.
        Err(_) => query.to_owned(),
    };
    let mut mac = Hmac::<Sha256>::new_from_slice(signing_key.as_bytes())
        .expect("HMAC accepts keys of any length");
    mac.update(timestamp.as_bytes());
    mac.update(b"\n");
    mac.update(query.as_bytes());
    mac.update(b"\n");
    mac.update(&Sha256::digest(body));
    mac.finalize().into_bytes().to_vec()
}

fn decode_base64(header: &str) -> Option<Vec<u8>> {
    STANDARD
        .decode(header.trim())
        .ok()
        .filter(|b| !b.is_empty())
}

fn equal(expected: &[u8], given: &[u8]) -> bool {
    expected.ct_eq(given).into()
}

/// `https://host/x` ↔ `https://host:443/x` (and `:80` for http); `None` for other ports and schemes.
fn toggle_default_port(url: &str) -> Option<String> {
    let (scheme, rest) = url.split_once("://")?;
    let default = match scheme.to_ascii_lowercase().as_str() {
        "https" => "443",
        "http" => "80",
        _ => return None,
    };
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let (authority, tail) = rest.split_at(end);
    // The port follows the host, which follows any user info and may be an IPv6 literal.
    let host_start = authority.rfind('@').map_or(0, |at| at + 1);
    let host_end = authority[host_start..]
        .rfind(']')
        .map_or(host_start, |bracket| host_start + bracket + 1);
    match authority[host_end..].rfind(':') {
        Some(colon) => {
            let colon = host_end + colon;
            (&authority[colon + 1..] == default)
                .then(|| format!("{scheme}://{}{tail}", &authority[..colon]))
        }
        None => Some(format!("{scheme}://{authority}:{default}{tail}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_ports_are_toggled() {
        assert_eq!(
            toggle_default_port("https://example.nl/hooks/sms?a=1").as_deref(),
            Some("https://example.nl:443/hooks/sms?a=1")
        );
        assert_eq!(
            toggle_default_port("https://example.nl:443/x").as_deref(),
            Some("https://example.nl/x")
        );
        assert_eq!(
            toggle_default_port("http://user:pw@[::1]:80").as_deref(),
            Some("http://user:pw@[::1]")
        );
        assert_eq!(toggle_default_port("https://example.nl:8443/x"), None);
        assert_eq!(toggle_default_port("ftp://example.nl/x"), None);
        assert_eq!(toggle_default_port("not a url"), None);
    }
}
