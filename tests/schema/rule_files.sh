#!/bin/sh
# rule_files.sh SRCDIR WORKDIR - rule_files.js with the Node tools install.sh
# put in WORKDIR; skipped (exit 77) without node and npm.
set -u
src=$1 work=$2
sh "$src/tests/schema/install.sh" "$src" "$work" >/dev/null
rc=$?
[ $rc -eq 77 ] && { echo "rule_file_schema: skipped: node and npm are not installed"; exit 77; }
[ $rc -ne 0 ] && { echo "rule_file_schema: npm install failed"; exit 1; }
NODE_PATH="$work/node_modules" exec node "$src/tests/schema/rule_files.js" "$src"
