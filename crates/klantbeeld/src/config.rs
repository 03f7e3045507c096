//! Configuration: defaults, then `klantbeeld.toml`, then `KLANTBEELD_*` environment variables,
//! then command-line flags. Secrets may come from a file (`KLANTBEELD_DATABASE_URL_FILE`).

use std::fmt;
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use ipnet::IpNet;
use serde::Deserialize;

#[derive(Clone, Deserialize)]
#[serde(default)]
pub struct Config {
    /// `sqlite://PATH` (created if missing) or `postgres://USER:PASSWORD@HOST/DB`.
    pub database_url: String,
    /// Address and port to serve on.
    pub listen: String,
    /// Largest accepted request body, in bytes.
    pub max_body_bytes: usize,
    /// Mark session cookies `Secure`. Unset: on when `public_url` is `https://`.
    pub secure_cookies: Option<bool>,
    /// How long an agent stays logged in, in hours.
    pub session_hours: i64,
    /// Inbound contacts that may wait for the database at once; beyond it requests get 503.
    pub intake_queue: usize,
    /// Log filter, in `RUST_LOG` syntax.
    pub log: String,
    /// Where outbound mail goes unless an inbox names its own relay: `smtp://host:port` (plain, a
    /// local relay), `smtp://user:pass@host:587?tls=starttls`, `smtps://user:pass@host:465`.
    pub smtp_url: Option<String>,
    /// The sender of outbound mail when the inbox has no address of its own.
    pub mail_from: String,
    /// The address outside systems reach this server at; webhook signatures are checked against it.
    pub public_url: Option<String>,
    /// A customer without a preferred time is promised a callback within this many minutes.
    pub callback_promise_minutes: i64,
    /// Attempts before a callback counts as failed.
    pub callback_attempts: i64,
    /// Minutes between callback attempts.
    pub callback_spacing_minutes: i64,
    /// Open connections at most; more wait until one closes.
    pub max_connections: usize,
    /// Seconds a connection may take to send a request's headers, counted from when it opens or
    /// its previous answer was sent: slow, silent and idle keep-alive connections are closed.
    pub header_timeout_secs: u64,
    /// Client addresses that may read `/metrics`; a request through a proxy (with a
    /// `Forwarded`/`X-Forwarded-For` header) never counts as coming from them.
    pub metrics_allow_from: Vec<IpNet>,
    /// When set, `/metrics` also needs `Authorization: Bearer <token>`.
    pub metrics_token: Option<String>,
    /// Countries (ISO codes such as `NL`, `BE`) texts may go to and callbacks from the public
    /// form and the chat may be asked for.
    pub sms_countries: Vec<String>,
    /// Texts (SMS and WhatsApp) one inbox sends per hour at most; beyond it they wait.
    pub sms_per_hour: i64,
    /// This node's search index folder. Unset: next to the SQLite file (`klantbeeld.db` →
    /// `klantbeeld.search`), or for PostgreSQL in the temp folder, named after the database.
    pub search_index: Option<String>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            database_url: "sqlite://klantbeeld.db".into(),
            listen: "127.0.0.1:8080".into(),
            max_body_bytes: 1024 * 1024,
            secure_cookies: None,
            session_hours: 12,
            intake_queue: 4096,
            log: "info".into(),
            smtp_url: None,
            mail_from: "klantenservice@klantbeeld.local".into(),
            public_url: None,
            callback_promise_minutes: 120,
            callback_attempts: 3,
            callback_spacing_minutes: 15,
            max_connections: 512,
            header_timeout_secs: 20,
            metrics_allow_from: loopback(),
            metrics_token: None,
            sms_countries: vec!["NL".into()],
            sms_per_hour: 200,
            search_index: None,
        }
    }
}

fn loopback() -> Vec<IpNet> {
    ["127.0.0.0/8", "::1/128"]
        .iter()
        .filter_map(|range| range.parse().ok())
        .collect()
}

