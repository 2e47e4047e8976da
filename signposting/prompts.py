"""The two questions the search may ask, each at most once: what about, and where.

The topic buttons are built from the taxonomy (data/resources/topics.yml), so a
topic added there can be offered here without touching code. The question
names what is already known, so the person sees their words were heard.
"""

from __future__ import annotations

import json

from signposting.directory import load_directory
from signposting.places import Place

# The topics offered as buttons, most asked for first; the rest are typed.
BUTTON_TOPICS = ("anxiety", "depression", "loneliness", "bereavement", "alcohol", "drugs",
                 "gambling", "carers", "long_term_conditions", "general")
_SHORT = {"anxiety": "Anxiety or stress", "depression": "Low mood",
          "long_term_conditions": "Pain, conditions", "general": "Just to talk",
          "bereavement": "Grief", "carers": "Caring"}


def _button(title: str, entity: str, value: str) -> dict[str, str]:
    return {"title": title, "payload": "/find_group" + json.dumps({entity: value})}


def ask_topic(place: Place | None) -> tuple[str, list[dict[str, str]]]:
    topics = load_directory().topics
    where = f" {_where(place)}" if place else ""
    text = (f"What would you like support with{where}? Tap one, or tell me in your own words "
            "(like \"caring for my mum\" or \"money worries\").")
    buttons = [_button(_SHORT.get(t, topics[t].label.capitalize()), "support_topic", t)
               for t in BUTTON_TOPICS]
    return text, buttons


def ask_place(topic_label: str | None, near_me: bool) -> tuple[str, list[dict[str, str]]]:
    about = f" for {topic_label}" if topic_label else ""
    opening = ("I don't know where you are yet." if near_me
               else f"Whereabouts in Scotland would you like support{about}?")
    text = (f"{opening} A town, a council area or the first part of your postcode (like EH6) "
            "is plenty. You can also share your location, or pick one of these.")
    buttons = [_button("Online", "support_place", "online"),
               _button("By phone", "support_place", "phone"),
               _button("Anywhere", "support_place", "anywhere")]
    return text, buttons


def _where(place: Place) -> str:
    """ "in Fife", "online", "by phone", "anywhere in Scotland"."""
    return f"in {place.label}" if place.areas else place.label
