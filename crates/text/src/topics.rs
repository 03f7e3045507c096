//! Topics: what many texts are about, found by clustering TF-IDF vectors of stemmed content
//! words, with ids that survive re-clustering so a name given to a topic stays attached to it.
//!
//! Clustering is single-pass (each text joins the most similar topic at cosine ≥
//! [`JOIN_SIMILARITY`] or starts one), followed by [`REFINE_PASSES`] passes that first merge
//! topics with centroids at cosine ≥ [`MERGE_SIMILARITY`] and then move each text to its nearest
//! centroid (k-means-like). A text is compared only with the first [`MAX_POSTINGS`] topics
//! listed under each of its stems (the oldest, which are the largest), so the cost is
//! O(N · t · p) for N texts of t stems and p = [`MAX_POSTINGS`]; memory O(N · t + vocabulary +
//! topics · [`CENTROID_TERMS`]). `bench/`'s `topics_scale` example measures 1 M texts.

use rustc_hash::{FxHashMap, FxHashSet};
use serde::{Deserialize, Serialize};

use crate::language::detect;
use crate::tokens::{stemmer, words};

/// A text joins a topic whose centroid is at least this similar (cosine of TF-IDF vectors).
pub const JOIN_SIMILARITY: f64 = 0.35;
/// Topics with fewer texts than this are dropped after clustering; their texts stay unassigned.
pub const MIN_TOPIC_SIZE: usize = 3;
pub const REFINE_PASSES: usize = 2;
/// A centroid keeps its strongest stems only.
pub const CENTROID_TERMS: usize = 30;
/// Topics listed per stem in the lookup index.
pub const MAX_POSTINGS: usize = 8;
/// Topics are merged by this many of their centroids' strongest stems.
const MERGE_TERMS: usize = 4;
/// Two clusters whose centroids are this similar are one topic.
pub const MERGE_SIMILARITY: f64 = 0.5;
/// Stems shown as a topic's label.
const LABEL_TERMS: usize = 3;
/// A new cluster inherits an old topic's id when at least this share of its texts were in it.
const INHERIT_SHARE: f64 = 0.5;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct TopicId(pub u64);

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Topic {
    pub id: TopicId,
    /// The most characteristic words, as customers wrote them (the commonest form of each stem).
    pub label: Vec<String>,
    /// Texts in the topic when it was clustered.
    pub size: usize,
    /// Unit-length TF-IDF centroid over its 30 strongest stems, strongest first.
    pub centroid: Vec<(String, f64)>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct TopicModel {
    topics: Vec<Topic>,
    /// Inverse document frequency per stem, learned when clustering.
    idf: FxHashMap<String, f64>,
    /// The IDF of a stem the clustered texts never had.
    unseen_idf: f64,
    /// Positions in `topics` of the topics with each centroid stem, so `assign` compares a text
    /// only with topics it shares a stem with.
    by_stem: FxHashMap<String, Vec<usize>>,
    next_id: u64,
}

impl TopicModel {
    /// Topics of `docs`, with fresh ids.
    pub fn cluster<S: AsRef<str>>(docs: &[S]) -> TopicModel {
        TopicModel::default().recluster(docs)
    }

    /// Topics of `docs`, each taking the id of the old topic that most of its texts were in, so
    /// that names given to topics stay attached; other topics get new ids.
    pub fn recluster<S: AsRef<str>>(&self, docs: &[S]) -> TopicModel {
        let corpus = Corpus::read(docs);
        let clusters = corpus.cluster();
        let mut next_id = self.next_id;
        let mut taken: FxHashSet<TopicId> = FxHashSet::default();
        let old_topic_of: Vec<Option<TopicId>> =
            docs.iter().map(|doc| self.assign(doc.as_ref())).collect();
        let mut ids = vec![None; clusters.len()];
        // Largest clusters choose first, so a split topic's id goes to its bigger part.
        let mut order: Vec<usize> = (0..clusters.len()).collect();
        order.sort_by_key(|&c| std::cmp::Reverse(clusters[c].members.len()));
        for &c in &order {
            let mut votes: FxHashMap<TopicId, usize> = FxHashMap::default();
            for &doc in &clusters[c].members {
                if let Some(old) = old_topic_of[doc] {
                    *votes.entry(old).or_default() += 1;
                }
            }
            let best = votes
                .into_iter()
                .filter(|(id, _)| !taken.contains(id))
                .max_by_key(|&(id, n)| (n, std::cmp::Reverse(id)));
            if let Some((id, n)) = best
                && n as f64 >= INHERIT_SHARE * clusters[c].members.len() as f64
            {
                taken.insert(id);
                ids[c] = Some(id);
            }
        }
        let mut topics: Vec<Topic> = clusters
            .iter()
            .zip(ids)
            .map(|(cluster, id)| {
                let id = id.unwrap_or_else(|| {
                    next_id += 1;
                    TopicId(next_id)
                });
                corpus.topic(id, cluster)
            })
            .collect();
        topics.sort_by_key(|topic| std::cmp::Reverse(topic.size));
        let mut by_stem: FxHashMap<String, Vec<usize>> = FxHashMap::default();
        for (position, topic) in topics.iter().enumerate() {
            for (stem, _) in &topic.centroid {
                by_stem.entry(stem.clone()).or_default().push(position);
            }
        }
        TopicModel {
            topics,
            by_stem,
            idf: corpus.idf_by_stem(),
            unseen_idf: corpus.unseen_idf(),
            next_id,
        }
    }

    /// The topic a new text belongs to, if any is similar enough.
    pub fn assign(&self, text: &str) -> Option<TopicId> {
        let vector = self.vector(text);
        let mut positions: Vec<usize> = vector
            .keys()
            .filter_map(|stem| self.by_stem.get(stem))
            .flatten()
            .copied()
            .collect();
        positions.sort_unstable();
        positions.dedup();
        positions
            .into_iter()
            .map(|position| &self.topics[position])
            .map(|topic| (topic.id, cosine_with(&topic.centroid, &vector)))
            .filter(|&(_, similarity)| similarity >= JOIN_SIMILARITY)
            .max_by(|a, b| a.1.total_cmp(&b.1))
            .map(|(id, _)| id)
    }

    /// The topics, largest first.
    pub fn topics(&self) -> &[Topic] {
        &self.topics
    }

    pub fn topic(&self, id: TopicId) -> Option<&Topic> {
        self.topics.iter().find(|topic| topic.id == id)
    }

    fn vector(&self, text: &str) -> FxHashMap<String, f64> {
        let mut vector: FxHashMap<String, f64> = FxHashMap::default();
        for (stem, _) in content_stems(text) {
            *vector.entry(stem).or_default() += 1.0;
        }
        for (stem, weight) in vector.iter_mut() {
            *weight *= self.idf.get(stem).copied().unwrap_or(self.unseen_idf);
        }
        normalise(vector.values_mut());
        vector
    }
}

fn cosine_with(centroid: &[(String, f64)], vector: &FxHashMap<String, f64>) -> f64 {
    centroid
        .iter()
        .filter_map(|(stem, weight)| vector.get(stem).map(|w| w * weight))
        .sum()
}

fn normalise<'a>(weights: impl Iterator<Item = &'a mut f64>) {
    let weights: Vec<&mut f64> = weights.collect();
    let norm = weights.iter().map(|w| **w * **w).sum::<f64>().sqrt();
    if norm > 0.0 {
        for weight in weights {
            *weight /= norm;
        }
    }
}

