"""Where each database lives: a configured URL, or a SQLite file under the var folder.

Every store (tracker, personal records, crisis audit, bot/'s reminders) follows the
same rule, so a single Rasa server needs no configuration and a scaled deployment
names PostgreSQL URLs; the folder is `VAR_DIR`, or `var/` at the repository's top.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def var_dir(env: Mapping[str, str] | None = None) -> Path:
    """The folder for local databases and keys (created on first use)."""
    env = os.environ if env is None else env
    folder = Path(env.get("VAR_DIR") or ROOT / "var").resolve()
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def database_url(variable: str, filename: str, env: Mapping[str, str] | None = None) -> str:
    """The URL in `variable`, else `sqlite:///<var dir>/<filename>`."""
    env = os.environ if env is None else env
    return env.get(variable) or f"sqlite:///{var_dir(env) / filename}"
