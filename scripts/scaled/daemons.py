"""PostgreSQL, Redis and nginx on loopback, installed from apt when missing, data under var/.

No Docker and no systemd are assumed: each daemon is started directly with its
own data folder and port, so a CI runner, a laptop and this 2-core machine all
run the scaled layout the same way, and `stop` leaves nothing behind but data.
Every step is idempotent: starting a running daemon or creating an existing
database does nothing.
"""

from __future__ import annotations

import os
import secrets
import shutil
import signal
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

APT_PACKAGES = {"postgresql": "postgresql", "redis-server": "redis-server", "nginx": "nginx"}
DATABASES = ("tracker", "personal", "audit", "scratch")
ROLE = "companion"
READY_TIMEOUT_SECONDS = 30.0


def ensure_installed() -> None:
    """apt-get install the daemons that are missing (needs root); nothing when all are there."""
    missing = [pkg for pkg in APT_PACKAGES.values() if not _installed(pkg)]
    if not missing:
        return
    if os.geteuid() != 0:
        raise RuntimeError(f"missing {', '.join(missing)}: install them with apt-get (as root)")
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    subprocess.run(["apt-get", "update", "-qq"], check=True, env=env)
    subprocess.run(["apt-get", "install", "-y", "-qq", *missing], check=True, env=env)


def _installed(package: str) -> bool:
    if package == "postgresql":
        return _postgres_bin() is not None
    return shutil.which(package) is not None or Path("/usr/sbin", package).exists()


def _postgres_bin() -> Path | None:
    """The newest installed PostgreSQL's bin folder (Debian keeps them versioned)."""
    versions = sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"),
                      key=lambda p: int(p.parent.parent.name))
    return versions[-1].parent if versions else None


