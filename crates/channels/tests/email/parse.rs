//! What an agent would notice in each corpus message: names, text, attachments, flags.

use channels::email::{Automated, Mailbox, ParseError, ParsedEmail, parse, trim_quoted};

use crate::corpus::{self, MAX_BYTES};

fn parsed(name: &str) -> ParsedEmail {
    parse(&corpus::read(name), MAX_BYTES).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn mailbox(address: &str, name: Option<&str>) -> Option<Mailbox> {
    Some(Mailbox {
        address: address.to_owned(),
        name: name.map(str::to_owned),
    })
}

#[test]
fn apple_mail_alternative_prefers_plain_text_and_threads() {
    let mail = parsed("apple_mail_alternative.eml");
    assert_eq!(
        mail.message_id,
        "A1B2C3D4-E5F6-4711-8899-AABBCCDDEEFF@example.nl"
    );
    assert_eq!(mail.in_reply_to, ["kb.7f3a9c@klantbeeld.example"]);
    assert_eq!(
        mail.references,
        ["first.contact@example.nl", "kb.7f3a9c@klantbeeld.example"]
    );
    // The address is lower-cased for identity matching; the name is kept as written.
    assert_eq!(
        mail.from,
        mailbox("jan.jansen@example.nl", Some("Jan Jansen"))
    );
    assert_eq!(
        mail.to,
        mailbox("support@klantbeeld.example", Some("Klantenservice"))
            .into_iter()
            .collect::<Vec<_>>()
    );
    assert_eq!(mail.subject, "Re: Factuur 2024-113 [#1234]");
    assert_eq!(
        mail.date.map(|d| d.to_rfc3339()).as_deref(),
        Some("2024-06-03T10:04:11+00:00")
    );
    assert!(
        mail.body
            .starts_with("Dank je, het bedrag van € 49,95 klopt nu.")
    );
    assert!(
        !mail.body.contains("<div>"),
        "the HTML alternative was used"
    );
    assert_eq!(
        trim_quoted(&mail.body),
        "Dank je, het bedrag van € 49,95 klopt nu.\n\nGroet,\nJan"
    );
    assert_eq!(mail.automated, None);
    assert!(mail.attachments.is_empty());
}

#[test]
fn outlook_windows_1252_quoted_printable_and_original_message() {
    let mail = parsed("outlook_cp1252_qp.eml");
    assert_eq!(
        mail.from,
        mailbox("pieter@cafedehoek.nl", Some("de Vries, Pieter"))
    );
    assert!(
        mail.body.contains(
            "De offerte van € 1.250,00 is akkoord. Graag een factuur op naam van Café De Hoek."
        ),
        "{}",
        mail.body
    );
    assert!(!mail.body.contains('\r'), "line endings are normalised");
    assert_eq!(
        trim_quoted(&mail.body),
        "Goedemiddag,\n\nDe offerte van € 1.250,00 is akkoord. Graag een factuur op naam van \
         Café De Hoek.\n\nMet vriendelijke groet,\nPieter de Vries"
    );
}

#[test]
fn gmail_reply_cuts_wrapped_attribution_and_quotes() {
    let mail = parsed("gmail_reply.eml");
    assert_eq!(
        mail.from,
        mailbox("emma.smith@gmail.com", Some("Emma Smith"))
    );
    assert_eq!(
        mail.message_id,
        "CAF=x7Yq3u9mZp+QK1nGdV0aX5uL@mail.gmail.com"
    );
    assert!(mail.body.contains("> Please send the item back"));
    assert_eq!(
        trim_quoted(&mail.body),
        "Hi,\n\nThe parcel was picked up this morning, tracking 3SABC123456789.\n\nThanks!\nEmma"
    );
}

#[test]
fn dutch_reply_cuts_op_schreef() {
    let mail = parsed("dutch_reply.eml");
    assert_eq!(mail.subject, "Re: Uw bestelling 10482 [#77]");
    assert_eq!(
        trim_quoted(&mail.body),
        "Hallo,\n\nHet pakket is nog steeds niet bezorgd. Kunnen jullie navragen waar het is?\n\n\
         Groetjes,\nSanne"
    );
}

#[test]
fn iso_8859_1_base64_body_is_decoded() {
    let mail = parsed("latin1_base64.eml");
    assert_eq!(
        mail.body,
        "Goedemiddag,\n\nIk heb één vraag over de rekening van café 't Hoekje: waarom staat er \
         EUR 0,00?\nÇa va?"
    );
}

#[test]
fn rfc2047_subject_and_names_are_decoded() {
    let mail = parsed("rfc2047_headers.eml");
    assert_eq!(
        mail.subject,
        "Bestelling geannuleerd – € 12,50 terug voor café?"
    );
    assert_eq!(
        mail.from,
        mailbox("renee.boetius@example.be", Some("Renée Boëtius"))
    );
    assert_eq!(
        mail.reply_to,
        mailbox("renee.prive@example.be", Some("Renée privé"))
    );
    assert_eq!(mail.to[0].name.as_deref(), Some("Klantenservice €"));
}

#[test]
fn html_only_newsletter_becomes_readable_text() {
    let mail = parsed("html_newsletter.eml");
    assert_eq!(
        mail.body,
        "Zomeractie\n\nBeste klant,\n\nDeze week 20% korting op alles & gratis verzending vanaf \
         € 25.\n\n- Tuinstoelen\n- Parasols\n\nGroet,\nTeam Winkel\n\nAdres: Hoofdstraat 1"
    );
    for hidden in [
        "font-family",
        "tracking",
        "preheader",
        "<",
        "&amp;",
        "&euro;",
    ] {
        assert!(
            !mail.body.contains(hidden),
            "{hidden:?} leaked into {:?}",
            mail.body
        );
    }
    assert_eq!(mail.automated, Some(Automated::List));
}

#[test]
fn nested_multipart_keeps_text_inline_image_and_pdf() {
    let mail = parsed("nested_related_attachment.eml");
    assert_eq!(mail.body, "Zie de factuur in de bijlage.");
    let summary: Vec<(&str, &str, usize)> = mail
        .attachments
        .iter()
        .map(|a| (a.filename.as_str(), a.content_type.as_str(), a.data.len()))
        .collect();
    assert_eq!(
        summary,
        [
            ("logo.png", "image/png", 69),
            ("Factuur 2024-113 €.pdf", "application/pdf", 1101)
        ]
    );
    assert!(mail.attachments[0].data.starts_with(b"\x89PNG\r\n\x1a\n"));
    assert!(mail.attachments[1].data.starts_with(b"%PDF-1.4"));
}

#[test]
fn malformed_header_and_missing_message_id_get_a_stable_synthetic_id() {
    let raw = corpus::read("malformed_no_message_id.eml");
    let mail = parse(&raw, MAX_BYTES).expect("still a message");
    assert!(
        mail.message_id.starts_with("sha256-") && mail.message_id.ends_with("@klantbeeld.invalid"),
        "{}",
        mail.message_id
    );
    assert_eq!(
        mail.message_id.len(),
        "sha256-@klantbeeld.invalid".len() + 64
    );
    let again = parse(&raw, MAX_BYTES).expect("still a message");
    assert_eq!(
        again.message_id, mail.message_id,
        "redelivery is idempotent"
    );
    assert_eq!(mail.from, mailbox("kees@example.nl", Some("Kees")));
    assert_eq!(mail.subject, "Kapotte header");
    assert_eq!(
        mail.date, None,
        "an unreadable Date is dropped, not guessed"
    );
    assert_eq!(mail.body, "Mijn printer doet het niet.");
}

#[test]
fn auto_reply_is_flagged() {
    let mail = parsed("auto_reply.eml");
    assert_eq!(mail.automated, Some(Automated::AutoSubmitted));
    assert_eq!(mail.in_reply_to, ["kb.1300@klantbeeld.example"]);
    assert_eq!(
        mail.body,
        "Ik ben afwezig tot en met 21 juni en lees mijn mail daarna."
    );
}

#[test]
fn bulk_mail_is_flagged() {
    assert_eq!(parsed("bulk.eml").automated, Some(Automated::Bulk));
}

#[test]
fn bounce_is_flagged_and_keeps_the_report() {
    let mail = parsed("bounce_report.eml");
    assert_eq!(mail.automated, Some(Automated::Bounce));
    assert_eq!(
        mail.from,
        mailbox(
            "mailer-daemon@mx.klantbeeld.example",
            Some("Mail Delivery System")
        )
    );
    assert!(
        mail.body.contains("could not\nbe delivered"),
        "{}",
        mail.body
    );
    assert!(
        !mail.body.contains("Reporting-MTA"),
        "machine report is not body text"
    );
    let kinds: Vec<&str> = mail
        .attachments
        .iter()
        .map(|a| a.content_type.as_str())
        .collect();
    assert_eq!(kinds, ["message/delivery-status", "message/rfc822"]);
    let returned = String::from_utf8_lossy(&mail.attachments[1].data);
    assert!(
        returned.contains("Message-ID: <kb.42@klantbeeld.example>"),
        "{returned}"
    );
}

#[test]
fn message_without_body_parses_with_empty_body() {
    let mail = parsed("no_body.eml");
    assert_eq!(mail.subject, "Alleen een onderwerp");
    assert_eq!(mail.body, "");
    assert_eq!(trim_quoted(&mail.body), "");
    assert!(mail.attachments.is_empty());
}

#[test]
fn human_mail_is_not_flagged_as_automated() {
    for name in [
        "apple_mail_alternative.eml",
        "outlook_cp1252_qp.eml",
        "gmail_reply.eml",
        "dutch_reply.eml",
        "latin1_base64.eml",
        "rfc2047_headers.eml",
        "nested_related_attachment.eml",
    ] {
        assert_eq!(parsed(name).automated, None, "{name}");
    }
}

#[test]
fn size_limit_is_enforced_before_parsing() {
    let raw = corpus::read("gmail_reply.eml");
    assert_eq!(parse(&raw, raw.len() - 1), Err(ParseError::TooLarge));
    assert!(parse(&raw, raw.len()).is_ok(), "the limit is inclusive");
}

#[test]
fn empty_and_headerless_input_is_refused() {
    assert_eq!(parse(b"", MAX_BYTES), Err(ParseError::Empty));
    assert_eq!(parse(b" \r\n\t\n", MAX_BYTES), Err(ParseError::Empty));
    assert_eq!(
        ParseError::TooLarge.to_string(),
        "the message is larger than the configured size limit"
    );
    for junk in [
        &b"\x00\x01\x02"[..],
        b"hello world\n",
        b"no header line here\n\nbut a body",
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
    ] {
        assert_eq!(
            parse(junk, MAX_BYTES),
            Err(ParseError::NotAMessage),
            "{junk:?}"
        );
    }
}

#[test]
fn crlf_and_lf_copies_parse_the_same() {
    let lf = corpus::read("dutch_reply.eml");
    let crlf: Vec<u8> = String::from_utf8(lf.clone())
        .expect("utf-8 corpus file")
        .replace('\n', "\r\n")
        .into_bytes();
    let (a, b) = (parse(&lf, MAX_BYTES), parse(&crlf, MAX_BYTES));
    let (a, b) = (a.expect("lf"), b.expect("crlf"));
    assert_eq!(a.body, b.body);
    assert_eq!(a.subject, b.subject);
    assert_eq!(a.from, b.from);
}
