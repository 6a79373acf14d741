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

#include "../../src/run/run.h"
#include "suites.h"

static const char *const yaml =
	"facts:\n"
	"  ok: bool\n"
	"  flag: bool\n"
	"  pct: { type: int, range: '[0..100]' }\n"
	"  big: int\n"
	"  ratio: { type: number, range: '[0..2.5)' }\n"
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
	"  tiered:\n"
	"    inputs: [grade.n, pct]\n"
	"    outputs: { t: int }\n"
	"    hit: first\n"
	"    rules:\n"
	"      - { id: T1, if: ['6', '-'], then: 1 }\n"
	"      - { id: T2, if: ['-', '> 50'], then: 2 }\n"
	"      - { id: T3, if: ['-', '-'], then: 3 }\n"
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

/* A context and facts (open_with), and a second context for the decision
 * on the facts. */
static void open_two(crm_ruleset *rs, crm_context **ctx, crm_context **ctx2, crm_facts **f)
{
	open_with(rs, ctx, f);
	ck_assert_int_eq(crm_context_new(ctx2, rs, NULL), 0);
}

/* f cleared, then set from record by b: the code, and the message in msg
 * (CRM_ERROR_MESSAGE_MAX bytes). */
static int set_from(crm_facts *f, const crm_binding *b, const void *record, char *msg)
{
	crm_error err;
	crm_facts_clear(f);
	int rc = crm_facts_set_record(f, b, record, &err);
	memcpy(msg, err.message, sizeof err.message);
	return rc;
}

/* crm_decide_record on record says what crm_decide_index says on f, which
 * crm_facts_set_record filled from it (set: its code, set_msg: its
 * error): the code, the message, the result. Returns the code. */
static int decide_agrees(crm_context *ctx, crm_context *ctx2, const crm_binding *b, int di,
                         const void *record, const crm_facts *f, int set, const char *set_msg,
                         int i, const char *name, const crm_result **ra)
{
	crm_error err, err2;
	const crm_result *rb = NULL;
	int rc = crm_decide_record(ctx, di, b, record, ra, &err);
	int rc2 = set ? set : crm_decide_index(ctx2, di, f, &rb, &err2);
	ck_assert_msg(rc == rc2, "record %d, %s: %d vs %d (%s)", i, name, rc, rc2, err.message);
	if (rc)
		ck_assert_str_eq(err.message, set ? set_msg : err2.message);
	same_result(*ra, rb, i, name);
	return rc;
}

/* The record's lookup proves the first candidate of d. */
static bool proven_by_record(const crm_binding *b, int di, const rec *r)
{
	const decision *d = &b->rs->decs[di];
	uint64_t bits, und;
	return b->lookups[di] && crm_match_record(b->lookups[di], (const char *)r, &bits, &und, false) &&
	       (bits & -bits & d->mask->exact & ~und);
}

