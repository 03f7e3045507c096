//! Polling an IMAP mailbox. The caller keeps `(UIDVALIDITY, last UID)` per inbox and asks for what
//! came after; UIDs only grow within one UIDVALIDITY, so nothing is fetched twice in normal
//! operation, and when the server renumbers (UIDVALIDITY changes) everything is fetched again and
//! the caller's Message-ID deduplication keeps that idempotent.

use std::collections::HashSet;
use std::fmt;
use std::io;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use async_imap::{Client, Session};
use futures_util::TryStreamExt;
use rustls_platform_verifier::BuilderVerifierExt;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::TcpStream;
use tokio_rustls::TlsConnector;
use tokio_rustls::client::TlsStream;
use tokio_rustls::rustls::ClientConfig;
use tokio_rustls::rustls::pki_types::ServerName;

/// Connecting, TLS, greeting and login together; a server that takes longer is down.
const SETUP_TIMEOUT: Duration = Duration::from_secs(30);

/// A whole fetch; bounds a stalled connection without cutting off a large but moving download.
const FETCH_TIMEOUT: Duration = Duration::from_secs(600);

/// RFC 2177 asks clients to renew IDLE within 29 minutes; servers drop idlers after 30.
const MAX_IDLE: Duration = Duration::from_secs(25 * 60);

/// One mailbox on an IMAP server.
#[derive(Clone, PartialEq, Eq)]
pub struct ImapAccount {
    /// Host name (also checked against the TLS certificate).
    pub host: String,
    /// Usually 993 with TLS, 143 without.
    pub port: u16,
    /// TLS from the first byte (IMAPS). Without it the password crosses the network in clear:
    /// only for a server on the same machine.
    pub tls: bool,
    /// Login name.
    pub username: String,
    /// Login password; never printed by `Debug`.
    pub password: String,
    /// The mailbox to read, usually `INBOX`.
    pub mailbox: String,
}

impl fmt::Debug for ImapAccount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ImapAccount")
            .field("host", &self.host)
            .field("port", &self.port)
            .field("tls", &self.tls)
            .field("username", &self.username)
            .field("password", &"<redacted>")
            .field("mailbox", &self.mailbox)
            .finish()
    }
}

/// The result of one poll.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fetched {
    /// The mailbox's current UIDVALIDITY, to pass back next time.
    pub uid_validity: u32,
    /// `(uid, raw RFC 822 bytes)`, in increasing UID order.
    pub messages: Vec<(u32, Vec<u8>)>,
}

