//! Building outbound replies. The headers matter more than the body here: Message-ID lets us
//! recognise the customer's answer, In-Reply-To/References keep the thread together in the
//! customer's client, and Auto-Submitted marks what a robot sent (RFC 3834).

use lettre::Message;
use lettre::message::header::{ContentType, HeaderName, HeaderValue};
use lettre::message::{Attachment, MultiPart, SinglePart};

use super::parse::Mailbox;

/// A plain-text reply ready to be composed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outgoing {
    /// The inbox's address and display name.
    pub from: Mailbox,
    /// The customer.
    pub to: Mailbox,
    /// Usually [`subject_with_reference`](super::subject_with_reference) of the case subject.
    pub subject: String,
    /// UTF-8 plain text.
    pub body: String,
    /// Without angle brackets; see [`new_message_id`]. Stored with the interaction so the
    /// customer's answer threads back to it.
    pub message_id: String,
    /// The id of the message this answers, without angle brackets.
    pub in_reply_to: Option<String>,
    /// The thread's ids, oldest first, without angle brackets.
    pub references: Vec<String>,
}

/// What an agent's reply carries besides its text: copies and files.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Extras {
    /// Copies every recipient sees in the `Cc` header.
    pub cc: Vec<Mailbox>,
    /// Copies nobody sees: in the SMTP envelope only, never in a header.
    pub bcc: Vec<Mailbox>,
    /// Sent as MIME parts after the text.
    pub attachments: Vec<OutgoingAttachment>,
}

/// A file sent with a reply.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutgoingAttachment {
    /// A plain file name (no path), shown by the customer's mail client.
    pub filename: String,
    /// A MIME type such as `application/pdf`.
    pub content_type: String,
    pub data: Vec<u8>,
}

