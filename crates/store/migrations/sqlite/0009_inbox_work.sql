-- Working the inbox. An agent has read a case up to the newest message it had when they last
-- opened it: a case with an inbound message after that is unread for them.
CREATE TABLE case_reads (
    agent_id INTEGER NOT NULL REFERENCES agents (id),
    case_id INTEGER NOT NULL REFERENCES cases (id),
    seen_interaction_id INTEGER NOT NULL,
    read_at TEXT NOT NULL,
    PRIMARY KEY (agent_id, case_id)
);

-- A saved inbox view: filters and sort under a name, the agent's own or shared with a team.
CREATE TABLE saved_views (
    id INTEGER PRIMARY KEY,
    agent_id INTEGER NOT NULL REFERENCES agents (id),
    team_id INTEGER REFERENCES teams (id),
    name TEXT NOT NULL,
    definition TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX saved_views_agent ON saved_views (agent_id);
CREATE INDEX saved_views_team ON saved_views (team_id);
