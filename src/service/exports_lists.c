/*
 * exports_lists.c -- the rows of the four list exports (members, trips,
 * transfers, alerts), read page by page through the use cases that list
 * them and written to an exp_out (exports_internal.h).
 *
 * Each page is read into its own arena, freed before the next, so an
 * export's memory is a page and the file. This file must never read the
 * database except through those use cases, nor show a row the list would
 * not show the same actor.
 */
#include "service/exports_internal.h"

#include <string.h>

#include "domain/unit.h"
#include "service/alerts_list.h"
#include "service/svc_internal.h"
#include "service/transfer.h"
#include "service/trip.h"

#define YES_NO(s, b) exp_word(s, (b) ? "Có" : "Không", (b) ? "Yes" : "No")

/* A page context: the actor's svc with the page's arena, and the cursor
 * carried from one page to the next. */
typedef struct pager {
    svc ps;
    arena pa;
    char cursor[LIMIT_CURSOR + 1];
    bool more;
} pager;

static void pager_init(pager *p, svc *s)
{
    memset(p, 0, sizeof *p);
    p->ps = *s;
    p->ps.a = &p->pa;
    p->more = true;
}

/* Keep the next page's cursor (NULL: the last page) and empty the arena. */
static void pager_next(pager *p, const char *next)
{
    p->more = next != NULL;
    if (next)
        str_copy_utf8(p->cursor, sizeof p->cursor, next);
    arena_free(&p->pa);
}

static const char *cursor_of(const pager *p) { return p->cursor[0] ? p->cursor : NULL; }

static bool in_period(date_t d, const export_query *q)
{
    if (q->from == DATE_NONE && q->to == DATE_NONE)
        return true;
    if (d == DATE_NONE)
        return false;
    return (q->from == DATE_NONE || d >= q->from) && (q->to == DATE_NONE || d <= q->to);
}

/* ---- members ---- */

static void member_cells(const svc *s, const member *m, sheet_cell *c)
{
    c[SVC_COL_FULL_NAME] = sheet_text(m->full_name);
    c[SVC_COL_SEX] =
        sheet_text(m->sex == 'F' ? exp_word(s, "Nữ", "Female") : exp_word(s, "Nam", "Male"));
    c[SVC_COL_BIRTH] = sheet_date(m->birth_date);
    c[SVC_COL_CCCD] = sheet_text(m->cccd);
    c[SVC_COL_BORN_ABROAD] = sheet_text(YES_NO(s, m->born_abroad));
    c[SVC_COL_CMND] = sheet_text(m->cmnd);
    c[SVC_COL_CARD] = sheet_text(m->card_number);
    c[SVC_COL_RECORD] = sheet_text(m->record_number);
    c[SVC_COL_ADMITTED] = sheet_date(m->admitted_on);
    c[SVC_COL_OFFICIAL] = sheet_date(m->official_on);
    c[SVC_COL_UNIT] = sheet_text(m->unit_code);
    c[SVC_COL_PHONE] = sheet_text(m->phone);
    c[SVC_COL_EMAIL] = sheet_text(m->email);
}

status exp_members(svc *s, const export_query *q, const exp_unit *u, exp_out *x, error *e)
{
    exp_col cols[SVC_COL_COUNT];
    for (int k = 0; k < SVC_COL_COUNT; k++) {
        bool date = k == SVC_COL_BIRTH || k == SVC_COL_ADMITTED || k == SVC_COL_OFFICIAL;
        cols[k] =
            (exp_col){svc_columns[k].vi, svc_columns[k].en, date ? SHEET_DATE : SHEET_TEXT, 0};
    }
    const char *title = exp_title(s, "Danh sách đảng viên", "Members", u, DATE_NONE, DATE_NONE);
    if (!title)
        return err_set(e, ST_NOMEM, "out_of_memory", NULL, NULL);
    status st = exp_table(x, "Đảng viên", "Members", title, cols, SVC_COL_COUNT, e);
    pager p;
    pager_init(&p, s);
    while (st == ST_OK && p.more) {
        member_query mq = {.unit_id = q->unit_id,
                           .status = q->status,
                           .cursor = cursor_of(&p),
                           .limit = LIMIT_PAGE_MAX};
        member_page page;
        st = svc_member_search(&p.ps, &mq, &page, e);
        for (size_t i = 0; st == ST_OK && i < page.n; i++) {
            sheet_cell c[SVC_COL_COUNT];
            member_cells(s, &page.items[i], c);
            st = exp_row(x, c, e);
        }
        pager_next(&p, st == ST_OK ? page.next_cursor : NULL);
    }
    arena_free(&p.pa);
    return st;
}

