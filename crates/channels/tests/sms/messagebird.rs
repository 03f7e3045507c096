//! MessageBird webhooks: its published signature example, the SMS API's flat fields in each of
//! their encodings, Conversations API events (WhatsApp), and tampering.

use channels::sms::{
    DeliveryStatus, InboundMessage, ProviderConfig, StatusUpdate, Webhook, WebhookError,
    WebhookRequest, parse_webhook, sign_messagebird,
};

use crate::support::FORM;

pub(crate) const MB_KEY: &str = "PlLrKaqvZNRR5zAjm42ZT6q1SQxgbbGd";

pub(crate) fn mb_config() -> ProviderConfig {
    ProviderConfig::messagebird("live_accesskey", MB_KEY, "Klantbeeld")
}

pub(crate) fn mb_request(
    config: &ProviderConfig,
    query: &str,
    content_type: Option<&str>,
    body: &[u8],
    headers: &[(&str, &str)],
) -> Result<Webhook, WebhookError> {
    parse_webhook(
        config,
        &WebhookRequest {
            url: "https://klantbeeld.example.nl/hooks/sms/messagebird",
            query,
            content_type,
            headers,
            body,
        },
    )
}

/// Signs and posts as MessageBird would.
pub(crate) fn mb_post(
    query: &str,
    content_type: Option<&str>,
    body: &[u8],
) -> Result<Webhook, WebhookError> {
    let signature = sign_messagebird(MB_KEY, "1700000000", query, body);
    mb_request(
        &mb_config(),
        query,
        content_type,
        body,
        &[
            ("MessageBird-Signature", &signature),
            ("MessageBird-Request-Timestamp", "1700000000"),
        ],
    )
}

/// MessageBird's published example (its Ruby SDK): a delivery report as a signed GET.
#[test]
fn messagebird_signature_matches_messagebirds_published_example() {
    let query = "recipient=31612345678&reference=FOO&statusDatetime=2019-01-11T09%3A17%3A11%2B00%3A00\
                 &id=eef0ab57a9e049be946f3821568c2b2e&status=delivered&mccmnc=20408&ported=1";
    let expected = "KVBdcVdz2lYMwcBLZCRITgxUfA/WkwSi+T3Wxl2HL6w=";
    assert_eq!(sign_messagebird(MB_KEY, "1547198231", query, b""), expected);
    let parsed = mb_request(
        &mb_config(),
        query,
        None,
        b"",
        &[
            ("messagebird-signature", expected),
            ("messagebird-request-timestamp", "1547198231"),
        ],
    );
    assert_eq!(
        parsed,
        Ok(Webhook::Status(StatusUpdate {
            provider_id: "eef0ab57a9e049be946f3821568c2b2e".into(),
            status: DeliveryStatus::Delivered,
            error: None,
        }))
    );
}

/// A config, query, body and headers that must not pass.
type Case<'a> = (
    &'a ProviderConfig,
    &'a str,
    &'a [u8],
    &'a [(&'a str, &'a str)],
);

#[test]
fn messagebird_rejects_tampering() {
    let body =
        br#"{"id":"m1","originator":"31612345678","recipient":"3197010203040","body":"Hoi"}"#;
    let query = "channel=sms";
    let signature = sign_messagebird(MB_KEY, "1700000000", query, body);
    let headers = [
        ("MessageBird-Signature", signature.as_str()),
        ("MessageBird-Request-Timestamp", "1700000000"),
    ];
    let config = mb_config();
    let json = Some("application/json");
    assert!(mb_request(&config, query, json, body, &headers).is_ok());

    let tampered_body =
        br#"{"id":"m1","originator":"31612345678","recipient":"3197010203040","body":"Hai"}"#;
    let later = [headers[0], ("MessageBird-Request-Timestamp", "1700000001")];
    let wrong_key = ProviderConfig::messagebird("live_accesskey", "other-key", "Klantbeeld");
    let cases: [Case; 6] = [
        (&config, query, tampered_body, &headers),
        (&config, "channel=whatsapp", body, &headers),
        (&config, query, body, &later),
        (&wrong_key, query, body, &headers),
        (&config, query, body, &headers[..1]),
        (&config, query, body, &headers[1..]),
    ];
    for (n, (config, query, body, headers)) in cases.into_iter().enumerate() {
        assert_eq!(
            mb_request(config, query, json, body, headers),
            Err(WebhookError::BadSignature),
            "case {n}"
        );
    }
    let not_a_number = [headers[0], ("MessageBird-Request-Timestamp", "soon")];
    assert_eq!(
        mb_request(&config, query, json, body, &not_a_number),
        Err(WebhookError::BadSignature)
    );
}

