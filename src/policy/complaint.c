/* SPDX-License-Identifier: MIT */
/* complaint.c - crm_complaint_assess and crm_complaint_escalate. */
#include <string.h>

#include "../core/core.h"
#include "policy.h"

static void copy_name(char *dst, const crm_value *v)
{
	size_t n = v->u.s.len < CRM_NAME_MAX - 1 ? v->u.s.len : CRM_NAME_MAX - 1;
	if (n)
		memcpy(dst, v->u.s.ptr, n);
	dst[n] = '\0';
}

static bool timer_declared(const crm_ruleset *rs, const char *name)
{
	size_t n = crm_ruleset_timer_count(rs);
	for (size_t i = 0; i < n; i++)
		if (strcmp(crm_ruleset_timer_name(rs, i), name) == 0)
			return true;
	return false;
}

static int level_of(const crm_result *r, crm_complaint *out, crm_error *err)
{
	crm_value v;
	int rc = crm_policy_output(r, "level", CRM_T_INT, &v, err);
	if (rc)
		return rc;
	if (v.u.i < 1 || v.u.i > 3)
		return crm_err_set(err, CRM_EINVAL, "decision '%s': level %lld is not 1, 2 or 3",
		                   crm_result_decision(r), (long long)v.u.i);
	out->level = (int)v.u.i;
	if ((rc = crm_policy_output(r, "handler", CRM_T_STRING, &v, err)))
		return rc;
	copy_name(out->handler, &v);
	return 0;
}

int crm_complaint_assess(crm_context *ctx, const crm_facts *f, crm_complaint *out,
                         crm_error *err)
{
	const crm_result *r;
	crm_value v;
	int rc;
	if ((rc = crm_policy_start(ctx, f, out, sizeof *out, "complaint_level", &r, err)) ||
	    (rc = level_of(r, out, err)))
		return rc;
	if (crm_result_get(r, "co_handler", &v) == 0 && v.type == CRM_T_STRING)
		copy_name(out->co_handler, &v);
	if ((rc = crm_policy_output(r, "timers", CRM_T_LIST, &v, err)))
		return rc;
	if (v.u.list.len > CRM_COMPLAINT_TIMERS_MAX)
		return crm_err_set(err, CRM_ELIMIT, "decision 'complaint_level' starts more than %d timers",
		                   CRM_COMPLAINT_TIMERS_MAX);
	const crm_ruleset *rs = crm_context_ruleset(ctx);
	for (size_t i = 0; i < v.u.list.len; i++) {
		crm_value it = crm_value_item(&v, i);
		if (it.type != CRM_T_STRING)
			return crm_err_set(err, CRM_ETYPE, "decision 'complaint_level', output 'timers' "
			                                   "must be a list of timer names");
		copy_name(out->timers[i], &it);
		if (!timer_declared(rs, out->timers[i]))
			return crm_err_set(err, CRM_EUNKNOWN,
			                   "decision 'complaint_level' starts timer '%s', which the ruleset "
			                   "does not declare", out->timers[i]);
	}
	out->ntimers = v.u.list.len;
	crm_policy_rules(r, &out->rules);
	return 0;
}

int crm_complaint_escalate(crm_context *ctx, const crm_facts *f, crm_complaint *out,
                           crm_error *err)
{
	const crm_result *r;
	int rc, b;
	if ((rc = crm_policy_start(ctx, f, out, sizeof *out, "complaint_escalation", &r, err)) ||
	    (rc = level_of(r, out, err)))
		return rc;
	crm_value v;
	if ((rc = crm_policy_output(r, "closed", CRM_T_BOOL, &v, err)))
		return rc;
	out->closed = v.u.b;
	if (crm_result_get_bool(r, "to_gm_meeting", &b) == 0)
		out->to_gm_meeting = b;
	crm_policy_rules(r, &out->rules);
	return 0;
}
