/* SPDX-License-Identifier: MIT */
/* record.c - a table's mask lookup compiled against a host record's
 * layout: each column read straight from its member (crm_match_record). */
#include <string.h>

#include "run.h"

/* The lane of byte i of a word as loaded (the machine's byte order). */
static unsigned lane_of(size_t i)
{
	unsigned char b[8] = {0};
	uint64_t x;
	b[i] = 1;
	memcpy(&x, b, sizeof x);
	return (unsigned)__builtin_ctzll(x) / 8;
}

/* Group the bool columns of mi (members[0 .. nbool)) that are not
 * optional: each word starts at the lowest member not yet grouped (or ends
 * at the record's end) and takes every other one within its 8 bytes; a
 * member alone stays a rec_bool. */
static void group_bools(record_lookup *lk, const mask_index *mi, size_t size,
                        const member *members, rec_word *words, uint64_t *tabs,
                        rec_bool *bools)
{
	uint32_t n = mi->nbool, order[64], k, i;
	uint8_t done[64];
	for (k = 0; k < n; k++)
		done[k] = members[k].optional || members[k].fast != F_BOOL8; /* rec_opt, rec_int */
	for (k = 0; k < n; k++) { /* by offset (an insertion sort: few columns) */
		for (i = k; i > 0 && members[order[i - 1]].offset > members[k].offset; i--)
			order[i] = order[i - 1];
		order[i] = k;
	}
	for (i = 0; i < n; i++) {
		uint32_t first = order[i], in[64], nin = 0; /* members may share a byte */
		if (done[first])
			continue;
		size_t w = members[first].offset;
		if (size >= 8 && w > size - 8)
			w = size - 8;
		for (k = i; size >= 8 && k < n && members[order[k]].offset < w + 8; k++)
			if (!done[order[k]])
				in[nin++] = order[k];
		if (nin < 2) {
			done[first] = 1;
			bools[lk->nbool++] = (rec_bool){{mi->bools[first].when[0], mi->bools[first].when[1]},
			                                members[first].offset};
			continue;
		}
		rec_word *g = &words[lk->nword];
		uint64_t *tab = tabs + (size_t)lk->nword++ * 256;
		unsigned lane[64];
		*g = (rec_word){tab, 0, w};
		for (k = 0; k < nin; k++) {
			done[in[k]] = 1;
			lane[k] = lane_of(members[in[k]].offset - w);
			g->lanes |= (uint64_t)0x80 << (8 * lane[k]);
		}
		for (unsigned bits = 0; bits < 256; bits++) {
			tab[bits] = ~(uint64_t)0;
			for (k = 0; k < nin; k++)
				tab[bits] &= mi->bools[in[k]].when[bits >> lane[k] & 1];
		}
	}
}

/* Whether column c, read from m, is an index into its fact's values: its
 * mask by index. An int32_t one is read as an int32_t member whose values
 * are 0 .. n - 1 (*as, when not NULL). */
static bool index_column(const mask_col *c, const member *m, rec_int *as)
{
	if (c->how != MC_ENUM || (m->fast != F_ENUM8 && m->fast != F_ENUM32) ||
	    c->enums != m->enums || c->nenums != m->hi)
		return false;
	if (as)
		*as = (rec_int){{.lo = 0, .hi = m->hi - 1, .tab = c->enum_masks, .fact = -1}, 0,
		                (uint64_t)m->hi - 1, m->offset};
	return true;
}

/* Bool column b read from an int32_t member m: an int32_t column whose
 * values clamp to -1, 0 and 1, true, false and true (tab: 3 masks). */
static rec_int rec_bool32(const mask_bool *b, const member *m, uint64_t *tab)
{
	tab[0] = tab[2] = b->when[1];
	tab[1] = b->when[0];
	return (rec_int){{.lo = -1, .hi = 1, .tab = tab, .fact = -1}, INT32_MIN, UINT32_MAX,
	                 m->offset};
}

/* Integer column c read from m into lk: an optional one as a rec_opt of
 * kind (OPT_INT32 or OPT_INT64), else after the others (every int32_t
 * column is put before the first int64_t one). */
static void put_int(record_lookup *lk, rec_int *ints, rec_opt *opts, const member *m,
                    uint8_t kind, uint64_t tested, rec_int c)
{
	if (m->optional) {
		opts[lk->nopts++] = (rec_opt){kind, m->present_ctype, m->present, tested, .u.i = c};
		return;
	}
	ints[lk->nint32 + lk->nint64] = c;
	if (kind == OPT_INT32)
		lk->nint32++;
	else
		lk->nint64++;
}

