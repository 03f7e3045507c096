//! The figures the metrics answer (`csat`, `mean`, `median_hours`, `service_level`, ...): what
//! each is called in words, and how it is shown and exported, the same rounding in both.

use super::format::{self, NO_VALUE};
use super::i18n::Lang;

/// How a figure is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A percentage, one decimal, with `%` on a page.
    Percent,
    /// A score or mean, one decimal.
    Score,
    /// Hours, one decimal.
    Hours,
    /// Whole seconds.
    Seconds,
    /// A count.
    Count,
}

impl Kind {
    pub fn of(figure: &str) -> Kind {
        match figure {
            "csat" | "easy_pct" | "fcr" | "reopen_rate" | "response_rate" | "service_level"
            | "abandon_rate" => Kind::Percent,
            "nps" | "mean" => Kind::Score,
            "mean_hours" | "median_hours" | "p90_hours" => Kind::Hours,
            "asa_seconds" => Kind::Seconds,
            _ => Kind::Count,
        }
    }

    pub fn decimals(self) -> usize {
        match self {
            Kind::Percent | Kind::Score | Kind::Hours => 1,
            Kind::Seconds | Kind::Count => 0,
        }
    }
}

/// A figure as a page shows it: `78,7 %`, `3,5`, `12`; a dash without data.
pub fn shown(lang: Lang, figure: &str, value: Option<f64>) -> String {
    let Some(value) = value.filter(|v| v.is_finite()) else {
        return NO_VALUE.to_string();
    };
    match Kind::of(figure) {
        Kind::Percent => format::percent(lang, value),
        kind => format::number(lang, value, kind.decimals()),
    }
}

/// A figure in a CSV cell, rounded as shown but without `%` or thousands separators, so a
/// spreadsheet reads it as a number; empty without data.
pub fn exported(lang: Lang, figure: &str, value: Option<f64>) -> String {
    value.map_or_else(String::new, |value| {
        format::bare_number(lang, value, Kind::of(figure).decimals())
    })
}

/// A change between two values of a figure, with its sign: `+8,7` (points for percentages).
pub fn change(lang: Lang, figure: &str, difference: f64) -> String {
    let text = format::number(lang, difference, Kind::of(figure).decimals());
    if text.starts_with('-') || text.chars().all(|c| !c.is_ascii_digit() || c == '0') {
        text
    } else {
        format!("+{text}")
    }
}

/// Whether a higher value of the figure is better. CES is an agreement with "the company made it
/// easy" (1–7, docs/DESIGN.md), so higher is better there too.
pub fn higher_is_better(figure: &str) -> bool {
    !matches!(
        figure,
        "mean_hours"
            | "median_hours"
            | "p90_hours"
            | "reopen_rate"
            | "abandon_rate"
            | "asa_seconds"
    )
}

/// The figure's name in words.
pub fn word(lang: Lang, figure: &str) -> &'static str {
    let (nl, en) = match figure {
        "csat" => ("CSAT (% tevreden)", "CSAT (% satisfied)"),
        "mean" => ("gemiddelde", "mean"),
        "nps" => ("NPS", "NPS"),
        "ces" => ("CES", "CES"),
        "easy_pct" => ("% makkelijk", "% easy"),
        "mean_hours" => ("gemiddeld (uur)", "mean (hours)"),
        "median_hours" => ("mediaan (uur)", "median (hours)"),
        "p90_hours" => ("90e percentiel (uur)", "90th percentile (hours)"),
        "volume" => ("zaken", "cases"),
        "reopen_rate" => ("heropend (%)", "reopened (%)"),
        "fcr" => (
            "opgelost bij eerste contact (%)",
            "first-contact resolution (%)",
        ),
        "response_rate" => ("respons (%)", "response rate (%)"),
        "sent" => ("verstuurd", "sent"),
        "answered" => ("beantwoord", "answered"),
        "offered" => ("aangeboden", "offered"),
        "abandoned" => ("opgehangen", "abandoned"),
        "service_level" => ("serviceniveau (%)", "service level (%)"),
        "abandon_rate" => ("opgehangen (%)", "abandoned (%)"),
        "asa_seconds" => ("gem. wachttijd (s)", "avg. speed of answer (s)"),
        "anonymous" => ("anoniem", "anonymous"),
        "n" => ("aantal (n)", "count (n)"),
        _ => ("?", "?"),
    };
    match lang {
        Lang::Nl => nl,
        Lang::En => en,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn figures_are_shown_and_exported_with_the_same_rounding() {
        assert_eq!(shown(Lang::Nl, "csat", Some(78.66)), "78,7 %");
        assert_eq!(shown(Lang::En, "csat", Some(78.66)), "78.7%");
        assert_eq!(exported(Lang::Nl, "csat", Some(78.66)), "78,7");
        assert_eq!(exported(Lang::En, "csat", Some(78.66)), "78.7");
        assert_eq!(shown(Lang::En, "mean", Some(11.0 / 3.0)), "3.7");
        assert_eq!(shown(Lang::Nl, "asa_seconds", Some(12.4)), "12");
        assert_eq!(shown(Lang::Nl, "volume", Some(1234.0)), "1.234");
        assert_eq!(exported(Lang::Nl, "volume", Some(1234.0)), "1234");
        assert_eq!(shown(Lang::Nl, "nps", None), "–");
        assert_eq!(exported(Lang::Nl, "nps", None), "");
    }

    #[test]
    fn changes_carry_a_sign_and_directions_follow_the_metric() {
        assert_eq!(change(Lang::Nl, "csat", 8.66), "+8,7");
        assert_eq!(change(Lang::En, "median_hours", -1.25), "-1.2");
        assert_eq!(change(Lang::En, "csat", 0.01), "0.0");
        assert!(higher_is_better("mean"), "CES: 7 is easiest");
        assert!(!higher_is_better("median_hours"));
        assert!(!higher_is_better("abandon_rate"));
        assert_eq!(word(Lang::Nl, "mean"), "gemiddelde");
        assert_eq!(word(Lang::En, "sent"), "sent");
    }
}
