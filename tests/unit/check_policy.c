/* SPDX-License-Identifier: MIT */
/* check_policy.c - the typed grade and credit calls over the default rules. */
#include <stdio.h>
#include <string.h>

#include "suites.h"

#ifndef CRM_RULES_DIR
#error "CRM_RULES_DIR must name rules/"
#endif

static crm_ruleset *rs;
static crm_facts *f;
static crm_context *ctx;

static void setup(void)
{
	crm_error err;
	ck_assert_msg(crm_ruleset_load(&rs, CRM_RULES_DIR, NULL, &err) == 0, "%s", err.message);
	open_with(rs, &ctx, &f);
}

static void teardown(void)
{
	close_all(rs, ctx, f);
}

static void facts(const char *json)
{
	crm_error err;
	crm_facts_clear(f);
	ck_assert_msg(crm_facts_set_json(f, json, strlen(json), &err) == 0, "%s", err.message);
}

#define A_FACTS                                                                            \
	"{bad_record_24m: false, broken_promises: false, debt_dispute: false, capital: strong," \
	" revenue_declining: false, sales_declining: false, illegal_operation: false,"          \
	" suspended_by_authority: false, account_freeze_risk: false, profile_complete: true,"   \
	" months_cooperating: 13, good_operating_years: 2, annual_payment_ratio: 1.0,"          \
	" customer_kind: long_term, monthly_volume_ratio: 1.0, on_time_payment: true,"          \
	" satisfaction_pct: 85, volume_stable: true, has_credit_history: true,"                 \
	" avg_monthly_shipments: 1000, avg_monthly_payments: 999.99}"

START_TEST(grade_customer_a)
{
	crm_grade g;
	crm_error err;
	facts(A_FACTS);
	ck_assert_int_eq(crm_grade_customer(ctx, f, &g, &err), 0);
	ck_assert_int_eq(g.credit_grade, CRM_GRADE_A);
	ck_assert(g.credit_grade > CRM_GRADE_B);
	ck_assert_str_eq(crm_credit_grade_name(g.credit_grade), "A");
	ck_assert_int_eq(g.tier, 1);
	ck_assert_int_eq(g.contact, CRM_CONTACT_DEDICATED);
	ck_assert_int_eq(g.visit_interval_days, 30);
	ck_assert_int_eq(g.appreciation_event_months, 6);
	ck_assert_uint_eq(g.rules.count, 3);
	ck_assert_str_eq(g.rules.id[0], "S4-3-art15-A");
	ck_assert_str_eq(g.rules.decision[1], "service_tier");
	ck_assert_str_eq(g.rules.id[2], "S0-art9-T1");
	/* missing facts: a clear error, the grade still filled */
	facts("{bad_record_24m: true}");
	ck_assert_int_eq(crm_grade_customer(ctx, f, &g, &err), CRM_EMISSING);
	ck_assert_int_eq(g.credit_grade, CRM_GRADE_C);
	ck_assert_str_eq(err.message, "decision 'service_tier' needs facts that are not set: "
	                              "months_cooperating, customer_kind, monthly_volume_ratio, "
	                              "volume_stable, on_time_payment, satisfaction_pct");
}
END_TEST

START_TEST(credit_limit_chained)
{
	crm_credit c;
	crm_error err;
	facts(A_FACTS);
	ck_assert_int_eq(crm_credit_limit(ctx, f, &c, &err), 0);
	ck_assert_int_eq(c.limit, 99999);
	ck_assert_int_eq(c.term_days, 30);
	ck_assert_int_eq(c.kind, CRM_CREDIT_LONG_TERM);
	ck_assert_uint_eq(c.approvals,
	                  CRM_APPROVER_SALES_VP | CRM_APPROVER_CFO | CRM_APPROVER_GENERAL_MANAGER);
	ck_assert_uint_eq(c.rules.count, 2);
	ck_assert_str_eq(c.rules.decision[0], "credit_grade");
	ck_assert_str_eq(c.rules.id[1], "S4-3-A-long-term");
}
END_TEST

