/* SPDX-License-Identifier: MIT */
/* check_eval.c - the type checker and the evaluator, through whole rule files. */
#include <stdio.h>
#include <string.h>

#include "suites.h"

static const struct {
	const char *expr, *want;
} eval_cases[] = {
	/* arithmetic and exactness */
	{"1 + 2 * 3", "7"},
	{"7 / 2", "3.5"},
	{"7 % 3", "1"},
	{"-7 % 3", "-1"},
	{"0.1 + 0.2", "0.30000000000000004"},
	{"money(1) + 0.05", "\"1.05\""},
	{"money(10) / 3", "\"3.33\""},
	{"money(20) / 3", "\"6.67\""},
	{"money(100) * 0.333", "\"33.30\""},
	{"money(1.01) * 0.5", "\"0.51\""},
	{"money(7) * 3", "\"21.00\""},
	{"money(1) / money(4)", "0.25"},
	{"max(money(5), 3.25)", "\"5.00\""},
	{"min(money(5), 3.25)", "\"3.25\""},
	{"round(money(2.35), 1)", "\"2.40\""},
	{"round(money(2.345), 1)", "error: money has 2 decimal places; this literal has 3"},
	{"round(2.5)", "3"},
	{"floor(-2.5)", "-3"},
	{"ceil(money(2.01))", "\"3.00\""},
	{"abs(-3)", "3"},
	{"int(9.99)", "9"},
	{"number(money(1.5))", "1.5"},
	/* comparisons, logic */
	{"1 < 2 and 2 <= 2 and 3 > 2 and 3 >= 3 and 1 != 2", "true"},
	{"1 = 1.0", "true"},
	{"money(1) = 1", "true"},
	{"money(1) > 0.99", "true"},
	{"\"abc\" < \"abd\"", "true"},
	/* strings whose first bytes differ by 2: memcmp may return 2, once
	 * taken for the unordered answer of a NaN */
	{"\"c\" > \"a\" and \"c\" >= \"a\" and \"a\" < \"c\" and not (\"c\" <= \"a\")", "true"},
	{"\"c\" = \"a\"", "false"},
	{"not (1 = 1) or false", "false"},
	{"if 1 > 2 then \"a\" else \"b\"", "\"b\""},
	/* membership */
	{"5 in [1..5]", "true"},
	{"5 in [1..5)", "false"},
	{"1 in (1..5]", "false"},
	{"2.5 in [1..3]", "true"},
	{"\"b\" in [\"a\", \"b\"]", "true"},
	{"3 not in [1, 2]", "true"},
	{"2 in [1.5, 2]", "true"},
	/* strings */
	{"len(\"héllo\")", "5"},
	{"lower(\"AbC\") + upper(\"x\")", "\"abcX\""},
	{"contains(\"hello\", \"ell\")", "true"},
	{"starts_with(\"hello\", \"he\") and ends_with(\"hello\", \"lo\")", "true"},
	{"contains([1, 2, 3], 2)", "true"},
	{"len([1, 2, 3])", "3"},
	{"\"call 12315 now\" matches \"\\\\b12315\\\\b\"", "true"},
	{"\"x\" matches \"^y\"", "false"},
	/* normalize() (NFKC) and to_simplified() (OpenCC t2s) */
	{"normalize(\"ＡＢＣ１２３１５！\")", "\"ABC12315!\""},
	{"normalize(\"cafe\xcc\x81\") = \"caf\xc3\xa9\"", "true"},
	{"len(normalize(\"\xef\xac\x81\"))", "2"},
	{"normalize(\"plain\")", "\"plain\""},
	{"to_simplified(\"消費者協會\")", "\"消费者协会\""},
	{"to_simplified(normalize(\"１２３１５投訴\"))", "\"12315投诉\""},
	{"to_simplified(\"call 12315\")", "\"call 12315\""},
	{"normalize(\"ｘ\") matches \"^x$\"", "true"},
	/* dates and durations */
	{"date(\"2026-10-01\") + days(7)", "\"2026-10-08\""},
	{"days_between(date(\"2026-01-01\"), date(\"2026-12-31\"))", "364"},
	{"weekday(date(\"2026-10-01\"))", "4"},
	{"year(date(\"2026-10-01\")) * 100 + month(date(\"2026-10-01\"))", "202610"},
	{"datetime(\"2026-10-01T09:00:00+08:00\") + hours(2)", "\"2026-10-01T03:00:00Z\""},
	{"datetime(\"2026-10-02T00:00:00Z\") - datetime(\"2026-10-01T00:00:00Z\")", "86400"},
	{"date(\"2026-10-08\") - date(\"2026-10-01\") = days(7)", "true"},
	{"minutes(90) = hours(1) + minutes(30)", "true"},
	/* date and datetime literals */
	{"2026-11-27", "\"2026-11-27\""},
	{"2026-11-27 = date(\"2026-11-27\")", "true"},
	{"2026-11-27 + days(3)", "\"2026-11-30\""},
	{"2024-02-29 + days(1)", "\"2024-03-01\""},
	{"2026-12-25 - 2026-11-27 = days(28)", "true"},
	{"weekday(2026-11-27)", "5"},
	{"2026-11-27 in [2026-11-27..2026-11-30]", "true"},
	{"2026-12-01 in [2026-11-27..2026-12-01)", "false"},
	{"2026-11-27T09:00:00+08:00", "\"2026-11-27T01:00:00Z\""},
	{"2026-11-27T09:00:00+08:00 = datetime(\"2026-11-27T01:00:00Z\")", "true"},
	{"2026-11-27T09:00+08:00 + hours(15) > 2026-11-27T23:59:59+08:00", "true"},
	/* instants at the ends of the range, offsets to 18:00 */
	{"0001-01-01T00:00:00-18:00", "\"0001-01-01T18:00:00Z\""},
	{"9999-12-31T23:59:59+18:00", "\"9999-12-31T05:59:59Z\""},
	{"0001-01-01T00:00:00+08:00",
	 "error: '0001-01-01T00:00:00+08:00' is not a valid datetime (it is outside the instants "
	 "0001-01-01T00:00:00Z..9999-12-31T23:59:59Z): write an instant like "
	 "2026-11-27T09:00:00+08:00 (Z for UTC) or datetime(\"2026-11-27T09:00:00+08:00\")"},
	{"2026-01-01T00:00:00+18:30",
	 "error: '2026-01-01T00:00:00+18:30' is not a valid datetime (there is no UTC offset "
	 "+18:30: they go to 18:00 either way): write an instant like 2026-11-27T09:00:00+08:00 "
	 "(Z for UTC) or datetime(\"2026-11-27T09:00:00+08:00\")"},
	{"datetime(\"9999-12-31T23:00:00-05:00\")",
	 "error: '9999-12-31T23:00:00-05:00' is outside the instants "
	 "0001-01-01T00:00:00Z..9999-12-31T23:59:59Z"},
	/* folded at load: dates and instants stay within the years */
	{"9999-12-30 + days(1)", "\"9999-12-31\""},
	{"9999-12-31 + days(1)", "error: date arithmetic leaves the dates 0001-01-01..9999-12-31"},
	{"0001-01-01 - days(1)", "error: date arithmetic leaves the dates 0001-01-01..9999-12-31"},
	{"2026-01-01 + days(5000000)",
	 "error: date arithmetic leaves the dates 0001-01-01..9999-12-31"},
	{"2026-01-01 - seconds(-9223372036854775807)",
	 "error: date arithmetic leaves the dates 0001-01-01..9999-12-31"},
	{"9999-12-31T23:59:58Z + seconds(1)", "\"9999-12-31T23:59:59Z\""},
	{"9999-12-31T23:59:59Z + seconds(1)",
	 "error: instant arithmetic leaves the instants 0001-01-01T00:00:00Z..9999-12-31T23:59:59Z"},
	{"0001-01-01T00:00:00Z - seconds(1)",
	 "error: instant arithmetic leaves the instants 0001-01-01T00:00:00Z..9999-12-31T23:59:59Z"},
	{"2026-01-01T00:00:00Z + seconds(9223372036854775807)",
	 "error: instant arithmetic leaves the instants 0001-01-01T00:00:00Z..9999-12-31T23:59:59Z"},
	{"2026-01-01T00:00:00Z - seconds(-9223372036854775807 - 1)",
	 "error: instant arithmetic leaves the instants 0001-01-01T00:00:00Z..9999-12-31T23:59:59Z"},
	/* subtraction is written with spaces, or is not date-shaped */
	{"2026 - 11 - 27", "1988"},
	{"2026-11 - 27", "1988"},
	{"2026-1-5", "2020"},
	/* a date where a number was meant: the error says how to subtract */
	{"2026-11-27 > 3",
	 "error: cannot compare date and int (2026-11-27 is a date; to subtract, put spaces around "
	 "'-': 2026 - 11 - 27)"},
	{"2026-01-01 * 2",
	 "error: cannot multiply date and int (2026-01-01 is a date; to subtract, put spaces "
	 "around '-': 2026 - 1 - 1)"},
	{"money(1) + 2026-11-27",
	 "error: cannot add money and date (2026-11-27 is a date; to subtract, put spaces around "
	 "'-': 2026 - 11 - 27)"},
	{"2026-11-27 - 1", "error: cannot subtract date and int (2026-11-27 is a date; to subtract, "
	                   "put spaces around '-': 2026 - 11 - 27)"},
	{"-2026-11-27", "error: cannot negate a date"},
	{"2026-11-27 > \"a\"", "error: cannot compare date and string"},
	{"2026-02-30",
	 "error: '2026-02-30' is not a valid date (February 2026 has 28 days): write a date as "
	 "YYYY-MM-DD or date(\"YYYY-MM-DD\"), or put spaces around '-' to subtract"},
	/* lists */
	{"[1, 2.5]", "[1,2.5]"},
	{"[\"a\", \"b\"]", "[\"a\",\"b\"]"},
	/* known() */
	{"known(1)", "true"},
	/* load-time errors */
	{"1 + \"a\"", "error: cannot add int and string"},
	{"money(1) * 1.5 + money(1) * money(2)",
	 "error: cannot multiply money by money (money is exact: multiply by an int or a decimal "
	 "literal)"},
	{"money(1) + number(2)",
	 "error: cannot add money and number: money is exact; convert with money() or number()"},
	{"money(1) + 0.005", "error: money has 2 decimal places; this literal has 3"},
	{"1 and true", "error: 'and' needs bools, found int"},
	{"nope + 1", "error: unknown fact or constant 'nope'"},
	{"frob(1)", "error: unknown function 'frob'"},
	{"max()", "error: max() takes 1 to 64 arguments, not 0"},
	{"len(1)", "error: len() cannot take an int"},
	{"normalize(1)", "error: argument 1 of normalize() must be string, found int"},
	{"to_simplified()", "error: to_simplified() takes 1 argument, not 0"},
	{"\"a\" matches \"(\"", "error: bad regular expression: missing closing parenthesis at offset 1"},
	{"true < false", "error: a bool can only be compared with = and !="},
	{"[1, \"a\"]", "error: list items must have one type: int and string"},
	{"if 1 then 2 else 3", "error: 'if' needs a bool condition, found int"},
	{"x.y", "error: unknown decision 'x'"},
	/* folded at load: overflow and division by zero are load errors */
	{"9223372036854775807 + 1", "error: addition overflows"},
	{"10000000000.0 * 10000000000.0 * 10000000000.0 * 10000000000.0 * 10000000000.0 * 10000000000.0 * 10000000000.0 * 10000000000.0 * 10000000000.0 * 10000000000.0 * 10000000000.0 * 10000000000.0 * 10000000000.0 * 10000000000.0 * 10000000000.0 * 10000000000.0 * 10000000000.0 * 10000000000.0 * 10000000000.0 * 10000000000.0 * 10000000000.0 * 10000000000.0 * 10000000000.0 * 10000000000.0 * 10000000000.0 * 10000000000.0 * 10000000000.0 * 10000000000.0 * 10000000000.0 * 10000000000.0 * 10000000000.0", "error: number multiplication overflows"},
	{"(10000000000.0 * 10000000000.0 * 10000000000.0 * 10000000000.0 * 10000000000.0 * 10000000000.0 * 10000000000.0 * 10000000000.0 * 10000000000.0 * 10000000000.0 * 10000000000.0 * 10000000000.0 * 10000000000.0 * 10000000000.0 * 10000000000.0 * 10000000000.0 * 10000000000.0 * 10000000000.0 * 10000000000.0 * 10000000000.0 * 10000000000.0 * 10000000000.0 * 10000000000.0 * 10000000000.0 * 10000000000.0 * 10000000000.0 * 10000000000.0 * 10000000000.0 * 10000000000.0 * 10000000000.0) * 100000000.0 + (10000000000.0 * 10000000000.0 * 10000000000.0 * 10000000000.0 * 10000000000.0 * 10000000000.0 * 10000000000.0 * 10000000000.0 * 10000000000.0 * 10000000000.0 * 10000000000.0 * 10000000000.0 * 10000000000.0 * 10000000000.0 * 10000000000.0 * 10000000000.0 * 10000000000.0 * 10000000000.0 * 10000000000.0 * 10000000000.0 * 10000000000.0 * 10000000000.0 * 10000000000.0 * 10000000000.0 * 10000000000.0 * 10000000000.0 * 10000000000.0 * 10000000000.0 * 10000000000.0 * 10000000000.0) * 100000000.0", "error: number addition overflows"},
	{"(10000000000.0 * 10000000000.0 * 10000000000.0 * 10000000000.0 * 10000000000.0 * 10000000000.0 * 10000000000.0 * 10000000000.0 * 10000000000.0 * 10000000000.0 * 10000000000.0 * 10000000000.0 * 10000000000.0 * 10000000000.0 * 10000000000.0 * 10000000000.0 * 10000000000.0 * 10000000000.0 * 10000000000.0 * 10000000000.0 * 10000000000.0 * 10000000000.0 * 10000000000.0 * 10000000000.0 * 10000000000.0 * 10000000000.0 * 10000000000.0 * 10000000000.0 * 10000000000.0 * 10000000000.0) / 0.000000001", "error: number division overflows"},
	{"1 / 0", "error: division by zero"},
	{"money(92233720368547758)", "\"92233720368547758.00\""},
	{"money(92233720368547759)", "error: money() overflows"},
	{"ceil(money(92233720368547758) + money(0.07))", "error: ceil() overflows"},
	{"floor(money(-92233720368547758) - money(0.08))", "error: floor() overflows"},
	{"floor(money(92233720368547758) + money(0.07))", "\"92233720368547758.00\""},
	{"ceil(money(-92233720368547758) - money(0.08))", "\"-92233720368547758.00\""},
	{"contains(\"aaaaaaaaab\", \"aab\")", "true"},
	{"contains(\"ab\", \"abc\")", "false"},
	{"contains(\"\", \"\")", "true"},
	{"date(\"2026-13-01\")",
	 "error: '2026-13-01' is not a valid date (YYYY-MM-DD)"},
};

