"""Where one Rasa server's time goes for a message: NLU parse, policy prediction, actions, tracker.

Loads the trained model in this process with the project's endpoints (tracker
store, lock store, a real action server over HTTP, as `rasa run` does), sends
messages one at a time, and times the processor's stages by wrapping them. With
`--cprofile` it also prints the functions with the most cumulative time.

With `--text`, each given message is sent `-n` times, each time as the first message
of a new conversation, and counted per message: policy predictions, actions run (and
which of them went to the action server), tracker store reads, writes and SQL
commits, and the CPU time of Rasa and of the action server.

    python -m scripts.scaled.profile_turn -n 200 [--cprofile]
    python -m scripts.scaled.profile_turn -n 30 --text "can we do a breathing exercise" \
        --text "find a group for carers in Fife"
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import functools
import inspect
import logging
import os
import pstats
import statistics
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Any, Callable, Dict, List

from scripts.scaled.load import crisis_texts, mixed_scripts
from scripts.stack import (
    ROOT,
    action_server,
    default_environment,
    free_port,
    wait_until_ready,
)

# MessageProcessor methods timed; nested ones are included in their callers' times.
STAGES = (
    "handle_message",
    "parse_message",
    "fetch_tracker_and_update_session",
    "_predict_next_with_tracker",
    "_run_action",
    "save_tracker",
)


def _timed(name: str, method: Callable, spent: Dict[str, List[float]]) -> Callable:
    if inspect.iscoroutinefunction(method):
        @functools.wraps(method)
        async def async_wrapper(*args: Any, **kwargs: Any) -> Any:
            started = time.perf_counter()
            try:
                return await method(*args, **kwargs)
            finally:
                spent[name].append((time.perf_counter() - started) * 1000)
        return async_wrapper

    @functools.wraps(method)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        started = time.perf_counter()
        try:
            return method(*args, **kwargs)
        finally:
            spent[name].append((time.perf_counter() - started) * 1000)
    return wrapper


def _cpu_ms(pid: int) -> float:
    """User + system CPU time of process `pid` so far, in ms (from /proc; 10 ms ticks)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) * 1000 / os.sysconf("SC_CLK_TCK")


class Counts:
    """What one message made Rasa do, counted by wrapping the pieces that do it."""

    def __init__(self) -> None:
        self.actions: Dict[str, int] = defaultdict(int)
        self.remote: Dict[str, int] = defaultdict(int)
        self.other: Dict[str, int] = defaultdict(int)
        self.bodies: List[Dict[str, Any]] = []

    def install(self, agent: Any) -> None:
        from rasa.core.actions.action import RemoteAction
        from rasa.core.processor import MessageProcessor
        from sqlalchemy import event

        counts = self

        def counted(cls: Any, name: str, bucket: Callable[[Any], str]) -> None:
            method = getattr(cls, name)

            @functools.wraps(method)
            async def wrapper(*args: Any, **kwargs: Any) -> Any:
                counts.other[bucket(args)] += 1
                return await method(*args, **kwargs)
            setattr(cls, name, wrapper)

        run_action = MessageProcessor._run_action

        @functools.wraps(run_action)
        async def on_action(self: Any, action: Any, *args: Any, **kwargs: Any) -> Any:
            counts.actions[action.name()] += 1
            return await run_action(self, action, *args, **kwargs)
        MessageProcessor._run_action = on_action

        # Forms call their validation and "ask" actions themselves, so count the calls.
        remote_run = RemoteAction.run

        @functools.wraps(remote_run)
        async def on_remote(self: Any, *args: Any, **kwargs: Any) -> Any:
            counts.remote[self.name()] += 1
            return await remote_run(self, *args, **kwargs)
        RemoteAction.run = on_remote

        # What the action server is sent, to replay it in this process (--profile-actions).
        call_format = RemoteAction._action_call_format

        @functools.wraps(call_format)
        def on_format(self: Any, *args: Any, **kwargs: Any) -> Any:
            body = call_format(self, *args, **kwargs)
            counts.bodies.append(body)
            return body
        RemoteAction._action_call_format = on_format

        store = agent.tracker_store
        inner = getattr(store, "_tracker_store", store)  # behind Rasa's failsafe wrapper
        counted(type(inner), "retrieve", lambda _: "tracker reads")
        counted(type(inner), "save", lambda _: "tracker writes")
        engine = getattr(inner, "engine", None)
        if engine is not None:
            event.listen(engine, "commit", lambda _conn: counts.bump("SQL commits"))
            event.listen(engine, "before_cursor_execute",
                         lambda *_a: counts.bump("SQL statements"))

    def bump(self, name: str) -> None:
        self.other[name] += 1

    def clear(self) -> None:
        self.actions.clear()
        self.remote.clear()
        self.other.clear()
        self.bodies.clear()

    def report(self, messages: int) -> None:
        def per(table: Dict[str, int]) -> str:
            return ", ".join(f"{name} {n / messages:.1f}" for name, n in sorted(table.items()))

        print(f"  actions run per msg: {sum(self.actions.values()) / messages:.1f} "
              f"({per(self.actions)})")
        print(f"  action server calls per msg: {sum(self.remote.values()) / messages:.1f} "
              f"({per(self.remote) or 'none'})")
        print(f"  tracker store per msg: {per(self.other)}")


