/* SPDX-License-Identifier: MIT */
/* check_match.c - native cell tests and the column index against the VM.
 *
 * One generated table is written twice: with cells (compiled to native
 * tests, indexed by column) and with the same conditions as `when:`
 * expressions (run by the VM, every rule scanned). Both decide thousands of
 * random facts, some of them unset; statuses, matched rules and their order
 * must be identical. */
#include <stdbool.h>
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
	char c[7][64], w[8][96];
	int nw = 0;
	/* region: equality (a list of one or two of twelve values, enough for
	 * the index to hash them), or any */
	uint32_t k = next(s) % 6, r1 = next(s) % 12;
	if (k < 3) {
		snprintf(c[0], sizeof c[0], "[r%u]", r1);
		snprintf(w[nw++], sizeof w[0], "region = \"r%u\"", r1);
	} else if (k < 5) {
		uint32_t r2 = (r1 + 1 + next(s) % 11) % 12;
		snprintf(c[0], sizeof c[0], "[r%u, r%u]", r1, r2);
		snprintf(w[nw++], sizeof w[0], "(region = \"r%u\" or region = \"r%u\")", r1, r2);
	} else {
		strcpy(c[0], "'-'");
	}
	/* amount: a range, a comparison, an equality, an inequality, or any */
	int lo = (int)(next(s) % 100), hi = lo + 1 + (int)(next(s) % 30);
	switch (next(s) % 7) {
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
	case 5:
		snprintf(c[1], sizeof c[1], "'!= %d'", lo);
		snprintf(w[nw++], sizeof w[0], "amount != %d", lo);
		break;
	default:
		strcpy(c[1], "'-'");
	}
	/* flag; in one rule of four a when: beside the cells tests it, which
	 * only the VM can run */
	const char *extra = "";
	switch (next(s) % 4) {
	case 0: strcpy(c[2], "'true'"); snprintf(w[nw++], sizeof w[0], "flag"); break;
	case 1: strcpy(c[2], "'false'"); snprintf(w[nw++], sizeof w[0], "not flag"); break;
	case 2:
		strcpy(c[2], "'-'");
		extra = ", when: 'not flag'";
		snprintf(w[nw++], sizeof w[0], "not flag");
		break;
	default: strcpy(c[2], "'-'");
	}
	/* score: a number range */
	if (next(s) % 4 == 0) {
		snprintf(c[3], sizeof c[3], "'[%d.5..%d]'", lo / 10, hi / 10 + 1);
		snprintf(w[nw++], sizeof w[0], "score >= %d.5 and score <= %d", lo / 10, hi / 10 + 1);
	} else {
		strcpy(c[3], "'-'");
	}
	/* level: a small integer (one mask per value) */
	int lv = (int)(next(s) % 6);
	switch (next(s) % 5) {
	case 0:
		snprintf(c[4], sizeof c[4], "'>= %d'", lv);
		snprintf(w[nw++], sizeof w[0], "level >= %d", lv);
		break;
	case 1:
		snprintf(c[4], sizeof c[4], "'!= %d'", lv);
		snprintf(w[nw++], sizeof w[0], "level != %d", lv);
		break;
	case 2:
		snprintf(c[4], sizeof c[4], "'[%d..%d]'", lv, lv + 2);
		snprintf(w[nw++], sizeof w[0], "level >= %d and level <= %d", lv, lv + 2);
		break;
	default:
		strcpy(c[4], "'-'");
	}
	/* tier: a string with declared values */
	switch (next(s) % 4) {
	case 0:
		strcpy(c[5], "[gold]");
		snprintf(w[nw++], sizeof w[0], "tier = \"gold\"");
		break;
	case 1:
		strcpy(c[5], "[silver, bronze]");
		snprintf(w[nw++], sizeof w[0], "(tier = \"silver\" or tier = \"bronze\")");
		break;
	default:
		strcpy(c[5], "'-'");
	}
	/* twice the level: an input computed from a fact */
	if (next(s) % 3 == 0) {
		snprintf(c[6], sizeof c[6], "'< %d'", 2 * lv + 1);
		snprintf(w[nw++], sizeof w[0], "level * 2 < %d", 2 * lv + 1);
	} else {
		strcpy(c[6], "'-'");
	}
	/* serial <= id: no rule is covered by the rules before it (the loader
	 * rejects such a rule in a 'first' table) */
	snprintf(w[nw++], sizeof w[0], "serial <= %d", id);
	size_t cl = strlen(cells), wl = strlen(when);
	snprintf(cells + cl, csz - cl,
	         "      - { id: c%d, if: [%s, %s, %s, %s, %s, %s, %s, '<= %d']%s, then: '%d' }\n",
	         id, c[0], c[1], c[2], c[3], c[4], c[5], c[6], id, extra, id);
	char cond[768] = "true";
	size_t n = 0;
	for (int i = 0; i < nw; i++)
		n += (size_t)snprintf(cond + n, sizeof cond - n, "%s(%s)", i ? " and " : "", w[i]);
	snprintf(when + wl, wsz - wl, "      - { id: w%d, when: '%s', then: '%d' }\n", id, cond, id);
}

