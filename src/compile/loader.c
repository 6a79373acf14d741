/* SPDX-License-Identifier: MIT */
/* loader.c - rule files to a ruleset: files and includes, facts and constants
 * declared, the order of the passes, the public entry points. */
#define _XOPEN_SOURCE 700
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../time/civil.h"
#include "../expr/opcodes.h"
#include "compile.h"


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
	if (!crm_arena_grow(&rs->ar, (void **)&rs->fact_descs, &rs->cap_fact_descs, rs->nfacts + 1,
	                    sizeof *rs->fact_descs))
		return crm_load_error(l, CRM_ENOMEM, k->line, k->col, "out of memory");
	rs->fact_descs[rs->nfacts] = NULL;
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
			if (crm_yis(kk, "type"))
				continue;
			if (crm_yis(kk, "description")) {
				rs->fact_descs[rs->nfacts] = vv->kind == Y_SCALAR && vv->len ? vv->text : NULL;
				continue;
			}
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

/* The constants that tree n names, appended to *deps (down the left
 * operands in a loop: a chain a + b + c ... is left-deep). */
static bool const_deps(const crm_ruleset *rs, const crm_node *n, crm_arena *ar, uint32_t **deps,
                       size_t *len, size_t *cap)
{
	for (; n; n = n->a) {
		if (n->kind == N_NAME) {
			int k = crm_map_get(&rs->const_map, n->name, n->name_len);
			if (k >= 0) {
				if (!crm_arena_grow(ar, (void **)deps, cap, *len + 1, sizeof **deps))
					return false;
				(*deps)[(*len)++] = (uint32_t)k;
			}
		}
		for (uint32_t i = 0; i < n->nargs; i++)
			if (!const_deps(rs, n->args[i], ar, deps, len, cap))
				return false;
		if (!const_deps(rs, n->b, ar, deps, len, cap) || !const_deps(rs, n->c, ar, deps, len, cap))
			return false;
	}
	return true;
}

/* Check and fold every constant once, where it is declared, each after the
 * constants it uses (found by a walk that keeps its own stack, so a chain
 * of any length costs no depth of C stack); uses then copy its value (or
 * check its tree again where it has none). A cycle is reported with its
 * path, at the constant where the walk entered it. */