/* ---- trips ---- */

static const exp_label trip_states[] = {
    {"draft", "Bản nháp, chưa gửi", "Draft, not sent"},
    {"submitted", "Đã gửi, chờ chi bộ", "Sent, waiting for the cell"},
    {"cell_reviewed", "Chờ cấp ủy quyết định", "Waiting for the committee"},
    {"approved", "Được đồng ý", "Approved"},
    {"refused", "Không được đồng ý", "Refused"},
    {"departed", "Đang ở nước ngoài", "Abroad"},
    {"extension_requested", "Đang xin gia hạn", "Extension requested"},
    {"returned", "Đã về, chưa nộp báo cáo", "Back, report not yet filed"},
    {"report_submitted", "Đã nộp báo cáo, chờ chi bộ", "Report filed, waiting for the cell"},
    {"report_reviewed", "Chờ cấp ủy ghi nhận báo cáo", "Waiting for the committee to acknowledge"},
    {"closed", "Đã xong", "Closed"},
    {"withdrawn", "Đã rút đơn", "Withdrawn"},
    {"cancelled", "Đã huỷ chuyến", "Cancelled"},
};

static const exp_label trip_purposes[] = {
    {"official", "Đi công tác", "Official work"},
    {"study", "Đi học tập", "Study"},
    {"labour", "Đi lao động", "Labour"},
    {"tourism", "Việc riêng: du lịch", "Private: tourism"},
    {"relatives", "Việc riêng: thăm thân nhân", "Private: visiting relatives"},
    {"medical", "Việc riêng: chữa bệnh", "Private: medical treatment"},
    {"private_other", "Việc riêng khác", "Private: other"},
};

static const exp_label trip_payers[] = {
    {"self", "Tự túc", "Self-funded"},
    {"agency", "Cơ quan cử đi chi trả", "The sending body pays"},
    {"host", "Phía nước ngoài mời và chi trả", "The inviting side abroad pays"},
    {"other", "Nguồn khác", "Other source"},
};

#define N_OF(a) (sizeof(a) / sizeof((a)[0]))

enum {
    TC_ID,
    TC_NAME,
    TC_UNIT,
    TC_PURPOSE,
    TC_DETAIL,
    TC_COUNTRIES,
    TC_PLANNED_DEP,
    TC_PLANNED_RET,
    TC_EXTENDED,
    TC_DEPARTED,
    TC_RETURNED,
    TC_STATE,
    TC_PAYER,
    TC_DELEGATION,
    TC_SUBMITTED,
    TC_DECIDED,
    TC_REPORT_DUE,
    TC_REPORT_ON,
    TC_DECISION_NO,
    TC_COUNT
};

static const exp_col trip_cols[TC_COUNT] = {
    {"Mã chuyến đi", "Trip", SHEET_INT, 0},
    {"Họ và tên", "Full name", SHEET_TEXT, 0},
    {"Đơn vị", "Unit", SHEET_TEXT, 0},
    {"Mục đích", "Purpose", SHEET_TEXT, 0},
    {"Chi tiết mục đích", "Purpose detail", SHEET_TEXT, 0},
    {"Nước đến", "Destinations", SHEET_TEXT, 0},
    {"Ngày đi dự kiến", "Planned departure", SHEET_DATE, 0},
    {"Ngày về dự kiến", "Planned return", SHEET_DATE, 0},
    {"Gia hạn đến", "Extended to", SHEET_DATE, 0},
    {"Ngày đi thực tế", "Departed on", SHEET_DATE, 0},
    {"Ngày về thực tế", "Returned on", SHEET_DATE, 0},
    {"Trạng thái", "State", SHEET_TEXT, 0},
    {"Kinh phí", "Paid by", SHEET_TEXT, 0},
    {"Đoàn", "Delegation", SHEET_TEXT, 0},
    {"Ngày nộp đơn", "Submitted on", SHEET_DATE, 0},
    {"Ngày quyết định", "Decided on", SHEET_DATE, 0},
    {"Hạn nộp báo cáo", "Report due", SHEET_DATE, 0},
    {"Ngày nộp báo cáo", "Report filed on", SHEET_DATE, 0},
    {"Số quyết định cử đi", "Sending decision", SHEET_TEXT, 0},
};

/* "Nhật Bản, Hàn Quốc" in the page's arena ("" when out of memory: the
 * row still says the rest). */
