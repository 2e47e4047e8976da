"""Deterministic crisis detection: the check that runs on every message.

It runs inside the Rasa NLU pipeline and again in the Telegram front end when Rasa is
unreachable, so it must not depend on a trained model, a download or the network: a
blank spaCy English pipeline with the lookup lemmatizer, rule matching, and the word
lists in data/safety/crisis_patterns.yml. Everything a reviewer may want to change is
in that file; this module only knows how to read a match.

How a message is read:
1. normalise (safety.normalise): text-speak, Scots, contractions, typos;
2. match the rules, frames and cues of the patterns file (safety.crisis_patterns);
3. decide who each matched statement is about: the user, someone else, or a thing;
4. discount statements framed as not-crisis: figurative, negated, past, bereavement,
   a question about the bot. A message is a crisis when any statement survives, so
   when a discounting frame and a current-risk signal meet, the risk wins.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from safety.crisis_patterns import Entry, Hit, PatternSet
from safety.kinds import CrisisKind

DEFAULT_PATTERNS = (
    Path(__file__).resolve().parent.parent / "data" / "safety" / "crisis_patterns.yml"
)
# How much of a message the detector reads: bot/ already passes at most 2,000 characters
# to Rasa (bot/splitting.py); this bound protects the detector from anything else that
# calls it with more (the REST channel, a script). Longer text is cut, never refused.
MAX_CHARS = 8000
# Messages whose reading is kept: a turn reads its message twice, a few turns run at once.
DETECTIONS_KEPT = 256
_NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "hundred": 100, "couple": 2, "few": 3,
}
_SENTENCE_ENDS = frozenset({".", "!", "?", ";", "..."})
_OBJECTS = frozenset({"me", "us"})
_THIRD_OBJECTS = frozenset({"him", "her", "them", "himself", "herself", "themselves"})
_HYPOTHETICAL = frozenset({"if", "when", "someone", "somebody", "people", "person", "user"})
# A "thing" subject ("my phone's about to die") only cancels statements of these families.
_THING_FAMILIES = frozenset({"explicit", "passive", "plan"})
_DENIALS = frozenset({"not", "never", "no"})


@dataclass(frozen=True)
class Detection:
    """What the detector found in one message.

    `kinds` is empty when `is_crisis` is False and is ordered most urgent first.
    `means_question` is raised for questions about means or methods even without crisis
    words, so the dialogue can answer with support instead of the information.
    `discounted` names why crisis words were not taken as a crisis ("negated",
    "figurative", "past", "bereavement", "about_the_bot", "topic"), else None.
    """

    is_crisis: bool
    kinds: tuple[CrisisKind, ...]
    means_question: bool
    discounted: str | None


class CrisisDetector:
    """Reads the patterns file once; `detect` is then pure and takes about a millisecond."""

    def __init__(self, patterns_path: Path | None = None) -> None:
        self._patterns = PatternSet(patterns_path or DEFAULT_PATTERNS)
        config = self._patterns.config
        roles = config["roles"]
        self._first = frozenset(roles["first"])
        self._third = frozenset(roles["third"])
        self._victim_first = frozenset(roles["harm_victim_first"])
        self._victim_third = frozenset(roles["harm_victim_third"])
        self._told_to = tuple(roles["told_to"])
        self._inner_voice = frozenset(roles["inner_voice"])
        lexicon = self._patterns.lexicon_words
        self._relations = lexicon("RELATION")
        self._things = lexicon("THING")
        self._clause_ends = lexicon("BOUNDARY")
        self._reflexive_third = lexicon("OTHER_SELF") - frozenset(roles["second_reflexive"])
        self._to_worry = frozenset(config["third_person"]["to_worry"])
        self._add_worry = frozenset(config["third_person"]["add_worry"])
        self._urgency = {CrisisKind(k): i for i, k in enumerate(config["urgency"])}
        negation = config["cues"]["negation"]
        self._negation_window = int(negation["window"])
        self._negation_blockers = frozenset(negation["blockers"])
        self._harm_after = frozenset(negation["harm_after"])
        self._present = frozenset(config["cues"]["present_markers"])
        self._past_forms = frozenset(config["cues"]["recovery"]["past_forms"])
        self._risk = frozenset(config["cues"]["recovery"]["risk_markers"])
        # Rasa reads each message twice in one turn (the crisis priority gate, then the
        # NLU's CrisisOverride): the second read is the first's answer, not a new parse.
        self.detect = lru_cache(maxsize=DETECTIONS_KEPT)(self._detect)

    def normalise(self, text: str) -> str:
        """The message as the patterns see it; exposed for tests and for debugging."""
        return self._patterns.normalise(text[:MAX_CHARS])

    def _detect(self, text: str) -> Detection:
        """Reads one message. Deterministic: the same text always gives the same answer."""
        doc, hits = self._patterns.match(self.normalise(text))
        context = _Context(doc, hits, self._risk - {"now", "today"})
        found: set[CrisisKind] = set()
        means_question = False
        reasons: list[str] = []
        for hit in context.rules:
            if CrisisKind.SELF_HARM in hit.entry.kinds and context.inside_harm(hit):
                continue  # "he smashed my head against the wall" is not self-harm
            person = self._person(doc, hit)
            if not self._applies(doc, hit, person):
                continue
            discounted, reason = self._discount(context, hit)
            if not discounted and person == "thing" and hit.entry.family in _THING_FAMILIES:
                discounted, reason = True, "figurative"  # "my phone's about to die"
            if discounted:
                reasons += [reason] if reason else []
                continue
            found |= self._kinds(hit.entry, person)
            means_question = means_question or hit.entry.means_question
        if found:
            return Detection(True, tuple(sorted(found, key=self._urgency.__getitem__)),
                             means_question, None)
        # Crisis words only in an idiom, a death or as a subject, with no rule to discount:
        # say so, so that a classifier hearing crisis in them is overruled.
        # The most specific first: a death, then an idiom, then a subject.
        shown = ("bereavement", "figurative", "topic")
        reasons = reasons or [r for r in shown if r in context.frame_reasons]
        # A story told in the past with nothing about now ("used to cut, stopped years
        # ago"): if the classifier hears crisis in it, the past is the better reading.
        if not reasons and context.told_in_the_past:
            reasons = ["past"]
        return Detection(False, (), means_question, reasons[0] if reasons else None)

    # ------------------------------------------------------------------ who it is about
    def _person(self, doc: Any, hit: Hit) -> str:
        """ "first" (the user), "third" (someone else) or "thing" ("it's about to die")."""
        words = [t.lower_ for t in doc[hit.start:hit.end]]
        if hit.entry.family == "harm":
            # The victim is the last person named: "my dad hits my mum" is about mum.
            for word in reversed(words):
                if word in self._victim_first:
                    return "first"
                if word in self._victim_third:
                    return "third"
        elif hit.entry.person_from != "subject":
            inside = self._person_inside(doc, hit, words)
            if inside:
                return inside
        return self._person_before(doc, hit)

    def _person_inside(self, doc: Any, hit: Hit, words: list[str]) -> str | None:
        """Who the match itself names: a reflexive, a possessive or a subject."""
        if "myself" in words:
            return "first"
        if any(w in self._reflexive_third for w in words):
            return "third"
        span_only = hit.entry.person_from == "span"
        lemmas = [t.lemma_ for t in doc[hit.start:hit.end]] + [""]
        for i, word in enumerate(words):
            if word == "my" and lemmas[i + 1] in self._relations and not span_only:
                return "third"  # "cuts on my daughter's arms"
            if word in self._first and word not in _OBJECTS:
                return "first"
            if word in self._third or (word in self._relations and not span_only):
                return "third"
        if span_only:
            # Only the words of the match count, and the object just after it:
            # "my kids would be better off…" is not about the kids; "nobody would miss him" is.
            after = {t.lower_ for t in doc[hit.end:hit.end + 2]}
            return "third" if after & _THIRD_OBJECTS else "first"
        return None

    def _person_before(self, doc: Any, hit: Hit) -> str:
        """The nearest subject before the match; a thing counts only in the same clause.

        In "it's too much, want to die" the clause before the comma says nothing about
        who; and a far-back "me" is an object ("my pal sent me a message saying…").
        """
        same_clause = True
        for token in reversed(doc[: hit.start]):
            word = token.lower_
            if word in _OBJECTS and hit.start - token.i > 1:
                continue
            if word in self._first:
                return "first"
            if word in self._third or token.lemma_ in self._relations:
                return "third"
            if same_clause and (word in self._things or token.lemma_ in self._things):
                return "thing"
            if word in self._clause_ends:
                same_clause = False
        return "first"

    def _applies(self, doc: Any, hit: Hit, person: str) -> bool:
        """Rule conditions beyond the pattern: person, quantities, required words."""
        entry = hit.entry
        if entry.person not in ("any", person):
            return False
        if entry.requires_any:
            present = {t.lemma_ for t in doc} | {t.lower_ for t in doc}
            if not entry.requires_any & present:
                return False
        if entry.min_number and any(
            t.like_num and _number(t.lower_) < entry.min_number for t in doc[hit.start:hit.end]
        ):
            return False
        return entry.family == "harm" or not self._told_by_someone(doc, hit)

    def _told_by_someone(self, doc: Any, hit: Hit) -> bool:
        """ "They told me to kill myself" is harm from others, unless the voice is inside."""
        window = doc[max(0, hit.start - 7):hit.start]
        before = " ".join(t.lower_ for t in window)
        if any(t.lower_ in self._inner_voice or t.lemma_ in self._inner_voice for t in window):
            return False
        return any(before.endswith(phrase) for phrase in self._told_to)

    def _kinds(self, entry: Entry, person: str) -> set[CrisisKind]:
        """The rule's kinds, turned into worry for someone else where that applies."""
        kinds = set(entry.kinds)
        if person == "third" and entry.family in self._to_worry:
            kinds = {k for k in kinds if k in (CrisisKind.MEANS, CrisisKind.MEDICAL_EMERGENCY)}
            kinds.add(CrisisKind.WORRY_ABOUT_SOMEONE)
        elif person == "third" and entry.family in self._add_worry:
            kinds.add(CrisisKind.WORRY_ABOUT_SOMEONE)
        return kinds

    # ------------------------------------------------------------------ discounting
    def _discount(self, context: _Context, hit: Hit) -> tuple[bool, str | None]:
        """Whether a matched statement is framed as not-crisis, and the reason why.

        The most specific reason is reported: a death or a question about the bot, then
        a denial or the past, then an idiom or an everyday sense of the word.
        """
        overrides = hit.entry.overrides
        covering = [f.entry.reason for f in context.frames_over(hit)
                    if f.entry.reason not in overrides]
        for reason in ("bereavement", "about_the_bot"):
            if reason in covering:
                return True, reason
        # A match that starts with its own negation ("don't want to be here") is the
        # negation of life, not of risk.
        self_negated = context.doc[hit.start].lemma_ in _DENIALS
        if "negated" not in overrides and not self_negated and self._is_negated(context, hit):
            return True, "negated"
        if "past" not in overrides and not context.recent and self._is_past(context, hit):
            return True, "past"
        if covering:
            return True, covering[0]
        return False, None

    def _is_negated(self, context: _Context, hit: Hit) -> bool:
        """A negation cue close before the statement, in the same clause, denies it; for
        harm from others one inside it does too ("he's never hit me, we just argue")."""
        doc = context.doc
        inner = hit.entry.family == "harm" and not self._harm_after & {
            t.lower_ for t in doc[hit.end:hit.end + 3]}
        for cue in context.cues("negation"):
            inside = inner and hit.start < cue.start < hit.end
            if not inside and (cue.start >= hit.start
                               or hit.start - cue.end > self._negation_window):
                continue
            between = doc[cue.end:hit.end if inside else hit.start]
            words = {t.lower_ for t in between} | ({t.lemma_ for t in between} if inside else set())
            if not words & self._negation_blockers:
                return True
        return False

    def _is_past(self, context: _Context, hit: Hit) -> bool:
        """A past-time cue in the same sentence, and nothing present-tense near the match;
        or inside a recovery statement ("500 days self harm free"), or told as the past
        beside one: a past cue, or a past form ("tried") near it, with no risk marker."""
        sentence, doc = context.sentence[hit.start], context.doc
        cues = [p for p in context.cues("past") if context.sentence[p.start] == sentence]
        masked = _token_ids(cues)
        if cues and not _says_any(doc[max(0, hit.start - 3):hit.end], self._present, masked):
            return True
        strong, weak = context.recovery
        if any(_overlaps(hit, f) for f in strong) or not strong + weak:
            return bool(strong)
        pasts = context.cues("past")
        masked = _token_ids(strong + weak + pasts)
        if _says_any(doc[max(0, hit.start - 3):hit.end + 2], self._risk, masked):
            return False
        before = doc[max(0, hit.start - 3):hit.end]
        return bool(pasts) or bool(strong) and any(t.lower_ in self._past_forms for t in before)


