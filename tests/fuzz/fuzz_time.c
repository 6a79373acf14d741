/* SPDX-License-Identifier: MIT */
/* fuzz_time.c - ISO 8601 instants, money text, fact text of every type, and
 * dates, instants, offsets and SLA clocks over the whole int64 range built
 * from the bytes, with the ends of the years (crmrules.h) checked. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "crmrules.h"

#ifndef CRM_RULES_DIR
#error "CRM_RULES_DIR must name rules/"
#endif

/* Calendars that assume days past their data walk to the ends of the
 * years, at the largest offsets either way. */
static const char rules[] =
	"include: [" CRM_RULES_DIR "/calendars/cn]\n"
	"facts: { d: date, t: datetime, u: duration, m: money, n: number, i: int }\n"
	"calendars:\n"
	"  east: { utc_offset: '+18:00', working_week: [mon, tue, wed, thu, fri],\n"
	"          working_hours: ['09:00-12:00', '13:00-18:00'], beyond_data: working_week }\n"
	"  west: { utc_offset: '-18:00', working_week: [sat], beyond_data: working_week }\n"
	"timers:\n"
	"  wd: { duration: 3 working days, calendar: cn-2026, warnings: [50%] }\n"
	"  bh: { duration: 5 business hours, calendar: cn-2026 }\n"
	"  w: { duration: 90 min }\n"
	"  wd_east: { duration: 2 working days, calendar: east, warnings: [50%],\n"
	"             alerts: working_hours }\n"
	"  bh_east: { duration: 100000 business hours, calendar: east }\n"
	"  wd_west: { duration: 3 working days, calendar: west }\n"
	"  long: { duration: 100000 d, warnings: [0.1%, 99.9%] }\n"
	"decisions:\n"
	"  date_plus: { outputs: { v: date }, rules: [ { then: 'd + u' } ] }\n"
	"  date_minus: { outputs: { v: date }, rules: [ { then: 'd - days(i)' } ] }\n"
	"  instant_plus: { outputs: { v: datetime }, rules: [ { then: 't + u' } ] }\n"
	"  instant_minus: { outputs: { v: datetime }, rules: [ { then: 't - seconds(i)' } ] }\n"
	"  east_day: { outputs: { v: date }, rules: [ { then: 'local_date(\"east\", t)' } ] }\n"
	"  west_day: { outputs: { v: date }, rules: [ { then: 'local_date(\"west\", t)' } ] }\n"
	"  working: { outputs: { v: date }, rules: [ { then: 'add_working_days(\"east\", d, i)' } ] }\n"
	"  working_west: { outputs: { v: date },\n"
	"                  rules: [ { then: 'add_working_days(\"west\", d, i)' } ] }\n"
	"  parts: { outputs: { v: int }, rules: [ { then: 'year(d) * 10000 + month(d) * 100 "
	"+ day(d) + weekday(d) + days_between(d, local_date(\"east\", t))' } ] }\n";

static const char *const decisions[] = {"date_plus", "date_minus",  "instant_plus",
                                        "instant_minus", "east_day", "west_day",
                                        "working", "working_west", "parts"};
static const char *const timers[] = {"wd", "bh", "w", "wd_east", "bh_east", "wd_west", "long"};

static crm_ruleset *rs;
static crm_facts *f;
static crm_context *ctx;

/* The values a clock or a fact may take: the ends of the ranges and one
 * past them, int64's extremes, the ends of the offsets, 2026. */
static const int64_t edges[] = {
	INT64_MIN, INT64_MIN + 1, INT64_MAX, INT64_MAX - 1, 0, -1, 1,
	CRM_INSTANT_MIN, CRM_INSTANT_MIN - 1, CRM_INSTANT_MAX, CRM_INSTANT_MAX + 1,
	CRM_DATE_MIN, CRM_DATE_MIN - 1, CRM_DATE_MAX, CRM_DATE_MAX + 1,
	CRM_UTC_OFFSET_MAX, -CRM_UTC_OFFSET_MAX, CRM_UTC_OFFSET_MAX + 60, -CRM_UTC_OFFSET_MAX - 60,
	INT32_MAX, INT32_MIN, 86400, 100000LL * 86400,
	1767196800, /* 2026-01-01T00:00:00+08:00 */
	20454,      /* 2026-01-01 */
};

/* Value k of the input (8 bytes each; zeros past the end). Its first
 * byte picks how it is read: as it is (any int64), an edge, an edge
 * moved by up to +-2^31 (wrapping, as the library must not), or a
 * second within 400 days of 2026 (where the calendars have data). */
static int64_t value(const uint8_t *data, size_t size, size_t k)
{
	uint8_t b[8] = {0};
	if (k * 8 < size)
		memcpy(b, data + k * 8, size - k * 8 < 8 ? size - k * 8 : 8);
	uint64_t u;
	memcpy(&u, b, 8);
	int32_t delta;
	memcpy(&delta, b + 4, 4);
	int64_t edge = edges[b[1] % (sizeof edges / sizeof edges[0])];
	switch (b[0] % 4) {
	case 0: return (int64_t)u;
	case 1: return edge;
	case 2: return (int64_t)((uint64_t)edge + (uint64_t)(int64_t)delta);
	default: return 1767196800 + (int64_t)((u >> 8) % (400ULL * 86400));
	}
}

static void check(int ok)
{
	if (!ok)
		abort();
}

