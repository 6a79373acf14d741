/* SPDX-License-Identifier: MIT */
/* schema.c - a JSON Schema (draft 2020-12) of a decision's facts object:
 * what a host may check a payload against before it sends it. Each fact
 * the decision may read (crm_decision_fact) in the form the JSON reader
 * takes it, null for unknown; other keys are refused. */
#include <stdio.h>
#include <string.h>

#include "run.h"

static void puts_(crm_jout *o, const char *s)
{
	crm_jout_put(o, s, strlen(s));
}

/* The texts crm_decimal_parse takes with at most two decimal places that
 * count ("1.500" is 1.50), crm_datetime_parse's that RFC 3339 also takes
 * (seconds given), and crm_duration_parse's units. */
#define MONEY_PATTERN "^[+-]?([0-9]+(\\\\.[0-9]{1,2}0*)?|\\\\.[0-9]{1,2}0*)$"
#define DATETIME_PATTERN "^[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt ][0-9]{2}:[0-9]{2}:[0-9]{2}([Zz]|[+-][0-9]{2}:[0-9]{2})$"
#define DURATION_PATTERN "^-?[0-9]+ *(s|sec|seconds|m|min|minutes|h|hour|hours|d|day|days)?$"

/* A value as JSON: money also as a number (the reader takes both). */
static void value(crm_jout *o, const crm_val *v)
{
	crm_value pv = crm_val_public(v);
	crm_jout_value(o, &pv);
	if (v->t == CRM_T_MONEY) {
		char num[40];
		crm_money_format(num, sizeof num, v->u.i);
		crm_jout_put(o, ",", 1);
		puts_(o, num);
	}
}

/* A number as JSON for a bound (money in units, a duration in seconds). */
static void limit_of(crm_jout *o, const char *name, const crm_val *v)
{
	char num[64];
	crm_value pv = crm_val_public(v);
	if (v->t == CRM_T_MONEY)
		crm_money_format(num, sizeof num, v->u.i);
	else
		crm_value_format(num, sizeof num, &pv);
	crm_jout_put(o, ",", 1);
	crm_jout_string(o, name, strlen(name));
	crm_jout_put(o, ":", 1);
	puts_(o, num);
}

/* The schema of one value of type t (a fact's, or a list's items), with
 * null allowed when nullable. */
static void type_schema(crm_jout *o, const fact_decl *fd, uint8_t t, bool nullable)
{
	const char *types = "", *extra = "";
	switch (t) {
	case CRM_T_BOOL: types = "\"boolean\""; break;
	case CRM_T_INT: types = "\"integer\""; break;
	case CRM_T_NUMBER: types = "\"number\""; break;
	case CRM_T_MONEY:
		types = "\"string\",\"number\"";
		extra = ",\"pattern\":\"" MONEY_PATTERN "\"";
		break;
	case CRM_T_STRING: types = "\"string\""; break;
	case CRM_T_DATE:
		types = "\"string\"";
		extra = ",\"format\":\"date\"";
		break;
	case CRM_T_DATETIME:
		types = "\"string\"";
		extra = ",\"format\":\"date-time\",\"pattern\":\"" DATETIME_PATTERN "\"";
		break;
	case CRM_T_DURATION:
		types = "\"integer\",\"string\"";
		extra = ",\"pattern\":\"" DURATION_PATTERN "\"";
		break;
	default: break;
	}
	puts_(o, "{\"type\":[");
	puts_(o, types);
	puts_(o, nullable ? ",\"null\"]" : "]");
	puts_(o, extra);
	if (fd->allowed) {
		puts_(o, ",\"enum\":[");
		for (uint32_t i = 0; i < fd->nallowed; i++) {
			if (i)
				crm_jout_put(o, ",", 1);
			value(o, &fd->allowed[i]);
		}
		puts_(o, nullable ? ",null]" : "]");
	}
	if (fd->has_range && (t == CRM_T_INT || t == CRM_T_NUMBER || t == CRM_T_MONEY ||
	                      t == CRM_T_DURATION)) {
		/* bounds check the number form (a money or duration given as text
		 * is not checked against them) */
		limit_of(o, (fd->range_flags & 1) ? "minimum" : "exclusiveMinimum", &fd->lo);
		limit_of(o, (fd->range_flags & 2) ? "maximum" : "exclusiveMaximum", &fd->hi);
	}
	if (fd->pattern_src && t == CRM_T_STRING) {
		puts_(o, ",\"pattern\":");
		crm_jout_string(o, fd->pattern_src, strlen(fd->pattern_src));
	}
}

static void fact_schema(crm_jout *o, const crm_ruleset *rs, int slot)
{
	const fact_decl *fd = &rs->facts[slot];
	if (fd->type == CRM_T_LIST) {
		puts_(o, "{\"type\":[\"array\",\"null\"],\"items\":");
		type_schema(o, fd, fd->elem, false);
		crm_jout_put(o, "}", 1);
	} else {
		type_schema(o, fd, fd->type, true);
	}
	const char *desc = rs->fact_descs[slot];
	if (desc) {
		puts_(o, ",\"description\":");
		crm_jout_string(o, desc, strlen(desc));
	}
	crm_jout_put(o, "}", 1);
}

size_t crm_decision_json_schema(const crm_ruleset *rs, int di, char *buf, size_t size)
{
	crm_jout o;
	memset(&o, 0, sizeof o);
	o.buf = buf;
	o.size = buf ? size : 0;
	if (o.size)
		buf[0] = '\0';
	if (!rs || di < 0 || (uint32_t)di >= rs->ndecs)
		return 0;
	const decision *d = &rs->decs[di];
	puts_(&o, "{\n  \"$schema\": \"https://json-schema.org/draft/2020-12/schema\",\n"
	          "  \"title\": ");
	char title[300];
	snprintf(title, sizeof title, "facts of decision %s", d->name);
	crm_jout_string(&o, title, strlen(title));
	puts_(&o, ",\n  \"type\": \"object\",\n  \"properties\": {");
	for (uint32_t k = 0; k < d->why->nreads; k++) {
		int slot = d->why->reads[k];
		puts_(&o, k ? ",\n    " : "\n    ");
		crm_jout_string(&o, rs->facts[slot].name, strlen(rs->facts[slot].name));
		puts_(&o, ": ");
		fact_schema(&o, rs, slot);
	}
	puts_(&o, d->why->nreads ? "\n  },\n  \"additionalProperties\": false\n}\n"
	                         : "},\n  \"additionalProperties\": false\n}\n");
	return o.len;
}
