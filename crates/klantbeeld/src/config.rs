//! Configuration: defaults, then `klantbeeld.toml`, then `KLANTBEELD_*` environment variables,
//! then command-line flags. Secrets may come from a file (`KLANTBEELD_DATABASE_URL_FILE`).
//!
//! Every setting is declared once, in the table below: its field, default, TOML key, environment
//! variable, how a bad value is reported, its comment in `klantbeeld config default` and whether
//! `Debug` hides it all come from its row (see [`declare`]).

mod declare;

use std::path::{Path, PathBuf};

use anyhow::Context;
use ipnet::IpNet;

use declare::settings;

/// The top of `klantbeeld config default`.
const SAMPLE_HEADER: &str = "\
# Klantbeeld configuration. Put this in klantbeeld.toml (or pass --config FILE).
# Every key can also be set as an environment variable KLANTBEELD_<KEY>, e.g. KLANTBEELD_LISTEN;
# flags override both. KLANTBEELD_DATABASE_URL_FILE reads the database URL from a file.
";

settings! {
    /// sqlite://PATH (created if missing) or postgres://USER:PASSWORD@HOST:PORT/DATABASE
    database_url: String = "sqlite://klantbeeld.db".into(), env: text + file, debug: url;

    /// Address and port to serve on.
    listen: String = "127.0.0.1:8080".into(), env: text;

    /// Largest accepted request body, in bytes.
    max_body_bytes: usize = 1024 * 1024, env: number("a number of bytes");

    /// Mark session cookies Secure. Unset: on when public_url starts with https://.
    secure_cookies: Option<bool> = None, env: flag, example: true;

    /// How long an agent stays logged in, in hours.
    session_hours: i64 = 12, env: number("a number of hours");

    /// Inbound contacts that may wait for the database at once; beyond this, requests get
    /// 503 with Retry-After instead of queueing without bound.
    intake_queue: usize = 4096, env: number("a number");

    /// Log filter (RUST_LOG syntax), e.g. "info" or "klantbeeld=debug,info".
    log: String = "info".into(), env: text;

    /// Outbound mail relay, unless an inbox names its own: smtp://HOST:PORT (plain, a local relay),
    /// smtp://USER:PASS@HOST:587?tls=starttls, or smtps://USER:PASS@HOST:465. Unset: mail is not sent.
    smtp_url: Option<String> = None, env: optional_text, debug: url,
        example: "smtp://127.0.0.1:25";

    /// Sender of outbound mail when the inbox has no address of its own.
    mail_from: String = "klantenservice@klantbeeld.local".into(), env: text;

    /// The address providers reach this server at; webhook signatures are checked against it.
    public_url: Option<String> = None, env: optional_text, example: "https://support.example.nl";

    /// Callbacks: the promised maximum wait without a preferred time, attempts before giving up,
    /// and minutes between attempts.
    callback_promise_minutes: i64 = 120, env: number("a whole number");
    // Attempts before a callback counts as failed (printed under the comment above).
    callback_attempts: i64 = 3, env: number("a whole number");
    // Minutes between callback attempts (printed under the comment above).
    callback_spacing_minutes: i64 = 15, env: number("a whole number");

    /// Open connections at most; more wait until one closes (WebSockets and live views count too).
    max_connections: usize = 512, env: number("a number");

    /// Seconds a connection may take to send a request's headers, counted from when it opens or its
    /// previous answer was sent. Slow, silent and idle keep-alive connections are closed after it;
    /// WebSockets and live views (SSE) are not affected.
    header_timeout_secs: u64 = 20, env: number("a number of seconds");

    /// Client address ranges that may read /metrics. A request that came through a proxy (it has a
    /// Forwarded or X-Forwarded-For header) never counts as coming from these ranges, so a reverse
    /// proxy on the same host does not expose /metrics. ["0.0.0.0/0", "::/0"] opens it to all.
    metrics_allow_from: Vec<IpNet> = loopback(),
        env: list("address ranges like 10.0.0.0/8");

    /// When set, /metrics also needs the header "Authorization: Bearer <token>"
    /// (or KLANTBEELD_METRICS_TOKEN_FILE).
    metrics_token: Option<String> = None, env: optional_text + file, debug: hidden,
        example: "a-long-random-string";

    /// Countries (ISO codes) texts may be sent to, and callbacks from the public form and the chat
    /// asked for. A request for a number elsewhere is refused: SMS pumping mostly targets far-away
    /// premium ranges. KLANTBEELD_SMS_COUNTRIES takes a comma-separated list.
    sms_countries: Vec<String> = vec!["NL".into()], env: list("country codes like NL,BE");

    /// Texts (SMS and WhatsApp) one inbox sends per hour at most; beyond it they wait for the next
    /// hour, and the first one held back is logged as an error and recorded as an sms.cap_reached event.
    sms_per_hour: i64 = 200, env: number("a whole number");

    /// This node's full-text search index (a folder it rebuilds from the database when it is missing).
    /// Unset: next to the SQLite file (klantbeeld.db -> klantbeeld.search), or for PostgreSQL in the
    /// temp folder. With several app nodes each keeps its own index; point this at local disk.
    search_index: Option<String> = None, env: optional_text,
        example: "/var/lib/klantbeeld/search";
}