/// Redacts the password in the database URL.
impl fmt::Debug for Config {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Config")
            .field("database_url", &redact_url(&self.database_url))
            .field("listen", &self.listen)
            .field("max_body_bytes", &self.max_body_bytes)
            .field("secure_cookies", &self.secure_cookies)
            .field("session_hours", &self.session_hours)
            .field("intake_queue", &self.intake_queue)
            .field("log", &self.log)
            .field("smtp_url", &self.smtp_url.as_deref().map(redact_url))
            .field("mail_from", &self.mail_from)
            .field("public_url", &self.public_url)
            .field("callback_promise_minutes", &self.callback_promise_minutes)
            .field("callback_attempts", &self.callback_attempts)
            .field("callback_spacing_minutes", &self.callback_spacing_minutes)
            .field("max_connections", &self.max_connections)
            .field("header_timeout_secs", &self.header_timeout_secs)
            .field("metrics_allow_from", &self.metrics_allow_from)
            .field("metrics_token", &self.metrics_token.as_ref().map(|_| "***"))
            .field("sms_countries", &self.sms_countries)
            .field("sms_per_hour", &self.sms_per_hour)
            .field("search_index", &self.search_index)
            .finish()
    }
}

const KEYS: &[&str] = &[
    "database_url",
    "listen",
    "max_body_bytes",
    "secure_cookies",
    "session_hours",
    "intake_queue",
    "log",
    "smtp_url",
    "mail_from",
    "public_url",
    "callback_promise_minutes",
    "callback_attempts",
    "callback_spacing_minutes",
    "max_connections",
    "header_timeout_secs",
    "metrics_allow_from",
    "metrics_token",
    "sms_countries",
    "sms_per_hour",
    "search_index",
];

/// Hides `user:password@` and secret query parameters (`?password=`, `&sslpassword=`, ...) in a URL.
pub fn redact_url(url: &str) -> String {
    let (address, query) = url.split_once('?').unwrap_or((url, ""));
    let mut out = match address.split_once("://") {
        Some((scheme, rest)) => {
            let authority_end = rest.find('/').unwrap_or(rest.len());
            match rest[..authority_end].rfind('@') {
                Some(at) => format!("{scheme}://***@{}", &rest[at + 1..]),
                None => address.to_string(),
            }
        }
        None => address.to_string(),
    };
    if url.contains('?') {
        let params: Vec<String> = query
            .split('&')
            .map(|param| {
                let key = param.split_once('=').map_or(param, |(key, _)| key);
                let lower = key.to_ascii_lowercase();
                if ["pass", "secret", "token", "key"]
                    .iter()
                    .any(|s| lower.contains(s))
                {
                    format!("{key}=***")
                } else {
                    param.to_string()
                }
            })
            .collect();
        out.push('?');
        out.push_str(&params.join("&"));
    }
    out
}

impl Config {
    /// Loads defaults, then the file (when given, or `klantbeeld.toml` when present), then the
    /// environment. Unknown keys in the file are warned about, not fatal.
    pub fn load(file: Option<&Path>) -> anyhow::Result<Config> {
        let mut config = match file {
            Some(path) => Self::from_file(path)?,
            None if Path::new("klantbeeld.toml").exists() => {
                Self::from_file(Path::new("klantbeeld.toml"))?
            }
            None => Config::default(),
        };
        config.apply_env(|key| std::env::var(key).ok())?;
        Ok(config)
    }

    fn from_file(path: &Path) -> anyhow::Result<Config> {
        let text =
            std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
        Self::from_toml(&text).with_context(|| format!("in {}", path.display()))
    }

    pub fn from_toml(text: &str) -> anyhow::Result<Config> {
        let table: toml::Table = toml::from_str(text)?;
        for key in table.keys().filter(|k| !KEYS.contains(&k.as_str())) {
            tracing::warn!(key, "unknown configuration key ignored");
            eprintln!("warning: unknown configuration key {key:?} ignored");
        }
        Ok(table.try_into()?)
    }

