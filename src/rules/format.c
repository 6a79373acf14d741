/* SPDX-License-Identifier: MIT */
/* format.c - values as JSON text: exact money, ISO 8601 dates and instants. */
#include <stdio.h>
#include <string.h>

#include "../time/civil.h"
#include "ruleset.h"

typedef struct out {
	char *buf;
	size_t size, len;
} out;

static void put(out *o, const char *s, size_t n)
{
	if (o->len < o->size) {
		size_t room = o->size - o->len - 1;
		memcpy(o->buf + o->len, s, n < room ? n : room);
		o->buf[o->len + (n < room ? n : room)] = '\0';
	}
	o->len += n;
}

static void put_string(out *o, const char *s, size_t n)
{
	put(o, "\"", 1);
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		char esc[8];
		if (c == '"' || c == '\\') {
			esc[0] = '\\';
			esc[1] = (char)c;
			put(o, esc, 2);
		} else if (c < 0x20) {
			int k = snprintf(esc, sizeof esc, "\\u%04x", c);
			put(o, esc, (size_t)k);
		} else {
			put(o, (const char *)&s[i], 1);
		}
	}
	put(o, "\"", 1);
}

static void format_value(out *o, const crm_value *v)
{
	char tmp[64];
	int k = 0;
	switch (v->type) {
	case CRM_T_UNKNOWN: put(o, "null", 4); return;
	case CRM_T_BOOL: put(o, v->u.b ? "true" : "false", v->u.b ? 4 : 5); return;
	case CRM_T_INT:
	case CRM_T_DURATION:
		k = (int)crm_int_text(tmp, v->u.i);
		break;
	case CRM_T_NUMBER:
		if (v->u.n != v->u.n || v->u.n - v->u.n != 0) {
			put(o, "null", 4); /* JSON has no NaN or infinity */
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
	case CRM_T_STRING: put_string(o, v->u.s.ptr, v->u.s.len); return;
	case CRM_T_DATE:
		tmp[0] = '"';
		k = crm_date_format(tmp + 1, sizeof tmp - 2, v->u.date) + 1;
		tmp[k++] = '"';
		tmp[k] = '\0';
		break;
	case CRM_T_DATETIME:
		tmp[0] = '"';
		k = crm_datetime_format(tmp + 1, sizeof tmp - 2, v->u.datetime, 0) + 1;
		tmp[k++] = '"';
		tmp[k] = '\0';
		break;
	case CRM_T_LIST:
		put(o, "[", 1);
		for (size_t i = 0; i < v->u.list.len; i++) {
			if (i)
				put(o, ",", 1);
			crm_value it = crm_value_item(v, i);
			format_value(o, &it);
		}
		put(o, "]", 1);
		return;
	}
	put(o, tmp, (size_t)k);
}

size_t crm_value_format(char *buf, size_t size, const crm_value *v)
{
	out o = {buf, size, 0};
	if (size)
		buf[0] = '\0';
	if (v)
		format_value(&o, v);
	else
		put(&o, "null", 4);
	return o.len;
}
