/*
 * estimate_energy.c — power, energy, CO2e and cost of an estimate whose
 * time is known (estimate.c), and accounting mode.
 *
 * Energy is split the way the literature reports it: devices, host (CPU,
 * RAM and the rest of each node, shared by its devices), IT (their sum) and
 * facility (IT × PUE, Strubell et al. 2019; Patterson et al. 2021).  The
 * low and high ends pair the quantities that move together: the short time
 * of a high efficiency with a low load, the long time with a high load.
 */
#include "config.h"

#include "estimate_impl.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* ---- device power ---- */

static int
idle_power(struct est_ctx *c, double *idle)
{
	const struct cat_device *d = c->pl->device;
	struct figure frac;
	const char *id;

	if (d->idle.set) {
		*idle = d->idle.v;
		return 0;
	}
	if (est_kind_param(c, "idle.fraction", &frac, &id) < 0)
		return -1;
	*idle = frac.v * d->tdp.v;
	est_assume(c, "idle power", id, "%.3g W = %.3g x TDP (%s lists no idle power)", *idle,
		   frac.v, d->id);
	return 0;
}

/* ---- host power ---- */

static int
ram_power(struct est_ctx *c, double bytes, double *w)
{
	struct figure per;

	if (est_param(c, "host.ram-power", DIM_POWER_PER_BYTE, &per) < 0)
		return -1;
	*w = bytes * per.v;
	return 0;
}

/* Host power from vCPUs and RAM (Cloud Carbon Footprint's per-vCPU watts). */
static int
host_from_vcpus(struct est_ctx *c, double vcpus, double ram, double *w)
{
	struct figure per, load;
	double ram_w;

	if (est_param(c, "host.vcpu-power", DIM_POWER, &per) < 0 ||
	    est_param(c, "host.load", DIM_NONE, &load) < 0 || ram_power(c, ram, &ram_w) < 0)
		return -1;
	*w = vcpus * (per.low + load.v * (per.high - per.low)) + ram_w;
	return 0;
}

static int
host_power(struct est_ctx *c, double *w)
{
	const struct cat_node_body *b = c->body;
	struct figure load, vcpus, ram;
	double ram_w;

	if (est_param(c, "host.load", DIM_NONE, &load) < 0)
		return -1;
	if (b != NULL && b->host_power.set) {
		*w = b->host_power.v * load.v;
		est_assume(c, "host power", "host.load", "%.4g W per node = %.3g x %.4g W", *w,
			   load.v, b->host_power.v);
		return 0;
	}
	if (b != NULL && b->cpu != NULL && b->cpu->tdp.set) {
		if (ram_power(c, b->ram.set ? b->ram.v : 0, &ram_w) < 0)
			return -1;
		*w = b->cpu_count * b->cpu->tdp.v * load.v + ram_w;
		est_assume(c, "host power", "host.load host.ram-power",
			   "%.4g W per node: %u x %s at %.3g of TDP, plus RAM", *w, b->cpu_count,
			   b->cpu->id, load.v);
		return 0;
	}
	if (b != NULL && b->vcpus > 0) {
		if (host_from_vcpus(c, b->vcpus, b->ram.set ? b->ram.v : 0, w) < 0)
			return -1;
		est_assume(c, "host power", "host.vcpu-power host.ram-power",
			   "%.4g W per node from %u vCPUs and RAM", *w, b->vcpus);
		return 0;
	}
	/* a bare device count: a host shaped like the catalog's reference one */
	if (est_param(c, "host.vcpus-per-accelerator", DIM_NONE, &vcpus) < 0 ||
	    est_param(c, "host.ram-per-accelerator", DIM_BYTES, &ram) < 0)
		return -1;
	if (host_from_vcpus(c, vcpus.v * c->e->devices_per_node,
			    ram.v * c->e->devices_per_node, w) < 0)
		return -1;
	est_assume(c, "host power", "host.vcpus-per-accelerator host.ram-per-accelerator",
		   "%.4g W per node of %u devices (%.3g vCPUs and %.4g GB RAM per device)", *w,
		   c->e->devices_per_node, vcpus.v, ram.v / 1e9);
	return 0;
}

/* ---- place: PUE and grid ---- */

