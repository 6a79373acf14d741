/* SPDX-License-Identifier: MIT */
/* check_values.c - money, exact decimals and civil dates. */
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
	suite_add_tcase(s, tc);
	return s;
}
