# SPDX-License-Identifier: MIT
"""Ruleset.sla: the same states as crmrules sla, pauses, aware datetimes in
any zone, naive ones refused."""

import datetime as dt
import json
import math
import random
import subprocess
import unittest

import crmrules

import support

CST = dt.timezone(dt.timedelta(hours=8))


def at(text):
    return dt.datetime.fromisoformat(text)


def cli_sla(timer, start, pauses=(), now=None, stop=None):
    cmd = [support.CLI, "sla", "--rules", "rules", "--timer", timer, "--start", start.isoformat()]
    for a, b in pauses:
        cmd += ["--pause", f"{a.isoformat()}/{b.isoformat()}"]
    if stop:
        cmd += ["--stop", stop.isoformat()]
    if now:
        cmd += ["--now", now.isoformat()]
    run = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=support.ROOT,
                         check=False)
    if run.returncode:
        return {"error": run.stderr.decode().strip().removeprefix("crmrules sla: ")}
    return json.loads(run.stdout)


def as_cli(state):
    """A state as crmrules sla prints it: instants at the calendar's offset,
    durations in seconds, the optional keys only when they say something."""
    out = {}
    for k, v in state.items():
        if isinstance(v, dt.datetime):
            v = v.isoformat().replace("+00:00", "Z")
        elif isinstance(v, dt.timedelta):
            v = int(v.total_seconds())
        elif isinstance(v, dt.date):
            v = v.isoformat()
        out[k] = v
    if not state["provisional"]:
        del out["provisional"], out["assumed_from"]
    if state["status"] != "stopped":
        del out["breached_at_stop"]
    if state["escalates_to"] is None:
        del out["escalates_to"]
    return out


