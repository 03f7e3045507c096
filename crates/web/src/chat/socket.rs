//! One visitor's chat connection. Frames are JSON objects with a `type`:
//!
//! - from the visitor: `message {body}`, `email {email, name?}`, `callback {phone, preferred_time?, reason?}`,
//!   `survey_answer {token, score?, comment?}`
//! - to the visitor: `hello {visitor, agents_online, greeting}`, `history {messages}`, `message {..}`,
//!   `presence {agents_online}`, `linked {email}`, `callback {id, promised_by}`,
//!   `survey {token, kind, question, scale, ends, url}`, `survey_thanks {token, score}`, `error {message}`
//!
//! Agents' replies reach the visitor through the live event stream, so a reply written on any
//! node arrives; on reconnect the visitor gets the history again.

use std::sync::Arc;
use std::time::Duration;

use axum::extract::ws::{Message, Utf8Bytes, WebSocket, WebSocketUpgrade};
use axum::extract::{Query, State};
use axum::response::Response;
use base64::Engine;
use chrono::{DateTime, Utc};
use domain::{Direction, Email, IdentityKind, InboxKind};
use futures_util::{SinkExt, StreamExt};
use rand::RngCore;
use serde::Deserialize;
use serde_json::{Value, json};
use store::events::{Actor, Event};
use store::interactions::{Inbound, Interaction};
use store::linking;
use tokio::sync::broadcast::error::RecvError;

use crate::callbacks::{self, CallbackRequest, Target};
use crate::error::ApiResult;
use crate::extract::ApiPath;
use crate::hooks::active_inbox;
use crate::state::AppState;

const MAX_FRAME_BYTES: usize = 16 * 1024;
const MAX_MESSAGE_CHARS: usize = 4000;
const PRESENCE_EVERY: Duration = Duration::from_secs(30);
const HISTORY: i64 = 50;

