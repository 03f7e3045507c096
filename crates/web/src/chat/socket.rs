//! One visitor's chat connection. Frames are JSON objects with a `type`:
//!
//! - from the visitor: `message {body}`, `email {email, name?, language?}`, `verify {code}`,
//!   `callback {phone, preferred_time?, reason?}`, `survey_answer {token, score?, comment?}`
//! - to the visitor: `hello {visitor, agents_online, greeting}`, `history {messages}`, `message {..}`,
//!   `presence {agents_online}`, `verify {email, minutes}` (a code was mailed), `linked {email}`,
//!   `callback {id, promised_by}`, `survey {token, kind, question, scale, ends, url}`,
//!   `survey_thanks {token, score}`, `error {message, code?}`
//!
//! What a visitor says about who they are is checked in [`super::identity`].
//!
//! Agents' replies reach the visitor through the live event stream, so a reply written on any
//! node arrives; on reconnect the visitor gets the history again.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::ws::{Message, Utf8Bytes, WebSocket, WebSocketUpgrade};
use axum::extract::{ConnectInfo, Query, State};
use axum::response::Response;
use base64::Engine;
use chrono::{DateTime, Utc};
use domain::{Direction, IdentityKind, InboxKind};
use futures_util::{SinkExt, StreamExt};
use rand::RngCore;
use serde::Deserialize;
use serde_json::{Value, json};
use store::events::{Actor, Event};
use store::interactions::{Inbound, Interaction};
use store::linking;
use tokio::sync::broadcast::error::RecvError;

use super::identity::{self, Session, error};
use crate::callbacks::{self, CallbackRequest, Target};
use crate::error::ApiResult;
use crate::extract::ApiPath;
use crate::inbound::active_inbox;
use crate::organisation::public_name;
use crate::state::AppState;
use crate::throttle::client_key;

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
        language: Option<String>,
    },
    Verify {
        code: String,
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
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    ApiPath(inbox_id): ApiPath<i64>,
    Query(params): Query<Params>,
    upgrade: WebSocketUpgrade,
) -> ApiResult<Response> {
    let inbox = active_inbox(&state.db, inbox_id, InboxKind::Chat).await?;
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
                client: client_key(peer.ip()),
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
    /// The client's address (its /64 for IPv6), for the per-client limits.
    client: String,
}

