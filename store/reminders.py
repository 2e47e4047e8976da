"""The person's choice of check-in reminders (bot/ keeps its own copy to reach the chat)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, DateTime, Integer, String, UniqueConstraint, select

from store.db import Base, PersonalStore, person_column


class ReminderChoice(Base):
    """Daily or weekly, at a UK wall-clock time; no row means no reminders."""

    __tablename__ = "reminder_choices"
    __table_args__ = (UniqueConstraint("person"),)
    id = Column(Integer, primary_key=True)
    person = person_column()
    frequency = Column(String(8), nullable=False)
    weekday = Column(Integer)  # 0 = Monday, for weekly reminders
    at_time = Column(String(5), nullable=False)  # "HH:MM", Europe/London
    chosen_at = Column(DateTime(timezone=True), nullable=False)


def choose(
    store: PersonalStore,
    person: str,
    frequency: str,
    at_time: str,
    weekday: int | None,
    chosen_at: datetime,
) -> None:
    """Keep the person's one reminder choice, replacing any earlier one."""
    with store.session() as session:
        row = session.scalar(select(ReminderChoice).where(ReminderChoice.person == person))
        if row is None:
            row = ReminderChoice(person=person)
            session.add(row)
        row.frequency, row.at_time, row.weekday, row.chosen_at = (
            frequency, at_time, weekday, chosen_at
        )


def clear(store: PersonalStore, person: str) -> bool:
    """Forget the reminder choice; True if there was one."""
    with store.session() as session:
        row = session.scalar(select(ReminderChoice).where(ReminderChoice.person == person))
        if row is None:
            return False
        session.delete(row)
        return True


def current(store: PersonalStore, person: str) -> tuple[str, str, int | None] | None:
    """(frequency, "HH:MM", weekday) or None."""
    with store.session() as session:
        row = session.execute(
            select(ReminderChoice.frequency, ReminderChoice.at_time, ReminderChoice.weekday)
            .where(ReminderChoice.person == person)
        ).first()
    return None if row is None else (row[0], row[1], row[2])
