/* SPDX-License-Identifier: MIT */
/* calendar.c - working days and hours in layers, and walking an SLA clock.
 *
 * A day's working time: the weekly template, then the date's own entry
 * (holiday, adjusted working day, special hours) replaces it; breaks were
 * cut out of the hours when the calendar was built. A clock counts the
 * overlap of [start, ...), the calendar's counting timeline for the
 * timer's measure, and the complement of the pauses. */
#include <string.h>

#include "calendar.h"
#include "civil.h"

#define WALK_MAX_DAYS 4000 /* about eleven years of days per walk */
#define PAST_THE_END (CRM_INSTANT_MAX + 1) /* wall time runs to the last instant */

int crm_cal_index(crm_calendar *c, crm_arena *ar)
{
	c->by_day = NULL;
	c->day_first = 0;
	c->day_n = 0;
	if (!c->nentries || c->nentries >= UINT16_MAX)
		return 0;
	int64_t first = c->entries[0].day, span = c->entries[c->nentries - 1].day - first + 1;
	if (span > CRM_CAL_INDEX_DAYS)
		return 0;
	uint16_t *ix = crm_arena_alloc(ar, (size_t)span * sizeof *ix);
	if (!ix)
		return CRM_ENOMEM;
	memset(ix, 0, (size_t)span * sizeof *ix);
	for (uint32_t i = 0; i < c->nentries; i++)
		ix[c->entries[i].day - first] = (uint16_t)(i + 1);
	c->by_day = ix;
	c->day_first = (int32_t)first;
	c->day_n = (uint32_t)span;
	return 0;
}

const crm_cal_entry *crm_cal_entry_at(const crm_calendar *c, int64_t day)
{
	if (c->by_day) {
		uint64_t k = (uint64_t)(day - c->day_first);
		if (k >= c->day_n)
			return NULL;
		uint16_t e = c->by_day[k];
		return e ? &c->entries[e - 1] : NULL;
	}
	uint32_t lo = 0, hi = c->nentries;
	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;
		if (c->entries[mid].day < day)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < c->nentries && c->entries[lo].day == day ? &c->entries[lo] : NULL;
}

bool crm_cal_has_data(const crm_calendar *c, int64_t day)
{
	if (day < c->first_day || day > c->last_day)
		return false;
	if (!c->years)
		return true;
	int64_t y;
	unsigned m, d;
	crm_civil_from_days(day, &y, &m, &d);
	return c->years[y - c->first_year] != 0;
}

int crm_cal_day(const crm_calendar *c, int64_t day, crm_day *out, crm_cal_use *u)
{
	bool inside = day >= c->first_day && day <= c->last_day && !c->years;
	if (!inside && !crm_cal_has_data(c, day)) {
		if (c->beyond == CAL_BEYOND_ERROR) {
			if (u)
				u->missing = day;
			return CRM_ERANGE;
		}
		/* assumed from the working week; a site's own day still counts */
		if (u && day < u->assumed)
			u->assumed = day;
	}
	const crm_cal_entry *e = crm_cal_entry_at(c, day);
	if (e) {
		if (e->kind == CAL_HOLIDAY)
			out->n = 0;
		else if (e->kind == CAL_WORKDAY)
			*out = c->hours;
		else
			*out = e->hours;
		return 0;
	}
	int64_t w = (day + 3) % 7; /* 1970-01-01 was a Thursday: Monday is 0 */
	if (c->week & (1u << (w < 0 ? w + 7 : w)))
		*out = c->hours;
	else
		out->n = 0;
	return 0;
}

int crm_cal_is_working(const crm_calendar *c, int64_t day, crm_cal_use *u)
{
	crm_day d;
	int rc = crm_cal_day(c, day, &d, u);
	return rc ? rc : d.n > 0;
}

/* No day from day on, walking by step, can be working: it is past the
 * data (assumed from the working week, c->beyond), the week has no working
 * day, and no entry of the calendar's own (a working day) lies ahead. */
