/* SPDX-License-Identifier: MIT */
/* check_time.c - calendars and SLA clocks: boundaries, business hours, properties, bad input. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "suites.h"

#ifndef CRM_RULES_DIR
#error "CRM_RULES_DIR must name rules/"
#endif

static crm_ruleset *rs;

static const char timers_yaml[] =
	"include: [" CRM_RULES_DIR "/calendars/cn-2026.yaml]\n"
	"timers:\n"
	"  wd1: { duration: 1 working day, calendar: cn-2026, warnings: [50%] }\n"
	"  wd3: { duration: 3 working days, calendar: cn-2026 }\n"
	"  bh1: { duration: 1 business hours, calendar: cn-2026 }\n"
	"  bh8: { duration: 8 business hours, calendar: cn-2026, warnings: [25%, 75%] }\n"
	"  h24: { duration: 24 h, calendar: cn-2026 }\n"
	"  m10: { duration: 10 min }\n";

static void setup(void)
{
	crm_error err;
	ck_assert_msg(crm_ruleset_load_buffer(&rs, timers_yaml, strlen(timers_yaml), "timers.yaml",
	                                      NULL, &err) == 0,
	              "%s", err.message);
}

static void teardown(void)
{
	crm_ruleset_free(rs);
}

static int64_t at(const char *iso)
{
	int64_t t;
	ck_assert_int_eq(crm_instant_parse(&t, iso, strlen(iso)), 0);
	return t;
}

static const char *fmt(int64_t t)
{
	static char buf[40];
	crm_instant_format(buf, sizeof buf, t, 8 * 3600);
	return buf;
}

static crm_sla_state eval(const char *timer, const char *start, const char *now)
{
	crm_sla_clock c = {at(start), NULL, 0, 0, 0};
	crm_sla_state s;
	crm_error err;
	ck_assert_msg(crm_sla_evaluate(rs, timer, &c, at(now), &s, &err) == 0, "%s", err.message);
	return s;
}

static const struct {
	const char *timer, *start, *due;
} due_cases[] = {
	/* working days: the same clock time on the next working day */
	{"wd1", "2026-09-30T17:59:00+08:00", "2026-10-08T17:59:00+08:00"},
	{"wd1", "2026-09-30T00:00:00+08:00", "2026-10-08T00:00:00+08:00"}, /* first second of a day */
	{"wd1", "2026-09-30T23:59:59+08:00", "2026-10-08T23:59:59+08:00"},
	{"wd1", "2026-10-01T00:00:00+08:00", "2026-10-09T00:00:00+08:00"}, /* midnight, a holiday */
	{"wd1", "2026-10-09T18:00:00+08:00", "2026-10-10T18:00:00+08:00"}, /* the worked Saturday */
	{"wd1", "2026-10-10T09:00:00+08:00", "2026-10-12T09:00:00+08:00"},
	{"wd1", "2026-01-03T12:00:00+08:00", "2026-01-05T00:00:00+08:00"}, /* worked Sunday Jan 4 */
	{"wd3", "2026-02-13T10:00:00+08:00", "2026-02-25T10:00:00+08:00"}, /* Feb 14, 24, 25 */
	{"wd3", "2026-04-30T08:00:00+08:00", "2026-05-08T08:00:00+08:00"}, /* May 6, 7, 8 */
	/* business hours: 09:00-12:00 and 13:30-18:00 */
	{"bh1", "2026-09-30T17:59:00+08:00", "2026-10-08T09:59:00+08:00"},
	{"bh1", "2026-10-08T08:00:00+08:00", "2026-10-08T10:00:00+08:00"}, /* before opening */
	{"bh1", "2026-10-08T09:00:00+08:00", "2026-10-08T10:00:00+08:00"}, /* at opening */
	{"bh1", "2026-10-08T11:30:00+08:00", "2026-10-08T14:00:00+08:00"}, /* over the break */
	{"bh1", "2026-10-08T12:30:00+08:00", "2026-10-08T14:30:00+08:00"}, /* in the break */
	{"bh1", "2026-10-08T17:00:00+08:00", "2026-10-08T18:00:00+08:00"}, /* due at closing */
	{"bh1", "2026-10-08T18:00:00+08:00", "2026-10-09T10:00:00+08:00"}, /* at closing */
	{"bh8", "2026-10-09T09:00:00+08:00", "2026-10-10T09:30:00+08:00"}, /* 7.5 h a day */
	/* wall clock ignores the calendar */
	{"h24", "2026-10-01T08:00:00+08:00", "2026-10-02T08:00:00+08:00"},
	{"m10", "2026-10-01T23:55:00+08:00", "2026-10-02T00:05:00+08:00"},
};

START_TEST(due_times)
{
	crm_sla_state s = eval(due_cases[_i].timer, due_cases[_i].start, due_cases[_i].start);
	ck_assert_msg(s.due == at(due_cases[_i].due), "%s from %s: due %s, want %s",
	              due_cases[_i].timer, due_cases[_i].start, fmt(s.due), due_cases[_i].due);
	ck_assert_int_eq(s.elapsed, 0);
	ck_assert_int_eq(s.status, CRM_SLA_RUNNING);
}
END_TEST

