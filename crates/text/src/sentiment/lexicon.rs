//! The lexicon model: word valences from VADER (English) and Pattern (Dutch) plus Klantbeeld's
//! customer-service terms, adjusted by negation, intensifiers, contrast and exclamation marks,
//! in the manner of VADER (Hutto and Gilbert, 2014).

use std::sync::LazyLock;

use rustc_hash::FxHashMap;

use super::{Model, Sentiment};
use crate::language::{Language, detect};
use crate::tokens::{stemmer, words};

const ENGLISH_LEXICON: &str = include_str!("../../data/en-vader.tsv");
const DUTCH_LEXICON: &str = include_str!("../../data/nl-pattern.tsv");
const SERVICE_TERMS: &str = include_str!("../../data/service-terms.tsv");

/// Pattern's polarity runs -1..1, VADER's valence -4..4; Dutch values are stretched to VADER's.
const PATTERN_TO_VADER: f64 = 4.0;
/// A negated word's valence is multiplied by this (VADER's `N_SCALAR`).
const NEGATION_FACTOR: f64 = -0.74;
/// How many words before a sentiment word a negation reaches.
const NEGATION_WINDOW: usize = 3;
const INTENSIFIER_FACTOR: f64 = 1.3;
const DAMPENER_FACTOR: f64 = 0.7;
/// Around a contrast word the clause before it counts half, the clause after it one and a half
/// times (VADER's weights for "but").
const BEFORE_CONTRAST: f64 = 0.5;
const AFTER_CONTRAST: f64 = 1.5;
/// Each exclamation mark (at most three) strengthens its sentence by this share.
const EXCLAMATION_BOOST: f64 = 0.1;
/// VADER's normalisation `x / sqrt(x² + α)` of the summed valence into -1..1.
const NORMALISATION_ALPHA: f64 = 15.0;

struct Words {
    negators: &'static [&'static str],
    intensifiers: &'static [&'static str],
    dampeners: &'static [&'static str],
    contrasts: &'static [&'static str],
}

const DUTCH_WORDS: Words = Words {
    negators: &[
        "niet", "geen", "nooit", "niets", "niks", "niemand", "nergens", "zonder", "noch",
    ],
    intensifiers: &[
        "heel",
        "erg",
        "zeer",
        "echt",
        "super",
        "ontzettend",
        "enorm",
        "vreselijk",
        "uiterst",
        "hartstikke",
        "bijzonder",
        "zo",
        "totaal",
        "helemaal",
        "veel",
        "te",
    ],
    dampeners: &[
        "beetje",
        "redelijk",
        "vrij",
        "enigszins",
        "wat",
        "nogal",
        "best",
    ],
    contrasts: &["maar", "echter"],
};

const ENGLISH_WORDS: Words = Words {
    negators: &[
        "not", "no", "never", "nothing", "nobody", "none", "neither", "nor", "without", "cannot",
        "cant", "dont", "doesnt", "didnt", "isnt", "wasnt", "wont", "nowhere",
    ],
    intensifiers: &[
        "very",
        "extremely",
        "really",
        "so",
        "totally",
        "absolutely",
        "completely",
        "incredibly",
        "highly",
        "super",
        "too",
        "most",
        "truly",
        "utterly",
    ],
    dampeners: &[
        "slightly", "somewhat", "barely", "hardly", "kinda", "sort", "bit", "fairly",
    ],
    contrasts: &["but", "however", "though", "although", "yet"],
};

/// `n't` ends an English negation (`don't`, `isn't`); Dutch has no such ending.
fn is_negator(function: &Words, word: &str) -> bool {
    function.negators.contains(&word) || word.ends_with("n't")
}

fn function_words(language: Language) -> &'static Words {
    match language {
        Language::Nl => &DUTCH_WORDS,
        Language::En => &ENGLISH_WORDS,
    }
}

/// One language's valences by word form, and by Snowball stem for inflected forms the lexicon
/// lacks (`goede`, `tevredener`).
struct Lexicon {
    forms: FxHashMap<String, f64>,
    stems: FxHashMap<String, f64>,
}

impl Lexicon {
    fn load(language: Language) -> Lexicon {
        let (source, scale) = match language {
            Language::Nl => (DUTCH_LEXICON, PATTERN_TO_VADER),
            Language::En => (ENGLISH_LEXICON, 1.0),
        };
        let mut forms: FxHashMap<String, f64> = data_rows(source)
            .filter_map(|fields| Some((fields.first()?.to_string(), fields.get(1)?.parse().ok()?)))
            .map(|(form, value): (String, f64)| (form, value * scale))
            .collect();
        for fields in data_rows(SERVICE_TERMS) {
            if let [code, form, value] = fields[..]
                && code == language.code()
                && let Ok(value) = value.parse()
            {
                forms.insert(form.to_string(), value);
            }
        }
        let words = function_words(language);
        for word in words
            .negators
            .iter()
            .chain(words.intensifiers)
            .chain(words.dampeners)
        {
            forms.remove(*word);
        }
        let stemmer = stemmer(language);
        let mut stems: FxHashMap<String, (f64, usize)> = FxHashMap::default();
        for (form, value) in &forms {
            let entry = stems.entry(stemmer.stem(form).into_owned()).or_default();
            entry.0 += value;
            entry.1 += 1;
        }
        let stems = stems
            .into_iter()
            .map(|(stem, (sum, n))| (stem, sum / n as f64))
            .collect();
        Lexicon { forms, stems }
    }

