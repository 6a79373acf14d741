/* SPDX-License-Identifier: MIT */
/* testcase.c - the tests: sections of rule files: loading them and running them. */
#include <stdio.h>
#include <string.h>

#include "../time/civil.h"
#include "ruleset.h"

static const struct {
	const char *name;
	int code;
} error_names[] = {
	{"missing", CRM_EMISSING}, {"no_match", CRM_ENOMATCH}, {"conflict", CRM_ETABLE},
	{"overflow", CRM_EOVERFLOW}, {"limit", CRM_ELIMIT},   {"invalid", CRM_EINVAL},
};

static const char *error_name(int code)
{
	for (size_t i = 0; i < CRM_ARRAY_LEN(error_names); i++)
		if (error_names[i].code == code)
			return error_names[i].name;
	return crm_strerror(code);
}

/* Parse an expected value of type t (lists from YAML sequences). */
static int expected_value(loader *l, const crm_ynode *y, uint8_t t, uint8_t elem, crm_val *out)
{
	char msg[200];
	if (t == CRM_T_LIST) {
		if (y->kind != Y_SEQ)
			return crm_load_error(l, CRM_ETYPE, y->line, y->col, "expected a list");
		crm_val *items = crm_arena_alloc(&l->rs->ar, (y->n ? y->n : 1) * sizeof *items);
		if (!items)
			return crm_load_error(l, CRM_ENOMEM, y->line, y->col, "out of memory");
		for (uint32_t i = 0; i < y->n; i++)
			if (expected_value(l, y->items[i], elem, 0, &items[i]))
				return CRM_ETYPE;
		*out = crm_val_unknown();
		out->t = CRM_T_LIST;
		out->elem = elem;
		out->len = y->n;
		out->u.l = items;
		return 0;
	}
	if (y->kind != Y_SCALAR)
		return crm_load_error(l, CRM_ETYPE, y->line, y->col, "expected a %s",
		                      crm_type_name((crm_type)t));
	int rc = crm_value_parse(&l->rs->ar, t, y->text, y->len, out, msg, sizeof msg);
	if (rc)
		return crm_load_error(l, rc, y->line, y->col, "%s", msg);
	return 0;
}

static int instant_of(loader *l, const crm_ynode *y, int64_t *out)
{
	if (!y || y->kind != Y_SCALAR || crm_datetime_parse(out, y->text, y->len))
		return crm_load_error(l, CRM_ESYNTAX, y ? y->line : 0, y ? y->col : 0,
		                      "expected an instant like 2026-10-01T09:00:00+08:00");
	return 0;
}

/* timer: NAME, start:, pauses: [[from, to], ...], stop:, now:, expect: {...} */
static int load_timer_case(loader *l, test_case *t, const crm_ynode *y)
{
	crm_ruleset *rs = l->rs;
	const crm_ynode *name = crm_ymap_get(y, "timer"), *pauses = crm_ymap_get(y, "pauses"),
	                *stop = crm_ymap_get(y, "stop");
	t->kind = TEST_TIMER;
	t->timer = name && name->kind == Y_SCALAR ? crm_map_get(&rs->timer_map, name->text, name->len) : -1;
	if (t->timer < 0)
		return crm_load_error(l, CRM_EUNKNOWN, name->line, name->col, "unknown timer '%s'",
		                      name->kind == Y_SCALAR ? name->text : "?");
	if (instant_of(l, crm_ymap_get(y, "start"), &t->clock.start) ||
	    instant_of(l, crm_ymap_get(y, "now"), &t->now))
		return CRM_ESYNTAX;
	if (stop) {
		t->clock.stopped = 1;
		if (instant_of(l, stop, &t->clock.stop))
			return CRM_ESYNTAX;
	}
	if (pauses) {
		if (pauses->kind != Y_SEQ)
			return crm_load_error(l, CRM_ESYNTAX, pauses->line, pauses->col,
			                      "'pauses' is a list of [from, to] instants");
		crm_sla_pause *p = crm_arena_alloc(&rs->ar, (pauses->n ? pauses->n : 1) * sizeof *p);
		if (!p)
			return crm_load_error(l, CRM_ENOMEM, y->line, y->col, "out of memory");
		for (uint32_t i = 0; i < pauses->n; i++) {
			const crm_ynode *it = pauses->items[i];
			if (it->kind != Y_SEQ || it->n != 2)
				return crm_load_error(l, CRM_ESYNTAX, it->line, it->col,
				                      "a pause is [from, to]");
			if (instant_of(l, it->items[0], &p[i].start) || instant_of(l, it->items[1], &p[i].end))
				return CRM_ESYNTAX;
		}
		t->clock.pauses = p;
		t->clock.npauses = pauses->n;
	}
	t->timer_expect = crm_ymap_get(y, "expect");
	if (!t->timer_expect || t->timer_expect->kind != Y_MAP)
		return crm_load_error(l, CRM_ESYNTAX, y->line, y->col,
		                      "a timer test needs 'expect' (due, status, elapsed, remaining, "
		                      "next_alert, warnings_passed, escalates_to)");
	static const char *const fields[] = {"due", "status", "elapsed", "remaining", "next_alert",
	                                     "warnings_passed", "escalates_to", "breached_at_stop"};
	for (uint32_t i = 0; i < t->timer_expect->n; i++) {
		const crm_ynode *k = crm_ymap_key(t->timer_expect, i);
		bool ok = false;
		for (size_t j = 0; j < CRM_ARRAY_LEN(fields); j++)
			ok = ok || crm_yis(k, fields[j]);
		if (!ok)
			return crm_load_error(l, CRM_EUNKNOWN, k->line, k->col,
			                      "unknown field '%s' (expected due, status, elapsed, "
			                      "remaining, next_alert, warnings_passed, escalates_to, "
			                      "breached_at_stop)", k->text);
	}
	return 0;
}

