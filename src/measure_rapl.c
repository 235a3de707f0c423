/*
 * measure_rapl.c — CPU package and DRAM energy from Linux powercap (RAPL),
 * and the file reader that RAPL and hwmon share.
 *
 * /sys/class/powercap/intel-rapl:N is a package (name "package-N"), and
 * intel-rapl:N:M its subdomains ("core", "uncore", "dram"); only package
 * and dram are kept, since core and uncore are inside the package.  AMD
 * CPUs appear under the same names.  energy_uj wraps around at
 * max_energy_range_uj.  Since the 2020 fix for the PLATYPUS side channel
 * (CVE-2020-8694) energy_uj is readable by root only: that is one warning
 * naming the fix and the fallback, never a silent zero.
 */
#include "config.h"

#include "measure.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"

/* Reads the first line of a small file; -1 with errno on failure. */
int
measure_sysfs_line(const char *path, char *buf, size_t size)
{
	FILE *f = fopen(path, "r");
	size_t n;

	if (f == NULL)
		return -1;
	n = fread(buf, 1, size - 1, f);
	if (ferror(f)) {
		int e = errno;

		fclose(f);
		errno = e;
		return -1;
	}
	fclose(f);
	buf[n] = '\0';
	buf[strcspn(buf, "\n")] = '\0';
	return 0;
}

/* A whole number from a sysfs file; -1 if absent, unreadable or not a number. */
int
measure_sysfs_number(const char *path, double *out)
{
	char buf[64], *end;
	double v;

	if (measure_sysfs_line(path, buf, sizeof(buf)) < 0)
		return -1;
	errno = 0;
	v = strtod(buf, &end);
	if (end == buf || errno != 0 || !(v >= 0)) {
		errno = EINVAL;
		return -1;
	}
	*out = v;
	return 0;
}

void
measure_file_sample(struct measure_domain *d, double dt_s)
{
	double raw, delta;

	/* a counter being rewritten, or gone: keep what we had */
	if (measure_sysfs_number(d->path, &raw) < 0)
		return;
	if (!d->counter) {
		/* microwatts, averaged by the driver over its own window */
		d->power_w = raw * 1e-6;
		if (d->have_last)
			d->energy_j += d->power_w * dt_s;
		d->have_last = true;
		return;
	}
	if (!d->have_last) {
		d->last_raw = raw;
		d->have_last = true;
		return;
	}
	delta = raw - d->last_raw;
	if (delta < 0 && d->max_range > 0)
		delta += d->max_range;	/* the counter wrapped around */
	if (delta < 0)
		delta = 0;
	d->last_raw = raw;
	d->energy_j += delta * 1e-6;
	d->power_w = dt_s > 0 ? delta * 1e-6 / dt_s : 0;
}

static void
add_rapl_domain(struct measure *m, const char *dir, const char *entry)
{
	char path[512], name[64], dname[64], pkg[16] = "";
	const char *colon = strchr(entry, ':');
	struct measure_domain *d;
	enum measure_part part;
	double v;

	if (snprintf(path, sizeof(path), "%s/%s/name", dir, entry) >= (int)sizeof(path))
		return;
	if (measure_sysfs_line(path, name, sizeof(name)) < 0)
		return;
	if (strncmp(name, "package", 7) == 0)
		part = MEASURE_CPU;
	else if (strcmp(name, "dram") == 0)
		part = MEASURE_RAM;
	else
		return;
	if (snprintf(path, sizeof(path), "%s/%s/energy_uj", dir, entry) >= (int)sizeof(path))
		return;
	if (measure_sysfs_number(path, &v) < 0) {
		if ((errno == EACCES || errno == EPERM) && !m->rapl_denied) {
			m->rapl_denied = true;
			log_warn("cannot read RAPL energy counters (%s: permission denied; "
				 "since the 2020 PLATYPUS fix only root may): run as root or "
				 "'sudo chmod o+r /sys/class/powercap/intel-rapl:*/energy_uj'; "
				 "using the CPU-time estimate instead", path);
		}
		return;
	}
	/* "intel-rapl:0" is package 0; "intel-rapl:0:0" a domain of package 0 */
	if (colon != NULL)
		snprintf(pkg, sizeof(pkg), "%.*s", (int)strcspn(colon + 1, ":"), colon + 1);
	if (snprintf(dname, sizeof(dname), part == MEASURE_CPU ? "rapl:%s" : "rapl:dram-%s",
		     part == MEASURE_CPU ? name : pkg) >= (int)sizeof(dname))
		return;
	d = measure_add_domain(m, part, MEASURE_RAPL, dname);
	snprintf(d->path, sizeof(d->path), "%s", path);
	d->counter = true;
	if (snprintf(path, sizeof(path), "%s/%s/max_energy_range_uj", dir, entry) >=
	    (int)sizeof(path))
		return;
	if (measure_sysfs_number(path, &v) == 0)
		d->max_range = v;
}

int
measure_by_name(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

void
measure_rapl_open(struct measure *m)
{
	char dir[512], *names[256];
	struct dirent *de;
	size_t n = 0, i;
	DIR *dp;

	snprintf(dir, sizeof(dir), "%s/sys/class/powercap", m->cfg.sysfs_root);
	dp = opendir(dir);
	if (dp == NULL)
		return;
	while ((de = readdir(dp)) != NULL && n < sizeof(names) / sizeof(names[0]))
		if (strncmp(de->d_name, "intel-rapl:", 11) == 0)
			names[n++] = strdup(de->d_name);
	closedir(dp);
	qsort(names, n, sizeof(names[0]), measure_by_name);
	for (i = 0; i < n; i++) {
		if (names[i] != NULL)
			add_rapl_domain(m, dir, names[i]);
		free(names[i]);
	}
}
