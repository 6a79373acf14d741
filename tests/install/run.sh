#!/bin/sh
# run.sh BUILD DIR CC - build a consumer against the build tree with
# pkg-config (crmrules-uninstalled.pc); install the build into a scratch prefix, then build
# and run a consumer against the installed tree with pkg-config and with
# find_package(crmrules); then run the installed crmrules tool without
# LD_LIBRARY_PATH (its run path finds the library), also from a moved copy.
set -eu
build=$1 dir=$(cd "$2" && pwd) cc=$3
prefix=$(mktemp -d "${TMPDIR:-/tmp}/crmrules-prefix.XXXXXX")
work=$(mktemp -d "${TMPDIR:-/tmp}/crmrules-consumer.XXXXXX")
trap 'rm -rf "$prefix" "$work"' EXIT
# 0. the build tree itself, through crmrules-uninstalled.pc
build=$(cd "$build" && pwd)
"$cc" -o "$work/consumer_tree" "$dir/consumer.c" \
  $(PKG_CONFIG_PATH="$build" pkg-config --cflags --libs crmrules)
LD_LIBRARY_PATH="$build" "$work/consumer_tree"
cmake --install "$build" --prefix "$prefix" >/dev/null
libdir=$(ls -d "$prefix"/lib*/pkgconfig | head -1); libdir=${libdir%/pkgconfig}

# 1. pkg-config, shared library
PKG_CONFIG_PATH="$libdir/pkgconfig" "$cc" -o "$work/consumer_pc" "$dir/consumer.c" \
  $(PKG_CONFIG_PATH="$libdir/pkgconfig" pkg-config --cflags --libs crmrules)
LD_LIBRARY_PATH="$libdir" "$work/consumer_pc"

# 2. pkg-config, static library
PKG_CONFIG_PATH="$libdir/pkgconfig" "$cc" -o "$work/consumer_static" "$dir/consumer.c" \
  $(PKG_CONFIG_PATH="$libdir/pkgconfig" pkg-config --cflags crmrules) \
  "$libdir/libcrmrules.a" $(PKG_CONFIG_PATH="$libdir/pkgconfig" pkg-config --libs --static crmrules | sed 's/-lcrmrules//')
"$work/consumer_static"

# 3. find_package(crmrules) -> crmrules::crmrules
cmake -S "$dir" -B "$work/cmake" -DCMAKE_PREFIX_PATH="$prefix" -DCMAKE_C_COMPILER="$cc" >/dev/null
cmake --build "$work/cmake" >/dev/null
LD_LIBRARY_PATH="$libdir" "$work/cmake/consumer"
# 4. the installed command-line tool, as a user runs it: no LD_LIBRARY_PATH,
# on the rules installed with it, from another directory.
bin="$prefix/bin/crmrules" rules="$prefix/share/crmrules/rules"
fail=0
expect() { # name expected-exit actual-exit expected-text actual-text
  if [ "$2" != "$3" ]; then echo "FAIL installed crmrules $1: exit $3, want $2"; fail=1; fi
  if [ "$4" != "$5" ]; then
    printf 'FAIL installed crmrules %s:\n--- want\n%s\n--- got\n%s\n' "$1" "$4" "$5"; fail=1
  fi
}
cd "$work"
set +e # each step reports its own failure
if command -v ldd >/dev/null 2>&1; then
  # the library must come from the prefix, not from a system directory
  found=$(env -u LD_LIBRARY_PATH ldd "$bin" | grep 'libcrmrules')
  case "$found" in
    *"=> $prefix/"*) ;;
    *) echo "FAIL installed crmrules: ldd says '$found', not a library under $prefix"; fail=1 ;;
  esac
fi
out=$(env -u LD_LIBRARY_PATH "$bin" version 2>&1); rc=$?
want=$("$build/crmrules" version)
case "$want" in "crmrules "[0-9]*.[0-9]*.[0-9]*) ;;
  *) echo "FAIL build tree crmrules version: '$want'"; fail=1 ;; esac
expect version 0 $rc "$want" "$out"
# check and test give what the build tree's tool gives on the source rules
src_rules=$(cd "$dir/../../rules" && pwd)
out=$(env -u LD_LIBRARY_PATH "$bin" check --warnings-as-errors "$rules" 2>&1); rc=$?
want=$("$build/crmrules" check --warnings-as-errors "$src_rules" 2>&1 | sed "s|^$src_rules:|$rules:|")
case "$want" in "$rules: ok: "[1-9]*" facts, "[1-9]*" decisions, "[1-9]*" tests") ;;
  *) echo "FAIL build tree crmrules check: '$want'"; fail=1 ;; esac
expect check 0 $rc "$want" "$out"
out=$(env -u LD_LIBRARY_PATH "$bin" test "$rules" 2>&1); rc=$?
want=$("$build/crmrules" test "$src_rules" 2>&1)
case "$want" in [1-9]*" passed, 0 failed") ;;
  *) echo "FAIL build tree crmrules test: '$want'"; fail=1 ;; esac
expect test 0 $rc "$want" "$out"
# eval: a whole YAML document, then NDJSON lines on two threads
out=$(printf '%s\n' 'months_cooperating: 36' 'bad_record_24m: false' 'broken_promises: false' \
  'debt_dispute: false' 'capital: strong' 'good_operating_years: 5' 'revenue_declining: false' \
  'sales_declining: false' 'illegal_operation: false' 'suspended_by_authority: false' \
  'account_freeze_risk: false' 'annual_payment_ratio: 1.0' 'profile_complete: true' |
  env -u LD_LIBRARY_PATH "$bin" eval --rules "$rules" --decision credit_grade --explain 2>&1); rc=$?
case "$out" in '{"grade":"A","$explain":{"fired":[{"decision":"credit_grade","rule":"'*) ;;
  *) echo "FAIL installed crmrules eval credit_grade: '$out'"; fail=1 ;; esac
[ $rc = 0 ] || { echo "FAIL installed crmrules eval credit_grade: exit $rc"; fail=1; }
out=$(printf '%s\n' \
  '{"grade": "A", "has_credit_history": true, "temporary_request": false, "avg_monthly_shipments": 80000, "avg_monthly_payments": 60000, "collateral_value": 0}' \
  '{"grade": "C", "has_credit_history": true, "temporary_request": false, "avg_monthly_shipments": 80000, "avg_monthly_payments": 60000, "collateral_value": 0}' |
  env -u LD_LIBRARY_PATH "$bin" eval --rules "$rules" --decision credit_limit --lines --jobs 2 --quiet 2>&1); rc=$?
expect "eval --lines --jobs 2" 0 $rc '{"limit":"60000.00","term_days":30,"credit_kind":"long_term","approvals":["sales_vp","cfo","general_manager"]}
{"limit":"0.00","term_days":0,"credit_kind":"none","approvals":[]}' "$out"
# the run path is relative to the tool: a moved tree still works
cp -a "$prefix" "$work/moved"
out=$(env -u LD_LIBRARY_PATH "$work/moved/bin/crmrules" check "$work/moved/share/crmrules/rules" 2>&1); rc=$?
case "$rc:$out" in "0:$work/moved/share/crmrules/rules: ok: "*) ;;
  *) echo "FAIL installed crmrules, moved: exit $rc, '$out'"; fail=1 ;; esac
[ $fail = 0 ] || exit 1
echo "install_consumer: pkg-config (shared, static) and find_package consumers ran;" \
  "the installed crmrules ran without LD_LIBRARY_PATH"
