//! A planted burst: 60 near-identical complaints on the last of nine days, among thousands of
//! ordinary contacts, is found by clustering the texts into topics and testing each topic's
//! daily counts; the steady topics are not flagged.

use std::collections::BTreeMap;

mod common {
    pub mod lcg;
}

use common::lcg::Lcg;
use text::{TopicId, TopicModel, rising};

const DAYS: usize = 9;
const ORDINARY_PER_DAY: usize = 400;
const BURST: usize = 60;

const ORDINARY: &[&str] = &[
    "Mijn pakket is nog niet bezorgd, wanneer komt de bestelling?",
    "De factuur klopt niet, er is een verkeerd bedrag afgeschreven",
    "Ik wil mijn adres wijzigen voor de volgende levering",
    "Hoe kan ik mijn abonnement opzeggen?",
    "Bedankt voor de snelle hulp van de medewerker",
    "My parcel has not been delivered yet, where is my order?",
    "I want to change the email address on my account",
    "The invoice shows the wrong amount, please correct it",
    "Kan ik de retour ophalen laten bij mijn huis?",
    "Thank you for the friendly help on the phone",
];
const VARIATION: &[&str] = &[
    "",
    " graag",
    " vandaag",
    " please",
    " asap",
    " alvast bedankt",
];

fn contacts() -> Vec<(usize, String)> {
    let mut random = Lcg(17);
    let mut contacts = Vec::new();
    for day in 0..DAYS {
        for n in 0..ORDINARY_PER_DAY {
            let template = ORDINARY[random.next(ORDINARY.len())];
            let variation = VARIATION[random.next(VARIATION.len())];
            contacts.push((day, format!("{template}{variation} (klant {day}-{n})")));
        }
    }
    for n in 0..BURST {
        let variation = VARIATION[n % VARIATION.len()];
        contacts.push((
            DAYS - 1,
            format!("Storing: de app geeft foutmelding 503 bij inloggen{variation} (klant b{n})"),
        ));
    }
    contacts
}

#[test]
fn a_planted_burst_is_flagged_and_steady_topics_are_not() {
    let contacts = contacts();
    let texts: Vec<&str> = contacts.iter().map(|(_, text)| text.as_str()).collect();
    let model = TopicModel::cluster(&texts);
    let mut counts: BTreeMap<TopicId, [u32; DAYS]> = BTreeMap::new();
    for (day, text) in &contacts {
        if let Some(topic) = model.assign(text) {
            counts.entry(topic).or_insert([0; DAYS])[*day] += 1;
        }
    }
    let flagged: Vec<TopicId> = counts
        .iter()
        .filter(|(_, days)| rising(&days[..]).is_some())
        .map(|(&topic, _)| topic)
        .collect();
    let burst = model
        .assign("Storing: de app geeft foutmelding 503 bij inloggen")
        .expect("the burst forms a topic");
    assert_eq!(flagged, [burst], "counts per topic: {counts:?}");
    let found = rising(&counts[&burst][..]).unwrap();
    assert!(found.observed >= 55, "{found:?}");
    assert!(found.p_value < 0.001);
    let label = &model.topic(burst).unwrap().label;
    assert!(
        label
            .iter()
            .any(|word| ["storing", "foutmelding", "inloggen", "503", "app"]
                .contains(&word.as_str())),
        "{label:?}"
    );
}
