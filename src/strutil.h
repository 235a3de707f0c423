/*
 * strutil.h — small string helpers shared by the loaders and the CLI.
 *
 * Layer 0.
 */
#ifndef MLFIT_STRUTIL_H
#define MLFIT_STRUTIL_H

#include <stdbool.h>
#include <stddef.h>

/* Levenshtein distance, case-insensitive; capped at `cap` to stay cheap. */
size_t str_distance(const char *a, const char *b, size_t cap);

/*
 * Picks from names[0..n) the entries nearest to `word` (distance at most a
 * third of its length, at least 2; or sharing it as a substring), best
 * first, and writes up to `max` of them into out[].  Returns how many.
 * Used to answer "unknown device 'a100'" with "did you mean …".
 */
size_t str_nearest(const char *word, const char *const *names, size_t n,
		   const char **out, size_t max);

bool str_has_suffix(const char *s, const char *suffix);
bool str_has_prefix(const char *s, const char *prefix);
/* Case-insensitive ASCII comparison (locale-independent). */
int str_casecmp(const char *a, const char *b);

/* Splits a comma-separated list in place; returns the count written to out. */
size_t str_split_commas(char *s, char **out, size_t max);

/*
 * A hash index from borrowed strings to array positions, so that duplicate
 * checks, overlay merges and lookups by id stay linear in the number of
 * entries (a file of 40,000 ids must not cost 40,000² comparisons).  Keys
 * are not copied: they must outlive the index.  NULL keys are never stored.
 */
struct str_index {
	struct str_index_slot *slots;
	size_t cap;		/* a power of two, or 0 */
	size_t n;
};

void str_index_init(struct str_index *ix);
void str_index_release(struct str_index *ix);
/*
 * Adds key → value unless key is already there; returns true if added,
 * false (with the stored value in *existing, if non-NULL) if not.
 */
bool str_index_put(struct str_index *ix, const char *key, size_t value, size_t *existing);
/* Replaces or adds key → value. */
void str_index_set(struct str_index *ix, const char *key, size_t value);
/* Returns true and the value if key (len bytes, not NUL-terminated) is there. */
bool str_index_getn(const struct str_index *ix, const char *key, size_t len, size_t *value);
bool str_index_get(const struct str_index *ix, const char *key, size_t *value);

#endif
