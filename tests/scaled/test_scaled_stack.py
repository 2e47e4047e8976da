"""Scaled mode under load and faults: two Rasa servers behind nginx, one PostgreSQL, one Redis.

People talk through bot/'s Rasa client and fail-safe (scripts/scaled/load.py).
nginx spreads their messages round robin, so one person's conversation moves
between the servers; the shared tracker store and lock store must make that
invisible. Each check reads the tracker events PostgreSQL actually holds.
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import time
from collections import defaultdict
from typing import Dict, List

import pytest
from sqlalchemy import create_engine, text

from scripts.scaled.load import LoadRun, Turn, mixed_scripts
from scripts.scaled.stack import ScaledStack

pytestmark = pytest.mark.scaled


def stored_events(stack: ScaledStack, prefix: str) -> Dict[str, List[dict]]:
    """user and bot events in the PostgreSQL tracker store, per sender, in stored order."""
    engine = create_engine(stack.env["TRACKER_DB_URL"], future=True)
    query = text(
        "SELECT sender_id, type_name, data FROM events "
        "WHERE sender_id LIKE :prefix AND type_name IN ('user', 'bot') ORDER BY id"
    )
    events: Dict[str, List[dict]] = defaultdict(list)
    with engine.connect() as connection:
        for sender, kind, data in connection.execute(query, {"prefix": f"{prefix}-%"}):
            events[sender].append({"kind": kind, "text": json.loads(data).get("text")})
    engine.dispose()
    return events


def replies_per_message(events: List[dict]) -> List[int]:
    """How many bot messages follow each user message before the next one."""
    counts: List[int] = []
    for event in events:
        if event["kind"] == "user":
            counts.append(0)
        elif counts:
            counts[-1] += 1
    return counts


def not_by_rasa(turns: List[Turn]) -> List[str]:
    """What happened to each turn Rasa did not answer: position, time, HTTP exchanges (no text).

    Match them with var/scaled-test-logs/ (nginx's failed-rasa.log, the Rasa and
    action servers' logs) by time and upstream.
    """
    return [
        f"person {turn.person} message {turn.index}: {turn.millis:.0f} ms, exchanges "
        + ", ".join(f"status={e.status} upstream={e.upstream} replies={e.replies}"
                    for e in turn.exchanges)
        for turn in turns if not turn.by_rasa
    ]


async def answered(run: LoadRun, turns: int) -> None:
    """Wait until `turns` messages of `run` are answered: progress, not wall-clock time.

    A fault injected "after 3 seconds" lands at a different point of the run on a
    busy machine than on an idle one; after N answered turns it lands at the same one.
    """
    while len(run.turns) < turns:
        await asyncio.sleep(0.01)


def assert_crisis_answered(turns: List[Turn]) -> None:
    """Every crisis message got the crisis answer, from Rasa or from the fail-safe."""
    for turn in turns:
        if turn.crisis:
            assert any("999" in part for part in turn.answer), turn.text


async def test_every_message_answered_once_in_order_and_nothing_lost(
    scaled: ScaledStack,
) -> None:
    scripts, crisis = mixed_scripts(people=100, messages=10, crisis_share=0.1)
    # 100 people online, 20 messages in flight at once (bot/'s connection pool in
    # production); a generous timeout: this proves correctness on a possibly busy CI machine.
    run = await LoadRun(
        scaled.rasa_url, scripts, prefix="steady", crisis=crisis, in_flight=20,
        timeout_seconds=50,
    ).run()
    print("\n100 people, 1000 messages, two Rasa servers:", run.summary())

    assert len(run.turns) == 1000
    assert not_by_rasa(run.turns) == [], "every message answered by Rasa"
    assert all(len(turn.exchanges) == 1 for turn in run.turns), "each message sent once"
    assert_crisis_answered(run.turns)
    upstreams = defaultdict(set)
    for turn in run.turns:
        upstreams[turn.person].add(turn.exchanges[0].upstream)
    assert len({u for used in upstreams.values() for u in used}) == 2
    both = sum(len(used) == 2 for used in upstreams.values())
    assert both >= 90, f"only {both} people had messages on both servers"

    stored = stored_events(scaled, "steady")
    for person, texts in scripts.items():
        events = stored[f"steady-{person}"]
        said = [event["text"] for event in events if event["kind"] == "user"]
        assert said == texts, f"person {person}: messages lost, repeated or out of order"
        turns = [turn for turn in run.turns if turn.person == person]
        # The REST channel may split one bot event into two messages (text, then image).
        stored_replies = replies_per_message(events)
        got_replies = [t.exchanges[0].replies for t in turns]
        pairs = zip(stored_replies, got_replies, strict=True)
        assert all(0 < kept <= got for kept, got in pairs), f"person {person}: replies lost"


async def test_two_messages_at_once_from_one_person_are_both_kept(scaled: ScaledStack) -> None:
    """Sent together, they reach both servers at once; the Redis lock serialises them.

    With a lock per server (in memory), both servers would read the same tracker
    and the second save would drop the first message's events.
    """
    people = range(1, 21)
    first = await LoadRun(
        scaled.rasa_url, {p: ["hiya"] for p in people}, prefix="pair"
    ).run()
    assert all(turn.by_rasa for turn in first.turns)

    async def both_at_once(person: int) -> tuple[LoadRun, LoadRun]:
        one = LoadRun(scaled.rasa_url, {person: ["im feeling pretty low today"]}, prefix="pair")
        two = LoadRun(scaled.rasa_url, {person: ["what can you do"]}, prefix="pair")
        await asyncio.gather(one.run(), two.run())
        return one, two

    pairs = await asyncio.gather(*(both_at_once(p) for p in people))
    for one, two in pairs:
        assert one.turns[0].by_rasa and two.turns[0].by_rasa
    stored = stored_events(scaled, "pair")
    for person in people:
        said = [e["text"] for e in stored[f"pair-{person}"] if e["kind"] == "user"]
        assert said[0] == "hiya"
        assert sorted(said[1:]) == ["im feeling pretty low today", "what can you do"]
        assert all(count > 0 for count in replies_per_message(stored[f"pair-{person}"]))


async def test_postgres_restart_mid_run_recovers_by_itself(scaled: ScaledStack) -> None:
    scripts, crisis = mixed_scripts(people=20, messages=15, crisis_share=0.2, seed=3)
    restarted = {}
    load = LoadRun(
        scaled.rasa_url, scripts, prefix="pgrestart", crisis=crisis, in_flight=10,
        timeout_seconds=30,
    )

    async def restart_postgres() -> None:
        await answered(load, 60)  # of 300: well under way, most of the run still to come
        await asyncio.to_thread(scaled.postgres.restart)
        restarted["at"] = time.perf_counter()

    run = await load.run(during=restart_postgres)
    print("\nPostgreSQL restarted mid-run:", run.summary())

    assert all(turn.answer for turn in run.turns), "every message got an answer"
    assert_crisis_answered(run.turns)
    later = [turn for turn in run.turns if turn.started > restarted["at"] + 1]
    assert len(later) >= 40, "the run went on long enough after the restart to tell"
    assert all(turn.by_rasa for turn in later), "Rasa answers again without anyone acting"


async def test_killed_rasa_server_the_other_carries_on(scaled: ScaledStack) -> None:
    """The first message of everyone is crisis language, all in flight when a server dies."""
    scripts, crisis = mixed_scripts(people=30, messages=8, crisis_share=0.1, seed=4)
    crisis_first = sorted(crisis)
    for person, texts in scripts.items():
        texts[0] = crisis_first[person % len(crisis_first)]
    victim = scaled.rasa[0]
    killed = {}
    load = LoadRun(
        scaled.rasa_url, scripts, prefix="kill", crisis=crisis, in_flight=15,
        timeout_seconds=45,
    )

    async def kill_one() -> None:
        # The first 30 messages are all crisis language and 15 are in flight at once: once
        # the first is answered, the next 15 are on their way, about half on the victim.
        await answered(load, 1)
        assert victim.process is not None
        os.killpg(victim.process.pid, signal.SIGKILL)
        killed["at"] = time.perf_counter()

    # Timeouts above the default 8 s: a person whose message died with the server waits
    # for its conversation lock to expire (TICKET_LOCK_LIFETIME, 20 s), and on a busy
    # machine one server's queue is slow; this test is about lost messages, not speed.
    run = await load.run(during=kill_one)
    victim.process.wait()
    print("\nOne of two Rasa servers killed mid-run:", run.summary())

    assert all(turn.answer for turn in run.turns), "every message got an answer"
    assert_crisis_answered(run.turns)
    caught = [turn for turn in run.turns if not turn.by_rasa]
    assert any(turn.crisis for turn in caught), "crisis messages in flight on the killed server"
    later = [turn for turn in run.turns if turn.started > killed["at"] + 0.5]
    assert len(later) >= 100
    assert all(turn.by_rasa for turn in later), "the surviving server answers everything after"
    # X-Upstream lists every server nginx tried, the one that answered last.
    victim_port = victim.health_url.split(":")[2].split("/")[0]
    answered_by = {turn.exchanges[-1].upstream.split(",")[-1].strip() for turn in later}
    assert answered_by and not any(addr.endswith(f":{victim_port}") for addr in answered_by)
