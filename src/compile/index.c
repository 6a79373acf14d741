/* SPDX-License-Identifier: MIT */
/* index.c - a table's lookup: the column index and the bit masks.
 *
 * The column index partitions a table's rules by the values of inputs that
 * native cell tests read: each node splits on one input at the sorted
 * constants its rules test, into regions (the gaps and the points between
 * them), and lists per region the rules that can match there; a region
 * with many rules splits again on another input. A lookup (run/match.c)
 * walks down with the input values and hands back the candidate rules in
 * rule order: every rule left out is false for those values, so hit
 * policies see the same matches as a scan of every rule. A table of at
 * most 64 rules gets bit masks instead: per column, the rules each region
 * admits. */
#include <string.h>

#include "compile.h"

#define LEAF_RULES 8       /* a node with this many rules or fewer is a leaf */
#define MAX_COLUMNS 64     /* inputs the index considers */
#define INDEX_BUDGET 16    /* list entries per rule, over the whole index */
#define HASH_POINTS 8      /* string points an index node hashes (fewer: a
                            * binary search is as quick) */

/* ---- the column index ------------------------------------------------------------------ */

typedef struct builder {
	loader *l;
	const decision *d;
	size_t budget; /* list entries left */
	bool failed;
	crm_val *tmp; /* sorting scratch */
	size_t ntmp;
} builder;

static const cell_test *test_on(const rule *r, uint32_t col)
{
	for (uint32_t k = 0; k < r->ntests; k++)
		if (r->tests[k].input == col)
			return &r->tests[k];
	return NULL;
}

/* Whether a test bounds its input to some regions (!= does not). */
static bool bounding(const cell_test *t)
{
	return t && !(t->shape == CT_CMP && t->rel == 1);
}

/* Sort values of one type: a bottom-up merge sort with the inline
 * comparison (qsort's callback per comparison dominated the load of a
 * 10,000-rule table). tmp holds n values. */
static void sort_vals(crm_val *v, crm_val *tmp, uint32_t n)
{
	crm_val *src = v, *dst = tmp;
	for (uint32_t w = 1; w < n; w *= 2) {
		for (uint32_t lo = 0; lo < n; lo += 2 * w) {
			uint32_t mid = lo + w < n ? lo + w : n, hi = lo + 2 * w < n ? lo + 2 * w : n;
			uint32_t i = lo, j = mid, k = lo;
			while (i < mid && j < hi)
				dst[k++] = crm_val_cmp_scalar(&src[j], &src[i]) < 0 ? src[j++] : src[i++];
			while (i < mid)
				dst[k++] = src[i++];
			while (j < hi)
				dst[k++] = src[j++];
		}
		crm_val *t = src;
		src = dst;
		dst = t;
	}
	if (src != v)
		memcpy(v, src, n * sizeof *v);
}

/* Typed copies of m points, for crm_int_region and crm_num_region. */
static int64_t *int_points(crm_arena *ar, const crm_val *pts, uint32_t m)
{
	int64_t *p = crm_arena_alloc(ar, m * sizeof *p);
	for (uint32_t k = 0; p && k < m; k++)
		p[k] = pts[k].u.i;
	return p;
}

static double *num_points(crm_arena *ar, const crm_val *pts, uint32_t m)
{
	double *p = crm_arena_alloc(ar, m * sizeof *p);
	for (uint32_t k = 0; p && k < m; k++)
		p[k] = pts[k].u.n;
	return p;
}

/* The index of v among the sorted points (present by construction). */
/* Regions [*a, *b] a test admits, with m points (2m+1 regions). */
static void span(const cell_test *t, const crm_val *pts, uint32_t m, uint32_t *a, uint32_t *b)
{
	*a = 0;
	*b = 2 * m;
	if (!bounding(t))
		return;
	if (t->shape == CT_RANGE) {
		uint32_t i = crm_point_index(pts, m, &t->v[0]), j = crm_point_index(pts, m, &t->v[1]);
		*a = (t->rel & 1) ? 2 * i + 1 : 2 * i + 2;
		*b = (t->rel & 2) ? 2 * j + 1 : 2 * j;
		return;
	}
	uint32_t i = crm_point_index(pts, m, &t->v[0]);
	switch (t->rel) {
	case 0: *a = *b = 2 * i + 1; break;
	case 2: *b = 2 * i; break;
	case 3: *b = 2 * i + 1; break;
	case 4: *a = 2 * i + 2; break;
	default: *a = 2 * i + 1; break;
	}
}

