/* SPDX-License-Identifier: MIT */
/* compile.c - typed syntax tree to stack code, folding constant subtrees. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "../time/calendar.h"
#include "expr.h"
#include "opcodes.h"

const char *const crm_op_names[OP__COUNT] = {
#define X(name, nops, effect) #name,
	CRM_OPCODES(X)
#undef X
};

const unsigned char crm_op_operands[OP__COUNT] = {
#define X(name, nops, effect) nops,
	CRM_OPCODES(X)
#undef X
};

static const signed char op_effect[OP__COUNT] = {
#define X(name, nops, effect) effect,
	CRM_OPCODES(X)
#undef X
};

#define LOCAL_CODE 256

typedef struct compiler {
	crm_pools *pools;
	crm_diag *d;
	uint32_t *code; /* local, until a program outgrows it */
	size_t len, cap;
	/* where the program being emitted starts: 0, or a constant's while it
	 * is folded (run from there); jump targets count from it */
	size_t base;
	uint32_t local[LOCAL_CODE];
	int depth, max_depth;
	bool folding;
	int rc;
} compiler;

int crm_pool_const(crm_pools *p, crm_val v)
{
	/* Reuse a recent equal scalar: tables repeat the same literals. The
	 * window keeps loading linear in the size of the rules. */
	if (v.t != CRM_T_LIST && v.t != CRM_T_STRING)
		for (size_t i = p->nconsts > 64 ? p->nconsts - 64 : 0; i < p->nconsts; i++)
			if (p->consts[i].t == v.t && p->consts[i].u.i == v.u.i)
				return (int)i;
	/* on the heap: the arena would keep every old copy */
	if (p->nconsts >= INT32_MAX ||
	    !crm_heap_grow(p->ar->al, (void **)&p->consts, &p->cap_consts, p->nconsts + 1,
	                   sizeof *p->consts, NULL))
		return -1;
	p->consts[p->nconsts] = v;
	return (int)p->nconsts++;
}

void crm_pools_free(crm_pools *p)
{
	crm_t2s_free(p->t2s);
	p->t2s = NULL;
	crm_free(p->ar->al, p->consts);
	p->consts = NULL;
	p->nconsts = p->cap_consts = 0;
}

int crm_pool_enum(crm_pools *p, const crm_val *values, uint32_t n)
{
	for (size_t i = 0; i < p->nenums; i++)
		if (p->enums[i].values == values)
			return (int)i;
	if (!crm_arena_grow(p->ar, (void **)&p->enums, &p->cap_enums, p->nenums + 1,
	                    sizeof(crm_enum)))
		return -1;
	p->enums[p->nenums].values = values;
	p->enums[p->nenums].n = n;
	return (int)p->nenums++;
}

static void word(compiler *c, uint32_t w)
{
	if (c->rc)
		return;
	/* a long program moves from local to the heap */
	if (!crm_heap_grow(c->pools->ar->al, (void **)&c->code, &c->cap, c->len + 1,
	                   sizeof *c->code, c->local)) {
		c->rc = crm_diag_set(c->d, CRM_ENOMEM, 0, "out of memory");
		return;
	}
	c->code[c->len++] = w;
}

static void emit(compiler *c, int op, int stack_effect)
{
	word(c, (uint32_t)op);
	c->depth += stack_effect;
	if (c->depth > c->max_depth)
		c->max_depth = c->depth;
}

static void op0(compiler *c, int op)
{
	emit(c, op, op_effect[op]);
}

static void op1(compiler *c, int op, uint32_t a)
{
	emit(c, op, op_effect[op]);
	word(c, a);
}

static void const_val(compiler *c, crm_val v)
{
	int k = crm_pool_const(c->pools, v);
	if (k < 0) {
		if (!c->rc)
			c->rc = crm_diag_set(c->d, CRM_ENOMEM, 0, "out of memory");
		return;
	}
	op1(c, OP_CONST, (uint32_t)k);
}

/* Copy a folded value out of the folding scratch into the arena. */
static bool persist(crm_arena *ar, crm_val *v)
{
	if (v->t == CRM_T_STRING && v->len) {
		char *s = crm_arena_strndup(ar, v->u.s, v->len);
		if (!s)
			return false;
		v->u.s = s;
	} else if (v->t == CRM_T_LIST && v->len) {
		crm_val *items = crm_arena_alloc(ar, v->len * sizeof *items);
		if (!items)
			return false;
		for (uint32_t i = 0; i < v->len; i++) {
			items[i] = v->u.l[i];
			if (!persist(ar, &items[i]))
				return false;
		}
		v->u.l = items;
	}
	return true;
}

