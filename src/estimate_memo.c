/*
 * estimate_memo.c — the training-time stage of an estimate, remembered
 * for one search.
 *
 * A recommendation estimates a device at a count in every region, price
 * list and site that offers it: a 70B model's thousand candidates are a
 * few hundred (device, count, hosts) triples, and the stage that costs
 * nearly all of an estimate (the layout search, estimate_train.c) reads
 * nothing of the region, the price or the grid.  The memo keys the stage
 * on everything it reads and everything the earlier stages left in the
 * estimate, so a hit hands back the very bits the stage would compute.
 *
 * What the stage reads: the catalog's parameters, the workload, the
 * device, its precision and peak, the devices, nodes and devices per node,
 * and the hosts' link bandwidths; what was in the estimate before it: the
 * task, the energy method, the host counts and the instance count (all
 * else is zero).  What it writes: the estimate's figures (never its
 * assumptions: the memo serves estimate_figures() only) and, in the
 * context, the efficiency, the MACs, the off-chip bytes, the busy time
 * and the utilisation.  The memo also keeps the scan of the model's layers
 * for the shape (struct est_shape), the same for every placement.
 */
#include "config.h"

#include "estimate_impl.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

#define FIGURES_SIZE offsetof(struct estimate, assumptions)

struct memo_key {
	const struct cat_device *device;
	unsigned devices, devices_per_node, nodes, instances;
	enum energy_method method;
	enum precision prec;
	double peak;
	bool have_body;
	bool intra_set, inter_set;	/* the body's link bandwidths, when have_body */
	double intra, inter;
};

struct memo_entry {
	bool used;
	struct memo_key key;
	int rc;
	struct mlf_err *err;		/* when rc < 0 */
	unsigned char *figures;		/* the estimate up to its assumptions */
	struct figure efficiency;
	double macs, offchip_bytes, utilisation;
	struct range busy_time_s;
};

struct est_memo {
	const struct catalog *cat;	/* NULL: empty */
	struct workload w;
	struct memo_entry *slots;	/* open addressing, a power of two of them */
	size_t nslots, n;
	struct est_shape shape;		/* the workload's model, scanned once */
};

struct est_memo *
estimate_memo_new(void)
{
	return xcalloc(1, sizeof(struct est_memo));
}

static void
memo_clear(struct est_memo *m)
{
	size_t i;

	for (i = 0; i < m->nslots; i++) {
		free(m->slots[i].err);
		free(m->slots[i].figures);
	}
	free(m->slots);
	memset(m, 0, sizeof(*m));
}

void
estimate_memo_free(struct est_memo *m)
{
	if (m == NULL)
		return;
	memo_clear(m);
	free(m);
}

/* A link bandwidth as the stage reads it: whether set, and its value. */
static bool
same_link(bool a_set, double a, bool b_set, double b)
{
	return a_set == b_set && (!a_set || est_same_bits(a, b));
}

static bool
same_key(const struct memo_key *a, const struct memo_key *b)
{
	return a->device == b->device && a->devices == b->devices &&
	       a->devices_per_node == b->devices_per_node && a->nodes == b->nodes &&
	       a->instances == b->instances && a->method == b->method && a->prec == b->prec &&
	       est_same_bits(a->peak, b->peak) && a->have_body == b->have_body &&
	       (!a->have_body || (same_link(a->intra_set, a->intra, b->intra_set, b->intra) &&
				  same_link(a->inter_set, a->inter, b->inter_set, b->inter)));
}

static void
key_of(const struct est_ctx *c, struct memo_key *k)
{
	memset(k, 0, sizeof(*k));
	k->device = c->pl->device;
	k->devices = c->e->devices;
	k->devices_per_node = c->e->devices_per_node;
	k->nodes = c->e->nodes;
	k->instances = c->e->instances;
	k->method = c->e->method;
	k->prec = c->prec;
	k->peak = c->peak;
	k->have_body = c->body != NULL;
	if (c->body != NULL) {
		/* an unset figure's value is 0 here, so equal keys hash alike */
		k->intra_set = c->body->intra_bandwidth.set;
		k->intra = k->intra_set ? c->body->intra_bandwidth.v : 0;
		k->inter_set = c->body->inter_bandwidth.set;
		k->inter = k->inter_set ? c->body->inter_bandwidth.v : 0;
	}
}

