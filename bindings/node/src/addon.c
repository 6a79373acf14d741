/* SPDX-License-Identifier: MIT */
/* addon.c - the N-API module index.js wraps: load, decide, decide JSON, SLA
 * clocks. Its functions are internal: index.js checks their arguments and
 * turns what they return into JS values and Errors. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "addon.h"

napi_value crmn_throw_napi(napi_env env, const char *what)
{
	const napi_extended_error_info *info = NULL;
	bool pending = false;
	napi_is_exception_pending(env, &pending);
	if (pending)
		return NULL; /* a JS exception (a getter, say) is already on its way */
	napi_get_last_error_info(env, &info);
	char msg[256];
	snprintf(msg, sizeof msg, "crmrules: %s failed: %s", what,
	         info && info->error_message ? info->error_message : "unknown N-API error");
	napi_throw_error(env, "ERR_CRMRULES_NAPI", msg);
	return NULL;
}

/* What the JS handle holds: the ruleset until rs.close() or the handle is
 * collected, whichever comes first. */
typedef struct box {
	crmn_ruleset *h;
} box;

void crmn_release(napi_env env, crmn_ruleset *h)
{
	if (--h->refs)
		return;
	crm_context_free(h->ctx);
	crm_facts_free(h->facts);
	crm_ruleset_free(h->rs);
	crmn_free(h->in);
	crmn_free(h->out);
	napi_ref *refs[] = {&h->ops_ref, &h->nums_ref, &h->rtags_ref, &h->rnums_ref};
	for (size_t i = 0; i < sizeof refs / sizeof refs[0]; i++)
		if (*refs[i])
			napi_delete_reference(env, *refs[i]);
	int64_t ignored;
	if (h->reported)
		napi_adjust_external_memory(env, -h->reported, &ignored);
	crmn_free(h);
}

static void box_finalize(napi_env env, void *data, void *hint)
{
	(void)hint;
	box *b = data;
	if (b->h)
		crmn_release(env, b->h);
	crmn_free(b);
}

/* The arguments of a call, at most 8. */
static bool args(napi_env env, napi_callback_info info, size_t want, napi_value *argv)
{
	size_t argc = want;
	if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok)
		return false;
	for (size_t i = argc; i < want; i++)
		napi_get_undefined(env, &argv[i]);
	return true;
}

crmn_ruleset *crmn_handle(napi_env env, napi_value v)
{
	box *b;
	if (napi_get_value_external(env, v, (void **)&b) != napi_ok) {
		napi_throw_type_error(env, "ERR_CRMRULES_HANDLE", "crmrules: not a ruleset handle");
		return NULL;
	}
	if (!b->h) {
		napi_throw_error(env, "ERR_CRMRULES_CLOSED", "crmrules: the ruleset is closed");
		return NULL;
	}
	return b->h;
}

/* A JS string as a NUL-terminated copy (crmn_free it). */
static char *utf8_copy(napi_env env, napi_value v)
{
	size_t n;
	if (napi_get_value_string_utf8(env, v, NULL, 0, &n) != napi_ok)
		return NULL;
	char *s = crmn_malloc(n + 1);
	if (s && napi_get_value_string_utf8(env, v, s, n + 1, &n) != napi_ok) {
		crmn_free(s);
		return NULL;
	}
	return s;
}

static napi_value string(napi_env env, const char *s, size_t len)
{
	napi_value v;
	CRMN_CALL(env, napi_create_string_utf8(env, s, len, &v));
	return v;
}

static napi_value error_text(napi_env env, const crm_error *err)
{
	char buf[2048];
	size_t n = crm_error_json(NULL, err, 0, buf, sizeof buf);
	return string(env, buf, n < sizeof buf ? n : sizeof buf - 1);
}

/* ---- load ---------------------------------------------------------------- */

typedef struct diag {
	int severity;
	crm_error e;
} diag;

#define MAX_DIAGS 200

typedef struct diags {
	diag *items;
	size_t n;
} diags;

static void on_diag(int severity, const crm_error *d, void *ud)
{
	diags *l = ud;
	if (l->n == MAX_DIAGS)
		return;
	if (!l->items && !(l->items = crmn_malloc(MAX_DIAGS * sizeof *l->items)))
		return;
	l->items[l->n].severity = severity;
	l->items[l->n].e = *d;
	l->n++;
}

