//! `Authentication-Results` (RFC 8601): what the receiving MTA concluded about SPF, DKIM and DMARC.
//! A sender can write this header too, so only the topmost one counts (an MTA prepends its own),
//! or, when the inbox names its MTA's `authserv-id`, the first one carrying that id.

use serde::Serialize;

/// The verdicts of one `Authentication-Results` header, results lowercased (`pass`, `fail`, ...).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct AuthVerdicts {
    pub authserv_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub spf: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dkim: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dmarc: Option<String>,
}

impl AuthVerdicts {
    /// The checks that failed, by name (`spf`, `dkim`, `dmarc`).
    pub fn failures(&self) -> Vec<&'static str> {
        let failed = |result: &Option<String>| {
            matches!(result.as_deref(), Some("fail" | "softfail" | "permerror"))
        };
        [
            ("spf", &self.spf),
            ("dkim", &self.dkim),
            ("dmarc", &self.dmarc),
        ]
        .into_iter()
        .filter(|(_, result)| failed(result))
        .map(|(name, _)| name)
        .collect()
    }
}

/// The verdicts to trust among a message's headers (topmost first), if any.
pub fn authentication_verdicts(
    headers: &[String],
    authserv_id: Option<&str>,
) -> Option<AuthVerdicts> {
    let mut parsed = headers.iter().map(|value| parse_header(value));
    match authserv_id {
        Some(id) => parsed.find(|v| v.authserv_id.eq_ignore_ascii_case(id)),
        None => parsed.next(),
    }
}

fn parse_header(value: &str) -> AuthVerdicts {
    let text = without_comments(value);
    let mut parts = text.split(';');
    let mut verdicts = AuthVerdicts {
        authserv_id: parts
            .next()
            .and_then(|id| id.split_whitespace().next())
            .unwrap_or_default()
            .to_string(),
        ..AuthVerdicts::default()
    };
    for part in parts {
        let Some((method, rest)) = part.trim().split_once('=') else {
            continue;
        };
        let method = method
            .split('/')
            .next()
            .unwrap_or("")
            .trim()
            .to_ascii_lowercase();
        let result = rest
            .split_whitespace()
            .next()
            .unwrap_or("")
            .to_ascii_lowercase();
        let slot = match method.as_str() {
            "spf" => &mut verdicts.spf,
            "dkim" => &mut verdicts.dkim,
            "dmarc" => &mut verdicts.dmarc,
            _ => continue,
        };
        // Of several signatures, one that passes is enough.
        if slot.as_deref() != Some("pass") {
            *slot = Some(result);
        }
    }
    verdicts
}

/// The header without `(comments)`, which may nest and may contain `;` or `=`.
fn without_comments(value: &str) -> String {
    let mut depth = 0usize;
    value
        .chars()
        .filter(|c| match c {
            '(' => {
                depth += 1;
                false
            }
            ')' => {
                depth = depth.saturating_sub(1);
                false
            }
            _ => depth == 0,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_topmost_header_counts_unless_the_mta_is_named() {
        let headers = vec![
            "mx.polderstroom.nl; spf=softfail (sender not permitted; x=y) smtp.mailfrom=bank.example; \
             dkim=fail header.d=bank.example; dkim=pass header.d=relay.example; dmarc=fail header.from=bank.example"
                .to_string(),
            "forged.example; spf=pass; dkim=pass; dmarc=pass".to_string(),
        ];
        let top = authentication_verdicts(&headers, None).expect("verdicts");
        assert_eq!(top.authserv_id, "mx.polderstroom.nl");
        assert_eq!(top.spf.as_deref(), Some("softfail"));
        assert_eq!(top.dkim.as_deref(), Some("pass"));
        assert_eq!(top.failures(), vec!["spf", "dmarc"]);
        let named = authentication_verdicts(&headers, Some("forged.example")).expect("verdicts");
        assert!(named.failures().is_empty());
        assert_eq!(authentication_verdicts(&headers, Some("other")), None);
        assert_eq!(authentication_verdicts(&[], None), None);
    }
}
