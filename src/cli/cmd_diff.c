/* SPDX-License-Identifier: MIT */
/* cmd_diff.c - `crmrules diff`: one decision made by two rulesets (the old
 * rules and the new) over the same NDJSON lines, and what changed.
 *
 * Each line is read into the facts of each side and decided by each
 * (crm_facts_read_json_kept, crm_decide_index); the line's outcome goes
 * into a tally: per output, how often each old value went to each new one,
 * money moved, the rules fired on each side, the errors on either, and the
 * first examples of each. With --jobs N the lines go in batches to N
 * workers (batches.c), each batch into a tally of its own, and the
 * batches' tallies are added up in input order, so every figure and every
 * example is the one a single thread gives. Memory is bounded: a tally
 * holds counts, at most DIFF_VALUES_MAX values of an output, and
 * --examples K examples of each thing. diff_report.c writes the report. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "batches.h"
#include "diff.h"

typedef struct diff_opts {
	const char *decision, *input, *split;
	int jobs, examples, unknown_ignore, format; /* format: 0 text, 1 json, 2 html */
	const char *keep[CRM_JSON_KEEP_MAX];
	size_t nkeep;
} diff_opts;

/* The two rulesets and the decision in each. */
typedef struct sides {
	const crm_ruleset *rs[2];
	int di[2];
	const diff_opts *o;
} sides;

/* ---- maps of texts -------------------------------------------------------------- */

static uint64_t hash_text(const char *s, size_t len)
{
	uint64_t h = 1469598103934665603u; /* FNV-1a */
	for (size_t i = 0; i < len; i++)
		h = (h ^ (unsigned char)s[i]) * 1099511628211u;
	return h;
}

static void map_init(diff_map *m, size_t esize)
{
	memset(m, 0, sizeof *m);
	m->esize = esize;
}

/* The entry of key k, or (add) a new one, zeroed but for its key; NULL
 * when absent (or out of memory). Entries move when one is added. */
static void *map_get(diff_map *m, const char *k, size_t len, int add)
{
	uint64_t h = hash_text(k, len);
	size_t mask = m->nslots - 1;
	for (size_t i = m->nslots ? h & mask : 0; m->nslots; i = (i + 1) & mask) {
		uint32_t s = m->slots[i];
		if (!s)
			break;
		diff_key *e = diff_entry(m, s - 1);
		if (e->hash == h && e->len == len && memcmp(e->text, k, len) == 0)
			return e;
	}
	if (!add)
		return NULL;
	if ((m->n + 1) * 2 > m->nslots) {
		size_t ns = m->nslots ? m->nslots * 2 : 16;
		uint32_t *slots = calloc(ns, sizeof *slots);
		if (!slots)
			return NULL;
		for (size_t j = 0; j < m->n; j++) {
			diff_key *e = diff_entry(m, j);
			size_t i = e->hash & (ns - 1);
			while (slots[i])
				i = (i + 1) & (ns - 1);
			slots[i] = (uint32_t)j + 1;
		}
		free(m->slots);
		m->slots = slots;
		m->nslots = ns;
		mask = ns - 1;
	}
	if (m->n == m->cap) {
		size_t nc = m->cap ? m->cap * 2 : 8;
		char *p = realloc(m->entries, nc * m->esize);
		if (!p)
			return NULL;
		m->entries = p;
		m->cap = nc;
	}
	char *text = malloc(len + 1);
	if (!text)
		return NULL;
	memcpy(text, k, len);
	text[len] = '\0';
	diff_key *e = diff_entry(m, m->n);
	memset(e, 0, m->esize);
	e->text = text;
	e->len = len;
	e->hash = h;
	size_t i = h & mask;
	while (m->slots[i])
		i = (i + 1) & mask;
	m->slots[i] = (uint32_t)++m->n;
	return e;
}

static void example_free(diff_example *e)
{
	free(e->kept);
	e->kept = NULL;
}

static void examples_free(diff_examples *x)
{
	for (size_t i = 0; i < x->n; i++)
		example_free(&x->e[i]);
	x->n = 0;
}

static void money_free(diff_money *m)
{
	example_free(&m->at_up);
	example_free(&m->at_down);
}

