/* SPDX-License-Identifier: MIT */
/* calendars.c - calendars in rule files: the definition (calendars:), data
 * by year and a site's own days (calendar_data:), merged and checked once
 * every file is read, so that adding a year is adding a file. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../time/civil.h"
#include "compile.h"

/* "HH:MM-HH:MM" (24:00 allowed as an end) to seconds of the day. */
static bool parse_span(const char *s, int32_t *a, int32_t *b)
{
	unsigned h1, m1, h2, m2;
	char tail;
	if (sscanf(s, "%2u:%2u-%2u:%2u%c", &h1, &m1, &h2, &m2, &tail) != 4)
		return false;
	if (h1 > 23 || m1 > 59 || m2 > 59 || h2 > 24 || (h2 == 24 && m2))
		return false;
	*a = (int32_t)(h1 * 3600 + m1 * 60);
	*b = (int32_t)(h2 * 3600 + m2 * 60);
	return *a < *b;
}

static int parse_hours(loader *l, const crm_ynode *y, crm_day *out)
{
	memset(out, 0, sizeof *out);
	const crm_ynode *const *items = (const crm_ynode *const *)&y;
	uint32_t n = 1;
	if (y->kind == Y_SEQ) {
		items = (const crm_ynode *const *)y->items;
		n = y->n;
	}
	if (n > CRM_DAY_SPANS)
		return crm_load_error(l, CRM_ELIMIT, y->line, y->col,
		                      "at most %d spans of working hours in a day", CRM_DAY_SPANS);
	for (uint32_t i = 0; i < n; i++) {
		const crm_ynode *it = items[i];
		if (it->kind != Y_SCALAR || !parse_span(it->text, &out->start[i], &out->end[i]))
			return crm_load_error(l, CRM_ESYNTAX, it->line, it->col,
			                      "working hours are spans like \"09:00-12:00\"");
		if (i && out->start[i] < out->end[i - 1])
			return crm_load_error(l, CRM_ESYNTAX, it->line, it->col,
			                      "working hours must be in order and must not overlap");
	}
	out->n = (uint8_t)n;
	return 0;
}

/* Cut breaks out of a day's spans. */
static int cut_breaks(loader *l, const crm_ynode *where, crm_day *d, const crm_day *breaks)
{
	for (uint8_t b = 0; b < breaks->n; b++) {
		crm_day out = {0};
		for (uint8_t i = 0; i < d->n; i++) {
			int32_t a = d->start[i], e = d->end[i], ba = breaks->start[b], be = breaks->end[b];
			int32_t parts[2][2] = {{a, ba < e ? ba : e}, {be > a ? be : a, e}};
			if (be <= a || ba >= e) {
				parts[0][0] = a;
				parts[0][1] = e;
				parts[1][0] = parts[1][1] = 0;
			}
			for (int k = 0; k < 2; k++) {
				if (parts[k][0] >= parts[k][1])
					continue;
				if (out.n == CRM_DAY_SPANS)
					return crm_load_error(l, CRM_ELIMIT, where->line, where->col,
					                      "breaks split the day into more than %d spans",
					                      CRM_DAY_SPANS);
				out.start[out.n] = parts[k][0];
				out.end[out.n] = parts[k][1];
				out.n++;
			}
		}
		*d = out;
	}
	return 0;
}

static int parse_offset(const char *s, int32_t *out)
{
	unsigned h, m;
	char sign, tail;
	if (strcmp(s, "Z") == 0 || strcmp(s, "UTC") == 0) {
		*out = 0;
		return 0;
	}
	if (sscanf(s, "%c%2u:%2u%c", &sign, &h, &m, &tail) != 3 || (sign != '+' && sign != '-') ||
	    h > 18 || m > 59 || !crm_offset_ok(h * 3600 + m * 60))
		return CRM_ESYNTAX;
	*out = (int32_t)(h * 3600 + m * 60) * (sign == '-' ? -1 : 1);
	return 0;
}


/* Where something was declared: errors found after every file is read
 * point back at it. */
typedef struct cal_pos {
	const char *file;
	int line, col;
} cal_pos;

typedef struct build_entry {
	crm_cal_entry e;
	cal_pos at;
	uint32_t seq; /* declaration order: the later of two is the error */
} build_entry;

typedef struct build_year {
	int32_t year;
	cal_pos at;
	uint32_t seq;
} build_year;

