/* SPDX-License-Identifier: MIT */
/* check_syntax.c - the lexer and the parser (trees printed as s-expressions). */
#include <stdio.h>
#include <string.h>

#include "../../src/expr/expr.h"
#include "suites.h"

/* ---- lexer ---------------------------------------------------------------- */

static const char *lex_all(const char *src)
{
	static char out[512];
	crm_lexer lx;
	crm_token t;
	crm_diag d;
	size_t n = 0;
	crm_lex_init(&lx, src, (uint32_t)strlen(src));
	out[0] = '\0';
	for (;;) {
		if (crm_lex_next(&lx, &t, &d)) {
			snprintf(out, sizeof out, "ERR@%u:%s", d.pos, d.msg);
			return out;
		}
		if (t.kind == TK_EOF)
			break;
		n += (size_t)snprintf(out + n, sizeof out - n, "%s%s@%u", n ? " " : "",
		                      crm_tok_name(t.kind), t.pos);
	}
	return out;
}

START_TEST(lex_tokens)
{
	ck_assert_str_eq(lex_all("a >= 12"), "name@0 '>='@2 integer@5");
	ck_assert_str_eq(lex_all("[6..12)"), "'['@0 integer@1 '..'@2 integer@4 ')'@6");
	ck_assert_str_eq(lex_all("1.50 == x.y"), "decimal@0 '='@5 name@8");
	ck_assert_str_eq(lex_all("not a in b"), "not@0 name@4 in@6 name@9");
	ck_assert_str_eq(lex_all("'it''s'"), "string@0 string@4");
	ck_assert_str_eq(lex_all("\"a\\\"b\" <> 1"), "string@0 '!='@7 integer@10");
	ck_assert_str_eq(lex_all("x matches \"^1\""), "name@0 matches@2 string@10");
}
END_TEST

START_TEST(lex_errors)
{
	ck_assert_str_eq(lex_all("a # b"), "ERR@2:unexpected character '#'");
	ck_assert_str_eq(lex_all("\"open"), "ERR@0:unterminated string");
	ck_assert_str_eq(lex_all("12abc"), "ERR@2:unexpected 'a' after a number");
	ck_assert_str_eq(lex_all("a ! b"), "ERR@2:unexpected '!' (use 'not' or '!=')");
	ck_assert_str_eq(lex_all("x\x01"), "ERR@1:unexpected byte 0x01");
}
END_TEST

/* ---- parser --------------------------------------------------------------- */

static void sexp(const crm_node *n, char *out, size_t size)
{
	size_t len = strlen(out);
	char *p = out + len;
	size_t room = size - len;
	switch (n->kind) {
	case N_LIT:
		if (n->type == CRM_T_STRING)
			snprintf(p, room, "\"%.*s\"", (int)n->val.len, n->val.u.s);
		else if (n->type == CRM_T_BOOL)
			snprintf(p, room, "%s", n->val.u.i ? "true" : "false");
		else if (n->type == CRM_T_NUMBER)
			snprintf(p, room, "%g", n->val.u.n);
		else
			snprintf(p, room, "%lld", (long long)n->val.u.i);
		return;
	case N_NAME:
		snprintf(p, room, "%.*s", (int)n->name_len, n->name);
		return;
	case N_INPUT:
		snprintf(p, room, "?");
		return;
	default:
		break;
	}
	static const char *const names[] = {"lit", "name", "?", "neg", "not", "bin", "cmp", "and",
	                                    "or", "in", "range", "matches", "if", "call", "list",
	                                    "conv"};
	const char *nm = names[n->kind];
	char op[16] = "";
	if (n->kind == N_BIN || n->kind == N_CMP)
		snprintf(op, sizeof op, "%s", crm_tok_name((crm_tok_kind)n->op));
	if (n->kind == N_CALL)
		snprintf(op, sizeof op, "%.*s", (int)n->name_len, n->name);
	if (n->kind == N_RANGE)
		snprintf(op, sizeof op, "%c%c", n->flags & 1 ? '[' : '(', n->flags & 2 ? ']' : ')');
	snprintf(p, room, "(%s%s%s", nm, op[0] ? " " : "", op);
	const crm_node *kids[3] = {n->a, n->b, n->c};
	for (int i = 0; i < 3; i++)
		if (kids[i]) {
			strncat(out, " ", size - strlen(out) - 1);
			sexp(kids[i], out, size);
		}
	for (uint32_t i = 0; i < n->nargs; i++) {
		strncat(out, " ", size - strlen(out) - 1);
		sexp(n->args[i], out, size);
	}
	strncat(out, ")", size - strlen(out) - 1);
}

static const char *parse(const char *src, int cell)
{
	static char out[1024];
	crm_arena ar;
	crm_arena_init(&ar, crm_alloc_default());
	crm_node *n;
	crm_diag d;
	int rc = cell ? crm_parse_unary_tests(&ar, src, (uint32_t)strlen(src), 0, &n, &d)
	              : crm_parse_expr(&ar, src, (uint32_t)strlen(src), &n, &d);
	out[0] = '\0';
	if (rc)
		snprintf(out, sizeof out, "ERR@%u:%s", d.pos, d.msg);
	else if (!n)
		snprintf(out, sizeof out, "any");
	else
		sexp(n, out, sizeof out);
	crm_arena_free(&ar);
	return out;
}

