/*
 * pdf.c -- the page-layout layer of pdf.h: pango lays out each paragraph,
 * cairo's PDF surface writes the pages into a memory buffer.
 *
 * Units: the PDF surface measures in points (1/72 inch); the profile in
 * millimetres and points. The cursor `y` is the top of the next block,
 * in points from the top of the page. This file must never know what a
 * document says, read the database, or write anywhere but the buffer.
 */
#include "report/pdf.h"

#include <cairo-pdf.h>
#include <fontconfig/fontconfig.h>
#include <pango/pangocairo.h>
#include <stdio.h>
#include <string.h>

#include "core/alloc.h"

#define MM          (72.0 / 25.4)
#define CELL_PAD    3.0 /* pt: padding inside a table cell */
#define CELL_GUTTER 6.0 /* pt between the cells of a row */

const pdf_profile pdf_profile_party_hd36 = {
    .name = "party-hd36",
    .font = "Noto Serif, DejaVu Serif, serif",
    .page_w = 210.0,
    .page_h = 297.0,
    .top = 20.0,
    .bottom = 20.0,
    .left = 30.0,
    .right = 15.0,
    .body_size = 14.0,
    .small_size = 12.0,
    .par_gap = 6.0,
    .indent = 12.7,
    .line_spacing = 1.0,
    .page_number_size = 14.0,
};

struct pdf_doc {
    const pdf_profile *p;
    cairo_surface_t *surf;
    cairo_t *cr;
    strbuf bytes;
    double y; /* pt from the top of the page */
    int page;
    error err; /* the first failure; err.st ST_OK while none */
};

/* ---- failures ---- */

static bool ok(const pdf_doc *d) { return d && d->err.st == ST_OK; }

static void fail(pdf_doc *d, status st, const char *code, const char *arg)
{
    if (d->err.st == ST_OK)
        err_set(&d->err, st, code, NULL, arg);
}

/* Take cairo's status after a drawing step. */
static void check_cairo(pdf_doc *d)
{
    cairo_status_t cs = cairo_status(d->cr);
    if (cs == CAIRO_STATUS_SUCCESS)
        cs = cairo_surface_status(d->surf);
    if (cs == CAIRO_STATUS_NO_MEMORY)
        fail(d, ST_NOMEM, "out_of_memory", NULL);
    else if (cs != CAIRO_STATUS_SUCCESS)
        fail(d, ST_INTERNAL, "pdf_failed", cairo_status_to_string(cs));
}

static cairo_status_t sink(void *closure, const unsigned char *data, unsigned int len)
{
    strbuf *b = closure;
    buf_append(b, data, len);
    return b->failed ? CAIRO_STATUS_WRITE_ERROR : CAIRO_STATUS_SUCCESS;
}

/* ---- geometry ---- */

static double text_left(const pdf_doc *d) { return d->p->left * MM; }
static double text_width(const pdf_doc *d)
{
    return (d->p->page_w - d->p->left - d->p->right) * MM;
}
static double text_top(const pdf_doc *d) { return d->p->top * MM; }
static double text_bottom(const pdf_doc *d) { return (d->p->page_h - d->p->bottom) * MM; }
static double room(const pdf_doc *d) { return text_bottom(d) - d->y; }

/* ---- layouts ---- */

