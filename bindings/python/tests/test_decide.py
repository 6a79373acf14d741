# SPDX-License-Identifier: MIT
"""Ruleset.decide on the shipped rules: the same answers as crmrules eval,
money exact, every kind of error with its code, explanations."""

import datetime as dt
import os
import tempfile
import unittest
from collections import OrderedDict
from decimal import Decimal
from types import MappingProxyType

import crmrules

import support

CUSTOMER = {
    "bad_record_24m": False, "broken_promises": False, "debt_dispute": False,
    "capital": "strong", "revenue_declining": False, "sales_declining": False,
    "illegal_operation": False, "suspended_by_authority": False,
    "account_freeze_risk": False, "profile_complete": True, "months_cooperating": 36,
    "good_operating_years": 3, "annual_payment_ratio": 1.2,
}


def comparable(obj):
    """The tool says where in its input a refused fact was (<stdin>:line:col,
    <facts> for decide_json); a dict has no lines: compare code and message."""
    err = obj.get("$error")
    if err and err.get("file") in ("<stdin>", "<facts>"):
        return {"$error": {k: v for k, v in err.items() if k not in ("file", "line", "column")}}
    return obj


class SameAsTheTool(unittest.TestCase):
    """Every shipped decision, on generated customers, explained: what
    rs.decide answers is what crmrules eval --lines --explain prints."""

    def test_every_decision(self):
        rs = support.rules()
        n = 60 if support.QUICK else 400
        for decision in rs.decisions:
            items = support.random_facts(rs, decision, n, seed=hash(decision) % 1000)
            want = support.cli_eval(decision, items, explain=True)
            kinds = set()
            for i, (facts, w) in enumerate(zip(items, want)):
                got = support.outcome(rs, decision, facts, explain=True)
                kinds.add(got["$error"]["code"] if "$error" in got else "ok")
                self.assertEqual(comparable(got), comparable(w),
                                 f"{decision}, item {i}: {facts}")
            self.assertIn("ok", kinds, decision)

    def test_full_explanations(self):
        rs = support.rules()
        for decision in ("credit_grade", "credit_check", "complaint_level"):
            items = support.random_facts(rs, decision, 40, seed=3)
            want = support.cli_eval(decision, items, explain="full")
            for facts, w in zip(items, want):
                self.assertEqual(comparable(support.outcome(rs, decision, facts, "full")),
                                 comparable(w))

    def test_decide_json_is_the_tools_text(self):
        rs = support.rules()
        items = support.random_facts(rs, "credit_limit", 50, seed=11)
        want = support.cli_eval("credit_limit", items)
        for facts, w in zip(items, want):
            got = support.json.loads(rs.decide_json("credit_limit", support.facts_json(facts)))
            self.assertEqual(comparable(got), comparable(w))
        self.assertEqual(rs.decide_json("credit_grade", b'{"bad_record_24m": true}'),
                         '{"grade":"C"}')


