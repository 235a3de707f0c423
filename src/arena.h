/*
 * arena.h — a bump allocator for data that is loaded once and freed at once
 * (the catalog, model profiles).
 *
 * Layer 0.  Allocations are 16-byte aligned and zeroed; nothing is freed
 * individually; arena_release() frees everything.  Pointers into the arena
 * stay valid until then (blocks are never moved).
 */
#ifndef MLFIT_ARENA_H
#define MLFIT_ARENA_H

#include <stddef.h>

struct arena_block;

struct arena {
	struct arena_block *head;
	size_t used_bytes;	/* payload handed out, for benchmarks */
};

void arena_init(struct arena *a);
void arena_release(struct arena *a);
void *arena_alloc(struct arena *a, size_t size) __attribute__((returns_nonnull));
void *arena_calloc(struct arena *a, size_t nmemb, size_t size) __attribute__((returns_nonnull));
char *arena_strdup(struct arena *a, const char *s) __attribute__((returns_nonnull));
char *arena_strndup(struct arena *a, const char *s, size_t n) __attribute__((returns_nonnull));

#endif
