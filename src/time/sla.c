/* SPDX-License-Identifier: MIT */
/* sla.c - an SLA clock's state: due instant, status, elapsed, remaining, next alert. */
#include <stdio.h>
#include <string.h>

#include "../core/core.h"
#include "calendar.h"
#include "civil.h"

static const char *const measure_names[] = {"wall", "working days", "business hours"};

static int range_error(const crm_timer_def *t, const crm_cal_use *u, crm_error *err)
{
	char day[16];
	crm_date_format(day, sizeof day, u->missing);
	return crm_err_set(err, CRM_ERANGE, "calendar %s has no data for %s (timer %s)",
	                   t->cal->name, day, t->name);
}

static int walk_error(const crm_timer_def *t, int rc, const crm_cal_use *u, crm_error *err)
{
	if (rc == CRM_ERANGE)
		return range_error(t, u, err);
	if (rc == CRM_EOVERFLOW)
		return crm_err_set(err, rc, "timer %s: the clock runs outside the instants %s", t->name,
		                   CRM_INSTANTS_TEXT);
	return crm_err_set(err, rc, "timer %s: the clock runs past %d days of calendar", t->name,
	                   4000);
}

/* Sort (insertion; pauses are few) and merge overlapping pauses. */
static uint32_t prepare_pauses(crm_span *p, uint32_t n)
{
	for (uint32_t i = 1; i < n; i++)
		for (uint32_t j = i; j > 0 && p[j - 1].a > p[j].a; j--) {
			crm_span t = p[j];
			p[j] = p[j - 1];
			p[j - 1] = t;
		}
	uint32_t m = 0;
	for (uint32_t i = 0; i < n; i++) {
		if (p[i].a == p[i].b)
			continue;
		if (m && p[i].a <= p[m - 1].b) {
			if (p[i].b > p[m - 1].b)
				p[m - 1].b = p[i].b;
			continue;
		}
		p[m++] = p[i];
	}
	return m;
}

int crm_sla_compute(const crm_timer_def *t, const crm_sla_clock *clock, int64_t now,
                    crm_sla_state *out, crm_error *err)
{
	memset(out, 0, sizeof *out);
	if (clock->npauses > CRM_LIMIT_PAUSES)
		return crm_err_set(err, CRM_EINVAL, "more than %d pauses", CRM_LIMIT_PAUSES);
	if (clock->npauses && !clock->pauses)
		return crm_err_set(err, CRM_EINVAL, "pauses must not be NULL");
	/* every instant in the years: no sum below can overflow */
	const char *bad = !crm_instant_ok(clock->start)                     ? "the start"
	                  : !crm_instant_ok(now)                             ? "now"
	                  : clock->stopped && !crm_instant_ok(clock->stop) ? "the stop"
	                                                                     : NULL;
	if (bad)
		return crm_err_set(err, CRM_ERANGE, "%s is outside the instants %s", bad,
		                   CRM_INSTANTS_TEXT);
	for (size_t i = 0; i < clock->npauses; i++)
		if (!crm_instant_ok(clock->pauses[i].start) || !crm_instant_ok(clock->pauses[i].end))
			return crm_err_set(err, CRM_ERANGE, "pause %zu is outside the instants %s", i + 1,
			                   CRM_INSTANTS_TEXT);
	if (clock->stopped && clock->stop < clock->start)
		return crm_err_set(err, CRM_EINVAL, "the timer stops before it starts");
	crm_span pauses[CRM_LIMIT_PAUSES];
	uint32_t np = 0;
	for (size_t i = 0; i < clock->npauses; i++) {
		const crm_sla_pause *p = &clock->pauses[i];
		if (p->end < p->start)
			return crm_err_set(err, CRM_EINVAL, "pause %zu ends before it starts", i + 1);
		pauses[np].a = p->start;
		pauses[np].b = p->end;
		np++;
	}
	np = prepare_pauses(pauses, np);
	crm_cal_use use = {CRM_NO_DAY, CRM_NO_DAY};
	crm_walk w = {t->cal, t->measure, clock->start, pauses, np, &use};
	bool stopped = clock->stopped && clock->stop <= now;
	int64_t end = stopped ? clock->stop : now;
	int rc = crm_walk_count(&w, end, &out->elapsed);
	if (!rc)
		rc = crm_walk_reach(&w, t->budget, &out->due);
	/* what the host shows at the timer's offset must be writable */
	int32_t off = t->cal ? t->cal->offset : 0;
	if (!rc && !crm_local_ok(out->due, off))
		rc = CRM_EOVERFLOW;
	if (rc)
		return walk_error(t, rc, &use, err);
	out->total = t->budget;
	out->remaining = t->budget - out->elapsed;
	out->utc_offset = off;
	out->measure = measure_names[t->measure];
	for (uint8_t i = 0; i < t->nwarn; i++)
		if (out->elapsed >= t->budget * t->warn[i] / 1000)
			out->warnings_passed++;
	/* Breach follows the due instant: a working-day budget used up on the
	 * eve of a holiday is due on the next working day, not before. */
	if (stopped) {
		out->status = CRM_SLA_STOPPED;
		out->breached_at_stop = clock->stop >= out->due;
	} else if (now >= out->due) {
		out->status = CRM_SLA_BREACHED;
	} else {
		out->status = out->warnings_passed ? CRM_SLA_WARNING : CRM_SLA_RUNNING;
		/* the next threshold ahead: a warning, else the breach */
		int64_t next = t->budget;
		for (uint8_t i = 0; i < t->nwarn; i++) {
			int64_t thr = t->budget * t->warn[i] / 1000;
			if (thr > out->elapsed) {
				next = thr;
				break;
			}
		}
		rc = next == t->budget ? (out->next_alert = out->due, 0)
		                       : crm_walk_reach(&w, next, &out->next_alert);
		/* alerts: working_hours - said to people at the next instant they
		 * are at work (a whole-day budget can run out at 05:40) */
		if (!rc && t->alerts_in_hours)
			rc = crm_cal_next_open(t->cal, out->next_alert, &out->next_alert, &use);
		if (!rc && !crm_local_ok(out->next_alert, off))
			rc = CRM_EOVERFLOW;
		if (rc)
			return walk_error(t, rc, &use, err);
		out->has_next_alert = 1;
	}
	if (use.assumed != CRM_NO_DAY) {
		out->provisional = 1;
		out->assumed_from = use.assumed;
	}
	if (out->status == CRM_SLA_BREACHED || out->breached_at_stop)
		out->escalates_to = t->escalates_to;
	return 0;
}
