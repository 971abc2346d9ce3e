-- 006_transfers: transfers of party activity, exemptions, delegations'
-- temporary groups, and the compliance alerts (DOMAIN.md "Party activity
-- while abroad", "Invariants"; domain/transfer.h, domain/compliance.h).
--
-- Invariants the database holds by itself: one open transfer per member
-- (the partial unique index), one open official period per member
-- (001's member_units_one_official), one open alert per finding (the
-- partial unique index on its key). Nothing is deleted: transfers are
-- returned, cancelled or ended; exemptions revoked; alerts resolved.

CREATE TABLE transfers (
    id            INTEGER PRIMARY KEY,
    member_id     INTEGER NOT NULL REFERENCES members (id),
    kind          TEXT NOT NULL CHECK (kind IN ('temporary', 'official', 'single')),
    state         TEXT NOT NULL CHECK (state IN ('issued', 'received', 'returned', 'cancelled', 'ended')),
    from_unit_id  INTEGER NOT NULL REFERENCES units (id),  -- sending: responsible while in transit
    to_unit_id    INTEGER NOT NULL REFERENCES units (id),  -- receiving
    trip_id       INTEGER REFERENCES trips (id),           -- the stay it serves, if any
    back          INTEGER NOT NULL DEFAULT 0 CHECK (back IN (0, 1)), -- home again after a stay abroad
    letter_number TEXT NOT NULL UNIQUE,                    -- the introduction letter's number
    issued_on     TEXT NOT NULL,
    received_on   TEXT,
    returned_on   TEXT,
    cancelled_on  TEXT,
    ended_on      TEXT,
    note          TEXT,
    issued_by     TEXT NOT NULL,
    received_by   TEXT,
    version       INTEGER NOT NULL DEFAULT 1,
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    CHECK (to_unit_id <> from_unit_id),
    CHECK ((state = 'received') <= (received_on IS NOT NULL)),
    CHECK (received_on IS NULL OR received_on >= issued_on),
    CHECK (ended_on IS NULL OR kind = 'temporary')
);
CREATE UNIQUE INDEX transfers_one_open ON transfers (member_id) WHERE state = 'issued';
CREATE INDEX transfers_member ON transfers (member_id, id);
CREATE INDEX transfers_to ON transfers (to_unit_id, state);
CREATE INDEX transfers_from ON transfers (from_unit_id, state);

CREATE TABLE exemptions (
    id                INTEGER PRIMARY KEY,
    member_id         INTEGER NOT NULL REFERENCES members (id),
    kind              TEXT NOT NULL CHECK (kind IN ('temporary', 'full')),
    reason            TEXT NOT NULL CHECK (reason <> ''),
    starts_on         TEXT NOT NULL,
    ends_on           TEXT,
    decided_on        TEXT NOT NULL,
    decision_number   TEXT,
    approving_unit_id INTEGER NOT NULL REFERENCES units (id),
    revoked_on        TEXT,
    version           INTEGER NOT NULL DEFAULT 1,
    created_by        TEXT NOT NULL,
    created_at        TEXT NOT NULL,
    updated_at        TEXT NOT NULL,
    CHECK (kind <> 'temporary' OR ends_on IS NOT NULL),
    CHECK (ends_on IS NULL OR ends_on >= starts_on)
);
CREATE INDEX exemptions_member ON exemptions (member_id, id);

-- A delegation's temporary group or cell (a temporary unit), decided
-- before departure with its leader, dissolved on return.
ALTER TABLE delegations ADD COLUMN group_unit_id INTEGER REFERENCES units (id);
ALTER TABLE delegations ADD COLUMN group_formed_on TEXT;
ALTER TABLE delegations ADD COLUMN group_dissolved_on TEXT;

-- The alerts a scan keeps: opened when a violation appears, resolved when
-- it no longer does, never duplicated (one open alert per key).
CREATE TABLE alerts (
    id           INTEGER PRIMARY KEY,
    key          TEXT NOT NULL,     -- rule:member:trip:transfer:exemption
    rule         TEXT NOT NULL,     -- a compliance rule code (docs/rules.md)
    member_id    INTEGER NOT NULL REFERENCES members (id),
    trip_id      INTEGER REFERENCES trips (id),
    transfer_id  INTEGER REFERENCES transfers (id),
    exemption_id INTEGER REFERENCES exemptions (id),
    party        TEXT NOT NULL CHECK (party IN ('member', 'cell', 'committee')),
    due          TEXT,
    since        TEXT NOT NULL,     -- the first day overdue
    opened_at    TEXT NOT NULL,
    resolved_at  TEXT
);
CREATE UNIQUE INDEX alerts_open_key ON alerts (key) WHERE resolved_at IS NULL;
CREATE INDEX alerts_member ON alerts (member_id, id);
CREATE INDEX alerts_open ON alerts (resolved_at, since);
