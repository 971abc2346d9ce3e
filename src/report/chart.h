/*
 * chart.h -- bar charts of counts: columns over years, horizontal bars by
 * country (or purpose, unit, rule), drawn with cairo into a PDF page and
 * written as SVG text for the web, from the same description.
 *
 * The SVG is self-contained text: role="img" with a <title> and a <desc>
 * that reads every label and number, each bar with its own <title>, and
 * the numbers printed beside the bars as text, so a screen reader and a
 * person reading a printout get the figures, not only the shapes. All
 * text is XML-escaped. Numbers are written the Vietnamese way
 * (vnfmt.h: 1.234; 2,5).
 *
 * Pure drawing: nothing here reads records or decides a figure.
 */
#ifndef CAUNOI_REPORT_CHART_H
#define CAUNOI_REPORT_CHART_H

#include <stddef.h>

#include <cairo.h>

#include "core/arena.h"
#include "core/error.h"

typedef enum chart_kind {
    CHART_COLUMNS = 0, /* vertical bars left to right: years */
    CHART_BARS         /* horizontal bars top to bottom: countries, purposes */
} chart_kind;

typedef struct chart_item {
    const char *label; /* UTF-8 NFC */
    double value;      /* >= 0; negative values are drawn as 0 */
} chart_item;

typedef struct chart {
    chart_kind kind;
    const char *id;    /* [A-Za-z0-9_-] for the SVG's element ids; NULL: "chart" */
    const char *title; /* the chart's name, drawn above it */
    const char *desc;  /* what is counted, for screen readers (NULL: the title) */
    const chart_item *items;
    size_t n;
    int decimals; /* digits after the comma in the numbers shown */
} chart;

/* Draw into the box (points) with the pango font family list `font`. The
 * context's state is saved and restored. */
void chart_draw(cairo_t *cr, const chart *c, double x, double y, double w, double h,
                const char *font);

/* The height (points) a CHART_BARS chart of n items wants, or a fixed
 * height for columns, at width w; for the caller's layout. */
double chart_height(const chart *c, double w);

/* The SVG text of the chart, w x h user units (viewBox; it scales), in
 * *out (from the arena). ST_NOMEM "out_of_memory". */
status chart_svg(arena *a, const chart *c, double w, double h, const char **out, error *e);

#endif
