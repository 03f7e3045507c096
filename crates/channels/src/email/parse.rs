//! Raw RFC 5322 mail to plain data. The heavy lifting (MIME structure, transfer encodings,
//! charsets, RFC 2047 words) is mail-parser's; this module decides what Klantbeeld keeps: the
//! threading ids, the readable body, the attachments, and whether a message is machine-sent so we
//! never answer it automatically.

use std::borrow::Cow;

use chrono::{DateTime, Utc};
use mail_parser::{
    Address, HeaderName, HeaderValue, MessageParser, MessagePart, MimeHeaders, PartType,
};
use sha2::{Digest, Sha256};

use super::html::html_to_text;

/// One address from a From/To/Reply-To header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mailbox {
    /// Lower-cased, because identities are matched on the address and mail systems treat it
    /// case-insensitively in practice.
    pub address: String,
    /// The decoded display name, when the sender gave one.
    pub name: Option<String>,
}

/// A decoded attachment (or inline image).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attachment {
    /// A file name safe to show and store: no directories, no control characters.
    pub filename: String,
    /// `type/subtype`, lower-cased.
    pub content_type: String,
    /// The decoded bytes.
    pub data: Vec<u8>,
}

/// Why a message was sent by a machine. Such a message may open or update a case, but must never
/// get an automatic reply (acknowledgement, survey), or two robots answer each other forever.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Automated {
    /// `Auto-Submitted` other than `no` (RFC 3834): vacation replies, notifications.
    AutoSubmitted,
    /// `Precedence: bulk` or `junk`: newsletters, mass mailings.
    Bulk,
    /// Mailing-list traffic (`List-Id`, `List-Unsubscribe`, `Precedence: list`).
    List,
    /// A delivery failure report or a message from MAILER-DAEMON.
    Bounce,
}

/// What Klantbeeld keeps of an inbound message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParsedEmail {
    /// Without angle brackets. When the message has none, a stable synthetic id derived from the
    /// raw bytes, so a redelivered copy is recognised as the same message.
    pub message_id: String,
    /// Ids from In-Reply-To, without angle brackets.
    pub in_reply_to: Vec<String>,
    /// Ids from References, oldest first, without angle brackets.
    pub references: Vec<String>,
    /// The first From address.
    pub from: Option<Mailbox>,
    /// Where replies should go when it differs from From.
    pub reply_to: Option<Mailbox>,
    /// The To addresses.
    pub to: Vec<Mailbox>,
    /// The decoded subject; empty when missing.
    pub subject: String,
    /// Readable plain text: the text/plain body, or text extracted from HTML-only mail.
    pub body: String,
    /// The Date header in UTC, when present and valid.
    pub date: Option<DateTime<Utc>>,
    /// Set when a machine sent the message; see [`Automated`].
    pub automated: Option<Automated>,
    /// Attachments and inline images, decoded.
    pub attachments: Vec<Attachment>,
    /// The `Authentication-Results` headers, topmost first; see [`super::authentication_verdicts`].
    pub authentication_results: Vec<String>,
}

/// Why raw bytes could not be taken as a message. Each is the sender's problem, not ours: the
/// caller rejects (4xx) or quarantines the input.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum ParseError {
    /// Nothing but whitespace.
    #[error("the message is empty")]
    Empty,
    /// Over the configured size limit; checked before any parsing work.
    #[error("the message is larger than the configured size limit")]
    TooLarge,
    /// No header could be read, so this is not an RFC 5322 message.
    #[error("the input is not an email message: it has no headers")]
    NotAMessage,
    /// The MIME structure is damaged beyond what the parser can recover.
    #[error("the message's MIME structure is corrupt")]
    Corrupt,
}

