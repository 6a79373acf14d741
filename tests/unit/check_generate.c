/* SPDX-License-Identifier: MIT */
/* check_generate.c - crm_generate_c's options as text: the outputs a
 * generated struct holds (version 2) and each way they are refused; the
 * generated code's answers are tests/gen's. */
#include <stdlib.h>
#include <string.h>

#include "suites.h"

static const char *const yaml =
	"facts: { n: int, m: money }\n"
	"decisions:\n"
	"  first:\n"
	"    inputs: [n]\n"
	"    outputs: { amount: money, days: int, kind: { type: string, values: [none, some] } }\n"
	"    rules:\n"
	"      - { if: ['< 0'], then: { amount: '0', days: 777001, kind: '\"none\"' } }\n"
	"      - { if: ['>= 0'], then: { amount: m, days: 777002, kind: '\"some\"' } }\n"
	"  any:\n"
	"    inputs: [n]\n"
	"    outputs: { band: { type: string, values: [low, high] }, days: int }\n"
	"    hit: any\n"
	"    rules:\n"
	"      - { if: ['< 10'], then: { band: '\"low\"', days: 777003 } }\n"
	"      - { if: ['< 5'], then: { band: '\"low\"', days: 777004 } }\n";

typedef struct text {
	char *s;
	size_t len;
} text;

static int keep(void *ud, const char *bytes, size_t len)
{
	text *t = ud;
	char *s = realloc(t->s, t->len + len + 1);
	if (!s)
		return 1;
	memcpy(s + t->len, bytes, len);
	t->len += len;
	s[t->len] = '\0';
	t->s = s;
	return 0;
}

/* Generate decision name of rs with outputs (n of them; NULL: every one)
 * and options version; the code, the .c and .h texts in c and h. */
static int generate(const crm_ruleset *rs, const char *name, const char *const *outputs,
                    size_t n, unsigned version, text *c, text *h, crm_error *err)
{
	crm_gen_options o;
	memset(&o, 0, sizeof o);
	o.version = version;
	o.outputs = outputs;
	o.noutputs = n;
	memset(c, 0, sizeof *c);
	memset(h, 0, sizeof *h);
	return crm_generate_c(rs, crm_decision_find(rs, name), &o, keep, c, keep, h, err);
}

START_TEST(only_outputs_named)
{
	crm_ruleset *rs = load_ok(yaml);
	crm_error err;
	text c, h;
	/* every output: each constant written, each member declared */
	ck_assert_int_eq(generate(rs, "first", NULL, 0, CRM_GEN_OPTIONS_VERSION, &c, &h, &err), 0);
	ck_assert_ptr_nonnull(strstr(c.s, "777001"));
	ck_assert_ptr_nonnull(strstr(h.s, "int64_t days;"));
	ck_assert_ptr_nonnull(strstr(h.s, "int32_t kind;"));
	free(c.s);
	free(h.s);
	/* the amount alone: the others are neither declared nor worked out */
	const char *amount[] = {"amount"};
	ck_assert_int_eq(generate(rs, "first", amount, 1, CRM_GEN_OPTIONS_VERSION, &c, &h, &err),
	                 0);
	ck_assert_ptr_null(strstr(c.s, "777001"));
	ck_assert_ptr_null(strstr(c.s, "777002"));
	ck_assert_ptr_null(strstr(h.s, "int64_t days;"));
	ck_assert_ptr_null(strstr(h.s, "int32_t kind;"));
	ck_assert_ptr_nonnull(strstr(h.s, "int64_t amount;"));
	ck_assert_ptr_nonnull(strstr(c.s, "{\"amount\", offsetof(first_out, amount)"));
	ck_assert_ptr_null(strstr(c.s, "{\"days\""));
	free(c.s);
	free(h.s);
	/* an any table compares every output of the rules that match: its
	 * constants are still worked out, only the struct leaves them out */
	const char *band[] = {"band"};
	ck_assert_int_eq(generate(rs, "any", band, 1, CRM_GEN_OPTIONS_VERSION, &c, &h, &err), 0);
	ck_assert_ptr_nonnull(strstr(c.s, "777003"));
	ck_assert_ptr_nonnull(strstr(c.s, "777004"));
	ck_assert_ptr_null(strstr(h.s, "int64_t days;"));
	ck_assert_ptr_nonnull(strstr(h.s, "int32_t band;"));
	free(c.s);
	free(h.s);
	/* options of version 1 have no outputs: every one */
	ck_assert_int_eq(generate(rs, "first", NULL, 0, 1, &c, &h, &err), 0);
	ck_assert_ptr_nonnull(strstr(h.s, "int64_t days;"));
	free(c.s);
	free(h.s);
	crm_ruleset_free(rs);
}
END_TEST

START_TEST(outputs_refused)
{
	crm_ruleset *rs = load_ok(yaml);
	crm_error err;
	text c, h;
	const char *unknown[] = {"amount", "limit"};
	ck_assert_int_eq(generate(rs, "first", unknown, 2, CRM_GEN_OPTIONS_VERSION, &c, &h, &err),
	                 CRM_EUNKNOWN);
	ck_assert_str_eq(err.message, "decision 'first' has no output 'limit'");
	ck_assert_ptr_null(c.s); /* nothing written */
	ck_assert_ptr_null(h.s);
	const char *twice[] = {"days", "amount", "days"};
	ck_assert_int_eq(generate(rs, "first", twice, 3, CRM_GEN_OPTIONS_VERSION, &c, &h, &err),
	                 CRM_EINVAL);
	ck_assert_str_eq(err.message, "output 'days' is named twice");
	const char *none[] = {"amount"};
	ck_assert_int_eq(generate(rs, "first", none, 0, CRM_GEN_OPTIONS_VERSION, &c, &h, &err),
	                 CRM_EINVAL);
	ck_assert_str_eq(err.message, "no output named (outputs is empty)");
	const char *null_name[] = {NULL};
	ck_assert_int_eq(generate(rs, "first", null_name, 1, CRM_GEN_OPTIONS_VERSION, &c, &h, &err),
	                 CRM_EUNKNOWN);
	ck_assert_int_eq(generate(rs, "first", NULL, 0, CRM_GEN_OPTIONS_VERSION + 1, &c, &h, &err),
	                 CRM_EINVAL);
	ck_assert_int_eq(generate(rs, "first", NULL, 0, 0, &c, &h, &err), CRM_EINVAL);
	ck_assert_ptr_null(c.s);
	crm_ruleset_free(rs);
}
END_TEST

Suite *generate_suite(void)
{
	Suite *s = suite_create("generate");
	TCase *tc = tcase_create("core");
	tcase_add_test(tc, only_outputs_named);
	tcase_add_test(tc, outputs_refused);
	suite_add_tcase(s, tc);
	return s;
}
