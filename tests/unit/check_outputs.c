/* SPDX-License-Identifier: MIT */
/* check_outputs.c - outputs by index and into a host struct: indices from
 * the ruleset, typed getters, an output binding of every kind of member,
 * and each way a binding or a write is refused. */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "suites.h"

static const char *const yaml =
	"facts: { n: int, amount: money, ok: bool }\n"
	"decisions:\n"
	"  d:\n"
	"    inputs: [n]\n"
	"    outputs:\n"
	"      flag: bool\n"
	"      count: int\n"
	"      limit: money\n"
	"      ratio: number\n"
	"      grade: { type: string, values: [C, B, A] }\n"
	"      note: string\n"
	"      due: date\n"
	"    rules:\n"
	"      - { if: ['< 0'], then: { flag: false, count: n, limit: amount, ratio: 0.5,\n"
	"          grade: '\"C\"', note: '\"negative\"', due: 2026-01-01 } }\n"
	"      - { if: ['>= 0'], then: { flag: n > 5, count: n * 1000, limit: amount * 2,\n"
	"          ratio: n / 4, grade: if n > 10 then \"A\" else \"B\", note: '\"zero or more\"',\n"
	"          due: 2026-12-31 } }\n"
	"  tags:\n"
	"    inputs: [n]\n"
	"    outputs: { tag: { type: string, values: [small, any, big] } }\n"
	"    hit: collect\n"
	"    rules:\n"
	"      - { if: ['< 10'], then: '\"small\"' }\n"
	"      - { if: ['-'], then: '\"any\"' }\n"
	"      - { if: ['> 100'], then: '\"big\"' }\n";

typedef struct in_rec {
	int64_t n, amount;
	bool ok, has_ok;
} in_rec;

typedef struct out_rec {
	bool flag;
	int32_t count;
	int64_t limit;
	double ratio;
	uint8_t grade; /* C, B, A */
	const char *grade_text;
	int64_t due;
	int32_t tags[2];
	size_t ntags;
} out_rec;

static const crm_field in_fields[] = {
	{"n", offsetof(in_rec, n), CRM_C_INT64, 0, 0},
	{"amount", offsetof(in_rec, amount), CRM_C_INT64, 0, 0},
	{"ok", offsetof(in_rec, ok), CRM_C_BOOL, CRM_FIELD_OPTIONAL, offsetof(in_rec, has_ok)},
};

static const crm_out_field out_fields[] = {
	{"flag", offsetof(out_rec, flag), CRM_C_BOOL, 0, 0, 0},
	{"count", offsetof(out_rec, count), CRM_C_INT32, 0, 0, 0},
	{"limit", offsetof(out_rec, limit), CRM_C_INT64, 0, 0, 0},
	{"ratio", offsetof(out_rec, ratio), CRM_C_DOUBLE, 0, 0, 0},
	{"grade", offsetof(out_rec, grade), CRM_C_UINT8, CRM_FIELD_INDEX, 0, 0},
	{"due", offsetof(out_rec, due), CRM_C_INT64, 0, 0, 0},
};

