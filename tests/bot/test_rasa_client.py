"""The Rasa client: one kind of failure, whatever went wrong."""

from __future__ import annotations

import asyncio
import json

import httpx
import pytest

from bot.rasa_client import RasaClient, RasaUnavailable

REPLY = [{"recipient_id": "abc", "text": "Hi there"}]


def client_for(handler, timeout: float = 2.0) -> RasaClient:
    return RasaClient("http://rasa.test:5005/", timeout, transport=httpx.MockTransport(handler))


async def test_posts_sender_message_and_metadata_and_returns_the_replies() -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json=REPLY)

    async with client_for(handler) as client:
        replies = await client.send("pseudonym", "hello", {"channel": "telegram"})
    assert replies == REPLY
    [request] = seen
    assert request.method == "POST"
    assert str(request.url) == "http://rasa.test:5005/webhooks/rest/webhook"
    body = json.loads(request.content)
    assert body == {"sender": "pseudonym", "message": "hello", "metadata": {"channel": "telegram"}}


def fail_with(status: int, body: object = None, content: bytes | None = None):
    def handler(request: httpx.Request) -> httpx.Response:
        if content is not None:
            return httpx.Response(status, content=content)
        return httpx.Response(status, json=body)

    return handler


def raise_(exc: Exception):
    def handler(request: httpx.Request) -> httpx.Response:
        raise exc

    return handler


@pytest.mark.parametrize(
    ("handler", "reason"),
    [
        (fail_with(200, []), "empty reply"),
        (fail_with(500, {"error": "boom"}), "status 500"),
        (fail_with(404, {}), "status 404"),
        (fail_with(200, content=b"<html>"), "not JSON"),
        (fail_with(200, {"text": "not a list"}), "not a list"),
        (fail_with(200, ["text"]), "not a list"),
        (raise_(httpx.ReadTimeout("slow")), "timeout"),
        (raise_(httpx.ConnectTimeout("slow")), "timeout"),
        (raise_(httpx.RemoteProtocolError("bad")), "transport error"),
    ],
)
async def test_every_failure_is_rasa_unavailable(handler, reason: str) -> None:
    async with client_for(handler) as client:
        with pytest.raises(RasaUnavailable) as caught:
            await client.send("pseudonym", "I feel awful")
    assert reason in caught.value.reason
    assert "I feel awful" not in str(caught.value)


async def test_a_slow_rasa_is_cut_off_at_the_timeout() -> None:
    """Rasa never answers here: only the client's own timeout can end the call."""
    never = asyncio.Event()

    async def handler(request: httpx.Request) -> httpx.Response:
        await never.wait()
        return httpx.Response(200, json=REPLY)

    async with client_for(handler, timeout=0.2) as client:
        # The outer bound only stops a broken client from hanging the suite; a client
        # that is cut off by it raises TimeoutError, not RasaUnavailable.
        with pytest.raises(RasaUnavailable, match="timeout"):
            await asyncio.wait_for(client.send("pseudonym", "hello"), timeout=60)


async def test_one_quick_retry_after_a_refused_connection() -> None:
    attempts: list[int] = []

    def handler(request: httpx.Request) -> httpx.Response:
        attempts.append(1)
        if len(attempts) == 1:
            raise httpx.ConnectError("refused")
        return httpx.Response(200, json=REPLY)

    async with client_for(handler) as client:
        assert await client.send("pseudonym", "hello") == REPLY
    assert len(attempts) == 2


async def test_gives_up_after_the_retry() -> None:
    attempts: list[int] = []

    def handler(request: httpx.Request) -> httpx.Response:
        attempts.append(1)
        raise httpx.ConnectError("refused")

    async with client_for(handler) as client:
        with pytest.raises(RasaUnavailable, match="ConnectError"):
            await client.send("pseudonym", "hello")
    assert len(attempts) == 2


async def test_a_closed_port_is_unavailable_not_an_exception() -> None:
    from tests.support.fake_rasa import closed_port_url

    async with RasaClient(closed_port_url(), 2.0) as client:
        with pytest.raises(RasaUnavailable):
            await client.send("pseudonym", "hello")


async def test_must_be_opened_first() -> None:
    with pytest.raises(RuntimeError, match="open"):
        await RasaClient("http://rasa.test", 1.0).send("p", "m")


async def test_open_and_close_are_idempotent() -> None:
    """A second open keeps the working client; a second close leaves it closed, not broken."""
    client = client_for(fail_with(200, REPLY))
    await client.open()
    await client.open()
    assert await client.send("pseudonym", "hello") == REPLY
    await client.close()
    await client.close()
    with pytest.raises(RuntimeError, match="open"):
        await client.send("pseudonym", "hello")
    await client.open()
    assert await client.send("pseudonym", "hello") == REPLY
    await client.close()