static uint64_t
mix(uint64_t h, uint64_t v)
{
	return (h ^ v) * 0x100000001b3ull;
}

static uint64_t
bits_of(double v)
{
	uint64_t u;

	memcpy(&u, &v, sizeof(u));
	return u;
}

/* Over the fields that tell a recommendation's candidates apart. */
static size_t
key_hash(const struct memo_key *k)
{
	uint64_t h = 0xcbf29ce484222325ull;

	h = mix(h, (uint64_t)(uintptr_t)k->device);
	h = mix(h, k->devices);
	h = mix(h, k->devices_per_node);
	h = mix(h, k->instances);
	h = mix(h, k->have_body ? bits_of(k->intra) ^ bits_of(k->inter) : 0);
	return (size_t)(h ^ (h >> 31));
}

static struct memo_entry *
slot_for(const struct est_memo *m, const struct memo_key *k)
{
	size_t i = key_hash(k) & (m->nslots - 1);

	while (m->slots[i].used && !same_key(&m->slots[i].key, k))
		i = (i + 1) & (m->nslots - 1);
	return &m->slots[i];
}

static void
grow(struct est_memo *m)
{
	struct memo_entry *old = m->slots;
	size_t n = m->nslots, i;

	/* small at first: plan evaluates each training workload with a memo */
	m->nslots = n ? 2 * n : 32;
	m->slots = xcalloc(m->nslots, sizeof(*m->slots));
	for (i = 0; i < n; i++)
		if (old[i].used)
			*slot_for(m, &old[i].key) = old[i];
	free(old);
}

/* The memo holds one catalog's and one workload's stages. */
static void
memo_bind(struct est_memo *m, const struct est_ctx *c)
{
	if (m->cat == c->cat && workload_same(&m->w, c->w))
		return;
	memo_clear(m);
	m->cat = c->cat;
	m->w = *c->w;
}

static int
replay(const struct memo_entry *s, struct est_ctx *c)
{
	if (s->rc < 0) {
		*c->err = *s->err;
		return s->rc;
	}
	memcpy(c->e, s->figures, FIGURES_SIZE);
	c->efficiency = s->efficiency;
	c->macs = s->macs;
	c->offchip_bytes = s->offchip_bytes;
	c->utilisation = s->utilisation;
	c->busy_time_s = s->busy_time_s;
	return 0;
}

static void
remember(struct memo_entry *s, const struct memo_key *k, int rc, const struct est_ctx *c)
{
	memset(s, 0, sizeof(*s));
	s->used = true;
	s->key = *k;
	s->rc = rc;
	if (rc < 0) {
		s->err = xmalloc(sizeof(*s->err));
		*s->err = *c->err;
		return;
	}
	s->figures = xmalloc(FIGURES_SIZE);
	memcpy(s->figures, c->e, FIGURES_SIZE);
	s->efficiency = c->efficiency;
	s->macs = c->macs;
	s->offchip_bytes = c->offchip_bytes;
	s->utilisation = c->utilisation;
	s->busy_time_s = c->busy_time_s;
}

int
est_memo_training_time(struct est_memo *m, struct est_ctx *c)
{
	struct memo_key k;
	struct memo_entry *s;
	int rc;

	memo_bind(m, c);
	key_of(c, &k);
	if (m->nslots > 0) {
		s = slot_for(m, &k);
		if (s->used)
			return replay(s, c);
	}
	c->shape = &m->shape;
	rc = est_training_time(c);
	c->shape = NULL;
	if (2 * (m->n + 1) > m->nslots)
		grow(m);
	remember(slot_for(m, &k), &k, rc, c);
	m->n++;
	return rc;
}
