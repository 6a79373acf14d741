#!/bin/sh
# run.sh CRMRULES DIR - the command-line tool against golden outputs.
set -u
bin=$1 dir=$2
cd "$dir" || exit 1
fail=0
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
check() { # name expected-exit actual-exit expected-text actual-text
  if [ "$2" != "$3" ]; then echo "FAIL $1: exit $3, want $2"; fail=1; fi
  if [ "$4" != "$5" ]; then printf 'FAIL %s:\n--- want\n%s\n--- got\n%s\n' "$1" "$4" "$5"; fail=1; fi
}

out=$("$bin" check bad.yaml 2>&1); rc=$?
check "check diagnostics" 1 $rc "bad.yaml:8:15: error: unknown fact or constant 'months_cooperatin' (did you mean 'months_cooperating'?)
    8 |         when: months_cooperatin >= 12
      |               ^
bad.yaml: 1 error, 0 warnings" "$out"

# a test's facts are checked when the file loads, as the setters would check them
out=$("$bin" check bad_test_fact.yaml 2>&1); rc=$?
check "check test facts" 1 $rc "bad_test_fact.yaml:13:34: error: fact 'months_cooperating': '18.5' is not an integer
   13 |     facts: { months_cooperating: 18.5 }
      |                                  ^
bad_test_fact.yaml: 1 error, 0 warnings" "$out"

# what the table analysis cannot read it says, at the rule; a complete: true it
# cannot prove fails
out=$("$bin" check unique_when.yaml 2>&1); rc=$?
check "check unread when:" 0 $rc "unique_when.yaml:13:9: warning: cannot prove that rule 'vip' never matches together with rules 'young' and 'old' in 'unique' table 'tier': it has a 'when:' condition, which the analysis does not read
   13 |       - { id: vip, when: vip, then: 0 }
      |         ^
unique_when.yaml: ok: 2 facts, 1 decisions, 0 tests, 1 warning" "$out"
out=$(echo '{"months": 30, "vip": true}' | "$bin" eval --rules unique_when.yaml --decision tier 2>/dev/null); rc=$?
check "eval the conflict warned of" 1 $rc '{"$error":{"code":"conflict","message":"decision '"'tier'"' is '"'unique'"' but rules '"'old'"' and '"'vip'"' both match","file":"unique_when.yaml","line":13,"column":9}}' "$out"
out=$("$bin" check ../cases/invalid/complete_when.yaml 2>&1); rc=$?
check "check complete unproven" 1 $rc "../cases/invalid/complete_when.yaml:14:9: warning: cannot prove that decision 'tier' is complete: rule 'others' may be the only rule for some cases, and it has a 'when:' condition, which the analysis does not read
   14 |       - { id: others, when: 'capital != \"strong\"', then: 2 }
      |         ^
