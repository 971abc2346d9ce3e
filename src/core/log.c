/*
 * log.c -- the log writer. One fprintf per record, so lines from worker
 * threads do not interleave (stdio locks the stream per call).
 */
#include "core/log.h"

#include <stdarg.h>
#include <stdio.h>
#include <time.h>

static log_level min_level = LOG_INFO; /* configuration, set at start-up */

void log_set_level(log_level min) { min_level = min; }

void log_msg(log_level lv, const char *fmt, ...)
{
    static const char *names[] = {"debug", "info", "warn", "error"};
    if (lv < min_level)
        return;
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (n < 0)
        return;
    char ts[32] = "";
    time_t now = time(NULL);
    struct tm tm;
    if (gmtime_r(&now, &tm))
        strftime(ts, sizeof ts, "%Y-%m-%dT%H:%M:%SZ", &tm);
    fprintf(stderr, "%s %s %s\n", ts, names[lv], msg);
}
