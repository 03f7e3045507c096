//! The OpenAPI 3.1 description of `/api/v1` and `/hooks`, served at `/api/openapi.json`.
//!
//! Generated: each handler carries `#[utoipa::path(...)]` (path, summary, parameters, bodies,
//! answers) and `router.rs` registers the API and hook routes only through `routes!`, which reads
//! those attributes, so a route cannot exist undescribed. This file adds what belongs to the whole
//! document: the title, the bearer scheme and the shared schemas the attributes refer to by name.

use std::sync::Arc;

use axum::http::header;
use axum::response::IntoResponse;
use serde_json::{Value, json};
use utoipa::ToSchema;
use utoipa::openapi::OpenApi;

/// The column `GET /api/v1/cases?sort=` orders by.
#[derive(ToSchema)]
#[schema(rename_all = "snake_case")]
#[allow(dead_code)]
pub enum CaseSort {
    Id,
    Subject,
    Customer,
    Status,
    Priority,
    Channel,
    Assignee,
    Updated,
    Created,
}

/// Ascending or descending, with `sort`.
#[derive(ToSchema)]
#[schema(rename_all = "snake_case")]
#[allow(dead_code)]
pub enum SortOrder {
    Asc,
    Desc,
}

/// The metrics `GET /api/v1/metrics/{metric}` answers.
#[derive(ToSchema)]
#[schema(rename_all = "snake_case")]
#[allow(dead_code)]
pub enum MetricName {
    Nps,
    Csat,
    Ces,
    Ttr,
    Frt,
    Volume,
    ReopenRate,
    Fcr,
    Availability,
    ResponseRate,
}

const DESCRIPTION: &str = "Customers, cases and interactions on every channel. Authenticate with \
    `Authorization: Bearer <token>` (create one with `klantbeeld token create` or on the admin page). \
    Roles: admin, supervisor, agent (read and work), analyst (read only). Errors are \
    `{\"error\": code, \"message\": text}`. Lists page with a keyset cursor. The channel webhooks \
    under /hooks authenticate with the inbox's secret or the provider's signature instead.";

/// The whole document: the paths the API and hook routers were built from, under their prefixes,
/// with the info, security scheme and shared schemas.
pub fn document(api: OpenApi, hooks: OpenApi) -> Arc<str> {
    let paths = api.merge_from(hooks);
    let mut document = serde_json::to_value(&paths).unwrap_or_else(|_| json!({}));
    document["openapi"] = json!("3.1.0");
    document["info"] = json!({
        "title": "Klantbeeld API",
        "version": env!("CARGO_PKG_VERSION"),
        "description": DESCRIPTION,
    });
    document["security"] = json!([{"bearer": []}]);
    let components = &mut document["components"];
    if !components.is_object() {
        *components = json!({});
    }
    components["securitySchemes"] = json!({"bearer": {"type": "http", "scheme": "bearer"}});
    let schemas = &mut components["schemas"];
    if !schemas.is_object() {
        *schemas = json!({});
    }
    // Types named as parameters are not collected by `routes!`, only those of bodies.
    let parameter_types = utoipa::openapi::ComponentsBuilder::new()
        .schema_from::<CaseSort>()
        .schema_from::<SortOrder>()
        .schema_from::<MetricName>()
        .build();
    let mut shared = shared_schemas();
    if let (Some(shared), Ok(Value::Object(more))) = (
        shared.as_object_mut(),
        serde_json::to_value(parameter_types.schemas),
    ) {
        shared.extend(more);
    }
    if let (Some(schemas), Value::Object(shared)) = (schemas.as_object_mut(), shared) {
        for (name, schema) in shared {
            schemas.entry(name).or_insert(schema);
        }
    }
    Arc::from(document.to_string())
}

/// `GET /api/openapi.json`: the document, serialised once when the router is built.
pub async fn serve(document: Arc<str>) -> impl IntoResponse {
    (
        [(header::CONTENT_TYPE, "application/json")],
        document.to_string(),
    )
}

