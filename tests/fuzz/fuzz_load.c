/* SPDX-License-Identifier: MIT */
/* fuzz_load.c - arbitrary bytes as a rule file: load, and if it loads, run its tests. */
#include <stddef.h>
#include <stdint.h>

#include "crmrules.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	crm_ruleset *rs = NULL;
	crm_error err;
	if (crm_ruleset_load_buffer(&rs, (const char *)data, size, "fuzz.yaml", NULL, &err))
		return 0;
	crm_context *ctx;
	if (crm_context_new(&ctx, rs, NULL) == 0) {
		size_t n = crm_ruleset_test_count(rs);
		for (size_t i = 0; i < n && i < 64; i++) {
			int passed;
			crm_ruleset_test_run(ctx, i, &passed, &err);
		}
		crm_context_free(ctx);
	}
	crm_ruleset_free(rs);
	return 0;
}