/// Parses a raw RFC 5322 message of at most `max_bytes` bytes.
pub fn parse(raw: &[u8], max_bytes: usize) -> Result<ParsedEmail, ParseError> {
    if raw.len() > max_bytes {
        return Err(ParseError::TooLarge);
    }
    if raw.iter().all(u8::is_ascii_whitespace) {
        return Err(ParseError::Empty);
    }
    // mail-parser recovers from corrupt MIME in release builds but trips a debug assertion on
    // some inputs; a panic must never escape, or one poison message would stop an inbox's poller.
    let message = std::panic::catch_unwind(|| MessageParser::default().parse(raw))
        .map_err(|_| ParseError::Corrupt)?
        .ok_or(ParseError::NotAMessage)?;
    if !message.headers().iter().any(|h| is_field_name(h.name())) {
        return Err(ParseError::NotAMessage);
    }

    let from = first_mailbox(message.from());
    let automated = automated(&message, from.as_ref());
    Ok(ParsedEmail {
        message_id: message
            .message_id()
            .and_then(clean_id)
            .unwrap_or_else(|| synthetic_id(raw)),
        in_reply_to: ids(message.in_reply_to()),
        references: ids(message.references()),
        reply_to: first_mailbox(message.reply_to()),
        to: message.to().map(mailboxes).unwrap_or_default(),
        from,
        subject: message
            .subject()
            .map(collapse_whitespace)
            .unwrap_or_default(),
        body: body(&message),
        date: message
            .date()
            .filter(|d| d.is_valid())
            .and_then(|d| DateTime::from_timestamp(d.to_timestamp(), 0)),
        automated,
        attachments: message
            .attachments()
            .enumerate()
            .map(|(i, part)| attachment(i, part))
            .collect(),
        authentication_results: message
            .headers_raw()
            .filter(|(name, _)| name.eq_ignore_ascii_case("Authentication-Results"))
            .map(|(_, value)| collapse_whitespace(value))
            .collect(),
    })
}

/// RFC 5322 field names are printable ASCII without a colon; the parser also reports garbage
/// lines as headers, which must not make binary junk count as a message.
fn is_field_name(name: &str) -> bool {
    !name.is_empty() && name.bytes().all(|b| b.is_ascii_graphic() && b != b':')
}

/// `sha256-<hex>@klantbeeld.invalid`: `.invalid` (RFC 2606) can never clash with a real id.
fn synthetic_id(raw: &[u8]) -> String {
    let digest = Sha256::digest(raw);
    let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
    format!("sha256-{hex}@klantbeeld.invalid")
}

/// Strips brackets and whitespace; `None` for an id that is empty after that.
fn clean_id(id: &str) -> Option<String> {
    let id = id
        .trim()
        .trim_start_matches('<')
        .trim_end_matches('>')
        .trim();
    (!id.is_empty() && !id.contains(char::is_whitespace)).then(|| id.to_owned())
}

fn ids(value: &HeaderValue<'_>) -> Vec<String> {
    let list: &[Cow<'_, str>] = match value {
        HeaderValue::Text(id) => std::slice::from_ref(id),
        HeaderValue::TextList(ids) => ids,
        _ => &[],
    };
    list.iter().filter_map(|id| clean_id(id)).collect()
}

fn mailboxes(address: &Address<'_>) -> Vec<Mailbox> {
    address
        .iter()
        .filter_map(|addr| {
            let address = addr.address()?.trim().to_lowercase();
            address.contains('@').then(|| Mailbox {
                address,
                name: addr
                    .name()
                    .map(collapse_whitespace)
                    .filter(|name| !name.is_empty()),
            })
        })
        .collect()
}

fn first_mailbox(address: Option<&Address<'_>>) -> Option<Mailbox> {
    mailboxes(address?).into_iter().next()
}

