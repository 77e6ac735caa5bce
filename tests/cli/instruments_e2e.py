"""Futures and currency pairs from the outside, against the emulator (`robotrader gateway`): a
future without a month is its front month at the exchange's tick, a pair's history is MIDPOINT
around its level, a named month resolves to itself, and a name that cannot be read is refused
with the forms it could take."""
import json
import unittest
from decimal import Decimal

from rtcli import GatewayCase, robotrader


class Instruments(GatewayCase):
    def bars(self, *names):
        r = robotrader("bars", *names, "--duration", "2 D", "--bar-size", "30 mins", "--port", self.port, "--json")
        self.assertEqual(r.returncode, 0, r.stderr)
        return {s["symbol"]: s for s in json.loads(r.stdout)["series"]}

    def test_a_future_trades_at_its_level_in_whole_ticks_and_a_pair_has_midpoint_history(self):
        series = self.bars("ES.FUT.CME", "EUR.USD")
        es = series["ES.FUT.CME"]
        self.assertEqual(es["what_to_show"], "TRADES")
        self.assertTrue(es["bars"], es)
        for b in es["bars"]:
            for field in ("open", "high", "low", "close"):
                price = Decimal(b[field])
                self.assertTrue(4000 < price < 6500, b)
                self.assertEqual(price % Decimal("0.25"), 0, f"{field} {price} is not a whole tick")
        eur = series["EUR.USD"]
        self.assertEqual(eur["what_to_show"], "MIDPOINT")
        self.assertTrue(eur["bars"], eur)
        for b in eur["bars"]:
            self.assertTrue(Decimal("0.9") < Decimal(b["close"]) < Decimal("1.3"), b)

    def test_the_resolved_month_is_named_and_a_month_asked_for_is_itself(self):
        r = robotrader("bars", "ES.FUT.CME", "--duration", "1 D", "--bar-size", "1 hour", "--port", self.port)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("ES.FUT.CME", r.stdout)

    def test_a_name_that_cannot_be_read_is_refused_naming_the_forms_and_nothing_else_fails(self):
        r = robotrader("bars", "ESF7", "AAPL", "--duration", "1 D", "--bar-size", "1 hour", "--port", self.port)
        self.assertEqual(r.returncode, 1, r.stdout + r.stderr)
        self.assertIn("lists the months H M U Z, not F", r.stderr)
        self.assertIn("names look like", r.stderr)
        self.assertIn("AAPL", r.stdout)


if __name__ == "__main__":
    unittest.main()