static int
place_pue(struct est_ctx *c, double *pue)
{
	const struct placement *pl = c->pl;
	struct figure f;

	if (c->acct != NULL && c->acct->pue > 0) {
		*pue = c->acct->pue;
		est_assume(c, "pue", "given", "%.3g", *pue);
		return 0;
	}
	if (pl->region != NULL) {
		const struct figure *r = pl->region->pue.set ? &pl->region->pue
							    : &pl->region->provider->pue;

		*pue = r->v;
		est_assume(c, "pue", r->source ? r->source : pl->region->provider->sources.items[0],
			   "%.3g (%s)", *pue, pl->region->pue.set ? pl->region->full_id
								  : pl->region->provider->id);
		return 0;
	}
	if (pl->site != NULL) {
		*pue = pl->site->pue.v;
		est_assume(c, "pue", pl->site->pue.source ? pl->site->pue.source : pl->site->id,
			   "%.3g (site %s)", *pue, pl->site->id);
		return 0;
	}
	if (est_param(c, "pue.default", DIM_NONE, &f) < 0)
		return -1;
	*pue = f.v;
	est_assume(c, "pue", "pue.default", "%.3g (no site or region given)", *pue);
	return 0;
}

static int
place_grid(struct est_ctx *c, struct grid_lookup *g)
{
	const struct placement *pl = c->pl;
	char where[160];

	if (c->acct != NULL && c->acct->intensity_g_per_j > 0) {
		memset(g, 0, sizeof(*g));
		g->g_per_j = g->low = g->high = c->acct->intensity_g_per_j;
		g->level = GRID_REGION;
		g->where = "given";
		est_assume(c, "grid intensity", "given", "%.4g g/kWh", g->g_per_j * UNITS_KWH);
		return 0;
	}
	if (catalog_place_intensity(c->cat, pl->region, pl->site ? pl->site->country : NULL,
				    pl->site ? pl->site->zone : NULL, g, c->err) < 0)
		return -1;
	if (c->text)
		est_assume(c, "grid intensity", g->source, "%.4g g/kWh (%s; grid basis %s)",
			   g->g_per_j * UNITS_KWH, catalog_grid_describe(g, where, sizeof(where)),
			   catalog_grid_basis_name(g->basis));
	return 0;
}

/* ---- energy ---- */

static void
scale_range(struct range *r, double k)
{
	r->v *= k;
	r->low *= k;
	r->high *= k;
}

static void
add_range(struct range *out, const struct range *a, const struct range *b)
{
	out->v = a->v + b->v;
	out->low = a->low + b->low;
	out->high = a->high + b->high;
}

/*
 * Devices that are paid for but do no work: instances and nodes come whole,
 * so 12 devices on 8-device instances rent (and power) 16.  They draw their
 * idle power for the whole run; a bare device count has no such hosts.
 */
static unsigned
idle_devices(const struct est_ctx *c)
{
	const struct estimate *e = c->e;

	if (c->body == NULL || e->nodes * e->devices_per_node <= e->devices)
		return 0;
	return e->nodes * e->devices_per_node - e->devices;
}

static void
add_idle_devices(struct est_ctx *c, double idle, struct range *out)
{
	const struct estimate *e = c->e;
	unsigned k = idle_devices(c);

	if (k == 0)
		return;
	out->v += k * idle * e->time_s.v;
	out->low += k * idle * e->time_s.low;
	out->high += k * idle * e->time_s.high;
	est_assume(c, "idle devices", c->pl->instance ? c->pl->instance->full_id : c->pl->node->id,
		   "%u of the %u devices paid for do no work; their idle power (%.3g W each) is "
		   "counted", k, e->nodes * e->devices_per_node, idle);
}

/* Power method: n × (idle × T + (TDP − idle) × load × T_busy), and the idle devices. */
static int
device_energy_power(struct est_ctx *c, struct range *out)
{
	const struct cat_device *d = c->pl->device;
	struct estimate *e = c->e;
	double idle, dyn, n = e->devices;

	if (!d->tdp.set)
		return mlf_err_set(c->err, MLF_E_DATA,
				   "device '%s' has no published TDP, so its energy cannot be "
				   "estimated by the power method (give one in an overlay, or use "
				   "--hours and --power)", d->id);
	if (idle_power(c, &idle) < 0)
		return -1;
	dyn = d->tdp.v - idle;
	e->device_power_w = idle + dyn * c->load.v * c->utilisation;
	out->v = n * (idle * e->time_s.v + dyn * c->load.v * c->busy_time_s.v);
	out->low = n * (idle * e->time_s.low + dyn * c->load.low * c->busy_time_s.low);
	out->high = n * (idle * e->time_s.high + dyn * c->load.high * c->busy_time_s.high);
	add_idle_devices(c, idle, out);
	return 0;
}

