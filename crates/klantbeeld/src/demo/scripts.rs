//! Which corpus texts belong together. The corpus lists subjects, openings and replies per topic
//! independently; these tables say, per opening, which subject titles it and which reply answers
//! it, so a thread reads as one conversation. They follow the corpus order: an index past the end
//! of a list means none fits (the subject then comes from the opening, the reply is a general one).

use rand::distr::Distribution;
use rand::distr::weighted::WeightedIndex;
use rand::rngs::StdRng;
use rand::seq::IndexedRandom;

use super::corpus::{
    PHONE_SUMMARIES_EN, PHONE_SUMMARIES_NL, SMS_OPENINGS_EN, SMS_OPENINGS_NL, TOPICS, Topic,
    TopicTexts,
};
use super::people::Language;

/// Who can have sent an opening.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fit {
    Anyone,
    /// Written by a business (a bakery, a hair salon).
    Business,
    /// Reports a sudden loss of service, as during the big outage.
    AreaOutage,
}
use Fit::{Anyone as A, AreaOutage as O, Business as B};

/// No subject or reply in the corpus fits.
const NONE: usize = usize::MAX;

/// Per topic, for each opening in Dutch and then in English: (subject, reply, fit).
type Pairs = &'static [(usize, usize, Fit)];
#[rustfmt::skip]
static WRITTEN: &[(&str, Pairs, Pairs)] = &[
    ("billing", &[(1, 0, A), (2, 1, A), (0, 2, A), (4, 3, A), (3, 4, A), (5, 5, A), (0, 6, A)],
        &[(1, 0, A), (3, 1, A), (4, 2, A), (2, 3, A), (0, 4, A), (0, 5, A)]),
    ("outage", &[(1, 0, O), (3, 0, O), (2, 1, A), (4, 2, A), (0, 3, A), (5, 4, A)],
        &[(1, 0, O), (3, 0, O), (2, 1, A), (4, 2, A), (0, 3, A)]),
    ("move", &[(1, 0, A), (0, 1, A), (0, 2, A), (0, 3, A), (5, 4, A), (3, 0, A)],
        &[(2, 0, A), (1, 1, A), (0, 2, A), (4, 3, A), (3, 0, A)]),
    ("meter", &[(0, 0, A), (1, 0, A), (4, 4, A), (2, 1, A), (3, 3, A), (5, 2, A)],
        &[(0, 0, A), (1, 0, A), (2, 1, A), (3, 2, A), (4, 3, A)]),
    ("contract", &[(0, 0, A), (1, 1, A), (4, 2, A), (5, 3, A), (2, 4, B), (3, 5, A)],
        &[(0, 0, A), (1, 1, A), (3, 2, A), (2, 4, A), (4, 3, A)]),
    ("payment", &[(0, 0, A), (2, 1, A), (3, 2, A), (4, 3, A), (5, 4, A), (NONE, 5, A)],
        &[(1, 0, A), (2, 1, A), (3, 2, A), (4, 3, A), (NONE, 4, A)]),
    ("fibre_install", &[(1, 0, A), (2, 1, A), (4, 2, A), (5, 3, A), (3, NONE, A), (0, 4, B)],
        &[(0, 0, A), (4, 1, A), (3, 2, A), (2, NONE, A), (NONE, 3, A)]),
    ("complaint", &[(1, 0, A), (4, 1, A), (3, 2, A), (5, 3, A), (0, 4, A), (3, 5, A)],
        &[(1, 0, A), (3, 1, A), (4, 2, A), (0, 3, A), (0, 4, A)]),
    ("cancel", &[(1, 0, A), (2, 1, A), (4, 2, A), (0, 3, A), (1, 4, A), (5, 5, B)],
        &[(1, 0, A), (2, 1, A), (4, 4, A), (0, 2, A), (1, 3, A)]),
    ("app_login", &[(0, 0, A), (1, 1, A), (3, 5, A), (4, 2, A), (2, 3, A), (5, 4, A)],
        &[(0, 0, A), (1, 1, A), (3, 0, A), (4, 4, A), (2, 2, A), (NONE, 3, A)]),
    ("solar", &[(0, 0, A), (1, 1, A), (4, 4, A), (3, 2, A), (2, 3, A)],
        &[(0, 0, A), (1, 3, A), (3, 1, A), (2, 2, A), (NONE, 4, A)]),
];

