/*
 * calendar.c -- the days off of a year, and counting working days.
 *
 * compute() lays out one year's statutory days off: the holidays the law of
 * that year names, then the compensatory days for those on a weekend (the
 * rules and their sources are in calendar.h). Overrides are applied on top,
 * date by date, when a day is asked about; they never feed back into the
 * computed days. Counting walks day by day with one year's computed days
 * cached, so a deadline across New Year computes each year once.
 *
 * Must never: read the clock or the time zone, allocate, keep state
 * between calls, or let a computed day win over an administrator's entry.
 */
#include "domain/calendar.h"

#include <assert.h>
#include <stdio.h>
#include <string.h>

#include "domain/lunar.h"

/* Law in force by year (DOMAIN.md "Calendar"). */
#define TET_FIVE_DAYS_FROM    2014 /* Labour Code 2012, first applied to Tết 2014 */
#define HUNG_KINGS_FROM       2007 /* added to the holidays in 2007 */
#define NATIONAL_DAY_TWO_FROM 2021 /* Labour Code 2019, in force 1 January 2021 */

typedef enum holiday {
    H_NEW_YEAR,
    H_TET,
    H_HUNG_KINGS,
    H_VICTORY,
    H_LABOUR,
    H_NATIONAL,
    H_NATIONAL_ADJACENT,
    H_COUNT
} holiday;

static const struct {
    const char *vi, *en, *comp_vi, *comp_en;
} names[H_COUNT] = {
    [H_NEW_YEAR] = {"Tết Dương lịch", "New Year's Day", "Nghỉ bù Tết Dương lịch",
                    "Compensatory day off for New Year's Day"},
    [H_TET] = {"Tết Nguyên đán", "Lunar New Year (Tết)", "Nghỉ bù Tết Nguyên đán",
               "Compensatory day off for Tết"},
    [H_HUNG_KINGS] = {"Giỗ Tổ Hùng Vương (10/3 âm lịch)",
                      "Hùng Kings' Commemoration (10th day of the 3rd lunar month)",
                      "Nghỉ bù Giỗ Tổ Hùng Vương",
                      "Compensatory day off for the Hùng Kings' Commemoration"},
    [H_VICTORY] = {"Ngày Chiến thắng (30/4)", "Reunification Day (30 April)",
                   "Nghỉ bù Ngày Chiến thắng", "Compensatory day off for Reunification Day"},
    [H_LABOUR] = {"Ngày Quốc tế Lao động (1/5)", "International Workers' Day (1 May)",
                  "Nghỉ bù Ngày Quốc tế Lao động",
                  "Compensatory day off for International Workers' Day"},
    [H_NATIONAL] = {"Quốc khánh (2/9)", "National Day (2 September)", "Nghỉ bù Quốc khánh",
                    "Compensatory day off for National Day"},
    [H_NATIONAL_ADJACENT] = {"Quốc khánh (ngày liền kề)", "National Day (adjacent day)",
                             "Nghỉ bù Quốc khánh", "Compensatory day off for National Day"},
};

/* One year's computed days off, sorted by date, dates unique. */
typedef struct computed {
    int year; /* 0: nothing computed yet */
    size_t n;
    calendar_day days[CALENDAR_COMPUTED_MAX];
    holiday of[CALENDAR_COMPUTED_MAX]; /* which holiday each day belongs to */
} computed;

static date_t ymd(int y, int m, int d)
{
    date_t t = DATE_NONE;
    bool ok = date_from_ymd(y, m, d, &t);
    assert(ok);
    (void)ok;
    return t;
}

static int year_of(date_t t)
{
    int y, m, d;
    date_to_ymd(t, &y, &m, &d);
    return y;
}

static bool is_weekend(date_t t) { return date_weekday(t) >= 6; }

static bool in_range(date_t t)
{
    return t != DATE_NONE && t >= ymd(CALENDAR_MIN_YEAR, 1, 1) &&
           t <= ymd(CALENDAR_MAX_YEAR, 12, 31);
}

static bool listed(const computed *c, date_t t)
{
    for (size_t i = 0; i < c->n; i++)
        if (c->days[i].date == t)
            return true;
    return false;
}

static void push(computed *c, date_t t, calendar_day_kind k, holiday h)
{
    assert(c->n < CALENDAR_COMPUTED_MAX);
    assert(year_of(t) == c->year);
    assert(!listed(c, t)); /* no two holidays of 1995-2199 share a date */
    const bool comp = k == CALENDAR_COMPENSATORY;
    c->days[c->n] = (calendar_day){.date = t,
                                   .kind = k,
                                   .name_vi = comp ? names[h].comp_vi : names[h].vi,
                                   .name_en = comp ? names[h].comp_en : names[h].en};
    c->of[c->n++] = h;
}

/* 1 September when 2 September is a Tuesday, Friday or Saturday (joining
 * the break to a weekend), else 3 September. */
static date_t national_adjacent(int year)
{
    const int wd = date_weekday(ymd(year, 9, 2));
    return ymd(year, 9, wd == 2 || wd == 5 || wd == 6 ? 1 : 3);
}

