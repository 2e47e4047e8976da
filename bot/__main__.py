"""`python -m bot`: Telegram if TELEGRAM_BOT_TOKEN is set, else console."""

from __future__ import annotations

import asyncio
import sys


def main() -> int:
    from bot.settings import configured

    settings = configured()
    if settings is None:
        return 2
    if settings.mode == "console":
        from bot.console import run_console

        try:
            asyncio.run(run_console(settings))
        except KeyboardInterrupt:
            print()
        return 0
    from bot.app import run

    run(settings)
    return 0


if __name__ == "__main__":
    sys.exit(main())