/* expr: an expression, with optional facts; expect: its value */
static int load_expr_case(loader *l, test_case *t, const crm_ynode *y)
{
	const crm_ynode *e = crm_ymap_get(y, "expr"), *want = crm_ymap_get(y, "expect");
	crm_node *n;
	t->kind = TEST_EXPR;
	if (!e || e->kind != Y_SCALAR)
		return crm_load_error(l, CRM_ESYNTAX, y->line, y->col, "'expr' is an expression");
	if (crm_load_expr(l, e, 0, &n, &t->prog, NULL))
		return CRM_ETYPE;
	if (!want)
		return crm_load_error(l, CRM_ESYNTAX, y->line, y->col, "an expr test needs 'expect'");
	return expected_value(l, want, n->type, n->elem, &t->expect_value);
}

static int load_case(loader *l, const crm_ynode *y, uint32_t idx)
{
	crm_ruleset *rs = l->rs;
	if (y->kind != Y_MAP)
		return crm_load_error(l, CRM_ESYNTAX, y->line, y->col,
		                      "a test is a mapping (name, decision, facts, expect)");
	test_case *t = &rs->tests[rs->ntests];
	memset(t, 0, sizeof *t);
	t->file = l->file;
	t->line = y->line;
	t->col = y->col;
	t->decision = -1;
	const crm_ynode *facts = NULL, *expect = NULL, *fired_ids = NULL;
	for (uint32_t i = 0; i < y->n; i++) {
		const crm_ynode *k = crm_ymap_key(y, i), *v = crm_ymap_val(y, i);
		if (crm_yis(k, "name"))
			t->name = v->kind == Y_SCALAR ? v->text : NULL;
		else if (crm_yis(k, "decision")) {
			t->decision = v->kind == Y_SCALAR ? crm_map_get(&rs->dec_map, v->text, v->len) : -1;
			if (t->decision < 0)
				return crm_load_error(l, CRM_EUNKNOWN, v->line, v->col,
				                      "unknown decision '%s'",
				                      v->kind == Y_SCALAR ? v->text : "?");
		} else if (crm_yis(k, "facts"))
			facts = v;
		else if (crm_yis(k, "expect"))
			expect = v;
		else if (crm_yis(k, "fired"))
			fired_ids = v;
		else if (crm_yis(k, "timer") || crm_yis(k, "start") || crm_yis(k, "pauses") || crm_yis(k, "stop") ||
		         crm_yis(k, "now") || crm_yis(k, "expr"))
			continue; /* read by the timer and expr loaders */
		else if (crm_yis(k, "expect_error")) {
			for (size_t e = 0; e < CRM_ARRAY_LEN(error_names); e++)
				if (crm_yis(v, error_names[e].name))
					t->expect_error = error_names[e].code;
			if (!t->expect_error)
				return crm_load_error(l, CRM_EUNKNOWN, v->line, v->col,
				                      "unknown expected error (expected missing, no_match, "
				                      "conflict, overflow, limit or invalid)");
		} else if (!crm_yis(k, "description"))
			return crm_load_error(l, CRM_EUNKNOWN, k->line, k->col,
			                      "unknown key '%s' in a test (expected name, decision, "
			                      "facts, expect, expect_error, fired, description)",
			                      k->text);
	}
	if (!t->name) {
		char buf[32];
		snprintf(buf, sizeof buf, "test #%u", idx + 1);
		t->name = crm_arena_strdup(&rs->ar, buf);
	}
	if (crm_ymap_get(y, "timer") || crm_ymap_get(y, "expr")) {
		int rc = crm_ymap_get(y, "timer") ? load_timer_case(l, t, y) : load_expr_case(l, t, y);
		if (!rc && t->kind == TEST_EXPR && facts && !crm_ynull(facts))
			goto load_facts;
		if (!rc)
			rs->ntests++;
		return rc;
	}
	if (t->decision < 0)
		return crm_load_error(l, CRM_ESYNTAX, y->line, y->col,
		                      "test '%s' names no decision, timer or expr", t->name);
	if (!crm_ymap_get(y, "timer") && !crm_ymap_get(y, "expr") && !expect && !t->expect_error &&
	    !fired_ids)
		return crm_load_error(l, CRM_ESYNTAX, y->line, y->col,
		                      "test '%s' expects nothing (give expect, expect_error or fired)",
		                      t->name);
load_facts:
	if (facts && !crm_ynull(facts)) {
		if (facts->kind != Y_MAP)
			return crm_load_error(l, CRM_ESYNTAX, facts->line, facts->col,
			                      "'facts' maps fact names to values");
		t->facts = crm_arena_alloc(&rs->ar, (facts->n ? facts->n : 1) * sizeof *t->facts);
		if (!t->facts)
			return crm_load_error(l, CRM_ENOMEM, y->line, y->col, "out of memory");
		for (uint32_t i = 0; i < facts->n; i++) {
			const crm_ynode *k = crm_ymap_key(facts, i);
			int slot = crm_map_get(&rs->fact_map, k->text, k->len);
			if (slot < 0)
				return crm_load_error(l, CRM_EUNKNOWN, k->line, k->col, "unknown fact '%s'",
				                      k->text);
			t->facts[t->nfacts].slot = slot;
			t->facts[t->nfacts].value = crm_ymap_val(facts, i);
			t->nfacts++;
		}
	}
	if (t->kind == TEST_EXPR) {
		rs->ntests++;
		return 0;
	}
	const decision *d = &rs->decs[t->decision];
	if (expect) {
		if (expect->kind != Y_MAP)
			return crm_load_error(l, CRM_ESYNTAX, expect->line, expect->col,
			                      "'expect' maps output names to values");
		t->expect = crm_arena_alloc(&rs->ar, (expect->n ? expect->n : 1) * sizeof *t->expect);
		if (!t->expect)
			return crm_load_error(l, CRM_ENOMEM, y->line, y->col, "out of memory");
		for (uint32_t i = 0; i < expect->n; i++) {
			const crm_ynode *k = crm_ymap_key(expect, i), *v = crm_ymap_val(expect, i);
			uint32_t o = 0;
			while (o < d->nouts && strcmp(d->outs[o].name, k->text) != 0)
				o++;
			if (o == d->nouts)
				return crm_load_error(l, CRM_EUNKNOWN, k->line, k->col,
				                      "decision '%s' has no output '%s'", d->name, k->text);
			test_expect *te = &t->expect[t->nexpect];
			te->output = (int)o;
			const output_decl *od = &d->outs[o];
			uint8_t elem = od->result_type == CRM_T_LIST && od->type != CRM_T_LIST ? od->type
			                                                                      : od->elem;
			if (expected_value(l, v, od->result_type, elem, &te->value))
				return CRM_ETYPE;
			t->nexpect++;
		}
	}
	if (fired_ids) {
		if (fired_ids->kind != Y_SEQ)
			return crm_load_error(l, CRM_ESYNTAX, fired_ids->line, fired_ids->col,
			                      "'fired' is a list of rule ids");
		t->expect_fired = crm_arena_alloc(&rs->ar, (fired_ids->n ? fired_ids->n : 1) * sizeof(char *));
		if (!t->expect_fired)
			return crm_load_error(l, CRM_ENOMEM, y->line, y->col, "out of memory");
		for (uint32_t i = 0; i < fired_ids->n; i++)
			t->expect_fired[i] = fired_ids->items[i]->kind == Y_SCALAR ? fired_ids->items[i]->text : "";
		t->nexpect_fired = fired_ids->n;
	}
	rs->ntests++;
	return 0;
}

