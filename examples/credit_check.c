/* SPDX-License-Identifier: MIT */
/* credit_check.c - an order desk: grant a credit limit, then check orders
 * against it as they arrive during the month. */
#include <crmrules.h>
#include <stdio.h>
#include <string.h>

struct order {
	const char *what;
	int64_t amount; /* minor units */
	int payment;    /* a payment received, not an order */
};

static void money(char *buf, size_t size, int64_t minor)
{
	crm_money_format(buf, size, minor);
}

static const char *const actions[] = {"?", "SHIP on credit", "SHIP after approval",
                                      "PAY FIRST, then ship", "BLOCKED until overdue debt is paid"};

int main(int argc, char **argv)
{
	const char *rules = argc > 1 ? argv[1] : "rules";
	crm_ruleset *rs;
	crm_error err;
	if (crm_ruleset_load(&rs, rules, NULL, &err)) {
		fprintf(stderr, "%s:%d:%d: %s\n", err.file, err.line, err.column, err.message);
		return 1;
	}
	crm_facts *f;
	crm_context *ctx;
	if (crm_facts_new(&f, rs) || crm_context_new(&ctx, rs, NULL)) {
		crm_ruleset_free(rs);
		return 1;
	}
	/* 1. the limit: an A customer with a history of credit sales */
	const char *customer = "{\"grade\": \"A\", \"has_credit_history\": true,"
	                       " \"avg_monthly_shipments\": \"86000.00\","
	                       " \"avg_monthly_payments\": \"81500.50\", \"current_limit\": 60000}";
	crm_credit credit;
	char a[32], b[32], c[32];
	if (crm_facts_set_json(f, customer, strlen(customer), &err) ||
	    crm_credit_limit(ctx, f, &credit, &err)) {
		fprintf(stderr, "credit limit: %s\n", err.message);
		return 1;
	}
	money(a, sizeof a, credit.limit);
	printf("Huayuan Recycling Co.: limit %s, term %d days, approvals:%s%s%s (rule %s)\n", a,
	       credit.term_days, credit.approvals & CRM_APPROVER_SALES_VP ? " sales VP" : "",
	       credit.approvals & CRM_APPROVER_CFO ? ", CFO" : "",
	       credit.approvals & CRM_APPROVER_GENERAL_MANAGER ? ", general manager" : "",
	       credit.rules.count ? credit.rules.id[credit.rules.count - 1] : "?");

	/* 2. orders (and a payment) during the month */
	static const struct order orders[] = {
		{"order 1: 200 t baled cardboard", 3500000, 0},
		{"order 2: 80 t PET flakes", 2400000, 0},
		{"order 3: copper scrap", 1800000, 0},
		{"order 4: spare parts, small rush", 150000, 0},
		{"payment received", 2500000, 1},
		{"order 5: aluminium cans", 2100000, 0},
		{"order 6: another rush order", 900000, 0},
	};
	int slot_limit = crm_fact_slot(rs, "limit"), slot_exposure = crm_fact_slot(rs, "exposure"),
	    slot_order = crm_fact_slot(rs, "order_amount"), slot_overdue = crm_fact_slot(rs, "overdue_debt"),
	    slot_first = crm_fact_slot(rs, "first_overlimit_this_month");
	int64_t exposure = 0;
	int first_overlimit = 1;
	for (size_t i = 0; i < sizeof orders / sizeof orders[0]; i++) {
		if (orders[i].payment) {
			exposure -= orders[i].amount;
			money(a, sizeof a, orders[i].amount);
			money(b, sizeof b, exposure);
			printf("  %-34s %12s (owed %12s)\n", orders[i].what, a, b);
			continue;
		}
		crm_facts_clear(f);
		crm_credit_decision d;
		if (crm_facts_set_money(f, slot_limit, credit.limit, &err) ||
		    crm_facts_set_money(f, slot_exposure, exposure, &err) ||
		    crm_facts_set_money(f, slot_order, orders[i].amount, &err) ||
		    crm_facts_set_bool(f, slot_overdue, 0, &err) ||
		    crm_facts_set_bool(f, slot_first, first_overlimit, &err) ||
		    crm_credit_check(ctx, f, &d, &err)) {
			fprintf(stderr, "credit check: %s\n", err.message);
			return 1;
		}
		money(a, sizeof a, orders[i].amount);
		money(b, sizeof b, exposure);
		printf("  %-34s %12s (owed %12s): %s", orders[i].what, a, b, actions[d.action]);
		if (d.approver_name[0])
			printf(" by %s", d.approver_name);
		if (d.repay_by_month_end)
			printf(", over-limit part due by month end");
		printf("  [%s]\n", d.rules.id[0]);
		if (d.action == CRM_ACTION_ALLOW || d.action == CRM_ACTION_APPROVE)
			exposure += orders[i].amount;
		if (d.action == CRM_ACTION_APPROVE)
			first_overlimit = 0;
	}
	money(c, sizeof c, exposure);
	printf("  owed at the end of the run: %s\n", c);
	crm_context_free(ctx);
	crm_facts_free(f);
	crm_ruleset_free(rs);
	return 0;
}