    fn valence(&self, language: Language, word: &str) -> Option<f64> {
        self.forms
            .get(word)
            .or_else(|| self.stems.get(stemmer(language).stem(word).as_ref()))
            .copied()
    }
}

fn data_rows(source: &str) -> impl Iterator<Item = Vec<&str>> {
    source
        .lines()
        .filter(|line| !line.starts_with('#') && !line.trim().is_empty())
        .map(|line| line.split('\t').collect())
}

static LEXICONS: LazyLock<[Lexicon; 2]> =
    LazyLock::new(|| [Lexicon::load(Language::Nl), Lexicon::load(Language::En)]);

fn lexicon(language: Language) -> &'static Lexicon {
    &LEXICONS[language as usize]
}

/// The lexicon model's sentiment of `text` in `language`, or in the detected language.
pub fn lexicon_sentiment(text: &str, language: Option<Language>) -> Sentiment {
    let language = language.unwrap_or_else(|| detect(text).language);
    let total: f64 = sentences(text)
        .map(|sentence| sentence_valence(language, sentence))
        .sum();
    let score = total / (total * total + NORMALISATION_ALPHA).sqrt();
    Sentiment::new(score, language, Model::Lexicon)
}

fn sentences(text: &str) -> impl Iterator<Item = &str> {
    text.split_inclusive(['.', '!', '?', ';', '\n'])
}

fn sentence_valence(language: Language, sentence: &str) -> f64 {
    let function = function_words(language);
    let lexicon = lexicon(language);
    let words: Vec<String> = words(sentence).collect();
    let contrast = words
        .iter()
        .rposition(|word| function.contrasts.contains(&word.as_str()));
    let mut sum = 0.0;
    for (i, word) in words.iter().enumerate() {
        let Some(mut valence) = lexicon.valence(language, word) else {
            continue;
        };
        let before = &words[i.saturating_sub(NEGATION_WINDOW)..i];
        let modifier = before.last().map(String::as_str);
        if modifier.is_some_and(|m| function.intensifiers.contains(&m)) {
            valence *= INTENSIFIER_FACTOR;
        } else if modifier.is_some_and(|m| function.dampeners.contains(&m)) {
            valence *= DAMPENER_FACTOR;
        }
        if before.iter().any(|w| is_negator(function, w)) {
            valence *= NEGATION_FACTOR;
        }
        sum += valence
            * match contrast {
                Some(c) if i < c => BEFORE_CONTRAST,
                Some(c) if i > c => AFTER_CONTRAST,
                _ => 1.0,
            };
    }
    let exclamations = sentence.chars().filter(|&c| c == '!').count().min(3);
    sum * (1.0 + EXCLAMATION_BOOST * exclamations as f64)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sentiment::Label;

    fn nl(text: &str) -> Sentiment {
        lexicon_sentiment(text, Some(Language::Nl))
    }

    fn en(text: &str) -> Sentiment {
        lexicon_sentiment(text, Some(Language::En))
    }

    #[test]
    fn dutch_negation_flips() {
        assert_eq!(nl("Ik ben tevreden").label, Label::Positive);
        assert_eq!(nl("Ik ben niet tevreden").label, Label::Negative);
        assert_eq!(nl("Geen goede ervaring").label, Label::Negative);
        assert_ne!(nl("Niet slecht").label, Label::Negative);
    }

    #[test]
    fn english_negation_flips() {
        assert_eq!(en("I am happy").label, Label::Positive);
        assert_eq!(en("Never happy with the service").label, Label::Negative);
        assert_eq!(en("I'm not happy").label, Label::Negative);
        assert_ne!(en("Not bad").label, Label::Negative);
    }

    #[test]
    fn the_clause_after_a_contrast_weighs_more() {
        assert!(nl("Het duurde lang maar het is goed opgelost").score > 0.0);
        assert!(en("Good but it broke after a week").score < 0.0);
        assert!(en("It broke, but the refund came quickly and support was great").score > 0.0);
    }

    #[test]
    fn intensifiers_and_exclamations_strengthen() {
        assert!(nl("Heel tevreden").score > nl("Tevreden").score);
        assert!(en("Extremely good").score > en("Good").score);
        assert!(en("Good!!").score > en("Good").score);
    }

    #[test]
    fn service_terms_the_lexicons_lack() {
        assert_eq!(nl("Weer een storing").label, Label::Negative);
        assert_eq!(nl("Het is opgelost, bedankt").label, Label::Positive);
        assert_eq!(en("Still waiting for my refund").label, Label::Negative);
    }

    #[test]
    fn text_without_sentiment_words_is_neutral() {
        assert_eq!(nl("Mijn klantnummer is 12345").label, Label::Neutral);
        assert_eq!(nl("").label, Label::Neutral);
    }
}
