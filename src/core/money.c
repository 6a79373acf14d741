/* SPDX-License-Identifier: MIT */
/* money.c - exact decimals and money in integer minor units; numbers read
 * as the nearest double, whatever the host's locale. */
#define _GNU_SOURCE /* strtod_l */
#include <errno.h>
#include <locale.h>
#include <math.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core.h"

int crm_decimal_parse(crm_decimal *out, const char *s, size_t len)
{
	size_t i = 0;
	bool neg = false;
	if (i < len && (s[i] == '-' || s[i] == '+'))
		neg = s[i++] == '-';
	int64_t mant = 0;
	int scale = 0, digits = 0;
	bool dot = false;
	for (; i < len; i++) {
		char c = s[i];
		if (c == '.' && !dot) {
			dot = true;
			continue;
		}
		if (c < '0' || c > '9')
			return CRM_ESYNTAX;
		if (crm_mul_ovf(mant, 10, &mant) || crm_add_ovf(mant, c - '0', &mant))
			return CRM_EOVERFLOW;
		digits++;
		if (dot)
			scale++;
	}
	if (digits == 0 || (dot && scale == 0))
		return CRM_ESYNTAX;
	if (scale > 18)
		return CRM_EOVERFLOW;
	out->mant = neg ? -mant : mant;
	out->scale = scale;
	return 0;
}

static const int64_t pow10_tab[19] = {
	1LL, 10LL, 100LL, 1000LL, 10000LL, 100000LL, 1000000LL, 10000000LL,
	100000000LL, 1000000000LL, 10000000000LL, 100000000000LL,
	1000000000000LL, 10000000000000LL, 100000000000000LL,
	1000000000000000LL, 10000000000000000LL, 100000000000000000LL,
	1000000000000000000LL};

int crm_decimal_to_money(int64_t *out, crm_decimal d)
{
	int64_t m = d.mant;
	int scale = d.scale;
	/* Trailing zeros beyond the money scale are harmless: 1.500 is 1.50. */
	while (scale > CRM_MONEY_SCALE && m % 10 == 0) {
		m /= 10;
		scale--;
	}
	if (scale > CRM_MONEY_SCALE)
		return CRM_EINVAL;
	if (crm_mul_ovf(m, pow10_tab[CRM_MONEY_SCALE - scale], out))
		return CRM_EOVERFLOW;
	return 0;
}

int64_t crm_div_round(int64_t a, int64_t b)
{
	int64_t q = a / b, r = a % b;
	if (r == 0)
		return q;
	/* Round half away from zero (the usual commercial rounding). Compare
	 * 2|r| with |b| without overflow: |r| >= |b| - |r|. */
	uint64_t ar = r < 0 ? (uint64_t)0 - (uint64_t)r : (uint64_t)r;
	uint64_t ab = b < 0 ? (uint64_t)0 - (uint64_t)b : (uint64_t)b;
	if (ar >= ab - ar)
		q += ((a < 0) != (b < 0)) ? -1 : 1;
	return q;
}

int crm_money_mul_decimal(int64_t *out, int64_t m, crm_decimal d)
{
	int64_t p;
	if (crm_mul_ovf(m, d.mant, &p))
		return CRM_EOVERFLOW;
	*out = crm_div_round(p, pow10_tab[d.scale]);
	return 0;
}

int crm_money_parse(int64_t *out, const char *text, size_t len)
{
	crm_decimal d;
	int rc = crm_decimal_parse(&d, text, len);
	if (rc)
		return rc;
	return crm_decimal_to_money(out, d);
}

size_t crm_int_text(char *buf, int64_t v)
{
	/* the magnitude as unsigned, so INT64_MIN formats too */
	uint64_t mag = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
	char tmp[24];
	size_t n = 0, k = 0;
	do {
		tmp[n++] = (char)('0' + mag % 10);
		mag /= 10;
	} while (mag);
	if (v < 0)
		buf[k++] = '-';
	while (n)
		buf[k++] = tmp[--n];
	buf[k] = '\0';
	return k;
}