static bool never_working(const crm_calendar *c, int64_t day, int64_t step)
{
	bool past = c->first_day > c->last_day || /* no data at all */
	            (step > 0 ? day > c->last_day : day < c->first_day);
	if (c->week || !past)
		return false;
	return !c->nentries ||
	       (step > 0 ? c->entries[c->nentries - 1].day < day : c->entries[0].day > day);
}

/* The walk from a day that is never_working would end past the years:
 * the same error at once, with the same use recorded (walking down, the
 * lowest day it would have assumed). */
static int walk_ends(const crm_calendar *c, int64_t step, crm_cal_use *u)
{
	if (step < 0)
		(void)crm_cal_is_working(c, CRM_DATE_MIN, u);
	return CRM_EOVERFLOW;
}

int crm_cal_add_working_days(const crm_calendar *c, int64_t day, int64_t n, int64_t *out,
                             crm_cal_use *u)
{
	int rc;
	if (!crm_date_ok(day))
		return CRM_EOVERFLOW;
	if (n == 0) {
		while ((rc = crm_cal_is_working(c, day, u)) == 0) {
			if (never_working(c, day, 1))
				return walk_ends(c, 1, u);
			if (!crm_date_ok(++day))
				return CRM_EOVERFLOW;
		}
		if (rc < 0)
			return rc;
		*out = day;
		return 0;
	}
	int64_t step = n > 0 ? 1 : -1, left = n > 0 ? n : -n;
	while (left > 0) {
		day += step;
		/* past the years (a calendar assumed beyond its data): no answer */
		if (!crm_date_ok(day))
			return CRM_EOVERFLOW;
		rc = crm_cal_is_working(c, day, u);
		if (rc < 0)
			return rc;
		if (!rc && never_working(c, day, step))
			return walk_ends(c, step, u);
		left -= rc;
	}
	*out = day;
	return 0;
}

int crm_cal_working_days_between(const crm_calendar *c, int64_t a, int64_t b, int64_t *out,
                                 crm_cal_use *u)
{
	int64_t sign = 1, n = 0;
	if (b < a) {
		int64_t t = a;
		a = b;
		b = t;
		sign = -1;
	}
	for (int64_t d = a; d < b; d++) {
		int rc = crm_cal_is_working(c, d, u);
		if (rc < 0)
			return rc;
		n += rc;
	}
	*out = sign * n;
	return 0;
}

/* ---- walking a clock ------------------------------------------------------ */

typedef struct walker {
	const crm_walk *w;
	int64_t day;     /* next local day to expand */
	crm_span seg[CRM_DAY_SPANS];
	uint32_t nseg, iseg;
	uint32_t ipause;
	int days;
	bool wall_done;
} walker;

