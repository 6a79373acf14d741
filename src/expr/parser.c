/* SPDX-License-Identifier: MIT */
/* parser.c - recursive-descent parser for expressions and unary-test cells. */
#include <stdio.h>
#include <string.h>

#include "../time/civil.h"
#include "expr.h"

typedef struct parser {
	crm_arena *ar;
	crm_lexer lx;
	crm_token tok;  /* current token */
	crm_diag *d;
	int depth;
	int rc;
} parser;

crm_node *crm_node_new(crm_arena *ar, crm_node_kind kind, uint32_t pos, uint32_t end)
{
	crm_node *n = crm_arena_alloc(ar, sizeof *n);
	if (!n)
		return NULL;
	n->kind = (uint8_t)kind;
	n->pos = pos;
	n->end = end;
	n->ref = -1;
	return n;
}

static bool fail(parser *p, int code, uint32_t pos, const char *fmt, const char *arg)
{
	if (!p->rc)
		p->rc = crm_diag_set(p->d, code, pos, fmt, arg);
	return false;
}

static bool advance(parser *p)
{
	if (p->rc)
		return false;
	int rc = crm_lex_next(&p->lx, &p->tok, p->d);
	if (rc) {
		p->rc = rc;
		return false;
	}
	return true;
}

static bool expect(parser *p, crm_tok_kind k)
{
	if (p->tok.kind != k) {
		char what[64];
		snprintf(what, sizeof what, "%s", crm_tok_name(k));
		char msg[160];
		snprintf(msg, sizeof msg, "expected %s, found %s", what,
		         crm_tok_name(p->tok.kind));
		return fail(p, CRM_ESYNTAX, p->tok.pos, "%s", msg);
	}
	return advance(p);
}

static crm_node *mk(parser *p, crm_node_kind kind, uint32_t pos, uint32_t end)
{
	crm_node *n = crm_node_new(p->ar, kind, pos, end);
	if (!n && !p->rc)
		p->rc = crm_diag_set(p->d, CRM_ENOMEM, pos, "out of memory");
	return n;
}

static bool enter(parser *p)
{
	if (++p->depth > CRM_LIMIT_EXPR_DEPTH)
		return fail(p, CRM_ELIMIT, p->tok.pos,
		            "expression nested too deeply (limit %s)", "128");
	return true;
}

static crm_node *parse_expr(parser *p);
static crm_node *parse_add(parser *p);

/* Decode a quoted string token (escapes \" \' \\ \n \t \r). */
static crm_node *string_lit(parser *p)
{
	const crm_token *t = &p->tok;
	char *out = crm_arena_alloc(p->ar, t->len);
	if (!out) {
		p->rc = crm_diag_set(p->d, CRM_ENOMEM, t->pos, "out of memory");
		return NULL;
	}
	uint32_t n = 0;
	for (uint32_t i = 1; i + 1 < t->len; i++) {
		char c = t->text[i];
		if (c == '\\' && i + 2 < t->len) {
			c = t->text[++i];
			switch (c) {
			case 'n': c = '\n'; break;
			case 't': c = '\t'; break;
			case 'r': c = '\r'; break;
			case '"': case '\'': case '\\': break;
			default:
				fail(p, CRM_ESYNTAX, t->pos + i - 1,
				     "unknown escape '\\%s' in string", (char[]){c, 0});
				return NULL;
			}
		}
		out[n++] = c;
	}
	if (!crm_utf8_valid(out, n)) {
		fail(p, CRM_ESYNTAX, t->pos, "string is not valid UTF-8%s", "");
		return NULL;
	}
	crm_node *nd = mk(p, N_LIT, t->pos, t->pos + t->len);
	if (nd) {
		nd->val = crm_val_str(out, n);
		nd->type = CRM_T_STRING;
	}
	return nd;
}

static crm_node *number_lit(parser *p)
{
	const crm_token *t = &p->tok;
	crm_node *n = mk(p, N_LIT, t->pos, t->pos + t->len);
	if (!n)
		return NULL;
	crm_decimal dec;
	int rc = crm_decimal_parse(&dec, t->text, t->len);
	if (rc) {
		fail(p, CRM_EOVERFLOW, t->pos, "number %s is too large",
		     "literal");
		return NULL;
	}
	n->dec_mant = dec.mant;
	n->dec_scale = dec.scale;
	if (t->kind == TK_INT) {
		n->val = crm_val_int(CRM_T_INT, dec.mant);
		n->type = CRM_T_INT;
	} else {
		double v = (double)dec.mant;
		for (int i = 0; i < dec.scale; i++)
			v /= 10;
		n->val = crm_val_num(v);
		n->type = CRM_T_NUMBER;
		n->lit = LIT_DECIMAL;
	}
	return n;
}

