/*
 * date.h -- calendar dates as day numbers, in Vietnam's calendar.
 *
 * A date_t counts days from 1970-01-01 in the proleptic Gregorian calendar.
 * There is no time zone in a date: "today" is computed for UTC+7 from a
 * Unix time the caller passes, so the rules never read the clock and never
 * depend on the server's TZ. DATE_NONE marks an absent date.
 */
#ifndef CAUNOI_DATE_H
#define CAUNOI_DATE_H

#include <stdbool.h>
#include <stdint.h>

typedef int32_t date_t;

#define DATE_NONE INT32_MIN
/* The range caunoi accepts on input: members born from 1900, plans to 2199
 * (the CCCD century digit covers 1900-2199). */
#define DATE_MIN_YEAR   1900
#define DATE_MAX_YEAR   2199
#define DATE_ISO_LEN    11 /* "YYYY-MM-DD" and NUL */
#define VN_UTC_OFFSET_S (7 * 3600)

/* True and *out set when y-m-d is a real date within the accepted range. */
bool date_from_ymd(int y, int m, int d, date_t *out);
void date_to_ymd(date_t t, int *y, int *m, int *d);

/* Strict ISO 8601 calendar date "YYYY-MM-DD", nothing before or after. */
bool date_parse(const char *s, date_t *out);
/* Writes "YYYY-MM-DD" into out[DATE_ISO_LEN]; DATE_NONE gives "". */
void date_format(date_t t, char out[DATE_ISO_LEN]);

/* ISO weekday: 1 Monday .. 7 Sunday. */
int date_weekday(date_t t);
int date_days_in_month(int y, int m);

/* Add calendar months as the Civil Code counts: same day number, or the
 * month's last day where it has none (31 Jan + 1 month = 28/29 Feb). */
date_t date_add_months(date_t t, int months);
date_t date_add_years(date_t t, int years);

/* The Vietnam (UTC+7) calendar date at Unix time `unix_seconds`. */
date_t date_vn_from_unix(int64_t unix_seconds);

#endif
