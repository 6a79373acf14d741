/* SPDX-License-Identifier: MIT */
/* check_binding.c - host structs bound to facts (crm_binding_new,
 * crm_facts_set_record): every member type against the setters, and the
 * errors of a binding and of a record. */
#include <math.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "suites.h"

static const char *const facts_yaml =
	"facts:\n"
	"  ok: bool\n"
	"  flag_int: bool\n"
	"  pct: { type: int, range: '[0..100]' }\n"
	"  open_hi: { type: int, range: '[0..10)' }\n"
	"  small: int\n"
	"  big: int\n"
	"  limit: money\n"
	"  since: date\n"
	"  at: datetime\n"
	"  wait: duration\n"
	"  ratio: number\n"
	"  ratio_int: number\n"
	"  bounded: { type: number, range: '[0..1]' }\n"
	"  name: string\n"
	"  level: { type: string, values: [low, mid, high] }\n"
	"  code: { type: string, values: [AB, CD], pattern: '^[A-Z]+$' }\n"
	"  tags: list of string\n"
	"  odd: { type: int, values: [1, 3, 5] }\n";

typedef struct record {
	bool ok;
	int flag_int;
	int pct, open_hi;
	uint8_t small;
	int64_t big;
	bool has_limit;
	int64_t limit;
	int32_t since;
	int64_t at, wait;
	double ratio;
	int32_t ratio_int;
	double bounded;
	const char *name;
	int level;
	uint8_t code;
	int odd;
} record;

static const crm_field fields[] = {
	{"ok", offsetof(record, ok), CRM_C_BOOL, 0, 0},
	{"flag_int", offsetof(record, flag_int), CRM_C_INT, 0, 0},
	{"pct", offsetof(record, pct), CRM_C_INT, 0, 0},
	{"open_hi", offsetof(record, open_hi), CRM_C_INT, 0, 0},
	{"small", offsetof(record, small), CRM_C_UINT8, 0, 0},
	{"big", offsetof(record, big), CRM_C_INT64, 0, 0},
	{"limit", offsetof(record, limit), CRM_C_INT64, CRM_FIELD_OPTIONAL,
	 offsetof(record, has_limit)},
	{"since", offsetof(record, since), CRM_C_INT32, 0, 0},
	{"at", offsetof(record, at), CRM_C_INT64, 0, 0},
	{"wait", offsetof(record, wait), CRM_C_INT64, 0, 0},
	{"ratio", offsetof(record, ratio), CRM_C_DOUBLE, 0, 0},
	{"ratio_int", offsetof(record, ratio_int), CRM_C_INT32, 0, 0},
	{"bounded", offsetof(record, bounded), CRM_C_DOUBLE, 0, 0},
	{"name", offsetof(record, name), CRM_C_STRING, 0, 0},
	{"level", offsetof(record, level), CRM_C_INT, CRM_FIELD_INDEX, 0},
	{"code", offsetof(record, code), CRM_C_UINT8, CRM_FIELD_INDEX, 0},
	{"odd", offsetof(record, odd), CRM_C_INT, 0, 0},
};
#define NFIELDS (sizeof fields / sizeof *fields)

static uint32_t next(uint64_t *s)
{
	*s = *s * 6364136223846793005u + 1442695040888963407u;
	return (uint32_t)(*s >> 33);
}

static int slot(const crm_ruleset *rs, const char *name)
{
	int s = crm_fact_slot(rs, name);
	ck_assert_int_ge(s, 0);
	return s;
}

/* What a host would do without a binding: one setter per member. Returns
 * the first error, like crm_facts_set_record. */