/* nrules rules under hit policy hit, written both ways, deciding random
 * facts: the same status and the same rules. */
static void cells_match_when(int nrules, const char *hit, uint64_t seed)
{
	size_t cap = (size_t)nrules * 400 + 4096;
	char *yaml = malloc(cap * 2 + 2048), *cells = malloc(cap), *when = malloc(cap);
	ck_assert_ptr_nonnull(yaml);
	ck_assert_ptr_nonnull(cells);
	ck_assert_ptr_nonnull(when);
	cells[0] = when[0] = '\0';
	for (int i = 0; i < nrules; i++)
		gen_rule(&seed, i, cells, cap, when, cap);
	snprintf(yaml, cap * 2 + 2048,
	         "facts:\n  region: string\n  amount: int\n  flag: bool\n  score: number\n"
	         "  level: int\n  tier: { type: string, values: [gold, silver, bronze, iron] }\n"
	         "  serial: int\n"
	         "decisions:\n"
	         "  by_cells:\n    inputs: [region, amount, flag, score, level, tier,\n"
	         "             { name: twice, expr: \"level * 2\" }, serial]\n"
	         "    outputs: { id: int }\n    hit: %s\n    rules:\n%s"
	         "  by_when:\n    outputs: { id: int }\n    hit: %s\n    rules:\n%s",
	         hit, cells, hit, when);
	crm_ruleset *rs = load_ok(yaml);
	crm_context *ctx;
	crm_facts *f;
	open_with(rs, &ctx, &f);
	int dc = crm_decision_find(rs, "by_cells"), dw = crm_decision_find(rs, "by_when");
	int s_region = crm_fact_slot(rs, "region"), s_amount = crm_fact_slot(rs, "amount"),
	    s_flag = crm_fact_slot(rs, "flag"), s_score = crm_fact_slot(rs, "score"),
	    s_level = crm_fact_slot(rs, "level"), s_tier = crm_fact_slot(rs, "tier"),
	    s_serial = crm_fact_slot(rs, "serial");
	static const char *const tiers[] = {"gold", "silver", "bronze", "iron"};
	int decided = 0, undecided = 0;
	for (int i = 0; i < 4000; i++) {
		crm_facts_clear(f);
		char region[8];
		/* r12, r13, "r" and "": in no rule, between or before the others */
		uint32_t rk = next(&seed) % 16;
		if (rk < 14)
			snprintf(region, sizeof region, "r%u", rk);
		else
			strcpy(region, rk == 14 ? "r" : "");
		/* each fact is unset one time in 30 */
		if (next(&seed) % 30)
			crm_facts_set_string(f, s_region, region, strlen(region), NULL);
		if (next(&seed) % 30)
			crm_facts_set_int(f, s_amount, (int)(next(&seed) % 140) - 5, NULL);
		if (next(&seed) % 30)
			crm_facts_set_bool(f, s_flag, (int)(next(&seed) % 2), NULL);
		if (next(&seed) % 30)
			crm_facts_set_number(f, s_score, (next(&seed) % 150) / 10.0, NULL);
		if (next(&seed) % 30)
			crm_facts_set_int(f, s_level, (int)(next(&seed) % 10) - 2, NULL);
		if (next(&seed) % 30)
			crm_facts_set_int(f, s_serial, (int)(next(&seed) % (uint32_t)(nrules + 3)) - 1,
			                  NULL);
		if (next(&seed) % 30) {
			const char *t = tiers[next(&seed) % 4];
			crm_facts_set_string(f, s_tier, t, strlen(t), NULL);
		}
		/* both results live in one context: decide, copy the ids, decide again */
		const crm_result *r;
		crm_error err;
		int rc = crm_decide_index(ctx, dc, f, &r, &err);
		int64_t ids[512];
		size_t n = 0;
		if (!rc) {
			crm_value l = crm_result_output(r, 0);
			if (l.type == CRM_T_LIST)
				for (size_t k = 0; k < l.u.list.len; k++)
					ids[n++] = crm_value_item(&l, k).u.i;
			else
				ids[n++] = l.u.i;
		}
		const crm_result *rw;
		int rcw = crm_decide_index(ctx, dw, f, &rw, &err);
		ck_assert_msg(rc == rcw, "%d rules, %s, input %d: status %d (cells) vs %d (when)",
		              nrules, hit, i, rc, rcw);
		if (rc) {
			undecided++;
			continue;
		}
		decided++;
		crm_value lw = crm_result_output(rw, 0);
		if (lw.type == CRM_T_LIST) {
			ck_assert_uint_eq(n, lw.u.list.len);
			for (size_t k = 0; k < n; k++)
				ck_assert_int_eq(ids[k], crm_value_item(&lw, k).u.i);
		} else {
			ck_assert_int_eq(ids[0], lw.u.i);
		}
	}
	/* the inputs reach both outcomes */
	ck_assert_int_gt(decided, nrules > 4 ? 150 : 100);
	ck_assert_int_gt(undecided, nrules > 4 ? 10 : 0);
	close_all(rs, ctx, f);
	free(yaml);
	free(cells);
	free(when);
}

