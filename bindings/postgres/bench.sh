#!/bin/sh
# bench.sh BUILD_DIR [ROWS] - re-grading customers in PostgreSQL: a
# throwaway server (server.sh), the extension built and installed as
# test.sh does, rule set 'default' (rules/) loaded as a row, ROWS
# customers (default 1,000,000), then timed:
#   - SELECT and CREATE TABLE AS with crm_grade, crm_decide and a plain SQL
#     CASE of rules/credit_grade.yaml, each with and without parallel
#     workers (max_parallel_workers_per_gather 2 and 0);
#   - UPDATE ... SET grade = crm_grade(...) / crm_decide(...) / CASE (an
#     UPDATE never runs in parallel workers);
#   - the cost of one call on constant facts, against the same query
#     without the call;
#   - the backend's resident memory (VmRSS) after a warm-up, a million
#     crm_decide calls, a million more, a million crm_try_decide calls
#     whose facts are missing, and 10,000 crm_decide errors caught one by
#     one in PL/pgSQL (a subtransaction each).
# JIT is off (jit = off) so that no query pays LLVM's compile time.
set -eu
build=$(cd "$1" && pwd)
rows=${2:-1000000}
src=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$src/../.." && pwd)
pg_config=${PG_CONFIG:-pg_config}
bindir=$("$pg_config" --bindir)

obj=$build/postgres
mkdir -p "$obj"
make -s -C "$obj" -f "$src/Makefile" CRM_BUILD="$build" PG_CONFIG="$pg_config"
if [ "$(id -u)" -eq 0 ]; then sudo=""; else sudo="sudo -n"; fi
$sudo make -s -C "$obj" -f "$src/Makefile" CRM_BUILD="$build" PG_CONFIG="$pg_config" install

. "$src/server.sh"
trap pg_server_stop EXIT
trap 'exit 1' INT TERM
pg_server_start jit=off shared_buffers=512MB max_parallel_workers_per_gather=2 \
  max_wal_size=4GB synchronous_commit=off

echo "crmrules $(git -C "$root" describe --always --dirty 2>/dev/null || echo '?')," \
  "$("$bindir/postgres" --version), $(nproc) cores, $rows customers"

