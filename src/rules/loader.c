/* SPDX-License-Identifier: MIT */
/* loader.c - rule files to a ruleset: files, facts, constants, names, order of passes. */
#define _XOPEN_SOURCE 700
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../time/civil.h"
#include "../expr/opcodes.h"
#include "ruleset.h"

/* ---- diagnostics ----------------------------------------------------------- */

static void report(loader *l, int severity, const crm_error *e)
{
	if (l->opts && l->opts->diagnostic)
		l->opts->diagnostic(severity, e, l->opts->diagnostic_ud);
}

static int vreport(loader *l, int severity, int code, int line, int col,
                   const char *fmt, va_list ap)
{
	crm_error e;
	crm_err_vset(&e, code, fmt, ap);
	snprintf(e.file, sizeof e.file, "%s", l->file ? l->file : "");
	e.line = line;
	e.column = col;
	bool error = severity == CRM_DIAG_ERROR ||
	             (l->opts && l->opts->warnings_as_errors);
	if (error) {
		if (l->nerrors++ == 0 && l->err)
			*l->err = e;
	} else {
		l->nwarnings++;
	}
	report(l, severity, &e);
	return code;
}

int crm_load_error(loader *l, int code, int line, int col, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vreport(l, CRM_DIAG_ERROR, code, line, col, fmt, ap);
	va_end(ap);
	return code;
}

int crm_load_warning(loader *l, int line, int col, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vreport(l, CRM_DIAG_WARNING, CRM_ETABLE, line, col, fmt, ap);
	va_end(ap);
	return 0;
}

/* Map a byte offset in a scalar's text to a line and column of the file. */
static void scalar_pos(const crm_ynode *y, uint32_t pos, int *line, int *col)
{
	uint32_t nl = 0, bol = 0;
	for (uint32_t i = 0; i < pos && i < y->len; i++)
		if (y->text[i] == '\n')
			nl++, bol = i + 1;
	if (y->style == Y_BLOCK) {
		*line = y->line + 1 + (int)nl;
		*col = y->col + 2 + (int)(pos - bol);
	} else if (nl) {
		*line = y->line + (int)nl;
		*col = 1 + (int)(pos - bol);
	} else {
		*line = y->line;
		*col = y->col + (int)pos + (y->style == Y_QUOTED ? 1 : 0);
	}
}

int crm_load_diag(loader *l, const crm_ynode *y, const crm_diag *d)
{
	int line, col;
	scalar_pos(y, d->pos, &line, &col);
	return crm_load_error(l, d->code, line, col, "%s", d->msg);
}

/* ---- names ------------------------------------------------------------------ */

static unsigned edit_distance(const char *a, size_t la, const char *b, size_t lb)
{
	unsigned row[64];
	if (la >= 63 || lb >= 63)
		return 99;
	for (size_t j = 0; j <= lb; j++)
		row[j] = (unsigned)j;
	for (size_t i = 1; i <= la; i++) {
		unsigned prev = row[0];
		row[0] = (unsigned)i;
		for (size_t j = 1; j <= lb; j++) {
			unsigned cur = row[j];
			unsigned sub = prev + (a[i - 1] != b[j - 1]);
			unsigned del = row[j] + 1, ins = row[j - 1] + 1;
			row[j] = sub < del ? (sub < ins ? sub : ins) : (del < ins ? del : ins);
			prev = cur;
		}
	}
	return row[lb];
}

/* The closest declared fact or constant name, for "did you mean". */
static const char *suggest(const crm_ruleset *rs, const char *name, size_t len)
{
	const char *best = NULL;
	unsigned bd = len < 4 ? 1 : 2;
	for (uint32_t i = 0; i < rs->nfacts; i++) {
		unsigned dd = edit_distance(name, len, rs->facts[i].name, strlen(rs->facts[i].name));
		if (dd <= bd)
			bd = dd, best = rs->facts[i].name;
	}
	for (uint32_t i = 0; i < rs->nconsts; i++) {
		unsigned dd = edit_distance(name, len, rs->consts[i].name, strlen(rs->consts[i].name));
		if (dd < bd || (dd == bd && !best))
			bd = dd, best = rs->consts[i].name;
	}
	return best;
}

static int env_resolve(void *ud, const char *name, uint32_t len, crm_ref *out, crm_diag *d)
{
	loader *l = ud;
	crm_ruleset *rs = l->rs;
	const char *dot = memchr(name, '.', len);
	if (dot) {
		int di = crm_map_get(&rs->dec_map, name, (size_t)(dot - name));
		if (di < 0)
			return crm_diag_set(d, CRM_EUNKNOWN, 0, "unknown decision '%.*s'",
			                    (int)(dot - name), name);
		const decision *dec = &rs->decs[di];
		const char *on = dot + 1;
		size_t ol = len - (size_t)(dot - name) - 1;
		for (uint32_t i = 0; i < dec->nouts; i++) {
			if (strlen(dec->outs[i].name) == ol && memcmp(dec->outs[i].name, on, ol) == 0) {
				out->kind = REF_OUTPUT;
				out->index = di;
				out->output = (int)i;
				out->type = dec->outs[i].result_type;
				out->elem = dec->outs[i].result_type == CRM_T_LIST
				                    ? dec->outs[i].type
				                    : dec->outs[i].elem;
				if (dec->outs[i].ordered && out->type == dec->outs[i].type) {
					out->order = dec->outs[i].values;
					out->norder = dec->outs[i].nvalues;
				}
				return 0;
			}
		}
		return crm_diag_set(d, CRM_EUNKNOWN, 0, "decision '%s' has no output '%.*s'",
		                    dec->name, (int)ol, on);
	}
	int k = crm_map_get(&rs->fact_map, name, len);
	if (k >= 0) {
		out->kind = REF_FACT;
		out->index = k;
		out->type = rs->facts[k].type;
		out->elem = rs->facts[k].elem;
		if (rs->facts[k].ordered) {
			out->order = rs->facts[k].allowed;
			out->norder = rs->facts[k].nallowed;
		}
		return 0;
	}
	k = crm_map_get(&rs->const_map, name, len);
	if (k >= 0) {
		out->kind = REF_CONST;
		out->expr = rs->consts[k].expr;
		return 0;
	}
	if (crm_map_get(&rs->dec_map, name, len) >= 0)
		return crm_diag_set(d, CRM_EUNKNOWN, 0,
		                    "'%.*s' is a decision: name one of its outputs, "
		                    "as '%.*s.output'", (int)len, name, (int)len, name);
	const char *s = suggest(rs, name, len);
	if (s)
		return crm_diag_set(d, CRM_EUNKNOWN, 0,
		                    "unknown fact or constant '%.*s' (did you mean '%s'?)",
		                    (int)len, name, s);
	return crm_diag_set(d, CRM_EUNKNOWN, 0, "unknown fact or constant '%.*s'",
	                    (int)len, name);
}

