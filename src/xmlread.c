/*
 * xmlread.c — see xmlread.h.
 *
 * We read the file ourselves rather than letting libxml2 open it: that is
 * where the size cap and the DOCTYPE check live, and it keeps libxml2's I/O
 * layer (with its URL handlers) out of the picture entirely.
 */
#include "config.h"

#include "xmlread.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libxml/parser.h>
#include <libxml/relaxng.h>
#include <libxml/xmlerror.h>

#include "strbuf.h"
#include "xalloc.h"

/*
 * A schema is read once per process and compiled only when a file needs
 * checking against it (compiling model.rng alone costs more than parsing
 * the whole catalog); the list below keeps every one read, by path.
 */
struct xmlread_schema {
	char *path;
	char *bytes;		/* what was read, until compiled */
	size_t len;
	const char *shipped_as;	/* the shipped schema with these very bytes, or NULL */
	xmlRelaxNGPtr rng;
	char *compile_error;	/* why it did not compile, said again to each later file */
	struct xmlread_schema *next;
};

static struct xmlread_schema *schemas;

static void
silent(void *ctx, const char *msg, ...)
{
	(void)ctx;
	(void)msg;
}

/* libxml2 must never print on its own; called before any parse. */
static void
quiet_libxml(void)
{
	static bool done;

	if (done)
		return;
	xmlSetGenericErrorFunc(NULL, silent);
	xmlSetStructuredErrorFunc(NULL, NULL);
	done = true;
}

/*
 * Copies libxml2's message as one line: without its trailing newline, and
 * with the lines some messages continue on (a context line, a caret)
 * folded in after "; ", since mlfit prints one line per error.
 */
static void
clean_message(const char *in, char *out, size_t size)
{
	const char *p = in != NULL ? in : "unknown error";
	size_t n = 0;

	if (size == 0)
		return;
	while (*p != '\0' && n + 1 < size) {
		if (*p == '\n' || *p == '\r') {
			while (*p == '\n' || *p == '\r' || *p == ' ')
				p++;
			if (*p != '\0' && n + 3 < size) {
				out[n++] = ';';
				out[n++] = ' ';
			}
			continue;
		}
		out[n++] = *p++;
	}
	while (n > 0 && out[n - 1] == ' ')
		n--;
	out[n] = '\0';
}

/*
 * Reads the whole file into a malloc'ed buffer: one read() of the size
 * fstat() gives, for a regular file, then until EOF, doubling the buffer
 * (for pipes and files that grow while read).
 */
static int
read_capped(const char *path, size_t max_bytes, char **out, size_t *len, struct mlf_err *err)
{
	struct stat st;
	size_t n = 0, cap = 65536;
	char *buf;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return mlf_err_set(err, MLF_E_DATA, "%s: cannot open: %s", path, strerror(errno));
	if (fstat(fd, &st) != 0)
		st.st_mode = 0;	/* read it as a stream */
	if (S_ISDIR(st.st_mode)) {
		close(fd);
		return mlf_err_set(err, MLF_E_DATA, "%s: is a directory", path);
	}
	if (S_ISREG(st.st_mode) && (size_t)st.st_size > max_bytes) {
		close(fd);
		return mlf_err_set(err, MLF_E_DATA,
				   "%s: file is too large (%lld bytes; the limit is %zu)",
				   path, (long long)st.st_size, max_bytes);
	}
	if (S_ISREG(st.st_mode))
		cap = (size_t)st.st_size + 1;	/* the one byte more sees EOF */
	buf = xmalloc(cap + 1);
	for (;;) {
		ssize_t got;

		if (n == cap) {
			cap *= 2;
			buf = xreallocarray(buf, cap + 1, 1);
		}
		got = read(fd, buf + n, cap - n);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0) {
			int e = errno;

			close(fd);
			free(buf);
			return mlf_err_set(err, MLF_E_DATA, "%s: cannot read: %s", path, strerror(e));
		}
		if (got == 0)
			break;
		if (n + (size_t)got > max_bytes) {
			close(fd);
			free(buf);
			return mlf_err_set(err, MLF_E_DATA,
					   "%s: file is too large (the limit is %zu bytes)",
					   path, max_bytes);
		}
		n += (size_t)got;
	}
	close(fd);
	buf[n] = '\0';
	*len = n;
	*out = buf;
	return 0;
}

