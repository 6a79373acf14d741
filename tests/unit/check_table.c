/* SPDX-License-Identifier: MIT */
/* check_table.c - decision tables: hit policies, cells, chaining, explanations. */
#include <stdio.h>
#include <string.h>

#include "suites.h"

static const char tier_yaml[] =
	"facts:\n"
	"  months: int\n"
	"  kind: { type: string, values: [long_term, periodic, potential] }\n"
	"  ratio: number\n"
	"  amount: money\n"
	"  late: bool\n"
	"  vip: bool\n"
	"constants:\n"
	"  target: 1.0\n"
	"decisions:\n"
	"  tier:\n"
	"    inputs: [months, kind, ratio]\n"
	"    outputs: { tier: int }\n"
	"    hit: first\n"
	"    rules:\n"
	"      - { id: T3, if: ['-', [periodic, potential], '-'], then: 3 }\n"
	"      - { id: T1, if: ['> 12', '-', '>= target'], then: 1 }\n"
	"      - { id: T2, if: { months: '[6..12]' }, then: 2 }\n"
	"      - { id: T2b, if: { months: '> 12' }, then: 2 }\n"
	"      - { id: new, if: { months: '< 6' }, then: 3 }\n"
	"  fee:\n"
	"    inputs: [tier.tier]\n"
	"    outputs: { fee: money }\n"
	"    hit: unique\n"
	"    rules:\n"
	"      - { id: F1, if: ['1'], then: '0' }\n"
	"      - { id: F2, if: ['2'], then: '99.50' }\n"
	"      - { id: F3, if: ['3'], then: 'amount * 0.1' }\n"
	"  flags:\n"
	"    outputs: { flag: string }\n"
	"    hit: collect\n"
	"    rules:\n"
	"      - { id: f1, when: 'months > 24', then: '\"veteran\"' }\n"
	"      - { id: f2, when: 'ratio >= 2', then: '\"big\"' }\n"
	"      - { id: f3, then: '\"any\"' }\n"
	"  total:\n"
	"    outputs: { points: int }\n"
	"    hit: collect sum\n"
	"    rules:\n"
	"      - { id: p1, when: 'months > 24', then: 10 }\n"
	"      - { id: p2, when: 'ratio >= 2', then: 5 }\n"
	"  count:\n"
	"    outputs: { n: int }\n"
	"    hit: collect\n"
	"    aggregate: count\n"
	"    rules:\n"
	"      - { id: c1, when: 'months > 24', then: 1 }\n"
	"      - { id: c2, when: 'ratio >= 2', then: 1 }\n"
	"  level:\n"
	"    outputs: { level: { type: int, values: [3, 2, 1] } }\n"
	"    hit: priority\n"
	"    rules:\n"
	"      - { id: l1, then: 1 }\n"
	"      - { id: l3, when: 'ratio > 5', then: 3 }\n"
	"      - { id: l2, when: 'months > 1', then: 2 }\n"
	"  same:\n"
	"    outputs: { ok: bool }\n"
	"    hit: any\n"
	"    rules:\n"
	"      - { id: s1, when: 'months > 1', then: 'true' }\n"
	"      - { id: s2, when: 'months > 2', then: 'months > 0' }\n"
	"      - { id: s3, when: 'months > 100', then: 'false' }\n"
	"  stacked:\n"
	"    outputs: { v: int }\n"
	"    rules:\n"
	"      - { id: st, then: 'months * 1000 + (100 + int(fee.fee * 0) + tier.tier * 10 + 1)' }\n"
	"  order:\n"
	"    outputs: { id: string, w: int }\n"
	"    hit: rule_order\n"
	"    rules:\n"
	"      - { id: o1, when: 'months > 1', then: { id: '\"a\"', w: 1 } }\n"
	"      - { id: o2, then: { id: '\"b\"', w: 2 } }\n"
	"  risk:\n"
	"    inputs: [late, vip, kind, months, ratio]\n"
	"    outputs: { risk: string, limit: int }\n"
	"    hit: first\n"
	"    rules:\n"
	"      - { id: R1, if: { late: 'true' }, then: { risk: '\"high\"', limit: 0 } }\n"
	"      - { id: R2, if: { vip: 'true' }, when: 'months > 100',\n"
	"          then: { risk: '\"vip\"', limit: 9 } }\n"
	"      - { id: R3, if: { kind: [potential], months: '< 6' }, then: { risk: '\"new\"', limit: 1 } }\n"
	"      - { id: R4, if: { ratio: '>= 1' }, then: { risk: '\"low\"', limit: 5 } }\n"
	"      - { id: R5, then: { risk: '\"medium\"', limit: 2 } }\n";

