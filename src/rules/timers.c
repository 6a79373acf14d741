/* SPDX-License-Identifier: MIT */
/* timers.c - the timers: section of rule files, and evaluating a timer's clock. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ruleset.h"

/* "N min", "N h", "N d", "N working days", "N business hours". */
static int parse_duration(const char *s, int *measure, int64_t *secs)
{
	char *end;
	long long n = strtoll(s, &end, 10);
	if (end == s || n <= 0 || n > 100000)
		return CRM_ESYNTAX;
	while (*end == ' ')
		end++;
	static const struct {
		const char *unit;
		int measure;
		int64_t secs;
	} units[] = {
		{"s", MEASURE_WALL, 1},
		{"min", MEASURE_WALL, 60},          {"minute", MEASURE_WALL, 60},
		{"minutes", MEASURE_WALL, 60},      {"h", MEASURE_WALL, 3600},
		{"hour", MEASURE_WALL, 3600},       {"hours", MEASURE_WALL, 3600},
		{"d", MEASURE_WALL, 86400},         {"day", MEASURE_WALL, 86400},
		{"days", MEASURE_WALL, 86400},
		{"working day", MEASURE_WORKING_DAYS, 86400},
		{"working days", MEASURE_WORKING_DAYS, 86400},
		{"business hour", MEASURE_BUSINESS_HOURS, 3600},
		{"business hours", MEASURE_BUSINESS_HOURS, 3600},
	};
	for (size_t i = 0; i < CRM_ARRAY_LEN(units); i++)
		if (strcmp(end, units[i].unit) == 0) {
			*measure = units[i].measure;
			*secs = n * units[i].secs;
			return 0;
		}
	return CRM_ESYNTAX;
}

/* 0.8, 80% -> permille */
static int parse_fraction(const crm_ynode *y, uint16_t *out)
{
	if (y->kind != Y_SCALAR || !y->len)
		return CRM_ESYNTAX;
	double v;
	size_t len = y->len;
	bool pct = y->text[len - 1] == '%';
	if (crm_number_parse(y->text, pct ? len - 1 : len, &v))
		return CRM_ESYNTAX;
	if (pct)
		v /= 100;
	if (!(v > 0 && v < 1))
		return CRM_EINVAL;
	*out = (uint16_t)(v * 1000 + 0.5);
	return 0;
}

