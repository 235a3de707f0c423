/*
 * xmlread.h — the one door to libxml2, for the XML loaders only.
 *
 * Layer 2.  Only *_xml.c files include this header (tests/check-layers.sh
 * enforces it); libxml2 pointers never leave those files.
 *
 * Reading is defensive: files larger than a cap are refused before they are
 * read; documents with a DOCTYPE (and so entity declarations) are refused
 * before they are parsed, which rules out external entities and
 * entity-expansion bombs; the parser never touches the network
 * (XML_PARSE_NONET) and never prints (XML_PARSE_NOERROR).  Every message
 * starts with "file:line: ".
 */
#ifndef MLFIT_XMLREAD_H
#define MLFIT_XMLREAD_H

#include <stdbool.h>
#include <stddef.h>

#include <libxml/tree.h>

#include "arena.h"
#include "digest.h"
#include "err.h"
#include "units.h"

#define XMLREAD_MAX_BYTES (16u << 20)

/* Called for each problem found while validating; collects diagnostics. */
typedef void (*xmlread_problem_fn)(const char *file, int line, const char *msg, void *data);

struct xmlread_schema;

/*
 * The schema at path, read once per process (later calls with the same
 * path return the same one, kept until exit); NULL with err (MLF_E_DATA)
 * if it cannot be read.  It is compiled only when a file
 * needs checking against it.
 */
struct xmlread_schema *xmlread_schema_load(const char *path, struct mlf_err *err);
/* Compiles it now if it is not yet; -1 with err: "path: not a valid RELAX NG schema". */
int xmlread_schema_compile(struct xmlread_schema *schema, struct mlf_err *err);
/*
 * Whether a file with this digest is byte for byte one that `make check`
 * validated against a schema byte for byte this one (digest.h): checking
 * it again would find nothing.
 */
bool xmlread_schema_vouches(const struct xmlread_schema *schema, const struct digest *digest);

/*
 * Reads and parses `path` (at most max_bytes).  Returns the document (free
 * it with xmlFreeDoc), or NULL with err: "path:line: malformed XML: …",
 * "path: file is too large …", "path: DOCTYPE declarations are not allowed".
 */
xmlDoc *xmlread_file(const char *path, size_t max_bytes, struct mlf_err *err);
/* The same, and the digest of the bytes read (no second read). */
xmlDoc *xmlread_file_digest(const char *path, size_t max_bytes, struct digest *digest,
			    struct mlf_err *err);

/*
 * Validates doc against schema (compiling it first if need be).  Each
 * problem goes to fn (which may be NULL); returns the number of problems,
 * and fills err with the first; a schema that does not compile counts as
 * one problem, not passed to fn.
 */
int xmlread_validate(xmlDoc *doc, struct xmlread_schema *schema, const char *path,
		     xmlread_problem_fn fn, void *data, struct mlf_err *err);

int xmlread_line(const xmlNode *node);
bool xmlread_is(const xmlNode *node, const char *name);
/* The value of an attribute (borrowed from the tree), or NULL. */
const char *xmlread_attr(const xmlNode *node, const char *name);
/*
 * The text content of an element with surrounding blanks removed, copied
 * into buf; returns buf, or NULL (with buf empty) if the text does not fit:
 * text is never cut short, since "700 W" + blanks + junk must not read as
 * 700 W.  Prefer xmlread_text_alloc(), which has no limit.
 */
char *xmlread_text(const xmlNode *node, char *buf, size_t size);
/* The same, whole, in a malloc'ed string that the caller frees. */
char *xmlread_text_alloc(const xmlNode *node) __attribute__((malloc, returns_nonnull));
/* The same, trimmed, copied whole into the arena. */
char *xmlread_text_dup(const xmlNode *node, struct arena *arena);
/* The first element child, and the next element sibling. */
xmlNode *xmlread_first(const xmlNode *node);
xmlNode *xmlread_next(const xmlNode *node);

#endif
