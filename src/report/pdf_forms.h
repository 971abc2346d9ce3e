/*
 * pdf_forms.h -- the printed documents of a member abroad, laid out in the
 * party document frame of DOCUMENTS.md section 1 (profile party-hd36):
 * the superior and issuing bodies top left with the "*" and the number,
 * the party's name top right with its rule, place and date in italics,
 * the type name and summary with a short rule, "Kính gửi", the body, the
 * signer, the opinion blocks of the cell (T/M CHI BỘ) and the committee
 * (T/M ĐẢNG ỦY), and "Nơi nhận".
 *
 * The official forms (Phụ lục I-III of HD 01-HD/BTCTW, Mẫu 2/3-SHĐ) were
 * not obtained: their fields are laid out in that frame, as the web's print
 * views do (web/app/pages/trip-print.js), and what the records do not hold
 * is left as dotted gaps to fill by hand. The transfer letter is a data
 * sheet to copy onto the numbered blank (DOCUMENTS.md 3.4).
 *
 * The callers (service/documents.c) fill plain values: Vietnamese text,
 * dates as date_t (DATE_NONE: a gap). Strings are borrowed for the call.
 * Scratch memory comes from the arena passed in. Each pdf_form_* appends a
 * whole PDF to *out or nothing: ST_NOMEM "out_of_memory", ST_INTERNAL
 * "pdf_failed".
 */
#ifndef CAUNOI_REPORT_PDF_FORMS_H
#define CAUNOI_REPORT_PDF_FORMS_H

#include <stdbool.h>

#include "core/arena.h"
#include "core/date.h"
#include "core/error.h"
#include "core/str.h"
#include "report/pdf.h"

/* The top of a party document. */
typedef struct form_header {
    const char *superior; /* the directly superior body; NULL: none */
    const char *issuer;   /* the issuing body (for a member's own papers, their cell) */
    const char *number;   /* "Số 12/2026/GGT"; NULL: none */
    const char *place;    /* NULL: a gap */
    date_t date;          /* DATE_NONE: gaps for day and month */
    int year;             /* printed when date is DATE_NONE (0: a gap) */
} form_header;

/* The member a document is about. */
typedef struct form_person {
    const char *full_name;
    date_t birth_date;
    const char *card_number, *record_number; /* NULL: a gap */
    date_t admitted_on, official_on;
    const char *unit_name; /* the cell they attend */
} form_person;

/* A trip, for the application (Phụ lục I), the commitment about relatives
 * abroad (Phụ lục II) and the post-trip report (Phụ lục III). */
typedef struct form_trip {
    form_header h;
    form_person m;
    bool private_trip;           /* tourism, relatives, medical, other private */
    const char *purpose;         /* "Việc riêng: thăm thân nhân (…detail)" */
    const char *countries;       /* names, comma-separated */
    date_t departure, return_on; /* planned; the return in force */
    const char *payer;           /* NULL: a gap */
    const char *decision_number, *delegation, *documents; /* NULL: the line is left out */
    int report_days;
    bool report_in_calendar_days;
    const char *cell_opinion, *committee_opinion; /* NULL: a gap to fill by hand */
    /* the report */
    date_t decided_on, actual_departure, actual_return;
    const char *report_text; /* paragraphs separated by newlines; NULL: gaps */
} form_trip;

/* An introduction letter for party activity (data sheet). */
typedef struct form_transfer {
    form_header h;
    form_person m;
    const char *kind_summary; /* "Chuyển sinh hoạt đảng tạm thời" */
    const char *to_unit;      /* the receiving unit, with its country */
    const char *from_unit;    /* the sending unit */
    const char *to_country;   /* NULL at home */
    date_t issued_on, receive_due, received_on;
    const char *state; /* Vietnamese: "Đang chuyển", "Đã tiếp nhận ngày …" */
    const char *note;  /* NULL: none */
} form_transfer;

status pdf_form_application(arena *a, const form_trip *f, strbuf *out, error *e);
status pdf_form_commitment(arena *a, const form_trip *f, strbuf *out, error *e);
status pdf_form_report(arena *a, const form_trip *f, strbuf *out, error *e);
status pdf_form_transfer(arena *a, const form_transfer *f, strbuf *out, error *e);

/* ---- the frame, for other documents (the review report) ---- */

/* The header row (bodies, "*", number; party name, rule, date line). */
void pdf_frame_header(pdf_doc *d, arena *a, const form_header *h);
/* The type name (CAPS, 16 pt bold) and the summary (14 pt bold) with a
 * short rule under it; summary NULL: the type alone with the rule. */
void pdf_frame_title(pdf_doc *d, arena *a, const char *type, const char *summary);
/* A body paragraph: 14 pt, justified, first-line indent, 6 pt after. */
void pdf_frame_body(pdf_doc *d, const char *text);
/* "Label: value" on one line (value NULL or "": a dotted gap). */
void pdf_frame_line(pdf_doc *d, arena *a, const char *label, const char *value);
/* The signer on the right: authority (CAPS bold, NULL: none), title (CAPS),
 * "(Ký, ghi rõ họ tên)", space to sign, the name (bold; NULL: a gap); on
 * the left "Nơi nhận:" and the recipients when given (n may be 0). */
void pdf_frame_signature(pdf_doc *d, arena *a, const char *authority, const char *title,
                         const char *name, const char *const *recipients, size_t n);

#endif
