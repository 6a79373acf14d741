#!/usr/bin/env python3
# check.py CRMRULES RULES GOLDEN - the shared golden cases (the rule files'
# own tests, exported by `crmrules test --export-json`) are current, and
# the JSON boundary (`crmrules eval --lines`, crm_decide_json) gives what
# each case expects. The Python and Node bindings check the same file.
import json
import subprocess
import sys

cli, rules, golden = sys.argv[1:4]
exported = subprocess.run([cli, "test", "--export-json", rules], check=True,
                          capture_output=True, text=True).stdout
with open(golden, encoding="utf-8") as fp:
    committed = fp.read()
if exported != committed:
    print(f"{golden} is not what `crmrules test --export-json {rules}` prints: "
          f"regenerate it with\n  build/crmrules test --export-json {rules} > {golden}")
    sys.exit(1)

cases = [json.loads(line) for line in committed.splitlines()]
failed = 0
by_decision = {}
for c in cases:
    by_decision.setdefault(c["decision"], []).append(c)
for decision, group in sorted(by_decision.items()):
    text = "".join(json.dumps(c["facts"]) + "\n" for c in group)
    out = subprocess.run([cli, "eval", "--rules", rules, "--decision", decision, "--lines",
                          "--quiet", "-"], input=text, capture_output=True, text=True)
    got = [json.loads(line) for line in out.stdout.splitlines()]
    if len(got) != len(group):
        print(f"{decision}: {len(group)} cases, {len(got)} results")
        failed += 1
        continue
    for c, g in zip(group, got):
        where = f'{c["file"]}:{c["line"]}: {c["name"]}'
        if "expect_error" in c:
            code = g.get("$error", {}).get("code")
            if code != c["expect_error"]:
                print(f"{where}: expected error {c['expect_error']}, got {g}")
                failed += 1
            continue
        if "$error" in g:
            print(f"{where}: {g['$error']['message']}")
            failed += 1
            continue
        for k, v in c["expect"].items():
            if g.get(k) != v:
                print(f"{where}: {k}: expected {v!r}, got {g.get(k)!r}")
                failed += 1
print(f"{len(cases)} golden cases, {failed} failed")
sys.exit(1 if failed else 0)
