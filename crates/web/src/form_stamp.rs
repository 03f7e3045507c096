//! A signed stamp in public forms saying when the form was shown. A person needs a few seconds
//! to fill in a form; a script posting straight away, or without a stamp from us, is refused.
//! The signing key is the installation's own (kept in the settings table), so every node checks
//! every other node's stamps.

use std::time::Duration;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{DateTime, Utc};
use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;

use crate::state::AppState;

/// Sooner than this after being shown, a form was not filled in by a person.
pub const MIN_FILL: Duration = Duration::from_secs(3);
/// Later than this, the form is stale and is shown again.
pub const MAX_AGE: Duration = Duration::from_secs(4 * 3600);
const KEY_SETTING: &str = "public_form_key";

#[derive(Debug, PartialEq, Eq)]
pub enum Refused {
    Missing,
    TooFast,
    Stale,
}

/// The installation's form key, created on first use.
pub async fn key(state: &AppState) -> Result<Vec<u8>, store::StoreError> {
    if let Some(key) = state.form_key.get() {
        return Ok(key.clone());
    }
    let fresh = store::generate_secret("");
    let stored: String = store::settings::get_or_init(&state.db, KEY_SETTING, &fresh).await?;
    let key = stored.into_bytes();
    let _ = state.form_key.set(key.clone());
    Ok(key)
}

pub fn issue(key: &[u8], at: DateTime<Utc>) -> String {
    let shown = at.timestamp_millis().to_string();
    format!("{shown}.{}", sign(key, &shown))
}

pub fn check(key: &[u8], stamp: &str, at: DateTime<Utc>) -> Result<(), Refused> {
    let (shown, signature) = stamp.split_once('.').ok_or(Refused::Missing)?;
    let expected = sign(key, shown);
    if !store::secret_matches(&expected, signature) {
        return Err(Refused::Missing);
    }
    let shown: i64 = shown.parse().map_err(|_| Refused::Missing)?;
    let waited = at.timestamp_millis() - shown;
    if waited < MIN_FILL.as_millis() as i64 {
        return Err(Refused::TooFast);
    }
    if waited > MAX_AGE.as_millis() as i64 {
        return Err(Refused::Stale);
    }
    Ok(())
}

fn sign(key: &[u8], message: &str) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(key).expect("HMAC takes keys of any length");
    mac.update(message.as_bytes());
    URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stamp_holds_for_a_person_and_not_for_a_script_or_a_forger() {
        let key = b"installation key";
        let shown = Utc::now() - chrono::Duration::seconds(10);
        let stamp = issue(key, shown);
        assert_eq!(check(key, &stamp, Utc::now()), Ok(()));
        assert_eq!(
            check(key, &issue(key, Utc::now()), Utc::now()),
            Err(Refused::TooFast)
        );
        assert_eq!(
            check(b"another key", &stamp, Utc::now()),
            Err(Refused::Missing)
        );
        let forged = format!(
            "{}.{}",
            shown.timestamp_millis() - 1000,
            stamp.split_once('.').unwrap().1
        );
        assert_eq!(check(key, &forged, Utc::now()), Err(Refused::Missing));
        assert_eq!(check(key, "", Utc::now()), Err(Refused::Missing));
        let old = issue(key, Utc::now() - chrono::Duration::hours(5));
        assert_eq!(check(key, &old, Utc::now()), Err(Refused::Stale));
    }
}
