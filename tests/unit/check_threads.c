/* SPDX-License-Identifier: MIT */
/* check_threads.c - eight threads share one ruleset, each with its own context. */
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "suites.h"

#define THREADS 8
#define DECISIONS 1000000

static const crm_ruleset *shared;

typedef struct tally {
	int first, count;  /* the customers this thread decides */
	long grades[4];    /* C, B, A counts (index by grade) */
	long long limits;  /* the sum of all limits, minor units */
	int errors;
} tally;

/* Customer i's facts, deterministic: every branch of grade and limit. */
static void customer(crm_facts *f, const crm_ruleset *rs, int i, int *slots)
{
	crm_facts_clear(f);
	crm_facts_set_bool(f, slots[0], i % 10 == 0, NULL);                /* bad_record_24m */
	crm_facts_set_bool(f, slots[1], 0, NULL);                           /* broken_promises */
	crm_facts_set_bool(f, slots[2], 0, NULL);                           /* debt_dispute */
	static const char *const caps[] = {"strong", "adequate", "weak", "strong"};
	const char *cap = caps[i % 4];
	crm_facts_set_string(f, slots[3], cap, strlen(cap), NULL);         /* capital */
	for (int k = 4; k < 9; k++)
		crm_facts_set_bool(f, slots[k], 0, NULL);                       /* the other C flags */
	crm_facts_set_bool(f, slots[9], i % 7 != 0, NULL);                  /* profile_complete */
	crm_facts_set_int(f, slots[10], i % 40, NULL);                      /* months_cooperating */
	crm_facts_set_int(f, slots[11], i % 4, NULL);                       /* good_operating_years */
	crm_facts_set_number(f, slots[12], 0.8 + (i % 5) * 0.1, NULL);      /* annual_payment_ratio */
	crm_facts_set_bool(f, slots[13], i % 3 != 0, NULL);                 /* has_credit_history */
	crm_facts_set_bool(f, slots[14], i % 2 == 0, NULL);                 /* temporary_request */
	crm_facts_set_bool(f, slots[15], 0, NULL);                          /* collateral_complete */
	crm_facts_set_money(f, slots[16], 100000 + (i % 1000) * 137, NULL); /* avg_monthly_shipments */
	crm_facts_set_money(f, slots[17], 90000 + (i % 777) * 211, NULL);   /* avg_monthly_payments */
	(void)rs;
}

static const char *const fact_names[] = {
	"bad_record_24m", "broken_promises", "debt_dispute", "capital", "revenue_declining",
	"sales_declining", "illegal_operation", "suspended_by_authority", "account_freeze_risk",
	"profile_complete", "months_cooperating", "good_operating_years", "annual_payment_ratio",
	"has_credit_history", "temporary_request", "collateral_complete", "avg_monthly_shipments",
	"avg_monthly_payments"};

static void *work(void *arg)
{
	tally *t = arg;
	crm_facts *f;
	crm_context *ctx;
	int slots[18];
	if (crm_facts_new(&f, shared) || crm_context_new(&ctx, shared, NULL)) {
		t->errors++;
		return NULL;
	}
	for (int k = 0; k < 18; k++)
		slots[k] = crm_fact_slot(shared, fact_names[k]);
	int grade = crm_decision_find(shared, "credit_grade"), limit = crm_decision_find(shared, "credit_limit");
	for (int i = t->first; i < t->first + t->count; i++) {
		customer(f, shared, i, slots);
		const crm_result *r;
		crm_error err;
		const char *g;
		size_t gl;
		int64_t m;
		if (crm_decide_index(ctx, grade, f, &r, &err) || crm_result_get_string(r, "grade", &g, &gl)) {
			t->errors++;
			continue;
		}
		t->grades[g[0] == 'A' ? 3 : g[0] == 'B' ? 2 : 1]++;
		if (crm_decide_index(ctx, limit, f, &r, &err) || crm_result_get_money(r, "limit", &m)) {
			t->errors++;
			continue;
		}
		t->limits += m;
	}
	crm_context_free(ctx);
	crm_facts_free(f);
	return NULL;
}

