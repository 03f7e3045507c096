//! `POST /inbox/bulk`: one change to the ticked cases. The first post shows what will change
//! and asks to confirm; the confirmed post changes all of them or, when one can't, none.

use askama::Template;
use axum::extract::{Form, State};
use axum::response::{IntoResponse, Response};
use store::StoreError;
use store::case_bulk::BulkAction;
use store::cases::Case;

use super::super::{Layout, local_path, render, see_other};
use super::{CaseRow, scope_of};
use crate::auth::Work;
use crate::auth::session::Session;
use crate::error::ApiError;
use crate::state::AppState;

#[derive(Template)]
#[template(path = "inbox_bulk.html")]
struct ConfirmPage {
    layout: Layout,
    back: String,
    /// The change in words: "Toewijzen aan Anna de Vries".
    change: String,
    rows: Vec<CaseRow>,
    /// The form fields to post again, confirmed.
    fields: Vec<(String, String)>,
}

/// The action a bulk form asks for, from its `action` and the field that goes with it.
fn action_of(field: impl Fn(&str) -> Option<String>) -> Option<BulkAction> {
    match field("action")?.as_str() {
        "assign" => match field("assignee")?.as_str() {
            "none" => Some(BulkAction::Assign(None)),
            id => id.parse().ok().map(|id| BulkAction::Assign(Some(id))),
        },
        "status" => field("status")?.parse().ok().map(BulkAction::Status),
        "tag" => {
            let tag = field("tag")?.trim().to_lowercase();
            (!tag.is_empty() && tag.chars().count() <= 50).then_some(BulkAction::Tag(tag))
        }
        "merge" => Some(BulkAction::Merge { into: None }),
        _ => None,
    }
}

async fn describe(
    state: &AppState,
    action: &BulkAction,
    cases: &[Case],
    layout: &Layout,
) -> Result<String, ApiError> {
    let t = layout.t;
    Ok(match action {
        BulkAction::Assign(None) => format!("{}: {}", t.bulk_assign, t.unassigned),
        BulkAction::Assign(Some(id)) => {
            let agent = store::agents::get(&state.db, *id).await?;
            format!("{}: {}", t.bulk_assign, agent.name)
        }
        BulkAction::Status(status) => format!("{}: {}", t.bulk_status, t.status(status)),
        BulkAction::Tag(tag) => format!("{}: {tag}", t.bulk_tag),
        BulkAction::Merge { .. } => {
            let into = cases.iter().map(|c| c.id).min().unwrap_or_default();
            format!("{} #{into}", t.bulk_merge_into)
        }
    })
}

pub async fn submit(
    State(state): State<AppState>,
    session: Session<Work>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Response {
    let field = |name: &str| {
        fields
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
    };
    if let Err(refused) = session.check_csrf(&field("csrf").unwrap_or_default()) {
        return refused.into_response();
    }
    let back = local_path(&field("back").unwrap_or_default());
    let ids: Result<Vec<i64>, _> = fields
        .iter()
        .filter(|(k, _)| k == "case")
        .map(|(_, v)| v.parse::<i64>())
        .collect();
    let (Ok(ids), Some(action)) = (ids, action_of(field)) else {
        return see_other(&back, "invalid_input");
    };
    let ids = match store::case_bulk::chosen(&ids) {
        Ok(ids) => ids,
        Err(_) => return see_other(&back, "bulk_none"),
    };
    let scope = match scope_of(&state, &session).await {
        Ok(scope) => scope,
        Err(err) => return err.into_response(),
    };
    if field("confirm").as_deref() == Some("1") {
        return match store::case_bulk::apply(
            &state.db,
            &ids,
            &action,
            scope.as_ref(),
            &session.actor(),
        )
        .await
        {
            Ok(outcome) => match outcome.into {
                Some(into) => see_other(&format!("/cases/{into}"), "merged"),
                None => see_other(&back, "bulk_done"),
            },
            Err(StoreError::NotFound(_) | StoreError::Invalid(_)) => {
                see_other(&back, "bulk_refused")
            }
            Err(err) => ApiError::from(err).into_response(),
        };
    }
    let layout = Layout::for_session(&session, "inbox", back.clone(), None);
    let mut cases = Vec::with_capacity(ids.len());
    for id in &ids {
        match store::cases::get(&state.db, *id).await {
            Ok(case)
                if scope
                    .as_ref()
                    .is_none_or(|s| s.may_see(case.team_id, case.assignee_id)) =>
            {
                cases.push(case)
            }
            Ok(_) | Err(StoreError::NotFound(_)) => return see_other(&back, "bulk_refused"),
            Err(err) => return ApiError::from(err).into_response(),
        }
    }
    let change = match describe(&state, &action, &cases, &layout).await {
        Ok(change) => change,
        Err(err) => return err.into_response(),
    };
    let kept = ["action", "assignee", "status", "tag"];
    let mut repeat: Vec<(String, String)> = fields
        .iter()
        .filter(|(k, _)| kept.contains(&k.as_str()))
        .cloned()
        .collect();
    repeat.extend(ids.iter().map(|id| ("case".to_string(), id.to_string())));
    render(&ConfirmPage {
        rows: cases.iter().map(|c| CaseRow::new(c, layout.t)).collect(),
        layout,
        back,
        change,
        fields: repeat,
    })
}
