use std::str::FromStr;
use std::time::Duration;

use sqlx::postgres::{PgPool, PgPoolOptions};
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};

use sqlx::pool::PoolConnection;
use sqlx::{Postgres, SqlSafeStr, Sqlite};

use crate::StoreError;
use crate::sql::{Conn, FromAnyRow, Param};

static SQLITE_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/sqlite");
static POSTGRES_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/postgres");

/// The database, chosen at run time by its URL.
#[derive(Clone, Debug)]
pub enum Db {
    Sqlite(SqlitePool),
    Postgres(PgPool),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Db {
    /// Opens the database named by `url` (`sqlite://PATH` is created if missing; `postgres://...`).
    /// Does not migrate: call [`Db::migrate`].
    pub async fn connect(url: &str) -> Result<Db, StoreError> {
        if url.starts_with("sqlite:") {
            let options = SqliteConnectOptions::from_str(url)?
                .create_if_missing(true)
                .journal_mode(SqliteJournalMode::Wal)
                .synchronous(SqliteSynchronous::Full)
                .foreign_keys(true)
                .busy_timeout(Duration::from_secs(10));
            let pool = SqlitePoolOptions::new()
                .max_connections(8)
                .acquire_timeout(Duration::from_secs(10))
                .connect_with(options)
                .await?;
            Ok(Db::Sqlite(pool))
        } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            let pool = PgPoolOptions::new()
                .max_connections(16)
                .acquire_timeout(Duration::from_secs(5))
                .connect(url)
                .await?;
            Ok(Db::Postgres(pool))
        } else {
            Err(StoreError::UnsupportedUrl(url.chars().take(60).collect()))
        }
    }

    /// Applies the embedded migrations of this backend that have not run yet.
    pub async fn migrate(&self) -> Result<(), StoreError> {
        match self {
            Db::Sqlite(pool) => SQLITE_MIGRATIONS.run(pool).await?,
            Db::Postgres(pool) => POSTGRES_MIGRATIONS.run(pool).await?,
        }
        crate::customers::fill_name_keys(self).await?;
        Ok(())
    }

    pub fn backend(&self) -> Backend {
        match self {
            Db::Sqlite(_) => Backend::Sqlite,
            Db::Postgres(_) => Backend::Postgres,
        }
    }

    /// A cheap round trip, for health checks.
    pub async fn ping(&self) -> Result<(), StoreError> {
        self.execute("SELECT 1", vec![]).await?;
        Ok(())
    }

    pub async fn close(&self) {
        match self {
            Db::Sqlite(pool) => pool.close().await,
            Db::Postgres(pool) => pool.close().await,
        }
    }
}

/// One statement outside a transaction, on a connection taken from the pool for it.
impl Db {
    /// Runs a statement; the number of rows it changed.
    pub async fn execute(
        &self,
        sql: impl SqlSafeStr,
        params: impl IntoIterator<Item = Param<'_>>,
    ) -> Result<u64, StoreError> {
        self.pooled().await?.conn().execute(sql, params).await
    }

    pub async fn fetch_one<T: FromAnyRow>(
        &self,
        sql: impl SqlSafeStr,
        params: impl IntoIterator<Item = Param<'_>>,
    ) -> Result<T, StoreError> {
        self.pooled().await?.conn().fetch_one(sql, params).await
    }

    pub async fn fetch_optional<T: FromAnyRow>(
        &self,
        sql: impl SqlSafeStr,
        params: impl IntoIterator<Item = Param<'_>>,
    ) -> Result<Option<T>, StoreError> {
        self.pooled()
            .await?
            .conn()
            .fetch_optional(sql, params)
            .await
    }

    pub async fn fetch_all<T: FromAnyRow>(
        &self,
        sql: impl SqlSafeStr,
        params: impl IntoIterator<Item = Param<'_>>,
    ) -> Result<Vec<T>, StoreError> {
        self.pooled().await?.conn().fetch_all(sql, params).await
    }

    /// Hands each row a statement returns to `visit` as it arrives, without collecting them.
    pub async fn for_each<T: FromAnyRow>(
        &self,
        sql: impl SqlSafeStr,
        params: impl IntoIterator<Item = Param<'_>>,
        visit: impl FnMut(T) + Send,
    ) -> Result<(), StoreError> {
        self.pooled()
            .await?
            .conn()
            .for_each(sql, params, visit)
            .await
    }

    pub async fn scalar<T>(
        &self,
        sql: impl SqlSafeStr,
        params: impl IntoIterator<Item = Param<'_>>,
    ) -> Result<T, StoreError>
    where
        (T,): FromAnyRow,
    {
        self.pooled().await?.conn().scalar(sql, params).await
    }

    pub async fn optional_scalar<T>(
        &self,
        sql: impl SqlSafeStr,
        params: impl IntoIterator<Item = Param<'_>>,
    ) -> Result<Option<T>, StoreError>
    where
        (T,): FromAnyRow,
    {
        self.pooled()
            .await?
            .conn()
            .optional_scalar(sql, params)
            .await
    }

    pub async fn scalars<T>(
        &self,
        sql: impl SqlSafeStr,
        params: impl IntoIterator<Item = Param<'_>>,
    ) -> Result<Vec<T>, StoreError>
    where
        (T,): FromAnyRow,
    {
        self.pooled().await?.conn().scalars(sql, params).await
    }

    async fn pooled(&self) -> Result<Pooled, StoreError> {
        Ok(match self {
            Db::Sqlite(pool) => Pooled::Sqlite(pool.acquire().await?),
            Db::Postgres(pool) => Pooled::Postgres(pool.acquire().await?),
        })
    }
}

enum Pooled {
    Sqlite(PoolConnection<Sqlite>),
    Postgres(PoolConnection<Postgres>),
}

impl Pooled {
    fn conn(&mut self) -> Conn<'_> {
        match self {
            Pooled::Sqlite(conn) => Conn::Sqlite(conn),
            Pooled::Postgres(conn) => Conn::Postgres(conn),
        }
    }
}