static int set_by_setters(crm_facts *f, const crm_ruleset *rs, const record *r,
                          crm_error *err)
{
	static const char *const levels[] = {"low", "mid", "high"}, *const codes[] = {"AB", "CD"};
	int rc;
	if ((rc = crm_facts_set_bool(f, slot(rs, "ok"), r->ok, err)) ||
	    (rc = crm_facts_set_bool(f, slot(rs, "flag_int"), r->flag_int, err)) ||
	    (rc = crm_facts_set_int(f, slot(rs, "pct"), r->pct, err)) ||
	    (rc = crm_facts_set_int(f, slot(rs, "open_hi"), r->open_hi, err)) ||
	    (rc = crm_facts_set_int(f, slot(rs, "small"), r->small, err)) ||
	    (rc = crm_facts_set_int(f, slot(rs, "big"), r->big, err)))
		return rc;
	if (r->has_limit)
		rc = crm_facts_set_money(f, slot(rs, "limit"), r->limit, err);
	else
		rc = crm_facts_unset(f, slot(rs, "limit"));
	if (rc || (rc = crm_facts_set_date(f, slot(rs, "since"), r->since, err)) ||
	    (rc = crm_facts_set_datetime(f, slot(rs, "at"), r->at, err)) ||
	    (rc = crm_facts_set_duration(f, slot(rs, "wait"), r->wait, err)) ||
	    (rc = crm_facts_set_number(f, slot(rs, "ratio"), r->ratio, err)) ||
	    (rc = crm_facts_set_int(f, slot(rs, "ratio_int"), r->ratio_int, err)) ||
	    (rc = crm_facts_set_number(f, slot(rs, "bounded"), r->bounded, err)))
		return rc;
	if (r->name)
		rc = crm_facts_set_string(f, slot(rs, "name"), r->name, strlen(r->name), err);
	else
		rc = crm_facts_unset(f, slot(rs, "name"));
	if (rc)
		return rc;
	if (r->level < 0 || r->level > 2)
		return CRM_EINVAL;
	if ((rc = crm_facts_set_string(f, slot(rs, "level"), levels[r->level],
	                               strlen(levels[r->level]), err)))
		return rc;
	if (r->code > 1)
		return CRM_EINVAL;
	if ((rc = crm_facts_set_string(f, slot(rs, "code"), codes[r->code], 2, err)))
		return rc;
	return crm_facts_set_int(f, slot(rs, "odd"), r->odd, err);
}

static bool same_value(const crm_value *a, const crm_value *b)
{
	if (a->type != b->type)
		return false;
	switch (a->type) {
	case CRM_T_UNKNOWN: return true;
	case CRM_T_BOOL: return a->u.b == b->u.b;
	case CRM_T_NUMBER: return a->u.n == b->u.n || (isnan(a->u.n) && isnan(b->u.n));
	case CRM_T_STRING:
		return a->u.s.len == b->u.s.len && memcmp(a->u.s.ptr, b->u.s.ptr, a->u.s.len) == 0;
	default: return a->u.i == b->u.i;
	}
}

static void random_record(uint64_t *s, record *r, char *name)
{
	memset(r, 0, sizeof *r);
	/* mostly valid; now and then one value out of range */
	r->ok = next(s) % 2;
	r->flag_int = (int)(next(s) % 3) - 1;
	r->pct = (int)(next(s) % 104) - 2;
	r->open_hi = (int)(next(s) % 12);
	r->small = (uint8_t)next(s);
	r->big = (int64_t)next(s) * 4096 - ((int64_t)1 << 40);
	r->has_limit = next(s) % 2;
	r->limit = (int64_t)(next(s) % 1000000);
	r->since = (int32_t)(next(s) % 30000);
	r->at = (int64_t)next(s);
	r->wait = (int64_t)(next(s) % 100000);
	r->ratio = next(s) % 50 ? (next(s) % 1000) / 7.0 : NAN;
	r->ratio_int = (int32_t)(next(s) % 50) - 25;
	r->bounded = next(s) % 50 ? (next(s) % 110) / 100.0 : NAN;
	snprintf(name, 16, "n%u", next(s) % 100);
	r->name = next(s) % 5 ? name : NULL;
	r->level = (int)(next(s) % 40 ? next(s) % 3 : 3);
	r->code = (uint8_t)(next(s) % 40 ? next(s) % 2 : 2);
	r->odd = (int)(next(s) % 7);
}