static const char *countries_of(svc *ps, const trip *t)
{
    strbuf b = {0};
    for (size_t i = 0; i < t->n_countries; i++) {
        const char *name = country_name(t->countries[i], ps->lg);
        if (i)
            buf_puts(&b, ", ");
        buf_puts(&b, name ? name : t->countries[i]);
    }
    const char *out = b.failed || !b.len ? "" : arena_strdup(ps->a, b.data);
    buf_free(&b);
    return out ? out : "";
}

static void trip_cells(svc *ps, const trip_view *v, sheet_cell *c)
{
    const trip *t = &v->t;
    c[TC_ID] = sheet_int(t->id);
    c[TC_NAME] = sheet_text(t->member_name);
    c[TC_UNIT] = sheet_text(t->unit_name);
    c[TC_PURPOSE] = sheet_text(
        exp_label_of(ps, trip_purposes, N_OF(trip_purposes), trip_purpose_name(t->purpose)));
    c[TC_DETAIL] = sheet_text(t->purpose_detail);
    c[TC_COUNTRIES] = sheet_text(countries_of(ps, t));
    c[TC_PLANNED_DEP] = sheet_date(t->planned_departure);
    c[TC_PLANNED_RET] = sheet_date(t->planned_return);
    c[TC_EXTENDED] = sheet_date(t->extended_return);
    c[TC_DEPARTED] = sheet_date(t->actual_departure);
    c[TC_RETURNED] = sheet_date(t->actual_return);
    c[TC_STATE] =
        sheet_text(exp_label_of(ps, trip_states, N_OF(trip_states), trip_state_name(t->state)));
    c[TC_PAYER] =
        sheet_text(exp_label_of(ps, trip_payers, N_OF(trip_payers), trip_payer_name(t->payer)));
    c[TC_DELEGATION] = sheet_text(v->delegation_name);
    c[TC_SUBMITTED] = sheet_date(t->submitted_on);
    c[TC_DECIDED] = sheet_date(t->decided_on);
    c[TC_REPORT_DUE] = sheet_date(v->deadlines.report_due);
    c[TC_REPORT_ON] = sheet_date(t->report_submitted_on);
    c[TC_DECISION_NO] = sheet_text(t->decision_number);
}

static date_t departure_of(const trip *t)
{
    return t->actual_departure != DATE_NONE ? t->actual_departure : t->planned_departure;
}

status exp_trips(svc *s, const export_query *q, const exp_unit *u, exp_out *x, error *e)
{
    const char *title =
        exp_title(s, "Danh sách chuyến đi nước ngoài", "Trips abroad", u, q->from, q->to);
    if (!title)
        return err_set(e, ST_NOMEM, "out_of_memory", NULL, NULL);
    status st = exp_table(x, "Chuyến đi", "Trips", title, trip_cols, TC_COUNT, e);
    pager p;
    pager_init(&p, s);
    while (st == ST_OK && p.more) {
        trip_query tq = {.unit_id = q->unit_id,
                         .state = q->status,
                         .purpose = q->purpose,
                         .country = q->country,
                         .cursor = cursor_of(&p),
                         .limit = LIMIT_PAGE_MAX};
        trip_page page;
        st = svc_trip_list(&p.ps, &tq, &page, e);
        for (size_t i = 0; st == ST_OK && i < page.n; i++) {
            if (!in_period(departure_of(&page.items[i].t), q))
                continue;
            sheet_cell c[TC_COUNT];
            trip_cells(&p.ps, &page.items[i], c);
            st = exp_row(x, c, e);
        }
        pager_next(&p, st == ST_OK ? page.next_cursor : NULL);
    }
    arena_free(&p.pa);
    return st;
}

/* ---- transfers ---- */

static const exp_label transfer_kinds[] = {
    {"temporary", "Chuyển sinh hoạt tạm thời", "Temporary transfer"},
    {"official", "Chuyển sinh hoạt chính thức", "Official transfer"},
    {"single", "Sinh hoạt đơn lẻ", "Single member"},
};

static const exp_label transfer_states[] = {
    {"issued", "Đang chờ nơi đến tiếp nhận", "Waiting to be received"},
    {"received", "Đã tiếp nhận", "Received"},
    {"returned", "Nơi đến đã trả lại", "Returned by the receiving unit"},
    {"cancelled", "Đã huỷ", "Cancelled"},
    {"ended", "Đã kết thúc", "Ended"},
};

