/*
 * strutil.c — see strutil.h.
 */
#include "config.h"

#include "strutil.h"

#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

static int
lower(int c)
{
	return (c >= 'A' && c <= 'Z') ? c - 'A' + 'a' : c;
}

int
str_casecmp(const char *a, const char *b)
{
	while (*a != '\0' && lower((unsigned char)*a) == lower((unsigned char)*b)) {
		a++;
		b++;
	}
	return lower((unsigned char)*a) - lower((unsigned char)*b);
}

size_t
str_distance(const char *a, const char *b, size_t cap)
{
	size_t la = strlen(a), lb = strlen(b), i, j, best;
	size_t *row;

	if (la > 256 || lb > 256)
		return cap;
	row = xmalloc((lb + 1) * sizeof(*row));
	for (j = 0; j <= lb; j++)
		row[j] = j;
	for (i = 1; i <= la; i++) {
		size_t diag = row[0];

		row[0] = i;
		best = row[0];
		for (j = 1; j <= lb; j++) {
			size_t up = row[j];
			size_t cost = lower((unsigned char)a[i - 1]) != lower((unsigned char)b[j - 1]);
			size_t v = diag + cost;

			if (up + 1 < v)
				v = up + 1;
			if (row[j - 1] + 1 < v)
				v = row[j - 1] + 1;
			row[j] = v;
			diag = up;
			if (v < best)
				best = v;
		}
		if (best >= cap) {
			free(row);
			return cap;
		}
	}
	best = row[lb];
	free(row);
	return best < cap ? best : cap;
}

static bool
contains_ci(const char *hay, const char *needle)
{
	size_t n = strlen(needle);

	if (n == 0)
		return false;
	for (; *hay != '\0'; hay++) {
		size_t k = 0;

		while (k < n && hay[k] != '\0' &&
		       lower((unsigned char)hay[k]) == lower((unsigned char)needle[k]))
			k++;
		if (k == n)
			return true;
	}
	return false;
}

struct scored {
	const char *name;
	size_t score;
};

static int
by_score(const void *pa, const void *pb)
{
	const struct scored *a = pa, *b = pb;

	if (a->score != b->score)
		return a->score < b->score ? -1 : 1;
	return strcmp(a->name, b->name);
}

size_t
str_nearest(const char *word, const char *const *names, size_t n,
	    const char **out, size_t max)
{
	size_t limit = strlen(word) / 3, i, k = 0, found = 0;
	struct scored *s;

	if (limit < 2)
		limit = 2;
	if (n == 0 || max == 0)
		return 0;
	s = xmalloc(n * sizeof(*s));
	for (i = 0; i < n; i++) {
		size_t d = str_distance(word, names[i], limit + 1);

		if (strncmp(names[i], word, strlen(word)) == 0)
			d = 0;		/* "nvidia-a100" → "nvidia-a100-sxm4-80gb" first */
		else if (d > limit && contains_ci(names[i], word))
			d = limit;	/* "a100" → "nvidia-a100-sxm4-80gb" */
		if (d <= limit) {
			s[k].name = names[i];
			s[k].score = d;
			k++;
		}
	}
	qsort(s, k, sizeof(*s), by_score);
	for (i = 0; i < k && found < max; i++)
		out[found++] = s[i].name;
	free(s);
	return found;
}

bool
str_has_suffix(const char *s, const char *suffix)
{
	size_t ls = strlen(s), lf = strlen(suffix);

	return ls >= lf && strcmp(s + ls - lf, suffix) == 0;
}

bool
str_has_prefix(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

size_t
str_split_commas(char *s, char **out, size_t max)
{
	size_t n = 0;
	char *p = s;

	while (p != NULL && n < max) {
		char *comma = strchr(p, ',');

		if (comma != NULL)
			*comma = '\0';
		while (*p == ' ')
			p++;
		if (*p != '\0')
			out[n++] = p;
		p = comma ? comma + 1 : NULL;
	}
	return n;
}

/* ---- str_index: open addressing with linear probing, kept under 1/2 full ---- */

struct str_index_slot {
	const char *key;	/* NULL: empty */
	size_t len;
	size_t hash;
	size_t value;
};

static size_t
hash_bytes(const char *s, size_t len)
{
	size_t h = 1469598103934665603u;	/* FNV-1a */
	size_t i;

	for (i = 0; i < len; i++) {
		h ^= (unsigned char)s[i];
		h *= 1099511628211u;
	}
	return h;
}

void
str_index_init(struct str_index *ix)
{
	ix->slots = NULL;
	ix->cap = 0;
	ix->n = 0;
}

void
str_index_release(struct str_index *ix)
{
	free(ix->slots);
	str_index_init(ix);
}

static struct str_index_slot *
probe(const struct str_index *ix, const char *key, size_t len, size_t hash)
{
	size_t mask = ix->cap - 1, i = hash & mask;

	for (;;) {
		struct str_index_slot *s = &ix->slots[i];

		if (s->key == NULL ||
		    (s->hash == hash && s->len == len && memcmp(s->key, key, len) == 0))
			return s;
		i = (i + 1) & mask;
	}
}

static void
rehash(struct str_index *ix)
{
	struct str_index_slot *old = ix->slots;
	size_t oldcap = ix->cap, i;

	ix->cap = oldcap ? oldcap * 2 : 16;
	ix->slots = xcalloc(ix->cap, sizeof(*ix->slots));
	for (i = 0; i < oldcap; i++)
		if (old[i].key != NULL)
			*probe(ix, old[i].key, old[i].len, old[i].hash) = old[i];
	free(old);
}

static struct str_index_slot *
slot_for(struct str_index *ix, const char *key, size_t len, size_t hash)
{
	if ((ix->n + 1) * 2 > ix->cap)
		rehash(ix);
	return probe(ix, key, len, hash);
}

bool
str_index_put(struct str_index *ix, const char *key, size_t value, size_t *existing)
{
	size_t len, hash;
	struct str_index_slot *s;

	if (key == NULL)
		return true;
	len = strlen(key);
	hash = hash_bytes(key, len);
	s = slot_for(ix, key, len, hash);
	if (s->key != NULL) {
		if (existing != NULL)
			*existing = s->value;
		return false;
	}
	s->key = key;
	s->len = len;
	s->hash = hash;
	s->value = value;
	ix->n++;
	return true;
}

void
str_index_set(struct str_index *ix, const char *key, size_t value)
{
	size_t len, hash;
	struct str_index_slot *s;

	if (key == NULL)
		return;
	len = strlen(key);
	hash = hash_bytes(key, len);
	s = slot_for(ix, key, len, hash);
	if (s->key == NULL)
		ix->n++;
	s->key = key;
	s->len = len;
	s->hash = hash;
	s->value = value;
}

bool
str_index_getn(const struct str_index *ix, const char *key, size_t len, size_t *value)
{
	const struct str_index_slot *s;

	if (key == NULL || ix->cap == 0)
		return false;
	s = probe(ix, key, len, hash_bytes(key, len));
	if (s->key == NULL)
		return false;
	*value = s->value;
	return true;
}

bool
str_index_get(const struct str_index *ix, const char *key, size_t *value)
{
	return key != NULL && str_index_getn(ix, key, strlen(key), value);
}
