//! A survey inside the chat widget, after the chat ends: the `survey.sent` event of a chat
//! invitation becomes a `survey` frame for that visitor, and the visitor's `survey_answer` frame
//! records the answer like the survey page does.

use serde_json::{Value, json};
use store::events::Event;
use store::surveys::answers::{self, Answer};
use store::surveys::{self, invitations};

use crate::state::AppState;
use crate::surveys::answers::check;

/// The frame that shows the survey of a chat invitation to its customer; `None` for any other
/// event.
pub async fn frame_for(state: &AppState, event: &Event, customer: Option<i64>) -> Option<Value> {
    if event.kind != "survey.sent"
        || event.customer_id.is_none()
        || event.customer_id != customer
        || event.payload.get("channel")?.as_str()? != "chat"
    {
        return None;
    }
    let token = event.payload.get("token")?.as_str()?;
    let invitation = invitations::by_token(&state.db, token).await.ok()??;
    let survey = surveys::get(&state.db, invitation.survey_id).await.ok()?;
    let scale = survey.kind.scale()?;
    let lang = invitation.language.as_str();
    let (low, high) = survey.kind.scale_ends(lang == "en");
    Some(json!({
        "type": "survey", "token": token, "kind": survey.kind,
        "question": survey.texts.question(survey.kind).get(lang),
        "follow_up": survey.texts.follow_up().get(lang),
        "scale": [scale.start(), scale.end()], "ends": [low, high],
        "url": format!("/s/{token}"),
    }))
}

/// Records a visitor's answer to a survey shown in the chat; only their own invitation counts.
pub async fn answer(
    state: &AppState,
    customer: Option<i64>,
    token: &str,
    score: Option<i64>,
    comment: Option<String>,
) -> Value {
    let refused = |message: &str| json!({"type": "error", "message": message});
    let invitation = match invitations::by_token(&state.db, token).await {
        Ok(Some(invitation)) if Some(invitation.customer_id) == customer => invitation,
        Ok(_) => return refused("no such survey for this chat"),
        Err(_) => return refused("the answer could not be saved, please try again"),
    };
    if !invitation.accepts_answers(chrono::Utc::now()) {
        return refused("this survey has expired");
    }
    let Ok(survey) = surveys::get(&state.db, invitation.survey_id).await else {
        return refused("the answer could not be saved, please try again");
    };
    let answer = Answer {
        score,
        comment: comment
            .map(|c| c.trim().to_string())
            .filter(|c| !c.is_empty()),
        ..Answer::default()
    };
    if check(&survey, &answer).is_err() || (answer.score.is_none() && answer.comment.is_none()) {
        return refused("the answer does not fit the survey's scale");
    }
    match answers::record(&state.db, invitation.id, &answer).await {
        Ok(recorded) => json!({"type": "survey_thanks", "token": token, "score": recorded.score}),
        Err(_) => refused("the answer could not be saved, please try again"),
    }
}
