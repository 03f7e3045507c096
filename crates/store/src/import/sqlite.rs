//! The SQLite import writer: its own rusqlite connection, tuned for one long write, driven on
//! blocking threads one batch at a time. Timestamps are written in exactly the text form sqlx
//! writes, so every reader sees one format.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use domain::{Channel, IdentityKind, Role};
use rusqlite::{Connection, params};
use serde_json::Value;

use super::people::{People, agent_email, agent_name, customer_name};
use super::{CaseRow, SurveyRow, Written};
use crate::StoreError;
use crate::sqlite_direct::{self, Purpose, import_error, stored_time};

/// Rows per INSERT: one statement sets up a cursor on the table and on each index, which for
/// single-row statements took a quarter of an import's time.
const ROWS_PER_STATEMENT: usize = 100;

pub(super) struct Writer {
    /// Lent to the blocking thread of each step; `None` only if a step panicked.
    state: Option<State>,
}

struct State {
    connection: Connection,
    people: People,
    /// The next free id per table: the transaction holds the only write lock, so nobody else
    /// takes ids until it ends.
    next_ids: Vec<(&'static str, i64)>,
    /// `CREATE INDEX` statements dropped for this import, to run again before it commits.
    deferred_indexes: Option<Vec<String>>,
    open: bool,
}

/// An import that is dropped uncommitted writes nothing.
impl Drop for State {
    fn drop(&mut self) {
        if self.open {
            let _ = self.connection.execute_batch("ROLLBACK");
        }
    }
}

impl Writer {
    pub(super) async fn begin(path: PathBuf) -> Result<Writer, StoreError> {
        let state = blocking(move || State::begin(&path)).await?;
        Ok(Writer { state: Some(state) })
    }

    pub(super) async fn surveys(
        &mut self,
        rows: Vec<SurveyRow>,
        at: DateTime<Utc>,
    ) -> Result<Written, StoreError> {
        self.step(move |state| state.surveys(&rows, at)).await
    }

    pub(super) async fn cases(
        &mut self,
        rows: Vec<CaseRow>,
        at: DateTime<Utc>,
    ) -> Result<Written, StoreError> {
        self.step(move |state| state.cases(&rows, at)).await
    }

    pub(super) async fn commit(
        mut self,
        payload: Value,
        at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        self.step(move |state| state.commit(&payload, at)).await
    }

    async fn step<R: Send + 'static>(
        &mut self,
        job: impl FnOnce(&mut State) -> rusqlite::Result<R> + Send + 'static,
    ) -> Result<R, StoreError> {
        let mut state = self.state.take().ok_or_else(|| {
            StoreError::NotCommitted("an earlier step of the import failed".into())
        })?;
        let (state, result) = blocking(move || {
            let result = job(&mut state);
            Ok((state, result))
        })
        .await?;
        self.state = Some(state);
        result.map_err(import_error)
    }
}

impl State {
    fn begin(path: &Path) -> Result<State, StoreError> {
        let connection = sqlite_direct::open(path, Purpose::Import).map_err(import_error)?;
        connection
            .execute_batch("BEGIN IMMEDIATE")
            .map_err(import_error)?;
        let mut state = State {
            connection,
            people: People::new(Vec::new(), Vec::new()),
            next_ids: Vec::new(),
            deferred_indexes: None,
            open: true,
        };
        state.people = state.load_people().map_err(import_error)?;
        Ok(state)
    }

    fn load_people(&self) -> rusqlite::Result<People> {
        let mut customers = self
            .connection
            // A table scan: through the (kind, value) index every row costs a random lookup.
            .prepare("SELECT value, customer_id FROM identities NOT INDEXED WHERE kind = ?")?;
        let customers = customers
            .query_map([IdentityKind::External.as_str()], |row| {
                Ok((row.get(0)?, row.get(1)?))
            })?
            .collect::<rusqlite::Result<_>>()?;
        let mut agents = self
            .connection
            .prepare("SELECT external_id, id FROM agents WHERE external_id IS NOT NULL")?;
        let agents = agents
            .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(People::new(customers, agents))
    }

    fn surveys(&mut self, rows: &[SurveyRow], at: DateTime<Utc>) -> rusqlite::Result<Written> {
        let mut written = Written {
            offered: rows.len(),
            ..Written::default()
        };
        let customers: Vec<&str> = rows.iter().map(|row| row.customer.as_str()).collect();
        let customer_ids = self.customer_ids(&customers, at, &mut written)?;
        let agents: Vec<Option<&str>> = rows.iter().map(|row| row.agent.as_deref()).collect();
        let agent_ids = self.agent_ids(&agents, at, &mut written)?;
        written.ids = self.reserve_ids("survey_responses", rows.len())?;
        let resolved: Vec<_> = zip4(&written.ids, &customer_ids, &agent_ids, rows);
        written.imported = self.insert(
            "INSERT INTO survey_responses (id, external_id, customer_id, kind, score, channel, \
             touchpoint, segment, agent_id, created_at)",
            &resolved,
            true,
            |bind, (id, customer, agent, row)| {
                bind.value(id)?;
                bind.value(&row.external_id)?;
                bind.value(customer)?;
                bind.value(row.kind)?;
                bind.value(row.score)?;
                bind.value(row.channel.map(Channel::as_str))?;
                bind.value(&row.touchpoint)?;
                bind.value(&row.segment)?;
                bind.value(agent)?;
                bind.value(stored_time(row.created_at))
            },
        )?;
        Ok(written)
    }

