/*
 * optimize_cache.c — a memo of estimate_run() results for one workload, so
 * that a front end that re-solves on every constraint change (the TUI)
 * estimates each candidate once.
 *
 * Estimating is pure (estimate.h), so the figures of a placement for one
 * workload and energy method never change: a memo keyed on the placement
 * and the rate (the one workload field the evaluation varies, for the
 * two utilisations of serving) returns exactly what estimate_run() would.
 * The memo remembers the workload it was filled for and empties itself
 * when asked about another one, so a stale figure can never be returned.
 * The latency targets (time to first token, per output token) are not
 * part of that identity: they are constraints the programs apply to the
 * latency, and only e->meets_slo (which they do not read) depends on them.
 *
 * The programs read the figures only, so candidates are estimated without
 * assumption text (estimate_figures()) and entries keep an estimate up to
 * its assumptions, which keeps a catalog's worth of entries near 1 KiB each.
 * The misses share one memo of the training-time stage (estimate_memo.c).
 */
#include "config.h"

#include "optimize.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

struct cache_entry {
	struct placement pl;
	double rate;
	int rc;
	struct mlf_err *err;		/* when rc < 0 */
	unsigned char *figures;		/* the estimate up to its assumptions */
};

struct opt_cache {
	bool have_workload;
	struct workload w;
	enum energy_method method;
	struct cache_entry *slots;	/* open addressing; pl.device NULL: empty */
	size_t nslots, n;
	size_t hits, misses;
	struct est_memo *memo;		/* the layout searches of the misses */
};

#define FIGURES_SIZE offsetof(struct estimate, assumptions)

struct opt_cache *
optimize_cache_new(void)
{
	return xcalloc(1, sizeof(struct opt_cache));
}

void
optimize_cache_clear(struct opt_cache *c)
{
	size_t i;

	for (i = 0; i < c->nslots; i++) {
		free(c->slots[i].err);
		free(c->slots[i].figures);
	}
	free(c->slots);
	estimate_memo_free(c->memo);
	memset(c, 0, sizeof(*c));
}

void
optimize_cache_free(struct opt_cache *c)
{
	if (c == NULL)
		return;
	optimize_cache_clear(c);
	free(c);
}

size_t
optimize_cache_size(const struct opt_cache *c)
{
	return c->n;
}

/* The workload the memo was filled for, but for what its identity leaves
 * out (above): the rate, which the key holds, and the latency targets. */
static bool
same_workload(const struct workload *a, const struct workload *b)
{
	struct workload x = *a, y = *b;

	x.rate = y.rate = 0;
	x.latency_slo_s = y.latency_slo_s = 0;
	x.tpot_slo_s = y.tpot_slo_s = 0;
	return workload_same(&x, &y);
}

static bool
same_key(const struct cache_entry *s, const struct placement *pl, double rate)
{
	return s->pl.device == pl->device && s->pl.count == pl->count &&
	       s->pl.instance == pl->instance && s->pl.region == pl->region &&
	       s->pl.site == pl->site && s->pl.node == pl->node && s->rate == rate;
}

static uint64_t
mix(uint64_t h, uint64_t v)
{
	h ^= v + 0x9e3779b97f4a7c15ull + (h << 6) + (h >> 2);
	return h;
}

static size_t
key_hash(const struct placement *pl, double rate)
{
	uint64_t h = 0, r;

	memcpy(&r, &rate, sizeof(r));
	h = mix(h, (uint64_t)(uintptr_t)pl->device);
	h = mix(h, pl->count);
	h = mix(h, (uint64_t)(uintptr_t)pl->instance);
	h = mix(h, (uint64_t)(uintptr_t)pl->region);
	h = mix(h, (uint64_t)(uintptr_t)pl->site);
	h = mix(h, (uint64_t)(uintptr_t)pl->node);
	h = mix(h, r);
	return (size_t)(h ^ (h >> 29));
}

static struct cache_entry *
slot_for(const struct opt_cache *c, const struct placement *pl, double rate)
{
	size_t i = key_hash(pl, rate) & (c->nslots - 1);

	while (c->slots[i].pl.device != NULL && !same_key(&c->slots[i], pl, rate))
		i = (i + 1) & (c->nslots - 1);
	return &c->slots[i];
}

static void
grow(struct opt_cache *c)
{
	struct cache_entry *old = c->slots;
	size_t n = c->nslots, i;

	c->nslots = n ? 2 * n : 1024;
	c->slots = xcalloc(c->nslots, sizeof(*c->slots));
	for (i = 0; i < n; i++)
		if (old[i].pl.device != NULL)
			*slot_for(c, &old[i].pl, old[i].rate) = old[i];
	free(old);
}

static void
figures_out(const struct cache_entry *s, struct estimate *e)
{
	memcpy(e, s->figures, FIGURES_SIZE);
	e->nassumptions = 0;
}

bool
optimize_cache_find(const struct opt_cache *c, const struct placement *pl, double rate,
		    struct estimate *e)
{
	const struct cache_entry *s;

	if (c->nslots == 0 || pl->device == NULL)
		return false;
	s = slot_for(c, pl, rate);
	if (s->pl.device == NULL || s->rc < 0)
		return false;
	figures_out(s, e);
	return true;
}

void
optimize_cache_counts(const struct opt_cache *c, size_t *hits, size_t *misses)
{
	*hits = c->hits;
	*misses = c->misses;
}

int
optimize_cache_estimate(struct opt_cache *c, const struct catalog *cat, const struct workload *w,
			const struct placement *pl, enum energy_method method, struct estimate *e,
			struct mlf_err *err)
{
	struct cache_entry *s;
	int rc;

	if (c == NULL || pl->device == NULL)
		return estimate_figures(cat, w, pl, method, e, err);
	if (c->have_workload && (!same_workload(&c->w, w) || c->method != method))
		optimize_cache_clear(c);
	if (!c->have_workload) {
		c->have_workload = true;
		c->w = *w;
		c->method = method;
	}
	if (c->nslots > 0) {
		s = slot_for(c, pl, w->rate);
		if (s->pl.device != NULL) {
			c->hits++;
			if (s->rc < 0) {
				*err = *s->err;
				return -1;
			}
			figures_out(s, e);
			return 0;
		}
	}
	c->misses++;
	if (c->memo == NULL)
		c->memo = estimate_memo_new();
	rc = estimate_figures_memo(cat, w, pl, method, c->memo, e, err);
	if (2 * (c->n + 1) > c->nslots)
		grow(c);
	s = slot_for(c, pl, w->rate);
	s->pl = *pl;
	s->rate = w->rate;
	s->rc = rc;
	if (rc < 0) {
		s->err = xmalloc(sizeof(*s->err));
		*s->err = *err;
	} else {
		s->figures = xmalloc(FIGURES_SIZE);
		memcpy(s->figures, e, FIGURES_SIZE);
	}
	c->n++;
	return rc;
}
