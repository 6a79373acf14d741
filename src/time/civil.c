/* SPDX-License-Identifier: MIT */
/* civil.c - days-from-civil arithmetic and ISO 8601 text, with explicit offsets. */
#include <stdio.h>
#include <string.h>

#include "civil.h"
#include "crmrules.h"

/* The era-based algorithm: 400-year eras of 146097 days, year starting in
 * March so the leap day is last. */
int64_t crm_days_from_civil(int64_t y, unsigned m, unsigned d)
{
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	unsigned yoe = (unsigned)(y - era * 400);
	unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (int64_t)doe - 719468;
}

void crm_civil_from_days(int64_t z, int64_t *y, unsigned *m, unsigned *d)
{
	z += 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	unsigned doe = (unsigned)(z - era * 146097);
	unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	unsigned mp = (5 * doy + 2) / 153;
	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp < 10 ? mp + 3 : mp - 9;
	*y = (int64_t)yoe + era * 400 + (*m <= 2);
}

bool crm_civil_valid(int64_t y, unsigned m, unsigned d)
{
	static const unsigned mdays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (y < CRM_YEAR_MIN || y > CRM_YEAR_MAX || m < 1 || m > 12 || d < 1)
		return false;
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	return d <= mdays[m - 1] + (m == 2 && leap);
}

unsigned crm_weekday(int64_t days)
{
	/* 1970-01-01 was a Thursday (4). */
	int64_t w = (days + 3) % 7;
	if (w < 0)
		w += 7;
	return (unsigned)w + 1;
}

static bool digits(const char *s, size_t n, unsigned *out)
{
	unsigned v = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		v = v * 10 + (unsigned)(s[i] - '0');
	}
	*out = v;
	return true;
}

int crm_date_parse(int64_t *days, const char *s, size_t len)
{
	unsigned y, m, d;
	if (len != 10 || s[4] != '-' || s[7] != '-' || !digits(s, 4, &y) ||
	    !digits(s + 5, 2, &m) || !digits(s + 8, 2, &d))
		return CRM_ESYNTAX;
	if (!crm_civil_valid(y, m, d))
		return CRM_EINVAL;
	*days = crm_days_from_civil(y, m, d);
	return 0;
}

int crm_datetime_parse(int64_t *secs, const char *s, size_t len)
{
	int64_t days;
	unsigned hh, mm, ss = 0;
	if (len < 16 || (s[10] != 'T' && s[10] != ' '))
		return CRM_ESYNTAX;
	int rc = crm_date_parse(&days, s, 10);
	if (rc)
		return rc;
	if (!digits(s + 11, 2, &hh) || s[13] != ':' || !digits(s + 14, 2, &mm))
		return CRM_ESYNTAX;
	size_t i = 16;
	if (i < len && s[i] == ':') {
		if (len < i + 3 || !digits(s + i + 1, 2, &ss))
			return CRM_ESYNTAX;
		i += 3;
	}
	if (hh > 23 || mm > 59 || ss > 59)
		return CRM_EINVAL;
	int offset;
	if (i + 1 == len && (s[i] == 'Z' || s[i] == 'z')) {
		offset = 0;
	} else if (i + 6 == len && (s[i] == '+' || s[i] == '-') && s[i + 3] == ':') {
		unsigned oh, om;
		if (!digits(s + i + 1, 2, &oh) || !digits(s + i + 4, 2, &om))
			return CRM_ESYNTAX;
		offset = (int)(oh * 3600 + om * 60);
		if (om > 59 || !crm_offset_ok(offset))
			return CRM_EINVAL;
		if (s[i] == '-')
			offset = -offset;
	} else {
		return CRM_ESYNTAX;
	}
	/* the local date is in the years, the instant may not be: the first
	 * hours of 0001-01-01 east of UTC, the last of 9999-12-31 west of it */
	int64_t t = days * 86400 + hh * 3600 + mm * 60 + ss - offset;
	if (!crm_instant_ok(t))
		return CRM_ERANGE;
	*secs = t;
	return 0;
}

