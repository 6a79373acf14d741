/* SPDX-License-Identifier: MIT */
/* grade_customer.c - a CRM's nightly re-grading: credit grade, service tier
 * and maintenance plan for a few customers, each with the rules behind it. */
#include <crmrules.h>
#include <stdio.h>
#include <string.h>

struct customer {
	const char *name;
	const char *facts; /* as the CRM exports them */
};

#define CLEAN_RECORD                                                                  \
	"\"bad_record_24m\": false, \"broken_promises\": false, \"debt_dispute\": false, " \
	"\"revenue_declining\": false, \"sales_declining\": false, \"illegal_operation\": false, " \
	"\"suspended_by_authority\": false, \"account_freeze_risk\": false"

static const struct customer customers[] = {
	{"Huayuan Recycling Co.",
	 "{" CLEAN_RECORD ", \"capital\": \"strong\", \"profile_complete\": true,"
	 " \"months_cooperating\": 38, \"good_operating_years\": 3, \"annual_payment_ratio\": 1.15,"
	 " \"customer_kind\": \"long_term\", \"monthly_volume_ratio\": 1.3, \"on_time_payment\": true,"
	 " \"satisfaction_pct\": 92, \"volume_stable\": true}"},
	{"Jinqiao Metals Ltd.",
	 "{" CLEAN_RECORD ", \"capital\": \"adequate\", \"profile_complete\": true,"
	 " \"months_cooperating\": 9, \"good_operating_years\": 4, \"annual_payment_ratio\": 1.0,"
	 " \"customer_kind\": \"long_term\", \"monthly_volume_ratio\": 0.8, \"on_time_payment\": true,"
	 " \"satisfaction_pct\": 78, \"volume_stable\": true}"},
	{"Xinda Paper (seasonal)",
	 "{" CLEAN_RECORD ", \"capital\": \"strong\", \"profile_complete\": false,"
	 " \"months_cooperating\": 26, \"good_operating_years\": 2, \"annual_payment_ratio\": 1.4,"
	 " \"customer_kind\": \"periodic\"}"},
	{"Beifang Plastics",
	 "{\"bad_record_24m\": true, \"customer_kind\": \"long_term\", \"months_cooperating\": 15,"
	 " \"monthly_volume_ratio\": 0.5, \"on_time_payment\": false, \"satisfaction_pct\": 60,"
	 " \"volume_stable\": false}"},
	{"Dongsheng Trading (new)",
	 "{" CLEAN_RECORD ", \"capital\": \"adequate\", \"profile_complete\": true,"
	 " \"months_cooperating\": 0, \"good_operating_years\": 1, \"annual_payment_ratio\": 0,"
	 " \"customer_kind\": \"potential\"}"},
};

static const char *const contacts[] = {"?", "dedicated contact", "fixed contact",
                                       "business specialist"};

int main(int argc, char **argv)
{
	const char *rules = argc > 1 ? argv[1] : "rules";
	crm_ruleset *rs;
	crm_error err;
	if (crm_ruleset_load(&rs, rules, NULL, &err)) {
		fprintf(stderr, "%s:%d:%d: %s\n", err.file, err.line, err.column, err.message);
		return 1;
	}
	crm_facts *facts;
	crm_context *ctx;
	if (crm_facts_new(&facts, rs) || crm_context_new(&ctx, rs, NULL)) {
		crm_ruleset_free(rs);
		return 1;
	}
	int status = 0;
	for (size_t i = 0; i < sizeof customers / sizeof customers[0]; i++) {
		const struct customer *c = &customers[i];
		crm_facts_clear(facts);
		crm_grade g;
		if (crm_facts_set_json(facts, c->facts, strlen(c->facts), &err) ||
		    crm_grade_customer(ctx, facts, &g, &err)) {
			printf("%s: %s\n", c->name, err.message);
			status = 1;
			continue;
		}
		printf("%s\n  credit grade %s, service tier %d: %s, contact at least every %d days",
		       c->name, crm_credit_grade_name(g.credit_grade), g.tier, contacts[g.contact],
		       g.visit_interval_days);
		if (g.appreciation_event_months)
			printf(", appreciation event every %d months", g.appreciation_event_months);
		printf("\n  because:");
		for (size_t k = 0; k < g.rules.count; k++)
			printf(" %s", g.rules.id[k]);
		printf("\n");
		if (g.credit_grade >= CRM_GRADE_B && g.tier == 1)
			printf("  -> eligible for the key-account programme\n");
	}
	crm_context_free(ctx);
	crm_facts_free(facts);
	crm_ruleset_free(rs);
	return status;
}