/*
 * Op-cost method (Horowitz 2014; Sze et al. 2017): every MAC costs its
 * arithmetic and its register-file accesses, every byte to or from device
 * memory its DRAM access, and the chip leaks its idle power all along.
 */
static int
device_energy_opcost(struct est_ctx *c, struct range *out)
{
	const struct cat_device *d = c->pl->device;
	struct estimate *e = c->e;
	struct figure rf_acc;
	double word = precision_bytes(c->prec), idle = 0, per_mac, per_mac_lo, per_mac_hi, dram;

	if (!d->mac_energy[c->prec].set || !d->access_energy[MEM_RF].set ||
	    !d->access_energy[MEM_DRAM].set)
		return mlf_err_set(c->err, MLF_E_USAGE,
				   "device '%s' has no per-operation energies for %s; use "
				   "--energy-method power", d->id, precision_name(c->prec));
	if (est_param(c, "opcost.rf-accesses-per-mac", DIM_NONE, &rf_acc) < 0)
		return -1;
	if (d->tdp.set && idle_power(c, &idle) < 0)
		return -1;
	per_mac = d->mac_energy[c->prec].v + rf_acc.v * word * d->access_energy[MEM_RF].v;
	per_mac_lo = d->mac_energy[c->prec].v + rf_acc.low * word * d->access_energy[MEM_RF].v;
	per_mac_hi = d->mac_energy[c->prec].v + rf_acc.high * word * d->access_energy[MEM_RF].v;
	dram = c->offchip_bytes * d->access_energy[MEM_DRAM].v;
	out->v = c->macs * per_mac + dram + e->devices * idle * e->time_s.v;
	out->low = c->macs * per_mac_lo + dram + e->devices * idle * e->time_s.low;
	out->high = c->macs * per_mac_hi + dram + e->devices * idle * e->time_s.high;
	e->device_power_w = e->time_s.v > 0 ? out->v / (e->devices * e->time_s.v) : 0;
	add_idle_devices(c, idle, out);
	est_assume(c, "op cost", "opcost.rf-accesses-per-mac",
		   "%.3g pJ per MAC (arithmetic and %.3g register-file accesses), %.3g pJ/B off-chip",
		   per_mac * 1e12, rf_acc.v, d->access_energy[MEM_DRAM].v * 1e12);
	return 0;
}

static int
energy(struct est_ctx *c)
{
	struct estimate *e = c->e;
	double host_w;
	int rc;

	rc = e->method == ENERGY_OPCOST ? device_energy_opcost(c, &e->energy_device_j)
					: device_energy_power(c, &e->energy_device_j);
	if (rc < 0 || host_power(c, &host_w) < 0)
		return -1;
	e->host_power_w = host_w;
	e->energy_host_j = e->time_s;
	scale_range(&e->energy_host_j, host_w * e->nodes);
	add_range(&e->energy_it_j, &e->energy_device_j, &e->energy_host_j);
	if (place_pue(c, &e->pue) < 0)
		return -1;
	e->energy_facility_j = e->energy_it_j;
	scale_range(&e->energy_facility_j, e->pue);
	return 0;
}

/* ---- emissions ---- */

static void
operational(struct estimate *e)
{
	e->co2e_operational_g.v = e->energy_facility_j.v * e->grid.g_per_j;
	e->co2e_operational_g.low = e->energy_facility_j.low * e->grid.low;
	e->co2e_operational_g.high = e->energy_facility_j.high * e->grid.high;
}

static int
lifetime_of(struct est_ctx *c, double *life)
{
	struct figure f;

	if (c->pl->node != NULL && c->pl->node->lifetime.set) {
		*life = c->pl->node->lifetime.v;
		return 0;
	}
	if (est_param(c, "lifetime.server", DIM_TIME, &f) < 0)
		return -1;
	*life = f.v;
	return 0;
}

/*
 * Embodied CO2e of the servers, amortised over their lifetime.  A catalog
 * figure is a whole server's; without one, Cloud Carbon Footprint's model
 * (a base server plus each accelerator) applies, and a cloud instance with
 * fewer accelerators than a full server (a 1-GPU VM) carries its share of
 * the base only, as CCF scales a host's embodied emissions to its VMs.
 */
