#!/bin/sh
# run.sh CRMRULES DIR - the command-line tool against golden outputs.
set -u
bin=$1 dir=$2
cd "$dir" || exit 1
fail=0
check() { # name expected-exit actual-exit expected-text actual-text
  if [ "$2" != "$3" ]; then echo "FAIL $1: exit $3, want $2"; fail=1; fi
  if [ "$4" != "$5" ]; then printf 'FAIL %s:\n--- want\n%s\n--- got\n%s\n' "$1" "$4" "$5"; fail=1; fi
}

out=$("$bin" check bad.yaml 2>&1); rc=$?
check "check diagnostics" 1 $rc "bad.yaml:8:15: error: unknown fact or constant 'months_cooperatin' (did you mean 'months_cooperating'?)
    8 |         when: months_cooperatin >= 12
      |               ^
bad.yaml: 1 error, 0 warnings" "$out"

out=$("$bin" check rules.yaml 2>&1); rc=$?
check "check clean" 0 $rc "rules.yaml: ok: 4 facts, 2 decisions, 2 tests" "$out"

out=$(echo '{"months_cooperating": 24, "capital": "strong", "bad_record_24m": false, "avg_monthly_payments": 1234.5}' |
  "$bin" eval --rules rules.yaml --decision limit); rc=$?
check "eval chained" 0 $rc '{"limit":"1234.50","approvals":["sales_vp","cfo","gm"]}' "$out"

out=$(printf 'months_cooperating: 2\ncapital: weak\nbad_record_24m: false\n' |
  "$bin" eval --rules rules.yaml --decision grade --explain); rc=$?
check "eval yaml explain" 0 $rc '{"grade":"C","$explain":{"fired":[{"decision":"grade","rule":"C-weak","facts":{"capital":"weak"}}]}}' "$out"

out=$(printf '%s\n' '{"months_cooperating": 24, "capital": "strong", "bad_record_24m": false}' '' \
  '{"capital": "strong"}' '{"capital": "rich"}' '{"bad_record_24m": true}' |
  "$bin" eval --rules rules.yaml --decision grade --lines); rc=$?
check "eval lines" 1 $rc '{"grade":"A"}
{"$error":{"code":"missing","message":"decision '"'grade'"' needs facts that are not set: bad_record_24m","line":8,"column":3,"missing":["bad_record_24m"]}}
{"$error":{"code":"invalid","message":"fact '"'capital'"': \"rich\" is not one of its allowed values","line":1,"column":13}}
{"grade":"C"}' "$out"

# --lines reads plain lines with yajl and hands the rest to the library: each
# line must give what the same object gives alone, on any number of jobs.
lines='{"months_cooperating": 24, "capital": "strong", "bad_record_24m": false}
{"capital": "str\u006fng", "months_cooperating": 24, "bad_record_24m": false, "avg_monthly_payments": 10.5}
{"capital": "strong", "capital": "weak", "bad_record_24m": false}
{"nope": 1}
{"bad_record_24m": tru
{"months_cooperating": "24", "capital": "weak", "bad_record_24m": false}
{"months_cooperating": 1e1, "capital": "strong", "bad_record_24m": false}
{"months_cooperating": 99999999999999999999, "capital": "strong", "bad_record_24m": false}
{"avg_monthly_payments": 1.005, "bad_record_24m": true}
{"capital": null, "bad_record_24m": true, "months_cooperating": -3}
[1, 2]
{"capital": {"a": 1}}'
alone=$(printf '%s\n' "$lines" | while IFS= read -r l; do printf '%s' "$l" |
  "$bin" eval --rules rules.yaml --decision limit; done)
for jobs in 1 3; do
  out=$(printf '%s\n' "$lines" | "$bin" eval --rules rules.yaml --decision limit --lines --jobs $jobs); rc=$?
  check "eval lines, $jobs jobs, as alone" 1 $rc "$alone" "$out"
done
case "$alone" in *'"limit":"10.50"'*) ;; *) echo "FAIL eval lines: the escaped line was not decided"; fail=1 ;; esac
out=$("$bin" eval --rules rules.yaml --decision limit --lines --jobs 0 </dev/null 2>&1); rc=$?
check "eval --jobs 0" 2 $rc "crmrules eval: --jobs takes 1 to 30, not '0'" "$out"

out=$("$bin" test rules.yaml); rc=$?
check "test" 1 $rc "FAIL rules.yaml:28:5: test 'this one is wrong on purpose': grade: expected \"A\", got \"B\"
1 passed, 1 failed" "$out"

out=$("$bin" eval --rules rules.yaml --decision nope /dev/null 2>&1); rc=$?
check "eval unknown decision" 2 $rc "crmrules eval: no decision 'nope' in rules.yaml" "$out"

out=$("$bin" frob 2>&1 | head -1); check "unknown command" "" "" "crmrules: unknown command 'frob'" "$out"

out=$("$bin" sla --rules ../../rules --timer complaint.first_contact --start 2026-09-30T17:59:00+08:00 \
  --pause 2026-10-08T09:00:00+08:00/2026-10-08T10:00:00+08:00 --now 2026-10-08T12:00:00+08:00); rc=$?
check "sla" 0 $rc '{"timer":"complaint.first_contact","measure":"working days","status":"warning","due":"2026-10-08T18:59:00+08:00","total":86400,"elapsed":61260,"remaining":25140,"next_alert":"2026-10-08T14:11:00+08:00","warnings_passed":1}' "$out"

out=$("$bin" sla --rules ../../rules --timer complaint.first_contact --start 2026-12-31T10:00:00+08:00 2>&1); rc=$?
check "sla outside the calendar" 1 $rc "crmrules sla: calendar cn-2026 has no data for 2027 (timer complaint.first_contact)" "$out"

out=$("$bin" sla --rules ../../rules --timer complaint.first_contact --start 2026-10-09T09:00:00+08:00 --stop 2026-10-09T08:00:00+08:00 2>&1); rc=$?
check "sla stop before start" 2 $rc "crmrules sla: the timer stops before it starts" "$out"

[ $fail -eq 0 ] && echo "cli: all cases passed"
exit $fail
