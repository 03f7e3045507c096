//! Twilio webhooks: its documented signature example, each message shape, and every way a request
//! can fail to be Twilio's.

use channels::sms::{
    DeliveryStatus, InboundMessage, ProviderConfig, StatusUpdate, Webhook, WebhookError,
    WebhookRequest, parse_webhook, sign_twilio,
};

use crate::support::{FORM, form_body, pairs};

pub(crate) const TWILIO_URL: &str = "https://klantbeeld.example.nl/hooks/sms/twilio?tenant=1";
pub(crate) const TWILIO_TOKEN: &str = "4f1c9a2b7e";

pub(crate) fn twilio_config() -> ProviderConfig {
    ProviderConfig::twilio("AC0123456789abcdef", TWILIO_TOKEN, "+3197010203040")
}

pub(crate) fn twilio_request(
    config: &ProviderConfig,
    body: &str,
    signature: Option<&str>,
) -> Result<Webhook, WebhookError> {
    let headers: Vec<(&str, &str)> = signature
        .map(|s| ("X-Twilio-Signature", s))
        .into_iter()
        .collect();
    parse_webhook(
        config,
        &WebhookRequest {
            url: TWILIO_URL,
            query: "tenant=1",
            content_type: Some(FORM),
            headers: &headers,
            body: body.as_bytes(),
        },
    )
}

/// Signs and posts `params` as Twilio would.
pub(crate) fn twilio_post(params: &[(String, String)]) -> Result<Webhook, WebhookError> {
    let signature = sign_twilio(TWILIO_TOKEN, TWILIO_URL, params);
    twilio_request(&twilio_config(), &form_body(params), Some(&signature))
}

pub(crate) fn twilio_sms() -> Vec<(String, String)> {
    pairs(&[
        ("ToCountry", "NL"),
        ("SmsMessageSid", "SM9f8e7d6c5b4a39281706f5e4d3c2b1a0"),
        ("NumMedia", "0"),
        ("SmsSid", "SM9f8e7d6c5b4a39281706f5e4d3c2b1a0"),
        ("SmsStatus", "received"),
        (
            "Body",
            "Hallo, mijn pakket is niet aangekomen & de app zegt 100% \"bezorgd\".",
        ),
        ("FromCountry", "NL"),
        ("To", "+3197010203040"),
        ("NumSegments", "1"),
        ("MessageSid", "SM9f8e7d6c5b4a39281706f5e4d3c2b1a0"),
        ("AccountSid", "AC0123456789abcdef"),
        ("From", "+31612345678"),
        ("ApiVersion", "2010-04-01"),
    ])
}

pub(crate) fn twilio_whatsapp() -> Vec<(String, String)> {
    pairs(&[
        ("SmsMessageSid", "MM11112222333344445555666677778888"),
        ("NumMedia", "2"),
        ("ProfileName", "Anna de Vries"),
        ("MessageType", "image"),
        ("SmsSid", "MM11112222333344445555666677778888"),
        ("WaId", "31612345678"),
        ("SmsStatus", "received"),
        ("Body", "Zie foto's"),
        ("To", "whatsapp:+14155238886"),
        ("MediaContentType0", "image/jpeg"),
        (
            "MediaUrl0",
            "https://api.twilio.com/2010-04-01/Accounts/AC0123456789abcdef/Messages/MM1/Media/ME1",
        ),
        ("MediaContentType1", "image/png"),
        (
            "MediaUrl1",
            "https://api.twilio.com/2010-04-01/Accounts/AC0123456789abcdef/Messages/MM1/Media/ME2",
        ),
        ("NumSegments", "1"),
        ("MessageSid", "MM11112222333344445555666677778888"),
        ("AccountSid", "AC0123456789abcdef"),
        ("From", "whatsapp:+31612345678"),
        ("ApiVersion", "2010-04-01"),
    ])
}