static int env_regex(void *ud, const char *pat, uint32_t len, crm_diag *d)
{
	loader *l = ud;
	crm_ruleset *rs = l->rs;
	crm_regex *re;
	char msg[256];
	size_t off;
	int rc = crm_regex_compile(&re, &rs->al, pat, len, msg, sizeof msg, &off);
	if (rc == CRM_ENOMEM)
		return crm_diag_set(d, rc, 0, "out of memory");
	if (rc)
		return crm_diag_set(d, CRM_EREGEX, (uint32_t)off,
		                    "bad regular expression: %s at offset %zu", msg, off);
	if (!crm_arena_grow(&rs->ar, (void **)&rs->regexes, &rs->cap_regexes,
	                    rs->nregexes + 1, sizeof *rs->regexes)) {
		crm_regex_free(re);
		return crm_diag_set(d, CRM_ENOMEM, 0, "out of memory");
	}
	rs->regexes[rs->nregexes] = re;
	rs->pools.regexes = (const crm_regex *const *)rs->regexes;
	return (int)rs->nregexes++;
}

static void push_use(loader *l, int **arr, size_t *n, size_t *cap, int v)
{
	for (size_t i = 0; i < *n; i++)
		if ((*arr)[i] == v)
			return;
	if (crm_arena_grow(&l->rs->ar, (void **)arr, cap, *n + 1, sizeof **arr))
		(*arr)[(*n)++] = v;
}

static void env_uses(void *ud, uint8_t kind, int index)
{
	loader *l = ud;
	if (kind == REF_FACT)
		push_use(l, &l->uses, &l->nuses, &l->cap_uses, index);
	else
		push_use(l, &l->dec_uses, &l->ndec_uses, &l->cap_dec_uses, index);
}

static bool env_input_type(void *ud, int input, crm_node *n)
{
	loader *l = ud;
	if (!l->cur || input < 0 || (uint32_t)input >= l->cur->ninputs)
		return false;
	const input_decl *in = &l->cur->inputs[input];
	n->type = in->type;
	n->elem = in->elem;
	n->order = in->order;
	n->norder = in->norder;
	return in->type != 0;
}

static int env_calendar(void *ud, const char *name, uint32_t len)
{
	loader *l = ud;
	return crm_map_get(&l->rs->cal_map, name, len);
}

void crm_loader_env(loader *l, crm_env *env)
{
	env->calendar = env_calendar;
	env->resolve = env_resolve;
	env->regex = env_regex;
	env->uses = env_uses;
	env->input_type = env_input_type;
	env->ud = l;
}

int crm_load_expr(loader *l, const crm_ynode *y, uint8_t want, crm_node **tree,
                  crm_program *prog, const char *hint)
{
	crm_diag d;
	crm_node *n;
	crm_env env;
	crm_loader_env(l, &env);
	int rc = crm_parse_expr(&l->rs->ar, y->text, y->len, &n, &d);
	if (!rc)
		rc = crm_check(&l->rs->ar, &env, &n, &d);
	if (!rc && want && n->type != want)
		rc = crm_coerce(&l->rs->ar, &n, want, &d);
	if (!rc && prog)
		rc = crm_compile(&l->rs->pools, n, prog, &d);
	if (rc) {
		if (rc == CRM_EUNKNOWN && hint) {
			size_t ml = strlen(d.msg);
			snprintf(d.msg + ml, sizeof d.msg - ml, "%s", hint);
		}
		return crm_load_diag(l, y, &d);
	}
	if (prog && prog->max_stack > l->rs->max_stack)
		l->rs->max_stack = prog->max_stack;
	if (tree)
		*tree = n;
	return 0;
}

bool crm_is_string_literal(const crm_ynode *y)
{
	if (y->kind != Y_SCALAR || y->len < 2)
		return false;
	crm_lexer lx;
	crm_token t;
	crm_diag d;
	crm_lex_init(&lx, y->text, y->len);
	if (crm_lex_next(&lx, &t, &d) || t.kind != TK_STR || t.pos != 0)
		return false;
	return crm_lex_next(&lx, &t, &d) == 0 && t.kind == TK_EOF;
}

/* ---- types and values ------------------------------------------------------- */