static int
line_of(const char *buf, size_t upto)
{
	int line = 1;
	size_t i;

	for (i = 0; i < upto; i++)
		line += buf[i] == '\n';
	return line;
}

/* Refuses what we never accept, before libxml2 sees a byte of it. */
static int
check_raw(const char *path, const char *buf, size_t len, struct mlf_err *err)
{
	const char *p;

	if (len == 0)
		return mlf_err_set(err, MLF_E_DATA, "%s: file is empty", path);
	if (len >= 2 && ((buf[0] == '\xff' && buf[1] == '\xfe') ||
			 (buf[0] == '\xfe' && buf[1] == '\xff')))
		return mlf_err_set(err, MLF_E_DATA, "%s:1: file is UTF-16; mlfit reads UTF-8 XML", path);
	p = memchr(buf, '\0', len);
	if (p != NULL)
		return mlf_err_set(err, MLF_E_DATA, "%s:%d: NUL byte in XML text",
				   path, line_of(buf, (size_t)(p - buf)));
	for (p = buf; (p = memchr(p, '<', len - (size_t)(p - buf))) != NULL; p++) {
		size_t rest = len - (size_t)(p - buf);

		if (rest >= 9 && memcmp(p, "<!DOCTYPE", 9) == 0)
			return mlf_err_set(err, MLF_E_DATA,
					   "%s:%d: DOCTYPE declarations are not allowed "
					   "(mlfit files use no DTD and no entities)",
					   path, line_of(buf, (size_t)(p - buf)));
		if (rest >= 8 && memcmp(p, "<!ENTITY", 8) == 0)
			return mlf_err_set(err, MLF_E_DATA, "%s:%d: entity declarations are not allowed",
					   path, line_of(buf, (size_t)(p - buf)));
	}
	return 0;
}

static const int parse_options = XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING |
				 XML_PARSE_NOBLANKS | XML_PARSE_BIG_LINES | XML_PARSE_NOCDATA;

/* Reads path whole, refusing what check_raw() refuses. */
static int
read_checked(const char *path, size_t max_bytes, char **buf, size_t *len, struct mlf_err *err)
{
	quiet_libxml();
	if (read_capped(path, max_bytes, buf, len, err) < 0)
		return -1;
	if (check_raw(path, *buf, *len, err) < 0) {
		free(*buf);
		*buf = NULL;
		return -1;
	}
	return 0;
}

static xmlDoc *
parse_bytes(const char *path, const char *buf, size_t len, struct mlf_err *err)
{
	xmlDoc *doc;

	xmlResetLastError();
	/*
	 * No base URL: messages carry our path anyway, and with one libxml2
	 * 2.9's error reporting walks back through every earlier sibling
	 * (looking for an XInclude start) on each error, so a file with 40,000
	 * schema errors took minutes.
	 */
	doc = xmlReadMemory(buf, (int)len, NULL, "UTF-8", parse_options);
	if (doc == NULL || xmlDocGetRootElement(doc) == NULL) {
		const xmlError *e = xmlGetLastError();
		char msg[512];

		clean_message(e != NULL ? e->message : "no root element", msg, sizeof(msg));
		mlf_err_set(err, MLF_E_DATA, "%s:%d: malformed XML: %s", path,
			    e != NULL && e->line > 0 ? e->line : 1, msg);
		if (doc != NULL)
			xmlFreeDoc(doc);
		return NULL;
	}
	return doc;
}

