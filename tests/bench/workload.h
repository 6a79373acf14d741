/* SPDX-License-Identifier: MIT */
/* workload.h - synthetic customers and complaints for the benchmark, and the
 * same policies written by hand in plain C (the lower bound). */
#ifndef CRM_BENCH_WORKLOAD_H
#define CRM_BENCH_WORKLOAD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

enum { CAP_STRONG, CAP_ADEQUATE, CAP_WEAK };
enum { GRADE_A, GRADE_B, GRADE_C };
extern const char *const capital_names[3];

typedef struct customer {
	/* credit_grade */
	bool bad_record_24m, broken_promises, debt_dispute, revenue_declining;
	bool sales_declining, illegal_operation, suspended_by_authority;
	bool account_freeze_risk, profile_complete;
	uint8_t capital;
	int32_t months_cooperating, good_operating_years;
	double annual_payment_ratio;
	/* credit_limit (money in minor units) */
	bool has_credit_history, temporary_request, collateral_complete;
	bool has_current_limit;
	int64_t avg_monthly_shipments, avg_monthly_payments, collateral_value;
	int64_t current_limit;
} customer;

typedef struct complaint {
	uint8_t category; /* index into complaint_categories */
	int32_t repeat_count;
	bool emotional, beyond_authority, reported_to_12315, batch_quality;
	bool department_inaction, reputational_risk;
	const char *text;
} complaint;
extern const char *const complaint_categories[9];

/* A seeded generator (splitmix64): the same seed, the same data. */
typedef struct rng {
	uint64_t s;
} rng;
uint64_t rng_next(rng *r);
uint32_t rng_below(rng *r, uint32_t n);

/* Customers: about 30% A, 40% B, 30% C, every rule of credit_grade and
 * credit_limit fired often. */
void gen_customer(rng *r, customer *c);
void gen_complaint(rng *r, complaint *c);
/* One customer as a JSON object (the NDJSON line, without newline). */
int customer_json(const customer *c, int money_as_text, char *buf, size_t size);

/* The policies by hand: credit_grade, credit_limit (limit in minor units);
 * complaint_level is in bench.c (its text patterns are read from the rule
 * file and compiled with PCRE2, the text folded with utf8proc and OpenCC). */
int hand_grade(const customer *c);
int64_t hand_limit(const customer *c);
/* credit_limit's three outputs a host keeps: the limit, the term in days
 * and the kind of credit (KIND_*, the order of its values). */
enum { KIND_NONE, KIND_TEMPORARY, KIND_LONG_TERM };
void hand_terms(const customer *c, int64_t *limit, int32_t *term_days, uint8_t *kind);

#endif