int crm_parse_type(const char *s, uint8_t *type, uint8_t *elem)
{
	static const struct {
		const char *name;
		uint8_t t;
	} names[] = {
		{"bool", CRM_T_BOOL}, {"int", CRM_T_INT}, {"number", CRM_T_NUMBER},
		{"money", CRM_T_MONEY}, {"string", CRM_T_STRING}, {"date", CRM_T_DATE},
		{"datetime", CRM_T_DATETIME}, {"duration", CRM_T_DURATION},
	};
	*elem = 0;
	if (strncmp(s, "list", 4) == 0) {
		/* "list" or "list of T" */
		*type = CRM_T_LIST;
		if (s[4] == '\0') {
			*elem = CRM_T_STRING;
			return 0;
		}
		if (strncmp(s + 4, " of ", 4) != 0)
			return CRM_ETYPE;
		uint8_t e2;
		if (crm_parse_type(s + 8, elem, &e2) || *elem == CRM_T_LIST)
			return CRM_ETYPE;
		return 0;
	}
	for (size_t i = 0; i < CRM_ARRAY_LEN(names); i++)
		if (strcmp(s, names[i].name) == 0) {
			*type = names[i].t;
			return 0;
		}
	return CRM_ETYPE;
}

bool crm_load_const(loader *l, crm_node *n, crm_val *out)
{
	if (n->kind == N_LIT) {
		*out = n->val;
		return true;
	}
	if (!(n->flags & CRM_NODE_CONST))
		return false;
	/* a constant compiles to CONST k RET (the compiler folds it) */
	crm_program p;
	crm_diag d;
	long k;
	if (crm_compile(&l->rs->pools, n, &p, &d) || (k = crm_program_const(p.code, p.len)) < 0)
		return false;
	*out = l->rs->pools.consts[k];
	return true;
}

int crm_value_parse(crm_arena *ar, uint8_t type, const char *s, size_t len,
                    crm_val *out, char *msg, size_t msgsize)
{
	int rc = 0;
	int64_t i;
	*out = crm_val_unknown();
	switch (type) {
	case CRM_T_BOOL:
		if (len == 4 && memcmp(s, "true", 4) == 0)
			*out = crm_val_int(CRM_T_BOOL, 1);
		else if (len == 5 && memcmp(s, "false", 5) == 0)
			*out = crm_val_int(CRM_T_BOOL, 0);
		else
			rc = CRM_ESYNTAX;
		break;
	case CRM_T_INT: {
		crm_decimal d;
		rc = crm_decimal_parse(&d, s, len);
		if (!rc && d.scale)
			rc = CRM_ESYNTAX;
		if (!rc)
			*out = crm_val_int(CRM_T_INT, d.mant);
		break;
	}
	case CRM_T_NUMBER: {
		double v;
		rc = crm_number_parse(s, len, &v);
		if (!rc)
			*out = crm_val_num(v);
		break;
	}
	case CRM_T_MONEY:
		rc = crm_money_parse(&i, s, len);
		if (rc == CRM_EINVAL) {
			snprintf(msg, msgsize, "'%.*s' has more than %d decimal places",
			         (int)(len > 40 ? 40 : len), s, CRM_MONEY_SCALE);
			return rc;
		}
		if (!rc)
			*out = crm_val_int(CRM_T_MONEY, i);
		break;
	case CRM_T_STRING:
		if (len > CRM_LIMIT_STRING) {
			snprintf(msg, msgsize, "string longer than %d bytes", CRM_LIMIT_STRING);
			return CRM_ELIMIT;
		}
		if (!crm_utf8_valid(s, len)) {
			snprintf(msg, msgsize, "string is not valid UTF-8");
			return CRM_EINVAL;
		}
		*out = crm_val_str(s, (uint32_t)len);
		break;
	case CRM_T_DATE:
		rc = crm_date_parse(&i, s, len);
		if (!rc)
			*out = crm_val_int(CRM_T_DATE, i);
		break;
	case CRM_T_DATETIME:
		rc = crm_datetime_parse(&i, s, len);
		if (!rc)
			*out = crm_val_int(CRM_T_DATETIME, i);
		break;
	case CRM_T_DURATION:
		rc = crm_duration_parse(&i, s, len);
		if (!rc)
			*out = crm_val_int(CRM_T_DURATION, i);
		break;
	default:
		rc = CRM_ETYPE;
	}
	(void)ar;
	if (rc) {
		static const char *const hints[] = {
			"", "true or false", "an integer", "a number", "an amount like 1234.50",
			"a string", "a date like 2026-10-01",
			"an instant like 2026-10-01T09:00:00+08:00",
			"a duration like 90 min, 24 h or 3 d", "a list"};
		const char *what = type < CRM_ARRAY_LEN(hints) ? hints[type] : "?";
		if (rc == CRM_EOVERFLOW)
			snprintf(msg, msgsize, "'%.*s' is out of range for %s",
			         (int)(len > 40 ? 40 : len), s, crm_type_name((crm_type)type));
		else
			snprintf(msg, msgsize, "'%.*s' is not %s", (int)(len > 40 ? 40 : len), s,
			         what);
	}
	return rc;
}

/* ---- facts: and constants: ------------------------------------------------------ */

static bool valid_name(const char *s)
{
	if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || *s == '_'))
		return false;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || *s == '_' ||
		      (*s >= '0' && *s <= '9')))
			return false;
	return true;
}

static bool is_keyword(const char *s)
{
	static const char *const kw[] = {"and", "or", "not", "in", "matches", "if",
	                                 "then", "else", "true", "false"};
	for (size_t i = 0; i < CRM_ARRAY_LEN(kw); i++)
		if (strcmp(s, kw[i]) == 0)
			return true;
	return false;
}

