//! How positive or negative a text is, by one of two models behind one result type: the lexicon
//! model works from the first message; the learned model is fitted on an organisation's own
//! labelled texts once there are enough of them.

mod learned;
mod lexicon;

use serde::{Deserialize, Serialize};

use crate::language::Language;

pub use learned::{FitError, FitOptions, LearnedModel, LearnedQuality, auc};
pub use lexicon::lexicon_sentiment;

/// Scores within this distance of 0 are neutral (VADER's own band for its compound score).
pub const NEUTRAL_BAND: f64 = 0.05;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Label {
    Positive,
    Neutral,
    Negative,
}

impl Label {
    /// The label of a score in -1..=1.
    pub fn of_score(score: f64) -> Label {
        if score >= NEUTRAL_BAND {
            Label::Positive
        } else if score <= -NEUTRAL_BAND {
            Label::Negative
        } else {
            Label::Neutral
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Model {
    Lexicon,
    Learned,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Sentiment {
    pub label: Label,
    /// -1 (most negative) to 1 (most positive).
    pub score: f64,
    pub language: Language,
    pub model: Model,
}

impl Sentiment {
    fn new(score: f64, language: Language, model: Model) -> Sentiment {
        let score = score.clamp(-1.0, 1.0);
        Sentiment {
            label: Label::of_score(score),
            score,
            language,
            model,
        }
    }
}
