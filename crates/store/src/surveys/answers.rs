//! Answers to invitations. An answer may come in parts (a score from a one-click link, then a
//! comment): each part is kept, and answering again updates instead of adding a response. A
//! CSAT, NPS or CES score becomes a survey response attributed to the customer, case, agent, team,
//! channel, touchpoint and survey; the answer shows on the case's timeline; a low score opens one
//! follow-up case for the team that handled the original, with the answer in it.

use std::collections::BTreeMap;

use domain::{Channel, Priority, SurveyKind};
use serde_json::{Value, json};
use sqlx::types::Json;

use crate::cases::NewCase;
use crate::events::{Actor, NewEvent};
use crate::{Db, Entity, StoreError, now, params};

/// A response to an invitation, binding customer, kind, score, channel, touchpoint, segment,
/// agent, case, time, invitation, survey, team and comment; its id. Also used for history.
pub(crate) const INSERT_RESPONSE: &str = "INSERT INTO survey_responses (customer_id, kind, \
                                          score, channel, touchpoint, segment, agent_id, \
                                          case_id, created_at, invitation_id, survey_id, \
                                          team_id, comment) VALUES ($1, $2, $3, $4, $5, $6, $7, \
                                          $8, $9, $10, $11, $12, $13) RETURNING id";

/// What the customer sent; parts left out keep their earlier value.
#[derive(Debug, Default, Clone)]
pub struct Answer {
    pub score: Option<i64>,
    pub comment: Option<String>,
    /// Custom question id to answer.
    pub answers: BTreeMap<String, String>,
}

/// What was recorded.
#[derive(Debug, Clone)]
pub struct Recorded {
    pub score: Option<i64>,
    pub comment: Option<String>,
    pub response_id: Option<i64>,
    pub follow_up_case_id: Option<i64>,
}

#[derive(sqlx::FromRow)]
struct Current {
    survey_id: i64,
    #[sqlx(try_from = "String")]
    kind: SurveyKind,
    follow_up: bool,
    customer_id: i64,
    case_id: Option<i64>,
    agent_id: Option<i64>,
    team_id: Option<i64>,
    touchpoint: String,
    channel: Option<String>,
    case_channel: Option<String>,
    score: Option<i64>,
    comment: Option<String>,
    answers: Option<Json<BTreeMap<String, String>>>,
    follow_up_case_id: Option<i64>,
    attributes: Json<Value>,
}

