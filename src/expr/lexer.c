/* SPDX-License-Identifier: MIT */
/* lexer.c - turns expression text into tokens with byte positions. */
#include <stdio.h>
#include <string.h>

#include "expr.h"

int crm_diag_set(crm_diag *d, int code, uint32_t pos, const char *fmt, ...)
{
	va_list ap;
	d->code = code;
	d->pos = pos;
	va_start(ap, fmt);
	vsnprintf(d->msg, sizeof d->msg, fmt, ap);
	va_end(ap);
	return code;
}

void crm_lex_init(crm_lexer *lx, const char *src, uint32_t len)
{
	lx->src = src;
	lx->len = len;
	lx->pos = 0;
}

static const struct {
	const char *word;
	crm_tok_kind kind;
} keywords[] = {
	{"and", TK_AND},     {"or", TK_OR},     {"not", TK_NOT},
	{"in", TK_IN},       {"matches", TK_MATCHES}, {"if", TK_IF},
	{"then", TK_THEN},   {"else", TK_ELSE}, {"true", TK_TRUE},
	{"false", TK_FALSE},
};

const char *crm_tok_name(crm_tok_kind k)
{
	switch (k) {
	case TK_EOF: return "end of expression";
	case TK_INT: return "integer";
	case TK_DEC: return "decimal";
	case TK_STR: return "string";
	case TK_DATE: return "date";
	case TK_DATETIME: return "datetime";
	case TK_NAME: return "name";
	case TK_LPAREN: return "'('";
	case TK_RPAREN: return "')'";
	case TK_LBRACK: return "'['";
	case TK_RBRACK: return "']'";
	case TK_COMMA: return "','";
	case TK_DOTDOT: return "'..'";
	case TK_PLUS: return "'+'";
	case TK_MINUS: return "'-'";
	case TK_STAR: return "'*'";
	case TK_SLASH: return "'/'";
	case TK_PERCENT: return "'%'";
	case TK_EQ: return "'='";
	case TK_NE: return "'!='";
	case TK_LT: return "'<'";
	case TK_LE: return "'<='";
	case TK_GT: return "'>'";
	case TK_GE: return "'>='";
	default:
		for (size_t i = 0; i < CRM_ARRAY_LEN(keywords); i++)
			if (keywords[i].kind == k)
				return keywords[i].word;
	}
	return "?";
}

