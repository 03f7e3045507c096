//! Signatures under email replies: an agent's own and their inbox's, each in Dutch and English.
//! A reply gets the agent's signature, then the inbox's, in the customer's language.

use crate::{Db, StoreError, now, params};

/// The languages a signature is kept in; the UI's.
pub const LANGUAGES: [&str; 2] = ["nl", "en"];
/// Longest accepted signature, in characters.
pub const MAX_CHARS: usize = 2_000;

/// Whose signature it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Owner {
    Agent(i64),
    Inbox(i64),
}

impl Owner {
    fn table(self) -> (&'static str, &'static str, i64) {
        match self {
            Owner::Agent(id) => ("agent_signatures", "agent_id", id),
            Owner::Inbox(id) => ("inbox_signatures", "inbox_id", id),
        }
    }
}

/// The signature in each language, `(language, body)`; a language without one is left out.
pub async fn of(db: &Db, owner: Owner) -> Result<Vec<(String, String)>, StoreError> {
    let (table, column, id) = owner.table();
    let sql = format!("SELECT language, body FROM {table} WHERE {column} = $1 ORDER BY language");
    db.fetch_all(sqlx::AssertSqlSafe(sql), params![id]).await
}

/// Sets the signature in one language; an empty one is removed.
pub async fn set(db: &Db, owner: Owner, language: &str, body: &str) -> Result<(), StoreError> {
    if !LANGUAGES.contains(&language) {
        return Err(StoreError::Invalid(format!(
            "a signature is in nl or en, not {language:?}"
        )));
    }
    if body.chars().count() > MAX_CHARS || body.contains('\0') {
        return Err(StoreError::Invalid(format!(
            "a signature has at most {MAX_CHARS} characters"
        )));
    }
    let (table, column, id) = owner.table();
    let body = body.trim();
    if body.is_empty() {
        let sql = format!("DELETE FROM {table} WHERE {column} = $1 AND language = $2");
        db.execute(sqlx::AssertSqlSafe(sql), params![id, language])
            .await?;
        return Ok(());
    }
    let sql = format!(
        "INSERT INTO {table} ({column}, language, body, updated_at) VALUES ($1, $2, $3, $4) ON \
         CONFLICT ({column}, language) DO UPDATE SET body = excluded.body, updated_at = \
         excluded.updated_at"
    );
    db.execute(sqlx::AssertSqlSafe(sql), params![id, language, body, now()])
        .await?;
    Ok(())
}

/// What goes under a reply by `agent` through `inbox` to a customer who reads `language`: the
/// agent's signature, then the inbox's; `None` when neither has one in that language.
pub async fn for_reply(
    db: &Db,
    agent: Option<i64>,
    inbox: Option<i64>,
    language: &str,
) -> Result<Option<String>, StoreError> {
    // `en-GB` reads English; a language we keep no signature in gets the Dutch one.
    let primary = language
        .split(['-', '_'])
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    let language = LANGUAGES
        .into_iter()
        .find(|l| *l == primary)
        .unwrap_or("nl");
    let mut parts = Vec::new();
    for owner in [agent.map(Owner::Agent), inbox.map(Owner::Inbox)]
        .into_iter()
        .flatten()
    {
        if let Some((_, body)) = of(db, owner)
            .await?
            .into_iter()
            .find(|(l, _)| l == language)
        {
            parts.push(body);
        }
    }
    Ok((!parts.is_empty()).then(|| parts.join("\n\n")))
}

/// `body` with `signature` under it, separated as mail clients expect (`-- `).
pub fn signed(body: &str, signature: Option<&str>) -> String {
    match signature {
        Some(signature) => format!("{body}\n\n-- \n{signature}"),
        None => body.to_string(),
    }
}
