"""The same per-test personal store as tests/store (SQLite, or PostgreSQL when configured)."""

from tests.store.conftest import store  # noqa: F401
