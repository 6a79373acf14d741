/* SPDX-License-Identifier: MIT */
/* decide_tier.c - a host program: load a rule file once, decide for a few
 * customers, print each decision with the rules and facts behind it. */
#include <crmrules.h>
#include <stdio.h>
#include <string.h>

struct customer {
	const char *name;
	const char *facts; /* as a CRM would pass them: JSON */
};

static const struct customer customers[] = {
	{"Huayuan Recycling", "{\"customer_kind\": \"long_term\", \"months_cooperating\": 30,"
	                      " \"monthly_volume_ratio\": 1.2, \"satisfaction_pct\": 91}"},
	{"Jinqiao Metals", "{\"customer_kind\": \"long_term\", \"months_cooperating\": 12,"
	                   " \"monthly_volume_ratio\": 1.5, \"satisfaction_pct\": 95}"},
	{"Xinda Paper (seasonal)", "{\"customer_kind\": \"periodic\", \"months_cooperating\": 40}"},
	{"Beifang Plastics", "{\"customer_kind\": \"long_term\", \"months_cooperating\": 3}"},
	{"Dongsheng (incomplete file)", "{\"customer_kind\": \"long_term\", \"months_cooperating\": 20}"},
};

int main(int argc, char **argv)
{
	const char *path = argc > 1 ? argv[1] : "tier.yaml";
	crm_ruleset *rs;
	crm_error err;
	if (crm_ruleset_load(&rs, path, NULL, &err)) {
		fprintf(stderr, "%s:%d:%d: %s\n", err.file, err.line, err.column, err.message);
		return 1;
	}
	crm_facts *facts;
	crm_context *ctx;
	if (crm_facts_new(&facts, rs) || crm_context_new(&ctx, rs, NULL)) {
		fprintf(stderr, "out of memory\n");
		crm_ruleset_free(rs);
		return 1;
	}
	int decision = crm_decision_find(rs, "service_tier");
	int status = 0;
	for (size_t i = 0; i < sizeof customers / sizeof customers[0]; i++) {
		const struct customer *c = &customers[i];
		crm_facts_clear(facts);
		if (crm_facts_set_json(facts, c->facts, strlen(c->facts), &err)) {
			printf("%-28s bad facts: %s\n", c->name, err.message);
			status = 1;
			continue;
		}
		const crm_result *r;
		int rc = crm_decide_index(ctx, decision, facts, &r, &err);
		if (rc == CRM_EMISSING) {
			printf("%-28s cannot decide yet, missing:", c->name);
			for (size_t k = 0; k < crm_result_missing_count(r); k++)
				printf(" %s", crm_ruleset_fact_name(rs, (size_t)crm_result_missing_fact(r, k)));
			printf("\n");
			continue;
		}
		if (rc) {
			printf("%-28s error: %s\n", c->name, err.message);
			status = 1;
			continue;
		}
		int64_t tier;
		crm_result_get_int(r, "tier", &tier);
		printf("%-28s tier %lld  (rule %s:", c->name, (long long)tier, crm_result_fired_id(r, 0));
		for (size_t k = 0; k < crm_result_fired_fact_count(r, 0); k++) {
			int slot = crm_result_fired_fact(r, 0, k);
			crm_value v = crm_facts_get(facts, slot);
			char buf[64];
			crm_value_format(buf, sizeof buf, &v);
			printf(" %s=%s", crm_ruleset_fact_name(rs, (size_t)slot), buf);
		}
		printf(")\n");
	}
	crm_context_free(ctx);
	crm_facts_free(facts);
	crm_ruleset_free(rs);
	return status;
}
