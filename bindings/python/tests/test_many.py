# SPDX-License-Identifier: MIT
"""Ruleset.decide_many: results in input order, bad items raised or
yielded, the GIL released while deciding, one ruleset shared by threads."""

import sys
import threading
import time
import unittest

import crmrules

import support
from test_decide import CUSTOMER

COMPLAINT = {"category": "service_quality", "repeat_count": 0, "emotional": False,
             "beyond_authority": False, "reported_to_12315": False, "batch_quality": False,
             "department_inaction": False, "reputational_risk": False}


def outcome(x):
    return support.error_json(x) if isinstance(x, crmrules.Error) else x


class Many(unittest.TestCase):
    def test_same_as_decide_in_order(self):
        rs = support.rules()
        items = support.random_facts(rs, "credit_limit", 300 if support.QUICK else 3000, seed=5)
        want = [support.outcome(rs, "credit_limit", f) for f in items]
        got = [support.to_json(outcome(x))
               for x in rs.decide_many("credit_limit", items, errors="yield")]
        self.assertEqual(got, want)
        explained = list(rs.decide_many("credit_grade", [CUSTOMER], explain=True))
        self.assertEqual(explained, [rs.decide("credit_grade", CUSTOMER, explain=True)])
        self.assertEqual(list(rs.decide_many("credit_grade", [])), [])

    def test_raise(self):
        rs = support.rules()
        items = [CUSTOMER, CUSTOMER, {"bad_record_24m": False}, CUSTOMER]
        got = []
        with self.assertRaises(crmrules.MissingFactsError) as cm:
            for r in rs.decide_many("credit_grade", items):
                got.append(r)
        self.assertEqual(got, [{"grade": "A"}, {"grade": "A"}])
        self.assertEqual(cm.exception.index, 2)
        self.assertIn("broken_promises", cm.exception.missing)

    def test_raise_ends_the_stream(self):
        rs = support.rules()
        it = rs.decide_many("credit_grade", [CUSTOMER, {"capital": "rich"}, CUSTOMER])
        self.assertEqual(next(it), {"grade": "A"})
        with self.assertRaises(crmrules.FactError) as cm:
            next(it)
        self.assertEqual((cm.exception.index, cm.exception.fact), (1, "capital"))
        self.assertEqual(list(it), [])

    def test_yield(self):
        rs = support.rules()
        items = [CUSTOMER, {"x": 1}, {"bad_record_24m": False}, "not facts",
                 dict(CUSTOMER, capital="weak")]
        got = list(rs.decide_many("credit_grade", items, errors="yield"))
        self.assertEqual(got[0], {"grade": "A"})
        self.assertIsInstance(got[1], crmrules.FactError)
        self.assertEqual((got[1].index, got[1].code), (1, "unknown"))
        self.assertIsInstance(got[2], crmrules.MissingFactsError)
        self.assertEqual(got[2].index, 2)
        self.assertIsInstance(got[3], crmrules.FactTypeError)
        self.assertEqual(got[3].index, 3)
        self.assertEqual(got[4], {"grade": "C"})
        with self.assertRaises(ValueError):
            rs.decide_many("credit_grade", items, errors="ignore")

    def test_the_items_own_errors_pass_through(self):
        rs = support.rules()

        def items():
            yield CUSTOMER
            yield CUSTOMER
            raise RuntimeError("the source failed")

        for mode in ("raise", "yield"):
            got = []
            with self.assertRaises(RuntimeError):
                for r in rs.decide_many("credit_grade", items(), errors=mode):
                    got.append(r)
            self.assertEqual(got, [{"grade": "A"}] * 2)

    def test_lazy(self):
        rs = support.rules()
        pulled = []

        def items():
            for i in range(1000):
                pulled.append(i)
                yield CUSTOMER

        it = rs.decide_many("credit_grade", items())
        self.assertEqual(next(it), {"grade": "A"})
        self.assertEqual(len(pulled), 1)  # the first batch is one item
        self.assertEqual(sum(1 for _ in it), 999)
        it.close()
        self.assertEqual(list(it), [])
        it = rs.decide_many("credit_grade", [CUSTOMER] * 100)
        next(it)
        it.close()
        self.assertEqual(list(it), [])

    def test_reentry(self):
        rs = support.rules()
        holder = []

        def items():
            yield CUSTOMER
            # decide on the same ruleset from inside: a worker of its own
            self.assertEqual(rs.decide("credit_grade", dict(CUSTOMER, capital="weak")),
                             {"grade": "C"})
            yield CUSTOMER
            next(holder[0])  # the iterator that is reading us

        it = rs.decide_many("credit_grade", items())
        holder.append(it)
        self.assertEqual(next(it), {"grade": "A"})
        self.assertEqual(next(it), {"grade": "A"})
        with self.assertRaises(ValueError) as cm:
            next(it)
        self.assertIn("already executing", str(cm.exception))


class Threads(unittest.TestCase):
    # valgrind runs one thread at a time, switching when it pleases: whether
    # the spinner gets a turn during a short decide_many is its scheduler's
    # choice, not the GIL's (it failed once there on a loaded machine)
    @unittest.skipIf(support.LEAK_RUN, "valgrind serializes threads; the leak run checks memory")
    def test_gil_released_while_deciding(self):
        """With a switch interval of 10 s, another thread runs only when one
        releases the GIL: it keeps counting while decide_many decides, and
        not while a loop of decide (which holds the GIL) does."""
        rs = support.rules()
        texts = [t for _, t in support.complaint_texts()]
        items = [dict(COMPLAINT, text=t) for t in texts] * (2 if support.QUICK else 10)
        count = 0
        stop = False

        def spin():
            nonlocal count
            while not stop:
                count += 1
                time.sleep(0)  # releases the GIL each time round

        old = sys.getswitchinterval()
        sys.setswitchinterval(10)
        t = threading.Thread(target=spin)
        try:
            t.start()
            time.sleep(0.05)
            before = count
            for f in items:
                rs.decide("complaint_level", f)
            during_decide = count - before
            before = count
            n = sum(1 for _ in rs.decide_many("complaint_level", items))
            during_many = count - before
        finally:
            stop = True
            sys.setswitchinterval(old)
            t.join()
        self.assertEqual(n, len(items))
        self.assertGreater(during_many, 0)
        self.assertGreater(during_many, 10 * during_decide)

    def test_shared_ruleset(self):
        rs = support.rules()
        items = support.random_facts(rs, "credit_limit", 200 if support.QUICK else 2000, seed=9)
        want = [support.to_json(outcome(x))
                for x in rs.decide_many("credit_limit", items, errors="yield")]
        results = {}

        def many(k):
            results[k] = [support.to_json(outcome(x))
                          for x in rs.decide_many("credit_limit", items, errors="yield")]

        def one_by_one(k):
            results[k] = [support.outcome(rs, "credit_limit", f) for f in items]

        threads = [threading.Thread(target=many, args=(k,)) for k in range(3)]
        threads += [threading.Thread(target=one_by_one, args=(k,)) for k in range(3, 6)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        for k in range(6):
            self.assertEqual(results[k], want, k)


if __name__ == "__main__":
    unittest.main()