../cases/invalid/complete_when.yaml:7:3: error: decision 'tier' is declared complete but the analysis cannot prove it: only rules it cannot read cover: months >= 12, capital in (\"adequate\", \"weak\"); add a catch-all rule last (every cell '-', no 'when:')
    7 |   tier:
      |   ^
../cases/invalid/complete_when.yaml: 1 error, 1 warning" "$out"

out=$("$bin" check rules.yaml 2>&1); rc=$?
check "check clean" 0 $rc "rules.yaml: ok: 4 facts, 2 decisions, 2 tests" "$out"

out=$(echo '{"months_cooperating": 24, "capital": "strong", "bad_record_24m": false, "avg_monthly_payments": 1234.5}' |
  "$bin" eval --rules rules.yaml --decision limit); rc=$?
check "eval chained" 0 $rc '{"limit":"1234.50","approvals":["sales_vp","cfo","gm"]}' "$out"

out=$(printf 'months_cooperating: 2\ncapital: weak\nbad_record_24m: false\n' |
  "$bin" eval --rules rules.yaml --decision grade --explain); rc=$?
check "eval yaml explain" 0 $rc '{"grade":"C","$explain":{"fired":[{"decision":"grade","rule":"C-weak","facts":{"capital":"weak"}}]}}' "$out"

# --explain=full: the rules tried before those that fired, each with the
# cell (or when:) that was false, the value it saw and the facts it read
out=$(echo '{"months_cooperating": 3, "capital": "strong", "bad_record_24m": false, "avg_monthly_payments": 1234.5}' |
  "$bin" eval --rules rules.yaml --decision limit --explain=full); rc=$?
check "eval --explain=full" 0 $rc '{"limit":"0.00","approvals":[],"$explain":{"fired":[{"decision":"grade","rule":"B","facts":{}},{"decision":"limit","rule":"none","facts":{}}],"tried":[{"decision":"grade","rule":"C-bad-record","input":"bad_record_24m","cell":"true","value":false,"facts":{"bad_record_24m":false}},{"decision":"grade","rule":"C-weak","input":"capital","cell":"[weak]","value":"strong","facts":{"capital":"strong"}},{"decision":"grade","rule":"A","input":"months_cooperating","cell":">= 12","value":3,"facts":{"months_cooperating":3}},{"decision":"limit","rule":"A-limit","when":"grade.grade = \"A\"","facts":{}}]}}' "$out"
out=$(printf '%s\n' '{"months_cooperating": 30, "capital": "strong", "bad_record_24m": false}' '{"capital": "weak"}' |
  "$bin" eval --rules rules.yaml --decision grade --explain=full --lines --jobs 2); rc=$?
check "eval --explain=full --lines" 1 $rc '{"grade":"A","$explain":{"fired":[{"decision":"grade","rule":"A","facts":{"months_cooperating":30,"capital":"strong","bad_record_24m":false}}],"tried":[{"decision":"grade","rule":"C-bad-record","input":"bad_record_24m","cell":"true","value":false,"facts":{"bad_record_24m":false}},{"decision":"grade","rule":"C-weak","input":"capital","cell":"[weak]","value":"strong","facts":{"capital":"strong"}}]}}
{"$error":{"code":"missing","message":"decision '"'grade'"' needs facts that are not set: bad_record_24m","file":"rules.yaml","line":8,"column":3,"missing":["bad_record_24m"]}}' "$out"

# describe: every fact a decision may read (limit chains into grade), as
# text and as a JSON Schema (tests/schema checks those with a validator)
out=$("$bin" describe --rules rules.yaml --decision limit); rc=$?
check "describe" 0 $rc "decision limit may read 4 facts:
  months_cooperating   int
  capital              string, one of strong, adequate, weak
  bad_record_24m       bool
  avg_monthly_payments money" "$out"
out=$("$bin" describe -r ../../rules -d credit_grade | sed -n '1,2p;6p'); rc=$?
check "describe ranges and descriptions" 0 $rc "decision credit_grade may read 13 facts:
  months_cooperating     int in [0..1200]: months of cooperation with us
  capital                string, one of strong, adequate, weak: capital and repayment ability" "$out"
out=$("$bin" describe --rules rules.yaml --decision grade --json-schema); rc=$?
check "describe --json-schema" 0 $rc '{
  "$schema": "https://json-schema.org/draft/2020-12/schema",
  "title": "facts of decision grade",
  "type": "object",
  "properties": {
    "months_cooperating": {"type":["integer","null"]},
    "capital": {"type":["string","null"],"enum":["strong","adequate","weak",null]},
    "bad_record_24m": {"type":["boolean","null"]}
  },
  "additionalProperties": false
}' "$out"
out=$("$bin" describe --rules rules.yaml --decision nope 2>&1); rc=$?
check "describe unknown decision" 2 $rc "crmrules describe: no decision 'nope' in rules.yaml" "$out"
out=$("$bin" describe --rules rules.yaml 2>&1); rc=$?
check "describe without --decision" 2 $rc "usage: crmrules describe --rules PATH [--rules PATH]... [--include-root DIR] --decision NAME [--json-schema]" "$out"

out=$(printf '%s\n' '{"months_cooperating": 24, "capital": "strong", "bad_record_24m": false}' '' \
  '{"capital": "strong"}' '{"capital": "rich"}' '{"bad_record_24m": true}' |
  "$bin" eval --rules rules.yaml --decision grade --lines); rc=$?
check "eval lines" 1 $rc '{"grade":"A"}
{"$error":{"code":"missing","message":"decision '"'grade'"' needs facts that are not set: months_cooperating, bad_record_24m","file":"rules.yaml","line":8,"column":3,"missing":["months_cooperating","bad_record_24m"]}}
{"$error":{"code":"invalid","message":"fact '"'capital'"': \"rich\" is not one of its allowed values","file":"<stdin>","line":4,"column":13}}
{"grade":"C"}' "$out"

# Each line must give what the same object gives alone, on any number of
# jobs, but for where its errors are: the input's name and line.
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
  printf '%s\n' "$lines" | "$bin" eval --rules rules.yaml --decision limit --lines --jobs $jobs \
    --quiet > "$tmp/lines.out"; rc=$?
  out=$(sed 's/"file":"<stdin>","line":[0-9]*/"file":"<stdin>","line":1/; s/first at line [0-9]*/first at line 1/' \
    "$tmp/lines.out")
  check "eval lines, $jobs jobs, as alone" 1 $rc "$alone" "$out"
done
case "$alone" in *'"limit":"10.50"'*) ;; *) echo "FAIL eval lines: the escaped line was not decided"; fail=1 ;; esac
# --keep carries ids through (also onto errors), --unknown ignore skips the
# keys that are no facts, a bad line in the middle does not stop the run,
# and the summary counts them.
printf '%s\n' '{"id": 17, "months_cooperating": 24, "capital": "strong", "bad_record_24m": false, "crm_ref": "x"}' \
  '{"id": "A-18", "capital": "strong", "bad_record_24m": tru}' '' \
  '{"capital": "weak", "bad_record_24m": false, "id": [1, 2]}' |
  "$bin" eval --rules rules.yaml --decision grade --lines --keep id --keep batch --unknown ignore \
    >"$tmp/keep.out" 2>"$tmp/keep.err"; rc=$?
