//! Raw requests into the SMS/WhatsApp webhook parsers of both providers. The first bytes choose
//! the provider and how the rest splits into query, headers and body; a valid signature is added
//! so the parsers behind the check are reached. Any panic is a bug.

#![no_main]

use channels::sms::{ProviderConfig, WebhookRequest, parse_webhook, sign_messagebird, sign_twilio};
use libfuzzer_sys::fuzz_target;

const URL: &str = "https://klantbeeld.example.nl/hooks/sms/1";

fuzz_target!(|data: &[u8]| {
    let Some((&choice, rest)) = data.split_first() else {
        return;
    };
    let split = rest.iter().position(|&b| b == 0).unwrap_or(rest.len());
    let (query, body) = rest.split_at(split);
    let body = body.get(1..).unwrap_or(&[]);
    let Ok(query) = std::str::from_utf8(query) else {
        return;
    };
    let content_type = match choice % 3 {
        0 => Some("application/x-www-form-urlencoded"),
        1 => Some("application/json"),
        _ => None,
    };
    if choice & 0x80 == 0 {
        let config = ProviderConfig::twilio("AC1", "token", "+3197010000001");
        let params = std::str::from_utf8(body)
            .ok()
            .and_then(|text| serde_urlencoded::from_str::<Vec<(String, String)>>(text).ok())
            .unwrap_or_default();
        let url = if query.is_empty() { URL.to_owned() } else { format!("{URL}?{query}") };
        let signature = sign_twilio("token", &url, &params);
        let headers = [("X-Twilio-Signature", signature.as_str())];
        let _ = parse_webhook(&config, &WebhookRequest { url: &url, query, content_type, headers: &headers, body });
    } else {
        let config = ProviderConfig::messagebird("key", "signing", "Klantbeeld");
        let signature = sign_messagebird("signing", "1700000000", query, body);
        let headers = [
            ("MessageBird-Signature", signature.as_str()),
            ("MessageBird-Request-Timestamp", "1700000000"),
        ];
        let _ = parse_webhook(&config, &WebhookRequest { url: URL, query, content_type, headers: &headers, body });
    }
});