int crm_tests_load(loader *l, const crm_ynode *y)
{
	crm_ruleset *rs = l->rs;
	if (crm_ynull(y))
		return 0;
	if (y->kind != Y_SEQ)
		return crm_load_error(l, CRM_ESYNTAX, y->line, y->col, "'tests' must be a list");
	if (!crm_arena_grow(&rs->ar, (void **)&rs->tests, &rs->cap_tests, rs->ntests + y->n,
	                    sizeof *rs->tests))
		return crm_load_error(l, CRM_ENOMEM, y->line, y->col, "out of memory");
	int rc = 0;
	for (uint32_t i = 0; i < y->n; i++)
		rc |= load_case(l, y->items[i], i);
	return rc;
}

size_t crm_ruleset_test_count(const crm_ruleset *rs)
{
	return rs ? rs->ntests : 0;
}

const char *crm_ruleset_test_name(const crm_ruleset *rs, size_t i)
{
	return rs && i < rs->ntests ? rs->tests[i].name : NULL;
}

static const char *const status_names[] = {"?", "running", "warning", "breached", "stopped"};

/* Compare one field of a timer's state with its expected text. */
static bool timer_field(const crm_sla_state *s, const crm_ynode *k, const crm_ynode *v, char *got,
                        size_t size)
{
	int64_t want;
	if (crm_yis(k, "status")) {
		snprintf(got, size, "%s", status_names[s->status]);
		return crm_yis(v, got);
	}
	if (crm_yis(k, "escalates_to")) {
		snprintf(got, size, "%s", s->escalates_to ? s->escalates_to : "null");
		return crm_yis(v, got) || (!s->escalates_to && crm_ynull(v));
	}
	if (crm_yis(k, "warnings_passed") || crm_yis(k, "breached_at_stop")) {
		int x = crm_yis(k, "warnings_passed") ? s->warnings_passed : s->breached_at_stop;
		snprintf(got, size, crm_yis(k, "warnings_passed") ? "%d" : (x ? "true" : "false"), x);
		return crm_yis(v, got);
	}
	if (crm_yis(k, "due") || crm_yis(k, "next_alert")) {
		int64_t x = crm_yis(k, "due") ? s->due : s->next_alert;
		if (crm_yis(k, "next_alert") && !s->has_next_alert) {
			snprintf(got, size, "null");
			return crm_ynull(v);
		}
		crm_datetime_format(got, size, x, s->utc_offset);
		return v->kind == Y_SCALAR && crm_datetime_parse(&want, v->text, v->len) == 0 &&
		       want == x;
	}
	int64_t x = crm_yis(k, "elapsed") ? s->elapsed : s->remaining;
	char d[48];
	crm_duration_format(d, sizeof d, x < 0 ? -x : x);
	snprintf(got, size, "%s%s", x < 0 ? "-" : "", d);
	return v->kind == Y_SCALAR && crm_duration_parse(&want, v->text, v->len) == 0 && want == x;
}

