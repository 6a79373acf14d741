/* SPDX-License-Identifier: MIT */
/* check_time.c - calendars and SLA clocks: boundaries, business hours, properties, bad input. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "suites.h"

#ifndef CRM_RULES_DIR
#error "CRM_RULES_DIR must name rules/"
#endif

static crm_ruleset *rs;

static const char timers_yaml[] =
	"include: [" CRM_RULES_DIR "/calendars/cn]\n"
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
	                                      &rules_root, &err) == 0,
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
	/* 2024 to 2026: across both year ends (the last start leaves the
	 * longest timer inside 2026) */
	int64_t lo = at("2024-01-01T00:00:00+08:00"), span = (3 * 365 - 40) * 86400;
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
	/* a year the calendar has no data for is an error, never a normal
	 * year; the message names the first date it lacks */
	c.start = at("2026-12-31T12:00:00+08:00");
	ck_assert_int_eq(crm_sla_evaluate(rs, "wd1", &c, c.start, &s, &err), CRM_ERANGE);
	ck_assert_str_eq(err.message, "calendar cn has no data for 2027-01-01 (timer wd1)");
	c.start = at("2023-12-31T12:00:00+08:00");
	ck_assert_int_eq(crm_sla_evaluate(rs, "wd1", &c, c.start, &s, &err), CRM_ERANGE);
	ck_assert_str_eq(err.message, "calendar cn has no data for 2023-12-31 (timer wd1)");
	c.start = at("2030-03-01T12:00:00+08:00"); /* the year asked for, not the one after the data */
	ck_assert_int_eq(crm_sla_evaluate(rs, "wd1", &c, c.start, &s, &err), CRM_ERANGE);
	ck_assert_str_eq(err.message, "calendar cn has no data for 2030-03-01 (timer wd1)");
	/* a wall-clock timer needs no calendar data */
	ck_assert_int_eq(crm_sla_evaluate(rs, "m10", &c, c.start, &s, &err), 0);
}
END_TEST

/* A clock's instants must be in the years (int64 extremes reached signed
 * overflow); a clock that would run past them fails, never wraps. */