START_TEST(threads_share_a_ruleset)
{
	crm_ruleset *rs;
	crm_error err;
	ck_assert_msg(crm_ruleset_load(&rs, CRM_RULES_DIR, NULL, &err) == 0, "%s", err.message);
	shared = rs;
	/* single-threaded reference */
	tally one = {0, DECISIONS / 2, {0}, 0, 0};
	work(&one);
	ck_assert_int_eq(one.errors, 0);
	/* the same customers over eight threads */
	tally parts[THREADS];
	pthread_t th[THREADS];
	int per = DECISIONS / 2 / THREADS;
	for (int k = 0; k < THREADS; k++) {
		memset(&parts[k], 0, sizeof parts[k]);
		parts[k].first = k * per;
		parts[k].count = per;
		ck_assert_int_eq(pthread_create(&th[k], NULL, work, &parts[k]), 0);
	}
	tally sum = {0};
	for (int k = 0; k < THREADS; k++) {
		ck_assert_int_eq(pthread_join(th[k], NULL), 0);
		for (int g = 1; g <= 3; g++)
			sum.grades[g] += parts[k].grades[g];
		sum.limits += parts[k].limits;
		sum.errors += parts[k].errors;
	}
	ck_assert_int_eq(sum.errors, 0);
	for (int g = 1; g <= 3; g++)
		ck_assert_int_eq(sum.grades[g], one.grades[g]);
	ck_assert_int_eq(sum.limits, one.limits);
	/* every branch was taken */
	ck_assert_int_gt(one.grades[1], 0);
	ck_assert_int_gt(one.grades[2], 0);
	ck_assert_int_gt(one.grades[3], 0);
	ck_assert_int_gt(one.limits, 0);
	crm_ruleset_free(rs);
}
END_TEST

/* Complaint texts in both scripts through complaint_level: normalize() and
 * to_simplified() (one OpenCC converter, shared) from eight threads. */
static const char *const complaint_texts[] = {
	"我已經向消費者協會投訴了。", "我要打１２３１５投诉你们！", "訂單號TW1231599的貨少了一箱。",
	"我們非常憤怒，你們一再拖延交貨。", "The compressor stopped again.", "不要逼我打12315。",
	"我不想鬧到消費者協會，請你們盡快處理就好。", "I am absolutely furious.",
};
#define NTEXTS (sizeof complaint_texts / sizeof complaint_texts[0])

typedef struct levels {
	long count[4];
	int errors, first, rounds; /* texts first .. first + rounds - 1, cyclically */
} levels;

static void *assess(void *arg)
{
	levels *t = arg;
	crm_facts *f;
	crm_context *ctx;
	if (crm_facts_new(&f, shared) || crm_context_new(&ctx, shared, NULL)) {
		t->errors++;
		return NULL;
	}
	static const char plain[] =
		"{\"category\": \"quality\", \"repeat_count\": 0, \"emotional\": false,"
		" \"beyond_authority\": false, \"reported_to_12315\": false, \"batch_quality\": false,"
		" \"department_inaction\": false, \"reputational_risk\": false}";
	crm_error err;
	for (int i = 0; i < t->rounds; i++) {
		const char *s = complaint_texts[(size_t)(t->first + i) % NTEXTS];
		const crm_result *r;
		int64_t level;
		crm_facts_clear(f);
		if (crm_facts_set_json(f, plain, strlen(plain), &err) ||
		    crm_facts_set_text(f, "text", s, strlen(s), &err) ||
		    crm_decide(ctx, "complaint_level", f, &r, &err) ||
		    crm_result_get_int(r, "level", &level) || level < 1 || level > 3) {
			t->errors++;
			continue;
		}
		t->count[level]++;
	}
	crm_context_free(ctx);
	crm_facts_free(f);
	return NULL;
}

START_TEST(threads_share_text_folds)
{
	crm_ruleset *rs;
	crm_error err;
	ck_assert_msg(crm_ruleset_load(&rs, CRM_RULES_DIR, NULL, &err) == 0, "%s", err.message);
	shared = rs;
	levels one = {{0}, 0, 0, (int)NTEXTS * 250};
	assess(&one);
	ck_assert_int_eq(one.errors, 0);
	ck_assert_int_eq(one.count[1], 250 * 3);
	ck_assert_int_eq(one.count[2], 250 * 2);
	ck_assert_int_eq(one.count[3], 250 * 3);
	levels parts[THREADS];
	pthread_t th[THREADS];
	for (int k = 0; k < THREADS; k++) {
		memset(&parts[k], 0, sizeof parts[k]);
		parts[k].rounds = one.rounds / THREADS;
		parts[k].first = k * parts[k].rounds;
		ck_assert_int_eq(pthread_create(&th[k], NULL, assess, &parts[k]), 0);
	}
	levels sum = {{0}, 0, 0, 0};
	for (int k = 0; k < THREADS; k++) {
		ck_assert_int_eq(pthread_join(th[k], NULL), 0);
		for (int l = 1; l <= 3; l++)
			sum.count[l] += parts[k].count[l];
		sum.errors += parts[k].errors;
	}
	ck_assert_int_eq(sum.errors, 0);
	for (int l = 1; l <= 3; l++)
		ck_assert_int_eq(sum.count[l], one.count[l]);
	crm_ruleset_free(rs);
}
END_TEST

Suite *threads_suite(void)
{
	Suite *s = suite_create("threads");
	TCase *tc = tcase_create("shared ruleset");
	tcase_add_test(tc, threads_share_a_ruleset);
	tcase_add_test(tc, threads_share_text_folds);
	tcase_set_timeout(tc, 300);
	suite_add_tcase(s, tc);
	return s;
}