/* The regions of rule r on column col, through fn. */
static void each_region(const rule *r, uint32_t col, const crm_val *pts, uint32_t m,
                        void (*fn)(void *, uint32_t, uint32_t), void *ud, uint32_t rule_id)
{
	const cell_test *t = test_on(r, col);
	if (t && t->shape == CT_IN) {
		for (uint32_t k = 0; k < t->n; k++) {
			uint32_t g = 2 * crm_point_index(pts, m, &t->v[k]) + 1;
			bool dup = false; /* the same value listed twice */
			for (uint32_t q = 0; q < k && !dup; q++)
				dup = crm_val_cmp_scalar(&t->v[q], &t->v[k]) == 0;
			if (!dup)
				fn(ud, g, rule_id);
		}
		return;
	}
	uint32_t a, b;
	span(t, pts, m, &a, &b);
	for (uint32_t g = a; g <= b && a <= b; g++)
		fn(ud, g, rule_id);
}

static void count_region(void *ud, uint32_t g, uint32_t rule_id)
{
	(void)rule_id;
	((uint32_t *)ud)[g]++;
}

typedef struct filler {
	uint32_t **lists;
	uint32_t *fill;
} filler;

static void fill_region(void *ud, uint32_t g, uint32_t rule_id)
{
	filler *f = ud;
	f->lists[g][f->fill[g]++] = rule_id;
}

/* The sorted distinct constants the rules test on col; 0 when the column
 * cannot split them. */
static uint32_t column_points(builder *b, const uint32_t *rules, uint32_t n, uint32_t col,
                              bool every, crm_val **out)
{
	const decision *d = b->d;
	size_t total = 0;
	for (uint32_t k = 0; k < n; k++) {
		const cell_test *t = test_on(&d->rules[rules[k]], col);
		if (every ? t != NULL : bounding(t))
			total += t->n;
	}
	if (!total)
		return 0;
	crm_val *pts = crm_arena_alloc(&b->l->tmp, total * sizeof *pts);
	if (!b->tmp || b->ntmp < total) {
		b->tmp = crm_arena_alloc(&b->l->tmp, total * sizeof *b->tmp);
		b->ntmp = b->tmp ? total : 0;
	}
	if (!pts || !b->tmp) {
		b->failed = true;
		return 0;
	}
	uint32_t m = 0;
	for (uint32_t k = 0; k < n; k++) {
		const cell_test *t = test_on(&d->rules[rules[k]], col);
		if (every ? t != NULL : bounding(t))
			for (uint32_t q = 0; q < t->n; q++)
				pts[m++] = t->v[q];
	}
	sort_vals(pts, b->tmp, m);
	uint32_t u = 0;
	for (uint32_t k = 0; k < m; k++)
		if (!u || crm_val_cmp_scalar(&pts[u - 1], &pts[k]) != 0)
			pts[u++] = pts[k];
	*out = pts;
	return u;
}

static match_node *build(builder *b, uint32_t *rules, uint32_t n, uint64_t used);

/* A hash of the texts of m string points. */
static int str_hash_build(crm_arena *ar, const crm_val *pts, uint32_t m, str_hash *out)
{
	uint32_t cap = 16;
	while (cap < 2 * m)
		cap *= 2;
	uint32_t *slots = crm_arena_alloc(ar, cap * sizeof *slots);
	if (!slots)
		return CRM_ENOMEM;
	for (uint32_t k = 0; k < m; k++) {
		uint32_t h = crm_hash(pts[k].u.s, pts[k].len) & (cap - 1);
		while (slots[h])
			h = (h + 1) & (cap - 1);
		slots[h] = k + 1;
	}
	out->slots = slots;
	out->mask = cap - 1;
	return 0;
}
/* How node nd finds the region of a value among its points: typed copies
 * of integer and number points, a hash table of strings (a table of
 * thousands of rules splits on hundreds of names, and a binary search
 * compares text at every step). */
