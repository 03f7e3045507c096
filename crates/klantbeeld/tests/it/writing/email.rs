//! What goes with an email reply: copies (CC in the headers, BCC only in the envelope), the
//! signatures in the customer's language, and files as MIME parts; refused input sends nothing.

use serde_json::json;

use super::{agent_session, customer, headers, mail_with, mailing_app, multipart, page, token_of};
use crate::helpers::{TestApp, sent_mail};

/// An email case from the customer; its id.
async fn email_case(app: &TestApp, from: &str, language: Option<&str>) -> i64 {
    let mut body = json!({"name": "Anna de Vries", "email": from});
    if let Some(language) = language {
        body["language"] = json!(language);
    }
    customer(app, body).await;
    let (status, contact) = app
        .post(
            "/api/v1/interactions",
            &json!({"channel": "email", "from": {"email": from}, "subject": "Mijn meterstand", "body": "Klopt mijn meterstand?"}),
        )
        .await;
    assert_eq!(status, 201, "{contact}");
    contact["case_id"].as_i64().expect("case")
}

#[tokio::test]
async fn cc_is_in_the_headers_and_gets_the_mail_bcc_gets_it_unseen() {
    let Some((app, sent_dir)) = mailing_app().await else {
        return;
    };
    let case = email_case(&app, "anna.cc@example.nl", None).await;
    let body = format!("Uw meterstand klopt. {}", std::process::id());
    let (status, sent) = app
        .post(
            &format!("/api/v1/cases/{case}/messages"),
            &json!({"body": body, "cc": ["Partner@Example.nl"], "bcc": ["archief@polderstroom.nl"]}),
        )
        .await;
    assert_eq!(status, 201, "{sent}");
    let mail = sent_mail(&sent_dir, &body).await;
    let head = headers(&mail);
    let envelope = head.lines().next().expect("envelope line");
    for rcpt in [
        "anna.cc@example.nl",
        "partner@example.nl",
        "archief@polderstroom.nl",
    ] {
        assert!(envelope.contains(rcpt), "{rcpt} gets it: {envelope}");
    }
    assert!(head.contains("\r\nCc: partner@example.nl"), "{head}");
    let without_envelope = &mail[envelope.len()..];
    assert!(
        !without_envelope.contains("archief@polderstroom.nl"),
        "the blind copy is in no header: {mail}"
    );
    assert!(!without_envelope.contains("Bcc:"), "{mail}");
}

