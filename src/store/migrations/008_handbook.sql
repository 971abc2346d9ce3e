-- 008_handbook: the members' handbook (issue 6), pages an administrator of
-- the whole installation writes in Markdown and every signed-in person
-- reads: what to do before, during and after a trip abroad, which forms to
-- bring, the deadlines.
--
-- A page is found by its slug (lowercase ASCII letters, digits and inner
-- hyphens, the address the interface links to) and listed by position.
-- Every save of a page (its creation and each change of title or body)
-- adds a row to page_revisions, so any earlier text can be read again;
-- nothing is deleted: a page no longer wanted is archived, and the
-- triggers below refuse deletes and rewrites of the history. The body is
-- kept as Markdown (NFC); service/handbook_render.c renders it to HTML on
-- each read, so a better sanitizer reaches every old page too.

CREATE TABLE handbook_pages (
    id         INTEGER PRIMARY KEY,
    slug       TEXT NOT NULL UNIQUE CHECK (length(slug) BETWEEN 1 AND 64
                   AND slug NOT GLOB '*[^a-z0-9-]*' AND slug NOT GLOB '-*'
                   AND slug NOT GLOB '*-' AND slug NOT GLOB '*--*'),
    title      TEXT NOT NULL CHECK (title <> ''),
    body       TEXT NOT NULL,                     -- Markdown, NFC
    position   INTEGER NOT NULL CHECK (position >= 0),
    archived   INTEGER NOT NULL DEFAULT 0 CHECK (archived IN (0, 1)),
    version    INTEGER NOT NULL DEFAULT 1,
    created_by TEXT NOT NULL,                     -- the actor's label (login or 'operator')
    created_at TEXT NOT NULL,
    updated_by TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
-- The list: the pages in force in reading order.
CREATE INDEX handbook_pages_order ON handbook_pages (archived, position, slug);

-- One row per save: the page's version that save produced, with the title
-- and body it saved. Archiving changes neither, so it adds no row (the
-- audit trail has it).
CREATE TABLE page_revisions (
    id         INTEGER PRIMARY KEY,
    page_id    INTEGER NOT NULL REFERENCES handbook_pages (id),
    version    INTEGER NOT NULL CHECK (version >= 1),
    title      TEXT NOT NULL,
    body       TEXT NOT NULL,
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL,
    UNIQUE (page_id, version)
);

CREATE TRIGGER handbook_pages_keep BEFORE DELETE ON handbook_pages
BEGIN
    SELECT RAISE(ABORT, 'handbook_archive_instead');
END;
CREATE TRIGGER page_revisions_no_update BEFORE UPDATE ON page_revisions
BEGIN
    SELECT RAISE(ABORT, 'page_revisions_append_only');
END;
CREATE TRIGGER page_revisions_no_delete BEFORE DELETE ON page_revisions
BEGIN
    SELECT RAISE(ABORT, 'page_revisions_append_only');
END;