class _Context:
    """The matches of one message, sorted into what the discounting steps ask about."""

    def __init__(self, doc: Any, hits: list[Hit], still: frozenset[str]) -> None:
        self.doc = doc
        self.sentence = _sentence_ids(doc)
        self.rules = [h for h in hits if h.entry.section == "rule"]
        self._harm = [h for h in self.rules if h.entry.family == "harm"]
        frames = [h for h in hits if h.entry.section == "frame"]
        self._frames = [h for h in frames if h.entry.scope != "message"]
        # Recovery statements, strong and weak, unless denied: "not doing ok" is none.
        recovery = [h for h in frames if h.entry.scope == "message" and not _denied(doc, h)]
        self.recovery = ([h for h in recovery if h.entry.id == "recovery"],
                         [h for h in recovery if h.entry.id != "recovery"])
        self._cues = {
            section: [h for h in hits if h.entry.section == section]
            for section in ("negation", "past", "recent", "deliberate")
        }
        pasts = self._cues["past"]
        # "Doing well now" is about the past, so its "now" is not a recent-time cue; nor is
        # a time word in or touching a recovery statement ("3 years clean now").
        self.recent = any(_is_recent(doc, r, pasts, recovery, still) for r in self._cues["recent"])
        self._deliberate = {self.sentence[h.start] for h in self._cues["deliberate"]}
        self.told_in_the_past = not self.recent and bool(pasts or self.recovery[0])
        self.frame_reasons = [f.entry.reason for f in self._frames]

    def cues(self, section: str) -> list[Hit]:
        return self._cues[section]

    def inside_harm(self, hit: Hit) -> bool:
        return any(_overlaps(hit, h) for h in self._harm)

    def frames_over(self, hit: Hit) -> list[Hit]:
        """Frames that cover a match; "on purpose" in its sentence cancels the idioms."""
        deliberate = self.sentence[hit.start] in self._deliberate
        covering = []
        for frame in self._frames:
            if deliberate and frame.entry.reason in ("figurative", None):
                continue
            scoped = frame.entry.scope == "sentence"
            if self._in_question_scope(hit, frame) if scoped else _overlaps(hit, frame):
                covering.append(frame)
        return covering

    def _in_question_scope(self, hit: Hit, frame: Hit) -> bool:
        """A question about the bot covers the rest of its sentence, and an "if someone…"
        before it; a plain statement before the question is not covered."""
        if self.sentence[hit.start] != self.sentence[frame.start]:
            return False
        if hit.start >= frame.start:
            return True
        same = self.sentence[hit.start]
        lead = {t.lower_ for t in self.doc[: hit.start] if self.sentence[t.i] == same}
        return bool(lead & _HYPOTHETICAL)



