/* SPDX-License-Identifier: MIT */
/* gen_c.c - a decision as plain C11 (crm_generate_c): the compiled
 * ruleset's programs translated instruction by instruction, tables as the
 * engine decides them, a host struct of the facts read and one of the
 * outputs.
 *
 * The generated code is a second run side: it reads the compiled ruleset
 * (ruleset.h) as src/run/ does, and mirrors src/run/decide.c's hit
 * policies and src/expr/vm.c's instructions, one C statement each, so that
 * its answers are the engine's by construction (tests/gen checks it). Each
 * program becomes a static function over named stack slots (s0, s1, ...;
 * the depth of every instruction is known), jumps become gotos, and a C
 * compiler folds away the types and unknowns the struct rules out. What it
 * cannot translate (regular expressions, text, date-part and calendar
 * functions, round(), string concatenation, lists built at run time,
 * collect and rule_order tables) is refused with the rule that uses it. */
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "../expr/opcodes.h"
#include "../run/run.h"

typedef struct gstr {
	const char *s;
	uint32_t len;
} gstr;

/* ---- the generator's state ------------------------------------------------------- */
enum { IN_BOOL, IN_INT, IN_NUMBER, IN_INDEX, IN_STRING };
enum { OUT_BOOL, OUT_INT, OUT_NUMBER, OUT_INDEX, OUT_STRING, OUT_STRING_LIST };
static const char *const in_form[] = {"BOOL", "INT", "NUMBER", "INDEX", "STRING"};
static const char *const out_form[] = {"BOOL", "INT", "NUMBER", "INDEX", "STRING",
                                       "STRING_LIST"};

typedef struct gfact {
	int slot;
	uint8_t form;
	uint8_t ctype;    /* crm_ctype of the member */
	bool optional;
	char member[72];
	char present[80]; /* optional: the bool member that says it is set */
} gfact;

typedef struct gout {
	uint8_t form;
	bool left_out;    /* not in the struct (crm_gen_options.outputs) */
	char member[72];
} gout;

typedef struct gen {
	const crm_ruleset *rs;
	const decision *top;
	int top_di;
	crm_error *err;
	crm_buf h, c, body;        /* the header; the .c file's head; its functions */
	char pre[64], PRE[64];     /* the prefix, and in capitals for macros */
	int8_t *bound;             /* per fact slot: index into facts + 1, or 0 */
	gfact *facts;
	uint32_t nfacts;
	gout *outs;
	uint8_t *reach;            /* per decision: reached from the top one */
	uint8_t *used_const;       /* per pool constant: referenced */
	uint8_t *used_enum;        /* per ordered enum: referenced */
	uint32_t nprog;            /* programs emitted */
	const char *where_file;    /* for messages: the rule or decision */
	int where_line, where_col;
	const char *where_what;
	char what[200];
	struct gstr *strs;         /* strings, interned by content */
	uint32_t nstrs, capstrs;
	const crm_val **lists;     /* list constants, by content */
	uint32_t nlists, caplists;
	uint32_t *order;           /* facts in the order the engine checks them */
	uint32_t nstrs_written;    /* strings in the .c file's table */
	uint32_t lists_left;       /* list facts the decision reads, not in the struct */
	bool uses_math;            /* floor(), money() and the like: runtime_math */
	bool uses_fns;             /* date parts, len() and the like: runtime_fns */
	int rc;
} gen;

static int refuse(gen *g, const char *fmt, ...) CRM_PRINTF(2, 3);
static int refuse(gen *g, const char *fmt, ...)
{
	char msg[300];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	if (!g->rc)
		g->rc = crm_err_at(g->err, CRM_EINVAL, g->where_file, g->where_line, g->where_col,
		                   "%s: %s; generated code does not support it (the engine decides it)",
		                   g->where_what, msg);
	return g->rc;
}

/* A C identifier from a name: other bytes become '_', a leading digit or a
 * keyword gets one more. */
static void ident(char *out, size_t size, const char *name)
{
	static const char *const kw[] = {
		"auto",     "break",   "case",     "char",   "const",    "continue", "default",
		"do",       "double",  "else",     "enum",   "extern",   "float",    "for",
		"goto",     "if",      "inline",   "int",    "long",     "register", "restrict",
		"return",   "short",   "signed",   "sizeof", "static",   "struct",   "switch",
		"typedef",  "union",   "unsigned", "void",   "volatile", "while",    "bool",
		"true",     "false",   "_Bool",    "NULL",   "in",       "out"};
	size_t n = 0;
	if (name[0] >= '0' && name[0] <= '9')
		out[n++] = '_';
	for (const char *p = name; *p && n + 2 < size; p++) {
		char ch = *p;
		bool ok = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
		          (ch >= '0' && ch <= '9') || ch == '_';
		out[n++] = ok ? ch : '_';
	}
	out[n] = '\0';
	for (size_t k = 0; k < sizeof kw / sizeof *kw; k++)
		if (strcmp(out, kw[k]) == 0 && n + 2 < size) {
			out[n++] = '_';
			out[n] = '\0';
		}
	if (!n) {
		out[0] = '_';
		out[1] = '\0';
	}
}

/* bytes as a C string literal (octal escapes for anything not plain). */
static void c_string(crm_buf *b, const char *s, size_t len)
{
	crm_buf_add(b, "\"", 1);
	for (size_t i = 0; i < len; i++) {
		unsigned char ch = (unsigned char)s[i];
		if (ch == '"' || ch == '\\')
			crm_buf_addf(b, "\\%c", ch);
		else if (ch >= 0x20 && ch < 0x7f && ch != '?')
			crm_buf_add(b, (const char *)&ch, 1);
		else
			crm_buf_addf(b, "\\%03o", ch);
	}
	crm_buf_add(b, "\"", 1);
}

static void c_int(crm_buf *b, int64_t v)
{
	if (v == INT64_MIN)
		crm_buf_addf(b, "(-INT64_C(9223372036854775807) - 1)");
	else
		crm_buf_addf(b, "INT64_C(%lld)", (long long)v);
}

/* ---- constants: one static crmg_v each, strings interned by content ------------- */
/* A string constant's name: equal strings share one array, so that two
 * interned strings are equal exactly when their pointers are. */

/* Room for one more of n items of size bytes in *arr (*cap of them);
 * false, with g->rc set, when memory runs out. */
static bool grow(gen *g, void **arr, uint32_t n, uint32_t *cap, size_t size)
{
	if (n < *cap)
		return true;
	uint32_t nc = *cap ? *cap * 2 : 16;
	void *p = crm_malloc(&g->rs->al, nc * size);
	if (!p) {
		g->rc = crm_err_set(g->err, CRM_ENOMEM, "out of memory");
		return false;
	}
	if (n)
		memcpy(p, *arr, n * size);
	crm_free(&g->rs->al, *arr);
	*arr = p;
	*cap = nc;
	return true;
}

static uint32_t intern(gen *g, const char *s, uint32_t len)
{
	for (uint32_t i = 0; i < g->nstrs; i++)
		if (g->strs[i].len == len && (!len || memcmp(g->strs[i].s, s, len) == 0))
			return i;
	if (!grow(g, (void **)&g->strs, g->nstrs, &g->capstrs, sizeof *g->strs))
		return 0;
	g->strs[g->nstrs] = (gstr){s, len};
	return g->nstrs++;
}

/* A scalar value as a crmg_v initializer. */
static void scalar_init(gen *g, crm_buf *b, const crm_val *v)
{
	switch (v->t) {
	case CRM_T_UNKNOWN:
		crm_buf_addf(b, "{0, 0, 0, 0, {0}}");
		return;
	case CRM_T_NUMBER:
		crm_buf_addf(b, "{CRM_T_NUMBER, 0, 0, 0, {.n = %a}}", v->u.n);
		return;
	case CRM_T_STRING:
		/* a rule's constant output knows its index among the output's
		 * values (crm_val.pad, compile/table.c): carried in in */
		crm_buf_addf(b, "{CRM_T_STRING, 0, %u, %u, {.s = crmg_s%u}}",
		             v->pad && v->pad <= 253 ? 1u + v->pad : 1u, v->len,
		             intern(g, v->u.s, v->len));
		return;
	default:
		crm_buf_addf(b, "{%u, 0, 0, 0, {.i = ", v->t);
		c_int(b, v->u.i);
		crm_buf_addf(b, "}}");
		return;
	}
}

/* Lists (constants: the generated code builds none), by content: list N
 * is static crmg_v crmg_l<N>[] and, of strings, const char *crmg_ls<N>[]. */
static uint32_t list_id(gen *g, const crm_val *v)
{
	for (uint32_t i = 0; i < g->nlists; i++)
		if (crm_val_equal(g->lists[i], v))
			return i;
	if (!grow(g, (void **)&g->lists, g->nlists, &g->caplists, sizeof *g->lists))
		return 0;
	for (uint32_t i = 0; i < v->len; i++)
		if (v->u.l[i].t == CRM_T_STRING)
			(void)intern(g, v->u.l[i].u.s, v->u.l[i].len);
		else if (v->u.l[i].t == CRM_T_LIST)
			refuse(g, "a list of lists");
	g->lists[g->nlists] = v;
	return g->nlists++;
}

/* Any constant value as a crmg_v initializer. */
static void scalar_or_list(gen *g, crm_buf *b, const crm_val *v)
{
	if (v->t == CRM_T_LIST)
		crm_buf_addf(b, "{CRM_T_LIST, %u, 0, %u, {.l = crmg_l%u}}", v->elem, v->len,
		             list_id(g, v));
	else
		scalar_init(g, b, v);
}

/* Pool constant k, as "crmg_k<k>". */
static void use_const(gen *g, uint32_t k)
{
	const crm_val *v = &g->rs->pools.consts[k];
	if (v->t == CRM_T_STRING)
		(void)intern(g, v->u.s, v->len);
	if (v->t == CRM_T_LIST)
		(void)list_id(g, v);
	g->used_const[k] = 1;
}

/* ---- programs ------------------------------------------------------------------- */

/* The value index that "fact == constant" compares with, when the fact
 * is read from an index member and the constant is one of its values; -1
 * otherwise. The member holds a checked index (the record's checks run
 * first), so the comparison is of the index. */
static int index_compare(const gen *g, int slot, const crm_val *k, const char **mem)
{
	const fact_decl *fd = &g->rs->facts[slot];
	if (k->t != CRM_T_STRING || !g->bound[slot])
		return -1;
	for (uint32_t i = 0; i < g->nfacts; i++) {
		if (g->facts[i].slot != slot)
			continue;
		if (g->facts[i].form != IN_INDEX)
			return -1;
		*mem = g->facts[i].member;
		for (uint32_t v = 0; v < fd->nallowed; v++)
			if (fd->allowed[v].len == k->len && memcmp(fd->allowed[v].u.s, k->u.s, k->len) == 0)
				return (int)v;
		return -1;
	}
	return -1;
}

static int op_effect(const uint32_t *code, uint32_t pc)
{
	switch (code[pc]) {
	case OP_CONST: case OP_LOAD: case OP_LOADQ: case OP_INPUT: case OP_OUTPUT:
		return 1;
	case OP_JMP: case OP_ANDJ: case OP_ORJ: case OP_NOT: case OP_NEG_I: case OP_NEG_N:
	case OP_MUL_MD: case OP_I2N: case OP_I2M: case OP_I2DUR: case OP_D2DUR: case OP_DUR2D:
	case OP_MATCH: case OP_KNOWN: case OP_RANK: case OP_RETAG: case OP_RET:
		return 0;
	case OP_IN_RANGE:
		return -2;
	case OP_MKLIST: case OP_CALL:
		return 1 - (int)code[pc + (code[pc] == OP_CALL ? 2 : 1)];
	case OP_MIN_I: case OP_MAX_I:
		return 1 - (int)code[pc + 1];
	default: /* JIF and the binary operators */
		return -1;
	}
}

/* The value of fact slot as the code reads it. */
static void load_fact(gen *g, crm_buf *b, int slot, unsigned s)
{
	if (g->bound[slot])
		crm_buf_addf(b, "\ts%u = crmg_f%d(c);\n", s, slot);
	else
		crm_buf_addf(b, "\ts%u = crmg_unknown; /* '%s' is not in the struct */\n", s,
		             g->rs->facts[slot].name);
}

/* The builtins generated code translates (functions.c's, each mirrored by
 * a runtime helper): the others read text, calendars or scratch. */
static bool fn_supported(uint32_t fn)
{
	switch (fn) {
	case FN_MIN: case FN_MAX: case FN_ABS: case FN_FLOOR: case FN_CEIL: case FN_ROUND:
	case FN_DAYS: case FN_HOURS: case FN_MINUTES: case FN_SECONDS:
	case FN_MONEY: case FN_NUMBER: case FN_INT:
	case FN_YEAR: case FN_MONTH: case FN_DAY: case FN_WEEKDAY: case FN_DAYS_BETWEEN:
	case FN_LEN: case FN_STARTS_WITH: case FN_ENDS_WITH:
		return true;
	default:
		return false;
	}
}

