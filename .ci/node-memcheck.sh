#!/bin/sh
# node-memcheck.sh [BUILD] - the Node binding's tests under valgrind's
# memcheck: no invalid read or write, no use of an uninitialised value, no
# leak, in the binding or the library linked into it. node itself is not
# clean (its inspector thread's stack, say): a record counts when a frame
# of its stack is in these sources; one of node's own that has our frame
# below it (napi_create_external's bookkeeping, left at exit; a batch's
# promise in a worker stopped while the batch runs, which node cannot
# settle once the worker's JS is gone) is suppressed in .ci/node.supp; the
# latter is told by the worker's frame, deep in the stack: 100 frames.
# Each test file runs in one node process: memory (every call, error
# paths, closed and collected rulesets, batches in flight), load (failed
# loads, diagnostics) and threads (worker_threads, one stopped mid-batch).
# The whole suite also runs under AddressSanitizer in .ci/run's sanitizer
# build.
set -eu
cd "$(dirname "$0")/.."
src=$(pwd)
build=$(cd "${1:-build}" && pwd)
module=$build/bindings/node/crmrules.node
[ -f "$module" ] || { echo "node-memcheck: no $module: build first"; exit 1; }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/crmrules-memcheck.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
fail=0
for t in ${CRMRULES_MEMCHECK_TESTS:-memory load threads}; do
  start=$(date +%s)
  # the tests' own child processes (crmrules eval) are not traced
  if ! CRMRULES_NODE_ADDON=$module CRMRULES_CLI=$build/crmrules CRMRULES_SOURCE_DIR=$src \
      valgrind --leak-check=full --show-leak-kinds=definite,indirect,possible \
      --suppressions=.ci/node.supp --fullpath-after= --num-callers=100 \
      --log-file="$tmp/$t.%p.log" node "bindings/node/test/$t.test.js" > "$tmp/$t.out" 2>&1; then
    echo "node-memcheck: $t: the tests fail under valgrind"
    tail -30 "$tmp/$t.out"
    fail=1
  fi
  # the records (blank-line separated) with a frame in these sources
  ours=$(awk -v src="$src/" '
    /^==[0-9]+== $/ { if (rec != "" && mine && rec ~ /(Invalid|uninitialised|Mismatched|lost in loss record|overlap|Syscall param)/) print rec "\n"; rec = ""; mine = 0; next }
    { rec = rec "\n" $0; if (index($0, src)) mine = 1 }
    END { if (rec != "" && mine && rec ~ /(Invalid|uninitialised|Mismatched|lost in loss record|overlap)/) print rec }
  ' "$tmp"/"$t".*.log)
  if [ -n "$ours" ]; then
    echo "node-memcheck: $t: errors or leaks in the binding or the library:"
    printf '%s\n' "$ours" | head -80
    fail=1
  fi
  echo "node-memcheck: $t: $(grep -h 'ERROR SUMMARY' "$tmp"/"$t".*.log | head -1 | sed 's/^==[0-9]*== //'), $(( $(date +%s) - start )) s"
done
[ $fail -eq 0 ] && echo "node-memcheck: no error and no leak of the binding's"
exit $fail
