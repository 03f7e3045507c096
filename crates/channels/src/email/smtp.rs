//! Sending through an SMTP relay configured by one URL. Errors say whether a retry can help, so the
//! outbox job retries 4xx and connection failures with backoff and gives up on 5xx at once.

use std::fmt;

use lettre::transport::smtp::authentication::Credentials;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

use super::compose::{ComposeError, Extras, Outgoing, compose, compose_with};

/// How the connection to the relay is protected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Security {
    /// Plain TCP: only for a relay on the same machine or private network.
    None,
    /// Plain TCP upgraded with STARTTLS; refusing to continue when the server cannot upgrade, so a
    /// network attacker cannot downgrade us into sending the password in clear.
    StartTls,
    /// TLS from the first byte (port 465).
    ImplicitTls,
}

/// An SMTP relay to send through, parsed from a URL. Cheap to clone; each send opens its own
/// connection.
#[derive(Clone)]
pub struct SmtpSender {
    host: String,
    port: u16,
    security: Security,
    username: Option<String>,
    transport: AsyncSmtpTransport<Tokio1Executor>,
}

/// Why an SMTP URL was refused. Messages name the offending part but never the password.
#[derive(Debug, thiserror::Error)]
pub enum SmtpUrlError {
    /// Not `smtp://` or `smtps://`.
    #[error("unsupported SMTP URL scheme {0:?}: use smtp:// or smtps://")]
    UnsupportedScheme(String),
    /// No host after the scheme.
    #[error("the SMTP URL has no host")]
    MissingHost,
    /// A port that is not a number from 1 to 65535.
    #[error("invalid SMTP port {0:?}")]
    InvalidPort(String),
    /// A `%` not followed by two hex digits, or a decoded user name or password that is not UTF-8.
    #[error("invalid percent-encoding in the SMTP user name or password")]
    InvalidPercentEncoding,
    /// A path after the host; SMTP URLs have none.
    #[error("the SMTP URL must not have a path")]
    UnexpectedPath,
    /// A query parameter other than `tls`, or a `tls` value that does not fit the scheme.
    #[error(
        "unsupported SMTP URL parameter {0:?}: smtp:// accepts tls=starttls or tls=none, smtps:// none"
    )]
    UnsupportedParameter(String),
    /// A user name and password over plain TCP to another machine would cross the network in clear.
    #[error(
        "refusing to send SMTP credentials without TLS to {0}: add ?tls=starttls or use smtps://"
    )]
    CredentialsWithoutTls(String),
    /// The TLS settings could not be built (for example, no system root certificates).
    #[error("could not set up TLS for the SMTP relay")]
    Tls(#[source] lettre::transport::smtp::Error),
}

