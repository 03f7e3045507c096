//! Form encoding both ways, as providers and our mock see it.

pub(crate) const FORM: &str = "application/x-www-form-urlencoded";

pub(crate) fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}

/// Form-encodes as a provider would: everything but letters and digits escaped.
pub(crate) fn form_body(pairs: &[(String, String)]) -> String {
    let escape = |text: &str| {
        text.bytes()
            .map(|b| match b {
                b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' => char::from(b).to_string(),
                b' ' => "+".to_owned(),
                other => format!("%{other:02X}"),
            })
            .collect::<String>()
    };
    pairs
        .iter()
        .map(|(k, v)| format!("{}={}", escape(k), escape(v)))
        .collect::<Vec<_>>()
        .join("&")
}

/// The reverse, for checking what the sender posted.
pub(crate) fn form_decode(body: &[u8]) -> Vec<(String, String)> {
    let unescape = |text: &str| {
        let mut out = Vec::new();
        let mut bytes = text.bytes();
        while let Some(b) = bytes.next() {
            match b {
                b'+' => out.push(b' '),
                b'%' => {
                    let hex: String = bytes.by_ref().take(2).map(char::from).collect();
                    out.push(u8::from_str_radix(&hex, 16).expect("two hex digits"));
                }
                other => out.push(other),
            }
        }
        String::from_utf8(out).expect("UTF-8 form value")
    };
    std::str::from_utf8(body)
        .expect("form body is text")
        .split('&')
        .map(|pair| {
            let (k, v) = pair.split_once('=').expect("name=value");
            (unescape(k), unescape(v))
        })
        .collect()
}