#[test]
fn messagebird_sms_arrives_as_json_form_or_query() {
    let expected = Ok(Webhook::Message(InboundMessage {
        provider_id: "f2ba0cbd1e0a4e3c8d0c3c5b1e2f3a4b".into(),
        from: "+31612345678".into(),
        to: "+3197010203040".into(),
        body: "Kunnen jullie me terugbellen?".into(),
        profile_name: None,
        media_urls: vec![],
    }));
    let json = br#"{"id":"f2ba0cbd1e0a4e3c8d0c3c5b1e2f3a4b","recipient":3197010203040,
        "originator":"31612345678","body":"Kunnen jullie me terugbellen?",
        "createdDatetime":"2025-03-01T09:30:00+00:00"}"#;
    assert_eq!(mb_post("", Some("application/json"), json), expected);
    let form = "id=f2ba0cbd1e0a4e3c8d0c3c5b1e2f3a4b&recipient=3197010203040&originator=31612345678\
                &body=Kunnen+jullie+me+terugbellen%3F&createdDatetime=2025-03-01T09%3A30%3A00%2B00%3A00";
    assert_eq!(mb_post("", Some(FORM), form.as_bytes()), expected);
    assert_eq!(mb_post(form, None, b""), expected);
    // A national number is read as Dutch, not given a plus.
    let national = form.replace("originator=31612345678", "originator=0612345678");
    assert_eq!(mb_post(&national, None, b""), expected);
}

#[test]
fn messagebird_delivery_failures_carry_the_reason() {
    let query = "id=abc&status=delivery_failed&statusReason=unknown+subscriber&statusErrorCode=1";
    assert_eq!(
        mb_post(query, None, b""),
        Ok(Webhook::Status(StatusUpdate {
            provider_id: "abc".into(),
            status: DeliveryStatus::Failed,
            error: Some("1: unknown subscriber".into()),
        }))
    );
    assert_eq!(
        mb_post("id=abc&status=teleported", None, b""),
        Err(WebhookError::Unsupported)
    );
}

pub(crate) fn conversation_event(kind: &str, direction: &str, status: &str) -> String {
    format!(
        r#"{{"type":"{kind}",
        "contact":{{"id":"c1","msisdn":31612345678,"displayName":"Anna de Vries"}},
        "conversation":{{"id":"conv1","status":"active"}},
        "message":{{"id":"msg-7","conversationId":"conv1","platform":"whatsapp",
            "to":"+3197010203040","from":"+31612345678","channelId":"ch-1",
            "type":"image","direction":"{direction}","status":"{status}",
            "content":{{"image":{{"url":"https://media.messagebird.com/v1/media/abc","caption":"Kapot"}}}},
            "createdDatetime":"2025-03-01T09:30:00Z"}}}}"#
    )
}

#[test]
fn messagebird_conversations_whatsapp_events() {
    let received = conversation_event("message.created", "received", "received");
    assert_eq!(
        mb_post("", Some("application/json"), received.as_bytes()),
        Ok(Webhook::Message(InboundMessage {
            provider_id: "msg-7".into(),
            from: "+31612345678".into(),
            to: "+3197010203040".into(),
            body: "Kapot".into(),
            profile_name: Some("Anna de Vries".into()),
            media_urls: vec!["https://media.messagebird.com/v1/media/abc".into()],
        }))
    );
    let read = conversation_event("message.updated", "sent", "read");
    assert_eq!(
        mb_post("", Some("application/json"), read.as_bytes()),
        Ok(Webhook::Status(StatusUpdate {
            provider_id: "msg-7".into(),
            status: DeliveryStatus::Read,
            error: None,
        }))
    );
    // Our own outgoing message, and events about conversations, are not for us.
    for event in [
        conversation_event("message.created", "sent", "pending"),
        conversation_event("conversation.created", "received", "received"),
    ] {
        assert_eq!(
            mb_post("", Some("application/json"), event.as_bytes()),
            Err(WebhookError::Unsupported)
        );
    }
}

#[test]
fn signed_but_malformed_messagebird_webhooks_are_malformed() {
    for body in [
        &b"{not json"[..],
        b"[1,2,3]",
        b"{}",
        br#"{"id":"x","originator":"hello","recipient":"3197010203040","body":"x"}"#,
        br#"{"originator":"31612345678","recipient":"3197010203040","body":"x"}"#,
        br#"{"type":"message.updated","message":{"id":"x"}}"#,
        br#"{"message":{"id":"x","direction":"received"}}"#,
        b"\xff\xfe",
    ] {
        assert!(
            matches!(
                mb_post("", Some("application/json"), body),
                Err(WebhookError::Malformed(_))
            ),
            "{}",
            String::from_utf8_lossy(body)
        );
    }
}
