//! `klantbeeld import customers FILE`: CSV with a header row, or NDJSON. `customer_id` (the id in
//! the other system, the one `import cases` and `import survey-responses` use) is required;
//! `name`, `email`, `phone`, `language`, `segment`, `started_at`, `ended_at` and `end_reason`
//! are optional; every other column is an attribute under its name, numeric when every value in
//! it is a number. An empty cell is no value. The file is read and checked whole before anything
//! is written; one bad row and nothing is.

use std::collections::HashSet;
use std::fmt::Write as _;
use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use chrono::{DateTime, NaiveDate, Utc};
use domain::{Email, PhoneE164};
use indicatif::{ProgressBar, ProgressStyle};
use serde_json::Value;
use store::Db;
use store::import::customers::{CustomerImportSummary, CustomerRow};

use super::reader::LISTED_BAD_ROWS;
use super::rows::{shorten, timestamp};

const KNOWN: &[&str] = &[
    "customer_id",
    "name",
    "email",
    "phone",
    "language",
    "segment",
    "started_at",
    "ended_at",
    "end_reason",
];
const MAX_TEXT_CHARS: usize = 200;
const MAX_ATTRIBUTES: usize = 100;

pub struct ImportedCustomers {
    pub summary: CustomerImportSummary,
    pub rows: usize,
    pub elapsed: Duration,
}

impl ImportedCustomers {
    pub fn describe(&self) -> String {
        let seconds = self.elapsed.as_secs_f64();
        format!(
            "imported {} customers in {seconds:.1} s ({:.0} rows/s): {} created, {} updated, {} relationships",
            self.rows,
            self.rows as f64 / seconds.max(1e-9),
            self.summary.created,
            self.summary.updated,
            self.summary.relationships
        )
    }
}

/// One row's cells by column name, as read: text for CSV, JSON values for NDJSON.
struct RawRow {
    line: u64,
    cells: Vec<(String, Value)>,
}

