"""The pattern language of data/safety/crisis_patterns.yml, compiled to spaCy patterns.

The language itself is described at the top of the YAML file. One pattern string
stands for several spaCy token patterns (its alternatives multiplied out), each with
an optional filler word allowed between any two of its words. Literal words are run
through the same tokenizer and lemmatizer as messages, so "can't" in a pattern is the
two tokens a message's "cannae" becomes.
"""

from __future__ import annotations

import itertools
import json
import re
from collections.abc import Mapping, Sequence
from typing import Any

Sequence_ = list[dict[str, Any]]  # the token specs of one spaCy pattern
_PART = re.compile(r"\(|\)\??|/|[^\s()/]+")
# A pattern that multiplies out to more variants than this is a mistake in the file.
_MAX_EXPANSIONS = 4000


class PatternCompiler:
    """Compiles pattern strings against one spaCy pipeline and the file's lexicons.

    `vocabulary` collects every word the patterns use, for the typo corrector.
    """

    def __init__(self, nlp: Any, lexicons: Mapping[str, Sequence[str]]) -> None:
        self._nlp = nlp
        self._lexicons = {name: list(words) for name, words in lexicons.items()}
        self._specs: dict[str, list[Sequence_]] = {}
        self.vocabulary: set[str] = set()

    def compile(self, pattern: str) -> list[Sequence_]:
        """All spaCy token patterns one pattern string stands for."""
        parts = _PART.findall(pattern)
        items, position = self._sequence(parts, 0, pattern)
        if position != len(parts):
            raise ValueError(f"unbalanced ')' in pattern {pattern!r}")
        sequences = [self._with_fillers(s) for s in _product(items, pattern)]
        unique = {json.dumps(s, sort_keys=True): s for s in sequences if s}
        if not unique:
            raise ValueError(f"pattern matches nothing: {pattern!r}")
        return list(unique.values())

    def _with_fillers(self, sequence: Sequence_) -> Sequence_:
        """Lets one FILLER word ("just", "really", "pure") sit between any two pattern words."""
        if "FILLER" not in self._lexicons or len(sequence) < 2:
            return sequence
        filler = {"LOWER": {"IN": sorted(self._lexicons["FILLER"])}, "OP": "?"}
        out: Sequence_ = [sequence[0]]
        for previous, spec in zip(sequence, sequence[1:], strict=False):
            if not (is_gap(previous) or is_gap(spec)):
                out.append(dict(filler))
            out.append(spec)
        return out

    def _sequence(
        self, parts: list[str], position: int, pattern: str
    ) -> tuple[list[list[Sequence_]], int]:
        items: list[list[Sequence_]] = []
        while position < len(parts) and parts[position] not in ("/", ")", ")?"):
            if parts[position] == "(":
                alternatives, position = self._group(parts, position + 1, pattern)
            else:
                alternatives, position = self._atom(parts[position]), position + 1
            items.append(alternatives)
        return items, position

    def _group(
        self, parts: list[str], position: int, pattern: str
    ) -> tuple[list[Sequence_], int]:
        alternatives: list[Sequence_] = []
        while True:
            items, position = self._sequence(parts, position, pattern)
            alternatives += _product(items, pattern)
            if position >= len(parts):
                raise ValueError(f"unclosed '(' in pattern {pattern!r}")
            closer = parts[position]
            position += 1
            if closer != "/":
                merged = _merge(alternatives)
                return (_optional(merged) if closer == ")?" else merged), position

    def _atom(self, text: str) -> list[Sequence_]:
        if text.endswith("?") and len(text) > 1:
            return _optional(self._atom(text[:-1]))
        if text[:1] in ("*", "~") and text[1:].isdigit():
            stops = set(self._lexicons["SENTENCE_END"])
            if text[0] == "~":  # within one clause, with no other subject or thing in it
                words = self._lexicons["BOUNDARY"] + self._lexicons["CLAUSE_GAP_STOP"]
                stops |= {w for w in words if " " not in w}
            gap = {"LOWER": {"NOT_IN": sorted(stops)}, "OP": "?"}
            return [[dict(gap) for _ in range(int(text[1:]))]]
        if text == "#num":
            return [[{"LIKE_NUM": True}]]
        if text == "_":
            return [[{}]]
        if text == "<end>":
            return self._lexicon("END")
        if text.startswith("!@"):
            words = [s[0]["LEMMA"] for s in self._lexicon_sequences(text[2:]) if len(s) == 1]
            return [[{"LEMMA": {"NOT_IN": sorted(set(words))}}]]
        alternatives: list[Sequence_] = []
        for part in text.split("|"):
            if part.startswith("@"):
                alternatives += self._lexicon(part[1:])
            else:
                alternatives.append(self._phrase(part))
        return _merge(alternatives)

    def _phrase(self, entry: str) -> Sequence_:
        """A lexicon entry: words matched by lemma, or exactly when written "=word"."""
        sequence: Sequence_ = []
        for word in entry.split():
            if word.startswith("="):
                tokens = self._nlp.tokenizer(word[1:])
                self.vocabulary.update(t.lower_ for t in tokens)
                sequence += [{"LOWER": t.lower_} for t in tokens]
            else:
                sequence += self._literal(word)
        return sequence

    def _literal(self, word: str) -> Sequence_:
        """A word as lemmas, tokenised and lemmatised exactly as a message would be."""
        doc = self._nlp(word)
        self.vocabulary.update(t.lower_ for t in doc)
        return [{"LEMMA": t.lemma_} for t in doc]

    def _lexicon_sequences(self, name: str) -> list[Sequence_]:
        if name not in self._specs:
            if name not in self._lexicons:
                raise ValueError(f"unknown lexicon @{name}")
            self._specs[name] = [self._phrase(entry) for entry in self._lexicons[name]]
        return self._specs[name]

    def _lexicon(self, name: str) -> list[Sequence_]:
        return _merge(self._lexicon_sequences(name))


