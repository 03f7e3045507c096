//! Which attachments of an inbound mail are kept: per message at most a count and a total size,
//! each file at most a size, and per inbox per hour at most a count and a number of bytes, so one
//! crafted mail (or a flood of them) cannot fill the database. Skipped files are listed with why.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use store::channels::inboxes::Inbox;

use crate::api::inboxes::MAX_ATTACHMENT_BYTES;

/// Defaults of the inbox settings that override them.
const DEFAULT_FILE_BYTES: u64 = 10 * 1024 * 1024;
const DEFAULT_PER_MESSAGE: u64 = 20;
const DEFAULT_MESSAGE_BYTES: u64 = 25 * 1024 * 1024;
const DEFAULT_PER_HOUR: u64 = 500;
const DEFAULT_BYTES_PER_HOUR: u64 = 500 * 1024 * 1024;
/// Skipped files named in a message's details; beyond it only the count is kept.
const LISTED_SKIPS: usize = 50;

/// The limit settings of an email inbox: key, default, largest value an admin may set.
pub const LIMIT_SETTINGS: &[(&str, u64, u64)] = &[
    (
        "max_attachment_bytes",
        DEFAULT_FILE_BYTES,
        MAX_ATTACHMENT_BYTES,
    ),
    ("max_attachments_per_message", DEFAULT_PER_MESSAGE, 1000),
    (
        "max_attachment_bytes_per_message",
        DEFAULT_MESSAGE_BYTES,
        4 * MAX_ATTACHMENT_BYTES,
    ),
    ("max_attachments_per_hour", DEFAULT_PER_HOUR, 1_000_000),
    (
        "max_attachment_bytes_per_hour",
        DEFAULT_BYTES_PER_HOUR,
        1 << 40,
    ),
];

fn limit(inbox: &Inbox, key: &str) -> u64 {
    let (_, default, max) = LIMIT_SETTINGS
        .iter()
        .find(|(name, ..)| *name == key)
        .copied()
        .unwrap_or((key, 0, 0));
    inbox
        .settings
        .get(key)
        .and_then(Value::as_u64)
        .unwrap_or(default)
        .min(max)
}

/// What each inbox received in its current hour.
#[derive(Default)]
pub struct HourlyBudget {
    windows: Mutex<HashMap<i64, Window>>,
}

struct Window {
    started: Instant,
    count: u64,
    bytes: u64,
}

/// The outcome for one message: the files kept, and the details of those skipped.
pub struct Selection<T> {
    pub kept: Vec<T>,
    pub skipped: Vec<Value>,
    pub skipped_count: usize,
}

impl HourlyBudget {
    /// Splits `files` (each with its size) into kept and skipped under the inbox's limits, and
    /// charges the kept ones to the inbox's hour.
    pub fn select<T>(
        &self,
        inbox: &Inbox,
        files: Vec<T>,
        size: impl Fn(&T) -> (usize, &str),
    ) -> Selection<T> {
        let file_bytes = limit(inbox, "max_attachment_bytes");
        let per_message = limit(inbox, "max_attachments_per_message");
        let message_bytes = limit(inbox, "max_attachment_bytes_per_message");
        let per_hour = limit(inbox, "max_attachments_per_hour");
        let bytes_per_hour = limit(inbox, "max_attachment_bytes_per_hour");
        let mut windows = self.windows.lock().unwrap_or_else(|p| p.into_inner());
        let now = Instant::now();
        let window = windows.entry(inbox.id).or_insert(Window {
            started: now,
            count: 0,
            bytes: 0,
        });
        if now.duration_since(window.started) >= Duration::from_secs(3600) {
            *window = Window {
                started: now,
                count: 0,
                bytes: 0,
            };
        }
        let (mut count, mut bytes) = (0u64, 0u64);
        let mut selection = Selection {
            kept: Vec::new(),
            skipped: Vec::new(),
            skipped_count: 0,
        };
        for file in files {
            let (len, filename) = size(&file);
            let len = len as u64;
            let reason = if len > file_bytes {
                Some("too_large")
            } else if count >= per_message {
                Some("too_many_in_message")
            } else if bytes + len > message_bytes {
                Some("message_total_too_large")
            } else if window.count >= per_hour || window.bytes + len > bytes_per_hour {
                Some("inbox_hourly_limit")
            } else {
                None
            };
            match reason {
                None => {
                    count += 1;
                    bytes += len;
                    window.count += 1;
                    window.bytes += len;
                    selection.kept.push(file);
                }
                Some(reason) => {
                    if selection.skipped.len() < LISTED_SKIPS {
                        selection.skipped.push(
                            json!({"filename": filename, "size_bytes": len, "reason": reason}),
                        );
                    }
                    selection.skipped_count += 1;
                }
            }
        }
        selection
    }
}
