"""Start and stop the scaled layout, or hand a PostgreSQL URL to tests.

    python -m scripts.scaled up        # install what is missing, start everything, return
    python -m scripts.scaled down      # stop it all (data stays under var/scaled/)
    python -m scripts.scaled daemons   # only PostgreSQL, Redis and nginx
    python -m scripts.scaled url       # start PostgreSQL if needed; print a scratch database URL
"""

from __future__ import annotations

import argparse
import sys
from typing import List

from scripts.scaled.stack import Layout, ScaledStack, down, start_bot_if_configured


def main(argv: List[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("command", choices=["up", "down", "daemons", "url"])
    args = parser.parse_args(argv)
    layout = Layout.default()
    if args.command == "down":
        down(layout)
        return 0
    stack = ScaledStack(layout)
    if args.command == "url":
        # For TEST_POSTGRES_URL: only PostgreSQL, and nothing but the URL on stdout.
        stack.postgres.start()
        print(stack.postgres.url("scratch"))
        return 0
    down(layout)
    if args.command == "daemons":
        stack.start_daemons()
        print(f"PostgreSQL on {layout.postgres_port}, Redis on {layout.redis_port}, "
              f"nginx on {layout.rasa_front} (Rasa) and {layout.action_front} (actions)")
        return 0
    print("Starting PostgreSQL, Redis, nginx, and "
          f"{len(layout.rasa_ports)} Rasa + {len(layout.action_ports)} action servers...",
          flush=True)
    stack.start()
    stack.write_pids()
    bot = start_bot_if_configured(stack)
    print(f"Rasa REST channel behind nginx at {stack.rasa_url}; "
          f"bot/ {'in webhook mode' if bot else 'not started (no TELEGRAM_BOT_TOKEN/WEBHOOK_URL)'}."
          " Stop with: make scaled-down")
    return 0


if __name__ == "__main__":
    sys.exit(main())
