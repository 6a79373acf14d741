/* SPDX-License-Identifier: MIT */
/* check_match.c - native cell tests and the column index against the VM.
 *
 * One generated table is written twice: with cells (compiled to native
 * tests, indexed by column) and with the same conditions as `when:`
 * expressions (run by the VM, every rule scanned). Both decide thousands of
 * random facts, some of them unset; statuses, matched rules and their order
 * must be identical. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "suites.h"

#define NRULES 400

static uint32_t next(uint64_t *s)
{
	*s = *s * 6364136223846793005u + 1442695040888963407u;
	return (uint32_t)(*s >> 33);
}

/* Appends one rule in both forms. */
static void gen_rule(uint64_t *s, int id, char *cells, size_t csz, char *when, size_t wsz)
{
	char c[4][64], w[4][96];
	int nw = 0;
	/* region: equality (a list of one or two values), or any */
	uint32_t k = next(s) % 6, r1 = next(s) % 8;
	if (k < 3) {
		snprintf(c[0], sizeof c[0], "[r%u]", r1);
		snprintf(w[nw++], sizeof w[0], "region = \"r%u\"", r1);
	} else if (k < 5) {
		uint32_t r2 = (r1 + 1 + next(s) % 7) % 8;
		snprintf(c[0], sizeof c[0], "[r%u, r%u]", r1, r2);
		snprintf(w[nw++], sizeof w[0], "(region = \"r%u\" or region = \"r%u\")", r1, r2);
	} else {
		strcpy(c[0], "'-'");
	}
	/* amount: a range, a comparison, an equality, or any */
	int lo = (int)(next(s) % 100), hi = lo + 1 + (int)(next(s) % 30);
	switch (next(s) % 6) {
	case 0:
		snprintf(c[1], sizeof c[1], "'[%d..%d)'", lo, hi);
		snprintf(w[nw++], sizeof w[0], "amount >= %d and amount < %d", lo, hi);
		break;
	case 1:
		snprintf(c[1], sizeof c[1], "'(%d..%d]'", lo, hi);
		snprintf(w[nw++], sizeof w[0], "amount > %d and amount <= %d", lo, hi);
		break;
	case 2:
		snprintf(c[1], sizeof c[1], "'> %d'", lo);
		snprintf(w[nw++], sizeof w[0], "amount > %d", lo);
		break;
	case 3:
		snprintf(c[1], sizeof c[1], "'<= %d'", lo);
		snprintf(w[nw++], sizeof w[0], "amount <= %d", lo);
		break;
	case 4:
		snprintf(c[1], sizeof c[1], "'%d'", lo);
		snprintf(w[nw++], sizeof w[0], "amount = %d", lo);
		break;
	default:
		strcpy(c[1], "'-'");
	}
	/* flag */
	switch (next(s) % 3) {
	case 0: strcpy(c[2], "'true'"); snprintf(w[nw++], sizeof w[0], "flag"); break;
	case 1: strcpy(c[2], "'false'"); snprintf(w[nw++], sizeof w[0], "not flag"); break;
	default: strcpy(c[2], "'-'");
	}
	/* score: a number range */
	if (next(s) % 4 == 0) {
		snprintf(c[3], sizeof c[3], "'[%d.5..%d]'", lo / 10, hi / 10 + 1);
		snprintf(w[nw++], sizeof w[0], "score >= %d.5 and score <= %d", lo / 10, hi / 10 + 1);
	} else {
		strcpy(c[3], "'-'");
	}
	size_t cl = strlen(cells), wl = strlen(when);
	snprintf(cells + cl, csz - cl, "      - { id: c%d, if: [%s, %s, %s, %s], then: '%d' }\n", id,
	         c[0], c[1], c[2], c[3], id);
	char cond[512] = "true";
	size_t n = 0;
	for (int i = 0; i < nw; i++)
		n += (size_t)snprintf(cond + n, sizeof cond - n, "%s(%s)", i ? " and " : "", w[i]);
	snprintf(when + wl, wsz - wl, "      - { id: w%d, when: '%s', then: '%d' }\n", id, cond, id);
}