START_TEST(clocks_at_the_ends)
{
	crm_sla_state s;
	crm_error err;
	const char *outside = "0001-01-01T00:00:00Z..9999-12-31T23:59:59Z";
	char want[160];
	crm_sla_clock c = {INT64_MAX, NULL, 0, 0, 0};
	ck_assert_int_eq(crm_sla_evaluate(rs, "m10", &c, 0, &s, &err), CRM_ERANGE);
	snprintf(want, sizeof want, "the start is outside the instants %s", outside);
	ck_assert_str_eq(err.message, want);
	c.start = CRM_INSTANT_MIN - 1;
	ck_assert_int_eq(crm_sla_evaluate(rs, "wd1", &c, 0, &s, &err), CRM_ERANGE);
	c.start = 0;
	ck_assert_int_eq(crm_sla_evaluate(rs, "m10", &c, INT64_MIN, &s, &err), CRM_ERANGE);
	snprintf(want, sizeof want, "now is outside the instants %s", outside);
	ck_assert_str_eq(err.message, want);
	ck_assert_int_eq(crm_sla_evaluate(rs, "m10", &c, CRM_INSTANT_MAX + 1, &s, &err), CRM_ERANGE);
	/* the stop counts only when the clock is stopped */
	c.stop = INT64_MAX;
	ck_assert_int_eq(crm_sla_evaluate(rs, "m10", &c, 0, &s, &err), 0);
	c.stopped = 1;
	ck_assert_int_eq(crm_sla_evaluate(rs, "m10", &c, 0, &s, &err), CRM_ERANGE);
	snprintf(want, sizeof want, "the stop is outside the instants %s", outside);
	ck_assert_str_eq(err.message, want);
	c.stopped = 0;
	crm_sla_pause p[2] = {{0, 60}, {INT64_MIN, INT64_MAX}};
	c.pauses = p;
	c.npauses = 2;
	ck_assert_int_eq(crm_sla_evaluate(rs, "m10", &c, 0, &s, &err), CRM_ERANGE);
	snprintf(want, sizeof want, "pause 2 is outside the instants %s", outside);
	ck_assert_str_eq(err.message, want);
	c.npauses = 0;

	/* wall time: due at the last instant, not a second later */
	c.start = CRM_INSTANT_MAX - 600;
	ck_assert_int_eq(crm_sla_evaluate(rs, "m10", &c, c.start, &s, &err), 0);
	ck_assert_int_eq(s.due, CRM_INSTANT_MAX);
	c.start++;
	ck_assert_int_eq(crm_sla_evaluate(rs, "m10", &c, c.start, &s, &err), CRM_EOVERFLOW);
	snprintf(want, sizeof want, "timer m10: the clock runs outside the instants %s", outside);
	ck_assert_str_eq(err.message, want);
	c.start = CRM_INSTANT_MAX - 3600;
	ck_assert_int_eq(crm_sla_evaluate(rs, "h24", &c, CRM_INSTANT_MAX, &s, &err), CRM_EOVERFLOW);
	/* shown at its calendar's offset (+08:00), a due time must be
	 * writable: 9999-12-31T23:59:59+08:00 is, 10000-01-01T07:00 not */
	c.start = at("9999-12-30T23:59:59+08:00");
	ck_assert_int_eq(crm_sla_evaluate(rs, "h24", &c, c.start, &s, &err), 0);
	char due[40];
	ck_assert_int_gt(crm_instant_format(due, sizeof due, s.due, s.utc_offset), 0);
	ck_assert_str_eq(due, "9999-12-31T23:59:59+08:00");
	c.start = at("9999-12-30T23:00:00Z");
	ck_assert_int_eq(crm_sla_evaluate(rs, "h24", &c, c.start, &s, &err), CRM_EOVERFLOW);
	snprintf(want, sizeof want, "timer h24: the clock runs outside the instants %s", outside);
	ck_assert_str_eq(err.message, want);
	/* a pause to the very end: never due */
	crm_sla_pause to_end = {CRM_INSTANT_MAX - 300, CRM_INSTANT_MAX};
	c.start = CRM_INSTANT_MAX - 600;
	c.pauses = &to_end;
	c.npauses = 1;
	ck_assert_int_eq(crm_sla_evaluate(rs, "m10", &c, c.start, &s, &err), CRM_EOVERFLOW);
	c.npauses = 0;

	/* calendars that assume days past their data, on both sides of UTC:
	 * a walk stops at the ends of the years */
	crm_ruleset *r = load_ok(
		"calendars:\n"
		"  west: { utc_offset: '-12:00', working_week: [mon, tue, wed, thu, fri],"
		" working_hours: ['09:00-18:00'], beyond_data: working_week }\n"
		"  east: { utc_offset: '+14:00', working_week: [mon, tue, wed, thu, fri],"
		" working_hours: ['09:00-18:00'], beyond_data: working_week }\n"
		"timers:\n"
		"  wd_west: { duration: 2 working days, calendar: west }\n"
		"  wd_east: { duration: 2 working days, calendar: east }\n"
		"  bh_west: { duration: 8 business hours, calendar: west }\n"
		"  alert_east: { duration: 8 h, calendar: east, warnings: [50%], alerts: working_hours }\n");
	/* 9999-12-31 is a Friday: the last working day. West of UTC the years
	 * end at 11:59:59 local, east of it at 09:59:59 UTC. */
	c.start = at("9999-12-29T11:00:00-12:00");
	ck_assert_int_eq(crm_sla_evaluate(r, "wd_west", &c, c.start, &s, &err), 0);
	ck_assert_int_eq(s.due, at("9999-12-31T11:00:00-12:00"));
	c.start = at("9999-12-30T11:00:00-12:00"); /* due on a Monday of year 10000 */
	ck_assert_int_eq(crm_sla_evaluate(r, "wd_west", &c, c.start, &s, &err), CRM_EOVERFLOW);
	snprintf(want, sizeof want, "timer wd_west: the clock runs outside the instants %s", outside);
	ck_assert_str_eq(err.message, want);
	c.start = at("9999-12-30T12:00:00+14:00");
	ck_assert_int_eq(crm_sla_evaluate(r, "wd_east", &c, c.start, &s, &err), CRM_EOVERFLOW);
	c.start = at("9999-12-30T09:00:00-12:00");
	ck_assert_int_eq(crm_sla_evaluate(r, "bh_west", &c, c.start, &s, &err), 0);
	ck_assert_int_eq(s.due, at("9999-12-30T17:00:00-12:00"));
	/* the last local day's hours: 17:00 local is in year 10000 in UTC */
	c.start = at("9999-12-31T09:00:00-12:00");
	ck_assert_int_eq(crm_sla_evaluate(r, "bh_west", &c, c.start, &s, &err), CRM_EOVERFLOW);
	/* due inside the years, but the warning at 20:00 local on the last
	 * day alerts on no morning */
	c.start = at("9999-12-31T16:00:00+14:00");
	ck_assert_int_eq(crm_sla_evaluate(r, "alert_east", &c, c.start, &s, &err), CRM_EOVERFLOW);
	c.start = at("9999-12-31T06:00:00+14:00");
	ck_assert_int_eq(crm_sla_evaluate(r, "alert_east", &c, c.start, &s, &err), 0);
	ck_assert_int_eq(s.next_alert, at("9999-12-31T10:00:00+14:00"));
	/* the first day: west of UTC its local time is before 0001-01-01 */
	c.start = CRM_INSTANT_MIN;
	ck_assert_int_eq(crm_sla_evaluate(r, "wd_west", &c, c.start, &s, &err), CRM_EOVERFLOW);
	ck_assert_int_eq(crm_sla_evaluate(r, "wd_east", &c, c.start, &s, &err), 0);
	ck_assert_int_eq(s.due, at("0001-01-03T14:00:00+14:00"));
	crm_ruleset_free(r);
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
	/* escalations that come back: named to the end, or to where the
	 * message has room */
	ck_assert_int_eq(load_err("timers:\n  t: { duration: 1 h, on_breach: t }\n", &err),
	                 CRM_ECYCLE);
	ck_assert_str_eq(err.message, "cyclic escalation chain: t -> t");
	char long_chain[4096] = "timers:\n";
	for (int i = 0; i < 40; i++) {
		size_t n = strlen(long_chain);
		snprintf(long_chain + n, sizeof long_chain - n,
		         "  timer_with_a_long_name_%02d: { duration: 1 h, on_breach: "
		         "timer_with_a_long_name_%02d }\n",
		         i, (i + 1) % 40);
	}
	ck_assert_int_eq(load_err(long_chain, &err), CRM_ECYCLE);
	ck_assert_msg(strncmp(err.message, "cyclic escalation chain: timer_with_a_long_name_00 -> "
	                      "timer_with_a_long_name_01 -> ", 80) == 0, "%s", err.message);
	ck_assert_ptr_nonnull(strstr(err.message, " -> ..."));
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
	ck_assert_int_eq(load_err("include: [" CRM_RULES_DIR "/calendars/cn]\n"
	                          "decisions:\n  d:\n    outputs: { v: bool }\n"
	                          "    rules: [ { then: 'is_working_day(\"cn-2026\", date(\"2027-01-04\"))' } ]\n",
	                          &err),
	                 CRM_ERANGE);
	ck_assert_str_eq(err.message, "calendar cn has no data for 2027-01-04");
}
END_TEST


