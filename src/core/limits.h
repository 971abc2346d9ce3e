/*
 * limits.h -- every bound caunoi enforces, in one place.
 *
 * Each number says why it is that number. Code names the constant, never the
 * literal. Changing a bound here changes it everywhere: the HTTP layer, the
 * decoders, the validators and the tests all read it from this header.
 */
#ifndef CAUNOI_LIMITS_H
#define CAUNOI_LIMITS_H

/* HTTP */
/* A member record as JSON is under 2 KiB; 64 KiB leaves room for batch
 * requests without letting a client make a worker buffer megabytes. */
#define LIMIT_JSON_BODY (64 * 1024)
/* A CSV import of a large grassroots organization (a few thousand members,
 * ~300 bytes a row) fits well under 16 MiB; national loads use the CLI. */
#define LIMIT_IMPORT_BODY (16 * 1024 * 1024)
/* Per-connection memory pool for libmicrohttpd: request line plus headers
 * must fit in it, so it bounds header size (MHD answers 431 past it). */
#define LIMIT_CONNECTION_MEMORY (32 * 1024)
/* Simultaneous connections: thousands of users, each browser holding a few
 * keep-alive connections; beyond this MHD refuses new ones. */
#define LIMIT_CONNECTIONS 4096
/* Idle connection timeout in seconds: long enough for keep-alive between
 * clicks, short enough that slow-loris clients are dropped. */
#define LIMIT_CONNECTION_TIMEOUT_S 30
/* Worker threads, each with its own SQLite connection. Default when the
 * operator does not set --threads; SQLite serializes writers anyway. */
#define LIMIT_DEFAULT_THREADS 8
#define LIMIT_MAX_THREADS     64
/* Path segments and query parameters a route may have. */
#define LIMIT_PATH_PARAMS  4
#define LIMIT_QUERY_PARAMS 16
/* Longest URL path we route; longer gets 414. */
#define LIMIT_URL_PATH 1024

/* Paging */
#define LIMIT_PAGE_DEFAULT 50
#define LIMIT_PAGE_MAX     500
/* A cursor is an opaque base64url token; bounded so decoding is cheap. */
#define LIMIT_CURSOR 512

/* Fields (in bytes of UTF-8 after NFC; a Vietnamese letter takes up to 3
 * bytes in NFC, so 300 bytes hold any real name of 100 letters). */
#define LIMIT_NAME_BYTES      300
#define LIMIT_NAME_WORDS      10
#define LIMIT_UNIT_NAME_BYTES 600
#define LIMIT_CODE_BYTES      64
#define LIMIT_PHONE_BYTES     32
#define LIMIT_EMAIL_BYTES     254 /* RFC 5321 path limit */
#define LIMIT_SEARCH_BYTES    300
#define LIMIT_SEARCH_WORDS    8

/* Import */
/* Rows in one import file; a grassroots organization abroad has at most a
 * few thousand members, a province a few hundred thousand (CLI). */
#define LIMIT_IMPORT_ROWS 1000000
/* Errors reported for one import: enough to fix a file, bounded so a file
 * of garbage does not produce a gigabyte of report. */
#define LIMIT_IMPORT_ERRORS 1000
/* The largest CSV file `caunoi import` reads into memory: LIMIT_IMPORT_ROWS
 * rows of ~300 bytes with room to spare. Through HTTP the body cap
 * LIMIT_IMPORT_BODY applies instead. */
#define LIMIT_IMPORT_FILE (512L * 1024 * 1024)
/* One CSV field; a name or address never comes near it. */
#define LIMIT_CSV_FIELD   4096
#define LIMIT_CSV_COLUMNS 64

/* Tree */
/* Depth of the organization tree: central, province, grassroots, partial
 * grassroots, cell, group, with room to spare. Bounds path length. */
#define LIMIT_TREE_DEPTH 16

/* The longest session cookie value caunoi reads: a token is 43 characters;
 * anything longer is not one of ours. (The Cookie header itself is bounded
 * by LIMIT_CONNECTION_MEMORY.) */
#define LIMIT_COOKIE_VALUE 256
/* The User-Agent a session records, to help a person recognize their
 * sessions; longer ones are cut at a character boundary. */
#define LIMIT_USER_AGENT 256
/* A TLS certificate or key file: PEM text is a few KiB; a chain of ten
 * certificates stays far below this. */
#define LIMIT_PEM_FILE (1024 * 1024)

/* Sessions and sign-in */
/* Idle timeout: a secretary who leaves the office for lunch signs in again. */
#define LIMIT_SESSION_IDLE_S (30 * 60)
/* Absolute lifetime: one working day, whatever the activity. */
#define LIMIT_SESSION_ABSOLUTE_S (12 * 3600)
/* Failed sign-ins before the account locks, and for how long. Before the
 * lock, each failure doubles the wait before the next attempt from 1 s. */
#define LIMIT_LOGIN_FAILURES 10
#define LIMIT_LOCK_MINUTES   15
/* A session's last-seen time is written at most this often, so reading
 * pages does not take the write lock; the idle timeout is exact to within
 * this many seconds. */
