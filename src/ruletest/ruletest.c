/* SPDX-License-Identifier: MIT */
/* ruletest.c - running the tests: sections of rule files: each case's facts
 * set and decided, its clock evaluated or its expression run, and the
 * answer compared with what the case expects. */
#include <stdio.h>
#include <string.h>

#include "../time/civil.h"
#include "../run/run.h"

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
			           crm_test_error_name(t->expect_error), rc ? crm_test_error_name(rc) : "success",
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

size_t crm_ruleset_test_json(const crm_ruleset *rs, size_t i, char *buf, size_t size)
{
	if (!rs || i >= rs->ntests || rs->tests[i].kind != TEST_DECISION)
		return 0;
	const test_case *t = &rs->tests[i];
	const decision *d = &rs->decs[t->decision];
	crm_facts *f;
	if (crm_facts_new(&f, rs))
		return 0;
	crm_error e;
	for (uint32_t k = 0; k < t->nfacts; k++)
		if (crm_facts_set_node(f, t->facts[k].slot, t->facts[k].value, &e)) {
			crm_facts_free(f);
			return 0;
		}
	crm_jout o;
	char pos[32];
	crm_jout_buffer(&o, buf, size);
	crm_jout_put(&o, "{\"file\":", 8);
	crm_jout_string(&o, t->file, strlen(t->file));
	crm_jout_put(&o, pos, (size_t)snprintf(pos, sizeof pos, ",\"line\":%d", t->line));
	crm_jout_put(&o, ",\"name\":", 8);
	crm_jout_string(&o, t->name, strlen(t->name));
	crm_jout_put(&o, ",\"decision\":", 12);
	crm_jout_string(&o, d->name, strlen(d->name));
	crm_jout_put(&o, ",\"facts\":{", 10);
	for (uint32_t k = 0; k < t->nfacts; k++) {
		const char *name = rs->facts[t->facts[k].slot].name;
		crm_value v = crm_val_public(&f->vals[t->facts[k].slot]);
		crm_jout_key(&o, name, k == 0);
		crm_jout_value(&o, &v);
	}
	if (t->expect_error) {
		const char *code = crm_test_error_name(t->expect_error);
		crm_jout_put(&o, "},\"expect_error\":", 17);
		crm_jout_string(&o, code, strlen(code));
	} else {
		crm_jout_put(&o, "},\"expect\":{", 12);
		for (uint32_t k = 0; k < t->nexpect; k++) {
			crm_value v = crm_val_public(&t->expect[k].value);
			crm_jout_key(&o, d->outs[t->expect[k].output].name, k == 0);
			crm_jout_value(&o, &v);
		}
		crm_jout_put(&o, "}", 1);
	}
	crm_jout_put(&o, "}", 1);
	crm_facts_free(f);
	return o.len;
}