int crm_money_format(char *buf, size_t size, int64_t minor)
{
	char tmp[32];
	uint64_t mag = minor < 0 ? (uint64_t)0 - (uint64_t)minor : (uint64_t)minor;
	uint64_t units = mag / CRM_MONEY_UNIT, cents = mag % CRM_MONEY_UNIT;
	size_t k = 0;
	if (minor < 0)
		tmp[k++] = '-';
	k += crm_int_text(tmp + k, (int64_t)units); /* units <= INT64_MAX / 100 */
	tmp[k++] = '.';
	tmp[k++] = (char)('0' + cents / 10);
	tmp[k++] = (char)('0' + cents % 10);
	tmp[k] = '\0';
	if (size)
		memcpy(buf, tmp, k + 1 <= size ? k + 1 : size);
	if (size && k + 1 > size)
		buf[size - 1] = '\0';
	return (int)k;
}

/* Parse a decimal or exponent number without the C library's locale. */
/* The C locale, for strtod_l: a host's LC_NUMERIC must not change how a
 * number reads. Made once, kept for the process. */
static locale_t c_locale(void)
{
	static _Atomic(locale_t) loc;
	locale_t l = atomic_load(&loc);
	if (!l) {
		locale_t made = newlocale(LC_NUMERIC_MASK, "C", (locale_t)0), none = (locale_t)0;
		if (!made)
			return (locale_t)0;
		if (atomic_compare_exchange_strong(&loc, &none, made))
			l = made;
		else {
			freelocale(made); /* another thread made it first */
			l = none;
		}
	}
	return l;
}

int crm_number_parse(const char *s, size_t len, double *out)
{
	/* [-+]digits[.digits][(e|E)[-+]digits], then the nearest double */
	size_t i = 0;
	if (i < len && (s[i] == '-' || s[i] == '+'))
		i++;
	size_t d0 = i;
	while (i < len && s[i] >= '0' && s[i] <= '9')
		i++;
	if (i == d0)
		return CRM_ESYNTAX;
	if (i < len && s[i] == '.') {
		size_t f0 = ++i;
		while (i < len && s[i] >= '0' && s[i] <= '9')
			i++;
		if (i == f0)
			return CRM_ESYNTAX;
	}
	if (i < len && (s[i] == 'e' || s[i] == 'E')) {
		i++;
		if (i < len && (s[i] == '-' || s[i] == '+'))
			i++;
		size_t e0 = i;
		while (i < len && s[i] >= '0' && s[i] <= '9')
			i++;
		if (i == e0)
			return CRM_ESYNTAX;
	}
	if (i != len)
		return CRM_ESYNTAX;
	/* the common case exactly: at most 15 digits, at most 15 of them after
	 * the point, no exponent, is an integer below 2^53 over an exact power
	 * of ten, and one division of two exact doubles is correctly rounded */
	static const double pow10[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
	                               1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15};
	uint64_t mant = 0;
	int digits = 0, scale = -1;
	bool plain = true;
	for (size_t k = (s[0] == '-' || s[0] == '+'); k < len && plain; k++) {
		if (s[k] == '.') {
			scale = 0;
		} else if (s[k] >= '0' && s[k] <= '9') {
			mant = mant * 10 + (uint64_t)(s[k] - '0');
			digits += mant != 0;
			if (scale >= 0)
				scale++;
		} else {
			plain = false; /* an exponent */
		}
		if (digits > 15 || scale > 15)
			plain = false;
	}
	if (plain) {
		double v = (double)mant / pow10[scale < 0 ? 0 : scale];
		*out = s[0] == '-' ? -v : v;
		return 0;
	}
	char buf[512];
	if (len >= sizeof buf)
		return CRM_EOVERFLOW; /* no number needs as many digits */
	memcpy(buf, s, len);
	buf[len] = '\0';
	locale_t l = c_locale();
	if (!l)
		return CRM_ENOMEM;
	errno = 0;
	double v = strtod_l(buf, NULL, l);
	if (errno == ERANGE && (v == HUGE_VAL || v == -HUGE_VAL))
		return CRM_EOVERFLOW; /* past the largest double */
	*out = v;                 /* (an underflow reads as the nearest: 0 or a subnormal) */
	return 0;
}
