"""Print the service's figures: per pathway and ISO week, five counts, small ones suppressed.

    PYTHONPATH=. .venv/bin/python -m scripts.usage_report [--since 2026-W40]

Reads the audit database (`AUDIT_DB_URL`, default var/audit.db). Any count below
10 is shown as "fewer than 10"; nothing identifying a person is stored to print.
"""

from __future__ import annotations

import argparse
import re

from pathways.usage import usage_report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--since", help='first ISO week to show, like "2026-W40"')
    args = parser.parse_args()
    if args.since and not re.fullmatch(r"\d{4}-W\d{2}", args.since):
        parser.error('--since takes an ISO week like "2026-W40"')
    print(usage_report(args.since))


if __name__ == "__main__":
    main()
