/*
 * plan_xml.c — reading a workloads file (data/workloads.rng) into a
 * struct plan_spec.
 *
 * The schema settles the structure; this file checks what it cannot:
 * quantities with their units and ranges, duplicate workload ids, unknown
 * precisions, a training job that says neither its model nor its FLOPs.
 * The first problem is reported as "file:line: message" and the file is
 * rejected: a plan built on half a portfolio would mislead.
 */
#include "config.h"

#include "plan.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "strutil.h"
#include "xalloc.h"
#include "xmlread.h"

/* Sanity limits: beyond them a number is a mistake, not a workload. */
#define MAX_RUNS 100000u
#define MAX_HORIZON_S (100 * UNITS_YEAR)

struct px {
	struct plan_spec *spec;
	const char *file;
	struct mlf_err *err;
	struct str_index ids;	/* workload id → index, so duplicate checks stay linear */
	struct digest digest;	/* of the file's bytes, against the shipped ones */
};

static int __attribute__((format(printf, 3, 4)))
fail(struct px *x, const xmlNode *node, const char *fmt, ...)
{
	char msg[MLF_ERR_MSG_MAX - 64];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return mlf_err_set(x->err, MLF_E_DATA, "%s:%d: %s", x->file, node ? xmlread_line(node) : 0,
			   msg);
}

/* An optional quantity attribute; *out untouched when absent.  Must be > 0. */
static int
quantity(struct px *x, const xmlNode *node, const char *what, const char *attr, enum unit_dim dim,
	 const char *default_unit, double *out)
{
	const char *text = xmlread_attr(node, attr);
	struct mlf_err uerr;
	double v;

	if (text == NULL)
		return 0;
	if (units_parse(text, dim, default_unit, &v, &uerr) < 0)
		return fail(x, node, "%s: %s: %s", what, attr, uerr.msg);
	if (!(v > 0))
		return fail(x, node, "%s: %s must be positive, not '%s'", what, attr, text);
	*out = v;
	return 0;
}

static int
count_attr(struct px *x, const xmlNode *node, const char *what, const char *attr, unsigned max,
	   unsigned *out)
{
	double v = 0;

	if (quantity(x, node, what, attr, DIM_NONE, NULL, &v) < 0)
		return -1;
	if (v == 0)
		return 0;
	/* the range first: casting 1e300 to unsigned is undefined */
	if (v > max || v != floor(v))
		return fail(x, node, "%s: %s must be a whole number from 1 to %u", what, attr, max);
	*out = (unsigned)v;
	return 0;
}

static int
read_root(struct px *x, const xmlNode *root)
{
	struct plan_spec *s = x->spec;
	const char *obj = xmlread_attr(root, "objective");

	if (quantity(x, root, "workloads", "horizon", DIM_TIME, NULL, &s->horizon_s) < 0 ||
	    quantity(x, root, "workloads", "budget", DIM_MONEY, "USD", &s->budget_usd) < 0 ||
	    quantity(x, root, "workloads", "max-utilisation", DIM_NONE, NULL,
		     &s->max_utilisation) < 0)
		return -1;
	if (s->horizon_s > MAX_HORIZON_S)
		return fail(x, root, "workloads: a horizon of more than 100 years is a mistake");
	if (s->max_utilisation > 1)
		return fail(x, root, "workloads: max-utilisation must be at most 1 (100 %%)");
	s->objective = obj != NULL ? optimize_metric_parse(obj) : -1;
	return 0;
}

/* A model file is resolved against the workloads file's directory. */
static const char *
model_path(struct px *x, const char *model)
{
	const char *slash = strrchr(x->file, '/');
	char *path;

	if (model == NULL || !(strchr(model, '/') || str_has_suffix(model, ".xml") ||
			       str_has_suffix(model, ".onnx")))
		return NULL;
	if (model[0] == '/' || slash == NULL)
		return arena_strdup(&x->spec->arena, model);
	path = xasprintf("%.*s/%s", (int)(slash - x->file), x->file, model);
	model = arena_strdup(&x->spec->arena, path);
	free(path);
	return model;
}

static int
read_common(struct px *x, const xmlNode *node, struct plan_workload *pw, char *what, size_t size)
{
	const char *id = xmlread_attr(node, "id"), *prec = xmlread_attr(node, "precision");
	const char *model = xmlread_attr(node, "model");
	unsigned batch = 0;
	size_t i;
	int p;

	snprintf(what, size, "%s '%s'", (const char *)node->name, id ? id : "");
	pw->id = arena_strdup(&x->spec->arena, id ? id : "");
	if (!str_index_put(&x->ids, pw->id, x->spec->n, &i))
		return fail(x, node, "%s: the id is already used at line %d", what,
			    x->spec->workloads[i].line);
	pw->line = xmlread_line(node);
	pw->model = model ? arena_strdup(&x->spec->arena, model) : NULL;
	pw->model_path = model_path(x, model);
	pw->w.precision = PREC_BF16;
	if (prec != NULL) {
		if ((p = precision_parse(prec)) < 0)
			return fail(x, node, "%s: unknown precision '%s'", what, prec);
		pw->w.precision = (enum precision)p;
		pw->precision_set = true;
	}
	if (count_attr(x, node, what, "batch", 1u << 24, &batch) < 0 ||
	    count_attr(x, node, what, "seq", 1u << 24, &pw->seq) < 0)
		return -1;
	pw->w.batch = batch;
	return 0;
}