START_TEST(eval_table_cases)
{
	const char *got = eval_text(eval_cases[_i].expr);
	ck_assert_msg(strcmp(got, eval_cases[_i].want) == 0, "%s\n  got:  %s\n  want: %s",
	              eval_cases[_i].expr, got, eval_cases[_i].want);
}
END_TEST

/* Unknown facts propagate through operators and three-valued logic. */
static const char unknown_yaml[] =
	"facts: { a: int, b: bool, s: string }\n"
	"decisions:\n"
	"  d:\n"
	"    outputs: { v: string }\n"
	"    rules:\n"
	"      - { id: r1, when: 'b and a > 1', then: '\"r1\"' }\n"
	"      - { id: r2, when: 'b or a > 100', then: '\"r2\"' }\n"
	"      - { id: r3, then: if known(s) then s else \"none\" }\n";

static const char *decide_v(const crm_ruleset *rs, const char *json, int *rc_out)
{
	static char out[1024];
	crm_facts *f;
	crm_context *ctx;
	crm_error err;
	ck_assert_int_eq(crm_facts_new(&f, rs), 0);
	ck_assert_int_eq(crm_context_new(&ctx, rs, NULL), 0);
	ck_assert_int_eq(crm_facts_set_json(f, json, strlen(json), &err), 0);
	const crm_result *r;
	int rc = crm_decide(ctx, "d", f, &r, &err);
	*rc_out = rc;
	if (rc) {
		snprintf(out, sizeof out, "%s", err.message);
	} else {
		crm_value v;
		ck_assert_int_eq(crm_result_get(r, "v", &v), 0);
		crm_value_format(out, sizeof out, &v);
	}
	crm_context_free(ctx);
	crm_facts_free(f);
	return out;
}