impl Chat {
    async fn run(self, socket: WebSocket) -> Result<(), axum::Error> {
        let (mut sender, mut receiver) = socket.split();
        let mut events = self.state.live.subscribe();
        let mut typing = self.state.live.subscribe_typing();
        let mut session = Session {
            customer: linking::owner_of(&self.state.db, IdentityKind::Chat, &self.visitor)
                .await
                .ok()
                .flatten(),
            name: None,
        };
        sender.send(frame(json!({"type": "hello", "visitor": self.visitor,
            "organisation": public_name(&self.state).await,
            "agents_online": self.state.live.agents_online(),
            "greeting": self.inbox.setting("greeting"), "offline_message": self.inbox.setting("offline_message")}))).await?;
        if let Some(customer_id) = session.customer {
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
                    let before = session.customer;
                    let answer = self.handle(&text, &mut session).await;
                    sender.send(frame(answer)).await?;
                    if let (None, Some(joined)) = (before, session.customer) {
                        // A proven address joined the visitor to its customer: show that chat.
                        let history = self.history(joined).await;
                        sender.send(frame(json!({"type": "history", "messages": history}))).await?;
                    }
                }
                event = events.recv() => {
                    match event {
                        Ok(event) => {
                            follow_merge(&event, &mut session);
                            if let Some(reply) = self.reply_for(&event, session.customer).await {
                                sender.send(frame(reply)).await?;
                            }
                        }
                        Err(RecvError::Lagged(_)) => {
                            if let Some(customer_id) = session.customer {
                                let history = self.history(customer_id).await;
                                sender.send(frame(json!({"type": "history", "messages": history}))).await?;
                            }
                        }
                        Err(RecvError::Closed) => return Ok(()),
                    }
                }
                signal = typing.recv() => {
                    match signal {
                        Ok(customer) if Some(customer) == session.customer => {
                            sender.send(frame(json!({"type": "typing"}))).await?;
                        }
                        Ok(_) | Err(RecvError::Lagged(_)) => {}
                        Err(RecvError::Closed) => return Ok(()),
                    }
                }
                _ = presence.tick() => {
                    sender.send(frame(json!({"type": "presence", "agents_online": self.state.live.agents_online()}))).await?;
                }
            }
        }
    }

    async fn handle(&self, text: &str, session: &mut Session) -> Value {
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
                if let Some(refused) = self.over_limit(session) {
                    return refused;
                }
                let mut inbound = Inbound::new(
                    domain::Channel::Chat,
                    (IdentityKind::Chat, self.visitor.clone()),
                    body.to_string(),
                );
                inbound.inbox_id = Some(self.inbox.id);
                inbound.customer_name =
                    Some(super::visitor_name(&self.state, session.name.as_ref()).await);
                match self.state.intake.record(inbound, Actor::System).await {
                    Ok(ingested) => {
                        session.customer = Some(ingested.customer_id);
                        json!({"type": "ack", "id": ingested.interaction_id, "case_id": ingested.case_id})
                    }
                    Err(err) => error(format!(
                        "your message could not be stored, please try again ({err})"
                    )),
                }
            }
            Frame::Email {
                email,
                name,
                language,
            } => {
                identity::claim_email(
                    &self.state,
                    &self.visitor,
                    session,
                    &email,
                    name.as_deref(),
                    language.as_deref(),
                )
                .await
            }
            Frame::Verify { code } => {
                identity::verify(&self.state, &self.visitor, session, &code).await
            }
            Frame::Callback {
                phone,
                preferred_time,
                reason,
            } => {
                if !self.state.callback_throttle.allow(&self.client) {
                    return throttled(self.state.callback_throttle.window());
                }
                let case_id = match self.own_case(session).await {
                    Ok(case_id) => case_id,
                    Err(err) => return error(format!("your request could not be stored ({err})")),
                };
                let request = CallbackRequest {
                    target: Target::Case(case_id),
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
                identity::claim_phone(&self.state, &self.visitor, session, &callback.phone).await;
                json!({"type": "callback", "id": callback.id, "promised_by": callback.promised_by})
            }
            Frame::SurveyAnswer {
                token,
                score,
                comment,
            } => super::survey::answer(&self.state, session.customer, &token, score, comment).await,
        }
    }

    /// A refusal when the visitor writes faster than a person, or its address has started too
    /// many visitors' records (a script making customers).
    fn over_limit(&self, session: &Session) -> Option<Value> {
        let messages = &self.state.chat_message_throttle;
        if !messages.allow(&self.visitor) {
            return Some(throttled(messages.window()));
        }
        let records = &self.state.chat_customer_throttle;
        (session.customer.is_none() && !records.allow(&self.client))
            .then(|| throttled(records.window()))
    }

    /// The visitor's chat case for a callback: the latest one, or a new case on a new customer
    /// record of the visitor's own (a number given in the chat proves nobody's identity).
    async fn own_case(&self, session: &mut Session) -> Result<i64, store::StoreError> {
        let db = &self.state.db;
        if let Some(customer_id) = session.customer
            && let Some(case_id) =
                store::interactions::latest_case(db, customer_id, domain::Channel::Chat).await?
        {
            return Ok(case_id);
        }
        let customer_id = match session.customer {
            Some(customer_id) => customer_id,
            None => {
                let new = store::customers::NewCustomer {
                    name: super::visitor_name(&self.state, session.name.as_ref()).await,
                    language: None,
                    attributes: serde_json::Map::new(),
                    identities: vec![(IdentityKind::Chat, self.visitor.clone())],
                };
                store::customers::create(db, new, &Actor::System).await?.id
            }
        };
        session.customer = Some(customer_id);
        let case = store::cases::NewCase {
            customer_id,
            channel: domain::Channel::Chat,
            subject: "Chat".into(),
            priority: domain::Priority::Normal,
            assignee_id: None,
            team_id: None,
            tags: Vec::new(),
            first_message: None,
        };
        Ok(store::cases::create(db, case, &Actor::System).await?.id)
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

fn throttled(window: Duration) -> Value {
    json!({"type": "error", "code": "too_many", "retry_after": window.as_secs(),
        "message": "too many at once; please wait a moment"})
}

/// An agent merged the visitor's record into another: the chat is that customer's from now on.
fn follow_merge(event: &Event, session: &mut Session) {
    if event.kind != "customer.merged" {
        return;
    }
    let merged = event.payload.get("merged").and_then(Value::as_i64);
    if merged.is_some() && merged == session.customer {
        session.customer = event.customer_id;
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
