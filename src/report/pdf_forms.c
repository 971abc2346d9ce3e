/*
 * pdf_forms.c -- the party document frame and the four papers of a member
 * abroad (pdf_forms.h), with the wording of the web's print views.
 *
 * This file must never read records or decide whether a document applies:
 * it prints the values it is given, and a gap where a value is missing.
 */
#include "report/pdf_forms.h"

#include <string.h>

#include "report/vnfmt.h"

#define GAP_LONG "……………………………………………"

static const char *or_gap(const char *s) { return s && *s ? s : GAP_LONG; }

/* ---- the frame ---- */

void pdf_frame_header(pdf_doc *d, arena *a, const form_header *h)
{
    pdf_par left[4], right[2];
    size_t nl = 0;
    if (h->superior && *h->superior)
        left[nl++] = (pdf_par){.text = vn_upper(a, h->superior), .align = PDF_CENTER};
    left[nl++] = (pdf_par){.text = h->issuer ? vn_upper(a, h->issuer) : GAP_LONG,
                           .flags = PDF_BOLD,
                           .align = PDF_CENTER};
    left[nl++] = (pdf_par){.text = "*", .align = PDF_CENTER};
    if (h->number && *h->number)
        left[nl++] = (pdf_par){.text = h->number, .align = PDF_CENTER};
    right[0] = (pdf_par){.text = "ĐẢNG CỘNG SẢN VIỆT NAM",
                         .size = 15,
                         .flags = PDF_BOLD,
                         .align = PDF_CENTER,
                         .rule = -1};
    right[1] = (pdf_par){.text = vn_date_line(a, h->place, h->date, h->year),
                         .flags = PDF_ITALIC,
                         .align = PDF_CENTER,
                         .before = 8};
    pdf_cell cells[2] = {{0.45, left, nl}, {0.55, right, 2}};
    pdf_row(d, cells, 2);
    pdf_gap(d, 12);
}

void pdf_frame_title(pdf_doc *d, arena *a, const char *type, const char *summary)
{
    pdf_par t = {.text = vn_upper(a, type),
                 .size = 16,
                 .flags = PDF_BOLD,
                 .align = PDF_CENTER,
                 .rule = summary ? 0 : 25};
    pdf_par s = {.text = summary, .flags = PDF_BOLD, .align = PDF_CENTER, .rule = 25, .after = 12};
    pdf_need(d, 40);
    pdf_par_flow(d, &t);
    if (summary)
        pdf_par_flow(d, &s);
    else
        pdf_gap(d, 12);
}

void pdf_frame_body(pdf_doc *d, const char *text)
{
    pdf_par p = {
        .text = text, .align = PDF_JUSTIFY, .indent = pdf_profile_party_hd36.indent, .after = 6};
    pdf_par_flow(d, &p);
}

void pdf_frame_line(pdf_doc *d, arena *a, const char *label, const char *value)
{
    pdf_par p = {.text = arena_printf(a, "%s: %s", label, or_gap(value)),
                 .align = PDF_LEFT,
                 .indent = pdf_profile_party_hd36.indent,
                 .after = 2};
    pdf_par_flow(d, &p);
}

/* "Kính gửi:" and the addressees, one a line, the last ending with ".". */
static void addressees(pdf_doc *d, arena *a, const char *const *to, size_t n)
{
    pdf_par label = {.text = "Kính gửi:", .flags = PDF_ITALIC, .align = PDF_RIGHT};
    pdf_par lines[3];
    size_t k = 0;
    for (size_t i = 0; i < n && k < 3; i++)
        if (to[i] && *to[i])
            lines[k++] = (pdf_par){.text = arena_printf(a, "- %s", to[i])};
    if (k == 0)
        lines[k++] = (pdf_par){.text = GAP_LONG};
    for (size_t i = 0; i < k; i++)
        lines[i].text = arena_printf(a, "%s%s", lines[i].text, i + 1 < k ? ";" : ".");
    pdf_cell cells[2] = {{0.25, &label, 1}, {0.75, lines, k}};
    pdf_row(d, cells, 2);
    pdf_gap(d, 10);
}

