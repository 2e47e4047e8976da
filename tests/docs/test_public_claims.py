"""What the companion says about itself must match what it is (hazard log H6 and H8)."""

from __future__ import annotations

from tests.support.domain_files import responses


def texts(name: str) -> str:
    return " ".join(variant.get("text", "") for variant in responses()[name])


def test_the_welcome_says_it_is_a_program_not_a_person_and_not_an_emergency_service():
    welcome = texts("utter_welcome").lower()
    assert "not a person" in welcome and "not an emergency service" in welcome
    assert "999" in welcome


def test_no_answer_claims_that_no_one_can_read_the_chat():
    for name in responses():
        assert "no one reads our chat" not in texts(name).lower(), name
