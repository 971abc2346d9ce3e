/*
 * import.c -- members from a CSV file, all or nothing (docs/api.md,
 * "Imports").
 *
 * The file is checked as a whole first: UTF-8 everywhere (else refused,
 * naming the line), a header whose columns are known (Vietnamese or
 * English, any order, matched after folding) and complete. Then, inside one
 * write transaction, every row is checked -- normalized by domain/member.c,
 * its unit found within scope, its CCCD and card unique in the file and
 * among other members -- and every problem is collected with its line and
 * column (rows numbered as a spreadsheet shows them: the header is row 1).
 * Only when no row failed are the rows written, in a second pass
 * over the same bytes, each one created or updated (by CCCD, else by card,
 * else for old records without either by name and birth date) or left
 * alone when nothing changed. Each created or updated record appends its
 * own audit entry (the member use cases do), and the file one more,
 * import.commit, in the same transaction; a dry run or a refused file
 * appends nothing. This file must never write a row before every row has
 * been checked.
 */
#include "service/audit.h"
#include "service/svc_internal.h"

#include <stdio.h>
#include <string.h>

#include "core/limits.h"
#include "text/csv.h"

const svc_column svc_columns[SVC_COL_COUNT] = {
    {"Họ và tên", "Full name", "full_name", true},
    {"Giới tính", "Sex", "sex", true},
    {"Ngày sinh", "Date of birth", "birth_date", true},
    {"Số CCCD", "Citizen ID", "cccd", false},
    {"Sinh ở nước ngoài", "Born abroad", "born_abroad", false},
    {"Số CMND", "Old ID", "cmnd", false},
    {"Số thẻ đảng viên", "Party card number", "card_number", false},
    {"Số lý lịch", "Record number", "record_number", false},
    {"Ngày vào Đảng", "Admission date", "admitted_on", true},
    {"Ngày chính thức", "Official date", "official_on", false},
    {"Mã chi bộ", "Unit code", "unit_code", true},
    {"Điện thoại", "Phone", "phone", false},
    {"Thư điện tử", "E-mail", "email", false},
};

/* A set of keys (CCCD, card numbers) seen in the file, with their line. */
typedef struct seen_set {
    const char **keys;
    long *lines;
    size_t cap, len;
} seen_set;

typedef struct import_ctx {
    svc *s;
    arena ia; /* the import's own memory: header, sets */
    member_rules rules;
    int col_of[LIMIT_CSV_COLUMNS];     /* file column -> svc_col, -1 ignored */
    const char *header[SVC_COL_COUNT]; /* as written in the file, NULL if absent */
    size_t ncols;
    seen_set cccds, cards;
    import_report *rep;
    bool any_bad; /* a row failed (even if its error could not be kept) */
    status worst; /* ST_NOMEM, ST_INTERNAL... when one happened */
} import_ctx;

/* ---- small conversions ---- */

/* Letters and digits of the folded text, spaces dropped: "E-mail" and
 * "Email" both give "email". NULL on allocation failure. */
static char *compact_fold(arena *a, const char *s)
{
    char *f = text_fold(a, s);
    if (!f)
        return NULL;
    char *w = f;
    for (const char *p = f; *p; p++)
        if (*p != ' ')
            *w++ = *p;
    *w = '\0';
    return f;
}

static int column_for(arena *a, const char *header)
{
    char *h = compact_fold(a, header);
    if (!h)
        return -2;
    for (int c = 0; c < SVC_COL_COUNT; c++) {
        char *vi = compact_fold(a, svc_columns[c].vi);
        char *en = compact_fold(a, svc_columns[c].en);
        if (!vi || !en)
            return -2;
        if (strcmp(h, vi) == 0 || strcmp(h, en) == 0)
            return c;
    }
    return -1;
}

/* DD/MM/YYYY (day and month of one or two digits) to ISO; anything else is
 * passed on for the domain to judge. */
static const char *iso_date(arena *a, const char *v)
{
    int d, m, y, n = 0;
    if (sscanf(v, "%2d/%2d/%4d%n", &d, &m, &y, &n) == 3 && v[n] == '\0' && y >= 1000) {
        char *out = arena_printf(a, "%04d-%02d-%02d", y, m, d);
        return out ? out : v;
    }
    return v;
}