static int check_new_name(loader *l, const crm_ynode *k, const char *what)
{
	crm_ruleset *rs = l->rs;
	if (!valid_name(k->text) || is_keyword(k->text))
		return crm_load_error(l, CRM_ESYNTAX, k->line, k->col,
		                      "'%s' is not a valid %s name (letters, digits and _, "
		                      "not a keyword)", k->text, what);
	const char *clash = NULL;
	if (crm_map_get(&rs->fact_map, k->text, k->len) >= 0)
		clash = "a fact";
	else if (crm_map_get(&rs->const_map, k->text, k->len) >= 0)
		clash = "a constant";
	else if (crm_map_get(&rs->dec_map, k->text, k->len) >= 0)
		clash = "a decision";
	if (clash)
		return crm_load_error(l, CRM_EDUP, k->line, k->col,
		                      "'%s' is already declared as %s", k->text, clash);
	return 0;
}

static int unknown_key(loader *l, const crm_ynode *k, const char *where,
                       const char *allowed)
{
	return crm_load_error(l, CRM_EUNKNOWN, k->line, k->col,
	                      "unknown key '%s' in %s (expected one of: %s)", k->text,
	                      where, allowed);
}

int crm_load_values(loader *l, const crm_ynode *v, uint8_t type, const char *what,
                    const char *name, bool unique, const crm_val **out, uint32_t *n)
{
	if (v->kind != Y_SEQ || v->n == 0)
		return crm_load_error(l, CRM_ESYNTAX, v->line, v->col,
		                      "'values' must be a non-empty list");
	crm_val *vals = crm_arena_alloc(&l->rs->ar, v->n * sizeof *vals);
	if (!vals)
		return crm_load_error(l, CRM_ENOMEM, v->line, v->col, "out of memory");
	for (uint32_t i = 0; i < v->n; i++) {
		const crm_ynode *it = v->items[i];
		char msg[160];
		if (it->kind != Y_SCALAR ||
		    crm_value_parse(&l->rs->ar, type, it->text, it->len, &vals[i], msg, sizeof msg))
			return crm_load_error(l, CRM_ETYPE, it->line, it->col, "value of %s '%s': %s",
			                      what, name, it->kind == Y_SCALAR ? msg : "expected a scalar");
		for (uint32_t j = 0; unique && j < i; j++)
			if (crm_val_equal(&vals[j], &vals[i]))
				return crm_load_error(l, CRM_EDUP, it->line, it->col,
				                      "value '%s' is listed twice", it->text);
	}
	*out = vals;
	*n = v->n;
	return 0;
}

static int fact_range(loader *l, fact_decl *f, const crm_ynode *v)
{
	crm_diag d;
	crm_node *n;
	crm_env env;
	crm_loader_env(l, &env);
	int rc = v->kind == Y_SCALAR ? crm_parse_expr(&l->rs->ar, v->text, v->len, &n, &d)
	                             : crm_diag_set(&d, CRM_ESYNTAX, 0, "expected a range");
	if (rc == CRM_ESYNTAX || (!rc && n->kind != N_RANGE))
		rc = crm_diag_set(&d, CRM_ESYNTAX, 0,
		                  "expected a range like [0..100], [0..1) or (0..100]");
	if (rc)
		return crm_load_diag(l, v, &d);
	/* check and fold both ends as constants of the fact's type */
	crm_node *ends[2] = {n->a, n->b};
	crm_val vals[2];
	for (int i = 0; i < 2; i++) {
		crm_program p;
		rc = crm_check(&l->rs->ar, &env, &ends[i], &d);
		if (!rc)
			rc = crm_coerce(&l->rs->ar, &ends[i], f->type, &d);
		if (!rc && !(ends[i]->flags & CRM_NODE_CONST) && ends[i]->kind != N_LIT)
			rc = crm_diag_set(&d, CRM_ETYPE, ends[i]->pos, "range ends must be constants");
		if (!rc)
			rc = crm_compile(&l->rs->pools, ends[i], &p, &d);
		if (rc)
			return crm_load_diag(l, v, &d);
		/* a folded constant compiles to CONST k; RET */
		vals[i] = l->rs->pools.consts[p.code[1]];
	}
	f->has_range = true;
	f->range_flags = n->flags;
	f->lo = vals[0];
	f->hi = vals[1];
	return 0;
}