check "eval --keep" 1 $rc '{"id":17,"batch":null,"grade":"A"}
{"id":"A-18","batch":null,"$error":{"code":"syntax","message":"expected a value (a string, number, true, false, null or array), found '"'t'"'","file":"<stdin>","line":2,"column":55}}
{"id":[1, 2],"batch":null,"grade":"C"}' "$(cat "$tmp/keep.out")"
case $(cat "$tmp/keep.err") in
  "crmrules eval: 3 lines, 2 decided, 1 errors, "*" s") ;;
  *) echo "FAIL eval summary: $(cat "$tmp/keep.err")"; fail=1 ;;
esac
out=$(echo '{"crm_ref": 1}' | "$bin" eval --rules rules.yaml --decision grade --lines --quiet 2>&1); rc=$?
check "eval --unknown error" 1 $rc '{"$error":{"code":"unknown","message":"unknown fact '"'crm_ref'"'","file":"<stdin>","line":1,"column":2}}' "$out"
out=$("$bin" eval --rules rules.yaml --decision grade --keep id </dev/null 2>&1); rc=$?
check "eval --keep without --lines" 2 $rc "crmrules eval: --jobs, --keep, --unknown and --quiet go with --lines" "$out"
out=$("$bin" eval --rules rules.yaml --decision grade --lines --unknown maybe </dev/null 2>&1); rc=$?
check "eval --unknown maybe" 2 $rc "crmrules eval: --unknown takes error or ignore, not 'maybe'" "$out"

# Streaming: each result is out before the next line is in (a co-process).
for jobs in 1 2; do
  rm -f "$tmp/in" "$tmp/got"
  mkfifo "$tmp/in"
  "$bin" eval --rules rules.yaml --decision grade --lines --quiet --jobs $jobs <"$tmp/in" >"$tmp/got" &
  pid=$!
  exec 9>"$tmp/in"
  echo '{"capital": "weak", "bad_record_24m": false}' >&9
  n=0
  while [ $n -lt 50 ] && [ ! -s "$tmp/got" ]; do sleep 0.1; n=$((n + 1)); done
  check "eval streams, $jobs jobs" "" "" '{"grade":"C"}' "$(cat "$tmp/got")"
  echo '{"capital": "strong", "bad_record_24m": true}' >&9
  exec 9>&-
  wait $pid; rc=$?
  check "eval streams to the end, $jobs jobs" 0 $rc '{"grade":"C"}
{"grade":"C"}' "$(cat "$tmp/got")"
done

out=$("$bin" eval --rules rules.yaml --decision limit --lines --jobs 0 </dev/null 2>&1); rc=$?
check "eval --jobs 0" 2 $rc "crmrules eval: --jobs takes 1 to 30, not '0'" "$out"

# A warning made an error is printed once, as an error.
out=$("$bin" check -Werror gap.yaml 2>&1); rc=$?
check "check -Werror" 1 $rc "gap.yaml:4:3: error: decision 'd' has a gap: no rule covers n >= 10
    4 |   d:
      |   ^
gap.yaml: 1 error, 0 warnings" "$out"
out=$("$bin" test gap.yaml nope.yaml 2>/dev/null); rc=$?
check "test, a path not loaded" 1 $rc "0 passed, 0 failed, 1 path not loaded" "$out"

# A FIFO as a rule file, an include or in a directory is refused, not
# waited on.
mkfifo "$tmp/pipe.yaml" && mkdir "$tmp/dir" && mkfifo "$tmp/dir/a.yaml" &&
  printf 'include: [pipe.yaml]\n' > "$tmp/inc.yaml"
for p in "$tmp/pipe.yaml" "$tmp/dir" "$tmp/inc.yaml"; do
  out=$(timeout 10 "$bin" check "$p" 2>&1); rc=$?
  case $out in *"error: not a regular file"*) ;; *) echo "FAIL fifo $p: $out"; fail=1 ;; esac
  [ $rc = 1 ] || { echo "FAIL fifo $p: exit $rc"; fail=1; }
done

out=$("$bin" test rules.yaml); rc=$?
check "test" 1 $rc "FAIL rules.yaml:28:5: test 'this one is wrong on purpose': grade: expected \"A\", got \"B\"
1 passed, 1 failed" "$out"