def _token_ids(hits: list[Hit]) -> set[int]:
    """The token positions the matches cover."""
    return {i for hit in hits for i in range(hit.start, hit.end)}


def _says_any(tokens: Any, words: frozenset[str] | set[str], masked: set[int]) -> bool:
    """One of `words` among `tokens`, outside the positions already explained (`masked`)."""
    return any(t.lower_ in words and t.i not in masked for t in tokens)


def _denied(doc: Any, hit: Hit) -> bool:
    """A denial just before the match: "not doing ok" is no recovery statement."""
    return any(t.lemma_ in _DENIALS for t in doc[max(0, hit.start - 2):hit.start])


def _touches(a: Hit, b: Hit) -> bool:
    return a.start <= b.end and b.start <= a.end


def _is_recent(doc: Any, cue: Hit, pasts: list[Hit], recovery: list[Hit],
               still: frozenset[str]) -> bool:
    """A time word that puts the message in the present.

    Not when it is part of a past cue ("doing well now"), nor when it touches a recovery
    statement ("3 years clean now") unless it says the trouble goes on ("still").
    """
    if any(_overlaps(cue, past) for past in pasts):
        return False
    in_recovery = any(_touches(cue, statement) for statement in recovery)
    return not in_recovery or bool({t.lower_ for t in doc[cue.start:cue.end]} & still)

def _overlaps(a: Hit, b: Hit) -> bool:
    """Whether two matched spans share a token."""
    return a.start < b.end and b.start < a.end


def _sentence_ids(doc: Any) -> list[int]:
    """Sentence number of every token; sentences end at . ! ? ; (line breaks become .)."""
    ids, current = [], 0
    for token in doc:
        ids.append(current)
        if token.lower_ in _SENTENCE_ENDS:
            current += 1
    return ids


def _number(word: str) -> int:
    """A quantity typed in digits or words; unknown forms count as large, to stay safe."""
    return int(word) if word.isdigit() else _NUMBER_WORDS.get(word, 1000)


@lru_cache(maxsize=1)
def get_detector() -> CrisisDetector:
    """The shared detector, built on first use (a few seconds, mostly importing spaCy)."""
    return CrisisDetector()
