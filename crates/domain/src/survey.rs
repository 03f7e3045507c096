//! Surveys: the scales of CSAT, NPS and CES, their default wording in Dutch and English, custom
//! questions, and the conditions a trigger checks.

use std::ops::RangeInclusive;

use serde::{Deserialize, Deserializer, Serialize};

use crate::{Channel, SurveyKind};

impl SurveyKind {
    /// The scores the main question allows; `None` for a survey of custom questions only.
    pub fn scale(self) -> Option<RangeInclusive<i64>> {
        match self {
            SurveyKind::Csat => Some(1..=5),
            SurveyKind::Nps => Some(0..=10),
            SurveyKind::Ces => Some(1..=7),
            SurveyKind::Custom => None,
        }
    }

    /// A detractor (NPS 0–6), a dissatisfied customer (CSAT 1–2) or a hard experience (CES 1–3):
    /// the answers that call for a follow-up.
    pub fn is_low(self, score: i64) -> bool {
        match self {
            SurveyKind::Csat => score <= 2,
            SurveyKind::Nps => score <= 6,
            SurveyKind::Ces => score <= 3,
            SurveyKind::Custom => false,
        }
    }

    /// The words at the two ends of the scale, as (lowest, highest).
    pub fn scale_ends(self, english: bool) -> (&'static str, &'static str) {
        match (self, english) {
            (SurveyKind::Csat, false) => ("zeer ontevreden", "zeer tevreden"),
            (SurveyKind::Csat, true) => ("very dissatisfied", "very satisfied"),
            (SurveyKind::Nps, false) => ("zeer onwaarschijnlijk", "zeer waarschijnlijk"),
            (SurveyKind::Nps, true) => ("not at all likely", "extremely likely"),
            (SurveyKind::Ces, false) => ("helemaal oneens", "helemaal eens"),
            (SurveyKind::Ces, true) => ("strongly disagree", "strongly agree"),
            (SurveyKind::Custom, _) => ("", ""),
        }
    }

    fn default_question(self) -> Localized {
        let (nl, en) = match self {
            SurveyKind::Csat => (
                "Hoe tevreden bent u over hoe we u hebben geholpen?",
                "How satisfied are you with how we helped you?",
            ),
            SurveyKind::Nps => (
                "Hoe waarschijnlijk is het dat u ons aanbeveelt bij vrienden of collega's?",
                "How likely are you to recommend us to a friend or colleague?",
            ),
            SurveyKind::Ces => (
                "Het bedrijf heeft het mij gemakkelijk gemaakt mijn vraag af te handelen.",
                "The company made it easy for me to handle my issue.",
            ),
            SurveyKind::Custom => ("Wat vindt u ervan?", "What do you think?"),
        };
        Localized::new(nl, en)
    }
}

/// A text in Dutch and English.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Localized {
    pub nl: String,
    pub en: String,
}

impl Localized {
    pub fn new(nl: &str, en: &str) -> Localized {
        Localized {
            nl: nl.into(),
            en: en.into(),
        }
    }

    /// The text in `language` (`nl` or `en`); Dutch for anything else.
    pub fn get(&self, language: &str) -> &str {
        if language == "en" { &self.en } else { &self.nl }
    }
}

/// The wording of a survey; what is left out gets the default for its kind.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SurveyTexts {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub question: Option<Localized>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub follow_up: Option<Localized>,
}

impl SurveyTexts {
    pub fn question(&self, kind: SurveyKind) -> Localized {
        self.question
            .clone()
            .unwrap_or_else(|| kind.default_question())
    }

    /// The follow-up question asking for a comment.
    pub fn follow_up(&self) -> Localized {
        self.follow_up.clone().unwrap_or_else(|| {
            Localized::new(
                "Wat is de belangrijkste reden voor uw antwoord?",
                "What is the main reason for your answer?",
            )
        })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum QuestionType {
    /// A score from 1 to `scale` (2–10).
    Rating,
    /// One of `options`.
    Choice,
    Text,
}

/// A custom question, asked after the main one (or alone in a `custom` survey).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Question {
    pub id: String,
    #[serde(rename = "type")]
    pub kind: QuestionType,
    pub label: Localized,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub options: Vec<Localized>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scale: Option<u8>,
}

impl Question {
    /// Why the question cannot be asked, if it cannot.
    pub fn problem(&self) -> Option<String> {
        let id_ok = !self.id.is_empty()
            && self.id.len() <= 40
            && self
                .id
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'_');
        if !id_ok {
            return Some(format!(
                "question id {:?} must be 1–40 letters, digits or _",
                self.id
            ));
        }
        match self.kind {
            QuestionType::Rating if !matches!(self.scale, Some(2..=10)) => Some(format!(
                "rating question {:?} needs a scale of 2 to 10",
                self.id
            )),
            QuestionType::Choice if !(2..=10).contains(&self.options.len()) => Some(format!(
                "choice question {:?} needs 2 to 10 options",
                self.id
            )),
            _ => None,
        }
    }