    /// Applies `KLANTBEELD_<KEY>` variables, and `KLANTBEELD_DATABASE_URL_FILE`.
    pub fn apply_env(&mut self, var: impl Fn(&str) -> Option<String>) -> anyhow::Result<()> {
        if let Some(path) = var("KLANTBEELD_DATABASE_URL_FILE") {
            let url = std::fs::read_to_string(&path)
                .with_context(|| format!("reading KLANTBEELD_DATABASE_URL_FILE {path}"))?;
            self.database_url = url.trim().to_string();
        }
        if let Some(url) = var("KLANTBEELD_DATABASE_URL") {
            self.database_url = url;
        }
        if let Some(listen) = var("KLANTBEELD_LISTEN") {
            self.listen = listen;
        }
        if let Some(bytes) = var("KLANTBEELD_MAX_BODY_BYTES") {
            self.max_body_bytes = bytes
                .parse()
                .context("KLANTBEELD_MAX_BODY_BYTES must be a number of bytes")?;
        }
        if let Some(flag) = var("KLANTBEELD_SECURE_COOKIES") {
            self.secure_cookies = match flag.as_str() {
                "1" | "true" => Some(true),
                "0" | "false" => Some(false),
                "" => None,
                _ => bail!("KLANTBEELD_SECURE_COOKIES must be true or false"),
            };
        }
        if let Some(hours) = var("KLANTBEELD_SESSION_HOURS") {
            self.session_hours = hours
                .parse()
                .context("KLANTBEELD_SESSION_HOURS must be a number of hours")?;
        }
        if let Some(queue) = var("KLANTBEELD_INTAKE_QUEUE") {
            self.intake_queue = queue
                .parse()
                .context("KLANTBEELD_INTAKE_QUEUE must be a number")?;
        }
        if let Some(log) = var("KLANTBEELD_LOG") {
            self.log = log;
        }
        if let Some(url) = var("KLANTBEELD_SMTP_URL").filter(|u| !u.is_empty()) {
            self.smtp_url = Some(url);
        }
        if let Some(from) = var("KLANTBEELD_MAIL_FROM") {
            self.mail_from = from;
        }
        if let Some(url) = var("KLANTBEELD_PUBLIC_URL").filter(|u| !u.is_empty()) {
            self.public_url = Some(url);
        }
        if let Some(count) = var("KLANTBEELD_MAX_CONNECTIONS") {
            self.max_connections = count
                .parse()
                .context("KLANTBEELD_MAX_CONNECTIONS must be a number")?;
        }
        if let Some(secs) = var("KLANTBEELD_HEADER_TIMEOUT_SECS") {
            self.header_timeout_secs = secs
                .parse()
                .context("KLANTBEELD_HEADER_TIMEOUT_SECS must be a number of seconds")?;
        }
        if let Some(ranges) = var("KLANTBEELD_METRICS_ALLOW_FROM") {
            self.metrics_allow_from = ranges
                .split(',')
                .map(str::trim)
                .filter(|range| !range.is_empty())
                .map(str::parse)
                .collect::<Result<_, _>>()
                .context("KLANTBEELD_METRICS_ALLOW_FROM must be address ranges like 10.0.0.0/8")?;
        }
        if let Some(path) = var("KLANTBEELD_METRICS_TOKEN_FILE") {
            let token = std::fs::read_to_string(&path)
                .with_context(|| format!("reading KLANTBEELD_METRICS_TOKEN_FILE {path}"))?;
            self.metrics_token = Some(token.trim().to_string());
        }
        if let Some(token) = var("KLANTBEELD_METRICS_TOKEN").filter(|t| !t.is_empty()) {
            self.metrics_token = Some(token);
        }
        if let Some(path) = var("KLANTBEELD_SEARCH_INDEX").filter(|p| !p.is_empty()) {
            self.search_index = Some(path);
        }
        if let Some(countries) = var("KLANTBEELD_SMS_COUNTRIES") {
            self.sms_countries = countries
                .split(',')
                .map(str::trim)
                .filter(|c| !c.is_empty())
                .map(str::to_string)
                .collect();
        }
        for (key, field) in [
            ("KLANTBEELD_SMS_PER_HOUR", &mut self.sms_per_hour),
            (
                "KLANTBEELD_CALLBACK_PROMISE_MINUTES",
                &mut self.callback_promise_minutes,
            ),
            ("KLANTBEELD_CALLBACK_ATTEMPTS", &mut self.callback_attempts),
            (
                "KLANTBEELD_CALLBACK_SPACING_MINUTES",
                &mut self.callback_spacing_minutes,
            ),
        ] {
            if let Some(value) = var(key) {
                *field = value
                    .parse()
                    .with_context(|| format!("{key} must be a whole number"))?;
            }
        }
        Ok(())
    }

    /// The allowed text destinations, upper-cased.
    pub fn sms_countries(&self) -> Vec<String> {
        self.sms_countries
            .iter()
            .map(|c| c.trim().to_ascii_uppercase())
            .collect()
    }

