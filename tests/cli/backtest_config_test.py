#!/usr/bin/env python3
"""`backtest --config` reads the run's TOML file: the example runs, a bad value is refused with
file:line before anything is written, and flags override the file.

Runs the real binary (ROBOTRADER) in a fresh temporary directory on data/orcl-1995-2014.txt.
"""
import json
import os
import re
import subprocess
import tempfile
import unittest

ROBOTRADER = os.environ.get("ROBOTRADER", "robotrader")
SOURCE_DIR = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
EXAMPLE = os.path.join(SOURCE_DIR, "robotrader.example.toml")
ORCL = os.path.join(SOURCE_DIR, "data", "orcl-1995-2014.txt")


def example_with(old, new):
    """The example config with one line replaced, and the replaced line's number."""
    with open(EXAMPLE) as f:
        lines = f.read().split("\n")
    at = next(i for i, line in enumerate(lines) if line.startswith(old))
    lines[at] = new
    return "\n".join(lines), at + 1


class BacktestConfig(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory(prefix="rt-backtest-config-")
        self.dir = self.tmp.name

    def tearDown(self):
        self.tmp.cleanup()

    def backtest(self, *args):
        done = subprocess.run([ROBOTRADER, "backtest", "--data", ORCL, *args], cwd=self.dir, stdin=subprocess.DEVNULL,
                              capture_output=True, text=True, timeout=120)
        return done.returncode, done.stdout + done.stderr

    def write(self, name, text):
        path = os.path.join(self.dir, name)
        with open(path, "w") as f:
            f.write(text)
        return path

    def metrics(self, out):
        with open(os.path.join(self.dir, out, "metrics.json")) as f:
            return json.load(f)

    def test_the_example_config_runs_with_its_strategy_and_parameters(self):
        code, output = self.backtest("--config", EXAMPLE, "--out", "out")
        self.assertEqual(code, 0, output)
        self.assertRegex(output, r"strategy\s*\|?\s*sma_cross")
        m = self.metrics("out")
        self.assertEqual(m["strategy"], "sma_cross")
        self.assertEqual(str(m["params_in_force"]["fast"]), "10")
        self.assertEqual(str(m["params_in_force"]["slow"]), "20")
        self.assertGreater(m["metrics"]["trades"], 0, output)

    def test_a_bad_value_in_the_file_is_refused_with_file_line_before_any_output_is_written(self):
        text, line = example_with("max_position_pct =", "max_position_pct = 200")
        bad = self.write("bad.toml", text)
        code, output = self.backtest("--config", bad, "--out", "out")
        self.assertEqual(code, 2, output)
        self.assertIn(f"bad.toml:{line}: risk.max_position_pct = 200: must be a number in (0, 100]", output)
        self.assertFalse(os.path.exists(os.path.join(self.dir, "out")), "an output directory was written")
        self.assertNotRegex(output, r"total return", "the backtest ran")

    def test_an_old_risk_name_is_refused_naming_the_new_one(self):
        code, output = self.backtest("--config", EXAMPLE, "--risk", "max_portfolio_heat_pct=100", "--out", "out")
        self.assertEqual(code, 2, output)
        self.assertIn("'risk.max_portfolio_heat_pct' is an old name: the key is now 'risk.portfolio_heat_pct'", output)
        self.assertFalse(os.path.exists(os.path.join(self.dir, "out")))

    def test_flags_override_the_file(self):
        text, _ = example_with("kill_switch =", "kill_switch = true")
        frozen = self.write("frozen.toml", text)
        code, output = self.backtest("--config", frozen, "--out", "frozen")
        self.assertEqual(code, 0, output)
        self.assertEqual(self.metrics("frozen")["fills"], 0, "risk.kill_switch = true in the file froze nothing")
        code, output = self.backtest("--config", frozen, "--risk", "kill_switch=false", "--param", "fast=5",
                                     "--commission", "0.01", "--out", "thawed")
        self.assertEqual(code, 0, output)
        m = self.metrics("thawed")
        self.assertGreater(m["metrics"]["trades"], 0, output)
        self.assertEqual(str(m["params_in_force"]["fast"]), "5")
        self.assertEqual(str(m["params_in_force"]["slow"]), "20")
        self.assertAlmostEqual(float(m["commission_per_share"]), 0.01)


if __name__ == "__main__":
    unittest.main()
