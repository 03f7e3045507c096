//! Every route of Klantbeeld, in one place.

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::{HeaderName, HeaderValue, StatusCode, header};
use axum::middleware;
use axum::response::IntoResponse;
use axum::routing::{any, get, post};
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::compression::CompressionLayer;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::TraceLayer;

use crate::error::{ApiError, ErrorCode};
use crate::state::AppState;
use crate::{api, assets, attachments, auth, chat, hooks, metrics, pages, timeout};

pub fn router(state: AppState) -> Router {
    let api = Router::new()
        .route(
            "/customers",
            get(api::customers::list).post(api::customers::create),
        )
        .route(
            "/customers/{id}",
            get(api::customers::get).patch(api::customers::update),
        )
        .route("/customers/{id}/timeline", get(api::customers::timeline))
        .route(
            "/customers/{id}/conversations",
            post(api::conversations::start),
        )
        .route("/customers/{id}/duplicates", get(api::merges::duplicates))
        .route("/customers/{id}/merge", post(api::merges::merge_customer))
        .route("/cases/{id}/merge", post(api::merges::merge_case))
        .route("/cases/{id}/split", post(api::merges::split_case))
        .route("/cases", get(api::cases::list).post(api::cases::create))
        .route("/cases/bulk", post(api::case_bulk::apply))
        .route("/views", get(api::views::list).post(api::views::create))
        .route("/views/{id}", axum::routing::delete(api::views::delete))
        .route(
            "/cases/{id}",
            get(api::cases::get).patch(api::cases::update),
        )
        .route(
            "/cases/{id}/messages",
            post(api::cases::post_message)
                .layer(DefaultBodyLimit::max(crate::uploads::MAX_REQUEST_BYTES)),
        )
        .route("/cases/{id}/reply-routes", get(api::cases::reply_routes))
        .route("/cases/{id}/typing", post(pages::live_case::typing_api))
        .route(
            "/cases/{id}/draft",
            get(api::drafts::get).put(api::drafts::put),
        )
        .route("/metrics/{metric}", get(api::analytics::metric))
        .route("/search", get(api::search::search))
        .route("/agents", get(api::agents::list).post(api::agents::create))
        .route(
            "/agents/{id}",
            get(api::agents::get).patch(api::agents::update),
        )
        .route("/teams", get(api::teams::list).post(api::teams::create))
        .route("/teams/{id}", axum::routing::patch(api::teams::update))
        .route(
            "/inboxes",
            get(api::inboxes::list).post(api::inboxes::create),
        )
        .route(
            "/inboxes/{id}",
            get(api::inboxes::get).patch(api::inboxes::update),
        )
        .route(
            "/callbacks",
            get(api::callbacks::list).post(api::callbacks::create),
        )
        .route("/callbacks/stats", get(api::callbacks::stats))
        .route("/callbacks/{id}", get(api::callbacks::get))
        .route("/callbacks/{id}/attempts", post(api::callbacks::attempt))
        .route("/callbacks/{id}/claim", post(api::callbacks::claim))
        .route("/callbacks/{id}/release", post(api::callbacks::release))
        .route("/attachments/{id}", get(attachments::get))
        .route("/interactions", post(api::interactions::create))
        .route("/events", post(api::events::create))
        .route(
            "/surveys",
            get(api::surveys::list).post(api::surveys::create),
        )
        .route(
            "/surveys/{id}",
            get(api::surveys::get).patch(api::surveys::update),
        )
        .route("/surveys/{id}/results", get(api::surveys::results))
        .route("/survey-invitations", get(api::surveys::invitations))
        .route(
            "/settings/business-calendar",
            get(api::calendar::get).put(api::calendar::put),
        )
        .route(
            "/settings/organisation",
            get(api::organisation::get).put(api::organisation::put),
        )
        .route(
            "/settings/survey-fatigue",
            get(api::surveys::fatigue_policy).put(api::surveys::set_fatigue_policy),
        )
        .route(
            "/interactions:bulk",
            post(api::interactions::bulk)
                .layer(DefaultBodyLimit::max(api::interactions::MAX_BULK_BYTES)),
        )
        .fallback(api_not_found)
        .layer(no_store());

    let pages = Router::new()
        .route("/", get(pages::home))
        .route("/login", get(pages::login::show).post(pages::login::submit))
        .route("/logout", post(pages::login::logout))
        .route("/setup", get(pages::setup::first_run).post(pages::setup::create_first_admin))
        .route("/setup/{token}", get(pages::setup::link).post(pages::setup::set_password))
        .route("/language", post(pages::login::set_language))
        .route("/inbox", get(pages::inbox::show))
        .route("/inbox/live", get(pages::inbox::live::stream))
        .route("/inbox/bulk", post(pages::inbox::bulk::submit))
        .route("/inbox/views", post(pages::inbox::views::save))
        .route("/inbox/views/{id}/delete", post(pages::inbox::views::delete))
        .route("/cases/{id}", get(pages::case::show).post(pages::case::update))
        .route(
            "/cases/{id}/messages",
            post(pages::case_reply::post_message)
                .layer(DefaultBodyLimit::max(crate::uploads::MAX_REQUEST_BYTES)),
        )
        .route("/cases/{id}/live", get(pages::live_case::stream))
        .route("/cases/{id}/typing", post(pages::live_case::typing))
        .route("/attachments/{id}", get(pages::case::attachment))
        .route("/search", get(pages::search::show))
        .route("/customers", get(pages::customer::search))
        .route("/customers/{id}", get(pages::customer::show))
        .route("/customers/{id}/merge", post(pages::customer::merge))
        .route("/customers/{id}/conversations/new", get(pages::conversation::form))
        .route("/customers/{id}/conversations", post(pages::conversation::submit))
        .route("/profile", get(pages::signatures::profile))
        .route("/profile/signature", post(pages::signatures::save_own))
        .route("/cases/{id}/merge", post(pages::case::merge))
        .route("/cases/{id}/split", post(pages::case::split))
        .route("/dashboard", get(pages::dashboard::show))
        .route("/dashboard/drill", get(pages::dashboard::drill))
        .route("/dashboard/export", get(pages::dashboard::export))
        .route("/dashboard/targets", post(pages::dashboard::save_targets))
        .route("/dashboard/live", get(pages::dashboard::stream))
        .route("/callbacks", get(pages::callbacks::list))
        .route("/callbacks/{id}/attempts", post(pages::callbacks::attempt))
        .route("/callbacks/{id}/claim", post(pages::callbacks::claim))
        .route("/callbacks/{id}/release", post(pages::callbacks::release))
        .route("/surveys", get(pages::surveys::list).post(pages::surveys::create))
        .route("/surveys/fatigue", post(pages::surveys::save_policy))
        .route("/surveys/{id}", get(pages::surveys::show))
        .route("/surveys/{id}/active", post(pages::surveys::set_active))
        .route("/surveys/{id}/open-link", post(pages::surveys::set_open_link))
        .route("/admin/agents", get(pages::admin::agents::list).post(pages::admin::agents::create))
        .route("/admin/agents/{id}", get(pages::admin::agents::show).post(pages::admin::agents::update))
        .route("/admin/agents/{id}/active", post(pages::admin::agents::set_active))
        .route("/admin/agents/{id}/reset", post(pages::admin::agents::reset_password))
        .route("/admin/inboxes", get(pages::inboxes::list).post(pages::inboxes::create))
        .route("/admin/inboxes/{id}/active", post(pages::inboxes::set_active))
        .route("/admin/inboxes/{id}/signature", post(pages::signatures::save_inbox))
        .route("/admin/teams", get(pages::admin::teams::list).post(pages::admin::teams::create))
        .route("/admin/organisation", get(pages::admin::organisation::show).post(pages::admin::organisation::save))
        .route("/admin/teams/{id}", post(pages::admin::teams::rename))
        .route("/admin/tokens", get(pages::admin::tokens).post(pages::admin::create_token))
        .route("/admin/tokens/{id}/revoke", post(pages::admin::revoke_token))
        .fallback(pages::errors::unknown_path)
        .layer(middleware::from_fn(auth::csrf::refuse_cross_site))
        // Inside the error pages' layer, so a page's panic or timeout is answered with a page too.
        .layer(CatchPanicLayer::custom(internal_error))
        .layer(middleware::from_fn_with_state(timeout::REQUEST_TIMEOUT, timeout::limit))
        .layer(middleware::from_fn_with_state(state.clone(), pages::errors::html_errors))
        .layer(no_store())
        // Not overriding: an attachment's stricter `sandbox` policy must survive.
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static("default-src 'self'; img-src 'self' data:; frame-ancestors 'none'; form-action 'self'"),
        ))
        .layer(SetResponseHeaderLayer::overriding(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY")));

    // The customer's survey pages: the token in the path is the only credential, no session.
    let survey_pages = Router::new()
        .route(
            "/s/{token}",
            get(pages::survey::show).post(pages::survey::submit),
        )
        .route("/s/open/{survey}", get(pages::survey::open))
        .route(
            "/callback",
            get(pages::callback_form::public_form).post(pages::callback_form::public_request),
        )
        .route(
            "/s/{token}/opt-out",
            get(pages::survey::opt_out_page).post(pages::survey::opt_out),
        )
        .layer(middleware::from_fn_with_state(
            timeout::REQUEST_TIMEOUT,
            timeout::limit,
        ))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            pages::errors::html_errors,
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(
                "default-src 'self'; frame-ancestors 'none'; form-action 'self'",
            ),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::CACHE_CONTROL,
            HeaderValue::from_static("no-store"),
        ));

    let hooks = Router::new()
        .route(
            "/email/{inbox}",
            post(hooks::email::hook).layer(DefaultBodyLimit::max(hooks::email::MAX_MESSAGE_BYTES)),
        )
        .route("/sms/{inbox}", post(hooks::sms::sms))
        .route("/whatsapp/{inbox}", post(hooks::sms::whatsapp))
        .route("/phone/{inbox}", post(hooks::phone::hook));

    let max_body = state.config.max_body_bytes;
    Router::new()
        .nest("/api/v1", api)
        .nest("/hooks", hooks)
        .route("/widget.js", get(chat::script))
        .route("/survey.js", get(pages::survey::snippet))
        .route("/chat/{inbox}/socket", get(chat::connect))
        .route("/api/openapi.json", get(api::openapi::serve))
        .route("/api/{*rest}", any(api_not_found))
        .route("/healthz", get(api::health::healthz))
        .route("/metrics", get(api::health::metrics))
        .route("/assets/{name}", get(assets::serve))
        .merge(pages)
        .merge(survey_pages)
        .layer(middleware::from_fn_with_state(
            state.clone(),
            metrics::track,
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            HeaderName::from_static("referrer-policy"),
            HeaderValue::from_static("same-origin"),
        ))
        .layer(DefaultBodyLimit::max(max_body))
        .layer(CompressionLayer::new())
        .layer(middleware::from_fn_with_state(
            timeout::BACKSTOP_TIMEOUT,
            timeout::limit,
        ))
        .layer(TraceLayer::new_for_http())
        .layer(CatchPanicLayer::custom(internal_error))
        .with_state(state)
}

fn internal_error(_panic: Box<dyn std::any::Any + Send>) -> axum::response::Response {
    ApiError::new(
        StatusCode::INTERNAL_SERVER_ERROR,
        ErrorCode::Internal,
        "an internal error occurred",
    )
    .into_response()
}

/// Answers for a logged-in agent or an API caller are never kept by browsers or proxies; a
/// handler that sets its own caching (an attachment) keeps it.
fn no_store() -> SetResponseHeaderLayer<HeaderValue> {
    SetResponseHeaderLayer::if_not_present(
        header::CACHE_CONTROL,
        HeaderValue::from_static("no-store"),
    )
}

async fn api_not_found() -> ApiError {
    ApiError::not_found(
        ErrorCode::RouteNotFound,
        "no such API endpoint; see /api/openapi.json",
    )
}
