//! Feature requests: whether a text asks for something new, and a key of its content words so
//! that the same wish in other words merges and different wishes stay apart.

use std::collections::BTreeSet;

use crate::language::{Language, detect};
use crate::tokens::{stemmer, words};
use crate::topics::is_stop_word;

/// `*` stands for up to [`GAP`] words.
const DUTCH_PATTERNS: &[&str] = &[
    "zou fijn zijn als",
    "zou handig zijn als",
    "zou mooi zijn als",
    "zou fijn zijn om",
    "zou handig zijn om",
    "zou top zijn als",
    "zou het fijn vinden als",
    "kunnen jullie * toevoegen",
    "kunnen jullie * mogelijk maken",
    "kan er * bij komen",
    "zouden jullie * kunnen",
    "graag zou ik",
    "ik zou graag willen dat",
    "ik mis de optie",
    "mis de optie",
    "mis de mogelijkheid",
    "ik mis * functie",
    "een optie om",
    "wanneer komt er",
    "komt er * optie",
    "suggestie",
    "verzoek om",
    "feature request",
    "het zou * zijn als",
];
const ENGLISH_PATTERNS: &[&str] = &[
    "i wish",
    "please add",
    "please make it possible",
    "it would be great if",
    "it would be nice if",
    "would be great to",
    "would be nice to",
    "would be helpful if",
    "would love to be able to",
    "would love a",
    "would love an",
    "could you * add",
    "can you * add",
    "any plans to",
    "feature request",
    "i'd like to be able to",
    "i would like to be able to",
    "why is there no",
    "it would help if",
    "suggestion",
];
const GAP: usize = 4;

/// Whether `text` asks for a feature ("zou fijn zijn als", "kunnen jullie … toevoegen", "I wish",
/// "please add", "it would be great if").
pub fn is_feature_request(text: &str, language: Language) -> bool {
    let words: Vec<String> = words(text).collect();
    let patterns = match language {
        Language::Nl => DUTCH_PATTERNS,
        Language::En => ENGLISH_PATTERNS,
    };
    patterns
        .iter()
        .any(|pattern| matches_at_any(&words, pattern))
}

fn matches_at_any(words: &[String], pattern: &str) -> bool {
    let parts: Vec<&str> = pattern.split(' ').collect();
    (0..words.len()).any(|start| matches_from(&words[start..], &parts))
}

fn matches_from(words: &[String], parts: &[&str]) -> bool {
    match parts.split_first() {
        None => true,
        Some((&"*", rest)) => {
            (0..=GAP.min(words.len())).any(|skip| matches_from(&words[skip..], rest))
        }
        Some((part, rest)) => words
            .split_first()
            .is_some_and(|(word, tail)| word == part && matches_from(tail, rest)),
    }
}

/// Words that say *that* something is asked for, not *what*.
const REQUEST_WORDS: &[&str] = &[
    "fijn",
    "handig",
    "mooi",
    "top",
    "graag",
    "toevoegen",
    "optie",
    "mogelijkheid",
    "functie",
    "mis",
    "missen",
    "wens",
    "suggestie",
    "verzoek",
    "jullie",
    "wish",
    "add",
    "please",
    "great",
    "nice",
    "love",
    "able",
    "feature",
    "request",
    "option",
    "possible",
    "plans",
    "suggestion",
    "like",
    "helpful",
    "help",
];

/// The sorted, distinct stems of a request's content words: stop words and the words of asking
/// itself left out.
pub fn request_key(text: &str) -> Vec<String> {
    let language = detect(text).language;
    let stemmer = stemmer(language);
    words(text)
        .filter(|word| !is_stop_word(word) && !REQUEST_WORDS.contains(&word.as_str()))
        .map(|word| stemmer.stem(&word).into_owned())
        .collect::<BTreeSet<String>>()
        .into_iter()
        .collect()
}

/// Jaccard similarity of two request keys: shared stems over all stems, 0 to 1.
pub fn request_similarity(a: &[String], b: &[String]) -> f64 {
    let a: BTreeSet<&String> = a.iter().collect();
    let b: BTreeSet<&String> = b.iter().collect();
    let union = a.union(&b).count();
    if union == 0 {
        return 0.0;
    }
    a.intersection(&b).count() as f64 / union as f64
}

/// Keys at least this similar are the same request.
const SAME_REQUEST: f64 = 0.5;

/// Whether two request texts ask for the same thing.
pub fn same_request(a: &str, b: &str) -> bool {
    request_similarity(&request_key(a), &request_key(b)) >= SAME_REQUEST
}

/// Requests grouped so near-duplicates share a group: each text joins the first group whose
/// first request it is the same as ([`same_request`]), or starts one. Groups and their members
/// are in input order; O(texts × groups).
pub fn group_requests<S: AsRef<str>>(texts: &[S]) -> Vec<Vec<usize>> {
    let keys: Vec<Vec<String>> = texts
        .iter()
        .map(|text| request_key(text.as_ref()))
        .collect();
    let mut groups: Vec<Vec<usize>> = Vec::new();
    for (i, key) in keys.iter().enumerate() {
        match groups
            .iter_mut()
            .find(|group| request_similarity(&keys[group[0]], key) >= SAME_REQUEST)
        {
            Some(group) => group.push(i),
            None => groups.push(vec![i]),
        }
    }
    groups
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dutch_requests() {
        for text in [
            "Het zou fijn zijn als ik mijn factuur als pdf kan downloaden",
            "Kunnen jullie een donkere modus toevoegen?",
            "Graag zou ik een overzicht van mijn bestellingen zien",
            "Ik mis de optie om mijn adres te wijzigen",
        ] {
            assert!(is_feature_request(text, Language::Nl), "{text}");
        }
        for text in [
            "Mijn pakket is niet aangekomen",
            "Bedankt voor de snelle hulp",
        ] {
            assert!(!is_feature_request(text, Language::Nl), "{text}");
        }
    }

    #[test]
    fn english_requests() {
        for text in [
            "I wish I could export my invoices",
            "Please add a dark mode",
            "It would be great if the app remembered my login",
            "Feature request: two-factor login",
            "I would love to be able to pay by bank transfer",
        ] {
            assert!(is_feature_request(text, Language::En), "{text}");
        }
        for text in ["My parcel has not arrived", "Thanks for the quick help"] {
            assert!(!is_feature_request(text, Language::En), "{text}");
        }
    }

    #[test]
    fn near_duplicate_requests_merge_and_distinct_ones_do_not() {
        assert!(same_request(
            "Please add a dark mode to the app",
            "I wish the app had a dark mode"
        ));
        assert!(same_request(
            "Kunnen jullie facturen als pdf toevoegen?",
            "Het zou fijn zijn als ik facturen als pdf kan downloaden"
        ));
        assert!(!same_request(
            "Please add a dark mode to the app",
            "Please add payment by bank transfer"
        ));
        assert!(!same_request(
            "Kunnen jullie facturen als pdf toevoegen?",
            "Ik mis de optie om mijn adres te wijzigen"
        ));
    }

    #[test]
    fn groups_merge_the_same_wish() {
        let groups = group_requests(&[
            "Please add a dark mode to the app",
            "Kunnen jullie facturen als pdf toevoegen?",
            "I wish the app had a dark mode",
            "Het zou fijn zijn als ik facturen als pdf kan downloaden",
            "Please add payment by bank transfer",
        ]);
        assert_eq!(groups, [vec![0, 2], vec![1, 3], vec![4]]);
    }
}