/* Free a map's entries, each with what it holds (free_entry may be NULL). */
static void map_free(diff_map *m, void (*free_entry)(void *))
{
	for (size_t i = 0; i < m->n; i++) {
		diff_key *e = diff_entry(m, i);
		if (free_entry)
			free_entry(e);
		free(e->text);
	}
	free(m->entries);
	free(m->slots);
	map_init(m, m->esize);
}

static void cell_free(void *e)
{
	examples_free(&((diff_cell *)e)->ex);
}

static void split_free(void *e)
{
	money_free(&((diff_split *)e)->m);
}

/* ---- tallies --------------------------------------------------------------------- */

static void tally_init(diff_tally *t)
{
	memset(t, 0, sizeof *t);
	map_init(&t->errors, sizeof(diff_cell));
	map_init(&t->rules, sizeof(diff_rule));
}

static void drop_splits(diff_tally *t, size_t k)
{
	for (size_t o = 0; o < t->nout; o++)
		if (t->out[o].split)
			map_free(&t->out[o].split[k], split_free);
}

/* Output o has no matrix from now on (nor splits by it). */
static void make_many(diff_tally *t, size_t o)
{
	diff_output *d = &t->out[o];
	d->many = 1;
	map_free(&d->cells, cell_free);
	map_free(&d->values, NULL);
	drop_splits(t, o);
}

static void tally_free(diff_tally *t)
{
	examples_free(&t->changed_ex);
	for (size_t o = 0; o < t->nout; o++) {
		diff_output *d = &t->out[o];
		examples_free(&d->ex);
		map_free(&d->cells, cell_free);
		map_free(&d->values, NULL);
		money_free(&d->money);
		for (size_t k = 0; d->split && k < t->nout; k++)
			map_free(&d->split[k], split_free);
		free(d->split);
		free(d->name);
	}
	free(t->out);
	map_free(&t->errors, cell_free);
	map_free(&t->rules, NULL);
	tally_init(t);
}

/* The outputs, once: the old side's in its order, then the new side's
 * others. Every tally finds the same list, whatever line it learns it
 * from: the rulesets declare it. */
static int learn_outputs(diff_tally *t, const crm_result *ro, const crm_result *rn)
{
	size_t no = crm_result_output_count(ro), nn = crm_result_output_count(rn);
	t->out = calloc(no + nn ? no + nn : 1, sizeof *t->out);
	if (!t->out)
		return -1;
	for (size_t i = 0; i < no; i++) {
		diff_output *d = &t->out[t->nout++];
		if (!(d->name = strdup(crm_result_output_name(ro, i))))
			return -1;
		d->in_old = (int)i;
		d->in_new = -1;
		for (size_t j = 0; j < nn; j++)
			if (strcmp(crm_result_output_name(rn, j), d->name) == 0)
				d->in_new = (int)j;
	}
	for (size_t j = 0; j < nn; j++) {
		const char *name = crm_result_output_name(rn, j);
		size_t i = 0;
		while (i < no && strcmp(crm_result_output_name(ro, i), name) != 0)
			i++;
		if (i < no)
			continue;
		diff_output *d = &t->out[t->nout++];
		if (!(d->name = strdup(name)))
			return -1;
		d->in_old = -1;
		d->in_new = (int)j;
	}
	for (size_t o = 0; o < t->nout; o++) {
		map_init(&t->out[o].cells, sizeof(diff_cell));
		map_init(&t->out[o].values, sizeof(diff_key));
	}
	return 0;
}

/* ---- one line ------------------------------------------------------------------------ */

/* A worker's own state: a context and facts for each side, and room for
 * the values' texts. */
typedef struct worker {
	const sides *s;
	crm_context *ctx[2];
	crm_facts *f[2];
	char *buf; /* the values' texts */
	size_t cap;
	size_t *at;  /* per output: old text at at[2o], new at at[2o + 1], in buf */
	char *kbuf;  /* a key being looked up */
	size_t kcap;
} worker;

/* The line at hand, for its examples. */
typedef struct line_at {
	long line;
	const char *text;
	crm_json_span kept[CRM_JSON_KEEP_MAX];
	size_t nkeep;
} line_at;