/* Program p of decision d as a static function crmg_p<N>; its number. */
static uint32_t emit_program(gen *g, const decision *d, const crm_program *p)
{
	const uint32_t *code = p->code;
	uint32_t len = p->len, id = g->nprog++;
	crm_buf *b = &g->body;
	int *depth = crm_malloc(&g->rs->al, (len + 1) * sizeof *depth);
	uint8_t *target = crm_calloc(&g->rs->al, len + 1, 1);
	if (!depth || !target) {
		crm_free(&g->rs->al, depth);
		crm_free(&g->rs->al, target);
		g->rc = crm_err_set(g->err, CRM_ENOMEM, "out of memory");
		return id;
	}
	for (uint32_t i = 0; i <= len; i++)
		depth[i] = -1;
	/* the depth before each instruction: the code is straight-line with
	 * forward jumps (the compiler's), so one pass in order sees every
	 * jump into an instruction before the instruction itself */
	depth[0] = 0;
	int maxd = 1;
	for (uint32_t pc = 0; pc < len && !g->rc; pc += 1u + crm_op_operands[code[pc]]) {
		uint32_t op = code[pc], next = pc + 1u + crm_op_operands[op];
		int dd = depth[pc];
		if (dd < 0) /* only after an unconditional jump: unreachable */
			continue;
		int after = dd + op_effect(code, pc);
		if (after > maxd)
			maxd = after;
		switch (op) {
		case OP_JMP:
			target[code[pc + 1]] = 1;
			depth[code[pc + 1]] = dd;
			break;
		case OP_JIF:
			target[code[pc + 1]] = target[code[pc + 2]] = 1;
			depth[code[pc + 1]] = dd - 1;
			depth[code[pc + 2]] = dd;
			depth[next] = dd - 1;
			break;
		case OP_ANDJ:
		case OP_ORJ:
			target[code[pc + 1]] = 1;
			depth[code[pc + 1]] = dd;
			depth[next] = dd;
			break;
		case OP_RET:
			break;
		case OP_MATCH:
			refuse(g, "regular expression matching ('matches')");
			break;
		case OP_ADD_S:
			refuse(g, "string concatenation");
			break;
		case OP_MKLIST:
			refuse(g, "a list built from values known only at run time");
			break;
		case OP_CALL:
			if (!fn_supported(code[pc + 1]))
				refuse(g, "the function %s()", crm_fn_name((int)code[pc + 1]));
			depth[next] = after;
			break;
		default:
			depth[next] = after;
			break;
		}
	}
	crm_buf_addf(b, "\nstatic CRMG_INLINE int crmg_p%u(crmg_ctx *c, const crmg_v *ins, crmg_v *out)\n{\n",
	             id);
	crm_buf_addf(b, "\tcrmg_v s0");
	for (int k = 1; k < maxd; k++)
		crm_buf_addf(b, ", s%d", k);
	crm_buf_addf(b, ";\n\t(void)c;\n\t(void)ins;\n");
	uint32_t p1 = len, p2 = len; /* the two instructions before pc */
	for (uint32_t pc = 0; pc < len && !g->rc;
	     p2 = p1, p1 = pc, pc += 1u + crm_op_operands[code[pc]]) {
		uint32_t op = code[pc];
		int dd = depth[pc];
		if (target[pc])
			crm_buf_addf(b, "L%u:\n", pc);
		if (dd < 0)
			continue;
		unsigned t = (unsigned)dd - 1, u = (unsigned)dd - 2; /* top, under */
		const uint32_t *a = code + pc + 1;
		switch (op) {
		case OP_CONST:
			use_const(g, a[0]);
			crm_buf_addf(b, "\ts%d = crmg_k%u;\n", dd, a[0]);
			break;
		case OP_LOAD:
		case OP_LOADQ:
			load_fact(g, b, (int)a[0], (unsigned)dd);
			break;
		case OP_INPUT:
			if (d->inputs[a[0]].fact >= 0)
				load_fact(g, b, d->inputs[a[0]].fact, (unsigned)dd);
			else
				crm_buf_addf(b, "\ts%d = ins[%u];\n", dd, a[0]);
			break;
		case OP_OUTPUT:
			crm_buf_addf(b, "\t{\n\t\tint r_ = crmg_d%u(c);\n"
			                "\t\tif (r_ == CRM_EMISSING || r_ == CRM_ENOMATCH)\n"
			                "\t\t\ts%d = crmg_unknown;\n\t\telse if (r_)\n\t\t\treturn r_;\n"
			                "\t\telse\n\t\t\ts%d = c->o%u[%u];\n\t}\n",
			             a[0], dd, dd, a[0], a[1]);
			break;
		case OP_JMP:
			crm_buf_addf(b, "\tgoto L%u;\n", a[0]);
			break;
		case OP_JIF:
			crm_buf_addf(b, "\tif (!s%u.t) {\n\t\ts%u = crmg_unknown;\n\t\tgoto L%u;\n\t}\n"
			                "\tif (!s%u.u.i)\n\t\tgoto L%u;\n",
			             t, t, a[1], t, a[0]);
			break;
		case OP_ANDJ:
			crm_buf_addf(b, "\tif (s%u.t && !s%u.u.i)\n\t\tgoto L%u;\n", t, t, a[0]);
			break;
		case OP_ORJ:
			crm_buf_addf(b, "\tif (s%u.t && s%u.u.i)\n\t\tgoto L%u;\n", t, t, a[0]);
			break;
		case OP_AND:
		case OP_OR:
			crm_buf_addf(b, "\tcrmg_%s(&s%u, s%u);\n", op == OP_AND ? "and" : "or", u, t);
			break;
		case OP_NOT:
			crm_buf_addf(b, "\tif (s%u.t)\n\t\ts%u.u.i = !s%u.u.i;\n", t, t, t);
			break;
		case OP_NEG_N:
			crm_buf_addf(b, "\tif (s%u.t)\n\t\ts%u.u.n = -s%u.u.n;\n", t, t, t);
			break;
		case OP_NEG_I:
			crm_buf_addf(b, "\tCRMG_TRY(crmg_neg_i(&s%u));\n", t);
			break;
		case OP_MUL_MD: {
			crm_decimal dc = g->rs->pools.decs[a[0]];
			crm_buf_addf(b, "\tCRMG_TRY(crmg_mul_md(&s%u, ", t);
			c_int(b, dc.mant);
			crm_buf_addf(b, ", %d));\n", (int)dc.scale);
			break;
		}
		case OP_I2DUR:
			crm_buf_addf(b, "\tCRMG_TRY(crmg_i2dur(&s%u, %u));\n", t, a[0]);
			break;
		case OP_I2N: case OP_I2M: case OP_D2DUR: case OP_DUR2D: case OP_KNOWN: {
			const char *nm = op == OP_I2N ? "i2n" : op == OP_I2M ? "i2m" : op == OP_D2DUR ? "d2dur"
			                 : op == OP_DUR2D ? "dur2d" : "known";
			crm_buf_addf(b, "\tCRMG_TRY(crmg_%s(&s%u));\n", nm, t);
			break;
		}
		case OP_RETAG:
			crm_buf_addf(b, "\tif (s%u.t)\n\t\ts%u.t = %u;\n", t, t, a[0]);
			break;
		case OP_RANK:
			g->used_enum[a[0]] = 1;
			for (uint32_t i = 0; i < g->rs->pools.enums[a[0]].n; i++) {
				const crm_val *ev = &g->rs->pools.enums[a[0]].values[i];
				if (ev->t == CRM_T_STRING)
					(void)intern(g, ev->u.s, ev->len);
			}
			crm_buf_addf(b, "\tCRMG_TRY(crmg_rank(&s%u, crmg_e%u, %u));\n", t, a[0],
			             g->rs->pools.enums[a[0]].n);
			break;
		case OP_CMP: {
			/* a fact read from an index member against one of its values,
			 * equal or not, no jump landing between: the indices compared */
			const char *mem = NULL;
			int slot = p2 >= len ? -1
			           : code[p2] == OP_LOAD || code[p2] == OP_LOADQ ? (int)code[p2 + 1]
			           : code[p2] == OP_INPUT ? d->inputs[code[p2 + 1]].fact : -1;
			int k = slot >= 0 && a[0] <= 1 && code[p1] == OP_CONST && !target[p1] &&
			                !target[pc]
			            ? index_compare(g, slot, &g->rs->pools.consts[code[p1 + 1]], &mem)
			            : -1;
			if (k >= 0)
				crm_buf_addf(b, "\t(void)s%u;\n\tif (s%u.t) /* '%s' */\n"
				                "\t\ts%u = crmg_int(CRM_T_BOOL, ((size_t)c->in->%s == %d) == %d);\n",
				             t, u, g->rs->facts[slot].name, u, mem, k, a[0] == 0);
			else
				crm_buf_addf(b, "\tcrmg_cmp_op(&s%u, s%u, %u);\n", u, t, a[0]);
			break;
		}
		case OP_IN_RANGE:
			crm_buf_addf(b, "\tcrmg_in_range(&s%d, s%d, s%u, %u);\n", dd - 3, dd - 2, t, a[0]);
			break;
		case OP_IN_LIST:
			crm_buf_addf(b, "\tcrmg_in_list(&s%u, s%u);\n", u, t);
			break;
		case OP_MIN_I:
		case OP_MAX_I: {
			int n = (int)a[0], first = dd - n;
			crm_buf_addf(b, "\t{\n\t\tint64_t best_ = s%d.u.i;\n\t\tint known_ = s%d.t != 0;\n",
			             first, first);
			for (int k = first + 1; k < dd; k++)
				crm_buf_addf(b, "\t\tknown_ &= s%d.t != 0;\n\t\tbest_ = s%d.u.i %s best_ ? s%d.u.i : best_;\n",
				             k, k, op == OP_MIN_I ? "<" : ">", k);
			crm_buf_addf(b, "\t\ts%d.u.i = best_;\n\t\tif (!known_)\n\t\t\ts%d = crmg_unknown;\n\t}\n",
			             first, first);
			break;
		}
		case OP_CALL: {
			uint32_t fn = a[0], n = a[1];
			int first = dd - (int)n;
			crm_buf_addf(b, "\t{\n\t\tint known_ = 1;\n");
			for (int k = first; k < dd; k++)
				crm_buf_addf(b, "\t\tknown_ &= s%d.t != 0;\n", k);
			crm_buf_addf(b, "\t\tif (!known_) {\n\t\t\ts%d = crmg_unknown;\n\t\t} else {\n", first);
			if (fn == FN_FLOOR || fn == FN_CEIL || fn == FN_ROUND || fn == FN_MONEY ||
			    fn == FN_NUMBER || fn == FN_INT)
				g->uses_math = true;
			if (fn == FN_YEAR || fn == FN_MONTH || fn == FN_DAY || fn == FN_WEEKDAY ||
			    fn == FN_LEN || fn == FN_STARTS_WITH || fn == FN_ENDS_WITH)
				g->uses_fns = true;
			if (fn == FN_ROUND && n == 2)
				crm_buf_addf(b, "\t\t\tCRMG_TRY(crmg_round(&s%d, s%d.u.i));\n", first, first + 1);
			else if (fn == FN_ROUND)
				crm_buf_addf(b, "\t\t\tCRMG_TRY(crmg_round(&s%d, 0));\n", first);
			else if (fn == FN_YEAR || fn == FN_MONTH || fn == FN_DAY || fn == FN_WEEKDAY)
				crm_buf_addf(b, "\t\t\tcrmg_date_part(&s%d, %d);\n", first,
				             fn == FN_YEAR ? 0 : fn == FN_MONTH ? 1 : fn == FN_DAY ? 2 : 3);
			else if (fn == FN_DAYS_BETWEEN)
				crm_buf_addf(b, "\t\t\ts%d = crmg_int(CRM_T_INT, s%d.u.i - s%d.u.i);\n", first,
				             first + 1, first);
			else if (fn == FN_LEN)
				crm_buf_addf(b, "\t\t\tcrmg_len(&s%d);\n", first);
			else if (fn == FN_STARTS_WITH || fn == FN_ENDS_WITH)
				crm_buf_addf(b, "\t\t\tcrmg_affix(&s%d, s%d, %d);\n", first, first + 1,
				             fn == FN_ENDS_WITH);
			else if (fn == FN_ABS)
				crm_buf_addf(b, "\t\t\tCRMG_TRY(crmg_abs(&s%d));\n", first);
			else if (fn == FN_FLOOR || fn == FN_CEIL)
				crm_buf_addf(b, "\t\t\tCRMG_TRY(crmg_floor_ceil(&s%d, %d));\n", first, fn == FN_CEIL);
			else if (fn == FN_DAYS || fn == FN_HOURS || fn == FN_MINUTES || fn == FN_SECONDS)
				crm_buf_addf(b, "\t\t\tCRMG_TRY(crmg_i2dur(&s%d, %d));\n", first,
				             fn == FN_DAYS ? 86400 : fn == FN_HOURS ? 3600 : fn == FN_MINUTES ? 60 : 1);
			else if (fn == FN_MONEY || fn == FN_NUMBER || fn == FN_INT)
				crm_buf_addf(b, "\t\t\tCRMG_TRY(crmg_fn_%s(&s%d));\n",
				             fn == FN_MONEY ? "money" : fn == FN_NUMBER ? "number" : "int", first);
			else
				for (int k = first + 1; k < dd; k++)
					crm_buf_addf(b, "\t\t\tif (crmg_cmpv(&s%d, &s%d) %s 0)\n\t\t\t\ts%d = s%d;\n", k,
					             first, fn == FN_MIN ? "<" : ">", first, k);
			crm_buf_addf(b, "\t\t}\n\t}\n");
			break;
		}
		case OP_RET:
			crm_buf_addf(b, "\t*out = s%u;\n\treturn 0;\n", t);
			break;
		default: {
			static const char *const names[OP__COUNT] = {
				[OP_ADD_I] = "add_i", [OP_SUB_I] = "sub_i", [OP_MUL_I] = "mul_i",
				[OP_MUL_MI] = "mul_i", [OP_MOD_I] = "mod_i", [OP_ADD_N] = "add_n",
				[OP_SUB_N] = "sub_n", [OP_MUL_N] = "mul_n", [OP_DIV_N] = "div_n",
				[OP_DIV_MI] = "div_mi", [OP_DIV_MM] = "div_mm", [OP_ADD_T] = "add_t",
				[OP_SUB_T] = "sub_t"};
			if (op >= OP__COUNT || !names[op]) {
				refuse(g, "the instruction %s", op < OP__COUNT ? crm_op_names[op] : "?");
				break;
			}
			crm_buf_addf(b, "\tCRMG_TRY(crmg_%s(&s%u, s%u));\n", names[op], u, t);
			break;
		}
		}
	}
	crm_buf_addf(b, "}\n");
	crm_free(&g->rs->al, depth);
	crm_free(&g->rs->al, target);
	return id;
}

/* ---- decisions ------------------------------------------------------------------ */
static void where_rule(gen *g, const decision *d, const rule *r)
{
	char *what = g->what;
	if (r) {
		snprintf(what, sizeof g->what, "decision '%s', rule '%s'", d->name, r->id);
		g->where_file = r->file;
		g->where_line = r->line;
		g->where_col = r->col;
	} else {
		snprintf(what, sizeof g->what, "decision '%s'", d->name);
		g->where_file = d->file;
		g->where_line = d->line;
		g->where_col = d->col;
	}
	g->where_what = what;
}

/* A condition that cannot fail and reads no other decision: comparisons
 * and logic over facts, inputs and constants. */
static bool cond_pure(const crm_program *p)
{
	for (uint32_t pc = 0; pc < p->len; pc += 1u + crm_op_operands[p->code[pc]]) {
		switch (p->code[pc]) {
		case OP_CONST: case OP_LOAD: case OP_LOADQ: case OP_INPUT:
		case OP_JMP: case OP_JIF: case OP_ANDJ: case OP_ORJ:
		case OP_AND: case OP_OR: case OP_NOT: case OP_RET:
		case OP_CMP: case OP_IN_RANGE: case OP_IN_LIST:
			break;
		default:
			return false;
		}
	}
	return true;
}

/* Rules r and q of d give the same constant outputs. */
static bool same_konst(const decision *d, const rule *r, const rule *q)
{
	if (!r->konst || !q->konst)
		return false;
	for (uint32_t o = 0; o < d->nouts; o++)
		if (r->konst[o].t != q->konst[o].t ||
		    (r->konst[o].t && !crm_val_equal(&r->konst[o], &q->konst[o])))
			return false;
	return true;
}

/* How many rules from r on a first-hit table can decide as one: rules in
 * a row with the same constant outputs and conditions that cannot fail
 * (1 when r has no such company). */
static uint32_t first_group(const decision *d, uint32_t r)
{
	uint32_t q = r;
	while (q < d->nrules && d->rules[q].cond.len && cond_pure(&d->rules[q].cond) &&
	       same_konst(d, &d->rules[r], &d->rules[q]))
		q++;
	return q - r > 1 ? q - r : 1;
}

/* Rule r's output o of decision d is not worked out: a constant of the
 * top decision's that is not in the struct, in a table where no other
 * rule's outputs are compared with it (first-hit and unique ones; one
 * that runs a program still runs it, for its errors). */
