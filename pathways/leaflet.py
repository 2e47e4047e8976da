"""The leaflet a practitioner hands over: one A4 page and a QR code for one pathway.

What the companion is and is not, what it keeps and how to delete it, the crisis
numbers (read from data/contacts, the one source; never typed here), the QR code
and the link in words. Built with fpdf2's core fonts, so every word must be
Latin-1: `latin1()` turns typographic quotes and dashes into plain ones and
refuses anything else rather than print a wrong character. segno and fpdf2 are
imported here only, so the rest of the package works without them.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import yaml

from common.clock import say_time
from common.opening_hours import Hours, OpeningRule
from pathways.loader import EXERCISES_DIR
from pathways.model import Pathway
from safety.contacts import Channel, Contact, ContactBook, load_contacts

# The contacts every leaflet shows, in this order, by their ids in data/contacts.
LEAFLET_CONTACTS = ("emergency_999", "samaritans", "nhs24_111", "breathing_space", "shout")
# Telegram usernames: 5 to 32 letters, digits and underscores; a bot's ends in "bot".
_USERNAME = re.compile(r"^[A-Za-z][A-Za-z0-9_]{3,30}[A-Za-z0-9]$")
# For samples only: an obvious placeholder, printed with a SAMPLE banner.
SAMPLE_USERNAME = "your_companion_bot"
DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_PLAIN = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"',
                        "\u2013": "-", "\u2014": "-", "\u2026": "...", "\u00a0": " "})

WHAT_IT_IS = (
    "A chat on Telegram with short self-help exercises, a plan for staying well, "
    "mood check-ins and a way to find groups and services near you. It's free, you can "
    "use it at any time, and you can pause, skip or stop anything."
)
WHAT_IT_IS_NOT = (
    "It is a computer program: not a person, not a therapist and not an emergency "
    "service. It can't send anyone to help you. It doesn't diagnose, treat or judge "
    "risk, and it doesn't replace your GP or care team: keep your appointments."
)
WHAT_IT_KEEPS = (
    "It knows you by a code made from your Telegram account, not by your name or phone "
    "number. It keeps the conversation and what you choose to save: your plan, check-ins, "
    "exercises you finish and notes you write. Type \"what do you keep about me\" to see "
    "it, \"export my data\" for a copy, and \"delete my data\" to erase all of it. "
    "Telegram is a separate company that carries your messages; chats with a bot are "
    "not end-to-end encrypted, and the people who run this service can read what is "
    "stored. Nothing is passed to your GP or anyone else. On a shared phone, you can "
    "also delete the chat in Telegram."
)


class LeafletError(ValueError):
    """The leaflet cannot be made as asked: a bad username, unprintable text, or overflow."""


@dataclass(frozen=True)
class Leaflet:
    pdf: Path
    qr_png: Path
    link: str


def start_link(username: str, code: str) -> str:
    """https://t.me/<bot>?start=<code>, refusing a username Telegram would not accept."""
    name = username.removeprefix("@")
    if not _USERNAME.match(name) or "__" in name:
        raise LeafletError(f"{username!r} is not a Telegram bot username (5 to 32 letters, "
                           "digits and underscores, like my_companion_bot)")
    return f"https://t.me/{name}?start={code}"


def latin1(text: str) -> str:
    """Text the PDF's core fonts can print exactly; anything else is refused, never guessed."""
    plain = text.translate(_PLAIN)
    try:
        plain.encode("latin-1")
    except UnicodeEncodeError as exc:
        bad = plain[exc.start:exc.end]
        raise LeafletError(f"cannot print {bad!r} in the leaflet's font") from exc
    return plain


def hours_in_words(hours: Hours) -> str:
    """A contact's weekly hours as a person reads them: "Monday to Thursday, 6pm to 2am"."""
    if hours.always:
        return "24 hours, every day"
    if not hours.known:
        return "see their website for times"
    return "; ".join(_rule_in_words(rule) for rule in hours.rules)


def _rule_in_words(rule: OpeningRule) -> str:
    if rule.closes_on is not None and len(rule.days) == 1:
        return (f"{DAYS[rule.days[0]]} {say_time(rule.opens)} to "
                f"{DAYS[rule.closes_on]} {say_time(rule.closes)}")
    return f"{_days_in_words(rule.days)}, {say_time(rule.opens)} to {say_time(rule.closes)}"


def _days_in_words(days: tuple[int, ...]) -> str:
    ordered = sorted(days)
    if len(ordered) == 7:
        return "every day"
    if len(ordered) > 2 and ordered == list(range(ordered[0], ordered[-1] + 1)):
        return f"{DAYS[ordered[0]]} to {DAYS[ordered[-1]]}"
    return ", ".join(DAYS[d] for d in ordered)


def contact_line(contact: Contact) -> str:
    """"Samaritans: call 116 123. 24 hours, every day." from the contacts data."""
    ways = [_way(c) for c in contact.channels if c.kind != "email"]
    when = hours_in_words(contact.hours)
    return f"{contact.name}: {', or '.join(ways)}. {when[0].upper()}{when[1:]}."


def _way(channel: Channel) -> str:
    if channel.kind == "call":
        return f"call {channel.value}"
    if channel.kind == "text":
        return f"text {channel.keyword} to {channel.value}"
    return f"{channel.label or 'online'} at {channel.value}"


def crisis_contacts(book: ContactBook | None = None) -> tuple[Contact, ...]:
    book = book or load_contacts()
    return tuple(book.get(contact_id) for contact_id in LEAFLET_CONTACTS)


def exercise_titles(pathway: Pathway, folder: Path = EXERCISES_DIR) -> tuple[str, ...]:
    """The pathway's exercises by the titles a person sees, in the pathway's order."""
    titles = {}
    for file in folder.glob("*.yml"):
        raw = yaml.safe_load(file.read_text(encoding="utf-8"))
        titles[raw["id"]] = raw["title"]
    return tuple(titles[exercise_id] for exercise_id in pathway.exercises)


def make_qr(link: str):
    """The QR code for `link` (segno; medium error correction survives a crease or a smudge)."""
    import segno

    return segno.make(link, error="m", micro=False)


def write_leaflet(pathway: Pathway, username: str, out_dir: Path, *, made_on: date,
                  sample: bool = False) -> Leaflet:
    """Write <code>.pdf (one A4 page) and <code>-qr.png into `out_dir`."""
    link = start_link(username, pathway.code)
    qr = make_qr(link)
    out_dir.mkdir(parents=True, exist_ok=True)
    qr_png = out_dir / f"{pathway.code}-qr.png"
    qr.save(qr_png, kind="png", scale=12, border=4)
    pdf_path = out_dir / f"{pathway.code}.pdf"
    from pathways.leaflet_layout import render

    png = io.BytesIO()
    qr.save(png, kind="png", scale=12, border=2)
    render(pathway, link, png, exercise_titles(pathway), crisis_contacts(),
           made_on=made_on, sample=sample).output(str(pdf_path))
    return Leaflet(pdf=pdf_path, qr_png=qr_png, link=link)