static unsigned num2(const char *s)
{
	return (unsigned)(s[0] - '0') * 10 + (unsigned)(s[1] - '0');
}

/* Why s, shaped YYYY-MM-DD, is no date ("" when it is one). */
static void date_problem(const char *s, char *buf, size_t size)
{
	static const char *const months[12] = {"January", "February", "March",     "April",
	                                       "May",     "June",     "July",      "August",
	                                       "September", "October", "November", "December"};
	unsigned y = num2(s) * 100 + num2(s + 2), m = num2(s + 5), d = num2(s + 8);
	buf[0] = '\0';
	if (y < CRM_YEAR_MIN)
		snprintf(buf, size, "years start at %d", CRM_YEAR_MIN);
	else if (m < 1 || m > 12)
		snprintf(buf, size, "there is no month %u", m);
	else if (d < 1)
		snprintf(buf, size, "there is no day 0");
	else if (!crm_civil_valid(y, m, d)) {
		int64_t len = crm_days_from_civil(m == 12 ? y + 1 : y, m == 12 ? 1 : m + 1, 1) -
		              crm_days_from_civil(y, m, 1);
		snprintf(buf, size, "%s %u has %d days", months[m - 1], y, (int)len);
	}
}

/* Why t, a TK_DATETIME token, is no instant (crm_datetime_parse said rc). */
static void datetime_problem(const char *s, uint32_t len, int rc, char *buf, size_t size)
{
	if (rc == CRM_ERANGE) {
		snprintf(buf, size, "it is outside the instants %s", CRM_INSTANTS_TEXT);
		return;
	}
	date_problem(s, buf, size);
	if (buf[0])
		return;
	unsigned hh = num2(s + 11), mm = num2(s + 14);
	uint32_t i = 16;
	if (hh > 23 || mm > 59) {
		snprintf(buf, size, "there is no time %.5s", s + 11);
		return;
	}
	if (i < len && s[i] == ':') {
		if (num2(s + i + 1) > 59) {
			snprintf(buf, size, "there is no second %.2s", s + i + 1);
			return;
		}
		i += 3;
	}
	if (i < len && s[i] == '.')
		snprintf(buf, size, "fractions of a second are not written");
	else if (i == len)
		snprintf(buf, size, "an instant needs its UTC offset, Z or like +08:00");
	else if (len - i != 6)
		snprintf(buf, size, "write the UTC offset as +HH:MM or -HH:MM");
	else
		snprintf(buf, size, "there is no UTC offset %.6s: they go to 18:00 either way", s + i);
}

/* A date or datetime literal: 2026-11-27, 2026-11-27T09:00:00+08:00. A
 * date-shaped token that is no real date is an error that names it, never
 * arithmetic. */
static crm_node *date_lit(parser *p)
{
	const crm_token *t = &p->tok;
	int64_t v;
	bool date = t->kind == TK_DATE;
	int rc = date ? crm_date_parse(&v, t->text, t->len) : crm_datetime_parse(&v, t->text, t->len);
	if (rc) {
		char why[96];
		if (date)
			date_problem(t->text, why, sizeof why);
		else
			datetime_problem(t->text, t->len, rc, why, sizeof why);
		if (!p->rc)
			p->rc = crm_diag_set(
				p->d, CRM_ESYNTAX, t->pos,
				date ? "'%.*s' is not a valid date (%s): write a date as YYYY-MM-DD or "
				       "date(\"YYYY-MM-DD\"), or put spaces around '-' to subtract"
				     : "'%.*s' is not a valid datetime (%s): write an instant like "
				       "2026-11-27T09:00:00+08:00 (Z for UTC) or "
				       "datetime(\"2026-11-27T09:00:00+08:00\")",
				(int)t->len, t->text, why);
		return NULL;
	}
	crm_node *n = mk(p, N_LIT, t->pos, t->pos + t->len);
	if (n) {
		n->type = date ? CRM_T_DATE : CRM_T_DATETIME;
		n->val = crm_val_int(n->type, v);
	}
	return n;
}

