"""The staying-well plan: its sections, how it reads back, the file to share, the crisis extras.

The sections follow the idea of wellness recovery action planning, described in plain words
(the name "WRAP" is a trademark, so the bot calls this a staying-well plan).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from store import plans

if TYPE_CHECKING:
    from safety.crisis_reply import PersonalPlan
    from store.db import PersonalStore

# A slot value meaning "the person chose to skip this section" (never stored).
SKIPPED = "(skipped)"
MAX_SECTION_CHARS = 1000

# Facts from the Mental Health (Care and Treatment) (Scotland) Act 2003, ss. 275-276.
ADVANCE_STATEMENT_NOTE = (
    "In Scotland you can also make an Advance Statement: written down and witnessed while "
    "you're well, it says how you'd like to be treated if you become unwell. If a doctor or "
    "tribunal goes against it, the reasons are reported to the Mental Welfare Commission, "
    "which keeps a register of statements."
)


@dataclass(frozen=True)
class Section:
    key: str  # also the slot name without its "plan_" prefix
    title: str  # how it is headed when the plan is shown
    words: tuple[str, ...]  # what people call it when they ask to change it

    @property
    def slot(self) -> str:
        return f"plan_{self.key}"


SECTIONS: tuple[Section, ...] = (
    Section("well", "When I'm well, I'm like this", ("well", "like when", "myself")),
    Section("daily", "What I do every day to stay well", ("daily", "every day", "routine")),
    Section("triggers", "Things that can knock me off balance",
            ("trigger", "knock", "balance", "set me off", "upset")),
    Section("warning_signs", "Early warning signs", ("warning", "sign", "early")),
    Section("what_helps", "What helps when things get harder",
            ("help", "harder", "bad day", "coping")),
    Section("contacts", "Who I can contact, and how", ("contact", "who", "people", "number")),
    Section("crisis", "What I'd like to happen in a crisis",
            ("crisis", "emergency", "advance")),
)
BY_KEY = {section.key: section for section in SECTIONS}
SLOTS = tuple(section.slot for section in SECTIONS)


def section_for_slot(slot: str) -> Section:
    return BY_KEY[slot.removeprefix("plan_")]


def section_from_text(text: str) -> Section | None:
    """Which section "change my warning signs" is about, or None if it does not say."""
    lowered = text.lower()
    found = [s for s in SECTIONS if any(word in lowered for word in s.words)]
    return found[0] if len(found) == 1 else None


def tidy_answer(text: str) -> str:
    """The person's words with stray spaces gone and a sensible length kept."""
    lines = [" ".join(line.split()) for line in text.strip().splitlines()]
    return "\n".join(line for line in lines if line)[:MAX_SECTION_CHARS]


def load(store: PersonalStore, person: str) -> dict[str, str]:
    """Section key -> text, only for the sections written."""
    return plans.plan_sections(store, person)


def save(store: PersonalStore, person: str, key: str, text: str, at: datetime) -> None:
    plans.save_section(store, person, BY_KEY[key].key, tidy_answer(text), at)


def render(plan: dict[str, str]) -> str:
    """The plan as short headed sections for a phone screen; unwritten sections are left out."""
    parts = [f"{s.title}:\n{plan[s.key]}" for s in SECTIONS if plan.get(s.key)]
    return "\n\n".join(parts)


def missing(plan: dict[str, str]) -> list[Section]:
    return [s for s in SECTIONS if not plan.get(s.key)]


def document(plan: dict[str, str], at: datetime) -> dict[str, str]:
    """The plan as a plain-text file (name and text), dated, to keep or share."""
    heading = f"My staying-well plan (updated {at:%d %B %Y})"
    body = "\n\n".join(
        f"{s.title}\n{'-' * len(s.title)}\n{plan.get(s.key) or '(not written yet)'}"
        for s in SECTIONS
    )
    footer = ADVANCE_STATEMENT_NOTE if plan.get("crisis") else ""
    text = "\n\n".join(part for part in (heading, body, footer) if part) + "\n"
    return {"filename": f"staying-well-plan-{at:%Y-%m-%d}.txt", "text": text}


def crisis_extras(store: PersonalStore, person: str) -> tuple[str | None, str | None]:
    """The person's own "what helps" and "who I can contact", for the crisis answer."""
    plan = load(store, person)
    return plan.get("what_helps") or None, plan.get("contacts") or None


_ITEM_BREAK = re.compile(r"\s*(?:\n|;|•|,)\s*")


def crisis_plan(store: PersonalStore, person: str) -> PersonalPlan | None:
    """The same extras as `safety.crisis_reply.PersonalPlan` items, or None without a plan."""
    from safety.crisis_reply import PersonalPlan

    helps, contacts = crisis_extras(store, person)
    if helps is None and contacts is None:
        return None
    return PersonalPlan(what_helps=_items(helps), contacts=_items(contacts))


def _items(text: str | None) -> tuple[str, ...]:
    return tuple(item for item in _ITEM_BREAK.split(text or "") if item)
