/* SPDX-License-Identifier: MIT */
/* check_record.c - crm_decide_record against crm_facts_set_record followed
 * by crm_decide_index: the same outputs, fired rules, missing facts and
 * errors for thousands of random records, some of them invalid; and the
 * record's own lookup (ruleset.h) against the facts' lookup, to show the
 * short path is taken and agrees. */
#include <math.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "../../src/rules/ruleset.h"
#include "suites.h"

static const char *const yaml =
	"facts:\n"
	"  ok: bool\n"
	"  flag: bool\n"
	"  pct: { type: int, range: '[0..100]' }\n"
	"  big: int\n"
	"  ratio: number\n"
	"  level: { type: string, values: [low, mid, high] }\n"
	"  other: { type: int, range: '[0..10]' }\n"
	"  unbound: bool\n"
	"decisions:\n"
	"  grade:\n"
	"    inputs: [ok, flag, pct, big, ratio, level]\n"
	"    outputs: { g: string, n: int }\n"
	"    hit: first\n"
	"    rules:\n"
	"      - { id: G1, if: { ok: 'false', flag: 'true' }, then: { g: '\"X\"', n: 1 } }\n"
	"      - { id: G2, if: { pct: '> 90', level: [high] }, then: { g: '\"A\"', n: 2 } }\n"
	"      - { id: G3, if: { big: '< -1000' }, when: 'other > 5', then: { g: '\"W\"', n: 3 } }\n"
	"      - { id: G4, if: { ratio: '[0.5..2)', level: [mid, high] }, then: { g: '\"B\"', n: 4 } }\n"
	"      - { id: G5, if: { pct: '<= 10', big: '>= 0' }, then: { g: '\"C\"', n: 5 } }\n"
	"      - { id: G6, if: { flag: 'false' }, then: { g: '\"D\"', n: 6 } }\n"
	"  strict:\n"
	"    inputs: [ok, pct]\n"
	"    outputs: { s: int }\n"
	"    hit: first\n"
	"    rules:\n"
	"      - { id: S1, if: ['true', '>= 50'], then: 1 }\n"
	"      - { id: S2, if: ['false', '-'], then: 2 }\n"
	"  needs:\n"
	"    inputs: [ok, unbound]\n"
	"    outputs: { u: int }\n"
	"    hit: first\n"
	"    rules:\n"
	"      - { id: U1, if: ['true', 'true'], then: 1 }\n"
	"      - { id: U2, if: ['-', 'false'], then: 2 }\n"
	"  computed:\n"
	"    outputs: { c: int }\n"
	"    rules:\n"
	"      - { id: C1, when: 'grade.n > 3', then: 'pct + other' }\n"
	"      - { id: C2, then: 'pct' }\n";

typedef struct rec {
	bool ok;
	uint8_t flag;
	int32_t pct;
	int64_t big;
	double ratio;
	uint8_t level;
	int other;
	bool has_other;
} rec;

static const crm_field fields[] = {
	{"ok", offsetof(rec, ok), CRM_C_BOOL, 0, 0},
	{"flag", offsetof(rec, flag), CRM_C_UINT8, 0, 0},
	{"pct", offsetof(rec, pct), CRM_C_INT32, 0, 0},
	{"big", offsetof(rec, big), CRM_C_INT64, 0, 0},
	{"ratio", offsetof(rec, ratio), CRM_C_DOUBLE, 0, 0},
	{"level", offsetof(rec, level), CRM_C_UINT8, CRM_FIELD_INDEX, 0},
	{"other", offsetof(rec, other), CRM_C_INT, 0, 0},
};
#define NFIELDS (sizeof fields / sizeof *fields)

static uint32_t next(uint64_t *s)
{
	*s = *s * 6364136223846793005u + 1442695040888963407u;
	return (uint32_t)(*s >> 33);
}

static void random_rec(uint64_t *s, rec *r)
{
	memset(r, 0, sizeof *r);
	r->ok = next(s) % 2;
	r->flag = (uint8_t)(next(s) % 4 ? next(s) % 2 : 7); /* any non-zero is true */
	r->pct = (int32_t)(next(s) % 105); /* now and then past 100 */
	r->big = (int64_t)(next(s) % 4000) - 2000;
	r->ratio = next(s) % 40 ? (next(s) % 300) / 100.0 : NAN;
	r->level = (uint8_t)(next(s) % 30 ? next(s) % 3 : 3); /* 3: no such value */
	r->other = (int)(next(s) % 12); /* 11: out of range */
}