static const char *sex_code(arena *a, const char *v)
{
    char *f = compact_fold(a, v);
    if (f && (strcmp(f, "nam") == 0 || strcmp(f, "m") == 0 || strcmp(f, "male") == 0))
        return "M";
    if (f && (strcmp(f, "nu") == 0 || strcmp(f, "f") == 0 || strcmp(f, "female") == 0))
        return "F";
    return v;
}

/* Có/Không, yes/no, 1/0: 1, 0; -1 for empty; -2 for anything else. */
static int yes_no(arena *a, const char *v)
{
    char *f = compact_fold(a, v);
    if (!f || !f[0])
        return f ? -1 : -2;
    if (strcmp(f, "co") == 0 || strcmp(f, "yes") == 0 || strcmp(f, "1") == 0 || strcmp(f, "x") == 0)
        return 1;
    if (strcmp(f, "khong") == 0 || strcmp(f, "no") == 0 || strcmp(f, "0") == 0)
        return 0;
    return -2;
}

/* ---- the set of keys seen ---- */

static size_t hash_str(const char *s)
{
    size_t h = 1469598103934665603u;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211u;
    return h;
}

/* Insert key; when it was already there, *earlier is its line (else 0).
 * false on allocation failure. */
static bool seen_add(arena *a, seen_set *set, const char *key, long line, long *earlier)
{
    *earlier = 0;
    if (set->len * 2 >= set->cap) {
        size_t ncap = set->cap ? set->cap * 2 : 256;
        const char **keys = arena_alloc_array(a, ncap, sizeof *keys);
        long *lines = arena_alloc_array(a, ncap, sizeof *lines);
        if (!keys || !lines)
            return false;
        for (size_t i = 0; i < set->cap; i++) {
            if (!set->keys[i])
                continue;
            size_t j = hash_str(set->keys[i]) & (ncap - 1);
            while (keys[j])
                j = (j + 1) & (ncap - 1);
            keys[j] = set->keys[i];
            lines[j] = set->lines[i];
        }
        set->keys = keys;
        set->lines = lines;
        set->cap = ncap;
    }
    size_t j = hash_str(key) & (set->cap - 1);
    while (set->keys[j]) {
        if (strcmp(set->keys[j], key) == 0) {
            *earlier = set->lines[j];
            return true;
        }
        j = (j + 1) & (set->cap - 1);
    }
    if (!(set->keys[j] = arena_strdup(a, key)))
        return false;
    set->lines[j] = line;
    set->len++;
    return true;
}

/* ---- errors ---- */

/* Record an error of the row at `line`: the field becomes the column
 * header as the file wrote it, and a bad date says both forms a file may
 * use ("import_date_invalid"). */
static void row_error(import_ctx *c, long line, const error *src)
{
    error e = *src;
    e.row = line;
    if (e.code && strcmp(e.code, "date_invalid") == 0)
        e.code = "import_date_invalid"; /* a file may also write DD/MM/YYYY */
    for (int k = 0; k < SVC_COL_COUNT; k++)
        if (c->header[k] && strcmp(src->field, svc_columns[k].field) == 0) {
            str_copy_utf8(e.field, sizeof e.field, c->header[k]);
            break;
        }
    if (e.st == ST_NOMEM || e.st == ST_INTERNAL || e.st == ST_UNAVAILABLE)
        c->worst = e.st;
    c->any_bad = true;
    if (errlist_add(&c->rep->errors, &e) != ST_OK)
        c->worst = ST_NOMEM;
}

static void row_code(import_ctx *c, long line, status st, const char *code, const char *field,
                     const char *arg)
{
    error e;
    err_set(&e, st, code, field, arg);
    row_error(c, line, &e);
}

static status file_error(import_report *rep, long line, const char *code, const char *field,
                         const char *arg)
{
    error e;
    err_set(&e, ST_BAD_REQUEST, code, field, arg);
    e.row = line;
    errlist_add(&rep->errors, &e);
    return ST_BAD_REQUEST;
}

/* ---- the file as a whole ---- */

/* The whole buffer must be UTF-8; a newline byte never occurs inside a
 * multi-byte character, so checking line by line finds the first bad line. */
