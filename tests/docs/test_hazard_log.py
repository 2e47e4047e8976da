"""The hazard log names tests that exist: a control whose proof was removed fails here."""

from __future__ import annotations

import ast
import re
from functools import cache
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
LOG = REPO / "docs" / "hazard-log.md"
HAZARD = re.compile(r"^## (H\d+)\. (.+)$", re.M)
CONTROL = re.compile(r"^\s*- (C\d+\.\d+) ", re.M)
NODE = re.compile(r"`(tests/[\w/]+\.py)::([\w:]+)`")


def hazards() -> dict[str, str]:
    text = LOG.read_text(encoding="utf-8")
    heads = list(HAZARD.finditer(text))
    return {m.group(1): text[m.start():(heads[i + 1].start() if i + 1 < len(heads) else None)]
            for i, m in enumerate(heads)}


def controls(section: str) -> dict[str, str]:
    """Each control's text up to the next control or field, inside one hazard's section."""
    in_place = section.split("**Controls in place**", 1)[1]
    in_place = re.split(r"^- \*\*", in_place, maxsplit=1, flags=re.M)[0]
    starts = list(CONTROL.finditer(in_place))
    return {m.group(1): in_place[m.start():(starts[i + 1].start() if i + 1 < len(starts) else None)]
            for i, m in enumerate(starts)}


def node_ids() -> list[tuple[str, str]]:
    return sorted(set(NODE.findall(LOG.read_text(encoding="utf-8"))))


@cache
def defined(path: str) -> frozenset[str]:
    """Test names a file defines: `test_x` and `TestClass::test_y`."""
    tree = ast.parse((REPO / path).read_text(encoding="utf-8"))
    names = set()
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            names.add(node.name)
        elif isinstance(node, ast.ClassDef):
            names.update(f"{node.name}::{item.name}" for item in node.body
                         if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef)))
    return frozenset(names)


def test_the_log_has_hazards_numbered_in_order():
    found = list(hazards())
    assert len(found) >= 10
    assert found == [f"H{n}" for n in range(1, len(found) + 1)]


@pytest.mark.parametrize("hazard", list(hazards()))
def test_every_hazard_has_causes_effects_and_controls(hazard):
    section = hazards()[hazard]
    for field in ("**Causes**", "**Effects**", "**Controls in place**"):
        assert field in section, f"{hazard} lacks {field}"
    assert controls(section), f"{hazard} names no control"


@pytest.mark.parametrize("hazard", list(hazards()))
def test_every_control_in_place_names_a_test(hazard):
    for control, text in controls(hazards()[hazard]).items():
        assert control.startswith(hazard[1:].join(("C", "."))), f"{control} filed under {hazard}"
        assert NODE.search(text), f"{control} in {hazard} names no test"


@pytest.mark.parametrize("path,name", node_ids(), ids=[f"{p}::{n}" for p, n in node_ids()])
def test_every_named_test_exists(path, name):
    assert (REPO / path).is_file(), f"{path} no longer exists"
    assert name in defined(path), f"{path} no longer defines {name}"


def test_the_parser_catches_a_missing_test():
    assert "test_that_was_never_written" not in defined("tests/safety/test_contacts.py")
    assert NODE.findall("`tests/a/b.py::test_c`") == [("tests/a/b.py", "test_c")]
