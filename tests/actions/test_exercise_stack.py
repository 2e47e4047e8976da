"""An exercise end to end through Rasa's REST channel: the trained model, the
action server and a real personal store. Start, step through, pause, come
back by typing "carry on", finish, keep it as a favourite, and find it again."""

from __future__ import annotations

import itertools
import json
import time
from typing import Any

import httpx
import pytest

from exercises import library, runner

pytestmark = pytest.mark.stack

_senders = itertools.count(int(time.time() * 1000))


class Chat:
    """One person talking to Rasa over REST."""

    def __init__(self, rasa_url: str) -> None:
        self.url = f"{rasa_url}/webhooks/rest/webhook"
        self.sender = f"exercise-stack-{next(_senders)}"

    def say(self, text: str) -> list[dict[str, Any]]:
        response = httpx.post(self.url, json={"sender": self.sender, "message": text}, timeout=60)
        response.raise_for_status()
        replies = response.json()
        assert replies, f"no reply to {text!r}"
        return replies

    @staticmethod
    def texts(replies: list[dict[str, Any]]) -> str:
        return "\n".join(reply.get("text", "") for reply in replies)

    @staticmethod
    def payloads(replies: list[dict[str, Any]]) -> list[str]:
        return [b["payload"] for reply in replies for b in reply.get("buttons", [])]


def test_an_exercise_paused_resumed_finished_and_found_again(rasa_url: str) -> None:
    chat = Chat(rasa_url)
    breathing = library.get("paced_breathing")
    start = "/start_exercise" + json.dumps({"exercise_id": breathing.id})
    # Favourites and "the one I did yesterday" are kept records: the person said yes first.
    assert "stop keeping my data" in chat.texts(chat.say('/give_consent{"data_consent": "given"}'))

    replies = chat.say(start)
    assert breathing.intro in chat.texts(replies)
    assert "Before we start" in chat.texts(replies)

    replies = chat.say("6")
    assert chat.texts(replies).startswith("Step 1 of 5")
    assert breathing.steps[0].text in chat.texts(replies)
    replies = chat.say("/exercise_next")
    assert breathing.steps[1].text in chat.texts(replies)

    replies = chat.say("/exercise_pause")
    assert runner.current_prompt({
        "exercise": breathing.id, "step": 1, "status": "paused"}).text in chat.texts(replies)
    assert runner.RESUME in chat.payloads(replies)

    # Something else in between, then back by typing.
    assert chat.say("thanks")
    replies = chat.say("carry on")
    assert runner.RESUMED in chat.texts(replies)
    assert breathing.steps[1].text in chat.texts(replies)

    replies = chat.say("/exercise_next")
    assert breathing.steps[2].text in chat.texts(replies)
    replies = chat.say("/exercise_next")
    timers = [reply["custom"] for reply in replies if "custom" in reply]
    assert timers and timers[0]["kind"] == "timer" and timers[0]["seconds"] == 180
    assert breathing.steps[3].text in chat.texts(replies)  # the plain text too
    chat.say("/exercise_next")
    replies = chat.say("/exercise_next")
    assert breathing.outro in chat.texts(replies)
    assert "Now that you've finished" in chat.texts(replies)

    replies = chat.say("4")
    assert "You were at 6 and now you're at 4." in chat.texts(replies)
    assert "favourites" in chat.texts(replies)
    replies = chat.say('/exercise_answer{"exercise_answer": "yes"}')
    assert "That's the exercise finished" in chat.texts(replies)

    replies = chat.say("my favourites")
    assert start in chat.payloads(replies)
    replies = chat.say("do the one i did yesterday")
    assert breathing.intro in chat.texts(replies)
    replies = chat.say("stop")
    assert chat.texts(replies) == runner.STOPPED


def test_crisis_words_in_a_writing_step_get_the_crisis_answer_not_kept(rasa_url: str) -> None:
    chat = Chat(rasa_url)
    record = library.get("thought_record")
    chat.say("/start_exercise" + json.dumps({"exercise_id": record.id}))
    replies = chat.say("/skip")
    assert record.steps[0].text in chat.texts(replies)

    replies = chat.say("i want to kill myself")
    assert "999" in chat.texts(replies)
    assert record.steps[1].text not in chat.texts(replies[:1])

    replies = chat.say("stop")
    assert "?" not in chat.texts(replies)  # stop is never questioned