static void check_consts(loader *l)
{
	crm_ruleset *rs = l->rs;
	uint32_t n = rs->nconsts;
	if (!n)
		return;
	crm_arena ar;
	crm_arena_init(&ar, &rs->al);
	uint32_t **deps = crm_arena_alloc(&ar, n * sizeof *deps);
	uint32_t *ndeps = crm_arena_alloc(&ar, n * sizeof *ndeps);
	uint32_t *stack = crm_arena_alloc(&ar, n * sizeof *stack);
	uint32_t *next = crm_arena_alloc(&ar, n * sizeof *next);
	uint32_t *order = crm_arena_alloc(&ar, n * sizeof *order);
	uint8_t *mark = crm_arena_alloc(&ar, n); /* 0 new, 1 on the stack, 2 ordered */
	bool ok = deps && ndeps && stack && next && order && mark;
	for (uint32_t i = 0; ok && i < n; i++) {
		size_t len = 0, cap = 0;
		ok = const_deps(rs, rs->consts[i].expr, &ar, &deps[i], &len, &cap);
		ndeps[i] = (uint32_t)len;
	}
	if (!ok) {
		crm_load_error(l, CRM_ENOMEM, rs->consts[0].line, rs->consts[0].col, "out of memory");
		crm_arena_free(&ar);
		return;
	}
	uint32_t sp = 0, nordered = 0;
	for (uint32_t root = 0; root < n; root++) {
		if (mark[root])
			continue;
		mark[root] = 1;
		next[root] = 0;
		stack[sp++] = root;
		while (sp) {
			uint32_t top = stack[sp - 1];
			if (next[top] == ndeps[top]) {
				mark[top] = 2;
				order[nordered++] = top;
				sp--;
				continue;
			}
			uint32_t d = deps[top][next[top]++];
			if (!mark[d]) {
				mark[d] = 1;
				next[d] = 0;
				stack[sp++] = d;
			} else if (mark[d] == 1 && rs->consts[d].state != CONST_DONE) {
				/* the path d -> ... -> top -> d, each of it left unfolded */
				char path[240];
				size_t used = 0;
				uint32_t from = sp - 1;
				while (stack[from] != d)
					from--;
				path[0] = '\0';
				for (uint32_t k = from; k < sp; k++) {
					rs->consts[stack[k]].state = CONST_DONE;
					if (used < sizeof path - 60)
						used += (size_t)snprintf(path + used, sizeof path - used, "%s -> ",
						                         rs->consts[stack[k]].name);
					else if (used < sizeof path - 5)
						used += (size_t)snprintf(path + used, sizeof path - used, "... -> ");
				}
				const const_decl *c = &rs->consts[d];
				l->file = c->file;
				crm_load_error(l, CRM_ECYCLE, c->line, c->col,
				               "constant '%s' refers to itself: %s%s", c->name, path, c->name);
			}
		}
	}
	for (uint32_t i = 0; i < nordered; i++) {
		crm_diag d;
		const const_decl *c = &rs->consts[order[i]];
		if (crm_const_fold(l, (int)order[i], &d))
			crm_load_error(l, d.code, c->line, c->col, "constant '%s': %s", c->name, d.msg);
	}
	crm_arena_free(&ar);
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

/* ---- where files may be read: include_root ---------------------------------------- */

/* openat(), again when a signal interrupts it. */
static int open_retrying(int dir, const char *path, int flags)
{
	int fd;
	do
		fd = openat(dir, path, flags);
	while (fd < 0 && errno == EINTR);
	return fd;
}

/* Open the include root and keep its real path, once per load. */
static int open_root(loader *l, const char *root)
{
	l->file = root;
	char *real = realpath(root, NULL);
	int fd = real ? open_retrying(AT_FDCWD, real, O_RDONLY | O_DIRECTORY | O_CLOEXEC) : -1;
	if (fd < 0) {
		int e = errno;
		free(real);
		return crm_load_error(l, CRM_EIO, 0, 0, "include_root: cannot open directory: %s",
		                      strerror(e));
	}
	l->root = crm_arena_strdup(&l->rs->ar, real);
	free(real);
	if (!l->root) {
		close(fd);
		return crm_load_error(l, CRM_ENOMEM, 0, 0, "out of memory");
	}
	l->root_len = strlen(l->root);
	l->root_fd = fd;
	return 0;
}

/* The part of a real path (as realpath gives it) beneath the include root,
 * "" for the root itself; NULL when it lies outside. */
static char *beneath_root(const loader *l, char *real)
{
	size_t n = l->root_len;
	if (strncmp(real, l->root, n) != 0)
		return NULL;
	if (n == 1) /* the root is "/" */
		return real + 1;
	if (real[n] == '\0')
		return real + n;
	return real[n] == '/' ? real + n + 1 : NULL;
}

/* Open rel, a path beneath the root without links, "." or ".." (a part of
 * what realpath gave), one name at a time from the root's descriptor,
 * following no link: a link swapped in after realpath looked cannot lead
 * out. rel is cut at each slash while it is walked, then mended. */
static int open_beneath(const loader *l, char *rel)
{
	int dir = l->root_fd, fd;
	for (;;) {
		char *slash = strchr(rel, '/');
		if (slash)
			*slash = '\0';
		int flags = O_RDONLY | O_NOFOLLOW | O_CLOEXEC |
		            (slash ? O_DIRECTORY : O_NONBLOCK | O_NOCTTY);
		fd = open_retrying(dir, *rel ? rel : ".", flags);
		if (slash)
			*slash = '/';
		if (dir != l->root_fd) {
			int e = errno;
			close(dir);
			errno = e;
		}
		if (fd < 0 || !slash)
			return fd;
		dir = fd;
		rel = slash + 1;
	}
}

/* ---- files ---------------------------------------------------------------------- */

typedef struct source {
	const char *file;
	crm_ynode *root;
	/* the file itself, whatever path named it (0, 0 for a buffer) */
	dev_t dev;
	ino_t ino;
	size_t bytes; /* of its text */
} source;

typedef struct sources {
	source *items;
	size_t n, cap;
} sources;

/* Open a rule file or directory: without waiting (a FIFO would wait for a
 * writer forever) or taking a terminal; when an include reaches it and
 * includes are confined, only beneath the include root. */
static int open_path(loader *l, const char *path, int *out)
{
	int fd;
	if (l->root_fd < 0 || !l->include_depth) {
		fd = open_retrying(AT_FDCWD, path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
		if (fd < 0)
			return crm_load_error(l, CRM_EIO, 0, 0, "cannot open: %s", strerror(errno));
		*out = fd;
		return 0;
	}
	/* a file of an included directory may be a link: it is looked at too */
	char *real = realpath(path, NULL);
	char *rel = real ? beneath_root(l, real) : NULL;
	fd = rel ? open_beneath(l, rel) : -1;
	int e = errno;
	free(real);
	if (!rel)
		return crm_load_error(l, CRM_EIO, 0, 0,
		                      "no such file or directory inside the include root");
	if (fd < 0)
		return crm_load_error(l, CRM_EIO, 0, 0, "cannot open: %s", strerror(e));
	*out = fd;
	return 0;
}

/* Read the regular file open at fd. */
static int read_fd(loader *l, int fd, const struct stat *st, char **buf, size_t *len)
{
	if ((uint64_t)st->st_size > CRM_LIMIT_FILE_SIZE)
		return crm_load_error(l, CRM_ELIMIT, 0, 0, "file larger than %u bytes",
		                      CRM_LIMIT_FILE_SIZE);
	/* st_size is only a first guess: files of /proc and /sys say 0 and have
	 * text, and a file may grow while it is read. Read to the end, and
	 * never more than the limit: room for the size, one byte more (to see
	 * the end) and the NUL; larger only when more comes. */
	size_t cap = (size_t)st->st_size + 2, got = 0;
	if (cap < 4096)
		cap = 4096;
	char *b = crm_malloc(&l->rs->al, cap);
	int rc = b ? 0 : crm_load_error(l, CRM_ENOMEM, 0, 0, "out of memory");
	while (!rc) {
		if (got + 1 == cap) {
			size_t ncap = cap > CRM_LIMIT_FILE_SIZE / 2 ? (size_t)CRM_LIMIT_FILE_SIZE + 2 : cap * 2;
			char *nb = crm_malloc(&l->rs->al, ncap);
			if (!nb) {
				rc = crm_load_error(l, CRM_ENOMEM, 0, 0, "out of memory");
				break;
			}
			memcpy(nb, b, got);
			crm_free(&l->rs->al, b);
			b = nb;
			cap = ncap;
		}
		ssize_t n = read(fd, b + got, cap - 1 - got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			rc = crm_load_error(l, CRM_EIO, 0, 0, "read error: %s", strerror(errno));
		else if (n == 0)
			break;
		else if ((got += (size_t)n) > CRM_LIMIT_FILE_SIZE)
			rc = crm_load_error(l, CRM_ELIMIT, 0, 0, "file larger than %u bytes",
			                    CRM_LIMIT_FILE_SIZE);
	}
	if (rc) {
		crm_free(&l->rs->al, b);
		return rc;
	}
	b[got] = '\0';
	*buf = b;
	*len = got;
	return 0;
}

static int load_path(loader *l, sources *s, const char *path, bool dir_ok);
static int add_source_id(loader *l, sources *s, const char *name, const char *buf, size_t len,
                         dev_t dev, ino_t ino);

/* dir (dirlen bytes, with its slash) joined with rel, "." and ".." and
 * repeated slashes resolved, in the arena; NULL when ".." steps above the
 * start of a relative path, or out of memory. */
static char *resolve_name(crm_arena *ar, const char *dir, size_t dirlen, const char *rel,
                          size_t rellen)
{
	char *out = crm_arena_alloc(ar, dirlen + rellen + 1);
	if (!out)
		return NULL;
	size_t n = 0;
	bool absolute = (dirlen ? dir[0] : rellen ? rel[0] : 0) == '/';
	if (absolute)
		out[n++] = '/';
	size_t base = n; /* ".." never goes below this */
	for (int part = 0; part < 2; part++) {
		const char *p = part ? rel : dir, *end = p + (part ? rellen : dirlen);
		while (p < end) {
			const char *seg = p;
			while (p < end && *p != '/')
				p++;
			size_t sl = (size_t)(p - seg);
			if (p < end)
				p++;
			if (sl == 0 || (sl == 1 && seg[0] == '.'))
				continue;
			if (sl == 2 && seg[0] == '.' && seg[1] == '.') {
				if (n == base)
					return NULL;
				while (n > base && out[n - 1] != '/')
					n--;
				if (n > base)
					n--; /* the slash before the segment */
				continue;
			}
			if (n > base)
				out[n++] = '/';
			memcpy(out + n, seg, sl);
			n += sl;
		}
	}
	out[n] = '\0';
	return out;
}

static bool is_yaml_name(const char *name)
{
	size_t nl = strlen(name);
	return (nl > 5 && strcmp(name + nl - 5, ".yaml") == 0) ||
	       (nl > 4 && strcmp(name + nl - 4, ".yml") == 0);
}

/* Source i of crm_ruleset_load_buffers, unless it is loaded already. */
static int load_buffer(loader *l, sources *s, size_t i)
{
	for (size_t k = 0; k < s->n; k++)
		if (strcmp(s->items[k].file, l->buf_names[i]) == 0)
			return 0;
	return add_source_id(l, s, l->buf_names[i], l->bufs[i].text ? l->bufs[i].text : "",
	                     l->bufs[i].len, 0, 0);
}

/* An include: among the sources of crm_ruleset_load_buffers: one source by
 * its name, or the YAML sources directly under a directory, in name order. */
static int include_buffer(loader *l, sources *s, const char *path, const crm_ynode *it)
{
	for (size_t i = 0; i < l->nbufs; i++)
		if (strcmp(l->buf_names[i], path) == 0)
			return load_buffer(l, s, i);
	size_t pl = strlen(path), n = 0;
	size_t *pick = crm_arena_alloc(&l->rs->ar, (l->nbufs + 1) * sizeof *pick);
	if (!pick)
		return crm_load_error(l, CRM_ENOMEM, it->line, it->col, "out of memory");
	for (size_t i = 0; i < l->nbufs; i++) {
		const char *name = l->buf_names[i];
		if (strncmp(name, path, pl) != 0 || (pl && name[pl] != '/' && path[pl - 1] != '/'))
			continue;
		const char *rest = name + pl + (name[pl] == '/');
		if (!*rest || rest[0] == '.' || strchr(rest, '/') || !is_yaml_name(rest))
			continue;
		size_t j = n++;
		for (; j > 0 && strcmp(l->buf_names[pick[j - 1]], name) > 0; j--)
			pick[j] = pick[j - 1];
		pick[j] = i;
	}
	if (n == 0)
		return crm_load_error(l, CRM_EIO, it->line, it->col,
		                      "cannot include %s: no such rule file among the sources", it->text);
	int rc = 0;
	for (size_t k = 0; k < n && !rc; k++)
		rc = load_buffer(l, s, pick[k]);
	return rc;
}


/* include: [paths relative to the including file, files or directories] —
 * shared calendars and facts for files loaded on their own (each file is
 * loaded once). from is NULL for a buffer, which has no directory: its
 * paths are relative to the include root, and without one it includes
 * nothing. */
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
	const char *base = from;
	size_t dirlen = 0;
	if (from) {
		const char *slash = strrchr(from, '/');
		dirlen = slash ? (size_t)(slash - from) + 1 : 0;
	} else if (l->root) {
		base = l->root;
		dirlen = l->root_len;
	}
	for (uint32_t i = 0; i < n && !rc; i++) {
		const crm_ynode *it = items[i];
		if (it->kind != Y_SCALAR || !it->len) {
			rc = crm_load_error(l, CRM_ESYNTAX, it->line, it->col,
			                    "'include' lists rule-file paths");
			break;
		}
		/* "a.yaml\0b" would open a.yaml: a path ends at its first NUL */
		const char *nul = memchr(it->text, '\0', it->len);
		if (nul) {
			rc = crm_load_error(l, CRM_ESYNTAX, it->line, it->col,
			                    "an include path cannot contain a NUL byte (byte %zu of %u)",
			                    (size_t)(nul - it->text) + 1, it->len);
			break;
		}
		if (!base) {
			rc = crm_load_error(l, CRM_EIO, it->line, it->col,
			                    "cannot include %s: a buffer's includes need "
			                    "crm_load_options.include_root, the directory they may read",
			                    it->text);
			break;
		}
		/* relative paths are relative to the including file (a buffer's
		 * to the root) */
		size_t dir = it->text[0] == '/' ? 0 : dirlen;
		if (l->bufs) {
			/* crm_ruleset_load_buffers: among the sources, never a file */
			const char *name = resolve_name(&l->rs->ar, from, dir, it->text, it->len);
			const char *saved = l->file;
			rc = name ? include_buffer(l, s, name, it)
			          : crm_load_error(l, CRM_EIO, it->line, it->col,
			                           "cannot include %s: no such rule file among the sources",
			                           it->text);
			l->file = saved;
			continue;
		}
		char *path = crm_arena_alloc(&l->rs->ar, dir + it->len + 2);
		if (!path) {
			rc = crm_load_error(l, CRM_ENOMEM, it->line, it->col, "out of memory");
			break;
		}
		memcpy(path, base, dir);
		if (dir && path[dir - 1] != '/')
			path[dir++] = '/'; /* the root's real path has no slash at its end */
		memcpy(path + dir, it->text, it->len);
		/* canonical: the same file through two routes is loaded once */
		char *real = realpath(path, NULL);
		if (l->root_fd >= 0 && (!real || !beneath_root(l, real))) {
			/* the same words whether or not it exists outside */
			free(real);
			rc = crm_load_error(l, CRM_EIO, it->line, it->col,
			                    "cannot include %s: no such file or directory inside the "
			                    "include root", it->text);
			break;
		}
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
		rc = load_path(l, s, canon, true); /* a directory: its files, as at the top */
		l->file = saved;
	}
	l->include_depth--;
	return rc;
}

static int add_source_id(loader *l, sources *s, const char *name, const char *buf, size_t len,
                         dev_t dev, ino_t ino)
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
		if (!ino && strcmp(s->items[i].file, file) == 0)
			return 0; /* a buffer named twice */
	if (!crm_arena_grow(&rs->ar, (void **)&s->items, &s->cap, s->n + 1, sizeof *s->items))
		return crm_load_error(l, CRM_ENOMEM, 0, 0, "out of memory");
	s->items[s->n].file = file;
	s->items[s->n].root = root;
	s->items[s->n].dev = dev;
	s->items[s->n].ino = ino;
	s->items[s->n].bytes = len;
	s->n++;
	/* a buffer (no inode) has no directory; a source of
	 * crm_ruleset_load_buffers includes by its name, among the others */
	return load_includes(l, s, ino || l->bufs ? file : NULL, crm_ymap_get(root, "include"));
}

/* A rule file open at fd, stat'ed as st. */
static int load_fd(loader *l, sources *s, const char *path, int fd, const struct stat *st)
{
	/* a regular file only: a device would never end (/dev/zero) */
	if (!S_ISREG(st->st_mode))
		return crm_load_error(l, CRM_EIO, 0, 0, "not a regular file");
	/* each file once, however it is reached: absolute or relative, through
	 * an include, a directory or a link, or including itself */
	for (size_t i = 0; i < s->n; i++)
		if (s->items[i].ino && s->items[i].dev == st->st_dev && s->items[i].ino == st->st_ino)
			return 0;
	char *buf = NULL;
	size_t len = 0;
	int rc = read_fd(l, fd, st, &buf, &len);
	if (rc)
		return rc;
	rc = add_source_id(l, s, path, buf, len, st->st_dev, st->st_ino);
	crm_free(&l->rs->al, buf);
	return rc;
}

/* The *.yaml / *.yml files of the directory open at fd, in name order. */
static int load_dir(loader *l, sources *s, const char *path, int fd)
{
	DIR *dir = fdopendir(fd);
	if (!dir) {
		int e = errno;
		close(fd);
		return crm_load_error(l, CRM_EIO, 0, 0, "cannot open directory: %s", strerror(e));
	}
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
		load_path(l, s, full, false); /* errors are reported; go on with the next file */
	}
	if (!rc && n == 0)
		rc = crm_load_error(l, CRM_EIO, 0, 0, "no *.yaml rule files in this directory");
	return rc;
}