static date_t hung_kings_day(int year)
{
    const lunar_date ld = {.day = 10, .month = 3, .year = year, .leap = false};
    date_t t = DATE_NONE;
    status st = lunar_to_solar(&ld, &t, NULL);
    assert(st == ST_OK);
    (void)st;
    return t;
}

/* The holidays the law of `year` names, in date order. Tết's first days
 * are the days before 1/1 lunar, so a 29-day 12th month needs no case. */
static void add_holidays(computed *c)
{
    const int y = c->year;
    push(c, ymd(y, 1, 1), CALENDAR_HOLIDAY, H_NEW_YEAR);
    const date_t tet = lunar_new_year(y);
    for (date_t t = tet - (y >= TET_FIVE_DAYS_FROM ? 2 : 1); t <= tet + 2; t++)
        push(c, t, CALENDAR_HOLIDAY, H_TET);
    if (y >= HUNG_KINGS_FROM)
        push(c, hung_kings_day(y), CALENDAR_HOLIDAY, H_HUNG_KINGS);
    push(c, ymd(y, 4, 30), CALENDAR_HOLIDAY, H_VICTORY);
    push(c, ymd(y, 5, 1), CALENDAR_HOLIDAY, H_LABOUR);
    const date_t adjacent = y >= NATIONAL_DAY_TWO_FROM ? national_adjacent(y) : DATE_NONE;
    if (adjacent != DATE_NONE && adjacent < ymd(y, 9, 2))
        push(c, adjacent, CALENDAR_HOLIDAY, H_NATIONAL_ADJACENT);
    push(c, ymd(y, 9, 2), CALENDAR_HOLIDAY, H_NATIONAL);
    if (adjacent != DATE_NONE && adjacent > ymd(y, 9, 2))
        push(c, adjacent, CALENDAR_HOLIDAY, H_NATIONAL_ADJACENT);
}

/* Each holiday on a weekend, in date order, takes the first weekday after
 * it that is not a holiday or an earlier compensatory day. */
static void add_compensatory(computed *c)
{
    const size_t holidays = c->n;
    for (size_t i = 0; i < holidays; i++) {
        if (!is_weekend(c->days[i].date))
            continue;
        date_t t = c->days[i].date + 1;
        while (is_weekend(t) || listed(c, t))
            t++;
        push(c, t, CALENDAR_COMPENSATORY, c->of[i]);
    }
}

static void sort_days(calendar_day *d, size_t n)
{
    for (size_t i = 1; i < n; i++) {
        const calendar_day x = d[i];
        size_t j = i;
        for (; j > 0 && d[j - 1].date > x.date; j--)
            d[j] = d[j - 1];
        d[j] = x;
    }
}

static void compute(int year, computed *c)
{
    assert(year >= CALENDAR_MIN_YEAR && year <= CALENDAR_MAX_YEAR);
    c->year = year;
    c->n = 0;
    add_holidays(c);
    add_compensatory(c);
    sort_days(c->days, c->n); /* `of` is not needed past this point */
}

/* The first override for date t, or NULL. */
static const calendar_override *override_for(date_t t, const calendar_override *ov, size_t nov)
{
    for (size_t i = 0; i < nov; i++)
        if (ov[i].date == t)
            return &ov[i];
    return NULL;
}

static status out_of_range(date_t t, error *e)
{
    char iso[DATE_ISO_LEN];
    date_format(t, iso);
    return err_set(e, ST_INVALID, "calendar_out_of_range", NULL, iso);
}

const char *calendar_day_kind_name(calendar_day_kind k)
{
    switch (k) {
    case CALENDAR_HOLIDAY: return "holiday";
    case CALENDAR_COMPENSATORY: return "compensatory";
    case CALENDAR_ANNOUNCED: return "announced";
    }
    return "?";
}

const char *calendar_override_kind_name(calendar_override_kind k)
{
    return k == CALENDAR_WORKING_DAY ? "working_day" : "day_off";
}

bool calendar_override_kind_parse(const char *s, calendar_override_kind *out)
{
    if (s && strcmp(s, "day_off") == 0)
        *out = CALENDAR_DAY_OFF;
    else if (s && strcmp(s, "working_day") == 0)
        *out = CALENDAR_WORKING_DAY;
    else
        return false;
    return true;
}

status calendar_holidays(int year, const calendar_override *ov, size_t nov, calendar_day *out,
                         size_t cap, size_t *n, error *e)
{
    *n = 0;
    if (year < CALENDAR_MIN_YEAR || year > CALENDAR_MAX_YEAR)
        return err_setf(e, ST_INVALID, "calendar_year_range", NULL, "%d", year);
    computed c;
    compute(year, &c);
    size_t k = 0;
    for (size_t i = 0; i < c.n; i++) {
        if (override_for(c.days[i].date, ov, nov))
            continue;
        if (k < cap)
            out[k] = c.days[i];
        k++;
    }
    for (size_t i = 0; i < nov; i++) {
        const calendar_override *o = &ov[i];
        if (o->kind != CALENDAR_DAY_OFF || o->date == DATE_NONE || year_of(o->date) != year ||
            override_for(o->date, ov, nov) != o)
            continue;
        const char *name = o->name ? o->name : "";
        if (k < cap)
            out[k] = (calendar_day){o->date, CALENDAR_ANNOUNCED, name, name};
        k++;
    }
    *n = k;
    if (k > cap)
        return err_set(e, ST_INTERNAL, "calendar_list_too_small", NULL, NULL);
    sort_days(out, k);
    return ST_OK;
}