START_TEST(indices_and_getters)
{
	crm_ruleset *rs = load_ok(yaml);
	int d = crm_decision_find(rs, "d");
	ck_assert_int_eq(crm_output_find(rs, d, "grade"), 4);
	ck_assert_int_eq(crm_output_find(rs, d, "grades"), CRM_EUNKNOWN);
	ck_assert_int_eq(crm_output_find(rs, 99, "grade"), CRM_EUNKNOWN);
	ck_assert_uint_eq(crm_output_value_count(rs, d, 4), 3);
	ck_assert_uint_eq(crm_output_value_count(rs, d, 5), 0);
	ck_assert_str_eq(crm_output_value(rs, d, 4, 2), "A");
	ck_assert_ptr_null(crm_output_value(rs, d, 4, 3));
	ck_assert_int_eq(crm_output_value_index(rs, d, 4, "B"), 1);
	ck_assert_int_eq(crm_output_value_index(rs, d, 4, "D"), CRM_EUNKNOWN);
	ck_assert_int_eq(crm_output_value_index(rs, d, 5, "x"), CRM_ETYPE);

	crm_context *ctx;
	crm_facts *f;
	crm_error err;
	const crm_result *r;
	open_with(rs, &ctx, &f);
	ck_assert_int_eq(crm_facts_set_int(f, crm_fact_slot(rs, "n"), 12, &err), 0);
	ck_assert_int_eq(crm_facts_set_money(f, crm_fact_slot(rs, "amount"), 1050, &err), 0);
	ck_assert_int_eq(crm_decide_index(ctx, d, f, &r, &err), 0);
	int b = -1, k = -1;
	int64_t i = 0;
	double x = 0;
	const char *s;
	size_t len;
	ck_assert_int_eq(crm_result_bool_at(r, 0, &b), 0);
	ck_assert_int_eq(b, 1);
	ck_assert_int_eq(crm_result_int_at(r, 1, &i), 0);
	ck_assert_int_eq(i, 12000);
	ck_assert_int_eq(crm_result_int_at(r, 2, &i), 0);
	ck_assert_int_eq(i, 2100);
	ck_assert_int_eq(crm_result_number_at(r, 3, &x), 0);
	ck_assert(x == 3.0);
	ck_assert_int_eq(crm_result_index_at(r, 4, &k), 0);
	ck_assert_int_eq(k, 2);
	ck_assert_int_eq(crm_result_string_at(r, 5, &s, &len), 0);
	ck_assert(len == 12 && memcmp(s, "zero or more", 12) == 0);
	ck_assert_int_eq(crm_result_int_at(r, 6, &i), 0);
	ck_assert_int_eq(i, 20818); /* 2026-12-31 */
	ck_assert_int_eq(crm_result_int_at(r, 5, &i), CRM_ETYPE);
	ck_assert_int_eq(crm_result_index_at(r, 5, &k), CRM_ETYPE);
	ck_assert_int_eq(crm_result_bool_at(r, 7, &b), CRM_EINVAL);
	close_all(rs, ctx, f);
}
END_TEST