static long first_bad_line(const char *data, size_t len)
{
    if (text_utf8_valid(data, len))
        return 0;
    long line = 1;
    size_t start = 0;
    for (size_t i = 0; i <= len; i++) {
        if (i == len || data[i] == '\n') {
            if (!text_utf8_valid(data + start, i - start))
                return line;
            line++;
            start = i + 1;
        }
    }
    return line;
}

static status read_header(import_ctx *c, csv_reader *r)
{
    char **fields;
    size_t n;
    error e;
    status st = csv_next(r, &fields, &n, &e);
    if (st == ST_BAD_REQUEST)
        return file_error(c->rep, e.row, e.code, NULL, e.arg);
    if (st != ST_OK)
        return st; /* out of memory: not the file's fault */
    if (r->eof)
        return file_error(c->rep, 1, "import_no_header", NULL, NULL);
    bool bad = false;
    c->ncols = n;
    for (size_t i = 0; i < n; i++) {
        c->col_of[i] = -1;
        const char *h = csv_field_unguard(fields[i]);
        char *folded = compact_fold(&c->ia, h);
        if (!folded)
            return ST_NOMEM;
        if (!folded[0])
            continue; /* an unnamed column, as spreadsheets leave at the end */
        int col = column_for(&c->ia, h);
        if (col == -2)
            return ST_NOMEM;
        if (col < 0 || c->header[col]) {
            file_error(c->rep, r->line,
                       col < 0 ? "import_column_unknown" : "import_column_repeated", h, h);
            bad = true;
            continue;
        }
        c->col_of[i] = col;
        if (!(c->header[col] = arena_strdup(&c->ia, h)))
            return ST_NOMEM;
    }
    for (int k = 0; k < SVC_COL_COUNT; k++)
        if (svc_columns[k].required && !c->header[k]) {
            const char *name = c->s->lg == LANG_EN ? svc_columns[k].en : svc_columns[k].vi;
            file_error(c->rep, r->line, "import_column_missing", name, name);
            bad = true;
        }
    return bad ? ST_BAD_REQUEST : ST_OK;
}

/* ---- one row ---- */

static void set_field(member_input *in, int col, const char *v, arena *a)
{
    switch (col) {
    case SVC_COL_FULL_NAME: in->full_name = v; break;
    case SVC_COL_SEX: in->sex = sex_code(a, v); break;
    case SVC_COL_BIRTH: in->birth_date = iso_date(a, v); break;
    case SVC_COL_CCCD: in->cccd = v; break;
    case SVC_COL_BORN_ABROAD: break; /* yes_no, by the caller */
    case SVC_COL_CMND: in->cmnd = v; break;
    case SVC_COL_CARD: in->card_number = v; break;
    case SVC_COL_RECORD: in->record_number = v; break;
    case SVC_COL_ADMITTED: in->admitted_on = iso_date(a, v); break;
    case SVC_COL_OFFICIAL: in->official_on = iso_date(a, v); break;
    case SVC_COL_UNIT: in->unit_code = v; break;
    case SVC_COL_PHONE: in->phone = v; break;
    case SVC_COL_EMAIL: in->email = v; break;
    }
}

/* Fill `in` from the row; false when the row itself is malformed. A column
 * of the header that the row lacks reads as empty. */
static bool build_input(import_ctx *c, arena *a, char **fields, size_t n, long line,
                        member_input *in)
{
    bool ok = true;
    memset(in, 0, sizeof *in);
    in->born_abroad = -1;
    in->cccd_optional = true;
    for (int k = 0; k < SVC_COL_COUNT; k++)
        if (c->header[k])
            set_field(in, k, "", a);
    for (size_t i = 0; i < n; i++) {
        const char *v = csv_field_unguard(fields[i]);
        if (i >= c->ncols || c->col_of[i] < 0) {
            if (v[0] && i >= c->ncols) {
                row_code(c, line, ST_INVALID, "import_row_columns", NULL, NULL);
                ok = false;
            }
            continue;
        }
        int col = c->col_of[i];
        if (col == SVC_COL_BORN_ABROAD) {
            in->born_abroad = yes_no(a, v);
            if (in->born_abroad == -2) {
                row_code(c, line, ST_INVALID, "import_yes_no", "born_abroad", v);
                ok = false;
            }
        } else {
            set_field(in, col, v, a);
        }
    }
    if (!in->unit_code || !in->unit_code[0]) {
        row_code(c, line, ST_INVALID, "required", "unit_code", NULL);
        ok = false;
    }
    return ok;
}