/* A calendar while files are read (loader-side, by calendar index). */
struct cal_build {
	build_entry *official, *site;
	size_t nofficial, cap_official, nsite, cap_site;
	build_year *years;
	size_t nyears, cap_years;
	cal_pos beyond_at; /* file NULL until calendar_data declares beyond_data */
	crm_day breaks;
	uint32_t seq;
};

#define RANGE_MAX_DAYS 366 /* days in one holiday range of site_days */

static cal_pos pos_of(const loader *l, const crm_ynode *y)
{
	return (cal_pos){l->file, y->line, y->col};
}

static int error_at(loader *l, cal_pos at, int code, const char *fmt, ...) CRM_PRINTF(4, 5);
static int error_at(loader *l, cal_pos at, int code, const char *fmt, ...)
{
	char msg[400];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	const char *saved = l->file;
	l->file = at.file;
	crm_load_error(l, code, at.line, at.col, "%s", msg);
	l->file = saved;
	return code;
}

static const char *year_of_text(int64_t day, char *buf, size_t n)
{
	crm_date_format(buf, n, day);
	return buf;
}

static int day_of(loader *l, const crm_ynode *y, int64_t *day)
{
	if (!y || y->kind != Y_SCALAR)
		return crm_load_error(l, CRM_ESYNTAX, y ? y->line : 0, y ? y->col : 0,
		                      "expected a date like 2026-10-01");
	int rc = crm_date_parse(day, y->text, y->len);
	if (rc == CRM_EINVAL)
		return crm_load_error(l, CRM_EINVAL, y->line, y->col, "%s is not a date of the calendar",
		                      y->text);
	if (rc)
		return crm_load_error(l, CRM_ESYNTAX, y->line, y->col,
		                      "expected a date like 2026-10-01, not '%s'", y->text);
	return 0;
}

static int add_year(loader *l, struct cal_build *cb, int32_t year, cal_pos at)
{
	if (!crm_arena_grow(&l->rs->ar, (void **)&cb->years, &cb->cap_years, cb->nyears + 1,
	                    sizeof *cb->years))
		return error_at(l, at, CRM_ENOMEM, "out of memory");
	cb->years[cb->nyears++] = (build_year){year, at, cb->seq++};
	return 0;
}

/* The years [lo, hi] an entry must fall in (site days: any year). */
typedef struct span_years {
	int64_t lo, hi;
	bool any;
	bool block; /* a calendar_data year, not the definition's years: */
} span_years;