/* ---- calendars across years -------------------------------------------------------- */

/* Clocks that cross a year end, each worked out by hand from the notices. */
START_TEST(across_new_year)
{
	/* Wed 2025-12-31 17:00: Jan 1-3 2026 are off and Sun Jan 4 is worked,
	 * so one working day later is Sun Jan 4 17:00, three are Tue Jan 6 */
	crm_sla_state s = eval("wd1", "2025-12-31T17:00:00+08:00", "2025-12-31T17:00:00+08:00");
	ck_assert_str_eq(fmt(s.due), "2026-01-04T17:00:00+08:00");
	ck_assert_int_eq(s.provisional, 0);
	s = eval("wd3", "2025-12-31T17:00:00+08:00", "2026-01-02T10:00:00+08:00");
	ck_assert_str_eq(fmt(s.due), "2026-01-06T17:00:00+08:00");
	ck_assert_int_eq(s.elapsed, 7 * 3600); /* Dec 31 17:00-24:00; Jan 1-2 are holidays */
	/* 8 business hours: Dec 31 17:00-18:00, Jan 4 09:00-12:00 and 13:30-17:30 */
	s = eval("bh8", "2025-12-31T17:00:00+08:00", "2025-12-31T17:00:00+08:00");
	ck_assert_str_eq(fmt(s.due), "2026-01-04T17:30:00+08:00");
	/* Tue 2024-12-31 10:00, three working days: Jan 2, Jan 3, Mon Jan 6
	 * (Jan 1 2025 is the holiday; Sat Jan 4 2025 is not worked) */
	s = eval("wd3", "2024-12-31T10:00:00+08:00", "2024-12-31T10:00:00+08:00");
	ck_assert_str_eq(fmt(s.due), "2025-01-06T10:00:00+08:00");
	/* the same clock paused over New Year, Dec 31 18:00 to Jan 2 12:00:
	 * 8 h on Dec 31, 12 h on Jan 2, 24 h on Jan 3 and Jan 6, then the
	 * 4 h left on Jan 7 */
	crm_sla_pause p = {at("2024-12-31T18:00:00+08:00"), at("2025-01-02T12:00:00+08:00")};
	crm_sla_clock c = {at("2024-12-31T10:00:00+08:00"), &p, 1, 0, 0};
	crm_error err;
	ck_assert_int_eq(crm_sla_evaluate(rs, "wd3", &c, at("2025-01-03T12:00:00+08:00"), &s, &err), 0);
	ck_assert_str_eq(fmt(s.due), "2025-01-07T04:00:00+08:00");
	ck_assert_int_eq(s.elapsed, (8 + 12 + 12) * 3600);
	ck_assert_int_eq(s.status, CRM_SLA_RUNNING);
}
END_TEST

static const char site_yaml[] =
	"calendar_data:\n"
	"  cn:\n"
	"    beyond_data: working_week\n"
	"    site_days:\n"
	"      source: ACME closures\n"
	"      holidays:\n"
	"        - { date: 2026-12-24, name: Company closure }\n"
	"        - { date: 2026-10-10, name: Company outing }\n"
	"      special_hours:\n"
	"        - { date: 2026-12-31, hours: [\"09:00-12:00\"], name: New Year's Eve half day }\n"
	"timers:\n"
	"  reply15: { duration: 15 working days, calendar: cn, warnings: [50%] }\n"
	"  bh4: { duration: 4 business hours, calendar: cn }\n"
	"decisions:\n"
	"  next_day:\n"
	"    inputs: [ received ]\n"
	"    outputs: { day: date }\n"
	"    rules: [ { id: r, when: 'true', then: { day: 'add_working_days(\"cn\", received, 1)' } } ]\n"
	"  fixed:\n"
	"    outputs: { works: bool }\n"
	"    rules: [ { id: r, when: 'true', then: { works: 'is_working_day(\"cn\", date(\"2027-01-01\"))' } } ]\n"
	"facts:\n"
	"  received: date\n";

static const char year_2027_yaml[] =
	"calendar_data:\n"
	"  cn:\n"
	"    years:\n"
	"      2027:\n"
	"        source: a test's own data (not the notice)\n"
	"        holidays: [ { date: 2027-01-01, name: New Year's Day } ]\n";