static int node_search(crm_arena *ar, match_node *nd)
{
	uint32_t m = nd->npoints;
	const crm_val *pts = nd->points;
	nd->how = NODE_VAL;
	if (crm_integral_type(pts[0].t)) {
		if (!(nd->ipts = int_points(ar, pts, m)))
			return CRM_ENOMEM;
		nd->how = NODE_INT;
	} else if (pts[0].t == CRM_T_NUMBER) {
		if (!(nd->dpts = num_points(ar, pts, m)))
			return CRM_ENOMEM;
		nd->how = NODE_NUM;
	} else if (pts[0].t == CRM_T_STRING && m >= HASH_POINTS) {
		if (str_hash_build(ar, pts, m, &nd->strs))
			return CRM_ENOMEM;
		nd->how = NODE_STR;
	}
	return 0;
}
/* Reaching a leaf proves a rule when the nodes above split on every input
 * it tests, at its own constants (bounding tests admit whole regions), and
 * nothing else decides it (a when:, a cell that is not a native test). */
static bool proven(const rule *r, uint64_t used)
{
	if (!r->native)
		return false;
	for (uint32_t k = 0; k < r->ntests; k++) {
		const cell_test *t = &r->tests[k];
		if (t->input >= MAX_COLUMNS || !(used & ((uint64_t)1 << t->input)) || !bounding(t))
			return false;
	}
	return true;
}

static match_node *leaf(builder *b, uint32_t *rules, uint32_t n, uint64_t used)
{
	match_node *nd = crm_arena_alloc(&b->l->rs->ar, sizeof *nd);
	uint8_t *exact = crm_arena_alloc(&b->l->rs->ar, n ? n : 1);
	if (!nd || !exact) {
		b->failed = true;
		return NULL;
	}
	memset(nd, 0, sizeof *nd);
	for (uint32_t k = 0; k < n; k++)
		exact[k] = proven(&b->d->rules[rules[k]], used);
	nd->col = -1;
	nd->rules = rules;
	nd->exact = exact;
	nd->nrules = n;
	return nd;
}

static match_node *build(builder *b, uint32_t *rules, uint32_t n, uint64_t used)
{
	const decision *d = b->d;
	crm_arena *ar = &b->l->rs->ar;
	if (n <= LEAF_RULES || b->failed)
		return leaf(b, rules, n, used);
	/* the column whose largest region is smallest */
	int best = -1;
	uint32_t best_max = n, best_m = 0;
	size_t best_total = 0;
	crm_val *best_pts = NULL;
	uint32_t ncols = d->ninputs < MAX_COLUMNS ? d->ninputs : MAX_COLUMNS;
	for (uint32_t col = 0; col < ncols && !b->failed; col++) {
		if (used & ((uint64_t)1 << col) || d->inputs[col].type == CRM_T_LIST)
			continue;
		crm_val *pts;
		uint32_t m = column_points(b, rules, n, col, false, &pts);
		if (!m)
			continue;
		uint32_t *counts = crm_arena_alloc(&b->l->tmp, (2 * (size_t)m + 1) * sizeof *counts);
		if (!counts) {
			b->failed = true;
			break;
		}
		memset(counts, 0, (2 * (size_t)m + 1) * sizeof *counts);
		for (uint32_t k = 0; k < n; k++)
			each_region(&d->rules[rules[k]], col, pts, m, count_region, counts, rules[k]);
		uint32_t max = 0;
		size_t total = 0;
		for (uint32_t g = 0; g < 2 * m + 1; g++) {
			max = counts[g] > max ? counts[g] : max;
			total += counts[g];
		}
		if (max < best_max || (max == best_max && best >= 0 && total < best_total)) {
			best = (int)col;
			best_max = max;
			best_total = total;
			best_pts = pts;
			best_m = m;
		}
	}
	/* no column leaves out a quarter of the rules, or the split would copy
	 * too much */
	if (best < 0 || best_max > n - n / 4 || best_total > b->budget)
		return leaf(b, rules, n, used);
	b->budget -= best_total;
	uint32_t m = best_m, nreg = 2 * m + 1;
	match_node *nd = crm_arena_alloc(ar, sizeof *nd);
	uint32_t **lists = crm_arena_alloc(&b->l->tmp, nreg * sizeof *lists);
	uint32_t *fill = crm_arena_alloc(&b->l->tmp, nreg * sizeof *fill);
	uint32_t *store = crm_arena_alloc(ar, (best_total ? best_total : 1) * sizeof *store);
	if (!nd || !lists || !fill || !store) {
		b->failed = true;
		return NULL;
	}
	memset(fill, 0, nreg * sizeof *fill);
	for (uint32_t k = 0; k < n; k++)
		each_region(&d->rules[rules[k]], (uint32_t)best, best_pts, m, count_region, fill,
		            rules[k]);
	size_t off = 0;
	for (uint32_t g = 0; g < nreg; g++) {
		lists[g] = store + off;
		off += fill[g];
		fill[g] = 0;
	}
	filler fl = {lists, fill};
	for (uint32_t k = 0; k < n; k++) /* in rule order: lists stay sorted */
		each_region(&d->rules[rules[k]], (uint32_t)best, best_pts, m, fill_region, &fl,
		            rules[k]);
	memset(nd, 0, sizeof *nd);
	nd->col = best;
	nd->fact = d->inputs[best].fact;
	crm_val *pts = crm_copy_vals(ar, best_pts, m);
	if (!pts) {
		b->failed = true;
		return NULL;
	}
	nd->points = pts;
	nd->npoints = m;
	if (node_search(ar, nd)) {
		b->failed = true;
		return NULL;
	}
	nd->child = crm_arena_alloc(ar, nreg * sizeof *nd->child);
	if (!nd->child) {
		b->failed = true;
		return NULL;
	}
	for (uint32_t g = 0; g < nreg && !b->failed; g++) {
		/* neighbouring regions with the same rules share one subtree */
		if (g && fill[g] == fill[g - 1] &&
		    memcmp(lists[g], lists[g - 1], fill[g] * sizeof **lists) == 0) {
			nd->child[g] = nd->child[g - 1];
			continue;
		}
		nd->child[g] = build(b, lists[g], fill[g], used | ((uint64_t)1 << best));
	}
	return nd;
}

