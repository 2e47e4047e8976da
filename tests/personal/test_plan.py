"""The staying-well plan: reading it back, the file, the crisis extras."""

from __future__ import annotations

from datetime import datetime, timezone

from personal import plan
from safety.crisis_reply import PersonalPlan, compose_general_reply
from store.db import PersonalStore

AT = datetime(2026, 11, 23, 21, 30, tzinfo=timezone.utc)


def test_sections_in_order_with_slots() -> None:
    assert plan.SLOTS[0] == "plan_well" and plan.SLOTS[-1] == "plan_crisis"
    assert len(plan.SECTIONS) == 7
    assert "WRAP" not in " ".join(s.title for s in plan.SECTIONS)


def test_which_part_the_person_means() -> None:
    assert plan.section_from_text("change my warning signs").key == "warning_signs"
    assert plan.section_from_text("update who i can contact").key == "contacts"
    assert plan.section_from_text("edit my plan") is None


def test_render_leaves_out_unwritten_parts() -> None:
    shown = plan.render({"what_helps": "a walk", "well": "chatty"})
    assert shown.index("chatty") < shown.index("a walk")
    assert "warning" not in shown.lower()


def test_document_lists_every_part_and_the_advance_statement_note() -> None:
    made = plan.document({"crisis": "call my sister first"}, AT)
    assert made["filename"] == "staying-well-plan-2026-11-23.txt"
    assert "(not written yet)" in made["text"]
    assert "call my sister first" in made["text"]
    assert "Advance Statement" in made["text"]
    assert "Advance Statement" not in plan.document({"well": "calm"}, AT)["text"]


def test_answers_are_tidied_and_capped() -> None:
    assert plan.tidy_answer("  a   walk \n\n music ") == "a walk\nmusic"
    assert len(plan.tidy_answer("x" * 5000)) == plan.MAX_SECTION_CHARS


def test_crisis_extras_for_the_lead(store: PersonalStore) -> None:
    assert plan.crisis_extras(store, "alice") == (None, None)
    assert plan.crisis_plan(store, "alice") is None
    plan.save(store, "alice", "what_helps", "a walk, my music", AT)
    plan.save(store, "alice", "contacts", "my sister (text her)", AT)
    assert plan.crisis_extras(store, "alice") == ("a walk, my music", "my sister (text her)")
    personal = plan.crisis_plan(store, "alice")
    assert personal == PersonalPlan(what_helps=("a walk", "my music"),
                                    contacts=("my sister (text her)",))
    reply = compose_general_reply(AT, personal)
    assert "my music" in " ".join(reply.messages)
