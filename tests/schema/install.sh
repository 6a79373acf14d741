#!/bin/sh
# install.sh SRCDIR WORKDIR - the Node tools `make check` runs, installed
# from the npm registry into WORKDIR (a directory of the build tree) at the
# versions tests/schema/package.json pins, once: Ajv (JSON Schemas), yaml
# (rule files read as JSON) and playwright-core (the policy book in Debian's
# Chromium). Exit 77 (skipped) without node and npm; CI has both.
set -u
src=$1 work=$2
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  echo "node tools: skipped: node and npm are not installed"
  exit 77
fi
mkdir -p "$work" || exit 1
missing=0
for m in ajv ajv-formats yaml playwright-core; do
  [ -d "$work/node_modules/$m" ] || missing=1
done
if ! cmp -s "$src/tests/schema/package.json" "$work/package.json" || [ $missing = 1 ]; then
  cp "$src/tests/schema/package.json" "$work/package.json" || exit 1
  (cd "$work" && npm install --no-audit --no-fund --no-package-lock --loglevel=error) ||
    { echo "node tools: npm install failed"; exit 1; }
fi
echo "node tools: installed in $work"
