"""How one message changes what the person is looking for (the support_* slots).

Kept out of the actions so it can be tested as plain Python. The rules:
- a request names a topic, a place, or both; whatever it leaves out is reused
  from before ("what about online", "any in Perth instead");
- a new topic starts the filters (when, how, what kind) afresh; a new place or
  way of meeting keeps them;
- the bare /find_group command (the /groups menu) starts from scratch;
- asking for a time ("tonight") or a way that needs no travel (phone, text,
  online) with no place needs no place, so none is asked for;
- when the bot has asked once for the topic or place and the answer names none,
  it takes "anything" or "anywhere" instead of asking again;
- crisis, a means question, stop and menu never fill anything, so the form
  rejects them and the crisis and stop rules answer instead;
- "carry on" (the form resumed after a crisis answer) restates what is already
  known, so the form is not rejected and asks only for what is still missing.
"""

from __future__ import annotations

from typing import Any

from signposting.places import NEAR_ME, ONLINE, PHONE, gazetteer, place_from_key
from signposting.understanding import GENERAL, read_request

TOPIC, PLACE = "support_topic", "support_place"
MODE, KIND, WHEN, FAMILY = "support_mode", "support_kind", "support_when", "support_family"
LOCATED = "support_located_town"
FILTERS = (MODE, KIND, WHEN, FAMILY)
NEVER_AN_ANSWER = frozenset({"crisis", "ask_means", "stop", "show_menu"})
# Intents whose text is an answer that names nothing: "dunno", "naw", "any".
NO_PREFERENCE = frozenset({"deny", "affirm", "nlu_fallback", "out_of_scope"})
START_COMMAND = "/find_group"
RESUME_INTENT = "carry_on"
_ENTITY_SLOTS = {"support_topic": TOPIC, "support_place": PLACE, "support_mode": MODE,
                 "support_kind": KIND, "support_when": WHEN}


def slot_updates(message: dict[str, Any], slots: dict[str, Any],
                 requested: str | None) -> dict[str, Any]:
    """The slot values this message sets (None clears one). Empty: it said nothing."""
    intent = (message.get("intent") or {}).get("name")
    if intent in NEVER_AN_ANSWER:
        return {}
    if intent == RESUME_INTENT:
        known = {name: slots[name] for name in (TOPIC, PLACE) if slots.get(name)}
        return known or {FAMILY: bool(slots.get(FAMILY))}
    text = (message.get("text") or "").strip()
    entities = {e.get("entity"): e.get("value") for e in message.get("entities") or ()}
    if text == START_COMMAND and not entities:
        return {TOPIC: None, PLACE: None, MODE: None, KIND: None, WHEN: None, FAMILY: False}
    updates = _from_entities(entities) if entities else _from_text(text, slots)
    if requested == TOPIC and TOPIC not in updates:
        updates[TOPIC] = GENERAL
    if requested == PLACE and not updates.get(PLACE):
        updates[PLACE] = "anywhere"
    return updates


def fresh_search(text: str) -> tuple[list[str], str | None]:
    """Topic ids and place key a new search in these words would start with.

    The form's own reading, for those that need it outside the form: the clarifying
    buttons carry what was said, and the evaluation scores what the form would search.
    """
    updates = slot_updates({"text": text, "intent": {"name": "find_group"}}, {}, None)
    topics = [topic for topic in str(updates.get(TOPIC) or "").split(",") if topic]
    return topics, updates.get(PLACE)


def _from_entities(entities: dict[str, Any]) -> dict[str, Any]:
    """Button payloads and a shared location."""
    updates = {slot: entities[name] for name, slot in _ENTITY_SLOTS.items()
               if isinstance(entities.get(name), str) and entities[name]}
    # A pathway's preset may name several topics, comma-joined as the slot keeps them.
    if TOPIC in updates and not set(updates[TOPIC].split(",")) <= _topic_ids():
        del updates[TOPIC]
    if PLACE in updates and place_from_key(updates[PLACE]) is None:
        del updates[PLACE]
    latitude, longitude = entities.get("latitude"), entities.get("longitude")
    if latitude is not None and longitude is not None:
        try:
            town = gazetteer().nearest_town(float(latitude), float(longitude))
        except (TypeError, ValueError):
            town = None
        # Only the nearest town is kept, never the coordinates.
        updates[PLACE] = f"town:{town.name}" if town else "anywhere"
        if town:
            updates[LOCATED] = town.name
    return updates


def _from_text(text: str, slots: dict[str, Any]) -> dict[str, Any]:
    request = read_request(text, slots.get(LOCATED))
    updates: dict[str, Any] = {}
    if request.topics:
        updates[TOPIC] = ",".join(request.topics)
        updates.update({MODE: None, KIND: None, WHEN: None, FAMILY: request.for_family})
    place = request.place
    if place is not None and not (place.kind == NEAR_ME and not place.areas):
        updates[PLACE] = place.key
        if place.is_geographic and not request.modes and slots.get(MODE) in ("online", "phone"):
            updates[MODE] = None  # "any in Perth instead" after "what about online"
    if request.modes:
        updates[MODE] = request.modes[0]
    elif place is not None and place.kind in (ONLINE, PHONE):
        updates[MODE] = "online" if place.kind == ONLINE else "phone"
    if request.kinds:
        updates[KIND] = request.kinds[0]
    if request.when:
        updates[WHEN] = request.when
    remote = updates.get(WHEN) or updates.get(MODE) in ("phone", "text", "online")
    if remote and PLACE not in updates and not slots.get(PLACE):
        # Someone to talk to tonight, or by phone: where they are does not matter.
        updates[PLACE] = {"phone": PHONE, "online": ONLINE}.get(updates.get(MODE), "anywhere")
    return updates


def _topic_ids() -> frozenset[str]:
    from signposting.directory import load_directory

    return frozenset(load_directory().topics)
