/*
 * documents.c -- the printed documents as use cases (documents.h): load
 * the records through the trips', transfers' and members' use cases (their
 * scope and roles), decide whether the document applies, fill the plain
 * values report/pdf_forms.h prints, render.
 *
 * The documents are in Vietnamese whatever the request's language (the
 * wording of the web's print views, web/app/pages/trip-print.js). This
 * file must never write, audit, or widen what an actor may read beyond the
 * names of the bodies in a header.
 */
#include "service/documents.h"

#include <string.h>

#include "core/limits.h"
#include "report/chart.h"
#include "report/pdf_forms.h"
#include "report/pdf_review.h"
#include "report/vnfmt.h"
#include "service/stats.h"
#include "service/svc_internal.h"
#include "service/transfer.h"
#include "service/trip.h"

/* ---- Vietnamese names (as web/app/i18n/vi.js) ---- */

static const char *purpose_vi(trip_purpose p)
{
    static const char *const names[TRIP_PURPOSE_COUNT] = {"Đi công tác",
                                                          "Đi học tập",
                                                          "Đi lao động",
                                                          "Việc riêng: du lịch",
                                                          "Việc riêng: thăm thân nhân",
                                                          "Việc riêng: chữa bệnh",
                                                          "Việc riêng khác"};
    return (unsigned)p < TRIP_PURPOSE_COUNT ? names[p] : "";
}

static const char *payer_vi(trip_payer p)
{
    static const char *const names[TRIP_PAYER_COUNT] = {
        "Tự túc", "Cơ quan cử đi chi trả", "Phía nước ngoài mời và chi trả", "Nguồn khác"};
    return p >= 0 && (unsigned)p < TRIP_PAYER_COUNT ? names[p] : NULL;
}

static const char *doc_vi(trip_doc_kind k)
{
    static const char *const names[TRIP_DOC_COUNT] = {"Quyết định cử đi của cơ quan",
                                                      "Bản cam kết về thân nhân ở nước ngoài",
                                                      "Thư mời",
                                                      "Bản tự kiểm điểm",
                                                      "Báo cáo kết quả (bản có chữ ký)",
                                                      "Giấy tờ khác"};
    return (unsigned)k < TRIP_DOC_COUNT ? names[k] : "";
}

static const char *outcome_vi(const char *o)
{
    static const char *const map[][2] = {{"agree", "Đồng ý"},
                                         {"disagree", "Không đồng ý"},
                                         {"approved", "Đồng ý cho đi"},
                                         {"refused", "Không đồng ý cho đi"}};
    for (size_t i = 0; o && i < sizeof map / sizeof map[0]; i++)
        if (strcmp(o, map[i][0]) == 0)
            return map[i][1];
    return o;
}

/* "Đồng ý. comment" or NULL before any opinion. */
static const char *opinion(svc *s, const char *outcome, const char *comment)
{
    if (!outcome)
        return NULL;
    if (comment && *comment)
        return arena_printf(s->a, "%s. %s", outcome_vi(outcome), comment);
    return arena_printf(s->a, "%s.", outcome_vi(outcome));
}

/* ---- the bodies in a header ---- */

/* A unit by id, whatever the actor's scope (a header names its bodies);
 * false when there is none. */
static bool unit_any(svc *s, int64_t id, unit *out)
{
    error ignored;
    return id > 0 && store_unit_get(s->db, s->a, "/", id, out, &ignored) == ST_OK;
}

/* The member's cell as the issuer of their own papers, its parent above. */
static void member_header(svc *s, int64_t unit_id, const char *unit_name, form_header *h)
{
    unit u, parent;
    h->issuer = unit_name;
    if (unit_any(s, unit_id, &u) && unit_any(s, u.parent_id, &parent))
        h->superior = parent.name;
}

/* The committee that issues a letter: the nearest body of the sending
 * unit's line (itself included) above the cells and groups, and its parent. */
static void committee_header(svc *s, int64_t unit_id, form_header *h)
{
    unit u;
    if (!unit_any(s, unit_id, &u))
        return;
    for (int depth = 0; (u.kind == UNIT_CELL || u.kind == UNIT_GROUP) && depth < LIMIT_TREE_DEPTH;
         depth++) {
        unit up;
        if (!unit_any(s, u.parent_id, &up))
            break;
        u = up;
    }
    h->issuer = u.name;
    unit parent;
    if (unit_any(s, u.parent_id, &parent))
        h->superior = parent.name;
}

