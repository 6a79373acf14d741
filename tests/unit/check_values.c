/* SPDX-License-Identifier: MIT */
/* check_values.c - money, exact decimals, civil dates, and names (did you mean). */
#include <locale.h>
#include <string.h>

#include "../../src/core/core.h"
#include "../../src/time/civil.h"
#include "suites.h"

static const struct {
	const char *text;
	int rc;
	int64_t minor;
} money_cases[] = {
	{"0", 0, 0},
	{"1234.5", 0, 123450},
	{"1234.50", 0, 123450},
	{"-0.01", 0, -1},
	{"0.1", 0, 10},
	{"1.500", 0, 150}, /* trailing zeros are harmless */
	{"1.005", CRM_EINVAL, 0},
	{"92233720368547758.07", 0, INT64_MAX},
	{"92233720368547758.08", CRM_EOVERFLOW, 0},
	{"1e3", CRM_ESYNTAX, 0},
	{"", CRM_ESYNTAX, 0},
	{"12.", CRM_ESYNTAX, 0},
	{"abc", CRM_ESYNTAX, 0},
};

START_TEST(money_parse_table)
{
	int64_t m = -999;
	const char *t = money_cases[_i].text;
	int rc = crm_money_parse(&m, t, strlen(t));
	ck_assert_msg(rc == money_cases[_i].rc, "'%s': rc %d, want %d", t, rc, money_cases[_i].rc);
	if (!rc)
		ck_assert_int_eq(m, money_cases[_i].minor);
}
END_TEST

START_TEST(money_format)
{
	char buf[32];
	crm_money_format(buf, sizeof buf, 123450);
	ck_assert_str_eq(buf, "1234.50");
	crm_money_format(buf, sizeof buf, -5);
	ck_assert_str_eq(buf, "-0.05");
	crm_money_format(buf, sizeof buf, INT64_MIN);
	ck_assert_str_eq(buf, "-92233720368547758.08");
	ck_assert_int_eq(crm_money_format(NULL, 0, 100), 4); /* "1.00" */
}
END_TEST

START_TEST(money_rounding)
{
	/* half away from zero, both signs */
	ck_assert_int_eq(crm_div_round(5, 2), 3);
	ck_assert_int_eq(crm_div_round(-5, 2), -3);
	ck_assert_int_eq(crm_div_round(4, 3), 1);
	ck_assert_int_eq(crm_div_round(-4, 3), -1);
	ck_assert_int_eq(crm_div_round(10000, 3), 3333);
	int64_t out;
	crm_decimal third = {333, 3};
	ck_assert_int_eq(crm_money_mul_decimal(&out, 100000, third), 0);
	ck_assert_int_eq(out, 33300);
	crm_decimal half = {5, 1};
	ck_assert_int_eq(crm_money_mul_decimal(&out, 101, half), 0); /* 0.505 -> 0.51 */
	ck_assert_int_eq(out, 51);
	ck_assert_int_eq(crm_money_mul_decimal(&out, INT64_MAX, half), CRM_EOVERFLOW);
}
END_TEST