static int declare_fact(loader *l, const crm_ynode *k, const crm_ynode *v)
{
	crm_ruleset *rs = l->rs;
	if (check_new_name(l, k, "fact"))
		return l->nerrors;
	if (!crm_arena_grow(&rs->ar, (void **)&rs->facts, &rs->cap_facts, rs->nfacts + 1,
	                    sizeof *rs->facts))
		return crm_load_error(l, CRM_ENOMEM, k->line, k->col, "out of memory");
	fact_decl *f = &rs->facts[rs->nfacts];
	crm_regex_free(f->pattern); /* left by a declaration that failed */
	memset(f, 0, sizeof *f);
	f->name = k->text;
	f->file = l->file;
	f->line = k->line;
	f->col = k->col;
	const crm_ynode *type = v;
	if (v->kind == Y_MAP)
		type = crm_ymap_get(v, "type");
	if (!type || type->kind != Y_SCALAR)
		return crm_load_error(l, CRM_ESYNTAX, v->line, v->col,
		                      "fact '%s' needs a type (bool, int, number, money, "
		                      "string, date, datetime, duration, list of T)", f->name);
	if (crm_parse_type(type->text, &f->type, &f->elem))
		return crm_load_error(l, CRM_ETYPE, type->line, type->col,
		                      "unknown type '%s' (expected bool, int, number, money, "
		                      "string, date, datetime, duration, list of T)", type->text);
	if (v->kind == Y_MAP) {
		for (uint32_t i = 0; i < v->n; i++) {
			const crm_ynode *kk = crm_ymap_key(v, i), *vv = crm_ymap_val(v, i);
			if (crm_yis(kk, "type") || crm_yis(kk, "description"))
				continue;
			if (crm_yis(kk, "ordered")) {
				if (!crm_yis(vv, "true") && !crm_yis(vv, "false"))
					return crm_load_error(l, CRM_ETYPE, vv->line, vv->col,
					                      "'ordered' is true or false");
				f->ordered = crm_yis(vv, "true");
			} else if (crm_yis(kk, "values")) {
				if (crm_load_values(l, vv, f->type == CRM_T_LIST ? f->elem : f->type, "fact",
				                    f->name, true, &f->allowed, &f->nallowed))
					return l->nerrors;
			} else if (crm_yis(kk, "range")) {
				if (f->type == CRM_T_BOOL || f->type == CRM_T_STRING || f->type == CRM_T_LIST)
					return crm_load_error(l, CRM_ETYPE, kk->line, kk->col,
					                      "a %s fact cannot have a range",
					                      crm_type_name((crm_type)f->type));
				if (fact_range(l, f, vv))
					return l->nerrors;
			} else if (crm_yis(kk, "pattern")) {
				if (f->type != CRM_T_STRING || vv->kind != Y_SCALAR)
					return crm_load_error(l, CRM_ETYPE, kk->line, kk->col,
					                      "only string facts can have a pattern");
				char msg[256];
				size_t off;
				int rc = crm_regex_compile(&f->pattern, &rs->al, vv->text, vv->len, msg,
				                           sizeof msg, &off);
				if (rc) {
					crm_diag d;
					crm_diag_set(&d, rc, (uint32_t)off,
					             "bad regular expression: %s at offset %zu", msg, off);
					return crm_load_diag(l, vv, &d);
				}
				f->pattern_src = vv->text;
				rs->has_patterns = true;
			} else {
				return unknown_key(l, kk, "a fact",
				                   "type, values, ordered, range, pattern, description");
			}
		}
		if (f->ordered && (!f->allowed || f->type != CRM_T_STRING))
			return crm_load_error(l, CRM_ETYPE, k->line, k->col,
			                      "fact '%s': 'ordered' needs a string type with values "
			                      "(lowest first)", f->name);
	}
	if (!crm_map_put(&rs->ar, &rs->fact_map, f->name, strlen(f->name), (int)rs->nfacts))
		return crm_load_error(l, CRM_ENOMEM, k->line, k->col, "out of memory");
	rs->nfacts++;
	return 0;
}

static int declare_const(loader *l, const crm_ynode *k, const crm_ynode *v)
{
	crm_ruleset *rs = l->rs;
	if (check_new_name(l, k, "constant"))
		return l->nerrors;
	const crm_ynode *val = v;
	if (v->kind == Y_MAP) {
		val = crm_ymap_get(v, "value");
		for (uint32_t i = 0; i < v->n; i++) {
			const crm_ynode *kk = crm_ymap_key(v, i);
			if (!crm_yis(kk, "value") && !crm_yis(kk, "description"))
				return unknown_key(l, kk, "a constant", "value, description");
		}
	}
	if (!val || val->kind != Y_SCALAR)
		return crm_load_error(l, CRM_ESYNTAX, v->line, v->col,
		                      "constant '%s' needs a value", k->text);
	crm_diag d;
	crm_node *n;
	int rc;
	if (val->style == Y_QUOTED && !crm_is_string_literal(val)) {
		/* a quoted YAML scalar is a string constant */
		n = crm_node_new(&rs->ar, N_LIT, 0, val->len);
		if (!n)
			return crm_load_error(l, CRM_ENOMEM, val->line, val->col, "out of memory");
		n->val = crm_val_str(val->text, val->len);
		n->type = CRM_T_STRING;
	} else if ((rc = crm_parse_expr(&rs->ar, val->text, val->len, &n, &d))) {
		return crm_load_diag(l, val, &d);
	}
	if (!crm_arena_grow(&rs->ar, (void **)&rs->consts, &rs->cap_consts, rs->nconsts + 1,
	                    sizeof *rs->consts))
		return crm_load_error(l, CRM_ENOMEM, k->line, k->col, "out of memory");
	const_decl *c = &rs->consts[rs->nconsts];
	c->name = k->text;
	c->expr = n;
	c->file = l->file;
	c->line = val->line;
	c->col = val->col;
	if (!crm_map_put(&rs->ar, &rs->const_map, c->name, strlen(c->name), (int)rs->nconsts))
		return crm_load_error(l, CRM_ENOMEM, k->line, k->col, "out of memory");
	rs->nconsts++;
	return 0;
}

/* Check every constant once where it is declared (uses check it again in
 * their own context). */
static void check_consts(loader *l)
{
	crm_env env;
	crm_loader_env(l, &env);
	for (uint32_t i = 0; i < l->rs->nconsts; i++) {
		const_decl *c = &l->rs->consts[i];
		crm_node name;
		memset(&name, 0, sizeof name);
		name.kind = N_NAME;
		name.name = c->name;
		name.name_len = (uint32_t)strlen(c->name);
		crm_node *n = &name;
		crm_diag d;
		l->file = c->file;
		if (crm_check(&l->rs->ar, &env, &n, &d))
			crm_load_error(l, d.code, c->line, c->col, "constant '%s': %s", c->name,
			               d.msg);
	}
}

