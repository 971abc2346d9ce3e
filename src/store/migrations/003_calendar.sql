-- 003_calendar: the administrator's overrides of the computed calendar.
--
-- The government announces each year which days around Tết and 2 September
-- are off and which Saturdays are worked instead (DOMAIN.md "Calendar").
-- One row per date replaces the computed calendar for that date
-- (domain/calendar.h, calendar_override). Rows are added and removed by an
-- administrator of the whole installation; the audit trail keeps the
-- history of both.

CREATE TABLE calendar_overrides (
    date       TEXT PRIMARY KEY CHECK (length(date) = 10 AND date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    kind       TEXT NOT NULL CHECK (kind IN ('day_off', 'working_day')),
    name       TEXT,                                  -- NFC; required for a day off
    created_by TEXT NOT NULL,                         -- the actor's label (login or 'operator')
    created_at TEXT NOT NULL,
    CHECK (kind <> 'day_off' OR (name IS NOT NULL AND name <> ''))
);
