use thiserror::Error;

#[derive(Debug, Error)]
pub enum StoreError {
    /// The entity does not exist (or was merged away).
    #[error("{0} not found")]
    NotFound(Entity),
    /// A uniqueness rule was violated; the message says which.
    #[error("{0}")]
    Conflict(String),
    /// Input that passed the API's checks but breaks a rule only the store can see.
    #[error("{0}")]
    Invalid(String),
    /// The change would leave no active admin.
    #[error("the last active admin cannot be deactivated or lose the admin role")]
    LastAdmin,
    /// The database could not be reached or timed out; the request may be retried.
    #[error("database unavailable: {0}")]
    Unavailable(#[source] sqlx::Error),
    #[error("database error: {0}")]
    Database(#[source] sqlx::Error),
    /// The intake queue is full: the caller should retry after a moment.
    #[error("too many contacts are waiting to be written; retry shortly")]
    Overloaded,
    /// The transaction a contact was batched into failed as a whole; nothing of it was written.
    #[error("the contact was not written: {0}")]
    NotCommitted(String),
    /// The intake writer could not start (its SQLite connection did not open).
    #[error("the intake writer could not start: {0}")]
    WriterStart(String),
    /// Reading through a direct SQLite connection (the bulk read path) failed.
    #[error("reading the database: {0}")]
    Read(String),
    #[error("migration failed: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("unsupported database URL {0:?}: use sqlite://PATH or postgres://...")]
    UnsupportedUrl(String),
}

/// What the store did not find: each kind of thing [`StoreError::NotFound`] can name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Entity {
    Agent,
    Attachment,
    Callback,
    Case,
    Customer,
    Inbox,
    Interaction,
    Invitation,
    Setting,
    Survey,
    Team,
    Token,
    View,
}

impl Entity {
    /// The entity's name in messages: "case" in "case not found".
    pub const fn as_str(self) -> &'static str {
        match self {
            Entity::Agent => "agent",
            Entity::Attachment => "attachment",
            Entity::Callback => "callback",
            Entity::Case => "case",
            Entity::Customer => "customer",
            Entity::Inbox => "inbox",
            Entity::Interaction => "interaction",
            Entity::Invitation => "invitation",
            Entity::Setting => "setting",
            Entity::Survey => "survey",
            Entity::Team => "team",
            Entity::Token => "token",
            Entity::View => "view",
        }
    }
}

impl std::fmt::Display for Entity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl From<sqlx::Error> for StoreError {
    fn from(err: sqlx::Error) -> Self {
        match &err {
            sqlx::Error::PoolTimedOut
            | sqlx::Error::PoolClosed
            | sqlx::Error::Io(_)
            | sqlx::Error::Tls(_) => StoreError::Unavailable(err),
            sqlx::Error::Database(db) if db.is_unique_violation() => {
                StoreError::Conflict(format!("already exists ({})", db.message()))
            }
            // A data exception (e.g. a NUL character PostgreSQL cannot store): the input's fault.
            sqlx::Error::Database(db) if db.code().is_some_and(|code| code.starts_with("22")) => {
                StoreError::Invalid(format!("the database refused a value: {}", db.message()))
            }
            sqlx::Error::Database(db) if is_transient(db.code().as_deref()) => {
                StoreError::Unavailable(err)
            }
            _ => StoreError::Database(err),
        }
    }
}

impl StoreError {
    /// A deadlock or serialization failure: the transaction was rolled back whole and can be
    /// retried.
    pub fn is_conflict_between_transactions(&self) -> bool {
        match self {
            StoreError::Unavailable(sqlx::Error::Database(db)) => {
                matches!(db.code().as_deref(), Some("40P01" | "40001"))
            }
            _ => false,
        }
    }
}

/// SQLite busy/locked, PostgreSQL connection failures, admin shutdown and serialization failures.
fn is_transient(code: Option<&str>) -> bool {
    matches!(
        code,
        Some("5" | "6" | "261" | "517" | "57P01" | "57P02" | "57P03" | "40001" | "40P01" | "53300")
    ) || code.is_some_and(|c| c.starts_with("08"))
}
