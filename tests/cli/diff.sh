#!/bin/sh
# diff.sh CRMRULES SRCDIR - `crmrules diff` against golden reports: the
# issue's own example (a_min_months raised from 12 to 18 in rules/, over
# 20,000 customers from examples/customers.awk) as text, JSON and HTML;
# errors that appear and vanish; the same reports on 2 and 3 jobs; the
# figures computed another way (diff_oracle.py, from eval --lines); bad
# arguments; memory bounded over a long input from a pipe.
set -u
bin=$1 src=$2
dir=$src/tests/cli/diff
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
fail=0
check() { # name expected-exit actual-exit expected-text actual-text
  if [ "$2" != "$3" ]; then echo "FAIL $1: exit $3, want $2"; fail=1; fi
  if [ "$4" != "$5" ]; then printf 'FAIL %s:\n--- want\n%s\n--- got\n%s\n' "$1" "$4" "$5"; fail=1; fi
}
golden() { # name expected-exit actual-exit golden-file output-file
  if [ "$2" != "$3" ]; then echo "FAIL $1: exit $3, want $2"; fail=1; fi
  if ! cmp -s "$4" "$5"; then
    echo "FAIL $1: differs from ${4#"$src"/}:"; diff -u "$4" "$5" | head -40; fail=1
  fi
}
cd "$tmp" || exit 1
cp -R "$src/rules" rules

# The example: A needs 18 months of cooperation, not 12.
awk -v n=20000 -f "$src/examples/customers.awk" > customers.ndjson
cp -R rules new-rules
sed 's/^  a_min_months: 12$/  a_min_months: 18/' rules/credit_grade.yaml > new-rules/credit_grade.yaml
cmp -s rules/credit_grade.yaml new-rules/credit_grade.yaml && { echo "FAIL sed changed nothing"; fail=1; }
run() { "$bin" diff --old rules --new new-rules --decision credit_limit --keep id "$@"; }
run customers.ndjson > a.txt 2> a.err; rc=$?
golden "a_min_months, text" 1 $rc "$dir/a_min_months.txt" a.txt
check "a_min_months, nothing on stderr" 1 $rc "" "$(cat a.err)"
run --json customers.ndjson > a.json; rc=$?
golden "a_min_months, json" 1 $rc "$dir/a_min_months.json" a.json
python3 -c 'import json, sys; json.load(open(sys.argv[1]))' a.json ||
  { echo "FAIL a_min_months, json: not JSON"; fail=1; }
python3 "$src/tests/cli/diff_oracle.py" "$bin" credit_limit customers.ndjson rules new-rules a.json ||
  fail=1
run --html customers.ndjson > a.html; rc=$?
check "a_min_months, html exit" 1 $rc "" ""
# the cells of the tables, and one page that fetches nothing and runs nothing
for cell in '<title>crmrules diff: credit_limit</title>' \
  '<tr><th>old \ new</th><th>long_term</th><th>none</th><th>temporary</th></tr>' \
  '<tr><th>long_term</th><td class="n">7421</td><td class="n changed">81</td><td class="n changed">19</td></tr>' \
  '<tr><th>30</th><td class="n changed">88</td><td class="n changed">27</td><td class="n">7581</td></tr>' \
  '<tr><th>old total</th><td>474712982.25 over 20000 decisions</td></tr>' \
  '<tr><th>moved</th><td>-10961028.23</td></tr>' \
  '<tr><td>long_term -&gt; none</td><td class="n">81</td><td class="n">81</td><td class="n">7351311.42</td><td class="n">0.00</td><td class="n">-7351311.42</td><td class="chart fall"><div style="width:100.0%"></div></td><td class="chart rise"><div style="width:0.0%"></div></td></tr>' \
  '<td class="n">+368031.86</td><td class="chart fall"><div style="width:0.0%"></div></td><td class="chart rise"><div style="width:5.0%"></div></td></tr>' \
  '<tr><td>credit_grade</td><td>S4-3-art15-A</td><td class="n">4107</td><td class="n">3897</td><td class="n">-210</td></tr>' \
  '<tr><td>30 -&gt; 0</td><td class="n">88</td><td class="ex">e.g. &quot;c-00294&quot;, &quot;c-00369&quot;, &quot;c-00808&quot;</td></tr>'; do
  grep -qF -- "$cell" a.html || { echo "FAIL a_min_months, html: no $cell"; fail=1; }
done
if grep -qiE '<script|<link|<img|<iframe|src=|href=|url\(|@import' a.html; then
  echo "FAIL a_min_months, html: fetches or runs something"; fail=1
