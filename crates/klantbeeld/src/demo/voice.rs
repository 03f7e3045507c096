//! The customer's voice and the phone lines in the demo: the inboxes, the surveys, a CSAT
//! invitation after most resolved cases (about four in ten answered, happier when the case went
//! fast and stayed solved), an NPS at some renewals, a CES after some deliveries (a modem or a
//! smart meter sent after a case: an `order.delivered` event, the trigger of the CES survey), and
//! a call record for every phone case (with the occasional caller who hung up first), so every
//! dashboard figure has data.

use anyhow::Context;
use chrono::{DateTime, TimeDelta, Utc};
use domain::{CaseStatus, Channel, InboxKind, SurveyKind};
use rand::Rng;
use rand::rngs::StdRng;
use serde_json::json;
use store::bulk::{BulkCall, BulkCallback, BulkSurveyAnswer, BulkTx};
use store::events::Actor;
use store::surveys::{self, NewSurvey};

use super::cases::PlannedCase;
use super::people::Person;

const PRAISE: [&str; 3] = [
    "Snel en vriendelijk geholpen.",
    "Prima, probleem is opgelost.",
    "Quick and clear answer, thank you.",
];
const COMPLAINTS: [&str; 3] = [
    "Duurde lang voordat iemand reageerde.",
    "Ik moest mijn verhaal twee keer doen.",
    "Het probleem kwam terug na een week.",
];

/// What the history refers to: the surveys answered and the phone line called.
pub struct Setup {
    csat: i64,
    nps: i64,
    ces: i64,
    phone_inbox: i64,
}

/// Creates the inboxes and surveys a new organisation would configure first.
pub async fn configure(db: &store::Db) -> anyhow::Result<Setup> {
    let actor = Actor::System;
    let mut phone_inbox = 0;
    for (kind, name, settings) in [
        (
            InboxKind::Email,
            "Klantenservice",
            json!({"address": "klantenservice@polderstroom.nl"}),
        ),
        (
            InboxKind::Chat,
            "Website",
            json!({"greeting": "Hoi! Waarmee kunnen we helpen?"}),
        ),
        (InboxKind::Phone, "Klantenlijn 088", json!({})),
    ] {
        let mut settings = settings;
        // Hooks are closed without a secret; the demo's are random, as a new inbox's are.
        if matches!(kind, InboxKind::Email | InboxKind::Phone) {
            settings["webhook_secret"] = json!(store::generate_secret("whk_"));
        }
        let inbox = store::channels::inboxes::create(db, kind, name, &settings, &actor).await?;
        if kind == InboxKind::Phone {
            phone_inbox = inbox.id;
        }
    }
    let mut ids = Vec::new();
    for (kind, name, trigger, touchpoint, channels) in [
        (
            SurveyKind::Csat,
            "Tevredenheid na afhandeling",
            "case.resolved",
            "support",
            vec!["chat", "email"],
        ),
        (
            SurveyKind::Nps,
            "Aanbeveling bij verlenging",
            "subscription.renewed",
            "renewal",
            vec!["email"],
        ),
        (
            SurveyKind::Ces,
            "Gemak bij levering",
            "order.delivered",
            "delivery",
            vec!["email", "sms"],
        ),
    ] {
        let new = NewSurvey {
            kind,
            name: name.into(),
            touchpoint: touchpoint.into(),
            trigger_event: Some(trigger.into()),
            schedule_days: None,
            channels: channels.into_iter().map(String::from).collect(),
            delay_seconds: 0,
            conditions: Default::default(),
            sample_pct: 100,
            texts: Default::default(),
            questions: Vec::new(),
            expiry_days: 14,
            reminder_after_hours: Some(72),
            follow_up: true,
            open_link: false,
        };
        ids.push(
            surveys::create(db, new, &actor)
                .await
                .context("creating the demo surveys")?
                .id,
        );
    }
    Ok(Setup {
        csat: ids[0],
        nps: ids[1],
        ces: ids[2],
        phone_inbox,
    })
}