/* ---- bit masks for small tables ------------------------------------------------------ */

/* Whether test t admits region g of the m points. */
static bool admits(const cell_test *t, const crm_val *pts, uint32_t m, uint32_t g)
{
	if (t->shape == CT_IN) {
		for (uint32_t k = 0; k < t->n; k++)
			if (g == 2 * crm_point_index(pts, m, &t->v[k]) + 1)
				return true;
		return false;
	}
	if (t->shape == CT_CMP && t->rel == 1) /* != */
		return g != 2 * crm_point_index(pts, m, &t->v[0]) + 1;
	uint32_t a, b;
	span(t, pts, m, &a, &b);
	return a <= g && g <= b;
}

static const fact_decl *l_fact(const builder *b, const input_decl *in)
{
	return in->fact >= 0 ? &b->l->rs->facts[in->fact] : NULL;
}

#define DIRECT_SPAN 64 /* values an MC_DIRECT column lists */

/* How column c finds its region, and what that needs beside the points. */
static int mask_col_search(crm_arena *ar, mask_col *c, const input_decl *in,
                           const uint64_t *masks, const fact_decl *fd)
{
	uint32_t m = c->npoints;
	const crm_val *pts = c->pts;
	if (crm_integral_type(in->type)) {
		int64_t span;
		if (!crm_sub_ovf(pts[m - 1].u.i, pts[0].u.i, &span) && span < DIRECT_SPAN &&
		    pts[0].u.i > INT64_MIN && pts[m - 1].u.i < INT64_MAX) {
			/* one entry per value from one below the first point to one
			 * above the last; a bool covers just 0 and 1 */
			int64_t lo = pts[0].u.i - 1, hi = pts[m - 1].u.i + 1;
			if (in->type == CRM_T_BOOL)
				lo = 0, hi = 1;
			uint64_t *tab = crm_arena_alloc(ar, (size_t)(hi - lo + 1) * sizeof *tab);
			if (!tab)
				return CRM_ENOMEM;
			for (int64_t x = lo; x <= hi; x++) {
				uint32_t k = 0;
				while (k < m && pts[k].u.i < x)
					k++;
				tab[x - lo] = masks[k < m && pts[k].u.i == x ? 2 * k + 1 : 2 * k];
			}
			c->how = MC_DIRECT;
			c->d.lo = lo;
			c->d.hi = hi;
			c->d.tab = tab;
			return 0;
		}
		if (!(c->ipts = int_points(ar, pts, m)))
			return CRM_ENOMEM;
		c->how = MC_INT;
		return 0;
	}
	if (in->type == CRM_T_NUMBER) {
		if (!(c->dpts = num_points(ar, pts, m)))
			return CRM_ENOMEM;
		c->how = MC_NUM;
		return 0;
	}
	c->how = MC_VAL;
	if (in->type != CRM_T_STRING)
		return 0;
	/* a fact with allowed strings holds the ruleset's copy of one of them
	 * (facts.c, store_string): its address names it */
	if (fd && fd->allowed && !fd->pattern && fd->nallowed <= 16) {
		uint64_t *em = crm_arena_alloc(ar, fd->nallowed * sizeof *em);
		if (!em)
			return CRM_ENOMEM;
		for (uint32_t k = 0; k < fd->nallowed; k++)
			em[k] = masks[crm_match_region(pts, m, &fd->allowed[k])];
		c->how = MC_ENUM;
		c->enums = fd->allowed;
		c->nenums = fd->nallowed;
		c->enum_masks = em;
		return 0;
	}
	/* a computed string (or a fact of any text): its text names it */
	for (uint32_t k = 0; k < m; k++)
		if (pts[k].t != CRM_T_STRING)
			return 0;
	c->how = MC_STR;
	return str_hash_build(ar, pts, m, &c->strs);
}

