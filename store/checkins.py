"""What is kept of check-ins: mood ratings with an optional word, and outcome ratings."""

from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import Column, DateTime, Integer, String, func, select

from store.db import Base, PersonalStore, person_column


class MoodCheckin(Base):
    """A 0-10 mood rating, with the one word the person chose (if any)."""

    __tablename__ = "mood_checkins"
    id = Column(Integer, primary_key=True)
    person = person_column()
    at = Column(DateTime(timezone=True), nullable=False)
    mood = Column(Integer, nullable=False)
    word = Column(String(64))


class OutcomeRating(Base):
    """How much the person agrees with one personal outcome statement, 1 (not at all) to 5."""

    __tablename__ = "outcome_ratings"
    id = Column(Integer, primary_key=True)
    person = person_column()
    at = Column(DateTime(timezone=True), nullable=False)
    statement = Column(String(32), nullable=False)
    rating = Column(Integer, nullable=False)


def as_utc(moment: datetime) -> datetime:
    """SQLite gives back naive datetimes; every stored moment is UTC, so say so again."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc)


def record_mood(
    store: PersonalStore, person: str, at: datetime, mood: int, word: str | None = None
) -> None:
    with store.session() as session:
        session.add(MoodCheckin(person=person, at=as_utc(at), mood=mood, word=word))


def record_outcomes(
    store: PersonalStore, person: str, at: datetime, ratings: dict[str, int]
) -> None:
    """Ratings of several statements answered in one check-in, all at the same moment."""
    with store.session() as session:
        for statement, rating in ratings.items():
            session.add(
                OutcomeRating(person=person, at=as_utc(at), statement=statement, rating=rating)
            )


def moods(store: PersonalStore, person: str) -> list[tuple[datetime, int, str | None]]:
    """(when, mood, word), oldest first."""
    with store.session() as session:
        rows = session.execute(
            select(MoodCheckin.at, MoodCheckin.mood, MoodCheckin.word)
            .where(MoodCheckin.person == person)
            .order_by(MoodCheckin.at, MoodCheckin.id)
        )
        return [(as_utc(at), mood, word) for at, mood, word in rows]


def outcomes(store: PersonalStore, person: str) -> list[tuple[datetime, str, int]]:
    """(when, statement id, rating), oldest first."""
    with store.session() as session:
        rows = session.execute(
            select(OutcomeRating.at, OutcomeRating.statement, OutcomeRating.rating)
            .where(OutcomeRating.person == person)
            .order_by(OutcomeRating.at, OutcomeRating.id)
        )
        return [(as_utc(at), statement, rating) for at, statement, rating in rows]


def last_outcomes_at(store: PersonalStore, person: str) -> datetime | None:
    """When the outcome statements were last answered, to know when to offer them again."""
    with store.session() as session:
        latest = session.scalar(
            select(func.max(OutcomeRating.at)).where(OutcomeRating.person == person)
        )
    return None if latest is None else as_utc(latest)
