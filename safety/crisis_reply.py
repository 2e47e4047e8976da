"""The crisis answer: wording from data/safety/crisis_replies.yml, facts from the contacts file.

The wording names contacts only by id, so a number or an opening time is
written once, in the contacts file, and every answer is rendered from it. What
is open is worked out for the moment of asking, because telling someone in
crisis to ring a line that is closed is worse than not mentioning it.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from datetime import datetime, time
from functools import cache
from pathlib import Path
from types import SimpleNamespace
from typing import Any, Iterable, Sequence

import yaml

from common.clock import UK, needs_its_day
from common.opening_hours import is_open, next_opening, open_until
from safety.contacts import Contact, ContactBook, load_contacts
from safety.kinds import CrisisKind

WORDING_PATH = Path(__file__).resolve().parent.parent / "data" / "safety" / "crisis_replies.yml"

# Long enough for a full thought, short enough to read on a phone without scrolling far.
MAX_MESSAGE_CHARS = 600
_EVENING = time(17, 0)  # from here on, later today is "tonight"
_PLAN_ITEMS = 3
_PLAN_ITEM_CHARS = 70

_WORDING_SPEC: dict[str, Any] = {
    "priority": list, "kinds": dict, "closing": str, "open_now": str, "later": str,
    "general": {"opening": str, "unsure_opening": str, "contacts": list},
    "plan": {"intro": str, "what_helps": str, "contacts": str, "ask": str},
    "failsafe": {"apology": str, "intro": str, "contacts": list, "closing": str},
    "contacts_list": {"intro": str, "open_now": str, "later": str, "unknown": str,
                      "contacts": list, "closing": str},
    "lines": {"open": str, "open_until": str, "later": str, "unknown": str},
    "channels": {"call": str, "call_labelled": str, "text": str, "web": str, "email": str,
                 "separator": str, "last_separator": str},
    "times": {"am": str, "pm": str, "midnight": str, "midday": str},
    "when": {"today": str, "tonight": str, "tomorrow": str, "weekday": str},
    "until": {"soon": str, "weekday": str},
    "weekdays": list,
    "program_note": str, "medicines": str, "young_person_first": str,
    "email_apart": str, "email_item": str,
}
_KIND_KEYS = {"opening", "advice", "closing", "contacts"}


class WordingError(ValueError):
    """The wording file is malformed or refers to something the contacts file lacks."""


@dataclass(frozen=True)
class PersonalPlan:
    """The person's own staying-safe plan: what helps them, and people they can reach."""

    what_helps: Sequence[str] = ()
    contacts: Sequence[str] = ()


@dataclass(frozen=True)
class CrisisReply:
    """Plain-text messages to send in order; `kind` is the concern that led the answer."""

    messages: tuple[str, ...]
    kind: CrisisKind
    contact_ids: tuple[str, ...] = ()


def compose_crisis_reply(
    kinds: Sequence[CrisisKind | str], at: datetime, plan: PersonalPlan | None = None,
    *, young: bool = False, medicines: bool = False,
) -> CrisisReply:
    """The answer to crisis language: 999, who is open now, who opens later, the plan, company.

    `young`: the words suggest a child or young person, so Childline comes first.
    `medicines`: the words are about medicines or an overdose, so "call 999 or 111
    even if you feel fine" follows the opening.
    """
    wording, _, fields = _resources()
    ordered = order_kinds(kinds)
    if not ordered:
        return compose_general_reply(at, plan, young=young, medicines=medicines)
    if CrisisKind.HARM_FROM_OTHERS in ordered:
        # Advice for helping someone else ("stay with them") must never reach a person
        # disclosing harm: their own safety is what the answer is about.
        ordered = tuple(k for k in ordered if k is not CrisisKind.WORRY_ABOUT_SOMEONE)
    sections = [wording["kinds"][k.value] for k in ordered]
    lead = sections[0]
    first = [_fill(lead["opening"], fields)]
    if medicines:
        first.append(_fill(wording["medicines"], fields))
    first.append(_fill(wording["program_note"], fields))
    # One kind's advice at a time: a person's own safety from someone who harms them
    # first, else the most urgent kind that has any.
    if CrisisKind.HARM_FROM_OTHERS in ordered:
        sections_for_advice = [wording["kinds"][CrisisKind.HARM_FROM_OTHERS.value]]
    else:
        sections_for_advice = sections
    advice = next((_fill(s["advice"], fields) for s in sections_for_advice if "advice" in s),
                  None)
    ids = _unique(cid for s in sections for cid in s["contacts"])
    closing = _fill(lead.get("closing", wording["closing"]), fields)
    parts = [" ".join(first), *([advice] if advice else [])]
    return _compose(ordered[0], parts, _young_first(ids, young), closing, at, plan)