static int
embodied(struct est_ctx *c)
{
	struct estimate *e = c->e;
	const struct cat_node_body *b = c->body;
	struct figure base, per_accel, full;
	double per_node, life, share;

	if (c->pl->site != NULL && c->pl->sunk) {
		est_assume(c, "embodied", c->pl->site->id,
			   "not counted: the hardware is sunk (--owned-cost sunk)");
		return 0;
	}
	if (lifetime_of(c, &life) < 0)
		return -1;
	if (b != NULL && b->embodied.set) {
		per_node = b->embodied.v;
		est_assume(c, "embodied", b->embodied.source ? b->embodied.source : "",
			   "%.4g kg per server over %.3g years", per_node / 1e3, life / UNITS_YEAR);
	} else {
		if (est_param(c, "embodied.server-base", DIM_MASS, &base) < 0 ||
		    est_param(c, "embodied.per-accelerator", DIM_MASS, &per_accel) < 0 ||
		    est_param(c, "node.devices-per-node", DIM_NONE, &full) < 0)
			return -1;
		share = fmin(1, e->devices_per_node / full.v);
		per_node = base.v * share + per_accel.v * e->devices_per_node;
		est_assume(c, "embodied", "embodied.server-base embodied.per-accelerator",
			   "%.4g kg per server (%.3g x %.4g kg + %u x %.4g kg) over %.3g years",
			   per_node / 1e3, share, base.v / 1e3, e->devices_per_node,
			   per_accel.v / 1e3, life / UNITS_YEAR);
	}
	e->co2e_embodied_g = e->time_s;
	scale_range(&e->co2e_embodied_g, per_node * e->nodes / life);
	return 0;
}

/* ---- cost ---- */

/* The time a provider bills for a run of t seconds: whole increments, at least its minimum. */
static double
billed_time(const struct cat_provider *p, double t)
{
	if (p->billing_increment.set && p->billing_increment.v > 0)
		t = ceil(t / p->billing_increment.v * (1 - 1e-12)) * p->billing_increment.v;
	if (p->billing_minimum.set)
		t = fmax(t, p->billing_minimum.v);
	return t;
}

static void
billed_range(const struct cat_provider *p, struct range *r)
{
	r->v = billed_time(p, r->v);
	r->low = billed_time(p, r->low);
	r->high = billed_time(p, r->high);
}

static void
assume_billing(struct est_ctx *c, const struct cat_provider *p, double billed)
{
	char b[48], m[48], inc[48];

	if (!c->text)
		return;
	est_assume(c, "billing", p->billing_minimum.source ? p->billing_minimum.source : p->id,
		   "%s per instance billed (%s bills at least %s, in increments of %s)",
		   units_format(billed, DIM_TIME, b, sizeof(b)), p->id,
		   p->billing_minimum.set ? units_format(p->billing_minimum.v, DIM_TIME, m, sizeof(m))
					  : "nothing",
		   p->billing_increment.set ? units_format(p->billing_increment.v, DIM_TIME, inc,
							   sizeof(inc)) : "any length");
}

static int
cloud_cost(struct est_ctx *c)
{
	struct estimate *e = c->e;
	const struct cat_price *p = catalog_instance_price(c->pl->instance, c->pl->region);

	if (p == NULL) {
		est_assume(c, "cost", "", "unknown: %s has no price in %s", c->pl->instance->full_id,
			   c->pl->region->full_id);
		return 0;
	}
	e->cost_known = true;
	e->cost_basis = "cloud on-demand";
	e->cost_usd = e->time_s;
	billed_range(c->pl->instance->provider, &e->cost_usd);
	if (e->cost_usd.v > e->time_s.v * (1 + 1e-9))
		assume_billing(c, c->pl->instance->provider, e->cost_usd.v);
	scale_range(&e->cost_usd, e->instances * p->price.v);
	est_assume(c, "price", p->price.source ? p->price.source : "",
		   "%.6g USD/h per instance (%s, %s)", p->price.v * UNITS_HOUR, c->pl->region->full_id,
		   p->date ? p->date : "undated");
	return 0;
}

