-- Surveys (SQLite): what to ask when, every invitation with the decision taken on it, the
-- organisation's settings, and each customer's opt-out. Timestamps are RFC 3339 UTC text.

-- A survey: its question, the touchpoint it measures and the trigger that sends it.
-- `trigger_event` names an event kind (`case.resolved`, `order.delivered`, ...); a relationship
-- survey has `schedule_days` instead and goes to each customer every that many days.
CREATE TABLE surveys (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('csat', 'nps', 'ces', 'custom')),
    name TEXT NOT NULL,
    touchpoint TEXT NOT NULL,
    trigger_event TEXT,
    schedule_days INTEGER,
    channels TEXT NOT NULL,
    delay_seconds INTEGER NOT NULL DEFAULT 0,
    conditions TEXT NOT NULL DEFAULT '{}',
    sample_pct INTEGER NOT NULL DEFAULT 100 CHECK (sample_pct BETWEEN 0 AND 100),
    texts TEXT NOT NULL DEFAULT '{}',
    questions TEXT NOT NULL DEFAULT '[]',
    expiry_days INTEGER NOT NULL,
    reminder_after_hours INTEGER,
    follow_up BOOLEAN NOT NULL DEFAULT TRUE,
    active BOOLEAN NOT NULL DEFAULT TRUE,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    CHECK ((trigger_event IS NULL) <> (schedule_days IS NULL))
);

-- One survey for one customer at one trigger, and what became of it. `reason` says why it was
-- (not) sent: sent, fatigue, opted_out, no_channel, sampled_out; `reason_detail` the numbers.
CREATE TABLE survey_invitations (
    id INTEGER PRIMARY KEY,
    survey_id INTEGER NOT NULL REFERENCES surveys (id),
    customer_id INTEGER NOT NULL REFERENCES customers (id),
    case_id INTEGER REFERENCES cases (id),
    agent_id INTEGER REFERENCES agents (id),
    team_id INTEGER REFERENCES teams (id),
    touchpoint TEXT NOT NULL,
    trigger_key TEXT NOT NULL,
    channel TEXT,
    address TEXT,
    language TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('scheduled', 'sent', 'answered', 'suppressed', 'failed')),
    reason TEXT NOT NULL,
    reason_detail TEXT,
    token TEXT NOT NULL UNIQUE,
    send_at TEXT NOT NULL,
    sent_at TEXT,
    remind_at TEXT,
    reminded_at TEXT,
    expires_at TEXT NOT NULL,
    answered_at TEXT,
    attempts INTEGER NOT NULL DEFAULT 0,
    last_error TEXT,
    score INTEGER,
    comment TEXT,
    answers TEXT,
    follow_up_case_id INTEGER REFERENCES cases (id),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (survey_id, trigger_key)
);
CREATE INDEX survey_invitations_customer ON survey_invitations (customer_id, created_at);
CREATE INDEX survey_invitations_case ON survey_invitations (case_id);
CREATE INDEX survey_invitations_due ON survey_invitations (status, send_at, id);

-- An answer to an invitation is a response like an imported one, tied to what it measured.
ALTER TABLE survey_responses ADD COLUMN invitation_id INTEGER REFERENCES survey_invitations (id);
ALTER TABLE survey_responses ADD COLUMN survey_id INTEGER REFERENCES surveys (id);
ALTER TABLE survey_responses ADD COLUMN team_id INTEGER REFERENCES teams (id);
ALTER TABLE survey_responses ADD COLUMN comment TEXT;
CREATE UNIQUE INDEX survey_responses_invitation ON survey_responses (invitation_id) WHERE invitation_id IS NOT NULL;

ALTER TABLE customers ADD COLUMN survey_opt_out BOOLEAN NOT NULL DEFAULT FALSE;

-- Organisation-wide settings as JSON documents (the survey fatigue policy, job positions).
CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
