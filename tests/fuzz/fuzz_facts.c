/* SPDX-License-Identifier: MIT */
/* fuzz_facts.c - arbitrary bytes as the facts of `crmrules eval` (JSON or YAML),
 * decided by the default rules. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "crmrules.h"

#ifndef CRM_RULES_DIR
#error "CRM_RULES_DIR must name rules/"
#endif

static crm_ruleset *rs;
static crm_facts *f;
static crm_context *ctx;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	crm_error err;
	if (!rs) {
		if (crm_ruleset_load(&rs, CRM_RULES_DIR, NULL, &err) || crm_facts_new(&f, rs) ||
		    crm_context_new(&ctx, rs, NULL))
			abort(); /* the fuzzer's own set-up, not the library under test */
	}
	crm_facts_clear(f);
	crm_facts_set_json(f, (const char *)data, size, &err);
	size_t n = crm_ruleset_decision_count(rs);
	for (size_t i = 0; i < n; i++) {
		const crm_result *r;
		crm_decide_index(ctx, (int)i, f, &r, &err);
	}
	return 0;
}
