//! The Polderstroom demo organisation: a Dutch energy and fibre provider with its teams, agents,
//! customers and months of case history, written in one transaction with historical timestamps.

mod cases;
mod clock;
pub mod corpus;
mod people;
mod scripts;
mod staff;
mod story;
mod voice;

use anyhow::{Context, bail};
use chrono::{DateTime, TimeDelta, Utc};
use rand::SeedableRng;
use rand::rngs::StdRng;
use serde_json::json;
use store::bulk::{BulkCase, BulkInteraction, BulkTx};

use cases::{PlannedCase, Planner};
use clock::Clock;
use people::Person;

pub struct DemoOptions {
    /// Households, English-speaking expats and small businesses, about 3 cases each.
    pub customers: usize,
    /// How far back the history goes, in days (at least a week).
    pub days: i64,
    /// The same seed gives the same organisation, relative to the moment it is generated.
    pub seed: u64,
}

impl Default for DemoOptions {
    fn default() -> Self {
        DemoOptions {
            customers: 3000,
            days: 180,
            seed: 2026,
        }
    }
}

pub struct DemoLogin {
    pub email: String,
    pub password: String,
}

/// Fills an empty, migrated database with the Polderstroom demo organisation.
pub async fn populate(db: &store::Db, options: &DemoOptions) -> anyhow::Result<DemoLogin> {
    if store::agents::count(db).await? > 0 {
        bail!("the database already has agents; the demo organisation needs an empty database");
    }
    let now = store::now();
    let mut rng = StdRng::seed_from_u64(options.seed);
    // One slow argon2 hash, shared by every demo account.
    let password_hash = web::hash_password(staff::DEMO_PASSWORD)
        .map_err(|e| anyhow::anyhow!("hashing the demo password: {e}"))?;
    let clock = Clock::new(&mut rng, now, options.days)?;
    let people = people::generate(&mut rng, options.customers)?;
    let scripts = scripts::library();

    let setup = voice::configure(db).await?;
    let organisation = store::organisation::Organisation::new("Polderstroom", "nl")?;
    store::organisation::put(db, &organisation).await?;
    let mut tx = BulkTx::begin(db).await?;
    let founded = now - TimeDelta::days(options.days.max(7) + 30);
    let staff = staff::hire(&mut tx, &password_hash, founded).await?;
    let planner = Planner {
        clock: &clock,
        staff: &staff,
        scripts: &scripts,
    };
    let planned = planner.plan_all(&mut rng, &people);
    let customer_ids = write_customers(&mut tx, &mut rng, &people, &planned, now).await?;
    for case in &planned {
        let customer_id = customer_ids[case.customer];
        let (case_id, first_interaction) = write_case(&mut tx, case, customer_id).await?;
        let ids = (customer_id, case_id, first_interaction);
        voice::record(
            &mut tx,
            &mut rng,
            &setup,
            case,
            ids,
            &people[case.customer],
            now,
        )
        .await?;
    }
    tx.commit()
        .await
        .context("committing the demo organisation")?;
    Ok(DemoLogin {
        email: staff::ADMIN_EMAIL.to_string(),
        password: staff::DEMO_PASSWORD.to_string(),
    })
}

/// Writes the customers in the order they registered, each some time before their first case,
/// and returns their ids by index.
async fn write_customers(
    tx: &mut BulkTx,
    rng: &mut StdRng,
    people: &[Person],
    planned: &[PlannedCase],
    now: DateTime<Utc>,
) -> anyhow::Result<Vec<i64>> {
    let mut first_contact = vec![now; people.len()];
    for case in planned {
        let first = &mut first_contact[case.customer];
        *first = (*first).min(case.created_at);
    }
    let mut registrations: Vec<(usize, DateTime<Utc>, i32)> = first_contact
        .iter()
        .enumerate()
        .map(|(index, first)| {
            let (created_at, since) = people::registration(rng, *first);
            (index, created_at, since)
        })
        .collect();
    registrations.sort_by_key(|(_, created_at, _)| *created_at);
    let mut ids = vec![0; people.len()];
    for (index, created_at, since) in registrations {
        let person = &people[index];
        ids[index] = tx
            .customer(
                &person.name,
                Some(person.language.code()),
                &person.attributes(since),
                &person.identities(),
                created_at,
            )
            .await?;
    }
    Ok(ids)
}