static void node(compiler *c, crm_node *n);

static void fold(compiler *c, crm_node *n)
{
	size_t start = c->len, base = c->base;
	int depth = c->depth, max = c->max_depth;
	c->folding = true;
	c->base = start;
	node(c, n);
	op0(c, OP_RET);
	c->base = base;
	c->folding = false;
	if (c->rc)
		return;
	crm_val stack[128];
	char scratch[4096];
	crm_val lists[256];
	crm_diag rd;
	memset(&rd, 0, sizeof rd);
	crm_vm vm;
	memset(&vm, 0, sizeof vm);
	vm.stack = stack;
	vm.stack_cap = CRM_ARRAY_LEN(stack);
	vm.consts = c->pools->consts;
	vm.decs = c->pools->decs;
	vm.enums = c->pools->enums;
	vm.calendars = c->pools->calendars;
	vm.t2s = c->pools->t2s;
	vm.scratch = scratch;
	vm.scratch_cap = sizeof scratch;
	vm.lists = lists;
	vm.lists_cap = CRM_ARRAY_LEN(lists);
	vm.diag = &rd;
	vm.cal_assumed = CRM_NO_DAY;
	crm_program p = {c->code + start, (uint32_t)(c->len - start),
	                 (uint32_t)(c->max_depth > depth ? c->max_depth - depth : 1), c->code + start,
	                 (uint32_t)(c->len - start)};
	crm_val v;
	int rc = p.max_stack > vm.stack_cap ? CRM_ELIMIT : crm_vm_run(&vm, &p, &v);
	c->len = start;
	c->depth = depth;
	c->max_depth = max;
	if (!rc && vm.cal_assumed != CRM_NO_DAY) {
		/* a calendar day assumed past its data: left to run, so that each
		 * result says it is provisional (and is exact once data is added) */
		c->folding = true;
		node(c, n);
		c->folding = false;
		return;
	}
	if (rc) {
		c->rc = crm_diag_set(c->d, rc, n->pos, "%s", rc == CRM_ELIMIT && !rd.msg[0]
		                                                 ? "constant too large to fold"
		                                                 : rd.msg);
		return;
	}
	if (!persist(c->pools->ar, &v)) {
		c->rc = crm_diag_set(c->d, CRM_ENOMEM, n->pos, "out of memory");
		return;
	}
	const_val(c, v);
}

/* OpenCC's dictionaries, loaded for the ruleset by its first to_simplified()
 * (before a constant call is folded): a ruleset that never calls it does
 * not pay for them. */
static void load_t2s(compiler *c, const crm_node *n)
{
	char msg[256] = "";
	int rc = crm_t2s_open(&c->pools->t2s, c->pools->ar->al, CRM_OPENCC_DATADIR, msg, sizeof msg);
	if (rc && !c->rc)
		c->rc = crm_diag_set(c->d, rc, n->pos,
		                     "to_simplified(): OpenCC's t2s dictionaries could not be loaded "
		                     "from %s: %s",
		                     CRM_OPENCC_DATADIR, msg);
}

static uint32_t rel_of(uint16_t tk)
{
	switch (tk) {
	case TK_EQ: return 0;
	case TK_NE: return 1;
	case TK_LT: return 2;
	case TK_LE: return 3;
	case TK_GT: return 4;
	default: return 5;
	}
}

static size_t jump_slot(compiler *c)
{
	word(c, 0);
	return c->len - 1;
}

static void patch(compiler *c, size_t slot)
{
	if (!c->rc)
		c->code[slot] = (uint32_t)(c->len - c->base);
}

/* Types whose values are integers, compared as such. */
static bool integral(uint8_t t)
{
	return t == CRM_T_INT || t == CRM_T_MONEY || t == CRM_T_DATE || t == CRM_T_DATETIME ||
	       t == CRM_T_DURATION;
}

