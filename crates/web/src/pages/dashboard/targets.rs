//! Targets per dashboard tile, set by an admin on the dashboard (`POST /dashboard/targets`) and
//! kept in `store::settings`; a tile with a target says whether the period met it.

use std::collections::BTreeMap;

use axum::Form;
use axum::extract::State;
use axum::response::{IntoResponse, Response};

use super::tiles::SPECS;
use crate::auth::Administer;
use crate::auth::session::Session;
use crate::error::{ApiError, ApiResult};
use crate::pages::figures::{self, Kind};
use crate::pages::see_other;
use crate::state::AppState;

const KEY: &str = "dashboard_targets";

/// Tile key (`csat`, `ttr`, ...) to its target, in the figure's unit.
pub type Targets = BTreeMap<String, f64>;

pub async fn load(state: &AppState) -> ApiResult<Targets> {
    Ok(store::settings::get(&state.db, KEY)
        .await?
        .unwrap_or_default())
}

/// The values a target of this figure may take.
fn allowed(figure: &str) -> (f64, f64) {
    match (figure, Kind::of(figure)) {
        ("nps", _) => (-100.0, 100.0),
        ("mean", _) => (1.0, 7.0),
        (_, Kind::Percent) => (0.0, 100.0),
        (_, Kind::Seconds) => (0.0, 3600.0),
        _ => (0.0, 10_000.0),
    }
}

/// A target as typed: empty for none, `78,5` or `78.5`.
fn parse(figure: &str, text: &str) -> Result<Option<f64>, ()> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    let value: f64 = text.replace(',', ".").parse().map_err(|_| ())?;
    let (low, high) = allowed(figure);
    if value.is_finite() && (low..=high).contains(&value) {
        Ok(Some(value))
    } else {
        Err(())
    }
}

/// The form: `csrf`, then one field per tile key.
pub async fn save(
    State(state): State<AppState>,
    session: Session<Administer>,
    Form(form): Form<BTreeMap<String, String>>,
) -> Response {
    let csrf = form.get("csrf").map(String::as_str).unwrap_or_default();
    if let Err(refused) = session.check_csrf(csrf) {
        return refused.into_response();
    }
    let back = form
        .get("back")
        .map(|path| crate::pages::local_path(path))
        .filter(|path| path.starts_with("/dashboard"))
        .unwrap_or_else(|| "/dashboard".into());
    let mut targets = Targets::new();
    for spec in SPECS {
        let text = form.get(spec.key).map(String::as_str).unwrap_or_default();
        match parse(spec.figure, text) {
            Ok(Some(value)) => {
                targets.insert(spec.key.to_string(), value);
            }
            Ok(None) => {}
            Err(()) => return see_other(&back, "invalid_input"),
        }
    }
    match store::settings::put(&state.db, KEY, &targets).await {
        Ok(()) => see_other(&back, "targets_saved"),
        Err(err) => ApiError::from(err).into_response(),
    }
}

/// A target as the form shows it again: in the figure's rounding, in the reader's language.
pub fn shown_in_form(lang: crate::pages::i18n::Lang, figure: &str, target: Option<f64>) -> String {
    figures::exported(lang, figure, target)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_are_parsed_in_either_decimal_mark_and_within_the_scale() {
        assert_eq!(parse("csat", " 78,5 "), Ok(Some(78.5)));
        assert_eq!(parse("csat", "78.5"), Ok(Some(78.5)));
        assert_eq!(parse("csat", ""), Ok(None));
        assert_eq!(parse("csat", "120"), Err(()));
        assert_eq!(parse("nps", "-20"), Ok(Some(-20.0)));
        assert_eq!(parse("mean", "8"), Err(()), "CES is 1–7");
        assert_eq!(parse("median_hours", "NaN"), Err(()));
        assert_eq!(parse("median_hours", "veel"), Err(()));
    }
}
