"""Where everything sits on the leaflet's one A4 page (fpdf2, core fonts, millimetres)."""

from __future__ import annotations

import io
from datetime import date

from fpdf import FPDF
from fpdf.enums import WrapMode, XPos, YPos

from pathways.leaflet import (
    WHAT_IT_IS,
    WHAT_IT_IS_NOT,
    WHAT_IT_KEEPS,
    LeafletError,
    contact_line,
    latin1,
)
from pathways.model import Pathway
from safety.contacts import Contact

MARGIN = 14.0
PAGE_W, PAGE_H = 210.0, 297.0
WIDTH = PAGE_W - 2 * MARGIN
QR_W = 48.0
LEFT_W = WIDTH - QR_W - 8.0
FONT = "Helvetica"
INK = (33, 33, 33)
ACCENT = (0, 84, 119)  # dark teal: 9:1 contrast with white, readable in greyscale
PALE = (232, 242, 246)
FOOTER_Y = PAGE_H - MARGIN - 10


# Body text sizes tried in turn until the page fits (a long welcome or a service contact).
BODY_SIZES = (10.5, 10.0, 9.5, 9.0)


class _Page(FPDF):
    body = BODY_SIZES[0]

    @property
    def line(self) -> float:
        return self.body * 0.48

    def heading(self, text: str, size: float = 12.5, width: float = 0) -> None:
        self.set_font(FONT, "B", size)
        self.set_text_color(*ACCENT)
        self.multi_cell(width or WIDTH, 6.2, latin1(text), align="L",
                        new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_text_color(*INK)

    def para(self, text: str, width: float = 0, gap: float = 3.0) -> None:
        self.set_font(FONT, "", self.body)
        self.multi_cell(width or WIDTH, self.line, latin1(text), align="L",
                        new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.ln(gap)


def render(pathway: Pathway, link: str, qr_png: io.BytesIO, exercises: tuple[str, ...],
           contacts: tuple[Contact, ...], *, made_on: date, sample: bool) -> FPDF:
    """The leaflet as an FPDF document; raises LeafletError if it would not fit one page."""
    for body in BODY_SIZES:
        pdf = _render(pathway, link, qr_png, exercises, contacts, made_on, sample, body)
        if pdf is not None:
            return pdf
    raise LeafletError(f"the leaflet for {pathway.code} does not fit on one page")


def _render(pathway: Pathway, link: str, qr_png: io.BytesIO, exercises: tuple[str, ...],
            contacts: tuple[Contact, ...], made_on: date, sample: bool,
            body: float) -> FPDF | None:
    pdf = _Page(orientation="P", unit="mm", format="A4")
    pdf.body = body
    pdf.set_auto_page_break(False)
    pdf.set_margins(MARGIN, MARGIN, MARGIN)
    pdf.set_title(latin1(f"A self-help companion on Telegram: {pathway.title}"))
    pdf.set_creator("self-help companion, make leaflet")
    pdf.add_page()
    pdf.set_text_color(*INK)
    if sample:
        _sample_banner(pdf)
    _title(pdf, pathway)
    top = pdf.get_y()
    _qr_column(pdf, link, qr_png, top)
    pdf.set_xy(MARGIN, top)
    pdf.heading("What it is", width=LEFT_W)
    pdf.para(WHAT_IT_IS, width=LEFT_W)
    pdf.heading("Suggested to start with", width=LEFT_W)
    pdf.set_font(FONT, "", pdf.body)
    for title in exercises:
        pdf.multi_cell(LEFT_W, pdf.line, latin1(f"-  {title}"), align="L",
                       new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(2.5)
    _link_in_words(pdf, link)
    pdf.set_y(max(pdf.get_y(), top + QR_W + 10) + 2)
    pdf.heading("What it is not")
    pdf.para(WHAT_IT_IS_NOT)
    pdf.heading("What it keeps, and how to delete it")
    pdf.para(WHAT_IT_KEEPS, gap=4)
    _crisis_box(pdf, contacts)
    if pathway.contact is not None:
        _service_contact(pdf, pathway)
    if pdf.get_y() > FOOTER_Y or pdf.page_no() != 1:
        return None
    _footer(pdf, pathway, contacts, made_on)
    return pdf


def _sample_banner(pdf: _Page) -> None:
    pdf.set_font(FONT, "B", 9)
    pdf.set_text_color(150, 30, 30)
    pdf.cell(WIDTH, 5, "SAMPLE: the link and QR code point at a placeholder bot name.",
             align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_text_color(*INK)
    pdf.ln(1)


def _title(pdf: _Page, pathway: Pathway) -> None:
    pdf.set_font(FONT, "B", 21)
    pdf.set_text_color(*ACCENT)
    pdf.cell(WIDTH, 10, "A self-help companion on Telegram", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font(FONT, "", 12.5)
    pdf.set_text_color(*INK)
    pdf.cell(WIDTH, 7, latin1(f"Suggested for: {pathway.title}"),
             new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(2)
    pdf.set_fill_color(*PALE)
    pdf.set_font(FONT, "I", pdf.body + 0.5)
    pdf.multi_cell(WIDTH, pdf.line + 0.6, latin1(pathway.welcome), fill=True, padding=(3, 4),
                   align="L",
                   new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(5)


def _qr_column(pdf: _Page, link: str, qr_png: io.BytesIO, top: float) -> None:
    x = MARGIN + WIDTH - QR_W
    pdf.image(qr_png, x=x, y=top, w=QR_W, h=QR_W)
    pdf.set_xy(x, top + QR_W + 1)
    pdf.set_font(FONT, "", 9)
    pdf.multi_cell(QR_W, 4.3, "Scan this with your phone's camera, then press Start.",
                   align="C", new_x=XPos.LEFT, new_y=YPos.NEXT)


def _link_in_words(pdf: _Page, link: str) -> None:
    """The link on one line if it fits, else broken before "?start=", never inside a word."""
    pdf.heading("How to start", width=LEFT_W)
    pdf.set_font(FONT, "", pdf.body)
    pdf.cell(LEFT_W, 5.5, "Scan the code, or open this link on your phone:",
             new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font(FONT, "B", 11)
    base, _, code = link.partition("?")
    lines = [link] if pdf.get_string_width(link) <= LEFT_W else [base, f"?{code}"]
    for line in lines:
        # A very long code still wraps inside the column, by character, never into the QR code.
        pdf.multi_cell(LEFT_W, 5.8, latin1(line), align="L", wrapmode=WrapMode.CHAR,
                       new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def _crisis_box(pdf: _Page, contacts: tuple[Contact, ...]) -> None:
    top = pdf.get_y()
    pdf.set_left_margin(MARGIN + 5)
    pdf.set_right_margin(MARGIN + 5)
    inner = WIDTH - 10
    pdf.set_xy(MARGIN + 5, top + 4)
    pdf.set_font(FONT, "B", 13)
    pdf.set_text_color(*ACCENT)
    pdf.cell(inner, 6.5, "If you need help now", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_text_color(*INK)
    pdf.set_font(FONT, "", pdf.body)
    pdf.multi_cell(inner, pdf.line, "In danger right now, or someone is hurt: call 999. These "
                   "answer even when this companion can't:", align="L",
                   new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(1.5)
    for contact in contacts:
        pdf.set_font(FONT, "", pdf.body)
        line = latin1(_bold_name(contact_line(contact), contact.name))
        pdf.multi_cell(inner, pdf.line + 0.2, line,
                       markdown=True, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        if contact.id == "emergency_999":
            pdf.set_font(FONT, "", pdf.body - 1)
            pdf.multi_cell(inner, pdf.line - 0.4, latin1(contact.note), align="L",
                           new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.ln(1)
    bottom = pdf.get_y() + 2.5
    pdf.set_left_margin(MARGIN)
    pdf.set_right_margin(MARGIN)
    pdf.set_draw_color(*ACCENT)
    pdf.set_line_width(0.8)
    pdf.rect(MARGIN, top, WIDTH, bottom - top)
    pdf.set_xy(MARGIN, bottom + 3)


def _bold_name(line: str, name: str) -> str:
    """The contact's name in bold (fpdf2 markdown), the rest plain."""
    return f"**{name}**{line[len(name):]}"


def _service_contact(pdf: _Page, pathway: Pathway) -> None:
    contact = pathway.contact
    ways = ", ".join(w for w in (contact.phone and f"call {contact.phone}", contact.url) if w)
    pdf.heading("The service that gave you this")
    pdf.para(f"{contact.name}: {ways}. {contact.hours}. This is as well as, never instead of, "
             "the numbers above.", gap=0)


def _footer(pdf: _Page, pathway: Pathway, contacts: tuple[Contact, ...], made_on: date) -> None:
    oldest = min(c.checked for c in contacts)
    pdf.set_xy(MARGIN, FOOTER_Y)
    pdf.set_font(FONT, "", 8)
    pdf.set_text_color(90, 90, 90)
    note = (f"Pathway {pathway.code}. Made {made_on.day} {made_on:%B %Y}. Crisis numbers from the "
            f"companion's contacts data; the oldest was last checked {oldest:%B %Y}: check "
            "opening times on the organisations' own websites. What is kept, in full: "
            "ask the companion \"what do you keep about me\".")
    pdf.multi_cell(WIDTH, 3.8, latin1(note), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