static bool left_out(const gen *g, const decision *d, const rule *r, uint32_t o)
{
	return d == g->top && g->outs[o].left_out && (d->hit == HIT_FIRST || d->hit == HIT_UNIQUE) &&
	       (r->konst || crm_program_const(r->outs[o].code, r->outs[o].len) >= 0);
}

/* Rule r's constant outputs into the array dst, depth tabs in. */
static void emit_konst_outputs(gen *g, const decision *d, const rule *r, const char *dst,
                               int depth)
{
	for (uint32_t o = 0; o < d->nouts; o++) {
		if (left_out(g, d, r, o))
			continue;
		crm_buf_addf(&g->body, "%.*s%s[%u] = (crmg_v)", depth, "\t\t\t\t", dst, o);
		scalar_or_list(g, &g->body, &r->konst[o]);
		crm_buf_addf(&g->body, ";\n");
	}
}

/* A rule's outputs into the array dst (c->o<di>, or a candidate's):
 * constants, or programs; one outside its values makes the decision
 * CRM_EINVAL, an unknown one runs if_unknown (a first-hit or unique table
 * returns CRM_EMISSING, an any or priority one goes on). Whether it
 * wrote if_unknown. */
static bool emit_rule_outputs(gen *g, const decision *d, uint32_t di, const rule *r,
                              const uint32_t *outprog, const char *dst, const char *if_unknown)
{
	crm_buf *b = &g->body;
	if (r->konst) {
		emit_konst_outputs(g, d, r, dst, 2);
		return false;
	}
	crm_buf_addf(b, "\t\tint unknown_ = 0;\n");
	for (uint32_t o = 0; o < d->nouts; o++) {
		if (!r->outs[o].len) {
			crm_buf_addf(b, "\t\t%s[%u] = crmg_unknown;\n", dst, o);
			continue;
		}
		if (left_out(g, d, r, o))
			continue;
		crm_buf_addf(b, "\t\tCRMG_TRY(crmg_p%u(c, ins, &%s[%u]));\n"
		                "\t\tunknown_ |= !%s[%u].t;\n",
		             outprog[o], dst, o, dst, o);
	}
	for (uint32_t o = 0; r->vet && o < d->nouts; o++) {
		if (!((r->vet >> (o < 31 ? o : 31)) & 1) || !d->outs[o].values)
			continue;
		if (d->outs[o].type == CRM_T_LIST) /* a list's items each */
			crm_buf_addf(b, "\t\tfor (uint32_t i_ = 0; %s[%u].t && i_ < %s[%u].len; i_++)\n"
			                "\t\t\tif (crmg_value_index(%s[%u].u.l[i_], crmg_ov%u_%u, %u) < 0)\n"
			                "\t\t\t\treturn CRM_EINVAL;\n",
			             dst, o, dst, o, dst, o, di, o, d->outs[o].nvalues);
		else
			crm_buf_addf(b, "\t\tif (%s[%u].t && crmg_value_index(%s[%u], crmg_ov%u_%u, %u) < 0)\n"
			                "\t\t\treturn CRM_EINVAL;\n",
			             dst, o, dst, o, di, o, d->outs[o].nvalues);
	}
	crm_buf_addf(b, "\t\tif (unknown_)\n\t\t\t%s\n", if_unknown);
	return true;
}

static void emit_decision(gen *g, uint32_t di)
{
	const decision *d = &g->rs->decs[di];
	const crm_allocator *al = &g->rs->al;
	where_rule(g, d, NULL);
	if (d->hit == HIT_COLLECT || d->hit == HIT_RULE_ORDER) {
		refuse(g, "the hit policy %s (lists built at run time)",
		       d->hit == HIT_COLLECT ? "collect" : "rule_order");
		return;
	}
	static const char *const hit_name[] = {[HIT_FIRST] = "first", [HIT_UNIQUE] = "unique",
	                                       [HIT_PRIORITY] = "priority", [HIT_ANY] = "any"};
	bool several = d->hit == HIT_ANY || d->hit == HIT_PRIORITY;
	for (uint32_t o = 0; o < d->nouts; o++)
		if (d->outs[o].values)
			for (uint32_t k = 0; k < d->outs[o].nvalues; k++)
				if (d->outs[o].values[k].t == CRM_T_STRING)
					(void)intern(g, d->outs[o].values[k].u.s, d->outs[o].values[k].len);
	/* programs first: the computed inputs, then each rule's condition and
	 * outputs */
	uint32_t *inprog = crm_calloc(al, d->ninputs + 1, sizeof *inprog);
	uint32_t *cond = crm_calloc(al, d->nrules + 1, sizeof *cond);
	uint32_t *outp = crm_calloc(al, (size_t)d->nrules * d->nouts + 1, sizeof *outp);
	if (!inprog || !cond || !outp) {
		g->rc = crm_err_set(g->err, CRM_ENOMEM, "out of memory");
		goto done;
	}
	for (uint32_t k = 0; k < d->ncomputed && !g->rc; k++)
		inprog[d->computed[k]] = emit_program(g, d, &d->inputs[d->computed[k]].prog);
	for (uint32_t r = 0; r < d->nrules && !g->rc; r++) {
		const rule *ru = &d->rules[r];
		where_rule(g, d, ru);
		if (ru->cond.len)
			cond[r] = emit_program(g, d, &ru->cond);
		for (uint32_t o = 0; !ru->konst && o < d->nouts && !g->rc; o++)
			if (ru->outs[o].len && !left_out(g, d, ru, o))
				outp[(size_t)r * d->nouts + o] = emit_program(g, d, &ru->outs[o]);
	}
	if (g->rc)
		goto done;
	crm_buf *b = &g->body;
	crm_buf_addf(b, "\n/* decision '%s' (%s:%d), hit %s */\n"
	                "static int crmg_table%u(crmg_ctx *c)\n{\n",
	             d->name, d->file, d->line, hit_name[d->hit], di);
	/* the computed inputs' values (the others are facts, read in place) */
	if (d->ncomputed)
		crm_buf_addf(b, "\tcrmg_v ins[%u];\n", d->ninputs);
	else
		crm_buf_addf(b, "\tconst crmg_v *ins = 0;\n");
	crm_buf_addf(b, "\tcrmg_v cond;\n\tint rc;\n\tint undetermined = 0;\n");
	if (d->hit == HIT_UNIQUE)
		crm_buf_addf(b, "\tint chosen = -1;\n");
	if (several) /* the rules that match after the first: their outputs (decide.c) */
		crm_buf_addf(b, "\tcrmg_v cand[%u];\n\tint matches = 0, best = 0;\n\t(void)best;\n",
		             d->nouts ? d->nouts : 1);
	crm_buf_addf(b, "\t(void)undetermined;\n\t(void)ins;\n\t(void)rc;\n\t(void)cond;\n");
	for (uint32_t k = 0; k < d->ncomputed; k++)
		/* an input's expression reads facts, never the table's inputs */
		crm_buf_addf(b, "\tCRMG_TRY(crmg_p%u(c, 0, &ins[%u]));\n", inprog[d->computed[k]],
		             d->computed[k]);
	for (uint32_t r = 0; r < d->nrules; r++) {
		const rule *ru = &d->rules[r];
		uint32_t n = d->hit == HIT_FIRST ? first_group(d, r) : 1;
		if (n > 1) {
			/* The first of them that matches fires, and they all give the
			 * same: any of them matching, when every condition is known,
			 * is tested without a branch between them (the compiler can
			 * merge their tests); else in order, as below. */
			crm_buf_addf(b, "\t/* rules '%s' (%s:%d) to '%s' (%s:%d): the same outputs */\n"
			                "\t{\n\t\tcrmg_v g_[%u];\n\t\tint hit_ = 0;\n",
			             ru->id, ru->file, ru->line, d->rules[r + n - 1].id,
			             d->rules[r + n - 1].file, d->rules[r + n - 1].line, n);
			for (uint32_t k = 0; k < n; k++)
				crm_buf_addf(b, "\t\t(void)crmg_p%u(c, ins, &g_[%u]); /* cannot fail */\n",
				             cond[r + k], k);
			crm_buf_addf(b, "\t\tif (");
			for (uint32_t k = 0; k < n; k++)
				crm_buf_addf(b, "%s(g_[%u].t != 0)", k ? " & " : "", k);
			crm_buf_addf(b, ")\n\t\t\thit_ = (");
			for (uint32_t k = 0; k < n; k++)
				crm_buf_addf(b, "%sg_[%u].u.i", k ? " | " : "", k);
			crm_buf_addf(b, ") != 0;\n\t\telse\n"
			                "\t\t\tfor (int k_ = 0; k_ < %u && !hit_; k_++) {\n"
			                "\t\t\t\tif (!g_[k_].t)\n\t\t\t\t\tundetermined = 1;\n"
			                "\t\t\t\telse if (g_[k_].u.i)\n\t\t\t\t\thit_ = 1;\n\t\t\t}\n"
			                "\t\tif (hit_) {\n\t\t\tif (undetermined)\n\t\t\t\treturn CRM_EMISSING;\n",
			             n);
			char own[32];
			snprintf(own, sizeof own, "c->o%u", di);
			emit_konst_outputs(g, d, ru, own, 3); /* the group's outputs: constants */
			crm_buf_addf(b, "\t\t\treturn 0;\n\t\t}\n\t}\n");
			r += n - 1;
			continue;
		}
		crm_buf_addf(b, "\t/* rule '%s' (%s:%d) */\n", ru->id, ru->file, ru->line);
		if (ru->cond.len) {
			crm_buf_addf(b, "\tif ((rc = crmg_p%u(c, ins, &cond)))\n", cond[r]);
			if (d->hit == HIT_FIRST)
				crm_buf_addf(b, "\t\treturn undetermined ? CRM_EMISSING : rc;\n");
			else
				crm_buf_addf(b, "\t\treturn rc;\n");
		} else {
			crm_buf_addf(b, "\tcond = crmg_true;\n");
		}
		crm_buf_addf(b, "\tif (!cond.t) {\n\t\tundetermined = 1;\n\t} else if (cond.u.i) {\n");
		char own[32];
		snprintf(own, sizeof own, "c->o%u", di);
		if (d->hit == HIT_FIRST) {
			crm_buf_addf(b, "\t\tif (undetermined)\n\t\t\treturn CRM_EMISSING;\n");
			emit_rule_outputs(g, d, di, ru, outp + (size_t)r * d->nouts, own,
			                  "return CRM_EMISSING;");
			crm_buf_addf(b, "\t\treturn 0;\n\t}\n");
		} else if (several) {
			char next[64];
			snprintf(next, sizeof next, "{\n\t\t\tundetermined = 1;\n\t\t\tgoto next%u;\n\t\t}", r);
			crm_buf_addf(b, "\t\tcrmg_v *dst_ = matches ? cand : c->o%u;\n", di);
			bool jumps = emit_rule_outputs(g, d, di, ru, outp + (size_t)r * d->nouts, "dst_", next);
			if (d->hit == HIT_ANY) {
				crm_buf_addf(b, "\t\tif (matches) {\n");
				for (uint32_t o = 0; o < d->nouts; o++)
					crm_buf_addf(b, "\t\t\tif (!crmg_eq(&c->o%u[%u], &cand[%u]))\n"
					                "\t\t\t\treturn CRM_ETABLE;\n", di, o, o);
				crm_buf_addf(b, "\t\t}\n");
			} else {
				/* priority: the first output's place among its values (past
				 * them when it is none of them), the lowest first */
				uint32_t n0 = d->nouts ? d->outs[0].nvalues : 0;
				if (n0)
					crm_buf_addf(b, "\t\tint p_ = crmg_value_index(dst_[0], crmg_ov%u_0, %u);\n"
					                "\t\tif (p_ < 0)\n\t\t\tp_ = %u;\n", di, n0, n0);
				else
					crm_buf_addf(b, "\t\tint p_ = 0;\n");
				crm_buf_addf(b, "\t\tif (!matches || p_ < best) {\n"
				                "\t\t\tif (matches)\n\t\t\t\tmemcpy(c->o%u, cand, sizeof cand);\n"
				                "\t\t\tbest = p_;\n\t\t}\n", di);
			}
			crm_buf_addf(b, "\t\tmatches++;\n\t}\n");
			if (jumps)
				crm_buf_addf(b, "next%u:;\n", r);
		} else {
			crm_buf_addf(b, "\t\tif (chosen >= 0)\n\t\t\treturn CRM_ETABLE;\n\t\tchosen = %u;\n\t}\n", r);
		}
	}
	crm_buf_addf(b, "\tif (undetermined)\n\t\treturn CRM_EMISSING;\n");
	if (several)
		crm_buf_addf(b, "\treturn matches ? 0 : CRM_ENOMATCH;\n}\n");
	if (d->hit == HIT_UNIQUE) {
		crm_buf_addf(b, "\tswitch (chosen) {\n");
		for (uint32_t r = 0; r < d->nrules; r++) {
			crm_buf_addf(b, "\tcase %u: {\n", r);
			char own[32];
			snprintf(own, sizeof own, "c->o%u", di);
			emit_rule_outputs(g, d, di, &d->rules[r], outp + (size_t)r * d->nouts, own,
			                  "return CRM_EMISSING;");
			crm_buf_addf(b, "\t\treturn 0;\n\t}\n");
		}
		crm_buf_addf(b, "\tdefault:\n\t\tbreak;\n\t}\n");
	}
	if (!several)
		crm_buf_addf(b, "\treturn CRM_ENOMATCH;\n}\n");
	crm_buf_addf(b, "\n"
	                "static int crmg_d%u(crmg_ctx *c)\n{\n\tif (!c->done%u) {\n"
	                "\t\tc->done%u = 1;\n\t\tc->rc%u = crmg_table%u(c);\n\t}\n\treturn c->rc%u;\n}\n",
	             di, di, di, di, di, di);
done:
	crm_free(al, inprog);
	crm_free(al, cond);
	crm_free(al, outp);
}

/* ---- the runtime every generated file carries ------------------------------------ */
/* vm.c's instructions and decide.c's checks, as static functions a C
 * compiler inlines; each mirrors its original (named beside it). */
