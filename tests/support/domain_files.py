"""The Rasa domain as one mapping, read from the per-area files in `domain/`.

Tests compare what a person sees with the responses written in the domain, so
that a changed wording cannot leave a test asserting the old one.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import yaml

DOMAIN_DIR = Path(__file__).resolve().parents[2] / "domain"


@cache
def responses() -> dict[str, list[dict[str, Any]]]:
    """Every response in the domain folder, by name (Rasa merges the files the same way)."""
    merged: dict[str, list[dict[str, Any]]] = {}
    for path in sorted(DOMAIN_DIR.rglob("*.yml")):
        merged.update(yaml.safe_load(path.read_text(encoding="utf-8")).get("responses") or {})
    return merged
