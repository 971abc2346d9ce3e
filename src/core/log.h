/*
 * log.h -- one-line log records to stderr.
 *
 * Format: ISO timestamp (UTC), level, message. Never log personal data
 * (names, citizen IDs): log record ids and codes instead.
 */
#ifndef CAUNOI_LOG_H
#define CAUNOI_LOG_H

typedef enum log_level { LOG_DEBUG, LOG_INFO, LOG_WARN, LOG_ERROR } log_level;

/* Messages below `min` are dropped. Set once at start-up. */
void log_set_level(log_level min);
void log_msg(log_level lv, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#define log_info(...)  log_msg(LOG_INFO, __VA_ARGS__)
#define log_warn(...)  log_msg(LOG_WARN, __VA_ARGS__)
#define log_error(...) log_msg(LOG_ERROR, __VA_ARGS__)
#define log_debug(...) log_msg(LOG_DEBUG, __VA_ARGS__)

#endif
