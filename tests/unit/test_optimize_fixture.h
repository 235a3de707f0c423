/*
 * test_optimize_fixture.h — what test_optimize.c and test_plan.c share: the
 * shipped catalog plus tests/fixtures/optimize/tiny.xml (a made-up cloud "tp"
 * and site "opt-site"), and profiles written by hand.
 */
#ifndef MLFIT_TEST_OPTIMIZE_FIXTURE_H
#define MLFIT_TEST_OPTIMIZE_FIXTURE_H

#include <stdlib.h>
#include <string.h>

#include "model.h"
#include "optimize.h"
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

/* Adds an option to a hand-built portfolio workload (energy = CO2e, for brevity). */
static void
add_option(struct opt_pf_workload *w, double co2e_g, double cost, long res, double hours,
	   unsigned units)
{
	struct opt_pf_option *o;

	w->options = realloc(w->options, (w->noptions + 1) * sizeof(*o));
	o = &w->options[w->noptions++];
	memset(o, 0, sizeof(*o));
	o->co2e_g = co2e_g;
	o->energy_j = co2e_g;
	o->cost_usd = cost;
	o->resource = res;
	o->node_hours = hours;
	o->units = units;
}

#endif
