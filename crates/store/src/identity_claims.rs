//! Identities a chat visitor says are theirs. A claim proves nothing: an email address is linked
//! only when the visitor answers the one-time code sent to it, and a phone number given for a
//! callback is only shown to the agent who makes the call. Claims are kept by the visitor's chat
//! token, so they follow the visitor's customer record through an agent's merge.

use chrono::{DateTime, Duration, Utc};
use domain::IdentityKind;
use rand::Rng;

use crate::secret::{hash, hashes_match};
use crate::{Db, StoreError, now, params};

/// A wrong code this many times and the claim is spent; a new code must be asked for.
pub const MAX_ATTEMPTS: i64 = 5;
/// How long a code works.
pub const CODE_MINUTES: i64 = 15;

#[derive(Debug, Clone, serde::Serialize, sqlx::FromRow)]
pub struct Claim {
    pub id: i64,
    pub visitor: String,
    pub kind: String,
    pub value: String,
    pub source: String,
    pub name: Option<String>,
    pub verified_at: Option<DateTime<Utc>>,
    pub outcome: Option<String>,
    pub owner_id: Option<i64>,
    pub created_at: DateTime<Utc>,
}

const CLAIM_COLUMNS: &str =
    "id, visitor, kind, value, source, name, verified_at, outcome, owner_id, created_at";

pub struct NewClaim<'a> {
    pub visitor: &'a str,
    pub kind: IdentityKind,
    pub value: &'a str,
    pub source: &'static str,
    pub name: Option<&'a str>,
    /// `nl` or `en`: the language the code is sent in.
    pub language: &'a str,
}

/// Records a claim. With `with_code`, a fresh six-digit code waits for [`take_codes`] to mail it;
/// afterwards only its hash is kept.
pub async fn record(db: &Db, claim: NewClaim<'_>, with_code: bool) -> Result<Claim, StoreError> {
    let at = now();
    let sql = format!(
        "INSERT INTO identity_claims (visitor, kind, value, source, name, language, expires_at, \
         created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING {CLAIM_COLUMNS}"
    );
    let expires_at = with_code.then(|| at + Duration::minutes(CODE_MINUTES));
    let recorded: Claim = db
        .fetch_one(
            sqlx::AssertSqlSafe(sql.clone()),
            params![
                claim.visitor,
                claim.kind.as_str(),
                claim.value,
                claim.source,
                claim.name,
                claim.language,
                expires_at,
                at
            ],
        )
        .await?;
    if with_code {
        let code = format!("{:06}", rand::rng().random_range(0..1_000_000));
        db.execute(
            "UPDATE identity_claims SET code_hash = $1, code_to_send = $2 WHERE id = $3",
            params![code_hash(recorded.id, &code), &code, recorded.id],
        )
        .await
        .map(|_| ())?;
    }
    Ok(recorded)
}

/// A code to mail, taken by one node only: the plain code leaves the database as it is taken.
#[derive(Debug, sqlx::FromRow)]
pub struct CodeToSend {
    pub id: i64,
    pub address: String,
    pub name: Option<String>,
    pub language: String,
    pub code: String,
}

/// Takes up to `limit` codes waiting to be mailed. A code whose mail fails is not retried: the
/// visitor asks for a new one.
pub async fn take_codes(db: &Db, limit: i64) -> Result<Vec<CodeToSend>, StoreError> {
    let sql = "SELECT id, value AS address, name, language, code_to_send AS code FROM \
               identity_claims WHERE code_to_send IS NOT NULL ORDER BY id LIMIT $1";
    let due: Vec<CodeToSend> = db.fetch_all(sql, params![limit]).await?;
    let mut taken = Vec::with_capacity(due.len());
    for code in due {
        let sql = "UPDATE identity_claims SET code_to_send = NULL WHERE id = $1 AND code_to_send \
                   IS NOT NULL";
        let cleared = db.execute(sql, params![code.id]).await?;
        if cleared == 1 {
            taken.push(code);
        }
    }
    Ok(taken)
}

