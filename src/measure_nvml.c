/*
 * measure_nvml.c — NVIDIA GPUs through NVML, loaded at run time.
 *
 * libnvidia-ml.so.1 comes with the driver, not with a development
 * package, so mlfit neither links it nor includes its header: it dlopen()s
 * the library ($MLFIT_NVML_LIBRARY names another, e.g. the tests' fake)
 * and declares the few functions it calls, whose C ABI NVIDIA keeps stable.
 * Energy is nvmlDeviceGetTotalEnergyConsumption (mJ since the driver
 * loaded; Volta and later) where it answers, else nvmlDeviceGetPowerUsage
 * (mW) integrated over each interval.  nvmlDeviceGetComputeRunningProcesses
 * says whether the command's processes run on a GPU.
 */
#include "config.h"

#include "measure.h"

#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "xalloc.h"

#define NVML_SUCCESS 0
#define NVML_NAME_MAX 96
#define NVML_MAX_PROCS 64

typedef void *nvml_device;		/* nvmlDevice_t: an opaque pointer */

struct nvml_utilization {		/* nvmlUtilization_t */
	unsigned gpu, memory;		/* percent */
};

struct nvml_process_v3 {		/* nvmlProcessInfo_t (v2/v3) */
	unsigned pid;
	unsigned long long used_gpu_memory;
	unsigned gpu_instance_id, compute_instance_id;
};

struct nvml {
	void *lib;
	int (*init)(void);
	int (*shutdown)(void);
	int (*count)(unsigned *);
	int (*handle)(unsigned, nvml_device *);
	int (*name)(nvml_device, char *, unsigned);
	int (*energy)(nvml_device, unsigned long long *);
	int (*power)(nvml_device, unsigned *);
	int (*utilization)(nvml_device, struct nvml_utilization *);
	int (*processes)(nvml_device, unsigned *, struct nvml_process_v3 *);
};

/* dlsym's object pointer, as the function pointer it is (POSIX allows it). */
static void *
sym(void *lib, const char *a, const char *b)
{
	void *p = dlsym(lib, a);

	if (p == NULL && b != NULL)
		p = dlsym(lib, b);
	return p;
}

#define LOAD(field, a, b) memcpy(&nv->field, &(void *){ sym(nv->lib, a, b) }, sizeof(void *))

static struct nvml *
nvml_load(const char *libname, bool explicit)
{
	struct nvml *nv = xcalloc(1, sizeof(*nv));

	nv->lib = dlopen(libname, RTLD_NOW | RTLD_LOCAL);
	if (nv->lib == NULL) {
		/* no NVIDIA driver is the common case: say nothing unless asked */
		if (explicit)
			log_warn("cannot load NVML from '%s': %s", libname, dlerror());
		free(nv);
		return NULL;
	}
	LOAD(init, "nvmlInit_v2", "nvmlInit");
	LOAD(shutdown, "nvmlShutdown", NULL);
	LOAD(count, "nvmlDeviceGetCount_v2", "nvmlDeviceGetCount");
	LOAD(handle, "nvmlDeviceGetHandleByIndex_v2", "nvmlDeviceGetHandleByIndex");
	LOAD(name, "nvmlDeviceGetName", NULL);
	LOAD(energy, "nvmlDeviceGetTotalEnergyConsumption", NULL);
	LOAD(power, "nvmlDeviceGetPowerUsage", NULL);
	LOAD(utilization, "nvmlDeviceGetUtilizationRates", NULL);
	LOAD(processes, "nvmlDeviceGetComputeRunningProcesses_v3", NULL);
	if (nv->init == NULL || nv->count == NULL || nv->handle == NULL ||
	    (nv->energy == NULL && nv->power == NULL)) {
		log_warn("'%s' lacks the NVML functions mlfit needs: GPUs not measured", libname);
		dlclose(nv->lib);
		free(nv);
		return NULL;
	}
	if (nv->init() != NVML_SUCCESS) {
		log_warn("NVML from '%s' did not initialise: GPUs not measured", libname);
		dlclose(nv->lib);
		free(nv);
		return NULL;
	}
	return nv;
}

