/* SPDX-License-Identifier: MIT */
/* diff_report.c - the report of `crmrules diff` from its tally: text, JSON
 * or one self-contained HTML page. Everything is sorted here (values,
 * transitions, rules, errors), so the report depends on the tally's
 * figures alone, never on the order its entries were made in. */
#define _POSIX_C_SOURCE 200809L
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "diff.h"

/* ---- figures --------------------------------------------------------------------- */

const char *diff_money_text(char *buf, diff_i128 minor)
{
	__extension__ typedef unsigned __int128 u128;
	char digits[48];
	int n = 0, neg = minor < 0;
	u128 u = neg ? (u128)0 - (u128)minor : (u128)minor;
	do {
		digits[n++] = (char)('0' + (int)(u % 10));
		u /= 10;
	} while (u || n < 3);
	char *p = buf;
	if (neg)
		*p++ = '-';
	while (n > 2)
		*p++ = digits[--n];
	*p++ = '.';
	*p++ = digits[1];
	*p++ = digits[0];
	*p = '\0';
	return buf;
}

/* A change with its sign: "+12.50", "-3.00", "0.00". */
static const char *signed_money(char *buf, diff_i128 minor)
{
	if (minor > 0) {
		buf[0] = '+';
		diff_money_text(buf + 1, minor);
		return buf;
	}
	return diff_money_text(buf, minor);
}

/* a / n rounded to the nearest minor unit, halves away from zero. */
static diff_i128 mean(diff_i128 a, long n)
{
	if (n <= 0)
		return 0;
	diff_i128 d = 2 * (diff_i128)n;
	return a >= 0 ? (2 * a + n) / d : -((-2 * a + n) / d);
}

/* ---- values and keys --------------------------------------------------------------- */

/* The two halves of a key "old\nnew". */
typedef struct pair {
	const char *a, *b;
	size_t la, lb;
} pair;

static pair split_key(const diff_key *k)
{
	const char *nl = memchr(k->text, '\n', k->len);
	pair p = {k->text, nl + 1, (size_t)(nl - k->text), k->len - (size_t)(nl - k->text) - 1};
	return p;
}