xmlDoc *
xmlread_file_digest(const char *path, size_t max_bytes, struct digest *digest,
		    struct mlf_err *err)
{
	char *buf = NULL;
	size_t len = 0;
	xmlDoc *doc;

	if (read_checked(path, max_bytes, &buf, &len, err) < 0)
		return NULL;
	if (digest != NULL)
		*digest = digest_of(buf, len);
	doc = parse_bytes(path, buf, len, err);
	free(buf);
	return doc;
}

xmlDoc *
xmlread_file(const char *path, size_t max_bytes, struct mlf_err *err)
{
	return xmlread_file_digest(path, max_bytes, NULL, err);
}

struct schema_problem {
	int line;
	char msg[512];
};

struct schema_errors {
	struct xmlread_schema *schema;
	const xmlDoc *doc;
	const char *path;
	struct schema_problem *problems;
	size_t n, cap;
	xmlread_problem_fn fn;
	void *data;
};

/* libxml2 2.12 made the structured-error argument const. */
#if LIBXML_VERSION >= 21200
#define XMLREAD_ERROR_ARG const xmlError *
#else
#define XMLREAD_ERROR_ARG xmlError *
#endif

/* Collected first and reported after validation: see report_problems(). */
static void
on_schema_error(void *data, XMLREAD_ERROR_ARG e)
{
	struct schema_errors *se = data;
	struct schema_problem *p;
	long line = e->line > 0 ? e->line : (e->node ? xmlGetLineNo(e->node) : 0);

	XGROW(se->problems, se->cap, se->n + 1);
	p = &se->problems[se->n++];
	p->line = line > 0 && line < 0x7fffffff ? (int)line : 0;
	clean_message(e->message, p->msg, sizeof(p->msg));
	/* house style: messages start in lower case */
	if (p->msg[0] >= 'A' && p->msg[0] <= 'Z' && !(p->msg[1] >= 'A' && p->msg[1] <= 'Z'))
		p->msg[0] = (char)(p->msg[0] - 'A' + 'a');
}

/*
 * RELAX NG's wording speaks of its algorithm ("invalid sequence in
 * interleave"); these say what is wrong with the file.  %1 and %2 are the
 * names libxml2 puts where the pattern has "%s".  A pattern marked
 * follow_on only restates, at an enclosing element, a problem already
 * reported inside it, and is dropped after the first.
 */
struct rng_wording {
	const char *pattern;	/* libxml2's message, with %s for a name */
	const char *wording;	/* ours, with %1 and %2 for those names */
	bool follow_on;
};

static const struct rng_wording rng_wordings[] = {
	{ "extra element %s in interleave",
	  "<%1> is not allowed here, is given twice, or has a value the schema does not allow",
	  false },
	{ "expecting an element %s, got nothing", "a <%1> element is required here", false },
	{ "invalid attribute %s for element %s",
	  "<%2>: attribute %1 is not allowed, or its value is not valid", false },
	{ "element %s failed to validate attributes",
	  "<%1>: an attribute is missing, unknown, or has a value that is not valid", false },
	{ "element %s has extra content: %s", "<%1>: unexpected content '%2'", false },
	{ "element %s failed to validate content",
	  "<%1>: its elements do not match the schema (one is missing, misplaced or invalid)",
	  true },
	{ "invalid sequence in interleave",
	  "the elements here do not match the schema (one is missing, misplaced or invalid)",
	  true },
	{ "expecting an element, got nothing", "an element is missing here", true },
	{ "did not expect element %s there", "<%1> is not allowed here", false },
	{ "expecting element %s, got %s", "expected <%1> here, not <%2>", false },
};

