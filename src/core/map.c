/* SPDX-License-Identifier: MIT */
/* map.c - string-keyed open-addressing hash map for names resolved at load. */
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