void pdf_frame_signature(pdf_doc *d, arena *a, const char *authority, const char *title,
                         const char *name, const char *const *recipients, size_t n)
{
    pdf_par left[8], right[5];
    size_t nl = 0, nr = 0;
    if (n > 0)
        left[nl++] = (pdf_par){.text = "Nơi nhận:", .flags = PDF_UNDERLINE | PDF_ITALIC};
    for (size_t i = 0; i < n && nl < 8; i++)
        left[nl++] = (pdf_par){
            .text = arena_printf(a, "- %s%s", recipients[i], i + 1 < n ? ";" : "."), .size = 12};
    if (authority)
        right[nr++] =
            (pdf_par){.text = vn_upper(a, authority), .flags = PDF_BOLD, .align = PDF_CENTER};
    right[nr++] = (pdf_par){
        .text = vn_upper(a, title), .flags = authority ? 0 : PDF_BOLD, .align = PDF_CENTER};
    right[nr++] = (pdf_par){
        .text = "(Ký, ghi rõ họ tên)", .size = 12, .flags = PDF_ITALIC, .align = PDF_CENTER};
    right[nr++] = (pdf_par){.text = name && *name ? name : GAP_LONG,
                            .flags = PDF_BOLD,
                            .align = PDF_CENTER,
                            .before = 36};
    pdf_cell cells[2] = {{0.45, left, nl}, {0.55, right, nr}};
    pdf_gap(d, 6);
    pdf_row(d, cells, 2);
}

/* An opinion's heading and text, or two dotted lines to write it on. */
static size_t opinion_text(pdf_par *out, const char *heading, const char *opinion)
{
    size_t n = 0;
    out[n++] = (pdf_par){.text = heading, .flags = PDF_BOLD, .align = PDF_CENTER, .after = 4};
    if (opinion && *opinion) {
        out[n++] = (pdf_par){.text = opinion, .align = PDF_JUSTIFY, .after = 6};
    } else {
        out[n++] = (pdf_par){.flags = PDF_DOTTED};
        out[n++] = (pdf_par){.flags = PDF_DOTTED, .after = 6};
    }
    return n;
}

/* The authority, the secretary's title, room to sign and a dotted name. */
static void opinion_sign(pdf_par out[3], const char *authority)
{
    out[0] = (pdf_par){.text = authority, .flags = PDF_BOLD, .align = PDF_CENTER};
    out[1] = (pdf_par){.text = "BÍ THƯ", .align = PDF_CENTER};
    out[2] = (pdf_par){.text = GAP_LONG, .align = PDF_CENTER, .before = 36};
}

/* The member's signature on the right, then the opinions of the cell and
 * of the committee side by side, their signatures level. */
static void member_signs(pdf_doc *d, arena *a, const char *title, const char *name,
                         const char *cell, const char *committee)
{
    pdf_par right[3];
    right[0] = (pdf_par){.text = vn_upper(a, title), .flags = PDF_BOLD, .align = PDF_CENTER};
    right[1] = (pdf_par){
        .text = "(Ký, ghi rõ họ tên)", .size = 12, .flags = PDF_ITALIC, .align = PDF_CENTER};
    right[2] = (pdf_par){.text = name && *name ? name : GAP_LONG,
                         .flags = PDF_BOLD,
                         .align = PDF_CENTER,
                         .before = 36};
    pdf_cell signer[2] = {{0.45, NULL, 0}, {0.55, right, 3}};
    pdf_gap(d, 6);
    pdf_row(d, signer, 2);
    pdf_par lt[3], rt[3], ls[3], rs[3];
    size_t nl = opinion_text(lt, "Ý KIẾN CỦA CHI BỘ", cell);
    size_t nr = opinion_text(rt, "Ý KIẾN CỦA ĐẢNG ỦY", committee);
    opinion_sign(ls, "T/M CHI BỘ");
    opinion_sign(rs, "T/M ĐẢNG ỦY");
    pdf_cell texts[2] = {{0.5, lt, nl}, {0.5, rt, nr}};
    pdf_cell signs[2] = {{0.5, ls, 3}, {0.5, rs, 3}};
    pdf_gap(d, 10);
    pdf_need(d, 60);
    pdf_row(d, texts, 2);
    pdf_row(d, signs, 2);
}

