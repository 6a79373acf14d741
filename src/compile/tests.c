/* SPDX-License-Identifier: MIT */
/* tests.c - the tests: sections of rule files compiled: facts (checked
 * against their declarations), expectations, clocks and expressions
 * (ruletest/ runs them). */
#include <stdio.h>
#include <string.h>

#include "../time/civil.h"
#include "compile.h"

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
	if (t->timer < 0) {
		char hint[200];
		return crm_load_error(l, CRM_EUNKNOWN, name->line, name->col, "unknown timer '%s'%s",
		                      name->kind == Y_SCALAR ? name->text : "?",
		                      crm_load_hint_map(&rs->timer_map, name, hint, sizeof hint));
	}
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
	t->expr_text = e->text;
	if (crm_load_expr(l, e, 0, &n, &t->prog, NULL))
		return CRM_ETYPE;
	if (!want)
		return crm_load_error(l, CRM_ESYNTAX, y->line, y->col, "an expr test needs 'expect'");
	return expected_value(l, want, n->type, n->elem, &t->expect_value);
}

/* A test's fact as the test will set it, refused here as the setter
 * would refuse it then: of the fact's type, one of its values, in its
 * range, matching its pattern. */
static int check_fact(loader *l, const fact_decl *fd, const crm_ynode *v, crm_regex_scratch *rx)
{
	crm_val items[256], val;
	crm_error e;
	int rc = crm_fact_node_value(fd, v, items, CRM_ARRAY_LEN(items), &val, &e);
	if (rc)
		return crm_load_error(l, rc, e.line, e.column, "%s", e.message);
	uint32_t n = val.t == CRM_T_LIST ? val.len : val.t != CRM_T_UNKNOWN;
	for (uint32_t i = 0; i < n; i++) {
		const crm_val *it = val.t == CRM_T_LIST ? &items[i] : &val;
		const crm_ynode *at = val.t == CRM_T_LIST ? v->items[i] : v;
		if ((rc = crm_fact_value_check(fd, it, rx, &e)))
			return crm_load_error(l, rc, at->line, at->col, "%s", e.message);
	}
	return 0;
}

static int load_case(loader *l, const crm_ynode *y, uint32_t idx, crm_regex_scratch *rx)
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
			if (t->decision < 0) {
				char hint[200];
				return crm_load_error(l, CRM_EUNKNOWN, v->line, v->col,
				                      "unknown decision '%s'%s",
				                      v->kind == Y_SCALAR ? v->text : "?",
				                      crm_load_hint_map(&rs->dec_map, v, hint, sizeof hint));
			}
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
			t->expect_error = crm_test_error_code(v);
			if (!t->expect_error)
				return crm_load_error(l, CRM_EUNKNOWN, v->line, v->col,
				                      "unknown expected error (expected missing, no_match, "
				                      "conflict, overflow, limit, invalid or range)");
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
			if (slot < 0) {
				char hint[200];
				return crm_load_error(l, CRM_EUNKNOWN, k->line, k->col, "unknown fact '%s'%s",
				                      k->text,
				                      crm_load_hint_map(&rs->fact_map, k, hint, sizeof hint));
			}
			const crm_ynode *v = crm_ymap_val(facts, i);
			if (check_fact(l, &rs->facts[slot], v, rx))
				return CRM_EINVAL;
			t->facts[t->nfacts].slot = slot;
			t->facts[t->nfacts].value = v;
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
			if (o == d->nouts) {
				char hint[200];
				return crm_load_error(l, CRM_EUNKNOWN, k->line, k->col,
				                      "decision '%s' has no output '%s'%s", d->name, k->text,
				                      crm_load_output_hint(d, k, hint, sizeof hint));
			}
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
	/* scratch for facts' patterns */
	crm_regex_scratch *rx = NULL;
	if (rs->has_patterns && crm_regex_scratch_new(&rx, &rs->al))
		return crm_load_error(l, CRM_ENOMEM, y->line, y->col, "out of memory");
	int rc = 0;
	for (uint32_t i = 0; i < y->n; i++)
		rc |= load_case(l, y->items[i], i, rx);
	crm_regex_scratch_free(rx);
	return rc;
}
