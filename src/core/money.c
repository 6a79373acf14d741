/* SPDX-License-Identifier: MIT */
/* money.c - exact decimals and money in integer minor units; no binary floats. */
#include <stdio.h>
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
int crm_number_parse(const char *s, size_t len, double *out)
{
	size_t e = 0;
	while (e < len && s[e] != 'e' && s[e] != 'E')
		e++;
	crm_decimal d;
	int rc = crm_decimal_parse(&d, s, e);
	if (rc)
		return rc;
	int64_t exp = 0;
	if (e < len) {
		size_t i = e + 1;
		bool neg = false;
		if (i < len && (s[i] == '-' || s[i] == '+'))
			neg = s[i++] == '-';
		if (i == len)
			return CRM_ESYNTAX;
		for (; i < len; i++) {
			if (s[i] < '0' || s[i] > '9')
				return CRM_ESYNTAX;
			if (exp > 10000)
				return CRM_EOVERFLOW;
			exp = exp * 10 + (s[i] - '0');
		}
		if (neg)
			exp = -exp;
	}
	exp -= d.scale;
	/* Exact powers of ten up to 1e22 keep the result correctly rounded for
	 * mantissas below 2^53. */
	double v = (double)d.mant, p = 1;
	int64_t a = exp < 0 ? -exp : exp;
	if (a > 308)
		return CRM_EOVERFLOW;
	for (int64_t i = 0; i < a; i++)
		p *= 10;
	v = exp < 0 ? v / p : v * p;
	*out = v;
	return 0;
}
