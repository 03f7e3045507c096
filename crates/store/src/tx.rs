//! Write transactions. [`Db::begin_write`] opens one; each step of a change is an `async fn` on
//! [`Tx`] in its feature module (`insert_case` in `cases`, `append_event` in `events`, ...), and
//! [`Tx::commit`] commits and wakes the log's tails once. Dropped without commit, it rolls back.

use sqlx::{Postgres, SqlSafeStr, Sqlite, Transaction};

use crate::sql::{Conn, FromAnyRow, Param};
use crate::{Db, StoreError};

/// An open write transaction on either backend.
pub struct Tx {
    inner: Inner,
}

enum Inner {
    Sqlite(Transaction<'static, Sqlite>),
    Postgres(Transaction<'static, Postgres>),
}

impl Db {
    /// Begins a write transaction: `BEGIN IMMEDIATE` on SQLite, so a writer waits for the lock up
    /// front instead of failing when it upgrades from reading; a plain `BEGIN` on PostgreSQL.
    pub async fn begin_write(&self) -> Result<Tx, StoreError> {
        let inner = match self {
            Db::Sqlite(pool) => Inner::Sqlite(pool.begin_with("BEGIN IMMEDIATE").await?),
            Db::Postgres(pool) => Inner::Postgres(pool.begin().await?),
        };
        Ok(Tx { inner })
    }
}

impl Tx {
    /// Commits, then wakes the tails of the event log in this process.
    pub async fn commit(self) -> Result<(), StoreError> {
        self.commit_unannounced().await?;
        crate::events::notify_committed();
        Ok(())
    }

    /// Commits without waking the tails: for the intake writers, whose commits are announced
    /// coalesced (see `intake::committed`).
    pub(crate) async fn commit_unannounced(self) -> Result<(), StoreError> {
        match self.inner {
            Inner::Sqlite(tx) => tx.commit().await?,
            Inner::Postgres(tx) => tx.commit().await?,
        }
        Ok(())
    }

    /// The transaction's connection, for a statement that differs per backend.
    pub(crate) fn conn(&mut self) -> Conn<'_> {
        match &mut self.inner {
            Inner::Sqlite(tx) => Conn::Sqlite(tx),
            Inner::Postgres(tx) => Conn::Postgres(tx),
        }
    }

    /// Runs a statement; the number of rows it changed.
    pub async fn execute(
        &mut self,
        sql: impl SqlSafeStr,
        params: impl IntoIterator<Item = Param<'_>>,
    ) -> Result<u64, StoreError> {
        self.conn().execute(sql, params).await
    }

    pub async fn fetch_one<T: FromAnyRow>(
        &mut self,
        sql: impl SqlSafeStr,
        params: impl IntoIterator<Item = Param<'_>>,
    ) -> Result<T, StoreError> {
        self.conn().fetch_one(sql, params).await
    }

    pub async fn fetch_optional<T: FromAnyRow>(
        &mut self,
        sql: impl SqlSafeStr,
        params: impl IntoIterator<Item = Param<'_>>,
    ) -> Result<Option<T>, StoreError> {
        self.conn().fetch_optional(sql, params).await
    }

    pub async fn fetch_all<T: FromAnyRow>(
        &mut self,
        sql: impl SqlSafeStr,
        params: impl IntoIterator<Item = Param<'_>>,
    ) -> Result<Vec<T>, StoreError> {
        self.conn().fetch_all(sql, params).await
    }

    pub async fn scalar<T>(
        &mut self,
        sql: impl SqlSafeStr,
        params: impl IntoIterator<Item = Param<'_>>,
    ) -> Result<T, StoreError>
    where
        (T,): FromAnyRow,
    {
        self.conn().scalar(sql, params).await
    }

    pub async fn optional_scalar<T>(
        &mut self,
        sql: impl SqlSafeStr,
        params: impl IntoIterator<Item = Param<'_>>,
    ) -> Result<Option<T>, StoreError>
    where
        (T,): FromAnyRow,
    {
        self.conn().optional_scalar(sql, params).await
    }

    pub async fn scalars<T>(
        &mut self,
        sql: impl SqlSafeStr,
        params: impl IntoIterator<Item = Param<'_>>,
    ) -> Result<Vec<T>, StoreError>
    where
        (T,): FromAnyRow,
    {
        self.conn().scalars(sql, params).await
    }
}
