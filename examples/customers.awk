# customers.awk - n made-up customers, one JSON object a line, the same on
# every run and with any awk: the facts of credit_grade and credit_limit in
# rules/ (the grade left for credit_grade to decide), for trying a change
# to the rules on a population (`crmrules diff`) or `eval --lines`.
#
#   awk -v n=2000 -f examples/customers.awk > customers.ndjson
#
# Ids are c-00001, c-00002, ...; seed (default 1) gives another population.
function draw(k) { # 0 .. k-1 (Park-Miller: every product is exact in a double)
	seed = seed * 48271 % 2147483647
	return seed % k
}
function yes(percent) { return draw(100) < percent ? "true" : "false" }
function money(cents) { return sprintf("\"%d.%02d\"", int(cents / 100), cents % 100) }
BEGIN {
	if (n == "") n = 1000
	if (seed == "") seed = 1
	split("strong strong strong strong strong strong adequate adequate adequate weak", capital, " ")
	for (i = 1; i <= n; i++) {
		shipments = 100000 + draw(19900000)            # 1,000.00 .. 199,999.99
		payments = int(shipments * (70 + draw(41)) / 100) # 70% .. 110% of shipments
		printf "{\"id\": \"c-%05d\", \"months_cooperating\": %d, \"good_operating_years\": %d", i, draw(120), draw(10)
		ratio = 70 + draw(80)                            # 0.70 .. 1.49
		printf ", \"capital\": \"%s\", \"annual_payment_ratio\": %d.%02d", capital[1 + draw(10)], int(ratio / 100), ratio % 100
		printf ", \"bad_record_24m\": %s, \"broken_promises\": %s, \"debt_dispute\": %s", yes(3), yes(3), yes(3)
		printf ", \"revenue_declining\": %s, \"sales_declining\": %s, \"illegal_operation\": %s", yes(3), yes(3), yes(1)
		printf ", \"suspended_by_authority\": %s, \"account_freeze_risk\": %s, \"profile_complete\": %s", yes(1), yes(2), yes(90)
		printf ", \"has_credit_history\": %s, \"temporary_request\": %s", yes(80), yes(20)
		printf ", \"avg_monthly_shipments\": %s, \"avg_monthly_payments\": %s", money(shipments), money(payments)
		printf ", \"collateral_value\": %s, \"collateral_complete\": %s", money(draw(10000000)), yes(50)
		if (draw(100) < 30)
			printf ", \"current_limit\": %s", money(100000 * (1 + draw(150)))
		printf "}\n"
	}
}