/* A row with neither CCCD nor card (an old record) matches the one such
 * record in scope with the same name and birth date, so re-importing the
 * file does not create it twice. */
static status find_unkeyed(svc *rs, const member_input *in, member *base, error *e)
{
    char *name = NULL;
    date_t birth;
    if (!in->full_name || !in->birth_date || !date_parse(in->birth_date, &birth) ||
        text_clean_line(rs->a, in->full_name, strlen(in->full_name), "full_name", &name, NULL) !=
            ST_OK)
        return ST_NOT_FOUND; /* the row's own errors are reported by normalization */
    return store_member_get_unkeyed(rs->db, rs->a, svc_scope(rs), name, birth, base, e);
}

/* The existing member a row speaks of: by CCCD, else (no CCCD in the row)
 * by card, else by name and birth date among records with neither. One
 * outside the actor's scope is a conflict, not a match. */
static status find_base(import_ctx *c, svc *rs, const member_input *in, long line, member *base,
                        bool *found)
{
    char cccd[CCCD_LEN + 1], card[33];
    status st = ST_NOT_FOUND;
    error e = {0};
    const char *field = "cccd", *code = "cccd_taken";
    *found = false;
    if (in->cccd && in->cccd[0]) {
        if (cccd_normalize(in->cccd, cccd, NULL) == ST_OK)
            st = store_member_get_by_cccd(rs->db, rs->a, STORE_SCOPE_ALL, cccd, base, &e);
    } else if (in->card_number && in->card_number[0] &&
               card_normalize(in->card_number, c->rules.card_pattern, card, NULL) == ST_OK) {
        field = "card_number";
        code = "card_taken";
        st = store_member_get_by_card(rs->db, rs->a, STORE_SCOPE_ALL, card, base, &e);
    } else if (!(in->cccd && in->cccd[0]) && !(in->card_number && in->card_number[0]))
        st = find_unkeyed(rs, in, base, &e);
    if (st == ST_NOT_FOUND)
        return ST_OK;
    if (st != ST_OK) {
        row_error(c, line, &e);
        return st;
    }
    if (!unit_path_within(base->unit_path, svc_scope(rs))) {
        row_code(c, line, ST_CONFLICT, code, field, NULL);
        return ST_CONFLICT;
    }
    *found = true;
    return ST_OK;
}

/* Another member (not `self`) already holding the CCCD or card. */
static bool taken_elsewhere(import_ctx *c, svc *rs, const member *m, int64_t self, long line)
{
    const char *vals[2] = {m->cccd, m->card_number};
    static const char *const codes[2] = {"cccd_taken", "card_taken"};
    static const char *const fields[2] = {"cccd", "card_number"};
    bool bad = false;
    for (int i = 0; i < 2; i++) {
        if (!vals[i])
            continue;
        member other;
        error e = {0};
        status st =
            i == 0 ? store_member_get_by_cccd(rs->db, rs->a, STORE_SCOPE_ALL, vals[i], &other, &e)
                   : store_member_get_by_card(rs->db, rs->a, STORE_SCOPE_ALL, vals[i], &other, &e);
        if (st == ST_OK && other.id != self)
            row_code(c, line, ST_CONFLICT, codes[i], fields[i], NULL);
        else if (st != ST_OK && st != ST_NOT_FOUND)
            row_error(c, line, &e);
        bad = bad || (st == ST_OK && other.id != self) || (st != ST_OK && st != ST_NOT_FOUND);
    }
    return bad;
}

/* The same CCCD or card twice in the file. */
static bool repeated_in_file(import_ctx *c, const member *m, long line)
{
    bool bad = false;
    long earlier;
    char arg[24];
    if (m->cccd) {
        if (!seen_add(&c->ia, &c->cccds, m->cccd, line, &earlier)) {
            row_code(c, line, ST_NOMEM, "out_of_memory", NULL, NULL);
            return true;
        }
        if (earlier) {
            snprintf(arg, sizeof arg, "%ld", earlier);
            row_code(c, line, ST_INVALID, "import_cccd_repeated", "cccd", arg);
            bad = true;
        }
    }
    if (m->card_number) {
        if (!seen_add(&c->ia, &c->cards, m->card_number, line, &earlier)) {
            row_code(c, line, ST_NOMEM, "out_of_memory", NULL, NULL);
            return true;
        }
        if (earlier) {
            snprintf(arg, sizeof arg, "%ld", earlier);
            row_code(c, line, ST_INVALID, "import_card_repeated", "card_number", arg);
            bad = true;
        }
    }
    return bad;
}