out=$("$bin" eval --rules rules.yaml --decision nope /dev/null 2>&1); rc=$?
check "eval unknown decision" 2 $rc "crmrules eval: no decision 'nope' in rules.yaml" "$out"
out=$("$bin" eval --rules rules.yaml --decision grde /dev/null 2>&1); rc=$?
check "eval misspelt decision" 2 $rc "crmrules eval: no decision 'grde' in rules.yaml (did you mean 'grade'?)" "$out"
out=$("$bin" sla --rules ../../rules --timer complaint.first_contcat --start 2026-10-09T09:00:00+08:00 2>&1); rc=$?
check "sla misspelt timer" 2 $rc "crmrules sla: unknown timer 'complaint.first_contcat' (did you mean 'complaint.first_contact'?)" "$out"

out=$("$bin" frob 2>&1 | head -1); check "unknown command" "" "" "crmrules: unknown command 'frob'" "$out"

out=$("$bin" sla --rules ../../rules --timer complaint.first_contact --start 2026-09-30T17:59:00+08:00 \
  --pause 2026-10-08T09:00:00+08:00/2026-10-08T10:00:00+08:00 --now 2026-10-08T12:00:00+08:00); rc=$?
check "sla" 0 $rc '{"timer":"complaint.first_contact","measure":"working days","status":"warning","due":"2026-10-08T18:59:00+08:00","total":86400,"elapsed":61260,"remaining":25140,"next_alert":"2026-10-08T14:11:00+08:00","warnings_passed":1}' "$out"

out=$("$bin" sla --rules ../../rules --timer complaint.first_contact --start 2026-12-31T10:00:00+08:00 2>&1); rc=$?
check "sla outside the calendar" 1 $rc "crmrules sla: calendar cn has no data for 2027-01-01 (timer complaint.first_contact)" "$out"

out=$("$bin" sla --rules ../../rules --timer complaint.first_contact --start 2026-10-09T09:00:00+08:00 --stop 2026-10-09T08:00:00+08:00 2>&1); rc=$?
check "sla stop before start" 2 $rc "crmrules sla: the timer stops before it starts" "$out"

# calendar: the shipped calendar (2026 is in the rules as cn-2026, a calendar
# or an alias), and a fixture that assumes the working week past its data.
# Week rows: only digits, spaces and markers; each as wide as a full week.
week_rows() { grep -E '^[0-9 *+~?]*[0-9][0-9 *+~?]*$'; }
out=$("$bin" calendar --rules ../../rules cn-2026 --year 2026 --month 2 2>&1); rc=$?
check "calendar feb exit" 0 $rc "" ""
cells=$(printf '%s\n' "$out" | sed -n '/February 2026/,/^$/p' | week_rows)
check "calendar feb cells" 0 0 "                         1
 2   3   4   5   6   7   8
 9  10  11  12  13  14+ 15*
16* 17* 18* 19* 20* 21* 22*
23* 24  25  26  27  28+" "$(printf '%s\n' "$cells" | sed 's/ *$//')"
widths=$(printf '%s\n' "$cells" | awk '{ print length($0) }' | sort -u)
check "calendar feb rows of equal width" 0 0 "27" "$widths"
check "calendar feb entries" 0 0 "  Feb 14      working day    Spring Festival (Saturday worked)
  Feb 15-23   holiday        Spring Festival
  Feb 28      working day    Spring Festival (Saturday worked)" "$(printf '%s\n' "$out" | grep '^  [A-Z]')"
case "$out" in *'Mo  Tu  We  Th  Fr  Sa  Su'*'* holiday  + weekend day worked'*) ;;
  *) echo "FAIL calendar feb: no weekday row or legend"; fail=1 ;; esac

out=$("$bin" calendar --rules ../../rules cn-2026 --year 2026 --month 2 --json |
  python3 -c 'import json, sys
d = json.load(sys.stdin)["days"]
day = {x["date"]: x for x in d}
print(len(d), day["2026-02-14"]["kind"], day["2026-02-14"]["working"], day["2026-02-14"]["weekday"],
      day["2026-02-15"]["kind"], day["2026-02-15"]["name"], day["2026-02-24"]["hours"])'); rc=$?
check "calendar feb json" 0 $rc "28 adjusted True sat holiday Spring Festival ['09:00-12:00', '13:30-18:00']" "$out"

out=$("$bin" calendar --rules ../../rules nope 2>&1); rc=$?
case "$out" in "crmrules calendar: no calendar 'nope'; known calendars: "*cn*) ;;
  *) echo "FAIL calendar unknown: $out"; fail=1 ;; esac
check "calendar unknown exit" 2 $rc "" ""

out=$("$bin" calendar --rules ../../rules cn-2026 --year 2030 2>&1); rc=$?
case "$out" in "crmrules calendar: calendar cn"*" has no data for 2030-01-01") ;;
  *) echo "FAIL calendar year without data: $out"; fail=1 ;; esac
check "calendar year without data exit" 1 $rc "" ""

