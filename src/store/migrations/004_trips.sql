-- 004_trips: trips abroad, their steps, attachments, delegations,
-- disciplinary reviews and the rule sets (DOMAIN.md "Trips", "Deadlines").
--
-- A trip belongs to its member: who may see it follows the member's unit
-- (members.unit_path), so the store's scoped queries join members and put
-- the scope range on members.unit_path. The state machine is domain/trip.h;
-- the CHECKs here only keep impossible rows out. Nothing is deleted but a
-- draft's attachment: trips are withdrawn or cancelled, with their dates.

CREATE TABLE delegations (
    id               INTEGER PRIMARY KEY,
    name             TEXT NOT NULL,                 -- "Đoàn công tác Sở Ngoại vụ Hà Nội tại Nhật Bản"
    unit_id          INTEGER NOT NULL REFERENCES units (id), -- the organizing unit: scope
    leader_member_id INTEGER REFERENCES members (id),
    planned_departure TEXT,
    planned_return   TEXT,
    version          INTEGER NOT NULL DEFAULT 1,
    created_by       TEXT NOT NULL,
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL
);
CREATE INDEX delegations_unit ON delegations (unit_id);

CREATE TABLE trips (
    id                  INTEGER PRIMARY KEY,
    member_id           INTEGER NOT NULL REFERENCES members (id),
    state               TEXT NOT NULL CHECK (state IN ('draft', 'submitted', 'cell_reviewed',
                            'approved', 'refused', 'departed', 'extension_requested', 'returned',
                            'report_submitted', 'report_reviewed', 'closed', 'withdrawn',
                            'cancelled')),
    purpose             TEXT NOT NULL CHECK (purpose IN ('official', 'study', 'labour', 'tourism',
                            'relatives', 'medical', 'private_other')),
    purpose_detail      TEXT,
    planned_departure   TEXT,
    planned_return      TEXT,
    extended_return     TEXT,
    requested_return    TEXT,
    extension_reason    TEXT,
    payer               TEXT CHECK (payer IS NULL OR payer IN ('self', 'agency', 'host', 'other')),
    payer_note          TEXT,
    decision_number     TEXT,
    delegation_id       INTEGER REFERENCES delegations (id),
    actual_departure    TEXT,
    actual_return       TEXT,
    submitted_on        TEXT,
    cell_opinion        TEXT CHECK (cell_opinion IS NULL OR cell_opinion IN ('agree', 'disagree')),
    cell_comment        TEXT,
    decision            TEXT CHECK (decision IS NULL OR decision IN ('approved', 'refused')),
    decision_reasons    TEXT,
    decided_on          TEXT,
    report_text         TEXT,
    report_submitted_on TEXT,
    report_opinion      TEXT CHECK (report_opinion IS NULL OR report_opinion IN ('agree', 'disagree')),
    report_comment      TEXT,
    -- When the trip entered its state: the inboxes list oldest first.
    state_since         TEXT NOT NULL,
    version             INTEGER NOT NULL DEFAULT 1,
    created_by          TEXT NOT NULL,
    created_at          TEXT NOT NULL,
    updated_at          TEXT NOT NULL,
    CHECK (planned_return IS NULL OR planned_departure IS NULL OR planned_return >= planned_departure),
    CHECK (actual_return IS NULL OR (actual_departure IS NOT NULL AND actual_return >= actual_departure)),
    CHECK (decision <> 'refused' OR (decision_reasons IS NOT NULL AND decision_reasons <> ''))
);
CREATE INDEX trips_member ON trips (member_id, planned_departure);
CREATE INDEX trips_state ON trips (state, state_since);
CREATE INDEX trips_delegation ON trips (delegation_id) WHERE delegation_id IS NOT NULL;

