# SPDX-License-Identifier: MIT
"""What the binding's tests share: where the repository and the crmrules
tool are, the shipped rules loaded once, results written as crmrules eval
writes them, and generated facts for every shipped decision."""

import datetime as dt
import json
import os
import random
import subprocess
from decimal import Decimal

import crmrules

ROOT = os.environ.get("CRMRULES_ROOT") or os.path.normpath(
    os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", ".."))
CLI = os.environ.get("CRMRULES_CLI") or os.path.join(ROOT, "build", "crmrules")
# Fewer items where a test loops (the leak run under valgrind sets it).
QUICK = os.environ.get("CRMRULES_TEST_QUICK") == "1"
# Under valgrind (leaks.sh): tracemalloc's own bookkeeping is left out.
LEAK_RUN = os.environ.get("CRMRULES_LEAK_RUN") == "1"

_rules = None


def rules():
    """The shipped rules, loaded once, as "rules" from the repository's root
    (so that positions read rules/credit_grade.yaml, as the tool's do)."""
    global _rules
    if _rules is None:
        here = os.getcwd()
        os.chdir(ROOT)
        try:
            _rules = crmrules.load("rules")
        finally:
            os.chdir(here)
    return _rules


def to_json(v):
    """A value as crmrules eval writes it, read back by json.loads."""
    if isinstance(v, dict):
        return {k: to_json(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return [to_json(x) for x in v]
    if isinstance(v, Decimal):
        return str(v)
    if isinstance(v, dt.datetime):
        return v.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    if isinstance(v, dt.date):
        return v.isoformat()
    if isinstance(v, dt.timedelta):
        return int(v.total_seconds())
    return v


def facts_json(facts):
    """Facts as JSON text crmrules eval reads."""
    def enc(v):
        if isinstance(v, Decimal):
            return str(v)
        if isinstance(v, (dt.date, dt.datetime)):
            return v.isoformat()
        if isinstance(v, dt.timedelta):
            return int(v.total_seconds())
        raise TypeError(type(v))
    return json.dumps(facts, default=enc, ensure_ascii=False)


def error_json(e):
    """A crmrules.Error as the "$error" object of crmrules eval."""
    out = {"code": e.code, "message": e.message}
    if e.line:
        out.update(file=e.file, line=e.line, column=e.column)
    if getattr(e, "missing", ()):
        out["missing"] = list(e.missing)
    return {"$error": out}


def cli_eval(decision, items, explain=False, cwd=ROOT):
    """crmrules eval --lines over items (dicts): one parsed result each."""
    cmd = [CLI, "eval", "--rules", "rules", "--decision", decision, "--lines", "--quiet"]
    if explain:
        cmd.append("--explain" if explain is True else "--explain=" + explain)
    text = "".join(facts_json(f) + "\n" for f in items)
    run = subprocess.run(cmd, input=text.encode(), stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, cwd=cwd, check=False)
    lines = run.stdout.decode().splitlines()
    assert len(lines) == len(items), run.stderr.decode()
    return [json.loads(line) for line in lines]


def complaint_texts():
    """The labelled complaint texts of tests/corpus (level, text)."""
    out = []
    with open(os.path.join(ROOT, "tests", "corpus", "complaint_texts.tsv"), encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            level, _script, _kind, text = line.rstrip("\n").split("\t")
            out.append((int(level), text))
    return out


def _money(rnd, lo, hi):
    return Decimal(rnd.randrange(lo * 100, hi * 100)) / 100


# How to make a value of each fact of the shipped rules (an unusual one now
# and then: out of range, not among the values).
DOMAINS = {
    "category": lambda r: r.choice(["product_repair", "wrong_delivery", "quality",
                                    "service_quality", "service_attitude", "price_dispute",
                                    "policy", "process", "other"]),
    "repeat_count": lambda r: r.choice([0, 0, 1, 2, 5]),
    "text": lambda r: r.choice(_TEXTS) if _TEXTS else "the delivery is late",
    "level": lambda r: r.randrange(1, 4),
    "satisfaction_rating": lambda r: r.randrange(1, 6),
    "limit": lambda r: _money(r, 0, 200000),
    "exposure": lambda r: _money(r, 0, 250000),
    "order_amount": lambda r: _money(r, 1, 100000),
    "total_credit_granted": lambda r: _money(r, 0, 2000000),
    "receivables_balance": lambda r: _money(r, 0, 2000000),
    "proposed_limit": lambda r: _money(r, 0, 300000),
    "months_cooperating": lambda r: r.randrange(0, 80),
    "capital": lambda r: r.choice(["strong", "adequate", "weak"]),
    "good_operating_years": lambda r: r.randrange(0, 6),
    "annual_payment_ratio": lambda r: round(r.uniform(0.6, 1.4), 2),
    "grade": lambda r: r.choice(["A", "B", "C"]),
    "avg_monthly_shipments": lambda r: _money(r, 1000, 300000),
    "avg_monthly_payments": lambda r: _money(r, 1000, 300000),
    "collateral_value": lambda r: _money(r, 0, 100000),
    "current_limit": lambda r: _money(r, 0, 200000),
    "customer_kind": lambda r: r.choice(["long_term", "periodic", "potential"]),
    "monthly_volume_ratio": lambda r: round(r.uniform(0.5, 1.5), 2),
    "satisfaction_pct": lambda r: r.choice([50, 70, 84.9, 85, 90, 99.5]),
}
ODD = {
    "satisfaction_pct": 150,
    "capital": "rich",
    "months_cooperating": -1,
    "level": 4,
}
_TEXTS = []


def random_facts(rs, decision, n, seed=7, unset=0.04, odd=0.01):
    """n facts dicts for a decision: every fact it may read, each now and
    then unset (None or left out) or odd (refused)."""
    if not _TEXTS:
        _TEXTS.extend(t for _, t in complaint_texts())
    rnd = random.Random(seed)
    names = rs.decision_facts(decision)
    items = []
    for _ in range(n):
        f = {}
        for name in names:
            x = rnd.random()
            if x < unset / 2:
                continue
            if x < unset:
                f[name] = None
            elif name in ODD and x < unset + odd:
                f[name] = ODD[name]
            elif rs.facts[name] == "bool":
                f[name] = rnd.random() < 0.12
            else:
                f[name] = DOMAINS[name](rnd)
        items.append(f)
    return items


def outcome(rs, decision, facts, explain=False):
    """rs.decide's answer as crmrules eval writes it."""
    try:
        return to_json(rs.decide(decision, facts, explain=explain))
    except crmrules.Error as e:
        return error_json(e)
