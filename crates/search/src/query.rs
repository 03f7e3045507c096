//! Answering what an agent typed: every word must occur, in either language's form, in a document
//! the searcher may see. There is no query syntax, so no input is an error: quotes, operators and
//! stars are punctuation, stop words are left out.

use std::ops::Range;

use tantivy::collector::{Count, TopDocs};
use tantivy::query::{BooleanQuery, ConstScoreQuery, Occur, Query, TermQuery};
use tantivy::schema::{IndexRecordOption, Term, Value};
use tantivy::snippet::SnippetGenerator;
use tantivy::tokenizer::{
    AsciiFoldingFilter, Language, LowerCaser, RemoveLongFilter, SimpleTokenizer, TextAnalyzer,
};
use tantivy::{DocAddress, Searcher, TantivyDocument};

use crate::docs::Access;
use crate::index::{SearchError, SearchIndex};
use crate::schema::{Fields, analyser};

/// What a matching customer adds to its score, so a name finds the person before their cases.
const CUSTOMER_PREFERENCE: f32 = 5.0;

/// Words of a query that count; the rest is ignored.
const MOST_WORDS: usize = 16;
/// Characters of a snippet at most.
const SNIPPET_CHARS: usize = 160;

/// What a searcher may see.
#[derive(Debug, Clone)]
pub struct Scope {
    /// Message bodies (not for analysts).
    pub messages: bool,
    pub cases: CaseScope,
}

#[derive(Debug, Clone)]
pub enum CaseScope {
    All,
    /// Cases of these teams, cases without a team, and cases assigned to this agent.
    Teams {
        agent_id: i64,
        team_ids: Vec<i64>,
    },
}

impl Scope {
    /// Whether a case with this team and assignee is visible.
    pub fn may_see(&self, access: Access) -> bool {
        match &self.cases {
            CaseScope::All => true,
            CaseScope::Teams { agent_id, team_ids } => match access.team_id {
                None => true,
                Some(team) => team_ids.contains(&team) || access.assignee_id == Some(*agent_id),
            },
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Case,
    Message,
    Customer,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Case => "case",
            Kind::Message => "message",
            Kind::Customer => "customer",
        }
    }

    fn parse(text: &str) -> Option<Kind> {
        match text {
            "case" => Some(Kind::Case),
            "message" => Some(Kind::Message),
            "customer" => Some(Kind::Customer),
            _ => None,
        }
    }
}

/// A fragment of the document's text with the matching words marked (byte ranges, ascending).
#[derive(Debug, Clone, Default)]
pub struct Snippet {
    pub text: String,
    pub highlights: Vec<Range<usize>>,
}

impl Snippet {
    /// The fragment in pieces, each marked as matching or not.
    pub fn pieces(&self) -> Vec<(&str, bool)> {
        let mut pieces = Vec::new();
        let mut at = 0;
        for range in &self.highlights {
            let (Some(before), Some(hit)) = (
                self.text.get(at..range.start),
                self.text.get(range.start..range.end),
            ) else {
                continue;
            };
            if !before.is_empty() {
                pieces.push((before, false));
            }
            pieces.push((hit, true));
            at = range.end;
        }
        if let Some(rest) = self.text.get(at..).filter(|rest| !rest.is_empty()) {
            pieces.push((rest, false));
        }
        pieces
    }
}

#[derive(Debug, Clone)]
pub struct Hit {
    pub kind: Kind,
    pub id: i64,
    /// The case of a case or message.
    pub case_id: Option<i64>,
    pub title: String,
    /// A case's status; a message's direction.
    pub detail: String,
    pub snippet: Snippet,
}

#[derive(Debug, Default)]
pub struct Found {
    /// Every visible match, of which `hits` are the best.
    pub total: usize,
    pub hits: Vec<Hit>,
}