class Outputs(unittest.TestCase):
    def test_grade_and_tier(self):
        rs = support.rules()
        self.assertEqual(rs.decide("credit_grade", CUSTOMER), {"grade": "A"})
        self.assertEqual(rs.decide("credit_grade", dict(CUSTOMER, capital="weak")),
                         {"grade": "C"})
        explained = rs.decide("credit_grade", CUSTOMER, explain=True)
        fired = explained["$explain"]["fired"]
        self.assertEqual([(f["decision"], f["rule"]) for f in fired],
                         [("credit_grade", "S4-3-art15-A")])
        self.assertEqual(fired[0]["facts"]["annual_payment_ratio"], 1.2)

    def test_money_is_exact(self):
        rs = support.rules()
        facts = dict(CUSTOMER, has_credit_history=True,
                     avg_monthly_shipments=Decimal("80000"),
                     avg_monthly_payments=Decimal("75000.10"))
        out = rs.decide("credit_limit", facts)
        self.assertEqual(out["limit"], Decimal("75000.10"))
        self.assertIsInstance(out["limit"], Decimal)
        self.assertEqual(str(out["limit"]), "75000.10")
        self.assertEqual(out["approvals"], ["sales_vp", "cfo", "general_manager"])
        # 0.10 + 0.20 is 0.30 exactly, where floats give 0.30000000000000004
        check = {"limit": Decimal("0.30"), "exposure": Decimal("0.10"),
                 "order_amount": Decimal("0.20"), "overdue_debt": False,
                 "first_overlimit_this_month": True}
        self.assertEqual(rs.decide("credit_check", check)["action"], "allow")
        check["order_amount"] = Decimal("0.21")
        self.assertNotEqual(rs.decide("credit_check", check)["action"], "allow")

    def test_money_forms(self):
        rs = support.rules()
        base = {"limit": Decimal("100"), "exposure": Decimal("0"),
                "overdue_debt": False, "first_overlimit_this_month": True}
        for amount in (Decimal("0.10"), Decimal("0.100"), Decimal("1E+1"), 10,
                       Decimal("-0.00")):
            rs.decide("credit_check", dict(base, order_amount=amount))
        with self.assertRaises(crmrules.FactError) as cm:
            rs.decide("credit_check", dict(base, order_amount=Decimal("0.105")))
        self.assertEqual((cm.exception.code, cm.exception.fact), ("invalid", "order_amount"))
        with self.assertRaises(crmrules.FactError) as cm:
            rs.decide("credit_check", dict(base, order_amount=Decimal("NaN")))
        with self.assertRaises(crmrules.FactTypeError) as cm:
            rs.decide("credit_check", dict(base, order_amount=0.1))
        self.assertIn("Decimal('0.10')", str(cm.exception))
        self.assertIsInstance(cm.exception, TypeError)
        with self.assertRaises(crmrules.FactError) as cm:
            rs.decide("credit_check", dict(base, order_amount=10**30))
        self.assertEqual(cm.exception.code, "overflow")

    def test_none_is_unknown_and_other_mappings(self):
        rs = support.rules()
        self.assertEqual(rs.decide("credit_grade", dict(CUSTOMER, bad_record_24m=True,
                                                        capital=None)), {"grade": "C"})
        self.assertEqual(rs.decide("credit_grade", MappingProxyType(CUSTOMER)), {"grade": "A"})
        self.assertEqual(rs.decide("credit_grade", OrderedDict(CUSTOMER)), {"grade": "A"})
        # keys equal to the names but other objects: read by json.loads,
        # built at run time, of a subclass of str
        class Key(str):
            pass
        self.assertEqual(rs.decide("credit_grade", support.json.loads(support.json.dumps(CUSTOMER))),
                         {"grade": "A"})
        built = {"".join(list(k)): v for k, v in CUSTOMER.items()}
        self.assertEqual(rs.decide("credit_grade", dict(built, capital="we" + "ak")), {"grade": "C"})
        self.assertEqual(rs.decide("credit_grade", {Key(k): v for k, v in CUSTOMER.items()}),
                         {"grade": "A"})
        # facts of one call never leak into the next
        rs.decide("credit_grade", CUSTOMER)
        with self.assertRaises(crmrules.MissingFactsError):
            rs.decide("credit_grade", {"bad_record_24m": False})


class Errors(unittest.TestCase):
    def test_missing_facts_are_listed(self):
        rs = support.rules()
        with self.assertRaises(crmrules.MissingFactsError) as cm:
            rs.decide("credit_grade", {"bad_record_24m": False, "months_cooperating": 3})
        e = cm.exception
        self.assertIsInstance(e, crmrules.DecisionError)
        self.assertEqual(e.code, "missing")
        self.assertEqual(e.decision, "credit_grade")
        self.assertEqual(e.missing[:2], ("broken_promises", "debt_dispute"))
        self.assertNotIn("months_cooperating", e.missing)
        self.assertEqual((e.file, e.line, e.column), ("rules/credit_grade.yaml", 31, 3))
        self.assertIn("needs facts that are not set: broken_promises", str(e))

    def test_no_match(self):
        path = os.path.join(tempfile.mkdtemp(), "nm.yaml")
        with open(path, "w") as f:
            f.write("facts: { n: int }\n"
                    "decisions:\n"
                    "  d:\n"
                    "    outputs: { v: int }\n"
                    "    rules:\n"
                    "      - { id: big, when: n > 10, then: 1 }\n")
        rs = crmrules.load(path)
        self.assertEqual(rs.decide("d", {"n": 11}), {"v": 1})
        with self.assertRaises(crmrules.NoMatchError) as cm:
            rs.decide("d", {"n": 3}, explain="full")
        self.assertEqual(cm.exception.code, "no_match")
        self.assertEqual(cm.exception.tried[0]["rule"], "big")
        self.assertEqual(cm.exception.tried[0]["facts"], {"n": 3})

    def test_refused_facts(self):
        rs = support.rules()
        cases = [
            ({"capital": "rich"}, crmrules.FactError, "invalid",
             "fact 'capital': \"rich\" is not one of its allowed values"),
            ({"months_cooperating": "12"}, crmrules.FactTypeError, "type",
             "fact 'months_cooperating' is int, not str"),
            ({"months_cooperating": True}, crmrules.FactTypeError, "type",
             "fact 'months_cooperating' is int, not bool"),
            ({"bad_record_24m": 1}, crmrules.FactTypeError, "type",
             "fact 'bad_record_24m' is bool, not int"),
            ({"months_cooperating": 1201}, crmrules.FactError, "invalid", None),
            ({"capitl": "strong"}, crmrules.FactError, "unknown",
             "unknown fact 'capitl' (did you mean 'capital'?)"),
        ]
        for facts, cls, code, message in cases:
            with self.assertRaises(cls, msg=facts) as cm:
                rs.decide("credit_grade", dict(CUSTOMER, **facts))
            self.assertEqual(cm.exception.code, code)
            self.assertEqual(cm.exception.fact, next(iter(facts)))
            if message:
                self.assertEqual(str(cm.exception), message)
        with self.assertRaises(crmrules.FactTypeError):
            rs.decide("credit_grade", [("capital", "strong")])
        with self.assertRaises(crmrules.FactTypeError):
            rs.decide("credit_grade", {1: True})

    def test_unknown_decision(self):
        rs = support.rules()
        with self.assertRaises(crmrules.DecisionError) as cm:
            rs.decide("credit_grad", CUSTOMER)
        self.assertEqual(cm.exception.code, "unknown")
        self.assertIn("did you mean 'credit_grade'", str(cm.exception))
        with self.assertRaises(ValueError):
            rs.decide("credit_grade", CUSTOMER, explain="some")