static int is_integer(const char *s, size_t n)
{
	size_t i = n && s[0] == '-';
	if (i == n || n - i > 18)
		return 0;
	for (; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

static long long integer(const char *s, size_t n)
{
	long long v = 0;
	for (size_t i = s[0] == '-'; i < n; i++)
		v = v * 10 + (s[i] - '0');
	return s[0] == '-' ? -v : v;
}

/* Values as JSON texts in order: integers by value, null last, others by
 * their bytes (false before true; strings alphabetically). */
static int value_cmp(const char *a, size_t la, const char *b, size_t lb)
{
	int na = la == 4 && memcmp(a, "null", 4) == 0, nb = lb == 4 && memcmp(b, "null", 4) == 0;
	if (na || nb)
		return na - nb;
	if (is_integer(a, la) && is_integer(b, lb)) {
		long long x = integer(a, la), y = integer(b, lb);
		return (x > y) - (x < y);
	}
	size_t n = la < lb ? la : lb;
	int c = memcmp(a, b, n);
	return c ? c : (la > lb) - (la < lb);
}

static int key_cmp(const void *x, const void *y)
{
	const diff_key *a = *(const diff_key *const *)x, *b = *(const diff_key *const *)y;
	return value_cmp(a->text, a->len, b->text, b->len);
}

static int pair_cmp(const diff_key *x, const diff_key *y)
{
	pair a = split_key(x), b = split_key(y);
	int c = value_cmp(a.a, a.la, b.a, b.la);
	return c ? c : value_cmp(a.b, a.lb, b.b, b.lb);
}

static int cell_by_pair(const void *x, const void *y)
{
	return pair_cmp(*(const diff_key *const *)x, *(const diff_key *const *)y);
}

/* Transitions that changed, most frequent first. */
static int cell_by_count(const void *x, const void *y)
{
	const diff_cell *a = *(const diff_cell *const *)x, *b = *(const diff_cell *const *)y;
	if (a->count != b->count)
		return a->count < b->count ? 1 : -1;
	return pair_cmp(&a->key, &b->key);
}

/* The entries of m, sorted; NULL when m is empty or memory is short. */
static void **sorted(const diff_map *m, int (*cmp)(const void *, const void *))
{
	if (!m->n)
		return NULL;
	void **v = malloc(m->n * sizeof *v);
	if (!v)
		return NULL;
	for (size_t i = 0; i < m->n; i++)
		v[i] = diff_entry(m, i);
	qsort(v, m->n, sizeof *v, cmp);
	return v;
}

static int same_pair(const diff_key *k)
{
	pair p = split_key(k);
	return p.la == p.lb && memcmp(p.a, p.b, p.la) == 0;
}

/* Error transitions: 0 appears (ok -> code), 1 vanishes, 2 changes code,
 * 3 the same on both sides. */
static int error_kind(const diff_key *k)
{
	pair p = split_key(k);
	if (p.la == 2 && memcmp(p.a, "ok", 2) == 0)
		return 0;
	if (p.lb == 2 && memcmp(p.b, "ok", 2) == 0)
		return 1;
	return same_pair(k) ? 3 : 2;
}

static int error_cmp(const void *x, const void *y)
{
	const diff_cell *a = *(const diff_cell *const *)x, *b = *(const diff_cell *const *)y;
	int ka = error_kind(&a->key), kb = error_kind(&b->key);
	if (ka != kb)
		return ka - kb;
	if (a->count != b->count)
		return a->count < b->count ? 1 : -1;
	return pair_cmp(&a->key, &b->key);
}

static long labs_(long v)
{
	return v < 0 ? -v : v;
}

/* Rules whose count changed most first, then by decision and id. */
static int rule_cmp(const void *x, const void *y)
{
	const diff_rule *a = *(const diff_rule *const *)x, *b = *(const diff_rule *const *)y;
	long da = labs_(a->new_ - a->old), db = labs_(b->new_ - b->old);
	if (da != db)
		return da < db ? 1 : -1;
	size_t n = a->key.len < b->key.len ? a->key.len : b->key.len;
	int c = memcmp(a->key.text, b->key.text, n);
	return c ? c : (a->key.len > b->key.len) - (a->key.len < b->key.len);
}

/* The sorted distinct values of output d (its matrix's rows and columns). */
static const diff_key **values_of(const diff_output *d)
{
	return (const diff_key **)sorted(&d->values, key_cmp);
}

static size_t value_index(const diff_key **v, size_t n, const char *s, size_t len)
{
	for (size_t i = 0; i < n; i++)
		if (v[i]->len == len && memcmp(v[i]->text, s, len) == 0)
			return i;
	return n;
}

/* What kinds of values an output had, as a text: "money", "string", ... */
static void type_names(unsigned types, char *buf, size_t size)
{
	size_t n = 0;
	buf[0] = '\0';
	for (int t = CRM_T_BOOL; t <= CRM_T_LIST; t++)
		if (types & (1u << t))
			n += (size_t)snprintf(buf + n, n < size ? size - n : 0, "%s%s", n ? ", " : "",
			                      crm_type_name((crm_type)t));
	if (!n)
		snprintf(buf, size, "always null");
}

/* Why an output has no matrix; NULL when its type says it already (the
 * reports in words leave that out). */
static const char *no_matrix_why(const diff_output *d)
{
	unsigned few = (1u << CRM_T_BOOL) | (1u << CRM_T_INT) | (1u << CRM_T_STRING) |
	               (1u << CRM_T_DATE);
	return d->types & ~few ? NULL : "more than 16 values";
}

static const char *no_matrix(const diff_output *d)
{
	if (d->types & (1u << CRM_T_LIST))
		return "a list";
	if (d->types & (1u << CRM_T_MONEY))
		return "money";
	if (d->types & ((1u << CRM_T_NUMBER) | (1u << CRM_T_DATETIME) | (1u << CRM_T_DURATION)))
		return "many values";
	return "more than 16 values";
}

static long errors_of_kind(const diff_tally *t, int kind)
{
	long n = 0;
	for (size_t i = 0; i < t->errors.n; i++) {
		const diff_cell *c = diff_entry(&t->errors, i);
		if (error_kind(&c->key) == kind)
			n += c->count;
	}
	return n;
}

static size_t rules_changed(const diff_tally *t)
{
	size_t n = 0;
	for (size_t i = 0; i < t->rules.n; i++) {
		const diff_rule *e = diff_entry(&t->rules, i);
		n += e->old != e->new_;
	}
	return n;
}

/* ---- text ------------------------------------------------------------------------------ */

/* A value for people: a plain word without its quotes, anything else as
 * JSON. */
static void plain_value(char *buf, size_t size, const char *s, size_t len)
{
	int word = len > 2 && s[0] == '"' && s[len - 1] == '"';
	for (size_t i = 1; word && i + 1 < len; i++) {
		char c = s[i];
		word = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
		       (i > 1 && ((c >= '0' && c <= '9') || c == '-' || c == '.'));
	}
	if (word && !(len == 6 && memcmp(s + 1, "null", 4) == 0) &&
	    !(len == 6 && memcmp(s + 1, "true", 4) == 0) &&
	    !(len == 7 && memcmp(s + 1, "false", 5) == 0))
		snprintf(buf, size, "%.*s", (int)(len - 2), s + 1);
	else
		snprintf(buf, size, "%.*s", (int)len, s);
}

/* An example for people: its kept values, or its line when it has none. */
static void example_text(char *buf, size_t size, const diff_example *e)
{
	int none = 1;
	for (const char *p = e->kept; p && *p; p = strchr(p, '\n') + 1)
		none &= strncmp(p, "null\n", 5) == 0;
	if (none) {
		snprintf(buf, size, "line %ld", e->line);
		return;
	}
	size_t n = 0;
	for (const char *p = e->kept; *p && n + 1 < size;) {
		const char *nl = strchr(p, '\n');
		n += (size_t)snprintf(buf + n, size - n, "%s%.*s", n ? " " : "", (int)(nl - p), p);
		p = nl + 1;
	}
}

static void examples_text(FILE *out, const diff_examples *x)
{
	for (size_t i = 0; i < x->n; i++) {
		char b[DIFF_KEPT_MAX * CRM_JSON_KEEP_MAX + 64];
		example_text(b, sizeof b, &x->e[i]);
		fprintf(out, "%s%s", i ? ", " : "e.g. ", b);
	}
}

/* A table of text cells, each column as wide as its widest cell. */
typedef struct table {
	size_t ncols, nrows, cap;
	char **cells;
	unsigned right; /* bit per column: aligned right */
	int head_row, head_col;
	unsigned char *mark; /* per cell: 1 a changed transition (HTML) */
	char **after;        /* per row: text after the last column (examples) */
	diff_i128 *bar;      /* per row: an amount drawn as a bar (HTML) */
	int bars;            /* the table has them */
} table;

static void table_init(table *t, size_t ncols, unsigned right)
{
	memset(t, 0, sizeof *t);
	t->ncols = ncols;
	t->right = right;
}

/* A new row; its cells are set with cell(). */
static size_t row(table *t)
{
	if (t->nrows == t->cap) {
		size_t nc = t->cap ? t->cap * 2 : 16;
		char **c = realloc(t->cells, nc * t->ncols * sizeof *c);
		unsigned char *m = c ? realloc(t->mark, nc * t->ncols) : NULL;
		char **a = m ? realloc(t->after, nc * sizeof *a) : NULL;
		diff_i128 *b = a ? realloc(t->bar, nc * sizeof *b) : NULL;
		if (c)
			t->cells = c;
		if (m)
			t->mark = m;
		if (a)
			t->after = a;
		if (!b)
			return (size_t)-1;
		t->bar = b;
		t->cap = nc;
	}
	t->bar[t->nrows] = 0;
	for (size_t k = 0; k < t->ncols; k++) {
		t->cells[t->nrows * t->ncols + k] = NULL;
		t->mark[t->nrows * t->ncols + k] = 0;
	}
	t->after[t->nrows] = NULL;
	return t->nrows++;
}

static void cell(table *t, size_t r, size_t c, const char *fmt, ...)
        __attribute__((format(printf, 4, 5)));

static void cell(table *t, size_t r, size_t c, const char *fmt, ...)
{
	if (r == (size_t)-1)
		return;
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	char *s = malloc((size_t)n + 1);
	if (!s)
		return;
	va_start(ap, fmt);
	vsnprintf(s, (size_t)n + 1, fmt, ap);
	va_end(ap);
	free(t->cells[r * t->ncols + c]);
	t->cells[r * t->ncols + c] = s;
}

static void table_free(table *t)
{
	for (size_t i = 0; i < t->nrows * t->ncols; i++)
		free(t->cells[i]);
	for (size_t i = 0; i < t->nrows; i++)
		free(t->after[i]);
	free(t->cells);
	free(t->mark);
	free(t->after);
	free(t->bar);
}

static const char *at(const table *t, size_t r, size_t c)
{
	const char *s = t->cells[r * t->ncols + c];
	return s ? s : "";
}

static void table_text(FILE *out, const table *t, const char *indent)
{
	size_t w[DIFF_VALUES_MAX + 1] = {0};
	for (size_t r = 0; r < t->nrows; r++)
		for (size_t c = 0; c < t->ncols && c <= DIFF_VALUES_MAX; c++) {
			size_t n = strlen(at(t, r, c));
			if (n > w[c])
				w[c] = n;
		}
	for (size_t r = 0; r < t->nrows; r++) {
		fputs(indent, out);
		for (size_t c = 0; c < t->ncols; c++) {
			int last = c + 1 == t->ncols && !t->after[r];
			if (t->right & (1u << c))
				fprintf(out, "%s%*s", c ? "  " : "", (int)w[c], at(t, r, c));
			else if (last)
				fprintf(out, "%s%s", c ? "  " : "", at(t, r, c));
			else
				fprintf(out, "%s%-*s", c ? "  " : "", (int)w[c], at(t, r, c));
		}
		if (t->after[r])
			fprintf(out, "  %s", t->after[r]);
		fputc('\n', out);
	}
}

/* The examples of x as one text (for a table's row end). */
static char *examples_string(const diff_examples *x)
{
	if (!x->n)
		return NULL;
	char *buf = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&buf, &len);
	if (!m)
		return NULL;
	examples_text(m, x);
	fclose(m);
	return buf;
}

/* ---- the parts of a report, as tables --------------------------------------------- */

/* The matrix of output d: rows old values, columns new ones. */
static void matrix_table(table *t, const diff_output *d, const diff_key **v, size_t nv)
{
	table_init(t, nv + 1, ~1u);
	t->head_row = t->head_col = 1;
	size_t r = row(t);
	cell(t, r, 0, "old \\ new");
	char b[256];
	for (size_t j = 0; j < nv; j++) {
		plain_value(b, sizeof b, v[j]->text, v[j]->len);
		cell(t, r, j + 1, "%s", b);
	}
	size_t first = t->nrows;
	for (size_t i = 0; i < nv; i++) {
		r = row(t);
		plain_value(b, sizeof b, v[i]->text, v[i]->len);
		cell(t, r, 0, "%s", b);
		for (size_t j = 0; j < nv; j++)
			cell(t, r, j + 1, "0");
	}
	for (size_t i = 0; i < d->cells.n; i++) {
		const diff_cell *c = diff_entry(&d->cells, i);
		pair p = split_key(&c->key);
		size_t ro = value_index(v, nv, p.a, p.la), co = value_index(v, nv, p.b, p.lb);
		if (ro == nv || co == nv || first + ro >= t->nrows)
			continue;
		cell(t, first + ro, co + 1, "%ld", c->count);
		t->mark[(first + ro) * t->ncols + co + 1] = ro != co;
	}
}

/* The transitions of d that changed a value, most frequent first, each
 * with its examples. */
static void changes_table(table *t, const diff_output *d)
{
	table_init(t, 2, 2u);
	const diff_cell **c = (const diff_cell **)sorted(&d->cells, cell_by_count);
	for (size_t i = 0; c && i < d->cells.n; i++) {
		if (same_pair(&c[i]->key))
			continue;
		pair p = split_key(&c[i]->key);
		char a[256], b[256];
		plain_value(a, sizeof a, p.a, p.la);
		plain_value(b, sizeof b, p.b, p.lb);
		size_t r = row(t);
		cell(t, r, 0, "%s -> %s", a, b);
		cell(t, r, 1, "%ld", c[i]->count);
		if (r != (size_t)-1)
			t->after[r] = examples_string(&c[i]->ex);
	}
	free(c);
}

/* Money moved by the transitions of the split output. */
static void split_table(table *t, const diff_output *d, const diff_tally *tl, int split)
{
	table_init(t, 6, ~1u);
	t->head_row = 1;
	size_t r = row(t);
	cell(t, r, 0, "%s", tl->out[split].name);
	cell(t, r, 1, "decisions");
	cell(t, r, 2, "changed");
	cell(t, r, 3, "old total");
	cell(t, r, 4, "new total");
	cell(t, r, 5, "moved");
	const diff_map *m = &d->split[split];
	const diff_split **s = (const diff_split **)sorted(m, cell_by_pair);
	for (size_t i = 0; s && i < m->n; i++) {
		pair p = split_key(&s[i]->key);
		char a[256], b[256], x[48], y[48], z[49];
		plain_value(a, sizeof a, p.a, p.la);
		plain_value(b, sizeof b, p.b, p.lb);
		r = row(t);
		cell(t, r, 0, "%s -> %s", a, b);
		cell(t, r, 1, "%ld", s[i]->m.n);
		cell(t, r, 2, "%ld", s[i]->m.up + s[i]->m.down);
		cell(t, r, 3, "%s", diff_money_text(x, s[i]->m.sum_old));
		cell(t, r, 4, "%s", diff_money_text(y, s[i]->m.sum_new));
		cell(t, r, 5, "%s", signed_money(z, s[i]->m.sum_new - s[i]->m.sum_old));
		if (r != (size_t)-1)
			t->bar[r] = s[i]->m.sum_new - s[i]->m.sum_old;
	}
	t->bars = 1;
	free(s);
}

static void rules_table(table *t, const diff_tally *tl)
{
	table_init(t, 5, 4u | 8u | 16u);
	t->head_row = 1;
	size_t r = row(t);
	cell(t, r, 0, "decision");
	cell(t, r, 1, "rule");
	cell(t, r, 2, "old");
	cell(t, r, 3, "new");
	cell(t, r, 4, "change");
	const diff_rule **v = (const diff_rule **)sorted(&tl->rules, rule_cmp);
	for (size_t i = 0; v && i < tl->rules.n; i++) {
		if (v[i]->old == v[i]->new_)
			continue;
		pair p = split_key(&v[i]->key);
		r = row(t);
		cell(t, r, 0, "%.*s", (int)p.la, p.a);
		cell(t, r, 1, "%.*s", (int)p.lb, p.b);
		cell(t, r, 2, "%ld", v[i]->old);
		cell(t, r, 3, "%ld", v[i]->new_);
		cell(t, r, 4, "%+ld", v[i]->new_ - v[i]->old);
	}
	free(v);
}

static void errors_table(table *t, const diff_tally *tl)
{
	table_init(t, 2, 2u);
	t->head_row = 1;
	size_t r = row(t);
	cell(t, r, 0, "old -> new");
	cell(t, r, 1, "lines");
	const diff_cell **c = (const diff_cell **)sorted(&tl->errors, error_cmp);
	for (size_t i = 0; c && i < tl->errors.n; i++) {
		pair p = split_key(&c[i]->key);
		r = row(t);
		cell(t, r, 0, "%.*s -> %.*s", (int)p.la, p.a, (int)p.lb, p.b);
		cell(t, r, 1, "%ld", c[i]->count);
		if (r != (size_t)-1)
			t->after[r] = examples_string(&c[i]->ex);
	}
	free(c);
}

/* The money figures of output d, as label / value rows. */
static void money_table(table *t, const diff_output *d)
{
	const diff_money *m = &d->money;
	char a[48], b[49], e[DIFF_KEPT_MAX * CRM_JSON_KEEP_MAX + 64];
	table_init(t, 2, 0);
	t->head_col = 1;
	size_t r = row(t);
	cell(t, r, 0, "old total");
	cell(t, r, 1, "%s over %ld decisions", diff_money_text(a, m->sum_old), m->n);
	r = row(t);
	cell(t, r, 0, "new total");
	cell(t, r, 1, "%s", diff_money_text(a, m->sum_new));
	r = row(t);
	cell(t, r, 0, "moved");
	cell(t, r, 1, "%s", signed_money(b, m->sum_new - m->sum_old));
	r = row(t);
	cell(t, r, 0, "rose");
	cell(t, r, 1, "%ld by %s", m->up, signed_money(b, m->sum_up));
	r = row(t);
	cell(t, r, 0, "fell");
	cell(t, r, 1, "%ld by %s", m->down, signed_money(b, m->sum_down));
	r = row(t);
	cell(t, r, 0, "mean change");
	char c[49];
	cell(t, r, 1, "%s per changed decision, %s per decision",
	     signed_money(b, mean(m->sum_new - m->sum_old, m->up + m->down)),
	     signed_money(c, mean(m->sum_new - m->sum_old, m->n)));
	r = row(t);
	cell(t, r, 0, "largest rise");
	if (m->up) {
		example_text(e, sizeof e, &m->at_up);
		cell(t, r, 1, "%s (%s)", signed_money(b, m->max_up), e);
	} else {
		cell(t, r, 1, "none");
	}
	r = row(t);
	cell(t, r, 0, "largest fall");
	if (m->down) {
		example_text(e, sizeof e, &m->at_down);
		cell(t, r, 1, "%s (%s)", signed_money(b, m->max_down), e);
	} else {
		cell(t, r, 1, "none");
	}
	if (m->unknown) {
		r = row(t);
		cell(t, r, 0, "no amount");
		cell(t, r, 1, "%ld decisions (null on a side), left out of the figures", m->unknown);
	}
}

static const char *presence(const diff_output *d)
{
	return d->in_old < 0 ? "only in the new rules" : d->in_new < 0 ? "only in the old rules" : NULL;
}

static void paths(FILE *out, const cli_rules *r)
{
	for (size_t i = 0; i < r->n; i++)
		fprintf(out, "%s%s", i ? ", " : "", r->paths[i]);
}

static const char *input_name(const diff_report *r)
{
	return strcmp(r->input, "-") == 0 ? "<stdin>" : r->input;
}

void diff_write_text(FILE *out, const diff_tally *t, const diff_report *r)
{
	fprintf(out, "crmrules diff: decision %s over %ld lines of %s\n", r->decision, t->lines,
	        input_name(r));
	fputs("old rules: ", out);
	paths(out, r->old);
	fputs("\nnew rules: ", out);
	paths(out, r->new_);
	fprintf(out, "\n\n%ld decided by both: %ld changed, %ld unchanged\n", t->both, t->changed,
	        t->both - t->changed);
	if (t->changed_ex.n) {
		fputs("  ", out);
		examples_text(out, &t->changed_ex);
		fputc('\n', out);
	}
	fprintf(out, "errors: %ld appear, %ld vanish, %ld change code, %ld the same on both sides\n",
	        errors_of_kind(t, 0), errors_of_kind(t, 1), errors_of_kind(t, 2), errors_of_kind(t, 3));
	for (size_t o = 0; o < t->nout; o++) {
		const diff_output *d = &t->out[o];
		char types[128];
		type_names(d->types, types, sizeof types);
		fprintf(out, "\n%s (%s%s%s): %ld changed, %ld unchanged\n", d->name, types,
		        presence(d) ? "; " : "", presence(d) ? presence(d) : "", d->changed,
		        d->unchanged);
		table tb;
		if (!d->many) {
			const diff_key **v = values_of(d);
			matrix_table(&tb, d, v, d->values.n);
			table_text(out, &tb, "  ");
			table_free(&tb);
			free(v);
			changes_table(&tb, d);
			table_text(out, &tb, "  ");
			table_free(&tb);
		} else {
			if (no_matrix_why(d))
				fprintf(out, "  no matrix: %s\n", no_matrix_why(d));
			if (d->ex.n) {
				fputs("  ", out);
				examples_text(out, &d->ex);
				fputc('\n', out);
			}
		}
		if (d->types & (1u << CRM_T_MONEY)) {
			money_table(&tb, d);
			table_text(out, &tb, "  ");
			table_free(&tb);
			if (r->split >= 0 && (size_t)r->split != o && d->split && d->split[r->split].n) {
				fprintf(out, "  by %s:\n", t->out[r->split].name);
				split_table(&tb, d, t, r->split);
				table_text(out, &tb, "    ");
				table_free(&tb);
			} else if (r->why_no_split) {
				fprintf(out, "  not split: %s\n", r->why_no_split);
			}
		}
	}
	size_t nr = rules_changed(t);
	fprintf(out, "\nrules fired, on each side over the lines it decided: %zu fire more or less "
	             "often, %zu as often\n",
	        nr, t->rules.n - nr);
	if (nr) {
		table tb;
		rules_table(&tb, t);
		table_text(out, &tb, "  ");
		table_free(&tb);
	}
	if (t->errors.n) {
		fputs("\nlines a side could not decide, by error code:\n", out);
		table tb;
		errors_table(&tb, t);
		table_text(out, &tb, "  ");
		table_free(&tb);
	}
}

/* ---- JSON ------------------------------------------------------------------------------ */

/* A writer of indented JSON: containers opened pretty (a member a line)
 * or flat (on one line). */
typedef struct jw {
	FILE *out;
	int depth;
	int n[32];    /* members so far, per depth */
	int flat[32]; /* this depth is on one line */
} jw;

static void jw_sep(jw *w)
{
	int d = w->depth;
	if (w->n[d]++)
		fputc(',', w->out);
	if (w->flat[d]) {
		if (w->n[d] > 1)
			fputc(' ', w->out);
	} else if (d) {
		fprintf(w->out, "\n%*s", 2 * d, "");
	}
}

/* A member's key; its value follows, written with keyed = the 1 this
 * returns (KEY). */
static int jw_key(jw *w, const char *k)
{
	jw_sep(w);
	cli_json_string(w->out, k, strlen(k));
	fputs(": ", w->out);
	w->n[w->depth]--; /* the value that follows is the same member */
	return 1;
}

/* A value of the container, or of the key just written. */
static void jw_value(jw *w, int keyed)
{
	if (keyed)
		w->n[w->depth]++;
	else
		jw_sep(w);
}

static void jw_open(jw *w, int keyed, char c, int flat)
{
	jw_value(w, keyed);
	fputc(c, w->out);
	int parent_flat = w->flat[w->depth];
	w->depth++;
	w->n[w->depth] = 0;
	w->flat[w->depth] = flat || parent_flat;
}

static void jw_close(jw *w, char c)
{
	int had = w->n[w->depth], flat = w->flat[w->depth];
	w->depth--;
	if (had && !flat)
		fprintf(w->out, "\n%*s", 2 * w->depth, "");
	fputc(c, w->out);
}

static void jw_raw(jw *w, int keyed, const char *s, size_t len)
{
	jw_value(w, keyed);
	fwrite(s, 1, len, w->out);
}

static void jw_strn(jw *w, int keyed, const char *s, size_t len)
{
	jw_value(w, keyed);
	cli_json_string(w->out, s, len);
}

static void jw_str(jw *w, int keyed, const char *s)
{
	jw_strn(w, keyed, s, strlen(s));
}

static void jw_long(jw *w, int keyed, long v)
{
	jw_value(w, keyed);
	fprintf(w->out, "%ld", v);
}

static void jw_money(jw *w, int keyed, diff_i128 v)
{
	char b[48];
	jw_str(w, keyed, diff_money_text(b, v));
}

#define KEY(w, k) jw_key(w, k)

static void jw_example(jw *w, const diff_example *e, const diff_report *r)
{
	jw_open(w, 0, '{', 1);
	jw_long(w, KEY(w, "line"), e->line);
	const char *p = e->kept;
	for (size_t k = 0; p && k < r->nkeep; k++) {
		const char *nl = strchr(p, '\n');
		jw_raw(w, KEY(w, r->keep[k]), p, (size_t)(nl - p));
		p = nl + 1;
	}
	jw_close(w, '}');
}

static void jw_examples(jw *w, const diff_examples *x, const diff_report *r)
{
	jw_open(w, KEY(w, "examples"), '[', 1);
	for (size_t i = 0; i < x->n; i++)
		jw_example(w, &x->e[i], r);
	jw_close(w, ']');
}

static void jw_money_figures(jw *w, const diff_money *m, const diff_report *r, int whole)
{
	jw_long(w, KEY(w, "decisions"), m->n);
	jw_long(w, KEY(w, "changed"), m->up + m->down);
	jw_money(w, KEY(w, "old_total"), m->sum_old);
	jw_money(w, KEY(w, "new_total"), m->sum_new);
	jw_money(w, KEY(w, "moved"), m->sum_new - m->sum_old);
	jw_money(w, KEY(w, "mean_change"), mean(m->sum_new - m->sum_old, m->up + m->down));
	if (!whole)
		return;
	jw_money(w, KEY(w, "mean_change_all"), mean(m->sum_new - m->sum_old, m->n));
	jw_long(w, KEY(w, "rose"), m->up);
	jw_money(w, KEY(w, "rose_by"), m->sum_up);
	jw_long(w, KEY(w, "fell"), m->down);
	jw_money(w, KEY(w, "fell_by"), m->sum_down);
	jw_long(w, KEY(w, "no_amount"), m->unknown);
	for (int up = 1; up >= 0; up--) {
		int keyed = jw_key(w, up ? "largest_rise" : "largest_fall");
		if (!(up ? m->up : m->down)) {
			jw_raw(w, keyed, "null", 4);
			continue;
		}
		const diff_example *e = up ? &m->at_up : &m->at_down;
		jw_open(w, keyed, '{', 1);
		jw_money(w, KEY(w, "change"), up ? m->max_up : m->max_down);
		jw_long(w, KEY(w, "line"), e->line);
		const char *p = e->kept;
		for (size_t k = 0; p && k < r->nkeep; k++) {
			const char *nl = strchr(p, '\n');
			jw_raw(w, KEY(w, r->keep[k]), p, (size_t)(nl - p));
			p = nl + 1;
		}
		jw_close(w, '}');
	}
}

static void jw_pair(jw *w, const diff_key *k, const char *a, const char *b)
{
	pair p = split_key(k);
	jw_raw(w, KEY(w, a), p.a, p.la);
	jw_raw(w, KEY(w, b), p.b, p.lb);
}

static void json_output(jw *w, const diff_tally *t, size_t o, const diff_report *r)
{
	const diff_output *d = &t->out[o];
	jw_open(w, 0, '{', 0);
	jw_str(w, KEY(w, "name"), d->name);
	jw_open(w, KEY(w, "types"), '[', 1);
	for (int ty = CRM_T_BOOL; ty <= CRM_T_LIST; ty++)
		if (d->types & (1u << ty))
			jw_str(w, 0, crm_type_name((crm_type)ty));
	jw_close(w, ']');
	jw_str(w, KEY(w, "in"), d->in_old < 0 ? "new" : d->in_new < 0 ? "old" : "both");
	jw_long(w, KEY(w, "changed"), d->changed);
	jw_long(w, KEY(w, "unchanged"), d->unchanged);
	jw_examples(w, &d->ex, r);
	if (d->many) {
		jw_raw(w, KEY(w, "matrix"), "null", 4);
		jw_str(w, KEY(w, "no_matrix"), no_matrix(d));
	} else {
		const diff_key **v = values_of(d);
		jw_open(w, KEY(w, "values"), '[', 1);
		for (size_t i = 0; v && i < d->values.n; i++)
			jw_raw(w, 0, v[i]->text, v[i]->len);
		jw_close(w, ']');
		free(v);
		const diff_cell **c = (const diff_cell **)sorted(&d->cells, cell_by_pair);
		jw_open(w, KEY(w, "matrix"), '[', 0);
		for (size_t i = 0; c && i < d->cells.n; i++) {
			jw_open(w, 0, '{', 1);
			jw_pair(w, &c[i]->key, "old", "new");
			jw_long(w, KEY(w, "count"), c[i]->count);
			if (!same_pair(&c[i]->key))
				jw_examples(w, &c[i]->ex, r);
			jw_close(w, '}');
		}
		jw_close(w, ']');
		free(c);
	}
	if (d->types & (1u << CRM_T_MONEY)) {
		jw_open(w, KEY(w, "money"), '{', 0);
		jw_money_figures(w, &d->money, r, 1);
		jw_close(w, '}');
		if (r->split >= 0 && (size_t)r->split != o && d->split && d->split[r->split].n) {
			jw_open(w, KEY(w, "split"), '{', 0);
			jw_str(w, KEY(w, "by"), t->out[r->split].name);
			jw_open(w, KEY(w, "groups"), '[', 0);
			const diff_map *m = &d->split[r->split];
			const diff_split **s = (const diff_split **)sorted(m, cell_by_pair);
			for (size_t i = 0; s && i < m->n; i++) {
				jw_open(w, 0, '{', 1);
				jw_pair(w, &s[i]->key, "old", "new");
				jw_money_figures(w, &s[i]->m, r, 0);
				jw_close(w, '}');
			}
			free(s);
			jw_close(w, ']');
			jw_close(w, '}');
		} else {
			jw_raw(w, KEY(w, "split"), "null", 4);
		}
	}
	jw_close(w, '}');
}

void diff_write_json(FILE *out, const diff_tally *t, const diff_report *r)
{
	jw w;
	memset(&w, 0, sizeof w);
	w.out = out;
	fputc('{', out);
	w.depth = 1;
	jw_str(&w, KEY(&w, "decision"), r->decision);
	for (int side = 0; side < 2; side++) {
		const cli_rules *p = side ? r->new_ : r->old;
		jw_open(&w, KEY(&w, side ? "new" : "old"), '[', 1);
		for (size_t i = 0; i < p->n; i++)
			jw_str(&w, 0, p->paths[i]);
		jw_close(&w, ']');
	}
	jw_str(&w, KEY(&w, "input"), input_name(r));
	jw_long(&w, KEY(&w, "lines"), t->lines);
	jw_long(&w, KEY(&w, "decided"), t->both);
	jw_long(&w, KEY(&w, "changed"), t->changed);
	jw_long(&w, KEY(&w, "unchanged"), t->both - t->changed);
	jw_examples(&w, &t->changed_ex, r);
	jw_open(&w, KEY(&w, "errors"), '{', 1);
	static const char *const kinds[] = {"appear", "vanish", "change", "same"};
	for (int k = 0; k < 4; k++)
		jw_long(&w, KEY(&w, kinds[k]), errors_of_kind(t, k));
	jw_close(&w, '}');
	jw_open(&w, KEY(&w, "outputs"), '[', 0);
	for (size_t o = 0; o < t->nout; o++)
		json_output(&w, t, o, r);
	jw_close(&w, ']');
	jw_open(&w, KEY(&w, "rules"), '[', 0);
	const diff_rule **v = (const diff_rule **)sorted(&t->rules, rule_cmp);
	for (size_t i = 0; v && i < t->rules.n; i++) {
		if (v[i]->old == v[i]->new_)
			continue;
		pair p = split_key(&v[i]->key);
		jw_open(&w, 0, '{', 1);
		jw_strn(&w, KEY(&w, "decision"), p.a, p.la);
		jw_strn(&w, KEY(&w, "rule"), p.b, p.lb);
		jw_long(&w, KEY(&w, "old"), v[i]->old);
		jw_long(&w, KEY(&w, "new"), v[i]->new_);
		jw_long(&w, KEY(&w, "change"), v[i]->new_ - v[i]->old);
		jw_close(&w, '}');
	}
	free(v);
	jw_close(&w, ']');
	jw_long(&w, KEY(&w, "rules_as_often"), (long)(t->rules.n - rules_changed(t)));
	jw_open(&w, KEY(&w, "error_transitions"), '[', 0);
	const diff_cell **c = (const diff_cell **)sorted(&t->errors, error_cmp);
	for (size_t i = 0; c && i < t->errors.n; i++) {
		pair p = split_key(&c[i]->key);
		jw_open(&w, 0, '{', 1);
		jw_strn(&w, KEY(&w, "old"), p.a, p.la);
		jw_strn(&w, KEY(&w, "new"), p.b, p.lb);
		jw_long(&w, KEY(&w, "lines"), c[i]->count);
		jw_examples(&w, &c[i]->ex, r);
		jw_close(&w, '}');
	}
	free(c);
	jw_close(&w, ']');
	fputs("\n}\n", out);
}

/* ---- HTML ------------------------------------------------------------------------------ */

static void html_text(FILE *out, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '&': fputs("&amp;", out); break;
		case '<': fputs("&lt;", out); break;
		case '>': fputs("&gt;", out); break;
		case '"': fputs("&quot;", out); break;
		default: fputc(*s, out);
		}
	}
}

