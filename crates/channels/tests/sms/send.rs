//! Sending SMS and WhatsApp against a local mock provider: the exact requests each provider gets,
//! and which failures a caller may retry. Also the provider settings these requests depend on.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::Bytes;
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use channels::sms::{Provider, ProviderConfig, SendError, SmsSender};
use domain::Channel;

use crate::support::{FORM, form_decode, pairs};

#[test]
fn provider_settings_have_defaults_and_hide_secrets() {
    let twilio: ProviderConfig = serde_json::from_str(
        r#"{"provider":"twilio","account":"AC1","secret":"tok-secret","from":"+3197010203040"}"#,
    )
    .unwrap();
    assert_eq!(twilio.provider, Provider::Twilio);
    assert_eq!(twilio.base_url, "https://api.twilio.com");
    assert_eq!(twilio.signing_key, "tok-secret");
    let debug = format!("{twilio:?}");
    assert!(!debug.contains("tok-secret"), "{debug}");

    let bird: ProviderConfig = serde_json::from_str(
        r#"{"provider":"messagebird","secret":"ak-secret","signing_key":"sk-secret",
            "from":"Klantbeeld","base_url":"http://127.0.0.1:9999/"}"#,
    )
    .unwrap();
    assert_eq!(bird.base_url, "http://127.0.0.1:9999");
    assert_eq!(
        bird.conversations_url,
        "https://conversations.messagebird.com"
    );
    let debug = format!("{bird:?}");
    assert!(!debug.contains("ak-secret") && !debug.contains("sk-secret"));

    for bad in [
        r#"{"provider":"messagebird","secret":"a","from":"x"}"#,
        r#"{"provider":"twilio","secret":"a","from":"x"}"#,
        r#"{"provider":"twilio","account":"AC/../x","secret":"a","from":"x"}"#,
        r#"{"provider":"twilio","account":"AC1","secret":"","from":"x"}"#,
        r#"{"provider":"twilio","account":"AC1","secret":"a","from":"x","base_url":"api.twilio.com"}"#,
        r#"{"provider":"vonage","secret":"a","from":"x"}"#,
    ] {
        assert!(
            serde_json::from_str::<ProviderConfig>(bad).is_err(),
            "{bad}"
        );
    }
}

/// What the mock provider saw.
#[derive(Debug, Clone)]
struct Seen {
    method: Method,
    path: String,
    headers: HeaderMap,
    body: Bytes,
}

/// A provider on 127.0.0.1 that records each request and answers `status` with `reply` after
/// `delay`.
async fn mock_provider(
    status: u16,
    reply: &'static str,
    delay: Duration,
) -> (String, Arc<Mutex<Vec<Seen>>>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let address = listener.local_addr().expect("address");
    let seen = Arc::new(Mutex::new(Vec::new()));
    let log = Arc::clone(&seen);
    let app = axum::Router::new().fallback(
        move |method: Method, uri: Uri, headers: HeaderMap, body: Bytes| {
            let log = Arc::clone(&log);
            async move {
                log.lock().expect("log").push(Seen {
                    method,
                    path: uri.path().to_owned(),
                    headers,
                    body,
                });
                tokio::time::sleep(delay).await;
                (
                    StatusCode::from_u16(status).expect("status"),
                    [("content-type", "application/json")],
                    reply,
                )
            }
        },
    );
    tokio::spawn(async move { axum::serve(listener, app).await.expect("serve") });
    (format!("http://{address}"), seen)
}

fn only(seen: &Arc<Mutex<Vec<Seen>>>) -> Seen {
    let seen = seen.lock().expect("log");
    assert_eq!(seen.len(), 1, "{seen:?}");
    seen[0].clone()
}

fn header(seen: &Seen, name: &str) -> String {
    seen.headers[name].to_str().expect("text header").to_owned()
}