typedef struct fixture {
	crm_ruleset *rs;
	crm_facts *f;
	crm_context *ctx;
	char buf[1024];
	int rc;
} fixture;

static fixture F;

static void setup(void)
{
	F.rs = load_ok(tier_yaml);
	open_with(F.rs, &F.ctx, &F.f);
}

static void teardown(void)
{
	close_all(F.rs, F.ctx, F.f);
}

/* Decide with facts from JSON; the outputs (or the error) as text, and the
 * fired rules after '|'. */
static const char *run(const char *decision, const char *json)
{
	crm_error err;
	crm_facts_clear(F.f);
	ck_assert_int_eq(crm_facts_set_json(F.f, json, strlen(json), &err), 0);
	const crm_result *r;
	F.rc = crm_decide(F.ctx, decision, F.f, &r, &err);
	size_t n = 0;
	F.buf[0] = '\0';
	if (F.rc) {
		snprintf(F.buf, sizeof F.buf, "error: %s", err.message);
		return F.buf;
	}
	for (size_t i = 0; i < crm_result_output_count(r); i++) {
		crm_value v = crm_result_output(r, i);
		n += (size_t)snprintf(F.buf + n, sizeof F.buf - n, "%s%s=", i ? " " : "",
		                      crm_result_output_name(r, i));
		n += crm_value_format(F.buf + n, sizeof F.buf - n, &v);
	}
	n += (size_t)snprintf(F.buf + n, sizeof F.buf - n, " |");
	for (size_t i = 0; i < crm_result_fired_count(r); i++)
		n += (size_t)snprintf(F.buf + n, sizeof F.buf - n, " %s", crm_result_fired_id(r, i));
	return F.buf;
}

START_TEST(hit_first)
{
	ck_assert_str_eq(run("tier", "{months: 30, kind: long_term, ratio: 1.0}"), "tier=1 | T1");
	ck_assert_str_eq(run("tier", "{months: 30, kind: periodic, ratio: 1.0}"), "tier=3 | T3");
	ck_assert_str_eq(run("tier", "{months: 12, kind: long_term, ratio: 9}"), "tier=2 | T2");
	ck_assert_str_eq(run("tier", "{months: 6, kind: long_term, ratio: 0}"), "tier=2 | T2");
	ck_assert_str_eq(run("tier", "{months: 13, kind: long_term, ratio: 0.99}"), "tier=2 | T2b");
	ck_assert_str_eq(run("tier", "{months: 5, kind: long_term, ratio: 0}"), "tier=3 | new");
}
END_TEST

START_TEST(hit_unique_chained)
{
	/* fee chains into tier; both rules are listed, tier's first */
	ck_assert_str_eq(run("fee", "{months: 30, kind: long_term, ratio: 1.5}"), "fee=\"0.00\" | T1 F1");
	ck_assert_str_eq(run("fee", "{months: 8, kind: long_term, ratio: 0, amount: 10}"),
	                 "fee=\"99.50\" | T2 F2");
	ck_assert_str_eq(run("fee", "{months: 1, kind: potential, amount: 1234.56}"),
	                 "fee=\"123.46\" | T3 F3");
	/* tier cannot be decided: the chained output is unknown; every fact
	 * either may need is listed at once (F3 would read amount) */
	ck_assert_str_eq(run("fee", "{kind: long_term}"),
	                 "error: decision 'fee' needs facts that are not set: months, ratio, amount");
	ck_assert_int_eq(F.rc, CRM_EMISSING);
}
END_TEST