START_TEST(binding_writes_outputs)
{
	crm_ruleset *rs = load_ok(yaml);
	int d = crm_decision_find(rs, "d"), t = crm_decision_find(rs, "tags");
	crm_error err;
	crm_binding *in;
	crm_out_binding *ob, *tb;
	ck_assert_int_eq(crm_binding_new(&in, rs, in_fields, 3, sizeof(in_rec), &err), 0);
	ck_assert_int_eq(crm_out_binding_new(&ob, rs, d, out_fields, 6, sizeof(out_rec), &err), 0);
	crm_out_field tf = {"tag", offsetof(out_rec, tags), CRM_C_INT32, CRM_FIELD_INDEX,
	                    offsetof(out_rec, ntags), 2};
	ck_assert_int_eq(crm_out_binding_new(&tb, rs, t, &tf, 1, sizeof(out_rec), &err), 0);
	crm_context *ctx;
	ck_assert_int_eq(crm_context_new(&ctx, rs, NULL), 0);

	in_rec a = {12, 1050, true, true};
	out_rec o;
	memset(&o, 0x55, sizeof o);
	const crm_result *r;
	ck_assert_int_eq(crm_decide_record_into(ctx, d, in, &a, ob, &o, &r, &err), 0);
	ck_assert(o.flag); /* 12 > 5 */
	ck_assert_int_eq(o.count, 12000);
	ck_assert_int_eq(o.limit, 2100);
	ck_assert(o.ratio == 3.0);
	ck_assert_int_eq(o.grade, 2);
	ck_assert_int_eq(o.due, 20818);
	ck_assert_ptr_nonnull(r);
	/* an unknown optional output says so; the others are written */
	in_rec neg = {-3, 700, false, false};
	ck_assert_int_eq(crm_decide_record_into(ctx, d, in, &neg, ob, &o, NULL, &err), 0);
	ck_assert(!o.flag); /* flag: false, a constant */
	ck_assert_int_eq(o.count, -3);
	ck_assert_int_eq(o.grade, 0);
	in_rec zero = {0, 1, false, false};
	ck_assert_int_eq(crm_decide_record_into(ctx, d, in, &zero, ob, &o, NULL, &err), 0);
	ck_assert(!o.flag);
	ck_assert_int_eq(o.grade, 1);
	/* a string output with values: as the ruleset's copy of its value */
	crm_out_field text = {"grade", offsetof(out_rec, grade_text), CRM_C_STRING, 0, 0, 0};
	crm_out_binding *sb;
	ck_assert_int_eq(crm_out_binding_new(&sb, rs, d, &text, 1, sizeof(out_rec), &err), 0);
	ck_assert_int_eq(crm_decide_record_into(ctx, d, in, &a, sb, &o, NULL, &err), 0);
	ck_assert_str_eq(o.grade_text, "A");
	ck_assert_ptr_eq(o.grade_text, crm_output_value(rs, d, 4, 2));
	crm_out_binding_free(sb);
	/* a collect table's list: indices and a count */
	ck_assert_int_eq(crm_decide_record_into(ctx, t, in, &zero, tb, &o, NULL, &err), 0);
	ck_assert_uint_eq(o.ntags, 2);
	ck_assert_int_eq(o.tags[0], 0);
	ck_assert_int_eq(o.tags[1], 1);
	in_rec mid = {50, 0, false, false};
	ck_assert_int_eq(crm_decide_record_into(ctx, t, in, &mid, tb, &o, NULL, &err), 0);
	ck_assert_uint_eq(o.ntags, 1);
	ck_assert_int_eq(o.tags[0], 1);

	/* what a write refuses */
	crm_out_field narrow = {"count", offsetof(out_rec, grade), CRM_C_UINT8, 0, 0, 0};
	crm_out_binding *nb;
	ck_assert_int_eq(crm_out_binding_new(&nb, rs, d, &narrow, 1, sizeof(out_rec), &err), 0);
	ck_assert_int_eq(crm_decide_record_into(ctx, d, in, &a, nb, &o, NULL, &err), CRM_EOVERFLOW);
	ck_assert_str_eq(err.message, "output 'count': 12000 does not fit its member");
	crm_out_binding_free(nb);
	ck_assert_int_eq(crm_decide_record(ctx, t, in, &a, &r, &err), 0);
	ck_assert_int_eq(crm_result_write(r, ob, &o, &err), CRM_EINVAL); /* another decision's */
	ck_assert_str_eq(err.message, "the output binding is for decision 'd'");
	ck_assert_int_eq(crm_decide_record(ctx, d, in, &a, &r, &err), 0);
	ck_assert_int_eq(crm_result_write(r, tb, &o, &err), CRM_EINVAL);
	/* into: another decision's binding is refused before deciding, and
	 * out_record keeps what it held */
	memset(&o, 0x55, sizeof o);
	r = (const crm_result *)&err;
	ck_assert_int_eq(crm_decide_record_into(ctx, t, in, &a, ob, &o, &r, &err), CRM_EINVAL);
	ck_assert_str_eq(err.message, "the output binding is for decision 'd'");
	ck_assert_ptr_null(r);
	ck_assert_int_eq(o.count, 0x55555555);
	ck_assert_int_eq(crm_decide_record_into(ctx, d, in, &a, NULL, &o, NULL, &err), CRM_EINVAL);
	ck_assert_int_eq(crm_decide_record_into(ctx, d, in, &a, ob, NULL, NULL, &err), CRM_EINVAL);
	crm_out_field one = {"tag", offsetof(out_rec, tags), CRM_C_INT32, CRM_FIELD_INDEX,
	                     offsetof(out_rec, ntags), 1};
	ck_assert_int_eq(crm_out_binding_new(&nb, rs, t, &one, 1, sizeof(out_rec), &err), 0);
	ck_assert_int_eq(crm_decide_record_into(ctx, t, in, &zero, nb, &o, NULL, &err), CRM_ELIMIT);
	ck_assert_str_eq(err.message, "output 'tag' has 2 items, its member holds 1");
	crm_out_binding_free(nb);

	crm_out_binding_free(ob);
	crm_out_binding_free(tb);
	crm_binding_free(in);
	crm_context_free(ctx);
	crm_ruleset_free(rs);
}
END_TEST

/* A first-hit table the members answer, with constant outputs of every
 * kind: written from the rule's image (made with the output binding),
 * byte for byte what crm_result_write writes from the result, and a
 * constant too big for its member refused as the write refuses it. */
