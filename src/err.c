/*
 * err.c — filling struct mlf_err.  Truncation of an over-long message is
 * harmless (the message is for people), so vsnprintf's result is ignored.
 */
#include "config.h"

#include "err.h"

#include <stdio.h>
#include <string.h>

void
mlf_err_init(struct mlf_err *err)
{
	if (err == NULL)
		return;
	err->code = MLF_OK;
	err->msg[0] = '\0';
}

int
mlf_err_vset(struct mlf_err *err, enum mlf_errcode code, const char *fmt, va_list ap)
{
	if (err == NULL)
		return -1;
	err->code = code;
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	return -1;
}

int
mlf_err_set(struct mlf_err *err, enum mlf_errcode code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	mlf_err_vset(err, code, fmt, ap);
	va_end(ap);
	return -1;
}

int
mlf_err_prefix(struct mlf_err *err, const char *fmt, ...)
{
	char prefix[MLF_ERR_MSG_MAX], old[MLF_ERR_MSG_MAX];
	va_list ap;

	if (err == NULL)
		return -1;
	va_start(ap, fmt);
	vsnprintf(prefix, sizeof(prefix), fmt, ap);
	va_end(ap);
	memcpy(old, err->msg, sizeof(old));
	/* concatenate by hand: truncating a long message is fine */
	{
		size_t lp = strnlen(prefix, sizeof(err->msg) - 3), lo;

		memcpy(err->msg, prefix, lp);
		memcpy(err->msg + lp, ": ", 2);
		lo = strnlen(old, sizeof(err->msg) - lp - 3);
		memcpy(err->msg + lp + 2, old, lo);
		err->msg[lp + 2 + lo] = '\0';
	}
	return -1;
}