static int parse_entries(loader *l, struct cal_build *cb, const crm_calendar *c,
                         const crm_ynode *list, uint8_t kind, span_years within, bool site)
{
	if (crm_ynull(list))
		return 0;
	if (list->kind != Y_SEQ)
		return crm_load_error(l, CRM_ESYNTAX, list->line, list->col, "expected a list of dates");
	for (uint32_t i = 0; i < list->n; i++) {
		const crm_ynode *it = list->items[i], *date = it, *to = NULL, *hours = NULL;
		const char *name = NULL;
		if (it->kind == Y_MAP) {
			date = crm_ymap_get(it, "date");
			to = crm_ymap_get(it, "to");
			hours = crm_ymap_get(it, "hours");
			const crm_ynode *nm = crm_ymap_get(it, "name");
			name = nm && nm->kind == Y_SCALAR ? nm->text : NULL;
			for (uint32_t k = 0; k < it->n; k++) {
				const crm_ynode *kk = crm_ymap_key(it, k);
				if (!crm_yis(kk, "date") && !crm_yis(kk, "to") && !crm_yis(kk, "name") &&
				    !(kind == CAL_HOURS && crm_yis(kk, "hours")))
					return crm_load_error(l, CRM_EUNKNOWN, kk->line, kk->col,
					                      "unknown key '%s' (expected date, to, name%s)",
					                      kk->text, kind == CAL_HOURS ? ", hours" : "");
			}
		}
		int64_t from, until;
		if (day_of(l, date, &from))
			return CRM_ESYNTAX;
		until = from;
		if (to && day_of(l, to, &until))
			return CRM_ESYNTAX;
		if (until < from)
			return crm_load_error(l, CRM_EINVAL, to->line, to->col,
			                      "the range ends before it starts");
		if (until - from >= RANGE_MAX_DAYS)
			return crm_load_error(l, CRM_ELIMIT, to->line, to->col,
			                      "a range of dates covers at most %d days", RANGE_MAX_DAYS);
		crm_day h;
		if (kind == CAL_HOURS) {
			if (!hours)
				return crm_load_error(l, CRM_ESYNTAX, it->line, it->col,
				                      "special hours need 'hours'");
			if (parse_hours(l, hours, &h) || cut_breaks(l, hours, &h, &cb->breaks))
				return CRM_ESYNTAX;
		}
		for (int64_t d = from; d <= until; d++) {
			int64_t y;
			unsigned mo, dd;
			crm_civil_from_days(d, &y, &mo, &dd);
			if (!within.any && (y < within.lo || y > within.hi)) {
				char buf[16];
				year_of_text(d, buf, sizeof buf);
				if (within.block)
					return crm_load_error(l, CRM_ERANGE, date->line, date->col,
					                      "%s is not in %lld, the year this block is for",
					                      buf, (long long)within.lo);
				return crm_load_error(l, CRM_ERANGE, date->line, date->col,
				                      "%s is outside the calendar's years %lld..%lld", buf,
				                      (long long)within.lo, (long long)within.hi);
			}
			build_entry **items = site ? &cb->site : &cb->official;
			size_t *n = site ? &cb->nsite : &cb->nofficial;
			size_t *cap = site ? &cb->cap_site : &cb->cap_official;
			if (!crm_arena_grow(&l->rs->ar, (void **)items, cap, *n + 1, sizeof **items))
				return crm_load_error(l, CRM_ENOMEM, date->line, date->col, "out of memory");
			build_entry *x = &(*items)[(*n)++];
			memset(x, 0, sizeof *x);
			x->e.day = (int32_t)d;
			x->e.kind = kind;
			x->e.site = site;
			if (kind == CAL_HOURS)
				x->e.hours = h;
			x->e.name = name;
			x->at = pos_of(l, date);
			x->seq = cb->seq++;
		}
	}
	(void)c;
	return 0;
}

/* holidays:, working_days:, special_hours: of one block. */
static int parse_days(loader *l, struct cal_build *cb, const crm_calendar *c,
                      const crm_ynode *block, span_years within, bool site)
{
	return parse_entries(l, cb, c, crm_ymap_get(block, "holidays"), CAL_HOLIDAY, within, site) ||
	               parse_entries(l, cb, c, crm_ymap_get(block, "working_days"), CAL_WORKDAY,
	                             within, site) ||
	               parse_entries(l, cb, c, crm_ymap_get(block, "special_hours"), CAL_HOURS,
	                             within, site)
	           ? CRM_ESYNTAX
	           : 0;
}

static int only_keys(loader *l, const crm_ynode *m, const char *const *keys, size_t n,
                     const char *where, const char *expected)
{
	for (uint32_t i = 0; i < m->n; i++) {
		const crm_ynode *kk = crm_ymap_key(m, i);
		bool ok = false;
		for (size_t j = 0; j < n; j++)
			ok = ok || crm_yis(kk, keys[j]);
		if (!ok)
			return crm_load_error(l, CRM_EUNKNOWN, kk->line, kk->col,
			                      "unknown key '%s' in %s (expected %s)", kk->text, where,
			                      expected);
	}
	return 0;
}

/* The definition's beyond_data is a default; one calendar_data block (a
 * site's own file, say) may set it over the shipped definition. */
static int parse_beyond(loader *l, crm_calendar *c, struct cal_build *cb, const crm_ynode *v,
                        bool data)
{
	if (data && cb->beyond_at.file)
		return crm_load_error(l, CRM_EDUP, v->line, v->col,
		                      "beyond_data of calendar '%s' is declared twice (first at %s:%d)",
		                      c->name, cb->beyond_at.file, cb->beyond_at.line);
	if (crm_yis(v, "error"))
		c->beyond = CAL_BEYOND_ERROR;
	else if (crm_yis(v, "working_week"))
		c->beyond = CAL_BEYOND_WEEK;
	else
		return crm_load_error(l, CRM_ESYNTAX, v->line, v->col,
		                      "beyond_data is 'error' (a day of a year without data is an "
		                      "error) or 'working_week' (assumed from the working week, "
		                      "answers marked provisional)");
	if (data)
		cb->beyond_at = pos_of(l, v);
	return 0;
}

