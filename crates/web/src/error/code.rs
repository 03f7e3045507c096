//! Every stable code an API error carries: the `error` value of its JSON, which clients match on.
//! Listed once, each with what it means; the strings never change once shipped.

use serde::{Serialize, Serializer};

/// Declares the codes: the enum, its string per variant and the list of all of them.
macro_rules! error_codes {
    ($( $(#[doc = $doc:literal])+ $variant:ident = $text:literal, )+) => {
        /// The stable code of an error answer, a client can match on its string ([`ErrorCode::as_str`]).
        /// It is also kept on the response, for the page routes' error pages
        /// ([`crate::pages::errors`]) to explain it in the reader's language.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum ErrorCode {
            $( $(#[doc = $doc])+ $variant, )+
        }

        impl ErrorCode {
            /// Every code, in the order listed.
            pub const ALL: &'static [ErrorCode] = &[$(ErrorCode::$variant),+];

            /// The code as the JSON `error` value says it.
            pub const fn as_str(self) -> &'static str {
                match self {
                    $(ErrorCode::$variant => $text,)+
                }
            }
        }
    };
}

error_codes! {
    // Missing things.
    /// A path under `/api` that is no endpoint.
    RouteNotFound = "route_not_found",
    /// Something the store does not have, of a kind without a code of its own.
    NotFound = "not_found",
    /// No such case (or it was merged away).
    CaseNotFound = "case_not_found",
    /// No such customer (or they were merged into another).
    CustomerNotFound = "customer_not_found",
    /// No such agent.
    AgentNotFound = "agent_not_found",
    /// No such team.
    TeamNotFound = "team_not_found",
    /// No such API token.
    TokenNotFound = "token_not_found",
    /// No active inbox of the hook's kind with that id.
    InboxNotFound = "inbox_not_found",
    /// The agent has no draft on the case.
    DraftNotFound = "draft_not_found",

    // Who may call.
    /// No valid API token or session.
    Unauthorized = "unauthorized",
    /// The caller may not do this (its role, or not its own view).
    Forbidden = "forbidden",
    /// The agent's role may not open the page.
    ForbiddenRole = "forbidden_role",
    /// A form's CSRF token is missing or stale: the page expired.
    FormExpired = "form_expired",
    /// A form post from another site.
    CrossSite = "cross_site",
    /// `/setup` opened neither on the server nor with the setup key.
    SetupRefused = "setup_refused",
    /// A one-time password link (`/setup/{token}`) that is invalid, expired or used.
    SetupLinkInvalid = "setup_link_invalid",
    /// `/metrics` asked for from an address or with a token it is not served to.
    MetricsForbidden = "metrics_forbidden",
    /// The call needs an agent (a session, or a token an agent made).
    NoAgent = "no_agent",
    /// A hook's inbox has no webhook secret and is not opened on purpose.
    WebhookSecretMissing = "webhook_secret_missing",
    /// A hook's request is not signed with its inbox's secret.
    BadSignature = "bad_signature",

    // The request's form.
    /// A path parameter that is malformed (an id with letters in it).
    InvalidPath = "invalid_path",
    /// Query parameters that do not parse.
    InvalidQuery = "invalid_query",
    /// A body that does not fit the endpoint's shape.
    InvalidBody = "invalid_body",
    /// A body that is not JSON.
    MalformedJson = "malformed_json",
    /// A body that is not sent as JSON.
    UnsupportedMediaType = "unsupported_media_type",
    /// A body larger than the endpoint accepts.
    BodyTooLarge = "body_too_large",
    /// A body that could not be read.
    UnreadableBody = "unreadable_body",
    /// A body that is not UTF-8.
    InvalidUtf8 = "invalid_utf8",
    /// A bulk request without lines.
    EmptyBody = "empty_body",
    /// A form (urlencoded or multipart) that does not parse.
    InvalidForm = "invalid_form",
    /// A query parameter the endpoint does not know.
    UnknownParameter = "unknown_parameter",
    /// A query parameter with a value that is not a number.
    InvalidParameter = "invalid_parameter",
    /// A page cursor that is malformed or belongs to another sort.
    InvalidCursor = "invalid_cursor",
    /// A page size out of range.
    InvalidLimit = "invalid_limit",
    /// A page number that is not a whole number from 1, or past the last page.
    InvalidPage = "invalid_page",
    /// A date that is not `YYYY-MM-DD` (or out of range), or a start after the end.
    InvalidDate = "invalid_date",
    /// A `from` after the `to`.
    InvalidRange = "invalid_range",
    /// A CSV separator other than comma or semicolon.
    InvalidSeparator = "invalid_separator",
    /// An export format other than html or csv.
    InvalidFormat = "invalid_format",

    // Fields.
    /// A field with a value that breaks its rule; the message names the field.
    InvalidField = "invalid_field",
    /// A required field that is missing.
    MissingField = "missing_field",
    /// Input the store refuses by a rule only it can see.
    InvalidRequest = "invalid_request",
    /// An email address that is not one.
    InvalidEmail = "invalid_email",
    /// A phone number that is not one (E.164).
    InvalidPhone = "invalid_phone",
    /// A chat or social handle that is not one.
    InvalidHandle = "invalid_handle",
    /// A customer's attributes: too many, or a key or value that does not fit.
    InvalidAttributes = "invalid_attributes",
    /// A password too short or too long.
    InvalidPassword = "invalid_password",
    /// A callback status that is not one of the known ones.
    InvalidStatus = "invalid_status",
    /// An inbox's settings that do not fit its kind.
    InvalidSettings = "invalid_settings",
    /// A secret setting that must be given again, because where it is sent changed.
    SecretRequired = "secret_required",
    /// A business calendar that does not fit its rules.
    InvalidCalendar = "invalid_calendar",
    /// A survey fatigue policy that does not fit its rules.
    InvalidPolicy = "invalid_policy",
    /// A draft longer than a draft may be.
    DraftTooLong = "draft_too_long",
    /// The last active admin would be deactivated or lose the admin role.
    LastAdmin = "last_admin",
    /// A uniqueness rule or another change already there.
    Conflict = "conflict",

    // Interactions.
    /// An interaction's `from` without email, phone or handle.
    InvalidFrom = "invalid_from",
    /// One line of a bulk request that is not a valid interaction.
    InvalidLine = "invalid_line",
    /// A bulk request with invalid lines, listed in `details`.
    InvalidLines = "invalid_lines",
    /// A bulk request with more lines than allowed.
    TooManyLines = "too_many_lines",
    /// More cases in one bulk change than allowed.
    TooManyCases = "too_many_cases",

    // Writing to a customer.
    /// The customer cannot be reached on the chosen reply route, or on any.
    NoReplyRoute = "no_reply_route",
    /// The customer has no address on the chosen channel.
    NoAddress = "no_address",
    /// An email address to copy to that is not one.
    InvalidAddress = "invalid_address",
    /// More copy addresses than allowed.
    TooManyCopies = "too_many_copies",
    /// A line break in a field that becomes a mail header.
    HeaderInjection = "header_injection",
    /// More files with one reply than allowed.
    TooManyAttachments = "too_many_attachments",
    /// A file, or all together, larger than allowed.
    AttachmentTooLarge = "attachment_too_large",
    /// A file of a type that is not accepted.
    AttachmentTypeRefused = "attachment_type_refused",

    // Callbacks.
    /// A number in a country we do not call back.
    PhoneCountry = "phone_country",
    /// A number given too often today on the public surfaces.
    TooManyCallbacks = "too_many_callbacks",

    // Metrics, dashboards and search.
    /// A metric that does not exist.
    InvalidMetric = "invalid_metric",
    /// A dimension to group by that the metric does not have.
    InvalidDimension = "invalid_dimension",
    /// A `group_by` of survey results that is not one of theirs.
    InvalidGroupBy = "invalid_group_by",
    /// A drill-down group that does not fit its figure.
    InvalidGroup = "invalid_group",
    /// A filter that is malformed.
    InvalidFilter = "invalid_filter",
    /// A time zone that is not an IANA one.
    InvalidTimeZone = "invalid_time_zone",
    /// Business time asked for a metric it does not apply to, or malformed.
    InvalidTime = "invalid_time",
    /// `fcr_days` out of range.
    InvalidFcrDays = "invalid_fcr_days",
    /// `contacts_days` out of range.
    InvalidContactsDays = "invalid_contacts_days",
    /// A driver analysis without a known outcome.
    InvalidOutcome = "invalid_outcome",
    /// A record to score that does not fit the model's input.
    InvalidCustomerRecord = "invalid_customer_record",
    /// More records to score than one call takes.
    TooManyRecords = "too_many_records",
    /// No churn-risk model has been fitted yet (too few customers, or still fitting).
    NoModel = "no_model",
    /// A service-level target out of range.
    InvalidTarget = "invalid_target",
    /// A dashboard export without a table, or a metric and its grouping.
    InvalidExport = "invalid_export",
    /// An export with more rows than allowed.
    TooManyRows = "too_many_rows",
    /// The fact store is still loading; retry shortly.
    FactsLoading = "facts_loading",
    /// A search without `q`.
    MissingQuery = "missing_query",
    /// A search longer than allowed.
    QueryTooLong = "query_too_long",
    /// The search index is still being built; retry shortly.
    SearchLoading = "search_loading",
    /// The search failed.
    SearchFailed = "search_failed",

    // Hooks.
    /// An inbox whose provider settings are invalid.
    InboxMisconfigured = "inbox_misconfigured",
    /// An SMS or WhatsApp webhook that does not parse.
    InvalidWebhook = "invalid_webhook",
    /// A PBX call event that does not parse.
    InvalidCallEvent = "invalid_call_event",
    /// An email that does not parse.
    InvalidMessage = "invalid_message",
    /// An email larger than allowed.
    MessageTooLarge = "message_too_large",

    // The server.
    /// Too many requests are waiting; retry shortly (with `Retry-After`).
    Overloaded = "overloaded",
    /// The database (or a contact's write) is unavailable; retry shortly.
    Unavailable = "unavailable",
    /// `/healthz`: the database does not answer.
    DatabaseUnavailable = "database_unavailable",
    /// The request took longer than its limit; retry shortly.
    Timeout = "timeout",
    /// Something went wrong on the server; the cause is in its log.
    Internal = "internal",
}

impl std::fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for ErrorCode {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::ErrorCode;

    /// `InvalidTimeZone` → `invalid_time_zone`.
    fn snake_case(name: &str) -> String {
        let mut out = String::new();
        for (i, c) in name.chars().enumerate() {
            if c.is_ascii_uppercase() {
                if i > 0 {
                    out.push('_');
                }
                out.push(c.to_ascii_lowercase());
            } else {
                out.push(c);
            }
        }
        out
    }

    #[test]
    fn every_code_is_unique_snake_case_and_named_after_its_variant() {
        let mut seen = HashSet::new();
        for code in ErrorCode::ALL {
            let text = code.as_str();
            assert!(seen.insert(text), "{text} is listed twice");
            assert!(
                !text.is_empty()
                    && !text.starts_with('_')
                    && !text.ends_with('_')
                    && !text.contains("__")
                    && text
                        .chars()
                        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_'),
                "{text} is not snake_case"
            );
            assert_eq!(snake_case(&format!("{code:?}")), text, "{code:?}");
        }
        assert_eq!(seen.len(), ErrorCode::ALL.len());
    }

    #[test]
    fn a_code_serialises_as_its_string() {
        assert_eq!(
            serde_json::to_value(ErrorCode::NoReplyRoute).expect("json"),
            serde_json::json!("no_reply_route")
        );
        assert_eq!(ErrorCode::InvalidUtf8.to_string(), "invalid_utf8");
    }
}
