/*
 * test_optimize_fixture.h — what test_optimize.c and test_plan.c share: the
 * shipped catalog plus tests/fixtures/optimize/tiny.xml (a made-up cloud "tp"
 * and site "opt-site"), and profiles written by hand.
 */
#ifndef MLFIT_TEST_OPTIMIZE_FIXTURE_H
#define MLFIT_TEST_OPTIMIZE_FIXTURE_H

#include "model.h"
#include "shipped_catalog.h"

static struct catalog *cat;

static int
setup(void **state)
{
	(void)state;
	cat = shipped_catalog("optimize/tiny.xml");
	return cat != NULL ? 0 : -1;
}

static int
teardown(void **state)
{
	(void)state;
	catalog_free(cat);
	return 0;
}

/* A profile written by hand: given totals. */
static struct profile *
profile_of(double params, double macs, double act_elems)
{
	struct profile *p = calloc(1, sizeof(*p));

	arena_init(&p->arena);
	p->name = "hand";
	p->origin = "xml";
	p->params = params;
	p->macs = macs;
	p->act_elems = act_elems;
	p->act_peak = act_elems / 2;
	return p;
}

static void
profile_gone(struct profile *p)
{
	arena_release(&p->arena);
	free(p);
}

#endif