/// Records `answer` on invitation `id`. Scores must already be checked against the survey.
pub async fn record(db: &Db, id: i64, answer: &Answer) -> Result<Recorded, StoreError> {
    let lock = match db {
        Db::Sqlite(_) => "",
        Db::Postgres(_) => " FOR UPDATE OF i",
    };
    let current_sql = format!(
        "SELECT i.survey_id, s.kind, s.follow_up, i.customer_id, i.case_id, i.agent_id, \
         i.team_id, i.touchpoint, i.channel, k.channel AS case_channel, i.score, i.comment, \
         i.answers, i.follow_up_case_id, c.attributes FROM survey_invitations i JOIN surveys s \
         ON s.id = i.survey_id JOIN customers c ON c.id = i.customer_id LEFT JOIN cases k ON \
         k.id = i.case_id WHERE i.id = $1{lock}"
    );
    let at = now();
    let actor = &Actor::Customer;
    let language = crate::organisation::language(db).await?;
    let mut tx = db.begin_write().await?;
    let current: Current = tx
        .fetch_optional(sqlx::AssertSqlSafe(current_sql), params![id])
        .await?
        .ok_or(StoreError::NotFound(Entity::Invitation))?;
    let score = answer.score.or(current.score);
    let comment = answer
        .comment
        .clone()
        .filter(|c| !c.trim().is_empty())
        .or(current.comment.clone());
    let mut answers = current.answers.clone().map(|Json(a)| a).unwrap_or_default();
    answers.extend(answer.answers.clone());
    let sql = "UPDATE survey_invitations SET status = 'answered', score = $1, comment = $2, \
               answers = $3, answered_at = COALESCE(answered_at, $4), updated_at = $4 WHERE id \
               = $5";
    tx.execute(sql, params![score, &comment, Json(&answers), at, id])
        .await?;
    // The channel a figure is sliced by is the contact's, not the survey's.
    let channel = current.case_channel.clone().or(current.channel.clone());
    let response_id: Option<i64> = match (score, current.kind.scale()) {
        (Some(score), Some(_)) => {
            let existing: Option<i64> = tx
                .optional_scalar(
                    "SELECT id FROM survey_responses WHERE invitation_id = $1",
                    params![id],
                )
                .await?;
            Some(match existing {
                Some(response) => {
                    tx.execute(
                        "UPDATE survey_responses SET score = $1, comment = $2 WHERE id = $3",
                        params![score, &comment, response],
                    )
                    .await?;
                    response
                }
                None => {
                    tx.scalar(
                        INSERT_RESPONSE,
                        params![
                            current.customer_id,
                            current.kind.as_str(),
                            score,
                            &channel,
                            &current.touchpoint,
                            current.attributes.get("segment").and_then(Value::as_str),
                            current.agent_id,
                            current.case_id,
                            at,
                            id,
                            current.survey_id,
                            current.team_id,
                            &comment
                        ],
                    )
                    .await?
                }
            })
        }
        _ => None,
    };
    let summary = summary(current.kind, score, comment.as_deref(), &answers);
    if let Some(case_id) = current.case_id {
        let key = format!("survey-invitation:{id}");
        let details = json!({
            "invitation_id": id,
            "survey_id": current.survey_id,
            "kind": current.kind,
            "score": score,
        });
        let sql = "UPDATE interactions SET body = $1, details = $2 WHERE channel = 'web' AND \
                   external_id = $3";
        let updated = tx
            .execute(sql, params![&summary, Json(&details), &key])
            .await?;
        if updated == 0 {
            let sql = "INSERT INTO interactions (case_id, customer_id, channel, direction, \
                       subject, body, external_id, details, occurred_at, created_at) VALUES \
                       ($1, $2, 'web', 'system', $3, $4, $5, $6, $7, $7)";
            tx.execute(
                sql,
                params![
                    case_id,
                    current.customer_id,
                    format!("{} survey", current.kind.as_str().to_uppercase()),
                    &summary,
                    &key,
                    Json(&details),
                    at
                ],
            )
            .await?;
        }
    }
    // An anonymous answer from an open link has nobody to follow up with.
    let anonymous = current.channel.as_deref() == Some("link");
    let low = score.is_some_and(|s| current.kind.is_low(s)) && !anonymous;
    let mut follow_up_case_id = current.follow_up_case_id;
    match follow_up_case_id {
        None if low && current.follow_up => {
            let new = NewCase {
                customer_id: current.customer_id,
                channel: channel
                    .as_deref()
                    .and_then(|c| c.parse().ok())
                    .unwrap_or(Channel::Web),
                subject: language.follow_up(&summary).chars().take(200).collect(),
                priority: Priority::High,
                assignee_id: None,
                team_id: current.team_id,
                tags: vec!["survey-follow-up".into(), current.kind.as_str().into()],
                first_message: Some(format!(
                    "{summary}\n\n({}, {})",
                    current.touchpoint,
                    current.kind.as_str()
                )),
            };
            let case_id = tx.insert_case(&new, at, actor).await?;
            tx.execute(
                "UPDATE survey_invitations SET follow_up_case_id = $1 WHERE id = $2",
                params![case_id, id],
            )
            .await?;
            follow_up_case_id = Some(case_id);
        }
        Some(case_id) if answer.comment.is_some() || answer.score.is_some() => {
            // The follow-up is being worked on: what the customer adds goes to it as a note.
            tx.execute(
                "INSERT INTO interactions (case_id, customer_id, channel, direction, \
                        body, occurred_at, created_at) VALUES ($1, $2, 'web', 'note', $3, $4, \
                        $4)",
                params![
                    case_id,
                    current.customer_id,
                    format!("Updated answer: {summary}"),
                    at
                ],
            )
            .await?;
        }
        _ => {}
    }
    tx.append_event(NewEvent {
        kind: "survey.answered",
        customer_id: Some(current.customer_id),
        case_id: current.case_id,
        actor,
        payload: json!({
            "invitation_id": id,
            "survey_id": current.survey_id,
            "response_id": response_id,
            "kind": current.kind,
            "score": score,
            "follow_up_case_id": follow_up_case_id,
        }),
    })
    .await?;
    let recorded = Recorded {
        score,
        comment,
        response_id,
        follow_up_case_id,
    };
    tx.commit().await?;
    Ok(recorded)
}

/// One line for the timeline and the follow-up case: `CSAT 2/5: "comment"`.
fn summary(
    kind: SurveyKind,
    score: Option<i64>,
    comment: Option<&str>,
    answers: &BTreeMap<String, String>,
) -> String {
    let mut text = kind.as_str().to_uppercase();
    if let (Some(score), Some(scale)) = (score, kind.scale()) {
        text.push_str(&format!(" {score}/{}", scale.end()));
    }
    if let Some(comment) = comment {
        text.push_str(&format!(": \"{comment}\""));
    }
    for (question, value) in answers {
        text.push_str(&format!("; {question}: {value}"));
    }
    text
}

/// The customer wants no more surveys: honoured by every survey from now on.
pub async fn opt_out(db: &Db, customer_id: i64) -> Result<(), StoreError> {
    let mut tx = db.begin_write().await?;
    tx.execute(
        "UPDATE customers SET survey_opt_out = TRUE, updated_at = $1 WHERE id = $2",
        params![now(), customer_id],
    )
    .await?;
    tx.append_event(NewEvent {
        kind: "customer.survey_opt_out",
        customer_id: Some(customer_id),
        case_id: None,
        actor: &Actor::Customer,
        payload: json!({}),
    })
    .await?;
    tx.commit().await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_summary_reads_as_the_customer_answered() {
        let answers = BTreeMap::from([("speed".to_string(), "4".to_string())]);
        assert_eq!(
            summary(SurveyKind::Csat, Some(2), Some("te lang gewacht"), &answers),
            "CSAT 2/5: \"te lang gewacht\"; speed: 4"
        );
        assert_eq!(
            summary(SurveyKind::Nps, None, None, &BTreeMap::new()),
            "NPS"
        );
    }
}
