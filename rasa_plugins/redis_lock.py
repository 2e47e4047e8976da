"""A Redis lock store whose lock really excludes: one message per conversation at a time.

Rasa's own `RedisLockStore` issues tickets by reading the lock from Redis,
changing it in Python and writing it back. Two Rasa servers taking a message
for the same person at the same moment both read "no lock", both write ticket
0, and both go ahead; the second tracker save then drops the first message's
events (tests/scaled caught it: one of two messages sent together was missing
from the tracker store). Here the lock is a single Redis key set with
`SET NX PX` (redis-py's `Lock`), which only one server can hold, released by
its owner's token only, and expiring if its holder dies.

endpoints.yml selects it with `type: rasa_plugins.redis_lock.AtomicRedisLockStore`
(scripts/stack.py does when `LOCK_STORE_URL` is set).
"""

from __future__ import annotations

import asyncio
import logging
from contextlib import asynccontextmanager
from typing import AsyncIterator

from rasa.core.lock import TicketLock
from rasa.core.lock_store import LOCK_LIFETIME, LockError, RedisLockStore
from rasa.utils.endpoints import EndpointConfig
from redis.exceptions import LockError as RedisLockError

_LOGGER = logging.getLogger(__name__)

# Waiting for a lock: short polls, because a message's turn takes tens of milliseconds
# (Rasa's own store waits a whole second between tries).
POLL_SECONDS = 0.02
# A wait longer than this is logged (how long, never whose conversation): a turn that
# waits this long for the one before it is a sign of trouble worth seeing in the logs.
SLOW_WAIT_SECONDS = 2.0


class AtomicRedisLockStore(RedisLockStore):
    """`RedisLockStore`'s connection and settings, with an atomic mutual-exclusion lock."""

    def __init__(self, endpoint_config: EndpointConfig) -> None:
        super().__init__(host=endpoint_config.url, **endpoint_config.kwargs)

    def _mutex_key(self, conversation_id: str) -> str:
        return f"{self.key_prefix}{conversation_id}:mutex"

    @asynccontextmanager
    async def lock(
        self,
        conversation_id: str,
        lock_lifetime: float = LOCK_LIFETIME,
        wait_time_in_seconds: float = POLL_SECONDS,
    ) -> AsyncIterator[TicketLock]:
        """Hold the conversation's lock for the block; wait (without blocking others) for it.

        A holder that dies leaves the lock to expire after `lock_lifetime` seconds,
        which is also the longest anyone waits before a `LockError`.
        """
        mutex = self.red.lock(self._mutex_key(conversation_id), timeout=lock_lifetime)
        loop = asyncio.get_running_loop()
        started = loop.time()
        deadline = started + lock_lifetime
        while not mutex.acquire(blocking=False):
            if loop.time() > deadline:
                # Rasa logs this error with the failed turn: no conversation id in it.
                _LOGGER.error("conversation lock not acquired after %.1f s", loop.time() - started)
                raise LockError("Could not acquire the conversation lock in time.")
            await asyncio.sleep(min(wait_time_in_seconds, POLL_SECONDS))
        waited = loop.time() - started
        if waited > SLOW_WAIT_SECONDS:
            _LOGGER.warning("conversation lock acquired after waiting %.1f s", waited)
        try:
            yield TicketLock(conversation_id)
        finally:
            try:
                mutex.release()
            except RedisLockError:
                # It expired while held (a turn longer than the lifetime): nothing to release.
                _LOGGER.warning("conversation lock expired before it was released")
