"""The appointment summary laid out on one A4 page (fpdf2, core fonts, millimetres).

Only the parts the person chose, in their own words and ratings. The core fonts
print Latin-1 only, so the person's words go through `printable`, which keeps
every letter it can and drops what it cannot (an emoji), never the whole text.
When everything does not fit, the text gets smaller, then long answers are
shortened with "(more in the companion)": the page is always one page.
"""

from __future__ import annotations

import io
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from statistics import mean

from fpdf import FPDF
from fpdf.enums import XPos, YPos

from personal import progress
from personal.checkins import OUTCOME_STATEMENTS, SCALE
from personal.plan import SECTIONS
from personal.schedule import UK
from personal.summary import BY_ID, Kept, exercise_lines

MARGIN = 14.0
PAGE_W, PAGE_H = 210.0, 297.0
WIDTH = PAGE_W - 2 * MARGIN
FOOTER_Y = PAGE_H - MARGIN - 8
FONT = "Helvetica"
INK = (33, 33, 33)
ACCENT = (0, 84, 119)  # the leaflet's dark teal: readable in greyscale
MORE = " ... (more in the companion)"
_PLAIN = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"',
                        "\u2013": "-", "\u2014": "-", "\u2026": "...", "\u00a0": " ",
                        "\u2022": "-", "\u0142": "l", "\u0141": "L", "\u0111": "d",
                        "\u0110": "D", "\u0153": "oe", "\u0152": "OE"})


class SummaryError(ValueError):
    """The page could not be made (it never should: the last fit shortens everything)."""


@dataclass(frozen=True)
class Fit:
    body: float  # text size in points
    chart_w: float  # chart width in mm
    max_chars: int  # longest answer or note shown in full
    max_notes: int


# Tried in turn until the page fits.
FITS = (
    Fit(10.0, 82, 1000, 12),
    Fit(9.0, 74, 500, 8),
    Fit(8.5, 66, 300, 6),
    Fit(8.0, 58, 160, 4),
    Fit(7.5, 50, 80, 3),
)


def printable(text: str) -> str:
    """`text` in Latin-1: typographic marks made plain, accents kept where Latin-1 has them,
    other letters reduced to their base letter, anything else (emoji) left out."""
    out = []
    for char in unicodedata.normalize("NFC", text.translate(_PLAIN)):
        if ord(char) < 256:
            out.append(char)
            continue
        base = unicodedata.normalize("NFKD", char)[:1]
        if base and ord(base) < 256:
            out.append(base)
    return re.sub(r"[ \t]+", " ", "".join(out)).strip()


