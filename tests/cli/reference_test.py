#!/usr/bin/env python3
"""The shell completions and the man page the build generated from the command line.

The list of commands to expect comes from `robotrader --help` (CLI11's help formatter), a different
path through the same definitions than the generators take. Completion is exercised the way bash
does it: source the script, set COMP_WORDS and COMP_CWORD, call the function, read COMPREPLY.
"""
import os
import re
import shutil
import subprocess
import unittest

ROBOTRADER = os.environ.get("ROBOTRADER", "robotrader")
REFERENCE = os.environ.get("RT_REFERENCE_DIR", "")
BASH_FILE = os.path.join(REFERENCE, "robotrader.bash")
ZSH_FILE = os.path.join(REFERENCE, "_robotrader")
MAN_FILE = os.path.join(REFERENCE, "robotrader.1")


def run(*args):
    return subprocess.run([ROBOTRADER, *args], capture_output=True, text=True, timeout=30, check=True).stdout


def subcommands(*path):
    """The subcommands `robotrader [path] --help` lists."""
    text = run(*path, "--help")
    section = text.split("Subcommands:", 1)[1]
    return {m.group(1) for m in re.finditer(r"^  (\S+)", section, re.M)}


def complete(*words):
    """COMPREPLY for `robotrader <words>` with the cursor on the last word ("" for a fresh word)."""
    script = ('source "$1"; shift; COMP_WORDS=(robotrader "$@"); COMP_CWORD=$#; _robotrader; '
              'printf "%s\\n" "${COMPREPLY[@]}"')
    done = subprocess.run(["bash", "-c", script, "_", BASH_FILE, *words], capture_output=True, text=True,
                          timeout=30, check=True)
    return {line for line in done.stdout.splitlines() if line}


class Completion(unittest.TestCase):
    def test_the_bash_script_registers_its_function_for_robotrader(self):
        done = subprocess.run(["bash", "-c", 'source "$1"; complete -p robotrader', "_", BASH_FILE],
                              capture_output=True, text=True, timeout=30)
        self.assertEqual(done.returncode, 0, done.stderr)
        self.assertEqual(done.stdout.strip(), "complete -F _robotrader robotrader")

    def test_tab_after_robotrader_lists_every_subcommand_and_no_hidden_one(self):
        expected = subcommands()
        self.assertTrue({"check", "doctor", "run", "backtest", "kill-switch"} <= expected, expected)
        self.assertEqual(complete(""), expected)
        self.assertNotIn("completion", complete("co"))

    def test_nested_subcommands_flags_and_listed_values_complete(self):
        self.assertEqual(complete("kill-switch", ""), subcommands("kill-switch"))
        self.assertEqual(complete("halts", ""), subcommands("halts"))
        flags = complete("check", "--")
        self.assertTrue({"--port", "--host", "--timeout", "--json", "--help", "--log-level", "--log-format"} <= flags,
                        flags)
        self.assertEqual(complete("--log-format", ""), {"text", "json"})
        self.assertEqual(complete("report", "--log-format", "j"), {"json"})

    def test_a_flags_value_is_not_taken_for_a_command(self):
        # "7497" is --port's value, so the cursor is still on check's flags.
        self.assertEqual(complete("check", "--port", "7497", "--js"), {"--json"})
        self.assertEqual(complete("kill-switch", "--db", "engage", "st"), {"status"})

    def test_the_generated_files_are_what_the_binary_prints(self):
        with open(BASH_FILE) as f:
            self.assertEqual(f.read(), run("completion", "bash"))
        with open(ZSH_FILE) as f:
            self.assertEqual(f.read(), run("completion", "zsh"))
        with open(MAN_FILE) as f:
            self.assertEqual(f.read(), run("manpage"))

    def test_the_zsh_script_is_a_compdef_naming_every_subcommand(self):
        with open(ZSH_FILE) as f:
            text = f.read()
        self.assertTrue(text.startswith("#compdef robotrader\n"))
        for command in subcommands():
            self.assertRegex(text, rf"(?m)^{re.escape(command)}:|'{re.escape(command)}:", command)
        if shutil.which("zsh"):
            done = subprocess.run(["zsh", "-n", ZSH_FILE], capture_output=True, text=True, timeout=30)
            self.assertEqual(done.returncode, 0, done.stderr)


ZSH_DRIVER = r"""
# _describe, compadd and _files stand in for zsh's completion system: each prints its candidates.
_describe() { local name=$4; print -rl -- "${(@P)name}" }
compadd() { shift; local name=$1; print -rl -- "${(@P)name}" }
_files() { print -r -- FILES }
source "$1" >/dev/null
shift
words=(robotrader "$@")
CURRENT=${#words}
PREFIX=${words[CURRENT]}
_robotrader
"""


def zsh_complete(*words):
    """What the zsh function offers for `robotrader <words>` (names only, before any ':')."""
    done = subprocess.run(["zsh", "-f", "-c", ZSH_DRIVER, "_", ZSH_FILE, *words], capture_output=True, text=True,
                          timeout=30, check=True)
    return {line.split(":", 1)[0] for line in done.stdout.splitlines() if line}


@unittest.skipUnless(shutil.which("zsh"), "zsh is not installed")
class ZshCompletion(unittest.TestCase):
    def test_tab_after_robotrader_offers_every_subcommand_and_nested_ones_after_theirs(self):
        self.assertEqual(zsh_complete(""), subcommands())
        self.assertEqual(zsh_complete("kill-switch", "--db", "x.db", ""), subcommands("kill-switch"))
        self.assertEqual(zsh_complete("--log-format", ""), {"text", "json"})
        self.assertTrue({"--port", "--json", "--log-level"} <= zsh_complete("check", "--"))


class ManPage(unittest.TestCase):
    def test_the_man_page_has_a_section_per_command_and_the_exit_codes(self):
        with open(MAN_FILE) as f:
            text = f.read()
        self.assertRegex(text, r'(?m)^\.TH ROBOTRADER 1 ')
        for command in subcommands():
            self.assertIn('.SS "robotrader ' + command.replace("-", "\\-") + '"', text)
        for command in subcommands("kill-switch"):
            self.assertIn(f'.SS "robotrader kill\\-switch {command}"', text)
        self.assertIn(".SH EXIT STATUS", text)
        self.assertIn("\\fB\\-\\-log\\-format\\fR", text)

    @unittest.skipUnless(shutil.which("groff"), "groff is not installed")
    def test_the_man_page_renders_without_warnings(self):
        done = subprocess.run(["groff", "-man", "-Tutf8", "-ww", MAN_FILE], capture_output=True, text=True, timeout=30)
        self.assertEqual(done.stderr, "")
        text = re.sub(".\b", "", done.stdout)  # bold and underline are overstrikes on a terminal device
        self.assertIn("robotrader doctor", text)
        self.assertNotIn("VALUE", text)  # a flag shows no value placeholder
        self.assertIn("--port TEXT:PORT|auto", text)


if __name__ == "__main__":
    unittest.main()
