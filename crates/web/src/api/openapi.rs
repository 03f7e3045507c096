//! The OpenAPI 3.1 description of `/api/v1`, served at `/api/openapi.json`.

use axum::Json;
use serde_json::{Value, json};

fn error_response(description: &str) -> Value {
    json!({"description": description, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}})
}

fn ok(description: &str, schema: Value) -> Value {
    json!({"description": description, "content": {"application/json": {"schema": schema}}})
}

fn reference(name: &str) -> Value {
    json!({"$ref": format!("#/components/schemas/{name}")})
}

fn page_of(name: &str) -> Value {
    json!({"type": "object", "required": ["items", "next_cursor"], "properties": {
        "items": {"type": "array", "items": reference(name)},
        "next_cursor": {"type": ["string", "null"], "description": "Pass as ?cursor= for the next page; null on the last page."}
    }})
}

fn body(schema: &str) -> Value {
    json!({"required": true, "content": {"application/json": {"schema": reference(schema)}}})
}

fn query(name: &str, description: &str) -> Value {
    json!({"name": name, "in": "query", "required": false, "schema": {"type": "string"}, "description": description})
}

fn id_param(name: &str) -> Value {
    json!({"name": name, "in": "path", "required": true, "schema": {"type": "integer", "minimum": 1}})
}

fn paging() -> [Value; 2] {
    [
        query(
            "cursor",
            "Opaque keyset cursor from the previous page's next_cursor.",
        ),
        json!({"name": "limit", "in": "query", "required": false, "schema": {"type": "integer", "minimum": 1, "maximum": 200, "default": 50}}),
    ]
}

fn errors(mut responses: Value, codes: &[(&str, &str)]) -> Value {
    let common = [
        ("401", "No or unknown API token"),
        ("403", "The token's role may not do this"),
    ];
    for (code, text) in common.iter().chain(codes) {
        responses[*code] = error_response(text);
    }
    responses
}