/// Per SMS opening, in corpus order: (topic, reply).
#[rustfmt::skip]
static SHORT_NL: &[(&str, usize, Fit)] = &[
    ("outage", 0, O), ("move", 0, A), ("outage", 5, A), ("payment", 0, A), ("app_login", 3, A),
    ("billing", 3, A), ("outage", 1, A), ("billing", 2, A), ("fibre_install", 2, A), ("outage", 2, A),
];
#[rustfmt::skip]
static SHORT_EN: &[(&str, usize, Fit)] = &[
    ("outage", 0, O), ("outage", 4, A), ("app_login", 2, A), ("move", 0, A), ("payment", 3, A),
    ("billing", 0, A),
];
/// Per phone summary, in corpus order: (topic, subject).
#[rustfmt::skip]
static CALLS_NL: &[(&str, usize, Fit)] = &[
    ("billing", 1, A), ("outage", 0, A), ("move", 1, A), ("payment", 0, A), ("contract", 1, A),
    ("cancel", 4, A), ("app_login", 3, A), ("cancel", 0, A), ("fibre_install", 0, B), ("meter", 2, A),
];
#[rustfmt::skip]
static CALLS_EN: &[(&str, usize, Fit)] = &[
    ("billing", 1, A), ("outage", 0, O), ("cancel", 4, A), ("app_login", 2, A),
    ("fibre_install", 0, A), ("complaint", 2, A),
];

/// For follow-ups no corpus reply answers: short and true whatever the customer wrote.
static GENERAL_REPLIES_NL: &[&str] = &[
    "Beste {name},\n\nDank voor uw reactie. Ik heb uw bericht aan het dossier toegevoegd en het voor u nagekeken; het is nu in orde gemaakt. Heeft u nog vragen, dan kunt u gewoon op dit bericht reageren.\n\nMet vriendelijke groet,\n{agent}\nPolderstroom",
    "Beste {name},\n\nExcuses dat het langer duurt dan u van ons mag verwachten. Ik heb uw vraag met voorrang opgepakt en houd u persoonlijk op de hoogte tot alles is afgerond.\n\nMet vriendelijke groet,\n{agent}",
    "Beste {name},\n\nDank voor uw bericht. Ik heb het voor u uitgezocht en alles is nu goed verwerkt in uw dossier. U hoeft verder niets te doen.\n\nMet vriendelijke groet,\n{agent}",
];
static GENERAL_REPLIES_EN: &[&str] = &[
    "Dear {name},\n\nThank you for your reply. I've added it to your file and looked into it; everything is now in order. If you have any other questions, just reply to this message.\n\nKind regards,\n{agent}\nPolderstroom",
    "Dear {name},\n\nI'm sorry this is taking longer than you may expect from us. I've picked up your question with priority and will keep you posted personally until it's sorted.\n\nKind regards,\n{agent}",
    "Hi {name},\n\nThanks for your message! I've looked into it and everything has been processed on your account. There's nothing else you need to do.\n\nBest,\n{agent}",
];

/// For cases that waited on an engineer, the grid operator or a colleague elsewhere.
static UPDATES_NL: &[&str] = &[
    "Beste {name},\n\nHierbij een update over uw melding: de werkzaamheden waar wij op wachtten zijn afgerond en ik heb gecontroleerd dat alles nu in orde is. Merkt u toch nog iets, laat het mij dan weten.\n\nMet vriendelijke groet,\n{agent}",
    "Beste {name},\n\nDank voor uw geduld. Ik heb vandaag bericht gekregen dat uw aanvraag is verwerkt; u hoeft zelf niets meer te doen. Ik sluit uw melding over een paar dagen, tenzij u nog vragen heeft.\n\nMet vriendelijke groet,\n{agent}\nPolderstroom",
];
static UPDATES_EN: &[&str] = &[
    "Dear {name},\n\nA quick update: the work we were waiting for has been completed and I've checked that everything is in order now. If you still notice anything, please let me know.\n\nKind regards,\n{agent}",
    "Dear {name},\n\nThank you for your patience. I heard today that your request has been processed; there's nothing more you need to do. I'll close this case in a few days unless you have any questions.\n\nKind regards,\n{agent}\nPolderstroom",
];

/// How a case's first contact came in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Medium {
    /// Email, web form or chat: a topic opening with its subject.
    Written,
    /// SMS or WhatsApp: a one-line message.
    Short,
    /// A phone call, summarised by the agent who took it.
    Call,
}

/// One way a case can begin, with the texts that go with it.
pub struct Script {
    pub topic: &'static Topic,
    pub language: Language,
    pub medium: Medium,
    pub fit: Fit,
    pub opening: &'static str,
    /// `None`: titled by the opening's first sentence.
    pub subject: Option<&'static str>,
    /// The agent reply that answers the opening, if the corpus has one.
    pub reply: Option<&'static str>,
}

impl Script {
    pub fn texts(&self) -> &'static TopicTexts {
        texts(self.topic, self.language)
    }
}

