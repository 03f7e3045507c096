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
/// A negation that negates no sentiment word ("het pakket is niet aangekomen", "it still
/// doesn't work") reports something that should have happened and did not: in a customer's
/// message, a complaint.
const BARE_NEGATION: f64 = -1.0;
/// Each exclamation mark (at most three) strengthens its sentence by this share.
const EXCLAMATION_BOOST: f64 = 0.1;
/// Strong words count more than mild ones: a valence v becomes sign(v)·v²/2, so a plainly
/// positive word (VADER's "good", 1.9) keeps about its value and "love" (3.2) counts 5.1.
const STRENGTH_SCALE: f64 = 2.0;
/// Complaints weigh more than praise of the same strength.
const NEGATIVE_WEIGHT: f64 = 1.5;
/// VADER's normalisation `x / sqrt(x² + α)` into -1..1.
const NORMALISATION_ALPHA: f64 = 15.0;

struct Words {
    negators: &'static [&'static str],
    intensifiers: &'static [&'static str],
    dampeners: &'static [&'static str],
    contrasts: &'static [&'static str],
    /// Function words the lexicon lists in another sense (Dutch `naar`: "to", and "nasty").
    other_senses: &'static [&'static str],
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
    other_senses: &["naar"],
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
    // Not "although" or "though": the clause they open is the weaker one; not "yet": in a
    // customer's message it mostly means "not yet".
    contrasts: &["but", "however"],
    other_senses: &[],
};

/// `n't` ends an English negation (`don't`, `isn't`); Dutch has no such ending.
fn is_negator(function: &Words, word: &str) -> bool {
    function.negators.contains(&word) || word.ends_with("n't")
}

/// Whether `word` negates what follows it in `language`.
pub(crate) fn is_negation(language: Language, word: &str) -> bool {
    is_negator(function_words(language), word)
}

fn function_words(language: Language) -> &'static Words {
    match language {
        Language::Nl => &DUTCH_WORDS,
        Language::En => &ENGLISH_WORDS,
    }
}

/// One language's valences by word form, and for an inflected form the lexicon lacks (`goede`,
/// `snelle`, `loved`, `wacht`) the value of a listed form with the same Snowball stem that
/// [`inflects`] to it; a looser match by stem alone confuses words (`betaal` with `betaalbaar`).
struct Lexicon {
    forms: FxHashMap<String, f64>,
    stems: FxHashMap<String, Vec<(String, f64)>>,
}

const MAX_INFLECTION: usize = 3;
/// A Dutch word shorter than its lexicon form must have this many letters (`het` is no `hete`).
const MIN_TRUNCATED_LETTERS: usize = 5;

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
            .chain(words.other_senses)
        {
            forms.remove(*word);
        }
        let stemmer = stemmer(language);
        let mut stems: FxHashMap<String, Vec<(String, f64)>> = FxHashMap::default();
        for (form, value) in &forms {
            stems
                .entry(stemmer.stem(form).into_owned())
                .or_default()
                .push((form.clone(), *value));
        }
        Lexicon { forms, stems }
    }

    fn valence(&self, language: Language, word: &str) -> Option<f64> {
        if let Some(&value) = self.forms.get(word) {
            return Some(value);
        }
        self.stems
            .get(stemmer(language).stem(word).as_ref())?
            .iter()
            .find(|(form, _)| inflects(language, word, form))
            .map(|&(_, value)| value)
    }
}

/// `word` is `form` with an ending (`goede`, `loved`), or in Dutch a verb form without the ending
/// of a listed infinitive (`wacht`, `wachten`), by at most [`MAX_INFLECTION`] letters. (The
/// truncated match costs English more than it gains: on the tuning reviews it lowers the AUC.)
fn inflects(language: Language, word: &str, form: &str) -> bool {
    let (longer, shorter) = if word.len() >= form.len() {
        (word, form)
    } else {
        (form, word)
    };
    longer.starts_with(shorter)
        && longer.len() - shorter.len() <= MAX_INFLECTION
        && (word.len() >= form.len()
            || language == Language::Nl && word.chars().count() >= MIN_TRUNCATED_LETTERS)
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
///
/// The valence is averaged over the sentences that carry any, with one neutral sentence added
/// so that a single mild word does not make a strong text; a long text is judged by how it
/// feels, not by how much it says.
pub fn lexicon_sentiment(text: &str, language: Option<Language>) -> Sentiment {
    let language = language.unwrap_or_else(|| detect(text).language);
    let (mut total, mut with_sentiment) = (0.0, 0usize);
    for sentence in sentences(text) {
        let valence = sentence_valence(language, sentence);
        if valence != 0.0 {
            total += valence;
            with_sentiment += 1;
        }
    }
    let mean = total / (with_sentiment as f64 + 1.0);
    let score = mean / (mean * mean + NORMALISATION_ALPHA).sqrt();
    Sentiment::new(score, language, Model::Lexicon)
}

/// Sentences, an HTML tag (`<br />` in pasted text) also ending one.
fn sentences(text: &str) -> impl Iterator<Item = &str> {
    text.split_inclusive(['.', '!', '?', ';', '\n', '<'])
}

fn sentence_valence(language: Language, sentence: &str) -> f64 {
    let function = function_words(language);
    let lexicon = lexicon(language);
    let words: Vec<String> = words(sentence).collect();
    let contrast = words
        .iter()
        .rposition(|word| function.contrasts.contains(&word.as_str()));
    let valences: Vec<Option<f64>> = words
        .iter()
        .map(|word| lexicon.valence(language, word))
        .collect();
    let bare_negation = words.iter().enumerate().any(|(i, word)| {
        is_negator(function, word)
            && valences[i + 1..(i + 1 + NEGATION_WINDOW).min(words.len())]
                .iter()
                .all(Option::is_none)
    });
    let mut sum = if bare_negation { BARE_NEGATION } else { 0.0 };
    for (i, valence) in valences.iter().enumerate() {
        let Some(valence) = *valence else {
            continue;
        };
        let mut valence = valence.signum() * valence * valence / STRENGTH_SCALE;
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
        if valence < 0.0 {
            valence *= NEGATIVE_WEIGHT;
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
        assert_eq!(en("My parcel hasn't arrived yet").label, Label::Negative);
        assert_eq!(
            nl("Het pakket is nog steeds niet aangekomen").label,
            Label::Negative
        );
    }

    #[test]
    fn text_without_sentiment_words_is_neutral() {
        assert_eq!(nl("Mijn klantnummer is 12345").label, Label::Neutral);
        assert_eq!(nl("").label, Label::Neutral);
    }
}