static const char runtime[] =
	"#include <math.h>\n"
	"#include <string.h>\n"
	"\n"
	"#if defined(__GNUC__) || defined(__clang__)\n"
	"#define CRMG_INLINE inline __attribute__((always_inline))\n"
	"#define CRMG_UNUSED __attribute__((unused))\n"
	"#else\n"
	"#define CRMG_INLINE inline\n"
	"#define CRMG_UNUSED\n"
	"#endif\n"
	"#define CRMG_TRY(x)             \\\n"
	"\tdo {                        \\\n"
	"\t\tint r_ = (x);           \\\n"
	"\t\tif (r_)                 \\\n"
	"\t\t\treturn r_;            \\\n"
	"\t} while (0)\n"
	"\n"
	"/* A value as the engine holds it (t 0: unknown); in: a string of this\n"
	" * file's own, equal to another of them only at the same address (0:\n"
	" * not one; 1; k + 2: a rule's constant, value k of the output it was\n"
	" * written for, checked by its address where it is read). */\n"
	"typedef struct crmg_v {\n"
	"\tuint8_t t, elem, in;\n"
	"\tuint32_t len;\n"
	"\tunion {\n"
	"\t\tint64_t i;\n"
	"\t\tdouble n;\n"
	"\t\tconst char *s;\n"
	"\t\tconst struct crmg_v *l;\n"
	"\t} u;\n"
	"} crmg_v;\n"
	"static const crmg_v crmg_unknown = {0, 0, 0, 0, {0}};\n"
	"static const crmg_v crmg_true CRMG_UNUSED = {CRM_T_BOOL, 0, 0, 0, {.i = 1}};\n"
	"\n"
	"static CRMG_INLINE CRMG_UNUSED crmg_v crmg_int(uint8_t t, int64_t x)\n"
	"{\n\tcrmg_v v = {t, 0, 0, 0, {.i = x}};\n\treturn v;\n}\n"
	"static CRMG_INLINE CRMG_UNUSED crmg_v crmg_num(double x)\n"
	"{\n\tcrmg_v v = {CRM_T_NUMBER, 0, 0, 0, {.n = x}};\n\treturn v;\n}\n"
	"\n"
	"/* 64-bit arithmetic that says when it overflows */\n"
	"static CRMG_INLINE CRMG_UNUSED int crmg_add_ovf(int64_t a, int64_t b, int64_t *r)\n"
	"{\n"
	"#if defined(__GNUC__) || defined(__clang__)\n"
	"\treturn __builtin_add_overflow(a, b, r);\n"
	"#else\n"
	"\tif ((b > 0 && a > INT64_MAX - b) || (b < 0 && a < INT64_MIN - b))\n\t\treturn 1;\n"
	"\t*r = a + b;\n\treturn 0;\n"
	"#endif\n"
	"}\n"
	"static CRMG_INLINE CRMG_UNUSED int crmg_sub_ovf(int64_t a, int64_t b, int64_t *r)\n"
	"{\n"
	"#if defined(__GNUC__) || defined(__clang__)\n"
	"\treturn __builtin_sub_overflow(a, b, r);\n"
	"#else\n"
	"\tif ((b < 0 && a > INT64_MAX + b) || (b > 0 && a < INT64_MIN + b))\n\t\treturn 1;\n"
	"\t*r = a - b;\n\treturn 0;\n"
	"#endif\n"
	"}\n"
	"static CRMG_INLINE CRMG_UNUSED int crmg_mul_ovf(int64_t a, int64_t b, int64_t *r)\n"
	"{\n"
	"#if defined(__GNUC__) || defined(__clang__)\n"
	"\treturn __builtin_mul_overflow(a, b, r);\n"
	"#else\n"
	"\tif (a && b &&\n"
	"\t    (a > 0 ? (b > 0 ? a > INT64_MAX / b : b < INT64_MIN / a)\n"
	"\t           : (b > 0 ? a < INT64_MIN / b : b < INT64_MAX / a)))\n"
	"\t\treturn 1;\n"
	"\t*r = a * b;\n\treturn 0;\n"
	"#endif\n"
	"}\n"
	"/* a / b rounded half away from zero (crm_div_round) */\n"
	"static CRMG_UNUSED int64_t crmg_div_round(int64_t a, int64_t b)\n"
	"{\n"
	"\tint64_t q = a / b, r = a % b;\n"
	"\tif (r == 0)\n\t\treturn q;\n"
	"\tuint64_t ar = r < 0 ? (uint64_t)0 - (uint64_t)r : (uint64_t)r;\n"
	"\tuint64_t ab = b < 0 ? (uint64_t)0 - (uint64_t)b : (uint64_t)b;\n"
	"\tif (ar >= ab - ar)\n\t\tq += ((a < 0) != (b < 0)) ? -1 : 1;\n"
	"\treturn q;\n"
	"}\n"
	"\n"
	"/* crm_val_cmp: <0, 0, >0; scalars inline (a value's type is most often\n"
	" * known where it is compared, and the switch folds away) */\n"
	"static CRMG_UNUSED int crmg_cmp_bytes(const crmg_v *a, const crmg_v *b)\n"
	"{\n"
	"\tuint32_t n = a->len < b->len ? a->len : b->len;\n"
	"\tint c = n ? memcmp(a->u.s, b->u.s, n) : 0;\n"
	"\tif (c)\n\t\treturn c;\n"
	"\treturn (a->len > b->len) - (a->len < b->len);\n"
	"}\n"
	"static CRMG_UNUSED int crmg_cmp_list(const crmg_v *a, const crmg_v *b);\n"
	"static CRMG_INLINE CRMG_UNUSED int crmg_cmpv(const crmg_v *a, const crmg_v *b)\n"
	"{\n"
	"\tswitch (a->t) {\n"
	"\tcase CRM_T_NUMBER:\n\t\treturn (a->u.n > b->u.n) - (a->u.n < b->u.n);\n"
	"\tcase CRM_T_STRING:\n"
	"\t\tif (a->in && b->in && a->u.s == b->u.s)\n\t\t\treturn 0;\n"
	"\t\treturn crmg_cmp_bytes(a, b);\n"
	"\tcase CRM_T_LIST:\n\t\treturn crmg_cmp_list(a, b);\n"
	"\tdefault:\n\t\treturn (a->u.i > b->u.i) - (a->u.i < b->u.i);\n"
	"\t}\n"
	"}\n"
	"static CRMG_UNUSED int crmg_cmp_list(const crmg_v *a, const crmg_v *b)\n"
	"{\n"
	"\tuint32_t n = a->len < b->len ? a->len : b->len;\n"
	"\tfor (uint32_t i = 0; i < n; i++) {\n"
	"\t\tint c = crmg_cmpv(&a->u.l[i], &b->u.l[i]);\n"
	"\t\tif (c)\n\t\t\treturn c;\n"
	"\t}\n"
	"\treturn (a->len > b->len) - (a->len < b->len);\n"
	"}\n"
	"/* crm_val_equal */\n"
	"static CRMG_INLINE CRMG_UNUSED int crmg_eq(const crmg_v *a, const crmg_v *b)\n"
	"{\n"
	"\tif (a->t != b->t)\n\t\treturn 0;\n"
	"\tif (a->t == CRM_T_STRING && a->in && b->in)\n\t\treturn a->u.s == b->u.s;\n"
	"\treturn crmg_cmpv(a, b) == 0;\n"
	"}\n"
	"/* The index of v among n values, or -1. */\n"
	"static CRMG_INLINE CRMG_UNUSED int crmg_value_index(crmg_v v, const crmg_v *tab, uint32_t n)\n"
	"{\n"
	"\tfor (uint32_t k = 0; k < n; k++)\n\t\tif (crmg_eq(&v, &tab[k]))\n\t\t\treturn (int)k;\n"
	"\treturn -1;\n"
	"}\n"
	"\n"
	"/* the instructions (vm.c) */\n"
	"static CRMG_INLINE CRMG_UNUSED void crmg_and(crmg_v *a, crmg_v b)\n"
	"{\n\tif (b.t && !b.u.i)\n\t\t*a = b;\n\telse if (!b.t)\n\t\t*a = crmg_unknown;\n}\n"
	"static CRMG_INLINE CRMG_UNUSED void crmg_or(crmg_v *a, crmg_v b)\n"
	"{\n\tif (b.t && b.u.i)\n\t\t*a = b;\n\telse if (!b.t)\n\t\t*a = crmg_unknown;\n}\n"
	"#define CRMG_BINARY(a, b)        \\\n"
	"\tif (!(a)->t || !(b).t) {       \\\n"
	"\t\t*(a) = crmg_unknown;        \\\n"
	"\t\treturn 0;                   \\\n"
	"\t}\n"
	"static CRMG_INLINE CRMG_UNUSED int crmg_add_i(crmg_v *a, crmg_v b)\n"
	"{\n\tCRMG_BINARY(a, b)\n\treturn crmg_add_ovf(a->u.i, b.u.i, &a->u.i) ? CRM_EOVERFLOW : 0;\n}\n"
	"static CRMG_INLINE CRMG_UNUSED int crmg_sub_i(crmg_v *a, crmg_v b)\n"
	"{\n\tCRMG_BINARY(a, b)\n\treturn crmg_sub_ovf(a->u.i, b.u.i, &a->u.i) ? CRM_EOVERFLOW : 0;\n}\n"
	"static CRMG_INLINE CRMG_UNUSED int crmg_mul_i(crmg_v *a, crmg_v b)\n"
	"{\n\tCRMG_BINARY(a, b)\n\treturn crmg_mul_ovf(a->u.i, b.u.i, &a->u.i) ? CRM_EOVERFLOW : 0;\n}\n"
	"static CRMG_INLINE CRMG_UNUSED int crmg_mod_i(crmg_v *a, crmg_v b)\n"
	"{\n\tCRMG_BINARY(a, b)\n\tif (b.u.i == 0)\n\t\treturn CRM_EOVERFLOW;\n"
	"\ta->u.i = b.u.i == -1 ? 0 : a->u.i % b.u.i;\n\treturn 0;\n}\n"
	"static CRMG_INLINE CRMG_UNUSED int crmg_add_n(crmg_v *a, crmg_v b)\n"
	"{\n\tCRMG_BINARY(a, b)\n\ta->u.n += b.u.n;\n\treturn isfinite(a->u.n) ? 0 : CRM_EOVERFLOW;\n}\n"
	"static CRMG_INLINE CRMG_UNUSED int crmg_sub_n(crmg_v *a, crmg_v b)\n"
	"{\n\tCRMG_BINARY(a, b)\n\ta->u.n -= b.u.n;\n\treturn isfinite(a->u.n) ? 0 : CRM_EOVERFLOW;\n}\n"
	"static CRMG_INLINE CRMG_UNUSED int crmg_mul_n(crmg_v *a, crmg_v b)\n"
	"{\n\tCRMG_BINARY(a, b)\n\ta->u.n *= b.u.n;\n\treturn isfinite(a->u.n) ? 0 : CRM_EOVERFLOW;\n}\n"
	"static CRMG_INLINE CRMG_UNUSED int crmg_div_n(crmg_v *a, crmg_v b)\n"
	"{\n\tCRMG_BINARY(a, b)\n\tif (b.u.n == 0)\n\t\treturn CRM_EOVERFLOW;\n"
	"\ta->u.n /= b.u.n;\n\treturn isfinite(a->u.n) ? 0 : CRM_EOVERFLOW;\n}\n"
	"static CRMG_INLINE CRMG_UNUSED int crmg_div_mi(crmg_v *a, crmg_v b)\n"
	"{\n\tCRMG_BINARY(a, b)\n\tif (b.u.i == 0 || (a->u.i == INT64_MIN && b.u.i == -1))\n"
	"\t\treturn CRM_EOVERFLOW;\n\ta->u.i = crmg_div_round(a->u.i, b.u.i);\n\treturn 0;\n}\n"
	"static CRMG_INLINE CRMG_UNUSED int crmg_div_mm(crmg_v *a, crmg_v b)\n"
	"{\n\tCRMG_BINARY(a, b)\n\tif (b.u.i == 0)\n\t\treturn CRM_EOVERFLOW;\n"
	"\t*a = crmg_num((double)a->u.i / (double)b.u.i);\n\treturn 0;\n}\n"
	"static CRMG_UNUSED int crmg_shift_t(crmg_v *a, crmg_v b, int sub)\n"
	"{\n\tCRMG_BINARY(a, b)\n\tint64_t r;\n"
	"\tint date = a->t == CRM_T_DATE;\n"
	"\tif ((sub ? crmg_sub_ovf(a->u.i, b.u.i, &r) : crmg_add_ovf(a->u.i, b.u.i, &r)) ||\n"
	"\t    (date ? r < CRM_DATE_MIN || r > CRM_DATE_MAX : r < CRM_INSTANT_MIN || r > CRM_INSTANT_MAX))\n"
	"\t\treturn CRM_EOVERFLOW;\n"
	"\ta->u.i = r;\n\treturn 0;\n}\n"
	"static CRMG_INLINE CRMG_UNUSED int crmg_add_t(crmg_v *a, crmg_v b) { return crmg_shift_t(a, b, 0); }\n"
	"static CRMG_INLINE CRMG_UNUSED int crmg_sub_t(crmg_v *a, crmg_v b) { return crmg_shift_t(a, b, 1); }\n"
	"static CRMG_INLINE CRMG_UNUSED int crmg_neg_i(crmg_v *a)\n"
	"{\n\tif (a->t) {\n\t\tif (a->u.i == INT64_MIN)\n\t\t\treturn CRM_EOVERFLOW;\n\t\ta->u.i = -a->u.i;\n\t}\n\treturn 0;\n}\n"
	"static CRMG_UNUSED int crmg_mul_md(crmg_v *a, int64_t mant, int scale)\n"
	"{\n"
	"\tstatic const int64_t p10[19] = {1, 10, 100, 1000, 10000, 100000, 1000000, 10000000,\n"
	"\t\t100000000, 1000000000, 10000000000, 100000000000, 1000000000000, 10000000000000,\n"
	"\t\t100000000000000, 1000000000000000, 10000000000000000, 100000000000000000,\n"
	"\t\t1000000000000000000};\n"
	"\tint64_t p;\n"
	"\tif (!a->t)\n\t\treturn 0;\n"
	"\tif (crmg_mul_ovf(a->u.i, mant, &p))\n\t\treturn CRM_EOVERFLOW;\n"
	"\ta->u.i = crmg_div_round(p, p10[scale]);\n\treturn 0;\n}\n"
	"static CRMG_INLINE CRMG_UNUSED int crmg_i2n(crmg_v *a)\n"
	"{\n\tif (a->t)\n\t\t*a = crmg_num((double)a->u.i);\n\treturn 0;\n}\n"
	"static CRMG_INLINE CRMG_UNUSED int crmg_i2m(crmg_v *a)\n"
	"{\n\tif (a->t) {\n\t\tif (crmg_mul_ovf(a->u.i, 100, &a->u.i))\n\t\t\treturn CRM_EOVERFLOW;\n"
	"\t\ta->t = CRM_T_MONEY;\n\t}\n\treturn 0;\n}\n"
	"static CRMG_INLINE CRMG_UNUSED int crmg_i2dur(crmg_v *a, int64_t unit)\n"
	"{\n\tif (a->t) {\n\t\tif (crmg_mul_ovf(a->u.i, unit, &a->u.i))\n\t\t\treturn CRM_EOVERFLOW;\n"
	"\t\ta->t = CRM_T_DURATION;\n\t}\n\treturn 0;\n}\n"
	"static CRMG_INLINE CRMG_UNUSED int crmg_d2dur(crmg_v *a) { return crmg_i2dur(a, 86400); }\n"
	"static CRMG_INLINE CRMG_UNUSED int crmg_dur2d(crmg_v *a)\n"
	"{\n\tif (a->t) {\n\t\tint64_t q = a->u.i / 86400;\n\t\tif (a->u.i % 86400 && a->u.i < 0)\n\t\t\tq--;\n"
	"\t\t*a = crmg_int(CRM_T_INT, q);\n\t}\n\treturn 0;\n}\n"
	"static CRMG_INLINE CRMG_UNUSED int crmg_known(crmg_v *a)\n"
	"{\n\t*a = crmg_int(CRM_T_BOOL, a->t != 0);\n\treturn 0;\n}\n"
	"static CRMG_INLINE CRMG_UNUSED int crmg_abs(crmg_v *a)\n"
	"{\n\tif (a->t == CRM_T_NUMBER)\n\t\ta->u.n = fabs(a->u.n);\n"
	"\telse if (a->u.i < 0) {\n\t\tif (a->u.i == INT64_MIN)\n\t\t\treturn CRM_EOVERFLOW;\n"
	"\t\ta->u.i = -a->u.i;\n\t}\n\treturn 0;\n}\n"
	"static CRMG_INLINE CRMG_UNUSED int crmg_rank(crmg_v *a, const crmg_v *tab, uint32_t n)\n"
	"{\n\tif (!a->t)\n\t\treturn 0;\n\tint k = crmg_value_index(*a, tab, n);\n"
	"\tif (k < 0)\n\t\treturn CRM_EINVAL;\n\t*a = crmg_int(CRM_T_INT, k);\n\treturn 0;\n}\n"
	"static CRMG_INLINE CRMG_UNUSED void crmg_cmp_op(crmg_v *a, crmg_v b, unsigned rel)\n"
	"{\n"
	"\tif (!a->t || !b.t) {\n\t\t*a = crmg_unknown;\n\t\treturn;\n\t}\n"
	"\tint c;\n"
	"\tif (a->t == CRM_T_NUMBER) {\n"
	"\t\t/* IEEE comparisons: a NaN is unequal to everything, and no more */\n"
	"\t\tdouble x = a->u.n, y = b.u.n;\n"
	"\t\t*a = crmg_int(CRM_T_BOOL, rel == 0 ? x == y : rel == 1 ? x != y : rel == 2 ? x < y\n"
	"\t\t                          : rel == 3 ? x <= y : rel == 4 ? x > y : x >= y);\n"
	"\t\treturn;\n"
	"\t} else if (a->t != CRM_T_STRING && a->t != CRM_T_LIST) {\n"
	"\t\tint64_t x = a->u.i, y = b.u.i;\n"
	"\t\t*a = crmg_int(CRM_T_BOOL, rel == 0 ? x == y : rel == 1 ? x != y : rel == 2 ? x < y\n"
	"\t\t                          : rel == 3 ? x <= y : rel == 4 ? x > y : x >= y);\n"
	"\t\treturn;\n"
	"\t} else if (a->t == CRM_T_STRING && a->in && b.in && rel <= 1) {\n"
	"\t\t/* two strings of this file: equal when at one address */\n"
	"\t\t*a = crmg_int(CRM_T_BOOL, (a->u.s == b.u.s) == (rel == 0));\n"
	"\t\treturn;\n"
	"\t} else {\n\t\tc = crmg_cmpv(a, &b);\n\t}\n"
	"\tint r = rel == 0 ? c == 0 : rel == 1 ? c != 0 : rel == 2 ? c < 0 : rel == 3 ? c <= 0\n"
	"\t      : rel == 4 ? c > 0 : c >= 0;\n"
	"\t*a = crmg_int(CRM_T_BOOL, r);\n"
	"}\n"
	"static CRMG_INLINE CRMG_UNUSED void crmg_in_range(crmg_v *x, crmg_v lo, crmg_v hi, unsigned flags)\n"
	"{\n"
	"\tif (!x->t || !lo.t || !hi.t) {\n\t\t*x = crmg_unknown;\n\t\treturn;\n\t}\n"
	"\tint cl = crmg_cmpv(x, &lo), ch = crmg_cmpv(x, &hi);\n"
	"\t*x = crmg_int(CRM_T_BOOL, ((flags & 1) ? cl >= 0 : cl > 0) && ((flags & 2) ? ch <= 0 : ch < 0));\n"
	"}\n"
	"static CRMG_INLINE CRMG_UNUSED void crmg_in_list(crmg_v *a, crmg_v b)\n"
	"{\n"
	"\tif (!a->t || !b.t) {\n\t\t*a = crmg_unknown;\n\t\treturn;\n\t}\n"
	"\tint in = 0;\n\tfor (uint32_t i = 0; i < b.len && !in; i++)\n\t\tin = crmg_eq(a, &b.u.l[i]);\n"
	"\t*a = crmg_int(CRM_T_BOOL, in);\n"
	"}\n"
	"/* valid UTF-8 (crm_utf8_valid) */\n"
	"static CRMG_UNUSED int crmg_utf8(const unsigned char *s, size_t len)\n"
	"{\n"
	"\tsize_t i = 0;\n"
	"\twhile (i < len) {\n"
	"\t\tunsigned c = s[i], n, min;\n"
	"\t\tif (c < 0x80) {\n\t\t\ti++;\n\t\t\tcontinue;\n\t\t}\n"
	"\t\tif ((c & 0xE0) == 0xC0) {\n\t\t\tn = 1;\n\t\t\tmin = 0x80;\n\t\t\tc &= 0x1F;\n"
	"\t\t} else if ((c & 0xF0) == 0xE0) {\n\t\t\tn = 2;\n\t\t\tmin = 0x800;\n\t\t\tc &= 0x0F;\n"
	"\t\t} else if ((c & 0xF8) == 0xF0) {\n\t\t\tn = 3;\n\t\t\tmin = 0x10000;\n\t\t\tc &= 0x07;\n"
	"\t\t} else {\n\t\t\treturn 0;\n\t\t}\n"
	"\t\tif (len - i <= n)\n\t\t\treturn 0;\n"
	"\t\tfor (unsigned k = 1; k <= n; k++) {\n"
	"\t\t\tif ((s[i + k] & 0xC0) != 0x80)\n\t\t\t\treturn 0;\n"
	"\t\t\tc = (c << 6) | (s[i + k] & 0x3F);\n\t\t}\n"
	"\t\tif (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))\n\t\t\treturn 0;\n"
	"\t\ti += n + 1;\n"
	"\t}\n"
	"\treturn 1;\n"
	"}\n";