/* Which loop of crm_match_mask reads column c: 0 bools on facts, 1 other
 * direct columns on facts, 2 the rest. */
static uint32_t mask_group(const decision *d, const mask_col *c)
{
	if (c->how != MC_DIRECT || c->d.fact < 0)
		return 2;
	return d->inputs[c->input].type == CRM_T_BOOL ? 0 : 1;
}

static int mask_build(builder *b, decision *d)
{
	crm_arena *ar = &b->l->rs->ar;
	mask_index *mi = crm_arena_alloc(ar, sizeof *mi);
	mask_col *cols = crm_arena_alloc(ar, (d->ninputs ? d->ninputs : 1) * sizeof *cols);
	uint32_t *all = crm_arena_alloc(&b->l->tmp, d->nrules * sizeof *all);
	if (!mi || !cols || !all)
		return CRM_ENOMEM;
	memset(mi, 0, sizeof *mi);
	for (uint32_t r = 0; r < d->nrules; r++) {
		all[r] = r;
		mi->all |= (uint64_t)1 << r;
		if (d->rules[r].native)
			mi->exact |= (uint64_t)1 << r;
	}
	for (uint32_t col = 0; col < d->ninputs; col++) {
		const input_decl *in = &d->inputs[col];
		crm_val *pts;
		uint32_t m = in->type == CRM_T_LIST ? 0 : column_points(b, all, d->nrules, col, true, &pts);
		if (b->failed)
			return CRM_ENOMEM;
		if (!m)
			continue; /* no rule tests it natively */
		mask_col *c = &cols[mi->ncols++];
		uint64_t *masks = crm_arena_alloc(ar, (2 * (size_t)m + 1) * sizeof *masks);
		crm_val *kept = crm_copy_vals(ar, pts, m);
		if (!masks || !kept)
			return CRM_ENOMEM;
		for (uint32_t g = 0; g < 2 * m + 1; g++) {
			uint64_t bits = 0;
			for (uint32_t r = 0; r < d->nrules; r++) {
				const cell_test *t = test_on(&d->rules[r], col);
				if (!t || admits(t, pts, m, g))
					bits |= (uint64_t)1 << r;
			}
			masks[g] = bits;
		}
		c->input = (int32_t)col;
		c->d.fact = in->fact;
		c->npoints = m;
		c->pts = kept;
		c->masks = masks;
		if (mask_col_search(ar, c, in, masks, l_fact(b, in)))
			return CRM_ENOMEM;
	}
	/* columns in the order of the first rule that tests them (they come
	 * in input order: a stable insertion sort), so that a first-hit
	 * lookup reads what its first rules need first */
	uint32_t *first = crm_arena_alloc(&b->l->tmp, (mi->ncols ? mi->ncols : 1) * sizeof *first);
	uint32_t *need = crm_arena_alloc(&b->l->tmp, d->nrules * sizeof *need);
	if (!first || !need)
		return CRM_ENOMEM;
	for (uint32_t k = 0; k < mi->ncols; k++) {
		first[k] = d->nrules;
		for (uint32_t r = 0; r < d->nrules && first[k] == d->nrules; r++)
			if (test_on(&d->rules[r], (uint32_t)cols[k].input))
				first[k] = r;
	}
	/* bool columns on facts go first, then the other direct columns on
	 * facts (their loops are the shortest), then the rest */
	for (uint32_t k = 0; k < mi->ncols; k++)
		first[k] += (d->nrules + 1) * mask_group(d, &cols[k]);
	for (uint32_t k = 1; k < mi->ncols; k++) {
		mask_col c = cols[k];
		uint32_t fk = first[k], j = k;
		for (; j > 0 && first[j - 1] > fk; j--) {
			cols[j] = cols[j - 1];
			first[j] = first[j - 1];
		}
		cols[j] = c;
		first[j] = fk;
	}
	/* rule r's bit is final after the columns it tests (need[r] of them) */
	for (uint32_t r = 0; r < d->nrules; r++) {
		need[r] = 0;
		for (uint32_t k = 0; k < mi->ncols; k++)
			if (test_on(&d->rules[r], (uint32_t)cols[k].input))
				need[r] = k + 1;
	}
	for (uint32_t k = 0; k < mi->ncols; k++) {
		cols[k].d.final = 0;
		for (uint32_t r = 0; r < d->nrules; r++)
			if (need[r] <= k)
				cols[k].d.final |= (uint64_t)1 << r;
		cols[k].d.final &= mi->exact;
	}
	if (d->hit != HIT_FIRST)
		for (uint32_t k = 0; k < mi->ncols; k++)
			cols[k].d.final = 0;
	size_t n = mi->ncols ? mi->ncols : 1;
	/* the rules that test each column, in the same order */
	uint64_t *tested = crm_arena_alloc(ar, n * sizeof *tested);
	if (!tested)
		return CRM_ENOMEM;
	for (uint32_t k = 0; k < mi->ncols; k++) {
		tested[k] = 0;
		for (uint32_t r = 0; r < d->nrules; r++)
			if (test_on(&d->rules[r], (uint32_t)cols[k].input))
				tested[k] |= (uint64_t)1 << r;
	}
	mi->tested = tested;
	mask_bool *bools = crm_arena_alloc(ar, n * sizeof *bools);
	mask_direct *direct = crm_arena_alloc(ar, n * sizeof *direct);
	if (!bools || !direct)
		return CRM_ENOMEM;
	uint32_t k = 0;
	for (; k < mi->ncols && mask_group(d, &cols[k]) == 0; k++) {
		mask_bool *bc = &bools[mi->nbool++];
		bc->when[0] = cols[k].d.tab[0]; /* lo is 0 for a bool */
		bc->when[1] = cols[k].d.tab[1];
		bc->final = cols[k].d.final;
		bc->fact = cols[k].d.fact;
	}
	for (; k < mi->ncols && mask_group(d, &cols[k]) == 1; k++)
		direct[mi->ndirect++] = cols[k].d;
	mi->bools = bools;
	mi->direct = direct;
	mi->cols = cols + k;
	bool any = mi->ncols > 0;
	mi->ncols -= k;
	d->mask = any ? mi : NULL;
	return 0;
}

