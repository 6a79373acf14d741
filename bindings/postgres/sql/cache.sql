-- Each backend compiles a rule set once and keeps it; a statement sees the
-- version its snapshot sees, and a new version takes effect for the
-- statements after it.
\set facts '{"customer_kind": "long_term", "months_cooperating": 30, "monthly_volume_ratio": 1.2, "satisfaction_pct": 88}'
SELECT crm_decide('tutorial', 'service_tier', :'facts') AS v2;
-- a statement that writes a new version decides with the old one throughout
-- (its snapshot does not see its own insert); the next statement sees it
WITH v3 AS (
  INSERT INTO crm_rulesets (name, files)
  SELECT name, jsonb_build_object('tier.yaml', replace(files ->> 'tier.yaml', 'high_satisfaction: 90', 'high_satisfaction: 80'))
  FROM crm_rulesets WHERE name = 'tutorial' AND version = 2
  RETURNING version)
SELECT (SELECT version FROM v3), crm_decide('tutorial', 'service_tier', :'facts') AS still_v2;
SELECT crm_decide('tutorial', 'service_tier', :'facts') AS v3;
-- a version rolled back is forgotten
BEGIN;
INSERT INTO crm_rulesets (name, files)
SELECT name, jsonb_build_object('tier.yaml', replace(files ->> 'tier.yaml', 'then: 1', 'then: 7'))
FROM crm_rulesets WHERE name = 'tutorial' AND version = 3;
SELECT crm_decide('tutorial', 'service_tier', :'facts') AS v4_in_its_transaction;
ROLLBACK;
SELECT crm_decide('tutorial', 'service_tier', :'facts') AS v3_again;
-- an update in place (same version) is a new row: compiled again
UPDATE crm_rulesets SET files = jsonb_build_object('tier.yaml', replace(files ->> 'tier.yaml', 'then: 1', 'then: 5'))
WHERE name = 'tutorial' AND version = 3;
SELECT crm_decide('tutorial', 'service_tier', :'facts') AS v3_updated;
-- within one plpgsql loop, each statement sees the versions committed before it
DO $$
DECLARE i int;
BEGIN
  FOR i IN 1..2 LOOP
    RAISE NOTICE 'tier %', crm_decide('tutorial', 'service_tier',
      '{"customer_kind": "long_term", "months_cooperating": 30, "monthly_volume_ratio": 1.2, "satisfaction_pct": 88}') ->> 'tier';
    UPDATE crm_rulesets SET files = jsonb_build_object('tier.yaml', replace(files ->> 'tier.yaml', 'then: 5', 'then: 6'))
    WHERE name = 'tutorial' AND version = 3;
  END LOOP;
END $$;
-- deleting the newest version brings the one before back
DELETE FROM crm_rulesets WHERE name = 'tutorial' AND version = 3;
SELECT crm_decide('tutorial', 'service_tier', :'facts') AS v2_again;

-- One compiled rule set per name in this backend, in its own memory context
-- (replaced ones are freed), and deciding leaves its memory as it was.
SELECT ident, count(*) FROM pg_backend_memory_contexts WHERE name = 'crmrules rule set'
GROUP BY ident ORDER BY ident;
CREATE TEMP TABLE mem AS
SELECT sum(total_bytes) AS bytes FROM pg_backend_memory_contexts
WHERE name = 'crmrules rule set' OR name = 'TopMemoryContext';
SELECT count(crm_decide('tutorial', 'service_tier', jsonb_build_object('customer_kind', 'long_term',
         'months_cooperating', i % 40, 'monthly_volume_ratio', 1.2, 'satisfaction_pct', i % 101)))
FROM generate_series(1, 20000) i;
SELECT count(crm_try_decide('tutorial', 'service_tier', jsonb_build_object('customer_kind', 'long_term')))
FROM generate_series(1, 20000) i;
SELECT sum(total_bytes) = (SELECT bytes FROM mem) AS same_memory FROM pg_backend_memory_contexts
WHERE name = 'crmrules rule set' OR name = 'TopMemoryContext';

-- Parallel workers: each compiles the rule set once and decides its share
-- (the leader takes none here, so every row is decided in a worker).
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
SET parallel_leader_participation = off;
EXPLAIN (COSTS OFF)
SELECT count(*) FROM customers c WHERE crm_grade('default', to_jsonb(c) - 'id' - 'grade') = 'A';
SELECT count(*) FROM customers c WHERE crm_grade('default', to_jsonb(c) - 'id' - 'grade') = 'A';
EXPLAIN (COSTS OFF)
SELECT count(*) FILTER (WHERE s ->> 'grade' = 'B') AS b, count(*) FILTER (WHERE s ->> 'grade' = 'C') AS c
FROM (SELECT crm_decide('default', 'credit_grade', to_jsonb(c) - 'id' - 'grade') AS s FROM customers c) d;
SELECT count(*) FILTER (WHERE s ->> 'grade' = 'B') AS b, count(*) FILTER (WHERE s ->> 'grade' = 'C') AS c
FROM (SELECT crm_decide('default', 'credit_grade', to_jsonb(c) - 'id' - 'grade') AS s FROM customers c) d;
RESET parallel_leader_participation;
RESET max_parallel_workers_per_gather;
SELECT count(*) AS differ FROM customers c WHERE crm_grade('default', to_jsonb(c) - 'id' - 'grade') IS DISTINCT FROM grade;