/* The identity lines every paper of a member opens with. */
static void person(pdf_doc *d, arena *a, const form_person *m, bool full)
{
    pdf_frame_line(d, a, "Tên tôi là", m->full_name);
    if (full) {
        pdf_frame_line(d, a, "Ngày sinh", vn_short_date(a, m->birth_date));
        pdf_frame_line(d, a, "Số thẻ đảng viên", m->card_number);
        pdf_frame_line(d, a, "Ngày vào Đảng", vn_short_date(a, m->admitted_on));
        pdf_frame_line(d, a, "Ngày chính thức", vn_short_date(a, m->official_on));
    }
    pdf_frame_line(d, a, "Sinh hoạt tại", m->unit_name);
}

static status open_doc(const char *title, pdf_doc **d, error *e)
{
    return pdf_open(&pdf_profile_party_hd36, title, d, e);
}

static void head_and_to(pdf_doc *d, arena *a, const form_header *h, const char *type,
                        const char *summary, const char *unit_name)
{
    pdf_frame_header(d, a, h);
    pdf_frame_title(d, a, type, summary);
    const char *to[2] = {h->superior, unit_name};
    addressees(d, a, to, 2);
}

/* ---- the application (Phụ lục I) ---- */

status pdf_form_application(arena *a, const form_trip *f, strbuf *out, error *e)
{
    pdf_doc *d;
    status st = open_doc("Đơn đề nghị ra nước ngoài", &d, e);
    if (st != ST_OK)
        return st;
    const char *summary = f->private_trip ? "Ra nước ngoài về việc riêng" : "Ra nước ngoài";
    head_and_to(d, a, &f->h, "Đơn đề nghị", summary, f->m.unit_name);
    person(d, a, &f->m, true);
    pdf_frame_body(d, "Tôi làm đơn này đề nghị cấp ủy cho phép tôi được ra nước ngoài, cụ thể "
                      "như sau:");
    pdf_frame_line(d, a, "Nước đến", f->countries);
    pdf_frame_line(d, a, "Mục đích", f->purpose);
    pdf_frame_line(d, a, "Thời gian",
                   arena_printf(a, "từ ngày %s đến ngày %s", vn_short_date(a, f->departure),
                                vn_short_date(a, f->return_on)));
    pdf_frame_line(d, a, "Kinh phí", f->payer);
    if (f->decision_number)
        pdf_frame_line(d, a, "Quyết định cử đi số", f->decision_number);
    if (f->delegation)
        pdf_frame_line(d, a, "Đi cùng đoàn", f->delegation);
    if (f->documents)
        pdf_frame_line(d, a, "Giấy tờ kèm theo", f->documents);
    pdf_frame_body(
        d, arena_printf(a,
                        "Tôi xin cam kết chấp hành nghiêm các quy định của Đảng và pháp luật của "
                        "Nhà nước khi ở nước ngoài; không mang tài liệu mật ra nước ngoài; về nước "
                        "đúng thời hạn và báo cáo kết quả chuyến đi với chi bộ trong thời hạn %d "
                        "ngày %skể từ ngày nhập cảnh về nước.",
                        f->report_days, f->report_in_calendar_days ? "" : "làm việc "));
    member_signs(d, a, "Người làm đơn", f->m.full_name, f->cell_opinion, f->committee_opinion);
    return pdf_finish(d, out, e);
}

/* ---- the commitment about relatives abroad (Phụ lục II) ---- */

