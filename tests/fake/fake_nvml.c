/*
 * fake_nvml.c — a stand-in for libnvidia-ml.so.1, loaded by `mlfit
 * measure` through MLFIT_NVML_LIBRARY in the tests, so that GPU energy can
 * be checked against a known answer on a machine without NVIDIA GPUs.
 *
 * Every GPU draws a constant power, so that its energy over a run is that
 * power × the run's duration:
 *   FAKE_NVML_GPUS    how many GPUs (default 1)
 *   FAKE_NVML_POWER   watts per GPU (default 250)
 *   FAKE_NVML_NAME    what nvmlDeviceGetName says (default "NVIDIA A100-SXM4-80GB")
 *   FAKE_NVML_MODE    "energy" (a total-energy counter, mJ, default) or
 *                     "power" (no counter: only nvmlDeviceGetPowerUsage)
 *   FAKE_NVML_UTIL    utilisation percent (default 80)
 * The energy counter starts at a large value, as a real one counts from
 * driver load.  nvmlDeviceGetComputeRunningProcesses_v3 lists the pid
 * written in the file FAKE_NVML_PIDFILE (the test's command writes its own
 * there), as if that process ran on the first FAKE_NVML_PID_GPUS GPUs
 * (default: all).
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

struct fake_gpu { unsigned index; };
struct utilization { unsigned gpu, memory; };
struct process_v3 {
	unsigned pid;
	unsigned long long used;
	unsigned gi, ci;
};

static struct fake_gpu gpus[16];
static double start_s;

int nvmlInit_v2(void);
int nvmlShutdown(void);
int nvmlDeviceGetCount_v2(unsigned *n);
int nvmlDeviceGetHandleByIndex_v2(unsigned i, struct fake_gpu **h);
int nvmlDeviceGetName(struct fake_gpu *h, char *name, unsigned len);
int nvmlDeviceGetTotalEnergyConsumption(struct fake_gpu *h, unsigned long long *mj);
int nvmlDeviceGetPowerUsage(struct fake_gpu *h, unsigned *mw);
int nvmlDeviceGetUtilizationRates(struct fake_gpu *h, struct utilization *u);
int nvmlDeviceGetComputeRunningProcesses_v3(struct fake_gpu *h, unsigned *n,
					    struct process_v3 *p);

static double
now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static double
env_num(const char *name, double def)
{
	const char *v = getenv(name);

	return v && *v ? atof(v) : def;
}

static unsigned
count(void)
{
	unsigned n = (unsigned)env_num("FAKE_NVML_GPUS", 1);

	return n > 16 ? 16 : n;
}

static int
energy_mode(void)
{
	const char *m = getenv("FAKE_NVML_MODE");

	return m == NULL || strcmp(m, "power") != 0;
}

int
nvmlInit_v2(void)
{
	start_s = now_s();
	return 0;
}

int
nvmlShutdown(void)
{
	return 0;
}

int
nvmlDeviceGetCount_v2(unsigned *n)
{
	*n = count();
	return 0;
}

int
nvmlDeviceGetHandleByIndex_v2(unsigned i, struct fake_gpu **h)
{
	if (i >= count())
		return 2;	/* NVML_ERROR_INVALID_ARGUMENT */
	gpus[i].index = i;
	*h = &gpus[i];
	return 0;
}

int
nvmlDeviceGetName(struct fake_gpu *h, char *name, unsigned len)
{
	const char *n = getenv("FAKE_NVML_NAME");

	(void)h;
	if (n == NULL)
		n = "NVIDIA A100-SXM4-80GB";
	if (len == 0)
		return 7;	/* NVML_ERROR_INSUFFICIENT_SIZE */
	strncpy(name, n, len - 1);
	name[len - 1] = '\0';
	return 0;
}

int
nvmlDeviceGetTotalEnergyConsumption(struct fake_gpu *h, unsigned long long *mj)
{
	(void)h;
	if (!energy_mode())
		return 3;	/* NVML_ERROR_NOT_SUPPORTED */
	*mj = 123456789ULL + (unsigned long long)((now_s() - start_s) *
						  env_num("FAKE_NVML_POWER", 250) * 1000);
	return 0;
}

int
nvmlDeviceGetPowerUsage(struct fake_gpu *h, unsigned *mw)
{
	(void)h;
	*mw = (unsigned)(env_num("FAKE_NVML_POWER", 250) * 1000);
	return 0;
}

int
nvmlDeviceGetUtilizationRates(struct fake_gpu *h, struct utilization *u)
{
	(void)h;
	u->gpu = (unsigned)env_num("FAKE_NVML_UTIL", 80);
	u->memory = u->gpu / 2;
	return 0;
}

int
nvmlDeviceGetComputeRunningProcesses_v3(struct fake_gpu *h, unsigned *n, struct process_v3 *p)
{
	const char *path = getenv("FAKE_NVML_PIDFILE");
	unsigned pid = 0;
	FILE *f = path ? fopen(path, "r") : NULL;

	if (h->index >= (unsigned)env_num("FAKE_NVML_PID_GPUS", 16)) {
		if (f != NULL)
			fclose(f);
		*n = 0;
		return 0;
	}
	if (f != NULL) {
		if (fscanf(f, "%u", &pid) != 1)
			pid = 0;
		fclose(f);
	}
	if (pid == 0 || *n < 1) {
		*n = 0;
		return 0;
	}
	p[0].pid = pid;
	p[0].used = 1 << 20;
	p[0].gi = p[0].ci = 0;
	*n = 1;
	return 0;
}
