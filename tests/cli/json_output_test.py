"""Each command's --json output against its JSON Schema (docs/schemas/<command>.schema.json), with
Debian's python3-jsonschema: check, account, doctor, quote and bars against the emulator
(`robotrader gateway`); run --sim, report, kill-switch and halts on a temporary database;
backtest single, sweep and walk-forward; the dashboard's /api/state. The schemas are strict: a
float where a money string belongs, or epoch milliseconds where a time belongs, fails."""
import copy
import json
import os
import unittest

import jsonschema

from rtcli import DatabaseCase, GatewayCase, Process, free_port, http, robotrader, wait_until

SCHEMAS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "docs", "schemas")
DATA = os.environ.get("RT_DATA_DIR", os.path.join(SCHEMAS, "..", "..", "data"))


def schema(name):
    with open(os.path.join(SCHEMAS, name + ".schema.json")) as f:
        return json.load(f)


def errors(name, doc):
    return [e.message for e in jsonschema.Draft202012Validator(schema(name)).iter_errors(doc)]


class SchemaCase(unittest.TestCase):
    def assertValid(self, name, doc):
        found = errors(name, doc)
        self.assertEqual(found, [], f"{name}: {json.dumps(doc)[:2000]}")

    def json_of(self, r):
        self.assertTrue(r.stdout.strip(), f"no JSON on stdout; stderr:\n{r.stderr}")
        return json.loads(r.stdout)  # the whole of stdout is one document


class AgainstTheEmulator(GatewayCase, SchemaCase):
    def test_check_json_matches_its_schema(self):
        doc = self.json_of(robotrader("check", "--port", self.port, "--json"))
        self.assertEqual(doc["result"], "PASS", doc)
        self.assertValid("check", doc)

    def test_account_json_matches_its_schema(self):
        doc = self.json_of(robotrader("account", "--port", self.port, "--json"))
        self.assertEqual(doc["result"], "PASS", doc)
        self.assertValid("account", doc)

    def test_doctor_json_matches_its_schema(self):
        self.assertValid("doctor", self.json_of(robotrader("doctor", "--port", self.port, "--json")))

    def test_quote_snapshot_with_stats_json_matches_its_schema(self):
        doc = self.json_of(robotrader("quote", "AAPL", "MSFT", "--snapshot", "--stats", "--port", self.port, "--json"))
        self.assertEqual(len(doc["quotes"]), 2, doc)
        self.assertIn("stats", doc)
        self.assertValid("quote", doc)

    def test_quote_stream_json_is_one_valid_object_a_line(self):
        r = robotrader("quote", "AAPL", "--seconds", "1", "--stats", "--port", self.port, "--json")
        lines = [json.loads(line) for line in r.stdout.splitlines() if line.strip()]
        self.assertGreater(len(lines), 1, r.stdout + r.stderr)
        self.assertIn("stats", lines[-1])
        for doc in lines:
            self.assertValid("quote", doc)

    def test_bars_json_matches_its_schema(self):
        doc = self.json_of(robotrader("bars", "AAPL", "--duration", "1 D", "--bar-size", "5 mins", "--port", self.port,
                                      "--json"))
        self.assertGreater(len(doc["series"][0]["bars"]), 0, doc)
        self.assertValid("bars", doc)


