//! What churn and driver figures can be broken down by: the customer's segment and attributes,
//! the service they got (contacts, CSAT and NPS band, an unresolved case), and periods.

use std::fmt;
use std::str::FromStr;

use super::experience::{CONTACT_LABELS, CSAT_BANDS, ExperienceAt, NPS_BANDS, YES_NO};
use crate::facts::{AttributeColumn, CustomerFacts};
use crate::query::QueryError;
use crate::time_buckets::TimeGrain;

/// One breakdown of churn: `segment`, `month`, `customer.contract`, `contacts`, ….
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum ChurnGroup {
    Segment,
    Period(TimeGrain),
    /// `customer.<name>`: a customer attribute, its values as labels.
    Attribute(String),
    Contacts,
    CsatBand,
    NpsBand,
    Unresolved,
}

impl ChurnGroup {
    /// The group's name in an answer row and in `group_by`.
    pub fn name(&self) -> String {
        match self {
            ChurnGroup::Attribute(name) => format!("customer.{name}"),
            other => other.fixed_name().to_owned(),
        }
    }

    fn fixed_name(&self) -> &'static str {
        match self {
            ChurnGroup::Segment => "segment",
            ChurnGroup::Period(TimeGrain::Day) => "day",
            ChurnGroup::Period(TimeGrain::IsoWeek) => "week",
            ChurnGroup::Period(TimeGrain::Month) => "month",
            ChurnGroup::Period(TimeGrain::Quarter) => "quarter",
            ChurnGroup::Attribute(_) => "customer",
            ChurnGroup::Contacts => "contacts",
            ChurnGroup::CsatBand => "csat_band",
            ChurnGroup::NpsBand => "nps_band",
            ChurnGroup::Unresolved => "unresolved",
        }
    }

    /// Whether the group reads the service experience (which costs an index build per query).
    pub(crate) fn needs_experience(&self) -> bool {
        matches!(
            self,
            ChurnGroup::Contacts
                | ChurnGroup::CsatBand
                | ChurnGroup::NpsBand
                | ChurnGroup::Unresolved
        )
    }

    /// Fails with the known names when an attribute does not exist.
    pub(crate) fn check(&self, customers: &CustomerFacts) -> Result<(), QueryError> {
        match self {
            ChurnGroup::Attribute(name) if customers.attribute(name).is_none() => {
                Err(QueryError::UnknownAttribute {
                    name: name.chars().take(40).collect(),
                    known: customers.attribute_names().collect::<Vec<_>>().join(" "),
                })
            }
            _ => Ok(()),
        }
    }
}

impl fmt::Display for ChurnGroup {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.name())
    }
}

impl FromStr for ChurnGroup {
    type Err = QueryError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        if let Some(name) = s.strip_prefix("customer.")
            && !name.is_empty()
        {
            return Ok(ChurnGroup::Attribute(name.to_owned()));
        }
        Ok(match s {
            "segment" => ChurnGroup::Segment,
            "day" => ChurnGroup::Period(TimeGrain::Day),
            "week" => ChurnGroup::Period(TimeGrain::IsoWeek),
            "month" => ChurnGroup::Period(TimeGrain::Month),
            "quarter" => ChurnGroup::Period(TimeGrain::Quarter),
            "contacts" => ChurnGroup::Contacts,
            "csat_band" => ChurnGroup::CsatBand,
            "nps_band" => ChurnGroup::NpsBand,
            "unresolved" => ChurnGroup::Unresolved,
            _ => {
                return Err(QueryError::UnknownName {
                    what: "churn group",
                    value: s.chars().take(40).collect(),
                    allowed: "segment day week month quarter contacts csat_band nps_band unresolved customer.<attribute>",
                });
            }
        })
    }
}

/// How a non-period group turns a customer (and their service) into a code and a label.
pub(crate) enum Coder<'a> {
    Segment(&'a crate::dict::DimensionColumn),
    Attribute(&'a AttributeColumn),
    Fixed(fn(&ExperienceAt) -> u32, &'static [&'static str]),
}

impl<'a> Coder<'a> {
    pub(crate) fn new(group: &ChurnGroup, customers: &'a CustomerFacts) -> Option<Self> {
        Some(match group {
            ChurnGroup::Segment => Coder::Segment(&customers.segment),
            ChurnGroup::Attribute(name) => Coder::Attribute(customers.attribute(name)?),
            ChurnGroup::Contacts => Coder::Fixed(|e| e.contacts, &CONTACT_LABELS),
            ChurnGroup::CsatBand => Coder::Fixed(|e| e.csat_band, &CSAT_BANDS),
            ChurnGroup::NpsBand => Coder::Fixed(|e| e.nps_band, &NPS_BANDS),
            ChurnGroup::Unresolved => Coder::Fixed(|e| e.unresolved, &YES_NO),
            ChurnGroup::Period(_) => return None,
        })
    }

    /// Whether codes are in reading order (`0`…`10+`, `none`…`high`) rather than sorted by label.
    pub(crate) fn is_ordered(&self) -> bool {
        matches!(self, Coder::Fixed(..))
    }

    pub(crate) fn cardinality(&self) -> u32 {
        match self {
            Coder::Segment(column) => column.dictionary.cardinality(),
            Coder::Attribute(attribute) => attribute.labels.dictionary.cardinality(),
            Coder::Fixed(_, labels) => labels.len() as u32,
        }
    }

    pub(crate) fn code(&self, customer_row: usize, experience: Option<&ExperienceAt>) -> u32 {
        match self {
            Coder::Segment(column) => column.codes.get(customer_row),
            Coder::Attribute(attribute) => attribute.labels.codes.get(customer_row),
            Coder::Fixed(code, _) => experience.map_or(0, code),
        }
    }

    pub(crate) fn label(&self, code: u32) -> Option<String> {
        match self {
            Coder::Segment(column) => column.dictionary.label(code).map(str::to_owned),
            Coder::Attribute(attribute) => {
                attribute.labels.dictionary.label(code).map(str::to_owned)
            }
            Coder::Fixed(_, labels) => labels.get(code as usize).map(|label| (*label).to_owned()),
        }
    }

    /// The code of a label, for filters; `None` when no customer has it.
    pub(crate) fn code_of(&self, label: &str) -> Option<u32> {
        match self {
            Coder::Segment(column) => column.dictionary.code(label),
            Coder::Attribute(attribute) => attribute.labels.dictionary.code(label),
            Coder::Fixed(_, labels) => labels.iter().position(|l| *l == label).map(|p| p as u32),
        }
    }
}