#define LIMIT_SESSION_TOUCH_S 15
/* The first wait after a failed sign-in, in milliseconds (the setting
 * login_backoff_ms overrides it). */
#define LIMIT_LOGIN_BACKOFF_MS 1000
/* A login is 3 to 32 of [a-z0-9._-]: short enough to type on a phone. */
#define LIMIT_LOGIN_MIN_CHARS 3
#define LIMIT_LOGIN_MAX_CHARS 32
/* Sessions one user may hold at once; the oldest ends past this. */
#define LIMIT_SESSIONS_PER_USER 10
/* Audit list page and export bounds. */
#define LIMIT_AUDIT_VALUE_BYTES 8192

/* Calendar */
/* The longest period caunoi counts, in working or calendar days: ten years.
 * No rule counts further; it bounds the day-by-day loops on untrusted input. */
#define CALENDAR_PERIOD_MAX 3660
/* The longest name of a day-off override, in bytes of NFC UTF-8: an
 * announcement's title ("Nghỉ Tết Nguyên đán theo Thông báo 6150/TB-LĐTBXH")
 * fits many times over. */
#define LIMIT_CALENDAR_NAME_BYTES 300

/* Trips */
/* Destination countries of one trip. */
#define LIMIT_TRIP_COUNTRIES 10
/* Free text of a trip (purpose detail, payer note, comments, reasons), in
 * bytes of NFC UTF-8: a paragraph or two. */
#define LIMIT_TRIP_TEXT_BYTES 4000
/* The post-trip report's text: a few pages. */
#define LIMIT_TRIP_REPORT_BYTES 32000
/* A trip's sending-body decision number and a delegation's name. */
#define LIMIT_TRIP_NUMBER_BYTES 100
/* The longest a trip may be planned to last: ten years (long postings
 * abroad are trips too). Bounds the dates a person may enter. */
#define LIMIT_TRIP_DAYS 3660
/* Attachments: one file's size (a scanned signed page fits many times),
 * how many one trip holds, and the file name kept with it. */
#define LIMIT_ATTACHMENT_BYTES      (8 * 1024 * 1024)
#define LIMIT_ATTACHMENTS_PER_TRIP  20
#define LIMIT_ATTACHMENT_NAME_BYTES 200
/* Members of one delegation. */
#define LIMIT_DELEGATION_MEMBERS 200

/* Rule sets (domain/rules.h, rule_set_check): wide enough for any unit's
 * practice, narrow enough to catch a slip of the keyboard (70 for 7). */
#define RULE_REPORT_DAYS_MAX      60
#define RULE_GRACE_WORKDAYS_MAX   30
#define RULE_MONTHS_MAX           120
#define RULE_GROUP_MEMBERS_MIN    2
#define RULE_GROUP_MEMBERS_MAX    50
#define RULE_RECEIVE_WORKDAYS_MAX 120
#define RULE_REMINDER_DAYS_MAX    365

/* Compliance: the dashboard's "exemptions expiring" end within this many
 * days from today (DOMAIN.md gives no figure; 30 matches the reminder of a
 * probation ending abroad). */
#define DASHBOARD_EXPIRING_DAYS 30

/* Spreadsheets (report/xlsx.c): a column's width in characters -- narrower
 * than 6 hides a short header's filter button, wider than 60 makes a page
 * unreadable (longer text is cut on screen, not in the cell); and the rows
 * of one sheet a spreadsheet program opens: 1,048,576 less the title and
 * the header. */
#define XLSX_WIDTH_MIN 6
#define XLSX_WIDTH_MAX 60
#define XLSX_ROWS_MAX  (1048576 - 2)

/* Statistics: the longest period accepted, in years (a period ends before
 * its start plus this many years): twenty years of records with room, and a
 * bound on the rows of a by-year list. */
#define STATS_PERIOD_MAX_YEARS 25

/* Documents: the most bars a chart by country shows in the review report
 * (the table under it lists every country): twelve rows fit a third of a
 * page. */
#define DOCUMENT_CHART_BARS 12

/* The handbook (service/handbook.c):
 * - A page's Markdown: 48 KiB, so that the page, JSON-escaped, fits in a
 *   request body of LIMIT_JSON_BODY (64 KiB) with its title; the longest
 *   demo page is under 6 KiB.
 * - A title: one line, as long as a unit's name may be.
 * - A slug: the address segment; short enough to type.
 * - Pages: the list is answered whole (not paged), so it is bounded.
 * - Positions: any order an administrator wants, in steps of 10. */
#define HANDBOOK_BODY_MAX_BYTES  (48 * 1024)
#define HANDBOOK_TITLE_MAX_BYTES 300
#define HANDBOOK_SLUG_MAX_BYTES  64
#define HANDBOOK_PAGES_MAX       200
#define HANDBOOK_POSITION_MAX    100000

/* SQLite busy timeout: writers queue behind each other for this long before
 * a request fails with 503. */
#define LIMIT_BUSY_TIMEOUT_MS 10000

#endif
