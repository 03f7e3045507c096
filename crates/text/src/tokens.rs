//! Words as the analyses see them: lowercase runs of Unicode letters and digits, an apostrophe
//! inside a word kept (`zo'n`, `don't`), every other character a boundary. Nothing is dropped
//! here, negation words included; topic clustering removes stop words itself.

use rust_stemmers::{Algorithm, Stemmer};

use crate::language::Language;

/// The lowercase words of `text` in order.
pub fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !(c.is_alphanumeric() || is_apostrophe(c)))
        .map(|piece| piece.trim_matches(is_apostrophe))
        .filter(|piece| !piece.is_empty())
        .map(|piece| piece.replace('’', "'").to_lowercase())
}

/// The lowercase words of `text`, collected.
pub fn tokenize(text: &str) -> Vec<String> {
    words(text).collect()
}

fn is_apostrophe(c: char) -> bool {
    c == '\'' || c == '’'
}

/// The Snowball stem of a lowercase word (`rust-stemmers`' Dutch and English algorithms).
pub fn stem(language: Language, word: &str) -> String {
    stemmer(language).stem(word).into_owned()
}

/// The stems of the words of `text`, in order.
pub fn stems(language: Language, text: &str) -> Vec<String> {
    let stemmer = stemmer(language);
    words(text)
        .map(|word| stemmer.stem(&word).into_owned())
        .collect()
}

pub(crate) fn stemmer(language: Language) -> Stemmer {
    Stemmer::create(match language {
        Language::Nl => Algorithm::Dutch,
        Language::En => Algorithm::English,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lowercase_unicode_words_with_inner_apostrophes() {
        assert_eq!(
            tokenize("Zo'n GEDOE… Café’s don’t (really) work-flow!"),
            ["zo'n", "gedoe", "café's", "don't", "really", "work", "flow"]
        );
    }

    #[test]
    fn negation_words_stay() {
        assert_eq!(
            tokenize("Niet tevreden, not happy"),
            ["niet", "tevreden", "not", "happy"]
        );
    }

    #[test]
    fn snowball_stems_per_language() {
        assert_eq!(
            stem(Language::Nl, "bestellingen"),
            stem(Language::Nl, "bestelling")
        );
        assert_eq!(
            stem(Language::En, "deliveries"),
            stem(Language::En, "delivery")
        );
        assert_eq!(stems(Language::En, "Waiting, waited"), ["wait", "wait"]);
    }
}
