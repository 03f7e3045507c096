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
use utoipa_axum::router::{OpenApiRouter, UtoipaMethodRouter, UtoipaMethodRouterExt};
use utoipa_axum::routes;

use crate::error::{ApiError, ErrorCode};
use crate::state::AppState;
use crate::{api, assets, auth, chat, email_intake, hooks, metrics, pages, timeout};

pub fn router(state: AppState) -> Router {
    let (api, api_doc) = api_routes().split();
    let api = api.fallback(api_not_found).layer(no_store());

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
        .route("/churn", get(pages::churn::show))
        .route("/churn/customers", get(pages::churn::customers))
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

    let (hooks, hooks_doc) = hook_routes().split();
    let document = api::openapi::document(api_doc, hooks_doc);

    let max_body = state.config.max_body_bytes;
    Router::new()
        .nest(API_PREFIX, api)
        .nest(HOOKS_PREFIX, hooks)
        .route("/widget.js", get(chat::script))
        .route("/survey.js", get(pages::survey::snippet))
        .route("/chat/{inbox}/socket", get(chat::connect))
        .route(
            "/api/openapi.json",
            get(move || api::openapi::serve(document.clone())),
        )
        .route("/api/{*rest}", any(api_not_found))
        .route("/healthz", get(api::health::healthz))
        .route("/metrics", get(api::health::metrics))
        .route("/assets/{name}", get(assets::serve))
        .merge(pages)
        .merge(survey_pages)
        .layer(middleware::from_fn_with_state(
            state.metrics.clone(),
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

/// The JSON API, mounted at [`API_PREFIX`]: every route with its `#[utoipa::path]` description.
fn api_routes() -> Described {
    Described::new(API_PREFIX)
        .routes(routes!(api::customers::list, api::customers::create))
        .routes(routes!(api::customers::get, api::customers::update))
        .routes(routes!(api::customers::timeline))
        .routes(routes!(api::conversations::start))
        .routes(routes!(api::merges::duplicates))
        .routes(routes!(api::merges::merge_customer))
        .routes(routes!(api::merges::merge_case))
        .routes(routes!(api::merges::split_case))
        .routes(routes!(api::cases::list, api::cases::create))
        .routes(routes!(api::case_bulk::apply))
        .routes(routes!(api::views::list, api::views::create))
        .routes(routes!(api::views::delete))
        .routes(routes!(api::cases::get, api::cases::update))
        .routes(
            routes!(api::cases::post_message)
                .layer(DefaultBodyLimit::max(crate::uploads::MAX_REQUEST_BYTES)),
        )
        .routes(routes!(api::cases::reply_routes))
        .routes(routes!(pages::live_case::typing_api))
        .routes(routes!(api::drafts::get, api::drafts::put))
        .routes(routes!(api::churn::churn))
        .routes(routes!(api::churn::churn_customers))
        .routes(routes!(api::churn::drivers))
        .routes(routes!(api::churn::driver_customers))
        .routes(routes!(api::churn::score))
        .routes(routes!(api::churn::at_risk))
        .routes(routes!(api::churn::reasons))
        .routes(routes!(
            api::churn::reason_list,
            api::churn::set_reason_list
        ))
        .routes(routes!(api::analytics::metric))
        .routes(routes!(api::search::search))
        .routes(routes!(api::agents::list, api::agents::create))
        .routes(routes!(api::agents::get, api::agents::update))
        .routes(routes!(api::teams::list, api::teams::create))
        .routes(routes!(api::teams::update))
        .routes(routes!(api::inboxes::list, api::inboxes::create))
        .routes(routes!(api::inboxes::get, api::inboxes::update))
        .routes(routes!(api::callbacks::list, api::callbacks::create))
        .routes(routes!(api::callbacks::stats))
        .routes(routes!(api::callbacks::get))
        .routes(routes!(api::callbacks::attempt))
        .routes(routes!(api::callbacks::claim))
        .routes(routes!(api::callbacks::release))
        .routes(routes!(api::attachments::get))
        .routes(routes!(api::interactions::create))
        .routes(routes!(api::events::create))
        .routes(routes!(
            api::surveys::definition::list,
            api::surveys::definition::create
        ))
        .routes(routes!(
            api::surveys::definition::get,
            api::surveys::definition::update
        ))
        .routes(routes!(api::surveys::results::results))
        .routes(routes!(api::surveys::invitations))
        .routes(routes!(api::calendar::get, api::calendar::put))
        .routes(routes!(api::organisation::get, api::organisation::put))
        .routes(routes!(
            api::surveys::fatigue_policy,
            api::surveys::set_fatigue_policy
        ))
        .routes(
            routes!(api::interactions::bulk)
                .layer(DefaultBodyLimit::max(api::interactions::MAX_BULK_BYTES)),
        )
}

/// The channel webhooks, mounted at [`HOOKS_PREFIX`], described like the API.
fn hook_routes() -> Described {
    Described::new(HOOKS_PREFIX)
        .routes(
            routes!(hooks::email::hook)
                .layer(DefaultBodyLimit::max(email_intake::MAX_MESSAGE_BYTES)),
        )
        .routes(routes!(hooks::sms::sms))
        .routes(routes!(hooks::sms::whatsapp))
        .routes(routes!(hooks::phone::hook))
}

pub const API_PREFIX: &str = "/api/v1";
pub const HOOKS_PREFIX: &str = "/hooks";

/// A router that can only take described routes: it has no `route`, only `routes(routes!(handler,
/// ...))`, which reads each handler's `#[utoipa::path]`. So an API or hook endpoint cannot exist
/// without its entry in `/api/openapi.json`.
struct Described {
    prefix: &'static str,
    router: OpenApiRouter<AppState>,
    registered: Vec<(String, String)>,
}

impl Described {
    fn new(prefix: &'static str) -> Self {
        Described {
            prefix,
            router: OpenApiRouter::new(),
            registered: Vec::new(),
        }
    }

    fn routes(mut self, routes: UtoipaMethodRouter<AppState>) -> Self {
        for (path, item) in &routes.1.paths {
            for method in item_methods(item) {
                self.registered
                    .push((method.to_owned(), format!("{}{path}", self.prefix)));
            }
        }
        self.router = self.router.routes(routes);
        self
    }

    /// The axum router and its description, with paths as mounted (under the prefix).
    fn split(self) -> (Router<AppState>, utoipa::openapi::OpenApi) {
        let (router, description) = self.router.split_for_parts();
        let components = description.components.clone();
        // `nest` takes the paths only; the schemas the handlers' types bring come along here.
        let mut mounted = utoipa::openapi::OpenApi::default().nest(self.prefix, description);
        mounted.components = components;
        (router, mounted)
    }
}

fn item_methods(item: &utoipa::openapi::PathItem) -> impl Iterator<Item = &'static str> {
    [
        ("get", item.get.is_some()),
        ("put", item.put.is_some()),
        ("post", item.post.is_some()),
        ("delete", item.delete.is_some()),
        ("patch", item.patch.is_some()),
    ]
    .into_iter()
    .filter_map(|(method, present)| present.then_some(method))
}

/// Every API and hook route axum was given, as (lowercase method, path as mounted): what the
/// tests hold the served `/api/openapi.json` against.
pub fn described_routes() -> Vec<(String, String)> {
    let mut all = api_routes().registered;
    all.extend(hook_routes().registered);
    all
}
