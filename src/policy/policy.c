/* SPDX-License-Identifier: MIT */
/* policy.c - decisions by name, typed outputs, fired rules, approver names. */
#include <stdio.h>
#include <string.h>

#include "../core/core.h"
#include "policy.h"

int crm_policy_decide(crm_context *ctx, const char *decision, const crm_facts *f,
                      const crm_result **r, crm_error *err)
{
	int rc = crm_decide(ctx, decision, f, r, err);
	if (rc == CRM_EUNKNOWN && err && !err->line)
		crm_err_set(err, rc, "the ruleset has no decision '%s'", decision);
	return rc;
}

int crm_policy_start(crm_context *ctx, const crm_facts *f, void *out, size_t size,
                     const char *decision, const crm_result **r, crm_error *err)
{
	if (!ctx || !f || !out)
		return crm_err_set(err, CRM_EINVAL, "context, facts and out must not be NULL");
	memset(out, 0, size);
	return crm_policy_decide(ctx, decision, f, r, err);
}

int crm_policy_output(const crm_result *r, const char *name, crm_type type, crm_value *out,
                      crm_error *err)
{
	int rc = crm_result_get(r, name, out);
	const char *d = crm_result_decision(r);
	if (rc == CRM_EUNKNOWN)
		return crm_err_set(err, rc, "decision '%s' has no output '%s'", d, name);
	if (rc == CRM_EMISSING)
		return crm_err_set(err, rc, "decision '%s' did not decide '%s'", d, name);
	if (rc)
		return crm_err_set(err, rc, "decision '%s', output '%s': %s", d, name,
		                   crm_strerror(rc));
	if (out->type != type)
		return crm_err_set(err, CRM_ETYPE, "decision '%s', output '%s' is %s, expected %s", d,
		                   name, crm_type_name(out->type), crm_type_name(type));
	return 0;
}

int crm_policy_word(const crm_result *r, const char *output, const crm_value *v,
                    const char *const *names, int n, crm_error *err)
{
	for (int i = 0; i < n; i++)
		if (strlen(names[i]) == v->u.s.len && memcmp(names[i], v->u.s.ptr, v->u.s.len) == 0)
			return i;
	return crm_err_set(err, CRM_EINVAL, "decision '%s', output '%s': \"%.*s\" is not a known value",
	                   crm_result_decision(r), output, (int)(v->u.s.len > 60 ? 60 : v->u.s.len),
	                   v->u.s.ptr);
}

void crm_policy_rules(const crm_result *r, crm_rule_ids *ids)
{
	size_t n = crm_result_fired_count(r);
	for (size_t i = 0; i < n && ids->count < CRM_RULE_IDS_MAX; i++) {
		const char *d = crm_result_fired_decision(r, i), *id = crm_result_fired_id(r, i);
		bool dup = false;
		for (size_t k = 0; k < ids->count && !dup; k++)
			dup = ids->id[k] == id && ids->decision[k] == d;
		if (dup)
			continue;
		ids->decision[ids->count] = d;
		ids->id[ids->count] = id;
		ids->count++;
	}
}

unsigned crm_policy_approver(const char *name, size_t len)
{
	static const struct {
		const char *name;
		unsigned bit;
	} approvers[] = {
		{"sales_vp", CRM_APPROVER_SALES_VP},
		{"cfo", CRM_APPROVER_CFO},
		{"general_manager", CRM_APPROVER_GENERAL_MANAGER},
		{"regional_manager", CRM_APPROVER_REGIONAL_MANAGER},
	};
	if (len == 0)
		return 0;
	for (size_t i = 0; i < CRM_ARRAY_LEN(approvers); i++)
		if (strlen(approvers[i].name) == len && memcmp(approvers[i].name, name, len) == 0)
			return approvers[i].bit;
	return CRM_APPROVER_OTHER;
}