START_TEST(status_and_alerts)
{
	/* 8 business hours from Fri Oct 9 09:00: 2 h in -> warning at 25 % */
	crm_sla_state s = eval("bh8", "2026-10-09T09:00:00+08:00", "2026-10-09T11:00:00+08:00");
	ck_assert_int_eq(s.status, CRM_SLA_WARNING);
	ck_assert_int_eq(s.warnings_passed, 1);
	ck_assert_int_eq(s.elapsed, 7200);
	ck_assert_int_eq(s.remaining, 6 * 3600);
	ck_assert_str_eq(fmt(s.next_alert), "2026-10-09T16:30:00+08:00"); /* 75 % = 6 h */
	/* in the lunch break nothing counts */
	s = eval("bh8", "2026-10-09T09:00:00+08:00", "2026-10-09T13:00:00+08:00");
	ck_assert_int_eq(s.elapsed, 3 * 3600);
	s = eval("bh8", "2026-10-09T09:00:00+08:00", "2026-10-10T09:30:00+08:00");
	ck_assert_int_eq(s.status, CRM_SLA_BREACHED);
	ck_assert_int_eq(s.has_next_alert, 0);
	ck_assert_int_eq(s.remaining, 0);
	ck_assert_str_eq(s.measure, "business hours");
}
END_TEST

START_TEST(pauses_and_stops)
{
	/* overlapping, unordered pauses spanning holidays */
	crm_sla_pause p[] = {
		{at("2026-10-08T10:00:00+08:00"), at("2026-10-08T11:00:00+08:00")},
		{at("2026-09-30T12:00:00+08:00"), at("2026-10-02T00:00:00+08:00")},
		{at("2026-10-01T00:00:00+08:00"), at("2026-10-08T09:00:00+08:00")},
	};
	crm_sla_clock c = {at("2026-09-30T09:00:00+08:00"), p, 3, 0, 0};
	crm_sla_state s;
	crm_error err;
	ck_assert_int_eq(crm_sla_evaluate(rs, "wd1", &c, at("2026-10-08T12:00:00+08:00"), &s, &err), 0);
	/* 3 h on Sep 30, Oct 8 09:00-10:00 and 11:00-12:00 */
	ck_assert_int_eq(s.elapsed, 5 * 3600);
	ck_assert_str_eq(fmt(s.due), "2026-10-09T07:00:00+08:00");
	/* stopped: elapsed stops too; late or in time */
	c.stopped = 1;
	c.stop = at("2026-10-08T10:30:00+08:00");
	ck_assert_int_eq(crm_sla_evaluate(rs, "wd1", &c, at("2026-10-20T00:00:00+08:00"), &s, &err), 0);
	ck_assert_int_eq(s.status, CRM_SLA_STOPPED);
	ck_assert_int_eq(s.elapsed, 4 * 3600);
	ck_assert_int_eq(s.breached_at_stop, 0);
	ck_assert_int_eq(s.has_next_alert, 0);
}
END_TEST

/* Adding a duration and measuring it gives it back; later starts are never
 * due earlier. */
START_TEST(property_roundtrip)
{
	static const char *const timers[] = {"wd1", "wd3", "bh1", "bh8", "h24", "m10"};
	crm_error err;
	srand(20261122);
	int64_t lo = at("2026-01-01T00:00:00+08:00"), span = 300 * 86400;
	for (int i = 0; i < 3000; i++) {
		const char *timer = timers[i % 6];
		int64_t start = lo + (int64_t)(rand() % span);
		crm_sla_clock c = {start, NULL, 0, 0, 0};
		crm_sla_state s, s2, later;
		ck_assert_int_eq(crm_sla_evaluate(rs, timer, &c, start, &s, &err), 0);
		/* measured at the due instant, the whole budget has elapsed */
		ck_assert_int_eq(crm_sla_evaluate(rs, timer, &c, s.due, &s2, &err), 0);
		ck_assert_msg(s2.elapsed == s.total, "%s from %s: %lld of %lld", timer, fmt(start),
		              (long long)s2.elapsed, (long long)s.total);
		ck_assert_int_eq(s2.status, CRM_SLA_BREACHED);
		/* one second before it, not yet (the budget may be used up on the
		 * eve of a holiday, but the timer is due on the next working day) */
		ck_assert_int_eq(crm_sla_evaluate(rs, timer, &c, s.due - 1, &s2, &err), 0);
		ck_assert_int_ne(s2.status, CRM_SLA_BREACHED);
		ck_assert_int_eq(s2.has_next_alert, 1);
		ck_assert_int_le(s2.next_alert, s.due);
		/* monotone: a later start is never due earlier */
		c.start = start + 1 + rand() % 7200;
		ck_assert_int_eq(crm_sla_evaluate(rs, timer, &c, c.start, &later, &err), 0);
		ck_assert_int_ge(later.due, s.due);
	}
}
END_TEST