#[tokio::test]
async fn twilio_sms_and_whatsapp_are_posted_to_the_messages_endpoint() {
    let (base, seen) =
        mock_provider(201, r#"{"sid":"SM42","status":"queued"}"#, Duration::ZERO).await;
    let config = ProviderConfig {
        base_url: base,
        ..ProviderConfig::twilio("AC0123456789abcdef", "tok", "+3197010203040")
    };
    let sender = SmsSender::new();
    let id = sender
        .send(
            &config,
            Channel::Sms,
            "06 12345678",
            "Uw afspraak staat: di 10:00 & 100% zeker",
            Some("https://klantbeeld.example.nl/hooks/sms/status"),
        )
        .await;
    assert_eq!(id, Ok("SM42".to_owned()));
    let request = only(&seen);
    assert_eq!(request.method, Method::POST);
    assert_eq!(
        request.path,
        "/2010-04-01/Accounts/AC0123456789abcdef/Messages.json"
    );
    // base64("AC0123456789abcdef:tok")
    assert_eq!(
        header(&request, "authorization"),
        "Basic QUMwMTIzNDU2Nzg5YWJjZGVmOnRvaw=="
    );
    assert_eq!(header(&request, "content-type"), FORM);
    assert_eq!(
        form_decode(&request.body),
        pairs(&[
            ("To", "+31612345678"),
            ("From", "+3197010203040"),
            ("Body", "Uw afspraak staat: di 10:00 & 100% zeker"),
            (
                "StatusCallback",
                "https://klantbeeld.example.nl/hooks/sms/status"
            ),
        ])
    );

    seen.lock().unwrap().clear();
    let whatsapp = ProviderConfig {
        from: "whatsapp:+14155238886".into(),
        ..config
    };
    let id = sender
        .send(&whatsapp, Channel::Whatsapp, "+31612345678", "Hoi", None)
        .await;
    assert_eq!(id, Ok("SM42".to_owned()));
    assert_eq!(
        form_decode(&only(&seen).body),
        pairs(&[
            ("To", "whatsapp:+31612345678"),
            ("From", "whatsapp:+14155238886"),
            ("Body", "Hoi"),
        ])
    );
}

#[tokio::test]
async fn messagebird_sms_goes_to_messages_and_whatsapp_to_conversations() {
    let (base, seen) = mock_provider(201, r#"{"id":"mb-1"}"#, Duration::ZERO).await;
    let config = ProviderConfig {
        base_url: base.clone(),
        conversations_url: base,
        ..ProviderConfig::messagebird("ak_live_1", "sk", "Klantbeeld")
    };
    let sender = SmsSender::new();
    let id = sender
        .send(
            &config,
            Channel::Sms,
            "+31 6 12345678",
            "Hallo",
            Some("https://klantbeeld.example.nl/r"),
        )
        .await;
    assert_eq!(id, Ok("mb-1".to_owned()));
    let request = only(&seen);
    assert_eq!(
        (request.method.clone(), request.path.as_str()),
        (Method::POST, "/messages")
    );
    assert_eq!(header(&request, "authorization"), "AccessKey ak_live_1");
    let json: serde_json::Value = serde_json::from_slice(&request.body).unwrap();
    assert_eq!(
        json,
        serde_json::json!({
            "originator": "Klantbeeld",
            "recipients": ["31612345678"],
            "body": "Hallo",
            "reportUrl": "https://klantbeeld.example.nl/r",
        })
    );

    seen.lock().unwrap().clear();
    let whatsapp = ProviderConfig {
        from: "ch-whatsapp-1".into(),
        ..config
    };
    let id = sender
        .send(&whatsapp, Channel::Whatsapp, "0612345678", "Hallo", None)
        .await;
    assert_eq!(id, Ok("mb-1".to_owned()));
    let request = only(&seen);
    assert_eq!(request.path, "/v1/send");
    assert_eq!(header(&request, "authorization"), "AccessKey ak_live_1");
    let json: serde_json::Value = serde_json::from_slice(&request.body).unwrap();
    assert_eq!(
        json,
        serde_json::json!({
            "to": "+31612345678",
            "from": "ch-whatsapp-1",
            "type": "text",
            "content": { "text": "Hallo" },
        })
    );
}

#[tokio::test]
async fn provider_refusals_are_permanent_and_outages_transient() {
    let sender = SmsSender::new();
    let send = |config: ProviderConfig| {
        let sender = sender.clone();
        async move {
            sender
                .send(&config, Channel::Sms, "+31612345678", "Hallo", None)
                .await
        }
    };
    let twilio = |base: String| ProviderConfig {
        base_url: base,
        ..ProviderConfig::twilio("AC1", "tok", "+3197010203040")
    };

    let (base, _) = mock_provider(
        400,
        r#"{"code":21211,"message":"The 'To' number 123 is not a valid phone number.","status":400}"#,
        Duration::ZERO,
    )
    .await;
    let Err(SendError::Permanent(message)) = send(twilio(base)).await else {
        panic!("a 400 is permanent");
    };
    assert!(
        message.contains("not a valid phone number") && message.contains("21211"),
        "{message}"
    );

    let (base, _) = mock_provider(
        401,
        r#"{"errors":[{"code":2,"description":"Request not allowed (incorrect access_key)","parameter":"access_key"}]}"#,
        Duration::ZERO,
    )
    .await;
    let bird = ProviderConfig {
        base_url: base,
        ..ProviderConfig::messagebird("wrong", "sk", "Klantbeeld")
    };
    let Err(SendError::Permanent(message)) = send(bird).await else {
        panic!("a 401 is permanent");
    };
    assert!(message.contains("incorrect access_key"), "{message}");

    for status in [503, 500, 429] {
        let (base, _) = mock_provider(status, "Service Unavailable", Duration::ZERO).await;
        let result = send(twilio(base)).await;
        assert!(
            matches!(&result, Err(e) if e.is_transient()),
            "{status}: {result:?}"
        );
    }

    let (base, _) = mock_provider(201, r#"{"status":"queued"}"#, Duration::ZERO).await;
    assert!(matches!(
        send(twilio(base)).await,
        Err(SendError::Permanent(_))
    ));
}

#[tokio::test]
async fn unreachable_or_slow_providers_are_transient() {
    let closed = {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        listener.local_addr().unwrap()
    };
    let config = ProviderConfig {
        base_url: format!("http://{closed}"),
        ..ProviderConfig::twilio("AC1", "tok", "+3197010203040")
    };
    let result = SmsSender::new()
        .send(&config, Channel::Sms, "+31612345678", "Hallo", None)
        .await;
    assert!(matches!(result, Err(SendError::Transient(_))), "{result:?}");

    let (base, _) = mock_provider(201, r#"{"sid":"SM1"}"#, Duration::from_secs(5)).await;
    let slow = ProviderConfig {
        base_url: base,
        ..config
    };
    let result = SmsSender::with_timeout(Duration::from_millis(200))
        .send(&slow, Channel::Sms, "+31612345678", "Hallo", None)
        .await;
    assert!(matches!(result, Err(SendError::Transient(_))), "{result:?}");
}

#[tokio::test]
async fn impossible_messages_fail_before_any_request() {
    let (base, seen) = mock_provider(201, r#"{"sid":"SM1"}"#, Duration::ZERO).await;
    let config = ProviderConfig {
        base_url: base,
        ..ProviderConfig::twilio("AC1", "tok", "+3197010203040")
    };
    let sender = SmsSender::new();
    for (channel, to, body) in [
        (Channel::Sms, "12", "Hallo"),
        (Channel::Sms, "+31612345678", "  "),
        (Channel::Email, "+31612345678", "Hallo"),
    ] {
        assert!(matches!(
            sender.send(&config, channel, to, body, None).await,
            Err(SendError::Permanent(_))
        ));
    }
    assert!(seen.lock().unwrap().is_empty());
}
