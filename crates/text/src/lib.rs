//! What customers write, analysed: the language (Dutch or English), words and their Snowball
//! stems, sentiment (a lexicon model from the first message, a learned model once an
//! organisation has labelled enough texts), feature requests and their near-duplicates, topics
//! whose ids survive re-clustering, and topics that rise above their own baseline.
//!
//! Pure: no I/O, no network, no database; the lexicons are compiled in.
//!
//! ```
//! use text::{Label, Language, analyse};
//!
//! let analysis = analyse("Ik ben niet tevreden, de storing is nog steeds niet verholpen.");
//! assert_eq!(analysis.language.language, Language::Nl);
//! assert_eq!(analysis.sentiment.label, Label::Negative);
//!
//! let request = analyse("It would be great if you could add a dark mode");
//! assert!(request.feature_request);
//! ```

mod analysis;
mod language;
mod requests;
mod rising;
mod sentiment;
mod tokens;
mod topics;

pub use analysis::{Analysis, analyse, analyse_many};
pub use language::{Detection, Language, detect};
pub use requests::{
    group_requests, is_feature_request, request_key, request_similarity, same_request,
};
pub use rising::{Rising, RisingRule, rising};
pub use sentiment::{
    FitError, FitOptions, Label, LearnedModel, LearnedQuality, Model, NEUTRAL_BAND, Sentiment, auc,
    lexicon_sentiment,
};
pub use tokens::{stem, stems, tokenize, words};
pub use topics::{Topic, TopicId, TopicModel, is_stop_word};