/* An ArrayBuffer shared with index.js, kept alive by *ref: its memory
 * stays where it is. */
static bool shared(napi_env env, size_t size, void **data, napi_ref *ref)
{
	napi_value ab;
	return napi_create_arraybuffer(env, size, data, &ab) == napi_ok &&
	       napi_create_reference(env, ab, 1, ref) == napi_ok;
}

/* load(paths, warningsAsErrors) -> [handle or undefined, error text or
 * undefined, [[severity, diagnostic text]...]] */
static napi_value js_load(napi_env env, napi_callback_info info)
{
	napi_value argv[2], out, v;
	if (!args(env, info, 2, argv))
		return crmn_throw_napi(env, "napi_get_cb_info");
	uint32_t npaths;
	bool wae = false;
	CRMN_CALL(env, napi_get_array_length(env, argv[0], &npaths));
	napi_get_value_bool(env, argv[1], &wae);
	if (npaths == 0 || npaths > 1024) {
		napi_throw_range_error(env, "ERR_CRMRULES_PATHS", "crmrules: give 1 to 1024 paths");
		return NULL;
	}
	char **paths = crmn_malloc(npaths * sizeof *paths);
	if (!paths)
		return crmn_throw_napi(env, "out of memory");
	memset(paths, 0, npaths * sizeof *paths);
	crmn_ruleset *h = crmn_malloc(sizeof *h);
	diags dl = {NULL, 0};
	crm_error err;
	int rc = h ? 0 : CRM_ENOMEM;
	memset(&err, 0, sizeof err);
	for (uint32_t i = 0; !rc && i < npaths; i++)
		if (napi_get_element(env, argv[0], i, &v) != napi_ok || !(paths[i] = utf8_copy(env, v)))
			rc = CRM_EINVAL;
	if (rc) {
		for (uint32_t i = 0; i < npaths; i++)
			crmn_free(paths[i]);
		crmn_free(paths);
		crmn_free(h);
		return crmn_throw_napi(env, rc == CRM_ENOMEM ? "out of memory" : "reading the paths");
	}
	memset(h, 0, sizeof *h);
	crmn_allocator_init(h);
	crm_load_options o = CRM_LOAD_OPTIONS_INIT;
	o.allocator = &h->al;
	o.diagnostic = on_diag;
	o.diagnostic_ud = &dl;
	o.warnings_as_errors = wae;
	rc = crm_ruleset_load_paths(&h->rs, (const char *const *)paths, npaths, &o, &err);
	for (uint32_t i = 0; i < npaths; i++)
		crmn_free(paths[i]);
	crmn_free(paths);
	if (!rc && (crm_facts_new(&h->facts, h->rs) || crm_context_new(&h->ctx, h->rs, NULL))) {
		rc = CRM_ENOMEM;
		memset(&err, 0, sizeof err);
		err.code = rc;
		snprintf(err.message, sizeof err.message, "out of memory");
	}
	h->refs = 1;
	box *b = NULL;
	napi_value ext = NULL;
	if (!rc) {
		h->nfacts = crm_ruleset_fact_count(h->rs);
		size_t nf = h->nfacts ? h->nfacts : 1;
		b = crmn_malloc(sizeof *b);
		if (!b || !shared(env, nf * sizeof(int32_t), (void **)&h->ops, &h->ops_ref) ||
		    !shared(env, nf * sizeof(double), (void **)&h->nums, &h->nums_ref) ||
		    !shared(env, CRMN_OUTPUTS_MAX * sizeof(int32_t), (void **)&h->rtags, &h->rtags_ref) ||
		    !shared(env, CRMN_OUTPUTS_MAX * sizeof(double), (void **)&h->rnums, &h->rnums_ref)) {
			crmn_free(b);
			crmn_release(env, h);
			crmn_free(dl.items);
			return crmn_throw_napi(env, "creating the shared buffers");
		}
		b->h = h;
		if (napi_create_external(env, b, box_finalize, NULL, &ext) != napi_ok) {
			crmn_free(b);
			crmn_release(env, h);
			crmn_free(dl.items);
			return crmn_throw_napi(env, "napi_create_external");
		}
		/* V8 does not see this memory: say how much a ruleset holds, so
		 * that dropped rulesets are collected in time */
		int64_t ignored;
		h->reported = atomic_load(&h->counter.bytes);
		napi_adjust_external_memory(env, h->reported, &ignored);
	} else {
		crmn_release(env, h);
	}
	CRMN_CALL(env, napi_create_array_with_length(env, 3, &out));
	if (ext)
		CRMN_CALL(env, napi_set_element(env, out, 0, ext));
	else
		CRMN_CALL(env, napi_set_element(env, out, 1, error_text(env, &err)));
	napi_value list;
	CRMN_CALL(env, napi_create_array_with_length(env, dl.n, &list));
	for (size_t i = 0; i < dl.n; i++) {
		napi_value pair, sev;
		CRMN_CALL(env, napi_create_array_with_length(env, 2, &pair));
		CRMN_CALL(env, napi_create_int32(env, dl.items[i].severity, &sev));
		CRMN_CALL(env, napi_set_element(env, pair, 0, sev));
		CRMN_CALL(env, napi_set_element(env, pair, 1, error_text(env, &dl.items[i].e)));
		CRMN_CALL(env, napi_set_element(env, list, (uint32_t)i, pair));
	}
	crmn_free(dl.items);
	CRMN_CALL(env, napi_set_element(env, out, 2, list));
	return out;
}

