"""Turns a message as typed into the plain English the crisis patterns are written in.

The patterns are written once, in ordinary lower-case English; everything people
actually type ("cannae go oan", "im gonna kms", "sooo done", "k*ll mysel") is brought
to that form here, so a new way of saying something is one table entry in
data/safety/crisis_patterns.yml rather than a new pattern.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from common.words import english_words
from safety.fuzzy import FuzzyCorrector

_QUOTES = str.maketrans({"‘": "'", "’": "'", "‛": "'", "′": "'", "`": "'", "´": "'",
                         "“": '"', "”": '"', "„": '"', "–": "-", "—": "-", "…": "..."})
_WORD = re.compile(r"[a-z0-9'&*@$]+|\.\.\.|\S")
_JOINING_HYPHEN = re.compile(r"(?<=[a-z])[-_/](?=[a-z])")
_LEET = str.maketrans({"1": "i", "3": "e", "0": "o", "4": "a", "5": "s", "@": "a", "$": "s"})
_LEET_INSIDE = re.compile(r"(?<=[a-z])[01345@$]+(?=[a-z])")
_RUN_OF_THREE = re.compile(r"(.)\1{2,}")
_SENTENCE_END = {".", "!", "?", "..."}
_NOT_VERB_ING = {
    "thing", "nothing", "something", "anything", "everything", "king", "ring", "sing", "wing",
}
_LINE_BREAK = re.compile(r"\s*[\r\n]+\s*")


class Normaliser:
    """Applies the `normalise` section of the patterns file, then fuzzy correction.

    Order matters and is fixed: characters, then each word (repeated letters,
    text-speak and Scots table, "-in" endings, typo correction), then several-word
    phrases, then corrections that depend on the neighbouring words.
    """

    def __init__(
        self,
        config: Mapping[str, Any],
        is_known: Callable[[str], bool],
        corrector: FuzzyCorrector,
    ) -> None:
        self._words: dict[str, str] = {str(k): str(v) for k, v in config.get("words", {}).items()}
        phrases = {str(k): str(v) for k, v in config.get("phrases", {}).items()}
        self._phrases = phrases
        longest_first = sorted(phrases, key=len, reverse=True)
        alternation = "|".join(re.escape(p.strip()) for p in longest_first)
        self._phrase_re = (
            re.compile(rf"(?<![\w'])(?:{alternation})(?![\w'])") if phrases else None
        )
        self._phrase_lookup = {p.strip(): v.strip() for p, v in phrases.items()}
        self._contextual: dict[str, list[dict[str, Any]]] = {}
        for entry in config.get("contextual", []):
            self._contextual.setdefault(str(entry["word"]), []).append(entry)
        self._no_before_ing = bool(config.get("no_before_ing_means_not", False))
        self._is_known = is_known
        self._corrector = corrector

    def normalise(self, text: str) -> str:
        """The message in pattern English: lower case, tokens separated by single spaces."""
        text = unicodedata.normalize("NFKC", text).translate(_QUOTES).lower()
        text = _LINE_BREAK.sub(" . ", text)  # a new line ends a sentence, as typed
        text = _JOINING_HYPHEN.sub(" ", text)
        words: list[str] = []
        for raw in _WORD.findall(text):
            words.extend(self._word(raw).split())
        joined = " ".join(words)
        if self._phrase_re is not None:
            joined = self._phrase_re.sub(lambda m: self._phrase_lookup[m.group(0)], joined)
        tokens = self._in_context(joined.split())
        if not tokens or tokens[-1] not in _SENTENCE_END:
            tokens.append(".")
        return " ".join(tokens)

    def _word(self, raw: str) -> str:
        """One typed word in pattern English (possibly several words: "kms")."""
        if raw in self._words:
            return self._words[raw]
        word = raw.strip("'") or raw
        if word in self._words:
            return self._words[word]
        base, apostrophe, clitic = word.partition("'")
        if apostrophe and len(clitic) <= 2 and " " not in self._words.get(base, " "):
            return self._words[base] + "'" + clitic  # "heid's" -> "head's"
        if _RUN_OF_THREE.search(word):
            word = self._collapse(word)
            if word in self._words:
                return self._words[word]
        if any(c.isdigit() or c in "@$" for c in word) and any(c.isalpha() for c in word):
            unleet = _LEET_INSIDE.sub(lambda m: m.group(0).translate(_LEET), word)
            if unleet != word and unleet.isalpha():
                word = self._words.get(unleet, unleet)
        if not word.isalpha() and "*" not in word:
            return word
        if not self._is_known(word) and word.endswith("in") and self._is_known(word + "g"):
            return word + "g"  # "goin" -> "going", before typo correction can make it "gown"
        corrected = self._corrector.correct(word)  # it leaves real words alone itself
        if corrected:
            return self._words.get(corrected, corrected)  # "wnna" -> "wanna" -> "want to"
        return word

    def _collapse(self, word: str) -> str:
        """ "sooooo" -> "so", "killlll" -> "kill": two of a letter, or one if that is a word."""
        doubled = _RUN_OF_THREE.sub(r"\1\1", word)
        if self._is_known(doubled) or doubled in self._words:
            return doubled
        single = _RUN_OF_THREE.sub(r"\1", word)
        if self._is_known(single) or single in self._words:
            return single
        return doubled

    def _in_context(self, tokens: Sequence[str]) -> list[str]:
        """Corrections that are only right next to certain words ("an overdoes")."""
        out = list(tokens)
        for i, token in enumerate(out):
            previous = out[i - 1] if i > 0 else "<start>"
            following = out[i + 1] if i + 1 < len(out) else "."
            for entry in self._contextual.get(token, ()):
                after, before = entry.get("after", []), entry.get("before", [])
                unconditional = not after and not before
                if entry.get("both"):
                    applies = previous in after and following in before
                else:
                    applies = unconditional or previous in after or following in before
                if applies:
                    out[i] = str(entry["to"])
                    break
            if (
                self._no_before_ing
                and token == "no"
                and following.endswith("ing")
                and len(following) > 4
                and following not in _NOT_VERB_ING
            ):
                out[i] = "not"
        return " ".join(out).split()


def build_normaliser(
    config: Mapping[str, Any],
    table: Any,
    vocabulary: Iterable[str],
    lexicons: Iterable[Iterable[str]],
) -> Normaliser:
    """The normaliser for a patterns file, with "known word" meaning English or ours.

    `table` is spaCy's lemma lookup table, `vocabulary` the words the patterns use
    and `lexicons` the file's word lists. Known words are never "corrected"; the
    patterns' own words are what typos are corrected towards.
    """
    settings, fuzzy = config["normalise"], config["fuzzy"]
    own_words = set(vocabulary) | {w for entries in lexicons for e in entries for w in e.split()}
    known = set(table.values()) | english_words() | own_words | set(fuzzy["protected"])
    for table_name in ("words", "phrases"):
        for key, value in settings[table_name].items():
            known.update(str(key).split() + str(value).split())

    def is_known(word: str) -> bool:
        return word in known or word in table

    def is_weak(word: str) -> bool:
        """Only a key of the lookup table, which holds odd forms ("overdos")."""
        return word not in known

    targets = [*fuzzy["targets"], *(w for w in own_words if len(w) >= 4 and w.isalpha())]
    corrector = FuzzyCorrector(
        targets, is_known, fuzzy["min_length"], fuzzy["long_word"], is_weak=is_weak
    )
    return Normaliser(settings, is_known, corrector)
