/*
 * alloc.h -- the one place caunoi asks for memory.
 *
 * Every allocation in src/ goes through these wrappers so that a test can
 * make the Nth allocation fail (alloc_fail_after) and prove that each
 * failure is answered with an error and leaves the database unchanged, as
 * SQLite's malloc tests do. They return NULL on failure; callers check.
 * alloc_install_sqlite() routes SQLite's own allocations through here too.
 */
#ifndef CAUNOI_ALLOC_H
#define CAUNOI_ALLOC_H

#include <stddef.h>

void *xmalloc(size_t n);
void *xcalloc(size_t count, size_t size);
void *xrealloc(void *p, size_t n);
/* realloc for count*size with overflow check. */
void *xrealloc_array(void *p, size_t count, size_t size);
void xfree(void *p);
/* strdup through xmalloc; NULL in gives NULL out. */
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);

/* Test hook: after `n` more successful allocations, every allocation fails
 * (n < 0 turns injection off). Counts all threads. */
void alloc_fail_after(long n);
/* How many allocations have been attempted since the counter was reset. */
long alloc_count(void);
void alloc_count_reset(void);
/* True if an injected failure has happened since the last reset. */
int alloc_failed(void);

/* Make SQLite allocate through these wrappers. Must be called before any
 * other SQLite call; returns 0 on success. */
int alloc_install_sqlite(void);

#endif
