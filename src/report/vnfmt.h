/*
 * vnfmt.h -- Vietnamese formats for printed documents and charts
 * (DOCUMENTS.md section 4): the date line of a party document, the short
 * date cited in a body, numbers with a dot between thousands and a comma
 * before decimals, and capitals for headers.
 *
 * Pure: no clock, no database; every string returned is allocated from the
 * arena passed in and is NULL only when the arena is out of memory.
 */
#ifndef CAUNOI_REPORT_VNFMT_H
#define CAUNOI_REPORT_VNFMT_H

#include "core/arena.h"
#include "core/date.h"

/* The gap a document leaves for what is filled in by hand. */
#define VN_FILL "……………………"

/* "‹place›, ngày 05 tháng 01 năm 2026": days 1-9 and months 1-2 take a
 * leading zero, months 3-12 do not. A NULL place leaves a dotted gap;
 * DATE_NONE leaves gaps for the day and month, with `year` (0: a gap too). */
const char *vn_date_line(arena *a, const char *place, date_t d, int year);

/* The short date cited in a body, "05/01/2026", "29/6/2019" (the same
 * leading-zero rule); DATE_NONE gives a dotted gap "……/……/………". */
const char *vn_short_date(arena *a, date_t d);

/* 1234567.891 with 2 decimals: "1.234.567,89"; decimals 0..6, rounded
 * half away from zero; negative values keep their sign. */
const char *vn_number(arena *a, double v, int decimals);

/* Upper case of UTF-8 text, letter by letter (utf8proc), so "Chi bộ Đông
 * Anh" becomes "CHI BỘ ĐÔNG ANH"; the result is NFC when the input is.
 * Invalid UTF-8 is copied as it is. NULL in, NULL out. */
const char *vn_upper(arena *a, const char *s);

#endif
