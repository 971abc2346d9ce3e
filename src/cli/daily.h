/*
 * daily.h -- the server's daily compliance scan (cli/daily.c).
 */
#ifndef CAUNOI_DAILY_H
#define CAUNOI_DAILY_H

#include <stdbool.h>

/* Start the scan thread over the database at db_path (kept, not copied):
 * a scan now, then one each new Vietnam day. False when the thread could
 * not start (logged; the server runs without it). */
bool daily_start(const char *db_path);
/* Stop it and wait for a scan under way to finish. */
void daily_stop(void);

#endif
