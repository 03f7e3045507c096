//! `/api/v1/customers`: create, find, read, change customers; their cross-channel timeline.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use domain::{CustomerId, Email, Handle, IdentityKind, PhoneE164};
use serde::Deserialize;
use serde_json::{Map, Value};
use store::Page;
use store::customers::{Customer, CustomerFilter, CustomerPatch, NewCustomer};
use store::interactions::Interaction;

use super::PageParams;
use crate::auth::scope::scope;
use crate::auth::{Caller, Read, Work};
use crate::error::{ApiError, ApiResult, ErrorCode};
use crate::extract::{ApiJson, ApiPath, ApiQuery, double_option};
use crate::input::{invalid_identity, required_text};
use crate::state::AppState;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CreateCustomer {
    name: Option<String>,
    email: Option<String>,
    phone: Option<String>,
    handle: Option<String>,
    external_id: Option<String>,
    language: Option<String>,
    #[serde(default)]
    attributes: Map<String, Value>,
}

#[utoipa::path(
    post,
    path = "/customers",
    tag = "customers",
    summary = "Create a customer",
    request_body(content = ref("#/components/schemas/CustomerCreate"), content_type = "application/json"),
    responses(
        (status = 201, description = "Created", body = ref("#/components/schemas/Customer")),
        (status = 400, description = "Malformed JSON", body = ref("#/components/schemas/Error")),
        (status = 401, description = "No or unknown API token", body = ref("#/components/schemas/Error")),
        (status = 403, description = "The token's role may not do this", body = ref("#/components/schemas/Error")),
        (status = 409, description = "An identity belongs to another customer", body = ref("#/components/schemas/Error")),
        (status = 413, description = "Body too large", body = ref("#/components/schemas/Error")),
        (status = 422, description = "Invalid field", body = ref("#/components/schemas/Error")),
    ),
)]
pub async fn create(
    caller: Caller<Work>,
    State(state): State<AppState>,
    ApiJson(body): ApiJson<CreateCustomer>,
) -> ApiResult<(StatusCode, Json<Customer>)> {
    let identities = identities(&body.email, &body.phone, &body.handle, &body.external_id)?;
    let name = match &body.name {
        Some(name) => required_text("name", name, 200)?,
        None => identities
            .first()
            .map(|(_, value)| value.split('@').next().unwrap_or(value).to_string())
            .ok_or_else(|| {
                ApiError::unprocessable(
                    ErrorCode::InvalidField,
                    "give a name or at least one identity",
                )
            })?,
    };
    let new = NewCustomer {
        name,
        language: body.language.as_deref().map(language).transpose()?,
        attributes: attributes(body.attributes, false)?,
        identities,
    };
    let customer = store::customers::create(&state.db, new, &caller.actor).await?;
    Ok((StatusCode::CREATED, Json(customer)))
}

#[derive(Debug, Deserialize)]
pub struct ListParams {
    email: Option<String>,
    phone: Option<String>,
    name: Option<String>,
    /// `key:value`, matching a customer attribute.
    attribute: Option<String>,
    #[serde(flatten)]
    page: PageParams,
}