/* Pack the constant outputs of a first-hit table with a lookup whose
 * every rule has them; and whether crm_decide_index may answer d from its
 * lookup alone (its inputs are facts). */
static int by_lookup(crm_arena *ar, decision *d)
{
	if (!(d->mask || d->index) || d->hit != HIT_FIRST || !d->nouts)
		return 0;
	for (uint32_t r = 0; r < d->nrules; r++)
		if (!d->rules[r].konst)
			return 0;
	crm_val *k = crm_arena_alloc(ar, (size_t)d->nrules * d->nouts * sizeof *k);
	if (!k)
		return CRM_ENOMEM;
	for (uint32_t r = 0; r < d->nrules; r++)
		memcpy(k + (size_t)r * d->nouts, d->rules[r].konst, d->nouts * sizeof *k);
	d->konsts = k;
	d->by_lookup = !d->ncomputed;
	return 0;
}

int crm_match_index(loader *l, decision *d)
{
	d->index = NULL;
	d->mask = NULL;
	d->by_lookup = false;
	d->konsts = NULL;
	builder b;
	memset(&b, 0, sizeof b);
	b.l = l;
	b.d = d;
	if (d->nrules <= MASK_RULES) {
		int rc = d->nrules ? mask_build(&b, d) : 0;
		return rc ? rc : by_lookup(&l->rs->ar, d);
	}
	b.budget = (size_t)INDEX_BUDGET * d->nrules + 1024;
	uint32_t *all = crm_arena_alloc(&l->rs->ar, d->nrules * sizeof *all);
	if (!all)
		return CRM_ENOMEM;
	for (uint32_t r = 0; r < d->nrules; r++)
		all[r] = r;
	match_node *root = build(&b, all, d->nrules, 0);
	if (b.failed)
		return CRM_ENOMEM;
	/* a root that does not split is no index */
	d->index = root && root->col >= 0 ? root : NULL;
	return by_lookup(&l->rs->ar, d);
}