START_TEST(hit_collect)
{
	ck_assert_str_eq(run("flags", "{months: 30, ratio: 3}"),
	                 "flag=[\"veteran\",\"big\",\"any\"] | f1 f2 f3");
	ck_assert_str_eq(run("flags", "{months: 3, ratio: 0}"), "flag=[\"any\"] | f3");
	ck_assert_str_eq(run("total", "{months: 30, ratio: 3}"), "points=15 | p1 p2");
	ck_assert_str_eq(run("total", "{months: 3, ratio: 0}"), "points=0 |");
	ck_assert_str_eq(run("count", "{months: 30, ratio: 3}"), "n=2 | c1 c2");
}
END_TEST

START_TEST(hit_priority_any_order)
{
	ck_assert_str_eq(run("level", "{months: 3, ratio: 9}"), "level=3 | l3");
	ck_assert_str_eq(run("level", "{months: 3, ratio: 1}"), "level=2 | l2");
	ck_assert_str_eq(run("level", "{months: 0, ratio: 1}"), "level=1 | l1");
	ck_assert_str_eq(run("same", "{months: 5}"), "ok=true | s1 s2");
	ck_assert_str_eq(run("same", "{months: 500}"),
	                 "error: decision 'same' is 'any' but rules 's1' and 's3' give different 'ok'");
	ck_assert_int_eq(F.rc, CRM_ETABLE);
	ck_assert_str_eq(run("same", "{months: 0}"), "error: decision 'same': no rule matched");
	ck_assert_int_eq(F.rc, CRM_ENOMATCH);
	ck_assert_str_eq(run("order", "{months: 5}"), "id=[\"a\",\"b\"] w=[1,2] | o1 o2");
	/* chained outputs deep inside an expression keep the caller's stack;
	 * chained rules are listed before the rule that needed them */
	ck_assert_str_eq(run("stacked", "{months: 30, kind: long_term, ratio: 1.5, amount: 1}"),
	                 "v=30111 | T1 F1 st");
}
END_TEST

START_TEST(explain_facts)
{
	crm_error err;
	const char *json = "{months: 30, kind: long_term, ratio: 1.5}";
	crm_facts_clear(F.f);
	ck_assert_int_eq(crm_facts_set_json(F.f, json, strlen(json), &err), 0);
	const crm_result *r;
	ck_assert_int_eq(crm_decide(F.ctx, "fee", F.f, &r, &err), 0);
	ck_assert_uint_eq(crm_result_fired_count(r), 2);
	ck_assert_str_eq(crm_result_fired_decision(r, 0), "tier");
	/* T1 tests months and ratio (kind is '-') */
	ck_assert_uint_eq(crm_result_fired_fact_count(r, 0), 2);
	ck_assert_str_eq(crm_ruleset_fact_name(F.rs, (size_t)crm_result_fired_fact(r, 0, 0)), "months");
	ck_assert_str_eq(crm_ruleset_fact_name(F.rs, (size_t)crm_result_fired_fact(r, 0, 1)), "ratio");
	ck_assert_uint_eq(crm_result_fired_fact_count(r, 1), 0);
	int64_t m;
	ck_assert_int_eq(crm_result_get_money(r, "fee", &m), 0);
	ck_assert_int_eq(m, 0);
	ck_assert_int_eq(crm_result_get_int(r, "fee", NULL), CRM_ETYPE);
	ck_assert_int_eq(crm_result_get_money(r, "nope", &m), CRM_EUNKNOWN);
	ck_assert_int_eq(crm_decide(F.ctx, "nope", F.f, &r, &err), CRM_EUNKNOWN);
	ck_assert_str_eq(err.message, "unknown decision 'nope'");
}
END_TEST

START_TEST(decide_by_index)
{
	int di = crm_decision_find(F.rs, "tier");
	ck_assert_int_ge(di, 0);
	int slot = crm_fact_slot(F.rs, "months");
	ck_assert_int_ge(slot, 0);
	ck_assert_int_eq(crm_fact_slot(F.rs, "nope"), CRM_EUNKNOWN);
	crm_facts_clear(F.f);
	ck_assert_int_eq(crm_facts_set_int(F.f, slot, 3, NULL), 0);
	const crm_result *r;
	crm_error err;
	ck_assert_int_eq(crm_decide_index(F.ctx, di, F.f, &r, &err), CRM_EMISSING);
	ck_assert_uint_eq(crm_result_missing_count(r), 1);
	ck_assert_str_eq(crm_ruleset_fact_name(F.rs, (size_t)crm_result_missing_fact(r, 0)), "kind");
	ck_assert_int_eq(crm_facts_set_text(F.f, "kind", "long_term", 9, &err), 0);
	ck_assert_int_eq(crm_decide_index(F.ctx, di, F.f, &r, &err), 0);
	int64_t t;
	ck_assert_int_eq(crm_result_get_int(r, "tier", &t), 0);
	ck_assert_int_eq(t, 3);
}
END_TEST

