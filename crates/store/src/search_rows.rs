//! What the search index is built from: cases with their messages, and customers with their email
//! addresses and phone numbers. Read in id order a page at a time (the rebuild), or one case or
//! customer at a time (the event tail). Merged cases and customers are left out: their records
//! live on in the one they were merged into.

use crate::sql::{Param, placeholders};
use crate::{Db, StoreError, params};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct CaseRow {
    pub id: i64,
    pub subject: String,
    pub status: String,
    pub customer_name: String,
    pub team_id: Option<i64>,
    pub assignee_id: Option<i64>,
    #[sqlx(skip)]
    pub tags: Vec<String>,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct MessageRow {
    pub id: i64,
    pub case_id: i64,
    pub direction: String,
    pub subject: Option<String>,
    pub body: String,
    pub case_subject: String,
    pub team_id: Option<i64>,
    pub assignee_id: Option<i64>,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct CustomerRow {
    pub id: i64,
    pub name: String,
    #[sqlx(skip)]
    pub emails: Vec<String>,
    #[sqlx(skip)]
    pub phones: Vec<String>,
}

const CASES: &str = "SELECT c.id, c.subject, c.status, cu.name AS customer_name, c.team_id, \
                     c.assignee_id FROM cases c JOIN customers cu ON cu.id = c.customer_id \
                     WHERE c.merged_into IS NULL";

const MESSAGES: &str = "SELECT i.id, i.case_id, i.direction, i.subject, i.body, c.subject AS \
                        case_subject, c.team_id, c.assignee_id FROM interactions i JOIN cases c \
                        ON c.id = i.case_id WHERE c.merged_into IS NULL";

const CUSTOMERS: &str = "SELECT id, name FROM customers WHERE merged_into IS NULL";

/// Up to `limit` cases with ids above `after`, in id order, with their tags.
pub async fn cases_after(db: &Db, after: i64, limit: i64) -> Result<Vec<CaseRow>, StoreError> {
    let sql = format!("{CASES} AND c.id > $1 ORDER BY c.id LIMIT $2");
    let mut rows: Vec<CaseRow> = db
        .fetch_all(sqlx::AssertSqlSafe(sql), params![after, limit])
        .await?;
    if let (Some(first), Some(last)) = (rows.first().map(|r| r.id), rows.last().map(|r| r.id)) {
        let tags: Vec<(i64, String)> = db
            .fetch_all(
                "SELECT case_id, tag FROM case_tags WHERE \
                                                     case_id BETWEEN $1 AND $2 ORDER BY \
                                                     case_id, tag",
                params![first, last],
            )
            .await?;
        for (case_id, tag) in tags {
            if let Ok(at) = rows.binary_search_by_key(&case_id, |row| row.id) {
                rows[at].tags.push(tag);
            }
        }
    }
    Ok(rows)
}

/// Up to `limit` messages with ids above `after`, in id order, with their case's subject and
/// access.
pub async fn messages_after(
    db: &Db,
    after: i64,
    limit: i64,
) -> Result<Vec<MessageRow>, StoreError> {
    let sql = format!("{MESSAGES} AND i.id > $1 ORDER BY i.id LIMIT $2");
    db.fetch_all(sqlx::AssertSqlSafe(sql), params![after, limit])
        .await
}

/// Up to `limit` customers with ids above `after`, in id order, with their addresses and numbers.
pub async fn customers_after(
    db: &Db,
    after: i64,
    limit: i64,
) -> Result<Vec<CustomerRow>, StoreError> {
    let sql = format!("{CUSTOMERS} AND id > $1 ORDER BY id LIMIT $2");
    let mut rows: Vec<CustomerRow> = db
        .fetch_all(sqlx::AssertSqlSafe(sql), params![after, limit])
        .await?;
    if let (Some(first), Some(last)) = (rows.first().map(|r| r.id), rows.last().map(|r| r.id)) {
        let identities: Vec<(i64, String, String)> = db
            .fetch_all(
                "SELECT customer_id, kind, value FROM identities WHERE customer_id BETWEEN $1 \
                 AND $2 AND kind IN ('email', 'phone') ORDER BY id",
                params![first, last],
            )
            .await?;
        attach_identities(&mut rows, identities);
    }
    Ok(rows)
}

/// These cases (at most a few hundred ids) with all their messages, in id order; a case that
/// does not exist or was merged into another is left out. Three statements for all of them.
pub async fn cases_with_messages(
    db: &Db,
    ids: &[i64],
) -> Result<Vec<(CaseRow, Vec<MessageRow>)>, StoreError> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let list = placeholders(ids.len());
    let sql = format!("{CASES} AND c.id IN ({list}) ORDER BY c.id");
    let mut cases: Vec<CaseRow> = db
        .fetch_all(sqlx::AssertSqlSafe(sql), ids.iter().map(Param::from))
        .await?;
    let sql = format!(
        "SELECT case_id, tag FROM case_tags WHERE case_id IN ({list}) ORDER BY case_id, tag"
    );
    let tags: Vec<(i64, String)> = db
        .fetch_all(sqlx::AssertSqlSafe(sql), ids.iter().map(Param::from))
        .await?;
    for (case_id, tag) in tags {
        if let Ok(at) = cases.binary_search_by_key(&case_id, |row| row.id) {
            cases[at].tags.push(tag);
        }
    }
    let sql = format!("{MESSAGES} AND i.case_id IN ({list}) ORDER BY i.id");
    let messages: Vec<MessageRow> = db
        .fetch_all(sqlx::AssertSqlSafe(sql), ids.iter().map(Param::from))
        .await?;
    let mut units: Vec<(CaseRow, Vec<MessageRow>)> =
        cases.into_iter().map(|case| (case, Vec::new())).collect();
    for message in messages {
        if let Ok(at) = units.binary_search_by_key(&message.case_id, |(case, _)| case.id) {
            units[at].1.push(message);
        }
    }
    Ok(units)
}

/// The customers with these ids (at most a few hundred), with their addresses and numbers;
/// merged and unknown ones are left out.
pub async fn customers_by_id(db: &Db, ids: &[i64]) -> Result<Vec<CustomerRow>, StoreError> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let list = placeholders(ids.len());
    let sql = format!("{CUSTOMERS} AND id IN ({list}) ORDER BY id");
    let mut rows: Vec<CustomerRow> = db
        .fetch_all(sqlx::AssertSqlSafe(sql), ids.iter().map(Param::from))
        .await?;
    let sql = format!(
        "SELECT customer_id, kind, value FROM identities \
         WHERE customer_id IN ({list}) AND kind IN ('email', 'phone') ORDER BY id"
    );
    let identities: Vec<(i64, String, String)> = db
        .fetch_all(sqlx::AssertSqlSafe(sql), ids.iter().map(Param::from))
        .await?;
    attach_identities(&mut rows, identities);
    Ok(rows)
}

