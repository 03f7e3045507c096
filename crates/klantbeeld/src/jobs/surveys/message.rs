//! The words of a survey invitation: an email with one link per score (one click answers), and a
//! short text with a link for SMS and WhatsApp. Dutch unless the customer reads English.

use domain::SurveyKind;
use store::surveys::invitations::Outgoing;

pub struct Message {
    pub subject: String,
    pub body: String,
}

/// The page of an invitation: `{base}/s/{token}`.
pub fn survey_link(public_url: &str, token: &str) -> String {
    format!("{}/s/{token}", public_url.trim_end_matches('/'))
}

pub fn email(invitation: &Outgoing, public_url: &str, reminder: bool) -> Message {
    let english = invitation.language == "en";
    let link = survey_link(public_url, &invitation.token);
    let question = invitation.texts.question(invitation.kind);
    let mut subject = match (invitation.kind, english) {
        (SurveyKind::Csat, false) => "Hoe hebben we u geholpen?",
        (SurveyKind::Csat, true) => "How did we do?",
        (SurveyKind::Nps, false) => "Zou u ons aanbevelen?",
        (SurveyKind::Nps, true) => "Would you recommend us?",
        (SurveyKind::Ces, false) => "Hoe gemakkelijk was het?",
        (SurveyKind::Ces, true) => "How easy was it?",
        (SurveyKind::Custom, false) => "Uw mening gevraagd",
        (SurveyKind::Custom, true) => "We would like your opinion",
    }
    .to_string();
    if reminder {
        subject.insert_str(
            0,
            if english {
                "Reminder: "
            } else {
                "Herinnering: "
            },
        );
    }
    let mut body = format!(
        "{} {},\n\n{}\n\n",
        if english { "Dear" } else { "Beste" },
        invitation.customer_name,
        question.get(&invitation.language)
    );
    if let Some(scale) = invitation.kind.scale() {
        let (low, high) = invitation.kind.scale_ends(english);
        body.push_str(if english {
            "Click your answer:\n\n"
        } else {
            "Klik op uw antwoord:\n\n"
        });
        let (first, last) = (*scale.start(), *scale.end());
        for score in scale {
            let label = match score {
                s if s == first => format!(" ({low})"),
                s if s == last => format!(" ({high})"),
                _ => String::new(),
            };
            body.push_str(&format!("  {score}{label}: {link}?score={score}\n"));
        }
        body.push('\n');
    }
    let until = invitation.expires_at.format("%d-%m-%Y");
    body.push_str(&if english {
        format!("Or open the survey: {link}\nThe link works until {until}.\n\nNo more surveys? {link}/opt-out\n")
    } else {
        format!("Of open de vragenlijst: {link}\nDe link werkt tot {until}.\n\nGeen enquêtes meer ontvangen? {link}/opt-out\n")
    });
    Message { subject, body }
}

pub fn text(invitation: &Outgoing, public_url: &str) -> String {
    let question = invitation.texts.question(invitation.kind);
    let answer = if invitation.language == "en" {
        "Answer here"
    } else {
        "Antwoord hier"
    };
    format!(
        "{} {answer}: {}",
        question.get(&invitation.language),
        survey_link(public_url, &invitation.token)
    )
}

#[cfg(test)]
mod tests {
    use chrono::Utc;
    use sqlx::types::Json;

    use super::*;

    fn invitation(kind: SurveyKind, language: &str) -> Outgoing {
        Outgoing {
            id: 1,
            survey_id: 1,
            kind,
            texts: Json(Default::default()),
            customer_id: 1,
            customer_name: "Anna de Vries".into(),
            case_id: Some(1),
            channel: "email".into(),
            address: "anna@example.nl".into(),
            language: language.into(),
            token: "tok".into(),
            attempts: 1,
            expiry_days: 14,
            reminder_after_hours: None,
            expires_at: Utc::now(),
        }
    }

    #[test]
    fn an_email_has_a_link_for_every_score() {
        let message = email(
            &invitation(SurveyKind::Nps, "en"),
            "https://cx.example.nl/",
            false,
        );
        for score in 0..=10 {
            assert!(
                message
                    .body
                    .contains(&format!("https://cx.example.nl/s/tok?score={score}\n"))
            );
        }
        assert!(message.body.contains("0 (not at all likely)"));
        assert!(message.body.contains("/s/tok/opt-out"));
    }

    #[test]
    fn a_reminder_says_so_in_the_customers_language() {
        let message = email(&invitation(SurveyKind::Csat, "nl"), "http://x", true);
        assert_eq!(message.subject, "Herinnering: Hoe hebben we u geholpen?");
        assert!(message.body.starts_with("Beste Anna de Vries"));
    }
}
