//! Customers: one row per customer (segment and attributes, dictionary-encoded) and their
//! relationships (start, end, coded end reason). Churn and driver analysis read these together
//! with the case and survey facts of the same customers.

use super::{FactError, customer_code, unix_seconds};
use crate::dict::{Dictionary, DimensionColumn};
use crate::id_index::IdIndex;

/// `ended` of a relationship that has not ended.
pub(crate) const ONGOING: u32 = u32::MAX;
/// `customer_row` of a relationship replaced by a later update.
const REPLACED: u32 = u32::MAX;

/// One value of a customer attribute as the caller feeds it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum AttributeValue<'a> {
    Text(&'a str),
    Number(f64),
}

/// A customer's profile as the caller feeds it: the latest segment and attributes.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CustomerProfile<'a> {
    pub customer_id: i64,
    pub segment: Option<&'a str>,
    pub attributes: &'a [(&'a str, AttributeValue<'a>)],
}

/// One relationship of a customer; a customer who comes back has several, one after the other.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Relationship<'a> {
    /// Unix seconds, UTC.
    pub started_at: i64,
    pub ended_at: Option<i64>,
    /// The coded reason of the end (`price`, `moved`, …).
    pub end_reason: Option<&'a str>,
}

/// One attribute over all customer rows: its values as labels, and as numbers while every value
/// given so far was a number.
#[derive(Debug, Clone)]
pub(crate) struct AttributeColumn {
    pub(crate) name: Box<str>,
    pub(crate) labels: DimensionColumn,
    /// `NaN` where a customer has no value; `None` once a value was text.
    pub(crate) numbers: Option<Vec<f64>>,
}

impl AttributeColumn {
    fn new(name: &str, rows: usize) -> Self {
        let mut labels = DimensionColumn::default();
        for _ in 0..rows {
            labels.push(None);
        }
        AttributeColumn {
            name: name.into(),
            labels,
            numbers: Some(vec![f64::NAN; rows]),
        }
    }

    fn push_missing(&mut self) {
        self.labels.push(None);
        if let Some(numbers) = &mut self.numbers {
            numbers.push(f64::NAN);
        }
    }

    fn set(&mut self, row: usize, value: Option<AttributeValue<'_>>) {
        match value {
            None => {
                self.labels.set(row, None);
                if let Some(numbers) = &mut self.numbers {
                    numbers[row] = f64::NAN;
                }
            }
            Some(AttributeValue::Number(number)) => {
                self.labels.set(row, Some(&number_label(number)));
                if let Some(numbers) = &mut self.numbers {
                    numbers[row] = number;
                }
            }
            Some(AttributeValue::Text(text)) => {
                self.labels.set(row, Some(text));
                self.numbers = None;
            }
        }
    }
}

/// `12`, `29.85`: a number as a person writes it (no `.0`, no exponent for everyday values).
pub(crate) fn number_label(number: f64) -> String {
    if number.fract() == 0.0 && number.abs() < 1e15 {
        format!("{number:.0}")
    } else {
        let text = format!("{number:.4}");
        text.trim_end_matches('0').trim_end_matches('.').to_owned()
    }
}

/// A relationship as stored: 16 bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct RelationshipRow {
    pub(crate) customer_row: u32,
    pub(crate) started: u32,
    pub(crate) ended: u32,
    pub(crate) reason: u32,
}

#[derive(Debug, Clone)]
pub struct CustomerFacts {
    ids: IdIndex,
    /// The customer's id as the case and survey facts hold it.
    pub(crate) codes: Vec<u32>,
    pub(crate) segment: DimensionColumn,
    pub(crate) attributes: Vec<AttributeColumn>,
    pub(crate) relationships: Vec<RelationshipRow>,
    /// End reasons (the codes in `relationships`).
    pub(crate) reasons: Dictionary,
    /// Per customer row: whether any relationship names it, so a first one is added without a
    /// search for earlier ones.
    has_relationships: Vec<bool>,
    replaced: usize,
}

