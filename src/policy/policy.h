/* SPDX-License-Identifier: MIT */
/* policy.h - helpers shared by the typed domain calls (public API only). */
#ifndef CRM_POLICY_H
#define CRM_POLICY_H

#include "crmrules.h"

/* The start of every typed call: check the arguments, clear *out (size
 * bytes), decide. On success *r is the result. */
int crm_policy_start(crm_context *ctx, const crm_facts *f, void *out, size_t size,
                     const char *decision, const crm_result **r, crm_error *err);
/* One decision by name; on success *r is the result. */
int crm_policy_decide(crm_context *ctx, const char *decision, const crm_facts *f,
                      const crm_result **r, crm_error *err);
/* An output of the expected type, or CRM_EUNKNOWN / CRM_ETYPE / CRM_EMISSING
 * with a message naming the decision and output. */
int crm_policy_output(const crm_result *r, const char *name, crm_type type, crm_value *out,
                      crm_error *err);
/* Map a string output onto one of names[0..n) (index returned) or
 * CRM_EINVAL. */
int crm_policy_word(const crm_result *r, const char *output, const crm_value *v,
                    const char *const *names, int n, crm_error *err);
/* Append the fired rules of r to ids (truncated at CRM_RULE_IDS_MAX). */
void crm_policy_rules(const crm_result *r, crm_rule_ids *ids);
/* CRM_APPROVER_* bit for a name. */
unsigned crm_policy_approver(const char *name, size_t len);

#endif
