"""A stand-in for Rasa's REST channel, and a URL where nothing listens.

The stand-in is an aiohttp server on 127.0.0.1 that records every request and
answers through a `responder` the test chooses: by default ``[]``, which is
what Rasa answers when no model is loaded.
"""

from __future__ import annotations

import asyncio
import inspect
import socket
from collections.abc import Awaitable, Callable
from typing import Any, Union

from aiohttp import web

from testkit.loopback import serve_on_loopback

Body = dict[str, Any]
# A responder returns the reply list, or an int to answer with that HTTP status.
Responder = Callable[[Body], Union[list[Body], int, Awaitable[Union[list[Body], int]]]]


def closed_port_url() -> str:
    """An http URL on loopback where, a moment ago, nothing was listening."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}"


def empty_reply(body: Body) -> list[Body]:
    return []


class FakeRasa:
    """Answers POST /webhooks/rest/webhook through `responder`; keeps `requests`."""

    def __init__(self, responder: Responder = empty_reply) -> None:
        self.responder = responder
        self.requests: list[Body] = []
        self._runner: web.AppRunner | None = None
        self.port: int | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def messages_from(self, sender: str) -> list[str]:
        return [r["message"] for r in self.requests if r.get("sender") == sender]

    async def __aenter__(self) -> FakeRasa:
        app = web.Application()
        app.router.add_post("/webhooks/rest/webhook", self._webhook)
        self._runner, self.port = await serve_on_loopback(app)
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        if self._runner is not None:
            await self._runner.cleanup()

    async def _webhook(self, request: web.Request) -> web.Response:
        body = await request.json()
        self.requests.append(body)
        result = self.responder(body)
        if inspect.isawaitable(result):
            result = await result
        if isinstance(result, int):
            return web.json_response({"error": "stand-in failure"}, status=result)
        replies = [{"recipient_id": body.get("sender"), **reply} for reply in result]
        return web.json_response(replies)


def slow(responder: Responder, seconds: float) -> Responder:
    """`responder`, answering only after `seconds`."""

    async def answer(body: Body) -> list[Body] | int:
        await asyncio.sleep(seconds)
        result = responder(body)
        return await result if inspect.isawaitable(result) else result

    return answer