static int
read_train(struct px *x, const xmlNode *node, struct plan_workload *pw)
{
	char what[160];
	struct workload *w = &pw->w;

	w->task = TASK_TRAIN;
	pw->runs = 1;
	if (read_common(x, node, pw, what, sizeof(what)) < 0 ||
	    quantity(x, node, what, "samples", DIM_NONE, NULL, &w->samples) < 0 ||
	    quantity(x, node, what, "epochs", DIM_NONE, NULL, &w->epochs) < 0 ||
	    quantity(x, node, what, "tokens", DIM_NONE, NULL, &w->tokens) < 0 ||
	    quantity(x, node, what, "flops", DIM_FLOPS, "FLOP", &w->flops) < 0 ||
	    count_attr(x, node, what, "runs", MAX_RUNS, &pw->runs) < 0 ||
	    quantity(x, node, what, "deadline", DIM_TIME, NULL, &pw->deadline_s) < 0)
		return -1;
	if (pw->model == NULL && w->flops == 0)
		return fail(x, node, "%s: give a model or its training flops", what);
	if (pw->model != NULL && w->flops > 0)
		return fail(x, node, "%s: flops is the whole job instead of a model; give model or "
			    "flops, not both", what);
	if (w->flops > 0 && (w->tokens > 0 || w->samples > 0 || w->epochs > 0))
		return fail(x, node, "%s: flops is the whole job; tokens, samples and epochs size "
			    "a model's, not with flops", what);
	if (w->tokens > 0 && (w->samples > 0 || w->epochs > 0))
		return fail(x, node, "%s: tokens counts every token of the run; give samples and "
			    "epochs, or tokens", what);
	return 0;
}

static int
read_serve(struct px *x, const xmlNode *node, struct plan_workload *pw)
{
	char what[160];
	struct workload *w = &pw->w;

	w->task = TASK_INFER;
	pw->runs = 1;
	if (read_common(x, node, pw, what, sizeof(what)) < 0 ||
	    quantity(x, node, what, "rate", DIM_RATE, "/s", &w->rate) < 0 ||
	    quantity(x, node, what, "duration", DIM_TIME, NULL, &w->duration_s) < 0 ||
	    quantity(x, node, what, "requests", DIM_NONE, NULL, &w->requests) < 0 ||
	    quantity(x, node, what, "latency-slo", DIM_TIME, NULL, &w->latency_slo_s) < 0)
		return -1;
	if (pw->model == NULL)
		return fail(x, node, "%s: a service needs a model", what);
	if (w->duration_s > MAX_HORIZON_S)
		return fail(x, node, "%s: a duration of more than 100 years is a mistake", what);
	return 0;
}

static int
read_site(struct px *x, const xmlNode *node)
{
	struct plan_spec *s = x->spec;

	XGROW(s->sites, s->cap_sites, s->nsites + 1);
	s->site_lines = xreallocarray(s->site_lines, s->cap_sites, sizeof(int));
	s->sites[s->nsites] = arena_strdup(&s->arena, xmlread_attr(node, "ref"));
	s->site_lines[s->nsites] = xmlread_line(node);
	s->nsites++;
	return 0;
}

static int
read_doc(struct px *x, xmlDoc *doc, const char *schema_path)
{
	const xmlNode *root = xmlDocGetRootElement(doc), *n;
	struct xmlread_schema *schema;
	int problems;

	if (root == NULL || !xmlread_is(root, "workloads"))
		return fail(x, root, "not a workloads file (the root element must be <workloads>)");
	for (n = xmlread_first(root); n != NULL; n = xmlread_next(n))
		if (xmlread_is(n, "train") || xmlread_is(n, "serve"))
			break;
	if (n == NULL)
		return fail(x, root, "no workloads: the file needs <train> or <serve> elements");
	schema = xmlread_schema_load(schema_path, x->err);
	if (schema == NULL)
		return -1;
	/* a shipped example was checked by make check */
	problems = xmlread_schema_vouches(schema, &x->digest)
		   ? 0 : xmlread_validate(doc, schema, x->file, NULL, NULL, x->err);
	if (problems > 0)
		return -1;
	if (read_root(x, root) < 0)
		return -1;
	for (n = xmlread_first(root); n != NULL; n = xmlread_next(n)) {
		struct plan_spec *s = x->spec;
		struct plan_workload *pw;
		int rc;

		if (xmlread_is(n, "site")) {
			read_site(x, n);
			continue;
		}
		XGROW(s->workloads, s->cap, s->n + 1);
		pw = &s->workloads[s->n];
		memset(pw, 0, sizeof(*pw));
		rc = xmlread_is(n, "train") ? read_train(x, n, pw) : read_serve(x, n, pw);
		if (rc < 0)
			return -1;
		s->n++;
	}
	return 0;
}

struct plan_spec *
plan_load_xml(const char *path, const char *schema_path, struct mlf_err *err)
{
	struct plan_spec *spec = xcalloc(1, sizeof(*spec));
	struct px x = { .spec = spec, .file = path, .err = err };
	xmlDoc *doc;
	int rc;

	arena_init(&spec->arena);
	spec->path = arena_strdup(&spec->arena, path);
	spec->objective = -1;
	doc = xmlread_file_digest(path, XMLREAD_MAX_BYTES, &x.digest, err);
	if (doc == NULL) {
		plan_spec_free(spec);
		return NULL;
	}
	rc = read_doc(&x, doc, schema_path);
	str_index_release(&x.ids);
	xmlFreeDoc(doc);
	if (rc < 0) {
		plan_spec_free(spec);
		return NULL;
	}
	return spec;
}

void
plan_spec_free(struct plan_spec *spec)
{
	if (spec == NULL)
		return;
	free(spec->workloads);
	free(spec->sites);
	free(spec->site_lines);
	arena_release(&spec->arena);
	free(spec);
}