class Sla(unittest.TestCase):
    def test_the_manuals_clock(self):
        rs = support.rules()
        s = rs.sla("complaint.first_contact", at("2026-09-30T17:59:00+08:00"),
                   pauses=[(at("2026-10-08T09:00:00+08:00"), at("2026-10-08T10:00:00+08:00"))],
                   now=at("2026-10-08T12:00:00+08:00"))
        self.assertEqual(s["status"], "warning")
        self.assertEqual(s["due"], at("2026-10-08T18:59:00+08:00"))
        self.assertEqual(s["due"].utcoffset(), dt.timedelta(hours=8))
        self.assertEqual(s["total"], dt.timedelta(days=1))
        self.assertEqual(s["elapsed"], dt.timedelta(seconds=61260))
        self.assertEqual(s["remaining"], dt.timedelta(seconds=25140))
        self.assertEqual(s["next_alert"], at("2026-10-08T14:11:00+08:00"))
        self.assertEqual((s["warnings_passed"], s["measure"]), (1, "working days"))
        # the same instants in UTC and in a named zone: the same state
        utc = dt.timezone.utc
        t = rs.sla("complaint.first_contact", at("2026-09-30T09:59:00+00:00"),
                   pauses=[(at("2026-10-08T01:00:00").replace(tzinfo=utc),
                            at("2026-10-08T02:00:00").replace(tzinfo=utc))],
                   now=at("2026-10-08T04:00:00+00:00"))
        self.assertEqual(t, s)
        try:
            from zoneinfo import ZoneInfo
            sh = ZoneInfo("Asia/Shanghai")
        except Exception:
            return
        z = rs.sla("complaint.first_contact", dt.datetime(2026, 9, 30, 17, 59, tzinfo=sh),
                   pauses=[(dt.datetime(2026, 10, 8, 9, tzinfo=sh),
                            dt.datetime(2026, 10, 8, 10, tzinfo=sh))],
                   now=dt.datetime(2026, 10, 8, 12, tzinfo=sh))
        self.assertEqual(z, s)

    def test_same_as_the_tool(self):
        rs = support.rules()
        rnd = random.Random(4)
        timers = [t for t in rs.timers if t.startswith("complaint.")]
        base = at("2026-03-02T00:00:00+08:00")
        n = 10 if support.QUICK else 30
        for _ in range(n):
            timer = rnd.choice(timers)
            start = base + dt.timedelta(minutes=rnd.randrange(0, 60 * 24 * 200))
            pauses = []
            t = start
            for _ in range(rnd.randrange(0, 3)):
                a = t + dt.timedelta(minutes=rnd.randrange(0, 3000))
                b = a + dt.timedelta(minutes=rnd.randrange(1, 3000))
                pauses.append((a, b))
                t = b
            # from a minute to a month on, as often minutes as days
            now = t + dt.timedelta(minutes=int(math.exp(rnd.uniform(0, math.log(43200)))))
            stop = now if rnd.random() < 0.2 else None
            want = cli_sla(timer, start, pauses, now, stop)
            try:
                got = as_cli(rs.sla(timer, start, pauses, now=now, stop=stop))
            except crmrules.SlaError as e:
                got = {"error": e.message}
            self.assertEqual(got, want, (timer, start, pauses, now, stop))

    def test_breach_stop_and_ongoing_pause(self):
        rs = support.rules()
        s = rs.sla("complaint.minor.to_major", at("2026-10-01T08:00:00+08:00"),
                   now=at("2026-10-11T09:00:00+08:00"))
        self.assertEqual((s["status"], s["escalates_to"], s["next_alert"]),
                         ("breached", "complaint.major.report", None))
        self.assertEqual(s["remaining"], dt.timedelta(hours=-1))
        s = rs.sla("complaint.major.report", at("2026-10-12T09:00:00+08:00"),
                   stop=at("2026-10-12T09:08:00+08:00"), now=at("2026-10-12T09:08:00+08:00"))
        self.assertEqual((s["status"], s["breached_at_stop"]), ("stopped", False))
        start, now = at("2026-10-12T09:00:00+08:00"), at("2026-10-12T09:30:00+08:00")
        going_on = rs.sla("complaint.minor.to_major", start,
                          pauses=[(at("2026-10-12T09:10:00+08:00"), None)], now=now)
        ended = rs.sla("complaint.minor.to_major", start,
                       pauses=[(at("2026-10-12T09:10:00+08:00"), now)], now=now)
        self.assertEqual(going_on, ended)
        self.assertEqual(going_on["elapsed"], dt.timedelta(minutes=10))
        # now defaults to the current time
        recent = dt.datetime.now(dt.timezone.utc) - dt.timedelta(minutes=5)
        s = rs.sla("complaint.minor.to_major", recent)
        self.assertGreaterEqual(s["elapsed"], dt.timedelta(minutes=5))
        self.assertLess(s["elapsed"], dt.timedelta(minutes=10))

    def test_errors(self):
        rs = support.rules()
        start = at("2026-10-12T09:00:00+08:00")
        with self.assertRaises(TypeError) as cm:
            rs.sla("complaint.first_contact", dt.datetime(2026, 10, 12, 9))
        self.assertIn("naive datetime", str(cm.exception))
        with self.assertRaises(TypeError) as cm:
            rs.sla("complaint.first_contact", start, now=dt.datetime(2026, 10, 12, 10))
        self.assertIn("now is a naive datetime", str(cm.exception))
        with self.assertRaises(TypeError):
            rs.sla("complaint.first_contact", start,
                   pauses=[(dt.datetime(2026, 10, 12, 9), None)], now=start)
        with self.assertRaises(TypeError):
            rs.sla("complaint.first_contact", "2026-10-12T09:00:00+08:00")
        with self.assertRaises(crmrules.SlaError) as cm:
            rs.sla("complaint.first_contct", start, now=start)
        self.assertEqual(cm.exception.code, "unknown")
        self.assertIn("did you mean 'complaint.first_contact'", str(cm.exception))
        with self.assertRaises(crmrules.SlaError) as cm:
            rs.sla("complaint.first_contact", at("2026-12-31T10:00:00+08:00"),
                   now=at("2026-12-31T10:00:00+08:00"))
        self.assertEqual(cm.exception.code, "range")
        self.assertIn("calendar cn has no data for 2027-01-01", str(cm.exception))
        with self.assertRaises(crmrules.SlaError) as cm:
            rs.sla("complaint.minor.to_major", start, pauses=[(start, start - dt.timedelta(1))],
                   now=start)
        self.assertEqual(cm.exception.code, "invalid")
        with self.assertRaises(ValueError):
            rs.sla("complaint.minor.to_major", start, pauses=[(start, start)] * 257, now=start)


if __name__ == "__main__":
    unittest.main()
