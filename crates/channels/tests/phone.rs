//! Phone call events: parsing with clear refusals, our webhook signature, and a mutation run
//! proving that no body makes the parser panic.

use std::panic::{AssertUnwindSafe, catch_unwind};

use channels::phone::{
    CallEvent, CallEventError, CallState, SIGNATURE_HEADER, parse_call_event, sign_body,
    verify_body,
};
use chrono::{TimeZone, Utc};

const ENDED: &str = r#"{
    "call_id": "pbx-2025-000123",
    "event": "ended",
    "caller": "06 12345678",
    "queue": "Storingen",
    "agent": " Joris@Polderstroom.NL ",
    "wait_seconds": 95,
    "talk_seconds": 312,
    "occurred_at": "2025-03-01T10:30:00+01:00",
    "callback_requested": false,
    "pbx_extra": {"trunk": 4}
}"#;

#[test]
fn a_full_event_is_normalised() {
    assert_eq!(
        parse_call_event(ENDED.as_bytes()),
        Ok(CallEvent {
            call_id: "pbx-2025-000123".into(),
            state: CallState::Ended,
            caller: "+31612345678".into(),
            queue: Some("Storingen".into()),
            agent_email: Some("joris@polderstroom.nl".into()),
            wait_seconds: Some(95),
            talk_seconds: Some(312),
            occurred_at: Some(Utc.with_ymd_and_hms(2025, 3, 1, 9, 30, 0).unwrap()),
            callback_requested: false,
        })
    );
}

