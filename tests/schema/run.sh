#!/bin/sh
# run.sh CRMRULES SRCDIR WORKDIR - the JSON Schemas `crmrules describe
# --json-schema` prints, checked by a real validator: Ajv (draft 2020-12)
# with ajv-formats, installed by install.sh into WORKDIR (a directory of the
# build tree). Without node and npm the test is skipped (exit 77); CI has both.
set -u
bin=$1 src=$2 work=$3
sh "$src/tests/schema/install.sh" "$src" "$work" >/dev/null
rc=$?
[ $rc -eq 77 ] && { echo "json_schema: skipped: node and npm are not installed"; exit 77; }
[ $rc -ne 0 ] && { echo "json_schema: npm install failed"; exit 1; }
NODE_PATH="$work/node_modules" exec node "$src/tests/schema/validate.js" "$bin" "$src"