/// A CSAT score for a case: most customers are satisfied; slow or reopened cases less so.
fn csat_score(rng: &mut StdRng, case: &PlannedCase) -> i64 {
    let hours = match (case.resolved_at, case.reopened) {
        (_, Some(_)) => 200,
        (Some(resolved), None) => (resolved - case.created_at).num_hours(),
        (None, None) => 100,
    };
    let weights: [u32; 5] = match hours {
        0..=4 => [2, 3, 10, 35, 50],
        5..=48 => [5, 8, 20, 37, 30],
        _ => [15, 20, 25, 25, 15],
    };
    let mut pick = rng.random_range(0..weights.iter().sum::<u32>());
    for (score, weight) in (1..).zip(weights) {
        if pick < weight {
            return score;
        }
        pick -= weight;
    }
    5
}

/// How easy the customer found it, 1–7: most agree it was easy.
fn ces_score(rng: &mut StdRng) -> i64 {
    const WEIGHTS: [u32; 7] = [3, 4, 6, 10, 20, 30, 27];
    let mut pick = rng.random_range(0..WEIGHTS.iter().sum::<u32>());
    for (score, weight) in (1..).zip(WEIGHTS) {
        if pick < weight {
            return score;
        }
        pick -= weight;
    }
    7
}

/// Now and then a case ends with something delivered (a modem, a smart meter): the
/// `order.delivered` event, and the CES invitation it triggers, mailed two hours later.
async fn delivery(
    tx: &mut BulkTx,
    rng: &mut StdRng,
    setup: &Setup,
    case: &PlannedCase,
    customer_id: i64,
    person: &Person,
    now: DateTime<Utc>,
) -> anyhow::Result<()> {
    if !rng.random_bool(0.3) {
        return Ok(());
    }
    let delivered_at = case.created_at + TimeDelta::hours(rng.random_range(20..120));
    let sent_at = delivered_at + TimeDelta::hours(2);
    if sent_at > now {
        return Ok(());
    }
    let product = ["glasvezelmodem", "slimme meter"][rng.random_range(0..2)];
    tx.event(
        "order.delivered",
        delivered_at,
        Some(customer_id),
        None,
        "system",
        json!({"product": product}),
    )
    .await?;
    if person.email.is_none() {
        return Ok(());
    }
    let answered_at = sent_at + TimeDelta::minutes(rng.random_range(10..3000));
    let answer =
        (rng.random_bool(0.45) && answered_at <= now).then(|| (answered_at, ces_score(rng), None));
    tx.survey_answer(&BulkSurveyAnswer {
        survey_id: setup.ces,
        kind: "ces",
        customer_id,
        case_id: None,
        agent_id: None,
        team_id: None,
        touchpoint: "delivery",
        channel: "email",
        contact_channel: None,
        segment: Some(person.segment()),
        language: person.language.code(),
        sent_at,
        answer,
    })
    .await?;
    Ok(())
}