/// Writes the case and its messages; its id and the id of its first message.
async fn write_case(
    tx: &mut BulkTx,
    case: &PlannedCase,
    customer_id: i64,
) -> anyhow::Result<(i64, Option<i64>)> {
    let case_id = tx
        .case(&BulkCase {
            customer_id,
            channel: case.channel,
            subject: &case.subject,
            status: case.status,
            priority: case.priority,
            assignee_id: case.assignee_id,
            team_id: case.team_id,
            tags: case.tags,
            reopen_count: i64::from(case.reopened.is_some()),
            created_at: case.created_at,
            updated_at: case.updated_at,
            first_response_at: case.first_response_at,
            resolved_at: case.resolved_at,
        })
        .await?;
    if let Some((first_resolved, reopened)) = case.reopened {
        let (customer, case) = (Some(customer_id), Some(case_id));
        tx.event(
            "case.resolved",
            first_resolved,
            customer,
            case,
            "system",
            json!({"status": "resolved"}),
        )
        .await?;
        tx.event(
            "case.reopened",
            reopened,
            customer,
            case,
            "system",
            json!({"status": "open"}),
        )
        .await?;
    }
    let mut first = None;
    for message in &case.messages {
        let id = tx
            .interaction(&BulkInteraction {
                case_id,
                customer_id,
                channel: message.channel,
                direction: message.direction,
                author_agent_id: message.author,
                subject: message.subject.as_deref(),
                body: &message.body,
                occurred_at: message.at,
            })
            .await?;
        first.get_or_insert(id);
    }
    Ok((case_id, first))
}

#[cfg(test)]
mod tests {
    use domain::CaseStatus;
    use store::cases::{self, CaseFilter};
    use store::{Cursor, Db};

    use super::*;

    async fn cases_in(db: &Db, statuses: &[CaseStatus]) -> Vec<cases::Case> {
        let filter = CaseFilter {
            statuses: statuses.to_vec(),
            ..CaseFilter::default()
        };
        let mut all = Vec::new();
        let mut cursor = None;
        loop {
            let page = cases::list(db, &filter, cursor, 200).await.unwrap();
            all.extend(page.items);
            match page.next_cursor.as_deref().and_then(Cursor::decode) {
                Some(next) => cursor = Some(next),
                None => return all,
            }
        }
    }

    #[tokio::test]
    async fn the_demo_organisation_has_a_working_inbox_and_a_consistent_history() {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}/demo.db", dir.path().display());
        let db = Db::connect(&url).await.unwrap();
        db.migrate().await.unwrap();
        let options = DemoOptions {
            customers: 150,
            days: 60,
            seed: 7,
        };

        let login = populate(&db, &options).await.unwrap();

        assert_eq!(login.email, "admin@polderstroom.nl");
        assert!(
            store::agents::credentials(&db, &login.email)
                .await
                .unwrap()
                .is_some()
        );
        assert!(store::agents::count(&db).await.unwrap() > 10);
        assert_eq!(store::customers::count(&db).await.unwrap(), 150);
        assert!(store::cases::count(&db).await.unwrap() > 150);

        let inbox = cases_in(&db, &[CaseStatus::New, CaseStatus::Open]).await;
        assert!(!inbox.is_empty(), "the inbox has work in it");
        for case in inbox.iter().filter(|c| c.status == CaseStatus::New) {
            assert!(
                case.assignee_id.is_none() && case.first_response_at.is_none(),
                "{case:?}"
            );
        }
        let active = cases_in(
            &db,
            &[
                CaseStatus::New,
                CaseStatus::Open,
                CaseStatus::Pending,
                CaseStatus::OnHold,
            ],
        )
        .await;
        assert!(active.len() >= inbox.len());
        assert!(active.iter().all(|c| c.resolved_at.is_none()));

        let resolved = cases_in(&db, &[CaseStatus::Resolved, CaseStatus::Closed]).await;
        assert!(
            resolved.len() > active.len(),
            "most of the history is resolved"
        );
        for case in &resolved {
            let resolved_at = case
                .resolved_at
                .expect("a resolved case has its resolution time");
            assert!(
                resolved_at >= case.created_at,
                "case {} resolved before it began",
                case.id
            );
            if let Some(first_response_at) = case.first_response_at {
                assert!(
                    first_response_at >= case.created_at,
                    "case {} answered before it began",
                    case.id
                );
            }
        }

        // Every dashboard figure has data: answered surveys of resolved cases, and phone calls.
        let count = |table: &'static str| {
            let db = db.clone();
            async move {
                let sql = format!("SELECT COUNT(*) FROM {table}");
                let Db::Sqlite(pool) = &db else {
                    unreachable!()
                };
                sqlx::query_scalar::<_, i64>(sqlx::AssertSqlSafe(sql))
                    .fetch_one(pool)
                    .await
                    .unwrap()
            }
        };
        let (invited, answered, calls) = (
            count("survey_invitations").await,
            count("survey_responses").await,
            count("calls").await,
        );
        assert!(
            answered > 10 && invited > 2 * answered,
            "{invited} invited, {answered} answered"
        );
        assert!(calls > 5, "{calls} calls");
        // The CES survey is sent after deliveries and answered, as CSAT and NPS are.
        for kind in ["csat", "nps", "ces"] {
            let Db::Sqlite(pool) = &db else {
                unreachable!()
            };
            let answers: i64 =
                sqlx::query_scalar("SELECT COUNT(*) FROM survey_responses WHERE kind = $1")
                    .bind(kind)
                    .fetch_one(pool)
                    .await
                    .unwrap();
            assert!(answers > 0, "no {kind} answers");
        }
        assert_eq!(count("surveys").await, 3);

        let again = populate(&db, &options).await;
        assert!(
            again.is_err(),
            "the demo refuses a database that is not empty"
        );
    }
}