static void each_entry(loader *l, const crm_ynode *v, const char *section,
                       int (*fn)(loader *, const crm_ynode *, const crm_ynode *))
{
	if (crm_ynull(v))
		return;
	if (v->kind != Y_MAP) {
		crm_load_error(l, CRM_ESYNTAX, v->line, v->col,
		               "'%s' must be a mapping of names", section);
		return;
	}
	for (uint32_t i = 0; i < v->n; i++)
		fn(l, crm_ymap_key(v, i), crm_ymap_val(v, i));
}

static int declare_decision(loader *l, const crm_ynode *k, const crm_ynode *v)
{
	if (check_new_name(l, k, "decision"))
		return l->nerrors;
	return crm_table_declare(l, k, v);
}

/* ---- files ---------------------------------------------------------------------- */

typedef struct source {
	const char *file;
	crm_ynode *root;
} source;

typedef struct sources {
	source *items;
	size_t n, cap;
} sources;

static int read_file(loader *l, const char *path, char **buf, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	if (!fp)
		return crm_load_error(l, CRM_EIO, 0, 0, "cannot open: %s", strerror(errno));
	struct stat st;
	if (fstat(fileno(fp), &st) != 0 || !S_ISREG(st.st_mode)) {
		fclose(fp);
		return crm_load_error(l, CRM_EIO, 0, 0, "not a regular file");
	}
	if ((uint64_t)st.st_size > CRM_LIMIT_FILE_SIZE) {
		fclose(fp);
		return crm_load_error(l, CRM_ELIMIT, 0, 0, "file larger than %u bytes",
		                      CRM_LIMIT_FILE_SIZE);
	}
	size_t size = (size_t)st.st_size;
	char *b = crm_malloc(&l->rs->al, size + 1);
	if (!b) {
		fclose(fp);
		return crm_load_error(l, CRM_ENOMEM, 0, 0, "out of memory");
	}
	size_t got = fread(b, 1, size, fp);
	bool bad = ferror(fp);
	fclose(fp);
	if (bad || got != size) {
		crm_free(&l->rs->al, b);
		return crm_load_error(l, CRM_EIO, 0, 0, "read error");
	}
	b[size] = '\0';
	*buf = b;
	*len = size;
	return 0;
}

static int load_file(loader *l, sources *s, const char *path);

/* include: [paths relative to the including file] — shared calendars and
 * facts for files loaded on their own (each file is loaded once). */
static int load_includes(loader *l, sources *s, const char *from, const crm_ynode *inc)
{
	if (!inc)
		return 0;
	/* a single path is a list of one */
	const crm_ynode *const *items = (const crm_ynode *const *)&inc;
	uint32_t n = 1;
	if (inc->kind == Y_SEQ) {
		items = (const crm_ynode *const *)inc->items;
		n = inc->n;
	}
	if (++l->include_depth > 16) {
		l->include_depth--;
		return crm_load_error(l, CRM_ELIMIT, inc->line, inc->col, "includes nested too deeply");
	}
	int rc = 0;
	const char *slash = strrchr(from, '/');
	size_t dirlen = slash ? (size_t)(slash - from) + 1 : 0;
	for (uint32_t i = 0; i < n && !rc; i++) {
		const crm_ynode *it = items[i];
		if (it->kind != Y_SCALAR || !it->len) {
			rc = crm_load_error(l, CRM_ESYNTAX, it->line, it->col,
			                    "'include' lists rule-file paths");
			break;
		}
		/* relative paths are relative to the including file */
		size_t dir = it->text[0] == '/' ? 0 : dirlen;
		char *path = crm_arena_alloc(&l->rs->ar, dir + it->len + 1);
		if (!path) {
			rc = crm_load_error(l, CRM_ENOMEM, it->line, it->col, "out of memory");
			break;
		}
		memcpy(path, from, dir);
		memcpy(path + dir, it->text, it->len);
		/* canonical: the same file through two routes is loaded once */
		char *real = realpath(path, NULL);
		if (!real) {
			rc = crm_load_error(l, CRM_EIO, it->line, it->col, "cannot include %s: %s", it->text,
			                    strerror(errno));
			break;
		}
		char *canon = crm_arena_strdup(&l->rs->ar, real);
		free(real);
		if (!canon) {
			rc = crm_load_error(l, CRM_ENOMEM, it->line, it->col, "out of memory");
			break;
		}
		const char *saved = l->file;
		rc = load_file(l, s, canon);
		l->file = saved;
	}
	l->include_depth--;
	return rc;
}

static int add_source(loader *l, sources *s, const char *name, const char *buf, size_t len)
{
	crm_ruleset *rs = l->rs;
	const char *file = crm_arena_strdup(&rs->ar, name);
	if (!file)
		return crm_load_error(l, CRM_ENOMEM, 0, 0, "out of memory");
	l->file = file;
	crm_error e;
	crm_ynode *root;
	int rc = crm_yaml_parse(&rs->ar, buf, len, file, &root, &e);
	if (rc)
		return crm_load_error(l, rc, e.line, e.column, "%s", e.message);
	if (!root)
		return 0; /* an empty file declares nothing */
	if (root->kind != Y_MAP)
		return crm_load_error(l, CRM_ESYNTAX, root->line, root->col,
		                      "a rule file must be a mapping (facts:, constants:, "
		                      "decisions:, tests:)");
	for (size_t i = 0; i < s->n; i++)
		if (strcmp(s->items[i].file, file) == 0)
			return 0; /* included twice */
	if (!crm_arena_grow(&rs->ar, (void **)&s->items, &s->cap, s->n + 1, sizeof *s->items))
		return crm_load_error(l, CRM_ENOMEM, 0, 0, "out of memory");
	s->items[s->n].file = file;
	s->items[s->n].root = root;
	s->n++;
	return load_includes(l, s, file, crm_ymap_get(root, "include"));
}

