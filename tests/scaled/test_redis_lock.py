"""The conversation lock against a real Redis: two holders at once must be impossible.

Rasa's own RedisLockStore cannot promise this (two servers issuing a ticket at
the same moment both get ticket 0); `AtomicRedisLockStore` must.
"""

from __future__ import annotations

import asyncio
import shutil
import threading
from collections.abc import Iterator

import pytest
from rasa.core.lock_store import LockError, RedisLockStore
from rasa.utils.endpoints import EndpointConfig

from rasa_plugins.redis_lock import AtomicRedisLockStore
from scripts.scaled.daemons import Redis, ensure_installed
from scripts.stack import ROOT, free_port

pytestmark = pytest.mark.scaled


@pytest.fixture(scope="module")
def redis_port() -> Iterator[int]:
    ensure_installed()
    base = ROOT / "var" / "scaled-lock-test"
    server = Redis(base, free_port())
    server.start()
    yield server.port
    server.stop()
    shutil.rmtree(base, ignore_errors=True)


def two_servers(port: int) -> list[AtomicRedisLockStore]:
    """Two lock stores, as two Rasa servers would each have, on one Redis."""
    config = EndpointConfig(url="127.0.0.1", port=port, db=2, key_prefix="locktest")
    return [AtomicRedisLockStore(config), AtomicRedisLockStore(config)]


def holders_at_once(stores: list, conversation: str, turns: int = 40) -> int:
    """The most lock holders seen at the same time while turns race for one conversation.

    Each store runs in its own thread with its own event loop, as two servers would.
    """
    guard = threading.Lock()
    seen = {"holding": 0, "most": 0}

    async def turn(store: RedisLockStore) -> None:
        # A short lifetime: a lock left corrupted by the race expires instead of stalling.
        try:
            async with store.lock(conversation, lock_lifetime=2, wait_time_in_seconds=0.01):
                with guard:
                    seen["holding"] += 1
                    seen["most"] = max(seen["most"], seen["holding"])
                await asyncio.sleep(0.005)
                with guard:
                    seen["holding"] -= 1
        except LockError:
            pass  # Rasa's store gives up on some turns; the count above is what matters

    async def server(store: RedisLockStore) -> None:
        await asyncio.gather(*(turn(store) for _ in range(turns)))

    threads = [threading.Thread(target=asyncio.run, args=(server(s),)) for s in stores]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return seen["most"]


def test_only_one_server_holds_a_conversation_at_a_time(redis_port: int) -> None:
    assert holders_at_once(two_servers(redis_port), "person-a") == 1


async def test_other_conversations_do_not_wait(redis_port: int) -> None:
    first, second = two_servers(redis_port)
    async with first.lock("person-b"):
        await asyncio.wait_for(second.lock("person-c").__aenter__(), timeout=1)


def test_rasa_redis_lock_store_gives_two_servers_the_same_ticket(redis_port: int) -> None:
    """Why the project does not use Rasa's store (if this fails, Rasa fixed the race).

    Its `issue_ticket` reads the lock, adds a ticket in Python and writes it back;
    here two servers' steps interleave as they can in production.
    """
    first, second = (RedisLockStore(port=redis_port, db=3) for _ in range(2))
    seen_by_first = first.get_or_create_lock("person-d")
    seen_by_second = second.get_or_create_lock("person-d")
    ticket_one = seen_by_first.issue_ticket(60)
    first.save_lock(seen_by_first)
    ticket_two = seen_by_second.issue_ticket(60)
    second.save_lock(seen_by_second)
    assert ticket_one == ticket_two == 0
    assert not first.get_lock("person-d").is_locked(ticket_one)
    assert not second.get_lock("person-d").is_locked(ticket_two)
