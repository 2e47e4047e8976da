"""Start, watch and stop the action server and the Rasa server, and run the bot.

One module does this for `make serve`, `make run`, the tests and the benchmark,
so that every one of them starts the stack the same way: same commands, same
environment defaults, same health checks.

    python -m scripts.stack start    # both servers in the background, returns once they answer
    python -m scripts.stack stop
    python -m scripts.stack run      # start if needed, then the bot in the foreground
    python -m scripts.stack prune    # one retention pass (make prune, for cron)
"""

from __future__ import annotations

import argparse
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List
from urllib.parse import urlsplit

from common.db_urls import database_url

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = ROOT / ".venv" / "bin"
START_TIMEOUT_SECONDS = float(os.environ.get("STACK_START_TIMEOUT", "240"))


# The variables that place a stack: its ports, its databases and its lock store. A
# developer's shell may carry them; a test or benchmark stack drops them so that every
# database it uses lives under its own throwaway VAR_DIR.
STACK_KEYS = (
    "RASA_PORT", "ACTION_PORT", "ACTION_SERVER_URL", "RASA_URL", "VAR_DIR",
    "TRACKER_DB_URL", "AUDIT_DB_URL", "PERSONAL_DB_URL", "REMINDERS_DB_URL", "LOCK_STORE_URL",
)


def default_environment(base: Dict[str, str] | None = None) -> Dict[str, str]:
    """The environment every process gets: safe defaults, overridable from outside."""
    env = dict(os.environ if base is None else base)
    env.setdefault("RASA_PORT", "5005")
    env.setdefault("ACTION_PORT", "5055")
    env.setdefault("ACTION_SERVER_URL", f"http://127.0.0.1:{env['ACTION_PORT']}/webhook")
    env.setdefault("RASA_URL", f"http://127.0.0.1:{env['RASA_PORT']}")
    env.setdefault("VAR_DIR", str(ROOT / "var"))
    env.setdefault("TRACKER_DB_URL", database_url("TRACKER_DB_URL", "tracker.db", env))
    env.setdefault("AUDIT_DB_URL", database_url("AUDIT_DB_URL", "audit.db", env))
    env.setdefault("RASA_ENDPOINTS", "endpoints.yml")
    env.setdefault("RASA_MODEL", "models")
    # rasa-sdk listens on every interface unless told otherwise; the action server is
    # reached only by Rasa on this machine.
    env.setdefault("SANIC_HOST", "127.0.0.1")
    lock_store_environment(env)
    # One TensorFlow and BLAS thread per server: a message is small matrix work, so
    # thread pools only add hand-offs, and several servers share few cores
    # (profiled: NLU parse 38 -> 23 ms per message on this 2-core machine).
    env.setdefault("TF_INTRA_OP_PARALLELISM_THREADS", "1")
    env.setdefault("TF_INTER_OP_PARALLELISM_THREADS", "1")
    env.setdefault("OMP_NUM_THREADS", "1")
    # Quiet, and no usage data sent anywhere.
    env.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    env.setdefault("SQLALCHEMY_SILENCE_UBER_WARNING", "1")
    env.setdefault("RASA_TELEMETRY_ENABLED", "false")
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    return env