/// Why a reply could not be built. Always a problem in our data, so never worth retrying.
#[derive(Debug, thiserror::Error)]
pub enum ComposeError {
    /// A From or To address that is not a valid mailbox.
    #[error("invalid email address {address:?}")]
    InvalidAddress {
        /// The address as given.
        address: String,
        /// Why lettre rejected it.
        #[source]
        source: lettre::address::AddressError,
    },
    /// A Message-ID, In-Reply-To or References id that is empty or contains characters an id
    /// cannot hold (spaces, brackets, line breaks).
    #[error("invalid message id {0:?}")]
    InvalidMessageId(String),
    /// lettre refused to build the message.
    #[error("could not build the message")]
    Build(#[source] lettre::error::Error),
}

/// A new random Message-ID (without angle brackets) in `domain`, e.g. the inbox's domain.
/// 128 random bits: ids must be unique, and unguessable so nobody can thread their mail into
/// another customer's case by forging In-Reply-To.
pub fn new_message_id(domain: &str) -> String {
    let random: [u8; 16] = rand::random();
    let hex: String = random.iter().map(|b| format!("{b:02x}")).collect();
    let domain: String = domain
        .trim()
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-'))
        .collect();
    let domain = if domain.is_empty() {
        "klantbeeld.invalid"
    } else {
        &domain
    };
    format!("kb.{hex}@{}", domain.to_ascii_lowercase())
}

/// Builds a reply a person wrote: UTF-8 text/plain with the threading headers and no
/// Auto-Submitted header, so the customer's vacation responder may still answer it.
pub fn compose(out: &Outgoing) -> Result<Message, ComposeError> {
    build(out, &Extras::default())
}

/// Like [`compose`], with copies and attachments: `Cc` as a header, `Bcc` only in the envelope,
/// and with files a `multipart/mixed` message whose first part is the text.
pub fn compose_with(out: &Outgoing, extras: &Extras) -> Result<Message, ComposeError> {
    build(out, extras)
}

/// Builds a message a robot sends (acknowledgement, survey invitation): like [`compose`] plus
/// `Auto-Submitted: auto-replied`, which tells well-behaved responders not to answer it.
pub fn compose_auto_reply(out: &Outgoing) -> Result<Message, ComposeError> {
    let mut message = build(out, &Extras::default())?;
    message.headers_mut().insert_raw(HeaderValue::new(
        HeaderName::new_from_ascii_str("Auto-Submitted"),
        "auto-replied".to_owned(),
    ));
    Ok(message)
}

fn build(out: &Outgoing, extras: &Extras) -> Result<Message, ComposeError> {
    let mut builder = Message::builder()
        .from(mailbox(&out.from)?)
        .to(mailbox(&out.to)?)
        .subject(single_line(&out.subject))
        .message_id(Some(bracketed(&out.message_id)?));
    for copy in &extras.cc {
        builder = builder.cc(mailbox(copy)?);
    }
    // lettre puts Bcc recipients in the envelope and removes the header when it builds.
    for copy in &extras.bcc {
        builder = builder.bcc(mailbox(copy)?);
    }
    if let Some(parent) = &out.in_reply_to {
        builder = builder.in_reply_to(bracketed(parent)?);
    }
    if !out.references.is_empty() {
        let ids = out
            .references
            .iter()
            .map(|id| bracketed(id))
            .collect::<Result<Vec<_>, _>>()?;
        builder = builder.references(ids.join(" "));
    }
    let text = out.body.replace("\r\n", "\n");
    if extras.attachments.is_empty() {
        return builder
            .header(ContentType::TEXT_PLAIN)
            .body(text)
            .map_err(ComposeError::Build);
    }
    let mut parts = MultiPart::mixed().singlepart(SinglePart::plain(text));
    for file in &extras.attachments {
        let content_type = ContentType::parse(&file.content_type).unwrap_or_else(|_| {
            ContentType::parse("application/octet-stream").expect("a valid type")
        });
        parts = parts.singlepart(
            Attachment::new(single_line(&file.filename)).body(file.data.clone(), content_type),
        );
    }
    builder.multipart(parts).map_err(ComposeError::Build)
}

fn mailbox(m: &Mailbox) -> Result<lettre::message::Mailbox, ComposeError> {
    let address = m
        .address
        .trim()
        .parse()
        .map_err(|source| ComposeError::InvalidAddress {
            address: m.address.clone(),
            source,
        })?;
    let name = m.name.as_deref().map(single_line).filter(|n| !n.is_empty());
    Ok(lettre::message::Mailbox::new(name, address))
}

/// `<id>`, after checking the id cannot break out of its header.
fn bracketed(id: &str) -> Result<String, ComposeError> {
    let bare = id.trim().trim_start_matches('<').trim_end_matches('>');
    let valid = !bare.is_empty()
        && bare
            .chars()
            .all(|c| c.is_ascii_graphic() && !matches!(c, '<' | '>' | '"' | '\\'));
    if valid {
        Ok(format!("<{bare}>"))
    } else {
        Err(ComposeError::InvalidMessageId(id.to_owned()))
    }
}

/// Headers are one line: a line break in a subject or name would let text forge headers.
fn single_line(s: &str) -> String {
    s.split(|c: char| c.is_whitespace() || c.is_control())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn outgoing() -> Outgoing {
        Outgoing {
            from: Mailbox {
                address: "support@example.nl".into(),
                name: Some("Klantenservice".into()),
            },
            to: Mailbox {
                address: "jan@example.com".into(),
                name: Some("Jan\r\nBcc: evil@example.com".into()),
            },
            subject: "Re: Factuur\r\nBcc: evil@example.com [#12]".into(),
            body: "Beste Jan,\n\nHet bedrag is € 12,50.\n".into(),
            message_id: "kb.1@example.nl".into(),
            in_reply_to: Some("<abc@mail.example.com>".into()),
            references: vec!["root@x".into(), "abc@mail.example.com".into()],
        }
    }

    #[test]
    fn human_reply_has_threading_headers_and_no_auto_submitted() {
        let raw =
            String::from_utf8(compose(&outgoing()).expect("composes").formatted()).expect("utf-8");
        assert!(raw.contains("Message-ID: <kb.1@example.nl>"), "{raw}");
        assert!(raw.contains("In-Reply-To: <abc@mail.example.com>"), "{raw}");
        assert!(
            raw.contains("References: <root@x> <abc@mail.example.com>"),
            "{raw}"
        );
        assert!(raw.contains("charset=utf-8"), "{raw}");
        assert!(raw.contains("\r\nDate: "), "{raw}");
        assert!(!raw.contains("Auto-Submitted"), "{raw}");
        assert!(!raw.lines().any(|l| l.starts_with("Bcc:")), "{raw}");
    }

    #[test]
    fn copies_and_files_go_in_the_right_places() {
        let extras = Extras {
            cc: vec![Mailbox {
                address: "cc@example.com".into(),
                name: None,
            }],
            bcc: vec![Mailbox {
                address: "hidden@example.com".into(),
                name: None,
            }],
            attachments: vec![OutgoingAttachment {
                filename: "factuur.pdf".into(),
                content_type: "application/pdf".into(),
                data: b"%PDF-1.4 test".to_vec(),
            }],
        };
        let message = compose_with(&outgoing(), &extras).expect("composes");
        let recipients: Vec<String> = message
            .envelope()
            .to()
            .iter()
            .map(ToString::to_string)
            .collect();
        assert!(
            recipients.contains(&"hidden@example.com".to_string()),
            "{recipients:?}"
        );
        let raw = String::from_utf8(message.formatted()).expect("utf-8");
        assert!(raw.contains("Cc: cc@example.com"), "{raw}");
        assert!(!raw.contains("hidden@example.com"), "{raw}");
        assert!(raw.contains("multipart/mixed"), "{raw}");
        assert!(raw.contains("filename=\"factuur.pdf\""), "{raw}");
    }

    #[test]
    fn auto_reply_is_marked() {
        let raw = compose_auto_reply(&outgoing())
            .expect("composes")
            .formatted();
        assert!(String::from_utf8_lossy(&raw).contains("Auto-Submitted: auto-replied"));
    }

    #[test]
    fn bad_ids_and_addresses_are_refused() {
        let mut out = outgoing();
        out.message_id = "a b@c".into();
        assert!(matches!(
            compose(&out),
            Err(ComposeError::InvalidMessageId(_))
        ));
        let mut out = outgoing();
        out.to.address = "not an address".into();
        assert!(matches!(
            compose(&out),
            Err(ComposeError::InvalidAddress { .. })
        ));
    }

    #[test]
    fn message_ids_are_unique_and_well_formed() {
        let a = new_message_id("Example.NL");
        let b = new_message_id("example.nl");
        assert_ne!(a, b);
        assert!(a.starts_with("kb.") && a.ends_with("@example.nl"), "{a}");
        assert!(bracketed(&a).is_ok());
        assert!(new_message_id(" \r\n").ends_with("@klantbeeld.invalid"));
    }
}