async def _per_text(agent: Any, texts: List[str], count: int, spent: Dict[str, List[float]],
                    counts: Counts, actions_pid: int, use_cprofile: bool,
                    profile_actions: bool) -> None:
    """Each text `count` times, each the first message of a new conversation."""
    for text in texts:
        spent.clear()
        counts.clear()
        profiler = cProfile.Profile() if use_cprofile else None
        started, cpu_started = time.perf_counter(), time.process_time()
        actions_cpu = _cpu_ms(actions_pid)
        if profiler:
            profiler.enable()
        for n in range(count):
            await agent.handle_text(text, sender_id=f"profile-{n}-{time.time_ns()}")
        if profiler:
            profiler.disable()
        seconds = time.perf_counter() - started
        cpu_ms = (time.process_time() - cpu_started) * 1000 / count
        actions_ms = (_cpu_ms(actions_pid) - actions_cpu) / count
        print(f"\n{text!r}, {count} times, each a new conversation: "
              f"wall {seconds * 1000 / count:.1f} ms per message; CPU per message: "
              f"Rasa {cpu_ms:.1f} ms, action server {actions_ms:.1f} ms")
        _print_stages(spent, count)
        counts.report(count)
        if profiler:
            pstats.Stats(profiler).sort_stats("cumulative").print_stats(30)
        if profile_actions:
            await _replay_actions(counts.bodies, count, use_cprofile)


