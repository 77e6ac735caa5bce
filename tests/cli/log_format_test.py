#!/usr/bin/env python3
"""Log lines carry their zone, and --log-format json (a global flag, before or after the command)
writes one JSON object a line: time (RFC 3339 with offset), level, logger, message.

The emulator (`gateway --port 0`) logs a line when it listens and then prints the port it took; the
test reads up to that line, stops the emulator and reads what it logged, with TZ set to New York.
"""
import datetime
import json
import os
import re
import signal
import subprocess
import unittest
import zoneinfo

ROBOTRADER = os.environ.get("ROBOTRADER", "robotrader")
NEW_YORK = zoneinfo.ZoneInfo("America/New_York")
RFC3339 = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}[+-]\d\d:\d\d$")


def gateway_log(*args):
    """The lines the emulator wrote to stderr up to its 'listening on' line, then it is stopped."""
    env = dict(os.environ, TZ="America/New_York")
    p = subprocess.Popen([ROBOTRADER, *args], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env)
    lines = []
    try:
        for line in p.stdout:
            lines.append(line.rstrip("\n"))
            if line.startswith("listening on "):
                break
    finally:
        p.send_signal(signal.SIGTERM)
        rest, _ = p.communicate(timeout=10)
    return lines + rest.splitlines()


class LogFormat(unittest.TestCase):
    def assert_new_york_time(self, text):
        self.assertRegex(text, RFC3339)
        at = datetime.datetime.fromisoformat(text)
        self.assertEqual(at.utcoffset(), at.astimezone(NEW_YORK).utcoffset(), text)

    def test_json_lines_after_the_command_are_objects_with_time_level_logger_and_message(self):
        lines = gateway_log("gateway", "--port", "0", "--log-format", "json")
        records = [json.loads(line) for line in lines if line.startswith("{")]
        self.assertTrue(records, "\n".join(lines))
        for record in records:
            self.assertEqual(set(record), {"time", "level", "logger", "message"}, record)
            self.assert_new_york_time(record["time"])
            self.assertEqual(record["logger"], "robotrader")
        self.assertTrue(any(r["level"] == "info" and r["message"].startswith("gateway listening on")
                            for r in records), records)

    def test_json_before_the_command_is_the_same_global_flag(self):
        lines = gateway_log("--log-format", "json", "gateway", "--port", "0")
        self.assertTrue(any(json.loads(line)["message"].startswith("gateway listening on")
                            for line in lines if line.startswith("{")), "\n".join(lines))

    def test_text_lines_start_with_the_time_and_its_offset(self):
        lines = gateway_log("gateway", "--port", "0")
        logged = [line for line in lines if "gateway listening on" in line]
        self.assertEqual(len(logged), 1, "\n".join(lines))
        time, level, _ = logged[0].split(" ", 2)
        self.assert_new_york_time(time)
        self.assertRegex(level, r"info")


if __name__ == "__main__":
    unittest.main()
