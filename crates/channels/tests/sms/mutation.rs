//! A seeded mutation run: thousands of mangled but correctly signed webhook bodies, so parsing is
//! reached every time, and not one may panic.

use std::panic::{AssertUnwindSafe, catch_unwind};

use channels::sms::WebhookError;

use crate::messagebird::{conversation_event, mb_post};
use crate::support::FORM;
use crate::twilio::{twilio_post, twilio_sms, twilio_status, twilio_whatsapp};

/// xorshift64*: reproducible randomness without a crate.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        usize::try_from(self.next() % n.max(1) as u64).expect("below n fits usize")
    }
}

/// Fragments that tend to reach corners of parsers.
const NASTY: &[&str] = &[
    "",
    "0",
    "-1",
    "11",
    "99999999999999999999",
    "whatsapp:",
    "+",
    "%",
    "%zz",
    "\0",
    "\u{202e}",
    "é",
    "{",
    "}",
    "[",
    "]",
    "\"",
    "\\",
    "null",
    "true",
    "1e999",
    "0612345678",
    "+31612345678",
    "whatsapp:+31612345678",
    "https://x",
    "file:///",
    "received",
    "delivered",
    "message.created",
    "message.updated",
    "direction",
    "status",
];

fn mutate_text(rng: &mut Rng, text: &mut Vec<u8>) {
    for _ in 0..=rng.below(4) {
        let at = rng.below(text.len() + 1);
        match rng.below(5) {
            0 if !text.is_empty() => {
                let i = rng.below(text.len());
                text[i] ^= 1 << rng.below(8);
            }
            1 => {
                let fragment = NASTY[rng.below(NASTY.len())].as_bytes();
                text.splice(at..at, fragment.iter().copied());
            }
            2 => {
                let end = (at + rng.below(16)).min(text.len());
                text.drain(at..end);
            }
            3 => text.truncate(at),
            _ => {
                let end = (at + rng.below(32)).min(text.len());
                let copy = text[at..end].to_vec();
                text.splice(at..at, copy);
            }
        }
    }
}

#[test]
fn mutated_webhooks_never_panic() {
    let mut rng = Rng(0x5EED_CAFE_F00D_0001);
    let twilio_seeds = [twilio_sms(), twilio_whatsapp(), twilio_status("delivered")];
    let bird_seeds = [
        conversation_event("message.created", "received", "received").into_bytes(),
        conversation_event("message.updated", "sent", "delivered").into_bytes(),
        br#"{"id":"m1","originator":"31612345678","recipient":"3197010203040","body":"Hoi"}"#
            .to_vec(),
        b"id=abc&status=delivery_failed&statusReason=x&statusErrorCode=1".to_vec(),
    ];
    let (mut accepted, mut malformed, mut other) = (0, 0, 0);
    for round in 0..2_000 {
        let outcome = catch_unwind(AssertUnwindSafe(|| {
            if round % 2 == 0 {
                // Twilio, mutated field by field and then signed, so parsing is reached.
                let mut params = twilio_seeds[rng.below(twilio_seeds.len())].clone();
                for _ in 0..=rng.below(3) {
                    let i = rng.below(params.len());
                    match rng.below(4) {
                        0 => params[i].1 = NASTY[rng.below(NASTY.len())].to_owned(),
                        1 => {
                            params.remove(i);
                        }
                        2 => params.push((
                            [
                                "NumMedia",
                                "MediaUrl0",
                                "MessageStatus",
                                "From",
                                "To",
                                "Body",
                            ][rng.below(6)]
                            .to_owned(),
                            NASTY[rng.below(NASTY.len())].to_owned(),
                        )),
                        _ => {
                            let mut bytes = params[i].1.clone().into_bytes();
                            mutate_text(&mut rng, &mut bytes);
                            params[i].1 = String::from_utf8_lossy(&bytes).into_owned();
                        }
                    }
                }
                twilio_post(&params)
            } else {
                // MessageBird, mutated byte by byte and then signed.
                let mut body = bird_seeds[rng.below(bird_seeds.len())].clone();
                mutate_text(&mut rng, &mut body);
                let content_type = [Some("application/json"), Some(FORM), None][rng.below(3)];
                mb_post("", content_type, &body)
            }
        }));
        match outcome {
            Ok(Ok(_)) => accepted += 1,
            Ok(Err(WebhookError::Malformed(_))) => malformed += 1,
            Ok(Err(_)) => other += 1,
            Err(_) => panic!("round {round} panicked"),
        }
    }
    // Both outcomes must be common, or the mutations are not reaching the parsers.
    assert!(
        accepted > 200 && malformed > 200,
        "{accepted} {malformed} {other}"
    );
}
