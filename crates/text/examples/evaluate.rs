//! The figures of docs/text-evaluation.md; `bench/text_eval.sh` fetches the data and runs this.
//!
//! Usage: evaluate DATA_DIR OWN_SETS_DIR

use std::error::Error;
use std::path::Path;
use std::time::Instant;

use text::{Label, Language, LearnedModel, analyse_many, auc, detect, lexicon_sentiment};

struct Labelled {
    text: String,
    positive: bool,
}

fn main() -> Result<(), Box<dyn Error>> {
    let args: Vec<String> = std::env::args().collect();
    let [_, data, own] = &args[..] else {
        return Err("usage: evaluate DATA_DIR OWN_SETS_DIR".into());
    };
    let (data, own) = (Path::new(data), Path::new(own));
    let (training, training_vader) = fine_foods(&data.join("fine_foods_training.csv"))?;
    let (testing, testing_vader) = fine_foods(&data.join("fine_foods_testing.csv"))?;
    let bol = bol_reviews(&data.join("polarity-nl-bol.com.csv"))?;
    let own_nl = own_set(&own.join("nl_customer_messages.tsv"))?;
    let own_en = own_set(&own.join("en_customer_messages.tsv"))?;

    println!("(a) English lexicon, fine foods reviews, AUC of 5 stars against the rest");
    for (name, rows, vader) in [
        ("training_data (tuning)", &training, &training_vader),
        ("testing_data", &testing, &testing_vader),
    ] {
        let ours = lexicon_auc(rows, Some(Language::En));
        let plain: Vec<(f64, bool)> = vader
            .iter()
            .zip(rows.iter())
            .map(|(v, r)| (*v, r.positive))
            .collect();
        println!(
            "    {name:24} n={:5}  crate lexicon {:.4}  plain VADER {:.4}",
            rows.len(),
            ours,
            auc(&plain)
        );
    }

    println!("(b) learned model: fit on training_data, scored on testing_data");
    let examples: Vec<(&str, Language, bool)> = training
        .iter()
        .map(|r| (r.text.as_str(), Language::En, r.positive))
        .collect();
    let started = Instant::now();
    let model = LearnedModel::fit(&examples)?;
    let fit_seconds = started.elapsed().as_secs_f64();
    for quality in model.quality() {
        println!(
            "    5-fold on training_data: AUC {:.4}, accuracy {:.4}, n={} ({} positive); fit incl. folds {fit_seconds:.1} s",
            quality.auc, quality.accuracy, quality.n, quality.positives
        );
    }
    let scored: Vec<(f64, bool)> = testing
        .iter()
        .map(|r| (model.predict_in(&r.text, Language::En).score, r.positive))
        .collect();
    let correct = scored.iter().filter(|(s, p)| (*s >= 0.0) == *p).count();
    println!(
        "    testing_data: AUC {:.4}, accuracy {:.4} (n={})",
        auc(&scored),
        correct as f64 / scored.len() as f64,
        scored.len()
    );

    println!(
        "(c) Dutch lexicon labels: balanced accuracy (neutral counts as wrong), AUC of the score"
    );
    for (name, rows, language) in [
        ("own nl customer messages", &own_nl, Language::Nl),
        ("bol.com book reviews", &bol, Language::Nl),
        ("own en customer messages", &own_en, Language::En),
    ] {
        let (balanced, neutral) = balanced_accuracy(rows, language);
        println!(
            "    {name:26} n={:5}  balanced accuracy {balanced:.4}  neutral {neutral:.3}  AUC {:.4}",
            rows.len(),
            lexicon_auc(rows, Some(language))
        );
    }

    println!("(d) language detection accuracy");
    let sets: [(&str, Vec<&str>, Language); 4] = [
        (
            "own nl customer messages",
            own_nl.iter().map(|r| r.text.as_str()).collect(),
            Language::Nl,
        ),
        (
            "own en customer messages",
            own_en.iter().map(|r| r.text.as_str()).collect(),
            Language::En,
        ),
        (
            "bol.com reviews (nl)",
            bol.iter().map(|r| r.text.as_str()).collect(),
            Language::Nl,
        ),
        (
            "fine foods reviews (en)",
            training
                .iter()
                .chain(&testing)
                .map(|r| r.text.as_str())
                .collect(),
            Language::En,
        ),
    ];
    let whatlang =
        whatlang::Detector::with_allowlist(vec![whatlang::Lang::Nld, whatlang::Lang::Eng]);
    let (mut ours_right, mut theirs_right, mut total) = (0, 0, 0);
    for (name, texts, expected) in &sets {
        let ours = texts
            .iter()
            .filter(|t| detect(t).language == *expected)
            .count();
        let theirs = texts
            .iter()
            .filter(|t| {
                let lang = match whatlang.detect_lang(t) {
                    Some(whatlang::Lang::Eng) => Language::En,
                    _ => Language::Nl,
                };
                lang == *expected
            })
            .count();
        println!(
            "    {name:26} n={:5}  crate {:.4}  whatlang(nl,en) {:.4}",
            texts.len(),
            ours as f64 / texts.len() as f64,
            theirs as f64 / texts.len() as f64
        );
        ours_right += ours;
        theirs_right += theirs;
        total += texts.len();
    }
    let short: Vec<(&str, Language)> = sets[..2]
        .iter()
        .flat_map(|(_, texts, language)| texts.iter().map(move |t| (*t, *language)))
        .collect();
    println!(
        "    all                        n={total:5}  crate {:.4}  whatlang(nl,en) {:.4}",
        ours_right as f64 / total as f64,
        theirs_right as f64 / total as f64
    );

    let batch: Vec<&str> = short.iter().map(|(t, _)| *t).cycle().take(1_000).collect();
    let started = Instant::now();
    let analyses = analyse_many(&batch);
    println!(
        "analyse_many: {} short messages in {:.1} ms",
        analyses.len(),
        started.elapsed().as_secs_f64() * 1e3
    );
    Ok(())
}