static int load_file(loader *l, sources *s, const char *path)
{
	for (size_t i = 0; i < s->n; i++)
		if (strcmp(s->items[i].file, path) == 0)
			return 0;
	char *buf = NULL;
	size_t len = 0;
	l->file = path;
	int rc = read_file(l, path, &buf, &len);
	if (rc)
		return rc;
	rc = add_source(l, s, path, buf, len);
	crm_free(&l->rs->al, buf);
	return rc;
}

static int load_path(loader *l, sources *s, const char *path)
{
	struct stat st;
	l->file = path;
	if (stat(path, &st) != 0)
		return crm_load_error(l, CRM_EIO, 0, 0, "cannot open: %s", strerror(errno));
	if (!S_ISDIR(st.st_mode))
		return load_file(l, s, path);
	DIR *dir = opendir(path);
	if (!dir)
		return crm_load_error(l, CRM_EIO, 0, 0, "cannot open directory: %s",
		                      strerror(errno));
	/* Collect *.yaml / *.yml names, then load in name order. */
	char **names = NULL;
	size_t n = 0, cap = 0;
	int rc = 0;
	struct dirent *de;
	while (!rc && (de = readdir(dir))) {
		size_t nl = strlen(de->d_name);
		bool yaml = (nl > 5 && strcmp(de->d_name + nl - 5, ".yaml") == 0) ||
		            (nl > 4 && strcmp(de->d_name + nl - 4, ".yml") == 0);
		if (!yaml || de->d_name[0] == '.')
			continue;
		if (!crm_arena_grow(&l->rs->ar, (void **)&names, &cap, n + 1, sizeof *names) ||
		    !(names[n] = crm_arena_strdup(&l->rs->ar, de->d_name)))
			rc = crm_load_error(l, CRM_ENOMEM, 0, 0, "out of memory");
		else
			n++;
	}
	closedir(dir);
	for (size_t i = 1; i < n; i++)
		for (size_t j = i; j > 0 && strcmp(names[j - 1], names[j]) > 0; j--) {
			char *t = names[j];
			names[j] = names[j - 1];
			names[j - 1] = t;
		}
	for (size_t i = 0; i < n && !rc; i++) {
		size_t pl = strlen(path);
		char *full = crm_arena_alloc(&l->rs->ar, pl + strlen(names[i]) + 2);
		if (!full)
			return crm_load_error(l, CRM_ENOMEM, 0, 0, "out of memory");
		sprintf(full, "%s%s%s", path, pl && path[pl - 1] == '/' ? "" : "/", names[i]);
		load_file(l, s, full); /* errors are reported; go on with the next file */
	}
	if (!rc && n == 0)
		rc = crm_load_error(l, CRM_EIO, 0, 0, "no *.yaml rule files in this directory");
	return rc;
}

/* Depth-first search for cycles among decisions. */
static bool find_cycle(loader *l, int d, uint8_t *mark, int *stack, int depth)
{
	crm_ruleset *rs = l->rs;
	if (mark[d] == 2)
		return false;
	stack[depth] = d;
	if (mark[d] == 1) {
		/* report the loop from its first occurrence */
		int start = 0;
		while (stack[start] != d)
			start++;
		char msg[400] = "";
		size_t used = 0;
		for (int i = start; i <= depth && used < sizeof msg - 64; i++)
			used += (size_t)snprintf(msg + used, sizeof msg - used, "%s%s",
			                         i > start ? " -> " : "", rs->decs[stack[i]].name);
		decision *dd = &rs->decs[d];
		l->file = dd->file;
		crm_load_error(l, CRM_ECYCLE, dd->line, dd->col, "cyclic decision chain: %s",
		               msg);
		return true;
	}
	mark[d] = 1;
	for (uint32_t i = 0; i < rs->decs[d].ndeps; i++)
		if (find_cycle(l, rs->decs[d].deps[i], mark, stack, depth + 1))
			return true;
	mark[d] = 2;
	return false;
}

/* Decisions in the longest chain starting at d (no cycles here). */
static uint32_t chain_len(const crm_ruleset *rs, int d, uint32_t *memo)
{
	if (memo[d])
		return memo[d];
	uint32_t best = 0;
	for (uint32_t i = 0; i < rs->decs[d].ndeps; i++) {
		uint32_t k = chain_len(rs, rs->decs[d].deps[i], memo);
		if (k > best)
			best = k;
	}
	return memo[d] = best + 1;
}

static void check_cycles(loader *l)
{
	crm_ruleset *rs = l->rs;
	if (!rs->ndecs)
		return;
	uint8_t *mark = crm_arena_alloc(&rs->ar, rs->ndecs);
	int *stack = crm_arena_alloc(&rs->ar, (rs->ndecs + 1) * sizeof *stack);
	if (!mark || !stack) {
		crm_load_error(l, CRM_ENOMEM, 0, 0, "out of memory");
		return;
	}
	for (uint32_t d = 0; d < rs->ndecs; d++)
		if (find_cycle(l, (int)d, mark, stack, 0))
			return;
	uint32_t *memo = crm_arena_alloc(&rs->ar, rs->ndecs * sizeof *memo);
	if (!memo) {
		crm_load_error(l, CRM_ENOMEM, 0, 0, "out of memory");
		return;
	}
	for (uint32_t d = 0; d < rs->ndecs; d++) {
		uint32_t k = chain_len(rs, (int)d, memo);
		if (k > rs->max_chain)
			rs->max_chain = k;
	}
	if (rs->max_chain > CRM_LIMIT_DECISION_DEPTH)
		crm_load_error(l, CRM_ELIMIT, 0, 0, "decisions chained deeper than %d",
		               CRM_LIMIT_DECISION_DEPTH);
}

