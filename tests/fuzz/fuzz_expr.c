/* SPDX-License-Identifier: MIT */
/* fuzz_expr.c - arbitrary bytes as an expression: compiled in a rule with typed
 * facts, then evaluated over a fixed set of facts. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crmrules.h"

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
	crm_ruleset *rs = NULL;
	crm_error err;
	if (crm_ruleset_load_buffer(&rs, yaml, n, "expr.yaml", NULL, &err) == 0) {
		crm_facts *f;
		crm_context *ctx;
		if (crm_facts_new(&f, rs) == 0 && crm_context_new(&ctx, rs, NULL) == 0) {
			const char *facts = "{i: 7, n: 2.5, m: 1234.56, s: \"complaint 12315 １２３１５ 消費者協會\", b: true,"
			                    " d: 2026-10-01, t: 2026-10-01T09:00:00+08:00, u: 90 min,"
			                    " l: [a, b], g: B}";
			crm_facts_set_json(f, facts, strlen(facts), &err);
			const crm_result *r;
			crm_decide(ctx, "e", f, &r, &err);
			crm_facts_clear(f); /* and with every fact unknown */
			crm_decide(ctx, "e", f, &r, &err);
			crm_context_free(ctx);
		}
		crm_facts_free(f);
		crm_ruleset_free(rs);
	}
	free(yaml);
	return 0;
}