/* The example of line l: its number and its kept values (NULL: out of memory). */
static int example_of(const line_at *l, diff_example *out)
{
	out->line = l->line;
	out->kept = NULL;
	if (!l->nkeep)
		return 0;
	size_t n = 0;
	for (size_t k = 0; k < l->nkeep; k++) {
		size_t len = l->kept[k].end - l->kept[k].start;
		n += (len && len <= DIFF_KEPT_MAX ? len : 4) + 1;
	}
	char *p = malloc(n + 1);
	if (!p)
		return -1;
	n = 0;
	for (size_t k = 0; k < l->nkeep; k++) {
		size_t len = l->kept[k].end - l->kept[k].start;
		if (len && len <= DIFF_KEPT_MAX)
			memcpy(p + n, l->text + l->kept[k].start, len);
		else
			memcpy(p + n, "null", len = 4);
		n += len;
		p[n++] = '\n';
	}
	p[n] = '\0';
	out->kept = p;
	return 0;
}

static int example_add(diff_examples *x, int k, const line_at *l)
{
	if (x->n >= (size_t)k)
		return 0;
	if (example_of(l, &x->e[x->n]))
		return -1;
	x->n++;
	return 0;
}

/* The amounts of a money output, old and new (either may be unknown), into m. */
static int money_add(diff_money *m, const crm_value *vo, const crm_value *vn, const line_at *l)
{
	if (vo->type != CRM_T_MONEY || vn->type != CRM_T_MONEY) {
		m->unknown++;
		return 0;
	}
	m->n++;
	m->sum_old += vo->u.money;
	m->sum_new += vn->u.money;
	diff_i128 d = (diff_i128)vn->u.money - vo->u.money;
	if (d > 0) {
		m->up++;
		m->sum_up += d;
		if (d > m->max_up) {
			m->max_up = d;
			example_free(&m->at_up);
			return example_of(l, &m->at_up);
		}
	} else if (d < 0) {
		m->down++;
		m->sum_down += d;
		if (d < m->max_down) {
			m->max_down = d;
			example_free(&m->at_down);
			return example_of(l, &m->at_down);
		}
	}
	return 0;
}

static int categorical(crm_type t)
{
	return t == CRM_T_UNKNOWN || t == CRM_T_BOOL || t == CRM_T_INT || t == CRM_T_STRING ||
	       t == CRM_T_DATE;
}

/* Value v's JSON text appended to the worker's buffer; its offset in *at. */
static int put_value(worker *w, size_t *used, const crm_value *v, size_t *at)
{
	for (;;) {
		size_t room = w->cap - *used;
		size_t n = crm_value_format(w->buf + *used, room, v);
		if (n + 2 < room) {
			*at = *used;
			*used += n + 1; /* with its NUL */
			return 0;
		}
		size_t nc = w->cap ? w->cap * 2 : 4096;
		while (nc < *used + n + 2)
			nc *= 2;
		char *p = realloc(w->buf, nc);
		if (!p)
			return -1;
		w->buf = p;
		w->cap = nc;
	}
}

/* The key "a\nb" of two texts, in the worker's key buffer; NULL when out
 * of memory. */
static const char *pair_key(worker *w, const char *a, const char *b, size_t *len)
{
	size_t la = strlen(a), lb = strlen(b);
	if (w->kcap < la + lb + 2) {
		size_t nc = (la + lb + 2) * 2 + 64;
		char *p = realloc(w->kbuf, nc);
		if (!p)
			return NULL;
		w->kbuf = p;
		w->kcap = nc;
	}
	char *k = w->kbuf;
	memcpy(k, a, la);
	k[la] = '\n';
	memcpy(k + la + 1, b, lb);
	*len = la + lb + 1;
	return k;
}

static int count_cell(diff_map *m, const char *k, size_t len, int k_examples, int changed,
                      const line_at *l)
{
	diff_cell *c = map_get(m, k, len, 1);
	if (!c)
		return -1;
	c->count++;
	return changed ? example_add(&c->ex, k_examples, l) : 0;
}