static bool same_value(crm_value a, crm_value b)
{
	if (a.type != b.type)
		return false;
	switch (a.type) {
	case CRM_T_UNKNOWN: return true;
	case CRM_T_STRING:
		return a.u.s.len == b.u.s.len && memcmp(a.u.s.ptr, b.u.s.ptr, a.u.s.len) == 0;
	default: return a.u.i == b.u.i;
	}
}

/* Two results (either may be NULL) say the same. */
static void same_result(const crm_result *a, const crm_result *b, int i, const char *d)
{
	ck_assert_msg((a == NULL) == (b == NULL), "record %d, %s: one result", i, d);
	if (!a)
		return;
	ck_assert_uint_eq(crm_result_output_count(a), crm_result_output_count(b));
	for (size_t o = 0; o < crm_result_output_count(a); o++)
		ck_assert_msg(same_value(crm_result_output(a, o), crm_result_output(b, o)),
		              "record %d, %s: output %zu differs", i, d, o);
	ck_assert_uint_eq(crm_result_fired_count(a), crm_result_fired_count(b));
	for (size_t k = 0; k < crm_result_fired_count(a); k++) {
		ck_assert_str_eq(crm_result_fired_id(a, k), crm_result_fired_id(b, k));
		ck_assert_str_eq(crm_result_fired_decision(a, k), crm_result_fired_decision(b, k));
	}
	ck_assert_uint_eq(crm_result_missing_count(a), crm_result_missing_count(b));
	for (size_t k = 0; k < crm_result_missing_count(a); k++)
		ck_assert_int_eq(crm_result_missing_fact(a, k), crm_result_missing_fact(b, k));
}

/* The record's lookup proves the first candidate of d. */
static bool proven_by_record(const crm_binding *b, int di, const rec *r)
{
	const decision *d = &b->rs->decs[di];
	uint64_t bits;
	return b->lookups[di] && crm_match_record(b->lookups[di], (const char *)r, &bits) &&
	       (bits & -bits & d->mask->exact);
}

START_TEST(record_decides_as_facts)
{
	crm_ruleset *rs = load_ok(yaml);
	crm_binding *b;
	crm_error err, err2;
	ck_assert_msg(crm_binding_new(&b, rs, fields, NFIELDS, sizeof(rec), &err) == 0, "%s",
	              err.message);
	crm_context *ctx, *ctx2;
	crm_facts *f;
	open_with(rs, &ctx, &f);
	ck_assert_int_eq(crm_context_new(&ctx2, rs, NULL), 0);
	static const char *const names[] = {"grade", "strict", "needs", "computed"};
	int di[4];
	for (int k = 0; k < 4; k++)
		di[k] = crm_decision_find(rs, names[k]);
	/* which decisions the record answers by itself: the first-hit tables
	 * of constant outputs over bound facts */
	ck_assert_ptr_nonnull(b->lookups[di[0]]);
	ck_assert_ptr_nonnull(b->lookups[di[1]]);
	ck_assert_ptr_null(b->lookups[di[2]]); /* reads 'unbound' */
	ck_assert_ptr_null(b->lookups[di[3]]); /* computed outputs */
	uint64_t seed = 77;
	int by_record = 0, bad = 0;
	for (int i = 0; i < 4000; i++) {
		rec r;
		random_rec(&seed, &r);
		crm_facts_clear(f);
		int set = crm_facts_set_record(f, b, &r, &err2);
		char set_msg[sizeof err2.message];
		memcpy(set_msg, err2.message, sizeof set_msg);
		bad += set != 0;
		for (int k = 0; k < 4; k++) {
			const crm_result *ra, *rb = NULL;
			int rc = crm_decide_record(ctx, di[k], b, &r, &ra, &err);
			int rc2 = set ? set : crm_decide_index(ctx2, di[k], f, &rb, &err2);
			ck_assert_msg(rc == rc2, "record %d, %s: %d vs %d (%s)", i, names[k], rc, rc2,
			              err.message);
			if (rc)
				ck_assert_str_eq(err.message, set ? set_msg : err2.message);
			same_result(ra, rb, i, names[k]);
			if (set || !b->lookups[di[k]])
				continue;
			/* the record's masks are the facts' masks */
			const decision *d = &rs->decs[di[k]];
			uint64_t bits_r, bits_f;
			bool known_r = crm_match_record(b->lookups[di[k]], (const char *)&r, &bits_r);
			bool known_f = crm_match_mask(d->mask, f->vals, NULL, &bits_f);
			/* NaN in a column of numbers: the record leaves it to the
			 * slow path, which decides as the facts do (above) */
			ck_assert_int_eq(known_r, known_f && !(k == 0 && isnan(r.ratio)));
			if (known_r)
				ck_assert_msg(bits_r == bits_f, "record %d, %s: masks differ", i, names[k]);
			by_record += proven_by_record(b, di[k], &r);
		}
	}
	/* the short path carried most valid records; invalid ones were seen */
	ck_assert_int_gt(by_record, 3000);
	ck_assert_int_gt(bad, 300);
	crm_context_free(ctx2);
	crm_binding_free(b);
	close_all(rs, ctx, f);
}
END_TEST

