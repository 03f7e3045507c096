//! Raw bytes into the PBX call-event parser and the webhook signature check; any panic is a bug.

#![no_main]

use channels::phone::{parse_call_event, sign_body, verify_body};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = parse_call_event(data);
    let signature = sign_body("secret", data);
    assert!(verify_body("secret", data, Some(&signature)));
    let _ = verify_body("secret", data, Some(&String::from_utf8_lossy(data)));
});
