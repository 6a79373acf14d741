# SPDX-License-Identifier: MIT
"""Decisions per second from Python dicts: Ruleset.decide in a loop, and
Ruleset.decide_many over the same list, on generated customers.

    python bench.py [--rules DIR] [--decision credit_grade] [--customers 100000] [--runs 5]
                    [--threads N]

credit_grade reads 13 facts, credit_limit 20 (3 of them money); complaint_level
reads a complaint's text (folded, then matched by 7 patterns: microseconds in
C, where decide_many's release of the GIL shows with --threads 2). With
--threads N, N threads decide the list at once and the figure is their sum.
Each figure is the best of --runs runs. On one thread the figure is per
second of the process's CPU time (on a shared machine wall time also counts
the other tenants), wall time beside it; with --threads, wall time (what N
threads decide in a second). Compare the rows of one run, not runs of
different days.
"""

import argparse
import os
import random
import sys
import threading
import time
from decimal import Decimal

import crmrules

HERE = os.path.dirname(os.path.abspath(__file__))


def complaints(n, rules_dir, seed=1):
    """n complaints, their texts from the labelled corpus."""
    corpus = os.path.join(rules_dir, "..", "tests", "corpus", "complaint_texts.tsv")
    with open(corpus, encoding="utf-8") as f:
        texts = [line.rstrip("\n").split("\t")[3] for line in f
                 if line.strip() and not line.startswith("#")]
    rnd = random.Random(seed)
    return [{"category": rnd.choice(("product_repair", "quality", "service_quality")),
             "repeat_count": 0, "emotional": False, "beyond_authority": False,
             "reported_to_12315": False, "batch_quality": False, "department_inaction": False,
             "reputational_risk": False, "text": rnd.choice(texts)} for _ in range(n)]


def customers(n, decision, seed=1):
    """n facts dicts for credit_grade (13 facts), or credit_limit (20)."""
    rnd = random.Random(seed)
    out = []
    for _ in range(n):
        f = {
            "bad_record_24m": rnd.random() < 0.05,
            "broken_promises": rnd.random() < 0.05,
            "debt_dispute": rnd.random() < 0.03,
            "capital": rnd.choice(("strong", "adequate", "weak")),
            "revenue_declining": rnd.random() < 0.1,
            "sales_declining": rnd.random() < 0.1,
            "illegal_operation": rnd.random() < 0.01,
            "suspended_by_authority": rnd.random() < 0.01,
            "account_freeze_risk": rnd.random() < 0.02,
            "profile_complete": rnd.random() < 0.9,
            "months_cooperating": rnd.randrange(0, 120),
            "good_operating_years": rnd.randrange(0, 10),
            "annual_payment_ratio": round(rnd.uniform(0.5, 1.5), 2),
        }
        if decision == "credit_limit":
            f.update({
                "has_credit_history": rnd.random() < 0.8,
                "temporary_request": rnd.random() < 0.1,
                "avg_monthly_shipments": Decimal(rnd.randrange(100000, 20000000)) / 100,
                "avg_monthly_payments": Decimal(rnd.randrange(100000, 20000000)) / 100,
                "collateral_value": Decimal(rnd.randrange(0, 5000000)) / 100,
                "collateral_complete": rnd.random() < 0.5,
                "current_limit": None,
            })
        out.append(f)
    return out


def best(runs, fn, threads):
    """The least wall time and the least CPU time of the process over runs."""
    wall, cpu = [], []
    for _ in range(runs):
        pool = [threading.Thread(target=fn) for _ in range(threads)]
        t0, c0 = time.perf_counter(), time.process_time()
        for t in pool:
            t.start()
        for t in pool:
            t.join()
        wall.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
    return min(wall), min(cpu)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rules", default=os.path.join(HERE, "..", "..", "rules"))
    ap.add_argument("--decision", default="credit_grade",
                    choices=("credit_grade", "credit_limit", "complaint_level"))
    ap.add_argument("--customers", type=int, default=100000)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--threads", type=int, default=1)
    args = ap.parse_args()

    rules = crmrules.load(args.rules)
    if args.decision == "complaint_level":
        facts = complaints(args.customers, args.rules)
    else:
        facts = customers(args.customers, args.decision)
    name = args.decision

    def one_by_one():
        decide = rules.decide
        for f in facts:
            try:
                decide(name, f)
            except crmrules.DecisionError:
                pass

    def many():
        for _ in rules.decide_many(name, facts, errors="yield"):
            pass

    rows = [("decide", one_by_one), ("decide_many", many)]
    n = len(facts) * args.threads
    threads = f", {args.threads} threads" if args.threads > 1 else ""
    print(f"{name}: {len(facts)} customers from dicts{threads}, best of {args.runs} runs "
          f"(Python {sys.version.split()[0]}, crmrules {crmrules.__version__})")
    rates = {}
    for label, fn in rows:
        wall, cpu = best(args.runs, fn, args.threads)
        t = cpu if args.threads == 1 else wall
        rates[label] = n / t
        if args.threads == 1:
            print(f"  {label:<12} {n / cpu:>12,.0f} decisions/s of CPU time  {cpu / n * 1e9:6.0f} ns"
                  f" each  (wall: {n / wall:,.0f}/s)")
        else:
            print(f"  {label:<12} {n / wall:>12,.0f} decisions/s  {wall / n * 1e9:6.0f} ns each")
    print(f"  decide_many / decide: {rates['decide_many'] / rates['decide']:.2f}x")


if __name__ == "__main__":
    main()
