//! Probable duplicate customers: the same name with an email address or phone number that is a
//! variant of one of theirs (`j.jansen+shop@gmail.com` and `jjansen@googlemail.com`; `06 1234 5678`
//! and `+31 6 12345678` stored apart because one came with a typo'd country code). Agents are
//! shown them and decide; nothing merges by itself.

use serde::Serialize;

use crate::{Db, StoreError, params};

#[derive(Debug, Clone, Serialize)]
pub struct Duplicate {
    pub customer_id: i64,
    pub name: String,
    /// What matched, e.g. `email variant j.jansen@gmail.com`.
    pub reasons: Vec<String>,
}

/// An email address reduced to what identifies its mailbox: lower case, Gmail's dots and
/// `+tags` dropped, `googlemail.com` read as `gmail.com`.
pub fn email_key(email: &str) -> String {
    let email = email.trim().to_lowercase();
    let Some((local, domain)) = email.rsplit_once('@') else {
        return email;
    };
    let domain = if domain == "googlemail.com" {
        "gmail.com"
    } else {
        domain
    };
    let local = local.split('+').next().unwrap_or(local);
    let local = if domain == "gmail.com" {
        local.replace('.', "")
    } else {
        local.to_string()
    };
    format!("{local}@{domain}")
}

/// A phone number reduced to its last nine digits: the subscriber number without country or
/// trunk prefix, in the Netherlands and most of Europe.
pub fn phone_key(phone: &str) -> String {
    let digits: Vec<char> = phone.chars().filter(char::is_ascii_digit).collect();
    digits[digits.len().saturating_sub(9)..].iter().collect()
}

fn key(kind: &str, value: &str) -> Option<String> {
    match kind {
        "email" => Some(email_key(value)),
        "phone" => Some(phone_key(value)).filter(|k| k.len() == 9),
        _ => None,
    }
}

/// Other customers with the same name (case-insensitive) whose email or phone matches a variant
/// of one of `customer_id`'s.
pub async fn of_customer(db: &Db, customer_id: i64) -> Result<Vec<Duplicate>, StoreError> {
    let identities =
        "SELECT kind, value FROM identities WHERE customer_id = $1 AND kind IN ('email', 'phone')";
    let own: Vec<(String, String)> = db.fetch_all(identities, params![customer_id]).await?;
    let own_keys: Vec<(String, String)> = own
        .iter()
        .filter_map(|(kind, value)| Some((key(kind, value)?, value.clone())))
        .collect();
    if own_keys.is_empty() {
        return Ok(Vec::new());
    }
    let namesakes = "SELECT c.id, c.name FROM customers c JOIN customers me ON LOWER(c.name) = \
                     LOWER(me.name) WHERE me.id = $1 AND c.id <> me.id AND c.merged_into IS \
                     NULL ORDER BY c.id LIMIT 50";
    let candidates: Vec<(i64, String)> = db.fetch_all(namesakes, params![customer_id]).await?;
    let mut found = Vec::new();
    for (id, name) in candidates {
        let theirs: Vec<(String, String)> = db.fetch_all(identities, params![id]).await?;
        let reasons: Vec<String> = theirs
            .iter()
            .filter(|(kind, value)| {
                key(kind, value).is_some_and(|k| own_keys.iter().any(|(own, _)| *own == k))
            })
            .map(|(kind, value)| format!("{kind} variant {value}"))
            .collect();
        if !reasons.is_empty() {
            found.push(Duplicate {
                customer_id: id,
                name,
                reasons,
            });
        }
    }
    Ok(found)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gmail_variants_are_one_mailbox() {
        assert_eq!(
            email_key("J.Jansen+shop@GoogleMail.com"),
            "jjansen@gmail.com"
        );
        assert_eq!(email_key("jjansen@gmail.com"), "jjansen@gmail.com");
        assert_eq!(
            email_key("j.jansen@ziggo.nl"),
            "j.jansen@ziggo.nl",
            "dots count elsewhere"
        );
        assert_eq!(email_key("j.jansen+x@ziggo.nl"), "j.jansen@ziggo.nl");
    }

    #[test]
    fn phone_numbers_match_on_the_subscriber_number() {
        assert_eq!(phone_key("+31612345678"), "612345678");
        assert_eq!(phone_key("+32612345678"), "612345678");
        assert_eq!(key("phone", "+3112"), None, "too short to say");
    }
}