START_TEST(bad_clocks)
{
	crm_sla_state s;
	crm_error err;
	crm_sla_pause back = {at("2026-10-09T10:00:00+08:00"), at("2026-10-09T09:00:00+08:00")};
	crm_sla_clock c = {at("2026-10-09T08:00:00+08:00"), &back, 1, 0, 0};
	ck_assert_int_eq(crm_sla_evaluate(rs, "wd1", &c, c.start, &s, &err), CRM_EINVAL);
	ck_assert_str_eq(err.message, "pause 1 ends before it starts");
	c.npauses = 0;
	c.stopped = 1;
	c.stop = c.start - 60;
	ck_assert_int_eq(crm_sla_evaluate(rs, "wd1", &c, c.start, &s, &err), CRM_EINVAL);
	ck_assert_str_eq(err.message, "the timer stops before it starts");
	c.stopped = 0;
	ck_assert_int_eq(crm_sla_evaluate(rs, "nope", &c, c.start, &s, &err), CRM_EUNKNOWN);
	ck_assert_str_eq(err.message, "unknown timer 'nope'");
	/* a year the calendar has no data for is an error, never a normal year */
	c.start = at("2026-12-31T12:00:00+08:00");
	ck_assert_int_eq(crm_sla_evaluate(rs, "wd1", &c, c.start, &s, &err), CRM_ERANGE);
	ck_assert_str_eq(err.message, "calendar cn-2026 has no data for 2027 (timer wd1)");
	c.start = at("2025-12-31T12:00:00+08:00");
	ck_assert_int_eq(crm_sla_evaluate(rs, "wd1", &c, c.start, &s, &err), CRM_ERANGE);
	ck_assert_str_eq(err.message, "calendar cn-2026 has no data for 2025 (timer wd1)");
	/* a wall-clock timer needs no calendar data */
	ck_assert_int_eq(crm_sla_evaluate(rs, "m10", &c, c.start, &s, &err), 0);
}
END_TEST

START_TEST(bad_timer_files)
{
	crm_error err;
	ck_assert_int_eq(load_err("timers:\n  t: { duration: 1 working day, calendar: cn-2099 }\n", &err),
	                 CRM_EUNKNOWN);
	ck_assert_str_eq(err.message, "timer 't' uses unknown calendar 'cn-2099'");
	ck_assert_int_eq(load_err("timers:\n  t: { duration: 1 working day }\n", &err), CRM_ESYNTAX);
	ck_assert_str_eq(err.message, "timer 't' counts working time: it needs a calendar");
	ck_assert_int_eq(load_err("timers:\n  t: { duration: 3 fortnights }\n", &err), CRM_ESYNTAX);
	ck_assert_int_eq(load_err("timers:\n  t: { duration: 1 h, on_breach: nowhere }\n", &err),
	                 CRM_EUNKNOWN);
	ck_assert_str_eq(err.message, "timer 't' escalates to 'nowhere', which is neither a timer "
	                              "nor a decision");
	ck_assert_int_eq(load_err("calendars:\n  c:\n    years: \"2026\"\n    utc_offset: \"+08:00\"\n"
	                          "    working_week: [mon]\n"
	                          "    holidays: [2026-01-01]\n    working_days: [2026-01-01]\n",
	                          &err),
	                 CRM_EDUP);
	ck_assert_str_eq(err.message, "2026-01-01 is listed twice in calendar 'c'");
	ck_assert_int_eq(load_err("calendars:\n  c:\n    years: \"2026\"\n    utc_offset: \"+08:00\"\n"
	                          "    working_week: [mon]\n    holidays: [2027-01-01]\n",
	                          &err),
	                 CRM_ERANGE);
	ck_assert_str_eq(err.message, "2027-01-01 is outside the calendar's years 2026..2026");
	ck_assert_int_eq(load_err("calendars:\n  c:\n    years: \"2026\"\n    utc_offset: \"+08:00\"\n"
	                          "    working_week: [mon]\n    working_hours: [\"09:00-08:00\"]\n",
	                          &err),
	                 CRM_ESYNTAX);
	/* folded at load: a constant date outside the calendar's years */
	ck_assert_int_eq(load_err("include: [" CRM_RULES_DIR "/calendars/cn-2026.yaml]\n"
	                          "decisions:\n  d:\n    outputs: { v: bool }\n"
	                          "    rules: [ { then: 'is_working_day(\"cn-2026\", date(\"2027-01-04\"))' } ]\n",
	                          &err),
	                 CRM_ERANGE);
	ck_assert_str_eq(err.message,
	                 "calendar cn-2026 has no data for a date outside 2026..2026");
}
END_TEST

Suite *time_suite(void)
{
	Suite *s = suite_create("time");
	TCase *tc = tcase_create("sla");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_loop_test(tc, due_times, 0, (int)(sizeof due_cases / sizeof due_cases[0]));
	tcase_add_test(tc, status_and_alerts);
	tcase_add_test(tc, pauses_and_stops);
	tcase_add_test(tc, property_roundtrip);
	tcase_add_test(tc, bad_clocks);
	tcase_add_test(tc, bad_timer_files);
	tcase_set_timeout(tc, 60);
	suite_add_tcase(s, tc);
	return s;
}
