/*
 * measure_hwmon.c — AMD GPUs through hwmon (the amdgpu driver).
 *
 * A /sys/class/hwmon/hwmonN whose name is "amdgpu" is one GPU: energy1_input
 * (µJ, newer kernels and GPUs) is a counter; otherwise power1_average (µW,
 * the driver's own average) or power1_input is integrated over each
 * interval.  device/product_name, where the driver gives it, names the GPU.
 */
#include "config.h"

#include "measure.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"

static void
add_hwmon_domain(struct measure *m, const char *dir, const char *entry)
{
	char path[512], name[64], dname[64];
	struct measure_domain *d;
	static const char *const files[] = { "energy1_input", "power1_average", "power1_input" };
	size_t i;
	double v;

	if (snprintf(path, sizeof(path), "%s/%s/name", dir, entry) >= (int)sizeof(path))
		return;
	if (measure_sysfs_line(path, name, sizeof(name)) < 0 || strcmp(name, "amdgpu") != 0)
		return;
	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		if (snprintf(path, sizeof(path), "%s/%s/%s", dir, entry, files[i]) >=
		    (int)sizeof(path))
			return;
		if (measure_sysfs_number(path, &v) == 0)
			break;
	}
	if (i == sizeof(files) / sizeof(files[0])) {
		log_warn("%s/%s: an amdgpu without a readable energy or power file: left out",
			 dir, entry);
		return;
	}
	if (snprintf(dname, sizeof(dname), "hwmon:%s", entry) >= (int)sizeof(dname))
		return;
	d = measure_add_domain(m, MEASURE_GPU, MEASURE_HWMON, dname);
	snprintf(d->path, sizeof(d->path), "%s", path);
	d->counter = i == 0;
	if (snprintf(path, sizeof(path), "%s/%s/device/product_name", dir, entry) >=
	    (int)sizeof(path))
		return;
	if (measure_sysfs_line(path, d->reported, sizeof(d->reported)) < 0)
		d->reported[0] = '\0';
}

void
measure_hwmon_open(struct measure *m)
{
	char dir[512], *names[256];
	struct dirent *de;
	size_t n = 0, i;
	DIR *dp;

	snprintf(dir, sizeof(dir), "%s/sys/class/hwmon", m->cfg.sysfs_root);
	dp = opendir(dir);
	if (dp == NULL)
		return;
	while ((de = readdir(dp)) != NULL && n < sizeof(names) / sizeof(names[0]))
		if (strncmp(de->d_name, "hwmon", 5) == 0)
			names[n++] = strdup(de->d_name);
	closedir(dp);
	qsort(names, n, sizeof(names[0]), measure_by_name);
	for (i = 0; i < n; i++) {
		if (names[i] != NULL)
			add_hwmon_domain(m, dir, names[i]);
		free(names[i]);
	}
}
