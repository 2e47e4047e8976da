"""The leaflet: one A4 page with the link, its QR code and the crisis numbers from the data."""

from __future__ import annotations

import re
import subprocess
import sys
import zlib
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
import segno
from PIL import Image

from pathways.leaflet import (
    LEAFLET_CONTACTS,
    LeafletError,
    contact_line,
    crisis_contacts,
    hours_in_words,
    latin1,
    start_link,
    write_leaflet,
)
from pathways.loader import load_pathways, lookup
from pathways.model import ServiceContact
from safety.contacts import load_contacts

REPO = Path(__file__).resolve().parents[2]
MADE = date(2026, 11, 24)
A4_POINTS = (595.28, 841.89)


def pdf_text(path: Path) -> str:
    """Every content stream of the PDF, inflated, as Latin-1 text (core fonts write it as is)."""
    raw = path.read_bytes()
    chunks = [raw.decode("latin-1")]
    for stream in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", raw, re.S):
        try:
            chunks.append(zlib.decompress(stream).decode("latin-1"))
        except zlib.error:
            pass
    return "\n".join(chunks)


def shown_strings(path: Path) -> str:
    """The text drawn on the page (the (...) Tj operands), joined, with PDF escapes undone."""
    found = re.findall(r"\(((?:\\.|[^\\)])*)\)\s*Tj", pdf_text(path))
    return " ".join(re.sub(r"\\(.)", r"\1", s) for s in found)


@pytest.fixture(scope="module")
def anxiety(tmp_path_factory):
    out = tmp_path_factory.mktemp("leaflet")
    return write_leaflet(lookup("anxiety"), "my_companion_bot", out, made_on=MADE)


def test_one_a4_page(anxiety):
    text = pdf_text(anxiety.pdf)
    assert len(re.findall(r"/Type\s*/Page\b", text)) == 1
    box = re.search(r"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]", text)
    assert box and (float(box.group(1)), float(box.group(2))) == pytest.approx(A4_POINTS, abs=0.1)


def test_the_link_is_written_in_words(anxiety):
    assert anxiety.link == "https://t.me/my_companion_bot?start=anxiety"
    assert anxiety.link in shown_strings(anxiety.pdf)


def test_the_crisis_numbers_come_from_the_contacts_data(anxiety):
    shown = shown_strings(anxiety.pdf)
    for number in ("999", "116 123", "111", "0800 83 85 87", "85258", "SHOUT"):
        assert number in shown
    book = load_contacts()
    for contact_id in LEAFLET_CONTACTS:
        assert book.get(contact_id).name in shown
    assert "Monday to Thursday, 6pm to 2am; Friday 6pm to Monday 6am" in shown


def test_what_it_is_not_and_what_it_keeps(anxiety):
    shown = " ".join(shown_strings(anxiety.pdf).split())
    for words in ("not a person", "not a therapist", "not an emergency", "diagnose",
                  "not end-to-end", "delete my data", "export my data", "what do you keep about me",
                  "separate company", "can read what is"):
        assert words in shown, words


def test_the_pathway_s_welcome_and_exercises_are_on_it(anxiety):
    shown = " ".join(shown_strings(anxiety.pdf).split())
    assert "Relaxed breathing" in shown and "5-4-3-2-1 grounding" in shown
    assert "Suggested for: Anxiety and stress" in shown
    assert "grounding yourself" in shown


def test_the_qr_png_encodes_exactly_the_link(anxiety):
    """Read the PNG module by module and compare it with segno's code for the link."""
    expected = segno.make(anxiety.link, error="m", micro=False)
    image = Image.open(anxiety.qr_png).convert("L")
    scale, border = 12, 4
    size = expected.symbol_size(scale=1, border=0)[0]
    assert image.size == ((size + 2 * border) * scale,) * 2
    def dark(x: int, y: int) -> bool:
        centre = scale // 2
        return image.getpixel(((border + x) * scale + centre, (border + y) * scale + centre)) < 128

    read = [[dark(x, y) for x in range(size)] for y in range(size)]
    assert read == [[bool(v) for v in row] for row in expected.matrix]
    assert expected.error in ("M", "Q", "H")


