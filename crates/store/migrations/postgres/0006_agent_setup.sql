-- First login and agent administration.

-- One-time links where an agent chooses a password: only the token's SHA-256 is kept, and a link
-- expires. A new link for an agent replaces the old one.
CREATE TABLE agent_setup_links (
    token_hash TEXT PRIMARY KEY,
    agent_id BIGINT NOT NULL REFERENCES agents (id),
    created_at TIMESTAMPTZ NOT NULL,
    expires_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX agent_setup_links_agent ON agent_setup_links (agent_id);

-- The first-run setup page creates at most one admin: its transaction inserts the only row this
-- table can hold, so a second, parallel setup fails on the primary key.
CREATE TABLE first_run (
    id BIGINT PRIMARY KEY CHECK (id = 1),
    created_at TIMESTAMPTZ NOT NULL
);

-- The agent who created an API token in the admin UI: the token stops working while that agent
-- is deactivated. Tokens made on the command line belong to nobody.
ALTER TABLE api_tokens ADD COLUMN agent_id BIGINT REFERENCES agents (id);
