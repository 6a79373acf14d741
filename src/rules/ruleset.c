/* SPDX-License-Identifier: MIT */
/* ruleset.c - read-only introspection of a loaded ruleset. */
#include <string.h>

#include "ruleset.h"

size_t crm_ruleset_fact_count(const crm_ruleset *rs)
{
	return rs ? rs->nfacts : 0;
}

const char *crm_ruleset_fact_name(const crm_ruleset *rs, size_t i)
{
	return rs && i < rs->nfacts ? rs->facts[i].name : NULL;
}

crm_type crm_ruleset_fact_type(const crm_ruleset *rs, size_t i)
{
	return rs && i < rs->nfacts ? (crm_type)rs->facts[i].type : CRM_T_UNKNOWN;
}

size_t crm_ruleset_decision_count(const crm_ruleset *rs)
{
	return rs ? rs->ndecs : 0;
}

const char *crm_ruleset_decision_name(const crm_ruleset *rs, size_t i)
{
	return rs && i < rs->ndecs ? rs->decs[i].name : NULL;
}

int crm_fact_slot(const crm_ruleset *rs, const char *name)
{
	if (!rs || !name)
		return CRM_EINVAL;
	int k = crm_map_get(&rs->fact_map, name, strlen(name));
	return k >= 0 ? k : CRM_EUNKNOWN;
}

int crm_decision_find(const crm_ruleset *rs, const char *name)
{
	if (!rs || !name)
		return CRM_EINVAL;
	int k = crm_map_get(&rs->dec_map, name, strlen(name));
	return k >= 0 ? k : CRM_EUNKNOWN;
}