/// The schemas the `#[utoipa::path]` attributes refer to with `ref("#/components/schemas/...")`:
/// the resources' shapes, and the pages, lists and bodies made of them.
fn shared_schemas() -> Value {
    let mut all = schemas();
    if let (Some(all), Value::Object(more)) = (all.as_object_mut(), more_schemas()) {
        all.extend(more);
    }
    all
}

fn schemas() -> Value {
    let channel = json!({"type": "string", "enum": ["email", "chat", "sms", "whatsapp", "phone", "web", "social", "review"]});
    let status = json!({"type": "string", "enum": ["new", "open", "pending", "on_hold", "resolved", "closed"]});
    let priority = json!({"type": "string", "enum": ["low", "normal", "high", "urgent"]});
    let time = json!({"type": "string", "format": "date-time"});
    let opt_time = json!({"type": ["string", "null"], "format": "date-time"});
    let attributes = json!({"type": "object", "additionalProperties": {"type": ["string", "number", "boolean"]}});
    json!({
        "SearchAnswer": {"type": "object", "required": ["query", "results", "total"], "properties": {
            "query": {"type": "string", "description": "The query as searched: trimmed, control characters removed"},
            "total": {"type": "integer", "description": "Every visible match"},
            "results": {"type": "array", "items": {"type": "object", "required": ["kind", "id", "title", "snippet", "url"], "properties": {
                "kind": {"type": "string", "enum": ["case", "message", "customer"]},
                "id": {"type": "integer", "description": "The case's, message's or customer's id"},
                "case_id": {"type": ["integer", "null"]},
                "case_number": {"type": ["integer", "null"]},
                "title": {"type": "string", "description": "The case subject, or the customer's name"},
                "snippet": {"type": "string", "description": "Plain text around the match"},
                "highlights": {"type": "array", "items": {"type": "array", "items": {"type": "integer"}, "minItems": 2, "maxItems": 2}, "description": "The matching words in snippet, as [start, end) character offsets"},
                "url": {"type": "string", "description": "The page to open, e.g. /cases/8008"}
            }}}
        }},
        "Error": {"type": "object", "required": ["error", "message"], "properties": {"error": {"type": "string", "description": "Stable code, e.g. case_not_found, invalid_email"}, "message": {"type": "string"}}},
        "Identity": {"type": "object", "properties": {"kind": {"type": "string", "enum": ["email", "phone", "handle", "external"]}, "value": {"type": "string"}, "created_at": time}},
        "Customer": {"type": "object", "properties": {"id": {"type": "integer"}, "name": {"type": "string"}, "language": {"type": ["string", "null"]}, "attributes": attributes, "merged_into": {"type": ["integer", "null"]}, "identities": {"type": "array", "items": reference("Identity")}, "created_at": time, "updated_at": time}},
        "CustomerCreate": {"type": "object", "additionalProperties": false, "properties": {"name": {"type": "string"}, "email": {"type": "string"}, "phone": {"type": "string", "description": "Any common form; Dutch numbers without country code are read as +31"}, "handle": {"type": "string"}, "external_id": {"type": "string"}, "language": {"type": "string", "enum": ["nl", "en"]}, "attributes": attributes}},
        "CustomerUpdate": {"type": "object", "additionalProperties": false, "properties": {"name": {"type": "string"}, "language": {"type": ["string", "null"]}, "attributes": {"type": "object"}, "email": {"type": "string"}, "phone": {"type": "string"}, "handle": {"type": "string"}, "external_id": {"type": "string"}}},
        "Case": {"type": "object", "properties": {"id": {"type": "integer"}, "number": {"type": "integer"}, "customer_id": {"type": "integer"}, "customer_name": {"type": "string"}, "channel": channel, "subject": {"type": "string"}, "status": status, "priority": priority, "assignee_id": {"type": ["integer", "null"]}, "assignee_name": {"type": ["string", "null"]}, "team_id": {"type": ["integer", "null"]}, "team_name": {"type": ["string", "null"]}, "tags": {"type": "array", "items": {"type": "string"}}, "reopen_count": {"type": "integer"}, "created_at": time, "updated_at": time, "first_response_at": opt_time, "resolved_at": opt_time}},
        "CaseDetail": {"allOf": [reference("Case"), {"type": "object", "properties": {"interactions": {"type": "array", "items": reference("Interaction")}}}]},
        "CaseCreate": {"type": "object", "additionalProperties": false, "required": ["customer_id", "channel", "subject"], "properties": {"customer_id": {"type": "integer"}, "channel": channel, "subject": {"type": "string"}, "priority": priority, "assignee_id": {"type": "integer"}, "team_id": {"type": "integer"}, "tags": {"type": "array", "items": {"type": "string"}}, "message": {"type": "string", "description": "The customer's first message"}}},
        "CaseUpdate": {"type": "object", "additionalProperties": false, "properties": {"subject": {"type": "string"}, "status": status, "priority": priority, "assignee_id": {"type": ["integer", "null"]}, "team_id": {"type": ["integer", "null"]}, "tags": {"type": "array", "items": {"type": "string"}}}},
        "MessageCreate": {"type": "object", "additionalProperties": false, "required": ["body"], "properties": {"body": {"type": "string"}, "kind": {"type": "string", "enum": ["reply", "note"], "default": "reply"}, "status": status,
            "channel": {"type": "string", "description": "A reply's channel, one of the case's reply routes; by default the first"}, "address": {"type": "string", "description": "A reply's address on that channel; naming it is the only way to answer an unverified Reply-To"},
            "cc": {"type": "array", "maxItems": 10, "items": {"type": "string", "format": "email"}, "description": "Copies of an email reply, in its Cc header; a line break is refused (400 header_injection)"},
            "bcc": {"type": "array", "maxItems": 10, "items": {"type": "string", "format": "email"}, "description": "Blind copies of an email reply: in the SMTP envelope, in no header"}}},
        "ConversationCreate": {"type": "object", "additionalProperties": false, "required": ["channel", "body"], "properties": {
            "channel": {"type": "string", "enum": ["email", "sms", "whatsapp"]},
            "subject": {"type": "string", "maxLength": 300, "description": "Required for email, one line; for a text the case's subject, by default the body's first line"},
            "body": {"type": "string", "maxLength": 100000}}},
        "Draft": {"type": "object", "properties": {"case_id": {"type": "integer"}, "body": {"type": "string"}, "updated_at": time}},
        "DraftUpdate": {"type": "object", "additionalProperties": false, "required": ["body"], "properties": {"body": {"type": "string", "maxLength": 100000}}},
        "ReplyRoute": {"type": "object", "properties": {"channel": channel, "address": {"type": "string"}, "unverified": {"type": "boolean"}, "default": {"type": "boolean"}}},
        "Interaction": {"type": "object", "properties": {"id": {"type": "integer"}, "case_id": {"type": "integer"}, "case_subject": {"type": "string"}, "customer_id": {"type": "integer"}, "channel": channel, "direction": {"type": "string", "enum": ["inbound", "outbound", "note", "system"]}, "author_agent_id": {"type": ["integer", "null"]}, "author_name": {"type": ["string", "null"]}, "subject": {"type": ["string", "null"]}, "body": {"type": "string"}, "external_id": {"type": ["string", "null"]}, "delivery_status": {"type": ["string", "null"]}, "delivery_error": {"type": ["string", "null"], "description": "Why delivery failed, when it did"}, "occurred_at": time, "created_at": time, "attachments": {"type": "array", "description": "The files that came or went with it (empty when none); each downloads from /api/v1/attachments/{id}", "items": reference("Attachment")}}},
        "Attachment": {"type": "object", "required": ["id", "filename", "content_type", "size"], "properties": {"id": {"type": "integer", "description": "GET /api/v1/attachments/{id} serves the file"}, "filename": {"type": "string"}, "content_type": {"type": "string"}, "size": {"type": "integer", "description": "In bytes"}}},
        "InteractionCreate": {"type": "object", "additionalProperties": false, "required": ["channel", "from", "body"], "properties": {
            "channel": channel,
            "from": {"type": "object", "additionalProperties": false, "description": "At least one of email, phone, handle", "properties": {"email": {"type": "string"}, "phone": {"type": "string"}, "handle": {"type": "string"}, "name": {"type": "string"}}},
            "body": {"type": "string"}, "subject": {"type": "string"}, "external_id": {"type": "string", "description": "The channel's id of the message: makes the call idempotent"}, "occurred_at": time}},
        "MetricAnswer": {"type": "object", "required": ["metric", "rows"], "properties": {"metric": {"type": "string"}, "rows": {"type": "array", "items": {"type": "object", "description": "The group's labels by dimension name (null when missing), the metric's figures, and n", "properties": {"n": {"type": "integer"}}, "additionalProperties": {"type": ["string", "number", "null"]}}}},
            "example": {"metric": "nps", "rows": [{"channel": "email", "month": "2025-03", "nps": 31.4, "n": 1234}]}},
        "Ingested": {"type": "object", "required": ["interaction_id", "case_id", "customer_id"], "properties": {"interaction_id": {"type": "integer"}, "case_id": {"type": "integer"}, "customer_id": {"type": "integer"}}}
    })
}