def compose_general_reply(
    at: datetime, plan: PersonalPlan | None = None, *, unsure: bool = False,
    young: bool = False, medicines: bool = False,
) -> CrisisReply:
    """The answer to /sos, or (`unsure`) to a message whose safety could not be checked."""
    wording, _, fields = _resources()
    general = wording["general"]
    first = [_fill(general["unsure_opening" if unsure else "opening"], fields)]
    if medicines:
        first.append(_fill(wording["medicines"], fields))
    first.append(_fill(wording["program_note"], fields))
    closing = _fill(wording["closing"], fields)
    return _compose(CrisisKind.SUICIDAL_THOUGHTS, [" ".join(first)],
                    _young_first(general["contacts"], young), closing, at, plan)


def _young_first(ids: Sequence[str], young: bool) -> list[str]:
    """Childline (the wording file's `young_person_first`) leads for a child or young person."""
    if not young:
        return list(ids)
    first = _resources()[0]["young_person_first"]
    return _unique([first, *ids])


def compose_failsafe_notice(at: datetime) -> tuple[str, ...]:
    """An apology for being unable to answer, with who is there to talk to meanwhile."""
    wording, book, fields = _resources()
    failsafe = wording["failsafe"]
    blocks, _ = _contact_blocks(failsafe["contacts"], at, book, wording,
                                {"open": failsafe["intro"], "later": wording["later"]})
    return _pack([failsafe["apology"], *blocks, _fill(failsafe["closing"], fields)])


def compose_contacts_list(at: datetime) -> tuple[str, ...]:
    """A gentle answer to "who can I talk to?": what is open now and when the rest open."""
    wording, book, fields = _resources()
    listing = wording["contacts_list"]
    headers = {key: listing[word] for key, word in
               (("open", "open_now"), ("later", "later"), ("unknown", "unknown"))}
    blocks, _ = _contact_blocks(listing["contacts"], at, book, wording, headers)
    return _pack([listing["intro"], *blocks, _fill(listing["closing"], fields)])


def order_kinds(kinds: Iterable[CrisisKind | str]) -> tuple[CrisisKind, ...]:
    """The kinds without repeats, most urgent first, as the wording file's priority says."""
    priority = _resources()[0]["priority"]
    unique = _unique(CrisisKind(k) for k in kinds)
    return tuple(sorted(unique, key=lambda k: priority.index(k.value)))


def load_wording(path: str | Path | None = None) -> dict[str, Any]:
    """The wording file, checked for shape; read once per path."""
    return _load_wording(str(Path(path).resolve() if path is not None else WORDING_PATH))


def check_wording(wording: dict[str, Any], book: ContactBook) -> None:
    """Refuse wording that names a missing contact, offers one unsuited to a kind,
    or has a placeholder the contacts file cannot fill."""
    fields = _contact_fields(book)
    lists = {"general": wording["general"]["contacts"], "failsafe": wording["failsafe"]["contacts"],
             "contacts_list": wording["contacts_list"]["contacts"]}
    for kind, section in wording["kinds"].items():
        lists[kind] = section["contacts"]
        if "{emergency_999.call}" not in section["opening"]:
            raise WordingError(f"kinds.{kind}.opening must give {{emergency_999.call}}")
        for cid in section["contacts"]:
            if cid in book and CrisisKind(kind) not in book.get(cid).serves:
                raise WordingError(f"kinds.{kind}: contact {cid!r} does not serve {kind}")
    for where, ids in lists.items():
        for cid in ids:
            if cid not in book:
                raise WordingError(f"{where}: no contact with id {cid!r}")
    templates = [t for s in wording["kinds"].values() for k, t in s.items() if k != "contacts"]
    general = wording["general"]
    templates += [wording["closing"], general["opening"], general["unsure_opening"],
                  wording["failsafe"]["closing"], wording["contacts_list"]["closing"],
                  wording["program_note"], wording["medicines"]]
    if wording["young_person_first"] not in book:
        missing = wording["young_person_first"]
        raise WordingError(f"young_person_first: no contact with id {missing!r}")
    for template in templates:
        _fill(template, fields)
    for contact in book:
        if any(c.kind == "web" and not c.label for c in contact.channels):
            raise WordingError(f"contact {contact.id!r}: a web channel needs a label to be shown")