/* A directory of the shipped calendar plus a site's file, loaded together. */
static crm_ruleset *load_site(const char *const *extra, size_t n)
{
	char dir[] = "/tmp/crm-site-XXXXXX";
	ck_assert_ptr_nonnull(mkdtemp(dir));
	const char *paths[4] = {CRM_RULES_DIR "/calendars/cn"};
	char files[3][64];
	for (size_t i = 0; i < n; i++) {
		snprintf(files[i], sizeof files[i], "%s/site%zu.yaml", dir, i);
		FILE *fp = fopen(files[i], "w");
		ck_assert_ptr_nonnull(fp);
		fputs(extra[i], fp);
		fclose(fp);
		paths[i + 1] = files[i];
	}
	crm_ruleset *out = NULL;
	crm_error err;
	int rc = crm_ruleset_load_paths(&out, paths, n + 1, NULL, &err);
	for (size_t i = 0; i < n; i++)
		remove(files[i]);
	rmdir(dir);
	ck_assert_msg(rc == 0, "%s:%d: %s", err.file, err.line, err.message);
	return out;
}

START_TEST(provisional_past_the_data)
{
	const char *site[] = {site_yaml};
	crm_ruleset *r = load_site(site, 1);
	crm_error err;
	/* complaint.formal_reply's 15 working days from Tue 2026-12-15 10:00:
	 * Dec 16-18 (3), 21-23 and 25 (7; Dec 24 is the site's closure),
	 * 28-31 (11), then 2027, assumed: Fri Jan 1 (12), Jan 4-6 (15) */
	crm_sla_clock c = {at("2026-12-15T10:00:00+08:00"), NULL, 0, 0, 0};
	crm_sla_state s;
	ck_assert_int_eq(crm_sla_evaluate(r, "reply15", &c, c.start, &s, &err), 0);
	ck_assert_str_eq(fmt(s.due), "2027-01-06T10:00:00+08:00");
	ck_assert_int_eq(s.provisional, 1);
	ck_assert_int_eq(s.assumed_from, 20819); /* 2027-01-01 */
	/* the warning at 50 % (7.5 working days) falls in 2026: still
	 * provisional, since the due instant is */
	ck_assert_str_eq(fmt(s.next_alert), "2026-12-25T22:00:00+08:00");
	/* the host's answer for a decision that used an assumed day */
	crm_context *ctx;
	crm_facts *f;
	ck_assert_int_eq(crm_context_new(&ctx, r, NULL), 0);
	ck_assert_int_eq(crm_facts_new(&f, r), 0);
	int slot = crm_fact_slot(r, "received");
	ck_assert_int_eq(crm_facts_set_date(f, slot, 20818 /* 2026-12-31 */, &err), 0);
	const crm_result *res;
	int64_t from = -1;
	ck_assert_int_eq(crm_decide(ctx, "next_day", f, &res, &err), 0);
	ck_assert_int_eq(crm_result_output(res, 0).u.date, 20819);
	ck_assert_int_eq(crm_result_provisional(res, &from), 1);
	ck_assert_int_eq(from, 20819);
	/* a constant expression over an assumed day is not folded away */
	ck_assert_int_eq(crm_decide(ctx, "fixed", f, &res, &err), 0);
	ck_assert_int_eq(crm_result_output(res, 0).u.b, 1);
	ck_assert_int_eq(crm_result_provisional(res, NULL), 1);
	/* within the data: exact */
	ck_assert_int_eq(crm_facts_set_date(f, slot, 20817 /* 2026-12-30 */, &err), 0);
	ck_assert_int_eq(crm_decide(ctx, "next_day", f, &res, &err), 0);
	ck_assert_int_eq(crm_result_output(res, 0).u.date, 20818);
	ck_assert_int_eq(crm_result_provisional(res, &from), 0);
	ck_assert_int_eq(from, 0);
	crm_facts_free(f);
	crm_context_free(ctx);
	crm_ruleset_free(r);

	/* the operator adds 2027 later: the same clock, exact, one day later */
	const char *both[] = {site_yaml, year_2027_yaml};
	r = load_site(both, 2);
	ck_assert_int_eq(crm_sla_evaluate(r, "reply15", &c, c.start, &s, &err), 0);
	ck_assert_str_eq(fmt(s.due), "2027-01-07T10:00:00+08:00");
	ck_assert_int_eq(s.provisional, 0);
	ck_assert_int_eq(crm_calendar_has_year(r, crm_calendar_find(r, "cn"), 2027), 1);
	crm_ruleset_free(r);
}
END_TEST

