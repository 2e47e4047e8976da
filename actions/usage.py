"""The service's figures, counted from the actions: bounded in time and never in the way.

Each count is one row increment (`pathways.usage`): the kind of event and the
person's pathway code from the `pathway` slot (None if they came without one),
nothing else. Like the crisis action's plan lookup, the write runs off the event
loop and is given at most `COUNT_TIMEOUT_SECONDS`: a slow or broken database
costs the figures a count, never the person their answer.
"""

from __future__ import annotations

import asyncio
import logging

from rasa_sdk import Tracker

from pathways.usage import UsageKind, count_usage_safely

PATHWAY_SLOT = "pathway"
COUNT_TIMEOUT_SECONDS = 0.5

_LOGGER = logging.getLogger(__name__)


def pathway_of(tracker: Tracker) -> str | None:
    """The pathway code the person came through, or None."""
    value = tracker.get_slot(PATHWAY_SLOT)
    return value if isinstance(value, str) and value else None


async def count(kind: UsageKind, pathway: str | None) -> None:
    """Count one event; returns within the timeout whatever the database does."""
    try:
        await asyncio.wait_for(asyncio.to_thread(count_usage_safely, kind, pathway),
                               COUNT_TIMEOUT_SECONDS)
    except Exception as exc:  # noqa: BLE001 - figures must never cost a person their reply
        _LOGGER.warning("usage not counted (%s)", type(exc).__name__)
