/* SPDX-License-Identifier: MIT */
/* values.c - values from their text, by declared type: allowed values,
 * facts given as text, test expectations; and a fact's value checked
 * against its declaration. */
#include <stdio.h>
#include <string.h>

#include "../time/civil.h"
#include "ruleset.h"
#include "values.h"

int crm_parse_type(const char *s, uint8_t *type, uint8_t *elem)
{
	static const struct {
		const char *name;
		uint8_t t;
	} names[] = {
		{"bool", CRM_T_BOOL}, {"int", CRM_T_INT}, {"number", CRM_T_NUMBER},
		{"money", CRM_T_MONEY}, {"string", CRM_T_STRING}, {"date", CRM_T_DATE},
		{"datetime", CRM_T_DATETIME}, {"duration", CRM_T_DURATION},
	};
	*elem = 0;
	if (strncmp(s, "list", 4) == 0) {
		/* "list" or "list of T" */
		*type = CRM_T_LIST;
		if (s[4] == '\0') {
			*elem = CRM_T_STRING;
			return 0;
		}
		if (strncmp(s + 4, " of ", 4) != 0)
			return CRM_ETYPE;
		uint8_t e2;
		if (crm_parse_type(s + 8, elem, &e2) || *elem == CRM_T_LIST)
			return CRM_ETYPE;
		return 0;
	}
	for (size_t i = 0; i < CRM_ARRAY_LEN(names); i++)
		if (strcmp(s, names[i].name) == 0) {
			*type = names[i].t;
			return 0;
		}
	return CRM_ETYPE;
}



int crm_value_parse(crm_arena *ar, uint8_t type, const char *s, size_t len,
                    crm_val *out, char *msg, size_t msgsize)
{
	int rc = 0;
	int64_t i;
	*out = crm_val_unknown();
	switch (type) {
	case CRM_T_BOOL:
		if (len == 4 && memcmp(s, "true", 4) == 0)
			*out = crm_val_int(CRM_T_BOOL, 1);
		else if (len == 5 && memcmp(s, "false", 5) == 0)
			*out = crm_val_int(CRM_T_BOOL, 0);
		else
			rc = CRM_ESYNTAX;
		break;
	case CRM_T_INT: {
		crm_decimal d;
		rc = crm_decimal_parse(&d, s, len);
		if (!rc && d.scale)
			rc = CRM_ESYNTAX;
		if (!rc)
			*out = crm_val_int(CRM_T_INT, d.mant);
		break;
	}
	case CRM_T_NUMBER: {
		double v;
		rc = crm_number_parse(s, len, &v);
		if (!rc)
			*out = crm_val_num(v);
		break;
	}
	case CRM_T_MONEY:
		rc = crm_money_parse(&i, s, len);
		if (rc == CRM_EINVAL) {
			snprintf(msg, msgsize, "'%.*s' has more than %d decimal places",
			         (int)(len > 40 ? 40 : len), s, CRM_MONEY_SCALE);
			return rc;
		}
		if (!rc)
			*out = crm_val_int(CRM_T_MONEY, i);
		break;
	case CRM_T_STRING:
		if (len > CRM_LIMIT_STRING) {
			snprintf(msg, msgsize, "string longer than %d bytes", CRM_LIMIT_STRING);
			return CRM_ELIMIT;
		}
		if (!crm_utf8_valid(s, len)) {
			snprintf(msg, msgsize, "string is not valid UTF-8");
			return CRM_EINVAL;
		}
		*out = crm_val_str(s, (uint32_t)len);
		break;
	case CRM_T_DATE:
		rc = crm_date_parse(&i, s, len);
		if (!rc)
			*out = crm_val_int(CRM_T_DATE, i);
		break;
	case CRM_T_DATETIME:
		rc = crm_datetime_parse(&i, s, len);
		if (!rc)
			*out = crm_val_int(CRM_T_DATETIME, i);
		break;
	case CRM_T_DURATION:
		rc = crm_duration_parse(&i, s, len);
		if (!rc)
			*out = crm_val_int(CRM_T_DURATION, i);
		break;
	default:
		rc = CRM_ETYPE;
	}
	(void)ar;
	if (rc) {
		static const char *const hints[] = {
			"", "true or false", "an integer", "a number", "an amount like 1234.50",
			"a string", "a date like 2026-10-01",
			"an instant like 2026-10-01T09:00:00+08:00",
			"a duration like 90 min, 24 h or 3 d", "a list"};
		const char *what = type < CRM_ARRAY_LEN(hints) ? hints[type] : "?";
		if (rc == CRM_EOVERFLOW)
			snprintf(msg, msgsize, "'%.*s' is out of range for %s",
			         (int)(len > 40 ? 40 : len), s, crm_type_name((crm_type)type));
		else if (rc == CRM_ERANGE)
			snprintf(msg, msgsize, "'%.*s' is outside the instants %s",
			         (int)(len > 40 ? 40 : len), s, CRM_INSTANTS_TEXT);
		else
			snprintf(msg, msgsize, "'%.*s' is not %s", (int)(len > 40 ? 40 : len), s,
			         what);
	}
	return rc;
}

/* ---- facts: a value against its declaration ---------------------------------- */

int crm_fact_node_value(const fact_decl *fd, const crm_ynode *y, crm_val *items, uint32_t cap,
                        crm_val *out, crm_error *err)
{
	char msg[200];
	int rc;
	*out = crm_val_unknown();
	const crm_ynode *at = y;
	if (crm_ynull(y))
		return 0;
	if (y->kind == Y_SCALAR && fd->type != CRM_T_LIST) {
		if (!(rc = crm_value_parse(NULL, fd->type, y->text, y->len, out, msg, sizeof msg)))
			return 0;
		rc = crm_err_set(err, rc, "fact '%s': %s", fd->name, msg);
	} else if (y->kind == Y_SCALAR) {
		rc = crm_err_set(err, CRM_ETYPE, "fact '%s' is a list: give an array", fd->name);
	} else if (y->kind == Y_SEQ && fd->type == CRM_T_LIST) {
		rc = 0;
		if (y->n > cap)
			rc = crm_err_set(err, CRM_ELIMIT, "fact '%s': more than %u items", fd->name, cap);
		for (uint32_t i = 0; i < y->n && !rc; i++) {
			at = y->items[i];
			if (at->kind != Y_SCALAR)
				rc = crm_err_set(err, CRM_ETYPE, "fact '%s': items must be scalars", fd->name);
			else if ((rc = crm_value_parse(NULL, fd->elem, at->text, at->len, &items[i], msg,
			                               sizeof msg)))
				rc = crm_err_set(err, rc, "fact '%s': %s", fd->name, msg);
		}
		if (!rc) {
			out->t = CRM_T_LIST;
			out->elem = fd->elem;
			out->len = y->n;
			out->u.l = items;
			return 0;
		}
		if (y->n > cap)
			at = y;
	} else {
		rc = crm_err_set(err, CRM_ETYPE, "fact '%s' is %s: give a %s", fd->name,
		                 crm_type_name((crm_type)fd->type),
		                 fd->type == CRM_T_LIST ? "list" : "scalar");
	}
	if (err) {
		err->line = at->line;
		err->column = at->col;
	}
	return rc;
}
