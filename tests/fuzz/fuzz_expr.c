/* SPDX-License-Identifier: MIT */
/* fuzz_expr.c - arbitrary bytes as an expression: compiled in a rule with typed
 * facts, then evaluated over a fixed set of facts, some of them, and none.
 * Loaded twice, the VM running fused code and the code itself: the two
 * must agree (code, message, value). */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crmrules.h"
#include "../../src/expr/expr.h"

static const char head[] =
	"facts: { i: int, n: number, m: money, s: string, b: bool, d: date, t: datetime,"
	" u: duration, l: list of string, g: { type: string, values: [C, B, A], ordered: true } }\n"
	"constants: { k: 12, half: 0.5 }\n"
	"decisions:\n"
	"  e:\n"
	"    outputs: { v: bool }\n"
	"    rules:\n"
	"      - when: |-\n";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > 4096)
		return 0;
	/* the expression as a block scalar: every line indented */
	size_t cap = sizeof head + size * 11 + 64; /* each newline gains 10 spaces */
	char *yaml = malloc(cap);
	if (!yaml)
		return 0;
	size_t n = (size_t)snprintf(yaml, cap, "%s          ", head);
	for (size_t i = 0; i < size; i++) {
		yaml[n++] = (char)data[i];
		if (data[i] == '\n') {
			memcpy(yaml + n, "          ", 10);
			n += 10;
		}
	}
	n += (size_t)snprintf(yaml + n, cap - n, "\n        then: 'true'\n");
	crm_ruleset *rs = NULL, *plain = NULL;
	crm_error err;
	int rc = crm_ruleset_load_buffer(&rs, yaml, n, "expr.yaml", NULL, &err);
	crm_compile_fuse = false;
	int rc_plain = crm_ruleset_load_buffer(&plain, yaml, n, "expr.yaml", NULL, &err);
	crm_compile_fuse = true;
	if ((rc == 0) != (rc_plain == 0))
		abort();
	if (rc == 0) {
		crm_facts *f[2] = {NULL, NULL};
		crm_context *ctx[2] = {NULL, NULL};
		crm_ruleset *both[2] = {rs, plain};
		bool ok = true;
		for (int k = 0; k < 2; k++)
			ok = ok && crm_facts_new(&f[k], both[k]) == 0 &&
			     crm_context_new(&ctx[k], both[k], NULL) == 0;
		static const char *const sets[] = {
			"{i: 7, n: 2.5, m: 1234.56, s: \"complaint 12315 １２３１５ 消費者協會\", b: true,"
			" d: 2026-10-01, t: 2026-10-01T09:00:00+08:00, u: 90 min, l: [a, b], g: B}",
			"{n: -0.5, m: -3, s: \"\", d: 2026-12-31, g: C}",
			"{}",
		};
		for (size_t j = 0; ok && j < sizeof sets / sizeof sets[0]; j++) {
			int got[2], v[2] = {-1, -1};
			char msg[2][sizeof err.message];
			for (int k = 0; k < 2; k++) {
				crm_facts_clear(f[k]);
				crm_facts_set_json(f[k], sets[j], strlen(sets[j]), &err);
				const crm_result *r;
				got[k] = crm_decide(ctx[k], "e", f[k], &r, &err);
				memcpy(msg[k], err.message, sizeof msg[k]);
				if (!got[k])
					crm_result_get_bool(r, "v", &v[k]);
			}
			if (got[0] != got[1] || strcmp(msg[0], msg[1]) != 0 || v[0] != v[1])
				abort();
		}
		for (int k = 0; k < 2; k++) {
			crm_context_free(ctx[k]);
			crm_facts_free(f[k]);
		}
	}
	crm_ruleset_free(rs);
	crm_ruleset_free(plain);
	free(yaml);
	return 0;
}