/// Stem and surface word of each content word of `text`.
fn content_stems(text: &str) -> Vec<(String, String)> {
    let stemmer = stemmer(detect(text).language);
    words(text)
        .filter(|word| !is_stop_word(word) && word.chars().any(char::is_alphabetic))
        .map(|word| (stemmer.stem(&word).into_owned(), word))
        .collect()
}

/// A text as term ids and unit-length TF-IDF weights.
type SparseVector = Vec<(u32, f64)>;

struct Corpus {
    stems: Vec<String>,
    /// Per stem: how often each surface form appeared, for readable labels.
    surfaces: Vec<FxHashMap<String, u32>>,
    document_frequency: Vec<u32>,
    docs: Vec<SparseVector>,
}

struct Cluster {
    members: Vec<usize>,
    centroid: FxHashMap<u32, f64>,
}

impl Cluster {
    fn new() -> Cluster {
        Cluster {
            members: Vec::new(),
            centroid: FxHashMap::default(),
        }
    }

    fn add(&mut self, doc: usize, vector: &SparseVector) {
        self.members.push(doc);
        for &(term, weight) in vector {
            *self.centroid.entry(term).or_default() += weight;
        }
    }

    /// The centroid cut to its strongest terms and scaled to unit length.
    fn truncated(&self) -> Vec<(u32, f64)> {
        let mut terms: Vec<(u32, f64)> = self.centroid.iter().map(|(&t, &w)| (t, w)).collect();
        terms.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        terms.truncate(CENTROID_TERMS);
        normalise(terms.iter_mut().map(|(_, w)| w));
        terms
    }
}