    /// Where this node keeps its search index (see [`Config::search_index`]).
    pub fn search_index_path(&self) -> PathBuf {
        if let Some(path) = &self.search_index {
            return PathBuf::from(path);
        }
        let url = self.database_url.split('?').next().unwrap_or_default();
        match url
            .strip_prefix("sqlite://")
            .or_else(|| url.strip_prefix("sqlite:"))
        {
            Some(file) if !file.is_empty() && !file.contains(":memory:") => {
                Path::new(file).with_extension("search")
            }
            _ => {
                // One folder per database: its host, port and name, without credentials.
                let place = redact_url(url);
                let place = place.rsplit('@').next().unwrap_or_default();
                let name: String = place
                    .chars()
                    .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
                    .collect();
                std::env::temp_dir().join(format!("klantbeeld-search-{name}"))
            }
        }
    }

    pub fn web(&self) -> web::WebConfig {
        web::WebConfig {
            max_body_bytes: self.max_body_bytes,
            secure_cookies: self.secure_cookies.unwrap_or_else(|| {
                self.public_url
                    .as_deref()
                    .is_some_and(|url| url.to_ascii_lowercase().starts_with("https://"))
            }),
            session_hours: self.session_hours,
            intake_queue: self.intake_queue,
            public_url: self.public_url.clone(),
            callback_promise_minutes: self.callback_promise_minutes.max(1),
            callback_attempts: self.callback_attempts.max(1),
            callback_spacing_minutes: self.callback_spacing_minutes.max(1),
            metrics_allow_from: self.metrics_allow_from.clone(),
            metrics_token: self.metrics_token.clone().filter(|t| !t.is_empty()),
            sms_countries: self.sms_countries(),
        }
    }
}

/// The documented defaults, as printed by `klantbeeld config default`.
pub const DEFAULT_TOML: &str = r#"# Klantbeeld configuration. Put this in klantbeeld.toml (or pass --config FILE).
# Every key can also be set as an environment variable KLANTBEELD_<KEY>, e.g. KLANTBEELD_LISTEN;
# flags override both. KLANTBEELD_DATABASE_URL_FILE reads the database URL from a file.

# sqlite://PATH (created if missing) or postgres://USER:PASSWORD@HOST:PORT/DATABASE
database_url = "sqlite://klantbeeld.db"

# Address and port to serve on.
listen = "127.0.0.1:8080"

# Largest accepted request body, in bytes.
max_body_bytes = 1048576

# Mark session cookies Secure. Unset: on when public_url starts with https://.
# secure_cookies = true

# How long an agent stays logged in, in hours.
session_hours = 12

# Inbound contacts that may wait for the database at once; beyond this, requests get
# 503 with Retry-After instead of queueing without bound.
intake_queue = 4096

# Log filter (RUST_LOG syntax), e.g. "info" or "klantbeeld=debug,info".
log = "info"

# Outbound mail relay, unless an inbox names its own: smtp://HOST:PORT (plain, a local relay),
# smtp://USER:PASS@HOST:587?tls=starttls, or smtps://USER:PASS@HOST:465. Unset: mail is not sent.
# smtp_url = "smtp://127.0.0.1:25"

# Sender of outbound mail when the inbox has no address of its own.
mail_from = "klantenservice@klantbeeld.local"

# The address providers reach this server at; webhook signatures are checked against it.
# public_url = "https://support.example.nl"

# Callbacks: the promised maximum wait without a preferred time, attempts before giving up,
# and minutes between attempts.
callback_promise_minutes = 120
callback_attempts = 3
callback_spacing_minutes = 15

# Open connections at most; more wait until one closes (WebSockets and live views count too).
max_connections = 512

# Seconds a connection may take to send a request's headers, counted from when it opens or its
# previous answer was sent. Slow, silent and idle keep-alive connections are closed after it;
# WebSockets and live views (SSE) are not affected.
header_timeout_secs = 20

# Client address ranges that may read /metrics. A request that came through a proxy (it has a
# Forwarded or X-Forwarded-For header) never counts as coming from these ranges, so a reverse
# proxy on the same host does not expose /metrics. ["0.0.0.0/0", "::/0"] opens it to all.
metrics_allow_from = ["127.0.0.0/8", "::1/128"]

# When set, /metrics also needs the header "Authorization: Bearer <token>"
# (or KLANTBEELD_METRICS_TOKEN_FILE).
# metrics_token = "a-long-random-string"

# Countries (ISO codes) texts may be sent to, and callbacks from the public form and the chat
# asked for. A request for a number elsewhere is refused: SMS pumping mostly targets far-away
# premium ranges. KLANTBEELD_SMS_COUNTRIES takes a comma-separated list.
sms_countries = ["NL"]