START_TEST(number_parse)
{
	double v;
	ck_assert_int_eq(crm_number_parse("0.1", 3, &v), 0);
	ck_assert(v == 0.1);
	ck_assert_int_eq(crm_number_parse("1.5e3", 5, &v), 0);
	ck_assert(v == 1500.0);
	ck_assert_int_eq(crm_number_parse("-2.5E-1", 7, &v), 0);
	ck_assert(v == -0.25);
	ck_assert_int_eq(crm_number_parse("1e", 2, &v), CRM_ESYNTAX);
	ck_assert_int_eq(crm_number_parse("1e999", 5, &v), CRM_EOVERFLOW);
	/* the nearest double, with any number of digits, whatever the locale */
	static const struct {
		const char *text;
		double want;
	} nearest[] = {
		{"123456789012345678901234567890", 1.2345678901234568e29},
		{"9007199254740993", 9007199254740992.0},
		{"0.30000000000000004441", 0.30000000000000004},
		{"0.29999999999999998890", 0.3},
		{"2.2250738585072011e-308", 2.2250738585072011e-308},
		{"1.7976931348623157e308", 1.7976931348623157e308},
		{"4.9e-324", 4.9e-324},
		{"1e-400", 0.0},
		{"0.000000000000000000000000000001", 1e-30},
		{"0.000000000000001", 1e-15},
		{"-0.5", -0.5},
		{"123456789012345", 123456789012345.0},
		{"0.123456789012345", 0.123456789012345},
		{"97.13", 97.13},
	};
	setlocale(LC_NUMERIC, "de_DE.UTF-8"); /* a comma locale, where it exists */
	for (size_t i = 0; i < sizeof nearest / sizeof nearest[0]; i++) {
		ck_assert_int_eq(crm_number_parse(nearest[i].text, strlen(nearest[i].text), &v), 0);
		ck_assert_msg(v == nearest[i].want, "%s: %.17g", nearest[i].text, v);
	}
	setlocale(LC_NUMERIC, "C");
	ck_assert_int_eq(crm_number_parse("1.8e308", 7, &v), CRM_EOVERFLOW);
	ck_assert_int_eq(crm_number_parse("1.", 2, &v), CRM_ESYNTAX);
	ck_assert_int_eq(crm_number_parse("1,5", 3, &v), CRM_ESYNTAX);
	ck_assert_int_eq(crm_number_parse("nan", 3, &v), CRM_ESYNTAX);
	ck_assert_int_eq(crm_number_parse("inf", 3, &v), CRM_ESYNTAX);
}
END_TEST

START_TEST(civil_roundtrip)
{
	/* every day of 1900..2100 converts back to itself, weekdays advance */
	int64_t first = crm_days_from_civil(1900, 1, 1);
	int64_t last = crm_days_from_civil(2100, 12, 31);
	unsigned prev_wd = crm_weekday(first - 1);
	for (int64_t d = first; d <= last; d++) {
		int64_t y;
		unsigned m, dd;
		crm_civil_from_days(d, &y, &m, &dd);
		ck_assert(crm_civil_valid(y, m, dd));
		ck_assert_int_eq(crm_days_from_civil(y, m, dd), d);
		unsigned wd = crm_weekday(d);
		ck_assert_uint_eq(wd, prev_wd % 7 + 1);
		prev_wd = wd;
	}
	ck_assert_int_eq(crm_days_from_civil(1970, 1, 1), 0);
	ck_assert_uint_eq(crm_weekday(crm_days_from_civil(2026, 10, 1)), 4); /* Thursday */
	ck_assert(!crm_civil_valid(2026, 2, 29));
	ck_assert(crm_civil_valid(2024, 2, 29));
	ck_assert(!crm_civil_valid(2100, 2, 29));
}
END_TEST

