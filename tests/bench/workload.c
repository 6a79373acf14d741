/* SPDX-License-Identifier: MIT */
/* workload.c - the synthetic data and the hand-written policies. */
#include "workload.h"

#include <inttypes.h>
#include <string.h>

const char *const capital_names[3] = {"strong", "adequate", "weak"};
const char *const complaint_categories[9] = {
	"product_repair", "wrong_delivery", "quality", "service_quality", "service_attitude",
	"price_dispute", "policy", "process", "other"};

uint64_t rng_next(rng *r)
{
	uint64_t z = (r->s += 0x9e3779b97f4a7c15u);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
	return z ^ (z >> 31);
}

uint32_t rng_below(rng *r, uint32_t n)
{
	return (uint32_t)((rng_next(r) >> 32) * n >> 32);
}

static bool coin(rng *r, unsigned percent)
{
	return rng_below(r, 100) < percent;
}

void gen_customer(rng *r, customer *c)
{
	memset(c, 0, sizeof *c);
	/* start from an A customer, then spoil it */
	c->capital = CAP_STRONG;
	c->profile_complete = true;
	c->months_cooperating = 12 + (int32_t)rng_below(r, 120);
	c->good_operating_years = 2 + (int32_t)rng_below(r, 10);
	c->annual_payment_ratio = 1.0 + rng_below(r, 50) / 100.0;
	uint32_t pick = rng_below(r, 100);
	if (pick < 30) { /* C: one of the nine C conditions */
		switch (rng_below(r, 9)) {
		case 0: c->bad_record_24m = true; break;
		case 1: c->broken_promises = true; break;
		case 2: c->debt_dispute = true; break;
		case 3: c->capital = CAP_WEAK; break;
		case 4: c->revenue_declining = true; break;
		case 5: c->sales_declining = true; break;
		case 6: c->illegal_operation = true; break;
		case 7: c->suspended_by_authority = true; break;
		default: c->account_freeze_risk = true; break;
		}
	} else if (pick < 70) { /* B: one A condition fails */
		switch (rng_below(r, 5)) {
		case 0: c->profile_complete = false; break;
		case 1: c->months_cooperating = (int32_t)rng_below(r, 12); break;
		case 2: c->good_operating_years = (int32_t)rng_below(r, 2); break;
		case 3: c->capital = CAP_ADEQUATE; break;
		default: c->annual_payment_ratio = 0.5 + rng_below(r, 50) / 100.0; break;
		}
	}
	c->has_credit_history = coin(r, 50);
	c->temporary_request = coin(r, 50);
	c->collateral_complete = coin(r, 50);
	c->has_current_limit = coin(r, 50);
	/* 10,000.00 .. 200,000.00 with cents */
	c->avg_monthly_shipments = 1000000 + (int64_t)rng_below(r, 19000000);
	c->avg_monthly_payments = 1000000 + (int64_t)rng_below(r, 19000000);
	c->collateral_value = 500000 + (int64_t)rng_below(r, 19000000);
	c->current_limit = 1000000 + (int64_t)rng_below(r, 19000000);
}

static const char *const texts[] = {
	"The compressor of unit 3 stopped again, please send a technician.",
	"We ordered 20 t and received 18 t; please ship the rest.",
	"The invoice shows the wrong unit price for the March order.",
	"This is unacceptable: the third failure in a month.",
	"I have already called 12315 about this and will call them again.",
	"客户反映产品质量有问题，要求尽快处理。",
	"客户非常愤怒，要求经理回复。",
	"我们已经向消协投诉。",
	"The delivery was late by two days; please tell us the new date of the next shipment.",
	"Order 12315678 arrived damaged.",
	/* traditional script, full-width forms, identifiers and denials: the
	 * texts normalize() and to_simplified() are for */
	"我已經向消費者協會投訴了，等他們聯繫你們。",
	"訂單號TW1231599的貨少了一箱，請盡快補發。",
	"我們非常憤怒，你們一再拖延交貨。",
	"我要打１２３１５投诉你们！",
	"订单号DD20260312315的货少了两箱，请尽快补发。",
	"这点小事我不想闹到12315，你们尽快补货就行。",
	"I don't want to take this to 12315, I just need the right parts delivered.",
	"Ｏｒｄｅｒ ＃１２３１５ is short by one pallet.",
	"冷氣機漏水，麻煩派師傅來檢修。",
	"送货司机态度很差，还骂人。",
};

void gen_complaint(rng *r, complaint *c)
{
	memset(c, 0, sizeof *c);
	c->category = (uint8_t)rng_below(r, 9);
	c->text = texts[rng_below(r, sizeof texts / sizeof texts[0])];
	uint32_t pick = rng_below(r, 100);
	if (pick < 10)
		c->reputational_risk = true;
	else if (pick < 15)
		c->reported_to_12315 = true;
	else if (pick < 20)
		c->batch_quality = true;
	else if (pick < 25)
		c->department_inaction = true;
	else if (pick < 35)
		c->repeat_count = 1 + (int32_t)rng_below(r, 3);
	else if (pick < 45)
		c->emotional = true;
	else if (pick < 50)
		c->beyond_authority = true;
}