/* close(handle): free now (or when the batches in flight are done). */
static napi_value js_close(napi_env env, napi_callback_info info)
{
	napi_value argv[1];
	box *b;
	if (!args(env, info, 1, argv))
		return crmn_throw_napi(env, "napi_get_cb_info");
	CRMN_CALL(env, napi_get_value_external(env, argv[0], (void **)&b));
	if (b->h) {
		crmn_ruleset *h = b->h;
		b->h = NULL;
		crmn_release(env, h);
	}
	return NULL;
}

/* ---- introspection ---------------------------------------------------------- */

static napi_value names(napi_env env, const crm_ruleset *rs, size_t n,
                        const char *(*name)(const crm_ruleset *, size_t))
{
	napi_value a, s;
	CRMN_CALL(env, napi_create_array_with_length(env, n, &a));
	for (size_t i = 0; i < n; i++) {
		const char *t = name(rs, i);
		CRMN_CALL(env, napi_create_string_utf8(env, t, strlen(t), &s));
		CRMN_CALL(env, napi_set_element(env, a, (uint32_t)i, s));
	}
	return a;
}

/* info(handle) -> [fact names, fact types, decisions, timers, the buffers
 * of ops, nums, result tags and result numbers, each fact's allowed values
 * (an array of their JSON texts, or null), each decision's fact slots] */
