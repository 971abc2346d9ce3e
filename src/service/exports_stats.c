/*
 * exports_stats.c -- the review report (service/stats.h) as a spreadsheet:
 * every statistics table with the period, the previous period of equal
 * length and the change (svc_export_stats, exports.h).
 *
 * XLSX: a summary sheet of the headline figures, then a sheet a
 * breakdown, each row a key present in either period (the current
 * period's order first, then what only the previous one had), with the
 * figure of each period and the change. CSV: the same rows as one long
 * table whose first column names the table. The figures are the ones
 * svc_review_report computed, never recounted here.
 */
#include "service/exports_internal.h"

#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "service/stats.h"
#include "service/svc_internal.h"

/* The writer of comparison tables: a sheet each in XLSX, one long table
 * in CSV. */
typedef struct cmp {
    svc *s;
    exp_out *x;
    const review_report *r;
    const exp_unit *u;
    const char *table; /* the current table's name, for the CSV's first column */
} cmp;

enum { CC_NAME, CC_KEY, CC_CURRENT, CC_PREVIOUS, CC_CHANGE, CC_COUNT };

static const exp_col sheet_cols[CC_COUNT] = {
    {"Chỉ tiêu", "Figure", SHEET_TEXT, 0},       {"Mã", "Key", SHEET_TEXT, 0},
    {"Kỳ này", "This period", SHEET_DECIMAL, 1}, {"Kỳ trước", "Previous period", SHEET_DECIMAL, 1},
    {"Thay đổi", "Change", SHEET_DECIMAL, 1},
};

static const exp_col csv_cols[CC_COUNT + 1] = {
    {"Bảng", "Table", SHEET_TEXT, 0},
    {"Chỉ tiêu", "Figure", SHEET_TEXT, 0},
    {"Mã", "Key", SHEET_TEXT, 0},
    {"Kỳ này", "This period", SHEET_DECIMAL, 1},
    {"Kỳ trước", "Previous period", SHEET_DECIMAL, 1},
    {"Thay đổi", "Change", SHEET_DECIMAL, 1},
};

static char *dmy(char out[DATE_ISO_LEN], date_t d)
{
    int y, m, dd;
    date_to_ymd(d, &y, &m, &dd);
    snprintf(out, DATE_ISO_LEN, "%02d/%02d/%04d", dd, m, y);
    return out;
}

/* "<what> — <unit> — từ A đến B (kỳ trước: từ C đến D)". */
static const char *cmp_title(cmp *c, const char *what_vi, const char *what_en)
{
    const stats *p = &c->r->previous;
    char f[DATE_ISO_LEN], t[DATE_ISO_LEN];
    const char *head =
        exp_title(c->s, what_vi, what_en, c->u, c->r->current.from, c->r->current.to);
    if (!head)
        return NULL;
    return arena_printf(c->s->a,
                        c->s->lg == LANG_EN ? "%s (previous period: %s to %s)"
                                            : "%s (kỳ trước: từ %s đến %s)",
                        head, dmy(f, p->from), dmy(t, p->to));
}

static status cmp_begin(cmp *c, const char *vi, const char *en, error *e)
{
    c->table = exp_word(c->s, vi, en);
    if (!c->x->xlsx)
        return c->x->csv_header ? ST_OK : exp_table(c->x, vi, en, NULL, csv_cols, CC_COUNT + 1, e);
    const char *title = cmp_title(c, vi, en);
    if (!title)
        return err_set(e, ST_NOMEM, "out_of_memory", NULL, NULL);
    return exp_table(c->x, vi, en, title, sheet_cols, CC_COUNT, e);
}

static status cmp_cells(cmp *c, const char *name, const char *key, sheet_cell cur, sheet_cell prev,
                        sheet_cell change, error *e)
{
    sheet_cell row[CC_COUNT + 1];
    size_t k = 0;
    if (!c->x->xlsx)
        row[k++] = sheet_text(c->table);
    row[k++] = sheet_text(name ? name : key);
    row[k++] = sheet_text(key);
    row[k++] = cur;
    row[k++] = prev;
    row[k++] = change;
    return exp_row(c->x, row, e);
}

