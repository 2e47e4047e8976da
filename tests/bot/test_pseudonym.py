"""Pseudonyms: stable per person, different per key, and never the Telegram id itself."""

from __future__ import annotations

import hashlib
import hmac

import pytest

from bot.pseudonym import CONSOLE_USER_ID, Pseudonymizer, pseudonym

KEY = b"0123456789abcdef0123456789abcdef"


def test_is_hmac_sha256_of_the_decimal_id() -> None:
    expected = hmac.new(KEY, b"123456789", hashlib.sha256).hexdigest()
    assert pseudonym(KEY, 123456789) == expected


@pytest.mark.parametrize("user_id", [1, 42, 123456789, 7_000_000_000])
def test_is_64_hex_characters(user_id: int) -> None:
    value = pseudonym(KEY, user_id)
    assert len(value) == 64 and all(c in "0123456789abcdef" for c in value)


def test_stable_per_person_distinct_between_people_and_keys() -> None:
    assert pseudonym(KEY, 42) == pseudonym(KEY, 42)
    assert pseudonym(KEY, 42) != pseudonym(KEY, 43)
    assert pseudonym(KEY, 42) != pseudonym(b"another-key-0123456789abcdef", 42)


def test_not_a_plain_hash() -> None:
    assert pseudonym(KEY, 42) != hashlib.sha256(b"42").hexdigest()


def test_pseudonymizer_hides_its_key() -> None:
    make = Pseudonymizer(KEY)
    assert make(42) == pseudonym(KEY, 42)
    assert KEY.decode() not in repr(make)


@pytest.mark.parametrize("factory", [lambda: pseudonym(b"", 1), lambda: Pseudonymizer(b"")])
def test_empty_key_is_refused(factory) -> None:
    with pytest.raises(ValueError):
        factory()


def test_console_user_never_collides_with_a_telegram_user() -> None:
    assert CONSOLE_USER_ID <= 0
