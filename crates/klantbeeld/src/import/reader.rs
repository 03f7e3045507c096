//! Reading an import file on its own thread: CSV with a header row, or NDJSON (one object per
//! line), chosen by the extension (`.csv`, `.ndjson`, `.jsonl`) or else by the first character.
//! Good rows go to the writer in batches; after the first bad row nothing more is sent (the
//! import will be rolled back) but every row is still checked, for the report.

use std::fs::File;
use std::io::{BufRead, BufReader};
use std::path::Path;

use csv::ByteRecord;
use indicatif::ProgressBar;
use serde_json::{Map, Value};
use tokio::sync::mpsc;

use super::rows::{Fields, ImportRow};

/// Rows per message to the writer.
const BATCH: usize = 1000;
/// Bad rows the report lists by line; beyond these it only counts.
pub const LISTED_BAD_ROWS: usize = 20;

pub enum Message<T> {
    Rows(Vec<T>),
    /// The whole file was read: `Err` when it could not be read as a whole (no header, I/O).
    End(Result<Report, String>),
}

#[derive(Debug, Default)]
pub struct Report {
    pub rows: u64,
    /// `(line, problem)` of the first [`LISTED_BAD_ROWS`] bad rows.
    pub bad_rows: Vec<(u64, String)>,
    pub bad_count: u64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Csv,
    Ndjson,
}

/// Reads `path` to the end, sending good rows in batches and finally the report.
pub fn read_file<T: ImportRow>(
    path: &Path,
    sender: mpsc::Sender<Message<T>>,
    progress: ProgressBar,
) {
    let result = File::open(path)
        .map_err(|err| format!("reading {}: {err}", path.display()))
        .and_then(|file| {
            let mut input = BufReader::with_capacity(1 << 20, file);
            let mut batches = Batches {
                sender: &sender,
                batch: Vec::with_capacity(BATCH),
                report: Report::default(),
                progress: &progress,
            };
            match format_of(path, &mut input)? {
                Format::Csv => read_csv(input, &mut batches)?,
                Format::Ndjson => read_ndjson(input, &mut batches)?,
            }
            batches.flush(u64::MAX);
            Ok(batches.report)
        });
    let _ = sender.blocking_send(Message::End(result));
}

fn format_of(path: &Path, input: &mut BufReader<File>) -> Result<Format, String> {
    let extension = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    match extension.as_deref() {
        Some("csv") => Ok(Format::Csv),
        Some("ndjson" | "jsonl") => Ok(Format::Ndjson),
        _ => {
            let start = input.fill_buf().map_err(|err| err.to_string())?;
            let first = start.iter().find(|byte| !byte.is_ascii_whitespace());
            Ok(if first == Some(&b'{') {
                Format::Ndjson
            } else {
                Format::Csv
            })
        }
    }
}

struct Batches<'a, T> {
    sender: &'a mpsc::Sender<Message<T>>,
    batch: Vec<T>,
    report: Report,
    progress: &'a ProgressBar,
}

impl<T: ImportRow> Batches<'_, T> {
    fn row(&mut self, line: u64, row: Result<T, String>, bytes_read: u64) {
        self.report.rows += 1;
        match row {
            Ok(row) if self.report.bad_count == 0 => {
                self.batch.push(row);
                if self.batch.len() == BATCH {
                    self.flush(bytes_read);
                }
            }
            Ok(_) => {}
            Err(problem) => self.bad(line, problem),
        }
    }

    fn bad(&mut self, line: u64, problem: String) {
        self.report.bad_count += 1;
        if self.report.bad_rows.len() < LISTED_BAD_ROWS {
            self.report.bad_rows.push((line, problem));
        }
        self.batch.clear();
    }

    fn flush(&mut self, bytes_read: u64) {
        self.progress
            .set_position(bytes_read.min(self.progress.length().unwrap_or(0)));
        self.progress
            .set_message(format!("{} rows", self.report.rows));
        if self.batch.is_empty() || self.report.bad_count > 0 {
            return;
        }
        let batch = std::mem::replace(&mut self.batch, Vec::with_capacity(BATCH));
        // The writer gone means the import failed there; it reports why.
        let _ = self.sender.blocking_send(Message::Rows(batch));
    }
}

struct CsvFields<'a> {
    record: &'a ByteRecord,
    /// The record's field of each column; `None` for a column the file does not have.
    positions: &'a [Option<usize>],
}

