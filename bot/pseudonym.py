"""The Rasa sender id: a keyed hash of the Telegram user id.

Rasa, the action server and their databases only ever see this pseudonym, so a
leaked tracker store cannot be joined back to Telegram accounts without the key.
A keyed hash (not a plain one) matters because Telegram ids are small integers:
an unkeyed SHA-256 of every possible id could be tabulated in an afternoon.
The same key must be kept for as long as people's records should persist.
"""

from __future__ import annotations

import hashlib
import hmac

# The console chat's stand-in user. Telegram user ids are positive, so 0 never
# collides with a real person.
CONSOLE_USER_ID = 0


def pseudonym(key: bytes, telegram_user_id: int) -> str:
    """HMAC-SHA256 of the decimal user id under `key`, as 64 hex characters."""
    if not key:
        raise ValueError("the pseudonym key must not be empty")
    return hmac.new(key, str(int(telegram_user_id)).encode("ascii"), hashlib.sha256).hexdigest()


class Pseudonymizer:
    """Holds the key so that callers never pass it around (and never log it)."""

    __slots__ = ("_key",)

    def __init__(self, key: bytes) -> None:
        if not key:
            raise ValueError("the pseudonym key must not be empty")
        self._key = key

    def __call__(self, telegram_user_id: int) -> str:
        return pseudonym(self._key, telegram_user_id)

    def __repr__(self) -> str:
        return "Pseudonymizer(<key hidden>)"
