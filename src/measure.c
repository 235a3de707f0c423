/*
 * measure.c — the measuring loop: start the command, sample every source
 * each interval, forward signals, collect the exit status.
 *
 * The command runs without a shell (execvp).  mlfit blocks SIGCHLD,
 * SIGINT, SIGTERM and SIGHUP and waits for them with sigtimedwait(), so
 * the loop has no signal handlers and no races: a timeout is a sample, a
 * SIGCHLD is the command ending, and a termination signal that someone
 * sent mlfit with kill() is passed on to the command.  A terminal's ^C or
 * hangup reaches the whole foreground process group already (the kernel
 * sends it, si_code SI_KERNEL), so it is not sent a second time.
 *
 * exec failure travels back through a close-on-exec pipe: the child writes
 * its errno and exits 127, so "command not found" is told apart from a
 * command that itself exits 127.
 */
#include "config.h"

#include "measure.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "log.h"
#include "xalloc.h"

#define MAX_TREE_PIDS 4096

const char *
measure_part_name(enum measure_part part)
{
	static const char *const names[] = { "cpu", "gpu", "ram" };

	return part < MEASURE_PART_COUNT ? names[part] : "?";
}

struct measure_domain *
measure_add_domain(struct measure *m, enum measure_part part, enum measure_kind kind,
		   const char *name)
{
	struct measure_domain *d;

	XGROW(m->domains, m->cap_domains, m->ndomains + 1);
	d = &m->domains[m->ndomains++];
	memset(d, 0, sizeof(*d));
	d->part = part;
	d->kind = kind;
	d->estimated = kind == MEASURE_CPUTIME || kind == MEASURE_RSS;
	snprintf(d->name, sizeof(d->name), "%s", name);
	return d;
}

bool
measure_has_measured(const struct measure *m, enum measure_part part)
{
	size_t i;

	for (i = 0; i < m->ndomains; i++)
		if (m->domains[i].part == part && !m->domains[i].estimated)
			return true;
	return false;
}

struct measure *
measure_new(const struct measure_config *cfg)
{
	struct measure *m = xcalloc(1, sizeof(*m));

	m->cfg = *cfg;
	if (m->cfg.sysfs_root == NULL)
		m->cfg.sysfs_root = "";
	if (m->cfg.proc_root == NULL)
		m->cfg.proc_root = "/proc";
	if (m->cfg.nvml_library == NULL)
		m->cfg.nvml_library = "libnvidia-ml.so.1";
	measure_rapl_open(m);
	measure_hwmon_open(m);
	measure_nvml_open(m);
	/* what no counter covers is estimated, and said to be */
	if (!measure_has_measured(m, MEASURE_CPU))
		measure_add_domain(m, MEASURE_CPU, MEASURE_CPUTIME, "cputime");
	if (!measure_has_measured(m, MEASURE_RAM))
		measure_add_domain(m, MEASURE_RAM, MEASURE_RSS, "rss");
	return m;
}

void
measure_free(struct measure *m)
{
	if (m == NULL)
		return;
	measure_nvml_close(m);
	free(m->domains);
	free(m);
}

double
measure_part_energy(const struct measure *m, enum measure_part part)
{
	double sum = 0;
	size_t i;

	for (i = 0; i < m->ndomains; i++)
		if (m->domains[i].part == part)
			sum += m->domains[i].energy_j;
	return sum;
}

static double
now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static double
self_cpu_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* Reads every domain; the estimated ones from the tree's CPU time and memory. */
static void
sample_all(struct measure *m, measure_sample_fn fn, void *data, bool final_read)
{
	double t = now_s(), dt = t - m->last_s, cpu = 0, rss = 0, dcpu;
	pid_t pids[MAX_TREE_PIDS];
	size_t npids = 0, i;
	bool alive;

	alive = measure_proc_tree(m->cfg.proc_root, m->root, &cpu, &rss, pids, MAX_TREE_PIDS,
				  &npids) == 0;
	dcpu = alive && cpu > m->cpu_time_s ? cpu - m->cpu_time_s : 0;
	if (alive) {
		m->cpu_time_s += dcpu;
		if (rss > m->peak_rss_bytes)
			m->peak_rss_bytes = rss;
	}
	for (i = 0; i < m->ndomains; i++) {
		struct measure_domain *d = &m->domains[i];

		switch (d->kind) {
		case MEASURE_RAPL:
		case MEASURE_HWMON:
			measure_file_sample(d, dt);
			break;
		case MEASURE_NVML:
			measure_nvml_sample(m, d, dt, pids, npids);
			break;
		case MEASURE_CPUTIME:
			d->energy_j += dcpu * m->cfg.cpu_power_per_core_w;
			d->power_w = dt > 0 ? dcpu * m->cfg.cpu_power_per_core_w / dt : 0;
			break;
		case MEASURE_RSS:
			/* the memory held over the interval: the later reading */
			if (alive || final_read) {
				d->power_w = (alive ? rss : 0) * m->cfg.ram_power_per_byte_w;
				d->energy_j += d->power_w * dt;
			}
			break;
		}
		if (fn != NULL)
			fn(t - m->start_s, d, data);
	}
	m->last_s = t;
}

