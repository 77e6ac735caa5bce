#!/usr/bin/env python3
"""Accounting that agrees with itself and with IB, driven from the outside.

A simulated day is traded by the real `robotrader run --sim` (its path in ROBOTRADER) on a temporary
database; then the run's own summary, its dashboard's /api/state, `robotrader report` and the
emulator's account (IB's NetLiquidation, read by the trader at the close) are compared to the cent.
Waits are on output lines or process exits, each with a deadline.
"""
import json
import re
import sqlite3
import unittest
from decimal import ROUND_HALF_EVEN, Decimal

from rtcli import DatabaseCase, Process, free_port, http, robotrader

CENT = Decimal("0.01")


def cents(value):
    return Decimal(str(value)).quantize(CENT, rounding=ROUND_HALF_EVEN)


class Accounting(DatabaseCase):
    prefix = "rt-accounting-"

    def sim(self, *extra, start="2025-01-15 14:30"):
        p = Process("run", "--sim", "--symbols", "AAPL,MSFT,NVDA", "--speed", "600", "--sim-start", start,
                    "--db", self.db, *extra)
        self.processes.append(p)
        return p

    def report(self):
        r = robotrader("report", "--db", self.db, "--json")
        self.assertEqual(r.returncode, 0, r.stderr)
        return json.loads(r.stdout)

    def summary_equity(self, p):
        """The Equity column of the run's final summary table."""
        lines = p.text().splitlines()
        header = max(i for i, line in enumerate(lines) if line.strip().startswith("Start equity"))
        columns = re.split(r"\s{2,}", lines[header].strip())
        values = re.split(r"\s{2,}", lines[header + 2].strip())
        return Decimal(values[columns.index("Equity")])

    def held_positions(self):
        with sqlite3.connect(self.db) as c:
            return c.execute("SELECT count(*) FROM positions WHERE quantity <> 0").fetchone()[0]

    def test_after_a_sim_day_the_report_the_run_summary_the_dashboard_and_ib_agree_to_the_cent(self):
        port = free_port()
        p = self.sim("--http", f"127.0.0.1:{port}")
        _, _, line = p.wait_for(r"day closed: equity \S+, IB NetLiquidation \S+: \w+", timeout=240)
        m = re.search(r"day closed: equity (\S+), IB NetLiquidation (\S+): (\w+)", line)
        day_equity, ib_net_liq, verdict = Decimal(m.group(1)), Decimal(m.group(2)), m.group(3)
        self.assertEqual(verdict, "agrees", p.text())
        status, state = http(f"http://127.0.0.1:{port}/api/state")
        self.assertEqual(status, 200)
        p.stop()
        self.assertGreater(self.held_positions(), 0, "the day ended flat: nothing is marked\n" + p.text())

        report = self.report()
        self.assertEqual(Decimal(report["account"]["equity"]), day_equity)
        self.assertEqual(ib_net_liq, day_equity)
        self.assertEqual(self.summary_equity(p), day_equity)
        self.assertEqual(cents(state["account"]["net_liquidation"]), day_equity)
        self.assertEqual(cents(state["account"]["ib"]["net_liquidation"]), day_equity)
        self.assertTrue(state["account"]["ib"]["agrees"], state["account"]["ib"])
        self.assertTrue(report["ib"]["agrees"], report["ib"])
        self.assertEqual(report["ib"]["equity_difference"], "0.00")
        final = p.matching(r"^IB NetLiquidation")
        self.assertTrue(final and "agrees with the books" in final[-1], p.text())

        # Unrealized is (mark - average cost) x quantity, position by position and in total.
        total = Decimal(0)
        for pos in report["positions"]:
            expected = cents((Decimal(pos["price"]) - Decimal(pos["avg_cost"])) * Decimal(pos["quantity"]))
            self.assertEqual(Decimal(pos["unrealized_pnl"]), expected, pos)
            self.assertEqual(pos["mark_source"], "trade", pos)
            total += Decimal(pos["unrealized_pnl"])
            shown = next(d for d in state["positions"] if d["symbol"] == pos["symbol"])
            self.assertEqual(cents(shown["price"]), cents(pos["price"]))
        self.assertEqual(total, Decimal(report["account"]["unrealized_pnl"]))

        # Each position beside IB's reqPnLSingle at the close: the same quantity, the same value.
        ours = {pos["symbol"]: pos for pos in report["positions"]}
        checked = {p["symbol"]: p for p in report["ib"]["positions"] if p["ib_known"]}
        self.assertEqual(set(checked), set(ours), report["ib"]["positions"])
        for symbol, ib in checked.items():
            self.assertTrue(ib["agrees"], ib)
            self.assertEqual(Decimal(ib["ib_quantity"]), Decimal(ours[symbol]["quantity"]), ib)
            self.assertEqual(Decimal(ib["ib_value"]), Decimal(ib["value"]), ib)
        # IB's reqPnL for the account, as the trader streamed it.
        self.assertIsNotNone(report["ib"]["pnl"]["daily"], report["ib"])

    def test_a_restart_on_the_same_database_leaves_the_report_unchanged_and_an_old_mark_shows_its_age(self):
        first = self.sim("--until-close", "--no-http")
        self.assertEqual(first.finish(timeout=240), 0, first.text())
        self.assertGreater(self.held_positions(), 0, first.text())
        before = self.report()

        # The same day after its close: the trader reconciles, values the books and waits for the open.
        again = self.sim("--no-http", start="2025-01-15 21:30")
        again.wait_for(r"day closed: equity", timeout=120)
        again.wait_for(r"market closed; waiting for the open", timeout=60)
        again.stop()
        after = self.report()

        def books(r):
            # The protective stop is not the books: a new emulator process holds none of the first
            # run's orders, so the restarted trader protects each position with a new one.
            positions = [{k: v for k, v in pos.items() if k not in ("mark_age_seconds", "protection")}
                         for pos in r["positions"]]
            return r["account"], positions

        self.assertEqual(books(after), books(before))
        for pos in after["positions"]:
            self.assertEqual(pos["protection"]["where"], "broker", pos)
        self.assertTrue(after["ib"]["agrees"], after["ib"])
        for pos in after["positions"]:
            # A 2025 close read today: the market has traded for far longer than the limit since.
            self.assertTrue(pos["mark_stale"], pos)
            self.assertGreater(pos["mark_age_seconds"], 900)
        text = robotrader("report", "--db", self.db)
        self.assertEqual(text.returncode, 0, text.stderr)
        self.assertRegex(text.stdout, r"\d+d STALE")
        self.assertIn("Stale marks", text.stdout)


if __name__ == "__main__":
    unittest.main()
