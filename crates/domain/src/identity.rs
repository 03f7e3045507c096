//! The ways a customer can be recognised: email, phone number, social handle, external id, chat visitor.
//! Each value type parses and normalises its input, so two spellings of one address are one identity.

use std::fmt;

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InvalidIdentity {
    #[error("{0:?} is not a valid email address")]
    Email(String),
    #[error("{0:?} is not a valid phone number (use international form, or a Dutch number)")]
    Phone(String),
    #[error("{0:?} is not a valid handle (1 to 200 visible characters)")]
    Handle(String),
}

fn shorten(s: &str) -> String {
    s.chars().take(80).collect()
}

/// The kinds of identity a customer can have; each (kind, value) belongs to at most one customer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IdentityKind {
    Email,
    Phone,
    Handle,
    External,
    /// The random token a chat visitor's browser keeps.
    Chat,
}

impl IdentityKind {
    pub fn as_str(self) -> &'static str {
        match self {
            IdentityKind::Email => "email",
            IdentityKind::Phone => "phone",
            IdentityKind::Handle => "handle",
            IdentityKind::External => "external",
            IdentityKind::Chat => "chat",
        }
    }
}

impl fmt::Display for IdentityKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A syntactically valid email address, trimmed and lower-cased.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Email(String);

impl Email {
    pub fn parse(input: &str) -> Result<Self, InvalidIdentity> {
        let value = input.trim().to_lowercase();
        let invalid = || InvalidIdentity::Email(shorten(input));
        let (local, domain) = value.rsplit_once('@').ok_or_else(invalid)?;
        let local_ok = !local.is_empty()
            && local.len() <= 64
            && !local.starts_with('.')
            && !local.ends_with('.')
            && !local.contains("..")
            && local
                .chars()
                .all(|c| c.is_alphanumeric() || "!#$%&'*+-/=?^_`{|}~.".contains(c));
        let labels: Vec<&str> = domain.split('.').collect();
        let domain_ok = domain.len() <= 253
            && labels.len() >= 2
            && labels.iter().all(|label| {
                !label.is_empty()
                    && label.len() <= 63
                    && !label.starts_with('-')
                    && !label.ends_with('-')
                    && label.chars().all(|c| c.is_alphanumeric() || c == '-')
            });
        if local_ok && domain_ok {
            Ok(Email(value))
        } else {
            Err(invalid())
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A phone number in E.164 form (`+31612345678`). National numbers are read as Dutch.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct PhoneE164(String);

impl PhoneE164 {
    pub fn parse(input: &str) -> Result<Self, InvalidIdentity> {
        let invalid = || InvalidIdentity::Phone(shorten(input));
        if input.len() > 40 {
            return Err(invalid());
        }
        let number = phonenumber::parse(Some(phonenumber::country::Id::NL), input.trim())
            .map_err(|_| invalid())?;
        if !phonenumber::is_valid(&number) {
            return Err(invalid());
        }
        Ok(PhoneE164(
            number.format().mode(phonenumber::Mode::E164).to_string(),
        ))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The number's country (ISO 3166 alpha-2, `NL`), when its prefix names one.
    pub fn country(&self) -> Option<String> {
        let number = phonenumber::parse(None, &self.0).ok()?;
        number.country().id().map(|id| id.as_ref().to_string())
    }
}

/// A social-media or chat handle, trimmed and lower-cased (`@polderstroom` and `@PolderStroom` are one).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Handle(String);

impl Handle {
    pub fn parse(input: &str) -> Result<Self, InvalidIdentity> {
        let value = input.trim().to_lowercase();
        let visible = !value.is_empty() && value.chars().all(|c| !c.is_control());
        if visible && value.chars().count() <= 200 {
            Ok(Handle(value))
        } else {
            Err(InvalidIdentity::Handle(shorten(input)))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_are_normalised_and_validated() {
        assert_eq!(
            Email::parse("  Anna.de.Vries@Example.NL ")
                .unwrap()
                .as_str(),
            "anna.de.vries@example.nl"
        );
        for bad in [
            "",
            "anna",
            "anna@",
            "@example.nl",
            "anna@example",
            "an na@example.nl",
            "a..b@example.nl",
            "anna@-x.nl",
        ] {
            assert!(Email::parse(bad).is_err(), "{bad} should be rejected");
        }
    }

    #[test]
    fn dutch_numbers_become_e164() {
        assert_eq!(
            PhoneE164::parse("06 12345678").unwrap().as_str(),
            "+31612345678"
        );
        assert_eq!(
            PhoneE164::parse("+31 20 123 4567").unwrap().as_str(),
            "+31201234567"
        );
        assert_eq!(
            PhoneE164::parse("0031612345678").unwrap().as_str(),
            "+31612345678"
        );
        assert_eq!(
            PhoneE164::parse("+44 20 7946 0958").unwrap().as_str(),
            "+442079460958"
        );
        assert_eq!(
            PhoneE164::parse("06 12345678")
                .unwrap()
                .country()
                .as_deref(),
            Some("NL")
        );
        assert_eq!(
            PhoneE164::parse("+234 803 123 4567")
                .unwrap()
                .country()
                .as_deref(),
            Some("NG")
        );
        for bad in ["", "12", "not a number", "+31 6 123", "06123456789012345"] {
            assert!(PhoneE164::parse(bad).is_err(), "{bad} should be rejected");
        }
    }

    #[test]
    fn handles_are_case_insensitive() {
        assert_eq!(
            Handle::parse(" @PolderStroom").unwrap().as_str(),
            "@polderstroom"
        );
        assert!(Handle::parse("  ").is_err());
        assert!(Handle::parse("a\u{0}b").is_err());
    }
}
