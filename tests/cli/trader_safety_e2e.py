#!/usr/bin/env python3
"""A running trader that stays safe, driven from the outside as its users drive it.

Each test runs the real `robotrader` binary (its path in ROBOTRADER) as separate processes on a
temporary database: `run --sim` against its in-process emulator, the `kill-switch` and `halts`
commands beside it, the dashboard's HTTP endpoints, and `gateway`. Waits are on output lines or
process exits, each with a deadline; nothing sleeps to synchronise.
"""
import json
import re
import signal
import sqlite3
import time
import unittest

from rtcli import DatabaseCase, Process, free_port, http, robotrader, wait_until


class TraderSafety(DatabaseCase):
    prefix = "rt-safety-"

    def start(self, *args):
        p = Process(*args)
        self.processes.append(p)
        return p

    def sim(self, *extra, symbols="AAPL,MSFT,NVDA", speed="600", start="2025-01-15 14:30"):
        return self.start("run", "--sim", "--symbols", symbols, "--speed", speed, "--sim-start", start,
                          "--db", self.db, *extra)

    def query(self, sql):
        with sqlite3.connect(self.db) as c:
            return c.execute(sql).fetchall()

    def test_the_same_sim_day_run_three_times_on_one_database_stores_every_fill_without_a_mismatch(self):
        summary_fills = []
        for run in range(3):
            p = self.sim("--until-close", "--no-http")
            self.assertEqual(p.finish(timeout=120), 0, p.text())
            self.assertEqual(p.matching("mismatch|HALTED|phantom"), [], p.text())
            if run > 0:
                p.wait_for(r"market clock starts on the next session day", 1)
                p.wait_for(r"^reconciled: ", 1)
            # The run's own count: the summary table row under "Symbols  Bars  Signals  Orders  Fills".
            i, _, _ = p.wait_for(r"^\s*Symbols\s+Bars\s+Signals\s+Orders\s+Fills", 1)
            row = p.lines[i + 2][1].split()
            summary_fills.append(int(row[4]))
        days = self.query("SELECT date(time / 1000000000, 'unixepoch'), count(*) FROM fills GROUP BY 1 ORDER BY 1")
        self.assertEqual(len(days), 3, days)  # three simulated days, one per run
        self.assertEqual([n for _, n in days], summary_fills)
        self.assertGreater(sum(summary_fills), 0)
        # Every fill's order is in the journal, filled; nothing was left pending or open.
        orphans = self.query("SELECT count(*) FROM fills f LEFT JOIN orders o ON o.order_ref = f.order_ref "
                             "WHERE o.order_ref IS NULL")
        self.assertEqual(orphans, [(0,)])
        # What stays open is the protective stop of each position held, at the broker, one each.
        pending = self.query("SELECT symbol, purpose, quantity FROM orders WHERE status IN "
                             "('PendingSubmit', 'Submitted', 'PartiallyFilled') ORDER BY symbol")
        held = self.query("SELECT symbol, 'Protect', abs(quantity) FROM positions WHERE quantity <> 0 ORDER BY symbol")
        self.assertEqual(pending, held)
        report = json.loads(robotrader("report", "--db", self.db, "--json").stdout)
        self.assertEqual(len(report["open_orders"]), len(held))
        for pos in report["positions"]:
            self.assertEqual(pos["protection"]["where"], "broker", pos)
        self.assertEqual(report["halted"], [])
        # The books equal the fills: each position is the sum of its signed fills.
        for pos in report["positions"]:
            signed = self.query(f"SELECT sum(CASE side WHEN 'BUY' THEN quantity ELSE -quantity END) FROM fills "
                                f"WHERE symbol = '{pos['symbol']}'")[0][0] / 1e8
            self.assertEqual(float(pos["quantity"]), signed, pos)

    def test_a_position_held_at_the_broker_beyond_the_books_halts_that_symbol_until_adopted(self):
        p = self.sim("--until-close", "--http", "127.0.0.1:0", "--sim-position", "MSFT:10:130", speed="200")
        _, _, line = p.wait_for(r"^dashboard: (http://\S+)", 30)
        url = line.split()[1].rstrip("/")
        halted_at, _, _ = p.wait_for(r"^HALTED MSFT: books disagree with the broker: broker 10, ledger 0", 30)
        status, ready = http(url + "/readyz")
        self.assertEqual(status, 503, ready)
        self.assertEqual(ready["halted"], ["MSFT"])
        listed = robotrader("halts", "--db", self.db)
        self.assertIn("MSFT: HALTED", listed.stdout)
        # The others trade on while MSFT waits.
        p.wait_for(r"^ORDER (BUY|SELL) \d+ (AAPL|NVDA)", 60, after=halted_at)
        self.assertEqual(p.matching(r"^ORDER .* MSFT"), [])
        self.assertEqual(robotrader("halts", "adopt", "MSFT", "--db", self.db).returncode, 0)
        p.wait_for(r"^ADOPTED MSFT position 0 -> 10 from the broker", 5, after=halted_at)
        p.wait_for(r"^RELEASED MSFT", 5, after=halted_at)
        wait_until(lambda: http(url + "/readyz")[0] == 200, 5, "/readyz 200 after the adoption")
        self.assertEqual(p.finish(timeout=180), 0, p.text())
        report = json.loads(robotrader("report", "--db", self.db, "--json").stdout)
        self.assertEqual(report["halted"], [])
        msft = [x for x in report["positions"] if x["symbol"] == "MSFT"]
        self.assertEqual(len(msft), 1, report["positions"])
        self.assertEqual(float(msft[0]["quantity"]), 10.0)
        reasons = [e["reason"] for e in report["risk_events"] if e["symbol"] == "MSFT"]
        self.assertTrue(any(r.startswith("symbol_halted") for r in reasons), reasons)
        self.assertTrue(any(r.startswith("position_adopted") for r in reasons), reasons)

    def test_the_adopt_policy_takes_the_brokers_position_at_once(self):
        p = self.sim("--once", "--no-http", "--sim-position", "MSFT:10:130", "--set", "reconcile.on_mismatch=adopt",
                     start="2025-01-15 15:00")
        self.assertEqual(p.finish(timeout=60), 0, p.text())
        p.wait_for(r"^ADOPTED MSFT position 0 -> 10 from the broker", 1)
        self.assertEqual(p.matching(r"^HALTED"), [])
        self.assertEqual(self.query("SELECT quantity FROM positions WHERE symbol = 'MSFT'"), [(10 * 10**8,)])

    def test_the_kill_switch_reaches_a_running_trader_from_the_cli_and_from_the_dashboard(self):
        p = self.sim("--http", "127.0.0.1:0", symbols="AAPL,MSFT,NVDA,AMD,INTC", speed="300", start="2025-01-15 10:00")
        _, _, line = p.wait_for(r"^dashboard: (http://\S+)", 30)
        url = line.split()[1].rstrip("/")
        p.wait_for(r"^connected: ", 30)
        wait_until(lambda: http(url + "/readyz")[0] == 200, 30, "/readyz 200 once reconciled")

        # From the CLI: engaged within a second, then no entry order until it is reset.
        engage = robotrader("kill-switch", "engage", "--reason", "from the cli", "--db", self.db)
        self.assertEqual(engage.returncode, 0, engage.stderr)
        cli_done = time.monotonic()
        engaged_at, seen, _ = p.wait_for(r'^KILL SWITCH engaged from the database kind=manual reason="from the cli"',
                                         1.0)
        self.assertLess(seen - cli_done, 1.0)
        self.assertEqual(http(url + "/readyz")[0], 503)
        # A whole simulated bar (5 min at 300x = 1 s) and more passes with the switch engaged.
        p.wait_for(r"^summary .*kill_switch=manual", 10, after=engaged_at)
        later, _, _ = p.wait_for(r"^summary .*kill_switch=manual", 10, after=engaged_at + 1)
        reset = robotrader("kill-switch", "reset", "--reason", "checked", "--db", self.db)
        self.assertEqual(reset.returncode, 0, reset.stderr)
        cli_done = time.monotonic()
        cleared_at, seen, _ = p.wait_for(r'^KILL SWITCH cleared from the database by=\S+ why="checked"', 1.0,
                                         after=engaged_at)
        self.assertLess(seen - cli_done, 1.0)
        self.assertEqual(p.matching(r"^ORDER BUY .*\(Entry", engaged_at, cleared_at), [])
        wait_until(lambda: http(url + "/readyz")[0] == 200, 5, "/readyz 200 after the reset")

        # From the dashboard: the store says engaged, and a CLI reset re-opens the running trader.
        status, body = http(url + "/api/kill-switch", "POST", json.dumps({"reason": "from the page"}).encode())
        self.assertEqual(status, 200, body)
        stored = robotrader("kill-switch", "status", "--db", self.db)
        self.assertIn("ENGAGED (manual)", stored.stdout)
        self.assertIn("from the page", stored.stdout)
        self.assertEqual(http(url + "/readyz")[0], 503)
        reset = robotrader("kill-switch", "reset", "--reason", "page checked", "--db", self.db)
        self.assertEqual(reset.returncode, 0, reset.stderr)
        p.wait_for(r'^KILL SWITCH cleared from the database by=\S+ why="page checked"', 1.0, after=cleared_at)
        wait_until(lambda: http(url + "/readyz")[0] == 200, 5, "/readyz 200 after the dashboard's trip was reset")
        state = http(url + "/api/state")[1]
        self.assertFalse(state["kill_switch"]["engaged"])

    def test_a_second_trader_on_a_locked_database_exits_non_zero_naming_the_lock_holder(self):
        first = self.sim("--no-http", speed="60", start="2025-01-15 10:00")
        first.wait_for(r"^connected: ", 30)
        second = robotrader("run", "--sim", "--symbols", "AAPL", "--no-http", "--db", self.db, timeout=30)
        self.assertEqual(second.returncode, 1, second.stdout + second.stderr)
        self.assertIn(f"pid {first.proc.pid} (robotrader run)", second.stderr)
        self.assertIn("in use by another trader", second.stderr)
        first.stop()
        # Released with the holder: the next trader starts.
        third = robotrader("run", "--sim", "--once", "--symbols", "AAPL", "--no-http", "--db", self.db, timeout=60)
        self.assertEqual(third.returncode, 0, third.stdout + third.stderr)

    def test_a_database_keeps_one_accounts_books_and_refuses_another_account(self):
        first = robotrader("run", "--sim", "--once", "--symbols", "AAPL", "--no-http", "--db", self.db)
        self.assertEqual(first.returncode, 0, first.stdout + first.stderr)
        port = str(free_port())
        gateway = self.start("gateway", "--port", port, "--accounts", "DU7654321")
        gateway.wait_for(rf"^listening on 127\.0\.0\.1:{port}", 10)
        other = robotrader("run", "--once", "--symbols", "AAPL", "--port", port, "--no-http", "--db", self.db)
        self.assertEqual(other.returncode, 1, other.stdout + other.stderr)
        self.assertIn("keeps the books of account DU1234567, and this session trades DU7654321", other.stderr)
        self.assertEqual(self.query("SELECT account FROM runner_account"), [("DU1234567",)])

    def test_run_started_before_the_gateway_connects_once_it_appears(self):
        port = str(free_port())
        p = self.start("run", "--symbols", "AAPL", "--port", port, "--once", "--no-http", "--db", self.db)
        p.wait_for(rf"^waiting for TWS/IB Gateway at 127\.0\.0\.1:{port} .*until stopped", 15)
        gateway = self.start("gateway", "--port", port)
        gateway.wait_for(rf"listening on 127\.0\.0\.1:{port}", 10)
        # The next attempt comes after the login floor (10 s), as the waiting line announced.
        p.wait_for(r"^connected: server version \d+", 20)
        self.assertEqual(p.finish(timeout=60), 0, p.text())

    def test_sigint_during_the_startup_wait_exits_in_under_a_second(self):
        p = self.start("run", "--symbols", "AAPL", "--port", str(free_port()), "--no-http", "--db", self.db)
        p.wait_for(r"^waiting for TWS/IB Gateway at ", 15)
        p.proc.send_signal(signal.SIGINT)
        rc = p.finish(timeout=1.0)
        self.assertEqual(rc, 130, p.text())

    def test_quote_snapshot_and_bars_exit_within_100_ms_of_their_reply(self):
        gateway = self.start("gateway", "--port", "0")
        _, _, line = gateway.wait_for(r"^listening on 127\.0\.0\.1:(\d+)", 10)
        port = re.search(r"127\.0\.0\.1:(\d+)", line).group(1)
        for args, last in ((["quote", "AAPL", "--snapshot"], r"^\s+AAPL\s+\d"), (["bars", "AAPL"], r"^\s+\d{4}-")):
            p = self.start(*args, "--port", port)
            self.assertEqual(p.finish(timeout=30), 0, p.text())
            exited = time.monotonic()
            replies = [t for t, text in p.lines if re.search(last, text)]
            self.assertTrue(replies, p.text())
            self.assertLess(exited - replies[-1], 0.1, f"{args[0]} took {exited - replies[-1]:.3f} s to exit")


if __name__ == "__main__":
    unittest.main()
