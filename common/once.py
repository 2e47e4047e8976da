"""Work done once per process (per argument), even when two threads ask for it first.

The action server runs store work in worker threads. With `functools.cache`, two threads
that miss at the same moment both do the work: two engines for one database, and two
`CREATE TABLE`s racing, the second of which fails and costs a person their answer.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable
from functools import wraps
from typing import Generic, TypeVar

T = TypeVar("T")


class Once(Generic[T]):
    """`Once(make)(*key)` runs `make(*key)` the first time, and returns that result after."""

    def __init__(self, make: Callable[..., T]) -> None:
        self.__wrapped__ = make
        self._lock = threading.Lock()
        self._made: dict[tuple[Hashable, ...], T] = {}
        wraps(make)(self)

    def __call__(self, *key: Hashable) -> T:
        try:
            return self._made[key]
        except KeyError:
            pass
        with self._lock:
            if key not in self._made:
                self._made[key] = self.__wrapped__(*key)
            return self._made[key]

    def cache_clear(self) -> None:
        """Forget what was made (tests point the settings elsewhere, then ask again)."""
        with self._lock:
            self._made.clear()


def once(make: Callable[..., T]) -> Once[T]:
    """Decorator form of `Once`."""
    return Once(make)