out=$("$bin" calendar --rules ../../rules cn-2026 --month 2 2>&1); rc=$?
check "calendar --month without --year" 2 $rc "crmrules calendar: --month needs --year" "$(printf '%s\n' "$out" | head -1)"
out=$("$bin" calendar --rules ../../rules cn-2026 --frob 2>&1); rc=$?
check "calendar bad flag" 2 $rc "crmrules calendar: unknown option '--frob'" "$(printf '%s\n' "$out" | head -1)"
out=$("$bin" calendar --rules ../../rules cn-2026 --year 2026 --month 13 2>&1); rc=$?
check "calendar bad month" 2 $rc "crmrules calendar: --month takes 1 to 12, not '13'" "$(printf '%s\n' "$out" | head -1)"

out=$("$bin" calendar --rules calendar_beyond.yaml demo-alias --year 2027 --month 3 2>&1); rc=$?
check "calendar assumed" 0 $rc "demo (alias demo-alias)  UTC-03:30  working week Mon-Fri
working hours 09:00-17:00, break 12:00-13:00
data for 2026; other years assumed from the working week

        March 2027
Mo  Tu  We  Th  Fr  Sa  Su
 1?  2?  3?  4?  5?  6?  7?
 8?  9? 10? 11? 12? 13? 14?
15? 16? 17? 18? 19? 20? 21?
22? 23? 24? 25? 26? 27? 28?
29? 30? 31?

* holiday  + weekend day worked  ~ special hours  ? no data, assumed" "$(printf '%s\n' "$out" | sed 's/ *$//')"
out=$("$bin" calendar --rules calendar_beyond.yaml demo --year 2027 --month 3 --json |
  python3 -c 'import json, sys
j = json.load(sys.stdin)
print(j["beyond_data"], len(j["days"]), all(x.get("assumed") for x in j["days"]))'); rc=$?
check "calendar assumed json" 0 $rc "working_week 31 True" "$out"
out=$("$bin" calendar --rules calendar_beyond.yaml demo 2>&1); rc=$?
check "calendar entries" 0 $rc "  Mar 2-3     holiday        Demo Days
  Mar 4       special hours  Half Day, 09:00-12:00
  Mar 6       holiday        Company Day (site)" "$(printf '%s\n' "$out" | grep '^  [A-Z]')"
if printf '%s\n' "$out" | week_rows | grep -q '?'; then
  echo "FAIL calendar entries: assumed days in a year with data"; fail=1
fi

# A site's own file beside the shipped rules (a second --rules): past the
# data, the working week is assumed and the answers say so; Dec 24 is the
# site's closure. 15 working days from Tue Dec 15: Dec 16-18, 21-23, 25,
# 28-31, an assumed Fri Jan 1 2027, Jan 4-6.
out=$("$bin" sla --rules ../../rules --rules site_beyond.yaml --timer complaint.formal_reply \
  --start 2026-12-15T10:00:00+08:00 2>&1); rc=$?
check "sla provisional" 0 $rc '{"timer":"complaint.formal_reply","measure":"working days","status":"running","due":"2027-01-06T10:00:00+08:00","total":1296000,"elapsed":0,"remaining":1296000,"next_alert":"2026-12-25T22:00:00+08:00","warnings_passed":0,"provisional":true,"assumed_from":"2027-01-01"}' "$out"
out=$("$bin" sla --rules ../../rules --rules site_beyond.yaml --timer complaint.formal_reply \
  --start 2026-11-02T10:00:00+08:00 2>&1); rc=$?
check "sla exact within the data" 0 $rc '{"timer":"complaint.formal_reply","measure":"working days","status":"running","due":"2026-11-23T10:00:00+08:00","total":1296000,"elapsed":0,"remaining":1296000,"next_alert":"2026-11-11T22:00:00+08:00","warnings_passed":0}' "$out"
out=$(echo '{"received":"2026-12-15"}' | "$bin" eval --rules ../../rules --rules site_beyond.yaml \
  --decision reply_by 2>&1); rc=$?
check "eval provisional" 0 $rc '{"day":"2027-01-06","$provisional":{"assumed_from":"2027-01-01"}}' "$out"
out=$(echo '{"received":"2026-11-02"}' | "$bin" eval --rules ../../rules --rules site_beyond.yaml \
  --decision reply_by 2>&1); rc=$?
check "eval exact" 0 $rc '{"day":"2026-11-23"}' "$out"
# the same year twice across --rules (a copy of the file): an error at the
# second, naming the first; the same file through another path loads once
cp ../../rules/calendars/cn/2025.yaml "$tmp/2025-copy.yaml"
out=$("$bin" sla --rules ../../rules --rules "$tmp/2025-copy.yaml" --timer \
  complaint.formal_reply --start 2026-11-02T10:00:00+08:00 2>&1 | head -1); rc=$?
case "$out" in
  *"2025-copy.yaml:"*"error: year 2025 of calendar 'cn' is declared twice (first at "*) ;;
  *) echo "FAIL year twice across --rules: $out"; fail=1 ;;