#[tokio::test]
async fn copies_with_line_breaks_or_bad_addresses_are_refused_and_nothing_is_sent() {
    let app = TestApp::spawn().await;
    let case = email_case(&app, "anna.crlf@example.nl", None).await;
    let path = format!("/api/v1/cases/{case}/messages");
    let many: Vec<String> = (0..11).map(|i| format!("p{i}@example.nl")).collect();
    for (extra, expected) in [
        (
            json!({"cc": ["anna@example.nl\r\nBcc: evil@example.com"]}),
            400,
        ),
        (json!({"bcc": ["x@example.nl\nSubject: gratis"]}), 400),
        (json!({"cc": ["geen adres"]}), 422),
        (json!({"cc": many}), 422),
    ] {
        let mut body = json!({"body": "Hallo"});
        for (k, v) in extra.as_object().expect("object") {
            body[k] = v.clone();
        }
        let (status, answer) = app.post(&path, &body).await;
        assert_eq!(status, expected, "{body}: {answer}");
    }
    let (status, answer) = app
        .post(
            &path,
            &json!({"body": "Hallo", "kind": "note", "cc": ["a@example.nl"]}),
        )
        .await;
    assert_eq!(status, 422, "a note has no copies: {answer}");

    // The same from the reply form.
    let (_, client) = agent_session(&app, "sanne.crlf@polderstroom.nl", "nl").await;
    let html = page(&client, &app, &format!("/cases/{case}")).await;
    assert!(
        html.contains(r#"name="cc""#) && html.contains(r#"name="bcc""#),
        "{html}"
    );
    let csrf = crate::ui::csrf_of(&html);
    let response = client
        .post(app.url(&format!("/cases/{case}/messages")))
        .form(&[
            ("csrf", csrf.as_str()),
            ("kind", "reply"),
            ("body", "Hallo"),
            ("cc", "jan@example.nl\r\nBcc: evil@example.com"),
        ])
        .send()
        .await
        .expect("post");
    assert_eq!(response.status(), 400);
    assert_eq!(
        app.count("interactions WHERE direction = 'outbound'").await,
        0,
        "nothing was queued"
    );
}

#[tokio::test]
async fn the_signatures_go_under_a_reply_in_the_customers_language() {
    let Some((app, sent_dir)) = mailing_app().await else {
        return;
    };
    let english = email_case(&app, "john.sig@example.com", Some("en")).await;
    let dutch = email_case(&app, "jan.sig@example.nl", None).await;
    let (agent, client) = agent_session(&app, "sanne.sig@polderstroom.nl", "nl").await;

    // Her own, on her profile page.
    let profile = page(&client, &app, "/profile").await;
    assert!(profile.contains("Uw handtekening"), "{profile}");
    let csrf = crate::ui::csrf_of(&profile);
    let response = client
        .post(app.url("/profile/signature"))
        .form(&[
            ("csrf", csrf.as_str()),
            ("nl", "Met vriendelijke groet,\nSanne Bakker"),
            ("en", "Kind regards,\nSanne Bakker"),
        ])
        .send()
        .await
        .expect("save");
    assert_eq!(response.status(), 303);
    let profile = page(&client, &app, "/profile").await;
    assert!(
        profile.contains("Kind regards,\nSanne Bakker"),
        "kept: {profile}"
    );

    // The inbox's, by an admin on the inbox page.
    let admin = crate::ui::logged_in(&app).await;
    let inboxes = page(&admin, &app, "/admin/inboxes").await;
    let inbox = app
        .texts("SELECT CAST(id AS TEXT) FROM inboxes WHERE kind = 'email'")
        .await;
    let action = format!("/admin/inboxes/{}/signature", inbox[0]);
    assert!(inboxes.contains(&action), "{inboxes}");
    let csrf = crate::ui::csrf_of(&inboxes);
    let response = admin
        .post(app.url(&action))
        .form(&[
            ("csrf", csrf.as_str()),
            ("nl", "Polderstroom · bereikbaar op werkdagen"),
            ("en", "Polderstroom · open on working days"),
        ])
        .send()
        .await
        .expect("save");
    assert_eq!(response.status(), 303);

    // The reply box shows what will go under the reply.
    let html = page(&client, &app, &format!("/cases/{english}")).await;
    assert!(
        html.contains("Kind regards,\nSanne Bakker\n\nPolderstroom · open on working days"),
        "{html}"
    );

    let token = token_of(&app, agent).await;
    for (case, marker) in [(english, "sig-en"), (dutch, "sig-nl")] {
        let (status, _) = super::call(
            &app,
            reqwest::Method::POST,
            &token,
            &format!("/api/v1/cases/{case}/messages"),
            Some(json!({"body": format!("Antwoord {marker} {}", std::process::id())})),
        )
        .await;
        assert_eq!(status, 201);
    }
    let en = sent_mail(
        &sent_dir,
        &format!("Antwoord sig-en {}", std::process::id()),
    )
    .await;
    assert!(en.contains("Kind regards,"), "{en}");
    assert!(
        en.contains("Polderstroom =C2=B7 open on working days")
            || en.contains("Polderstroom · open on working days"),
        "{en}"
    );
    assert!(!en.contains("Met vriendelijke groet"), "{en}");
    let nl = sent_mail(
        &sent_dir,
        &format!("Antwoord sig-nl {}", std::process::id()),
    )
    .await;
    assert!(nl.contains("Met vriendelijke groet,"), "{nl}");
    assert!(!nl.contains("Kind regards"), "{nl}");
}

#[tokio::test]
async fn a_file_goes_as_a_mime_part_and_oversize_or_unknown_files_send_nothing() {
    let Some((app, sent_dir)) = mailing_app().await else {
        return;
    };
    let case = email_case(&app, "anna.file@example.nl", None).await;
    let (_, client) = agent_session(&app, "sanne.file@polderstroom.nl", "nl").await;
    let html = page(&client, &app, &format!("/cases/{case}")).await;
    assert!(html.contains(r#"enctype="multipart/form-data""#), "{html}");
    assert!(html.contains(r#"type="file""#), "{html}");
    let csrf = crate::ui::csrf_of(&html);
    let send = |body: String, files: Vec<(&'static str, &'static str, &'static str, Vec<u8>)>| {
        let client = client.clone();
        let csrf = csrf.clone();
        let url = app.url(&format!("/cases/{case}/messages"));
        async move {
            let files: Vec<(&str, &str, &str, &[u8])> = files
                .iter()
                .map(|(n, f, t, d)| (*n, *f, *t, d.as_slice()))
                .collect();
            let (content_type, body) = multipart(
                &[
                    ("csrf", &csrf),
                    ("kind", "reply"),
                    ("body", &body),
                    ("cc", ""),
                ],
                &files,
            );
            client
                .post(url)
                .header("content-type", content_type)
                .body(body)
                .send()
                .await
                .expect("post")
        }
    };
    let pdf = b"%PDF-1.4\n%\xE2\xE3\xCF\xD3\n% meterstanden maart\n".to_vec();
    let marker = format!("Zie de bijlage {}", std::process::id());
    let response = send(
        marker.clone(),
        vec![
            (
                "files",
                "meterstanden maart.pdf",
                "application/pdf",
                pdf.clone(),
            ),
            ("files", "", "application/octet-stream", Vec::new()),
        ],
    )
    .await;
    assert_eq!(response.status(), 303);
    let mail = sent_mail(&sent_dir, &marker).await;
    assert!(mail.contains("multipart/mixed"), "{mail}");
    assert!(mail.contains("Content-Type: application/pdf"), "{mail}");
    assert!(mail.contains("meterstanden maart.pdf"), "{mail}");
    use base64::Engine;
    let encoded = base64::engine::general_purpose::STANDARD.encode(&pdf);
    assert!(
        mail.replace("\r\n", "").contains(&encoded),
        "the file's bytes: {mail}"
    );
    let thread = page(&client, &app, &format!("/cases/{case}")).await;
    assert!(
        thread.contains("meterstanden maart.pdf"),
        "listed on the case: {thread}"
    );

    let outbound = app.count("interactions WHERE direction = 'outbound'").await;
    let too_big = format!("Te groot {}", std::process::id());
    let response = send(
        too_big.clone(),
        vec![("files", "groot.pdf", "application/pdf", {
            let mut big = b"%PDF-1.4\n".to_vec();
            big.resize(5 * 1024 * 1024 + 1, b'0');
            big
        })],
    )
    .await;
    assert_eq!(response.status(), 413);
    let program = format!("Programma {}", std::process::id());
    let response = send(
        program.clone(),
        vec![(
            "files",
            "factuur.pdf",
            "application/pdf",
            b"MZ\x90\x00\x03\x00\x00\x00".to_vec(),
        )],
    )
    .await;
    assert_eq!(response.status(), 415, "a program named .pdf");
    let six: Vec<_> = (0..6)
        .map(|_| ("files", "a.txt", "text/plain", b"tekst".to_vec()))
        .collect();
    let response = send(format!("Zes {}", std::process::id()), six).await;
    assert_eq!(response.status(), 422);
    assert_eq!(
        app.count("interactions WHERE direction = 'outbound'").await,
        outbound,
        "nothing was queued"
    );
    tokio::time::sleep(std::time::Duration::from_millis(1500)).await;
    assert!(!mail_with(&sent_dir, &too_big) && !mail_with(&sent_dir, &program));
}

#[tokio::test]
async fn the_api_sends_files_with_a_reply_as_multipart() {
    let Some((app, sent_dir)) = mailing_app().await else {
        return;
    };
    let case = email_case(&app, "anna.apifile@example.nl", None).await;
    let marker = format!("Uw contract als bijlage {}", std::process::id());
    let message = json!({"body": marker, "cc": ["boekhouding@example.nl"]}).to_string();
    let png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR".to_vec();
    let post = |files: Vec<(&'static str, &'static str, &'static str, Vec<u8>)>| {
        let message = message.clone();
        let url = app.url(&format!("/api/v1/cases/{case}/messages"));
        let client = app.client.clone();
        let token = app.token.clone();
        async move {
            let files: Vec<(&str, &str, &str, &[u8])> = files
                .iter()
                .map(|(n, f, t, d)| (*n, *f, *t, d.as_slice()))
                .collect();
            let (content_type, body) = multipart(&[("message", &message)], &files);
            let response = client
                .post(url)
                .bearer_auth(token)
                .header("content-type", content_type)
                .body(body)
                .send()
                .await
                .expect("post");
            crate::helpers::read(response).await
        }
    };
    let (status, answer) = post(vec![(
        "files",
        "../../etc/handtekening.png",
        "image/png",
        png,
    )])
    .await;
    assert_eq!(status, 201, "{answer}");
    let files = answer["attachments"].as_array().expect("attachments");
    assert_eq!(files.len(), 1, "the answer lists the file: {answer}");
    assert_eq!(
        (
            &files[0]["filename"],
            &files[0]["content_type"],
            &files[0]["size"]
        ),
        (&json!("handtekening.png"), &json!("image/png"), &json!(16))
    );
    let mail = sent_mail(&sent_dir, &marker).await;
    assert!(mail.contains("Content-Type: image/png"), "{mail}");
    assert!(
        mail.contains("filename=\"handtekening.png\""),
        "no path: {mail}"
    );
    assert!(
        headers(&mail).contains("Cc: boekhouding@example.nl"),
        "{mail}"
    );

    let outbound = app.count("interactions WHERE direction = 'outbound'").await;
    let (status, answer) = post(vec![(
        "files",
        "script.html",
        "image/png",
        b"<script>alert(1)</script>\x00".to_vec(),
    )])
    .await;
    assert_eq!(
        (status, answer["error"].as_str()),
        (415, Some("attachment_type_refused")),
        "{answer}"
    );
    assert_eq!(
        app.count("interactions WHERE direction = 'outbound'").await,
        outbound
    );
}
