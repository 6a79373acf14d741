/* SPDX-License-Identifier: MIT */
/* json_in.c - facts from one JSON object (RFC 8259), read in one pass.
 *
 * The reader walks the text once and sets each fact as its value ends:
 * no tree, no copy of the text; a string with escapes is decoded into a
 * buffer f keeps, so after the first objects nothing is allocated. Numbers
 * are never converted through a binary float unless the fact is a number:
 * money and integers are read from their decimal text. Every scalar is
 * accepted for every fact type as its text (a string "12" for an int fact,
 * 12 for a string fact), as crm_facts_set_text reads it; arrays are lists.
 * Errors say where, as line:column of the text (first_line for its first
 * line), and what. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "../ruleset/values.h"
#include "run.h"

typedef struct jr {
	crm_facts *f;
	const char *s;
	size_t n, i;
	const crm_json_options *o;
	crm_error *err;
	int syntax; /* the error is in the JSON itself, not in a value */
} jr;

/* Line and column (in characters) of byte pos. */
static void where(const jr *j, size_t pos, int *line, int *col)
{
	int l = j->o && j->o->first_line > 0 ? j->o->first_line : 1, c = 1;
	for (size_t k = 0; k < pos && k < j->n; k++) {
		unsigned char b = (unsigned char)j->s[k];
		if (b == '\n') {
			l++;
			c = 1;
		} else if ((b & 0xc0) != 0x80) {
			c++;
		}
	}
	*line = l;
	*col = c;
}

static int fail_at(jr *j, int code, size_t pos, const char *fmt, ...) CRM_PRINTF(4, 5);
static int fail_at(jr *j, int code, size_t pos, const char *fmt, ...)
{
	if (!j->err)
		return code;
	char msg[CRM_ERROR_MESSAGE_MAX];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	int line, col;
	where(j, pos, &line, &col);
	return crm_err_at(j->err, code, j->o && j->o->name ? j->o->name : "<facts>", line, col, "%s",
	                  msg);
}

/* A syntax error at the current position. */
static int bad(jr *j, const char *what)
{
	j->syntax = 1;
	if (j->i >= j->n)
		return fail_at(j, CRM_ESYNTAX, j->i, "%s, found the end of the text", what);
	unsigned char c = (unsigned char)j->s[j->i];
	if (c >= 0x20 && c < 0x7f)
		return fail_at(j, CRM_ESYNTAX, j->i, "%s, found '%c'", what, c);
	return fail_at(j, CRM_ESYNTAX, j->i, "%s, found byte 0x%02x", what, c);
}

/* Where a value error belongs: at the value, in the text. */
static int value_error(jr *j, int rc, size_t pos)
{
	if (j->err) {
		int line, col;
		where(j, pos, &line, &col);
		j->err->line = line;
		j->err->column = col;
		snprintf(j->err->file, sizeof j->err->file, "%s",
		         j->o && j->o->name ? j->o->name : "<facts>");
	}
	return rc;
}

static inline void ws(jr *j)
{
	/* most JSON between tokens has none: one test */
	if (j->i < j->n && (unsigned char)j->s[j->i] > ' ')
		return;
	while (j->i < j->n) {
		char c = j->s[j->i];
		if (c != ' ' && c != '\n' && c != '\r' && c != '\t')
			return;
		j->i++;
	}
}

/* ---- strings ------------------------------------------------------------- */

/* Room for need more bytes at off in f's decoding buffer. */
static bool room(crm_facts *f, size_t off, size_t need)
{
	if (off + need <= f->jcap)
		return true;
	size_t nc = f->jcap ? f->jcap : 256;
	while (nc < off + need)
		nc *= 2;
	if (nc > (size_t)CRM_LIMIT_FILE_SIZE * 2)
		return false;
	char *p = crm_malloc(f->al, nc);
	if (!p)
		return false;
	if (off)
		memcpy(p, f->jbuf, off);
	crm_free(f->al, f->jbuf);
	f->jbuf = p;
	f->jcap = (uint32_t)nc;
	return true;
}

static int hex4(const char *p, unsigned *out)
{
	unsigned v = 0;
	for (int k = 0; k < 4; k++) {
		char c = p[k];
		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= (unsigned)(c - '0');
		else if (c >= 'a' && c <= 'f')
			v |= (unsigned)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			v |= (unsigned)(c - 'A' + 10);
		else
			return -1;
	}
	*out = v;
	return 0;
}