/* '[' or '(' already consumed; first is the expression after it.
 * range := ('['|'(') add '..' add (']'|')') */
static crm_node *finish_range(parser *p, crm_node *first, bool lo_closed, uint32_t pos)
{
	if (!expect(p, TK_DOTDOT))
		return NULL;
	crm_node *hi = parse_add(p);
	if (!hi)
		return NULL;
	bool hi_closed;
	if (p->tok.kind == TK_RBRACK)
		hi_closed = true;
	else if (p->tok.kind == TK_RPAREN)
		hi_closed = false;
	else {
		fail(p, CRM_ESYNTAX, p->tok.pos, "expected ']' or ')' to close the range, found %s",
		     crm_tok_name(p->tok.kind));
		return NULL;
	}
	uint32_t end = p->tok.pos + p->tok.len;
	if (!advance(p))
		return NULL;
	crm_node *r = mk(p, N_RANGE, pos, end);
	if (!r)
		return NULL;
	r->a = first;
	r->b = hi;
	r->flags = (uint8_t)((lo_closed ? 1 : 0) | (hi_closed ? 2 : 0));
	return r;
}

static bool add_arg(parser *p, crm_node *n, crm_node *arg, uint32_t *cap)
{
	if (n->nargs == *cap) {
		uint32_t nc = *cap ? *cap * 2 : 4;
		crm_node **na = crm_arena_alloc(p->ar, nc * sizeof *na);
		if (!na) {
			p->rc = crm_diag_set(p->d, CRM_ENOMEM, arg->pos, "out of memory");
			return false;
		}
		if (n->nargs)
			memcpy(na, n->args, n->nargs * sizeof *na);
		n->args = na;
		*cap = nc;
	}
	n->args[n->nargs++] = arg;
	return true;
}

/* primary := INT | DEC | STR | DATE | DATETIME | true | false | NAME [ '(' args ')' ]
 *          | '(' expr ')' | '(' add '..' add (']'|')')
 *          | '[' [expr {',' expr}] ']' | '[' add '..' add (']'|')') */
static crm_node *parse_primary(parser *p)
{
	crm_token t = p->tok;
	crm_node *n;
	switch (t.kind) {
	case TK_INT:
	case TK_DEC:
		n = number_lit(p);
		return n && advance(p) ? n : NULL;
	case TK_STR:
		n = string_lit(p);
		return n && advance(p) ? n : NULL;
	case TK_DATE:
	case TK_DATETIME:
		n = date_lit(p);
		return n && advance(p) ? n : NULL;
	case TK_TRUE:
	case TK_FALSE:
		n = mk(p, N_LIT, t.pos, t.pos + t.len);
		if (!n)
			return NULL;
		n->val = crm_val_int(CRM_T_BOOL, t.kind == TK_TRUE);
		n->type = CRM_T_BOOL;
		return advance(p) ? n : NULL;
	case TK_NAME:
		if (!advance(p))
			return NULL;
		if (p->tok.kind == TK_LPAREN) {
			n = mk(p, N_CALL, t.pos, t.pos + t.len);
			if (!n || !advance(p))
				return NULL;
			n->name = t.text;
			n->name_len = t.len;
			uint32_t cap = 0;
			if (p->tok.kind != TK_RPAREN) {
				for (;;) {
					crm_node *arg = parse_expr(p);
					if (!arg || !add_arg(p, n, arg, &cap))
						return NULL;
					if (p->tok.kind != TK_COMMA)
						break;
					if (!advance(p))
						return NULL;
				}
			}
			n->end = p->tok.pos + 1;
			return expect(p, TK_RPAREN) ? n : NULL;
		}
		n = mk(p, N_NAME, t.pos, t.pos + t.len);
		if (!n)
			return NULL;
		n->name = t.text;
		n->name_len = t.len;
		return n;
	case TK_LPAREN: {
		if (!advance(p))
			return NULL;
		crm_node *e = parse_expr(p);
		if (!e)
			return NULL;
		if (p->tok.kind == TK_DOTDOT)
			return finish_range(p, e, false, t.pos);
		return expect(p, TK_RPAREN) ? e : NULL;
	}
	case TK_LBRACK: {
		if (!advance(p))
			return NULL;
		n = mk(p, N_LIST, t.pos, t.pos);
		if (!n)
			return NULL;
		uint32_t cap = 0;
		if (p->tok.kind != TK_RBRACK) {
			crm_node *e = parse_expr(p);
			if (!e)
				return NULL;
			if (p->tok.kind == TK_DOTDOT)
				return finish_range(p, e, true, t.pos);
			if (!add_arg(p, n, e, &cap))
				return NULL;
			while (p->tok.kind == TK_COMMA) {
				if (!advance(p) || !(e = parse_expr(p)) || !add_arg(p, n, e, &cap))
					return NULL;
			}
		}
		n->end = p->tok.pos + 1;
		return expect(p, TK_RBRACK) ? n : NULL;
	}
	default:
		fail(p, CRM_ESYNTAX, t.pos, "expected a value, found %s",
		     crm_tok_name(t.kind));
		return NULL;
	}
}