/* ... and, only where the rules call them, the conversions and rounding
 * (floor() and the rest need libm) */
static const char runtime_math[] =
	"/* conversions and rounding (functions.c) */\n"
	"static CRMG_UNUSED int crmg_num_to_int(double x, int64_t *out)\n"
	"{\n\tif (!(x >= -9223372036854775808.0 && x < 9223372036854775808.0))\n"
	"\t\treturn CRM_EOVERFLOW;\n\t*out = (int64_t)x;\n\treturn 0;\n}\n"
	"static CRMG_UNUSED int crmg_floor_ceil(crmg_v *a, int ceil_)\n"
	"{\n"
	"\tif (a->t == CRM_T_NUMBER) {\n"
	"\t\tdouble x = ceil_ ? ceil(a->u.n) : floor(a->u.n);\n"
	"\t\tCRMG_TRY(crmg_num_to_int(x, &a->u.i));\n\t\ta->t = CRM_T_INT;\n"
	"\t} else if (a->t == CRM_T_MONEY) {\n"
	"\t\tint64_t q = a->u.i / 100;\n"
	"\t\tif (a->u.i % 100 != 0 && a->u.i < 0)\n\t\t\tq--;\n"
	"\t\tif (ceil_ && a->u.i % 100 != 0)\n\t\t\tq++;\n"
	"\t\tif (crmg_mul_ovf(q, 100, &a->u.i))\n\t\t\treturn CRM_EOVERFLOW;\n"
	"\t}\n\treturn 0;\n}\n"
	"/* round(): money to digits (below 2) half away from zero, a number by\n"
	" * C's round() at digits in -15..15 */\n"
	"static CRMG_UNUSED int crmg_round(crmg_v *a, int64_t digits)\n"
	"{\n"
	"\tif (a->t == CRM_T_MONEY) {\n"
	"\t\tif (digits >= 2)\n\t\t\treturn 0;\n"
	"\t\tint64_t unit = digits == 1 ? 10 : 100;\n"
	"\t\ta->u.i = crmg_div_round(a->u.i, unit);\n"
	"\t\treturn crmg_mul_ovf(a->u.i, unit, &a->u.i) ? CRM_EOVERFLOW : 0;\n"
	"\t}\n"
	"\tif (digits < -15 || digits > 15)\n\t\treturn CRM_EINVAL;\n"
	"\tdouble f = 1;\n"
	"\tfor (int64_t i = 0; i < (digits < 0 ? -digits : digits); i++)\n\t\tf *= 10;\n"
	"\ta->u.n = digits >= 0 ? round(a->u.n * f) / f : round(a->u.n / f) * f;\n"
	"\treturn 0;\n"
	"}\n"
	"static CRMG_UNUSED int crmg_fn_money(crmg_v *a)\n"
	"{\n"
	"\tif (a->t == CRM_T_INT) {\n\t\tif (crmg_mul_ovf(a->u.i, 100, &a->u.i))\n\t\t\treturn CRM_EOVERFLOW;\n"
	"\t} else if (a->t == CRM_T_NUMBER) {\n\t\tCRMG_TRY(crmg_num_to_int(round(a->u.n * 100), &a->u.i));\n\t}\n"
	"\ta->t = CRM_T_MONEY;\n\treturn 0;\n}\n"
	"static CRMG_UNUSED int crmg_fn_number(crmg_v *a)\n"
	"{\n"
	"\tif (a->t == CRM_T_INT)\n\t\t*a = crmg_num((double)a->u.i);\n"
	"\telse if (a->t == CRM_T_MONEY)\n\t\t*a = crmg_num((double)a->u.i / 100);\n"
	"\treturn 0;\n}\n"
	"static CRMG_UNUSED int crmg_fn_int(crmg_v *a)\n"
	"{\n"
	"\tif (a->t == CRM_T_NUMBER)\n\t\tCRMG_TRY(crmg_num_to_int(trunc(a->u.n), &a->u.i));\n"
	"\telse if (a->t == CRM_T_MONEY)\n\t\ta->u.i /= 100;\n"
	"\ta->t = CRM_T_INT;\n\treturn 0;\n}\n";

/* ... and, only where the rules call them, date parts and the text
 * functions that need no scratch */
static const char runtime_fns[] =
	"/* year(), month(), day() (part 0, 1, 2: crm_civil_from_days) and\n"
	" * weekday() (3: 1 Monday .. 7 Sunday) of a date, days since 1970-01-01 */\n"
	"static CRMG_UNUSED void crmg_date_part(crmg_v *a, int part)\n"
	"{\n"
	"\tint64_t z = a->u.i + 719468;\n"
	"\tif (part == 3) {\n"
	"\t\tint64_t w = (a->u.i + 3) % 7;\n"
	"\t\t*a = crmg_int(CRM_T_INT, (w < 0 ? w + 7 : w) + 1);\n"
	"\t\treturn;\n"
	"\t}\n"
	"\tint64_t era = (z >= 0 ? z : z - 146096) / 146097;\n"
	"\tunsigned doe = (unsigned)(z - era * 146097);\n"
	"\tunsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;\n"
	"\tunsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);\n"
	"\tunsigned mp = (5 * doy + 2) / 153;\n"
	"\tunsigned d = doy - (153 * mp + 2) / 5 + 1, m = mp < 10 ? mp + 3 : mp - 9;\n"
	"\tint64_t y = (int64_t)yoe + era * 400 + (m <= 2);\n"
	"\t*a = crmg_int(CRM_T_INT, part == 0 ? y : part == 1 ? (int64_t)m : (int64_t)d);\n"
	"}\n"
	"/* len(): a text's characters (UTF-8), a list's items */\n"
	"static CRMG_UNUSED void crmg_len(crmg_v *a)\n"
	"{\n"
	"\tint64_t k = 0;\n"
	"\tif (a->t == CRM_T_STRING)\n"
	"\t\tfor (uint32_t i = 0; i < a->len; i++)\n"
	"\t\t\tk += ((unsigned char)a->u.s[i] & 0xC0) != 0x80;\n"
	"\telse\n"
	"\t\tk = a->len;\n"
	"\t*a = crmg_int(CRM_T_INT, k);\n"
	"}\n"
	"/* starts_with() (end 0) and ends_with() (end 1) */\n"
	"static CRMG_UNUSED void crmg_affix(crmg_v *a, crmg_v b, int end)\n"
	"{\n"
	"\tint ok = b.len <= a->len &&\n"
	"\t         (!b.len || memcmp(a->u.s + (end ? a->len - b.len : 0), b.u.s, b.len) == 0);\n"
	"\t*a = crmg_int(CRM_T_BOOL, ok);\n"
	"}\n";

/* ---- facts and outputs: the structs --------------------------------------------- */
static const char *c_type_of_in(const gfact *f)
{
	return crm_ctype_c_name(f->ctype);
}

static const char *ctype_of_in(const gfact *f)
{
	switch (f->ctype) {
	case CRM_C_BOOL: return "CRM_C_BOOL";
	case CRM_C_INT: return "CRM_C_INT";
	case CRM_C_UINT8: return "CRM_C_UINT8";
	case CRM_C_INT32: return "CRM_C_INT32";
	case CRM_C_DOUBLE: return "CRM_C_DOUBLE";
	case CRM_C_STRING: return "CRM_C_STRING";
	default: return "CRM_C_INT64";
	}
}

/* What a value of type t reads as in a comment. */
static const char *unit_of(uint8_t t)
{
	switch (t) {
	case CRM_T_MONEY: return "money, in minor units";
	case CRM_T_DATE: return "date, days since 1970-01-01";
	case CRM_T_DATETIME: return "instant, seconds since 1970-01-01T00:00:00Z";
	case CRM_T_DURATION: return "duration, seconds";
	default: return crm_type_name((crm_type)t);
	}
}

static void values_comment(crm_buf *b, const crm_val *v, uint32_t n)
{
	crm_buf_addf(b, " [");
	for (uint32_t k = 0; k < n && k < 12; k++)
		crm_buf_addf(b, "%s%.*s", k ? ", " : "", (int)(v[k].len > 30 ? 30 : v[k].len),
		             v[k].u.s);
	crm_buf_addf(b, "%s]", n > 12 ? ", ..." : "");
}

/* Whether member a is b's companion: has_b in the input struct (facts),
 * b_count or b_len in the output struct (a list's count, a string's
 * length). */
static bool companion(const char *a, const char *b, bool facts)
{
	size_t nb = strlen(b);
	if (facts)
		return strncmp(a, "has_", 4) == 0 && strcmp(a + 4, b) == 0;
	return strncmp(a, b, nb) == 0 && (strcmp(a + nb, "_count") == 0 || strcmp(a + nb, "_len") == 0);
}

/* A member name no other member of the struct has, nor the companion of
 * one (facts: has_x; outputs: x_count, x_len), nor whose companion one
 * has. */
static void unique_member(char *out, size_t size, const char *name, const char (*taken)[72],
                          uint32_t ntaken, bool facts)
{
	char base[56];
	ident(base, sizeof base, name);
	snprintf(out, size, "%s", base);
	for (int n = 2; n < 100000; n++) {
		bool clash = false;
		for (uint32_t i = 0; i < ntaken && !clash; i++)
			clash = strcmp(taken[i], out) == 0 || companion(out, taken[i], facts) ||
			        companion(taken[i], out, facts);
		if (!clash)
			return;
		snprintf(out, size, "%s_%d", base, n);
	}
}

