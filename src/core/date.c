/*
 * date.c -- civil-date arithmetic.
 *
 * Day numbers from civil dates and back use the algorithms of Howard
 * Hinnant, "chrono-Compatible Low-Level Date Algorithms" (days_from_civil,
 * civil_from_days), exact over the whole proleptic Gregorian calendar.
 */
#include "core/date.h"

#include <stdio.h>
#include <string.h>

static int64_t days_from_civil(int64_t y, unsigned m, unsigned d)
{
    y -= m <= 2;
    const int64_t era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = (unsigned)(y - era * 400);
    const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + (int64_t)doe - 719468;
}

void date_to_ymd(date_t t, int *y, int *m, int *d)
{
    int64_t z = (int64_t)t + 719468;
    const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const unsigned doe = (unsigned)(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    const unsigned dd = doy - (153 * mp + 2) / 5 + 1;
    const unsigned mm = mp < 10 ? mp + 3 : mp - 9;
    *y = (int)((int64_t)yoe + era * 400 + (mm <= 2));
    *m = (int)mm;
    *d = (int)dd;
}

int date_days_in_month(int y, int m)
{
    static const int len[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m < 1 || m > 12)
        return 0;
    if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
        return 29;
    return len[m - 1];
}

bool date_from_ymd(int y, int m, int d, date_t *out)
{
    if (y < DATE_MIN_YEAR || y > DATE_MAX_YEAR || m < 1 || m > 12 || d < 1 ||
        d > date_days_in_month(y, m))
        return false;
    *out = (date_t)days_from_civil(y, (unsigned)m, (unsigned)d);
    return true;
}

static int digits(const char *s, int n)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    return v;
}

bool date_parse(const char *s, date_t *out)
{
    if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
        return false;
    int y = digits(s, 4), m = digits(s + 5, 2), d = digits(s + 8, 2);
    if (y < 0 || m < 0 || d < 0)
        return false;
    return date_from_ymd(y, m, d, out);
}

void date_format(date_t t, char out[DATE_ISO_LEN])
{
    if (t == DATE_NONE) {
        out[0] = '\0';
        return;
    }
    int y, m, d;
    date_to_ymd(t, &y, &m, &d);
    if (y < 0 || y > 9999) {
        out[0] = '\0';
        return;
    }
    snprintf(out, DATE_ISO_LEN, "%04d-%02d-%02d", y, m, d);
}

int date_weekday(date_t t)
{
    /* 1970-01-01 was a Thursday (ISO 4). */
    int64_t w = ((int64_t)t + 3) % 7;
    if (w < 0)
        w += 7;
    return (int)w + 1;
}

date_t date_add_months(date_t t, int months)
{
    int y, m, d;
    date_to_ymd(t, &y, &m, &d);
    int64_t total = (int64_t)y * 12 + (m - 1) + months;
    int64_t ny = total >= 0 ? total / 12 : (total - 11) / 12;
    int nm = (int)(total - ny * 12) + 1;
    int last = date_days_in_month((int)ny, nm);
    if (d > last)
        d = last;
    return (date_t)days_from_civil(ny, (unsigned)nm, (unsigned)d);
}

date_t date_add_years(date_t t, int years) { return date_add_months(t, years * 12); }

date_t date_vn_from_unix(int64_t unix_seconds)
{
    int64_t s = unix_seconds + VN_UTC_OFFSET_S;
    int64_t days = s >= 0 ? s / 86400 : (s - 86399) / 86400;
    return (date_t)days;
}