/* Both sides decided: every output compared. */
static int both_decided(worker *w, diff_tally *t, const crm_result *ro, const crm_result *rn,
                        const line_at *l)
{
	int K = w->s->o->examples;
	if (!t->nout && learn_outputs(t, ro, rn))
		return -1;
	if (!w->at && !(w->at = calloc(t->nout * 2 + 1, sizeof *w->at)))
		return -1;
	crm_value unknown;
	memset(&unknown, 0, sizeof unknown);
	size_t used = 0;
	int any = 0;
	for (size_t o = 0; o < t->nout; o++) {
		const diff_output *d = &t->out[o];
		crm_value vo = d->in_old >= 0 ? crm_result_output(ro, (size_t)d->in_old) : unknown;
		crm_value vn = d->in_new >= 0 ? crm_result_output(rn, (size_t)d->in_new) : unknown;
		if (put_value(w, &used, &vo, &w->at[2 * o]) || put_value(w, &used, &vn, &w->at[2 * o + 1]))
			return -1;
	}
	for (size_t o = 0; o < t->nout; o++) {
		diff_output *d = &t->out[o];
		crm_value vo = d->in_old >= 0 ? crm_result_output(ro, (size_t)d->in_old) : unknown;
		crm_value vn = d->in_new >= 0 ? crm_result_output(rn, (size_t)d->in_new) : unknown;
		const char *to = w->buf + w->at[2 * o], *tn = w->buf + w->at[2 * o + 1];
		int changed = strcmp(to, tn) != 0;
		any |= changed;
		d->types |= (vo.type ? 1u << vo.type : 0) | (vn.type ? 1u << vn.type : 0);
		if (changed) {
			d->changed++;
			if (example_add(&d->ex, K, l))
				return -1;
		} else {
			d->unchanged++;
		}
		if (!d->many && (!categorical(vo.type) || !categorical(vn.type)))
			make_many(t, o);
		if (!d->many) {
			if (!map_get(&d->values, to, strlen(to), 1) || !map_get(&d->values, tn, strlen(tn), 1))
				return -1;
			if (d->values.n > DIFF_VALUES_MAX) {
				make_many(t, o);
			} else {
				size_t len;
				const char *k = pair_key(w, to, tn, &len);
				if (!k || count_cell(&d->cells, k, len, K, changed, l))
					return -1;
			}
		}
	}
	for (size_t o = 0; o < t->nout; o++) {
		diff_output *d = &t->out[o];
		crm_value vo = d->in_old >= 0 ? crm_result_output(ro, (size_t)d->in_old) : unknown;
		crm_value vn = d->in_new >= 0 ? crm_result_output(rn, (size_t)d->in_new) : unknown;
		if (vo.type != CRM_T_MONEY && vn.type != CRM_T_MONEY)
			continue;
		if (money_add(&d->money, &vo, &vn, l))
			return -1;
		/* and by the transition of each output that has a matrix */
		for (size_t k = 0; k < t->nout; k++) {
			if (k == o || t->out[k].many)
				continue;
			if (!d->split && !(d->split = calloc(t->nout, sizeof *d->split)))
				return -1;
			if (!d->split[k].esize)
				map_init(&d->split[k], sizeof(diff_split));
			size_t len;
			const char *key =
			        pair_key(w, w->buf + w->at[2 * k], w->buf + w->at[2 * k + 1], &len);
			diff_split *sp = key ? map_get(&d->split[k], key, len, 1) : NULL;
			if (!sp || money_add(&sp->m, &vo, &vn, l))
				return -1;
		}
	}
	t->both++;
	if (any) {
		t->changed++;
		if (example_add(&t->changed_ex, K, l))
			return -1;
	}
	return 0;
}

/* The fired rules of a side's result, counted. */
static int count_rules(diff_tally *t, const crm_result *r, int side, worker *w)
{
	size_t n = crm_result_fired_count(r);
	for (size_t i = 0; i < n; i++) {
		size_t len;
		const char *k =
		        pair_key(w, crm_result_fired_decision(r, i), crm_result_fired_id(r, i), &len);
		diff_rule *e = k ? map_get(&t->rules, k, len, 1) : NULL;
		if (!e)
			return -1;
		if (side)
			e->new_++;
		else
			e->old++;
	}
	return 0;
}