static int
onprem_cost(struct est_ctx *c)
{
	struct estimate *e = c->e;
	const struct cat_site *s = c->pl->site;
	double capex = 0, life;
	struct range energy_cost = e->energy_facility_j;

	if (lifetime_of(c, &life) < 0)
		return -1;
	if (c->pl->sunk)
		capex = 0;
	else if (c->pl->node != NULL && c->pl->node->price.set)
		capex = c->pl->node->price.v * e->nodes;
	else if (c->pl->device->price.set)
		capex = c->pl->device->price.v * e->devices;
	else
		est_assume(c, "capex", "", "unknown: %s has no price; electricity only",
			   c->pl->node ? c->pl->node->id : c->pl->device->id);
	scale_range(&energy_cost, s->electricity_price.v);
	e->cost_usd = e->time_s;
	scale_range(&e->cost_usd, capex / life);
	add_range(&e->cost_usd, &e->cost_usd, &energy_cost);
	e->cost_known = true;
	e->cost_basis = c->pl->sunk ? "on-prem: hardware sunk, electricity only"
				    : "on-prem: capex amortised + electricity";
	est_assume(c, "electricity price",
		   s->electricity_price.source ? s->electricity_price.source : s->id,
		   "%.3g USD/kWh (%s)", s->electricity_price.v * UNITS_KWH, s->id);
	return 0;
}

static int
cost(struct est_ctx *c)
{
	if (c->pl->instance != NULL && c->pl->region != NULL)
		return cloud_cost(c);
	if (c->pl->site != NULL)
		return onprem_cost(c);
	est_assume(c, "cost", "", "unknown: no instance type or site");
	return 0;
}

static void
totals(struct estimate *e)
{
	add_range(&e->co2e_total_g, &e->co2e_operational_g, &e->co2e_embodied_g);
}

/*
 * Energy per request and per output token at three scopes: the devices
 * alone (what NVML and Zeus read: ML.ENERGY's figures), IT = devices +
 * hosts (what a wall meter on the servers reads: MLPerf's), and the
 * facility (IT × PUE).
 */
static void
per_request(struct estimate *e, double requests)
{
	double tokens = e->output_tokens * requests;

	e->energy_per_request_device_j = e->energy_device_j;
	scale_range(&e->energy_per_request_device_j, 1 / requests);
	e->energy_per_request_j = e->energy_it_j;
	scale_range(&e->energy_per_request_j, 1 / requests);
	e->energy_per_request_facility_j = e->energy_facility_j;
	scale_range(&e->energy_per_request_facility_j, 1 / requests);
	if (!(tokens > 0))
		return;
	e->energy_per_token_device_j = e->energy_device_j;
	scale_range(&e->energy_per_token_device_j, 1 / tokens);
	e->energy_per_token_j = e->energy_it_j;
	scale_range(&e->energy_per_token_j, 1 / tokens);
}

static void
per_thousand(struct est_ctx *c)
{
	struct estimate *e = c->e;
	double requests = c->w->rate > 0 ? c->w->rate * c->w->duration_s : c->w->requests;

	if (e->task != TASK_INFER || !(requests > 0))
		return;
	e->energy_per_1000_j = e->energy_facility_j;
	scale_range(&e->energy_per_1000_j, 1000 / requests);
	per_request(e, requests);
}

int
est_energy(struct est_ctx *c)
{
	struct estimate *e = c->e;

	if (energy(c) < 0 || place_grid(c, &e->grid) < 0)
		return -1;
	operational(e);
	if (embodied(c) < 0 || cost(c) < 0)
		return -1;
	totals(e);
	per_thousand(c);
	return 0;
}

/* ---- accounting mode ---- */

int
est_accounting(struct est_ctx *c)
{
	struct estimate *e = c->e;
	const struct accounting *a = c->acct;

	if (!(a->hours > 0) || !(a->power_w > 0))
		return mlf_err_set(c->err, MLF_E_USAGE, "accounting needs --hours and --power above 0");
	e->accounting = true;
	e->time_s.v = e->time_s.low = e->time_s.high = a->hours * UNITS_HOUR;
	e->device_hours = e->devices * a->hours;
	e->device_power_w = a->power_w;
	e->energy_device_j = e->time_s;
	scale_range(&e->energy_device_j, e->devices * a->power_w);
	e->energy_it_j = e->energy_device_j;
	est_assume(c, "power", "given", "%.6g W per device, as measured (host included if it was)",
		   a->power_w);
	if (place_pue(c, &e->pue) < 0 || place_grid(c, &e->grid) < 0)
		return -1;
	e->energy_facility_j = e->energy_it_j;
	scale_range(&e->energy_facility_j, e->pue);
	operational(e);
	est_assume(c, "embodied", "", "not counted in accounting mode (papers report operational CO2e)");
	if (c->pl->instance != NULL && c->pl->region != NULL && cloud_cost(c) < 0)
		return -1;
	totals(e);
	return 0;
}
