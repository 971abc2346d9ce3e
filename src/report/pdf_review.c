/*
 * pdf_review.c -- the review report's layout (pdf_review.h): sections
 * numbered with Roman numerals as party reports are (I-, II-), a chart
 * across the text width, its table of numbers under it.
 *
 * This file must never compute or reorder a figure.
 */
#include "report/pdf_review.h"

#define CHART_WIDTH_SHARE 1.0

static const char *roman(size_t i)
{
    static const char *const r[] = {"I",   "II",   "III", "IV", "V",  "VI",
                                    "VII", "VIII", "IX",  "X",  "XI", "XII"};
    return i < sizeof r / sizeof r[0] ? r[i] : "";
}

static void section(pdf_doc *d, arena *a, size_t i, const review_section *s)
{
    pdf_par h = {.text = arena_printf(a, "%s- %s", roman(i), s->heading),
                 .flags = PDF_BOLD,
                 .before = 6,
                 .after = 4};
    pdf_need(d, 30);
    pdf_par_flow(d, &h);
    if (s->text)
        pdf_frame_body(d, s->text);
    if (s->chart) {
        double x, y, w, hh, mm = 72.0 / 25.4;
        double want = chart_height(s->chart, 0) / mm;
        cairo_t *cr = pdf_area(d, want + 4, &x, &y, &w, &hh);
        if (cr)
            chart_draw(cr, s->chart, x, y, w * CHART_WIDTH_SHARE, hh - 4 * mm, pdf_font(d));
    }
    if (s->table.ncols > 0) {
        pdf_table_draw(d, &s->table, s->cells, s->nrows);
        pdf_gap(d, 8);
    }
}

status pdf_review(arena *a, const review_doc *r, strbuf *out, error *e)
{
    pdf_doc *d;
    status st =
        pdf_open(&pdf_profile_party_hd36, "Báo cáo tình hình đảng viên ra nước ngoài", &d, e);
    if (st != ST_OK)
        return st;
    pdf_frame_header(d, a, &r->h);
    pdf_frame_title(d, a, "Báo cáo", r->summary);
    if (r->intro)
        pdf_frame_body(d, r->intro);
    for (size_t i = 0; i < r->n; i++)
        section(d, a, i, &r->sections[i]);
    pdf_frame_signature(d, a, "T/M Đảng ủy", "Bí thư", NULL, r->recipients, r->nrecipients);
    return pdf_finish(d, out, e);
}
