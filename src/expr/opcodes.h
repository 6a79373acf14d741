/* SPDX-License-Identifier: MIT */
/* opcodes.h - the evaluator's instruction set, one X-macro table.
 * X(name, operand words, stack effect) ; a stack effect of 99 means "computed
 * from the operand" (MKLIST, CALL). */
#ifndef CRM_OPCODES_H
#define CRM_OPCODES_H

#include <stdint.h>

#define CRM_OPCODES(X)                                                         \
	X(CONST, 1, 1)      /* push consts[k] */                                  \
	X(LOAD, 1, 1)       /* push facts[slot]; notes unknown facts */           \
	X(LOADQ, 1, 1)      /* push facts[slot] for known(): unknown is no gap */ \
	X(INPUT, 1, 1)      /* push the table input i */                          \
	X(OUTPUT, 2, 1)     /* push output o of decision d (evaluated on demand) */ \
	X(JMP, 1, 0)        /* jump */                                            \
	X(JIF, 2, -1)       /* pop cond; false: jump a; unknown: push unknown, jump b */ \
	X(ANDJ, 1, 0)       /* top known false: jump (keeping it) */              \
	X(ORJ, 1, 0)        /* top known true: jump (keeping it) */               \
	X(AND, 0, -1)       /* three-valued and */                                \
	X(OR, 0, -1)        /* three-valued or */                                 \
	X(NOT, 0, 0)                                                              \
	X(NEG_I, 0, 0)                                                            \
	X(NEG_N, 0, 0)                                                            \
	X(ADD_I, 0, -1)                                                           \
	X(SUB_I, 0, -1)                                                           \
	X(MUL_I, 0, -1)                                                           \
	X(MOD_I, 0, -1)                                                           \
	X(ADD_N, 0, -1)                                                           \
	X(SUB_N, 0, -1)                                                           \
	X(MUL_N, 0, -1)                                                           \
	X(DIV_N, 0, -1)                                                           \
	X(MUL_MI, 0, -1)    /* money * int */                                     \
	X(MUL_MD, 1, 0)     /* money * exact decimal decs[k] */                    \
	X(DIV_MI, 0, -1)    /* money / int, rounded half away from zero */        \
	X(DIV_MM, 0, -1)    /* money / money -> number */                         \
	X(ADD_S, 0, -1)     /* string concatenation (scratch) */                  \
	X(ADD_T, 0, -1)     /* date + days, instant + seconds: in the years */     \
	X(SUB_T, 0, -1)     /* date - days, instant - seconds: in the years */     \
	X(I2N, 0, 0)        /* int -> number */                                   \
	X(I2M, 0, 0)        /* int -> money (whole units) */                      \
	X(I2DUR, 1, 0)      /* int * unit seconds -> duration */                  \
	X(D2DUR, 0, 0)      /* date difference in days -> duration */             \
	X(DUR2D, 0, 0)      /* duration -> whole days (int) */                    \
	X(CMP, 1, -1)       /* relation: 0 = 1 != 2 < 3 <= 4 > 5 >= */           \
	X(IN_RANGE, 1, -2)  /* x lo hi -> bool; bit0 lo closed, bit1 hi closed */  \
	X(IN_LIST, 0, -1)   /* x list -> bool */                                  \
	X(MKLIST, 2, 99)    /* n items -> list (scratch), operand 2: elem type */ \
	X(MATCH, 1, 0)      /* string -> bool, regex k */                         \
	X(CALL, 2, 99)      /* builtin f with n arguments */                      \
	X(MIN_I, 1, 99)     /* min() of n integer-valued arguments of one type */ \
	X(MAX_I, 1, 99)     /* max() of the same */                               \
	X(KNOWN, 0, 0)      /* any -> bool */                                     \
	X(RANK, 1, 0)       /* string -> its position in ordered enum k */       \
	X(RETAG, 1, 0)      /* a known value takes type t (datetime - datetime) */ \
	X(RET, 0, 0)                                                              \
	/* fused: only in the code the VM runs (crm_program.run), never in code */ \
	X(JUNK, 2, 0)       /* fact s unknown: jump a (LOADQ s KNOWN JIF a b) */  \
	X(MIN_F, 1, 99)     /* min() of n facts: n, then their n slots */         \
	X(MAX_F, 1, 99)     /* max() of the same */                               \
	X(RET_F, 1, 0)      /* return fact s (LOAD s RET) */

enum {
#define X(name, nops, effect) OP_##name,
	CRM_OPCODES(X)
#undef X
	OP__COUNT
};

extern const char *const crm_op_names[OP__COUNT];
extern const unsigned char crm_op_operands[OP__COUNT];

/* The words instruction op at code[pc] takes, operands included (MIN_F
 * and MAX_F are followed by their slots). */
static inline uint32_t crm_op_words(const uint32_t *code, uint32_t pc)
{
	uint32_t op = code[pc];
	return op == OP_MIN_F || op == OP_MAX_F ? 2 + code[pc + 1] : 1u + crm_op_operands[op];
}

/* A program that is one constant (CONST k RET: what the compiler folds a
 * constant expression to): its index in the pool, or -1. */
static inline long crm_program_const(const uint32_t *code, uint32_t len)
{
	return len == 3 && code[0] == OP_CONST ? (long)code[1] : -1;
}

#endif
