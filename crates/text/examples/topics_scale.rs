//! How long clustering takes at scale: `topics_scale N` clusters N synthetic short case texts
//! (200 planted topics of three characteristic words each, plus filler words from a vocabulary
//! of 5,000) and reports the time, the topics found and how pure they are.

use std::time::Instant;

#[path = "../tests/common/lcg.rs"]
mod lcg;

use lcg::Lcg;
use text::TopicModel;

const TOPICS: usize = 200;
const VOCABULARY: usize = 5_000;
const SYLLABLES: &[&str] = &[
    "ka", "lo", "mi", "ne", "ru", "sa", "te", "vo", "bi", "do", "fe", "gu", "ha", "ji", "ko", "pa",
];

fn word(mut n: usize) -> String {
    let mut word = String::new();
    for _ in 0..4 {
        word.push_str(SYLLABLES[n % SYLLABLES.len()]);
        n /= SYLLABLES.len();
    }
    word
}

fn main() {
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|n| n.parse().ok())
        .unwrap_or(100_000);
    let mut random = Lcg(7);
    let mut planted = Vec::with_capacity(n);
    let texts: Vec<String> = (0..n)
        .map(|_| {
            let topic = random.next(TOPICS);
            planted.push(topic);
            let mut words: Vec<String> = (0..3).map(|k| word(topic * 3 + k)).collect();
            for _ in 0..5 {
                words.push(word(TOPICS * 3 + random.next(VOCABULARY)));
            }
            words.join(" ")
        })
        .collect();
    let started = Instant::now();
    let model = TopicModel::cluster(&texts);
    let clustered = started.elapsed().as_secs_f64();
    let started = Instant::now();
    let assigned: Vec<_> = texts.iter().map(|text| model.assign(text)).collect();
    let assigning = started.elapsed().as_secs_f64();
    let mut majority: std::collections::HashMap<_, std::collections::HashMap<usize, usize>> =
        std::collections::HashMap::new();
    for (topic, planted) in assigned.iter().zip(&planted) {
        if let Some(topic) = topic {
            *majority
                .entry(*topic)
                .or_default()
                .entry(*planted)
                .or_default() += 1;
        }
    }
    let in_majority: usize = majority
        .values()
        .filter_map(|counts| counts.values().max())
        .sum();
    let covered = assigned.iter().filter(|topic| topic.is_some()).count();
    println!(
        "{n} texts: clustered in {clustered:.1} s into {} topics; assign {:.1} µs per text; \
         {:.3} assigned, purity {:.3}",
        model.topics().len(),
        assigning / n as f64 * 1e6,
        covered as f64 / n as f64,
        in_majority as f64 / covered.max(1) as f64
    );
}
