/* SPDX-License-Identifier: MIT */
/* check_main.c - runs every unit suite; registered with CTest. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "suites.h"


static void *tally_malloc(size_t size, void *ud)
{
	alloc_tally *t = ud;
	size_t *b = malloc(size + sizeof(size_t) * 2); /* two words: alignment kept */
	if (!b)
		return NULL;
	b[0] = size;
	t->allocs++;
	t->live += size;
	if (t->live > t->top)
		t->top = t->live;
	return b + 2;
}

static void tally_free(void *q, void *ud)
{
	if (!q)
		return;
	size_t *b = (size_t *)q - 2;
	((alloc_tally *)ud)->live -= b[0];
	free(b);
}

crm_allocator tally_allocator(alloc_tally *t)
{
	crm_allocator al = {tally_malloc, tally_free, t};
	return al;
}

const crm_load_options rules_root = {CRM_LOAD_OPTIONS_VERSION, NULL, NULL, NULL, 0,
                                     CRM_RULES_DIR};

crm_ruleset *load_ok(const char *yaml)
{
	crm_ruleset *rs = NULL;
	crm_error err;
	int rc = crm_ruleset_load_buffer(&rs, yaml, strlen(yaml), "test.yaml", &rules_root, &err);
	ck_assert_msg(rc == 0, "load failed: %s:%d:%d: %s", err.file, err.line, err.column,
	              err.message);
	return rs;
}

void open_with(crm_ruleset *rs, crm_context **ctx, crm_facts **f)
{
	ck_assert_int_eq(crm_facts_new(f, rs), 0);
	ck_assert_int_eq(crm_context_new(ctx, rs, NULL), 0);
}

void close_all(crm_ruleset *rs, crm_context *ctx, crm_facts *f)
{
	crm_context_free(ctx);
	crm_facts_free(f);
	crm_ruleset_free(rs);
}

int load_err(const char *yaml, crm_error *err)
{
	crm_ruleset *rs = NULL;
	int rc = crm_ruleset_load_buffer(&rs, yaml, strlen(yaml), "test.yaml", &rules_root, err);
	ck_assert_ptr_null(rs);
	ck_assert_int_ne(rc, 0);
	return rc;
}

const char *eval_text(const char *expr)
{
	static char out[1024];
	char yaml[4096];
	/* the output type is found by trying each type in turn */
	static const char *const types[] = {"int", "number", "money", "string", "bool",
	                                    "date", "datetime", "duration", "list of int",
	                                    "list of string", "list of number"};
	crm_error err;
	crm_ruleset *rs = NULL;
	for (size_t i = 0; i < sizeof types / sizeof types[0]; i++) {
		/* a block scalar: the text is an expression, never a literal */
		snprintf(yaml, sizeof yaml,
		         "decisions:\n  e:\n    outputs: { v: %s }\n    rules:\n      - then:\n"
		         "          v: |-\n            %s\n",
		         types[i], expr);
		int rc = crm_ruleset_load_buffer(&rs, yaml, strlen(yaml), "e.yaml", NULL, &err);
		if (rc == 0)
			break;
		if (rc != CRM_ETYPE || !strstr(err.message, "expected")) {
			snprintf(out, sizeof out, "error: %s", err.message);
			return out;
		}
	}
	if (!rs) {
		snprintf(out, sizeof out, "error: %s", err.message);
		return out;
	}
	crm_facts *f;
	crm_context *ctx;
	open_with(rs, &ctx, &f);
	const crm_result *r;
	int rc = crm_decide(ctx, "e", f, &r, &err);
	if (rc) {
		snprintf(out, sizeof out, "error: %s", err.message);
	} else {
		crm_value v = crm_result_output(r, 0);
		crm_value_format(out, sizeof out, &v);
	}
	close_all(rs, ctx, f);
	return out;
}

int main(void)
{
	SRunner *sr = srunner_create(money_suite());
	srunner_add_suite(sr, names_suite());
	srunner_add_suite(sr, civil_suite());
	srunner_add_suite(sr, lexer_suite());
	srunner_add_suite(sr, parser_suite());
	srunner_add_suite(sr, checker_suite());
	srunner_add_suite(sr, vm_suite());
	srunner_add_suite(sr, fuse_suite());
	srunner_add_suite(sr, table_suite());
	srunner_add_suite(sr, loader_suite());
	srunner_add_suite(sr, facts_suite());
	srunner_add_suite(sr, cases_suite());
	srunner_add_suite(sr, enum_suite());
	srunner_add_suite(sr, policy_suite());
	srunner_add_suite(sr, time_suite());
	srunner_add_suite(sr, threads_suite());
	srunner_add_suite(sr, match_suite());
	srunner_add_suite(sr, binding_suite());
	srunner_add_suite(sr, record_suite());
	srunner_add_suite(sr, json_suite());
	srunner_add_suite(sr, explain_suite());
	srunner_add_suite(sr, text_suite());
	srunner_add_suite(sr, outputs_suite());
	srunner_add_suite(sr, generate_suite());
	srunner_add_suite(sr, alloc_suite());
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