START_TEST(iso8601)
{
	int64_t s, d;
	char buf[64];
	ck_assert_int_eq(crm_datetime_parse(&s, "2026-10-01T09:00:00+08:00", 25), 0);
	ck_assert_int_eq(s, crm_days_from_civil(2026, 10, 1) * 86400 + 3600);
	crm_datetime_format(buf, sizeof buf, s, 8 * 3600);
	ck_assert_str_eq(buf, "2026-10-01T09:00:00+08:00");
	crm_datetime_format(buf, sizeof buf, s, 0);
	ck_assert_str_eq(buf, "2026-10-01T01:00:00Z");
	ck_assert_int_eq(crm_datetime_parse(&s, "2026-01-01T00:30Z", 17), 0);
	crm_datetime_format(buf, sizeof buf, s, -5 * 3600 - 1800);
	ck_assert_str_eq(buf, "2025-12-31T19:00:00-05:30");
	/* an instant without an offset is ambiguous */
	ck_assert_int_eq(crm_datetime_parse(&s, "2026-10-01T09:00:00", 19), CRM_ESYNTAX);
	ck_assert_int_eq(crm_datetime_parse(&s, "2026-10-01T24:00:00Z", 20), CRM_EINVAL);
	ck_assert_int_eq(crm_date_parse(&d, "2026-02-30", 10), CRM_EINVAL);
	ck_assert_int_eq(crm_date_parse(&d, "2026-2-3", 8), CRM_ESYNTAX);
	ck_assert_int_eq(crm_duration_parse(&s, "90 min", 6), 0);
	ck_assert_int_eq(s, 5400);
	ck_assert_int_eq(crm_duration_parse(&s, "24h", 3), 0);
	ck_assert_int_eq(s, 86400);
	ck_assert_int_eq(crm_duration_parse(&s, "3 weeks", 7), CRM_ESYNTAX);
	ck_assert_int_eq(crm_duration_parse(&s, "999999999999999999 d", 20), CRM_EOVERFLOW);
}
END_TEST

/* The ends of the ranges (crmrules.h): the first and last instants and
 * offsets of 18:00 parse and write back; nothing past them does, in
 * either direction, so no text is written that cannot be read. */