# One session throughout, so the backend's memory can be followed.
sql=$pg_server_dir/bench.sql
cat >"$sql" <<EOF
\set ON_ERROR_STOP on
\pset footer off
CREATE EXTENSION crmrules;
\set rules $root/rules
\set g1 \`cat :'rules'/complaint_timers.yaml\`
\set g2 \`cat :'rules'/complaints.yaml\`
\set g3 \`cat :'rules'/credit_check.yaml\`
\set g4 \`cat :'rules'/credit_governance.yaml\`
\set g5 \`cat :'rules'/credit_grade.yaml\`
\set g6 \`cat :'rules'/credit_limit.yaml\`
\set g7 \`cat :'rules'/service_tier.yaml\`
\set c1 \`cat :'rules'/calendars/cn/2024.yaml\`
\set c2 \`cat :'rules'/calendars/cn/2025.yaml\`
\set c3 \`cat :'rules'/calendars/cn/2026.yaml\`
\set c4 \`cat :'rules'/calendars/cn/calendar.yaml\`
INSERT INTO crm_rulesets (name, files) VALUES ('default', jsonb_build_object(
  'complaint_timers.yaml', :'g1', 'complaints.yaml', :'g2', 'credit_check.yaml', :'g3',
  'credit_governance.yaml', :'g4', 'credit_grade.yaml', :'g5', 'credit_limit.yaml', :'g6',
  'service_tier.yaml', :'g7', 'calendars/cn/2024.yaml', :'c1', 'calendars/cn/2025.yaml', :'c2',
  'calendars/cn/2026.yaml', :'c3', 'calendars/cn/calendar.yaml', :'c4'));

-- The facts of credit_grade, one column each; about 1 in 10 rows of each
-- kind of C condition, a third of the rest A.
CREATE TABLE customers AS
SELECT i AS id,
       h % 97 = 0 AS bad_record_24m, h % 89 = 1 AS broken_promises, h % 83 = 2 AS debt_dispute,
       (ARRAY['strong', 'strong', 'strong', 'adequate', 'weak'])[1 + h % 5] AS capital,
       h % 79 = 3 AS revenue_declining, h % 73 = 4 AS sales_declining,
       h % 71 = 5 AS illegal_operation, h % 67 = 6 AS suspended_by_authority,
       h % 61 = 7 AS account_freeze_risk, h % 13 <> 0 AS profile_complete,
       (h / 7) % 60 AS months_cooperating, (h / 11) % 5 AS good_operating_years,
       round(0.7 + ((h / 13) % 60) / 100.0, 2) AS annual_payment_ratio,
       NULL::text AS grade
FROM (SELECT i, abs(hashint4(i)) AS h FROM generate_series(1, $rows) i) s;
ALTER TABLE customers ADD PRIMARY KEY (id);
VACUUM ANALYZE customers;

-- rules/credit_grade.yaml as a CASE: C if any C condition, B when the
-- profile is incomplete, A when every A condition holds, else B.
CREATE FUNCTION grade_case(c customers) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS \$\$
  SELECT CASE
    WHEN c.bad_record_24m OR c.broken_promises OR c.debt_dispute OR c.capital = 'weak'
      OR c.revenue_declining OR c.sales_declining OR c.illegal_operation
      OR c.suspended_by_authority OR c.account_freeze_risk THEN 'C'
    WHEN NOT c.profile_complete THEN 'B'
    WHEN c.capital = 'strong' AND c.months_cooperating >= 12 AND c.good_operating_years >= 2
      AND c.annual_payment_ratio >= 1.0 THEN 'A'
    ELSE 'B' END
\$\$;
-- the facts as crmrules reads them
CREATE FUNCTION facts(c customers) RETURNS jsonb LANGUAGE sql IMMUTABLE PARALLEL SAFE AS \$\$
  SELECT to_jsonb(c) - 'id' - 'grade'
\$\$;


\echo == agreement: crm_grade against the CASE, every row
SELECT count(*) AS rows, count(*) FILTER (WHERE crm_grade('default', facts(c)) <> grade_case(c)) AS differ,
       count(*) FILTER (WHERE grade_case(c) = 'A') AS a, count(*) FILTER (WHERE grade_case(c) = 'B') AS b,
       count(*) FILTER (WHERE grade_case(c) = 'C') AS c
FROM customers c;

EOF

# measure LABEL ROWS SQL: one timed statement whose rows go nowhere; psql
# prints "LABEL|ROWS|Time: N ms", the table below is made from it.
measure() {
  cat >>"$sql" <<EOF
\\o /dev/null
\\echo -n '$1|$2|'
\\timing on
$3;
\\timing off
\\o
EOF
}

for workers in 0 2; do
  echo "SET max_parallel_workers_per_gather = $workers;" >>"$sql"
  measure "SELECT, $workers workers: CASE" "$rows" \
    "SELECT count(*) FILTER (WHERE grade_case(c) = 'A') FROM customers c"
  measure "SELECT, $workers workers: facts jsonb only" "$rows" \
    "SELECT count(*) FILTER (WHERE facts(c) ? 'capital') FROM customers c"
  measure "SELECT, $workers workers: crm_grade" "$rows" \
    "SELECT count(*) FILTER (WHERE crm_grade('default', facts(c)) = 'A') FROM customers c"
  measure "SELECT, $workers workers: crm_decide" "$rows" \
    "SELECT count(*) FILTER (WHERE crm_decide('default', 'credit_grade', facts(c)) ->> 'grade' = 'A') FROM customers c"
  for f in "CASE|grade_case(c)" "crm_grade|crm_grade('default', facts(c))" \
           "crm_decide|crm_decide('default', 'credit_grade', facts(c)) ->> 'grade'"; do
    echo "DROP TABLE IF EXISTS graded;" >>"$sql"
    measure "CREATE TABLE AS, $workers workers: ${f%%|*}" "$rows" \
      "CREATE UNLOGGED TABLE graded AS SELECT id, ${f#*|} AS grade FROM customers c"
  done
  echo "DROP TABLE graded;" >>"$sql"
  cat >>"$sql" <<EOF
\\echo plan of CREATE TABLE AS with crm_grade, $workers workers per gather:
EXPLAIN (COSTS OFF) CREATE UNLOGGED TABLE graded AS SELECT id, crm_grade('default', facts(c)) AS grade FROM customers c;
EOF
done
echo "RESET max_parallel_workers_per_gather;" >>"$sql"
for f in "CASE|grade_case(c)" "crm_grade|crm_grade('default', facts(c))" \
         "crm_decide|crm_decide('default', 'credit_grade', facts(c)) ->> 'grade'"; do
  measure "UPDATE (never parallel): ${f%%|*}" "$rows" "UPDATE customers c SET grade = ${f#*|}"
  echo "VACUUM customers;" >>"$sql"
done
cat >>"$sql" <<'EOF'
SET max_parallel_workers_per_gather = 0;
SELECT facts(c) AS f FROM customers c WHERE id = 1 \gset
EOF
measure "one call, constant facts: none" "$rows" \
  "SELECT count(:'f'::jsonb) FROM generate_series(1, $rows)"
measure "one call, constant facts: crm_grade" "$rows" \
  "SELECT count(crm_grade('default', :'f')) FROM generate_series(1, $rows)"
measure "one call, constant facts: crm_decide" "$rows" \
  "SELECT count(crm_decide('default', 'credit_grade', :'f')) FROM generate_series(1, $rows)"

cat >>"$sql" <<'EOF'
\echo
\echo == memory: VmRSS of the backend
\pset tuples_only on
CREATE FUNCTION rss() RETURNS text LANGUAGE sql AS
  $$ SELECT substring(pg_read_file('/proc/self/status') FROM 'VmRSS:\s*([0-9]+ kB)') $$;
SELECT count(crm_decide('default', 'credit_grade', :'f')) FROM generate_series(1, 10000) \g /dev/null
SELECT 'after a warm-up of 10,000 calls:                       ' || rss();
SELECT count(crm_decide('default', 'credit_grade', :'f')) FROM generate_series(1, 1000000) \g /dev/null
SELECT 'after 1,000,000 crm_decide calls:                      ' || rss();
SELECT count(crm_decide('default', 'credit_grade', :'f')) FROM generate_series(1, 1000000) \g /dev/null
SELECT 'after 1,000,000 more:                                  ' || rss();
SELECT count(crm_try_decide('default', 'credit_grade', '{"capital": "strong"}'))
FROM generate_series(1, 1000000) \g /dev/null
SELECT 'after 1,000,000 crm_try_decide, each an error object:  ' || rss();
DO $$
DECLARE i int;
BEGIN
  FOR i IN 1..10000 LOOP
    BEGIN
      PERFORM crm_decide('default', 'credit_grade', '{"capital": "strong"}');
    EXCEPTION WHEN null_value_not_allowed THEN NULL;
    END;
  END LOOP;
END $$;
SELECT 'after 10,000 crm_decide errors raised and caught:      ' || rss();
EOF

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
psql -X -q -d postgres -f "$sql" 2>&1 | awk -F'|' '
  NF == 3 && $3 ~ /^Time: / {
    split($3, t, " "); ms = t[2]
    printf "%-46s %9.0f ms %10.0f rows/s %7.2f us/row\n", $1, ms, $2 / (ms / 1000), ms * 1000 / $2
    next
  }
  /^$/ { next }
  { print }'
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