static int is_name_start(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

static int is_digit(int c)
{
	return c >= '0' && c <= '9';
}

/* Whether s[p..] starts with count digits. */
static bool digits_at(const char *s, uint32_t n, uint32_t p, uint32_t count)
{
	if (n - p < count)
		return false;
	for (uint32_t i = 0; i < count; i++)
		if (!is_digit(s[p + i]))
			return false;
	return true;
}

/* "HH:MM" at s[p..]. */
static bool clock_at(const char *s, uint32_t n, uint32_t p)
{
	return digits_at(s, n, p, 2) && p + 2 < n && s[p + 2] == ':' && digits_at(s, n, p + 3, 2);
}

/* The length of a date (YYYY-MM-DD) or datetime token at s[p..], or 0 when
 * the text there is not shaped like one. */
static uint32_t date_token(const char *s, uint32_t n, uint32_t p, crm_tok_kind *kind)
{
	if (!(digits_at(s, n, p, 4) && p + 4 < n && s[p + 4] == '-' && digits_at(s, n, p + 5, 2) &&
	      p + 7 < n && s[p + 7] == '-' && digits_at(s, n, p + 8, 2)))
		return 0;
	uint32_t q = p + 10;
	/* 2026-11-270 and 2026-11-27.5 are not dates (they stay arithmetic) */
	if (q < n && (is_digit(s[q]) || (s[q] == '.' && q + 1 < n && is_digit(s[q + 1]))))
		return 0;
	*kind = TK_DATE;
	if (q + 1 < n && (s[q] == 'T' || s[q] == ' ') && clock_at(s, n, q + 1)) {
		*kind = TK_DATETIME;
		q += 6;
		if (q < n && s[q] == ':' && digits_at(s, n, q + 1, 2))
			q += 3;
		if (q + 1 < n && s[q] == '.' && is_digit(s[q + 1])) /* a fraction: refused later */
			for (q++; q < n && is_digit(s[q]); q++)
				;
		if (q < n && (s[q] == 'Z' || s[q] == 'z'))
			q++;
		else if (q < n && (s[q] == '+' || s[q] == '-') && digits_at(s, n, q + 1, 2)) {
			q += 3;
			if (q < n && s[q] == ':' && digits_at(s, n, q + 1, 2))
				q += 3;
			else if (digits_at(s, n, q, 2))
				q += 2;
		}
	}
	return q - p;
}

int crm_lex_next(crm_lexer *lx, crm_token *tok, crm_diag *d)
{
	const char *s = lx->src;
	uint32_t n = lx->len, p = lx->pos;
	while (p < n && (s[p] == ' ' || s[p] == '\t' || s[p] == '\n' || s[p] == '\r'))
		p++;
	tok->pos = p;
	tok->text = s + p;
	if (p >= n) {
		tok->kind = TK_EOF;
		tok->len = 0;
		lx->pos = p;
		return 0;
	}
	unsigned char c = (unsigned char)s[p];
	uint32_t start = p;
	crm_tok_kind dk;
	uint32_t dlen;
	if (is_digit(c) && (dlen = date_token(s, n, p, &dk))) {
		p += dlen;
		tok->kind = dk;
		if (p < n && (is_name_start(s[p]) || is_digit(s[p])))
			return crm_diag_set(d, CRM_ESYNTAX, p, "unexpected '%c' after a %s%s", s[p],
			                    crm_tok_name(dk),
			                    dk == TK_DATE && (s[p] == 'T' || s[p] == 't')
			                            ? " (a datetime is written like "
			                              "2026-11-27T09:00:00+08:00)"
			                            : "");
	} else if (is_digit(c)) {
		while (p < n && is_digit(s[p]))
			p++;
		tok->kind = TK_INT;
		/* A '.' followed by a digit makes a decimal; "6..12" is a range. */
		if (p + 1 < n && s[p] == '.' && is_digit(s[p + 1])) {
			p++;
			while (p < n && is_digit(s[p]))
				p++;
			tok->kind = TK_DEC;
		}
		if (p < n && (is_name_start(s[p]))) {
			return crm_diag_set(d, CRM_ESYNTAX, p,
			                    "unexpected '%c' after a number", s[p]);
		}
	} else if (is_name_start(c)) {
		/* Names may be dotted: decision.output. */
		while (p < n && (is_name_start(s[p]) || is_digit(s[p]) ||
		                 (s[p] == '.' && p + 1 < n && is_name_start(s[p + 1]))))
			p++;
		tok->kind = TK_NAME;
		for (size_t i = 0; i < CRM_ARRAY_LEN(keywords); i++) {
			size_t kl = strlen(keywords[i].word);
			if (kl == p - start && memcmp(s + start, keywords[i].word, kl) == 0)
				tok->kind = keywords[i].kind;
		}
	} else if (c == '"' || c == '\'') {
		p++;
		while (p < n && (unsigned char)s[p] != c) {
			if (s[p] == '\\')
				p++;
			p++;
		}
		if (p >= n)
			return crm_diag_set(d, CRM_ESYNTAX, start, "unterminated string");
		p++;
		tok->kind = TK_STR;
	} else {
		p++;
		switch (c) {
		case '(': tok->kind = TK_LPAREN; break;
		case ')': tok->kind = TK_RPAREN; break;
		case '[': tok->kind = TK_LBRACK; break;
		case ']': tok->kind = TK_RBRACK; break;
		case ',': tok->kind = TK_COMMA; break;
		case '+': tok->kind = TK_PLUS; break;
		case '-': tok->kind = TK_MINUS; break;
		case '*': tok->kind = TK_STAR; break;
		case '/': tok->kind = TK_SLASH; break;
		case '%': tok->kind = TK_PERCENT; break;
		case '.':
			if (p < n && s[p] == '.') {
				p++;
				tok->kind = TK_DOTDOT;
				break;
			}
			return crm_diag_set(d, CRM_ESYNTAX, start, "unexpected '.'");
		case '=':
			if (p < n && s[p] == '=')
				p++;
			tok->kind = TK_EQ;
			break;
		case '!':
			if (p < n && s[p] == '=') {
				p++;
				tok->kind = TK_NE;
				break;
			}
			return crm_diag_set(d, CRM_ESYNTAX, start,
			                    "unexpected '!' (use 'not' or '!=')");
		case '<':
			if (p < n && s[p] == '=')
				p++, tok->kind = TK_LE;
			else if (p < n && s[p] == '>')
				p++, tok->kind = TK_NE;
			else
				tok->kind = TK_LT;
			break;
		case '>':
			if (p < n && s[p] == '=')
				p++, tok->kind = TK_GE;
			else
				tok->kind = TK_GT;
			break;
		default:
			if (c >= 0x20 && c < 0x7f)
				return crm_diag_set(d, CRM_ESYNTAX, start,
				                    "unexpected character '%c'", c);
			return crm_diag_set(d, CRM_ESYNTAX, start,
			                    "unexpected byte 0x%02x", c);
		}
	}
	tok->len = p - start;
	lx->pos = p;
	return 0;
}
