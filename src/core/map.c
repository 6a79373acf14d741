/* SPDX-License-Identifier: MIT */
/* map.c - names resolved at load: a string-keyed open-addressing hash map,
 * and the closest known name to an unknown one ("did you mean"). */
#include <stdint.h>
#include <string.h>

#include "core.h"

uint32_t crm_hash(const char *s, size_t len)
{
	/* FNV-1a: names are short and trusted to be few. */
	uint32_t h = 2166136261u;
	for (size_t i = 0; i < len; i++) {
		h ^= (unsigned char)s[i];
		h *= 16777619u;
	}
	return h;
}

static crm_map_entry *find(crm_map_entry *slots, size_t cap, const char *key,
                           size_t len, uint32_t h)
{
	size_t i = h & (cap - 1);
	for (;;) {
		crm_map_entry *e = &slots[i];
		if (!e->key)
			return e;
		if (e->hash == h && e->len == len && memcmp(e->key, key, len) == 0)
			return e;
		i = (i + 1) & (cap - 1);
	}
}

/* Rehash into a table of nc slots (a power of two). */
static bool resize(crm_arena *ar, crm_map *m, size_t nc)
{
	crm_map_entry *ns = crm_arena_alloc(ar, nc * sizeof *ns);
	if (!ns)
		return false;
	for (size_t i = 0; i < m->cap; i++)
		if (m->slots[i].key)
			*find(ns, nc, m->slots[i].key, m->slots[i].len, m->slots[i].hash) = m->slots[i];
	m->slots = ns;
	m->cap = nc;
	return true;
}

bool crm_map_reserve(crm_arena *ar, crm_map *m, size_t n)
{
	size_t nc = m->cap ? m->cap : 16;
	while (nc < 2 * n) {
		if (nc > SIZE_MAX / 2 / sizeof(crm_map_entry))
			return false;
		nc *= 2;
	}
	return nc == m->cap || resize(ar, m, nc);
}

bool crm_map_put(crm_arena *ar, crm_map *m, const char *key, size_t len, int value)
{
	if ((m->count + 1) * 2 > m->cap && !resize(ar, m, m->cap ? m->cap * 2 : 16))
		return false;
	uint32_t h = crm_hash(key, len);
	crm_map_entry *e = find(m->slots, m->cap, key, len, h);
	if (!e->key)
		m->count++;
	e->key = key;
	e->len = (uint32_t)len;
	e->hash = h;
	e->value = value;
	return true;
}

int crm_map_get(const crm_map *m, const char *key, size_t len)
{
	if (!m->cap)
		return -1;
	crm_map_entry *e = find(m->slots, m->cap, key, len, crm_hash(key, len));
	return e->key ? e->value : -1;
}

/* ---- did you mean ------------------------------------------------------------ */

/* Levenshtein distance; 99 for names too long to be worth it. */
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

void crm_suggest_init(crm_suggest *s, const char *name, size_t len)
{
	s->name = name;
	s->len = len;
	s->best = NULL;
	s->best_len = 0;
	s->dist = len < 4 ? 1 : 2; /* the farthest a suggestion may be */
	s->rank = 0;
}

void crm_suggest_add(crm_suggest *s, const char *cand, size_t len, int rank)
{
	/* the name itself is no suggestion (a name known in another role) */
	if (len == s->len && memcmp(cand, s->name, len) == 0)
		return;
	unsigned d = edit_distance(s->name, s->len, cand, len);
	if (d >= s->len)
		return; /* nothing in common: "b" is no misspelling of "a" */
	if (d < s->dist || (d == s->dist && (!s->best || rank < s->rank))) {
		s->best = cand;
		s->best_len = len;
		s->dist = d;
		s->rank = rank;
	}
}

void crm_suggest_map(crm_suggest *s, const crm_map *m, int rank_base)
{
	for (size_t i = 0; i < m->cap; i++)
		if (m->slots[i].key)
			crm_suggest_add(s, m->slots[i].key, m->slots[i].len,
			                rank_base + m->slots[i].value);
}