# Texts (SMS and WhatsApp) one inbox sends per hour at most; beyond it they wait for the next
# hour, and the first one held back is logged as an error and recorded as an sms.cap_reached event.
sms_per_hour = 200

# This node's full-text search index (a folder it rebuilds from the database when it is missing).
# Unset: next to the SQLite file (klantbeeld.db -> klantbeeld.search), or for PostgreSQL in the
# temp folder. With several app nodes each keeps its own index; point this at local disk.
# search_index = "/var/lib/klantbeeld/search"
"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_search_index_sits_next_to_the_database() {
        let sqlite = Config {
            database_url: "sqlite:///var/lib/kb/klantbeeld.db?mode=rwc".into(),
            ..Config::default()
        };
        assert_eq!(
            sqlite.search_index_path(),
            Path::new("/var/lib/kb/klantbeeld.search")
        );
        let postgres = Config {
            database_url: "postgres://kb:secret@db.local:5432/klantbeeld".into(),
            ..Config::default()
        };
        let path = postgres.search_index_path().display().to_string();
        assert!(
            path.ends_with("klantbeeld-search-db-local-5432-klantbeeld"),
            "{path}"
        );
        let chosen = Config {
            search_index: Some("/srv/search".into()),
            ..postgres
        };
        assert_eq!(chosen.search_index_path(), Path::new("/srv/search"));
    }

    #[test]
    fn the_printed_defaults_are_the_defaults() {
        let parsed = Config::from_toml(DEFAULT_TOML).expect("defaults parse");
        assert_eq!(format!("{parsed:?}"), format!("{:?}", Config::default()));
    }

    #[test]
    fn environment_overrides_file_and_secrets_are_redacted() {
        let mut config =
            Config::from_toml("listen = \"0.0.0.0:9000\"\nsession_hours = 4").expect("parses");
        config
            .apply_env(|key| {
                (key == "KLANTBEELD_DATABASE_URL").then(|| "postgres://kb:geheim@db/kb".to_string())
            })
            .expect("applies");
        assert_eq!(config.listen, "0.0.0.0:9000");
        assert_eq!(config.session_hours, 4);
        assert!(!format!("{config:?}").contains("geheim"));
        assert!(format!("{config:?}").contains("postgres://***@db/kb"));
    }

    #[test]
    fn bad_values_are_reported() {
        assert!(Config::from_toml("session_hours = \"lang\"").is_err());
        let mut config = Config::default();
        assert!(
            config
                .apply_env(|key| (key == "KLANTBEELD_SECURE_COOKIES").then(|| "ja".into()))
                .is_err()
        );
    }

    #[test]
    fn passwords_in_the_query_string_are_redacted_too() {
        assert_eq!(
            redact_url("postgres://db/kb?user=kb&password=geheim&sslmode=require"),
            "postgres://db/kb?user=kb&password=***&sslmode=require"
        );
        assert_eq!(
            redact_url("postgres://kb:geheim@db:5432/kb?Password=ook"),
            "postgres://***@db:5432/kb?Password=***"
        );
        assert_eq!(
            redact_url("postgres://db/kb?options=a@b&sslpassword=x"),
            "postgres://db/kb?options=a@b&sslpassword=***"
        );
        assert_eq!(
            redact_url("sqlite://klantbeeld.db"),
            "sqlite://klantbeeld.db"
        );
    }

    #[test]
    fn cookies_are_secure_by_default_behind_https_unless_set_explicitly() {
        let https = Config {
            public_url: Some("https://support.example.nl".into()),
            ..Config::default()
        };
        assert!(https.web().secure_cookies);
        assert!(!Config::default().web().secure_cookies);
        let explicit = Config {
            secure_cookies: Some(false),
            ..https
        };
        assert!(!explicit.web().secure_cookies);
    }

    #[test]
    fn metrics_ranges_and_token_come_from_the_environment() {
        let mut config = Config::default();
        config
            .apply_env(|key| match key {
                "KLANTBEELD_METRICS_ALLOW_FROM" => Some("10.0.0.0/8, ::1/128".into()),
                "KLANTBEELD_METRICS_TOKEN" => Some("scrape-me".into()),
                _ => None,
            })
            .expect("applies");
        assert_eq!(config.metrics_allow_from.len(), 2);
        assert!(!format!("{config:?}").contains("scrape-me"));
        assert!(
            Config::default()
                .apply_env(|key| (key == "KLANTBEELD_METRICS_ALLOW_FROM").then(|| "lan".into()))
                .is_err()
        );
    }
}