/* A record sets exactly what the setters set, and fails where they fail. */
START_TEST(record_matches_setters)
{
	crm_ruleset *rs = load_ok(facts_yaml);
	crm_binding *b;
	crm_error err;
	ck_assert_msg(crm_binding_new(&b, rs, fields, NFIELDS, sizeof(record), &err) == 0, "%s",
	              err.message);
	crm_facts *fr, *fs;
	ck_assert_int_eq(crm_facts_new(&fr, rs), 0);
	ck_assert_int_eq(crm_facts_new(&fs, rs), 0);
	uint64_t seed = 2026;
	int good = 0, bad = 0;
	for (int i = 0; i < 3000; i++) {
		record r;
		char name[16];
		random_record(&seed, &r, name);
		crm_facts_clear(fr);
		crm_facts_clear(fs);
		int rc = crm_facts_set_record(fr, b, &r, &err);
		int rcs = set_by_setters(fs, rs, &r, NULL);
		ck_assert_msg(rc == rcs, "record %d: %d (record) vs %d (setters): %s", i, rc, rcs,
		              rc ? err.message : "");
		if (rc) {
			bad++;
			continue;
		}
		good++;
		for (size_t k = 0; k < crm_ruleset_fact_count(rs); k++) {
			crm_value a = crm_facts_get(fr, (int)k), e = crm_facts_get(fs, (int)k);
			ck_assert_msg(same_value(&a, &e), "record %d: fact '%s' differs", i,
			              crm_ruleset_fact_name(rs, k));
		}
	}
	ck_assert_int_gt(good, 300);
	ck_assert_int_gt(bad, 300);
	crm_facts_free(fr);
	crm_facts_free(fs);
	crm_binding_free(b);
	crm_ruleset_free(rs);
}
END_TEST

static int bind_one(const crm_ruleset *rs, crm_field fl, size_t size, crm_error *err)
{
	crm_binding *b = NULL;
	int rc = crm_binding_new(&b, rs, &fl, 1, size, err);
	crm_binding_free(b);
	return rc;
}

