-- Survey answers and the external ids imports need (SQLite). Timestamps are RFC 3339 UTC text.

-- The id an agent or case has in the system it was imported from; an import finds them by it.
ALTER TABLE agents ADD COLUMN external_id TEXT;
CREATE UNIQUE INDEX agents_external_id ON agents (external_id) WHERE external_id IS NOT NULL;
ALTER TABLE cases ADD COLUMN external_id TEXT;
CREATE UNIQUE INDEX cases_external_id ON cases (external_id) WHERE external_id IS NOT NULL;

-- One answered NPS (0-10), CSAT (1-5) or CES (1-7) question. No index on customer_id: each index
-- costs every one of millions of imported rows, and nothing reads responses per customer yet.
CREATE TABLE survey_responses (
    id INTEGER PRIMARY KEY,
    external_id TEXT,
    customer_id INTEGER NOT NULL REFERENCES customers (id),
    kind TEXT NOT NULL CHECK (kind IN ('nps', 'csat', 'ces')),
    score INTEGER NOT NULL CHECK (
        (kind = 'nps' AND score BETWEEN 0 AND 10)
        OR (kind = 'csat' AND score BETWEEN 1 AND 5)
        OR (kind = 'ces' AND score BETWEEN 1 AND 7)
    ),
    channel TEXT,
    touchpoint TEXT,
    segment TEXT,
    agent_id INTEGER REFERENCES agents (id),
    case_id INTEGER REFERENCES cases (id),
    created_at TEXT NOT NULL
);
CREATE UNIQUE INDEX survey_responses_external_id ON survey_responses (external_id) WHERE external_id IS NOT NULL;
