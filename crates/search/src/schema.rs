//! The index's fields and the two ways text is cut into terms: Dutch and English. Both fold
//! accents (`Çelik` → `celik`), lower-case, drop stop words of either language and stem.

use tantivy::Index;
use tantivy::schema::{
    Field, INDEXED, IndexRecordOption, STORED, STRING, Schema, TextFieldIndexing, TextOptions,
};
use tantivy::tokenizer::{
    AsciiFoldingFilter, Language, LowerCaser, RemoveLongFilter, SimpleTokenizer, Stemmer,
    StopWordFilter, TextAnalyzer,
};

/// Changes whenever the fields or the analysers change: an index of another version is rebuilt.
pub const SCHEMA_VERSION: u32 = 1;

pub const ENGLISH: &str = "kb_en";
pub const DUTCH: &str = "kb_nl";

/// Words longer than this are not indexed (hashes, base64, URLs).
const LONGEST_WORD: usize = 40;

/// Every field of a document. Cases and their messages share `unit` (`case:ID`), so a case is
/// replaced with its messages in one delete; a customer's unit is `customer:ID`.
#[derive(Clone, Copy)]
pub struct Fields {
    pub unit: Field,
    pub kind: Field,
    pub id: Field,
    pub case_id: Field,
    /// The case's team and assignee (0: none), for who may see it.
    pub team: Field,
    pub assignee: Field,
    pub status: Field,
    pub direction: Field,
    /// Shown, not searched: the case subject or the customer's name.
    pub title: Field,
    /// Shown as the snippet; searched through `text_en` and `text_nl`.
    pub body: Field,
    pub text_en: Field,
    pub text_nl: Field,
}

impl Fields {
    pub fn schema() -> (Schema, Fields) {
        let mut builder = Schema::builder();
        let text = |analyser: &str| {
            TextOptions::default().set_indexing_options(
                TextFieldIndexing::default()
                    .set_tokenizer(analyser)
                    .set_index_option(IndexRecordOption::WithFreqs),
            )
        };
        let fields = Fields {
            unit: builder.add_text_field("unit", STRING),
            kind: builder.add_text_field("kind", STRING | STORED),
            id: builder.add_u64_field("id", STORED),
            case_id: builder.add_u64_field("case_id", STORED),
            team: builder.add_u64_field("team", INDEXED),
            assignee: builder.add_u64_field("assignee", INDEXED),
            status: builder.add_text_field("status", STORED),
            direction: builder.add_text_field("direction", STORED),
            title: builder.add_text_field("title", STORED),
            body: builder.add_text_field("body", STORED),
            text_en: builder.add_text_field("text_en", text(ENGLISH)),
            text_nl: builder.add_text_field("text_nl", text(DUTCH)),
        };
        (builder.build(), fields)
    }

    /// The fields of an index opened from disk, by name.
    pub fn of(index: &Index) -> tantivy::Result<Fields> {
        let schema = index.schema();
        let field = |name: &str| schema.get_field(name);
        Ok(Fields {
            unit: field("unit")?,
            kind: field("kind")?,
            id: field("id")?,
            case_id: field("case_id")?,
            team: field("team")?,
            assignee: field("assignee")?,
            status: field("status")?,
            direction: field("direction")?,
            title: field("title")?,
            body: field("body")?,
            text_en: field("text_en")?,
            text_nl: field("text_nl")?,
        })
    }
}

/// Registers both analysers with `index` (they are not stored in the index itself).
pub fn register_analysers(index: &Index) {
    index
        .tokenizers()
        .register(ENGLISH, analyser(Language::English));
    index
        .tokenizers()
        .register(DUTCH, analyser(Language::Dutch));
}

pub fn analyser(language: Language) -> TextAnalyzer {
    let mut builder = TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(LONGEST_WORD))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .dynamic();
    for stop_words in [Language::Dutch, Language::English] {
        if let Some(filter) = StopWordFilter::new(stop_words) {
            builder = builder.filter_dynamic(filter);
        }
    }
    builder.filter_dynamic(Stemmer::new(language)).build()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms(language: Language, text: &str) -> Vec<String> {
        let mut analyser = analyser(language);
        let mut stream = analyser.token_stream(text);
        let mut out = Vec::new();
        while let Some(token) = stream.next() {
            out.push(token.text.clone());
        }
        out
    }

    #[test]
    fn dutch_plural_and_singular_meet() {
        assert_eq!(
            terms(Language::Dutch, "facturen"),
            terms(Language::Dutch, "factuur")
        );
        assert_eq!(
            terms(Language::Dutch, "bestellingen"),
            terms(Language::Dutch, "bestelling")
        );
    }

    #[test]
    fn english_plural_and_singular_meet() {
        assert_eq!(
            terms(Language::English, "invoices"),
            terms(Language::English, "invoice")
        );
    }

    #[test]
    fn accents_fold_and_stop_words_go() {
        assert_eq!(terms(Language::Dutch, "Çelik"), ["celik"]);
        assert_eq!(
            terms(Language::English, "the and of de het een"),
            Vec::<String>::new()
        );
    }
}