fn lexicon_auc(rows: &[Labelled], language: Option<Language>) -> f64 {
    let scored: Vec<(f64, bool)> = rows
        .iter()
        .map(|r| (lexicon_sentiment(&r.text, language).score, r.positive))
        .collect();
    auc(&scored)
}

/// Mean of the recall of positives (labelled Positive) and of negatives (labelled Negative),
/// and the share labelled Neutral.
fn balanced_accuracy(rows: &[Labelled], language: Language) -> (f64, f64) {
    let (mut hits, mut counts, mut neutral) = ([0usize; 2], [0usize; 2], 0usize);
    for row in rows {
        let label = lexicon_sentiment(&row.text, Some(language)).label;
        let class = usize::from(row.positive);
        counts[class] += 1;
        let wanted = if row.positive {
            Label::Positive
        } else {
            Label::Negative
        };
        hits[class] += usize::from(label == wanted);
        neutral += usize::from(label == Label::Neutral);
    }
    let recall = |c: usize| hits[c] as f64 / counts[c].max(1) as f64;
    (
        (recall(0) + recall(1)) / 2.0,
        neutral as f64 / rows.len() as f64,
    )
}

fn fine_foods(path: &Path) -> Result<(Vec<Labelled>, Vec<f64>), Box<dyn Error>> {
    let mut rows = Vec::new();
    let mut vader = Vec::new();
    for record in csv::Reader::from_path(path)?.records() {
        let record = record?;
        rows.push(Labelled {
            text: record[1].to_string(),
            positive: &record[2] == "great",
        });
        vader.push(record[3].parse()?);
    }
    Ok((rows, vader))
}

fn bol_reviews(path: &Path) -> Result<Vec<Labelled>, Box<dyn Error>> {
    let mut rows = Vec::new();
    let reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_path(path)?;
    for record in reader.into_records() {
        let record = record?;
        rows.push(Labelled {
            text: record[1]
                .replace("&amp;", "&")
                .replace("&gt;", ">")
                .replace("&lt;", "<"),
            positive: &record[0] == "1",
        });
    }
    Ok(rows)
}

fn own_set(path: &Path) -> Result<Vec<Labelled>, Box<dyn Error>> {
    Ok(std::fs::read_to_string(path)?
        .lines()
        .filter(|line| !line.starts_with('#') && !line.is_empty())
        .filter_map(|line| line.split_once('\t'))
        .map(|(label, text)| Labelled {
            text: text.to_string(),
            positive: label == "pos",
        })
        .collect())
}
