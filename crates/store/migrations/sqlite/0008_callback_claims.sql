-- An agent claims a callback before calling, so two agents never call the same customer: the
-- claim names its owner and lapses after a while (see store::channels::callbacks::CLAIM_MINUTES),
-- and an attempt clears it.
ALTER TABLE callbacks ADD COLUMN claimed_by INTEGER REFERENCES agents (id);
ALTER TABLE callbacks ADD COLUMN claimed_at TEXT;
