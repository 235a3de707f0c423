/*
 * arena.c — see arena.h.  Blocks are 64 KiB, or as large as one big request.
 */
#include "config.h"

#include "arena.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

#define BLOCK_BYTES (64 * 1024)
#define ALIGN 16

struct arena_block {
	struct arena_block *next;
	size_t size;
	size_t used;
	_Alignas(16) unsigned char data[];
};

void
arena_init(struct arena *a)
{
	a->head = NULL;
	a->used_bytes = 0;
}

void
arena_release(struct arena *a)
{
	struct arena_block *b = a->head, *next;

	while (b != NULL) {
		next = b->next;
		free(b);
		b = next;
	}
	arena_init(a);
}

void *
arena_alloc(struct arena *a, size_t size)
{
	struct arena_block *b = a->head;
	size_t rounded;
	void *p;

	if (size > SIZE_MAX - ALIGN)
		size = SIZE_MAX - ALIGN;	/* xmalloc below will fail loudly */
	rounded = (size + ALIGN - 1) & ~(size_t)(ALIGN - 1);
	if (b == NULL || b->size - b->used < rounded) {
		size_t bsize = rounded > BLOCK_BYTES ? rounded : BLOCK_BYTES;

		b = xmalloc(sizeof(*b) + bsize);
		b->size = bsize;
		b->used = 0;
		b->next = a->head;
		a->head = b;
	}
	p = b->data + b->used;
	b->used += rounded;
	a->used_bytes += rounded;
	memset(p, 0, rounded);
	return p;
}

void *
arena_calloc(struct arena *a, size_t nmemb, size_t size)
{
	if (size != 0 && nmemb > SIZE_MAX / size)
		return arena_alloc(a, SIZE_MAX);
	return arena_alloc(a, nmemb * size);
}

char *
arena_strndup(struct arena *a, const char *s, size_t n)
{
	/* protobuf-c gives an empty string as (NULL, 0): strnlen(NULL, 0) is still undefined */
	size_t len = n == 0 ? 0 : strnlen(s, n);
	char *p = arena_alloc(a, len + 1);

	if (len > 0)
		memcpy(p, s, len);
	return p;
}

char *
arena_strdup(struct arena *a, const char *s)
{
	return arena_strndup(a, s, SIZE_MAX);
}
