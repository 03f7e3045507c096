//! Files an agent sends with a reply: bounded in number and size, and stored with the type their
//! bytes show (never the one the browser claims), from a short list of types customers can open
//! safely. Stored like inbound attachments (`store::channels::attachments`).

use axum::http::StatusCode;
use store::interactions::NewAttachment;

use crate::error::{ApiError, ErrorCode};
use crate::multipart::Part;

/// At most this many files with one reply.
pub const MAX_FILES: usize = 5;
/// At most this many bytes per file.
pub const MAX_FILE_BYTES: usize = 5 * 1024 * 1024;
/// At most this many bytes of files with one reply.
pub const MAX_TOTAL_BYTES: usize = 10 * 1024 * 1024;
/// The reply form's body limit: the files and room for the text fields.
pub const MAX_REQUEST_BYTES: usize = MAX_TOTAL_BYTES + 256 * 1024;

/// The type of a file by its first bytes, if it is one we send: PDF, PNG, JPEG, GIF, or plain
/// UTF-8 text.
pub fn sniff(data: &[u8]) -> Option<&'static str> {
    if data.starts_with(b"%PDF-") {
        Some("application/pdf")
    } else if data.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some("image/png")
    } else if data.starts_with(b"\xFF\xD8\xFF") {
        Some("image/jpeg")
    } else if data.starts_with(b"GIF87a") || data.starts_with(b"GIF89a") {
        Some("image/gif")
    } else if std::str::from_utf8(data).is_ok_and(|text| {
        !text.is_empty()
            && !text
                .chars()
                .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
    }) {
        Some("text/plain; charset=utf-8")
    } else {
        None
    }
}

/// A file name as a customer's mail client may show it: no path, no control characters, at most
/// 150 characters.
pub fn clean_filename(name: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or("");
    let cleaned: String = base
        .chars()
        .filter(|c| !c.is_control() && !matches!(c, '"' | '<' | '>'))
        .take(150)
        .collect();
    let cleaned = cleaned.trim().trim_start_matches('.').to_string();
    if cleaned.is_empty() {
        "bijlage".to_string()
    } else {
        cleaned
    }
}

/// The files among a form's parts (file inputs left empty are skipped), checked.
pub fn files(parts: &[Part]) -> Result<Vec<NewAttachment>, ApiError> {
    let uploads: Vec<&Part> = parts
        .iter()
        .filter(|p| p.filename.is_some() && !p.data.is_empty())
        .collect();
    if uploads.len() > MAX_FILES {
        return Err(ApiError::unprocessable(
            ErrorCode::TooManyAttachments,
            format!("at most {MAX_FILES} attachments with one reply"),
        ));
    }
    let too_large = || {
        ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            ErrorCode::AttachmentTooLarge,
            format!(
                "an attachment has at most {} MB, all together at most {} MB",
                MAX_FILE_BYTES / (1024 * 1024),
                MAX_TOTAL_BYTES / (1024 * 1024)
            ),
        )
    };
    let total: usize = uploads.iter().map(|p| p.data.len()).sum();
    if total > MAX_TOTAL_BYTES {
        return Err(too_large());
    }
    uploads
        .into_iter()
        .map(|part| {
            if part.data.len() > MAX_FILE_BYTES {
                return Err(too_large());
            }
            let content_type = sniff(&part.data).ok_or_else(|| {
                ApiError::new(
                    StatusCode::UNSUPPORTED_MEDIA_TYPE,
                    ErrorCode::AttachmentTypeRefused,
                    "attachments may be PDF, PNG, JPEG, GIF or plain text",
                )
            })?;
            Ok(NewAttachment {
                filename: clean_filename(part.filename.as_deref().unwrap_or("")),
                content_type: content_type.to_string(),
                data: part.data.clone(),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn types_come_from_the_bytes() {
        assert_eq!(sniff(b"%PDF-1.7\n..."), Some("application/pdf"));
        assert_eq!(sniff(b"\x89PNG\r\n\x1a\n...."), Some("image/png"));
        assert_eq!(
            sniff("Beste Jan,\nzie hieronder.".as_bytes()),
            Some("text/plain; charset=utf-8")
        );
        assert_eq!(sniff(b"MZ\x90\x00\x03"), None, "an executable");
        assert_eq!(sniff(b"<html>\x00"), None);
        assert_eq!(sniff(b""), None);
    }

    #[test]
    fn file_names_lose_paths_and_control_characters() {
        assert_eq!(clean_filename("C:\\Users\\jan\\factuur.pdf"), "factuur.pdf");
        assert_eq!(clean_filename("../../.htaccess"), "htaccess");
        assert_eq!(
            clean_filename("a\r\nContent-Type: x.pdf"),
            "aContent-Type: x.pdf"
        );
        assert_eq!(clean_filename(""), "bijlage");
    }
}
