/*
 * arena.h -- a region allocator: many allocations, one free.
 *
 * Each HTTP request and each CLI command owns one arena; everything the
 * request builds (decoded fields, records read from the store, response
 * strings) comes from it and is released together by arena_free. Nothing
 * allocated from an arena may outlive it or be passed to xfree.
 */
#ifndef CAUNOI_ARENA_H
#define CAUNOI_ARENA_H

#include <stddef.h>

typedef struct arena_block arena_block;
typedef struct arena {
    arena_block *head;
} arena;

/* An empty arena; no memory is taken until the first allocation. */
#define ARENA_INIT                                                                                 \
    {                                                                                              \
        0                                                                                          \
    }

/* Zeroed memory of n bytes aligned for any type, or NULL on failure. */
void *arena_alloc(arena *a, size_t n);
void *arena_alloc_array(arena *a, size_t count, size_t size);
/* Make room for one more element in an arena array of `len` elements of
 * `size` bytes with capacity *cap: when full, a block twice as large is
 * taken from the arena and the elements copied (the old block stays in the
 * arena until it is freed). Returns the array, possibly moved, or NULL on
 * allocation failure (the old array is still valid). */
void *arena_grow(arena *a, void *items, size_t len, size_t *cap, size_t size);
char *arena_strdup(arena *a, const char *s); /* NULL in, NULL out */
char *arena_strndup(arena *a, const char *s, size_t n);
char *arena_printf(arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Release every block; the arena is empty and reusable afterwards. */
void arena_free(arena *a);

#endif