START_TEST(unknown_propagation)
{
	crm_ruleset *rs = load_ok(unknown_yaml);
	int rc;
	/* b false: r1 false whatever a is; r2 needs a */
	ck_assert_str_eq(decide_v(rs, "{b: false, a: 500}", &rc), "\"r2\"");
	ck_assert_str_eq(decide_v(rs, "{b: false, a: 5}", &rc), "\"none\"");
	ck_assert_str_eq(decide_v(rs, "{b: false, a: 5, s: hi}", &rc), "\"hi\"");
	/* b true, a unknown: r1 cannot be decided */
	ck_assert_str_eq(decide_v(rs, "{b: true}", &rc),
	                 "decision 'd' needs facts that are not set: a");
	ck_assert_int_eq(rc, CRM_EMISSING);
	/* b false, a unknown: r1 false, r2 unknown */
	decide_v(rs, "{b: false}", &rc);
	ck_assert_int_eq(rc, CRM_EMISSING);
	/* nothing set: r1 = unknown and unknown */
	ck_assert_str_eq(decide_v(rs, "{}", &rc),
	                 "decision 'd' needs facts that are not set: a, b");
	crm_ruleset_free(rs);
}
END_TEST

START_TEST(runtime_overflow)
{
	crm_ruleset *rs = load_ok("facts: { a: int, m: money }\n"
	                          "decisions:\n"
	                          "  d:\n"
	                          "    outputs: { v: int }\n"
	                          "    rules:\n"
	                          "      - { id: big, then: 'a * 1000000000000' }\n");
	int rc;
	ck_assert_str_eq(decide_v(rs, "{a: 10000000}", &rc),
	                 "decision 'd', rule 'big': multiplication overflows");
	ck_assert_int_eq(rc, CRM_EOVERFLOW);
	ck_assert_str_eq(decide_v(rs, "{a: 9000000}", &rc), "9000000000000000000");
	crm_ruleset_free(rs);
}
END_TEST