/* Matches msg against a pattern whose %s stand for one name each (no blanks). */
static bool
match_wording(const char *pattern, const char *msg, char names[2][128])
{
	size_t k = 0;

	while (*pattern != '\0') {
		if (pattern[0] == '%' && pattern[1] == 's') {
			/* a name ends at a blank or at the pattern's next character */
			char stop[3] = { ' ', pattern[2], '\0' };
			size_t len = strcspn(msg, stop);

			if (len == 0 || k == 2 || len >= sizeof(names[0]))
				return false;
			memcpy(names[k], msg, len);
			names[k++][len] = '\0';
			msg += len;
			pattern += 2;
		} else if (*pattern++ != *msg++) {
			return false;
		}
	}
	return *msg == '\0';
}

/*
 * The line of the first <name> child of an element on line parent_line:
 * libxml2 names the element it did not expect in an interleave but gives
 * only its parent's line.  0 if there is none.
 */
static int
child_line(const xmlNode *n, int parent_line, const char *name)
{
	for (; n != NULL; n = n->next) {
		const xmlNode *c;
		int line;

		if (n->type != XML_ELEMENT_NODE)
			continue;
		if (xmlGetLineNo(n) == parent_line)
			for (c = n->children; c != NULL; c = c->next)
				if (c->type == XML_ELEMENT_NODE && strcmp((const char *)c->name, name) == 0)
					return (int)xmlGetLineNo(c);
		if ((line = child_line(n->children, parent_line, name)) > 0)
			return line;
	}
	return 0;
}

/* Rewrites msg in the user's terms; returns whether it only restates another. */
static bool
translate(char *msg, size_t size)
{
	char names[2][128], out[512];
	size_t i, n;
	const char *w;

	for (i = 0; i < sizeof(rng_wordings) / sizeof(rng_wordings[0]); i++) {
		if (!match_wording(rng_wordings[i].pattern, msg, names))
			continue;
		for (w = rng_wordings[i].wording, n = 0; *w != '\0' && n + 1 < sizeof(out); w++) {
			if (w[0] == '%' && (w[1] == '1' || w[1] == '2')) {
				n += (size_t)snprintf(out + n, sizeof(out) - n, "%s", names[w[1] - '1']);
				if (n >= sizeof(out))
					n = sizeof(out) - 1;
				w++;
			} else {
				out[n++] = *w;
			}
		}
		out[n] = '\0';
		snprintf(msg, size, "%s", out);
		return rng_wordings[i].follow_on;
	}
	return false;
}

/*
 * Reports what validation found: each problem in the user's terms, without
 * the restatements that libxml2 adds at every enclosing element (those are
 * kept only when nothing else was said), and with a problem that libxml2
 * gave no line taking the line of the element the next one is about.
 * Returns how many were reported; the first goes into err.
 */
static int
report_problems(struct schema_errors *se, struct mlf_err *err)
{
	size_t i, j, kept = 0;

	for (i = 0; i < se->n; i++) {
		struct schema_problem *p = &se->problems[i];
		char names[2][128];
		bool extra = match_wording("extra element %s in interleave", p->msg, names);
		bool follow_on = translate(p->msg, sizeof(p->msg));

		for (j = i + 1; p->line == 0 && j < se->n; j++)
			p->line = se->problems[j].line;
		/* the unexpected child's own line, rather than its parent's (first problems only) */
		if (extra && p->line > 0 && kept < 100) {
			int line = child_line(xmlDocGetRootElement(se->doc), p->line, names[0]);

			p->line = line > 0 ? line : p->line;
		}
		if (follow_on && kept > 0)
			continue;
		if (kept++ == 0)
			mlf_err_set(err, MLF_E_DATA, "%s:%d: %s", se->path, p->line > 0 ? p->line : 1,
				    p->msg);
		if (se->fn != NULL)
			se->fn(se->path, p->line > 0 ? p->line : 1, p->msg, se->data);
	}
	return (int)kept;
}

