-- Decisions as SQL functions: jsonb facts in, jsonb outputs out, and the
-- typed conveniences.
\set loyal '{"customer_kind": "long_term", "months_cooperating": 30, "monthly_volume_ratio": 1.2, "satisfaction_pct": 91}'
SELECT crm_decide('tutorial', 'service_tier', :'loyal');
SELECT crm_decide('tutorial', 'service_tier', :'loyal', 'fired');
SELECT jsonb_pretty(crm_decide('tutorial', 'service_tier',
  '{"customer_kind": "long_term", "months_cooperating": 8, "monthly_volume_ratio": 1.2, "satisfaction_pct": 91}',
  'full'));
SELECT crm_try_decide('tutorial', 'service_tier', :'loyal') = crm_decide('tutorial', 'service_tier', :'loyal') AS same;
-- the newest version decides: version 2 asks 90% satisfaction for tier 1
SELECT crm_decide('tutorial', 'service_tier',
  '{"customer_kind": "long_term", "months_cooperating": 30, "monthly_volume_ratio": 1.2, "satisfaction_pct": 88}');
-- null in, null out (the functions are strict); a JSON null is an unknown fact
SELECT crm_decide('tutorial', 'service_tier', NULL) IS NULL AS strict;
SELECT crm_decide('tutorial', 'service_tier', '{"customer_kind": "periodic", "months_cooperating": null}');

-- The shipped policies: credit_limit chains into credit_grade; money is
-- exact, as a string in jsonb and as numeric from crm_credit_limit.
\set good '{"bad_record_24m": false, "broken_promises": false, "debt_dispute": false, "capital": "strong", "revenue_declining": false, "sales_declining": false, "illegal_operation": false, "suspended_by_authority": false, "account_freeze_risk": false, "profile_complete": true, "months_cooperating": 36, "good_operating_years": 3, "annual_payment_ratio": 1.2}'
SELECT crm_decide('default', 'credit_limit', :'good'::jsonb ||
  '{"has_credit_history": true, "avg_monthly_shipments": 80000, "avg_monthly_payments": "75000.10"}', 'fired');
SELECT crm_grade('default', :'good');
SELECT crm_credit_limit('default', :'good'::jsonb ||
  '{"has_credit_history": true, "avg_monthly_shipments": 80000, "avg_monthly_payments": "75000.10"}') AS credit_limit,
  pg_typeof(crm_credit_limit('default', :'good'::jsonb ||
  '{"has_credit_history": true, "avg_monthly_shipments": 80000, "avg_monthly_payments": "75000.10"}'));

-- Over a table: facts from the row itself.
CREATE TABLE customers (
  id int PRIMARY KEY, bad_record_24m bool, broken_promises bool, debt_dispute bool,
  capital text, revenue_declining bool, sales_declining bool, illegal_operation bool,
  suspended_by_authority bool, account_freeze_risk bool, profile_complete bool,
  months_cooperating int, good_operating_years int, annual_payment_ratio numeric, grade text);
INSERT INTO customers
SELECT i, i % 7 = 0, false, false, CASE WHEN i % 5 = 0 THEN 'weak' ELSE 'strong' END, false, false,
       false, false, false, i % 3 <> 0, i % 40, i % 4, 0.8 + (i % 5) * 0.1, NULL
FROM generate_series(1, 1000) i;
UPDATE customers c SET grade = crm_grade('default', to_jsonb(c) - 'id' - 'grade');
SELECT grade, count(*) FROM customers GROUP BY grade ORDER BY grade;
SELECT id, grade, crm_decide('default', 'credit_grade', to_jsonb(c) - 'id' - 'grade', 'fired')
  -> '$explain' -> 'fired' -> 0 ->> 'rule' AS rule
FROM customers c WHERE id IN (1, 5, 7, 12) ORDER BY id;

-- Complaint text read by the rules: normalize() and to_simplified() (OpenCC)
-- run inside the backend.
SELECT crm_decide('default', 'complaint_level',
  '{"category": "product_repair", "repeat_count": 0, "emotional": false, "beyond_authority": false,
    "reported_to_12315": false, "batch_quality": false, "department_inaction": false,
    "reputational_risk": false, "text": "我們已經投訴三次了，再不處理就向12315舉報"}') AS level;
