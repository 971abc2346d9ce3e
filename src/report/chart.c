/*
 * chart.c -- bar charts drawn with cairo and pango, and the same charts
 * as SVG text (chart.h). One geometry serves both: the title on top, then
 * for columns the bars over a baseline with the labels under it and the
 * numbers above the bars; for bars the labels on the left, the bars to
 * their right with the numbers at their ends.
 *
 * This file must never decide what is counted, nor emit text unescaped.
 */
#include "report/chart.h"

#include <pango/pangocairo.h>
#include <stdio.h>
#include <string.h>

#include "core/str.h"
#include "report/vnfmt.h"

#define TITLE_H   20.0 /* the title's band */
#define LABEL_H   16.0 /* the labels under columns */
#define VALUE_H   14.0 /* the numbers above columns */
#define BAR_ROW   16.0 /* one horizontal bar's row */
#define LABEL_W   0.32 /* the share of the width for a bar's label */
#define TEXT_SIZE 9.0
#define GREY      0.35 /* the bars' fill, dark enough for a photocopy */

static double value_of(const chart_item *it) { return it->value > 0 ? it->value : 0; }

static double max_value(const chart *c)
{
    double m = 0;
    for (size_t i = 0; i < c->n; i++)
        m = value_of(&c->items[i]) > m ? value_of(&c->items[i]) : m;
    return m;
}

double chart_height(const chart *c, double w)
{
    (void)w;
    if (c->kind == CHART_BARS)
        return TITLE_H + (double)(c->n ? c->n : 1) * BAR_ROW + 6;
    return 180.0;
}

/* ---- cairo ---- */

