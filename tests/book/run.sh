#!/bin/sh
# run.sh CRMRULES SRCDIR NODEDIR WORKDIR - the policy book of `crmrules doc`
# loaded in Debian's Chromium (check.js), with the Node tools install.sh put
# in NODEDIR; the books are written to WORKDIR. Skipped (exit 77) without
# node and npm or without Chromium (.ci/install-deps installs both).
set -u
bin=$1 src=$2 node=$3 work=$4
chromium=${CRM_CHROMIUM:-/usr/bin/chromium}
if [ ! -x "$chromium" ]; then
  echo "policy_book: skipped: no $chromium (Debian: apt-get install chromium)"
  exit 77
fi
sh "$src/tests/schema/install.sh" "$src" "$node" >/dev/null
rc=$?
[ $rc -eq 77 ] && { echo "policy_book: skipped: node and npm are not installed"; exit 77; }
[ $rc -ne 0 ] && { echo "policy_book: npm install failed"; exit 1; }
CRM_CHROMIUM=$chromium NODE_PATH="$node/node_modules" exec node "$src/tests/book/check.js" \
  "$bin" "$src" "$work"