void
measure_nvml_open(struct measure *m)
{
	const char *env = getenv("MLFIT_NVML_LIBRARY");
	struct nvml *nv = nvml_load(env && *env ? env : m->cfg.nvml_library, env && *env);
	unsigned n = 0, i;

	if (nv == NULL)
		return;
	m->nvml = nv;
	if (nv->count(&n) != NVML_SUCCESS)
		n = 0;
	for (i = 0; i < n && i < 64; i++) {
		struct measure_domain *d;
		unsigned long long mj;
		unsigned mw;
		nvml_device h;
		char dname[32];

		if (nv->handle(i, &h) != NVML_SUCCESS) {
			log_warn("NVML cannot open GPU %u: not measured", i);
			continue;
		}
		snprintf(dname, sizeof(dname), "nvml:%u", i);
		d = measure_add_domain(m, MEASURE_GPU, MEASURE_NVML, dname);
		d->index = i;
		d->handle = h;
		if (nv->name == NULL || nv->name(h, d->reported, sizeof(d->reported)) != NVML_SUCCESS)
			d->reported[0] = '\0';
		d->reported[sizeof(d->reported) - 1] = '\0';
		if (nv->energy != NULL && nv->energy(h, &mj) == NVML_SUCCESS)
			d->counter = true;
		else if (nv->power == NULL || nv->power(h, &mw) != NVML_SUCCESS) {
			log_warn("NVML gives neither energy nor power for GPU %u (%s): not measured",
				 i, d->reported);
			m->ndomains--;
		}
	}
}

static bool
runs_any(struct nvml *nv, nvml_device h, const pid_t *pids, size_t npids)
{
	struct nvml_process_v3 procs[NVML_MAX_PROCS];
	unsigned n = NVML_MAX_PROCS, i;
	size_t j;

	if (nv->processes == NULL || nv->processes(h, &n, procs) != NVML_SUCCESS)
		return false;
	for (i = 0; i < n && i < NVML_MAX_PROCS; i++)
		for (j = 0; j < npids; j++)
			if ((pid_t)procs[i].pid == pids[j])
				return true;
	return false;
}

void
measure_nvml_sample(struct measure *m, struct measure_domain *d, double dt_s,
		    const pid_t *pids, size_t npids)
{
	struct nvml *nv = m->nvml;
	struct nvml_utilization u;
	unsigned long long mj;
	unsigned mw;

	if (nv == NULL)
		return;
	if (d->counter) {
		if (nv->energy(d->handle, &mj) == NVML_SUCCESS) {
			double raw = (double)mj;

			if (d->have_last && raw >= d->last_raw) {
				d->energy_j += (raw - d->last_raw) * 1e-3;
				d->power_w = dt_s > 0 ? (raw - d->last_raw) * 1e-3 / dt_s : 0;
			}
			d->last_raw = raw;
			d->have_last = true;
		}
	} else if (nv->power(d->handle, &mw) == NVML_SUCCESS) {
		d->power_w = mw * 1e-3;
		if (d->have_last)
			d->energy_j += d->power_w * dt_s;
		d->have_last = true;
	}
	if (m->root > 0) {
		if (nv->utilization != NULL && nv->utilization(d->handle, &u) == NVML_SUCCESS) {
			d->util_sum += u.gpu / 100.0;
			d->util_n++;
		}
		if (npids > 0 && runs_any(nv, d->handle, pids, npids))
			d->runs_command = true;
	}
}

void
measure_nvml_close(struct measure *m)
{
	struct nvml *nv = m->nvml;

	if (nv == NULL)
		return;
	if (nv->shutdown != NULL)
		nv->shutdown();
	dlclose(nv->lib);
	free(nv);
	m->nvml = NULL;
}