static int
spawn(char *const argv[], const sigset_t *oldmask, pid_t *pid, int *errpipe,
      struct mlf_err *err)
{
	int fds[2];

	if (pipe2(fds, O_CLOEXEC) < 0)
		return mlf_err_set(err, MLF_E_INTERNAL, "cannot create a pipe: %s", strerror(errno));
	*pid = fork();
	if (*pid < 0) {
		close(fds[0]);
		close(fds[1]);
		return mlf_err_set(err, MLF_E_INTERNAL, "cannot fork: %s", strerror(errno));
	}
	if (*pid == 0) {
		int e;

		close(fds[0]);
		sigprocmask(SIG_SETMASK, oldmask, NULL);
		execvp(argv[0], argv);
		e = errno;
		if (write(fds[1], &e, sizeof(e)) < 0) {
			/* nothing more can be said */
		}
		_exit(127);
	}
	close(fds[1]);
	*errpipe = fds[0];
	return 0;
}

/* After the child is gone: did exec fail, and why? */
static void
read_exec_error(int fd, const char *cmd, struct measure_result *res)
{
	int e = 0;
	ssize_t n = read(fd, &e, sizeof(e));

	close(fd);
	if (n == (ssize_t)sizeof(e)) {
		res->status = 127;
		snprintf(res->exec_error, sizeof(res->exec_error), "cannot run '%s': %s", cmd,
			 strerror(e));
	}
}

static int
status_of(int wstatus)
{
	if (WIFEXITED(wstatus))
		return WEXITSTATUS(wstatus);
	if (WIFSIGNALED(wstatus))
		return 128 + WTERMSIG(wstatus);
	return 128;
}

int
measure_run(struct measure *m, char *const argv[], double interval_s,
	    measure_sample_fn on_sample, void *data, struct measure_result *res,
	    struct mlf_err *err)
{
	sigset_t set, oldmask;
	siginfo_t info;
	struct timespec ts;
	struct rusage ru;
	double next, self0 = self_cpu_s(), wait_s;
	int errpipe = -1, wstatus = 0, sig;
	bool done = false;
	pid_t pid = 0;

