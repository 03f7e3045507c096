//! What tables and columns the connected database has: the two backends' schemas must match.

use crate::{Backend, Db, StoreError, params};

/// `(table, column)` pairs of the application's tables, sorted.
pub async fn columns(db: &Db) -> Result<Vec<(String, String)>, StoreError> {
    let sql = match db.backend() {
        Backend::Sqlite => {
            "SELECT m.name, p.name FROM sqlite_master m JOIN pragma_table_info(m.name) p \
             WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' AND m.name NOT LIKE '_sqlx%'"
        }
        Backend::Postgres => {
            "SELECT table_name::text, column_name::text FROM information_schema.columns \
             WHERE table_schema = current_schema() AND table_name NOT LIKE '\\_sqlx%'"
        }
    };
    let mut rows: Vec<(String, String)> = db.fetch_all(sql, params![]).await?;
    rows.sort();
    Ok(rows)
}
