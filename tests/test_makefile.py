"""The Makefile says what it has: every target in `make help`, none declared without a rule."""

from __future__ import annotations

import re
import subprocess

from scripts.stack import ROOT

MAKEFILE = (ROOT / "Makefile").read_text(encoding="utf-8")


def _phony() -> set[str]:
    declared = re.search(r"^\.PHONY:((?:.*\\\n)*.*)$", MAKEFILE, re.MULTILINE)
    assert declared, "the Makefile declares its phony targets"
    return set(declared.group(1).replace("\\\n", " ").split())


def _rules() -> set[str]:
    return set(re.findall(r"^([a-z][a-z-]*):(?!=)", MAKEFILE, re.MULTILINE))


def test_every_phony_target_has_a_rule() -> None:
    assert _phony() - _rules() == set()


def test_every_target_is_phony_and_listed_by_make_help_with_its_purpose() -> None:
    listed = subprocess.run(["make", "--no-print-directory", "help"], cwd=ROOT,
                            capture_output=True, text=True, check=True).stdout
    described = {line.split()[1] for line in listed.splitlines() if line.strip()}
    assert _rules() <= _phony()
    assert described == _rules()
