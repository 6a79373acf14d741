# SPDX-License-Identifier: MIT
"""No reference leaks: Python memory does not grow over thousands of
decisions, errors and clocks, and the inputs' reference counts do not move.
(The leak run, tests/leaks.sh, checks the C side under valgrind.)"""

import datetime as dt
import gc
import sys
import tracemalloc
import unittest
from decimal import Decimal

import crmrules

import support
from test_decide import CUSTOMER

LIMIT = dict(CUSTOMER, has_credit_history=True, avg_monthly_shipments=Decimal("80000.00"),
             avg_monthly_payments=Decimal("75000.10"))
CST = dt.timezone(dt.timedelta(hours=8))


def workload(rs):
    rs.decide("credit_limit", LIMIT, explain=True)
    rs.decide("credit_grade", CUSTOMER, explain="full")
    rs.decide_json("credit_limit", '{"grade": "A", "avg_monthly_payments": "1.00"}')
    for bad in ({"bad_record_24m": False}, {"capital": "rich"}, {"capitl": 1},
                dict(LIMIT, avg_monthly_payments=0.5)):
        try:
            rs.decide("credit_limit", bad)
        except crmrules.Error:
            pass
    items = [LIMIT, {"bad_record_24m": False}, {"x": 1}] * 20
    for _ in rs.decide_many("credit_limit", items, errors="yield"):
        pass
    it = rs.decide_many("credit_limit", items)
    next(it)
    it.close()
    rs.sla("complaint.first_contact", dt.datetime(2026, 9, 30, 17, 59, tzinfo=CST),
           pauses=[(dt.datetime(2026, 10, 8, 9, tzinfo=CST), None)],
           now=dt.datetime(2026, 10, 8, 12, tzinfo=CST))
    try:
        rs.sla("complaint.first_contct", dt.datetime(2026, 9, 30, tzinfo=CST))
    except crmrules.SlaError:
        pass


class Memory(unittest.TestCase):
    @unittest.skipIf(support.LEAK_RUN, "the leak run checks memory with valgrind")
    def test_no_growth(self):
        rs = support.rules()
        rounds = 100 if support.QUICK else 1000
        for _ in range(50):
            workload(rs)
        gc.collect()
        tracemalloc.start()
        try:
            for _ in range(20):
                workload(rs)
            gc.collect()
            before, _ = tracemalloc.get_traced_memory()
            for _ in range(rounds):
                workload(rs)
            gc.collect()
            after, _ = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
        # one leaked small object a round would be tens of kilobytes
        self.assertLess(after - before, 16 * 1024, f"{after - before} bytes over {rounds} rounds")

    def test_reference_counts(self):
        rs = support.rules()
        amount = Decimal("75000.10")
        facts = dict(LIMIT, avg_monthly_payments=amount)
        name = "credit_limit"
        counts = [sys.getrefcount(x) for x in (facts, amount, name, rs)]
        for _ in range(100):
            rs.decide(name, facts, explain=True)
            list(rs.decide_many(name, [facts, facts]))
        self.assertEqual([sys.getrefcount(x) for x in (facts, amount, name, rs)], counts)


if __name__ == "__main__":
    unittest.main()
