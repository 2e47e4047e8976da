"""Long button payloads travel as short tokens and come back intact."""

from __future__ import annotations

import pytest

from bot.payloads import (
    CALLBACK_DATA_LIMIT,
    PayloadTokens,
    RecentKeys,
    callback_data_for,
    token_for,
)

LONG = '/choose_group{"group_id": "peer-support-edinburgh-north-wednesday-evening"}'


def test_short_payloads_are_used_as_they_are() -> None:
    tokens = PayloadTokens()
    assert tokens.remember("/share_low_mood") == "/share_low_mood"
    assert tokens.resolve("/share_low_mood") == "/share_low_mood"
    assert len(tokens) == 0


def test_long_payload_round_trips_through_a_stable_short_token() -> None:
    tokens = PayloadTokens()
    data = tokens.remember(LONG)
    assert data == token_for(LONG) == callback_data_for(LONG)
    assert len(data.encode()) <= CALLBACK_DATA_LIMIT
    assert tokens.resolve(data) == LONG


def test_forgotten_tokens_resolve_to_none() -> None:
    assert PayloadTokens().resolve(token_for(LONG)) is None


def test_memory_is_bounded_and_forgets_the_least_recently_used() -> None:
    tokens = PayloadTokens(capacity=2)
    a, b, c = (tokens.remember(LONG + str(i)) for i in range(3))
    assert len(tokens) == 2
    assert tokens.resolve(a) is None
    assert tokens.resolve(b) == LONG + "1" and tokens.resolve(c) == LONG + "2"
    tokens.resolve(b)  # b is now the most recently used
    tokens.remember(LONG + "3")
    assert tokens.resolve(b) is not None and tokens.resolve(c) is None


def test_recent_keys_say_first_time_once() -> None:
    seen = RecentKeys(capacity=2)
    assert seen.first_time((1, 10)) and not seen.first_time((1, 10))
    seen.first_time((1, 11))
    seen.first_time((1, 12))
    assert seen.first_time((1, 10))  # forgotten: capacity is 2


@pytest.mark.parametrize("factory", [lambda: PayloadTokens(0), lambda: RecentKeys(0)])
def test_capacity_must_be_positive(factory) -> None:
    with pytest.raises(ValueError):
        factory()
