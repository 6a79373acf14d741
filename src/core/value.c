/* SPDX-License-Identifier: MIT */
/* value.c - comparing values, converting them to the public form, UTF-8 checks. */
#include <string.h>

#include "core.h"

const char *crm_type_name(crm_type t)
{
	switch (t) {
	case CRM_T_UNKNOWN: return "unknown";
	case CRM_T_BOOL: return "bool";
	case CRM_T_INT: return "int";
	case CRM_T_NUMBER: return "number";
	case CRM_T_MONEY: return "money";
	case CRM_T_STRING: return "string";
	case CRM_T_DATE: return "date";
	case CRM_T_DATETIME: return "datetime";
	case CRM_T_DURATION: return "duration";
	case CRM_T_LIST: return "list";
	}
	return "?";
}

int crm_val_cmp(const crm_val *a, const crm_val *b)
{
	if (a->t != CRM_T_LIST)
		return crm_val_cmp_scalar(a, b);
	size_t n = a->len < b->len ? a->len : b->len;
	for (size_t i = 0; i < n; i++) {
		int c = crm_val_cmp(&a->u.l[i], &b->u.l[i]);
		if (c)
			return c;
	}
	return (a->len > b->len) - (a->len < b->len);
}

bool crm_val_equal(const crm_val *a, const crm_val *b)
{
	if (a->t != b->t)
		return false;
	return crm_val_cmp(a, b) == 0;
}

bool crm_utf8_valid(const char *str, size_t len)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0;
	while (i < len) {
		unsigned c = s[i];
		if (c < 0x80) {
			i++;
			continue;
		}
		size_t n;
		unsigned min;
		if ((c & 0xE0) == 0xC0) {
			n = 1;
			min = 0x80;
			c &= 0x1F;
		} else if ((c & 0xF0) == 0xE0) {
			n = 2;
			min = 0x800;
			c &= 0x0F;
		} else if ((c & 0xF8) == 0xF0) {
			n = 3;
			min = 0x10000;
			c &= 0x07;
		} else {
			return false;
		}
		if (len - i <= n)
			return false;
		for (size_t k = 1; k <= n; k++) {
			if ((s[i + k] & 0xC0) != 0x80)
				return false;
			c = (c << 6) | (s[i + k] & 0x3F);
		}
		if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
			return false;
		i += n + 1;
	}
	return true;
}

crm_value crm_value_item(const crm_value *list, size_t i)
{
	crm_value out;
	memset(&out, 0, sizeof out);
	if (!list || list->type != CRM_T_LIST || i >= list->u.list.len)
		return out;
	const crm_val *items = list->u.list.items;
	return crm_val_public(&items[i * (list->u.list.stride ? list->u.list.stride : 1)]);
}