static void relatives_table(pdf_doc *d)
{
    static const double w[5] = {0.08, 0.32, 0.18, 0.22, 0.20};
    static const pdf_align al[5] = {PDF_CENTER, PDF_LEFT, PDF_LEFT, PDF_LEFT, PDF_LEFT};
    static const char *const head[5] = {"TT", "Họ và tên thân nhân", "Quan hệ với bản thân",
                                        "Nước đang ở, địa chỉ", "Nghề nghiệp"};
    static const char *const rows[15] = {"1",  NULL, NULL, NULL, NULL, "2",  NULL, NULL,
                                         NULL, NULL, "3",  NULL, NULL, NULL, NULL};
    pdf_table t = {.ncols = 5, .widths = w, .align = al, .head = head, .size = 12};
    pdf_table_draw(d, &t, rows, 3);
    pdf_gap(d, 8);
}

status pdf_form_commitment(arena *a, const form_trip *f, strbuf *out, error *e)
{
    pdf_doc *d;
    status st = open_doc("Bản cam kết về thân nhân ở nước ngoài", &d, e);
    if (st != ST_OK)
        return st;
    head_and_to(d, a, &f->h, "Bản cam kết", "Về thân nhân ở nước ngoài", f->m.unit_name);
    person(d, a, &f->m, true);
    pdf_frame_body(d, arena_printf(a,
                                   "Tôi được cấp ủy xem xét cho ra nước ngoài về việc riêng (%s) "
                                   "tại %s, từ ngày %s đến ngày %s. Tôi có thân nhân đang ở nước "
                                   "ngoài như sau:",
                                   or_gap(f->purpose), or_gap(f->countries),
                                   vn_short_date(a, f->departure), vn_short_date(a, f->return_on)));
    relatives_table(d);
    pdf_frame_body(d, "Tôi xin cam kết:");
    pdf_frame_body(d, "1. Đã khai đầy đủ, trung thực về thân nhân ở nước ngoài; báo cáo cấp ủy "
                      "khi có thay đổi.");
    pdf_frame_body(d, "2. Không để thân nhân hoặc người khác lợi dụng; không làm điều gì có hại "
                      "đến lợi ích của Đảng, Nhà nước và danh dự của người đảng viên.");
    pdf_frame_body(d, "3. Giữ gìn bí mật của Đảng và Nhà nước; không mang tài liệu mật ra nước "
                      "ngoài; chấp hành nghiêm pháp luật của Việt Nam và của nước sở tại.");
    pdf_frame_body(d, "4. Về nước đúng thời hạn và báo cáo kết quả chuyến đi với chi bộ. Nếu vi "
                      "phạm, tôi xin chịu hoàn toàn trách nhiệm trước tổ chức đảng.");
    member_signs(d, a, "Người cam kết", f->m.full_name, NULL, NULL);
    return pdf_finish(d, out, e);
}

/* ---- the post-trip report (Phụ lục III) ---- */

/* Each non-blank line of the report a paragraph. */
static void report_paragraphs(pdf_doc *d, arena *a, const char *text)
{
    bool any = false;
    for (const char *p = text; p && *p;) {
        const char *nl = strchr(p, '\n');
        size_t n = nl ? (size_t)(nl - p) : strlen(p);
        size_t k = n;
        while (k > 0 && (p[k - 1] == ' ' || p[k - 1] == '\r' || p[k - 1] == '\t'))
            k--;
        size_t s = 0;
        while (s < k && (p[s] == ' ' || p[s] == '\t'))
            s++;
        if (k > s) {
            pdf_frame_body(d, arena_strndup(a, p + s, k - s));
            any = true;
        }
        p += n + (nl ? 1 : 0);
    }
    pdf_par dots = {.flags = PDF_DOTTED, .after = 6};
    if (!any)
        for (int i = 0; i < 6; i++)
            pdf_par_flow(d, &dots);
}

