/*
 * pdf.h -- a small page-layout layer over pango and cairo that writes a PDF
 * into memory, for the printed documents (DOCUMENTS.md).
 *
 * A document is built top to bottom: paragraphs that flow from page to
 * page (pdf_par), rows of side-by-side cells kept together on one page
 * (pdf_row: the header of a party document, the signature block), tables
 * of numbers whose header repeats on each page (pdf_table), and areas for
 * drawings (pdf_area: the charts). Page size, margins, fonts and page
 * numbers come from a format profile (pdf_profile), so a change of the
 * rules of presentation is a new profile, not new code.
 *
 * Text is real text (pango shapes it, cairo embeds a subset of the font
 * with its Unicode mapping), so it can be searched and copied. Text comes
 * in as NFC UTF-8.
 *
 * Errors are sticky: the first failure (out of memory, a cairo error) is
 * kept and every later call does nothing, so a caller builds the whole
 * document and checks once, at pdf_finish. This layer knows nothing of
 * SQL, HTTP, roles or what the documents say.
 */
#ifndef CAUNOI_REPORT_PDF_H
#define CAUNOI_REPORT_PDF_H

#include <stdbool.h>
#include <stddef.h>

#include <cairo.h>

#include "core/error.h"
#include "core/str.h"

/* A format profile: the page and the type of one rule of presentation. */
typedef struct pdf_profile {
    const char *name;                /* "party-hd36" */
    const char *font;                /* a pango family list, first that has the glyph wins */
    double page_w, page_h;           /* mm */
    double top, bottom, left, right; /* margins, mm */
    double body_size;                /* pt */
    double small_size;               /* pt: recipients, table cells */
    double par_gap;                  /* pt after a body paragraph */
    double indent;                   /* first-line indent of a body paragraph, mm */
    double line_spacing;             /* a factor of the font's line height (1.0: single) */
    double page_number_size;         /* pt; numbers from page 2, centred in the top margin */
} pdf_profile;

/* Hướng dẫn 36-HD/VPTW (DOCUMENTS.md section 1): A4, margins 20/20/30/15
 * mm, 14 pt body justified with a 1.27 cm first-line indent and 6 pt
 * between paragraphs, page numbers from page 2 at 14 pt. The font is Noto
 * Serif (fonts-noto-core), then DejaVu Serif: Times New Roman is not
 * installed and the metric clones lack Vietnamese. */
extern const pdf_profile pdf_profile_party_hd36;

/* PDF_DOTTED: the paragraph is a dotted line across its width, a gap to
 * fill in by hand (its text is ignored). */
enum { PDF_BOLD = 1u, PDF_ITALIC = 2u, PDF_UNDERLINE = 4u, PDF_DOTTED = 8u };

typedef enum pdf_align { PDF_LEFT = 0, PDF_CENTER, PDF_RIGHT, PDF_JUSTIFY } pdf_align;

/* One paragraph. Zero fields take the profile's defaults where said. */
typedef struct pdf_par {
    const char *text; /* NULL or "": an empty line of this size */
    double size;      /* pt; 0: the profile's body size */
    unsigned flags;   /* PDF_BOLD | PDF_ITALIC | PDF_UNDERLINE */
    pdf_align align;
    double indent; /* first-line indent, mm */
    double before; /* pt of space above */
    double after;  /* pt of space below */
    double rule;   /* a centred solid rule under the text: mm long; -1: as
                      long as the text's first line; 0: none */
} pdf_par;

/* One cell of a row: a share of the text width and its paragraphs. */
typedef struct pdf_cell {
    double width; /* fraction of the text width; the cells of a row sum to 1 or less */
    const pdf_par *pars;
    size_t n;
} pdf_cell;

/* A table of text: column shares, alignments, the header (bold, repeated
 * at the top of each page the table continues on). */
typedef struct pdf_table {
    size_t ncols;
    const double *widths;    /* fractions of the text width */
    const pdf_align *align;  /* per column; NULL: left */
    const char *const *head; /* ncols header texts */
    double size;             /* pt; 0: the profile's small size */
} pdf_table;

typedef struct pdf_doc pdf_doc;

/* Start a document with profile p (which must outlive it). *out is owned
 * by the caller: pdf_finish or pdf_free releases it. ST_NOMEM
 * "out_of_memory", ST_INTERNAL "pdf_failed" when cairo cannot start. */
status pdf_open(const pdf_profile *p, const char *title, pdf_doc **out, error *e);

/* A paragraph across the text width, flowing onto the next page line by
 * line when the page is full. */
void pdf_par_flow(pdf_doc *d, const pdf_par *p);
/* Cells side by side, kept together: a new page first when the row does
 * not fit in what is left of this one. A row taller than a page flows its
 * cells one after the other across the full width instead. */
void pdf_row(pdf_doc *d, const pdf_cell *cells, size_t n);
/* A table of nrows rows of t->ncols texts each (cells row-major; NULL
 * cells are empty). A row is never split; the header repeats on each new
 * page. */
void pdf_table_draw(pdf_doc *d, const pdf_table *t, const char *const *cells, size_t nrows);
/* Vertical space, pt (not carried over a page break). */
void pdf_gap(pdf_doc *d, double pt);
/* Start a new page when less than `mm` is left on this one. */
void pdf_need(pdf_doc *d, double mm);
/* Reserve `height_mm` across the text width (a new page first when it
 * does not fit) and return the drawing context with the box in points,
 * for a chart; NULL after a failure. The context is borrowed: draw, do
 * not destroy; its state is saved and restored around the call's use by
 * the caller (cairo_save / cairo_restore). */
cairo_t *pdf_area(pdf_doc *d, double height_mm, double *x, double *y, double *w, double *h);

/* The profile's font family list (for drawings that set their own text). */
const char *pdf_font(const pdf_doc *d);
/* Pages so far (1 after pdf_open). */
int pdf_pages(const pdf_doc *d);

/* Finish the document and append its bytes to *out; releases d whatever
 * happens. Returns the first failure of the whole build, if any (then
 * nothing is appended): ST_NOMEM "out_of_memory", ST_INTERNAL
 * "pdf_failed" (arg: cairo's reason). */
status pdf_finish(pdf_doc *d, strbuf *out, error *e);
/* Release a document without finishing it (NULL is fine). */
void pdf_free(pdf_doc *d);

/* Release the font caches pango, cairo and fontconfig keep for the life of
 * the process (leak checkers report them at exit). Call at exit, when no
 * document is being built on any thread; the next pdf_open starts them
 * again. */
void pdf_release_caches(void);

#endif
