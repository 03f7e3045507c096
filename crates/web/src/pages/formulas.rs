//! How each figure is computed, in the reader's language. The API gives the English formula with
//! every answer; a page says the same in Dutch for a Dutch reader.

use analytics::Metric;

use super::i18n::Lang;
use crate::metric_answers::operational::{AVAILABILITY_FORMULA, RESPONSE_RATE_FORMULA};

/// `(key, Dutch)`: the metric names of [`Metric`], `availability` and `response_rate`.
const DUTCH: &[(&str, &str)] = &[
    (
        "nps",
        "NPS = % promotors (9–10) min % criticasters (0–6) van de beantwoorde 0–10-antwoorden",
    ),
    (
        "csat",
        "CSAT = % van de beantwoorde 1–5-antwoorden met een 4 of 5 (top-2); gemiddelde = gemiddelde score",
    ),
    (
        "ces",
        "CES = gemiddelde van de beantwoorde 1–7-antwoorden; % makkelijk = % dat 5–7 antwoordt",
    ),
    (
        "ttr",
        "Oplostijd = opgelost op min aangemaakt op, van opgeloste zaken; gemiddelde, mediaan en p90 (nearest rank) in uren",
    ),
    (
        "frt",
        "Eerste reactie = eerste antwoord op min aangemaakt op, van beantwoorde zaken; gemiddelde, mediaan en p90 (nearest rank) in uren",
    ),
    ("volume", "Aantal = aantal aangemaakte zaken"),
    (
        "reopen_rate",
        "Heropend = % van de ooit opgeloste zaken dat weer is geopend",
    ),
    (
        "fcr",
        "Opgelost bij eerste contact = % van de ooit opgeloste zaken die niet zijn heropend en waarna de klant binnen de termijn (standaard 7 dagen) op geen enkel kanaal een nieuwe zaak opende",
    ),
    (
        "availability",
        "aangeboden = gesprekken min korte ophangers (< 5 s), plus chats; opgehangen = opgehangen / aangeboden; \
         serviceniveau = binnen de norm aangenomen / (aangenomen + opgehangen); gem. wachttijd = gemiddelde wachttijd van aangenomen gesprekken en chats (chat: tot het eerste antwoord van een medewerker)",
    ),
    (
        "response_rate",
        "respons = beantwoorde uitnodigingen / uitnodigingen die de klant bereikten × 100",
    ),
];

/// The formula of `key` (a metric name, `availability` or `response_rate`) in `lang`; empty for
/// a key without one.
pub fn formula(lang: Lang, key: &str) -> &'static str {
    match lang {
        Lang::Nl => DUTCH
            .iter()
            .find(|(k, _)| *k == key)
            .map_or("", |(_, text)| text),
        Lang::En => match key {
            "availability" => AVAILABILITY_FORMULA,
            "response_rate" => RESPONSE_RATE_FORMULA,
            _ => key.parse::<Metric>().map_or("", Metric::formula),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_figure_has_its_formula_in_both_languages() {
        let keys = Metric::ALL
            .iter()
            .map(|m| m.as_str())
            .chain(["availability", "response_rate"]);
        for key in keys {
            for lang in [Lang::Nl, Lang::En] {
                assert!(!formula(lang, key).is_empty(), "{key} in {lang:?}");
            }
        }
        assert!(formula(Lang::Nl, "csat").contains("top-2"));
    }
}
