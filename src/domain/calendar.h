/*
 * calendar.h -- Vietnamese days off and working days, for deadlines.
 *
 * The computed calendar (Labour Code 2019, art. 112, and the codes before
 * it; DOMAIN.md "Calendar"):
 *   - Tết Dương lịch, 1 January;
 *   - Tết Nguyên đán: through 2013, 4 days (the last day of the old lunar
 *     year and the first three of the new); from 2014 (Labour Code 2012),
 *     5 days: by default the last two days of the old lunar year (29 and 30
 *     of the 12th month, or 28 and 29 when it has 29 days) and the first
 *     three of the new;
 *   - Giỗ Tổ Hùng Vương, 10/3 lunar, from 2007;
 *   - Ngày Chiến thắng, 30 April; Ngày Quốc tế Lao động, 1 May;
 *   - Quốc khánh, 2 September, and from 2021 one adjacent day: 1 September
 *     when 2 September is a Tuesday, Friday or Saturday, else 3 September;
 *   - nghỉ bù (compensatory days): a holiday that falls on a Saturday or a
 *     Sunday gives the next working day off (Labour Code 2019 art. 111(3);
 *     Labour Code 1994 art. 73(2)). When several holidays fall on weekend
 *     days, each gives one day: holidays are taken in date order, and each
 *     takes the first Monday-to-Friday after it that is neither a holiday
 *     nor already taken by an earlier one. So 30 April on a Saturday and
 *     1 May on a Sunday give Monday 2 and Tuesday 3 May (as announced for
 *     2016 and 2022); a Saturday and a Sunday inside Tết give the two
 *     weekdays after Tết.
 * Lunar dates come from domain/lunar.h (UTC+7).
 *
 * Administrator overrides are the government's yearly announcements (extra
 * days off around Tết and 2 September, Saturdays worked in exchange). Each
 * replaces the computed calendar for its date, whatever that date was;
 * computed compensatory days are not moved by them (an announcement that
 * moves one enters both dates).
 *
 * Working days are Monday to Friday, minus days off, plus overrides that
 * declare a working day. Every function is pure: dates are Vietnam dates
 * passed in, nothing reads the clock or the time zone, nothing allocates.
 */
#ifndef CAUNOI_CALENDAR_H
#define CAUNOI_CALENDAR_H

#include <stdbool.h>
#include <stddef.h>

#include "core/date.h"
#include "core/limits.h"
#include "core/error.h"

/* The years the calendar knows: from 1995, when the Labour Code of 1994 and
 * its list of holidays came into force. */
#define CALENDAR_MIN_YEAR 1995
#define CALENDAR_MAX_YEAR DATE_MAX_YEAR
/* Computed days off in one year, at most: 13 holidays and as many
 * compensatory days, with room to spare. */
#define CALENDAR_COMPUTED_MAX 32

typedef enum calendar_override_kind {
    CALENDAR_DAY_OFF = 0,     /* a day off announced by the government */
    CALENDAR_WORKING_DAY = 1, /* a day worked in exchange (a Saturday) */
} calendar_override_kind;

typedef struct calendar_override {
    date_t date;
    calendar_override_kind kind;
    const char *name; /* NFC UTF-8, required for a day off; borrowed */
} calendar_override;

typedef enum calendar_day_kind {
    CALENDAR_HOLIDAY = 0,      /* a public holiday (may fall on a weekend) */
    CALENDAR_COMPENSATORY = 1, /* nghỉ bù for a holiday on a weekend */
    CALENDAR_ANNOUNCED = 2,    /* an administrator's day off (override) */
} calendar_day_kind;

/* One day off. The names are static strings, or for an announced day the
 * override's own name in both fields (borrowed from the caller's list). */
typedef struct calendar_day {
    date_t date;
    calendar_day_kind kind;
    const char *name_vi;
    const char *name_en;
} calendar_day;

/* Room calendar_holidays needs for a list of `nov` overrides. */
#define CALENDAR_HOLIDAYS_CAP(nov) (CALENDAR_COMPUTED_MAX + (nov))

/* "holiday", "compensatory", "announced"; "day_off", "working_day". */
const char *calendar_day_kind_name(calendar_day_kind k);
const char *calendar_override_kind_name(calendar_override_kind k);
bool calendar_override_kind_parse(const char *s, calendar_override_kind *out);

/* The days off of `year` in date order, into out[0..*n): holidays
 * (including those on a weekend), compensatory days and announced days off,
 * after the overrides dated in that year have replaced their dates (a
 * working-day override removes its date; a day-off override lists it as
 * CALENDAR_ANNOUNCED). When two overrides share a date the first counts.
 * Fails with "calendar_year_range" (ST_INVALID, arg the year) outside
 * CALENDAR_MIN_YEAR..CALENDAR_MAX_YEAR, and with "calendar_list_too_small"
 * (ST_INTERNAL) when more than `cap` days are off; *n is then the count
 * needed and out[0..cap) holds some of them, unsorted. A cap of
 * CALENDAR_HOLIDAYS_CAP(nov) always suffices. */
status calendar_holidays(int year, const calendar_override *ov, size_t nov, calendar_day *out,
                         size_t cap, size_t *n, error *e);

/* *out = whether `d` is a working day. Fails with "calendar_out_of_range"
 * (ST_INVALID, arg the ISO date) outside the calendar's years. */
status calendar_is_workday(date_t d, const calendar_override *ov, size_t nov, bool *out, error *e);

/* *out = the n-th working day after d (DOMAIN.md "Deadlines"); for n = 0,
 * d itself when it is a working day, else the next working day. n must be
 * within 0..CALENDAR_PERIOD_MAX ("calendar_period_range", ST_INVALID, arg
 * n); d and the answer must lie within the calendar's years
 * ("calendar_out_of_range"). *out is set only on success. */
status calendar_add_workdays(date_t d, int n, const calendar_override *ov, size_t nov, date_t *out,
                             error *e);

/* *out = the last day of a period of `days` calendar days after `event`:
 * the period starts the day after the event (Civil Code 2015, art. 147),
 * so it ends on event + days, and an end on a day off moves to the next
 * working day (art. 148). days within 0..CALENDAR_PERIOD_MAX; errors as
 * calendar_add_workdays. */
status calendar_add_calendar_days_deadline(date_t event, int days, const calendar_override *ov,
                                           size_t nov, date_t *out, error *e);

/* Check an administrator's overrides before they are stored: each date
 * within the calendar's years ("calendar_out_of_range"), a known kind
 * ("calendar_override_kind"), a name for a day off
 * ("calendar_override_name_required"), no date twice
 * ("calendar_override_duplicate", arg the ISO date). Errors carry the field
 * "overrides[i].date" (or .kind, .name). Appends one error per problem;
 * returns ST_INVALID when any, ST_NOMEM if the list could not grow. */
status calendar_overrides_check(const calendar_override *ov, size_t nov, errlist *errs);

#endif
