//! What the index holds, as the caller hands it over: a case, one of its messages, a customer.

use tantivy::TantivyDocument;

use crate::schema::Fields;

/// Who may see a case: its team and assignee.
#[derive(Debug, Clone, Copy, Default)]
pub struct Access {
    pub team_id: Option<i64>,
    pub assignee_id: Option<i64>,
}

#[derive(Debug, Clone)]
pub struct CaseDoc<'a> {
    pub id: i64,
    pub subject: &'a str,
    pub status: &'a str,
    pub customer_name: &'a str,
    pub tags: &'a [String],
    pub access: Access,
}

#[derive(Debug, Clone)]
pub struct MessageDoc<'a> {
    pub id: i64,
    pub case_id: i64,
    /// The case's subject, shown as the result's title.
    pub case_subject: &'a str,
    pub direction: &'a str,
    pub subject: Option<&'a str>,
    pub body: &'a str,
    pub access: Access,
}

#[derive(Debug, Clone)]
pub struct CustomerDoc<'a> {
    pub id: i64,
    pub name: &'a str,
    pub emails: &'a [String],
    /// E.164 (`+31612345678`); the national form (`0612345678`) is indexed too.
    pub phones: &'a [String],
}

pub fn case_unit(id: i64) -> String {
    format!("case:{id}")
}

pub fn customer_unit(id: i64) -> String {
    format!("customer:{id}")
}

fn unsigned(id: i64) -> u64 {
    u64::try_from(id).unwrap_or(0)
}

fn add_access(doc: &mut TantivyDocument, fields: &Fields, access: Access) {
    doc.add_u64(fields.team, access.team_id.map_or(0, unsigned));
    doc.add_u64(fields.assignee, access.assignee_id.map_or(0, unsigned));
}

fn add_text(doc: &mut TantivyDocument, fields: &Fields, text: &str) {
    doc.add_text(fields.text_en, text);
    doc.add_text(fields.text_nl, text);
}

impl CaseDoc<'_> {
    pub(crate) fn to_document(&self, fields: &Fields) -> TantivyDocument {
        let mut doc = TantivyDocument::new();
        doc.add_text(fields.unit, case_unit(self.id));
        doc.add_text(fields.kind, "case");
        doc.add_u64(fields.id, unsigned(self.id));
        doc.add_u64(fields.case_id, unsigned(self.id));
        add_access(&mut doc, fields, self.access);
        doc.add_text(fields.status, self.status);
        doc.add_text(fields.title, self.subject);
        doc.add_text(
            fields.body,
            format!("{} · {}", self.subject, self.customer_name),
        );
        add_text(&mut doc, fields, self.subject);
        add_text(&mut doc, fields, self.customer_name);
        for tag in self.tags {
            add_text(&mut doc, fields, tag);
        }
        doc
    }
}

impl MessageDoc<'_> {
    pub(crate) fn to_document(&self, fields: &Fields) -> TantivyDocument {
        let mut doc = TantivyDocument::new();
        doc.add_text(fields.unit, case_unit(self.case_id));
        doc.add_text(fields.kind, "message");
        doc.add_u64(fields.id, unsigned(self.id));
        doc.add_u64(fields.case_id, unsigned(self.case_id));
        add_access(&mut doc, fields, self.access);
        doc.add_text(fields.direction, self.direction);
        doc.add_text(fields.title, self.case_subject);
        let body = match self.subject {
            Some(subject) if !subject.is_empty() => format!("{subject}\n{}", self.body),
            _ => self.body.to_string(),
        };
        add_text(&mut doc, fields, &body);
        doc.add_text(fields.body, body);
        doc
    }
}

impl CustomerDoc<'_> {
    pub(crate) fn to_document(&self, fields: &Fields) -> TantivyDocument {
        let mut doc = TantivyDocument::new();
        doc.add_text(fields.unit, customer_unit(self.id));
        doc.add_text(fields.kind, "customer");
        doc.add_u64(fields.id, unsigned(self.id));
        doc.add_text(fields.title, self.name);
        let mut shown = self.emails.to_vec();
        shown.extend(self.phones.iter().cloned());
        doc.add_text(fields.body, shown.join(" · "));
        add_text(&mut doc, fields, self.name);
        for email in self.emails {
            add_text(&mut doc, fields, email);
        }
        for phone in self.phones {
            add_text(&mut doc, fields, phone);
            if let Some(national) = national_form(phone) {
                add_text(&mut doc, fields, &national);
            }
        }
        doc
    }
}

/// `+31612345678` → `0612345678`: how Dutch numbers are written at home.
fn national_form(e164: &str) -> Option<String> {
    e164.strip_prefix("+31").map(|rest| format!("0{rest}"))
}
