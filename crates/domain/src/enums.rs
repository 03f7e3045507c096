//! The closed vocabularies of the model. Each has one string form, used in JSON, SQL and forms.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{value:?} is not one of: {allowed}")]
pub struct ParseEnumError {
    pub value: String,
    pub allowed: &'static str,
}

macro_rules! string_enum {
    ($(#[$meta:meta])* $name:ident { $($variant:ident => $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl TryFrom<String> for $name {
            type Error = ParseEnumError;
            fn try_from(s: String) -> Result<Self, Self::Error> {
                s.parse()
            }
        }

        impl FromStr for $name {
            type Err = ParseEnumError;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                match s {
                    $($text => Ok($name::$variant),)+
                    _ => Err(ParseEnumError {
                        value: s.chars().take(40).collect(),
                        allowed: concat!($($text, " "),+).trim_ascii_end(),
                    }),
                }
            }
        }
    };
}

string_enum!(
    /// Where a contact came in or goes out.
    Channel {
        Email => "email",
        Chat => "chat",
        Sms => "sms",
        Whatsapp => "whatsapp",
        Phone => "phone",
        Web => "web",
        Social => "social",
        Review => "review",
    }
);

string_enum!(
    /// The kind of a configured channel endpoint (an inbox).
    InboxKind {
        Email => "email",
        Chat => "chat",
        Sms => "sms",
        Whatsapp => "whatsapp",
        Phone => "phone",
    }
);

impl InboxKind {
    /// The channel contacts through this inbox are recorded on.
    pub fn channel(self) -> Channel {
        match self {
            InboxKind::Email => Channel::Email,
            InboxKind::Chat => Channel::Chat,
            InboxKind::Sms => Channel::Sms,
            InboxKind::Whatsapp => Channel::Whatsapp,
            InboxKind::Phone => Channel::Phone,
        }
    }
}

string_enum!(
    /// A case's place in its lifecycle. `resolved` and `closed` count as resolved for metrics.
    CaseStatus {
        New => "new",
        Open => "open",
        Pending => "pending",
        OnHold => "on_hold",
        Resolved => "resolved",
        Closed => "closed",
    }
);

impl CaseStatus {
    /// A case in one of these states is still being worked on: new contacts thread into it.
    pub fn is_active(self) -> bool {
        !matches!(self, CaseStatus::Resolved | CaseStatus::Closed)
    }
}

string_enum!(
    Priority {
        Low => "low",
        Normal => "normal",
        High => "high",
        Urgent => "urgent",
    }
);

string_enum!(
    /// Who wrote an interaction: the customer, an agent publicly, an agent internally, or the system.
    Direction {
        Inbound => "inbound",
        Outbound => "outbound",
        Note => "note",
        System => "system",
    }
);

string_enum!(
    /// What an agent or an API token may do. See [`Role::can`].
    Role {
        Admin => "admin",
        Supervisor => "supervisor",
        Agent => "agent",
        Analyst => "analyst",
    }
);

/// The capabilities a handler can require; every role maps to a set of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Capability {
    /// Read customers, cases and timelines.
    Read,
    /// Create and change customers, cases and interactions.
    Work,
    /// Manage agents, teams, tokens and settings.
    Administer,
}

impl Role {
    pub fn can(self, capability: Capability) -> bool {
        match capability {
            Capability::Read => true,
            Capability::Work => matches!(self, Role::Admin | Role::Supervisor | Role::Agent),
            Capability::Administer => self == Role::Admin,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn enums_round_trip_through_their_string_form() {
        for status in CaseStatus::ALL {
            assert_eq!(status.as_str().parse::<CaseStatus>(), Ok(*status));
        }
        let err = "closedd".parse::<CaseStatus>().unwrap_err();
        assert!(err.to_string().contains("on_hold"));
    }

    #[test]
    fn analysts_read_but_do_not_work_cases() {
        assert!(Role::Analyst.can(Capability::Read));
        assert!(!Role::Analyst.can(Capability::Work));
        assert!(Role::Agent.can(Capability::Work));
        assert!(!Role::Supervisor.can(Capability::Administer));
    }
}

string_enum!(
    /// What a survey measures: CSAT (1–5), NPS (0–10), CES (1–7), or only custom questions.
    SurveyKind {
        Csat => "csat",
        Nps => "nps",
        Ces => "ces",
        Custom => "custom",
    }
);