pub async fn run(db: &Db, path: &Path) -> anyhow::Result<ImportedCustomers> {
    let started = Instant::now();
    let file = File::open(path).with_context(|| format!("reading {}", path.display()))?;
    let size = file.metadata().map(|m| m.len()).unwrap_or(0);
    let progress = ProgressBar::new(size).with_style(
        ProgressStyle::with_template("{elapsed_precise} [{wide_bar}] {percent}% {msg}")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    let input = BufReader::with_capacity(1 << 20, progress.wrap_read(file));
    let raw = if is_ndjson(path) {
        read_ndjson(input)?
    } else {
        read_csv(input)?
    };
    progress.finish_and_clear();
    let name = path.display().to_string();
    let rows = check(&raw).map_err(|bad| anyhow::anyhow!(refusal(&name, raw.len(), &bad)))?;
    let summary = store::import::customers::import(db, &rows)
        .await
        .map_err(|err| anyhow::anyhow!("{name}: {err}"))?;
    Ok(ImportedCustomers {
        summary,
        rows: rows.len(),
        elapsed: started.elapsed(),
    })
}

fn is_ndjson(path: &Path) -> bool {
    matches!(
        path.extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .as_deref(),
        Some("ndjson" | "jsonl")
    )
}

fn read_csv(input: impl Read) -> anyhow::Result<Vec<RawRow>> {
    let mut reader = csv::ReaderBuilder::new().flexible(false).from_reader(input);
    let header: Vec<String> = reader
        .headers()
        .context("reading the header row")?
        .iter()
        .map(|name| name.trim().to_owned())
        .collect();
    if !header.iter().any(|name| name == "customer_id") {
        bail!("the header row has no customer_id column");
    }
    check_header(&header)?;
    let mut rows = Vec::new();
    for (index, record) in reader.records().enumerate() {
        let line = index as u64 + 2;
        let record = record.with_context(|| format!("line {line}: not a CSV row"))?;
        let cells = header
            .iter()
            .zip(record.iter())
            .map(|(name, text)| (name.clone(), Value::String(text.trim().to_owned())))
            .collect();
        rows.push(RawRow { line, cells });
    }
    Ok(rows)
}

fn read_ndjson(input: impl BufRead) -> anyhow::Result<Vec<RawRow>> {
    let mut rows = Vec::new();
    for (index, line) in input.lines().enumerate() {
        let line_no = index as u64 + 1;
        let text = line.with_context(|| format!("line {line_no}: not text"))?;
        if text.trim().is_empty() {
            continue;
        }
        let value: Value = serde_json::from_str(&text)
            .with_context(|| format!("line {line_no}: not a JSON object"))?;
        let Value::Object(object) = value else {
            bail!("line {line_no}: not a JSON object");
        };
        rows.push(RawRow {
            line: line_no,
            cells: object.into_iter().collect(),
        });
    }
    Ok(rows)
}

fn check_header(header: &[String]) -> anyhow::Result<()> {
    let mut seen = HashSet::new();
    for name in header {
        if !seen.insert(name) {
            bail!("the column {name:?} appears twice in the header row");
        }
        if !KNOWN.contains(&name.as_str()) && !domain::is_attribute_name(name) {
            bail!(
                "the column {name:?} is not an attribute name (letters, digits or _, at most 64)"
            );
        }
    }
    if header.len() > KNOWN.len() + MAX_ATTRIBUTES {
        bail!("more than {MAX_ATTRIBUTES} attribute columns");
    }
    Ok(())
}

/// A cell as text: `None` for an empty cell or JSON null.
fn text_of(value: &Value) -> Option<String> {
    match value {
        Value::Null => None,
        Value::String(text) if text.trim().is_empty() => None,
        Value::String(text) => Some(text.trim().to_owned()),
        other => Some(other.to_string()),
    }
}

fn moment(text: &str, name: &str) -> Result<DateTime<Utc>, String> {
    if let Ok(date) = NaiveDate::parse_from_str(text, "%Y-%m-%d")
        && let Some(midnight) = date.and_hms_opt(0, 0, 0)
    {
        return Ok(midnight.and_utc());
    }
    timestamp(text, name)
}

/// The rows to import, or the bad ones by line.
fn check(raw: &[RawRow]) -> Result<Vec<CustomerRow>, Vec<(u64, String)>> {
    let mut numeric: std::collections::HashMap<&str, bool> = std::collections::HashMap::new();
    for row in raw {
        for (name, value) in &row.cells {
            if KNOWN.contains(&name.as_str()) {
                continue;
            }
            let is_number = match value {
                Value::Number(_) | Value::Null => true,
                Value::String(text) => {
                    text.trim().is_empty() || text.trim().parse::<f64>().is_ok_and(f64::is_finite)
                }
                _ => false,
            };
            let entry = numeric.entry(name.as_str()).or_insert(true);
            *entry &= is_number;
        }
    }
    let mut bad = Vec::new();
    let mut seen = HashSet::new();
    let mut rows = Vec::with_capacity(raw.len());
    for row in raw {
        match check_row(row, &numeric) {
            Ok(parsed) if !seen.insert(parsed.external_id.clone()) => {
                bad.push((
                    row.line,
                    format!("customer_id {} appears twice", shorten(&parsed.external_id)),
                ));
            }
            Ok(parsed) => rows.push(parsed),
            Err(problem) => bad.push((row.line, problem)),
        }
    }
    if bad.is_empty() { Ok(rows) } else { Err(bad) }
}

fn check_row(
    row: &RawRow,
    numeric: &std::collections::HashMap<&str, bool>,
) -> Result<CustomerRow, String> {
    let cell = |name: &str| {
        row.cells
            .iter()
            .find(|(column, _)| column == name)
            .and_then(|(_, value)| text_of(value))
    };
    let bounded = |name: &str| -> Result<Option<String>, String> {
        match cell(name) {
            Some(text) if text.chars().count() > MAX_TEXT_CHARS => {
                Err(format!("{name} is longer than {MAX_TEXT_CHARS} characters"))
            }
            text => Ok(text),
        }
    };
    let external_id = bounded("customer_id")?.ok_or("customer_id is required")?;
    let email = cell("email")
        .map(|text| {
            Email::parse(&text)
                .map(|e| e.as_str().to_owned())
                .map_err(|e| format!("email: {e}"))
        })
        .transpose()?;
    let phone = cell("phone")
        .map(|text| {
            PhoneE164::parse(&text)
                .map(|p| p.as_str().to_owned())
                .map_err(|e| format!("phone: {e}"))
        })
        .transpose()?;
    let language = match cell("language").as_deref() {
        None => None,
        Some(code @ ("nl" | "en")) => Some(code.to_owned()),
        Some(other) => return Err(format!("language: {:?} is not nl or en", shorten(other))),
    };
    let started_at = cell("started_at")
        .map(|t| moment(&t, "started_at"))
        .transpose()?;
    let ended_at = cell("ended_at")
        .map(|t| moment(&t, "ended_at"))
        .transpose()?;
    let end_reason = bounded("end_reason")?;
    match (started_at, ended_at) {
        (None, Some(_)) => return Err("ended_at needs started_at".into()),
        (Some(start), Some(end)) if end < start => {
            return Err("ended_at is before started_at".into());
        }
        _ => {}
    }
    if end_reason.is_some() && ended_at.is_none() {
        return Err("end_reason needs ended_at".into());
    }
    let mut attributes = Vec::new();
    for (name, value) in &row.cells {
        if KNOWN.contains(&name.as_str()) {
            continue;
        }
        if row.cells.len() > KNOWN.len() + MAX_ATTRIBUTES || !domain::is_attribute_name(name) {
            return Err(format!(
                "{:?} is not an attribute name (letters, digits or _, at most 64)",
                shorten(name)
            ));
        }
        let value = match text_of(value) {
            None => None,
            Some(text) if numeric.get(name.as_str()).copied().unwrap_or(false) => {
                let number: f64 = text.parse().map_err(|_| format!("{name}: not a number"))?;
                Some(
                    serde_json::Number::from_f64(number)
                        .map(Value::Number)
                        .ok_or(format!("{name}: not a number"))?,
                )
            }
            Some(text) if text.chars().count() > MAX_TEXT_CHARS => {
                return Err(format!("{name} is longer than {MAX_TEXT_CHARS} characters"));
            }
            Some(text) => Some(Value::String(text)),
        };
        attributes.push((name.clone(), value));
    }
    Ok(CustomerRow {
        line: row.line,
        external_id,
        name: bounded("name")?,
        email,
        phone,
        language,
        segment: bounded("segment")?,
        started_at,
        ended_at,
        end_reason,
        attributes,
    })
}

fn refusal(file: &str, rows: usize, bad: &[(u64, String)]) -> String {
    let mut text = format!(
        "{file}: {} of {rows} rows are bad; nothing was imported",
        bad.len()
    );
    for (line, problem) in bad.iter().take(LISTED_BAD_ROWS) {
        let _ = write!(text, "\n  line {line}: {problem}");
    }
    if bad.len() > LISTED_BAD_ROWS {
        let _ = write!(text, "\n  … and {} more", bad.len() - LISTED_BAD_ROWS);
    }
    text
}