impl Default for CustomerFacts {
    fn default() -> Self {
        CustomerFacts {
            ids: IdIndex::default(),
            codes: Vec::new(),
            segment: DimensionColumn::default(),
            attributes: Vec::new(),
            relationships: Vec::new(),
            reasons: Dictionary::new(),
            has_relationships: Vec::new(),
            replaced: 0,
        }
    }
}

impl CustomerFacts {
    pub fn len(&self) -> usize {
        self.codes.len()
    }

    pub fn is_empty(&self) -> bool {
        self.codes.is_empty()
    }

    /// Adds the customer, or replaces their segment and attributes (an attribute not named keeps
    /// no value).
    pub fn upsert(&mut self, profile: &CustomerProfile<'_>) -> Result<(), FactError> {
        let code = customer_code(profile.customer_id)?;
        let row = match self.ids.row_of(profile.customer_id) {
            Some(row) => row as usize,
            None => {
                let row = u32::try_from(self.len()).map_err(|_| FactError::TableFull)?;
                if !self.ids.insert(profile.customer_id, row) {
                    return Err(FactError::DuplicateId(profile.customer_id));
                }
                self.codes.push(code);
                self.has_relationships.push(false);
                self.segment.push(None);
                for attribute in &mut self.attributes {
                    attribute.push_missing();
                }
                row as usize
            }
        };
        self.segment.set(row, profile.segment);
        for (name, value) in profile.attributes {
            self.attribute_mut(name).set(row, Some(*value));
        }
        for attribute in &mut self.attributes {
            if !profile
                .attributes
                .iter()
                .any(|(name, _)| **name == *attribute.name)
            {
                attribute.set(row, None);
            }
        }
        Ok(())
    }

    /// Makes the customer's relationships equal `relationships` (all of them, any order). The
    /// customer must have been added first.
    pub fn set_relationships(
        &mut self,
        customer_id: i64,
        relationships: &[Relationship<'_>],
    ) -> Result<(), FactError> {
        let row = self
            .ids
            .row_of(customer_id)
            .ok_or(FactError::UnknownCustomer(customer_id))?;
        let mut rows = Vec::with_capacity(relationships.len());
        for relationship in relationships {
            let started = unix_seconds(relationship.started_at)?;
            let ended = match relationship.ended_at {
                Some(at) => unix_seconds(at)?.min(ONGOING - 1),
                None => ONGOING,
            };
            if ended < started {
                return Err(FactError::EndBeforeStart(customer_id));
            }
            rows.push((started, ended, relationship.end_reason));
        }
        if self.has_relationships[row as usize] {
            for existing in &mut self.relationships {
                if existing.customer_row == row {
                    existing.customer_row = REPLACED;
                    self.replaced += 1;
                }
            }
        }
        self.has_relationships[row as usize] = !rows.is_empty();
        for (started, ended, reason) in rows {
            let reason = self.reasons.intern(reason);
            self.relationships.push(RelationshipRow {
                customer_row: row,
                started,
                ended,
                reason,
            });
        }
        if self.replaced > 1024 && self.replaced * 2 > self.relationships.len() {
            self.compact();
        }
        Ok(())
    }

    pub(crate) fn row_of(&self, customer_id: i64) -> Option<usize> {
        self.ids.row_of(customer_id).map(|row| row as usize)
    }

    /// The relationships in force, replaced ones left out.
    pub(crate) fn live_relationships(&self) -> impl Iterator<Item = &RelationshipRow> {
        self.relationships
            .iter()
            .filter(|relationship| relationship.customer_row != REPLACED)
    }

    pub(crate) fn attribute(&self, name: &str) -> Option<&AttributeColumn> {
        self.attributes
            .iter()
            .find(|attribute| &*attribute.name == name)
    }

    /// The names of every attribute, in order of first appearance.
    pub fn attribute_names(&self) -> impl Iterator<Item = &str> {
        self.attributes.iter().map(|attribute| &*attribute.name)
    }

    fn attribute_mut(&mut self, name: &str) -> &mut AttributeColumn {
        let position = match self.attributes.iter().position(|a| &*a.name == name) {
            Some(position) => position,
            None => {
                self.attributes.push(AttributeColumn::new(name, self.len()));
                self.attributes.len() - 1
            }
        };
        &mut self.attributes[position]
    }

    fn compact(&mut self) {
        self.relationships
            .retain(|relationship| relationship.customer_row != REPLACED);
        self.replaced = 0;
    }

    pub fn shrink_to_fit(&mut self) {
        self.ids.shrink_to_fit();
        self.codes.shrink_to_fit();
        self.segment.shrink_to_fit();
        for attribute in &mut self.attributes {
            attribute.labels.shrink_to_fit();
            if let Some(numbers) = &mut attribute.numbers {
                numbers.shrink_to_fit();
            }
        }
        self.relationships.shrink_to_fit();
        self.has_relationships.shrink_to_fit();
    }

    pub fn heap_bytes(&self) -> usize {
        self.ids.heap_bytes()
            + self.codes.capacity() * size_of::<u32>()
            + self.segment.heap_bytes()
            + self
                .attributes
                .iter()
                .map(|attribute| {
                    attribute.labels.heap_bytes()
                        + attribute
                            .numbers
                            .as_ref()
                            .map_or(0, |numbers| numbers.capacity() * size_of::<f64>())
                })
                .sum::<usize>()
            + self.relationships.capacity() * size_of::<RelationshipRow>()
            + self.has_relationships.capacity()
            + self.reasons.heap_bytes()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn profile<'a>(
        id: i64,
        attributes: &'a [(&'a str, AttributeValue<'a>)],
    ) -> CustomerProfile<'a> {
        CustomerProfile {
            customer_id: id,
            segment: Some("smb"),
            attributes,
        }
    }