typedef enum row_outcome { ROW_BAD, ROW_CREATED, ROW_UPDATED, ROW_UNCHANGED } row_outcome;

/* Check one row (and with `write`, save it). Errors go to the report. */
static row_outcome check_row(import_ctx *c, svc *rs, char **fields, size_t n, long line, bool write)
{
    member_input in;
    member base, m;
    bool has_base = false;
    if (!build_input(c, rs->a, fields, n, line, &in))
        return ROW_BAD;
    if (find_base(c, rs, &in, line, &base, &has_base) != ST_OK)
        return ROW_BAD;
    if (has_base && in.cccd && !in.cccd[0])
        in.cccd = NULL; /* a blank cell never erases a citizen ID on file */
    errlist errs;
    errlist_init(&errs, 0);
    bool bad = member_normalize(rs->a, &in, has_base ? &base : NULL, &c->rules, &m, &errs) != ST_OK;
    if (svc_member_resolve_unit(rs, &in, has_base ? &base : NULL, &m, &errs) != ST_OK)
        bad = true;
    for (size_t i = 0; i < errs.len; i++)
        row_error(c, line, &errs.items[i]);
    if (bad && errs.len == 0) /* the row's errors could not be kept */
        row_code(c, line, ST_NOMEM, "out_of_memory", NULL, NULL);
    errlist_free(&errs);
    if (bad)
        return ROW_BAD;
    if (taken_elsewhere(c, rs, &m, has_base ? base.id : 0, line))
        return ROW_BAD;
    if (!write && repeated_in_file(c, &m, line))
        return ROW_BAD;
    row_outcome out = !has_base                    ? ROW_CREATED
                      : svc_member_same(&base, &m) ? ROW_UNCHANGED
                                                   : ROW_UPDATED;
    if (!write || out == ROW_UNCHANGED)
        return out;
    errlist_init(&errs, 0);
    status st = out == ROW_CREATED ? svc_member_insert_tx(rs, &m, &errs)
                                   : svc_member_update_tx(rs, &base, &m, rs->today, &errs);
    for (size_t i = 0; i < errs.len; i++)
        row_error(c, line, &errs.items[i]);
    errlist_free(&errs);
    if (st != ST_OK) {
        c->any_bad = true;
        if (c->worst == ST_OK)
            c->worst = st;
        return ROW_BAD;
    }
    return out;
}

/* One pass over the rows after the header. */
static status pass(import_ctx *c, const char *data, size_t len, bool write)
{
    csv_reader r;
    char **fields;
    size_t n;
    error e;
    status st = ST_OK;
    csv_init(&r, data, len);
    if (csv_next(&r, &fields, &n, &e) != ST_OK) /* the header, checked already */
        st = e.st;
    while (st == ST_OK) {
        st = csv_next(&r, &fields, &n, &e);
        if (st != ST_OK) {
            st = e.st == ST_BAD_REQUEST ? file_error(c->rep, e.row, e.code, NULL, e.arg) : e.st;
            break;
        }
        if (r.eof)
            break;
        if (!write && ++c->rep->rows > LIMIT_IMPORT_ROWS) {
            st = file_error(c->rep, r.record, "import_too_many_rows", NULL, NULL);
            break;
        }
        arena ra = ARENA_INIT;
        svc rs = *c->s;
        rs.a = &ra;
        /* Rows are counted as a spreadsheet shows them: the header is
         * row 1, a record with line breaks inside is still one row. */
        row_outcome o = check_row(c, &rs, fields, n, r.record, write);
        arena_free(&ra);
        if (!write) {
            c->rep->created += o == ROW_CREATED;
            c->rep->updated += o == ROW_UPDATED;
            c->rep->unchanged += o == ROW_UNCHANGED;
        }
        if (c->worst != ST_OK)
            st = c->worst;
    }
    csv_free(&r);
    return st;
}

