//! Which attachments of an inbound mail are kept: per message at most a count and a total size,
//! each file at most a size, and per inbox per hour at most a count and a number of bytes, so one
//! crafted mail (or a flood of them) cannot fill the database. Skipped files are listed with why.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use super::settings::AttachmentLimits;

/// Skipped files named in a message's details; beyond it only the count is kept.
const LISTED_SKIPS: usize = 50;

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
        inbox_id: i64,
        limits: &AttachmentLimits,
        files: Vec<T>,
        size: impl Fn(&T) -> (usize, &str),
    ) -> Selection<T> {
        let AttachmentLimits {
            file_bytes,
            per_message,
            message_bytes,
            per_hour,
            bytes_per_hour,
        } = *limits;
        let mut windows = self.windows.lock().unwrap_or_else(|p| p.into_inner());
        let now = Instant::now();
        let window = windows.entry(inbox_id).or_insert(Window {
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