impl Corpus {
    fn read<S: AsRef<str>>(docs: &[S]) -> Corpus {
        let mut ids: FxHashMap<String, u32> = FxHashMap::default();
        let mut corpus = Corpus {
            stems: Vec::new(),
            surfaces: Vec::new(),
            document_frequency: Vec::new(),
            docs: Vec::with_capacity(docs.len()),
        };
        let mut counts: Vec<Vec<(u32, f64)>> = Vec::with_capacity(docs.len());
        for doc in docs {
            let mut tf: FxHashMap<u32, f64> = FxHashMap::default();
            for (stem, surface) in content_stems(doc.as_ref()) {
                let id = *ids.entry(stem.clone()).or_insert_with(|| {
                    corpus.stems.push(stem);
                    corpus.surfaces.push(FxHashMap::default());
                    corpus.document_frequency.push(0);
                    (corpus.stems.len() - 1) as u32
                });
                *corpus.surfaces[id as usize].entry(surface).or_default() += 1;
                *tf.entry(id).or_default() += 1.0;
            }
            for &id in tf.keys() {
                corpus.document_frequency[id as usize] += 1;
            }
            counts.push(tf.into_iter().collect());
        }
        let n = docs.len() as f64;
        for mut vector in counts {
            for (term, weight) in vector.iter_mut() {
                *weight *= idf(n, corpus.document_frequency[*term as usize]);
            }
            normalise(vector.iter_mut().map(|(_, w)| w));
            vector.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
            corpus.docs.push(vector);
        }
        corpus
    }

    fn cluster(&self) -> Vec<Cluster> {
        let mut clusters: Vec<Cluster> = Vec::new();
        let mut index: FxHashMap<u32, Vec<usize>> = FxHashMap::default();
        for (doc, vector) in self.docs.iter().enumerate() {
            if vector.is_empty() {
                continue;
            }
            let best = self.nearest(&clusters, &index, vector);
            let c = match best {
                Some(c) => c,
                None => {
                    clusters.push(Cluster::new());
                    clusters.len() - 1
                }
            };
            clusters[c].add(doc, vector);
            for &(term, _) in vector {
                let postings = index.entry(term).or_default();
                if postings.len() < MAX_POSTINGS && !postings.contains(&c) {
                    postings.push(c);
                }
            }
        }
        for _ in 0..REFINE_PASSES {
            clusters.retain(|cluster| cluster.members.len() >= MIN_TOPIC_SIZE);
            clusters = merge_similar(clusters);
            let centroids: Vec<Vec<(u32, f64)>> = clusters.iter().map(Cluster::truncated).collect();
            let mut index: FxHashMap<u32, Vec<usize>> = FxHashMap::default();
            for (c, centroid) in centroids.iter().enumerate() {
                for &(term, _) in centroid {
                    let postings = index.entry(term).or_default();
                    if postings.len() < MAX_POSTINGS {
                        postings.push(c);
                    }
                }
            }
            let mut refined: Vec<Cluster> = (0..centroids.len()).map(|_| Cluster::new()).collect();
            for (doc, vector) in self.docs.iter().enumerate() {
                let best = candidates(&index, vector)
                    .map(|c| (c, sparse_dot(&centroids[c], vector)))
                    .filter(|&(_, similarity)| similarity >= JOIN_SIMILARITY)
                    .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)));
                if let Some((c, _)) = best {
                    refined[c].add(doc, vector);
                }
            }
            clusters = refined;
        }
        clusters.retain(|cluster| cluster.members.len() >= MIN_TOPIC_SIZE);
        clusters
    }

    /// The most similar growing cluster at or above [`JOIN_SIMILARITY`].
    fn nearest(
        &self,
        clusters: &[Cluster],
        index: &FxHashMap<u32, Vec<usize>>,
        vector: &SparseVector,
    ) -> Option<usize> {
        candidates(index, vector)
            .map(|c| {
                let centroid = &clusters[c].centroid;
                let norm = centroid.values().map(|w| w * w).sum::<f64>().sqrt();
                let dot: f64 = vector
                    .iter()
                    .filter_map(|(term, w)| centroid.get(term).map(|cw| cw * w))
                    .sum();
                (c, dot / norm)
            })
            .filter(|&(_, similarity)| similarity >= JOIN_SIMILARITY)
            .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)))
            .map(|(c, _)| c)
    }

    fn topic(&self, id: TopicId, cluster: &Cluster) -> Topic {
        let centroid = cluster.truncated();
        let label = centroid
            .iter()
            .take(LABEL_TERMS)
            .map(|&(term, _)| self.commonest_surface(term))
            .collect();
        Topic {
            id,
            label,
            size: cluster.members.len(),
            centroid: centroid
                .into_iter()
                .map(|(term, weight)| (self.stems[term as usize].clone(), weight))
                .collect(),
        }
    }

    fn commonest_surface(&self, term: u32) -> String {
        self.surfaces[term as usize]
            .iter()
            .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
            .map_or_else(
                || self.stems[term as usize].clone(),
                |(surface, _)| surface.clone(),
            )
    }

    fn idf_by_stem(&self) -> FxHashMap<String, f64> {
        let n = self.docs.len() as f64;
        self.stems
            .iter()
            .zip(&self.document_frequency)
            .map(|(stem, &df)| (stem.clone(), idf(n, df)))
            .collect()
    }

    fn unseen_idf(&self) -> f64 {
        idf(self.docs.len() as f64, 0)
    }
}