static int money_text(char *buf, size_t size, int64_t minor)
{
	return snprintf(buf, size, "%" PRId64 ".%02d", minor / 100, (int)(minor % 100));
}

int customer_json(const customer *c, int money_as_text, char *buf, size_t size)
{
	char ship[48], pay[48], coll[48], cur[48];
	const char *q = money_as_text ? "\"" : "";
	char t[32];
	money_text(t, sizeof t, c->avg_monthly_shipments);
	snprintf(ship, sizeof ship, "%s%s%s", q, t, q);
	money_text(t, sizeof t, c->avg_monthly_payments);
	snprintf(pay, sizeof pay, "%s%s%s", q, t, q);
	money_text(t, sizeof t, c->collateral_value);
	snprintf(coll, sizeof coll, "%s%s%s", q, t, q);
	if (c->has_current_limit) {
		money_text(t, sizeof t, c->current_limit);
		snprintf(cur, sizeof cur, "%s%s%s", q, t, q);
	} else {
		strcpy(cur, "null");
	}
#define B(x) ((x) ? "true" : "false")
	return snprintf(
		buf, size,
		"{\"bad_record_24m\":%s,\"broken_promises\":%s,\"debt_dispute\":%s,"
		"\"capital\":\"%s\",\"revenue_declining\":%s,\"sales_declining\":%s,"
		"\"illegal_operation\":%s,\"suspended_by_authority\":%s,"
		"\"account_freeze_risk\":%s,\"profile_complete\":%s,\"months_cooperating\":%d,"
		"\"good_operating_years\":%d,\"annual_payment_ratio\":%.2f,"
		"\"has_credit_history\":%s,\"temporary_request\":%s,\"collateral_complete\":%s,"
		"\"avg_monthly_shipments\":%s,\"avg_monthly_payments\":%s,"
		"\"collateral_value\":%s,\"current_limit\":%s}",
		B(c->bad_record_24m), B(c->broken_promises), B(c->debt_dispute),
		capital_names[c->capital], B(c->revenue_declining), B(c->sales_declining),
		B(c->illegal_operation), B(c->suspended_by_authority), B(c->account_freeze_risk),
		B(c->profile_complete), c->months_cooperating, c->good_operating_years,
		c->annual_payment_ratio, B(c->has_credit_history), B(c->temporary_request),
		B(c->collateral_complete), ship, pay, coll, cur);
#undef B
}

/* ---- the policies, by hand ------------------------------------------------------ */

int hand_grade(const customer *c)
{
	if (c->bad_record_24m || c->broken_promises || c->debt_dispute ||
	    c->capital == CAP_WEAK || c->revenue_declining || c->sales_declining ||
	    c->illegal_operation || c->suspended_by_authority || c->account_freeze_risk)
		return GRADE_C;
	if (!c->profile_complete)
		return GRADE_B;
	if (c->capital == CAP_STRONG && c->months_cooperating >= 12 &&
	    c->good_operating_years >= 2 && c->annual_payment_ratio >= 1.0)
		return GRADE_A;
	return GRADE_B;
}

static int64_t min2(int64_t a, int64_t b)
{
	return a < b ? a : b;
}

int64_t hand_limit(const customer *c)
{
	int g = hand_grade(c);
	int64_t lim = min2(c->avg_monthly_shipments, c->avg_monthly_payments);
	if (c->has_current_limit)
		lim = min2(lim, c->current_limit);
	if (g == GRADE_A) {
		if (c->has_credit_history)
			return lim;
		return c->temporary_request ? c->avg_monthly_payments : 0;
	}
	if (g == GRADE_B && c->collateral_complete)
		return min2(lim, c->collateral_value);
	return 0;
}

void hand_terms(const customer *c, int64_t *limit, int32_t *term_days, uint8_t *kind)
{
	int g = hand_grade(c);
	int64_t lim = min2(c->avg_monthly_shipments, c->avg_monthly_payments);
	if (c->has_current_limit)
		lim = min2(lim, c->current_limit);
	*limit = 0, *term_days = 0, *kind = KIND_NONE;
	if (g == GRADE_A && c->has_credit_history) {
		*limit = lim, *term_days = 30, *kind = KIND_LONG_TERM;
	} else if (g == GRADE_A && c->temporary_request) {
		*limit = c->avg_monthly_payments, *term_days = 30, *kind = KIND_TEMPORARY;
	} else if (g == GRADE_B && c->collateral_complete) {
		*limit = min2(lim, c->collateral_value);
		*term_days = c->temporary_request ? 15 : 30;
		*kind = c->temporary_request ? KIND_TEMPORARY : KIND_LONG_TERM;
	}
}