static napi_value js_info(napi_env env, napi_callback_info info)
{
	napi_value argv[1], out, types, v;
	if (!args(env, info, 1, argv))
		return crmn_throw_napi(env, "napi_get_cb_info");
	crmn_ruleset *h = crmn_handle(env, argv[0]);
	if (!h)
		return NULL;
	const crm_ruleset *rs = h->rs;
	CRMN_CALL(env, napi_create_array_with_length(env, 10, &out));
	napi_value a = names(env, rs, h->nfacts, crm_ruleset_fact_name);
	if (!a)
		return NULL;
	CRMN_CALL(env, napi_set_element(env, out, 0, a));
	CRMN_CALL(env, napi_create_array_with_length(env, h->nfacts, &types));
	for (size_t i = 0; i < h->nfacts; i++) {
		CRMN_CALL(env, napi_create_int32(env, (int32_t)crm_ruleset_fact_type(rs, i), &v));
		CRMN_CALL(env, napi_set_element(env, types, (uint32_t)i, v));
	}
	CRMN_CALL(env, napi_set_element(env, out, 1, types));
	if (!(a = names(env, rs, crm_ruleset_decision_count(rs), crm_ruleset_decision_name)))
		return NULL;
	CRMN_CALL(env, napi_set_element(env, out, 2, a));
	if (!(a = names(env, rs, crm_ruleset_timer_count(rs), crm_ruleset_timer_name)))
		return NULL;
	CRMN_CALL(env, napi_set_element(env, out, 3, a));
	CRMN_CALL(env, napi_get_reference_value(env, h->ops_ref, &v));
	CRMN_CALL(env, napi_set_element(env, out, 4, v));
	CRMN_CALL(env, napi_get_reference_value(env, h->nums_ref, &v));
	CRMN_CALL(env, napi_set_element(env, out, 5, v));
	CRMN_CALL(env, napi_get_reference_value(env, h->rtags_ref, &v));
	CRMN_CALL(env, napi_set_element(env, out, 6, v));
	CRMN_CALL(env, napi_get_reference_value(env, h->rnums_ref, &v));
	CRMN_CALL(env, napi_set_element(env, out, 7, v));
	CRMN_CALL(env, napi_create_array_with_length(env, h->nfacts, &a));
	for (size_t i = 0; i < h->nfacts; i++) {
		crm_fact_info fi;
		napi_value vals, s;
		if (crm_ruleset_fact_info(rs, i, &fi) || !fi.nvalues) {
			CRMN_CALL(env, napi_get_null(env, &vals));
		} else {
			CRMN_CALL(env, napi_create_array_with_length(env, fi.nvalues, &vals));
			for (size_t k = 0; k < fi.nvalues; k++) {
				char buf[512];
				crm_value x = crm_ruleset_fact_value(rs, i, k);
				size_t n = crm_value_format(buf, sizeof buf, &x);
				CRMN_CALL(env, napi_create_string_utf8(env, buf, n < sizeof buf ? n : 0, &s));
				CRMN_CALL(env, napi_set_element(env, vals, (uint32_t)k, s));
			}
		}
		CRMN_CALL(env, napi_set_element(env, a, (uint32_t)i, vals));
	}
	CRMN_CALL(env, napi_set_element(env, out, 8, a));
	size_t nd = crm_ruleset_decision_count(rs);
	CRMN_CALL(env, napi_create_array_with_length(env, nd, &a));
	for (size_t d = 0; d < nd; d++) {
		napi_value slots;
		size_t n = crm_decision_fact_count(rs, (int)d);
		CRMN_CALL(env, napi_create_array_with_length(env, n, &slots));
		for (size_t k = 0; k < n; k++) {
			CRMN_CALL(env, napi_create_int32(env, crm_decision_fact(rs, (int)d, k), &v));
			CRMN_CALL(env, napi_set_element(env, slots, (uint32_t)k, v));
		}
		CRMN_CALL(env, napi_set_element(env, a, (uint32_t)d, slots));
	}
	CRMN_CALL(env, napi_set_element(env, out, 9, a));
	return out;
}

/* suggest(handle, kind, name) -> the closest declared name or null */
static napi_value js_suggest(napi_env env, napi_callback_info info)
{
	napi_value argv[3], v;
	int32_t kind;
	if (!args(env, info, 3, argv))
		return crmn_throw_napi(env, "napi_get_cb_info");
	crmn_ruleset *h = crmn_handle(env, argv[0]);
	if (!h)
		return NULL;
	CRMN_CALL(env, napi_get_value_int32(env, argv[1], &kind));
	char *name = utf8_copy(env, argv[2]);
	if (!name)
		return crmn_throw_napi(env, "reading a name");
	const char *s = crm_ruleset_suggest(h->rs, (crm_name_kind)kind, name);
	crmn_free(name);
	if (!s)
		CRMN_CALL(env, napi_get_null(env, &v));
	else
		CRMN_CALL(env, napi_create_string_utf8(env, s, strlen(s), &v));
	return v;
}

/* ---- deciding ----------------------------------------------------------------- */

/* The outputs of r into h's result buffers and strs (CRMN_R_*); false when
 * an N-API call failed. */
