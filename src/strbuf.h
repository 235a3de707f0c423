/*
 * strbuf.h — a growable string (git's strbuf, minus most of it).
 *
 * Layer 0.  `buf` is never NULL and always NUL-terminated; after
 * strbuf_init() it points at a shared empty string, so an unused strbuf
 * costs nothing.  strbuf_detach() is the way to keep the text.
 */
#ifndef MLFIT_STRBUF_H
#define MLFIT_STRBUF_H

#include <stddef.h>

struct strbuf {
	char *buf;
	size_t len;
	size_t alloc;
};

#define STRBUF_INIT { strbuf_empty, 0, 0 }
extern char strbuf_empty[];

void strbuf_init(struct strbuf *sb);
void strbuf_release(struct strbuf *sb);
void strbuf_reset(struct strbuf *sb);
/* Returns the text (the caller frees it) and re-inits sb. */
char *strbuf_detach(struct strbuf *sb);
void strbuf_add(struct strbuf *sb, const char *data, size_t len);
void strbuf_addstr(struct strbuf *sb, const char *s);
void strbuf_addch(struct strbuf *sb, int c);
void strbuf_addf(struct strbuf *sb, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#endif
