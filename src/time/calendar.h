/* SPDX-License-Identifier: MIT */
/* calendar.h - business calendars and SLA clocks, on explicit UTC offsets. */
#ifndef CRM_CALENDAR_H
#define CRM_CALENDAR_H

#include <stdbool.h>
#include <stdint.h>

#include "crmrules.h"

#define CRM_DAY_SPANS 6 /* working spans in one day (breaks cut out) */

/* Working time of one local day: spans [start, end) in seconds of the day. */
typedef struct crm_day {
	uint8_t n;
	int32_t start[CRM_DAY_SPANS], end[CRM_DAY_SPANS];
} crm_day;

enum { CAL_HOLIDAY = 1, CAL_WORKDAY = 2, CAL_HOURS = 3 };

/* A date's own entry: a holiday, an adjusted working day (with the normal
 * hours), or special hours (a half day). */
typedef struct crm_cal_entry {
	int32_t day; /* days since 1970-01-01 */
	uint8_t kind;
	crm_day hours; /* CAL_HOURS */
	const char *name;
} crm_cal_entry;

typedef struct crm_calendar {
	const char *name;
	int32_t offset;             /* seconds east of UTC */
	int32_t first_day, last_day;/* the days the calendar has data for */
	int32_t first_year, last_year;
	uint8_t week;               /* bit (weekday - 1): Monday = bit 0 */
	crm_day hours;              /* a normal working day, breaks cut out */
	const crm_cal_entry *entries; /* sorted by day, one per day */
	uint32_t nentries;
} crm_calendar;

/* The working time of a local day: weekly template, then the date's own
 * entry. CRM_ERANGE when the calendar has no data for that day. */
int crm_cal_day(const crm_calendar *c, int64_t day, crm_day *out);
/* 1 working, 0 not, or CRM_ERANGE. */
int crm_cal_is_working(const crm_calendar *c, int64_t day);
/* The n-th working day strictly after day (n >= 1), or before it for n < 0;
 * n = 0 gives day itself when it is working, else the next working day. */
int crm_cal_add_working_days(const crm_calendar *c, int64_t day, int64_t n, int64_t *out);
/* Working days in [a, b) (negative when b < a). */
int crm_cal_working_days_between(const crm_calendar *c, int64_t a, int64_t b, int64_t *out);

/* ---- SLA clocks -------------------------------------------------------------- */

/* What a timer counts. */
enum { MEASURE_WALL = 0, MEASURE_WORKING_DAYS = 1, MEASURE_BUSINESS_HOURS = 2 };

typedef struct crm_span {
	int64_t a, b; /* [a, b) instants */
} crm_span;

/* A clock prepared for walking: pauses sorted and merged. */
typedef struct crm_walk {
	const crm_calendar *cal; /* NULL for wall time */
	int measure;
	int64_t start;
	const crm_span *pauses;
	uint32_t npauses;
} crm_walk;

/* Counted time (seconds of the measure) in [start, t). */
int crm_walk_count(const crm_walk *w, int64_t t, int64_t *out);
/* The instant at which the counted time reaches x (x >= 0). */
int crm_walk_reach(const crm_walk *w, int64_t x, int64_t *out);

#endif

/* ---- timers ---------------------------------------------------------------------- */

typedef struct crm_timer_def {
	const char *name;
	int measure;
	int64_t budget;              /* seconds of the measure */
	const crm_calendar *cal;     /* required for working days and business hours */
	uint16_t warn[CRM_SLA_WARNINGS_MAX]; /* thresholds in permille, ascending */
	uint8_t nwarn;
	const char *escalates_to;
	const char *file;
	int line, col;
} crm_timer_def;

/* The state of a clock of timer t at now; msg gets the error text. */
int crm_sla_compute(const crm_timer_def *t, const crm_sla_clock *clock, int64_t now,
                    crm_sla_state *out, crm_error *err);