/* The member's details when the actor's scope holds the record. */
static void person_of(svc *s, int64_t member_id, const char *name, const char *unit_name,
                      form_person *p)
{
    member m;
    error ignored;
    *p = (form_person){.full_name = name,
                       .birth_date = DATE_NONE,
                       .admitted_on = DATE_NONE,
                       .official_on = DATE_NONE,
                       .unit_name = unit_name};
    if (svc_member_get(s, member_id, &m, &ignored) != ST_OK)
        return;
    p->full_name = m.full_name;
    p->birth_date = m.birth_date;
    p->card_number = m.card_number;
    p->record_number = m.record_number;
    p->admitted_on = m.admitted_on;
    p->official_on = m.official_on;
}

static int year_of(date_t d)
{
    int y, m, day;
    date_to_ymd(d, &y, &m, &day);
    return y;
}

/* ---- trips ---- */

static const char *countries_vi(svc *s, const trip *t)
{
    strbuf b = {0};
    for (size_t i = 0; i < t->n_countries; i++) {
        const char *name = country_name(t->countries[i], LANG_VI);
        if (i)
            buf_puts(&b, ", ");
        buf_puts(&b, name ? name : t->countries[i]);
    }
    const char *out = b.len ? arena_strndup(s->a, b.data, b.len) : NULL;
    buf_free(&b);
    return out;
}

static const char *documents_vi(svc *s, const trip_view *v)
{
    unsigned seen = 0;
    strbuf b = {0};
    for (size_t i = 0; i < v->n_attachments; i++) {
        trip_doc_kind k = v->attachments[i].kind;
        if ((unsigned)k >= TRIP_DOC_COUNT || (seen & (1u << k)))
            continue;
        seen |= 1u << k;
        if (b.len)
            buf_puts(&b, "; ");
        buf_puts(&b, doc_vi(k));
    }
    const char *out = b.len ? arena_strndup(s->a, b.data, b.len) : NULL;
    buf_free(&b);
    return out;
}

static const char *purpose_text(svc *s, const trip *t)
{
    if (t->purpose_detail && *t->purpose_detail)
        return arena_printf(s->a, "%s (%s)", purpose_vi(t->purpose), t->purpose_detail);
    return purpose_vi(t->purpose);
}

static const char *payer_text(svc *s, const trip *t)
{
    const char *p = payer_vi(t->payer);
    if (p && t->payer_note && *t->payer_note)
        return arena_printf(s->a, "%s (%s)", p, t->payer_note);
    return p;
}

static void fill_trip(svc *s, const trip_view *v, date_t dated, form_trip *f)
{
    const trip *t = &v->t;
    *f = (form_trip){0};
    f->h.date = dated;
    f->h.year = year_of(s->today);
    member_header(s, t->unit_id, t->unit_name, &f->h);
    person_of(s, t->member_id, t->member_name, t->unit_name, &f->m);
    f->private_trip = trip_purpose_private(t->purpose);
    f->purpose = purpose_text(s, t);
    f->countries = countries_vi(s, t);
    f->departure = t->planned_departure;
    f->return_on = trip_effective_return(t);
    f->payer = payer_text(s, t);
    f->decision_number = t->decision_number && *t->decision_number ? t->decision_number : NULL;
    f->delegation = v->delegation_name;
    f->documents = documents_vi(s, v);
    f->report_days = v->rules.report_days;
    f->report_in_calendar_days = v->rules.report_in_calendar_days;
    f->decided_on = t->decided_on;
    f->actual_departure = t->actual_departure;
    f->actual_return = t->actual_return;
    f->report_text = t->report_text;
}

static bool trip_back(trip_state st)
{
    return st == TRIP_RETURNED || st == TRIP_REPORT_SUBMITTED || st == TRIP_REPORT_REVIEWED ||
           st == TRIP_CLOSED;
}

typedef enum trip_doc { DOC_APPLICATION, DOC_COMMITMENT, DOC_REPORT } trip_doc;

static status trip_doc_parse(const char *kind, trip_doc *out, error *e)
{
    static const char *const names[] = {"application", "commitment", "report"};
    for (int i = 0; kind && i < 3; i++)
        if (strcmp(kind, names[i]) == 0) {
            *out = (trip_doc)i;
            return ST_OK;
        }
    return err_set(e, ST_INVALID, "document_kind_invalid", "kind", kind);
}