def shorten(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + MORE


def day(moment: datetime) -> str:
    local = moment.astimezone(UK)
    return f"{local.day} {local:%B %Y}"


def short_day(moment: datetime) -> str:
    local = moment.astimezone(UK)
    return f"{local.day} {local:%b}"


class _Page(FPDF):
    fit = FITS[0]

    @property
    def line(self) -> float:
        return self.fit.body * 0.47

    def heading(self, text: str) -> None:
        self.ln(1.5)
        self.set_font(FONT, "B", self.fit.body + 2.5)
        self.set_text_color(*ACCENT)
        self.cell(WIDTH, 7, printable(text), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_text_color(*INK)

    def para(self, text: str, width: float = 0, style: str = "", gap: float = 1.2) -> None:
        self.set_font(FONT, style, self.fit.body)
        self.multi_cell(width or WIDTH, self.line, printable(text), align="L",
                        new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.ln(gap)


def render(kept: Kept, chosen: list[str], covers: str, made: datetime,
           titles: Mapping[str, str]) -> bytes:
    """The PDF bytes: one page with the chosen parts of what was kept."""
    for fit in FITS:
        pdf = _render(kept, chosen, covers, made, titles, fit)
        if pdf is not None:
            return bytes(pdf.output())
    raise SummaryError("the summary does not fit on one page")


def _render(kept: Kept, chosen: list[str], covers: str, made: datetime,
            titles: Mapping[str, str], fit: Fit) -> FPDF | None:
    pdf = _Page(orientation="P", unit="mm", format="A4")
    pdf.fit = fit
    pdf.set_auto_page_break(False)
    pdf.set_margins(MARGIN, MARGIN, MARGIN)
    pdf.set_title("My summary for my appointment")
    pdf.set_creator("self-help companion")
    pdf.add_page()
    pdf.set_text_color(*INK)
    pdf.set_font(FONT, "B", 18)
    pdf.set_text_color(*ACCENT)
    pdf.cell(WIDTH, 9, "My summary for my appointment", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_text_color(*INK)
    pdf.para(f"Made by me on {day(made)} with a self-help companion. It covers {covers}. "
             "These are my own words and ratings, not a diagnosis or a medical record.",
             gap=1)
    sections = {"plan": _plan, "mood": _mood, "exercises": _exercises, "notes": _notes}
    for part_id in (p for p in BY_ID if p in chosen):
        pdf.heading(BY_ID[part_id].label)
        sections[part_id](pdf, kept, titles)
        if pdf.get_y() > FOOTER_Y or pdf.page_no() != 1:
            return None
    _footer(pdf, made)
    return pdf


def _nothing(pdf: _Page) -> None:
    pdf.para("Nothing kept for this yet.", style="I")


def _plan(pdf: _Page, kept: Kept, titles: Mapping[str, str]) -> None:
    written = [s for s in SECTIONS if kept.plan.get(s.key)]
    if not written:
        _nothing(pdf)
    for section in written:
        pdf.para(section.title, style="B", gap=0)
        pdf.para(shorten(kept.plan[section.key], pdf.fit.max_chars))


def _mood(pdf: _Page, kept: Kept, titles: Mapping[str, str]) -> None:
    if not kept.moods and not kept.outcomes:
        _nothing(pdf)
        return
    top = pdf.get_y()
    chart_h = 0.0
    text_w = WIDTH
    if progress.enough(kept.moods):
        png = progress.chart_png(kept.moods, kept.outcomes)
        info = pdf.image(io.BytesIO(png), x=MARGIN + WIDTH - pdf.fit.chart_w, y=top,
                         w=pdf.fit.chart_w)
        chart_h = float(info.rendered_height)
        text_w = WIDTH - pdf.fit.chart_w - 4
    pdf.set_xy(MARGIN, top)
    for line in mood_lines(kept):
        pdf.para(line, width=text_w)
    answers = outcome_lines(kept)
    if answers:
        pdf.para("How much I agreed with these statements (not at all, a little, somewhat, "
                 "quite a lot, completely):", width=text_w, gap=0.6)
        for statement, answer in answers:
            pdf.para(f'"{statement}"', width=text_w, style="I", gap=0)
            pdf.para(answer, width=text_w, gap=0.8)
    pdf.set_y(max(pdf.get_y(), top + chart_h + 1))


def mood_lines(kept: Kept) -> list[str]:
    """The mood check-ins in plain sentences (0 is very low, 10 very good)."""
    if not kept.moods:
        return []
    values = [m[1] for m in kept.moods]
    times = "once" if len(values) == 1 else f"{len(values)} times"
    lines = [f"I checked in {times}, from {day(kept.moods[0][0])} to {day(kept.moods[-1][0])}. "
             f"My mood, from 0 (very low) to 10 (very good), averaged {mean(values):.1f}, "
             f"from {min(values)} to {max(values)}; the latest was {values[-1]}."]
    words = [m[2] for m in kept.moods if m[2]][-5:]
    if words:
        lines.append("My words for those days: " + ", ".join(words) + ".")
    return lines


def outcome_lines(kept: Kept) -> list[tuple[str, str]]:
    """Each statement with the person's first and latest answer in the span, in words."""
    lines = []
    for statement in OUTCOME_STATEMENTS:
        answers = [(at, rating) for at, sid, rating in kept.outcomes if sid == statement.id]
        if not answers:
            continue
        (first_at, first), (last_at, last) = answers[0], answers[-1]
        said = f"{SCALE[last - 1].lower()} ({short_day(last_at)})"
        if len(answers) > 1:
            said = (f"first {SCALE[first - 1].lower()} ({short_day(first_at)}), "
                    f"latest {said}")
        lines.append((statement.text, said[0].upper() + said[1:]))
    return lines


def _exercises(pdf: _Page, kept: Kept, titles: Mapping[str, str]) -> None:
    lines = exercise_lines(kept)
    if not lines and not kept.favourites:
        _nothing(pdf)
        return
    for line in lines:
        title = titles.get(line.exercise_id, line.exercise_id)
        times = "once" if line.times == 1 else f"{line.times} times"
        text = f"- {title}: {times}"
        if line.rated:
            text += (f"; the feeling eased {line.eased} of the {line.rated} "
                     f"time{'s' if line.rated > 1 else ''} I rated it")
        if line.favourite:
            text += "; one of my favourites"
        pdf.para(text + ".", gap=0.4)
    helped = [titles.get(line.exercise_id, line.exercise_id) for line in lines if line.eased]
    pdf.ln(0.8)
    if helped:
        pdf.para("Rated as helping (the feeling was less strong afterwards): "
                 + ", ".join(helped) + ".")
    unused = [titles.get(e, e) for e in kept.favourites
              if e not in {line.exercise_id for line in lines}]
    if unused:
        pdf.para("Also kept as favourites: " + ", ".join(unused) + ".")


def _notes(pdf: _Page, kept: Kept, titles: Mapping[str, str]) -> None:
    if not kept.notes:
        _nothing(pdf)
        return
    shown = kept.notes[-pdf.fit.max_notes:]
    if len(shown) < len(kept.notes):
        pdf.para(f"My latest {len(shown)} of {len(kept.notes)} notes:", style="I", gap=0.4)
    for exercise_id, _, text, at in shown:
        pdf.para(f"{titles.get(exercise_id, exercise_id)}, {day(at)}", style="B", gap=0)
        pdf.para(shorten(text, pdf.fit.max_chars))


def _footer(pdf: _Page, made: datetime) -> None:
    pdf.set_xy(MARGIN, FOOTER_Y)
    pdf.set_font(FONT, "", 8)
    pdf.set_text_color(90, 90, 90)
    pdf.multi_cell(WIDTH, 3.8, "I made this page myself and chose what went in it; only I was "
                   "sent a copy. It shows my own ratings and words, not a diagnosis. "
                   f"Made {day(made)}.", align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
