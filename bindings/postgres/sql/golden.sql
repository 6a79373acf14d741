-- The golden cases every binding shares (tests/golden/rules.jsonl: the
-- shipped rules' own tests as JSON lines), answered through crm_decide
-- with the rule set 'default' (every file of rules/, loaded as rows).
\getenv abs_srcdir PG_ABS_SRCDIR
\set golden `cat :'abs_srcdir'/../../tests/golden/rules.jsonl`
CREATE TABLE golden AS
SELECT n, line::jsonb AS c
FROM regexp_split_to_table(:'golden', E'\n') WITH ORDINALITY AS t(line, n)
WHERE line <> '';
SELECT count(*) AS cases, count(*) FILTER (WHERE c ? 'expect_error') AS error_cases FROM golden;

CREATE FUNCTION golden_check(c jsonb) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
  got jsonb;
  k text;
  state text;
  bad text := '';
BEGIN
  IF c ? 'expect_error' THEN
    got := crm_try_decide('default', c ->> 'decision', c -> 'facts');
    IF got -> '$error' ->> 'code' IS DISTINCT FROM c ->> 'expect_error' THEN
      RETURN format('expected error %s, got %s', c ->> 'expect_error', got);
    END IF;
    BEGIN
      got := crm_decide('default', c ->> 'decision', c -> 'facts');
      RETURN format('expected error %s, crm_decide gave %s', c ->> 'expect_error', got);
    EXCEPTION WHEN OTHERS THEN
      GET STACKED DIAGNOSTICS state = RETURNED_SQLSTATE;
      IF c ->> 'expect_error' = 'missing' AND state <> '22004' THEN
        RETURN format('missing facts raised %s, not 22004', state);
      END IF;
    END;
    RETURN NULL;
  END IF;
  got := crm_decide('default', c ->> 'decision', c -> 'facts');
  FOR k IN SELECT jsonb_object_keys(c -> 'expect') LOOP
    IF got -> k IS DISTINCT FROM c -> 'expect' -> k THEN
      bad := bad || format('%s: expected %s, got %s; ', k, c -> 'expect' -> k, got -> k);
    END IF;
  END LOOP;
  RETURN nullif(bad, '');
EXCEPTION WHEN OTHERS THEN
  RETURN 'error: ' || SQLERRM;
END
$$;

-- every case: the failures (none), then the tally
SELECT c ->> 'file' AS file, c ->> 'line' AS line, c ->> 'name' AS name, golden_check(c) AS failure
FROM golden WHERE golden_check(c) IS NOT NULL ORDER BY n;
SELECT count(*) FILTER (WHERE golden_check(c) IS NULL) AS passed,
       count(*) FILTER (WHERE golden_check(c) IS NOT NULL) AS failed
FROM golden;
-- by decision
SELECT c ->> 'decision' AS decision, count(*) AS cases FROM golden GROUP BY 1 ORDER BY 1;
