#!/usr/bin/env python3
"""Commands x bad inputs: the exit code each must give and the message each must print.

Exit codes are one table for every command: 0 ok, 1 the check or the command failed, 2 a usage
error (an unknown flag, a missing or out-of-range value, a bad config value), then the codes a
command documents (doctor's verdicts from 3). Every row here is a usage error or a refused input:
it must be refused before anything starts, so no row may leave a database behind.

Each row runs the real binary (ROBOTRADER) in a fresh temporary directory that holds the row's
files; the message is matched against stdout and stderr together.
"""
import os
import re
import subprocess
import tempfile
import unittest

ROBOTRADER = os.environ.get("ROBOTRADER", "robotrader")

BARS_CSV = "Date,Open,High,Low,Close,Volume\n2024-01-02,1,2,0.5,1.5,100\n2024-01-03,1,2,0.5,1.6,100\n"
BAD_ROW_CSV = "Date,Open,High,Low,Close,Volume\n2024-01-02,1,2,0.5,1.5,100\n2024-01-03,1,2,0.5,x,100\n"

# (name, arguments, files in the working directory, exit code, message pattern)
ROWS = [
    # unknown flags and missing values
    ("check with an unknown flag", ["check", "--bogus"], {}, 2, r"--bogus"),
    ("check --port with no value", ["check", "--port"], {}, 2, r"--port: 1 required"),
    ("check --client-id that is not a number", ["check", "--client-id", "x"], {}, 2,
     r"Could not convert: --client-id = x"),
    ("bars without a symbol", ["bars"], {}, 2, r"symbols is required"),
    ("quote without a symbol", ["quote"], {}, 2, r"symbols is required"),
    ("backtest without --data", ["backtest", "--strategy", "sma_cross"], {}, 2, r"--data is required"),
    ("kill-switch engage without --reason", ["kill-switch", "engage", "--db", "k.db"], {}, 2,
     r"--reason is required"),
    ("halts adopt without a symbol", ["halts", "adopt", "--db", "h.db"], {}, 2, r"symbol is required"),
    # out-of-range values
    ("check --port above 65535", ["check", "--port", "70000"], {}, 2,
     r"--port: '70000' is not a port number \(1-65535\) or 'auto'"),
    ("account --port 0", ["account", "--port", "0"], {}, 2, r"--port: '0' is not a port number"),
    ("doctor --port that is not a number", ["doctor", "--port", "abc"], {}, 2,
     r"--port: 'abc' is not a port number"),
    ("check --timeout 0", ["check", "--timeout", "0"], {}, 2, r"--timeout: Value 0 not in range 0\.1"),
    ("doctor --interval 0", ["doctor", "--interval", "0"], {}, 2, r"--interval: Value 0 not in range 0\.1"),
    ("quote --seconds -1", ["quote", "AAPL", "--seconds", "-1"], {}, 2, r"--seconds: Value -1 not in range"),
    ("run --speed 0", ["run", "--sim", "--symbols", "AAPL", "--db", "r.db", "--speed", "0"], {}, 2,
     r"--speed: Value 0 not in range 0\.01"),
    ("bars --bar-size that TWS does not know", ["bars", "AAPL", "--bar-size", "7 mins"], {}, 2,
     r'--bar-size: bar size "7 mins" is not a TWS bar size; accepted: "1 secs"'),
    ("backtest --cash -5", ["backtest", "--data", "p.csv", "--strategy", "sma_cross", "--cash", "-5"],
     {"p.csv": BARS_CSV}, 2, r"--cash '-5': must be positive"),
    ("backtest --strategy that does not exist", ["backtest", "--data", "p.csv", "--strategy", "nosuch"],
     {"p.csv": BARS_CSV}, 2, r"unknown strategy 'nosuch'"),
    ("backtest --param the strategy does not take", ["backtest", "--data", "p.csv", "--strategy", "sma_cross",
     "--param", "fats=5"], {"p.csv": BARS_CSV}, 2, r"fats"),
    ("run --strategy of a Python file that does not exist", ["run", "--sim", "--symbols", "AAPL", "--db", "r.db",
     "--strategy", "none.py:X"], {}, 2, r"strategy file none\.py: no such file"),
    ("gateway --server-version 5", ["gateway", "--port", "0", "--server-version", "5"], {}, 2,
     r"server version 5 is outside 100\.\.200"),
    # malformed values
    ("run --set without =", ["run", "--symbols", "AAPL", "--db", "r.db", "--set", "foo"], {}, 2,
     r"--set foo: expected key=value"),
    ("backtest --risk without =", ["backtest", "--data", "p.csv", "--strategy", "sma_cross", "--risk", "foo"],
     {"p.csv": BARS_CSV}, 2, r"--risk 'foo': expected key=value"),
    ("gateway --fault that does not exist", ["gateway", "--port", "0", "--fault", "bogus"], {}, 2,
     r"--fault: unknown fault 'bogus' \(known: no-version-reply"),
    ("gateway --position without quantity and cost", ["gateway", "--port", "0", "--position", "BAD"], {}, 2,
     r"--position: position 'BAD': expected \[ACCOUNT/\]SYMBOL:QTY:AVGCOST"),
    ("--log-level that does not exist", ["--log-level", "loud", "report", "--db", "x.db"], {}, 2,
     r"--log-level: unknown level 'loud' \(allowed: trace"),
    ("--log-format that does not exist", ["report", "--log-format", "xml"], {}, 2,
     r"--log-format: xml not in \{text,json\}"),
    # bad symbols
    ("run with a symbol that is not an instrument name", ["run", "--sim", "--no-http", "--once", "--db", "r.db",
                                                          "--symbols", "AA$PL"], {}, 2,
     r"--symbols: trading.symbols: instrument 'AA\$PL': .*names look like"),
    ("run with a future on the wrong exchange", ["run", "--sim", "--no-http", "--once", "--db", "r.db",
                                                 "--symbols", "ES.FUT.NYMEX"], {}, 2,
     r"trading.symbols: instrument 'ES.FUT.NYMEX': ES trades on CME, not NYMEX"),
    ("run with a future, whose orders are not traded yet", ["run", "--sim", "--no-http", "--once", "--db", "r.db",
                                                            "--symbols", "AAPL,ES.FUT.CME"], {}, 2,
     r"trading.symbols: 'ES.FUT.CME' is a future; run trades stocks only for now"),
    # bad config files, named by file:line
    ("run --config with a bar size TWS does not know",
     ["run", "--no-http", "--db", "r.db", "--config", "bad.toml"],
     {"bad.toml": '[trading]\nsymbols = ["AAPL"]\nbar_size = "7 mins"\n'}, 2,
     r"bad\.toml:3: trading\.bar_size = 7 mins: must be one of 1 secs"),
    ("run --config with a value that is not a number",
     ["run", "--no-http", "--db", "r.db", "--symbols", "AAPL", "--config", "bad.toml"],
     {"bad.toml": '[risk]\nmax_position_pct = "lots"\n'}, 2,
     r"bad\.toml:2: risk\.max_position_pct = lots: must be a number"),
    ("run --config with an unknown key", ["run", "--db", "r.db", "--symbols", "AAPL", "--config", "bad.toml"],
     {"bad.toml": "[tradin]\nfoo = 1\n"}, 2, r"bad\.toml:2: unknown key 'tradin\.foo'"),
    ("run --config that is not TOML", ["run", "--db", "r.db", "--config", "bad.toml"], {"bad.toml": "[trading\n"},
     2, r"bad\.toml:1: Error while parsing table header"),
    ("run --config that does not exist", ["run", "--db", "r.db", "--config", "missing.toml"], {}, 2,
     r"config file missing\.toml does not exist"),
    ("backtest --risk with the backtester's old name for a limit",
     ["backtest", "--data", "p.csv", "--risk", "cooldown_s=0"], {"p.csv": BARS_CSV}, 2,
     r"--risk: 'risk\.cooldown_s' is an old name: the key is now 'risk\.cooldown_seconds'"),
    ("backtest --config with a value that is out of range",
     ["backtest", "--data", "p.csv", "--config", "bad.toml"],
     {"p.csv": BARS_CSV, "bad.toml": "[risk]\nportfolio_heat_pct = 0\n"}, 2,
     r"bad\.toml:2: risk\.portfolio_heat_pct = 0: must be a number in \(0, 100\]"),
    ("backtest --config with an unknown key", ["backtest", "--data", "p.csv", "--config", "bad.toml"],
     {"p.csv": BARS_CSV, "bad.toml": "[sizing]\nmethd = \"atr\"\n"}, 2, r"bad\.toml:2: unknown key 'sizing\.methd'"),
    # refused input that is not a usage error: the command ran and failed (1), naming what and where
    ("backtest on a CSV with a bad row", ["backtest", "--data", "p.csv", "--strategy", "sma_cross"],
     {"p.csv": BAD_ROW_CSV}, 1, r"p\.csv:3: Close 'x' is not a number"),
    ("report on a database that does not exist", ["report", "--db", "absent.db"], {}, 1,
     r"database absent\.db does not exist"),
]