/* A value the decision does not read still fails the record, as
 * crm_facts_set_record would; the short path does not hide it. */
START_TEST(record_checks_every_member)
{
	crm_ruleset *rs = load_ok(yaml);
	crm_binding *b;
	crm_error err;
	ck_assert_int_eq(crm_binding_new(&b, rs, fields, NFIELDS, sizeof(rec), &err), 0);
	crm_context *ctx;
	crm_facts *f;
	open_with(rs, &ctx, &f);
	int strict = crm_decision_find(rs, "strict");
	rec r = {.ok = true, .pct = 60, .ratio = 1, .level = 1, .other = 3};
	const crm_result *res;
	ck_assert(proven_by_record(b, strict, &r));
	ck_assert_int_eq(crm_decide_record(ctx, strict, b, &r, &res, &err), 0);
	ck_assert_int_eq(crm_result_output(res, 0).u.i, 1);
	ck_assert_str_eq(crm_result_fired_id(res, 0), "S1");
	ck_assert_str_eq(err.message, "");
	r.other = 11; /* not read by 'strict' */
	ck_assert(!proven_by_record(b, strict, &r));
	ck_assert_int_eq(crm_decide_record(ctx, strict, b, &r, &res, &err), CRM_EINVAL);
	ck_assert_ptr_null(res);
	ck_assert_str_eq(err.message, "fact 'other': 11 is outside its range [0..10]");
	r.other = 3;
	r.level = 3; /* nor this */
	ck_assert_int_eq(crm_decide_record(ctx, strict, b, &r, &res, &err), CRM_EINVAL);
	ck_assert_str_eq(err.message, "fact 'level': index 3 is not one of its 3 values");
	r.level = 0;
	r.pct = 101; /* read by 'strict' */
	ck_assert_int_eq(crm_decide_record(ctx, strict, b, &r, &res, &err), CRM_EINVAL);
	ck_assert_str_eq(err.message, "fact 'pct': 101 is outside its range [0..100]");
	/* arguments */
	r.pct = 1;
	r.ok = false;
	ck_assert_int_eq(crm_decide_record(ctx, strict, b, &r, &res, &err), 0);
	ck_assert_int_eq(crm_result_output(res, 0).u.i, 2);
	ck_assert_int_eq(crm_decide_record(NULL, strict, b, &r, &res, &err), CRM_EINVAL);
	ck_assert_int_eq(crm_decide_record(ctx, strict, NULL, &r, &res, &err), CRM_EINVAL);
	ck_assert_int_eq(crm_decide_record(ctx, strict, b, NULL, &res, &err), CRM_EINVAL);
	ck_assert_int_eq(crm_decide_record(ctx, strict, b, &r, NULL, &err), CRM_EINVAL);
	ck_assert_int_eq(crm_decide_record(ctx, 99, b, &r, &res, &err), CRM_EUNKNOWN);
	ck_assert_str_eq(err.message, "no decision with index 99");
	ck_assert_int_eq(crm_decide_record(ctx, -1, b, &r, &res, NULL), CRM_EUNKNOWN);
	crm_ruleset *other = load_ok(yaml);
	crm_binding *ob;
	ck_assert_int_eq(crm_binding_new(&ob, other, fields, NFIELDS, sizeof(rec), &err), 0);
	ck_assert_int_eq(crm_decide_record(ctx, strict, ob, &r, &res, &err), CRM_EINVAL);
	ck_assert_str_eq(err.message, "the binding belongs to another ruleset");
	crm_binding_free(ob);
	crm_ruleset_free(other);
	crm_binding_free(b);
	close_all(rs, ctx, f);
}
END_TEST

