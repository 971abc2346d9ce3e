-- 001_init: the organization tree and the member registry.
--
-- Dates are ISO 'YYYY-MM-DD' TEXT, timestamps ISO 'YYYY-MM-DDTHH:MM:SSZ'
-- (UTC) TEXT, so the schema ports to PostgreSQL unchanged. Nothing the
-- history needs is deleted: units dissolve, members leave; both keep dates.

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
-- The party card number pattern (DOMAIN.md: 8 digits for cards since 2003;
-- the chip cards of 2025 may differ, so it is a setting). POSIX ERE.
INSERT INTO settings (key, value) VALUES ('card_pattern', '^[0-9]{8}$');

-- The overseas cell types: a list an administrator keeps (DOMAIN.md).
CREATE TABLE overseas_cell_types (
    code    TEXT PRIMARY KEY,
    name_vi TEXT NOT NULL,
    name_en TEXT NOT NULL,
    active  INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1))
);
INSERT INTO overseas_cell_types (code, name_vi, name_en) VALUES
    ('mission',   'Cơ quan đại diện',     'Representative agency staff'),
    ('students',  'Lưu học sinh',         'Students'),
    ('workers',   'Người lao động',       'Workers'),
    ('business',  'Doanh nhân',           'Business people'),
    ('residents', 'Người định cư lâu dài', 'Long-term residents'),
    ('mixed',     'Hỗn hợp',              'Mixed');

CREATE TABLE units (
    id           INTEGER PRIMARY KEY,
    parent_id    INTEGER REFERENCES units (id),
    kind         TEXT NOT NULL CHECK (kind IN ('committee', 'grassroots', 'cell', 'group')),
    code         TEXT NOT NULL UNIQUE,
    name         TEXT NOT NULL,
    -- Materialized path of ids, '/1/7/42/': a subtree is a prefix range.
    path         TEXT NOT NULL UNIQUE,
    depth        INTEGER NOT NULL CHECK (depth >= 0),
    country      TEXT CHECK (country IS NULL OR (length(country) = 2 AND country GLOB '[A-Z][A-Z]' AND country <> 'VN')),
    cell_type    TEXT REFERENCES overseas_cell_types (code),
    temporary    INTEGER NOT NULL DEFAULT 0 CHECK (temporary IN (0, 1)),
    founded_on   TEXT,
    dissolved_on TEXT,
    version      INTEGER NOT NULL DEFAULT 1,
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    CHECK ((parent_id IS NULL) = (depth = 0)),
    CHECK (cell_type IS NULL OR country IS NOT NULL),
    CHECK (dissolved_on IS NULL OR founded_on IS NULL OR dissolved_on >= founded_on)
);
CREATE INDEX units_parent ON units (parent_id, name);

-- What happened to a unit, so renames, moves and dissolutions keep history.
CREATE TABLE unit_events (
    id        INTEGER PRIMARY KEY,
    unit_id   INTEGER NOT NULL REFERENCES units (id),
    kind      TEXT NOT NULL CHECK (kind IN ('created', 'renamed', 'moved', 'dissolved', 'updated')),
    on_date   TEXT NOT NULL,
    old_value TEXT,
    new_value TEXT,
    at        TEXT NOT NULL
);
CREATE INDEX unit_events_unit ON unit_events (unit_id, id);