    #[test]
    fn an_attribute_is_numeric_until_a_text_value_arrives() {
        let mut facts = CustomerFacts::default();
        facts
            .upsert(&profile(1, &[("tenure", AttributeValue::Number(12.0))]))
            .unwrap();
        facts
            .upsert(&profile(
                2,
                &[("contract", AttributeValue::Text("Monthly"))],
            ))
            .unwrap();
        let tenure = facts.attribute("tenure").unwrap();
        assert!(tenure.numbers.is_some());
        assert_eq!(
            tenure.labels.dictionary.label(tenure.labels.codes.get(0)),
            Some("12")
        );
        assert!(tenure.numbers.as_ref().unwrap()[1].is_nan());
        facts
            .upsert(&profile(3, &[("tenure", AttributeValue::Text("long"))]))
            .unwrap();
        assert!(facts.attribute("tenure").unwrap().numbers.is_none());
    }

    #[test]
    fn an_update_replaces_attributes_and_relationships() {
        let mut facts = CustomerFacts::default();
        facts
            .upsert(&profile(7, &[("plan", AttributeValue::Text("basic"))]))
            .unwrap();
        let first = Relationship {
            started_at: 100,
            ended_at: Some(200),
            end_reason: Some("price"),
        };
        let second = Relationship {
            started_at: 300,
            ended_at: None,
            end_reason: None,
        };
        facts.set_relationships(7, &[first]).unwrap();
        facts.set_relationships(7, &[first, second]).unwrap();
        assert_eq!(facts.live_relationships().count(), 2);
        facts.upsert(&profile(7, &[])).unwrap();
        let plan = facts.attribute("plan").unwrap();
        assert_eq!(plan.labels.codes.get(0), 0, "a value not named is no value");
        assert_eq!(
            facts.set_relationships(8, &[second]),
            Err(FactError::UnknownCustomer(8))
        );
        let backwards = Relationship {
            started_at: 500,
            ended_at: Some(400),
            end_reason: None,
        };
        assert_eq!(
            facts.set_relationships(7, &[backwards]),
            Err(FactError::EndBeforeStart(7))
        );
        assert_eq!(
            facts.live_relationships().count(),
            2,
            "a refused update changes nothing"
        );
    }

    #[test]
    fn numbers_read_as_people_write_them() {
        assert_eq!(number_label(12.0), "12");
        assert_eq!(number_label(29.85), "29.85");
        assert_eq!(number_label(-0.5), "-0.5");
    }
}
