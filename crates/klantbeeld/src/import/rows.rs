//! One input row's text fields checked and turned into a row to import; errors name the column
//! and say what was expected, for the report that gives them a line number.

use std::future::Future;

use analytics::SurveyKind;
use chrono::{DateTime, Utc};
use domain::{Channel, Priority};
use store::StoreError;
use store::import::{CaseRow, Import, SurveyRow};

/// A column of an import file. Optional columns may be left out of the file altogether.
pub struct Column {
    pub name: &'static str,
    pub required: bool,
}

const fn column(name: &'static str, required: bool) -> Column {
    Column { name, required }
}

/// The text of one row's fields, by position in [`ImportRow::COLUMNS`]; `""` when absent.
pub trait Fields {
    fn get(&self, column: usize) -> Result<&str, String>;
}

/// A kind of row `klantbeeld import` reads.
pub trait ImportRow: Sized + Send + 'static {
    /// The table written, as named in the `import.completed` event.
    const TABLE: &'static str;
    /// What the rows are, for people: "survey responses".
    const NOUN: &'static str;
    const COLUMNS: &'static [Column];

    fn parse(fields: &impl Fields) -> Result<Self, String>;

    fn write(
        import: &mut Import,
        rows: Vec<Self>,
    ) -> impl Future<Output = Result<(), StoreError>> + Send;
}

impl ImportRow for SurveyRow {
    const TABLE: &'static str = "survey_responses";
    const NOUN: &'static str = "survey responses";
    const COLUMNS: &'static [Column] = &[
        column("response_id", false),
        column("customer_id", true),
        column("survey_kind", true),
        column("score", true),
        column("channel", false),
        column("touchpoint", false),
        column("segment", false),
        column("agent_id", false),
        column("created_at", true),
    ];

    fn parse(fields: &impl Fields) -> Result<Self, String> {
        let kind_text = required(fields, 2, "survey_kind")?;
        let kind: SurveyKind = kind_text
            .parse()
            .map_err(|err| format!("survey_kind: {err}"))?;
        let score_text = required(fields, 3, "score")?;
        let score = score_text
            .parse::<i16>()
            .ok()
            .filter(|score| kind.scale().contains(score))
            .ok_or_else(|| {
                let scale = kind.scale();
                format!(
                    "score: {:?} is not a whole number from {} to {} (the {kind} scale)",
                    shorten(score_text),
                    scale.start(),
                    scale.end()
                )
            })?;
        Ok(SurveyRow {
            external_id: external_id(fields, 0, "response_id")?,
            customer: required_external_id(fields, 1, "customer_id")?,
            kind: kind.as_str(),
            score: i32::from(score),
            channel: optional(fields, 4)?.map(parse_channel).transpose()?,
            touchpoint: label(fields, 5, "touchpoint")?,
            segment: label(fields, 6, "segment")?,
            agent: external_id(fields, 7, "agent_id")?,
            created_at: timestamp(required(fields, 8, "created_at")?, "created_at")?,
        })
    }

    fn write(
        import: &mut Import,
        rows: Vec<Self>,
    ) -> impl Future<Output = Result<(), StoreError>> + Send {
        import.surveys(rows)
    }
}

impl ImportRow for CaseRow {
    const TABLE: &'static str = "cases";
    const NOUN: &'static str = "cases";
    const COLUMNS: &'static [Column] = &[
        column("ticket_id", false),
        column("customer_id", true),
        column("channel", true),
        column("priority", false),
        column("agent_id", false),
        column("created_at", true),
        column("first_response_at", false),
        column("resolved_at", false),
        column("reopened", false),
    ];

    fn parse(fields: &impl Fields) -> Result<Self, String> {
        let created_at = timestamp(required(fields, 5, "created_at")?, "created_at")?;
        let moment = |column: usize, name: &str| -> Result<Option<DateTime<Utc>>, String> {
            let Some(text) = optional(fields, column)? else {
                return Ok(None);
            };
            let at = timestamp(text, name)?;
            if at < created_at {
                return Err(format!("{name}: {text} is before created_at"));
            }
            Ok(Some(at))
        };
        Ok(CaseRow {
            external_id: external_id(fields, 0, "ticket_id")?,
            customer: required_external_id(fields, 1, "customer_id")?,
            channel: parse_channel(required(fields, 2, "channel")?)?,
            priority: match optional(fields, 3)? {
                None => Priority::Normal,
                Some(text) => text
                    .to_ascii_lowercase()
                    .parse()
                    .map_err(|err| format!("priority: {err}"))?,
            },
            agent: external_id(fields, 4, "agent_id")?,
            created_at,
            first_response_at: moment(6, "first_response_at")?,
            resolved_at: moment(7, "resolved_at")?,
            reopened: match optional(fields, 8)?.map(str::to_ascii_lowercase).as_deref() {
                None | Some("false" | "0" | "no") => false,
                Some("true" | "1" | "yes") => true,
                Some(other) => {
                    return Err(format!(
                        "reopened: {:?} is not true or false",
                        shorten(other)
                    ));
                }
            },
        })
    }

    fn write(
        import: &mut Import,
        rows: Vec<Self>,
    ) -> impl Future<Output = Result<(), StoreError>> + Send {
        import.cases(rows)
    }
}