status pdf_form_report(arena *a, const form_trip *f, strbuf *out, error *e)
{
    pdf_doc *d;
    status st = open_doc("Báo cáo kết quả ra nước ngoài", &d, e);
    if (st != ST_OK)
        return st;
    const char *summary =
        f->private_trip ? "Kết quả ra nước ngoài về việc riêng" : "Kết quả ra nước ngoài";
    head_and_to(d, a, &f->h, "Báo cáo", summary, f->m.unit_name);
    person(d, a, &f->m, false);
    pdf_frame_line(d, a, "Nước đã đến", f->countries);
    pdf_frame_line(d, a, "Mục đích", f->purpose);
    pdf_frame_line(d, a, "Được cấp ủy đồng ý ngày", vn_short_date(a, f->decided_on));
    pdf_frame_line(d, a, "Thời gian thực tế",
                   arena_printf(a, "xuất cảnh ngày %s, nhập cảnh về nước ngày %s",
                                vn_short_date(a, f->actual_departure),
                                vn_short_date(a, f->actual_return)));
    pdf_frame_body(d, "Tôi xin báo cáo kết quả chuyến đi như sau:");
    report_paragraphs(d, a, f->report_text);
    member_signs(d, a, "Người báo cáo", f->m.full_name, f->cell_opinion, f->committee_opinion);
    return pdf_finish(d, out, e);
}

/* ---- the introduction letter (data sheet) ---- */

status pdf_form_transfer(arena *a, const form_transfer *f, strbuf *out, error *e)
{
    pdf_doc *d;
    status st = open_doc("Giấy giới thiệu sinh hoạt đảng", &d, e);
    if (st != ST_OK)
        return st;
    pdf_frame_header(d, a, &f->h);
    pdf_frame_title(d, a, "Giấy giới thiệu sinh hoạt đảng", f->kind_summary);
    pdf_par note = {.text = "Bản kê số liệu để ghi vào mẫu giấy giới thiệu in sẵn (một màu mực, "
                            "không tẩy xóa).",
                    .size = 12,
                    .flags = PDF_ITALIC,
                    .align = PDF_CENTER,
                    .after = 10};
    pdf_par_flow(d, &note);
    const char *to[1] = {f->to_unit};
    addressees(d, a, to, 1);
    pdf_frame_line(d, a, "Số thẻ đảng viên (Số TĐV)", f->m.card_number);
    pdf_frame_line(d, a, "Số lý lịch (Số LL)", f->m.record_number);
    pdf_frame_line(d, a, "Đề nghị giới thiệu sinh hoạt đảng cho đồng chí", f->m.full_name);
    pdf_frame_line(d, a, "Bí danh", NULL);
    pdf_frame_line(d, a, "Ngày sinh", vn_short_date(a, f->m.birth_date));
    pdf_frame_line(d, a, "Ngày vào Đảng", vn_short_date(a, f->m.admitted_on));
    pdf_frame_line(d, a, "Ngày chính thức", vn_short_date(a, f->m.official_on));
    pdf_frame_line(d, a, "Đang sinh hoạt tại", f->from_unit);
    pdf_frame_line(d, a, "Đến sinh hoạt tại", f->to_unit);
    pdf_frame_line(d, a, "Đã đóng đảng phí hết tháng", "…… năm ……");
    pdf_frame_line(d, a, "Ngày cấp giấy", vn_short_date(a, f->issued_on));
    pdf_frame_line(d, a, "Hạn trình giấy", vn_short_date(a, f->receive_due));
    pdf_frame_line(d, a, "Tình trạng", f->state);
    if (f->note)
        pdf_frame_line(d, a, "Ghi chú", f->note);
    pdf_frame_line(d, a, "Giấy tờ kèm theo", NULL);
    const char *recipients[2] = {"Như trên", "Lưu Đảng ủy"};
    pdf_frame_signature(d, a, "T/M Đảng ủy", "Bí thư", NULL, recipients, 2);
    return pdf_finish(d, out, e);
}