#[derive(Debug, Deserialize)]
pub struct Params {
    visitor: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
enum Frame {
    Message {
        body: String,
    },
    Email {
        email: String,
        name: Option<String>,
    },
    Callback {
        phone: String,
        preferred_time: Option<DateTime<Utc>>,
        reason: Option<String>,
    },
    SurveyAnswer {
        token: String,
        score: Option<i64>,
        comment: Option<String>,
    },
}

pub async fn connect(
    State(state): State<AppState>,
    ApiPath(inbox_id): ApiPath<i64>,
    Query(params): Query<Params>,
    upgrade: WebSocketUpgrade,
) -> ApiResult<Response> {
    let inbox = active_inbox(&state, inbox_id, InboxKind::Chat).await?;
    let visitor = params
        .visitor
        .filter(|v| valid_token(v))
        .unwrap_or_else(new_token);
    Ok(upgrade
        .max_message_size(MAX_FRAME_BYTES)
        .on_upgrade(move |socket| async move {
            let chat = Chat {
                state,
                inbox,
                visitor,
            };
            if let Err(err) = chat.run(socket).await {
                tracing::debug!(error = %err, "chat connection ended");
            }
        }))
}

fn valid_token(token: &str) -> bool {
    (20..=64).contains(&token.len())
        && token
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

fn new_token() -> String {
    let mut bytes = [0u8; 24];
    rand::rng().fill_bytes(&mut bytes);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

struct Chat {
    state: AppState,
    inbox: store::channels::inboxes::Inbox,
    visitor: String,
}

impl Chat {
    async fn run(self, socket: WebSocket) -> Result<(), axum::Error> {
        let (mut sender, mut receiver) = socket.split();
        let mut events = self.state.live.subscribe();
        let mut customer = linking::owner_of(&self.state.db, IdentityKind::Chat, &self.visitor)
            .await
            .ok()
            .flatten();
        sender.send(frame(json!({"type": "hello", "visitor": self.visitor,
            "agents_online": self.state.live.agents_online(),
            "greeting": self.inbox.setting("greeting"), "offline_message": self.inbox.setting("offline_message")}))).await?;
        if let Some(customer_id) = customer {
            let history = self.history(customer_id).await;
            sender
                .send(frame(json!({"type": "history", "messages": history})))
                .await?;
        }
        let mut presence =
            tokio::time::interval_at(tokio::time::Instant::now() + PRESENCE_EVERY, PRESENCE_EVERY);
        loop {
            tokio::select! {
                incoming = receiver.next() => {
                    let Some(Ok(message)) = incoming else { return Ok(()) };
                    let Message::Text(text) = message else { continue };
                    let answer = self.handle(&text, &mut customer).await;
                    sender.send(frame(answer)).await?;
                }
                event = events.recv() => {
                    match event {
                        Ok(event) => {
                            if let Some(reply) = self.reply_for(&event, customer).await {
                                sender.send(frame(reply)).await?;
                            }
                        }
                        Err(RecvError::Lagged(_)) => {
                            if let Some(customer_id) = customer {
                                let history = self.history(customer_id).await;
                                sender.send(frame(json!({"type": "history", "messages": history}))).await?;
                            }
                        }
                        Err(RecvError::Closed) => return Ok(()),
                    }
                }
                _ = presence.tick() => {
                    sender.send(frame(json!({"type": "presence", "agents_online": self.state.live.agents_online()}))).await?;
                }
            }
        }
    }

    async fn handle(&self, text: &str, customer: &mut Option<i64>) -> Value {
        let frame: Frame = match serde_json::from_str(text) {
            Ok(frame) => frame,
            Err(err) => return error(format!("not a chat frame: {err}")),
        };
        match frame {
            Frame::Message { body } => {
                let body = body.trim();
                if body.is_empty()
                    || body.contains('\0')
                    || body.chars().count() > MAX_MESSAGE_CHARS
                {
                    return error(format!("a message has 1 to {MAX_MESSAGE_CHARS} characters"));
                }
                let mut inbound = Inbound::new(
                    domain::Channel::Chat,
                    (IdentityKind::Chat, self.visitor.clone()),
                    body.to_string(),
                );
                inbound.inbox_id = Some(self.inbox.id);
                inbound.customer_name = Some("Chat visitor".into());
                match self.state.intake.record(inbound, Actor::System).await {
                    Ok(ingested) => {
                        *customer = Some(ingested.customer_id);
                        json!({"type": "ack", "id": ingested.interaction_id, "case_id": ingested.case_id})
                    }
                    Err(err) => error(format!(
                        "your message could not be stored, please try again ({err})"
                    )),
                }
            }
            Frame::Email { email, name } => {
                match self.link_email(&email, name.as_deref(), customer).await {
                    Ok(linked) => json!({"type": "linked", "email": linked}),
                    Err(message) => error(message),
                }
            }
            Frame::Callback {
                phone,
                preferred_time,
                reason,
            } => {
                let target = match *customer {
                    Some(customer_id) => {
                        match store::interactions::latest_case(
                            &self.state.db,
                            customer_id,
                            domain::Channel::Chat,
                        )
                        .await
                        {
                            Ok(Some(case_id)) => Target::Case(case_id),
                            _ => Target::Customer(customer_id),
                        }
                    }
                    None => Target::Phone,
                };
                let request = CallbackRequest {
                    target,
                    phone: Some(phone),
                    reason: reason.map(|r| r.chars().take(500).collect()),
                    preferred_time,
                    source: "chat",
                };
                let callback = match callbacks::request(&self.state, request, &Actor::System).await
                {
                    Ok(callback) => callback,
                    Err(err) => return error(err.message),
                };
                if customer.is_none() {
                    // The visitor is now whoever owns the phone number.
                    let linked = linking::link_identity(
                        &self.state.db,
                        callback.customer_id,
                        IdentityKind::Chat,
                        &self.visitor,
                        &Actor::System,
                    )
                    .await;
                    if linked.is_ok() {
                        *customer = Some(callback.customer_id);
                    }
                }
                json!({"type": "callback", "id": callback.id, "promised_by": callback.promised_by})
            }
            Frame::SurveyAnswer {
                token,
                score,
                comment,
            } => super::survey::answer(&self.state, *customer, &token, score, comment).await,
        }
    }

    /// The visitor left an email address: one customer from now on. If the address is already a
    /// customer's, the visitor's record is merged into that one, so the chat joins its history.
    async fn link_email(
        &self,
        email: &str,
        name: Option<&str>,
        customer: &mut Option<i64>,
    ) -> Result<String, String> {
        let email = Email::parse(email).map_err(|e| e.to_string())?;
        let db = &self.state.db;
        let failed = |err: store::StoreError| format!("linking failed, please try again ({err})");
        let owner = linking::owner_of(db, IdentityKind::Email, email.as_str())
            .await
            .map_err(failed)?;
        match (owner, *customer) {
            (Some(owner), Some(visitor)) if owner != visitor => {
                linking::merge_customers(db, visitor, owner, &Actor::System)
                    .await
                    .map_err(failed)?;
                *customer = Some(owner);
            }
            (Some(owner), None) => {
                linking::link_identity(
                    db,
                    owner,
                    IdentityKind::Chat,
                    &self.visitor,
                    &Actor::System,
                )
                .await
                .map_err(failed)?;
                *customer = Some(owner);
            }
            (Some(_), Some(_)) => {}
            (None, Some(visitor)) => {
                linking::link_identity(
                    db,
                    visitor,
                    IdentityKind::Email,
                    email.as_str(),
                    &Actor::System,
                )
                .await
                .map_err(failed)?;
            }
            (None, None) => {
                let new = store::customers::NewCustomer {
                    name: name
                        .map(str::trim)
                        .filter(|n| !n.is_empty() && n.len() <= 200)
                        .unwrap_or(email.as_str())
                        .to_string(),
                    language: None,
                    attributes: serde_json::Map::new(),
                    identities: vec![
                        (IdentityKind::Email, email.as_str().to_string()),
                        (IdentityKind::Chat, self.visitor.clone()),
                    ],
                };
                *customer = Some(
                    store::customers::create(db, new, &Actor::System)
                        .await
                        .map_err(failed)?
                        .id,
                );
            }
        }
        if let (Some(name), Some(id)) = (
            name.map(str::trim)
                .filter(|n| !n.is_empty() && n.len() <= 200),
            *customer,
        ) {
            store::customers::rename_placeholder(db, id, "Chat visitor", name)
                .await
                .map_err(failed)?;
        }
        Ok(email.as_str().to_string())
    }

    /// An agent's reply (or a system message) on this visitor's chat, as a frame.
    async fn reply_for(&self, event: &Arc<Event>, customer: Option<i64>) -> Option<Value> {
        if event.kind == "survey.sent" {
            return super::survey::frame_for(&self.state, event, customer).await;
        }
        if event.kind != "interaction.sent"
            || event.customer_id.is_none()
            || event.customer_id != customer
        {
            return None;
        }
        let id = event.payload.get("interaction_id")?.as_i64()?;
        let interaction = store::interactions::get(&self.state.db, id).await.ok()?;
        (interaction.channel == domain::Channel::Chat).then(|| {
            let mut message = message_json(&interaction);
            message["type"] = json!("message");
            message
        })
    }

    async fn history(&self, customer_id: i64) -> Vec<Value> {
        store::interactions::chat_history(&self.state.db, customer_id, HISTORY)
            .await
            .unwrap_or_default()
            .iter()
            .map(message_json)
            .collect()
    }
}

fn message_json(interaction: &Interaction) -> Value {
    let from = match interaction.direction {
        Direction::Inbound => "visitor",
        _ => "agent",
    };
    json!({"id": interaction.id, "from": from, "author": interaction.author_name,
        "body": interaction.body, "at": interaction.occurred_at})
}

fn frame(value: Value) -> Message {
    Message::Text(Utf8Bytes::from(value.to_string()))
}

fn error(message: String) -> Value {
    json!({"type": "error", "message": message})
}
