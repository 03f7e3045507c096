-- Writing to customers: signatures per agent and per inbox in each UI language (appended to email
-- replies in the customer's language), and the reply an agent is typing on a case, kept while they
-- type and cleared when the reply is sent.
CREATE TABLE agent_signatures (
    agent_id BIGINT NOT NULL REFERENCES agents (id),
    language TEXT NOT NULL CHECK (language IN ('nl', 'en')),
    body TEXT NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (agent_id, language)
);

CREATE TABLE inbox_signatures (
    inbox_id BIGINT NOT NULL REFERENCES inboxes (id),
    language TEXT NOT NULL CHECK (language IN ('nl', 'en')),
    body TEXT NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (inbox_id, language)
);

CREATE TABLE drafts (
    agent_id BIGINT NOT NULL REFERENCES agents (id),
    case_id BIGINT NOT NULL REFERENCES cases (id),
    body TEXT NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (agent_id, case_id)
);
