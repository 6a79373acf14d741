#!/bin/sh
# npm-install.sh SRCDIR BUILDDIR WORKDIR - the package installed as Node
# users install one: `npm pack` of bindings/node, `npm install` of the
# tarball into a scratch project, offline; its install script builds the
# module (here in make check's build tree, so only its target is built);
# then a program of the project requires crmrules and decides, without
# LD_LIBRARY_PATH. Skipped (77) without npm.
set -eu
src=$1 build=$2 work=$3
if ! command -v npm >/dev/null; then
  echo "npm-install: skipped: npm is not installed"
  exit 77
fi
rm -rf "$work"
mkdir -p "$work/project"
npm pack --silent --pack-destination "$work" "$src/bindings/node" >/dev/null
cd "$work/project"
# allowScripts: npm 11 asks a project to approve a dependency's install
# script (older npm ignores the field)
echo '{"name": "crmrules-user", "version": "1.0.0", "private": true,
  "allowScripts": {"crmrules": true}}' > package.json
CRMRULES_SOURCE_DIR=$src CRMRULES_BUILD_DIR=$build \
  npm install --offline --no-audit --no-fund --loglevel=error "$work"/crmrules-*.tgz > "$work/npm.log" 2>&1 || { cat "$work/npm.log"; exit 1; }
test -f node_modules/crmrules/build/crmrules.node
test -f node_modules/crmrules/index.d.ts
cat > main.js <<'JS'
const crmrules = require('crmrules');
const rs = crmrules.load(process.argv[2]);
const r = rs.decide('credit_limit', {
  bad_record_24m: false, broken_promises: false, debt_dispute: false, capital: 'strong',
  revenue_declining: false, sales_declining: false, illegal_operation: false,
  suspended_by_authority: false, account_freeze_risk: false, profile_complete: true,
  months_cooperating: 36, good_operating_years: 3, annual_payment_ratio: 1.2,
  has_credit_history: true, avg_monthly_shipments: 80000, avg_monthly_payments: '75000.10',
});
console.log(JSON.stringify(r));
JS
got=$(env -u LD_LIBRARY_PATH -u CRMRULES_NODE_ADDON node main.js "$src/rules")
want='{"limit":"75000.10","term_days":30,"credit_kind":"long_term","approvals":["sales_vp","cfo","general_manager"]}'
if [ "$got" != "$want" ]; then
  echo "npm-install: got $got"
  exit 1
fi
echo "npm-install: ok: $(ls "$work"/crmrules-*.tgz | xargs basename) installed and decides"
