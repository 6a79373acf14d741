/* SPDX-License-Identifier: MIT */
/* calendars.c - the calendars: section of rule files: weeks, hours, holidays, adjusted days. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../time/civil.h"
#include "ruleset.h"

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
	    h > 18 || m > 59)
		return CRM_ESYNTAX;
	*out = (int32_t)(h * 3600 + m * 60) * (sign == '-' ? -1 : 1);
	return 0;
}

static int day_of(loader *l, const crm_ynode *y, int64_t *day)
{
	if (!y || y->kind != Y_SCALAR || crm_date_parse(day, y->text, y->len))
		return crm_load_error(l, CRM_ESYNTAX, y ? y->line : 0, y ? y->col : 0,
		                      "expected a date like 2026-10-01");
	return 0;
}

typedef struct entries {
	crm_cal_entry *items;
	size_t n, cap;
	const crm_ynode **where;
	size_t cap_where;
} entries;

static int add_entry(loader *l, entries *e, const crm_calendar *c, const crm_ynode *at,
                     int64_t day, uint8_t kind, const crm_day *hours, const char *name)
{
	if (day < c->first_day || day > c->last_day) {
		char buf[16];
		crm_date_format(buf, sizeof buf, day);
		return crm_load_error(l, CRM_ERANGE, at->line, at->col,
		                      "%s is outside the calendar's years %d..%d", buf, c->first_year,
		                      c->last_year);
	}
	if (!crm_arena_grow(&l->rs->ar, (void **)&e->items, &e->cap, e->n + 1, sizeof *e->items) ||
	    !crm_arena_grow(&l->rs->ar, (void **)&e->where, &e->cap_where, e->n + 1, sizeof *e->where))
		return crm_load_error(l, CRM_ENOMEM, at->line, at->col, "out of memory");
	crm_cal_entry *x = &e->items[e->n];
	memset(x, 0, sizeof *x);
	x->day = (int32_t)day;
	x->kind = kind;
	if (hours)
		x->hours = *hours;
	x->name = name;
	e->where[e->n] = at;
	e->n++;
	return 0;
}

static int by_day(const void *a, const void *b)
{
	const crm_cal_entry *x = a, *y = b;
	return (x->day > y->day) - (x->day < y->day);
}

static int parse_entries(loader *l, crm_calendar *c, entries *e, const crm_ynode *list,
                         uint8_t kind, const crm_day *breaks)
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
		crm_day h;
		if (kind == CAL_HOURS) {
			if (!hours)
				return crm_load_error(l, CRM_ESYNTAX, it->line, it->col,
				                      "special hours need 'hours'");
			if (parse_hours(l, hours, &h) || cut_breaks(l, hours, &h, breaks))
				return CRM_ESYNTAX;
		}
		for (int64_t d = from; d <= until; d++)
			if (add_entry(l, e, c, date, d, kind, kind == CAL_HOURS ? &h : NULL, name))
				return CRM_ERANGE;
	}
	return 0;
}

static int parse_years(loader *l, crm_calendar *c, const crm_ynode *y)
{
	long a = 0, b = 0;
	char tail;
	if (y && y->kind == Y_SCALAR &&
	    (sscanf(y->text, "%ld..%ld%c", &a, &b, &tail) == 2 ||
	     (sscanf(y->text, "%ld%c", &a, &tail) == 1 && (b = a, true))) &&
	    a >= CRM_YEAR_MIN && b <= CRM_YEAR_MAX && a <= b) {
		c->first_year = (int32_t)a;
		c->last_year = (int32_t)b;
		c->first_day = (int32_t)crm_days_from_civil(a, 1, 1);
		c->last_day = (int32_t)crm_days_from_civil(b, 12, 31);
		return 0;
	}
	return crm_load_error(l, CRM_ESYNTAX, y ? y->line : 0, y ? y->col : 0,
	                      "'years' is a year or a range like 2026..2027 (the years the "
	                      "calendar has holiday data for)");
}

static int declare_calendar(loader *l, const crm_ynode *k, const crm_ynode *v)
{
	crm_ruleset *rs = l->rs;
	if (crm_map_get(&rs->cal_map, k->text, k->len) >= 0)
		return crm_load_error(l, CRM_EDUP, k->line, k->col, "calendar '%s' is declared twice",
		                      k->text);
	if (v->kind != Y_MAP)
		return crm_load_error(l, CRM_ESYNTAX, v->line, v->col,
		                      "calendar '%s' must be a mapping (years, utc_offset, working_week, "
		                      "...)", k->text);
	crm_calendar c;
	memset(&c, 0, sizeof c);
	c.name = k->text;
	static const char *const keys[] = {"years", "utc_offset", "working_week", "working_hours",
	                                   "breaks", "holidays", "working_days", "special_hours",
	                                   "description"};
	for (uint32_t i = 0; i < v->n; i++) {
		const crm_ynode *kk = crm_ymap_key(v, i);
		bool ok = false;
		for (size_t j = 0; j < CRM_ARRAY_LEN(keys); j++)
			ok = ok || crm_yis(kk, keys[j]);
		if (!ok)
			return crm_load_error(l, CRM_EUNKNOWN, kk->line, kk->col,
			                      "unknown key '%s' in a calendar (expected years, utc_offset, "
			                      "working_week, working_hours, breaks, holidays, working_days, "
			                      "special_hours, description)", kk->text);
	}
	if (parse_years(l, &c, crm_ymap_get(v, "years")))
		return CRM_ESYNTAX;
	const crm_ynode *off = crm_ymap_get(v, "utc_offset");
	if (!off || off->kind != Y_SCALAR || parse_offset(off->text, &c.offset))
		return crm_load_error(l, CRM_ESYNTAX, off ? off->line : v->line, off ? off->col : v->col,
		                      "calendar '%s' needs utc_offset like \"+08:00\"", c.name);
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
	crm_day breaks = {0};
	const crm_ynode *hours = crm_ymap_get(v, "working_hours"), *br = crm_ymap_get(v, "breaks");
	if (br && parse_hours(l, br, &breaks))
		return CRM_ESYNTAX;
	if (hours) {
		if (parse_hours(l, hours, &c.hours) || cut_breaks(l, hours, &c.hours, &breaks))
			return CRM_ESYNTAX;
	} else {
		c.hours.n = 1;
		c.hours.start[0] = 0;
		c.hours.end[0] = 86400;
		if (cut_breaks(l, v, &c.hours, &breaks))
			return CRM_ESYNTAX;
	}
	entries e = {0};
	if (parse_entries(l, &c, &e, crm_ymap_get(v, "holidays"), CAL_HOLIDAY, &breaks) ||
	    parse_entries(l, &c, &e, crm_ymap_get(v, "working_days"), CAL_WORKDAY, &breaks) ||
	    parse_entries(l, &c, &e, crm_ymap_get(v, "special_hours"), CAL_HOURS, &breaks))
		return CRM_ESYNTAX;
	/* one entry per date: a day cannot be a holiday and a working day */
	size_t n = e.n;
	size_t *order = n ? malloc(n * sizeof *order) : NULL;
	if (n && !order)
		return crm_load_error(l, CRM_ENOMEM, v->line, v->col, "out of memory");
	for (size_t i = 0; i < n; i++)
		order[i] = i;
	for (size_t i = 1; i < n; i++)
		for (size_t j = i; j > 0 && e.items[order[j - 1]].day > e.items[order[j]].day; j--) {
			size_t t = order[j];
			order[j] = order[j - 1];
			order[j - 1] = t;
		}
	for (size_t i = 1; i < n; i++)
		if (e.items[order[i]].day == e.items[order[i - 1]].day) {
			const crm_ynode *at = e.where[order[i]];
			char buf[16];
			crm_date_format(buf, sizeof buf, e.items[order[i]].day);
			free(order);
			return crm_load_error(l, CRM_EDUP, at->line, at->col,
			                      "%s is listed twice in calendar '%s'", buf, c.name);
		}
	free(order);
	if (n)
		qsort(e.items, n, sizeof *e.items, by_day);
	c.entries = e.items;
	c.nentries = (uint32_t)n;
	if (!crm_arena_grow(&rs->ar, (void **)&rs->cals, &rs->cap_cals, rs->ncals + 1, sizeof *rs->cals) ||
	    !crm_map_put(&rs->ar, &rs->cal_map, c.name, strlen(c.name), (int)rs->ncals))
		return crm_load_error(l, CRM_ENOMEM, k->line, k->col, "out of memory");
	rs->cals[rs->ncals++] = c;
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