static const struct {
	const char *src, *want;
} expr_cases[] = {
	{"1 + 2 * 3", "(bin '+' 1 (bin '*' 2 3))"},
	{"(1 + 2) * 3", "(bin '*' (bin '+' 1 2) 3)"},
	{"a - b - c", "(bin '-' (bin '-' a b) c)"},
	{"-1.5", "-1.5"},
	{"- x", "(neg x)"},
	{"a and b or c", "(or (and a b) c)"},
	{"not a and b", "(and (not a) b)"},
	{"a = 1 and b != 2", "(and (cmp '=' a 1) (cmp '!=' b 2))"},
	{"x in [6..12)", "(in x (range [) 6 12))"},
	{"x in (0..1]", "(in x (range (] 0 1))"},
	{"x not in [1, 2]", "(not (in x (list 1 2)))"},
	{"t matches \"^a\"", "(matches t \"^a\")"},
	{"if a then 1 else 2", "(if a 1 2)"},
	{"max(a, b * 2)", "(call max a (bin '*' b 2))"},
	{"credit_grade.grade = \"A\"", "(cmp '=' credit_grade.grade \"A\")"},
	{"[]", "(list)"},
	{"f()", "(call f)"},
};

START_TEST(parse_exprs)
{
	ck_assert_str_eq(parse(expr_cases[_i].src, 0), expr_cases[_i].want);
}
END_TEST

static const struct {
	const char *src, *want;
} cell_cases[] = {
	{"-", "any"},
	{"> 12", "(cmp '>' ? 12)"},
	{"[6..12)", "(in ? (range [) 6 12))"},
	{"\"strong\", \"adequate\"", "(or (cmp '=' ? \"strong\") (cmp '=' ? \"adequate\"))"},
	{"not(1, 2)", "(not (or (cmp '=' ? 1) (cmp '=' ? 2)))"},
	{"-5", "(cmp '=' ? -5)"},
	{"true", "(cmp '=' ? true)"},
	{">= high_satisfaction", "(cmp '>=' ? high_satisfaction)"},
	{"< 6, > 12", "(or (cmp '<' ? 6) (cmp '>' ? 12))"},
};

START_TEST(parse_cells)
{
	ck_assert_str_eq(parse(cell_cases[_i].src, 1), cell_cases[_i].want);
}
END_TEST

START_TEST(parse_errors)
{
	ck_assert_str_eq(parse("1 +", 0), "ERR@3:expected a value, found end of expression");
	ck_assert_str_eq(parse("(1", 0), "ERR@2:expected ')', found end of expression");
	ck_assert_str_eq(parse("a b", 0), "ERR@2:unexpected name after the expression");
	ck_assert_str_eq(parse("if a then b", 0), "ERR@11:expected else, found end of expression");
	ck_assert_str_eq(parse("x in [1..2", 0),
	                 "ERR@10:expected ']' or ')' to close the range, found end of expression");
	ck_assert_str_eq(parse("", 0), "ERR@0:empty expression");
	ck_assert_str_eq(parse("", 1), "ERR@0:empty cell (write '-' for any value)");
	ck_assert_str_eq(parse("a not b", 0), "ERR@2:expected 'in' after 'not'");
	ck_assert_str_eq(parse("\"\\q\"", 0), "ERR@1:unknown escape '\\q' in string");
}
END_TEST

START_TEST(parse_depth_limit)
{
	/* deep nesting fails cleanly, without exhausting the C stack */
	char src[4096];
	size_t n = 0;
	for (int i = 0; i < 1000; i++)
		src[n++] = '(';
	src[n++] = '1';
	for (int i = 0; i < 1000; i++)
		src[n++] = ')';
	src[n] = '\0';
	const char *r = parse(src, 0);
	ck_assert_msg(strstr(r, "nested too deeply") != NULL, "%s", r);
	n = 0;
	for (int i = 0; i < 2000; i++)
		src[n++] = '-';
	src[n++] = 'x';
	src[n] = '\0';
	r = parse(src, 0);
	ck_assert_msg(strstr(r, "nested too deeply") != NULL, "%s", r);
}
END_TEST

Suite *lexer_suite(void)
{
	Suite *s = suite_create("lexer");
	TCase *tc = tcase_create("lexer");
	tcase_add_test(tc, lex_tokens);
	tcase_add_test(tc, lex_errors);
	suite_add_tcase(s, tc);
	return s;
}

Suite *parser_suite(void)
{
	Suite *s = suite_create("parser");
	TCase *tc = tcase_create("parser");
	tcase_add_loop_test(tc, parse_exprs, 0, (int)(sizeof expr_cases / sizeof expr_cases[0]));
	tcase_add_loop_test(tc, parse_cells, 0, (int)(sizeof cell_cases / sizeof cell_cases[0]));
	tcase_add_test(tc, parse_errors);
	tcase_add_test(tc, parse_depth_limit);
	suite_add_tcase(s, tc);
	return s;
}