impl SearchIndex {
    /// The best `limit` documents for `text` that `scope` may see.
    pub fn search(&self, text: &str, scope: &Scope, limit: usize) -> Result<Found, SearchError> {
        let Some(words) = self.words_query(text) else {
            return Ok(Found::default());
        };
        // Only the words score: who may see a document filters, and a customer whose name
        // matches comes before the cases that carry the same name.
        let query = BooleanQuery::new(vec![
            (Occur::Must, words),
            (
                Occur::Must,
                Box::new(ConstScoreQuery::new(visibility(&self.fields, scope), 0.0)),
            ),
            (
                Occur::Should,
                Box::new(ConstScoreQuery::new(
                    term(self.fields.kind, "customer"),
                    CUSTOMER_PREFERENCE,
                )),
            ),
        ]);
        let searcher = self.reader.searcher();
        let (total, top) = searcher.search(
            &query,
            &(Count, TopDocs::with_limit(limit.max(1)).order_by_score()),
        )?;
        let snippets = Snippets::new(&searcher, &query, &self.fields)?;
        let hits = top
            .into_iter()
            .filter_map(|(_, address)| self.hit(&searcher, address, &snippets).transpose())
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Found { total, hits })
    }

    /// Every word as "this word in English or Dutch form", all required; `None` without words.
    fn words_query(&self, text: &str) -> Option<Box<dyn Query>> {
        let mut english = analyser(Language::English);
        let mut dutch = analyser(Language::Dutch);
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for word in words(text).into_iter().take(MOST_WORDS) {
            let (Some(en), Some(nl)) = (
                first_term(&mut english, &word),
                first_term(&mut dutch, &word),
            ) else {
                continue;
            };
            let either: Vec<(Occur, Box<dyn Query>)> = vec![
                (Occur::Should, term(self.fields.text_en, &en)),
                (Occur::Should, term(self.fields.text_nl, &nl)),
            ];
            clauses.push((Occur::Must, Box::new(BooleanQuery::new(either))));
        }
        (!clauses.is_empty()).then(|| Box::new(BooleanQuery::new(clauses)) as Box<dyn Query>)
    }

    fn hit(
        &self,
        searcher: &Searcher,
        address: DocAddress,
        snippets: &Snippets,
    ) -> Result<Option<Hit>, SearchError> {
        let doc: TantivyDocument = searcher.doc(address)?;
        let text = |field| {
            doc.get_first(field)
                .and_then(|value| value.as_str())
                .unwrap_or_default()
                .to_string()
        };
        let number = |field| {
            doc.get_first(field)
                .and_then(|value| value.as_u64())
                .and_then(|id| i64::try_from(id).ok())
        };
        let Some(kind) = Kind::parse(&text(self.fields.kind)) else {
            return Ok(None);
        };
        let Some(id) = number(self.fields.id) else {
            return Ok(None);
        };
        let detail = match kind {
            Kind::Case => text(self.fields.status),
            Kind::Message => text(self.fields.direction),
            Kind::Customer => String::new(),
        };
        Ok(Some(Hit {
            kind,
            id,
            case_id: number(self.fields.case_id),
            title: text(self.fields.title),
            detail,
            snippet: snippets.of(&text(self.fields.body)),
        }))
    }
}

/// Documents the scope allows: customers always, messages when allowed, cases by team.
fn visibility(fields: &Fields, scope: &Scope) -> Box<dyn Query> {
    let kind = |name: &str| term(fields.kind, name);
    let kinds: Vec<(Occur, Box<dyn Query>)> = [Some("case"), scope.messages.then_some("message")]
        .into_iter()
        .flatten()
        .map(|name| (Occur::Should, kind(name)))
        .collect();
    let case_like = match &scope.cases {
        CaseScope::All => BooleanQuery::new(kinds),
        CaseScope::Teams { agent_id, team_ids } => {
            let mut allowed: Vec<(Occur, Box<dyn Query>)> = vec![
                (Occur::Should, number(fields.team, 0)),
                (Occur::Should, number(fields.assignee, *agent_id)),
            ];
            allowed.extend(
                team_ids
                    .iter()
                    .map(|team| (Occur::Should, number(fields.team, *team))),
            );
            BooleanQuery::new(vec![
                (Occur::Must, Box::new(BooleanQuery::new(kinds))),
                (Occur::Must, Box::new(BooleanQuery::new(allowed))),
            ])
        }
    };
    Box::new(BooleanQuery::new(vec![
        (Occur::Should, kind("customer")),
        (Occur::Should, Box::new(case_like)),
    ]))
}

fn term(field: tantivy::schema::Field, text: &str) -> Box<dyn Query> {
    Box::new(TermQuery::new(
        Term::from_field_text(field, text),
        IndexRecordOption::WithFreqs,
    ))
}

fn number(field: tantivy::schema::Field, value: i64) -> Box<dyn Query> {
    Box::new(TermQuery::new(
        Term::from_field_u64(field, u64::try_from(value).unwrap_or(0)),
        IndexRecordOption::Basic,
    ))
}

/// The words of a query, lower-cased and folded, without punctuation.
fn words(text: &str) -> Vec<String> {
    let mut plain = TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(40))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .build();
    let mut stream = plain.token_stream(text);
    let mut out = Vec::new();
    while let Some(token) = stream.next() {
        out.push(token.text.clone());
    }
    out
}

/// The term a word becomes; `None` for a stop word.
fn first_term(analyser: &mut TextAnalyzer, word: &str) -> Option<String> {
    let mut stream = analyser.token_stream(word);
    stream.next().map(|token| token.text.clone())
}

/// Marks the query's words in a document's text, in whichever language marks more.
struct Snippets {
    english: SnippetGenerator,
    dutch: SnippetGenerator,
}

impl Snippets {
    fn new(
        searcher: &Searcher,
        query: &dyn Query,
        fields: &Fields,
    ) -> Result<Snippets, SearchError> {
        let mut english = SnippetGenerator::create(searcher, query, fields.text_en)?;
        let mut dutch = SnippetGenerator::create(searcher, query, fields.text_nl)?;
        english.set_max_num_chars(SNIPPET_CHARS);
        dutch.set_max_num_chars(SNIPPET_CHARS);
        Ok(Snippets { english, dutch })
    }

    fn of(&self, text: &str) -> Snippet {
        let english = self.english.snippet(text);
        let dutch = self.dutch.snippet(text);
        let best = if dutch.highlighted().len() > english.highlighted().len() {
            dutch
        } else {
            english
        };
        if best.fragment().is_empty() {
            // Nothing marked: the start of the text.
            let end = text
                .char_indices()
                .nth(SNIPPET_CHARS)
                .map_or(text.len(), |(at, _)| at);
            return Snippet {
                text: text[..end].to_string(),
                highlights: Vec::new(),
            };
        }
        Snippet {
            text: best.fragment().to_string(),
            highlights: best.highlighted().to_vec(),
        }
    }
}
