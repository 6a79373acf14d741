/* SPDX-License-Identifier: MIT */
/* format.c - values as JSON text (exact money, ISO 8601 dates and instants),
 * into a buffer or through a host's writer. */
#include <stdio.h>
#include <string.h>

#include "../time/civil.h"
#include "run.h"

/* ---- the sink -------------------------------------------------------------- */

void crm_jout_put_slow(crm_jout *o, const char *s, size_t n)
{
	if (o->write) {
		/* a chunk, handed to the writer whenever it fills */
		while (n && !o->failed) {
			size_t room = o->size - o->used, k = n < room ? n : room;
			memcpy(o->buf + o->used, s, k);
			o->used += k;
			o->len += k;
			s += k;
			n -= k;
			if (o->used == o->size)
				crm_jout_flush(o);
		}
		return;
	}
	if (o->len < o->size) {
		size_t room = o->size - o->len - 1;
		memcpy(o->buf + o->len, s, n < room ? n : room);
		o->buf[o->len + (n < room ? n : room)] = '\0';
	}
	o->len += n;
}

void crm_jout_buffer(crm_jout *o, char *buf, size_t size)
{
	memset(o, 0, sizeof *o);
	o->buf = buf;
	o->size = buf ? size : 0;
	if (o->size)
		buf[0] = '\0';
}

void crm_jout_flush(crm_jout *o)
{
	if (o->write && o->used && !o->failed && o->write(o->ud, o->buf, o->used))
		o->failed = 1;
	o->used = 0;
}

void crm_jout_key(crm_jout *o, const char *name, bool first)
{
	if (!first)
		crm_jout_put(o, ",", 1);
	crm_jout_string(o, name, strlen(name));
	crm_jout_put(o, ":", 1);
}

void crm_jout_string(crm_jout *o, const char *s, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	crm_jout_put(o, "\"", 1);
	size_t run = 0, i = 0; /* bytes since the last escape, written in one go */
	for (;;) {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
		/* eight bytes at a time up to one to escape: '"', '\\' or a control */
		const uint64_t ones = 0x0101010101010101u, tops = 0x8080808080808080u;
		while (i + 8 <= n) {
			uint64_t x, q, b;
			memcpy(&x, s + i, 8);
			q = x ^ (ones * '"');
			b = x ^ (ones * '\\');
			uint64_t m = (((q - ones) & ~q) | ((b - ones) & ~b) | ((x - ones * 0x20) & ~x)) & tops;
			if (m) {
				i += (size_t)__builtin_ctzll(m) / 8;
				break;
			}
			i += 8;
		}
#endif
		while (i < n) {
			unsigned char c = (unsigned char)s[i];
			if (c == '"' || c == '\\' || c < 0x20)
				break;
			i++;
		}
		if (i >= n)
			break;
		unsigned char c = (unsigned char)s[i];
		crm_jout_put(o, s + run, i - run);
		run = ++i;
		if (c == '"' || c == '\\') {
			char esc[2] = {'\\', (char)c};
			crm_jout_put(o, esc, 2);
		} else {
			char esc[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};
			crm_jout_put(o, esc, 6);
		}
	}
	crm_jout_put(o, s + run, n - run);
	crm_jout_put(o, "\"", 1);
}

void crm_jout_value(crm_jout *o, const crm_value *v)
{
	char tmp[64];
	int k = 0;
	switch (v->type) {
	case CRM_T_UNKNOWN: crm_jout_put(o, "null", 4); return;
	case CRM_T_BOOL: crm_jout_put(o, v->u.b ? "true" : "false", v->u.b ? 4 : 5); return;
	case CRM_T_INT:
	case CRM_T_DURATION:
		k = (int)crm_int_text(tmp, v->u.i);
		break;
	case CRM_T_NUMBER:
		if (v->u.n != v->u.n || v->u.n - v->u.n != 0) {
			crm_jout_put(o, "null", 4); /* JSON has no NaN or infinity */
			return;
		}
		/* in range first: converting a larger double to int64_t is undefined */
		if (v->u.n > -1e15 && v->u.n < 1e15 && v->u.n == (double)(int64_t)v->u.n) {
			k = (int)crm_int_text(tmp, (int64_t)v->u.n);
			break;
		}
		k = snprintf(tmp, sizeof tmp, "%.17g", v->u.n);
		for (char *c = tmp; *c; c++)
			if (*c == ',')
				*c = '.';
		/* prefer the shortest text that reads back the same */
		for (int prec = 1; prec < 17; prec++) {
			char t2[64];
			int k2 = snprintf(t2, sizeof t2, "%.*g", prec, v->u.n);
			double back = 0;
			for (char *c = t2; *c; c++)
				if (*c == ',')
					*c = '.'; /* a host's LC_NUMERIC must not leak into JSON */
			if (crm_number_parse(t2, (size_t)k2, &back) == 0 && back == v->u.n) {
				memcpy(tmp, t2, (size_t)k2 + 1);
				k = k2;
				break;
			}
		}
		break;
	case CRM_T_MONEY:
		tmp[0] = '"';
		k = crm_money_format(tmp + 1, sizeof tmp - 2, v->u.money) + 1;
		tmp[k++] = '"';
		tmp[k] = '\0';
		break;
	case CRM_T_STRING: crm_jout_string(o, v->u.s.ptr, v->u.s.len); return;
	case CRM_T_DATE:
	case CRM_T_DATETIME:
		tmp[0] = '"';
		k = v->type == CRM_T_DATE ? crm_date_format(tmp + 1, sizeof tmp - 2, v->u.date)
		                          : crm_datetime_format(tmp + 1, sizeof tmp - 2, v->u.datetime, 0);
		if (k < 0) {
			/* outside the years: no text reads back as it (only a host's
			 * own crm_value can hold one) */
			crm_jout_put(o, "null", 4);
			return;
		}
		tmp[++k] = '"';
		tmp[++k] = '\0';
		break;
	case CRM_T_LIST:
		crm_jout_put(o, "[", 1);
		for (size_t i = 0; i < v->u.list.len; i++) {
			if (i)
				crm_jout_put(o, ",", 1);
			crm_value it = crm_value_item(v, i);
			crm_jout_value(o, &it);
		}
		crm_jout_put(o, "]", 1);
		return;
	}
	crm_jout_put(o, tmp, (size_t)k);
}

size_t crm_value_format(char *buf, size_t size, const crm_value *v)
{
	crm_jout o;
	crm_jout_buffer(&o, buf, size);
	if (v)
		crm_jout_value(&o, v);
	else
		crm_jout_put(&o, "null", 4);
	return o.len;
}