static int run_timer_case(crm_context *c, const test_case *t, int *passed, crm_error *err)
{
	const crm_ruleset *rs = c->rs;
	crm_sla_state s;
	crm_error e;
	int rc = crm_sla_compute(&rs->timers[t->timer], &t->clock, t->now, &s, &e);
	if (rc) {
		crm_err_at(err, rc, t->file, t->line, t->col, "test '%s': %s", t->name, e.message);
		return 0;
	}
	for (uint32_t i = 0; i < t->timer_expect->n; i++) {
		const crm_ynode *k = crm_ymap_key(t->timer_expect, i), *v = crm_ymap_val(t->timer_expect, i);
		char got[64];
		if (!timer_field(&s, k, v, got, sizeof got)) {
			crm_err_at(err, CRM_EINVAL, t->file, t->line, t->col,
			           "test '%s': %s: expected %s, got %s", t->name, k->text,
			           v->kind == Y_SCALAR ? v->text : "?", got);
			return 0;
		}
	}
	crm_err_at(err, 0, t->file, t->line, t->col, "test '%s' passed", t->name);
	*passed = 1;
	return 0;
}

int crm_ruleset_test_run(crm_context *c, size_t i, int *passed, crm_error *err)
{
	if (!c || !passed)
		return crm_err_set(err, CRM_EINVAL, "context and passed must not be NULL");
	const crm_ruleset *rs = c->rs;
	*passed = 0;
	if (i >= rs->ntests)
		return crm_err_set(err, CRM_EINVAL, "no test %zu", i);
	const test_case *t = &rs->tests[i];
	if (t->kind == TEST_TIMER)
		return run_timer_case(c, t, passed, err);
	crm_facts *f;
	int rc = crm_facts_new(&f, rs);
	if (rc)
		return crm_err_set(err, rc, "out of memory");
	crm_error e;
	crm_err_clear(&e);
	for (uint32_t k = 0; k < t->nfacts; k++) {
		rc = crm_facts_set_node(f, t->facts[k].slot, t->facts[k].value, &e);
		if (rc) {
			crm_facts_free(f);
			if (rc == CRM_ENOMEM)
				return crm_err_set(err, rc, "out of memory");
			const crm_ynode *v = t->facts[k].value;
			crm_err_at(err, rc, t->file, v->line, v->col, "test '%s': %s", t->name, e.message);
			return 0;
		}
	}
	char a[256], b[256];
	if (t->kind == TEST_EXPR) {
		crm_val v;
		rc = crm_context_eval(c, &t->prog, f, &v, &e);
		crm_facts_free(f);
		if (rc) {
			crm_err_at(err, rc, t->file, t->line, t->col, "test '%s': %s", t->name, e.message);
			return rc == CRM_ENOMEM ? rc : 0;
		}
		crm_value want = crm_val_public(&t->expect_value), got = crm_val_public(&v);
		crm_value_format(a, sizeof a, &want);
		crm_value_format(b, sizeof b, &got);
		*passed = strcmp(a, b) == 0;
		crm_err_at(err, *passed ? 0 : CRM_EINVAL, t->file, t->line, t->col,
		           *passed ? "test '%s' passed" : "test '%s': expected %s, got %s", t->name, a, b);
		return 0;
	}
	const crm_result *r;
	rc = crm_decide_index(c, t->decision, f, &r, &e);
	int ok = 1;
	crm_err_at(err, 0, t->file, t->line, t->col, "test '%s' passed", t->name);
	if (t->expect_error) {
		if (rc != t->expect_error) {
			ok = 0;
			crm_err_at(err, CRM_EINVAL, t->file, t->line, t->col,
			           "test '%s': expected error '%s', got %s%s%s", t->name,
			           error_name(t->expect_error), rc ? error_name(rc) : "success",
			           rc ? ": " : "", rc ? e.message : "");
		}
	} else if (rc) {
		ok = 0;
		crm_err_at(err, rc, t->file, t->line, t->col, "test '%s': %s", t->name, e.message);
	}
	if (ok && !rc) {
		const decision *d = &rs->decs[t->decision];
		for (uint32_t k = 0; k < t->nexpect && ok; k++) {
			const test_expect *te = &t->expect[k];
			crm_value got = crm_result_output(r, (size_t)te->output);
			crm_value want = crm_val_public(&te->value);
			crm_value_format(a, sizeof a, &want);
			crm_value_format(b, sizeof b, &got);
			if (strcmp(a, b) != 0) {
				ok = 0;
				crm_err_at(err, CRM_EINVAL, t->file, t->line, t->col,
				           "test '%s': %s: expected %s, got %s", t->name,
				           d->outs[te->output].name, a, b);
			}
		}
	}
	if (ok && r && t->expect_fired) {
		size_t nf = crm_result_fired_count(r);
		bool same = nf == t->nexpect_fired;
		for (size_t k = 0; k < nf && same; k++)
			same = strcmp(crm_result_fired_id(r, k), t->expect_fired[k]) == 0;
		if (!same) {
			size_t used = 0;
			b[0] = '\0';
			for (size_t k = 0; k < nf && used < sizeof b - 40; k++)
				used += (size_t)snprintf(b + used, sizeof b - used, "%s%s", k ? ", " : "",
				                         crm_result_fired_id(r, k));
			used = 0;
			a[0] = '\0';
			for (size_t k = 0; k < t->nexpect_fired && used < sizeof a - 40; k++)
				used += (size_t)snprintf(a + used, sizeof a - used, "%s%s", k ? ", " : "",
				                         t->expect_fired[k]);
			ok = 0;
			crm_err_at(err, CRM_EINVAL, t->file, t->line, t->col,
			           "test '%s': expected rules [%s] to fire, got [%s]", t->name, a, b);
		}
	}
	crm_facts_free(f);
	*passed = ok;
	return 0;
}
