# SPDX-License-Identifier: MIT
"""The shared golden cases (tests/golden/rules.jsonl, exported from the
rule files' own tests by crmrules test --export-json), each decided through
Ruleset.decide on crmrules.load("rules"). A line:

    {"file": "rules/credit_limit.yaml", "line": 128, "name": "...",
     "decision": "credit_limit", "facts": {fact: value as crmrules eval reads it},
     "expect": {output: value as crmrules eval prints it}}

or "expect_error": "missing" (a code) in place of "expect"; only the
outputs listed are compared. Facts are given to decide as Python values of
their declared types (money as Decimal, dates as datetime.date, ...).
"""

import datetime as dt
import json
import os
import re
import unittest
from decimal import Decimal

import crmrules

import support

GOLDEN = os.path.join(support.ROOT, "tests", "golden", "rules.jsonl")

_UNITS = {"s": 1, "sec": 1, "min": 60, "h": 3600, "d": 86400}


def duration(v):
    """A duration as crmrules reads it: seconds, or "90 min", "24 h", "3 d"."""
    if isinstance(v, (int, float)):
        return dt.timedelta(seconds=v)
    m = re.fullmatch(r"\s*(-?\d+)\s*([a-z]*)\s*", v)
    return dt.timedelta(seconds=int(m.group(1)) * _UNITS[m.group(2) or "s"])


def instant(v):
    return dt.datetime.fromisoformat(v.replace("Z", "+00:00"))


def fact_value(kind, v):
    """A JSON value as the Python value of the fact's type."""
    if v is None:
        return None
    if kind.startswith("list of "):
        return [fact_value(kind[8:], x) for x in v]
    return {
        "money": lambda: Decimal(str(v)),
        "date": lambda: dt.date.fromisoformat(v),
        "datetime": lambda: instant(v),
        "duration": lambda: duration(v),
        "number": lambda: v if isinstance(v, (int, float)) else float(v),
        "int": lambda: v if isinstance(v, int) else int(v),
        "bool": lambda: v if isinstance(v, bool) else v == "true",
    }.get(kind, lambda: v)()


def same(ours, want):
    """An output against its value as crmrules eval prints it."""
    if isinstance(ours, list):
        return isinstance(want, list) and len(ours) == len(want) and \
            all(same(a, b) for a, b in zip(ours, want))
    if isinstance(ours, Decimal):
        return ours == Decimal(str(want))
    if isinstance(ours, dt.datetime):
        return ours == instant(want)
    if isinstance(ours, dt.date):
        return ours == dt.date.fromisoformat(want)
    if isinstance(ours, dt.timedelta):
        return ours == duration(want)
    if isinstance(ours, float) and not isinstance(want, bool):
        return isinstance(want, (int, float)) and ours == want
    return ours == want and type(ours) is type(want)


class Golden(unittest.TestCase):
    def rules_for(self, file, cache={}):
        """The case's rules: load("rules") for the shipped files, the file
        itself for any other (an alternative in rules/alt, say)."""
        if os.path.dirname(os.path.normpath(file)) == "rules":
            return support.rules()
        if file not in cache:
            cache[file] = crmrules.load(os.path.join(support.ROOT, file))
        return cache[file]

    def test_every_case(self):
        with open(GOLDEN, encoding="utf-8") as f:
            text = f.read()
        n = 0
        for lineno, line in enumerate(text.splitlines(), 1):
            if not line.strip():
                continue
            case = json.loads(line)
            n += 1
            where = (f"{GOLDEN}:{lineno}: {case.get('file')}:{case.get('line')}: "
                     f"{case.get('name')}")
            rs = self.rules_for(case["file"])
            with self.subTest(where):
                try:
                    facts = {k: fact_value(rs.facts.get(k, "string"), v)
                             for k, v in case.get("facts", {}).items()}
                    out = rs.decide(case["decision"], facts)
                except crmrules.Error as e:
                    self.assertEqual(e.code, case.get("expect_error"), f"{where}: {e}")
                    continue
                self.assertNotIn("expect_error", case, f"{where}: decided {out}")
                for name, want in case.get("expect", {}).items():
                    self.assertIn(name, out, where)
                    self.assertTrue(same(out[name], want),
                                    f"{where}: {name} is {out[name]!r}, expected {want!r}")
        self.assertGreaterEqual(n, 100)  # 123 when the file was first exported


if __name__ == "__main__":
    unittest.main()
