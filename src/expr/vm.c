/* SPDX-License-Identifier: MIT */
/* vm.c - the evaluator: runs stack code with three-valued logic, never allocates. */
#include <math.h>
#include <string.h>

#include "../time/civil.h"
#include "expr.h"
#include "opcodes.h"

char *crm_vm_scratch(crm_vm *vm, uint32_t n)
{
	if (vm->scratch_cap - vm->scratch_len < n)
		return NULL;
	char *p = vm->scratch + vm->scratch_len;
	vm->scratch_len += n;
	return p;
}

char *crm_vm_scratch_rest(crm_vm *vm, uint32_t *avail)
{
	*avail = vm->scratch_cap - vm->scratch_len;
	return vm->scratch + vm->scratch_len;
}

void crm_vm_scratch_keep(crm_vm *vm, uint32_t n)
{
	vm->scratch_len += n;
}

static int err(crm_vm *vm, int code, const char *msg)
{
	return crm_diag_set(vm->diag, code, 0, "%s", msg);
}

/* A date moved by days or an instant by seconds (a->t says which): past
 * the years (crmrules.h) is an overflow, as for an int. */
static int shift_time(crm_vm *vm, crm_val *a, int64_t by, bool sub)
{
	int64_t r;
	bool date = a->t == CRM_T_DATE;
	if ((sub ? crm_sub_ovf(a->u.i, by, &r) : crm_add_ovf(a->u.i, by, &r)) ||
	    !(date ? crm_date_ok(r) : crm_instant_ok(r)))
		return crm_diag_set(vm->diag, CRM_EOVERFLOW, 0, "%s arithmetic leaves the %s %s",
		                    date ? "date" : "instant", date ? "dates" : "instants",
		                    date ? CRM_DATES_TEXT : CRM_INSTANTS_TEXT);
	a->u.i = r;
	return 0;
}

/* min() (or max()) of n integer-valued arguments of one type, into
 * args[0], with no branch on the values: an unknown argument is noted, the
 * extreme kept by a select. */
static CRM_ALWAYS_INLINE void extreme_i(crm_val *args, uint32_t n, bool max)
{
	int64_t best = args[0].u.i;
	bool known = args[0].t != CRM_T_UNKNOWN;
	for (uint32_t i = 1; i < n; i++) {
		int64_t x = args[i].u.i;
		known &= args[i].t != CRM_T_UNKNOWN;
		best = (max ? x > best : x < best) ? x : best;
	}
	args[0].u.i = best;
	if (!known)
		args[0] = crm_val_unknown();
}

/* Fact slot was read while unknown: noted, where the caller asks. */
static inline void note_unknown(crm_vm *vm, uint32_t slot)
{
	if (vm->unknown_read)
		vm->unknown_read[slot >> 3] |= (uint8_t)(1u << (slot & 7));
}

/* min() (or max()) of the n facts at slots, as LOAD of each then MIN_I
 * (MAX_I) n: each unknown one noted. */
static CRM_ALWAYS_INLINE crm_val extreme_f(crm_vm *vm, const uint32_t *slots, uint32_t n, bool max)
{
	crm_val r = vm->facts[slots[0]];
	bool known = r.t != CRM_T_UNKNOWN;
	for (uint32_t i = 1; i < n; i++) {
		const crm_val *x = &vm->facts[slots[i]];
		known &= x->t != CRM_T_UNKNOWN;
		r.u.i = (max ? x->u.i > r.u.i : x->u.i < r.u.i) ? x->u.i : r.u.i;
	}
	if (known)
		return r;
	for (uint32_t i = 0; i < n; i++)
		if (!vm->facts[slots[i]].t)
			note_unknown(vm, slots[i]);
	return crm_val_unknown();
}

