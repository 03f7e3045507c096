//! The machinery behind the one table of settings in `config.rs`: the `settings!` macro that turns
//! each row into the struct field, its default, its environment variable, its TOML key, its entry
//! in the printed sample and its `Debug` form; how environment values are read; how a value is
//! shown in `Debug`; how the sample is written.

/// Declares every setting once. A row reads
///
/// ```text
/// /// Sample comment, printed above the key by `klantbeeld config default` (and the field's doc).
/// key: Type = default, env: parser("what a bad value must be") + file, debug: shown, example: value;
/// ```
///
/// - `key` is the field, the TOML key, and (upper-cased, after `KLANTBEELD_`) the variable.
/// - `env: parser` names a function in [`from_env`], with its argument when it takes one;
///   `+ file` also reads the value from the file named by `KLANTBEELD_<KEY>_FILE` (before the
///   variable itself, which wins).
/// - `debug: shown` names a function in [`shown`] (default `plain`) for secrets.
/// - `example: value` is printed, commented out, for a setting whose default is unset.
/// - A row without a comment is printed right under the row above it, as one group.
macro_rules! settings {
    ($(
        $(#[doc = $doc:literal])*
        $name:ident: $ty:ty = $default:expr,
            env: $parse:ident $(($what:literal))? $(+ $file:ident)?
            $(, debug: $debug:ident)?
            $(, example: $example:expr)?;
    )*) => {
        #[derive(Clone, PartialEq, serde::Deserialize)]
        #[serde(default)]
        pub struct Config {
            $( $(#[doc = $doc])* pub $name: $ty, )*
        }

        impl Default for Config {
            fn default() -> Self {
                Config { $( $name: $default, )* }
            }
        }

        /// Secrets are redacted: passwords in URLs, tokens.
        impl std::fmt::Debug for Config {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.debug_struct("Config")
                    $( .field(stringify!($name), &$crate::config::declare::show!($($debug)?; &self.$name)) )*
                    .finish()
            }
        }

        /// Every key the file may hold.
        const KEYS: &[&str] = &[$( stringify!($name) ),*];

        impl Config {
            /// Applies `KLANTBEELD_<KEY>` variables, and `KLANTBEELD_<KEY>_FILE` for the settings
            /// that take a secret from a file.
            pub fn apply_env(&mut self, var: impl Fn(&str) -> Option<String>) -> anyhow::Result<()> {
                use anyhow::Context as _;
                use $crate::config::declare::from_env;
                $(
                    let key = from_env::variable(stringify!($name));
                    let parse = |text: String| from_env::$parse(&key, text $(, $what)?);
                    $(
                        let file = format!("{key}_{}", stringify!($file).to_ascii_uppercase());
                        if let Some(path) = var(&file) {
                            let text = std::fs::read_to_string(&path)
                                .with_context(|| format!("reading {file} {path}"))?;
                            if let Some(value) = parse(text.trim().to_string())? {
                                self.$name = value;
                            }
                        }
                    )?
                    if let Some(value) = var(&key).map(parse).transpose()?.flatten() {
                        self.$name = value;
                    }
                )*
                Ok(())
            }
        }

        /// The documented defaults, as printed by `klantbeeld config default`.
        pub fn default_toml() -> String {
            use $crate::config::declare::sample;
            let defaults = Config::default();
            let mut out = String::from(SAMPLE_HEADER);
            $(
                sample::entry(
                    &mut out,
                    stringify!($name),
                    &[$($doc),*],
                    sample::value(&defaults.$name),
                    $crate::config::declare::optional!($( sample::value(&$example) )?).flatten(),
                );
            )*
            out
        }
    };
}
pub(crate) use settings;

/// `Some(expr)` when given an expression, else `None`.
macro_rules! optional {
    () => {
        None::<Option<String>>
    };
    ($value:expr) => {
        Some($value)
    };
}
pub(crate) use optional;

/// A setting's `Debug` form: `plain` unless the row names another function in [`shown`].
macro_rules! show {
    (; $value:expr) => {
        $crate::config::declare::shown::plain($value)
    };
    ($how:ident; $value:expr) => {
        $crate::config::declare::shown::$how($value)
    };
}
pub(crate) use show;

/// How environment values are read. Each returns `Ok(None)` to leave the setting as it was.
pub mod from_env {
    use std::str::FromStr;

    use anyhow::{Context, bail};

    /// `KLANTBEELD_<KEY>`.
    pub fn variable(key: &str) -> String {
        format!("KLANTBEELD_{}", key.to_ascii_uppercase())
    }

    /// Taken as it is, empty too.
    pub fn text(_key: &str, value: String) -> anyhow::Result<Option<String>> {
        Ok(Some(value))
    }

    /// An optional text; empty leaves it as it was.
    pub fn optional_text(_key: &str, value: String) -> anyhow::Result<Option<Option<String>>> {
        Ok((!value.is_empty()).then_some(Some(value)))
    }

    /// `true`/`1`, `false`/`0`, or empty for unset.
    pub fn flag(key: &str, value: String) -> anyhow::Result<Option<Option<bool>>> {
        Ok(Some(match value.as_str() {
            "1" | "true" => Some(true),
            "0" | "false" => Some(false),
            "" => None,
            _ => bail!("{key} must be true or false"),
        }))
    }

    /// A number; a bad one is reported as "`KEY` must be `what`".
    pub fn number<T>(key: &str, value: String, what: &str) -> anyhow::Result<Option<T>>
    where
        T: FromStr,
        T::Err: std::error::Error + Send + Sync + 'static,
    {
        value
            .parse()
            .map(Some)
            .with_context(|| format!("{key} must be {what}"))
    }

    /// A comma-separated list; blanks around and between items are dropped.
    pub fn list<T>(key: &str, value: String, what: &str) -> anyhow::Result<Option<Vec<T>>>
    where
        T: FromStr,
        T::Err: std::error::Error + Send + Sync + 'static,
    {
        value
            .split(',')
            .map(str::trim)
            .filter(|item| !item.is_empty())
            .map(str::parse)
            .collect::<Result<_, _>>()
            .map(Some)
            .with_context(|| format!("{key} must be {what}"))
    }
}

/// How a setting appears in `Debug`, and so in the log line `serve` writes at start.
pub mod shown {
    use std::fmt::Debug;

    use super::super::redact_url;

    pub fn plain<T: Debug>(value: &T) -> &dyn Debug {
        value
    }

    /// Without `user:password@` and secret query parameters.
    pub fn url(value: &impl Url) -> Box<dyn Debug> {
        value.redacted()
    }

    /// `Some("***")` when set.
    pub fn hidden<T>(value: &Option<T>) -> Option<&'static str> {
        value.as_ref().map(|_| "***")
    }

    /// A URL setting, set or optional.
    pub trait Url {
        fn redacted(&self) -> Box<dyn Debug>;
    }

    impl Url for String {
        fn redacted(&self) -> Box<dyn Debug> {
            Box::new(redact_url(self))
        }
    }

    impl Url for Option<String> {
        fn redacted(&self) -> Box<dyn Debug> {
            Box::new(self.as_deref().map(redact_url))
        }
    }
}

/// Writing `klantbeeld config default`.
pub mod sample {
    use serde::Serialize;

    /// A value as TOML writes it; `None` for an unset option.
    pub fn value(value: &impl Serialize) -> Option<String> {
        let value = toml::Value::try_from(value).ok()?;
        let mut table = toml::Table::new();
        table.insert("v".into(), value);
        let line = toml::to_string(&table).ok()?;
        Some(line.strip_prefix("v = ")?.trim_end().to_string())
    }

    /// One setting: a blank line and its comment (unless it has none: then it belongs to the
    /// group above), then `key = default`, or `# key = example` when unset by default.
    pub fn entry(
        out: &mut String,
        key: &str,
        comment: &[&str],
        default: Option<String>,
        example: Option<String>,
    ) {
        if !comment.is_empty() {
            out.push('\n');
        }
        for line in comment {
            out.push('#');
            out.push_str(line);
            out.push('\n');
        }
        match (default, example) {
            (Some(value), _) => out.push_str(&format!("{key} = {value}\n")),
            (None, Some(example)) => out.push_str(&format!("# {key} = {example}\n")),
            (None, None) => {}
        }
    }
}
