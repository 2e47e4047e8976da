"""A Rasa input channel that erases one person's conversation history from the tracker store.

Why a channel and not an action: an action runs while Rasa holds the conversation in memory,
and after the action Rasa saves that tracker; `SQLTrackerStore.save` inserts every event it
cannot find in the table, so events deleted from inside an action come straight back. Here,
after the turn has been saved, bot/ calls `POST /webhooks/erasure/erase {"sender": ...}`; the
handler takes the lock store's lock for that conversation (so no message is being handled for
it meanwhile) and deletes its rows with the tracker store's own SQLAlchemy session.

It erases only right after `action_erase_my_data` ran for that conversation, the one step
that follows the person's confirmation, so a stray request cannot wipe anyone's history.
Runs inside the Rasa server (listed in credentials.yml); it imports Rasa, so nothing else
should import it.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import InputChannel, UserMessage
from rasa.core.tracker_store import InMemoryTrackerStore, SQLTrackerStore, TrackerStore
from rasa.shared.core.events import ActionExecuted
from rasa.shared.core.trackers import DialogueStateTracker
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

_LOGGER = logging.getLogger(__name__)

ERASE_ACTION = "action_erase_my_data"
_BOOKKEEPING = {"action_listen", "action_session_start"}


def innermost(store: TrackerStore) -> TrackerStore:
    """The real store behind Rasa's wrappers (FailSafeTrackerStore, AwaitableTrackerStore)."""
    while hasattr(store, "_tracker_store"):
        store = store._tracker_store
    return store


def erasure_was_confirmed(tracker: DialogueStateTracker | None) -> bool:
    """True when the last real action in the conversation was the erasure action."""
    if tracker is None:
        return False
    for event in reversed(tracker.events):
        if isinstance(event, ActionExecuted) and event.action_name not in _BOOKKEEPING:
            return event.action_name == ERASE_ACTION
    return False


def delete_events(store: TrackerStore, sender: str) -> int:
    """Delete every stored event of `sender`; the number of events removed."""
    real = innermost(store)
    if isinstance(real, SQLTrackerStore):
        with real.session_scope() as session:
            removed = (
                session.query(real.SQLEvent)
                .filter(real.SQLEvent.sender_id == sender)
                .delete(synchronize_session=False)
            )
            session.commit()
            return int(removed)
    if isinstance(real, InMemoryTrackerStore):
        return 1 if real.store.pop(sender, None) is not None else 0
    raise NotImplementedError(f"cannot erase from a {type(real).__name__}")


class ConversationErasureInput(InputChannel):
    """POST /webhooks/erasure/erase with {"sender": pseudonym}: 200 {"erased": n} or 409/501."""

    @classmethod
    def name(cls) -> str:
        return "erasure"

    def blueprint(
        self, on_new_message: Callable[[UserMessage], Awaitable[Any]]
    ) -> Blueprint:
        hook = Blueprint("conversation_erasure", __name__)

        @hook.route("/erase", methods=["POST"])
        async def erase(request: Request) -> HTTPResponse:
            body = request.json if isinstance(request.json, dict) else {}
            sender = body.get("sender")
            if not isinstance(sender, str) or not sender:
                return response.json({"error": "sender is required"}, status=400)
            agent = request.app.ctx.agent
            async with agent.lock_store.lock(sender):
                tracker = await agent.tracker_store.retrieve(sender)
                if not erasure_was_confirmed(tracker):
                    return response.json({"error": "erasure was not confirmed"}, status=409)
                try:
                    removed = await asyncio.to_thread(
                        delete_events, agent.tracker_store, sender)
                except NotImplementedError as exc:
                    return response.json({"error": str(exc)}, status=501)
            _LOGGER.info("erased a conversation (%d events)", removed)
            return response.json({"erased": removed})

        return hook