fi
case $(head -1 a.html)$(tail -1 a.html) in '<!DOCTYPE html></html>') ;;
  *) echo "FAIL a_min_months, html: not one whole page"; fail=1 ;; esac
# any number of jobs: the same bytes, from a file and from a pipe
for jobs in 2 3; do
  for fmt in txt json html; do
    case $fmt in txt) f= ;; *) f=--$fmt ;; esac
    # shellcheck disable=SC2086 # no flag for text
    run --jobs $jobs $f customers.ndjson > j.$fmt; rc=$?
    golden "a_min_months, $jobs jobs, $fmt" 1 $rc "a.$fmt" "j.$fmt"
  done
  sed 's/customers.ndjson/<stdin>/' a.txt > stdin.txt
  run --jobs $jobs - < customers.ndjson > j.txt; rc=$?
  golden "a_min_months, $jobs jobs, standard input" 1 $rc stdin.txt j.txt
done
# the view: grades, and only the two rules of the change move
"$bin" diff --old rules --new new-rules -d credit_grade --keep id --examples 2 customers.ndjson \
  > x.txt; rc=$?
out=$(sed -n '/^grade/,$p' x.txt)
check "a_min_months, credit_grade" 1 $rc "grade (string): 210 changed, 19790 unchanged
  old \\ new     A      B     C
  A          3897    210     0
  B             0  10749     0
  C             0      0  5144
  A -> B  210  e.g. \"c-00021\", \"c-00027\"

rules fired, on each side over the lines it decided: 2 fire more or less often, 10 as often
  decision      rule           old   new  change
  credit_grade  S4-3-art15-A  4107  3897    -210
  credit_grade  S4-3-art17-B  9281  9491    +210" "$out"
# the same rules on both sides: nothing differs, exit 0
"$bin" diff --old rules --new rules -d credit_grade --keep id --examples 0 customers.ndjson \
  > x.txt; rc=$?
out=$(sed -n '5,6p' x.txt)
check "no change" 0 $rc "20000 decided by both: 0 changed, 20000 unchanged
errors: 0 appear, 0 vanish, 0 change code, 0 the same on both sides" "$out"

# Errors that appear and vanish: the new rules refuse more than 115 months
# (invalid) and declare a fact `region` the old ones do not know (unknown);
# lines both sides refuse stay the same (missing, syntax).
cp -R rules strict-rules
sed 's/range: "\[0\.\.1200\]", description: months/range: "[0..115]", description: months/' \
  rules/credit_grade.yaml > strict-rules/credit_grade.yaml
printf 'facts:\n  region: { type: string, values: [north, south] }\n' > region.yaml
{ awk -v n=300 -f "$src/examples/customers.awk" |
    sed '5s/^{/{"region": "north", /; 9s/^{"id": "c-00009", /{"id": "c-00009", "region": "south", /'
  printf '%s\n' '{"id": "x-1", "has_credit_history": true}' '' '{"id": "x-2", "grade": tru}' \
    '{"grade": "B"}'; } > errors.ndjson
erun() { "$bin" diff --old rules --new strict-rules --new region.yaml -d credit_limit --keep id "$@"; }
erun --examples 2 --split term_days errors.ndjson > e.txt; rc=$?
golden "errors, text" 1 $rc "$dir/errors.txt" e.txt
erun --json errors.ndjson > e.json; rc=$?
golden "errors, json" 1 $rc "$dir/errors.json" e.json
python3 "$src/tests/cli/diff_oracle.py" "$bin" credit_limit errors.ndjson rules \
  strict-rules,region.yaml e.json || fail=1
for jobs in 2 3; do
  erun --examples 2 --split term_days --jobs $jobs errors.ndjson > j.txt; rc=$?
  golden "errors, $jobs jobs" 1 $rc e.txt j.txt
  erun --json --jobs $jobs errors.ndjson > j.json; rc=$?
  golden "errors, $jobs jobs, json" 1 $rc e.json j.json
done
# --unknown ignore: region no longer fails the old side; without --keep the
# examples are line numbers, and --keep twice shows both values
erun --unknown ignore errors.ndjson > x.txt; rc=$?
check "errors, --unknown ignore" 1 $rc "errors: 7 appear, 0 vanish, 0 change code, 3 the same on both sides" \
  "$(grep -E '^errors|-> ok' x.txt)"
"$bin" diff --old rules --new strict-rules --new region.yaml -d credit_limit --unknown ignore \
  errors.ndjson > x.txt; rc=$?
check "errors, lines as examples" 1 $rc "  ok -> invalid           7  e.g. line 28, line 37, line 39" \
  "$(grep -- '-> invalid' x.txt)"