fn reference(name: &str) -> Value {
    json!({"$ref": format!("#/components/schemas/{name}")})
}

/// Pages, lists and bodies made of the resources, referred to by name from the attributes.
fn more_schemas() -> Value {
    json!({
        "CustomerPage": {
            "properties": {
                "items": {
                    "items": {
                        "$ref": "#/components/schemas/Customer"
                    },
                    "type": "array"
                },
                "next_cursor": {
                    "description": "Pass as ?cursor= for the next page; null on the last page.",
                    "type": [
                        "string",
                        "null"
                    ]
                }
            },
            "required": [
                "items",
                "next_cursor"
            ],
            "type": "object"
        },
        "InteractionPage": {
            "properties": {
                "items": {
                    "items": {
                        "$ref": "#/components/schemas/Interaction"
                    },
                    "type": "array"
                },
                "next_cursor": {
                    "description": "Pass as ?cursor= for the next page; null on the last page.",
                    "type": [
                        "string",
                        "null"
                    ]
                }
            },
            "required": [
                "items",
                "next_cursor"
            ],
            "type": "object"
        },
        "Items": {
            "properties": {
                "items": {
                    "items": {
                        "type": "object"
                    },
                    "type": "array"
                }
            },
            "type": "object"
        },
        "Object": {
            "type": "object"
        },
        "CasePage": {
            "properties": {
                "items": {
                    "items": {
                        "$ref": "#/components/schemas/Case"
                    },
                    "type": "array"
                },
                "next_cursor": {
                    "description": "Pass as ?cursor= for the next page; null on the last page.",
                    "type": [
                        "string",
                        "null"
                    ]
                }
            },
            "required": [
                "items",
                "next_cursor"
            ],
            "type": "object"
        },
        "MessageMultipart": {
            "properties": {
                "files": {
                    "items": {
                        "format": "binary",
                        "type": "string"
                    },
                    "maxItems": 5,
                    "type": "array"
                },
                "message": {
                    "$ref": "#/components/schemas/MessageCreate"
                }
            },
            "required": [
                "message"
            ],
            "type": "object"
        },
        "ReplyRouteList": {
            "items": {
                "$ref": "#/components/schemas/ReplyRoute"
            },
            "type": "array"
        },
        "OrganisationBody": {
            "properties": {
                "language": {
                    "enum": [
                        "nl",
                        "en"
                    ],
                    "type": "string"
                },
                "name": {
                    "type": "string"
                }
            },
            "required": [
                "name",
                "language"
            ],
            "type": "object"
        },
        "InteractionsBulkAnswer": {
            "properties": {
                "duplicates": {
                    "type": "integer"
                },
                "failed": {
                    "type": "integer"
                },
                "items": {
                    "items": {
                        "type": "object"
                    },
                    "type": "array"
                },
                "recorded": {
                    "type": "integer"
                }
            },
            "type": "object"
        }
    })
}
