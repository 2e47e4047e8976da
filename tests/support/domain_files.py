"""The Rasa domain (`domain.yml`) as one mapping, read the way tests need it.

Tests compare what a person sees with the responses written in the domain, so
that a changed wording cannot leave a test asserting the old one.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import yaml

DOMAIN_FILE = Path(__file__).resolve().parents[2] / "domain.yml"


@cache
def domain() -> dict[str, Any]:
    """The whole domain as written."""
    return yaml.safe_load(DOMAIN_FILE.read_text(encoding="utf-8"))


def responses() -> dict[str, list[dict[str, Any]]]:
    """Every response in the domain, by name."""
    return domain()["responses"]
