//! Who a chat visitor is. A visitor starts as its own customer, known by the token its browser
//! keeps. An email address it gives is a claim: a one-time code goes to that address, and only
//! the right code links it. A proven address of another customer lets a visitor without history
//! join that customer (and see its chat); a visitor with history of its own stays apart and the
//! agent is shown both records to merge. Nothing a visitor sends merges customers.

use chrono::Duration;
use domain::{Email, IdentityKind, Language};
use serde_json::{Value, json};
use store::events::Actor;
use store::identity_claims::{self, Attempt, NewClaim};
use store::linking;

use crate::state::AppState;

/// Codes per visitor and per address per hour: enough for typos, too few to mail-bomb anyone.
const CODES_PER_HOUR: i64 = 3;
const MAX_NAME_CHARS: usize = 200;

/// What the visitor's connection knows about them.
#[derive(Debug, Default)]
pub struct Session {
    pub customer: Option<i64>,
    /// The name the visitor gave, for the customer record made with their first message.
    pub name: Option<String>,
}

pub fn clean_name(name: Option<&str>) -> Option<String> {
    name.map(str::trim)
        .filter(|n| !n.is_empty() && n.chars().count() <= MAX_NAME_CHARS && !n.contains('\0'))
        .map(str::to_string)
}

/// The `email` frame: records the claim and has a code mailed; answers `verify` (or `linked` when
/// the address is already the visitor's own).
pub async fn claim_email(
    state: &AppState,
    visitor: &str,
    session: &mut Session,
    email: &str,
    name: Option<&str>,
    language: Option<&str>,
) -> Value {
    let email = match Email::parse(email) {
        Ok(email) => email,
        Err(err) => return error(err.to_string()),
    };
    if let Some(name) = clean_name(name) {
        if let Some(customer) = session.customer {
            rename(state, customer, &name).await;
        }
        session.name = Some(name);
    }
    let db = &state.db;
    let owner = match linking::owner_of(db, IdentityKind::Email, email.as_str()).await {
        Ok(owner) => owner,
        Err(err) => return failed(err),
    };
    if owner.is_some() && owner == session.customer {
        return json!({"type": "linked", "email": email.as_str()});
    }
    let window = Duration::hours(1);
    match identity_claims::recent(db, visitor, IdentityKind::Email, email.as_str(), window).await {
        Ok((by_visitor, for_address))
            if by_visitor >= CODES_PER_HOUR || for_address >= CODES_PER_HOUR =>
        {
            return json!({"type": "error", "code": "too_many_codes", "retry_after": window.num_seconds(),
                "message": "too many codes were asked for; please try again in an hour"});
        }
        Ok(_) => {}
        Err(err) => return failed(err),
    }
    let language = match language {
        Some("en") => "en",
        _ => "nl",
    };
    let claim = NewClaim {
        visitor,
        kind: IdentityKind::Email,
        value: email.as_str(),
        source: "chat",
        name: session.name.as_deref(),
        language,
    };
    match identity_claims::record(db, claim, true).await {
        Ok(_) => json!({"type": "verify", "email": email.as_str(),
            "minutes": identity_claims::CODE_MINUTES}),
        Err(err) => failed(err),
    }
}

/// The `verify` frame: checks the code and links what it proves.
pub async fn verify(state: &AppState, visitor: &str, session: &mut Session, code: &str) -> Value {
    let claim = match identity_claims::verify(&state.db, visitor, code).await {
        Ok(Attempt::Verified(claim)) => claim,
        Ok(Attempt::Wrong { attempts_left }) => {
            return json!({"type": "error", "code": "wrong_code", "attempts_left": attempts_left,
                "message": "that code is not right"});
        }
        Ok(Attempt::NothingToVerify) => {
            return json!({"type": "error", "code": "no_code",
                "message": "no code is waiting (it expired or was tried too often); ask for a new one"});
        }
        Err(err) => return failed(err),
    };
    match link_proven(state, visitor, session, &claim).await {
        Ok(()) => json!({"type": "linked", "email": claim.value}),
        Err(err) => failed(err),
    }
}

async fn link_proven(
    state: &AppState,
    visitor: &str,
    session: &mut Session,
    claim: &identity_claims::Claim,
) -> Result<(), store::StoreError> {
    let db = &state.db;
    let email = claim.value.as_str();
    let owner = linking::owner_of(db, IdentityKind::Email, email).await?;
    let actor = Actor::System;
    let outcome = match (owner, session.customer) {
        (Some(owner), Some(mine)) if owner == mine => "linked",
        // Both have a history: the same person twice, for an agent to merge.
        (Some(_), Some(_)) => "same_person",
        (Some(owner), None) => {
            linking::link_identity(db, owner, IdentityKind::Chat, visitor, &actor).await?;
            session.customer = Some(owner);
            "joined"
        }
        (None, Some(mine)) => {
            linking::link_identity(db, mine, IdentityKind::Email, email, &actor).await?;
            "linked"
        }
        (None, None) => {
            let new = store::customers::NewCustomer {
                name: claim.name.clone().unwrap_or_else(|| email.to_string()),
                language: None,
                attributes: serde_json::Map::new(),
                identities: vec![
                    (IdentityKind::Email, email.to_string()),
                    (IdentityKind::Chat, visitor.to_string()),
                ],
            };
            session.customer = Some(store::customers::create(db, new, &actor).await?.id);
            "linked"
        }
    };
    identity_claims::settle(db, claim.id, outcome, owner).await
}

/// A phone number given for a callback: called, never linked, and shown to the agent as the
/// visitor's unproven claim.
pub async fn claim_phone(state: &AppState, visitor: &str, session: &Session, phone: &str) {
    let claim = NewClaim {
        visitor,
        kind: IdentityKind::Phone,
        value: phone,
        source: "callback",
        name: session.name.as_deref(),
        language: "nl",
    };
    if let Err(err) = identity_claims::record(&state.db, claim, false).await {
        tracing::warn!(error = %err, "recording a chat visitor's phone number failed");
    }
}

/// Renames the visitor's own record while it still has the placeholder name.
pub async fn rename(state: &AppState, customer: i64, name: &str) {
    // The placeholder is in the language of the day the record was made.
    for language in [Language::Nl, Language::En] {
        let placeholder = language.chat_visitor();
        if let Err(err) =
            store::customers::rename_placeholder(&state.db, customer, placeholder, name).await
        {
            tracing::warn!(error = %err, "naming a chat visitor failed");
        }
    }
}

fn failed(err: store::StoreError) -> Value {
    error(format!("that did not work, please try again ({err})"))
}

pub fn error(message: String) -> Value {
    json!({"type": "error", "message": message})
}
