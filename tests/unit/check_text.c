/* SPDX-License-Identifier: MIT */
/* check_text.c - normalize() and to_simplified(): NFKC against utf8proc's own
 * NFKC, the t2s fold against OpenCC's own C API, bounded buffers, folding,
 * the scratch limit, and the typed calls through rule files. */
#include <opencc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "../../src/core/text.h"
#include "../../src/expr/expr.h"
#include "../../src/expr/opcodes.h"
#include "suites.h"

/* ---- NFKC -------------------------------------------------------------------- */

/* utf8proc's NFKC of s (utf8proc_map allocates; a test may): *n bytes. */
static char *reference_nfkc(const char *s, size_t len, size_t *n)
{
	utf8proc_uint8_t *out = NULL;
	utf8proc_ssize_t rc = utf8proc_map((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)len, &out,
	                                   UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_COMPAT);
	ck_assert_int_ge(rc, 0);
	*n = (size_t)rc;
	return (char *)out;
}

static void same_as_utf8proc(const char *s, size_t len)
{
	char buf[4096];
	size_t n = 0, wn = 0;
	ck_assert_int_eq(crm_nfkc(s, len, buf, sizeof buf, &n), 0);
	char *want = reference_nfkc(s, len, &wn);
	ck_assert_msg(n == wn && memcmp(buf, want, n) == 0,
	              "NFKC of \"%.*s\" (%zu bytes): got %zu bytes \"%.*s\", want %zu \"%.*s\"",
	              (int)len, s, len, n, (int)n, buf, wn, (int)wn, want);
	free(want);
}

static const char *const nfkc_cases[] = {
	"plain ASCII stays as it is",
	"\xef\xbc\xa1\xef\xbc\xa2\xef\xbc\xa3\xef\xbc\x91\xef\xbc\x92\xef\xbc\x93\xef\xbc\x91\xef\xbc\x95", /* ＡＢＣ１２３１５ */
	"cafe\xcc\x81!",                   /* e + combining acute, after ASCII: é */
	"e\xcc\x81\xcc\xa3x",              /* two marks to reorder, then ASCII */
	"\xef\xac\x81le",                  /* ﬁ ligature */
	"\xe2\x91\xa0\xe2\x84\xab",        /* ① and the Ångström sign */
	"\xe1\x84\x80\xe1\x85\xa1",        /* conjoining jamo: 가 */
	"\xed\x95\x9c\xea\xb5\xad\xec\x96\xb4 ok", /* 한국어 */
	"\xe3\x8d\xbf",                    /* ㍿ */
	"\xef\xb7\xba",                    /* U+FDFA: 18 code points from one */
	"A\xcc\x8a\xef\xbc\x81\xe3\x80\x80x", /* Å composed, ！, ideographic space */
	"\xe6\x86\xa4\xe6\x80\x92",        /* 憤怒: NFKC leaves it */
	"",
};

START_TEST(nfkc_matches_utf8proc)
{
	for (size_t i = 0; i < sizeof nfkc_cases / sizeof nfkc_cases[0]; i++)
		same_as_utf8proc(nfkc_cases[i], strlen(nfkc_cases[i]));
	/* a NUL byte is a character like another */
	same_as_utf8proc("a\0\xef\xbc\xa1", 5);
}
END_TEST

/* Random strings over code points chosen to meet every path: ASCII letters
 * before combining marks, marks of several classes, compatibility forms,
 * jamo, Hangul, CJK: crm_nfkc works run by run, utf8proc on the whole. */
START_TEST(nfkc_random_strings)
{
	static const uint32_t pool[] = {
		'a', 'e', 'o', 'A', ' ', '1', '#', '-', 0x0301, 0x0308, 0x0323, 0x0327, 0x05B0, 0x0E48,
		0x00C5, 0x212B, 0xFB01, 0xFF21, 0xFF11, 0xFF01, 0x3000, 0x1100, 0x1161, 0x11A8, 0xAC00,
		0x2460, 0x337F, 0xFDFA, 0x6124, 0x6012, 0x0344, 0x0F73, 0x1E9B, 0x00A0, 0x2126, 0x0000};
	uint64_t seed = 20260412;
	for (int k = 0; k < 3000; k++) {
		char s[256];
		size_t n = 0;
		seed = seed * 6364136223846793005u + 1442695040888963407u;
		int len = (int)(seed >> 59) + 1;
		for (int j = 0; j < len; j++) {
			seed = seed * 6364136223846793005u + 1442695040888963407u;
			uint32_t c = pool[(seed >> 33) % (sizeof pool / sizeof pool[0])];
			n += (size_t)utf8proc_encode_char((utf8proc_int32_t)c, (utf8proc_uint8_t *)s + n);
		}
		same_as_utf8proc(s, n);
	}
}
END_TEST

