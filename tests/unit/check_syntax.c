/* SPDX-License-Identifier: MIT */
/* check_syntax.c - the lexer and the parser (trees printed as s-expressions). */
#include <stdio.h>
#include <string.h>

#include "../../src/expr/expr.h"
#include "../../src/time/civil.h"
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

/* Digits shaped exactly YYYY-MM-DD are one date token; anything else stays
 * arithmetic, as before dates were literals. */
START_TEST(lex_dates)
{
	ck_assert_str_eq(lex_all("2026-11-27"), "date@0");
	ck_assert_str_eq(lex_all("d >= 2026-11-27"), "name@0 '>='@2 date@5");
	ck_assert_str_eq(lex_all("x-2026-11-27"), "name@0 '-'@1 date@2");
	ck_assert_str_eq(lex_all("[2026-01-01..2026-03-31)"), "'['@0 date@1 '..'@11 date@13 ')'@23");
	ck_assert_str_eq(lex_all("2026-12-24, 2026-12-25"), "date@0 ','@10 date@12");
	ck_assert_str_eq(lex_all("2026-02-30"), "date@0"); /* the parser refuses it */
	ck_assert_str_eq(lex_all("2026-11-27T09:00:00+08:00"), "datetime@0");
	ck_assert_str_eq(lex_all("2026-11-27T09:00Z"), "datetime@0");
	ck_assert_str_eq(lex_all("2026-11-27 09:00:00-03:30"), "datetime@0");
	ck_assert_str_eq(lex_all("2026-11-27T09:00"), "datetime@0"); /* no offset: refused later */
	ck_assert_str_eq(lex_all("2026-11-27T09:00:00+0800"), "datetime@0");
	ck_assert_str_eq(lex_all("2026-11-27T09:00:00.5Z"), "datetime@0");
	ck_assert_str_eq(lex_all("2026-11-27T09:00:00Z-hours(1)"),
	                 "datetime@0 '-'@20 name@21 '('@26 integer@27 ')'@28");
	ck_assert_str_eq(lex_all("2026-11-27T09:00:00+08:00 - 2026-11-27"),
	                 "datetime@0 '-'@26 date@28");
	ck_assert_str_eq(lex_all("2026-11-27 - 1"), "date@0 '-'@11 integer@13");
	/* subtraction, as it always was */
	ck_assert_str_eq(lex_all("a-1"), "name@0 '-'@1 integer@2");
	ck_assert_str_eq(lex_all("2026 - 11 - 27"), "integer@0 '-'@5 integer@7 '-'@10 integer@12");
	ck_assert_str_eq(lex_all("2026-11"), "integer@0 '-'@4 integer@5");
	ck_assert_str_eq(lex_all("2026-1-5"), "integer@0 '-'@4 integer@5 '-'@6 integer@7");
	ck_assert_str_eq(lex_all("2026-11-270"), "integer@0 '-'@4 integer@5 '-'@7 integer@8");
	ck_assert_str_eq(lex_all("2026-11-27.5"), "integer@0 '-'@4 integer@5 '-'@7 decimal@8");
	ck_assert_str_eq(lex_all("12026-11-27"), "integer@0 '-'@5 integer@6 '-'@8 integer@9");
	ck_assert_str_eq(lex_all("2026-11-27 9"), "date@0 integer@11");
	/* glued to a name */
	ck_assert_str_eq(lex_all("2026-11-27x"), "ERR@10:unexpected 'x' after a date");
	ck_assert_str_eq(lex_all("2026-11-27T9:00"),
	                 "ERR@10:unexpected 'T' after a date (a datetime is written like "
	                 "2026-11-27T09:00:00+08:00)");
	ck_assert_str_eq(lex_all("2026-11-27T09:00Zulu"), "ERR@17:unexpected 'u' after a datetime");
	ck_assert_str_eq(lex_all("2026-11-27t09:00Z"),
	                 "ERR@10:unexpected 't' after a date (a datetime is written like "
	                 "2026-11-27T09:00:00+08:00)");
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
		else if (n->type == CRM_T_DATE)
			crm_date_format(p, room, n->val.u.i);
		else if (n->type == CRM_T_DATETIME)
			crm_datetime_format(p, room, n->val.u.i, 0);
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
	/* date and datetime literals; spaces make a subtraction */
	{"d >= 2026-11-27", "(cmp '>=' d 2026-11-27)"},
	{"2026-12-25 - 2026-11-27", "(bin '-' 2026-12-25 2026-11-27)"},
	{"2024-02-29", "2024-02-29"},
	{"t < 2026-11-27T09:00:00+08:00", "(cmp '<' t 2026-11-27T01:00:00Z)"},
	{"2026-11-27 09:00-03:30", "2026-11-27T12:30:00Z"},
	{"2026-11-27T09:00:00Z + hours(1)", "(bin '+' 2026-11-27T09:00:00Z (call hours 1))"},
	{"d in [2026-01-01..2026-04-01)", "(in d (range [) 2026-01-01 2026-04-01))"},
	{"-2026-11-27", "(neg 2026-11-27)"},
	{"2026 - 11 - 27", "(bin '-' (bin '-' 2026 11) 27)"},
	{"2026-11", "(bin '-' 2026 11)"},
	{"a-1", "(bin '-' a 1)"},
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
	{">= 2026-01-01", "(cmp '>=' ? 2026-01-01)"},
	{"2026-01-01", "(cmp '=' ? 2026-01-01)"},
	{"[2026-01-01..2026-03-31)", "(in ? (range [) 2026-01-01 2026-03-31))"},
	{"2026-12-24, 2026-12-25", "(or (cmp '=' ? 2026-12-24) (cmp '=' ? 2026-12-25))"},
	{"not(2026-12-25)", "(not (cmp '=' ? 2026-12-25))"},
	{"> 2026-11-27T09:00:00+08:00", "(cmp '>' ? 2026-11-27T01:00:00Z)"},
	{"-1", "(cmp '=' ? -1)"},
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

/* A date-shaped literal that is no date is an error naming it, never
 * 2026 - 02 - 30. */
START_TEST(parse_bad_dates)
{
	static const char date_fix[] = "write a date as YYYY-MM-DD or date(\"YYYY-MM-DD\"), or put "
	                               "spaces around '-' to subtract";
	static const char datetime_fix[] =
		"write an instant like 2026-11-27T09:00:00+08:00 (Z for UTC) or "
		"datetime(\"2026-11-27T09:00:00+08:00\")";
	static const struct {
		const char *src;
		int cell;
		unsigned pos;
		const char *why;
	} cases[] = {
		{"2026-02-30", 0, 0, "'2026-02-30' is not a valid date (February 2026 has 28 days)"},
		{"d = 2025-02-29", 0, 4, "'2025-02-29' is not a valid date (February 2025 has 28 days)"},
		{"2026-04-31", 0, 0, "'2026-04-31' is not a valid date (April 2026 has 30 days)"},
		{"2026-13-01", 0, 0, "'2026-13-01' is not a valid date (there is no month 13)"},
		{"2026-00-01", 0, 0, "'2026-00-01' is not a valid date (there is no month 0)"},
		{"2026-01-00", 0, 0, "'2026-01-00' is not a valid date (there is no day 0)"},
		{"0000-01-01", 0, 0, "'0000-01-01' is not a valid date (years start at 1)"},
		{">= 2026-02-30", 1, 3, "'2026-02-30' is not a valid date (February 2026 has 28 days)"},
		{"[2026-01-01..2026-06-31]", 1, 13,
		 "'2026-06-31' is not a valid date (June 2026 has 30 days)"},
		{"2026-11-27T09:00", 0, 0,
		 "'2026-11-27T09:00' is not a valid datetime (an instant needs its UTC offset, Z or "
		 "like +08:00)"},
		{"2026-11-27T24:00Z", 0, 0,
		 "'2026-11-27T24:00Z' is not a valid datetime (there is no time 24:00)"},
		{"2026-11-27T09:00:60Z", 0, 0,
		 "'2026-11-27T09:00:60Z' is not a valid datetime (there is no second 60)"},
		{"2026-11-27T09:00:00.5Z", 0, 0,
		 "'2026-11-27T09:00:00.5Z' is not a valid datetime (fractions of a second are not "
		 "written)"},
		{"2026-11-27T09:00+0800", 0, 0,
		 "'2026-11-27T09:00+0800' is not a valid datetime (write the UTC offset as +HH:MM or "
		 "-HH:MM)"},
		{"2026-11-27T09:00+19:00", 0, 0,
		 "'2026-11-27T09:00+19:00' is not a valid datetime (there is no UTC offset +19:00: they "
		 "go to 18:00 either way)"},
		{"2026-02-29T09:00Z", 0, 0,
		 "'2026-02-29T09:00Z' is not a valid datetime (February 2026 has 28 days)"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char want[512];
		snprintf(want, sizeof want, "ERR@%u:%s: %s", cases[i].pos, cases[i].why,
		         strstr(cases[i].why, "datetime") ? datetime_fix : date_fix);
		const char *got = parse(cases[i].src, cases[i].cell);
		ck_assert_msg(strcmp(got, want) == 0, "%s\n  got:  %s\n  want: %s", cases[i].src, got,
		              want);
	}
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
	tcase_add_test(tc, lex_dates);
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
	tcase_add_test(tc, parse_bad_dates);
	tcase_add_test(tc, parse_depth_limit);
	suite_add_tcase(s, tc);
	return s;
}