/* Large: the column index. */
START_TEST(index_matches_vm)
{
	cells_match_when(NRULES, "rule_order", 12345);
	cells_match_when(NRULES, "first", 777);
}
END_TEST

/* Small: the bit masks (also a table of one rule, and one of 64). */
START_TEST(mask_matches_vm)
{
	static const int sizes[] = {1, 5, 20, 64};
	for (size_t i = 0; i < sizeof sizes / sizeof *sizes; i++) {
		cells_match_when(sizes[i], "rule_order", 99 + i);
		cells_match_when(sizes[i], "first", 4242 + i);
	}
}
END_TEST

/* A first-hit table large enough to be indexed, checked rule by rule. Kinds
 * k0-k7 are decided by the indexed inputs alone; k8 also tests a flag the
 * index does not split on, and k9 has a when: only the VM runs. */
START_TEST(index_first_hit)
{
	char *yaml = malloc(1 << 20);
	ck_assert_ptr_nonnull(yaml);
	size_t n = (size_t)snprintf(yaml, 1 << 20,
	                            "facts:\n  code: int\n  kind: string\n  flag: bool\n"
	                            "decisions:\n  rate:\n    inputs: [code, kind, flag]\n"
	                            "    outputs: { rate: int }\n    hit: first\n    rules:\n");
	for (int c = 0; c < 50; c++) /* bands open below: (0..10], (10..20], ... */
		for (int k = 0; k < 10; k++)
			n += (size_t)snprintf(yaml + n, (1 << 20) - n,
			                      "      - { if: ['(%d..%d]', [k%d], %s]%s, then: '%d' }\n",
			                      c * 10, c * 10 + 10, k, k == 8 ? "'true'" : "'-'",
			                      k == 9 ? ", when: 'code != 55'" : "", c * 100 + k);
	snprintf(yaml + n, (1 << 20) - n, "      - { if: ['-', '-', '-'], then: '-1' }\n");
	crm_ruleset *rs = load_ok(yaml);
	crm_context *ctx;
	crm_facts *f;
	open_with(rs, &ctx, &f);
	for (int v = -5; v < 510; v++)
		for (int k = 0; k < 11; k++)
			for (int flag = 0; flag < 2; flag++) {
				char kind[8];
				snprintf(kind, sizeof kind, "k%d", k);
				crm_facts_set_int(f, 0, v, NULL);
				crm_facts_set_string(f, 1, kind, strlen(kind), NULL);
				crm_facts_set_bool(f, 2, flag, NULL);
				const crm_result *r;
				crm_error err;
				ck_assert_int_eq(crm_decide(ctx, "rate", f, &r, &err), 0);
				int64_t rate;
				ck_assert_int_eq(crm_result_get_int(r, "rate", &rate), 0);
				/* v is in (c*10, c*10+10] for c = (v-1)/10 */
				int c = (v - 1) / 10;
				bool hit = v > 0 && v <= 500 && k < 10 && (k != 8 || flag) &&
				           (k != 9 || v != 55);
				ck_assert_int_eq(rate, hit ? c * 100 + k : -1);
			}
	/* an unknown indexed input: every rule is looked at, and the first one
	 * that cannot be decided makes the decision wait for the fact */
	crm_facts_unset(f, 0);
	const crm_result *r;
	crm_error err;
	/* ... unless the known input rules every such rule out (kind k10 is in
	 * none: the catch-all decides) */
	crm_facts_set_string(f, 1, "k10", 3, NULL);
	ck_assert_int_eq(crm_decide(ctx, "rate", f, &r, &err), 0);
	ck_assert_int_eq(crm_result_output(r, 0).u.i, -1);
	crm_facts_set_string(f, 1, "k1", 2, NULL);
	ck_assert_int_eq(crm_decide(ctx, "rate", f, &r, &err), CRM_EMISSING);
	ck_assert_str_eq(crm_ruleset_fact_name(rs, (size_t)crm_result_missing_fact(r, 0)), "code");
	close_all(rs, ctx, f);
	free(yaml);
}
END_TEST

