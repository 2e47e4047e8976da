"""The one HTTP client to Rasa's REST channel.

Every failure mode (refused connection, timeout, a 5xx, JSON that is not a
list, or the empty list Rasa returns when no model is loaded) becomes a single
`RasaUnavailable`, because callers have one thing to do about all of them:
answer from the fail-safe. The reason is a short fixed phrase, safe to log; no
message text is ever put into an exception or a log line.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Mapping
from typing import Any

import httpx

_LOGGER = logging.getLogger(__name__)

WEBHOOK_PATH = "/webhooks/rest/webhook"
RETRY_DELAY_SECONDS = 0.2

RasaReply = dict[str, Any]


class RasaUnavailable(Exception):
    """Rasa gave no usable answer. `reason` is a short, log-safe phrase."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class RasaClient:
    """Sends one user message to Rasa and returns its replies.

    One `httpx.AsyncClient` is shared by all conversations (connection pooling);
    `open` and `close` are called from the Application's post_init and
    post_shutdown so the client lives exactly as long as the bot.
    """

    def __init__(
        self,
        base_url: str,
        timeout_seconds: float,
        *,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self._url = base_url.rstrip("/") + WEBHOOK_PATH
        self._timeout = timeout_seconds
        self._transport = transport
        self._client: httpx.AsyncClient | None = None

    async def open(self) -> None:
        """Create the pooled client; calling it twice is harmless."""
        if self._client is None:
            self._client = httpx.AsyncClient(
                timeout=httpx.Timeout(self._timeout),
                transport=self._transport,
                headers={"Accept": "application/json"},
            )

    async def close(self) -> None:
        if self._client is not None:
            await self._client.aclose()
            self._client = None

    async def __aenter__(self) -> RasaClient:
        await self.open()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.close()

    async def send(
        self, sender: str, message: str, metadata: Mapping[str, Any] | None = None
    ) -> list[RasaReply]:
        """Post `message` for `sender`; the whole exchange is bounded by the timeout.

        Raises `RasaUnavailable` for anything but a non-empty list of replies.
        """
        if self._client is None:
            raise RuntimeError("RasaClient.open() was not called")
        body = {"sender": sender, "message": message, "metadata": dict(metadata or {})}
        try:
            response = await asyncio.wait_for(self._post(body), timeout=self._timeout)
        except (asyncio.TimeoutError, httpx.TimeoutException):
            raise self._unavailable("timeout") from None
        except httpx.HTTPError as exc:
            raise self._unavailable(f"transport error {type(exc).__name__}") from None
        if response.status_code != 200:
            raise self._unavailable(f"status {response.status_code}")
        try:
            replies = response.json()
        except ValueError:
            raise self._unavailable("reply is not JSON") from None
        if not isinstance(replies, list) or not all(isinstance(r, dict) for r in replies):
            raise self._unavailable("reply is not a list of messages")
        if not replies:
            raise self._unavailable("empty reply (is a model loaded?)")
        return replies

    async def _post(self, body: dict[str, Any]) -> httpx.Response:
        """POST once, and once more after a short pause if the connection was refused.

        A refused connection is what a restarting Rasa looks like for a second
        or two; anything slower than that is better answered by the fail-safe.
        """
        assert self._client is not None
        try:
            return await self._client.post(self._url, json=body)
        except httpx.ConnectError:
            await asyncio.sleep(RETRY_DELAY_SECONDS)
            return await self._client.post(self._url, json=body)

    @staticmethod
    def _unavailable(reason: str) -> RasaUnavailable:
        # The caller logs the outcome once; this line only helps when debugging the client.
        _LOGGER.debug("Rasa unavailable: %s", reason)
        return RasaUnavailable(reason)