START_TEST(site_days)
{
	const char *site[] = {site_yaml};
	crm_ruleset *r = load_site(site, 1);
	int cal = crm_calendar_find(r, "cn-2026"); /* the alias finds the calendar */
	ck_assert_int_eq(cal, crm_calendar_find(r, "cn"));
	crm_calendar_day d;
	crm_error err;
	/* a closure on an ordinary Thursday */
	ck_assert_int_eq(crm_calendar_day_info(r, cal, 20811 /* 2026-12-24 */, &d, &err), 0);
	ck_assert_int_eq(d.kind, CRM_DAY_HOLIDAY);
	ck_assert_int_eq(d.working, 0);
	ck_assert_int_eq(d.site, 1);
	ck_assert_str_eq(d.name, "Company closure");
	/* the site's day replaces the notice's adjusted working day */
	ck_assert_int_eq(crm_calendar_day_info(r, cal, 20736 /* 2026-10-10 */, &d, &err), 0);
	ck_assert_int_eq(d.kind, CRM_DAY_HOLIDAY);
	ck_assert_str_eq(d.name, "Company outing");
	/* a half day: 09:00-12:00 only */
	ck_assert_int_eq(crm_calendar_day_info(r, cal, 20818 /* 2026-12-31 */, &d, &err), 0);
	ck_assert_int_eq(d.kind, CRM_DAY_SPECIAL);
	ck_assert_int_eq(d.nspans, 1);
	ck_assert_int_eq(d.span_start[0], 9 * 3600);
	ck_assert_int_eq(d.span_end[0], 12 * 3600);
	/* 4 business hours from Dec 31 10:00: 2 h that morning, then 2 h on an
	 * assumed Fri Jan 1 2027 */
	crm_sla_clock c = {at("2026-12-31T10:00:00+08:00"), NULL, 0, 0, 0};
	crm_sla_state s;
	ck_assert_int_eq(crm_sla_evaluate(r, "bh4", &c, c.start, &s, &err), 0);
	ck_assert_str_eq(fmt(s.due), "2027-01-01T11:00:00+08:00");
	ck_assert_int_eq(s.provisional, 1);
	/* the notice's own days are untouched */
	ck_assert_int_eq(crm_calendar_day_info(r, cal, 20498 /* 2026-02-14 */, &d, &err), 0);
	ck_assert_int_eq(d.kind, CRM_DAY_ADJUSTED);
	ck_assert_int_eq(d.working, 1);
	ck_assert_int_eq(d.site, 0);
	ck_assert_int_eq(d.assumed, 0);
	ck_assert_int_eq(d.nspans, 2); /* the break cut out */
	ck_assert_int_eq(crm_calendar_day_info(r, cal, 20820 /* 2027-01-02 */, &d, &err), 0);
	ck_assert_int_eq(d.kind, CRM_DAY_WEEKEND);
	ck_assert_int_eq(d.assumed, 1);
	crm_calendar_info info;
	ck_assert_int_eq(crm_calendar_describe(r, cal, &info), 0);
	ck_assert_str_eq(info.name, "cn");
	ck_assert_int_eq(info.first_year, 2024);
	ck_assert_int_eq(info.last_year, 2026);
	ck_assert_int_eq(info.beyond_working_week, 1);
	ck_assert_int_eq(info.nhours, 1);
	ck_assert_int_eq(info.hours_end[0], 18 * 3600);
	ck_assert_int_eq(info.nbreaks, 1);
	ck_assert_int_eq(info.break_start[0], 12 * 3600);
	ck_assert_int_eq(info.working_week, 0x1f);
	ck_assert_int_eq(crm_ruleset_calendar_count(r), 1);
	ck_assert_int_eq(crm_calendar_describe(r, 1, &info), CRM_EINVAL);
	ck_assert_int_eq(crm_calendar_find(r, "nope"), CRM_EUNKNOWN);
	crm_ruleset_free(r);
	/* without beyond_data the shipped calendar refuses 2027 */
	ck_assert_int_eq(crm_calendar_day_info(rs, 0, 20819, &d, &err), CRM_ERANGE);
	ck_assert_str_eq(err.message, "calendar cn has no data for 2027-01-01");
	ck_assert_int_eq(crm_calendar_has_year(rs, 0, 2025), 1);
	ck_assert_int_eq(crm_calendar_has_year(rs, 0, 2027), 0);
}
END_TEST

/* Site days fifty years apart: too far for the day index, so lookups
 * search the entries; the answers are the same either way. */
static const char far_yaml[] =
	"calendar_data:\n"
	"  cn:\n"
	"    beyond_data: working_week\n"
	"    site_days:\n"
	"      holidays:\n"
	"        - { date: 1990-01-02, name: Founding }\n"
	"        - { date: 2040-01-03, name: Jubilee }\n";

START_TEST(site_days_far_apart)
{
	const char *site[] = {far_yaml};
	crm_ruleset *r = load_site(site, 1);
	int cal = crm_calendar_find(r, "cn");
	crm_calendar_day d;
	crm_error err;
	int64_t day;
	static const struct {
		int y, m, md, kind;
	} want[] = {
		{1990, 1, 2, CRM_DAY_HOLIDAY}, {1990, 1, 3, CRM_DAY_WORKING},
		{2040, 1, 3, CRM_DAY_HOLIDAY}, {2040, 1, 2, CRM_DAY_WORKING},
		{2026, 10, 1, CRM_DAY_HOLIDAY}, {2026, 10, 10, CRM_DAY_ADJUSTED},
		{2026, 10, 12, CRM_DAY_WORKING}, {2040, 1, 7, CRM_DAY_WEEKEND},
	};
	for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
		ck_assert_int_eq(crm_date_from_civil(&day, want[i].y, want[i].m, want[i].md), 0);
		ck_assert_int_eq(crm_calendar_day_info(r, cal, day, &d, &err), 0);
		ck_assert_msg((int)d.kind == want[i].kind, "%d-%d-%d: kind %d", want[i].y, want[i].m,
		              want[i].md, (int)d.kind);
	}
	crm_ruleset_free(r);
}
END_TEST

static const char alerts_yaml[] =
	"include: [" CRM_RULES_DIR "/calendars/cn]\n"
	"timers:\n"
	"  quiet: { duration: 1 working day, calendar: cn, warnings: [50%], alerts: working_hours }\n"
	"  loud: { duration: 1 working day, calendar: cn, warnings: [50%] }\n"
	"  quiet_h: { duration: 2 h, calendar: cn, warnings: [50%], alerts: working_hours }\n";