/* unary := '-' unary | primary */
static crm_node *parse_unary(parser *p)
{
	if (p->tok.kind != TK_MINUS)
		return parse_primary(p);
	uint32_t pos = p->tok.pos;
	if (!enter(p) || !advance(p))
		return NULL;
	crm_node *a = parse_unary(p);
	p->depth--;
	if (!a)
		return NULL;
	if (a->kind == N_LIT && (a->type == CRM_T_INT || a->type == CRM_T_NUMBER) &&
	    a->dec_mant != INT64_MIN) {
		/* Keep -1.5 an exact literal. */
		a->dec_mant = -a->dec_mant;
		if (a->type == CRM_T_INT)
			a->val.u.i = -a->val.u.i;
		else
			a->val.u.n = -a->val.u.n;
		a->pos = pos;
		return a;
	}
	crm_node *n = mk(p, N_NEG, pos, a->end);
	if (n)
		n->a = a;
	return n;
}

static crm_node *binary(parser *p, crm_node_kind kind, crm_tok_kind op,
                        crm_node *a, crm_node *b)
{
	crm_node *n = mk(p, kind, a->pos, b->end);
	if (!n)
		return NULL;
	n->op = (uint16_t)op;
	n->a = a;
	n->b = b;
	return n;
}

/* Operands of one chain of 'and', 'or' or ',' as they are read. */
typedef struct operands {
	crm_node *local[32], **v;
	size_t n, cap;
} operands;

static bool operand_add(parser *p, operands *o, crm_node *x)
{
	if (!x)
		return false;
	if (o->n == CRM_ARRAY_LEN(o->local)) {
		o->v = NULL;
		o->cap = 0;
		if (!crm_arena_grow(p->ar, (void **)&o->v, &o->cap, o->n * 2, sizeof *o->v)) {
			p->rc = crm_diag_set(p->d, CRM_ENOMEM, x->pos, "out of memory");
			return false;
		}
		memcpy(o->v, o->local, o->n * sizeof *o->v);
	} else if (o->n > CRM_ARRAY_LEN(o->local) &&
	           !crm_arena_grow(p->ar, (void **)&o->v, &o->cap, o->n + 1, sizeof *o->v)) {
		p->rc = crm_diag_set(p->d, CRM_ENOMEM, x->pos, "out of memory");
		return false;
	}
	crm_node **at = o->n < CRM_ARRAY_LEN(o->local) ? o->local : o->v;
	at[o->n++] = x;
	return true;
}

static crm_node *operands_join(parser *p, operands *o, crm_node_kind kind)
{
	crm_node *n = crm_node_join(p->ar, kind, o->n <= CRM_ARRAY_LEN(o->local) ? o->local : o->v,
	                            o->n, 0);
	if (!n && !p->rc)
		p->rc = crm_diag_set(p->d, CRM_ENOMEM, o->local[0]->pos, "out of memory");
	return n;
}

static crm_node *join_range(crm_arena *ar, crm_node_kind kind, crm_node **v, size_t n,
                            uint8_t type)
{
	if (n == 1)
		return v[0];
	crm_node *a = join_range(ar, kind, v, n / 2, type);
	crm_node *b = a ? join_range(ar, kind, v + n / 2, n - n / 2, type) : NULL;
	crm_node *x = b ? crm_node_new(ar, kind, a->pos, b->end) : NULL;
	if (!x)
		return NULL;
	x->op = kind == N_AND ? TK_AND : TK_OR;
	x->a = a;
	x->b = b;
	x->type = type;
	if (type)
		x->flags = (uint8_t)(a->flags & b->flags & CRM_NODE_CONST);
	return x;
}

