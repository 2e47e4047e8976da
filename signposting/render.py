"""A page of results as short text for a phone screen, three at a time.

Telegram cannot dial from a button, so numbers are written in the text (a phone
makes them tappable), and so are web addresses. The first line says plainly
what was found: local support, or, when nothing local is listed, that these
cover all of Scotland and some meet near the person.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from signposting import schedules
from signposting.model import KIND_WORDS, Service
from signposting.search import Match, Results

PAGE_SIZE = 3
_MODE_WORDS = {"in_person": "in person", "phone": "by phone", "online": "online", "text": "by text"}
_RELAXED = {
    "when": "Nothing I know of is open at that time, so here is when they open.",
    "kinds": "I don't have that kind of support listed, so here's what else fits.",
    "modes": "I don't have anything listed that works that way, so here's what else fits.",
    "topics": "I don't have anything listed for that yet, so here's general support "
              "anyone can use.",
}


@dataclass(frozen=True)
class Page:
    text: str
    has_more: bool
    shown: tuple[str, ...]  # service ids, for tests and for "see more"


def render_page(results: Results, page: int, at: datetime, topic_label: str | None,
                place_label: str | None, attribution: str | None = None) -> Page:
    """Page `page` (from 0) of `results`: a heading, up to three entries, their count."""
    start = page * PAGE_SIZE
    chunk = results.matches[start:start + PAGE_SIZE]
    if not chunk:
        return Page("That's everything I have for that. You could narrow it down, "
                    "or try another place or topic.", False, ())
    lines = [_heading(results, page, topic_label, place_label)]
    lines += [_entry(start + i + 1, match, at) for i, match in enumerate(chunk)]
    total = len(results.matches)
    if total > PAGE_SIZE:
        lines.append(f"({start + 1}–{start + len(chunk)} of {total})")
    if attribution:
        lines.append(attribution)
    return Page("\n\n".join(lines), start + PAGE_SIZE < total,
                tuple(m.service.id for m in chunk))


def _heading(results: Results, page: int, topic: str | None, place: str | None) -> str:
    if page > 0:
        return "Here are some more:"
    notes = [_RELAXED[step] for step in results.relaxed]
    about = f" for {topic}" if topic else ""
    when = {"now": " open now", "tonight": " you can reach tonight"}.get(
        results.query.when or "", "") if "when" not in results.relaxed else ""
    if results.query.areas and place and not results.local_found:
        notes.append(f"I don't have anything listed just for {place} yet. These cover all "
                     "of Scotland.")
        if any("in_person" in m.service.modes for m in results.matches[:PAGE_SIZE]):
            notes.append("Some meet in person: their websites show the nearest.")
        return " ".join(notes) + f"\nSupport{about}{when}:"
    where = f" in {place}" if place and results.local_found else ""
    how = {("online",): " online", ("phone",): " by phone", ("text",): " by text"}.get(
        results.query.modes, "") if "modes" not in results.relaxed else ""
    return " ".join([*notes, f"Here's support{about}{where}{how}{when}:"])


def _entry(number: int, match: Match, at: datetime) -> str:
    service = match.service
    title = f"{number}. {service.name} ({KIND_WORDS[service.kind]})"
    lines = [title, service.description]
    reach = _reach(service)
    if reach:
        lines.append(reach)
    when = schedules.status(service, at)
    if when:
        lines.append(when[0].upper() + when[1:])
    elif service.how_to_find:
        lines.append(service.how_to_find[0].upper() + service.how_to_find[1:])
    if service.locations:
        lines.append("Where: " + "; ".join(loc.name for loc in service.locations[:2]))
    if service.url:
        lines.append(service.url)
    return "\n".join(lines)


def _reach(service: Service) -> str:
    ways = [f"call {p.number}" + (f" ({p.label})" if p.label else "") for p in service.phones]
    ways += [f"text {t.keyword} to {t.number}" for t in service.texts]
    if service.webchat:
        ways.append(f"webchat at {service.webchat}")
    if not ways:
        modes = [_MODE_WORDS[m] for m in service.modes]
        return " and ".join(modes).capitalize() if modes else ""
    text = ", ".join(ways)
    return text[0].upper() + text[1:]
