-- Klantbeeld foundation schema (SQLite). Timestamps are RFC 3339 UTC text, written by the application.

CREATE TABLE teams (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL
);

CREATE TABLE agents (
    id INTEGER PRIMARY KEY,
    email TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('admin', 'supervisor', 'agent', 'analyst')),
    password_hash TEXT,
    language TEXT NOT NULL DEFAULT 'nl',
    active BOOLEAN NOT NULL DEFAULT TRUE,
    created_at TEXT NOT NULL
);

CREATE TABLE agent_teams (
    agent_id INTEGER NOT NULL REFERENCES agents (id),
    team_id INTEGER NOT NULL REFERENCES teams (id),
    PRIMARY KEY (agent_id, team_id)
);

CREATE TABLE customers (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    language TEXT,
    attributes TEXT NOT NULL DEFAULT '{}',
    merged_into INTEGER REFERENCES customers (id),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX customers_name ON customers (name COLLATE NOCASE, id);

CREATE TABLE identities (
    id INTEGER PRIMARY KEY,
    customer_id INTEGER NOT NULL REFERENCES customers (id),
    kind TEXT NOT NULL CHECK (kind IN ('email', 'phone', 'handle', 'external')),
    value TEXT NOT NULL,
    created_at TEXT NOT NULL,
    UNIQUE (kind, value)
);
CREATE INDEX identities_customer ON identities (customer_id);

CREATE TABLE cases (
    id INTEGER PRIMARY KEY,
    customer_id INTEGER NOT NULL REFERENCES customers (id),
    channel TEXT NOT NULL,
    subject TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('new', 'open', 'pending', 'on_hold', 'resolved', 'closed')),
    priority TEXT NOT NULL CHECK (priority IN ('low', 'normal', 'high', 'urgent')),
    assignee_id INTEGER REFERENCES agents (id),
    team_id INTEGER REFERENCES teams (id),
    reopen_count INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    first_response_at TEXT,
    resolved_at TEXT
);
CREATE INDEX cases_status ON cases (status, id);
CREATE INDEX cases_assignee ON cases (assignee_id, id);
CREATE INDEX cases_team ON cases (team_id, id);
CREATE INDEX cases_channel ON cases (channel, id);
CREATE INDEX cases_customer ON cases (customer_id, id);

CREATE TABLE case_tags (
    case_id INTEGER NOT NULL REFERENCES cases (id),
    tag TEXT NOT NULL,
    PRIMARY KEY (case_id, tag)
);
CREATE INDEX case_tags_tag ON case_tags (tag, case_id);

CREATE TABLE interactions (
    id INTEGER PRIMARY KEY,
    case_id INTEGER NOT NULL REFERENCES cases (id),
    customer_id INTEGER NOT NULL REFERENCES customers (id),
    channel TEXT NOT NULL,
    direction TEXT NOT NULL CHECK (direction IN ('inbound', 'outbound', 'note', 'system')),
    author_agent_id INTEGER REFERENCES agents (id),
    subject TEXT,
    body TEXT NOT NULL,
    external_id TEXT,
    delivery_status TEXT,
    occurred_at TEXT NOT NULL,
    created_at TEXT NOT NULL,
    UNIQUE (channel, external_id)
);
CREATE INDEX interactions_case ON interactions (case_id, occurred_at, id);
CREATE INDEX interactions_customer ON interactions (customer_id, occurred_at, id);

-- Every change appends here in its own transaction; seq is the order listeners and analytics read in.
CREATE TABLE events (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    kind TEXT NOT NULL,
    occurred_at TEXT NOT NULL,
    customer_id INTEGER,
    case_id INTEGER,
    actor TEXT,
    payload TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX events_case ON events (case_id, seq);
CREATE INDEX events_customer ON events (customer_id, seq);

CREATE TABLE api_tokens (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('admin', 'supervisor', 'agent', 'analyst')),
    lookup TEXT NOT NULL,
    secret_hash TEXT NOT NULL,
    created_at TEXT NOT NULL,
    last_used_at TEXT,
    revoked_at TEXT
);
CREATE INDEX api_tokens_lookup ON api_tokens (lookup);

CREATE TABLE sessions (
    id_hash TEXT PRIMARY KEY,
    agent_id INTEGER NOT NULL REFERENCES agents (id),
    csrf_token TEXT NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
);
CREATE INDEX sessions_agent ON sessions (agent_id);