#[test]
fn a_minimal_event_has_defaults() {
    let event = parse_call_event(
        br#"{"call_id":"c1","event":"abandoned","caller":"+442079460958","callback_requested":true,"queue":""}"#,
    )
    .unwrap();
    assert_eq!(event.state, CallState::Abandoned);
    assert_eq!(event.caller, "+442079460958");
    assert_eq!(event.queue, None);
    assert_eq!(event.agent_email, None);
    assert_eq!(event.wait_seconds, None);
    assert_eq!(event.occurred_at, None);
    assert!(event.callback_requested);
    for (event, state) in [
        ("queued", CallState::Queued),
        ("answered", CallState::Answered),
    ] {
        let body = format!(r#"{{"call_id":"c1","event":"{event}","caller":"0201234567"}}"#);
        assert_eq!(parse_call_event(body.as_bytes()).unwrap().state, state);
        assert_eq!(state.as_str(), event);
    }
}

#[test]
fn bad_events_get_clear_errors() {
    let long_id = "x".repeat(201);
    let with = |field: &str, value: &str| {
        let mut json: serde_json::Value = serde_json::from_str(ENDED).unwrap();
        match value {
            "<absent>" => {
                json.as_object_mut().unwrap().remove(field);
            }
            _ => json[field] = serde_json::from_str(value).unwrap(),
        }
        parse_call_event(json.to_string().as_bytes())
    };
    assert_eq!(
        with("call_id", "<absent>"),
        Err(CallEventError::MissingCallId)
    );
    assert_eq!(
        with("call_id", r#""  ""#),
        Err(CallEventError::MissingCallId)
    );
    assert_eq!(
        with("call_id", &format!("\"{long_id}\"")),
        Err(CallEventError::BadCallId)
    );
    assert_eq!(
        with("event", r#""transferred""#),
        Err(CallEventError::UnknownEvent("transferred".into()))
    );
    assert!(matches!(
        with("event", "<absent>"),
        Err(CallEventError::UnknownEvent(_))
    ));
    for caller in [r#""12""#, r#""bel mij""#, "<absent>"] {
        assert!(
            matches!(with("caller", caller), Err(CallEventError::BadCaller(_))),
            "{caller}"
        );
    }
    for withheld in [r#""anonymous""#, r#""Withheld""#, r#""""#] {
        let event = with("caller", withheld).expect("a withheld number is a call too");
        assert!(event.is_anonymous(), "{withheld}");
    }
    assert!(matches!(
        with("agent", r#""joris""#),
        Err(CallEventError::BadAgent(_))
    ));
    for seconds in ["-5", "86401", "1.5", "1e10", "18446744073709551616"] {
        assert_eq!(
            with("wait_seconds", seconds),
            Err(CallEventError::BadSeconds("wait_seconds")),
            "{seconds}"
        );
    }
    assert_eq!(
        with("talk_seconds", "86400").unwrap().talk_seconds,
        Some(86_400)
    );
    assert!(matches!(
        with("talk_seconds", r#""312""#),
        Err(CallEventError::Json(_))
    ));
    assert!(matches!(
        with("occurred_at", r#""yesterday""#),
        Err(CallEventError::BadTime(_))
    ));
    assert_eq!(
        with("queue", &format!("\"{long_id}\"")),
        Err(CallEventError::BadQueue)
    );
    for body in [&b""[..], b"null", b"[]", b"{", b"\xff"] {
        assert!(matches!(
            parse_call_event(body),
            Err(CallEventError::Json(_))
        ));
    }
    // Messages name the problem for the PBX administrator.
    let message = with("wait_seconds", "-5").unwrap_err().to_string();
    assert!(
        message.contains("wait_seconds") && message.contains("86400"),
        "{message}"
    );
}

#[test]
fn signatures_round_trip_and_detect_tampering() {
    let secret = "phone-hook-secret";
    let signature = sign_body(secret, ENDED.as_bytes());
    assert!(signature.starts_with("sha256="));
    assert_eq!(signature.len(), "sha256=".len() + 64);
    assert!(verify_body(secret, ENDED.as_bytes(), Some(&signature)));
    assert!(verify_body(
        secret,
        ENDED.as_bytes(),
        Some(&signature.to_uppercase().replace("SHA256=", "sha256="))
    ));

    let tampered = ENDED.replace("312", "313");
    assert!(!verify_body(secret, tampered.as_bytes(), Some(&signature)));
    assert!(!verify_body("other", ENDED.as_bytes(), Some(&signature)));
    assert!(!verify_body(secret, ENDED.as_bytes(), None));
    let unprefixed = signature.trim_start_matches("sha256=");
    let signed_plus = format!("sha256=+{}", &signature["sha256=+".len()..]);
    for bad in ["", "sha256=", unprefixed, &signature[..20], &signed_plus] {
        assert!(!verify_body(secret, ENDED.as_bytes(), Some(bad)), "{bad}");
    }
    // An unset secret verifies nothing, even a signature made with it.
    assert!(!verify_body("", b"{}", Some(&sign_body("", b"{}"))));
    assert_eq!(SIGNATURE_HEADER, "X-Klantbeeld-Signature");
}

/// A known vector, so another implementation (the PBX glue) can check itself against ours.
#[test]
fn signature_matches_rfc_4231_test_case_2() {
    assert_eq!(
        sign_body("Jefe", b"what do ya want for nothing?"),
        "sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
    );
}

#[test]
fn mutated_call_events_never_panic() {
    const NASTY: &[&str] = &[
        "",
        "0",
        "-1",
        "86401",
        "1e999",
        "99999999999999999999",
        "null",
        "true",
        "{",
        "}",
        "[",
        "]",
        "\"",
        "\\",
        "\\u0000",
        "é",
        ",",
        ":",
        "\"event\":\"ended\"",
        "\"caller\":\"+31612345678\"",
        "2025-13-01T00:00:00Z",
    ];
    let mut state = 0x5EED_0000_0000_0002_u64;
    let mut next = move || {
        state ^= state >> 12;
        state ^= state << 25;
        state ^= state >> 27;
        usize::try_from(state.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 33).unwrap()
    };
    let (mut accepted, mut refused) = (0, 0);
    for round in 0..2_000 {
        let mut body = ENDED.as_bytes().to_vec();
        for _ in 0..=next() % 4 {
            let at = next() % (body.len() + 1);
            match next() % 4 {
                0 if !body.is_empty() => {
                    let i = next() % body.len();
                    body[i] ^= 1 << (next() % 8);
                }
                1 => {
                    let fragment = NASTY[next() % NASTY.len()].as_bytes();
                    body.splice(at..at, fragment.iter().copied());
                }
                2 => {
                    let end = (at + next() % 16).min(body.len());
                    body.drain(at..end);
                }
                _ => {
                    let end = (at + next() % 32).min(body.len());
                    let copy = body[at..end].to_vec();
                    body.splice(at..at, copy);
                }
            }
        }
        // Signed like a real request, so verification passes and parsing is reached.
        let signature = sign_body("s", &body);
        assert!(verify_body("s", &body, Some(&signature)));
        match catch_unwind(AssertUnwindSafe(|| parse_call_event(&body))) {
            Ok(Ok(_)) => accepted += 1,
            Ok(Err(_)) => refused += 1,
            Err(_) => panic!(
                "round {round} panicked on {:?}",
                String::from_utf8_lossy(&body)
            ),
        }
    }
    assert!(accepted > 100 && refused > 100, "{accepted} {refused}");
}
