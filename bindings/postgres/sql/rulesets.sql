-- Rule sets as rows: compiled when written, refused with the library's
-- file:line:column when they do not compile, versioned by name.
CREATE EXTENSION crmrules;
\getenv abs_srcdir PG_ABS_SRCDIR
\set root :abs_srcdir/../..

-- The README's tutorial, one file.
\set tier `cat :'root'/examples/tutorial/tier.yaml`
INSERT INTO crm_rulesets (name, files)
VALUES ('tutorial', jsonb_build_object('tier.yaml', :'tier'))
RETURNING name, version;
SELECT crm_ruleset_check(files) FROM crm_rulesets WHERE name = 'tutorial';

-- The shipped policies, every file of rules/ named as it is there: the
-- include: calendars/cn of two of them finds the calendar files among them.
\set complaint_timers `cat :'root'/rules/complaint_timers.yaml`
\set complaints `cat :'root'/rules/complaints.yaml`
\set credit_check `cat :'root'/rules/credit_check.yaml`
\set credit_governance `cat :'root'/rules/credit_governance.yaml`
\set credit_grade `cat :'root'/rules/credit_grade.yaml`
\set credit_limit `cat :'root'/rules/credit_limit.yaml`
\set service_tier `cat :'root'/rules/service_tier.yaml`
\set cn2024 `cat :'root'/rules/calendars/cn/2024.yaml`
\set cn2025 `cat :'root'/rules/calendars/cn/2025.yaml`
\set cn2026 `cat :'root'/rules/calendars/cn/2026.yaml`
\set cncal `cat :'root'/rules/calendars/cn/calendar.yaml`
INSERT INTO crm_rulesets (name, files)
VALUES ('default', jsonb_build_object(
  'complaint_timers.yaml', :'complaint_timers', 'complaints.yaml', :'complaints',
  'credit_check.yaml', :'credit_check', 'credit_governance.yaml', :'credit_governance',
  'credit_grade.yaml', :'credit_grade', 'credit_limit.yaml', :'credit_limit',
  'service_tier.yaml', :'service_tier',
  'calendars/cn/2024.yaml', :'cn2024', 'calendars/cn/2025.yaml', :'cn2025',
  'calendars/cn/2026.yaml', :'cn2026', 'calendars/cn/calendar.yaml', :'cncal'))
RETURNING name, version, (SELECT count(*) FROM jsonb_object_keys(files)) AS files;
SELECT r->'files' AS files, r->'facts' AS facts, jsonb_array_length(r->'decisions') AS decisions,
       jsonb_array_length(r->'timers') AS timers, r->'tests' AS tests, r->'warnings' AS warnings
FROM crm_rulesets, crm_ruleset_check(files) r WHERE name = 'default';

-- Without the calendar files, the include finds nothing: refused at it.
INSERT INTO crm_rulesets (name, files)
SELECT 'partial', files - 'calendars/cn/2024.yaml' - 'calendars/cn/2025.yaml'
       - 'calendars/cn/2026.yaml' - 'calendars/cn/calendar.yaml'
FROM crm_rulesets WHERE name = 'default';
\echo :LAST_ERROR_SQLSTATE

-- A misspelt constant: refused, at its line and column, with the closest name.
INSERT INTO crm_rulesets (name, files)
VALUES ('tutorial', jsonb_build_object('tier.yaml',
        replace(:'tier', '">= volume_target"', '">= volume_targt"')));
\echo :LAST_ERROR_SQLSTATE
-- An update is checked the same way; the row keeps its files.
UPDATE crm_rulesets SET files = jsonb_build_object('tier.yaml', 'facts: { x: int, x: bool }')
WHERE name = 'tutorial';
\echo :LAST_ERROR_SQLSTATE
-- Every error of a load, in file order, in the detail.
SELECT crm_ruleset_check(jsonb_build_object('tier.yaml',
  E'facts: { months: int, capital: string }\ndecisions:\n  tier:\n    outputs: { tier: int }\n' ||
  E'    rules:\n      - { id: loyal, when: monthz > 12, then: 1 }\n' ||
  E'      - { id: rich, when: capital > 1, then: 2 }\n'));
\echo :LAST_ERROR_SQLSTATE
SELECT crm_ruleset_check('{"a.yaml": 1}');
\echo :LAST_ERROR_SQLSTATE
SELECT crm_ruleset_check('["a.yaml"]');
\echo :LAST_ERROR_SQLSTATE
SELECT crm_ruleset_check('{}');
\echo :LAST_ERROR_SQLSTATE
SELECT crm_ruleset_check('{"a.yaml": "facts: [\n"}');
\echo :LAST_ERROR_SQLSTATE
-- include: never reads the server's files
SELECT crm_ruleset_check('{"a.yaml": "include: /etc/passwd\n"}');
\echo :LAST_ERROR_SQLSTATE

-- Versions: the next one of its name when none is given.
INSERT INTO crm_rulesets (name, files)
VALUES ('tutorial', jsonb_build_object('tier.yaml', replace(:'tier', 'high_satisfaction: 85', 'high_satisfaction: 90')))
RETURNING name, version;
INSERT INTO crm_rulesets (name, version, files)
VALUES ('tutorial', 10, jsonb_build_object('tier.yaml', :'tier'))
RETURNING name, version;
DELETE FROM crm_rulesets WHERE name = 'tutorial' AND version = 10;
SELECT name, version, jsonb_object_keys(files) FROM crm_rulesets ORDER BY 1, 2, 3;
