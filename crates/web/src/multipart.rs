//! A small `multipart/form-data` reader (RFC 7578) for the reply form's files. The whole body is
//! already in memory and bounded by the route's body limit; this only splits it into parts, and
//! refuses anything it does not understand rather than guessing. Written here rather than
//! pulling in `multer` and its dependency tree for one form.

/// One field of a form: text or a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Part {
    pub name: String,
    /// Set for a file input, even when the browser sent no file (then empty and `data` empty).
    pub filename: Option<String>,
    /// The type the browser claims; never trusted for storage (see [`crate::uploads::sniff`]).
    pub content_type: Option<String>,
    pub data: Vec<u8>,
}

impl Part {
    /// The part as text; `None` when it is not UTF-8.
    pub fn text(&self) -> Option<&str> {
        std::str::from_utf8(&self.data).ok()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum MultipartError {
    #[error("the form is not multipart/form-data with a boundary")]
    NoBoundary,
    #[error("the form's parts are malformed")]
    Malformed,
    #[error("the form has more than {0} parts")]
    TooManyParts(usize),
}

/// The boundary of a `multipart/form-data; boundary=...` content type.
pub fn boundary(content_type: &str) -> Option<&str> {
    let mut pieces = content_type.split(';');
    let kind = pieces.next()?.trim();
    if !kind.eq_ignore_ascii_case("multipart/form-data") {
        return None;
    }
    pieces
        .filter_map(|p| p.trim().split_once('='))
        .find(|(k, _)| k.trim().eq_ignore_ascii_case("boundary"))
        .map(|(_, v)| v.trim().trim_matches('"'))
        .filter(|b| !b.is_empty() && b.len() <= 70)
}

/// Splits `body` into its parts, at most `max_parts`.
pub fn parse(
    content_type: &str,
    body: &[u8],
    max_parts: usize,
) -> Result<Vec<Part>, MultipartError> {
    let boundary = boundary(content_type).ok_or(MultipartError::NoBoundary)?;
    let delimiter = format!("--{boundary}");
    let delimiter = delimiter.as_bytes();
    let mut rest = body;
    // Anything before the first delimiter is preamble.
    let start = find(rest, delimiter).ok_or(MultipartError::Malformed)?;
    rest = &rest[start + delimiter.len()..];
    let mut parts = Vec::new();
    loop {
        if rest.starts_with(b"--") {
            return Ok(parts);
        }
        rest = rest
            .strip_prefix(b"\r\n")
            .ok_or(MultipartError::Malformed)?;
        let next = find_line_delimiter(rest, delimiter).ok_or(MultipartError::Malformed)?;
        let raw = &rest[..next];
        rest = &rest[next + 2 + delimiter.len()..];
        if parts.len() == max_parts {
            return Err(MultipartError::TooManyParts(max_parts));
        }
        parts.push(part(raw)?);
    }
}

/// One part: headers, a blank line, the content.
fn part(raw: &[u8]) -> Result<Part, MultipartError> {
    let split = find(raw, b"\r\n\r\n").ok_or(MultipartError::Malformed)?;
    let head = std::str::from_utf8(&raw[..split]).map_err(|_| MultipartError::Malformed)?;
    let data = raw[split + 4..].to_vec();
    let mut name = None;
    let mut filename = None;
    let mut content_type = None;
    for line in head.split("\r\n") {
        let (key, value) = line.split_once(':').ok_or(MultipartError::Malformed)?;
        let key = key.trim();
        if key.eq_ignore_ascii_case("content-disposition") {
            let mut params = value.split(';');
            if !params
                .next()
                .is_some_and(|d| d.trim().eq_ignore_ascii_case("form-data"))
            {
                return Err(MultipartError::Malformed);
            }
            for param in params {
                let Some((k, v)) = param.trim().split_once('=') else {
                    continue;
                };
                let v = v.trim().trim_matches('"').to_string();
                match k.trim().to_ascii_lowercase().as_str() {
                    "name" => name = Some(v),
                    "filename" => filename = Some(v),
                    _ => {}
                }
            }
        } else if key.eq_ignore_ascii_case("content-type") {
            content_type = Some(value.trim().to_string());
        }
    }
    Ok(Part {
        name: name.ok_or(MultipartError::Malformed)?,
        filename,
        content_type,
        data,
    })
}

/// Where `\r\n` + `delimiter` starts in `haystack`.
fn find_line_delimiter(haystack: &[u8], delimiter: &[u8]) -> Option<usize> {
    let mut from = 0;
    while let Some(at) = find(&haystack[from..], delimiter) {
        let at = from + at;
        if at >= 2 && &haystack[at - 2..at] == b"\r\n" {
            return Some(at - 2);
        }
        from = at + 1;
    }
    None
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.is_empty() || haystack.len() < needle.len() {
        return None;
    }
    haystack.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    const TYPE: &str = "multipart/form-data; boundary=----kb42";

    #[test]
    fn reads_text_and_file_parts() {
        let body = b"preamble\r\n------kb42\r\nContent-Disposition: form-data; name=\"body\"\r\n\r\nHallo\r\nwereld\r\n\
------kb42\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.pdf\"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.4\r\n--x\r\n\
------kb42--\r\n";
        let parts = parse(TYPE, body, 10).expect("parses");
        assert_eq!(parts.len(), 2);
        assert_eq!(parts[0].name, "body");
        assert_eq!(parts[0].text(), Some("Hallo\r\nwereld"));
        assert_eq!(parts[1].filename.as_deref(), Some("a.pdf"));
        assert_eq!(parts[1].content_type.as_deref(), Some("application/pdf"));
        assert_eq!(parts[1].data, b"%PDF-1.4\r\n--x");
    }

    #[test]
    fn refuses_what_it_does_not_understand() {
        assert_eq!(
            parse("text/plain", b"", 10),
            Err(MultipartError::NoBoundary)
        );
        assert_eq!(
            parse(TYPE, b"no delimiter", 10),
            Err(MultipartError::Malformed)
        );
        let unterminated = b"------kb42\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nx";
        assert_eq!(
            parse(TYPE, unterminated, 10),
            Err(MultipartError::Malformed)
        );
        let many = b"------kb42\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n\
------kb42\r\nContent-Disposition: form-data; name=\"b\"\r\n\r\n2\r\n------kb42--";
        assert_eq!(parse(TYPE, many, 1), Err(MultipartError::TooManyParts(1)));
    }
}