/// Clusters whose centroids are at least [`MERGE_SIMILARITY`] alike become one: the single pass
/// splits a topic when its first texts share too little with each other, before a centroid
/// has formed.
fn merge_similar(mut clusters: Vec<Cluster>) -> Vec<Cluster> {
    clusters.sort_by_key(|cluster| std::cmp::Reverse(cluster.members.len()));
    let centroids: Vec<Vec<(u32, f64)>> = clusters.iter().map(Cluster::truncated).collect();
    let mut index: FxHashMap<u32, Vec<usize>> = FxHashMap::default();
    for (c, centroid) in centroids.iter().enumerate() {
        for &(term, _) in centroid.iter().take(MERGE_TERMS) {
            index.entry(term).or_default().push(c);
        }
    }
    let mut merged_into: Vec<Option<usize>> = vec![None; clusters.len()];
    for a in 0..clusters.len() {
        if merged_into[a].is_some() {
            continue;
        }
        let mut similar: Vec<usize> = centroids[a]
            .iter()
            .take(MERGE_TERMS)
            .filter_map(|(term, _)| index.get(term))
            .flatten()
            .copied()
            .collect();
        similar.sort_unstable();
        similar.dedup();
        for b in similar {
            if b > a
                && merged_into[b].is_none()
                && sparse_dot(&centroids[a], &centroids[b]) >= MERGE_SIMILARITY
            {
                merged_into[b] = Some(a);
            }
        }
    }
    let mut kept: Vec<Option<Cluster>> = clusters.into_iter().map(Some).collect();
    for b in (0..kept.len()).rev() {
        if let Some(a) = merged_into[b]
            && let Some(absorbed) = kept[b].take()
            && let Some(into) = kept[a].as_mut()
        {
            into.members.extend(absorbed.members);
            for (term, weight) in absorbed.centroid {
                *into.centroid.entry(term).or_default() += weight;
            }
        }
    }
    kept.into_iter().flatten().collect()
}

/// Smoothed inverse document frequency, `ln((1 + n) / (1 + df)) + 1` (as scikit-learn's).
fn idf(n: f64, document_frequency: u32) -> f64 {
    ((1.0 + n) / (1.0 + f64::from(document_frequency))).ln() + 1.0
}

/// Distinct clusters listed under the text's terms (at most [`MAX_POSTINGS`] each).
fn candidates<'a>(
    index: &'a FxHashMap<u32, Vec<usize>>,
    vector: &'a SparseVector,
) -> impl Iterator<Item = usize> + 'a {
    let mut seen: FxHashSet<usize> = FxHashSet::default();
    vector
        .iter()
        .filter_map(|(term, _)| index.get(term))
        .flatten()
        .copied()
        .filter(move |&c| seen.insert(c))
}

/// Dot product of a sorted-by-weight centroid and a text vector (both short).
fn sparse_dot(centroid: &[(u32, f64)], vector: &SparseVector) -> f64 {
    centroid
        .iter()
        .filter_map(|(term, w)| vector.iter().find(|(t, _)| t == term).map(|(_, vw)| vw * w))
        .sum()
}

