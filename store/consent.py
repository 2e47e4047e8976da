"""The person's yes to keeping things about them (UK GDPR Art. 9 explicit consent), with its date.

No row: nothing personal may be stored (exercises and signposting still work). Withdrawing
deletes the row, so nothing more is kept; what was kept stays until the person deletes it or
it is pruned. `last_used_at` is when the person last used what is kept, which is what
`PERSONAL_RETENTION_DAYS` counts from (store/retention.py).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, DateTime, Integer, UniqueConstraint, select

from store.checkins import as_utc
from store.db import Base, PersonalStore, person_column

# What the consent screen said was kept when the person said yes (raise it if the screen's
# meaning changes, so that older consents can be told apart and asked again).
CONSENT_VERSION = 1


class DataConsent(Base):
    __tablename__ = "data_consents"
    __table_args__ = (UniqueConstraint("person"),)
    id = Column(Integer, primary_key=True)
    person = person_column()
    given_at = Column(DateTime(timezone=True), nullable=False)
    version = Column(Integer, nullable=False)
    last_used_at = Column(DateTime(timezone=True), nullable=False)


def give(store: PersonalStore, person: str, at: datetime) -> None:
    """Record the yes (a second yes keeps the first date)."""
    with store.session() as session:
        row = session.scalar(select(DataConsent).where(DataConsent.person == person))
        if row is None:
            session.add(DataConsent(person=person, given_at=as_utc(at), version=CONSENT_VERSION,
                                    last_used_at=as_utc(at)))
        else:
            row.last_used_at = as_utc(at)


def given(store: PersonalStore, person: str) -> bool:
    with store.session() as session:
        return session.scalar(
            select(DataConsent.id).where(DataConsent.person == person)) is not None


def given_at(store: PersonalStore, person: str) -> datetime | None:
    with store.session() as session:
        at = session.scalar(select(DataConsent.given_at).where(DataConsent.person == person))
    return None if at is None else as_utc(at)


def withdraw(store: PersonalStore, person: str) -> bool:
    """Forget the yes; True if there was one. Records already kept are not touched here."""
    with store.session() as session:
        row = session.scalar(select(DataConsent).where(DataConsent.person == person))
        if row is None:
            return False
        session.delete(row)
        return True


def touch(store: PersonalStore, person: str, at: datetime) -> None:
    """The person used what is kept: retention counts from now."""
    with store.session() as session:
        row = session.scalar(select(DataConsent).where(DataConsent.person == person))
        if row is not None:
            row.last_used_at = as_utc(at)
