//! The demo's customers: Dutch households, English-speaking expats and small businesses, with
//! the email addresses and mobile numbers they would really have.

use std::collections::HashSet;

use chrono::{DateTime, Datelike, TimeDelta, Utc};
use domain::IdentityKind;
use rand::Rng;
use rand::distr::Distribution;
use rand::distr::weighted::WeightedIndex;
use rand::rngs::StdRng;
use rand::seq::IndexedRandom;
use serde_json::{Map, Value, json};

use super::corpus::{
    CITIES, COMPANY_NAMES, EMAIL_DOMAINS, EN_FIRST_NAMES, EN_LAST_NAMES, FIRST_NAMES, LAST_NAMES,
};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Language {
    Dutch,
    English,
}

impl Language {
    pub fn code(self) -> &'static str {
        match self {
            Language::Dutch => "nl",
            Language::English => "en",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Plan {
    Energy,
    Fibre,
    Both,
}

impl Plan {
    fn as_str(self) -> &'static str {
        match self {
            Plan::Energy => "energie",
            Plan::Fibre => "glasvezel",
            Plan::Both => "energie+glasvezel",
        }
    }

    pub fn has_energy(self) -> bool {
        self != Plan::Fibre
    }

    pub fn has_fibre(self) -> bool {
        self != Plan::Energy
    }
}

pub struct Person {
    pub name: String,
    /// How agents address them: their first name, or a business's contact person.
    pub first_name: &'static str,
    pub language: Language,
    pub business: bool,
    pub vip: bool,
    pub plan: Plan,
    pub city: &'static str,
    pub email: Option<String>,
    pub phone: Option<String>,
}

impl Person {
    pub fn segment(&self) -> &'static str {
        match (self.business, self.vip) {
            (true, _) => "zakelijk",
            (false, true) => "vip",
            (false, false) => "particulier",
        }
    }

    pub fn attributes(&self, customer_since: i32) -> Map<String, Value> {
        let mut attributes = Map::new();
        attributes.insert("segment".into(), json!(self.segment()));
        attributes.insert("plan".into(), json!(self.plan.as_str()));
        attributes.insert("city".into(), json!(self.city));
        attributes.insert("customer_since".into(), json!(customer_since));
        attributes
    }

    pub fn identities(&self) -> Vec<(IdentityKind, String)> {
        let email = self.email.iter().map(|e| (IdentityKind::Email, e.clone()));
        let phone = self.phone.iter().map(|p| (IdentityKind::Phone, p.clone()));
        email.chain(phone).collect()
    }
}

/// `count` customers: about 85% Dutch, 10% English-speaking expats and 5% businesses.
pub fn generate(rng: &mut StdRng, count: usize) -> anyhow::Result<Vec<Person>> {
    // Big cities first in the corpus: they get more customers.
    let city_weights = WeightedIndex::new((0..CITIES.len()).map(|i| 6.0 / (6.0 + i as f64)))?;
    let mut taken = Taken::default();
    let mut people = Vec::with_capacity(count);
    for index in 0..count {
        let city = CITIES[city_weights.sample(rng)];
        let roll = rng.random_range(0..100);
        let person = if roll < 85 {
            household(rng, &mut taken, index, Language::Dutch, city)
        } else if roll < 95 {
            household(rng, &mut taken, index, Language::English, city)
        } else {
            business(rng, &mut taken, index, city)
        };
        people.push(person);
    }
    Ok(people)
}

/// When a customer was registered, some time before they first got in touch, and the year
/// their contract started.
pub fn registration(rng: &mut StdRng, first_contact: DateTime<Utc>) -> (DateTime<Utc>, i32) {
    let minutes_before = if rng.random_bool(0.3) {
        rng.random_range(60..60 * 24 * 14)
    } else {
        rng.random_range(60 * 24 * 14..60 * 24 * 700)
    };
    let created_at = first_contact - TimeDelta::minutes(minutes_before);
    let since = rng.random_range(2008..=created_at.year().max(2008));
    (created_at, since)
}

/// Identities already handed out, so no two customers share an address or number.
#[derive(Default)]
struct Taken {
    emails: HashSet<String>,
    phones: HashSet<String>,
}

impl Taken {
    /// `local@domain`, or with the customer's index appended until the address is free.
    fn email(&mut self, local: &str, domain: &str, index: usize) -> String {
        let mut address = format!("{local}@{domain}");
        let mut suffix = index;
        while self.emails.contains(&address) {
            address = format!("{local}{suffix}@{domain}");
            suffix += 1;
        }
        self.emails.insert(address.clone());
        address
    }

