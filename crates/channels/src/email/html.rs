//! HTML to readable plain text, for HTML-only mail. Agents read and search the text, so this keeps
//! words and line structure and drops everything else (markup, CSS, scripts, comments). It is a
//! forgiving scanner, not an HTML parser: mail HTML is often broken and must never make us fail.

/// Elements whose content is never shown to a reader.
const HIDDEN: &[&str] = &["style", "script", "head", "title", "template", "noscript"];

/// Elements that start a new line.
const LINE: &[&str] = &[
    "div",
    "tr",
    "table",
    "ul",
    "ol",
    "dl",
    "dt",
    "dd",
    "blockquote",
    "pre",
    "section",
    "article",
    "header",
    "footer",
    "center",
    "address",
    "hr",
];

/// Elements that stand apart as a paragraph (a blank line before and after).
const PARAGRAPH: &[&str] = &["p", "h1", "h2", "h3", "h4", "h5", "h6"];

/// Soft hyphens and zero-width characters: newsletters sprinkle them in, and they break search.
const INVISIBLE: &[char] = &[
    '\u{ad}', '\u{200b}', '\u{200c}', '\u{200d}', '\u{2060}', '\u{feff}',
];

/// Converts HTML to plain text: no tags, no `<style>`/`<script>` contents, entities decoded,
/// `<br>` as a line break, `<p>` and headings as paragraphs, `<li>` as "- " items.
pub fn html_to_text(html: &str) -> String {
    let mut out = Text::default();
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        out.push_text(&rest[..lt]);
        let after = &rest[lt + 1..];
        if let Some(comment) = after.strip_prefix("!--") {
            rest = comment.find("-->").map_or("", |end| &comment[end + 3..]);
            continue;
        }
        let Some(end) = tag_end(after) else {
            // A lone "<" that opens no tag is text ("a < b").
            out.push_text("<");
            rest = after;
            continue;
        };
        let tag = Tag::parse(&after[..end]);
        rest = &after[end + 1..];
        if !tag.closing && HIDDEN.contains(&tag.name.as_str()) {
            rest = skip_element(rest, &tag.name);
            continue;
        }
        out.tag(&tag);
    }
    out.push_text(rest);
    out.finish()
}

/// Index of the `>` that ends a tag, skipping quoted attribute values.
fn tag_end(s: &str) -> Option<usize> {
    let mut quote = None;
    for (i, c) in s.char_indices() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, '>') => return Some(i),
            (None, '<') => return None,
            _ => {}
        }
    }
    None
}

/// Skips past the closing tag of a hidden element, or to the end when it is never closed.
fn skip_element<'a>(s: &'a str, name: &str) -> &'a str {
    let closing = format!("</{name}");
    let found = s
        .as_bytes()
        .windows(closing.len())
        .position(|w| w.eq_ignore_ascii_case(closing.as_bytes()));
    match found {
        Some(start) => {
            let tail = &s[start..];
            tail.find('>').map_or("", |end| &tail[end + 1..])
        }
        None => "",
    }
}

struct Tag {
    name: String,
    closing: bool,
}

impl Tag {
    fn parse(inner: &str) -> Tag {
        let inner = inner.trim_start();
        let (closing, inner) = match inner.strip_prefix('/') {
            Some(rest) => (true, rest.trim_start()),
            None => (false, inner),
        };
        let name = inner
            .chars()
            .take_while(char::is_ascii_alphanumeric)
            .collect::<String>()
            .to_ascii_lowercase();
        Tag { name, closing }
    }
}

/// The text being built, with whitespace collapsed the way a browser would.
#[derive(Default)]
struct Text {
    out: String,
    pending_space: bool,
}

impl Text {
    fn push_text(&mut self, raw: &str) {
        let mut rest = raw;
        while !rest.is_empty() {
            match rest.find('&') {
                Some(amp) => {
                    self.push_chars(&rest[..amp]);
                    let (decoded, used) = decode_entity(&rest[amp..]);
                    self.push_chars(&decoded);
                    rest = &rest[amp + used..];
                }
                None => {
                    self.push_chars(rest);
                    rest = "";
                }
            }
        }
    }

    fn push_chars(&mut self, s: &str) {
        for c in s.chars() {
            if INVISIBLE.contains(&c) {
                continue;
            }
            if c.is_whitespace() && c != '\u{a0}' {
                self.pending_space = true;
                continue;
            }
            let c = if c == '\u{a0}' { ' ' } else { c };
            if self.pending_space && !self.out.is_empty() && !self.out.ends_with('\n') {
                self.out.push(' ');
            }
            self.pending_space = false;
            self.out.push(c);
        }
    }

    fn tag(&mut self, tag: &Tag) {
        let name = tag.name.as_str();
        if name == "br" {
            self.trim_line_end();
            self.out.push('\n');
        } else if name == "li" && !tag.closing {
            self.line_break(1);
            self.out.push_str("- ");
        } else if name == "td" || name == "th" {
            self.pending_space = true;
        } else if PARAGRAPH.contains(&name) {
            self.line_break(2);
        } else if LINE.contains(&name) || name == "li" {
            self.line_break(1);
        }
    }

