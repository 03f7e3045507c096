//! `klantbeeld import survey-responses|cases|customers FILE`: history from another system, all or
//! nothing (customers: [`customers`]).
//! A reader thread parses and checks the file while the writer sends good rows to the database,
//! in one transaction, as they come; if any row is bad the transaction is dropped and the report
//! lists the bad rows by line.

pub mod customers;
mod reader;
mod rows;

use std::fmt::Write as _;
use std::path::Path;
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use indicatif::{ProgressBar, ProgressStyle};
use store::Db;
use store::import::{CaseRow, Import, ImportSummary, SurveyRow};
use tokio::sync::mpsc;

use reader::{LISTED_BAD_ROWS, Message, Report};
use rows::ImportRow;

/// What `klantbeeld import` can import.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Table {
    SurveyResponses,
    Cases,
}

/// A finished import.
pub struct Imported {
    pub summary: ImportSummary,
    pub elapsed: Duration,
}

impl Imported {
    /// The one line `klantbeeld import` prints.
    pub fn describe(&self, noun: &str) -> String {
        let summary = &self.summary;
        let seconds = self.elapsed.as_secs_f64();
        let mut text = format!(
            "imported {} {noun} in {seconds:.1} s ({:.0} rows/s); created {} customers and {} agents",
            summary.imported,
            (summary.imported + summary.skipped) as f64 / seconds.max(1e-9),
            summary.customers_created,
            summary.agents_created,
        );
        if summary.skipped > 0 {
            let _ = write!(text, "; skipped {} imported before", summary.skipped);
        }
        text
    }
}

impl Table {
    pub fn noun(self) -> &'static str {
        match self {
            Table::SurveyResponses => SurveyRow::NOUN,
            Table::Cases => CaseRow::NOUN,
        }
    }
}

/// Imports `path` into `table`; fails, having written nothing, when any row is bad.
pub async fn run(db: &Db, table: Table, path: &Path) -> anyhow::Result<Imported> {
    match table {
        Table::SurveyResponses => import::<SurveyRow>(db, path).await,
        Table::Cases => import::<CaseRow>(db, path).await,
    }
}

async fn import<T: ImportRow>(db: &Db, path: &Path) -> anyhow::Result<Imported> {
    let started = Instant::now();
    let size = std::fs::metadata(path)
        .with_context(|| format!("reading {}", path.display()))?
        .len();
    // Drawn on stderr, and only when that is a terminal.
    let progress = ProgressBar::new(size).with_style(
        ProgressStyle::with_template("{elapsed_precise} [{wide_bar}] {percent}% {msg}")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    let (sender, mut receiver) = mpsc::channel(4);
    let reader_path = path.to_path_buf();
    let reader_progress = progress.clone();
    std::thread::Builder::new()
        .name("import-reader".into())
        .spawn(move || reader::read_file::<T>(&reader_path, sender, reader_progress))
        .context("starting the file reader")?;
    let mut import = Import::begin(db, T::TABLE)
        .await
        .context("beginning the import")?;
    let report = loop {
        match receiver.recv().await {
            Some(Message::Rows(rows)) => T::write(&mut import, rows)
                .await
                .context("writing to the database; nothing was imported")?,
            Some(Message::End(report)) => break report,
            None => bail!("the file reader stopped unexpectedly; nothing was imported"),
        }
    };
    progress.finish_and_clear();
    let file = path.display();
    let report =
        report.map_err(|problem| anyhow::anyhow!("{file}: {problem}; nothing was imported"))?;
    if report.bad_count > 0 {
        bail!(refusal(&file.to_string(), &report));
    }
    let source = path.file_name().map_or_else(
        || file.to_string(),
        |name| name.to_string_lossy().into_owned(),
    );
    let summary = import
        .commit(&source)
        .await
        .context("committing the import")?;
    Ok(Imported {
        summary,
        elapsed: started.elapsed(),
    })
}

fn refusal(file: &str, report: &Report) -> String {
    let mut text = format!(
        "{file}: {} of {} rows are bad; nothing was imported",
        report.bad_count, report.rows
    );
    for (line, problem) in &report.bad_rows {
        let _ = write!(text, "\n  line {line}: {problem}");
    }
    if report.bad_count > LISTED_BAD_ROWS as u64 {
        let _ = write!(
            text,
            "\n  … and {} more",
            report.bad_count - LISTED_BAD_ROWS as u64
        );
    }
    text
}