class TimesAndLists(unittest.TestCase):
    """Dates, instants, durations and lists, in and out, on a rule file of
    its own (the shipped rules read none of them as facts)."""

    @classmethod
    def setUpClass(cls):
        cls.dir = tempfile.mkdtemp()
        path = os.path.join(cls.dir, "times.yaml")
        with open(path, "w") as f:
            f.write(
                "facts:\n"
                "  opened: date\n"
                "  received: datetime\n"
                "  waited: duration\n"
                "  tags: list of string\n"
                "  amounts: list of money\n"
                "decisions:\n"
                "  when:\n"
                "    outputs: { day: date, at: datetime, wait: duration, n: int,"
                " amounts: list of money, tags: list of string }\n"
                "    rules:\n"
                "      - id: echo\n"
                "        then: { day: opened, at: received + waited, wait: waited * 2,"
                " n: len(tags), amounts: amounts, tags: tags }\n"
                "tests:\n"
                "  - decision: when\n"
                "    facts: { opened: 2026-01-01, received: \"2026-01-01T09:00:00+08:00\","
                " waited: 90 min, tags: [a], amounts: [\"1.10\"] }\n"
                "    expect: { n: 1 }\n")
        cls.rs = crmrules.load(path)

    def test_round_trip(self):
        cst = dt.timezone(dt.timedelta(hours=8))
        out = self.rs.decide("when", {
            "opened": dt.date(2026, 2, 28),
            "received": dt.datetime(2026, 1, 1, 9, 0, 30, 999999, tzinfo=cst),
            "waited": dt.timedelta(minutes=90),
            "tags": ["a", "b\"c", "雪"],
            "amounts": (Decimal("0.10"), Decimal("0.20"), 3),
        })
        self.assertEqual(out["day"], dt.date(2026, 2, 28))
        self.assertEqual(out["at"], dt.datetime(2026, 1, 1, 2, 30, 30, tzinfo=dt.timezone.utc))
        self.assertEqual(out["at"].utcoffset(), dt.timedelta(0))
        self.assertEqual(out["wait"], dt.timedelta(hours=3))
        self.assertEqual(out["n"], 3)
        self.assertEqual(out["amounts"], [Decimal("0.10"), Decimal("0.20"), Decimal("3.00")])
        self.assertEqual(out["tags"], ["a", "b\"c", "雪"])

    def test_zoneinfo(self):
        try:
            from zoneinfo import ZoneInfo
            shanghai = ZoneInfo("Asia/Shanghai")
        except Exception:  # no time-zone data
            self.skipTest("no zoneinfo data")
        out = self.rs.decide("when", {"received": dt.datetime(2026, 1, 1, 9, tzinfo=shanghai),
                                      "waited": dt.timedelta(0), "opened": dt.date(2026, 1, 1),
                                      "tags": [], "amounts": []})
        self.assertEqual(out["at"], dt.datetime(2026, 1, 1, 1, tzinfo=dt.timezone.utc))

    def test_naive_datetime_is_refused(self):
        with self.assertRaises(TypeError) as cm:
            self.rs.decide("when", {"received": dt.datetime(2026, 1, 1, 9)})
        self.assertIsInstance(cm.exception, crmrules.FactTypeError)
        self.assertIn("naive datetime", str(cm.exception))
        with self.assertRaises(crmrules.FactTypeError):
            self.rs.decide("when", {"opened": dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc)})
        with self.assertRaises(crmrules.FactTypeError):
            self.rs.decide("when", {"opened": "2026-01-01"})
        with self.assertRaises(crmrules.FactTypeError):
            self.rs.decide("when", {"tags": "a,b"})
        with self.assertRaises(crmrules.FactTypeError) as cm:
            self.rs.decide("when", {"tags": ["a", 1]})
        self.assertIn("items must be string, not int", str(cm.exception))
        with self.assertRaises(crmrules.FactError):
            self.rs.decide("when", {"amounts": [Decimal("0.001")]})


if __name__ == "__main__":
    unittest.main()
