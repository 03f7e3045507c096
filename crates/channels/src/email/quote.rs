//! Cutting the quoted history off a reply. The case timeline already holds every earlier message,
//! so showing the customer's new words alone keeps it readable. This is heuristic: it recognises
//! the markers the common clients (Gmail, Apple Mail, Outlook, Thunderbird) write in Dutch and
//! English, and errs on the side of keeping text.

/// Returns the new part of a reply: everything before the first quote marker or signature,
/// without trailing `>`-quoted lines. Returns the whole body when nothing would be left.
pub fn trim_quoted(body: &str) -> &str {
    let lines: Vec<(usize, &str)> = line_offsets(body);
    let cut = (0..lines.len())
        .find(|&i| starts_history(&lines, i))
        .map_or(body.len(), |i| lines[i].0);
    let kept = strip_trailing_quote(&body[..cut]);
    let kept = kept.trim_end();
    if kept.trim().is_empty() { body } else { kept }
}

/// Byte offset and text (without line ending) of every line.
fn line_offsets(body: &str) -> Vec<(usize, &str)> {
    let mut offset = 0;
    body.split_inclusive('\n')
        .map(|raw| {
            let start = offset;
            offset += raw.len();
            (start, raw.trim_end_matches(['\n', '\r']))
        })
        .collect()
}

/// Whether line `i` starts quoted history or a signature.
fn starts_history(lines: &[(usize, &str)], i: usize) -> bool {
    let line = lines[i].1;
    is_signature_separator(line)
        || is_separator(line.trim())
        || is_attribution(lines, i)
        || is_header_block(lines, i)
        || (is_underscore_rule(line) && is_header_block(lines, next_non_blank(lines, i + 1)))
}

/// The usenet signature separator, and the common variant whose trailing space was eaten.
fn is_signature_separator(line: &str) -> bool {
    line == "-- " || line == "--"
}

/// Outlook and Thunderbird separators above quoted or forwarded-as-reply text.
fn is_separator(line: &str) -> bool {
    let inner = line.trim_matches(|c: char| c == '-' || c.is_whitespace());
    line.starts_with("--")
        && matches!(
            inner.to_lowercase().as_str(),
            "original message"
                | "oorspronkelijk bericht"
                | "origineel bericht"
                | "ursprüngliche nachricht"
        )
}

/// "On <date>, <name> wrote:" (English), "Op <date> schreef <name>:" / "... het volgende
/// geschreven:" (Dutch), "Am ... schrieb ...:" (German). Clients wrap long attributions, so the
/// closing colon may be on the next line.
fn is_attribution(lines: &[(usize, &str)], i: usize) -> bool {
    let first = lines[i].1.trim();
    let opens = ["On ", "Op ", "Am ", "Le "]
        .iter()
        .any(|prefix| first.starts_with(prefix));
    if !opens {
        return false;
    }
    let joined = match lines.get(i + 1) {
        Some((_, next)) if !first.ends_with(':') => format!("{first} {}", next.trim()),
        _ => first.to_owned(),
    };
    let lower = joined.to_lowercase();
    lower.ends_with(':')
        && ["wrote", "schreef", "geschreven", "schrieb", "a écrit"]
            .iter()
            .any(|verb| lower.contains(verb))
}

/// Outlook's quoted header block: "From:/Van:" followed by "Sent:/Date:/Verzonden:/Datum:" and
/// "To:/Subject:/Aan:/Onderwerp:" within a few lines. One "From:" line alone is not enough,
/// because customers paste such lines into their own text.
fn is_header_block(lines: &[(usize, &str)], i: usize) -> bool {
    let Some((_, first)) = lines.get(i) else {
        return false;
    };
    if !has_field(first, &["from", "van"]) {
        return false;
    }
    let next: Vec<&str> = lines.iter().skip(i + 1).take(5).map(|(_, l)| *l).collect();
    next.iter()
        .any(|l| has_field(l, &["sent", "date", "verzonden", "datum"]))
        && next
            .iter()
            .any(|l| has_field(l, &["to", "subject", "aan", "onderwerp"]))
}

/// Whether the line starts with one of the field names and a colon, allowing the `*bold*`
/// markers Outlook leaves when it converts HTML replies to text.
fn has_field(line: &str, names: &[&str]) -> bool {
    let line = line.trim_start().trim_start_matches('*');
    let Some((name, _)) = line.split_once(':') else {
        return false;
    };
    let name = name.trim_end_matches('*').trim().to_lowercase();
    names.contains(&name.as_str())
}

/// The `________` line Outlook puts above its header block.
fn is_underscore_rule(line: &str) -> bool {
    let line = line.trim();
    line.len() >= 10 && line.chars().all(|c| c == '_')
}

fn next_non_blank(lines: &[(usize, &str)], from: usize) -> usize {
    (from..lines.len())
        .find(|&i| !lines[i].1.trim().is_empty())
        .unwrap_or(lines.len())
}

/// Drops a block of `>`-quoted (and blank) lines at the end of the text. Quoted lines followed by
/// new text are an inline reply and stay.
fn strip_trailing_quote(text: &str) -> &str {
    let lines = line_offsets(text);
    let mut cut = text.len();
    for (offset, line) in lines.iter().rev() {
        let line = line.trim_start();
        if line.is_empty() || line.starts_with('>') {
            cut = *offset;
        } else {
            break;
        }
    }
    &text[..cut]
}

#[cfg(test)]
mod tests {
    use super::trim_quoted;

    #[test]
    fn gmail_attribution_wrapped_over_two_lines() {
        let body = "Thanks, that works.\n\nOn Mon, 3 Jun 2024 at 10:00, Klantenservice <\nsupport@example.nl> wrote:\n> Try again.\n";
        assert_eq!(trim_quoted(body), "Thanks, that works.");
    }

    #[test]
    fn dutch_apple_mail_attribution() {
        let body = "Top!\n\nOp 3 jun. 2024 om 10:00 heeft Support <support@example.nl> het volgende geschreven:\n\n> Hallo\n";
        assert_eq!(trim_quoted(body), "Top!");
    }

    #[test]
    fn outlook_header_block_after_underscores() {
        let body = "Zie bijlage.\r\n\r\n________________________________\r\nVan: Support <support@example.nl>\r\nVerzonden: maandag 3 juni 2024 10:00\r\nAan: Jan\r\nOnderwerp: RE: Factuur\r\n\r\nOude tekst";
        assert_eq!(trim_quoted(body), "Zie bijlage.");
    }

    #[test]
    fn a_single_from_line_is_kept() {
        let body = "From: Amsterdam, my parcel never arrived.\nPlease help.";
        assert_eq!(trim_quoted(body), body);
    }

    #[test]
    fn inline_replies_are_kept_but_trailing_quotes_go() {
        let body = "> Which order?\nOrder 42.\n\n> Anything else?\n> Bye\n";
        assert_eq!(trim_quoted(body), "> Which order?\nOrder 42.");
    }

    #[test]
    fn signature_is_cut() {
        assert_eq!(
            trim_quoted("Groet,\nJan\n-- \nJan Jansen\nDirecteur"),
            "Groet,\nJan"
        );
    }

    #[test]
    fn everything_quoted_returns_whole_body() {
        let body = "> only a quote\n> nothing new\n";
        assert_eq!(trim_quoted(body), body);
        assert_eq!(trim_quoted("-- \nsig"), "-- \nsig");
        assert_eq!(trim_quoted(""), "");
    }
}