    /// A Dutch mobile number in E.164 form: +316 and eight digits.
    fn mobile(&mut self, rng: &mut StdRng) -> String {
        loop {
            let number = format!("+316{:08}", rng.random_range(10_000_000..100_000_000));
            if self.phones.insert(number.clone()) {
                return number;
            }
        }
    }
}

fn household(
    rng: &mut StdRng,
    taken: &mut Taken,
    index: usize,
    language: Language,
    city: &'static str,
) -> Person {
    let (firsts, lasts) = match language {
        Language::Dutch => (FIRST_NAMES, LAST_NAMES),
        Language::English => (EN_FIRST_NAMES, EN_LAST_NAMES),
    };
    let first = firsts.choose(rng).copied().unwrap_or("Sam");
    let last = lasts.choose(rng).copied().unwrap_or("de Vries");
    let email = rng
        .random_bool(0.92)
        .then(|| personal_email(rng, taken, index, first, last));
    // Someone without an email address can only be reached by phone.
    let phone = (email.is_none() || rng.random_bool(0.6)).then(|| taken.mobile(rng));
    Person {
        name: format!("{first} {last}"),
        first_name: first,
        language,
        business: false,
        vip: rng.random_bool(0.03),
        plan: plan(rng),
        city,
        email,
        phone,
    }
}

fn business(rng: &mut StdRng, taken: &mut Taken, index: usize, city: &'static str) -> Person {
    let company = COMPANY_NAMES
        .choose(rng)
        .copied()
        .unwrap_or("Polderbakkerij");
    // A second business of the same name is another branch: tell them apart by city.
    let candidate = format!("info@{}.nl", ascii_fold(&trade_name(company)));
    let name = if taken.emails.contains(&candidate) {
        format!("{company} {city}")
    } else {
        company.to_string()
    };
    let email = taken.email(
        "info",
        &format!("{}.nl", ascii_fold(&trade_name(&name))),
        index,
    );
    let phone = rng.random_bool(0.6).then(|| taken.mobile(rng));
    Person {
        name,
        first_name: FIRST_NAMES.choose(rng).copied().unwrap_or("Sam"),
        language: Language::Dutch,
        business: true,
        vip: false,
        plan: plan(rng),
        city,
        email: Some(email),
        phone,
    }
}

/// A company name without its legal form, as it appears in a domain name.
fn trade_name(company: &str) -> String {
    const LEGAL_FORMS: &[&str] = &["B.V.", "V.O.F.", "&", "Zn."];
    company
        .split_whitespace()
        .filter(|word| !LEGAL_FORMS.contains(word))
        .collect()
}

fn plan(rng: &mut StdRng) -> Plan {
    match rng.random_range(0..100) {
        0..45 => Plan::Energy,
        45..65 => Plan::Fibre,
        _ => Plan::Both,
    }
}

/// The shapes people's addresses take: jan.devries@, jandevries@, j.devries@, jan82@, ...
fn personal_email(
    rng: &mut StdRng,
    taken: &mut Taken,
    index: usize,
    first: &str,
    last: &str,
) -> String {
    let (first, last) = (ascii_fold(first), ascii_fold(last));
    let initial = &first[..first.len().min(1)];
    let local = match rng.random_range(0..100) {
        0..30 => format!("{first}.{last}"),
        30..45 => format!("{first}{last}"),
        45..60 => format!("{initial}.{last}"),
        60..75 => format!("{first}{}", rng.random_range(10..100)),
        75..90 => format!("{first}.{last}{}", rng.random_range(60..100)),
        _ => format!("{last}.{first}"),
    };
    let domain = EMAIL_DOMAINS.choose(rng).copied().unwrap_or("example.nl");
    taken.email(&local, domain, index)
}

/// The lower-case ASCII letters and digits of `text`, with accents dropped: "Ayşe van 't Hof" →
/// "aysevanthof". Used for email addresses.
pub fn ascii_fold(text: &str) -> String {
    text.to_lowercase()
        .chars()
        .filter_map(|c| match c {
            'a'..='z' | '0'..='9' => Some(c),
            'á' | 'à' | 'â' | 'ä' => Some('a'),
            'ç' => Some('c'),
            'é' | 'è' | 'ê' | 'ë' => Some('e'),
            'ğ' => Some('g'),
            'ı' | 'í' | 'ï' | 'î' => Some('i'),
            'ñ' => Some('n'),
            'ó' | 'ô' | 'ö' => Some('o'),
            'ş' => Some('s'),
            'ú' | 'ü' => Some('u'),
            _ => None,
        })
        .collect()
}