START_TEST(binding_errors)
{
	crm_ruleset *rs = load_ok(facts_yaml);
	crm_error err;
	size_t sz = sizeof(record);
	crm_field ok = {"pct", offsetof(record, pct), CRM_C_INT, 0, 0};
	ck_assert_int_eq(bind_one(rs, ok, sz, &err), 0);
	crm_field f = {"nope", 0, CRM_C_INT, 0, 0};
	ck_assert_int_eq(bind_one(rs, f, sz, &err), CRM_EUNKNOWN);
	ck_assert_str_eq(err.message, "field 0: unknown fact 'nope'");
	f = (crm_field){"pct", 0, CRM_C_DOUBLE, 0, 0};
	ck_assert_int_eq(bind_one(rs, f, sz, &err), CRM_ETYPE);
	ck_assert_str_eq(err.message,
	                 "field 0 ('pct'): fact 'pct' is int; a member of C type double cannot set "
	                 "it");
	f = (crm_field){"limit", 0, CRM_C_STRING, 0, 0};
	ck_assert_int_eq(bind_one(rs, f, sz, &err), CRM_ETYPE);
	f = (crm_field){"name", 0, CRM_C_INT, 0, 0};
	ck_assert_int_eq(bind_one(rs, f, sz, &err), CRM_ETYPE);
	ck_assert_str_eq(err.message, "field 0 ('name'): fact 'name' is string; a member of C type "
	                              "int cannot set it (a string is a const char *: CRM_C_STRING)");
	f = (crm_field){"level", 0, CRM_C_INT, 0, 0}; /* a C enum without CRM_FIELD_INDEX */
	ck_assert_int_eq(bind_one(rs, f, sz, &err), CRM_ETYPE);
	ck_assert_str_eq(err.message, "field 0 ('level'): fact 'level' is string; a member of C type "
	                              "int cannot set it (an index into its values: needs "
	                              "CRM_FIELD_INDEX)");
	f = (crm_field){"ratio", 0, CRM_C_BOOL, 0, 0};
	ck_assert_int_eq(bind_one(rs, f, sz, &err), CRM_ETYPE);
	f = (crm_field){"name", 0, CRM_C_INT, CRM_FIELD_INDEX, 0};
	ck_assert_int_eq(bind_one(rs, f, sz, &err), CRM_ETYPE);
	ck_assert_str_eq(err.message, "field 0 ('name'): an index needs a string fact with values");
	f = (crm_field){"level", 0, CRM_C_DOUBLE, CRM_FIELD_INDEX, 0};
	ck_assert_int_eq(bind_one(rs, f, sz, &err), CRM_ETYPE);
	f = (crm_field){"tags", 0, CRM_C_STRING, 0, 0};
	ck_assert_int_eq(bind_one(rs, f, sz, &err), CRM_ETYPE);
	ck_assert_ptr_nonnull(strstr(err.message, "a list fact cannot be bound"));
	/* outside the record: the member, or its present flag */
	f = (crm_field){"big", sz - 4, CRM_C_INT64, 0, 0};
	ck_assert_int_eq(bind_one(rs, f, sz, &err), CRM_EINVAL);
	ck_assert_ptr_nonnull(strstr(err.message, "outside a record of"));
	f = (crm_field){"big", (size_t)-1, CRM_C_INT64, 0, 0};
	ck_assert_int_eq(bind_one(rs, f, sz, &err), CRM_EINVAL);
	f = (crm_field){"big", 0, CRM_C_INT64, CRM_FIELD_OPTIONAL, sz};
	ck_assert_int_eq(bind_one(rs, f, sz, &err), CRM_EINVAL);
	ck_assert_ptr_nonnull(strstr(err.message, "its present flag (present_offset"));
	/* an int flag: its four bytes in the record, and only for an optional member */
	f = (crm_field){"big", 0, CRM_C_INT64, CRM_FIELD_OPTIONAL, sz - 2};
	ck_assert_int_eq(bind_one(rs, f, sz, &err), 0);
	f.flags |= CRM_FIELD_PRESENT_INT;
	ck_assert_int_eq(bind_one(rs, f, sz, &err), CRM_EINVAL);
	ck_assert_ptr_nonnull(strstr(err.message, "its present flag (present_offset"));
	f = (crm_field){"big", 0, CRM_C_INT64, CRM_FIELD_PRESENT_INT, 8};
	ck_assert_int_eq(bind_one(rs, f, sz, &err), CRM_EINVAL);
	ck_assert_str_eq(err.message, "field 0 ('big'): CRM_FIELD_PRESENT_INT without "
	                              "CRM_FIELD_OPTIONAL (it says what the present flag is)");
	f = (crm_field){"big", 0, (crm_ctype)99, 0, 0};
	ck_assert_int_eq(bind_one(rs, f, sz, &err), CRM_EINVAL);
	ck_assert_str_eq(err.message, "field 0 ('big'): unknown C type");
	f = (crm_field){"big", 0, CRM_C_INT64, 8u, 0};
	ck_assert_int_eq(bind_one(rs, f, sz, &err), CRM_EINVAL);
	f = (crm_field){NULL, 0, CRM_C_INT64, 0, 0};
	ck_assert_int_eq(bind_one(rs, f, sz, &err), CRM_EINVAL);
	/* twice */
	crm_field two[] = {ok, ok};
	crm_binding *b = (crm_binding *)&err;
	ck_assert_int_eq(crm_binding_new(&b, rs, two, 2, sz, &err), CRM_EINVAL);
	ck_assert_ptr_null(b);
	ck_assert_str_eq(err.message, "field 1: fact 'pct' is bound twice");
	ck_assert_int_eq(crm_binding_new(&b, rs, NULL, 1, sz, &err), CRM_EINVAL);
	ck_assert_int_eq(crm_binding_new(NULL, rs, two, 1, sz, &err), CRM_EINVAL);
	/* no fields: setting a record changes nothing */
	ck_assert_int_eq(crm_binding_new(&b, rs, NULL, 0, 0, &err), 0);
	crm_facts *fa;
	ck_assert_int_eq(crm_facts_new(&fa, rs), 0);
	record r = {0};
	ck_assert_int_eq(crm_facts_set_record(fa, b, &r, &err), 0);
	ck_assert_int_eq(crm_facts_get(fa, 0).type, CRM_T_UNKNOWN);
	ck_assert_int_eq(crm_facts_set_record(fa, b, NULL, &err), CRM_EINVAL);
	crm_binding_free(b);
	/* a binding of another ruleset */
	crm_ruleset *other = load_ok(facts_yaml);
	ck_assert_int_eq(crm_binding_new(&b, other, &ok, 1, sz, &err), 0);
	ck_assert_int_eq(crm_facts_set_record(fa, b, &r, &err), CRM_EINVAL);
	ck_assert_str_eq(err.message, "the binding belongs to another ruleset");
	crm_binding_free(b);
	crm_binding_free(NULL);
	crm_facts_free(fa);
	crm_ruleset_free(other);
	crm_ruleset_free(rs);
}
END_TEST

