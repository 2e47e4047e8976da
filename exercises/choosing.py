"""Suggest exercises for a need, in the words people actually type.

People say "cannae sleep" or "heid's mince", not "insomnia" or "rumination",
so needs are matched on everyday UK and Scots phrasing, turned into tags from
the fixed vocabulary, and exercises ranked by how well their tags fit. The
same words always give the same suggestions, in the same order.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Iterable

from exercises import library
from exercises.model import TAGS, Exercise

# (pattern over normalised text: lower case, no apostrophes, single spaces), tag weights.
# Apostrophes are dropped before matching, so "can't" is written "cant" here.
_NEEDS: tuple[tuple[str, dict[str, float]], ...] = (
    (r"calm (me )?down|settle (me )?down|chill out", {"anxiety": 2, "stress": 1.5, "panic": 1}),
    (r"panic\w*|heart (going|racing|pounding)|like the clappers|(cant|cannae) breathe",
     {"panic": 3, "anxiety": 1}),
    (r"anxious|anxiety|anxietys|anxieties|nervous|nerves|on edge|jittery|butterflies|"
     r"in a state|worked up|scared|frightened|shaky|uneasy", {"anxiety": 2}),
    (r"worr\w*|overthink\w*|what ifs?|heads? spinning|heids? mince|mind (is )?racing|"
     r"(cant|cannae) switch (off|aff)|ruminat\w*|going round (and round )?in my head",
     {"worry": 3, "anxiety": 0.5}),
    (r"heids? mince|heads? (a )?mess|(cant|cannae) think straight",
     {"stress": 1, "worry": 1}),
    (r"sleep\w*|insomnia|lying awake|up all night|wide awake|awake at \w+|(cant|cannae) nod off",
     {"sleep": 3}),
    (r"(feel(ing)?|im|so|really|pure|a bit) (low|down)|low mood|down in the dumps|"
     r"depress\w*|fed up|scunnered|miserable|sad|gutted|greetin\w*|crying|bad place|rotten",
     {"low_mood": 2}),
    (r"stress\w*|pressure|too much on|overwhelm\w*|end of my tether|tense|tension|"
     r"frazzled|wound up|under the cosh|tight (shoulders|neck|jaw|chest)|"
     r"(shoulders|neck|jaw) (is |are )?(tight|stiff|tense|clenched|in knots)|knots|clench\w*",
     {"stress": 2}),
    (r"angry|anger|raging|fuming|furious|irritable|snappy|snapping|temper|beelin\w*|"
     r"wound up|lose the heid", {"anger": 3}),
    (r"crav\w*|urges?|want(ing)? a (drink|drinky|smoke|fag|bet)|fancy a (drink|smoke|fag)|"
     r"smoking|vap\w*|gambl\w*|binge\w*|relapse|"
     # Drink, betting and using, in the words people use for them.
     r"booze|boozing|bevvy|bevvies|swally|pints?|offy|off licence|wine o clock|"
     r"bookies|betting|bets|(a|one|place a) bet|flutter|slots|scratch ?cards?|"
     r"(off|aff) the (drink|booze|bevvy|fags|smokes|gear|weed|bets|betting)|sober|"
     r"using again|a hit|(a|one) line", {"cravings": 3}),
    (r"pain\w*|sore|hurts?(?! (me|myself))|hurting|ach(e|es|ing)|flare( up)?s?|agony",
     {"pain": 3}),
    (r"tired|exhausted|knackered|wabbit|done in|no energy|drained|worn out|fatigue\w*|"
     r"shattered|wiped (me )?out|burnt out|burned out|running on empty",
     {"fatigue": 3, "long_term_condition": 0.5}),
    (r"long ?term (health )?condition|chronic|illness|diabetes|copd|asthma|arthritis|"
     r"fibro\w*|long covid|me cfs|heart condition|stroke|ms|ibs|crohns|my condition",
     {"long_term_condition": 3}),
    (r"useless|not good enough|hate myself|worthless|failure|self esteem|confidence|"
     r"stupid|idiot|thick|pathetic|(everyone|they all|folk) (hates?|think) |"
     r"no good|rubbish at|hard on myself|beating myself up|self critical|ashamed",
     {"self_esteem": 3}),
    (r"motivat\w*|(cant|cannae) be (bothered|arsed)|(cant|cannae) get (going|started)|"
     r"stuck|procrastinat\w*|nothing to do|no point doing|lazy|get out of bed",
     {"motivation": 3, "low_mood": 0.5}),
)


def _fit(position: int) -> float:
    """How much a tag counts by where the exercise lists it.

    An exercise made mainly for a need (its first tag) fits it better than one
    that lists the need further down.
    """
    return 1.5 if position == 0 else 1 / (1 + 0.25 * position)


def _normalise(text: str) -> str:
    text = text.casefold().replace("\u2019", "'").replace("\u2018", "'").replace("'", "")
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text).split())


@cache
def _patterns() -> tuple[tuple[re.Pattern[str], dict[str, float]], ...]:
    return tuple((re.compile(rf"\b(?:{pattern})\b"), weights) for pattern, weights in _NEEDS)


# Urge surfing is for cravings (alcohol, drugs, gambling, smoking, food). An urge to
# hurt oneself is answered by the crisis answer with distraction and comfort options,
# never by "ride it out": these words take cravings and urge surfing off the table.
_SELF_HARM = re.compile(
    r"\b(?:self ?harm\w*|sh|cut(?:ting)?|burn(?:ing)?|hurt(?:ing)?|harm(?:ing)?|scratch\w*|"
    r"hit(?:ting)?|punch\w*|starv\w*|ligature|overdose|od)\b"
    r"(?:\s+(?:my ?self|me|my (?:arms?|legs?|wrists?|skin|body)))?"
    r"|\bkill(?:ing)? my ?self\b|\bend(?:ing)? (?:it|my life)\b|\bdie\b"
)


def about_self_harm(text: str) -> bool:
    """True when a typed need is about hurting oneself, not a craving."""
    normalised = _normalise(text)
    return bool(_SELF_HARM.search(normalised))


def need_weights(need: str) -> dict[str, float]:
    """How strongly a typed need points at each tag; empty when nothing matched."""
    text = _normalise(need)
    weights: dict[str, float] = {}
    self_harm = about_self_harm(need)
    for tag in TAGS:
        if re.search(rf"\b{tag.replace('_', ' ')}\b", text):
            weights[tag] = weights.get(tag, 0) + 3
    for pattern, tags in _patterns():
        if pattern.search(text):
            for tag, weight in tags.items():
                weights[tag] = weights.get(tag, 0) + weight
    if self_harm:
        weights.pop("cravings", None)
    return weights


def need_tags(need: str) -> list[str]:
    """The tags a typed need points at, strongest first."""
    weights = need_weights(need)
    return sorted(weights, key=lambda tag: (-weights[tag], TAGS.index(tag)))


def suggest(need: str | Iterable[str], limit: int = 3) -> list[Exercise]:
    """Up to `limit` exercises for typed words or a list of tags, best fit first.

    Ties go to the shorter exercise, as the easier thing to start when someone
    is struggling, then by title. Unknown tags are ignored; no match gives [].
    """
    if isinstance(need, str):
        weights = need_weights(need)
    else:
        weights = {tag: 3.0 for tag in need if tag in TAGS}
    scored = []
    for exercise in library.all_exercises():
        score = sum(
            weights.get(tag, 0) * _fit(position)
            for position, tag in enumerate(exercise.helps_with)
        )
        if score > 0:
            scored.append((-score, exercise.minutes, exercise.title, exercise))
    scored.sort(key=lambda item: item[:3])
    return [item[3] for item in scored[:max(limit, 0)]]


# What a theme is called on a button (at most 16 characters, so two fit a row).
THEME_LABELS: dict[str, str] = {
    "anxiety": "Anxiety", "panic": "Panic", "low_mood": "Low mood", "sleep": "Sleep",
    "worry": "Worry", "stress": "Stress", "anger": "Anger", "cravings": "Cravings",
    "pain": "Pain", "fatigue": "Tiredness", "long_term_condition": "Long-term health",
    "self_esteem": "Self-esteem", "motivation": "Motivation",
}

# How people name an exercise they have done before ("the breathing one again").
_NAMES: tuple[tuple[str, str], ...] = (
    (r"breath\w*|breathe|box breathing|4 7 8|478", "paced_breathing"),
    (r"ground\w*|5 4 3 2 1|54321|five things|dissociat\w*|spaced out|unreal|detached|"
     r"flashbacks?|(feel|be|stay) present|bring me back|back in(to)? (my body|the room)",
     "grounding_54321"),
    (r"muscles?|tense and relax|pmr|relaxation|relax my (body|muscles)|shoulders|jaw|"
     r"clench\w*|stiff|unwind", "muscle_relaxation"),
    (r"thought record|thoughts? diary|thought one|thoughts? exercise|thinking traps?|"
     r"negative (thoughts?|thinking)|unhelpful thoughts?|challenge (a |my |the |that )?thoughts?|"
     r"look at the evidence|cbt", "thought_record"),
    (r"small thing|plan one|behaviou?ral activation|things i (used to )?enjoy|"
     r"off the (sofa|couch|settee)|get (me )?moving", "behavioural_activation"),
    (r"problem solving|problem one|solve|weigh (it |things |this )?up|pros and cons|"
     r"make a decision|decide|what (do i|to) do first", "problem_solving"),
    (r"worry tree|worry time|worry one|worries one|what ifs?|"
     r"(put off|postpone|park|save) (my )?worr\w*", "worry_time"),
    (r"sleep\w*|wind ?down|bedtime|nod off|body scan|insomnia", "sleep_wind_down"),
    (r"self ?compassion|compassion|go easy on myself|easier on myself|"
     r"hard on myself|beat(ing)? myself up|kind letter|talk to myself|"
     r"(kind|kinder|nice|nicer) to (me|myself|yourself)|"
     r"(harsh|gentle|gentler) (on|with) (myself|yourself)|"
     r"cut myself (some )?slack|give myself a break|inner critic|forgive myself|"
     r"put(ting)? myself down|compar\w* myself|call(s|ing|ed)? myself (names|stupid|thick|"
     r"useless|pathetic|rubbish|worthless|an? (idiot|failure|loser|eejit|numpty|disgrace))",
     "self_compassion"),
    (r"strengths?", "noticing_strengths"),
    (r"pacing|pace myself|energy|spoons|boom and bust|overdo\w*|overdid|overdone|"
     r"spread (things|it) out",
     "pacing_energy"),
    (r"urge\w*|surf\w*|craving\w*", "urge_surfing"),
)


@cache
def _name_patterns() -> tuple[tuple[re.Pattern[str], str], ...]:
    return tuple((re.compile(rf"\b(?:{pattern})\b"), target) for pattern, target in _NAMES)


def _named_ids(text: str) -> list[str]:
    """Every exercise the words name, in the order of _NAMES, each once."""
    normalised = _normalise(text)
    found = [exercise_id for pattern, exercise_id in _name_patterns()
             if pattern.search(normalised)]
    if about_self_harm(text):
        found = [exercise_id for exercise_id in found if exercise_id != "urge_surfing"]
    return list(dict.fromkeys(found))


def named(text: str) -> Exercise | None:
    """The exercise a message names, if it names exactly one; else None."""
    found = _named_ids(text)
    return library.get(found[0]) if len(found) == 1 else None


def choose(text: str, limit: int = 3) -> list[Exercise]:
    """What a request for an exercise engages: the one it names, else those fitting its need.

    One exercise means it is started directly; several are offered as buttons; none
    means the person is shown the library. Words that name two exercises ("boom and
    bust, now I can't get off the couch") offer those two, not the whole library.
    The actions and the evaluation both use this.
    """
    found = _named_ids(text)
    if found:
        return [library.get(exercise_id) for exercise_id in found[:max(limit, 0)]]
    return suggest(text, limit)