/// The survey answers and calls that go with one case.
pub async fn record(
    tx: &mut BulkTx,
    rng: &mut StdRng,
    setup: &Setup,
    case: &PlannedCase,
    ids: (i64, i64, Option<i64>),
    person: &Person,
    now: DateTime<Utc>,
) -> anyhow::Result<()> {
    let (customer_id, case_id, first_interaction) = ids;
    let language = person.language.code();
    if let (Channel::Phone, Some(interaction_id), Some(phone)) =
        (case.channel, first_interaction, &person.phone)
    {
        if rng.random_bool(0.12) {
            let offered_at = case.created_at - TimeDelta::minutes(rng.random_range(5..40));
            let wait_seconds = rng.random_range(2..300);
            tx.call(&BulkCall {
                inbox_id: setup.phone_inbox,
                call_id: &format!("demo-{case_id}-a"),
                customer_id,
                case_id,
                interaction_id,
                caller: phone,
                queue: "klantenservice",
                agent_id: None,
                offered_at,
                wait_seconds,
                talk_seconds: None,
            })
            .await?;
            // Who hung up after a real wait was offered a call back; recent ones still wait.
            if wait_seconds >= 30 {
                let requested_at = offered_at + TimeDelta::seconds(wait_seconds);
                let done = requested_at + TimeDelta::minutes(rng.random_range(10..150));
                tx.callback(&BulkCallback {
                    customer_id,
                    case_id,
                    phone,
                    reason: "Opgehangen in de wachtrij",
                    source: "call",
                    requested_at,
                    promised_by: requested_at + TimeDelta::hours(2),
                    agent_id: case.assignee_id,
                    attempts: rng.random_range(1..3),
                    completed_at: (done < now).then_some(done),
                })
                .await?;
            }
        }
        tx.call(&BulkCall {
            inbox_id: setup.phone_inbox,
            call_id: &format!("demo-{case_id}"),
            customer_id,
            case_id,
            interaction_id,
            caller: phone,
            queue: "klantenservice",
            agent_id: case.assignee_id,
            offered_at: case.created_at - TimeDelta::seconds(rng.random_range(5..180)),
            // Most callers get through within the 20-second target; a busy hour makes some wait.
            wait_seconds: if rng.random_bool(0.75) {
                rng.random_range(3..20)
            } else {
                rng.random_range(20..240)
            },
            talk_seconds: Some(rng.random_range(60..900)),
        })
        .await?;
    }
    delivery(tx, rng, setup, case, customer_id, person, now).await?;
    let Some(resolved_at) = case.resolved_at.or(case.reopened.map(|(first, _)| first)) else {
        return Ok(());
    };
    let sent_at = resolved_at + TimeDelta::minutes(10);
    if sent_at > now || !rng.random_bool(0.8) {
        return Ok(());
    }
    let answered_at = sent_at + TimeDelta::minutes(rng.random_range(5..2000));
    let answer = (rng.random_bool(0.42) && answered_at <= now).then(|| {
        let score = csat_score(rng, case);
        let said = if score >= 4 { &PRAISE } else { &COMPLAINTS };
        let comment = rng
            .random_bool(0.3)
            .then(|| said[rng.random_range(0..said.len())]);
        (answered_at, score, comment)
    });
    let channel = if case.channel == Channel::Chat {
        "chat"
    } else {
        "email"
    };
    tx.survey_answer(&BulkSurveyAnswer {
        survey_id: setup.csat,
        kind: "csat",
        customer_id,
        case_id: Some(case_id),
        agent_id: case.assignee_id,
        team_id: case.team_id,
        touchpoint: "support",
        channel,
        contact_channel: Some(case.channel),
        segment: Some(person.segment()),
        language,
        sent_at,
        answer,
    })
    .await?;
    // Now and then the same customer's renewal: a relationship NPS.
    if case.status == CaseStatus::Closed && rng.random_bool(0.15) {
        let sent_at = resolved_at + TimeDelta::days(rng.random_range(1..10));
        if sent_at < now {
            let answer = rng.random_bool(0.35).then(|| {
                let score = [10, 10, 9, 9, 9, 8, 8, 7, 7, 6, 5, 3][rng.random_range(0..12)];
                (
                    sent_at + TimeDelta::hours(rng.random_range(1..48)),
                    score,
                    None,
                )
            });
            tx.survey_answer(&BulkSurveyAnswer {
                survey_id: setup.nps,
                kind: "nps",
                customer_id,
                case_id: None,
                agent_id: None,
                team_id: None,
                touchpoint: "renewal",
                channel: "email",
                contact_channel: None,
                segment: Some(person.segment()),
                language,
                sent_at,
                answer: answer.filter(|(at, _, _)| *at <= now),
            })
            .await?;
        }
    }
    Ok(())
}