static int diff_line(worker *w, diff_tally *t, const char *text, size_t len, long line,
                     int long_line)
{
	const sides *s = w->s;
	const diff_opts *o = s->o;
	crm_json_options j = {CRM_JSON_OPTIONS_VERSION, CRM_JSON_CLEAR, o->keep, o->nkeep, 0, NULL};
	if (o->unknown_ignore)
		j.flags |= CRM_JSON_IGNORE_UNKNOWN;
	line_at l;
	l.line = line;
	l.text = text;
	l.nkeep = o->nkeep;
	memset(l.kept, 0, sizeof l.kept);
	int rc[2];
	const crm_result *r[2] = {NULL, NULL};
	for (int side = 0; side < 2; side++) {
		crm_json_span kept[CRM_JSON_KEEP_MAX];
		if (long_line) {
			rc[side] = CRM_ELIMIT;
			continue;
		}
		rc[side] = crm_facts_read_json_kept(w->f[side], text, len, &j, kept, NULL);
		/* a side that read further knows more of the kept values */
		for (size_t k = 0; k < o->nkeep; k++)
			if (kept[k].end > kept[k].start && l.kept[k].end == l.kept[k].start)
				l.kept[k] = kept[k];
		if (!rc[side])
			rc[side] = crm_decide_index(w->ctx[side], s->di[side], w->f[side], &r[side], NULL);
	}
	t->lines++;
	for (int side = 0; side < 2; side++)
		if (!rc[side] && count_rules(t, r[side], side, w))
			return -1;
	if (!rc[0] && !rc[1])
		return both_decided(w, t, r[0], r[1], &l);
	char state[2][32];
	for (int side = 0; side < 2; side++) {
		snprintf(state[side], sizeof state[side], "%s", crm_code_name(rc[side]));
	}
	size_t klen;
	const char *k = pair_key(w, state[0], state[1], &klen);
	return k ? count_cell(&t->errors, k, klen, o->examples, 1, &l) : -1;
}

typedef struct diff_job {
	const sides *s;
	diff_tally *total;
} diff_job;

static void *worker_new(void *ud)
{
	const sides *s = ((const diff_job *)ud)->s;
	worker *w = calloc(1, sizeof *w);
	if (!w)
		return NULL;
	w->s = s;
	for (int side = 0; side < 2; side++)
		if (crm_context_new(&w->ctx[side], s->rs[side], NULL) ||
		    crm_facts_new(&w->f[side], s->rs[side])) {
			for (int k = 0; k <= side; k++) {
				crm_facts_free(w->f[k]);
				crm_context_free(w->ctx[k]);
			}
			free(w);
			return NULL;
		}
	return w;
}

static void worker_free(void *p)
{
	worker *w = p;
	for (int side = 0; side < 2; side++) {
		crm_facts_free(w->f[side]);
		crm_context_free(w->ctx[side]);
	}
	free(w->buf);
	free(w->at);
	free(w->kbuf);
	free(w);
}

/* ---- adding up tallies in input order ----------------------------------------------- */

/* src's examples after dst's, up to k; src gives its own up. */
static void examples_merge(diff_examples *dst, diff_examples *src, int k)
{
	for (size_t i = 0; i < src->n; i++) {
		if (dst->n < (size_t)k) {
			dst->e[dst->n++] = src->e[i];
			src->e[i].kept = NULL;
		}
	}
	examples_free(src);
}

static void money_merge(diff_money *dst, diff_money *src)
{
	dst->n += src->n;
	dst->unknown += src->unknown;
	dst->up += src->up;
	dst->down += src->down;
	dst->sum_old += src->sum_old;
	dst->sum_new += src->sum_new;
	dst->sum_up += src->sum_up;
	dst->sum_down += src->sum_down;
	/* ties keep dst's: the earlier line */
	if (src->max_up > dst->max_up) {
		dst->max_up = src->max_up;
		example_free(&dst->at_up);
		dst->at_up = src->at_up;
		src->at_up.kept = NULL;
	}
	if (src->max_down < dst->max_down) {
		dst->max_down = src->max_down;
		example_free(&dst->at_down);
		dst->at_down = src->at_down;
		src->at_down.kept = NULL;
	}
}

static int cells_merge(diff_map *dst, diff_map *src, int k)
{
	for (size_t i = 0; i < src->n; i++) {
		diff_cell *s = diff_entry(src, i);
		diff_cell *d = map_get(dst, s->key.text, s->key.len, 1);
		if (!d)
			return -1;
		d->count += s->count;
		examples_merge(&d->ex, &s->ex, k);
	}
	return 0;
}