class BadInputs(unittest.TestCase):
    def test_every_command_refuses_each_bad_input_with_its_exit_code_and_message(self):
        for name, args, files, code, pattern in ROWS:
            with self.subTest(name), tempfile.TemporaryDirectory(prefix="rt-bad-input-") as tmp:
                for file, text in files.items():
                    with open(os.path.join(tmp, file), "w") as f:
                        f.write(text)
                before = set(os.listdir(tmp))
                done = subprocess.run([ROBOTRADER, *args], cwd=tmp, stdin=subprocess.DEVNULL, capture_output=True,
                                      text=True, timeout=30)
                output = done.stdout + done.stderr
                self.assertEqual(done.returncode, code, f"{args}: exit {done.returncode}, output:\n{output}")
                self.assertRegex(output, pattern, f"{args}")
                self.assertNotRegex(output, r"terminate called|Segmentation", f"{args}")
                left = sorted(f for f in set(os.listdir(tmp)) - before if re.search(r"\.db", f))
                self.assertEqual(left, [], f"{args} left a database behind")

    def test_the_table_covers_every_command(self):
        commands = {next(a for a in args if not a.startswith("-") and a not in ("loud", "xml")) for _, args, *_ in ROWS}
        for command in ("check", "account", "doctor", "bars", "quote", "run", "backtest", "gateway", "report", "kill-switch",
                        "halts"):
            self.assertIn(command, commands)


if __name__ == "__main__":
    unittest.main()