/* Every buffer too small fails with CRM_ELIMIT and writes nothing past it. */
START_TEST(nfkc_bounded)
{
	const char *s = "ab\xef\xbc\xa1\xef\xbc\xa2 x\xef\xb7\xba y";
	char want[256];
	size_t need = 0;
	ck_assert_int_eq(crm_nfkc(s, strlen(s), want, sizeof want, &need), 0);
	for (size_t cap = 0; cap < 256; cap++) {
		char buf[300];
		memset(buf, 0x5A, sizeof buf);
		size_t n = 0;
		int rc = crm_nfkc(s, strlen(s), buf, cap, &n);
		if (rc == 0) {
			ck_assert_uint_eq(n, need);
			ck_assert_int_eq(memcmp(buf, want, n), 0);
		} else {
			ck_assert_int_eq(rc, CRM_ELIMIT);
		}
		for (size_t i = cap; i < sizeof buf; i++)
			ck_assert_msg((unsigned char)buf[i] == 0x5A, "cap %zu: byte %zu written", cap, i);
	}
	char buf[8];
	size_t n;
	ck_assert_int_eq(crm_nfkc("\xff\xfe", 2, buf, sizeof buf, &n), CRM_EINVAL);
}
END_TEST

/* ---- traditional to simplified ------------------------------------------------- */

static crm_t2s *t2s;

static void open_t2s(void)
{
	char msg[256];
	int rc = crm_t2s_open(&t2s, crm_alloc_default(), CRM_OPENCC_DATADIR, msg, sizeof msg);
	ck_assert_msg(rc == 0, "%s", msg);
}

static void close_t2s(void)
{
	crm_t2s_free(t2s);
	t2s = NULL;
}

static const char *const t2s_cases[] = {
	"我已經向消費者協會投訴了，非常憤怒！",
	"乾隆皇帝的頭髮",
	"訂單號TW1231599的貨少了一箱，請盡快補發。",
	"我要打12315投诉你们",
	"plain English, 12315",
	"鰤魚與鍀",
	"",
};

/* The same text as OpenCC's own C API gives, with t2s.json. */
START_TEST(t2s_matches_opencc)
{
	opencc_t cc = opencc_open(CRM_OPENCC_DATADIR "/t2s.json");
	ck_assert_ptr_ne(cc, (opencc_t)-1);
	for (size_t i = 0; i < sizeof t2s_cases / sizeof t2s_cases[0]; i++) {
		const char *s = t2s_cases[i];
		char buf[512];
		size_t n = 0;
		if (crm_t2s_may_change(t2s, s, strlen(s)))
			ck_assert_int_eq(crm_t2s_convert(t2s, s, strlen(s), buf, sizeof buf, &n), 0);
		else
			memcpy(buf, s, n = strlen(s));
		char *want = opencc_convert_utf8(cc, s, strlen(s));
		ck_assert_ptr_nonnull(want);
		ck_assert_msg(n == strlen(want) && memcmp(buf, want, n) == 0, "t2s of %s: %.*s, want %s",
		              s, (int)n, buf, want);
		opencc_convert_utf8_free(want);
	}
	opencc_close(cc);
}
END_TEST

/* The shortcut is exact: a text it lets through is its own conversion. */
START_TEST(t2s_shortcut_exact)
{
	ck_assert(!crm_t2s_may_change(t2s, "call 12315 now", 14));
	ck_assert(crm_t2s_may_change(t2s, "憤怒", strlen("憤怒")));
	/* every BMP ideograph alone, and beside a common one */
	int skipped = 0;
	for (uint32_t c = 0x4E00; c <= 0x9FFF; c++) {
		char s[16];
		size_t len = (size_t)utf8proc_encode_char((utf8proc_int32_t)c, (utf8proc_uint8_t *)s);
		memcpy(s + len, "们", strlen("们"));
		len += strlen("们");
		if (crm_t2s_may_change(t2s, s, len))
			continue;
		char buf[64];
		size_t n = 0;
		ck_assert_int_eq(crm_t2s_convert(t2s, s, len, buf, sizeof buf, &n), 0);
		ck_assert_msg(n == len && memcmp(buf, s, n) == 0, "U+%04X changes", c);
		skipped++;
	}
	ck_assert_int_gt(skipped, 10000);
	/* random runs of ideographs: what the shortcut lets through is unchanged */
	uint64_t seed = 315;
	for (int k = 0; k < 5000; k++) {
		char s[64];
		size_t len = 0;
		for (int j = 0; j < 6; j++) {
			seed = seed * 6364136223846793005u + 1442695040888963407u;
			uint32_t c = 0x4E00 + (uint32_t)((seed >> 33) % (0x9FFF - 0x4E00));
			len += (size_t)utf8proc_encode_char((utf8proc_int32_t)c, (utf8proc_uint8_t *)s + len);
		}
		if (crm_t2s_may_change(t2s, s, len))
			continue;
		char buf[128];
		size_t n = 0;
		ck_assert_int_eq(crm_t2s_convert(t2s, s, len, buf, sizeof buf, &n), 0);
		ck_assert_msg(n == len && memcmp(buf, s, n) == 0, "%.*s changes", (int)len, s);
	}
	/* simplified Chinese seldom holds a witness */
	static const char *const simplified[] = {
		"我已经向消费者协会投诉了，非常愤怒！", "这点小事我不想闹到12315，你们尽快补货就行。",
		"今天收到的纸箱比订单少了5包，麻烦核对一下。", "空调外机噪音很大，晚上影响休息，请上门检修。",
	};
	for (size_t i = 0; i < sizeof simplified / sizeof simplified[0]; i++)
		ck_assert_msg(!crm_t2s_may_change(t2s, simplified[i], strlen(simplified[i])), "%s",
		              simplified[i]);
}
END_TEST