struct xmlread_schema *
xmlread_schema_load(const char *path, struct mlf_err *err)
{
	struct xmlread_schema *s;
	struct digest d;

	for (s = schemas; s != NULL; s = s->next)
		if (strcmp(s->path, path) == 0)
			return s;
	s = xcalloc(1, sizeof(*s));
	if (read_checked(path, XMLREAD_MAX_BYTES, &s->bytes, &s->len, err) < 0) {
		free(s);
		return NULL;
	}
	d = digest_of(s->bytes, s->len);
	s->shipped_as = digest_shipped_schema(&d);
	s->path = xstrdup(path);
	s->next = schemas;
	schemas = s;
	return s;
}

/* Compiles the bytes read; NULL with err if they are not a usable schema. */
static xmlRelaxNGPtr
compile(const struct xmlread_schema *s, struct mlf_err *err)
{
	xmlRelaxNGParserCtxtPtr pctx;
	xmlRelaxNGPtr rng;
	xmlDoc *doc = parse_bytes(s->path, s->bytes, s->len, err);

	if (doc == NULL)
		return NULL;
	pctx = xmlRelaxNGNewDocParserCtxt(doc);
	xmlRelaxNGSetParserStructuredErrors(pctx, NULL, NULL);
	xmlRelaxNGSetParserErrors(pctx, silent, silent, NULL);
	rng = xmlRelaxNGParse(pctx);
	xmlRelaxNGFreeParserCtxt(pctx);
	xmlFreeDoc(doc);
	if (rng == NULL)
		mlf_err_set(err, MLF_E_DATA, "%s: not a valid RELAX NG schema", s->path);
	return rng;
}

int
xmlread_schema_compile(struct xmlread_schema *s, struct mlf_err *err)
{
	if (s->rng != NULL)
		return 0;
	if (s->compile_error != NULL)
		return mlf_err_set(err, MLF_E_DATA, "%s", s->compile_error);
	s->rng = compile(s, err);
	free(s->bytes);
	s->bytes = NULL;
	if (s->rng == NULL) {
		s->compile_error = xstrdup(err->msg);
		return -1;
	}
	return 0;
}

bool
xmlread_schema_vouches(const struct xmlread_schema *s, const struct digest *d)
{
	return s->shipped_as != NULL && digest_shipped_file(s->shipped_as, d);
}

int
xmlread_validate(xmlDoc *doc, struct xmlread_schema *schema, const char *path,
		 xmlread_problem_fn fn, void *data, struct mlf_err *err)
{
	struct schema_errors se = { .schema = schema, .doc = doc, .path = path, .fn = fn,
				    .data = data };
	xmlRelaxNGValidCtxtPtr vctx;
	int count;

	if (xmlread_schema_compile(schema, err) < 0)
		return 1;
	vctx = xmlRelaxNGNewValidCtxt(schema->rng);
	xmlRelaxNGSetValidStructuredErrors(vctx, on_schema_error, &se);
	if (xmlRelaxNGValidateDoc(vctx, doc) != 0 && se.n == 0) {
		XGROW(se.problems, se.cap, 1);
		se.problems[0].line = 1;
		snprintf(se.problems[0].msg, sizeof(se.problems[0].msg),
			 "document does not match the schema");
		se.n = 1;
	}
	xmlRelaxNGFreeValidCtxt(vctx);
	count = report_problems(&se, err);
	free(se.problems);
	return count;
}

int
xmlread_line(const xmlNode *node)
{
	long line = xmlGetLineNo(node);

	return line > 0 && line < 0x7fffffff ? (int)line : 0;
}

bool
xmlread_is(const xmlNode *node, const char *name)
{
	/* the first byte settles most of the loaders' chains of tests */
	return node->type == XML_ELEMENT_NODE && node->name[0] == (xmlChar)name[0] &&
	       strcmp((const char *)node->name, name) == 0;
}

const char *
xmlread_attr(const xmlNode *node, const char *name)
{
	const xmlAttr *a;

	for (a = node->properties; a != NULL; a = a->next) {
		if (a->name[0] == (xmlChar)name[0] && strcmp((const char *)a->name, name) == 0) {
			if (a->children == NULL)
				return "";
			return (const char *)a->children->content;
		}
	}
	return NULL;
}

