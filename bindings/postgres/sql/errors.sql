-- Facts that cannot be read and decisions that cannot be made are SQL
-- errors with the library's message and a SQLSTATE for their kind; the
-- backend goes on.
-- missing facts: 22004 (null_value_not_allowed), every one named at once
SELECT crm_decide('tutorial', 'service_tier', '{"customer_kind": "long_term"}');
\echo :LAST_ERROR_SQLSTATE
SELECT crm_grade('default', '{"capital": "strong"}');
\echo :LAST_ERROR_SQLSTATE
-- a key that names no fact: 42704, with the closest name
SELECT crm_decide('tutorial', 'service_tier', '{"customer_knd": "long_term"}');
\echo :LAST_ERROR_SQLSTATE
-- a value outside the fact's values or range: 22023
SELECT crm_decide('tutorial', 'service_tier', '{"customer_kind": "gold"}');
\echo :LAST_ERROR_SQLSTATE
SELECT crm_decide('tutorial', 'service_tier', '{"customer_kind": "long_term", "months_cooperating": 30, "monthly_volume_ratio": 1.2, "satisfaction_pct": 101}');
\echo :LAST_ERROR_SQLSTATE
-- a value that does not read as the fact's type: 22P02 (invalid_text_representation)
SELECT crm_decide('tutorial', 'service_tier', '{"months_cooperating": true}');
\echo :LAST_ERROR_SQLSTATE
SELECT crm_decide('tutorial', 'service_tier', '{"months_cooperating": "thirty"}');
\echo :LAST_ERROR_SQLSTATE
SELECT crm_decide('default', 'credit_limit', '{"avg_monthly_payments": "12.345"}');
\echo :LAST_ERROR_SQLSTATE
-- facts must be an object
SELECT crm_decide('tutorial', 'service_tier', '[1, 2]');
\echo :LAST_ERROR_SQLSTATE
SELECT crm_decide('tutorial', 'service_tier', '"x"');
\echo :LAST_ERROR_SQLSTATE
-- unknown names: 42704
SELECT crm_decide('nosuch', 'service_tier', '{}');
\echo :LAST_ERROR_SQLSTATE
SELECT crm_decide('tutorial', 'service_teir', '{}');
\echo :LAST_ERROR_SQLSTATE
SELECT crm_decide('tutorial', 'service_tier', '{}', 'why');
\echo :LAST_ERROR_SQLSTATE
-- no rule matched: 20000 (case_not_found), as a CASE without ELSE
INSERT INTO crm_rulesets (name, files) VALUES ('gaps', jsonb_build_object('gaps.yaml',
  E'facts: { n: int }\ndecisions:\n  sign:\n    inputs: [n]\n    outputs: { s: string }\n' ||
  E'    rules:\n      - { if: ["> 0"], then: "+" }\n      - { if: ["< 0"], then: "-" }\n'));
SELECT crm_decide('gaps', 'sign', '{"n": 1}');
SELECT crm_decide('gaps', 'sign', '{"n": 0}');
\echo :LAST_ERROR_SQLSTATE
-- the output asked for by a typed function is not there: 42704
SELECT crm_grade('gaps', '{}');
\echo :LAST_ERROR_SQLSTATE

-- crm_try_decide: the error as jsonb, as `crmrules eval --lines` writes it
SELECT crm_try_decide('tutorial', 'service_tier', '{"customer_kind": "long_term"}');
SELECT crm_try_decide('gaps', 'sign', '{"n": 0}');
SELECT crm_try_decide('tutorial', 'service_tier', '{"customer_kind": "gold"}');
-- a batch keeps going: one row's error is a value
SELECT n, crm_try_decide('gaps', 'sign', jsonb_build_object('n', n)) FROM generate_series(-1, 1) n;

-- after all of these the backend still decides
SELECT crm_decide('tutorial', 'service_tier', '{"customer_kind": "periodic"}');