START_TEST(record_decides_as_facts)
{
	crm_ruleset *rs = load_ok(yaml);
	crm_binding *b;
	crm_error err;
	ck_assert_msg(crm_binding_new(&b, rs, fields, NFIELDS, sizeof(rec), &err) == 0, "%s",
	              err.message);
	crm_context *ctx, *ctx2;
	crm_facts *f;
	open_two(rs, &ctx, &ctx2, &f);
	static const char *const names[] = {"grade", "strict", "needs", "computed"};
	int di[4];
	for (int k = 0; k < 4; k++)
		di[k] = crm_decision_find(rs, names[k]);
	/* which decisions the record answers by itself: the first-hit tables
	 * of constant outputs over bound facts (a range on the number fact
	 * ratio, checked on the short path, keeps it) */
	ck_assert_ptr_nonnull(b->lookups[di[0]]);
	ck_assert_ptr_nonnull(b->lookups[di[1]]);
	ck_assert_ptr_null(b->lookups[di[2]]); /* reads 'unbound' */
	ck_assert_ptr_null(b->lookups[di[3]]); /* computed outputs */
	uint64_t seed = 77;
	int by_record = 0, bad = 0;
	for (int i = 0; i < 4000; i++) {
		rec r;
		random_rec(&seed, &r);
		char set_msg[CRM_ERROR_MESSAGE_MAX];
		int set = set_from(f, b, &r, set_msg);
		bad += set != 0;
		for (int k = 0; k < 4; k++) {
			const crm_result *ra;
			decide_agrees(ctx, ctx2, b, di[k], &r, f, set, set_msg, i, names[k], &ra);
			if (set || !b->lookups[di[k]])
				continue;
			/* the record's masks are the facts' masks */
			const decision *d = &rs->decs[di[k]];
			uint64_t bits_r, bits_f, und;
			bool known_r = crm_match_record(b->lookups[di[k]], (const char *)&r, &bits_r, &und,
			                               false);
			ck_assert(!known_r || und == 0); /* no member is optional */
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
	crm_binding_free(b);
	crm_context_free(ctx2);
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
	/* each says so */
	char why[200];
	ck_assert_int_eq(crm_binding_path(b2, needs, why, sizeof why), CRM_PATH_MEMBERS);
	ck_assert_str_eq(why, "");
	ck_assert_int_eq(crm_binding_path(b1, needs, why, sizeof why), CRM_PATH_FACTS);
	ck_assert_str_eq(why, "fact 'unbound' is not bound");
	ck_assert_int_eq(crm_binding_path(b1, 99, why, sizeof why), CRM_EUNKNOWN);
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
	/* an optional member (its present flag is ok): read when present;
	 * when absent, U2 (the candidate left) tests it, so the members
	 * prove nothing and the slow path says what is missing */
	const crm_field fo[] = {{"ok", offsetof(both, ok), CRM_C_BOOL, 0, 0},
	                        {"unbound", offsetof(both, unbound), CRM_C_BOOL,
	                         CRM_FIELD_OPTIONAL, offsetof(both, ok)}};
	crm_binding *bo;
	uint64_t bits, und;
	ck_assert_int_eq(crm_binding_new(&bo, rs, fo, 2, sizeof(both), &err), 0);
	ck_assert_ptr_null(bo->lookups[needs]); /* its plan reads it */
	ck_assert_ptr_nonnull(bo->plans[needs]);
	ck_assert(bo->plans[needs]->optional);
	ck_assert_ptr_null(bo->plans[strict]);
	ck_assert_int_eq(crm_binding_path(bo, needs, why, sizeof why), CRM_PATH_MEMBERS);
	ck_assert_str_eq(why, "");
	ck_assert_int_eq(crm_binding_path(bo, strict, why, sizeof why), CRM_PATH_FACTS);
	ck_assert_str_eq(why, "fact 'pct' is not bound");
	v = (both){true, false};
	char buf[64] = {0}; /* the lookup as inlined reads any member kind */
	memcpy(buf, &v, sizeof v);
	ck_assert(crm_match_record(bo->plans[needs]->lk, buf, &bits, &und, true));
	ck_assert_uint_eq(bits, 2); /* U2 */
	ck_assert_uint_eq(und, 0);
	ck_assert_int_eq(crm_decide_record(ctx, needs, bo, &v, &res, &err), 0);
	ck_assert_str_eq(crm_result_fired_id(res, 0), "U2");
	v.ok = false; /* unbound absent: unknown */
	memcpy(buf, &v, sizeof v);
	ck_assert(crm_match_record(bo->plans[needs]->lk, buf, &bits, &und, true));
	ck_assert_uint_eq(bits, 2); /* U2, which tests it */
	ck_assert_uint_eq(und, 3);
	ck_assert_int_eq(crm_decide_record(ctx, needs, bo, &v, &res, &err), CRM_EMISSING);
	crm_binding_free(bo);
	crm_binding_free(b1);
	crm_binding_free(b2);
	close_all(rs, ctx, f);
}
END_TEST

/* Every member optional, each present or not at random: the record's
 * lookup reads those present and leaves the others unknown; it answers
 * when the first candidate tests none of them, and agrees with the facts
 * set (absent ones unknown) then decided, whichever way it goes. */
typedef struct orec {
	rec v;
	bool has[6]; /* ok, flag, pct, big, ratio, level */
} orec;

START_TEST(record_optional_columns)
{
	crm_ruleset *rs = load_ok(yaml);
	crm_binding *b;
	crm_error err;
	crm_field fo[NFIELDS];
	for (size_t k = 0; k < NFIELDS; k++) {
		fo[k] = fields[k];
		fo[k].offset += offsetof(orec, v);
		if (k < 6) {
			fo[k].flags |= CRM_FIELD_OPTIONAL;
			fo[k].present_offset = offsetof(orec, has) + k;
		}
	}
	ck_assert_msg(crm_binding_new(&b, rs, fo, NFIELDS, sizeof(orec), &err) == 0, "%s",
	              err.message);
	crm_context *ctx, *ctx2;
	crm_facts *f;
	open_two(rs, &ctx, &ctx2, &f);
	/* tiered reads grade's rule through its plan: its own first
	 * candidate (T1, grade D) may not test pct, where the one left once
	 * grade's rule is applied (T2) does */
	static const char *const names[] = {"grade", "strict", "tiered", "computed"};
	int di[4];
	char why[200];
	for (int k = 0; k < 4; k++)
		di[k] = crm_decision_find(rs, names[k]);
	ck_assert_int_eq(crm_binding_path(b, di[0], why, sizeof why), CRM_PATH_MEMBERS);
	ck_assert_int_eq(crm_binding_path(b, di[1], why, sizeof why), CRM_PATH_MEMBERS);
	ck_assert_int_eq(crm_binding_path(b, di[2], why, sizeof why), CRM_PATH_PLAN);
	ck_assert_int_eq(crm_binding_path(b, di[3], why, sizeof why), CRM_PATH_FACTS); /* when: */
	uint64_t seed = 91;
	int by_record[2] = {0, 0}, absent_seen = 0, tiered[4] = {0};
	for (int i = 0; i < 6000; i++) {
		orec r;
		memset(&r, 0, sizeof r);
		random_rec(&seed, &r.v);
		for (int k = 0; k < 6; k++)
			r.has[k] = next(&seed) % 4 != 0;
		char set_msg[CRM_ERROR_MESSAGE_MAX];
		int set = set_from(f, b, &r, set_msg);
		for (int k = 0; k < 4; k++) {
			const crm_result *ra;
			int rc = decide_agrees(ctx, ctx2, b, di[k], &r, f, set, set_msg, i, names[k], &ra);
			if (k == 2 && !rc)
				tiered[crm_result_output(ra, 0).u.i]++;
			if (k == 2 && rc == CRM_EMISSING)
				tiered[0]++;
			if (k >= 2 || set)
				continue;
			const decision *d = &rs->decs[di[k]];
			uint64_t bits, und;
			bool absent = !r.has[0] || !r.has[2] || (k == 0 && (!r.has[1] || !r.has[3] ||
			                                                    !r.has[4] || !r.has[5]));
			if (crm_match_record(b->plans[di[k]]->lk, (const char *)&r, &bits, &und, true) &&
			    (bits & -bits & d->mask->exact & ~und)) {
				by_record[k]++;
				absent_seen += absent;
			}
		}
	}
	/* the members answered often, with members absent too */
	ck_assert_int_gt(by_record[0], 1000);
	ck_assert_int_gt(by_record[1], 2000);
	ck_assert_int_gt(absent_seen, 1000);
	/* tiered: each rule, and facts missing, many times */
	for (int k = 0; k < 4; k++)
		ck_assert_int_gt(tiered[k], 100);
	crm_binding_free(b);
	crm_context_free(ctx2);
	close_all(rs, ctx, f);
}
END_TEST

/* Index and bool members of a C int's width (int32_t, int; optional too)
 * are read on the members' path as uint8_t ones are, the whole int read:
 * 256 is no index, nor is a negative one, and 256 is true. An int64_t
 * index is off the path, and crm_binding_path names the types it reads. */
typedef struct irec {
	rec v;
	int32_t level;
	int32_t ok;
	int flag;
	int has, has_ok; /* variant 2: int flags (CRM_FIELD_PRESENT_INT) */
} irec;

START_TEST(record_int_members)
{
	crm_ruleset *rs = load_ok(yaml);
	crm_error err;
	static const char *const names[] = {"grade", "strict", "tiered", "computed"};
	int di[4];
	for (int k = 0; k < 4; k++)
		di[k] = crm_decision_find(rs, names[k]);
	crm_context *ctx, *ctx2;
	crm_facts *f;
	open_two(rs, &ctx, &ctx2, &f);
	static const int32_t odd[] = {3, -1, 256, INT32_MIN, INT32_MAX};
	for (int variant = 0; variant < 3; variant++) {
		crm_field fi[NFIELDS];
		for (size_t k = 0; k < NFIELDS; k++) {
			fi[k] = fields[k];
			fi[k].offset += offsetof(irec, v);
		}
		fi[5].offset = offsetof(irec, level);
		fi[5].ctype = variant == 1 ? CRM_C_INT : CRM_C_INT32;
		fi[0].offset = offsetof(irec, ok);
		fi[0].ctype = variant == 1 ? CRM_C_INT : CRM_C_INT32;
		fi[1].offset = offsetof(irec, flag);
		fi[1].ctype = CRM_C_INT;
		if (variant == 2) {
			fi[5].flags |= CRM_FIELD_OPTIONAL | CRM_FIELD_PRESENT_INT;
			fi[5].present_offset = offsetof(irec, has);
			fi[0].flags |= CRM_FIELD_OPTIONAL | CRM_FIELD_PRESENT_INT;
			fi[0].present_offset = offsetof(irec, has_ok);
		}
		crm_binding *b;
		ck_assert_msg(crm_binding_new(&b, rs, fi, NFIELDS, sizeof(irec), &err) == 0, "%s",
		              err.message);
		char why[300];
		ck_assert_msg(crm_binding_path(b, di[0], why, sizeof why) == CRM_PATH_MEMBERS,
		              "variant %d: %s", variant, why);
		uint64_t seed = 500 + (uint64_t)variant;
		int by_members = 0, bad = 0;
		for (int i = 0; i < 4000; i++) {
			irec r;
			memset(&r, 0, sizeof r);
			random_rec(&seed, &r.v);
			r.level = next(&seed) % 12 ? (int32_t)(next(&seed) % 3)
			                           : odd[next(&seed) % (sizeof odd / sizeof *odd)];
			/* set: any int not 0, 256 too (a byte of it is 0) */
			static const int set_as[] = {1, 256, 65536, -1};
			r.has = variant != 2 || next(&seed) % 5 ? set_as[next(&seed) % 4] : 0;
			r.has_ok = variant != 2 || next(&seed) % 5 ? set_as[next(&seed) % 4] : 0;
			r.ok = next(&seed) % 2 ? 0 : odd[next(&seed) % (sizeof odd / sizeof *odd)];
			r.flag = next(&seed) % 2 ? 0 : (int)odd[next(&seed) % (sizeof odd / sizeof *odd)];
			char set_msg[CRM_ERROR_MESSAGE_MAX];
			int set = set_from(f, b, &r, set_msg);
			bad += set != 0;
			/* an int flag is set when not 0: 256 and 65536 too */
			if (variant == 2 && !set)
				ck_assert_int_eq(crm_facts_get(f, crm_fact_slot(rs, "ok")).type != CRM_T_UNKNOWN,
				                 r.has_ok != 0);
			if (set && r.has && (r.level < 0 || r.level > 2) && r.v.pct <= 100 &&
			    r.v.other <= 10 && r.v.ratio < 2.5 && r.v.level < 3)
				ck_assert_msg(strstr(set_msg, "fact 'level': index ") != NULL, "%s", set_msg);
			for (int k = 0; k < 4; k++) {
				const crm_result *ra;
				int rc = decide_agrees(ctx, ctx2, b, di[k], &r, f, set, set_msg, i, names[k],
				                       &ra);
				if (k == 0 && !rc) {
					uint64_t bits, und;
					const decision *d = &rs->decs[di[0]];
					by_members += crm_match_record(b->plans[di[0]]->lk, (const char *)&r,
					                               &bits, &und, variant == 2) &&
					              (bits & -bits & d->mask->exact & ~und);
				}
			}
		}
		ck_assert_int_gt(by_members, variant == 2 ? 1200 : 1500);
		ck_assert_int_gt(bad, 400);
		crm_binding_free(b);
	}
	/* an int64_t index: off the members' path, and said why */
	crm_binding *b;
	crm_field big64[NFIELDS];
	memcpy(big64, fields, sizeof big64);
	big64[5] = (crm_field){"level", offsetof(rec, big), CRM_C_INT64, CRM_FIELD_INDEX, 0};
	ck_assert_msg(crm_binding_new(&b, rs, big64, NFIELDS, sizeof(rec), &err) == 0, "%s",
	              err.message);
	char why[300];
	ck_assert_int_eq(crm_binding_path(b, di[0], why, sizeof why), CRM_PATH_FACTS);
	ck_assert_msg(strstr(why, "'level' is an index the short path does not read (it reads a "
	                          "uint8_t, an int32_t or an int)") != NULL, "%s", why);
	crm_binding_free(b);
	crm_context_free(ctx2);
	close_all(rs, ctx, f);
}
END_TEST

/* Bool members read a word at a time: members spread over four words, one
 * of them moved back from the record's end, with other bytes between them
 * and any non-zero byte for true; a record too small for a word; and more
 * members than a word has bytes, sharing them. */
static const char *const flags_yaml =
	"facts:\n"
	"  b0: bool\n  b1: bool\n  b2: bool\n  b3: bool\n  b4: bool\n  b5: bool\n"
	"  b6: bool\n  b7: bool\n  b8: bool\n  b9: bool\n  b10: bool\n  b11: bool\n"
	"decisions:\n"
	"  flags:\n"
	"    inputs: [b0, b1, b2, b3, b4, b5, b6, b7, b8, b9, b10, b11]\n"
	"    outputs: { n: int }\n"
	"    hit: first\n"
	"    rules:\n"
	"      - { id: F1, if: { b0: 'true', b5: 'false' }, then: 1 }\n"
	"      - { id: F2, if: { b3: 'true', b11: 'true' }, then: 2 }\n"
	"      - { id: F3, if: { b7: 'false', b9: 'true', b10: 'false' }, then: 3 }\n"
	"      - { id: F4, if: { b1: 'true', b2: 'true', b4: 'false' }, then: 4 }\n"
	"      - { id: F5, if: { b6: 'true', b8: 'true' }, then: 5 }\n"
	"      - { id: F6, if: { b2: 'false', b4: 'true' }, then: 6 }\n"
	"      - { id: F7, then: 7 }\n";

typedef struct flags_rec {
	uint8_t b0, n1, n2;
	bool b1;
	uint8_t b2, n3[3];
	int32_t n4;
	uint8_t b3, b4, n5[6];
	bool b5;
	uint8_t b6, b7, n6[5];
	uint8_t b8, b9, b10, b11; /* the last word: 24..31 */
} flags_rec;

/* The decisions on r agree both ways, and the record's lookup proves them. */
static void flags_agree(crm_context *ctx, crm_context *ctx2, crm_facts *f, const crm_binding *b,
                        int di, const void *r, int i)
{
	crm_error err, err2;
	const crm_result *ra, *rb;
	uint64_t bits_r, bits_f, und;
	crm_facts_clear(f);
	ck_assert_int_eq(crm_facts_set_record(f, b, r, &err2), 0);
	ck_assert_int_eq(crm_decide_record(ctx, di, b, r, &ra, &err), 0);
	ck_assert_int_eq(crm_decide_index(ctx2, di, f, &rb, &err2), 0);
	same_result(ra, rb, i, "flags");
	ck_assert(crm_match_record(b->lookups[di], r, &bits_r, &und, false));
	ck_assert(crm_match_mask(b->rs->decs[di].mask, f->vals, NULL, &bits_f));
	ck_assert_msg(bits_r == bits_f, "record %d: masks %llx vs %llx", i,
	              (unsigned long long)bits_r, (unsigned long long)bits_f);
}

START_TEST(record_bool_words)
{
	crm_ruleset *rs = load_ok(flags_yaml);
	crm_error err;
	crm_context *ctx, *ctx2;
	crm_facts *f;
	open_two(rs, &ctx, &ctx2, &f);
	int di = crm_decision_find(rs, "flags");
#define FLAG(name, ct) {#name, offsetof(flags_rec, name), ct, 0, 0}
	const crm_field fl[] = {
		FLAG(b0, CRM_C_UINT8), FLAG(b1, CRM_C_BOOL),   FLAG(b2, CRM_C_UINT8),
		FLAG(b3, CRM_C_UINT8), FLAG(b4, CRM_C_UINT8),  FLAG(b5, CRM_C_BOOL),
		FLAG(b6, CRM_C_UINT8), FLAG(b7, CRM_C_UINT8),  FLAG(b8, CRM_C_UINT8),
		FLAG(b9, CRM_C_UINT8), FLAG(b10, CRM_C_UINT8), FLAG(b11, CRM_C_UINT8),
	};
#undef FLAG
	ck_assert_uint_eq(sizeof(flags_rec), 32);
	crm_binding *b;
	ck_assert_msg(crm_binding_new(&b, rs, fl, 12, sizeof(flags_rec), &err) == 0, "%s",
	              err.message);
	const record_lookup *lk = b->lookups[di];
	ck_assert_ptr_nonnull(lk);
	ck_assert_uint_eq(lk->nword, 4); /* 0..7, 12..19, 20..27 and 24..31 */
	ck_assert_uint_eq(lk->nbool, 0);
	ck_assert_uint_eq(lk->words[3].offset, 24);
	/* the same twelve members in a record of 3 bytes: one at a time */
	typedef struct tiny {
		uint8_t b[3];
	} tiny;
	crm_field ft[12];
	memcpy(ft, fl, sizeof ft);
	for (int k = 0; k < 12; k++)
		ft[k].offset = (size_t)k % 3, ft[k].ctype = CRM_C_UINT8;
	crm_binding *bt;
	ck_assert_int_eq(crm_binding_new(&bt, rs, ft, 12, sizeof(tiny), &err), 0);
	ck_assert_uint_eq(bt->lookups[di]->nword, 0);
	ck_assert_uint_eq(bt->lookups[di]->nbool, 12);
	/* and in a record of 8: twelve members sharing three bytes of one word */
	typedef struct eight {
		uint8_t b[8];
	} eight;
	crm_binding *b8;
	ck_assert_int_eq(crm_binding_new(&b8, rs, ft, 12, sizeof(eight), &err), 0);
	ck_assert_uint_eq(b8->lookups[di]->nword, 1);
	ck_assert_uint_eq(b8->lookups[di]->nbool, 0);
	static const uint8_t truths[] = {1, 2, 0x7f, 0x80, 0xff};
	uint64_t seed = 5;
	int answers[8] = {0};
	for (int i = 0; i < 3000; i++) {
		flags_rec r;
		uint8_t *bytes = (uint8_t *)&r;
		for (size_t k = 0; k < sizeof r; k++) /* every other byte: noise */
			bytes[k] = (uint8_t)next(&seed);
		uint8_t *members[] = {&r.b0, &r.b2, &r.b3, &r.b4, &r.b6,
		                      &r.b7, &r.b8, &r.b9, &r.b10, &r.b11};
		for (size_t k = 0; k < sizeof members / sizeof *members; k++)
			*members[k] = next(&seed) % 2 ? truths[next(&seed) % 5] : 0;
		r.b1 = next(&seed) % 2;
		r.b5 = next(&seed) % 2;
		flags_agree(ctx, ctx2, f, b, di, &r, i);
		const crm_result *res;
		ck_assert_int_eq(crm_decide_record(ctx, di, b, &r, &res, &err), 0);
		answers[crm_result_output(res, 0).u.i]++;
		tiny t = {{r.b0, r.b2, r.b11}};
		flags_agree(ctx, ctx2, f, bt, di, &t, i);
		eight e = {{r.b0, r.b2, r.b11, r.n1, r.n2, r.n3[0], r.n3[1], r.n3[2]}};
		flags_agree(ctx, ctx2, f, b8, di, &e, i);
	}
	for (int k = 1; k <= 7; k++) /* every rule was the answer, often */
		ck_assert_int_gt(answers[k], 30);
	crm_binding_free(b8);
	crm_binding_free(bt);
	crm_binding_free(b);
	crm_context_free(ctx2);
	close_all(rs, ctx, f);
}
END_TEST

/* Plans: a decision whose input is another's output when the record
 * leaves a fact unset (known() of a fact not bound is false), whose
 * outputs are computed from members (one optional, with a range), or read
 * a fact not bound. Every answer is the slow path's; most come from the
 * plan, which sets no fact. */
static const char *const plan_yaml =
	"facts:\n"
	"  ok: bool\n"
	"  flag: bool\n"
	"  pct: { type: int, range: '[0..100]' }\n"
	"  hint: { type: string, values: [low, mid, high] }\n"
	"  amount: money\n"
	"  cap: { type: money, range: '[0..1000]' }\n"
	"  loose: bool\n"
	"decisions:\n"
	"  base:\n"
	"    inputs: [ok, pct]\n"
	"    outputs: { lvl: { type: string, values: [low, mid, high] } }\n"
	"    hit: first\n"
	"    rules:\n"
	"      - { id: B1, if: ['true', '> 50'], then: '\"high\"' }\n"
	"      - { id: B2, if: ['true', '-'], then: '\"mid\"' }\n"
	"      - { id: B3, if: ['false', '-'], then: '\"low\"' }\n"
	"  limit:\n"
	"    inputs:\n"
	"      - { name: lvl, expr: 'if known(hint) then hint else base.lvl' }\n"
	"      - flag\n"
	"    outputs: { amt: money, kind: string }\n"
	"    hit: first\n"
	"    rules:\n"
	"      - { id: L1, if: { lvl: [high] },\n"
	"          then: { amt: 'if known(cap) then min(amount, cap) else amount', kind: base.lvl } }\n"
	"      - { id: L2, if: { lvl: [mid], flag: 'false' }, then: { amt: 'amount / 3', kind: '\"third\"' } }\n"
	"      - { id: L3, if: { lvl: [mid] }, then: { amt: 'if loose then amount else 0', kind: '\"odd\"' } }\n"
	"      - { id: L4, if: { lvl: [low] }, then: { amt: '0', kind: '\"none\"' } }\n"
	"  nested:\n"
	"    inputs: [{ name: k, expr: limit.kind }]\n"
	"    outputs: { n: int }\n"
	"    hit: first\n"
	"    rules:\n"
	"      - { id: N1, if: { k: [full] }, then: 1 }\n"
	"      - { id: N2, if: { k: '-' }, then: 2 }\n";

typedef struct prec {
	bool ok, flag, has_cap, has_hint;
	uint8_t hint; /* low, mid, high */
	int32_t pct;
	int64_t amount, cap;
} prec;

START_TEST(record_plans)
{
	crm_ruleset *rs = load_ok(plan_yaml);
	const crm_field pf[] = {
		{"ok", offsetof(prec, ok), CRM_C_BOOL, 0, 0},
		{"flag", offsetof(prec, flag), CRM_C_BOOL, 0, 0},
		{"pct", offsetof(prec, pct), CRM_C_INT32, 0, 0},
		{"amount", offsetof(prec, amount), CRM_C_INT64, 0, 0},
		{"cap", offsetof(prec, cap), CRM_C_INT64, CRM_FIELD_OPTIONAL, offsetof(prec, has_cap)},
	};
	crm_binding *b;
	crm_error err;
	ck_assert_int_eq(crm_binding_new(&b, rs, pf, 5, sizeof(prec), &err), 0);
	crm_context *ctx, *ctx2;
	crm_facts *f;
	open_two(rs, &ctx, &ctx2, &f);
	static const char *const names[] = {"base", "limit", "nested"};
	int di[3];
	for (int k = 0; k < 3; k++)
		di[k] = crm_decision_find(rs, names[k]);
	/* base: a lookup alone; limit: base chained, outputs computed;
	 * nested: chained to a decision of computed outputs, no plan */
	ck_assert_ptr_nonnull(b->lookups[di[0]]);
	ck_assert_ptr_null(b->lookups[di[1]]);
	const record_plan *pl = b->plans[di[1]];
	ck_assert_ptr_nonnull(pl);
	ck_assert_uint_eq(pl->nchains, 1);
	ck_assert_int_eq(pl->chains[0].decision, di[0]);
	ck_assert_ptr_nonnull(pl->rules);
	/* L1's kind is base.lvl: a copy of the chained output, not a program */
	ck_assert(pl->rules[0].ok && pl->rules[0].nprogs == 1 && pl->rules[0].nloads == 2 &&
	          pl->rules[0].ncopies == 1);
	ck_assert(!pl->rules[3].nprogs); /* L4: constants */
	ck_assert_ptr_null(b->plans[di[2]]);
	uint64_t seed = 5;
	int by_plan = 0, bad = 0, missing = 0, rule_count[4] = {0};
	for (int i = 0; i < 4000; i++) {
		prec r;
		memset(&r, 0, sizeof r);
		r.ok = next(&seed) % 4 != 0;
		r.flag = next(&seed) % 2;
		r.pct = (int32_t)(next(&seed) % 103);                 /* now and then past 100 */
		r.amount = (int64_t)(next(&seed) % 200000) - 1000;    /* some negative */
		r.has_cap = next(&seed) % 2;
		r.cap = (int64_t)(next(&seed) % 110000) - 1000;       /* some outside 0..1000 */
		char set_msg[CRM_ERROR_MESSAGE_MAX];
		int set = set_from(f, b, &r, set_msg);
		bad += set != 0;
		for (int k = 0; k < 3; k++) {
			const crm_result *ra;
			ctx->record_serial = 0; /* the slow path sets it */
			int rc = decide_agrees(ctx, ctx2, b, di[k], &r, f, set, set_msg, i, names[k], &ra);
			bool planned = ctx->record_serial == 0;
			if (k != 1)
				continue;
			by_plan += planned;
			ck_assert(!planned || rc == 0);
			missing += rc == CRM_EMISSING; /* L3: 'loose' unknown */
			if (!rc) {
				const char *id = crm_result_fired_id(ra, 1);
				rule_count[id[1] - '1']++;
				/* L3 reads 'loose', not bound: unknown in the plan's
				 * run, so only the slow path answers (and explains) */
				ck_assert(!planned || strcmp(id, "L3") != 0);
			}
		}
	}
	/* the plan carried most valid records; every rule but L3 fired, and
	 * L3 left its output unknown; invalid
	 * records (pct, or a cap present and out of range) were seen */
	ck_assert_int_gt(by_plan, 2000);
	for (int k = 0; k < 4; k++)
		if (k != 2)
			ck_assert_int_gt(rule_count[k], 100);
	ck_assert_int_gt(missing, 100);
	ck_assert_int_gt(bad, 150);

	/* hint bound, optional: limit's input reads it when it is set, base
	 * when not; a plan for each, chosen by has_hint */
	crm_field hf[6];
	memcpy(hf, pf, sizeof pf);
	hf[5] = (crm_field){"hint", offsetof(prec, hint), CRM_C_UINT8,
	                    CRM_FIELD_INDEX | CRM_FIELD_OPTIONAL, offsetof(prec, has_hint)};
	crm_binding *bh;
	ck_assert_int_eq(crm_binding_new(&bh, rs, hf, 6, sizeof(prec), &err), 0);
	char why[200];
	ck_assert_int_eq(crm_binding_path(bh, di[1], why, sizeof why), CRM_PATH_PLAN);
	pl = bh->plans[di[1]];
	ck_assert_ptr_nonnull(pl->absent);
	ck_assert_uint_eq(pl->present, offsetof(prec, has_hint));
	/* set, the input is hint (L1's kind, base.lvl, is left to the slow
	 * path); not set, base is chained as before */
	ck_assert_uint_eq(pl->nchains, 0);
	ck_assert(!pl->rules[0].ok && pl->rules[1].ok);
	ck_assert_uint_eq(pl->absent->nchains, 1);
	ck_assert(pl->absent->rules[0].ok);
	int planned_set = 0, planned_unset = 0;
	for (int i = 0; i < 4000; i++) {
		prec r;
		memset(&r, 0, sizeof r);
		r.ok = next(&seed) % 4 != 0;
		r.flag = next(&seed) % 2;
		r.pct = (int32_t)(next(&seed) % 101);
		r.amount = (int64_t)(next(&seed) % 200000);
		r.has_cap = next(&seed) % 2;
		r.cap = (int64_t)(next(&seed) % 1001);
		r.has_hint = next(&seed) % 2;
		r.hint = (uint8_t)(next(&seed) % 4); /* 3: not a value, when set */
		char set_msg[CRM_ERROR_MESSAGE_MAX];
		int set = set_from(f, bh, &r, set_msg);
		const crm_result *ra;
		ctx->record_serial = 0;
		int rc = decide_agrees(ctx, ctx2, bh, di[1], &r, f, set, set_msg, i, "limit", &ra);
		bool planned = ctx->record_serial == 0;
		ck_assert(!planned || rc == 0);
		ck_assert(!set || !planned); /* hint 3 set: only the slow path refuses it */
		planned_set += planned && r.has_hint;
		planned_unset += planned && !r.has_hint;
	}
	ck_assert_int_gt(planned_set, 500);
	ck_assert_int_gt(planned_unset, 1000);
	crm_binding_free(bh);
	/* pct not bound: base is not answered from the members, so a record
	 * without hint sets the facts; one with hint keeps its plan, and why
	 * says what the others take */
	crm_field nf[5];
	memcpy(nf, hf, 2 * sizeof *nf); /* ok, flag */
	memcpy(nf + 2, hf + 3, 3 * sizeof *nf); /* amount, cap, hint */
	ck_assert_int_eq(crm_binding_new(&bh, rs, nf, 5, sizeof(prec), &err), 0);
	ck_assert_int_eq(crm_binding_path(bh, di[1], why, sizeof why), CRM_PATH_PLAN);
	ck_assert_str_eq(why, "a record without 'hint' set: input 'lvl' reads decision 'base', not "
	                      "answered from the members: fact 'pct' is not bound");
	pl = bh->plans[di[1]];
	ck_assert(pl->split);
	ck_assert_ptr_null(pl->absent);
	planned_set = planned_unset = 0;
	for (int i = 0; i < 4000; i++) {
		prec r;
		memset(&r, 0, sizeof r);
		r.ok = next(&seed) % 4 != 0;
		r.flag = next(&seed) % 2;
		r.pct = (int32_t)(next(&seed) % 101); /* not bound: unknown */
		r.amount = (int64_t)(next(&seed) % 200000);
		r.has_cap = next(&seed) % 2;
		r.cap = (int64_t)(next(&seed) % 1001);
		r.has_hint = next(&seed) % 2;
		r.hint = (uint8_t)(next(&seed) % 4);
		char set_msg[CRM_ERROR_MESSAGE_MAX];
		int set = set_from(f, bh, &r, set_msg);
		const crm_result *ra;
		ctx->record_serial = 0;
		decide_agrees(ctx, ctx2, bh, di[1], &r, f, set, set_msg, i, "limit", &ra);
		bool planned = ctx->record_serial == 0;
		planned_set += planned && r.has_hint;
		planned_unset += planned && !r.has_hint;
	}
	ck_assert_int_gt(planned_set, 500);
	ck_assert_int_eq(planned_unset, 0);
	crm_binding_free(bh);
	/* hint a string member: no short path to plan either answer on */
	typedef struct hrec {
		prec p;
		const char *hint;
	} hrec;
	hf[5] = (crm_field){"hint", offsetof(hrec, hint), CRM_C_STRING, CRM_FIELD_OPTIONAL,
	                    offsetof(prec, has_hint)};
	ck_assert_int_eq(crm_binding_new(&bh, rs, hf, 6, sizeof(hrec), &err), 0);
	ck_assert_int_eq(crm_binding_path(bh, di[1], why, sizeof why), CRM_PATH_FACTS);
	ck_assert_str_eq(why, "input 'lvl' asks whether fact 'hint' is set, and its member is a "
	                      "string member (bind an index into its values:)");
	crm_binding_free(bh);
	/* a long reason whole (it was cut at 159 bytes) */
	crm_field of[5];
	memcpy(of, pf, sizeof of);
	of[0].ctype = CRM_C_INT64;
	char long_why[600];
	ck_assert_int_eq(crm_binding_new(&bh, rs, of, 5, sizeof(prec), &err), 0);
	ck_assert_int_eq(crm_binding_path(bh, di[1], long_why, sizeof long_why), CRM_PATH_FACTS);
	ck_assert_str_eq(long_why, "input 'lvl' reads decision 'base', not answered from the members: "
	                           "fact 'ok' is a member the short path does not read for a bool "
	                           "fact (it reads a bool, uint8_t, int32_t or int)");
	ck_assert_uint_gt(strlen(long_why), 160);
	crm_binding_free(bh);
	crm_binding_free(b);
	crm_context_free(ctx2);
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
	tcase_add_test(tc, record_optional_columns);
	tcase_add_test(tc, record_int_members);
	tcase_add_test(tc, record_bool_words);
	tcase_add_test(tc, record_plans);
	suite_add_tcase(s, tc);
	return s;
}
