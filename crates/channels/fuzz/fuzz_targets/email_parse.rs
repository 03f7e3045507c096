//! Raw bytes into the email parser and everything that runs on its output; any panic is a bug.

#![no_main]

use channels::email::{case_reference, parse, subject_with_reference, trim_quoted};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(mail) = parse(data, 1 << 20) {
        let _ = trim_quoted(&mail.body);
        let _ = case_reference(&mail.subject);
        let _ = subject_with_reference(&mail.subject, 1);
    }
});