enum {
    XC_LETTER,
    XC_NAME,
    XC_KIND,
    XC_BACK,
    XC_FROM,
    XC_TO,
    XC_COUNTRY,
    XC_ISSUED,
    XC_DUE,
    XC_RECEIVED,
    XC_STATE,
    XC_OVERDUE,
    XC_RETURNED,
    XC_CANCELLED,
    XC_ENDED,
    XC_NOTE,
    XC_COUNT
};

static const exp_col transfer_cols[XC_COUNT] = {
    {"Số giấy giới thiệu", "Letter number", SHEET_TEXT, 0},
    {"Họ và tên", "Full name", SHEET_TEXT, 0},
    {"Hình thức", "Kind", SHEET_TEXT, 0},
    {"Chuyển về trong nước", "Back home", SHEET_TEXT, 0},
    {"Nơi chuyển đi", "From", SHEET_TEXT, 0},
    {"Nơi chuyển đến", "To", SHEET_TEXT, 0},
    {"Nước đến", "Country", SHEET_TEXT, 0},
    {"Ngày ký giấy giới thiệu", "Issued on", SHEET_DATE, 0},
    {"Hạn nộp giấy giới thiệu", "To be received by", SHEET_DATE, 0},
    {"Ngày tiếp nhận", "Received on", SHEET_DATE, 0},
    {"Trạng thái", "State", SHEET_TEXT, 0},
    {"Quá hạn tiếp nhận", "Overdue", SHEET_TEXT, 0},
    {"Ngày trả lại", "Returned on", SHEET_DATE, 0},
    {"Ngày huỷ", "Cancelled on", SHEET_DATE, 0},
    {"Ngày kết thúc", "Ended on", SHEET_DATE, 0},
    {"Ghi chú", "Note", SHEET_TEXT, 0},
};

static void transfer_cells(const svc *s, const transfer *t, sheet_cell *c)
{
    const char *country = t->to_country ? country_name(t->to_country, s->lg) : NULL;
    c[XC_LETTER] = sheet_text(t->letter_number);
    c[XC_NAME] = sheet_text(t->member_name);
    c[XC_KIND] = sheet_text(
        exp_label_of(s, transfer_kinds, N_OF(transfer_kinds), transfer_kind_name(t->kind)));
    c[XC_BACK] = sheet_text(YES_NO(s, t->back));
    c[XC_FROM] = sheet_text(t->from_unit_name);
    c[XC_TO] = sheet_text(t->to_unit_name);
    c[XC_COUNTRY] = sheet_text(country ? country : t->to_country);
    c[XC_ISSUED] = sheet_date(t->issued_on);
    c[XC_DUE] = sheet_date(t->receive_due);
    c[XC_RECEIVED] = sheet_date(t->received_on);
    c[XC_STATE] = sheet_text(
        exp_label_of(s, transfer_states, N_OF(transfer_states), transfer_state_name(t->state)));
    c[XC_OVERDUE] = sheet_text(YES_NO(s, t->overdue));
    c[XC_RETURNED] = sheet_date(t->returned_on);
    c[XC_CANCELLED] = sheet_date(t->cancelled_on);
    c[XC_ENDED] = sheet_date(t->ended_on);
    c[XC_NOTE] = sheet_text(t->note);
}

status exp_transfers(svc *s, const export_query *q, const exp_unit *u, exp_out *x, error *e)
{
    const char *title = exp_title(s, "Danh sách chuyển sinh hoạt đảng",
                                  "Transfers of party activity", u, q->from, q->to);
    if (!title)
        return err_set(e, ST_NOMEM, "out_of_memory", NULL, NULL);
    status st = exp_table(x, "Chuyển sinh hoạt", "Transfers", title, transfer_cols, XC_COUNT, e);
    pager p;
    pager_init(&p, s);
    while (st == ST_OK && p.more) {
        transfer_query tq = {.unit_id = q->unit_id,
                             .direction = q->direction,
                             .state = q->status,
                             .cursor = cursor_of(&p),
                             .limit = LIMIT_PAGE_MAX};
        transfer *items = NULL;
        size_t n = 0;
        const char *next = NULL;
        st = svc_transfer_list(&p.ps, &tq, &items, &n, &next, e);
        for (size_t i = 0; st == ST_OK && i < n; i++) {
            if (!in_period(items[i].issued_on, q))
                continue;
            sheet_cell c[XC_COUNT];
            transfer_cells(&p.ps, &items[i], c);
            st = exp_row(x, c, e);
        }
        pager_next(&p, st == ST_OK ? next : NULL);
    }
    arena_free(&p.pa);
    return st;
}

