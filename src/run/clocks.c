/* SPDX-License-Identifier: MIT */
/* clocks.c - a ruleset's timers and calendars answered: the state of an SLA
 * clock, and what a calendar says of a day. */
#include <string.h>

#include "../time/civil.h"
#include "../ruleset/ruleset.h"

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

int crm_calendar_find(const crm_ruleset *rs, const char *name)
{
	if (!rs || !name)
		return CRM_EUNKNOWN;
	int k = crm_map_get(&rs->cal_map, name, strlen(name));
	return k < 0 ? CRM_EUNKNOWN : k;
}

static void copy_spans(const crm_day *d, int *n, int32_t *start, int32_t *end)
{
	*n = d->n;
	for (uint8_t i = 0; i < d->n; i++) {
		start[i] = d->start[i];
		end[i] = d->end[i];
	}
}

int crm_calendar_describe(const crm_ruleset *rs, int cal, crm_calendar_info *out)
{
	if (!rs || !out || cal < 0 || (uint32_t)cal >= rs->ncals)
		return CRM_EINVAL;
	const crm_calendar *c = &rs->cals[cal];
	memset(out, 0, sizeof *out);
	out->name = c->name;
	out->utc_offset = c->offset;
	out->working_week = c->week;
	out->has_hours = c->has_hours;
	if (c->has_hours)
		copy_spans(&c->declared, &out->nhours, out->hours_start, out->hours_end);
	copy_spans(&c->breaks, &out->nbreaks, out->break_start, out->break_end);
	out->first_year = c->first_year;
	out->last_year = c->last_year;
	out->beyond_working_week = c->beyond == CAL_BEYOND_WEEK;
	return 0;
}

int crm_calendar_has_year(const crm_ruleset *rs, int cal, int year)
{
	if (!rs || cal < 0 || (uint32_t)cal >= rs->ncals)
		return CRM_EINVAL;
	if (year < CRM_YEAR_MIN || year > CRM_YEAR_MAX)
		return 0;
	return crm_cal_has_data(&rs->cals[cal], crm_days_from_civil(year, 1, 1));
}

int crm_calendar_day_info(const crm_ruleset *rs, int cal, int64_t day, crm_calendar_day *out,
                          crm_error *err)
{
	crm_err_clear(err);
	if (!rs || !out || cal < 0 || (uint32_t)cal >= rs->ncals)
		return crm_err_set(err, CRM_EINVAL, "ruleset and out must not be NULL; cal an index");
	if (day < crm_days_from_civil(CRM_YEAR_MIN, 1, 1) ||
	    day > crm_days_from_civil(CRM_YEAR_MAX, 12, 31))
		return crm_err_set(err, CRM_ERANGE, "day %lld is outside the years %d..%d",
		                   (long long)day, CRM_YEAR_MIN, CRM_YEAR_MAX);
	const crm_calendar *c = &rs->cals[cal];
	memset(out, 0, sizeof *out);
	crm_cal_use use = {CRM_NO_DAY, CRM_NO_DAY};
	crm_day d;
	if (crm_cal_day(c, day, &d, &use)) {
		char buf[16];
		crm_date_format(buf, sizeof buf, day);
		return crm_err_set(err, CRM_ERANGE, "calendar %s has no data for %s", c->name, buf);
	}
	out->assumed = use.assumed != CRM_NO_DAY;
	out->working = d.n > 0;
	copy_spans(&d, &out->nspans, out->span_start, out->span_end);
	const crm_cal_entry *e = crm_cal_entry_at(c, day);
	bool in_week = c->week & (1u << (crm_weekday(day) - 1));
	if (!e)
		out->kind = in_week ? CRM_DAY_WORKING : CRM_DAY_WEEKEND;
	else if (e->kind == CAL_HOLIDAY)
		out->kind = CRM_DAY_HOLIDAY;
	else if (e->kind == CAL_HOURS)
		out->kind = CRM_DAY_SPECIAL;
	else
		out->kind = in_week ? CRM_DAY_WORKING : CRM_DAY_ADJUSTED;
	if (e) {
		out->name = e->name;
		out->site = e->site;
	}
	return 0;
}