def _wait(ready: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + READY_TIMEOUT_SECONDS
    while not ready():
        if time.monotonic() > deadline:
            raise RuntimeError(f"{what} not ready after {READY_TIMEOUT_SECONDS:.0f}s")
        time.sleep(0.2)


def _pid_alive(pid_file: Path) -> int | None:
    try:
        pid = int(pid_file.read_text().split()[0])
        os.kill(pid, 0)
        return pid
    except (OSError, ValueError, IndexError):
        return None


@dataclass
class Postgres:
    """A private PostgreSQL cluster in `base`, listening on 127.0.0.1:`port`.

    The server refuses to run as root, so as root it runs as the `postgres`
    user the package created; `base` must then be reachable by that user
    (under the repository, not a 0700 temporary folder).
    """

    base: Path
    port: int

    @property
    def data(self) -> Path:
        return self.base / "data"

    @property
    def socket_dir(self) -> Path:
        return self.base / "run"

    @property
    def password_file(self) -> Path:
        return self.base / "password"

    def _as_owner(self, *command: str | Path, check: bool = True) -> subprocess.CompletedProcess:
        args = [str(part) for part in command]
        if os.geteuid() == 0:
            args = ["runuser", "-u", "postgres", "--", *args]
        return subprocess.run(args, check=check, capture_output=True, text=True)

    def _bin(self, name: str) -> Path:
        found = _postgres_bin()
        if found is None:
            raise RuntimeError("PostgreSQL is not installed (run: python -m scripts.scaled up)")
        return found / name

    def start(self) -> None:
        self.base.mkdir(parents=True, exist_ok=True)
        for folder in (self.data, self.socket_dir):
            folder.mkdir(exist_ok=True)
        if os.geteuid() == 0:
            shutil.chown(self.base, "postgres")
            for folder in (self.data, self.socket_dir):
                shutil.chown(folder, "postgres")
        self.data.chmod(0o700)
        if not (self.data / "PG_VERSION").exists():
            self._as_owner(self._bin("initdb"), "-D", self.data, "-U", "postgres", "-E", "UTF8",
                           "--auth-local=trust", "--auth-host=scram-sha-256")
        if not self.is_running():
            self._start_server()
        self._create_role_and_databases()

    def _start_server(self) -> None:
        # With -l the server's output goes to a file: without it the server would hold
        # this process's pipe open and `subprocess.run` would wait for it for ever.
        options = (f"-p {self.port} -k {self.socket_dir} -c listen_addresses=127.0.0.1 "
                   "-c max_connections=200")
        self._as_owner(self._bin("pg_ctl"), "-D", self.data, "-l", self.base / "server.log",
                       "-o", options, "-w", "-t", "30", "start")

    def is_running(self) -> bool:
        return self._as_owner(self._bin("pg_ctl"), "-D", self.data, "status",
                              check=False).returncode == 0

    def restart(self) -> None:
        """A fast restart, the fault the scaled tests inject: every connection is cut."""
        self.stop()
        self._start_server()

    def stop(self) -> None:
        if self.data.exists() and self.is_running():
            self._as_owner(self._bin("pg_ctl"), "-D", self.data, "-m", "fast", "-w", "stop")

    def _psql(self, sql: str, database: str = "postgres") -> str:
        done = self._as_owner(self._bin("psql"), "-h", self.socket_dir, "-p", str(self.port),
                              "-U", "postgres", "-d", database, "-tAc", sql)
        return done.stdout.strip()

    def _password(self) -> str:
        if not self.password_file.exists():
            self.password_file.touch(mode=0o600)
            self.password_file.write_text(secrets.token_hex(16))
        return self.password_file.read_text().strip()

    def _create_role_and_databases(self) -> None:
        password = self._password()
        if not self._psql(f"SELECT 1 FROM pg_roles WHERE rolname = '{ROLE}'"):
            self._psql(f"CREATE ROLE {ROLE} LOGIN PASSWORD '{password}'")
        for name in DATABASES:
            if not self._psql(f"SELECT 1 FROM pg_database WHERE datname = '{name}'"):
                self._psql(f"CREATE DATABASE {name} OWNER {ROLE}")

    def url(self, database: str) -> str:
        """SQLAlchemy URL of one of `DATABASES` for the application role."""
        return (f"postgresql://{ROLE}:{self._password()}@127.0.0.1:{self.port}/{database}")

    def query(self, sql: str, database: str) -> str:
        """Run SQL as the superuser and return its plain output (tests read events with it)."""
        return self._psql(sql, database)


@dataclass
class Redis:
    """A Redis server on 127.0.0.1:`port` with no persistence: it only holds locks."""

    base: Path
    port: int

    @property
    def pid_file(self) -> Path:
        return self.base / "redis.pid"

    def start(self) -> None:
        self.base.mkdir(parents=True, exist_ok=True)
        if _pid_alive(self.pid_file):
            return
        subprocess.run(
            ["redis-server", "--bind", "127.0.0.1", "--port", str(self.port),
             "--daemonize", "yes", "--pidfile", str(self.pid_file),
             "--logfile", str(self.base / "redis.log"), "--dir", str(self.base),
             "--save", "", "--appendonly", "no"],
            check=True,
        )
        _wait(lambda: _pid_alive(self.pid_file) is not None, "Redis")

    def stop(self) -> None:
        pid = _pid_alive(self.pid_file)
        if pid:
            os.kill(pid, signal.SIGTERM)
            _wait(lambda: _pid_alive(self.pid_file) is None, "Redis shutdown")

    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/1"


@dataclass
class Nginx:
    """nginx in front of the Rasa servers and the action servers (see scripts/scaled/nginx.py)."""

    base: Path

    @property
    def conf(self) -> Path:
        return self.base / "nginx.conf"

    @property
    def pid_file(self) -> Path:
        return self.base / "nginx.pid"

    def _nginx(self, *args: str) -> None:
        subprocess.run(["nginx", "-p", str(self.base), "-e", str(self.base / "error.log"),
                        "-c", str(self.conf), *args], check=True, capture_output=True)

    def start(self, config: str) -> None:
        """Write `config` and start nginx, or reload it with the new config if running."""
        for folder in ("", "tmp"):
            (self.base / folder).mkdir(parents=True, exist_ok=True)
        self.conf.write_text(config)
        self._nginx("-t")
        if _pid_alive(self.pid_file):
            self._nginx("-s", "reload")
            return
        self._nginx()
        _wait(lambda: _pid_alive(self.pid_file) is not None, "nginx")

    def stop(self) -> None:
        if _pid_alive(self.pid_file):
            self._nginx("-s", "quit")
            _wait(lambda: _pid_alive(self.pid_file) is None, "nginx shutdown")
