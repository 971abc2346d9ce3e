/*
 * pdf_review.h -- a review report in the party document frame: the header
 * and title of pdf_forms.h, an opening paragraph, then numbered sections
 * (I-, II-, ...), each with a sentence, a chart (chart.h) and a table of
 * the numbers beside it, and the committee's signature.
 *
 * The caller (service/documents.c) turns the statistics into sections of
 * text; this file lays them out and never computes a figure. Strings are
 * borrowed for the call; scratch memory from the arena. Appends a whole
 * PDF to *out or nothing: ST_NOMEM "out_of_memory", ST_INTERNAL
 * "pdf_failed".
 */
#ifndef CAUNOI_REPORT_PDF_REVIEW_H
#define CAUNOI_REPORT_PDF_REVIEW_H

#include "report/chart.h"
#include "report/pdf.h"
#include "report/pdf_forms.h"

typedef struct review_section {
    const char *heading; /* "Chuyến đi ra nước ngoài" (numbered when printed) */
    const char *text;    /* a paragraph; NULL: none */
    const chart *chart;  /* NULL: none */
    pdf_table table;     /* ncols 0: no table */
    const char *const *cells;
    size_t nrows;
} review_section;

typedef struct review_doc {
    form_header h;
    const char *summary; /* under the type name "BÁO CÁO" */
    const char *intro;   /* the opening paragraph */
    const review_section *sections;
    size_t n;
    const char *const *recipients;
    size_t nrecipients;
} review_doc;

status pdf_review(arena *a, const review_doc *r, strbuf *out, error *e);

#endif
