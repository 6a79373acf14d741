/* SPDX-License-Identifier: MIT */
/* suites.h - the Check suites of the unit runner, and shared test helpers. */
#ifndef CRM_TEST_SUITES_H
#define CRM_TEST_SUITES_H

#include <check.h>

#include "crmrules.h"

Suite *money_suite(void);
Suite *names_suite(void);
Suite *civil_suite(void);
Suite *lexer_suite(void);
Suite *parser_suite(void);
Suite *checker_suite(void);
Suite *vm_suite(void);
Suite *table_suite(void);
Suite *loader_suite(void);
Suite *facts_suite(void);
Suite *cases_suite(void);
Suite *alloc_suite(void);
Suite *enum_suite(void);
Suite *policy_suite(void);
Suite *time_suite(void);
Suite *threads_suite(void);
Suite *match_suite(void);
Suite *binding_suite(void);
Suite *record_suite(void);
Suite *json_suite(void);
Suite *explain_suite(void);
Suite *text_suite(void);
Suite *outputs_suite(void);
Suite *generate_suite(void);
Suite *fuse_suite(void);

/* An allocator for tests that counts: calls, bytes live and their peak
 * (each block carries its size). tally_allocator's ud is t. */
typedef struct alloc_tally {
	long allocs;
	size_t live, top;
} alloc_tally;
crm_allocator tally_allocator(alloc_tally *t);

/* Options that let a buffer include the shipped rules (include_root is
 * rules/), as load_ok and load_err load. */
extern const crm_load_options rules_root;
/* Load YAML text; fails the test on error (with the error text). */
crm_ruleset *load_ok(const char *yaml);
/* A context and a facts record for rs (default allocator); close_all
 * frees the three. */
void open_with(crm_ruleset *rs, crm_context **ctx, crm_facts **f);
void close_all(crm_ruleset *rs, crm_context *ctx, crm_facts *f);
/* Load YAML text that must fail; returns the code, message in err. */
int load_err(const char *yaml, crm_error *err);
/* Evaluate an expression over no facts and format its value as JSON; a
 * load or runtime error is returned as "error: <message>". */
const char *eval_text(const char *expr);

#endif