static int parse_legacy_years(loader *l, struct cal_build *cb, const crm_ynode *y,
                              span_years *out)
{
	long a = 0, b = 0;
	char tail;
	if (y && y->kind == Y_SCALAR &&
	    (sscanf(y->text, "%ld..%ld%c", &a, &b, &tail) == 2 ||
	     (sscanf(y->text, "%ld%c", &a, &tail) == 1 && (b = a, true))) &&
	    a >= CRM_YEAR_MIN && b <= CRM_YEAR_MAX && a <= b) {
		*out = (span_years){a, b, false, false};
		for (long k = a; k <= b; k++)
			if (add_year(l, cb, (int32_t)k, pos_of(l, y)))
				return CRM_ENOMEM;
		return 0;
	}
	return crm_load_error(l, CRM_ESYNTAX, y ? y->line : 0, y ? y->col : 0,
	                      "'years' is a year or a range like 2026..2027 (the years the "
	                      "calendar has holiday data for)");
}

static int add_name(loader *l, const crm_ynode *k, int index)
{
	crm_ruleset *rs = l->rs;
	if (crm_map_get(&rs->cal_map, k->text, k->len) >= 0)
		return crm_load_error(l, CRM_EDUP, k->line, k->col, "calendar '%s' is declared twice",
		                      k->text);
	if (!crm_map_put(&rs->ar, &rs->cal_map, k->text, k->len, index))
		return crm_load_error(l, CRM_ENOMEM, k->line, k->col, "out of memory");
	return 0;
}

static const char *const def_keys[] = {"aliases",      "utc_offset",    "working_week",
                                       "working_hours", "breaks",       "beyond_data",
                                       "years",        "holidays",      "working_days",
                                       "special_hours", "description"};
#define DEF_EXPECTED                                                                         \
	"aliases, utc_offset, working_week, working_hours, breaks, beyond_data, description; "   \
	"or, for data in the same place, years, holidays, working_days, special_hours"