def free_port() -> int:
    """A loopback port nothing listens on right now (tests, profiling)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# Rasa's own RedisLockStore lets two servers hold one conversation's lock (see the module).
REDIS_LOCK_STORE = "rasa_plugins.redis_lock.AtomicRedisLockStore"


def lock_store_environment(env: Dict[str, str]) -> None:
    """Fill the lock store variables endpoints.yml reads: in memory unless Redis is named.

    One Rasa server needs no shared lock. Several serving the same people do, or
    two messages from one person can be handled at once on two servers and one
    answer is lost: `LOCK_STORE_URL=redis://host:port/db` then selects Redis.
    """
    url = env.get("LOCK_STORE_URL", "")
    if url:
        parts = urlsplit(url)
        if parts.scheme != "redis" or not parts.hostname:
            raise ValueError("LOCK_STORE_URL must look like redis://host:port/db")
        env.setdefault("LOCK_STORE_TYPE", REDIS_LOCK_STORE)
        env.setdefault("REDIS_HOST", parts.hostname)
        env.setdefault("REDIS_PORT", str(parts.port or 6379))
        env.setdefault("REDIS_DB", parts.path.strip("/") or "1")
    env.setdefault("LOCK_STORE_TYPE", "in_memory")
    env.setdefault("REDIS_HOST", "127.0.0.1")
    env.setdefault("REDIS_PORT", "6379")
    env.setdefault("REDIS_DB", "1")


@dataclass
class Server:
    """One background server: how to start it and how to tell that it is ready."""

    name: str
    command: List[str]
    health_url: str
    process: subprocess.Popen | None = field(default=None, repr=False)

    def start(self, env: Dict[str, str], log_dir: Path) -> None:
        log_dir.mkdir(parents=True, exist_ok=True)
        log = open(log_dir / f"{self.name}.log", "ab")
        self.process = subprocess.Popen(
            self.command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        log.close()

    def is_ready(self) -> bool:
        try:
            with urllib.request.urlopen(self.health_url, timeout=2) as response:
                body = response.read().decode()
        except (urllib.error.URLError, OSError):
            return False
        # Rasa answers /status before a model is loaded; "model_file": null then.
        return '"model_file":null' not in body.replace(" ", "")

    def stop(self, timeout: float = 20) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()


def action_server(name: str, port: str) -> Server:
    """An action server (rasa-sdk) on loopback `port`."""
    return Server(
        name,
        [str(VENV_BIN / "python"), "-m", "scripts.actions_private", "--actions", "actions",
         "--port", port],
        f"http://127.0.0.1:{port}/health",
    )


def rasa_server(name: str, port: str, env: Dict[str, str]) -> Server:
    """A Rasa server with the REST channel on loopback `port`, model and endpoints from `env`."""
    return Server(
        name,
        # Through scripts.rasa_private: the same `rasa run`, but no message text in its logs.
        [str(VENV_BIN / "python"), "-m", "scripts.rasa_private", "run", "--enable-api",
         "--interface", "127.0.0.1",
         "--port", port, "--model", env["RASA_MODEL"],
         "--endpoints", env["RASA_ENDPOINTS"], "--credentials", "credentials.yml"],
        f"http://127.0.0.1:{port}/status",
    )


def wait_until_ready(
    servers: List[Server], log_dir: Path, timeout: float = START_TIMEOUT_SECONDS
) -> None:
    """Return once every server answers; RuntimeError if one exits or the time runs out."""
    deadline = time.monotonic() + timeout
    waiting = list(servers)
    while waiting:
        for server in list(waiting):
            if server.process is not None and server.process.poll() is not None:
                raise RuntimeError(
                    f"{server.name} exited with {server.process.returncode}; "
                    f"see {log_dir / (server.name + '.log')}"
                )
            if server.is_ready():
                waiting.remove(server)
        if waiting and time.monotonic() > deadline:
            names = ", ".join(s.name for s in waiting)
            raise RuntimeError(f"{names} not ready after {timeout:.0f}s")
        time.sleep(0.5)


class Stack:
    """The action server and the Rasa server, started together and stopped together."""

    def __init__(self, env: Dict[str, str] | None = None) -> None:
        self.env = default_environment(env)
        self.var_dir = Path(self.env["VAR_DIR"])
        self.rasa_url = self.env["RASA_URL"]
        self.actions = action_server("actions", self.env["ACTION_PORT"])
        self.rasa = rasa_server("rasa", self.env["RASA_PORT"], self.env)
        self.servers = [self.actions, self.rasa]

    def start(self) -> Stack:
        self.var_dir.mkdir(parents=True, exist_ok=True)
        for server in self.servers:
            server.start(self.env, self.var_dir / "log")
        self.wait_until_ready()
        return self

    def wait_until_ready(self, timeout: float = START_TIMEOUT_SECONDS) -> None:
        try:
            wait_until_ready(self.servers, self.var_dir / "log", timeout)
        except RuntimeError:
            self.stop()
            raise

    def stop(self) -> None:
        for server in reversed(self.servers):
            server.stop()

    def write_pids(self) -> None:
        run_dir = self.var_dir / "run"
        run_dir.mkdir(parents=True, exist_ok=True)
        for server in self.servers:
            assert server.process is not None
            (run_dir / f"{server.name}.pid").write_text(str(server.process.pid))


def stop_from_pid_files(var_dir: Path) -> None:
    """Stop servers that an earlier `start` left running in the background."""
    for pid_file in sorted((var_dir / "run").glob("*.pid")):
        try:
            os.killpg(int(pid_file.read_text()), signal.SIGTERM)
            print(f"stopped {pid_file.stem}")
        except (ProcessLookupError, ValueError):
            pass
        pid_file.unlink()


def ensure_pseudonym_key(env: Dict[str, str], var_dir: Path) -> None:
    """Give the bot a stable secret key when none is configured.

    The key turns Telegram ids into pseudonyms; it must stay the same across
    restarts (or everyone's history is orphaned) and must never be in the repo,
    so the first run makes one under var/, readable by this user only.
    """
    if env.get("PSEUDONYM_KEY"):
        return
    key_file = var_dir / "pseudonym.key"
    if not key_file.exists():
        var_dir.mkdir(parents=True, exist_ok=True)
        key_file.touch(mode=0o600)
        key_file.write_text(secrets.token_hex(32))
    env["PSEUDONYM_KEY"] = key_file.read_text().strip()


def main(argv: List[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("command", choices=["start", "stop", "run", "prune"])
    args = parser.parse_args(argv)
    stack = Stack()
    if args.command == "prune":
        # The same environment and key as `run`, so the same stores and pseudonyms.
        ensure_pseudonym_key(stack.env, stack.var_dir)
        return subprocess.call([str(VENV_BIN / "python"), "-m", "bot.retention"], cwd=ROOT,
                               env=stack.env)
    if args.command == "stop":
        stop_from_pid_files(stack.var_dir)
        return 0
    if args.command == "start":
        stop_from_pid_files(stack.var_dir)
        stack.start()
        stack.write_pids()
        print(f"Rasa at {stack.rasa_url}, actions on port {stack.env['ACTION_PORT']}. "
              "Stop with: make stop")
        return 0
    stop_from_pid_files(stack.var_dir)
    print("Starting the action server and Rasa (about a minute)...", flush=True)
    stack.start()
    ensure_pseudonym_key(stack.env, stack.var_dir)
    try:
        return subprocess.call([str(VENV_BIN / "python"), "-m", "bot"], cwd=ROOT, env=stack.env)
    except KeyboardInterrupt:
        return 130
    finally:
        stack.stop()


if __name__ == "__main__":
    sys.exit(main())