pub(crate) fn twilio_status(status: &str) -> Vec<(String, String)> {
    pairs(&[
        ("SmsSid", "SM0000aaaa1111bbbb2222cccc3333dddd"),
        ("SmsStatus", status),
        ("MessageStatus", status),
        ("To", "+31612345678"),
        ("MessageSid", "SM0000aaaa1111bbbb2222cccc3333dddd"),
        ("AccountSid", "AC0123456789abcdef"),
        ("From", "+3197010203040"),
        ("ApiVersion", "2010-04-01"),
    ])
}

#[test]
fn twilio_signature_matches_twilios_documented_example() {
    let params = pairs(&[
        ("CallSid", "CA1234567890ABCDE"),
        ("Caller", "+12349013030"),
        ("Digits", "1234"),
        ("From", "+12349013030"),
        ("To", "+18005551212"),
    ]);
    let url = "https://mycompany.com/myapp.php?foo=1&bar=2";
    assert_eq!(
        sign_twilio("12345", url, &params),
        "0/KCTR6DLpKmkAf8muzZqo1nDgQ="
    );
    // The order the fields arrive in does not matter: Twilio sorts them.
    let mut reversed = params.clone();
    reversed.reverse();
    assert_eq!(
        sign_twilio("12345", url, &reversed),
        "0/KCTR6DLpKmkAf8muzZqo1nDgQ="
    );
}

#[test]
fn twilio_sms_is_parsed() {
    let expected = InboundMessage {
        provider_id: "SM9f8e7d6c5b4a39281706f5e4d3c2b1a0".into(),
        from: "+31612345678".into(),
        to: "+3197010203040".into(),
        body: "Hallo, mijn pakket is niet aangekomen & de app zegt 100% \"bezorgd\".".into(),
        profile_name: None,
        media_urls: vec![],
    };
    assert_eq!(twilio_post(&twilio_sms()), Ok(Webhook::Message(expected)));
}

#[test]
fn twilio_whatsapp_drops_the_prefix_and_keeps_profile_and_media() {
    let Ok(Webhook::Message(message)) = twilio_post(&twilio_whatsapp()) else {
        panic!("expected a message");
    };
    assert_eq!(message.provider_id, "MM11112222333344445555666677778888");
    assert_eq!(message.from, "+31612345678");
    assert_eq!(message.to, "+14155238886");
    assert_eq!(message.body, "Zie foto's");
    assert_eq!(message.profile_name.as_deref(), Some("Anna de Vries"));
    assert_eq!(message.media_urls.len(), 2);
    assert!(message.media_urls[1].ends_with("/Media/ME2"));
}

#[test]
fn twilio_status_callbacks_map_to_neutral_statuses() {
    for (twilio, ours) in [
        ("queued", DeliveryStatus::Queued),
        ("sending", DeliveryStatus::Queued),
        ("sent", DeliveryStatus::Sent),
        ("delivered", DeliveryStatus::Delivered),
        ("read", DeliveryStatus::Read),
        ("failed", DeliveryStatus::Failed),
        ("canceled", DeliveryStatus::Failed),
    ] {
        assert_eq!(
            twilio_post(&twilio_status(twilio)),
            Ok(Webhook::Status(StatusUpdate {
                provider_id: "SM0000aaaa1111bbbb2222cccc3333dddd".into(),
                status: ours,
                error: None,
            })),
            "{twilio}"
        );
    }
    let mut undelivered = twilio_status("undelivered");
    undelivered.push(("ErrorCode".into(), "30003".into()));
    assert_eq!(
        twilio_post(&undelivered),
        Ok(Webhook::Status(StatusUpdate {
            provider_id: "SM0000aaaa1111bbbb2222cccc3333dddd".into(),
            status: DeliveryStatus::Failed,
            error: Some("30003".into()),
        }))
    );
    assert_eq!(
        twilio_post(&twilio_status("received")),
        Err(WebhookError::Unsupported)
    );
    assert_eq!(DeliveryStatus::Read.as_str(), "read");
    assert!(DeliveryStatus::Delivered.rank() > DeliveryStatus::Sent.rank());
}