/* An amount as a bar: a fall to the left of the axis, a rise to the
 * right, as long as its share of the largest (top), in tenths of a
 * percent, exactly. */
static void html_bar(FILE *out, diff_i128 v, diff_i128 top)
{
	diff_i128 mag = v < 0 ? -v : v;
	long w = top ? (long)((mag * 1000 + top / 2) / top) : 0;
	fprintf(out,
	        "<td class=\"chart fall\"><div style=\"width:%ld.%ld%%\"></div></td>"
	        "<td class=\"chart rise\"><div style=\"width:%ld.%ld%%\"></div></td>",
	        v < 0 ? w / 10 : 0, v < 0 ? w % 10 : 0, v > 0 ? w / 10 : 0, v > 0 ? w % 10 : 0);
}

static void html_table(FILE *out, const table *t, const char *cls)
{
	int examples = 0;
	diff_i128 top = 0;
	for (size_t r = 0; r < t->nrows; r++) {
		examples |= t->after[r] != NULL;
		diff_i128 v = t->bar[r] < 0 ? -t->bar[r] : t->bar[r];
		if (v > top)
			top = v;
	}
	fprintf(out, "<table class=\"%s\">\n", cls);
	for (size_t r = 0; r < t->nrows; r++) {
		fputs("<tr>", out);
		for (size_t c = 0; c < t->ncols; c++) {
			int head = (t->head_row && r == 0) || (t->head_col && c == 0);
			const char *tag = head ? "th" : "td";
			fprintf(out, "<%s", tag);
			if (!head && (t->right & (1u << c)))
				fputs(t->mark[r * t->ncols + c] ? " class=\"n changed\"" : " class=\"n\"", out);
			fputc('>', out);
			html_text(out, at(t, r, c));
			fprintf(out, "</%s>", tag);
		}
		if (t->bars && t->head_row && r == 0)
			fputs("<th colspan=\"2\"></th>", out);
		else if (t->bars)
			html_bar(out, t->bar[r], top);
		if (examples) {
			fputs(t->head_row && r == 0 ? "<th>examples</th>" : "<td class=\"ex\">", out);
			if (t->after[r])
				html_text(out, t->after[r]);
			if (!(t->head_row && r == 0))
				fputs("</td>", out);
		}
		fputs("</tr>\n", out);
	}
	fputs("</table>\n", out);
}