START_TEST(alerts_in_working_hours)
{
	crm_ruleset *r;
	crm_error err;
	ck_assert_int_eq(crm_ruleset_load_buffer(&r, alerts_yaml, strlen(alerts_yaml), "a.yaml",
	                                         &rules_root, &err), 0);
	/* Thu Oct 8 17:40: half a working day is 12 h of the day's clock, so
	 * the warning falls at 05:40 on Fri Oct 9 */
	crm_sla_clock c = {at("2026-10-08T17:40:00+08:00"), NULL, 0, 0, 0};
	crm_sla_state s;
	ck_assert_int_eq(crm_sla_evaluate(r, "loud", &c, c.start, &s, &err), 0);
	ck_assert_str_eq(fmt(s.next_alert), "2026-10-09T05:40:00+08:00");
	ck_assert_int_eq(crm_sla_evaluate(r, "quiet", &c, c.start, &s, &err), 0);
	ck_assert_str_eq(fmt(s.next_alert), "2026-10-09T09:00:00+08:00");
	ck_assert_str_eq(fmt(s.due), "2026-10-09T17:40:00+08:00"); /* the due time is not moved */
	/* past the warning, the breach alert at 17:40 is inside working hours */
	ck_assert_int_eq(crm_sla_evaluate(r, "quiet", &c, at("2026-10-09T10:00:00+08:00"), &s, &err), 0);
	ck_assert_str_eq(fmt(s.next_alert), "2026-10-09T17:40:00+08:00");
	/* a due time on the eve of the holidays at 22:00 alerts on the first
	 * working morning after them */
	c.start = at("2026-09-29T22:00:00+08:00");
	ck_assert_int_eq(crm_sla_evaluate(r, "quiet", &c, at("2026-09-30T12:00:00+08:00"), &s, &err), 0);
	ck_assert_str_eq(fmt(s.due), "2026-09-30T22:00:00+08:00");
	ck_assert_str_eq(fmt(s.next_alert), "2026-10-08T09:00:00+08:00");
	/* a wall-clock timer's warning at 12:00 falls in the break: 13:30 */
	c.start = at("2026-10-08T11:00:00+08:00");
	ck_assert_int_eq(crm_sla_evaluate(r, "quiet_h", &c, c.start, &s, &err), 0);
	ck_assert_str_eq(fmt(s.next_alert), "2026-10-08T13:30:00+08:00");
	ck_assert_str_eq(fmt(s.due), "2026-10-08T13:00:00+08:00");
	crm_ruleset_free(r);
}
END_TEST