START_TEST(credit_check_boundaries)
{
	crm_credit_decision d;
	crm_error err;
	facts("{limit: 30000, exposure: 30000, order_amount: 9999.99, overdue_debt: false,"
	      " first_overlimit_this_month: true}");
	ck_assert_int_eq(crm_credit_check(ctx, f, &d, &err), 0);
	ck_assert_int_eq(d.action, CRM_ACTION_APPROVE);
	ck_assert_uint_eq(d.approver, CRM_APPROVER_REGIONAL_MANAGER);
	ck_assert_str_eq(d.approver_name, "regional_manager");
	ck_assert_int_eq(d.repay_by_month_end, 1);
	facts("{limit: 30000, exposure: 30000, order_amount: 10000, overdue_debt: false,"
	      " first_overlimit_this_month: true}");
	ck_assert_int_eq(crm_credit_check(ctx, f, &d, &err), 0);
	ck_assert_int_eq(d.action, CRM_ACTION_PREPAY);
	ck_assert_uint_eq(d.approver, 0);
	ck_assert_str_eq(d.approver_name, "");
	/* [S4 #10] the shipment, not its excess: 5000 over, but a third of the limit */
	facts("{limit: 30000, exposure: 25000, order_amount: 10000, overdue_debt: false,"
	      " first_overlimit_this_month: true}");
	ck_assert_int_eq(crm_credit_check(ctx, f, &d, &err), 0);
	ck_assert_int_eq(d.action, CRM_ACTION_PREPAY);
	ck_assert_str_eq(d.rules.id[0], "S4-10-prepay");
	/* already over the limit: pay first, whatever the size (art. 33) */
	facts("{limit: 30000, exposure: 30000.01, order_amount: 1, overdue_debt: false,"
	      " first_overlimit_this_month: true}");
	ck_assert_int_eq(crm_credit_check(ctx, f, &d, &err), 0);
	ck_assert_int_eq(d.action, CRM_ACTION_PREPAY);
	ck_assert_str_eq(d.rules.id[0], "S4-3-art33-already-over");
}
END_TEST

/* A ruleset without the decisions, or with outputs of other types. */
START_TEST(wrong_rulesets)
{
	crm_ruleset *bad;
	crm_facts *bf;
	crm_context *bc;
	crm_error err;
	crm_grade g;
	crm_credit c;
	crm_credit_decision d;
	const char *yaml = "decisions:\n"
	                   "  credit_grade:\n"
	                   "    outputs: { grade: int }\n"
	                   "    rules: [ { then: 1 } ]\n"
	                   "  credit_limit:\n"
	                   "    outputs: { limit: money, term_days: int, credit_kind: string, approvals: list of string }\n"
	                   "    rules: [ { then: { limit: '1', term_days: 1, credit_kind: '\"forever\"', approvals: '[]' } } ]\n";
	ck_assert_int_eq(crm_ruleset_load_buffer(&bad, yaml, strlen(yaml), "bad", NULL, &err), 0);
	open_with(bad, &bc, &bf);
	ck_assert_int_eq(crm_grade_customer(bc, bf, &g, &err), CRM_ETYPE);
	ck_assert_str_eq(err.message, "decision 'credit_grade', output 'grade' is int, expected string");
	ck_assert_int_eq(crm_credit_limit(bc, bf, &c, &err), CRM_EINVAL);
	ck_assert_str_eq(err.message,
	                 "decision 'credit_limit', output 'credit_kind': \"forever\" is not a known value");
	ck_assert_int_eq(crm_credit_check(bc, bf, &d, &err), CRM_EUNKNOWN);
	ck_assert_str_eq(err.message, "the ruleset has no decision 'credit_check'");
	close_all(bad, bc, bf);
}
END_TEST

Suite *policy_suite(void)
{
	Suite *s = suite_create("policy");
	TCase *tc = tcase_create("grade and credit");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, grade_customer_a);
	tcase_add_test(tc, credit_limit_chained);
	tcase_add_test(tc, credit_check_boundaries);
	tcase_add_test(tc, wrong_rulesets);
	suite_add_tcase(s, tc);
	return s;
}