async def _replay_actions(bodies: List[Dict[str, Any]], messages: int,
                          use_cprofile: bool) -> None:
    """The action calls of those messages again, in this process, timed by action.

    What the action server itself spends on each call (its HTTP server and JSON
    decoding aside): building the Tracker, the action's own work, the answer.
    """
    import json

    from rasa_sdk.executor import ActionExecutor

    executor = ActionExecutor()
    executor.register_package("actions")
    bodies = [json.loads(json.dumps(body)) for body in bodies]  # as sent over HTTP
    for body in bodies[:len(bodies) // max(messages, 1)]:  # the first use builds caches
        await executor.run(body)
    cpu: Dict[str, float] = defaultdict(float)
    profiler = cProfile.Profile() if use_cprofile else None
    for body in bodies:
        started = time.process_time()
        if profiler:
            profiler.enable()
        await executor.run(json.loads(json.dumps(body)))
        if profiler:
            profiler.disable()
        cpu[body["next_action"]] += (time.process_time() - started) * 1000
    print("  action server work replayed in-process, CPU ms per message: " + ", ".join(
        f"{name} {ms / messages:.1f}" for name, ms in sorted(cpu.items())))
    if profiler:
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(20)


def _print_stages(spent: Dict[str, List[float]], per_message: int) -> None:
    for name in STAGES:
        values = spent[name]
        if values:
            print(f"  {name:36s} calls/msg {len(values) / per_message:4.1f}  "
                  f"mean {statistics.mean(values):6.1f} ms  "
                  f"per msg {sum(values) / per_message:6.1f} ms")


async def _profile(count: int, use_cprofile: bool, texts_given: List[str] | None = None,
                   actions_pid: int | None = None, stock: bool = False,
                   profile_actions: bool = False) -> None:
    from rasa.core.agent import load_agent
    from rasa.core.processor import MessageProcessor
    from rasa.core.utils import AvailableEndpoints
    from rasa.utils.common import configure_logging_and_warnings
    from rasa.utils.log_utils import configure_structlog
    from rasa.utils.tensorflow.environment import setup_tf_environment

    # As `rasa run` does: INFO logging (DEBUG would dominate the profile), TF threads from env.
    configure_logging_and_warnings(logging.INFO, warn_only_once=True, filter_repeated_logs=True)
    configure_structlog(logging.INFO)
    setup_tf_environment()
    if not stock:  # what scripts/rasa_private.py installs in every Rasa server we start
        from scripts.rasa_private import PLUGINS

        for plugin in PLUGINS:
            plugin.install()
    spent: Dict[str, List[float]] = defaultdict(list)
    for name in STAGES:
        setattr(MessageProcessor, name, _timed(name, getattr(MessageProcessor, name), spent))
    agent = await load_agent(
        model_path=os.environ["RASA_MODEL"],
        endpoints=AvailableEndpoints.read_endpoints(os.environ["RASA_ENDPOINTS"]),
    )
    scripts, _ = mixed_scripts(people=max(1, count // 10), messages=10, crisis_share=0.1)
    texts = [(f"profile-{p}", t) for p, ts in scripts.items() for t in ts][:count]
    for text in crisis_texts()[:5] + ["hiya"] * 5:  # warm up lazily built parts
        await agent.handle_text(text, sender_id="profile-warm")
    for n, text in enumerate(texts_given or []):  # and the parts these messages use
        await agent.handle_text(text, sender_id=f"profile-warm-{n}")
    spent.clear()
    if texts_given:
        counts = Counts()
        counts.install(agent)
        assert actions_pid is not None
        await _per_text(agent, texts_given, count, spent, counts, actions_pid, use_cprofile,
                        profile_actions)
        return
    profiler = cProfile.Profile() if use_cprofile else None
    started, cpu_started = time.perf_counter(), time.process_time()
    if profiler:
        profiler.enable()
    for sender, text in texts:
        await agent.handle_text(text, sender_id=sender)
    if profiler:
        profiler.disable()
    seconds = time.perf_counter() - started
    # CPU time of this process (all its threads): far less disturbed than wall time by
    # other work on a shared machine, and what bounds throughput when the cores are busy.
    cpu_ms = (time.process_time() - cpu_started) * 1000 / len(texts)
    print(f"{len(texts)} messages one at a time: {len(texts) / seconds:.1f} msg/s, "
          f"Rasa CPU {cpu_ms:.1f} ms per message")
    _print_stages(spent, len(texts))
    if profiler:
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-n", "--count", type=int, default=200)
    parser.add_argument("--cprofile", action="store_true")
    parser.add_argument("--text", action="append", help="profile this message alone "
                        "(repeatable): sent -n times, each as a new conversation")
    parser.add_argument("--stock", action="store_true", help="Rasa as installed, without "
                        "the project's Rasa server plugins (to compare)")
    parser.add_argument("--profile-actions", action="store_true", help="with --text: "
                        "replay the action calls in this process, CPU per action")
    parser.add_argument("--model", type=Path, default=ROOT / "models" / "companion.tar.gz")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as var_dir:
        port = str(free_port())
        env = default_environment({**os.environ, "VAR_DIR": var_dir, "ACTION_PORT": port,
                                   "ACTION_SERVER_URL": f"http://127.0.0.1:{port}/webhook"})
        env["RASA_MODEL"] = str(args.model)
        os.environ.update(env)
        actions = action_server("actions", port)
        actions.start(env, Path(var_dir) / "log")
        try:
            wait_until_ready([actions], Path(var_dir) / "log")
            assert actions.process is not None
            asyncio.run(_profile(args.count, args.cprofile, args.text, actions.process.pid,
                               args.stock, args.profile_actions))
        finally:
            actions.stop()


if __name__ == "__main__":
    main()
