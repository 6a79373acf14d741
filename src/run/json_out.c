/* SPDX-License-Identifier: MIT */
/* json_out.c - decisions as JSON: a result's outputs (and why), an error
 * object, and the one call from a JSON object of facts to either. The
 * bytes are those `crmrules eval` prints; the tool calls these. */
#include <stdio.h>
#include <string.h>

#include "run.h"

static void puts_(crm_jout *o, const char *s)
{
	crm_jout_put(o, s, strlen(s));
}

static void key(crm_jout *o, const char *name, bool first)
{
	crm_jout_key(o, name, first);
}

/* The kept keys of the input, first in the object; *n counts members. */
static void kept(crm_jout *o, const crm_json_options *opts, const char *text,
                 const crm_json_span *spans, size_t *n)
{
	for (size_t k = 0; opts && k < opts->nkeep; k++) {
		key(o, opts->keep[k], *n == 0);
		if (spans[k].end > spans[k].start)
			crm_jout_put(o, text + spans[k].start, spans[k].end - spans[k].start);
		else
			crm_jout_put(o, "null", 4);
		++*n;
	}
}

/* The facts of slots (n of them, from get) with their values in f. */
static void fact_values(crm_jout *o, const crm_result *r, const crm_facts *f, size_t i, size_t n,
                        int (*get)(const crm_result *, size_t, size_t))
{
	const crm_ruleset *rs = r->ctx->rs;
	puts_(o, ",\"facts\":{");
	for (size_t k = 0; k < n; k++) {
		int slot = get(r, i, k);
		key(o, crm_ruleset_fact_name(rs, (size_t)slot), k == 0);
		crm_value v = crm_facts_get(f, slot);
		crm_jout_value(o, &v);
	}
	puts_(o, "}}");
}

/* The rules tried before those that fired (a full explanation), each with
 * the cell or when: that failed, the input's value and the facts it read:
 * [{"decision":..,"rule":..,"input":..,"cell":..,"value":..,"facts":{..}}]. */
static void tried_list(crm_jout *o, const crm_result *r, const crm_facts *f)
{
	crm_jout_put(o, "[", 1);
	size_t n = crm_result_tried_count(r);
	for (size_t i = 0; i < n; i++) {
		crm_tried t;
		crm_result_tried(r, i, &t);
		puts_(o, i ? ",{\"decision\":" : "{\"decision\":");
		crm_jout_string(o, t.decision, strlen(t.decision));
		puts_(o, ",\"rule\":");
		crm_jout_string(o, t.rule, strlen(t.rule));
		if (t.cell && t.input >= 0) {
			puts_(o, ",\"input\":");
			crm_jout_string(o, t.input_name, strlen(t.input_name));
			puts_(o, ",\"cell\":");
			crm_jout_string(o, t.cell, strlen(t.cell));
			puts_(o, ",\"value\":");
			crm_jout_value(o, &t.value);
		} else if (t.cell) {
			puts_(o, ",\"when\":");
			crm_jout_string(o, t.cell, strlen(t.cell));
		}
		fact_values(o, r, f, i, t.nfacts, crm_result_tried_fact);
	}
	crm_jout_put(o, "]", 1);
}