/// Function words of Dutch and English that say nothing about a topic.
const STOP_WORDS: &[&str] = &[
    "de", "het", "een", "en", "van", "ik", "je", "jij", "u", "uw", "is", "niet", "dat", "die",
    "er", "op", "te", "zijn", "met", "voor", "maar", "ook", "als", "bij", "nog", "wel", "geen",
    "mijn", "naar", "om", "dan", "wat", "heb", "hebben", "heeft", "had", "was", "werd", "wordt",
    "al", "kan", "kunnen", "moet", "zou", "zouden", "jullie", "we", "wij", "ze", "zij", "hij",
    "dit", "deze", "uit", "tot", "door", "over", "nu", "heel", "erg", "zeer", "veel", "ben",
    "bent", "mij", "me", "hoe", "waarom", "wanneer", "nooit", "niets", "toch", "alleen", "weer",
    "steeds", "na", "zo", "hier", "daar", "omdat", "in", "aan", "of", "wil", "willen", "worden",
    "kon", "the", "a", "an", "and", "of", "i", "you", "your", "not", "that", "this", "it", "to",
    "on", "for", "with", "but", "also", "if", "at", "still", "no", "my", "they", "he", "she",
    "were", "be", "been", "have", "has", "can", "could", "would", "should", "will", "do", "does",
    "did", "what", "how", "why", "when", "never", "nothing", "very", "really", "from", "by",
    "about", "our", "are", "am", "there", "here", "just", "only", "again", "after", "so",
    "because", "which", "who", "all", "any", "its", "it's", "than", "then", "too", "or", "up",
    "out", "one", "i'm", "i've", "don't", "is", "me", "we", "us", "get", "got", "want",
];

/// Whether a lowercase word is a Dutch or English function word that says nothing on its own.
pub fn is_stop_word(word: &str) -> bool {
    STOP_WORDS.contains(&word)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn corpus() -> Vec<String> {
        let mut docs = Vec::new();
        for i in 0..20 {
            docs.push(format!(
                "Mijn pakket is niet bezorgd, bestelling {i} nog steeds onderweg"
            ));
            docs.push(format!(
                "De factuur klopt niet, verkeerd bedrag afgeschreven ({i})"
            ));
            docs.push(format!(
                "The app crashes when I log in on my phone, attempt {i}"
            ));
        }
        docs
    }

    #[test]
    fn finds_the_planted_topics_with_readable_labels() {
        let model = TopicModel::cluster(&corpus());
        assert_eq!(model.topics().len(), 3, "{:?}", model.topics());
        let labels: Vec<String> = model.topics().iter().map(|t| t.label.join(" ")).collect();
        assert!(
            labels
                .iter()
                .any(|l| l.contains("pakket") || l.contains("bezorgd")),
            "{labels:?}"
        );
        assert!(
            labels
                .iter()
                .any(|l| l.contains("factuur") || l.contains("bedrag")),
            "{labels:?}"
        );
        assert!(
            labels
                .iter()
                .any(|l| l.contains("crashes") || l.contains("app")),
            "{labels:?}"
        );
    }

    #[test]
    fn assigns_new_texts_to_their_topic() {
        let model = TopicModel::cluster(&corpus());
        let parcel = model.assign("Pakket niet bezorgd, waar is mijn bestelling?");
        let invoice = model.assign("Verkeerd bedrag op de factuur");
        assert!(parcel.is_some() && invoice.is_some());
        assert_ne!(parcel, invoice);
        assert_eq!(model.assign("Wat is jullie adres in Utrecht?"), None);
    }

    #[test]
    fn ids_stay_stable_when_reclustering_the_same_and_a_few_new_texts() {
        let docs = corpus();
        let first = TopicModel::cluster(&docs);
        let mut more = docs.clone();
        for i in 0..5 {
            more.push(format!("Pakket {i} nog niet bezorgd"));
            more.push(format!("Storing internet in Amsterdam, modem knippert {i}"));
            more.push(format!("Internet storing al uren, modem doet niets {i}"));
        }
        let second = first.recluster(&more);
        for text in [&docs[0], &docs[1], &docs[2]] {
            assert_eq!(first.assign(text), second.assign(text), "{text}");
            assert!(second.assign(text).is_some());
        }
        let outage = second.assign("Internet storing, modem knippert").unwrap();
        assert!(
            first.topics().iter().all(|t| t.id != outage),
            "a new topic gets a new id"
        );
    }

    #[test]
    fn serialises_for_storage() {
        let model = TopicModel::cluster(&corpus());
        let json = serde_json::to_string(&model).unwrap();
        let back: TopicModel = serde_json::from_str(&json).unwrap();
        assert_eq!(back.assign(&corpus()[0]), model.assign(&corpus()[0]));
    }
}