void diff_write_html(FILE *out, const diff_tally *t, const diff_report *r)
{
	fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>crmrules "
	      "diff: ",
	      out);
	html_text(out, r->decision);
	fputs("</title>\n<style>\n"
	      "body{font-family:sans-serif;margin:2em;color:#222}\n"
	      "table{border-collapse:collapse;margin:.5em 0 1em}\n"
	      "th,td{border:1px solid #ccc;padding:.2em .6em;text-align:left;white-space:nowrap}\n"
	      "th{background:#f3f3f3}\n"
	      "td.n{text-align:right;font-variant-numeric:tabular-nums}\n"
	      "td.changed{background:#fde8c8;font-weight:bold}\n"
	      "td.ex{color:#555;font-size:90%;border:none;white-space:normal}\n"
	      "td.chart{width:10em;padding:0 .2em}\n"
	      "td.chart div{height:1em}\n"
	      "td.fall div{margin-left:auto;background:#c0392b}\n"
	      "td.rise div{background:#27ae60}\n"
	      "td.fall{border-right:1px solid #666}\n"
	      "</style>\n</head>\n<body>\n<h1>crmrules diff: ",
	      out);
	html_text(out, r->decision);
	fputs("</h1>\n<p>", out);
	fprintf(out, "%ld lines of ", t->lines);
	html_text(out, input_name(r));
	fputs("; old rules: ", out);
	for (size_t i = 0; i < r->old->n; i++) {
		fputs(i ? ", " : "", out);
		html_text(out, r->old->paths[i]);
	}
	fputs("; new rules: ", out);
	for (size_t i = 0; i < r->new_->n; i++) {
		fputs(i ? ", " : "", out);
		html_text(out, r->new_->paths[i]);
	}
	fprintf(out, "</p>\n<p>%ld decided by both: <b>%ld changed</b>, %ld unchanged.", t->both,
	        t->changed, t->both - t->changed);
	char *ex = examples_string(&t->changed_ex);
	if (ex) {
		fputc(' ', out);
		html_text(out, ex);
		free(ex);
	}
	fprintf(out, "</p>\n<p>errors: %ld appear, %ld vanish, %ld change code, %ld the same on both "
	             "sides</p>\n",
	        errors_of_kind(t, 0), errors_of_kind(t, 1), errors_of_kind(t, 2), errors_of_kind(t, 3));
	for (size_t o = 0; o < t->nout; o++) {
		const diff_output *d = &t->out[o];
		char types[128];
		type_names(d->types, types, sizeof types);
		fputs("<h2>", out);
		html_text(out, d->name);
		fprintf(out, " (%s%s%s)</h2>\n<p>%ld changed, %ld unchanged</p>\n", types,
		        presence(d) ? "; " : "", presence(d) ? presence(d) : "", d->changed, d->unchanged);
		table tb;
		if (!d->many) {
			const diff_key **v = values_of(d);
			matrix_table(&tb, d, v, d->values.n);
			html_table(out, &tb, "matrix");
			table_free(&tb);
			free(v);
			changes_table(&tb, d);
			if (tb.nrows)
				html_table(out, &tb, "changes");
			table_free(&tb);
		} else {
			ex = examples_string(&d->ex);
			if (no_matrix_why(d) || ex) {
				fputs("<p>", out);
				if (no_matrix_why(d))
					fprintf(out, "no matrix: %s%s", no_matrix_why(d), ex ? "; " : "");
				if (ex)
					html_text(out, ex);
				fputs("</p>\n", out);
			}
			free(ex);
		}
		if (d->types & (1u << CRM_T_MONEY)) {
			money_table(&tb, d);
			html_table(out, &tb, "money");
			table_free(&tb);
			if (r->split >= 0 && (size_t)r->split != o && d->split && d->split[r->split].n) {
				split_table(&tb, d, t, r->split);
				fputs("<p>by ", out);
				html_text(out, t->out[r->split].name);
				fputs(":</p>\n", out);
				html_table(out, &tb, "split");
				table_free(&tb);
			} else if (r->why_no_split) {
				fprintf(out, "<p>not split: %s</p>\n", r->why_no_split);
			}
		}
	}
	size_t nr = rules_changed(t);
	fprintf(out, "<h2>rules fired</h2>\n<p>on each side over the lines it decided: %zu fire more "
	             "or less often, %zu as often</p>\n",
	        nr, t->rules.n - nr);
	if (nr) {
		table tb;
		rules_table(&tb, t);
		html_table(out, &tb, "rules");
		table_free(&tb);
	}
	if (t->errors.n) {
		fputs("<h2>lines a side could not decide</h2>\n", out);
		table tb;
		errors_table(&tb, t);
		html_table(out, &tb, "errors");
		table_free(&tb);
	}
	fputs("</body>\n</html>\n", out);
}