static int64_t floor_div(int64_t a, int64_t b)
{
	int64_t q = a / b;
	return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

static void walker_init(walker *k, const crm_walk *w)
{
	memset(k, 0, sizeof *k);
	k->w = w;
	int32_t off = w->cal ? w->cal->offset : 0;
	k->day = floor_div(w->start + off, 86400);
}

/* Fill the next day's counting segments (clipped to start). */
static int next_day(walker *k)
{
	const crm_walk *w = k->w;
	k->nseg = k->iseg = 0;
	if (w->measure == MEASURE_WALL) {
		if (k->wall_done) /* the clock needs time after the last instant */
			return CRM_EOVERFLOW;
		k->seg[0].a = w->start;
		k->seg[0].b = PAST_THE_END;
		k->nseg = 1;
		k->wall_done = true;
		return 0;
	}
	if (++k->days > WALK_MAX_DAYS)
		return CRM_ELIMIT;
	if (!crm_date_ok(k->day)) /* a local day outside the years */
		return CRM_EOVERFLOW;
	crm_day d;
	int rc = crm_cal_day(w->cal, k->day, &d, w->use);
	if (rc)
		return rc;
	int64_t base = k->day * 86400 - w->cal->offset;
	k->day++;
	if (w->measure == MEASURE_WORKING_DAYS) {
		if (d.n) {
			k->seg[0].a = base;
			k->seg[0].b = base + 86400;
			k->nseg = 1;
		}
	} else {
		for (uint8_t i = 0; i < d.n; i++) {
			k->seg[k->nseg].a = base + d.start[i];
			k->seg[k->nseg].b = base + d.end[i];
			k->nseg++;
		}
	}
	/* clip to the start */
	uint32_t m = 0;
	for (uint32_t i = 0; i < k->nseg; i++) {
		crm_span s = k->seg[i];
		if (s.b <= w->start)
			continue;
		if (s.a < w->start)
			s.a = w->start;
		k->seg[m++] = s;
	}
	k->nseg = m;
	return 0;
}

/* The next counted piece: a segment minus the pauses. */
static int next_piece(walker *k, crm_span *out)
{
	const crm_walk *w = k->w;
	for (;;) {
		while (k->iseg >= k->nseg) {
			int rc = next_day(k);
			if (rc)
				return rc;
		}
		crm_span *s = &k->seg[k->iseg];
		/* skip pauses that end before this segment's start */
		while (k->ipause < w->npauses && w->pauses[k->ipause].b <= s->a)
			k->ipause++;
		if (k->ipause < w->npauses && w->pauses[k->ipause].a <= s->a) {
			/* paused at the segment's start: jump past the pause */
			s->a = w->pauses[k->ipause].b;
			if (s->a >= s->b)
				k->iseg++;
			continue;
		}
		out->a = s->a;
		if (k->ipause < w->npauses && w->pauses[k->ipause].a < s->b) {
			out->b = w->pauses[k->ipause].a;
			s->a = w->pauses[k->ipause].b; /* resume after the pause */
			if (s->a >= s->b)
				k->iseg++;
		} else {
			out->b = s->b;
			k->iseg++;
		}
		return 0;
	}
}

int crm_walk_count(const crm_walk *w, int64_t t, int64_t *out)
{
	*out = 0;
	if (t <= w->start)
		return 0;
	walker k;
	walker_init(&k, w);
	for (;;) {
		crm_span p;
		int rc = next_piece(&k, &p);
		if (rc)
			return rc;
		if (p.a >= t)
			return 0;
		*out += (p.b < t ? p.b : t) - p.a;
		if (p.b >= t)
			return 0;
	}
}

int crm_walk_reach(const crm_walk *w, int64_t x, int64_t *out)
{
	walker k;
	walker_init(&k, w);
	int64_t acc = 0;
	if (x <= 0) {
		*out = w->start;
		return 0;
	}
	for (;;) {
		crm_span p;
		int rc = next_piece(&k, &p);
		if (rc)
			return rc;
		if (acc + (p.b - p.a) >= x) {
			*out = p.a + (x - acc);
			/* Working days: a budget that runs out exactly at the end of a
			 * working day is due at the same clock time (00:00) of the next
			 * working day, not at the midnight that starts a holiday. */
			int32_t off = w->cal ? w->cal->offset : 0;
			if (w->measure == MEASURE_WORKING_DAYS && *out == p.b && (p.b + off) % 86400 == 0) {
				rc = next_piece(&k, &p);
				if (rc)
					return rc;
				*out = p.a;
			}
			return 0;
		}
		acc += p.b - p.a;
	}
}

int crm_cal_next_open(const crm_calendar *c, int64_t t, int64_t *out, crm_cal_use *u)
{
	int64_t day = floor_div(t + c->offset, 86400);
	for (int n = 0; n < WALK_MAX_DAYS; n++, day++) {
		if (!crm_date_ok(day))
			return CRM_EOVERFLOW;
		crm_day d;
		int rc = crm_cal_day(c, day, &d, u);
		if (rc)
			return rc;
		int64_t base = day * 86400 - c->offset;
		for (uint8_t i = 0; i < d.n; i++)
			if (t < base + d.end[i]) {
				*out = t > base + d.start[i] ? t : base + d.start[i];
				return 0;
			}
	}
	return CRM_ELIMIT;
}
