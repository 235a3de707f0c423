/*
 * measure.h — run a command and measure the energy it used (mlfit measure).
 *
 * Layer 2, beside the catalog: it reads the catalog only to name the host's
 * devices and to find the power figures of its fallback; it never prints
 * (warnings go to log_warn(), errors to struct mlf_err).
 *
 * Sources, each a "domain" with an energy in J:
 *   rapl    Linux powercap (intel-rapl:N package and intel-rapl:N:M dram),
 *           energy_uj counters with wrap-around at max_energy_range_uj;
 *   nvml    NVIDIA GPUs through libnvidia-ml.so.1 loaded with dlopen (the
 *           total-energy counter where the GPU has one, else power samples
 *           integrated over time);
 *   hwmon   AMD GPUs (hwmon name "amdgpu"): energy1_input, else
 *           power1_average integrated;
 *   cputime when no counter covers the CPU: the command's process tree's
 *           CPU time (/proc/PID/stat, children included) × the catalog's
 *           power of that CPU per core, marked estimated;
 *   ram     when no DRAM counter exists: the tree's resident memory × the
 *           catalog's W/GB (host.ram-power), marked estimated.
 * $MLFIT_SYSFS_ROOT (a directory holding sys/class/…) replaces "/" for the
 * sysfs reads, so that tests can script counters; $MLFIT_NVML_LIBRARY
 * replaces the NVML library's name.
 *
 * Units: SI (J, W, s, B).  Ownership: struct measure owns its domains; the
 * device pointers are borrowed from the catalog passed to measure_new().
 */
#ifndef MLFIT_MEASURE_H
#define MLFIT_MEASURE_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "catalog.h"
#include "err.h"

enum measure_part { MEASURE_CPU, MEASURE_GPU, MEASURE_RAM, MEASURE_PART_COUNT };

enum measure_kind {
	MEASURE_RAPL,		/* powercap counter */
	MEASURE_NVML,		/* NVML energy counter or power samples */
	MEASURE_HWMON,		/* amdgpu hwmon counter or power samples */
	MEASURE_CPUTIME,	/* estimated from CPU time */
	MEASURE_RSS		/* estimated from resident memory */
};

const char *measure_part_name(enum measure_part part);	/* "cpu", "gpu", "ram" */

struct measure_domain {
	char name[64];			/* "rapl:package-0", "nvml:0", "hwmon:card0", … */
	char reported[128];		/* the name the hardware gives itself, or "" */
	enum measure_part part;
	enum measure_kind kind;
	bool counter;			/* an energy counter, not integrated power */
	bool estimated;			/* from CPU time or memory, not measured */
	double energy_j;
	double power_w;			/* over the last interval */

	/* backend state */
	char path[512];			/* counter or power file */
	double max_range;		/* counter wrap-around (its own unit), 0: none */
	double last_raw;		/* last counter reading (its own unit) */
	bool have_last;
	unsigned index;			/* NVML device index */
	void *handle;			/* NVML device handle */
	double util_sum;		/* GPU utilisation samples (0–1) */
	unsigned util_n;
	bool runs_command;		/* NVML lists one of the command's processes */
};

struct measure_config {
	const char *sysfs_root;		/* NULL: "" (the real /sys) */
	const char *proc_root;		/* NULL: "/proc" */
	const char *nvml_library;	/* NULL: "libnvidia-ml.so.1" */
	double cpu_power_per_core_w;	/* for the CPU-time fallback */
	double ram_power_per_byte_w;	/* for the memory fallback */
};

struct measure {
	struct measure_config cfg;
	struct measure_domain *domains;
	size_t ndomains, cap_domains;
	void *nvml;			/* measure_nvml.c's state, or NULL */
	pid_t root;			/* the command */
	double start_s, last_s;		/* monotonic clock */
	double cpu_time_s;		/* of the command's tree, so far */
	double peak_rss_bytes;
	bool rapl_denied;
};

/* A sample's callback (for --timeseries): t from the start, one domain. */
typedef void (*measure_sample_fn)(double t_s, const struct measure_domain *d, void *data);

/*
 * Finds every source that exists (RAPL, NVML, hwmon) and adds the
 * estimated CPU and RAM domains for what no counter covers.  Problems with
 * a source (permission denied, a broken library) are warnings, and that
 * source is left out: never a silent zero.  Never fails.
 */
struct measure *measure_new(const struct measure_config *cfg);
void measure_free(struct measure *m);

/* True if some domain of `part` is a real counter or power reading. */
bool measure_has_measured(const struct measure *m, enum measure_part part);

/*
 * What running a command gave.  status is the command's exit status, or
 * 128 + signal when it was killed, or 127 when it could not be started
 * (then exec_error says why).
 */
struct measure_result {
	int status;
	char exec_error[256];
	double duration_s;
	double cpu_time_s;
	double peak_rss_bytes;
	unsigned samples;
	double mlfit_cpu_s;		/* CPU time mlfit itself used while measuring */
};

/*
 * Runs argv (no shell) and samples every domain each interval_s until it
 * ends.  SIGINT, SIGTERM and SIGHUP sent to mlfit are forwarded to the
 * command (a terminal's ^C already reaches both).  on_sample may be NULL.
 * Returns 0 with res filled — also when the command failed or could not
 * start — or -1 with err if mlfit itself could not go on (fork failed).
 */
int measure_run(struct measure *m, char *const argv[], double interval_s,
		measure_sample_fn on_sample, void *data, struct measure_result *res,
		struct mlf_err *err);

/* Sums the domains of one part, J. */
double measure_part_energy(const struct measure *m, enum measure_part part);

/*
 * Matches a name the hardware reports ("Intel(R) Xeon(R) Platinum 8380 CPU
 * @ 2.30GHz", "NVIDIA A100-SXM4-80GB") to a catalog device of that kind by
 * the devices' aliases and names.  NULL if none matches.
 */
const struct cat_device *measure_match_device(const struct catalog *cat, enum device_kind kind,
					      const char *reported);

/* The host's CPU model ("model name" of /proc/cpuinfo), logical CPUs, RAM. */
void measure_host_cpu(const char *proc_root, char *model, size_t size, unsigned *ncpus);
double measure_host_ram_bytes(const char *proc_root);

/* ---- backends (measure_rapl.c, measure_nvml.c, measure_hwmon.c, measure_proc.c) ---- */

struct measure_domain *measure_add_domain(struct measure *m, enum measure_part part,
					  enum measure_kind kind, const char *name);

void measure_rapl_open(struct measure *m);
void measure_hwmon_open(struct measure *m);
/* The first line of a small file / a number from one: -1 (errno set) if unreadable. */
int measure_sysfs_line(const char *path, char *buf, size_t size);
int measure_sysfs_number(const char *path, double *out);
int measure_by_name(const void *a, const void *b);	/* qsort of char * */
/* Reads a counter or power file into d: adds the energy since the last read. */
void measure_file_sample(struct measure_domain *d, double dt_s);

void measure_nvml_open(struct measure *m);
void measure_nvml_sample(struct measure *m, struct measure_domain *d, double dt_s,
			 const pid_t *pids, size_t npids);
void measure_nvml_close(struct measure *m);

/*
 * CPU time (user + system, reaped children included) and resident memory
 * of the process tree rooted at root, from proc_root/PID/stat; the tree's
 * pids (up to maxpids) go to pids.  -1 if root is gone.
 */
int measure_proc_tree(const char *proc_root, pid_t root, double *cpu_s, double *rss_bytes,
		      pid_t *pids, size_t maxpids, size_t *npids);

#endif
