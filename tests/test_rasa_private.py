"""Rasa's structured logs, as configured by scripts.rasa_private, carry no message text."""

from __future__ import annotations

import io
import json
import logging

import structlog
from rasa.utils import log_utils

from scripts.rasa_private import REDACTED, redact


def test_a_failed_turn_is_logged_without_what_the_person_wrote(monkeypatch) -> None:
    monkeypatch.setattr(log_utils, "_anonymizer", redact)
    monkeypatch.setattr(log_utils, "FORCE_JSON_LOGGING", True)
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    logging.getLogger().addHandler(handler)
    try:
        structlog.reset_defaults()
        log_utils.configure_structlog(logging.INFO)
        structlog.get_logger().error("rest.message.received.timeout", text="i want to die")
    finally:
        logging.getLogger().removeHandler(handler)
        structlog.reset_defaults()
    logged = stream.getvalue()
    assert "i want to die" not in logged
    entry = json.loads(logged.strip().splitlines()[-1])
    assert entry["event"] == "rest.message.received.timeout"
    assert entry["text"] == REDACTED
