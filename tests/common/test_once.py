"""Made once, even when two threads ask first at the same moment."""

import threading
from concurrent.futures import ThreadPoolExecutor

from common.once import once


def test_two_threads_asking_first_share_one_result() -> None:
    both_asking = threading.Barrier(2)
    made: list[object] = []

    @once
    def engine(url: str) -> object:
        made.append(url)
        return object()

    def ask() -> object:
        both_asking.wait()
        return engine("sqlite:///x.db")

    with ThreadPoolExecutor(2) as pool:
        first, second = pool.map(lambda _: ask(), range(2))
    assert first is second and made == ["sqlite:///x.db"]


def test_one_result_per_key_and_forgotten_on_request() -> None:
    calls: list[str] = []

    @once
    def make(key: str) -> str:
        calls.append(key)
        return key.upper()

    assert (make("a"), make("a"), make("b")) == ("A", "A", "B")
    make.cache_clear()
    assert make("a") == "A" and calls == ["a", "b", "a"]
