//! Seeded mutation testing: every corpus message, damaged 2,000 ways, must parse or be refused,
//! never panic. A fixed seed keeps failures reproducible; the file name and round are printed.

use channels::email::{
    ParseError, case_reference, html_to_text, parse, subject_with_reference, trim_quoted,
};

use crate::corpus;

const ROUNDS: usize = 2_000;

/// xorshift64*: tiny, deterministic, good enough to pick mutations.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }
}

/// Bytes that matter to MIME parsers, so insertions hit the interesting paths.
const SPECIAL: &[u8] = b"\r\n:;=?-<>\"\\/ \t%&#[]@\x00\xff\xc3";

fn mutate(rng: &mut Rng, input: &[u8]) -> Vec<u8> {
    let mut data = input.to_vec();
    for _ in 0..=rng.below(4) {
        match rng.below(6) {
            0 => {
                for _ in 0..=rng.below(8) {
                    if !data.is_empty() {
                        let at = rng.below(data.len());
                        data[at] ^= 1 << rng.below(8);
                    }
                }
            }
            1 => data.truncate(rng.below(data.len() + 1)),
            2 => {
                let at = rng.below(data.len() + 1);
                let byte = if rng.below(2) == 0 {
                    SPECIAL[rng.below(SPECIAL.len())]
                } else {
                    rng.next() as u8
                };
                data.insert(at, byte);
            }
            3 => duplicate_header(rng, &mut data),
            4 => {
                // Splice a slice of the message elsewhere: repeats boundaries and encoded words.
                if !data.is_empty() {
                    let start = rng.below(data.len());
                    let end = (start + 1 + rng.below(64)).min(data.len());
                    let chunk = data[start..end].to_vec();
                    let at = rng.below(data.len() + 1);
                    data.splice(at..at, chunk);
                }
            }
            _ => {
                if !data.is_empty() {
                    let start = rng.below(data.len());
                    let end = (start + 1 + rng.below(32)).min(data.len());
                    data.drain(start..end);
                }
            }
        }
    }
    data
}

/// Copies one header line (with its continuation lines) right after itself.
fn duplicate_header(rng: &mut Rng, data: &mut Vec<u8>) {
    let header_end = data
        .windows(2)
        .position(|w| w == b"\n\n")
        .unwrap_or(data.len());
    let starts: Vec<usize> = std::iter::once(0)
        .chain((0..header_end).filter(|&i| data[i] == b'\n').map(|i| i + 1))
        .filter(|&i| i < header_end)
        .collect();
    if starts.is_empty() {
        return;
    }
    let start = starts[rng.below(starts.len())];
    let mut end = start;
    while end < header_end {
        end = data[end..header_end]
            .iter()
            .position(|&b| b == b'\n')
            .map_or(header_end, |p| end + p + 1);
        if !matches!(data.get(end), Some(b' ' | b'\t')) {
            break;
        }
    }
    let line = data[start..end].to_vec();
    data.splice(end..end, line);
}

#[test]
fn mutated_corpus_never_panics() {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let (mut parsed, mut refused, mut corrupt) = (0, 0, 0);
    for (name, raw) in corpus::all() {
        for round in 0..ROUNDS {
            let input = mutate(&mut rng, &raw);
            let outcome = std::panic::catch_unwind(|| {
                let mail = parse(&input, input.len().max(1))?;
                assert!(!mail.message_id.is_empty());
                assert!(!mail.message_id.starts_with('<'));
                let _ = trim_quoted(&mail.body);
                let _ = case_reference(&mail.subject);
                let _ = subject_with_reference(&mail.subject, 42);
                Ok(())
            });
            match outcome {
                Ok(Ok(())) => parsed += 1,
                Ok(Err(ParseError::Corrupt)) => corrupt += 1,
                Ok(Err(_)) => refused += 1,
                Err(_) => panic!("parse panicked on {name}, round {round}: {input:?}"),
            }
        }
    }
    eprintln!("mutations: {parsed} parsed, {refused} refused, {corrupt} corrupt");
    assert!(
        parsed > refused + corrupt,
        "mutations should mostly still be messages"
    );
}

#[test]
fn mutated_html_never_panics() {
    let mut rng = Rng(0x0123_4567_89ab_cdef);
    let html = corpus::read("html_newsletter.eml");
    for round in 0..ROUNDS {
        let input = mutate(&mut rng, &html);
        let text = String::from_utf8_lossy(&input);
        let outcome = std::panic::catch_unwind(|| html_to_text(&text));
        assert!(
            outcome.is_ok(),
            "html_to_text panicked in round {round}: {text:?}"
        );
    }
}