/* The rest of arithmetic n once its left operand is on the stack. */
static void bin_rest(compiler *c, crm_node *n)
{
	if (n->ref == OP_MUL_MD) {
		if (!crm_arena_grow(c->pools->ar, (void **)&c->pools->decs,
		                    &c->pools->cap_decs, c->pools->ndecs + 1,
		                    sizeof(crm_decimal))) {
			c->rc = crm_diag_set(c->d, CRM_ENOMEM, n->pos, "out of memory");
			return;
		}
		c->pools->decs[c->pools->ndecs] = crm_node_dec(n->b);
		op1(c, OP_MUL_MD, (uint32_t)c->pools->ndecs++);
		return;
	}
	node(c, n->b);
	op0(c, n->ref);
	/* integer ops keep the left operand's tag; datetime - datetime
	 * is a duration */
	if (n->type != n->a->type && (n->ref == OP_ADD_I || n->ref == OP_SUB_I ||
	                              n->ref == OP_MUL_I))
		op1(c, OP_RETAG, n->type);
}

/* A chain of arithmetic (a + b - c ..., parsed left-deep), its innermost
 * operation first, in a loop: a chain is not nesting. A link whose left
 * side folds to a constant ends the walk there. */
static void chain(compiler *c, crm_node *n)
{
	crm_node *local[64], **at = local;
	size_t k = 0;
	for (crm_node *x = n;
	     x->kind == N_BIN && (x == n || !(x->flags & CRM_NODE_CONST) || c->folding); x = x->a)
		k++;
	if (k > CRM_ARRAY_LEN(local) && !(at = crm_arena_alloc(c->pools->ar, k * sizeof *at))) {
		c->rc = crm_diag_set(c->d, CRM_ENOMEM, n->pos, "out of memory");
		return;
	}
	at[0] = n;
	for (size_t i = 1; i < k; i++)
		at[i] = at[i - 1]->a;
	node(c, at[k - 1]->a);
	for (size_t i = k; i-- > 0 && !c->rc;)
		bin_rest(c, at[i]);
}

static void node(compiler *c, crm_node *n)
{
	if (c->rc)
		return;
	if ((n->flags & CRM_NODE_CONST) && n->kind != N_LIT && !c->folding) {
		fold(c, n);
		return;
	}
	switch ((crm_node_kind)n->kind) {
	case N_LIT:
		const_val(c, n->val);
		break;
	case N_NAME:
		if (n->ref_kind == REF_FACT)
			op1(c, OP_LOAD, (uint32_t)n->ref);
		else {
			op1(c, OP_OUTPUT, (uint32_t)n->ref);
			word(c, (uint32_t)n->ref2);
		}
		break;
	case N_INPUT:
		op1(c, OP_INPUT, (uint32_t)n->ref);
		break;
	case N_NEG:
	case N_CONV:
		node(c, n->a);
		if (n->ref == OP_RANK) {
			int k = crm_pool_enum(c->pools, n->a->order, n->a->norder);
			if (k < 0) {
				c->rc = crm_diag_set(c->d, CRM_ENOMEM, n->pos, "out of memory");
				return;
			}
			op1(c, OP_RANK, (uint32_t)k);
			break;
		}
		op0(c, n->ref);
		break;
	case N_NOT:
		node(c, n->a);
		op0(c, OP_NOT);
		break;
	case N_AND:
	case N_OR: {
		node(c, n->a);
		emit(c, n->kind == N_AND ? OP_ANDJ : OP_ORJ, 0);
		size_t j = jump_slot(c);
		node(c, n->b);
		op0(c, n->kind == N_AND ? OP_AND : OP_OR);
		patch(c, j);
		break;
	}
	case N_BIN:
		if (n->a->kind == N_BIN) {
			chain(c, n);
			break;
		}
		node(c, n->a);
		bin_rest(c, n);
		break;
	case N_CMP:
		node(c, n->a);
		node(c, n->b);
		op1(c, OP_CMP, rel_of(n->op));
		break;
	case N_IN:
		node(c, n->a);
		if (n->b->kind == N_RANGE) {
			node(c, n->b->a);
			node(c, n->b->b);
			op1(c, OP_IN_RANGE, n->b->flags);
		} else {
			node(c, n->b);
			op0(c, OP_IN_LIST);
		}
		break;
	case N_MATCH:
		node(c, n->a);
		op1(c, OP_MATCH, (uint32_t)n->ref);
		break;
	case N_IF: {
		node(c, n->a);
		emit(c, OP_JIF, -1);
		size_t jelse = jump_slot(c), jend = jump_slot(c);
		int depth = c->depth;
		node(c, n->b);
		emit(c, OP_JMP, 0);
		size_t jend2 = jump_slot(c);
		patch(c, jelse);
		c->depth = depth;
		node(c, n->c);
		patch(c, jend);
		patch(c, jend2);
		break;
	}
	case N_CALL:
		if (n->ref == FN_KNOWN && n->nargs == 1 && n->args[0]->kind == N_NAME &&
		    n->args[0]->ref_kind == REF_FACT) {
			/* known(fact) reads the fact without noting it as missing:
			 * a host that leaves it unset has answered the question */
			op1(c, OP_LOADQ, (uint32_t)n->args[0]->ref);
			op0(c, OP_KNOWN);
			break;
		}
		if (n->ref == FN_TO_SIMPLIFIED && !c->pools->t2s)
			load_t2s(c, n);
		for (uint32_t i = 0; i < n->nargs; i++)
			node(c, n->args[i]);
		if (n->ref == FN_KNOWN) {
			op0(c, OP_KNOWN);
			break;
		}
		if ((n->ref == FN_MIN || n->ref == FN_MAX) && integral(n->type)) {
			/* typed: no call, one comparison of integers per argument */
			emit(c, n->ref == FN_MIN ? OP_MIN_I : OP_MAX_I, 1 - (int)n->nargs);
			word(c, n->nargs);
			break;
		}
		emit(c, OP_CALL, 1 - (int)n->nargs);
		word(c, (uint32_t)n->ref);
		word(c, n->nargs);
		break;
	case N_LIST:
		for (uint32_t i = 0; i < n->nargs; i++)
			node(c, n->args[i]);
		emit(c, OP_MKLIST, 1 - (int)n->nargs);
		word(c, n->nargs);
		word(c, n->elem);
		break;
	case N_RANGE:
		c->rc = crm_diag_set(c->d, CRM_ESYNTAX, n->pos, "a range can only follow 'in'");
		break;
	}
}

