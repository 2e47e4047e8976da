"""Through the real Rasa server: a burst with crisis messages in it loses nothing.

Every Rasa server the project starts has `rasa_plugins.crisis_priority` installed
(scripts/rasa_private.py). Here normal turns (with action server calls) and crisis
turns arrive at once, two crisis messages overlap, and one person sends a normal
message and a crisis message together: each is answered, the crisis ones with the
crisis contacts, and that person's conversation keeps both messages.
"""

from __future__ import annotations

import asyncio
import uuid

import httpx
import pytest

pytestmark = pytest.mark.stack

NORMAL = ("hello", "can we do a breathing exercise", "find a group for carers in Fife",
          "I feel anxious", "thanks")
CRISIS = ("i want to kill myself tonight", "i have taken all my pills and want to die")


async def say(client: httpx.AsyncClient, sender: str, text: str) -> str:
    response = await client.post("/webhooks/rest/webhook", json={"sender": sender, "message": text})
    response.raise_for_status()
    replies = response.json()
    assert replies, f"no answer to a {'crisis' if text in CRISIS else 'normal'} message"
    return "\n".join(reply.get("text") or "" for reply in replies)


async def test_a_burst_with_crisis_messages_gets_every_answer(rasa_url: str) -> None:
    run = uuid.uuid4().hex[:8]
    both = f"priority-{run}-both"
    sent = [(f"priority-{run}-{i}", text) for i, text in enumerate(NORMAL * 2 + CRISIS)]
    sent += [(both, "can we do a breathing exercise"), (both, CRISIS[0])]
    async with httpx.AsyncClient(base_url=rasa_url, timeout=60) as client:
        answers = await asyncio.gather(*(say(client, sender, text) for sender, text in sent))
        tracker = (await client.get(f"/conversations/{both}/tracker")).json()
    for (_, text), answer in zip(sent, answers, strict=True):
        if text in CRISIS:
            assert "999" in answer
    said = [e["text"] for e in tracker["events"] if e["event"] == "user"]
    assert sorted(said) == sorted(["can we do a breathing exercise", CRISIS[0]])