/* A string's text: in the input when it has no escape (inbuf 0: at p), or
 * decoded into f->jbuf at off (inbuf 1; p is valid until the buffer grows). */
typedef struct jstr {
	const char *p;
	size_t len, off;
	bool inbuf;
} jstr;

/* Bytes of x (eight, little-endian) that end plain text: '"', '\\',
 * controls, and bytes past ASCII, with the top bit of each such byte set;
 * only the lowest is exact (borrows may flag bytes above it), which is all
 * a scan asks. */
static inline uint64_t special(uint64_t x)
{
	const uint64_t ones = 0x0101010101010101u, tops = 0x8080808080808080u;
	uint64_t q = x ^ (ones * '"'), b = x ^ (ones * '\\');
	return (((q - ones) & ~q) | ((b - ones) & ~b) | ((x - ones * 0x20) & ~x) | x) & tops;
}

/* The string at j->i (a '"'); decoded strings go to f->jbuf from *boff on,
 * which moves past them (so that a list's items stay side by side). */
static int string(jr *j, jstr *out, size_t *boff)
{
	size_t start = ++j->i;
	const char *s = j->s;
	size_t n = j->n;
	unsigned high = 0; /* any byte past ASCII: then UTF-8 is checked */
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	/* eight bytes at a time up to the first that is not plain text */
	while (j->i + 8 <= n) {
		uint64_t x;
		memcpy(&x, s + j->i, 8);
		uint64_t m = special(x);
		if (!m) {
			j->i += 8;
			continue;
		}
		j->i += (size_t)__builtin_ctzll(m) / 8;
		if ((unsigned char)s[j->i] < 0x80)
			break;
		high = 0x80; /* past ASCII: go on, UTF-8 is checked at the end */
		j->i++;
	}
#endif
	while (j->i < n) {
		unsigned char c = (unsigned char)s[j->i];
		high |= c;
		if (c == '"') {
			out->p = s + start;
			out->len = j->i - start;
			out->inbuf = false;
			if ((high & 0x80) && !crm_utf8_valid(out->p, out->len)) {
				j->syntax = 1;
				return fail_at(j, CRM_ESYNTAX, start - 1, "a string must be valid UTF-8");
			}
			j->i++;
			return 0;
		}
		if (c == '\\')
			break;
		if (c < 0x20)
			return bad(j, "a control character must be escaped in a string");
		j->i++;
	}
	if (j->i >= n)
		return bad(j, "a string must end with '\"'");
	/* escapes: decode from the start */
	crm_facts *f = j->f;
	size_t off = *boff, o = off;
	size_t plain = j->i - start;
	if (!room(f, o, plain + 8))
		return fail_at(j, CRM_ENOMEM, j->i, "out of memory");
	memcpy(f->jbuf + o, s + start, plain);
	o += plain;
	while (j->i < n) {
		unsigned char c = (unsigned char)s[j->i];
		if (c == '"') {
			j->i++;
			out->off = off;
			out->len = o - off;
			out->p = f->jbuf + off;
			out->inbuf = true;
			*boff = o;
			if (!crm_utf8_valid(out->p, out->len)) {
				j->syntax = 1;
				return fail_at(j, CRM_ESYNTAX, start - 1, "a string must be valid UTF-8");
			}
			return 0;
		}
		if (c < 0x20)
			return bad(j, "a control character must be escaped in a string");
		if (!room(f, o, 8))
			return fail_at(j, CRM_ENOMEM, j->i, "out of memory");
		if (c != '\\') {
			f->jbuf[o++] = (char)c;
			j->i++;
			continue;
		}
		if (j->i + 1 >= n)
			return bad(j, "a string must end with '\"'");
		char e = s[j->i + 1];
		j->i += 2;
		switch (e) {
		case '"': f->jbuf[o++] = '"'; break;
		case '\\': f->jbuf[o++] = '\\'; break;
		case '/': f->jbuf[o++] = '/'; break;
		case 'b': f->jbuf[o++] = '\b'; break;
		case 'f': f->jbuf[o++] = '\f'; break;
		case 'n': f->jbuf[o++] = '\n'; break;
		case 'r': f->jbuf[o++] = '\r'; break;
		case 't': f->jbuf[o++] = '\t'; break;
		case 'u': {
			unsigned cp, lo;
			j->i -= 2;
			if (j->i + 6 > n || hex4(s + j->i + 2, &cp))
				return bad(j, "\\u takes four hexadecimal digits");
			j->i += 6;
			if (cp >= 0xd800 && cp < 0xdc00 && j->i + 6 <= n && s[j->i] == '\\' &&
			    s[j->i + 1] == 'u' && !hex4(s + j->i + 2, &lo) && lo >= 0xdc00 && lo < 0xe000) {
				/* a surrogate pair: one character past the first plane */
				j->i += 6;
				cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
			} else if (cp >= 0xd800 && cp < 0xe000) {
				/* half a pair is valid JSON but no character: U+FFFD, as
				 * the Unicode standard advises */
				cp = 0xfffd;
			}
			char *d = f->jbuf + o;
			if (cp < 0x80) {
				d[0] = (char)cp;
				o += 1;
			} else if (cp < 0x800) {
				d[0] = (char)(0xc0 | (cp >> 6));
				d[1] = (char)(0x80 | (cp & 0x3f));
				o += 2;
			} else if (cp < 0x10000) {
				d[0] = (char)(0xe0 | (cp >> 12));
				d[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
				d[2] = (char)(0x80 | (cp & 0x3f));
				o += 3;
			} else {
				d[0] = (char)(0xf0 | (cp >> 18));
				d[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
				d[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
				d[3] = (char)(0x80 | (cp & 0x3f));
				o += 4;
			}
			break;
		}
		default:
			j->i -= 1;
			return bad(j, "unknown escape in a string");
		}
	}
	return bad(j, "a string must end with '\"'");
}

/* ---- numbers and literals ----------------------------------------------------- */

static inline bool digit(char c)
{
	return c >= '0' && c <= '9';
}

/* A number as RFC 8259 writes it; *is_int when it has no fraction or exponent. */
static int number(jr *j, bool *is_int)
{
	const char *s = j->s;
	size_t n = j->n, i = j->i;
	if (i < n && s[i] == '-')
		i++;
	if (i < n && s[i] == '0') {
		i++;
	} else if (i < n && digit(s[i])) {
		while (i < n && digit(s[i]))
			i++;
	} else {
		j->i = i;
		return bad(j, "a number needs a digit");
	}
	*is_int = true;
	if (i < n && s[i] == '.') {
		i++;
		if (i >= n || !digit(s[i])) {
			j->i = i;
			return bad(j, "a number needs a digit after '.'");
		}
		while (i < n && digit(s[i]))
			i++;
		*is_int = false;
	}
	if (i < n && (s[i] == 'e' || s[i] == 'E')) {
		i++;
		if (i < n && (s[i] == '+' || s[i] == '-'))
			i++;
		if (i >= n || !digit(s[i])) {
			j->i = i;
			return bad(j, "a number needs a digit in its exponent");
		}
		while (i < n && digit(s[i]))
			i++;
		*is_int = false;
	}
	j->i = i;
	return 0;
}

/* Whether the len bytes at a and b are the same (short texts: no call;
 * the last word read overlaps the one before it). */
static inline bool same(const char *a, const char *b, size_t len)
{
	uint64_t x, y;
	if (len >= 8) {
		for (size_t k = 0; k + 8 <= len; k += 8) {
			memcpy(&x, a + k, 8);
			memcpy(&y, b + k, 8);
			if (x != y)
				return false;
		}
		memcpy(&x, a + len - 8, 8);
		memcpy(&y, b + len - 8, 8);
		return x == y;
	}
	if (len >= 4) {
		uint32_t u, v, w, z;
		memcpy(&u, a, 4);
		memcpy(&v, b, 4);
		memcpy(&w, a + len - 4, 4);
		memcpy(&z, b + len - 4, 4);
		return u == v && w == z;
	}
	while (len--)
		if (*a++ != *b++)
			return false;
	return true;
}

static int literal(jr *j, const char *word, size_t len)
{
	if (j->n - j->i < len || !same(j->s + j->i, word, len))
		return bad(j, "expected a value (a string, number, true, false, null or array)");
	j->i += len;
	return 0;
}

/* ---- skipping a value (a key that is not a fact) -------------------------------- */

static int skip(jr *j, int depth)
{
	if (depth > CRM_LIMIT_YAML_DEPTH)
		return fail_at(j, CRM_ELIMIT, j->i, "nested deeper than %d", CRM_LIMIT_YAML_DEPTH);
	ws(j);
	if (j->i >= j->n)
		return bad(j, "expected a value");
	char c = j->s[j->i];
	jstr str;
	size_t boff = 0;
	bool is_int;
	switch (c) {
	case '"':
		return string(j, &str, &boff);
	case 't':
		return literal(j, "true", 4);
	case 'f':
		return literal(j, "false", 5);
	case 'n':
		return literal(j, "null", 4);
	case '[':
	case '{': {
		char close = c == '[' ? ']' : '}';
		j->i++;
		ws(j);
		if (j->i < j->n && j->s[j->i] == close) {
			j->i++;
			return 0;
		}
		for (;;) {
			int rc;
			if (close == '}') {
				ws(j);
				if (j->i >= j->n || j->s[j->i] != '"')
					return bad(j, "expected a key in double quotes");
				if ((rc = string(j, &str, &boff)))
					return rc;
				ws(j);
				if (j->i >= j->n || j->s[j->i] != ':')
					return bad(j, "expected ':' after a key");
				j->i++;
			}
			if ((rc = skip(j, depth + 1)))
				return rc;
			ws(j);
			if (j->i < j->n && j->s[j->i] == ',') {
				j->i++;
				continue;
			}
			if (j->i < j->n && j->s[j->i] == close) {
				j->i++;
				return 0;
			}
			return bad(j, close == ']' ? "expected ',' or ']'" : "expected ',' or '}'");
		}
	}
	default:
		if (c == '-' || digit(c))
			return number(j, &is_int);
		return bad(j, "expected a value (a string, number, true, false, null, array or "
		              "object)");
	}
}

/* ---- values of facts ------------------------------------------------------------ */

/* A plain decimal integer of at most 18 digits. */
static bool small_int(const char *p, size_t len, int64_t *out)
{
	size_t k = len && p[0] == '-';
	if (k == len || len - k > 18)
		return false;
	int64_t v = 0;
	for (size_t i = k; i < len; i++)
		v = v * 10 + (p[i] - '0');
	*out = k ? -v : v;
	return true;
}

/* An amount as most hosts write it, [-]digits[.d[d]] with at most 15
 * digits before the point, in minor units; anything else is left to
 * crm_money_parse, which reads it alike. */
static bool plain_money(const char *p, size_t len, int64_t *out)
{
	size_t i = len && p[0] == '-', k = i;
	int64_t v = 0;
	while (k < len && digit(p[k]) && k - i < 16)
		v = v * 10 + (p[k++] - '0');
	if (k == i || k - i > 15)
		return false;
	int frac = 0;
	if (k < len && p[k] == '.') {
		k++;
		while (k < len && digit(p[k]) && frac < 2) {
			v = v * 10 + (p[k++] - '0');
			frac++;
		}
		if (!frac)
			return false;
	}
	if (k != len)
		return false;
	for (; frac < 2; frac++)
		v *= 10;
	*out = i ? -v : v;
	return true;
}

/* Set fact slot from the text of a scalar (kind: '"' string, '0' number,
 * 'i' a number without fraction or exponent, 't' true or false). */
static int set_scalar(jr *j, int slot, char kind, const char *p, size_t len)
{
	crm_facts *f = j->f;
	const fact_decl *fd = &f->rs->facts[slot];
	/* no range and no list of values to check: the value is stored here */
	bool plain = !fd->has_range && !fd->allowed;
	int64_t x;
	switch (fd->type) {
	case CRM_T_BOOL:
		if (kind == 't' && plain) {
			f->vals[slot] = crm_val_int(CRM_T_BOOL, len == 4);
			return 0;
		}
		if (kind == 't')
			return crm_facts_set_bool(f, slot, len == 4, j->err);
		break;
	case CRM_T_STRING:
		return crm_facts_set_string(f, slot, p, len, j->err);
	case CRM_T_INT:
		if (kind == 'i' && small_int(p, len, &x)) {
			if (plain) {
				f->vals[slot] = crm_val_int(CRM_T_INT, x);
				return 0;
			}
			return crm_facts_set_int(f, slot, x, j->err);
		}
		break;
	case CRM_T_MONEY:
		if (plain_money(p, len, &x) || crm_money_parse(&x, p, len) == 0) {
			if (plain) {
				f->vals[slot] = crm_val_int(CRM_T_MONEY, x);
				return 0;
			}
			return crm_facts_set_money(f, slot, x, j->err);
		}
		break;
	case CRM_T_LIST:
		return crm_err_set(j->err, CRM_ETYPE, "fact '%s' is a list: give an array", fd->name);
	default:
		break;
	}
	char msg[200];
	crm_val v;
	int rc = crm_value_parse(NULL, fd->type, p, len, &v, msg, sizeof msg);
	if (rc)
		return crm_err_set(j->err, rc, "fact '%s': %s", fd->name, msg);
	return crm_facts_store(f, slot, &v, j->err);
}

/* The scalar at j->i (j->i < j->n): a string, a number, true or false. Its
 * text goes to *v (a decoded string into f->jbuf from *boff on) and its
 * kind to *kind: '"' a string, 'i' a number without fraction or exponent,
 * '0' another number, 't' true or false; 0 when the value there is no such
 * scalar (nothing is read then). */
static CRM_ALWAYS_INLINE int scalar(jr *j, jstr *v, size_t *boff, char *kind)
{
	size_t at = j->i;
	char c = j->s[at];
	bool is_int = false;
	int rc;
	*kind = 0;
	v->inbuf = false;
	if (c == '"') {
		if ((rc = string(j, v, boff)))
			return rc;
		*kind = '"';
		return 0;
	}
	if (c == '-' || digit(c)) {
		rc = number(j, &is_int);
		*kind = is_int ? 'i' : '0';
	} else if (c == 't' || c == 'f') {
		rc = literal(j, c == 't' ? "true" : "false", c == 't' ? 4 : 5);
		*kind = 't';
	} else {
		return 0;
	}
	v->p = j->s + at;
	v->len = j->i - at;
	return rc;
}

#define LIST_ITEMS 256

/* An array for a list fact: scalars, each read as the list's item type. */
static int set_list(jr *j, int slot, size_t at)
{
	crm_facts *f = j->f;
	const fact_decl *fd = &f->rs->facts[slot];
	if (fd->type != CRM_T_LIST) {
		int rc = skip(j, 0);
		return rc ? rc
		          : value_error(j, crm_err_set(j->err, CRM_ETYPE, "fact '%s' is %s: give a scalar",
		                                       fd->name, crm_type_name((crm_type)fd->type)),
		                        at);
	}
	crm_val items[LIST_ITEMS];
	struct {
		size_t off, len;
		bool inbuf;
	} pos[LIST_ITEMS];
	uint32_t n = 0;
	size_t boff = 0;
	char msg[200];
	j->i++;
	ws(j);
	if (j->i < j->n && j->s[j->i] == ']') {
		j->i++;
	} else {
		for (;;) {
			ws(j);
			if (j->i >= j->n)
				return bad(j, "expected ',' or ']'");
			size_t item_at = j->i;
			jstr str;
			char kind;
			int rc = scalar(j, &str, &boff, &kind);
			if (!rc && !kind) {
				rc = skip(j, 0);
				return rc ? rc
				          : value_error(j, crm_err_set(j->err, CRM_ETYPE,
				                                       "fact '%s': items must be scalars",
				                                       fd->name),
				                        item_at);
			}
			if (rc)
				return rc;
			const char *p = str.p;
			size_t len = str.len;
			if (n == LIST_ITEMS)
				return value_error(j, crm_err_set(j->err, CRM_ELIMIT,
				                                  "fact '%s': more than %d items", fd->name,
				                                  LIST_ITEMS),
				                   item_at);
			rc = crm_value_parse(NULL, fd->elem, p, len, &items[n], msg, sizeof msg);
			if (rc)
				return value_error(j, crm_err_set(j->err, rc, "fact '%s': %s", fd->name, msg),
				                   item_at);
			pos[n].inbuf = str.inbuf;
			pos[n].off = str.off;
			pos[n].len = len;
			n++;
			ws(j);
			if (j->i < j->n && j->s[j->i] == ',') {
				j->i++;
				continue;
			}
			if (j->i < j->n && j->s[j->i] == ']') {
				j->i++;
				break;
			}
			return bad(j, "expected ',' or ']'");
		}
	}
	/* decoded strings may have moved as the buffer grew: point at them now */
	for (uint32_t k = 0; k < n; k++)
		if (pos[k].inbuf && items[k].t == CRM_T_STRING)
			items[k].u.s = f->jbuf + pos[k].off;
	crm_val v = crm_val_unknown();
	v.t = CRM_T_LIST;
	v.elem = fd->elem;
	v.len = n;
	v.u.l = items;
	int rc = crm_facts_store(f, slot, &v, j->err);
	return rc ? value_error(j, rc, at) : 0;
}

/* The value at j->i for fact slot. */
static int fact_value(jr *j, int slot)
{
	size_t at = j->i;
	if (at >= j->n)
		return bad(j, "expected a value");
	char c = j->s[at];
	jstr str;
	size_t boff = 0;
	char kind;
	int rc = scalar(j, &str, &boff, &kind);
	if (rc)
		return rc;
	if (kind) {
		rc = set_scalar(j, slot, kind, str.p, str.len);
		return rc ? value_error(j, rc, at) : 0;
	}
	if (c == 'n') {
		if ((rc = literal(j, "null", 4)))
			return rc;
		j->f->vals[slot] = crm_val_unknown();
		return 0;
	} else if (c == '[') {
		return set_list(j, slot, at);
	} else if (c == '{') {
		const fact_decl *fd = &j->f->rs->facts[slot];
		if ((rc = skip(j, 0)))
			return rc;
		return value_error(j, crm_err_set(j->err, CRM_ETYPE, "fact '%s' is %s: give a %s",
		                                  fd->name, crm_type_name((crm_type)fd->type),
		                                  fd->type == CRM_T_LIST ? "list" : "scalar"),
		                   at);
	}
	return bad(j, "expected a value (a string, number, true, false, null or array)");
}

/* ---- the object --------------------------------------------------------------- */

/* The slot a key names (or -1). NDJSON lines mostly repeat their keys in
 * the same order: the k-th key of the last object is tried first. */
static int key_slot(crm_facts *f, uint32_t k, const char *key, size_t len, bool decoded)
{
	/* a key written with escapes is not kept: the cache compares raw text */
	if (k < CRM_JSON_KEYS && len <= CRM_JSON_KEY_LEN && len && !decoded) {
		crm_json_key *c = &f->jkeys[k];
		int slot = crm_map_get(&f->rs->fact_map, key, len);
		c->len = (uint8_t)len;
		memcpy(c->text, key, len);
		c->slot = slot;
		return slot;
	}
	return crm_map_get(&f->rs->fact_map, key, len);
}

static int keep_index(const crm_json_options *o, const char *k, size_t len)
{
	for (size_t i = 0; o && i < o->nkeep; i++)
		if (strlen(o->keep[i]) == len && memcmp(o->keep[i], k, len) == 0)
			return (int)i;
	return -1;
}

int crm_json_read(crm_facts *f, const char *text, size_t len, const crm_json_options *o,
                  crm_json_span *keep, int *syntax, crm_error *err)
{
	jr j = {f, text ? text : "", len, 0, o, err, 0};
	unsigned flags = o ? o->flags : 0;
	*syntax = 0;
	/* the kept spans first: a caller writes them out even after an error */
	if (o)
		for (size_t k = 0; k < o->nkeep; k++)
			keep[k].start = keep[k].end = 0;
	if (len > CRM_LIMIT_FILE_SIZE)
		return crm_err_set(err, CRM_ELIMIT, "facts text longer than %u bytes",
		                   CRM_LIMIT_FILE_SIZE);
	if (flags & CRM_JSON_CLEAR)
		crm_facts_clear(f);
	/* which facts this object names, for duplicates: a generation per slot */
	if (!f->jseen) {
		f->jseen = crm_calloc(f->al, f->nfacts ? f->nfacts : 1, sizeof *f->jseen);
		f->jfirst = crm_calloc(f->al, f->nfacts ? f->nfacts : 1, sizeof *f->jfirst);
		f->jkeys = crm_calloc(f->al, CRM_JSON_KEYS, sizeof *f->jkeys);
		if (!f->jseen || !f->jfirst || !f->jkeys)
			return crm_err_set(err, CRM_ENOMEM, "out of memory");
	}
	if (++f->jgen == 0) {
		memset(f->jseen, 0, (f->nfacts ? f->nfacts : 1) * sizeof *f->jseen);
		f->jgen = 1;
	}
	uint32_t nkey = 0;
	size_t nkeep = o ? o->nkeep : 0;
	ws(&j);
	if (j.i >= j.n || j.s[j.i] != '{') {
		int rc = bad(&j, "facts must be a JSON object of name: value");
		*syntax = 1;
		return rc;
	}
	j.i++;
	ws(&j);
	if (j.i < j.n && j.s[j.i] == '}') {
		j.i++;
	} else {
		for (;;) {
			ws(&j);
			if (j.i >= j.n || j.s[j.i] != '"') {
				int rc = bad(&j, "expected a key in double quotes");
				*syntax = 1;
				return rc;
			}
			size_t key_at = j.i;
			jstr key;
			size_t boff = 0;
			int rc = 0, slot = -2;
			const crm_json_key *c = nkey < CRM_JSON_KEYS ? &f->jkeys[nkey] : NULL;
			if (c && c->len && j.i + c->len + 2 <= j.n && j.s[j.i + 1 + c->len] == '"' &&
			    same(j.s + j.i + 1, c->text, c->len)) {
				/* the key the last object had here: its text is known good */
				key.p = j.s + j.i + 1;
				key.len = c->len;
				key.inbuf = false;
				j.i += c->len + 2u;
				slot = c->slot;
			} else {
				rc = string(&j, &key, &boff);
			}
			if (!rc && j.i < j.n && j.s[j.i] == ':') {
				j.i++; /* the usual "key":value */
			} else if (!rc) {
				ws(&j);
				if (j.i >= j.n || j.s[j.i] != ':')
					rc = bad(&j, "expected ':' after a key");
				else
					j.i++;
			}
			if (rc) {
				*syntax = j.syntax;
				return rc;
			}
			ws(&j);
			int kept = nkeep ? keep_index(o, key.p, key.len) : -1;
			if (slot == -2)
				slot = key_slot(f, nkey, key.p, key.len, key.inbuf);
			nkey++;
			if (kept >= 0)
				keep[kept].start = j.i;
			if (slot >= 0) {
				if (f->jseen[slot] == f->jgen) {
					int line, col;
					where(&j, f->jfirst[slot], &line, &col);
					*syntax = 0;
					return fail_at(&j, CRM_ESYNTAX, key_at,
					               "duplicate key '%s' (first at line %d)",
					               f->rs->facts[slot].name, line);
				}
				f->jseen[slot] = f->jgen;
				f->jfirst[slot] = key_at;
				rc = fact_value(&j, slot);
			} else if (kept >= 0 || (flags & CRM_JSON_IGNORE_UNKNOWN)) {
				rc = skip(&j, 0);
			} else {
				*syntax = 0;
				return fail_at(&j, CRM_EUNKNOWN, key_at, "unknown fact '%.*s'",
				               (int)(key.len > 80 ? 80 : key.len), key.p);
			}
			if (rc) {
				*syntax = j.syntax;
				return rc;
			}
			if (kept >= 0)
				keep[kept].end = j.i;
			if (j.i < j.n && j.s[j.i] == ',') {
				j.i++; /* the usual value,"key" */
				continue;
			}
			ws(&j);
			if (j.i < j.n && j.s[j.i] == ',') {
				j.i++;
				continue;
			}
			if (j.i < j.n && j.s[j.i] == '}') {
				j.i++;
				break;
			}
			rc = bad(&j, "expected ',' or '}'");
			*syntax = 1;
			return rc;
		}
	}
	ws(&j);
	if (j.i < j.n) {
		int rc = bad(&j, "nothing may follow the object");
		*syntax = 1;
		return rc;
	}
	return 0;
}