static int declare_calendar(loader *l, const crm_ynode *k, const crm_ynode *v)
{
	crm_ruleset *rs = l->rs;
	if (crm_map_get(&rs->cal_map, k->text, k->len) >= 0)
		return crm_load_error(l, CRM_EDUP, k->line, k->col, "calendar '%s' is declared twice",
		                      k->text);
	if (v->kind != Y_MAP)
		return crm_load_error(l, CRM_ESYNTAX, v->line, v->col,
		                      "calendar '%s' must be a mapping (utc_offset, working_week, "
		                      "...)", k->text);
	if (only_keys(l, v, def_keys, CRM_ARRAY_LEN(def_keys), "a calendar", DEF_EXPECTED))
		return CRM_EUNKNOWN;
	crm_calendar c;
	memset(&c, 0, sizeof c);
	c.name = k->text;
	c.file = l->file;
	c.line = k->line;
	c.col = k->col;
	struct cal_build cb;
	memset(&cb, 0, sizeof cb);
	const crm_ynode *off = crm_ymap_get(v, "utc_offset");
	if (!off || off->kind != Y_SCALAR || parse_offset(off->text, &c.offset))
		return crm_load_error(l, CRM_ESYNTAX, off ? off->line : v->line, off ? off->col : v->col,
		                      "calendar '%s' needs utc_offset like \"+08:00\" (at most "
		                      "18:00 either way)", c.name);
	const crm_ynode *week = crm_ymap_get(v, "working_week");
	static const char *const days[] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
	if (!week || week->kind != Y_SEQ)
		return crm_load_error(l, CRM_ESYNTAX, v->line, v->col,
		                      "calendar '%s' needs working_week, like [mon, tue, wed, thu, fri]",
		                      c.name);
	for (uint32_t i = 0; i < week->n; i++) {
		int d = -1;
		for (int j = 0; j < 7; j++)
			if (crm_yis(week->items[i], days[j]))
				d = j;
		if (d < 0)
			return crm_load_error(l, CRM_ESYNTAX, week->items[i]->line, week->items[i]->col,
			                      "a weekday is one of mon, tue, wed, thu, fri, sat, sun");
		c.week |= (uint8_t)(1u << d);
	}
	const crm_ynode *hours = crm_ymap_get(v, "working_hours"), *br = crm_ymap_get(v, "breaks");
	if (br && parse_hours(l, br, &cb.breaks))
		return CRM_ESYNTAX;
	c.breaks = cb.breaks;
	if (hours) {
		if (parse_hours(l, hours, &c.hours))
			return CRM_ESYNTAX;
		c.declared = c.hours;
		c.has_hours = 1;
		if (cut_breaks(l, hours, &c.hours, &cb.breaks))
			return CRM_ESYNTAX;
	} else {
		c.hours.n = 1;
		c.hours.start[0] = 0;
		c.hours.end[0] = 86400;
		if (cut_breaks(l, v, &c.hours, &cb.breaks))
			return CRM_ESYNTAX;
	}
	c.alerts_ok = !(c.hours.n == 1 && c.hours.start[0] == 0 && c.hours.end[0] == 86400);
	const crm_ynode *beyond = crm_ymap_get(v, "beyond_data");
	if (beyond && parse_beyond(l, &c, &cb, beyond, false))
		return CRM_ESYNTAX;
	/* data in the definition itself: one block for the years it names */
	const crm_ynode *years = crm_ymap_get(v, "years");
	span_years within = {0, 0, false, false};
	if (years && parse_legacy_years(l, &cb, years, &within))
		return CRM_ESYNTAX;
	if (!years && (crm_ymap_get(v, "holidays") || crm_ymap_get(v, "working_days") ||
	               crm_ymap_get(v, "special_hours")))
		return crm_load_error(l, CRM_ESYNTAX, v->line, v->col,
		                      "calendar '%s' lists days without the years they are for: add "
		                      "years: 2026 here, or give them in calendar_data: %s: years:",
		                      c.name, c.name);
	if (years && parse_days(l, &cb, &c, v, within, false))
		return CRM_ESYNTAX;
	int index = (int)rs->ncals;
	if (add_name(l, k, index))
		return CRM_EDUP;
	const crm_ynode *aliases = crm_ymap_get(v, "aliases");
	if (aliases) {
		if (aliases->kind != Y_SEQ)
			return crm_load_error(l, CRM_ESYNTAX, aliases->line, aliases->col,
			                      "'aliases' is a list of other names for the calendar");
		for (uint32_t i = 0; i < aliases->n; i++) {
			const crm_ynode *a = aliases->items[i];
			if (a->kind != Y_SCALAR || !a->len)
				return crm_load_error(l, CRM_ESYNTAX, a->line, a->col,
				                      "an alias is a calendar name");
			if (add_name(l, a, index))
				return CRM_EDUP;
		}
	}
	if (!crm_arena_grow(&rs->ar, (void **)&rs->cals, &rs->cap_cals, rs->ncals + 1,
	                    sizeof *rs->cals) ||
	    !crm_arena_grow(&rs->ar, (void **)&l->cal_builds, &l->cap_cal_builds, rs->ncals + 1,
	                    sizeof *l->cal_builds))
		return crm_load_error(l, CRM_ENOMEM, k->line, k->col, "out of memory");
	rs->cals[rs->ncals] = c;
	l->cal_builds[rs->ncals] = cb;
	rs->ncals++;
	rs->pools.calendars = rs->cals;
	return 0;
}

int crm_calendars_load(loader *l, const crm_ynode *y)
{
	if (crm_ynull(y))
		return 0;
	if (y->kind != Y_MAP)
		return crm_load_error(l, CRM_ESYNTAX, y->line, y->col,
		                      "'calendars' must be a mapping of calendar names");
	int rc = 0;
	for (uint32_t i = 0; i < y->n; i++)
		rc |= declare_calendar(l, crm_ymap_key(y, i), crm_ymap_val(y, i));
	return rc;
}

