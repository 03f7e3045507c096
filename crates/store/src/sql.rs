//! Statements written once for both backends: SQL with `$n` placeholders, which SQLite and
//! PostgreSQL both accept, and its parameters as [`Param`]s (built with
//! [`params!`](crate::params)), run on a [`Db`](crate::Db) or a [`Tx`](crate::Tx) by the same
//! helpers (`execute`, `fetch_one`, `scalar`, ...). [`Where`] builds dynamic `WHERE` clauses for
//! them.

use std::borrow::Cow;

use chrono::{DateTime, Utc};
use futures_util::TryStreamExt;
use serde_json::Value;
use sqlx::error::BoxDynError;
use sqlx::postgres::PgRow;
use sqlx::sqlite::SqliteRow;
use sqlx::types::Json;
use sqlx::{
    Arguments, Database, Encode, FromRow, PgConnection, Postgres, Sqlite, SqliteConnection, Type,
};

use crate::StoreError;

/// One statement parameter. Each kind keeps its SQL type when NULL, because PostgreSQL refuses a
/// text NULL for a bigint column; text and JSON borrow when they can.
#[derive(Debug, Clone, PartialEq)]
pub enum Param<'a> {
    Int(Option<i64>),
    Float(Option<f64>),
    Bool(Option<bool>),
    Text(Option<Cow<'a, str>>),
    Time(Option<DateTime<Utc>>),
    Json(Option<Cow<'a, Value>>),
    Bytes(Option<Cow<'a, [u8]>>),
    /// A value that could not be turned into JSON: the statement fails, as binding it would.
    Unencodable(String),
}

/// The parameters of a statement, in placeholder order: `params![id, name, at]`, an array of
/// [`Param`]s (no allocation).
#[macro_export]
macro_rules! params {
    ($($value:expr),* $(,)?) => {
        [$($crate::sql::Param::from($value)),*]
    };
}

/// The typed NULL of a parameter type, so `None` binds as a NULL of the right SQL type.
pub trait Nullable {
    const NULL: Param<'static>;
}

impl<'a, T: Into<Param<'a>> + Nullable> From<Option<T>> for Param<'a> {
    fn from(value: Option<T>) -> Self {
        value.map_or(T::NULL, Into::into)
    }
}

impl From<i64> for Param<'_> {
    fn from(value: i64) -> Self {
        Param::Int(Some(value))
    }
}

impl From<&i64> for Param<'_> {
    fn from(value: &i64) -> Self {
        Param::Int(Some(*value))
    }
}

impl Nullable for i64 {
    const NULL: Param<'static> = Param::Int(None);
}

impl From<f64> for Param<'_> {
    fn from(value: f64) -> Self {
        Param::Float(Some(value))
    }
}

impl Nullable for f64 {
    const NULL: Param<'static> = Param::Float(None);
}

impl From<bool> for Param<'_> {
    fn from(value: bool) -> Self {
        Param::Bool(Some(value))
    }
}

impl Nullable for bool {
    const NULL: Param<'static> = Param::Bool(None);
}

impl From<DateTime<Utc>> for Param<'_> {
    fn from(value: DateTime<Utc>) -> Self {
        Param::Time(Some(value))
    }
}

impl Nullable for DateTime<Utc> {
    const NULL: Param<'static> = Param::Time(None);
}

impl<'a> From<&'a str> for Param<'a> {
    fn from(value: &'a str) -> Self {
        Param::Text(Some(Cow::Borrowed(value)))
    }
}

impl Nullable for &str {
    const NULL: Param<'static> = Param::Text(None);
}

impl From<String> for Param<'_> {
    fn from(value: String) -> Self {
        Param::Text(Some(Cow::Owned(value)))
    }
}

impl Nullable for String {
    const NULL: Param<'static> = Param::Text(None);
}

impl<'a> From<&'a String> for Param<'a> {
    fn from(value: &'a String) -> Self {
        Param::Text(Some(Cow::Borrowed(value)))
    }
}

impl<'a> From<&'a Option<String>> for Param<'a> {
    fn from(value: &'a Option<String>) -> Self {
        value.as_deref().into()
    }
}

impl From<Value> for Param<'_> {
    fn from(value: Value) -> Self {
        Param::Json(Some(Cow::Owned(value)))
    }
}

impl<'a> From<&'a Value> for Param<'a> {
    fn from(value: &'a Value) -> Self {
        Param::Json(Some(Cow::Borrowed(value)))
    }
}

impl Nullable for Value {
    const NULL: Param<'static> = Param::Json(None);
}

impl Nullable for &Value {
    const NULL: Param<'static> = Param::Json(None);
}

impl<T> Nullable for Json<T> {
    const NULL: Param<'static> = Param::Json(None);
}

impl<'a> From<&'a [u8]> for Param<'a> {
    fn from(value: &'a [u8]) -> Self {
        Param::Bytes(Some(Cow::Borrowed(value)))
    }
}