status svc_document_trip(svc *s, int64_t trip_id, const char *kind, strbuf *out, error *e)
{
    trip_doc doc = DOC_APPLICATION;
    trip_view v;
    status st = trip_doc_parse(kind, &doc, e);
    if (st == ST_OK)
        st = svc_trip_get(s, trip_id, &v, e);
    if (st != ST_OK)
        return st;
    if (doc == DOC_COMMITMENT && v.t.purpose != TRIP_RELATIVES)
        return err_set(e, ST_CONFLICT, "document_not_applicable", NULL,
                       trip_purpose_name(v.t.purpose));
    if (doc == DOC_REPORT && !trip_back(v.t.state))
        return err_set(e, ST_CONFLICT, "document_not_ready", NULL, trip_state_name(v.t.state));
    form_trip f;
    fill_trip(s, &v, doc == DOC_REPORT ? v.t.report_submitted_on : v.t.submitted_on, &f);
    if (doc == DOC_APPLICATION) {
        f.cell_opinion = opinion(s, v.t.cell_opinion, v.t.cell_comment);
        f.committee_opinion = opinion(s, v.t.decision, v.t.decision_reasons);
        return pdf_form_application(s->a, &f, out, e);
    }
    if (doc == DOC_COMMITMENT)
        return pdf_form_commitment(s->a, &f, out, e);
    f.cell_opinion = opinion(s, v.t.report_opinion, v.t.report_comment);
    f.committee_opinion = v.t.state == TRIP_CLOSED ? "Đã ghi nhận báo cáo." : NULL;
    return pdf_form_report(s->a, &f, out, e);
}

/* ---- transfers ---- */

static const char *transfer_summary(svc *s, const transfer *t)
{
    const char *where = t->to_country ? " ra ngoài nước" : t->back ? " từ ngoài nước về" : "";
    switch (t->kind) {
    case TRANSFER_TEMPORARY: return arena_printf(s->a, "Chuyển sinh hoạt đảng tạm thời%s", where);
    case TRANSFER_OFFICIAL: return arena_printf(s->a, "Chuyển sinh hoạt đảng chính thức%s", where);
    case TRANSFER_SINGLE: return "Giới thiệu đảng viên đơn lẻ ra ngoài nước";
    }
    return NULL;
}

static const char *transfer_state_vi(svc *s, const transfer *t)
{
    switch (t->state) {
    case TRANSFER_ISSUED:
        return t->overdue ? "Đang chuyển, đã quá hạn trình giấy" : "Đang chuyển, chưa trình giấy";
    case TRANSFER_RECEIVED:
        return arena_printf(s->a, "Đã tiếp nhận ngày %s", vn_short_date(s->a, t->received_on));
    case TRANSFER_RETURNED:
        return arena_printf(s->a, "Bị trả lại ngày %s", vn_short_date(s->a, t->returned_on));
    case TRANSFER_ENDED:
        return arena_printf(s->a, "Đã kết thúc ngày %s", vn_short_date(s->a, t->ended_on));
    case TRANSFER_CANCELLED: break;
    }
    return NULL;
}

static const char *unit_with_country(svc *s, const char *name, const char *country)
{
    const char *c = country ? country_name(country, LANG_VI) : NULL;
    return c ? arena_printf(s->a, "%s (%s)", name, c) : name;
}

status svc_document_transfer(svc *s, int64_t transfer_id, strbuf *out, error *e)
{
    transfer t;
    status st = svc_transfer_get(s, transfer_id, &t, e);
    if (st != ST_OK)
        return st;
    if (t.state == TRANSFER_CANCELLED)
        return err_set(e, ST_CONFLICT, "document_not_applicable", NULL,
                       transfer_state_name(t.state));
    form_transfer f = {0};
    committee_header(s, t.from_unit_id, &f.h);
    f.h.number = arena_printf(s->a, "Số %s", t.letter_number);
    f.h.date = t.issued_on;
    f.h.year = year_of(t.issued_on);
    person_of(s, t.member_id, t.member_name, t.from_unit_name, &f.m);
    f.kind_summary = transfer_summary(s, &t);
    f.from_unit = t.from_unit_name;
    f.to_unit = unit_with_country(s, t.to_unit_name, t.to_country);
    f.to_country = t.to_country;
    f.issued_on = t.issued_on;
    f.receive_due = t.receive_due;
    f.received_on = t.received_on;
    f.state = transfer_state_vi(s, &t);
    f.note = t.note && *t.note ? t.note : NULL;
    return pdf_form_transfer(s->a, &f, out, e);
}

/* ---- the review report ---- */

static const char *count_label(const stats_count *c)
{
    if (c->name && *c->name)
        return c->name;
    return c->key && *c->key ? c->key : "Không rõ";
}

static const char *count_text(svc *s, int64_t n) { return vn_number(s->a, (double)n, 0); }

/* A table of a breakdown in both periods: the rows of this period, then
 * those only the previous one has. */