bool crm_compile_fuse = true;

/* Whether code[pc] jumps, and where its targets are (operand words). */
static uint32_t jump_operands(const uint32_t *code, uint32_t pc, uint32_t at[2])
{
	switch (code[pc]) {
	case OP_JMP: case OP_ANDJ: case OP_ORJ:
		at[0] = pc + 1;
		return 1;
	case OP_JUNK: /* fused: in run code only */
		at[0] = pc + 2;
		return 1;
	case OP_JIF:
		at[0] = pc + 1, at[1] = pc + 2;
		return 2;
	default:
		return 0;
	}
}

/* Of n facts loaded (LOAD) from code[pc] on, then reduced by MIN_I or
 * MAX_I n, none a jump target but the first: the reducing instruction's
 * pc, or 0. */
static uint32_t loads_reduced(const uint32_t *code, uint32_t len, uint32_t pc,
                              const uint8_t *target)
{
	uint32_t k = 0, q = pc;
	while (q < len && code[q] == OP_LOAD && (q == pc || !target[q]))
		q += 2, k++;
	if (k < 2 || q + 1 >= len || target[q] || (code[q] != OP_MIN_I && code[q] != OP_MAX_I) ||
	    code[q + 1] != k)
		return 0;
	return q;
}

/* The code the VM runs: code with its common sequences each one
 * instruction (fewer dispatches, fewer mispredicted jumps). known(fact) as
 * an if's condition, min() or max() of facts, a jump to a return, a fact
 * returned. A fused sequence has no jump target inside it. In the arena;
 * NULL when out of memory. */