/* calendar_data: NAME: { years: { YEAR: {...} }, site_days: {...}, beyond_data } */
static int calendar_data(loader *l, const crm_ynode *k, const crm_ynode *v)
{
	crm_ruleset *rs = l->rs;
	int index = crm_map_get(&rs->cal_map, k->text, k->len);
	if (index < 0) {
		char hint[200];
		crm_load_hint_map(&rs->cal_map, k, hint, sizeof hint);
		return crm_load_error(l, CRM_EUNKNOWN, k->line, k->col,
		                      "data for unknown calendar '%s'%s", k->text,
		                      hint[0] ? hint : " (declare it under calendars:)");
	}
	crm_calendar *c = &rs->cals[index];
	struct cal_build *cb = &l->cal_builds[index];
	if (v->kind != Y_MAP)
		return crm_load_error(l, CRM_ESYNTAX, v->line, v->col,
		                      "calendar_data of '%s' is a mapping (years, site_days, "
		                      "beyond_data)", k->text);
	static const char *const keys[] = {"years", "site_days", "beyond_data", "description"};
	if (only_keys(l, v, keys, CRM_ARRAY_LEN(keys), "calendar_data",
	              "years, site_days, beyond_data, description"))
		return CRM_EUNKNOWN;
	static const char *const block_keys[] = {"holidays", "working_days", "special_hours",
	                                         "source", "description"};
	const char *block_expected = "holidays, working_days, special_hours, source, description";
	const crm_ynode *years = crm_ymap_get(v, "years");
	if (years && !crm_ynull(years)) {
		if (years->kind != Y_MAP)
			return crm_load_error(l, CRM_ESYNTAX, years->line, years->col,
			                      "'years' maps each year to its holidays and working days");
		for (uint32_t i = 0; i < years->n; i++) {
			const crm_ynode *yk = crm_ymap_key(years, i), *yv = crm_ymap_val(years, i);
			long year;
			char tail;
			if (yk->kind != Y_SCALAR || sscanf(yk->text, "%ld%c", &year, &tail) != 1 ||
			    year < CRM_YEAR_MIN || year > CRM_YEAR_MAX)
				return crm_load_error(l, CRM_ESYNTAX, yk->line, yk->col,
				                      "a key of 'years' is a year like 2026");
			if (crm_ynull(yv)) {
				/* a year with no holidays at all: still data */
			} else if (yv->kind != Y_MAP) {
				return crm_load_error(l, CRM_ESYNTAX, yv->line, yv->col,
				                      "year %ld is a mapping (%s)", year, block_expected);
			} else if (only_keys(l, yv, block_keys, CRM_ARRAY_LEN(block_keys), "a year",
			                     block_expected) ||
			           parse_days(l, cb, c, yv, (span_years){year, year, false, true}, false)) {
				return CRM_ESYNTAX;
			}
			if (add_year(l, cb, (int32_t)year, pos_of(l, yk)))
				return CRM_ENOMEM;
		}
	}
	const crm_ynode *site = crm_ymap_get(v, "site_days");
	if (site && !crm_ynull(site)) {
		if (site->kind != Y_MAP)
			return crm_load_error(l, CRM_ESYNTAX, site->line, site->col,
			                      "site_days is a mapping (%s)", block_expected);
		if (only_keys(l, site, block_keys, CRM_ARRAY_LEN(block_keys), "site_days",
		              block_expected) ||
		    parse_days(l, cb, c, site, (span_years){0, 0, true, false}, true))
			return CRM_ESYNTAX;
	}
	const crm_ynode *beyond = crm_ymap_get(v, "beyond_data");
	if (beyond && parse_beyond(l, c, cb, beyond, true))
		return CRM_ESYNTAX;
	return 0;
}

int crm_calendar_data_load(loader *l, const crm_ynode *y)
{
	if (crm_ynull(y))
		return 0;
	if (y->kind != Y_MAP)
		return crm_load_error(l, CRM_ESYNTAX, y->line, y->col,
		                      "'calendar_data' must be a mapping of calendar names");
	int rc = 0;
	for (uint32_t i = 0; i < y->n; i++)
		rc |= calendar_data(l, crm_ymap_key(y, i), crm_ymap_val(y, i));
	return rc;
}

static int by_day_seq(const void *a, const void *b)
{
	const build_entry *x = a, *y = b;
	if (x->e.day != y->e.day)
		return (x->e.day > y->e.day) - (x->e.day < y->e.day);
	return (x->seq > y->seq) - (x->seq < y->seq);
}

static int by_year_seq(const void *a, const void *b)
{
	const build_year *x = a, *y = b;
	if (x->year != y->year)
		return (x->year > y->year) - (x->year < y->year);
	return (x->seq > y->seq) - (x->seq < y->seq);
}