def _product(items: list[list[Sequence_]], pattern: str) -> list[Sequence_]:
    """Every way of choosing one alternative per item, joined end to end."""
    sequences: list[Sequence_] = [[]]
    for alternatives in items:
        sequences = [s + a for s, a in itertools.product(sequences, alternatives)]
        if len(sequences) > _MAX_EXPANSIONS:
            raise ValueError(f"pattern expands to too many variants: {pattern!r}")
    return sequences


def _merge(alternatives: list[Sequence_]) -> list[Sequence_]:
    """One-token alternatives folded into a single IN test, so patterns do not multiply."""
    merged: dict[str, set[str]] = {"LEMMA": set(), "LOWER": set()}
    rest: list[Sequence_] = []
    for sequence in alternatives:
        spec = sequence[0] if len(sequence) == 1 else {}
        key = next(iter(spec), None) if len(spec) == 1 else None
        if key in merged:
            value = spec[key]
            merged[key].update(value["IN"] if isinstance(value, dict) else [value])
        elif sequence not in rest:
            rest.append(sequence)
    folded = [[{key: {"IN": sorted(values)}}] for key, values in merged.items() if values]
    return folded + rest


def _optional(alternatives: list[Sequence_]) -> list[Sequence_]:
    """A one-token item gets spaCy's "?" operator; anything longer an empty alternative."""
    if len(alternatives) == 1 and len(alternatives[0]) == 1 and "OP" not in alternatives[0][0]:
        return [[{**alternatives[0][0], "OP": "?"}]]
    return alternatives + [[]]


def is_gap(spec: dict[str, Any]) -> bool:
    """Whether a token spec is one of the optional wildcards of a `*N` or `~N` gap."""
    return spec.get("OP") == "?" and "NOT_IN" in spec.get("LOWER", {})