    fn cases(&mut self, rows: &[CaseRow], at: DateTime<Utc>) -> rusqlite::Result<Written> {
        if self.deferred_indexes.is_none() {
            self.deferred_indexes = Some(self.defer_indexes_of_empty("cases")?);
        }
        let mut written = Written {
            offered: rows.len(),
            ..Written::default()
        };
        let customers: Vec<&str> = rows.iter().map(|row| row.customer.as_str()).collect();
        let customer_ids = self.customer_ids(&customers, at, &mut written)?;
        let agents: Vec<Option<&str>> = rows.iter().map(|row| row.agent.as_deref()).collect();
        let agent_ids = self.agent_ids(&agents, at, &mut written)?;
        written.ids = self.reserve_ids("cases", rows.len())?;
        let resolved: Vec<_> = zip4(&written.ids, &customer_ids, &agent_ids, rows);
        written.imported = self.insert(
            "INSERT INTO cases (id, external_id, customer_id, channel, subject, status, \
             priority, assignee_id, reopen_count, created_at, updated_at, first_response_at, \
             resolved_at)",
            &resolved,
            true,
            |bind, (id, customer, agent, row)| {
                bind.value(id)?;
                bind.value(&row.external_id)?;
                bind.value(customer)?;
                bind.value(row.channel.as_str())?;
                bind.value(row.subject())?;
                bind.value(row.status(at).as_str())?;
                bind.value(row.priority.as_str())?;
                bind.value(agent)?;
                bind.value(i64::from(row.reopened))?;
                bind.value(stored_time(row.created_at))?;
                bind.value(stored_time(row.updated_at()))?;
                bind.value(row.first_response_at.map(stored_time))?;
                bind.value(row.resolved_at.map(stored_time))
            },
        )?;
        Ok(written)
    }

    /// The customer id of each external id, creating the missing customers.
    fn customer_ids(
        &mut self,
        externals: &[&str],
        at: DateTime<Utc>,
        written: &mut Written,
    ) -> rusqlite::Result<Vec<i64>> {
        let missing = self.people.missing_customers(externals);
        let ids = self.reserve_ids("customers", missing.len())?;
        let at = stored_time(at);
        let new: Vec<(i64, &str)> = ids.into_iter().zip(missing.iter().copied()).collect();
        self.insert(
            "INSERT INTO customers (id, name, name_key, created_at, updated_at)",
            &new,
            false,
            |bind, (id, external)| {
                bind.value(id)?;
                let name = customer_name(external);
                bind.value(&name)?;
                bind.value(domain::search_key(&name))?;
                bind.value(&at)?;
                bind.value(&at)
            },
        )?;
        self.insert(
            "INSERT INTO identities (customer_id, kind, value, created_at)",
            &new,
            false,
            |bind, (id, external)| {
                bind.value(id)?;
                bind.value(IdentityKind::External.as_str())?;
                bind.value(external)?;
                bind.value(&at)
            },
        )?;
        for (id, external) in new {
            self.people.add_customer(external, id);
        }
        written.customers_created += missing.len() as u64;
        Ok(self.people.customer_ids(externals))
    }

    /// The agent id of each external id, creating placeholder agents for the missing ones: no
    /// password, so no login, and inactive until an admin gives them access.
    fn agent_ids(
        &mut self,
        externals: &[Option<&str>],
        at: DateTime<Utc>,
        written: &mut Written,
    ) -> rusqlite::Result<Vec<Option<i64>>> {
        let mut ids = Vec::with_capacity(externals.len());
        for external in externals {
            let Some(external) = external else {
                ids.push(None);
                continue;
            };
            if let Some(id) = self.people.agent(external) {
                ids.push(Some(id));
                continue;
            }
            let id = self.connection.query_row(
                "INSERT INTO agents (email, name, role, password_hash, language, active, \
                 created_at, external_id) VALUES (?, ?, ?, NULL, 'nl', FALSE, ?, ?) RETURNING \
                 id",
                params![
                    agent_email(external),
                    agent_name(external),
                    Role::Agent.as_str(),
                    stored_time(at),
                    external
                ],
                |row| row.get(0),
            )?;
            self.people.add_agent(external, id);
            written.agents_created += 1;
            ids.push(Some(id));
        }
        Ok(ids)
    }