/* Add batch tally src (the lines after dst's) into dst; src is spent. */
static int tally_merge(diff_tally *dst, diff_tally *src, int k)
{
	dst->lines += src->lines;
	dst->both += src->both;
	dst->changed += src->changed;
	examples_merge(&dst->changed_ex, &src->changed_ex, k);
	if (src->nout && !dst->nout) {
		dst->out = calloc(src->nout, sizeof *dst->out);
		if (!dst->out)
			return -1;
		for (size_t o = 0; o < src->nout; o++) {
			diff_output *d = &dst->out[o];
			if (!(d->name = strdup(src->out[o].name)))
				return -1;
			d->in_old = src->out[o].in_old;
			d->in_new = src->out[o].in_new;
			map_init(&d->cells, sizeof(diff_cell));
			map_init(&d->values, sizeof(diff_key));
		}
		dst->nout = src->nout;
	}
	for (size_t o = 0; o < src->nout; o++)
		if (src->out[o].many && !dst->out[o].many)
			make_many(dst, o);
	for (size_t o = 0; o < src->nout; o++) {
		diff_output *d = &dst->out[o], *s = &src->out[o];
		d->types |= s->types;
		d->changed += s->changed;
		d->unchanged += s->unchanged;
		examples_merge(&d->ex, &s->ex, k);
		money_merge(&d->money, &s->money);
		if (!d->many) {
			for (size_t i = 0; i < s->values.n; i++) {
				diff_key *v = diff_entry(&s->values, i);
				if (!map_get(&d->values, v->text, v->len, 1))
					return -1;
			}
			if (d->values.n > DIFF_VALUES_MAX)
				make_many(dst, o);
			else if (cells_merge(&d->cells, &s->cells, k))
				return -1;
		}
	}
	for (size_t o = 0; o < src->nout; o++) {
		diff_output *d = &dst->out[o], *s = &src->out[o];
		for (size_t x = 0; s->split && x < src->nout; x++) {
			if (dst->out[x].many || !s->split[x].n)
				continue;
			if (!d->split && !(d->split = calloc(dst->nout, sizeof *d->split)))
				return -1;
			if (!d->split[x].esize)
				map_init(&d->split[x], sizeof(diff_split));
			for (size_t i = 0; i < s->split[x].n; i++) {
				diff_split *a = diff_entry(&s->split[x], i);
				diff_split *b = map_get(&d->split[x], a->key.text, a->key.len, 1);
				if (!b)
					return -1;
				money_merge(&b->m, &a->m);
			}
		}
	}
	if (cells_merge(&dst->errors, &src->errors, k))
		return -1;
	for (size_t i = 0; i < src->rules.n; i++) {
		diff_rule *a = diff_entry(&src->rules, i);
		diff_rule *b = map_get(&dst->rules, a->key.text, a->key.len, 1);
		if (!b)
			return -1;
		b->old += a->old;
		b->new_ += a->new_;
	}
	tally_free(src);
	return 0;
}

/* ---- the run ---------------------------------------------------------------------------- */

static int diff_batch(void *wp, cli_batch *b, void *ud)
{
	(void)ud;
	worker *w = wp;
	diff_tally *t = b->product;
	if (!t) {
		if (!(t = b->product = malloc(sizeof *t)))
			return ENOMEM;
		tally_init(t);
	}
	for (size_t k = 0; k < b->n; k++)
		if (diff_line(w, t, b->text + b->start[k], b->len[k], b->line[k], b->long_line[k]))
			return ENOMEM;
	return 0;
}

static int add_batch(cli_batch *b, void *ud)
{
	diff_job *job = ud;
	return tally_merge(job->total, b->product, job->s->o->examples) ? ENOMEM : 0;
}

static void tally_product_free(void *p)
{
	if (p)
		tally_free(p);
	free(p);
}

static int run(cli_reader *in, const sides *s, diff_tally *total)
{
	diff_job dj = {s, total};
	if (s->o->jobs > 1) {
		cli_batch_job job = {worker_new, worker_free, diff_batch, add_batch, NULL,
		                     tally_product_free, &dj};
		return cli_batches_run(in, s->o->jobs, &job);
	}
	worker *w = worker_new(&dj);
	if (!w)
		return ENOMEM;
	int rc = 0;
	const char *text;
	size_t len;
	while (!rc && cli_next_line(in, &text, &len, NULL, NULL)) {
		int long_line = in->too_long;
		if (long_line) {
			len = 0;
		} else {
			len = cli_trim(text, len);
			if (cli_blank(text, len))
				continue;
		}
		if (diff_line(w, total, text, len, in->line, long_line))
			rc = ENOMEM;
	}
	worker_free(w);
	return rc ? rc : in->error;
}

