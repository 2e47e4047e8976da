"""Where one Rasa server's time goes for a message: NLU parse, policy prediction, actions, tracker.

Loads the trained model in this process with the project's endpoints (tracker
store, lock store, a real action server over HTTP, as `rasa run` does), sends
messages one at a time, and times the processor's stages by wrapping them. With
`--cprofile` it also prints the functions with the most cumulative time.

    python -m scripts.scaled.profile_turn -n 200 [--cprofile]
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


async def _profile(count: int, use_cprofile: bool) -> None:
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
    spent.clear()
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
    per_message = len(texts)
    for name in STAGES:
        values = spent[name]
        if values:
            print(f"  {name:36s} calls/msg {len(values) / per_message:4.1f}  "
                  f"mean {statistics.mean(values):6.1f} ms  "
                  f"per msg {sum(values) / per_message:6.1f} ms")
    if profiler:
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-n", "--count", type=int, default=200)
    parser.add_argument("--cprofile", action="store_true")
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
            asyncio.run(_profile(args.count, args.cprofile))
        finally:
            actions.stop()


if __name__ == "__main__":
    main()
