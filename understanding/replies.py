"""Answers whose facts come from data, not from domain.yml."""

from __future__ import annotations

from functools import cache

from safety.contacts import load_contacts

NHS24, EMERGENCY = "nhs24_111", "emergency_999"


def _number(contact_id: str) -> str:
    return load_contacts().get(contact_id).channel("call").value


@cache
def physical_symptom() -> str:
    """For a physical symptom: NHS 24, a pharmacist or the GP, and 999 in an emergency."""
    return (
        "I'm sorry you're not feeling well. I can't give medical advice, but these can:\n"
        "- a pharmacist, for advice on minor illnesses and medicines, no appointment needed\n"
        "- your GP practice, if it's not getting better\n"
        f"- NHS 24 on {_number(NHS24)}, day or night, when your GP is closed or you're not sure "
        "what to do\n"
        "If it's an emergency, like chest pain, trouble breathing or a bad injury, "
        f"call {_number(EMERGENCY)}."
    )
