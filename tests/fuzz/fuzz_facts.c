/* SPDX-License-Identifier: MIT */
/* fuzz_facts.c - arbitrary bytes as the facts of `crmrules eval` (JSON or YAML),
 * decided by the default rules; and as one NDJSON line through
 * crm_decide_json, whose text must always be one JSON object. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

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
	/* the one call, with a key kept: its text is an object, whole */
	static const char *const keep[] = {"id"};
	crm_json_options o = CRM_JSON_OPTIONS_INIT;
	o.flags = CRM_JSON_EXPLAIN | ((size & 1) ? CRM_JSON_IGNORE_UNKNOWN : 0);
	o.keep = keep;
	o.nkeep = 1;
	char out[4096];
	size_t len;
	crm_decide_json(ctx, (int)(size % (n ? n : 1)), (const char *)data, size, &o, out, sizeof out,
	                &len, &err);
	if (len < sizeof out && (strlen(out) != len || out[0] != '{' || out[len - 1] != '}'))
		abort(); /* a malformed result text */
	return 0;
}