static int choose_facts(gen *g, const crm_gen_options *o)
{
	const crm_ruleset *rs = g->rs;
	const decision_why *w = g->top->why;
	const char *const *names = o ? o->facts : NULL;
	size_t n = names ? o->nfacts : w->nreads;
	g->facts = crm_calloc(&rs->al, n + 1, sizeof *g->facts);
	char (*taken)[72] = crm_calloc(&rs->al, n + 1, sizeof *taken);
	if (!g->facts || !taken) {
		crm_free(&rs->al, taken);
		return g->rc = crm_err_set(g->err, CRM_ENOMEM, "out of memory");
	}
	for (size_t i = 0; i < n && !g->rc; i++) {
		int slot;
		bool optional = o && o->all_optional;
		if (names) {
			const char *nm = names[i];
			size_t len = nm ? strlen(nm) : 0;
			char buf[256];
			if (!len || len >= sizeof buf) {
				g->rc = crm_err_set(g->err, CRM_EINVAL, "fact %zu: no name", i);
				break;
			}
			memcpy(buf, nm, len + 1);
			if (buf[len - 1] == '?') {
				optional = true;
				buf[len - 1] = '\0';
			}
			slot = crm_fact_slot(rs, buf);
			if (slot < 0) {
				g->rc = crm_err_set(g->err, CRM_EUNKNOWN, "unknown fact '%s'", buf);
				break;
			}
		} else {
			slot = w->reads[i];
		}
		const fact_decl *fd = &rs->facts[slot];
		if (g->bound[slot]) {
			g->rc = crm_err_set(g->err, CRM_EINVAL, "fact '%s' is named twice", fd->name);
			break;
		}
		if (fd->type == CRM_T_LIST && !names) {
			g->lists_left++; /* a struct cannot hold it: unknown, as the header says */
			continue;
		}
		if (fd->type == CRM_T_LIST) {
			g->rc = crm_err_set(g->err, CRM_ETYPE,
			                    "fact '%s' is a list: a struct cannot hold it (leave it out: "
			                    "it is then unknown)", fd->name);
			break;
		}
		if (fd->pattern) {
			g->rc = crm_err_set(g->err, CRM_EINVAL,
			                    "fact '%s' has a pattern: generated code does not check "
			                    "regular expressions", fd->name);
			break;
		}
		gfact *f = &g->facts[g->nfacts];
		f->slot = slot;
		f->optional = optional;
		switch (fd->type) {
		case CRM_T_BOOL: f->form = IN_BOOL; break;
		case CRM_T_NUMBER: f->form = IN_NUMBER; break;
		case CRM_T_STRING: f->form = fd->allowed ? IN_INDEX : IN_STRING; break;
		default: f->form = IN_INT; break;
		}
		static const uint8_t ct[] = {CRM_C_BOOL, CRM_C_INT64, CRM_C_DOUBLE, CRM_C_UINT8,
		                             CRM_C_STRING};
		f->ctype = f->form == IN_INDEX && fd->nallowed > 255 ? CRM_C_INT32 : ct[f->form];
		unique_member(f->member, sizeof f->member, fd->name, taken, g->nfacts, true);
		memcpy(taken[g->nfacts], f->member, sizeof f->member);
		snprintf(f->present, sizeof f->present, "has_%s", f->member);
		g->bound[slot] = (int8_t)1;
		g->nfacts++;
	}
	crm_free(&rs->al, taken);
	return g->rc;
}

/* The facts from the host's own struct: opts->members, each a member of
 * the C type it names (crm_binding_new, in check_order, proves each one
 * can set its fact). */
static int host_facts(gen *g, const crm_gen_options *o)
{
	const crm_ruleset *rs = g->rs;
	g->facts = crm_calloc(&rs->al, o->nmembers + 1, sizeof *g->facts);
	if (!g->facts)
		return g->rc = crm_err_set(g->err, CRM_ENOMEM, "out of memory");
	for (size_t i = 0; i < o->nmembers; i++) {
		const crm_gen_member *m = &o->members[i];
		int slot = m->fact ? crm_fact_slot(rs, m->fact) : -1;
		if (slot < 0)
			return g->rc = crm_err_set(g->err, CRM_EUNKNOWN, "member %zu: unknown fact '%s'", i,
			                           m->fact ? m->fact : "(none)");
		const fact_decl *fd = &rs->facts[slot];
		if (g->bound[slot])
			return g->rc = crm_err_set(g->err, CRM_EINVAL, "fact '%s' is named twice", fd->name);
		if (fd->pattern)
			return g->rc = crm_err_set(g->err, CRM_EINVAL,
			                           "fact '%s' has a pattern: generated code does not "
			                           "check regular expressions", fd->name);
		gfact *f = &g->facts[g->nfacts++];
		f->slot = slot;
		f->ctype = (uint8_t)m->ctype;
		f->optional = m->present != NULL;
		f->form = (m->flags & CRM_FIELD_INDEX) ? IN_INDEX
		          : fd->type == CRM_T_BOOL    ? IN_BOOL
		          : fd->type == CRM_T_NUMBER  ? IN_NUMBER
		          : fd->type == CRM_T_STRING  ? IN_STRING
		                                      : IN_INT;
		if (!m->member || strlen(m->member) >= sizeof f->member ||
		    (m->present && strlen(m->present) >= sizeof f->present))
			return g->rc = crm_err_set(g->err, CRM_EINVAL, "member %zu ('%s'): no member name, "
			                           "or one too long", i, fd->name);
		snprintf(f->member, sizeof f->member, "%s", m->member);
		snprintf(f->present, sizeof f->present, "%s", m->present ? m->present : "");
		g->bound[slot] = 1;
	}
	return 0;
}

static void choose_outputs(gen *g, const crm_gen_options *opts)
{
	const decision *d = g->top;
	char taken[64][72];
	g->outs = crm_calloc(&g->rs->al, d->nouts + 1, sizeof *g->outs);
	if (!g->outs) {
		g->rc = crm_err_set(g->err, CRM_ENOMEM, "out of memory");
		return;
	}
	for (uint32_t o = 0; o < d->nouts && !g->rc; o++) {
		const output_decl *od = &d->outs[o];
		gout *u = &g->outs[o];
		uint8_t t = od->result_type ? od->result_type : od->type;
		switch (t) {
		case CRM_T_BOOL: u->form = OUT_BOOL; break;
		case CRM_T_NUMBER: u->form = OUT_NUMBER; break;
		case CRM_T_STRING: u->form = od->values ? OUT_INDEX : OUT_STRING; break;
		case CRM_T_LIST:
			if (od->elem != CRM_T_STRING && od->type != CRM_T_STRING) {
				where_rule(g, d, NULL);
				refuse(g, "output '%s', a list of %s", od->name,
				       crm_type_name((crm_type)od->elem));
				return;
			}
			/* (the strings themselves, whether or not values: lists them) */
			u->form = OUT_STRING_LIST;
			break;
		default: u->form = OUT_INT; break;
		}
		if (o < 64) {
			unique_member(u->member, sizeof u->member, od->name, (const char (*)[72])taken, o,
			              false);
			memcpy(taken[o], u->member, sizeof u->member);
		} else {
			snprintf(u->member, sizeof u->member, "out%u", o);
		}
	}
	if (g->rc || !opts || opts->version < 2 || !opts->outputs)
		return;
	/* only the outputs named: the others are left out of the struct */
	for (uint32_t o = 0; o < d->nouts; o++)
		g->outs[o].left_out = true;
	for (size_t i = 0; i < opts->noutputs && !g->rc; i++) {
		const char *nm = opts->outputs[i];
		uint32_t o = 0;
		while (nm && o < d->nouts && strcmp(d->outs[o].name, nm) != 0)
			o++;
		if (!nm || o == d->nouts)
			g->rc = crm_err_set(g->err, CRM_EUNKNOWN, "decision '%s' has no output '%s'",
			                    d->name, nm ? nm : "(null)");
		else if (!g->outs[o].left_out)
			g->rc = crm_err_set(g->err, CRM_EINVAL, "output '%s' is named twice", nm);
		else
			g->outs[o].left_out = false;
	}
	if (!g->rc && !opts->noutputs)
		g->rc = crm_err_set(g->err, CRM_EINVAL, "no output named (outputs is empty)");
}

/* The generated struct of the facts. */
static void emit_in_struct(gen *g)
{
	const crm_ruleset *rs = g->rs;
	crm_buf *h = &g->h;
	crm_buf_addf(h, "/* The facts: each member sets the fact it is named for (money in minor\n"
	                " * units, dates in days, instants and durations in seconds, a string with\n"
	                " * values as its index among them). A fact the struct does not hold is\n"
	                " * unknown; with has_x false, x is unknown too. */\n"
	                "typedef struct %s_in {\n", g->pre);
	for (uint32_t i = 0; i < g->nfacts; i++) {
		const gfact *f = &g->facts[i];
		const fact_decl *fd = &rs->facts[f->slot];
		const char *ct = c_type_of_in(f);
		crm_buf_addf(h, "\t%s%s%s; /* '%s': %s", ct, ct[strlen(ct) - 1] == '*' ? "" : " ",
		             f->member, fd->name, unit_of(fd->type));
		if (f->form == IN_INDEX)
			values_comment(h, fd->allowed, fd->nallowed);
		crm_buf_addf(h, " */\n");
		if (f->optional)
			crm_buf_addf(h, "\tbool %s;\n", f->present);
	}
	if (!g->nfacts)
		crm_buf_addf(h, "\tchar unused_; /* the decision reads no fact */\n");
	for (uint32_t i = 0; g->lists_left && i < g->top->why->nreads; i++)
		if (rs->facts[g->top->why->reads[i]].type == CRM_T_LIST)
			crm_buf_addf(h, "\t/* '%s', a list, is not in the struct: always unknown */\n",
			             rs->facts[g->top->why->reads[i]].name);
	crm_buf_addf(h, "} %s_in;\n\n", g->pre);
}

static void emit_header(gen *g, const char *guard, const crm_gen_options *opts)
{
	const crm_ruleset *rs = g->rs;
	const decision *d = g->top;
	crm_buf *h = &g->h;
	crm_buf_addf(h, "/* Generated by crmrules compile %d.%d.%d from decision '%s' (%s:%d)",
	             CRM_VERSION_MAJOR, CRM_VERSION_MINOR, CRM_VERSION_PATCH, d->name, d->file,
	             d->line);
	bool any = false;
	for (uint32_t i = 0; i < rs->ndecs; i++)
		if (g->reach[i] && i != (uint32_t)g->top_di) {
			crm_buf_addf(h, "%s%s", any ? ", " : "\n * and the decisions it reads: ", rs->decs[i].name);
			any = true;
		}
	crm_buf_addf(h, ".\n * Do not edit: change the rule files and generate it again. */\n"
	                "#ifndef %s\n#define %s\n\n#include <stdbool.h>\n#include <stddef.h>\n"
	                "#include <stdint.h>\n\n"
	                "/* crm_field, crm_out_field and the error codes: the header alone, no\n"
	                " * library is needed to build or run this code. */\n#include \"crmrules.h\"\n\n",
	             guard, guard);
	if (opts && opts->in_type) {
		/* the host's own struct, its members named by the options */
		if (opts->in_header)
			crm_buf_addf(h, "#include \"%s\"\n\n", opts->in_header);
		crm_buf_addf(h, "/* The facts are read from the host's own struct: a fact it does not\n"
		                " * hold is unknown. */\ntypedef %s %s_in;\n", opts->in_type, g->pre);
		for (uint32_t i = 0; i < g->nfacts; i++) {
			const gfact *f = &g->facts[i];
			crm_buf_addf(h, "/*   '%s' from %s (%s%s%s%s) */\n", rs->facts[f->slot].name,
			             f->member, c_type_of_in(f), f->form == IN_INDEX ? ", an index" : "",
			             f->optional ? ", when " : "", f->optional ? f->present : "");
		}
		crm_buf_addf(h, "\n");
	} else {
		emit_in_struct(g);
	}
	crm_buf_addf(h, "/* The outputs (a string with values as its index among them). */\n"
	                "typedef struct %s_out {\n", g->pre);
	for (uint32_t o = 0; o < d->nouts; o++) {
		const gout *u = &g->outs[o];
		const output_decl *od = &d->outs[o];
		if (u->left_out)
			continue;
		switch (u->form) {
		case OUT_BOOL: crm_buf_addf(h, "\tbool %s;", u->member); break;
		case OUT_NUMBER: crm_buf_addf(h, "\tdouble %s;", u->member); break;
		case OUT_INDEX: crm_buf_addf(h, "\tint32_t %s;", u->member); break;
		case OUT_STRING:
			crm_buf_addf(h, "\tconst char *%s; /* not NUL-terminated */\n\tsize_t %s_len;",
			             u->member, u->member);
			break;
		case OUT_STRING_LIST:
			crm_buf_addf(h, "\tconst char *const *%s; /* NUL-terminated strings */\n\tsize_t %s_count;",
			             u->member, u->member);
			break;
		default: crm_buf_addf(h, "\tint64_t %s;", u->member); break;
		}
		crm_buf_addf(h, " /* '%s': %s", od->name, unit_of(od->result_type ? od->result_type : od->type));
		if (od->values && od->values[0].t == CRM_T_STRING)
			values_comment(h, od->values, od->nvalues);
		crm_buf_addf(h, " */\n");
	}
	crm_buf_addf(h, "} %s_out;\n\n", g->pre);
	crm_buf_addf(h, "/* Decide for one record: 0 with *out written, or the code\n"
	                " * crm_decide_record gives for the same record bound by %s_in_fields\n"
	                " * (CRM_EMISSING, CRM_ENOMATCH, CRM_EINVAL, CRM_ERANGE, CRM_ELIMIT,\n"
	                " * CRM_EOVERFLOW, CRM_ETABLE), *out then untouched. Thread-safe, no\n"
	                " * allocation, no global state. */\n"
	                "int %s_decide(const %s_in *in, %s_out *out);\n\n",
	             g->pre, g->pre, g->pre, g->pre);
	crm_buf_addf(h, "/* The same structs bound to the engine: crm_binding_new(&b, rs,\n"
	                " * %s_in_fields, %s_in_nfields, sizeof(%s_in), &err) and\n"
	                " * crm_out_binding_new for the outputs (strings without values, and\n"
	                " * lists of strings, which this struct holds as the strings themselves,\n"
	                " * are not in it: read them with crm_result_output). */\n"
	                "extern const crm_field %s_in_fields[];\nextern const size_t %s_in_nfields;\n"
	                "extern const crm_out_field %s_out_fields[];\nextern const size_t %s_out_nfields;\n\n",
	             g->pre, g->pre, g->pre, g->pre, g->pre, g->pre, g->pre);
	crm_buf_addf(h, "/* Every member, for code over both structs: X(member, \"name\", form,\n"
	                " * optional, present) with forms BOOL, INT, NUMBER, INDEX, STRING (present:\n"
	                " * the bool member that says it is set, or the member itself when it is\n"
	                " * always set); and X(member, \"name\", form) with BOOL, INT, NUMBER,\n"
	                " * INDEX, STRING, STRING_LIST. */\n#define %s_FACTS(X)", g->PRE);
	for (uint32_t i = 0; i < g->nfacts; i++) {
		const gfact *f = &g->facts[i];
		crm_buf_addf(h, " \\\n\tX(%s, \"%s\", %s, %d, %s)", f->member, rs->facts[f->slot].name,
		             in_form[f->form], f->optional, f->optional ? f->present : f->member);
	}
	crm_buf_addf(h, "\n#define %s_OUTPUTS(X)", g->PRE);
	for (uint32_t o = 0; o < d->nouts; o++)
		if (!g->outs[o].left_out)
			crm_buf_addf(h, " \\\n\tX(%s, \"%s\", %s)", g->outs[o].member,
			             d->outs[o].name, out_form[g->outs[o].form]);
	crm_buf_addf(h, "\n\n#endif\n");
}

