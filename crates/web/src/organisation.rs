//! The organisation as customers see it, on public pages and in the chat widget.

use crate::state::AppState;

/// The organisation's name, which every page a customer sees carries; the default name when the
/// setting cannot be read, so a public page still shows.
pub async fn public_name(state: &AppState) -> String {
    match store::organisation::get(&state.db).await {
        Ok(organisation) => organisation.name,
        Err(err) => {
            tracing::warn!(error = %err, "reading the organisation failed");
            store::organisation::Organisation::default().name
        }
    }
}