impl Fields for CsvFields<'_> {
    fn get(&self, column: usize) -> Result<&str, String> {
        let Some(bytes) = self.positions[column].and_then(|at| self.record.get(at)) else {
            return Ok("");
        };
        std::str::from_utf8(bytes).map_err(|_| "the row is not valid UTF-8".to_string())
    }
}

fn read_csv<T: ImportRow>(
    input: impl std::io::Read,
    batches: &mut Batches<'_, T>,
) -> Result<(), String> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .from_reader(input);
    let header = reader
        .byte_headers()
        .map_err(|err| format!("reading the header row: {err}"))?
        .clone();
    let positions = columns_of::<T>(&header)?;
    let mut record = ByteRecord::new();
    loop {
        match reader.read_byte_record(&mut record) {
            Ok(false) => return Ok(()),
            Ok(true) => {
                let line = record.position().map_or(0, |p| p.line());
                let fields = CsvFields {
                    record: &record,
                    positions: &positions,
                };
                let bytes_read = reader.position().byte();
                batches.row(line, T::parse(&fields), bytes_read);
            }
            Err(err) => {
                let line = err.position().map_or(0, |p| p.line());
                if let csv::ErrorKind::Io(io) = err.kind() {
                    return Err(format!("reading line {line}: {io}"));
                }
                batches.report.rows += 1;
                batches.bad(line, err.to_string());
            }
        }
    }
}

/// Where each of `T`'s columns is in the header; refuses unknown, repeated and missing columns.
fn columns_of<T: ImportRow>(header: &ByteRecord) -> Result<Vec<Option<usize>>, String> {
    let expected = || {
        let names: Vec<&str> = T::COLUMNS.iter().map(|c| c.name).collect();
        names.join(", ")
    };
    let mut positions = vec![None; T::COLUMNS.len()];
    for (at, name) in header.iter().enumerate() {
        let name = String::from_utf8_lossy(name);
        let name = name.trim_start_matches('\u{feff}').trim();
        let column = T::COLUMNS
            .iter()
            .position(|c| c.name == name)
            .ok_or_else(|| {
                format!(
                    "unknown column {name:?} in the header row; {} files have: {}",
                    T::NOUN,
                    expected()
                )
            })?;
        if positions[column].replace(at).is_some() {
            return Err(format!("column {name:?} appears twice in the header row"));
        }
    }
    for (column, position) in T::COLUMNS.iter().zip(&positions) {
        if column.required && position.is_none() {
            return Err(format!(
                "the header row lacks the required column {:?}; {} files have: {}",
                column.name,
                T::NOUN,
                expected()
            ));
        }
    }
    Ok(positions)
}

/// One NDJSON line's values as text, by column.
struct JsonFields(Vec<String>);

impl Fields for JsonFields {
    fn get(&self, column: usize) -> Result<&str, String> {
        Ok(&self.0[column])
    }
}

fn read_ndjson<T: ImportRow>(
    mut input: impl BufRead,
    batches: &mut Batches<'_, T>,
) -> Result<(), String> {
    let mut bytes = Vec::new();
    let (mut line, mut bytes_read) = (0u64, 0u64);
    loop {
        bytes.clear();
        let read = input
            .read_until(b'\n', &mut bytes)
            .map_err(|err| format!("reading line {}: {err}", line + 1))?;
        if read == 0 {
            return Ok(());
        }
        line += 1;
        bytes_read += read as u64;
        if bytes.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        let row = serde_json::from_slice::<Map<String, Value>>(&bytes)
            .map_err(|err| format!("not a JSON object: {err}"))
            .and_then(|object| json_fields::<T>(object))
            .and_then(|fields| T::parse(&fields));
        batches.row(line, row, bytes_read);
    }
}

fn json_fields<T: ImportRow>(object: Map<String, Value>) -> Result<JsonFields, String> {
    let mut fields = vec![String::new(); T::COLUMNS.len()];
    for (key, value) in object {
        let column = T::COLUMNS
            .iter()
            .position(|c| c.name == key)
            .ok_or_else(|| format!("unknown field {key:?}"))?;
        fields[column] = match value {
            Value::Null => String::new(),
            Value::String(text) => text,
            Value::Number(number) => number.to_string(),
            Value::Bool(flag) => flag.to_string(),
            Value::Array(_) | Value::Object(_) => {
                return Err(format!("{key} must be a string, number or boolean"));
            }
        };
    }
    Ok(JsonFields(fields))
}
