"""The scaled layout on one machine: PostgreSQL, Redis, N Rasa servers, N action servers, nginx.

The same code as the embedded default, chosen by environment variables only
(`TRACKER_DB_URL`, `PERSONAL_DB_URL`, `AUDIT_DB_URL`, `LOCK_STORE_URL`,
`ACTION_SERVER_URL`, `RASA_URL`); this module sets them and starts the processes
the way scripts/stack.py does, so the tests, `make scaled-up` and production
(deploy/) share one layout.
"""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List

from scripts.scaled import nginx
from scripts.scaled.daemons import Nginx, Postgres, Redis, ensure_installed
from scripts.stack import (
    ROOT,
    VENV_BIN,
    Server,
    action_server,
    default_environment,
    rasa_server,
    stop_from_pid_files,
    wait_until_ready,
)

# Rasa's own defaults are a pool of 50 plus 100 overflow per server: far more
# connections than two cores can use, and 200 of them would exhaust PostgreSQL.
SQL_POOL_SIZE = "5"
SQL_MAX_OVERFLOW = "10"
# A conversation lock left by a server that died expires after this many seconds (Rasa's
# default is 60: the person's next messages would wait a minute). Longer than any turn
# bot/ waits for (RASA_TIMEOUT_SECONDS, 8).
LOCK_LIFETIME_SECONDS = "20"


@dataclass(frozen=True)
class Layout:
    """Where everything lives and listens."""

    base: Path
    postgres_port: int = 55432
    redis_port: int = 56379
    rasa_front: int = 5080
    action_front: int = 5090
    rasa_ports: tuple[int, ...] = (5011, 5012)
    action_ports: tuple[int, ...] = (5061, 5062)

    @classmethod
    def default(cls) -> Layout:
        return cls(base=Path(os.environ.get("SCALED_DIR", ROOT / "var" / "scaled")))


@dataclass
class ScaledStack:
    """Everything in `layout`, started in dependency order and stopped in reverse."""

    layout: Layout
    postgres: Postgres = field(init=False)
    redis: Redis = field(init=False)
    nginx: Nginx = field(init=False)
    rasa: List[Server] = field(init=False)
    actions: List[Server] = field(init=False)
    env: Dict[str, str] = field(init=False)

    def __post_init__(self) -> None:
        base = self.layout.base
        self.postgres = Postgres(base / "postgres", self.layout.postgres_port)
        self.redis = Redis(base / "redis", self.layout.redis_port)
        self.nginx = Nginx(base / "nginx")
        self.env = {}
        self.actions = [
            action_server(f"actions-{i}", str(port))
            for i, port in enumerate(self.layout.action_ports, 1)
        ]
        self.rasa = []

    @property
    def rasa_url(self) -> str:
        """The load-balanced REST channel root: what bot/ uses as RASA_URL."""
        return f"http://127.0.0.1:{self.layout.rasa_front}"

    def start_daemons(self) -> None:
        """PostgreSQL, Redis and nginx; idempotent, and the environment that points at them."""
        ensure_installed()
        self.postgres.start()
        self.redis.start()
        layout = self.layout
        self.nginx.start(nginx.render(self.nginx.base, layout.rasa_front, layout.rasa_ports,
                                      layout.action_front, layout.action_ports))
        self.env = default_environment({
            **os.environ,
            "VAR_DIR": str(layout.base),
            "RASA_URL": self.rasa_url,
            "ACTION_SERVER_URL": f"http://127.0.0.1:{layout.action_front}/webhook",
            "TRACKER_DB_URL": self.postgres.url("tracker"),
            "PERSONAL_DB_URL": self.postgres.url("personal"),
            "AUDIT_DB_URL": self.postgres.url("audit"),
            "LOCK_STORE_URL": self.redis.url(),
            "SQL_POOL_SIZE": SQL_POOL_SIZE,
            "SQL_MAX_OVERFLOW": SQL_MAX_OVERFLOW,
            "TICKET_LOCK_LIFETIME": LOCK_LIFETIME_SECONDS,
        })
        self.rasa = [
            rasa_server(f"rasa-{i}", str(port), self.env)
            for i, port in enumerate(layout.rasa_ports, 1)
        ]

    def start(self) -> ScaledStack:
        """Daemons, then every action and Rasa server; returns once all of them answer."""
        self.start_daemons()
        servers = self.actions + self.rasa
        for server in servers:
            server.start(self.env, self.layout.base / "log")
        try:
            wait_until_ready(servers, self.layout.base / "log")
        except BaseException:
            self.stop()
            raise
        return self

    def write_pids(self) -> None:
        run_dir = self.layout.base / "run"
        run_dir.mkdir(parents=True, exist_ok=True)
        for server in self.actions + self.rasa:
            assert server.process is not None
            (run_dir / f"{server.name}.pid").write_text(str(server.process.pid))

    def stop(self) -> None:
        """Servers started by this object, then the daemons."""
        for server in self.rasa + self.actions:
            server.stop()
        self.stop_daemons()

    def stop_daemons(self) -> None:
        self.nginx.stop()
        self.redis.stop()
        self.postgres.stop()


def start_bot_if_configured(stack: ScaledStack) -> subprocess.Popen | None:
    """bot/ in webhook mode when TELEGRAM_BOT_TOKEN and WEBHOOK_URL are set, else nothing."""
    if not (stack.env.get("TELEGRAM_BOT_TOKEN") and stack.env.get("WEBHOOK_URL")):
        return None
    log = open(stack.layout.base / "log" / "bot.log", "ab")
    process = subprocess.Popen([str(VENV_BIN / "python"), "-m", "bot"], cwd=ROOT, env=stack.env,
                               stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    log.close()
    (stack.layout.base / "run" / "bot.pid").write_text(str(process.pid))
    return process


def down(layout: Layout) -> None:
    """Stop what an earlier `up` left running (any process from it), then the daemons."""
    stop_from_pid_files(layout.base)
    ScaledStack(layout).stop_daemons()