/* ---- alerts ---- */

static const exp_label parties[] = {
    {"member", "Đảng viên", "The member"},
    {"cell", "Chi bộ", "The cell"},
    {"committee", "Cấp ủy", "The committee"},
};

enum {
    AC_ID,
    AC_RULE,
    AC_CODE,
    AC_NAME,
    AC_PARTY,
    AC_SINCE,
    AC_DUE,
    AC_TRIP,
    AC_TRANSFER,
    AC_EXEMPTION,
    AC_OPENED,
    AC_RESOLVED,
    AC_SOURCE,
    AC_COUNT
};

static const exp_col alert_cols[AC_COUNT] = {
    {"Mã cảnh báo", "Alert", SHEET_INT, 0},
    {"Vi phạm", "Violation", SHEET_TEXT, 0},
    {"Mã quy định", "Rule", SHEET_TEXT, 0},
    {"Họ và tên", "Full name", SHEET_TEXT, 0},
    {"Ai phải làm", "Who must act", SHEET_TEXT, 0},
    {"Vi phạm từ ngày", "Since", SHEET_DATE, 0},
    {"Hạn", "Due", SHEET_DATE, 0},
    {"Mã chuyến đi", "Trip", SHEET_INT, 0},
    {"Mã chuyển sinh hoạt", "Transfer", SHEET_INT, 0},
    {"Mã miễn sinh hoạt", "Exemption", SHEET_INT, 0},
    {"Ngày phát hiện", "Found on", SHEET_DATE, 0},
    {"Ngày hết vi phạm", "Resolved on", SHEET_DATE, 0},
    {"Căn cứ", "Source", SHEET_TEXT, 0},
};

static sheet_cell id_cell(int64_t id) { return id ? sheet_int(id) : sheet_empty(); }

static void alert_cells(const svc *s, const alert *a, sheet_cell *c)
{
    c[AC_ID] = sheet_int(a->id);
    c[AC_RULE] =
        sheet_text(a->rule ? exp_word(s, a->rule->name_vi, a->rule->name_en) : a->rule_code);
    c[AC_CODE] = sheet_text(a->rule_code);
    c[AC_NAME] = sheet_text(a->member_name);
    c[AC_PARTY] = sheet_text(exp_label_of(s, parties, N_OF(parties), a->party));
    c[AC_SINCE] = sheet_date(a->since);
    c[AC_DUE] = sheet_date(a->due);
    c[AC_TRIP] = id_cell(a->trip_id);
    c[AC_TRANSFER] = id_cell(a->transfer_id);
    c[AC_EXEMPTION] = id_cell(a->exemption_id);
    c[AC_OPENED] = sheet_date(exp_vn_date(a->opened_at));
    c[AC_RESOLVED] = sheet_date(exp_vn_date(a->resolved_at));
    c[AC_SOURCE] = sheet_text(a->rule ? a->rule->source : NULL);
}

status exp_alerts(svc *s, const export_query *q, const exp_unit *u, exp_out *x, error *e)
{
    bool all = q->status && strcmp(q->status, "all") == 0;
    if (q->status && !all && strcmp(q->status, "open") != 0)
        return err_set(e, ST_INVALID, "export_status_invalid", "status", q->status);
    const char *title = exp_title(s, all ? "Cảnh báo vi phạm" : "Cảnh báo vi phạm đang mở",
                                  all ? "Alerts" : "Open alerts", u, q->from, q->to);
    if (!title)
        return err_set(e, ST_NOMEM, "out_of_memory", NULL, NULL);
    status st = exp_table(x, "Cảnh báo", "Alerts", title, alert_cols, AC_COUNT, e);
    pager p;
    pager_init(&p, s);
    while (st == ST_OK && p.more) {
        alert_query aq = {
            .unit_id = q->unit_id, .all = all, .cursor = cursor_of(&p), .limit = LIMIT_PAGE_MAX};
        alert *items = NULL;
        size_t n = 0;
        const char *next = NULL;
        st = svc_alerts_list(&p.ps, &aq, &items, &n, &next, e);
        for (size_t i = 0; st == ST_OK && i < n; i++) {
            if (!in_period(items[i].since, q))
                continue;
            sheet_cell c[AC_COUNT];
            alert_cells(&p.ps, &items[i], c);
            st = exp_row(x, c, e);
        }
        pager_next(&p, st == ST_OK ? next : NULL);
    }
    arena_free(&p.pa);
    return st;
}