int crm_duration_parse(int64_t *secs, const char *s, size_t len)
{
	size_t i = 0;
	int64_t n = 0;
	bool neg = false;
	if (i < len && s[i] == '-')
		neg = true, i++;
	size_t start = i;
	for (; i < len && s[i] >= '0' && s[i] <= '9'; i++) {
		if (n > (INT64_MAX - 9) / 10)
			return CRM_EOVERFLOW;
		n = n * 10 + (s[i] - '0');
	}
	if (i == start)
		return CRM_ESYNTAX;
	while (i < len && s[i] == ' ')
		i++;
	const char *u = s + i;
	size_t ul = len - i;
	int64_t mult;
#define UNIT(str) (ul == sizeof(str) - 1 && memcmp(u, str, ul) == 0)
	if (ul == 0 || UNIT("s") || UNIT("sec") || UNIT("seconds"))
		mult = 1;
	else if (UNIT("min") || UNIT("minutes") || UNIT("m"))
		mult = 60;
	else if (UNIT("h") || UNIT("hours") || UNIT("hour"))
		mult = 3600;
	else if (UNIT("d") || UNIT("days") || UNIT("day"))
		mult = 86400;
	else
		return CRM_ESYNTAX;
#undef UNIT
	if (n > INT64_MAX / mult)
		return CRM_EOVERFLOW;
	*secs = neg ? -n * mult : n * mult;
	return 0;
}

static int refuse(char *buf, size_t size, int code)
{
	if (size)
		buf[0] = '\0';
	return code;
}

int crm_date_format(char *buf, size_t size, int64_t days)
{
	if (!crm_date_ok(days))
		return refuse(buf, size, CRM_ERANGE);
	int64_t y;
	unsigned m, d;
	crm_civil_from_days(days, &y, &m, &d);
	return snprintf(buf, size, "%04lld-%02u-%02u", (long long)y, m, d);
}

int crm_datetime_format(char *buf, size_t size, int64_t secs, int offset)
{
	if (!crm_offset_ok(offset))
		return refuse(buf, size, CRM_EINVAL);
	if (!crm_instant_ok(secs))
		return refuse(buf, size, CRM_ERANGE);
	int64_t local = secs + offset;
	int64_t days = local / 86400, rem = local % 86400;
	if (rem < 0)
		rem += 86400, days--;
	if (!crm_date_ok(days)) /* a text crm_datetime_parse would refuse */
		return refuse(buf, size, CRM_ERANGE);
	int64_t y;
	unsigned m, d;
	crm_civil_from_days(days, &y, &m, &d);
	char off[16] = "Z";
	if (offset) {
		int a = offset < 0 ? -offset : offset;
		snprintf(off, sizeof off, "%c%02d:%02d", offset < 0 ? '-' : '+',
		         a / 3600, a / 60 % 60);
	}
	return snprintf(buf, size, "%04lld-%02u-%02uT%02d:%02d:%02d%s", (long long)y,
	                m, d, (int)(rem / 3600), (int)(rem / 60 % 60),
	                (int)(rem % 60), off);
}

int crm_duration_format(char *buf, size_t size, int64_t secs)
{
	if (secs % 86400 == 0 && secs)
		return snprintf(buf, size, "%lld d", (long long)(secs / 86400));
	if (secs % 3600 == 0 && secs)
		return snprintf(buf, size, "%lld h", (long long)(secs / 3600));
	if (secs % 60 == 0 && secs)
		return snprintf(buf, size, "%lld min", (long long)(secs / 60));
	return snprintf(buf, size, "%lld s", (long long)secs);
}

int crm_instant_parse(int64_t *out, const char *text, size_t len)
{
	if (!out || !text)
		return CRM_EINVAL;
	return crm_datetime_parse(out, text, len);
}

int crm_instant_format(char *buf, size_t size, int64_t unix_seconds, int utc_offset)
{
	return crm_datetime_format(buf, size, unix_seconds, utc_offset);
}

int crm_date_from_civil(int64_t *out, int year, int month, int mday)
{
	if (!out || month < 1 || mday < 1 || !crm_civil_valid(year, (unsigned)month, (unsigned)mday))
		return CRM_EINVAL;
	*out = crm_days_from_civil(year, (unsigned)month, (unsigned)mday);
	return 0;
}

int crm_date_to_civil(int64_t date, int *year, int *month, int *mday, int *weekday)
{
	if (date < crm_days_from_civil(CRM_YEAR_MIN, 1, 1) ||
	    date > crm_days_from_civil(CRM_YEAR_MAX, 12, 31))
		return CRM_ERANGE;
	int64_t y;
	unsigned m, d;
	crm_civil_from_days(date, &y, &m, &d);
	if (year)
		*year = (int)y;
	if (month)
		*month = (int)m;
	if (mday)
		*mday = (int)d;
	if (weekday)
		*weekday = (int)crm_weekday(date);
	return 0;
}
