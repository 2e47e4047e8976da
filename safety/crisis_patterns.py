"""The patterns file, loaded, and matched against messages quickly.

Patterns are compiled by safety.pattern_language. Each pattern becomes its own
small `Matcher`, indexed by the two rarest words each of its variants cannot match
without: spaCy's Matcher costs time in proportion to the patterns it holds, and only a
handful of patterns can possibly match any one sentence, so the detector runs just
those (well under a millisecond instead of tens of milliseconds for all of them).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from safety.kinds import CrisisKind
from safety.normalise import build_normaliser
from safety.pattern_language import PatternCompiler, Sequence_

# Matching runs per sentence, and a run-on sentence in overlapping windows, so that the
# cost stays proportional to the length of the message (no pattern is this long).
_WINDOW = 48
_OVERLAP = 16
_LOOK_ON = 3
_SENTENCE_END = frozenset({".", "!", "?", ";", "..."})
# Words too common to be worth indexing a pattern by.
_COMMON = frozenset(
    "i be to my the a an not do have it and me you of in on that this so just will can would "
    "he she they what how . , ! ? him her them his their your for with at up all lot get go "
    "want feel know think like day time work people really now say make see come well good "
    "one some more no out about there then when if or as by from but we us our should shall "
    "may might must 's 'm n't 're 've 'll 'd its these those here who why which where thing "
    "way back still even also much many very too again ever never any every other new old big "
    "little right last next first home today tonight night week year bad sad tired need "
    "try keep let give tell ask use find look off down over after before because than only "
    "own same such into through while something anything everything nothing someone anyone "
    "everyone nobody take put start stop mean leave call".split()
)


_RULE_KEYS = frozenset(
    "id family kinds patterns person person_from min_number means_question overrides "
    "requires_any".split()
)
_FRAME_KEYS = frozenset({"id", "reason", "scope", "patterns"})
_REASONS = frozenset(
    {"figurative", "negated", "past", "bereavement", "about_the_bot", "topic", None}
)


@dataclass(frozen=True)
class Entry:
    """One rule, frame or cue of the patterns file, with what it means when it matches."""

    id: str
    section: str  # "rule", "frame", or a cue: "negation", "past", "recent", "deliberate"
    family: str = ""
    kinds: tuple[CrisisKind, ...] = ()
    reason: str | None = None
    scope: str = "span"
    person: str = "any"
    # "context": pronouns in the match, else the nearest subject before it; "span": only
    # the match's own pronouns; "subject": only the subject before it.
    person_from: str = "context"
    min_number: int = 0
    means_question: bool = False
    overrides: frozenset[str] = frozenset()
    requires_any: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Hit:
    """Where an entry matched: tokens start..end-1 of the normalised message."""

    entry: Entry
    start: int
    end: int


class PatternSet:
    """The patterns file, loaded: the spaCy pipeline, normaliser and compiled patterns."""

    def __init__(self, path: Path) -> None:
        import spacy  # imported here: loading spaCy takes seconds, importing us must not
        from spacy.matcher import Matcher

        with open(path, encoding="utf-8") as handle:
            self.config: dict[str, Any] = yaml.safe_load(handle)
        self._nlp = spacy.blank("en")
        self._nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
        self._nlp.initialize()
        table = self._nlp.get_pipe("lemmatizer").lookups.get_table("lemma_lookup")
        for word, lemma in self.config.get("lemmas", {}).items():
            table[str(word)] = str(lemma)
        self._lexicons = {k: [str(w) for w in v] for k, v in self.config["lexicons"].items()}
        compiler = PatternCompiler(self._nlp, self._lexicons)
        self._matchers: list[tuple[Entry, Any]] = []
        self._index: dict[str, list[int]] = {}
        self._needs: list[Anchors] = []
        self._unanchored: list[int] = []
        for entry, pattern in self._entries():
            sequences = compiler.compile(pattern)
            matcher = Matcher(self._nlp.vocab, validate=False)  # compile() builds them right
            matcher.add(entry.id, sequences)
            position = len(self._matchers)
            self._matchers.append((entry, matcher))
            needs = _anchors(sequences)
            self._needs.append(needs or [])
            if needs is None:
                self._unanchored.append(position)
            for word in {w for first, _ in needs or () for w in first}:
                self._index.setdefault(word, []).append(position)
        self._normaliser = build_normaliser(
            self.config, table, compiler.vocabulary, self._lexicons.values()
        )

    def validate(self, per_pattern: int = 2) -> int:
        """Checks compiled patterns against spaCy's own schema; returns how many it checked.

        Loading skips this (spaCy's validation is slow). Every variant of a pattern is
        built by the same code, so the first and last of each are enough for the tests.
        """
        from spacy.matcher import Matcher

        compiler = PatternCompiler(self._nlp, self._lexicons)
        count = 0
        for entry, pattern in self._entries():
            sequences = compiler.compile(pattern)
            sample = sequences if len(sequences) <= per_pattern else [sequences[0], sequences[-1]]
            Matcher(self._nlp.vocab, validate=True).add(entry.id, sample)
            count += len(sample)
        return count

    def lexicon_words(self, name: str) -> frozenset[str]:
        """A lexicon's entries as typed, for the role logic in the detector."""
        return frozenset(self._lexicons[name])

    def normalise(self, text: str) -> str:
        """The message in the form the patterns are written in."""
        return self._normaliser.normalise(text)

    def match(self, normalised: str) -> tuple[Any, list[Hit]]:
        """The spaCy Doc and every match: one span per pattern and start token."""
        doc = self._nlp(normalised)
        chosen: dict[tuple[int, int], Hit] = {}
        for span in _pieces(doc):
            words = {t.lemma_ for t in span} | {t.lower_ for t in span}
            candidates = set(self._unanchored)
            for word in words:
                candidates.update(self._index.get(word, ()))
            for position in sorted(candidates):
                needs = self._needs[position]
                if needs and not any(
                    not first.isdisjoint(words) and (not second or not second.isdisjoint(words))
                    for first, second in needs
                ):
                    continue
                entry, matcher = self._matchers[position]
                # Rules and frames keep their shortest evidence; cues their longest reach
                # ("not that I'd ever" must end where the negated words begin).
                longest = entry.section not in ("rule", "frame")
                for _, start, end in matcher(span):
                    start, end = start + span.start, end + span.start
                    held = chosen.get((position, start))
                    if held is None or (end > held.end if longest else end < held.end):
                        chosen[(position, start)] = Hit(entry, start, end)
        return doc, sorted(chosen.values(), key=lambda h: (h.start, h.end))

    # ------------------------------------------------------------------ building
    def _entries(self) -> list[tuple[Entry, str]]:
        """Every (entry, pattern) pair of the file, rules first.

        Unknown keys are refused: a misspelt "overides" would otherwise do nothing.
        """
        pairs: list[tuple[Entry, str]] = []
        for item, allowed in [(r, _RULE_KEYS) for r in self.config["rules"]] + [
            (f, _FRAME_KEYS) for f in self.config["frames"]
        ]:
            unknown = set(item) - allowed
            if unknown:
                raise ValueError(f"{item.get('id')}: unknown keys {sorted(unknown)}")
            if allowed is _FRAME_KEYS and item.get("reason") not in _REASONS:
                named = sorted(r for r in _REASONS if r)
                raise ValueError(f"{item.get('id')}: reason must be null or one of {named}")
        for rule in self.config["rules"]:
            entry = Entry(
                id=rule["id"], section="rule", family=rule["family"],
                kinds=tuple(CrisisKind(k) for k in rule.get("kinds", [])),
                person=rule.get("person", "any"), min_number=int(rule.get("min_number", 0)),
                person_from=rule.get("person_from", "context"),
                means_question=bool(rule.get("means_question", False)),
                overrides=frozenset(rule.get("overrides", [])),
                requires_any=frozenset(rule.get("requires_any", [])),
            )
            pairs += [(entry, p) for p in rule["patterns"]]
        for frame in self.config["frames"]:
            entry = Entry(id=frame["id"], section="frame", reason=frame.get("reason"),
                          scope=frame.get("scope", "span"))
            pairs += [(entry, p) for p in frame["patterns"]]
        for section in ("negation", "past", "recent", "deliberate"):
            entry = Entry(id=section, section=section)
            pairs += [(entry, p) for p in self.config["cues"][section]["patterns"]]
        return pairs


def _pieces(doc: Any) -> list[Any]:
    """The sentences of a Doc as Spans, long ones as overlapping windows."""
    pieces, start = [], 0
    for token in doc:
        if token.lower_ in _SENTENCE_END or token.i == len(doc) - 1:
            end = token.i + 1
            while end - start > _WINDOW:
                pieces.append(doc[start:start + _WINDOW])
                start += _WINDOW - _OVERLAP
            # A few tokens of the next sentence too: "Suicidal? No, just sad."
            pieces.append(doc[start:min(len(doc), end + _LOOK_ON)])
            start = end
    return pieces


Anchors = list[tuple[frozenset[str], frozenset[str]]]


def _anchors(sequences: list[Sequence_]) -> Anchors | None:
    """For each variant, its two rarest required word sets (both must be in a sentence).

    None when some variant requires no particular word (it must always be tried).
    """
    pairs: set[tuple[frozenset[str], frozenset[str]]] = set()
    for sequence in sequences:
        required: list[frozenset[str]] = []
        for spec in sequence:
            if "OP" in spec or len(spec) != 1 or next(iter(spec)) not in ("LEMMA", "LOWER"):
                continue
            value = next(iter(spec.values()))
            if isinstance(value, dict) and "IN" not in value:
                continue
            words = frozenset(value["IN"]) if isinstance(value, dict) else frozenset([value])
            if words not in required:
                required.append(words)
        if not required:
            return None
        required.sort(key=_rank)
        pairs.add((required[0], required[1] if len(required) > 1 else frozenset()))
    return sorted(pairs, key=lambda pair: sorted(pair[0]))


def _rank(words: frozenset[str]) -> int:
    """Lower is a better anchor: few common words first, then few words."""
    return 1000 * len(words & _COMMON) + len(words)
