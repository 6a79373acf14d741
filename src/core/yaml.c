/* SPDX-License-Identifier: MIT */
/* yaml.c - the only file that includes <yaml.h>: libyaml events to a tree. */
#include <string.h>
#include <yaml.h>

#include "yaml.h"

typedef struct frame {
	crm_ynode *node;
	size_t base; /* its items are pending[base..] */
	const char *anchor;
} frame;

typedef struct builder {
	crm_arena *ar;
	const char *file;
	crm_error *err;
	frame stack[CRM_LIMIT_YAML_DEPTH + 1];
	int depth;
	/* The items of every open collection, innermost last; a collection's
	 * items move to the arena, sized exactly, when it closes. */
	crm_ynode **pending;
	size_t npending, cap_pending;
	crm_map anchors;
	crm_ynode **anchor_nodes;
	size_t nanchors, cap_anchors;
	uint64_t total;
	crm_ynode *root;
	int docs;
} builder;

crm_ynode *crm_ymap_get(const crm_ynode *m, const char *key)
{
	if (!m || m->kind != Y_MAP)
		return NULL;
	size_t kl = strlen(key);
	for (uint32_t i = 0; i < m->n; i++) {
		crm_ynode *k = crm_ymap_key(m, i);
		if (k->kind == Y_SCALAR && k->len == kl && memcmp(k->text, key, kl) == 0)
			return crm_ymap_val(m, i);
	}
	return NULL;
}

bool crm_ynull(const crm_ynode *n)
{
	if (!n)
		return true;
	if (n->kind != Y_SCALAR || n->style != Y_PLAIN)
		return false;
	return n->len == 0 || (n->len == 1 && n->text[0] == '~') ||
	       (n->len == 4 && memcmp(n->text, "null", 4) == 0);
}

static int fail_at(builder *b, int code, int line, int col, const char *msg)
{
	return crm_err_at(b->err, code, b->file, line, col, "%s", msg);
}

static int add_item(builder *b, crm_ynode *item)
{
	if (b->depth == 0) {
		b->root = item;
		return 0;
	}
	if (!crm_heap_grow(b->ar->al, (void **)&b->pending, &b->cap_pending, b->npending + 1,
	                   sizeof *b->pending, NULL))
		return fail_at(b, CRM_ENOMEM, item->line, item->col, "out of memory");
	b->pending[b->npending++] = item;
	return 0;
}

static int count(builder *b, uint64_t weight, int line, int col)
{
	b->total += weight;
	if (b->total > CRM_LIMIT_YAML_NODES)
		return crm_err_at(b->err, CRM_ELIMIT, b->file, line, col,
		                  "YAML document expands to more than %d nodes "
		                  "(aliases included)",
		                  CRM_LIMIT_YAML_NODES);
	return 0;
}

static int remember_anchor(builder *b, const char *anchor, crm_ynode *n)
{
	if (!anchor)
		return 0;
	/* the name belongs to libyaml's event: keep a copy */
	anchor = crm_arena_strdup(b->ar, anchor);
	if (!anchor)
		return fail_at(b, CRM_ENOMEM, n->line, n->col, "out of memory");
	if (!crm_arena_grow(b->ar, (void **)&b->anchor_nodes, &b->cap_anchors,
	                    b->nanchors + 1, sizeof *b->anchor_nodes))
		return fail_at(b, CRM_ENOMEM, n->line, n->col, "out of memory");
	b->anchor_nodes[b->nanchors] = n;
	if (!crm_map_put(b->ar, &b->anchors, anchor, strlen(anchor), (int)b->nanchors))
		return fail_at(b, CRM_ENOMEM, n->line, n->col, "out of memory");
	b->nanchors++;
	return 0;
}

static crm_ynode *node_at(builder *b, const yaml_event_t *ev, uint8_t kind)
{
	crm_ynode *n = crm_arena_alloc(b->ar, sizeof *n);
	if (!n)
		return NULL;
	n->kind = kind;
	n->line = (int)ev->start_mark.line + 1;
	n->col = (int)ev->start_mark.column + 1;
	n->weight = 1;
	return n;
}

