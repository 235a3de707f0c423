/*
 * xalloc.h — allocation that never returns NULL.
 *
 * Layer 0.  On failure the front end's hook runs (the TUI restores the
 * terminal), then the program aborts: running out of memory is not an input
 * error that a user can fix, and every caller checking for it would hide the
 * real error paths.  Sizes are checked for overflow.
 */
#ifndef MLFIT_XALLOC_H
#define MLFIT_XALLOC_H

#include <stddef.h>

void *xmalloc(size_t size) __attribute__((malloc, returns_nonnull));
void *xcalloc(size_t nmemb, size_t size) __attribute__((malloc, returns_nonnull));
void *xreallocarray(void *ptr, size_t nmemb, size_t size) __attribute__((returns_nonnull));
char *xstrdup(const char *s) __attribute__((malloc, returns_nonnull));
char *xstrndup(const char *s, size_t n) __attribute__((malloc, returns_nonnull));
/* A malloc'ed printf; the caller frees it. */
char *xasprintf(const char *fmt, ...)
	__attribute__((format(printf, 1, 2), malloc, returns_nonnull));

/* Installs fn to run before abort() on exhaustion (NULL: none). */
void xalloc_set_oom_hook(void (*fn)(void));

/*
 * Grows the array *ptr (of elements of `size` bytes, `*cap` allocated) so
 * that it holds at least `need` elements; doubles to keep appends amortised
 * O(1).  New space is not zeroed.
 */
void xgrow(void **ptr, size_t *cap, size_t need, size_t size);

#define XGROW(ptr, cap, need) \
	xgrow((void **)&(ptr), &(cap), (need), sizeof(*(ptr)))

#endif