static const char *const konst_yaml =
	"facts: { n: int, amount: money }\n"
	"decisions:\n"
	"  k:\n"
	"    inputs: [n]\n"
	"    outputs:\n"
	"      flag: bool\n"
	"      count: int\n"
	"      limit: money\n"
	"      ratio: number\n"
	"      grade: { type: string, values: [C, B, A] }\n"
	"      due: date\n"
	"    rules:\n"
	"      - { if: ['< 0'], then: { flag: true, count: -7, limit: 12.34, ratio: 0.25,\n"
	"          grade: '\"B\"', due: 2026-03-01 } }\n"
	"      - { if: ['[0..9]'], then: { flag: false, count: n, limit: amount, ratio: 1.5,\n"
	"          grade: '\"A\"', due: 2026-12-31 } }\n"
	"      - { if: ['[10..99]'], then: { flag: n > 50, count: 300, limit: 0, ratio: n / 8,\n"
	"          grade: if n > 50 then \"A\" else \"C\", due: 2027-01-01 } }\n"
	"      - { if: ['>= 100'], then: { flag: true, count: 70000, limit: -5, ratio: 2,\n"
	"          grade: '\"C\"', due: 2026-01-01 } }\n"
	"  one:\n"
	"    inputs: [n]\n"
	"    outputs: { band: { type: string, values: [low, mid, high] } }\n"
	"    rules:\n"
	"      - { if: ['< 10'], then: '\"low\"' }\n"
	"      - { if: ['[10..99]'], then: '\"mid\"' }\n"
	"      - { if: ['>= 100'], then: '\"high\"' }\n";

typedef struct konst_out {
	bool flag;
	uint8_t count8;
	int32_t count;
	int64_t limit;
	double ratio;
	uint8_t grade;
	int32_t grade32;
	const char *grade_text;
	int64_t due;
} konst_out;

