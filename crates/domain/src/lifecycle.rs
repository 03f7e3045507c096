//! The rules of a case's status changes.

use crate::CaseStatus;

/// What a status change does to a case beyond its status.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StatusChange {
    /// The case becomes resolved now: `resolved_at` is set.
    pub resolves: bool,
    /// A resolved case becomes active again: `resolved_at` is cleared and `reopen_count` grows.
    pub reopens: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("the case is closed; a closed case cannot change status, open a new case instead")]
pub struct CaseClosed;

impl StatusChange {
    pub fn between(from: CaseStatus, to: CaseStatus) -> Result<StatusChange, CaseClosed> {
        if from == CaseStatus::Closed && to != CaseStatus::Closed {
            return Err(CaseClosed);
        }
        Ok(StatusChange {
            resolves: from.is_active() && !to.is_active(),
            reopens: !from.is_active() && to.is_active(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use CaseStatus::*;

    #[test]
    fn resolving_and_reopening() {
        assert_eq!(
            StatusChange::between(Open, Resolved),
            Ok(StatusChange {
                resolves: true,
                reopens: false
            })
        );
        assert_eq!(
            StatusChange::between(Resolved, Open),
            Ok(StatusChange {
                resolves: false,
                reopens: true
            })
        );
        assert_eq!(
            StatusChange::between(Resolved, Closed),
            Ok(StatusChange {
                resolves: false,
                reopens: false
            })
        );
        assert_eq!(StatusChange::between(Closed, Open), Err(CaseClosed));
        assert!(StatusChange::between(Closed, Closed).is_ok());
    }
}