/* Bad calendar data: each a precise error at the place it was written. */
START_TEST(bad_calendar_data)
{
	crm_error err;
	static const char head[] = "include: [" CRM_RULES_DIR "/calendars/cn]\n";
	char buf[1024];
#define LOAD(body) (snprintf(buf, sizeof buf, "%s%s", head, body), load_err(buf, &err))
	/* a year declared twice: the second names the first */
	ck_assert_int_eq(LOAD("calendar_data:\n  cn:\n    years:\n      2025:\n"
	                      "        holidays: [2025-01-01]\n"),
	                 CRM_EDUP);
	/* the buffer is read before the files it includes */
	ck_assert_ptr_nonnull(strstr(err.file, "calendars/cn/2025.yaml"));
	ck_assert_str_eq(err.message, "year 2025 of calendar 'cn' is declared twice (first at "
	                              "test.yaml:5)");
	/* overlapping years: the definition's range against a year block */
	ck_assert_int_eq(load_err("calendars:\n  c:\n    years: \"2025..2026\"\n"
	                          "    utc_offset: \"+08:00\"\n    working_week: [mon]\n"
	                          "calendar_data:\n  c:\n    years:\n      2026: {}\n",
	                          &err),
	                 CRM_EDUP);
	ck_assert_str_eq(err.message, "year 2026 of calendar 'c' is declared twice (first at "
	                              "test.yaml:3)");
	ck_assert_int_eq(err.line, 9);
	/* a date twice in one year, across two entries */
	ck_assert_int_eq(load_err("calendars:\n  c:\n    utc_offset: \"+08:00\"\n"
	                          "    working_week: [mon]\n"
	                          "calendar_data:\n  c:\n    years:\n      2026:\n"
	                          "        holidays: [ { date: 2026-05-01, to: 2026-05-05 } ]\n"
	                          "        working_days: [ 2026-05-03 ]\n",
	                          &err),
	                 CRM_EDUP);
	ck_assert_str_eq(err.message, "2026-05-03 is listed twice in calendar 'c'");
	ck_assert_int_eq(err.line, 10);
	/* a holiday on a date that does not exist */
	ck_assert_int_eq(LOAD("calendar_data:\n  cn:\n    site_days:\n"
	                      "      holidays: [ 2026-02-30 ]\n"),
	                 CRM_EINVAL);
	ck_assert_str_eq(err.message, "2026-02-30 is not a date of the calendar");
	ck_assert_int_eq(err.line, 5);
	/* a date outside its block's year */
	ck_assert_int_eq(LOAD("calendar_data:\n  cn:\n    years:\n      2027:\n"
	                      "        holidays: [ 2026-12-31 ]\n"),
	                 CRM_ERANGE);
	ck_assert_str_eq(err.message, "2026-12-31 is not in 2027, the year this block is for");
	/* data for a calendar nobody declared; unknown keys; bad values */
	ck_assert_int_eq(LOAD("calendar_data:\n  cm:\n    years: { 2027: {} }\n"), CRM_EUNKNOWN);
	ck_assert_str_eq(err.message, "data for unknown calendar 'cm' (did you mean 'cn'?)");
	ck_assert_int_eq(LOAD("calendar_data:\n  us:\n    years: { 2027: {} }\n"), CRM_EUNKNOWN);
	ck_assert_str_eq(err.message, "data for unknown calendar 'us' (declare it under calendars:)");
	ck_assert_int_eq(LOAD("calendar_data:\n  cn:\n    years: { 2027: { holiday: [] } }\n"),
	                 CRM_EUNKNOWN);
	ck_assert_int_eq(LOAD("calendar_data:\n  cn:\n    years: { twenty: {} }\n"), CRM_ESYNTAX);
	ck_assert_int_eq(LOAD("calendar_data:\n  cn:\n    beyond_data: guess\n"), CRM_ESYNTAX);
	/* the definition's beyond_data is a default a data block may set over;
	 * two data blocks that both set it clash */
	ck_assert_int_eq(LOAD("calendar_data:\n  cn:\n    beyond_data: working_week\n"
	                      "calendar_data:\n  cn:\n    beyond_data: error\n"),
	                 CRM_EDUP);
	ck_assert_int_eq(load_err("calendars:\n  c:\n    utc_offset: \"+08:00\"\n"
	                          "    working_week: [mon]\n    holidays: [2026-01-01]\n",
	                          &err),
	                 CRM_ESYNTAX);
	ck_assert_ptr_nonnull(strstr(err.message, "lists days without the years they are for"));
	/* an alias that clashes with a calendar */
	ck_assert_int_eq(LOAD("calendars:\n  x:\n    aliases: [cn]\n    utc_offset: \"Z\"\n"
	                      "    working_week: [mon]\n"),
	                 CRM_EDUP);
	ck_assert_str_eq(err.message, "calendar 'cn' is declared twice");
	/* alerts in working hours need hours that are not the whole day */
	ck_assert_int_eq(load_err("calendars:\n  c:\n    years: \"2026\"\n    utc_offset: \"Z\"\n"
	                          "    working_week: [mon]\n"
	                          "timers:\n  t: { duration: 1 working day, calendar: c, "
	                          "alerts: working_hours }\n",
	                          &err),
	                 CRM_ESYNTAX);
	ck_assert_str_eq(err.message,
	                 "timer 't' alerts in working hours: it needs a calendar with working_hours");
	ck_assert_int_eq(LOAD("timers:\n  t: { duration: 1 h, calendar: cn, alerts: never }\n"),
	                 CRM_ESYNTAX);
	/* a site range longer than a year is refused, not expanded */
	ck_assert_int_eq(LOAD("calendar_data:\n  cn:\n    site_days:\n"
	                      "      holidays: [ { date: 2000-01-01, to: 9999-12-31 } ]\n"),
	                 CRM_ELIMIT);
#undef LOAD
	/* the load call's own arguments */
	crm_ruleset *r = (crm_ruleset *)1;
	const char *none[] = {NULL};
	ck_assert_int_eq(crm_ruleset_load_paths(&r, none, 1, NULL, &err), CRM_EINVAL);
	ck_assert_ptr_null(r);
	ck_assert_int_eq(crm_ruleset_load_paths(&r, NULL, 0, NULL, &err), CRM_EINVAL);
}
END_TEST

/* The shipped calendar across its years, through the public view: every
 * adjusted working day is a weekend day worked, and each year's count of
 * working days follows from the notices (251, 248, 248). */
START_TEST(shipped_years)
{
	int cal = crm_calendar_find(rs, "cn");
	static const struct {
		int year;
		int working, adjusted;
	} want[] = {{2024, 251, 8}, {2025, 248, 5}, {2026, 248, 6}};
	for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
		int64_t first = 0;
		crm_calendar_day d;
		crm_error err;
		ck_assert_int_eq(crm_date_from_civil(&first, want[i].year, 1, 1), 0);
		int working = 0, adjusted = 0;
		for (int64_t day = first; day < first + 366; day++) {
			if (crm_calendar_day_info(rs, cal, day, &d, &err)) {
				ck_assert_int_eq(day, first + 365); /* a 365-day year ends */
				break;
			}
			working += d.working;
			adjusted += d.kind == CRM_DAY_ADJUSTED;
			ck_assert_int_eq(d.assumed, 0);
		}
		ck_assert_msg(working == want[i].working, "%d: %d working days", want[i].year, working);
		ck_assert_int_eq(adjusted, want[i].adjusted);
	}
}
END_TEST

/* The public civil-date helpers: every day of the years they cover goes
 * there and back, weekdays follow the calendar, and days that do not exist
 * are refused. */