/// Longest id of another system we keep, as for `external_id` identities in the API.
const MAX_ID_CHARS: usize = 200;
/// Longest touchpoint or segment name.
const MAX_LABEL_CHARS: usize = 100;

/// The trimmed field; `None` when empty.
fn optional(fields: &impl Fields, column: usize) -> Result<Option<&str>, String> {
    let text = fields.get(column)?.trim();
    Ok((!text.is_empty()).then_some(text))
}

fn required<'f>(fields: &'f impl Fields, column: usize, name: &str) -> Result<&'f str, String> {
    optional(fields, column)?.ok_or_else(|| format!("{name} is required"))
}

fn external_id(fields: &impl Fields, column: usize, name: &str) -> Result<Option<String>, String> {
    bounded(fields, column, name, MAX_ID_CHARS)
}

fn required_external_id(fields: &impl Fields, column: usize, name: &str) -> Result<String, String> {
    external_id(fields, column, name)?.ok_or_else(|| format!("{name} is required"))
}

fn label(fields: &impl Fields, column: usize, name: &str) -> Result<Option<String>, String> {
    bounded(fields, column, name, MAX_LABEL_CHARS)
}

fn bounded(
    fields: &impl Fields,
    column: usize,
    name: &str,
    max_chars: usize,
) -> Result<Option<String>, String> {
    match optional(fields, column)? {
        Some(text) if text.chars().count() > max_chars => {
            Err(format!("{name} is longer than {max_chars} characters"))
        }
        text => Ok(text.map(str::to_string)),
    }
}

fn parse_channel(text: &str) -> Result<Channel, String> {
    text.to_ascii_lowercase()
        .parse()
        .map_err(|err| format!("channel: {err}"))
}

/// The moments the fact store can hold: 1970 up to 2106 (unix seconds in 32 bits).
pub(super) fn timestamp(text: &str, name: &str) -> Result<DateTime<Utc>, String> {
    let at = store::parse_timestamp(text).ok_or_else(|| {
        format!(
            "{name}: {:?} is not a timestamp (YYYY-MM-DD HH:MM:SS, UTC unless an offset follows)",
            shorten(text)
        )
    })?;
    if !(0..=i64::from(u32::MAX)).contains(&at.timestamp()) {
        return Err(format!("{name}: {text} is outside 1970–2106"));
    }
    Ok(at)
}

pub(super) fn shorten(text: &str) -> String {
    text.chars().take(40).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Row(Vec<&'static str>);

    impl Fields for Row {
        fn get(&self, column: usize) -> Result<&str, String> {
            Ok(self.0.get(column).copied().unwrap_or(""))
        }
    }

    fn survey(fields: Vec<&'static str>) -> Result<SurveyRow, String> {
        SurveyRow::parse(&Row(fields))
    }

    #[test]
    fn a_generated_survey_row_parses() {
        let row = survey(vec![
            "1",
            "303935",
            "csat",
            "4",
            "email",
            "support",
            "mid_market",
            "6",
            "2024-05-23 18:42:42",
        ])
        .expect("valid");
        assert_eq!(row.kind, "csat");
        assert_eq!(row.score, 4);
        assert_eq!(row.agent.as_deref(), Some("6"));
        assert_eq!(row.created_at.timestamp(), 1_716_489_762);
    }

    #[test]
    fn survey_errors_name_the_column() {
        let base = ["1", "7", "nps", "9", "", "", "", "", "2024-01-01 00:00:00"];
        let with = |column: usize, value: &'static str| {
            let mut fields = base.to_vec();
            fields[column] = value;
            survey(fields).expect_err("invalid")
        };
        assert!(
            with(3, "11").starts_with("score: \"11\""),
            "{}",
            with(3, "11")
        );
        assert!(with(2, "nsp").starts_with("survey_kind"));
        assert_eq!(with(1, " "), "customer_id is required");
        assert!(with(8, "2024-01-01T25:00:00").starts_with("created_at"));
        assert!(with(4, "pigeon").starts_with("channel"));
        assert!(survey(base.to_vec()).is_ok());
    }

    #[test]
    fn case_moments_cannot_precede_creation() {
        let fields = |resolved: &'static str| {
            Row(vec![
                "T1",
                "c1",
                "email",
                "",
                "",
                "2024-01-02 00:00:00",
                "",
                resolved,
                "true",
            ])
        };
        let case = CaseRow::parse(&fields("2024-01-03 00:00:00")).expect("valid");
        assert_eq!(case.priority, Priority::Normal);
        assert!(case.reopened);
        let err = CaseRow::parse(&fields("2024-01-01 00:00:00")).expect_err("before");
        assert!(err.contains("before created_at"), "{err}");
    }
}
