/* SPDX-License-Identifier: MIT */
/* civil.h - proleptic Gregorian dates and UTC instants, without libc time zones. */
#ifndef CRM_CIVIL_H
#define CRM_CIVIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Dates are days since 1970-01-01; the supported years are 1..9999. */
#define CRM_YEAR_MIN 1
#define CRM_YEAR_MAX 9999

int64_t crm_days_from_civil(int64_t y, unsigned m, unsigned d);
void crm_civil_from_days(int64_t days, int64_t *y, unsigned *m, unsigned *d);
bool crm_civil_valid(int64_t y, unsigned m, unsigned d);
/* 1 = Monday .. 7 = Sunday (ISO 8601). */
unsigned crm_weekday(int64_t days);

/* "YYYY-MM-DD". 0 or CRM_ESYNTAX / CRM_EINVAL (no such day). */
int crm_date_parse(int64_t *days, const char *s, size_t len);
/* "YYYY-MM-DDTHH:MM[:SS]" followed by "Z" or "+HH:MM"/"-HH:MM"; the offset
 * is required (an instant without one is ambiguous). Unix seconds. */
int crm_datetime_parse(int64_t *secs, const char *s, size_t len);
/* "N min", "N h", "N d", "N s" (also minutes/hours/days/seconds) or plain
 * seconds. Seconds. */
int crm_duration_parse(int64_t *secs, const char *s, size_t len);

/* Writers return the length like snprintf. */
int crm_date_format(char *buf, size_t size, int64_t days);
/* With the given UTC offset in seconds ("Z" for 0). */
int crm_datetime_format(char *buf, size_t size, int64_t secs, int offset);
int crm_duration_format(char *buf, size_t size, int64_t secs);

#endif
