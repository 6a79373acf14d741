/* SPDX-License-Identifier: MIT */
/* grade.c - crm_grade_customer: credit grade, service tier and maintenance plan. */
#include <string.h>

#include "../core/core.h"
#include "policy.h"

const char *crm_credit_grade_name(crm_credit_grade g)
{
	switch (g) {
	case CRM_GRADE_A: return "A";
	case CRM_GRADE_B: return "B";
	case CRM_GRADE_C: return "C";
	default: return "unknown";
	}
}

int crm_grade_customer(crm_context *ctx, const crm_facts *f, crm_grade *out, crm_error *err)
{
	const crm_result *r;
	crm_value v;
	int rc;
	if ((rc = crm_policy_start(ctx, f, out, sizeof *out, "credit_grade", &r, err)) ||
	    (rc = crm_policy_output(r, "grade", CRM_T_STRING, &v, err)))
		return rc;
	static const char *const grades[] = {"C", "B", "A"};
	if ((rc = crm_policy_word(r, "grade", &v, grades, 3, err)) < 0)
		return rc;
	out->credit_grade = (crm_credit_grade)(rc + 1);
	crm_policy_rules(r, &out->rules);

	if ((rc = crm_policy_decide(ctx, "service_tier", f, &r, err)) ||
	    (rc = crm_policy_output(r, "tier", CRM_T_INT, &v, err)))
		return rc;
	if (v.u.i < 1 || v.u.i > 3)
		return crm_err_set(err, CRM_EINVAL,
		                   "service_tier gave tier %lld: the typed call knows tiers 1 to 3",
		                   (long long)v.u.i);
	out->tier = (int)v.u.i;

	/* the plan chains service_tier: its rules come with it */
	if ((rc = crm_policy_decide(ctx, "maintenance_plan", f, &r, err)) ||
	    (rc = crm_policy_output(r, "contact", CRM_T_STRING, &v, err)))
		return rc;
	static const char *const contacts[] = {"dedicated", "fixed", "specialist"};
	if ((rc = crm_policy_word(r, "contact", &v, contacts, 3, err)) < 0)
		return rc;
	out->contact = (crm_contact)(rc + 1);
	if ((rc = crm_policy_output(r, "visit_interval_days", CRM_T_INT, &v, err)))
		return rc;
	out->visit_interval_days = (int)v.u.i;
	if ((rc = crm_policy_output(r, "appreciation_event_months", CRM_T_INT, &v, err)))
		return rc;
	out->appreciation_event_months = (int)v.u.i;
	crm_policy_rules(r, &out->rules);
	return 0;
}
