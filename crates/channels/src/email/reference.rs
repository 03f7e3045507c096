//! The case tag in subjects. Our outbound subjects end in `[#1234]`; when a customer's client drops
//! In-Reply-To/References (webmail, forwarding, "reply" from a phone), the tag still threads the
//! answer onto its case. `[KB-1234]` is accepted too, for mail from older templates and for
//! customers who type the reference themselves.

/// Reply prefixes clients put before a subject: English, Dutch, German, Nordic, Outlook's "RE:".
const REPLY_PREFIXES: &[&str] = &["re", "antw", "aw", "sv", "vs", "réf", "ref"];

/// The case number of the last `[#n]` or `[KB-n]` tag in the subject (the one we appended most
/// recently), if any. Numbers that are zero or do not fit an `i64` are not case numbers.
pub fn case_reference(subject: &str) -> Option<i64> {
    tags(subject).last().map(|tag| tag.case_id)
}

/// `Re: <subject> [#<case_id>]`: one reply prefix, one tag, whatever the subject carried before.
pub fn subject_with_reference(subject: &str, case_id: i64) -> String {
    tagged("Re: ", subject, case_id)
}

/// `<subject> [#<case_id>]`: the first message of a conversation we start answers nothing.
pub fn subject_with_tag(subject: &str, case_id: i64) -> String {
    tagged("", subject, case_id)
}

fn tagged(prefix: &str, subject: &str, case_id: i64) -> String {
    let mut rest = subject.to_owned();
    for tag in tags(subject).iter().rev() {
        rest.replace_range(tag.start..tag.end, " ");
    }
    let rest = strip_reply_prefixes(&rest);
    let rest = rest.split_whitespace().collect::<Vec<_>>().join(" ");
    if rest.is_empty() {
        format!("{prefix}[#{case_id}]")
    } else {
        format!("{prefix}{rest} [#{case_id}]")
    }
}

struct Tag {
    start: usize,
    end: usize,
    case_id: i64,
}

/// Every well-formed tag in the subject, in order.
fn tags(subject: &str) -> Vec<Tag> {
    let mut found = Vec::new();
    for (start, _) in subject.match_indices('[') {
        let rest = &subject[start + 1..];
        let digits_at = if rest.starts_with('#') {
            1
        } else if rest.len() >= 3
            && rest.is_char_boundary(3)
            && rest[..3].eq_ignore_ascii_case("kb-")
        {
            3
        } else {
            continue;
        };
        let digits = &rest[digits_at..];
        let len = digits.bytes().take_while(u8::is_ascii_digit).count();
        if len == 0 || digits.as_bytes().get(len) != Some(&b']') {
            continue;
        }
        if let Ok(case_id) = digits[..len].parse::<i64>()
            && case_id > 0
        {
            found.push(Tag {
                start,
                end: start + 1 + digits_at + len + 1,
                case_id,
            });
        }
    }
    found
}

/// Removes any number of leading reply prefixes ("Re:", "RE: Antw:", "Re[2]:", "AW:").
fn strip_reply_prefixes(subject: &str) -> &str {
    let mut rest = subject.trim_start();
    loop {
        let Some((head, tail)) = rest.split_once(':') else {
            return rest;
        };
        let word = head.trim_end();
        let word = match word.find('[') {
            Some(open) if word.ends_with(']') => &word[..open],
            _ => word,
        };
        if !REPLY_PREFIXES.contains(&word.to_lowercase().as_str()) {
            return rest;
        }
        rest = tail.trim_start();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_tags_anywhere() {
        assert_eq!(case_reference("Re: Factuur [#1234]"), Some(1234));
        assert_eq!(case_reference("[#7] Re: Factuur"), Some(7));
        assert_eq!(case_reference("Vraag over [kb-42] levering"), Some(42));
        assert_eq!(case_reference("Re: [#1] doorgestuurd [#2]"), Some(2));
    }

    #[test]
    fn ignores_look_alikes() {
        assert_eq!(case_reference("Order #1234"), None);
        assert_eq!(case_reference("[#] [#12a] [#-3] [#0]"), None);
        assert_eq!(case_reference("[#99999999999999999999]"), None);
        assert_eq!(case_reference("[é] [KBé1]"), None);
    }

    #[test]
    fn reply_subject_has_one_prefix_and_one_tag() {
        assert_eq!(subject_with_reference("Factuur", 12), "Re: Factuur [#12]");
        assert_eq!(
            subject_with_reference("RE: Antw: Re[2]: Factuur [#12]", 12),
            "Re: Factuur [#12]"
        );
        assert_eq!(
            subject_with_reference("Re: Factuur [KB-12]", 13),
            "Re: Factuur [#13]"
        );
        assert_eq!(subject_with_reference("", 5), "Re: [#5]");
        assert_eq!(
            subject_with_reference("Fwd: Retour", 5),
            "Re: Fwd: Retour [#5]"
        );
        assert_eq!(
            subject_with_reference("Re:\r\n  lange\tregel", 5),
            "Re: lange regel [#5]"
        );
    }
}