impl<'a> From<&'a Vec<u8>> for Param<'a> {
    fn from(value: &'a Vec<u8>) -> Self {
        Param::Bytes(Some(Cow::Borrowed(value)))
    }
}

impl From<Vec<u8>> for Param<'_> {
    fn from(value: Vec<u8>) -> Self {
        Param::Bytes(Some(Cow::Owned(value)))
    }
}

impl<T: serde::Serialize> From<Json<T>> for Param<'_> {
    /// Any serializable value, stored as JSON.
    fn from(Json(value): Json<T>) -> Self {
        match serde_json::to_value(value) {
            Ok(value) => Param::Json(Some(Cow::Owned(value))),
            Err(err) => Param::Unencodable(err.to_string()),
        }
    }
}

/// Builds the bound arguments of `params` for backend `DB`.
fn arguments<'p, DB: Database>(
    params: impl IntoIterator<Item = Param<'p>>,
) -> Result<DB::Arguments, StoreError>
where
    for<'t> Option<i64>: Encode<'t, DB> + Type<DB>,
    for<'t> Option<f64>: Encode<'t, DB> + Type<DB>,
    for<'t> Option<bool>: Encode<'t, DB> + Type<DB>,
    for<'t> Option<Cow<'t, str>>: Encode<'t, DB> + Type<DB>,
    for<'t> Option<DateTime<Utc>>: Encode<'t, DB> + Type<DB>,
    for<'t> Option<Json<Cow<'t, Value>>>: Encode<'t, DB> + Type<DB>,
    for<'t> Option<Cow<'t, [u8]>>: Encode<'t, DB> + Type<DB>,
{
    let params = params.into_iter();
    let mut args = DB::Arguments::default();
    args.reserve(params.size_hint().0, 0);
    for param in params {
        let added: Result<(), BoxDynError> = match param {
            Param::Int(value) => args.add(value),
            Param::Float(value) => args.add(value),
            Param::Bool(value) => args.add(value),
            Param::Text(value) => args.add(value),
            Param::Time(value) => args.add(value),
            Param::Json(value) => args.add(value.map(Json)),
            Param::Bytes(value) => args.add(value),
            Param::Unencodable(message) => Err(message.into()),
        };
        added.map_err(sqlx::Error::Encode)?;
    }
    Ok(args)
}

/// A row type both backends can decode: any `#[derive(sqlx::FromRow)]` struct or tuple.
pub trait FromAnyRow:
    for<'r> FromRow<'r, SqliteRow> + for<'r> FromRow<'r, PgRow> + Send + Unpin
{
}

impl<T> FromAnyRow for T where
    T: for<'r> FromRow<'r, SqliteRow> + for<'r> FromRow<'r, PgRow> + Send + Unpin
{
}

