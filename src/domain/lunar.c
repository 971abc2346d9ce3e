/*
 * lunar.c -- the Vietnamese lunar calendar, by Hồ Ngọc Đức's method.
 *
 * Method: Hồ Ngọc Đức, "Âm lịch Việt Nam" and "Thuật toán tính âm lịch"
 * (https://www.informatik.uni-leipzig.de/~duc/amlich/calrules_vn.html),
 * rules adapted from the Explanatory Supplement to the Astronomical
 * Almanac; the astronomy is Jean Meeus's ("Astronomical Algorithms",
 * Willmann-Bell, 1998, and "Astronomical Formulae for Calculators"):
 *  - the new moon: the mean conjunction corrected by the main periodic
 *    terms in the Sun's and the Moon's mean anomalies and the Moon's
 *    argument of latitude, minus ΔT (error about two minutes);
 *  - the Sun's longitude: mean longitude plus the equation of the centre
 *    (Meeus ch. 25, low accuracy), referred to the mean equinox of date.
 * All of it for the meridian of UTC+7, as the Vietnamese calendar is.
 * These are the published formulas, constants included, so that our days
 * agree with the tables computed by that program, including the days when
 * a new moon falls close to midnight.
 *
 * How the parts fit:
 *   new_moon_day(k)  the UTC+7 day of new moon number k (k = 0 in Jan 1900)
 *   term_sector(t)   the 30-degree sector of the ecliptic the Sun is in when
 *                    day t begins; a month within which the sector does not
 *                    change holds no principal term (trung khí)
 *   month11_k(y)     the new moon that begins month 11 of solar year y,
 *                    the month holding the December solstice (sector 9)
 *   frame_build(y)   the 12 or 13 months from month 11 of y-1 to month 11
 *                    of y, numbered, the leap month found; every conversion
 *                    looks its date up in one frame.
 *
 * Must never: read the clock or the time zone, allocate, or keep state.
 */
#include "domain/lunar.h"

#include <assert.h>
#include <math.h>
#include <stdio.h>

#define PI  3.14159265358979323846
#define DEG (PI / 180.0)
/* UTC+7 as a fraction of a day. */
#define VN_TZ_DAYS ((double)VN_UTC_OFFSET_S / 86400.0)
/* Julian day number of 1970-01-01, which is date_t 0. */
#define JDN_UNIX_EPOCH 2440588
/* Julian date of the mean new moon k = 0 (1900-01-01, 13:51 UT). */
#define NEW_MOON_0    2415021.076998695
#define SYNODIC_MONTH 29.530588853
/* Month 11 of the year before to month 11 of the year: 12 or 13 months,
 * and the start of the next month 11 closes the last one. */
#define FRAME_MONTHS_MAX 13

typedef struct frame {
    int n;                              /* months: 12, or 13 with a leap month */
    date_t start[FRAME_MONTHS_MAX + 1]; /* start[n] begins the next month 11 */
    int month[FRAME_MONTHS_MAX];
    int year[FRAME_MONTHS_MAX];
    bool leap[FRAME_MONTHS_MAX];
} frame;

/* Julian date (UT) of new moon number k. */
static double new_moon_jd(int k)
{
    const double t = k / 1236.85, t2 = t * t, t3 = t2 * t;
    const double m = (359.2242 + 29.10535608 * k - 0.0000333 * t2 - 0.00000347 * t3) * DEG;
    const double mp = (306.0253 + 385.81691806 * k + 0.0107306 * t2 + 0.00001236 * t3) * DEG;
    const double f = (21.2964 + 390.67050646 * k - 0.0016528 * t2 - 0.00000239 * t3) * DEG;
    const double mean = 2415020.75933 + 29.53058868 * k + 0.0001178 * t2 - 0.000000155 * t3 +
                        0.00033 * sin((166.56 + 132.87 * t - 0.009173 * t2) * DEG);
    const double c = (0.1734 - 0.000393 * t) * sin(m) + 0.0021 * sin(2 * m) - 0.4068 * sin(mp) +
                     0.0161 * sin(2 * mp) - 0.0004 * sin(3 * mp) + 0.0104 * sin(2 * f) -
                     0.0051 * sin(m + mp) - 0.0074 * sin(m - mp) + 0.0004 * sin(2 * f + m) -
                     0.0004 * sin(2 * f - m) - 0.0006 * sin(2 * f + mp) + 0.0010 * sin(2 * f - mp) +
                     0.0005 * sin(2 * mp + m);
    /* ΔT in days, the polynomial the method gives for years after 800. */
    assert(t >= -11);
    const double delta_t = -0.000278 + 0.000265 * t + 0.000262 * t2;
    return mean + c - delta_t;
}

/* The Sun's longitude in degrees, [0, 360), at Julian date jd (UT). */
static double sun_longitude(double jd)
{
    const double t = (jd - 2451545.0) / 36525, t2 = t * t;
    const double m = 357.52910 + 35999.05030 * t - 0.0001559 * t2 - 0.00000048 * t * t2;
    const double l0 = 280.46645 + 36000.76983 * t + 0.0003032 * t2;
    const double centre = (1.914600 - 0.004817 * t - 0.000014 * t2) * sin(m * DEG) +
                          (0.019993 - 0.000101 * t) * sin(2 * m * DEG) +
                          0.000290 * sin(3 * m * DEG);
    const double l = l0 + centre;
    return l - 360.0 * floor(l / 360.0);
}

/* The UTC+7 day on which new moon k falls. */
static date_t new_moon_day(int k)
{
    return (date_t)(floor(new_moon_jd(k) + 0.5 + VN_TZ_DAYS) - JDN_UNIX_EPOCH);
}

