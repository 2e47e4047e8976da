"""The Telegram front end and console chat: the one place that knows Telegram.

bot/ turns Telegram updates into Rasa REST messages and Rasa replies into
Telegram messages, and answers by itself (crisis contacts first) whenever Rasa
cannot. Modules, each one job:

- ``settings``: configuration from the environment, checked at start-up.
- ``pseudonym``: the keyed hash that hides Telegram ids from Rasa.
- ``rasa_client``: the HTTP client to Rasa's REST channel.
- ``rendering`` / ``splitting`` / ``payloads``: pure conversion of Rasa replies.
- ``custom_payloads``: the documented contract for what actions send beyond text
  (photo, document, timer, and kinds for ``hooks``, such as reminders).
- ``safety_bridge``: the fail-safe and /sos answers from the shared safety package.
- ``handlers`` / ``other_messages`` / ``turns``: what each kind of update becomes.
- ``conversation`` / ``delivery`` / ``pacing``: one turn with Rasa, and sending its answer.
- ``ordering`` / ``app`` / ``webhook``: the python-telegram-bot wiring, polling or webhook.
- ``console``: the same conversation in a terminal, for development without a token.

Exceptions, drawn once::

    Exception
    ├── SettingsError (ValueError)   a required variable is missing or malformed
    └── RasaUnavailable              Rasa gave no usable answer: error, timeout,
                                     non-200 status, bad JSON or an empty list

Nothing here does work at import time: the application, its HTTP clients and
its logging are built by the functions that start the bot.
"""
