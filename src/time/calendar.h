/* SPDX-License-Identifier: MIT */
/* calendar.h - business calendars and SLA clocks, on explicit UTC offsets. */
#ifndef CRM_CALENDAR_H
#define CRM_CALENDAR_H

#include <stdbool.h>
#include <stdint.h>

#include "../core/core.h"

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
	uint8_t site;  /* from site_days: it replaced the year's entry, if any */
	crm_day hours; /* CAL_HOURS */
	const char *name;
} crm_cal_entry;

/* What a calendar does with a day of a year it has no data for. */
enum { CAL_BEYOND_ERROR = 0, CAL_BEYOND_WEEK = 1 };

typedef struct crm_calendar {
	const char *name;
	int32_t offset;               /* seconds east of UTC */
	int32_t first_day, last_day;  /* Jan 1 of first_year .. Dec 31 of last_year */
	int32_t first_year, last_year;/* the years with data (0 when none) */
	const uint8_t *years;         /* 1 per year from first_year with data; NULL: no gaps */
	uint8_t week;                 /* bit (weekday - 1): Monday = bit 0 */
	uint8_t beyond;               /* CAL_BEYOND_* */
	uint8_t has_hours;            /* working_hours declared */
	uint8_t alerts_ok;            /* hours are not the whole day */
	crm_day hours;                /* a normal working day, breaks cut out */
	crm_day declared, breaks;     /* as written, for describing the calendar */
	const crm_cal_entry *entries; /* sorted by day, one per day */
	uint32_t nentries;
	/* entries by day, for days day_first .. day_first + day_n - 1: 1 + the
	 * index of the day's entry, or 0 (crm_cal_index); NULL: a search */
	const uint16_t *by_day;
	int32_t day_first;
	uint32_t day_n;
	/* where it is declared, and where each year's data is (for tools that
	 * document rule files): year_at[i] for year first_year + i, NULL for a
	 * year without data */
	const char *file;
	int line, col;
	const struct crm_cal_at *year_at;
} crm_calendar;

/* Where a calendar's year of data is declared. */
typedef struct crm_cal_at {
	const char *file;
	int line, col;
} crm_cal_at;

/* Index c's entries by day (entries set, sorted) in ar, when their days
 * span at most CRM_CAL_INDEX_DAYS; otherwise lookups search. CRM_ENOMEM. */
#define CRM_CAL_INDEX_DAYS (40 * 366)
int crm_cal_index(crm_calendar *c, crm_arena *ar);

/* What a computation on calendars used: the earliest day it had to assume
 * (past the data, under CAL_BEYOND_WEEK), and the day without data that
 * stopped it (with CRM_ERANGE). Callers start both at CRM_NO_DAY. */
#define CRM_NO_DAY INT64_MAX
typedef struct crm_cal_use {
	int64_t assumed;
	int64_t missing;
} crm_cal_use;

/* The working time of a local day: weekly template, then the date's own
 * entry. CRM_ERANGE when the calendar has no data for that day's year and
 * assumes nothing; u (may be NULL) records what was used. */
int crm_cal_day(const crm_calendar *c, int64_t day, crm_day *out, crm_cal_use *u);
/* The date's own entry, or NULL. */
const crm_cal_entry *crm_cal_entry_at(const crm_calendar *c, int64_t day);
/* Whether the calendar has data for the year of day. */
bool crm_cal_has_data(const crm_calendar *c, int64_t day);
/* 1 working, 0 not, or CRM_ERANGE. */
int crm_cal_is_working(const crm_calendar *c, int64_t day, crm_cal_use *u);
/* The n-th working day strictly after day (n >= 1), or before it for n < 0;
 * n = 0 gives day itself when it is working, else the next working day.
 * CRM_EOVERFLOW when the walk leaves the years (crm_date_ok). */
int crm_cal_add_working_days(const crm_calendar *c, int64_t day, int64_t n, int64_t *out,
                             crm_cal_use *u);
/* Working days in [a, b) (negative when b < a). */
int crm_cal_working_days_between(const crm_calendar *c, int64_t a, int64_t b, int64_t *out,
                                 crm_cal_use *u);
/* The first instant at or after t inside the working hours of a working
 * day (t itself when it is). */
int crm_cal_next_open(const crm_calendar *c, int64_t t, int64_t *out, crm_cal_use *u);

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
	crm_cal_use *use; /* may be NULL */
} crm_walk;

/* Walks fail with CRM_ERANGE (no data), CRM_ELIMIT (too many days) or
 * CRM_EOVERFLOW (past the years: a local day outside crm_date_ok, or wall
 * time after CRM_INSTANT_MAX). start and t are instants crm_instant_ok. */
/* Counted time (seconds of the measure) in [start, t). */
int crm_walk_count(const crm_walk *w, int64_t t, int64_t *out);
/* The instant at which the counted time reaches x (x >= 0); it may be
 * CRM_INSTANT_MAX + 1 (or, east of a calendar's day, a little past it):
 * the caller checks. */
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
	uint8_t alerts_in_hours;     /* alerts: working_hours */
	const char *escalates_to;
	const char *duration;        /* as written: "1 working day" */
	const char *description;     /* or NULL */
	const char *file;
	int line, col;
} crm_timer_def;

/* The state of a clock of timer t at now; msg gets the error text. */
int crm_sla_compute(const crm_timer_def *t, const crm_sla_clock *clock, int64_t now,
                    crm_sla_state *out, crm_error *err);