static void text_at(cairo_t *cr, const char *font, const char *s, double size, bool bold, double x,
                    double y, double w, PangoAlignment align)
{
    PangoLayout *l = pango_cairo_create_layout(cr);
    if (!l)
        return;
    PangoFontDescription *fd = pango_font_description_from_string(font);
    pango_font_description_set_absolute_size(fd, size * PANGO_SCALE);
    pango_font_description_set_weight(fd, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
    pango_layout_set_font_description(l, fd);
    pango_font_description_free(fd);
    pango_layout_set_width(l, (int)(w * PANGO_SCALE));
    pango_layout_set_ellipsize(l, PANGO_ELLIPSIZE_END);
    pango_layout_set_alignment(l, align);
    pango_layout_set_text(l, s ? s : "", -1);
    cairo_move_to(cr, x, y);
    pango_cairo_show_layout(cr, l);
    g_object_unref(l);
}

static const char *num(arena *a, const chart *c, double v) { return vn_number(a, v, c->decimals); }

static void draw_columns(cairo_t *cr, arena *a, const chart *c, double x, double y, double w,
                         double h, const char *font)
{
    double top = y + TITLE_H + VALUE_H, base = y + h - LABEL_H, m = max_value(c);
    double slot = c->n ? w / (double)c->n : w;
    for (size_t i = 0; i < c->n; i++) {
        double v = value_of(&c->items[i]);
        double bh = m > 0 ? (base - top) * v / m : 0;
        double bx = x + slot * (double)i + slot * 0.2;
        cairo_set_source_rgb(cr, GREY, GREY, GREY);
        cairo_rectangle(cr, bx, base - bh, slot * 0.6, bh);
        cairo_fill(cr);
        cairo_set_source_rgb(cr, 0, 0, 0);
        text_at(cr, font, num(a, c, v), TEXT_SIZE, false, x + slot * (double)i,
                base - bh - VALUE_H + 2, slot, PANGO_ALIGN_CENTER);
        text_at(cr, font, c->items[i].label, TEXT_SIZE, false, x + slot * (double)i, base + 3, slot,
                PANGO_ALIGN_CENTER);
    }
    cairo_set_line_width(cr, 0.6);
    cairo_move_to(cr, x, base);
    cairo_line_to(cr, x + w, base);
    cairo_stroke(cr);
}

static void draw_bars(cairo_t *cr, arena *a, const chart *c, double x, double y, double w,
                      const char *font)
{
    double lw = w * LABEL_W, room = w - lw - 40, m = max_value(c);
    for (size_t i = 0; i < c->n; i++) {
        double v = value_of(&c->items[i]);
        double ry = y + TITLE_H + BAR_ROW * (double)i;
        double bw = m > 0 ? room * v / m : 0;
        cairo_set_source_rgb(cr, 0, 0, 0);
        text_at(cr, font, c->items[i].label, TEXT_SIZE, false, x, ry + 2, lw - 6,
                PANGO_ALIGN_RIGHT);
        cairo_set_source_rgb(cr, GREY, GREY, GREY);
        cairo_rectangle(cr, x + lw, ry + 2, bw, BAR_ROW - 4);
        cairo_fill(cr);
        cairo_set_source_rgb(cr, 0, 0, 0);
        text_at(cr, font, num(a, c, v), TEXT_SIZE, false, x + lw + bw + 4, ry + 2, 40,
                PANGO_ALIGN_LEFT);
    }
    cairo_set_line_width(cr, 0.6);
    cairo_move_to(cr, x + lw, y + TITLE_H);
    cairo_line_to(cr, x + lw, y + TITLE_H + BAR_ROW * (double)c->n);
    cairo_stroke(cr);
}

void chart_draw(cairo_t *cr, const chart *c, double x, double y, double w, double h,
                const char *font)
{
    arena a = ARENA_INIT;
    cairo_save(cr);
    cairo_set_source_rgb(cr, 0, 0, 0);
    text_at(cr, font, c->title, 11, true, x, y, w, PANGO_ALIGN_CENTER);
    if (c->kind == CHART_BARS)
        draw_bars(cr, &a, c, x, y, w, font);
    else
        draw_columns(cr, &a, c, x, y, w, h, font);
    cairo_restore(cr);
    arena_free(&a);
}

/* ---- SVG ---- */

static void xml_text(strbuf *b, const char *s)
{
    for (; s && *s; s++) {
        switch (*s) {
        case '&': buf_puts(b, "&amp;"); break;
        case '<': buf_puts(b, "&lt;"); break;
        case '>': buf_puts(b, "&gt;"); break;
        case '"': buf_puts(b, "&quot;"); break;
        case '\'': buf_puts(b, "&#39;"); break;
        default: buf_putc(b, *s);
        }
    }
}

/* An id made only of [A-Za-z0-9_-]. */
static void xml_id(strbuf *b, const char *id)
{
    const char *s = id && *id ? id : "chart";
    for (; *s; s++) {
        char ch = *s;
        bool ok = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
                  (ch >= '0' && ch <= '9') || ch == '-' || ch == '_';
        buf_putc(b, ok ? ch : '_');
    }
}

static void svg_text(strbuf *b, double x, double y, const char *anchor, const char *s)
{
    buf_printf(b, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\">", x, y, anchor);
    xml_text(b, s);
    buf_puts(b, "</text>");
}

static void svg_bar(strbuf *b, arena *a, const chart *c, size_t i, double x, double y, double w,
                    double h)
{
    buf_printf(b, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\"><title>", x, y, w, h);
    xml_text(b, c->items[i].label);
    buf_puts(b, ": ");
    xml_text(b, num(a, c, value_of(&c->items[i])));
    buf_puts(b, "</title></rect>");
}

static void svg_columns(strbuf *b, arena *a, const chart *c, double w, double h)
{
    double top = TITLE_H + VALUE_H, base = h - LABEL_H, m = max_value(c);
    double slot = c->n ? w / (double)c->n : w;
    for (size_t i = 0; i < c->n; i++) {
        double v = value_of(&c->items[i]), bh = m > 0 ? (base - top) * v / m : 0;
        double cx = slot * ((double)i + 0.5);
        svg_bar(b, a, c, i, slot * ((double)i + 0.2), base - bh, slot * 0.6, bh);
        svg_text(b, cx, base - bh - 3, "middle", num(a, c, v));
        svg_text(b, cx, base + 12, "middle", c->items[i].label);
    }
    buf_printf(b, "<line x1=\"0\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"currentColor\"/>",
               base, w, base);
}

static void svg_bars(strbuf *b, arena *a, const chart *c, double w)
{
    double lw = w * LABEL_W, room = w - lw - 40, m = max_value(c);
    for (size_t i = 0; i < c->n; i++) {
        double v = value_of(&c->items[i]), ry = TITLE_H + BAR_ROW * (double)i;
        double bw = m > 0 ? room * v / m : 0;
        svg_text(b, lw - 6, ry + 12, "end", c->items[i].label);
        svg_bar(b, a, c, i, lw, ry + 2, bw, BAR_ROW - 4);
        svg_text(b, lw + bw + 4, ry + 12, "start", num(a, c, v));
    }
}

status chart_svg(arena *a, const chart *c, double w, double h, const char **out, error *e)
{
    strbuf b = {0};
    buf_printf(&b,
               "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %.0f %.0f\" "
               "role=\"img\" class=\"chart\" aria-labelledby=\"",
               w, h);
    xml_id(&b, c->id);
    buf_puts(&b, "-title ");
    xml_id(&b, c->id);
    buf_puts(&b, "-desc\"><title id=\"");
    xml_id(&b, c->id);
    buf_puts(&b, "-title\">");
    xml_text(&b, c->title);
    buf_puts(&b, "</title><desc id=\"");
    xml_id(&b, c->id);
    buf_puts(&b, "-desc\">");
    xml_text(&b, c->desc ? c->desc : c->title);
    for (size_t i = 0; i < c->n; i++) {
        buf_puts(&b, i ? "; " : ": ");
        xml_text(&b, c->items[i].label);
        buf_puts(&b, " ");
        xml_text(&b, num(a, c, value_of(&c->items[i])));
    }
    buf_puts(&b, ".</desc><g font-size=\"9\" fill=\"currentColor\">");
    svg_text(&b, w / 2, 13, "middle", c->title);
    if (c->kind == CHART_BARS)
        svg_bars(&b, a, c, w);
    else
        svg_columns(&b, a, c, w, h);
    buf_puts(&b, "</g></svg>");
    status st = ST_OK;
    *out = NULL;
    if (!b.failed)
        *out = arena_strndup(a, b.data, b.len);
    if (!*out)
        st = err_set(e, ST_NOMEM, "out_of_memory", NULL, NULL);
    buf_free(&b);
    return st;
}
