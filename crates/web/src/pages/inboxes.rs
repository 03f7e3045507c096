//! `/admin/inboxes`: the organisation's channel endpoints, where to connect each one (webhook or
//! widget snippet), switching them on and off, and adding new ones with the same checks as the API.
//! A new email or phone inbox's generated webhook secret is shown once, on the page that answers
//! its creation; an inbox whose hook an admin opened to anyone is marked with a warning.

use std::borrow::Cow;

use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use domain::InboxKind;
use serde::Deserialize;
use serde_json::{Map, Value};
use store::channels::inboxes;
use store::signatures::Owner;

use super::admin::NoticeQuery;
use super::signatures::SignatureForm;
use super::{Layout, render, see_other, terms};
use crate::auth::Administer;
use crate::auth::session::Session;
use crate::error::ApiError;
use crate::inbox_admin::setup::{Setup, generate_secret, setup};
use crate::inbox_admin::{InboxView, validate_settings};
use crate::public_address::public_base;
use crate::state::AppState;

pub struct Row {
    pub id: i64,
    pub kind: Cow<'static, str>,
    pub name: String,
    pub active: bool,
    /// The webhook path, or the widget snippet of a chat inbox.
    pub connect: String,
    pub settings: String,
    /// The hook takes posts from anyone (`open_webhook`).
    pub open_hook: bool,
}

#[derive(Template)]
#[template(path = "admin_inboxes.html")]
struct InboxesPage {
    layout: Layout,
    rows: Vec<Row>,
    /// `(value, word)` of each kind of inbox.
    kinds: Vec<(&'static str, Cow<'static, str>)>,
    english: bool,
    /// The signature of each email inbox.
    signatures: Vec<SignatureForm>,
}

pub async fn list(
    State(state): State<AppState>,
    session: Session<Administer>,
    headers: HeaderMap,
    Query(q): Query<NoticeQuery>,
) -> Response {
    let base = public_base(&state, &headers);
    let layout = Layout::for_session(
        &session,
        "admin",
        "/admin/inboxes".into(),
        q.notice.as_deref(),
    );
    let lang = layout.lang();
    let all = match inboxes::list(&state.db).await {
        Ok(all) => all,
        Err(err) => return ApiError::from(err).into_response(),
    };
    let mut signatures = Vec::new();
    for inbox in all.iter().filter(|i| i.kind == InboxKind::Email) {
        let form = SignatureForm::load(
            &state,
            Owner::Inbox(inbox.id),
            format!("/admin/inboxes/{}/signature", inbox.id),
            inbox.name.clone(),
        )
        .await;
        match form {
            Ok(form) => signatures.push(form),
            Err(err) => return err.into_response(),
        }
    }
    let rows = all
        .into_iter()
        .map(|inbox| {
            (
                crate::inbound::is_open(&inbox),
                InboxView::new(inbox, &base),
            )
        })
        .map(|(open_hook, view)| Row {
            open_hook,
            id: view.id,
            kind: terms::channel(lang, view.kind.as_str()),
            connect: view.widget_snippet.or(view.hook_url).unwrap_or_default(),
            settings: serde_json::to_string_pretty(&view.settings).unwrap_or_default(),
            name: view.name,
            active: view.active,
        })
        .collect();
    render(&InboxesPage {
        english: layout.t.lang == "en",
        layout,
        rows,
        kinds: InboxKind::ALL
            .iter()
            .map(|kind| (kind.as_str(), terms::channel(lang, kind.as_str())))
            .collect(),
        signatures,
    })
}

#[derive(Deserialize)]
pub struct NewInboxForm {
    csrf: String,
    kind: String,
    name: String,
    #[serde(default)]
    settings: String,
}

#[derive(Template)]
#[template(path = "admin_inbox_created.html")]
struct CreatedPage {
    layout: Layout,
    name: String,
    setup: Setup,
    email: bool,
}

pub async fn create(
    State(state): State<AppState>,
    session: Session<Administer>,
    headers: HeaderMap,
    Form(form): Form<NewInboxForm>,
) -> Response {
    if let Err(refused) = session.check_csrf(&form.csrf) {
        return refused.into_response();
    }
    let mut settings: Map<String, Value> = match form.settings.trim() {
        "" => Map::new(),
        text => match serde_json::from_str(text) {
            Ok(settings) => settings,
            Err(_) => return see_other("/admin/inboxes", "invalid_input"),
        },
    };
    let (Ok(kind), name) = (form.kind.parse::<InboxKind>(), form.name.trim()) else {
        return see_other("/admin/inboxes", "invalid_input");
    };
    if name.is_empty() || name.chars().count() > 100 {
        return see_other("/admin/inboxes", "invalid_input");
    }
    let secret = generate_secret(kind, &mut settings);
    let Ok(settings) = validate_settings(kind, settings) else {
        return see_other("/admin/inboxes", "invalid_input");
    };
    let base = public_base(&state, &headers);
    let inbox = match inboxes::create(&state.db, kind, name, &settings, &session.actor()).await {
        Ok(inbox) => InboxView::new(inbox, &base),
        Err(err) => return ApiError::from(err).into_response(),
    };
    let (Some(secret), Some(path)) = (secret, &inbox.hook_url) else {
        return see_other("/admin/inboxes", "inbox_created");
    };
    let layout = Layout::for_session(
        &session,
        "admin",
        "/admin/inboxes".into(),
        Some("inbox_created"),
    );
    render(&CreatedPage {
        layout,
        setup: setup(kind, &base, path, secret),
        email: kind == InboxKind::Email,
        name: inbox.name,
    })
}

#[derive(Deserialize)]
pub struct ActiveForm {
    csrf: String,
    active: String,
}

pub async fn set_active(
    State(state): State<AppState>,
    session: Session<Administer>,
    Path(id): Path<i64>,
    Form(form): Form<ActiveForm>,
) -> Response {
    if let Err(refused) = session.check_csrf(&form.csrf) {
        return refused.into_response();
    }
    let inbox = match inboxes::get(&state.db, id).await {
        Ok(inbox) => inbox,
        Err(err) => return ApiError::from(err).into_response(),
    };
    let active = form.active == "true";
    match inboxes::update(
        &state.db,
        id,
        &inbox.name,
        &inbox.settings,
        active,
        &session.actor(),
    )
    .await
    {
        Ok(_) => see_other("/admin/inboxes", "inbox_updated"),
        Err(err) => ApiError::from(err).into_response(),
    }
}