START_TEST(images_write_as_results_do)
{
	crm_ruleset *rs = load_ok(konst_yaml);
	int k = crm_decision_find(rs, "k");
	crm_error err;
	crm_binding *in;
	ck_assert_int_eq(crm_binding_new(&in, rs, in_fields, 2, sizeof(in_rec), &err), 0);
	ck_assert_int_eq(crm_binding_path(in, k, NULL, 0), CRM_PATH_PLAN);
	const crm_out_field wide[] = {
		{"flag", offsetof(konst_out, flag), CRM_C_BOOL, 0, 0, 0},
		{"count", offsetof(konst_out, count), CRM_C_INT32, 0, 0, 0},
		{"limit", offsetof(konst_out, limit), CRM_C_INT64, 0, 0, 0},
		{"ratio", offsetof(konst_out, ratio), CRM_C_DOUBLE, 0, 0, 0},
		{"grade", offsetof(konst_out, grade32), CRM_C_INT32, CRM_FIELD_INDEX, 0, 0},
		{"due", offsetof(konst_out, due), CRM_C_INT64, 0, 0, 0},
	};
	const crm_out_field narrow[] = {
		{"grade", offsetof(konst_out, grade), CRM_C_UINT8, CRM_FIELD_INDEX, 0, 0},
		{"count", offsetof(konst_out, count8), CRM_C_UINT8, 0, 0, 0},
		{"flag", offsetof(konst_out, flag), CRM_C_BOOL, 0, 0, 0},
	};
	const crm_out_field text = {"grade", offsetof(konst_out, grade_text), CRM_C_STRING, 0, 0, 0};
	/* members with no byte between them, written as one run: 2 bytes (the
	 * constant count of three rules too big: written up to it), 20, 9 */
	const crm_out_field run2[] = {
		{"flag", offsetof(konst_out, flag), CRM_C_BOOL, 0, 0, 0},
		{"count", offsetof(konst_out, count8), CRM_C_UINT8, 0, 0, 0},
	};
	const crm_out_field run20[] = {
		{"ratio", offsetof(konst_out, ratio), CRM_C_DOUBLE, 0, 0, 0},
		{"count", offsetof(konst_out, count), CRM_C_INT32, 0, 0, 0},
		{"limit", offsetof(konst_out, limit), CRM_C_INT64, 0, 0, 0},
	};
	const crm_out_field run9[] = {
		{"ratio", offsetof(konst_out, ratio), CRM_C_DOUBLE, 0, 0, 0},
		{"grade", offsetof(konst_out, grade), CRM_C_UINT8, CRM_FIELD_INDEX, 0, 0},
	};
	const crm_out_field run20s[] = {
		{"grade", offsetof(konst_out, grade32), CRM_C_INT32, CRM_FIELD_INDEX, 0, 0},
		{"grade", offsetof(konst_out, grade_text), CRM_C_STRING, 0, 0, 0},
		{"due", offsetof(konst_out, due), CRM_C_INT64, 0, 0, 0},
	};
	crm_out_binding *wb, *nb, *tb, *r2, *r20, *r9, *r20s;
	ck_assert_int_eq(crm_out_binding_new(&wb, rs, k, wide, 6, sizeof(konst_out), &err), 0);
	ck_assert_int_eq(crm_out_binding_new(&nb, rs, k, narrow, 3, sizeof(konst_out), &err), 0);
	ck_assert_int_eq(crm_out_binding_new(&tb, rs, k, &text, 1, sizeof(konst_out), &err), 0);
	ck_assert_int_eq(crm_out_binding_new(&r2, rs, k, run2, 2, sizeof(konst_out), &err), 0);
	ck_assert_int_eq(crm_out_binding_new(&r20, rs, k, run20, 3, sizeof(konst_out), &err), 0);
	ck_assert_int_eq(crm_out_binding_new(&r9, rs, k, run9, 2, sizeof(konst_out), &err), 0);
	/* an output bound twice is refused: grade to one member at a time */
	ck_assert_int_eq(crm_out_binding_new(&r20s, rs, k, run20s, 3, sizeof(konst_out), &err),
	                 CRM_EINVAL);
	ck_assert_int_eq(crm_out_binding_new(&r20s, rs, k, run20s + 1, 2, sizeof(konst_out), &err),
	                 0);
	crm_context *ctx;
	ck_assert_int_eq(crm_context_new(&ctx, rs, NULL), 0);
	const crm_out_binding *obs[] = {wb, nb, tb, r2, r20, r9, r20s};
	int checked = 0;
	for (int64_t n = -3; n <= 130; n++)
		for (size_t b = 0; b < sizeof obs / sizeof obs[0]; b++) {
			in_rec a = {n, 100 + n, false, false};
			konst_out into, wrote;
			memset(&into, 0x5a, sizeof into);
			memset(&wrote, 0x5a, sizeof wrote);
			const crm_result *r;
			crm_error e1, e2;
			int rc1 = crm_decide_record_into(ctx, k, in, &a, obs[b], &into, NULL, &e1);
			ck_assert_int_eq(crm_decide_record(ctx, k, in, &a, &r, &err), 0);
			int rc2 = crm_result_write(r, obs[b], &wrote, &e2);
			ck_assert_int_eq(rc1, rc2);
			if (rc1)
				ck_assert_str_eq(e1.message, e2.message);
			else
				ck_assert(memcmp(&into, &wrote, sizeof into) == 0);
			checked += rc1 == 0;
		}
	/* all of n in -3..130 but the count of 10 of them in a uint8_t (below),
	 * twice */
	ck_assert_int_eq(checked, 134 + 10 + 134 + 10 + 3 * 134);
	/* written up to the member that fails */
	konst_out o2;
	memset(&o2, 0x5a, sizeof o2);
	in_rec a2 = {-1, 0, false, false};
	ck_assert_int_eq(crm_decide_record_into(ctx, k, in, &a2, r2, &o2, NULL, &err), CRM_EOVERFLOW);
	ck_assert_str_eq(err.message, "output 'count': -7 does not fit its member");
	ck_assert(o2.flag);
	ck_assert_uint_eq(o2.count8, 0x5a);
	/* a run of 6 bytes (two 4-byte words, overlapping) */
	typedef struct run6 {
		int32_t count;
		uint8_t grade;
		bool flag;
	} run6;
	const crm_out_field f6[] = {
		{"count", offsetof(run6, count), CRM_C_INT32, 0, 0, 0},
		{"grade", offsetof(run6, grade), CRM_C_UINT8, CRM_FIELD_INDEX, 0, 0},
		{"flag", offsetof(run6, flag), CRM_C_BOOL, 0, 0, 0},
	};
	crm_out_binding *r6;
	ck_assert_int_eq(crm_out_binding_new(&r6, rs, k, f6, 3, sizeof(run6), &err), 0);
	for (int64_t n = -3; n <= 130; n++) {
		in_rec a6 = {n, 100 + n, false, false};
		run6 into, wrote;
		memset(&into, 0x5a, sizeof into);
		memset(&wrote, 0x5a, sizeof wrote);
		const crm_result *r;
		ck_assert_int_eq(crm_decide_record_into(ctx, k, in, &a6, r6, &into, NULL, &err), 0);
		ck_assert_int_eq(crm_decide_record(ctx, k, in, &a6, &r, &err), 0);
		ck_assert_int_eq(crm_result_write(r, r6, &wrote, &err), 0);
		ck_assert(memcmp(&into, &wrote, sizeof into) == 0);
	}
	crm_out_binding_free(r6);
	crm_out_binding_free(r2);
	crm_out_binding_free(r20);
	crm_out_binding_free(r9);
	crm_out_binding_free(r20s);
	/* each rule's constants, as the host reads them */
	konst_out o;
	in_rec a = {-1, 0, false, false};
	ck_assert_int_eq(crm_decide_record_into(ctx, k, in, &a, wb, &o, NULL, &err), 0);
	ck_assert(o.flag && o.count == -7 && o.limit == 1234 && o.ratio == 0.25 && o.grade32 == 1);
	ck_assert_int_eq(o.due, 20513); /* 2026-03-01 */
	a.n = 200;
	ck_assert_int_eq(crm_decide_record_into(ctx, k, in, &a, wb, &o, NULL, &err), 0);
	ck_assert(o.flag && o.count == 70000 && o.limit == -500 && o.ratio == 2.0 && o.grade32 == 0);
	ck_assert_int_eq(crm_decide_record_into(ctx, k, in, &a, tb, &o, NULL, &err), 0);
	ck_assert_ptr_eq(o.grade_text, crm_output_value(rs, k, 4, 0));
	/* constants that do not fit a uint8_t member: refused as the write
	 * refuses them, naming the output */
	ck_assert_int_eq(crm_decide_record_into(ctx, k, in, &a, nb, &o, NULL, &err),
	                 CRM_EOVERFLOW);
	ck_assert_str_eq(err.message, "output 'count': 70000 does not fit its member");
	a.n = -1;
	ck_assert_int_eq(crm_decide_record_into(ctx, k, in, &a, nb, &o, NULL, &err),
	                 CRM_EOVERFLOW);
	ck_assert_str_eq(err.message, "output 'count': -7 does not fit its member");
	a.n = 4;
	ck_assert_int_eq(crm_decide_record_into(ctx, k, in, &a, nb, &o, NULL, &err), 0);
	ck_assert(!o.flag && o.count8 == 4 && o.grade == 2);
	/* a table of one constant output, answered from its lookup alone */
	int one = crm_decision_find(rs, "one");
	ck_assert_int_eq(crm_binding_path(in, one, NULL, 0), CRM_PATH_MEMBERS);
	const crm_out_field band = {"band", offsetof(konst_out, grade), CRM_C_UINT8,
	                            CRM_FIELD_INDEX, 0, 0};
	crm_out_binding *ob1;
	ck_assert_int_eq(crm_out_binding_new(&ob1, rs, one, &band, 1, sizeof(konst_out), &err), 0);
	for (int64_t n = 0; n < 150; n += 7) {
		a.n = n;
		ck_assert_int_eq(crm_decide_record_into(ctx, one, in, &a, ob1, &o, NULL, &err), 0);
		ck_assert_int_eq(o.grade, n < 10 ? 0 : n < 100 ? 1 : 2);
	}
	crm_out_binding_free(ob1);
	crm_context_free(ctx);
	crm_out_binding_free(wb);
	crm_out_binding_free(nb);
	crm_out_binding_free(tb);
	crm_binding_free(in);
	crm_ruleset_free(rs);
}
END_TEST