/// Folded headers and sloppy senders leave runs of whitespace and control characters.
fn collapse_whitespace(s: &str) -> String {
    s.split(|c: char| c.is_whitespace() || c.is_control())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Joins the message's readable body parts: text/plain as is, HTML converted to text. Other
/// inline text parts (delivery-status reports, calendars) are not for a human to read here.
fn body(message: &mail_parser::Message<'_>) -> String {
    let parts: Vec<String> = message
        .text_bodies()
        .filter(|part| {
            part.content_type().is_none_or(|ct| {
                ct.ctype().eq_ignore_ascii_case("text")
                    && ct.subtype().is_none_or(|st| {
                        st.eq_ignore_ascii_case("plain") || st.eq_ignore_ascii_case("html")
                    })
            })
        })
        .filter_map(|part| match &part.body {
            PartType::Text(text) => Some(text.replace("\r\n", "\n")),
            PartType::Html(html) => Some(html_to_text(html)),
            _ => None,
        })
        .collect();
    parts
        .join("\n")
        .trim_matches(['\n', '\r'])
        .trim_end()
        .to_owned()
}

fn attachment(index: usize, part: &MessagePart<'_>) -> Attachment {
    let content_type = part
        .content_type()
        .map(|ct| match ct.subtype() {
            Some(sub) => format!("{}/{}", ct.ctype(), sub),
            None => ct.ctype().to_owned(),
        })
        .unwrap_or_else(|| default_content_type(part).to_owned())
        .to_ascii_lowercase();
    let filename = part
        .attachment_name()
        .map(safe_filename)
        .filter(|name| !name.is_empty())
        .unwrap_or_else(|| format!("attachment-{}{}", index + 1, extension(&content_type)));
    Attachment {
        filename,
        content_type,
        data: part.contents().to_vec(),
    }
}

fn default_content_type(part: &MessagePart<'_>) -> &'static str {
    match part.body {
        PartType::Text(_) => "text/plain",
        PartType::Html(_) => "text/html",
        PartType::Message(_) => "message/rfc822",
        _ => "application/octet-stream",
    }
}

/// An extension for unnamed parts so a download opens in the right program.
fn extension(content_type: &str) -> &'static str {
    match content_type {
        "text/plain" | "message/delivery-status" => ".txt",
        "text/html" => ".html",
        "message/rfc822" => ".eml",
        "image/png" => ".png",
        "image/jpeg" => ".jpg",
        "image/gif" => ".gif",
        "application/pdf" => ".pdf",
        _ => ".bin",
    }
}

/// The last path component without control characters, at most 200 characters: senders
/// (and attackers) put paths like `..\..\x.exe` or newlines into file names.
fn safe_filename(name: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or(name);
    let cleaned: String = base.chars().filter(|c| !c.is_control()).take(200).collect();
    let cleaned = cleaned.trim();
    if cleaned.chars().all(|c| c == '.') {
        String::new()
    } else {
        cleaned.to_owned()
    }
}

fn header_text<'a>(message: &'a mail_parser::Message<'_>, name: &'a str) -> Option<&'a str> {
    message.header_raw(name).map(str::trim)
}

/// Classifies machine-sent mail. A bounce is checked first: it often also says Auto-Submitted,
/// and callers treat bounces specially (mark the address undeliverable).
fn automated(message: &mail_parser::Message<'_>, from: Option<&Mailbox>) -> Option<Automated> {
    let is_report = message.content_type().is_some_and(|ct| {
        ct.ctype().eq_ignore_ascii_case("multipart")
            && ct
                .subtype()
                .is_some_and(|st| st.eq_ignore_ascii_case("report"))
            && ct
                .attribute("report-type")
                .is_some_and(|rt| rt.eq_ignore_ascii_case("delivery-status"))
    });
    let daemon = from.is_some_and(|f| f.address.starts_with("mailer-daemon@"));
    if is_report || daemon {
        return Some(Automated::Bounce);
    }
    let auto_submitted = header_text(message, "Auto-Submitted")
        .and_then(|v| v.split(';').next())
        .is_some_and(|v| !v.trim().eq_ignore_ascii_case("no"));
    let autoreply = message.header_raw("X-Autoreply").is_some()
        || message.header_raw("X-Autorespond").is_some();
    if auto_submitted || autoreply {
        return Some(Automated::AutoSubmitted);
    }
    let precedence = header_text(message, "Precedence").map(str::to_ascii_lowercase);
    if matches!(precedence.as_deref(), Some("bulk" | "junk")) {
        return Some(Automated::Bulk);
    }
    let list = precedence.as_deref() == Some("list")
        || message.header(HeaderName::ListId).is_some()
        || message.header(HeaderName::ListUnsubscribe).is_some();
    list.then_some(Automated::List)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filenames_lose_paths_and_control_characters() {
        assert_eq!(safe_filename("..\\..\\windows\\evil.exe"), "evil.exe");
        assert_eq!(safe_filename("/etc/passwd"), "passwd");
        assert_eq!(safe_filename("fac\ntuur.pdf"), "factuur.pdf");
        assert_eq!(safe_filename(".."), "");
    }

    #[test]
    fn ids_are_cleaned() {
        assert_eq!(clean_id(" <a@b> "), Some("a@b".to_owned()));
        assert_eq!(clean_id("<>"), None);
        assert_eq!(clean_id("a b@c"), None);
    }

    #[test]
    fn synthetic_id_is_stable() {
        assert_eq!(synthetic_id(b"x"), synthetic_id(b"x"));
        assert_ne!(synthetic_id(b"x"), synthetic_id(b"y"));
        assert!(synthetic_id(b"x").ends_with("@klantbeeld.invalid"));
    }
}
