"""Typo correction towards the crisis vocabulary, and nowhere else.

People in distress type fast: "sucidal", "kil myslef", "overdsoe". Correcting those
matters more than any other spelling, and correcting anything else only adds risk, so
the corrector knows the words the patterns use and refuses to touch a word that is
already a real word (that is what stops "fridge" becoming "bridge" or "kilt" becoming
"kill").

Candidates are found through a deletion index (the idea behind SymSpell): two words
within one edit of each other share a string with one letter deleted, so looking up a
word's deletions finds every near target without comparing against all of them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from functools import lru_cache
from itertools import combinations

from common.edit_distance import edit_distance


def _deletions(word: str, depth: int) -> set[str]:
    """The word itself and every string made by deleting up to `depth` letters."""
    found = {word}
    for count in range(1, depth + 1):
        for positions in combinations(range(len(word)), count):
            found.add("".join(c for i, c in enumerate(word) if i not in positions))
    return found


def _shared_prefix(a: str, b: str) -> int:
    count = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        count += 1
    return count


class FuzzyCorrector:
    """Maps an unknown word to the one crisis word it is most plausibly a typo of.

    `is_known` says whether a word is real English (or slang and Scots we list);
    known words are never changed, except that a word known only weakly (`is_weak`:
    spaCy's lookup table has odd keys like "overdos") may get its missing last letter.
    Short words are only corrected when the result is at least four letters long
    ("kil" -> "kill"), since three-letter real words sit one edit away from each other.
    Words of `long_word` letters or more may be two edits away.
    """

    def __init__(
        self,
        targets: Iterable[str],
        is_known: Callable[[str], bool],
        min_length: int = 3,
        long_word: int = 8,
        is_weak: Callable[[str], bool] | None = None,
    ) -> None:
        self._targets = tuple(sorted({t for t in targets if t.isalpha() and len(t) >= 3}))
        self._is_known = is_known
        self._is_weak = is_weak
        self._min_length = min_length
        self._long_word = long_word
        self._index: dict[str, set[str]] = {}
        for target in self._targets:
            for variant in _deletions(target, 2 if len(target) >= long_word else 1):
                self._index.setdefault(variant, set()).add(target)
        self.correct = lru_cache(maxsize=4096)(self._correct)

    def _correct(self, word: str) -> str | None:
        """The corrected word, or None when the word should be left alone."""
        if "*" in word:
            return self._uncensor(word)
        if len(word) < self._min_length or not word.isalpha():
            return None
        if self._is_known(word):
            # A weakly known word may still be a crisis word missing its last letter.
            if self._is_weak is not None and self._is_weak(word) and len(word) >= 5:
                endings = {
                    t for t in self._index.get(word, ())
                    if len(t) == len(word) + 1 and t.startswith(word)
                }
                return endings.pop() if len(endings) == 1 else None
            return None
        limit = 2 if len(word) >= self._long_word else 1
        candidates: set[str] = set()
        for variant in _deletions(word, limit):
            candidates |= self._index.get(variant, set())
        best: list[str] = []
        best_distance = limit + 1
        for target in sorted(candidates):
            if max(len(target), len(word)) < 4:
                continue
            allowed = min(limit, 2 if len(target) >= self._long_word else 1)
            distance = edit_distance(word, target, allowed)
            if distance < best_distance:
                best, best_distance = [target], distance
            elif distance == best_distance:
                best.append(target)
        if not best or best_distance > limit:
            return None
        if len(best) == 1:
            return best[0]

        # Equally near targets ("suicidel": suicidal or suicide; "wnat": want or what):
        # prefer swapped letters, then a slip of one letter over a missing or extra
        # one, then the longest shared beginning; give up if that still ties.
        def rank(target: str) -> tuple[int, int, int]:
            swapped = 0 if sorted(target) == sorted(word) else 1
            return swapped, abs(len(target) - len(word)), -_shared_prefix(target, word)

        first, second = sorted(best, key=rank)[:2]
        return None if rank(first) == rank(second) else first

    def _uncensor(self, word: str) -> str | None:
        """Reads self-censored spellings ("k*ll", "s*icide") when only one target fits."""
        if len(word) < 3 or len(word.replace("*", "")) < 2:
            return None
        pattern = re.compile("^" + re.escape(word).replace(r"\*", "[a-z]") + "$")
        found = [t for t in self._targets if pattern.match(t)]
        return found[0] if len(found) == 1 else None