int crm_match_record_build(const crm_allocator *al, const mask_index *mi, size_t size,
                           const member *members, const member *checks, uint32_t nchecks,
                           record_lookup **out)
{
	*out = NULL;
	uint32_t n = mi->nbool + mi->ndirect + mi->ncols, j = mi->nbool + mi->ndirect;
	bool ok = mi->nbool <= 64;
	uint32_t nb32 = 0;
	for (uint32_t k = 0; k < mi->nbool; k++) {
		ok = ok && (members[k].fast == F_BOOL8 || members[k].fast == F_BOOL32);
		nb32 += members[k].fast == F_BOOL32;
	}
	if (!ok)
		return 0; /* not on the paths below: no lookup */
	/* one block: the word tables first (aligned), then those of int32_t
	 * bools, each kind sized for every column */
	uint32_t nw = mi->nbool / 2;
	record_lookup *lk =
		crm_calloc(al, 1, sizeof *lk + nw * (256 * sizeof(uint64_t) + sizeof(rec_word)) +
		                      nb32 * 3 * sizeof(uint64_t) +
		                      n * (sizeof(rec_bool) + sizeof(rec_int) + sizeof(rec_index) +
		                           sizeof(rec_num) + sizeof(rec_col) + sizeof(rec_opt)) +
		                      nchecks * sizeof(member));
	if (!lk)
		return CRM_ENOMEM;
	uint64_t *tabs = (uint64_t *)(lk + 1);
	uint64_t *btabs = tabs + (size_t)nw * 256;
	rec_word *words = (rec_word *)(btabs + (size_t)nb32 * 3);
	rec_bool *bools = (rec_bool *)(words + nw);
	rec_int *ints = (rec_int *)(bools + n);
	rec_index *indexes = (rec_index *)(ints + n);
	rec_num *nums = (rec_num *)(indexes + n);
	rec_col *cols = (rec_col *)(nums + n);
	rec_opt *opts = (rec_opt *)(cols + n);
	member *ck = (member *)(opts + n);
	group_bools(lk, mi, size, members, words, tabs, bools);
	for (uint32_t k = 0; k < mi->nbool; k++)
		if (members[k].optional && members[k].fast == F_BOOL8)
			opts[lk->nopts++] = (rec_opt){
				OPT_BOOL, members[k].present_ctype, members[k].present, mi->tested[k],
				.u.b = {{mi->bools[k].when[0], mi->bools[k].when[1]}, members[k].offset}};
	/* the int32_t columns first (int32_t bools and indexes among them),
	 * then the int64_t ones */
	uint32_t placed = 0; /* of the integer facts' columns */
	for (uint32_t k = 0; k < mi->nbool; k++)
		if (members[k].fast == F_BOOL32) {
			put_int(lk, ints, opts, &members[k], OPT_INT32, mi->tested[k],
			        rec_bool32(&mi->bools[k], &members[k], btabs));
			btabs += 3;
		}
	for (uint8_t fast = F_INT32; fast <= F_INT64; fast++) {
		for (uint32_t k = 0; k < mi->ndirect; k++) {
			const member *m = &members[mi->nbool + k];
			if (m->fast != fast)
				continue;
			put_int(lk, ints, opts, m, fast == F_INT32 ? OPT_INT32 : OPT_INT64,
			        mi->tested[mi->nbool + k],
			        (rec_int){mi->direct[k], m->lo, (uint64_t)m->hi - (uint64_t)m->lo,
			                  m->offset});
			placed++;
		}
		for (uint32_t k = 0; fast == F_INT32 && k < mi->ncols; k++) {
			const member *m = &members[j + k];
			rec_int c;
			if (m->fast == F_ENUM32 && index_column(&mi->cols[k], m, &c))
				put_int(lk, ints, opts, m, OPT_INT32, mi->tested[j + k], c);
		}
	}
	ok = placed == mi->ndirect; /* every integer fact's */
	for (uint32_t k = 0; k < mi->ncols; k++, j++) {
		const mask_col *c = &mi->cols[k];
		const member *m = &members[j];
		if (m->fast == F_NONE)
			continue; /* read elsewhere */
		rec_opt o = {OPT_COL, m->present_ctype, m->present, mi->tested[j], .u.c = {c, *m}};
		bool index = index_column(c, m, NULL);
		if (index && m->fast == F_ENUM32)
			continue; /* with the int32_t members, above */
		if (index)
			/* an index into the fact's values: its mask by index */
			o.kind = OPT_INDEX,
			o.u.x = (rec_index){c->enum_masks, (uint32_t)m->hi, m->offset};
		else if (c->how == MC_NUM && m->fast == F_DOUBLE)
			o.kind = OPT_NUM,
			o.u.n = (rec_num){c->dpts, c->masks, c->npoints, m->offset, m->dlo, m->dhi};
		if (m->optional)
			opts[lk->nopts++] = o;
		else if (o.kind == OPT_INDEX)
			indexes[lk->nindex++] = o.u.x;
		else if (o.kind == OPT_NUM)
			nums[lk->nnum++] = o.u.n;
		else
			cols[lk->ncols++] = o.u.c;
	}
	if (!ok) {
		crm_free(al, lk);
		return 0; /* not on the paths above: no lookup */
	}
	memcpy(ck, checks, nchecks * sizeof *ck);
	lk->words = words;
	lk->bools = bools;
	lk->ints = ints;
	lk->indexes = indexes;
	lk->nums = nums;
	lk->cols = cols;
	lk->opts = opts;
	lk->checks = ck;
	lk->nchecks = nchecks;
	lk->all = mi->all;
	*out = lk;
	return 0;
}