START_TEST(instant_ranges)
{
	int64_t t;
	char buf[64];
	ck_assert_int_eq(crm_instant_parse(&t, "0001-01-01T00:00:00Z", 20), 0);
	ck_assert_int_eq(t, CRM_INSTANT_MIN);
	ck_assert_int_eq(crm_instant_parse(&t, "9999-12-31T23:59:59Z", 20), 0);
	ck_assert_int_eq(t, CRM_INSTANT_MAX);
	ck_assert_int_eq(CRM_DATE_MIN * 86400, CRM_INSTANT_MIN);
	ck_assert_int_eq(CRM_DATE_MAX * 86400 + 86399, CRM_INSTANT_MAX);
	ck_assert_int_eq(crm_days_from_civil(CRM_YEAR_MIN, 1, 1), CRM_DATE_MIN);
	ck_assert_int_eq(crm_days_from_civil(CRM_YEAR_MAX, 12, 31), CRM_DATE_MAX);
	/* a local time inside the years, an instant outside them */
	ck_assert_int_eq(crm_instant_parse(&t, "0001-01-01T00:00:00+00:01", 25), CRM_ERANGE);
	ck_assert_int_eq(crm_instant_parse(&t, "9999-12-31T23:59:59-00:01", 25), CRM_ERANGE);
	ck_assert_int_eq(crm_instant_parse(&t, "0001-01-01T00:00:00-18:00", 25), 0);
	ck_assert_int_eq(crm_instant_parse(&t, "9999-12-31T23:59:59+18:00", 25), 0);
	/* offsets: 18:00 at most, as ISO 8601 and java.time */
	ck_assert_int_eq(crm_instant_parse(&t, "2026-10-01T09:00:00+18:00", 25), 0);
	ck_assert_int_eq(crm_instant_parse(&t, "2026-10-01T09:00:00+18:01", 25), CRM_EINVAL);
	ck_assert_int_eq(crm_instant_parse(&t, "2026-10-01T09:00:00-18:59", 25), CRM_EINVAL);
	ck_assert_int_eq(crm_instant_parse(&t, "2026-10-01T09:00:00+99:00", 25), CRM_EINVAL);

	ck_assert_int_eq(crm_instant_format(buf, sizeof buf, CRM_INSTANT_MAX, 0), 20);
	ck_assert_str_eq(buf, "9999-12-31T23:59:59Z");
	ck_assert_int_eq(crm_instant_format(buf, sizeof buf, CRM_INSTANT_MAX, -CRM_UTC_OFFSET_MAX), 25);
	ck_assert_str_eq(buf, "9999-12-31T05:59:59-18:00");
	ck_assert_int_eq(crm_instant_format(buf, sizeof buf, CRM_INSTANT_MIN, CRM_UTC_OFFSET_MAX), 25);
	ck_assert_str_eq(buf, "0001-01-01T18:00:00+18:00");
	ck_assert_int_eq(crm_instant_format(NULL, 0, 0, 3600), 25);
	/* the local date past the years: no text to write */
	ck_assert_int_eq(crm_instant_format(buf, sizeof buf, CRM_INSTANT_MAX, 60), CRM_ERANGE);
	ck_assert_str_eq(buf, "");
	ck_assert_int_eq(crm_instant_format(buf, sizeof buf, CRM_INSTANT_MIN, -60), CRM_ERANGE);
	ck_assert_int_eq(crm_instant_format(buf, sizeof buf, CRM_INSTANT_MAX + 1, 0), CRM_ERANGE);
	ck_assert_int_eq(crm_instant_format(buf, sizeof buf, CRM_INSTANT_MIN - 1, 0), CRM_ERANGE);
	ck_assert_int_eq(crm_instant_format(buf, sizeof buf, INT64_MAX, 0), CRM_ERANGE);
	ck_assert_int_eq(crm_instant_format(buf, sizeof buf, INT64_MIN, 0), CRM_ERANGE);
	ck_assert_int_eq(crm_instant_format(buf, sizeof buf, INT64_MAX, INT32_MAX), CRM_EINVAL);
	/* offsets: as the parser reads them, whole minutes to 18:00 */
	ck_assert_int_eq(crm_instant_format(buf, sizeof buf, 0, CRM_UTC_OFFSET_MAX + 60), CRM_EINVAL);
	ck_assert_str_eq(buf, "");
	ck_assert_int_eq(crm_instant_format(buf, sizeof buf, 0, -CRM_UTC_OFFSET_MAX - 60), CRM_EINVAL);
	ck_assert_int_eq(crm_instant_format(buf, sizeof buf, 0, INT32_MIN), CRM_EINVAL);
	ck_assert_int_eq(crm_instant_format(buf, sizeof buf, 0, 30), CRM_EINVAL);
	char date[16];
	ck_assert_int_eq(crm_date_format(date, sizeof date, CRM_DATE_MAX + 1), CRM_ERANGE);
	ck_assert_int_eq(crm_date_format(date, sizeof date, INT64_MIN), CRM_ERANGE);
	/* what is written reads back, at every quarter-hour offset */
	const int64_t some[] = {CRM_INSTANT_MIN + 18 * 3600, -1, 0, 1767196800,
	                        CRM_INSTANT_MAX - 18 * 3600};
	for (int off = -CRM_UTC_OFFSET_MAX; off <= CRM_UTC_OFFSET_MAX; off += 15 * 60)
		for (size_t i = 0; i < sizeof some / sizeof some[0]; i++) {
			int n = crm_instant_format(buf, sizeof buf, some[i], off);
			ck_assert_int_gt(n, 0);
			ck_assert_int_eq(crm_instant_parse(&t, buf, (size_t)n), 0);
			ck_assert_int_eq(t, some[i]);
		}
	/* a calendar's offset: the same 18:00 */
	crm_error err;
	ck_assert_int_eq(load_err("calendars:\n  c: { utc_offset: \"+18:30\", working_week: [mon] }\n",
	                          &err),
	                 CRM_ESYNTAX);
	ck_assert_str_eq(err.message,
	                 "calendar 'c' needs utc_offset like \"+08:00\" (at most 18:00 either way)");
}
END_TEST

/* "Did you mean": the closest candidate within 1 edit (names under 4
 * bytes) or 2, ties to the lower rank; never the name itself. */