/* ---- the .c file ------------------------------------------------------------------ */
/* Fact slot's value, read from its member: crmg_f<slot>(c). */
static void emit_fact_readers(gen *g, crm_buf *b)
{
	for (uint32_t i = 0; i < g->nfacts; i++) {
		const gfact *f = &g->facts[i];
		const fact_decl *fd = &g->rs->facts[f->slot];
		crm_buf_addf(b, "\n/* fact '%s' */\nstatic CRMG_INLINE CRMG_UNUSED crmg_v crmg_f%d(const crmg_ctx *c)\n{\n",
		             fd->name, f->slot);
		if (f->optional)
			crm_buf_addf(b, "\tif (!c->in->%s)\n\t\treturn crmg_unknown;\n", f->present);
		switch (f->form) {
		case IN_BOOL:
			crm_buf_addf(b, "\treturn crmg_int(CRM_T_BOOL, c->in->%s != 0);\n", f->member);
			break;
		case IN_NUMBER:
			crm_buf_addf(b, "\treturn crmg_num((double)c->in->%s);\n", f->member);
			break;
		case IN_INDEX:
			/* the type and flags as constants, for the compiler to fold */
			crm_buf_addf(b, "\tcrmg_v v = {CRM_T_STRING, 0, 1, crmg_fv%d[(size_t)c->in->%s].len,\n"
			                "\t            {.s = crmg_fv%d[(size_t)c->in->%s].u.s}};\n\treturn v;\n",
			             f->slot, f->member, f->slot, f->member);
			break;
		case IN_STRING:
			crm_buf_addf(b, "\tif (!c->in->%s)\n\t\treturn crmg_unknown;\n"
			                "\tcrmg_v v = {CRM_T_STRING, 0, 0, c->len%d, {.s = c->in->%s}};\n"
			                "\treturn v;\n",
			             f->member, f->slot, f->member);
			break;
		default:
			crm_buf_addf(b, "\treturn crmg_int(%u, (int64_t)c->in->%s);\n", fd->type, f->member);
			break;
		}
		crm_buf_addf(b, "}\n");
	}
}

/* The values a member of C type ctype holds. */
static void ctype_limits(uint8_t ctype, int64_t *lo, int64_t *hi)
{
	switch (ctype) {
	case CRM_C_BOOL: *lo = 0, *hi = 1; break;
	case CRM_C_UINT8: *lo = 0, *hi = UINT8_MAX; break;
	case CRM_C_INT: *lo = INT_MIN, *hi = INT_MAX; break;
	case CRM_C_INT32: *lo = INT32_MIN, *hi = INT32_MAX; break;
	default: *lo = INT64_MIN, *hi = INT64_MAX; break;
	}
}

/* The checks crm_facts_set_record makes of one member (crm_facts_store:
 * dates and instants within the years, values:, range:, UTF-8). */
static void emit_fact_check(gen *g, crm_buf *b, const gfact *f)
{
	const fact_decl *fd = &g->rs->facts[f->slot];
	const char *m = f->member;
	const char *ind = f->optional ? "\t\t" : "\t";
	if (f->optional)
		crm_buf_addf(b, "\tif (in->%s) {\n", f->present);
	switch (f->form) {
	case IN_INDEX:
		/* an index past the values, or below 0 in a signed member: one
		 * unsigned comparison, as a host's enum may be of an unsigned type
		 * (where < 0 is a -Wtype-limits warning) */
		if (f->ctype == CRM_C_UINT8 || f->ctype == CRM_C_BOOL)
			crm_buf_addf(b, "%sif ((int64_t)in->%s >= %u)\n%s\treturn CRM_EINVAL;\n", ind, m,
			             fd->nallowed, ind);
		else
			crm_buf_addf(b, "%sif ((uint64_t)(int64_t)in->%s >= %uu)\n%s\treturn CRM_EINVAL;\n",
			             ind, m, fd->nallowed, ind);
		break;
	case IN_STRING:
		crm_buf_addf(b, "%sif (in->%s) {\n%s\tsize_t n_ = strlen(in->%s);\n"
		                "%s\tif (n_ > CRM_LIMIT_STRING)\n%s\t\treturn CRM_ELIMIT;\n"
		                "%s\tif (!crmg_utf8((const unsigned char *)in->%s, n_))\n%s\t\treturn CRM_EINVAL;\n"
		                "%s\tc.len%d = (uint32_t)n_;\n",
		             ind, m, ind, m, ind, ind, ind, m, ind, ind, f->slot);
		if (fd->has_range) {
			crm_buf_addf(b, "%s\tcrmg_v v_ = crmg_f%d(&c);\n", ind, f->slot);
			crm_buf_addf(b, "%s\tif (!crmg_in_fact_range(&v_, &crmg_lo%d, &crmg_hi%d, %u))\n%s\t\treturn CRM_EINVAL;\n",
			             ind, f->slot, f->slot, fd->range_flags, ind);
		}
		crm_buf_addf(b, "%s}\n", ind);
		break;
	default:
		if (fd->type == CRM_T_DATE)
			crm_buf_addf(b, "%sif ((int64_t)in->%s < CRM_DATE_MIN || (int64_t)in->%s > CRM_DATE_MAX)\n%s\treturn CRM_ERANGE;\n",
			             ind, m, m, ind);
		if (fd->type == CRM_T_DATETIME)
			crm_buf_addf(b, "%sif ((int64_t)in->%s < CRM_INSTANT_MIN || (int64_t)in->%s > CRM_INSTANT_MAX)\n%s\treturn CRM_ERANGE;\n",
			             ind, m, m, ind);
		if (fd->allowed || fd->has_range)
			crm_buf_addf(b, "%s{\n%s\tcrmg_v v_ = crmg_f%d(&c);\n", ind, ind, f->slot);
		if (fd->allowed)
			crm_buf_addf(b, "%s\tif (crmg_value_index(v_, crmg_fv%d, %u) < 0)\n%s\t\treturn CRM_EINVAL;\n",
			             ind, f->slot, fd->nallowed, ind);
		if (fd->has_range && f->form == IN_INT && fd->lo.t == fd->type && fd->hi.t == fd->type) {
			/* an integer range: a comparison with each end the member's
			 * C type can pass (one it cannot is left out: compilers warn
			 * of a comparison always false, -Wtype-limits) */
			int64_t tmin, tmax;
			ctype_limits(f->ctype, &tmin, &tmax);
			bool low = (fd->range_flags & 1) ? fd->lo.u.i > tmin : fd->lo.u.i >= tmin;
			bool high = (fd->range_flags & 2) ? fd->hi.u.i < tmax : fd->hi.u.i <= tmax;
			if (low || high)
				crm_buf_addf(b, "%s\tif (", ind);
			if (low) {
				crm_buf_addf(b, "(int64_t)in->%s %s ", m, (fd->range_flags & 1) ? "<" : "<=");
				c_int(b, fd->lo.u.i);
			}
			if (high) {
				crm_buf_addf(b, "%s(int64_t)in->%s %s ", low ? " || " : "", m,
				             (fd->range_flags & 2) ? ">" : ">=");
				c_int(b, fd->hi.u.i);
			}
			if (low || high)
				crm_buf_addf(b, ")\n%s\t\treturn CRM_EINVAL;\n", ind);
		} else if (fd->has_range) {
			crm_buf_addf(b, "%s\tif (!crmg_in_fact_range(&v_, &crmg_lo%d, &crmg_hi%d, %u))\n%s\t\treturn CRM_EINVAL;\n",
			             ind, f->slot, f->slot, fd->range_flags, ind);
		}
		if (fd->allowed || fd->has_range)
			crm_buf_addf(b, "%s\t(void)v_;\n%s}\n", ind, ind);
		break;
	}
	if (f->optional)
		crm_buf_addf(b, "\t}\n");
}

static void emit_value_table(gen *g, crm_buf *b, const char *name, const crm_val *v, uint32_t n)
{
	crm_buf_addf(b, "static const crmg_v %s[%u] CRMG_UNUSED = {", name, n ? n : 1);
	for (uint32_t k = 0; k < n; k++) {
		crm_buf_addf(b, "%s\n\t", k ? "," : "");
		scalar_or_list(g, b, &v[k]);
	}
	if (!n)
		crm_buf_addf(b, "{0, 0, 0, 0, {0}}");
	crm_buf_addf(b, "};\n");
}

static void emit_outputs_write(gen *g, crm_buf *b)
{
	const decision *d = g->top;
	uint32_t di = (uint32_t)g->top_di;
	for (uint32_t o = 0; o < d->nouts; o++) {
		const gout *u = &g->outs[o];
		const char *m = u->member;
		if (u->left_out)
			continue;
		switch (u->form) {
		case OUT_BOOL:
			crm_buf_addf(b, "\tout->%s = c.o%u[%u].u.i != 0;\n", m, di, o);
			break;
		case OUT_NUMBER:
			crm_buf_addf(b, "\tout->%s = c.o%u[%u].u.n;\n", m, di, o);
			break;
		case OUT_INDEX:
			/* a rule's constant carries its index (no branch on which
			 * it is); another value of this file's own is found by its
			 * address */
			crm_buf_addf(b, "\tout->%s = -1;\n\tif ((uint32_t)c.o%u[%u].in - 2u < %uu &&\n"
			                "\t    crmg_ov%u_%u[c.o%u[%u].in - 2].u.s == c.o%u[%u].u.s)\n"
			                "\t\tout->%s = c.o%u[%u].in - 2;\n\telse if (c.o%u[%u].in) {\n",
			             m, di, o, d->outs[o].nvalues, di, o, di, o, di, o, m, di, o, di, o);
			for (uint32_t k = 0; k < d->outs[o].nvalues; k++)
				crm_buf_addf(b, "\t\t%sif (c.o%u[%u].u.s == crmg_s%u)\n\t\t\tout->%s = %u;\n",
				             k ? "else " : "", di, o,
				             intern(g, d->outs[o].values[k].u.s, d->outs[o].values[k].len), m, k);
			crm_buf_addf(b, "\t}\n\tif (out->%s < 0)\n"
			                "\t\tout->%s = crmg_value_index(c.o%u[%u], crmg_ov%u_%u, %u);\n"
			                "\tif (out->%s < 0)\n\t\treturn CRM_EINVAL;\n",
			             m, m, di, o, di, o, d->outs[o].nvalues, m);
			break;
		case OUT_STRING:
			crm_buf_addf(b, "\tout->%s = c.o%u[%u].u.s;\n\tout->%s_len = c.o%u[%u].len;\n", m, di,
			             o, m, di, o);
			break;
		case OUT_STRING_LIST:
			crm_buf_addf(b, "\tout->%s = crmg_strings(c.o%u[%u].u.l);\n\tout->%s_count = c.o%u[%u].len;\n",
			             m, di, o, m, di, o);
			break;
		default:
			crm_buf_addf(b, "\tout->%s = c.o%u[%u].u.i;\n", m, di, o);
			break;
		}
	}
}

static void emit_fields(gen *g, crm_buf *b)
{
	const decision *d = g->top;
	bool any_optional = false;
	for (uint32_t i = 0; i < g->nfacts; i++)
		any_optional = any_optional || g->facts[i].optional;
	if (any_optional) {
		/* a host's present flag may be an int: the binding is told so */
		crm_buf_addf(b, "\n/* A present flag: a bool or a byte, or an int (CRM_FIELD_PRESENT_INT). */\n"
		                "#define %s_PRESENT(m) (sizeof(((%s_in *)0)->m) == 1 ? 0u : "
		                "CRM_FIELD_PRESENT_INT)\n", g->PRE, g->pre);
		for (uint32_t i = 0; i < g->nfacts; i++)
			if (g->facts[i].optional)
				crm_buf_addf(b, "_Static_assert(sizeof(((%s_in *)0)->%s) == 1 || "
				                "sizeof(((%s_in *)0)->%s) == sizeof(int),\n"
				                "               \"the present flag %s is a bool, a byte or an "
				                "int\");\n",
				             g->pre, g->facts[i].present, g->pre, g->facts[i].present,
				             g->facts[i].present);
	}
	crm_buf_addf(b, "\nconst crm_field %s_in_fields[] = {\n", g->pre);
	for (uint32_t i = 0; i < g->nfacts; i++) {
		const gfact *f = &g->facts[i];
		const fact_decl *fd = &g->rs->facts[f->slot];
		crm_buf_addf(b, "\t{\"%s\", offsetof(%s_in, %s), %s, %s", fd->name, g->pre, f->member,
		             ctype_of_in(f),
		             f->form == IN_INDEX ? (f->optional ? "CRM_FIELD_INDEX | CRM_FIELD_OPTIONAL"
		                                                : "CRM_FIELD_INDEX")
		                                 : (f->optional ? "CRM_FIELD_OPTIONAL" : "0"));
		crm_buf_addf(b, f->optional ? " | %s_PRESENT(%s), " : ", ", g->PRE, f->present);
		if (f->optional)
			crm_buf_addf(b, "offsetof(%s_in, %s)},\n", g->pre, f->present);
		else
			crm_buf_addf(b, "0},\n");
	}
	if (!g->nfacts)
		crm_buf_addf(b, "\t{0, 0, (crm_ctype)0, 0, 0},\n");
	crm_buf_addf(b, "};\nconst size_t %s_in_nfields = %u;\n\nconst crm_out_field %s_out_fields[] = {\n",
	             g->pre, g->nfacts, g->pre);
	uint32_t n = 0;
	for (uint32_t o = 0; o < d->nouts; o++) {
		const gout *u = &g->outs[o];
		const char *nm = d->outs[o].name;
		if (u->left_out)
			continue;
		switch (u->form) {
		case OUT_BOOL:
			crm_buf_addf(b, "\t{\"%s\", offsetof(%s_out, %s), CRM_C_BOOL, 0, 0, 0},\n", nm, g->pre, u->member);
			break;
		case OUT_NUMBER:
			crm_buf_addf(b, "\t{\"%s\", offsetof(%s_out, %s), CRM_C_DOUBLE, 0, 0, 0},\n", nm, g->pre, u->member);
			break;
		case OUT_INDEX:
			crm_buf_addf(b, "\t{\"%s\", offsetof(%s_out, %s), CRM_C_INT32, CRM_FIELD_INDEX, 0, 0},\n", nm,
			             g->pre, u->member);
			break;
		case OUT_INT:
			crm_buf_addf(b, "\t{\"%s\", offsetof(%s_out, %s), CRM_C_INT64, 0, 0, 0},\n", nm, g->pre, u->member);
			break;
		default:
			continue; /* strings without values: not bindable */
		}
		n++;
	}
	if (!n)
		crm_buf_addf(b, "\t{0, 0, (crm_ctype)0, 0, 0, 0},\n");
	crm_buf_addf(b, "};\nconst size_t %s_out_nfields = %u;\n", g->pre, n);
}