esac
out=$("$bin" sla --rules ../../rules --rules ../../rules/calendars/cn/2025.yaml --rules "$(cd ../../rules && pwd)" \
  --timer complaint.formal_reply --start 2026-11-02T10:00:00+08:00 --now 2026-11-02T10:00:00+08:00 2>&1); rc=$?
check "the same files through other paths" 0 $rc '{"timer":"complaint.formal_reply","measure":"working days","status":"running","due":"2026-11-23T10:00:00+08:00","total":1296000,"elapsed":0,"remaining":1296000,"next_alert":"2026-11-11T22:00:00+08:00","warnings_passed":0}' "$out"
printf 'include: [self.yaml]\nfacts: { x: int }\n' > "$tmp/self.yaml"
abs_bin=$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")
out=$(cd "$tmp" && "$abs_bin" check self.yaml 2>&1); rc=$?
check "a file that includes itself" 0 $rc "self.yaml: ok: 1 facts, 0 decisions, 0 tests" "$out"

# --include-root: include: reads only inside the directory, on every command
# that loads rules; refused at the include, the file outside never shown.
out=$("$bin" check --include-root ../../rules/alt ../../rules/alt/complaint_deadlines.yaml 2>&1); rc=$?
check "check --include-root refuses ../" 1 $rc "../../rules/alt/complaint_deadlines.yaml:5:11: error: cannot include ../calendars/cn: no such file or directory inside the include root
    5 | include: [../calendars/cn]
      |           ^
../../rules/alt/complaint_deadlines.yaml: 1 error, 0 warnings" "$out"
out=$("$bin" check --include-root ../../rules ../../rules/alt/complaint_deadlines.yaml 2>&1); rc=$?
check "check --include-root inside" 0 $rc "../../rules/alt/complaint_deadlines.yaml: ok: 0 facts, 0 decisions, 142 tests" "$out"
out=$("$bin" test --include-root ../../rules/alt ../../rules/alt/complaint_two_level.yaml 2>&1 | tail -1); rc=$?
check "test --include-root" 0 $rc "0 passed, 0 failed, 1 path not loaded" "$out"
printf 'include: [/etc/passwd]\n' > "$tmp/passwd.yaml"
out=$("$bin" check --include-root "$tmp" "$tmp/passwd.yaml" 2>&1); rc=$?
case $out in
  *"passwd.yaml:1:11: error: cannot include /etc/passwd: no such file or directory inside the include root"*) ;;
  *) echo "FAIL check --include-root absolute: $out"; fail=1 ;;
esac
case $out in *root:*) echo "FAIL check --include-root shows the file outside: $out"; fail=1 ;; esac
[ $rc = 1 ] || { echo "FAIL check --include-root absolute: exit $rc"; fail=1; }
out=$(echo '{"received": "2026-10-09"}' | "$bin" eval --rules ../../rules --include-root ../../rules/alt \
  --decision credit_limit 2>&1 | head -1); rc=$?
check "eval --include-root" 0 $rc "../../rules/complaint_timers.yaml:8:11: error: cannot include calendars/cn: no such file or directory inside the include root" "$out"
for cmd in "sla --timer complaint.first_contact --start 2026-10-09T09:00:00+08:00" \
  "calendar cn" "describe --decision credit_limit"; do
  out=$("$bin" $cmd --rules ../../rules --include-root ../../rules >/dev/null 2>&1); rc=$?
  check "$cmd --include-root inside" 0 $rc "" ""
  out=$("$bin" $cmd --rules ../../rules --include-root ../../rules/alt 2>&1 | head -1); rc=$?
  check "$cmd --include-root outside" 0 $rc "../../rules/complaint_timers.yaml:8:11: error: cannot include calendars/cn: no such file or directory inside the include root" "$out"
done
out=$("$bin" check --include-root "$tmp/nowhere" rules.yaml 2>&1); rc=$?
check "check --include-root missing" 1 $rc "$tmp/nowhere: error: include_root: cannot open directory: No such file or directory
rules.yaml: 1 error, 0 warnings" "$out"

# Dates written as literals (2026-11-27 is a date, never 2026 - 11 - 27),
# and one that is no date: an error naming it, at its line and column.
out=$("$bin" test dates.yaml); rc=$?
check "date literals" 0 $rc "4 passed, 0 failed" "$out"
out=$(echo '{"order_date": "2026-11-29", "placed_at": "2026-11-29T10:00:00+08:00"}' |
  "$bin" eval --rules dates.yaml --decision promo); rc=$?
check "date literals eval" 0 $rc '{"label":"black friday","until":"2026-11-30"}' "$out"
out=$("$bin" check date_typo.yaml 2>&1); rc=$?
check "date that is no date" 1 $rc "date_typo.yaml:2:16: error: '2026-11-31' is not a valid date (November 2026 has 30 days): write a date as YYYY-MM-DD or date(\"YYYY-MM-DD\"), or put spaces around '-' to subtract
    2 |   promo_start: 2026-11-31
      |                ^