static bool outputs(napi_env env, crmn_ruleset *h, const crm_result *r, size_t n,
                    napi_value strs)
{
	char buf[64];
	for (size_t i = 0; i < n; i++) {
		crm_value v = crm_result_output(r, i);
		const char *p = buf;
		size_t len;
		int32_t tag = CRMN_R_STRING;
		switch (v.type) {
		case CRM_T_BOOL:
			h->rtags[i] = CRMN_R_BOOL;
			h->rnums[i] = v.u.b != 0;
			continue;
		case CRM_T_INT:
		case CRM_T_DURATION:
			h->rtags[i] = CRMN_R_NUMBER;
			h->rnums[i] = (double)v.u.i;
			continue;
		case CRM_T_NUMBER:
			/* as JSON has it: no NaN or infinity, no -0 */
			h->rtags[i] = v.u.n - v.u.n == 0 ? CRMN_R_NUMBER : CRMN_R_NULL;
			h->rnums[i] = v.u.n == 0 ? 0 : v.u.n;
			continue;
		case CRM_T_STRING:
			p = v.u.s.ptr;
			len = v.u.s.len;
			break;
		case CRM_T_MONEY:
		case CRM_T_DATE:
		case CRM_T_DATETIME:
			/* the library's JSON text, without its quotes */
			len = crm_value_format(buf, sizeof buf, &v);
			if (len < 2 || len >= sizeof buf)
				return false;
			p = buf + 1;
			len -= 2;
			break;
		case CRM_T_LIST:
			tag = CRMN_R_JSON;
			len = crm_value_format(h->out, h->out_cap, &v);
			if (len >= h->out_cap) {
				if (crmn_reserve(&h->out, &h->out_cap, len + 1))
					return false;
				crm_value_format(h->out, h->out_cap, &v);
			}
			p = h->out;
			break;
		default:
			h->rtags[i] = CRMN_R_NULL;
			continue;
		}
		napi_value s;
		if (napi_create_string_utf8(env, p, len, &s) != napi_ok ||
		    napi_set_element(env, strs, (uint32_t)i, s) != napi_ok)
			return false;
		h->rtags[i] = tag;
	}
	return true;
}

/* decide(handle, decision, nops, strings, flags, result strings) -> the
 * number of outputs (in the result buffers and result strings), or the
 * result's JSON text (with explain, a provisional answer, or more than
 * CRMN_OUTPUTS_MAX outputs), or [error JSON text, the op that failed or -1] */
static napi_value js_decide(napi_env env, napi_callback_info info)
{
	napi_value argv[6], v;
	int32_t d, nops, flags;
	if (!args(env, info, 6, argv))
		return crmn_throw_napi(env, "napi_get_cb_info");
	crmn_ruleset *h = crmn_handle(env, argv[0]);
	if (!h)
		return NULL;
	CRMN_CALL(env, napi_get_value_int32(env, argv[1], &d));
	CRMN_CALL(env, napi_get_value_int32(env, argv[2], &nops));
	CRMN_CALL(env, napi_get_value_int32(env, argv[4], &flags));
	if (nops < 0 || (size_t)nops > h->nfacts)
		return crmn_throw_napi(env, "a facts program of that size");
	crmn_strings strs = {env, argv[3], h, NULL, NULL, 0};
	crm_error err;
	size_t bad = 0, len;
	const crm_result *r = NULL;
	h->last = NULL;
	int rc = crmn_apply(h->rs, h->facts, h->ops, h->nums, (size_t)nops, &strs, &err, &bad);
	if (rc) {
		bool pending = false;
		if (napi_is_exception_pending(env, &pending) == napi_ok && pending)
			return NULL;
		if (crmn_error_text(&err, &h->out, &h->out_cap, 0, &len))
			return crmn_throw_napi(env, "writing an error (out of memory)");
	} else {
		rc = (flags & CRMN_EXPLAIN_FULL) ? crm_decide_explain(h->ctx, d, h->facts, &r, &err)
		                                 : crm_decide_index(h->ctx, d, h->facts, &r, &err);
		size_t n = rc ? 0 : crm_result_output_count(r);
		if (!rc && !flags && n <= CRMN_OUTPUTS_MAX && !crm_result_provisional(r, NULL)) {
			if (!outputs(env, h, r, n, argv[5]))
				return crmn_throw_napi(env, "handing back the outputs");
			h->last = r;
			CRMN_CALL(env, napi_create_uint32(env, (uint32_t)n, &v));
			return v;
		}
		unsigned jf = (flags & CRMN_EXPLAIN_FULL) ? CRM_JSON_EXPLAIN_FULL
		              : (flags & CRMN_EXPLAIN)    ? CRM_JSON_EXPLAIN
		                                          : 0;
		for (;;) {
			len = rc ? crm_error_json(r, &err, jf, h->out, h->out_cap)
			         : crm_result_json(r, h->facts, jf, h->out, h->out_cap);
			if (len < h->out_cap)
				break;
			if (crmn_reserve(&h->out, &h->out_cap, len + 1))
				return crmn_throw_napi(env, "writing a result (out of memory)");
		}
		if (!rc)
			return string(env, h->out, len);
		bad = (size_t)-1;
	}
	napi_value out;
	CRMN_CALL(env, napi_create_array_with_length(env, 2, &out));
	CRMN_CALL(env, napi_set_element(env, out, 0, string(env, h->out, len)));
	CRMN_CALL(env, napi_create_int32(env, bad == (size_t)-1 ? -1 : (int32_t)bad, &v));
	CRMN_CALL(env, napi_set_element(env, out, 1, v));
	return out;
}