/* ---- options ------------------------------------------------------------------------------ */

static const char usage_text[] =
        "usage: crmrules diff --old PATH [--old PATH]... --new PATH [--new PATH]... [--include-root DIR] "
        "--decision NAME [--jobs N] [--keep FIELD]... [--examples K] [--split OUTPUT|none] "
        "[--unknown error|ignore] [--json|--html] [FILE|-]\n";

static int usage(const char *msg, const char *arg)
{
	if (msg) {
		fputs("crmrules diff: ", stderr);
		fprintf(stderr, msg, arg);
		fputc('\n', stderr);
	}
	fputs(usage_text, stderr);
	return EXIT_USAGE;
}

static crm_ruleset *load_side(const cli_rules *r, const char *decision, const char *which,
                              int *di)
{
	crm_ruleset *rs = cli_load_paths(r->paths, r->n, r->include_root, 0, NULL, NULL);
	if (!rs)
		return NULL;
	*di = crm_decision_find(rs, decision);
	if (*di < 0) {
		const char *near = crm_ruleset_suggest(rs, CRM_NAME_DECISION, decision);
		fprintf(stderr, "crmrules diff: no decision '%s' in the %s rules (%s", decision, which,
		        r->paths[0]);
		for (size_t i = 1; i < r->n; i++)
			fprintf(stderr, ", %s", r->paths[i]);
		fputc(')', stderr);
		if (near)
			fprintf(stderr, " (did you mean '%s'?)", near);
		fputc('\n', stderr);
		crm_ruleset_free(rs);
		return NULL;
	}
	return rs;
}

/* Which output money is split by: --split OUTPUT, or else the first
 * output with a matrix whose values are strings; -1 for none (*why: what
 * to say about it, or NULL), -2 when --split names no output that can. */
static int choose_split(const diff_tally *t, const diff_opts *o, const char **why)
{
	const unsigned few = (1u << CRM_T_BOOL) | (1u << CRM_T_INT) | (1u << CRM_T_STRING) |
	                     (1u << CRM_T_DATE);
	*why = NULL;
	if (o->split && strcmp(o->split, "none") == 0)
		return -1;
	for (size_t k = 0; k < t->nout; k++) {
		const diff_output *d = &t->out[k];
		if (!o->split) {
			if (!d->many && (d->types & (1u << CRM_T_STRING)))
				return (int)k;
			continue;
		}
		if (strcmp(d->name, o->split) != 0)
			continue;
		if (d->types & ~few)
			return -2; /* money itself, a list, a number, a time */
		if (d->many) {
			*why = "has too many values to split by";
			return -1;
		}
		return (int)k;
	}
	return o->split && t->nout ? -2 : -1;
}

/* Lines whose outcome differs: a changed output, or an error that
 * appeared, vanished or changed its code. */
static int differs(const diff_tally *t)
{
	if (t->changed)
		return 1;
	for (size_t i = 0; i < t->errors.n; i++) {
		const diff_cell *c = diff_entry(&t->errors, i);
		size_t half = (size_t)(strchr(c->key.text, '\n') - c->key.text);
		if (c->key.len != 2 * half + 1 || memcmp(c->key.text, c->key.text + half + 1, half) != 0)
			return 1;
	}
	return 0;
}

