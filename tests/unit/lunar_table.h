/*
 * lunar_table.h -- published dates of Tết Nguyên đán (1/1 lunar) and of the
 * Hùng Kings' commemoration (Giỗ Tổ Hùng Vương, 10/3 lunar), 2000-2040,
 * with the leap month (tháng nhuận) of each lunar year, 0 when none.
 *
 * Source: Hồ Ngọc Đức, "Âm lịch Việt Nam" version 1.0 (2004), amlich.js,
 * table TK21 ("Years 2000-2099"), computed by the author's full-precision
 * program for UTC+7 (https://www.informatik.uni-leipzig.de/~duc/amlich/).
 * Each entry packs the offset of Tết from 1 January (bits 17 and up), the
 * 29/30-day lengths of months 1..12 (bits 15..4) and of the leap month
 * (bit 16), and the leap month (bits 3..0); the rows below were decoded from
 * those published words, not computed by caunoi's lunar.c.
 *
 * Cross-checked against the Vietnamese holiday table of KDE kholidays,
 * holidays/plan2/holiday_vn_vi (Kien Ho, 2025, from timeanddate.com): it
 * agrees on every row except five, where that table gives the Chinese
 * (UTC+8) date, one day later, because the new moon fell between 23:00 and
 * 24:00 Hà Nội time: Tết 2007 (18 Feb there) and Tết 2030 (3 Feb there), and
 * Hùng Kings' day 2009 (5 Apr), 2037 (25 Apr) and 2038 (14 Apr). The
 * Vietnamese Tết of 17 Feb 2007 and 2 Feb 2030 is also stated in Hồ Ngọc
 * Đức's "Âm lịch Việt Nam" essay and DOMAIN.md.
 */
#ifndef CAUNOI_LUNAR_TABLE_H
#define CAUNOI_LUNAR_TABLE_H

typedef struct lunar_table_row {
    int year;
    const char *tet;  /* 1/1 of lunar year `year` */
    const char *hung; /* 10/3 of lunar year `year` */
    int leap_month;   /* 0 when lunar year `year` has 12 months */
} lunar_table_row;

/* clang-format off */
static const lunar_table_row lunar_table[] = {
    {2000, "2000-02-05", "2000-04-14", 0},
    {2001, "2001-01-24", "2001-04-03", 4},
    {2002, "2002-02-12", "2002-04-22", 0},
    {2003, "2003-02-01", "2003-04-11", 0},
    {2004, "2004-01-22", "2004-04-28", 2},
    {2005, "2005-02-09", "2005-04-18", 0},
    {2006, "2006-01-29", "2006-04-07", 7},
    {2007, "2007-02-17", "2007-04-26", 0},
    {2008, "2008-02-07", "2008-04-15", 0},
    {2009, "2009-01-26", "2009-04-04", 5},
    {2010, "2010-02-14", "2010-04-23", 0},
    {2011, "2011-02-03", "2011-04-12", 0},
    {2012, "2012-01-23", "2012-03-31", 4},
    {2013, "2013-02-10", "2013-04-19", 0},
    {2014, "2014-01-31", "2014-04-09", 9},
    {2015, "2015-02-19", "2015-04-28", 0},
    {2016, "2016-02-08", "2016-04-16", 0},
    {2017, "2017-01-28", "2017-04-06", 6},
    {2018, "2018-02-16", "2018-04-25", 0},
    {2019, "2019-02-05", "2019-04-14", 0},
    {2020, "2020-01-25", "2020-04-02", 4},
    {2021, "2021-02-12", "2021-04-21", 0},
    {2022, "2022-02-01", "2022-04-10", 0},
    {2023, "2023-01-22", "2023-04-29", 2},
    {2024, "2024-02-10", "2024-04-18", 0},
    {2025, "2025-01-29", "2025-04-07", 6},
    {2026, "2026-02-17", "2026-04-26", 0},
    {2027, "2027-02-06", "2027-04-16", 0},
    {2028, "2028-01-26", "2028-04-04", 5},
    {2029, "2029-02-13", "2029-04-23", 0},
    {2030, "2030-02-02", "2030-04-12", 0},
    {2031, "2031-01-23", "2031-04-01", 3},
    {2032, "2032-02-11", "2032-04-19", 0},
    {2033, "2033-01-31", "2033-04-09", 11},
    {2034, "2034-02-19", "2034-04-28", 0},
    {2035, "2035-02-08", "2035-04-17", 0},
    {2036, "2036-01-28", "2036-04-06", 6},
    {2037, "2037-02-15", "2037-04-24", 0},
    {2038, "2038-02-04", "2038-04-13", 0},
    {2039, "2039-01-24", "2039-04-03", 5},
    {2040, "2040-02-12", "2040-04-20", 0},
};
/* clang-format on */

#endif
