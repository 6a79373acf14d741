/* SPDX-License-Identifier: MIT */
/* civil.h - proleptic Gregorian dates and UTC instants, without libc time zones. */
#ifndef CRM_CIVIL_H
#define CRM_CIVIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "crmrules.h" /* CRM_YEAR_MIN, CRM_YEAR_MAX: dates are days since 1970-01-01 */

/* Inside the documented ranges (crmrules.h): every value the library
 * keeps, computes or writes is. */
static inline bool crm_date_ok(int64_t days)
{
	return days >= CRM_DATE_MIN && days <= CRM_DATE_MAX;
}
static inline bool crm_instant_ok(int64_t secs)
{
	return secs >= CRM_INSTANT_MIN && secs <= CRM_INSTANT_MAX;
}
/* An instant that can be written at offset: its local date is in the
 * years too. */
static inline bool crm_local_ok(int64_t secs, int64_t offset)
{
	return crm_instant_ok(secs) && crm_instant_ok(secs + offset);
}
static inline bool crm_offset_ok(int64_t offset)
{
	return offset >= -CRM_UTC_OFFSET_MAX && offset <= CRM_UTC_OFFSET_MAX && offset % 60 == 0;
}
/* The text of the ranges, for messages. */
#define CRM_DATES_TEXT "0001-01-01..9999-12-31"
#define CRM_INSTANTS_TEXT "0001-01-01T00:00:00Z..9999-12-31T23:59:59Z"

int64_t crm_days_from_civil(int64_t y, unsigned m, unsigned d);
void crm_civil_from_days(int64_t days, int64_t *y, unsigned *m, unsigned *d);
bool crm_civil_valid(int64_t y, unsigned m, unsigned d);
/* 1 = Monday .. 7 = Sunday (ISO 8601). */
unsigned crm_weekday(int64_t days);

/* "YYYY-MM-DD". 0 or CRM_ESYNTAX / CRM_EINVAL (no such day). */
int crm_date_parse(int64_t *days, const char *s, size_t len);
/* "YYYY-MM-DDTHH:MM[:SS]" followed by "Z" or "+HH:MM"/"-HH:MM"; the offset
 * is required (an instant without one is ambiguous) and at most 18:00
 * (CRM_EINVAL). Unix seconds; CRM_ERANGE outside crm_instant_ok. */
int crm_datetime_parse(int64_t *secs, const char *s, size_t len);
/* "N min", "N h", "N d", "N s" (also minutes/hours/days/seconds) or plain
 * seconds. Seconds. */
int crm_duration_parse(int64_t *secs, const char *s, size_t len);

/* Writers return the length like snprintf. A date or instant outside the
 * ranges (or an offset, or a local date at it) writes "" and returns
 * CRM_ERANGE (CRM_EINVAL for the offset). */
int crm_date_format(char *buf, size_t size, int64_t days);
/* With the given UTC offset in seconds ("Z" for 0). */
int crm_datetime_format(char *buf, size_t size, int64_t secs, int offset);
int crm_duration_format(char *buf, size_t size, int64_t secs);

#endif