    /// Whether `value` is an answer this question accepts.
    pub fn accepts(&self, value: &str) -> bool {
        match self.kind {
            QuestionType::Rating => value
                .parse::<u8>()
                .is_ok_and(|n| (1..=self.scale.unwrap_or(5)).contains(&n)),
            QuestionType::Choice => value.parse::<usize>().is_ok_and(|n| n < self.options.len()),
            QuestionType::Text => value.chars().count() <= 2000,
        }
    }
}

/// Which contacts a trigger applies to; an empty list allows everything.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Conditions {
    #[serde(
        default,
        deserialize_with = "one_or_many",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub channel: Vec<Channel>,
    #[serde(
        default,
        deserialize_with = "one_or_many",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub segment: Vec<String>,
    /// The case has at least one of these tags.
    #[serde(
        default,
        deserialize_with = "one_or_many",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub tags: Vec<String>,
    #[serde(
        default,
        deserialize_with = "one_or_many",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub team_id: Vec<i64>,
}

/// What a condition is checked against; `None` where the trigger has no case.
#[derive(Debug, Clone, Default)]
pub struct Touch<'a> {
    pub channel: Option<Channel>,
    pub segment: Option<&'a str>,
    pub tags: &'a [String],
    pub team_id: Option<i64>,
}

impl Conditions {
    pub fn allow(&self, touch: &Touch<'_>) -> bool {
        fn allows<T: PartialEq>(allowed: &[T], value: Option<&T>) -> bool {
            allowed.is_empty() || value.is_some_and(|v| allowed.contains(v))
        }
        allows(&self.channel, touch.channel.as_ref())
            && allows(&self.segment, touch.segment.map(str::to_owned).as_ref())
            && (self.tags.is_empty() || touch.tags.iter().any(|t| self.tags.contains(t)))
            && allows(&self.team_id, touch.team_id.as_ref())
    }
}

fn one_or_many<'de, D, T>(deserializer: D) -> Result<Vec<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum OneOrMany<T> {
        One(T),
        Many(Vec<T>),
    }
    Ok(match OneOrMany::deserialize(deserializer)? {
        OneOrMany::One(one) => vec![one],
        OneOrMany::Many(many) => many,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn low_scores_are_the_follow_up_bands() {
        assert!(SurveyKind::Nps.is_low(6) && !SurveyKind::Nps.is_low(7));
        assert!(SurveyKind::Csat.is_low(2) && !SurveyKind::Csat.is_low(3));
        assert!(SurveyKind::Ces.is_low(3) && !SurveyKind::Ces.is_low(4));
    }

    #[test]
    fn conditions_take_one_value_or_a_list() {
        let one: Conditions =
            serde_json::from_str(r#"{"channel": "email", "team_id": 3}"#).unwrap();
        assert_eq!(one.channel, [Channel::Email]);
        let many: Conditions =
            serde_json::from_str(r#"{"segment": ["business", "consumer"]}"#).unwrap();
        assert_eq!(many.segment.len(), 2);
        assert!(serde_json::from_str::<Conditions>(r#"{"colour": "red"}"#).is_err());
    }

    #[test]
    fn conditions_need_every_listed_property() {
        let conditions: Conditions =
            serde_json::from_str(r#"{"channel": "email", "tags": ["billing"]}"#).unwrap();
        let tags = vec!["billing".to_string()];
        let email = Touch {
            channel: Some(Channel::Email),
            tags: &tags,
            ..Touch::default()
        };
        assert!(conditions.allow(&email));
        let chat = Touch {
            channel: Some(Channel::Chat),
            ..email.clone()
        };
        assert!(!conditions.allow(&chat));
        assert!(!conditions.allow(&Touch::default()));
        assert!(Conditions::default().allow(&Touch::default()));
    }

    #[test]
    fn custom_answers_are_checked_against_their_question() {
        let rating = Question {
            id: "speed".into(),
            kind: QuestionType::Rating,
            label: Localized::new("Snelheid", "Speed"),
            options: vec![],
            scale: Some(5),
        };
        assert!(rating.problem().is_none());
        assert!(rating.accepts("5") && !rating.accepts("6") && !rating.accepts("x"));
        let choice = Question {
            kind: QuestionType::Choice,
            scale: None,
            ..rating.clone()
        };
        assert!(choice.problem().is_some());
    }
}
