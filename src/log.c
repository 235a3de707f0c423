/*
 * log.c — see log.h.
 */
#include "config.h"

#include "log.h"

#include <stdarg.h>
#include <stdio.h>

static log_sink_fn sink;
static void *sink_data;

void
log_set_sink(log_sink_fn fn, void *data)
{
	sink = fn;
	sink_data = data;
}

static void
emit(enum log_level level, const char *fmt, va_list ap)
{
	char msg[1024];

	if (sink == NULL)
		return;
	vsnprintf(msg, sizeof(msg), fmt, ap);
	sink(level, msg, sink_data);
}

#define DEFINE_LOG(fn, level)                   \
	void fn(const char *fmt, ...)           \
	{                                       \
		va_list ap;                     \
		va_start(ap, fmt);              \
		emit(level, fmt, ap);           \
		va_end(ap);                     \
	}

DEFINE_LOG(log_warn, LOG_WARN)
DEFINE_LOG(log_info, LOG_INFO)
DEFINE_LOG(log_debug, LOG_DEBUG)