#[test]
fn twilio_rejects_anything_not_signed_with_our_token() {
    let params = twilio_sms();
    let body = form_body(&params);
    let good = sign_twilio(TWILIO_TOKEN, TWILIO_URL, &params);
    let config = twilio_config();
    assert!(twilio_request(&config, &body, Some(&good)).is_ok());

    let wrong_token = sign_twilio("not-the-token", TWILIO_URL, &params);
    assert_eq!(
        twilio_request(&config, &body, Some(&wrong_token)),
        Err(WebhookError::BadSignature)
    );
    let tampered = body.replace("aangekomen", "ontvangen");
    assert_eq!(
        twilio_request(&config, &tampered, Some(&good)),
        Err(WebhookError::BadSignature)
    );
    let other_url = sign_twilio(TWILIO_TOKEN, "https://evil.example/hook", &params);
    for bad in [
        None,
        Some(""),
        Some("not base64!"),
        Some(other_url.as_str()),
    ] {
        assert_eq!(
            twilio_request(&config, &body, bad),
            Err(WebhookError::BadSignature),
            "{bad:?}"
        );
    }
    // A body we cannot decode cannot be authenticated, and JSON is not what Twilio signs.
    assert_eq!(
        twilio_request(&config, "Body=%zz", Some(&good)),
        Err(WebhookError::BadSignature)
    );
    let json = parse_webhook(
        &config,
        &WebhookRequest {
            url: TWILIO_URL,
            query: "tenant=1",
            content_type: Some("application/json"),
            headers: &[("x-twilio-signature", &good)],
            body: b"{}",
        },
    );
    assert_eq!(json, Err(WebhookError::BadSignature));
}

#[test]
fn twilio_signature_survives_a_proxy_adding_or_dropping_the_default_port() {
    let params = twilio_sms();
    let with_port = "https://klantbeeld.example.nl:443/hooks/sms/twilio?tenant=1";
    let signature = sign_twilio(TWILIO_TOKEN, with_port, &params);
    assert!(twilio_request(&twilio_config(), &form_body(&params), Some(&signature)).is_ok());
}

#[test]
fn twilio_get_webhooks_carry_their_fields_in_the_signed_url() {
    let query = form_body(&twilio_sms());
    let url = format!("https://klantbeeld.example.nl/hooks/sms/twilio?{query}");
    let signature = sign_twilio(TWILIO_TOKEN, &url, &[]);
    let parsed = parse_webhook(
        &twilio_config(),
        &WebhookRequest {
            url: &url,
            query: &query,
            content_type: None,
            headers: &[("X-Twilio-Signature", &signature)],
            body: b"",
        },
    );
    assert!(matches!(parsed, Ok(Webhook::Message(m)) if m.from == "+31612345678"));
}

#[test]
fn signed_but_malformed_twilio_webhooks_are_malformed() {
    let with = |changes: &[(&str, &str)]| {
        let mut params = twilio_whatsapp();
        for (key, value) in changes {
            params.retain(|(k, _)| k != key);
            if !value.is_empty() {
                params.push(((*key).into(), (*value).into()));
            }
        }
        twilio_post(&params)
    };
    for changes in [
        &[("NumMedia", "many")][..],
        &[("NumMedia", "11")],
        &[("NumMedia", "3")],
        &[("MediaUrl0", "file:///etc/passwd")],
        &[("From", "whatsapp:not-a-number")],
        &[("From", "")],
        &[("MessageSid", ""), ("SmsSid", "")],
        &[("Body", "nul \0 byte")],
    ] {
        assert!(
            matches!(with(changes), Err(WebhookError::Malformed(_))),
            "{changes:?}"
        );
    }
    let neither = pairs(&[("MessageSid", "SM1"), ("AccountSid", "AC1")]);
    assert!(matches!(
        twilio_post(&neither),
        Err(WebhookError::Malformed(_))
    ));
}
