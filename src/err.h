/*
 * err.h — error reports that the core hands to the front ends.
 *
 * Layer 0.  A fallible function takes `struct mlf_err *err` last and returns
 * -1 (or NULL) after filling it; the caller either propagates it untouched or
 * handles it.  Nothing below the front ends prints an error: the CLI prints
 * "mlfit: <msg>" and the TUI shows it in its status line.  Messages follow
 * git's rule: lowercase, no final period, quoted input, "file:line: " first
 * where a file is involved.
 *
 * The codes map one-to-one onto mlfit's exit statuses (mlfit(1), EXIT STATUS).
 */
#ifndef MLFIT_ERR_H
#define MLFIT_ERR_H

#include <stdarg.h>

enum mlf_errcode {
	MLF_OK = 0,
	MLF_E_INFEASIBLE = 1,	/* no placement meets the constraints */
	MLF_E_USAGE = 2,	/* bad command line */
	MLF_E_DATA = 3,		/* bad input or data file */
	MLF_E_SOLVER = 4,	/* the solver failed */
	MLF_E_INTERNAL = 5	/* a bug, or the system failed us */
};

#define MLF_ERR_MSG_MAX 1024

struct mlf_err {
	enum mlf_errcode code;
	char msg[MLF_ERR_MSG_MAX];
};

/* Clears err to MLF_OK and an empty message.  err may be NULL. */
void mlf_err_init(struct mlf_err *err);

/*
 * Records code and a printf-style message in err (which may be NULL, then
 * nothing is recorded).  Always returns -1 so that callers can write
 * `return mlf_err_set(err, MLF_E_DATA, "…");`.
 */
int mlf_err_set(struct mlf_err *err, enum mlf_errcode code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
int mlf_err_vset(struct mlf_err *err, enum mlf_errcode code, const char *fmt,
		 va_list ap) __attribute__((format(printf, 3, 0)));

/*
 * Puts "prefix: " in front of the message already in err, keeping its code,
 * e.g. to add the file name to a units error.  Returns -1.
 */
int mlf_err_prefix(struct mlf_err *err, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#endif