/* One context, two bindings in turn: the facts one sets are not the
 * other's; and a binding with a member off its short path has no lookups
 * but decides the same. */
START_TEST(record_bindings_apart)
{
	crm_ruleset *rs = load_ok(yaml);
	crm_error err;
	crm_context *ctx;
	crm_facts *f;
	open_with(rs, &ctx, &f);
	int strict = crm_decision_find(rs, "strict"), needs = crm_decision_find(rs, "needs");
	typedef struct both {
		bool ok, unbound;
	} both;
	const crm_field fb[] = {{"ok", offsetof(both, ok), CRM_C_BOOL, 0, 0},
	                        {"unbound", offsetof(both, unbound), CRM_C_BOOL, 0, 0}};
	crm_binding *b2, *b1;
	ck_assert_int_eq(crm_binding_new(&b2, rs, fb, 2, sizeof(both), &err), 0);
	ck_assert_int_eq(crm_binding_new(&b1, rs, fb, 1, sizeof(both), &err), 0);
	ck_assert_ptr_nonnull(b2->lookups[needs]);
	ck_assert_ptr_null(b1->lookups[needs]); /* 'unbound' is not b1's */
	both v = {true, true};
	const crm_result *res;
	ck_assert_int_eq(crm_decide_record(ctx, needs, b2, &v, &res, &err), 0);
	ck_assert_str_eq(crm_result_fired_id(res, 0), "U1");
	/* U2 (unbound false) is not proven here: the slow path sets b2's facts */
	v.ok = false;
	v.unbound = true;
	ck_assert_int_eq(crm_decide_record(ctx, needs, b2, &v, &res, &err), CRM_ENOMATCH);
	/* b1 binds ok alone: unbound is unknown, whatever b2 set before */
	v.ok = true;
	ck_assert_int_eq(crm_decide_record(ctx, needs, b1, &v, &res, &err), CRM_EMISSING);
	ck_assert_uint_eq(crm_result_missing_count(res), 1);
	ck_assert_int_eq(crm_result_missing_fact(res, 0), crm_fact_slot(rs, "unbound"));
	ck_assert_ptr_nonnull(strstr(err.message, "unbound"));
	/* and b2 again: its facts back */
	ck_assert_int_eq(crm_decide_record(ctx, needs, b2, &v, &res, &err), 0);
	ck_assert_str_eq(crm_result_fired_id(res, 0), "U1");
	/* a binding freed and another made (perhaps at its address) */
	crm_binding_free(b1);
	ck_assert_int_eq(crm_binding_new(&b1, rs, fb, 1, sizeof(both), &err), 0);
	ck_assert_int_eq(crm_decide_record(ctx, needs, b1, &v, &res, &err), CRM_EMISSING);
	/* an optional member: no lookups, the same answers */
	const crm_field fo[] = {{"ok", offsetof(both, ok), CRM_C_BOOL, 0, 0},
	                        {"unbound", offsetof(both, unbound), CRM_C_BOOL,
	                         CRM_FIELD_OPTIONAL, offsetof(both, ok)}};
	crm_binding *bo;
	ck_assert_int_eq(crm_binding_new(&bo, rs, fo, 2, sizeof(both), &err), 0);
	ck_assert_ptr_null(bo->lookups[needs]);
	ck_assert_ptr_null(bo->lookups[strict]);
	v = (both){true, false};
	ck_assert_int_eq(crm_decide_record(ctx, needs, bo, &v, &res, &err), 0);
	ck_assert_str_eq(crm_result_fired_id(res, 0), "U2");
	v.ok = false; /* unbound absent: unknown */
	ck_assert_int_eq(crm_decide_record(ctx, needs, bo, &v, &res, &err), CRM_EMISSING);
	crm_binding_free(bo);
	crm_binding_free(b1);
	crm_binding_free(b2);
	close_all(rs, ctx, f);
}
END_TEST

Suite *record_suite(void)
{
	Suite *s = suite_create("record");
	TCase *tc = tcase_create("decide_record");
	tcase_add_test(tc, record_decides_as_facts);
	tcase_add_test(tc, record_checks_every_member);
	tcase_add_test(tc, record_bindings_apart);
	suite_add_tcase(s, tc);
	return s;
}