/* outputNames(handle) -> the output names of the last result decide handed
 * back (index.js keeps them per decision) */
static napi_value js_output_names(napi_env env, napi_callback_info info)
{
	napi_value argv[1], a, s;
	if (!args(env, info, 1, argv))
		return crmn_throw_napi(env, "napi_get_cb_info");
	crmn_ruleset *h = crmn_handle(env, argv[0]);
	if (!h)
		return NULL;
	if (!h->last)
		return crmn_throw_napi(env, "output names without a result");
	size_t n = crm_result_output_count(h->last);
	CRMN_CALL(env, napi_create_array_with_length(env, n, &a));
	for (size_t i = 0; i < n; i++) {
		const char *t = crm_result_output_name(h->last, i);
		CRMN_CALL(env, napi_create_string_utf8(env, t, strlen(t), &s));
		CRMN_CALL(env, napi_set_element(env, a, (uint32_t)i, s));
	}
	return a;
}

/* decideJSON(handle, decision, text, flags) -> the line `crmrules eval`
 * prints for that text: the result or {"$error": ...} */
static napi_value js_decide_json(napi_env env, napi_callback_info info)
{
	napi_value argv[4];
	int32_t d, flags;
	size_t len;
	if (!args(env, info, 4, argv))
		return crmn_throw_napi(env, "napi_get_cb_info");
	crmn_ruleset *h = crmn_handle(env, argv[0]);
	if (!h)
		return NULL;
	CRMN_CALL(env, napi_get_value_int32(env, argv[1], &d));
	CRMN_CALL(env, napi_get_value_int32(env, argv[3], &flags));
	CRMN_CALL(env, napi_get_value_string_utf8(env, argv[2], NULL, 0, &len));
	if (crmn_reserve(&h->in, &h->in_cap, len + 1))
		return crmn_throw_napi(env, "out of memory");
	CRMN_CALL(env, napi_get_value_string_utf8(env, argv[2], h->in, h->in_cap, &len));
	crm_json_options o = CRM_JSON_OPTIONS_INIT;
	h->last = NULL; /* the context decides anew */
	o.flags = (flags & CRMN_EXPLAIN_FULL) ? CRM_JSON_EXPLAIN_FULL
	          : (flags & CRMN_EXPLAIN)    ? CRM_JSON_EXPLAIN
	                                      : 0;
	crm_error err;
	size_t n;
	if (!h->out && crmn_reserve(&h->out, &h->out_cap, 1024))
		return crmn_throw_napi(env, "out of memory");
	crm_decide_json(h->ctx, d, h->in, len, &o, h->out, h->out_cap, &n, &err);
	if (n >= h->out_cap) {
		/* it did not fit: decide again with room for it (once per size) */
		if (crmn_reserve(&h->out, &h->out_cap, n + 1))
			return crmn_throw_napi(env, "out of memory");
		crm_decide_json(h->ctx, d, h->in, len, &o, h->out, h->out_cap, &n, &err);
	}
	return string(env, h->out, n);
}

/* ---- SLA clocks ------------------------------------------------------------------ */

/* Text appended to a fixed buffer (an SLA state is short). */
typedef struct text {
	char buf[1024];
	size_t len;
} text;