START_TEST(t2s_nul_and_limits)
{
	char buf[64];
	size_t n = 0;
	ck_assert_int_eq(crm_t2s_convert(t2s, "憤\0怒", 7, buf, sizeof buf, &n), 0);
	ck_assert_uint_eq(n, 7);
	ck_assert_int_eq(memcmp(buf, "愤\0怒", 7), 0);
	for (size_t cap = 0; cap < 6; cap++)
		ck_assert_int_eq(crm_t2s_convert(t2s, "憤怒", 6, buf, cap, &n), CRM_ELIMIT);
	ck_assert_int_eq(crm_t2s_convert(t2s, "憤怒", 6, buf, 6, &n), 0);
	/* what is not UTF-8 never reaches OpenCC (it would read past a
	 * truncated sequence) */
	ck_assert_int_eq(crm_t2s_convert(t2s, "\xe6\x86", 2, buf, sizeof buf, &n), CRM_EINVAL);
	ck_assert_int_eq(crm_t2s_convert(t2s, "\xe6\x86\xa4\xff", 4, buf, sizeof buf, &n), CRM_EINVAL);
}
END_TEST

START_TEST(t2s_missing_dictionaries)
{
	crm_t2s *t = (crm_t2s *)1;
	char msg[256] = "";
	ck_assert_int_eq(crm_t2s_open(&t, crm_alloc_default(), "/nonexistent/opencc", msg, sizeof msg), CRM_EINVAL);
	ck_assert_ptr_null(t);
	ck_assert_msg(strstr(msg, "TSPhrases.ocd2") != NULL, "%s", msg);
	crm_t2s_free(NULL);
}
END_TEST

/* ---- the expression functions ---------------------------------------------------- */

static int no_names(void *ud, const char *name, uint32_t len, crm_ref *out, crm_diag *d)
{
	(void)ud;
	(void)out;
	return crm_diag_set(d, CRM_EUNKNOWN, 0, "unknown '%.*s'", (int)len, name);
}

/* Compile src over no facts; the pools are the caller's. */
static int compile(crm_pools *pools, const char *src, crm_program *p, crm_diag *d)
{
	crm_env env = {0};
	env.resolve = no_names;
	crm_node *n;
	int rc = crm_parse_expr(pools->ar, src, (uint32_t)strlen(src), &n, d);
	if (!rc)
		rc = crm_check(pools->ar, &env, &n, d);
	if (!rc)
		rc = crm_compile(pools, n, p, d);
	return rc;
}

/* A constant call folds to its value at load, through OpenCC for
 * to_simplified(); OpenCC is loaded only when a rule calls it. */
START_TEST(constant_folding)
{
	crm_arena ar;
	crm_arena_init(&ar, crm_alloc_default());
	crm_pools pools = {0};
	pools.ar = &ar;
	crm_program p;
	crm_diag d;
	ck_assert_int_eq(compile(&pools, "normalize(\"ＡＢ１２３１５\")", &p, &d), 0);
	long k = crm_program_const(p.code, p.len);
	ck_assert_int_ge(k, 0);
	ck_assert_int_eq(pools.consts[k].len, 7);
	ck_assert_int_eq(memcmp(pools.consts[k].u.s, "AB12315", 7), 0);
	ck_assert_ptr_null(pools.t2s);
	ck_assert_int_eq(compile(&pools, "to_simplified(normalize(\"消費者協會１２３１５\"))", &p, &d), 0);
	ck_assert_ptr_nonnull(pools.t2s);
	k = crm_program_const(p.code, p.len);
	ck_assert_int_ge(k, 0);
	ck_assert_int_eq(pools.consts[k].len, strlen("消费者协会12315"));
	ck_assert_int_eq(memcmp(pools.consts[k].u.s, "消费者协会12315", pools.consts[k].len), 0);
	/* a constant too long to fold is a load error that says so */
	char big[3 * 2000 + 32];
	strcpy(big, "normalize(\"");
	for (int i = 0; i < 2000; i++)
		strcat(big, "憤");
	strcat(big, "\")");
	ck_assert_int_eq(compile(&pools, big, &p, &d), CRM_ELIMIT);
	ck_assert_msg(strstr(d.msg, "too long to fold") != NULL, "%s", d.msg);
	crm_pools_free(&pools);
	crm_arena_free(&ar);
}
END_TEST

