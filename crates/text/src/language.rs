//! Which language a text is in, Dutch or English: function words and a few letter patterns that
//! only one of the two languages uses, counted per word.

use serde::{Deserialize, Serialize};

use crate::tokens::words;

/// The languages Klantbeeld analyses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Language {
    Nl,
    En,
}

impl Language {
    pub const ALL: [Language; 2] = [Language::Nl, Language::En];

    /// The ISO 639-1 code, `nl` or `en`.
    pub fn code(self) -> &'static str {
        match self {
            Language::Nl => "nl",
            Language::En => "en",
        }
    }
}

/// A detected language and how sure the detector is of it.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Detection {
    pub language: Language,
    /// 0 (no evidence either way: `language` is the Dutch default) to 1 (every cue agrees).
    pub confidence: f64,
}

impl Detection {
    /// The language when there was any evidence for it, `None` for empty or undecidable text.
    pub fn decided(self) -> Option<Language> {
        (self.confidence > 0.0).then_some(self.language)
    }
}

/// Frequent words of one language that are rare or absent in the other.
const DUTCH_WORDS: &[&str] = &[
    "de",
    "het",
    "een",
    "en",
    "van",
    "ik",
    "je",
    "jij",
    "u",
    "uw",
    "is",
    "niet",
    "dat",
    "die",
    "er",
    "op",
    "te",
    "zijn",
    "met",
    "voor",
    "maar",
    "ook",
    "als",
    "bij",
    "nog",
    "wel",
    "geen",
    "mijn",
    "naar",
    "om",
    "dan",
    "wat",
    "heb",
    "hebben",
    "heeft",
    "was",
    "werd",
    "wordt",
    "al",
    "kan",
    "kunnen",
    "moet",
    "zou",
    "jullie",
    "we",
    "wij",
    "ze",
    "zij",
    "hij",
    "dit",
    "deze",
    "uit",
    "tot",
    "door",
    "over",
    "nu",
    "heel",
    "erg",
    "zeer",
    "veel",
    "goed",
    "ben",
    "bent",
    "mij",
    "me",
    "graag",
    "bedankt",
    "dank",
    "hoe",
    "waarom",
    "wanneer",
    "nooit",
    "niets",
    "toch",
    "alleen",
    "weer",
    "steeds",
    "eindelijk",
    "na",
    "zo",
    "hier",
    "daar",
    "omdat",
];

const ENGLISH_WORDS: &[&str] = &[
    "the", "a", "an", "and", "of", "i", "you", "your", "is", "not", "that", "this", "it", "to",
    "in", "on", "for", "with", "but", "also", "if", "at", "still", "no", "my", "me", "we", "they",
    "he", "she", "was", "were", "be", "been", "have", "has", "had", "can", "could", "would",
    "should", "will", "do", "does", "did", "what", "how", "why", "when", "never", "nothing",
    "very", "really", "good", "great", "thanks", "thank", "please", "from", "by", "about", "our",
    "are", "am", "there", "here", "just", "only", "again", "after", "so", "because", "which",
    "who", "all", "any", "its", "than", "then", "too", "or", "up", "out", "one",
];

/// Letter patterns of one language; each occurrence counts a fraction of a function word.
const DUTCH_PATTERNS: &[&str] = &["ij", "oe", "aa", "uu", "sch", "cht", "ui", "eu", "ee"];
const ENGLISH_PATTERNS: &[&str] = &["th", "wh", "ing", "ough", "ck", "sh", "ly", "tion"];
const PATTERN_WEIGHT: f64 = 0.25;

/// The language of `text`; Dutch with confidence 0 when the text gives no evidence.
pub fn detect(text: &str) -> Detection {
    let (mut dutch, mut english) = (0.0, 0.0);
    for word in words(text) {
        let word = word.as_str();
        let in_dutch = DUTCH_WORDS.contains(&word);
        let in_english = ENGLISH_WORDS.contains(&word);
        if in_dutch != in_english {
            if in_dutch {
                dutch += 1.0;
            } else {
                english += 1.0;
            }
            continue;
        }
        if in_dutch {
            continue;
        }
        dutch += PATTERN_WEIGHT * patterns_in(word, DUTCH_PATTERNS);
        english += PATTERN_WEIGHT * patterns_in(word, ENGLISH_PATTERNS);
    }
    let total: f64 = dutch + english;
    if total == 0.0 || dutch == english {
        return Detection {
            language: Language::Nl,
            confidence: 0.0,
        };
    }
    let (language, lead) = if dutch > english {
        (Language::Nl, dutch - english)
    } else {
        (Language::En, english - dutch)
    };
    Detection {
        language,
        confidence: lead / total,
    }
}

fn patterns_in(word: &str, patterns: &[&str]) -> f64 {
    patterns
        .iter()
        .map(|pattern| word.matches(pattern).count())
        .sum::<usize>() as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinary_messages_in_either_language() {
        assert_eq!(
            detect("Mijn pakket is nog niet aangekomen").language,
            Language::Nl
        );
        assert_eq!(
            detect("My parcel has not arrived yet").language,
            Language::En
        );
        assert_eq!(detect("Bedankt!").language, Language::Nl);
        assert_eq!(detect("Thanks!").language, Language::En);
    }

    #[test]
    fn empty_text_is_undecided() {
        let detection = detect("  123 !! ");
        assert_eq!(detection.decided(), None);
        assert_eq!(detection.language, Language::Nl);
    }
}