-- Destination countries, in the order given.
CREATE TABLE trip_countries (
    trip_id  INTEGER NOT NULL REFERENCES trips (id),
    position INTEGER NOT NULL,
    country  TEXT NOT NULL CHECK (length(country) = 2 AND country GLOB '[A-Z][A-Z]' AND country <> 'VN'),
    PRIMARY KEY (trip_id, position),
    UNIQUE (trip_id, country)
);
CREATE INDEX trip_countries_country ON trip_countries (country);

-- The timeline: one row per step, who and when (the audit trail has the
-- same in its chain; this is the trip's own readable history).
CREATE TABLE trip_events (
    id          INTEGER PRIMARY KEY,
    trip_id     INTEGER NOT NULL REFERENCES trips (id),
    action      TEXT NOT NULL,      -- "create", "edit", or a trip_action name
    from_state  TEXT,
    to_state    TEXT NOT NULL,
    on_date     TEXT NOT NULL,      -- the date the step states (a departure's day) or today
    user_id     INTEGER,            -- NULL for the operator
    actor_label TEXT NOT NULL,
    actor_role  TEXT NOT NULL,
    outcome     TEXT,               -- agree/disagree, approved/refused
    comment     TEXT,
    at          TEXT NOT NULL
);
CREATE INDEX trip_events_trip ON trip_events (trip_id, id);

-- Attachments: checked by content (PDF, JPEG, PNG), kept with their hash.
CREATE TABLE trip_attachments (
    id          INTEGER PRIMARY KEY,
    trip_id     INTEGER NOT NULL REFERENCES trips (id),
    kind        TEXT NOT NULL CHECK (kind IN ('sending_decision', 'relatives_commitment',
                    'invitation', 'self_assessment', 'report', 'other')),
    file_name   TEXT NOT NULL,
    media_type  TEXT NOT NULL CHECK (media_type IN ('application/pdf', 'image/jpeg', 'image/png')),
    size        INTEGER NOT NULL CHECK (size > 0),
    sha256      TEXT NOT NULL CHECK (length(sha256) = 64),
    content     BLOB NOT NULL,
    created_by  TEXT NOT NULL,
    created_at  TEXT NOT NULL
);
CREATE INDEX trip_attachments_trip ON trip_attachments (trip_id, id);

-- Disciplinary reviews: only the dates, recorded by a committee officer.
CREATE TABLE disciplinary_reviews (
    id         INTEGER PRIMARY KEY,
    member_id  INTEGER NOT NULL REFERENCES members (id),
    opened_on  TEXT NOT NULL,
    closed_on  TEXT,
    version    INTEGER NOT NULL DEFAULT 1,
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    CHECK (closed_on IS NULL OR closed_on >= opened_on)
);
-- At most one open review per member.
CREATE UNIQUE INDEX disciplinary_reviews_open ON disciplinary_reviews (member_id) WHERE closed_on IS NULL;

-- Rule sets (domain/rules.h): added, never edited once in force.
CREATE TABLE rule_sets (
    id                        INTEGER PRIMARY KEY,
    unit_id                   INTEGER REFERENCES units (id), -- NULL: the whole installation
    effective_from            TEXT NOT NULL,
    report_days               INTEGER NOT NULL,
    report_in_calendar_days   INTEGER NOT NULL CHECK (report_in_calendar_days IN (0, 1)),
    return_grace_workdays     INTEGER NOT NULL,
    review_blocks_approval    INTEGER NOT NULL CHECK (review_blocks_approval IN (0, 1)),
    group_min_months          INTEGER NOT NULL,
    group_min_members         INTEGER NOT NULL,
    temp_transfer_months      INTEGER NOT NULL,
    official_transfer_months  INTEGER NOT NULL,
    official_transfer_strict  INTEGER NOT NULL CHECK (official_transfer_strict IN (0, 1)),
    transfer_receive_workdays INTEGER NOT NULL,
    probation_reminder_days   INTEGER NOT NULL,
    note                      TEXT,
    created_by                TEXT NOT NULL,
    created_at                TEXT NOT NULL,
    UNIQUE (unit_id, effective_from)
);