static const struct {
	const char *name, *want;
} suggest_cases[] = {
	{"months_cooperatin", "months_cooperating"}, /* one deletion */
	{"monts", "months"},                         /* one insertion */
	{"capitol", "capital"},                      /* one substitution */
	{"grde", "grade"},
	{"gr", NULL},     /* short names: 1 edit at most, and "gr" -> "grade" is 3 */
	{"ab", "a"},      /* 1 edit */
	{"b", NULL},      /* 1 edit, but nothing in common with "a" */
	{"abc", NULL},    /* "abc" is 2 from "a": too far for 3 bytes */
	{"tier", NULL},   /* nothing near */
	{"lmit", "limit"},
	{"limt", "limit"}, /* 1 from "limit" and from "lint": the lower rank */
	{"grade", NULL},   /* the name itself is no suggestion */
};

START_TEST(suggest_table)
{
	static const char *const names[] = {"months_cooperating", "months", "capital", "grade",
	                                    "a", "limit", "lint"};
	crm_suggest sg;
	crm_suggest_init(&sg, suggest_cases[_i].name, strlen(suggest_cases[_i].name));
	for (int k = 0; k < (int)(sizeof names / sizeof names[0]); k++)
		crm_suggest_add(&sg, names[k], strlen(names[k]), k);
	if (suggest_cases[_i].want)
		ck_assert_pstr_eq(sg.best, suggest_cases[_i].want);
	else
		ck_assert_ptr_null(sg.best);
}
END_TEST

START_TEST(suggest_ties_and_maps)
{
	/* equally close: the lower rank wins, in whatever order they come */
	crm_suggest sg;
	crm_suggest_init(&sg, "rate", 4);
	crm_suggest_add(&sg, "rates", 5, 2);
	crm_suggest_add(&sg, "date", 4, 1);
	ck_assert_str_eq(sg.best, "date");
	crm_suggest_add(&sg, "rat", 3, 0);
	ck_assert_str_eq(sg.best, "rat");
	/* a map's keys are ranked by their values, in any slot order */
	crm_arena ar;
	crm_arena_init(&ar, crm_alloc_default());
	crm_map m = {0};
	static const char *const keys[] = {"gamma", "delta", "beta", "alpha"};
	for (int k = 0; k < 4; k++)
		ck_assert(crm_map_put(&ar, &m, keys[k], strlen(keys[k]), k));
	crm_suggest_init(&sg, "gelta", 5); /* 1 from delta, 2 from beta, 3 from gamma */
	crm_suggest_map(&sg, &m, 0);
	ck_assert_str_eq(sg.best, "delta");
	crm_suggest_init(&sg, "deta", 4); /* 1 from delta (rank 1) and from beta (rank 2) */
	crm_suggest_map(&sg, &m, 0);
	ck_assert_str_eq(sg.best, "delta");
	crm_arena_free(&ar);
}
END_TEST

Suite *names_suite(void)
{
	Suite *s = suite_create("names");
	TCase *tc = tcase_create("names");
	tcase_add_loop_test(tc, suggest_table, 0,
	                    (int)(sizeof suggest_cases / sizeof suggest_cases[0]));
	tcase_add_test(tc, suggest_ties_and_maps);
	suite_add_tcase(s, tc);
	return s;
}

Suite *money_suite(void)
{
	Suite *s = suite_create("money");
	TCase *tc = tcase_create("money");
	tcase_add_loop_test(tc, money_parse_table, 0,
	                    (int)(sizeof money_cases / sizeof money_cases[0]));
	tcase_add_test(tc, money_format);
	tcase_add_test(tc, money_rounding);
	tcase_add_test(tc, number_parse);
	suite_add_tcase(s, tc);
	return s;
}

Suite *civil_suite(void)
{
	Suite *s = suite_create("civil");
	TCase *tc = tcase_create("civil");
	tcase_add_test(tc, civil_roundtrip);
	tcase_add_test(tc, iso8601);
	tcase_add_test(tc, instant_ranges);
	suite_add_tcase(s, tc);
	return s;
}