static const char text_yaml[] =
	"facts: { s: string }\n"
	"decisions:\n"
	"  d:\n"
	"    outputs: { v: string }\n"
	"    rules:\n"
	"      - { id: r, then: if known(s) then to_simplified(normalize(s)) else \"none\" }\n"
	"  big:\n"
	"    outputs: { n: int }\n"
	"    rules:\n"
	"      - id: four\n"
	"        then: >-\n"
	"          len(normalize(s)) + len(normalize(s + \"a\")) + len(normalize(s + \"b\"))\n"
	"          + len(normalize(s + \"c\"))\n";

static int decide_text(crm_context *ctx, crm_facts *f, const char *decision, const char *s,
                       size_t len, crm_value *v, crm_error *err)
{
	crm_facts_clear(f);
	if (s && crm_facts_set_text(f, "s", s, len, err))
		return -100;
	const crm_result *r;
	int rc = crm_decide(ctx, decision, f, &r, err);
	if (!rc)
		*v = crm_result_output(r, 0);
	return rc;
}

START_TEST(functions_in_rules)
{
	crm_ruleset *rs = load_ok(text_yaml);
	crm_context *ctx;
	crm_facts *f;
	open_with(rs, &ctx, &f);
	crm_value v;
	crm_error err;
	ck_assert_int_eq(decide_text(ctx, f, "d", "已向１２３１５投訴", strlen("已向１２３１５投訴"), &v, &err), 0);
	ck_assert_int_eq(v.u.s.len, strlen("已向12315投诉"));
	ck_assert_int_eq(memcmp(v.u.s.ptr, "已向12315投诉", v.u.s.len), 0);
	/* unknown in, unknown out (here: the rule's else) */
	ck_assert_int_eq(decide_text(ctx, f, "d", NULL, 0, &v, &err), 0);
	ck_assert_int_eq(memcmp(v.u.s.ptr, "none", 4), 0);
	/* a text at the fact limit normalises in the scratch ... */
	size_t n = CRM_LIMIT_STRING / 3 * 3;
	char *s = malloc(n + 1);
	for (size_t i = 0; i < n; i += 3)
		memcpy(s + i, "憤", 3);
	ck_assert_int_eq(decide_text(ctx, f, "d", s, n, &v, &err), 0);
	ck_assert_int_eq(v.u.s.len, n);
	/* ... but four of them do not: a clear error, never a cut text */
	int rc = decide_text(ctx, f, "big", s, n, &v, &err);
	ck_assert_int_eq(rc, CRM_ELIMIT);
	ck_assert_msg(strstr(err.message, "normalize(): a text of") &&
	                  strstr(err.message, "CRM_LIMIT_SCRATCH"),
	              "%s", err.message);
	/* the next decision starts with the whole scratch again */
	ck_assert_int_eq(decide_text(ctx, f, "big", "ok", 2, &v, &err), 0);
	ck_assert_int_eq(v.u.i, 11);
	free(s);
	close_all(rs, ctx, f);
}
END_TEST

Suite *text_suite(void)
{
	Suite *s = suite_create("text");
	TCase *tc = tcase_create("nfkc");
	tcase_add_test(tc, nfkc_matches_utf8proc);
	tcase_add_test(tc, nfkc_random_strings);
	tcase_add_test(tc, nfkc_bounded);
	suite_add_tcase(s, tc);
	tc = tcase_create("t2s");
	tcase_add_checked_fixture(tc, open_t2s, close_t2s);
	tcase_add_test(tc, t2s_matches_opencc);
	tcase_add_test(tc, t2s_shortcut_exact);
	tcase_add_test(tc, t2s_nul_and_limits);
	tcase_add_test(tc, t2s_missing_dictionaries);
	suite_add_tcase(s, tc);
	tc = tcase_create("functions");
	tcase_add_test(tc, constant_folding);
	tcase_add_test(tc, functions_in_rules);
	suite_add_tcase(s, tc);
	return s;
}