date_typo.yaml: 1 error, 0 warnings" "$out"

# --help names every command main.c dispatches, and in each command's part
# every option string src/cli/cmd_COMMAND.c compares its arguments with,
# each as a word of its own.
src=../../src/cli
help=$("$bin" --help); rc=$?
check "--help exit" 0 $rc "" ""
for h in help -h; do
  out=$("$bin" $h); rc=$?
  check "$h as --help" 0 $rc "$help" "$out"
done
words() { tr -s ' \t,[]|.()' '\n\n\n\n\n\n\n\n'; }
options() { grep -ho '"-[-A-Za-z0-9]*[A-Za-z][-A-Za-z0-9]*"' "$@" | tr -d '"' | sort -u; }
commands=$(grep -o 'strcmp(cmd, "[a-z-]*")' "$src/main.c" | sed 's/.*"\(.*\)".*/\1/' | sort -u)
for w in $commands $(options "$src/main.c"); do
  printf '%s\n' "$help" | words | grep -qxF -- "$w" ||
    { echo "FAIL --help does not mention '$w' (accepted by src/cli/main.c)"; fail=1; }
done
# compile --only-output: the struct holds the output named; a name the
# decision has not, one given twice, or none at all is a usage error
out=$("$bin" compile rules.yaml --decision limit --only-output limit -o "$tmp/only.c" 2>&1); rc=$?
check "compile --only-output" 0 $rc "" "$out"
out=$(grep -c "approvals" "$tmp/only.h"; grep -c "int64_t limit;" "$tmp/only.h")
check "compile --only-output struct" 0 0 "0
1" "$out"
out=$("$bin" compile rules.yaml --decision limit --only-output nope -o "$tmp/x.c" 2>&1); rc=$?
check "compile --only-output unknown" 2 $rc "crmrules compile: decision 'limit' has no output 'nope'; its outputs: limit approvals" "$out"
out=$("$bin" compile rules.yaml --decision limit --only-output limit --only-output limit -o "$tmp/x.c" 2>&1); rc=$?
check "compile --only-output twice" 2 $rc "crmrules compile: --only-output limit is given twice" "$out"
out=$("$bin" compile rules.yaml --decision limit -o "$tmp/x.c" --only-output 2>&1 | head -1); rc=$("$bin" compile rules.yaml --decision limit -o "$tmp/x.c" --only-output >/dev/null 2>&1; echo $?)
check "compile --only-output without a value" 2 $rc "crmrules compile: --only-output needs a value" "$out"
out=$("$bin" eval --rules rules.yaml --decision 2>&1 </dev/null); rc=$?
check "eval --decision without a value" 2 $rc "crmrules eval: --decision needs a value" "$out"
out=$("$bin" check rules.yaml --include-root 2>&1); rc=$?
check "check --include-root without a value" 2 $rc "crmrules check: --include-root needs a value" "$out"
# --explain-binding for a host struct without a fact, or with one optional
out=$("$bin" check --explain-binding --unbound-fact capital rules.yaml 2>&1); rc=$?
check "check --explain-binding --unbound-fact" 0 $rc "rules.yaml: ok: 4 facts, 2 decisions, 2 tests
  grade: facts set, then decided: fact 'capital' is not bound
  limit: facts set, then decided: it has more than 64 rules, or no cells to index (a table of when: rules)" "$out"
out=$("$bin" check --explain-binding --optional-fact capital rules.yaml 2>&1); rc=$?
check "check --explain-binding --optional-fact" 0 $rc "rules.yaml: ok: 4 facts, 2 decisions, 2 tests
  grade: from the members
  limit: facts set, then decided: it has more than 64 rules, or no cells to index (a table of when: rules)" "$out"