/* Inside the years: nothing the library returns may leave them. */
static int instant_ok(int64_t t)
{
	return t >= CRM_INSTANT_MIN && t <= CRM_INSTANT_MAX;
}

/* Whether an instant can be written at an offset: its local date is in
 * the years too. */
static int writable(int64_t t, int offset)
{
	return instant_ok(t) && t + offset >= CRM_INSTANT_MIN && t + offset <= CRM_INSTANT_MAX;
}

/* crm_instant_format writes exactly what crm_instant_parse reads back,
 * and refuses the rest: a bad offset, an instant or local date outside. */
static void format_roundtrip(int64_t t, int64_t offset64)
{
	char buf[64];
	int offset = (int)offset64; /* as a host's int */
	int n = crm_instant_format(buf, sizeof buf, t, offset);
	int offset_ok = offset >= -CRM_UTC_OFFSET_MAX && offset <= CRM_UTC_OFFSET_MAX &&
	                offset % 60 == 0;
	if (!offset_ok) {
		check(n == CRM_EINVAL && buf[0] == '\0');
		return;
	}
	if (!writable(t, offset)) {
		check(n == CRM_ERANGE && buf[0] == '\0');
		return;
	}
	check(n > 0 && (size_t)n < sizeof buf);
	int64_t back;
	check(crm_instant_parse(&back, buf, (size_t)n) == 0 && back == t);
}

static void civil_roundtrip(int64_t day)
{
	int y, m, d, wd;
	if (crm_date_to_civil(day, &y, &m, &d, &wd) != 0) {
		check(day < CRM_DATE_MIN || day > CRM_DATE_MAX);
		return;
	}
	int64_t back;
	check(crm_date_from_civil(&back, y, m, d) == 0 && back == day && wd >= 1 && wd <= 7);
}

static void decide_all(void)
{
	for (size_t k = 0; k < sizeof decisions / sizeof decisions[0]; k++) {
		const crm_result *r;
		crm_error err;
		if (crm_decide(ctx, decisions[k], f, &r, &err) != 0)
			continue;
		crm_value v = crm_result_output(r, 0);
		if (v.type == CRM_T_DATE)
			check(v.u.date >= CRM_DATE_MIN && v.u.date <= CRM_DATE_MAX);
		if (v.type == CRM_T_DATETIME)
			check(instant_ok(v.u.datetime));
		char json[256];
		crm_result_json(r, f, 0, json, sizeof json);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	crm_error err;
	if (!rs) {
		crm_load_options o = CRM_LOAD_OPTIONS_INIT;
		o.include_root = CRM_RULES_DIR; /* a buffer includes only from a root */
		if (crm_ruleset_load_buffer(&rs, rules, strlen(rules), "time.yaml", &o, &err) ||
		    crm_facts_new(&f, rs) || crm_context_new(&ctx, rs, NULL))
			abort();
	}
	const char *s = (const char *)data;
	int64_t t, m;
	if (crm_instant_parse(&t, s, size) == 0)
		format_roundtrip(t, 0);
	crm_money_parse(&m, s, size);
	static const char *const names[] = {"d", "t", "u", "m", "n", "i"};
	crm_facts_clear(f);
	for (size_t k = 0; k < 6; k++)
		crm_facts_set_text(f, names[k], s, size, &err);
	decide_all();

	/* values over the whole range: v[0..7] a clock, then an offset, a
	 * date, a duration and an int */
	int64_t v[12];
	for (size_t k = 0; k < 12; k++)
		v[k] = value(data, size, k);
	format_roundtrip(v[7], v[8]);
	format_roundtrip(v[0], v[8]);
	civil_roundtrip(v[9]);
	crm_facts_clear(f);
	int d = crm_fact_slot(rs, "d"), ti = crm_fact_slot(rs, "t"), u = crm_fact_slot(rs, "u"),
	    i = crm_fact_slot(rs, "i");
	int rd = crm_facts_set_date(f, d, v[9], &err);
	check((rd == 0) == (v[9] >= CRM_DATE_MIN && v[9] <= CRM_DATE_MAX));
	int rt = crm_facts_set_datetime(f, ti, v[7], &err);
	check((rt == 0) == instant_ok(v[7]));
	crm_facts_set_duration(f, u, v[10], &err);
	crm_facts_set_int(f, i, v[11] % 8000, &err);
	decide_all();
	crm_calendar_day dinfo;
	crm_calendar_day_info(rs, crm_calendar_find(rs, "east"), v[9], &dinfo, &err);

	/* a clock: start, stop, three pauses (each from a value, ending a
	 * wrapped length later), now */
	crm_sla_pause p[3];
	for (int k = 0; k < 3; k++) {
		p[k].start = v[2 + k];
		p[k].end = (int64_t)((uint64_t)v[2 + k] + (uint64_t)(v[5 + (k % 2)] % (30LL * 86400)));
	}
	crm_sla_clock c = {v[0], p, size % 4, (int)(size & 1), v[1]};
	for (size_t k = 0; k < sizeof timers / sizeof timers[0]; k++) {
		crm_sla_state st;
		if (crm_sla_evaluate(rs, timers[k], &c, v[7], &st, &err) != 0)
			continue;
		/* what a host shows, at the timer's offset, can be written */
		check(writable(st.due, st.utc_offset));
		check(!st.has_next_alert || writable(st.next_alert, st.utc_offset));
	}
	return 0;
}