/// The hash binds the code to its claim, so one code cannot answer another claim.
fn code_hash(claim_id: i64, code: &str) -> String {
    hash(&format!("{claim_id}:{code}"))
}

/// Claims made in the last `window`: by this visitor, and for this value (by anyone). What keeps
/// a visitor from mail-bombing an address with codes.
pub async fn recent(
    db: &Db,
    visitor: &str,
    kind: IdentityKind,
    value: &str,
    window: Duration,
) -> Result<(i64, i64), StoreError> {
    let since = now() - window;
    let by_visitor = db
        .scalar(
            "SELECT COUNT(*) FROM identity_claims WHERE visitor = $1 AND created_at >= $2",
            params![visitor, since],
        )
        .await?;
    let sql = "SELECT COUNT(*) FROM identity_claims WHERE kind = $1 AND value = $2 AND \
               created_at >= $3";
    let for_value = db.scalar(sql, params![kind.as_str(), value, since]).await?;
    Ok((by_visitor, for_value))
}

#[derive(Debug)]
pub enum Attempt {
    Verified(Claim),
    Wrong {
        attempts_left: i64,
    },
    /// No code waiting, or it expired or was guessed at too often.
    NothingToVerify,
}

/// Checks a code against the visitor's newest open claim. The attempt is counted before the
/// code is compared, in one statement, so parallel guesses cannot exceed [`MAX_ATTEMPTS`].
pub async fn verify(db: &Db, visitor: &str, code: &str) -> Result<Attempt, StoreError> {
    let at = now();
    let counted: Option<(i64, String, i64)> = db
        .fetch_optional(
            "UPDATE identity_claims SET \
                                                                 attempts = attempts + 1 WHERE \
                                                                 id = (SELECT id FROM \
                                                                 identity_claims WHERE visitor \
                                                                 = $1 AND code_hash IS NOT NULL \
                                                                 ORDER BY id DESC LIMIT 1) AND \
                                                                 verified_at IS NULL AND \
                                                                 attempts < $2 AND expires_at > \
                                                                 $3 RETURNING id, code_hash, \
                                                                 attempts",
            params![visitor, MAX_ATTEMPTS, at],
        )
        .await?;
    let Some((id, stored, attempts)) = counted else {
        return Ok(Attempt::NothingToVerify);
    };
    if !hashes_match(&stored, &code_hash(id, code.trim())) {
        return Ok(Attempt::Wrong {
            attempts_left: MAX_ATTEMPTS - attempts,
        });
    }
    let sql = format!(
        "UPDATE identity_claims SET verified_at = $1 WHERE id = $2 AND verified_at IS NULL \
         RETURNING {CLAIM_COLUMNS}"
    );
    let verified: Option<Claim> = db
        .fetch_optional(sqlx::AssertSqlSafe(sql.clone()), params![at, id])
        .await?;
    Ok(verified.map_or(Attempt::NothingToVerify, Attempt::Verified))
}

/// What the proof led to: `linked`, `joined` or `same_person`, with the customer who owned it.
pub async fn settle(
    db: &Db,
    claim_id: i64,
    outcome: &str,
    owner_id: Option<i64>,
) -> Result<(), StoreError> {
    db.execute(
        "UPDATE identity_claims SET outcome = $1, owner_id = $2 WHERE id = $3",
        params![outcome, owner_id, claim_id],
    )
    .await
    .map(|_| ())?;
    Ok(())
}

/// The claims made by a customer's chat visitors, newest first: what the agent is shown.
pub async fn of_customer(db: &Db, customer_id: i64) -> Result<Vec<Claim>, StoreError> {
    let sql = format!(
        "SELECT {CLAIM_COLUMNS} FROM identity_claims WHERE visitor IN (SELECT value FROM \
         identities WHERE customer_id = $1 AND kind = 'chat') ORDER BY id DESC LIMIT 50"
    );
    db.fetch_all(sqlx::AssertSqlSafe(sql.clone()), params![customer_id])
        .await
}