static int declare_timer(loader *l, const crm_ynode *k, const crm_ynode *v)
{
	crm_ruleset *rs = l->rs;
	if (crm_map_get(&rs->timer_map, k->text, k->len) >= 0)
		return crm_load_error(l, CRM_EDUP, k->line, k->col, "timer '%s' is declared twice",
		                      k->text);
	if (v->kind != Y_MAP)
		return crm_load_error(l, CRM_ESYNTAX, v->line, v->col,
		                      "timer '%s' must be a mapping (duration, calendar, warnings, "
		                      "on_breach)", k->text);
	crm_timer_def t;
	memset(&t, 0, sizeof t);
	t.name = k->text;
	t.file = l->file;
	t.line = k->line;
	t.col = k->col;
	for (uint32_t i = 0; i < v->n; i++) {
		const crm_ynode *kk = crm_ymap_key(v, i), *vv = crm_ymap_val(v, i);
		if (crm_yis(kk, "duration")) {
			if (vv->kind != Y_SCALAR || parse_duration(vv->text, &t.measure, &t.budget))
				return crm_load_error(l, CRM_ESYNTAX, vv->line, vv->col,
				                      "a duration is N min, N h, N d, N working days or N "
				                      "business hours (N from 1 to 100000)");
		} else if (crm_yis(kk, "calendar")) {
			int c = vv->kind == Y_SCALAR ? crm_map_get(&rs->cal_map, vv->text, vv->len) : -1;
			if (c < 0)
				return crm_load_error(l, CRM_EUNKNOWN, vv->line, vv->col,
				                      "timer '%s' uses unknown calendar '%s'", t.name,
				                      vv->kind == Y_SCALAR ? vv->text : "?");
			t.cal = (const crm_calendar *)(intptr_t)(c + 1); /* resolved below */
		} else if (crm_yis(kk, "warnings")) {
			if (vv->kind != Y_SEQ || vv->n > CRM_SLA_WARNINGS_MAX)
				return crm_load_error(l, CRM_ESYNTAX, vv->line, vv->col,
				                      "'warnings' is a list of at most %d fractions like 50%% "
				                      "or 0.8", CRM_SLA_WARNINGS_MAX);
			for (uint32_t j = 0; j < vv->n; j++) {
				if (parse_fraction(vv->items[j], &t.warn[j]))
					return crm_load_error(l, CRM_ESYNTAX, vv->items[j]->line,
					                      vv->items[j]->col,
					                      "a warning is a fraction of the timer between 0 "
					                      "and 1, like 50%% or 0.8");
				if (j && t.warn[j] <= t.warn[j - 1])
					return crm_load_error(l, CRM_ESYNTAX, vv->items[j]->line,
					                      vv->items[j]->col, "warnings must be ascending");
			}
			t.nwarn = (uint8_t)vv->n;
		} else if (crm_yis(kk, "on_breach")) {
			if (vv->kind != Y_SCALAR)
				return crm_load_error(l, CRM_ESYNTAX, vv->line, vv->col,
				                      "'on_breach' names a timer or a decision");
			t.escalates_to = vv->text;
		} else if (!crm_yis(kk, "description")) {
			return crm_load_error(l, CRM_EUNKNOWN, kk->line, kk->col,
			                      "unknown key '%s' in a timer (expected duration, calendar, "
			                      "warnings, on_breach, description)", kk->text);
		}
	}
	if (!t.budget)
		return crm_load_error(l, CRM_ESYNTAX, v->line, v->col, "timer '%s' needs a duration",
		                      t.name);
	if (t.measure != MEASURE_WALL && !t.cal)
		return crm_load_error(l, CRM_ESYNTAX, v->line, v->col,
		                      "timer '%s' counts working time: it needs a calendar", t.name);
	if (!crm_arena_grow(&rs->ar, (void **)&rs->timers, &rs->cap_timers, rs->ntimers + 1,
	                    sizeof *rs->timers) ||
	    !crm_map_put(&rs->ar, &rs->timer_map, t.name, strlen(t.name), (int)rs->ntimers))
		return crm_load_error(l, CRM_ENOMEM, k->line, k->col, "out of memory");
	rs->timers[rs->ntimers++] = t;
	return 0;
}

int crm_timers_load(loader *l, const crm_ynode *y)
{
	if (crm_ynull(y))
		return 0;
	if (y->kind != Y_MAP)
		return crm_load_error(l, CRM_ESYNTAX, y->line, y->col,
		                      "'timers' must be a mapping of timer names");
	int rc = 0;
	for (uint32_t i = 0; i < y->n; i++)
		rc |= declare_timer(l, crm_ymap_key(y, i), crm_ymap_val(y, i));
	return rc;
}

/* After every file: calendars by pointer, escalation targets exist. */
void crm_timers_resolve(loader *l)
{
	crm_ruleset *rs = l->rs;
	for (uint32_t i = 0; i < rs->ntimers; i++) {
		crm_timer_def *t = &rs->timers[i];
		if (t->cal)
			t->cal = &rs->cals[(intptr_t)t->cal - 1];
		if (t->escalates_to &&
		    crm_map_get(&rs->timer_map, t->escalates_to, strlen(t->escalates_to)) < 0 &&
		    crm_map_get(&rs->dec_map, t->escalates_to, strlen(t->escalates_to)) < 0) {
			l->file = t->file;
			crm_load_error(l, CRM_EUNKNOWN, t->line, t->col,
			               "timer '%s' escalates to '%s', which is neither a timer nor a "
			               "decision", t->name, t->escalates_to);
		}
	}
}

size_t crm_ruleset_timer_count(const crm_ruleset *rs)
{
	return rs ? rs->ntimers : 0;
}

const char *crm_ruleset_timer_name(const crm_ruleset *rs, size_t i)
{
	return rs && i < rs->ntimers ? rs->timers[i].name : NULL;
}

int crm_sla_evaluate(const crm_ruleset *rs, const char *timer, const crm_sla_clock *clock,
                     int64_t now, crm_sla_state *out, crm_error *err)
{
	if (!rs || !timer || !clock || !out)
		return crm_err_set(err, CRM_EINVAL, "ruleset, timer, clock and out must not be NULL");
	int k = crm_map_get(&rs->timer_map, timer, strlen(timer));
	if (k < 0)
		return crm_err_set(err, CRM_EUNKNOWN, "unknown timer '%s'", timer);
	crm_err_clear(err);
	return crm_sla_compute(&rs->timers[k], clock, now, out, err);
}