CREATE TABLE members (
    id            INTEGER PRIMARY KEY,
    full_name     TEXT NOT NULL,           -- NFC, single spaces
    family_name   TEXT NOT NULL,           -- first word
    middle_name   TEXT NOT NULL DEFAULT '',-- words between, may be empty
    given_name    TEXT NOT NULL,           -- last word
    name_lower    TEXT NOT NULL,           -- NFC lowercase: ranks diacritic-exact matches first
    name_folded   TEXT NOT NULL,           -- 'dang van an': search index text
    sort_key      BLOB NOT NULL,           -- ICU 'vi' keys: given, family, middle, birth, id
    sex           TEXT NOT NULL CHECK (sex IN ('M', 'F')),
    birth_date    TEXT NOT NULL,
    cccd          TEXT UNIQUE CHECK (cccd IS NULL OR (length(cccd) = 12 AND cccd NOT GLOB '*[^0-9]*')),
    born_abroad   INTEGER NOT NULL DEFAULT 0 CHECK (born_abroad IN (0, 1)),
    cmnd          TEXT,                    -- the old 9-digit ID, never in cccd
    card_number   TEXT UNIQUE,
    record_number TEXT,
    admitted_on   TEXT NOT NULL,
    official_on   TEXT,
    status        TEXT NOT NULL CHECK (status IN ('probationary', 'official', 'left', 'deceased')),
    status_date   TEXT NOT NULL,
    unit_id       INTEGER NOT NULL REFERENCES units (id),
    unit_path     TEXT NOT NULL,           -- copy of units.path, kept by moves
    phone         TEXT,
    email         TEXT,
    warnings      TEXT NOT NULL DEFAULT '',-- space-separated warning codes
    version       INTEGER NOT NULL DEFAULT 1,
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    CHECK (admitted_on > birth_date),
    CHECK (official_on IS NULL OR official_on > admitted_on),
    CHECK ((status = 'probationary') = (official_on IS NULL) OR status IN ('left', 'deceased'))
);
CREATE INDEX members_sort ON members (sort_key);
CREATE INDEX members_scope ON members (unit_path, sort_key);
CREATE INDEX members_unit ON members (unit_id);

-- The periods of a member's units. Exactly one open official period per
-- member at every moment (the partial unique index), temporary ones beside.
CREATE TABLE member_units (
    id         INTEGER PRIMARY KEY,
    member_id  INTEGER NOT NULL REFERENCES members (id),
    unit_id    INTEGER NOT NULL REFERENCES units (id),
    kind       TEXT NOT NULL CHECK (kind IN ('official', 'temporary')),
    start_date TEXT NOT NULL,
    end_date   TEXT,
    CHECK (end_date IS NULL OR end_date >= start_date)
);
CREATE UNIQUE INDEX member_units_one_official ON member_units (member_id) WHERE kind = 'official' AND end_date IS NULL;
CREATE INDEX member_units_member ON member_units (member_id, start_date);
CREATE INDEX member_units_unit ON member_units (unit_id);

-- A unit that has or had members is never deleted.
CREATE TRIGGER units_keep_history BEFORE DELETE ON units
WHEN EXISTS (SELECT 1 FROM member_units WHERE unit_id = old.id)
  OR EXISTS (SELECT 1 FROM units WHERE parent_id = old.id)
BEGIN
    SELECT RAISE(ABORT, 'unit_has_history');
END;

-- Members are never deleted either: they leave or die, with a date.
CREATE TRIGGER members_keep_history BEFORE DELETE ON members
BEGIN
    SELECT RAISE(ABORT, 'member_has_history');
END;

-- The search index over folded names (external content: the text lives in
-- members.name_folded; triggers keep the index in step).
CREATE VIRTUAL TABLE members_fts USING fts5 (
    name_folded,
    content = 'members',
    content_rowid = 'id',
    prefix = '1 2 3',
    tokenize = 'unicode61 remove_diacritics 0'
);
CREATE TRIGGER members_fts_ai AFTER INSERT ON members BEGIN
    INSERT INTO members_fts (rowid, name_folded) VALUES (new.id, new.name_folded);
END;
CREATE TRIGGER members_fts_au AFTER UPDATE OF name_folded ON members BEGIN
    INSERT INTO members_fts (members_fts, rowid, name_folded) VALUES ('delete', old.id, old.name_folded);
    INSERT INTO members_fts (rowid, name_folded) VALUES (new.id, new.name_folded);
END;

-- Imports, so a person can see what a file did.
CREATE TABLE imports (
    id         INTEGER PRIMARY KEY,
    file_name  TEXT NOT NULL,
    rows_total INTEGER NOT NULL,
    created    INTEGER NOT NULL,
    updated    INTEGER NOT NULL,
    unchanged  INTEGER NOT NULL,
    at         TEXT NOT NULL
);