static void put(text *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void put(text *t, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int k = vsnprintf(t->buf + t->len, sizeof t->buf - t->len, fmt, ap);
	va_end(ap);
	if (k > 0)
		t->len += (size_t)k < sizeof t->buf - t->len ? (size_t)k : sizeof t->buf - t->len - 1;
}

static void put_instant(text *t, int64_t when, int offset)
{
	char s[64];
	crm_instant_format(s, sizeof s, when, offset);
	put(t, "\"%s\"", s);
}

/* sla(handle, timer, start, pauses (Float64Array of start, end pairs) or
 * null, stopped, stop, now) -> the state as `crmrules sla` prints it,
 * without the timer's name, or [error JSON text] */
static napi_value js_sla(napi_env env, napi_callback_info info)
{
	napi_value argv[7];
	double start, stop, now;
	bool stopped = false;
	if (!args(env, info, 7, argv))
		return crmn_throw_napi(env, "napi_get_cb_info");
	crmn_ruleset *h = crmn_handle(env, argv[0]);
	if (!h)
		return NULL;
	CRMN_CALL(env, napi_get_value_double(env, argv[2], &start));
	CRMN_CALL(env, napi_get_value_bool(env, argv[4], &stopped));
	CRMN_CALL(env, napi_get_value_double(env, argv[5], &stop));
	CRMN_CALL(env, napi_get_value_double(env, argv[6], &now));
	crm_sla_pause pauses[CRM_LIMIT_PAUSES + 1];
	size_t np = 0;
	napi_valuetype t;
	CRMN_CALL(env, napi_typeof(env, argv[3], &t));
	if (t == napi_object) {
		napi_typedarray_type tt;
		size_t len;
		void *data;
		CRMN_CALL(env, napi_get_typedarray_info(env, argv[3], &tt, &len, &data, NULL, NULL));
		if (tt != napi_float64_array || len % 2)
			return crmn_throw_napi(env, "pauses as pairs");
		/* one more than the limit is enough for the library to refuse */
		np = len / 2 > CRM_LIMIT_PAUSES + 1 ? CRM_LIMIT_PAUSES + 1 : len / 2;
		for (size_t i = 0; i < np; i++) {
			pauses[i].start = (int64_t)((const double *)data)[2 * i];
			pauses[i].end = (int64_t)((const double *)data)[2 * i + 1];
		}
	}
	char *timer = utf8_copy(env, argv[1]);
	if (!timer)
		return crmn_throw_napi(env, "reading the timer's name");
	crm_sla_clock clock = {(int64_t)start, np ? pauses : NULL, np, stopped, (int64_t)stop};
	crm_sla_state s;
	crm_error err;
	int rc = crm_sla_evaluate(h->rs, timer, &clock, (int64_t)now, &s, &err);
	crmn_free(timer);
	napi_value out;
	if (rc) {
		CRMN_CALL(env, napi_create_array_with_length(env, 1, &out));
		CRMN_CALL(env, napi_set_element(env, out, 0, error_text(env, &err)));
		return out;
	}
	static const char *const statuses[] = {"?", "running", "warning", "breached", "stopped"};
	text o;
	o.len = 0;
	o.buf[0] = '\0';
	put(&o, "{\"measure\":\"%s\",\"status\":\"%s\",\"due\":", s.measure,
	    statuses[s.status <= CRM_SLA_STOPPED ? s.status : 0]);
	put_instant(&o, s.due, s.utc_offset);
	put(&o, ",\"total\":%lld,\"elapsed\":%lld,\"remaining\":%lld,\"next_alert\":",
	    (long long)s.total, (long long)s.elapsed, (long long)s.remaining);
	if (s.has_next_alert)
		put_instant(&o, s.next_alert, s.utc_offset);
	else
		put(&o, "null");
	put(&o, ",\"warnings_passed\":%d", s.warnings_passed);
	if (s.status == CRM_SLA_STOPPED)
		put(&o, ",\"breached_at_stop\":%s", s.breached_at_stop ? "true" : "false");
	if (s.provisional) {
		char day[32];
		crm_value v;
		memset(&v, 0, sizeof v);
		v.type = CRM_T_DATE;
		v.u.date = s.assumed_from;
		crm_value_format(day, sizeof day, &v);
		put(&o, ",\"provisional\":true,\"assumed_from\":%s", day);
	}
	put(&o, "}");
	out = string(env, o.buf, o.len);
	if (out && s.escalates_to) {
		/* a name: index.js adds it, escaped as JSON strings are */
		napi_value pair;
		CRMN_CALL(env, napi_create_array_with_length(env, 2, &pair));
		CRMN_CALL(env, napi_set_element(env, pair, 0, out));
		CRMN_CALL(env, napi_set_element(env, pair, 1,
		                                string(env, s.escalates_to, strlen(s.escalates_to))));
		return pair;
	}
	return out;
}

/* parseInstant(text) -> unix seconds, or a negative CRM_E* code as [code] */
static napi_value js_parse_instant(napi_env env, napi_callback_info info)
{
	napi_value argv[1], v;
	if (!args(env, info, 1, argv))
		return crmn_throw_napi(env, "napi_get_cb_info");
	char buf[80];
	size_t len;
	CRMN_CALL(env, napi_get_value_string_utf8(env, argv[0], buf, sizeof buf, &len));
	int64_t t;
	int rc = len + 1 >= sizeof buf ? CRM_ESYNTAX : crm_instant_parse(&t, buf, len);
	if (rc) {
		napi_value code;
		CRMN_CALL(env, napi_create_array_with_length(env, 1, &v));
		CRMN_CALL(env, napi_create_int32(env, rc, &code));
		CRMN_CALL(env, napi_set_element(env, v, 0, code));
		return v;
	}
	CRMN_CALL(env, napi_create_double(env, (double)t, &v));
	return v;
}

/* formatInstant(seconds, offset) -> ISO 8601 text */
static napi_value js_format_instant(napi_env env, napi_callback_info info)
{
	napi_value argv[2];
	double t;
	int32_t off;
	if (!args(env, info, 2, argv))
		return crmn_throw_napi(env, "napi_get_cb_info");
	CRMN_CALL(env, napi_get_value_double(env, argv[0], &t));
	CRMN_CALL(env, napi_get_value_int32(env, argv[1], &off));
	char buf[64];
	int n = crm_instant_format(buf, sizeof buf, (int64_t)t, off);
	return string(env, buf, n > 0 && (size_t)n < sizeof buf ? (size_t)n : 0);
}

/* liveBytes() -> bytes the library and this module hold, process-wide */
static napi_value js_live_bytes(napi_env env, napi_callback_info info)
{
	(void)info;
	napi_value v;
	CRMN_CALL(env, napi_create_double(env, (double)crmn_live_bytes(), &v));
	return v;
}

/* strerror(code) -> the library's text for a CRM_E* code */
static napi_value js_strerror(napi_env env, napi_callback_info info)
{
	napi_value argv[1];
	int32_t code;
	if (!args(env, info, 1, argv))
		return crmn_throw_napi(env, "napi_get_cb_info");
	CRMN_CALL(env, napi_get_value_int32(env, argv[0], &code));
	const char *s = crm_strerror(code);
	return string(env, s, strlen(s));
}

NAPI_MODULE_INIT()
{
	static const struct {
		const char *name;
		napi_callback fn;
	} fns[] = {
		{"load", js_load},
		{"close", js_close},
		{"info", js_info},
		{"suggest", js_suggest},
		{"decide", js_decide},
		{"outputNames", js_output_names},
		{"decideJSON", js_decide_json},
		{"sla", js_sla},
		{"parseInstant", js_parse_instant},
		{"formatInstant", js_format_instant},
		{"liveBytes", js_live_bytes},
		{"strerror", js_strerror},
	};
	for (size_t i = 0; i < sizeof fns / sizeof fns[0]; i++) {
		napi_value f;
		CRMN_CALL(env, napi_create_function(env, fns[i].name, NAPI_AUTO_LENGTH, fns[i].fn, NULL,
		                                    &f));
		CRMN_CALL(env, napi_set_named_property(env, exports, fns[i].name, f));
	}
	napi_value v;
	CRMN_CALL(env, napi_create_int32(env, crm_version(), &v));
	CRMN_CALL(env, napi_set_named_property(env, exports, "version", v));
	if (crmn_batch_init(env, exports) != napi_ok)
		return crmn_throw_napi(env, "registering batch");
	return exports;
}
