#!/usr/bin/env python3
# diff_oracle.py CRMRULES DECISION INPUT OLD NEW DIFF_JSON - the figures of
# `crmrules diff --keep id --json` computed another way: each side's
# `eval --lines --keep id --explain` over the same input (the library's
# crm_decide_json, not diff's own reading and deciding), compared line by
# line in Python with exact integers. Prints what differs; exit 1 if any.
import json
import subprocess
import sys
from decimal import Decimal

bin_, decision, input_, old, new, diff_json = sys.argv[1:7]


def side(rules):
    args = [bin_, "eval", "--decision", decision, "--lines", "--keep", "id", "--explain", "--quiet"]
    for r in rules.split(","):
        args += ["--rules", r]
    out = subprocess.run(args + [input_], capture_output=True, text=True).stdout
    return [json.loads(line) for line in out.splitlines()]


def cents(text):
    return int(Decimal(text) * 100)


def money(c):
    sign = "-" if c < 0 else ""
    return "%s%d.%02d" % (sign, abs(c) // 100, abs(c) % 100)


def mean(total, n):
    if n == 0:
        return 0
    q, r = divmod(abs(total) * 2 + n, 2 * n)
    return q if total >= 0 else -q


def error_code(r):
    return r["$error"]["code"] if "$error" in r else "ok"


olds, news = side(old), side(new)
got = json.load(open(diff_json))
want = {"lines": len(olds), "decided": 0, "changed": 0}
outputs = {}
rules = {}
errors = {}
examples = []
for line, (o, n) in enumerate(zip(olds, news)):
    for r, k in ((o, 0), (n, 1)):
        for f in r.get("$explain", {}).get("fired", []):
            rules.setdefault((f["decision"], f["rule"]), [0, 0])[k] += 1
    eo, en = error_code(o), error_code(n)
    if eo != "ok" or en != "ok":
        e = errors.setdefault((eo, en), [0, []])
        e[0] += 1
        # diff takes a kept value from whichever side read it (a side
        # that failed early may not have)
        e[1].append(o["id"] if o.get("id") is not None else n.get("id"))
        continue
    want["decided"] += 1
    names = [k for k in o if k not in ("id", "$explain")]
    any_changed = False
    for name in names:
        a, b = o[name], n[name]
        d = outputs.setdefault(name, {"changed": 0, "cells": {}, "money": None})
        d["changed"] += a != b
        any_changed |= a != b
        if isinstance(a, (list, dict)) or (isinstance(a, str) and name == "limit"):
            pass
        else:
            d["cells"][(json.dumps(a), json.dumps(b))] = d["cells"].get((json.dumps(a), json.dumps(b)), 0) + 1
        if name == "limit":
            ca, cb = cents(a), cents(b)
            m = d["money"] or {"old": 0, "new": 0, "up": 0, "down": 0, "max_up": (0, None),
                               "max_down": (0, None), "split": {}}
            d["money"] = m
            m["old"] += ca
            m["new"] += cb
            m["up"] += cb > ca
            m["down"] += cb < ca
            if cb - ca > m["max_up"][0]:
                m["max_up"] = (cb - ca, o["id"])
            if cb - ca < m["max_down"][0]:
                m["max_down"] = (cb - ca, o["id"])
            key = (o["credit_kind"], n["credit_kind"])
            s = m["split"].setdefault(key, [0, 0, 0, 0])
            s[0] += 1
            s[1] += ca != cb
            s[2] += ca
            s[3] += cb
    if any_changed:
        want["changed"] += 1
        examples.append(o["id"])

fail = 0


def check(what, a, b):
    global fail
    if a != b:
        print("FAIL oracle %s: diff says %r, eval --lines gives %r" % (what, a, b))
        fail = 1


for k in want:
    check(k, got[k], want[k])
check("examples", [e["id"] for e in got["examples"]], examples[:len(got["examples"])])
for out in got["outputs"]:
    d = outputs[out["name"]]
    check(out["name"] + " changed", out["changed"], d["changed"])
    if out["matrix"] is not None:
        cells = {(json.dumps(c["old"]), json.dumps(c["new"])): c["count"] for c in out["matrix"]}
        check(out["name"] + " matrix", cells, d["cells"])
    if "money" in out:
        m, gm = d["money"], out["money"]
        check("old_total", gm["old_total"], money(m["old"]))
        check("new_total", gm["new_total"], money(m["new"]))
        check("moved", gm["moved"], money(m["new"] - m["old"]))
        check("rose", gm["rose"], m["up"])
        check("fell", gm["fell"], m["down"])
        check("mean_change", gm["mean_change"], money(mean(m["new"] - m["old"], m["up"] + m["down"])))
        if m["up"]:
            check("largest_rise", (gm["largest_rise"]["change"], gm["largest_rise"]["id"]),
                  (money(m["max_up"][0]), m["max_up"][1]))
        if m["down"]:
            check("largest_fall", (gm["largest_fall"]["change"], gm["largest_fall"]["id"]),
                  (money(m["max_down"][0]), m["max_down"][1]))
        if out.get("split"):
            groups = {(g["old"], g["new"]): [g["decisions"], g["changed"], cents(g["old_total"]),
                                             cents(g["new_total"])] for g in out["split"]["groups"]}
            check("split", groups, m["split"])
check("rules", {(r["decision"], r["rule"]): [r["old"], r["new"]] for r in got["rules"]},
      {k: v for k, v in rules.items() if v[0] != v[1]})
check("error transitions", {(e["old"], e["new"]): (e["lines"], [x["id"] for x in e["examples"]])
                            for e in got["error_transitions"]},
      {k: (v[0], v[1][:3]) for k, v in errors.items()})
if not fail:
    print("oracle: %d lines, %d decided by both, %d changed, as eval --lines gives them"
          % (want["lines"], want["decided"], want["changed"]))
sys.exit(fail)