/* The import.commit entry: the file (name and SHA-256 of its bytes) and
 * the counts, in the import's transaction; the scope is the importer's. */
static status audit_commit(import_ctx *c, const char *data, size_t len, const char *file_name,
                           error *e)
{
    char sha[65], rows[24], created[24], updated[24], unchanged[24];
    sha256_hex(data, len, sha);
    snprintf(rows, sizeof rows, "%ld", c->rep->rows);
    snprintf(created, sizeof created, "%ld", c->rep->created);
    snprintf(updated, sizeof updated, "%ld", c->rep->updated);
    snprintf(unchanged, sizeof unchanged, "%ld", c->rep->unchanged);
    audit_field f[] = {{"file_name", file_name}, {"sha256", sha},      {"rows", rows},
                       {"created", created},     {"updated", updated}, {"unchanged", unchanged}};
    char *after = audit_fields_json(c->s->a, f, sizeof f / sizeof f[0]);
    if (!after)
        return err_set(e, ST_NOMEM, "out_of_memory", NULL, NULL);
    return svc_audit_tx(c->s, "import.commit", "import", c->rep->import_id, svc_scope(c->s), NULL,
                        after, e);
}

static status run(import_ctx *c, const char *data, size_t len, const char *file_name, bool dry_run)
{
    error e = {0};
    status st = store_begin_write(c->s->db, &e);
    if (st == ST_OK)
        st = svc_member_rules(c->s, &c->rules, &e);
    if (st != ST_OK) {
        errlist_add(&c->rep->errors, &e);
        store_rollback(c->s->db);
        return st;
    }
    st = pass(c, data, len, false);
    if (st == ST_OK && c->any_bad)
        st = ST_INVALID;
    if (st == ST_OK && !dry_run) {
        st = pass(c, data, len, true);
        if (st == ST_OK && c->any_bad)
            st = ST_INTERNAL; /* a row that passed its check failed to save */
        if (st == ST_OK)
            st = store_import_record(c->s->db, file_name, c->rep->rows, c->rep->created,
                                     c->rep->updated, c->rep->unchanged, c->s->now,
                                     &c->rep->import_id, &e);
        if (st == ST_OK)
            st = audit_commit(c, data, len, file_name, &e);
        if (st == ST_OK)
            st = store_commit(c->s->db, &e);
        if (st != ST_OK && e.code)
            errlist_add(&c->rep->errors, &e);
        c->rep->committed = st == ST_OK;
    }
    if (!c->rep->committed)
        store_rollback(c->s->db);
    if (!dry_run && !c->rep->committed) {
        /* Nothing was saved: counts that read as records made would mislead. */
        c->rep->created = c->rep->updated = c->rep->unchanged = 0;
        c->rep->import_id = 0;
    }
    return st;
}

status svc_members_import(svc *s, const char *data, size_t len, const char *file_name, bool dry_run,
                          import_report *rep)
{
    memset(rep, 0, sizeof *rep);
    errlist_init(&rep->errors, LIMIT_IMPORT_ERRORS);
    error e = {0};
    status st = svc_ready(s, &e);
    if (st != ST_OK) {
        errlist_add(&rep->errors, &e);
        return st;
    }
    long bad_line = first_bad_line(data, len);
    if (bad_line) {
        char arg[24];
        snprintf(arg, sizeof arg, "%ld", bad_line);
        return file_error(rep, bad_line, "import_not_utf8", NULL, arg);
    }
    import_ctx c;
    memset(&c, 0, sizeof c);
    c.s = s;
    c.rep = rep;
    csv_reader r;
    csv_init(&r, data, len);
    st = read_header(&c, &r);
    csv_free(&r);
    if (st == ST_OK)
        st = run(&c, data, len, file_name, dry_run);
    else if (st == ST_NOMEM)
        errlist_add(&rep->errors, &(error){.st = ST_NOMEM, .code = "out_of_memory"});
    arena_free(&c.ia);
    if (st == ST_OK && dry_run)
        rep->committed = false;
    return st;
}

const char *svc_import_column_field(const char *header, arena *a)
{
    int col = header ? column_for(a, header) : -1;
    return col >= 0 ? svc_columns[col].field : NULL;
}