static bool
is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static bool
is_text(const xmlNode *c)
{
	return (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) && c->content;
}

/*
 * The one text child of node when it has no other child (nearly every
 * element: "700 W"), so that the common case reads the tree's own string
 * rather than gathering a copy; NULL otherwise.
 */
static const char *
sole_text(const xmlNode *node)
{
	const xmlNode *c = node->children;

	if (c == NULL)
		return "";
	if (c->next == NULL && is_text(c))
		return (const char *)c->content;
	return NULL;
}

/* All text and CDATA children of node, concatenated. */
static void
gather(const xmlNode *node, struct strbuf *sb)
{
	const xmlNode *c;

	for (c = node->children; c != NULL; c = c->next)
		if (is_text(c))
			strbuf_addstr(sb, (const char *)c->content);
}

/* The bounds of s without blanks at its ends. */
static const char *
trimmed(const char *s, size_t len, size_t *out_len)
{
	while (len > 0 && is_blank(*s)) {
		s++;
		len--;
	}
	while (len > 0 && is_blank(s[len - 1]))
		len--;
	*out_len = len;
	return s;
}

/* Calls fn with node's whole text, trimmed; borrowed, valid during the call. */
static void *
with_text(const xmlNode *node, void *(*fn)(const char *, size_t, void *), void *data)
{
	const char *sole = sole_text(node), *t;
	struct strbuf sb = STRBUF_INIT;
	size_t len;
	void *res;

	if (sole != NULL) {
		t = trimmed(sole, strlen(sole), &len);
		return fn(t, len, data);
	}
	gather(node, &sb);
	t = trimmed(sb.len ? sb.buf : "", sb.len, &len);
	res = fn(t, len, data);
	strbuf_release(&sb);
	return res;
}

static void *
dup_malloc(const char *t, size_t len, void *data)
{
	(void)data;
	return xstrndup(t, len);
}

char *
xmlread_text_alloc(const xmlNode *node)
{
	return with_text(node, dup_malloc, NULL);
}

struct text_buf {
	char *buf;
	size_t size;
};

static void *
copy_if_fits(const char *t, size_t len, void *data)
{
	struct text_buf *tb = data;
	bool fits = len < tb->size;

	if (tb->size > 0) {
		memcpy(tb->buf, t, fits ? len : 0);
		tb->buf[fits ? len : 0] = '\0';
	}
	return fits ? tb->buf : NULL;
}

char *
xmlread_text(const xmlNode *node, char *buf, size_t size)
{
	struct text_buf tb = { buf, size };

	return with_text(node, copy_if_fits, &tb);
}

/* Copies t with runs of blanks collapsed to one space into the arena. */
static void *
collapse_into_arena(const char *t, size_t len, void *data)
{
	char *out = arena_alloc(data, len + 1);
	size_t i, n = 0;

	for (i = 0; i < len; i++) {
		if (!is_blank(t[i]))
			out[n++] = t[i];
		else if (!is_blank(t[i - 1]))	/* t is trimmed: i > 0 here */
			out[n++] = ' ';
	}
	out[n] = '\0';
	return out;
}

/*
 * The text of an element with runs of blanks collapsed to one space:
 * citations and notes are wrapped in the XML for reading, not for output.
 */
char *
xmlread_text_dup(const xmlNode *node, struct arena *arena)
{
	return with_text(node, collapse_into_arena, arena);
}

xmlNode *
xmlread_first(const xmlNode *node)
{
	xmlNode *c;

	for (c = node->children; c != NULL; c = c->next)
		if (c->type == XML_ELEMENT_NODE)
			return c;
	return NULL;
}

xmlNode *
xmlread_next(const xmlNode *node)
{
	xmlNode *c;

	for (c = node->next; c != NULL; c = c->next)
		if (c->type == XML_ELEMENT_NODE)
			return c;
	return NULL;
}