@pytest.mark.parametrize("code", sorted(load_pathways()))
def test_every_pathway_s_leaflet_fits_one_page(code, tmp_path):
    leaflet = write_leaflet(lookup(code), "my_companion_bot", tmp_path, made_on=MADE)
    assert len(re.findall(r"/Type\s*/Page\b", pdf_text(leaflet.pdf))) == 1


def test_the_longest_pathway_with_a_service_contact_still_fits(tmp_path):
    contact = ServiceContact(name="The duty team", hours="Monday to Friday, 9am to 5pm",
                             source="a test", checked=MADE, phone="0100 000 000",
                             url="https://example.org/duty")
    pathway = replace(lookup("long-term-condition-fatigue"), code="x" * 64,
                      welcome="word " * 59 + "end.", contact=contact)
    leaflet = write_leaflet(pathway, "a" * 29 + "bot", tmp_path, made_on=MADE)
    shown = shown_strings(leaflet.pdf)
    assert "The duty team" in shown and "never instead of" in shown
    assert "116 123" in shown and "?start=" + "x" * 40 in shown


@pytest.mark.parametrize("username", ["", "bot", "has space_bot", "x" * 40, "_lead_bot",
                                      "two__under_bot", "ends_with_", "t.me/evil"])
def test_a_bad_username_is_refused(username):
    with pytest.raises(LeafletError, match="username"):
        start_link(username, "anxiety")


def test_an_at_sign_is_allowed():
    assert start_link("@my_companion_bot", "low-mood") == "https://t.me/my_companion_bot?start=low-mood"


def test_text_is_made_latin1_or_refused():
    assert latin1("you\u2019re \u201cok\u201d \u2013 fine\u2026") == 'you\'re "ok" - fine...'
    with pytest.raises(LeafletError, match="cannot print"):
        latin1("hello \U0001F600")



def test_hours_in_words_from_the_data():
    book = load_contacts()
    assert hours_in_words(book.get("samaritans").hours) == "24 hours, every day"
    assert hours_in_words(book.get("rape_crisis_scotland").hours) == "every day, 6pm to midnight"
    assert contact_line(book.get("shout")) == "Shout: text SHOUT to 85258. 24 hours, every day."


def test_the_leaflet_shows_the_five_contacts_the_issue_names():
    assert [c.id for c in crisis_contacts()] == list(LEAFLET_CONTACTS)


def run_script(*args, env=None):
    return subprocess.run([sys.executable, "-m", "scripts.leaflet", *args], cwd=REPO,
                          capture_output=True, text=True,
                          env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(REPO), **(env or {})})


def test_the_script_needs_the_bot_username(tmp_path):
    result = run_script("anxiety", "--out", str(tmp_path))
    assert result.returncode == 2 and "TELEGRAM_BOT_USERNAME" in result.stderr
    assert not list(tmp_path.iterdir())


def test_the_script_writes_both_files(tmp_path):
    result = run_script("low-mood", "--out", str(tmp_path),
                        env={"TELEGRAM_BOT_USERNAME": "my_companion_bot"})
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "low-mood.pdf").is_file() and (tmp_path / "low-mood-qr.png").is_file()
    assert "https://t.me/my_companion_bot?start=low-mood" in result.stdout


def test_the_script_names_the_known_pathways_for_an_unknown_one(tmp_path):
    result = run_script("nope", "--out", str(tmp_path), env={"TELEGRAM_BOT_USERNAME": "my_bot"})
    assert result.returncode == 2 and "anxiety" in result.stderr


def test_a_sample_is_marked_and_uses_the_placeholder(tmp_path):
    result = run_script("anxiety", "--sample", "--out", str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert "SAMPLE" in shown_strings(tmp_path / "anxiety.pdf")
    assert "your_companion_bot" in result.stdout
