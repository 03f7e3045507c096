//! A small builder for dynamic `WHERE` clauses with `$n` placeholders, bound the same way on both
//! backends by [`bind_args!`].

use chrono::{DateTime, Utc};

#[derive(Debug, Clone)]
pub enum Arg {
    Text(String),
    Int(i64),
    Time(DateTime<Utc>),
}

#[derive(Default)]
pub struct Where {
    clauses: Vec<String>,
    pub args: Vec<Arg>,
}

impl Where {
    /// Adds a clause; each `?` in it becomes the next `$n`, taking the next of `args`.
    pub fn push(&mut self, clause: &str, args: impl IntoIterator<Item = Arg>) {
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

/// Binds every [`Arg`] of `$args`, in order, to the query `$query`.
#[macro_export]
macro_rules! bind_args {
    ($query:expr, $args:expr) => {{
        let mut query = $query;
        for arg in $args {
            query = match arg {
                $crate::sql::Arg::Text(value) => query.bind(value),
                $crate::sql::Arg::Int(value) => query.bind(value),
                $crate::sql::Arg::Time(value) => query.bind(value),
            };
        }
        query
    }};
}

/// Runs one statement outside a transaction; returns the rows it changed.
pub async fn execute(
    db: &crate::Db,
    sql: &'static str,
    args: Vec<Arg>,
) -> Result<u64, crate::StoreError> {
    Ok(
        crate::on_pool!(db, pool => bind_args!(sqlx::query(sql), args).execute(pool).await?.rows_affected()),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_numbered_across_clauses() {
        let mut w = Where::default();
        w.push("a = ?", [Arg::Int(1)]);
        w.push("(b, c) < (?, ?)", [Arg::Int(2), Arg::Int(3)]);
        assert_eq!(w.sql(), "WHERE a = $1 AND (b, c) < ($2, $3)");
        assert_eq!(w.next_placeholder(), "$4");
    }
}
