"""Loopback stand-ins for Telegram, shared by the tests and the benchmark.

`FakeTelegram` is a local Bot API server that python-telegram-bot talks to through its
`base_url` (nothing of the library is mocked), `bot_harness` runs the real bot against
it, and `telegram_updates` builds the updates a person's actions would produce. The
benchmark drives the bot through the same server, so it lives here and not under tests/.
"""