crm_node *crm_node_join(crm_arena *ar, crm_node_kind kind, crm_node **v, size_t n, uint8_t type)
{
	if (n > 32)
		return join_range(ar, kind, v, n, type);
	crm_node *a = v[0];
	for (size_t i = 1; i < n && a; i++)
		a = join_range(ar, kind, (crm_node *[]){a, v[i]}, 2, type);
	return a;
}

/* mul := unary {('*'|'/'|'%') unary} */
static crm_node *parse_mul(parser *p)
{
	crm_node *a = parse_unary(p);
	while (a && (p->tok.kind == TK_STAR || p->tok.kind == TK_SLASH ||
	             p->tok.kind == TK_PERCENT)) {
		crm_tok_kind op = p->tok.kind;
		if (!advance(p))
			return NULL;
		crm_node *b = parse_unary(p);
		a = b ? binary(p, N_BIN, op, a, b) : NULL;
	}
	return a;
}

/* add := mul {('+'|'-') mul} */
static crm_node *parse_add(parser *p)
{
	if (!enter(p))
		return NULL;
	crm_node *a = parse_mul(p);
	while (a && (p->tok.kind == TK_PLUS || p->tok.kind == TK_MINUS)) {
		crm_tok_kind op = p->tok.kind;
		if (!advance(p))
			return NULL;
		crm_node *b = parse_mul(p);
		a = b ? binary(p, N_BIN, op, a, b) : NULL;
	}
	p->depth--;
	return a;
}

static bool is_relop(crm_tok_kind k)
{
	return k >= TK_EQ && k <= TK_GE;
}

/* cmp := add [relop add | ['not'] 'in' add | 'matches' add] */
static crm_node *parse_cmp(parser *p)
{
	crm_node *a = parse_add(p);
	if (!a)
		return NULL;
	crm_tok_kind k = p->tok.kind;
	if (is_relop(k)) {
		if (!advance(p))
			return NULL;
		crm_node *b = parse_add(p);
		return b ? binary(p, N_CMP, k, a, b) : NULL;
	}
	bool negate = false;
	uint32_t npos = p->tok.pos;
	if (k == TK_NOT) {
		/* only "a not in b" may follow a value */
		if (!advance(p))
			return NULL;
		if (p->tok.kind != TK_IN) {
			fail(p, CRM_ESYNTAX, npos, "expected 'in' after 'not'%s", "");
			return NULL;
		}
		negate = true;
		k = TK_IN;
	}
	if (k == TK_IN) {
		if (!advance(p))
			return NULL;
		crm_node *b = parse_add(p);
		crm_node *n = b ? binary(p, N_IN, k, a, b) : NULL;
		if (n && negate) {
			crm_node *nn = mk(p, N_NOT, n->pos, n->end);
			if (nn)
				nn->a = n;
			return nn;
		}
		return n;
	}
	if (k == TK_MATCHES) {
		if (!advance(p))
			return NULL;
		crm_node *b = parse_add(p);
		return b ? binary(p, N_MATCH, k, a, b) : NULL;
	}
	return a;
}

/* not := 'not' not | cmp */
static crm_node *parse_not(parser *p)
{
	if (p->tok.kind != TK_NOT)
		return parse_cmp(p);
	uint32_t pos = p->tok.pos;
	if (!enter(p) || !advance(p))
		return NULL;
	crm_node *a = parse_not(p);
	p->depth--;
	if (!a)
		return NULL;
	crm_node *n = mk(p, N_NOT, pos, a->end);
	if (n)
		n->a = a;
	return n;
}

/* and := not {'and' not} (a long chain is built balanced: crm_node_join) */
static crm_node *parse_and(parser *p)
{
	operands o = {.n = 0};
	if (!operand_add(p, &o, parse_not(p)))
		return NULL;
	while (p->tok.kind == TK_AND)
		if (!advance(p) || !operand_add(p, &o, parse_not(p)))
			return NULL;
	return operands_join(p, &o, N_AND);
}

/* or := and {'or' and} */
static crm_node *parse_or(parser *p)
{
	operands o = {.n = 0};
	if (!operand_add(p, &o, parse_and(p)))
		return NULL;
	while (p->tok.kind == TK_OR)
		if (!advance(p) || !operand_add(p, &o, parse_and(p)))
			return NULL;
	return operands_join(p, &o, N_OR);
}