    /// Ensures the text ends in at least `lines` line breaks (never at the very start).
    fn line_break(&mut self, lines: usize) {
        self.pending_space = false;
        self.trim_line_end();
        if self.out.is_empty() {
            return;
        }
        let have = self.out.chars().rev().take_while(|&c| c == '\n').count();
        for _ in have..lines {
            self.out.push('\n');
        }
    }

    fn trim_line_end(&mut self) {
        let kept = self.out.trim_end_matches([' ', '\t']).len();
        self.out.truncate(kept);
    }

    /// Trims every line and keeps at most one blank line between paragraphs.
    fn finish(self) -> String {
        let mut text = String::with_capacity(self.out.len());
        let mut blank = 0;
        for line in self.out.lines().map(str::trim) {
            if line.is_empty() {
                blank += 1;
                continue;
            }
            if !text.is_empty() {
                text.push_str(if blank > 0 { "\n\n" } else { "\n" });
            }
            blank = 0;
            text.push_str(line);
        }
        text
    }
}

/// Decodes the entity at the start of `s` (which starts with `&`). Returns the text and how many
/// bytes it used; an unknown or unterminated entity is kept as a literal `&`.
fn decode_entity(s: &str) -> (String, usize) {
    let body = &s[1..];
    let end = body
        .char_indices()
        .take(12)
        .find(|&(_, c)| c == ';' || !(c.is_ascii_alphanumeric() || c == '#'))
        .filter(|&(_, c)| c == ';')
        .map(|(i, _)| i);
    let Some(end) = end else {
        return ("&".to_owned(), 1);
    };
    let name = &body[..end];
    let decoded = match name.strip_prefix('#') {
        Some(num) => {
            let code = match num.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok(),
                None => num.parse().ok(),
            };
            code.map(|c| char::from_u32(c).unwrap_or(char::REPLACEMENT_CHARACTER))
        }
        None => named_entity(name),
    };
    match decoded {
        Some(c) => (c.to_string(), end + 2),
        None => ("&".to_owned(), 1),
    }
}

/// The named entities that actually occur in Dutch and English business mail.
fn named_entity(name: &str) -> Option<char> {
    Some(match name {
        "amp" | "AMP" => '&',
        "lt" | "LT" => '<',
        "gt" | "GT" => '>',
        "quot" | "QUOT" => '"',
        "apos" => '\'',
        "nbsp" => '\u{a0}',
        "euro" => '€',
        "pound" => '£',
        "copy" => '©',
        "reg" => '®',
        "trade" => '™',
        "deg" => '°',
        "times" => '×',
        "hellip" => '…',
        "mdash" => '—',
        "ndash" => '–',
        "lsquo" => '‘',
        "rsquo" => '’',
        "sbquo" => '‚',
        "ldquo" => '“',
        "rdquo" => '”',
        "bdquo" => '„',
        "laquo" => '«',
        "raquo" => '»',
        "bull" => '•',
        "middot" => '·',
        "shy" => '\u{ad}',
        "zwnj" => '\u{200c}',
        "zwj" => '\u{200d}',
        "aacute" => 'á',
        "agrave" => 'à',
        "acirc" => 'â',
        "auml" => 'ä',
        "eacute" => 'é',
        "Eacute" => 'É',
        "egrave" => 'è',
        "ecirc" => 'ê',
        "euml" => 'ë',
        "iacute" => 'í',
        "iuml" => 'ï',
        "oacute" => 'ó',
        "ocirc" => 'ô',
        "ouml" => 'ö',
        "Ouml" => 'Ö',
        "uacute" => 'ú',
        "ucirc" => 'û',
        "uuml" => 'ü',
        "Uuml" => 'Ü',
        "ccedil" => 'ç',
        "ntilde" => 'ñ',
        "szlig" => 'ß',
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::html_to_text;

    #[test]
    fn drops_markup_style_and_script() {
        let html = "<html><head><title>T</title><style>p { color: red }</style></head>\
                    <body><script>alert(1)</script><p>Hallo <b>Jan</b>,</p>\
                    <p>Uw&nbsp;best&shy;elling &amp; factuur: &euro;&#160;12,50 &#x263A;</p></body></html>";
        assert_eq!(
            html_to_text(html),
            "Hallo Jan,\n\nUw bestelling & factuur: € 12,50 ☺"
        );
    }

    #[test]
    fn line_breaks_and_lists() {
        let html = "Regel 1<br>Regel 2<br/><ul><li>een</li><li>twee</li></ul>Einde";
        assert_eq!(html_to_text(html), "Regel 1\nRegel 2\n- een\n- twee\nEinde");
    }

    #[test]
    fn survives_broken_html() {
        assert_eq!(html_to_text("a < b & c <style>x"), "a < b & c");
        assert_eq!(
            html_to_text("<a title=\"x>y\">link</a> &bogus; &"),
            "link &bogus; &"
        );
        assert_eq!(html_to_text("<!-- never closed"), "");
        assert_eq!(html_to_text("&#xFFFFFFFF; &#55296;"), "\u{fffd} \u{fffd}");
    }
}
