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

#endif
