//! Turning events into invitations: each event of a kind some active survey triggers on gets an
//! invitation decision per survey, and relationship surveys reach customers on their schedule.
//! Safe on several nodes: a survey invites once per trigger (`survey_id, trigger_key` is unique).

use chrono::{DateTime, Duration, Utc};
use rand::Rng;
use store::events::{Event, EventCursor};
use store::surveys::fatigue::{self, FatiguePolicy};
use store::surveys::invitations::{self, Trigger};
use store::surveys::{self, Survey};
use store::{Db, StoreError, settings};

/// Where the trigger follower has got to in the event log.
const POSITION: &str = "survey_trigger_position";
/// Events older than this trigger nothing: they come from an import of history.
const MAX_AGE_HOURS: i64 = 48;
/// Customers a relationship survey reaches per round.
const SCHEDULED_PER_ROUND: i64 = 200;

/// The follower's cursor: where it stopped last time, or the end of the log on first start (a
/// new installation does not survey its history).
pub async fn cursor(db: &Db) -> Result<EventCursor, StoreError> {
    match settings::get::<i64>(db, POSITION).await? {
        Some(seq) => EventCursor::at(db, seq).await,
        None => EventCursor::at_latest(db).await,
    }
}

/// How often the position is saved while events stream in: each save is a write that waits for
/// the intake writer's lock, and after a restart the events since are read again, which is
/// harmless (a survey invites once per trigger).
const SAVE_EVERY: Duration = Duration::seconds(10);

/// Where the follower saved its position last.
pub struct Saved {
    seq: i64,
    at: DateTime<Utc>,
}

impl Saved {
    pub fn at(cursor: &EventCursor) -> Saved {
        Saved {
            seq: cursor.position(),
            at: Utc::now(),
        }
    }
}

/// Handles every new event. The surveys are read once per batch, not per event, and the
/// fatigue policy only when some event triggers a survey: most events trigger nothing.
pub async fn follow_events(
    db: &Db,
    cursor: &mut EventCursor,
    saved: &mut Saved,
) -> Result<(), StoreError> {
    let triggered = |active: &[Survey]| active.iter().any(|s| s.trigger_event.is_some());
    let mut active = surveys::active(db).await?;
    if !triggered(&active) {
        // No survey triggers on events: what happened until one does triggers nothing. The
        // surveys are read again after skipping, so an event after a survey's start is kept.
        let mut skipped = cursor.clone();
        skipped.skip_to_latest(db).await?;
        active = surveys::active(db).await?;
        if !triggered(&active) {
            *cursor = skipped;
        }
    }
    while let Some(events) = cursor.next_batch(db).await? {
        let triggers = |event: &Event| {
            active
                .iter()
                .any(|survey| survey.trigger_event.as_deref() == Some(event.kind.as_str()))
        };
        if events.iter().any(triggers) {
            let policy = fatigue::policy(db).await?;
            for event in &events {
                on_event(db, &policy, &active, event).await?;
            }
        }
        cursor.mark_all(&events);
        active = surveys::active(db).await?;
    }
    if cursor.position() != saved.seq && Utc::now() - saved.at >= SAVE_EVERY {
        settings::put(db, POSITION, &cursor.position()).await?;
        *saved = Saved::at(cursor);
    }
    Ok(())
}

async fn on_event(
    db: &Db,
    policy: &FatiguePolicy,
    active: &[Survey],
    event: &Event,
) -> Result<(), StoreError> {
    let Some(customer_id) = event.customer_id else {
        return Ok(());
    };
    if event.kind.starts_with("survey.")
        || Utc::now() - event.occurred_at > Duration::hours(MAX_AGE_HOURS)
    {
        return Ok(());
    }
    let triggered = active
        .iter()
        .filter(|survey| survey.trigger_event.as_deref() == Some(event.kind.as_str()));
    for survey in triggered {
        let trigger = Trigger {
            survey,
            customer_id,
            case_id: event.case_id,
            key: format!("event:{}", event.seq),
            at: event.occurred_at,
            sampled_in: sampled_in(survey),
        };
        invitations::invite(db, &trigger, policy).await?;
    }
    Ok(())
}

/// Invites the customers each relationship survey is due for, a round at a time.
pub async fn run_schedules(db: &Db) -> Result<(), StoreError> {
    let policy = fatigue::policy(db).await?;
    let today = Utc::now().format("%Y-%m-%d");
    let scheduled = surveys::active(db)
        .await?
        .into_iter()
        .filter(|s| s.schedule_days.is_some());
    for survey in scheduled {
        for customer_id in
            invitations::due_for_relationship(db, &survey, SCHEDULED_PER_ROUND).await?
        {
            let trigger = Trigger {
                survey: &survey,
                customer_id,
                case_id: None,
                key: format!("schedule:{today}"),
                at: Utc::now(),
                sampled_in: sampled_in(&survey),
            };
            invitations::invite(db, &trigger, &policy).await?;
        }
    }
    Ok(())
}

fn sampled_in(survey: &Survey) -> bool {
    rand::rng().random_range(0..100) < survey.sample_pct
}