START_TEST(binding_refused)
{
	crm_ruleset *rs = load_ok(yaml);
	int d = crm_decision_find(rs, "d");
	crm_error err;
	crm_out_binding *ob = (crm_out_binding *)&err;
	const struct {
		crm_out_field f;
		int code;
		const char *message;
	} cases[] = {
		{{"limit", 0, CRM_C_INT32, 0, 0, 0}, CRM_ETYPE,
		 "field 0 ('limit'): a money, date, datetime or duration output takes an int64_t "
		 "member (minor units, days or seconds)"},
		{{"note", 0, CRM_C_STRING, 0, 0, 0}, CRM_ETYPE,
		 "field 0 ('note'): a string output without values: is read with "
		 "crm_result_string_at"},
		{{"grade", 0, CRM_C_INT, 0, 0, 0}, CRM_ETYPE,
		 "field 0 ('grade'): a string output with values: takes an integer index "
		 "(CRM_FIELD_INDEX) or a const char * member"},
		{{"ratio", 0, CRM_C_INT64, 0, 0, 0}, CRM_ETYPE,
		 "field 0 ('ratio'): a number output takes a double member"},
		{{"nope", 0, CRM_C_INT64, 0, 0, 0}, CRM_EUNKNOWN,
		 "field 0: decision 'd' has no output 'nope'"},
		{{"limit", sizeof(out_rec) - 4, CRM_C_INT64, 0, 0, 0}, CRM_EINVAL,
		 "field 0 ('limit'): the member lies outside a record of 64 bytes"},
		{{"limit", 0, (crm_ctype)99, 0, 0, 0}, CRM_EINVAL, "field 0 ('limit'): unknown C type"},
		{{"limit", 0, CRM_C_INT64, CRM_FIELD_OPTIONAL, 0, 0}, CRM_EINVAL, "field 0 ('limit'): unknown flags"},
		{{NULL, 0, CRM_C_INT64, 0, 0, 0}, CRM_EINVAL, "field 0 has no output name"},
	};
	ck_assert_uint_eq(sizeof(out_rec), 64);
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		ck_assert_int_eq(crm_out_binding_new(&ob, rs, d, &cases[i].f, 1, sizeof(out_rec), &err),
		                 cases[i].code);
		ck_assert_str_eq(err.message, cases[i].message);
		ck_assert_ptr_null(ob);
	}
	crm_out_field twice[] = {{"limit", 0, CRM_C_INT64, 0, 0, 0},
	                         {"limit", 8, CRM_C_INT64, 0, 0, 0}};
	ck_assert_int_eq(crm_out_binding_new(&ob, rs, d, twice, 2, sizeof(out_rec), &err), CRM_EINVAL);
	ck_assert_str_eq(err.message, "field 1: output 'limit' is bound twice");
	ck_assert_int_eq(crm_out_binding_new(&ob, rs, 7, twice, 1, sizeof(out_rec), &err),
	                 CRM_EUNKNOWN);
	/* more fields than outputs: a name that is no output says so first */
	crm_out_field many[32];
	for (size_t i = 0; i < 32; i++)
		many[i] = (crm_out_field){"limit", 0, CRM_C_INT64, 0, 0, 0};
	many[5].output = "nope";
	ck_assert_int_eq(crm_out_binding_new(&ob, rs, d, many, 32, sizeof(out_rec), &err),
	                 CRM_EUNKNOWN);
	ck_assert_str_eq(err.message, "field 5: decision 'd' has no output 'nope'");
	many[5].output = "limit";
	ck_assert_int_eq(crm_out_binding_new(&ob, rs, d, many, 32, sizeof(out_rec), &err),
	                 CRM_EINVAL);
	ck_assert_ptr_nonnull(strstr(err.message, "an output is bound twice"));
	crm_ruleset_free(rs);
}
END_TEST