static status cmp_int(cmp *c, const char *name, const char *key, int64_t cur, int64_t prev,
                      error *e)
{
    return cmp_cells(c, name, key, sheet_int(cur), sheet_int(prev), sheet_int(cur - prev), e);
}

/* Every key of cur, then those only prev has. */
static status cmp_list(cmp *c, const stats_list *cur, const stats_list *prev, error *e)
{
    status st = ST_OK;
    for (size_t i = 0; st == ST_OK && i < cur->n; i++) {
        const stats_count *p = stats_list_find(prev, cur->items[i].key);
        st = cmp_int(c, cur->items[i].name, cur->items[i].key, cur->items[i].n, p ? p->n : 0, e);
    }
    for (size_t i = 0; st == ST_OK && i < prev->n; i++)
        if (!stats_list_find(cur, prev->items[i].key))
            st = cmp_int(c, prev->items[i].name, prev->items[i].key, 0, prev->items[i].n, e);
    return st;
}

/* ---- the tables ---- */

static status summary(cmp *c, error *e)
{
    const stats *a = &c->r->current, *b = &c->r->previous;
    status st = cmp_begin(c, "Tổng hợp", "Summary", e);
    const struct {
        const char *vi, *en, *key;
        int64_t cur, prev;
    } rows[] = {
        {"Chuyến đi ra nước ngoài", "Trips abroad", "trips", a->trips, b->trips},
        {"Đảng viên đang ở nước ngoài (cuối kỳ)", "Members abroad (end of period)", "abroad",
         a->abroad, b->abroad},
        {"Chuyển sinh hoạt về trong nước", "Transfers back home", "transfers_back",
         a->transfers_back, b->transfers_back},
        {"Nhóm đảng viên tạm thời của đoàn", "Delegations' temporary groups", "groups_formed",
         a->groups_formed, b->groups_formed},
        {"Báo cáo sau chuyến đi nộp đúng hạn", "Post-trip reports on time", "reports_on_time",
         a->reports_on_time, b->reports_on_time},
        {"Báo cáo nộp muộn", "Reports filed late", "reports_late", a->reports_late,
         b->reports_late},
        {"Báo cáo quá hạn chưa nộp", "Reports overdue", "reports_overdue", a->reports_overdue,
         b->reports_overdue},
        {"Báo cáo chưa đến hạn", "Reports not yet due", "reports_pending", a->reports_pending,
         b->reports_pending},
        {"Vi phạm phát sinh", "Violations that began", "violations", a->violations, b->violations},
    };
    for (size_t i = 0; st == ST_OK && i < sizeof rows / sizeof rows[0]; i++)
        st = cmp_int(c, exp_word(c->s, rows[i].vi, rows[i].en), rows[i].key, rows[i].cur,
                     rows[i].prev, e);
    if (st == ST_OK)
        st = cmp_cells(
            c,
            exp_word(c->s, "Số ngày nộp muộn trung bình", "Average delay of late reports (days)"),
            "avg_delay_days", sheet_dec(a->avg_delay_days), sheet_dec(b->avg_delay_days),
            sheet_dec(a->avg_delay_days - b->avg_delay_days), e);
    return st;
}

/* The rule-and-year rows: "<rule name>, <year>" keyed "<rule>/<year>". */
static status by_rule_year(cmp *c, error *e)
{
    const stats *a = &c->r->current, *b = &c->r->previous;
    status st = cmp_begin(c, "Vi phạm theo quy định và năm", "Violations by rule and year", e);
    for (int pass = 0; st == ST_OK && pass < 2; pass++) {
        const stats *one = pass ? b : a, *other = pass ? a : b;
        for (size_t i = 0; st == ST_OK && i < one->n_violations_by_rule_year; i++) {
            const stats_rule_year *ry = &one->violations_by_rule_year[i];
            int64_t there = -1;
            for (size_t j = 0; j < other->n_violations_by_rule_year; j++)
                if (other->violations_by_rule_year[j].year == ry->year &&
                    strcmp(other->violations_by_rule_year[j].rule, ry->rule) == 0)
                    there = other->violations_by_rule_year[j].n;
            if (pass && there >= 0)
                continue; /* written in the first pass */
            const char *name = arena_printf(c->s->a, "%s, %d", ry->rule_name, ry->year);
            const char *key = arena_printf(c->s->a, "%s/%d", ry->rule, ry->year);
            if (!name || !key)
                return err_set(e, ST_NOMEM, "out_of_memory", NULL, NULL);
            int64_t other_n = there < 0 ? 0 : there;
            st = cmp_int(c, name, key, pass ? other_n : ry->n, pass ? ry->n : other_n, e);
        }
    }
    return st;
}

