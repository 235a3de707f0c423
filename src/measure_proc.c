/*
 * measure_proc.c — the command's process tree from /proc: CPU time and
 * resident memory, for the fallback when no counter covers the CPU or RAM.
 *
 * The tree is every process whose chain of parents reaches the root.  Each
 * live process contributes utime + stime + cutime + cstime (fields 14–17
 * of /proc/PID/stat): a child that was reaped has moved its own times into
 * its parent's cutime/cstime, so nothing is counted twice and nothing a
 * finished child used is lost.
 */
#include "config.h"

#include "measure.h"

#include <ctype.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "xalloc.h"

struct proc_entry {
	pid_t pid, ppid;
	double cpu_ticks, rss_pages;
};

/* Parses one /proc/PID/stat; the command name may hold spaces and ')'. */
static int
read_stat(const char *proc_root, pid_t pid, struct proc_entry *e)
{
	char path[512], buf[2048], *p;
	unsigned long long utime, stime;
	long long cutime, cstime, rss;
	int ppid;
	size_t n;
	FILE *f;

	snprintf(path, sizeof(path), "%s/%d/stat", proc_root, (int)pid);
	f = fopen(path, "r");
	if (f == NULL)
		return -1;
	n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = '\0';
	p = strrchr(buf, ')');
	if (p == NULL)
		return -1;
	/* after ") ": state ppid pgrp session tty tpgid flags minflt cminflt majflt
	 * cmajflt utime stime cutime cstime priority nice threads itreal start vsize rss */
	if (sscanf(p + 2, "%*c %d %*d %*d %*d %*d %*u %*u %*u %*u %*u %llu %llu %lld %lld "
		   "%*d %*d %*d %*d %*u %*u %lld", &ppid, &utime, &stime, &cutime, &cstime,
		   &rss) != 6)
		return -1;
	e->pid = pid;
	e->ppid = ppid;
	e->cpu_ticks = (double)utime + (double)stime + (double)cutime + (double)cstime;
	e->rss_pages = (double)rss;
	return 0;
}

static bool
in_tree(const struct proc_entry *all, size_t n, size_t i, pid_t root)
{
	pid_t p = all[i].pid;
	size_t hops, j;

	for (hops = 0; hops < 64; hops++) {
		if (p == root)
			return true;
		if (p <= 1)
			return false;
		for (j = 0; j < n && all[j].pid != p; j++)
			;
		if (j == n)
			return false;
		p = all[j].ppid;
	}
	return false;
}

int
measure_proc_tree(const char *proc_root, pid_t root, double *cpu_s, double *rss_bytes,
		  pid_t *pids, size_t maxpids, size_t *npids)
{
	struct proc_entry *all = NULL, e;
	size_t n = 0, cap = 0, i;
	double ticks = 0, pages = 0, hz = (double)sysconf(_SC_CLK_TCK),
	       page = (double)sysconf(_SC_PAGESIZE);
	struct dirent *de;
	bool found = false;
	DIR *dir;

	*cpu_s = *rss_bytes = 0;
	*npids = 0;
	if (root <= 0 || (dir = opendir(proc_root)) == NULL)
		return -1;
	while ((de = readdir(dir)) != NULL) {
		if (!isdigit((unsigned char)de->d_name[0]))
			continue;
		if (read_stat(proc_root, (pid_t)atoi(de->d_name), &e) < 0)
			continue;
		XGROW(all, cap, n + 1);
		all[n++] = e;
	}
	closedir(dir);
	for (i = 0; i < n; i++) {
		if (!in_tree(all, n, i, root))
			continue;
		found = found || all[i].pid == root;
		ticks += all[i].cpu_ticks;
		pages += all[i].rss_pages;
		if (*npids < maxpids)
			pids[(*npids)++] = all[i].pid;
	}
	free(all);
	if (!found)
		return -1;
	*cpu_s = ticks / (hz > 0 ? hz : 100);
	*rss_bytes = pages * (page > 0 ? page : 4096);
	return 0;
}
