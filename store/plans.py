"""What is kept of a staying-well plan: one row per section the person has written."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, DateTime, Integer, String, Text, UniqueConstraint, select

from store.db import Base, PersonalStore, person_column


class PlanSection(Base):
    """One section of the plan in the person's own words; rewriting it replaces the text."""

    __tablename__ = "plan_sections"
    __table_args__ = (UniqueConstraint("person", "section"),)
    id = Column(Integer, primary_key=True)
    person = person_column()
    section = Column(String(32), nullable=False)
    text = Column(Text, nullable=False)
    updated_at = Column(DateTime(timezone=True), nullable=False)


def save_section(store: PersonalStore, person: str, section: str, text: str, at: datetime) -> None:
    """Keep (or replace) one section, so a plan stopped halfway keeps what was said."""
    with store.session() as session:
        row = session.scalar(
            select(PlanSection).where(PlanSection.person == person, PlanSection.section == section)
        )
        if row is None:
            session.add(PlanSection(person=person, section=section, text=text, updated_at=at))
        else:
            row.text, row.updated_at = text, at


def plan_sections(store: PersonalStore, person: str) -> dict[str, str]:
    """Section key -> text, for the sections the person has written."""
    with store.session() as session:
        rows = session.execute(
            select(PlanSection.section, PlanSection.text).where(PlanSection.person == person)
        )
        return {section: text for section, text in rows}
