"""`rasa`, with what people wrote kept out of its logs.

Rasa 3.6's REST channel logs the message text when a turn fails or times out
(`rest.message.received.timeout text=...`), and its only hook for hiding it is a
paid plugin. Every structured log entry passes through `log_utils._anonymizer`,
which `configure_structlog` looks up when the server starts, so replacing it
before Rasa's own `main` runs redacts those fields for the whole server.
Use exactly like the `rasa` command: `python -m scripts.rasa_private run ...`.

It also installs `rasa_plugins.action_calls` (custom action calls without the
per-call schema self-check), `rasa_plugins.sqlite_tracker` (the SQLite tracker
store in WAL mode with pooled connections) and `rasa_plugins.crisis_priority`
(crisis turns first in the event loop), so every Rasa server the project starts
has them.
"""

from __future__ import annotations

from typing import Any, MutableMapping

from rasa import __main__ as rasa_main
from rasa.utils import log_utils

from rasa_plugins import action_calls, crisis_priority, sqlite_tracker

# Fields of Rasa's structured log entries that can hold what a person wrote.
PRIVATE_FIELDS = frozenset(
    {"text", "user_text", "user_message", "json_message", "message", "parse_data",
     "tracker", "events", "slots", "entities"}
)
REDACTED = "[redacted]"
# What runs inside every Rasa server the project starts; each has install() and uninstall().
PLUGINS = (action_calls, sqlite_tracker, crisis_priority)


def redact(_logger: Any, _method: str, event_dict: MutableMapping[str, Any]) -> Any:
    """A structlog processor: the entry's name and level stay, message contents go."""
    for key in PRIVATE_FIELDS & event_dict.keys():
        event_dict[key] = REDACTED
    return event_dict


def main() -> None:
    log_utils._anonymizer = redact
    for plugin in PLUGINS:
        plugin.install()
    rasa_main.main()


if __name__ == "__main__":
    main()
