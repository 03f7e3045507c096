//! Id newtypes for path parameters: a malformed or non-positive id is rejected when the path is
//! parsed, before any handler runs. They end at the web layer: the store takes plain `i64` ids.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("not a valid id: {0:?}")]
pub struct ParseIdError(pub String);

macro_rules! id_type {
    ($($name:ident),* $(,)?) => {$(
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
        #[serde(transparent)]
        pub struct $name(pub i64);

        /// Only positive ids exist, so anything else is refused while parsing.
        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                match i64::deserialize(deserializer)? {
                    n if n > 0 => Ok(Self(n)),
                    n => Err(serde::de::Error::custom(format!("{n} is not a valid id"))),
                }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }

        impl FromStr for $name {
            type Err = ParseIdError;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                match s.parse::<i64>() {
                    Ok(n) if n > 0 => Ok(Self(n)),
                    _ => Err(ParseIdError(s.chars().take(40).collect())),
                }
            }
        }
    )*};
}

id_type!(AgentId, CaseId, CustomerId, InteractionId, TeamId, TokenId);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_parse_positive_integers_only() {
        assert_eq!("42".parse::<CaseId>(), Ok(CaseId(42)));
        assert!("0".parse::<CaseId>().is_err());
        assert!("-3".parse::<CaseId>().is_err());
        assert!("abc".parse::<CaseId>().is_err());
        assert!("99999999999999999999".parse::<CaseId>().is_err());
    }
}
