/*
 * daily.c -- the server's daily compliance scan: a thread beside the HTTP
 * workers that keeps the alerts (svc_alerts_scan as the operator) once at
 * start and again each time the Vietnam date changes, until the server
 * stops.
 *
 * It owns its own database connection. A failed scan is logged and tried
 * again at the next check; it never stops the server. This file must never
 * decide a rule or write anything itself: the service does.
 */
#include "cli/daily.h"

#include <pthread.h>
#include <stdbool.h>
#include <time.h>

#include "core/log.h"
#include "service/compliance.h"

/* How often the thread looks at the date, in seconds. */
#define DAILY_POLL_S 60

static struct {
    pthread_t thread;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    bool running, stop;
    const char *db_path;
} daily = {.mu = PTHREAD_MUTEX_INITIALIZER, .cv = PTHREAD_COND_INITIALIZER};

static void scan_once(void)
{
    svc_conn *c = NULL;
    error e = {0};
    if (svc_conn_open(daily.db_path, false, &c, &e) != ST_OK) {
        log_error("daily scan: cannot open the database: %s", e.code);
        return;
    }
    arena a = ARENA_INIT;
    svc s;
    svc_init(&s, c, &a, &svc_operator, LANG_EN, (int64_t)time(NULL));
    alert_scan_report r;
    if (svc_alerts_scan(&s, 0, &r, &e) == ST_OK)
        log_info("daily scan: %lld members, alerts %lld opened, %lld resolved, %lld open",
                 (long long)r.members_checked, (long long)r.opened, (long long)r.resolved,
                 (long long)r.open);
    else
        log_error("daily scan failed: %s", e.code);
    arena_free(&a);
    svc_conn_close(c);
}

static void *run(void *arg)
{
    (void)arg;
    date_t done = DATE_NONE;
    pthread_mutex_lock(&daily.mu);
    while (!daily.stop) {
        date_t today = date_vn_from_unix((int64_t)time(NULL));
        if (today != done) {
            pthread_mutex_unlock(&daily.mu);
            scan_once();
            done = today;
            pthread_mutex_lock(&daily.mu);
            continue;
        }
        struct timespec until;
        clock_gettime(CLOCK_REALTIME, &until);
        until.tv_sec += DAILY_POLL_S;
        pthread_cond_timedwait(&daily.cv, &daily.mu, &until);
    }
    pthread_mutex_unlock(&daily.mu);
    return NULL;
}

bool daily_start(const char *db_path)
{
    daily.db_path = db_path;
    daily.stop = false;
    daily.running = pthread_create(&daily.thread, NULL, run, NULL) == 0;
    if (!daily.running)
        log_error("daily scan: cannot start its thread");
    return daily.running;
}

void daily_stop(void)
{
    if (!daily.running)
        return;
    pthread_mutex_lock(&daily.mu);
    daily.stop = true;
    pthread_cond_signal(&daily.cv);
    pthread_mutex_unlock(&daily.mu);
    pthread_join(daily.thread, NULL);
    daily.running = false;
}
