/* SPDX-License-Identifier: MIT */
/* consumer.c - a host built against the installed library. */
#include <crmrules.h>
#include <stdio.h>
#include <string.h>

static const char rules[] =
	"facts: { amount: money }\n"
	"decisions:\n"
	"  fee:\n"
	"    outputs: { fee: money }\n"
	"    rules: [ { id: r, then: 'amount * 0.05' } ]\n";

int main(void)
{
	crm_ruleset *rs;
	crm_facts *f;
	crm_context *ctx;
	const crm_result *r;
	crm_error err;
	int64_t fee;
	if (crm_version() != CRM_VERSION_NUMBER ||
	    crm_ruleset_load_buffer(&rs, rules, strlen(rules), "consumer", NULL, &err) ||
	    crm_facts_new(&f, rs) || crm_context_new(&ctx, rs, NULL) ||
	    crm_facts_set_money(f, crm_fact_slot(rs, "amount"), 123450, &err) ||
	    crm_decide(ctx, "fee", f, &r, &err) || crm_result_get_money(r, "fee", &fee)) {
		fprintf(stderr, "consumer: %s\n", err.message);
		return 1;
	}
	char buf[32];
	crm_money_format(buf, sizeof buf, fee);
	printf("consumer: fee %s\n", buf);
	crm_context_free(ctx);
	crm_facts_free(f);
	crm_ruleset_free(rs);
	return strcmp(buf, "61.73") == 0 ? 0 : 1;
}
