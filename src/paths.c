/*
 * paths.c — where mlfit finds its catalog and data.
 *
 * The binary in the build tree uses the source tree's files (so ./mlfit
 * works right after make, with no flags), an installed binary uses the
 * package data directory, and MLFIT_DATADIR overrides both.  "In the build
 * tree" is decided by where the running executable is, not by what exists
 * on disk, so that an installed mlfit never picks up a stale build tree.
 */
#include "config.h"

#include <dirent.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"
#include "strutil.h"
#include "xalloc.h"

static bool
same_dir(const char *a, const char *b)
{
	char ra[PATH_MAX], rb[PATH_MAX];

	if (realpath(a, ra) == NULL || realpath(b, rb) == NULL)
		return false;
	return strcmp(ra, rb) == 0;
}

static bool
running_from_build_tree(void)
{
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	char *slash;

	if (n <= 0)
		return false;
	exe[n] = '\0';
	slash = strrchr(exe, '/');
	if (slash == NULL)
		return false;
	*slash = '\0';
	return same_dir(exe, MLFIT_BUILDDIR);
}

const char *
paths_datadir(void)
{
	const char *env = getenv("MLFIT_DATADIR");

	if (env != NULL && env[0] != '\0')
		return env;
	if (running_from_build_tree())
		return MLFIT_SRCDIR;
	return MLFIT_PKGDATADIR;
}

static int
by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

size_t
paths_list_xml(const char *dir, char ***out)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char **names = NULL;
	size_t n = 0, cap = 0;

	*out = NULL;
	if (d == NULL)
		return 0;
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.' || !str_has_suffix(e->d_name, ".xml"))
			continue;
		XGROW(names, cap, n + 1);
		names[n++] = xasprintf("%s/%s", dir, e->d_name);
	}
	closedir(d);
	if (n > 0)
		qsort(names, n, sizeof(*names), by_name);
	*out = names;
	return n;
}

char *
paths_user_dir(void)
{
	const char *xdg = getenv("XDG_DATA_HOME");
	const char *home = getenv("HOME");

	if (xdg != NULL && xdg[0] == '/')
		return xasprintf("%s/mlfit", xdg);
	if (home != NULL && home[0] != '\0')
		return xasprintf("%s/.local/share/mlfit", home);
	return NULL;
}