/// Why a poll failed. All are worth retrying later except a wrong password or mailbox name,
/// which need an admin; none contains the password.
#[derive(Debug, thiserror::Error)]
pub enum ImapError {
    /// TCP connection failed (refused, unreachable, DNS).
    #[error("could not connect to the IMAP server {host}:{port}")]
    Connect {
        /// The configured host.
        host: String,
        /// The configured port.
        port: u16,
        /// The network error.
        #[source]
        source: io::Error,
    },
    /// The host cannot be checked against a certificate.
    #[error("{0:?} is not a valid TLS server name")]
    ServerName(String),
    /// TLS could not be configured (for example, no usable root certificates).
    #[error("could not set up TLS for IMAP")]
    TlsConfig(#[source] tokio_rustls::rustls::Error),
    /// The TLS handshake failed, for example because of an untrusted certificate.
    #[error("TLS handshake with the IMAP server failed")]
    TlsHandshake(#[source] io::Error),
    /// The connection closed or failed before the server's greeting.
    #[error("the IMAP server sent no greeting")]
    Greeting(#[source] Option<io::Error>),
    /// The server refused the user name or password.
    #[error("IMAP login failed for user {username:?}")]
    Login {
        /// The configured user name.
        username: String,
        /// The server's answer.
        #[source]
        source: async_imap::error::Error,
    },
    /// The mailbox does not exist or cannot be opened.
    #[error("could not open IMAP mailbox {mailbox:?}")]
    Select {
        /// The configured mailbox.
        mailbox: String,
        /// The server's answer.
        #[source]
        source: async_imap::error::Error,
    },
    /// The server gives no UIDVALIDITY, so UIDs cannot be trusted across sessions.
    #[error("the IMAP server reports no UIDVALIDITY for the mailbox")]
    NoUidValidity,
    /// A command failed or the server's answer could not be read.
    #[error("IMAP command failed")]
    Protocol(#[from] async_imap::error::Error),
    /// The server stopped answering.
    #[error("the IMAP server did not answer within {0:?}")]
    Timeout(Duration),
}

/// Fetches up to `limit` messages with a UID above `last_uid`, or from the start when
/// `uid_validity` is not the server's current one. Messages are marked `\Seen`, so a person
/// watching the mailbox in a mail client sees what Klantbeeld has taken in.
pub async fn fetch_since(
    account: &ImapAccount,
    uid_validity: Option<u32>,
    last_uid: u32,
    limit: usize,
) -> Result<Fetched, ImapError> {
    let mut session = with_timeout(SETUP_TIMEOUT, open(account)).await?;
    let fetched = with_timeout(
        FETCH_TIMEOUT,
        fetch(&mut session, account, uid_validity, last_uid, limit),
    )
    .await?;
    logout(session).await;
    Ok(fetched)
}

/// Returns when the mailbox changes (IMAP IDLE) or after `timeout`, whichever comes first; on a
/// server without IDLE it just sleeps. Call [`fetch_since`] after it returns, whatever the reason.
/// Mail that arrives between that fetch and the next IDLE is seen one timeout later.
pub async fn wait_for_new(account: &ImapAccount, timeout: Duration) -> Result<(), ImapError> {
    let mut session = with_timeout(SETUP_TIMEOUT, open(account)).await?;
    let idle_supported = with_timeout(SETUP_TIMEOUT, async {
        select(&mut session, account).await?;
        Ok(session.capabilities().await?.has_str("IDLE"))
    })
    .await?;
    if !idle_supported {
        logout(session).await;
        tokio::time::sleep(timeout).await;
        return Ok(());
    }
    let timeout = timeout.min(MAX_IDLE);
    let mut idle = session.idle();
    with_timeout(SETUP_TIMEOUT, async { Ok(idle.init().await?) }).await?;
    {
        let (changed, _stop) = idle.wait_with_timeout(timeout);
        // The server's keep-alives restart the library's timer, so bound the whole wait too.
        if let Ok(answer) = tokio::time::timeout(timeout, changed).await {
            answer?;
        }
    }
    let session = with_timeout(SETUP_TIMEOUT, async { Ok(idle.done().await?) }).await?;
    logout(session).await;
    Ok(())
}

async fn fetch(
    session: &mut Session<Stream>,
    account: &ImapAccount,
    uid_validity: Option<u32>,
    last_uid: u32,
    limit: usize,
) -> Result<Fetched, ImapError> {
    let server_validity = select(session, account).await?;
    let after = if uid_validity == Some(server_validity) {
        last_uid
    } else {
        0
    };
    let mut messages = Vec::new();
    if let Some(first) = after.checked_add(1)
        && limit > 0
    {
        let found = session.uid_search(format!("UID {first}:*")).await?;
        let uids = new_uids(found, after, limit);
        if !uids.is_empty() {
            let mut fetches = session.uid_fetch(uid_set(&uids), "(UID BODY[])").await?;
            while let Some(fetch) = fetches.try_next().await? {
                if let (Some(uid), Some(body)) = (fetch.uid, fetch.body())
                    && uids.binary_search(&uid).is_ok()
                {
                    messages.push((uid, body.to_vec()));
                }
            }
        }
    }
    messages.sort_by_key(|(uid, _)| *uid);
    messages.dedup_by_key(|(uid, _)| *uid);
    Ok(Fetched {
        uid_validity: server_validity,
        messages,
    })
}

/// Selects the account's mailbox and returns its UIDVALIDITY.
async fn select(session: &mut Session<Stream>, account: &ImapAccount) -> Result<u32, ImapError> {
    let mailbox = session
        .select(&account.mailbox)
        .await
        .map_err(|source| ImapError::Select {
            mailbox: account.mailbox.clone(),
            source,
        })?;
    mailbox.uid_validity.ok_or(ImapError::NoUidValidity)
}

/// The UIDs above `after`, lowest first, at most `limit`. `UID n:*` always matches the highest
/// message even when its UID is below n (RFC 3501 6.4.8), so the search result needs this filter.
fn new_uids(found: impl IntoIterator<Item = u32>, after: u32, limit: usize) -> Vec<u32> {
    let mut uids: Vec<u32> = found
        .into_iter()
        .filter(|&uid| uid > after)
        .collect::<HashSet<_>>()
        .into_iter()
        .collect();
    uids.sort_unstable();
    uids.truncate(limit);
    uids
}

/// A compact IMAP sequence set for sorted UIDs: `[1, 2, 3, 7]` becomes `1:3,7`.
fn uid_set(uids: &[u32]) -> String {
    let mut ranges: Vec<(u32, u32)> = Vec::new();
    for &uid in uids {
        match ranges.last_mut() {
            Some((_, end)) if end.checked_add(1) == Some(uid) => *end = uid,
            _ => ranges.push((uid, uid)),
        }
    }
    ranges
        .iter()
        .map(|&(start, end)| {
            if start == end {
                start.to_string()
            } else {
                format!("{start}:{end}")
            }
        })
        .collect::<Vec<_>>()
        .join(",")
}

async fn open(account: &ImapAccount) -> Result<Session<Stream>, ImapError> {
    let tcp = TcpStream::connect((account.host.as_str(), account.port))
        .await
        .map_err(|source| ImapError::Connect {
            host: account.host.clone(),
            port: account.port,
            source,
        })?;
    let stream = if account.tls {
        Stream::Tls(Box::new(tls(&account.host, tcp).await?))
    } else {
        Stream::Plain(tcp)
    };
    let mut client = Client::new(stream);
    match client.read_response().await {
        Ok(Some(_greeting)) => {}
        Ok(None) => return Err(ImapError::Greeting(None)),
        Err(e) => return Err(ImapError::Greeting(Some(e))),
    }
    client
        .login(&account.username, &account.password)
        .await
        .map_err(|(source, _)| ImapError::Login {
            username: account.username.clone(),
            source,
        })
}

/// TLS with the system's trusted roots, the same trust the SMTP side gets from lettre.
async fn tls(host: &str, tcp: TcpStream) -> Result<TlsStream<TcpStream>, ImapError> {
    let provider = Arc::new(tokio_rustls::rustls::crypto::ring::default_provider());
    let config = ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .and_then(|builder| builder.with_platform_verifier())
        .map_err(ImapError::TlsConfig)?
        .with_no_client_auth();
    let name = ServerName::try_from(host.to_owned())
        .map_err(|_| ImapError::ServerName(host.to_owned()))?;
    TlsConnector::from(Arc::new(config))
        .connect(name, tcp)
        .await
        .map_err(ImapError::TlsHandshake)
}

/// Logging out is a courtesy; the data is already in hand, so a failure here changes nothing.
async fn logout(mut session: Session<Stream>) {
    match tokio::time::timeout(SETUP_TIMEOUT, session.logout()).await {
        Ok(Ok(())) => {}
        Ok(Err(e)) => tracing::debug!(error = %e, "IMAP logout failed"),
        Err(_) => tracing::debug!("IMAP logout timed out"),
    }
}

async fn with_timeout<T>(
    limit: Duration,
    work: impl Future<Output = Result<T, ImapError>>,
) -> Result<T, ImapError> {
    tokio::time::timeout(limit, work)
        .await
        .map_err(|_| ImapError::Timeout(limit))?
}

/// Plain TCP or TLS, as one type so one `Session` type serves both.
#[derive(Debug)]
enum Stream {
    Plain(TcpStream),
    Tls(Box<TlsStream<TcpStream>>),
}

impl AsyncRead for Stream {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        match self.get_mut() {
            Stream::Plain(s) => Pin::new(s).poll_read(cx, buf),
            Stream::Tls(s) => Pin::new(s.as_mut()).poll_read(cx, buf),
        }
    }
}

impl AsyncWrite for Stream {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        match self.get_mut() {
            Stream::Plain(s) => Pin::new(s).poll_write(cx, buf),
            Stream::Tls(s) => Pin::new(s.as_mut()).poll_write(cx, buf),
        }
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        match self.get_mut() {
            Stream::Plain(s) => Pin::new(s).poll_flush(cx),
            Stream::Tls(s) => Pin::new(s.as_mut()).poll_flush(cx),
        }
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        match self.get_mut() {
            Stream::Plain(s) => Pin::new(s).poll_shutdown(cx),
            Stream::Tls(s) => Pin::new(s.as_mut()).poll_shutdown(cx),
        }
    }
}

#[cfg(test)]
mod tests {
    use tokio::net::TcpListener;

    use super::*;

    #[test]
    fn star_range_quirk_is_filtered() {
        // "UID 11:*" on a mailbox whose highest UID is 10 returns 10.
        assert_eq!(new_uids([10], 10, 50), Vec::<u32>::new());
        assert_eq!(new_uids([14, 11, 12, 11], 10, 50), vec![11, 12, 14]);
        assert_eq!(new_uids([5, 3, 4, 9], 0, 2), vec![3, 4]);
    }

    #[test]
    fn uid_sets_are_compact() {
        assert_eq!(uid_set(&[1, 2, 3, 7, 9, 10]), "1:3,7,9:10");
        assert_eq!(uid_set(&[4]), "4");
        assert_eq!(
            uid_set(&[u32::MAX - 1, u32::MAX]),
            format!("{}:{}", u32::MAX - 1, u32::MAX)
        );
    }

    #[test]
    fn debug_hides_the_password() {
        let account = ImapAccount {
            host: "imap.example.nl".into(),
            port: 993,
            tls: true,
            username: "support".into(),
            password: "geheim".into(),
            mailbox: "INBOX".into(),
        };
        let debug = format!("{account:?}");
        assert!(
            !debug.contains("geheim") && debug.contains("support"),
            "{debug}"
        );
    }

    #[tokio::test]
    async fn refused_connection_is_a_connect_error() {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let port = listener.local_addr().expect("addr").port();
        drop(listener);
        let account = ImapAccount {
            host: "127.0.0.1".into(),
            port,
            tls: false,
            username: "u".into(),
            password: "p".into(),
            mailbox: "INBOX".into(),
        };
        let err = fetch_since(&account, None, 0, 10)
            .await
            .expect_err("nothing listens");
        assert!(matches!(err, ImapError::Connect { .. }), "{err:?}");
    }
}
