#!/bin/sh
# callgrind.sh BUILD_DIR RULES_DIR - instructions per decision, a figure that
# does not move with machine noise. Each workload runs twice (N and 2N
# customers) under callgrind; the difference, less the same difference for
# no work at all (set-up and the data generator), divided by N.
set -eu
build=$1 rules=$2
bench=$build/tests/bench/bench
n=20000
command -v valgrind >/dev/null || { echo "callgrind.sh: valgrind is not installed"; exit 1; }
ir() { # workload count
  valgrind --tool=callgrind --callgrind-out-file=/dev/null "$bench" "$rules" - \
    --instructions "$1" "$2" 2>&1 >/dev/null | sed -n 's/.*Collected : *//p'
}
base=$(( $(ir none $((2 * n))) - $(ir none $n) ))
printf '\n%-40s %14s\n' "callgrind (instructions per decision)" "instructions"
for w in grade-hand grade-gen grade-record grade grade-facts grade-each grade-facts-each limit-hand limit-gen limit-record limit-out limit limit-each json-read decide-json level-hand level text-same text-nfkc text-t2s text-both sla table10 table10000; do
  d=$(( $(ir $w $((2 * n))) - $(ir $w $n) - base ))
  case $w in
    grade-hand) label="(1) credit_grade, hand-written C" ;;
    grade-record) label="(1) credit_grade, crm_decide_record" ;;
    grade-gen) label="(1) credit_grade, generated C" ;;
    limit-gen) label="(2) credit_limit, generated C" ;;
    grade) label="(1) the same, facts set, then decided" ;;
    grade-facts) label="    of which the record (13 facts)" ;;
    grade-each) label="(1) the same, 13 setter calls" ;;
    grade-facts-each) label="    of which the 13 setter calls" ;;
    limit-each) label="(2) the same, 20 setter calls" ;;
    limit-hand) label="(2) credit_limit, hand-written C" ;;
    limit-record) label="(2) credit_limit, crm_decide_record" ;;
    limit-out) label="(2) the same, 3 outputs into a struct" ;;
    limit) label="(2) the same, facts set, then decided" ;;
    json-read) label="(2) the same, 20 facts from JSON" ;;
    decide-json) label="(2) the same, crm_decide_json" ;;
    sla) label="(4) crm_sla_evaluate, 15 working days" ;;
    level-hand) label="(3) complaint_level, hand-written C" ;;
    level) label="(3) the same, crmrules" ;;
    text-same) label="(3) a text as it is (the call)" ;;
    text-nfkc) label="(3) normalize(text)" ;;
    text-t2s) label="(3) to_simplified(text)" ;;
    text-both) label="(3) to_simplified(normalize(text))" ;;
    table10) label="(5) table of 10 rules" ;;
    table10000) label="(5) table of 10000 rules" ;;
  esac
  printf '%-40s %14d\n' "$label" $((d / n))
done

# Heap allocations per call, every heap: the library's own allocator counts
# none (the bench's allocs column), OpenCC allocates on the C++ heap while it
# converts. valgrind counts them all.
allocs() { # workload count
  valgrind --tool=memcheck --leak-check=no "$bench" "$rules" - --instructions "$1" "$2" 2>&1 >/dev/null |
    sed -n 's/.*total heap usage: \([0-9,]*\) allocs.*/\1/p' | tr -d ,
}
m=2000
printf '\n%-40s %14s\n' "heap allocations per call (all heaps)" "allocations"
for w in text-nfkc text-t2s level; do
  d=$(( $(allocs $w $((2 * m))) - $(allocs $w $m) ))
  case $w in
    text-nfkc) label="(3) normalize(text)" ;;
    text-t2s) label="(3) to_simplified(text), in OpenCC" ;;
    level) label="(3) complaint_level, in OpenCC" ;;
  esac
  printf '%-40s %14s\n' "$label" "$(awk -v d=$d -v m=$m 'BEGIN { printf "%.1f", d / m }')"
done