static void list_table(svc *s, const stats_list *cur, const stats_list *prev, const char *what,
                       review_section *sec)
{
    static const double w[3] = {0.56, 0.22, 0.22};
    static const pdf_align al[3] = {PDF_LEFT, PDF_RIGHT, PDF_RIGHT};
    const char **head = arena_alloc_array(s->a, 3, sizeof *head);
    const char **cells = arena_alloc_array(s->a, (cur->n + prev->n) * 3 + 1, sizeof *cells);
    if (!head || !cells)
        return;
    head[0] = what;
    head[1] = "Kỳ này";
    head[2] = "Kỳ trước";
    size_t r = 0;
    for (size_t i = 0; i < cur->n; i++, r++) {
        const stats_count *p = stats_list_find(prev, cur->items[i].key);
        cells[r * 3] = count_label(&cur->items[i]);
        cells[r * 3 + 1] = count_text(s, cur->items[i].n);
        cells[r * 3 + 2] = count_text(s, p ? p->n : 0);
    }
    for (size_t i = 0; i < prev->n; i++) {
        if (stats_list_find(cur, prev->items[i].key))
            continue;
        cells[r * 3] = count_label(&prev->items[i]);
        cells[r * 3 + 1] = count_text(s, 0);
        cells[r * 3 + 2] = count_text(s, prev->items[i].n);
        r++;
    }
    sec->table = (pdf_table){.ncols = 3, .widths = w, .align = al, .head = head, .size = 12};
    sec->cells = cells;
    sec->nrows = r;
}

/* A breakdown of this period alone (years differ between periods). */
static void year_table(svc *s, const stats_list *cur, review_section *sec)
{
    static const double w[2] = {0.56, 0.44};
    static const pdf_align al[2] = {PDF_LEFT, PDF_RIGHT};
    static const char *const head[2] = {"Năm", "Số chuyến đi"};
    const char **cells = arena_alloc_array(s->a, cur->n * 2 + 1, sizeof *cells);
    if (!cells)
        return;
    for (size_t i = 0; i < cur->n; i++) {
        cells[i * 2] = count_label(&cur->items[i]);
        cells[i * 2 + 1] = count_text(s, cur->items[i].n);
    }
    sec->table = (pdf_table){.ncols = 2, .widths = w, .align = al, .head = head, .size = 12};
    sec->cells = cells;
    sec->nrows = cur->n;
}

static chart *list_chart(svc *s, const stats_list *l, chart_kind kind, const char *id,
                         const char *title)
{
    size_t n = kind == CHART_BARS && l->n > DOCUMENT_CHART_BARS ? DOCUMENT_CHART_BARS : l->n;
    chart *c = arena_alloc(s->a, sizeof *c);
    chart_item *items = arena_alloc_array(s->a, n ? n : 1, sizeof *items);
    if (!c || !items)
        return NULL;
    for (size_t i = 0; i < n; i++)
        items[i] = (chart_item){count_label(&l->items[i]), (double)l->items[i].n};
    *c = (chart){.kind = kind, .id = id, .title = title, .items = items, .n = n};
    return c;
}

static void changes_table(svc *s, const review_report *r, review_section *sec)
{
    static const double w[4] = {0.46, 0.18, 0.18, 0.18};
    static const pdf_align al[4] = {PDF_LEFT, PDF_RIGHT, PDF_RIGHT, PDF_RIGHT};
    static const char *const head[4] = {"Chỉ tiêu", "Kỳ này", "Kỳ trước", "Tăng, giảm"};
    const char **cells = arena_alloc_array(s->a, STATS_CHANGES * 4, sizeof *cells);
    if (!cells)
        return;
    for (size_t i = 0; i < STATS_CHANGES; i++) {
        const stats_change *c = &r->changes[i];
        int64_t diff = c->current - c->previous;
        cells[i * 4] = c->name;
        cells[i * 4 + 1] = count_text(s, c->current);
        cells[i * 4 + 2] = count_text(s, c->previous);
        cells[i * 4 + 3] =
            diff > 0 ? arena_printf(s->a, "+%s", count_text(s, diff)) : count_text(s, diff);
    }
    sec->table = (pdf_table){.ncols = 4, .widths = w, .align = al, .head = head, .size = 12};
    sec->cells = cells;
    sec->nrows = STATS_CHANGES;
}

static const char *period(svc *s, date_t from, date_t to)
{
    return arena_printf(s->a, "từ ngày %s đến ngày %s", vn_short_date(s->a, from),
                        vn_short_date(s->a, to));
}