static void result(crm_jout *o, const crm_result *r, const crm_facts *f, unsigned flags, size_t n)
{
	const decision *dec = &r->ctx->rs->decs[r->decision];
	size_t nout = dec->nouts;
	for (size_t i = 0; i < nout; i++, n++) {
		const output_decl *od = &dec->outs[i];
		if (od->key)
			crm_jout_put(o, od->key + (n == 0), od->key_len - (n == 0));
		else
			key(o, od->name, n == 0);
		crm_value v = crm_result_output(r, i);
		crm_jout_value(o, &v);
	}
	int64_t assumed;
	if (crm_result_provisional(r, &assumed)) {
		/* a calendar day past its data was assumed: say from when */
		crm_value day;
		memset(&day, 0, sizeof day);
		day.type = CRM_T_DATE;
		day.u.date = assumed;
		key(o, "$provisional", n++ == 0);
		puts_(o, "{\"assumed_from\":");
		crm_jout_value(o, &day);
		crm_jout_put(o, "}", 1);
	}
	if (flags & (CRM_JSON_EXPLAIN | CRM_JSON_EXPLAIN_FULL)) {
		key(o, "$explain", n++ == 0);
		puts_(o, "{\"fired\":[");
		size_t nf = crm_result_fired_count(r);
		for (size_t i = 0; i < nf; i++) {
			puts_(o, i ? ",{\"decision\":" : "{\"decision\":");
			const char *d = crm_result_fired_decision(r, i), *id = crm_result_fired_id(r, i);
			crm_jout_string(o, d, strlen(d));
			puts_(o, ",\"rule\":");
			crm_jout_string(o, id, strlen(id));
			fact_values(o, r, f, i, crm_result_fired_fact_count(r, i), crm_result_fired_fact);
		}
		crm_jout_put(o, "]", 1);
		if (flags & CRM_JSON_EXPLAIN_FULL) {
			puts_(o, ",\"tried\":");
			tried_list(o, r, f);
		}
		crm_jout_put(o, "}", 1);
	}
	crm_jout_put(o, (flags & CRM_JSON_NEWLINE) ? "}\n" : "}", (flags & CRM_JSON_NEWLINE) ? 2 : 1);
}

static void error(crm_jout *o, const crm_result *r, const crm_facts *f, const crm_error *e,
                  unsigned flags, size_t n)
{
	key(o, "$error", n == 0);
	puts_(o, "{\"code\":\"");
	puts_(o, crm_code_name(e ? e->code : CRM_EINVAL));
	puts_(o, "\",\"message\":");
	const char *msg = e ? e->message : "no error record";
	crm_jout_string(o, msg, strlen(msg));
	if (e && e->line > 0) {
		/* where: in the facts text ("<facts>") or in a rule file */
		char pos[64];
		puts_(o, ",\"file\":");
		const char *nul = memchr(e->file, '\0', sizeof e->file);
		crm_jout_string(o, e->file, nul ? (size_t)(nul - e->file) : sizeof e->file);
		int k = snprintf(pos, sizeof pos, ",\"line\":%d,\"column\":%d", e->line, e->column);
		crm_jout_put(o, pos, (size_t)k);
	}
	size_t nm = r ? crm_result_missing_count(r) : 0;
	if (nm) {
		const crm_ruleset *rs = r->ctx->rs;
		puts_(o, ",\"missing\":[");
		for (size_t i = 0; i < nm; i++) {
			const char *fn = crm_ruleset_fact_name(rs, (size_t)crm_result_missing_fact(r, i));
			if (i)
				crm_jout_put(o, ",", 1);
			crm_jout_string(o, fn, strlen(fn));
		}
		crm_jout_put(o, "]", 1);
	}
	if (!f && r && r->explained)
		f = r->ctx->explained_facts; /* crm_error_json has none of its own */
	if ((flags & CRM_JSON_EXPLAIN_FULL) && f && r && crm_result_tried_count(r)) {
		/* no rule matched: why each did not */
		puts_(o, ",\"tried\":");
		tried_list(o, r, f);
	}
	crm_jout_put(o, (flags & CRM_JSON_NEWLINE) ? "}}\n" : "}}", (flags & CRM_JSON_NEWLINE) ? 3 : 2);
}

size_t crm_result_json(const crm_result *r, const crm_facts *f, unsigned flags, char *buf,
                       size_t size)
{
	crm_jout o;
	crm_jout_buffer(&o, buf, size);
	crm_jout_put(&o, "{", 1);
	if (r)
		result(&o, r, f,
		       f ? flags : flags & ~(unsigned)(CRM_JSON_EXPLAIN | CRM_JSON_EXPLAIN_FULL), 0);
	else
		crm_jout_put(&o, "}", 1);
	return o.len;
}

