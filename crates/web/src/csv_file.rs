//! CSV downloads: `,` with decimal points, or for Dutch spreadsheets `;` with decimal commas and
//! a UTF-8 byte order mark (so Excel reads the accents). Used by the metrics API and the
//! dashboard's exports.

use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};

use crate::error::{ApiError, ApiResult, ErrorCode};

/// How a CSV is written: `,` with decimal points, or `;` with decimal commas.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sep {
    Comma,
    Semicolon,
}

impl Sep {
    /// `sep=` as asked: absent or `comma`, or `semicolon`; anything else is a 400.
    pub fn parse(text: Option<&str>) -> ApiResult<Sep> {
        match text {
            None | Some("" | "comma") => Ok(Sep::Comma),
            Some("semicolon") => Ok(Sep::Semicolon),
            Some(_) => Err(ApiError::bad_request(
                ErrorCode::InvalidSeparator,
                "sep is comma or semicolon",
            )),
        }
    }

    /// `&sep=semicolon` for links, or nothing.
    pub fn query(self) -> &'static str {
        match self {
            Sep::Comma => "",
            Sep::Semicolon => "&sep=semicolon",
        }
    }
}

/// Writes `records` as a CSV download named `name.csv`.
pub fn csv(name: &str, sep: Sep, records: impl IntoIterator<Item = Vec<String>>) -> Response {
    let delimiter = match sep {
        Sep::Comma => b',',
        Sep::Semicolon => b';',
    };
    let mut body = match sep {
        Sep::Comma => Vec::new(),
        Sep::Semicolon => "\u{feff}".as_bytes().to_vec(),
    };
    {
        let mut out = csv::WriterBuilder::new()
            .delimiter(delimiter)
            .from_writer(&mut body);
        for record in records {
            if let Err(err) = out.write_record(record) {
                tracing::error!(error = %err, "writing CSV");
            }
        }
        if let Err(err) = out.flush() {
            tracing::error!(error = %err, "writing CSV");
        }
    }
    let disposition = format!("attachment; filename=\"{name}.csv\"");
    (
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/csv; charset=utf-8"),
            ),
            (
                header::CONTENT_DISPOSITION,
                HeaderValue::from_str(&disposition)
                    .unwrap_or(HeaderValue::from_static("attachment")),
            ),
        ],
        body,
    )
        .into_response()
}

/// A text cell that a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab, CR first) gets
/// a leading `'`, so it shows as the text it is. Figures are numbers and stay as they are.
pub fn spreadsheet_safe(text: &str) -> String {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_string()
    }
}