#[utoipa::path(
    get,
    path = "/customers",
    tag = "customers",
    summary = "Find customers",
    params(
        ("email" = Option<String>, Query, description = "Exact email (normalised)"),
        ("phone" = Option<String>, Query, description = "Phone number, any common form"),
        ("name" = Option<String>, Query, description = "Part of the name"),
        ("attribute" = Option<String>, Query, description = "key:value of a customer attribute"),
        ("cursor" = Option<String>, Query, description = "Opaque keyset cursor from the previous page's next_cursor."),
        ("limit" = Option<i64>, Query, minimum = 1, maximum = 200),
    ),
    responses(
        (status = 200, description = "A page of customers", body = ref("#/components/schemas/CustomerPage")),
        (status = 400, description = "Bad filter or cursor", body = ref("#/components/schemas/Error")),
        (status = 401, description = "No or unknown API token", body = ref("#/components/schemas/Error")),
        (status = 403, description = "The token's role may not do this", body = ref("#/components/schemas/Error")),
    ),
)]
pub async fn list(
    _caller: Caller<Read>,
    State(state): State<AppState>,
    ApiQuery(params): ApiQuery<ListParams>,
) -> ApiResult<Json<Page<Customer>>> {
    let attribute = match params.attribute.as_deref() {
        None => None,
        Some(text) => {
            let (key, value) = text
                .split_once(':')
                .filter(|(key, _)| is_attribute_key(key))
                .ok_or_else(|| {
                    ApiError::bad_request(
                        ErrorCode::InvalidQuery,
                        "attribute must be key:value with a key of letters, digits and _",
                    )
                })?;
            Some((key.to_string(), value.to_string()))
        }
    };
    let filter = CustomerFilter {
        email: params
            .email
            .as_deref()
            .map(|e| Email::parse(e).map(|e| e.as_str().to_string()))
            .transpose()
            .map_err(invalid_identity)?,
        phone: params
            .phone
            .as_deref()
            .map(|p| PhoneE164::parse(p).map(|p| p.as_str().to_string()))
            .transpose()
            .map_err(invalid_identity)?,
        name: params
            .name
            .filter(|n| !n.trim().is_empty())
            .map(|n| n.trim().to_string()),
        attribute,
    };
    let page = store::customers::list(
        &state.db,
        &filter,
        params.page.cursor()?,
        params.page.limit()?,
    )
    .await?;
    Ok(Json(page))
}

#[utoipa::path(
    get,
    path = "/customers/{id}",
    tag = "customers",
    summary = "Read a customer with identities",
    params(
        ("id" = i64, Path, minimum = 1),
    ),
    responses(
        (status = 200, description = "The customer", body = ref("#/components/schemas/Customer")),
        (status = 401, description = "No or unknown API token", body = ref("#/components/schemas/Error")),
        (status = 403, description = "The token's role may not do this", body = ref("#/components/schemas/Error")),
        (status = 404, description = "No such customer", body = ref("#/components/schemas/Error")),
    ),
)]
pub async fn get(
    _caller: Caller<Read>,
    State(state): State<AppState>,
    ApiPath(id): ApiPath<CustomerId>,
) -> ApiResult<Json<Customer>> {
    Ok(Json(store::customers::get(&state.db, id.0).await?))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UpdateCustomer {
    name: Option<String>,
    #[serde(default, deserialize_with = "double_option")]
    language: Option<Option<String>>,
    attributes: Option<Map<String, Value>>,
    email: Option<String>,
    phone: Option<String>,
    handle: Option<String>,
    external_id: Option<String>,
}

#[utoipa::path(
    patch,
    path = "/customers/{id}",
    tag = "customers",
    summary = "Change name, language, attributes (merged; null removes) or add identities",
    params(
        ("id" = i64, Path, minimum = 1),
    ),
    request_body(content = ref("#/components/schemas/CustomerUpdate"), content_type = "application/json"),
    responses(
        (status = 200, description = "The customer", body = ref("#/components/schemas/Customer")),
        (status = 401, description = "No or unknown API token", body = ref("#/components/schemas/Error")),
        (status = 403, description = "The token's role may not do this", body = ref("#/components/schemas/Error")),
        (status = 404, description = "No such customer", body = ref("#/components/schemas/Error")),
        (status = 409, description = "Identity taken", body = ref("#/components/schemas/Error")),
        (status = 422, description = "Invalid field", body = ref("#/components/schemas/Error")),
    ),
)]
pub async fn update(
    caller: Caller<Work>,
    State(state): State<AppState>,
    ApiPath(id): ApiPath<CustomerId>,
    ApiJson(body): ApiJson<UpdateCustomer>,
) -> ApiResult<Json<Customer>> {
    let patch = CustomerPatch {
        name: body
            .name
            .as_deref()
            .map(|n| required_text("name", n, 200))
            .transpose()?,
        language: match body.language {
            Some(Some(lang)) => Some(Some(language(&lang)?)),
            Some(None) => Some(None),
            None => None,
        },
        attributes: body.attributes.map(|a| attributes(a, true)).transpose()?,
        add_identities: identities(&body.email, &body.phone, &body.handle, &body.external_id)?,
    };
    Ok(Json(
        store::customers::update(&state.db, id.0, patch, &caller.actor).await?,
    ))
}

