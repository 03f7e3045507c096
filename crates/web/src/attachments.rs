//! Serving a stored attachment, for `api/attachments.rs` and the case page. Its name and type come from the sender, so the answer always
//! downloads (never renders in our origin), is sandboxed, and carries a safe file name.

use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use store::channels::attachments::{self, Attachment};

use crate::auth::scope::{Viewer, visible_case};
use crate::error::ApiResult;
use crate::state::AppState;

/// The attachment as a download.
pub fn download(attachment: Attachment) -> Response {
    let content_type = HeaderValue::from_str(&attachment.content_type)
        .ok()
        .filter(|_| attachment.content_type.contains('/'))
        .unwrap_or(HeaderValue::from_static("application/octet-stream"));
    let disposition = HeaderValue::from_str(&disposition(&attachment.filename))
        .unwrap_or(HeaderValue::from_static("attachment"));
    (
        [
            (header::CONTENT_TYPE, content_type),
            (header::CONTENT_DISPOSITION, disposition),
            (
                header::CONTENT_SECURITY_POLICY,
                HeaderValue::from_static("sandbox; default-src 'none'"),
            ),
            (
                header::CACHE_CONTROL,
                HeaderValue::from_static("private, no-store"),
            ),
        ],
        attachment.data,
    )
        .into_response()
}

/// `attachment; filename="plain.pdf"; filename*=UTF-8''%C3%A9...`: an ASCII fallback without
/// quotes or path parts, and the real name percent-encoded (RFC 6266).
fn disposition(filename: &str) -> String {
    let base = filename.rsplit(['/', '\\']).next().unwrap_or("").trim();
    let base = if base.is_empty() { "attachment" } else { base };
    let ascii: String = base
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || ".-_ ".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect();
    let encoded: String = base
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b".-_".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect();
    format!("attachment; filename=\"{ascii}\"; filename*=UTF-8''{encoded}")
}

/// Attachment `id`, if its case is one the viewer may see; 404 otherwise.
pub async fn visible_attachment(
    state: &AppState,
    viewer: &impl Viewer,
    id: i64,
) -> ApiResult<attachments::Attachment> {
    let attachment = attachments::get(&state.db, id).await?;
    visible_case(state, viewer, attachment.case_id).await?;
    Ok(attachment)
}

#[cfg(test)]
mod tests {
    use super::disposition;

    #[test]
    fn a_file_name_cannot_break_out_of_its_header() {
        assert_eq!(
            disposition("../../etc/\"passwd\".pdf"),
            "attachment; filename=\"_passwd_.pdf\"; filename*=UTF-8''%22passwd%22.pdf"
        );
        assert_eq!(
            disposition("factuur maart é.pdf"),
            "attachment; filename=\"factuur maart _.pdf\"; filename*=UTF-8''factuur%20maart%20%C3%A9.pdf"
        );
        assert_eq!(
            disposition(""),
            "attachment; filename=\"attachment\"; filename*=UTF-8''attachment"
        );
    }
}
