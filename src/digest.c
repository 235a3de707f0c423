/*
 * digest.c — see digest.h.
 *
 * The hash takes eight bytes per step (a multiply and a rotate, as in
 * the finalisers of MurmurHash3 and splitmix64), so hashing the whole
 * shipped catalog costs well under 1 % of parsing it.
 */
#include "config.h"

#include "digest.h"

#include <string.h>

#define DIGEST_MUL1 0x9e3779b97f4a7c15ull	/* 2^64 / golden ratio */
#define DIGEST_MUL2 0xbf58476d1ce4e5b9ull	/* splitmix64's */

static uint64_t
load_le64(const unsigned char *p)
{
	return (uint64_t)p[0] | (uint64_t)p[1] << 8 | (uint64_t)p[2] << 16 |
	       (uint64_t)p[3] << 24 | (uint64_t)p[4] << 32 | (uint64_t)p[5] << 40 |
	       (uint64_t)p[6] << 48 | (uint64_t)p[7] << 56;
}

static uint64_t
mix(uint64_t h, uint64_t w)
{
	h ^= w * DIGEST_MUL1;
	h = (h << 27 | h >> 37) * DIGEST_MUL2;
	return h;
}

struct digest
digest_of(const void *buf, size_t len)
{
	const unsigned char *p = buf;
	unsigned char tail[8] = { 0 };
	uint64_t h = (uint64_t)len * DIGEST_MUL2;
	size_t i;
	struct digest d;

	for (i = 0; i + 8 <= len; i += 8)
		h = mix(h, load_le64(p + i));
	if (i < len) {
		memcpy(tail, p + i, len - i);
		h = mix(h, load_le64(tail));
	}
	h ^= h >> 31;
	h *= DIGEST_MUL1;
	h ^= h >> 29;
	d.size = len;
	d.hash = h;
	return d;
}

const char *
digest_shipped_schema(const struct digest *d)
{
	const struct shipped_file *f;

	for (f = shipped_files; f->path != NULL; f++)
		if (f->schema == NULL && f->size == d->size && f->hash == d->hash)
			return f->path;
	return NULL;
}

bool
digest_shipped_file(const char *schema, const struct digest *d)
{
	const struct shipped_file *f;

	if (schema == NULL)
		return false;
	for (f = shipped_files; f->path != NULL; f++)
		if (f->schema != NULL && f->size == d->size && f->hash == d->hash &&
		    strcmp(f->schema, schema) == 0)
			return true;
	return false;
}