START_TEST(civil_dates)
{
	int64_t d;
	int y, m, md, wd;
	ck_assert_int_eq(crm_date_from_civil(&d, 1970, 1, 1), 0);
	ck_assert_int_eq(d, 0);
	ck_assert_int_eq(crm_date_to_civil(0, &y, &m, &md, &wd), 0);
	ck_assert(y == 1970 && m == 1 && md == 1 && wd == 4); /* a Thursday */
	ck_assert_int_eq(crm_date_from_civil(&d, 2026, 12, 2), 0);
	ck_assert_int_eq(d, 20789);
	ck_assert_int_eq(crm_date_to_civil(d, NULL, NULL, NULL, &wd), 0);
	ck_assert_int_eq(wd, 3); /* a Wednesday */
	ck_assert_int_eq(crm_date_from_civil(&d, 2024, 2, 29), 0);
	ck_assert_int_eq(crm_date_from_civil(&d, 2025, 2, 29), CRM_EINVAL);
	ck_assert_int_eq(crm_date_from_civil(&d, 1900, 2, 29), CRM_EINVAL);
	ck_assert_int_eq(crm_date_from_civil(&d, 2000, 2, 29), 0);
	ck_assert_int_eq(crm_date_from_civil(&d, 2026, 13, 1), CRM_EINVAL);
	ck_assert_int_eq(crm_date_from_civil(&d, 2026, 0, 1), CRM_EINVAL);
	ck_assert_int_eq(crm_date_from_civil(&d, 2026, 4, 31), CRM_EINVAL);
	ck_assert_int_eq(crm_date_from_civil(&d, 2026, 1, 0), CRM_EINVAL);
	ck_assert_int_eq(crm_date_from_civil(&d, 2026, -1, -1), CRM_EINVAL);
	ck_assert_int_eq(crm_date_from_civil(&d, CRM_YEAR_MIN - 1, 12, 31), CRM_EINVAL);
	ck_assert_int_eq(crm_date_from_civil(&d, CRM_YEAR_MAX + 1, 1, 1), CRM_EINVAL);
	ck_assert_int_eq(crm_date_from_civil(NULL, 2026, 1, 1), CRM_EINVAL);

	int64_t lo, hi;
	ck_assert_int_eq(crm_date_from_civil(&lo, CRM_YEAR_MIN, 1, 1), 0);
	ck_assert_int_eq(crm_date_from_civil(&hi, CRM_YEAR_MAX, 12, 31), 0);
	ck_assert_int_eq(crm_date_to_civil(lo - 1, &y, NULL, NULL, NULL), CRM_ERANGE);
	ck_assert_int_eq(crm_date_to_civil(hi + 1, &y, NULL, NULL, NULL), CRM_ERANGE);
	ck_assert_int_eq(crm_date_to_civil(INT64_MIN, NULL, NULL, NULL, NULL), CRM_ERANGE);
	int prev_wd = 0;
	for (int64_t day = lo; day <= hi; day++) {
		ck_assert_int_eq(crm_date_to_civil(day, &y, &m, &md, &wd), 0);
		ck_assert_int_eq(crm_date_from_civil(&d, y, m, md), 0);
		if (d != day)
			ck_abort_msg("%d-%d-%d is day %lld, not %lld", y, m, md, (long long)d, (long long)day);
		if (prev_wd && wd != prev_wd % 7 + 1)
			ck_abort_msg("weekday %d follows %d", wd, prev_wd);
		prev_wd = wd;
	}
}
END_TEST

/* A rule-file test can expect a calendar's missing data: range. */
START_TEST(expect_no_data)
{
	static const char yaml[] =
		"include: [" CRM_RULES_DIR "/calendars/cn]\n"
		"facts: { received: date }\n"
		"decisions:\n"
		"  reply_by:\n"
		"    inputs: [received]\n"
		"    outputs: { day: date }\n"
		"    rules:\n"
		"      - { id: one, when: 'true', then: { day: 'add_working_days(\"cn\", received, 1)' } }\n"
		"tests:\n"
		"  - { name: past the data, decision: reply_by, facts: { received: 2026-12-31 }, expect_error: range }\n"
		"  - { name: inside, decision: reply_by, facts: { received: 2026-12-30 }, expect: { day: 2026-12-31 } }\n";
	crm_ruleset *r = load_ok(yaml);
	crm_context *c;
	crm_error err;
	ck_assert_int_eq(crm_context_new(&c, r, NULL), 0);
	int ran = 0;
	for (size_t i = 0; i < crm_ruleset_test_count(r); i++) {
		const char *name = crm_ruleset_test_name(r, i);
		if (strcmp(name, "past the data") != 0 && strcmp(name, "inside") != 0)
			continue; /* the calendar's own */
		int passed = 0;
		ck_assert_int_eq(crm_ruleset_test_run(c, i, &passed, &err), 0);
		ck_assert_msg(passed, "%s: %s", name, err.message);
		ran++;
	}
	ck_assert_int_eq(ran, 2);
	crm_context_free(c);
	crm_ruleset_free(r);
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
	tcase_add_test(tc, clocks_at_the_ends);
	tcase_add_test(tc, bad_timer_files);
	tcase_add_test(tc, across_new_year);
	tcase_add_test(tc, provisional_past_the_data);
	tcase_add_test(tc, site_days);
	tcase_add_test(tc, site_days_far_apart);
	tcase_add_test(tc, alerts_in_working_hours);
	tcase_add_test(tc, bad_calendar_data);
	tcase_add_test(tc, shipped_years);
	tcase_add_test(tc, civil_dates);
	tcase_add_test(tc, expect_no_data);
	tcase_set_timeout(tc, 60);
	suite_add_tcase(s, tc);
	return s;
}