/* A list output's values: are its items' (as a list fact's): a constant
 * with another item is a load error, a computed one a decision's error;
 * the shipped credit_limit's approvals are written as a count and ids. */
START_TEST(list_output_values)
{
	crm_error err;
	ck_assert_int_eq(load_err("facts: { n: int }\n"
	                          "decisions:\n"
	                          "  d:\n"
	                          "    outputs: { who: { type: list of string, values: [a, b] } }\n"
	                          "    rules:\n"
	                          "      - then: '[\"a\", \"c\"]'\n",
	                          &err),
	                 CRM_EINVAL);
	ck_assert_msg(strstr(err.message, "an item is not one of the values of output 'who'"), "%s",
	              err.message);
	crm_ruleset *rs = load_ok("facts: { n: int, given: list of string }\n"
	                          "decisions:\n"
	                          "  d:\n"
	                          "    inputs: [n]\n"
	                          "    outputs: { who: { type: list of string, values: [a, b] } }\n"
	                          "    rules:\n"
	                          "      - { if: ['< 0'], then: '[\"b\", \"a\"]' }\n"
	                          "      - { if: ['>= 0'], then: given }\n");
	crm_context *ctx;
	crm_facts *f;
	open_with(rs, &ctx, &f);
	const crm_result *r;
	const char *ok = "{\"n\": 1, \"given\": [\"a\", \"b\", \"a\"]}";
	const char *bad = "{\"given\": [\"a\", \"z\"]}";
	ck_assert_int_eq(crm_facts_set_json(f, ok, strlen(ok), &err), 0);
	ck_assert_int_eq(crm_decide(ctx, "d", f, &r, &err), 0);
	ck_assert_int_eq(crm_facts_set_json(f, bad, strlen(bad), &err), 0);
	ck_assert_int_eq(crm_decide(ctx, "d", f, &r, &err), CRM_EINVAL);
	ck_assert_msg(strstr(err.message, "output 'who' is"), "%s", err.message);
	ck_assert_msg(strstr(err.message, "an item not one of its values"), "%s", err.message);
	int d = crm_decision_find(rs, "d");
	ck_assert_int_eq(crm_output_value_index(rs, d, 0, "b"), 1);
	ck_assert_str_eq(crm_output_value(rs, d, 0, 0), "a");
	close_all(rs, ctx, f);

	/* the shipped rules: approvals as ids, in CRM_APPROVER_* order */
	crm_ruleset *shipped;
	ck_assert_int_eq(crm_ruleset_load(&shipped, CRM_RULES_DIR, NULL, &err), 0);
	int cl = crm_decision_find(shipped, "credit_limit");
	int ao = crm_output_find(shipped, cl, "approvals");
	ck_assert_int_eq(crm_output_value_index(shipped, cl, ao, "sales_vp"), 0);
	ck_assert_int_eq(crm_output_value_index(shipped, cl, ao, "regional_manager"), 3);
	typedef struct lim {
		uint8_t grade; /* C, B, A */
		bool history;
		int64_t ship, pay, limit;
		uint8_t approvals[4];
		size_t napprovals;
	} lim;
	const crm_field in[] = {
		{"grade", offsetof(lim, grade), CRM_C_UINT8, CRM_FIELD_INDEX, 0},
		{"has_credit_history", offsetof(lim, history), CRM_C_BOOL, 0, 0},
		{"avg_monthly_shipments", offsetof(lim, ship), CRM_C_INT64, 0, 0},
		{"avg_monthly_payments", offsetof(lim, pay), CRM_C_INT64, 0, 0},
	};
	const crm_out_field outs[] = {
		{"approvals", offsetof(lim, approvals), CRM_C_UINT8, CRM_FIELD_INDEX,
		 offsetof(lim, napprovals), 4},
		{"limit", offsetof(lim, limit), CRM_C_INT64, 0, 0, 0},
	};
	crm_binding *b;
	crm_out_binding *ob;
	ck_assert_int_eq(crm_binding_new(&b, shipped, in, 4, sizeof(lim), &err), 0);
	ck_assert_int_eq(crm_out_binding_new(&ob, shipped, cl, outs, 2, sizeof(lim), &err), 0);
	ck_assert_int_eq(crm_context_new(&ctx, shipped, NULL), 0);
	/* a fact's values by name, as an output's */
	int grade = crm_fact_slot(shipped, "grade");
	ck_assert_int_eq(crm_fact_value_index(shipped, grade, "A"), 2);
	ck_assert_int_eq(crm_fact_value_index(shipped, crm_fact_slot(shipped, "capital"), "weak"), 2);
	ck_assert_int_eq(crm_fact_value_index(shipped, grade, "D"), CRM_EUNKNOWN);
	ck_assert_int_eq(crm_fact_value_index(shipped, crm_fact_slot(shipped, "current_limit"), "A"),
	                 CRM_ETYPE);
	ck_assert_int_eq(crm_fact_value_index(shipped, -1, "A"), CRM_EINVAL);
	ck_assert_int_eq(crm_fact_value_index(shipped, grade, NULL), CRM_EINVAL);
	lim x = {(uint8_t)crm_fact_value_index(shipped, grade, "A"), true, 5000000, 4000000, 0,
	         {9, 9, 9, 9}, 99};
	ck_assert_int_eq(crm_decide_record_into(ctx, cl, b, &x, ob, &x, NULL, &err), 0);
	ck_assert_int_eq(x.limit, 4000000);
	ck_assert_uint_eq(x.napprovals, 3);
	ck_assert(x.approvals[0] == 0 && x.approvals[1] == 1 && x.approvals[2] == 2);
	x.grade = (uint8_t)crm_fact_value_index(shipped, grade, "C"); /* none */
	ck_assert_int_eq(crm_decide_record_into(ctx, cl, b, &x, ob, &x, NULL, &err), 0);
	ck_assert_int_eq(x.limit, 0);
	ck_assert_uint_eq(x.napprovals, 0);
	crm_binding_free(b);
	crm_out_binding_free(ob);
	crm_context_free(ctx);
	crm_ruleset_free(shipped);
}
END_TEST

Suite *outputs_suite(void)
{
	Suite *s = suite_create("outputs");
	TCase *tc = tcase_create("outputs");
	tcase_add_test(tc, indices_and_getters);
	tcase_add_test(tc, binding_writes_outputs);
	tcase_add_test(tc, images_write_as_results_do);
	tcase_add_test(tc, binding_refused);
	tcase_add_test(tc, list_output_values);
	suite_add_tcase(s, tc);
	return s;
}
