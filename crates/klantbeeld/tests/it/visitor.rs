//! A chat visitor: the widget's WebSocket, driven frame by frame.

use std::time::Duration;

use futures::{SinkExt, StreamExt};
use serde_json::Value;
use tokio_tungstenite::tungstenite::Message;

use crate::helpers::{TestApp, sent_mail};

type Socket =
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

pub struct Visitor {
    socket: Socket,
    /// The `hello` frame: the visitor's token and who is online.
    pub hello: Value,
}

impl Visitor {
    /// Opens the chat of `inbox`, as a returning visitor when `token` is given.
    pub async fn connect(app: &TestApp, inbox: i64, token: Option<&str>) -> Visitor {
        let mut url = app
            .url(&format!("/chat/{inbox}/socket"))
            .replacen("http", "ws", 1);
        if let Some(token) = token {
            url.push_str(&format!("?visitor={token}"));
        }
        let (socket, _) = tokio_tungstenite::connect_async(url)
            .await
            .expect("websocket");
        let mut visitor = Visitor {
            socket,
            hello: Value::Null,
        };
        visitor.hello = visitor.next().await;
        assert_eq!(visitor.hello["type"], "hello");
        visitor
    }

    pub fn token(&self) -> &str {
        self.hello["visitor"].as_str().expect("visitor token")
    }

    pub async fn send(&mut self, frame: Value) {
        self.socket
            .send(Message::Text(frame.to_string().into()))
            .await
            .expect("send");
    }

    /// Sends a frame and returns the answer of one of `types`.
    pub async fn ask(&mut self, frame: Value, types: &[&str]) -> Value {
        self.send(frame).await;
        self.frame_of(types).await
    }

    /// The next frame of one of `types`, skipping others (presence updates).
    pub async fn frame_of(&mut self, types: &[&str]) -> Value {
        loop {
            let frame = self.next().await;
            if types.iter().any(|t| frame["type"] == *t) {
                return frame;
            }
        }
    }

    /// The frames that arrive within `wait`.
    pub async fn frames_within(&mut self, wait: Duration) -> Vec<Value> {
        let mut frames = Vec::new();
        while let Ok(Some(Ok(message))) = tokio::time::timeout(wait, self.socket.next()).await {
            if let Message::Text(text) = message {
                frames.push(serde_json::from_str(&text).expect("json frame"));
            }
        }
        frames
    }

    async fn next(&mut self) -> Value {
        loop {
            let message = tokio::time::timeout(Duration::from_secs(10), self.socket.next())
                .await
                .expect("a frame in time")
                .expect("open")
                .expect("frame");
            if let Message::Text(text) = message {
                return serde_json::from_str(&text).expect("json frame");
            }
        }
    }
}

/// The six-digit code mailed to a visitor who gave `name` (unique per test: the sent-mail folder
/// is shared by every run of the suite).
pub async fn mailed_code(sent_dir: &str, name: &str) -> String {
    let mail = sent_mail(sent_dir, name).await;
    let subject = mail
        .lines()
        .find(|line| line.starts_with("Subject:"))
        .expect("a subject");
    let code: String = subject.chars().filter(char::is_ascii_digit).collect();
    assert_eq!(code.len(), 6, "{subject}");
    code
}
