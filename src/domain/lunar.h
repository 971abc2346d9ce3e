/*
 * lunar.h -- the Vietnamese lunar calendar (âm lịch), computed for UTC+7.
 *
 * A lunar month begins on the Vietnam (UTC+7) day that contains the
 * astronomical new moon; month 11 is the month that contains the December
 * solstice; in a year of 13 months, the first month after month 11 without a
 * principal solar term (trung khí) is the leap month and repeats the number
 * of the month before it. This is the method published by Hồ Ngọc Đức ("Âm
 * lịch Việt Nam"); it differs from the Chinese calendar (UTC+8) in some
 * years: Tết 2007 was 17 February in Vietnam and 18 February in China.
 *
 * Accuracy: every month start of 1968-2053 agrees with Hồ Ngọc Đức's
 * full-precision table (amlich.js, TK20-TK22). The simplified formulas
 * put 8 later month starts a day late, where the new moon falls within
 * minutes of midnight: months 4/2054, 11/2072, 10/2077, 4/2130, 5/2150,
 * 4/2159, and Tết 2175 and 2199. Before 1968 the North computed for UTC+8
 * and that table follows it (28 months of 1900-1967 differ, 3 of them in
 * the place of the leap month); this module computes UTC+7 for every year.
 *
 * Pure: no clock, no I/O, no allocation, no global state; thread-safe.
 */
#ifndef CAUNOI_LUNAR_H
#define CAUNOI_LUNAR_H

#include <stdbool.h>

#include "core/date.h"
#include "core/error.h"

/* A date of the lunar calendar. `year` is the solar year in which the lunar
 * year's first day (Tết) falls: 1/12/2025 lunar is in January 2026. */
typedef struct lunar_date {
    int day;   /* 1 .. 29 or 30 */
    int month; /* 1 .. 12 */
    int year;
    bool leap; /* the leap month (tháng nhuận) that repeats `month` */
} lunar_date;

/* The lunar years that meet the solar years core/date.h accepts
 * (DATE_MIN_YEAR .. DATE_MAX_YEAR): January 1900 is still in lunar 1899. */
#define LUNAR_MIN_YEAR (DATE_MIN_YEAR - 1)
#define LUNAR_MAX_YEAR DATE_MAX_YEAR

/* The lunar date of solar date `d`. `d` must be a date of the years
 * DATE_MIN_YEAR .. DATE_MAX_YEAR, else "lunar_out_of_range" (ST_INVALID,
 * arg the ISO date) and *out is left unchanged. */
status lunar_from_solar(date_t d, lunar_date *out, error *e);

/* The solar date of lunar date `ld`. Refuses a date that does not exist
 * with "lunar_date_invalid" (ST_INVALID): month outside 1..12, day outside
 * the month's 29 or 30 days, or `leap` set on a month that is not leap in
 * that year; a year outside LUNAR_MIN_YEAR .. LUNAR_MAX_YEAR, or a date
 * whose solar day falls outside DATE_MIN_YEAR .. DATE_MAX_YEAR, gives
 * "lunar_out_of_range" (ST_INVALID). The error's arg names the date as "day/month/year",
 * with "N" after the month when it is leap ("2/2N/2023"). *out is set only
 * on success. */
status lunar_to_solar(const lunar_date *ld, date_t *out, error *e);

/* Tết Nguyên đán, the solar date of 1/1 of lunar year `year`, which must
 * be within DATE_MIN_YEAR .. DATE_MAX_YEAR (asserted). */
date_t lunar_new_year(int year);

#endif
