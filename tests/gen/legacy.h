/* SPDX-License-Identifier: MIT */
/* legacy.h - a host struct as an older C codebase writes it: flags and
 * enums as ints, a present flag an int. credit_limit's generated code
 * reads it, and the engine binds it through the generated crm_field table
 * (CRM_FIELD_PRESENT_INT for has_current_limit); differ compares them. */
#ifndef LEGACY_H
#define LEGACY_H

#include <stdint.h>

typedef enum capital_level { CAPITAL_STRONG, CAPITAL_ADEQUATE, CAPITAL_WEAK } capital_level;

typedef struct legacy {
	int months_cooperating;
	int bad_record_24m, broken_promises, debt_dispute;
	capital_level capital;
	int good_operating_years;
	int revenue_declining, sales_declining, illegal_operation;
	int suspended_by_authority, account_freeze_risk, profile_complete;
	double annual_payment_ratio;
	int has_credit_history, temporary_request, collateral_complete;
	int64_t avg_monthly_shipments, avg_monthly_payments, collateral_value;
	int64_t current_limit;
	int has_current_limit;
} legacy;

#endif
