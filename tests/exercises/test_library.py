"""The exercise files: schema, sources, wording, and the library's API.

Every file is checked here, so content can be edited without reading Python,
and a broken file fails with its name before it can reach a person.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
import yaml

from exercises import library
from exercises.library import DEFAULT_DIR, ExerciseError, load_exercises, read_exercise
from exercises.model import KINDS, MAX_TEXT_CHARS, MAX_TITLE_CHARS, TAGS

ROOT = Path(__file__).resolve().parents[2]
FILES = sorted(DEFAULT_DIR.glob("*.yml"))

# The only sources exercises may cite: the named sources in
# /work/shared/reference/exercise-sources.md (by their own addresses), plus the
# specific public pages followed for the techniques that file asks us to cite
# page by page (grounding, self-compassion breaks, urge surfing, worry time and
# the worry tree, pacing and energy planning).
ALLOWED_SOURCES: dict[str, tuple[str, ...]] = {
    "NHS inform": ("https://www.nhsinform.scot/",),
    "NHS relaxed breathing guidance": (
        "https://www.nhs.uk/mental-health/self-help/guides-tools-and-activities/"
        "breathing-exercises-for-stress/",
    ),
    "Moodjuice": ("https://www.moodjuice.scot.nhs.uk/",),
    "Wellbeing Lothian": ("https://services.nhslothian.scot/wellbeinglothian/",),
    "Living Life to the Full": ("https://llttf.com/",),
    # Specific pages, one technique each.
    "Mind": ("https://mind.turtl.co/story/wellbeing-activities/",),
    "MindWell Leeds": ("https://www.mindwell-leeds.org.uk/the-worry-tree/",),
    "Recovery College Online": (
        "https://www.recoverycollegeonline.co.uk/lessons/practicing-self-compassion/",
    ),
    "Chest Heart & Stroke Scotland": ("https://chss.org.uk/living-well/fatigue-and-pacing/",),
    # Urge surfing comes from mindfulness-based relapse prevention (exercise-sources.md):
    # the programme's own site.
    "Mindfulness-Based Relapse Prevention": ("https://www.mindfulrp.com/",),
}

# The twelve techniques the companion must offer, and the file for each.
TECHNIQUES = {
    "paced (relaxed) breathing": "paced_breathing",
    "5-4-3-2-1 grounding": "grounding_54321",
    "short progressive muscle relaxation": "muscle_relaxation",
    "CBT thought record": "thought_record",
    "behavioural activation": "behavioural_activation",
    "structured problem solving": "problem_solving",
    "worry time / worry tree": "worry_time",
    "sleep wind-down": "sleep_wind_down",
    "self-compassion pause": "self_compassion",
    "noticing strengths": "noticing_strengths",
    "pacing energy": "pacing_energy",
    "urge surfing": "urge_surfing",
}

REQUIRED = {
    "id", "title", "summary", "helps_with", "minutes", "source", "checked", "intro",
    "steps", "outro",
}
# Self-help, not treatment: no promises of cure or clinical effect.
CLAIMS = re.compile(
    r"\b(cures?|cured|treats?|treatment|heals?|guarantee\w*|proven|clinically|"
    r"will (fix|stop|cure)|get rid of)\b",
    re.IGNORECASE,
)


def texts(raw: dict) -> list[str]:
    found = [raw["summary"], raw["intro"], raw["outro"]]
    for step in raw["steps"]:
        found.append(step["text"])
        found.extend(option["title"] for option in step.get("options", []))
    return found


@pytest.mark.parametrize("path", FILES, ids=lambda path: path.stem)
class TestEveryFile:
    def test_loads(self, path: Path) -> None:
        assert read_exercise(path).id == path.stem

    def test_required_fields(self, path: Path) -> None:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert set(raw) == REQUIRED
        assert set(raw["source"]) == {"name", "url"}

    def test_tags_from_the_vocabulary(self, path: Path) -> None:
        exercise = read_exercise(path)
        assert exercise.helps_with and set(exercise.helps_with) <= set(TAGS)

    def test_source_is_an_allowed_one(self, path: Path) -> None:
        source = read_exercise(path).source
        assert source.name in ALLOWED_SOURCES, source.name
        assert source.url.startswith(ALLOWED_SOURCES[source.name]), source.url

    def test_checked_date(self, path: Path) -> None:
        assert read_exercise(path).checked == date(2026, 11, 23)

    def test_fits_a_phone(self, path: Path) -> None:
        exercise = read_exercise(path)
        assert len(exercise.title) <= MAX_TITLE_CHARS
        assert len(exercise.intro) <= MAX_TEXT_CHARS and len(exercise.outro) <= MAX_TEXT_CHARS
        for step in exercise.steps:
            assert len(step.text) <= MAX_TEXT_CHARS, step.id
            assert all(len(option.title) <= MAX_TITLE_CHARS for option in step.options)

    def test_steps_are_well_formed(self, path: Path) -> None:
        for step in read_exercise(path).steps:
            assert step.kind in KINDS
            if step.kind == "timed":
                assert step.seconds and step.seconds > 0
            if step.kind == "write":
                assert step.prompt_key
            if step.kind == "choice":
                assert len(step.options) >= 2

    def test_summary_is_one_sentence(self, path: Path) -> None:
        summary = read_exercise(path).summary
        assert summary.endswith(".") and not re.search(r"[.!?]\s", summary)

    def test_no_clinical_claims(self, path: Path) -> None:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        for text in texts(raw):
            assert not CLAIMS.search(text), text


def test_all_twelve_techniques_are_there() -> None:
    exercises = load_exercises()
    assert len(exercises) >= 12
    missing = [name for name, file in TECHNIQUES.items() if file not in exercises]
    assert not missing


def test_gentle_notes_where_the_body_is_involved() -> None:
    relax = library.get("muscle_relaxation")
    assert "skip it" in relax.intro and "hurts" in relax.intro
    pacing = library.get("pacing_energy")
    assert "care team" in pacing.intro


def test_breathing_follows_the_nhs_count() -> None:
    (breathe,) = [s for s in library.get("paced_breathing").steps if s.kind == "timed"]
    assert breathe.pace and breathe.pace.breathe_in == breathe.pace.breathe_out == 5
    assert 180 <= breathe.seconds <= 300


def test_get_and_unknown() -> None:
    assert library.get("urge_surfing").title == "Urge surfing"
    assert library.get("urge_surfing") is library.get("urge_surfing")
    with pytest.raises(KeyError, match="no_such"):
        library.get("no_such")


def test_by_tag_puts_the_main_fit_first() -> None:
    assert library.by_tag("sleep")[0].id == "sleep_wind_down"
    assert library.by_tag("cravings")[0].id == "urge_surfing"
    with pytest.raises(ValueError):
        library.by_tag("happiness")


def test_themes_cover_every_exercise_under_each_of_its_tags() -> None:
    themes = library.themes()
    assert list(themes) == [tag for tag in TAGS if tag in themes]
    for exercise in library.all_exercises():
        for tag in exercise.helps_with:
            assert exercise in themes[tag]


def test_all_exercises_shortest_first() -> None:
    minutes = [exercise.minutes for exercise in library.all_exercises()]
    assert minutes == sorted(minutes)


def test_found_from_any_working_directory_and_without_work_at_import(tmp_path: Path) -> None:
    code = (
        "import sys\n"
        "import exercises\n"
        "from exercises import library\n"
        "assert library._library.cache_info().currsize == 0\n"
        "assert not any(m == 'rasa' or m.startswith(('rasa.', 'rasa_sdk')) for m in sys.modules)\n"
        "print(len(exercises.all_exercises()))\n"
    )
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert int(result.stdout) >= 12


GOOD = {
    "id": "sample",
    "title": "Sample",
    "summary": "A sample.",
    "helps_with": ["stress"],
    "minutes": 2,
    "source": {"name": "NHS inform", "url": "https://www.nhsinform.scot/"},
    "checked": date(2026, 11, 23),
    "intro": "Hello.",
    "steps": [
        {"id": "one", "kind": "info", "text": "Read this."},
        {"id": "two", "kind": "choice", "text": "Pick.", "options": [
            {"value": "a", "title": "A", "next": "four"}, {"value": "b", "title": "B"}]},
        {"id": "three", "kind": "write", "text": "Type.", "prompt_key": "typed"},
        {"id": "four", "kind": "timed", "text": "Wait.", "seconds": 20,
         "pace": {"in": 4, "out": 6, "rounds": 2}},
    ],
    "outro": "Bye.",
}


def write(tmp_path: Path, data: dict, name: str = "sample") -> Path:
    path = tmp_path / f"{name}.yml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def changed(**fields: object) -> dict:
    data = yaml.safe_load(yaml.safe_dump(GOOD))
    data.update(fields)
    return data


def step_changed(index: int, **fields: object) -> dict:
    data = changed()
    data["steps"][index].update(fields)
    return data


def test_a_good_file_loads(tmp_path: Path) -> None:
    exercise = read_exercise(write(tmp_path, GOOD))
    assert exercise.steps[3].pace.rounds == 2
    assert exercise.steps[1].options[0].next == "four"


@pytest.mark.parametrize(
    ("data", "field"),
    [
        (changed(title="x" * 31), "title"),
        (changed(helps_with=["happiness"]), "helps_with"),
        (changed(helps_with=[]), "helps_with"),
        (changed(minutes=0), "minutes"),
        (changed(checked="soon"), "checked"),
        (changed(id="other"), "id"),
        (changed(summary="One. Two."), "summary"),
        (changed(source={"name": "NHS inform", "url": "http://x"}), "source.url"),
        (changed(colour="blue"), "file"),
        (changed(steps=[]), "steps"),
        ({k: v for k, v in GOOD.items() if k != "outro"}, "file"),
        (step_changed(0, kind="video"), "steps[0].kind"),
        (step_changed(0, text="x" * 401), "steps[0].text"),
        (step_changed(0, seconds=10), "steps[0]"),
        (step_changed(3, seconds=0), "steps[3].seconds"),
        (step_changed(3, pace={"in": 10, "out": 10, "rounds": 5}), "steps[3].pace"),
        (step_changed(2, prompt_key=None), "steps[2].prompt_key"),
        (step_changed(1, options=[{"value": "a", "title": "A"}]), "steps[1].options"),
        (step_changed(1, options=[{"value": True, "title": "Yes"},
                                  {"value": "b", "title": "B"}]), "steps[1].options[0].value"),
        (step_changed(1, options=[{"value": "a", "title": "A", "next": "one"},
                                  {"value": "b", "title": "B"}]), "steps[1].options[0].next"),
        (step_changed(1, id="one"), "steps"),
    ],
)
def test_a_bad_file_names_file_and_field(tmp_path: Path, data: dict, field: str) -> None:
    with pytest.raises(ExerciseError) as error:
        read_exercise(write(tmp_path, data))
    assert str(error.value).startswith(f"sample.yml: {field}")


def test_broken_yaml_and_empty_directory(tmp_path: Path) -> None:
    (tmp_path / "sample.yml").write_text("id: [unclosed", encoding="utf-8")
    with pytest.raises(ExerciseError, match="sample.yml: yaml"):
        load_exercises(tmp_path)
    with pytest.raises(ExerciseError, match="no exercise files"):
        load_exercises(tmp_path / "empty")