/* Dates and instants computed at run time stay within the years: a step
 * past them is an overflow, as for an int, in arithmetic and in the
 * calendar functions (calendars that assume days beyond their data walk
 * to the end of the years and no further). */
START_TEST(runtime_time_range)
{
	static const char *const yaml =
		"calendars:\n"
		"  east: { utc_offset: '+14:00', working_week: [mon, tue, wed, thu, fri],"
		" beyond_data: working_week }\n"
		"  west: { utc_offset: '-12:00', working_week: [mon, tue, wed, thu, fri],"
		" beyond_data: working_week }\n"
		"  never: { utc_offset: Z, working_week: [], beyond_data: working_week }\n"
		"  site: { utc_offset: Z, working_week: [], beyond_data: working_week, years: 2027,\n"
		"          working_days: [ { date: 2027-01-09, name: stocktaking } ] }\n"
		"facts: { day: date, t: datetime, n: int, cal: { type: string, values: [east, west] } }\n"
		"decisions:\n"
		"  d:\n"
		"    outputs: { v: %s }\n"
		"    rules: [ { id: r, then: '%s' } ]\n";
	static const struct {
		const char *type, *expr, *facts, *want;
	} cases[] = {
		{"date", "day + days(n)", "{day: 9999-12-30, n: 1}", "\"9999-12-31\""},
		{"date", "day + days(n)", "{day: 9999-12-30, n: 2}",
		 "decision 'd', rule 'r': date arithmetic leaves the dates 0001-01-01..9999-12-31"},
		{"date", "day - days(n)", "{day: 0001-01-01, n: 1}",
		 "decision 'd', rule 'r': date arithmetic leaves the dates 0001-01-01..9999-12-31"},
		{"date", "day + days(n)", "{day: 2026-01-01, n: 100000000}",
		 "decision 'd', rule 'r': date arithmetic leaves the dates 0001-01-01..9999-12-31"},
		{"datetime", "t + seconds(n)", "{t: 9999-12-31T23:59:58Z, n: 1}",
		 "\"9999-12-31T23:59:59Z\""},
		{"datetime", "t + seconds(n)", "{t: 9999-12-31T23:59:58Z, n: 2}",
		 "decision 'd', rule 'r': instant arithmetic leaves the instants "
		 "0001-01-01T00:00:00Z..9999-12-31T23:59:59Z"},
		{"datetime", "t + seconds(n)", "{t: 2026-01-01T00:00:00Z, n: -9223372036854775807}",
		 "decision 'd', rule 'r': instant arithmetic leaves the instants "
		 "0001-01-01T00:00:00Z..9999-12-31T23:59:59Z"},
		{"datetime", "t - seconds(n)", "{t: 2026-01-01T00:00:00Z, n: -9223372036854775807}",
		 "decision 'd', rule 'r': instant arithmetic leaves the instants "
		 "0001-01-01T00:00:00Z..9999-12-31T23:59:59Z"},
		/* local_date(): the first and last hours on the other side of UTC */
		{"date", "local_date(\"east\", t)", "{t: 9999-12-31T09:59:59Z}", "\"9999-12-31\""},
		{"date", "local_date(\"east\", t)", "{t: 9999-12-31T10:00:00Z}",
		 "decision 'd', rule 'r': local_date(): the date is outside the dates "
		 "0001-01-01..9999-12-31"},
		{"date", "local_date(\"west\", t)", "{t: 0001-01-01T12:00:00Z}", "\"0001-01-01\""},
		{"date", "local_date(\"west\", t)", "{t: 0001-01-01T11:59:59Z}",
		 "decision 'd', rule 'r': local_date(): the date is outside the dates "
		 "0001-01-01..9999-12-31"},
		/* add_working_days(): 9999-12-31 is a Friday, 0001-01-01 a Monday */
		{"date", "add_working_days(\"east\", day, n)", "{day: 9999-12-30, n: 1}", "\"9999-12-31\""},
		{"date", "add_working_days(\"east\", day, n)", "{day: 9999-12-30, n: 2}",
		 "decision 'd', rule 'r': add_working_days(): walking calendar east from "
		 "9999-12-30 reaches no working day within the dates 0001-01-01..9999-12-31"},
		{"date", "add_working_days(\"west\", day, n)", "{day: 0001-01-02, n: -1}", "\"0001-01-01\""},
		{"date", "add_working_days(\"west\", day, n)", "{day: 0001-01-02, n: -2}",
		 "decision 'd', rule 'r': add_working_days(): walking calendar west from "
		 "0001-01-02 reaches no working day within the dates 0001-01-01..9999-12-31"},
		/* no working day at all: the walk would end with the years, and
		 * ends at once (from 2026 it walked 2.9 million days, 36 ms) */
		{"date", "add_working_days(\"never\", day, n)", "{day: 9999-11-01, n: 0}",
		 "decision 'd', rule 'r': add_working_days(): walking calendar never from "
		 "9999-11-01 reaches no working day within the dates 0001-01-01..9999-12-31"},
		{"date", "add_working_days(\"never\", day, n)", "{day: 9999-11-01, n: 3}",
		 "decision 'd', rule 'r': add_working_days(): walking calendar never from "
		 "9999-11-01 reaches no working day within the dates 0001-01-01..9999-12-31"},
		{"date", "add_working_days(\"never\", day, n)", "{day: 2026-12-01, n: 0}",
		 "decision 'd', rule 'r': add_working_days(): walking calendar never from "
		 "2026-12-01 reaches no working day within the dates 0001-01-01..9999-12-31"},
		{"date", "add_working_days(\"never\", day, n)", "{day: 2026-12-01, n: -1}",
		 "decision 'd', rule 'r': add_working_days(): walking calendar never from "
		 "2026-12-01 reaches no working day within the dates 0001-01-01..9999-12-31"},
		/* an empty week, but a working day of the calendar's own ahead */
		{"date", "add_working_days(\"site\", day, n)", "{day: 2026-12-01, n: 1}",
		 "\"2027-01-09\""},
		{"date", "add_working_days(\"site\", day, n)", "{day: 2027-02-01, n: -1}",
		 "\"2027-01-09\""},
		{"date", "add_working_days(\"site\", day, n)", "{day: 2027-01-09, n: 1}",
		 "decision 'd', rule 'r': add_working_days(): walking calendar site from "
		 "2027-01-09 reaches no working day within the dates 0001-01-01..9999-12-31"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char text[1024];
		snprintf(text, sizeof text, yaml, cases[i].type, cases[i].expr);
		crm_ruleset *rs = load_ok(text);
		int rc;
		const char *got = decide_v(rs, cases[i].facts, &rc);
		ck_assert_msg(strcmp(got, cases[i].want) == 0, "%s with %s\n  got:  %s\n  want: %s",
		              cases[i].expr, cases[i].facts, got, cases[i].want);
		ck_assert_int_eq(rc, cases[i].want[0] == '"' ? 0 : CRM_EOVERFLOW);
		crm_ruleset_free(rs);
	}
}
END_TEST

/* min() and max() of integer-valued facts (the typed opcodes): any unknown
 * argument makes them unknown; money, dates and negative ints compare as
 * integers; the generic call still serves numbers. */
static crm_ruleset *min_max_rules(const char *type, const char *expr)
{
	char yaml[512];
	snprintf(yaml, sizeof yaml,
	         "facts: { a: %s, b: %s, c: %s }\n"
	         "decisions:\n"
	         "  d:\n"
	         "    outputs: { v: %s }\n"
	         "    rules:\n"
	         "      - { id: r, then: '%s' }\n",
	         type, type, type, type, expr);
	return load_ok(yaml);
}

START_TEST(min_max_facts)
{
	int rc;
	crm_ruleset *rs = min_max_rules("money", "min(a, b, c)");
	ck_assert_str_eq(decide_v(rs, "{a: 5, b: 3.25, c: 7}", &rc), "\"3.25\"");
	ck_assert_str_eq(decide_v(rs, "{a: -5, b: -5.01, c: 0}", &rc), "\"-5.01\"");
	/* an unknown argument, first, middle or last: unknown */
	decide_v(rs, "{b: 5, c: 7}", &rc);
	ck_assert_int_eq(rc, CRM_EMISSING);
	ck_assert_str_eq(decide_v(rs, "{a: 1, c: 7}", &rc),
	                 "decision 'd' needs facts that are not set: b");
	decide_v(rs, "{a: 5, b: 7}", &rc);
	ck_assert_int_eq(rc, CRM_EMISSING);
	crm_ruleset_free(rs);
	rs = min_max_rules("money", "max(a, b, c, 2)");
	ck_assert_str_eq(decide_v(rs, "{a: 5, b: 3.25, c: 7}", &rc), "\"7.00\"");
	ck_assert_str_eq(decide_v(rs, "{a: -5, b: -5.01, c: 0}", &rc), "\"2.00\"");
	decide_v(rs, "{a: 5, b: 7}", &rc); /* c unknown, whatever the others */
	ck_assert_int_eq(rc, CRM_EMISSING);
	crm_ruleset_free(rs);
	rs = min_max_rules("int", "min(a, b, -3) + max(c, a)");
	ck_assert_str_eq(decide_v(rs, "{a: 4, b: -9, c: 1}", &rc), "-5");
	ck_assert_str_eq(decide_v(rs, "{a: 4, b: 9, c: 10}", &rc), "7");
	crm_ruleset_free(rs);
	rs = min_max_rules("date", "max(a, b, c)");
	ck_assert_str_eq(decide_v(rs, "{a: 2026-01-31, b: 2026-02-01, c: 2025-12-31}", &rc),
	                 "\"2026-02-01\"");
	crm_ruleset_free(rs);
	rs = min_max_rules("number", "min(a, b, c)");
	ck_assert_str_eq(decide_v(rs, "{a: 2.5, b: 1.5, c: 2}", &rc), "1.5");
	crm_ruleset_free(rs);
}
END_TEST

START_TEST(regex_limit)
{
	/* a catastrophic pattern on a long subject stops at the match limit */
	crm_ruleset *rs = load_ok("facts: { s: string }\n"
	                          "decisions:\n"
	                          "  d:\n"
	                          "    outputs: { v: bool }\n"
	                          "    rules:\n"
	                          "      - { id: evil, then: 's matches \"^(a+)+$\"' }\n");
	char json[200];
	snprintf(json, sizeof json, "{s: \"%s\"}",
	         "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab");
	int rc;
	const char *msg = decide_v(rs, json, &rc);
	ck_assert_int_eq(rc, CRM_ELIMIT);
	ck_assert_msg(strstr(msg, "match limit") != NULL, "%s", msg);
	ck_assert_str_eq(decide_v(rs, "{s: aaaa}", &rc), "true");
	crm_ruleset_free(rs);
}
END_TEST

/* A constant part of an expression (an and, or or if-then-else, which
 * jump) folded where it stands, after other code: its jumps are counted
 * from its own start. They counted from the expression's, so the folder
 * ran what lay past its code: "bad instruction", a wrong answer, or a
 * read past the buffer (a crash of `crmrules check`; fuzz_load, issue 24). */
START_TEST(fold_jumps)
{
	char yaml[2048];
	int n = snprintf(yaml, sizeof yaml,
	                 "facts: { x: int, b: bool }\n"
	                 "decisions:\n"
	                 "  d:\n"
	                 "    outputs: { v: int }\n"
	                 "    rules:\n"
	                 "      - when: b");
	for (int i = 0; i < 100; i++)
		n += snprintf(yaml + n, sizeof yaml - (size_t)n, " and b");
	snprintf(yaml + n, sizeof yaml - (size_t)n,
	         " and (false and 1 < 2)\n"
	         "        then: 1\n"
	         "      - when: b and b and (1 > 2 or 2 > 1) and (true or b)\n"
	         "        then: x + (if 1 > 2 then 10 else 20) + (if 2 > 1 then 300 else 400)\n"
	         "      - then: 0\n");
	crm_ruleset *rs = load_ok(yaml);
	int rc;
	ck_assert_str_eq(decide_v(rs, "{x: 1, b: true}", &rc), "321");
	ck_assert_str_eq(decide_v(rs, "{x: 1, b: false}", &rc), "0");
	crm_ruleset_free(rs);
}
END_TEST

Suite *checker_suite(void)
{
	Suite *s = suite_create("checker");
	TCase *tc = tcase_create("unknowns");
	tcase_add_test(tc, unknown_propagation);
	suite_add_tcase(s, tc);
	return s;
}

Suite *vm_suite(void)
{
	Suite *s = suite_create("vm");
	TCase *tc = tcase_create("expressions");
	tcase_add_loop_test(tc, eval_table_cases, 0,
	                    (int)(sizeof eval_cases / sizeof eval_cases[0]));
	tcase_add_test(tc, runtime_overflow);
	tcase_add_test(tc, runtime_time_range);
	tcase_add_test(tc, min_max_facts);
	tcase_add_test(tc, regex_limit);
	tcase_add_test(tc, fold_jumps);
	tcase_set_timeout(tc, 30);
	suite_add_tcase(s, tc);
	return s;
}