typedef struct breakdown {
    const char *vi, *en;
    size_t offset; /* of the stats_list in stats */
} breakdown;

#define BD(vi, en, field)                                                                          \
    {                                                                                              \
        vi, en, offsetof(stats, field)                                                             \
    }

static const breakdown breakdowns[] = {
    BD("Chuyến đi theo năm", "Trips by year", by_year),
    BD("Chuyến đi theo mục đích", "Trips by purpose", by_purpose),
    BD("Chuyến đi theo nước đến", "Trips by country", by_country),
    BD("Chuyến đi theo đơn vị", "Trips by unit", by_unit),
    BD("Ở nước ngoài theo nước", "Abroad by country", abroad_by_country),
    BD("Ở nước ngoài theo loại hình", "Abroad by cell type", abroad_by_cell_type),
    BD("Chuyển sinh hoạt theo hình thức", "Transfers by kind", transfers_by_kind),
    BD("Miễn sinh hoạt theo loại", "Exemptions by kind", exemptions_by_kind),
    BD("Vi phạm theo quy định", "Violations by rule", violations_by_rule),
};

static const stats_list *list_at(const stats *st, size_t offset)
{
    return (const stats_list *)(const void *)((const char *)st + offset);
}

static status all_tables(cmp *c, error *e)
{
    status st = summary(c, e);
    for (size_t i = 0; st == ST_OK && i < sizeof breakdowns / sizeof breakdowns[0]; i++) {
        st = cmp_begin(c, breakdowns[i].vi, breakdowns[i].en, e);
        if (st == ST_OK)
            st = cmp_list(c, list_at(&c->r->current, breakdowns[i].offset),
                          list_at(&c->r->previous, breakdowns[i].offset), e);
    }
    if (st == ST_OK)
        st = by_rule_year(c, e);
    return st;
}

status svc_export_stats(svc *s, int64_t unit_id, date_t from, date_t to, const char *format,
                        strbuf *out, export_file *info, error *e)
{
    bool xlsx;
    review_report r;
    exp_out x;
    status st = svc_ready(s, e);
    if (st == ST_OK)
        st = exp_format(format, &xlsx, e);
    if (st == ST_OK)
        st = svc_review_report(s, unit_id, from, to, &r, e);
    if (st != ST_OK)
        return st;
    exp_unit u = {r.unit_id, r.unit_code, r.unit_name, NULL};
    if (!u.name)
        u.name = exp_word(s, "Toàn hệ thống", "The whole installation");
    exp_unit scope;
    st = exp_unit_get(s, r.unit_id, &scope, e);
    if (st != ST_OK || (st = exp_open(s, xlsx, out, &x, e)) != ST_OK)
        return st;
    u.path = scope.path;
    cmp c = {s, &x, &r, &u, NULL};
    st = all_tables(&c, e);
    if (st != ST_OK) {
        exp_abandon(&x);
        return st;
    }
    const char *name = exp_file_name(s, "review", &u, from, to, xlsx);
    st = name ? exp_finish(&x, e) : err_set(e, ST_NOMEM, "out_of_memory", NULL, NULL);
    if (st == ST_OK)
        st = exp_audit(s, "stats", &u, xlsx, from, to, NULL, 0, x.rows, e);
    if (st != ST_OK) {
        exp_abandon(&x);
        return st;
    }
    if (info)
        *info = (export_file){name, xlsx ? EXPORT_XLSX_TYPE : EXPORT_CSV_TYPE, x.rows};
    return ST_OK;
}