/* Everything the functions refer to, then the functions. */
static void emit_c(gen *g, const char *header)
{
	const crm_ruleset *rs = g->rs;
	crm_buf *b = &g->c;
	crm_buf_addf(b, "/* Generated by crmrules compile: decision '%s'. Do not edit. */\n"
	                "#include \"%s\"\n\n",
	             g->top->name, header);
	crm_buf_add(b, runtime, sizeof runtime - 1);
	if (g->uses_math)
		crm_buf_add(b, runtime_math, sizeof runtime_math - 1);
	if (g->uses_fns)
		crm_buf_add(b, runtime_fns, sizeof runtime_fns - 1);
	crm_buf_add(b, "\n", 1);
	/* the facts' values (interned first: every string is known by now
	 * except these) and ranges */
	char name[64];
	for (uint32_t i = 0; i < g->nfacts; i++) {
		const fact_decl *fd = &rs->facts[g->facts[i].slot];
		if (fd->allowed)
			for (uint32_t k = 0; k < fd->nallowed; k++)
				if (fd->allowed[k].t == CRM_T_STRING)
					(void)intern(g, fd->allowed[k].u.s, fd->allowed[k].len);
		if (fd->has_range) {
			if (fd->lo.t == CRM_T_STRING)
				(void)intern(g, fd->lo.u.s, fd->lo.len);
			if (fd->hi.t == CRM_T_STRING)
				(void)intern(g, fd->hi.u.s, fd->hi.len);
		}
	}
	for (uint32_t i = 0; i < g->nstrs; i++) {
		crm_buf_addf(b, "static const char crmg_s%u[] CRMG_UNUSED = ", i);
		c_string(b, g->strs[i].s, g->strs[i].len);
		crm_buf_addf(b, ";\n");
	}
	g->nstrs_written = g->nstrs;
	/* lists: crmg_v items, and for lists of strings their C strings */
	crm_buf lb;
	crm_buf_init(&lb, &rs->al);
	for (uint32_t i = 0; i < g->nlists; i++) { /* may grow while written: no nesting */
		snprintf(name, sizeof name, "crmg_l%u", i);
		emit_value_table(g, &lb, name, g->lists[i]->u.l, g->lists[i]->len);
	}
	crm_buf_addf(b, "%.*s", (int)lb.len, lb.ptr ? lb.ptr : "");
	crm_buf_free(&lb);
	crm_buf_addf(b, "/* a list of strings as the C strings of its items */\n"
	                "static CRMG_UNUSED const char *const *crmg_strings(const crmg_v *l)\n{\n\t(void)l;\n");
	for (uint32_t i = 0; i < g->nlists; i++) {
		const crm_val *l = g->lists[i];
		if (l->len && l->u.l[0].t != CRM_T_STRING)
			continue;
		crm_buf_addf(b, "\tstatic const char *const ls%u[%u] = {", i, l->len ? l->len : 1);
		for (uint32_t k = 0; k < l->len; k++)
			crm_buf_addf(b, "%scrmg_s%u", k ? ", " : "", intern(g, l->u.l[k].u.s, l->u.l[k].len));
		crm_buf_addf(b, "%s};\n\tif (l == crmg_l%u)\n\t\treturn ls%u;\n", l->len ? "" : "0", i, i);
	}
	crm_buf_addf(b, "\treturn 0;\n}\n");
	for (uint32_t k = 0; k < rs->pools.nconsts; k++)
		if (g->used_const[k]) {
			crm_buf_addf(b, "static const crmg_v crmg_k%u CRMG_UNUSED = ", k);
			scalar_or_list(g, b, &rs->pools.consts[k]);
			crm_buf_addf(b, ";\n");
		}
	for (uint32_t k = 0; k < rs->pools.nenums; k++)
		if (g->used_enum[k]) {
			snprintf(name, sizeof name, "crmg_e%u", k);
			emit_value_table(g, b, name, rs->pools.enums[k].values, rs->pools.enums[k].n);
		}
	for (uint32_t i = 0; i < g->nfacts; i++) {
		const fact_decl *fd = &rs->facts[g->facts[i].slot];
		if (fd->allowed) {
			snprintf(name, sizeof name, "crmg_fv%d", g->facts[i].slot);
			emit_value_table(g, b, name, fd->allowed, fd->nallowed);
		}
		if (fd->has_range) {
			crm_buf_addf(b, "static const crmg_v crmg_lo%d CRMG_UNUSED = ", g->facts[i].slot);
			scalar_init(g, b, &fd->lo);
			crm_buf_addf(b, ";\nstatic const crmg_v crmg_hi%d CRMG_UNUSED = ", g->facts[i].slot);
			scalar_init(g, b, &fd->hi);
			crm_buf_addf(b, ";\n");
		}
	}
	for (uint32_t di = 0; di < rs->ndecs; di++)
		for (uint32_t o = 0; g->reach[di] && o < rs->decs[di].nouts; o++)
			if (rs->decs[di].outs[o].values) {
				snprintf(name, sizeof name, "crmg_ov%u_%u", di, o);
				emit_value_table(g, b, name, rs->decs[di].outs[o].values,
				                 rs->decs[di].outs[o].nvalues);
			}
	crm_buf_addf(b, "/* a fact's range: (flags bit 0 lo closed, bit 1 hi closed; NaN never) */\n"
	                "static CRMG_UNUSED int crmg_in_fact_range(const crmg_v *v, const crmg_v *lo, const crmg_v *hi, unsigned flags)\n"
	                "{\n\tint l = crmg_cmpv(v, lo), h = crmg_cmpv(v, hi);\n"
	                "\tif (v->t == CRM_T_NUMBER && v->u.n != v->u.n)\n\t\treturn 0;\n"
	                "\treturn ((flags & 1) ? l >= 0 : l > 0) && ((flags & 2) ? h <= 0 : h < 0);\n}\n");
	/* the context: the record, and per decision reached its state and outputs */
	crm_buf_addf(b, "\ntypedef struct crmg_ctx {\n\tconst %s_in *in;\n", g->pre);
	for (uint32_t di = 0; di < rs->ndecs; di++)
		if (g->reach[di])
			crm_buf_addf(b, "\tint done%u, rc%u;\n\tcrmg_v o%u[%u];\n", di, di, di,
			             rs->decs[di].nouts ? rs->decs[di].nouts : 1);
	for (uint32_t i = 0; i < g->nfacts; i++)
		if (g->facts[i].form == IN_STRING)
			crm_buf_addf(b, "\tuint32_t len%d;\n", g->facts[i].slot);
	crm_buf_addf(b, "} crmg_ctx;\n");
	emit_fact_readers(g, b);
	for (uint32_t di = 0; di < rs->ndecs; di++)
		if (g->reach[di])
			crm_buf_addf(b, "static int crmg_d%u(crmg_ctx *c);\n", di);
	crm_buf_addf(b, "%.*s", (int)g->body.len, g->body.ptr ? g->body.ptr : "");
	/* the entry */
	crm_buf_addf(b, "\nint %s_decide(const %s_in *in, %s_out *out)\n{\n\tcrmg_ctx c;\n\tc.in = in;\n",
	             g->pre, g->pre, g->pre);
	for (uint32_t di = 0; di < rs->ndecs; di++)
		if (g->reach[di])
			crm_buf_addf(b, "\tc.done%u = 0;\n", di);
	for (uint32_t i = 0; i < g->nfacts; i++)
		if (g->facts[i].form == IN_STRING)
			crm_buf_addf(b, "\tc.len%d = 0;\n", g->facts[i].slot);
	crm_buf_addf(b, "\t/* the members, checked as crm_facts_set_record checks them, in its order */\n");
	for (uint32_t i = 0; i < g->nfacts; i++)
		emit_fact_check(g, b, &g->facts[g->order[i]]);
	crm_buf_addf(b, "\tCRMG_TRY(crmg_d%d(&c));\n", g->top_di);
	emit_outputs_write(g, b);
	crm_buf_addf(b, "\treturn 0;\n}\n");
	emit_fields(g, b);
}

/* ---- the entry ---------------------------------------------------------------------- */
/* Mark the decisions di reads, and itself; the longest chain from it. */
static uint32_t reach(gen *g, uint32_t di)
{
	const decision *d = &g->rs->decs[di];
	uint32_t longest = 0;
	g->reach[di] = 1;
	for (uint32_t k = 0; k < d->ndeps; k++) {
		uint32_t n = reach(g, (uint32_t)d->deps[k]);
		longest = n > longest ? n : longest;
	}
	return longest + 1;
}

/* The order crm_facts_set_record checks the members in: a binding of the
 * same members, with offsets of its own (the order does not depend on
 * them). Its crm_binding_new also proves the structs bindable. */
static int check_order(gen *g)
{
	const crm_ruleset *rs = g->rs;
	crm_field *fl = crm_calloc(&rs->al, g->nfacts + 1, sizeof *fl);
	g->order = crm_calloc(&rs->al, g->nfacts + 1, sizeof *g->order);
	if (!fl || !g->order) {
		crm_free(&rs->al, fl);
		return g->rc = crm_err_set(g->err, CRM_ENOMEM, "out of memory");
	}
	for (uint32_t i = 0; i < g->nfacts; i++) {
		const gfact *f = &g->facts[i];
		const fact_decl *fd = &rs->facts[f->slot];
		fl[i] = (crm_field){fd->name, (size_t)i * 16, (crm_ctype)f->ctype, 0, (size_t)i * 16 + 8};
		if (f->form == IN_INDEX)
			fl[i].flags |= CRM_FIELD_INDEX;
		if (f->optional)
			fl[i].flags |= CRM_FIELD_OPTIONAL;
	}
	crm_binding *b;
	int rc = crm_binding_new(&b, rs, fl, g->nfacts, (size_t)g->nfacts * 16 + 16, g->err);
	crm_free(&rs->al, fl);
	if (rc)
		return g->rc = rc;
	for (uint32_t i = 0; i < g->nfacts; i++) {
		int slot = crm_binding_slot(b, i);
		for (uint32_t k = 0; k < g->nfacts; k++)
			if (g->facts[k].slot == slot)
				g->order[i] = k;
	}
	crm_binding_free(b);
	return 0;
}

static bool emit_all(crm_write_fn w, void *ud, const crm_buf *b, crm_error *err, int *rc)
{
	if (b->failed)
		*rc = crm_err_set(err, CRM_ENOMEM, "out of memory");
	else if (w(ud, b->ptr ? b->ptr : "", b->len))
		*rc = crm_err_set(err, CRM_EIO, "the writer stopped");
	return !*rc;
}

int crm_generate_c(const crm_ruleset *rs, int decision_index, const crm_gen_options *opts,
                   crm_write_fn write_c, void *c_ud, crm_write_fn write_h, void *h_ud,
                   crm_error *err)
{
	if (!rs || !write_c || !write_h)
		return crm_err_set(err, CRM_EINVAL, "ruleset and writers must not be NULL");
	if (opts && (opts->version < 1 || opts->version > CRM_GEN_OPTIONS_VERSION))
		return crm_err_set(err, CRM_EINVAL, "unsupported crm_gen_options version %u",
		                   opts->version);
	if (decision_index < 0 || (uint32_t)decision_index >= rs->ndecs)
		return crm_err_set(err, CRM_EUNKNOWN, "no decision %d", decision_index);
	gen g;
	memset(&g, 0, sizeof g);
	g.rs = rs;
	g.top_di = decision_index;
	g.top = &rs->decs[decision_index];
	g.err = err;
	const char *pre = opts && opts->prefix ? opts->prefix : g.top->name;
	ident(g.pre, sizeof g.pre, pre);
	for (size_t i = 0; g.pre[i]; i++)
		g.PRE[i] = (char)(g.pre[i] >= 'a' && g.pre[i] <= 'z' ? g.pre[i] - 'a' + 'A' : g.pre[i]);
	crm_buf_init(&g.h, &rs->al);
	crm_buf_init(&g.c, &rs->al);
	crm_buf_init(&g.body, &rs->al);
	g.bound = crm_calloc(&rs->al, rs->nfacts + 1, 1);
	g.reach = crm_calloc(&rs->al, rs->ndecs + 1, 1);
	g.used_const = crm_calloc(&rs->al, rs->pools.nconsts + 1, 1);
	g.used_enum = crm_calloc(&rs->al, rs->pools.nenums + 1, 1);
	if (!g.bound || !g.reach || !g.used_const || !g.used_enum)
		g.rc = crm_err_set(err, CRM_ENOMEM, "out of memory");
	if (!g.rc && reach(&g, (uint32_t)decision_index) > CRM_LIMIT_DECISION_DEPTH) {
		where_rule(&g, g.top, NULL);
		refuse(&g, "decisions chained deeper than %d", CRM_LIMIT_DECISION_DEPTH);
	}
	if (!g.rc && opts && opts->in_type && (opts->facts || !opts->members))
		g.rc = crm_err_set(err, CRM_EINVAL, "a host struct (in_type) is read through members, "
		                   "not facts");
	if (!g.rc && opts && opts->members && !opts->in_type)
		g.rc = crm_err_set(err, CRM_EINVAL, "members need the host struct's type (in_type)");
	if (!g.rc && opts && opts->in_type)
		(void)host_facts(&g, opts);
	else if (!g.rc)
		(void)choose_facts(&g, opts);
	if (!g.rc)
		(void)check_order(&g);
	if (!g.rc)
		choose_outputs(&g, opts);
	for (uint32_t di = 0; di < rs->ndecs && !g.rc; di++)
		if (g.reach[di])
			emit_decision(&g, di);
	char header[300], guard[80];
	if (opts && opts->header)
		snprintf(header, sizeof header, "%s", opts->header);
	else
		snprintf(header, sizeof header, "%s.h", g.pre);
	snprintf(guard, sizeof guard, "%s_GENERATED_H", g.PRE);
	if (!g.rc) {
		emit_header(&g, guard, opts);
		emit_c(&g, header);
		/* every string was interned before the table was written */
		if (!g.rc && g.nstrs != g.nstrs_written)
			g.rc = crm_err_set(err, CRM_EINVAL, "internal error: a string interned late");
	}
	int rc = g.rc;
	if (!rc && emit_all(write_h, h_ud, &g.h, err, &rc))
		(void)emit_all(write_c, c_ud, &g.c, err, &rc);
	crm_buf_free(&g.h);
	crm_buf_free(&g.c);
	crm_buf_free(&g.body);
	crm_free(&rs->al, g.bound);
	crm_free(&rs->al, g.reach);
	crm_free(&rs->al, g.used_const);
	crm_free(&rs->al, g.used_enum);
	crm_free(&rs->al, g.facts);
	crm_free(&rs->al, g.outs);
	crm_free(&rs->al, g.order);
	crm_free(&rs->al, g.strs);
	crm_free(&rs->al, (void *)g.lists);
	return rc;
}
