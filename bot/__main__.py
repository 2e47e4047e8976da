"""`python -m bot`: Telegram if TELEGRAM_BOT_TOKEN is set, else console."""

from __future__ import annotations

import asyncio
import sys


def main() -> int:
    from bot.logs import configure_logging
    from bot.settings import Settings, SettingsError

    try:
        settings = Settings.from_env()
    except SettingsError as exc:
        print(f"Configuration error: {exc}", file=sys.stderr)
        return 2
    configure_logging(settings.log_level)
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