static bool is_merge_key(const crm_ynode *k)
{
	return k->kind == Y_SCALAR && k->style == Y_PLAIN && k->len == 2 && k->text[0] == '<' &&
	       k->text[1] == '<';
}

static bool has_key(crm_ynode **items, size_t npairs, const crm_ynode *k)
{
	for (size_t i = 0; i < npairs; i++) {
		const crm_ynode *o = items[2 * i];
		if (o->kind == Y_SCALAR && o->len == k->len && memcmp(o->text, k->text, k->len) == 0)
			return true;
	}
	return false;
}

/* YAML merge keys: "<<: *base" (or a list of them) adds the base mapping's
 * pairs whose keys the mapping does not set itself. */
static int merge_keys(builder *b, crm_ynode *m)
{
	bool any = false;
	for (uint32_t i = 0; i < m->n; i++)
		any = any || is_merge_key(crm_ymap_key(m, i));
	if (!any)
		return 0;
	size_t cap = 0, n = 0;
	for (uint32_t i = 0; i < m->n; i++) {
		const crm_ynode *v = crm_ymap_val(m, i);
		if (!is_merge_key(crm_ymap_key(m, i)))
			cap++;
		else if (v->kind == Y_MAP)
			cap += v->n;
		else if (v->kind == Y_SEQ)
			for (uint32_t j = 0; j < v->n; j++)
				cap += v->items[j]->kind == Y_MAP ? v->items[j]->n : 0;
	}
	crm_ynode **items = crm_arena_alloc(b->ar, (cap ? cap : 1) * 2 * sizeof *items);
	if (!items)
		return fail_at(b, CRM_ENOMEM, m->line, m->col, "out of memory");
	for (uint32_t i = 0; i < m->n; i++)
		if (!is_merge_key(crm_ymap_key(m, i))) {
			items[2 * n] = crm_ymap_key(m, i);
			items[2 * n + 1] = crm_ymap_val(m, i);
			n++;
		}
	for (uint32_t i = 0; i < m->n; i++) {
		const crm_ynode *k = crm_ymap_key(m, i), *v = crm_ymap_val(m, i);
		if (!is_merge_key(k))
			continue;
		const crm_ynode *const *srcs = (const crm_ynode *const *)&v;
		uint32_t nsrc = 1;
		if (v->kind == Y_SEQ) {
			srcs = (const crm_ynode *const *)v->items;
			nsrc = v->n;
		}
		for (uint32_t s = 0; s < nsrc; s++) {
			const crm_ynode *src = srcs[s];
			if (src->kind != Y_MAP)
				return crm_err_at(b->err, CRM_ESYNTAX, b->file, src->line, src->col,
				                  "'<<' merges mappings only");
			for (uint32_t j = 0; j < src->n; j++) {
				crm_ynode *sk = crm_ymap_key(src, j);
				if (has_key(items, n, sk))
					continue;
				items[2 * n] = sk;
				items[2 * n + 1] = crm_ymap_val(src, j);
				n++;
			}
		}
	}
	m->items = items;
	m->n = (uint32_t)n;
	return 0;
}

