-- SLA clocks: crm_sla gives what `crmrules sla` prints for the same clock.
SET TIME ZONE 'UTC';
-- complaint.first_contact: 1 working day on the cn calendar, started the
-- evening before the October holidays; now on the first working day after.
SELECT crm_sla('default', 'complaint.first_contact', '2026-09-30 17:59+08', NULL, '2026-10-08 12:00+08');
-- paused an hour that morning: due an hour later
SELECT crm_sla('default', 'complaint.first_contact', '2026-09-30 17:59+08',
               ARRAY[tstzrange('2026-10-08 09:00+08', '2026-10-08 10:00+08')], '2026-10-08 12:00+08');
-- the same pause still going on (no upper bound): it ends at now
SELECT crm_sla('default', 'complaint.first_contact', '2026-09-30 17:59+08',
               ARRAY[tstzrange('2026-10-08 09:00+08', NULL)], '2026-10-08 10:00+08') ->> 'remaining' AS remaining;
-- empty ranges pause nothing; an empty array is no pause
SELECT crm_sla('default', 'complaint.first_contact', '2026-09-30 17:59+08',
               ARRAY['empty'::tstzrange], '2026-10-08 12:00+08')
     = crm_sla('default', 'complaint.first_contact', '2026-09-30 17:59+08', '{}', '2026-10-08 12:00+08') AS same;
-- wall-clock hours, breached; a stopped clock
SELECT crm_sla('default', 'complaint.minor.analysis', '2026-03-02 10:00+08', NULL, '2026-03-02 12:00+08');
SELECT crm_sla('default', 'complaint.progress_update', '2026-03-02 10:00+08', NULL,
               '2026-03-03 12:00+08', '2026-03-03 11:00+08');
-- the outputs as SQL values
SELECT (s ->> 'due')::timestamptz AS due, make_interval(secs => (s ->> 'remaining')::int) AS remaining,
       s ->> 'status' AS status, (s ->> 'next_alert')::timestamptz AS next_alert
FROM crm_sla('default', 'complaint.first_contact', '2026-09-30 17:59+08', NULL, '2026-10-08 12:00+08') s;
-- over a table of open complaints
CREATE TABLE complaints (id int, opened timestamptz, pauses tstzrange[]);
INSERT INTO complaints VALUES
  (1, '2026-10-07 09:00+08', NULL),
  (2, '2026-10-08 16:00+08', '{"[2026-10-08 17:00+08,2026-10-09 09:00+08)"}'),
  (3, '2026-10-09 11:30+08', NULL);
SELECT id, s ->> 'status' AS status, s ->> 'due' AS due
FROM complaints, crm_sla('default', 'complaint.first_contact', opened, pauses, '2026-10-09 12:00+08') s
ORDER BY id;
-- null arguments give null (pauses and stop may be null)
SELECT crm_sla('default', NULL, now(), NULL, now()) IS NULL AS null_timer,
       crm_sla('default', 'complaint.first_contact', '2026-09-30 17:59+08', NULL, NULL) IS NULL AS null_now;
-- errors
SELECT crm_sla('default', 'complaint.first_contakt', now(), NULL, now());
\echo :LAST_ERROR_SQLSTATE
SELECT crm_sla('default', 'complaint.first_contact', '2027-03-02 10:00+08', NULL, '2027-03-03 12:00+08');
\echo :LAST_ERROR_SQLSTATE
SELECT crm_sla('default', 'complaint.first_contact', '-infinity', NULL, now());
\echo :LAST_ERROR_SQLSTATE
SELECT crm_sla('default', 'complaint.first_contact', '2026-10-08 09:00+08',
               ARRAY[tstzrange(NULL, '2026-10-08 10:00+08')], '2026-10-08 12:00+08');
\echo :LAST_ERROR_SQLSTATE
SELECT crm_sla('default', 'complaint.first_contact', '2026-10-08 09:00+08',
               ARRAY[NULL::tstzrange], '2026-10-08 12:00+08');
\echo :LAST_ERROR_SQLSTATE
SELECT crm_sla('default', 'complaint.first_contact', '2026-10-08 09:00+08', NULL,
               '2026-10-08 12:00+08', '2026-10-08 08:00+08');
\echo :LAST_ERROR_SQLSTATE
SELECT crm_sla('default', 'complaint.first_contact', '2026-10-08 09:00+08',
               array_fill(tstzrange('2026-10-08 09:00+08', '2026-10-08 09:01+08'), ARRAY[300]),
               '2026-10-08 12:00+08');
\echo :LAST_ERROR_SQLSTATE