/* A rule file, or (dir_ok) a directory of them: opened and stat'ed once. */
static int load_path(loader *l, sources *s, const char *path, bool dir_ok)
{
	l->file = path;
	int fd = -1;
	int rc = open_path(l, path, &fd);
	if (rc)
		return rc;
	struct stat st;
	if (fstat(fd, &st) != 0) {
		rc = crm_load_error(l, CRM_EIO, 0, 0, "cannot open: %s", strerror(errno));
		close(fd);
		return rc;
	}
	if (dir_ok && S_ISDIR(st.st_mode))
		return load_dir(l, s, path, fd);
	rc = load_fd(l, s, path, fd, &st);
	close(fd);
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

static int load(crm_ruleset **out, const char *const *paths, size_t npaths, const char *buf,
                size_t len, const char *name, const crm_source *bufs, size_t nbufs,
                const crm_load_options *opts, crm_error *err)
{
	crm_err_clear(err);
	if (!out)
		return crm_err_set(err, CRM_EINVAL, "out must not be NULL");
	*out = NULL;
	if (opts && (opts->version < 1 || opts->version > CRM_LOAD_OPTIONS_VERSION))
		return crm_err_set(err, CRM_EINVAL, "unsupported crm_load_options version %u",
		                   opts->version);
	/* a version-1 struct ends before include_root */
	const char *include_root = opts && opts->version >= 2 ? opts->include_root : NULL;
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
	l.root_fd = -1;
	sources s = {0};
	if (!include_root || open_root(&l, include_root) == 0) {
		if (paths) {
			for (size_t i = 0; i < npaths; i++)
				load_path(&l, &s, paths[i], true);
		} else if (bufs) {
			l.bufs = bufs;
			l.nbufs = nbufs;
			l.buf_names = crm_arena_alloc(&rs->ar, nbufs * sizeof *l.buf_names);
			for (size_t i = 0; l.buf_names && i < nbufs; i++)
				if (!(l.buf_names[i] = resolve_name(&rs->ar, "", 0, bufs[i].name,
				                                    strlen(bufs[i].name))))
					l.buf_names[i] = bufs[i].name; /* above its start: compared as given */
			if (!l.buf_names)
				crm_load_error(&l, CRM_ENOMEM, 0, 0, "out of memory");
			for (size_t i = 0; l.buf_names && i < nbufs; i++)
				load_buffer(&l, &s, i); /* errors are reported; go on with the next */
		} else {
			add_source_id(&l, &s, name ? name : "<buffer>", buf, len, 0, 0);
		}
	}
	if (l.root_fd >= 0)
		close(l.root_fd);

	/* the work the load may do: linear in the bytes of its text */
	l.work = CRM_LIMIT_LOAD_WORK_BASE;
	for (size_t i = 0; i < s.n; i++)
		l.work += (int64_t)s.items[i].bytes * CRM_LIMIT_LOAD_WORK;

	/* Pass 1: declarations from every file, so files may refer to each
	 * other in any order. */
	static const char allowed[] = "facts, constants, decisions, calendars, calendar_data, "
	                              "timers, tests, include, description";
	static const char *const sections[] = {"facts",     "calendars", "calendar_data",
	                                       "constants", "decisions", "timers"};
	for (int pass = 0; pass < 6 && !l.nerrors; pass++) {
		for (size_t i = 0; i < s.n; i++) {
			const crm_ynode *root = s.items[i].root;
			l.file = s.items[i].file;
			for (uint32_t k = 0; k < root->n; k++) {
				const crm_ynode *key = crm_ymap_key(root, k), *val = crm_ymap_val(root, k);
				if (!crm_yis(key, sections[pass])) {
					if (pass == 0 && !crm_yis(key, "tests") && !crm_yis(key, "include") &&
					    !crm_yis(key, "description") && !crm_yis(key, "constants") &&
					    !crm_yis(key, "decisions") && !crm_yis(key, "calendars") &&
					    !crm_yis(key, "calendar_data") && !crm_yis(key, "timers"))
						unknown_key(&l, key, "a rule file", allowed);
					continue;
				}
				switch (pass) {
				case 0: each_entry(&l, val, "facts", declare_fact); break;
				case 1: crm_calendars_load(&l, val); break;
				case 2: crm_calendar_data_load(&l, val); break;
				case 3: each_entry(&l, val, "constants", declare_const); break;
				case 4: each_entry(&l, val, "decisions", declare_decision); break;
				default: crm_timers_load(&l, val); break;
				}
			}
		}
		/* every year of every calendar read: merge before anything folds
		 * a calendar function */
		if (pass == 2 && !l.nerrors)
			crm_calendars_finish(&l);
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
		crm_table_reads(&l);
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
		crm_ruleset_free(rs);
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
	return load(out, &path, 1, NULL, 0, NULL, NULL, 0, opts, err);
}

int crm_ruleset_load_paths(crm_ruleset **out, const char *const *paths, size_t npaths,
                           const crm_load_options *opts, crm_error *err)
{
	bool ok = paths && npaths;
	for (size_t i = 0; ok && i < npaths; i++)
		ok = paths[i] != NULL;
	if (!ok) {
		if (out)
			*out = NULL;
		return crm_err_set(err, CRM_EINVAL, "paths must name at least one path, none NULL");
	}
	return load(out, paths, npaths, NULL, 0, NULL, NULL, 0, opts, err);
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
	return load(out, NULL, 0, yaml ? yaml : "", len, name, NULL, 0, opts, err);
}

int crm_ruleset_load_buffers(crm_ruleset **out, const crm_source *srcs, size_t n,
                             const crm_load_options *opts, crm_error *err)
{
	bool ok = srcs && n;
	for (size_t i = 0; ok && i < n; i++)
		ok = srcs[i].name && (srcs[i].text || !srcs[i].len);
	if (!ok) {
		if (out)
			*out = NULL;
		return crm_err_set(err, CRM_EINVAL,
		                   "sources must hold at least one, each with a name and its text");
	}
	return load(out, NULL, 0, NULL, 0, NULL, srcs, n, opts, err);
}
