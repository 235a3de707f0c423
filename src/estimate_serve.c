/*
 * estimate_serve.c — the latency, throughput and memory fit of inference:
 * one batch on one replica, replicas for a rate.
 */
#include "config.h"

#include "estimate_impl.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* ---- inference time ---- */

/* Devices one replica needs: the fewest (1, 2, 4 … up to count) that hold it. */
static unsigned
replica_size(struct est_ctx *c, double weights, double act_per_batch)
{
	const struct cat_device *d = c->pl->device;
	unsigned r;

	if (!d->memory.set || d->kind == KIND_CPU)
		return 1;
	for (r = 1; r <= c->e->devices; r *= 2)
		if ((weights + act_per_batch) / r <= d->memory.v)
			return r;
	return 0;
}

static int
inference_fit(struct est_ctx *c, double weights, double act)
{
	struct estimate *e = c->e;
	char need[32], have[32];

	e->replica_devices = replica_size(c, weights, act);
	e->memory_have_bytes = c->pl->device->memory.set ? c->pl->device->memory.v : 0;
	e->memory_need_bytes = weights + act;
	e->fits = e->replica_devices > 0;
	if (e->fits) {
		e->memory_need_bytes /= e->replica_devices;
		return 0;
	}
	snprintf(e->fit_reason, sizeof(e->fit_reason),
		 "needs %s for weights and activations; %u x %s hold %s",
		 units_format(weights + act, DIM_BYTES, need, sizeof(need)), e->devices,
		 c->pl->device->id,
		 units_format(e->devices * e->memory_have_bytes, DIM_BYTES, have, sizeof(have)));
	return 0;
}

static double
batch_latency(struct est_ctx *c, double flops, double bytes, double eff)
{
	double r = c->e->replica_devices;
	double compute = flops / (r * c->peak * eff);
	double memory = c->pl->device->bandwidth.set ? bytes / (r * c->pl->device->bandwidth.v) : 0;

	return fmax(compute, memory);
}

int
est_inference_time(struct est_ctx *c)
{
	struct estimate *e = c->e;
	const struct workload *w = c->w;
	const struct profile *p = w->profile;
	double batch, weights, act, flops_batch, bytes_batch, requests;
	double lat_lo, lat_hi;

	if (p == NULL)
		return mlf_err_set(c->err, MLF_E_USAGE, "inference needs a model");
	if (est_default_batch(c, &batch) < 0)
		return -1;
	weights = profile_weight_bytes(p, c->prec);
	act = profile_activation_bytes(p, c->prec) * batch;
	if (inference_fit(c, weights, act) < 0)
		return -1;
	if (!e->fits)
		e->replica_devices = e->devices;
	flops_batch = profile_flops(p) * batch;
	bytes_batch = weights + act;
	e->latency_s = batch_latency(c, flops_batch, bytes_batch, c->efficiency.v);
	lat_lo = batch_latency(c, flops_batch, bytes_batch, c->efficiency.high);
	lat_hi = batch_latency(c, flops_batch, bytes_batch, c->efficiency.low);
	e->latency_high_s = lat_hi;
	e->replicas = e->devices / e->replica_devices;
	e->throughput = e->replicas * batch / e->latency_s;
	e->meets_slo = w->latency_slo_s <= 0 || e->latency_s <= w->latency_slo_s;
	e->bound = flops_batch / (e->replica_devices * c->peak * c->efficiency.v) >=
		   e->latency_s ? "compute" : "memory";
	if (w->rate > 0) {
		if (!(w->duration_s > 0))
			return mlf_err_set(c->err, MLF_E_USAGE, "a rate needs --duration");
		requests = w->rate * w->duration_s;
		e->meets_rate = e->throughput >= w->rate;
		c->utilisation = fmin(1, w->rate / e->throughput);
		e->time_s.v = e->time_s.low = e->time_s.high = w->duration_s;
		c->busy_time_s.v = w->duration_s * c->utilisation;
		c->busy_time_s.low = w->duration_s * fmin(1, w->rate * lat_lo / (e->replicas * batch));
		c->busy_time_s.high = w->duration_s * fmin(1, w->rate * lat_hi / (e->replicas * batch));
	} else {
		requests = w->requests;
		if (!(requests > 0))
			return mlf_err_set(c->err, MLF_E_USAGE,
					   "say how much to serve: --requests, or --rate and --duration");
		e->meets_rate = true;
		c->utilisation = 1;
		e->time_s.v = requests / e->throughput;
		e->time_s.low = requests / (e->replicas * batch / lat_lo);
		e->time_s.high = requests / (e->replicas * batch / lat_hi);
		c->busy_time_s = e->time_s;
	}
	e->steps = requests / batch;
	e->flops = profile_flops(p) * requests;
	c->macs = p->macs * requests;
	c->offchip_bytes = bytes_batch * e->steps;
	e->compute_s = flops_batch / (e->replica_devices * c->peak * c->efficiency.v);
	e->memory_s = c->pl->device->bandwidth.set
			      ? bytes_batch / (e->replica_devices * c->pl->device->bandwidth.v) : 0;
	return est_check_work(c, e->flops);
}

