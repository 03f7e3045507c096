-- A customer's relationships: one row from each start to its end, a new one when a customer
-- who left comes back. The end carries a coded reason from `churn_reasons` and, optionally, the
-- customer's own words.
CREATE TABLE relationships (
    id INTEGER PRIMARY KEY,
    customer_id INTEGER NOT NULL REFERENCES customers (id),
    started_at TEXT NOT NULL,
    ended_at TEXT,
    end_reason TEXT,
    end_note TEXT,
    updated_at TEXT NOT NULL,
    CHECK (ended_at IS NULL OR ended_at >= started_at)
);
CREATE INDEX relationships_customer ON relationships (customer_id, started_at);
-- At most one relationship of a customer is open.
CREATE UNIQUE INDEX relationships_open ON relationships (customer_id) WHERE ended_at IS NULL;

CREATE TABLE churn_reasons (
    code TEXT PRIMARY KEY,
    label_nl TEXT NOT NULL,
    label_en TEXT NOT NULL,
    position INTEGER NOT NULL
);
INSERT INTO churn_reasons (code, label_nl, label_en, position) VALUES
    ('price', 'Prijs', 'Price', 1),
    ('service', 'Service', 'Service', 2),
    ('product', 'Product voldoet niet', 'Product did not fit', 3),
    ('competitor', 'Naar een concurrent', 'Went to a competitor', 4),
    ('moved', 'Verhuisd', 'Moved', 5),
    ('no_longer_needed', 'Niet meer nodig', 'No longer needed', 6),
    ('other', 'Anders', 'Other', 7);