size_t crm_error_json(const crm_result *r, const crm_error *err, unsigned flags, char *buf,
                      size_t size)
{
	crm_jout o;
	crm_jout_buffer(&o, buf, size);
	crm_jout_put(&o, "{", 1);
	error(&o, r, NULL, err, flags, 0);
	return o.len;
}

/* The context's own facts for JSON, made at first use. */
static int json_facts(crm_context *c, crm_facts **out)
{
	if (!c->json_facts) {
		int rc = crm_facts_create(&c->json_facts, c->rs, c->al);
		if (rc)
			return rc;
	}
	*out = c->json_facts;
	return 0;
}

static int decide_into(crm_context *c, int di, const char *json, size_t len,
                       const crm_json_options *opts, crm_jout *o, crm_error *err)
{
	crm_error local;
	if (!err)
		err = &local;
	crm_err_clear(err);
	int rc = 0;
	if (opts && opts->version != CRM_JSON_OPTIONS_VERSION)
		rc = crm_err_set(err, CRM_EINVAL, "unsupported crm_json_options version %u",
		                 opts->version);
	else if (opts && opts->nkeep > CRM_JSON_KEEP_MAX)
		rc = crm_err_set(err, CRM_ELIMIT, "more than %d keys to keep", CRM_JSON_KEEP_MAX);
	else if (!c || (!json && len))
		rc = crm_err_set(err, CRM_EINVAL, "context and json must not be NULL");
	else if (di < 0 || (uint32_t)di >= c->rs->ndecs)
		rc = crm_err_set(err, CRM_EUNKNOWN, "no decision %d", di);
	unsigned flags = opts ? opts->flags : 0;
	crm_facts *f = NULL;
	if (!rc && (rc = json_facts(c, &f)))
		rc = crm_err_set(err, rc, "out of memory");
	if (rc) {
		crm_jout_put(o, "{", 1);
		error(o, NULL, NULL, err, flags, 0);
		return rc;
	}
	crm_json_options clear = {CRM_JSON_OPTIONS_VERSION, flags | CRM_JSON_CLEAR, NULL, 0, 0, NULL};
	if (opts) {
		clear.keep = opts->keep;
		clear.nkeep = opts->nkeep;
		clear.first_line = opts->first_line;
		clear.name = opts->name;
	}
	crm_json_span spans[CRM_JSON_KEEP_MAX];
	int syntax;
	const crm_result *r = NULL;
	/* a kept key counts once its value has been read whole, even when the
	 * text goes wrong after it: the error line still joins back */
	rc = crm_json_read(f, json ? json : "", len, &clear, spans, &syntax, err);
	if (!rc)
		rc = (flags & CRM_JSON_EXPLAIN_FULL) ? crm_decide_explain(c, di, f, &r, err)
		                                     : crm_decide_index(c, di, f, &r, err);
	size_t n = 0;
	crm_jout_put(o, "{", 1);
	kept(o, &clear, json, spans, &n);
	if (rc)
		error(o, r, f, err, flags, n);
	else
		result(o, r, f, flags, n);
	return rc;
}

int crm_decide_json(crm_context *c, int di, const char *json, size_t len,
                    const crm_json_options *opts, char *out, size_t size, size_t *out_len,
                    crm_error *err)
{
	crm_jout o;
	crm_jout_buffer(&o, out, size);
	int rc = decide_into(c, di, json, len, opts, &o, err);
	if (out_len)
		*out_len = o.len;
	return rc;
}

int crm_decide_json_write(crm_context *c, int di, const char *json, size_t len,
                          const crm_json_options *opts, crm_write_fn write, void *ud,
                          crm_error *err)
{
	if (!write)
		return crm_err_set(err, CRM_EINVAL, "write must not be NULL");
	char chunk[1024];
	crm_jout o;
	memset(&o, 0, sizeof o);
	o.buf = chunk;
	o.size = sizeof chunk;
	o.write = write;
	o.ud = ud;
	int rc = decide_into(c, di, json, len, opts, &o, err);
	crm_jout_flush(&o);
	if (o.failed && !rc)
		rc = crm_err_set(err, CRM_EIO, "the writer stopped");
	return rc;
}