class OnADatabase(DatabaseCase, SchemaCase):
    prefix = "rt-json-"

    def test_run_report_kill_switch_and_halts_json_match_their_schemas(self):
        r = robotrader("run", "--sim", "--once", "--no-http", "--symbols", "AAPL,MSFT", "--sim-start",
                       "2025-01-15 10:00", "--db", self.db, "--json", timeout=120)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertValid("run", self.json_of(r))
        self.assertValid("report", self.json_of(robotrader("report", "--db", self.db, "--json")))
        self.assertValid("report", self.json_of(robotrader("report", "--db", self.db, "--since", "2025-01-01", "--json")))
        self.assertValid("kill-switch", self.json_of(robotrader("kill-switch", "status", "--db", self.db, "--json")))
        engaged = self.json_of(robotrader("kill-switch", "engage", "--reason", "json test", "--db", self.db, "--json"))
        self.assertTrue(engaged["engaged"])
        self.assertValid("kill-switch", engaged)
        reset = self.json_of(robotrader("kill-switch", "reset", "--reason", "checked", "--db", self.db, "--json"))
        self.assertEqual(reset["last_reset"]["reason"], "checked")
        self.assertValid("kill-switch", reset)
        self.assertValid("halts", self.json_of(robotrader("halts", "status", "--db", self.db, "--json")))
        self.assertValid("halts", {"requested": {"action": "adopt", "symbol": "MSFT"}})  # what adopt prints

    def test_the_dashboard_state_matches_its_schema_with_positions_and_fills(self):
        p = Process("run", "--sim", "--symbols", "AAPL,MSFT,NVDA,AMZN", "--speed", "300", "--sim-start",
                    "2025-01-15 10:00", "--db", self.db, "--http", "127.0.0.1:0", "--set", "trading.bar_size=1 min")
        self.processes.append(p)
        _, _, line = p.wait_for(r"^dashboard: (http://\S+)", 30)
        url = line.split()[1]
        state = wait_until(lambda: (lambda s: s if s["fills"] and s["positions"] else None)(http(url + "api/state")[1]),
                           60, "a fill and a position on the dashboard")
        self.assertValid("api-state", state)


class Backtest(SchemaCase):
    data = os.path.join(DATA, "orcl-1995-2014.txt")

    def backtest(self, *args):
        r = robotrader("backtest", "--data", self.data, "--strategy", "sma_cross", *args, "--json", timeout=300)
        self.assertEqual(r.returncode, 0, r.stderr)
        return self.json_of(r)

    def test_a_single_run_json_matches_its_schema(self):
        doc = self.backtest()
        self.assertEqual(doc["mode"], "single")
        self.assertValid("backtest", doc)

    def test_a_sweep_json_ranks_every_point_and_matches_its_schema(self):
        doc = self.backtest("--grid", "fast=5,10", "--grid", "slow=30,50")
        self.assertEqual(len(doc["ranking"]), 4, doc)
        self.assertValid("backtest", doc)

    def test_a_walk_forward_json_matches_its_schema(self):
        doc = self.backtest("--grid", "fast=5,10", "--train", "1000", "--test", "500")
        self.assertGreater(len(doc["windows"]), 0, doc)
        self.assertValid("backtest", doc)


class Strictness(SchemaCase):
    """The schemas refuse what the old payloads carried: floats for money, epoch ms for times."""

    run_summary = {"ended_by": "once", "counts": {k: 0 for k in [
        "symbols_trading", "bars", "signals", "orders", "fills", "risk_denials", "oms_denials", "stops_triggered",
        "reconciliations"]},
        "account": {"start_equity": "100000", "equity": "100012.5", "pnl": "12.5", "cash": "90000",
                    "realized_pnl": "0", "unrealized_pnl": "12.5", "commissions": "1", "open_positions": 1,
                    "open_orders": 0},
        "kill_switch": {"engaged": False, "reason": None}, "broker": None, "skipped": [], "strategy_failures": []}

    def test_a_valid_summary_passes(self):
        self.assertValid("run", self.run_summary)

    def test_a_float_where_money_belongs_fails(self):
        doc = copy.deepcopy(self.run_summary)
        doc["account"]["equity"] = 100012.5
        self.assertNotEqual(errors("run", doc), [])

    def test_epoch_milliseconds_or_a_time_without_offset_fail(self):
        base = {"engaged": True, "kind": "manual", "reason": "x", "since": "2025-01-15T10:00:00.000-05:00",
                "needs_explicit_reset": True, "last_reset": None}
        self.assertValid("kill-switch", base)
        for bad in (1736953200000, "2025-01-15 10:00:00", "2025-01-15T10:00:00"):
            doc = dict(base, since=bad)
            self.assertNotEqual(errors("kill-switch", doc), [], bad)


if __name__ == "__main__":
    unittest.main()