out=$("$bin" check --explain-binding --optional-fact capitl rules.yaml 2>&1); rc=$?
check "check --optional-fact, no such fact" 1 $rc "rules.yaml: ok: 4 facts, 2 decisions, 2 tests
rules.yaml: --optional-fact 'capitl': no such fact" "$out"
out=$("$bin" check --explain-binding --optional-fact capital --unbound-fact capital rules.yaml 2>&1); rc=$?
check "check --optional-fact and --unbound-fact" 2 $rc "crmrules check: fact 'capital' is both --optional-fact and --unbound-fact" "$out"
out=$("$bin" check --unbound-fact capital rules.yaml 2>&1); rc=$?
check "check --unbound-fact alone" 2 $rc "crmrules check: --optional-fact and --unbound-fact go with --explain-binding" "$out"
out=$("$bin" check --explain-binding rules.yaml --optional-fact 2>&1); rc=$?
check "check --optional-fact without a value" 2 $rc "crmrules check: --optional-fact needs a value" "$out"
out=$("$bin" eval --rules rules.yaml --decisions limit 2>&1 </dev/null); rc=$?
check "eval unknown option" 2 $rc "crmrules eval: unknown option '--decisions'" "$out"
# compile's usage errors say what is wrong, and exit 2
out=$("$bin" compile rules.yaml -o "$tmp/x.c" 2>&1 | head -1); rc=$("$bin" compile rules.yaml -o "$tmp/x.c" >/dev/null 2>&1; echo $?)
check "compile without --decision" 2 $rc "crmrules compile: no --decision NAME" "$out"
out=$("$bin" compile rules.yaml --decision grade 2>&1 | head -1); rc=$("$bin" compile rules.yaml --decision grade >/dev/null 2>&1; echo $?)
check "compile without -o" 2 $rc "crmrules compile: no -o FILE.c (the C file to write)" "$out"
out=$("$bin" compile rules.yaml --decision grad -o "$tmp/x.c" 2>&1); rc=$?
check "compile unknown decision" 2 $rc "crmrules compile: no decision 'grad' in rules.yaml (did you mean 'grade'?)" "$out"
out=$("$bin" compile rules.yaml --decision grade -o "$tmp/x.c" --prefix 1bad 2>&1); rc=$?
check "compile --prefix not an identifier" 2 $rc "crmrules compile: --prefix '1bad' is not a C identifier (a letter, then letters, digits and _)" "$out"
out=$("$bin" compile rules.yaml --decision grade -o "$tmp/x.c" --fact capital --fact 'capital?' 2>&1); rc=$?
check "compile --fact twice" 2 $rc "crmrules compile: fact 'capital' is named twice" "$out"
printf '#include <stdint.h>\ntypedef struct cust { uint8_t cap; } cust;\n' > "$tmp/cust.h"
cp "$tmp/cust.h" "$tmp/cust.h.orig"
out=$("$bin" compile rules.yaml --decision grade -o "$tmp/cust.c" --struct cust --struct-header cust.h --member capital=cap:index 2>&1); rc=$?
check "compile header over --struct-header" 2 $rc "crmrules compile: the header $tmp/cust.h would be --struct-header's cust.h; name another with --header" "$out"
cmp -s "$tmp/cust.h" "$tmp/cust.h.orig" || { echo "FAIL compile overwrote the struct header"; fail=1; }
out=$("$bin" compile rules.yaml --decision grade -o "$tmp/x.c" --struct cust --member capital=c-ap:index 2>&1); rc=$?
check "compile --member not a C name" 2 $rc "crmrules compile: --member capital=c-ap: 'c-ap' is not a C member name (letters, digits, _, and . into a nested struct)" "$out"
out=$("$bin" compile rules.yaml --decision grade -o "$tmp/x.c" --member capital=cap:index 2>&1); rc=$?
check "compile --member without --struct" 2 $rc "crmrules compile: --member goes with --struct TYPE" "$out"
out=$("$bin" compile rules.yaml --decision grade -o "$tmp/x.c" --struct cust --optional --member capital=cap:index 2>&1); rc=$?
check "compile --struct --optional" 2 $rc "crmrules compile: --optional goes with --fact, not --struct (a member's present=NAME makes its fact optional)" "$out"
out=$("$bin" compile rules.yaml --decision grade -o "$tmp/x.c" --struct cust --member capital=cap:bool 2>&1); rc=$?
check "compile --member of a wrong C type" 2 $rc "crmrules compile: --member capital=cap: fact 'capital' is string; a member of C type bool cannot set it (a const char *: CRM_C_STRING, or an integer index into its values: with CRM_FIELD_INDEX)" "$out"
out=$("$bin" compile rules.yaml --decision limit --fact 'nope?' -o "$tmp/x.c" 2>&1); rc=$?
check "compile --fact unknown" 2 $rc "crmrules compile: --fact nope?: unknown fact 'nope'" "$out"
[ ! -e "$tmp/x.c" ] || { echo "FAIL compile: a refused compile wrote $tmp/x.c"; fail=1; }

n=0
for file in "$src"/cmd_*.c; do
  cmd=$(basename "$file" .c); cmd=${cmd#cmd_}
  part=$(printf '%s\n' "$help" | sed -n "/^  $cmd /,/^\$/p")
  [ -n "$part" ] || { echo "FAIL --help has no part for '$cmd'"; fail=1; }
  for w in $(options "$file"); do
    n=$((n + 1))
    printf '%s\n' "$part" | words | grep -qxF -- "$w" ||
      { echo "FAIL --help does not mention '$w' under '$cmd' (accepted by $file)"; fail=1; }
  done
done
[ $n -ge 20 ] || { echo "FAIL --help: only $n options found in $src/cmd_*.c"; fail=1; }

[ $fail -eq 0 ] && echo "cli: all cases passed"
exit $fail
