-- Security (SQLite): identities claimed in the chat, each inbox's texts per hour, and callbacks
-- found by number (to limit requests per number).

-- An email address or phone number a chat visitor says is theirs. Nothing is
-- linked on a visitor's word: a one-time code goes to the address, and only its right answer
-- links the identity. `visitor` is the chat token; the claim follows it through merges.
CREATE TABLE identity_claims (
    id INTEGER PRIMARY KEY,
    visitor TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('email', 'phone')),
    value TEXT NOT NULL,
    -- Where it was given: `chat` (the email frame) or `callback` (a number to call back on).
    source TEXT NOT NULL,
    name TEXT,
    -- SHA-256 of the claim id and the code; NULL when no code was sent (a callback number).
    code_hash TEXT,
    -- The code until the sender has mailed it (seconds), then NULL: it is never kept.
    code_to_send TEXT,
    language TEXT NOT NULL DEFAULT 'nl',
    attempts INTEGER NOT NULL DEFAULT 0,
    expires_at TEXT,
    verified_at TEXT,
    -- What the proof did: `linked` (to the visitor), `joined` (the visitor joined the owner),
    -- `same_person` (both have history: a merge for an agent to decide).
    outcome TEXT,
    owner_id INTEGER REFERENCES customers (id),
    created_at TEXT NOT NULL
);
CREATE INDEX identity_claims_visitor ON identity_claims (visitor, id);
CREATE INDEX identity_claims_value ON identity_claims (kind, value, created_at);

-- Texts sent per inbox per hour, shared by every node: past the cap an inbox sends nothing more
-- that hour (SMS pumping runs up a bill one text at a time).
CREATE TABLE send_budget (
    inbox_id INTEGER NOT NULL REFERENCES inboxes (id),
    hour TEXT NOT NULL,
    sent INTEGER NOT NULL,
    PRIMARY KEY (inbox_id, hour)
);

CREATE INDEX callbacks_phone ON callbacks (phone, created_at);

-- Whether a survey takes anonymous answers through its open link (a QR code, a website button).
-- On for surveys that had one; an admin switches it off.
ALTER TABLE surveys ADD COLUMN open_link BOOLEAN NOT NULL DEFAULT TRUE;
