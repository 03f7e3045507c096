//! SmtpSender against a tiny SMTP sink on 127.0.0.1, speaking just enough of RFC 5321.

use channels::email::{Mailbox, Outgoing, SendError, SmtpSender, parse};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;
use tokio::task::JoinHandle;

/// Starts a sink for one connection. `rcpt_reply` is the answer to RCPT TO, so a test can make
/// the relay refuse the recipient. Returns the port and the received DATA (empty if none).
async fn sink(rcpt_reply: &'static str) -> (u16, JoinHandle<String>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let port = listener.local_addr().expect("addr").port();
    let handle = tokio::spawn(async move {
        let (stream, _) = listener.accept().await.expect("accept");
        let (read, mut write) = stream.into_split();
        let mut lines = BufReader::new(read).lines();
        let mut data = String::new();
        write
            .write_all(b"220 sink.test ESMTP\r\n")
            .await
            .expect("greet");
        while let Ok(Some(line)) = lines.next_line().await {
            let verb = line
                .split(' ')
                .next()
                .unwrap_or_default()
                .to_ascii_uppercase();
            let reply: &str = match verb.as_str() {
                "EHLO" | "HELO" => "250-sink.test\r\n250 8BITMIME\r\n",
                "RCPT" => rcpt_reply,
                "DATA" => {
                    write.write_all(b"354 go ahead\r\n").await.expect("354");
                    while let Ok(Some(line)) = lines.next_line().await {
                        if line == "." {
                            break;
                        }
                        data.push_str(&line);
                        data.push_str("\r\n");
                    }
                    "250 queued\r\n"
                }
                "QUIT" => {
                    write.write_all(b"221 bye\r\n").await.expect("221");
                    break;
                }
                _ => "250 ok\r\n",
            };
            write.write_all(reply.as_bytes()).await.expect("reply");
        }
        data
    });
    (port, handle)
}

fn outgoing() -> Outgoing {
    Outgoing {
        from: Mailbox {
            address: "support@klantbeeld.example".into(),
            name: Some("Klantenservice".into()),
        },
        to: Mailbox {
            address: "jan@example.nl".into(),
            name: Some("Jan Jansen".into()),
        },
        subject: "Re: Factuur [#1234]".into(),
        body: "Beste Jan,\n\nDe creditnota is onderweg. Het bedrag is € 12,50.\n".into(),
        message_id: "kb.0011aa@klantbeeld.example".into(),
        in_reply_to: Some("A1B2@example.nl".into()),
        references: vec!["first@example.nl".into(), "A1B2@example.nl".into()],
    }
}

#[tokio::test]
async fn delivers_with_threading_headers() {
    let (port, received) = sink("250 ok\r\n").await;
    let sender = SmtpSender::from_url(&format!("smtp://127.0.0.1:{port}")).expect("url");
    sender.send(&outgoing()).await.expect("sent");
    let raw = received.await.expect("sink");
    assert!(
        raw.contains("Message-ID: <kb.0011aa@klantbeeld.example>"),
        "{raw}"
    );
    assert!(raw.contains("In-Reply-To: <A1B2@example.nl>"), "{raw}");
    assert!(
        raw.contains("References: <first@example.nl> <A1B2@example.nl>"),
        "{raw}"
    );
    assert!(raw.contains("Subject: Re: Factuur [#1234]"), "{raw}");
    assert!(!raw.contains("Auto-Submitted"), "{raw}");
    // The body may be transfer-encoded; what the customer's client shows is what counts.
    let mail = parse(raw.as_bytes(), 1 << 20).expect("the sink got a message");
    assert_eq!(
        mail.body,
        "Beste Jan,\n\nDe creditnota is onderweg. Het bedrag is € 12,50."
    );
    assert_eq!(mail.message_id, "kb.0011aa@klantbeeld.example");
}

#[tokio::test]
async fn refused_recipient_is_permanent() {
    let (port, _received) = sink("550 5.1.1 no such user\r\n").await;
    let sender = SmtpSender::from_url(&format!("smtp://127.0.0.1:{port}")).expect("url");
    let err = sender.send(&outgoing()).await.expect_err("refused");
    assert!(matches!(err, SendError::Permanent(_)), "{err:?}");
    assert!(!err.is_transient());
    assert_eq!(err.smtp_code(), Some(550));
}

#[tokio::test]
async fn greylisting_is_transient() {
    let (port, _received) = sink("451 4.7.1 greylisted, try again later\r\n").await;
    let sender = SmtpSender::from_url(&format!("smtp://127.0.0.1:{port}")).expect("url");
    let err = sender.send(&outgoing()).await.expect_err("deferred");
    assert!(err.is_transient(), "{err:?}");
    assert_eq!(err.smtp_code(), Some(451));
}

#[tokio::test]
async fn refused_connection_is_transient() {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let port = listener.local_addr().expect("addr").port();
    drop(listener);
    let sender = SmtpSender::from_url(&format!("smtp://127.0.0.1:{port}")).expect("url");
    let err = sender.send(&outgoing()).await.expect_err("nobody listens");
    assert!(err.is_transient(), "{err:?}");
    assert_eq!(err.smtp_code(), None);
}

#[tokio::test]
async fn invalid_message_is_a_compose_error_not_a_network_one() {
    let sender = SmtpSender::from_url("smtp://127.0.0.1:9").expect("url");
    let mut out = outgoing();
    out.to.address = "no address".into();
    let err = sender.send(&out).await.expect_err("invalid");
    assert!(matches!(err, SendError::Compose(_)), "{err:?}");
    assert!(!err.is_transient());
}

#[test]
fn url_forms() {
    let plain = SmtpSender::from_url("smtp://relay.local").expect("plain");
    assert_eq!((plain.host(), plain.port()), ("relay.local", 25));
    let starttls = SmtpSender::from_url("smtp://user:p%40ss@mail.example.nl:587?tls=starttls")
        .expect("starttls");
    assert_eq!(starttls.security(), channels::email::Security::StartTls);
    assert_eq!(starttls.port(), 587);
    let implicit = SmtpSender::from_url("smtps://user:geheim@mail.example.nl").expect("smtps");
    assert_eq!(implicit.security(), channels::email::Security::ImplicitTls);
    assert_eq!(implicit.port(), 465);
    let debug = format!("{implicit:?} {starttls:?}");
    assert!(
        !debug.contains("geheim") && !debug.contains("p@ss"),
        "{debug}"
    );
    for bad in ["imap://x", "smtp://", "smtp://x:abc", "smtp://x?tls=maybe"] {
        assert!(SmtpSender::from_url(bad).is_err(), "{bad}");
    }
}
