"""Button payloads as Telegram callback data, within its 64-byte limit.

Most Rasa payloads ("/share_low_mood") fit and are used as they are. A longer
one (an intent with entities, say) is replaced by a short token derived from
its hash, and the payload is kept in a bounded in-memory map to be looked up
when the button is pressed. The map forgets the least recently used entries
and everything on restart; a press on such a forgotten button is answered
kindly instead of guessed at.
"""

from __future__ import annotations

import base64
import hashlib
from collections import OrderedDict
from collections.abc import Hashable

CALLBACK_DATA_LIMIT = 64
TOKEN_PREFIX = "~t:"
DEFAULT_CAPACITY = 10_000


def needs_token(payload: str) -> bool:
    """Whether `payload` cannot travel as callback data by itself."""
    return len(payload.encode("utf-8")) > CALLBACK_DATA_LIMIT or payload.startswith(TOKEN_PREFIX)


def token_for(payload: str) -> str:
    """A short, stable token for `payload`: the same payload always gets the same token."""
    digest = hashlib.sha256(payload.encode("utf-8")).digest()
    return TOKEN_PREFIX + base64.urlsafe_b64encode(digest[:16]).decode("ascii").rstrip("=")


def callback_data_for(payload: str) -> str:
    """What to put in the button: the payload itself, or its token if too long."""
    return token_for(payload) if needs_token(payload) else payload


class PayloadTokens:
    """A bounded least-recently-used map from tokens to the long payloads they stand for."""

    def __init__(self, capacity: int = DEFAULT_CAPACITY) -> None:
        if capacity < 1:
            raise ValueError("capacity must be positive")
        self._capacity = capacity
        self._payloads: OrderedDict[str, str] = OrderedDict()

    def __len__(self) -> int:
        return len(self._payloads)

    def remember(self, payload: str) -> str:
        """Store `payload` if it needs a token; return the callback data to use."""
        data = callback_data_for(payload)
        if data != payload:
            self._payloads[data] = payload
            self._payloads.move_to_end(data)
            while len(self._payloads) > self._capacity:
                self._payloads.popitem(last=False)
        return data

    def resolve(self, callback_data: str) -> str | None:
        """The payload a pressed button stands for, or None if its token was forgotten."""
        if not callback_data.startswith(TOKEN_PREFIX):
            return callback_data
        payload = self._payloads.get(callback_data)
        if payload is not None:
            self._payloads.move_to_end(callback_data)
        return payload


class RecentKeys:
    """A bounded memory of keys already seen: here, keyboards that were pressed.

    A quick double tap sends two callback queries for one keyboard before it
    disappears; only the first should reach Rasa.
    """

    def __init__(self, capacity: int = DEFAULT_CAPACITY) -> None:
        if capacity < 1:
            raise ValueError("capacity must be positive")
        self._capacity = capacity
        self._seen: OrderedDict[Hashable, None] = OrderedDict()

    def first_time(self, key: Hashable) -> bool:
        """True the first time `key` is offered (within the last `capacity` keys)."""
        if key in self._seen:
            self._seen.move_to_end(key)
            return False
        self._seen[key] = None
        while len(self._seen) > self._capacity:
            self._seen.popitem(last=False)
        return True