/* expr := 'if' expr 'then' expr 'else' expr | or */
static crm_node *parse_expr(parser *p)
{
	if (!enter(p))
		return NULL;
	crm_node *n;
	if (p->tok.kind == TK_IF) {
		uint32_t pos = p->tok.pos;
		n = mk(p, N_IF, pos, pos);
		if (!n || !advance(p) || !(n->a = parse_expr(p)) || !expect(p, TK_THEN) ||
		    !(n->b = parse_expr(p)) || !expect(p, TK_ELSE) ||
		    !(n->c = parse_expr(p)))
			n = NULL;
		else
			n->end = n->c->end;
	} else {
		n = parse_or(p);
	}
	p->depth--;
	return n;
}

static int start(parser *p, crm_arena *ar, const char *src, uint32_t len, crm_diag *d)
{
	memset(p, 0, sizeof *p);
	p->ar = ar;
	p->d = d;
	if (len > CRM_LIMIT_EXPR_LENGTH)
		return crm_diag_set(d, CRM_ELIMIT, 0,
		                    "expression longer than %d bytes", CRM_LIMIT_EXPR_LENGTH);
	crm_lex_init(&p->lx, src, len);
	advance(p);
	return p->rc;
}

static int finish(parser *p, crm_node *n, crm_node **out)
{
	if (n && p->tok.kind != TK_EOF)
		fail(p, CRM_ESYNTAX, p->tok.pos, "unexpected %s after the expression",
		     crm_tok_name(p->tok.kind));
	if (p->rc)
		return p->rc;
	*out = n;
	return 0;
}

int crm_parse_expr(crm_arena *ar, const char *src, uint32_t len, crm_node **out,
                   crm_diag *d)
{
	parser p;
	*out = NULL;
	if (start(&p, ar, src, len, d))
		return p.rc ? p.rc : d->code;
	if (p.tok.kind == TK_EOF)
		return crm_diag_set(d, CRM_ESYNTAX, 0, "empty expression");
	return finish(&p, parse_expr(&p), out);
}

/* One positive test against the input:
 * test := relop add | range | add   (a plain value means '=') */
static crm_node *parse_test(parser *p, int input)
{
	crm_token t = p->tok;
	crm_node *in = mk(p, N_INPUT, t.pos, t.pos);
	if (!in)
		return NULL;
	in->ref = input;
	if (is_relop(t.kind)) {
		if (!advance(p))
			return NULL;
		crm_node *b = parse_add(p);
		return b ? binary(p, N_CMP, t.kind, in, b) : NULL;
	}
	crm_node *v = parse_add(p);
	if (!v)
		return NULL;
	if (v->kind == N_RANGE)
		return binary(p, N_IN, TK_IN, in, v);
	return binary(p, N_CMP, TK_EQ, in, v);
}

/* tests := '-' | 'not' '(' tests ')' | test {',' test} */
static crm_node *parse_tests(parser *p, int input)
{
	if (p->tok.kind == TK_NOT) {
		uint32_t pos = p->tok.pos;
		if (!enter(p) || !advance(p) || !expect(p, TK_LPAREN))
			return NULL;
		crm_node *a = parse_tests(p, input);
		if (!a || !expect(p, TK_RPAREN))
			return NULL;
		p->depth--;
		crm_node *n = mk(p, N_NOT, pos, a->end);
		if (n)
			n->a = a;
		return n;
	}
	operands o = {.n = 0};
	if (!operand_add(p, &o, parse_test(p, input)))
		return NULL;
	while (p->tok.kind == TK_COMMA)
		if (!advance(p) || !operand_add(p, &o, parse_test(p, input)))
			return NULL;
	return operands_join(p, &o, N_OR);
}

int crm_parse_unary_tests(crm_arena *ar, const char *src, uint32_t len,
                          int input, crm_node **out, crm_diag *d)
{
	parser p;
	*out = NULL;
	if (start(&p, ar, src, len, d))
		return p.rc;
	if (p.tok.kind == TK_EOF)
		return crm_diag_set(d, CRM_ESYNTAX, 0,
		                    "empty cell (write '-' for any value)");
	if (p.tok.kind == TK_MINUS) {
		crm_lexer save = p.lx;
		crm_token tok = p.tok;
		if (!advance(&p))
			return p.rc;
		if (p.tok.kind == TK_EOF)
			return 0; /* '-': any value */
		p.lx = save;
		p.tok = tok;
	}
	return finish(&p, parse_tests(&p, input), out);
}