fn loopback() -> Vec<IpNet> {
    ["127.0.0.0/8", "::1/128"]
        .iter()
        .filter_map(|range| range.parse().ok())
        .collect()
}

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
        let parsed = Config::from_toml(&default_toml()).expect("defaults parse");
        assert_eq!(parsed, Config::default());
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

    /// One row per setting: a value for the file and another for the environment. A setting
    /// added to the table without a row here fails the test; so does one that the sample, the
    /// file or its documented variable `KLANTBEELD_<KEY>` does not reach.
    const EVERY_SETTING: &[(&str, &str, &str)] = &[
        ("database_url", "\"sqlite://file.db\"", "postgres://db/kb"),
        ("listen", "\"0.0.0.0:9000\"", "[::]:9001"),
        ("max_body_bytes", "2048", "4096"),
        ("secure_cookies", "false", "true"),
        ("session_hours", "4", "8"),
        ("intake_queue", "16", "32"),
        ("log", "\"debug\"", "warn"),
        ("smtp_url", "\"smtp://relay:25\"", "smtps://u:p@relay:465"),
        ("mail_from", "\"a@example.nl\"", "b@example.nl"),
        (
            "public_url",
            "\"https://a.example.nl\"",
            "https://b.example.nl",
        ),
        ("callback_promise_minutes", "60", "90"),
        ("callback_attempts", "5", "7"),
        ("callback_spacing_minutes", "10", "20"),
        ("max_connections", "64", "128"),
        ("header_timeout_secs", "5", "9"),
        (
            "metrics_allow_from",
            "[\"10.0.0.0/8\"]",
            "192.168.0.0/16, ::1/128",
        ),
        ("metrics_token", "\"from-the-file\"", "from-the-environment"),
        ("sms_countries", "[\"BE\"]", "DE,FR"),
        ("sms_per_hour", "10", "20"),
        ("search_index", "\"/srv/a\"", "/srv/b"),
    ];

    fn with_env(mut config: Config, name: &str, value: &str) -> Config {
        config
            .apply_env(|key| (key == name).then(|| value.to_string()))
            .unwrap_or_else(|err| panic!("{name}={value}: {err:#}"));
        config
    }

    #[test]
    fn every_setting_is_printed_and_set_by_file_and_environment_in_that_order() {
        let keys: Vec<&str> = EVERY_SETTING.iter().map(|(key, _, _)| *key).collect();
        assert_eq!(
            keys, KEYS,
            "a row in EVERY_SETTING per setting, in the table's order"
        );
        let sample = default_toml();
        let defaults = Config::default();
        for (key, in_file, in_env) in EVERY_SETTING {
            let printed = sample
                .lines()
                .find(|line| {
                    line.strip_prefix("# ")
                        .unwrap_or(line)
                        .starts_with(&format!("{key} = "))
                })
                .unwrap_or_else(|| panic!("{key} is not in `config default`"));
            if let Some(example) = printed.strip_prefix("# ") {
                let example = Config::from_toml(example).expect("the example parses");
                assert_ne!(example, defaults, "{key}: the example is not the default");
            }
            let file = Config::from_toml(&format!("{key} = {in_file}")).expect("the file parses");
            assert_ne!(file, defaults, "{key} is set by the file");
            let name = format!("KLANTBEELD_{}", key.to_ascii_uppercase());
            let env = with_env(Config::default(), &name, in_env);
            assert_ne!(env, defaults, "{key} is set by {name}");
            assert_ne!(env, file, "{key}: the file and the environment differ");
            assert_eq!(
                with_env(file, &name, in_env),
                env,
                "{name} overrides the file"
            );
        }
    }

    #[test]
    fn bad_environment_values_name_the_variable_and_what_it_takes() {
        for (name, value, message) in [
            (
                "KLANTBEELD_MAX_BODY_BYTES",
                "1MB",
                "KLANTBEELD_MAX_BODY_BYTES must be a number of bytes",
            ),
            (
                "KLANTBEELD_SECURE_COOKIES",
                "ja",
                "KLANTBEELD_SECURE_COOKIES must be true or false",
            ),
            (
                "KLANTBEELD_SESSION_HOURS",
                "lang",
                "KLANTBEELD_SESSION_HOURS must be a number of hours",
            ),
            (
                "KLANTBEELD_INTAKE_QUEUE",
                "-1",
                "KLANTBEELD_INTAKE_QUEUE must be a number",
            ),
            (
                "KLANTBEELD_CALLBACK_PROMISE_MINUTES",
                "1.5",
                "KLANTBEELD_CALLBACK_PROMISE_MINUTES must be a whole number",
            ),
            (
                "KLANTBEELD_CALLBACK_ATTEMPTS",
                "drie",
                "KLANTBEELD_CALLBACK_ATTEMPTS must be a whole number",
            ),
            (
                "KLANTBEELD_CALLBACK_SPACING_MINUTES",
                "x",
                "KLANTBEELD_CALLBACK_SPACING_MINUTES must be a whole number",
            ),
            (
                "KLANTBEELD_MAX_CONNECTIONS",
                "veel",
                "KLANTBEELD_MAX_CONNECTIONS must be a number",
            ),
            (
                "KLANTBEELD_HEADER_TIMEOUT_SECS",
                "20s",
                "KLANTBEELD_HEADER_TIMEOUT_SECS must be a number of seconds",
            ),
            (
                "KLANTBEELD_METRICS_ALLOW_FROM",
                "lan",
                "KLANTBEELD_METRICS_ALLOW_FROM must be address ranges like 10.0.0.0/8",
            ),
            (
                "KLANTBEELD_SMS_PER_HOUR",
                "200/h",
                "KLANTBEELD_SMS_PER_HOUR must be a whole number",
            ),
        ] {
            let err = Config::default()
                .apply_env(|key| (key == name).then(|| value.to_string()))
                .expect_err(name);
            assert_eq!(err.to_string(), message);
        }
    }

    #[test]
    fn secrets_come_from_files_the_variable_wins_and_debug_hides_them() {
        let dir = tempfile::tempdir().expect("dir");
        let url_file = dir.path().join("database_url");
        std::fs::write(&url_file, "postgres://kb:geheim@db/kb\n").expect("write");
        let token_file = dir.path().join("metrics_token");
        std::fs::write(&token_file, "uit-een-bestand\n").expect("write");
        let files = |key: &str| match key {
            "KLANTBEELD_DATABASE_URL_FILE" => Some(url_file.display().to_string()),
            "KLANTBEELD_METRICS_TOKEN_FILE" => Some(token_file.display().to_string()),
            _ => None,
        };
        let mut config = Config {
            smtp_url: Some("smtps://mail:wachtwoord@relay:465".into()),
            ..Config::default()
        };
        config.apply_env(files).expect("applies");
        assert_eq!(config.database_url, "postgres://kb:geheim@db/kb");
        assert_eq!(config.metrics_token.as_deref(), Some("uit-een-bestand"));
        let shown = format!("{config:?}");
        for secret in ["geheim", "uit-een-bestand", "wachtwoord"] {
            assert!(!shown.contains(secret), "{secret} in {shown}");
        }

        config
            .apply_env(|key| match key {
                "KLANTBEELD_DATABASE_URL" => Some("sqlite://direct.db".into()),
                "KLANTBEELD_METRICS_TOKEN" => Some("direct".into()),
                _ => files(key),
            })
            .expect("applies");
        assert_eq!(config.database_url, "sqlite://direct.db");
        assert_eq!(config.metrics_token.as_deref(), Some("direct"));

        let missing = Config::default()
            .apply_env(|key| {
                (key == "KLANTBEELD_DATABASE_URL_FILE").then(|| "/nonexistent/url".to_string())
            })
            .expect_err("a missing file");
        assert_eq!(
            missing.to_string(),
            "reading KLANTBEELD_DATABASE_URL_FILE /nonexistent/url"
        );
    }

    #[test]
    fn empty_variables_leave_optional_settings_as_the_file_set_them() {
        let file = Config::from_toml(
            "public_url = \"https://a.example.nl\"\nsecure_cookies = true\nsms_countries = [\"BE\"]",
        )
        .expect("parses");
        let config = with_env(file.clone(), "KLANTBEELD_PUBLIC_URL", "");
        assert_eq!(config.public_url, file.public_url);
        assert_eq!(
            with_env(file.clone(), "KLANTBEELD_SECURE_COOKIES", "").secure_cookies,
            None
        );
        assert!(
            with_env(file, "KLANTBEELD_SMS_COUNTRIES", "")
                .sms_countries
                .is_empty()
        );
    }
}
