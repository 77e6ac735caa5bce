"""What the command-line end-to-end tests share: a robotrader process whose output lines are read
as they come, one-shot commands, a free port, JSON over HTTP and a deadline-bound poll."""
import json
import os
import re
import signal
import socket
import subprocess
import tempfile
import threading
import time
import unittest
import urllib.error
import urllib.request

ROBOTRADER = os.environ.get("ROBOTRADER", "robotrader")


class Process:
    """A robotrader process whose output lines are collected, each with the time it was read."""

    def __init__(self, *args):
        self.args = [ROBOTRADER, *args]
        self.proc = subprocess.Popen(self.args, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                                     bufsize=1)
        self.lines = []  # (monotonic time, line)
        self.cond = threading.Condition()
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self):
        for line in self.proc.stdout:
            with self.cond:
                self.lines.append((time.monotonic(), line.rstrip("\n")))
                self.cond.notify_all()
        with self.cond:
            self.cond.notify_all()

    def wait_for(self, pattern, timeout, after=0):
        """The first line (index >= after) matching pattern: (index, time, line). Fails at the deadline."""
        rx = re.compile(pattern)
        deadline = time.monotonic() + timeout
        with self.cond:
            while True:
                for i in range(after, len(self.lines)):
                    if rx.search(self.lines[i][1]):
                        return i, self.lines[i][0], self.lines[i][1]
                left = deadline - time.monotonic()
                if left <= 0 or (self.proc.poll() is not None and not self.reader.is_alive()):
                    raise AssertionError(f"no line matching {pattern!r} within {timeout} s; output:\n" +
                                         self.text())
                self.cond.wait(left)

    def matching(self, pattern, start=0, end=None):
        rx = re.compile(pattern)
        with self.cond:
            return [line for _, line in self.lines[start:end] if rx.search(line)]

    def text(self):
        with self.cond:
            return "\n".join(line for _, line in self.lines)

    def finish(self, timeout):
        rc = self.proc.wait(timeout=timeout)
        self.reader.join(timeout=5)
        self.proc.stdout.close()
        return rc

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.reader.join(timeout=5)
        if not self.proc.stdout.closed:
            self.proc.stdout.close()


def robotrader(*args, timeout=60):
    return subprocess.run([ROBOTRADER, *args], capture_output=True, text=True, timeout=timeout)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def http(url, method="GET", body=None):
    req = urllib.request.Request(url, method=method, data=body,
                                 headers={"Content-Type": "application/json"} if body is not None else {})
    try:
        with urllib.request.urlopen(req, timeout=5) as r:
            return r.status, json.loads(r.read().decode())
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read().decode())


def wait_until(predicate, timeout, what):
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() >= deadline:
            raise AssertionError(f"{what} did not happen within {timeout} s")
        threading.Event().wait(0.05)  # a polled HTTP endpoint has no event to wait on


class DatabaseCase(unittest.TestCase):
    """A test with its own database file in a fresh directory; the processes it records in
    self.processes are stopped before the directory goes."""

    prefix = "rt-cli-"

    def setUp(self):
        self.dir = tempfile.TemporaryDirectory(prefix=self.prefix)
        self.db = os.path.join(self.dir.name, "trader.db")
        self.processes = []

    def tearDown(self):
        for p in self.processes:
            p.stop()
        self.dir.cleanup()


class GatewayCase(unittest.TestCase):
    """Tests against one `robotrader gateway` for the class, on a free port (cls.port)."""

    @classmethod
    def setUpClass(cls):
        cls.gateway = Process("gateway", "--port", "0")
        _, _, line = cls.gateway.wait_for(r"^listening on 127\.0\.0\.1:(\d+)", 10)
        cls.port = line.split(":")[-1].split()[0]

    @classmethod
    def tearDownClass(cls):
        cls.gateway.stop()
