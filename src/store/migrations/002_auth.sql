-- 002_auth: accounts, sessions, two-factor codes and the audit trail.
--
-- Secrets are never stored: passwords as argon2id strings, session tokens
-- and recovery codes as SHA-256 hashes, TOTP secrets as they must be (the
-- server needs them to check codes). The audit trail is append-only: each
-- entry carries the hash of the one before it.

CREATE TABLE users (
    id                  INTEGER PRIMARY KEY,
    login               TEXT NOT NULL UNIQUE,             -- lower-case ASCII [a-z0-9._-]
    display_name        TEXT NOT NULL,
    role                TEXT NOT NULL CHECK (role IN ('member', 'secretary', 'officer', 'admin', 'auditor')),
    unit_id             INTEGER REFERENCES units (id),    -- NULL only for an installation administrator
    member_id           INTEGER REFERENCES members (id),  -- required for role member
    password_hash       TEXT NOT NULL,                    -- crypto_pwhash_str (argon2id)
    must_change_password INTEGER NOT NULL DEFAULT 1 CHECK (must_change_password IN (0, 1)),
    password_changed_at TEXT,
    totp_secret         TEXT,                             -- base32; NULL when 2FA is off
    totp_confirmed      INTEGER NOT NULL DEFAULT 0 CHECK (totp_confirmed IN (0, 1)),
    totp_last_step      INTEGER NOT NULL DEFAULT 0,       -- last accepted time step (no replay)
    failed_logins       INTEGER NOT NULL DEFAULT 0,
    last_failed_at      TEXT,
    locked_until        TEXT,
    disabled            INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
    version             INTEGER NOT NULL DEFAULT 1,
    created_at          TEXT NOT NULL,
    updated_at          TEXT NOT NULL,
    CHECK (role <> 'member' OR member_id IS NOT NULL),
    CHECK (unit_id IS NOT NULL OR role = 'admin')
);
CREATE INDEX users_unit ON users (unit_id);
CREATE UNIQUE INDEX users_member ON users (member_id) WHERE member_id IS NOT NULL;

CREATE TABLE recovery_codes (
    id        INTEGER PRIMARY KEY,
    user_id   INTEGER NOT NULL REFERENCES users (id),
    code_hash TEXT NOT NULL,                              -- hex SHA-256 of the code
    used_at   TEXT
);
CREATE INDEX recovery_codes_user ON recovery_codes (user_id);

CREATE TABLE sessions (
    id           INTEGER PRIMARY KEY,
    token_hash   TEXT NOT NULL UNIQUE,                    -- hex SHA-256 of the cookie value
    user_id      INTEGER NOT NULL REFERENCES users (id),
    csrf_token   TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    last_seen_at TEXT NOT NULL,
    expires_at   TEXT NOT NULL,                           -- absolute end
    ended_at     TEXT,                                    -- logout, expiry seen, or revocation
    ip           TEXT NOT NULL DEFAULT '',
    user_agent   TEXT NOT NULL DEFAULT ''
);
CREATE INDEX sessions_user ON sessions (user_id);

-- Two-factor login required per role (administrator's setting).
INSERT INTO settings (key, value) VALUES
    ('totp_required_member', '0'), ('totp_required_secretary', '0'),
    ('totp_required_officer', '0'), ('totp_required_admin', '0'),
    ('totp_required_auditor', '0');

-- The audit trail. hash = SHA-256 over prev_hash and the entry's fields in a
-- fixed canonical form (src/auth/audit.c); verify recomputes the chain.
CREATE TABLE audit_log (
    id          INTEGER PRIMARY KEY,
    at          TEXT NOT NULL,                            -- UTC timestamp
    user_id     INTEGER,                                  -- NULL: the operator (CLI) or nobody (failed login)
    actor       TEXT NOT NULL,                            -- login or "operator" as it was then
    ip          TEXT NOT NULL DEFAULT '',
    action      TEXT NOT NULL,                            -- "member.update", "login.failure", ...
    record_type TEXT NOT NULL DEFAULT '',                 -- "member", "unit", "user", "import", "session"
    record_id   INTEGER,
    scope_path  TEXT NOT NULL DEFAULT '/',                -- unit path of the record (or of the user): scoped reading
    before      TEXT,                                     -- JSON object of the fields before, or NULL
    after       TEXT,                                     -- JSON object of the fields after, or NULL
    prev_hash   TEXT NOT NULL,                            -- hex; 64 zeros for the first entry
    hash        TEXT NOT NULL UNIQUE
);
CREATE INDEX audit_user ON audit_log (user_id, id);
CREATE INDEX audit_record ON audit_log (record_type, record_id, id);
CREATE INDEX audit_action ON audit_log (action, id);
CREATE INDEX audit_at ON audit_log (at);
CREATE INDEX audit_scope ON audit_log (scope_path, id);

-- Append-only through SQL: updates and deletes are refused. (Someone with
-- the file can still edit it; `caunoi audit verify` finds that.)
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_append_only');
END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_append_only');
END;