/// A connection statements run on: a transaction's, or one taken from the pool for a single
/// statement. For the few queries that differ per backend, match on it.
pub(crate) enum Conn<'c> {
    Sqlite(&'c mut SqliteConnection),
    Postgres(&'c mut PgConnection),
}

impl Conn<'_> {
    /// Runs a statement; the number of rows it changed.
    pub async fn execute(
        self,
        sql: impl sqlx::SqlSafeStr,
        params: impl IntoIterator<Item = Param<'_>>,
    ) -> Result<u64, StoreError> {
        let done = match self {
            Conn::Sqlite(conn) => {
                let query = sqlx::query_with(sql, arguments::<Sqlite>(params)?);
                query.execute(conn).await?.rows_affected()
            }
            Conn::Postgres(conn) => {
                let query = sqlx::query_with(sql, arguments::<Postgres>(params)?);
                query.execute(conn).await?.rows_affected()
            }
        };
        Ok(done)
    }

    pub async fn fetch_optional<T: FromAnyRow>(
        self,
        sql: impl sqlx::SqlSafeStr,
        params: impl IntoIterator<Item = Param<'_>>,
    ) -> Result<Option<T>, StoreError> {
        let row = match self {
            Conn::Sqlite(conn) => {
                let query = sqlx::query_as_with(sql, arguments::<Sqlite>(params)?);
                query.fetch_optional(conn).await?
            }
            Conn::Postgres(conn) => {
                let query = sqlx::query_as_with(sql, arguments::<Postgres>(params)?);
                query.fetch_optional(conn).await?
            }
        };
        Ok(row)
    }

    pub async fn fetch_all<T: FromAnyRow>(
        self,
        sql: impl sqlx::SqlSafeStr,
        params: impl IntoIterator<Item = Param<'_>>,
    ) -> Result<Vec<T>, StoreError> {
        let rows = match self {
            Conn::Sqlite(conn) => {
                let query = sqlx::query_as_with(sql, arguments::<Sqlite>(params)?);
                query.fetch_all(conn).await?
            }
            Conn::Postgres(conn) => {
                let query = sqlx::query_as_with(sql, arguments::<Postgres>(params)?);
                query.fetch_all(conn).await?
            }
        };
        Ok(rows)
    }

    /// Hands each row a statement returns to `visit` as it arrives, without collecting them.
    pub async fn for_each<T: FromAnyRow>(
        self,
        sql: impl sqlx::SqlSafeStr,
        params: impl IntoIterator<Item = Param<'_>>,
        mut visit: impl FnMut(T) + Send,
    ) -> Result<(), StoreError> {
        match self {
            Conn::Sqlite(conn) => {
                let query = sqlx::query_as_with(sql, arguments::<Sqlite>(params)?);
                let mut rows = query.fetch(conn);
                while let Some(row) = rows.try_next().await? {
                    visit(row);
                }
            }
            Conn::Postgres(conn) => {
                let query = sqlx::query_as_with(sql, arguments::<Postgres>(params)?);
                let mut rows = query.fetch(conn);
                while let Some(row) = rows.try_next().await? {
                    visit(row);
                }
            }
        }
        Ok(())
    }

    /// The one row a statement returns; a missing row is an error, as with sqlx's `fetch_one`.
    pub async fn fetch_one<T: FromAnyRow>(
        self,
        sql: impl sqlx::SqlSafeStr,
        params: impl IntoIterator<Item = Param<'_>>,
    ) -> Result<T, StoreError> {
        self.fetch_optional(sql, params)
            .await?
            .ok_or(StoreError::from(sqlx::Error::RowNotFound))
    }

    /// The first column of the one row a statement returns.
    pub async fn scalar<T>(
        self,
        sql: impl sqlx::SqlSafeStr,
        params: impl IntoIterator<Item = Param<'_>>,
    ) -> Result<T, StoreError>
    where
        (T,): FromAnyRow,
    {
        let (value,) = self.fetch_one(sql, params).await?;
        Ok(value)
    }

    /// The first column of the row a statement returns, if it returns one.
    pub async fn optional_scalar<T>(
        self,
        sql: impl sqlx::SqlSafeStr,
        params: impl IntoIterator<Item = Param<'_>>,
    ) -> Result<Option<T>, StoreError>
    where
        (T,): FromAnyRow,
    {
        let row = self.fetch_optional(sql, params).await?;
        Ok(row.map(|(value,)| value))
    }

    /// The first column of every row a statement returns.
    pub async fn scalars<T>(
        self,
        sql: impl sqlx::SqlSafeStr,
        params: impl IntoIterator<Item = Param<'_>>,
    ) -> Result<Vec<T>, StoreError>
    where
        (T,): FromAnyRow,
    {
        let rows = self.fetch_all(sql, params).await?;
        Ok(rows.into_iter().map(|(value,)| value).collect())
    }
}

/// A builder for dynamic `WHERE` clauses: each `?` becomes the next `$n`.
#[derive(Default)]
pub struct Where {
    clauses: Vec<String>,
    pub args: Vec<Param<'static>>,
}

impl Where {
    /// Adds a clause; each `?` in it becomes the next `$n`, taking the next of `args`.
    pub fn push(&mut self, clause: &str, args: impl IntoIterator<Item = Param<'static>>) {
        let mut text = String::with_capacity(clause.len() + 4);
        for ch in clause.chars() {
            if ch == '?' {
                text.push_str(&format!(
                    "${}",
                    self.args.len() + 1 + text.matches('$').count()
                ));
            } else {
                text.push(ch);
            }
        }
        self.clauses.push(text);
        self.args.extend(args);
    }

    /// The next free placeholder, for a `LIMIT` after the clauses.
    pub fn next_placeholder(&self) -> String {
        format!("${}", self.args.len() + 1)
    }

    pub fn sql(&self) -> String {
        if self.clauses.is_empty() {
            String::new()
        } else {
            format!("WHERE {}", self.clauses.join(" AND "))
        }
    }
}

/// `$1, $2, …, $count`: the placeholders of an `IN (...)` list.
pub(crate) fn placeholders(count: usize) -> String {
    placeholders_from(1, count)
}

/// `$first, …`: `count` placeholders after statement parameters of their own.
pub(crate) fn placeholders_from(first: usize, count: usize) -> String {
    (first..first + count)
        .map(|n| format!("${n}"))
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_numbered_across_clauses() {
        let mut w = Where::default();
        w.push("a = ?", params![1]);
        w.push("(b, c) < (?, ?)", params![2, 3]);
        assert_eq!(w.sql(), "WHERE a = $1 AND (b, c) < ($2, $3)");
        assert_eq!(w.next_placeholder(), "$4");
    }

    #[test]
    fn nulls_keep_their_type() {
        let none: Option<&str> = None;
        assert_eq!(
            params![none, None::<i64>],
            [Param::Text(None), Param::Int(None)]
        );
    }

    #[test]
    fn a_value_that_is_no_json_fails_the_statement() {
        let map: std::collections::HashMap<(i64, i64), i64> = [((1, 2), 3)].into();
        assert!(arguments::<Sqlite>(params![Json(map)]).is_err());
        assert!(arguments::<Sqlite>(params![Json([1, 2])]).is_ok());
    }
}
