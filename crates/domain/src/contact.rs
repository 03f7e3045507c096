//! What one inbound contact does to its customer's cases, decided without I/O. Both intake
//! writers (the SQLite writer thread and the PostgreSQL tasks), and bulk loads through them, look
//! up what they need in one statement, call [`decide`], and write what it says inside the same
//! transaction as the contact, so the rules exist once and cannot drift between backends.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::{CaseStatus, Priority, StatusChange};

/// A review's stars, 1 to 5.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "i64", into = "i64")]
pub struct Stars(u8);

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("a rating is a whole number of stars from 1 to 5")]
pub struct InvalidStars;

impl Stars {
    pub fn new(stars: i64) -> Result<Stars, InvalidStars> {
        match u8::try_from(stars) {
            Ok(stars @ 1..=5) => Ok(Stars(stars)),
            _ => Err(InvalidStars),
        }
    }

    pub fn get(self) -> u8 {
        self.0
    }

    /// One or two stars: an agent should follow the review up.
    pub fn is_low(self) -> bool {
        self.0 <= 2
    }
}

impl TryFrom<i64> for Stars {
    type Error = InvalidStars;
    fn try_from(stars: i64) -> Result<Stars, InvalidStars> {
        Stars::new(stars)
    }
}

impl From<Stars> for i64 {
    fn from(stars: Stars) -> i64 {
        i64::from(stars.0)
    }
}

impl fmt::Display for Stars {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// The tag on the case of a low review, so agents find the reviews to follow up.
pub const REVIEW_FOLLOW_UP_TAG: &str = "review-follow-up";

/// What the intake lookup found for a contact.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Found {
    /// The contact's `(channel, external_id)` was recorded before.
    pub seen: bool,
    /// The status and priority of the case the contact threads into (the hinted case, or the
    /// customer's newest active case on the channel); `None` when there is none and a case is
    /// opened.
    pub case: Option<(CaseStatus, Priority)>,
}

/// What a contact does, as [`decide`] says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Contact {
    /// Recorded before (same channel and external id): nothing is written again.
    Duplicate,
    /// Opens a new case with the contact as its first message.
    Opens(Outcome),
    /// Adds the contact to the case it threads into, whose status was `from`.
    Appends { from: CaseStatus, outcome: Outcome },
}

/// Where the contact leaves its case.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Outcome {
    /// The case's status after the contact.
    pub status: CaseStatus,
    /// Whether the case is resolved or reopened by it, from its status before (a new case is
    /// `New` before).
    pub change: StatusChange,
    /// The case's new priority; `None` keeps it (a new case starts `Normal`).
    pub priority: Option<Priority>,
    /// A low review: the case is tagged [`REVIEW_FOLLOW_UP_TAG`] (and raised to at least
    /// [`FOLLOW_UP_PRIORITY`]).
    pub follow_up: bool,
}

/// The priority a case that follows up a low review has at least.
pub const FOLLOW_UP_PRIORITY: Priority = Priority::High;

