/* SPDX-License-Identifier: MIT */
/* timers.c - the timers: section of rule files: measures, warnings, escalations. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compile.h"

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
	const crm_ynode *alerts = NULL, *warnings = NULL, *duration = NULL;
	for (uint32_t i = 0; i < v->n; i++) {
		const crm_ynode *kk = crm_ymap_key(v, i), *vv = crm_ymap_val(v, i);
		if (crm_yis(kk, "duration")) {
			if (vv->kind != Y_SCALAR || parse_duration(vv->text, &t.measure, &t.budget))
				return crm_load_error(l, CRM_ESYNTAX, vv->line, vv->col,
				                      "a duration is N min, N h, N d, N working days or N "
				                      "business hours (N from 1 to 100000)");
			t.duration = vv->text;
			duration = vv;
		} else if (crm_yis(kk, "calendar")) {
			int c = vv->kind == Y_SCALAR ? crm_map_get(&rs->cal_map, vv->text, vv->len) : -1;
			if (c < 0) {
				char hint[200];
				return crm_load_error(l, CRM_EUNKNOWN, vv->line, vv->col,
				                      "timer '%s' uses unknown calendar '%s'%s", t.name,
				                      vv->kind == Y_SCALAR ? vv->text : "?",
				                      crm_load_hint_map(&rs->cal_map, vv, hint, sizeof hint));
			}
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
			warnings = vv;
		} else if (crm_yis(kk, "alerts")) {
			if (crm_yis(vv, "working_hours"))
				t.alerts_in_hours = 1;
			else if (!crm_yis(vv, "any_time"))
				return crm_load_error(l, CRM_ESYNTAX, vv->line, vv->col,
				                      "'alerts' is any_time (the default) or working_hours "
				                      "(moved to the next instant inside working hours)");
			alerts = vv;
		} else if (crm_yis(kk, "on_breach")) {
			if (vv->kind != Y_SCALAR)
				return crm_load_error(l, CRM_ESYNTAX, vv->line, vv->col,
				                      "'on_breach' names a timer or a decision");
			t.escalates_to = vv->text;
		} else if (crm_yis(kk, "description")) {
			t.description = vv->kind == Y_SCALAR && vv->len ? vv->text : NULL;
		} else {
			return crm_load_error(l, CRM_EUNKNOWN, kk->line, kk->col,
			                      "unknown key '%s' in a timer (expected duration, calendar, "
			                      "warnings, alerts, on_breach, description)", kk->text);
		}
	}
	if (!t.budget)
		return crm_load_error(l, CRM_ESYNTAX, v->line, v->col, "timer '%s' needs a duration",
		                      t.name);
	/* A threshold of 0 s would count as passed the moment the clock
	 * starts: thresholds are thousandths of the budget, in whole seconds
	 * of the measure. */
	for (uint8_t j = 0; j < t.nwarn; j++) {
		const crm_ynode *w = warnings->items[j];
		if (!t.warn[j])
			return crm_load_error(l, CRM_EINVAL, w->line, w->col,
			                      "timer '%s': warning threshold %s rounds to 0 (warnings "
			                      "are thousandths of the timer: 0.1%% at least)",
			                      t.name, w->text);
		if (t.budget * t.warn[j] / 1000 == 0)
			return crm_load_error(l, CRM_EINVAL, w->line, w->col,
			                      "timer '%s': warning threshold %s of %s rounds to 0 "
			                      "seconds (it would pass when the clock starts)",
			                      t.name, w->text, duration->text);
	}
	if (t.measure != MEASURE_WALL && !t.cal)
		return crm_load_error(l, CRM_ESYNTAX, v->line, v->col,
		                      "timer '%s' counts working time: it needs a calendar", t.name);
	if (t.alerts_in_hours &&
	    (!t.cal || !rs->cals[(intptr_t)t.cal - 1].alerts_ok))
		return crm_load_error(l, CRM_ESYNTAX, alerts->line, alerts->col,
		                      "timer '%s' alerts in working hours: it needs a calendar with "
		                      "working_hours", t.name);
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

/* The timer a timer escalates to, or -1 (none, or a decision). */
static int escalation(const crm_ruleset *rs, const crm_timer_def *t)
{
	return t->escalates_to ? crm_map_get(&rs->timer_map, t->escalates_to,
	                                     strlen(t->escalates_to))
	                       : -1;
}

/* Escalations that come back to a timer already in the chain (a timer
 * that escalates to itself, a -> b -> a) are refused, as cyclic decision
 * chains are: a breach would start its own chain again. A timer
 * escalates to one name at most, so each chain is followed once; every
 * cycle is reported at the timer where it closes. */
static void check_escalations(loader *l)
{
	crm_ruleset *rs = l->rs;
	/* walk[i]: 1 + the timer whose chain first met timer i, or 0 */
	uint32_t *walk = crm_arena_alloc(&rs->ar, rs->ntimers * sizeof *walk);
	if (!walk) {
		crm_load_error(l, CRM_ENOMEM, 0, 0, "out of memory");
		return;
	}
	memset(walk, 0, rs->ntimers * sizeof *walk);
	for (uint32_t s = 0; s < rs->ntimers; s++) {
		int j = (int)s;
		while (j >= 0 && !walk[j]) {
			walk[j] = s + 1;
			j = escalation(rs, &rs->timers[j]);
		}
		if (j < 0 || walk[j] != s + 1)
			continue; /* the chain ends, or joins one already followed */
		char msg[400] = "";
		size_t used = 0;
		int k = j;
		do {
			used += (size_t)snprintf(msg + used, sizeof msg - used, "%s -> ",
			                         rs->timers[k].name);
			k = escalation(rs, &rs->timers[k]);
		} while (k != j && used < sizeof msg - 64);
		const crm_timer_def *t = &rs->timers[j];
		l->file = t->file;
		crm_load_error(l, CRM_ECYCLE, t->line, t->col, "cyclic escalation chain: %s%s",
		               msg, k == j ? t->name : "...");
	}
}

/* After every file: calendars by pointer, escalation targets exist and
 * make no cycle. */
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
			crm_suggest sg;
			char hint[200];
			crm_suggest_init(&sg, t->escalates_to, strlen(t->escalates_to));
			crm_suggest_map(&sg, &rs->timer_map, 0);
			crm_suggest_map(&sg, &rs->dec_map, (int)rs->ntimers);
			l->file = t->file;
			crm_load_error(l, CRM_EUNKNOWN, t->line, t->col,
			               "timer '%s' escalates to '%s', which is neither a timer nor a "
			               "decision%s", t->name, t->escalates_to,
			               crm_load_hint(&sg, hint, sizeof hint));
		}
	}
	if (!l->nerrors && rs->ntimers)
		check_escalations(l);
}