/* Sector 0..11 (0 from the March equinox, 9 from the December solstice) of
 * the Sun at 00:00 UTC+7 of day t. */
static int term_sector(date_t t)
{
    const double jd = (double)t + JDN_UNIX_EPOCH - 0.5 - VN_TZ_DAYS;
    const int s = (int)floor(sun_longitude(jd) / 30.0);
    assert(s >= 0 && s < 12);
    return s;
}

/* Julian day number of 31 December of year y (Gregorian; any y > 0). */
static long jdn_dec31(int y)
{
    const long yy = (long)y + 4800; /* March-based year of 31 December */
    return 31 + (153 * 9 + 2) / 5 + 365 * yy + yy / 4 - yy / 100 + yy / 400 - 32045;
}

/* Number k of the new moon that begins month 11 of solar year y: the last
 * new moon not after the December solstice. */
static int month11_k(int y)
{
    int k = (int)floor((double)(jdn_dec31(y) - 2415021) / SYNODIC_MONTH);
    /* New moon k is the one before 31 December; if the Sun has already
     * reached the solstice sector when it begins, the solstice fell in the
     * month before, which is month 11. */
    if (term_sector(new_moon_day(k)) >= 9)
        k--;
    return k;
}

/* Index 1..12 of the first month of a 13-month frame without a principal
 * term: the sector at its start equals the sector at the next start. */
static int leap_index(const frame *f)
{
    assert(f->n == 13);
    int prev = term_sector(f->start[1]);
    for (int i = 1; i < f->n; i++) {
        const int next = term_sector(f->start[i + 1]);
        if (next == prev)
            return i;
        prev = next;
    }
    assert(!"a 13-month lunar year has a month without a principal term");
    return f->n;
}

/* The months of lunar year y's frame: month 11 of solar year y-1 up to,
 * not including, month 11 of y. They number 11, 12 (lunar year y-1) and
 * 1..10 (lunar year y), with the leap month repeating its predecessor. */
static void frame_build(int y, frame *f)
{
    const int k0 = month11_k(y - 1), k1 = month11_k(y);
    f->n = k1 - k0;
    assert(f->n == 12 || f->n == 13);
    for (int i = 0; i <= f->n; i++)
        f->start[i] = new_moon_day(k0 + i);
    const int leap = f->n == 13 ? leap_index(f) : -1;
    f->month[0] = 11;
    f->year[0] = y - 1;
    f->leap[0] = false;
    for (int i = 1; i < f->n; i++) {
        f->leap[i] = i == leap;
        f->month[i] = f->leap[i] ? f->month[i - 1] : f->month[i - 1] % 12 + 1;
        f->year[i] = f->year[i - 1] + (!f->leap[i] && f->month[i] == 1);
    }
    assert(f->month[f->n - 1] == 10 && f->year[f->n - 1] == y);
}

static date_t solar_first(void)
{
    date_t t;
    bool ok = date_from_ymd(DATE_MIN_YEAR, 1, 1, &t);
    assert(ok);
    (void)ok;
    return t;
}

static date_t solar_last(void)
{
    date_t t;
    bool ok = date_from_ymd(DATE_MAX_YEAR, 12, 31, &t);
    assert(ok);
    (void)ok;
    return t;
}

status lunar_from_solar(date_t d, lunar_date *out, error *e)
{
    if (d == DATE_NONE || d < solar_first() || d > solar_last()) {
        char iso[DATE_ISO_LEN];
        date_format(d, iso);
        return err_set(e, ST_INVALID, "lunar_out_of_range", NULL, iso);
    }
    int y, m, dd;
    date_to_ymd(d, &y, &m, &dd);
    frame f;
    frame_build(d >= new_moon_day(month11_k(y)) ? y + 1 : y, &f);
    int i = f.n - 1;
    while (f.start[i] > d)
        i--;
    assert(i >= 0 && d < f.start[i + 1]);
    out->day = d - f.start[i] + 1;
    out->month = f.month[i];
    out->year = f.year[i];
    out->leap = f.leap[i];
    return ST_OK;
}

static status invalid(const lunar_date *ld, const char *code, error *e)
{
    return err_setf(e, ST_INVALID, code, NULL, "%d/%d%s/%d", ld->day, ld->month,
                    ld->leap ? "N" : "", ld->year);
}

status lunar_to_solar(const lunar_date *ld, date_t *out, error *e)
{
    if (ld->year < LUNAR_MIN_YEAR || ld->year > LUNAR_MAX_YEAR)
        return invalid(ld, "lunar_out_of_range", e);
    if (ld->month < 1 || ld->month > 12 || ld->day < 1 || ld->day > 30)
        return invalid(ld, "lunar_date_invalid", e);
    frame f;
    frame_build(ld->month >= 11 ? ld->year + 1 : ld->year, &f);
    for (int i = 0; i < f.n; i++) {
        if (f.month[i] != ld->month || f.year[i] != ld->year || f.leap[i] != ld->leap)
            continue;
        if (ld->day > f.start[i + 1] - f.start[i])
            return invalid(ld, "lunar_date_invalid", e);
        const date_t t = f.start[i] + ld->day - 1;
        if (t < solar_first() || t > solar_last())
            return invalid(ld, "lunar_out_of_range", e);
        *out = t;
        return ST_OK;
    }
    return invalid(ld, "lunar_date_invalid", e); /* a leap month that is not */
}

date_t lunar_new_year(int year)
{
    assert(year >= DATE_MIN_YEAR && year <= DATE_MAX_YEAR);
    const lunar_date ld = {.day = 1, .month = 1, .year = year, .leap = false};
    date_t t = DATE_NONE;
    status st = lunar_to_solar(&ld, &t, NULL);
    assert(st == ST_OK);
    (void)st;
    return t;
}
