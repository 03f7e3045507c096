//! An email inbox's settings, typed and read in this one place: [`EmailSettings::of`] reads what
//! is stored (limits capped at their largest value), [`check`] what an admin may store.

use std::time::Duration;

use channels::email::ImapAccount;
use domain::Email;
use serde_json::Value;
use store::channels::inboxes::Inbox;

/// Largest attachment an email inbox may be configured to keep.
const MAX_ATTACHMENT_BYTES: u64 = 25 * 1024 * 1024;

/// The attachment limit settings: key, default, largest value an admin may set.
const LIMITS: [(&str, u64, u64); 5] = [
    (
        "max_attachment_bytes",
        10 * 1024 * 1024,
        MAX_ATTACHMENT_BYTES,
    ),
    ("max_attachments_per_message", 20, 1000),
    (
        "max_attachment_bytes_per_message",
        25 * 1024 * 1024,
        4 * MAX_ATTACHMENT_BYTES,
    ),
    ("max_attachments_per_hour", 500, 1_000_000),
    ("max_attachment_bytes_per_hour", 500 * 1024 * 1024, 1 << 40),
];

/// What email intake reads of an inbox.
pub struct EmailSettings {
    /// `imap`: the mailbox the poller fetches from, or why it cannot; `None` without one.
    pub imap: Option<Result<ImapSettings, String>>,
    pub attachments: AttachmentLimits,
    /// `authserv_id`: the server whose Authentication-Results headers are believed.
    pub authserv_id: Option<String>,
}

/// An inbox's IMAP settings: `{host, port?, tls? (default true), username, password, mailbox?
/// (default INBOX), poll_seconds? (default 60)}`.
pub struct ImapSettings {
    pub account: ImapAccount,
    pub poll_every: Duration,
}

/// Which attachments of one message are kept: per file, per message, per inbox per hour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AttachmentLimits {
    pub file_bytes: u64,
    pub per_message: u64,
    pub message_bytes: u64,
    pub per_hour: u64,
    pub bytes_per_hour: u64,
}

impl EmailSettings {
    pub fn of(inbox: &Inbox) -> EmailSettings {
        let [
            file_bytes,
            per_message,
            message_bytes,
            per_hour,
            bytes_per_hour,
        ] = LIMITS.map(|(key, default, max)| {
            inbox
                .settings
                .get(key)
                .and_then(Value::as_u64)
                .unwrap_or(default)
                .min(max)
        });
        EmailSettings {
            imap: inbox.settings.get("imap").map(ImapSettings::parse),
            attachments: AttachmentLimits {
                file_bytes,
                per_message,
                message_bytes,
                per_hour,
                bytes_per_hour,
            },
            authserv_id: inbox.setting("authserv_id").map(str::to_string),
        }
    }
}

/// Whether `settings` are an email inbox's as an admin may store them; the message names the key.
pub fn check(settings: &Value) -> Result<(), String> {
    if let Some(address) = settings.get("address") {
        let address = address.as_str().unwrap_or_default();
        Email::parse(address).map_err(|e| format!("settings.address: {e}"))?;
    }
    if let Some(url) = settings.get("smtp_url") {
        let url = url.as_str().unwrap_or_default();
        channels::email::SmtpSender::from_url(url)
            .map_err(|e| format!("settings.smtp_url: {e}"))?;
    }
    if let Some(imap) = settings.get("imap") {
        ImapSettings::parse(imap).map_err(|e| format!("settings.imap: {e}"))?;
    }
    for (key, _, max) in LIMITS {
        if let Some(limit) = settings.get(key)
            && limit.as_u64().is_none_or(|n| n > max)
        {
            return Err(format!("settings.{key} must be a number up to {max}"));
        }
    }
    Ok(())
}

impl ImapSettings {
    fn parse(settings: &Value) -> Result<ImapSettings, String> {
        let text = |key: &str| {
            settings
                .get(key)
                .and_then(Value::as_str)
                .filter(|s| !s.is_empty())
        };
        let host = text("host").ok_or("host is required")?;
        let tls = match settings.get("tls") {
            None => true,
            Some(Value::Bool(tls)) => *tls,
            Some(_) => return Err("tls must be true or false".into()),
        };
        let port = match settings.get("port") {
            None => {
                if tls {
                    993
                } else {
                    143
                }
            }
            Some(port) => port
                .as_u64()
                .and_then(|p| u16::try_from(p).ok())
                .filter(|p| *p > 0)
                .ok_or("port must be a number from 1 to 65535")?,
        };
        let poll = match settings.get("poll_seconds") {
            None => 60,
            Some(seconds) => seconds
                .as_u64()
                .filter(|s| (1..=3600).contains(s))
                .ok_or("poll_seconds must be a number from 1 to 3600")?,
        };
        let account = ImapAccount {
            host: host.to_string(),
            port,
            tls,
            username: text("username").ok_or("username is required")?.to_string(),
            password: text("password").ok_or("password is required")?.to_string(),
            mailbox: text("mailbox").unwrap_or("INBOX").to_string(),
        };
        Ok(ImapSettings {
            account,
            poll_every: Duration::from_secs(poll),
        })
    }
}
