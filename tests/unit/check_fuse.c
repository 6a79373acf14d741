/* SPDX-License-Identifier: MIT */
/* check_fuse.c - the code the VM runs (fused) against the code it was made
 * from: the same value, the same error, the same facts noted unknown. */
#include <stdint.h>
#include <string.h>

#include "../../src/core/core.h"
#include "../../src/expr/expr.h"
#include "../../src/expr/opcodes.h"
#include "suites.h"

/* Facts a, b, c, d, x: ints in slots 0..4; m: money in slot 5. */
static int five_facts(void *ud, const char *name, uint32_t len, crm_ref *out, crm_diag *d)
{
	(void)ud;
	static const char names[] = "abcdxm";
	const char *at = len == 1 ? memchr(names, name[0], 6) : NULL;
	if (!at)
		return crm_diag_set(d, CRM_EUNKNOWN, 0, "unknown '%.*s'", (int)len, name);
	memset(out, 0, sizeof *out);
	out->kind = REF_FACT;
	out->index = (int)(at - names);
	out->type = out->index == 5 ? CRM_T_MONEY : CRM_T_INT;
	return 0;
}

static const struct {
	const char *src;
	bool fused; /* the run code is shorter */
} fuse_cases[] = {
	{"if known(x) then min(a, b, x) else min(a, b)", true},
	{"if known(x) then max(a, b, c, d, x) else max(a, b, c, d)", true},
	{"if known(x) then x else a", true},
	{"if known(x) then 1 else 2", true},
	{"if known(x) then (if known(a) then min(a, x) else x) else b", true},
	{"if b > 2 then min(a, b) else max(c, d)", true},
	{"min(a, b) + max(c, d) * 2", true},
	{"a", true},
	{"min(a, b)", true},
	{"min(a, a, a)", true},
	{"if known(m) then max(m, m) else m", true},
	/* not fused: a constant argument, an and, known() as a value */
	{"min(a, b, 3)", false},
	{"(if known(x) and a > 1 then x else a) + 1", false},
	{"known(x)", false},
	{"a + b", false},
	{"(if known(x) or known(a) then max(a + 0, b) else 0) * 3", false},
};

/* The run code, stepped instruction by instruction (a fused instruction's
 * operands counted), ends at its length, on a return. */
static void walk_run(const crm_program *p)
{
	uint32_t pc = 0, last = 0;
	for (; pc < p->run_len; last = pc, pc += crm_op_words(p->run, pc))
		ck_assert_uint_lt(p->run[pc], OP__COUNT);
	ck_assert_uint_eq(pc, p->run_len);
	ck_assert(p->run[last] == OP_RET || p->run[last] == OP_RET_F);
}

START_TEST(fused_runs_as_code)
{
	crm_arena ar;
	crm_arena_init(&ar, crm_alloc_default());
	crm_pools pools = {0};
	pools.ar = &ar;
	crm_env env = {0};
	env.resolve = five_facts;
	crm_program p;
	crm_diag d;
	const char *src = fuse_cases[_i].src;
	crm_node *n;
	ck_assert_int_eq(crm_parse_expr(&ar, src, (uint32_t)strlen(src), &n, &d), 0);
	ck_assert_int_eq(crm_check(&ar, &env, &n, &d), 0);
	ck_assert_int_eq(crm_compile(&pools, n, &p, &d), 0);
	ck_assert_ptr_nonnull(p.run);
	walk_run(&p);
	if (fuse_cases[_i].fused)
		ck_assert_msg(p.run_len < p.len, "%s: not fused (%u words of %u)", src, p.run_len, p.len);
	else
		ck_assert_msg(p.run_len == p.len && !memcmp(p.run, p.code, p.len * sizeof *p.code),
		              "%s: fused", src);
	crm_program plain = p;
	plain.run = p.code;
	plain.run_len = p.len;

	crm_val stack[64], facts[6];
	crm_vm vm = {0};
	vm.stack = stack;
	vm.stack_cap = 64;
	vm.consts = pools.consts;
	vm.facts = facts;
	vm.nfacts = 6;
	vm.diag = &d;
	static const int64_t values[] = {0, 1, -1, 2, 3, INT64_MAX, INT64_MIN, 1000};
	uint64_t s = 0x9e3779b97f4a7c15u * (uint64_t)(_i + 1);
	for (int round = 0; round < 4000; round++) {
		for (int k = 0; k < 6; k++) {
			s = s * 6364136223846793005u + 1442695040888963407u;
			uint32_t r = (uint32_t)(s >> 33);
			facts[k] = r % 4 == 0 ? crm_val_unknown()
			                      : crm_val_int(k == 5 ? CRM_T_MONEY : CRM_T_INT,
			                                    values[(r >> 2) % 8]);
			if (!facts[k].t)
				facts[k].u.i = (int64_t)r; /* what an unknown holds is not read */
		}
		uint8_t seen_plain = 0, seen_fused = 0;
		crm_val want, got;
		memset(&want, 0, sizeof want);
		memset(&got, 0, sizeof got);
		vm.unknown_read = &seen_plain;
		int rc_plain = crm_vm_run(&vm, &plain, &want);
		vm.unknown_read = &seen_fused;
		int rc_fused = crm_vm_run(&vm, &p, &got);
		ck_assert_int_eq(rc_fused, rc_plain);
		ck_assert_uint_eq(seen_fused, seen_plain);
		if (rc_plain)
			continue;
		ck_assert_msg(got.t == want.t && (!want.t || got.u.i == want.u.i),
		              "%s, round %d: %d %lld, want %d %lld", src, round, got.t,
		              (long long)got.u.i, want.t, (long long)want.u.i);
	}
	crm_pools_free(&pools);
	crm_arena_free(&ar);
}
END_TEST

Suite *fuse_suite(void)
{
	Suite *s = suite_create("fuse");
	TCase *tc = tcase_create("fused");
	tcase_add_loop_test(tc, fused_runs_as_code, 0,
	                    (int)(sizeof fuse_cases / sizeof fuse_cases[0]));
	suite_add_tcase(s, tc);
	return s;
}
