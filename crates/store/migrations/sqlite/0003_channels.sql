-- Channels (SQLite): inboxes, delivery of replies, attachments, calls and callbacks.
-- Timestamps are RFC 3339 UTC text, written by the application.

-- A configured channel endpoint. `settings` is JSON; secrets in it never leave the API unredacted.
CREATE TABLE inboxes (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('email', 'chat', 'sms', 'whatsapp', 'phone')),
    name TEXT NOT NULL,
    settings TEXT NOT NULL DEFAULT '{}',
    active BOOLEAN NOT NULL DEFAULT TRUE,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

-- Chat visitors are recognised by the token their browser keeps: a new identity kind. SQLite
-- cannot change a CHECK constraint, so the table is rebuilt (nothing references it).
CREATE TABLE identities_next (
    id INTEGER PRIMARY KEY,
    customer_id INTEGER NOT NULL REFERENCES customers (id),
    kind TEXT NOT NULL CHECK (kind IN ('email', 'phone', 'handle', 'external', 'chat')),
    value TEXT NOT NULL,
    created_at TEXT NOT NULL,
    UNIQUE (kind, value)
);
INSERT INTO identities_next (id, customer_id, kind, value, created_at)
    SELECT id, customer_id, kind, value, created_at FROM identities;
DROP TABLE identities;
ALTER TABLE identities_next RENAME TO identities;
CREATE INDEX identities_customer ON identities (customer_id);

ALTER TABLE cases ADD COLUMN inbox_id INTEGER REFERENCES inboxes (id);
ALTER TABLE cases ADD COLUMN merged_into INTEGER REFERENCES cases (id);

-- Where a contact came from and where a reply goes: the inbox and the customer's address on the
-- channel (email address, E.164 number, chat visitor token). `details` holds channel specifics as
-- JSON (call times, review rating and source, email recipients).
ALTER TABLE interactions ADD COLUMN inbox_id INTEGER REFERENCES inboxes (id);
ALTER TABLE interactions ADD COLUMN address TEXT;
ALTER TABLE interactions ADD COLUMN details TEXT;
ALTER TABLE interactions ADD COLUMN delivery_error TEXT;

CREATE TABLE attachments (
    id INTEGER PRIMARY KEY,
    interaction_id INTEGER NOT NULL REFERENCES interactions (id),
    filename TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size_bytes INTEGER NOT NULL,
    data BLOB NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX attachments_interaction ON attachments (interaction_id);

-- Replies waiting to go out. A worker claims due rows, sends, and retries transient failures.
CREATE TABLE outbox (
    id INTEGER PRIMARY KEY,
    interaction_id INTEGER NOT NULL UNIQUE REFERENCES interactions (id),
    status TEXT NOT NULL CHECK (status IN ('pending', 'sent', 'failed')),
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT NOT NULL,
    last_error TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX outbox_due ON outbox (status, next_attempt_at);

-- Where each polled IMAP mailbox was left.
CREATE TABLE mailbox_cursors (
    inbox_id INTEGER PRIMARY KEY REFERENCES inboxes (id),
    uid_validity INTEGER,
    last_uid INTEGER NOT NULL DEFAULT 0,
    polled_at TEXT,
    last_error TEXT
);

-- One phone call as the PBX reported it: the raw facts of availability metrics.
CREATE TABLE calls (
    id INTEGER PRIMARY KEY,
    inbox_id INTEGER NOT NULL REFERENCES inboxes (id),
    call_id TEXT NOT NULL,
    customer_id INTEGER NOT NULL REFERENCES customers (id),
    case_id INTEGER NOT NULL REFERENCES cases (id),
    interaction_id INTEGER NOT NULL REFERENCES interactions (id),
    caller TEXT NOT NULL,
    queue TEXT,
    agent_id INTEGER REFERENCES agents (id),
    state TEXT NOT NULL CHECK (state IN ('queued', 'answered', 'ended', 'abandoned')),
    offered_at TEXT NOT NULL,
    answered_at TEXT,
    ended_at TEXT,
    wait_seconds INTEGER,
    talk_seconds INTEGER,
    UNIQUE (inbox_id, call_id)
);
CREATE INDEX calls_offered ON calls (offered_at);

-- A promise to call a customer back, with its place in the queue and its attempts.
CREATE TABLE callbacks (
    id INTEGER PRIMARY KEY,
    customer_id INTEGER NOT NULL REFERENCES customers (id),
    case_id INTEGER NOT NULL REFERENCES cases (id),
    phone TEXT NOT NULL,
    reason TEXT,
    source TEXT NOT NULL CHECK (source IN ('call', 'chat', 'sms', 'web', 'agent', 'api')),
    status TEXT NOT NULL CHECK (status IN ('requested', 'scheduled', 'completed', 'failed', 'cancelled')),
    preferred_time TEXT,
    promised_by TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    max_attempts INTEGER NOT NULL,
    next_attempt_at TEXT NOT NULL,
    outcome TEXT,
    agent_id INTEGER REFERENCES agents (id),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    completed_at TEXT
);
CREATE INDEX callbacks_queue ON callbacks (status, next_attempt_at, id);
CREATE INDEX callbacks_customer ON callbacks (customer_id);
