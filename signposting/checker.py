"""List directory entries that need a look: checked over a year ago, or incomplete.

    .venv/bin/python -m signposting.checker [--today 2026-11-23] [--data DIR] [--strict]

Prints the directory's size by topic and kind, then the entries whose check
date is more than a year old, the entries whose fields are incomplete (a group
or local service with neither a way to reach it, hours, a place nor a note on
how to find it), and the entries that claim only a name and website, still to
be confirmed at source before a number or a time may be added. With --strict it
exits 1 when anything is stale or incomplete, for use in CI.
"""

from __future__ import annotations

import argparse
from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from signposting.directory import load_directory
from signposting.model import KINDS, Directory, Service

STALE_AFTER = timedelta(days=365)


@dataclass(frozen=True)
class Report:
    by_topic: dict[str, int]
    by_kind: dict[str, int]
    stale: tuple[Service, ...]
    incomplete: tuple[tuple[Service, tuple[str, ...]], ...]
    address_only: tuple[Service, ...]


def missing_fields(service: Service) -> tuple[str, ...]:
    """What an entry lacks for a person to act on it."""
    missing = []
    if len(service.description) < 20:
        missing.append("description")
    reachable = service.phones or service.texts or service.webchat or service.email
    if service.kind in ("group", "local_service") and not (
        reachable or service.hours.known or service.locations or service.how_to_find
    ):
        missing.append("how to reach or find it (phone, schedule, location or how_to_find)")
    if "in_person" in service.modes and service.is_local and not service.locations:
        missing.append("locations")
    if service.kind == "helpline" and not service.phones:
        missing.append("phones")
    return tuple(missing)


def review(directory: Directory, today: date) -> Report:
    services = directory.services
    topics = Counter(t for s in services for t in s.topics)
    kinds = Counter(s.kind for s in services)
    return Report(
        by_topic={t: topics.get(t, 0) for t in directory.topics},
        by_kind={k: kinds.get(k, 0) for k in KINDS},
        stale=tuple(s for s in services if today - s.checked > STALE_AFTER),
        incomplete=tuple((s, m) for s in services if (m := missing_fields(s))),
        address_only=tuple(s for s in services if s.verified == "website-address-only"),
    )


def format_report(directory: Directory, report: Report, today: date) -> str:
    lines = [f"Directory: {len(directory.services)} services from "
             f"{len(directory.organisations)} organisations (as of {today.isoformat()})",
             "By topic: " + ", ".join(f"{t} {n}" for t, n in report.by_topic.items()),
             "By kind: " + ", ".join(f"{k} {n}" for k, n in report.by_kind.items()),
             f"Checked over a year ago ({len(report.stale)}):"]
    lines += [f"  {s.id}: checked {s.checked.isoformat()}, source {s.source}"
              for s in report.stale] or ["  none"]
    lines.append(f"Incomplete ({len(report.incomplete)}):")
    lines += [f"  {s.id}: missing {', '.join(m)}" for s, m in report.incomplete] or ["  none"]
    lines.append(f"Name and website only, to confirm at source before adding numbers or "
                 f"times ({len(report.address_only)}):")
    lines.append("  " + ", ".join(s.id for s in report.address_only) if report.address_only
                 else "  none")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--today", type=date.fromisoformat, default=date.today())
    parser.add_argument("--data", type=Path, default=None, help="a resources folder")
    parser.add_argument("--strict", action="store_true", help="exit 1 if anything is listed")
    args = parser.parse_args(argv)
    directory = load_directory(args.data)
    report = review(directory, args.today)
    print(format_report(directory, report, args.today))
    return 1 if args.strict and (report.stale or report.incomplete) else 0


if __name__ == "__main__":
    raise SystemExit(main())
