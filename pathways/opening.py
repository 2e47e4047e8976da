"""What a person reads when they open a pathway with /start <code>.

The recommending service's welcome line, then its own contact if it has one,
always as well as, never instead of, the crisis contacts (which the ordinary
welcome already names and /sos gives at any time).
"""

from __future__ import annotations

from pathways.model import Pathway

# A phone's keyboard stays short: the pathway's best few exercises, then the ways on.
MAX_EXERCISE_BUTTONS = 3
BESIDE_CRISIS = ("That's as well as, never instead of, the crisis contacts: "
                 "type /sos at any time for people you can talk to now.")


def opening_text(pathway: Pathway) -> str:
    """The welcome line, the service's contact if any, and what to tap."""
    parts = [pathway.welcome]
    contact = pathway.contact
    if contact is not None:
        ways = " or ".join(w for w in (contact.phone and f"call {contact.phone}",
                                       contact.url) if w)
        parts.append(f"{contact.name}: {ways}. {contact.hours}. {BESIDE_CRISIS}")
    parts.append("You could start with one of these, look for groups and services, "
                 "or see everything on the menu.")
    return "\n\n".join(parts)


def suggested_exercises(pathway: Pathway) -> tuple[str, ...]:
    return pathway.exercises[:MAX_EXERCISE_BUTTONS]