fn core_document() -> Value {
    let [cursor, limit] = paging();
    json!({
        "openapi": "3.1.0",
        "info": {
            "title": "Klantbeeld API",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "Customers, cases and interactions on every channel. Authenticate with `Authorization: Bearer <token>` \
                (create one with `klantbeeld token create` or on the admin page). Roles: admin, supervisor, agent (read and work), \
                analyst (read only). Errors are `{\"error\": code, \"message\": text}`. Lists page with a keyset cursor."
        },
        "security": [{"bearer": []}],
        "paths": {
            "/api/v1/customers": {
                "get": {"summary": "Find customers", "parameters": [query("email", "Exact email (normalised)"), query("phone", "Phone number, any common form"), query("name", "Part of the name"), query("attribute", "key:value of a customer attribute"), cursor.clone(), limit.clone()],
                    "responses": errors(json!({"200": ok("A page of customers", page_of("Customer"))}), &[("400", "Bad filter or cursor")])},
                "post": {"summary": "Create a customer", "requestBody": body("CustomerCreate"),
                    "responses": errors(json!({"201": ok("Created", reference("Customer"))}), &[("400", "Malformed JSON"), ("409", "An identity belongs to another customer"), ("413", "Body too large"), ("422", "Invalid field")])}
            },
            "/api/v1/customers/{id}": {
                "parameters": [id_param("id")],
                "get": {"summary": "Read a customer with identities", "responses": errors(json!({"200": ok("The customer", reference("Customer"))}), &[("404", "No such customer")])},
                "patch": {"summary": "Change name, language, attributes (merged; null removes) or add identities", "requestBody": body("CustomerUpdate"),
                    "responses": errors(json!({"200": ok("The customer", reference("Customer"))}), &[("404", "No such customer"), ("409", "Identity taken"), ("422", "Invalid field")])}
            },
            "/api/v1/customers/{id}/timeline": {
                "parameters": [id_param("id")],
                "get": {"summary": "Every interaction of the customer on every channel, newest first", "parameters": [cursor.clone(), limit.clone()],
                    "responses": errors(json!({"200": ok("A page of interactions", page_of("Interaction"))}), &[("404", "No such customer")])}
            },
            "/api/v1/cases": {
                "get": {"summary": "Find cases, newest first or sorted by a column", "description": "An agent's token (made by an agent in one or more teams) finds the cases of those teams, those without a team and those assigned to the agent. With sort the answer also has total (every matching case) and next_cursor is a position in that order; ties are broken by id in the same direction.",
                    "parameters": [query("status", "Status, or several comma-separated"), query("assignee", "Agent id, or none"), query("team", "Team id"), query("channel", "Channel"), query("customer_id", "Customer id"), query("tag", "Tag"),
                        {"name": "sort", "in": "query", "required": false, "schema": {"type": "string", "enum": ["id", "subject", "customer", "status", "priority", "channel", "assignee", "updated", "created"]}, "description": "Column to sort by; unknown columns are a 400"},
                        {"name": "order", "in": "query", "required": false, "schema": {"type": "string", "enum": ["asc", "desc"]}, "description": "With sort; default desc for id, priority, updated and created, asc otherwise"},
                        cursor, limit],
                    "responses": errors(json!({"200": ok("A page of cases (with total when sorted)", page_of("Case"))}), &[("400", "Bad filter, sort, order or cursor")])},
                "post": {"summary": "Open a case for a customer", "requestBody": body("CaseCreate"),
                    "responses": errors(json!({"201": ok("Created", reference("Case"))}), &[("400", "Malformed JSON"), ("422", "Invalid field or unknown customer, agent or team")])}
            },
            "/api/v1/cases/{id}": {
                "parameters": [id_param("id")],
                "get": {"summary": "Read a case with its thread", "responses": errors(json!({"200": ok("The case and its interactions, oldest first", reference("CaseDetail"))}), &[("404", "No such case")])},
                "patch": {"summary": "Change status, priority, assignee, team, subject or tags", "requestBody": body("CaseUpdate"),
                    "responses": errors(json!({"200": ok("The case", reference("Case"))}), &[("404", "No such case"), ("422", "Invalid change, e.g. reopening a closed case")])}
            },
            "/api/v1/cases/{id}/messages": {
                "parameters": [id_param("id")],
                "post": {"summary": "Reply to the customer or add an internal note. An email reply gets the signatures of the token's agent and the inbox in the customer's language. With files, send multipart/form-data: the JSON in a part named message, each file in a part named files (at most 5, 5 MB each, 10 MB together; PDF, PNG, JPEG, GIF or plain text by their bytes, else 415; too large 413)",
                    "requestBody": {"required": true, "content": {"application/json": {"schema": reference("MessageCreate")}, "multipart/form-data": {"schema": {"type": "object", "required": ["message"], "properties": {"message": reference("MessageCreate"), "files": {"type": "array", "maxItems": 5, "items": {"type": "string", "format": "binary"}}}}}}},
                    "responses": errors(json!({"201": ok("The new interaction", reference("Interaction"))}), &[("400", "A copy address with a line break (header_injection)"), ("404", "No such case"), ("413", "A file over 5 MB or files over 10 MB together (attachment_too_large)"), ("415", "A file that is not PDF, PNG, JPEG, GIF or text (attachment_type_refused)"), ("422", "Invalid field, copies or files on a note or a text, more than 10 copies or 5 files, closed case, or no_reply_route: the customer can't be reached on the chosen channel or any")])}
            },
            "/api/v1/cases/{id}/reply-routes": {
                "parameters": [id_param("id")],
                "get": {"summary": "Where a reply on this case can go, the default first: back the way the customer last wrote, then their other addresses on channels we send on (email; SMS within the allowed countries and WhatsApp when an inbox exists), then unverified Reply-To addresses. Empty when the customer can't be reached.",
                    "responses": errors(json!({"200": ok("The routes", json!({"type": "array", "items": reference("ReplyRoute")}))}), &[("404", "No such case")])}
            },
            "/api/v1/cases/{id}/typing": {
                "parameters": [id_param("id")],
                "post": {"summary": "The agent is typing a reply: a chat customer's open widget shows it for a few seconds. Nothing is stored; a case on another channel is left alone",
                    "responses": errors(json!({"204": {"description": "Signalled"}}), &[("404", "No such case")])}
            },
            "/api/v1/interactions:bulk": {
                "post": {"summary": "Record many contacts from NDJSON, one interaction per line", "description": "Every line is checked first; if any is invalid the answer (422 invalid_lines) lists them by line number in details and nothing is written. Otherwise all lines are written in one transaction, in order; a line whose (channel, external_id) was seen is reported as a duplicate. At most 10,000 lines and 16 MiB.",
                    "requestBody": {"required": true, "content": {"application/x-ndjson": {"schema": {"type": "string"}}}},
                    "responses": errors(json!({"200": ok("One result per line", json!({"type": "object", "properties": {"recorded": {"type": "integer"}, "duplicates": {"type": "integer"}, "failed": {"type": "integer"}, "items": {"type": "array", "items": {"type": "object"}}}}))}), &[("400", "Not UTF-8"), ("413", "Too many lines or bytes"), ("422", "Invalid lines, listed in details"), ("503", "Overloaded; retry after Retry-After seconds")])}
            },
            "/api/v1/search": {
                "get": {"summary": "Find cases, messages and customers", "description": "Exact hits first: #8008 or 8008 is that case, an email address or a phone number in any common format (06 12345678, +31 6 1234 5678) that customer. Then the full-text index: every word must occur, in its Dutch or English form (facturen finds factuur, invoices finds invoice), accents folded (celik finds Çelik); there is no query syntax. Results are what the caller may see: admins and supervisors everything; agents every customer and the cases (with messages) of their teams, without a team or assigned to them (an agent in no team, or a token not made by an agent, sees every case); analysts no messages. Each node keeps its own index, kept current from the event log within about a second; 503 search_loading while it is first built. A bearer token or an agent's session cookie.",
                    "parameters": [{"name": "q", "in": "query", "required": true, "schema": {"type": "string", "maxLength": 200}}, {"name": "limit", "in": "query", "required": false, "schema": {"type": "integer", "minimum": 1, "maximum": 100, "default": 20}}],
                    "responses": errors(json!({"200": ok("What was found, best first", reference("SearchAnswer"))}), &[("400", "No q, a q over 200 characters (query_too_long), or a bad limit"), ("503", "The index is still being built (search_loading)")])}
            },
            "/api/v1/metrics/{metric}": {
                "parameters": [{"name": "metric", "in": "path", "required": true, "schema": {"type": "string", "enum": ["nps", "csat", "ces", "ttr", "frt", "volume", "reopen_rate", "fcr", "availability", "response_rate"]}}],
                "get": {"summary": "A CX metric, grouped and filtered", "description": "Answered from the in-memory fact store, exactly (percentiles are nearest-rank). Figures per metric: nps → nps; csat → csat (% top-2-box) and mean; ces → mean and easy_pct; ttr and frt → mean_hours, median_hours, p90_hours; volume → volume; reopen_rate → reopen_rate; fcr → fcr (cross-channel first-contact resolution, window fcr_days, default 7); availability (from the calls table; group by queue, inbox, time) → offered, answered, abandoned, short_abandoned, abandon_rate, service_level, asa_seconds; response_rate (from survey invitations; group by survey, touchpoint, channel, agent, team, time) → sent, answered, response_rate; every row has n, and survey metrics' rows also `anonymous`: how many of n came through an open link. Groups are sorted by label, a missing label (no agent, no team) last as null. Survey metrics group and filter by channel, touchpoint, segment, agent; case metrics by channel, priority, agent, team; all by one of day, week (ISO, Monday), month, quarter. Send `Accept: text/csv` for CSV with a header row (figures unrounded, decimal point, `,` between fields); add `sep=semicolon` for Dutch spreadsheets: `;` between fields, decimal commas, and a UTF-8 byte order mark. The JSON answer is the same with or without `sep`. Any role may ask.",
                    "parameters": [
                        query("group_by", "Comma-separated dimensions, e.g. channel,month"),
                        query("from", "First day (YYYY-MM-DD, in tz) or instant (RFC 3339), inclusive"),
                        query("to", "Last day (YYYY-MM-DD, in tz; the whole day counts) or instant (RFC 3339, exclusive)"),
                        query("tz", "IANA time zone of days, weeks, months and dates; default Europe/Amsterdam"),
                        query("time", "calendar (default) or business (ttr, frt): only the hours of /api/v1/settings/business-calendar count"),
                        query("fcr_days", "fcr: days after a resolution in which a new case counts against it (1-90, default 7)"),
                        query("target_seconds", "availability: the service-level target (default 20)"),
                        query("sep", "CSV only: comma (default) or semicolon (`;`, decimal comma, UTF-8 byte order mark, for Dutch spreadsheets)"),
                        query("filter.customer.<attribute>", "Only facts of customers whose attribute has this value, e.g. filter.customer.plan=zakelijk"),
                        query("filter.<dimension>", "Keep rows whose dimension has one of these comma-separated values, e.g. filter.channel=email,chat")
                    ],
                    "responses": errors(json!({"200": {"description": "One row per non-empty group", "content": {"application/json": {"schema": reference("MetricAnswer")}, "text/csv": {"schema": {"type": "string"}}}}}), &[("400", "Unknown metric, dimension, parameter or time zone; bad date; a grouping the metric cannot answer; sep other than comma or semicolon"), ("503", "The fact store is still loading; retry after Retry-After seconds")])}
            },
            "/api/v1/interactions": {
                "post": {"summary": "Record a contact on any channel", "description": "Finds or creates the customer by identity, threads into the customer's active case on that channel or opens a new one. Idempotent on (channel, external_id): a repeat answers 200 with the first answer.",
                    "requestBody": body("InteractionCreate"),
                    "responses": errors(json!({"201": ok("Recorded", reference("Ingested")), "200": ok("Already recorded", reference("Ingested"))}), &[("400", "Malformed JSON"), ("413", "Body too large"), ("422", "Invalid field, email or phone")])}
            }
        },
                "components": {
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
            "schemas": schemas()
        }
    })
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

/// The paths of surveys, business events, inboxes, agents, teams and callbacks, added to [`document`].
fn survey_and_channel_paths() -> Value {
    let object = || json!({"type": "object"});
    let items = || json!({"type": "object", "properties": {"items": {"type": "array", "items": {"type": "object"}}}});
    json!({
        "/api/v1/surveys": {
            "get": {"summary": "Every survey", "responses": errors(json!({"200": ok("Surveys", items())}), &[])},
            "post": {"summary": "Define a survey (admin)", "description": "{kind: csat|nps|ces|custom, name, trigger: {event: case.resolved | <business event kind> | schedule, every_days?}, channels: [email|sms|whatsapp|chat], touchpoint?, delay_seconds?, conditions?: {channel, segment, tags, team_id}, sample_pct?, texts?: {question: {nl, en}, follow_up: {nl, en}}, questions?, expiry_days?, reminder_after_hours?, follow_up?, open_link_enabled? (default true: anyone with the open link may answer anonymously)}",
                "requestBody": {"required": true, "content": {"application/json": {"schema": object()}}},
                "responses": errors(json!({"201": ok("Created", object())}), &[("422", "Invalid field")])}
        },
        "/api/v1/surveys/{id}": {
            "get": {"summary": "One survey", "parameters": [id_param("id")], "responses": errors(json!({"200": ok("The survey", object())}), &[("404", "No such survey")])},
            "patch": {"summary": "Switch a survey or its open link on or off (admin): {active?, open_link_enabled?}", "parameters": [id_param("id")], "responses": errors(json!({"200": ok("The survey", object())}), &[("404", "No such survey"), ("422", "Neither field given")])}
        },
        "/api/v1/surveys/{id}/results": {
            "get": {"summary": "Response rate and score figures with n and formulas", "parameters": [id_param("id"), query("group_by", "channel, agent, team or month"), query("from", "RFC 3339"), query("to", "RFC 3339")],
                "responses": errors(json!({"200": ok("Rows and formulas", object())}), &[("400", "Unknown group_by"), ("404", "No such survey")])}
        },
        "/api/v1/survey-invitations": {
            "get": {"summary": "Invitations with status (scheduled, sent, answered, suppressed, failed, expired) and reason (eligible, sent, fatigue, opted_out, no_channel, sampled_out, delivery_failed)",
                "parameters": [query("customer_id", "A customer"), query("case_id", "A case"), query("survey_id", "A survey")],
                "responses": errors(json!({"200": ok("Invitations, newest first", items())}), &[("400", "A parameter is not a number")])}
        },
        "/api/v1/settings/survey-fatigue": {
            "get": {"summary": "The fatigue policy", "responses": errors(json!({"200": ok("{max_invitations, window_days, min_gap_days, kind_min_days}", object())}), &[])},
            "put": {"summary": "Replace the fatigue policy (admin)", "requestBody": {"required": true, "content": {"application/json": {"schema": object()}}}, "responses": errors(json!({"200": ok("Saved", object())}), &[("422", "Out of bounds")])}
        },
        "/api/v1/settings/business-calendar": {
            "get": {"summary": "The business calendar: {time_zone, week: {mon: [\"09:00-17:00\"], ...}, holidays: [YYYY-MM-DD]}", "responses": errors(json!({"200": ok("The calendar", object())}), &[])},
            "put": {"summary": "Replace the business calendar (admin)", "requestBody": {"required": true, "content": {"application/json": {"schema": object()}}}, "responses": errors(json!({"200": ok("Saved", object())}), &[("422", "Unknown time zone, weekday or period")])}
        },
        "/api/v1/settings/organisation": {
            "get": {"summary": "The organisation: {name, language}. The name heads every public page (survey, callback form, chat widget); the language (nl or en) is the one Klantbeeld writes its own stored texts in", "responses": errors(json!({"200": ok("The organisation", object())}), &[])},
            "put": {"summary": "Set the organisation's name (1-80 characters, one line) and language (admin)", "requestBody": {"required": true, "content": {"application/json": {"schema": {"type": "object", "required": ["name", "language"], "properties": {"name": {"type": "string"}, "language": {"type": "string", "enum": ["nl", "en"]}}}}}},
                "responses": errors(json!({"200": ok("Saved", object())}), &[("422", "Empty or too long name, or a language other than nl or en")])}
        },
        "/api/v1/attachments/{id}": {
            "get": {"summary": "Download an attachment (always as a download, sandboxed)", "parameters": [id_param("id")], "responses": errors(json!({"200": {"description": "The file"}}), &[("404", "No such attachment")])}
        },
        "/api/v1/customers/{id}/duplicates": {
            "get": {"summary": "Probable duplicates: same name, an email or phone variant", "parameters": [id_param("id")], "responses": errors(json!({"200": ok("Candidates with what matched", items())}), &[("404", "No such customer")])}
        },
        "/api/v1/customers/{id}/merge": {
            "post": {"summary": "Merge this customer into {into}: identities, cases, interactions, events, surveys, calls and callbacks move", "parameters": [id_param("id")], "responses": errors(json!({"200": ok("The surviving customer", object())}), &[("404", "No such customer"), ("422", "Into itself, or already merged")])}
        },
        "/api/v1/cases/{id}/merge": {
            "post": {"summary": "Merge this case into {into} (same customer): its messages, calls and callbacks move, it closes", "parameters": [id_param("id")], "responses": errors(json!({"200": ok("The case that stays", object())}), &[("404", "No such case"), ("422", "Another customer's case, itself, or already merged")])}
        },
        "/api/v1/cases/{id}/split": {
            "post": {"summary": "Move {interaction_ids} to a new case of the same customer, with subject?", "parameters": [id_param("id")], "responses": errors(json!({"201": ok("The new case", object())}), &[("404", "No such case"), ("422", "No message, every message, or a message of another case")])}
        },
        "/api/v1/cases/bulk": {
            "post": {"summary": "One change to many cases, all or nothing", "description": "{case_ids: [..] (1 to 500), action: assign | status | tag | merge, assignee_id (assign; null unassigns), status (status), tag (tag: added where missing), into (merge; default the oldest of case_ids)}. One transaction: every case is checked first (it must exist and, for an agent's token in teams, be one the agent may see) and changed with the same events as a change of one case; one refusal (an unknown or unseen case, a status change a case does not allow, cases of different customers to merge) changes nothing.",
                "requestBody": {"required": true, "content": {"application/json": {"schema": object()}}},
                "responses": errors(json!({"200": ok("{action, case_ids (without repeats, ascending), into}", object())}), &[("400", "Malformed JSON"), ("404", "A case does not exist or the caller may not see it (case_not_found)"), ("422", "Unknown action, missing field, no cases, too_many_cases (over 500), or a change a case does not allow")])}
        },
        "/api/v1/views": {
            "get": {"summary": "Saved inbox views of the token's agent: their own and their teams'", "responses": errors(json!({"200": ok("[{id, name, team_id, agent_id, filter: {status, assignee, team, channel, tag}, sort, order, href, created_at}]", items())}), &[("422", "A token no agent made (no_agent)")])},
            "post": {"summary": "Save a view: {name, team_id? (share with one of the agent's teams; admins and supervisors any), filter?: {status: active|all|<status>, assignee: me|none|<agent id>, team, channel, tag}, sort?, order?}", "requestBody": {"required": true, "content": {"application/json": {"schema": object()}}},
                "responses": errors(json!({"201": ok("The view with href, its address in the UI", object())}), &[("422", "Empty name, unknown filter value, sort or order, a team not the agent's, or no_agent")])}
        },
        "/api/v1/views/{id}": {
            "delete": {"summary": "Delete a view: its maker, or an admin or supervisor for a team view", "parameters": [id_param("id")], "responses": errors(json!({"204": {"description": "Deleted"}}), &[("404", "No such view the agent sees"), ("422", "no_agent")])}
        },
        "/api/v1/events": {
            "post": {"summary": "A business event: {kind, customer_id | customer: {email | phone | external_id}, occurred_at?, reason? (required for subscription.cancelled), data?}",
                "requestBody": {"required": true, "content": {"application/json": {"schema": object()}}},
                "responses": errors(json!({"201": ok("Recorded with its seq", object())}), &[("404", "No such customer"), ("422", "Reserved or malformed kind, missing reason")])}
        },
        "/api/v1/inboxes": {
            "get": {"summary": "Inboxes (admin)", "responses": errors(json!({"200": ok("Inboxes with secrets redacted", items())}), &[])},
            "post": {"summary": "Create an inbox (admin): {kind: email|chat|sms|whatsapp|phone, name, settings}", "requestBody": {"required": true, "content": {"application/json": {"schema": object()}}}, "responses": errors(json!({"201": ok("The inbox with hook_url or widget snippet; an email or phone inbox without a given webhook_secret gets a random one, shown only here in setup {webhook_secret, hook_url, instructions} with the MTA/PBX configuration", object())}), &[("422", "Invalid settings")])}
        },
        "/api/v1/agents": {
            "get": {"summary": "Agents (admin): id, email, name, role, language, active, team_ids, created_at; never a password hash", "responses": errors(json!({"200": ok("Agents", items())}), &[])},
            "post": {"summary": "Create an agent (admin): {email, name, role, language?, team_ids?, password?}", "requestBody": {"required": true, "content": {"application/json": {"schema": object()}}}, "responses": errors(json!({"201": ok("The agent; without a password also setup_url, a one-time link (24 h) where the agent chooses one", object())}), &[("409", "Email taken"), ("422", "Invalid field, short password, unknown team")])}
        },
        "/api/v1/agents/{id}": {
            "get": {"summary": "One agent (admin)", "parameters": [id_param("id")], "responses": errors(json!({"200": ok("The agent", object())}), &[("404", "No such agent")])},
            "patch": {"summary": "Change an agent (admin): {name?, role?, language?, team_ids?, active?, reset_password?}; deactivating ends its sessions and tokens; reset_password removes the password and answers a new setup_url", "parameters": [id_param("id")], "requestBody": {"required": true, "content": {"application/json": {"schema": object()}}}, "responses": errors(json!({"200": ok("The agent", object())}), &[("404", "No such agent"), ("422", "Invalid field, or last_admin: the last active admin cannot be demoted or deactivated")])}
        },
        "/api/v1/teams": {
            "get": {"summary": "Teams (admin) with member_count", "responses": errors(json!({"200": ok("Teams", items())}), &[])},
            "post": {"summary": "Create a team (admin): {name}", "requestBody": {"required": true, "content": {"application/json": {"schema": object()}}}, "responses": errors(json!({"201": ok("The team", object())}), &[("409", "Name taken"), ("422", "Invalid name")])}
        },
        "/api/v1/teams/{id}": {
            "patch": {"summary": "Rename a team (admin): {name}", "parameters": [id_param("id")], "requestBody": {"required": true, "content": {"application/json": {"schema": object()}}}, "responses": errors(json!({"200": ok("The team", object())}), &[("404", "No such team"), ("409", "Name taken")])}
        },
        "/api/v1/callbacks": {
            "get": {"summary": "The callback queue", "parameters": [query("status", "Comma-separated: requested, scheduled, completed, failed, cancelled")], "responses": errors(json!({"200": ok("Callbacks", items())}), &[])},
            "post": {"summary": "Request a callback: {customer_id | case_id | phone, reason?, preferred_time?}", "requestBody": {"required": true, "content": {"application/json": {"schema": object()}}}, "responses": errors(json!({"201": ok("The callback", object())}), &[("422", "Invalid field")])}
        },
        "/api/v1/callbacks/{id}/attempts": {
            "post": {"summary": "Record a call attempt: {outcome: reached | no_answer | busy | voicemail | wrong_number}; clears the claim", "parameters": [id_param("id")], "requestBody": {"required": true, "content": {"application/json": {"schema": object()}}}, "responses": errors(json!({"200": ok("The callback", object())}), &[("404", "No such callback"), ("409", "Another agent's claim lasts"), ("422", "Unknown outcome, or no longer open")])}
        },
        "/api/v1/callbacks/{id}/claim": {
            "post": {"summary": "The calling agent claims the callback for 30 minutes, so no colleague calls the same customer", "parameters": [id_param("id")], "responses": errors(json!({"200": ok("The callback with claimed_by and claimed_at", object())}), &[("404", "No such callback"), ("409", "Another agent's claim lasts"), ("422", "No longer open, or a token no agent made (no_agent)")])}
        },
        "/api/v1/callbacks/{id}/release": {
            "post": {"summary": "Give the caller's claim back without calling", "parameters": [id_param("id")], "responses": errors(json!({"200": ok("The callback", object())}), &[("404", "No such callback"), ("422", "A token no agent made (no_agent)")])}
        }
    })
}

/// The paths of writing to customers: new conversations and drafts, added to [`document`].
fn writing_paths() -> Value {
    json!({
        "/api/v1/customers/{id}/conversations": {
            "parameters": [id_param("id")],
            "post": {"summary": "Write to a customer first: a new case (pending, assigned to the token's agent) whose outbound first message is queued like a reply; an email gets the agent's and the inbox's signature in the customer's language",
                "requestBody": body("ConversationCreate"),
                "responses": errors(json!({"201": ok("The new case", reference("Case"))}), &[("400", "A subject with a line break (header_injection)"), ("404", "No such customer"), ("422", "Invalid field (an email without subject, another channel, an empty or too long body), or no_address: the customer has no address on that channel")])}
        },
        "/api/v1/cases/{id}/draft": {
            "parameters": [id_param("id")],
            "get": {"summary": "The calling agent's draft reply on the case; nobody else's. A token an agent made, or the agent's session",
                "responses": errors(json!({"200": ok("The draft", reference("Draft"))}), &[("404", "No draft (draft_not_found) or no such case"), ("422", "A token no agent made (no_agent)")])},
            "put": {"summary": "Keep the reply the agent is typing (an empty body removes it); sending a reply on the case clears it. With a session, send the page's CSRF token as X-CSRF-Token",
                "requestBody": body("DraftUpdate"),
                "responses": errors(json!({"200": ok("The draft, or null when removed", reference("Draft"))}), &[("404", "No such case"), ("413", "Longer than 100,000 characters (draft_too_long)"), ("422", "A token no agent made (no_agent)")])}
        }
    })
}

pub fn document() -> Value {
    let mut document = core_document();
    for more in [survey_and_channel_paths(), writing_paths()] {
        if let (Some(paths), Value::Object(more)) = (document["paths"].as_object_mut(), more) {
            paths.extend(more);
        }
    }
    document
}

pub async fn serve() -> Json<Value> {
    Json(document())
}
