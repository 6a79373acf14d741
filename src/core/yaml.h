/* SPDX-License-Identifier: MIT */
/* yaml.h - a YAML (and JSON) document as a small tree with 1-based positions. */
#ifndef CRM_YAML_H
#define CRM_YAML_H

#include <string.h>

#include "core.h"

enum { Y_SCALAR, Y_SEQ, Y_MAP };
enum { Y_PLAIN, Y_QUOTED, Y_BLOCK };

typedef struct crm_ynode {
	/* ordered so that a node is 48 bytes on 64-bit machines (a multiple
	 * of the arena's 16) */
	uint8_t kind;
	uint8_t style; /* scalars: Y_PLAIN, Y_QUOTED, Y_BLOCK */
	int line, col; /* 1-based */
	uint32_t len;
	const char *text; /* scalars, NUL-terminated */
	struct crm_ynode **items; /* seq: n items; map: 2n (key, value) */
	uint32_t n;
	uint64_t weight; /* nodes in the subtree */
} crm_ynode;

/* Parse one YAML document. Aliases share nodes; their expansion counts
 * against CRM_LIMIT_YAML_NODES. Duplicate mapping keys are errors. An empty
 * document gives *root NULL. Errors carry file:line:column. */
int crm_yaml_parse(crm_arena *ar, const char *buf, size_t len, const char *file,
                   crm_ynode **root, crm_error *err);

static inline crm_ynode *crm_ymap_key(const crm_ynode *m, uint32_t i)
{
	return m->items[2 * i];
}
static inline crm_ynode *crm_ymap_val(const crm_ynode *m, uint32_t i)
{
	return m->items[2 * i + 1];
}
/* The value of key in mapping m, or NULL. */
crm_ynode *crm_ymap_get(const crm_ynode *m, const char *key);
/* y is a scalar whose text is s. */
static inline bool crm_yis(const crm_ynode *y, const char *s)
{
	return y && y->kind == Y_SCALAR && strcmp(y->text, s) == 0;
}
/* Plain null: "", "~", "null". */
bool crm_ynull(const crm_ynode *n);

#endif