/// The customer's contacts on every channel, within the cases the caller may see.
#[utoipa::path(
    get,
    path = "/customers/{id}/timeline",
    tag = "customers",
    summary = "Every interaction of the customer on every channel, newest first, within the cases the caller may see",
    params(
        ("id" = i64, Path, minimum = 1),
        ("cursor" = Option<String>, Query, description = "Opaque keyset cursor from the previous page's next_cursor."),
        ("limit" = Option<i64>, Query, minimum = 1, maximum = 200),
    ),
    responses(
        (status = 200, description = "A page of interactions", body = ref("#/components/schemas/InteractionPage")),
        (status = 401, description = "No or unknown API token", body = ref("#/components/schemas/Error")),
        (status = 403, description = "The token's role may not do this", body = ref("#/components/schemas/Error")),
        (status = 404, description = "No such customer", body = ref("#/components/schemas/Error")),
    ),
)]
pub async fn timeline(
    caller: Caller<Read>,
    State(state): State<AppState>,
    ApiPath(id): ApiPath<CustomerId>,
    ApiQuery(page): ApiQuery<PageParams>,
) -> ApiResult<Json<Page<Interaction>>> {
    store::customers::get(&state.db, id.0).await?;
    let scope = scope(&state, &caller).await?;
    Ok(Json(
        store::interactions::timeline(
            &state.db,
            id.0,
            page.cursor()?,
            page.limit()?,
            scope.as_ref(),
        )
        .await?,
    ))
}

/// Validated, normalised identities from the optional identity fields of a request.
fn identities(
    email: &Option<String>,
    phone: &Option<String>,
    handle: &Option<String>,
    external_id: &Option<String>,
) -> ApiResult<Vec<(IdentityKind, String)>> {
    let mut out = Vec::new();
    if let Some(email) = email {
        out.push((
            IdentityKind::Email,
            Email::parse(email)
                .map_err(invalid_identity)?
                .as_str()
                .to_string(),
        ));
    }
    if let Some(phone) = phone {
        out.push((
            IdentityKind::Phone,
            PhoneE164::parse(phone)
                .map_err(invalid_identity)?
                .as_str()
                .to_string(),
        ));
    }
    if let Some(handle) = handle {
        out.push((
            IdentityKind::Handle,
            Handle::parse(handle)
                .map_err(invalid_identity)?
                .as_str()
                .to_string(),
        ));
    }
    if let Some(external) = external_id {
        out.push((
            IdentityKind::External,
            required_text("external_id", external, 200)?,
        ));
    }
    Ok(out)
}

fn language(value: &str) -> ApiResult<String> {
    match value.trim().to_lowercase().as_str() {
        lang @ ("nl" | "en") => Ok(lang.to_string()),
        _ => Err(ApiError::unprocessable(
            ErrorCode::InvalidField,
            "language must be nl or en",
        )),
    }
}

fn is_attribute_key(key: &str) -> bool {
    !key.is_empty() && key.len() <= 64 && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// Typed attributes: up to 50 keys of letters, digits and `_`; values are strings (≤ 1000
/// characters), numbers or booleans; `null` (in a patch) removes a key.
fn attributes(map: Map<String, Value>, allow_null: bool) -> ApiResult<Map<String, Value>> {
    if map.len() > 50 {
        return Err(ApiError::unprocessable(
            ErrorCode::InvalidAttributes,
            "at most 50 attributes",
        ));
    }
    for (key, value) in &map {
        if !is_attribute_key(key) {
            return Err(ApiError::unprocessable(
                ErrorCode::InvalidAttributes,
                format!("attribute name {key:?} must be letters, digits and _"),
            ));
        }
        let ok = match value {
            Value::String(s) => s.chars().count() <= 1000 && !s.contains('\0'),
            Value::Number(_) | Value::Bool(_) => true,
            Value::Null => allow_null,
            Value::Array(_) | Value::Object(_) => false,
        };
        if !ok {
            return Err(ApiError::unprocessable(
                ErrorCode::InvalidAttributes,
                format!("attribute {key:?} must be a string, number or boolean"),
            ));
        }
    }
    Ok(map)
}