static const uint32_t *fuse(crm_arena *ar, const uint32_t *code, uint32_t len, uint32_t *run_len)
{
	/* a fused sequence is shorter than its code: run fits in len words */
	uint32_t *at = crm_calloc(ar->al, 2 * (size_t)len + 1, sizeof *at); /* old pc -> new */
	uint8_t *target = crm_calloc(ar->al, len + 1, 1);
	uint32_t *run = at + len + 1, *kept = NULL;
	if (!at || !target) {
		crm_free(ar->al, at);
		crm_free(ar->al, target);
		return NULL;
	}
	uint32_t j[2];
	for (uint32_t pc = 0; pc < len; pc += crm_op_words(code, pc))
		for (uint32_t i = 0, n = jump_operands(code, pc, j); i < n; i++)
			target[code[j[i]]] = 1;
	uint32_t n = 0, q;
	for (uint32_t pc = 0; pc < len;) {
		at[pc] = n;
		uint32_t op = code[pc];
		if (op == OP_LOADQ && pc + 5 < len && code[pc + 2] == OP_KNOWN && code[pc + 3] == OP_JIF &&
		    !target[pc + 2] && !target[pc + 3]) {
			/* known's answer is never unknown: JIF's third way is not taken */
			run[n++] = OP_JUNK, run[n++] = code[pc + 1], run[n++] = code[pc + 4];
			pc += 6;
		} else if (op == OP_LOAD && (q = loads_reduced(code, len, pc, target))) {
			run[n++] = code[q] == OP_MIN_I ? OP_MIN_F : OP_MAX_F;
			run[n++] = code[q + 1];
			for (; pc < q; pc += 2)
				run[n++] = code[pc + 1];
			pc = q + 2;
		} else if (op == OP_LOAD && pc + 2 < len && code[pc + 2] == OP_RET && !target[pc + 2]) {
			run[n++] = OP_RET_F, run[n++] = code[pc + 1];
			pc += 3;
		} else if (op == OP_JMP && code[code[pc + 1]] == OP_RET) {
			run[n++] = OP_RET;
			pc += 2;
		} else {
			for (uint32_t w = crm_op_words(code, pc); w--;)
				run[n++] = code[pc++];
		}
	}
	at[len] = n;
	/* the jumps left go where their targets went */
	for (uint32_t pc = 0; pc < n; pc += crm_op_words(run, pc))
		for (uint32_t i = 0, k = jump_operands(run, pc, j); i < k; i++)
			run[j[i]] = at[run[j[i]]];
	if ((kept = crm_arena_alloc(ar, n * sizeof *kept)))
		memcpy(kept, run, n * sizeof *kept);
	*run_len = n;
	crm_free(ar->al, at);
	crm_free(ar->al, target);
	return kept;
}

int crm_compile(crm_pools *pools, crm_node *n, crm_program *out, crm_diag *d)
{
	compiler c = {.pools = pools, .d = d, .cap = LOCAL_CODE};
	c.code = c.local;
	node(&c, n);
	op0(&c, OP_RET);
	/* the program keeps exactly its length, in the arena */
	uint32_t *code = c.rc ? NULL : crm_arena_alloc(pools->ar, c.len * sizeof *code);
	if (code)
		memcpy(code, c.code, c.len * sizeof *code);
	else if (!c.rc)
		c.rc = crm_diag_set(d, CRM_ENOMEM, 0, "out of memory");
	if (c.code != c.local)
		crm_free(pools->ar->al, c.code);
	if (c.rc)
		return c.rc;
	out->code = code;
	out->len = (uint32_t)c.len;
	out->max_stack = (uint32_t)(c.max_depth > 0 ? c.max_depth : 1);
	out->run = code, out->run_len = out->len;
	if (crm_compile_fuse)
		out->run = fuse(pools->ar, code, out->len, &out->run_len);
	if (!out->run)
		return crm_diag_set(d, CRM_ENOMEM, 0, "out of memory");
	return 0;
}

void crm_program_dump(const crm_program *p, const crm_val *consts, crm_buf *out)
{
	for (uint32_t pc = 0; pc < p->len;) {
		uint32_t op = p->code[pc];
		crm_buf_addf(out, "%4u %s", pc, op < OP__COUNT ? crm_op_names[op] : "?");
		unsigned nops = op < OP__COUNT ? crm_op_operands[op] : 0;
		for (unsigned i = 1; i <= nops && pc + i < p->len; i++)
			crm_buf_addf(out, " %u", p->code[pc + i]);
		if (op == OP_CONST && consts) {
			const crm_val *v = &consts[p->code[pc + 1]];
			if (v->t == CRM_T_NUMBER)
				crm_buf_addf(out, " ; %g", v->u.n);
			else if (v->t == CRM_T_STRING)
				crm_buf_addf(out, " ; \"%.*s\"", (int)v->len, v->u.s);
			else if (v->t != CRM_T_LIST)
				crm_buf_addf(out, " ; %lld", (long long)v->u.i);
		}
		crm_buf_add(out, "\n", 1);
		pc += 1 + nops;
	}
}