/* What a bad value in a record says, and what it leaves. */
START_TEST(record_errors)
{
	crm_ruleset *rs = load_ok(facts_yaml);
	crm_binding *b;
	crm_error err;
	ck_assert_int_eq(crm_binding_new(&b, rs, fields, NFIELDS, sizeof(record), &err), 0);
	crm_facts *f;
	ck_assert_int_eq(crm_facts_new(&f, rs), 0);
	/* a valid record, then one bad member at a time */
	record r = {0};
	r.ok = true;
	r.name = "x";
	r.odd = 3;
	ck_assert_int_eq(crm_facts_set_record(f, b, &r, &err), 0);
	r.pct = 101;
	ck_assert_int_eq(crm_facts_set_record(f, b, &r, &err), CRM_EINVAL);
	ck_assert_str_eq(err.message, "fact 'pct': 101 is outside its range [0..100]");
	/* the failing fact keeps its value */
	ck_assert_int_eq(crm_facts_get(f, slot(rs, "pct")).u.i, 0);
	r.pct = 100;
	r.open_hi = 10;
	ck_assert_int_eq(crm_facts_set_record(f, b, &r, &err), CRM_EINVAL);
	ck_assert_str_eq(err.message, "fact 'open_hi': 10 is outside its range [0..10)");
	r.open_hi = 9;
	r.ratio = NAN; /* as crm_facts_set_number: a number fact with no range takes NaN */
	ck_assert_int_eq(crm_facts_set_record(f, b, &r, &err), 0);
	ck_assert(isnan(crm_facts_get(f, slot(rs, "ratio")).u.n));
	r.ratio = 0.5;
	r.bounded = 1.5;
	ck_assert_int_eq(crm_facts_set_record(f, b, &r, &err), CRM_EINVAL);
	ck_assert_ptr_nonnull(strstr(err.message, "fact 'bounded'"));
	r.bounded = NAN; /* outside every range, and said so (not JSON's null) */
	ck_assert_int_eq(crm_facts_set_record(f, b, &r, &err), CRM_EINVAL);
	ck_assert_str_eq(err.message, "fact 'bounded': NaN is outside its range [0..1]");
	ck_assert_int_eq(crm_facts_set_number(f, slot(rs, "bounded"), NAN, &err), CRM_EINVAL);
	ck_assert_str_eq(err.message, "fact 'bounded': NaN is outside its range [0..1]");
	r.bounded = 1;
	r.level = 3;
	ck_assert_int_eq(crm_facts_set_record(f, b, &r, &err), CRM_EINVAL);
	ck_assert_str_eq(err.message, "fact 'level': index 3 is not one of its 3 values");
	r.level = -1;
	ck_assert_int_eq(crm_facts_set_record(f, b, &r, &err), CRM_EINVAL);
	r.level = 2;
	r.code = 2;
	ck_assert_int_eq(crm_facts_set_record(f, b, &r, &err), CRM_EINVAL);
	ck_assert_str_eq(err.message, "fact 'code': index 2 is not one of its 2 values");
	r.code = 0;
	r.odd = 2;
	ck_assert_int_eq(crm_facts_set_record(f, b, &r, &err), CRM_EINVAL);
	ck_assert_str_eq(err.message, "fact 'odd': 2 is not one of its allowed values");
	r.odd = 3;
	/* dates and instants: within the years, on every path */
	r.since = INT32_MAX;
	ck_assert_int_eq(crm_facts_set_record(f, b, &r, &err), CRM_ERANGE);
	ck_assert_str_eq(err.message,
	                 "fact 'since': day 2147483647 is outside the dates 0001-01-01..9999-12-31");
	r.since = (int32_t)CRM_DATE_MIN;
	r.at = INT64_MIN;
	ck_assert_int_eq(crm_facts_set_record(f, b, &r, &err), CRM_ERANGE);
	r.at = CRM_INSTANT_MAX + 1;
	ck_assert_int_eq(crm_facts_set_record(f, b, &r, &err), CRM_ERANGE);
	r.at = CRM_INSTANT_MAX;
	ck_assert_int_eq(crm_facts_set_record(f, b, &r, &err), 0);
	ck_assert_int_eq(crm_facts_get(f, slot(rs, "since")).u.date, CRM_DATE_MIN);
	ck_assert_int_eq(crm_facts_get(f, slot(rs, "at")).u.datetime, CRM_INSTANT_MAX);
	char bad_utf8[] = {'a', (char)0xff, 0};
	r.name = bad_utf8;
	ck_assert_int_eq(crm_facts_set_record(f, b, &r, &err), CRM_EINVAL);
	ck_assert_str_eq(err.message, "fact 'name': not valid UTF-8");
	/* a valid record: strings are copied; an index gives the declared
	 * value; an absent optional member and a NULL string unset */
	char name[] = "Zhang";
	r.name = name;
	r.code = 1;
	r.has_limit = true;
	r.limit = 12345;
	ck_assert_int_eq(crm_facts_set_record(f, b, &r, &err), 0);
	name[0] = 'X';
	crm_value v = crm_facts_get(f, slot(rs, "name"));
	ck_assert_int_eq((int)v.u.s.len, 5);
	ck_assert_int_eq(memcmp(v.u.s.ptr, "Zhang", 5), 0);
	v = crm_facts_get(f, slot(rs, "level"));
	ck_assert_int_eq(memcmp(v.u.s.ptr, "high", 4), 0);
	v = crm_facts_get(f, slot(rs, "code"));
	ck_assert_int_eq(memcmp(v.u.s.ptr, "CD", 2), 0);
	ck_assert_int_eq(crm_facts_get(f, slot(rs, "limit")).u.money, 12345);
	r.has_limit = false;
	r.name = NULL;
	ck_assert_int_eq(crm_facts_set_record(f, b, &r, &err), 0);
	ck_assert_int_eq(crm_facts_get(f, slot(rs, "limit")).type, CRM_T_UNKNOWN);
	ck_assert_int_eq(crm_facts_get(f, slot(rs, "name")).type, CRM_T_UNKNOWN);
	crm_facts_free(f);
	crm_binding_free(b);
	crm_ruleset_free(rs);
}
END_TEST

Suite *binding_suite(void)
{
	Suite *s = suite_create("binding");
	TCase *tc = tcase_create("records");
	tcase_add_test(tc, record_matches_setters);
	tcase_add_test(tc, binding_errors);
	tcase_add_test(tc, record_errors);
	suite_add_tcase(s, tc);
	return s;
}