@cache
def _load_wording(path: str) -> dict[str, Any]:
    try:
        raw = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise WordingError(f"{path}: cannot read wording: {exc}") from exc
    _require(raw, _WORDING_SPEC, path)
    expected = {k.value for k in CrisisKind}
    if set(raw["kinds"]) != expected or sorted(raw["priority"]) != sorted(expected):
        raise WordingError(f"{path}: 'kinds' and 'priority' must each list every kind: "
                           f"{sorted(expected)}")
    for kind, section in raw["kinds"].items():
        where = f"{path}: kinds.{kind}"
        if not isinstance(section, dict) or not {"opening", "contacts"} <= section.keys() \
                or section.keys() - _KIND_KEYS:
            raise WordingError(f"{where} needs opening and contacts (and maybe advice, closing)")
        _require(section, {k: (list if k == "contacts" else str) for k in section}, where)
    if len(raw["weekdays"]) != 7:
        raise WordingError(f"{path}: 'weekdays' must name seven days, Monday first")
    return raw


def _require(raw: Any, spec: dict[str, Any], where: str) -> None:
    if not isinstance(raw, dict):
        raise WordingError(f"{where}: expected a mapping")
    for key, kind in spec.items():
        if key not in raw:
            raise WordingError(f"{where}: missing {key!r}")
        if isinstance(kind, dict):
            _require(raw[key], kind, f"{where}: {key}")
        elif not isinstance(raw[key], kind) or not raw[key]:
            raise WordingError(f"{where}: {key!r} must be a non-empty {kind.__name__}")


@cache
def _resources() -> tuple[dict[str, Any], ContactBook, dict[str, SimpleNamespace]]:
    wording, book = load_wording(), load_contacts()
    check_wording(wording, book)
    return wording, book, _contact_fields(book)


def _contact_fields(book: ContactBook) -> dict[str, SimpleNamespace]:
    """What a template may say about each contact, e.g. {samaritans.call}."""
    fields = {}
    for contact in book:
        attrs = {"name": contact.name, "note": contact.note}
        for channel in contact.channels:
            attrs.setdefault(channel.kind, channel.value)
            if channel.keyword:
                attrs.setdefault("keyword", channel.keyword)
        fields[contact.id] = SimpleNamespace(**attrs)
    return fields


def _fill(template: str, fields: dict[str, SimpleNamespace]) -> str:
    try:
        return template.format_map(fields)
    except (KeyError, AttributeError, IndexError, ValueError) as exc:
        raise WordingError(f"bad placeholder in {template!r}: {exc}") from exc


def _compose(kind: CrisisKind, first: list[str], ids: Sequence[str], closing: str,
             at: datetime, plan: PersonalPlan | None) -> CrisisReply:
    wording, book, _ = _resources()
    headers = {"open": wording["open_now"], "later": wording["later"]}
    blocks, shown = _contact_blocks(ids, at, book, wording, headers)
    ending = [b for b in (_plan_block(plan, wording["plan"]), closing) if b]
    messages = _pack(first) + _pack(blocks) + _pack(ending)
    return CrisisReply(messages=messages, kind=kind, contact_ids=shown)


def _contact_blocks(ids: Iterable[str], at: datetime, book: ContactBook, wording: dict[str, Any],
                    headers: dict[str, str]) -> tuple[list[str], tuple[str, ...]]:
    """Lines grouped under their headers (open now, later, unknown hours), and the ids shown."""
    grouped: dict[str, list[str]] = {key: [] for key in headers}
    shown: list[str] = []
    emails: list[str] = []
    for cid in _unique(ids):
        contact = book.get(cid)
        section, line = _line(contact, at, wording)
        if section in grouped:
            grouped[section].append(line)
            shown.append(cid)
            emails += [wording["email_item"].format(name=contact.name, email=c.value)
                       for c in contact.channels if c.kind == "email"]
    blocks = ["\n".join([headers[key], *lines]) for key, lines in grouped.items() if lines]
    if emails:
        # Email is not immediate: never under "open right now", always apart.
        blocks.append(wording["email_apart"].format(items="; ".join(emails)))
    return blocks, tuple(shown)


