"""What is kept about exercises: favourites, finished runs, and notes the person chose to save."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, DateTime, Integer, String, Text, UniqueConstraint, select

from store.db import Base, PersonalStore, person_column


class FavouriteExercise(Base):
    __tablename__ = "favourite_exercises"
    __table_args__ = (UniqueConstraint("person", "exercise_id"),)
    id = Column(Integer, primary_key=True)
    person = person_column()
    exercise_id = Column(String(64), nullable=False)
    added_at = Column(DateTime(timezone=True), nullable=False)


class ExerciseRun(Base):
    """A finished exercise, with the optional 0-10 ratings before and after."""

    __tablename__ = "exercise_runs"
    id = Column(Integer, primary_key=True)
    person = person_column()
    exercise_id = Column(String(64), nullable=False)
    finished_at = Column(DateTime(timezone=True), nullable=False)
    rating_before = Column(Integer)
    rating_after = Column(Integer)


class ExerciseNote(Base):
    """Something the person wrote in an exercise and chose to keep."""

    __tablename__ = "exercise_notes"
    id = Column(Integer, primary_key=True)
    person = person_column()
    exercise_id = Column(String(64), nullable=False)
    step_id = Column(String(64), nullable=False)
    text = Column(Text, nullable=False)
    saved_at = Column(DateTime(timezone=True), nullable=False)


def add_favourite(store: PersonalStore, person: str, exercise_id: str, at: datetime) -> None:
    """Keep an exercise as a favourite; keeping it twice changes nothing."""
    with store.session() as session:
        exists = session.scalar(
            select(FavouriteExercise.id).where(
                FavouriteExercise.person == person, FavouriteExercise.exercise_id == exercise_id
            )
        )
        if exists is None:
            session.add(FavouriteExercise(person=person, exercise_id=exercise_id, added_at=at))


def remove_favourite(store: PersonalStore, person: str, exercise_id: str) -> None:
    with store.session() as session:
        for row in session.scalars(
            select(FavouriteExercise).where(
                FavouriteExercise.person == person, FavouriteExercise.exercise_id == exercise_id
            )
        ):
            session.delete(row)


def favourites(store: PersonalStore, person: str) -> list[str]:
    """Favourite exercise ids, oldest first (the order the person chose them)."""
    with store.session() as session:
        return list(
            session.scalars(
                select(FavouriteExercise.exercise_id)
                .where(FavouriteExercise.person == person)
                .order_by(FavouriteExercise.added_at, FavouriteExercise.id)
            )
        )


def record_run(
    store: PersonalStore,
    person: str,
    exercise_id: str,
    at: datetime,
    rating_before: int | None = None,
    rating_after: int | None = None,
) -> None:
    with store.session() as session:
        session.add(
            ExerciseRun(
                person=person,
                exercise_id=exercise_id,
                finished_at=at,
                rating_before=rating_before,
                rating_after=rating_after,
            )
        )


def last_run(store: PersonalStore, person: str) -> tuple[str, datetime] | None:
    """The most recently finished exercise, for "do the one I did yesterday"."""
    with store.session() as session:
        row = session.execute(
            select(ExerciseRun.exercise_id, ExerciseRun.finished_at)
            .where(ExerciseRun.person == person)
            .order_by(ExerciseRun.finished_at.desc(), ExerciseRun.id.desc())
            .limit(1)
        ).first()
    return None if row is None else (row[0], row[1])


def save_note(
    store: PersonalStore, person: str, exercise_id: str, step_id: str, text: str, at: datetime
) -> None:
    with store.session() as session:
        session.add(
            ExerciseNote(
                person=person, exercise_id=exercise_id, step_id=step_id, text=text, saved_at=at
            )
        )


def notes(store: PersonalStore, person: str) -> list[tuple[str, str, str, datetime]]:
    """Saved notes as (exercise id, step id, text, saved at), oldest first."""
    with store.session() as session:
        rows = session.execute(
            select(
                ExerciseNote.exercise_id,
                ExerciseNote.step_id,
                ExerciseNote.text,
                ExerciseNote.saved_at,
            )
            .where(ExerciseNote.person == person)
            .order_by(ExerciseNote.saved_at, ExerciseNote.id)
        )
        return [tuple(row) for row in rows]


def runs(store: PersonalStore, person: str) -> list[tuple[str, datetime, int | None, int | None]]:
    """Finished runs as (exercise id, finished at, rating before, rating after), oldest first."""
    with store.session() as session:
        rows = session.execute(
            select(ExerciseRun.exercise_id, ExerciseRun.finished_at,
                   ExerciseRun.rating_before, ExerciseRun.rating_after)
            .where(ExerciseRun.person == person)
            .order_by(ExerciseRun.finished_at, ExerciseRun.id)
        )
        return [tuple(row) for row in rows]