/* Working-day questions over a walk of days, one year computed at a time. */
typedef struct walker {
    const calendar_override *ov;
    size_t nov;
    computed c;
} walker;

static bool walker_is_workday(walker *w, date_t t)
{
    const calendar_override *o = override_for(t, w->ov, w->nov);
    if (o)
        return o->kind == CALENDAR_WORKING_DAY;
    if (w->c.year != year_of(t))
        compute(year_of(t), &w->c);
    return !is_weekend(t) && !listed(&w->c, t);
}

/* *out = the first working day on or after t. */
static status first_workday_from(walker *w, date_t t, date_t *out, error *e)
{
    for (;; t++) {
        if (!in_range(t))
            return out_of_range(t, e);
        if (walker_is_workday(w, t))
            break;
    }
    *out = t;
    return ST_OK;
}

status calendar_is_workday(date_t d, const calendar_override *ov, size_t nov, bool *out, error *e)
{
    if (!in_range(d))
        return out_of_range(d, e);
    walker w = {.ov = ov, .nov = nov, .c = {.year = 0}};
    *out = walker_is_workday(&w, d);
    return ST_OK;
}

static status check_period(date_t d, int n, error *e)
{
    if (n < 0 || n > CALENDAR_PERIOD_MAX)
        return err_setf(e, ST_INVALID, "calendar_period_range", NULL, "%d", n);
    if (!in_range(d))
        return out_of_range(d, e);
    return ST_OK;
}

status calendar_add_workdays(date_t d, int n, const calendar_override *ov, size_t nov, date_t *out,
                             error *e)
{
    status st = check_period(d, n, e);
    if (st != ST_OK)
        return st;
    walker w = {.ov = ov, .nov = nov, .c = {.year = 0}};
    date_t t;
    st = first_workday_from(&w, n == 0 ? d : d + 1, &t, e);
    for (int i = 1; st == ST_OK && i < n; i++)
        st = first_workday_from(&w, t + 1, &t, e);
    if (st == ST_OK)
        *out = t;
    return st;
}

status calendar_add_calendar_days_deadline(date_t event, int days, const calendar_override *ov,
                                           size_t nov, date_t *out, error *e)
{
    status st = check_period(event, days, e);
    if (st != ST_OK)
        return st;
    walker w = {.ov = ov, .nov = nov, .c = {.year = 0}};
    date_t t;
    st = first_workday_from(&w, event + days, &t, e);
    if (st == ST_OK)
        *out = t;
    return st;
}

static status add_error(errlist *errs, size_t i, const char *part, const char *code,
                        const char *arg)
{
    char field[ERROR_FIELD_MAX];
    int len = snprintf(field, sizeof field, "overrides[%zu].%s", i, part);
    assert(len > 0 && (size_t)len < sizeof field);
    (void)len;
    error e;
    err_set(&e, ST_INVALID, code, field, arg);
    return errlist_add(errs, &e);
}

/* Appends one error per problem of override i; *bad tells whether any. */
static status check_one(const calendar_override *ov, size_t i, errlist *errs, bool *bad)
{
    const calendar_override *o = &ov[i];
    char iso[DATE_ISO_LEN];
    date_format(o->date, iso);
    const char *date_code = !in_range(o->date)             ? "calendar_out_of_range"
                            : override_for(o->date, ov, i) ? "calendar_override_duplicate"
                                                           : NULL;
    const bool kind_ok = o->kind == CALENDAR_DAY_OFF || o->kind == CALENDAR_WORKING_DAY;
    const bool name_missing = o->kind == CALENDAR_DAY_OFF && (!o->name || !o->name[0]);
    status st = ST_OK;
    if (date_code)
        st = add_error(errs, i, "date", date_code, iso);
    if (st == ST_OK && !kind_ok)
        st = add_error(errs, i, "kind", "calendar_override_kind", NULL);
    if (st == ST_OK && name_missing)
        st = add_error(errs, i, "name", "calendar_override_name_required", NULL);
    *bad = date_code || !kind_ok || name_missing;
    return st;
}

status calendar_overrides_check(const calendar_override *ov, size_t nov, errlist *errs)
{
    bool any = false;
    for (size_t i = 0; i < nov; i++) {
        bool bad;
        if (check_one(ov, i, errs, &bad) != ST_OK)
            return ST_NOMEM;
        any = any || bad;
    }
    return any ? ST_INVALID : ST_OK;
}
