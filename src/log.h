/*
 * log.h — warnings and debug notes from the core, sent to a sink that the
 * front end installs (jq's error callback).
 *
 * Layer 0.  With no sink installed, messages are dropped: the core never
 * writes to a stream of its own choosing.
 */
#ifndef MLFIT_LOG_H
#define MLFIT_LOG_H

enum log_level { LOG_WARN, LOG_INFO, LOG_DEBUG };

typedef void (*log_sink_fn)(enum log_level level, const char *msg, void *data);

void log_set_sink(log_sink_fn fn, void *data);
void log_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_debug(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