/* An indexed number column: bands [i/2..(i+1)/2) over 300 rules, read at
 * every quarter, so that half the values fall on a band's edge. */
START_TEST(index_number_column)
{
	char *yaml = malloc(1 << 16);
	ck_assert_ptr_nonnull(yaml);
	size_t n = (size_t)snprintf(yaml, 1 << 16,
	                            "facts:\n  score: number\n"
	                            "decisions:\n  band:\n    inputs: [score]\n"
	                            "    outputs: { band: int }\n    hit: first\n    rules:\n");
	for (int i = 0; i < 300; i++)
		n += (size_t)snprintf(yaml + n, (1 << 16) - n,
		                      "      - { if: ['[%d.%d..%d.%d)'], then: '%d' }\n", i / 2,
		                      i % 2 * 5, (i + 1) / 2, (i + 1) % 2 * 5, i);
	snprintf(yaml + n, (1 << 16) - n, "      - { if: ['-'], then: '-1' }\n");
	crm_ruleset *rs = load_ok(yaml);
	crm_context *ctx;
	crm_facts *f;
	open_with(rs, &ctx, &f);
	for (int q = -8; q < 620; q++) {
		double score = q / 4.0;
		crm_facts_set_number(f, 0, score, NULL);
		const crm_result *r;
		crm_error err;
		ck_assert_int_eq(crm_decide(ctx, "band", f, &r, &err), 0);
		int64_t band;
		ck_assert_int_eq(crm_result_get_int(r, "band", &band), 0);
		ck_assert_int_eq(band, q >= 0 && q < 600 ? q / 2 : -1);
	}
	close_all(rs, ctx, f);
	free(yaml);
}
END_TEST

Suite *match_suite(void)
{
	Suite *s = suite_create("match");
	TCase *tc = tcase_create("native tests and index");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, index_matches_vm);
	tcase_add_test(tc, mask_matches_vm);
	tcase_add_test(tc, index_first_hit);
	tcase_add_test(tc, index_number_column);
	suite_add_tcase(s, tc);
	return s;
}