/// Why a message was not sent, split by whether trying again later can succeed.
#[derive(Debug, thiserror::Error)]
pub enum SendError {
    /// The message could not be built; retrying will not help.
    #[error("the message could not be composed")]
    Compose(#[from] ComposeError),
    /// A 5xx reply (unknown recipient, refused content, failed login) or a refusal on our side.
    #[error("the SMTP relay refused the message permanently")]
    Permanent(#[source] lettre::transport::smtp::Error),
    /// A 4xx reply, a timeout, a TLS or connection failure: retry later.
    #[error("the message could not be sent now; it may succeed later")]
    Transient(#[source] lettre::transport::smtp::Error),
}

impl SendError {
    /// Whether the caller should retry later.
    pub fn is_transient(&self) -> bool {
        matches!(self, SendError::Transient(_))
    }

    /// The SMTP reply code, when the relay answered with an error.
    pub fn smtp_code(&self) -> Option<u16> {
        match self {
            SendError::Permanent(e) | SendError::Transient(e) => e.status().map(u16::from),
            SendError::Compose(_) => None,
        }
    }
}

impl SmtpSender {
    /// Parses `smtp://host:port` (plain, for a local relay), `smtp://user:pass@host:587?tls=starttls`
    /// (STARTTLS required) or `smtps://user:pass@host:465` (implicit TLS). User and password are
    /// percent-decoded; the default port is 25 for smtp:// and 465 for smtps://.
    pub fn from_url(url: &str) -> Result<SmtpSender, SmtpUrlError> {
        let parts = UrlParts::parse(url)?;
        let mut builder = match parts.security {
            Security::None => AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(&parts.host),
            Security::StartTls => AsyncSmtpTransport::<Tokio1Executor>::starttls_relay(&parts.host)
                .map_err(SmtpUrlError::Tls)?,
            Security::ImplicitTls => AsyncSmtpTransport::<Tokio1Executor>::relay(&parts.host)
                .map_err(SmtpUrlError::Tls)?,
        }
        .port(parts.port);
        if let Some(username) = &parts.username {
            builder = builder.credentials(Credentials::new(
                username.clone(),
                parts.password.clone().unwrap_or_default(),
            ));
        }
        Ok(SmtpSender {
            host: parts.host,
            port: parts.port,
            security: parts.security,
            username: parts.username,
            transport: builder.build(),
        })
    }

    /// The relay's host name or address.
    pub fn host(&self) -> &str {
        &self.host
    }

    /// The relay's port.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// How the connection is protected.
    pub fn security(&self) -> Security {
        self.security
    }

    /// Composes a human reply with [`compose`] and sends it.
    pub async fn send(&self, out: &Outgoing) -> Result<(), SendError> {
        self.send_message(&compose(out)?).await
    }

    /// Composes a human reply with copies and attachments ([`compose_with`]) and sends it to
    /// every recipient, the blind copies included.
    pub async fn send_with(&self, out: &Outgoing, extras: &Extras) -> Result<(), SendError> {
        self.send_message(&compose_with(out, extras)?).await
    }

    /// Sends an already composed message, for example one from
    /// [`compose_auto_reply`](super::compose_auto_reply).
    pub async fn send_message(&self, message: &Message) -> Result<(), SendError> {
        self.transport
            .send_raw(message.envelope(), &message.formatted())
            .await
            .map(|_| ())
            .map_err(classify)
    }
}

impl fmt::Debug for SmtpSender {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SmtpSender")
            .field("host", &self.host)
            .field("port", &self.port)
            .field("security", &self.security)
            .field("username", &self.username)
            .field("password", &self.username.as_ref().map(|_| "<redacted>"))
            .finish()
    }
}

/// 5xx replies and our own refusals (no usable AUTH mechanism, bad envelope) will fail the same
/// way next time; everything else (4xx, network, TLS, timeouts) might not.
fn classify(error: lettre::transport::smtp::Error) -> SendError {
    if error.is_permanent() || error.is_client() {
        SendError::Permanent(error)
    } else {
        SendError::Transient(error)
    }
}

/// The pieces of an SMTP URL.
#[derive(Debug, PartialEq, Eq)]
struct UrlParts {
    security: Security,
    host: String,
    port: u16,
    username: Option<String>,
    password: Option<String>,
}

impl UrlParts {
    fn parse(url: &str) -> Result<UrlParts, SmtpUrlError> {
        let url = url.trim();
        let (scheme, rest) = url
            .split_once("://")
            .ok_or_else(|| SmtpUrlError::UnsupportedScheme(String::new()))?;
        let (mut security, default_port) = match scheme.to_ascii_lowercase().as_str() {
            "smtp" => (Security::None, 25),
            "smtps" => (Security::ImplicitTls, 465),
            _ => return Err(SmtpUrlError::UnsupportedScheme(scheme.to_owned())),
        };
        let (rest, query) = match rest.split_once('?') {
            Some((rest, query)) => (rest, Some(query)),
            None => (rest, None),
        };
        let (userinfo, hostport) = match rest.rsplit_once('@') {
            Some((userinfo, hostport)) => (Some(userinfo), hostport),
            None => (None, rest),
        };
        let hostport = hostport.strip_suffix('/').unwrap_or(hostport);
        if hostport.contains('/') {
            return Err(SmtpUrlError::UnexpectedPath);
        }
        let (host, port) = split_host_port(hostport)?;
        let port = port.map_or(Ok(default_port), parse_port)?;

        for param in query.into_iter().flat_map(|q| q.split('&')) {
            match (security, param.to_ascii_lowercase().as_str()) {
                (_, "") => {}
                (Security::None | Security::StartTls, "tls=starttls") => {
                    security = Security::StartTls;
                }
                (Security::None, "tls=none") => {}
                _ => return Err(SmtpUrlError::UnsupportedParameter(param.to_owned())),
            }
        }

        let (username, password) = match userinfo {
            Some(info) => {
                let (user, pass) = match info.split_once(':') {
                    Some((user, pass)) => (user, Some(pass)),
                    None => (info, None),
                };
                (
                    Some(percent_decode(user)?).filter(|u| !u.is_empty()),
                    pass.map(percent_decode).transpose()?,
                )
            }
            None => (None, None),
        };
        if username.is_some() && security == Security::None && !is_loopback(&host) {
            return Err(SmtpUrlError::CredentialsWithoutTls(host));
        }
        Ok(UrlParts {
            security,
            host,
            port,
            username,
            password,
        })
    }
}

/// Splits `host`, `host:port`, `[v6]` or `[v6]:port`; returns the host without brackets.
fn split_host_port(hostport: &str) -> Result<(String, Option<&str>), SmtpUrlError> {
    let (host, port) = if let Some(v6) = hostport.strip_prefix('[') {
        let (host, after) = v6.split_once(']').ok_or(SmtpUrlError::MissingHost)?;
        match after {
            "" => (host, None),
            _ => match after.strip_prefix(':') {
                Some(port) => (host, Some(port)),
                None => return Err(SmtpUrlError::InvalidPort(after.to_owned())),
            },
        }
    } else {
        match hostport.rsplit_once(':') {
            Some((host, port)) => (host, Some(port)),
            None => (hostport, None),
        }
    };
    if host.is_empty() || host.contains(|c: char| c.is_whitespace() || c.is_control()) {
        return Err(SmtpUrlError::MissingHost);
    }
    Ok((host.to_owned(), port))
}

fn parse_port(port: &str) -> Result<u16, SmtpUrlError> {
    port.parse::<u16>()
        .ok()
        .filter(|&p| p != 0)
        .ok_or_else(|| SmtpUrlError::InvalidPort(port.to_owned()))
}

fn is_loopback(host: &str) -> bool {
    host.eq_ignore_ascii_case("localhost")
        || host
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

fn percent_decode(s: &str) -> Result<String, SmtpUrlError> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if b == b'%' {
            let hex = bytes
                .get(i + 1..i + 3)
                .and_then(|h| std::str::from_utf8(h).ok())
                .and_then(|h| u8::from_str_radix(h, 16).ok())
                .ok_or(SmtpUrlError::InvalidPercentEncoding)?;
            out.push(hex);
            i += 3;
        } else {
            out.push(b);
            i += 1;
        }
    }
    String::from_utf8(out).map_err(|_| SmtpUrlError::InvalidPercentEncoding)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts(url: &str) -> UrlParts {
        UrlParts::parse(url).expect("valid URL")
    }

    #[test]
    fn plain_relay_with_defaults() {
        let p = parts("smtp://127.0.0.1");
        assert_eq!(
            (p.security, p.host.as_str(), p.port),
            (Security::None, "127.0.0.1", 25)
        );
        assert_eq!(p.username, None);
        assert_eq!(parts("smtp://relay.internal:2525/").port, 2525);
        assert_eq!(parts("smtp://[::1]:2525").host, "::1");
    }

    #[test]
    fn starttls_and_implicit_tls() {
        let p = parts("smtp://user%40example.nl:p%40ss%3Aw%25rd@mail.example.nl:587?tls=starttls");
        assert_eq!(p.security, Security::StartTls);
        assert_eq!(p.port, 587);
        assert_eq!(p.username.as_deref(), Some("user@example.nl"));
        assert_eq!(p.password.as_deref(), Some("p@ss:w%rd"));
        let p = parts("SMTPS://u:p@mail.example.nl");
        assert_eq!((p.security, p.port), (Security::ImplicitTls, 465));
    }

    #[test]
    fn refuses_bad_urls() {
        let err = |url| UrlParts::parse(url).expect_err(url);
        assert!(matches!(
            err("http://x"),
            SmtpUrlError::UnsupportedScheme(_)
        ));
        assert!(matches!(
            err("mail.example.nl"),
            SmtpUrlError::UnsupportedScheme(_)
        ));
        assert!(matches!(err("smtp://"), SmtpUrlError::MissingHost));
        assert!(matches!(err("smtp://x:0"), SmtpUrlError::InvalidPort(_)));
        assert!(matches!(
            err("smtp://x:99999"),
            SmtpUrlError::InvalidPort(_)
        ));
        assert!(matches!(err("smtp://x/path"), SmtpUrlError::UnexpectedPath));
        assert!(matches!(
            err("smtp://x?tls=yes"),
            SmtpUrlError::UnsupportedParameter(_)
        ));
        assert!(matches!(
            err("smtps://x?tls=none"),
            SmtpUrlError::UnsupportedParameter(_)
        ));
        assert!(matches!(
            err("smtp://u:p%zz@x?tls=starttls"),
            SmtpUrlError::InvalidPercentEncoding
        ));
        assert!(matches!(
            err("smtp://u:p@mail.example.nl"),
            SmtpUrlError::CredentialsWithoutTls(_)
        ));
    }

    #[test]
    fn debug_hides_the_password() {
        let sender =
            SmtpSender::from_url("smtp://jan:geheim%21@localhost:2525").expect("valid URL");
        let debug = format!("{sender:?}");
        assert!(!debug.contains("geheim"), "{debug}");
        assert!(
            debug.contains("jan") && debug.contains("<redacted>"),
            "{debug}"
        );
    }
}