START_TEST(index_matches_vm)
{
	size_t cap = (size_t)NRULES * 256 + 4096;
	char *yaml = malloc(cap * 2 + 1024), *cells = malloc(cap), *when = malloc(cap);
	ck_assert_ptr_nonnull(yaml);
	ck_assert_ptr_nonnull(cells);
	ck_assert_ptr_nonnull(when);
	cells[0] = when[0] = '\0';
	uint64_t seed = 12345;
	for (int i = 0; i < NRULES; i++)
		gen_rule(&seed, i, cells, cap, when, cap);
	snprintf(yaml, cap * 2 + 1024,
	         "facts:\n  region: string\n  amount: int\n  flag: bool\n  score: number\n"
	         "decisions:\n"
	         "  by_cells:\n    inputs: [region, amount, flag, score]\n"
	         "    outputs: { id: int }\n    hit: rule_order\n    rules:\n%s"
	         "  by_when:\n    outputs: { id: int }\n    hit: rule_order\n    rules:\n%s",
	         cells, when);
	crm_ruleset *rs = load_ok(yaml);
	crm_context *ctx;
	crm_facts *f;
	ck_assert_int_eq(crm_context_new(&ctx, rs, NULL), 0);
	ck_assert_int_eq(crm_facts_new(&f, rs), 0);
	int dc = crm_decision_find(rs, "by_cells"), dw = crm_decision_find(rs, "by_when");
	int s_region = crm_fact_slot(rs, "region"), s_amount = crm_fact_slot(rs, "amount"),
	    s_flag = crm_fact_slot(rs, "flag"), s_score = crm_fact_slot(rs, "score");
	int decided = 0, missing = 0;
	for (int i = 0; i < 4000; i++) {
		crm_facts_clear(f);
		char region[8];
		snprintf(region, sizeof region, "r%u", next(&seed) % 10); /* r8, r9: in no rule */
		if (next(&seed) % 10)
			crm_facts_set_string(f, s_region, region, strlen(region), NULL);
		if (next(&seed) % 10)
			crm_facts_set_int(f, s_amount, (int)(next(&seed) % 140) - 5, NULL);
		if (next(&seed) % 10)
			crm_facts_set_bool(f, s_flag, (int)(next(&seed) % 2), NULL);
		if (next(&seed) % 10)
			crm_facts_set_number(f, s_score, (next(&seed) % 150) / 10.0, NULL);
		/* both results live in one context: decide, copy the ids, decide again */
		const crm_result *r;
		crm_error err;
		int rc = crm_decide_index(ctx, dc, f, &r, &err);
		int64_t ids[NRULES];
		size_t n = 0;
		if (!rc) {
			crm_value l = crm_result_output(r, 0);
			for (size_t k = 0; k < l.u.list.len; k++)
				ids[n++] = crm_value_item(&l, k).u.i;
		}
		const crm_result *rw;
		int rcw = crm_decide_index(ctx, dw, f, &rw, &err);
		ck_assert_msg(rc == rcw, "input %d: status %d (cells) vs %d (when)", i, rc, rcw);
		if (rc) {
			missing++;
			continue;
		}
		decided++;
		crm_value lw = crm_result_output(rw, 0);
		ck_assert_uint_eq(n, lw.u.list.len);
		for (size_t k = 0; k < n; k++)
			ck_assert_int_eq(ids[k], crm_value_item(&lw, k).u.i);
	}
	/* the inputs reach both outcomes often */
	ck_assert_int_gt(decided, 500);
	ck_assert_int_gt(missing, 500);
	crm_facts_free(f);
	crm_context_free(ctx);
	crm_ruleset_free(rs);
	free(yaml);
	free(cells);
	free(when);
}
END_TEST

/* A first-hit table large enough to be indexed, checked rule by rule. */
START_TEST(index_first_hit)
{
	char *yaml = malloc(1 << 20);
	ck_assert_ptr_nonnull(yaml);
	size_t n = (size_t)snprintf(yaml, 1 << 20,
	                            "facts:\n  code: int\n  kind: string\n"
	                            "decisions:\n  rate:\n    inputs: [code, kind]\n"
	                            "    outputs: { rate: int }\n    hit: first\n    rules:\n");
	for (int c = 0; c < 50; c++) /* bands open below: (0..10], (10..20], ... */
		for (int k = 0; k < 4; k++)
			n += (size_t)snprintf(yaml + n, (1 << 20) - n,
			                      "      - { if: ['(%d..%d]', [k%d]], then: '%d' }\n",
			                      c * 10, c * 10 + 10, k, c * 10 + k);
	snprintf(yaml + n, (1 << 20) - n, "      - { if: ['-', '-'], then: '-1' }\n");
	crm_ruleset *rs = load_ok(yaml);
	crm_context *ctx;
	crm_facts *f;
	ck_assert_int_eq(crm_context_new(&ctx, rs, NULL), 0);
	ck_assert_int_eq(crm_facts_new(&f, rs), 0);
	for (int v = -5; v < 510; v++)
		for (int k = 0; k < 6; k++) {
			char kind[8];
			snprintf(kind, sizeof kind, "k%d", k);
			crm_facts_set_int(f, 0, v, NULL);
			crm_facts_set_string(f, 1, kind, strlen(kind), NULL);
			const crm_result *r;
			crm_error err;
			ck_assert_int_eq(crm_decide(ctx, "rate", f, &r, &err), 0);
			int64_t rate;
			ck_assert_int_eq(crm_result_get_int(r, "rate", &rate), 0);
			/* v is in (c*10, c*10+10] for c = (v-1)/10 */
			int c = (v - 1) / 10;
			ck_assert_int_eq(rate, (v > 0 && v <= 500 && k < 4) ? c * 10 + k : -1);
		}
	/* an unknown indexed input: every rule is looked at, and the first one
	 * that cannot be decided makes the decision wait for the fact */
	crm_facts_unset(f, 0);
	const crm_result *r;
	crm_error err;
	/* ... unless the known input rules every such rule out (kind k5 is in
	 * none: the catch-all decides) */
	crm_facts_set_string(f, 1, "k5", 2, NULL);
	ck_assert_int_eq(crm_decide(ctx, "rate", f, &r, &err), 0);
	ck_assert_int_eq(crm_result_output(r, 0).u.i, -1);
	crm_facts_set_string(f, 1, "k1", 2, NULL);
	ck_assert_int_eq(crm_decide(ctx, "rate", f, &r, &err), CRM_EMISSING);
	ck_assert_str_eq(crm_ruleset_fact_name(rs, (size_t)crm_result_missing_fact(r, 0)), "code");
	crm_facts_free(f);
	crm_context_free(ctx);
	crm_ruleset_free(rs);
	free(yaml);
}
END_TEST

Suite *match_suite(void)
{
	Suite *s = suite_create("match");
	TCase *tc = tcase_create("native tests and index");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, index_matches_vm);
	tcase_add_test(tc, index_first_hit);
	suite_add_tcase(s, tc);
	return s;
}