static void free_partial(crm_ruleset *rs)
{
	for (uint32_t i = 0; i < rs->nregexes; i++)
		crm_regex_free(rs->regexes[i]);
	/* past nfacts too: a fact that failed half-way may hold a pattern
	 * (the arena zeroes the rest) */
	for (size_t i = 0; i < rs->cap_facts; i++)
		crm_regex_free(rs->facts[i].pattern);
	if (rs->pools.ar)
		crm_pools_free(&rs->pools);
	crm_allocator al = rs->al;
	crm_arena_free(&rs->ar);
	crm_free(&al, rs);
}

void crm_ruleset_free(crm_ruleset *rs)
{
	if (rs)
		free_partial(rs);
}

static int load(crm_ruleset **out, const char *path, const char *buf, size_t len,
                const char *name, const crm_load_options *opts, crm_error *err)
{
	crm_err_clear(err);
	if (!out)
		return crm_err_set(err, CRM_EINVAL, "out must not be NULL");
	*out = NULL;
	if (opts && opts->version != CRM_LOAD_OPTIONS_VERSION)
		return crm_err_set(err, CRM_EINVAL, "unsupported crm_load_options version %u",
		                   opts->version);
	const crm_allocator *al = crm_alloc_or_default(opts ? opts->allocator : NULL);
	crm_ruleset *rs = crm_calloc(al, 1, sizeof *rs);
	if (!rs)
		return crm_err_set(err, CRM_ENOMEM, "out of memory");
	rs->al = *al;
	crm_arena_init(&rs->ar, &rs->al);
	rs->pools.ar = &rs->ar;
	rs->max_stack = 1;

	loader l;
	memset(&l, 0, sizeof l);
	l.rs = rs;
	l.opts = opts;
	l.err = err;
	sources s = {0};
	if (path)
		load_path(&l, &s, path);
	else
		add_source(&l, &s, name ? name : "<buffer>", buf, len);

	/* Pass 1: declarations from every file, so files may refer to each
	 * other in any order. */
	static const char allowed[] = "facts, constants, decisions, calendars, timers, tests, "
	                              "include, description";
	static const char *const sections[] = {"facts", "calendars", "constants", "decisions",
	                                       "timers"};
	for (int pass = 0; pass < 5 && !l.nerrors; pass++) {
		for (size_t i = 0; i < s.n; i++) {
			const crm_ynode *root = s.items[i].root;
			l.file = s.items[i].file;
			for (uint32_t k = 0; k < root->n; k++) {
				const crm_ynode *key = crm_ymap_key(root, k), *val = crm_ymap_val(root, k);
				if (!crm_yis(key, sections[pass])) {
					if (pass == 0 && !crm_yis(key, "tests") && !crm_yis(key, "include") &&
					    !crm_yis(key, "description") && !crm_yis(key, "constants") &&
					    !crm_yis(key, "decisions") && !crm_yis(key, "calendars") &&
					    !crm_yis(key, "timers"))
						unknown_key(&l, key, "a rule file", allowed);
					continue;
				}
				switch (pass) {
				case 0: each_entry(&l, val, "facts", declare_fact); break;
				case 1: crm_calendars_load(&l, val); break;
				case 2: each_entry(&l, val, "constants", declare_const); break;
				case 3: each_entry(&l, val, "decisions", declare_decision); break;
				default: crm_timers_load(&l, val); break;
				}
			}
		}
	}
	if (!l.nerrors)
		check_consts(&l);
	/* Pass 2: compile every decision (errors in one do not stop the others). */
	for (uint32_t d = 0; d < rs->ndecs; d++)
		if (!crm_table_compile(&l, &rs->decs[d]))
			rs->decs[d].compiled = true;
	if (!l.nerrors)
		crm_timers_resolve(&l);
	if (!l.nerrors)
		check_cycles(&l);
	if (!l.nerrors)
		for (uint32_t d = 0; d < rs->ndecs; d++)
			crm_table_analyse(&l, &rs->decs[d]);
	/* Pass 3: tests. */
	for (size_t i = 0; i < s.n && !l.nerrors; i++) {
		l.file = s.items[i].file;
		const crm_ynode *t = crm_ymap_get(s.items[i].root, "tests");
		if (t)
			crm_tests_load(&l, t);
	}
	if (l.nerrors) {
		free_partial(rs);
		return err ? err->code : CRM_ESYNTAX;
	}
	for (uint32_t d = 0; d < rs->ndecs; d++)
		rs->decs[d].src = NULL;
	*out = rs;
	return 0;
}

int crm_ruleset_load(crm_ruleset **out, const char *path, const crm_load_options *opts,
                     crm_error *err)
{
	if (!path) {
		if (out)
			*out = NULL;
		return crm_err_set(err, CRM_EINVAL, "path must not be NULL");
	}
	return load(out, path, NULL, 0, NULL, opts, err);
}

int crm_ruleset_load_buffer(crm_ruleset **out, const char *yaml, size_t len,
                            const char *name, const crm_load_options *opts,
                            crm_error *err)
{
	if (!yaml && len) {
		if (out)
			*out = NULL;
		return crm_err_set(err, CRM_EINVAL, "yaml must not be NULL");
	}
	return load(out, NULL, yaml ? yaml : "", len, name, opts, err);
}