/* risk is answered from its masks alone while the first candidate is
 * proven (every input a fact, every output a constant); a when:, an
 * unknown fact the answer needs, or a candidate not proven goes the long
 * way. Both ways leave the context as the other expects. */
START_TEST(hit_first_by_masks)
{
	static const struct {
		const char *facts, *want;
	} cases[] = {
		{"{late: true}", "risk=\"high\" limit=0 | R1"}, /* the rest unknown */
		{"{late: false, vip: false, kind: potential, months: 3, ratio: 2}",
		 "risk=\"new\" limit=1 | R3"},
		{"{late: false, vip: true, kind: long_term, months: 200, ratio: 0}",
		 "risk=\"vip\" limit=9 | R2"}, /* when: */
		{"{late: false, vip: true, kind: long_term, months: 50, ratio: 0}",
		 "risk=\"medium\" limit=2 | R5"},
		{"{late: false, vip: false, kind: long_term, months: 3}",
		 "error: decision 'risk' needs facts that are not set: ratio"},
		{"{late: false, vip: false, kind: long_term, months: 3, ratio: 1}",
		 "risk=\"low\" limit=5 | R4"},
		{"{late: false, kind: potential, months: 3, ratio: 2}",
		 "risk=\"new\" limit=1 | R3"}, /* R2's when: is false, whatever vip is */
		{"{late: false, kind: potential, months: 200, ratio: 2}",
		 "error: decision 'risk' needs facts that are not set: vip"},
		{"{late: false, vip: false, kind: potential, months: 3, ratio: 2}",
		 "risk=\"new\" limit=1 | R3"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
		ck_assert_str_eq(run("risk", cases[i].facts), cases[i].want);
	/* the lane's result explains itself as the long way's does */
	const crm_result *r;
	ck_assert_int_eq(crm_decide(F.ctx, "risk", F.f, &r, NULL), 0);
	ck_assert_uint_eq(crm_result_fired_count(r), 1);
	ck_assert_str_eq(crm_result_fired_decision(r, 0), "risk");
	ck_assert_uint_eq(crm_result_fired_fact_count(r, 0), 2);
	ck_assert_int_eq(crm_result_fired_fact(r, 0, 0), crm_fact_slot(F.rs, "months"));
	ck_assert_int_eq(crm_result_fired_fact(r, 0, 1), crm_fact_slot(F.rs, "kind"));
	ck_assert_uint_eq(crm_result_missing_count(r), 0);
}
END_TEST

/* Date and datetime literals in constants, cells (tests, ranges, lists),
 * when: and outputs: every day from Nov 20 to Dec 31, before and after the
 * opening instant, gets the label worked out here by hand. */
static const char promo_yaml[] =
	"facts:\n"
	"  day: { type: date, range: '[2026-01-01..2026-12-31]' }\n"
	"  at: datetime\n"
	"constants:\n"
	"  promo_start: 2026-11-27\n"
	"  promo_open: 2026-11-27T09:00:00+08:00\n"
	"decisions:\n"
	"  promo:\n"
	"    inputs: [day, at]\n"
	"    outputs: { label: string, until: date }\n"
	"    hit: first\n"
	"    rules:\n"
	"      - { id: before, if: { day: '< promo_start' }, then: { label: '\"before\"', until: promo_start } }\n"
	"      - { id: bf, if: { day: '[2026-11-27..2026-11-30]', at: '>= promo_open' },\n"
	"          then: { label: '\"bf\"', until: 2026-11-30 } }\n"
	"      - { id: soon, if: { day: '[2026-11-27..2026-11-30]' }, then: { label: '\"soon\"', until: 2026-11-27 } }\n"
	"      - { id: xmas, if: { day: [2026-12-24, 2026-12-25] }, then: { label: '\"xmas\"', until: 2026-12-25 } }\n"
	"      - { id: after, if: { day: '>= 2026-12-01' }, then: { label: '\"after\"', until: 2026-12-31 } }\n"
	"  late:\n"
	"    outputs: { late: bool }\n"
	"    rules:\n"
	"      - { id: w, when: 'day - promo_start >= days(3) and at >= 2026-11-27T01:00:00Z', then: 'true' }\n"
	"      - { id: o, then: 'false' }\n";

START_TEST(date_literals)
{
	crm_ruleset *rs = load_ok(promo_yaml);
	crm_facts *f;
	crm_context *ctx;
	open_with(rs, &ctx, &f);
	int day = crm_fact_slot(rs, "day"), at = crm_fact_slot(rs, "at");
	int promo = crm_decision_find(rs, "promo"), late = crm_decision_find(rs, "late");
	int64_t open, nov27, nov30, dec24, dec25, dec31;
	ck_assert_int_eq(crm_instant_parse(&open, "2026-11-27T01:00:00Z", 20), 0);
	crm_date_from_civil(&nov27, 2026, 11, 27);
	crm_date_from_civil(&nov30, 2026, 11, 30);
	crm_date_from_civil(&dec24, 2026, 12, 24);
	crm_date_from_civil(&dec25, 2026, 12, 25);
	crm_date_from_civil(&dec31, 2026, 12, 31);
	int n = 0;
	for (int64_t d = nov27 - 7; d <= dec31; d++) {
		for (int64_t when = open - 1; when <= open; when++) {
			crm_error err;
			crm_facts_clear(f);
			ck_assert_int_eq(crm_facts_set_date(f, day, d, &err), 0);
			ck_assert_int_eq(crm_facts_set_datetime(f, at, when, &err), 0);
			static const char *const labels[] = {"before", "bf", "soon", "xmas", "after"};
			const int64_t untils[] = {nov27, nov30, nov27, dec25, dec31};
			int k = d < nov27                  ? 0
			        : d <= nov30               ? (when >= open ? 1 : 2)
			        : d == dec24 || d == dec25 ? 3
			                                   : 4;
			const char *label = labels[k];
			int64_t until = untils[k];
			const crm_result *r;
			ck_assert_int_eq(crm_decide_index(ctx, promo, f, &r, &err), 0);
			crm_value v = crm_result_output(r, 0), u = crm_result_output(r, 1);
			ck_assert_int_eq(v.type, CRM_T_STRING);
			ck_assert_msg(strlen(label) == v.u.s.len && memcmp(v.u.s.ptr, label, v.u.s.len) == 0,
			              "day %lld at %lld: %.*s, want %s", (long long)d, (long long)when,
			              (int)v.u.s.len, v.u.s.ptr, label);
			ck_assert_int_eq(u.type, CRM_T_DATE);
			ck_assert_int_eq(u.u.date, until);
			ck_assert_int_eq(crm_decide_index(ctx, late, f, &r, &err), 0);
			int ok;
			ck_assert_int_eq(crm_result_get_bool(r, "late", &ok), 0);
			ck_assert_int_eq(ok, d - nov27 >= 3 && when >= open);
			n++;
		}
	}
	ck_assert_int_eq(n, 2 * 42);
	close_all(rs, ctx, f);
}
END_TEST

/* An output's declared values hold for what a rule computes too, on the
 * slow path and on a bound record's. */
START_TEST(computed_outputs_keep_their_values)
{
	static const char yaml[] =
		"facts: { kind: string, n: int }\n"
		"decisions:\n"
		"  label:\n"
		"    inputs: [n]\n"
		"    outputs:\n"
		"      v: { type: string, values: [gold, silver] }\n"
		"    rules:\n"
		"      - { id: own, if: ['>= 10'], then: { v: kind } }\n"
		"      - { id: fixed, if: ['< 10'], then: { v: '\"gold\"' } }\n";
	crm_ruleset *r = load_ok(yaml);
	crm_context *c;
	crm_facts *f;
	open_with(r, &c, &f);
	crm_error err;
	const crm_result *res;
	const char *ok = "{\"kind\": \"silver\", \"n\": 12}";
	ck_assert_int_eq(crm_facts_set_json(f, ok, strlen(ok), &err), 0);
	ck_assert_int_eq(crm_decide(c, "label", f, &res, &err), 0);
	const char *bad = "{\"kind\": \"zzz\", \"n\": 12}";
	ck_assert_int_eq(crm_facts_set_json(f, bad, strlen(bad), &err), 0);
	ck_assert_int_eq(crm_decide(c, "label", f, &res, &err), CRM_EINVAL);
	ck_assert_str_eq(err.message, "decision 'label', rule 'own': output 'v' is \"zzz\", not one "
	                              "of its values");
	const char *fine = "{\"kind\": \"zzz\", \"n\": 3}";
	ck_assert_int_eq(crm_facts_set_json(f, fine, strlen(fine), &err), 0);
	ck_assert_int_eq(crm_decide(c, "label", f, &res, &err), 0);
	close_all(r, c, f);
}
END_TEST

Suite *table_suite(void)
{
	Suite *s = suite_create("table");
	TCase *tc = tcase_create("hit policies");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, hit_first);
	tcase_add_test(tc, hit_first_by_masks);
	tcase_add_test(tc, hit_unique_chained);
	tcase_add_test(tc, hit_collect);
	tcase_add_test(tc, hit_priority_any_order);
	tcase_add_test(tc, explain_facts);
	tcase_add_test(tc, decide_by_index);
	tcase_add_test(tc, computed_outputs_keep_their_values);
	suite_add_tcase(s, tc);
	tc = tcase_create("date literals");
	tcase_add_test(tc, date_literals);
	suite_add_tcase(s, tc);
	return s;
}

/* ---- ordered enums ---------------------------------------------------------- */

START_TEST(ordered_enums)
{
	crm_ruleset *rs = load_ok("facts:\n"
	                          "  grade: { type: string, values: [C, B, A], ordered: true }\n"
	                          "decisions:\n"
	                          "  ok:\n"
	                          "    inputs: [grade]\n"
	                          "    outputs: { ok: bool }\n"
	                          "    rules:\n"
	                          "      - { id: good, if: ['>= \"B\"'], then: 'true' }\n"
	                          "      - { id: bad, when: 'grade < \"B\"', then: 'false' }\n");
	crm_facts *f;
	crm_context *ctx;
	crm_error err;
	open_with(rs, &ctx, &f);
	static const struct {
		const char *grade;
		int ok;
	} cases[] = {{"A", 1}, {"B", 1}, {"C", 0}};
	for (size_t i = 0; i < 3; i++) {
		ck_assert_int_eq(crm_facts_set_text(f, "grade", cases[i].grade, 1, &err), 0);
		const crm_result *r;
		ck_assert_int_eq(crm_decide(ctx, "ok", f, &r, &err), 0);
		int ok;
		ck_assert_int_eq(crm_result_get_bool(r, "ok", &ok), 0);
		ck_assert_int_eq(ok, cases[i].ok);
	}
	close_all(rs, ctx, f);
	/* a literal that is not one of the values is a load error */
	ck_assert_int_eq(load_err("facts:\n"
	                          "  grade: { type: string, values: [C, B, A], ordered: true }\n"
	                          "decisions:\n"
	                          "  ok:\n"
	                          "    outputs: { ok: bool }\n"
	                          "    rules: [ { when: 'grade >= \"D\"', then: 'true' } ]\n",
	                          &err),
	                 CRM_EINVAL);
	ck_assert_str_eq(err.message, "\"D\" is not one of the ordered values \"C\", \"B\", \"A\"");
	ck_assert_int_eq(load_err("facts:\n"
	                          "  grade: { type: string, ordered: true }\n",
	                          &err),
	                 CRM_ETYPE);
}
END_TEST

Suite *enum_suite(void)
{
	Suite *s = suite_create("enums");
	TCase *tc = tcase_create("ordered");
	tcase_add_test(tc, ordered_enums);
	suite_add_tcase(s, tc);
	return s;
}