static void review_sections(svc *s, const review_report *r, review_section *sec)
{
    const stats *c = &r->current, *p = &r->previous;
    changes_table(s, r, &sec[0]);
    sec[0].heading = "Tổng hợp, so sánh với kỳ trước";
    sec[0].text = arena_printf(s->a, "Kỳ trước: %s.", period(s, p->from, p->to));
    sec[1].heading = "Chuyến đi ra nước ngoài theo năm";
    sec[1].text = arena_printf(s->a, "Tổng số chuyến đi trong kỳ: %s (kỳ trước: %s).",
                               count_text(s, c->trips), count_text(s, p->trips));
    sec[1].chart =
        list_chart(s, &c->by_year, CHART_COLUMNS, "trips-by-year", "Số chuyến đi theo năm");
    year_table(s, &c->by_year, &sec[1]);
    sec[2].heading = "Chuyến đi theo nước đến";
    sec[2].chart =
        list_chart(s, &c->by_country, CHART_BARS, "trips-by-country", "Số chuyến đi theo nước đến");
    list_table(s, &c->by_country, &p->by_country, "Nước đến", &sec[2]);
    sec[3].heading = "Chuyến đi theo mục đích";
    list_table(s, &c->by_purpose, &p->by_purpose, "Mục đích", &sec[3]);
    sec[4].heading = "Chuyến đi theo tổ chức đảng";
    list_table(s, &c->by_unit, &p->by_unit, "Tổ chức đảng", &sec[4]);
    sec[5].heading = "Đảng viên đang ở nước ngoài";
    sec[5].text = arena_printf(s->a, "Đến ngày %s có %s đảng viên đang ở nước ngoài.",
                               vn_short_date(s->a, c->abroad_on), count_text(s, c->abroad));
    list_table(s, &c->abroad_by_country, &p->abroad_by_country, "Nước", &sec[5]);
    sec[6].heading = "Chuyển sinh hoạt đảng, miễn sinh hoạt, nhóm tạm thời";
    sec[6].text =
        arena_printf(s->a, "Chuyển sinh hoạt về nước: %s. Nhóm đảng viên tạm thời của đoàn đi: %s.",
                     count_text(s, c->transfers_back), count_text(s, c->groups_formed));
    list_table(s, &c->transfers_by_kind, &p->transfers_by_kind, "Loại chuyển sinh hoạt", &sec[6]);
    sec[7].heading = "Báo cáo sau chuyến đi";
    sec[7].text = arena_printf(
        s->a,
        "Các chuyến về nước trong kỳ: báo cáo đúng hạn %s; nộp chậm %s (chậm trung bình %s "
        "ngày); quá hạn chưa nộp %s; chưa đến hạn %s.",
        count_text(s, c->reports_on_time), count_text(s, c->reports_late),
        vn_number(s->a, c->avg_delay_days, 1), count_text(s, c->reports_overdue),
        count_text(s, c->reports_pending));
    sec[8].heading = "Vi phạm phát sinh trong kỳ";
    sec[8].text = arena_printf(s->a, "Tổng số vi phạm: %s (kỳ trước: %s).",
                               count_text(s, c->violations), count_text(s, p->violations));
    list_table(s, &c->violations_by_rule, &p->violations_by_rule, "Quy định", &sec[8]);
}

#define REVIEW_SECTIONS 9

status svc_document_review(svc *s, int64_t unit_id, date_t from, date_t to, strbuf *out, error *e)
{
    svc vs = *s;
    vs.lg = LANG_VI; /* the document is in Vietnamese whatever the request's language */
    review_report r;
    status st = svc_review_report(&vs, unit_id, from, to, &r, e);
    if (st != ST_OK)
        return st;
    review_section *sec = arena_alloc_array(s->a, REVIEW_SECTIONS, sizeof *sec);
    if (!sec)
        return err_set(e, ST_NOMEM, "out_of_memory", NULL, NULL);
    review_sections(&vs, &r, sec);
    review_doc d = {.summary = arena_printf(s->a, "Tình hình đảng viên ra nước ngoài %s",
                                            period(&vs, from, to)),
                    .sections = sec,
                    .n = REVIEW_SECTIONS};
    d.h.date = r.generated_on;
    d.h.year = year_of(r.generated_on);
    if (r.unit_id)
        member_header(&vs, r.unit_id, r.unit_name, &d.h);
    d.intro = arena_printf(s->a,
                           "%s báo cáo tình hình đảng viên ra nước ngoài %s, so sánh với kỳ "
                           "trước có cùng độ dài, như sau:",
                           r.unit_name ? r.unit_name : "Hệ thống", period(&vs, from, to));
    const char *recipients[2] = {d.h.superior ? d.h.superior : "Cấp ủy cấp trên", "Lưu Đảng ủy"};
    d.recipients = recipients;
    d.nrecipients = 2;
    return pdf_review(s->a, &d, out, e);
}