static PangoLayout *layout_new(pdf_doc *d, const char *text, double size, unsigned flags,
                               pdf_align align, double indent_pt, double width)
{
    PangoLayout *l = pango_cairo_create_layout(d->cr);
    if (!l) {
        fail(d, ST_NOMEM, "out_of_memory", NULL);
        return NULL;
    }
    PangoFontDescription *fd = pango_font_description_from_string(d->p->font);
    pango_font_description_set_absolute_size(fd, (size > 0 ? size : d->p->body_size) * PANGO_SCALE);
    pango_font_description_set_weight(fd,
                                      flags & PDF_BOLD ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
    pango_font_description_set_style(fd,
                                     flags & PDF_ITALIC ? PANGO_STYLE_ITALIC : PANGO_STYLE_NORMAL);
    pango_layout_set_font_description(l, fd);
    pango_font_description_free(fd);
    pango_layout_set_width(l, (int)(width * PANGO_SCALE));
    pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
    pango_layout_set_line_spacing(l, (float)d->p->line_spacing);
    pango_layout_set_indent(l, (int)(indent_pt * PANGO_SCALE));
    pango_layout_set_justify(l, align == PDF_JUSTIFY);
    pango_layout_set_alignment(l, align == PDF_CENTER  ? PANGO_ALIGN_CENTER
                                  : align == PDF_RIGHT ? PANGO_ALIGN_RIGHT
                                                       : PANGO_ALIGN_LEFT);
    if (flags & PDF_UNDERLINE) {
        PangoAttrList *al = pango_attr_list_new();
        pango_attr_list_insert(al, pango_attr_underline_new(PANGO_UNDERLINE_SINGLE));
        pango_layout_set_attributes(l, al);
        pango_attr_list_unref(al);
    }
    /* An empty paragraph still takes one line of its size. */
    pango_layout_set_text(l, text && *text ? text : " ", -1);
    return l;
}

static PangoLayout *par_layout(pdf_doc *d, const pdf_par *p, double width)
{
    const char *text = p->flags & PDF_DOTTED ? NULL : p->text;
    return layout_new(d, text, p->size, p->flags, p->align, p->indent * MM, width);
}

/* A dotted line under the baseline across [x, x + w]. */
static void draw_dots(pdf_doc *d, double x, double w, double base)
{
    static const double dash[2] = {0.8, 2.4};
    cairo_save(d->cr);
    cairo_set_line_width(d->cr, 0.8);
    cairo_set_line_cap(d->cr, CAIRO_LINE_CAP_ROUND);
    cairo_set_dash(d->cr, dash, 2, 0);
    cairo_move_to(d->cr, x, base + 1.0);
    cairo_line_to(d->cr, x + w, base + 1.0);
    cairo_stroke(d->cr);
    cairo_restore(d->cr);
}

static double layout_height(PangoLayout *l)
{
    int w, h;
    pango_layout_get_size(l, &w, &h);
    (void)w;
    return (double)h / PANGO_SCALE;
}

/* The extra height a rule under the text takes. */
static double rule_extra(const pdf_par *p) { return p->rule != 0 ? 6.0 : 0.0; }

static double par_height(pdf_doc *d, const pdf_par *p, double width)
{
    PangoLayout *l = par_layout(d, p, width);
    if (!l)
        return 0;
    double h = p->before + layout_height(l) + rule_extra(p) + p->after;
    g_object_unref(l);
    return h;
}

/* The rule under a paragraph whose last line ended at `y`, centred in
 * [x, x + w]; -1: as long as the first line's ink. */
static void draw_rule(pdf_doc *d, PangoLayout *l, const pdf_par *p, double x, double w, double y)
{
    double len = p->rule * MM;
    if (p->rule < 0) {
        PangoRectangle ink;
        pango_layout_line_get_pixel_extents(pango_layout_get_line_readonly(l, 0), &ink, NULL);
        len = ink.width;
    }
    cairo_set_line_width(d->cr, 0.6);
    cairo_move_to(d->cr, x + (w - len) / 2, y + 3.0);
    cairo_line_to(d->cr, x + (w + len) / 2, y + 3.0);
    cairo_stroke(d->cr);
}

/* ---- pages ---- */

static void page_number(pdf_doc *d)
{
    char num[16];
    snprintf(num, sizeof num, "%d", d->page);
    PangoLayout *l = layout_new(d, num, d->p->page_number_size, 0, PDF_CENTER, 0, text_width(d));
    if (!l)
        return;
    double h = layout_height(l);
    cairo_move_to(d->cr, text_left(d), (text_top(d) - h) / 2);
    pango_cairo_show_layout(d->cr, l);
    g_object_unref(l);
}

static void new_page(pdf_doc *d)
{
    if (!ok(d))
        return;
    cairo_show_page(d->cr);
    d->page++;
    d->y = text_top(d);
    page_number(d);
    check_cairo(d);
}

void pdf_need(pdf_doc *d, double mm)
{
    if (ok(d) && room(d) < mm * MM && d->y > text_top(d))
        new_page(d);
}

void pdf_gap(pdf_doc *d, double pt)
{
    if (!ok(d))
        return;
    d->y += pt;
    if (d->y > text_bottom(d))
        new_page(d);
}

/* Draw a laid-out paragraph at x with width w from the cursor; when
 * `flow`, a line that does not fit goes to the next page. */
static void draw_layout(pdf_doc *d, PangoLayout *l, const pdf_par *p, double x, double w, bool flow)
{
    PangoLayoutIter *it = pango_layout_get_iter(l);
    double origin = d->y; /* where the layout's top is on this page */
    double last_bottom = d->y;
    do {
        int y0, y1;
        pango_layout_iter_get_line_yrange(it, &y0, &y1);
        double top = origin + (double)y0 / PANGO_SCALE;
        double bottom = origin + (double)y1 / PANGO_SCALE;
        if (flow && bottom > text_bottom(d) && top > text_top(d) + 0.5) {
            new_page(d);
            origin = d->y - (double)y0 / PANGO_SCALE;
            top = d->y;
            bottom = origin + (double)y1 / PANGO_SCALE;
        }
        PangoRectangle logical;
        pango_layout_iter_get_line_extents(it, NULL, &logical);
        double base = origin + (double)pango_layout_iter_get_baseline(it) / PANGO_SCALE;
        cairo_move_to(d->cr, x + (double)logical.x / PANGO_SCALE, base);
        if (p->flags & PDF_DOTTED)
            draw_dots(d, x, w, base);
        else
            pango_cairo_show_layout_line(d->cr, pango_layout_iter_get_line_readonly(it));
        last_bottom = bottom;
    } while (pango_layout_iter_next_line(it));
    pango_layout_iter_free(it);
    d->y = last_bottom;
    if (p->rule != 0) {
        draw_rule(d, l, p, x, w, d->y);
        d->y += rule_extra(p);
    }
}

static void par_at(pdf_doc *d, const pdf_par *p, double x, double w, bool flow)
{
    PangoLayout *l = par_layout(d, p, w);
    if (!l)
        return;
    d->y += p->before;
    if (flow && d->y > text_bottom(d))
        new_page(d);
    draw_layout(d, l, p, x, w, flow);
    g_object_unref(l);
    d->y += p->after;
    check_cairo(d);
}

void pdf_par_flow(pdf_doc *d, const pdf_par *p)
{
    if (ok(d))
        par_at(d, p, text_left(d), text_width(d), true);
}

/* ---- rows ---- */

static double cell_width(const pdf_doc *d, const pdf_cell *c, size_t n)
{
    return c->width * text_width(d) - (n > 1 ? CELL_GUTTER : 0);
}

static double cell_height(pdf_doc *d, const pdf_cell *c, size_t n)
{
    double h = 0;
    for (size_t i = 0; i < c->n; i++)
        h += par_height(d, &c->pars[i], cell_width(d, c, n));
    return h;
}

void pdf_row(pdf_doc *d, const pdf_cell *cells, size_t n)
{
    if (!ok(d))
        return;
    double h = 0;
    for (size_t i = 0; i < n; i++) {
        double ch = cell_height(d, &cells[i], n);
        h = ch > h ? ch : h;
    }
    if (h > text_bottom(d) - text_top(d)) {
        for (size_t i = 0; i < n; i++)
            for (size_t j = 0; j < cells[i].n; j++)
                pdf_par_flow(d, &cells[i].pars[j]);
        return;
    }
    if (h > room(d))
        new_page(d);
    double top = d->y, x = text_left(d);
    for (size_t i = 0; i < n && ok(d); i++) {
        d->y = top;
        double w = cell_width(d, &cells[i], n);
        for (size_t j = 0; j < cells[i].n; j++)
            par_at(d, &cells[i].pars[j], x, w, false);
        x += cells[i].width * text_width(d);
    }
    d->y = top + h;
}

/* ---- tables ---- */

/* Heights of one row's cells laid out; the layouts are returned in ls. */
static double table_row_layout(pdf_doc *d, const pdf_table *t, const char *const *row, bool head,
                               PangoLayout **ls)
{
    double h = 0, size = t->size > 0 ? t->size : d->p->small_size;
    for (size_t c = 0; c < t->ncols; c++) {
        double w = t->widths[c] * text_width(d) - 2 * CELL_PAD;
        pdf_align a = head ? PDF_CENTER : t->align ? t->align[c] : PDF_LEFT;
        ls[c] = layout_new(d, row[c], size, head ? PDF_BOLD : 0, a, 0, w);
        if (!ls[c])
            return 0;
        pango_layout_set_line_spacing(ls[c], 1.0f);
        double ch = layout_height(ls[c]) + 2 * CELL_PAD;
        h = ch > h ? ch : h;
    }
    return h;
}

static void table_row(pdf_doc *d, const pdf_table *t, const char *const *row, bool head)
{
    PangoLayout **ls = xcalloc(t->ncols, sizeof *ls);
    if (!ls) {
        fail(d, ST_NOMEM, "out_of_memory", NULL);
        return;
    }
    double h = table_row_layout(d, t, row, head, ls);
    if (ok(d) && h > room(d) && d->y > text_top(d)) {
        new_page(d);
        if (!head)
            table_row(d, t, t->head, true);
    }
    double x = text_left(d);
    cairo_set_line_width(d->cr, 0.5);
    for (size_t c = 0; c < t->ncols && ok(d); c++) {
        double w = t->widths[c] * text_width(d);
        cairo_rectangle(d->cr, x, d->y, w, h);
        cairo_stroke(d->cr);
        cairo_move_to(d->cr, x + CELL_PAD, d->y + CELL_PAD);
        pango_cairo_show_layout(d->cr, ls[c]);
        x += w;
    }
    for (size_t c = 0; c < t->ncols; c++)
        if (ls[c])
            g_object_unref(ls[c]);
    xfree(ls);
    d->y += h;
    check_cairo(d);
}

void pdf_table_draw(pdf_doc *d, const pdf_table *t, const char *const *cells, size_t nrows)
{
    if (!ok(d) || t->ncols == 0)
        return;
    table_row(d, t, t->head, true);
    for (size_t r = 0; r < nrows && ok(d); r++)
        table_row(d, t, cells + r * t->ncols, false);
}

/* ---- areas ---- */

cairo_t *pdf_area(pdf_doc *d, double height_mm, double *x, double *y, double *w, double *h)
{
    if (!ok(d))
        return NULL;
    double hp = height_mm * MM;
    if (hp > room(d) && d->y > text_top(d))
        new_page(d);
    *x = text_left(d);
    *y = d->y;
    *w = text_width(d);
    *h = hp;
    d->y += hp;
    return ok(d) ? d->cr : NULL;
}

const char *pdf_font(const pdf_doc *d) { return d->p->font; }
int pdf_pages(const pdf_doc *d) { return d ? d->page : 0; }

/* ---- the document ---- */

status pdf_open(const pdf_profile *p, const char *title, pdf_doc **out, error *e)
{
    *out = NULL;
    pdf_doc *d = xcalloc(1, sizeof *d);
    if (!d)
        return err_set(e, ST_NOMEM, "out_of_memory", NULL, NULL);
    d->p = p;
    d->surf = cairo_pdf_surface_create_for_stream(sink, &d->bytes, p->page_w * MM, p->page_h * MM);
    d->cr = cairo_create(d->surf);
    check_cairo(d);
    if (!ok(d)) {
        status st = err_set(e, d->err.st, d->err.code, NULL, d->err.arg);
        pdf_free(d);
        return st;
    }
    if (title)
        cairo_pdf_surface_set_metadata(d->surf, CAIRO_PDF_METADATA_TITLE, title);
    cairo_pdf_surface_set_metadata(d->surf, CAIRO_PDF_METADATA_CREATOR, "caunoi");
    /* Glyph positions as designed, not snapped to a screen's pixels. */
    cairo_font_options_t *fo = cairo_font_options_create();
    cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
    cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
    cairo_set_font_options(d->cr, fo);
    cairo_font_options_destroy(fo);
    cairo_set_source_rgb(d->cr, 0, 0, 0);
    d->page = 1;
    d->y = text_top(d);
    *out = d;
    return ST_OK;
}

void pdf_free(pdf_doc *d)
{
    if (!d)
        return;
    if (d->cr)
        cairo_destroy(d->cr);
    if (d->surf) {
        cairo_surface_finish(d->surf);
        cairo_surface_destroy(d->surf);
    }
    buf_free(&d->bytes);
    xfree(d);
}

status pdf_finish(pdf_doc *d, strbuf *out, error *e)
{
    if (ok(d)) {
        cairo_destroy(d->cr);
        d->cr = NULL;
        cairo_surface_finish(d->surf);
        cairo_status_t cs = cairo_surface_status(d->surf);
        if (cs == CAIRO_STATUS_NO_MEMORY || d->bytes.failed)
            fail(d, ST_NOMEM, "out_of_memory", NULL);
        else if (cs != CAIRO_STATUS_SUCCESS)
            fail(d, ST_INTERNAL, "pdf_failed", cairo_status_to_string(cs));
    }
    status st = d->err.st;
    if (st == ST_OK) {
        buf_append(out, d->bytes.data, d->bytes.len);
        if (out->failed)
            st = err_set(e, ST_NOMEM, "out_of_memory", NULL, NULL);
    } else {
        err_set(e, st, d->err.code, NULL, d->err.arg);
    }
    pdf_free(d);
    return st;
}

void pdf_release_caches(void)
{
    pango_cairo_font_map_set_default(NULL);
    cairo_debug_reset_static_data();
    FcFini(); /* fontconfig's own configuration and caches */
}
