//! Words for the keys the data carries (`renewal`, `case.resolved`, `expired`, `customer_since`):
//! what a reader of the page's language calls them. A key Klantbeeld does not know (a touchpoint
//! or attribute an organisation made up) is shown as written, with underscores as spaces.

use std::borrow::Cow;

use domain::{Channel, SurveyKind};

use super::i18n::Lang;

/// `(key, Dutch, English)`.
type Term = (&'static str, &'static str, &'static str);

const TOUCHPOINTS: &[Term] = &[
    ("support", "Klantenservice", "Support"),
    ("relationship", "Relatie", "Relationship"),
    ("purchase", "Aankoop", "Purchase"),
    ("delivery", "Levering", "Delivery"),
    ("onboarding", "Kennismaking", "Onboarding"),
    ("renewal", "Verlenging", "Renewal"),
    ("cancellation", "Opzegging", "Cancellation"),
];

const TRIGGERS: &[Term] = &[
    ("case.resolved", "Zaak opgelost", "Case resolved"),
    ("order.placed", "Bestelling geplaatst", "Order placed"),
    ("order.delivered", "Bestelling geleverd", "Order delivered"),
    (
        "onboarding.completed",
        "Kennismaking afgerond",
        "Onboarding completed",
    ),
    (
        "subscription.renewed",
        "Abonnement verlengd",
        "Subscription renewed",
    ),
    (
        "subscription.cancelled",
        "Abonnement opgezegd",
        "Subscription cancelled",
    ),
];

const INVITATION_STATUSES: &[Term] = &[
    ("scheduled", "Gepland", "Scheduled"),
    ("sent", "Verstuurd", "Sent"),
    ("answered", "Beantwoord", "Answered"),
    ("expired", "Verlopen", "Expired"),
    ("suppressed", "Niet verstuurd", "Not sent"),
    ("failed", "Mislukt", "Failed"),
];

const INVITATION_REASONS: &[Term] = &[
    ("eligible", "Komt in aanmerking", "Eligible"),
    ("sent", "Verstuurd", "Sent"),
    ("opted_out", "Wil geen enquêtes", "Opted out"),
    ("sampled_out", "Buiten de steekproef", "Outside the sample"),
    ("no_channel", "Geen adres", "No address"),
    ("fatigue", "Te vaak gevraagd", "Asked too often"),
    ("delivery_failed", "Bezorging mislukt", "Delivery failed"),
];

const ATTRIBUTES: &[Term] = &[
    ("city", "Woonplaats", "City"),
    ("plan", "Abonnement", "Plan"),
    ("customer_since", "Klant sinds", "Customer since"),
    ("segment", "Segment", "Segment"),
    ("language", "Taal", "Language"),
    ("company", "Bedrijf", "Company"),
    ("postcode", "Postcode", "Postcode"),
];

const CALLBACK_STATUSES: &[Term] = &[
    ("requested", "Aangevraagd", "Requested"),
    ("scheduled", "Gepland", "Scheduled"),
    ("completed", "Teruggebeld", "Called back"),
    ("failed", "Niet bereikt", "Not reached"),
    ("cancelled", "Geannuleerd", "Cancelled"),
];

/// Where a callback request came from.
const CALLBACK_SOURCES: &[Term] = &[
    ("call", "Telefoon", "Phone"),
    ("sms", "Sms", "SMS"),
    ("chat", "Chat", "Chat"),
    ("callback", "Chat", "Chat"),
    ("web", "Webformulier", "Web form"),
    ("agent", "Medewerker", "Agent"),
    ("api", "API", "API"),
];

fn look_up(terms: &[Term], lang: Lang, key: &str) -> Cow<'static, str> {
    match terms.iter().find(|(k, _, _)| *k == key) {
        Some((_, nl, en)) => Cow::Borrowed(match lang {
            Lang::Nl => nl,
            Lang::En => en,
        }),
        None => Cow::Owned(key.replace('_', " ")),
    }
}

pub fn touchpoint(lang: Lang, key: &str) -> Cow<'static, str> {
    look_up(TOUCHPOINTS, lang, key)
}

/// The business event a survey waits for.
pub fn trigger(lang: Lang, key: &str) -> Cow<'static, str> {
    look_up(TRIGGERS, lang, key)
}

pub fn invitation_status(lang: Lang, key: &str) -> Cow<'static, str> {
    look_up(INVITATION_STATUSES, lang, key)
}

pub fn invitation_reason(lang: Lang, key: &str) -> Cow<'static, str> {
    look_up(INVITATION_REASONS, lang, key)
}

pub fn attribute(lang: Lang, key: &str) -> Cow<'static, str> {
    look_up(ATTRIBUTES, lang, key)
}

pub fn callback_status(lang: Lang, key: &str) -> Cow<'static, str> {
    look_up(CALLBACK_STATUSES, lang, key)
}

pub fn callback_source(lang: Lang, key: &str) -> Cow<'static, str> {
    look_up(CALLBACK_SOURCES, lang, key)
}

/// A channel stored by its key (`whatsapp`), in words (`WhatsApp`); an unknown key as written.
pub fn channel(lang: Lang, key: &str) -> Cow<'static, str> {
    match key.parse::<Channel>() {
        Ok(channel) => Cow::Borrowed(lang.texts().channel(&channel)),
        Err(_) => Cow::Owned(key.to_string()),
    }
}

/// Channel keys joined for a sentence: `E-mail, Sms`.
pub fn channels<'a>(lang: Lang, keys: impl IntoIterator<Item = &'a str>) -> String {
    keys.into_iter()
        .map(|key| channel(lang, key))
        .collect::<Vec<_>>()
        .join(", ")
}

pub fn survey_kind(lang: Lang, kind: SurveyKind) -> &'static str {
    match (kind, lang) {
        (SurveyKind::Csat, _) => "CSAT",
        (SurveyKind::Nps, _) => "NPS",
        (SurveyKind::Ces, _) => "CES",
        (SurveyKind::Custom, Lang::Nl) => "Eigen vragen",
        (SurveyKind::Custom, Lang::En) => "Custom questions",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_keys_read_as_words_and_unknown_ones_as_written() {
        assert_eq!(touchpoint(Lang::Nl, "renewal"), "Verlenging");
        assert_eq!(touchpoint(Lang::En, "renewal"), "Renewal");
        assert_eq!(touchpoint(Lang::Nl, "store_visit"), "store visit");
        assert_eq!(trigger(Lang::Nl, "order.delivered"), "Bestelling geleverd");
        assert_eq!(invitation_status(Lang::Nl, "expired"), "Verlopen");
        assert_eq!(attribute(Lang::Nl, "customer_since"), "Klant sinds");
        assert_eq!(channels(Lang::Nl, ["email", "sms"]), "E-mail, SMS");
    }
}