erun --keep months_cooperating --examples 1 errors.ndjson > x.txt; rc=$?
check "errors, two kept fields" 1 $rc "  ok -> invalid           7  e.g. \"c-00028\" 117" \
  "$(grep -- '-> invalid' x.txt)"

# Bad arguments: exit 2, what is wrong and the usage.
usage='usage: crmrules diff --old PATH [--old PATH]... --new PATH [--new PATH]... [--include-root DIR] --decision NAME [--jobs N] [--keep FIELD]... [--examples K] [--split OUTPUT|none] [--unknown error|ignore] [--json|--html] [FILE|-]'
bad() { # name expected-message args...
  name=$1 want=$2; shift 2
  out=$("$bin" diff "$@" </dev/null 2>&1); rc=$?
  check "bad arguments: $name" 2 $rc "$want" "$out"
}
bad "no --new" "$usage" --old rules -d credit_limit customers.ndjson
bad "no --decision" "$usage" --old rules --new new-rules customers.ndjson
bad "unknown option" "crmrules diff: unknown option '--frob'
$usage" --old rules --new new-rules -d credit_limit --frob
bad "a value missing" "crmrules diff: --keep needs a value
$usage" --old rules --new new-rules -d credit_limit --keep
bad "--jobs 0" "crmrules diff: --jobs takes 1 to 30, not '0'
$usage" --old rules --new new-rules -d credit_limit --jobs 0
bad "--examples 21" "crmrules diff: --examples takes 0 to 20, not '21'
$usage" --old rules --new new-rules -d credit_limit --examples 21
bad "--unknown maybe" "crmrules diff: --unknown takes error or ignore, not 'maybe'
$usage" --old rules --new new-rules -d credit_limit --unknown maybe
bad "--json --html" "crmrules diff: --json and --html do not go together
$usage" --old rules --new new-rules -d credit_limit --json --html
bad "two inputs" "crmrules diff: one input only, not 'b.ndjson' too
$usage" --old rules --new new-rules -d credit_limit a.ndjson b.ndjson
bad "no such input" "crmrules diff: cannot open nope.ndjson" \
  --old rules --new new-rules -d credit_limit nope.ndjson
bad "no such decision" "crmrules diff: no decision 'credit_limt' in the old rules (rules, region.yaml) (did you mean 'credit_limit'?)" \
  --old rules --old region.yaml --new rules -d credit_limt
out=$(printf '' | "$bin" diff --old rules --new region.yaml -d credit_limit 2>&1); rc=$?
check "bad arguments: decision only in the old rules" 2 $rc "crmrules diff: no decision 'credit_limit' in the new rules (region.yaml)" "$out"
out=$("$bin" diff --old rules --new nope-rules -d credit_limit </dev/null 2>&1); rc=$?
case $out in *"nope-rules"*) ;; *) echo "FAIL bad arguments: rules that do not load: $out"; fail=1 ;; esac
check "bad arguments: rules that do not load, exit" 2 $rc "" ""
out=$(run --split approvals customers.ndjson 2>&1); rc=$?
check "bad arguments: --split a list" 2 $rc "crmrules diff: --split: credit_limit has no output 'approvals' with a few values to split money by" "$out"
out=$(run --split limit customers.ndjson 2>&1); rc=$?
check "bad arguments: --split the money" 2 $rc "crmrules diff: --split: credit_limit has no output 'limit' with a few values to split money by" "$out"
run --split none customers.ndjson > x.txt; rc=$?
check "--split none" 1 $rc "" "$(grep '^  by ' x.txt)"

# Memory stays bounded over a long input from a pipe (peak resident set
# under 64 MB; not measured under AddressSanitizer).
n=300000
line=$(sed -n 21p customers.ndjson)
for jobs in 1 2; do
  yes "$line" | head -n $n |
    /usr/bin/time -f '%M' -o rss "$bin" diff --old rules --new new-rules -d credit_limit --keep id \
      --jobs $jobs > long.txt; rc=$?
  out=$(sed -n 5p long.txt)
  check "a long input, $jobs jobs" 1 $rc "$n decided by both: $n changed, 0 unchanged" "$out"
  kib=$(tail -n 1 rss)
  echo "$jobs jobs: $n lines from a pipe, peak RSS $kib KiB"
  if ! ldd "$bin" 2>/dev/null | grep -q libasan && [ "$kib" -gt 65536 ]; then
    echo "FAIL a long input, $jobs jobs: peak RSS $kib KiB"; fail=1
  fi
done

[ $fail -eq 0 ] && echo "diff: all cases passed"
exit $fail