fn texts(topic: &'static Topic, language: Language) -> &'static TopicTexts {
    match language {
        Language::Dutch => &topic.nl,
        Language::English => &topic.en,
    }
}

/// Every script the corpus supports.
pub fn library() -> Vec<Script> {
    let mut scripts = Vec::new();
    for topic in TOPICS {
        let pairs = WRITTEN.iter().find(|(key, _, _)| *key == topic.key);
        for (language, pairs) in [
            (Language::Dutch, pairs.map(|p| p.1)),
            (Language::English, pairs.map(|p| p.2)),
        ] {
            let texts = texts(topic, language);
            for (i, opening) in texts.openings.iter().enumerate() {
                let (subject, reply, fit) = pairs
                    .and_then(|p| p.get(i))
                    .copied()
                    .unwrap_or((NONE, NONE, A));
                scripts.push(Script {
                    topic,
                    language,
                    medium: Medium::Written,
                    fit,
                    opening,
                    subject: texts.subjects.get(subject).copied(),
                    reply: texts.agent_replies.get(reply).copied(),
                });
            }
        }
    }
    let short = [
        (Language::Dutch, SMS_OPENINGS_NL, SHORT_NL),
        (Language::English, SMS_OPENINGS_EN, SHORT_EN),
    ];
    for (language, openings, topics) in short {
        for (opening, &(key, reply, fit)) in openings.iter().zip(topics) {
            if let Some(topic) = TOPICS.iter().find(|t| t.key == key) {
                let texts = texts(topic, language);
                let reply = texts.agent_replies.get(reply).copied();
                scripts.push(Script {
                    topic,
                    language,
                    medium: Medium::Short,
                    fit,
                    opening,
                    subject: None,
                    reply,
                });
            }
        }
    }
    let calls = [
        (Language::Dutch, PHONE_SUMMARIES_NL, CALLS_NL),
        (Language::English, PHONE_SUMMARIES_EN, CALLS_EN),
    ];
    for (language, summaries, topics) in calls {
        for (opening, &(key, subject, fit)) in summaries.iter().zip(topics) {
            if let Some(topic) = TOPICS.iter().find(|t| t.key == key) {
                let subject = texts(topic, language).subjects.get(subject).copied();
                scripts.push(Script {
                    topic,
                    language,
                    medium: Medium::Call,
                    fit,
                    opening,
                    subject,
                    reply: None,
                });
            }
        }
    }
    scripts
}

/// What the case is about, as the topic's share of all contacts.
fn topic_weight(key: &str) -> f64 {
    match key {
        "billing" => 16.0,
        "payment" => 10.0,
        "outage" | "move" | "contract" => 9.0,
        "fibre_install" | "meter" | "app_login" => 8.0,
        "complaint" | "solar" => 6.0,
        "cancel" => 5.0,
        _ => 4.0,
    }
}

/// Picks a script among those `allowed`, with each topic as likely as it is among contacts.
/// `None` when none is allowed.
pub fn pick<'a>(
    rng: &mut StdRng,
    scripts: &'a [Script],
    allowed: impl Fn(&Script) -> bool,
) -> Option<&'a Script> {
    let candidates: Vec<&Script> = scripts.iter().filter(|s| allowed(s)).collect();
    let per_topic = |key: &str| candidates.iter().filter(|s| s.topic.key == key).count() as f64;
    let weights = candidates
        .iter()
        .map(|s| topic_weight(s.topic.key) / per_topic(s.topic.key));
    let index = WeightedIndex::new(weights).ok()?;
    candidates.get(index.sample(rng)).copied()
}

pub fn general_reply(rng: &mut StdRng, language: Language) -> &'static str {
    let replies = match language {
        Language::Dutch => GENERAL_REPLIES_NL,
        Language::English => GENERAL_REPLIES_EN,
    };
    replies
        .choose(rng)
        .copied()
        .unwrap_or(GENERAL_REPLIES_NL[0])
}

/// News after a wait on others.
pub fn update(rng: &mut StdRng, language: Language) -> &'static str {
    let updates = match language {
        Language::Dutch => UPDATES_NL,
        Language::English => UPDATES_EN,
    };
    updates.choose(rng).copied().unwrap_or(UPDATES_NL[0])
}

/// Whether a follow-up only thanks or confirms, so the agent can close without answering.
pub fn is_closing(follow_up: &str) -> bool {
    const SIGNS: &[&str] = &[
        "dank",
        "thank",
        "werkt weer",
        "doet het weer",
        "working again",
        "works again",
        "top,",
        "great",
    ];
    let text = follow_up.to_lowercase();
    !text.contains('?') && SIGNS.iter().any(|sign| text.contains(sign))
}

/// A subject for a message that has none: its first sentence that says something (not "Hallo!"),
/// shortened at a word if long.
pub fn subject_from(text: &str) -> String {
    const MAX_CHARS: usize = 70;
    const MIN_WORDS: usize = 3;
    let sentences = text.split_inclusive(['.', '?', '!', '\n']);
    let sentence = sentences
        .map(|s| s.trim().trim_end_matches('.'))
        .find(|s| s.split_whitespace().count() >= MIN_WORDS)
        .unwrap_or(text.trim());
    if sentence.chars().count() <= MAX_CHARS {
        return sentence.to_string();
    }
    let mut short = String::new();
    for word in sentence.split_whitespace() {
        if short.chars().count() + word.chars().count() + 1 > MAX_CHARS {
            break;
        }
        if !short.is_empty() {
            short.push(' ');
        }
        short.push_str(word);
    }
    short.push('…');
    short
}