    /// Inserts `rows` with `{head} VALUES (…), (…)` statements of up to [`ROWS_PER_STATEMENT`]
    /// rows, `bind` binding each row's values in the order of `head`'s column list; returns the
    /// rows inserted. With `skip_duplicates`, rows whose external id exists are left out.
    fn insert<R>(
        &self,
        head: &str,
        rows: &[R],
        skip_duplicates: bool,
        bind: impl Fn(&mut Binder<'_, '_>, &R) -> rusqlite::Result<()>,
    ) -> rusqlite::Result<u64> {
        let columns = head.matches(',').count() + 1;
        let mut inserted = 0;
        for chunk in rows.chunks(ROWS_PER_STATEMENT) {
            let mut statement = self.connection.prepare_cached(&values_sql(
                head,
                columns,
                chunk.len(),
                skip_duplicates,
            ))?;
            let mut binder = Binder {
                statement: &mut statement,
                next: 1,
            };
            for row in chunk {
                bind(&mut binder, row)?;
            }
            inserted += statement.raw_execute()? as u64;
        }
        Ok(inserted)
    }

    fn reserve_ids(&mut self, table: &'static str, count: usize) -> rusqlite::Result<Vec<i64>> {
        let next = match self.next_ids.iter().position(|(name, _)| *name == table) {
            Some(at) => at,
            None => {
                let sql = format!("SELECT COALESCE(MAX(id), 0) + 1 FROM {table}");
                let first: i64 = self.connection.query_row(&sql, [], |row| row.get(0))?;
                self.next_ids.push((table, first));
                self.next_ids.len() - 1
            }
        };
        let first = self.next_ids[next].1;
        self.next_ids[next].1 += count as i64;
        Ok((first..first + count as i64).collect())
    }

    /// Into an empty `table`, rows go faster without its secondary indexes, which are built once
    /// afterwards by sorting (at commit, inside the same transaction): a case otherwise updates
    /// six B-trees as it goes. Unique indexes stay, as duplicates are skipped through them. Into
    /// a table that has rows, nothing is dropped: rebuilding would cost more than it saves.
    fn defer_indexes_of_empty(&mut self, table: &str) -> rusqlite::Result<Vec<String>> {
        let empty: bool = self.connection.query_row(
            &format!("SELECT NOT EXISTS (SELECT 1 FROM {table})"),
            [],
            |row| row.get(0),
        )?;
        if !empty {
            return Ok(Vec::new());
        }
        let mut statement = self.connection.prepare(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ?1 AND sql \
             IS NOT NULL AND sql NOT LIKE 'CREATE UNIQUE%'",
        )?;
        let indexes: Vec<(String, String)> = statement
            .query_map([table], |row| Ok((row.get(0)?, row.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        drop(statement);
        for (name, _) in &indexes {
            self.connection
                .execute_batch(&format!("DROP INDEX \"{name}\""))?;
        }
        Ok(indexes.into_iter().map(|(_, sql)| sql).collect())
    }

    fn commit(&mut self, payload: &Value, at: DateTime<Utc>) -> rusqlite::Result<()> {
        for sql in self.deferred_indexes.take().unwrap_or_default() {
            self.connection.execute_batch(&sql)?;
        }
        self.connection.execute(
            "INSERT INTO events (kind, occurred_at, customer_id, case_id, actor, payload) \
             VALUES (?, ?, NULL, NULL, 'system', ?)",
            params![
                super::IMPORT_COMPLETED,
                stored_time(at),
                payload.to_string()
            ],
        )?;
        self.connection.execute_batch("COMMIT")?;
        self.open = false;
        Ok(())
    }
}

/// Binds a statement's parameters one after another.
struct Binder<'s, 'c> {
    statement: &'s mut rusqlite::CachedStatement<'c>,
    next: usize,
}

impl Binder<'_, '_> {
    fn value(&mut self, value: impl rusqlite::ToSql) -> rusqlite::Result<()> {
        self.statement.raw_bind_parameter(self.next, value)?;
        self.next += 1;
        Ok(())
    }
}

/// `{head} VALUES (?, …), (…)` for `rows` rows of `columns` values.
fn values_sql(head: &str, columns: usize, rows: usize, skip_duplicates: bool) -> String {
    let row = format!("({})", vec!["?"; columns].join(", "));
    let tail = if skip_duplicates {
        " ON CONFLICT DO NOTHING"
    } else {
        ""
    };
    format!("{head} VALUES {}{tail}", vec![row; rows].join(", "))
}

fn zip4<'r, R>(
    ids: &[i64],
    customers: &[i64],
    agents: &[Option<i64>],
    rows: &'r [R],
) -> Vec<(i64, i64, Option<i64>, &'r R)> {
    ids.iter()
        .zip(customers)
        .zip(agents)
        .zip(rows)
        .map(|(((&id, &customer), &agent), row)| (id, customer, agent, row))
        .collect()
}

async fn blocking<T: Send + 'static>(
    job: impl FnOnce() -> Result<T, StoreError> + Send + 'static,
) -> Result<T, StoreError> {
    tokio::task::spawn_blocking(job)
        .await
        .map_err(|err| StoreError::NotCommitted(format!("the import's writer failed: {err}")))?
}