/// The customers of the rows an import wrote (`table` is `cases` or `survey_responses`).
pub async fn imported_customer_ids(
    db: &Db,
    table: &str,
    first: i64,
    last: i64,
) -> Result<Vec<i64>, StoreError> {
    let sql = match table {
        "cases" => "SELECT DISTINCT customer_id FROM cases WHERE id BETWEEN $1 AND $2",
        "survey_responses" => {
            "SELECT DISTINCT customer_id FROM survey_responses WHERE id BETWEEN $1 AND $2"
        }
        "customers" => "SELECT id FROM customers WHERE id BETWEEN $1 AND $2",
        _ => return Ok(Vec::new()),
    };
    db.scalars(sql, params![first, last]).await
}

fn attach_identities(rows: &mut [CustomerRow], identities: Vec<(i64, String, String)>) {
    for (customer_id, kind, value) in identities {
        if let Ok(at) = rows.binary_search_by_key(&customer_id, |row| row.id) {
            match kind.as_str() {
                "email" => rows[at].emails.push(value),
                _ => rows[at].phones.push(value),
            }
        }
    }
}

/// The ids of a customer's cases (whose documents show the customer's name).
pub async fn case_ids_of(db: &Db, customer_id: i64) -> Result<Vec<i64>, StoreError> {
    let sql = "SELECT id FROM cases WHERE customer_id = $1 ORDER BY id";
    db.scalars(sql, params![customer_id]).await
}
