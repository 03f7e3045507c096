//! `application/x-www-form-urlencoded`, kept here (a few dozen lines) because both providers'
//! signatures depend on exactly how pairs are decoded and re-encoded.

/// Decodes `a=1&b=x+y` into pairs, in order. Fails on bad `%` escapes or non-UTF-8 text, so a value
/// is never silently altered before it is signed or stored.
pub(crate) fn decode(input: &str) -> Result<Vec<(String, String)>, String> {
    input
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            Ok((unescape(key)?, unescape(value)?))
        })
        .collect()
}

fn unescape(text: &str) -> Result<String, String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&byte) = bytes.get(i) {
        match byte {
            b'+' => out.push(b' '),
            b'%' => {
                let digit = |at: usize| bytes.get(at).and_then(|b| char::from(*b).to_digit(16));
                let hex = digit(i + 1)
                    .zip(digit(i + 2))
                    .and_then(|(high, low)| u8::try_from(high << 4 | low).ok())
                    .ok_or_else(|| format!("bad percent escape in {:?}", shorten(text)))?;
                out.push(hex);
                i += 2;
            }
            other => out.push(other),
        }
        i += 1;
    }
    String::from_utf8(out).map_err(|_| format!("{:?} is not UTF-8 text", shorten(text)))
}

/// Encodes pairs the way PHP's `http_build_query` and Ruby's `to_query` do (space as `+`,
/// everything but letters, digits and `-_.~` escaped), which MessageBird's SDKs sign over.
pub(crate) fn encode(pairs: &[(String, String)]) -> String {
    let mut out = String::new();
    for (n, (key, value)) in pairs.iter().enumerate() {
        if n > 0 {
            out.push('&');
        }
        escape_into(&mut out, key);
        out.push('=');
        escape_into(&mut out, value);
    }
    out
}

fn escape_into(out: &mut String, text: &str) {
    for byte in text.bytes() {
        match byte {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(char::from(byte));
            }
            b' ' => out.push('+'),
            other => out.push_str(&format!("%{other:02X}")),
        }
    }
}

fn shorten(text: &str) -> String {
    text.chars().take(40).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_and_reencodes() {
        let pairs = decode("Body=Hallo+w%C3%A9reld%21&From=%2B31612345678&empty=&flag").unwrap();
        assert_eq!(
            pairs,
            [
                ("Body".into(), "Hallo wéreld!".into()),
                ("From".into(), "+31612345678".into()),
                ("empty".into(), String::new()),
                ("flag".into(), String::new()),
            ]
        );
        assert_eq!(
            encode(&pairs),
            "Body=Hallo+w%C3%A9reld%21&From=%2B31612345678&empty=&flag="
        );
    }

    #[test]
    fn rejects_bad_escapes_and_non_utf8() {
        assert!(decode("a=%zz").is_err());
        assert!(decode("a=%4").is_err());
        assert!(decode("a=%+f").is_err());
        assert!(decode("a=%ff").is_err());
        assert!(decode("a=%C3%A9").is_ok());
    }
}