static int check_duplicates(builder *b, crm_ynode *m)
{
	for (uint32_t i = 0; i < m->n; i++) {
		crm_ynode *k = crm_ymap_key(m, i);
		if (k->kind != Y_SCALAR)
			return crm_err_at(b->err, CRM_ESYNTAX, b->file, k->line, k->col,
			                  "mapping keys must be scalars");
	}
	if (m->n < 2)
		return 0;
	if (m->n <= 16) {
		/* the usual small mapping: no map to build */
		for (uint32_t i = 1; i < m->n; i++) {
			crm_ynode *k = crm_ymap_key(m, i);
			for (uint32_t j = 0; j < i; j++) {
				crm_ynode *first = crm_ymap_key(m, j);
				if (first->len == k->len && memcmp(first->text, k->text, k->len) == 0)
					return crm_err_at(b->err, CRM_EDUP, b->file, k->line, k->col,
					                  "duplicate key '%.*s' (first at line %d)",
					                  (int)(k->len > 80 ? 80 : k->len), k->text,
					                  first->line);
			}
		}
		return 0;
	}
	crm_arena tmp;
	crm_arena_init(&tmp, b->ar->al);
	crm_map seen = {0};
	int rc = 0;
	for (uint32_t i = 0; i < m->n && !rc; i++) {
		crm_ynode *k = crm_ymap_key(m, i);
		int prev = crm_map_get(&seen, k->text, k->len);
		if (prev >= 0) {
			crm_ynode *first = crm_ymap_key(m, (uint32_t)prev);
			rc = crm_err_at(b->err, CRM_EDUP, b->file, k->line, k->col,
			                "duplicate key '%.*s' (first at line %d)",
			                (int)(k->len > 80 ? 80 : k->len), k->text, first->line);
		} else if (!crm_map_put(&tmp, &seen, k->text, k->len, (int)i)) {
			rc = fail_at(b, CRM_ENOMEM, k->line, k->col, "out of memory");
		}
	}
	crm_arena_free(&tmp);
	return rc;
}

static int on_event(builder *b, const yaml_event_t *ev)
{
	crm_ynode *n;
	int line = (int)ev->start_mark.line + 1, col = (int)ev->start_mark.column + 1;
	switch (ev->type) {
	case YAML_DOCUMENT_START_EVENT:
		if (++b->docs > 1)
			return fail_at(b, CRM_ESYNTAX, line, col,
			               "only one YAML document per file");
		return 0;
	case YAML_SCALAR_EVENT: {
		if (!(n = node_at(b, ev, Y_SCALAR)))
			return fail_at(b, CRM_ENOMEM, line, col, "out of memory");
		size_t len = ev->data.scalar.length;
		n->text = crm_arena_strndup(b->ar, (const char *)ev->data.scalar.value, len);
		if (!n->text)
			return fail_at(b, CRM_ENOMEM, line, col, "out of memory");
		n->len = (uint32_t)len;
		switch (ev->data.scalar.style) {
		case YAML_SINGLE_QUOTED_SCALAR_STYLE:
		case YAML_DOUBLE_QUOTED_SCALAR_STYLE: n->style = Y_QUOTED; break;
		case YAML_LITERAL_SCALAR_STYLE:
		case YAML_FOLDED_SCALAR_STYLE: n->style = Y_BLOCK; break;
		default: n->style = Y_PLAIN; break;
		}
		int rc = count(b, 1, line, col);
		if (!rc)
			rc = remember_anchor(b, (const char *)ev->data.scalar.anchor, n);
		return rc ? rc : add_item(b, n);
	}
	case YAML_SEQUENCE_START_EVENT:
	case YAML_MAPPING_START_EVENT: {
		if (b->depth >= CRM_LIMIT_YAML_DEPTH)
			return crm_err_at(b->err, CRM_ELIMIT, b->file, line, col,
			                  "YAML nested deeper than %d levels", CRM_LIMIT_YAML_DEPTH);
		bool seq = ev->type == YAML_SEQUENCE_START_EVENT;
		if (!(n = node_at(b, ev, seq ? Y_SEQ : Y_MAP)))
			return fail_at(b, CRM_ENOMEM, line, col, "out of memory");
		int rc = count(b, 1, line, col);
		if (rc)
			return rc;
		frame *f = &b->stack[b->depth++];
		memset(f, 0, sizeof *f);
		f->node = n;
		f->base = b->npending;
		const yaml_char_t *anchor = seq ? ev->data.sequence_start.anchor
		                                : ev->data.mapping_start.anchor;
		if (anchor) {
			f->anchor = crm_arena_strdup(b->ar, (const char *)anchor);
			if (!f->anchor)
				return fail_at(b, CRM_ENOMEM, line, col, "out of memory");
		}
		return 0;
	}
	case YAML_SEQUENCE_END_EVENT:
	case YAML_MAPPING_END_EVENT: {
		frame *f = &b->stack[--b->depth];
		n = f->node;
		size_t count = b->npending - f->base;
		if (count) {
			n->items = crm_arena_alloc(b->ar, count * sizeof *n->items);
			if (!n->items)
				return fail_at(b, CRM_ENOMEM, line, col, "out of memory");
			memcpy(n->items, b->pending + f->base, count * sizeof *n->items);
		}
		b->npending = f->base;
		n->n = (uint32_t)(n->kind == Y_MAP ? count / 2 : count);
		for (size_t i = 0; i < count; i++)
			n->weight += n->items[i]->weight;
		int rc = n->kind == Y_MAP ? check_duplicates(b, n) : 0;
		if (!rc && n->kind == Y_MAP)
			rc = merge_keys(b, n);
		if (!rc)
			rc = remember_anchor(b, f->anchor, n);
		return rc ? rc : add_item(b, n);
	}
	case YAML_ALIAS_EVENT: {
		const char *name = (const char *)ev->data.alias.anchor;
		int k = crm_map_get(&b->anchors, name, strlen(name));
		if (k < 0)
			return crm_err_at(b->err, CRM_EUNKNOWN, b->file, line, col,
			                  "unknown YAML alias '*%s'", name);
		n = b->anchor_nodes[k];
		int rc = count(b, n->weight, line, col);
		return rc ? rc : add_item(b, n);
	}
	default:
		return 0;
	}
}