def _line(contact: Contact, at: datetime, wording: dict[str, Any]) -> tuple[str, str]:
    lines = wording["lines"]
    channels = _channels(contact, wording["channels"])
    base = {"name": contact.name, "channels": channels, "note": contact.note}
    if not contact.hours.known:
        return "unknown", lines["unknown"].format(**base)
    if is_open(contact, at):
        until = open_until(contact, at)
        if until is None:
            return "open", lines["open"].format(**base)
        return "open", lines["open_until"].format(until=_until(until, at, wording), **base)
    opening = next_opening(contact, at)
    if opening is None:
        return "unknown", lines["unknown"].format(**base)
    return "later", lines["later"].format(when=_when(opening, at, wording), **base)


def _channels(contact: Contact, words: dict[str, str]) -> str:
    parts = [
        words["call_labelled" if c.kind == "call" and c.label else c.kind].format(
            value=c.value, label=c.label or "", keyword=c.keyword or "")
        for c in contact.channels if c.kind != "email"  # listed apart: see _contact_blocks
    ]
    if len(parts) == 1:
        return parts[0]
    return words["separator"].join(parts[:-1]) + words["last_separator"] + parts[-1]


def _when(opening: datetime, at: datetime, wording: dict[str, Any]) -> str:
    local = opening.astimezone(UK)
    days = (local.date() - at.astimezone(UK).date()).days
    words, clock = wording["when"], _clock(local.time(), wording["times"])
    if days == 0:
        return words["tonight" if local.time() >= _EVENING else "today"].format(time=clock)
    if days == 1:
        return words["tomorrow"].format(time=clock)
    return words["weekday"].format(time=clock, weekday=wording["weekdays"][local.weekday()])


def _until(close: datetime, at: datetime, wording: dict[str, Any]) -> str:
    """"2am" for a close later today or within the night ahead; otherwise with its day."""
    local = close.astimezone(UK)
    words, clock = wording["until"], _clock(local.time(), wording["times"])
    if not needs_its_day(close, at):
        return words["soon"].format(time=clock)
    return words["weekday"].format(time=clock, weekday=wording["weekdays"][local.weekday()])


def _clock(moment: time, words: dict[str, str]) -> str:
    """A wall-clock time the way people say it: 6pm, 6:30pm, midnight."""
    if moment == time(0, 0):
        return words["midnight"]
    if moment == time(12, 0):
        return words["midday"]
    hour = moment.hour % 12 or 12
    suffix = words["am"] if moment.hour < 12 else words["pm"]
    return f"{hour}{suffix}" if moment.minute == 0 else f"{hour}:{moment.minute:02d}{suffix}"


def _plan_block(plan: PersonalPlan | None, words: dict[str, str]) -> str | None:
    if plan is None:
        return None
    helps, people = _plan_items(plan.what_helps), _plan_items(plan.contacts)
    if not helps and not people:
        return None
    parts = [words["intro"]]
    if helps:
        parts.append(words["what_helps"].format(items=", ".join(helps)))
    if people:
        parts.append(words["contacts"].format(items=", ".join(people)))
    parts.append(words["ask"])
    return " ".join(parts)


def _plan_items(items: Sequence[str] | None) -> list[str]:
    """The person's own words, tidied and shortened so the message stays readable."""
    cleaned = [" ".join(str(item).split()) for item in items or ()]
    shortened = [i if len(i) <= _PLAN_ITEM_CHARS else i[: _PLAN_ITEM_CHARS - 1].rstrip() + "…"
                 for i in cleaned if i]
    return shortened[:_PLAN_ITEMS]


def _pack(blocks: Iterable[str]) -> tuple[str, ...]:
    """Join blocks into as few messages as fit the limit, splitting a long block by lines."""
    messages: list[str] = []
    current = ""
    for piece in (p for block in blocks for p in _split(block)):
        candidate = f"{current}\n\n{piece}" if current else piece
        if len(candidate) <= MAX_MESSAGE_CHARS:
            current = candidate
        else:
            messages.append(current)
            current = piece
    if current:
        messages.append(current)
    return tuple(messages)


def _split(block: str) -> list[str]:
    if len(block) <= MAX_MESSAGE_CHARS:
        return [block]
    pieces: list[str] = []
    for line in block.split("\n"):
        for part in textwrap.wrap(line, MAX_MESSAGE_CHARS):
            if pieces and len(pieces[-1]) + 1 + len(part) <= MAX_MESSAGE_CHARS:
                pieces[-1] = f"{pieces[-1]}\n{part}"
            else:
                pieces.append(part)
    return pieces


def _unique(items: Iterable[Any]) -> list[Any]:
    return list(dict.fromkeys(items))