/// What a contact does:
/// - a contact seen before does nothing;
/// - a customer's answer puts a waiting case (`pending`, `on_hold`) back in front of the agent
///   (`open`), and a reply to a resolved case reopens it; a `new` or `open` case stays as it is;
/// - without a case to thread into, the contact opens a `new` one;
/// - a review of one or two stars asks for follow-up (high priority, tagged); a better review
///   needs nothing from an agent, so a case that is still `new` is resolved at once. A follow-up
///   raises the priority to high, never lowers it.
pub fn decide(found: Found, rating: Option<Stars>) -> Contact {
    if found.seen {
        return Contact::Duplicate;
    }
    let (before, priority) = found.case.unwrap_or((CaseStatus::New, Priority::Normal));
    let answered = match before {
        CaseStatus::Pending | CaseStatus::OnHold | CaseStatus::Resolved => CaseStatus::Open,
        other => other,
    };
    let follow_up = rating.is_some_and(Stars::is_low);
    let status = match rating {
        Some(stars) if !stars.is_low() && answered == CaseStatus::New => CaseStatus::Resolved,
        _ => answered,
    };
    // Only a closed case cannot change status, and a contact never changes a closed one.
    let change = StatusChange::between(before, status).unwrap_or(StatusChange {
        resolves: false,
        reopens: false,
    });
    let outcome = Outcome {
        status,
        change,
        priority: (follow_up && priority < FOLLOW_UP_PRIORITY).then_some(FOLLOW_UP_PRIORITY),
        follow_up,
    };
    match found.case {
        Some((from, _)) => Contact::Appends { from, outcome },
        None => Contact::Opens(outcome),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use CaseStatus::*;

    type Case = (CaseStatus, Priority);

    fn stars(n: i64) -> Option<Stars> {
        Some(Stars::new(n).expect("stars"))
    }

    #[test]
    fn stars_are_one_to_five() {
        assert!(Stars::new(0).is_err() && Stars::new(6).is_err() && Stars::new(-1).is_err());
        assert_eq!(Stars::new(3).map(Stars::get), Ok(3));
        assert!(stars(2).is_some_and(Stars::is_low) && !stars(3).is_some_and(Stars::is_low));
        assert!(serde_json::from_str::<Stars>("9").is_err());
        assert_eq!(serde_json::to_string(&stars(4)).expect("json"), "4");
    }

    #[test]
    fn what_a_contact_does() {
        use Priority::{High, Normal, Urgent};
        const NONE: StatusChange = StatusChange {
            resolves: false,
            reopens: false,
        };
        const RESOLVES: StatusChange = StatusChange {
            resolves: true,
            reopens: false,
        };
        const REOPENS: StatusChange = StatusChange {
            resolves: false,
            reopens: true,
        };
        let outcome = |status, change, priority, follow_up| Outcome {
            status,
            change,
            priority,
            follow_up,
        };
        let opens = |status, change, priority, follow_up| {
            Contact::Opens(outcome(status, change, priority, follow_up))
        };
        let appends = |from, status, change, priority, follow_up| Contact::Appends {
            from,
            outcome: outcome(status, change, priority, follow_up),
        };
        // (seen, case found, rating) => what the contact does
        #[rustfmt::skip]
        let table: &[(bool, Option<Case>, Option<Stars>, Contact)] = &[
            (true, None, None, Contact::Duplicate),
            (true, Some((Pending, Normal)), stars(1), Contact::Duplicate),
            (false, None, None, opens(New, NONE, None, false)),
            (false, Some((New, Normal)), None, appends(New, New, NONE, None, false)),
            (false, Some((Open, Normal)), None, appends(Open, Open, NONE, None, false)),
            (false, Some((Pending, Normal)), None, appends(Pending, Open, NONE, None, false)),
            (false, Some((OnHold, Normal)), None, appends(OnHold, Open, NONE, None, false)),
            (false, Some((Resolved, Normal)), None, appends(Resolved, Open, REOPENS, None, false)),
            (false, Some((Closed, Normal)), None, appends(Closed, Closed, NONE, None, false)),
            // Reviews: low ones are followed up, good ones on a new case need nothing.
            (false, None, stars(1), opens(New, NONE, Some(High), true)),
            (false, None, stars(2), opens(New, NONE, Some(High), true)),
            (false, None, stars(3), opens(Resolved, RESOLVES, None, false)),
            (false, None, stars(5), opens(Resolved, RESOLVES, None, false)),
            (false, Some((New, Normal)), stars(1), appends(New, New, NONE, Some(High), true)),
            (false, Some((New, High)), stars(1), appends(New, New, NONE, None, true)),
            (false, Some((Open, Urgent)), stars(2), appends(Open, Open, NONE, None, true)),
            (false, Some((New, Normal)), stars(4), appends(New, Resolved, RESOLVES, None, false)),
            (false, Some((Open, Normal)), stars(5), appends(Open, Open, NONE, None, false)),
            (false, Some((Pending, Normal)), stars(2), appends(Pending, Open, NONE, Some(High), true)),
            (false, Some((Resolved, Normal)), stars(1), appends(Resolved, Open, REOPENS, Some(High), true)),
            (false, Some((Resolved, Normal)), stars(5), appends(Resolved, Open, REOPENS, None, false)),
        ];
        for (seen, case, rating, expected) in table {
            let found = Found {
                seen: *seen,
                case: *case,
            };
            assert_eq!(
                decide(found, *rating),
                *expected,
                "{found:?} with {rating:?}"
            );
        }
    }
}