/* Sorted by day; a date twice is an error at the later mention. */
static int sort_entries(loader *l, const crm_calendar *c, build_entry *e, size_t n,
                        const char *what)
{
	if (n)
		qsort(e, n, sizeof *e, by_day_seq);
	for (size_t i = 1; i < n; i++)
		if (e[i].e.day == e[i - 1].e.day) {
			char buf[16];
			crm_date_format(buf, sizeof buf, e[i].e.day);
			const build_entry *first = e[i].seq > e[i - 1].seq ? &e[i - 1] : &e[i];
			const build_entry *later = first == &e[i] ? &e[i - 1] : &e[i];
			if (first->at.file == later->at.file || !first->at.file || !later->at.file ||
			    strcmp(first->at.file, later->at.file) == 0)
				return error_at(l, later->at, CRM_EDUP, "%s is listed twice in %scalendar '%s'",
				                buf, what, c->name);
			return error_at(l, later->at, CRM_EDUP,
			                "%s is listed twice in %scalendar '%s' (also at %s:%d)", buf, what,
			                c->name, first->at.file, first->at.line);
		}
	return 0;
}

/* Every file read: each calendar's years checked and its days merged, a
 * site's own days over the years' entries for the same date. */
static int finish(loader *l, crm_calendar *c, struct cal_build *cb)
{
	crm_ruleset *rs = l->rs;
	if (cb->nyears)
		qsort(cb->years, cb->nyears, sizeof *cb->years, by_year_seq);
	for (size_t i = 1; i < cb->nyears; i++)
		if (cb->years[i].year == cb->years[i - 1].year) {
			const build_year *first = &cb->years[i - 1];
			return error_at(l, cb->years[i].at, CRM_EDUP,
			                "year %d of calendar '%s' is declared twice (first at %s:%d)",
			                (int)cb->years[i].year, c->name, first->at.file, first->at.line);
		}
	if (cb->nyears) {
		c->first_year = cb->years[0].year;
		c->last_year = cb->years[cb->nyears - 1].year;
		c->first_day = (int32_t)crm_days_from_civil(c->first_year, 1, 1);
		c->last_day = (int32_t)crm_days_from_civil(c->last_year, 12, 31);
		size_t span = (size_t)(c->last_year - c->first_year) + 1;
		if (span != cb->nyears) {
			uint8_t *bits = crm_arena_alloc(&rs->ar, span);
			if (!bits)
				return error_at(l, cb->years[0].at, CRM_ENOMEM, "out of memory");
			memset(bits, 0, span);
			for (size_t i = 0; i < cb->nyears; i++)
				bits[cb->years[i].year - c->first_year] = 1;
			c->years = bits;
		}
		crm_cal_at *at = crm_arena_alloc(&rs->ar, span * sizeof *at);
		if (!at)
			return error_at(l, cb->years[0].at, CRM_ENOMEM, "out of memory");
		for (size_t i = 0; i < cb->nyears; i++)
			at[cb->years[i].year - c->first_year] =
				(crm_cal_at){cb->years[i].at.file, cb->years[i].at.line, cb->years[i].at.col};
		c->year_at = at;
	} else {
		/* no data at all: every day is beyond it */
		c->first_day = 1;
		c->last_day = 0;
	}
	if (sort_entries(l, c, cb->official, cb->nofficial, "") ||
	    sort_entries(l, c, cb->site, cb->nsite, "the site days of "))
		return CRM_EDUP;
	size_t n = cb->nofficial + cb->nsite, m = 0, i = 0, j = 0;
	crm_cal_entry *out = n ? crm_arena_alloc(&rs->ar, n * sizeof *out) : NULL;
	if (n && !out)
		return error_at(l, (cal_pos){l->file, 0, 0}, CRM_ENOMEM, "out of memory");
	while (i < cb->nofficial || j < cb->nsite) {
		if (j == cb->nsite ||
		    (i < cb->nofficial && cb->official[i].e.day < cb->site[j].e.day)) {
			out[m++] = cb->official[i++].e;
		} else {
			if (i < cb->nofficial && cb->official[i].e.day == cb->site[j].e.day)
				i++; /* the site's own day replaces the year's entry */
			out[m++] = cb->site[j++].e;
		}
	}
	c->entries = out;
	c->nentries = (uint32_t)m;
	if (crm_cal_index(c, &rs->ar))
		return error_at(l, (cal_pos){l->file, 0, 0}, CRM_ENOMEM, "out of memory");
	return 0;
}

int crm_calendars_finish(loader *l)
{
	int rc = 0;
	for (uint32_t i = 0; i < l->rs->ncals; i++)
		rc |= finish(l, &l->rs->cals[i], &l->cal_builds[i]);
	return rc;
}