	memset(res, 0, sizeof(*res));
	sigemptyset(&set);
	sigaddset(&set, SIGCHLD);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGHUP);
	sigprocmask(SIG_BLOCK, &set, &oldmask);

	/* counters are read once before the command starts: the baseline */
	m->start_s = m->last_s = now_s();
	m->root = 0;
	sample_all(m, NULL, NULL, false);
	if (spawn(argv, &oldmask, &pid, &errpipe, err) < 0) {
		sigprocmask(SIG_SETMASK, &oldmask, NULL);
		return -1;
	}
	m->root = pid;
	m->start_s = m->last_s = now_s();
	next = m->start_s + interval_s;
	while (!done) {
		wait_s = next - now_s();
		if (wait_s < 0)
			wait_s = 0;
		ts.tv_sec = (time_t)wait_s;
		ts.tv_nsec = (long)((wait_s - (double)ts.tv_sec) * 1e9);
		sig = sigtimedwait(&set, &info, &ts);
		if (sig < 0) {
			if (errno == EAGAIN) {
				sample_all(m, on_sample, data, false);
				res->samples++;
				next += interval_s;
				if (next < now_s())	/* a slow read: do not try to catch up */
					next = now_s() + interval_s;
			}
			continue;
		}
		if (sig == SIGCHLD) {
			/* sample while the tree's /proc entries still exist */
			siginfo_t ci;

			memset(&ci, 0, sizeof(ci));
			if (waitid(P_PID, (id_t)pid, &ci, WEXITED | WNOHANG | WNOWAIT) < 0 ||
			    ci.si_pid == 0)
				continue;
			sample_all(m, on_sample, data, false);
			res->samples++;
			if (waitpid(pid, &wstatus, 0) == pid)
				done = true;
			continue;
		}
		if (info.si_code != SI_KERNEL)
			kill(pid, sig);
	}
	res->duration_s = now_s() - m->start_s;
	m->root = 0;
	sample_all(m, on_sample, data, true);	/* the counters' last word */
	res->samples++;
	/* the tree's CPU time, as the kernel accounts it once all is reaped */
	if (getrusage(RUSAGE_CHILDREN, &ru) == 0) {
		double cpu = (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec * 1e-6 +
			     (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec * 1e-6;
		size_t i;

		if (cpu > m->cpu_time_s) {
			for (i = 0; i < m->ndomains; i++)
				if (m->domains[i].kind == MEASURE_CPUTIME)
					m->domains[i].energy_j +=
						(cpu - m->cpu_time_s) * m->cfg.cpu_power_per_core_w;
			m->cpu_time_s = cpu;
		}
	}
	res->status = status_of(wstatus);
	read_exec_error(errpipe, argv[0], res);
	res->cpu_time_s = m->cpu_time_s;
	res->peak_rss_bytes = m->peak_rss_bytes;
	res->mlfit_cpu_s = self_cpu_s() - self0;
	sigprocmask(SIG_SETMASK, &oldmask, NULL);
	return 0;
}

/* ---- naming the host's devices ---- */

/*
 * Lowercase words of letters, digits and '+', one space apart, with a
 * space at each end, without "(R)", "(TM)" and the clock after '@':
 * "Intel(R) Xeon(R) Platinum 8380 CPU @ 2.30GHz" → " intel xeon platinum 8380 cpu ".
 * Matching whole words keeps "NVIDIA A10" from matching an "A100".
 */
static void
normalize(const char *in, char *out, size_t size)
{
	size_t n = 0;
	const char *p;

	if (size < 3)
		return;
	out[n++] = ' ';
	for (p = in; *p != '\0' && n + 2 < size; p++) {
		if (*p == '@')
			break;
		if (strncmp(p, "(R)", 3) == 0 || strncmp(p, "(r)", 3) == 0) {
			p += 2;
			continue;
		}
		if (strncmp(p, "(TM)", 4) == 0 || strncmp(p, "(tm)", 4) == 0) {
			p += 3;
			continue;
		}
		if (isalnum((unsigned char)*p) || *p == '+')
			out[n++] = (char)tolower((unsigned char)*p);
		else if (out[n - 1] != ' ')
			out[n++] = ' ';
	}
	if (out[n - 1] != ' ')
		out[n++] = ' ';
	out[n] = '\0';
}

const struct cat_device *
measure_match_device(const struct catalog *cat, enum device_kind kind, const char *reported)
{
	char want[256], have[256];
	const struct cat_device *best = NULL;
	size_t i, j, best_len = 0;

	if (reported == NULL || reported[0] == '\0')
		return NULL;
	normalize(reported, want, sizeof(want));
	for (i = 0; i < cat->ndevices; i++) {
		const struct cat_device *d = &cat->devices[i];

		if (d->kind != kind)
			continue;
		for (j = 0; j < d->aliases.n; j++) {
			size_t len;

			normalize(d->aliases.items[j], have, sizeof(have));
			len = strlen(have);
			if (len <= 2)
				continue;
			if (strcmp(want, have) == 0)
				return d;
			/* the longest alias whose words the reported name holds wins */
			if (strstr(want, have) != NULL && len > best_len) {
				best = d;
				best_len = len;
			}
		}
	}
	return best;
}

void
measure_host_cpu(const char *proc_root, char *model, size_t size, unsigned *ncpus)
{
	char path[512], line[512];
	FILE *f;
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	*ncpus = n > 0 ? (unsigned)n : 1;
	model[0] = '\0';
	snprintf(path, sizeof(path), "%s/cpuinfo", proc_root ? proc_root : "/proc");
	f = fopen(path, "r");
	if (f == NULL)
		return;
	while (fgets(line, sizeof(line), f) != NULL) {
		char *colon = strchr(line, ':');

		if (strncmp(line, "model name", 10) == 0 && colon != NULL) {
			char *v = colon + 1;
			size_t len;

			while (*v == ' ' || *v == '\t')
				v++;
			len = strcspn(v, "\n");
			snprintf(model, size, "%.*s", (int)len, v);
			break;
		}
	}
	fclose(f);
}

double
measure_host_ram_bytes(const char *proc_root)
{
	char path[512], line[256];
	double kb = 0;
	FILE *f;

	snprintf(path, sizeof(path), "%s/meminfo", proc_root ? proc_root : "/proc");
	f = fopen(path, "r");
	if (f == NULL)
		return 0;
	while (fgets(line, sizeof(line), f) != NULL)
		if (sscanf(line, "MemTotal: %lf kB", &kb) == 1)
			break;
	fclose(f);
	return kb * 1024;
}
