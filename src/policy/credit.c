/* SPDX-License-Identifier: MIT */
/* credit.c - crm_credit_limit and crm_credit_check over the credit decisions. */
#include <string.h>

#include "policy.h"

int crm_credit_limit(crm_context *ctx, const crm_facts *f, crm_credit *out, crm_error *err)
{
	const crm_result *r;
	crm_value v;
	int rc;
	if ((rc = crm_policy_start(ctx, f, out, sizeof *out, "credit_limit", &r, err)) ||
	    (rc = crm_policy_output(r, "limit", CRM_T_MONEY, &v, err)))
		return rc;
	out->limit = v.u.money;
	if ((rc = crm_policy_output(r, "term_days", CRM_T_INT, &v, err)))
		return rc;
	out->term_days = (int)v.u.i;
	if ((rc = crm_policy_output(r, "credit_kind", CRM_T_STRING, &v, err)))
		return rc;
	static const char *const kinds[] = {"none", "temporary", "long_term"};
	if ((rc = crm_policy_word(r, "credit_kind", &v, kinds, 3, err)) < 0)
		return rc;
	out->kind = (crm_credit_kind)rc;
	if ((rc = crm_policy_output(r, "approvals", CRM_T_LIST, &v, err)))
		return rc;
	for (size_t i = 0; i < v.u.list.len; i++) {
		crm_value it = crm_value_item(&v, i);
		if (it.type != CRM_T_STRING)
			return CRM_ETYPE;
		out->approvals |= crm_policy_approver(it.u.s.ptr, it.u.s.len);
	}
	crm_policy_rules(r, &out->rules);
	return 0;
}

int crm_credit_check(crm_context *ctx, const crm_facts *f, crm_credit_decision *out,
                     crm_error *err)
{
	const crm_result *r;
	crm_value v;
	int rc;
	if ((rc = crm_policy_start(ctx, f, out, sizeof *out, "credit_check", &r, err)) ||
	    (rc = crm_policy_output(r, "action", CRM_T_STRING, &v, err)))
		return rc;
	static const char *const actions[] = {"allow", "approve", "prepay", "block"};
	if ((rc = crm_policy_word(r, "action", &v, actions, 4, err)) < 0)
		return rc;
	out->action = (crm_credit_action)(rc + 1);
	if ((rc = crm_policy_output(r, "approver", CRM_T_STRING, &v, err)))
		return rc;
	size_t n = v.u.s.len < sizeof out->approver_name - 1 ? v.u.s.len
	                                                    : sizeof out->approver_name - 1;
	if (n)
		memcpy(out->approver_name, v.u.s.ptr, n);
	out->approver_name[n] = '\0';
	out->approver = crm_policy_approver(v.u.s.ptr, v.u.s.len);
	int repay;
	if (crm_result_get_bool(r, "repay_by_month_end", &repay) == 0)
		out->repay_by_month_end = repay;
	crm_policy_rules(r, &out->rules);
	return 0;
}