int crm_yaml_parse(crm_arena *ar, const char *buf, size_t len, const char *file,
                   crm_ynode **root, crm_error *err)
{
	*root = NULL;
	if (len > CRM_LIMIT_FILE_SIZE)
		return crm_err_at(err, CRM_ELIMIT, file, 0, 0,
		                  "file larger than %u bytes", CRM_LIMIT_FILE_SIZE);
	builder *b = crm_malloc(ar->al, sizeof *b);
	if (!b)
		return crm_err_set(err, CRM_ENOMEM, "out of memory");
	memset(b, 0, sizeof *b);
	b->ar = ar;
	b->file = file;
	b->err = err;

	yaml_parser_t parser;
	if (!yaml_parser_initialize(&parser)) {
		crm_free(ar->al, b);
		return crm_err_set(err, CRM_ENOMEM, "out of memory");
	}
	yaml_parser_set_input_string(&parser, (const unsigned char *)buf, len);
	yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING);
	int rc = 0;
	for (;;) {
		yaml_event_t ev;
		if (!yaml_parser_parse(&parser, &ev)) {
			int code = parser.error == YAML_MEMORY_ERROR ? CRM_ENOMEM : CRM_ESYNTAX;
			const yaml_mark_t *m = parser.problem_mark.line || parser.problem_mark.column
			                           ? &parser.problem_mark
			                           : &parser.context_mark;
			if (parser.context)
				rc = crm_err_at(err, code, file, (int)m->line + 1, (int)m->column + 1,
				                "YAML: %s %s", parser.problem ? parser.problem : "error",
				                parser.context);
			else
				rc = crm_err_at(err, code, file, (int)m->line + 1, (int)m->column + 1,
				                "YAML: %s", parser.problem ? parser.problem : "error");
			break;
		}
		bool done = ev.type == YAML_STREAM_END_EVENT;
		rc = on_event(b, &ev);
		yaml_event_delete(&ev);
		if (rc || done)
			break;
	}
	yaml_parser_delete(&parser);
	if (!rc)
		*root = b->root;
	crm_free(ar->al, b->pending);
	crm_free(ar->al, b);
	return rc;
}