int crm_vm_run(crm_vm *vm, const crm_program *prog, crm_val *out)
{
	const uint32_t *code = prog->run;
	crm_val *st = vm->stack;
	int sp = -1; /* index of the top */
	uint32_t pc = 0;
	int rc;

	if (prog->max_stack > vm->stack_cap)
		return err(vm, CRM_ELIMIT, "evaluation stack too small");

#define TOP st[sp]
#define UNDER st[sp - 1]
/* Binary operation on known operands; an unknown operand makes the result
 * unknown. */
#define BINARY(body)                                       \
	do {                                                   \
		crm_val *a = &UNDER, *b = &TOP;                    \
		sp--;                                              \
		if (!a->t || !b->t) {                              \
			*a = crm_val_unknown();                        \
			break;                                         \
		}                                                  \
		body                                               \
	} while (0)

	for (;;) {
		uint32_t op = code[pc++];
		switch (op) {
		case OP_CONST:
			st[++sp] = vm->consts[code[pc++]];
			break;
		case OP_LOAD: {
			uint32_t slot = code[pc++];
			st[++sp] = vm->facts[slot];
			if (!st[sp].t)
				note_unknown(vm, slot);
			break;
		}
		case OP_LOADQ:
			/* known(fact): an unknown fact is the answer, not a fact missing */
			st[++sp] = vm->facts[code[pc++]];
			break;
		case OP_INPUT:
			st[++sp] = vm->inputs[code[pc++]];
			break;
		case OP_OUTPUT: {
			int d = (int)code[pc], o = (int)code[pc + 1];
			pc += 2;
			if (!vm->output)
				return err(vm, CRM_EINVAL, "decision outputs are not available here");
			/* the chained decision runs on the stack above ours */
			crm_val v;
			uint32_t used = (uint32_t)(sp + 1);
			vm->stack += used;
			vm->stack_cap -= used;
			rc = vm->output(vm, d, o, &v);
			vm->stack -= used;
			vm->stack_cap += used;
			if (rc)
				return rc;
			st[++sp] = v;
			break;
		}
		case OP_JMP:
			pc = code[pc];
			break;
		case OP_JIF: {
			crm_val c = st[sp--];
			if (!c.t) {
				st[++sp] = crm_val_unknown();
				pc = code[pc + 1];
			} else if (!c.u.i) {
				pc = code[pc];
			} else {
				pc += 2;
			}
			break;
		}
		case OP_ANDJ:
			if (TOP.t && !TOP.u.i)
				pc = code[pc];
			else
				pc++;
			break;
		case OP_ORJ:
			if (TOP.t && TOP.u.i)
				pc = code[pc];
			else
				pc++;
			break;
		case OP_AND: {
			/* the left side is true or unknown here */
			crm_val b = st[sp--];
			if (b.t && !b.u.i)
				TOP = b;
			else if (!b.t)
				TOP = crm_val_unknown();
			break;
		}
		case OP_OR: {
			crm_val b = st[sp--];
			if (b.t && b.u.i)
				TOP = b;
			else if (!b.t)
				TOP = crm_val_unknown();
			break;
		}
		case OP_NOT:
			if (TOP.t)
				TOP.u.i = !TOP.u.i;
			break;
		case OP_NEG_I:
			if (TOP.t) {
				if (TOP.u.i == INT64_MIN)
					return err(vm, CRM_EOVERFLOW, "negation overflows");
				TOP.u.i = -TOP.u.i;
			}
			break;
		case OP_NEG_N:
			if (TOP.t)
				TOP.u.n = -TOP.u.n;
			break;
		case OP_ADD_I:
			BINARY(if (crm_add_ovf(a->u.i, b->u.i, &a->u.i)) return err(vm, CRM_EOVERFLOW, "addition overflows"););
			break;
		case OP_SUB_I:
			BINARY(if (crm_sub_ovf(a->u.i, b->u.i, &a->u.i)) return err(vm, CRM_EOVERFLOW, "subtraction overflows"););
			break;
		case OP_MUL_I:
		case OP_MUL_MI:
			BINARY(if (crm_mul_ovf(a->u.i, b->u.i, &a->u.i)) return err(vm, CRM_EOVERFLOW, "multiplication overflows"););
			break;
		case OP_MOD_I:
			BINARY(if (b->u.i == 0) return err(vm, CRM_EOVERFLOW, "remainder of division by zero");
			       a->u.i = b->u.i == -1 ? 0 : a->u.i % b->u.i;);
			break;
		case OP_ADD_N:
			BINARY(a->u.n += b->u.n;
			       if (!isfinite(a->u.n)) return err(vm, CRM_EOVERFLOW, "number addition overflows"););
			break;
		case OP_SUB_N:
			BINARY(a->u.n -= b->u.n;
			       if (!isfinite(a->u.n)) return err(vm, CRM_EOVERFLOW, "number subtraction overflows"););
			break;
		case OP_MUL_N:
			BINARY(a->u.n *= b->u.n;
			       if (!isfinite(a->u.n)) return err(vm, CRM_EOVERFLOW, "number multiplication overflows"););
			break;
		case OP_DIV_N:
			BINARY(if (b->u.n == 0) return err(vm, CRM_EOVERFLOW, "division by zero");
			       a->u.n /= b->u.n;
			       if (!isfinite(a->u.n)) return err(vm, CRM_EOVERFLOW, "number division overflows"););
			break;
		case OP_MUL_MD: {
			uint32_t k = code[pc++];
			if (TOP.t && crm_money_mul_decimal(&TOP.u.i, TOP.u.i, vm->decs[k]))
				return err(vm, CRM_EOVERFLOW, "money multiplication overflows");
			break;
		}
		case OP_DIV_MI:
			BINARY(if (b->u.i == 0) return err(vm, CRM_EOVERFLOW, "division by zero");
			       if (a->u.i == INT64_MIN && b->u.i == -1) return err(vm, CRM_EOVERFLOW, "division overflows");
			       a->u.i = crm_div_round(a->u.i, b->u.i););
			break;
		case OP_DIV_MM:
			BINARY(if (b->u.i == 0) return err(vm, CRM_EOVERFLOW, "division by zero");
			       *a = crm_val_num((double)a->u.i / (double)b->u.i););
			break;
		case OP_ADD_T:
		case OP_SUB_T:
			BINARY(if ((rc = shift_time(vm, a, b->u.i, op == OP_SUB_T))) return rc;);
			break;
		case OP_ADD_S:
			BINARY({
				uint64_t n = (uint64_t)a->len + b->len;
				char *s = n <= UINT32_MAX ? crm_vm_scratch(vm, (uint32_t)n) : NULL;
				if (!s && n)
					return err(vm, CRM_ELIMIT, "string scratch exhausted");
				if (a->len)
					memcpy(s, a->u.s, a->len);
				if (b->len)
					memcpy(s + a->len, b->u.s, b->len);
				a->u.s = s;
				a->len = (uint32_t)n;
			});
			break;
		case OP_I2N:
			if (TOP.t)
				TOP = crm_val_num((double)TOP.u.i);
			break;
		case OP_I2M:
			if (TOP.t) {
				if (crm_mul_ovf(TOP.u.i, CRM_MONEY_UNIT, &TOP.u.i))
					return err(vm, CRM_EOVERFLOW, "money amount out of range");
				TOP.t = CRM_T_MONEY;
			}
			break;
		case OP_I2DUR: {
			int64_t unit = code[pc++];
			if (TOP.t) {
				if (crm_mul_ovf(TOP.u.i, unit, &TOP.u.i))
					return err(vm, CRM_EOVERFLOW, "duration out of range");
				TOP.t = CRM_T_DURATION;
			}
			break;
		}
		case OP_D2DUR:
			if (TOP.t) {
				if (crm_mul_ovf(TOP.u.i, 86400, &TOP.u.i))
					return err(vm, CRM_EOVERFLOW, "duration out of range");
				TOP.t = CRM_T_DURATION;
			}
			break;
		case OP_DUR2D:
			if (TOP.t) {
				/* whole days, rounding toward minus infinity */
				int64_t q = TOP.u.i / 86400;
				if (TOP.u.i % 86400 && TOP.u.i < 0)
					q--;
				TOP = crm_val_int(CRM_T_INT, q);
			}
			break;
		case OP_CMP: {
			uint32_t rel = code[pc++];
			BINARY({
				bool r;
				if (a->t == CRM_T_NUMBER && (a->u.n != a->u.n || b->u.n != b->u.n))
					r = rel == 1; /* NaN compares unequal to everything */
				else
					/* only the sign of crm_val_cmp: two strings compare as
					 * memcmp does, which may return any magnitude */
					r = crm_rel_holds(rel, crm_val_cmp(a, b));
				*a = crm_val_int(CRM_T_BOOL, r);
			});
			break;
		}
		case OP_IN_RANGE: {
			uint32_t flags = code[pc++];
			crm_val hi = st[sp--], lo = st[sp--];
			crm_val *x = &TOP;
			if (!x->t || !lo.t || !hi.t) {
				*x = crm_val_unknown();
				break;
			}
			int cl = crm_val_cmp(x, &lo), ch = crm_val_cmp(x, &hi);
			bool in = ((flags & 1) ? cl >= 0 : cl > 0) && ((flags & 2) ? ch <= 0 : ch < 0);
			*x = crm_val_int(CRM_T_BOOL, in);
			break;
		}
		case OP_IN_LIST:
			BINARY({
				bool in = false;
				for (uint32_t i = 0; i < b->len && !in; i++)
					in = crm_val_equal(a, &b->u.l[i]);
				*a = crm_val_int(CRM_T_BOOL, in);
			});
			break;
		case OP_MKLIST: {
			uint32_t n = code[pc], elem = code[pc + 1];
			pc += 2;
			crm_val *items = st + sp + 1 - n;
			bool known = true;
			for (uint32_t i = 0; i < n; i++)
				known = known && items[i].t;
			sp -= (int)n;
			crm_val v = crm_val_unknown();
			if (known) {
				if (vm->lists_cap - vm->lists_len < n)
					return err(vm, CRM_ELIMIT, "list scratch exhausted");
				crm_val *dst = vm->lists + vm->lists_len;
				memmove(dst, items, n * sizeof *dst);
				vm->lists_len += n;
				v.t = CRM_T_LIST;
				v.elem = (uint8_t)elem;
				v.len = n;
				v.u.l = dst;
			}
			st[++sp] = v;
			break;
		}
		case OP_MATCH: {
			uint32_t k = code[pc++];
			if (!TOP.t)
				break;
			rc = crm_regex_match(vm->regexes[k], vm->rx, TOP.u.s, TOP.len);
			if (rc < 0)
				return err(vm, CRM_ELIMIT,
				           "regular expression hit its match limit (pattern too costly for this text)");
			TOP = crm_val_int(CRM_T_BOOL, rc);
			break;
		}
		case OP_CALL: {
			uint32_t fn = code[pc], n = code[pc + 1];
			pc += 2;
			crm_val *args = st + sp + 1 - n;
			bool known = true;
			for (uint32_t i = 0; i < n; i++)
				known = known && args[i].t;
			sp -= (int)n;
			crm_val v = crm_val_unknown();
			if (known && (rc = crm_fn_call(vm, (int)fn, args, n, &v)))
				return rc;
			st[++sp] = v;
			break;
		}
		case OP_MIN_I:
		case OP_MAX_I: {
			uint32_t n = code[pc++];
			crm_val *args = st + sp + 1 - n;
			if (op == OP_MIN_I)
				extreme_i(args, n, false);
			else
				extreme_i(args, n, true);
			sp -= (int)n - 1;
			break;
		}
		case OP_RANK: {
			const crm_enum *e = &vm->enums[code[pc++]];
			if (!TOP.t)
				break;
			uint32_t i = 0;
			while (i < e->n && !crm_val_equal(&TOP, &e->values[i]))
				i++;
			if (i == e->n)
				return crm_diag_set(vm->diag, CRM_EINVAL, 0,
				                    "\"%.*s\" is not a value of its ordered type",
				                    (int)(TOP.len > 60 ? 60 : TOP.len), TOP.u.s);
			TOP = crm_val_int(CRM_T_INT, i);
			break;
		}
		case OP_RETAG: {
			uint32_t t = code[pc++];
			if (TOP.t)
				TOP.t = (uint8_t)t;
			break;
		}
		case OP_KNOWN:
			TOP = crm_val_int(CRM_T_BOOL, TOP.t != CRM_T_UNKNOWN);
			break;
		case OP_RET:
			*out = st[sp];
			return 0;
		case OP_JUNK:
			pc = vm->facts[code[pc]].t ? pc + 2 : code[pc + 1];
			break;
		case OP_MIN_F:
		case OP_MAX_F: {
			uint32_t n = code[pc];
			st[++sp] = op == OP_MIN_F ? extreme_f(vm, code + pc + 1, n, false)
			                          : extreme_f(vm, code + pc + 1, n, true);
			pc += 1 + n;
			break;
		}
		case OP_RET_F: {
			uint32_t slot = code[pc];
			*out = vm->facts[slot];
			if (!out->t)
				note_unknown(vm, slot);
			return 0;
		}
		default:
			return err(vm, CRM_EINVAL, "bad instruction");
		}
	}
#undef BINARY
#undef TOP
#undef UNDER
}