int cmd_diff(int argc, char **argv)
{
	diff_opts o;
	memset(&o, 0, sizeof o);
	o.input = "-";
	o.jobs = 1;
	o.examples = 3;
	cli_rules rules[2] = {{{NULL}, 0, NULL}, {{NULL}, 0, NULL}};
	int inputs = 0;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		int more = i + 1 < argc;
		if (strcmp(a, "--old") == 0 && more) {
			if (cli_add_rules(&rules[0], argv[++i]))
				return EXIT_USAGE;
		} else if (strcmp(a, "--new") == 0 && more) {
			if (cli_add_rules(&rules[1], argv[++i]))
				return EXIT_USAGE;
		} else if (strcmp(a, "--include-root") == 0 && more) {
			rules[0].include_root = rules[1].include_root = argv[++i];
		} else if ((strcmp(a, "--decision") == 0 || strcmp(a, "-d") == 0) && more) {
			o.decision = argv[++i];
		} else if ((strcmp(a, "--jobs") == 0 || strcmp(a, "-j") == 0) && more) {
			char *end;
			long j = strtol(argv[++i], &end, 10);
			if (*end || j < 1 || j > 30)
				return usage("--jobs takes 1 to 30, not '%s'", argv[i]);
			o.jobs = (int)j;
		} else if (strcmp(a, "--keep") == 0 && more) {
			if (o.nkeep == CRM_JSON_KEEP_MAX)
				return usage("at most 16 --keep", NULL);
			o.keep[o.nkeep++] = argv[++i];
		} else if (strcmp(a, "--examples") == 0 && more) {
			char *end;
			long k = strtol(argv[++i], &end, 10);
			if (*end || k < 0 || k > DIFF_EXAMPLES_MAX)
				return usage("--examples takes 0 to 20, not '%s'", argv[i]);
			o.examples = (int)k;
		} else if (strcmp(a, "--split") == 0 && more) {
			o.split = argv[++i];
		} else if (strcmp(a, "--unknown") == 0 && more) {
			const char *v = argv[++i];
			if (strcmp(v, "error") != 0 && strcmp(v, "ignore") != 0)
				return usage("--unknown takes error or ignore, not '%s'", v);
			o.unknown_ignore = strcmp(v, "ignore") == 0;
		} else if (strcmp(a, "--json") == 0 || strcmp(a, "--html") == 0) {
			int f = a[2] == 'j' ? 1 : 2;
			if (o.format && o.format != f)
				return usage("--json and --html do not go together", NULL);
			o.format = f;
		} else if (a[0] == '-' && a[1]) {
			static const char *const valued[] = {"--old", "--new", "--decision", "-d",
			                                     "--jobs", "-j", "--keep", "--examples",
			                                     "--split", "--unknown"};
			for (size_t k = 0; k < sizeof valued / sizeof valued[0]; k++)
				if (strcmp(a, valued[k]) == 0)
					return usage("%s needs a value", a);
			return usage("unknown option '%s'", a);
		} else {
			if (inputs++)
				return usage("one input only, not '%s' too", a);
			o.input = a;
		}
	}
	if (!rules[0].n || !rules[1].n || !o.decision)
		return usage(NULL, NULL);
	sides s;
	memset(&s, 0, sizeof s);
	s.o = &o;
	crm_ruleset *rs[2] = {NULL, NULL};
	if (!(rs[0] = load_side(&rules[0], o.decision, "old", &s.di[0])) ||
	    !(rs[1] = load_side(&rules[1], o.decision, "new", &s.di[1]))) {
		crm_ruleset_free(rs[0]);
		return EXIT_USAGE;
	}
	s.rs[0] = rs[0];
	s.rs[1] = rs[1];
	cli_reader in;
	if (cli_reader_open(&in, o.input)) {
		fprintf(stderr, "crmrules diff: cannot open %s\n", o.input);
		crm_ruleset_free(rs[0]);
		crm_ruleset_free(rs[1]);
		return EXIT_USAGE;
	}
	diff_tally total;
	tally_init(&total);
	int rc = run(&in, &s, &total);
	cli_reader_close(&in);
	int status = EXIT_OK;
	if (rc) {
		fprintf(stderr, "crmrules diff: %s\n", strerror(rc));
		status = EXIT_USAGE;
	} else {
		diff_report r = {o.decision, o.input, &rules[0], &rules[1], o.keep, o.nkeep, -1, NULL};
		r.split = choose_split(&total, &o, &r.why_no_split);
		if (r.split == -2) {
			fprintf(stderr,
			        "crmrules diff: --split: %s has no output '%s' with a few values to split "
			        "money by\n",
			        o.decision, o.split);
			status = EXIT_USAGE;
		} else {
			if (o.format == 1)
				diff_write_json(stdout, &total, &r);
			else if (o.format == 2)
				diff_write_html(stdout, &total, &r);
			else
				diff_write_text(stdout, &total, &r);
			status = differs(&total) ? EXIT_FAIL : EXIT_OK;
			if (fflush(stdout) || ferror(stdout)) {
				fprintf(stderr, "crmrules diff: cannot write the report\n");
				status = EXIT_USAGE;
			}
		}
	}
	tally_free(&total);
	crm_ruleset_free(rs[0]);
	crm_ruleset_free(rs[1]);
	return status;
}
